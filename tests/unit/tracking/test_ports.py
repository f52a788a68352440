"""Ports: a fix near a pilot province's fishing port is in port, not at sea."""

from __future__ import annotations

import pytest

from services.tracking.ports import IN_PORT_RADIUS_NM, PORTS, Port, at_sea, nearest_port


@pytest.mark.parametrize("port", PORTS, ids=lambda p: p.name)
def test_each_port_is_its_own_nearest_and_not_at_sea(port: Port) -> None:
    found, distance = nearest_port(port.lat, port.lon)
    assert found == port and distance == 0.0
    assert at_sea(port.lat, port.lon) is False


def test_ports_belong_to_the_pilot_provinces_with_their_registration_prefix() -> None:
    assert {(p.province, p.prefix) for p in PORTS} == {("Quảng Ngãi", "QNg"), ("Ninh Thuận", "NT")}
    assert len({p.name for p in PORTS}) == len(PORTS)


def test_one_arcminute_of_latitude_is_one_nautical_mile() -> None:
    port = next(p for p in PORTS if p.name == "Cà Ná")
    _, distance = nearest_port(port.lat - 2 / 60, port.lon)
    assert distance == pytest.approx(2.0)


def test_the_in_port_radius_is_three_miles() -> None:
    port = next(p for p in PORTS if p.name == "Cà Ná")
    assert IN_PORT_RADIUS_NM == 3.0
    assert at_sea(port.lat - 2.9 / 60, port.lon) is False
    assert at_sea(port.lat - 3.1 / 60, port.lon) is True


def test_open_sea_and_foreign_waters_are_at_sea() -> None:
    assert at_sea(10.0, 112.0) and at_sea(5.6, 107.6)
    port, distance = nearest_port(15.3, 110.0)
    assert port.province == "Quảng Ngãi" and distance > 50
