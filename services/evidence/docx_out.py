"""The evidence file as a Vietnamese Word document (python-docx), map included.

Set like the department's own documents (Times New Roman 13 pt), so its paragraphs can be
pasted into a note to the Consular Department or a protest. Positions are written in degrees
and minutes as border guards and VMS write them ("06°25,0'N – 109°39,0'E"), numbers with a
decimal comma, times in Vietnam's time with the zone said.
"""

from __future__ import annotations

from io import BytesIO

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from geo.measure import geodesic_nm
from services.cases.timeline import current_status
from services.cases.wording_vi import KIND_VI, STATUS_VI
from services.evidence.assemble import EvidenceFile, PositionAt
from services.evidence.boundary import SOURCE_VI
from services.evidence.mapimg import render_map
from services.reports.docx_out import _style_fonts
from services.vocabulary import VN_TZ, alert_kind_vi, country_name_vi, zone_kind_vi

__all__ = ["dm_vi", "render_docx"]


def _num(x: float, digits: int = 1) -> str:
    return f"{x:.{digits}f}".replace(".", ",")


def dm_vi(lat: float, lon: float) -> str:
    """Degrees and decimal minutes: ``06°25,0'N – 109°39,0'E``."""

    def one(v: float, pos: str, neg: str, width: int) -> str:
        a = abs(v)
        deg = int(a)
        minutes = (a - deg) * 60
        if round(minutes, 1) >= 60:
            deg, minutes = deg + 1, 0.0
        return f"{deg:0{width}d}°{_num(minutes).zfill(4)}'{pos if v >= 0 else neg}"

    return f"{one(lat, 'N', 'S', 2)} – {one(lon, 'E', 'W', 3)}"


def _when(value: object) -> str:
    local = value.astimezone(VN_TZ)  # type: ignore[attr-defined]
    return f"{local:%H:%M ngày %d/%m/%Y}"


def _table(
    document: object, header: list[str], rows: list[list[str]], widths: list[float] | None = None
) -> None:
    table = document.add_table(rows=1, cols=len(header))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
            run.font.size = Pt(10.5)
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
            for run in cell.paragraphs[0].runs:
                run.font.size = Pt(10.5)
    if widths:  # Word reads the cells' widths, LibreOffice the grid's: set both
        table.autofit = False
        for column, w in zip(table.columns, widths, strict=True):
            column.width = Cm(w)
        for row in table.rows:
            for cell, w in zip(row.cells, widths, strict=True):
                cell.width = Cm(w)


def _position_text(pos: PositionAt) -> str:
    text = f"{pos.how_vi}: {dm_vi(pos.lat, pos.lon)}"
    if pos.how == "last_fix" and pos.at is not None and pos.age_h is not None:
        text += f" (lúc {_when(pos.at)}, trước thời điểm bắt giữ {_num(pos.age_h)} giờ)"
    if pos.boundaries:
        b = pos.boundaries[0]
        where = country_name_vi(b.zone_country) if b.zone_country else None
        if b.zone_kind == "archipelago":
            text += ". Vị trí thuộc khu vực quần đảo Hoàng Sa/Trường Sa của Việt Nam"
        elif b.zone_kind == "overlap":
            text += ". Theo bộ vùng biển của Seawatch, vị trí này thuộc vùng chồng lấn" + (
                f", nơi lực lượng {where} tuần tra, bắt giữ" if where else ""
            )
        elif where:
            text += (
                f". Theo bộ vùng biển của Seawatch, vị trí này thuộc "
                f"{zone_kind_vi(b.zone_kind)} {where}"
            )
        elif b.zone_kind:
            text += ". Theo bộ vùng biển của Seawatch, vị trí này thuộc " + zone_kind_vi(
                b.zone_kind
            )
        nearest = b.line.name_vi
        text += (
            f"; cách {nearest[:1].lower() + nearest[1:]} {_num(b.distance_nm)} hải lý, "
            f"ở {b.side_vi} của đường này."
        )
    return text


