"""The alert policy: which fixes are used, and which changes of risk deserve an alert.

Duty officers must see the few alerts that need action and never miss one, so alerts are raised
on *transitions*, not on every fix:

* escalation (SAFE → APPROACHING → DISPUTED → IMMINENT → INSIDE_FOREIGN) raises an alert of the
  new level, unless an alert of that kind went out within the cooldown (a fix jittering across
  a line would otherwise produce a storm);
* staying at a level raises a reminder only once the cooldown has passed;
* quiet de-escalation between non-safe levels; "back in safe waters" only once the vessel is
  farther than the warning distance *plus* the hysteresis margin, and at most once per risk
  alert actually sent.

Fix screening follows the same at-least-once logic: a duplicate (same vessel, same time) is
dropped, an older fix goes to history without moving the state, and a fix implying more than the
plausible speed from the last good one is a bad fix.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from services.tracking.state import VesselState
from services.vocabulary import RANKED, AlertKind, RiskLevel

__all__ = [
    "AlertPolicy",
    "Decision",
    "FixVerdict",
    "LadderStep",
    "decide",
    "implied_speed_kn",
    "parse_ladder",
    "screen_fix",
]

EARTH_RADIUS_NM = 3440.065

# RiskLevel.rank by wire name, looked up once per fix (the state keeps levels as plain strings).
_RANK: dict[str, int] = {level.value: level.rank or 0 for level in RANKED}
_SAFE, _APPROACHING = RiskLevel.SAFE.value, RiskLevel.APPROACHING.value


class FixVerdict(StrEnum):
    USE = "USE"
    DUPLICATE = "DUPLICATE"
    OUT_OF_ORDER = "OUT_OF_ORDER"
    BAD_FIX = "BAD_FIX"


@dataclass(frozen=True, slots=True)
class LadderStep:
    """One step of a silence ladder: after ``after_h`` hours, raise ``kind`` to ``audience``.

    An empty audience means the kind's own (:func:`services.vocabulary.audience_for`).
    """

    kind: str
    after_h: float
    audience: tuple[str, ...] = ()


_UNITS_H = {"h": 1.0, "d": 24.0, "m": 1 / 60}


def parse_ladder(text: str) -> tuple[LadderStep, ...]:
    """``"5h:DARK;8h:DARK:border_guard;1d:DARK_24H;10d:DARK_10D:border_guard+foreign_affairs"``.

    Steps are ``duration:KIND[:audience+audience]``, ``;``-separated, durations ``h``, ``d`` or
    ``m``; they must grow. ``ValueError`` says what is wrong.

    >>> [(s.kind, s.after_h) for s in parse_ladder("5h:DARK;1d:DARK_24H")]
    [('DARK', 5.0), ('DARK_24H', 24.0)]
    """
    steps: list[LadderStep] = []
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        fields = part.split(":")
        if len(fields) not in (2, 3):
            raise ValueError(f"ladder step {part!r}: expected duration:KIND[:audience]")
        duration, kind = fields[0].strip().lower(), fields[1].strip().upper()
        unit = _UNITS_H.get(duration[-1:])
        try:
            hours = float(duration[:-1]) * unit if unit else float(duration)
        except ValueError:
            raise ValueError(f"ladder step {part!r}: bad duration {fields[0]!r}") from None
        try:
            AlertKind(kind)
        except ValueError:
            raise ValueError(f"ladder step {part!r}: unknown alert kind {kind}") from None
        audience = tuple(a.strip() for a in fields[2].split("+") if a.strip()) if len(
            fields) == 3 else ()  # fmt: skip
        if not hours > 0 or (steps and hours <= steps[-1].after_h):
            raise ValueError(f"ladder step {part!r}: durations must be positive and grow")
        steps.append(LadderStep(kind, hours, audience))
    if not steps:
        raise ValueError("a ladder needs at least one step")
    return tuple(steps)


@dataclass(frozen=True, slots=True)
class AlertPolicy:
    """Thresholds, all configurable through :class:`infra.settings.Settings`."""

    warning_nm: float = 5.0
    hysteresis_nm: float = 0.5
    cooldown_s: float = 3600.0
    max_speed_kn: float = 50.0
    flush_s: float = 1800.0
    dark_after_h: float = 6.0
    dark_escalate_h: float = 24.0
    dark_critical_h: float = 240.0
    dark_ladder: tuple[LadderStep, ...] | None = None  # None: the three thresholds above
    ais_gap_after_h: float = 6.0

    @classmethod
    def from_settings(cls, settings: object) -> AlertPolicy:
        get = settings.__getattribute__
        return cls(
            warning_nm=get("warning_distance_nm"),
            hysteresis_nm=get("hysteresis_nm"),
            cooldown_s=get("alert_cooldown_min") * 60.0,
            max_speed_kn=get("max_plausible_speed_kn"),
            flush_s=get("state_flush_s"),
            dark_after_h=get("dark_after_h"),
            dark_escalate_h=get("dark_escalate_h"),
            dark_critical_h=get("dark_critical_h"),
            dark_ladder=parse_ladder(get("dark_ladder")) if get("dark_ladder") else None,
            ais_gap_after_h=get("ais_gap_after_h"),
        )

    @property
    def ladders(self) -> dict[str, tuple[LadderStep, ...]]:
        """The silence ladders by name: ``vms`` (registered VMS boats ≥ 15 m), ``ais``."""
        vms = self.dark_ladder or (
            LadderStep("DARK", self.dark_after_h),
            LadderStep("DARK_24H", self.dark_escalate_h),
            LadderStep("DARK_10D", self.dark_critical_h),
        )
        return {"vms": vms, "ais": (LadderStep("AIS_GAP", self.ais_gap_after_h),)}

    @property
    def first_silence_h(self) -> float:
        """The shortest silence any ladder judges (fixes closer than this are never a gap)."""
        return min(steps[0].after_h for steps in self.ladders.values())

    @property
    def dark_thresholds_h(self) -> tuple[tuple[str, float], ...]:
        return tuple((s.kind, s.after_h) for s in self.ladders["vms"])


def implied_speed_kn(
    lat1: float, lon1: float, t1: float, lat2: float, lon2: float, t2: float
) -> float:
    """Great-circle speed between two fixes (inf when the time step is zero and they differ)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    distance_nm = 2 * EARTH_RADIUS_NM * math.asin(min(1.0, math.sqrt(a)))
    dt_h = abs(t2 - t1) / 3600.0
    if dt_h == 0:
        return 0.0 if distance_nm == 0 else math.inf
    return distance_nm / dt_h


