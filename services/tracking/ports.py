"""In port or at sea, for the tracker: a thin face of :mod:`services.ports` (the registry).

Decree 26/2019 asks for VMS from port to port, so a boat that goes silent *in port* is not
"going dark". The ports come from the registry in effect (the shipped list of Vietnam's fishing
ports and anchorages, or the one imported with ``seawatch ports import``); the six hard-coded
ports of the pilot provinces are gone.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from services.ports import DEFAULT_RADIUS_NM, get_registry
from services.ports import Port as RegistryPort

__all__ = ["IN_PORT_RADIUS_NM", "PORTS", "PROVINCE_PREFIX", "Port", "at_sea", "at_sea_array",
           "nearest_port"]  # fmt: skip

IN_PORT_RADIUS_NM = DEFAULT_RADIUS_NM

# registration prefix of boats from each pilot province (the simulator names its boats so)
PROVINCE_PREFIX = {"Quảng Ngãi": "QNg", "Ninh Thuận": "NT"}


@dataclass(frozen=True, slots=True)
class Port:
    """A pilot province's port with the registration prefix of its boats (simulator's view)."""

    name: str
    province: str
    prefix: str
    lat: float
    lon: float


# the simulator's home ports: the pilot provinces' ports of the shipped registry that the plan
# classes (I, II, III). Unclassified ones stay out: a river port such as Sông Trà Bồng lies
# inland, and a boat sailing straight from it to its ground would cross the land.
PORTS: tuple[Port, ...] = tuple(
    Port(p.name, p.province, PROVINCE_PREFIX[p.province], p.lat, p.lon)
    for p in get_registry().ports
    if p.province in PROVINCE_PREFIX and p.kind == "port" and p.port_class
)


def nearest_port(lat: float, lon: float) -> tuple[RegistryPort, float]:
    """The closest port of the registry and its distance in nautical miles."""
    found = get_registry().nearest(lat, lon)
    if found is None:
        raise LookupError("the port registry is empty")
    return found


def at_sea(lat: float, lon: float) -> bool:
    """True unless within a port's radius (3 nm by default)."""
    return bool(get_registry().at_sea(lat, lon)[0])


def at_sea_array(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """:func:`at_sea` for many fixes, vectorised."""
    return get_registry().at_sea(lat, lon)
