"""The silence watch of one worker: every source's clock, its dark watch, and source stalls.

Ties :mod:`services.tracking.clock` (what "now" is for each source) to
:class:`~services.tracking.dark.DarkWatch` (one per source, so a deadline is only ever
compared with its own source's clock). A live source that sends nothing for ``stall_s`` wall
seconds raises one "nguồn dữ liệu gián đoạn" alert to operators and holds its boats' judgement;
when it sends again, one "restored" alert, and the outage is excused from every boat's silence.
Pure: the worker passes wall time in.
"""

from __future__ import annotations

from datetime import UTC, datetime

from services.alerts.model import Alert
from services.tracking import messages_vi as vi
from services.tracking.alerts import dark_alerts, make_alert
from services.tracking.clock import ClockTick, FeedClocks
from services.tracking.dark import DarkWatch
from services.tracking.policy import AlertPolicy
from services.tracking.state import VesselState

__all__ = ["SilenceWatch"]


class SilenceWatch:
    def __init__(self, policy: AlertPolicy, stall_s: float = 900.0,
                 replay_lag_s: float = 3600.0) -> None:  # fmt: skip
        self.policy = policy
        self.stall_s = stall_s
        self.clocks = FeedClocks(replay_lag_s)
        self._watches: dict[str, DarkWatch] = {}
        self._source_of: dict[str, str] = {}  # vessel -> source of its last fix
        self._stalled: dict[str, float] = {}  # source -> wall time it last sent, while stalled

    def watch(self, source: str) -> DarkWatch:
        w = self._watches.get(source)
        if w is None:
            w = self._watches[source] = DarkWatch(self.policy)
        return w

    def tick(self, partition: int, tick: ClockTick, wall_s: float) -> list[Alert]:
        """A replay's clock tick read from ``partition``.

        Apply it only once the fixes read before it are tracked and :meth:`seen`: the tick says
        they were sent, and a clock moved ahead of them would call their vessels dark.
        """
        back = self._back(tick.source, wall_s, None)
        self.clocks[tick.source].tick(partition, tick, wall_s)
        return back

    def resumed(self, oldest_by_source: dict[str, float], wall_s: float) -> list[Alert]:
        """A batch arrived (its oldest fix time per source): a stalled source is back.

        Call it before tracking the batch, so the outage is excused from the silences the
        batch ends. The outage is measured on the feed's time — from the newest fix before the
        stall to the first fix after it — so a feed that was late when it stopped does not
        leave its boats a few seconds "dark" for its own delay.
        """
        return [a for source, oldest in sorted(oldest_by_source.items())
                for a in self._back(source, wall_s, oldest)]  # fmt: skip

    def observed(self, newest_by_source: dict[str, float], wall_s: float) -> None:
        """The batch's newest fix time per source (call after its states were :meth:`seen`)."""
        for source, newest in newest_by_source.items():
            self.clocks[source].observe(newest, wall_s)

    def _back(self, source: str, wall_s: float, first_fix_s: float | None) -> list[Alert]:
        since = self._stalled.pop(source, None)
        if since is None:
            return []
        outage_s = wall_s - since
        newest_before = self.clocks[source].newest_fix_s
        excused_s = first_fix_s - newest_before if first_fix_s is not None else outage_s
        self.watch(source).excuse(max(0.0, excused_s))
        text = vi.source_restored(source, outage_s)
        details = {"source": source, "outage_s": round(outage_s, 1)}
        return [
            make_alert(
                "SOURCE_RESTORED",
                f"source:{source}",
                wall_s,
                text,
                datetime.now(UTC),
                details=details,
            )
        ]

    def seen(self, state: VesselState, ladder: str | None) -> None:
        """A vessel's newest state after a batch (``ladder`` None: not watched)."""
        vid, source = state.vessel_id, state.source
        before = self._source_of.get(vid)
        if before is not None and before != source:
            self.watch(before).forget(vid)
        self._source_of[vid] = source
        self.watch(source).seen(vid, state.last_ts, state.lat, state.lon, state.at_sea, ladder)

    def silence(self, vessel_id: str, last_ts: float) -> tuple[int, float]:
        source = self._source_of.get(vessel_id)
        if source is None:
            return 0, 0.0
        return self.watch(source).silence(vessel_id, last_ts)

    def check(self, wall_s: float, now: datetime) -> list[Alert]:
        """Stalls first (so a dead source holds its boats), then every passed deadline."""
        alerts: list[Alert] = []
        for clock in self.clocks:
            source = clock.source
            live = not clock.judged_on_feed_time
            silent_s = clock.silent_s(wall_s)
            if live and source not in self._stalled and silent_s >= self.stall_s:
                self._stalled[source] = clock.last_arrival_s
                self.watch(source).hold()
                text = vi.source_stalled(source, silent_s, clock.last_arrival_s)
                alerts.append(make_alert(
                    "SOURCE_STALLED", f"source:{source}", clock.last_arrival_s + self.stall_s,
                    text, now, details={"source": source, "last_record": datetime.fromtimestamp(
                        clock.last_arrival_s, UTC).isoformat()},
                ))  # fmt: skip
            if source in self._stalled:
                continue
            alerts += dark_alerts(self.watch(source).due(clock.now_s(wall_s)), now)
        return alerts
