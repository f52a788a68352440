"""The consular desk's API beyond the rules: attached documents, corrections of a case, and
who sees what (a border guard reads but cannot edit; a viewer sees no personal data)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from infra.db.cases import CaseDocumentRow
from tests.factories import national_id
from tests.integration.cases.conftest import Api

FA = "foreign_affairs"
# A minimal, valid one-page PDF (what a scanned family letter arrives as).
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]"
    b"/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _case_with_man(api: Api) -> tuple[dict[str, Any], dict[str, Any]]:
    case = api.client.post(
        "/api/cases",
        headers=api.auth(FA),
        json={
            "kind": "detention",
            "country": "ID",
            "occurred_on": "2021-06-01",
            "vessel_id": "QNg-90777-TS",
        },
    ).json()
    member = api.client.post(
        f"/api/cases/{case['id']}/members",
        headers=api.auth(FA),
        json={
            "person": {
                "full_name": "Trần Văn Bảy",
                "birth_year": 1986,
                "national_id": national_id(),
                "home_commune": "An Vĩnh",
                "family_contact": "Nguyễn Thị Tám (vợ)",
                "family_phone": "0905123456",
            }
        },
    ).json()
    return case, member


def _upload(
    api: Api,
    case_id: int,
    who: str = FA,
    name: str = "don-de-nghi.pdf",
    content: bytes = PDF,
    **form: str,
) -> Any:
    return api.client.post(
        f"/api/cases/{case_id}/documents",
        headers=api.auth(who),
        files={"file": (name, content, "application/pdf")},
        data={"kind": "request_letter", **form},
    )


def test_family_letter_is_attached_listed_and_downloaded(api: Api, session: Session) -> None:
    case, member = _case_with_man(api)
    up = _upload(api, case["id"], member_id=str(member["id"]), note="Vợ anh Bảy gửi ngày 3/6")
    assert up.status_code == 201, up.text
    doc = up.json()
    assert (doc["kind"], doc["filename"], doc["size"]) == (
        "request_letter",
        "don-de-nghi.pdf",
        len(PDF),
    )
    assert _upload(api, case["id"], member_id=str(member["id"])).json()["id"] == doc["id"]
    assert session.scalar(select(func.count()).select_from(CaseDocumentRow)) == 1
    listed = api.client.get(f"/api/cases/{case['id']}", headers=api.auth(FA)).json()
    assert [d["id"] for d in listed["documents"]] == [doc["id"]]
    got = api.client.get(f"/api/cases/{case['id']}/documents/{doc['id']}", headers=api.auth(FA))
    assert got.status_code == 200 and got.content == PDF
    assert got.headers["content-type"] == "application/pdf"
    assert "don-de-nghi.pdf" in got.headers["content-disposition"]


def test_a_file_that_is_not_what_it_says_is_refused(api: Api) -> None:
    case, _member = _case_with_man(api)
    fake = _upload(api, case["id"], content=b"MZ\x90\x00 not a pdf")
    assert fake.status_code == 422 and "không đúng định dạng" in fake.json()["detail"]
    exe = _upload(api, case["id"], name="virus.exe", content=b"MZ\x90\x00")
    assert exe.status_code == 422 and "Không nhận loại tệp" in exe.json()["detail"]
    assert _upload(api, case["id"], content=b"").status_code == 422


def test_border_guard_reads_but_cannot_edit_a_case(api: Api) -> None:
    case, member = _case_with_man(api)
    bg = api.auth("border_guard")
    seen = api.client.get(f"/api/cases/{case['id']}", headers=bg)
    assert seen.status_code == 200
    person = seen.json()["members"][0]["person"]
    assert person["full_name"] == "Trần Văn Bảy"  # a name, but no ID or phone numbers
    assert person["national_id"] is None and person["family_phone"] is None
    attempts = [
        ("PATCH", f"/api/cases/{case['id']}", {"place": "Natuna"}),
        ("POST", f"/api/cases/{case['id']}/members", {"person": {"full_name": "X"}}),
        (
            "POST",
            f"/api/cases/{case['id']}/members/{member['id']}/events",
            {"status": "RELEASED", "occurred_on": "2021-06-10"},
        ),
        ("POST", f"/api/cases/{case['id']}/notes", {"text": "ghi chú"}),
        ("POST", f"/api/cases/{case['id']}/close", None),
    ]
    for method, path, body in attempts:
        response = api.client.request(method, path, json=body, headers=bg)
        assert response.status_code == 403, (method, path, response.text)
    assert _upload(api, case["id"], who="border_guard").status_code == 403


def test_viewer_sees_no_personal_data(api: Api) -> None:
    case, member = _case_with_man(api)
    api.client.post(
        f"/api/cases/{case['id']}/notes",
        headers=api.auth(FA),
        json={"text": "Đã gọi cho chị Tám, vợ anh Bảy"},
    )
    doc = _upload(api, case["id"]).json()
    seen = api.client.get(f"/api/cases/{case['id']}", headers=api.auth("viewer")).json()
    text = repr(seen)
    for secret in (
        "Trần Văn Bảy",
        "An Vĩnh",
        "Nguyễn Thị Tám",
        "0905123456",
        "1986",
        "chị Tám",
        "don-de-nghi",
    ):
        assert secret not in text, secret
    assert seen["member_count"] == 1 and seen["members"][0]["status"] == "DETAINED"
    assert (
        api.client.get(
            f"/api/cases/{case['id']}/documents/{doc['id']}", headers=api.auth("viewer")
        ).status_code
        == 403
    )
    assert api.client.get("/api/persons?q=Bảy", headers=api.auth("viewer")).status_code == 403
    history = api.client.get(
        f"/api/persons/{member['person']['id']}", headers=api.auth("viewer")
    ).json()
    assert "Trần Văn Bảy" not in repr(history)


def test_evidence_file_from_the_api_and_the_cli(api: Api, tmp_path: Any, db_url: str) -> None:
    """No track stored: the file still says where the boat was reported, against the lines."""
    from typer.testing import CliRunner

    from services.cli import main as cli_main

    cli_main._register()
    cli = cli_main.app

    case = api.client.post(
        "/api/cases",
        headers=api.auth(FA),
        json={
            "kind": "detention",
            "country": "ID",
            "occurred_on": "2021-06-01",
            "occurred_at": "2021-06-01T05:30:00+07:00",
            "lat": 6.4167,
            "lon": 109.65,
            "vessel_id": "QNg-90777-TS",
        },
    ).json()
    got = api.client.get(f"/api/cases/{case['id']}/evidence.geojson", headers=api.auth(FA))
    assert got.status_code == 200 and got.headers["content-type"] == "application/geo+json"
    kinds = [f["properties"]["kind"] for f in got.json()["features"]]
    assert kinds == ["detention_reported"]
    assert (
        api.client.get(
            f"/api/cases/{case['id']}/evidence.docx", headers=api.auth("border_guard")
        ).status_code
        == 403
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["case", "evidence", str(case["id"]), "--out", str(out), "--database-url", db_url]
    )
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in out.iterdir())
    assert written == [
        f"ho-so-hanh-trinh-{case['id']}-QNg-90777-TS.{ext}" for ext in ("docx", "geojson", "kml")
    ]
    missing = CliRunner().invoke(
        cli, ["case", "evidence", "999", "--out", str(tmp_path), "--database-url", db_url]
    )
    assert missing.exit_code == 2


def test_moving_a_case_to_an_unknown_boat_flags_it_for_review(api: Api) -> None:
    case, _member = _case_with_man(api)
    moved = api.client.patch(
        f"/api/cases/{case['id']}",
        headers=api.auth(FA),
        json={"vessel_id": "QNg-99999-TS", "place": "Bắc Natuna"},
    )
    assert moved.status_code == 200, moved.text
    assert moved.json()["vessel_id"] == "QNg-99999-TS" and moved.json()["needs_review"]


def test_past_seizures_from_cases_and_reports_form_the_hotspot_layer(api: Api) -> None:
    """A case with a position and a report of another seizure nearby make one area; a robbery
    and a seizure without a position do not count (VOV's position north of Natuna)."""
    from datetime import UTC, datetime, timedelta

    day = (datetime.now(UTC) - timedelta(days=40)).date().isoformat()
    api.client.post(
        "/api/cases",
        headers=api.auth(FA),
        json={
            "kind": "detention",
            "country": "ID",
            "occurred_on": day,
            "lat": 6.4167,
            "lon": 109.65,
            "vessel_id": "BTh-97292-TS",
        },
    )
    api.client.post(
        "/api/cases",
        headers=api.auth(FA),
        json={"kind": "robbery", "country": "ID", "occurred_on": day, "lat": 6.42, "lon": 109.66},
    )
    api.client.post(
        "/api/cases",
        headers=api.auth(FA),
        json={"kind": "detention", "country": "MY", "occurred_on": day, "vessel_id": "QNg-1-TS"},
    )
    report = api.client.post(
        "/api/incidents",
        headers=api.auth("border_guard"),
        json={
            "report_id": "BDBP-2026-77",
            "kind": "detention",
            "country": "ID",
            "occurred_at": f"{day}T03:00:00Z",
            "vessel_id": "BTh-97974-TS",
            "lat": 6.45,
            "lon": 109.60,
            "persons": [],
        },
    )
    assert report.status_code in (200, 201), report.text
    layer = api.client.get("/api/hotspots", headers=api.auth("viewer")).json()
    assert layer["radius_nm"] == 10.0
    [area] = layer["areas"]
    assert area["count"] == 2
    assert {s["vessel_id"] for s in area["seizures"]} == {"BTh-97292-TS", "BTh-97974-TS"}
    assert {s["country_vi"] for s in area["seizures"]} == {"Indonesia"}


def test_the_position_flow_warns_a_boat_at_sea_near_a_past_seizure(api: Api) -> None:
    """What the stream worker does with each batch (streams/positions/hotspots.py), on the
    database the desk wrote: reload the seizures, warn the boat at sea near one, not the one
    in port nor the one far away."""
    from datetime import UTC, datetime, timedelta

    from infra.settings import get_settings
    from services.tracking.state import VesselState
    from streams.positions.hotspots import HotspotWatch

    day = (datetime.now(UTC) - timedelta(days=400)).date().isoformat()
    api.client.post(
        "/api/cases",
        headers=api.auth(FA),
        json={
            "kind": "detention",
            "country": "ID",
            "occurred_on": day,
            "lat": 6.4167,
            "lon": 109.65,
            "vessel_id": "BTh-97292-TS",
        },
    )
    watch = HotspotWatch(get_settings())
    assert watch.alerts({}, datetime.now(UTC)) == [] and watch.due(0.0)
    assert watch.refresh() == 1
    ts = datetime.now(UTC).timestamp()
    latest = {
        "QNg-90123-TS": VesselState("QNg-90123-TS", ts, 6.47, 109.70),
        "QNg-90124-TS": VesselState("QNg-90124-TS", ts, 6.47, 109.70, at_sea=False),
        "QNg-90125-TS": VesselState("QNg-90125-TS", ts, 7.50, 108.50),
    }
    [alert] = watch.alerts(latest, datetime.now(UTC))
    assert alert.vessel_id == "QNg-90123-TS" and "BTh-97292-TS" in alert.message


def test_the_stored_foreign_affairs_desk_takes_what_the_vocabulary_addresses_to_it(
    tmp_path: Any,
) -> None:
    """The seeded Sở Ngoại vụ row follows services.vocabulary.audience_for (migration 0009):
    a kind addressed to foreign affairs that the stored desk does not take would never be
    pushed to it. (A fresh database of its own: the shared PostgreSQL one is emptied.)"""
    from infra.db.base import get_engine, session_scope
    from infra.db.delivery import RecipientRow
    from infra.db.migrate import upgrade_head
    from services.alerts.routing import DEFAULT_RECIPIENTS

    url = f"sqlite:///{tmp_path / 'fresh.sqlite'}"
    upgrade_head(url)
    try:
        with session_scope(url) as fresh:
            stored = fresh.scalar(select(RecipientRow).where(RecipientRow.key == "so-ngoai-vu"))
            assert stored is not None
            kinds = sorted(stored.kinds)
    finally:
        get_engine(url).dispose()
    [default] = [r for r in DEFAULT_RECIPIENTS if r.key == "so-ngoai-vu"]
    assert kinds == sorted(str(k) for k in default.kinds)


def test_every_incident_report_reaches_the_desk(api: Api, session: Session) -> None:
    """A report that joins an open case and changes no status (a family's news) still reaches
    the foreign-affairs desk, as INCIDENT_REPORT; the border guard does not see it (names)."""
    from infra.db.models import AlertRow

    first = {
        "report_id": "BDBP-1",
        "kind": "detention",
        "country": "ID",
        "occurred_at": "2021-06-01T03:00:00Z",
        "vessel_id": "QNg-90555-TS",
        "persons": [{"full_name": "Đỗ Văn Mười"}],
    }
    assert api.client.post(
        "/api/incidents", headers=api.auth("border_guard"), json=first
    ).status_code in (200, 201)
    later = {
        **first,
        "report_id": "GD-7",
        "source": "family",
        "persons": [],
        "occurred_at": "2021-06-03T03:00:00Z",
        "note": "Gia đình nhận được điện thoại: anh Mười khỏe, đang ở Ranai",
    }
    assert api.client.post(
        "/api/incidents", headers=api.auth("foreign_affairs"), json=later
    ).status_code in (200, 201)
    kinds = session.scalars(select(AlertRow.kind).order_by(AlertRow.id)).all()
    assert kinds.count("INCIDENT_REPORT") == 1 and kinds.count("CASE_OPENED") == 1
    row = session.scalar(select(AlertRow).where(AlertRow.kind == "INCIDENT_REPORT"))
    assert row is not None and row.audience == ["foreign_affairs"]
    assert "GD-7" in row.message and "đang ở Ranai" in row.message
