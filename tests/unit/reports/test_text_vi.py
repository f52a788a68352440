from __future__ import annotations

from datetime import UTC, date, datetime

from services.reports.counts import compute_counts
from services.reports.facts import IncidentFact, StatusEvent, VesselFact
from services.reports.period import Period
from services.reports.text_vi import (
    incident_lines,
    monitoring_paragraph,
    period_label,
    protection_paragraph,
    render_text,
    vms_sentence,
)
from services.vocabulary import CaseKind, Status
from tests.unit.reports.scenario import ISSUED_FIRST_AT, JULY_PARAGRAPH, july_2021

JULY = Period.month(2021, 7)
T0 = datetime(2021, 1, 1, tzinfo=UTC)


def detained(n: int, country: str, on: date, case: str, start: int = 0) -> list[StatusEvent]:
    return [
        StatusEvent(f"{case}-{i}", f"{case}-p{i}", case, Status.DETAINED, on, T0, country)
        for i in range(start, start + n)
    ]


def test_july_2021_paragraph_word_for_word() -> None:
    story = july_2021()
    events, incidents = story.facts()
    counts = compute_counts(JULY, events, incidents, story.alerts, story.vessels)
    assert protection_paragraph(counts) == JULY_PARAGRAPH
    # the issue quotes it with an elision: every quoted piece is in our paragraph, in order
    quoted = (
        "Toàn tỉnh không có tàu và ngư dân bị nước ngoài bắt giữ; tuy nhiên, có 01 tàu cá bị "
        "nước ngoài ngăn cản, lấy tài sản. … Trong tháng, có 09 ngư dân bị Trung Quốc bắt giữ về "
        "nước. Tính đến thời điểm hiện tại, toàn tỉnh vẫn còn 23 ngư dân đang bị các nước bắt "
        "giữ (Indonesia: 13, Malaysia: 07, Trung Quốc: 03)."
    )
    assert quoted.replace(" … ", " ") == JULY_PARAGRAPH


def test_first_issue_of_july_differs_before_the_late_records() -> None:
    story = july_2021()
    events, incidents = story.facts()
    counts = compute_counts(JULY, events, incidents, as_of=ISSUED_FIRST_AT)
    assert protection_paragraph(counts).startswith(
        "Toàn tỉnh có 01 ngư dân bị Malaysia bắt giữ; không có tàu cá bị nước ngoài ngăn cản, "
        "lấy tài sản. "
    )


def test_zero_month_says_khong_co() -> None:
    counts = compute_counts(Period.month(2019, 3))
    assert protection_paragraph(counts) == (
        "Toàn tỉnh không có tàu và ngư dân bị nước ngoài bắt giữ, ngăn cản, lấy tài sản. "
        "Trong tháng, không có ngư dân bị nước ngoài bắt giữ về nước. "
        "Tính đến thời điểm hiện tại, toàn tỉnh không còn ngư dân nào đang bị nước ngoài bắt giữ."
    )
    assert "không ghi nhận tàu cá nào" in monitoring_paragraph(counts)
    assert vms_sentence(counts).startswith("Chưa có dữ liệu")
    assert all(line.endswith(": không có.") for line in incident_lines(counts))


def test_countries_by_descending_count_with_breakdown() -> None:
    events = (
        detained(3, "MY", date(2021, 7, 2), "a")
        + detained(12, "ID", date(2021, 7, 9), "b")
        + detained(1, "THA", date(2021, 7, 20), "c")
    )
    incidents = [
        IncidentFact("a", CaseKind.DETENTION, "MY", date(2021, 7, 2), T0, ("v1",), 3),
        IncidentFact("b", CaseKind.BOAT_SEIZED, "ID", date(2021, 7, 9), T0, ("v2", "v3"), 12),
        IncidentFact("c", CaseKind.DETENTION, "TH", date(2021, 7, 20), T0, ("v4",), 1),
    ]
    text = protection_paragraph(compute_counts(JULY, events, incidents))
    assert text.startswith(
        "Toàn tỉnh có 04 tàu cá và 16 ngư dân bị nước ngoài bắt giữ (Indonesia: 02 tàu/12 ngư "
        "dân, Malaysia: 01 tàu/03 ngư dân, Thái Lan: 01 tàu/01 ngư dân); không có tàu cá"
    )
    assert text.endswith(
        "toàn tỉnh vẫn còn 16 ngư dân đang bị các nước bắt giữ "
        "(Indonesia: 12, Malaysia: 03, Thái Lan: 01)."
    )


def test_one_country_is_named_and_releases_waiting_are_told() -> None:
    release = StatusEvent("r", "a-p0", "a", Status.RELEASED, date(2021, 7, 3), T0, "CN")
    events = [*detained(2, "CN", date(2021, 5, 2), "a"), release]
    robbery = IncidentFact("x", CaseKind.ROBBERY, "CN", date(2021, 7, 5), T0, ("v9",), 6)
    text = protection_paragraph(compute_counts(JULY, events, [robbery]))
    assert text == (
        "Toàn tỉnh không có tàu và ngư dân bị nước ngoài bắt giữ; tuy nhiên, có 01 tàu cá bị "
        "nước ngoài ngăn cản, lấy tài sản. Trong tháng, không có ngư dân bị nước ngoài bắt giữ "
        "về nước. Có 01 ngư dân được Trung Quốc trả tự do, đang chờ về nước. Tính đến thời điểm "
        "hiện tại, toàn tỉnh vẫn còn 01 ngư dân đang bị Trung Quốc bắt giữ."
    )


def test_incident_lines_use_vu_tau_lao_dong() -> None:
    incidents = [
        IncidentFact(f"d{i}", CaseKind.DISTRESS, "PH", date(2021, 7, 1 + i), T0, vessels, people)
        for i, (vessels, people) in enumerate([(("v1", "v2"), 9), (("v3",), 6), (("v4", "v5"), 7)])
    ]
    lines = incident_lines(compute_counts(JULY, incidents=incidents))
    assert "Cứu hộ, cứu nạn tàu cá gặp nạn: 03 vụ/05 tàu cá/22 lao động." in lines
    assert lines[-1] == "Tổng cộng: 03 vụ/05 tàu cá/22 lao động."


def test_vms_sentence_uses_vietnamese_separators() -> None:
    vessels = [VesselFact(f"v{i}", 16.0, i < 9600, i < 9514) for i in range(9800)]
    text = vms_sentence(compute_counts(JULY, vessels=vessels))
    assert text == (
        "Toàn tỉnh có 9.514 tàu cá đã lắp thiết bị giám sát hành trình và duy trì kết nối trên "
        "tổng số 9.800 tàu cá có chiều dài từ 15 m trở lên (đạt 97,1%); 86 tàu đã lắp thiết bị "
        "nhưng mất kết nối trong kỳ."
    )


def test_range_wording_and_title() -> None:
    rng = Period(date(2021, 7, 1), date(2021, 7, 15))
    assert period_label(rng) == "từ ngày 01/7/2021 đến ngày 15/7/2021"
    text = render_text(compute_counts(rng), province="Quảng Ngãi")
    assert "Trong kỳ báo cáo, không có" in text.protection
    assert render_text(compute_counts(JULY), "Quảng Ngãi").title == (
        "Công tác bảo hộ ngư dân tỉnh Quảng Ngãi tháng 7/2021"
    )
