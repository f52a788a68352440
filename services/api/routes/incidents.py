"""Incident reports over HTTP: the same use case as the Kafka incident stream."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, HTTPException, status

from infra.db.cases import IncidentReportRow
from infra.uow import SessionUnitOfWork
from services.api.deps import SessionDep, SettingsDep
from services.api.routes.cases import case_errors
from services.api.security import CaseReader, IncidentWriter
from services.cases.handlers import handle_incident_report
from streams.records import IncidentReport

__all__ = ["router"]

router = APIRouter(prefix="/api/incidents", tags=["incidents"])


@router.post("", status_code=status.HTTP_200_OK)
def post_incident(
    report: IncidentReport, user: IncidentWriter, session: SessionDep, settings: SettingsDep
) -> dict[str, Any]:
    """Apply an incident report (idempotent by ``report_id``): opens or updates a case."""
    with case_errors():
        result = handle_incident_report(
            SessionUnitOfWork(session),
            report,
            actor=user.actor,
            attach_days=settings.case_attach_days,
        )
    return asdict(result)


@router.get("/{report_id}")
def get_incident(report_id: str, user: CaseReader, session: SessionDep) -> dict[str, Any]:
    """An applied report: the case it went to and what could not be applied."""
    row = session.get(IncidentReportRow, report_id)
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"report {report_id} was not applied")
    return {
        "report_id": row.report_id,
        "case_id": row.case_id,
        "source": row.source,
        "received_at": row.received_at.isoformat(),
        "problems": row.problems,
    }
