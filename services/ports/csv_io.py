"""Read and write the port registry CSV (``name, province, lat, lon, class, source``).

The shipped list (``services/ports/data/vn_fishing_ports.csv``) and a province's own file use
the same columns; ``kind`` (``port`` / ``anchorage``), ``radius_nm``, ``position_source`` and
``precision_m`` are optional. A bad row is reported with its line number and reason; the good
rows are still read.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from services.ports.model import DEFAULT_RADIUS_NM, PORT_KINDS, Port

__all__ = ["PORT_COLUMNS", "PortParse", "PortRowError", "default_ports", "parse_ports_csv",
           "ports_csv"]  # fmt: skip

PORT_COLUMNS = ("name", "province", "lat", "lon", "class", "kind", "radius_nm", "source",
                "position_source", "precision_m")  # fmt: skip
_REQUIRED = ("name", "province", "lat", "lon", "class", "source")
_ALIASES = {
    "ten": "name", "ten_cang": "name", "tinh": "province", "vi_do": "lat", "latitude": "lat",
    "kinh_do": "lon", "longitude": "lon", "lng": "lon", "loai": "class", "port_class": "class",
    "nguon": "source", "ban_kinh_hai_ly": "radius_nm", "nguon_vi_tri": "position_source",
    "do_chinh_xac_m": "precision_m",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class PortRowError:
    line_no: int
    reason: str


@dataclass(slots=True)
class PortParse:
    ports: list[Port] = field(default_factory=list)
    errors: list[PortRowError] = field(default_factory=list)


def _column(name: str) -> str:
    key = "_".join(name.strip().lower().split())
    return _ALIASES.get(key, key)


def _number(text: str, what: str, low: float, high: float) -> float:
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        raise ValueError(f"{what} không phải số: {text!r}") from None
    if not math.isfinite(value) or not low <= value <= high:
        raise ValueError(f"{what} ngoài khoảng [{low}, {high}]: {text!r}")
    return value


def _row(cells: dict[str, str]) -> Port:
    name, province = cells.get("name", "").strip(), cells.get("province", "").strip()
    if not name or not province:
        raise ValueError("thiếu tên cảng hoặc tỉnh")
    source = cells.get("source", "").strip()
    if not source:
        raise ValueError("thiếu nguồn (source): mỗi cảng phải ghi nguồn")
    kind = (cells.get("kind") or "port").strip().lower() or "port"
    if kind not in PORT_KINDS:
        raise ValueError(f"loại không rõ: {kind!r} (port hoặc anchorage)")
    radius_text = (cells.get("radius_nm") or "").strip()
    radius = _number(radius_text, "bán kính", 0.1, 20.0) if radius_text else DEFAULT_RADIUS_NM
    precision_text = (cells.get("precision_m") or "").strip()
    precision = (
        _number(precision_text, "độ chính xác (m)", 0.0, 50_000.0) if precision_text else None
    )
    return Port(
        name=name, province=province,
        lat=_number(cells.get("lat", ""), "vĩ độ", -90.0, 90.0),
        lon=_number(cells.get("lon", ""), "kinh độ", -180.0, 180.0),
        port_class=cells.get("class", "").strip(), kind=kind, radius_nm=radius, source=source,
        position_source=(cells.get("position_source") or "").strip(), precision_m=precision,
    )  # fmt: skip


def parse_ports_csv(lines: Iterable[str]) -> PortParse:
    """Parse a port CSV; a missing required column is one error on line 1 and no ports."""
    out = PortParse()
    reader = csv.reader(lines)
    header = next(reader, None)
    if header is None:
        out.errors.append(PortRowError(1, "tệp rỗng"))
        return out
    columns = [_column(h.lstrip("\ufeff")) for h in header]
    missing = [c for c in _REQUIRED if c not in columns]
    if missing:
        out.errors.append(PortRowError(1, f"thiếu cột: {', '.join(missing)}"))
        return out
    seen: dict[tuple[str, str], int] = {}
    for line_no, values in enumerate(reader, start=2):
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(columns):
            out.errors.append(PortRowError(line_no, f"cần {len(columns)} cột, có {len(values)}"))
            continue
        try:
            port = _row(dict(zip(columns, values, strict=True)))
        except ValueError as exc:
            out.errors.append(PortRowError(line_no, str(exc)))
            continue
        if port.key in seen:
            out.errors.append(PortRowError(line_no, f"trùng cảng {port.name} ({port.province}) "
                                                    f"với dòng {seen[port.key]}"))  # fmt: skip
            continue
        seen[port.key] = line_no
        out.ports.append(port)
    return out


def ports_csv(ports: Iterable[Port]) -> str:
    """The CSV text of ``ports`` (what ``seawatch ports export`` prints)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(PORT_COLUMNS)
    for p in ports:
        writer.writerow([p.name, p.province, f"{p.lat:.5f}", f"{p.lon:.5f}", p.port_class,
                         p.kind, f"{p.radius_nm:g}", p.source, p.position_source,
                         "" if p.precision_m is None else f"{p.precision_m:g}"])  # fmt: skip
    return buf.getvalue()


@lru_cache(maxsize=1)
def default_ports() -> tuple[Port, ...]:
    """The shipped list of Vietnam's fishing ports and anchorages (package data)."""
    text = (
        resources.files("services.ports")
        .joinpath("data/vn_fishing_ports.csv")
        .read_text(encoding="utf-8")
    )
    parsed = parse_ports_csv(text.splitlines())
    if parsed.errors:  # shipped data is tested; a broken copy must not pass silently
        raise RuntimeError(f"shipped port list is invalid: {parsed.errors[:3]}")
    return tuple(parsed.ports)
