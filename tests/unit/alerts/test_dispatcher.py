"""The dispatcher over a fake outbox and a mock HTTP transport: order, retries, backoff."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta

import httpx

from services.alerts.dispatcher import Dispatcher, DispatchPolicy
from services.alerts.webhooks import verify
from tests.unit.alerts.fakes import FakeOutbox

NOW = datetime(2026, 5, 28, 3, 0, tzinfo=UTC)
POLICY = DispatchPolicy(base_s=5.0, factor=2.0, cap_s=60.0)


def _run(outbox: FakeOutbox, handler: httpx.MockTransport) -> None:
    async def go() -> None:
        async with httpx.AsyncClient(transport=handler) as client:
            await Dispatcher(outbox, POLICY, client, clock=lambda: NOW).run_once()

    asyncio.run(go())


def test_a_desk_gets_its_backlog_in_order_signed() -> None:
    outbox, seen = FakeOutbox(), []

    def ok(request: httpx.Request) -> httpx.Response:
        verify("s3cret-0123456789", request.content, request.headers)  # signed just now
        seen.append(json.loads(request.content)["alert"]["alert_id"])
        return httpx.Response(204)

    for n in range(3):
        outbox.add(1, {"alert_id": f"a{n}"}, NOW, "http://desk.invalid/hook")
    _run(outbox, httpx.MockTransport(ok))
    assert seen == ["a0", "a1", "a2"]
    assert [a[1:] for a in outbox.attempts] == [(204, None, None)] * 3
    assert outbox.sweeps == 1


def test_a_failure_stops_the_desk_and_waits_its_backoff() -> None:
    outbox = FakeOutbox()
    outbox.add(1, {"alert_id": "a0"}, NOW, "http://down.invalid/hook")
    outbox.add(1, {"alert_id": "a1"}, NOW, "http://down.invalid/hook")
    _run(outbox, httpx.MockTransport(lambda request: httpx.Response(503)))
    assert outbox.attempts == [("a0", 503, "HTTP 503", NOW + timedelta(seconds=5))]
    _run(outbox, httpx.MockTransport(lambda request: httpx.Response(503)))  # not due yet
    assert len(outbox.attempts) == 1
