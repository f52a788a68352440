"""Errors of the vessel registry.

Hierarchy::

    VesselError                 base of the registry layer
    ├── RegistryRowError        one CSV row cannot become a vessel (the import goes on)
    └── VesselNotFound          a lookup by id found nothing (the API answers 404)
"""

from __future__ import annotations

__all__ = ["RegistryRowError", "VesselError", "VesselNotFound"]


class VesselError(Exception):
    """Base error of the vessel registry."""


class RegistryRowError(VesselError):
    """A registry row is unusable; ``reason`` is shown to the officer next to its line number."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class VesselNotFound(VesselError):
    """No vessel with that id."""
