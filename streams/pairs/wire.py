"""The messages of the two pair topics, as compact JSON (columns, not one object per sample).

Floats go through ``json`` unchanged (``repr`` round-trips a float64 exactly), so a cell stage
computes the same cells and distances as the worker that made the samples. Decoding refuses
what a stage could not use, with a reason, for a dead letter.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["closed", "decode", "mark_clock", "marks", "records", "samples"]

_COLUMNS = {
    "s": ("v", "b", "la", "lo"),
    "r": ("a", "b", "bin", "d", "la_a", "lo_a", "la_b", "lo_b"),
}


def _dump(obj: dict[str, Any]) -> bytes:
    return json.dumps(obj, separators=(",", ":"), allow_nan=False).encode()


def samples(family: str, vessel_ids: Sequence[str], bins: npt.NDArray[np.int64],
            lat: npt.NDArray[np.float64], lon: npt.NDArray[np.float64]) -> bytes:  # fmt: skip
    """Pair samples of one family, for one cell partition."""
    return _dump({"t": "s", "f": family, "v": list(vessel_ids), "b": bins.tolist(),
                  "la": lat.tolist(), "lo": lon.tolist()})  # fmt: skip


def marks(
    progress: dict[int, dict[str, list[list[float]]]], clock: float, unheard: Sequence[int] = ()
) -> bytes:
    """A position worker's word on the partitions it owns (``LiveEvents.progress``); the
    partitions in ``unheard`` gave it no fix yet (``LiveEvents.unheard``)."""
    return _dump({"t": "m", "c": clock if math.isfinite(clock) else None,
                  "p": {str(p): g for p, g in progress.items()}, "n": list(unheard)})  # fmt: skip


def mark_clock(msg: dict[str, Any], partition: int) -> float | None:
    """The feed clock a mark gives for one partition: none for a partition not heard from."""
    clock: float | None = msg["c"]
    return None if partition in msg.get("n", ()) else clock


def records(family: str, a: Sequence[str], b: Sequence[str], rec: Any) -> bytes:
    """Close-pair records (``services.events.pairs.PairRecords``), the pair in id order."""
    return _dump({"t": "r", "f": family, "a": list(a), "b": list(b), "bin": rec.bin.tolist(),
                  "d": rec.dist_m.tolist(), "la_a": rec.lat_a.tolist(),
                  "lo_a": rec.lon_a.tolist(), "la_b": rec.lat_b.tolist(),
                  "lo_b": rec.lon_b.tolist()})  # fmt: skip


def closed(cell_partition: int, done: dict[str, int]) -> bytes:
    """A cell partition's closed bins, per family."""
    return _dump({"t": "d", "c": cell_partition, "done": done})


def decode(raw: bytes) -> dict[str, Any]:
    """One message; ValueError (with the reason) when it is not one a stage can use."""
    try:
        msg = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"not JSON: {exc}") from None
    if not isinstance(msg, dict) or msg.get("t") not in ("s", "m", "r", "d"):
        raise ValueError("not a pair-stage message (t must be s, m, r or d)")
    cols = _COLUMNS.get(msg["t"])
    if cols is not None:
        if not isinstance(msg.get("f"), str):
            raise ValueError("no pair family (f)")
        lists = [msg.get(c) for c in cols]
        if not all(isinstance(x, list) for x in lists) or len({len(x) for x in lists}) != 1:  # type: ignore[arg-type]
            raise ValueError(f"columns {', '.join(cols)} must be lists of one length")
    elif msg["t"] == "m":
        if not isinstance(msg.get("p"), dict) or not all(k.isdigit() for k in msg["p"]):
            raise ValueError("marks (p) must map partitions to groups")
        unheard = msg.get("n", [])
        if not isinstance(unheard, list) or not all(isinstance(p, int) for p in unheard):
            raise ValueError("partitions not heard from (n) must be a list of partitions")
    elif not isinstance(msg.get("c"), int) or not isinstance(msg.get("done"), dict):
        raise ValueError("closed bins need a cell partition (c) and done")
    return msg
