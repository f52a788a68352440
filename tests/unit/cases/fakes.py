"""An in-memory unit of work: the handlers' protocol over dicts, for tests without a database.

Writes go to a staging copy and become visible on ``commit()``; leaving the ``with`` block
without committing drops them, as a rolled-back transaction would.
"""

from __future__ import annotations

import copy
import itertools
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Any

from services.alerts.model import Alert
from services.cases.model import Case, Document, Member, Note, Person, StatusEvent
from services.vessels.alerts import unknown_vessel_alert
from services.vessels.model import Sighting


@dataclass
class _State:
    persons: dict[int, Person] = field(default_factory=dict)
    cases: dict[int, Case] = field(default_factory=dict)
    request_ids: dict[str, int] = field(default_factory=dict)
    vessels: set[str] = field(default_factory=set)
    reports: dict[str, tuple[int, list[str]]] = field(default_factory=dict)
    audit: list[tuple[str, str, str, str]] = field(default_factory=list)
    alerts: dict[str, Alert] = field(default_factory=dict)
    risk_alerts: list[tuple[str, str, datetime]] = field(default_factory=list)
    files: dict[int, bytes] = field(default_factory=dict)


class FakePersons:
    def __init__(self, uow: FakeUnitOfWork) -> None:
        self.uow = uow

    def get(self, person_id: int) -> Person | None:
        return self.uow.staged.persons.get(person_id)

    def by_national_id(self, national_id: str) -> Person | None:
        return next(
            (p for p in self.uow.staged.persons.values() if p.national_id == national_id), None
        )

    def by_name(self, full_name: str, date_of_birth: date | None) -> Person | None:
        return next(
            (
                p
                for p in self.uow.staged.persons.values()
                if (p.full_name, p.date_of_birth) == (full_name, date_of_birth)
            ),
            None,
        )

    def add(self, person: Person, actor: str, at: datetime) -> Person:
        stored = replace(person, id=next(self.uow.ids))
        self.uow.staged.persons[stored.id] = stored
        return stored

    def update(self, person: Person) -> None:
        self.uow.staged.persons[person.id] = person

    def search(self, text: str | None, confirmed: bool | None, limit: int) -> list[Person]:
        return [
            p
            for p in self.uow.staged.persons.values()
            if (not text or text in p.full_name) and (confirmed is None or p.confirmed is confirmed)
        ][:limit]


class FakeCases:
    def __init__(self, uow: FakeUnitOfWork) -> None:
        self.uow = uow

    @property
    def _cases(self) -> dict[int, Case]:
        return self.uow.staged.cases

    def get(self, case_id: int) -> Case | None:
        self.uow.trace.append(("get", case_id))
        return self._cases.get(case_id)

    def lock(self, case_id: int) -> None:
        self.uow.trace.append(("lock", case_id))

    def by_request_id(self, request_id: str) -> Case | None:
        found = self.uow.staged.request_ids.get(request_id)
        return self._cases[found] if found is not None else None

    def find_open(self, vessel_id: str, country: str, start: date, end: date) -> Case | None:
        return next(
            (
                c
                for c in self._cases.values()
                if c.is_open
                and c.vessel_id == vessel_id
                and c.country == country
                and start <= c.occurred_on <= end
            ),
            None,
        )

    def add(self, case: Case, request_id: str | None) -> Case:
        stored = replace(case, id=next(self.uow.ids))
        self._cases[stored.id] = stored
        if request_id:
            self.uow.staged.request_ids[request_id] = stored.id
        return stored

    def add_member(self, case_id: int, person_id: int, actor: str, at: datetime) -> int:
        member = Member(
            id=next(self.uow.ids), case_id=case_id, person=self.uow.staged.persons[person_id]
        )
        case = self._cases[case_id]
        self._cases[case_id] = replace(case, members=(*case.members, member))
        return member.id

    def add_event(self, case_id: int, person_id: int, event: StatusEvent) -> StatusEvent:
        stored = replace(event, id=next(self.uow.ids))
        case = self._cases[case_id]
        members = tuple(
            replace(m, events=(*m.events, stored)) if m.id == event.member_id else m
            for m in case.members
        )
        self._cases[case_id] = replace(case, members=members)
        return stored

    def add_note(self, note: Note) -> Note:
        stored = replace(note, id=next(self.uow.ids))
        case = self._cases[note.case_id]
        self._cases[note.case_id] = replace(case, notes=(*case.notes, stored))
        return stored

    def update(self, case: Case) -> None:
        self._cases[case.id] = case

    def add_document(self, document: Document, content: bytes) -> Document:
        stored = replace(document, id=next(self.uow.ids))
        case = self._cases[document.case_id]
        self._cases[document.case_id] = replace(case, documents=(*case.documents, stored))
        self.uow.staged.files[stored.id] = content
        return stored

    def document(self, case_id: int, document_id: int) -> tuple[Document, bytes] | None:
        case = self._cases.get(case_id)
        found = next((d for d in case.documents if d.id == document_id), None) if case else None
        return (found, self.uow.staged.files[found.id]) if found else None

    def close(self, case_id: int, actor: str, at: datetime) -> None:
        self._cases[case_id] = replace(self._cases[case_id], closed_at=at, closed_by=actor)

    def mark_reviewed(self, case_id: int) -> None:
        self._cases[case_id] = replace(self._cases[case_id], needs_review=False)

    def link_alerts(self, case_id: int, alert_ids: list[str]) -> None:
        case = self._cases[case_id]
        self._cases[case_id] = replace(case, alert_ids=tuple(sorted({*case.alert_ids, *alert_ids})))

    def of_person(self, person_id: int) -> list[Case]:
        return [c for c in self._cases.values() if c.member_for_person(person_id)]

    def timelines_of_person(self, person_id: int) -> dict[int, list[StatusEvent]]:
        found: dict[int, list[StatusEvent]] = {}
        for case in self._cases.values():
            member = case.member_for_person(person_id)
            if member is not None and member.events:
                found[case.id] = list(member.events)
        return found

    def search(self, **filters: Any) -> list[Case]:
        return list(self._cases.values())


