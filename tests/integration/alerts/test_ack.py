"""Acknowledgement (who, when, note; first wins); escalation of unacknowledged critical alerts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from infra.db.delivery import EscalationRow, OutboxRow, RecipientRow
from infra.repositories.acks import ack_state, acknowledge, escalate_due
from infra.repositories.recipients import upsert_recipient
from services.alerts.errors import UnknownAlert
from services.vocabulary import Severity
from tests.integration.alerts.conftest import make_alert, store


def test_acknowledge_records_who_when_note_and_first_wins(
    session_factory: sessionmaker[Session],
) -> None:
    alert = make_alert(1)
    with session_factory.begin() as session:
        store(session, [alert])
    at = datetime(2026, 11, 23, 4, 0, tzinfo=UTC)
    with session_factory.begin() as session:
        _, created = acknowledge(
            session,
            alert.alert_id,
            "trucban1",
            "border_guard",
            "  Đã liên lạc thuyền trưởng qua ICOM  ",
            now=at,
        )
        assert created
    with session_factory.begin() as session:
        again, created = acknowledge(session, alert.alert_id, "trucban2", "border_guard", "muộn")
        assert not created and again.acked_by == "trucban1"
    with session_factory() as session:
        state = ack_state(session, [alert.alert_id, "missing"])
    assert state[alert.alert_id]["ack"]["note"] == "Đã liên lạc thuyền trưởng qua ICOM"
    assert state[alert.alert_id]["ack"]["acked_at"].startswith("2026-11-23T04:00:00")
    assert state["missing"] == {"ack": None, "escalated_at": None}


def test_acknowledging_an_unknown_alert_is_an_error(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as session, pytest.raises(UnknownAlert):
        acknowledge(session, "no-such-alert", "trucban1")


def test_unacknowledged_critical_alert_escalates_once(
    session_factory: sessionmaker[Session],
) -> None:
    now = datetime.now(UTC)
    old = now - timedelta(minutes=20)
    # four boats: messages of one boat are one situation, which one acknowledgement takes
    overdue = make_alert(1, created_at=old, vessel_id="QNg-90001-TS")
    acked = make_alert(2, created_at=old, vessel_id="QNg-90002-TS")
    fresh = make_alert(3, created_at=now - timedelta(minutes=5), vessel_id="QNg-90003-TS")
    warning = make_alert(4, created_at=old, severity=Severity.WARNING, vessel_id="QNg-90004-TS")
    with session_factory.begin() as session:
        _, secret = upsert_recipient(
            session, "bdbp-leadership", {"webhook_url": "http://127.0.0.1:9/x"}
        )
        assert secret
        store(session, [overdue, acked, fresh, warning])
        acknowledge(session, acked.alert_id, "trucban1")
    with session_factory.begin() as session:
        assert escalate_due(session, after_min=15, now=now) == [overdue.alert_id]
    with session_factory.begin() as session:
        assert escalate_due(session, after_min=15, now=now + timedelta(minutes=1)) == []
    with session_factory() as session:
        assert session.scalar(select(func.count()).select_from(EscalationRow)) == 1
        owed = session.execute(
            select(OutboxRow.alert_id, OutboxRow.event, RecipientRow.key).join(
                RecipientRow, RecipientRow.id == OutboxRow.recipient_id
            )
        ).all()
        assert [tuple(r) for r in owed] == [(overdue.alert_id, "escalation", "bdbp-leadership")]
        state = ack_state(session, [overdue.alert_id])
        assert state[overdue.alert_id]["escalated_at"] is not None


def test_an_escalation_rolled_back_leaves_nothing_behind_and_escalates_later(
    session_factory: sessionmaker[Session],
) -> None:
    # the escalation row sits in a savepoint; on SQLite that savepoint once committed on its
    # own, so a failure before the deliveries were enqueued kept an escalation nobody received
    now = datetime.now(UTC)
    overdue = make_alert(1, created_at=now - timedelta(minutes=20))
    with session_factory.begin() as session:
        upsert_recipient(session, "bdbp-leadership", {"webhook_url": "http://127.0.0.1:9/x"})
        store(session, [overdue])

    class Crash(Exception):
        pass

    with pytest.raises(Crash), session_factory.begin() as session:
        assert escalate_due(session, after_min=15, now=now) == [overdue.alert_id]
        raise Crash
    with session_factory() as session:
        assert session.scalar(select(func.count()).select_from(EscalationRow)) == 0
        assert session.scalar(select(func.count()).select_from(OutboxRow).where(
            OutboxRow.event == "escalation")) == 0  # fmt: skip
    with session_factory.begin() as session:
        assert escalate_due(session, after_min=15, now=now) == [overdue.alert_id]
    with session_factory() as session:
        assert session.scalar(select(func.count()).select_from(OutboxRow).where(
            OutboxRow.event == "escalation")) == 1  # fmt: skip
