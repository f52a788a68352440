"""Following close pairs bin by bin: runs, and the event the moment a run qualifies.

The one implementation of the live pair rule. The position worker's own joins
(:class:`~services.events.live.LiveEvents`) and the pair stage of a partitioned stream
(:class:`~services.events.cells.PairStage`) both hand it the close-pair records of bins
``[lo, hi)`` once those bins are complete, in bin order; it extends each pair's run, reports
the run when it qualifies (the bin :func:`~services.events.pairs.first_qualifying` names in
batch) and forgets the runs that did not reach the last bin joined.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from services.events.flags import flag_of
from services.events.model import Event
from services.events.pairs import PairRecords
from services.events.params import EventParams
from services.events.tracks import EARTH_RADIUS_M, METRES_PER_NM
from services.vocabulary import EncounterKind, EventKind, SwapSignal

__all__ = ["PairFamily", "RunFollower", "pair_families"]

_TRACK_POINTS = 48


@dataclass(frozen=True, slots=True)
class PairFamily:
    """One pair rule's grid and distance: encounters, or two devices travelling together."""

    name: str  # "encounter" or "swap", as in ``LIVE_KINDS``
    kind: EventKind
    step_s: float
    within_m: float


def pair_families(params: EventParams, kinds: Sequence[str]) -> list[PairFamily]:
    """The pair families among ``kinds``, in a fixed order."""
    out = []
    if "encounter" in kinds:
        out.append(PairFamily("encounter", EventKind.ENCOUNTER, params.encounter_step_min * 60,
                              params.encounter_distance_m))  # fmt: skip
    if "swap" in kinds:
        out.append(PairFamily("swap", EventKind.DEVICE_SWAP, params.swap_step_min * 60,
                              params.swap_distance_m))  # fmt: skip
    return out


@dataclass(slots=True)
class _Run:
    """One close pair being followed, bin by bin."""

    start: int
    last: int
    travel_m: float
    mid_lat: float
    mid_lon: float
    dist_sum: float
    mid_lat_sum: float
    mid_lon_sum: float
    n: int
    emitted: bool = False
    points: list[tuple[int, float, float, float, float]] = field(default_factory=list)


class RunFollower:
    """The runs of one pair family; vessels are codes into the ``names`` given with records."""

    def __init__(self, family: PairFamily, params: EventParams) -> None:
        self.family, self.params = family, params
        self.runs: dict[tuple[int, int], _Run] = {}

    def follow(self, rec: PairRecords, hi: int, names: Sequence[str]) -> list[Event]:
        """Extend or start each pair's run with the records of the bins before ``hi``."""
        out: list[Event] = []
        order = np.lexsort((rec.b, rec.a, rec.bin))
        runs = self.runs
        p = self.params
        fam = self.family
        step = fam.step_s
        cols = [getattr(rec, f)[order].tolist() for f in
                ("a", "b", "bin", "dist_m", "lat_a", "lon_a", "lat_b", "lon_b")]  # fmt: skip
        for a, b, bn, d, la_a, lo_a, la_b, lo_b in zip(*cols, strict=True):
            key = (a, b)
            mid_lat, mid_lon = (la_a + la_b) / 2, (lo_a + lo_b) / 2
            run = runs.get(key)
            if run is None or bn != run.last + 1:
                run = runs[key] = _Run(bn, bn, 0.0, mid_lat, mid_lon, 0.0, 0.0, 0.0, 0)
            else:
                run.travel_m += _metres(run.mid_lat, run.mid_lon, mid_lat, mid_lon)
                run.last, run.mid_lat, run.mid_lon = bn, mid_lat, mid_lon
            run.n += 1
            run.dist_sum += d
            run.mid_lat_sum += mid_lat
            run.mid_lon_sum += mid_lon
            if fam.kind is EventKind.DEVICE_SWAP:
                run.points.append((bn, la_a, lo_a, la_b, lo_b))
                if len(run.points) > 4 * _TRACK_POINTS:
                    del run.points[: len(run.points) - 4 * _TRACK_POINTS]
            if run.emitted:
                continue
            dur = (bn - run.start + 1) * step
            if fam.kind is EventKind.ENCOUNTER:
                ok = dur >= p.encounter_min_h * 3600
            else:
                speed_kn = run.travel_m / dur * (3600 / METRES_PER_NM)
                ok = (dur >= p.swap_min_h * 3600
                      and run.travel_m >= p.swap_min_travel_nm * METRES_PER_NM
                      and speed_kn >= p.swap_min_speed_kn)  # fmt: skip
            if ok:
                run.emitted = True
                out.append(self._event(names[a], names[b], run))
        # runs that did not reach the last joined bin have ended
        for key in [k for k, r in runs.items() if r.last < hi - 1]:
            del runs[key]
        return out

    def _event(self, na: str, nb: str, run: _Run) -> Event:
        fam = self.family
        flip = nb < na  # events name the pair in id order, as the batch command does
        first, second = (nb, na) if flip else (na, nb)
        start, end = run.start * fam.step_s, (run.last + 1) * fam.step_s
        lat, lon = run.mid_lat_sum / run.n, run.mid_lon_sum / run.n
        details: dict[str, Any] = {"duration_h": round((end - start) / 3600, 2),
                                   "mean_distance_m": round(run.dist_sum / run.n, 1),
                                   "live": True}  # fmt: skip
        if fam.kind is EventKind.ENCOUNTER:
            fa, fb = flag_of(first), flag_of(second)
            if fa == "VN" and fb == "VN":
                what = EncounterKind.TRANSSHIPMENT
            elif (fa is not None and fa != "VN") or (fb is not None and fb != "VN"):
                what = EncounterKind.FOREIGN
            else:
                what = EncounterKind.UNKNOWN
            details.update(encounter=str(what), flags=[fa, fb])
        else:
            pts = run.points
            if len(pts) > _TRACK_POINTS:
                pick = np.linspace(0, len(pts) - 1, _TRACK_POINTS).round().astype(int)
                pts = [pts[i] for i in pick.tolist()]
            from services.events.detect import _iso

            track_a = [[_iso(bn * fam.step_s), round(la, 6), round(lo, 6)]
                       for bn, la, lo, _, _ in pts]  # fmt: skip
            track_b = [[_iso(bn * fam.step_s), round(la, 6), round(lo, 6)]
                       for bn, _, _, la, lo in pts]  # fmt: skip
            details.update(signal=str(SwapSignal.TOGETHER),
                           travel_nm=round(run.travel_m / METRES_PER_NM, 1),
                           tracks={na: track_a, nb: track_b})  # fmt: skip
        return Event(fam.kind, first, start, lat, lon, end=end, other_vessel_id=second,
                     details=details)  # fmt: skip


def _metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """:func:`services.events.tracks.distance_m` for two scalars (no array round trip)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    x = math.radians(lon2 - lon1) * math.cos((p1 + p2) / 2)
    return EARTH_RADIUS_M * math.hypot(x, p2 - p1)
