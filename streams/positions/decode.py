"""Decode position records from the wire into columns, rejecting what cannot be used.

A record is ``{"positions": [fix, ...]}`` (see :mod:`streams.records`). Valid fixes come back
as parallel columns ready for the vectorised classifier; every invalid fix or record comes back
as a :class:`Reject` with a human-readable reason, for the dead-letter topic.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any

import msgspec
import numpy as np
from pydantic import BaseModel, TypeAdapter, ValidationError

from services.tracking.fixes import FixColumns, wire_position, wire_positions
from services.vessels.model import VesselId
from streams.records import PositionReport

__all__ = ["EMPTY_BATCH", "Reject", "columns_from_reports", "decode_position_records"]

_BATCH = TypeAdapter(list[PositionReport])
_NAN = float("nan")


class _WireBatch(BaseModel):
    positions: list[PositionReport]


# The hot path: msgspec decodes and range-checks a record's fixes in C, straight into slotted
# structs (1.3 µs a fix here; pydantic's own JSON validation of the same was 1.7 µs, and taking
# its dicts apart into columns cost 2.6 µs more). It accepts a subset of what PositionReport
# accepts, with the same values: the numeric and length constraints below are PositionReport's
# (tests/unit/tracking/test_decode_parity.py compares them field by field and feeds both
# decoders the same odd inputs), the vessel id pattern and the time are checked by PositionReport's
# own validators, once per distinct value. A record the fast path refuses goes through
# PositionReport itself, which gives the reasons for the dead letters.
class _WireFix(msgspec.Struct):
    vessel_id: Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
    ts: str
    lat: Annotated[float, msgspec.Meta(ge=-90.0, le=90.0)]
    lon: Annotated[float, msgspec.Meta(ge=-180.0, le=180.0)]
    speed_kn: Annotated[float, msgspec.Meta(ge=0.0, le=102.2)] | None = None
    course_deg: Annotated[float, msgspec.Meta(ge=0.0, le=360.0)] | None = None
    source: Annotated[str, msgspec.Meta(max_length=16)] = "vms"
    mmsi: Annotated[int, msgspec.Meta(ge=0, le=999_999_999)] | None = None


class _Wire(msgspec.Struct):
    positions: list[_WireFix]


_FAST = msgspec.json.Decoder(_Wire)
_VESSEL_ID: TypeAdapter[str] = TypeAdapter(VesselId)
_TS: TypeAdapter[datetime] = TypeAdapter(datetime)


class _Checked:
    """Vessel ids and times already validated (by PositionReport's rules), bounded in size."""

    limit = 200_000

    def __init__(self) -> None:
        self.ids: set[str] = set()
        self.ts: dict[str, float] = {}

    def epochs(self, fixes: list[_WireFix]) -> list[float] | None:
        """Epoch seconds of each fix's time, or None if one id or time is not valid."""
        ids, cache = self.ids, self.ts
        if len(ids) > self.limit:
            ids.clear()
        if len(cache) > self.limit:
            cache.clear()
        out: list[float] = []
        for fix in fixes:
            vid, text = fix.vessel_id, fix.ts
            if vid not in ids:
                try:
                    _VESSEL_ID.validate_python(vid)
                except ValidationError:
                    return None
                ids.add(vid)
            epoch = cache.get(text)
            if epoch is None:
                try:
                    epoch = cache[text] = _epoch_s(_TS.validate_python(text))
                except ValidationError:
                    return None
            out.append(epoch)
        return out


_CHECKED = _Checked()


def _epoch_s(value: datetime) -> float:
    return (value if value.tzinfo is not None else value.replace(tzinfo=UTC)).timestamp()


@dataclass(frozen=True, slots=True)
class Reject:
    reason: str
    payload: str
    record: int = -1  # index of the record it came from in the decoded list (-1: unknown)


EMPTY_BATCH = "empty batch: the record holds no positions"


def columns_from_reports(reports: Sequence[PositionReport]) -> FixColumns:
    """Columns from validated reports."""
    course = np.array([_NAN if r.course_deg is None else r.course_deg for r in reports], float)
    return FixColumns(
        vessel_id=[r.vessel_id for r in reports],
        ts=np.array([_epoch_s(r.ts) for r in reports], float),
        lat=np.array([r.lat for r in reports], float),
        lon=np.array([r.lon for r in reports], float),
        speed_kn=np.array([_NAN if r.speed_kn is None else r.speed_kn for r in reports], float),
        course_deg=np.mod(course, 360.0),
        source=[r.source for r in reports],
    )


def _columns_from_wire(
    fixes: list[_WireFix], epochs: list[float], wire: list[np.ndarray] | None = None
) -> FixColumns:
    course = np.array([f.course_deg for f in fixes], float)  # None becomes NaN
    return FixColumns(
        wire=np.concatenate(wire) if wire else np.empty(0, np.int64),
        vessel_id=[f.vessel_id for f in fixes],
        ts=np.array(epochs, float),
        lat=np.array([f.lat for f in fixes], float),
        lon=np.array([f.lon for f in fixes], float),
        speed_kn=np.array([f.speed_kn for f in fixes], float),
        course_deg=np.mod(course, 360.0),
        source=[f.source for f in fixes],
    )


def _reason(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors()[:3]:
        loc = ".".join(str(x) for x in err.get("loc", ()))
        parts.append(f"{loc}: {err.get('msg')}" if loc else str(err.get("msg")))
    return "invalid position report — " + "; ".join(parts)


def _validate(
    fixes: list[Any], wire: list[int], record: list[int], rejects: list[Reject]
) -> tuple[list[PositionReport], list[int]]:
    try:
        return _BATCH.validate_python(fixes), wire
    except ValidationError:
        pass
    good: list[PositionReport] = []
    good_wire: list[int] = []
    for fix, pos, rec in zip(fixes, wire, record, strict=True):
        try:
            good.append(PositionReport.model_validate(fix))
            good_wire.append(pos)
        except ValidationError as exc:
            payload = json.dumps(fix, default=str, ensure_ascii=False)
            rejects.append(Reject(_reason(exc), payload, rec))
    return good, good_wire


def decode_position_records(
    records: Iterable[bytes | str | dict[str, Any]], offsets: Sequence[int] | None = None
) -> tuple[FixColumns, list[Reject]]:
    """Decode many records at once; never raises on bad input.

    ``offsets`` (each record's Kafka offset) give every fix its wire position and every
    reject the record it came from; an empty batch is a reject too, so it leaves a trace.
    """
    rejects: list[Reject] = []
    fixes: list[Any] = []
    slow_wire: list[int] = []
    slow_record: list[int] = []
    fast: list[_WireFix] = []
    epochs: list[float] = []
    fast_wire: list[np.ndarray] = []  # per record: its fixes' wire positions
    for n, raw in enumerate(records):
        offset = offsets[n] if offsets is not None else -1
        if isinstance(raw, bytes | str):
            try:  # fast path: parse and check in one pass (msgspec), then ids and times
                wire = _FAST.decode(raw).positions
            except msgspec.DecodeError:
                wire = None
            stamps = _CHECKED.epochs(wire) if wire is not None else None
            if wire is not None and stamps is not None and wire:
                fast.extend(wire)
                epochs.extend(stamps)
                fast_wire.append(wire_positions(offset, len(wire)))
                continue
            # fall through to find out which fixes are bad, and why
        if isinstance(raw, dict):
            body: Any = raw
        else:
            text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
            try:
                body = json.loads(text)
            except ValueError as exc:
                rejects.append(Reject(f"malformed JSON: {exc}", text[:10_000], n))
                continue
        if isinstance(body, dict) and isinstance(body.get("positions"), list):
            batch = body["positions"]
            if not batch:
                rejects.append(Reject(EMPTY_BATCH, json.dumps(body, ensure_ascii=False), n))
            fixes.extend(batch)
            slow_wire.extend(wire_position(offset, j) for j in range(len(batch)))
            slow_record.extend([n] * len(batch))
        elif isinstance(body, dict) and "vessel_id" in body:
            fixes.append(body)  # a single bare report is accepted too
            slow_wire.append(wire_position(offset, 0))
            slow_record.append(n)
        else:
            payload = json.dumps(body, default=str, ensure_ascii=False)[:10_000]
            reason = "not a position record: expected {'positions': [...]}"
            rejects.append(Reject(reason, payload, n))
    columns = _columns_from_wire(fast, epochs, fast_wire)
    if fixes:
        good, good_wire = _validate(fixes, slow_wire, slow_record, rejects)
        slow = columns_from_reports(good)
        slow.wire = np.array(good_wire, np.int64)
        columns = columns.concat(slow)
    return columns, rejects
