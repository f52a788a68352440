"""A deterministic fleet simulator: VMS tracks of fishing boats out of Quảng Ngãi and Ninh Thuận.

Each boat sails from its home port towards a fishing ground at 5–10 kn (with noise on speed and
course), fishes there slowly, and reports every few minutes of simulated time. A share of the
fleet heads for grounds in or near foreign waters (Natuna, off Sarawak, the Gulf of Thailand) or
quần đảo Hoàng Sa / Trường Sa, and a few boats switch their VMS off mid-trip, so that every
kind of alert shows up. Everything is vectorised over the fleet and driven by one seed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np

from services.tracking.ports import PORTS, Port
from streams.records import PositionReport

__all__ = ["GROUNDS", "Fleet", "FleetVessel"]

NM_PER_DEG = 60.0

# name -> (lat, lon, radius_nm, behaviour)
GROUNDS: dict[str, tuple[float, float, float, str]] = {
    "central": (15.0, 110.6, 40.0, "safe"),
    "south_central": (10.6, 110.2, 45.0, "safe"),
    "offshore_south": (8.8, 109.6, 40.0, "safe"),
    "paracels": (16.4, 111.7, 30.0, "disputed"),
    "spratlys": (9.6, 113.3, 40.0, "disputed"),
    # foreign grounds lie some 10-20 nm beyond the (indicative) boundary, as real incursions do
    "natuna": (6.3, 108.0, 8.0, "foreign"),
    "sarawak": (6.9, 111.9, 8.0, "foreign"),
    "gulf_of_thailand": (9.2, 102.3, 6.0, "foreign"),  # for Kiên Giang / Cà Mau fleets
}

# share of boats per behaviour, by province prefix
_BEHAVIOUR_GROUNDS = {
    "QNg": {
        "safe": ["central", "offshore_south"],
        "disputed": ["paracels", "spratlys"],
        "foreign": ["natuna", "sarawak"],
    },
    "NT": {
        "safe": ["south_central", "offshore_south"],
        "disputed": ["spratlys"],
        "foreign": ["natuna", "sarawak"],
    },
}


@dataclass(frozen=True, slots=True)
class FleetVessel:
    vessel_id: str
    port: Port
    ground: str
    behaviour: str  # safe | disputed | foreign
    goes_dark: bool
    length_m: float
    crew_count: int


class Fleet:
    """The simulated fleet and its clock; :meth:`advance` returns the reports that fell due."""

    def __init__(
        self,
        n_vessels: int = 300,
        seed: int = 7,
        start: datetime | None = None,
        report_interval_min: float = 5.0,
        foreign_share: float = 0.10,
        disputed_share: float = 0.12,
        dark_share: float = 0.03,
        swaps: int = 0,
        port_share: float = 0.0,
    ) -> None:
        self.seed = seed
        self.rng = np.random.default_rng(seed)
        rng = self.rng
        self.now = (start or datetime.now(UTC)).timestamp()
        self.interval_s = report_interval_min * 60.0
        n = n_vessels
        ports = [PORTS[i] for i in rng.integers(0, len(PORTS), n)]
        roll = rng.random(n)
        behaviours = np.where(
            roll < foreign_share,
            "foreign",
            np.where(roll < foreign_share + disputed_share, "disputed", "safe"),
        )
        numbers = rng.choice(np.arange(90000, 99999), size=n, replace=False)
        vessels = []
        for i in range(n):
            options = _BEHAVIOUR_GROUNDS[ports[i].prefix][str(behaviours[i])]
            ground = options[int(rng.integers(0, len(options)))]
            vessels.append(
                FleetVessel(
                    vessel_id=f"{ports[i].prefix}-{int(numbers[i])}-TS",
                    port=ports[i],
                    ground=ground,
                    behaviour=str(behaviours[i]),
                    goes_dark=bool(rng.random() < dark_share),
                    length_m=round(float(rng.uniform(12.0, 26.0)), 1),
                    crew_count=int(rng.integers(5, 14)),
                )
            )
        self.vessels = vessels
        g = np.array([GROUNDS[v.ground][:3] for v in vessels])
        # a target point inside the ground, fixed per trip
        ang, rad = rng.uniform(0, 2 * np.pi, n), np.sqrt(rng.random(n)) * g[:, 2]
        self.target_lat = g[:, 0] + rad * np.sin(ang) / NM_PER_DEG
        self.target_lon = g[:, 1] + rad * np.cos(ang) / (NM_PER_DEG * np.cos(np.radians(g[:, 0])))
        port_lat = np.array([p.lat for p in ports])
        port_lon = np.array([p.lon for p in ports])
        # boats start part-way out (already at sea), 20-95 % of the way
        frac = rng.uniform(0.2, 0.95, n)
        # boats bound abroad start on the Vietnamese side, so officers see them approach first
        frac = np.where(behaviours == "foreign", rng.uniform(0.3, 0.8, n), frac)
        self.lat = port_lat + frac * (self.target_lat - port_lat)
        self.lon = port_lon + frac * (self.target_lon - port_lon)
        self.cruise_kn = rng.uniform(5.0, 10.0, n)
        self.speed_kn = self.cruise_kn.copy()
        self.course_deg = self._bearing()
        self.next_report = self.now + rng.uniform(0, self.interval_s, n)
        self.dark_at = np.where(
            [v.goes_dark for v in vessels], self.now + rng.uniform(0.5, 3.0, n) * 3600.0, np.inf
        )
        self._port_traffic(port_share, port_lat, port_lon)
        self._plant_swaps(swaps)

    def _port_traffic(self, share: float, port_lat: np.ndarray, port_lon: np.ndarray) -> None:
        """A ``share`` of the boats in safe waters are in port traffic: half of them are on
        their way home and tie up on arrival, half are tied up and leave within three hours,
        so departures and arrivals happen from the first minutes of a run."""
        n = len(self.vessels)
        self.moored = np.zeros(n, dtype=bool)
        self.homebound = np.zeros(n, dtype=bool)
        self.depart_at = np.full(n, np.inf)
        if share <= 0:
            return
        rng = np.random.default_rng(self.seed + 1)  # the rest of the fleet keeps its tracks
        safe = np.flatnonzero([v.behaviour == "safe" and not v.goes_dark for v in self.vessels])
        pick = rng.permutation(safe)[: round(share * n)]
        home, leave = pick[::2], pick[1::2]
        self.homebound[home] = True
        self.target_lat[home], self.target_lon[home] = port_lat[home], port_lon[home]
        self.moored[leave] = True
        self.lat[leave], self.lon[leave] = port_lat[leave], port_lon[leave]
        self.depart_at[leave] = self.now + rng.uniform(0.2, 3.0, len(leave)) * 3600.0
        self.course_deg = self._bearing()

    def _plant_swaps(self, swaps: int) -> None:
        """Plant ``swaps`` device swaps: a registered boat's VMS device carried by another boat.

        As provinces report it (devices handed over so a boat stays "legal" on screen while it
        is elsewhere, or in port): the donor boat sends no track of its own; its device reports
        from the carrier, 100–200 m off, a minute after the carrier's own report. Carriers are
        the boats in safe waters whose way stays 12 nm off every port, with the longest way to go
        (so the two devices travel together for hours, as one boat does).
        """
        rng = self.rng
        self.donors: list[FleetVessel] = []
        self.carrier = np.zeros(0, dtype=np.int64)
        if swaps <= 0:
            return
        cos_lat = np.cos(np.radians(self.lat))
        remaining = np.hypot(self.target_lat - self.lat, (self.target_lon - self.lon) * cos_lat)
        from services.ports import get_registry

        registry = get_registry()
        # a way to the ground well clear of every port (a track through a harbour's radius is
        # "in port" there): 20 points along it, each more than 12 nm from the nearest port
        frac = np.linspace(0.0, 1.0, 20)[None, :]
        way_lat = self.lat[:, None] + frac * (self.target_lat - self.lat)[:, None]
        way_lon = self.lon[:, None] + frac * (self.target_lon - self.lon)[:, None]
        _, way_nm = registry.nearest_array(way_lat.ravel(), way_lon.ravel())
        clear = way_nm.reshape(way_lat.shape).min(axis=1) > 12.0
        ok = clear & np.array([v.behaviour == "safe" and not v.goes_dark for v in self.vessels])
        order = np.argsort(np.where(ok, -remaining, np.inf), kind="stable")
        self.carrier = order[: min(swaps, int(ok.sum()))]
        taken = {v.vessel_id for v in self.vessels}
        for i in self.carrier.tolist():
            host = self.vessels[i]
            while True:
                vid = f"{host.port.prefix}-{int(rng.integers(90000, 99999))}-TS"
                if vid not in taken:
                    break
            taken.add(vid)
            self.donors.append(FleetVessel(vid, host.port, host.ground, "safe", False,
                                           round(float(rng.uniform(12.0, 26.0)), 1),
                                           int(rng.integers(5, 14))))  # fmt: skip
        self.donor_offset_m = rng.uniform(100.0, 200.0, len(self.donors))

    @property
    def all_vessels(self) -> list[FleetVessel]:
        """Every boat the registry should know: the fleet and the swap donors."""
        return self.vessels + self.donors

    def _bearing(self) -> np.ndarray:
        dlat = self.target_lat - self.lat
        dlon = (self.target_lon - self.lon) * np.cos(np.radians(self.lat))
        return np.asarray(np.degrees(np.arctan2(dlon, dlat)) % 360.0)

    def _move(self, dt_s: float) -> None:
        rng = self.rng
        remaining_nm = (
            np.hypot(
                self.target_lat - self.lat,
                (self.target_lon - self.lon) * np.cos(np.radians(self.lat)),
            )
            * NM_PER_DEG
        )
        fishing = (remaining_nm < 2.0) & ~self.homebound
        self.moored |= self.homebound & (remaining_nm < 0.3)  # home: tied up
        leaving = self.moored & (self.now >= self.depart_at)
        self.moored &= ~leaving
        # cruising: head for the target with noise; fishing: drift slowly on a random course
        course = np.where(
            fishing,
            (self.course_deg + rng.normal(0, 25, len(self.lat))) % 360.0,
            (self._bearing() + rng.normal(0, 4, len(self.lat))) % 360.0,
        )
        speed = np.where(
            fishing,
            rng.uniform(0.5, 2.5, len(self.lat)),
            np.clip(self.cruise_kn + rng.normal(0, 0.6, len(self.lat)), 5.0, 10.0),
        )
        speed = np.where(self.moored, 0.0, speed)
        step_nm = speed * dt_s / 3600.0
        self.lat = self.lat + step_nm * np.cos(np.radians(course)) / NM_PER_DEG
        self.lon = self.lon + step_nm * np.sin(np.radians(course)) / (
            NM_PER_DEG * np.cos(np.radians(self.lat))
        )
        self.speed_kn, self.course_deg = speed, course

    def advance(self, dt_s: float) -> list[PositionReport]:
        """Move the fleet ``dt_s`` simulated seconds; return the reports due, oldest first.

        Long advances (a high speed-up) run in steps of at most half a report interval, so
        every boat still reports once per interval and report times keep up with the clock.
        """
        steps = max(1, math.ceil(dt_s / (0.5 * self.interval_s)))
        if steps == 1:
            return self._step(dt_s)
        reports: list[PositionReport] = []
        for _ in range(steps):
            reports.extend(self._step(dt_s / steps))  # steps cover disjoint, ordered windows
        return reports

    def _donor_reports(self, due: np.ndarray) -> list[PositionReport]:
        """The carried devices report beside their carriers, a minute later."""
        out = []
        reporting = set(due.tolist())
        for k, i in enumerate(self.carrier.tolist()):
            if i not in reporting:
                continue
            off = self.donor_offset_m[k] / 1852.0 / NM_PER_DEG
            out.append(PositionReport(
                vessel_id=self.donors[k].vessel_id,
                ts=datetime.fromtimestamp(round(float(self.next_report[i])) + 60, UTC),
                lat=round(float(self.lat[i]) + off, 5), lon=round(float(self.lon[i]), 5),
                speed_kn=round(float(self.speed_kn[i]), 1),
                course_deg=round(float(self.course_deg[i]), 1), source="sim",
            ))  # fmt: skip
        return out

    def _step(self, dt_s: float) -> list[PositionReport]:
        self._move(dt_s)
        self.now += dt_s
        due = np.flatnonzero((self.next_report <= self.now) & (self.next_report < self.dark_at))
        reports = [
            PositionReport(
                vessel_id=self.vessels[i].vessel_id,
                ts=datetime.fromtimestamp(round(float(self.next_report[i])), UTC),
                lat=round(float(self.lat[i]), 5),
                lon=round(float(self.lon[i]), 5),
                speed_kn=round(float(self.speed_kn[i]), 1),
                course_deg=round(float(self.course_deg[i]), 1),
                source="sim",
            )
            for i in due.tolist()
        ]
        if len(self.carrier):
            reports.extend(self._donor_reports(due))
        late = self.next_report <= self.now
        self.next_report = np.where(
            late,
            self.next_report + self.interval_s * self.rng.uniform(0.9, 1.1, len(self.lat)),
            self.next_report,
        )
        reports.sort(key=lambda r: r.ts)
        return reports
