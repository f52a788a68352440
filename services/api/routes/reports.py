"""Monthly foreign-affairs report: counts as JSON, text as Markdown or a Word document."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Response
from fastapi.responses import JSONResponse

from infra.repositories.report_facts import SqlReportFacts
from services.api.deps import SessionDep, SettingsDep
from services.api.security import require_roles
from services.auth.roles import Role
from services.reports.errors import ReportError
from services.reports.period import parse_period
from services.reports.service import (
    build_report,
    letterhead_from,
    own_boats_from,
    province_port_names,
    render,
)
from services.vocabulary import utc

__all__ = ["router"]

REPORT_READERS = (Role.FOREIGN_AFFAIRS, Role.ADMIN, Role.VIEWER)
router = APIRouter(
    prefix="/api/reports",
    tags=["reports"],
    dependencies=[Depends(require_roles(*REPORT_READERS))],
)


@router.get("/monthly")
def monthly_report(
    session: SessionDep,
    settings: SettingsDep,
    month: Annotated[str | None, Query(description="2021-07")] = None,
    start: Annotated[str | None, Query(alias="from", description="2021-07-01")] = None,
    end: Annotated[str | None, Query(alias="to", description="2021-07-31")] = None,
    format: Literal["json", "md", "docx"] = "json",
    as_of: Annotated[datetime | None, Query(description="re-issue as recorded then")] = None,
) -> Response:
    """The report for a month (or a from/to range of Vietnam dates) in the chosen format."""
    try:
        period = parse_period(month, start, end)
        report = build_report(
            SqlReportFacts(session, own_boats_from(settings, province_port_names(settings))),
            period, as_of=utc(as_of) if as_of else None, province=settings.province,
            issued_at=datetime.now(UTC),
            letterhead=letterhead_from(settings),
        )  # fmt: skip
        rendered = render(report, format)
    except ReportError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from exc
    if format == "json":
        return JSONResponse(report.to_dict())
    disposition = "attachment" if format == "docx" else "inline"
    return Response(
        rendered.content,
        media_type=rendered.media_type,
        headers={"Content-Disposition": f'{disposition}; filename="{rendered.filename}"'},
    )
