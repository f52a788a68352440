"""What officers see of persons and cases: JSON-ready dicts, personal data only when allowed.

National ID numbers and phone numbers are shown to foreign-affairs officers and admins only;
everyone else gets ``null`` and ``"redacted": true`` so a page can say why the field is empty.
A viewer (read-only, outside both desks) sees no personal data at all: no names, birth
dates, home communes, next of kin, notes or file names (see :data:`Personal`).
"""

from __future__ import annotations

from typing import Any, Literal

from services.cases.contacts import call_list
from services.cases.model import Case, Document, Member, Note, Person, StatusEvent
from services.cases.timeline import current_status, effective

__all__ = [
    "case_view",
    "document_view",
    "event_view",
    "member_view",
    "note_view",
    "person_view",
]

_PRIVATE = ("national_id", "family_phone")
# what a viewer (read-only, outside the desks) does not see either: nothing that names a man
_IDENTIFYING = (
    "full_name",
    "date_of_birth",
    "home_commune",
    "home_district",
    "family_contact",
    "birth_year",
)

# How much of a person a caller may see: True (consular roles) everything; False (border guard)
# no ID or phone numbers; "none" (viewer) nothing that identifies him, nor notes about him.
Personal = bool | Literal["none"]


def _free_text(text: str | None, personal: Personal) -> str | None:
    return None if personal == "none" else text


def person_view(person: Person, personal: Personal) -> dict[str, Any]:
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
        "birth_year": person.born,
    }
    if personal is not True:
        for name in _PRIVATE:
            view[name] = None
        view["redacted"] = True
    if personal == "none":
        for name in _IDENTIFYING:
            view[name] = None
        view["full_name"] = f"Ngư dân (mã {person.id})"
    return view


def event_view(event: StatusEvent, in_effect: bool, personal: Personal = True) -> dict[str, Any]:
    return {
        "id": event.id,
        "status": event.status.value,
        "occurred_on": event.occurred_on.isoformat(),
        "recorded_at": event.recorded_at.isoformat(),
        "recorded_by": event.recorded_by,
        "note": _free_text(event.note, personal),
        "document_ref": event.document_ref,
        "supersedes": event.supersedes,
        "in_effect": in_effect,
    }


def member_view(member: Member, personal: Personal, case: Case | None = None) -> dict[str, Any]:
    alive = {e.id for e in effective(member.events)}
    status = current_status(member.events)
    view = {
        "id": member.id,
        "case_id": member.case_id,
        "person": person_view(member.person, personal),
        "status": status.value if status else None,
        "timeline": [event_view(e, e.id in alive, personal) for e in member.events],
    }
    if case is not None and personal is True:  # the family's name and phone: consular roles
        view["calls"] = [
            {"who": c.who, "why": c.why, "phone": c.phone} for c in call_list(case, member)
        ]
    return view


def document_view(document: Document, personal: Personal) -> dict[str, Any]:
    """A document's card; its name (often a person's) only for those who see personal data."""
    return {
        "id": document.id,
        "member_id": document.member_id,
        "kind": document.kind.value,
        "filename": document.filename if personal is True else None,
        "content_type": document.content_type,
        "size": document.size,
        "sha256": document.sha256,
        "note": document.note if personal is True else None,
        "uploaded_at": document.uploaded_at.isoformat(),
        "uploaded_by": document.uploaded_by,
    }


def note_view(note: Note, personal: Personal = True) -> dict[str, Any]:
    return {
        "id": note.id,
        "member_id": note.member_id,
        "kind": note.kind.value,
        "text": _free_text(note.text, personal),
        "document_ref": note.document_ref,
        "created_at": note.created_at.isoformat(),
        "created_by": note.created_by,
    }


def case_view(case: Case, personal: Personal, *, detail: bool = True) -> dict[str, Any]:
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
        "occurred_at": case.occurred_at.isoformat() if case.occurred_at else None,
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
        view["members"] = [member_view(m, personal, case) for m in case.members]
        view["notes"] = [note_view(n, personal) for n in case.notes]
        view["documents"] = [document_view(d, personal) for d in case.documents]
    return view
