"""Tracks: every fix of many vessels as columns sorted by (vessel, time).

All detectors take a :class:`Tracks` and work on whole columns; a vessel is a run of rows
(``starts`` marks each run's first row), a *segment* is a row and the one before it in the
same run. Memory matters at national scale (10.8 M fixes a month): positions are float32
(a float32 longitude near 110° is exact to under 1 m, three orders below the smallest
threshold, 500 m), speeds float32, vessel and source codes int32/int8; only time stays
float64 (epoch seconds do not fit a float32, and event ids are built from exact times).

*Virtual* rows let the live path reuse the batch code: each vessel's last fix of the previous
batch is put back in front of its new fixes, marked virtual, so segments across batches are
the same as in a file; nothing is reported *at* a virtual row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

__all__ = ["EARTH_RADIUS_M", "METRES_PER_NM", "Tracks", "distance_m", "segment_speed_kn"]

EARTH_RADIUS_M = 6_371_008.8
METRES_PER_NM = 1852.0

F32 = npt.NDArray[np.float32]
F64 = npt.NDArray[np.float64]
I32 = npt.NDArray[np.int32]
Bool = npt.NDArray[np.bool_]


def distance_m(
    lat1: npt.ArrayLike, lon1: npt.ArrayLike, lat2: npt.ArrayLike, lon2: npt.ArrayLike
) -> F64:
    """Metres between points (equirectangular at the mean latitude: < 0.1 % off below 100 km).

    >>> round(float(distance_m(10.0, 110.0, 10.0, 110.01)))
    1095
    """
    p1 = np.radians(np.asarray(lat1, dtype=np.float64))
    p2 = np.radians(np.asarray(lat2, dtype=np.float64))
    dl = np.radians(np.asarray(lon2, dtype=np.float64) - np.asarray(lon1, dtype=np.float64))
    x = dl * np.cos((p1 + p2) / 2)
    return np.asarray(EARTH_RADIUS_M * np.hypot(x, p2 - p1), dtype=np.float64)


@dataclass(frozen=True, eq=False)
class Tracks:
    """Fix columns sorted by (vessel code, time); build with :meth:`build`."""

    names: npt.NDArray[np.object_]  # vessel id of each code
    vessel: I32
    ts: F64
    lat: F32
    lon: F32
    speed_kn: F32  # reported speed, NaN when absent
    source: npt.NDArray[np.int8]
    sources: tuple[str, ...] = ("vms",)
    virtual: Bool | None = None
    starts: npt.NDArray[np.int64] = field(init=False)
    first: Bool = field(init=False)

    def __post_init__(self) -> None:
        v = self.vessel
        n = len(v)
        first = np.ones(n, dtype=bool)
        if n > 1:
            first[1:] = v[1:] != v[:-1]
        object.__setattr__(self, "first", first)
        object.__setattr__(self, "starts", np.flatnonzero(first))

    def __len__(self) -> int:
        return len(self.vessel)

    @property
    def real(self) -> Bool:
        """Rows that are fixes of this input (not a carried-over virtual row)."""
        if self.virtual is None:
            return np.ones(len(self), dtype=bool)
        return ~self.virtual

    @classmethod
    def build(
        cls,
        vessel: Sequence[str] | npt.ArrayLike,
        ts: npt.ArrayLike,
        lat: npt.ArrayLike,
        lon: npt.ArrayLike,
        speed_kn: npt.ArrayLike | None = None,
        source: Sequence[str] | npt.NDArray[np.int8] | None = None,
        names: Sequence[str] | npt.NDArray[np.object_] | None = None,
        virtual: npt.ArrayLike | None = None,
        sources: tuple[str, ...] | None = None,
    ) -> Tracks:
        """Sort (if needed) and drop repeated fixes (same vessel, time and source).

        ``vessel`` holds ids, or int codes into ``names``; ``source`` likewise holds names, or
        int codes into ``sources``. Sorting is skipped when the input already is in (vessel,
        time) order, as a month's file from one export often is; otherwise it is by time, then
        (stable, radix on the int32 codes) by vessel.
        """
        if names is None:
            names_arr, codes = np.unique(np.asarray(vessel, dtype=object), return_inverse=True)
            code = codes.astype(np.int32)
        else:
            names_arr = np.asarray(names, dtype=object)
            code = np.asarray(vessel, dtype=np.int32)
        t = np.asarray(ts, dtype=np.float64)
        la = np.asarray(lat, dtype=np.float32)
        lo = np.asarray(lon, dtype=np.float32)
        n = len(code)
        sp = (np.full(n, np.nan, dtype=np.float32) if speed_kn is None
              else np.asarray(speed_kn, dtype=np.float32))  # fmt: skip
        src_names: tuple[str, ...] = ("vms",)
        if source is None:
            src_codes = np.zeros(n, dtype=np.int8)
        elif sources is not None:
            src_codes, src_names = np.asarray(source, dtype=np.int8), sources
        else:
            uniq, inv = np.unique(np.asarray(source, dtype=object), return_inverse=True)
            src_codes, src_names = inv.astype(np.int8), tuple(str(s) for s in uniq)
        virt = None if virtual is None else np.asarray(virtual, dtype=bool)
        if n > 1:
            ordered = bool(np.all((code[1:] > code[:-1]) | ((code[1:] == code[:-1])
                                                             & (t[1:] >= t[:-1]))))  # fmt: skip
            if not ordered:
                by_time = np.argsort(t, kind="stable")
                order = by_time[np.argsort(code[by_time], kind="stable")]
                code, t, la, lo, sp, src_codes = (
                    code[order],
                    t[order],
                    la[order],
                    lo[order],
                    sp[order],
                    src_codes[order],
                )
                virt = None if virt is None else virt[order]
            same = (code[1:] == code[:-1]) & (t[1:] == t[:-1]) & (src_codes[1:] == src_codes[:-1])
            if same.any():
                keep = np.r_[True, ~same]
                code, t, la, lo, sp, src_codes = (
                    code[keep],
                    t[keep],
                    la[keep],
                    lo[keep],
                    sp[keep],
                    src_codes[keep],
                )
                virt = None if virt is None else virt[keep]
        return cls(names_arr, code, t, la, lo, sp, src_codes, src_names, virt)

    def segment_dt_s(self) -> F64:
        """Seconds since the row before in the same track (NaN at each track's first row)."""
        dt = np.empty(len(self), dtype=np.float64)
        dt[0:1] = np.nan
        dt[1:] = self.ts[1:] - self.ts[:-1]
        dt[self.first] = np.nan
        return dt

    def segment_m(self) -> F64:
        """Metres from the row before in the same track (NaN at each track's first row)."""
        d = np.empty(len(self), dtype=np.float64)
        d[0:1] = np.nan
        d[1:] = distance_m(self.lat[:-1], self.lon[:-1], self.lat[1:], self.lon[1:])
        d[self.first] = np.nan
        return d


def segment_speed_kn(dist_m: F64, dt_s: F64) -> F64:
    """Implied speed of each segment (inf for a zero-time jump, NaN at track starts)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return (dist_m / METRES_PER_NM) / (dt_s / 3600.0)
