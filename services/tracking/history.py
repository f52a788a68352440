"""Track-history rows of a batch, kept as columns.

Every fix goes to history, so a dict per fix (built by the tracker, taken apart again by the
database writer) was a measurable share of the per-fix cost. The tracker appends columns here;
the writer turns them into DBAPI parameter tuples in one ``zip``; tests and the ORM fallback
still iterate over plain row dicts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

__all__ = ["HISTORY_COLUMNS", "HistoryRows"]

HISTORY_COLUMNS = (
    "vessel_id", "ts", "lat", "lon", "speed_kn", "course_deg", "source", "risk", "flag",
)  # fmt: skip


class HistoryRows:
    """Columns of history rows; ``ts`` in epoch seconds (UTC), NaN-free (``None`` instead)."""

    __slots__ = HISTORY_COLUMNS

    def __init__(self) -> None:
        for name in HISTORY_COLUMNS:
            setattr(self, name, [])

    def __len__(self) -> int:
        return len(self.vessel_id)  # type: ignore[attr-defined]

    def append(
        self, vessel_id: str, ts: float, lat: float, lon: float, speed_kn: float | None,
        course_deg: float | None, source: str, risk: str | None, flag: str | None,
    ) -> None:  # fmt: skip
        self.vessel_id.append(vessel_id)  # type: ignore[attr-defined]
        self.ts.append(ts)  # type: ignore[attr-defined]
        self.lat.append(lat)  # type: ignore[attr-defined]
        self.lon.append(lon)  # type: ignore[attr-defined]
        self.speed_kn.append(speed_kn)  # type: ignore[attr-defined]
        self.course_deg.append(course_deg)  # type: ignore[attr-defined]
        self.source.append(source)  # type: ignore[attr-defined]
        self.risk.append(risk)  # type: ignore[attr-defined]
        self.flag.append(flag)  # type: ignore[attr-defined]

    def extend(self, columns: dict[str, Sequence[Any]]) -> None:
        """Append many rows given as equally long columns (all of :data:`HISTORY_COLUMNS`)."""
        for name in HISTORY_COLUMNS:
            getattr(self, name).extend(columns[name])

    def rows(self) -> Iterator[dict[str, Any]]:
        """Row dicts as the ORM takes them (``ts`` an aware datetime)."""
        cols = [getattr(self, name) for name in HISTORY_COLUMNS]
        for values in zip(*cols, strict=True):
            row = dict(zip(HISTORY_COLUMNS, values, strict=True))
            row["ts"] = datetime.fromtimestamp(row["ts"], UTC)
            yield row

    __iter__ = rows

    def __eq__(self, other: object) -> bool:
        if isinstance(other, HistoryRows | list):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def columns(self, convert_ts: Callable[[float], Any]) -> list[list[Any]]:
        """The columns in :data:`HISTORY_COLUMNS` order, ``ts`` as ``convert_ts`` makes it.

        ``convert_ts`` is the database adapter's: it takes epoch seconds and returns what its
        driver stores. A batch carries few distinct times compared with its fixes, so each one
        is converted once (and identically: the unique index on vessel and time must see the
        same value whichever path wrote it).
        """
        cache: dict[float, Any] = {}
        stamps = []
        for t in self.ts:  # type: ignore[attr-defined]
            value = cache.get(t)
            if value is None:
                value = cache[t] = convert_ts(t)
            stamps.append(value)
        cols = [getattr(self, name) for name in HISTORY_COLUMNS]
        cols[1] = stamps
        return cols

    def tuples(self, convert_ts: Callable[[float], Any]) -> list[tuple[Any, ...]]:
        """Parameter tuples in :data:`HISTORY_COLUMNS` order (see :meth:`columns`)."""
        return list(zip(*self.columns(convert_ts), strict=True))
