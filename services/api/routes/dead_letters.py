"""Dead letters for an operator: what was rejected, by reason, traced to its record."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from infra.repositories.dead_letters import dead_letter_page, dead_letter_summary
from services.api.deps import SessionDep
from services.api.params import QueryRowId
from services.api.security import Admin

__all__ = ["router"]

router = APIRouter(prefix="/api/dead-letters", tags=["dead letters"])


@router.get("/summary")
def summary(session: SessionDep, _admin: Admin) -> dict[str, Any]:
    """Rejects by kind of reason (rows, rejects counted, first/last seen), and stream counters."""
    return dead_letter_summary(session)


@router.get("")
def listing(
    session: SessionDep,
    _admin: Admin,
    reason: Annotated[str | None, Query(max_length=200, description="Start of the reason")] = None,
    topic: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    before_id: QueryRowId = None,
) -> list[dict[str, Any]]:
    """Dead letters, newest first, each with its topic, partition, offset and count."""
    return dead_letter_page(session, reason, topic, limit, before_id)
