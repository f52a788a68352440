"""Encounters and device swaps (two devices together): thresholds just met and just missed."""

from __future__ import annotations

import numpy as np

from services.events import EventParams, PortSet, Tracks, detect
from services.events.pairs import pairs_in_bins, samples
from services.events.tracks import segment_speed_kn
from services.vocabulary import EncounterKind, EventKind, SwapSignal
from tests.unit.events.tracks import T0, Fixes, offset

PORTS = PortSet.from_points(["Cảng thử"], [15.0], [109.0])
SEA = (14.0, 111.0)  # some 120 nm offshore
P = EventParams()


def _pair(*, hours: float, apart_m: float, speed_kn: float, every_min: float = 10.0,
          at: tuple[float, float] = SEA, a: str = "QNg-90001-TS",
          b: str = "QNg-90002-TS", course_deg: float = 90.0) -> Fixes:  # fmt: skip
    f = Fixes()
    f.leg(a, T0, *at, hours=hours, every_min=every_min, speed_kn=speed_kn, course_deg=course_deg)
    f.leg(
        b,
        T0,
        *at,
        hours=hours,
        every_min=every_min,
        speed_kn=speed_kn,
        north_m=apart_m,
        course_deg=course_deg,
    )
    return f


def _found(f: Fixes, kind: EventKind, kinds: list[str]) -> list:  # type: ignore[type-arg]
    return [e for e in detect(f.build(), PORTS, P, kinds=kinds).events() if e.kind is kind]


def test_encounter_just_met_two_hours_within_500_m_under_2_kn() -> None:
    found = _found(_pair(hours=2.0, apart_m=480, speed_kn=1.0), EventKind.ENCOUNTER,
                   ["encounter"])  # fmt: skip
    assert len(found) == 1
    e = found[0]
    assert (e.vessel_id, e.other_vessel_id) == ("QNg-90001-TS", "QNg-90002-TS")
    assert e.start == T0 and e.end == T0 + 2 * 3600
    assert e.details["encounter"] == EncounterKind.TRANSSHIPMENT
    assert 470 < e.details["mean_distance_m"] < 490


def test_encounter_missed_on_each_threshold() -> None:
    enc = EventKind.ENCOUNTER
    assert not _found(_pair(hours=1 + 50 / 60, apart_m=480, speed_kn=1.0), enc, ["encounter"])
    assert not _found(_pair(hours=3.0, apart_m=520, speed_kn=1.0), enc, ["encounter"])
    assert not _found(_pair(hours=3.0, apart_m=300, speed_kn=2.2), enc, ["encounter"])
    near_port = offset(15.0, 109.0, 0.0, 9900.0)  # under 10 km from the port, drifting in
    assert not _found(_pair(hours=3.0, apart_m=300, speed_kn=1.0, at=near_port,
                            course_deg=270.0), enc,
                      ["encounter"])  # fmt: skip
    far_enough = offset(15.0, 109.0, 0.0, 10100.0)  # drifting out
    assert _found(_pair(hours=3.0, apart_m=300, speed_kn=1.0, at=far_enough), enc,
                  ["encounter"])  # fmt: skip


def test_encounter_with_a_foreign_vessel_is_for_the_border_guard() -> None:
    f = _pair(hours=3.0, apart_m=200, speed_kn=0.5, b="MMSI-412345678")
    (e,) = _found(f, EventKind.ENCOUNTER, ["encounter"])
    assert e.details["encounter"] == EncounterKind.FOREIGN
    flags = dict(zip([e.vessel_id, e.other_vessel_id], e.details["flags"], strict=True))
    assert flags == {"QNg-90001-TS": "VN", "MMSI-412345678": "CN"}


def test_encounter_across_sparse_vms_fixes_is_interpolated() -> None:
    # VMS every 2 h, offset by an hour between the boats: the grid still compares them
    f = Fixes()
    f.leg("QNg-90001-TS", T0, *SEA, hours=6, every_min=120, speed_kn=0.0)
    f.leg("QNg-90002-TS", T0 + 3600, *SEA, hours=6, every_min=120, speed_kn=0.0, north_m=200)
    (e,) = _found(f, EventKind.ENCOUNTER, ["encounter"])
    assert e.start == T0 + 3600 and e.end == T0 + 6 * 3600


def test_device_swap_two_devices_travelling_together_six_hours() -> None:
    f = _pair(hours=6.0, apart_m=300, speed_kn=8.0, every_min=30, b="VMS-DEV-7")
    (e,) = _found(f, EventKind.DEVICE_SWAP, ["swap"])
    assert e.details["signal"] == SwapSignal.TOGETHER
    assert e.details["travel_nm"] > 40
    tracks = e.details["tracks"]
    assert set(tracks) == {"QNg-90001-TS", "VMS-DEV-7"} and len(tracks["VMS-DEV-7"]) == 12


def test_device_swap_missed_when_short_apart_or_standing_still() -> None:
    sw = EventKind.DEVICE_SWAP
    assert not _found(_pair(hours=5.5, apart_m=300, speed_kn=8.0, every_min=30), sw, ["swap"])
    assert not _found(_pair(hours=8.0, apart_m=1100, speed_kn=8.0, every_min=30), sw, ["swap"])
    # together, but not going anywhere: an encounter (or two boats rafted), not one boat
    assert not _found(_pair(hours=8.0, apart_m=300, speed_kn=1.0, every_min=30), sw, ["swap"])


def test_pairs_found_across_cell_edges_and_only_once() -> None:
    rng = np.random.default_rng(3)
    n = 400
    lat = 10.0 + rng.uniform(0, 0.05, n)
    lon = 110.0 + rng.uniform(0, 0.05, n)
    t = Tracks.build([f"V{i}" for i in range(n) for _ in (0, 1)],
                     [T0 + k * 600 for _ in range(n) for k in (0, 1)],
                     np.repeat(lat, 2), np.repeat(lon, 2))  # fmt: skip
    rows = np.flatnonzero(~t.first)
    s = samples(t, rows, segment_speed_kn(t.segment_m(), t.segment_dt_s()), 600.0)
    rec = pairs_in_bins(s, 500.0)
    from services.events.tracks import distance_m

    d = distance_m(s.lat[:, None], s.lon[:, None], s.lat[None, :], s.lon[None, :])
    want = {(i, j) for i in range(n) for j in range(i + 1, n) if d[i, j] <= 500.0}
    names = [int(v) for v in s.vessel]
    got = {(names.index(int(a)), names.index(int(b))) for a, b in zip(rec.a, rec.b, strict=True)}
    assert len(rec) == len(got) == len(want) > 50
    assert got == want


def test_pair_trawlers_towing_together_are_no_device_swap() -> None:
    # giã cào đôi: two boats towing one net 300 m apart at 3 kn for ten hours
    f = _pair(hours=10.0, apart_m=300, speed_kn=3.0, every_min=30)
    assert not _found(f, EventKind.DEVICE_SWAP, ["swap"])
    # the same two devices steaming at 5 kn for six hours are one boat, as far as we can tell
    assert _found(_pair(hours=6.0, apart_m=300, speed_kn=5.0, every_min=30),
                  EventKind.DEVICE_SWAP, ["swap"])  # fmt: skip
