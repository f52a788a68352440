"""Behaviour beyond the boundary: port visits and trips, gaps, encounters, device swaps,
loitering — one pure, vectorised implementation for the batch command and the live worker.

>>> from services.events import EventParams, PortSet, Tracks, detect
>>> ports = PortSet.from_points(["Sa Kỳ"], [15.205], [108.93])
>>> t = Tracks.build(["A"] * 3, [0.0, 3600.0, 7200.0], [15.205, 15.3, 15.5], [108.93] * 3)
>>> [e.kind.value for e in detect(t, ports, EventParams(), kinds=["port"]).events()]
['port_departure', 'trip']
"""

from __future__ import annotations

from services.events.detect import KINDS, Detection, detect
from services.events.flags import flag_of
from services.events.model import Event
from services.events.params import EventParams
from services.events.portset import PortSet
from services.events.tracks import Tracks, distance_m

__all__ = [
    "KINDS",
    "Detection",
    "Event",
    "EventParams",
    "PortSet",
    "Tracks",
    "detect",
    "distance_m",
    "flag_of",
]
