"""The report as a Word document (python-docx), as the department files it.

A4 with the margins of an administrative document, the national header (the agency under its
parent authority on the left; the national name and motto on the right; place and date), then
Times New Roman 13 pt justified text (Nghị định 30/2020/NĐ-CP, Phụ lục I; see
:mod:`services.reports.letterhead`).
"""

from __future__ import annotations

from datetime import datetime
from io import BytesIO

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from services.reports.format_vi import format_date
from services.reports.iuu_text import IuuSection
from services.reports.letterhead import NATIONAL_MOTTO, NATIONAL_NAME, Letterhead
from services.reports.period import local_date
from services.reports.tallies import MonthlyCounts
from services.reports.text_vi import COUNTRY_TABLE_HEADER, ReportText, country_rows

__all__ = ["render_docx"]

_FONT = "Times New Roman"


def _style_fonts(document: object) -> None:
    for name in ("Normal", "Title", "Heading 1", "Heading 2"):
        style = document.styles[name]  # type: ignore[attr-defined]
        style.font.name = _FONT
        style.font.color.rgb = None
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.get_or_add_rFonts()
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(theme), None)  # a theme font would override the name
        for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(slot), _FONT)
    styles = document.styles  # type: ignore[attr-defined]
    styles["Normal"].font.size = Pt(13)
    styles["Heading 1"].font.size = Pt(14)
    styles["Heading 2"].font.size = Pt(13)


def _page_a4(document: object) -> None:
    for section in document.sections:  # type: ignore[attr-defined]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin = section.bottom_margin = Mm(20)
        section.left_margin, section.right_margin = Mm(30), Mm(15)


def _no_borders(table: object) -> None:
    tbl_pr = table._tbl.tblPr  # type: ignore[attr-defined]
    borders = tbl_pr.makeelement(qn("w:tblBorders"), {})
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(borders.makeelement(qn(f"w:{edge}"), {qn("w:val"): "nil"}))
    tbl_pr.append(borders)


def _line(cell: object, text: str, bold: bool = False, size: float = 13,
          italic: bool = False, first: bool = False) -> object:  # fmt: skip
    para = cell.paragraphs[0] if first else cell.add_paragraph()  # type: ignore[attr-defined]
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    para.paragraph_format.space_after = Pt(0)
    run = para.add_run(text)
    run.bold, run.italic, run.font.size = bold, italic, Pt(size)
    return para


def _national_header(document: object, head: Letterhead, issued: datetime | None) -> None:
    """Agency (left) and national name and motto (right), then "<province>, ngày … tháng …"."""
    table = document.add_table(rows=1, cols=2)  # type: ignore[attr-defined]
    _no_borders(table)
    left, right = table.rows[0].cells
    _line(left, head.parent_line.upper(), size=12, first=True)
    _line(left, head.agency.upper(), bold=True, size=12)
    _line(left, "———", size=10)
    _line(right, NATIONAL_NAME, bold=True, size=12, first=True)
    motto = _line(right, NATIONAL_MOTTO, bold=True, size=13)
    motto.runs[0].underline = True  # type: ignore[attr-defined]
    for cell, width in ((left, Cm(6.5)), (right, Cm(10.0))):
        cell.width = width
    for column, width in zip(table.columns, (Cm(6.5), Cm(10.0)), strict=True):
        column.width = width
    if issued is not None:
        day = local_date(issued)
        place = head.province or ""
        when = f"ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"
        para = document.add_paragraph()  # type: ignore[attr-defined]
        para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = para.add_run(f"{place}, {when}" if place else when.capitalize())
        run.italic = True


def render_docx(
    counts: MonthlyCounts,
    text: ReportText,
    issued_at: datetime | None = None,
    letterhead: Letterhead | None = None,
    annual: str = "",
    iuu: IuuSection | None = None,
) -> bytes:
    """The .docx bytes: header, title, protection and its table, incidents, VMS, IUU, year."""
    document = Document()
    _style_fonts(document)
    _page_a4(document)
    _national_header(document, letterhead or Letterhead(), issued_at)
    title = document.add_heading(text.title.upper(), level=1)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p = counts.period
    meta = f"Kỳ báo cáo: từ ngày {format_date(p.start)} đến ngày {format_date(p.end)}."
    if counts.as_of is not None:
        meta += f" Số liệu như đã ghi nhận đến ngày {format_date(local_date(counts.as_of))}."
    if issued_at is not None:
        meta += f" Lập ngày {format_date(local_date(issued_at))}."
    info = document.add_paragraph(meta)
    info.alignment = WD_ALIGN_PARAGRAPH.CENTER
    info.runs[0].italic = True

    document.add_heading("1. Tàu cá, ngư dân bị nước ngoài bắt giữ", level=2)
    body = document.add_paragraph(text.protection)
    body.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    rows = country_rows(counts)
    if rows:
        table = document.add_table(rows=1, cols=len(COUNTRY_TABLE_HEADER))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, label in zip(table.rows[0].cells, COUNTRY_TABLE_HEADER, strict=True):
            cell.text = label
            cell.paragraphs[0].runs[0].bold = True
        for row in rows:
            cells = table.add_row().cells
            for i, value in enumerate(row):
                cells[i].text = value
                if i:
                    cells[i].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        table.autofit = False
        widths = [Cm(3.3)] + [Cm(2.5)] * (len(COUNTRY_TABLE_HEADER) - 1)
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width  # LibreOffice reads the grid, Word the cells: set both
            for cell in column.cells:
                cell.width = width

    document.add_heading("2. Sự cố trên biển", level=2)
    for line in text.incidents:
        document.add_paragraph(line, style="List Bullet")

    document.add_heading("3. Giám sát tàu cá trên biển", level=2)
    for paragraph in (text.monitoring, text.vms):
        document.add_paragraph(paragraph).alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    number = 4
    if iuu is not None:
        document.add_heading(f"{number}. {iuu.heading}", level=2)
        document.add_paragraph(iuu.lead).alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        for item in iuu.items:
            document.add_paragraph(item, style="List Bullet").alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        basis = document.add_paragraph(iuu.basis)
        basis.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        basis.runs[0].italic = True
        number += 1
    if annual:
        document.add_heading(f"{number}. Kết quả năm {counts.period.end.year}", level=2)
        document.add_paragraph(annual).alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if text.notes:
        document.add_heading("Ghi chú về số liệu", level=2)
        for note in text.notes:
            document.add_paragraph(note, style="List Bullet")
    source = document.add_paragraph(
        "Nguồn: Seawatch, tổng hợp từ hồ sơ vụ việc và cảnh báo giám sát hành trình."
    )
    source.runs[0].italic = True
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
