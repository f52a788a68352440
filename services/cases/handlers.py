"""Use cases of the consular-case system: one function per command, each one transaction.

Every handler takes a unit of work (``services.cases.ports.UnitOfWork``), enters it, and commits
once at the end; a domain error leaves nothing behind. The alerts a use case produces wait in
``uow.collect_alerts()`` for the caller to publish (the SQLAlchemy unit of work also stores them
in the same transaction). Every handler is idempotent: repeating a command returns what the
first one made.
"""

from __future__ import annotations

from dataclasses import replace

from services.cases.commands import (
    AddMember,
    AddNote,
    CloseCase,
    ConfirmPerson,
    MarkReviewed,
    OpenCase,
    RecordStatus,
    RegisterPerson,
)
from services.cases.errors import Conflict, NotFound, RuleViolation
from services.cases.incidents import IncidentResult, handle_incident_report
from services.cases.model import Case, Member, Note, Person, StatusEvent
from services.cases.ports import UnitOfWork
from services.cases.steps import add_member as _add_member
from services.cases.steps import create_case, ensure_open, load_case, record_event
from services.cases.timeline import Proposed, current_status, is_end
from services.vocabulary import normalize_country

__all__ = [
    "IncidentResult",
    "add_member",
    "add_note",
    "close_case",
    "confirm_person",
    "handle_incident_report",
    "mark_reviewed",
    "open_case",
    "record_status",
    "register_person",
]

_PERSON_FIELDS = (
    "full_name", "date_of_birth", "national_id", "home_commune", "home_district",
    "home_province", "family_contact", "family_phone",
)


def register_person(uow: UnitOfWork, cmd: RegisterPerson) -> Person:
    """Register a fisherman; the same national ID (or name and birth date) returns him again."""
    with uow:
        if cmd.national_id:
            known = uow.persons.by_national_id(cmd.national_id)
            if known is not None:
                if known.full_name.casefold() != cmd.full_name.casefold():
                    raise Conflict(
                        f"national ID {cmd.national_id} belongs to person {known.id} "
                        f"under another name"
                    )
                return known
        else:
            known = uow.persons.by_name(cmd.full_name, cmd.date_of_birth)
            if known is not None:
                return known
        draft = Person(id=0, confirmed=cmd.confirmed,
                       **{name: getattr(cmd, name) for name in _PERSON_FIELDS})
        person = uow.persons.add(draft, cmd.actor, uow.now())
        uow.audit(cmd.actor, "person.register", "person", str(person.id),
                  {"full_name": person.full_name, "confirmed": person.confirmed,
                   "has_national_id": bool(person.national_id)})
        uow.commit()
        return person


def confirm_person(uow: UnitOfWork, cmd: ConfirmPerson) -> Person:
    """An officer checked a person created from a report, filling in what was missing."""
    with uow:
        person = uow.persons.get(cmd.person_id)
        if person is None:
            raise NotFound(f"person {cmd.person_id} does not exist")
        changes = {n: getattr(cmd, n) for n in _PERSON_FIELDS if getattr(cmd, n) is not None}
        if cmd.national_id and cmd.national_id != person.national_id:
            other = uow.persons.by_national_id(cmd.national_id)
            if other is not None and other.id != person.id:
                raise Conflict(f"national ID {cmd.national_id} belongs to person {other.id}")
        updated = replace(person, confirmed=True, **changes)
        if updated != person:
            uow.persons.update(updated)
            logged = {k: v for k, v in changes.items() if k not in {"national_id", "family_phone"}}
            logged.update({k: "(changed)" for k in ("national_id", "family_phone") if k in changes})
            uow.audit(cmd.actor, "person.confirm", "person", str(person.id),
                      {"changed": {k: str(v) for k, v in logged.items()}, "confirmed": True})
            uow.commit()
        return updated


