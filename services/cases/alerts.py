"""Alerts for the Department of Foreign Affairs when a case opens or a member's status changes.

Messages are Vietnamese (officers read them); ids are deterministic so a replayed report or a
retried request stores each alert once.
"""

from __future__ import annotations

from datetime import date, datetime, time

from services.alerts.model import Alert
from services.cases.model import Case, Member, StatusEvent
from services.cases.wording_vi import KIND_VI, STATUS_VI
from services.vocabulary import (
    VN_TZ,
    AlertKind,
    CaseKind,
    Severity,
    Status,
    alert_id_for,
    audience_for,
    country_name_vi,
)

__all__ = ["KIND_VI", "STATUS_VI", "case_opened_alert", "report_alert", "status_alert"]


def country_vi(code: str) -> str:
    """The Vietnamese name of the case's country (the code itself when unknown)."""
    return country_name_vi(code.upper()) or code.upper()


def _vn_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=VN_TZ)


def case_opened_alert(case: Case, created_at: datetime, crew_count: int) -> Alert:
    """CASE_OPENED: one per case, critical when people are held or lost."""
    vessel = f", tàu {case.vessel_id}" if case.vessel_id else ""
    crew = f" {crew_count} ngư dân liên quan." if crew_count else ""
    message = (
        f"Vụ việc mới #{case.id}: {KIND_VI[case.kind]} tại {country_vi(case.country)}{vessel}, "
        f"ngày {case.occurred_on:%d/%m/%Y}.{crew}"
    )
    critical = case.kind in {CaseKind.DETENTION, CaseKind.DEATH_MISSING, CaseKind.DISTRESS}
    ts = _vn_midnight(case.occurred_on)
    return Alert(
        alert_id=alert_id_for(AlertKind.CASE_OPENED.value, f"case:{case.id}", ts),
        kind=AlertKind.CASE_OPENED,
        severity=Severity.CRITICAL if critical else Severity.WARNING,
        vessel_id=case.vessel_id,
        ts=ts,
        created_at=created_at,
        lat=case.lat,
        lon=case.lon,
        country=case.country[:3],
        zone_kind=case.zone.split(":", 1)[0] if case.zone else None,
        audience=audience_for(AlertKind.CASE_OPENED),
        message=message,
        details={
            "case_id": case.id,
            "case_kind": case.kind.value,
            "source": case.source,
            "zone": case.zone,
        },
    )


def status_alert(case: Case, member: Member, event: StatusEvent) -> Alert:
    """CASE_STATUS: one per recorded event (a correction says so)."""
    fix = " (đính chính)" if event.supersedes else ""
    message = (
        f"Vụ việc #{case.id} ({country_vi(case.country)}): ngư dân {member.person.full_name} "
        f"{STATUS_VI[event.status]} ngày {event.occurred_on:%d/%m/%Y}{fix}."
    )
    grave = event.status in {Status.DECEASED, Status.MISSING, Status.DETAINED}
    ts = _vn_midnight(event.occurred_on)
    return Alert(
        alert_id=alert_id_for(AlertKind.CASE_STATUS.value, f"event:{event.id}", ts),
        kind=AlertKind.CASE_STATUS,
        severity=Severity.CRITICAL if grave else Severity.INFO,
        vessel_id=case.vessel_id,
        ts=ts,
        created_at=event.recorded_at,
        country=case.country[:3],
        audience=audience_for(AlertKind.CASE_STATUS),
        message=message,
        details={
            "case_id": case.id,
            "member_id": member.id,
            "person_id": member.person.id,
            "event_id": event.id,
            "status": event.status.value,
            "supersedes": event.supersedes,
        },
    )


def report_alert(
    case: Case,
    report_id: str,
    occurred_at: datetime,
    created_at: datetime,
    people: int,
    problems: int,
    note: str | None,
) -> Alert:
    """INCIDENT_REPORT: a report that joined a case already open (a new case has CASE_OPENED).

    Every report reaches the desk, even one that changes no status (a note from a family, a
    border post's position): the officer reads what came in and what could not be applied.
    """
    parts = [
        f"Báo cáo mới {report_id} về vụ việc #{case.id} ({country_vi(case.country)}"
        + (f", tàu {case.vessel_id}" if case.vessel_id else "")
        + ")"
    ]
    if people:
        parts.append(f"{people} ngư dân được nêu")
    if problems:
        parts.append(f"{problems} điểm cần cán bộ xem lại")
    message = ": ".join(parts[:1]) + ("; " + ", ".join(parts[1:]) if parts[1:] else "") + "."
    if note:
        message += f" Nội dung: {note[:300]}" + ("…" if len(note) > 300 else "")
    return Alert(
        alert_id=alert_id_for(AlertKind.INCIDENT_REPORT.value, f"report:{report_id}", occurred_at),
        kind=AlertKind.INCIDENT_REPORT,
        severity=Severity.WARNING if problems else Severity.INFO,
        vessel_id=case.vessel_id,
        ts=occurred_at,
        created_at=created_at,
        country=case.country[:3],
        audience=audience_for(AlertKind.INCIDENT_REPORT),
        message=message,
        details={"case_id": case.id, "report_id": report_id, "problems": problems},
    )
