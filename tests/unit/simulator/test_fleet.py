"""The fleet simulator: deterministic, plausible, and covering every kind of alert."""

from __future__ import annotations

import itertools
import math
import re
from collections import defaultdict
from datetime import UTC, datetime

import numpy as np
import pytest

from services.simulator.fleet import GROUNDS, Fleet
from services.tracking.policy import implied_speed_kn
from services.tracking.ports import at_sea
from streams.records import PositionReport

START = datetime(2026, 5, 1, tzinfo=UTC)


def run(fleet: Fleet, hours: float, step_s: float = 60.0) -> list[PositionReport]:
    out: list[PositionReport] = []
    for _ in range(math.ceil(hours * 3600 / step_s)):
        out.extend(fleet.advance(step_s))
    return out


def by_vessel(reports: list[PositionReport]) -> dict[str, list[PositionReport]]:
    tracks: dict[str, list[PositionReport]] = defaultdict(list)
    for r in reports:
        tracks[r.vessel_id].append(r)
    return tracks


def test_same_seed_gives_identical_reports() -> None:
    a = run(Fleet(60, seed=11, start=START), hours=1)
    b = run(Fleet(60, seed=11, start=START), hours=1)
    assert len(a) > 0
    assert [r.model_dump() for r in a] == [r.model_dump() for r in b]


def test_different_seeds_give_different_fleets_and_tracks() -> None:
    a, b = Fleet(60, seed=11, start=START), Fleet(60, seed=12, start=START)
    assert [v.vessel_id for v in a.vessels] != [v.vessel_id for v in b.vessels]
    assert [r.model_dump() for r in run(a, 1)] != [r.model_dump() for r in run(b, 1)]


def test_registration_numbers_look_like_the_provinces_fishing_boats() -> None:
    fleet = Fleet(500, seed=3, start=START)
    ids = [v.vessel_id for v in fleet.vessels]
    assert len(set(ids)) == len(ids)
    for v in fleet.vessels:
        assert re.fullmatch(r"(QNg|NT)-9\d{4}-TS", v.vessel_id)
        assert v.vessel_id.startswith(v.port.prefix + "-")
        assert 12.0 <= v.length_m <= 26.0 and 5 <= v.crew_count <= 13
    assert {v.port.prefix for v in fleet.vessels} == {"QNg", "NT"}


def test_a_share_of_boats_heads_for_foreign_and_disputed_grounds() -> None:
    fleet = Fleet(1000, seed=5, start=START)
    behaviours = [v.behaviour for v in fleet.vessels]
    assert 60 <= behaviours.count("foreign") <= 140  # 10 % by default
    assert 80 <= behaviours.count("disputed") <= 160  # 12 % by default
    for i, v in enumerate(fleet.vessels):
        lat, lon, radius_nm, behaviour = GROUNDS[v.ground]
        assert behaviour == v.behaviour
        dy = (fleet.target_lat[i] - lat) * 60
        dx = (fleet.target_lon[i] - lon) * 60 * math.cos(math.radians(lat))
        assert math.hypot(dx, dy) <= radius_nm + 1e-6  # the trip's target is inside its ground


def test_shares_are_configurable() -> None:
    fleet = Fleet(200, seed=5, start=START, foreign_share=0.0, disputed_share=0.0, dark_share=0.0)
    assert {v.behaviour for v in fleet.vessels} == {"safe"}
    assert not any(v.goes_dark for v in fleet.vessels)


def test_boats_start_at_sea_and_report_within_the_first_interval() -> None:
    fleet = Fleet(200, seed=9, start=START, dark_share=0.0)
    first = run(fleet, hours=5 / 60)
    assert {r.vessel_id for r in first} == {v.vessel_id for v in fleet.vessels}
    assert all(START.timestamp() <= r.ts.timestamp() <= START.timestamp() + 300 for r in first)
    assert all(at_sea(r.lat, r.lon) for r in first)
    assert all(r.source == "sim" for r in first)


def test_cruising_boats_make_5_to_10_knots() -> None:
    fleet = Fleet(200, seed=4, start=START, dark_share=0.0)
    index = {v.vessel_id: i for i, v in enumerate(fleet.vessels)}
    cruising_speeds: list[float] = []
    for _ in range(6 * 60):  # six hours, one-minute steps
        reports = fleet.advance(60.0)
        remaining = (
            np.hypot(
                fleet.target_lat - fleet.lat,
                (fleet.target_lon - fleet.lon) * np.cos(np.radians(fleet.lat)),
            )
            * 60
        )
        for r in reports:
            assert r.speed_kn is not None
            assert 0.5 <= r.speed_kn <= 2.5 or 5.0 <= r.speed_kn <= 10.0  # fishing or cruising
            if remaining[index[r.vessel_id]] > 3.0:  # still far from its ground: cruising
                assert 5.0 <= r.speed_kn <= 10.0
                cruising_speeds.append(r.speed_kn)
    assert len(cruising_speeds) > 1000
    assert 6.0 < float(np.mean(cruising_speeds)) < 9.0


def test_dark_boats_stop_reporting() -> None:
    fleet = Fleet(100, seed=8, start=START, dark_share=1.0)
    reports = run(fleet, hours=4)
    assert all(v.goes_dark for v in fleet.vessels)
    index = {v.vessel_id: i for i, v in enumerate(fleet.vessels)}
    for r in reports:
        assert r.ts.timestamp() < fleet.dark_at[index[r.vessel_id]]
    assert run(fleet, hours=1) == []  # all went silent between 0.5 h and 3 h


def test_only_the_dark_share_goes_silent() -> None:
    fleet = Fleet(300, seed=8, start=START, dark_share=0.1)
    run(fleet, hours=3.5)
    last_hour = {r.vessel_id for r in run(fleet, hours=1)}
    dark = {v.vessel_id for v in fleet.vessels if v.goes_dark}
    assert 10 <= len(dark) <= 60
    assert last_hour == {v.vessel_id for v in fleet.vessels} - dark


@pytest.mark.parametrize(("interval_min", "step_s"), [(5.0, 60.0), (10.0, 30.0), (5.0, 3600.0)])
def test_report_interval_is_honoured_at_any_speed_up(interval_min: float, step_s: float) -> None:
    fleet = Fleet(50, seed=2, start=START, report_interval_min=interval_min, dark_share=0.0)
    interval_s = interval_min * 60
    reports: list[PositionReport] = []
    for _ in range(math.ceil(3 * 3600 / step_s)):
        batch = fleet.advance(step_s)
        stamps = [r.ts.timestamp() for r in batch]
        assert stamps == sorted(stamps)  # oldest first
        assert all(fleet.now - step_s - 1 <= t <= fleet.now + 1 for t in stamps)  # keeps up
        reports.extend(batch)
    tracks = by_vessel(reports)
    assert len(tracks) == 50
    expected = 3 * 3600 / interval_s
    for track in tracks.values():
        gaps = np.diff([r.ts.timestamp() for r in track])
        assert gaps.min() >= 0.9 * interval_s - 1 and gaps.max() <= 1.1 * interval_s + 1
        assert expected - 2 <= len(track) <= expected + 2


@pytest.mark.parametrize("step_s", [60.0, 3600.0])
def test_tracks_never_look_like_bad_fixes(step_s: float) -> None:
    fleet = Fleet(100, seed=6, start=START, dark_share=0.0)
    for track in by_vessel(run(fleet, hours=4, step_s=step_s)).values():
        for a, b in itertools.pairwise(track):
            speed = implied_speed_kn(a.lat, a.lon, a.ts.timestamp(), b.lat, b.lon, b.ts.timestamp())
            assert speed < 20.0
