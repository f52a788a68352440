"""``seawatch ports``: import a province's list of fishing ports, list or export the registry."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from infra.settings import get_settings

__all__ = ["app"]

app = typer.Typer(help="Port registry: fishing ports and storm anchorages (in port / at sea).")


def _prepare_database() -> str:
    from infra.db.migrate import upgrade_head

    url = get_settings().sqlalchemy_url
    upgrade_head(url)
    return url


@app.command("import")
def import_cmd(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)],
    replace: Annotated[
        bool, typer.Option("--replace", help="Remove stored ports that the file does not list.")
    ] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Only check the file.")] = False,
) -> None:
    """Import a port CSV (name, province, lat, lon, class, source); bad rows are reported."""
    from services.ports import parse_ports_csv

    try:
        text = file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        typer.echo("Lỗi: tệp không phải UTF-8 (hãy lưu CSV dạng UTF-8).", err=True)
        raise typer.Exit(2) from None
    parsed = parse_ports_csv(text.splitlines())
    for error in parsed.errors:
        typer.echo(f"  dòng {error.line_no}: {error.reason}", err=True)
    if not parsed.ports:
        typer.echo("Không có cảng hợp lệ nào để nhập.", err=True)
        raise typer.Exit(1)
    if dry_run:
        typer.echo(f"Hợp lệ: {len(parsed.ports)} cảng · lỗi: {len(parsed.errors)} dòng")
        return
    from infra.db.base import session_scope
    from infra.repositories.ports import import_ports

    url = _prepare_database()
    with session_scope(url) as session:
        result = import_ports(session, parsed.ports, replace=replace)
    typer.echo(
        f"Đã nhập {len(parsed.ports)} cảng: {result.created} mới, {result.updated} cập nhật, "
        f"{result.unchanged} không đổi, {result.removed} bỏ · lỗi: {len(parsed.errors)} dòng. "
        "Worker và API dùng danh sách này từ lần khởi động sau."
    )


@app.command("list")
def list_cmd(
    province: Annotated[str | None, typer.Option(help="Only this province.")] = None,
    as_csv: Annotated[bool, typer.Option("--csv", help="Print as CSV (re-importable).")] = False,
) -> None:
    """List the registry in effect (the imported list, else the shipped one)."""
    from services.ports import default_ports, ports_csv

    ports = list(default_ports())
    try:
        from infra.db.base import session_scope
        from infra.repositories.ports import load_ports

        with session_scope(_prepare_database()) as session:
            stored = load_ports(session)
        if stored:
            ports = stored
    except Exception as exc:  # no database: the shipped list is still worth showing
        typer.echo(f"Cảnh báo: không đọc được cơ sở dữ liệu ({type(exc).__name__}).", err=True)
    if province:
        ports = [p for p in ports if p.province == province]
    if as_csv:
        typer.echo(ports_csv(ports), nl=False)
        return
    for p in ports:
        typer.echo(f"{p.province:<20} {p.name:<16} {p.lat:8.3f} {p.lon:9.3f} "
                   f"{p.port_class or '-':<3} {p.kind}")  # fmt: skip
    typer.echo(f"{len(ports)} cảng")
