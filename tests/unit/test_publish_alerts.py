"""publish_alerts: queue, or wait until the broker has every alert, sending refused ones again."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Iterable
from datetime import UTC, datetime
from typing import Any

from services.alerts.model import Alert
from services.vocabulary import AlertKind, Severity
from streams.positions.runtime import publish_alerts

NOW = datetime(2026, 11, 20, 1, 0, tzinfo=UTC)


def _alert(n: int) -> Alert:
    return Alert(
        alert_id=f"a{n}", kind=AlertKind.APPROACHING, severity=Severity.WARNING,
        vessel_id=f"QNg-9000{n}-TS", ts=NOW, created_at=NOW, message="Tàu sắp vượt ranh giới",
    )  # fmt: skip


class FakeTopic:
    """A producer whose deliveries settle when the test says so; refuses chosen sends once."""

    def __init__(self, refuse_once: Iterable[str] = ()) -> None:
        self.sent: list[str] = []
        self.delivered: list[str] = []
        self.pending: list[tuple[str, asyncio.Future[Any]]] = []
        self._refuse = set(refuse_once)

    async def send(self, alert: Alert) -> Awaitable[Any]:
        self.sent.append(alert.alert_id)
        fut: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self.pending.append((alert.alert_id, fut))
        return fut

    def settle(self) -> None:
        for alert_id, fut in self.pending:
            if alert_id in self._refuse:
                self._refuse.discard(alert_id)
                fut.set_exception(RuntimeError("broker refused"))
            else:
                self.delivered.append(alert_id)
                fut.set_result(None)
        self.pending = []


async def test_without_confirm_alerts_are_only_queued() -> None:
    topic = FakeTopic()
    await publish_alerts([_alert(1), _alert(2)], topic.send)
    assert topic.sent == ["a1", "a2"] and topic.delivered == []


async def test_with_confirm_it_returns_only_once_every_alert_is_delivered() -> None:
    topic = FakeTopic(refuse_once={"a2"})
    alerts = [_alert(1), _alert(2), _alert(3)]
    task = asyncio.ensure_future(
        publish_alerts(alerts, topic.send, confirm=True, first_retry_s=0.01)
    )
    await asyncio.sleep(0.005)
    assert not task.done() and topic.sent == ["a1", "a2", "a3"]
    topic.settle()  # a2 refused: sent again after the backoff, the others not
    while len(topic.sent) < 4:
        await asyncio.sleep(0.005)
    assert not task.done() and topic.sent == ["a1", "a2", "a3", "a2"]
    topic.settle()
    await asyncio.wait_for(task, 1.0)
    assert sorted(topic.delivered) == ["a1", "a2", "a3"]


async def test_nothing_to_send_returns_at_once() -> None:
    topic = FakeTopic()
    await asyncio.wait_for(publish_alerts([], topic.send, confirm=True), 0.5)
    assert topic.sent == []
