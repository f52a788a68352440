"""CLI verbs. Each module exposes ``app`` (a ``typer.Typer``) or ``register(app)``."""

from __future__ import annotations

import importlib

import typer

# (module, sub-command name or None for top-level commands registered by the module itself)
_COMMANDS: list[tuple[str, str | None]] = [
    ("run", None),
    ("geo", "geo"),
    ("zones", "zones"),
    ("services", None),
    ("simulate", None),
    ("users", "users"),
    ("feed", "feed"),
    ("vessels", "vessels"),
    ("ports", "ports"),
    ("report", "report"),
    ("case", "case"),
    ("deliver", "deliver"),
    ("events", "events"),
]


def register_all(app: typer.Typer) -> None:
    for module_name, name in _COMMANDS:
        module = importlib.import_module(f"services.cli.commands.{module_name}")
        if name is None:
            module.register(app)
        else:
            app.add_typer(module.app, name=name)