def screen_fix(
    state: VesselState | None, ts: float, lat: float, lon: float, policy: AlertPolicy
) -> FixVerdict:
    """Decide whether a fix may move the vessel's state."""
    if state is None:
        return FixVerdict.USE
    if ts == state.last_ts:
        return FixVerdict.DUPLICATE
    if ts < state.last_ts:
        return FixVerdict.OUT_OF_ORDER
    if implied_speed_kn(state.lat, state.lon, state.last_ts, lat, lon, ts) > policy.max_speed_kn:
        # two fixes in a row that agree with each other and not with the last accepted one:
        # that one was the glitch, so the track resumes from these
        suspect = state.suspect
        agrees = (
            suspect is not None
            and suspect[0] < ts
            and (
                implied_speed_kn(suspect[1], suspect[2], suspect[0], lat, lon, ts)
                <= policy.max_speed_kn
            )
        )
        if agrees:
            return FixVerdict.USE
        return FixVerdict.BAD_FIX
    return FixVerdict.USE


@dataclass(frozen=True, slots=True)
class Decision:
    """Outcome of one used fix: the announced level after it, and the alert to raise (if any)."""

    level: str
    alert_kind: str | None  # an AlertKind value, or None
    reminder: bool = False


def decide(
    previous: VesselState | None,
    risk: str,
    distance_nm: float | None,
    ts: float,
    policy: AlertPolicy,
    warning_nm: float | None = None,
) -> Decision:
    """Apply escalation, cooldown and hysteresis to the classifier's raw ``risk`` for one fix.

    ``warning_nm`` is the warning distance of the zone the fix is nearest (a zone may warn from
    farther out than ``policy.warning_nm``: Natuna 10 nm, the archipelagos 12 nm); hysteresis is
    measured from it.

    >>> p = AlertPolicy()
    >>> decide(None, "APPROACHING", 4.0, 0.0, p).alert_kind
    'APPROACHING'
    """
    announced = previous.risk if previous is not None else _SAFE
    last_alert = previous.last_alert if previous is not None else {}
    if risk not in _RANK:  # INVALID / on land: keeps the announced level
        return Decision(announced, None)
    level = risk
    if level == _SAFE and announced != _SAFE:
        # Hysteresis: stay at the announced level until clearly beyond the warning line.
        warn = policy.warning_nm if warning_nm is None else max(warning_nm, policy.warning_nm)
        margin = warn + policy.hysteresis_nm
        if distance_nm is None or distance_nm <= margin:
            level = _APPROACHING if _RANK[announced] >= _RANK[_APPROACHING] else announced
            return Decision(level, None)
        # One all-clear per announced risk alert: a vessel hovering just beyond the margin must
        # not send "back safe" every fix while its re-approaches are held back by the cooldown.
        last_risk = max((last_alert.get(k, -math.inf) for k in _RANK), default=-math.inf)
        back_safe = AlertKind.BACK_SAFE.value
        if back_safe in last_alert and last_alert[back_safe] >= last_risk:
            return Decision(_SAFE, None)
        return Decision(_SAFE, back_safe)
    if _RANK[level] > _RANK[announced]:
        recent = ts - last_alert.get(level, -math.inf) < policy.cooldown_s
        return Decision(level, None if recent else level)
    due = ts - last_alert.get(level, -math.inf) >= policy.cooldown_s
    if level == announced and level != _SAFE and due:
        return Decision(level, level, reminder=True)
    return Decision(level, None)
