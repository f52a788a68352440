"""Handlers against the in-memory unit of work: the use cases' logic, no database."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest

from services.cases.commands import AddMember, AddNote, CloseCase, OpenCase, RecordStatus
from services.cases.errors import NotFound, RuleViolation
from services.cases.handlers import (
    add_member,
    add_note,
    close_case,
    handle_incident_report,
    open_case,
    record_status,
)
from services.vocabulary import AlertKind, CaseKind, Status
from tests.factories import incident_person, incident_report, person
from tests.unit.cases.fakes import FakeUnitOfWork

T0 = datetime(2021, 6, 10, 3, 0, tzinfo=UTC)


def test_report_opens_a_case_and_replay_changes_nothing() -> None:
    uow = FakeUnitOfWork()
    report = incident_report(occurred_at=T0)
    first = handle_incident_report(uow, report)
    state_after_first = repr(uow.state)
    again = handle_incident_report(uow, report)
    assert first.case_created and again.duplicate and again.case_id == first.case_id
    assert repr(uow.state) == state_after_first
    case = uow.state.cases[first.case_id]
    assert case.needs_review and report.vessel_id in uow.state.vessels
    assert [m.events[0].status for m in case.members] == [Status.DETAINED] * 3
    kinds = sorted(a.kind for a in uow.state.alerts.values())
    # the unknown boat comes with the registry's alert, raised once (the replay adds none)
    assert kinds == [AlertKind.CASE_OPENED] + [AlertKind.CASE_STATUS] * 3 + [
        AlertKind.UNKNOWN_VESSEL
    ]


def test_report_within_the_window_attaches_to_the_open_case() -> None:
    uow = FakeUnitOfWork()
    a = handle_incident_report(uow, incident_report(occurred_at=T0))
    b = handle_incident_report(
        uow, incident_report(occurred_at=T0 + timedelta(days=4), persons=[incident_person()])
    )
    c = handle_incident_report(uow, incident_report(occurred_at=T0 + timedelta(days=6)))
    assert b.case_id == a.case_id and not b.case_created
    assert c.case_created and c.case_id != a.case_id
    assert len(uow.state.cases[a.case_id].members) == 4


def test_unknown_status_in_a_report_is_a_problem_not_a_crash() -> None:
    uow = FakeUnitOfWork()
    result = handle_incident_report(
        uow,
        incident_report(
            occurred_at=T0,
            persons=[
                incident_person(full_name="Lý Văn Hòa", status="JAILED"),
                incident_person(full_name="Lý Văn Lộc", status="repatriated"),
                incident_person(full_name="Lý Văn Phú", date_of_birth="17/05/1990"),
            ],
        ),
    )
    problems = " | ".join(result.problems)
    assert "không rõ tình trạng “JAILED”" in problems
    assert "Lý Văn Lộc: Chưa thể ghi “đã về nước”" in problems
    assert "không đúng dạng YYYY-MM-DD" in problems
    assert uow.state.reports[result.report_id][1] == list(result.problems)


def test_a_failed_command_leaves_no_trace() -> None:
    uow = FakeUnitOfWork()
    case = open_case(
        uow,
        OpenCase(actor="lan", kind=CaseKind.DETENTION, country="my", occurred_on=date(2021, 6, 1)),
    )
    assert case.country == "MY"
    before = repr(uow.state)
    with pytest.raises(NotFound):
        add_member(uow, AddMember(actor="lan", case_id=case.id, person_id=404))
    with pytest.raises(RuleViolation, match="future"):
        open_case(
            uow,
            OpenCase(
                actor="lan", kind=CaseKind.DETENTION, country="MY", occurred_on=date(2021, 8, 2)
            ),
        )
    assert repr(uow.state) == before


def test_close_needs_end_statuses_and_notes_are_kept_once() -> None:
    uow = FakeUnitOfWork()
    case = open_case(
        uow,
        OpenCase(actor="lan", kind=CaseKind.DISTRESS, country="PH", occurred_on=date(2021, 6, 1)),
    )
    with uow:
        man = uow.persons.add(person(id=0), "lan", T0)
        uow.commit()
    member = add_member(uow, AddMember(actor="lan", case_id=case.id, person_id=man.id))
    note = AddNote(actor="lan", case_id=case.id, text="Tàu bạn cứu vớt")
    assert add_note(uow, note).id == add_note(uow, note).id
    with pytest.raises(RuleViolation, match="no end status"):
        close_case(uow, CloseCase(actor="lan", case_id=case.id))
    record_status(
        uow,
        RecordStatus(
            actor="lan",
            case_id=case.id,
            member_id=member.id,
            status=Status.RETURNED,
            occurred_on=date(2021, 6, 3),
        ),
    )
    closed = close_case(uow, CloseCase(actor="lan", case_id=case.id))
    assert closed.closed_at is not None
    actions = [a[1] for a in uow.state.audit]
    assert actions == [
        "case.open",
        "case.add_member",
        "case.add_note",
        "case.record_status",
        "case.close",
    ]


def _refused(command: Callable[[], object]) -> None:
    with pytest.raises(RuleViolation):
        command()


def test_every_change_to_an_existing_case_locks_it_before_reading_it() -> None:
    uow = FakeUnitOfWork()
    opened = handle_incident_report(uow, incident_report(occurred_at=T0))
    case_id = opened.case_id
    member_id = uow.state.cases[case_id].members[0].id
    with uow:
        man = uow.persons.add(person(id=0), "lan", T0)
        uow.commit()
    commands = [
        lambda: record_status(uow, RecordStatus(actor="lan", case_id=case_id, member_id=member_id,
                                                status=Status.RELEASED,
                                                occurred_on=date(2021, 6, 20))),
        lambda: add_note(uow, AddNote(actor="lan", case_id=case_id, text="Đã gặp lãnh sự")),
        lambda: add_member(uow, AddMember(actor="lan", case_id=case_id, person_id=man.id)),
        lambda: handle_incident_report(uow, incident_report(
            occurred_at=T0 + timedelta(days=2), persons=[incident_person()])),
        lambda: _refused(lambda: close_case(uow, CloseCase(actor="lan", case_id=case_id))),
    ]  # fmt: skip
    for command in commands:
        uow.trace.clear()
        command()
        reads = [i for i, (op, cid) in enumerate(uow.trace) if op == "get" and cid == case_id]
        assert reads and uow.trace[0] == ("lock", case_id), uow.trace
