"""The detectors on a real AIS track: Global Fishing Watch's gap example (see tests/data)."""

from __future__ import annotations

import csv
import gzip
from datetime import datetime
from pathlib import Path

from services.events import EventParams, PortSet, Tracks, detect, flag_of
from services.vocabulary import EventKind

DATA = Path(__file__).resolve().parents[2] / "data" / "ais" / "gfw_gap_positions_ee.csv.gz"


def _gfw_track() -> Tracks:
    with gzip.open(DATA, "rt", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return Tracks.build(
        [f"MMSI-{r['ssvid']}" for r in rows],
        [datetime.fromisoformat(r["timestamp"]).timestamp() for r in rows],
        [float(r["lat"]) for r in rows],
        [float(r["lon"]) for r in rows],
    )


def test_the_one_real_silence_is_the_one_gap() -> None:
    tracks = _gfw_track()
    # 41,844 rows; 615 repeat a time already seen (AIS heard twice in one second): kept once
    assert len(tracks) == 41_229
    det = detect(tracks, PortSet.from_points([], [], []), EventParams(),
                 kinds=["port", "gap", "encounter", "swap"])  # fmt: skip
    events = det.events()
    gaps = [e for e in events if e.kind is EventKind.GAP]
    assert len(gaps) == 1
    (gap,) = gaps
    assert gap.details["hours"] == 16.57
    assert gap.start == datetime.fromisoformat("2018-12-25 11:50:57+00:00").timestamp()
    # the file has two fixes at 11:50:57 (-16.223785 and a coarser -16.2233333): the first stays
    assert round(gap.lat, 4) == -16.2238 and round(gap.details["end_lon"], 3) == -131.479
    # one vessel alone: no encounter, no device moving with it, no port in the South Pacific
    assert [e for e in events if e.kind is not EventKind.GAP] == []


def test_a_shorter_gap_threshold_finds_the_next_silences() -> None:
    tracks = _gfw_track()
    params = EventParams(gap_h=0.6)
    det = detect(tracks, PortSet.from_points([], [], []), params, kinds=["gap"])
    hours = sorted(e.details["hours"] for e in det.events())
    assert hours == [0.64, 0.96, 16.57]  # the three longest silences of the file


def test_mmsi_416_is_flagged_taiwan() -> None:
    assert flag_of("MMSI-416000301") == "TW"
