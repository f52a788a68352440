"""The month's IUU figures: what provinces report for the EC's inspections of VMS compliance.

Decree 26/2019/NĐ-CP Art. 44 as amended by Decree 37/2024/NĐ-CP: a boat of 15 m and over keeps
its VMS device working from port to port; when it loses connection the owner reports the
position by other means (phone, radio) every 6 hours, and the boat is back in port within 10
days. Provinces report exactly these counts to the National Steering Committee on IUU, as
"lượt/tàu" (the wording and its sources: ``services/reports/iuu_text.py``, docs/reports.md).

Figures, each a number of **distinct boats**, a boat counted once per figure and period however
many silences, sources or repeated alerts it has:

* ``lost_6h`` — lost connection for more than 6 h at sea: a silence whose 6-hour mark is passed
  and that runs in the period (from its 6-hour mark to its end); with ``silences`` ("lượt");
* ``lost_6h_unreported`` — of those, boats that sent no position by other means during the
  silence; and, for the record, the 6-hourly reports due in the period against those received;
* ``not_back_10d`` — still silent 10 days after the last fix (not back in port: a fix in port
  would have ended the silence) and in the period from that deadline on;
* ``crossed`` — crossed into foreign waters (``INSIDE_FOREIGN``) in the period;
* ``no_working_device`` — registered boats of 15 m and over with no device, or a device that
  sent no VMS fix in the period (the report's VMS-coverage rule, so the two figures agree).

**Clock and month.** The period is a range of Vietnam calendar dates: ``[start, stop)`` are the
UTC instants of its first Vietnam midnight and the one after its last day. Every time compared
with them is a stored event time on its own source's clock (the alert's step time, the signal's
return, the report's position time), never the wall clock, except that a silence still open is
taken to run to ``until`` (the period's end, or the report's time while the period runs) and
never less than its newest stored step.

**One silence once.** Alerts are grouped by (vessel, last fix): the timely and the late copy of
a step, a reminder, the same step from a second worker are one silence; two silences of one boat
that overlap in time (the same loss seen on two feeds) are merged into one.

Pure: the inputs are plain records the repository loads for the period.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

__all__ = [
    "FIGURES",
    "REPORT_EVERY",
    "VMS_MIN_LENGTH_M",
    "BoatLine",
    "Crossing",
    "IuuFigures",
    "ManualReport",
    "Silence",
    "VesselLine",
    "iuu_figures",
    "silences_from",
]

REPORT_EVERY = timedelta(hours=6)
LOST_AFTER = timedelta(hours=6)
BACK_WITHIN = timedelta(days=10)
VMS_MIN_LENGTH_M = 15.0
_LOST = frozenset({"DARK", "DARK_24H", "DARK_10D"})  # the VMS ladder; AIS_GAP is not the rule's
#: the figures, in the report's order (the API's ``figure=`` values)
FIGURES = ("lost_6h", "lost_6h_unreported", "not_back_10d", "crossed", "no_working_device")


@dataclass(frozen=True, slots=True)
class ManualReport:
    """A position reported by other means (phone, radio…), recorded by an officer."""

    vessel_id: str
    ts: datetime


@dataclass(frozen=True, slots=True)
class Crossing:
    """An ``INSIDE_FOREIGN`` alert: the boat was inside a neighbour's waters at ``ts``."""

    vessel_id: str
    ts: datetime
    country: str | None = None


@dataclass(frozen=True, slots=True)
class VesselLine:
    """A registry row: ``reporting`` when its device sent a VMS fix during the period."""

    vessel_id: str
    length_m: float | None
    vms_device_id: str | None
    registered: bool = True
    reporting: bool = False


@dataclass(slots=True)
class Silence:
    """One loss of connection of one boat: its last fix, its stored steps, its return."""

    vessel_id: str
    last_fix: datetime
    restored: datetime | None = None
    steps: set[str] = field(default_factory=set)
    newest_step: datetime | None = None

    def end(self, until: datetime) -> datetime:
        """When the silence ended: its return, or (still open) ``until`` or its newest step."""
        if self.restored is not None:
            return self.restored
        return max(until, self.newest_step) if self.newest_step else until

    def runs_past(self, mark: timedelta, start: datetime, stop: datetime, until: datetime) -> bool:
        """Silent for ``mark`` after the last fix, and still silent at some time in the period."""
        due, end = self.last_fix + mark, self.end(until)
        return due <= end and due < stop and end >= start


