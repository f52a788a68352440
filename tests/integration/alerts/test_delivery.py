"""Outbox delivery to a real HTTP receiver: down during a burst, then every alert once, in order."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from infra.db.delivery import DeliveryAttemptRow, OutboxRow, RecipientRow
from infra.db.models import AlertRow, Vessel
from infra.repositories.outbox import SqlOutbox
from infra.repositories.recipients import upsert_recipient
from services.alerts.dispatcher import Dispatcher, DispatchPolicy
from tests.integration.alerts.conftest import make_alert, store
from tests.integration.alerts.receiver import Receiver


def _dispatcher(session_factory: Any, policy: DispatchPolicy) -> Dispatcher:
    return Dispatcher(SqlOutbox(session_factory), policy)


FAST = DispatchPolicy(
    poll_s=0.02, base_s=0.05, factor=2.0, cap_s=0.3, timeout_s=2.0, escalate_after_min=10_000
)


def _desk(
    session_factory: sessionmaker[Session], url: str, key: str = "test-desk", **fields: object
) -> str:
    with session_factory.begin() as session:
        _, secret = upsert_recipient(
            session,
            key,
            {"name": "Bàn trực thử nghiệm", "role": "border_guard", "webhook_url": url, **fields},
        )
    assert secret
    return secret


def _run_until(dispatchers: list[Dispatcher], done: object, timeout_s: float) -> None:
    async def main() -> None:
        stop = asyncio.Event()
        tasks = [asyncio.create_task(d.run(stop)) for d in dispatchers]
        deadline = time.monotonic() + timeout_s
        while not done() and time.monotonic() < deadline:  # type: ignore[operator]
            await asyncio.sleep(0.05)
        stop.set()
        await asyncio.gather(*tasks)

    asyncio.run(main())


def test_receiver_down_during_burst_gets_every_alert_once_in_order(
    session_factory: sessionmaker[Session],
) -> None:
    receiver = Receiver("placeholder")
    receiver.secret = _desk(session_factory, receiver.url)
    burst = [make_alert(n) for n in range(40)]
    for start in range(0, 40, 10):  # four transactions, as the alert agent would write them
        with session_factory.begin() as session:
            assert len(store(session, burst[start : start + 10])) == 10

    dispatcher = _dispatcher(session_factory, FAST)
    for _ in range(4):  # receiver down: connection refused, every cycle
        stats = asyncio.run(dispatcher.run_once())
        assert stats.delivered == 0
        time.sleep(0.12)
    with session_factory() as session:
        failed = session.scalar(
            select(func.count())
            .select_from(DeliveryAttemptRow)
            .where(DeliveryAttemptRow.outcome == "failed")
        )
        assert failed is not None and failed >= 2
        # only the head of the queue is tried while the desk is down: order is kept
        tried = set(session.scalars(select(DeliveryAttemptRow.alert_id)))
        assert tried == {burst[0].alert_id}

    receiver.up()
    try:
        _run_until([dispatcher], lambda: len(receiver.accepted) >= 40, timeout_s=30)
    finally:
        receiver.down()

    got = [d["alert"]["alert_id"] for d in receiver.accepted]
    assert got == [a.alert_id for a in burst]  # every alert, once, in order
    assert receiver.rejected == [] and receiver.duplicates == []
    assert {d["recipient"] for d in receiver.accepted} == {"test-desk"}
    with session_factory() as session:
        statuses = session.execute(
            select(OutboxRow.status, func.count()).group_by(OutboxRow.status)
        )
        assert dict(statuses.tuples().all()) == {"delivered": 40}
        log = session.execute(
            select(DeliveryAttemptRow.attempt, DeliveryAttemptRow.outcome, DeliveryAttemptRow.error)
            .where(DeliveryAttemptRow.alert_id == burst[0].alert_id)
            .order_by(DeliveryAttemptRow.id)
        ).all()
        assert [row.outcome for row in log][-1] == "delivered"
        assert all(row.outcome == "failed" and row.error for row in log[:-1]) and len(log) >= 3
        assert [row.attempt for row in log] == list(range(1, len(log) + 1))


def test_non_2xx_answers_are_retried_and_logged(session_factory: sessionmaker[Session]) -> None:
    receiver = Receiver("placeholder", fail_first=3)
    receiver.secret = _desk(session_factory, receiver.url)
    with session_factory.begin() as session:
        store(session, [make_alert(n) for n in range(3)])
    receiver.up()
    try:
        _run_until([_dispatcher(session_factory, FAST)], lambda: len(receiver.accepted) >= 3, 20)
    finally:
        receiver.down()
    assert len(receiver.accepted) == 3
    with session_factory() as session:
        codes = list(
            session.scalars(select(DeliveryAttemptRow.status_code).order_by(DeliveryAttemptRow.id))
        )
    assert codes == [503, 503, 503, 200, 200, 200]


def test_two_dispatchers_never_deliver_twice(session_factory: sessionmaker[Session]) -> None:
    receiver = Receiver("placeholder")
    receiver.secret = _desk(session_factory, receiver.url)
    alerts = [make_alert(n) for n in range(30)]
    with session_factory.begin() as session:
        store(session, alerts)
    receiver.up()
    try:
        _run_until(
            [_dispatcher(session_factory, FAST), _dispatcher(session_factory, FAST)],
            lambda: len(receiver.accepted) >= 30,
            30,
        )
        time.sleep(0.2)
    finally:
        receiver.down()
    assert [d["alert"]["alert_id"] for d in receiver.accepted] == [a.alert_id for a in alerts]
    assert receiver.duplicates == []


def test_enqueue_is_idempotent_and_routes_by_home_port(
    session_factory: sessionmaker[Session],
) -> None:
    _desk(session_factory, "http://127.0.0.1:9/ly", key="test-ly-son", areas=["ly_son"])
    _desk(session_factory, "http://127.0.0.1:9/sh", key="test-sa-huynh", areas=["duc_pho"])
    _desk(session_factory, "http://127.0.0.1:9/fa", key="test-fa", role="foreign_affairs")
    now = datetime.now(UTC)
    with session_factory.begin() as session:
        session.add(
            Vessel(
                vessel_id="QNg-90417-TS",
                home_port="Cảng Lý Sơn",
                created_at=now,
                updated_at=now,
                registered=True,
                high_risk=False,
            )
        )
    alerts = [make_alert(n, vessel_id="QNg-90417-TS") for n in range(3)]
    from infra.repositories.outbox import enqueue

    with session_factory.begin() as session:
        store(session, alerts)
        assert enqueue(session, alerts) == 0  # a replayed batch adds nothing
    with session_factory.begin() as session:
        assert enqueue(session, alerts + alerts) == 0
    with session_factory() as session:
        rows = session.execute(
            select(OutboxRow.alert_id, RecipientRow.key).join(
                RecipientRow, RecipientRow.id == OutboxRow.recipient_id
            )
        ).all()
        assert sorted(rows) == sorted((a.alert_id, "test-ly-son") for a in alerts)
        alert_count = session.scalar(select(func.count()).select_from(AlertRow))
        assert alert_count == 3


def test_sweep_delivers_alerts_whose_writer_did_not_enqueue(
    session_factory: sessionmaker[Session],
) -> None:
    from infra.repositories.alerts import save_alerts
    from infra.repositories.outbox import sweep

    receiver = Receiver("placeholder")
    receiver.secret = _desk(session_factory, receiver.url)
    alerts = [make_alert(n) for n in range(3)]
    with session_factory.begin() as session:
        assert len(save_alerts(session, alerts)) == 3  # e.g. the case handlers: no enqueue
        assert session.scalar(select(func.count()).select_from(OutboxRow)) == 0
    receiver.up()
    try:
        _run_until([_dispatcher(session_factory, FAST)], lambda: len(receiver.accepted) >= 3, 20)
    finally:
        receiver.down()
    assert [d["alert"]["alert_id"] for d in receiver.accepted] == [a.alert_id for a in alerts]
    with session_factory.begin() as session:
        assert sweep(session, datetime.now(UTC)) == 0  # routed once, never twice
        assert session.scalar(select(func.count()).select_from(OutboxRow)) == 3


def test_overdue_critical_alert_is_escalated_by_the_dispatcher_over_webhook(
    session_factory: sessionmaker[Session],
) -> None:
    from infra.repositories.acks import acknowledge

    leadership = Receiver("placeholder")
    with session_factory.begin() as session:
        _, secret = upsert_recipient(session, "bdbp-leadership", {"webhook_url": leadership.url})
    assert secret
    leadership.secret = secret
    old = datetime.now(UTC) - timedelta(minutes=30)
    overdue = make_alert(1, created_at=old, vessel_id="QNg-90001-TS")
    handled = make_alert(2, created_at=old, vessel_id="QNg-90002-TS")  # another boat
    with session_factory.begin() as session:
        store(session, [overdue, handled])
        acknowledge(session, handled.alert_id, "trucban1", "border_guard", "đã xử lý")
    policy = DispatchPolicy(poll_s=0.02, base_s=0.05, cap_s=0.3, escalate_after_min=15)
    leadership.up()
    try:
        _run_until(
            [_dispatcher(session_factory, policy)], lambda: len(leadership.accepted) >= 1, 20
        )
        time.sleep(0.2)  # a second escalation, if any, would arrive now
    finally:
        leadership.down()
    assert [(d["event"], d["alert"]["alert_id"]) for d in leadership.accepted] == [
        ("escalation", overdue.alert_id)
    ]
