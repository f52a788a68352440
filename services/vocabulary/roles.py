"""The roles users sign in with: the two desks alerts are addressed to, plus two more."""

from __future__ import annotations

from enum import StrEnum

from services.vocabulary.alerts import Audience

__all__ = ["Role"]


class Role(StrEnum):
    """A user's role: each desk (an :class:`Audience`), the administrator and the viewer.

    What each may do is :mod:`services.auth.roles`' permission matrix.
    """

    BORDER_GUARD = Audience.BORDER_GUARD.value
    FOREIGN_AFFAIRS = Audience.FOREIGN_AFFAIRS.value
    ADMIN = "admin"
    VIEWER = "viewer"