def silences_from(alerts: Iterable[tuple[str, str, datetime, str | None]]) -> list[Silence]:
    """Silences from (kind, vessel, ts, last_fix ISO) alert rows: lost steps and returns.

    A return without a lost step is no silence ("never restored without lost"); overlapping
    silences of one boat become one (see the module's docstring).
    """
    found: dict[tuple[str, datetime], Silence] = {}
    restored: dict[tuple[str, datetime], datetime] = {}
    for kind, vessel, ts, last_fix in alerts:
        if not last_fix or not vessel:
            continue
        try:
            last = datetime.fromisoformat(last_fix)
        except ValueError:
            continue
        key = (vessel, last)
        if kind in _LOST:
            s = found.setdefault(key, Silence(vessel, last))
            s.steps.add(kind)
            s.newest_step = ts if s.newest_step is None else max(s.newest_step, ts)
        elif kind == "SIGNAL_RESTORED":
            restored[key] = min(ts, restored.get(key, ts))
    for key, when in restored.items():
        if key in found:
            found[key].restored = when
    return _merged(sorted(found.values(), key=lambda s: (s.vessel_id, s.last_fix)))


def _merged(ordered: list[Silence]) -> list[Silence]:
    """Merge a boat's silences that overlap in time (sorted by vessel, then last fix)."""
    out: list[Silence] = []
    for s in ordered:
        prev = out[-1] if out and out[-1].vessel_id == s.vessel_id else None
        if prev is not None and prev.restored is None:
            prev.restored = s.last_fix  # its return was not stored: the later fix ends it
        elif prev is not None and prev.restored is not None and s.last_fix < prev.restored:
            prev.restored = None if s.restored is None else max(prev.restored, s.restored)
            prev.steps |= s.steps
            steps = [t for t in (prev.newest_step, s.newest_step) if t is not None]
            prev.newest_step = max(steps) if steps else None
            continue
        out.append(s)
    return sorted(out, key=lambda s: (s.last_fix, s.vessel_id))


@dataclass(frozen=True, slots=True)
class BoatLine:
    """One boat behind a figure, with what put it there (for the list the page opens)."""

    vessel_id: str
    since: datetime | None = None  # the silence's last fix, or the first crossing
    until: datetime | None = None  # the signal's return; None while still silent
    hours: float | None = None  # length of the (longest) silence as counted
    silences: int = 0
    reports_received: int = 0
    reports_due: int = 0
    country: str | None = None  # crossed: whose waters
    has_device: bool | None = None  # no_working_device: a device is fitted, but silent

    def to_dict(self) -> dict[str, Any]:
        return {
            "vessel_id": self.vessel_id,
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "hours": self.hours, "silences": self.silences,
            "reports_received": self.reports_received, "reports_due": self.reports_due,
            "country": self.country, "has_device": self.has_device,
        }  # fmt: skip


@dataclass(frozen=True, slots=True)
class IuuFigures:
    start: datetime
    end: datetime  # exclusive: the first instant after the period (Vietnam midnight)
    lost_6h_silences: int
    reports_required: int
    reports_received: int
    boats_15m: int
    lines: dict[str, tuple[BoatLine, ...]]
    until: datetime | None = None  # set when the period still runs: figures up to this time

    def boats(self, figure: str) -> int:
        return len(self.lines.get(figure, ()))

    @property
    def lost_6h_boats(self) -> int:
        return self.boats("lost_6h")

    @property
    def lost_6h_unreported_boats(self) -> int:
        return self.boats("lost_6h_unreported")

    @property
    def not_back_10d_boats(self) -> int:
        return self.boats("not_back_10d")

    @property
    def crossed_boats(self) -> int:
        return self.boats("crossed")

    @property
    def without_working_device(self) -> int:
        return self.boats("no_working_device")

    @property
    def no_device_boats(self) -> int:
        return sum(1 for b in self.lines.get("no_working_device", ()) if not b.has_device)

    @property
    def device_silent_boats(self) -> int:
        return self.without_working_device - self.no_device_boats

    def vessel_ids(self, figure: str) -> list[str]:
        return [b.vessel_id for b in self.lines.get(figure, ())]

    def to_dict(self) -> dict[str, object]:
        return {
            "from": self.start.isoformat(), "to": self.end.isoformat(),
            "until": self.until.isoformat() if self.until else None,
            "timezone": "Asia/Ho_Chi_Minh",
            "lost_connection_over_6h": {"boats": self.lost_6h_boats,
                                        "silences": self.lost_6h_silences,
                                        "vessel_ids": self.vessel_ids("lost_6h")},
            "lost_over_6h_without_reporting": {"boats": self.lost_6h_unreported_boats,
                                               "vessel_ids": self.vessel_ids("lost_6h_unreported")},
            "position_reports": {"required": self.reports_required,
                                 "received": self.reports_received},
            "not_back_in_port_after_10_days": {"boats": self.not_back_10d_boats,
                                               "vessel_ids": self.vessel_ids("not_back_10d")},
            "crossed_into_foreign_waters": {"boats": self.crossed_boats,
                                            "vessel_ids": self.vessel_ids("crossed")},
            "boats_15m_and_over": self.boats_15m,
            "boats_15m_without_working_device": {
                "boats": self.without_working_device, "no_device": self.no_device_boats,
                "device_silent": self.device_silent_boats,
                "vessel_ids": self.vessel_ids("no_working_device"),
            },
        }  # fmt: skip


