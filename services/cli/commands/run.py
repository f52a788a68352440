"""``seawatch run``: the whole tracker on this machine (``make run`` calls it)."""

from __future__ import annotations

import logging
import signal
import sys
import time

import typer

__all__ = ["register"]


def run(
    simulate: bool = typer.Option(True, "--simulate/--no-simulate", help="Start the fleet simulator."),
    vessels: int = typer.Option(300, help="Simulated boats."),
    speed: float = typer.Option(60.0, help="Simulator speed-up (simulated seconds per second)."),
    seed: int = typer.Option(7, help="Simulator seed."),
    workers: int = typer.Option(1, help="Stream worker processes."),
) -> None:
    """Start broker (embedded unless KAFKA_BOOTSTRAP is set), database, workers, API, simulator."""
    from infra.broker import BrokerError
    from infra.settings import get_settings
    from infra.stack import Stack

    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    settings = get_settings()
    stack = Stack(settings, simulate=simulate, sim_vessels=vessels, sim_speed=speed, sim_seed=seed, workers=workers)
    stopping = {"now": False}

    def _stop(*_: object) -> None:
        stopping["now"] = True

    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    t0 = time.monotonic()
    try:
        stack.start()
    except BrokerError as exc:
        typer.echo(f"error: {exc}", err=True)
        stack.stop()
        raise typer.Exit(1) from exc
    except Exception as exc:
        typer.echo(f"error: could not start: {exc}", err=True)
        stack.stop()
        raise typer.Exit(1) from exc
    s = stack.settings
    mode = "embedded Tansu" if stack.broker else "external Kafka"
    typer.echo(f"Seawatch is running ({time.monotonic() - t0:.1f} s to start)")
    typer.echo(f"  operations page : http://{s.api_host}:{s.api_port}/")
    typer.echo(f"  live alerts     : curl -N http://{s.api_host}:{s.api_port}/api/alerts/stream")
    typer.echo(f"  broker          : {s.kafka_bootstrap} ({mode})")
    typer.echo(f"  database        : {s.sqlalchemy_url}")
    typer.echo(f"  logs            : {stack.logs}")
    typer.echo("Press Ctrl-C to stop.")
    sys.stdout.flush()
    try:
        while not stopping["now"]:
            stack.supervise_once()
            time.sleep(1.0)
    finally:
        typer.echo("stopping…")
        stack.stop()
        typer.echo("stopped.")


def register(app: typer.Typer) -> None:
    app.command("run")(run)
