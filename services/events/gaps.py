"""Gaps: a silence of at least ``gap_h`` that began at sea (a boat silent in port is not dark).

As in Global Fishing Watch's pipe-gaps, a gap is judged between two consecutive fixes of one
vessel, both known: it is the *batch* view of what the live dark watch raises as it happens.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from services.events.params import EventParams
from services.events.portvisits import AT_SEA, PortStates
from services.events.tracks import Tracks

__all__ = ["gap_rows"]


def gap_rows(tracks: Tracks, states: PortStates, params: EventParams) -> npt.NDArray[np.intp]:
    """Rows that end a gap (the fix after the silence); the gap starts at the row before."""
    dt = tracks.segment_dt_s()
    with np.errstate(invalid="ignore"):
        long = dt >= params.gap_h * 3600.0
    at_sea_before = np.r_[False, states.label[:-1] == AT_SEA]
    return np.flatnonzero(long & at_sea_before)
