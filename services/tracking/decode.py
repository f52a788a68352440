"""Decode position records from the wire into columns, rejecting what cannot be used.

A record is ``{"positions": [fix, ...]}`` (see :mod:`streams.records`). Valid fixes come back
as parallel columns ready for the vectorised classifier; every invalid fix or record comes back
as a :class:`Reject` with a human-readable reason, for the dead-letter topic.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Annotated, Any, NotRequired

import numpy as np
from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError
from typing_extensions import TypedDict

from streams.records import PositionReport

__all__ = ["FixColumns", "Reject", "decode_position_records"]

_BATCH = TypeAdapter(list[PositionReport])
_NAN = float("nan")


class _WireBatch(BaseModel):
    positions: list[PositionReport]


# The hot path: PositionReport's own fields and constraints as a TypedDict, validated entirely in
# pydantic-core (no Python validator per field and fix, no model instance per fix: finiteness is
# the config, UTC is applied when the columns are built). It accepts a subset of what
# PositionReport accepts; a record it rejects goes through PositionReport itself, which gives
# the reasons for the dead letters.
def _fast_wire_type() -> Any:
    fields: dict[str, Any] = {}
    for name, info in PositionReport.model_fields.items():
        kind = Annotated[info.annotation, info]  # type: ignore[name-defined]
        fields[name] = kind if info.is_required() else NotRequired[kind]  # type: ignore[valid-type]
    fix: Any = TypedDict("_FastFix", fields)  # type: ignore[misc]
    fix.__pydantic_config__ = ConfigDict(allow_inf_nan=False)  # type: ignore[attr-defined]
    wire: Any = TypedDict("_FastWire", {"positions": list[fix]})  # type: ignore[misc, name-match]
    return wire


_FAST_WIRE: TypeAdapter[Any] = TypeAdapter(_fast_wire_type())
_DEFAULT_SOURCE = PositionReport.model_fields["source"].default


def _epoch_s(value: datetime) -> float:
    return (value if value.tzinfo is not None else value.replace(tzinfo=UTC)).timestamp()


@dataclass(frozen=True, slots=True)
class Reject:
    reason: str
    payload: str


@dataclass(slots=True)
class FixColumns:
    """Valid fixes as columns (NaN where speed/course are unknown)."""

    vessel_id: list[str] = field(default_factory=list)
    ts: np.ndarray = field(default_factory=lambda: np.empty(0))  # epoch seconds, UTC
    lat: np.ndarray = field(default_factory=lambda: np.empty(0))
    lon: np.ndarray = field(default_factory=lambda: np.empty(0))
    speed_kn: np.ndarray = field(default_factory=lambda: np.empty(0))
    course_deg: np.ndarray = field(default_factory=lambda: np.empty(0))
    source: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.vessel_id)

    @classmethod
    def from_reports(cls, reports: Sequence[PositionReport]) -> FixColumns:
        """Columns from validated reports."""
        return cls._build(
            [r.vessel_id for r in reports], [r.ts for r in reports], [r.lat for r in reports],
            [r.lon for r in reports], [r.speed_kn for r in reports],
            [r.course_deg for r in reports], [r.source for r in reports],
        )  # fmt: skip

    @classmethod
    def _from_fast(cls, fixes: list[dict[str, Any]]) -> FixColumns:
        return cls._build(
            [f["vessel_id"] for f in fixes], [f["ts"] for f in fixes], [f["lat"] for f in fixes],
            [f["lon"] for f in fixes], [f.get("speed_kn") for f in fixes],
            [f.get("course_deg") for f in fixes], [f.get("source", _DEFAULT_SOURCE) for f in fixes],
        )  # fmt: skip

    @classmethod
    def _build(
        cls, vessel_id: list[str], ts: list[datetime], lat: list[float], lon: list[float],
        speed_kn: list[float | None], course_deg: list[float | None], source: list[str],
    ) -> FixColumns:  # fmt: skip
        course = np.array([_NAN if c is None else c for c in course_deg], float)
        return cls(
            vessel_id=vessel_id,
            ts=np.array([_epoch_s(t) for t in ts], float),
            lat=np.array(lat, float),
            lon=np.array(lon, float),
            speed_kn=np.array([_NAN if v is None else v for v in speed_kn], float),
            course_deg=np.mod(course, 360.0),
            source=source,
        )

    def _concat(self, other: FixColumns) -> FixColumns:
        if not len(other):
            return self
        if not len(self):
            return other
        return FixColumns(
            self.vessel_id + other.vessel_id, np.concatenate([self.ts, other.ts]),
            np.concatenate([self.lat, other.lat]), np.concatenate([self.lon, other.lon]),
            np.concatenate([self.speed_kn, other.speed_kn]),
            np.concatenate([self.course_deg, other.course_deg]), self.source + other.source,
        )  # fmt: skip


def _reason(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors()[:3]:
        loc = ".".join(str(x) for x in err.get("loc", ()))
        parts.append(f"{loc}: {err.get('msg')}" if loc else str(err.get("msg")))
    return "invalid position report — " + "; ".join(parts)


def _validate(fixes: list[Any], rejects: list[Reject]) -> list[PositionReport]:
    try:
        return _BATCH.validate_python(fixes)
    except ValidationError:
        pass
    good: list[PositionReport] = []
    for fix in fixes:
        try:
            good.append(PositionReport.model_validate(fix))
        except ValidationError as exc:
            rejects.append(Reject(_reason(exc), json.dumps(fix, default=str, ensure_ascii=False)))
    return good


def decode_position_records(
    records: Iterable[bytes | str | dict[str, Any]],
) -> tuple[FixColumns, list[Reject]]:
    """Decode many records at once; never raises on bad input."""
    rejects: list[Reject] = []
    fixes: list[Any] = []
    fast: list[dict[str, Any]] = []
    for raw in records:
        if isinstance(raw, bytes | str):
            try:  # fast path: parse and validate in one pass (pydantic-core)
                fast.extend(_FAST_WIRE.validate_json(raw)["positions"])
                continue
            except ValidationError:
                pass  # fall through to find out which fixes are bad, and why
        if isinstance(raw, dict):
            body: Any = raw
        else:
            text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
            try:
                body = json.loads(text)
            except ValueError as exc:
                rejects.append(Reject(f"malformed JSON: {exc}", text[:10_000]))
                continue
        if isinstance(body, dict) and isinstance(body.get("positions"), list):
            fixes.extend(body["positions"])
        elif isinstance(body, dict) and "vessel_id" in body:
            fixes.append(body)  # a single bare report is accepted too
        else:
            payload = json.dumps(body, default=str, ensure_ascii=False)[:10_000]
            rejects.append(Reject("not a position record: expected {'positions': [...]}", payload))
    columns = FixColumns._from_fast(fast)
    if fixes:
        columns = columns._concat(FixColumns.from_reports(_validate(fixes, rejects)))
    return columns, rejects
