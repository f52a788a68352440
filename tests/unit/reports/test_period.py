from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from services.reports.errors import InvalidPeriod, ReportError
from services.reports.period import Period, local_date, parse_period


def test_month_bounds_are_vietnam_midnights() -> None:
    dec = Period.month(2020, 12)
    jan = Period.month(2021, 1)
    assert (dec.start, dec.end) == (date(2020, 12, 1), date(2020, 12, 31))
    assert dec.end_utc == jan.start_utc == datetime(2020, 12, 31, 17, tzinfo=UTC)
    assert jan.end_utc == datetime(2021, 1, 31, 17, tzinfo=UTC)
    assert Period.month(2024, 2).end == date(2024, 2, 29)


def test_local_date_turns_at_17_utc() -> None:
    assert local_date(datetime(2020, 12, 31, 16, 59, 59, tzinfo=UTC)) == date(2020, 12, 31)
    assert local_date(datetime(2020, 12, 31, 17, 0, tzinfo=UTC)) == date(2021, 1, 1)
    assert local_date(datetime(2020, 12, 31, 17, 0)) == date(2021, 1, 1)  # naive = UTC


def test_parse_month_and_ranges() -> None:
    assert parse_period("2021-07") == Period.month(2021, 7)
    assert parse_period("2021-07").is_month and parse_period("2021-07").key == "2021-07"
    rng = parse_period(start="2021-07-01", end="2021-07-15")
    assert not rng.is_month and rng.key == "2021-07-01..2021-07-15"
    assert parse_period(start="2021-07-10") == Period(date(2021, 7, 10), date(2021, 7, 31))
    assert parse_period(end="2021-07-10") == Period(date(2021, 7, 1), date(2021, 7, 10))
    assert parse_period(start="2021-07-01", end="2021-07-31").is_month


@pytest.mark.parametrize(
    ("month", "start", "end"),
    [
        ("2021-13", None, None),
        ("2021-7", None, None),
        ("july", None, None),
        (None, None, None),
        ("2021-07", "2021-07-01", None),
        (None, "2021-07-31", "2021-07-01"),
        (None, "2021-02-30", None),
    ],
)
def test_bad_periods_are_domain_errors(
    month: str | None, start: str | None, end: str | None
) -> None:
    with pytest.raises(InvalidPeriod) as err:
        parse_period(month, start, end)
    assert isinstance(err.value, ReportError) and str(err.value)
