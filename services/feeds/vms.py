"""VMS exports (JSON lines and CSV) to position reports.

Vietnam's VMS providers export one row per fix with the boat's registration number, the
device id, the UTC time, latitude, longitude, speed (knots) and course (degrees); column names
differ between providers and sometimes are Vietnamese (``so_dang_ky``, ``vi_do``…), so a few
aliases are accepted. A naive time is taken as UTC (that is what the exports contain); a time
with an offset (``+07:00``) is converted. A row the tracker cannot trust becomes a
:class:`~services.feeds.common.Reject` with its line number and reason.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from pydantic import ValidationError

from services.feeds.common import FeedItem, Reject
from services.vessels.directory import VesselDirectory
from services.vessels.model import ascii_fold
from streams.records import PositionReport

__all__ = ["VMS_FIELDS", "decode_vms_csv", "decode_vms_json", "parse_vms_time", "vms_report"]

VMS_FIELDS: dict[str, tuple[str, ...]] = {
    "registration": ("registration", "registration_number", "reg_no", "vessel_id", "so_dang_ky"),
    "device_id": ("device_id", "device", "imei", "terminal_id", "ma_thiet_bi"),
    "mmsi": ("mmsi", "ssvid"),  # Global Fishing Watch exports call the MMSI "ssvid"
    "ts": ("ts", "utc_time", "time", "timestamp", "datetime", "gps_time", "thoi_gian"),
    "lat": ("lat", "latitude", "vi_do"),
    "lon": ("lon", "lng", "long", "longitude", "kinh_do"),
    "speed": ("speed_kn", "speed", "sog", "toc_do"),
    "course": ("course_deg", "course", "cog", "huong"),
}
_LOOKUP = {alias: canonical for canonical, aliases in VMS_FIELDS.items() for alias in aliases}
_TIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M")


@lru_cache(maxsize=1024)
def _key(name: str) -> str:
    return "_".join(ascii_fold(str(name)).strip().lower().replace("-", " ").split())


def _epoch(value: float) -> datetime:
    try:
        return datetime.fromtimestamp(value, UTC)
    except (OverflowError, OSError, ValueError):
        raise ValueError(f"time out of range: {value}") from None


def _text_time(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        pass
    for fmt in _TIME_FORMATS:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    raise ValueError(f"unreadable time: {text!r}")


def parse_vms_time(value: Any) -> datetime:
    """UTC time of a VMS cell: ISO 8601, ``Y-m-d H:M:S``, ``d/m/Y H:M:S`` or epoch seconds."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _epoch(float(value))
    text = str(value).strip()
    if not text:
        raise ValueError("missing time")
    if text.replace(".", "", 1).isdigit():
        return _epoch(float(text))
    parsed = _text_time(text)
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _number(value: Any, what: str) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError(f"{what} is not a number: {value!r}")
    if isinstance(value, str):
        text = value.strip()
        if "," in text and "." not in text:
            text = text.replace(",", ".")  # decimal comma
        value = text
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{what} is not a number: {value!r}") from None
    if not math.isfinite(number):
        raise ValueError(f"{what} is not finite")
    return number


def vms_report(row: Mapping[str, Any], directory: VesselDirectory | None = None) -> PositionReport:
    """One VMS row (any accepted column names) as a position report; ``ValueError`` says why not."""
    fields: dict[str, Any] = {}
    for name, value in row.items():
        canonical = _LOOKUP.get(_key(name))
        if canonical is not None and canonical not in fields:
            fields[canonical] = value
    directory = directory if directory is not None else VesselDirectory()
    registration = fields.get("registration")
    device = fields.get("device_id")
    mmsi_text = str(fields.get("mmsi") or "").strip()
    if registration is None and device is None and mmsi_text.isdigit():
        vessel_id = directory.for_mmsi(int(mmsi_text))
    else:
        vessel_id = directory.for_vms(
            str(registration) if registration is not None else None,
            str(device) if device is not None else None,
        )
    if "ts" not in fields:
        raise ValueError("missing time")
    ts = parse_vms_time(fields["ts"])
    lat, lon = _number(fields.get("lat"), "lat"), _number(fields.get("lon"), "lon")
    if lat is None or lon is None:
        raise ValueError("missing lat/lon")
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        raise ValueError(f"impossible coordinates: lat {lat}, lon {lon}")
    speed = _number(fields.get("speed"), "speed")
    if speed is not None and not 0.0 <= speed <= 102.2:
        raise ValueError(f"impossible speed: {speed} kn")
    course = _number(fields.get("course"), "course")
    if course is not None and not 0.0 <= course <= 360.0:
        raise ValueError(f"impossible course: {course}°")
    try:
        return PositionReport(
            vessel_id=vessel_id,
            ts=ts,
            lat=lat,
            lon=lon,
            speed_kn=speed,
            course_deg=course,
            source="vms",
        )
    except ValidationError as exc:
        raise ValueError(f"invalid position: {exc.errors()[0]['msg']}") from None


def decode_vms_json(
    lines: Iterable[str | bytes], directory: VesselDirectory | None = None
) -> Iterator[FeedItem]:
    """JSON lines: one object per line; blank lines are skipped."""
    directory = directory if directory is not None else VesselDirectory()
    for line_no, raw in enumerate(lines, start=1):
        text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
        text = text.strip().lstrip("\ufeff")
        if not text:
            continue
        try:
            row = json.loads(text)
        except json.JSONDecodeError as exc:
            yield Reject(line_no, text, f"invalid JSON: {exc.msg}")
            continue
        if not isinstance(row, dict):
            yield Reject(line_no, text, "not a JSON object")
            continue
        try:
            yield vms_report(row, directory)
        except ValueError as exc:
            yield Reject(line_no, text, str(exc))


def decode_vms_csv(
    lines: Iterable[str], directory: VesselDirectory | None = None
) -> Iterator[FeedItem]:
    """CSV with a header row; comma or semicolon separated (detected from the header)."""
    directory = directory if directory is not None else VesselDirectory()
    iterator = iter(lines)
    header_line = next(iterator, None)
    if header_line is None:
        return
    header_line = header_line.lstrip("\ufeff")
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    header = next(csv.reader([header_line], delimiter=delimiter))
    known = {_LOOKUP.get(_key(h)) for h in header} - {None}
    missing = {"ts", "lat", "lon"} - known
    if missing or not known & {"registration", "device_id", "mmsi"}:
        need = sorted(missing) or ["registration, device_id or mmsi"]
        yield Reject(1, header_line.strip(), f"CSV header lacks {', '.join(need)}")
        return
    for line_no, raw in enumerate(iterator, start=2):
        if not raw.strip():
            continue
        values = next(csv.reader([raw], delimiter=delimiter))
        if len(values) != len(header):
            yield Reject(line_no, raw.strip(), f"expected {len(header)} columns, got {len(values)}")
            continue
        try:
            yield vms_report(dict(zip(header, values, strict=True)), directory)
        except ValueError as exc:
            yield Reject(line_no, raw.strip(), str(exc))
