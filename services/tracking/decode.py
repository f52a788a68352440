"""Decode position records from the wire into columns, rejecting what cannot be used.

A record is ``{"positions": [fix, ...]}`` (see :mod:`streams.records`). Valid fixes come back
as parallel columns ready for the vectorised classifier; every invalid fix or record comes back
as a :class:`Reject` with a human-readable reason, for the dead-letter topic.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from pydantic import BaseModel, TypeAdapter, ValidationError

from streams.records import PositionReport

__all__ = ["FixColumns", "Reject", "decode_position_records"]

_BATCH = TypeAdapter(list[PositionReport])


class _WireBatch(BaseModel):
    positions: list[PositionReport]


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
    def from_reports(cls, reports: list[PositionReport]) -> FixColumns:
        nan = float("nan")
        return cls(
            vessel_id=[r.vessel_id for r in reports],
            ts=np.fromiter((r.ts.timestamp() for r in reports), float, len(reports)),
            lat=np.fromiter((r.lat for r in reports), float, len(reports)),
            lon=np.fromiter((r.lon for r in reports), float, len(reports)),
            speed_kn=np.fromiter(
                (nan if r.speed_kn is None else r.speed_kn for r in reports), float, len(reports)
            ),
            course_deg=np.fromiter(
                (nan if r.course_deg is None else r.course_deg % 360.0 for r in reports), float, len(reports)
            ),
            source=[r.source for r in reports],
        )


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


def decode_position_records(records: Iterable[bytes | str | dict[str, Any]]) -> tuple[FixColumns, list[Reject]]:
    """Decode many records at once; never raises on bad input."""
    rejects: list[Reject] = []
    fixes: list[Any] = []
    reports: list[PositionReport] = []
    for raw in records:
        if isinstance(raw, bytes | str):
            try:  # fast path: parse and validate in one pass (pydantic-core)
                reports.extend(_WireBatch.model_validate_json(raw).positions)
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
    if fixes:
        reports.extend(_validate(fixes, rejects))
    return FixColumns.from_reports(reports), rejects
