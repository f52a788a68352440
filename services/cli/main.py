"""The ``seawatch`` command: a thin Typer shell over the use cases.

Each verb lives in ``services/cli/commands/<verb>.py`` and is registered here.
"""

from __future__ import annotations

import typer

app = typer.Typer(
    name="seawatch",
    help="Seawatch — maritime and consular incident tracker.",
    no_args_is_help=True,
    add_completion=False,
)


def _register() -> None:
    from services.cli.commands import register_all

    register_all(app)


def main() -> None:
    _register()
    app()


if __name__ == "__main__":
    main()
