"""Use cases of the consular-case system: one function per command, each one transaction.

Every handler takes a unit of work (``services.cases.ports.UnitOfWork``), enters it, and commits
once at the end; a domain error leaves nothing behind. The alerts a use case produces wait in
``uow.collect_alerts()`` for the caller to publish (the SQLAlchemy unit of work also stores them
in the same transaction). Every handler is idempotent: repeating a command returns what the
first one made.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from services.cases.commands import (
    AddMember,
    AddNote,
    CloseCase,
    ConfirmPerson,
    MarkReviewed,
    OpenCase,
    RecordStatus,
    RegisterPerson,
    UpdateCase,
)
from services.cases.errors import Conflict, NotFound, RuleViolation
from services.cases.incidents import IncidentResult, handle_incident_report
from services.cases.model import Case, Member, Note, Person, StatusEvent, today_vn
from services.cases.ports import UnitOfWork
from services.cases.steps import add_member as _add_member
from services.cases.steps import (
    check_case_dates,
    create_case,
    ensure_open,
    load_case,
    record_event,
)
from services.cases.timeline import Proposed, current_status, effective, is_end
from services.cases.wording_vi import day_vi
from services.cases.zones import zone_at
from services.vessels.model import SeenFix
from services.vocabulary import CaseKind, Status, normalize_country, vn_date

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
    "update_case",
]

_PERSON_FIELDS = (
    "full_name",
    "date_of_birth",
    "national_id",
    "home_commune",
    "home_district",
    "home_province",
    "family_contact",
    "family_phone",
    "birth_year",
)
# In these kinds of case a man added to the case is held abroad unless the officer says not.
_HELD_ON_ADDING = {CaseKind.DETENTION: Status.DETAINED}


def _not_a_member(member_id: int, case_id: int) -> NotFound:
    return NotFound(
        f"member {member_id} is not in case {case_id}",
        f"Ngư dân (mã thành viên {member_id}) không thuộc hồ sơ #{case_id}.",
    )


def _check_birth(born_on: date | None, year: int | None, uow: UnitOfWork) -> None:
    """A birth date or year that has happened, and the two agree when both are given."""
    today = today_vn(uow.now())
    if born_on is not None and born_on > today:
        raise RuleViolation(
            f"date of birth {born_on} is in the future", f"Ngày sinh {day_vi(born_on)} chưa tới."
        )
    if year is not None and not 1900 <= year <= today.year:
        raise RuleViolation(
            f"birth year {year} is not between 1900 and {today.year}",
            f"Năm sinh {year} không hợp lệ (từ 1900 đến {today.year}).",
        )
    if born_on is not None and year is not None and born_on.year != year:
        raise RuleViolation(
            f"date of birth {born_on} is not in {year}",
            f"Ngày sinh {day_vi(born_on)} không khớp năm sinh {year}.",
        )


def register_person(uow: UnitOfWork, cmd: RegisterPerson) -> Person:
    """Register a fisherman; the same national ID (or name and birth date) returns him again."""
    with uow:
        _check_birth(cmd.date_of_birth, cmd.birth_year, uow)
        if cmd.national_id:
            known = uow.persons.by_national_id(cmd.national_id)
            if known is not None:
                if known.full_name.casefold() != cmd.full_name.casefold():
                    raise Conflict(
                        f"national ID {cmd.national_id} belongs to person {known.id} "
                        f"under another name",
                        f"Số giấy tờ {cmd.national_id} đã đăng ký cho người khác "
                        f"({known.full_name}, mã {known.id}).",
                    )
                return known
        else:
            known = uow.persons.by_name(cmd.full_name, cmd.date_of_birth)
            if known is not None:
                return known
        draft = Person(
            id=0, confirmed=cmd.confirmed, **{name: getattr(cmd, name) for name in _PERSON_FIELDS}
        )
        person = uow.persons.add(draft, cmd.actor, uow.now())
        uow.audit(
            cmd.actor,
            "person.register",
            "person",
            str(person.id),
            {
                "full_name": person.full_name,
                "confirmed": person.confirmed,
                "has_national_id": bool(person.national_id),
            },
        )
        uow.commit()
        return person


def confirm_person(uow: UnitOfWork, cmd: ConfirmPerson) -> Person:
    """An officer checked a person created from a report, filling in what was missing."""
    with uow:
        person = uow.persons.get(cmd.person_id)
        if person is None:
            raise NotFound(
                f"person {cmd.person_id} does not exist", f"Không có ngư dân mã {cmd.person_id}."
            )
        _check_birth(cmd.date_of_birth, cmd.birth_year or person.birth_year, uow)
        changes = {n: getattr(cmd, n) for n in _PERSON_FIELDS if getattr(cmd, n) is not None}
        if cmd.national_id and cmd.national_id != person.national_id:
            other = uow.persons.by_national_id(cmd.national_id)
            if other is not None and other.id != person.id:
                raise Conflict(
                    f"national ID {cmd.national_id} belongs to person {other.id}",
                    f"Số giấy tờ {cmd.national_id} đã đăng ký cho người khác "
                    f"({other.full_name}, mã {other.id}).",
                )
        updated = replace(person, confirmed=True, **changes)
        if updated != person:
            uow.persons.update(updated)
            logged = {k: v for k, v in changes.items() if k not in {"national_id", "family_phone"}}
            logged.update({k: "(changed)" for k in ("national_id", "family_phone") if k in changes})
            uow.audit(
                cmd.actor,
                "person.confirm",
                "person",
                str(person.id),
                {"changed": {k: str(v) for k, v in logged.items()}, "confirmed": True},
            )
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
            id=0,
            kind=cmd.kind,
            country=normalize_country(cmd.country),
            occurred_on=cmd.occurred_on,
            source=cmd.source,
            created_at=uow.now(),
            created_by=cmd.actor,
            authority=cmd.authority,
            place=cmd.place,
            lat=cmd.lat,
            lon=cmd.lon,
            zone=cmd.zone,
            vessel_id=cmd.vessel_id,
            occurred_at=cmd.occurred_at,
        )
        case = create_case(uow, draft, cmd.request_id)
        uow.commit()
        return case


def add_member(uow: UnitOfWork, cmd: AddMember) -> Member:
    """Put a fisherman in the case and, in a detention case, record him held from its date.

    Both in one transaction: a man added to a detention case without his detention would be
    "released" into an error later. A rule that refuses the first status refuses the adding.
    Adding him twice returns the member as he is.
    """
    with uow:
        case = load_case(uow, cmd.case_id)
        person = uow.persons.get(cmd.person_id)
        if person is None:
            raise NotFound(
                f"person {cmd.person_id} does not exist", f"Không có ngư dân mã {cmd.person_id}."
            )
        known = case.member_for_person(person.id)
        member = _add_member(uow, case, person, cmd.actor)
        status = cmd.status or _HELD_ON_ADDING.get(case.kind)
        if known is None and cmd.record_status and status is not None:
            case = replace(case, members=(*case.members, member))
            proposed = Proposed(status, cmd.occurred_on or case.occurred_on)
            event = record_event(uow, case, member, proposed, cmd.actor, cmd.note)
            member = replace(member, events=(event,))
        uow.commit()
        return member


def record_status(uow: UnitOfWork, cmd: RecordStatus) -> StatusEvent:
    """Append a status event (or a correction) to a member's timeline, after the rules."""
    with uow:
        case = load_case(uow, cmd.case_id)
        member = case.member(cmd.member_id)
        if member is None:
            raise _not_a_member(cmd.member_id, cmd.case_id)
        proposed = Proposed(cmd.status, cmd.occurred_on, cmd.supersedes)
        event = record_event(uow, case, member, proposed, cmd.actor, cmd.note, cmd.document_ref)
        uow.commit()
        return event


