"""Entry point of a stream worker: imports every flow so faust registers its agents.

Run with ``python -m streams worker --without-web -l info`` (``seawatch run`` does it for you).
"""

from __future__ import annotations

from streams.alerts import agents as _alert_agents  # noqa: F401
from streams.app import app
from streams.incidents import agents as _incident_agents  # noqa: F401
from streams.positions import agents as _position_agents  # noqa: F401

__all__ = ["app", "main"]


def main() -> None:
    from infra.settings import get_settings

    get_settings().data_dir.mkdir(parents=True, exist_ok=True)
    app.main()
