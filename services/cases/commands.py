"""Commands: what officers (through the API) ask the case system to do.

Frozen dataclasses so a command can be logged, replayed and compared; ``actor`` is the
username (or ``apikey:<name>``) that the audit log records.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from services.cases.model import DocumentKind, NoteKind
from services.vocabulary import CaseKind, Status

__all__ = [
    "AddDocument",
    "AddMember",
    "AddNote",
    "CloseCase",
    "ConfirmPerson",
    "MarkReviewed",
    "OpenCase",
    "RecordStatus",
    "RegisterPerson",
    "UpdateCase",
]


@dataclass(frozen=True)
class RegisterPerson:
    actor: str
    full_name: str
    date_of_birth: date | None = None
    national_id: str | None = None
    home_commune: str | None = None
    home_district: str | None = None
    home_province: str | None = None
    family_contact: str | None = None
    family_phone: str | None = None
    confirmed: bool = True
    birth_year: int | None = None


@dataclass(frozen=True)
class ConfirmPerson:
    """An officer checked a person created from a report (and may fill in missing fields)."""

    actor: str
    person_id: int
    full_name: str | None = None
    date_of_birth: date | None = None
    national_id: str | None = None
    home_commune: str | None = None
    home_district: str | None = None
    home_province: str | None = None
    family_contact: str | None = None
    family_phone: str | None = None
    birth_year: int | None = None


@dataclass(frozen=True)
class OpenCase:
    actor: str
    kind: CaseKind
    country: str
    occurred_on: date
    source: str = "officer"
    authority: str | None = None
    place: str | None = None
    lat: float | None = None
    lon: float | None = None
    zone: str | None = None
    vessel_id: str | None = None
    request_id: str | None = None  # client's idempotency key: the same id opens one case
    occurred_at: datetime | None = None  # reported time (its Vietnam date is occurred_on)


@dataclass(frozen=True)
class UpdateCase:
    """Correct what a case says about the incident; ``None`` keeps a field as it is."""

    actor: str
    case_id: int
    occurred_on: date | None = None
    occurred_at: datetime | None = None
    authority: str | None = None
    place: str | None = None
    lat: float | None = None
    lon: float | None = None
    vessel_id: str | None = None


@dataclass(frozen=True)
class AddMember:
    """Put a fisherman in a case. In a detention case he is recorded ``DETAINED`` on the case's
    date unless told otherwise (``status``, ``occurred_on``, or ``record_status=False``)."""

    actor: str
    case_id: int
    person_id: int
    record_status: bool = True
    status: Status | None = None
    occurred_on: date | None = None
    note: str | None = None


@dataclass(frozen=True)
class RecordStatus:
    actor: str
    case_id: int
    member_id: int
    status: Status
    occurred_on: date
    note: str | None = None
    document_ref: str | None = None
    supersedes: int | None = None


@dataclass(frozen=True)
class AddNote:
    actor: str
    case_id: int
    text: str
    kind: NoteKind = NoteKind.NOTE
    member_id: int | None = None
    document_ref: str | None = None


@dataclass(frozen=True)
class AddDocument:
    """Attach a file (e.g. the family's request letter); the same bytes twice are kept once."""

    actor: str
    case_id: int
    filename: str
    content_type: str
    content: bytes
    kind: DocumentKind = DocumentKind.OTHER
    member_id: int | None = None
    note: str | None = None


@dataclass(frozen=True)
class CloseCase:
    actor: str
    case_id: int


@dataclass(frozen=True)
class MarkReviewed:
    """An officer checked a case opened from a report (e.g. its unregistered vessel)."""

    actor: str
    case_id: int
