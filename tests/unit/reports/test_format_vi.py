from __future__ import annotations

from datetime import date

import pytest

from services.reports.format_vi import (
    country_code,
    country_name,
    format_count,
    format_date,
    format_number,
    format_percent,
)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0, "00"),
        (1, "01"),
        (9, "09"),
        (10, "10"),
        (23, "23"),
        (791, "791"),
        (9514, "9.514"),
        (1_234_567, "1.234.567"),
    ],
)
def test_counts_have_two_digits_and_dot_thousands(value: int, text: str) -> None:
    assert format_count(value) == text


def test_plain_numbers_keep_single_digits() -> None:
    assert format_number(7) == "7"
    assert format_number(-9514) == "-9.514"


@pytest.mark.parametrize(
    ("num", "den", "text"),
    [
        (791, 812, "97,4%"),
        (1, 3, "33,3%"),
        (2, 3, "66,7%"),
        (812, 812, "100,0%"),
        (1, 8, "12,5%"),
        (0, 5, "0,0%"),
        (9514, 10000, "95,1%"),
        (199990, 2000, "9.999,5%"),
        (199999, 2000, "10.000,0%"),
    ],
)
def test_percent_uses_decimal_comma(num: int, den: int, text: str) -> None:
    assert format_percent(num, den) == text


def test_percent_rounds_half_up() -> None:
    assert format_percent(1, 8, digits=0) == "13%"  # 12.5 -> 13, not banker's 12
    assert format_percent(1, 40) == "2,5%"


def test_percent_refuses_empty_denominator() -> None:
    with pytest.raises(ValueError):
        format_percent(1, 0)


def test_country_codes_fold_alpha3_and_case() -> None:
    assert country_code("IDN") == country_code("id") == "ID"
    assert country_code(" chn ") == "CN"
    assert country_code(None) == country_code("") == "??"
    assert country_name("CN") == "Trung Quốc"
    assert country_name("MYS") == "Malaysia"
    assert country_name("XX") == "XX"


def test_dates_read_day_month_year() -> None:
    assert format_date(date(2021, 7, 1)) == "01/7/2021"
    assert format_date(date(2021, 12, 31)) == "31/12/2021"
