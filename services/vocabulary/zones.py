"""Zone kinds and the one Vietnamese term for each, used by alerts, the report and the page.

The report used to say "vùng biển chồng lấn" where the page said "vùng tranh chấp" for the same
zone kind; now both take the term from here (the page's ``labels.js`` is checked against it).
``high_seas`` is what the classifier calls water in no zone of the set.
"""

from __future__ import annotations

__all__ = ["ZONE_KIND_VI", "zone_kind_vi"]

ZONE_KIND_VI: dict[str, str] = {
    "territorial_sea": "lãnh hải",
    "eez": "vùng đặc quyền kinh tế",
    "disputed": "vùng biển chồng lấn",
    "joint": "vùng đánh cá chung",
    "high_seas": "vùng biển quốc tế",
}


def zone_kind_vi(kind: str | None) -> str:
    """The term for a zone kind, lower case as in running text; unknown kinds get a neutral one.

    >>> zone_kind_vi("disputed"), zone_kind_vi("something_new")
    ('vùng biển chồng lấn', 'vùng biển khác')
    """
    return ZONE_KIND_VI.get(kind or "", "vùng biển khác")
