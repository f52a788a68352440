"""Alerts, the month summary and redacted views: pure functions of domain objects."""

from __future__ import annotations

from datetime import UTC, date, datetime

from services.cases.alerts import case_opened_alert, status_alert
from services.cases.model import Case, Member, Note, NoteKind
from services.cases.summary import month_summary
from services.cases.views import case_view, person_view
from services.vocabulary import AlertKind, CaseKind, Severity, Status, vn_date
from tests.factories import event, person

NOW = datetime(2021, 8, 1, tzinfo=UTC)


def _case(
    country: str, members: tuple[Member, ...] = (), notes: tuple[Note, ...] = (), case_id: int = 7
) -> Case:
    return Case(
        id=case_id,
        kind=CaseKind.DETENTION,
        country=country,
        occurred_on=date(2021, 6, 5),
        source="officer",
        created_at=NOW,
        created_by="lan",
        vessel_id="QNg-96417-TS",
        members=members,
        notes=notes,
    )


def _member(member_id: int, *steps: tuple[str, date], case_id: int = 7) -> Member:
    events = tuple(event(s, on, member_id=member_id) for s, on in steps)
    return Member(id=member_id, case_id=case_id, person=person(), events=events)


def test_case_opened_alert_is_vietnamese_and_deterministic() -> None:
    alert = case_opened_alert(_case("CN"), NOW, crew_count=9)
    assert alert.kind is AlertKind.CASE_OPENED and alert.severity is Severity.CRITICAL
    assert alert.audience == ["foreign_affairs"]
    assert alert.message == (
        "Vụ việc mới #7: bắt giữ tàu và thuyền viên tại Trung Quốc, "
        "tàu QNg-96417-TS, ngày 05/06/2021. 9 ngư dân liên quan."
    )
    later = case_opened_alert(_case("CN"), datetime(2022, 1, 1, tzinfo=UTC), crew_count=9)
    assert later.alert_id == alert.alert_id  # replay-safe: depends on the case, not the clock


def test_status_alert_names_the_fisherman_and_marks_corrections() -> None:
    member = _member(3, ("DETAINED", date(2021, 6, 5)))
    fix = event("REPATRIATED", date(2021, 7, 3), member_id=3, supersedes=99)
    alert = status_alert(_case("CN"), member, fix)
    assert member.person.full_name in alert.message
    assert "đã về nước ngày 03/07/2021 (đính chính)" in alert.message
    assert alert.details["event_id"] == fix.id


def test_month_summary_counts_by_country() -> None:
    d = date
    home = _member(1, ("DETAINED", d(2021, 6, 5)), ("REPATRIATED", d(2021, 7, 3)))
    home_june = _member(2, ("DETAINED", d(2021, 5, 5)), ("REPATRIATED", d(2021, 6, 30)))
    held = _member(3, ("DETAINED", d(2021, 6, 5)))
    freed_late = _member(4, ("DETAINED", d(2021, 6, 5)), ("RELEASED", d(2021, 8, 2)))
    asked = Note(
        id=1,
        case_id=8,
        member_id=3,
        kind=NoteKind.REPATRIATION_REQUEST,
        text="x",
        created_at=NOW,
        created_by="lan",
    )
    summary = month_summary(
        [_case("CN", (home, home_june)), _case("MY", (held, freed_late), (asked,), case_id=8)],
        2021,
        7,
    )
    assert summary.repatriated == {"CN": 1}
    assert summary.still_detained == {"MY": 2}
    assert summary.repatriation_requested == {"MY": 1}
    assert summary.totals == {"repatriated": 1, "still_detained": 2, "repatriation_requested": 1}


def test_views_hide_id_and_phone_numbers_from_other_roles() -> None:
    p = person()
    assert person_view(p, True)["national_id"] == p.national_id
    hidden = person_view(p, False)
    assert hidden["national_id"] is None and hidden["family_phone"] is None
    assert hidden["full_name"] == p.full_name and hidden["redacted"] is True
    member = _member(1, ("DETAINED", date(2021, 6, 5)))
    view = case_view(_case("MY", (member,)), False)
    assert view["member_statuses"] == {"DETAINED": 1}
    assert view["members"][0]["person"]["national_id"] is None
    assert view["members"][0]["status"] == Status.DETAINED.value


def test_vietnam_date_of_an_instant() -> None:
    assert vn_date(datetime(2021, 6, 30, 17, 30, tzinfo=UTC)) == date(2021, 7, 1)
    assert vn_date(datetime(2021, 6, 30, 16, 59)) == date(2021, 6, 30)
