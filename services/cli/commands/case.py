"""``seawatch case evidence CASE_ID``: the evidence file of a detention, as files on disk."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

__all__ = ["app"]

app = typer.Typer(help="Consular cases.", no_args_is_help=True)


@app.command("evidence")
def evidence(
    case_id: Annotated[int, typer.Argument(help="The case's number")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder to write into")] = Path("."),
    hours: Annotated[
        float | None, typer.Option("--hours", help="Track hours before the detention")
    ] = None,
    database_url: Annotated[
        str | None, typer.Option("--database-url", help="Overrides SEAWATCH_DATABASE_URL")
    ] = None,
) -> None:
    """Write the case's "hồ sơ hành trình" (.docx with its map, .geojson, .kml) into OUT."""
    from infra.db.base import session_scope
    from infra.repositories.evidence import load_evidence
    from infra.settings import get_settings
    from services.cases.errors import CaseError
    from services.evidence.docx_out import render_docx
    from services.evidence.gis import to_geojson, to_kml

    try:
        with session_scope(database_url) as session:
            files = load_evidence(
                session,
                case_id,
                now=datetime.now(UTC),
                hours=hours or get_settings().evidence_track_hours,
            )
    except CaseError as exc:
        typer.echo(f"error: {exc.reason_vi}", err=True)
        raise typer.Exit(code=2) from exc
    out.mkdir(parents=True, exist_ok=True)
    ev = files.evidence
    for ext, writer in (("docx", render_docx), ("geojson", to_geojson), ("kml", to_kml)):
        path = out / files.filename(ext)
        path.write_bytes(writer(ev))
        typer.echo(str(path))
    typer.echo(
        f"{len(ev.track)} fixes, {len(ev.alerts)} alerts, "
        f"{len(ev.positions)} positions against the lines",
        err=True,
    )
