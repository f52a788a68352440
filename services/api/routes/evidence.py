"""The evidence file of a case: Word document (with its map), GeoJSON and KML of the track.

For consular roles only: the document lists the crew by name.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Response, status

from infra.settings import get_settings
from services.api.deps import SessionDep
from services.api.params import RowId
from services.api.routes.cases import case_errors
from services.api.security import CaseReader

__all__ = ["router"]

router = APIRouter(prefix="/api/cases", tags=["cases"])

_MEDIA = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "geojson": "application/geo+json",
    "kml": "application/vnd.google-earth.kml+xml",
}


@router.get("/{case_id}/evidence.{ext}")
def evidence(
    case_id: RowId, ext: Literal["docx", "geojson", "kml"], user: CaseReader, session: SessionDep
) -> Response:
    """The case's evidence file ("hồ sơ hành trình") as .docx, .geojson or .kml."""
    from infra.repositories.evidence import load_evidence
    from services.evidence.docx_out import render_docx
    from services.evidence.gis import to_geojson, to_kml

    if not user.sees_personal_data:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN, "Chỉ cán bộ lãnh sự được tải hồ sơ hành trình."
        )
    with case_errors():
        files = load_evidence(
            session, case_id, now=datetime.now(UTC), hours=get_settings().evidence_track_hours
        )
    writer = {"docx": render_docx, "geojson": to_geojson, "kml": to_kml}[ext]
    name = files.filename(ext)
    return Response(
        writer(files.evidence),
        media_type=_MEDIA[ext],
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"},
    )
