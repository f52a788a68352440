"""The port registry: shipped list, CSV rows with sources, vectorised "in port" and nearest port."""

from __future__ import annotations

import numpy as np
import pytest

from services.ports import (
    Port,
    PortRegistry,
    default_ports,
    get_registry,
    parse_ports_csv,
    ports_csv,
    set_registry,
)
from services.tracking.ports import PORTS, at_sea, at_sea_array, nearest_port


def test_shipped_list_covers_the_coast_and_every_row_names_its_source() -> None:
    ports = default_ports()
    provinces = {p.province for p in ports}
    assert len(ports) >= 80
    assert {"Quảng Ngãi", "Ninh Thuận", "Kiên Giang", "Cà Mau", "Hải Phòng"} <= provinces
    assert all(p.source and p.position_source for p in ports)
    # inside Vietnam's coastal box, never on the wrong side of the globe
    assert all(8.0 < p.lat < 21.6 and 102.0 < p.lon < 110.0 for p in ports)
    assert len({p.key for p in ports}) == len(ports)


@pytest.mark.parametrize("port", default_ports(), ids=lambda p: p.name)
def test_each_port_is_in_port_and_its_own_nearest(port: Port) -> None:
    reg = get_registry()
    assert reg.port_at(port.lat, port.lon) == port
    found = reg.nearest(port.lat, port.lon)
    assert found is not None and found[0] == port and found[1] == 0.0


def test_in_port_radius_is_per_port_and_one_arcminute_is_one_mile() -> None:
    reg = PortRegistry([Port("Cà Ná", "Ninh Thuận", 11.335, 108.875, radius_nm=3.0),
                        Port("X", "Y", 12.0, 109.5, radius_nm=1.0)])  # fmt: skip
    assert reg.in_port(11.335 - 2.9 / 60, 108.875)[0]
    assert not reg.in_port(11.335 - 3.1 / 60, 108.875)[0]
    assert reg.in_port(12.0 - 0.9 / 60, 109.5)[0] and not reg.in_port(12.0 - 1.1 / 60, 109.5)[0]
    found = reg.nearest(11.335 - 2 / 60, 108.875)
    assert found is not None and found[1] == pytest.approx(2.0)


def test_vectorised_forms_agree_with_single_fix_forms() -> None:
    rng = np.random.default_rng(7)
    reg = get_registry()
    picks = rng.integers(0, len(reg), 300)
    lat = np.array([reg.ports[i].lat for i in picks]) + rng.normal(0, 0.05, 300)
    lon = np.array([reg.ports[i].lon for i in picks]) + rng.normal(0, 0.05, 300)
    lat = np.r_[lat, rng.uniform(5, 22, 200)]
    lon = np.r_[lon, rng.uniform(102, 118, 200)]
    sea = at_sea_array(lat, lon)
    assert sea.tolist() == [at_sea(a, b) for a, b in zip(lat.tolist(), lon.tolist(), strict=True)]
    assert 0 < int((~sea).sum()) < 300  # some fixes near ports are in, some out


def test_open_sea_and_foreign_waters_are_at_sea() -> None:
    assert at_sea(10.0, 112.0) and at_sea(5.6, 107.6) and at_sea(16.4, 111.7)
    port, distance = nearest_port(15.3, 110.0)
    assert port.name == "Lý Sơn" and distance > 45


def test_the_simulator_keeps_its_home_ports_of_the_pilot_provinces() -> None:
    assert {(p.province, p.prefix) for p in PORTS} == {("Quảng Ngãi", "QNg"), ("Ninh Thuận", "NT")}
    assert {"Sa Kỳ", "Cà Ná", "Lý Sơn"} <= {p.name for p in PORTS}
    assert "Sông Trà Bồng" not in {p.name for p in PORTS}  # a river port, inland: no home port


def test_csv_rows_with_errors_are_reported_by_line_and_good_rows_kept() -> None:
    text = (
        "name,province,lat,lon,class,source\n"
        "Cà Ná,Ninh Thuận,11.335,108.875,I,QĐ 582\n"
        "Bad,Ninh Thuận,95,108.8,I,QĐ 582\n"
        "NoSource,Ninh Thuận,11.0,108.8,I,\n"
        "Cà Ná,Ninh Thuận,11.3,108.8,I,QĐ 582\n"
        'Comma,Bình Thuận,"10,93",108.11,I,QĐ 582\n'
    )
    parsed = parse_ports_csv(text.splitlines())
    assert [p.name for p in parsed.ports] == ["Cà Ná", "Comma"]
    assert parsed.ports[1].lat == pytest.approx(10.93)
    assert [e.line_no for e in parsed.errors] == [3, 4, 5]
    assert "vĩ độ" in parsed.errors[0].reason and "nguồn" in parsed.errors[1].reason


def test_a_file_without_a_source_column_is_refused() -> None:
    parsed = parse_ports_csv(["name,province,lat,lon,class", "A,B,10,108,I"])
    assert not parsed.ports and "source" in parsed.errors[0].reason


def test_csv_round_trip_and_replacing_the_registry() -> None:
    ports = default_ports()[:3]
    again = parse_ports_csv(ports_csv(ports).splitlines())
    assert not again.errors and again.ports == list(ports)
    try:
        reg = set_registry([Port("Only", "Somewhere", 1.0, 1.0, source="test")])
        assert get_registry() is reg and at_sea(11.335, 108.875)
    finally:
        set_registry(None)
    assert not at_sea(11.335, 108.875)
