"""Whose boat is it: the flag a vessel id implies, for telling a transshipment from a foreign meet.

Registered boats (``QNg-90123-TS``) and VMS devices are Vietnamese by construction (Vietnam's
VMS is for Vietnamese fishing boats). An AIS vessel not in the registry is ``MMSI-<mmsi>``; its
Maritime Identification Digits (the first three) give the flag. MIDs from the ITU's table
(ITU-R, "Maritime Identification Digits (MID)",
https://www.itu.int/en/ITU-R/terrestrial/fmd/Pages/mid.aspx): only the neighbours' are
needed here; any other MID is "foreign" without a name.
"""

from __future__ import annotations

import re

__all__ = ["MID_COUNTRY", "flag_of"]

MID_COUNTRY: dict[str, str] = {
    "574": "VN",
    "412": "CN", "413": "CN", "414": "CN",
    "416": "TW",
    "525": "ID",
    "533": "MY",
    "548": "PH",
    "567": "TH",
    "514": "KH", "515": "KH",
    "508": "BN",
    "563": "SG", "564": "SG", "565": "SG", "566": "SG",
}  # fmt: skip

_REGISTRATION = re.compile(r"^[A-Za-z]{1,4}-\d{3,6}(-TS)?$")


def flag_of(vessel_id: str) -> str | None:
    """ISO alpha-2 flag of a vessel id, ``"??"`` for a foreign MID not listed, None if unknown.

    >>> flag_of("QNg-90123-TS"), flag_of("MMSI-574001234"), flag_of("MMSI-412345678")
    ('VN', 'VN', 'CN')
    """
    if vessel_id.startswith("MMSI-"):
        digits = vessel_id[5:]
        if len(digits) != 9 or not digits.isdigit():
            return None
        return MID_COUNTRY.get(digits[:3], "??")
    if vessel_id.upper().startswith("VMS-") or _REGISTRATION.match(vessel_id):
        return "VN"
    return None
