"""The default zones against the real world: published lines, real detentions, islands, sources.

Every case carries its reason and source. Positions from the press are written as the source
wrote them (degrees and minutes) and parsed with :func:`geo.builder.cited.parse_dms`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest
import shapely
from pyproj import Geod

from geo import Risk, classify, load_zones
from geo.builder.cited import parse_dms
from geo.builder.overlaps import historic_waters, jda
from geo.builder.vietnam import boundary_lines, read_eez, repair_eez

_GEOD = Geod(ellps="WGS84")
MR = "Marine Regions v12 (CC BY 4.0), vietnam_boundary_lines.geojson"


@dataclass(frozen=True)
class Case:
    label: str
    lat: float
    lon: float
    risk: str | tuple[str, ...]
    country: str | None
    kind: str | None
    reason: str
    source: str


def _c(
    label: str,
    lat: str | float,
    lon: str | float,
    risk: str | tuple[str, ...],
    country: str | None,
    kind: str | None,
    reason: str,
    source: str,
) -> Case:
    la = parse_dms(lat) if isinstance(lat, str) else lat
    lo = parse_dms(lon) if isinstance(lon, str) else lon
    return Case(label, la, lo, risk, country, kind, reason, source)


def _off(
    label: str,
    place: tuple[str, str],
    bearing_deg: float,
    nm: float,
    risk: str | tuple[str, ...],
    country: str | None,
    kind: str | None,
    reason: str,
    source: str,
) -> Case:
    """A seizure reported as a distance and bearing from a named place (its position cited)."""
    lon, lat, _ = _GEOD.fwd(parse_dms(place[1]), parse_dms(place[0]), bearing_deg, nm * 1852.0)
    return Case(label, float(lat), float(lon), risk, country, kind, reason, source)


# reference places of the press reports (town centres / river mouths, Wikipedia coordinates)
NARATHIWAT = ("06°25'N", "101°49'E")  # https://en.wikipedia.org/wiki/Narathiwat
SONGKHLA = ("07°12'N", "100°36'E")  # https://en.wikipedia.org/wiki/Songkhla
KUALA_TERENGGANU = ("05°20'N", "103°08'E")  # https://en.wikipedia.org/wiki/Kuala_Terengganu
KEMAMAN = ("04°14'N", "103°27'E")  # Kuala Kemaman (Chukai), https://en.wikipedia.org/wiki/Kemaman

# ---- real detentions and seizures (press, ministry briefings) --------------------------------
DETENTIONS = [
    _c(
        "9 Bình Thuận boats, Indonesian patrol 6003, 24/7",
        "06°25'N",
        "109°39'E",
        "INSIDE_FOREIGN",
        "ID",
        "eez",
        "moved there after the arrest, beyond Viet Nam's 200-nm line (MR 4052)",
        "https://amp.vov.vn/xa-hoi/10-tau-ca-binh-thuan-bi-bat-giu-tai-indonesia-va-malaysia-534644.vov",
    ),
    _c(
        "5 Kiên Giang boats seized by Indonesia, 13/4/2017",
        "06°28'N",
        "106°23'E",
        "OVERLAP",
        "ID",
        "overlap",
        "06°26'-06°30'N 106°21'-106°25'E, 10-12 nm on Viet Nam's side of the 2003 line",
        "https://m.baophapluat.vn/bi-tau-la-tan-cong-hoi-nghe-ca-thanh-pho-rach-gia-kien-giang-"
        "de-nghi-duoc-bao-ve-post246068.html",
    ),
    _c(
        "BV 4419 TS and BL 93333 TS seized by Indonesia OPV 8001, 18/3/2021",
        "06°46.5'N",
        "109°34.5'E",
        "OVERLAP",
        "ID",
        "overlap",
        "the owner's licensed fishing position (06°46'30\"N 109°34'30\"E); MOFA: 'tại khu vực "
        "đường phân định thềm lục địa'",
        "http://thegioithao.com/truc-tiep_2-tau-ca-viet-nam-voi-gan-40-ngu-dan-bi-indonesia-bat-"
        "giu-1851049889.htm (Thanh Niên; MOFA briefing)",
    ),
    _c(
        "BTh 2122 TS, KRI Tjiptadi-381, 10/1/2022",
        "04°55.4'N",
        "107°14.2'E",
        "INSIDE_FOREIGN",
        "ID",
        "eez",
        "04 55 24 U - 107 14 12 T, 43 nm NW of Pulau Laut",
        "https://www.theindonesia.id/news/2022/01/12/131217/three-vietnamese-flagged-vessels-"
        "arrested-in-natuna",
    ),
    _c(
        "two Vietnamese pair trawlers, KRI Tuanku Imam Bonjol-383, 11/1/2022",
        "05°01.0'N",
        "107°42.4'E",
        "INSIDE_FOREIGN",
        "ID",
        "eez",
        "05 01 00 U - 107 42 25 T, 23 nm NW of Pulau Laut",
        "same report",
    ),
    _c(
        "Chuc Thanh 7, Bakamla KN Pulau Nipah-321, 20/8/2022",
        "06°07.06'N",
        "105°56.81'E",
        ("INSIDE_FOREIGN", "APPROACHING", "OVERLAP"),
        "ID",
        None,
        "06°07'0641\" U 105°56'8089\" T (decimal minutes), '3 nm within the continental shelf "
        "boundary'",
        "https://voi.id/ja/news/202848 ; https://mric.gov.ph/indonesian-coast-guard-"
        "detains-vietnamese-ship-for-illegal-fishing/",
    ),
    _c(
        "QNg 96507 TS attacked and robbed by three Chinese ships, 2015",
        "16°14'N",
        "112°15'E",
        "ARCHIPELAGO",
        "VN",
        "archipelago",
        "captain's position, quần đảo Hoàng Sa",
        "https://nld.com.vn/thoi-su-trong-nuoc/tau-ca-lai-bi-tan-cong-cuop-tai-san-tai-hoang-sa-"
        "2015080110111101.htm",
    ),
    _c(
        "QNg 90127 TS robbed at đảo Bạch Quy, 30/7/2015",
        "16°03'N",
        "111°46'E",
        "ARCHIPELAGO",
        "VN",
        "archipelago",
        "position of đảo Bạch Quy (cited_positions.json)",
        "https://tapchigiaothong.vn/tau-trung-quoc-lien-tiep-tan-cong-cuop-cua-tau-ca-viet-nam-"
        "18313178.htm",
    ),
    _c(
        "QNg 90617 sunk near đảo Phú Lâm, two rescuers taken to the island, 2/4/2020",
        "16°50'N",
        "112°20'E",
        "ARCHIPELAGO",
        "VN",
        "archipelago",
        "position of đảo Phú Lâm (cited_positions.json)",
        "https://www.bbc.com/vietnamese/vietnam-52150425",
    ),
    _c(
        "Vietnamese boat taken by the Thai navy off Chonburi, 30/3/2016",
        "10°30'N",
        "101°30'E",
        "INSIDE_FOREIGN",
        "TH",
        "eez",
        "10 độ 30 phút Bắc, 101 độ 30 phút Đông",
        "http://vietthaitoday.blogspot.com/2016/04/thai-lan-bat-giu-tau-ca-va-18-ngu-dan-viet-"
        "nam.html",
    ),
    # Gulf of Thailand: Thai, Malaysian seizures of Vietnamese boats
    _c(
        "CM 95848 TS, CM 91050, CM 99110 TS, CM 95828 TS and a squid boat, Thai navy area 1, "
        "5/4/2016",
        "10°45'N",
        "102°08'E",
        "INSIDE_FOREIGN",
        "TH",
        "eez",
        "'10 độ 45 phút Bắc, 102 độ 8 phút Đông, ngoài khơi tỉnh Trat, giáp với Campuchia': "
        "in the Cambodia–Thailand overlapping claims area (the name is checked below)",
        "https://viettimes.vn/hai-quan-thai-lan-bat-giu-them-5-tau-ca-va-37-ngu-dan-viet-nam-"
        "post24248.html (TTXVN)",
    ),
    _off(
        "KG 94136 TS, Thai marine police boats 808 and 582, 13/7/2020",
        NARATHIWAT,
        90.0,
        28.0,
        "INSIDE_FOREIGN",
        None,
        "eez",
        "'about 28 nautical miles east of Narathiwat'; due east of the town is south of the "
        "1979 Malaysia–Thailand line to point A, so the zone set's country there is Malaysia: "
        "foreign either way",
        "https://www.bangkokpost.com/thailand/general/1951180/vietnamese-fishing-boat-caught-"
        "off-narathiwat",
    ),
    _off(
        "Vietnamese boat taking sea cucumbers near Ko Losin, Thai marine police, 2023",
        SONGKHLA,
        90.0,
        80.0,
        "INSIDE_FOREIGN",
        "TH",
        "eez",
        "'approximately 80 nautical miles east of the Songkhla navigation floating light ... "
        "near Ko Losin island in Pattani'",
        "https://www.bangkokpost.com/thailand/general/2598121/two-vietnamese-fishing-boats-"
        "seized-11-crew-arrested",
    ),
    _off(
        "Vietnamese boat, 15 crew, MMEA Terengganu, 22/5/2022",
        KUALA_TERENGGANU,
        45.0,
        100.0,
        "INSIDE_FOREIGN",
        "MY",
        "eez",
        "'seized at 100 nautical miles northeast of Kuala Terengganu'",
        "https://www.malaymail.com/news/malaysia/2022/05/23/mmea-detains-vietnamese-fishing-"
        "boat-15-crew-members-in-terengganu-waters/8308 (Bernama)",
    ),
    _off(
        "Vietnamese boat, 20 crew, near an oil platform, MMEA Eastern Region, 26/6/2018",
        KEMAMAN,
        90.0,
        140.0,
        "INSIDE_FOREIGN",
        None,
        "eez",
        "'pada jarak 140 batu nautika dari timur Kemaman'; the 1969 Indonesia–Malaysia shelf "
        "line runs near 105.8°E there and the zone set's equidistance puts the point on "
        "Indonesia's side: foreign either way",
        "https://utusan.com.my/nasional/2018/06/bot-vietnam-ditahan-berhampiran-pelantar",
    ),
    _c(
        "BĐ 96689 TS seized by four armed foreigners near cụm Sinh Tồn, 2020",
        "09°30'N",
        "114°01'E",
        "ARCHIPELAGO",
        "VN",
        "archipelago",
        "09 độ 30'N, 114 độ 01'E, ~20 nm SW of Sinh Tồn, quần đảo Trường Sa",
        "'Bình Định: Tàu cá của ngư dân đã hoạt động trở lại', 06/07/2020 (Cục Kiểm ngư)",
    ),
]


def _check(cases: list[Case]) -> None:
    lat = np.array([c.lat for c in cases])
    lon = np.array([c.lon for c in cases])
    res = classify(lon, lat)
    wrong = []
    for i, case in enumerate(cases):
        risk = Risk(int(res.risk[i])).name
        allowed = (case.risk,) if isinstance(case.risk, str) else case.risk
        ok = risk in allowed and (
            case.country is None
            or res.country[i] == case.country
            or res.nearest_country[i] == case.country
        )
        ok &= case.kind is None or res.zone_kind[i] == case.kind
        if not ok:
            wrong.append(
                (
                    case.label,
                    risk,
                    res.country[i],
                    res.zone_kind[i],
                    res.nearest_country[i],
                    round(float(res.distance_nm[i]), 2),
                )
            )
    assert not wrong, wrong


def test_real_detentions_are_all_warned() -> None:
    assert len(DETENTIONS) >= 10
    res = classify(np.array([c.lon for c in DETENTIONS]), np.array([c.lat for c in DETENTIONS]))
    assert not np.isin(res.risk, [Risk.SAFE, Risk.INVALID]).any(), [
        (c.label, Risk(int(r)).name) for c, r in zip(DETENTIONS, res.risk, strict=True)
    ]
    _check(DETENTIONS)


def test_gulf_of_thailand_seizures_name_the_area_they_happened_in() -> None:
    """The alert names the area two neighbours claim, not only 'vùng biển Thái Lan'."""
    named = {
        "10°45'N 102°08'E (Trat, 2016)": (
            10.75,
            102 + 8 / 60,
            "vùng chồng lấn Campuchia – Thái Lan",
        ),
        "10°30'N 101°30'E (Chonburi, 2016)": (10.5, 101.5, "vùng chồng lấn Campuchia – Thái Lan"),
        "JDA": (7.0, 102.9, "vùng phát triển chung Malaysia – Thái Lan"),
    }
    lat = np.array([v[0] for v in named.values()])
    lon = np.array([v[1] for v in named.values()])
    res = classify(lon, lat)
    assert list(res.zone_name) == [v[2] for v in named.values()], list(res.zone_name)
    assert res.foreign.all()


# ---- the points table ------------------------------------------------------------------------
def _vertex_cases() -> list[Case]:
    """Treaty points lie on the frontier: distance 0 (published vertices of 1294 and 1352).

    Point C of 1352 lies inside the Malaysia–Thailand Joint Development Area (1' south of its
    point C), where both sides of the line are watched water: the frontier is the area's edge
    there, so C is left out."""
    lines = boundary_lines()
    out = []
    for line_id, name in ((1294, "Gulf of Tonkin 2000"), (1352, "Thailand-Viet Nam 1997")):
        xy = shapely.get_coordinates(lines.loc[lines["line_id"] == line_id].geometry.iloc[0])
        xy = xy[~shapely.contains_xy(jda(), xy[:, 0], xy[:, 1])]
        for k, (x, y) in enumerate(xy[1:-1] if len(xy) > 2 else xy, start=1):
            out.append(
                Case(
                    f"{name} point {k}",
                    float(y),
                    float(x),
                    ("APPROACHING", "IMMINENT", "INSIDE_FOREIGN"),
                    None,
                    None,
                    "a treaty vertex: distance 0",
                    MR,
                )
            )
    return out


TABLE: list[Case] = [
    # the C-K sliver next to point K, and Viet Nam's side of C-K
    _c(
        "C-K sliver (issue 13)",
        8.6,
        102.5,
        "SAFE",
        "VN",
        "eez",
        "8 nm on Viet Nam's side of C-K: was Thai waters",
        MR,
    ),
    _c(
        "Viet Nam's side of K",
        8.70,
        102.30,
        ("SAFE", "APPROACHING"),
        "VN",
        None,
        "2-5 nm east of point K",
        MR,
    ),
    _c("Thai side of C-K", 8.25, 102.45, "INSIDE_FOREIGN", "TH", None, "south-west of C-K", MR),
    # island territorial seas (12 nm)
    _c(
        "Bạch Long Vĩ (issue 13)",
        20.13,
        107.72,
        "SAFE",
        "VN",
        "territorial_sea",
        "was 'EEZ, 15 nm from anything'",
        "cited_positions.json",
    ),
    _c(
        "off Cồn Cỏ",
        17.25,
        107.42,
        "SAFE",
        "VN",
        "territorial_sea",
        "7 nm NE of Cồn Cỏ",
        "basepoint A11",
    ),
    _c(
        "off Lý Sơn",
        15.45,
        109.25,
        "SAFE",
        "VN",
        "territorial_sea",
        "8 nm NE of Lý Sơn",
        "basepoint A10",
    ),
    _c(
        "off Phú Quý",
        10.62,
        108.98,
        "SAFE",
        "VN",
        "territorial_sea",
        "6 nm N of Phú Quý",
        "https://vi.wikipedia.org/wiki/Phú_Quý",
    ),
    _c(
        "off Côn Đảo",
        8.60,
        106.85,
        "SAFE",
        "VN",
        "territorial_sea",
        "8 nm E of Hòn Bảy Cạnh",
        "basepoint A5",
    ),
    _c(
        "off Hòn Khoai",
        8.33,
        104.80,
        "SAFE",
        "VN",
        "territorial_sea",
        "6 nm S of Hòn Khoai",
        "cited_positions.json",
    ),
    _c(
        "off Thổ Chu",
        9.20,
        103.40,
        ("SAFE", "APPROACHING"),
        "VN",
        "territorial_sea",
        "6 nm SW of Thổ Chu",
        "cited_positions.json",
    ),
    _c(
        "off Nam Du",
        9.62,
        104.42,
        "SAFE",
        "VN",
        "territorial_sea",
        "5 nm SE of Nam Du",
        "cited_positions.json",
    ),
    _c(
        "off Phú Quốc (west)",
        10.20,
        103.78,
        ("SAFE", "APPROACHING"),
        "VN",
        "territorial_sea",
        "6 nm W of Phú Quốc",
        "cited_positions.json",
    ),
    _c(
        "off Cù Lao Chàm",
        15.90,
        108.62,
        "SAFE",
        "VN",
        "territorial_sea",
        "6 nm SE",
        "cited_positions.json",
    ),
    # overlap / enforcement-risk areas
    _c(
        "Natuna overlap, west",
        6.45,
        106.60,
        "OVERLAP",
        "ID",
        "overlap",
        "12 nm N of the 2003 line",
        "geo/builder/overlaps.py",
    ),
    _c(
        "Natuna overlap, middle",
        6.80,
        108.00,
        "OVERLAP",
        "ID",
        "overlap",
        "~15 nm N of the 2003 line",
        "geo/builder/overlaps.py",
    ),
    _c(
        "north of the Natuna band",
        7.60,
        108.00,
        ("SAFE", "APPROACHING"),
        "VN",
        "eez",
        "~60 nm N of the 2003 line",
        "geo/builder/overlaps.py",
    ),
    _c(
        "Indonesia's side of 2003, middle",
        6.30,
        108.00,
        "INSIDE_FOREIGN",
        "ID",
        "eez",
        "south of the 2003 line",
        MR,
    ),
    _c(
        "Malaysia overlap",
        6.88,
        104.40,
        "OVERLAP",
        "MY",
        "overlap",
        "Viet Nam's water between Malaysia's claim (JDA point D - point 20) and the JDA",
        "geo/builder/overlaps.py",
    ),
    _c(
        "Viet Nam's water inside the Malaysia-Thailand JDA",
        7.60,
        103.20,
        "OVERLAP",
        "MY",
        "overlap",
        "three claims meet: MRGID 8484 inside points A-G of the 1979 MoU",
        "cited_positions.json (malaysia_thailand_jda_1979)",
    ),
    _c(
        "Malaysia-Thailand JDA, Malaysia's part",
        7.00,
        102.90,
        "INSIDE_FOREIGN",
        "MY",
        "eez",
        "inside points A-G, nearer Malaysia's coast",
        "cited_positions.json (malaysia_thailand_jda_1979)",
    ),
    _c(
        "Malaysia-Thailand JDA, Thailand's part",
        7.034,
        102.454,
        "INSIDE_FOREIGN",
        "TH",
        "eez",
        "inside points A-G, nearer Thailand's coast (equidistance regions)",
        "cited_positions.json (malaysia_thailand_jda_1979)",
    ),
    _c(
        "Cambodia-Thailand overlapping claims area, off Ko Kut",
        11.30,
        102.30,
        "INSIDE_FOREIGN",
        "TH",
        "eez",
        "Thailand's side of the equidistance line, within 42 nm of it",
        "geo/builder/overlaps.py (cambodia_thailand_area)",
    ),
    _c(
        "Malaysia's side of 3484",
        6.50,
        104.00,
        "INSIDE_FOREIGN",
        "MY",
        None,
        "south of the median",
        MR,
    ),
    _c(
        "historic waters, between Phú Quốc and Poulo Wai",
        9.95,
        103.30,
        "OVERLAP",
        "KH",
        "overlap",
        "inside the 1982 limit",
        "cited_positions.json",
    ),
    _c(
        "historic waters, north-west of Phú Quốc",
        10.25,
        103.70,
        ("OVERLAP", "SAFE", "APPROACHING"),
        None,
        None,
        "inside the 1982 limit or Phú Quốc's 12 nm",
        "cited_positions.json",
    ),
    _c(
        "off Sihanoukville (Cambodia)",
        10.45,
        103.25,
        "INSIDE_FOREIGN",
        "KH",
        None,
        "outside the historic waters",
        "Natural Earth",
    ),
    # archipelagos: inside, approaches, the features Viet Nam holds
    _c(
        "Hoàng Sa, 16.59N 111.18E (issue 13)",
        16.59,
        111.18,
        "ARCHIPELAGO",
        "VN",
        "archipelago",
        "was 'vùng biển Trung Quốc'",
        "issue 13",
    ),
    _c(
        "Trường Sa Lớn",
        "08°38'N",
        "111°55'E",
        "ARCHIPELAGO",
        "VN",
        "archipelago",
        "held by Viet Nam; was high seas",
        "https://en.wikipedia.org/wiki/Spratly_Island",
    ),
    _c(
        "Song Tử Tây",
        "11°26'N",
        "114°20'E",
        "ARCHIPELAGO",
        "VN",
        "archipelago",
        "held by Viet Nam; was high seas",
        "https://en.wikipedia.org/wiki/Southwest_Cay",
    ),
    _c(
        "Sinh Tồn",
        "09°53'N",
        "114°19'E",
        "ARCHIPELAGO",
        "VN",
        "archipelago",
        "held by Viet Nam",
        "https://en.wikipedia.org/wiki/Sin_Cowe_Island",
    ),
    _c(
        "An Bang",
        "07°53'N",
        "112°55'E",
        "ARCHIPELAGO",
        "VN",
        "archipelago",
        "held by Viet Nam",
        "https://en.wikipedia.org/wiki/Amboyna_Cay",
    ),
    _c(
        "Tư Chính (Vanguard Bank)",
        "07°31'N",
        "109°44'E",
        ("SAFE", "APPROACHING"),
        "VN",
        "eez",
        "Viet Nam's continental shelf (DK1); was high seas",
        "https://en.wikipedia.org/wiki/Vanguard_Bank",
    ),
    _c(
        "approach to Hoàng Sa from Đà Nẵng",
        16.0,
        110.95,
        "APPROACHING",
        "VN",
        "eez",
        "within 12 nm west of the archipelago",
        "geo/builder/derive.py",
    ),
    _c(
        "approach to Trường Sa from the west",
        8.90,
        111.45,
        "APPROACHING",
        "VN",
        "eez",
        "within 12 nm west of the archipelago",
        "geo/builder/derive.py",
    ),
    _c(
        "north of Hoàng Sa, towards Hải Nam",
        17.55,
        111.0,
        ("SAFE", "APPROACHING"),
        "VN",
        None,
        "not Chinese waters south of the Hoàng Sa–Hải Nam median",
        "geo/builder/derive.py",
    ),
    _c(
        "south of Hải Nam",
        17.9,
        109.5,
        "INSIDE_FOREIGN",
        "CN",
        None,
        "nearer Hải Nam than Hoàng Sa or Viet Nam",
        "Natural Earth",
    ),
    _c(
        "bãi cạn Scarborough",
        15.15,
        117.75,
        "DISPUTED",
        None,
        "disputed",
        "seizures and expulsions by foreign forces",
        "Natural Earth",
    ),
    # neighbours' waters well inside
    _c("Natuna waters", 4.6, 108.2, "INSIDE_FOREIGN", "ID", None, "", "Natural Earth"),
    _c("off Sabah", 6.4, 115.6, "INSIDE_FOREIGN", "MY", None, "", "Natural Earth"),
    _c("off Palawan", 9.8, 117.8, "INSIDE_FOREIGN", "PH", None, "", "Natural Earth"),
    _c("off Brunei", 5.2, 114.6, "INSIDE_FOREIGN", "BN", None, "", "Natural Earth"),
    _c(
        "Gulf of Tonkin, Chinese side",
        20.5,
        108.6,
        "INSIDE_FOREIGN",
        "CN",
        None,
        "east of the 2000 line",
        MR,
    ),
    _c(
        "Gulf of Tonkin, Vietnamese side",
        20.0,
        107.3,
        "SAFE",
        "VN",
        None,
        "west of the 2000 line",
        MR,
    ),
    # Viet Nam's own waters
    _c("off Nha Trang", 12.2, 109.6, "SAFE", "VN", None, "", MR),
    _c("off Vũng Tàu", 10.0, 107.5, "SAFE", "VN", None, "", MR),
    _c(
        "high seas between the archipelagos",
        13.5,
        114.5,
        "SAFE",
        None,
        "high_seas",
        "beyond 200 nm of every coast",
        "geo/builder/derive.py",
    ),
]


def test_points_table() -> None:
    cases = TABLE + _vertex_cases()
    assert len(cases) >= 60
    _check(cases)
    vertices = _vertex_cases()
    res = classify(np.array([c.lon for c in vertices]), np.array([c.lat for c in vertices]))
    assert np.all(res.distance_nm < 0.05), res.distance_nm  # under 100 m of the line
    # exactly on the line (published vertices, whole seconds): Viet Nam's side, never "no zone"
    assert set(res.zone_kind) <= {"eez", "territorial_sea"} and set(res.country) == {"VN"}


def test_points_table_summary(capsys: pytest.CaptureFixture[str]) -> None:
    """Counts by kind (printed for the closing note; run with -s)."""
    cases = TABLE + _vertex_cases() + DETENTIONS
    res = classify(np.array([c.lon for c in cases]), np.array([c.lat for c in cases]))
    kinds, counts = np.unique([str(k) for k in res.zone_kind], return_counts=True)
    with capsys.disabled():
        print(
            "\npoints table:",
            len(cases),
            "cases;",
            dict(zip(kinds.tolist(), counts.tolist(), strict=True)),
        )
    assert counts.sum() == len(cases)


# ---- the repair -------------------------------------------------------------------------------
def test_the_source_polygon_is_invalid_and_its_repair_changes_no_water() -> None:
    source = read_eez()
    fixed, record = repair_eez(source)
    assert not record.valid_before and "106.2 6.25" in record.reason_before
    assert fixed.is_valid and record.parts_after == 1
    assert record.rings_before == record.rings_after == 1218
    assert record.area_change < 1e-9
    assert shapely.get_num_coordinates(source) == 36454
    # the repaired ring runs through the crossing point, and both sides of it keep their owner
    near = classify(np.array([106.2, 106.2]), np.array([6.30, 6.20]))
    assert list(near.zone_kind) == ["overlap", "eez"] and list(near.country) == ["ID", "ID"]
    assert list(near.foreign) == [False, True]


def test_viet_nam_limit_keeps_full_resolution() -> None:
    """Every vertex of Marine Regions' lines with the neighbours and of the 200-nm line is a
    vertex of the zone set's boundary of Viet Nam's side: no simplification moved them."""
    zs = load_zones()
    frame = zs.zones
    vn_side = frame[
        (frame["country"] == "VN") & ~frame["source"].str.startswith("Equidistance")
        | (frame["kind"] == "overlap")
    ]
    ours = shapely.get_coordinates(shapely.boundary(shapely.union_all(vn_side.geometry.values)))
    ours_set = {(round(x, 7), round(y, 7)) for x, y in ours}
    lines = boundary_lines()
    for line_id in (1294, 1352, 3484, 3557, 4052, 3434):
        xy = shapely.get_coordinates(lines.loc[lines["line_id"] == line_id].geometry.iloc[0])
        xy = xy[2:-2] if len(xy) > 6 else xy  # ends meet land or another line
        covered = shapely.union_all(
            [
                historic_waters(),
                *frame[frame["kind"].isin(["archipelago", "overlap"])].geometry.values,
            ]
        )  # zones across the line
        inside = shapely.contains_xy(covered.buffer(-1e-6), xy[:, 0], xy[:, 1])
        coastal = shapely.dwithin(zs.land, shapely.points(xy), 0.03)
        xy = xy[~inside & ~coastal]  # the 1982 historic waters straddle the median line 3557
        found = np.array([(round(x, 7), round(y, 7)) in ours_set for x, y in xy])
        assert found.mean() > 0.97, (line_id, found.mean(), len(xy))


# ---- both sides of every line, densely -----------------------------------------------------------
# 3435 (9.5 km, the Ka Long estuary at the land border) is below Natural Earth's resolution
_NEIGHBOUR = {
    1294: "CN",
    3803: "CN",
    3900: "CN",
    1330: "ID",
    1352: "TH",
    3825: "TH",
    3831: "KH",
    3557: "KH",
    3484: "MY",
}


def _samples(geom: shapely.Geometry, n: int) -> tuple[np.ndarray, np.ndarray]:
    """``n`` points along the line plus every vertex, and the unit left normals there."""
    line = shapely.line_merge(geom)
    parts = list(shapely.get_parts(line))
    pts, normals = [], []
    for part in parts:
        length = part.length
        xy_v = shapely.get_coordinates(part)
        dists = np.unique(
            np.concatenate(
                [
                    np.linspace(0.02, 0.98, max(2, int(n * length / sum(p.length for p in parts))))
                    * length,
                    [part.project(shapely.Point(v)) for v in xy_v[1:-1]],
                ]
            )
        )
        for d in dists:
            a = np.asarray(part.interpolate(max(d - 1e-4, 0)).coords[0])
            b = np.asarray(part.interpolate(min(d + 1e-4, length)).coords[0])
            t = (b - a) * np.array([np.cos(np.radians(a[1])), 1.0])
            t /= np.linalg.norm(t)
            pts.append(np.asarray(part.interpolate(d).coords[0]))
            normals.append([-t[1], t[0]])
    return np.array(pts), np.array(normals)


def _offset(pts: np.ndarray, normals: np.ndarray, nm: float) -> np.ndarray:
    return np.column_stack(
        [
            pts[:, 0] + normals[:, 0] * nm / (60 * np.cos(np.radians(pts[:, 1]))),
            pts[:, 1] + normals[:, 1] * nm / 60,
        ]
    )


@pytest.mark.parametrize("line_id", sorted(_NEIGHBOUR))
def test_both_sides_of_every_boundary_line(line_id: int) -> None:
    lines = boundary_lines()
    geom = lines.loc[lines["line_id"] == line_id].geometry.iloc[0]
    pts, normals = _samples(geom, 60)
    assert len(pts) >= 40 or line_id in (3825, 3831, 3900)  # three short connection lines
    # the ends meet land or another line (tripoints): 1 nm probes there see a third zone
    ends = shapely.get_coordinates(shapely.boundary(shapely.line_merge(geom)))
    far_from_ends = (
        np.min(
            np.hypot(pts[:, None, 0] - ends[None, :, 0], pts[:, None, 1] - ends[None, :, 1]), axis=1
        )
        > 2.5 / 60
    )
    if line_id not in (3825, 3831, 3900, 3435):
        pts, normals = pts[far_from_ends], normals[far_from_ends]
    if line_id == 1330:  # east of 109.572E the 2003 line lies beyond Viet Nam's 200-nm limit
        keep = pts[:, 0] < 109.55  # (line 4052 ends on it): shelf only, Indonesia's EEZ
        pts, normals = pts[keep], normals[keep]
    other = _NEIGHBOUR[line_id]
    sides = []
    for sign in (1.0, -1.0):
        moved = _offset(pts, normals * sign, 1.0)
        sides.append(classify(moved[:, 0], moved[:, 1]))
    # which side is Viet Nam's: the one the Marine Regions polygon holds
    vn_poly = repair_eez(read_eez())[0]
    left_vn = shapely.contains_xy(vn_poly, *_offset(pts, normals, 1.0).T).mean() > 0.5
    vn, far = (sides[0], sides[1]) if left_vn else (sides[1], sides[0])
    ok_vn = vn.reason == None  # noqa: E711 (probes on land are skipped)
    ok_far = far.reason == None  # noqa: E711
    bad_vn = ok_vn & (vn.foreign | ~np.isin(vn.country.astype(str), ["VN", other]))
    bad_far = ok_far & (far.country.astype(str) != other)
    assert not bad_vn.any(), (line_id, "VN side", pts[bad_vn][:5], far.country[bad_vn][:5])
    assert not bad_far.any(), (line_id, other, pts[bad_far][:5], far.country[bad_far][:5])
    assert ok_vn.sum() >= min(20, len(pts) // 2) or line_id in (3825, 3831, 3900, 3435)


@pytest.mark.parametrize("line_id", [3434, 4052])
def test_beyond_viet_nam_limit_is_never_foreign_without_a_neighbour_line(line_id: int) -> None:
    """Across the unsettled line China claims around Hoàng Sa, and the 200-nm line, the sea is
    Viet Nam's archipelago, high seas or (beyond 200 nm of Viet Nam, 400 nm from Hải Nam)
    never a Chinese EEZ cut from Viet Nam's side."""
    lines = boundary_lines()
    pts, normals = _samples(lines.loc[lines["line_id"] == line_id].geometry.iloc[0], 80)
    vn_poly = repair_eez(read_eez())[0]
    for sign in (1.0, -1.0):
        moved = _offset(pts, normals * sign, 1.0)
        if shapely.contains_xy(vn_poly, moved[:, 0], moved[:, 1]).mean() > 0.5:
            continue
        res = classify(moved[:, 0], moved[:, 1])
        if line_id == 3434:  # its eastern part faces Hoàng Sa (the west part faces Hải Nam)
            east = moved[:, 0] > 110.0
            assert not res.foreign[east].any(), moved[east & res.foreign][:5]
        else:  # east of the 200-nm line only Indonesia (by the 2003 line's end) is foreign
            assert set(res.country[res.foreign].astype(str)) <= {"ID", "MY"}


