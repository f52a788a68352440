"""``seawatch vessels``: import the provincial registry CSV, list vessels, prune old tracks."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated

import typer

from infra.settings import get_settings

__all__ = ["app"]

app = typer.Typer(help="Vessel registry: CSV import, listing, track retention.")


def _prepare_database() -> str:
    """Bring the configured database to the newest schema (idempotent) and return its URL."""
    from infra.db.migrate import upgrade_head

    url = get_settings().sqlalchemy_url
    upgrade_head(url)
    return url


@app.command("import")
def import_cmd(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Only check the file; write nothing.")
    ] = False,
) -> None:
    """Import the registry CSV; bad rows are reported with line number and reason."""
    from services.vessels import parse_registry_csv

    try:
        text = file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        typer.echo("Lỗi: tệp không phải UTF-8 (hãy lưu CSV dạng UTF-8).", err=True)
        raise typer.Exit(2) from None
    parsed = parse_registry_csv(text.splitlines())
    if dry_run:
        errors = parsed.errors
        typer.echo(f"Hợp lệ: {len(parsed.records)} tàu · lỗi: {len(errors)} dòng")
    else:
        from infra.db.base import session_scope
        from infra.repositories.vessels import import_vessels

        url = _prepare_database()
        with session_scope(url) as session:
            result = import_vessels(session, parsed)
        errors = result.errors
        typer.echo(
            f"Đã nhập {result.imported} tàu: {result.created} mới, {result.updated} cập nhật, "
            f"{result.unchanged} không đổi · lỗi: {len(errors)} dòng"
        )
    for error in errors:
        who = f" ({error.vessel_id})" if error.vessel_id else ""
        typer.echo(f"  dòng {error.line_no}{who}: {error.reason}", err=True)
    if errors and not (parsed.records):
        raise typer.Exit(1)


@app.command("list")
def list_cmd(
    q: Annotated[
        str | None, typer.Option("--q", "-q", help="Search registration, name, owner, MMSI.")
    ] = None,
    unregistered: Annotated[
        bool, typer.Option("--unregistered", help="Only vessels seen on a feed but not registered.")
    ] = False,
    high_risk: Annotated[bool, typer.Option("--high-risk", help="Only high-risk vessels.")] = False,
    limit: Annotated[int, typer.Option(min=1, max=10_000)] = 100,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
) -> None:
    """List vessels of the registry."""
    from rich.console import Console
    from rich.table import Table

    from infra.db.base import session_scope
    from infra.repositories.vessel_queries import search_vessels, vessel_dict

    url = _prepare_database()
    with session_scope(url) as session:
        rows = search_vessels(
            session,
            q,
            registered=False if unregistered else None,
            high_risk=True if high_risk else None,
            limit=limit,
        )
        vessels = [vessel_dict(row) for row in rows]
    if as_json:
        for vessel in vessels:
            typer.echo(json.dumps(vessel, ensure_ascii=False))
        return
    table = Table(title=f"Tàu ({len(vessels)})")
    for column in ("Số đăng ký", "Tên", "MMSI", "Chủ tàu", "Cảng", "Dài (m)", "TV", "Nguy cơ"):
        table.add_column(column)
    for v in vessels:
        table.add_row(
            v["vessel_id"] + ("" if v["registered"] else " (chưa ĐK)"),
            v["name"] or "",
            str(v["mmsi"] or ""),
            v["owner"] or "",
            v["home_port"] or "",
            f"{v['length_m']:.1f}".replace(".", ",") if v["length_m"] else "",
            str(v["crew_count"] or ""),
            "cao" if v["high_risk"] else "",
        )
    Console().print(table)


@app.command("prune-history")
def prune_cmd(
    keep_days: Annotated[
        int | None,
        typer.Option(min=1, help="Days to keep (default SEAWATCH_TRACK_RETENTION_DAYS)."),
    ] = None,
) -> None:
    """Delete positions older than the retention period (newer ones are never edited)."""
    from infra.db.base import session_scope
    from infra.repositories.vessel_queries import prune_track_history

    url = _prepare_database()
    days = keep_days if keep_days is not None else get_settings().track_retention_days
    cutoff = datetime.now(UTC) - timedelta(days=days)
    with session_scope(url) as session:
        removed = prune_track_history(session, cutoff)
    typer.echo(f"Đã xoá {removed} vị trí trước {cutoff:%d/%m/%Y}.")
