"""Whose boat is it: the flag a vessel id implies, for telling a transshipment from a foreign meet.

Registered boats (``QNg-90123-TS``) and VMS devices are Vietnamese by construction (Vietnam's
VMS is for Vietnamese fishing boats). An AIS vessel not in the registry is ``MMSI-<mmsi>``; its
Maritime Identification Digits (the first three) give the flag, from the vocabulary's one MID
table (:mod:`services.vocabulary.mmsi`, the ITU's); an MID it does not list is "foreign"
without a name (``"??"``).
"""

from __future__ import annotations

import re

from services.vocabulary import flag_of_mmsi

__all__ = ["flag_of"]


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
        return flag_of_mmsi(int(digits)) or "??"
    if vessel_id.upper().startswith("VMS-") or _REGISTRATION.match(vessel_id):
        return "VN"
    return None
