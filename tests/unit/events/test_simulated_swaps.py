"""Device swaps planted by the simulator (``seawatch simulate --swaps N``) are found, live and in
batch, and both give the same events on the same file."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from services.events import EventParams, detect
from services.events.live import LIVE_KINDS, LiveFeed
from services.events.portset import ports_in_force
from services.events.reading import tracks_from_items
from services.feeds import decode_file
from services.simulator.fleet import Fleet
from services.vocabulary import EventKind
from streams.positions.decode import columns_from_reports

START = datetime(2026, 11, 20, tzinfo=UTC)


def _simulate(tmp_path: Path, hours: float = 10.0) -> tuple[Fleet, Path, list[list]]:  # type: ignore[type-arg]
    fleet = Fleet(40, seed=5, start=START, swaps=2)
    batches = [fleet.advance(60.0) for _ in range(int(hours * 60))]
    path = tmp_path / "sim.jsonl"
    with path.open("w") as out:
        for batch in batches:
            for r in batch:
                out.write(json.dumps({"registration": r.vessel_id, "utc_time": r.ts.isoformat(),
                                      "lat": r.lat, "lon": r.lon, "speed": r.speed_kn,
                                      "course": r.course_deg}) + "\n")  # fmt: skip
    return fleet, path, batches


def test_planted_swaps_are_found_live_and_in_batch_alike(tmp_path: Path) -> None:
    fleet, path, batches = _simulate(tmp_path)
    assert len(fleet.donors) == 2
    planted = {tuple(sorted((fleet.vessels[i].vessel_id, d.vessel_id)))
               for i, d in zip(fleet.carrier.tolist(), fleet.donors, strict=True)}  # fmt: skip
    params = EventParams()
    with path.open("rb") as handle:
        tracks = tracks_from_items(decode_file(handle, "vms-json"))
    batch = [e for e in detect(tracks, ports_in_force(params), params, LIVE_KINDS).events()
             if e.kind is not EventKind.TRIP]  # fmt: skip
    swaps = {(e.vessel_id, e.other_vessel_id) for e in batch if e.kind is EventKind.DEVICE_SWAP}
    assert swaps == planted
    # the worker's feed, one simulator tick (one published batch) at a time
    feed = LiveFeed(params)
    live = []
    for reports in batches:
        feed.offer(columns_from_reports(reports))
        live += feed.drain()
    live += feed.drain(final=True)
    assert {e.key for e in live} == {e.key for e in batch}
    assert len(live) == len({e.key for e in live})


def test_without_swaps_the_fleet_is_as_before() -> None:
    plain = Fleet(40, seed=5, start=START)
    again = Fleet(40, seed=5, start=START, swaps=0)
    a, b = plain.advance(3600.0), again.advance(3600.0)
    assert [r.model_dump() for r in a] == [r.model_dump() for r in b]
    assert plain.all_vessels == plain.vessels