def render_docx(ev: EvidenceFile, *, map_png: bytes | None = None) -> bytes:
    """The .docx bytes of the evidence file."""
    case = ev.case
    country = country_name_vi(case.country) or case.country
    document = Document()
    _style_fonts(document)
    for section in document.sections:
        section.left_margin = section.right_margin = Cm(2.0)
        section.top_margin = section.bottom_margin = Cm(1.8)
    head = document.add_heading(f"HỒ SƠ HÀNH TRÌNH TÀU {ev.vessel_id}", level=1)
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    sub = document.add_paragraph(
        f"Kèm theo hồ sơ vụ việc #{case.id}: {KIND_VI[case.kind]} tại {country}, "
        f"ngày {case.occurred_on:%d/%m/%Y}. Lập lúc {_when(ev.generated_at)} (giờ Việt Nam)."
    )
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER

    document.add_heading("1. Vụ việc", level=2)
    vessel = ev.vessel
    rows = [
        ["Tàu", ev.vessel_id + (f" – {vessel['name']}" if vessel.get("name") else "")],
        ["Cảng nhà", vessel.get("home_port") or "chưa rõ"],
        ["Chủ tàu / thuyền trưởng", vessel.get("owner") or "chưa rõ"],
        ["Quốc gia bắt giữ", country],
        ["Cơ quan bắt giữ", case.authority or "chưa rõ"],
        ["Nơi xảy ra (theo thông báo)", case.place or "chưa rõ"],
        [
            "Thời điểm bắt giữ",
            _when(ev.detention_at)
            + (" (giờ Việt Nam)" if ev.time_known else " (chỉ rõ ngày, lấy cuối ngày)"),
        ],
        ["Số ngư dân", str(len(case.members))],
    ]
    _table(document, ["Mục", "Nội dung"], rows, [5.0, 12.0])

    document.add_heading("2. Vị trí tại thời điểm bắt giữ so với các đường ranh giới", level=2)
    if not ev.positions:
        document.add_paragraph(
            "Không có vị trí: thông báo bắt giữ không có tọa độ và không có "
            "dữ liệu VMS/AIS của tàu trước thời điểm bắt giữ."
        )
    for pos in ev.positions:
        document.add_paragraph(_position_text(pos))
        rows = [
            [
                b.line.name_vi,
                b.line.line_type_vi,
                _num(b.distance_nm),
                b.side_vi,
                b.line.source + (f" ({b.line.url})" if b.line.url else ""),
            ]
            for b in pos.boundaries
        ]
        _table(
            document,
            ["Đường ranh giới", "Loại đường", "Khoảng cách (hải lý)", "Vị trí nằm ở", "Nguồn"],
            rows,
            [4.2, 3.0, 2.0, 2.8, 5.0],
        )
        document.add_paragraph()
    if len(ev.positions) == 2:
        first_pos, second_pos = ev.positions
        gap = float(geodesic_nm(first_pos.lon, first_pos.lat, second_pos.lon, second_pos.lat))
        document.add_paragraph(
            f"Vị trí theo thông báo và vị trí theo VMS/AIS cách nhau {_num(gap)} hải lý."
        )

    document.add_heading(f"3. Bản đồ hành trình {ev.hours:g} giờ", level=2)
    document.add_picture(BytesIO(map_png or render_map(ev)), width=Cm(16.5))
    document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER

    document.add_heading(f"4. Hành trình {ev.hours:g} giờ trước thời điểm bắt giữ", level=2)
    if ev.track:
        first, last = ev.track[0], ev.track[-1]
        summary = (
            f"{len(ev.track)} điểm ({', '.join(s.upper() for s in ev.sources)}) từ "
            f"{_when(first.ts)} đến {_when(last.ts)}; quãng đường khoảng "
            f"{_num(ev.distance_nm)} hải lý"
        )
        if ev.longest_gap_h is not None:
            summary += f"; khoảng mất tín hiệu dài nhất {_num(ev.longest_gap_h)} giờ"
        if ev.first_foreign is not None:
            summary += (
                f". Hệ thống ghi nhận tàu vào vùng biển nước ngoài lần đầu lúc "
                f"{_when(ev.first_foreign.ts)} tại "
                f"{dm_vi(ev.first_foreign.lat, ev.first_foreign.lon)}"
            )
        document.add_paragraph(summary + ".")
        step = max(1, len(ev.track) // 40)
        shown = list(ev.track[::step])
        if shown[-1] is not last:
            shown.append(last)
        rows = [
            [
                _when(f.ts),
                dm_vi(f.lat, f.lon),
                _num(f.speed_kn) if f.speed_kn is not None else "–",
                f"{f.course_deg:.0f}°" if f.course_deg is not None else "–",
                f.source.upper(),
            ]
            for f in shown
        ]
        if step > 1:
            document.add_paragraph(
                f"Bảng dưới liệt kê 1 trong mỗi {step} điểm; đủ các điểm có "
                "trong tệp GeoJSON/KML kèm theo."
            )
        _table(
            document,
            ["Thời điểm (giờ VN)", "Vị trí", "Tốc độ (hải lý/giờ)", "Hướng", "Nguồn"],
            rows,
            [4.2, 5.2, 2.6, 1.8, 2.2],
        )
    else:
        document.add_paragraph("Không có dữ liệu VMS/AIS của tàu trong khoảng thời gian này.")

    document.add_heading("5. Cảnh báo đã phát và xử lý của Bộ đội Biên phòng", level=2)
    if ev.alerts:
        rows = []
        for a in ev.alerts:
            if a.acked_at is not None:
                handled = f"Xác nhận: {a.acked_by}, {_when(a.acked_at)}"
                if a.ack_note:
                    handled += f" – “{a.ack_note}”"
            else:
                handled = "Chưa ai xác nhận"
            if a.escalated_at is not None:
                handled += f"; đã báo lên chỉ huy lúc {_when(a.escalated_at)}"
            rows.append([_when(a.ts), alert_kind_vi(a.kind), a.message, handled])
        _table(
            document,
            ["Thời điểm", "Loại", "Nội dung cảnh báo", "Xử lý"],
            rows,
            [3.2, 3.0, 6.3, 4.5],
        )
    else:
        document.add_paragraph("Không có cảnh báo nào của tàu trong khoảng thời gian này.")

    document.add_heading("6. Ngư dân trên tàu", level=2)
    if case.members:
        rows = []
        for i, m in enumerate(case.members, 1):
            p = m.person
            status = current_status(m.events)
            home = ", ".join(x for x in (p.home_commune, p.home_district, p.home_province) if x)
            rows.append(
                [
                    str(i),
                    p.full_name,
                    str(p.born or ""),
                    home,
                    STATUS_VI[status] if status else "chưa ghi nhận",
                ]
            )
        _table(
            document,
            ["TT", "Họ và tên", "Năm sinh", "Quê quán", "Tình trạng"],
            rows,
            [1.0, 4.5, 1.8, 5.7, 4.0],
        )
    else:
        document.add_paragraph("Hồ sơ chưa có danh sách ngư dân.")

    document.add_heading("7. Nguồn dữ liệu và lưu ý", level=2)
    for line in (
        "Hành trình: dữ liệu VMS/AIS Seawatch lưu nguyên trạng (không chỉnh sửa), giờ UTC "
        "chuyển sang giờ Việt Nam.",
        f"Đường ranh giới: {SOURCE_VI}; là dữ liệu nghiên cứu, có giá trị tham khảo; các đường "
        "không phải điều ước (trung tuyến, đường nối, chưa phân định) không phải ranh giới đã "
        "được phân định.",
        "Đất liền: Natural Earth (phạm vi công cộng). Quần đảo Hoàng Sa và Trường Sa là lãnh "
        "thổ của Việt Nam.",
        *ev.notes,
    ):
        document.add_paragraph(line, style="List Bullet")
    out = BytesIO()
    document.save(out)
    return out.getvalue()
