"""What past detentions teach the tracker: places where boats are seized, and a warning when a
boat comes near one ("khu vực thường xảy ra bắt giữ").

A boat at sea is warned before it crosses a line; but boats are also seized where no line says
so (north of Natuna, inside the overlap Indonesia patrols), and the best guide to where the next
seizure happens is where the last ones did. Every detention with a position — from the desk's
cases and from incident reports — within the configured period (default 5 years) is a past
seizure; seizures within the radius of each other form one area (greedy, oldest first); a fix
within the radius (default 10 nm) of a past seizure earns its vessel one HOTSPOT alert per area
and Vietnam day, naming the seizures there. Pure and vectorised: the index is arrays, the
distances one haversine over fixes × seizures.

>>> from datetime import date
>>> idx = HotspotIndex([PastSeizure(6.4167, 109.65, date(2024, 7, 24), "ID", "BTh-97292-TS",
...                                 "VOV 24/7")], today=date(2026, 1, 1))
>>> [round(h.distance_nm, 1) for h in idx.near([109.70], [6.45], 10.0)[0]]
[3.6]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np
import numpy.typing as npt

from services.alerts.model import Alert
from services.vocabulary import (
    VN_TZ,
    AlertKind,
    alert_id_for,
    audience_for,
    country_name_vi,
    vn_date,
)

__all__ = [
    "EARTH_RADIUS_NM",
    "HotspotArea",
    "HotspotHit",
    "HotspotIndex",
    "PastSeizure",
    "hotspot_alerts",
    "hotspot_message",
]

EARTH_RADIUS_NM = 3440.065
MAX_NAMED = 3  # seizures a warning names (the nearest first)


@dataclass(frozen=True)
class PastSeizure:
    """One detention with a position: from a case (``ref`` "hồ sơ #12") or an incident report."""

    lat: float
    lon: float
    on: date
    country: str
    vessel_id: str | None
    ref: str


@dataclass(frozen=True)
class HotspotHit:
    seizure: PastSeizure
    distance_nm: float
    area: int


@dataclass(frozen=True)
class HotspotArea:
    """Seizures close together: centre, how many, the period they span."""

    id: int
    lat: float
    lon: float
    seizures: tuple[PastSeizure, ...]

    @property
    def count(self) -> int:
        return len(self.seizures)


def _haversine_nm(
    lon1: npt.NDArray[np.float64], lat1: npt.NDArray[np.float64],
    lon2: npt.NDArray[np.float64], lat2: npt.NDArray[np.float64],
) -> npt.NDArray[np.float64]:  # fmt: skip
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(lon2 - lon1)
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return np.asarray(2 * EARTH_RADIUS_NM * np.arcsin(np.minimum(1.0, np.sqrt(a))))


class HotspotIndex:
    """The seizures of the period, as arrays, grouped into areas of ``area_radius_nm``."""

    def __init__(
        self, seizures: Iterable[PastSeizure], *, today: date, years: float = 5.0,
        area_radius_nm: float = 10.0,
    ) -> None:  # fmt: skip
        since = today - timedelta(days=round(years * 365.25))
        kept = sorted((s for s in seizures if since <= s.on <= today), key=lambda s: s.on)
        self.seizures: tuple[PastSeizure, ...] = tuple(kept)
        self.lat = np.array([s.lat for s in kept], dtype=np.float64)
        self.lon = np.array([s.lon for s in kept], dtype=np.float64)
        self.area_of = np.zeros(len(kept), dtype=np.int64)
        self.areas: tuple[HotspotArea, ...] = self._group(area_radius_nm)

    def _group(self, radius_nm: float) -> tuple[HotspotArea, ...]:
        centres: list[tuple[float, float]] = []
        members: list[list[int]] = []
        for i in range(len(self.seizures)):
            if centres:
                c = np.array(centres)
                d = _haversine_nm(
                    c[:, 1], c[:, 0], np.full(len(c), self.lon[i]), np.full(len(c), self.lat[i])
                )
                j = int(np.argmin(d))
                if d[j] <= radius_nm:
                    members[j].append(i)
                    centres[j] = (
                        float(self.lat[members[j]].mean()),
                        float(self.lon[members[j]].mean()),
                    )
                    self.area_of[i] = j
                    continue
            centres.append((float(self.lat[i]), float(self.lon[i])))
            members.append([i])
            self.area_of[i] = len(centres) - 1
        return tuple(
            HotspotArea(k, lat, lon, tuple(self.seizures[i] for i in idx))
            for k, ((lat, lon), idx) in enumerate(zip(centres, members, strict=True))
        )

    def __len__(self) -> int:
        return len(self.seizures)

    def near(
        self, lon: Sequence[float] | npt.NDArray[np.float64],
        lat: Sequence[float] | npt.NDArray[np.float64], radius_nm: float,
    ) -> list[list[HotspotHit]]:  # fmt: skip
        """For each position, the past seizures within ``radius_nm``, nearest first."""
        lon_a = np.asarray(lon, dtype=np.float64)
        lat_a = np.asarray(lat, dtype=np.float64)
        out: list[list[HotspotHit]] = [[] for _ in range(len(lon_a))]
        if not len(self.seizures) or not len(lon_a):
            return out
        for start in range(0, len(lon_a), 4096):  # bounded memory: 4096 × seizures
            d = _haversine_nm(
                lon_a[start : start + 4096, None],
                lat_a[start : start + 4096, None],
                self.lon[None, :],
                self.lat[None, :],
            )
            rows, cols = np.nonzero(d <= radius_nm)
            for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
                out[start + r].append(
                    HotspotHit(self.seizures[c], float(d[r, c]), int(self.area_of[c]))
                )
        for hits in out:
            hits.sort(key=lambda h: h.distance_nm)
        return out


def _nm(x: float) -> str:
    return f"{x:.1f}".replace(".", ",")


def hotspot_message(vessel_id: str, hits: Sequence[HotspotHit], radius_nm: float) -> str:
    """The warning's Vietnamese text, naming the nearest past seizures."""
    named = []
    for h in hits[:MAX_NAMED]:
        s = h.seizure
        who = f"tàu {s.vessel_id}" if s.vessel_id else "một tàu cá"
        country = country_name_vi(s.country) or s.country
        named.append(
            f"{who} bị {country} bắt giữ ngày {s.on:%d/%m/%Y}, cách {_nm(h.distance_nm)} "
            f"hải lý ({s.ref})"
        )
    more = f" và {len(hits) - MAX_NAMED} vụ khác" if len(hits) > MAX_NAMED else ""
    return (
        f"Tàu {vessel_id} đang ở khu vực thường xảy ra bắt giữ: trong bán kính "
        f"{_nm(radius_nm)} hải lý đã có {len(hits)} vụ bắt giữ — "
        + "; ".join(named)
        + more
        + ". Đề nghị liên lạc thuyền trưởng, nhắc tàu cảnh giác và không vượt ranh giới."
    )