def _hours(span: timedelta) -> float:
    return round(span.total_seconds() / 3600.0, 1)


def _reports_due(s: Silence, start: datetime, stop: datetime, until: datetime,
                 got: list[datetime]) -> tuple[int, int]:  # fmt: skip
    """The 6-hourly reports due in the period for one silence, and how many came in time.

    A report is due at every 6-hour mark after the last fix while the boat is silent; the one
    due at a mark is received when a report was given in the 6 hours before it. So a boat
    silent 20 h owes three (at 6, 12 and 18 h), and five calls in one hour answer one.
    """
    end = s.end(until)
    due = received = 0
    mark = s.last_fix + REPORT_EVERY
    while mark <= end and mark < stop:
        if mark >= start:
            due += 1
            received += any(mark - REPORT_EVERY < t <= mark for t in got)
        mark += REPORT_EVERY
    return due, received


def _longest(lines: list[BoatLine]) -> BoatLine:
    return max(lines, key=lambda b: (b.hours or 0.0, b.since or datetime.min))


def iuu_figures(
    start: datetime,
    end: datetime,
    silences: list[Silence],
    reports: Iterable[ManualReport],
    crossed: Iterable[Crossing | str],
    vessels: Iterable[VesselLine],
    until: datetime | None = None,
) -> IuuFigures:
    """The figures for ``[start, end)``; ``until``: how far an open silence runs (``end``)."""
    until = min(until or end, end)
    by_vessel: dict[str, list[datetime]] = {}
    for r in reports:
        by_vessel.setdefault(r.vessel_id, []).append(r.ts)

    lost: dict[str, list[BoatLine]] = {}
    unreported: dict[str, list[BoatLine]] = {}
    overdue: dict[str, list[BoatLine]] = {}
    required = received = silences_6h = 0
    for s in silences:
        if not s.runs_past(LOST_AFTER, start, end, until):
            continue
        silences_6h += 1
        stop = s.end(until)
        got = [t for t in by_vessel.get(s.vessel_id, ()) if s.last_fix <= t <= stop]
        due, ok = _reports_due(s, start, end, until, got)
        required, received = required + due, received + ok
        line = BoatLine(s.vessel_id, s.last_fix, s.restored, _hours(stop - s.last_fix), 1,
                        ok, due)  # fmt: skip
        lost.setdefault(s.vessel_id, []).append(line)
        if not got:
            unreported.setdefault(s.vessel_id, []).append(line)
        if s.runs_past(BACK_WITHIN, start, end, until):
            overdue.setdefault(s.vessel_id, []).append(line)

    def boats(by: dict[str, list[BoatLine]]) -> tuple[BoatLine, ...]:
        out = []
        for vid, group in by.items():
            longest = _longest(group)
            out.append(BoatLine(
                vid, longest.since, longest.until, longest.hours, len(group),
                sum(b.reports_received for b in group), sum(b.reports_due for b in group),
            ))  # fmt: skip
        return tuple(sorted(out, key=lambda b: (-(b.hours or 0.0), b.vessel_id)))

    first: dict[str, Crossing] = {}
    for c in crossed:
        c = c if isinstance(c, Crossing) else Crossing(c, start)
        if (
            c.vessel_id
            and start <= c.ts < end
            and (c.vessel_id not in first or c.ts < first[c.vessel_id].ts)
        ):
            first[c.vessel_id] = c
    ordered = sorted(first.values(), key=lambda c: (c.ts, c.vessel_id))
    crossings = tuple(BoatLine(c.vessel_id, since=c.ts, country=c.country) for c in ordered)

    long_boats: dict[str, VesselLine] = {}
    for v in vessels:
        if v.registered and (v.length_m or 0.0) >= VMS_MIN_LENGTH_M:
            long_boats[v.vessel_id] = v  # one row per boat
    idle = tuple(BoatLine(v.vessel_id, has_device=bool(v.vms_device_id))
                 for v in sorted(long_boats.values(), key=lambda v: v.vessel_id)
                 if not (v.vms_device_id and v.reporting))  # fmt: skip
    return IuuFigures(
        start, end, lost_6h_silences=silences_6h, reports_required=required,
        reports_received=received, boats_15m=len(long_boats),
        until=until if until < end else None,
        lines={"lost_6h": boats(lost), "lost_6h_unreported": boats(unreported),
               "not_back_10d": boats(overdue), "crossed": crossings, "no_working_device": idle},
    )  # fmt: skip
