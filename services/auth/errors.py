"""Errors of access control.

Hierarchy::

    AuthError                 base of every error raised by services.auth
    ├── InvalidCredentials    wrong username/password, bad or expired token, unknown key (401)
    ├── Forbidden             authenticated, but the role may not do this (403)
    └── InvalidUserData       a user or key cannot be created as asked (422)
"""

from __future__ import annotations

__all__ = ["AuthError", "Forbidden", "InvalidCredentials", "InvalidUserData"]


class AuthError(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class InvalidCredentials(AuthError):
    """Authentication failed; the reason is kept vague on purpose towards clients."""


class Forbidden(AuthError):
    """The principal is known but lacks the role."""


class InvalidUserData(AuthError):
    """E.g. a password too short, an unknown role, a taken username."""
