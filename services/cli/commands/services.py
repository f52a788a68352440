"""Single-process verbs: ``seawatch worker``, ``api``, ``broker``, ``db`` and ``topics``."""

from __future__ import annotations

import os
import signal
import sys
import time

import typer

__all__ = ["register"]

db_app = typer.Typer(help="Database schema.", no_args_is_help=True)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply Alembic migrations up to the newest schema."""
    from infra.db.migrate import upgrade_head
    from infra.settings import get_settings

    upgrade_head()
    typer.echo(f"database at head: {get_settings().sqlalchemy_url}")


topics_app = typer.Typer(help="Kafka topics.", no_args_is_help=True)


@topics_app.command("ensure")
def topics_ensure() -> None:
    """Create Seawatch's topics on the configured Kafka if they are missing."""
    from infra.kafka import ensure_topics
    from infra.settings import get_settings

    settings = get_settings()
    if not settings.kafka_bootstrap:
        typer.echo("error: set SEAWATCH_KAFKA_BOOTSTRAP", err=True)
        raise typer.Exit(2)
    created = ensure_topics(settings)
    typer.echo(f"topics created: {', '.join(created) or 'none (all present)'}")


def worker(log_level: str = typer.Option("info", "--log-level", "-l")) -> None:
    """Run one faust stream worker (needs SEAWATCH_KAFKA_BOOTSTRAP)."""
    os.execv(
        sys.executable,
        [sys.executable, "-m", "streams", "worker", "--without-web", "-l", log_level],
    )


def api(host: str | None = None, port: int | None = None) -> None:
    """Serve the API and the operations page."""
    import uvicorn

    from infra.settings import get_settings

    s = get_settings()
    uvicorn.run(
        "services.api.main:create_app",
        factory=True,
        host=host or s.api_host,
        port=port or s.api_port,
    )


def broker(port: int = typer.Option(9092, help="Port to listen on.")) -> None:
    """Run the embedded Tansu broker in the foreground (memory only)."""
    from infra.broker import BrokerError, EmbeddedBroker

    try:
        b = EmbeddedBroker(port=port).start()
    except BrokerError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(f"Tansu listening on {b.bootstrap}; export SEAWATCH_KAFKA_BOOTSTRAP={b.bootstrap}")
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        while b.alive():
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    finally:
        b.stop()


def register(app: typer.Typer) -> None:
    app.add_typer(db_app, name="db")
    app.add_typer(topics_app, name="topics")
    app.command("worker")(worker)
    app.command("api")(api)
    app.command("broker")(broker)
