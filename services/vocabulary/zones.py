"""Zone kinds and the one Vietnamese term for each, used by alerts, the report and the page.

The report used to say "vùng biển chồng lấn" where the page said "vùng tranh chấp" for the same
zone kind; now both take the term from here (the page's ``labels.js`` is checked against it).
``high_seas`` is what the classifier calls water in no zone of the set.
"""

from __future__ import annotations

__all__ = ["LINE_TYPE_CODES", "ZONE_KIND_VI", "ZONE_NAMES_VI", "zone_kind_vi"]

ZONE_KIND_VI: dict[str, str] = {
    "territorial_sea": "lãnh hải",
    "eez": "vùng đặc quyền kinh tế",
    "archipelago": "quần đảo",  # Hoàng Sa, Trường Sa: Vietnamese archipelagos (geo/builder)
    "overlap": "vùng chồng lấn",  # where a neighbour patrols and arrests (geo/builder/overlaps)
    "disputed": "vùng biển chồng lấn",
    "joint": "vùng đánh cá chung",
    "high_seas": "vùng biển quốc tế",
}

#: Names of the zones the default set builds (geo/builder), as alerts, the page and the report
#: write them: Vietnamese only. The archipelagos are Viet Nam's; an overlap area is named by the
#: two countries whose claims meet there.
ZONE_NAMES_VI: dict[str, str] = {
    "hoang_sa": "quần đảo Hoàng Sa",
    "truong_sa": "quần đảo Trường Sa",
    "scarborough": "bãi cạn Scarborough",
    "overlap_id": "vùng chồng lấn Việt Nam – Indonesia",
    "overlap_my": "vùng chồng lấn Việt Nam – Malaysia",
    "overlap_my_th": "vùng chồng lấn Việt Nam – Malaysia – Thái Lan",
    # in neighbours' waters (both claimants foreign): the name rides on their EEZ zones
    "jda_my_th": "vùng phát triển chung Malaysia – Thái Lan",
    "overlap_kh_th": "vùng chồng lấn Campuchia – Thái Lan",
    "historic_kh": "vùng nước lịch sử Việt Nam – Campuchia",
}

#: Boundary-line types (Marine Regions' line_type and the builder's own), as the map shows them.
LINE_TYPE_CODES: dict[str, str] = {
    "Treaty": "treaty",
    "Connection line": "connection",
    "Median line": "median",
    "Unsettled median line (land)": "unsettled",
    "Unsettled (land)": "200nm",
    "Straight baseline": "straight_baseline",
    "Transcribed": "transcribed",
    "Constructed": "constructed",
}


def zone_kind_vi(kind: str | None) -> str:
    """The term for a zone kind, lower case as in running text; unknown kinds get a neutral one.

    >>> zone_kind_vi("disputed"), zone_kind_vi("something_new")
    ('vùng biển chồng lấn', 'vùng biển khác')
    """
    return ZONE_KIND_VI.get(kind or "", "vùng biển khác")
