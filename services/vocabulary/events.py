"""Behaviour events (services/events): what a track shows beyond crossing a line.

The batch command writes these words; the live worker turns the ones people act on into alerts
(:data:`ALERT_OF`).
"""

from __future__ import annotations

from enum import StrEnum

from services.vocabulary.alerts import AlertKind

__all__ = ["ALERT_OF", "EncounterKind", "EventKind", "SwapSignal"]


class EventKind(StrEnum):
    PORT_DEPARTURE = "port_departure"
    PORT_ARRIVAL = "port_arrival"
    TRIP = "trip"  # chuyến biển: from a departure to the next arrival
    GAP = "gap"
    ENCOUNTER = "encounter"
    LOITERING = "loitering"
    DEVICE_SWAP = "device_swap"


class EncounterKind(StrEnum):
    TRANSSHIPMENT = "possible_transshipment"  # two Vietnamese boats
    FOREIGN = "foreign_vessel"  # at least one foreign vessel: for the border guard
    UNKNOWN = "unknown_flag"


class SwapSignal(StrEnum):
    TOGETHER = "moving_together"  # two devices travelling as one boat for hours
    FAR_FROM_SIGHTING = "far_from_sighting"  # one boat seen far from its device at once
    WHILE_IN_PORT = "reporting_while_in_port"  # its device at sea while the boat is in port


ALERT_OF: dict[EventKind, AlertKind] = {
    EventKind.PORT_DEPARTURE: AlertKind.PORT_DEPARTURE,
    EventKind.PORT_ARRIVAL: AlertKind.PORT_ARRIVAL,
    EventKind.ENCOUNTER: AlertKind.ENCOUNTER,
    EventKind.LOITERING: AlertKind.LOITERING,
    EventKind.DEVICE_SWAP: AlertKind.DEVICE_SWAP,
}
