"""A fishing port or storm anchorage: where a boat is *in port*, not at sea.

Decree 26/2019/NĐ-CP asks for VMS reports "from port to port" and for a boat whose device broke
to be back in port within 10 days, so "in port" decides whether a silence is going dark, when a
trip starts and ends, and whether the 10-day deadline was met.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DEFAULT_RADIUS_NM", "PORT_KINDS", "Port"]

DEFAULT_RADIUS_NM = 3.0
PORT_KINDS = ("port", "anchorage")  # cảng cá, khu neo đậu tránh trú bão


@dataclass(frozen=True, slots=True)
class Port:
    """One row of the port registry.

    ``port_class`` is the plan's class (``I``, ``II``, ``III`` for ports; empty when the source
    gives none); ``source`` says where the name and class come from, ``position_source`` where
    the position does, and ``precision_m`` how far off it may be (``None``: not stated).
    """

    name: str
    province: str
    lat: float
    lon: float
    port_class: str = ""
    kind: str = "port"
    radius_nm: float = DEFAULT_RADIUS_NM
    source: str = ""
    position_source: str = ""
    precision_m: float | None = None

    @property
    def key(self) -> tuple[str, str]:
        """Name and province: two provinces may each have a port of the same name."""
        return (self.name, self.province)
