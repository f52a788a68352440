"""What officers see of persons and cases: JSON-ready dicts, personal data only when allowed.

National ID numbers and phone numbers are shown to foreign-affairs officers and admins only;
everyone else gets ``null`` and ``"redacted": true`` so a page can say why the field is empty.
"""

from __future__ import annotations

from typing import Any

from services.cases.model import Case, Member, Note, Person, StatusEvent
from services.cases.timeline import current_status, effective

__all__ = ["case_view", "event_view", "member_view", "note_view", "person_view"]

_PRIVATE = ("national_id", "family_phone")


def person_view(person: Person, personal: bool) -> dict[str, Any]:
    view: dict[str, Any] = {
        "id": person.id,
        "full_name": person.full_name,
        "date_of_birth": person.date_of_birth.isoformat() if person.date_of_birth else None,
        "national_id": person.national_id,
        "home_commune": person.home_commune,
        "home_district": person.home_district,
        "home_province": person.home_province,
        "family_contact": person.family_contact,
        "family_phone": person.family_phone,
        "confirmed": person.confirmed,
    }
    if not personal:
        for name in _PRIVATE:
            view[name] = None
        view["redacted"] = True
    return view


def event_view(event: StatusEvent, in_effect: bool) -> dict[str, Any]:
    return {
        "id": event.id,
        "status": event.status.value,
        "occurred_on": event.occurred_on.isoformat(),
        "recorded_at": event.recorded_at.isoformat(),
        "recorded_by": event.recorded_by,
        "note": event.note,
        "document_ref": event.document_ref,
        "supersedes": event.supersedes,
        "in_effect": in_effect,
    }


def member_view(member: Member, personal: bool) -> dict[str, Any]:
    alive = {e.id for e in effective(member.events)}
    status = current_status(member.events)
    return {
        "id": member.id,
        "case_id": member.case_id,
        "person": person_view(member.person, personal),
        "status": status.value if status else None,
        "timeline": [event_view(e, e.id in alive) for e in member.events],
    }


def note_view(note: Note) -> dict[str, Any]:
    return {
        "id": note.id,
        "member_id": note.member_id,
        "kind": note.kind.value,
        "text": note.text,
        "document_ref": note.document_ref,
        "created_at": note.created_at.isoformat(),
        "created_by": note.created_by,
    }


def case_view(case: Case, personal: bool, *, detail: bool = True) -> dict[str, Any]:
    view: dict[str, Any] = {
        "id": case.id,
        "kind": case.kind.value,
        "country": case.country,
        "authority": case.authority,
        "place": case.place,
        "lat": case.lat,
        "lon": case.lon,
        "zone": case.zone,
        "occurred_on": case.occurred_on.isoformat(),
        "vessel_id": case.vessel_id,
        "source": case.source,
        "first_report_id": case.first_report_id,
        "needs_review": case.needs_review,
        "open": case.is_open,
        "closed_at": case.closed_at.isoformat() if case.closed_at else None,
        "member_count": len(case.members),
        "linked_alerts": list(case.alert_ids),
    }
    statuses: dict[str, int] = {}
    for member in case.members:
        status = current_status(member.events)
        key = status.value if status else "NONE"
        statuses[key] = statuses.get(key, 0) + 1
    view["member_statuses"] = statuses
    if detail:
        view["members"] = [member_view(m, personal) for m in case.members]
        view["notes"] = [note_view(n) for n in case.notes]
    return view
