"""Whose boat is it: the fleet of interest, its flag and which silence ladder it walks.

Seawatch watches Vietnamese boats: the provincial registry and any MMSI with Vietnam's MID
(574). Only they get the boundary rules ("a Vietnamese boat in foreign waters") and the dark
rules. A foreign vessel is never "a Vietnamese boat in foreign waters"; a *foreign fishing
vessel inside Vietnam's waters* is an intrusion for the border guard, with the flag its MMSI
gives; a foreign merchant ship is nobody's concern here.

Which ladder (Decree 26/2019/NĐ-CP Art. 44 as amended by Decree 37/2024/NĐ-CP: VMS on boats of
15 m and over): a registered boat with a VMS device (or reporting through a VMS provider) and
15 m or more, or of unknown length, walks the VMS ladder ("mất kết nối"); AIS-only and smaller
boats the AIS ladder (a lower-severity "AIS gap").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from services.vocabulary import HOME_COUNTRY, flag_of_mmsi

__all__ = ["FISHING_SHIP_TYPES", "VMS_MIN_LENGTH_M", "Fleet", "Standing", "VesselFacts",
           "mmsi_of_id"]  # fmt: skip

VMS_MIN_LENGTH_M = 15.0
FISHING_SHIP_TYPES = frozenset({30})  # AIS ship and cargo type 30: fishing


@dataclass(frozen=True, slots=True)
class VesselFacts:
    """What the registry knows of a vessel (``registered`` False: seen on a feed only)."""

    registered: bool = True
    mmsi: int | None = None
    vms_device_id: str | None = None
    length_m: float | None = None
    ship_type: int | None = None  # AIS type, from static messages


@dataclass(frozen=True, slots=True)
class Standing:
    of_interest: bool
    flag: str | None  # ISO alpha-2; None when the MID is unknown
    ladder: str | None  # "vms", "ais" or None (not watched for silences)
    fishing: bool | None = None  # None: unknown


def mmsi_of_id(vessel_id: str) -> int | None:
    """The MMSI in an unregistered AIS vessel's id (``MMSI-574123456``)."""
    if vessel_id.startswith("MMSI-") and vessel_id[5:].isdigit():
        return int(vessel_id[5:])
    return None


class Fleet:
    """Standing of each vessel, from the registry's facts (a mapping the worker refreshes)."""

    def __init__(self, facts: Mapping[str, VesselFacts] | None = None) -> None:
        self.facts: Mapping[str, VesselFacts] = facts or {}
        self._memo: dict[tuple[str, str], Standing] = {}

    def update(self, facts: Mapping[str, VesselFacts]) -> None:
        self.facts = facts
        self._memo.clear()

    def standing(self, vessel_id: str, source: str = "vms") -> Standing:
        key = (vessel_id, source)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = standing_of(vessel_id, source, self.facts.get(vessel_id))
            if len(self._memo) > 200_000:
                self._memo.clear()
        return found


def standing_of(vessel_id: str, source: str, facts: VesselFacts | None) -> Standing:
    """The rules of this module for one vessel.

    >>> standing_of("MMSI-219000001", "ais", None).of_interest
    False
    >>> standing_of("QNg-90123-TS", "vms", VesselFacts(length_m=17.0)).ladder
    'vms'
    """
    mmsi = facts.mmsi if facts is not None and facts.mmsi else mmsi_of_id(vessel_id)
    fishing = None
    if facts is not None and facts.ship_type is not None:
        fishing = facts.ship_type in FISHING_SHIP_TYPES
    if facts is not None and facts.registered:
        has_vms = bool(facts.vms_device_id) or source == "vms"
        long_enough = facts.length_m is None or facts.length_m >= VMS_MIN_LENGTH_M
        return Standing(True, HOME_COUNTRY, "vms" if has_vms and long_enough else "ais", True)
    if mmsi is not None:
        flag = flag_of_mmsi(mmsi)
        if flag == HOME_COUNTRY:
            return Standing(True, flag, "ais", fishing)
        return Standing(False, flag, None, fishing)
    # a registration number or a VMS device not (yet) in the registry: a Vietnamese boat
    return Standing(True, HOME_COUNTRY, "vms" if source == "vms" else "ais", True)
