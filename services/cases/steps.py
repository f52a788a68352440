"""Steps shared by the officers' handlers and the incident-stream handler.

Each step runs inside an open unit of work and neither commits nor opens one, so a use case can
chain several of them in one transaction.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

from services.cases.alerts import case_opened_alert, status_alert
from services.cases.errors import NotFound, RuleViolation
from services.cases.model import Case, Member, Person, StatusEvent, today_vn
from services.cases.ports import UnitOfWork
from services.cases.timeline import Proposed, check_event, has_open_detention
from services.cases.wording_vi import day_vi, status_vi
from services.cases.zones import zone_at
from services.vessels.model import INCIDENT_SOURCE, SeenFix
from services.vocabulary import DARK_ALERT_KINDS, RISK_ALERT_KINDS, VN_TZ, Status

__all__ = [
    "RISK_KINDS",
    "RISK_LOOKBACK_DAYS",
    "add_member",
    "check_case_dates",
    "create_case",
    "ensure_open",
    "load_case",
    "open_elsewhere",
    "record_event",
]

# what a boat's recent alerts say about where it was: its position's and its silences'
RISK_KINDS = frozenset(str(k) for k in RISK_ALERT_KINDS | DARK_ALERT_KINDS)
RISK_LOOKBACK_DAYS = 7


def load_case(uow: UnitOfWork, case_id: int) -> Case:
    """The case a command changes, read only once no other writer of it is in the middle."""
    uow.cases.lock(case_id)
    case = uow.cases.get(case_id)
    if case is None:
        raise NotFound(f"case {case_id} does not exist", f"Không có hồ sơ số {case_id}.")
    return case


def ensure_open(case: Case) -> None:
    """Checked after the idempotency look-up: a retried request on a closed case still answers."""
    if not case.is_open:
        raise RuleViolation(
            f"case {case.id} is closed and takes no more changes",
            f"Hồ sơ #{case.id} đã đóng, không nhận thêm thay đổi.",
        )


def check_case_dates(case: Case, today: date, first_event: date | None = None) -> None:
    """The case's dates agree with each other, with today and with its men's timelines.

    The incident's date is not in the future; its reported time (when given) falls on that date
    in Vietnam and has passed; and no man's event in the case comes before it (a case dated
    later than the detention it records is refused).
    """
    if case.occurred_on > today:
        raise RuleViolation(
            f"incident date {case.occurred_on} is in the future",
            f"Ngày xảy ra {day_vi(case.occurred_on)} chưa tới (hôm nay là {day_vi(today)}).",
        )
    if case.occurred_at is not None:
        local = case.occurred_at.astimezone(VN_TZ)
        if local.date() != case.occurred_on:
            raise RuleViolation(
                f"incident time {case.occurred_at.isoformat()} is not on {case.occurred_on}",
                f"Thời điểm xảy ra ({local:%H:%M %d/%m/%Y}, giờ Việt Nam) không khớp ngày xảy "
                f"ra {day_vi(case.occurred_on)}.",
            )
        if case.occurred_at > datetime.now(UTC) + timedelta(minutes=5):
            raise RuleViolation(
                f"incident time {case.occurred_at.isoformat()} is in the future",
                f"Thời điểm xảy ra ({local:%H:%M %d/%m/%Y}) chưa tới.",
            )
    if first_event is not None and first_event < case.occurred_on:
        raise RuleViolation(
            f"incident date {case.occurred_on} is after the case's first event ({first_event})",
            f"Ngày xảy ra {day_vi(case.occurred_on)} muộn hơn mốc sớm nhất của ngư dân trong "
            f"hồ sơ ({day_vi(first_event)}): hãy sửa ngày xảy ra hoặc đính chính mốc đó.",
        )


def create_case(uow: UnitOfWork, draft: Case, request_id: str | None, crew_count: int = 0) -> Case:
    """Store a new case, flag an unknown vessel, link its recent risk alerts, alert the DoFA."""
    now = uow.now()
    check_case_dates(draft, today_vn(now))
    needs_review = draft.needs_review
    if draft.zone is None and draft.lat is not None and draft.lon is not None:
        draft = replace(draft, zone=zone_at(draft.lat, draft.lon))
    if draft.vessel_id and not uow.vessel_known(draft.vessel_id):
        # the registry's one rule: an unknown vessel is created with its UNKNOWN_VESSEL alert
        seen = SeenFix(draft.vessel_id, now, draft.lat, draft.lon, source=INCIDENT_SOURCE)
        uow.register_unknown_vessel(seen, now)
        needs_review = True
    case = uow.cases.add(replace(draft, needs_review=needs_review, created_at=now), request_id)
    alert_ids: list[str] = []
    if case.vessel_id:
        end = datetime.combine(case.occurred_on + timedelta(days=1), time(0), tzinfo=VN_TZ)
        start = end - timedelta(days=RISK_LOOKBACK_DAYS + 1)
        alert_ids = uow.risk_alert_ids(
            case.vessel_id, RISK_KINDS, start.astimezone(UTC), end.astimezone(UTC)
        )
        if alert_ids:
            uow.cases.link_alerts(case.id, alert_ids)
    uow.emit(case_opened_alert(case, now, crew_count))
    uow.audit(
        case.created_by,
        "case.open",
        "case",
        str(case.id),
        {
            "kind": case.kind.value,
            "country": case.country,
            "occurred_on": case.occurred_on.isoformat(),
            "vessel_id": case.vessel_id,
            "source": case.source,
            "needs_review": needs_review,
            "linked_alerts": alert_ids,
        },
    )
    return replace(case, alert_ids=tuple(alert_ids))


def add_member(uow: UnitOfWork, case: Case, person: Person, actor: str) -> Member:
    """Put ``person`` in ``case``; adding him twice returns the existing member."""
    existing = case.member_for_person(person.id)
    if existing is not None:
        return existing
    ensure_open(case)
    member_id = uow.cases.add_member(case.id, person.id, actor, uow.now())
    uow.audit(
        actor,
        "case.add_member",
        "case",
        str(case.id),
        {"member_id": member_id, "person_id": person.id},
    )
    return Member(id=member_id, case_id=case.id, person=person)


def open_elsewhere(uow: UnitOfWork, person_id: int, case_id: int) -> bool:
    """True when the person is held in another case right now."""
    return any(
        has_open_detention(events)
        for other, events in uow.cases.timelines_of_person(person_id).items()
        if other != case_id
    )


def record_event(
    uow: UnitOfWork,
    case: Case,
    member: Member,
    proposed: Proposed,
    actor: str,
    note: str | None = None,
    document_ref: str | None = None,
) -> StatusEvent:
    """Check the rules, append the event, alert and audit. The same event twice is stored once."""
    for event in member.events:
        if (event.status, event.occurred_on, event.supersedes, event.note) == (
            proposed.status,
            proposed.occurred_on,
            proposed.supersedes,
            note,
        ):
            return event
    ensure_open(case)
    now = uow.now()
    if proposed.occurred_on < case.occurred_on:
        raise RuleViolation(
            f"{proposed.status.value} on {proposed.occurred_on} is before the incident "
            f"({case.occurred_on})",
            f"Không thể ghi {status_vi(proposed.status)} ngày {day_vi(proposed.occurred_on)}: "
            f"sớm hơn ngày xảy ra vụ việc ({day_vi(case.occurred_on)}).",
        )
    check_event(
        member.events,
        proposed,
        today=today_vn(now),
        open_elsewhere=proposed.status is Status.DETAINED
        and open_elsewhere(uow, member.person.id, case.id),
    )
    event = uow.cases.add_event(
        case.id,
        member.person.id,
        StatusEvent(
            id=0,
            member_id=member.id,
            status=proposed.status,
            occurred_on=proposed.occurred_on,
            recorded_at=now,
            recorded_by=actor,
            note=note,
            document_ref=document_ref,
            supersedes=proposed.supersedes,
        ),
    )
    uow.emit(status_alert(case, member, event))
    uow.audit(
        actor,
        "case.correct_status" if event.supersedes else "case.record_status",
        "case",
        str(case.id),
        {
            "event_id": event.id,
            "member_id": member.id,
            "person_id": member.person.id,
            "status": event.status.value,
            "occurred_on": event.occurred_on.isoformat(),
            "supersedes": event.supersedes,
            "document_ref": document_ref,
        },
    )
    return event
