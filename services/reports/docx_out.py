"""The report as a Word document (python-docx), ready to paste into the department's report.

Times New Roman 13 pt, justified body text: the look of a Vietnamese administrative document,
so a paragraph copied out of it does not need reformatting.
"""

from __future__ import annotations

from datetime import datetime
from io import BytesIO

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from services.reports.format_vi import format_date
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


def render_docx(
    counts: MonthlyCounts, text: ReportText, issued_at: datetime | None = None
) -> bytes:
    """The .docx bytes: title, period, the protection paragraph, the table, incidents, VMS."""
    document = Document()
    _style_fonts(document)
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
