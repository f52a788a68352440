"""The operations page: static files served by the API itself (no CDN, no tile server)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"

router = APIRouter(tags=["page"])


@router.get("/", include_in_schema=False)
def index() -> FileResponse:
    """The operations page."""
    return FileResponse(STATIC_DIR / "index.html", media_type="text/html; charset=utf-8")
