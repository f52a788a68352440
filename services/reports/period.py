"""Reporting periods in local (Asia/Ho_Chi_Minh) dates.

The department counts by the calendar of the province, not UTC: an alert raised at 18:30 UTC
on 31 July belongs to August. Periods are closed date ranges ``[start, end]`` of local dates;
timestamps are converted with :func:`local_date` before they are compared.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from services.reports.errors import InvalidPeriod
from services.vocabulary import VN_TZ

__all__ = ["Period", "local_date", "parse_period"]

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def local_date(ts: datetime) -> date:
    """The Vietnamese calendar date of ``ts`` (naive timestamps are taken to be UTC)."""
    if ts.tzinfo is None:
        ts = ts.replace(tzinfo=UTC)
    return ts.astimezone(VN_TZ).date()


@dataclass(frozen=True, slots=True)
class Period:
    """A closed range of local dates; ``is_month`` when it is exactly one calendar month."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise InvalidPeriod(f"period ends ({self.end}) before it starts ({self.start})")

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        if not 1 <= month <= 12 or not 1900 <= year <= 9999:
            raise InvalidPeriod(f"no such month: {year}-{month:02d}")
        last = calendar.monthrange(year, month)[1]
        return cls(date(year, month, 1), date(year, month, last))

    @property
    def is_month(self) -> bool:
        return (
            self.start.day == 1
            and self.start.year == self.end.year
            and self.start.month == self.end.month
            and self.end.day == calendar.monthrange(self.end.year, self.end.month)[1]
        )

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def start_utc(self) -> datetime:
        """The first instant of the period, as an aware UTC datetime (for SQL filters)."""
        return datetime.combine(self.start, time(0), VN_TZ).astimezone(UTC)

    @property
    def end_utc(self) -> datetime:
        """The first instant *after* the period, as an aware UTC datetime (exclusive bound)."""
        return datetime.combine(self.end + timedelta(days=1), time(0), VN_TZ).astimezone(UTC)

    @property
    def key(self) -> str:
        """``2021-07`` for a month, ``2021-07-01..2021-07-15`` otherwise."""
        if self.is_month:
            return f"{self.start.year:04d}-{self.start.month:02d}"
        return f"{self.start.isoformat()}..{self.end.isoformat()}"


def _parse_day(text: str, what: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise InvalidPeriod(f"{what} must be a date like 2021-07-31, got {text!r}") from exc


def parse_period(
    month: str | None = None, start: str | None = None, end: str | None = None
) -> Period:
    """Build a period from ``--month 2021-07`` or ``--from``/``--to`` (either may be open).

    A ``from`` without ``to`` runs to the end of that month; a ``to`` without ``from`` starts
    on the first of its month; both together with ``month`` are refused as ambiguous.
    """
    if month and (start or end):
        raise InvalidPeriod("give either a month or a from/to range, not both")
    if month:
        match = _MONTH.match(month.strip())
        if not match:
            raise InvalidPeriod(f"month must look like 2021-07, got {month!r}")
        return Period.month(int(match.group(1)), int(match.group(2)))
    if not start and not end:
        raise InvalidPeriod("a month (2021-07) or a from/to date range is required")
    first = _parse_day(start, "from") if start else None
    last = _parse_day(end, "to") if end else None
    if first is None:
        assert last is not None
        first = last.replace(day=1)
    if last is None:
        last = Period.month(first.year, first.month).end
    return Period(first, last)
