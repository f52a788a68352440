"""``seawatch deliver``: run the webhook dispatcher standalone, and manage desks and their queues.

``seawatch deliver`` (no sub-command) runs the delivery loop until Ctrl-C; ``seawatch run`` starts
the same loop inside the full stack, so run this only when delivery lives in its own process.
"""

from __future__ import annotations

import asyncio
import json
import signal
from typing import Annotated

import typer

__all__ = ["app"]

app = typer.Typer(
    help="Alert delivery: webhook dispatcher, recipients, delivery log.",
    invoke_without_command=True,
)


@app.callback()
def deliver(
    ctx: typer.Context,
    once: Annotated[bool, typer.Option("--once", help="One cycle, then exit")] = False,
    poll_s: Annotated[float, typer.Option("--poll-s", help="Idle wait between cycles")] = 1.0,
    cap_s: Annotated[
        float, typer.Option("--max-backoff-s", help="Longest wait between retries")
    ] = 300.0,
) -> None:
    """Run the dispatcher (the default when no sub-command is given)."""
    if ctx.invoked_subcommand is not None:
        return
    from infra.db.base import get_sessionmaker
    from infra.repositories.outbox import SqlOutbox
    from infra.settings import get_settings
    from services.alerts.dispatcher import Dispatcher, DispatchPolicy

    settings = get_settings()
    policy = DispatchPolicy(
        poll_s=poll_s, cap_s=cap_s, escalate_after_min=settings.escalate_after_min
    )
    from infra.metrics import DELIVERIES, serve

    def counted(recipient: str, delivered: bool) -> None:
        DELIVERIES.labels(recipient, "delivered" if delivered else "failed").inc()

    dispatcher = Dispatcher(
        SqlOutbox(get_sessionmaker(settings.sqlalchemy_url)), policy, on_attempt=counted
    )
    if once:
        stats = asyncio.run(dispatcher.run_once())
        typer.echo(
            json.dumps(
                {"delivered": stats.delivered, "failed": stats.failed, "escalated": stats.escalated}
            )
        )
        return

    serve(settings.dispatcher_metrics_port, "dispatcher")

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        typer.echo(
            f"delivering alerts from {settings.sqlalchemy_url.split('@')[-1]} (Ctrl-C stops)"
        )
        await dispatcher.run(stop)

    asyncio.run(main())


@app.command("recipients")
def recipients() -> None:
    """List desks, their rules and whether they have a webhook."""
    from infra.db.base import session_scope
    from infra.repositories.recipients import list_recipients, recipient_dict

    with session_scope() as session:
        for row in list_recipients(session):
            r = recipient_dict(row)
            kinds = ",".join(r["kinds"]) or "*"
            areas = ",".join(r["areas"]) or "*"
            rule = f"≥{r['min_severity']} kinds={kinds} areas={areas}"
            hook = r["webhook_url"] or "-"
            typer.echo(
                "\t".join(
                    [r["key"], r["role"], "on" if r["active"] else "off", rule, hook, r["name"]]
                )
            )


@app.command("recipient")
def recipient(
    key: str,
    webhook: Annotated[
        str | None, typer.Option("--webhook", help="Webhook URL (http/https)")
    ] = None,
    no_webhook: Annotated[bool, typer.Option("--no-webhook", help="Remove the webhook")] = False,
    name: Annotated[str | None, typer.Option("--name")] = None,
    role: Annotated[
        str | None, typer.Option("--role", help="border_guard or foreign_affairs")
    ] = None,
    min_severity: Annotated[str | None, typer.Option("--min-severity")] = None,
    kinds: Annotated[
        str | None, typer.Option("--kinds", help="Comma-separated, empty = all")
    ] = None,
    areas: Annotated[
        str | None, typer.Option("--areas", help="Comma-separated, empty = all")
    ] = None,
    active: Annotated[bool | None, typer.Option("--active/--inactive")] = None,
    rotate_secret: Annotated[bool, typer.Option("--rotate-secret")] = False,
) -> None:
    """Create or update a desk; prints a newly issued webhook secret once."""
    from infra.db.base import session_scope
    from infra.repositories.recipients import upsert_recipient
    from services.alerts.errors import InvalidRecipient

    fields: dict[str, object] = {}
    for field, value in (
        ("name", name),
        ("role", role),
        ("min_severity", min_severity),
        ("active", active),
        ("webhook_url", webhook),
    ):
        if value is not None:
            fields[field] = value
    if no_webhook:
        fields["webhook_url"] = None
    for field, csv in (("kinds", kinds), ("areas", areas)):
        if csv is not None:
            fields[field] = [v.strip() for v in csv.split(",") if v.strip()]
    try:
        with session_scope() as session:
            _, secret = upsert_recipient(session, key, fields, rotate_secret=rotate_secret)
    except InvalidRecipient as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(code=2) from None
    typer.echo(f"saved {key}")
    if secret:
        typer.echo(f"webhook secret (shown once): {secret}")


@app.command("status")
def status() -> None:
    """Each desk's queue: pending, delivered, and what blocks the head."""
    from infra.db.base import session_scope
    from infra.repositories.delivery_log import queue_summary

    with session_scope() as session:
        typer.echo(json.dumps(queue_summary(session), ensure_ascii=False, indent=2))


@app.command("log")
def log(alert_id: str) -> None:
    """The delivery log of one alert."""
    from infra.db.base import session_scope
    from infra.repositories.delivery_log import delivery_log
    from services.alerts.errors import UnknownAlert

    try:
        with session_scope() as session:
            typer.echo(json.dumps(delivery_log(session, alert_id), ensure_ascii=False, indent=2))
    except UnknownAlert as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(code=2) from None
