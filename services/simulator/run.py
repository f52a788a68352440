"""Drive the fleet in (scaled) real time and publish its reports; register the fleet once."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from services.simulator.fleet import Fleet
from streams.records import PositionReport

__all__ = ["register_fleet", "run_simulation"]


def register_fleet(fleet: Fleet) -> int:
    """Put the simulated boats in the vessel registry (idempotent); return how many were new."""
    from sqlalchemy import select

    from infra.db.base import session_scope
    from infra.db.models import Vessel

    now = datetime.now(UTC)
    with session_scope() as session:
        known = set(session.scalars(select(Vessel.vessel_id)))
        new = [
            Vessel(
                vessel_id=v.vessel_id, name=None, home_port=v.port.name, province=v.port.province,
                length_m=v.length_m, crew_count=v.crew_count, high_risk=v.behaviour != "safe",
                registered=True, created_at=now, updated_at=now,
                vms_device_id=f"SIM-{v.vessel_id}",
            )
            for v in fleet.vessels
            if v.vessel_id not in known
        ]  # fmt: skip
        session.add_all(new)
        return len(new)


def run_simulation(
    fleet: Fleet,
    publish: Callable[[Sequence[PositionReport]], object],
    speedup: float = 60.0,
    tick_s: float = 1.0,
    duration_s: float | None = None,
    should_stop: Callable[[], bool] = lambda: False,
    on_tick: Callable[[int, int], None] | None = None,
) -> int:
    """Advance ``speedup`` simulated seconds per real second; return the number of reports sent."""
    sent = 0
    started = time.monotonic()
    ticks = 0
    while not should_stop():
        if duration_s is not None and time.monotonic() - started >= duration_s:
            break
        reports = fleet.advance(speedup * tick_s)
        if reports:
            publish(reports)
            sent += len(reports)
        ticks += 1
        if on_tick is not None:
            on_tick(ticks, sent)
        # keep cadence: sleep until the next tick boundary
        next_at = started + ticks * tick_s
        time.sleep(max(0.0, next_at - time.monotonic()))
    return sent
