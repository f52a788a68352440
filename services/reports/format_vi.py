"""Vietnamese number, date and country formatting as the department's reports write them.

Counts are at least two digits ("09", "07"), thousands are grouped with a dot ("9.514"),
decimals use a comma ("97,4%"), dates read "31/7/2021", and countries use the names a
provincial report uses ("Trung Quốc", not "CN").
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from services.vocabulary import COUNTRY_NAMES_VI, normalize_country

__all__ = [
    "COUNTRY_NAMES_VI",
    "UNKNOWN_COUNTRY",
    "country_code",
    "country_name",
    "format_count",
    "format_date",
    "format_number",
    "format_percent",
]

UNKNOWN_COUNTRY = "??"


def country_code(value: str | None) -> str:
    """Normalise a country code (alpha-2 or alpha-3, any case); ``??`` when unknown."""
    if not value or not value.strip():
        return UNKNOWN_COUNTRY
    return normalize_country(value)


def country_name(code: str) -> str:
    """The Vietnamese name of a country code; unknown codes are shown as they are."""
    code = country_code(code)
    if code == UNKNOWN_COUNTRY:
        return "chưa xác định"
    return COUNTRY_NAMES_VI.get(code, code)


def format_number(value: int) -> str:
    """``9514`` → ``9.514``: thousands grouped with dots."""
    sign = "-" if value < 0 else ""
    return sign + f"{abs(value):,}".replace(",", ".")


def format_count(value: int) -> str:
    """A count as the reports write it: two digits at least (``09``), dots past a thousand."""
    if 0 <= value < 10:
        return f"{value:02d}"
    return format_number(value)


def format_percent(numerator: int, denominator: int, digits: int = 1) -> str:
    """``791/812`` → ``97,4%`` (half-up rounding, decimal comma); ``denominator`` must be > 0."""
    if denominator <= 0:
        raise ValueError("a percentage needs a positive denominator")
    ratio = Decimal(numerator) * 100 / Decimal(denominator)
    quantum = Decimal(1).scaleb(-digits) if digits > 0 else Decimal(1)
    rounded = ratio.quantize(quantum, rounding=ROUND_HALF_UP)
    whole, _, frac = f"{rounded:f}".partition(".")
    text = format_number(int(whole))
    return f"{text},{frac}%" if frac else f"{text}%"


def format_date(day: date) -> str:
    """``date(2021, 7, 1)`` → ``01/7/2021``, the form used in administrative documents."""
    return f"{day.day:02d}/{day.month}/{day.year}"
