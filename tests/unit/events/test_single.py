"""One-vessel detectors: gaps, a device seen far from its boat, loitering."""

from __future__ import annotations

from services.events import EventParams, PortSet, detect
from services.vocabulary import EventKind, SwapSignal
from tests.unit.events.tracks import T0, Fixes, offset

PORTS = PortSet.from_points(["Sa Kỳ"], [15.205], [108.93])
P = EventParams()
NATUNA = (6.3, 108.0)  # inside Indonesia's (indicative) EEZ, ~130 nm from any shore
CENTRAL = (12.0, 111.0)  # Vietnamese waters, far from every foreign zone


def _events(f: Fixes, kinds: list[str]):  # type: ignore[no-untyped-def]
    return detect(f.build(), PORTS, P, kinds=kinds).events()


def _gap(hours: float, *, in_port: bool = False) -> list:  # type: ignore[type-arg]
    f = Fixes()
    at = (15.205, 108.93) if in_port else (14.0, 111.0)
    f.add("QNg-90001-TS", T0, *at)
    f.add("QNg-90001-TS", T0 + hours * 3600, *at)
    return [e for e in _events(f, ["gap"]) if e.kind is EventKind.GAP]


def test_gap_just_met_and_just_missed() -> None:
    (gap,) = _gap(6.0)
    assert gap.start == T0 and gap.end == T0 + 6 * 3600 and gap.details["hours"] == 6.0
    assert _gap(5.99) == []


def test_silence_in_port_is_no_gap() -> None:
    assert _gap(30.0, in_port=True) == []


def _two_sources(apart_nm: float, minutes: float, vms_at: tuple[float, float]) -> list:  # type: ignore[type-arg]
    f = Fixes()
    f.add("QNg-90001-TS", T0, *vms_at, source="vms")
    ais = offset(*vms_at, apart_nm * 1852.0, 0.0)
    f.add("QNg-90001-TS", T0 + minutes * 60, *ais, source="ais")
    return [e for e in _events(f, ["swap"]) if e.kind is EventKind.DEVICE_SWAP]


def test_device_far_from_where_the_boat_was_seen() -> None:
    (e,) = _two_sources(25.0, 20.0, (14.0, 111.0))
    assert e.details["signal"] == SwapSignal.FAR_FROM_SIGHTING
    assert e.details["sources"] == ["vms", "ais"] and e.details["apart_nm"] == 25.0
    assert _two_sources(19.0, 20.0, (14.0, 111.0)) == []  # under swap_far_nm
    assert _two_sources(25.0, 70.0, (14.0, 111.0)) == []  # over an hour apart: not "at once"


def test_device_at_sea_while_the_boat_is_in_port() -> None:
    # the boat's AIS is in Sa Kỳ while its VMS device reports 40 nm to the south
    at_sea = offset(15.205, 108.93, -40 * 1852.0, 0.0)
    (e,) = _two_sources(40.0, 10.0, at_sea)
    assert e.details["signal"] == SwapSignal.WHILE_IN_PORT and e.port == "Sa Kỳ"


def _loiter(hours: float, at: tuple[float, float], speed_kn: float = 1.0) -> list:  # type: ignore[type-arg]
    f = Fixes()
    f.leg("QNg-90001-TS", T0, *at, hours=hours, every_min=30, speed_kn=speed_kn)
    return [e for e in _events(f, ["loitering"]) if e.kind is EventKind.LOITERING]


def test_loitering_in_foreign_waters_just_met_and_just_missed() -> None:
    (e,) = _loiter(4.0, NATUNA)
    assert e.start == T0 and e.details["qualified_at"] == "2026-01-01T04:00:00+00:00"
    assert e.details["risk"] == "INSIDE_FOREIGN" and e.details["country"] == "ID"
    assert _loiter(3.5, NATUNA) == []
    assert _loiter(6.0, NATUNA, speed_kn=2.1) == []


def test_loitering_in_home_waters_far_from_any_border_is_not_reported() -> None:
    assert _loiter(8.0, CENTRAL) == []


def test_loitering_close_to_shore_is_not_reported() -> None:
    # north of Phú Quốc, a mile or two from Cambodian waters but within 20 nm of the island
    # (the zone set calls it APPROACHING): near a border, yet not far enough from shore
    assert _loiter(8.0, (10.45, 103.85), speed_kn=0.5) == []


def test_loitering_in_an_overlap_area_names_it() -> None:
    # inside the Viet Nam – Indonesia overlap area (the zone set's indicative polygon)
    (e,) = _loiter(5.0, (6.718, 107.332))
    assert e.details["zone_kind"] == "overlap"
    from services.events.alerts import event_alerts

    (alert,) = event_alerts([e])
    assert "trong vùng chồng lấn Việt Nam – Indonesia" in alert.message
