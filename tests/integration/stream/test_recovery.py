"""Worker restarts and going dark, against a real broker and real worker processes."""

from __future__ import annotations

import signal
import uuid
from datetime import timedelta

import pytest

from infra.kafka import KafkaPublisher, ensure_topics
from infra.settings import get_settings
from tests.integration.stream.conftest import Stream, wait_for
from tests.integration.stream.test_pipeline import START, _alerts, _latest, southbound_track

pytestmark = pytest.mark.integration


def _risk_kinds(vessel: str) -> list[str]:
    return [a.kind for a in _alerts(vessel) if a.kind not in ("UNKNOWN_VESSEL",)]


def test_killed_worker_recovers_state_without_duplicating_alerts(stream: Stream) -> None:
    vessel = "NT-93333-TS"
    track = southbound_track(vessel, 44)  # IMMINENT around fix 33, inside from fix 37
    first, second = track[:35], track[35:]
    worker = stream.start_worker("worker-1")
    with KafkaPublisher(stream.settings) as pub:
        pub.publish_positions(first)
    wait_for(lambda: "IMMINENT" in _risk_kinds(vessel), 90)
    wait_for(lambda: (p := _latest(vessel)) is not None and p.lat == first[-1]["lat"], 30)
    worker.send_signal(signal.SIGKILL)  # no goodbye: offsets may lag, events will be replayed
    worker.wait(timeout=10)
    stream.start_worker("worker-2")
    with KafkaPublisher(stream.settings) as pub:
        pub.publish_positions(first[-5:] + second)  # the feed re-sends its last few fixes too
    wait_for(lambda: "INSIDE_FOREIGN" in _risk_kinds(vessel), 90)
    # the track goes on for more than the cooldown inside, so an hourly reminder may follow
    # (policy, not a duplicate): count the escalations
    kinds = [a.kind for a in _alerts(vessel)
             if a.kind != "UNKNOWN_VESSEL" and not (a.details or {}).get("reminder")]  # fmt: skip
    assert kinds.count("IMMINENT") == 1, kinds
    assert kinds.count("INSIDE_FOREIGN") == 1, kinds
    assert kinds[:2] == ["IMMINENT", "INSIDE_FOREIGN"], kinds


def test_vessel_at_sea_that_stops_reporting_goes_dark_then_recovers(stream: Stream) -> None:
    quiet, busy = "QNg-94444-TS", "QNg-95555-TS"
    stream.start_worker()
    at_sea = southbound_track(quiet, 3, start_lat=12.0, lon=110.5)
    # another boat keeps reporting for 26 hours: the feed's clock moves on without ``quiet``
    clock = [
        {**southbound_track(busy, 1, start_lat=11.0, lon=110.5)[0],
         "ts": (START + timedelta(hours=h)).isoformat(), "speed_kn": 0.5}
        for h in range(0, 27)
    ]  # fmt: skip
    with KafkaPublisher(stream.settings) as pub:
        pub.publish_positions(at_sea + clock)
    wait_for(lambda: {"DARK", "DARK_24H"} <= set(_risk_kinds(quiet)), 60)
    dark = [a for a in _alerts(quiet) if a.kind == "DARK"]
    assert len(dark) == 1
    assert "mất kết nối" in dark[0].message
    assert dark[0].ts == START + timedelta(
        minutes=20, hours=6
    )  # last fix + 6 h, on the feed's clock
    back = {**at_sea[-1], "ts": (START + timedelta(hours=27)).isoformat(), "lat": 11.5}
    with KafkaPublisher(stream.settings) as pub:
        pub.publish_positions([back])
    wait_for(lambda: "SIGNAL_RESTORED" in _risk_kinds(quiet), 60)
    assert _risk_kinds(quiet).count("DARK") == 1
    assert "DARK_10D" not in _risk_kinds(quiet)


def test_state_is_rebuilt_from_the_database_when_the_broker_forgets(
    stream: Stream, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the embedded broker's memory recycle does: empty topics, empty changelog, same DB."""
    vessel = "QNg-96666-TS"
    track = southbound_track(vessel, 44)
    first, second = track[:40], track[40:]  # inside foreign waters from about fix 37
    worker = stream.start_worker("before")
    with KafkaPublisher(stream.settings) as pub:
        pub.publish_positions(first)
    wait_for(lambda: "INSIDE_FOREIGN" in _risk_kinds(vessel), 90)
    wait_for(lambda: (p := _latest(vessel)) is not None and p.lat == first[-1]["lat"], 30)
    worker.terminate()
    worker.wait(timeout=20)
    # a brand-new broker state: new topics, new consumer group, no changelog
    tag = uuid.uuid4().hex[:8]
    stream.env["SEAWATCH_TOPIC_PREFIX"] = f"r{tag}"
    stream.env["SEAWATCH_APP_ID"] = f"seawatch-r{tag}"
    monkeypatch.setenv("SEAWATCH_TOPIC_PREFIX", f"r{tag}")
    get_settings.cache_clear()
    stream.settings = get_settings()
    ensure_topics(stream.settings)
    stream.start_worker("after")
    with KafkaPublisher(stream.settings) as pub:
        pub.publish_positions(second)
    wait_for(lambda: (p := _latest(vessel)) is not None and p.lat == second[-1]["lat"], 90)
    fresh = [
        a.kind
        for a in _alerts(vessel)
        if a.kind != "UNKNOWN_VESSEL" and not a.details.get("reminder")
    ]
    # still inside: nothing new to say, so no escalation is announced a second time
    assert fresh == ["IMMINENT", "INSIDE_FOREIGN"], fresh