def hotspot_alerts(
    index: HotspotIndex,
    positions: Mapping[str, tuple[float, float, float]],
    *,
    radius_nm: float,
    now: datetime,
) -> list[Alert]:
    """One HOTSPOT alert per vessel (``positions``: id → (ts, lat, lon)) near a past seizure.

    The id is per vessel, area and Vietnam day of the fix, so a boat fishing in the area all
    day is warned once that day, and a replayed batch raises nothing new (the store keeps one).
    """
    if not len(index) or not positions:
        return []
    ids = list(positions)
    ts = [positions[v][0] for v in ids]
    lat = [positions[v][1] for v in ids]
    lon = [positions[v][2] for v in ids]
    alerts: list[Alert] = []
    for vid, t, la, lo, hits in zip(
        ids, ts, lat, lon, index.near(lon, lat, radius_nm), strict=True
    ):
        if not hits:
            continue
        when = datetime.fromtimestamp(t, VN_TZ)
        area = hits[0].area
        day = datetime.combine(vn_date(when), datetime.min.time(), tzinfo=VN_TZ)
        alerts.append(
            Alert(
                alert_id=alert_id_for(AlertKind.HOTSPOT.value, f"{vid}:area{area}", day),
                kind=AlertKind.HOTSPOT,
                severity=AlertKind.HOTSPOT.severity,
                vessel_id=vid,
                ts=when,
                created_at=now,
                lat=la,
                lon=lo,
                country=hits[0].seizure.country,
                distance_nm=round(hits[0].distance_nm, 2),
                audience=audience_for(AlertKind.HOTSPOT),
                message=hotspot_message(vid, hits, radius_nm),
                details={
                    "area": area,
                    "seizures": [
                        {
                            "ref": h.seizure.ref,
                            "on": h.seizure.on.isoformat(),
                            "country": h.seizure.country,
                            "vessel_id": h.seizure.vessel_id,
                            "distance_nm": round(h.distance_nm, 2),
                        }
                        for h in hits[:10]
                    ],
                },
            )
        )
    return alerts
