"""Errors of the consular-case domain.

Hierarchy::

    CaseError                 base of every error raised by services.cases
    ├── RuleViolation         a business rule refuses the change (HTTP 422)
    ├── NotFound              the case, member, person or event does not exist (HTTP 404)
    └── Conflict              the change clashes with stored data, e.g. a taken ID (HTTP 409)

Adapters translate these; the domain never raises HTTP errors itself.
"""

from __future__ import annotations

__all__ = ["CaseError", "Conflict", "NotFound", "RuleViolation"]


class CaseError(Exception):
    """Base of the case domain's errors.

    ``reason`` is the cause in English (logs, dead letters); ``reason_vi`` says it to the
    officer in Vietnamese (the API's ``detail``, the page). Every raise in the domain gives both.
    """

    def __init__(self, reason: str, vi: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.reason_vi = vi or reason


class RuleViolation(CaseError):
    """A timeline or case rule forbids the change."""


class NotFound(CaseError):
    """Something referred to does not exist."""


class Conflict(CaseError):
    """The change would contradict stored data (e.g. a national ID already in use)."""
