"""Repositories of persons and cases: rows in, plain domain objects out.

They only read and append; the rules live in ``services.cases``. Lists load members, people and
events with ``selectinload`` so a page of cases costs a handful of queries, not one per row.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, select, update
from sqlalchemy.orm import Session, selectinload, undefer

from infra.db.cases import (
    CaseAlertRow,
    CaseDocumentRow,
    CaseMemberRow,
    CaseNoteRow,
    CaseRow,
    IncidentReportRow,
    PersonRow,
    StatusEventRow,
)
from services.cases.model import (
    Case,
    Document,
    DocumentKind,
    Member,
    Note,
    NoteKind,
    Person,
    StatusEvent,
)
from services.vocabulary import CaseKind, Status, utc

__all__ = ["SqlCaseRepository", "SqlPersonRepository", "to_person"]

_PERSON_FIELDS = (
    "full_name",
    "date_of_birth",
    "national_id",
    "home_commune",
    "home_district",
    "home_province",
    "family_contact",
    "family_phone",
    "confirmed",
    "birth_year",
)


def to_person(row: PersonRow) -> Person:
    return Person(id=row.id, **{name: getattr(row, name) for name in _PERSON_FIELDS})


def _to_event(row: StatusEventRow) -> StatusEvent:
    return StatusEvent(
        id=row.id,
        member_id=row.member_id,
        status=Status(row.status),
        occurred_on=row.occurred_on,
        recorded_at=row.recorded_at,
        recorded_by=row.recorded_by,
        note=row.note,
        document_ref=row.document_ref,
        supersedes=row.supersedes,
    )


def _to_note(row: CaseNoteRow) -> Note:
    return Note(
        id=row.id,
        case_id=row.case_id,
        member_id=row.member_id,
        kind=NoteKind(row.kind),
        text=row.text,
        created_at=row.created_at,
        created_by=row.created_by,
        document_ref=row.document_ref,
    )


def _to_document(row: CaseDocumentRow) -> Document:
    return Document(
        id=row.id,
        case_id=row.case_id,
        member_id=row.member_id,
        kind=DocumentKind(row.kind),
        filename=row.filename,
        content_type=row.content_type,
        size=row.size,
        sha256=row.sha256,
        uploaded_at=row.uploaded_at,
        uploaded_by=row.uploaded_by,
        note=row.note,
    )


class SqlPersonRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, person_id: int) -> Person | None:
        row = self.session.get(PersonRow, person_id)
        return to_person(row) if row else None

    def by_national_id(self, national_id: str) -> Person | None:
        row = self.session.scalar(select(PersonRow).where(PersonRow.national_id == national_id))
        return to_person(row) if row else None

    def by_name(self, full_name: str, date_of_birth: date | None) -> Person | None:
        query = select(PersonRow).where(PersonRow.full_name == full_name)
        query = query.where(
            PersonRow.date_of_birth.is_(None)
            if date_of_birth is None
            else PersonRow.date_of_birth == date_of_birth
        )
        row = self.session.scalars(query.order_by(PersonRow.id)).first()
        return to_person(row) if row else None

    def add(self, person: Person, actor: str, at: datetime) -> Person:
        row = PersonRow(
            created_at=at,
            created_by=actor,
            **{name: getattr(person, name) for name in _PERSON_FIELDS},
        )
        self.session.add(row)
        self.session.flush()
        return to_person(row)

    def update(self, person: Person) -> None:
        row = self.session.get(PersonRow, person.id)
        if row is None:
            raise LookupError(person.id)
        for name in _PERSON_FIELDS:
            setattr(row, name, getattr(person, name))
        self.session.flush()

    def search(self, text: str | None, confirmed: bool | None, limit: int) -> list[Person]:
        query = select(PersonRow)
        if text:
            pattern = f"%{text}%"
            query = query.where(
                PersonRow.full_name.ilike(pattern) | (PersonRow.national_id == text)
            )
        if confirmed is not None:
            query = query.where(PersonRow.confirmed.is_(confirmed))
        rows = self.session.scalars(query.order_by(PersonRow.full_name, PersonRow.id).limit(limit))
        return [to_person(row) for row in rows]


class SqlCaseRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _load(self, query: Select[CaseRow]) -> list[Case]:
        query = query.options(
            selectinload(CaseRow.members).selectinload(CaseMemberRow.person),
            selectinload(CaseRow.members).selectinload(CaseMemberRow.events),
        )
        rows: Sequence[CaseRow] = self.session.scalars(query).unique().all()
        if not rows:
            return []
        ids = [row.id for row in rows]
        notes: dict[int, list[Note]] = defaultdict(list)
        for note in self.session.scalars(
            select(CaseNoteRow).where(CaseNoteRow.case_id.in_(ids)).order_by(CaseNoteRow.id)
        ):
            notes[note.case_id].append(_to_note(note))
        docs: dict[int, list[Document]] = defaultdict(list)
        for doc in self.session.scalars(
            select(CaseDocumentRow)
            .where(CaseDocumentRow.case_id.in_(ids))
            .order_by(CaseDocumentRow.id)
        ):
            docs[doc.case_id].append(_to_document(doc))
        links: dict[int, list[str]] = defaultdict(list)
        for link in self.session.scalars(select(CaseAlertRow).where(CaseAlertRow.case_id.in_(ids))):
            links[link.case_id].append(link.alert_id)
        return [self._to_case(row, notes[row.id], links[row.id], docs[row.id]) for row in rows]

    @staticmethod
    def _to_case(
        row: CaseRow,
        notes: list[Note],
        alert_ids: list[str],
        documents: list[Document] | None = None,
    ) -> Case:
        members = tuple(
            Member(
                id=m.id,
                case_id=row.id,
                person=to_person(m.person),
                events=tuple(_to_event(e) for e in m.events),
            )
            for m in row.members
        )
        return Case(
            id=row.id,
            kind=CaseKind(row.kind),
            country=row.country,
            occurred_on=row.occurred_on,
            source=row.source,
            created_at=row.created_at,
            created_by=row.created_by,
            authority=row.authority,
            place=row.place,
            lat=row.lat,
            lon=row.lon,
            zone=row.zone,
            vessel_id=row.vessel_id,
            first_report_id=row.first_report_id,
            needs_review=row.needs_review,
            closed_at=row.closed_at,
            closed_by=row.closed_by,
            members=members,
            notes=tuple(notes),
            alert_ids=tuple(sorted(alert_ids)),
            occurred_at=utc(row.occurred_at) if row.occurred_at else None,
            documents=tuple(documents or ()),
        )

    def get(self, case_id: int) -> Case | None:
        found = self._load(select(CaseRow).where(CaseRow.id == case_id))
        return found[0] if found else None

    def by_request_id(self, request_id: str) -> Case | None:
        found = self._load(select(CaseRow).where(CaseRow.request_id == request_id))
        return found[0] if found else None

    def find_open(self, vessel_id: str, country: str, start: date, end: date) -> Case | None:
        found = self._load(
            select(CaseRow)
            .where(
                CaseRow.vessel_id == vessel_id,
                CaseRow.country == country,
                CaseRow.closed_at.is_(None),
                CaseRow.occurred_on >= start,
                CaseRow.occurred_on <= end,
            )
            .order_by(CaseRow.occurred_on.desc(), CaseRow.id.desc())
            .limit(1)
        )
        return found[0] if found else None

    def add(self, case: Case, request_id: str | None) -> Case:
        row = CaseRow(
            kind=case.kind.value,
            country=case.country,
            authority=case.authority,
            place=case.place,
            lat=case.lat,
            lon=case.lon,
            zone=case.zone,
            occurred_on=case.occurred_on,
            vessel_id=case.vessel_id,
            source=case.source,
            first_report_id=case.first_report_id,
            request_id=request_id,
            needs_review=case.needs_review,
            created_at=case.created_at,
            created_by=case.created_by,
            occurred_at=case.occurred_at,
        )
        self.session.add(row)
        self.session.flush()
        return self._to_case(row, [], [])

    def add_member(self, case_id: int, person_id: int, actor: str, at: datetime) -> int:
        row = CaseMemberRow(case_id=case_id, person_id=person_id, added_at=at, added_by=actor)
        self.session.add(row)
        self.session.flush()
        return row.id

    def add_event(self, case_id: int, person_id: int, event: StatusEvent) -> StatusEvent:
        row = StatusEventRow(
            member_id=event.member_id,
            case_id=case_id,
            person_id=person_id,
            status=event.status.value,
            occurred_on=event.occurred_on,
            recorded_at=event.recorded_at,
            recorded_by=event.recorded_by,
            note=event.note,
            document_ref=event.document_ref,
            supersedes=event.supersedes,
        )
        self.session.add(row)
        self.session.flush()
        return _to_event(row)

    def add_note(self, note: Note) -> Note:
        row = CaseNoteRow(
            case_id=note.case_id,
            member_id=note.member_id,
            kind=note.kind.value,
            text=note.text,
            document_ref=note.document_ref,
            created_at=note.created_at,
            created_by=note.created_by,
        )
        self.session.add(row)
        self.session.flush()
        return _to_note(row)

    def update(self, case: Case) -> None:
        row = self.session.get(CaseRow, case.id)
        if row is None:
            raise LookupError(case.id)
        for name in (
            "occurred_on",
            "occurred_at",
            "authority",
            "place",
            "lat",
            "lon",
            "zone",
            "vessel_id",
            "needs_review",
        ):
            setattr(row, name, getattr(case, name))
        self.session.flush()

    def add_document(self, document: Document, content: bytes) -> Document:
        row = CaseDocumentRow(
            case_id=document.case_id,
            member_id=document.member_id,
            kind=document.kind.value,
            filename=document.filename,
            content_type=document.content_type,
            size=document.size,
            sha256=document.sha256,
            content=content,
            note=document.note,
            uploaded_at=document.uploaded_at,
            uploaded_by=document.uploaded_by,
        )
        self.session.add(row)
        self.session.flush()
        return _to_document(row)

    def document(self, case_id: int, document_id: int) -> tuple[Document, bytes] | None:
        row = self.session.scalar(
            select(CaseDocumentRow)
            .where(CaseDocumentRow.id == document_id, CaseDocumentRow.case_id == case_id)
            .options(undefer(CaseDocumentRow.content))
        )
        return (_to_document(row), row.content) if row else None

    def lock(self, case_id: int) -> None:
        """Hold the case against other writers until this transaction ends.

        A no-op UPDATE of the case row: PostgreSQL locks the row, and SQLite takes its write
        lock (the UPDATE opens the transaction, so what is read next is the newest state). Two
        officers saving the same status at once (or one double-clicking) are then checked one
        after the other, and the second finds the first's event instead of storing a second.
        """
        self.session.execute(
            update(CaseRow).where(CaseRow.id == case_id).values(kind=CaseRow.kind),
            execution_options={"synchronize_session": False},
        )

    def close(self, case_id: int, actor: str, at: datetime) -> None:
        row = self.session.get(CaseRow, case_id)
        if row is None:
            raise LookupError(case_id)
        row.closed_at, row.closed_by = at, actor
        self.session.flush()

    def mark_reviewed(self, case_id: int) -> None:
        row = self.session.get(CaseRow, case_id)
        if row is None:
            raise LookupError(case_id)
        row.needs_review = False
        self.session.flush()

    def link_alerts(self, case_id: int, alert_ids: list[str]) -> None:
        known = set(
            self.session.scalars(
                select(CaseAlertRow.alert_id).where(CaseAlertRow.case_id == case_id)
            )
        )
        for alert_id in dict.fromkeys(alert_ids):
            if alert_id not in known:
                self.session.add(CaseAlertRow(case_id=case_id, alert_id=alert_id))
        self.session.flush()

    def of_person(self, person_id: int) -> list[Case]:
        in_case = select(CaseMemberRow.case_id).where(CaseMemberRow.person_id == person_id)
        return self._load(select(CaseRow).where(CaseRow.id.in_(in_case)).order_by(CaseRow.id))

    def timelines_of_person(self, person_id: int) -> dict[int, list[StatusEvent]]:
        """The person's events grouped by case id: one query, for the open-detention rule."""
        found: dict[int, list[StatusEvent]] = defaultdict(list)
        for row in self.session.scalars(
            select(StatusEventRow).where(StatusEventRow.person_id == person_id)
        ):
            found[row.case_id].append(_to_event(row))
        return dict(found)

    def search(
        self,
        *,
        is_open: bool | None = None,
        country: str | None = None,
        vessel_id: str | None = None,
        person_id: int | None = None,
        needs_review: bool | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[Case]:
        query = select(CaseRow)
        if is_open is not None:
            query = query.where(
                CaseRow.closed_at.is_(None) if is_open else CaseRow.closed_at.is_not(None)
            )
        if country:
            query = query.where(CaseRow.country == country)
        if vessel_id:
            query = query.where(CaseRow.vessel_id == vessel_id)
        if needs_review is not None:
            query = query.where(CaseRow.needs_review.is_(needs_review))
        if person_id is not None:
            query = query.where(
                CaseRow.id.in_(
                    select(CaseMemberRow.case_id).where(CaseMemberRow.person_id == person_id)
                )
            )
        query = query.order_by(CaseRow.occurred_on.desc(), CaseRow.id.desc())
        return self._load(query.limit(limit).offset(offset))

    def report_case(self, report_id: str) -> int | None:
        return self.session.scalar(
            select(IncidentReportRow.case_id).where(IncidentReportRow.report_id == report_id)
        )

    def record_report(
        self,
        report_id: str,
        case_id: int,
        source: str,
        payload: dict[str, Any],
        problems: list[str],
        at: datetime,
    ) -> None:
        self.session.add(
            IncidentReportRow(
                report_id=report_id,
                case_id=case_id,
                source=source,
                received_at=at,
                payload=payload,
                problems=problems,
            )
        )
        self.session.flush()
