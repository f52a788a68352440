"""``seawatch run``: the whole tracker on this machine (``make run`` calls it)."""

from __future__ import annotations

import logging
import signal
import sys
import time

import typer

__all__ = ["ensure_dev_admin", "register"]


def ensure_dev_admin() -> tuple[str, str] | None:
    """Development only: with no admin yet, create ``admin`` with a random one-time password.

    The password is printed once and kept in ``<data_dir>/admin-password.txt`` (mode 600) so the
    operations page can be opened straight after ``make run``; there is no default password.
    Returns ``(username, password)`` or None when an admin already exists or not in development.
    """
    import secrets

    from infra.db.base import session_scope
    from infra.repositories.users import SqlUserStore
    from infra.settings import get_settings

    settings = get_settings()
    path = settings.data_dir / "admin-password.txt"
    if settings.environment != "development":
        return None
    with session_scope() as session:
        store = SqlUserStore(session)
        if store.count_admins() > 0:
            if path.exists():
                return ("admin", path.read_text().strip())
            return None
        password = secrets.token_urlsafe(12)
        store.create("admin", password, "admin", "seawatch-run", "Quản trị (máy phát triển)")
    path.write_text(password + "\n")
    path.chmod(0o600)
    return ("admin", password)


def run(
    simulate: bool = typer.Option(
        True, "--simulate/--no-simulate", help="Start the fleet simulator."
    ),
    vessels: int = typer.Option(300, help="Simulated boats."),
    speed: float = typer.Option(60.0, help="Simulator speed-up (simulated seconds per second)."),
    seed: int = typer.Option(7, help="Simulator seed."),
    swaps: int = typer.Option(2, help="Device swaps the simulator plants (0: none)."),
    workers: int = typer.Option(1, help="Stream worker processes."),
) -> None:
    """Start broker (embedded unless KAFKA_BOOTSTRAP is set), database, workers, API, simulator."""
    from infra.broker import BrokerError
    from infra.settings import get_settings
    from infra.stack import Stack

    logging.basicConfig(
        level=logging.WARNING, format="%(asctime)s %(name)s %(levelname)s %(message)s"
    )
    settings = get_settings()
    stack = Stack(
        settings,
        simulate=simulate,
        sim_vessels=vessels,
        sim_speed=speed,
        sim_seed=seed,
        sim_swaps=swaps,
        workers=workers,
    )
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
    admin = ensure_dev_admin()
    mode = "embedded Tansu" if stack.broker else "external Kafka"
    typer.echo(f"Seawatch is running ({time.monotonic() - t0:.1f} s to start)")
    typer.echo(f"  operations page : http://{s.api_host}:{s.api_port}/")
    base = f"http://{s.api_host}:{s.api_port}"
    if admin is not None:
        typer.echo(
            f"  login           : {admin[0]} / {admin[1]}"
            f"  (development account; also in {s.data_dir / 'admin-password.txt'})"
        )
        token = (
            f"$(curl -s -d username={admin[0]} -d password={admin[1]} {base}/api/auth/token"
            " | python3 -c 'import json,sys; print(json.load(sys.stdin)[\"access_token\"])')"
        )
        typer.echo(
            f'  live alerts     : curl -N -H "Authorization: Bearer {token}" '
            f"{base}/api/alerts/stream"
        )
    else:
        typer.echo(
            "  live alerts     : curl -N -H 'Authorization: Bearer <token>' "
            f"{base}/api/alerts/stream"
        )
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