def test_no_foreign_water_around_hoang_sa_south_of_the_hai_nam_median() -> None:
    zs = load_zones()
    hs = zs.zones[zs.zones["name"] == "quần đảo Hoàng Sa"].geometry.iloc[0]
    ring = shapely.get_coordinates(hs.buffer(0.25).exterior)
    south = ring[ring[:, 1] < 17.2]
    res = classify(south[:, 0], south[:, 1])
    assert not res.foreign.any(), south[res.foreign][:5]


# ---- distance accuracy against pyproj.Geod ----------------------------------------------------
def test_distance_within_10_m_of_geod_up_to_50_nm() -> None:
    """Random sea points up to 50 nm from the frontier: the classifier's distance against the
    geodesic distance (pyproj) to the frontier segments, densified every ~20 m."""
    zs = load_zones()
    index = zs.index
    seg_lon = np.degrees(index.seg_merc[:, [0, 2]] / 6378137.0)
    seg_lat = index.seg_lat
    rng = np.random.default_rng(11)
    lon, lat = rng.uniform(100, 121, 6000), rng.uniform(2, 22, 6000)
    res = classify(lon, lat, warning_nm=60.0)
    near = np.flatnonzero((res.distance_nm > 0.2) & (res.distance_nm < 50.0))[:60]
    assert near.size >= 40
    errors = []
    for i in near:
        got = float(res.distance_nm[i])
        reach = (got + 1.0) / 60.0
        box = (
            (np.minimum(seg_lat[:, 0], seg_lat[:, 1]) < lat[i] + reach)
            & (np.maximum(seg_lat[:, 0], seg_lat[:, 1]) > lat[i] - reach)
            & (np.minimum(seg_lon[:, 0], seg_lon[:, 1]) < lon[i] + reach * 1.1)
            & (np.maximum(seg_lon[:, 0], seg_lon[:, 1]) > lon[i] - reach * 1.1)
        )
        segs = np.flatnonzero(box)
        assert segs.size, (lon[i], lat[i], got)
        t = np.linspace(0.0, 1.0, 400)  # segments are <= ~5.5 km: ~14 m steps
        xs = (seg_lon[segs, :1] + t * (seg_lon[segs, 1:] - seg_lon[segs, :1])).ravel()
        ys = (seg_lat[segs, :1] + t * (seg_lat[segs, 1:] - seg_lat[segs, :1])).ravel()
        _, _, d = _GEOD.inv(np.full(xs.size, lon[i]), np.full(xs.size, lat[i]), xs, ys)
        errors.append(abs(float(d.min()) - got * 1852.0))
    assert max(errors) < 10.0, sorted(errors)[-5:]
