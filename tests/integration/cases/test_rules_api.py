"""Officers' API: each rule once, accepted and rejected, with the 422 reason."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from infra.db.cases import StatusEventRow
from infra.db.models import AlertRow
from services.cases.model import today_vn
from tests.factories import national_id
from tests.integration.cases.conftest import Api

FA = "foreign_affairs"


def _case(api: Api, expect: int = 201, **body: Any) -> dict[str, Any]:
    payload = {
        "kind": "detention",
        "country": "MY",
        "occurred_on": "2021-06-01",
        "vessel_id": "QNg-90001-TS",
        **body,
    }
    response = api.client.post("/api/cases", json=payload, headers=api.auth(FA))
    assert response.status_code == expect, response.text
    return response.json()


def _member(
    api: Api, case_id: int, name: str = "Nguyễn Văn Tâm", nid: str | None = None, **extra: Any
) -> dict[str, Any]:
    """A man added without his first status (these tests record each event themselves)."""
    response = api.client.post(
        f"/api/cases/{case_id}/members",
        json={
            "person": {
                "full_name": name,
                "national_id": nid or national_id(),
                "family_phone": "0905111222",
            },
            "record_status": False,
            **extra,
        },
        headers=api.auth(FA),
    )
    assert response.status_code == 201, response.text
    return response.json()


def _event(
    api: Api, case_id: int, member_id: int, status: str, on: date | str, **extra: Any
) -> Any:
    return api.client.post(
        f"/api/cases/{case_id}/members/{member_id}/events",
        json={"status": status, "occurred_on": str(on), **extra},
        headers=api.auth(FA),
    )


def test_repatriated_without_detention_is_422(api: Api) -> None:
    case = _case(api)
    member = _member(api, case["id"])
    response = _event(api, case["id"], member["id"], "REPATRIATED", "2021-07-01")
    assert response.status_code == 422
    assert "chưa có ghi nhận “bị bắt giữ”" in response.json()["detail"]  # Vietnamese


def test_future_date_is_422(api: Api) -> None:
    case = _case(api)
    member = _member(api, case["id"])
    tomorrow = today_vn() + timedelta(days=1)
    response = _event(api, case["id"], member["id"], "DETAINED", tomorrow)
    assert response.status_code == 422 and "chưa tới" in response.json()["detail"]
    assert _event(api, case["id"], member["id"], "DETAINED", today_vn()).status_code == 201


def test_dates_out_of_order_are_422(api: Api) -> None:
    case = _case(api)
    member = _member(api, case["id"])
    assert _event(api, case["id"], member["id"], "DETAINED", "2021-06-04").status_code == 201
    response = _event(api, case["id"], member["id"], "RELEASED", "2021-06-02")
    assert response.status_code == 422 and "không theo thứ tự" in response.json()["detail"]


def test_one_open_detention_per_person_across_cases(api: Api) -> None:
    nid = national_id()
    first = _case(api)
    second = _case(api, country="ID", vessel_id="QNg-90002-TS")
    m1 = _member(api, first["id"], nid=nid)
    m2 = _member(api, second["id"], nid=nid)
    assert m1["person"]["id"] == m2["person"]["id"]  # found again by ID number
    assert _event(api, first["id"], m1["id"], "DETAINED", "2021-06-01").status_code == 201
    response = _event(api, second["id"], m2["id"], "DETAINED", "2021-06-03")
    assert response.status_code == 422 and "hồ sơ khác" in response.json()["detail"]
    assert _event(api, first["id"], m1["id"], "RELEASED", "2021-06-02").status_code == 201
    assert _event(api, second["id"], m2["id"], "DETAINED", "2021-06-03").status_code == 201


def test_case_closes_only_when_every_member_has_an_end_status(api: Api) -> None:
    case = _case(api)
    a = _member(api, case["id"], "Đặng Văn A")
    b = _member(api, case["id"], "Đặng Văn B")
    for m in (a, b):
        assert _event(api, case["id"], m["id"], "DETAINED", "2021-06-01").status_code == 201
    assert _event(api, case["id"], a["id"], "REPATRIATED", "2021-07-01").status_code == 201
    response = api.client.post(f"/api/cases/{case['id']}/close", headers=api.auth(FA))
    assert response.status_code == 422 and "Đặng Văn B" in response.json()["detail"]
    assert _event(api, case["id"], b["id"], "REPATRIATED", "2021-07-02").status_code == 201
    closed = api.client.post(f"/api/cases/{case['id']}/close", headers=api.auth(FA))
    assert closed.status_code == 200 and closed.json()["open"] is False
    late = _event(api, case["id"], b["id"], "FINED", "2021-07-03")
    assert late.status_code == 422 and "đã đóng" in late.json()["detail"]
    again = api.client.post(f"/api/cases/{case['id']}/close", headers=api.auth(FA))
    assert again.status_code == 200  # idempotent


def test_correction_supersedes_and_deletes_nothing(api: Api, session: Session) -> None:
    case = _case(api)
    member = _member(api, case["id"])
    wrong = _event(api, case["id"], member["id"], "DETAINED", "2021-06-05").json()
    fixed = _event(
        api,
        case["id"],
        member["id"],
        "DETAINED",
        "2021-06-01",
        supersedes=wrong["id"],
        note="ngày bắt giữ theo công hàm",
    )
    assert fixed.status_code == 201 and fixed.json()["supersedes"] == wrong["id"]
    again = _event(api, case["id"], member["id"], "DETAINED", "2021-06-02", supersedes=wrong["id"])
    assert again.status_code == 422 and "đã được đính chính" in again.json()["detail"]
    timeline = api.client.get(f"/api/cases/{case['id']}", headers=api.auth(FA)).json()["members"][
        0
    ]["timeline"]
    assert [(e["occurred_on"], e["in_effect"]) for e in timeline] == [
        ("2021-06-05", False),
        ("2021-06-01", True),
    ]
    assert session.scalar(select(func.count()).select_from(StatusEventRow)) == 2


def test_repeated_requests_store_once(api: Api, session: Session) -> None:
    case = _case(api, request_id="form-123")
    assert _case(api, request_id="form-123")["id"] == case["id"]
    member = _member(api, case["id"], nid="079085000111")
    assert _member(api, case["id"], nid="079085000111")["id"] == member["id"]
    first = _event(api, case["id"], member["id"], "DETAINED", "2021-06-01")
    second = _event(api, case["id"], member["id"], "DETAINED", "2021-06-01")
    assert first.json()["id"] == second.json()["id"]
    assert session.scalar(select(func.count()).select_from(StatusEventRow)) == 1
    kinds = session.scalars(select(AlertRow.kind)).all()
    # the case's boat is not in the registry: it is registered once, with its one alert
    assert sorted(kinds) == ["CASE_OPENED", "CASE_STATUS", "UNKNOWN_VESSEL"]


def test_unknown_case_member_or_event_is_404(api: Api) -> None:
    assert api.client.get("/api/cases/999", headers=api.auth(FA)).status_code == 404
    case = _case(api)
    assert _event(api, case["id"], 999, "DETAINED", "2021-06-01").status_code == 404
    member = _member(api, case["id"])
    response = _event(api, case["id"], member["id"], "DETAINED", "2021-06-01", supersedes=999)
    assert response.status_code == 404


def test_bad_input_is_422_not_500(api: Api) -> None:
    case = _case(api)
    member = _member(api, case["id"])
    assert _event(api, case["id"], member["id"], "ARRESTED", "2021-06-01").status_code == 422
    assert _event(api, case["id"], member["id"], "DETAINED", "01/06/2021").status_code == 422
    bad = api.client.post(
        "/api/cases",
        json={"kind": "piracy", "country": "MY", "occurred_on": "2021-06-01"},
        headers=api.auth(FA),
    )
    assert bad.status_code == 422


def test_a_man_added_to_a_detention_case_is_detained_from_its_date(api: Api) -> None:
    case = _case(api, occurred_on="2021-06-01")
    member = _member(api, case["id"], record_status=True)
    assert member["status"] == "DETAINED"
    assert [(e["status"], e["occurred_on"]) for e in member["timeline"]] == [
        ("DETAINED", "2021-06-01")
    ]
    # so "released" works at once (it was the English 422 "needs an open detention")
    assert _event(api, case["id"], member["id"], "RELEASED", "2021-06-20").status_code == 201
    later = _member(api, case["id"], "Lê Văn Hai", record_status=True, occurred_on="2021-06-03")
    assert later["timeline"][0]["occurred_on"] == "2021-06-03"  # told otherwise
    robbery = _case(api, kind="robbery", vessel_id="QNg-90009-TS")
    assert _member(api, robbery["id"], "Lê Văn Ba", record_status=True)["timeline"] == []


def test_released_without_detention_is_refused_in_vietnamese(api: Api) -> None:
    case = _case(api)
    member = _member(api, case["id"])
    response = _event(api, case["id"], member["id"], "RELEASED", "2021-06-10")
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail.startswith("Chưa thể ghi “được trả tự do”") and "RELEASED" not in detail


def test_dates_are_checked_against_each_other(api: Api) -> None:
    case = _case(api, occurred_on="2021-06-05")
    member = _member(api, case["id"])
    early = _event(api, case["id"], member["id"], "DETAINED", "2021-06-03")
    assert early.status_code == 422 and "sớm hơn ngày xảy ra" in early.json()["detail"]
    assert _event(api, case["id"], member["id"], "DETAINED", "2021-06-05").status_code == 201
    # the case cannot be re-dated after the detention it records
    late = api.client.patch(
        f"/api/cases/{case['id']}", json={"occurred_on": "2021-06-07"}, headers=api.auth(FA)
    )
    assert late.status_code == 422 and "muộn hơn" in late.json()["detail"]
    earlier = api.client.patch(
        f"/api/cases/{case['id']}", json={"occurred_on": "2021-06-04"}, headers=api.auth(FA)
    )
    assert earlier.status_code == 200 and earlier.json()["occurred_on"] == "2021-06-04"
    # a reported time must fall on the case's date in Vietnam (UTC+7)
    wrong = _case(
        api,
        occurred_on="2021-06-05",
        occurred_at="2021-06-05T18:30:00Z",
        vessel_id="QNg-90003-TS",
        expect=422,
    )
    assert "không khớp ngày" in wrong["detail"]
    right = _case(
        api, occurred_on="2021-06-06", occurred_at="2021-06-05T18:30:00Z", vessel_id="QNg-90004-TS"
    )
    assert right["occurred_at"].startswith("2021-06-05T18:30")
    born = api.client.post(
        f"/api/cases/{case['id']}/members",
        headers=api.auth(FA),
        json={"person": {"full_name": "Phạm Văn Năm", "birth_year": 2099}},
    )
    assert born.status_code == 422
