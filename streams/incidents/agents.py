"""Incident flow: reports from border posts, the Consular Department and families open or
update consular cases. Idempotent by report id (the handler checks it), so redelivery is safe."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from pydantic import ValidationError

from infra.db.base import get_sessionmaker
from infra.settings import get_settings
from infra.uow import SqlAlchemyUnitOfWork
from services.cases.errors import CaseError
from services.cases.handlers import handle_incident_report
from streams.app import app
from streams.deadletter import send_dead_letters
from streams.records import IncidentReport
from streams.retry import GaveUp, until_stored
from streams.topics import incidents_topic

__all__ = ["apply_incident", "handle_incidents"]

log = logging.getLogger(__name__)
settings = get_settings()


def apply_incident(raw: bytes) -> tuple[str, str] | None:
    """Blocking: apply one raw report; ``(reason, payload)`` when it must be dead-lettered."""
    text = bytes(raw).decode("utf-8", "replace")
    try:
        report = IncidentReport.model_validate_json(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(x) for x in first.get("loc", ()))
        return (f"invalid incident report — {where}: {first.get('msg')}", text)
    try:
        uow = SqlAlchemyUnitOfWork(get_sessionmaker())
        result = handle_incident_report(uow, report, attach_days=settings.case_attach_days)
    except CaseError as exc:
        return (f"incident report refused: {exc}", text)
    if result.problems:
        log.warning(
            "incident %s applied with problems: %s", report.report_id, "; ".join(result.problems)
        )
    return None


@app.agent(incidents_topic)
async def handle_incidents(stream: Any) -> None:
    source = settings.topic("incidents")
    async for raw in stream:
        try:
            rejected = await until_stored(
                apply_incident, raw, what="applying an incident report", run=asyncio.to_thread
            )
        except GaveUp as exc:
            rejected = (exc.reason, bytes(raw).decode("utf-8", "replace"))
        if rejected is not None:
            await send_dead_letters(source, [rejected])
