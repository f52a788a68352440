"""Health: is the database reachable, is the broker reachable."""

from __future__ import annotations

import asyncio
import socket
import time
from typing import Any

from fastapi import APIRouter, Response
from sqlalchemy import text

from infra.db.base import get_engine
from services.api.deps import SettingsDep

router = APIRouter(prefix="/api", tags=["health"])


def _database() -> dict[str, Any]:
    t0 = time.perf_counter()
    try:
        with get_engine().connect() as conn:
            conn.execute(text("SELECT 1"))
            revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        return {
            "ok": True,
            "revision": revision,
            "latency_ms": round((time.perf_counter() - t0) * 1000, 1),
        }
    except Exception as exc:
        return {"ok": False, "error": str(exc).splitlines()[0][:200]}


def _broker(bootstrap: str | None) -> dict[str, Any]:
    if not bootstrap:
        return {"ok": False, "error": "no broker configured (SEAWATCH_KAFKA_BOOTSTRAP)"}
    errors = []
    for server in bootstrap.split(","):
        host, _, port = server.strip().rpartition(":")
        try:
            with socket.create_connection((host, int(port)), timeout=1.0):
                return {"ok": True, "bootstrap": bootstrap}
        except (OSError, ValueError) as exc:
            errors.append(f"{server}: {exc}")
    return {"ok": False, "bootstrap": bootstrap, "error": "; ".join(errors)}


@router.get("/health")
async def health(settings: SettingsDep, response: Response) -> dict[str, Any]:
    """Database and broker reachability; 503 when either is down."""
    database, broker = await asyncio.gather(
        asyncio.to_thread(_database), asyncio.to_thread(_broker, settings.kafka_bootstrap)
    )
    ok = database["ok"] and broker["ok"]
    if not ok:
        response.status_code = 503
    return {"status": "ok" if ok else "degraded", "database": database, "broker": broker}
