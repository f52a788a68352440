"""The month's IUU figures and their section, over a month of stored data with its traps.

The rules: Decree 26/2019/NĐ-CP Art. 44 as amended by Decree 37/2024/NĐ-CP (a VMS boat that
loses connection reports its position by other means every 6 hours and is back in port within
10 days). The wording is modelled on provincial figures as the press printed them (sources in
``services/reports/iuu_text.py``): Nam Định's "386 lượt/ 14 tàu … mất tín hiệu kết nối trên 6
giờ trên biển" and "trên 10 ngày … 35 lượt/31 tàu" (thuonghieucongluan.com.vn, 2024), Quảng
Trị's "mất kết nối … quá 6 giờ … không thực hiện việc thông báo vị trí theo quy định" (nld.com.vn,
29/11/2025), the Prime Minister's "vượt ranh giới cho phép khai thác trên biển" (danviet.vn).

The month is November 2026 in Vietnam time (UTC+7): from 31/10 17:00 UTC to 30/11 17:00 UTC.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

import pytest

from services.reports.iuu import (
    Crossing,
    IuuFigures,
    ManualReport,
    VesselLine,
    iuu_figures,
    silences_from,
)
from services.reports.iuu_text import iuu_section
from services.reports.period import Period
from services.vocabulary import VN_TZ

NOV = Period.month(2026, 11)
START, END = NOV.start_utc, NOV.end_utc
H = timedelta(hours=1)


def vn(month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A Vietnam wall-clock time, as the UTC instant stored."""
    return datetime(2026, month, day, hour, minute, tzinfo=VN_TZ).astimezone(UTC)


Row = tuple[str, str, datetime, str | None]


def silence(
    vessel: str, last: datetime, steps: Mapping[str, float], back: float | None
) -> list[Row]:
    """Alert rows of one silence: each step at its hour after the last fix, then the return."""
    rows: list[Row] = [(k, vessel, last + h * H, last.isoformat()) for k, h in steps.items()]
    if back is not None:
        rows.append(("SIGNAL_RESTORED", vessel, last + back * H, last.isoformat()))
    return rows


A, B, C, D, E, F, G = (f"QNg-9000{i}-TS" for i in range(1, 8))
K, L, M, N, OB = "QNg-90008-TS", "QNg-90009-TS", "QNg-90010-TS", "QNg-90011-TS", "QNg-90012-TS"
HB, JB, IB, PB, QB = "QNg-90013-TS", "QNg-90014-TS", "QNg-90015-TS", "QNg-90016-TS", "QNg-90017-TS"
LADDER = {"DARK": 6, "DARK_24H": 24, "DARK_10D": 240}


def alert_rows() -> list[Row]:
    rows: list[Row] = []
    # A: two silences in the month, the first answered by reports at 5 h and 11 h
    rows += silence(A, vn(11, 5, 8), {"DARK": 6}, 14)
    rows += silence(A, vn(11, 20, 10), {"DARK": 6, "DARK_24H": 24}, 30)
    # B: a timely and a late copy of the same step, and a reminder: one silence
    b = vn(11, 12)
    rows += silence(B, b, {"DARK": 6}, 13)
    rows += [("DARK", B, b + 6 * H, b.isoformat()), ("DARK", B, b + 12 * H, b.isoformat())]
    # C: the same loss seen on two feeds (last fixes an hour apart): merged, one silence 15 h
    rows += silence(C, vn(11, 15, 6), {"DARK": 6}, 14)
    rows += silence(C, vn(11, 15, 7), {"DARK": 6}, 14)
    # D: a province's 5 h step, back at 5.5 h: never silent past 6 h
    rows += silence(D, vn(11, 8, 3), {"DARK": 5}, 5.5)
    # E: an AIS gap (not the VMS rule) and a return with no lost step: no silence
    e = vn(11, 9)
    rows += [("AIS_GAP", E, e + 6 * H, e.isoformat()), ("SIGNAL_RESTORED", E, e + 7 * H,
                                                         e.isoformat())]  # fmt: skip
    # F: 11 days silent, back on 12/11: lost and not back in port within 10 days
    rows += silence(F, vn(11, 1, 10), LADDER, 264)
    # G: 9 days silent: lost, in port within 10 days
    rows += silence(G, vn(11, 3), {"DARK": 6, "DARK_24H": 24}, 216)
    # K: its 6 h mark at 23:30 on 30/11 (Vietnam): November's
    rows += silence(K, vn(11, 30, 17, 30), {"DARK": 6}, 9.5)
    # L: its 6 h mark at 00:30 on 1/12: December's, though its last fix is in November
    rows += silence(L, vn(11, 30, 18, 30), {"DARK": 6}, 7.5)
    # M: lost on 28/10, back on 2/11 at noon: runs into November
    rows += silence(M, vn(10, 28, 12), {"DARK": 6, "DARK_24H": 24}, 120)
    # N: lost and back on 31/10 (back at 23:00 Vietnam time = 16:00 UTC): October's
    rows += silence(N, vn(10, 31, 10), {"DARK": 6}, 13)
    # OB: still silent at the month's end, five days and 18 hours after its last fix
    rows += silence(OB, vn(11, 25, 6), {"DARK": 6, "DARK_24H": 24}, None)
    return rows


