"""The evidence file's map: the boat's track over the project's own land, zones and lines.

Drawn with matplotlib (Agg, no display, no tile server) from :mod:`geo`'s zone set and land
mask and Marine Regions' boundary lines, in a plate carrée view whose aspect is corrected for
the latitude (so a mile north looks as long as a mile east at the map's centre). Labels are
Vietnamese; the sources are printed on the image itself, so a copy of the map carries them.
"""

from __future__ import annotations

import io
import math

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import shapely
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry

from geo import load_zones
from services.evidence.assemble import EvidenceFile
from services.evidence.boundary import boundary_lines

__all__ = ["render_map"]

_LINE_STYLE = {
    "Treaty": {"color": "#b71c1c", "linestyle": "-", "linewidth": 1.8},
    "Median line": {"color": "#6a1b9a", "linestyle": "--", "linewidth": 1.2},
    "Connection line": {"color": "#6a1b9a", "linestyle": ":", "linewidth": 1.2},
    "Unsettled median line (land)": {"color": "#455a64", "linestyle": "-.", "linewidth": 1.2},
    "Unsettled (land)": {"color": "#1b5e20", "linestyle": "-.", "linewidth": 1.4},
}
_ZONE_FILL = {"territorial_sea": 0.28, "eez": 0.12}


def _polys(geom: BaseGeometry) -> list[BaseGeometry]:
    return [g for g in shapely.get_parts(geom) if g.geom_type == "Polygon" and not g.is_empty]


def _fill(ax: Axes, geom: BaseGeometry, **style: object) -> None:
    for poly in _polys(geom):
        x, y = poly.exterior.xy
        ax.fill(x, y, **style)  # type: ignore[arg-type]


def _extent(ev: EvidenceFile) -> tuple[float, float, float, float]:
    lons = [f.lon for f in ev.track] + [p.lon for p in ev.positions]
    lats = [f.lat for f in ev.track] + [p.lat for p in ev.positions]
    if not lons and ev.case.lon is not None and ev.case.lat is not None:
        lons, lats = [ev.case.lon], [ev.case.lat]
    if not lons:
        return 102.0, 6.0, 114.0, 22.0
    cx, cy = (min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2
    half = max(max(lons) - min(lons), max(lats) - min(lats)) / 2 * 1.35 + 0.6
    return cx - half, cy - half, cx + half, cy + half


def render_map(ev: EvidenceFile, *, width_in: float = 6.3, dpi: int = 170) -> bytes:
    """PNG bytes of the map of ``ev``."""
    minx, miny, maxx, maxy = _extent(ev)
    frame = box(minx, miny, maxx, maxy)
    zones = load_zones()
    fig, ax = plt.subplots(figsize=(width_in, width_in), dpi=dpi)
    ax.set_facecolor("#dcebf7")
    for _, row in zones.zones.iterrows():
        geom = row.geometry.intersection(frame)
        if geom.is_empty:
            continue
        kind, country = row["kind"], row["country"]
        if kind == "overlap":
            _fill(
                ax,
                geom,
                facecolor="#ef6c00",
                alpha=0.16,
                edgecolor="#ef6c00",
                hatch="..",
                linewidth=0.6,
            )
        elif kind in ("disputed", "archipelago"):
            _fill(
                ax,
                geom,
                facecolor="#7b1fa2",
                alpha=0.14,
                edgecolor="#7b1fa2",
                hatch="//",
                linewidth=0.6,
            )
        elif country == "VN":
            _fill(ax, geom, facecolor="#2e7d32", alpha=_ZONE_FILL.get(kind, 0.1), linewidth=0)
        else:
            _fill(ax, geom, facecolor="#c62828", alpha=_ZONE_FILL.get(kind, 0.1), linewidth=0)
    _fill(
        ax, zones.land.intersection(frame), facecolor="#efe9dc", edgecolor="#8d8270", linewidth=0.6
    )
    seen_types: dict[str, str] = {}
    for line in boundary_lines():
        geom = line.geometry.intersection(frame)
        if geom.is_empty:
            continue
        style = _LINE_STYLE.get(line.line_type, {"color": "#37474f", "linestyle": "-"})
        for part in shapely.get_parts(geom):
            if part.geom_type == "LineString":
                x, y = part.xy
                ax.plot(x, y, **style)  # type: ignore[arg-type]
        seen_types[line.line_type] = line.line_type_vi
    if ev.track:
        ax.plot(
            [f.lon for f in ev.track],
            [f.lat for f in ev.track],
            color="#0b5cad",
            linewidth=1.4,
            marker="o",
            markersize=2.2,
            zorder=5,
        )
        ax.plot(
            ev.track[0].lon, ev.track[0].lat, marker="s", color="#0b5cad", markersize=6, zorder=6
        )
    for pos in ev.positions:
        if pos.how == "reported":
            ax.plot(
                pos.lon,
                pos.lat,
                marker="X",
                color="#c62828",
                markersize=11,
                markeredgecolor="white",
                zorder=8,
            )
        else:
            ax.plot(
                pos.lon,
                pos.lat,
                marker="o",
                color="#ef6c00",
                markersize=8,
                markeredgecolor="white",
                zorder=7,
            )
    ax.set_xlim(minx, maxx)
    ax.set_ylim(miny, maxy)
    ax.set_aspect(1 / math.cos(math.radians((miny + maxy) / 2)))
    ax.set_xlabel("Kinh độ (°Đ)")
    ax.set_ylabel("Vĩ độ (°B)")
    ax.grid(True, color="#90a4ae", linewidth=0.3, alpha=0.6)
    ax.set_title(
        f"Hành trình {ev.hours:g} giờ trước thời điểm bắt giữ – tàu {ev.vessel_id}", fontsize=10
    )
    handles = [
        Line2D([], [], color="#0b5cad", marker="o", markersize=3, label="Hành trình VMS/AIS"),
        Line2D([], [], color="#0b5cad", marker="s", linestyle="", label="Điểm đầu (72 giờ trước)"),
        Line2D(
            [],
            [],
            color="#c62828",
            marker="X",
            linestyle="",
            markersize=8,
            label="Vị trí bị bắt giữ (theo thông báo)",
        ),
        Line2D(
            [],
            [],
            color="#ef6c00",
            marker="o",
            linestyle="",
            label="Vị trí tàu lúc bắt giữ (theo VMS/AIS)",
        ),
        Patch(facecolor="#2e7d32", alpha=0.3, label="Vùng biển Việt Nam"),
        Patch(facecolor="#c62828", alpha=0.2, label="Vùng biển nước ngoài (tham khảo)"),
        Patch(
            facecolor="#ef6c00",
            alpha=0.25,
            hatch="..",
            label="Vùng chồng lấn, nước láng giềng tuần tra (tham khảo)",
        ),
    ]
    for line_type, label in seen_types.items():
        style = _LINE_STYLE.get(line_type, {"color": "#37474f", "linestyle": "-"})
        handles.append(Line2D([], [], label=label[:1].upper() + label[1:], **style))  # type: ignore[arg-type]
    ax.legend(handles=handles, loc="best", fontsize=6.2, framealpha=0.92)
    fig.text(
        0.01,
        0.005,
        "Ranh giới tham khảo: Marine Regions v12 (VLIZ, CC BY 4.0); đất liền: "
        "Natural Earth. Hoàng Sa, Trường Sa là của Việt Nam.",
        fontsize=5.6,
        color="#37474f",
    )
    fig.tight_layout(rect=(0, 0.02, 1, 1))
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=dpi)
    plt.close(fig)
    return out.getvalue()
