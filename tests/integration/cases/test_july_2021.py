"""The Quảng Ngãi report of July 2021, followed by officers through the API.

During July 2021, 9 fishermen came home from China; at the end of the month 23 were still held
abroad (Indonesia 13, Malaysia 7, China 3), and the families of 6 of those in Malaysia had asked
for them to be brought home. The story below builds that from a border post's incident report
and officers' entries (with one mistaken date corrected), then reads the figures back.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from infra.db.models import AlertRow
from tests.integration.cases.conftest import Api
from tests.integration.cases.test_incidents import _dump

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Lâm", "Minh", "Phúc", "Sơn"]


def _crew(vessel: str, n: int) -> list[dict[str, Any]]:
    """The same crew every time for a vessel, so the story can be replayed request by request."""
    base = int(vessel.split("-")[1])
    return [
        {
            "full_name": f"{SURNAMES[i % 10]} Văn {GIVEN[base % 10]}",
            "national_id": f"0510{base:05d}{i:03d}",
            "date_of_birth": f"{1970 + i}-01-0{1 + i % 9}",
            "home_district": "Lý Sơn",
            "family_phone": "0905000000",
        }
        for i in range(n)
    ]


class Officer:
    def __init__(self, api: Api, role: str = "foreign_affairs") -> None:
        self.api, self.headers = api, api.auth(role)

    def post(self, path: str, body: dict[str, Any] | None = None, status: int = 201) -> Any:
        response = self.api.client.post(path, json=body, headers=self.headers)
        assert response.status_code == status, f"{path}: {response.text}"
        return response.json()

    def get(self, path: str, **params: Any) -> Any:
        response = self.api.client.get(path, params=params, headers=self.headers)
        assert response.status_code == 200, response.text
        return response.json()

    def case(self, kind: str, country: str, on: str, vessel: str, crew: int) -> dict[str, Any]:
        case = self.post(
            "/api/cases",
            {
                "kind": kind,
                "country": country,
                "occurred_on": on,
                "vessel_id": vessel,
                "request_id": f"form-{vessel}",
            },
        )
        for person in _crew(vessel, crew):
            self.post(f"/api/cases/{case['id']}/members", {"person": person})
        return self.get(f"/api/cases/{case['id']}")

    def status(
        self,
        case: dict[str, Any],
        members: list[dict[str, Any]],
        status: str,
        on: str,
        **extra: Any,
    ) -> list[dict[str, Any]]:
        return [
            self.post(
                f"/api/cases/{case['id']}/members/{m['id']}/events",
                {"status": status, "occurred_on": on, **extra},
            )
            for m in members
        ]


def play_july_2021(api: Api) -> dict[str, Any]:
    fa, guard = Officer(api), Officer(api, "border_guard")
    # China: 9 seized near Hoàng Sa in June, home in July; 3 others still held.
    paracels = fa.case("detention", "CN", "2021-06-05", "QNg-96417-TS", 9)
    fa.status(paracels, paracels["members"], "DETAINED", "2021-06-05")
    fa.status(paracels, paracels["members"], "RELEASED", "2021-07-01")
    wrong = fa.status(paracels, paracels["members"][:1], "REPATRIATED", "2021-07-01")[0]
    fa.status(paracels, paracels["members"][1:], "REPATRIATED", "2021-07-03")
    # the first man's return was entered with the release date; the embassy's note says the 3rd
    fa.status(
        paracels,
        paracels["members"][:1],
        "REPATRIATED",
        "2021-07-03",
        supersedes=wrong["id"],
        document_ref="CV 512/ĐSQ",
    )
    fa.post(f"/api/cases/{paracels['id']}/close", status=200)
    held_cn = fa.case("detention", "CN", "2021-07-20", "QNg-90555-TS", 3)
    fa.status(held_cn, held_cn["members"], "DETAINED", "2021-07-20")
    # Indonesia: two boats, 8 and 5 men, sentenced and fined; still held.
    for vessel, crew, on in (("QNg-90999-TS", 8, "2021-03-14"), ("QNg-91234-TS", 5, "2021-05-02")):
        boat = fa.case("detention", "ID", on, vessel, crew)
        fa.status(boat, boat["members"], "DETAINED", on)
        fa.status(boat, boat["members"], "CONSULAR_ACCESS", "2021-05-20")
        fa.status(boat, boat["members"][:2], "SENTENCED", "2021-06-15", note="Chủ tàu, máy trưởng")
    # Malaysia: the border post reports 7 men detained; officers confirm and note 6 requests.
    report = {
        "report_id": "BP-QN-2021-0612",
        "kind": "detention",
        "country": "MYS",
        "occurred_at": datetime(2021, 6, 12, 2, 30, tzinfo=UTC).isoformat(),
        "vessel_id": "QNg-95007-TS",
        "authority": "MMEA",
        "source": "border_post",
        "persons": [
            {k: v for k, v in p.items() if k != "home_district"} for p in _crew("QNg-95007-TS", 7)
        ],
    }
    applied = guard.post("/api/incidents", report, status=200)
    assert guard.post("/api/incidents", report, status=200)["duplicate"] is True
    fa.post(f"/api/cases/{applied['case_id']}/review", status=200)
    malaysia = fa.get(f"/api/cases/{applied['case_id']}")
    for member in malaysia["members"]:
        fa.post(
            f"/api/persons/{member['person']['id']}/confirm",
            {"home_district": "Bình Sơn"},
            status=200,
        )
    fa.status(malaysia, malaysia["members"], "IDENTITY_VERIFIED", "2021-06-30")
    for member in malaysia["members"][:6]:
        fa.post(
            f"/api/cases/{malaysia['id']}/notes",
            {
                "kind": "repatriation_request",
                "member_id": member["id"],
                "text": "Gia đình có đơn đề nghị hỗ trợ đưa ngư dân về nước",
            },
        )
    return {"paracels": paracels, "malaysia": malaysia, "first_man": paracels["members"][0]}


def test_replaying_the_story_changes_nothing(api: Api, db_url: str) -> None:
    play_july_2021(api)
    once = _dump(db_url)
    play_july_2021(api)
    assert _dump(db_url) == once


def test_officers_follow_the_july_2021_report(api: Api, session: Session) -> None:
    story = play_july_2021(api)
    reported = Officer(api).get("/api/incidents/BP-QN-2021-0612")
    assert reported["problems"] == [] and reported["case_id"] == story["malaysia"]["id"]
    assert story["malaysia"]["vessel_id"] == "QNg-95007-TS"
    assert story["malaysia"]["needs_review"] is False  # reviewed: the boat was not registered
    # no boat of the story is in the registry: the other four cases still wait for review
    waiting = Officer(api).get("/api/cases", needs_review="true")
    assert len(waiting) == 4 and story["malaysia"]["id"] not in [c["id"] for c in waiting]
    viewer = Officer(api, "viewer")
    summary = viewer.get("/api/cases/summary", month="2021-07")
    assert summary["repatriated"] == {"CN": 9}
    assert summary["still_detained"] == {"ID": 13, "MY": 7, "CN": 3}
    assert summary["repatriation_requested"] == {"MY": 6}
    assert summary["totals"] == {
        "repatriated": 9,
        "still_detained": 23,
        "repatriation_requested": 6,
    }
    # a month earlier the 9 were still held in China, and nobody had come home
    june = viewer.get("/api/cases/summary", month="2021-06")
    assert june["repatriated"] == {} and june["still_detained"] == {"ID": 13, "MY": 7, "CN": 9}

    open_cases = viewer.get("/api/cases", state="open")
    statuses = sorted(((c["country"], c["member_statuses"]) for c in open_cases), key=str)
    assert statuses == sorted(
        [
            ("CN", {"DETAINED": 3}),
            ("ID", {"CONSULAR_ACCESS": 6, "SENTENCED": 2}),
            ("ID", {"CONSULAR_ACCESS": 3, "SENTENCED": 2}),
            ("MY", {"IDENTITY_VERIFIED": 7}),
        ],
        key=str,
    )
    assert [c["id"] for c in viewer.get("/api/cases", vessel_id="QNg-96417-TS")] == [
        story["paracels"]["id"]
    ]
    assert len(viewer.get("/api/cases", country="IDN")) == 2

    man = story["first_man"]["person"]["id"]
    history = Officer(api).get(f"/api/persons/{man}")
    timeline = history["cases"][0]["member"]["timeline"]
    assert [(e["status"], e["occurred_on"], e["in_effect"]) for e in timeline] == [
        ("DETAINED", "2021-06-05", True),
        ("RELEASED", "2021-07-01", True),
        ("REPATRIATED", "2021-07-01", False),
        ("REPATRIATED", "2021-07-03", True),
    ]
    assert history["person"]["national_id"] is not None
    assert viewer.get(f"/api/persons/{man}")["person"]["national_id"] is None

    opened = session.scalars(select(AlertRow).where(AlertRow.kind == "CASE_OPENED")).all()
    assert len(opened) == 5 and all(a.audience == ["foreign_affairs"] for a in opened)
