"""Consular cases: open, correct, add fishermen, record each status event, notes, close, list,
summary. Errors come back in Vietnamese (``detail``), as officers read them on the page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any, Literal

from fastapi import APIRouter, HTTPException, Query, status
from pydantic import BaseModel, Field, field_validator, model_validator
from sqlalchemy.exc import IntegrityError

from infra.uow import SessionUnitOfWork
from services.api.deps import SessionDep
from services.api.params import BodyRowId, Offset, QueryRowId, RowId
from services.api.security import CaseReader, CaseWriter
from services.cases import handlers
from services.cases.commands import (
    AddMember,
    AddNote,
    CloseCase,
    MarkReviewed,
    OpenCase,
    RecordStatus,
    RegisterPerson,
    UpdateCase,
)
from services.cases.errors import CaseError, Conflict, NotFound
from services.cases.model import NoteKind
from services.cases.summary import month_summary
from services.cases.views import case_view, event_view, member_view, note_view
from services.vocabulary import CaseKind, Status, normalize_country, utc

__all__ = ["case_errors", "router"]

router = APIRouter(prefix="/api/cases", tags=["cases"])


@contextmanager
def case_errors() -> Iterator[None]:
    """Domain errors to HTTP: rules 422, missing 404, clashes 409, each with the reason.

    A unique-key collision from a concurrent identical request is a clash too (409): the
    request-scoped session is rolled back and a retry finds what the other request stored.
    """
    try:
        yield
    except IntegrityError:
        raise HTTPException(
            status.HTTP_409_CONFLICT, "Một yêu cầu khác vừa ghi cùng dữ liệu; hãy thử lại."
        ) from None
    except NotFound as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, exc.reason_vi) from None
    except Conflict as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, exc.reason_vi) from None
    except CaseError as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, exc.reason_vi) from None


class PersonIn(BaseModel):
    full_name: str = Field(min_length=1, max_length=200)
    date_of_birth: date | None = None
    national_id: str | None = Field(default=None, max_length=20)
    home_commune: str | None = Field(default=None, max_length=100)
    home_district: str | None = Field(default=None, max_length=100)
    home_province: str | None = Field(default=None, max_length=100)
    family_contact: str | None = Field(default=None, max_length=200)
    family_phone: str | None = Field(default=None, max_length=32)
    birth_year: int | None = Field(default=None, ge=1900, le=2100)


class CaseIn(BaseModel):
    kind: CaseKind
    country: str = Field(min_length=2, max_length=3)
    occurred_on: date
    authority: str | None = Field(default=None, max_length=200)
    place: str | None = Field(default=None, max_length=200)
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)
    zone: str | None = Field(default=None, max_length=64)
    vessel_id: str | None = Field(default=None, max_length=64)
    source: str = Field(default="officer", max_length=50)
    request_id: str | None = Field(default=None, max_length=100)
    occurred_at: datetime | None = Field(
        default=None, description="reported time of the incident; its Vietnam date is occurred_on"
    )

    @field_validator("occurred_at")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        return utc(value) if value is not None else None


class CaseChange(BaseModel):
    """Corrections to a case's incident fields; what is left out stays as it is."""

    occurred_on: date | None = None
    occurred_at: datetime | None = None
    authority: str | None = Field(default=None, max_length=200)
    place: str | None = Field(default=None, max_length=200)
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)
    vessel_id: str | None = Field(default=None, max_length=64)

    @field_validator("occurred_at")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        return utc(value) if value is not None else None


class MemberIn(BaseModel):
    """Either an existing ``person_id`` or a ``person`` to register (found again by ID).

    In a detention case he is recorded ``DETAINED`` on the case's date unless ``status``,
    ``occurred_on`` say otherwise or ``record_status`` is false.
    """

    person_id: BodyRowId | None = None
    person: PersonIn | None = None
    record_status: bool = True
    status: Status | None = None
    occurred_on: date | None = None
    note: str | None = Field(default=None, max_length=4000)

    @model_validator(mode="after")
    def _one(self) -> MemberIn:
        if (self.person_id is None) == (self.person is None):
            raise ValueError("give exactly one of person_id or person")
        return self


class EventIn(BaseModel):
    status: Status
    occurred_on: date
    note: str | None = Field(default=None, max_length=4000)
    document_ref: str | None = Field(default=None, max_length=200)
    supersedes: BodyRowId | None = None


class NoteIn(BaseModel):
    text: str = Field(min_length=1, max_length=8000)
    kind: NoteKind = NoteKind.NOTE
    member_id: BodyRowId | None = None
    document_ref: str | None = Field(default=None, max_length=200)


@router.get("")
def list_cases(
    user: CaseReader,
    session: SessionDep,
    state: Literal["open", "closed", "all"] = "all",
    country: str | None = None,
    vessel_id: str | None = None,
    person_id: QueryRowId = None,
    needs_review: bool | None = None,
    limit: int = Query(100, ge=1, le=500),
    offset: Offset = 0,
) -> list[dict[str, Any]]:
    """Cases, newest first, filtered by state, country, vessel, person or review flag."""
    found = SessionUnitOfWork(session).cases.search(
        is_open=None if state == "all" else state == "open",
        country=normalize_country(country) if country else None,
        vessel_id=vessel_id,
        person_id=person_id,
        needs_review=needs_review,
        limit=limit,
        offset=offset,
    )
    return [case_view(c, user.disclosure, detail=False) for c in found]