def reports() -> list[ManualReport]:
    a = vn(11, 5, 8)
    return [
        ManualReport(A, a + 5 * H), ManualReport(A, a + 11 * H),
        ManualReport(B, vn(11, 12) + 3 * H),
        ManualReport(F, vn(11, 1, 10) + 7 * H),
        ManualReport(G, vn(11, 20)),  # after G's silence ended: not a report of it
    ]  # fmt: skip


def crossings() -> list[Crossing]:
    return [
        Crossing(HB, vn(11, 4, 9), "MY"), Crossing(HB, vn(11, 18, 2), "MY"),  # once
        Crossing(JB, vn(11, 30, 23, 30), "ID"),  # the last half hour of November
        Crossing(IB, vn(10, 31, 23, 30), "ID"),  # October (16:30 UTC on 31/10)
        Crossing(PB, START, "MY"),  # the first instant of November
    ]  # fmt: skip


def registry() -> list[VesselLine]:
    return [
        VesselLine(A, 16.0, "D-A", reporting=True),
        VesselLine(A, 16.0, "D-A", reporting=True),  # the same boat twice: once
        VesselLine(B, 20.0, "D-B", reporting=True),
        VesselLine(C, 18.0, "D-C", reporting=False),  # fitted, sent nothing this month
        VesselLine(F, 24.0, None),
        VesselLine(QB, 15.0, None),
        VesselLine("QNg-90018-TS", 12.0, None),  # under 15 m: not the rule's
        VesselLine("QNg-90019-TS", 20.0, None, registered=False),
        VesselLine("QNg-90020-TS", None, None),  # length unknown
    ]  # fmt: skip


def figures(rows: list[Row] | None = None, until: datetime | None = None) -> IuuFigures:
    return iuu_figures(START, END, silences_from(rows or alert_rows()), reports(), crossings(),
                       registry(), until=until)  # fmt: skip


def test_the_month_boundary_is_vietnam_midnight() -> None:
    assert datetime(2026, 10, 31, 17, tzinfo=UTC) == START
    assert datetime(2026, 11, 30, 17, tzinfo=UTC) == END


def test_each_figure_counts_each_boat_once() -> None:
    f = figures()
    assert f.vessel_ids("lost_6h") == [F, G, OB, M, A, C, B, K]  # longest silence first
    assert (f.lost_6h_boats, f.lost_6h_silences) == (8, 9)  # A twice; B, C once each
    assert sorted(f.vessel_ids("lost_6h_unreported")) == sorted([A, C, G, K, M, OB])
    # reports due at each 6 h mark in November / answered in the 6 h before it:
    # A 2+5 / 2, B 2 / 1, C 2 / 0, F 44 / 1, G 36 / 0, K 1 / 0, M 7 (from 1/11 00:00) / 0,
    # OB 22 / 0 (its 23rd mark is 00:00 on 1/12: December's)
    assert (f.reports_required, f.reports_received) == (121, 4)
    assert f.vessel_ids("not_back_10d") == [F]
    assert f.vessel_ids("crossed") == [PB, HB, JB]
    assert f.boats_15m == 5
    assert f.vessel_ids("no_working_device") == [C, F, QB]
    assert (f.no_device_boats, f.device_silent_boats) == (2, 1)
    lines = {b.vessel_id: b for b in f.lines["lost_6h"]}
    assert lines[A].silences == 2 and lines[A].hours == 30.0
    assert lines[C].hours == 15.0 and lines[C].since == vn(11, 15, 6)
    assert lines[OB].until is None and lines[OB].hours == 138.0
    assert lines[M].reports_due == 7 and lines[OB].reports_due == 22


