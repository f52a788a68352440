from __future__ import annotations

from io import BytesIO

from docx import Document

from services.reports.counts import compute_counts
from services.reports.docx_out import render_docx
from services.reports.markdown_out import render_markdown
from services.reports.period import Period
from services.reports.text_vi import render_text
from tests.unit.reports.scenario import JULY_PARAGRAPH, july_2021


def _july():  # type: ignore[no-untyped-def]
    story = july_2021()
    events, incidents = story.facts()
    counts = compute_counts(Period.month(2021, 7), events, incidents, story.alerts, story.vessels)
    return counts, render_text(counts, "Quảng Ngãi")


def test_docx_holds_the_paragraph_and_the_table() -> None:
    counts, text = _july()
    doc = Document(BytesIO(render_docx(counts, text)))
    paragraphs = [p.text for p in doc.paragraphs]
    assert JULY_PARAGRAPH in paragraphs
    assert paragraphs[0] == "CÔNG TÁC BẢO HỘ NGƯ DÂN TỈNH QUẢNG NGÃI THÁNG 7/2021"
    assert "Cứu hộ, cứu nạn tàu cá gặp nạn: 01 vụ/01 tàu cá/05 lao động." in paragraphs
    rows = [[c.text for c in row.cells] for row in doc.tables[1].rows]  # [0]: national header
    assert rows[0][0] == "Quốc gia"
    assert rows[1:] == [
        ["Indonesia", "-", "-", "-", "-", "13"],
        ["Malaysia", "-", "-", "-", "-", "07"],
        ["Trung Quốc", "-", "-", "04", "09", "03"],
        ["Tổng", "-", "-", "04", "09", "23"],
    ]


def test_markdown_has_sections_and_table() -> None:
    counts, text = _july()
    md = render_markdown(counts, text)
    assert md.startswith("# Công tác bảo hộ ngư dân tỉnh Quảng Ngãi tháng 7/2021\n")
    assert f"\n{JULY_PARAGRAPH}\n" in md
    assert "| Trung Quốc | - | - | 04 | 09 | 03 |" in md
    assert "(đạt 97,4%)" in md
    assert "Ghi chú" not in md  # no anomalies in the July story


def test_empty_month_has_no_table_but_notes_show() -> None:
    counts = compute_counts(Period.month(2019, 3), notes=["event 7 has unknown status 'X'"])
    text = render_text(counts)
    md = render_markdown(counts, text)
    assert "| Quốc gia" not in md and "- event 7 has unknown status 'X'" in md
    doc = Document(BytesIO(render_docx(counts, text)))
    assert len(doc.tables) == 1  # only the national header
    assert "event 7 has unknown status 'X'" in [p.text for p in doc.paragraphs]
