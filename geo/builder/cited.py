"""Hand-transcribed positions (``geo/data/sources/cited_positions.json``), parsed to degrees.

Every position there keeps the notation of its source (degrees, minutes and seconds), so a
reader can check the transcription against the text; this module only turns it into numbers.

>>> parse_dms("08°46'54.7754\\"N"), parse_dms("102°12'11.6542\\"E")
(8.781882055555556, 102.20323727777777)
>>> parse_dms("06°05.8'N")
6.096666666666667
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = [
    "CITED_PATH",
    "CitedPoint",
    "archipelago_features",
    "cited",
    "historic_waters_ring",
    "islands",
    "jda_ring",
    "parse_dms",
    "point",
]

CITED_PATH = Path(__file__).resolve().parent.parent / "data" / "sources" / "cited_positions.json"
_DMS = re.compile(r"^\s*(\d+)°\s*(?:(\d+(?:\.\d+)?)')?\s*(?:(\d+(?:\.\d+)?)\")?\s*([NSEW])\s*$")


def parse_dms(text: str) -> float:
    """Degrees from ``DD°MM.m'H`` or ``DD°MM'SS.s"H`` (H one of N, S, E, W)."""
    m = _DMS.match(text)
    if not m:
        raise ValueError(f"not a degrees-minutes position: {text!r}")
    deg, minutes, seconds, hemi = m.groups()
    value = float(deg) + float(minutes or 0) / 60 + float(seconds or 0) / 3600
    return -value if hemi in "SW" else value


@dataclass(frozen=True)
class CitedPoint:
    name: str
    lat: float
    lon: float
    source: str


@lru_cache(maxsize=1)
def cited() -> dict[str, Any]:
    """The whole JSON document (cached)."""
    data: dict[str, Any] = json.loads(CITED_PATH.read_text(encoding="utf-8"))
    return data


def _points(rows: list[dict[str, str]], default_source: str = "") -> list[CitedPoint]:
    return [
        CitedPoint(
            r.get("name") or r.get("where", ""),
            parse_dms(r["lat"]),
            parse_dms(r["lon"]),
            r.get("source", default_source),
        )
        for r in rows
    ]


def islands() -> list[CitedPoint]:
    """Vietnamese islands with a cited position (each gets a 12 nm territorial sea)."""
    return _points(cited()["islands"])


def archipelago_features(key: str) -> list[CitedPoint]:
    """Cited features of ``hoang_sa`` or ``truong_sa``."""
    return _points(cited()["archipelagos"][key]["features"])


def point(key: str) -> CitedPoint:
    """A named boundary point (``thailand_vietnam_1997_C``...)."""
    row = cited()["points"][key]
    return CitedPoint(key, parse_dms(row["lat"]), parse_dms(row["lon"]), row["source"])


def historic_waters_ring() -> list[CitedPoint]:
    """The 1982 Viet Nam–Cambodia historic-waters limit, in the order of Article 1."""
    doc = cited()["historic_waters_1982"]
    return _points(doc["ring"], doc["source"])


def jda_ring() -> list[CitedPoint]:
    """The 1979 Malaysia–Thailand Joint Development Area, points A to G of Article I."""
    doc = cited()["malaysia_thailand_jda_1979"]
    return _points(doc["ring"], doc["source"])
