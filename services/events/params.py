"""Thresholds of the behaviour detectors, read once from the settings.

Defaults follow Global Fishing Watch's published definitions, so that an analyst can compare:

- port visits: in port within 3 km of an anchorage, out again only beyond 4 km, a visit only
  once the vessel has stopped, lasting at least 3 hours (GFW: under 0.2 kn; Seawatch takes
  0.5 kn, as VMS positions of a moored boat wander more than AIS ones, or 2 hours inside)
  ("How are port visits in the carrier vessel portal defined?",
  https://globalfishingwatch.org/faqs/how-are-port-visits-in-the-carrier-vessel-portal-defined/);
- encounters: two vessels within 500 m for at least 2 hours, at a median speed under 2 knots,
  at least 10 km from a coastal anchorage ("What is a vessel encounter?",
  https://globalfishingwatch.org/faqs/what-is-a-vessel-encounter/; GFW technical
  documentation, "Encounters",
  https://globalfishingwatch.github.io/GFW_technical_documentation/files/encounters.html);
- loitering: under 2 knots, at least 20 nm from shore ("What is a loitering event?",
  https://globalfishingwatch.org/faqs/what-is-loitering-event); the 4-hour minimum is the
  issue's (Starboard uses the same, https://help.starboard.nz/en/articles/5587265).

Seawatch's own: device swaps (two devices together for hours over a real distance, or one boat
seen far from its device at the same time) and the sampling grid used to compare tracks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["EventParams"]


@dataclass(frozen=True, slots=True)
class EventParams:
    """Every threshold, in the unit its name says."""

    port_entry_m: float = 3000.0
    port_exit_m: float = 4000.0
    port_stop_kn: float = 0.5
    port_min_visit_h: float = 2.0
    gap_h: float = 6.0
    encounter_distance_m: float = 500.0
    encounter_min_h: float = 2.0
    encounter_max_speed_kn: float = 2.0
    encounter_min_port_km: float = 10.0
    encounter_step_min: float = 10.0
    pair_max_gap_h: float = 4.0
    swap_distance_m: float = 1000.0
    swap_min_h: float = 6.0
    swap_min_travel_nm: float = 10.0
    swap_min_speed_kn: float = 4.0
    swap_step_min: float = 30.0
    swap_far_nm: float = 20.0
    swap_window_h: float = 1.0
    loiter_max_speed_kn: float = 2.0
    loiter_min_h: float = 4.0
    loiter_min_shore_nm: float = 20.0
    loiter_near_nm: float = 12.0
    max_speed_kn: float = 50.0

    @classmethod
    def from_settings(cls, settings: Any) -> EventParams:
        """The ``events_*`` fields of :class:`infra.settings.Settings` (and its speed limit)."""
        values = {
            name: getattr(settings, f"events_{name}")
            for name in cls.__dataclass_fields__
            if hasattr(settings, f"events_{name}")
        }
        if hasattr(settings, "max_plausible_speed_kn"):
            values["max_speed_kn"] = settings.max_plausible_speed_kn
        return cls(**values)