def add_note(uow: UnitOfWork, cmd: AddNote) -> Note:
    """Attach a note (or a family's repatriation request); the same note twice is kept once."""
    with uow:
        case = load_case(uow, cmd.case_id)
        if cmd.member_id is not None and case.member(cmd.member_id) is None:
            raise _not_a_member(cmd.member_id, cmd.case_id)
        if not cmd.text.strip():
            raise RuleViolation("a note needs some text", "Ghi chú chưa có nội dung.")
        for note in case.notes:
            if (note.member_id, note.kind, note.text) == (cmd.member_id, cmd.kind, cmd.text):
                return note
        ensure_open(case)
        note = uow.cases.add_note(
            Note(
                id=0,
                case_id=case.id,
                member_id=cmd.member_id,
                kind=cmd.kind,
                text=cmd.text,
                created_at=uow.now(),
                created_by=cmd.actor,
                document_ref=cmd.document_ref,
            )
        )
        uow.audit(
            cmd.actor,
            "case.add_note",
            "case",
            str(case.id),
            {"note_id": note.id, "member_id": note.member_id, "kind": note.kind.value},
        )
        uow.commit()
        return note


def close_case(uow: UnitOfWork, cmd: CloseCase) -> Case:
    """Close a case once every member has an end status; closing twice is harmless."""
    with uow:
        case = load_case(uow, cmd.case_id)
        if not case.is_open:
            return case
        pending = [m.person.full_name for m in case.members if not is_end(current_status(m.events))]
        if pending:
            raise RuleViolation(
                "case cannot close: no end status yet for " + ", ".join(sorted(pending)),
                "Chưa thể đóng hồ sơ: chưa có kết quả cuối cùng (đã về nước, đã về nhà an toàn, "
                "tử vong hoặc mất tích) của " + ", ".join(sorted(pending)) + ".",
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


_CASE_FIELDS = ("occurred_on", "occurred_at", "authority", "place", "lat", "lon", "vessel_id")


def update_case(uow: UnitOfWork, cmd: UpdateCase) -> Case:
    """Correct the incident's date, time, place, authority or vessel, checked like a new case.

    The new date may not come after any man's first event in the case (nor be in the future);
    a position moved re-classifies the zone. Unchanged values change nothing (idempotent).
    """
    with uow:
        case = load_case(uow, cmd.case_id)
        changes = {n: getattr(cmd, n) for n in _CASE_FIELDS if getattr(cmd, n) is not None}
        changes = {n: v for n, v in changes.items() if getattr(case, n) != v}
        if not changes:
            return case
        ensure_open(case)
        updated = replace(case, **changes)
        if cmd.occurred_at is not None and "occurred_on" not in changes:
            updated = replace(updated, occurred_on=vn_date(cmd.occurred_at))
        firsts = [e.occurred_on for m in case.members for e in effective(m.events)]
        check_case_dates(updated, today_vn(uow.now()), min(firsts) if firsts else None)
        if (
            ("lat" in changes or "lon" in changes)
            and updated.lat is not None
            and updated.lon is not None
        ):
            updated = replace(updated, zone=zone_at(updated.lat, updated.lon))
        if updated.vessel_id and not uow.vessel_known(updated.vessel_id):
            now = uow.now()  # the registry's one rule, as for a new case (steps.create_case)
            uow.register_unknown_vessel(
                SeenFix(updated.vessel_id, now, updated.lat, updated.lon, source="officer"), now
            )
            updated = replace(updated, needs_review=True)
        uow.cases.update(updated)
        uow.audit(
            cmd.actor,
            "case.update",
            "case",
            str(case.id),
            {n: str(getattr(updated, n)) for n in changes},
        )
        uow.commit()
        return uow.cases.get(case.id) or updated
