"""The incident stream's use case: a report opens a case or updates the open one.

Reports come from border posts, the Consular Department and families, at least once each. So:

* a report id already applied returns the case it went to, changing nothing;
* a report about the same vessel and country within ``attach_days`` of an open case's date is
  attached to it instead of opening a second case;
* an unknown vessel is created unregistered and the case flagged ``needs_review``; an unknown
  person is created with ``confirmed=False`` for an officer to check;
* a person's reported status that breaks a timeline rule does not sink the report: it is kept
  in the report's ``problems`` (stored with it, in Vietnamese) for an officer to resolve.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from services.cases.alerts import report_alert
from services.cases.errors import CaseError
from services.cases.incoming import IncidentPerson, IncidentReport
from services.cases.model import Case, Note, NoteKind, Person
from services.cases.ports import UnitOfWork
from services.cases.steps import add_member, create_case, load_case, record_event
from services.cases.timeline import Proposed
from services.vocabulary import CaseKind, Status, normalize_country, vn_date

__all__ = ["DEFAULT_ATTACH_DAYS", "IncidentResult", "handle_incident_report"]

DEFAULT_ATTACH_DAYS = 5
_DEFAULT_STATUS = {CaseKind.DETENTION: Status.DETAINED}


@dataclass(frozen=True)
class IncidentResult:
    report_id: str
    case_id: int
    case_created: bool = False
    duplicate: bool = False
    person_ids: tuple[int, ...] = ()
    new_person_ids: tuple[int, ...] = ()
    problems: tuple[str, ...] = field(default_factory=tuple)


def handle_incident_report(
    uow: UnitOfWork,
    report: IncidentReport,
    *,
    attach_days: int = DEFAULT_ATTACH_DAYS,
    actor: str | None = None,
) -> IncidentResult:
    """Apply one incident report in one transaction (idempotent by ``report_id``).

    Raises :class:`~services.cases.errors.RuleViolation` for a report that cannot be used at all
    (dated in the future): the stream adapter dead-letters it with the reason.
    """
    who = actor or f"feed:{report.source}"
    with uow:
        known = uow.report_case(report.report_id)
        if known is not None:
            return IncidentResult(report.report_id, known, duplicate=True)
        day = vn_date(report.occurred_at)
        kind = CaseKind(report.kind.value)
        country = normalize_country(report.country)
        case = None
        if report.vessel_id:
            case = uow.cases.find_open(
                report.vessel_id,
                country,
                day - timedelta(days=attach_days),
                day + timedelta(days=attach_days),
            )
        if case is None:
            case = _case_of_reported_people(uow, report, country)
        if case is not None:  # read again under the case's lock: an officer may be saving it
            case = load_case(uow, case.id)
        created = case is None
        if case is None:
            draft = Case(
                id=0,
                kind=kind,
                country=country,
                occurred_on=day,
                source=report.source,
                created_at=uow.now(),
                created_by=who,
                authority=report.authority,
                lat=report.lat,
                lon=report.lon,
                vessel_id=report.vessel_id,
                first_report_id=report.report_id,
            )
            case = create_case(uow, draft, None, crew_count=len(report.persons))
        problems: list[str] = []
        person_ids: list[int] = []
        new_ids: list[int] = []
        for reported in report.persons:
            person, new = _person_for(uow, reported, who, problems)
            person_ids.append(person.id)
            if new:
                new_ids.append(person.id)
            member = add_member(uow, case, person, who)
            status = _status_for(reported, kind, problems)
            if status is None:
                continue
            try:
                record_event(
                    uow,
                    case,
                    member,
                    Proposed(status, day),
                    who,
                    note=f"Theo báo cáo {report.report_id}",
                )
            except CaseError as exc:
                problems.append(f"{person.full_name}: {exc.reason_vi}")
        if report.note:
            uow.cases.add_note(
                Note(
                    id=0,
                    case_id=case.id,
                    member_id=None,
                    kind=NoteKind.NOTE,
                    text=report.note,
                    created_at=uow.now(),
                    created_by=who,
                )
            )
        uow.record_report(
            report.report_id, case.id, report.source, report.model_dump(mode="json"), problems
        )
        if not created:  # a new case announced itself (CASE_OPENED); this one joined a case
            uow.emit(
                report_alert(
                    case,
                    report.report_id,
                    report.occurred_at,
                    uow.now(),
                    len(report.persons),
                    len(problems),
                    report.note,
                )
            )
        uow.audit(
            who,
            "incident.apply",
            "case",
            str(case.id),
            {
                "report_id": report.report_id,
                "case_created": created,
                "person_ids": person_ids,
                "problems": problems,
            },
        )
        uow.commit()
        return IncidentResult(
            report.report_id,
            case.id,
            case_created=created,
            person_ids=tuple(person_ids),
            new_person_ids=tuple(new_ids),
            problems=tuple(problems),
        )


def _case_of_reported_people(uow: UnitOfWork, report: IncidentReport, country: str) -> Case | None:
    """The open case in ``country`` that already holds a person this report names by ID.

    A later report (release, repatriation) may not name the vessel, or come weeks after the
    arrest; it belongs with the detention it follows, not in a case of its own.
    """
    for reported in report.persons:
        if not reported.national_id:
            continue
        person = uow.persons.by_national_id(reported.national_id)
        if person is None:
            continue
        for case in uow.cases.of_person(person.id):
            if case.is_open and case.country == country:
                return case
    return None


def _status_for(reported: IncidentPerson, kind: CaseKind, problems: list[str]) -> Status | None:
    if reported.status is None:
        return _DEFAULT_STATUS.get(kind)
    try:
        return Status(reported.status.strip().upper())
    except ValueError:
        problems.append(f"{reported.full_name}: không rõ tình trạng “{reported.status}”")
        return None


def _parse_dob(reported: IncidentPerson, problems: list[str]) -> date | None:
    if not reported.date_of_birth:
        return None
    try:
        return date.fromisoformat(reported.date_of_birth)
    except ValueError:
        problems.append(
            f"{reported.full_name}: ngày sinh “{reported.date_of_birth}” không đúng dạng YYYY-MM-DD"
        )
        return None


def _person_for(
    uow: UnitOfWork, reported: IncidentPerson, actor: str, problems: list[str]
) -> tuple[Person, bool]:
    """The registered person this report names, or a new unconfirmed one."""
    dob = _parse_dob(reported, problems)
    if reported.national_id:
        known = uow.persons.by_national_id(reported.national_id)
        if known is not None:
            if known.full_name.casefold() != reported.full_name.casefold():
                problems.append(
                    f"{reported.full_name}: số giấy tờ {reported.national_id} đã đăng ký cho "
                    f"{known.full_name}; đã gắn với người này, cần kiểm tra lại"
                )
            return known, False
    else:
        known = uow.persons.by_name(reported.full_name, dob)
        if known is not None:
            return known, False
    draft = Person(
        id=0,
        full_name=reported.full_name,
        date_of_birth=dob,
        national_id=reported.national_id,
        home_commune=reported.home_commune,
        home_district=reported.home_district,
        family_phone=reported.family_phone,
        confirmed=False,
    )
    person = uow.persons.add(draft, actor, uow.now())
    uow.audit(
        actor,
        "person.register",
        "person",
        str(person.id),
        {"full_name": person.full_name, "confirmed": False},
    )
    return person, True
