"""The report as the department files it: A4, the national header, the province's own boats,
the desk's "đã cảnh báo N tàu, N tàu đã quay về" and the year's figures that add up.

The .docx is also converted with LibreOffice (``soffice --headless``) and its first page
rendered to PNG (``pdftoppm``) into test-artifacts/, to be looked at; skipped without them.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import UTC, date, datetime, timedelta
from io import BytesIO
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Mm
from sqlalchemy import insert

from infra.db.base import get_engine, session_scope
from infra.db.cases import CaseRow
from infra.db.migrate import upgrade_head
from infra.db.models import PositionRow, Vessel
from infra.repositories.alerts import save_alerts
from infra.repositories.report_facts import SqlReportFacts
from infra.settings import Settings
from services.alerts.model import Alert
from services.reports.period import Period
from services.reports.service import build_report, letterhead_from, own_boats_from, render
from services.vocabulary import AlertKind, alert_id_for

pytestmark = pytest.mark.integration

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
NOW = datetime(2026, 12, 20, 3, 0, tzinfo=UTC)
# (id, province, length, device, high risk)
FLEET = [
    ("QNg-90001-TS", "Quảng Ngãi", 16.0, True, True),
    ("QNg-90002-TS", "Quảng Ngãi", 18.5, True, False),
    ("QNg-90003-TS", "Quảng Ngãi", 15.0, False, False),
    ("QNg-90004-TS", "Quảng Ngãi", 9.0, False, False),
    ("QNg-90005-TS", "Quảng Ngãi", 5.0, False, False),  # under 6 m: not in the fleet figures
    ("NT-90777-TS", "Ninh Thuận", 20.0, True, True),  # another province's boat
]


def _alert(vessel: str, kind: AlertKind, minutes: int, last_fix: datetime | None = None,
           country: str | None = None) -> Alert:  # fmt: skip
    ts = datetime(2026, 12, 5, 1, 0, tzinfo=UTC) + timedelta(minutes=minutes)
    details = {"last_fix": last_fix.isoformat()} if last_fix else {}
    return Alert(
        alert_id=alert_id_for(kind.value, vessel, ts), kind=kind, severity=kind.severity,
        vessel_id=vessel, ts=ts, created_at=NOW, message=f"{vessel} {kind.value}",
        details=details, country=country,
    )  # fmt: skip


LOST = datetime(2026, 12, 5, 1, 0, tzinfo=UTC)  # the IUU section's silences start here


@pytest.fixture
def url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'filed.sqlite'}"
    upgrade_head(url)
    with get_engine(url).begin() as conn:
        conn.execute(insert(Vessel), [
            {"vessel_id": v, "province": p, "length_m": m, "high_risk": r, "registered": True,
             "vms_device_id": f"dev-{v}" if d else None, "created_at": NOW, "updated_at": NOW}
            for v, p, m, d, r in FLEET
        ])  # fmt: skip
        conn.execute(insert(CaseRow), [
            {"id": i, "kind": "detention", "country": "CN", "occurred_on": date(2026, 12, 3),
             "vessel_id": v, "source": "test", "needs_review": False, "created_at": NOW,
             "created_by": "test"}
            for i, v in ((1, "QNg-90001-TS"), (2, "NT-90777-TS"))
        ])  # fmt: skip
    with session_scope(url) as s:
        save_alerts(s, [
            _alert("QNg-90001-TS", AlertKind.APPROACHING, 0),
            _alert("QNg-90001-TS", AlertKind.BACK_SAFE, 50),  # warned, came back
            _alert("QNg-90002-TS", AlertKind.INSIDE_FOREIGN, 10, country="MY"),  # still out
            _alert("NT-90777-TS", AlertKind.INSIDE_FOREIGN, 5, country="ID"),  # not ours
            # IUU: QNg-90001-TS silent 8 h and back; QNg-90002-TS silent since, 10 days passed
            _alert("QNg-90001-TS", AlertKind.DARK, 360, LOST),
            _alert("QNg-90001-TS", AlertKind.SIGNAL_RESTORED, 480, LOST),
            _alert("QNg-90002-TS", AlertKind.DARK, 360, LOST),
            _alert("QNg-90002-TS", AlertKind.DARK_24H, 1440, LOST),
            _alert("QNg-90002-TS", AlertKind.DARK_10D, 14400, LOST),
            _alert("NT-90777-TS", AlertKind.DARK, 360, LOST),  # not ours
        ])  # fmt: skip
        s.add(PositionRow(vessel_id="QNg-90001-TS", ts=LOST, lat=14.9, lon=109.5, source="vms"))
    return url


def _report(url: str, settings: Settings) -> object:
    with session_scope(url) as s:
        return build_report(
            SqlReportFacts(s, own_boats_from(settings)), Period.month(2026, 12),
            province=settings.province, issued_at=NOW, letterhead=letterhead_from(settings),
        )  # fmt: skip


def test_only_the_provinces_own_boats_are_counted(url: str) -> None:
    mine = _report(url, Settings(province="Quảng Ngãi")).to_dict()  # type: ignore[attr-defined]
    assert mine["incidents"]["detention"] == {"cases": 1, "vessels": 1, "people": 0}
    assert mine["alerts"]["alerted_vessels"] == 2 and mine["alerts"]["returned_vessels"] == 1
    everyone = _report(url, Settings()).to_dict()  # type: ignore[attr-defined]
    assert everyone["incidents"]["detention"]["cases"] == 2
    assert everyone["alerts"]["alerted_vessels"] == 3
    by_prefix = _report(url, Settings(province="Ninh Thuận", report_vessel_prefixes="NT"))
    assert by_prefix.to_dict()["alerts"]["alerted_vessels"] == 1  # type: ignore[attr-defined]
    assert "đã cảnh báo 02 tàu, 01 tàu đã quay về" in mine["text"]["monitoring"]


def test_the_years_figures_add_up(url: str) -> None:
    report = _report(url, Settings(province="Quảng Ngãi"))
    annual = report.annual  # type: ignore[attr-defined]
    assert annual.check() == []
    assert (annual.boats_6m, annual.boats_15m, annual.with_vms, annual.without_vms) == (4, 3, 2, 1)
    assert (annual.high_risk, annual.below_high_risk) == (1, 2)
    assert annual.vms_percent == pytest.approx(66.7)
    text = report.annual_text  # type: ignore[attr-defined]
    assert "04 tàu cá có chiều dài từ 06 mét trở lên" in text and "02/03 tàu" in text
    assert "01 vụ/01 tàu/00 ngư dân bị nước ngoài bắt giữ" in text


def test_docx_is_a4_with_the_national_header_and_looks_right_in_libreoffice(url: str) -> None:
    settings = Settings(province="Quảng Ngãi", report_agency="Sở Ngoại vụ")
    body = render(_report(url, settings), "docx").content  # type: ignore[arg-type]
    doc = Document(BytesIO(body))
    section = doc.sections[0]
    width, height = section.page_width or 0, section.page_height or 0
    assert abs(width - Mm(210)) < Mm(1) and abs(height - Mm(297)) < Mm(1)
    header = "\n".join(c.text for c in doc.tables[0].rows[0].cells)
    for line in ("UBND TỈNH QUẢNG NGÃI", "SỞ NGOẠI VỤ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                 "Độc lập - Tự do - Hạnh phúc"):  # fmt: skip
        assert line in header
    assert any(p.text == "Quảng Ngãi, ngày 20 tháng 12 năm 2026" for p in doc.paragraphs)
    texts = [p.text for p in doc.paragraphs]
    four = texts.index("4. Giám sát hành trình tàu cá theo quy định chống khai thác IUU")
    assert texts[four + 1].startswith("Thực hiện Điều 44 Nghị định số 26/2019/NĐ-CP, được sửa đổi")
    assert texts[four + 2:four + 6] == [
        "Tàu cá mất kết nối thiết bị giám sát hành trình trên 06 giờ trên biển: 02 lượt/02 tàu; "
        "trong đó 02 tàu không báo cáo vị trí về bờ bằng phương tiện thông tin khác; đã nhận "
        "00/61 lượt báo cáo vị trí định kỳ 06 giờ/lần.",
        "Tàu cá mất kết nối trên 10 ngày chưa đưa tàu về bờ: 01 tàu.",
        "Tàu cá vượt ranh giới cho phép khai thác trên biển, vào vùng biển nước ngoài: 01 tàu "
        "(Malaysia: 01).",
        "Tàu cá có chiều dài từ 15 m trở lên không có thiết bị giám sát hành trình hoạt động: "
        "02/03 tàu (chưa lắp đặt thiết bị: 01 tàu; đã lắp đặt nhưng không truyền dữ liệu trong "
        "tháng 12/2026: 01 tàu).",
    ]  # fmt: skip
    assert texts[four + 6] == (
        "Số liệu tính theo giờ Việt Nam, từ ngày 01/12/2026 đến hết ngày 31/12/2026 (đến 10 giờ "
        "00 ngày 20/12/2026, thời điểm lập báo cáo); mỗi tàu chỉ tính một lần cho mỗi chỉ tiêu."
    )
    style = doc.paragraphs[four + 2].style
    assert style is not None and style.name == "List Bullet"
    assert texts[four + 7].startswith("5. Kết quả năm 2026")
    soffice, pdftoppm = shutil.which("soffice"), shutil.which("pdftoppm")
    if not (soffice and pdftoppm):
        pytest.skip("LibreOffice or poppler not installed")
    ARTIFACTS.mkdir(exist_ok=True)
    src = ARTIFACTS / "report-filed.docx"
    src.write_bytes(body)
    subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(ARTIFACTS),
                    str(src)], check=True, capture_output=True, timeout=180)  # fmt: skip
    pdf = ARTIFACTS / "report-filed.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info.stdout)
    assert size and abs(float(size[1]) - 595.3) < 1 and abs(float(size[2]) - 841.9) < 1, info.stdout
    subprocess.run([pdftoppm, "-png", "-r", "60", str(pdf), str(ARTIFACTS / "report-filed")],
                   check=True, timeout=120)  # fmt: skip
    pages = sorted(ARTIFACTS.glob("report-filed*.png"))
    assert pages
    # the IUU section is laid out, not lost: its heading is on a page of the PDF
    if shutil.which("pdftotext"):
        laid = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                              text=True, check=True).stdout  # fmt: skip
        assert "4. Giám sát hành trình tàu cá theo quy định chống khai thác IUU" in laid
        assert "02 lượt/02 tàu" in laid and "5. Kết quả năm 2026" in laid
