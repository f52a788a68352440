"""The consular-case model: plain frozen dataclasses, no storage concerns.

Repositories (``infra/uow.py``) load these from the tables and the handlers reason on them; the
current status of a member is computed from his events (``timeline.py``), never stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum

from services.vocabulary import (
    CaseKind,
    Status,
    vn_date,
)

__all__ = [
    "Case",
    "Document",
    "DocumentKind",
    "Member",
    "Note",
    "NoteKind",
    "Person",
    "StatusEvent",
    "today_vn",
]


def today_vn(now: datetime | None = None) -> date:
    """Today in Vietnam: the bound for "not in the future"."""
    return vn_date(now or datetime.now(UTC))


class NoteKind(StrEnum):
    NOTE = "note"
    REPATRIATION_REQUEST = "repatriation_request"  # the family asked for him to be brought home


@dataclass(frozen=True)
class Person:
    id: int
    full_name: str
    date_of_birth: date | None = None
    national_id: str | None = None
    home_commune: str | None = None
    home_district: str | None = None
    home_province: str | None = None
    family_contact: str | None = None
    family_phone: str | None = None
    confirmed: bool = True
    birth_year: int | None = None  # when only the year is known ("sinh năm 1985")

    @property
    def born(self) -> int | None:
        """The year of birth, from the full date when there is one."""
        return self.date_of_birth.year if self.date_of_birth else self.birth_year


@dataclass(frozen=True)
class StatusEvent:
    id: int
    member_id: int
    status: Status
    occurred_on: date
    recorded_at: datetime
    recorded_by: str
    note: str | None = None
    document_ref: str | None = None
    supersedes: int | None = None


@dataclass(frozen=True)
class Note:
    id: int
    case_id: int
    member_id: int | None
    kind: NoteKind
    text: str
    created_at: datetime
    created_by: str
    document_ref: str | None = None


class DocumentKind(StrEnum):
    REQUEST_LETTER = "request_letter"  # the family's letter asking for help or repatriation
    IDENTITY = "identity"  # copy of an identity card, a crew list, a boat's papers
    OFFICIAL = "official"  # a note verbale, a foreign authority's notice, a judgment
    PHOTO = "photo"
    OTHER = "other"


@dataclass(frozen=True)
class Document:
    """A file attached to a case (its bytes live in storage; this is what a list shows)."""

    id: int
    case_id: int
    member_id: int | None
    kind: DocumentKind
    filename: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: datetime
    uploaded_by: str
    note: str | None = None


@dataclass(frozen=True)
class Member:
    id: int
    case_id: int
    person: Person
    events: tuple[StatusEvent, ...] = ()


@dataclass(frozen=True)
class Case:
    id: int
    kind: CaseKind
    country: str
    occurred_on: date
    source: str
    created_at: datetime
    created_by: str
    authority: str | None = None
    place: str | None = None
    lat: float | None = None
    lon: float | None = None
    zone: str | None = None
    vessel_id: str | None = None
    first_report_id: str | None = None
    needs_review: bool = False
    closed_at: datetime | None = None
    closed_by: str | None = None
    occurred_at: datetime | None = None  # reported time of the incident (UTC), when known
    members: tuple[Member, ...] = ()
    notes: tuple[Note, ...] = ()
    documents: tuple[Document, ...] = ()
    alert_ids: tuple[str, ...] = field(default_factory=tuple)

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    def member(self, member_id: int) -> Member | None:
        return next((m for m in self.members if m.id == member_id), None)

    def member_for_person(self, person_id: int) -> Member | None:
        return next((m for m in self.members if m.person.id == person_id), None)
