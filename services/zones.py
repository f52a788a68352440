"""Which zone set is in force: an imported one under ``data_dir/zones``, else the default.

The faust worker, the API and the CLI call :func:`active_zones` and nothing else, so that
``seawatch zones import`` changes every answer at once. Loading is cached per file and
modification time by :func:`geo.load_zones`, so a new import is picked up without a restart.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

from geo import ZoneSet, load_zones
from geo.zones import parse_warning_overrides
from infra.settings import get_settings

_log = logging.getLogger(__name__)

__all__ = ["active_zones", "active_zones_path", "imported_zones_path"]


def imported_zones_path() -> Path:
    """Where ``seawatch zones import`` writes the imported set."""
    return get_settings().data_dir / "zones" / "zones.gpkg"


def active_zones_path() -> Path | None:
    """The imported set's path, or ``None`` when the shipped default is in force."""
    path = imported_zones_path()
    return path if path.exists() else None


def active_zones() -> ZoneSet:
    """The zone set in force (cached; re-read only when the imported file changes), with the
    per-zone warning distances of ``SEAWATCH_ZONE_WARNING_NM`` over the file's own."""
    path = active_zones_path()
    base = load_zones(path) if path is not None else load_zones()
    return _with_warnings(base, get_settings().zone_warning_nm)


@lru_cache(maxsize=8)
def _with_warnings(base: ZoneSet, text: str) -> ZoneSet:
    """``base`` with the overrides in ``text`` (one copy, and one index, per set and setting)."""
    overrides = parse_warning_overrides(text)
    unmatched = base.unmatched_warning_keys(overrides)
    if unmatched:
        _log.warning("zone_warning_nm: no zone matches %s", ", ".join(unmatched))
    return base.with_warnings(overrides)
