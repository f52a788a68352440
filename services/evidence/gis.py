"""The evidence file's track for GIS users: GeoJSON (RFC 7946) and KML 2.2.

One line for the track, one point per fix (time, speed, course, source), and the detention
positions, so QGIS or Google Earth shows what the Word document describes. Times are UTC ISO
8601 (KML's ``TimeStamp`` lets Google Earth replay the track).
"""

from __future__ import annotations

import json
from typing import Any
from xml.sax.saxutils import escape

from services.evidence.assemble import EvidenceFile

__all__ = ["to_geojson", "to_kml"]

_ATTRIBUTION = (
    "Seawatch; ranh giới tham khảo: Marine Regions v12 (Flanders Marine Institute, CC BY 4.0)"
)


def _iso(value: Any) -> str:
    return str(value.isoformat().replace("+00:00", "Z"))


def to_geojson(ev: EvidenceFile) -> bytes:
    """UTF-8 GeoJSON FeatureCollection of the track, its fixes and the detention positions."""
    features: list[dict[str, Any]] = []
    if len(ev.track) > 1:
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "LineString",
                    "coordinates": [[f.lon, f.lat] for f in ev.track],
                },
                "properties": {
                    "kind": "track",
                    "vessel_id": ev.vessel_id,
                    "start": _iso(ev.track[0].ts),
                    "end": _iso(ev.track[-1].ts),
                },
            }
        )
    for f in ev.track:
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [f.lon, f.lat]},
                "properties": {
                    "kind": "fix",
                    "time": _iso(f.ts),
                    "speed_kn": f.speed_kn,
                    "course_deg": f.course_deg,
                    "source": f.source,
                    "risk": f.risk,
                },
            }
        )
    for pos in ev.positions:
        nearest = pos.boundaries[0] if pos.boundaries else None
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [pos.lon, pos.lat]},
                "properties": {
                    "kind": f"detention_{pos.how}",
                    "label": pos.how_vi,
                    "time": _iso(pos.at) if pos.at else None,
                    "nearest_line": nearest.line.name_vi if nearest else None,
                    "line_type": nearest.line.line_type if nearest else None,
                    "distance_nm": round(nearest.distance_nm, 2) if nearest else None,
                    "side": nearest.side if nearest else None,
                },
            }
        )
    doc = {
        "type": "FeatureCollection",
        "name": f"ho-so-hanh-trinh-{ev.vessel_id}",
        "case_id": ev.case.id,
        "detention_at": _iso(ev.detention_at),
        "attribution": _ATTRIBUTION,
        "features": features,
    }
    return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")


def to_kml(ev: EvidenceFile) -> bytes:
    """KML 2.2 document: the track as a line, fixes with time stamps, detention positions."""
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<kml xmlns="http://www.opengis.net/kml/2.2"><Document>',
        f"<name>{escape(f'Hồ sơ hành trình tàu {ev.vessel_id} – hồ sơ #{ev.case.id}')}</name>",
        f"<description>{escape(_ATTRIBUTION)}</description>",
        '<Style id="track"><LineStyle><color>ffad5c0b</color><width>3</width></LineStyle></Style>',
        '<Style id="seized"><IconStyle><color>ff2828c6</color><scale>1.3</scale></IconStyle>'
        "</Style>",
    ]
    if len(ev.track) > 1:
        coords = " ".join(f"{f.lon:.6f},{f.lat:.6f},0" for f in ev.track)
        parts.append(
            "<Placemark><name>Hành trình</name><styleUrl>#track</styleUrl>"
            f"<LineString><tessellate>1</tessellate><coordinates>{coords}</coordinates>"
            "</LineString></Placemark>"
        )
    parts.append("<Folder><name>Các điểm VMS/AIS</name>")
    for f in ev.track:
        desc = f"{f.source}; {f.speed_kn if f.speed_kn is not None else '–'} hải lý/giờ"
        parts.append(
            f"<Placemark><TimeStamp><when>{_iso(f.ts)}</when></TimeStamp>"
            f"<description>{escape(desc)}</description><Point><coordinates>"
            f"{f.lon:.6f},{f.lat:.6f},0</coordinates></Point></Placemark>"
        )
    parts.append("</Folder>")
    for pos in ev.positions:
        parts.append(
            f"<Placemark><name>{escape(pos.how_vi)}</name><styleUrl>#seized</styleUrl>"
            f"<Point><coordinates>{pos.lon:.6f},{pos.lat:.6f},0</coordinates></Point>"
            "</Placemark>"
        )
    parts.append("</Document></kml>")
    return "\n".join(parts).encode("utf-8")
