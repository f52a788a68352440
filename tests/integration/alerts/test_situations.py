"""An alert is a situation: reminders attach, one acknowledgement takes all, return ends it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from infra.db.delivery import OutboxRow
from infra.db.models import AlertRow
from infra.db.situations import SituationRow
from infra.repositories.acks import ack_state, acknowledge
from infra.repositories.recipients import upsert_recipient
from infra.repositories.situations import count_messages, count_open, list_situations
from services.alerts.model import Alert
from services.vocabulary import AckAction, AlertKind, alert_id_for
from tests.integration.alerts.conftest import store

T0 = datetime(2026, 12, 3, 1, 0, tzinfo=UTC)
V = "QNg-90417-TS"


def msg(minute: int, kind: AlertKind, vessel: str = V, reminder: bool = False) -> Alert:
    ts = T0 + timedelta(minutes=minute)
    return Alert(
        alert_id=alert_id_for(kind.value, vessel, ts),
        kind=kind,
        severity=kind.severity,
        vessel_id=vessel,
        ts=ts,
        created_at=datetime.now(UTC),
        lat=7.1,
        lon=108.2,
        message=f"Tàu {vessel}: {kind.value} lúc {minute}",
        details={"reminder": reminder},
    )


def _situations(session: Session) -> list[SituationRow]:
    return list(session.scalars(select(SituationRow).order_by(SituationRow.id)))


def test_reminders_attach_and_one_acknowledgement_takes_the_whole_situation(
    session_factory: sessionmaker[Session],
) -> None:
    first = msg(0, AlertKind.INSIDE_FOREIGN)
    reminders = [msg(60 * i, AlertKind.INSIDE_FOREIGN, reminder=True) for i in range(1, 9)]
    with session_factory.begin() as session:
        upsert_recipient(session, "bdbp-command", {"webhook_url": "http://127.0.0.1:9/x"})
        store(session, [first, *reminders])
        store(session, [first, reminders[0]])  # a replay stores nothing and counts nothing
    with session_factory.begin() as session:
        (sit,) = _situations(session)
        assert (sit.messages, sit.reminders, sit.escalations) == (9, 8, 0)
        assert count_messages(session, sit.id) == 9
        assert count_open(session, "border_guard")["open"] == 1
        assert count_open(session, "border_guard")["open_messages"] == 9
        # webhooks still carry every message: one outbox row per alert and desk
        owed = session.scalar(
            select(func.count(func.distinct(OutboxRow.alert_id))).select_from(OutboxRow)
        )
        assert owed == 9
        acknowledge(
            session, reminders[3].alert_id, "trucban1", "border_guard", "đã gọi",
            action=AckAction.CALL_OWNER,
        )  # fmt: skip
    with session_factory() as session:
        state = ack_state(session, [first.alert_id] + [r.alert_id for r in reminders])
        assert all(s["ack"] is not None for s in state.values())
        assert state[first.alert_id]["ack"]["action"] == "call_owner"
        assert count_open(session, "border_guard") == {
            "open": 0, "open_critical": 0, "open_vessels": 0, "open_messages": 0, "in_hand": 1,
        }  # fmt: skip


def test_escalation_attaches_and_reopens_an_acknowledged_situation(
    session_factory: sessionmaker[Session],
) -> None:
    approach = msg(0, AlertKind.APPROACHING)
    with session_factory.begin() as session:
        store(session, [approach])
        acknowledge(session, approach.alert_id, "trucban1", action=AckAction.RADIO)
    with session_factory.begin() as session:
        store(session, [msg(20, AlertKind.IMMINENT)])
    with session_factory() as session:
        (sit,) = _situations(session)
        assert (sit.kind, sit.severity, sit.escalations, sit.acked_at) == (
            "IMMINENT", "critical", 1, None,
        )  # fmt: skip
        assert count_open(session, "border_guard")["open_critical"] == 1


def test_return_to_safe_waters_ends_the_situation_and_the_next_crossing_opens_a_new_one(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory.begin() as session:
        store(session, [msg(0, AlertKind.IMMINENT), msg(40, AlertKind.BACK_SAFE)])
        store(session, [msg(300, AlertKind.APPROACHING)])
    with session_factory() as session:
        ended, fresh = _situations(session)
        assert (ended.ending, ended.messages, ended.ended_at) == (
            "back_safe", 2, T0 + timedelta(minutes=40),
        )  # fmt: skip
        assert fresh.ended_at is None and fresh.kind == "APPROACHING"
        assert [s.id for s in list_situations(session, "border_guard")] == [fresh.id]


def test_information_needs_no_acknowledgement_and_families_stay_apart(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory.begin() as session:
        store(session, [
            msg(0, AlertKind.UNKNOWN_VESSEL, vessel="UNREG-1"),
            msg(0, AlertKind.APPROACHING),
            msg(5, AlertKind.DARK),
            msg(400, AlertKind.DARK_24H),
            msg(500, AlertKind.SIGNAL_RESTORED),
        ])  # fmt: skip
    with session_factory() as session:
        notice, risk, dark = _situations(session)
        assert (notice.needs_ack, notice.ending) == (False, "notice")
        assert (risk.family, risk.ended_at) == ("risk", None)
        assert (dark.family, dark.kind, dark.messages, dark.ending) == (
            "dark", "DARK_24H", 3, "signal_restored",
        )  # fmt: skip
        assert count_open(session, "border_guard")["open"] == 1
        assert (
            session.scalar(
                select(func.count()).select_from(AlertRow).where(AlertRow.situation_id.is_(None))
            )
            == 0
        )


def test_a_stalled_feed_is_one_situation_until_it_sends_again(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory.begin() as session:
        store(session, [msg(0, AlertKind.SOURCE_STALLED, vessel="source:vms"),
                        msg(90, AlertKind.SOURCE_RESTORED, vessel="source:vms")])  # fmt: skip
    with session_factory() as session:
        (sit,) = _situations(session)
        assert (sit.family, sit.messages, sit.ending) == ("SOURCE_STALLED", 2, "source_restored")


def test_a_batch_of_alerts_makes_the_situations_one_alert_at_a_time_makes(
    session_factory: sessionmaker[Session],
) -> None:
    """The alert agent stores a batch at once (one read of the active situations, one flush):
    over 300 random alerts of 6 boats across the boundary and silence families, the situations
    and each alert's situation are those of storing them one by one."""
    import random

    from sqlalchemy import delete

    from infra.db.delivery import OutboxRow

    rng = random.Random(18)
    kinds = [AlertKind.APPROACHING, AlertKind.IMMINENT, AlertKind.INSIDE_FOREIGN,
             AlertKind.BACK_SAFE, AlertKind.DARK, AlertKind.DARK_24H, AlertKind.SIGNAL_RESTORED,
             AlertKind.ARCHIPELAGO, AlertKind.UNKNOWN_VESSEL]  # fmt: skip
    boats = [f"QNg-9{k:04d}-TS" for k in range(6)]
    alerts = [msg(i, rng.choice(kinds), rng.choice(boats)) for i in range(300)]
    cuts = sorted(rng.sample(range(1, 300), 12))
    batches = [alerts[a:b] for a, b in zip([0, *cuts], [*cuts, 300], strict=True)]

    def outcome(session: Session) -> tuple[list[tuple], list[tuple]]:  # type: ignore[type-arg]
        sits = [(s.vessel_id, s.family, s.kind, s.messages, s.reminders, s.escalations,
                 s.ended_at is not None, s.first_alert_id, s.last_alert_id)
                for s in _situations(session)]  # fmt: skip
        first = {s.id: s.first_alert_id for s in _situations(session)}
        links = [(a.alert_id, first[a.situation_id]) for a in
                 session.scalars(select(AlertRow).order_by(AlertRow.alert_id))]  # fmt: skip
        return sits, links

    with session_factory.begin() as session:
        for batch in batches:
            store(session, batch)
        batched = outcome(session)
    with session_factory.begin() as session:
        for model in (OutboxRow, AlertRow, SituationRow):
            session.execute(delete(model))
    with session_factory.begin() as session:
        for alert in alerts:
            store(session, [alert])
        single = outcome(session)
    assert len(batched[0]) > 6 and batched == single
