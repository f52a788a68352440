"""The position flow's plausibility screen: implausible times never reach a clock.

Thin adapter around :class:`services.tracking.plausible.FixTimeScreen`: screens a batch's clock
ticks, then its fixes, and turns what it refuses into dead letters traced to their records.
Also keeps alerts of live sources from carrying a time after their creation.
"""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime

from services.alerts.model import Alert
from services.deadletters import Rejected
from services.tracking.clock import ClockTick
from services.tracking.fixes import WIRE_SHIFT, FixColumns
from services.tracking.plausible import FixTimeScreen
from services.tracking.state import VesselState

__all__ = ["not_after_creation", "screen_batch"]


def _fix_payload(fixes: FixColumns, i: int) -> str:
    def opt(value: float) -> float | None:
        return None if math.isnan(value) else float(value)

    try:
        when = datetime.fromtimestamp(float(fixes.ts[i]), UTC).isoformat()
    except (OverflowError, OSError, ValueError):
        when = repr(float(fixes.ts[i]))
    return json.dumps({
        "vessel_id": fixes.vessel_id[i], "ts": when, "lat": float(fixes.lat[i]),
        "lon": float(fixes.lon[i]), "speed_kn": opt(fixes.speed_kn[i]),
        "course_deg": opt(fixes.course_deg[i]), "source": fixes.source[i],
    }, ensure_ascii=False)  # fmt: skip


def screen_batch(
    screen: FixTimeScreen,
    fixes: FixColumns,
    ticks: list[tuple[int, ClockTick, int]],
    partition: int,
    wall_s: float,
) -> tuple[FixColumns, list[tuple[int, ClockTick]], list[Rejected]]:
    """The batch's plausible fixes and ticks, and dead letters for the rest.

    ``ticks`` are ``(partition, tick, offset)``. Ticks are screened first: a plausible one
    declares its replay's window for the fixes read with it.
    """
    dead: list[Rejected] = []
    kept_ticks: list[tuple[int, ClockTick]] = []
    for tick_partition, tick, offset in ticks:
        reason = screen.tick(tick, wall_s)
        if reason is None:
            kept_ticks.append((tick_partition, tick))
        else:
            payload = json.dumps({"clock": {"source": tick.source, "ts": tick.ts}})
            dead.append(Rejected(reason, payload, tick_partition, offset))
    keep, refused = screen.screen(fixes, wall_s)
    if refused:
        wires = fixes.wires()
        for row, reason in refused:
            wire = int(wires[row])
            at = wire >> WIRE_SHIFT if wire >= 0 else None
            dead.append(Rejected(reason, _fix_payload(fixes, row), partition, at))
        fixes = fixes.select(keep)
    return fixes, kept_ticks, dead


def not_after_creation(
    alerts: list[Alert], screen: FixTimeScreen, states: dict[str, VesselState]
) -> list[Alert]:
    """Alerts of live sources, placed no later than their creation.

    A live fix may be a few minutes ahead of the receiving clock (a drifting device clock,
    within the screen's allowance); its alert then says it happened when it was raised, and
    keeps the fix's own time in ``details.fix_ts``. The id still derives from the fix time, so a
    replay raises the same alert. A replay's alerts stay on the replay's own clock.
    """
    out: list[Alert] = []
    for alert in alerts:
        state = states.get(alert.vessel_id or "")
        live = state is None or not screen.is_replay(state.source)
        if live and alert.ts > alert.created_at:
            details = {**alert.details, "fix_ts": alert.ts.isoformat()}
            alert = alert.model_copy(update={"ts": alert.created_at, "details": details})
        out.append(alert)
    return out
