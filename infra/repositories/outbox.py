"""The webhook outbox: what is owed to whom, claimed and settled one delivery at a time.

Alerts are enqueued in the same transaction that stores them (:func:`enqueue`), so a crash can
never leave a stored alert undelivered or a delivery without its alert. Each recipient's rows are
sent strictly in alert order: only the oldest pending row of a recipient (its *head*) may be
attempted, so a receiver that is down for an hour gets the whole backlog, in order, once it is
back. Rows are claimed with a lease (a conditional UPDATE) so two dispatchers never send the same
row at once; the unique key (recipient, alert, event) makes re-enqueueing a replayed alert a no-op.
:func:`sweep` routes whatever another writer stored without enqueueing (a cursor over alert ids).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import and_, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from infra.db.delivery import DeliveryAttemptRow, OutboxRow, RecipientRow, RoutingCursorRow
from infra.db.models import AlertRow, Vessel
from infra.repositories.alerts import alert_row_dict, save_alerts
from infra.repositories.recipients import to_rule
from services.alerts.model import Alert
from services.alerts.ports import Claimed
from services.alerts.routing import area_for_home_port, route

log = logging.getLogger(__name__)

__all__ = [
    "SqlOutbox",
    "claim_head",
    "due_recipients",
    "enqueue",
    "enqueue_rows",
    "record_attempt",
    "save_and_enqueue",
    "sweep",
]


def _areas_for(session: Session, vessel_ids: set[str]) -> dict[str, str | None]:
    if not vessel_ids:
        return {}
    rows = session.execute(
        select(Vessel.vessel_id, Vessel.home_port).where(Vessel.vessel_id.in_(sorted(vessel_ids)))
    )
    return {vid: area_for_home_port(port) for vid, port in rows}


def enqueue_rows(
    session: Session, rows: Sequence[AlertRow], event: str = "alert", now: datetime | None = None
) -> int:
    """Create the outbox rows owed for stored ``rows``; return how many were new.

    Only recipients with a webhook get outbox rows (the page and the live stream need none).
    """
    if not rows:
        return 0
    current = now or datetime.now(UTC)
    recipients = [
        r
        for r in session.scalars(select(RecipientRow).order_by(RecipientRow.id))
        if r.webhook_url and r.active
    ]
    if not recipients:
        return 0
    rules = {r.id: to_rule(r) for r in recipients}
    areas = _areas_for(session, {r.vessel_id for r in rows if r.vessel_id})
    existing = set(
        session.execute(
            select(OutboxRow.recipient_id, OutboxRow.alert_id).where(
                OutboxRow.event == event, OutboxRow.alert_id.in_([r.alert_id for r in rows])
            )
        ).tuples()
    )
    new: list[dict[str, Any]] = []
    for row in sorted(rows, key=lambda r: r.id):
        data = alert_row_dict(row)
        area = areas.get(row.vessel_id) if row.vessel_id else None
        for rid, rule in rules.items():
            if (rid, row.alert_id) in existing or not route(
                data, [rule], area, event == "escalation"
            ):
                continue
            existing.add((rid, row.alert_id))
            new.append(
                {
                    "recipient_id": rid,
                    "alert_pk": row.id,
                    "alert_id": row.alert_id,
                    "event": event,
                    "status": "pending",
                    "attempts": 0,
                    "next_attempt_at": current,
                    "created_at": current,
                }
            )
    if new:
        session.execute(insert(OutboxRow), new)
    return len(new)


def enqueue(session: Session, alerts: Iterable[Alert], now: datetime | None = None) -> int:
    """Enqueue webhook deliveries for alerts just stored with ``save_alerts`` (same transaction).

    Idempotent: one outbox row per alert × matching recipient, however often it is called.
    """
    ids = list(dict.fromkeys(a.alert_id for a in alerts))
    if not ids:
        return 0
    rows: list[AlertRow] = []
    for start in range(0, len(ids), 500):
        rows.extend(
            session.scalars(select(AlertRow).where(AlertRow.alert_id.in_(ids[start : start + 500])))
        )
    return enqueue_rows(session, rows, "alert", now)


def save_and_enqueue(
    session: Session, alerts: Iterable[Alert], now: datetime | None = None
) -> list[Alert]:
    """Store alerts not stored yet and enqueue their deliveries, in the caller's transaction.

    Returns the alerts that were new. What raises an alert from a database change (a vessel
    created, say) calls this in that change's own transaction: the change and its alert are
    committed together or not at all, so no crash between the two can lose the alert.
    """
    fresh = save_alerts(session, alerts)
    if fresh:
        enqueue(session, fresh, now)
    return fresh


def due_recipients(session: Session, now: datetime) -> list[int]:
    """Ids of active webhook recipients whose oldest pending row may be attempted now."""
    result: list[int] = []
    recipients = session.scalars(
        select(RecipientRow).where(
            RecipientRow.active.is_(True), RecipientRow.webhook_url.is_not(None)
        )
    )
    for recipient in recipients:
        head = _head(session, recipient.id)
        if (
            head is not None
            and head.next_attempt_at <= now
            and (head.lease_until is None or head.lease_until < now)
        ):
            result.append(recipient.id)
    return result


def _head(session: Session, recipient_id: int) -> OutboxRow | None:
    return session.scalar(
        select(OutboxRow)
        .where(OutboxRow.recipient_id == recipient_id, OutboxRow.status == "pending")
        .order_by(OutboxRow.alert_pk, OutboxRow.id)
        .limit(1)
    )


def claim_head(
    session: Session, recipient_id: int, now: datetime, lease_s: float = 60.0
) -> Claimed | None:
    """Lease the recipient's oldest pending row if it is due; None if not due or taken."""
    head = _head(session, recipient_id)
    if head is None or head.next_attempt_at > now:
        return None
    claimed = session.execute(
        update(OutboxRow)
        .where(
            OutboxRow.id == head.id,
            OutboxRow.status == "pending",
            or_(OutboxRow.lease_until.is_(None), OutboxRow.lease_until < now),
        )
        .values(lease_until=now + timedelta(seconds=lease_s))
        .execution_options(synchronize_session=False)
    )
    if getattr(claimed, "rowcount", 0) != 1:
        return None
    recipient = session.get(RecipientRow, recipient_id)
    alert = session.get(AlertRow, head.alert_pk)
    if recipient is None or alert is None or not recipient.webhook_url or not recipient.secret:
        return None
    return Claimed(
        head.id,
        recipient_id,
        recipient.key,
        recipient.webhook_url,
        recipient.secret,
        head.event,
        head.attempts + 1,
        alert_row_dict(alert),
    )


