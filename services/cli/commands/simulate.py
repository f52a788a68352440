"""``seawatch simulate``: publish realistic VMS tracks for a simulated fleet."""

from __future__ import annotations

import json
import signal
import sys
from datetime import UTC, datetime
from typing import Any

import typer

__all__ = ["register"]


def simulate(
    vessels: int = typer.Option(300, help="Number of boats."),
    speed: float = typer.Option(60.0, help="Speed-up: simulated seconds per real second."),
    seed: int = typer.Option(7, help="Random seed: the same seed gives the same tracks."),
    interval_min: float = typer.Option(5.0, help="Minutes of simulated time between reports."),
    duration: float | None = typer.Option(None, help="Stop after this many real seconds."),
    start: str | None = typer.Option(
        None, help="Simulated start time (ISO 8601, UTC); default now."
    ),
    register_vessels: bool = typer.Option(
        True, "--register/--no-register", help="Add the fleet to the registry."
    ),
    dry_run: bool = typer.Option(False, help="Print reports as JSON lines instead of publishing."),
    swaps: int = typer.Option(0, help="Plant this many device swaps (a boat's device on another)."),
    port_share: float = typer.Option(
        0.1, help="Share of boats coming home or leaving port during the run."
    ),
) -> None:
    """Publish VMS tracks of boats out of Quảng Ngãi and Ninh Thuận ports."""
    from infra.settings import get_settings
    from services.simulator.fleet import Fleet
    from services.simulator.run import declare_clock, register_fleet, run_simulation

    settings = get_settings()
    begin = datetime.fromisoformat(start).replace(tzinfo=UTC) if start else None
    fleet = Fleet(
        vessels,
        seed=seed,
        start=begin,
        report_interval_min=interval_min,
        swaps=swaps,
        port_share=port_share,
    )
    stop = {"flag": False}

    def _stop(*_: object) -> None:
        stop["flag"] = True

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    if dry_run:

        def _print(reports: object) -> None:
            for r in reports:  # type: ignore[attr-defined]
                sys.stdout.write(r.model_dump_json() + "\n")
            sys.stdout.flush()

        run_simulation(
            fleet, _print, speedup=speed, duration_s=duration, should_stop=lambda: stop["flag"]
        )
        return
    if not settings.kafka_bootstrap:
        typer.echo(
            "error: no Kafka bootstrap: set SEAWATCH_KAFKA_BOOTSTRAP or use `seawatch run`",
            err=True,
        )
        raise typer.Exit(2)
    from infra.kafka import KafkaPublisher

    if register_vessels:
        added = register_fleet(fleet)
        typer.echo(json.dumps({"registered": added, "fleet": len(fleet.vessels)}), err=True)
    fleet_start = datetime.fromtimestamp(fleet.now, UTC)
    wall_start = datetime.now(UTC)

    def _heartbeat(ticks: int, _sent: int) -> None:
        if ticks % 30 == 1:  # the page's clock: start, speed, and "still running"
            try:
                declare_clock(fleet_start, speed, wall_start)
            except Exception as exc:  # the database away must not stop the fleet
                typer.echo(f"warning: could not declare the clock: {exc}", err=True)

    from services.tracking.clock import ClockTick, tick_record

    with KafkaPublisher(settings) as publisher:

        def publish(reports: Any) -> None:
            # the simulator runs on its own clock: every fix up to the fleet's time is sent
            publisher.publish_positions(reports)
            publisher.publish_clock(tick_record(ClockTick("sim", fleet.now, speed=speed)))

        sent = run_simulation(
            fleet,
            publish,
            speedup=speed,
            duration_s=duration,
            should_stop=lambda: stop["flag"],
            on_tick=_heartbeat,
        )
    typer.echo(json.dumps({"reports_sent": sent}), err=True)


def register(app: typer.Typer) -> None:
    app.command("simulate")(simulate)
