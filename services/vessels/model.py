"""The vessel as the registry knows it, and how identifiers from the feeds are normalised.

A boat is identified by its registration number (``QNg-90123-TS``). AIS only knows the MMSI and
VMS providers often only the device id, so both are linked to the registration number through
the registry; a boat seen on AIS but not registered is tracked as ``MMSI-<mmsi>`` until an
officer links it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated, Protocol

from pydantic import Field

__all__ = [
    "INCIDENT_SOURCE",
    "VESSEL_ID_PATTERN",
    "SeenFix",
    "Sighting",
    "StaticUpdate",
    "VesselId",
    "VesselRecord",
    "ascii_fold",
    "normalise_registration",
    "unregistered_id_for_device",
    "unregistered_id_for_mmsi",
]


class Sighting(Protocol):
    """A vessel seen on a feed at a time and place: what registering an unknown vessel needs.

    A wire ``PositionReport`` is one; the position flow hands in :class:`SeenFix` built from a
    vessel's tracked state (no wire model rebuilt for it).
    """

    @property
    def vessel_id(self) -> str: ...
    @property
    def ts(self) -> datetime: ...
    @property
    def lat(self) -> float | None: ...
    @property
    def lon(self) -> float | None: ...
    @property
    def source(self) -> str: ...
    @property
    def mmsi(self) -> int | None: ...


@dataclass(frozen=True, slots=True)
class SeenFix:
    """A plain :class:`Sighting`."""

    vessel_id: str
    ts: datetime
    lat: float | None
    lon: float | None
    source: str = "vms"
    mmsi: int | None = None


#: ``source`` of a vessel first named by an incident report rather than seen on a feed.
INCIDENT_SOURCE = "incident"


_SEPARATORS = re.compile(r"[\s_./]+")
# province prefixes of registration numbers whose usual spelling is not all capitals
_PROVINCE_CODES = {"qng": "QNg", "qna": "QNa", "bth": "BTh", "dna": "DNa"}
VESSEL_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:-]*$"
_VALID_ID = re.compile(VESSEL_ID_PATTERN)
#: A vessel id as messages carry it (the rule :func:`unregistered_id_for_device` checks).
VesselId = Annotated[str, Field(min_length=1, max_length=64, pattern=VESSEL_ID_PATTERN)]


def ascii_fold(text: str) -> str:
    """Drop Vietnamese diacritics (``Đ`` → ``D``) so identifiers stay ASCII, as the schema wants."""
    text = text.replace("Đ", "D").replace("đ", "d")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalise_registration(raw: str) -> str:
    """Canonical form of a registration number as typed by people or exported by providers.

    Spaces, dots, slashes and underscores become hyphens, diacritics are dropped (``BĐ`` →
    ``BD``) and the ``TS`` (fishing) suffix is upper-cased. The province code keeps its
    mixed case as written (``QNg`` and ``QN`` are different provinces); typed all in one case
    it takes the official form (``qng`` → ``QNg``).

    >>> normalise_registration(" qng 90123 ts ")
    'QNg-90123-TS'
    >>> normalise_registration("BĐ-96789-TS")
    'BD-96789-TS'

    Raises ``ValueError`` when nothing usable is left.
    """
    text = _SEPARATORS.sub("-", ascii_fold(raw).strip()).strip("-")
    text = re.sub(r"-{2,}", "-", text)
    if text.lower().endswith("-ts"):
        text = text[:-3] + "-TS"
    code, sep, rest = text.partition("-")
    if sep and code.isalpha() and (code.islower() or code.isupper()):
        text = _PROVINCE_CODES.get(code.lower(), code.upper()) + sep + rest
    if not text or len(text) > 64 or not _VALID_ID.match(text):
        raise ValueError(f"số đăng ký không hợp lệ: {raw!r}")
    return text


def unregistered_id_for_mmsi(mmsi: int) -> str:
    """Vessel id of an AIS vessel not in the registry."""
    return f"MMSI-{mmsi}"


def unregistered_id_for_device(device_id: str) -> str:
    """Vessel id of a VMS device not linked to a registered boat: ``VMS-<device id>``."""
    device = normalise_registration(device_id)
    return device if device.upper().startswith("VMS-") else f"VMS-{device}"


@dataclass(frozen=True, slots=True)
class VesselRecord:
    """One boat of the provincial registry (a CSV row, or a row of the ``vessels`` table)."""

    vessel_id: str
    name: str | None = None
    mmsi: int | None = None
    vms_device_id: str | None = None
    owner: str | None = None
    owner_phone: str | None = None
    home_port: str | None = None
    province: str | None = None
    length_m: float | None = None
    crew_count: int | None = None
    high_risk: bool = False
    call_sign: str | None = None
    registered: bool = True
    captain: str | None = None  # who is aboard, and his phone: the duty desk's first call
    captain_phone: str | None = None
    radio: str | None = None  # e.g. "Icom IC-718 (HF)"


@dataclass(frozen=True, slots=True)
class StaticUpdate:
    """Name and call sign broadcast by a vessel (AIS types 5 and 24) to copy into the registry."""

    mmsi: int
    vessel_id: str
    msg_type: int
    name: str | None = None
    call_sign: str | None = None
    ship_type: int | None = None
    extra: dict[str, object] = field(default_factory=dict)

    def as_json(self) -> dict[str, object]:
        """The dry-run line: ``{"type": "static", ...}``."""
        data: dict[str, object] = {
            "type": "static",
            "msg_type": self.msg_type,
            "mmsi": self.mmsi,
            "vessel_id": self.vessel_id,
        }
        for key in ("name", "call_sign", "ship_type"):
            value = getattr(self, key)
            if value is not None:
                data[key] = value
        data.update(self.extra)
        return data