def record_attempt(
    session: Session,
    claimed: Claimed,
    now: datetime,
    status_code: int | None,
    error: str | None,
    duration_ms: float,
    retry_at: datetime | None,
) -> None:
    """Settle a claimed row: delivered, or pending again until ``retry_at``; log the attempt."""
    delivered = retry_at is None
    values: dict[str, Any] = {"attempts": claimed.attempt, "lease_until": None, "last_error": error}
    if delivered:
        values.update(status="delivered", delivered_at=now)
    else:
        values.update(next_attempt_at=retry_at)
    session.execute(
        update(OutboxRow)
        .where(and_(OutboxRow.id == claimed.outbox_id, OutboxRow.status == "pending"))
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    session.add(
        DeliveryAttemptRow(
            outbox_id=claimed.outbox_id,
            recipient_id=claimed.recipient_id,
            alert_id=str(claimed.alert["alert_id"]),
            attempt=claimed.attempt,
            at=now,
            outcome="delivered" if delivered else "failed",
            status_code=status_code,
            error=error,
            duration_ms=duration_ms,
            retry_at=retry_at,
        )
    )


SWEEP_LOOKBACK_IDS = 200
SWEEP_LOOKBACK_S = 120.0


def sweep(session: Session, now: datetime, batch: int = 1000) -> int:
    """Route alerts stored past the cursor, whoever wrote them; return outbox rows created.

    The alert agent enqueues in its own transaction; this catches every other writer. Rows
    committed out of id order by concurrent writers are caught by re-reading the last
    ``SWEEP_LOOKBACK_IDS`` ids if they are younger than ``SWEEP_LOOKBACK_S`` (re-routing is
    idempotent, and the age limit keeps a newly configured webhook from receiving old alerts).
    """
    cursor = session.get(RoutingCursorRow, "alerts")
    if cursor is None:
        top = session.scalar(select(func.max(AlertRow.id))) or 0
        session.add(RoutingCursorRow(name="alerts", last_alert_pk=top, updated_at=now))
        return 0
    last = cursor.last_alert_pk
    rows = list(
        session.scalars(
            select(AlertRow)
            .where(
                or_(
                    AlertRow.id > last,
                    and_(
                        AlertRow.id > last - SWEEP_LOOKBACK_IDS,
                        AlertRow.created_at >= now - timedelta(seconds=SWEEP_LOOKBACK_S),
                    ),
                )
            )
            .order_by(AlertRow.id)
            .limit(batch)
        )
    )
    if not rows:
        return 0
    created = enqueue_rows(session, rows, "alert", now)
    top = max(r.id for r in rows)
    if top > last:
        cursor.last_alert_pk = top
        cursor.updated_at = now
    return created


T = TypeVar("T")


class SqlOutbox:
    """:class:`services.alerts.ports.Outbox` on the database behind ``session_factory``.

    Every call is its own short transaction, so a dispatcher holds no lock while it waits on
    a receiver.
    """

    def __init__(self, session_factory: Callable[[], Session]) -> None:
        self.session_factory = session_factory

    def _tx(self, fn: Callable[[Session], T]) -> T:
        session = self.session_factory()
        try:
            result = fn(session)
            session.commit()
            return result
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def sweep(self, now: datetime) -> int:
        try:
            return self._tx(lambda s: sweep(s, now))
        except IntegrityError:  # another dispatcher routed the same alerts first
            log.debug("sweep raced another dispatcher; retrying next cycle")
            return 0

    def escalate_due(self, after_min: float, now: datetime) -> list[str]:
        from infra.repositories.acks import escalate_due

        return self._tx(lambda s: escalate_due(s, after_min, now))

    def due_recipients(self, now: datetime) -> list[int]:
        return self._tx(lambda s: due_recipients(s, now))

    def claim_head(self, recipient_id: int, now: datetime, lease_s: float) -> Claimed | None:
        return self._tx(lambda s: claim_head(s, recipient_id, now, lease_s))

    def record_attempt(
        self, claimed: Claimed, now: datetime, status_code: int | None, error: str | None,
        duration_ms: float, retry_at: datetime | None,
    ) -> None:  # fmt: skip
        self._tx(lambda s: record_attempt(s, claimed, now, status_code, error, duration_ms,
                                          retry_at))  # fmt: skip
