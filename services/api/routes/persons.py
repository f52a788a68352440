"""Fishermen: register, search, confirm those created from reports, full history."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Query, status

from infra.uow import SessionUnitOfWork
from services.api.deps import SessionDep
from services.api.params import RowId
from services.api.routes.cases import PersonIn, case_errors
from services.api.security import CaseReader, CaseWriter
from services.cases import handlers
from services.cases.commands import ConfirmPerson, RegisterPerson
from services.cases.views import case_view, member_view, person_view

__all__ = ["router"]

router = APIRouter(prefix="/api/persons", tags=["persons"])


class PersonChange(PersonIn):
    full_name: str | None = None  # type: ignore[assignment]


@router.get("")
def search_persons(
    user: CaseReader,
    session: SessionDep,
    q: str | None = None,
    confirmed: bool | None = None,
    limit: int = Query(100, ge=1, le=500),
) -> list[dict[str, Any]]:
    """Search by name (or exact ID number); ``confirmed=false`` lists those to check."""
    if q and user.disclosure == "none":
        raise HTTPException(status.HTTP_403_FORBIDDEN, "Tài khoản xem không được tìm ngư dân.")
    if q and not user.sees_personal_data:
        q_is_id = q.strip().isdigit()
        if q_is_id:
            raise HTTPException(
                status.HTTP_403_FORBIDDEN, "Chỉ cán bộ lãnh sự được tìm theo số giấy tờ."
            )
    found = SessionUnitOfWork(session).persons.search(q, confirmed, limit)
    return [person_view(p, user.disclosure) for p in found]


@router.post("", status_code=status.HTTP_201_CREATED)
def register_person(body: PersonIn, user: CaseWriter, session: SessionDep) -> dict[str, Any]:
    """Register a fisherman (the same ID number returns the existing record)."""
    with case_errors():
        person = handlers.register_person(
            SessionUnitOfWork(session), RegisterPerson(actor=user.actor, **body.model_dump())
        )
    return person_view(person, user.disclosure)


@router.get("/{person_id}")
def person_history(person_id: RowId, user: CaseReader, session: SessionDep) -> dict[str, Any]:
    """A person's full history: every case he was in, with every event (corrections too)."""
    uow = SessionUnitOfWork(session)
    person = uow.persons.get(person_id)
    if person is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"Không có ngư dân mã {person_id}.")
    history = []
    for case in uow.cases.of_person(person_id):
        member = case.member_for_person(person_id)
        if member is None:
            continue
        entry = case_view(case, user.disclosure, detail=False)
        entry["member"] = member_view(member, user.disclosure)
        history.append(entry)
    return {"person": person_view(person, user.disclosure), "cases": history}


@router.post("/{person_id}/confirm")
def confirm_person(
    person_id: RowId, body: PersonChange, user: CaseWriter, session: SessionDep
) -> dict[str, Any]:
    """An officer checked this person (created from a report) and completes the record."""
    with case_errors():
        person = handlers.confirm_person(
            SessionUnitOfWork(session),
            ConfirmPerson(actor=user.actor, person_id=person_id, **body.model_dump()),
        )
    return person_view(person, user.disclosure)
