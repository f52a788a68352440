"""Vietnam's fishing ports and storm anchorages: the registry behind "in port".

Pure: the model, the CSV reader, the vectorised look-ups and the registry in effect. The table
and its repository are in ``infra`` (``infra/repositories/ports.py``); ``seawatch ports import``
loads a province's own list.

>>> from services.ports import get_registry
>>> get_registry().port_at(11.335, 108.875).name
'Cà Ná'
"""

from __future__ import annotations

from services.ports.csv_io import (
    PORT_COLUMNS,
    PortParse,
    PortRowError,
    default_ports,
    parse_ports_csv,
    ports_csv,
)
from services.ports.current import get_registry, set_registry
from services.ports.model import DEFAULT_RADIUS_NM, PORT_KINDS, Port
from services.ports.registry import PortRegistry

__all__ = [
    "DEFAULT_RADIUS_NM",
    "PORT_COLUMNS",
    "PORT_KINDS",
    "Port",
    "PortParse",
    "PortRegistry",
    "PortRowError",
    "default_ports",
    "get_registry",
    "parse_ports_csv",
    "ports_csv",
    "set_registry",
]
