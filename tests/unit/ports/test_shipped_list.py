"""The shipped port list, checked against the world: count, coast, land mask, sources, positions.

Cited coordinates (what the spot checks compare with):

* Global Fishing Watch, ``anchorages_pipeline`` (Apache-2.0), file
  ``src/pipe_anchorages/assets/data/port_lists/vms_reviewed_anchorages_by_country/
  vietnam_reviewed_anchorages.csv`` at commit b503de808e60afc59d5ea2c75027a871240fc717: Viet
  Nam's VMS-reviewed named anchorages (S2 level-14 cells, about 0.5 km). Some of its last rows
  carry longitude in the ``lat`` column and latitude in ``lon``; the swap is undone here.
* NGA World Port Index (US public domain), as carried in the same repository
  (``pipe_anchorages/data/port_lists/WPI_ports.csv``, commit 099169e4): the merchant harbours of
  Quy Nhơn, Đà Nẵng and Nghệ Tĩnh (Cửa Hội), an independent check that the fishing port lies by
  the real harbour, not only that GFW was copied right.
"""

from __future__ import annotations

import math

import pytest
import shapely

from geo.zones import load_zones
from services.ports import Port, default_ports, get_registry

# the 28 provinces and cities with a coastline, as the plan (QĐ 582/QĐ-TTg, 2024) names them
COASTAL = {
    "Quảng Ninh", "Hải Phòng", "Thái Bình", "Nam Định", "Ninh Bình", "Thanh Hóa", "Nghệ An",
    "Hà Tĩnh", "Quảng Bình", "Quảng Trị", "Thừa Thiên Huế", "Đà Nẵng", "Quảng Nam", "Quảng Ngãi",
    "Bình Định", "Phú Yên", "Khánh Hòa", "Ninh Thuận", "Bình Thuận", "Bà Rịa - Vũng Tàu",
    "TP. Hồ Chí Minh", "Tiền Giang", "Bến Tre", "Trà Vinh", "Sóc Trăng", "Bạc Liêu", "Cà Mau",
    "Kiên Giang",
}  # fmt: skip
# Ninh Bình (18 km of coast, one storm anchorage in the 2022 list) has no citable position yet
NOT_YET = {"Ninh Bình"}
# a river port: Cà Mau city's fishing port, 34 km up the river from the sea (GFW position)
INLAND = {("Cà Mau", "Cà Mau")}

GFW = {  # name: (lat, lon) of GFW's "… Fishing Port" row
    "Cửa Hội": (18.7589352, 105.7501758),
    "Lạch Quèn": (19.10794631, 105.7134917),
    "Lý Sơn": (15.38180177, 109.1417752),
    "Thọ Quang": (16.09926596, 108.2393099),
    "Cà Ná": (11.3441536, 108.8861221),
    "Sông Đốc": (9.0452095, 104.843747),  # swapped in the file: 104.843747,9.0452095
    "Tắc Cậu": (9.8741956, 105.1274188),  # swapped in the file
}
WPI = {  # fishing port: (WPI harbour name, lat, lon)
    "Quy Nhơn": ("QUI NHON", 13.766667, 109.233333),
    "Thọ Quang": ("DA NANG", 16.1, 108.216667),
    "Cửa Hội": ("NGHE TINH", 18.766667, 105.766667),
}


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    mid = math.radians((lat1 + lat2) / 2)
    return math.hypot((lat1 - lat2) * 111.2, (lon1 - lon2) * 111.2 * math.cos(mid))


def _by_name() -> dict[str, Port]:
    return {p.name: p for p in default_ports()}


def test_the_shipped_list_has_80_ports_and_anchorages_of_every_kind() -> None:
    ports = default_ports()
    assert len(ports) == 80
    kinds = {(p.kind, p.port_class) for p in ports}
    assert {("port", "I"), ("port", "II"), ("port", ""), ("anchorage", "")} == kinds
    assert sum(p.kind == "anchorage" for p in ports) == 3
    assert sum(p.port_class == "I" for p in ports) == 22


def test_every_coastal_province_has_a_port_and_no_province_is_misspelt() -> None:
    provinces = {p.province for p in default_ports()}
    assert provinces == COASTAL - NOT_YET


def test_every_position_is_in_the_water_or_at_the_coast_per_the_land_mask() -> None:
    """Natural Earth's 50 m land (the project's mask) fills estuaries and bays: a river-mouth
    port may sit "on land" by a few km; none may lie further inland than 6 km but the listed
    river port."""
    land = load_zones().land
    coast = land.boundary
    far = []
    for p in default_ports():
        pt = shapely.Point(p.lon, p.lat)
        if land.contains(pt) and (p.name, p.province) not in INLAND:
            km = pt.distance(coast) * 111.2
            if km > 6.0:
                far.append((p.name, round(km, 1)))
    assert far == []


def test_no_duplicates_by_name_or_by_place() -> None:
    ports = default_ports()
    assert len({p.key for p in ports}) == len(ports)
    close = [
        (a.name, b.name)
        for i, a in enumerate(ports)
        for b in ports[i + 1 :]
        if _km(a.lat, a.lon, b.lat, b.lon) < 0.5
    ]
    assert close == []


def test_every_row_says_where_its_name_and_its_position_come_from() -> None:
    for p in default_ports():
        assert p.source.strip() and p.position_source.strip(), p.name
        assert p.precision_m is not None and 0 < p.precision_m <= 2000, p.name
        if p.position_source.startswith("GFW"):
            assert p.precision_m == 500, p.name  # one S2 level-14 cell
    classed = [p for p in default_ports() if p.port_class]  # a class is the plan's or the law's
    assert all(p.source.startswith("QĐ 582/QĐ-TTg") or "Luật Thủy sản" in p.source
               for p in classed)  # fmt: skip


@pytest.mark.parametrize("name", sorted(GFW))
def test_positions_are_gfw_s_to_the_cited_digits(name: str) -> None:
    port = _by_name()[name]
    lat, lon = GFW[name]
    assert (round(port.lat, 5), round(port.lon, 5)) == (round(lat, 5), round(lon, 5))


@pytest.mark.parametrize("name", sorted(WPI))
def test_the_fishing_port_lies_by_the_world_port_index_harbour(name: str) -> None:
    port = _by_name()[name]
    harbour, lat, lon = WPI[name]
    assert _km(lat, lon, port.lat, port.lon) < 3.0, harbour
    assert get_registry().port_at(lat, lon) is not None  # the harbour itself is "in port"


def test_positions_moved_by_this_list_were_kilometres_off_before() -> None:
    """Lạch Quèn and Tắc Cậu stood 12 km from their GFW position in the first list (its
    positions were estimates): a boat tied up there was "at sea". The old Lạch Quèn spot is
    Quỳnh Phương's harbour."""
    reg = get_registry()
    for name in ("Lạch Quèn", "Tắc Cậu"):
        lat, lon = GFW[name]
        found = reg.port_at(lat, lon)
        assert found is not None and found.name == name
    old = reg.port_at(19.220, 105.720)
    assert old is not None and old.name == "Quỳnh Phương"
