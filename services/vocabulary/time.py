"""Time words: the Vietnam time zone and the one way an instant is made UTC.

Vietnam keeps no daylight saving today, but the zone has changed its offset in the past
(+8 until 1975 in the south), so dates of old events are computed with the IANA zone, never
with a fixed ``+07:00``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

__all__ = ["VN_TZ", "utc", "vn_date"]

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def utc(value: datetime) -> datetime:
    """Return ``value`` as an aware UTC datetime (naive input is taken to be UTC).

    >>> utc(datetime(2024, 1, 1, 7, tzinfo=VN_TZ)).hour
    0
    """
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def vn_date(moment: datetime) -> date:
    """The calendar date in Vietnam of an instant (naive input is taken as UTC).

    >>> vn_date(datetime(2024, 1, 31, 18, tzinfo=UTC))
    datetime.date(2024, 2, 1)
    """
    return utc(moment).astimezone(VN_TZ).date()
