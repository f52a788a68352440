"""Whose vessel an MMSI says it is: the flag from its Maritime Identification Digits (MID).

An MMSI of a ship station is ``MIDxxxxxx``; the MID names the administration that assigned it
(ITU, "Table of Maritime Identification Digits",
https://www.itu.int/en/ITU-R/terrestrial/fmd/Pages/mid.aspx). Vietnam's MID is 574. The table
below holds the region's administrations and the flags most often seen off Vietnam; an MID not
in it gives ``None`` (unknown flag, still foreign).
"""

from __future__ import annotations

__all__ = ["HOME_MID", "MID_COUNTRY", "flag_of_mmsi", "mid_of"]

HOME_MID = 574

MID_COUNTRY: dict[int, str] = {
    574: "VN", 412: "CN", 413: "CN", 414: "CN", 416: "TW", 477: "HK", 453: "MO",
    431: "JP", 432: "JP", 440: "KR", 441: "KR", 445: "KP", 514: "KH", 515: "KH",
    525: "ID", 533: "MY", 548: "PH", 563: "SG", 564: "SG", 565: "SG", 566: "SG",
    567: "TH", 506: "MM", 508: "BN", 531: "LA", 503: "AU", 512: "NZ", 419: "IN",
    219: "DK", 220: "DK", 351: "PA", 352: "PA", 353: "PA", 354: "PA", 355: "PA",
    356: "PA", 357: "PA", 370: "PA", 371: "PA", 372: "PA", 373: "PA", 636: "LR",
    637: "LR", 538: "MH", 215: "MT", 229: "MT", 248: "MT", 249: "MT", 256: "MT",
    209: "CY", 210: "CY", 212: "CY", 240: "GR", 241: "GR", 308: "BS", 309: "BS", 311: "BS",
    232: "GB", 233: "GB", 234: "GB", 235: "GB", 338: "US", 366: "US", 367: "US", 368: "US",
    369: "US", 211: "DE", 218: "DE", 244: "NL", 245: "NL", 246: "NL", 226: "FR", 227: "FR",
    228: "FR", 257: "NO", 258: "NO", 259: "NO", 273: "RU", 470: "AE", 471: "AE",
}  # fmt: skip


def mid_of(mmsi: int) -> int | None:
    """The MID of a ship station's nine-digit MMSI (``None`` for other stations)."""
    if not 100_000_000 <= mmsi <= 999_999_999:
        return None
    mid = mmsi // 1_000_000
    return mid if 200 <= mid <= 799 else None


def flag_of_mmsi(mmsi: int) -> str | None:
    """ISO 3166-1 alpha-2 flag of an MMSI, or ``None`` when the MID is unknown.

    >>> flag_of_mmsi(574123456), flag_of_mmsi(412000001), flag_of_mmsi(219000001)
    ('VN', 'CN', 'DK')
    """
    mid = mid_of(mmsi)
    return MID_COUNTRY.get(mid) if mid is not None else None
