"""The registry in effect for this process: the shipped list until the database says otherwise.

Workers and the API call :func:`load_from_database` at start (and after ``seawatch ports
import``, on their next start); everything else asks :func:`get_registry`. Kept in one place so
"in port" means the same thing in the stream, the events and the reports.
"""

from __future__ import annotations

import threading

from services.ports.csv_io import default_ports
from services.ports.model import Port
from services.ports.registry import PortRegistry

__all__ = ["get_registry", "set_registry"]

_lock = threading.Lock()
_registry: PortRegistry | None = None


def get_registry() -> PortRegistry:
    """The registry in effect (the shipped list by default)."""
    global _registry
    reg = _registry
    if reg is None:
        with _lock:
            if _registry is None:
                _registry = PortRegistry(default_ports())
            reg = _registry
    return reg


def set_registry(ports: PortRegistry | list[Port] | tuple[Port, ...] | None) -> PortRegistry:
    """Replace the registry in effect (``None``: back to the shipped list); returns it."""
    global _registry
    with _lock:
        if ports is None:
            _registry = PortRegistry(default_ports())
        else:
            _registry = ports if isinstance(ports, PortRegistry) else PortRegistry(ports)
        return _registry
