"""Country codes and the one table of Vietnamese country names users read.

Zones carry ISO 3166-1 alpha-2 codes; sources and incident reports often carry alpha-3
(Natural Earth, Marine Regions, border posts), so both are mapped here once. Hong Kong and Macau
fold into ``CN`` because their waters are Chinese waters for a Vietnamese skipper.

Names follow current Vietnamese official usage (the Ministry of Foreign Affairs' and the
state news agency's). Three tables used to disagree; where they did:

* Brunei is "Brunei" (not the older transcription "Brunây"): MOFA and TTXVN write
  "Brunei Darussalam" / "Việt Nam - Brunei", e.g. https://dantri.com.vn/thoi-su/
  quoc-vuong-brunei-sap-tham-viet-nam-20251127183020205.htm (2025, the BNG's release).
* Australia is "Australia" (not "Úc" or the older "Ô-xtrây-li-a"): TTXVN/VNA and the
  government write "Việt Nam - Australia", e.g. https://nvsk.vnanet.vn/print/
  50-nam-quan-he-viet-nam-australia-26-2-1973-26-2-2023-khong-ngung-vun-dap-quan-he-doi-tac-
  chien-luoc-giua-hai-nuoc-31952.vna (TTXVN, 2023).
* Taiwan is "Đài Loan (Trung Quốc)", as Vietnamese official documents name it.
"""

from __future__ import annotations

__all__ = [
    "ALPHA3_TO_ALPHA2",
    "COUNTRY_NAMES_VI",
    "HOME_COUNTRY",
    "country_name_vi",
    "normalize_country",
    "to_alpha2",
]

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
    "KR": "Hàn Quốc",
    "MM": "Myanmar",
    "LA": "Lào",
    "AU": "Australia",
    "PG": "Papua New Guinea",
    "PW": "Palau",
}

ALPHA3_TO_ALPHA2: dict[str, str] = {
    "VNM": "VN", "CHN": "CN", "HKG": "CN", "MAC": "CN", "IDN": "ID", "MYS": "MY", "THA": "TH",
    "PHL": "PH", "KHM": "KH", "BRN": "BN", "SGP": "SG", "TWN": "TW", "JPN": "JP", "KOR": "KR",
    "MMR": "MM", "LAO": "LA", "AUS": "AU", "PNG": "PG", "PLW": "PW",
}  # fmt: skip


def normalize_country(code: str) -> str:
    """Upper-case ISO code, alpha-3 folded to alpha-2 where known, so "CHN" and "CN" group.

    >>> normalize_country(" chn "), normalize_country("XX")
    ('CN', 'XX')
    """
    code = code.strip().upper()
    return ALPHA3_TO_ALPHA2.get(code, code)


def to_alpha2(code: str | None) -> str | None:
    """Normalise an ISO alpha-2 or alpha-3 code (any case) to a known alpha-2; else ``None``.

    >>> to_alpha2("vnm"), to_alpha2("HKG"), to_alpha2("XX")
    ('VN', 'CN', None)
    """
    if not code:
        return None
    alpha2 = normalize_country(str(code))
    return alpha2 if alpha2 in COUNTRY_NAMES_VI else None


def country_name_vi(code: str | None) -> str | None:
    """The Vietnamese name of a country code, e.g. ``country_name_vi("CN") == "Trung Quốc"``.

    Unknown codes come back unchanged so alert text never loses information.
    """
    if code is None:
        return None
    alpha2 = to_alpha2(code)
    return COUNTRY_NAMES_VI.get(alpha2, code) if alpha2 else code
