"""Drive the fleet in (scaled) real time and publish its reports; register the fleet once."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from services.simulator.fleet import Fleet
from streams.records import PositionReport

__all__ = ["declare_clock", "register_fleet", "run_simulation"]


def register_fleet(fleet: Fleet) -> int:
    """Put the simulated boats in the vessel registry (idempotent); return how many were new."""
    from sqlalchemy import select

    from infra.db.base import session_scope
    from infra.db.models import Vessel
    from services.simulator.people import invent_contacts

    now = datetime.now(UTC)
    boats = fleet.all_vessels
    contacts = dict(zip((v.vessel_id for v in boats),
                        invent_contacts(len(boats), fleet.seed), strict=True))  # fmt: skip
    with session_scope() as session:
        known = {
            v.vessel_id: v
            for v in session.scalars(select(Vessel).where(Vessel.vessel_id.in_(list(contacts))))
        }
        for vid, row in known.items():  # a registry from before the fleet had owners
            if row.owner is None:
                c = contacts[vid]
                row.owner, row.owner_phone, row.radio = c.owner, c.owner_phone, c.radio
                row.captain, row.captain_phone, row.updated_at = c.captain, c.captain_phone, now
        new = []
        for v in fleet.all_vessels:
            if v.vessel_id in known:
                continue
            c = contacts[v.vessel_id]
            new.append(Vessel(
                vessel_id=v.vessel_id, name=None, home_port=v.port.name, province=v.port.province,
                length_m=v.length_m, crew_count=v.crew_count, high_risk=v.behaviour != "safe",
                registered=True, created_at=now, updated_at=now,
                vms_device_id=f"SIM-{v.vessel_id}", owner=c.owner, owner_phone=c.owner_phone,
                captain=c.captain, captain_phone=c.captain_phone, radio=c.radio,
            ))  # fmt: skip
        session.add_all(new)
        return len(new)


def declare_clock(
    fleet_start: datetime,
    speed: float,
    wall_start: datetime | None = None,
    source: str = "sim",
    url: str | None = None,
) -> None:
    """Tell the page the simulator's clock: feed time = start + (wall − wall_start) × speed.

    Called at start and then every so often (the API ignores a clock not refreshed for two
    minutes, so a stopped simulator does not leave the page on a clock nobody runs).
    """
    from infra.db.base import session_scope
    from infra.db.situations import FeedClockRow

    now = datetime.now(UTC)
    with session_scope(url) as session:
        row = session.get(FeedClockRow, source)
        if row is None:
            row = FeedClockRow(source=source)
            session.add(row)
        row.mode = "simulated"
        row.feed_start = fleet_start
        row.wall_start = wall_start or now
        row.speed = speed
        row.updated_at = now


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
