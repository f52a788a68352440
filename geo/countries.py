"""Country codes and the Vietnamese names users read in alerts and reports.

Zones carry ISO 3166-1 alpha-2 codes; sources often carry alpha-3 (Natural Earth, Marine
Regions), so both are mapped here once. Hong Kong and Macau are folded into ``CN`` because their
waters are Chinese waters for a Vietnamese skipper. Taiwan keeps its own code and is named as
Vietnamese official usage names it, "Đài Loan (Trung Quốc)".
"""

from __future__ import annotations

__all__ = ["COUNTRY_NAMES_VI", "HOME_COUNTRY", "country_name_vi", "to_alpha2"]

HOME_COUNTRY = "VN"

COUNTRY_NAMES_VI: dict[str, str] = {
    "VN": "Việt Nam",
    "CN": "Trung Quốc",
    "ID": "Indonesia",
    "MY": "Malaysia",
    "TH": "Thái Lan",
    "PH": "Philippines",
    "KH": "Campuchia",
    "BN": "Brunei",
    "SG": "Singapore",
    "TW": "Đài Loan (Trung Quốc)",
    "JP": "Nhật Bản",
    "MM": "Myanmar",
    "LA": "Lào",
}

_ALPHA3: dict[str, str] = {
    "VNM": "VN", "CHN": "CN", "HKG": "CN", "MAC": "CN", "IDN": "ID", "MYS": "MY", "THA": "TH",
    "PHL": "PH", "KHM": "KH", "BRN": "BN", "SGP": "SG", "TWN": "TW", "JPN": "JP", "MMR": "MM",
    "LAO": "LA",
}  # fmt: skip


def to_alpha2(code: str | None) -> str | None:
    """Normalise an ISO alpha-2 or alpha-3 code (any case) to alpha-2; ``None`` if unknown.

    >>> to_alpha2("vnm"), to_alpha2("HKG"), to_alpha2("XX")
    ('VN', 'CN', None)
    """
    if not code:
        return None
    code = str(code).strip().upper()
    if code in COUNTRY_NAMES_VI:
        return code
    return _ALPHA3.get(code)


def country_name_vi(code: str | None) -> str | None:
    """The Vietnamese name of a country code, e.g. ``country_name_vi("CN") == "Trung Quốc"``.

    Unknown codes come back unchanged so alert text never loses information.
    """
    if code is None:
        return None
    alpha2 = to_alpha2(code)
    return COUNTRY_NAMES_VI.get(alpha2, code) if alpha2 else code
