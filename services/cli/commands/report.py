"""``seawatch report monthly``: the foreign-affairs monthly report as JSON, Markdown or Word."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

__all__ = ["app"]

app = typer.Typer(help="Reports for the Department of Foreign Affairs.", no_args_is_help=True)


@app.command("monthly")
def monthly(
    month: Annotated[str | None, typer.Option("--month", help="Month, e.g. 2021-07")] = None,
    start: Annotated[str | None, typer.Option("--from", help="First day, e.g. 2021-07-01")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last day, e.g. 2021-07-31")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="json, md or docx")] = "md",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (stdout if omitted)")
    ] = None,
    as_of: Annotated[
        datetime | None, typer.Option("--as-of", help="Re-issue as recorded at this UTC time")
    ] = None,
    database_url: Annotated[
        str | None, typer.Option("--database-url", help="Overrides SEAWATCH_DATABASE_URL")
    ] = None,
) -> None:
    """Count the period (Vietnam dates) and write the report."""
    from infra.db.base import session_scope
    from infra.repositories.report_facts import SqlReportFacts
    from infra.settings import get_settings
    from services.reports.errors import ReportError
    from services.reports.period import parse_period
    from services.reports.service import (
        build_report,
        letterhead_from,
        own_boats_from,
        province_port_names,
        render,
    )

    if as_of is not None and as_of.tzinfo is None:
        as_of = as_of.replace(tzinfo=UTC)
    try:
        period = parse_period(month, start, end)
        with session_scope(database_url) as session:
            settings = get_settings()
            own = own_boats_from(settings, province_port_names(settings))
            report = build_report(
                SqlReportFacts(session, own),
                period,
                as_of=as_of,
                province=settings.province,
                issued_at=datetime.now(UTC),
                letterhead=letterhead_from(settings),
            )
        rendered = render(report, fmt)
    except ReportError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(code=2) from exc
    if output is None:
        if fmt == "docx":
            typer.echo("error: a .docx needs --output FILE", err=True)
            raise typer.Exit(code=2)
        typer.echo(rendered.content.decode(), nl=False)
        return
    output.write_bytes(rendered.content)
    for note in report.counts.anomalies:
        typer.echo(f"note: {note}", err=True)
    typer.echo(f"{output} ({len(rendered.content)} bytes, {report.counts.period.key})", err=True)