def open_case(uow: UnitOfWork, cmd: OpenCase) -> Case:
    """Open a case by hand; a repeated ``request_id`` returns the case it opened."""
    with uow:
        if cmd.request_id:
            known = uow.cases.by_request_id(cmd.request_id)
            if known is not None:
                return known
        draft = Case(
            id=0, kind=cmd.kind, country=normalize_country(cmd.country),
            occurred_on=cmd.occurred_on, source=cmd.source, created_at=uow.now(),
            created_by=cmd.actor, authority=cmd.authority, place=cmd.place, lat=cmd.lat,
            lon=cmd.lon, zone=cmd.zone, vessel_id=cmd.vessel_id,
        )
        case = create_case(uow, draft, cmd.request_id)
        uow.commit()
        return case


def add_member(uow: UnitOfWork, cmd: AddMember) -> Member:
    with uow:
        case = load_case(uow, cmd.case_id)
        person = uow.persons.get(cmd.person_id)
        if person is None:
            raise NotFound(f"person {cmd.person_id} does not exist")
        member = _add_member(uow, case, person, cmd.actor)
        uow.commit()
        return member


def record_status(uow: UnitOfWork, cmd: RecordStatus) -> StatusEvent:
    """Append a status event (or a correction) to a member's timeline, after the rules."""
    with uow:
        case = load_case(uow, cmd.case_id)
        member = case.member(cmd.member_id)
        if member is None:
            raise NotFound(f"member {cmd.member_id} is not in case {cmd.case_id}")
        proposed = Proposed(cmd.status, cmd.occurred_on, cmd.supersedes)
        event = record_event(uow, case, member, proposed, cmd.actor, cmd.note, cmd.document_ref)
        uow.commit()
        return event


def add_note(uow: UnitOfWork, cmd: AddNote) -> Note:
    """Attach a note (or a family's repatriation request); the same note twice is kept once."""
    with uow:
        case = load_case(uow, cmd.case_id)
        if cmd.member_id is not None and case.member(cmd.member_id) is None:
            raise NotFound(f"member {cmd.member_id} is not in case {cmd.case_id}")
        if not cmd.text.strip():
            raise RuleViolation("a note needs some text")
        for note in case.notes:
            if (note.member_id, note.kind, note.text) == (cmd.member_id, cmd.kind, cmd.text):
                return note
        ensure_open(case)
        note = uow.cases.add_note(Note(
            id=0, case_id=case.id, member_id=cmd.member_id, kind=cmd.kind, text=cmd.text,
            created_at=uow.now(), created_by=cmd.actor, document_ref=cmd.document_ref,
        ))
        uow.audit(cmd.actor, "case.add_note", "case", str(case.id),
                  {"note_id": note.id, "member_id": note.member_id, "kind": note.kind.value})
        uow.commit()
        return note


def close_case(uow: UnitOfWork, cmd: CloseCase) -> Case:
    """Close a case once every member has an end status; closing twice is harmless."""
    with uow:
        case = load_case(uow, cmd.case_id)
        if not case.is_open:
            return case
        pending = [m.person.full_name for m in case.members
                   if not is_end(current_status(m.events))]
        if pending:
            raise RuleViolation(
                "case cannot close: no end status yet for " + ", ".join(sorted(pending))
            )
        now = uow.now()
        uow.cases.close(case.id, cmd.actor, now)
        uow.audit(cmd.actor, "case.close", "case", str(case.id), {"closed_at": now.isoformat()})
        uow.commit()
        return replace(case, closed_at=now, closed_by=cmd.actor)


def mark_reviewed(uow: UnitOfWork, cmd: MarkReviewed) -> Case:
    """Clear a case's ``needs_review`` flag once an officer has checked it (idempotent)."""
    with uow:
        case = load_case(uow, cmd.case_id)
        if not case.needs_review:
            return case
        uow.cases.mark_reviewed(case.id)
        uow.audit(cmd.actor, "case.review", "case", str(case.id), {"needs_review": False})
        uow.commit()
        return replace(case, needs_review=False)
