"""Port visits with hysteresis, and trips: thresholds just met and just missed."""

from __future__ import annotations

import pytest

from services.events import EventParams, PortSet, detect
from services.vocabulary import EventKind
from tests.unit.events.tracks import T0, Fixes, offset

PORT = (15.0, 109.0)
PORTS = PortSet.from_points(["Cảng thử"], [PORT[0]], [PORT[1]], 3000.0, 4000.0)
P = EventParams()


def _boat(distances_km: list[float], every_h: float = 1.0) -> Fixes:
    f = Fixes()
    for k, d in enumerate(distances_km):
        lat, lon = offset(*PORT, d * 1000.0, 0.0)
        f.add("QNg-90001-TS", T0 + k * every_h * 3600, lat, lon)
    return f


def _kinds(fixes: Fixes) -> list[tuple[str, int]]:
    events = detect(fixes.build(), PORTS, P, kinds=["port"]).events()
    return [(e.kind.value, round((e.when - T0) / 3600)) for e in events
            if e.kind is not EventKind.TRIP]  # fmt: skip


def test_arrival_at_entry_radius_and_departure_beyond_exit_radius() -> None:
    assert _kinds(_boat([10, 2.99, 3.5, 2.0, 3.99, 4.01, 10])) == [
        ("port_arrival", 1), ("port_departure", 5),
    ]  # fmt: skip


def test_just_outside_entry_radius_is_no_arrival() -> None:
    assert _kinds(_boat([10, 3.01, 3.5, 3.99, 10])) == []


def test_idling_at_the_harbour_mouth_does_not_flap() -> None:
    # between the circles (3-4 km) the boat keeps its state: one arrival, no departure
    assert _kinds(_boat([10, 2.5, 3.8, 2.9, 3.9, 3.2, 3.95, 2.8])) == [("port_arrival", 1)]


def test_a_track_starting_in_the_band_starts_at_sea() -> None:
    assert _kinds(_boat([3.5, 2.0, 2.0])) == [("port_arrival", 1)]


def test_passing_through_a_ports_circle_is_no_visit() -> None:
    # along the coast at ~1.5 kn: an hour inside the circle, never stopped: no arrival, and
    # so no departure either
    assert _kinds(_boat([6.0, 2.9, 0.5, 2.9, 6.0], every_h=0.5)) == []
    # inside for 2 hours is a visit even without a stop (confirmed at the 2 h fix, dated at entry)
    f = _boat([6.0, 2.9, 0.5, 2.0, 2.9, 1.0, 6.0], every_h=0.5)
    events = detect(f.build(), PORTS, P, kinds=["port"]).events()
    arrival = next(e for e in events if e.kind is EventKind.PORT_ARRIVAL)
    assert arrival.start == T0 + 0.5 * 3600
    assert arrival.details["confirmed_at"] == "2026-01-01T02:30:00+00:00"
    departure = next(e for e in events if e.kind is EventKind.PORT_DEPARTURE)
    assert departure.start == T0 + 3 * 3600


def test_a_stop_confirms_the_visit_at_once() -> None:
    # in at 1 h, then the same spot an hour later (0 kn implied): confirmed at the second fix
    f = _boat([10, 2.0, 2.0, 10])
    events = detect(f.build(), PORTS, P, kinds=["port"]).events()
    kinds = [(e.kind.value, e.start) for e in events if e.kind is not EventKind.TRIP]
    assert kinds == [("port_arrival", T0 + 3600), ("port_departure", T0 + 3 * 3600)]


def test_trip_runs_from_departure_to_next_arrival() -> None:
    f = _boat([1, 1, 20, 60, 20, 1, 1])
    events = detect(f.build(), PORTS, P, kinds=["port"]).events()
    trips = [e for e in events if e.kind is EventKind.TRIP]
    assert len(trips) == 1
    trip = trips[0]
    assert trip.start == T0 + 2 * 3600 and trip.end == T0 + 5 * 3600
    assert trip.port == "Cảng thử" and trip.details["to_port"] == "Cảng thử"
    assert trip.details["duration_h"] == 3.0


def test_open_trips_at_both_ends() -> None:
    f = _boat([30, 20, 1, 1, 20])  # the two fixes in port an hour apart, at the same spot
    trips = [e for e in detect(f.build(), PORTS, P, kinds=["port"]).events()
             if e.kind is EventKind.TRIP]  # fmt: skip
    assert [(t.start, t.end) for t in trips] == [(None, T0 + 2 * 3600), (T0 + 4 * 3600, None)]


def test_two_boats_are_independent() -> None:
    f = _boat([10, 1, 1])
    lat, lon = offset(*PORT, 1000.0, 0.0)
    f.add("NT-90002-TS", T0, lat, lon)
    lat, lon = offset(*PORT, 9000.0, 0.0)
    f.add("NT-90002-TS", T0 + 3600, lat, lon)
    events = detect(f.build(), PORTS, P, kinds=["port"]).events()
    got = {(e.vessel_id, e.kind.value) for e in events if e.kind is not EventKind.TRIP}
    assert got == {("QNg-90001-TS", "port_arrival"), ("NT-90002-TS", "port_departure")}


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown event kinds"):
        detect(_boat([1]).build(), PORTS, P, kinds=["port", "fishing"])


def test_nearest_port_picks_the_closer_of_two() -> None:
    ports = PortSet.from_points(["A", "B"], [15.0, 15.0], [109.0, 109.05])
    lat, lon = offset(15.0, 109.05, 0.0, -1000.0)
    idx, dist = ports.nearest([lat], [lon], 4000.0)
    assert idx.tolist() == [1] and abs(float(dist[0]) - 1000.0) < 2.0


def test_a_boat_moored_between_two_neighbouring_ports_stays_in_the_one_it_came_into() -> None:
    """Cửa Hội (Nghệ An) and Xuân Hội (Hà Tĩnh) face each other across the Lam river mouth, 1 km
    apart (GFW's VMS-reviewed anchorages, see tests/unit/ports/test_shipped_list.py): a boat
    moored halfway, its fix jittering 60 m either side, neither leaves nor arrives."""
    hoi, xuan = (18.7589352, 105.7501758), (18.7537732, 105.7598177)
    ports = PortSet.from_points(["Cửa Hội", "Xuân Hội"], [hoi[0], xuan[0]], [hoi[1], xuan[1]],
                                5556.0, 7408.0)  # fmt: skip
    mid = ((hoi[0] + xuan[0]) / 2, (hoi[1] + xuan[1]) / 2)
    f = Fixes()
    lat, lon = offset(*hoi, 20_000.0, 0.0)
    f.add("NA-90001-TS", T0, lat, lon)  # at sea, coming in
    for k in range(1, 13):
        lat, lon = offset(*mid, 0.0, 60.0 if k % 2 else -60.0)
        f.add("NA-90001-TS", T0 + k * 3600, lat, lon)
    events = detect(f.build(), ports, P, kinds=["port"]).events()
    kinds = [(e.kind.value, round((e.when - T0) / 3600)) for e in events
             if e.kind is not EventKind.TRIP]  # fmt: skip
    assert kinds == [("port_arrival", 1)]
