"""The vessel registry: who a boat is, whatever identifier a feed knows it by.

Pure parts (no database) are re-exported here: the model, the in-memory
:class:`VesselDirectory` the feeds resolve against, the registry CSV parser and the
"unknown vessel" alert. The database side lives in :mod:`infra.repositories.vessels` (writes:
import, sightings, static updates) and :mod:`infra.repositories.vessel_queries` (reads), imported
explicitly by the adapters that have a session.
"""

from services.vessels.alerts import format_latlon_vi, unknown_vessel_alert
from services.vessels.csv_import import RegistryParse, RowError, parse_registry_csv, parse_risk
from services.vessels.directory import VesselDirectory
from services.vessels.errors import RegistryRowError, VesselError, VesselNotFound
from services.vessels.model import (
    StaticUpdate,
    VesselRecord,
    ascii_fold,
    normalise_registration,
    unregistered_id_for_device,
    unregistered_id_for_mmsi,
)

__all__ = [
    "RegistryParse",
    "RegistryRowError",
    "RowError",
    "StaticUpdate",
    "VesselDirectory",
    "VesselError",
    "VesselNotFound",
    "VesselRecord",
    "ascii_fold",
    "format_latlon_vi",
    "normalise_registration",
    "parse_registry_csv",
    "parse_risk",
    "unknown_vessel_alert",
    "unregistered_id_for_device",
    "unregistered_id_for_mmsi",
]