def test_the_figures_do_not_depend_on_the_order_of_the_rows() -> None:
    rows = alert_rows()
    random.Random(14).shuffle(rows)
    assert figures(rows).to_dict() == figures().to_dict()


def test_a_running_month_counts_open_silences_up_to_the_report_time() -> None:
    f = figures(until=vn(11, 27, 6))  # OB: 48 h silent by then, 8 reports due
    lines = {b.vessel_id: b for b in f.lines["lost_6h"]}
    assert lines[OB].hours == 48.0 and lines[OB].reports_due == 8
    assert f.until == vn(11, 27, 6)
    # a silence is never shorter than its newest stored step (a simulator's clock runs ahead)
    early = figures(until=vn(11, 25, 12))
    assert {b.vessel_id: b.hours for b in early.lines["lost_6h"]}[OB] == 24.0


def test_the_section_reads_as_a_provinces_report_word_for_word() -> None:
    section = iuu_section(figures())
    assert section.heading == "Giám sát hành trình tàu cá theo quy định chống khai thác IUU"
    assert section.lead == (
        "Thực hiện Điều 44 Nghị định số 26/2019/NĐ-CP, được sửa đổi, bổ sung bởi Nghị định số "
        "37/2024/NĐ-CP, trong tháng 11/2026, hệ thống giám sát hành trình tàu cá ghi nhận:"
    )
    assert section.items == (
        "Tàu cá mất kết nối thiết bị giám sát hành trình trên 06 giờ trên biển: 09 lượt/08 tàu; "
        "trong đó 06 tàu không báo cáo vị trí về bờ bằng phương tiện thông tin khác; đã nhận "
        "04/121 lượt báo cáo vị trí định kỳ 06 giờ/lần.",
        "Tàu cá mất kết nối trên 10 ngày chưa đưa tàu về bờ: 01 tàu.",
        "Tàu cá vượt ranh giới cho phép khai thác trên biển, vào vùng biển nước ngoài: 03 tàu "
        "(Malaysia: 02, Indonesia: 01).",
        "Tàu cá có chiều dài từ 15 m trở lên không có thiết bị giám sát hành trình hoạt động: "
        "03/05 tàu (chưa lắp đặt thiết bị: 02 tàu; đã lắp đặt nhưng không truyền dữ liệu trong "
        "tháng 11/2026: 01 tàu).",
    )
    assert section.basis == (
        "Số liệu tính theo giờ Việt Nam, từ ngày 01/11/2026 đến hết ngày 30/11/2026; mỗi tàu chỉ "
        "tính một lần cho mỗi chỉ tiêu."
    )
    for code in ("DARK", "INSIDE_FOREIGN", "SIGNAL", "_", "VMS"):  # no code words in the text
        assert code not in section.text


def test_an_empty_month_says_so_and_a_running_one_says_up_to_when() -> None:
    f = iuu_figures(START, END, [], [], [], [], until=vn(11, 15, 10))
    section = iuu_section(f)
    assert section.items == (
        "Tàu cá mất kết nối thiết bị giám sát hành trình trên 06 giờ trên biển: không có.",
        "Tàu cá mất kết nối trên 10 ngày chưa đưa tàu về bờ: không có.",
        "Tàu cá vượt ranh giới cho phép khai thác trên biển, vào vùng biển nước ngoài: không có.",
        "Tàu cá có chiều dài từ 15 m trở lên không có thiết bị giám sát hành trình hoạt động: "
        "chưa có dữ liệu tàu cá có chiều dài từ 15 m trở lên.",
    )
    assert section.basis == (
        "Số liệu tính theo giờ Việt Nam, từ ngày 01/11/2026 đến hết ngày 30/11/2026 (đến 10 giờ "
        "00 ngày 15/11/2026, thời điểm lập báo cáo); mỗi tàu chỉ tính một lần cho mỗi chỉ tiêu."
    )


@pytest.mark.parametrize("bad", ["not a time", None, ""])
def test_a_row_without_a_readable_last_fix_is_left_out(bad: str | None) -> None:
    rows = [("DARK", A, vn(11, 2, 6), bad), *silence(B, vn(11, 12), {"DARK": 6}, 13)]
    assert [s.vessel_id for s in silences_from(rows)] == [B]
