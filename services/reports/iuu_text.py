"""The IUU section of the monthly report, in the words provinces use for these figures.

Provinces report VMS compliance to the National Steering Committee on IUU (Ban Chỉ đạo quốc gia
về IUU) as "lượt/tàu" counts under the decree's own thresholds. The items below are modelled on:

* Nam Định, Sở NN&PTNT (Thương hiệu & Công luận, 2024): "386 lượt/ 14 tàu … mất tín hiệu kết
  nối trên 6 giờ trên biển", "mất tín hiệu kết nối trên 10 ngày trên biển là 35 lượt/31 tàu"
  (https://thuonghieucongluan.com.vn/nhieu-tau-ca-nam-dinh-mat-tin-hieu-ket-noi-tren-bien-a241273.html);
* Vĩnh Long, Ban Chỉ đạo IUU tỉnh (Nông nghiệp & Môi trường, 19/10/2025): "4.550 lượt tàu mất
  kết nối từ 6 giờ đến dưới 10 ngày", "mất tín hiệu trên 10 ngày", "2.264 tàu thuộc diện bắt buộc
  lắp thiết bị giám sát hành trình (VMS). Đến nay, đã có 2.241 tàu lắp đặt"
  (https://nongnghiepmoitruong.vn/vinh-long-100-tau-ca-mat-ket-noi-khong-co-dau-hieu-vi-pham-d779507.html);
* Quảng Trị, Đồn Biên phòng Lý Hòa (Người Lao Động, 29/11/2025): "mất kết nối thiết bị giám sát
  hành trình quá 6 giờ … chủ tàu không thực hiện việc thông báo vị trí theo quy định"
  (https://nld.com.vn/hai-tau-ca-bat-ngo-tang-hinh-tren-bien-va-su-that-196251129104352025.htm);
* the Prime Minister's telegram on IUU (Dân Việt): "các vụ việc vi phạm quy định về VMS, vượt
  ranh giới cho phép khai thác trên biển giảm dần"
  (https://etime.danviet.vn/go-the-vang-bo-quoc-phong-bo-cong-an-nhan-nhiem-vu-khan-hoan-thanh-hang-loat-muc-tieu-truoc-30-10-d1371669.html);
* Quảng Trị's VMS figures (Thanh tra): "184/192 tàu cá đã lắp hệ thống VMS … Số tàu chưa lắp đặt
  gồm 3 tàu" (https://thanhtra.com.vn/xa-hoi/doi-song/con-nhieu-bat-cap-trong-thuc-hien-cac-quy-dinh-phap-luat-ve-vms-224742.html).

Numbers are written as the rest of the report writes them, two digits at least ("05 lượt/03
tàu"): the press prints "35 lượt/31 tàu" and "3 tàu", but a province's own report (Ninh Thuận,
Báo cáo 387-BC/TU, 14/11/2023: "có 04 cảng cá", "từ 06 mét trở lên") and the decree ("06 giờ/lần")
use the administrative two-digit form, and so does :func:`format_count`.

The rules are cited as the decree stands: Art. 44 of Decree 26/2019/NĐ-CP as amended by Decree
37/2024/NĐ-CP.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from services.reports.format_vi import country_name, format_count, format_date
from services.reports.iuu import IuuFigures
from services.reports.period import local_date
from services.vocabulary import VN_TZ

__all__ = ["IUU_HEADING", "IUU_LABELS", "IuuSection", "iuu_paragraph", "iuu_section"]

IUU_HEADING = "Giám sát hành trình tàu cá theo quy định chống khai thác IUU"
LEGAL_BASIS = (
    "Điều 44 Nghị định số 26/2019/NĐ-CP, được sửa đổi, bổ sung bởi Nghị định số 37/2024/NĐ-CP"
)
#: short labels, one per figure, as the page shows them (no code words)
IUU_LABELS = {
    "lost_6h": "Tàu cá mất kết nối trên 06 giờ trên biển",
    "lost_6h_unreported": "Trong đó: không báo cáo vị trí về bờ",
    "not_back_10d": "Mất kết nối trên 10 ngày chưa đưa tàu về bờ",
    "crossed": "Vượt ranh giới cho phép, vào vùng biển nước ngoài",
    "no_working_device": "Tàu từ 15 m trở lên không có thiết bị giám sát hành trình hoạt động",
}


@dataclass(frozen=True, slots=True)
class IuuSection:
    """The section as a writer lays it out: a lead sentence, one item per figure, the basis."""

    heading: str
    lead: str
    items: tuple[str, ...]
    basis: str

    @property
    def text(self) -> str:
        """The whole section as one block of plain text (JSON, e-mail)."""
        return "\n".join((self.lead, *(f"- {i}" for i in self.items), self.basis))

    def to_dict(self) -> dict[str, object]:
        return {"heading": self.heading, "lead": self.lead, "items": list(self.items),
                "basis": self.basis}  # fmt: skip


def _boats(n: int) -> str:
    return f"{format_count(n)} tàu" if n else "không có"


def _days(f: IuuFigures) -> tuple[str, str, bool]:
    first = local_date(f.start)
    last = local_date(f.end - timedelta(microseconds=1))
    month = first.day == 1 and (last + timedelta(days=1)).day == 1 and first.month == last.month
    when = f"trong tháng {first.month}/{first.year}" if month else "trong kỳ báo cáo"
    return when, (f"từ ngày {format_date(first)} đến hết ngày {format_date(last)}"), month


def _lost_item(f: IuuFigures) -> str:
    head = "Tàu cá mất kết nối thiết bị giám sát hành trình trên 06 giờ trên biển"
    if not f.lost_6h_boats:
        return f"{head}: không có."
    text = f"{head}: {format_count(f.lost_6h_silences)} lượt/{format_count(f.lost_6h_boats)} tàu"
    if f.lost_6h_unreported_boats:
        text += (f"; trong đó {format_count(f.lost_6h_unreported_boats)} tàu không báo cáo vị "
                 "trí về bờ bằng phương tiện thông tin khác")  # fmt: skip
    else:
        text += "; các tàu đều đã báo cáo vị trí về bờ bằng phương tiện thông tin khác"
    if f.reports_required:
        got, due = format_count(f.reports_received), format_count(f.reports_required)
        text += f"; đã nhận {got}/{due} lượt báo cáo vị trí định kỳ 06 giờ/lần"
    return text + "."


def _crossed_item(f: IuuFigures) -> str:
    head = "Tàu cá vượt ranh giới cho phép khai thác trên biển, vào vùng biển nước ngoài"
    lines = f.lines.get("crossed", ())
    if not lines:
        return f"{head}: không có."
    per: dict[str, int] = {}
    for b in lines:
        if b.country:
            per[b.country] = per.get(b.country, 0) + 1
    detail = ""
    if per:
        ranked = sorted(per.items(), key=lambda kv: (-kv[1], country_name(kv[0])))
        detail = " (" + ", ".join(f"{country_name(c)}: {format_count(n)}" for c, n in ranked) + ")"
    return f"{head}: {_boats(len(lines))}{detail}."


def _device_item(f: IuuFigures, when: str) -> str:
    head = "Tàu cá có chiều dài từ 15 m trở lên không có thiết bị giám sát hành trình hoạt động"
    if not f.boats_15m:
        return f"{head}: chưa có dữ liệu tàu cá có chiều dài từ 15 m trở lên."
    total = format_count(f.boats_15m)
    if not f.without_working_device:
        return f"{head}: không có (trên tổng số {total} tàu)."
    return (
        f"{head}: {format_count(f.without_working_device)}/{total} tàu (chưa lắp đặt thiết bị: "
        f"{_boats(f.no_device_boats)}; đã lắp đặt nhưng không truyền dữ liệu {when}: "
        f"{_boats(f.device_silent_boats)})."
    )


def iuu_section(f: IuuFigures) -> IuuSection:
    """The section for ``f``: the decree, the four figures, and the clock they are counted on."""
    when, span, _ = _days(f)
    basis = (f"Số liệu tính theo giờ Việt Nam, {span}"
             + (f" (đến {f.until.astimezone(VN_TZ).strftime('%H giờ %M')} ngày "
                f"{format_date(local_date(f.until))}, thời điểm lập báo cáo)" if f.until else "")
             + "; mỗi tàu chỉ tính một lần cho mỗi chỉ tiêu.")  # fmt: skip
    return IuuSection(
        heading=IUU_HEADING,
        lead=f"Thực hiện {LEGAL_BASIS}, {when}, hệ thống giám sát hành trình tàu cá ghi nhận:",
        items=(
            _lost_item(f),
            f"Tàu cá mất kết nối trên 10 ngày chưa đưa tàu về bờ: {_boats(f.not_back_10d_boats)}.",
            _crossed_item(f),
            _device_item(f, when),
        ),
        basis=basis,
    )


def iuu_paragraph(f: IuuFigures) -> str:
    """The section as one block of text (what the JSON's ``text.iuu`` carries)."""
    return iuu_section(f).text
