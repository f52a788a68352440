"""Vietnamese alert texts: wording, diacritics and Vietnamese number formats."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime

import pytest

from services.tracking import messages_vi as vi

V = "QNg-90123-TS"


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (3.2, 1, "3,2"),
        (9514.0, 0, "9.514"),
        (1234567.891, 2, "1.234.567,89"),
        (0.0, 1, "0,0"),
        (12.0, 3, "12,000"),
        (-4.75, 1, "-4,8"),
    ],
)
def test_numbers_use_dot_for_thousands_and_comma_for_decimals(
    value: float, decimals: int, text: str
) -> None:
    assert vi.fmt_number_vi(value, decimals) == text


def test_imminent_reads_as_the_example_in_the_brief() -> None:
    text = vi.imminent(V, "Indonesia", 3.2, 8.0, 195.0, 24.0)
    assert text == (
        "Tàu QNg-90123-TS cách ranh giới vùng biển Indonesia 3,2 hải lý, hướng 195°, "
        "8 hải lý/giờ — dự kiến vượt ranh giới sau 24 phút."
    )


def test_imminent_never_says_zero_minutes() -> None:
    assert vi.imminent(V, "Malaysia", 0.1, 9.0, 10.0, 0.2).endswith("sau 1 phút.")


def test_approaching_with_and_without_motion() -> None:
    assert vi.approaching(V, "Malaysia", 4.96, 7.5, 359.6) == (
        "Tàu QNg-90123-TS cách ranh giới vùng biển Malaysia 5,0 hải lý, hướng 0°, 7,5 hải lý/giờ."
    )
    assert vi.approaching(V, None, 2.0, None, None) == (
        "Tàu QNg-90123-TS cách ranh giới vùng biển nước ngoài 2,0 hải lý."
    )
    assert vi.approaching(V, "Thái Lan", 2.0, None, 90.0).endswith("2,0 hải lý, hướng 90°.")


def test_inside_foreign_names_zone_and_position() -> None:
    text = vi.inside_foreign(V, "Indonesia", "eez", 5.6, 107.6, 6.0, 200.0)
    assert text.startswith(
        "Tàu QNg-90123-TS đã vào vùng biển Indonesia (vùng đặc quyền kinh tế), "
        "vị trí 05°36'N – 107°36'E, hướng 200°, 6 hải lý/giờ."
    )
    assert "đưa tàu ra khỏi vùng biển nước ngoài ngay" in text
    assert "(lãnh hải)" in vi.inside_foreign(
        V, "Malaysia", "territorial_sea", 5.0, 112.0, None, None
    )
    assert "(" not in vi.inside_foreign(V, None, None, 5.0, 112.0, None, None)


def test_disputed_and_back_safe() -> None:
    assert vi.disputed(V, 15.15, 117.75, 8.0, 90.0, "bãi cạn Scarborough") == (
        "Tàu QNg-90123-TS đang ở khu vực bãi cạn Scarborough, vị trí 15°09'N – 117°45'E, "
        "hướng 90°, 8 hải lý/giờ; nguy cơ bị lực lượng nước ngoài bắt giữ, xua đuổi."
    )
    assert "khu vực vùng biển chồng lấn, vị trí 16°24'N – 111°42'E" in vi.disputed(
        V, 16.4, 111.7, 8.0, 90.0
    )
    assert vi.back_safe(V, "Indonesia", 12.34) == (
        "Tàu QNg-90123-TS đã trở lại vùng biển an toàn, "
        "cách ranh giới vùng biển Indonesia 12,3 hải lý."
    )
    assert vi.back_safe(V, None, None) == "Tàu QNg-90123-TS đã trở lại vùng biển an toàn."


def test_dark_texts_escalate_with_the_silence_and_use_vietnam_time() -> None:
    last = datetime(2026, 5, 1, 17, 30, tzinfo=UTC).timestamp()  # 00:30 on 2 May in Vietnam
    six = vi.dark(V, 6.0, last, 10.5, 110.25)
    assert six.startswith(
        "Tàu QNg-90123-TS mất kết nối hơn 6 giờ; lần cuối lúc 00:30 ngày 02/05/2026, "
        "vị trí 10°30'N – 110°15'E."
    )
    assert "6 giờ một lần" in six
    day = vi.dark(V, 24.0, last, 10.5, 110.25)
    assert "hơn 24 giờ" in day and "liên hệ chủ tàu" in day
    ten = vi.dark(V, 240.0, last, 10.5, 110.25)
    assert "hơn 10 ngày" in ten and "Nghị định 26/2019/NĐ-CP" in ten


def test_signal_restored() -> None:
    assert (
        vi.signal_restored(V, 7.5)
        == "Tàu QNg-90123-TS đã có tín hiệu trở lại sau 7,5 giờ mất tín hiệu."
    )


def test_southern_and_western_positions() -> None:
    assert "vị trí 01°30'S – 010°00'W" in vi.disputed(V, -1.5, -10.0, None, None)


def test_every_text_is_nfc_with_real_diacritics() -> None:
    texts = [
        vi.approaching(V, "Indonesia", 3.2, 8.0, 195.0),
        vi.imminent(V, "Indonesia", 3.2, 8.0, 195.0, 24.0),
        vi.inside_foreign(V, "Indonesia", "disputed", 5.6, 107.6, 6.0, 200.0),
        vi.disputed(V, 16.4, 111.7, 8.0, 90.0),
        vi.back_safe(V, "Indonesia", 9.0),
        vi.dark(V, 6.0, 0.0, 10.0, 110.0),
        vi.signal_restored(V, 7.0),
    ]
    for text in texts:
        assert unicodedata.is_normalized("NFC", text)
        assert text.startswith("Tàu ")  # "Tàu" with its grave accent, not "Tau"
        assert any(ord(ch) > 0x7F for ch in text.removeprefix("Tàu "))
