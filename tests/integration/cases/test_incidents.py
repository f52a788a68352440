"""The incident-stream use case against a real database (SQLite, and PostgreSQL when up)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from infra.db import metadata
from infra.db.base import get_engine
from infra.db.cases import CaseAlertRow, CaseRow, IncidentReportRow, PersonRow, StatusEventRow
from infra.db.models import AlertRow, Vessel
from infra.db.users import AuditRow
from infra.uow import SqlAlchemyUnitOfWork
from services.cases.errors import RuleViolation
from services.cases.handlers import handle_incident_report
from streams.records import IncidentKind
from tests.factories import incident_person, incident_report

UowFactory = Callable[[], SqlAlchemyUnitOfWork]
T0 = datetime(2021, 6, 10, 3, 0, tzinfo=UTC)


def _dump(url: str) -> dict[str, list[tuple[Any, ...]]]:
    with get_engine(url).connect() as conn:
        return {
            table.name: sorted(
                (tuple(str(v) for v in row) for row in conn.execute(table.select())), key=str
            )
            for table in metadata.sorted_tables
        }


def test_report_opens_case_with_unknown_vessel_and_people_flagged(
    uow_factory: UowFactory, session: Session
) -> None:
    report = incident_report(occurred_at=T0)
    result = handle_incident_report(uow_factory(), report)
    assert result.case_created and not result.duplicate and not result.problems
    assert len(result.new_person_ids) == 3
    case = session.get(CaseRow, result.case_id)
    assert case is not None and case.needs_review and case.country == "MY"
    vessel = session.get(Vessel, report.vessel_id)
    assert vessel is not None and vessel.registered is False
    persons = session.scalars(select(PersonRow)).all()
    assert {p.confirmed for p in persons} == {False}
    statuses = session.scalars(select(StatusEventRow.status)).all()
    assert statuses == ["DETAINED"] * 3
    every = session.scalars(select(AlertRow)).all()
    # the unknown boat is registered the registry's one way: with its alert, for the border guard
    unknown = [a for a in every if a.kind == "UNKNOWN_VESSEL"]
    assert [(a.vessel_id, a.audience) for a in unknown] == [(report.vessel_id, ["border_guard"])]
    alerts = [a for a in every if a.kind != "UNKNOWN_VESSEL"]
    kinds = sorted(a.kind for a in alerts)
    assert kinds == ["CASE_OPENED"] + ["CASE_STATUS"] * 3
    assert all(a.audience == ["foreign_affairs"] for a in alerts)
    opened = next(a for a in alerts if a.kind == "CASE_OPENED")
    assert "Malaysia" in opened.message and "bắt giữ" in opened.message


def test_replaying_the_stream_twice_gives_the_same_database(
    uow_factory: UowFactory, db_url: str
) -> None:
    crew = [incident_person(full_name=f"Lê Văn {c}") for c in "ABCD"]
    stream = [
        incident_report(report_id="a1", occurred_at=T0, persons=crew[:2]),
        incident_report(report_id="a2", occurred_at=T0 + timedelta(days=2), persons=crew),
        incident_report(
            report_id="b1",
            occurred_at=T0,
            vessel_id="BĐ-1234-TS".replace("Đ", "D"),
            country="ID",
            persons=[incident_person()],
        ),
        incident_report(
            report_id="c1",
            occurred_at=T0 + timedelta(days=20),
            kind=IncidentKind.DETENTION,
            vessel_id=None,
            persons=[crew[0].model_copy(update={"status": "RELEASED"})],
        ),
    ]
    first = [handle_incident_report(uow_factory(), r) for r in stream]
    once = _dump(db_url)
    second = [handle_incident_report(uow_factory(), r) for r in stream]
    assert _dump(db_url) == once
    assert all(r.duplicate for r in second)
    assert [r.case_id for r in second] == [r.case_id for r in first]
    # a2 attached to a1's case (same vessel and country, 2 days later); c1 found it by person
    assert first[1].case_id == first[0].case_id == first[3].case_id
    assert first[2].case_id != first[0].case_id
    assert len(once["cases"]) == 2 and len(once["persons"]) == 5


def test_report_beyond_the_window_opens_a_second_case(uow_factory: UowFactory) -> None:
    a = handle_incident_report(uow_factory(), incident_report(occurred_at=T0))
    b = handle_incident_report(
        uow_factory(), incident_report(occurred_at=T0 + timedelta(days=30), persons=[])
    )
    assert b.case_created and b.case_id != a.case_id


def test_same_vessel_other_country_opens_another_case(uow_factory: UowFactory) -> None:
    a = handle_incident_report(uow_factory(), incident_report(occurred_at=T0))
    b = handle_incident_report(
        uow_factory(), incident_report(occurred_at=T0, country="IDN", persons=[])
    )
    assert b.case_created and b.case_id != a.case_id


def test_person_detained_elsewhere_is_kept_as_a_problem(
    uow_factory: UowFactory, session: Session
) -> None:
    man = incident_person(full_name="Phạm Văn Cường")
    handle_incident_report(uow_factory(), incident_report(occurred_at=T0, persons=[man]))
    other = handle_incident_report(
        uow_factory(),
        incident_report(
            occurred_at=T0 + timedelta(days=1), country="ID", vessel_id="QNg-1-TS", persons=[man]
        ),
    )
    assert len(other.problems) == 1 and "hồ sơ khác" in other.problems[0]
    stored = session.get(IncidentReportRow, other.report_id)
    assert stored is not None and stored.problems == list(other.problems)
    assert len(session.scalars(select(StatusEventRow)).all()) == 1


def test_future_report_is_refused_and_leaves_nothing(
    uow_factory: UowFactory, session: Session
) -> None:
    report = incident_report(occurred_at=datetime.now(UTC) + timedelta(days=3))
    with pytest.raises(RuleViolation, match="future"):
        handle_incident_report(uow_factory(), report)
    assert session.scalars(select(CaseRow)).all() == []
    assert session.scalars(select(Vessel)).all() == []


def test_case_links_the_vessels_recent_risk_alerts(
    uow_factory: UowFactory, session: Session
) -> None:
    vessel = "QNg-95555-TS"
    rows = [
        ("near", "INSIDE_FOREIGN", T0 - timedelta(days=2)),
        ("old", "APPROACHING", T0 - timedelta(days=12)),
        ("safe", "BACK_SAFE", T0 - timedelta(days=1)),
        ("dark", "DARK_24H", T0 - timedelta(hours=5)),
    ]
    for alert_id, kind, ts in rows:
        session.add(
            AlertRow(
                alert_id=alert_id,
                kind=kind,
                severity="warning",
                vessel_id=vessel,
                ts=ts,
                created_at=ts,
                audience=["border_guard"],
                message="x",
                details={},
            )
        )
    session.commit()
    result = handle_incident_report(
        uow_factory(), incident_report(occurred_at=T0, vessel_id=vessel)
    )
    linked = session.scalars(
        select(CaseAlertRow.alert_id).where(CaseAlertRow.case_id == result.case_id)
    ).all()
    assert sorted(linked) == ["dark", "near"]


def test_every_write_is_audited(uow_factory: UowFactory, session: Session) -> None:
    handle_incident_report(uow_factory(), incident_report(occurred_at=T0, report_id="aud-1"))
    actions = session.scalars(select(AuditRow.action)).all()
    assert actions.count("case.open") == 1
    assert actions.count("person.register") == 3
    assert actions.count("case.record_status") == 3
    assert actions.count("incident.apply") == 1
    assert {a for a in session.scalars(select(AuditRow.actor))} == {"feed:border_post"}


def test_timeline_view_flags_corrections(uow_factory: UowFactory, db_url: str) -> None:
    result = handle_incident_report(
        uow_factory(),
        incident_report(occurred_at=T0, persons=[incident_person(full_name="Võ Văn Dũng")]),
    )
    from services.cases.commands import RecordStatus, UpdateCase
    from services.cases.errors import RuleViolation
    from services.cases.handlers import record_status, update_case
    from services.vocabulary import Status

    uow = uow_factory()
    with uow:
        case = uow.cases.get(result.case_id)
    assert case is not None
    member = case.members[0]
    correction = RecordStatus(
        actor="officer",
        case_id=case.id,
        member_id=member.id,
        status=Status.DETAINED,
        occurred_on=T0.date() - timedelta(days=1),
        supersedes=member.events[0].id,
    )
    with pytest.raises(RuleViolation, match="before the incident"):  # the case says the 10th
        record_status(uow_factory(), correction)
    update_case(
        uow_factory(),
        UpdateCase(actor="officer", case_id=case.id, occurred_on=T0.date() - timedelta(days=1)),
    )
    record_status(uow_factory(), correction)
    with get_engine(db_url).connect() as conn:
        rows = conn.execute(
            text(
                "SELECT status, occurred_on, in_effect, country, case_kind FROM status_timeline "
                "ORDER BY event_id"
            )
        ).all()
    assert [(r[0], str(r[1]), r[2], r[3], r[4]) for r in rows] == [
        ("DETAINED", "2021-06-10", 0, "MY", "detention"),
        ("DETAINED", "2021-06-09", 1, "MY", "detention"),
    ]


def test_case_zone_comes_from_geo(uow_factory: UowFactory, session: Session) -> None:
    result = handle_incident_report(
        uow_factory(), incident_report(occurred_at=T0, country="ID", lat=6.2, lon=108.9, persons=[])
    )
    case = session.get(CaseRow, result.case_id)
    assert case is not None and case.zone == "eez:ID"
    paracels = handle_incident_report(
        uow_factory(),
        incident_report(occurred_at=T0, country="CN", lat=16.5, lon=112.0, persons=[]),
    )
    case = session.get(CaseRow, paracels.case_id)
    assert case is not None and case.zone == "archipelago:quần đảo Hoàng Sa"
    alert = session.scalars(
        select(AlertRow).where(AlertRow.kind == "CASE_OPENED", AlertRow.country == "CN")
    ).one()
    assert alert.zone_kind == "archipelago" and alert.details["zone"] == case.zone
