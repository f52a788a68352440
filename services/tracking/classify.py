"""Bridge from the vectorised geo classifier to the tracker: one call per batch of fixes.

The tracker reads geo's :class:`~geo.Classification` as it comes (numpy arrays, risk as
:attr:`RiskLevel.code <services.vocabulary.RiskLevel.code>` in ``int8``): no per-fix
conversion to names and back. Names are looked up with :data:`RISK_NAMES` where text is
needed (history rows, alert decisions of the few vessels that walk the state machine).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from services.tracking.fixes import FixColumns
from services.vocabulary import BY_CODE, RiskLevel

if TYPE_CHECKING:
    from geo import Classification, ZoneSet

__all__ = ["RISK_CODES", "RISK_NAMES", "classify_fixes"]

#: Wire name of each risk code: ``RISK_NAMES[codes]`` names a whole column at once.
RISK_NAMES = np.array([level.value for level in BY_CODE], dtype=object)
#: Code of each wire name (the state keeps the announced level by name).
RISK_CODES: dict[str, int] = {level.value: level.code for level in RiskLevel}


def classify_fixes(
    fixes: FixColumns, warning_nm: float, horizon_min: float, zones: ZoneSet
) -> Classification:
    """Classify every fix of the batch against ``zones`` in one vectorised call."""
    import geo

    return geo.classify(
        fixes.lon,
        fixes.lat,
        speed_kn=fixes.speed_kn,
        course_deg=fixes.course_deg,
        zones=zones,
        warning_nm=warning_nm,
        horizon_min=horizon_min,
    )
