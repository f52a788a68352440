"""Errors raised by the geo core.

The geo layer has one base error so adapters can turn any of them into a clear answer
(HTTP 422, a CLI message, a dead letter) without knowing the details::

    GeoError
    ├── ZoneDataError      a zone file is missing, unreadable or lacks required fields
    └── ZoneImportError    an imported file has no usable feature (carries per-feature reasons)

Bad *fixes* never raise: the batch classifier marks them ``INVALID`` with a reason instead.
"""

from __future__ import annotations

__all__ = ["GeoError", "ZoneDataError", "ZoneImportError"]


class GeoError(Exception):
    """Base of every error raised by :mod:`geo`."""


class ZoneDataError(GeoError):
    """A zone set cannot be loaded or built (missing file, bad schema, no zones)."""


class ZoneImportError(GeoError):
    """An imported zone file was rejected as a whole; ``rejected`` lists ``(feature, reason)``."""

    def __init__(self, message: str, rejected: list[tuple[int, str]] | None = None) -> None:
        super().__init__(message)
        self.rejected = rejected or []