class FakeUnitOfWork:
    def __init__(
        self, state: _State | None = None, now: datetime = datetime(2021, 8, 1, tzinfo=UTC)
    ) -> None:
        self.state = state or _State()
        self.staged = self.state
        self.ids = itertools.count(1)
        self.clock = now
        self.committed = 0
        self.trace: list[tuple[str, int]] = []  # ("lock" | "get", case id), in call order
        self._emitted: list[Alert] = []
        self.persons = FakePersons(self)
        self.cases = FakeCases(self)

    def __enter__(self) -> FakeUnitOfWork:
        self.staged = copy.deepcopy(self.state)
        return self

    def __exit__(self, *exc: object) -> None:
        self.staged = self.state

    def commit(self) -> None:
        for alert in self._emitted:
            self.staged.alerts.setdefault(alert.alert_id, alert)
        self.state = self.staged
        self.committed += 1

    def rollback(self) -> None:
        self.staged = self.state

    def now(self) -> datetime:
        return self.clock

    def vessel_known(self, vessel_id: str) -> bool:
        return vessel_id in self.staged.vessels

    def register_unknown_vessel(self, sighting: Sighting, at: datetime) -> None:
        if sighting.vessel_id not in self.staged.vessels:
            self.staged.vessels.add(sighting.vessel_id)
            self._emitted.append(unknown_vessel_alert(
                sighting.vessel_id, sighting.ts, sighting.lat, sighting.lon, sighting.mmsi,
                sighting.source, now=at))  # fmt: skip

    def risk_alert_ids(
        self, vessel_id: str, kinds: frozenset[str], start: datetime, end: datetime
    ) -> list[str]:
        return [a for v, a, ts in self.staged.risk_alerts if v == vessel_id and start <= ts < end]

    def report_case(self, report_id: str) -> int | None:
        found = self.staged.reports.get(report_id)
        return found[0] if found else None

    def record_report(
        self,
        report_id: str,
        case_id: int,
        source: str,
        payload: dict[str, Any],
        problems: list[str],
    ) -> None:
        self.staged.reports[report_id] = (case_id, problems)

    def audit(
        self, actor: str, action: str, entity: str, entity_id: str, changes: dict[str, Any]
    ) -> None:
        self.staged.audit.append((actor, action, entity, entity_id))

    def emit(self, alert: Alert) -> None:
        self._emitted.append(alert)

    def collect_alerts(self) -> list[Alert]:
        alerts, self._emitted = self._emitted, []
        return alerts
