"""Roles and the permission matrix, in one place so routes and docs cannot drift apart.

===================  =========  ============  ===============  =====  =======
action               viewer     border_guard  foreign_affairs  admin  API key
===================  =========  ============  ===============  =====  =======
read tracking/cases  yes        yes           yes              yes    no
see ID and phone     no         no            yes              yes    no
POST positions       no         yes           no               yes    yes
POST incidents       no         yes           yes              yes    yes
consular writes      no         no            yes              yes    no
users, keys, audit   no         no            no               yes    no
===================  =========  ============  ===============  =====  =======
"""

from __future__ import annotations

from services.vocabulary import Role

__all__ = [
    "ALL_ROLES",
    "CASE_READ",
    "CASE_WRITE",
    "INCIDENT_WRITE",
    "POSITION_WRITE",
    "SEES_PERSONAL_DATA",
    "SEES_VESSEL_CONTACTS",
    "TRACKING_READ",
    "USER_ADMIN",
    "Role",
]


ALL_ROLES = frozenset(Role)
TRACKING_READ = ALL_ROLES
CASE_READ = ALL_ROLES
POSITION_WRITE = frozenset({Role.BORDER_GUARD, Role.ADMIN})
INCIDENT_WRITE = frozenset({Role.BORDER_GUARD, Role.FOREIGN_AFFAIRS, Role.ADMIN})
CASE_WRITE = frozenset({Role.FOREIGN_AFFAIRS, Role.ADMIN})
SEES_PERSONAL_DATA = frozenset({Role.FOREIGN_AFFAIRS, Role.ADMIN})
# Who to call about a boat at risk (owner, captain, their phones): the desks that act on alerts.
# The border-guard duty officer's first step is calling the owner, so the guard sees them; a
# read-only viewer does not.
SEES_VESSEL_CONTACTS = frozenset({Role.BORDER_GUARD, Role.FOREIGN_AFFAIRS, Role.ADMIN})
USER_ADMIN = frozenset({Role.ADMIN})
