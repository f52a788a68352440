"""Positions: the latest fix of every vessel, and a batch endpoint that publishes to Kafka."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, HTTPException, Query, Request, status
from pydantic import ValidationError
from sqlalchemy import select

from infra.db.models import LatestPosition
from services.api.deps import SessionDep
from services.api.lifecycle import get_publisher
from services.api.security import PositionWriter, TrackingReader
from streams.records import PositionBatch, PositionReport

router = APIRouter(prefix="/api/positions", tags=["positions"])

MAX_BATCH = 10_000


@router.get("/latest")
def latest_positions(
    session: SessionDep,
    _user: TrackingReader,
    risk: str | None = Query(None, description="Only this risk level, e.g. INSIDE_FOREIGN"),
) -> list[dict[str, Any]]:
    """The newest good fix of each vessel, with its zone and risk."""
    stmt = select(LatestPosition)
    if risk:
        stmt = stmt.where(LatestPosition.risk == risk.upper())
    return [
        {
            "vessel_id": r.vessel_id, "ts": r.ts.isoformat(), "lat": r.lat, "lon": r.lon,
            "speed_kn": r.speed_kn, "course_deg": r.course_deg, "source": r.source, "risk": r.risk,
            "country": r.country, "zone_kind": r.zone_kind, "distance_nm": r.distance_nm,
        }
        for r in session.scalars(stmt.order_by(LatestPosition.vessel_id))
    ]  # fmt: skip


@router.post("", status_code=status.HTTP_202_ACCEPTED)
async def publish_positions(
    batch: PositionBatch, request: Request, _writer: PositionWriter
) -> dict[str, Any]:
    """Validate a batch of position reports and publish the valid ones to Kafka."""
    if len(batch.positions) > MAX_BATCH:
        raise HTTPException(
            status.HTTP_413_REQUEST_ENTITY_TOO_LARGE, f"at most {MAX_BATCH} positions per request"
        )
    good: list[PositionReport] = []
    rejected: list[dict[str, Any]] = []
    for index, fix in enumerate(batch.positions):
        try:
            good.append(PositionReport.model_validate(fix))
        except ValidationError as exc:
            reason = "; ".join(
                f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()[:3]
            )
            rejected.append({"index": index, "reason": reason})
    if good:
        try:
            publisher = get_publisher(request.app)
            await asyncio.to_thread(publisher.publish_positions, good)
            await asyncio.to_thread(publisher.flush, 10.0)
        except Exception as exc:
            raise HTTPException(
                status.HTTP_503_SERVICE_UNAVAILABLE, f"broker unavailable: {exc}"
            ) from exc
    return {"accepted": len(good), "rejected": rejected}