@router.post("", status_code=status.HTTP_201_CREATED)
def open_case(body: CaseIn, user: CaseWriter, session: SessionDep) -> dict[str, Any]:
    """Open a case by hand (a repeated ``request_id`` returns the same case)."""
    with case_errors():
        case = handlers.open_case(
            SessionUnitOfWork(session), OpenCase(actor=user.actor, **body.model_dump())
        )
    return case_view(case, user.disclosure)


@router.get("/summary")
def summary(
    user: CaseReader,
    session: SessionDep,
    month: str = Query(pattern=r"^\d{4}-\d{2}$", description="YYYY-MM"),
) -> dict[str, Any]:
    """Fishermen home during the month and still held at its end, per country."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", month)
    year, mon = (int(match.group(1)), int(match.group(2))) if match else (0, 0)
    if not 1 <= mon <= 12:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, "Tháng phải có dạng YYYY-MM.")
    cases = SessionUnitOfWork(session).cases.search(limit=100_000)
    result = month_summary(cases, year, mon)
    return {
        "month": month,
        "repatriated": result.repatriated,
        "still_detained": result.still_detained,
        "repatriation_requested": result.repatriation_requested,
        "totals": result.totals,
    }


@router.get("/{case_id}")
def get_case(case_id: RowId, user: CaseReader, session: SessionDep) -> dict[str, Any]:
    """A case with its members, their timelines and notes."""
    case = SessionUnitOfWork(session).cases.get(case_id)
    if case is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"Không có hồ sơ số {case_id}.")
    return case_view(case, user.disclosure)


@router.post("/{case_id}/members", status_code=status.HTTP_201_CREATED)
def add_member(
    case_id: RowId, body: MemberIn, user: CaseWriter, session: SessionDep
) -> dict[str, Any]:
    """Put a fisherman in the case (registering him first if ``person`` is given)."""
    uow = SessionUnitOfWork(session)
    with case_errors():
        person_id = body.person_id
        if body.person is not None:
            person_id = handlers.register_person(
                uow, RegisterPerson(actor=user.actor, **body.person.model_dump())
            ).id
        assert person_id is not None
        member = handlers.add_member(
            uow,
            AddMember(
                actor=user.actor,
                case_id=case_id,
                person_id=person_id,
                record_status=body.record_status,
                status=body.status,
                occurred_on=body.occurred_on,
                note=body.note,
            ),
        )
    case = SessionUnitOfWork(session).cases.get(case_id)
    return member_view(member, user.disclosure, case)


@router.post("/{case_id}/members/{member_id}/events", status_code=status.HTTP_201_CREATED)
def record_status(
    case_id: RowId, member_id: RowId, body: EventIn, user: CaseWriter, session: SessionDep
) -> dict[str, Any]:
    """Append a status event, or a correction with ``supersedes``; 422 with the broken rule."""
    with case_errors():
        event = handlers.record_status(
            SessionUnitOfWork(session),
            RecordStatus(
                actor=user.actor, case_id=case_id, member_id=member_id, **body.model_dump()
            ),
        )
    return event_view(event, True)


@router.post("/{case_id}/notes", status_code=status.HTTP_201_CREATED)
def add_note(case_id: RowId, body: NoteIn, user: CaseWriter, session: SessionDep) -> dict[str, Any]:
    """Attach a note, or a family's request for repatriation (``kind=repatriation_request``)."""
    with case_errors():
        note = handlers.add_note(
            SessionUnitOfWork(session),
            AddNote(actor=user.actor, case_id=case_id, **body.model_dump()),
        )
    return note_view(note)


@router.patch("/{case_id}")
def update_case(
    case_id: RowId, body: CaseChange, user: CaseWriter, session: SessionDep
) -> dict[str, Any]:
    """Correct the incident's date, time, place, authority or vessel (dates checked again)."""
    with case_errors():
        case = handlers.update_case(
            SessionUnitOfWork(session),
            UpdateCase(actor=user.actor, case_id=case_id, **body.model_dump(exclude_none=True)),
        )
    return case_view(case, user.disclosure)


@router.post("/{case_id}/close")
def close_case(case_id: RowId, user: CaseWriter, session: SessionDep) -> dict[str, Any]:
    """Close the case; 422 while any member lacks an end status."""
    with case_errors():
        case = handlers.close_case(
            SessionUnitOfWork(session), CloseCase(actor=user.actor, case_id=case_id)
        )
    return case_view(case, user.disclosure, detail=False)


@router.post("/{case_id}/review")
def mark_reviewed(case_id: RowId, user: CaseWriter, session: SessionDep) -> dict[str, Any]:
    """An officer checked a case opened from a report: clears ``needs_review``."""
    with case_errors():
        case = handlers.mark_reviewed(
            SessionUnitOfWork(session), MarkReviewed(actor=user.actor, case_id=case_id)
        )
    return case_view(case, user.disclosure, detail=False)
