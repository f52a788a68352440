"""The FastAPI application: routers per resource, mounted here and nowhere else."""

from __future__ import annotations

import importlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI

__all__ = ["create_app"]

# One module per resource under services/api/routes/, each exposing ``router``.
ROUTERS: list[str] = [
    "health",
    "iuu",
    "positions",
    "alerts",
    "page",
    "auth",
    "users",
    "cases",
    "case_documents",
    "evidence",
    "hotspots",
    "persons",
    "incidents",
    "vessels",
    "reports",
    "acks",
    "deliveries",
    "recipients",
    "zones",
    "situations",
    "clock",
    "ports",
    "metrics",
    "dead_letters",
    "events",
]


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    from services.api.lifecycle import shutdown, startup

    await startup(app)
    try:
        yield
    finally:
        await shutdown(app)


def _count_requests(app: FastAPI) -> None:
    """``seawatch_http_requests_total`` by method, route template (not the raw path) and status."""
    from fastapi import Request, Response

    from infra.metrics import HTTP_REQUESTS

    @app.middleware("http")
    async def count(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        route = request.scope.get("route")
        path = getattr(route, "path", None) or "unmatched"
        if path != "/api/alerts/stream":  # a stream's status is known at its start only
            HTTP_REQUESTS.labels(request.method, path, str(response.status_code)).inc()
        return response


def create_app() -> FastAPI:
    """Build the API; nothing connects to the broker or database until start-up."""
    app = FastAPI(title="Seawatch", version="0.1.0", lifespan=_lifespan)
    for name in ROUTERS:
        module = importlib.import_module(f"services.api.routes.{name}")
        app.include_router(module.router)
    from fastapi.staticfiles import StaticFiles

    from services.api.routes.page import STATIC_DIR

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    from infra.settings import get_settings
    from services.api.limits import BodyLimit

    settings = get_settings()
    _count_requests(app)
    app.add_middleware(
        BodyLimit,
        default_bytes=settings.api_max_body_bytes,
        per_path={
            ("POST", "/api/positions"): settings.api_max_positions_body_bytes,
            # a case document: the file's own limit, plus room for the multipart envelope
            ("POST", "/api/cases/[0-9]+/documents"): int(
                settings.case_document_max_mb * 1024 * 1024
            )
            + 65_536,
        },
    )
    return app
