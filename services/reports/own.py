"""Which boats are the province's own: the report counts only those.

"Toàn tỉnh" in the department's report means the province's fleet, so a Ninh Thuận boat seen on
the same feed must not be counted in Quảng Ngãi's figures. A boat is the province's own by its
registration number's prefix (the province's letters, e.g. ``QNg-90417-TS``, ``NT02081-TS``)
or by its home port, whichever the province configures (``SEAWATCH_REPORT_VESSEL_PREFIXES``,
``SEAWATCH_REPORT_HOME_PORTS``); with neither, the registry decides: a boat whose row names
another province, or whose home port lies outside the province, is left out; a boat it knows
nothing about stays. With no province at all nothing is filtered.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["OwnBoats"]


def _fold(text: str) -> str:
    """Upper case, no diacritics, no separators: "Quảng Ngãi" -> "QUANGNGAI"."""
    plain = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return re.sub(r"[^A-Z0-9]", "", plain.upper())


def _split(value: str | Iterable[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    items = value.split(",") if isinstance(value, str) else list(value)
    return tuple(i.strip() for i in items if i and i.strip())


@dataclass(frozen=True, slots=True)
class OwnBoats:
    """The rule; :meth:`includes` decides one boat.

    >>> own = OwnBoats.configure("Quảng Ngãi", prefixes="QNg")
    >>> own.includes("QNg-90417-TS"), own.includes("NT-90777-TS")
    (True, False)
    >>> OwnBoats.configure("Quảng Ngãi").includes("X-1", province="Quảng Ngãi")
    True
    >>> OwnBoats.configure("Quảng Ngãi").includes("NT-90777-TS", province="Ninh Thuận")
    False
    """

    province: str | None = None
    prefixes: tuple[str, ...] = ()
    home_ports: tuple[str, ...] = ()
    province_ports: tuple[str, ...] = ()  # home ports the port registry places in the province

    @classmethod
    def configure(
        cls,
        province: str | None,
        prefixes: str | Iterable[str] | None = None,
        home_ports: str | Iterable[str] | None = None,
        province_ports: Iterable[str] = (),
    ) -> OwnBoats:
        return cls(
            province=province,
            prefixes=tuple(_fold(p) for p in _split(prefixes)),
            home_ports=tuple(_fold(p) for p in _split(home_ports)),
            province_ports=tuple(_fold(p) for p in province_ports),
        )

    @property
    def filters(self) -> bool:
        return bool(self.province or self.prefixes or self.home_ports)

    def includes(
        self, vessel_id: str | None, home_port: str | None = None, province: str | None = None
    ) -> bool:
        """Whether the boat is the province's own (a case with no boat always is)."""
        if not self.filters or not vessel_id:
            return True
        if self.prefixes or self.home_ports:
            if self.prefixes and _fold(vessel_id).startswith(self.prefixes):
                return True
            port = _fold(home_port or "")
            return bool(port) and any(p and (p in port or port in p) for p in self.home_ports)
        # no rule configured: only what the registry says decides; a boat it does not know
        # (or knows nothing about) is not taken away from the province
        if province and self.province:
            return _fold(province) == _fold(self.province)
        port = _fold(home_port or "")
        if port and self.province_ports:
            return any(p and (p in port or port in p) for p in self.province_ports)
        return True
