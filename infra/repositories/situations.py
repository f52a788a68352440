"""Alert situations in the database: attach new alerts, acknowledge, count, list, timeline.

The rules live in :mod:`services.alerts.situation`; this module applies them in the caller's
transaction (the one that stores the alerts, so a stored alert is never without its
situation). One active situation per boat and family is held by a partial unique index: two
writers racing to open the same one make one of them retry and attach instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from infra.db.models import AlertRow
from infra.db.situations import SituationRow
from services.alerts.model import Alert
from services.alerts.situation import Ending, Family, StepKind, family_of, plan
from services.vocabulary import AckAction, Severity, utc

__all__ = [
    "acknowledge_situation",
    "attach_alerts",
    "count_open",
    "list_situations",
    "month_outcomes",
    "situation_dict",
    "situation_timeline",
]

_SEVERITY_RANK = {s.value: s.rank for s in Severity}


def _active(session: Session, vessel_id: str, family: str) -> SituationRow | None:
    return session.scalar(
        select(SituationRow).where(
            SituationRow.vessel_id == vessel_id,
            SituationRow.family == family,
            SituationRow.ended_at.is_(None),
        )
    )


def _new(alert: Alert, family: str, needs_ack: bool, now: datetime) -> SituationRow:
    return SituationRow(
        vessel_id=alert.vessel_id, family=family, kind=alert.kind.value,
        severity=alert.severity.value, audience=list(alert.audience), opened_at=alert.ts,
        last_ts=alert.ts, first_alert_id=alert.alert_id, last_alert_id=alert.alert_id,
        messages=1, reminders=0, escalations=0, needs_ack=needs_ack,
        created_at=now, updated_at=now,
    )  # fmt: skip


def _step(
    alert: Alert, family: str, active: SituationRow | None, now: datetime
) -> tuple[SituationRow, bool]:
    """The situation ``alert`` joins, given its boat's active one of that family (the rules of
    :func:`services.alerts.situation.plan`); True when it is a new row, not added yet."""
    step = plan(
        alert.kind.value,
        alert.severity.value,
        active.kind if active is not None else None,
        active is not None and active.acked_at is not None,
    )
    if step.kind in (StepKind.OPEN, StepKind.NOTICE):
        row = _new(alert, family, step.needs_ack, now)
        if step.kind is StepKind.NOTICE:
            row.ended_at, row.ending = alert.ts, (step.ending.value if step.ending else None)
        return row, True
    assert active is not None
    if step.kind is StepKind.CLOSE:
        _attach(active, alert, step.kind, now)
        active.ended_at = utc(alert.ts)
        active.ending = step.ending.value if step.ending else None
        return active, False
    if step.kind is StepKind.ESCALATION and step.reopen_ack:
        active.acked_at = active.acked_by = active.ack_action = active.ack_note = None
    return _attach(active, alert, step.kind, now), False


def _apply(session: Session, alert: Alert, now: datetime) -> SituationRow:
    family = family_of(alert.kind.value)
    active = _active(session, alert.vessel_id, family) if alert.vessel_id else None
    row, new = _step(alert, family, active, now)
    if not new:
        return row
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:  # another writer opened it in the same instant: attach to theirs
        again = _active(session, alert.vessel_id or "", family)
        if again is None:
            raise
        return _attach(again, alert, StepKind.REMINDER, now)
    return row


def _attach(row: SituationRow, alert: Alert, step: StepKind, now: datetime) -> SituationRow:
    row.messages += 1
    if step is StepKind.REMINDER:
        row.reminders += 1
    elif step is StepKind.ESCALATION:
        row.escalations += 1
        row.kind = alert.kind.value
    if step is not StepKind.CLOSE and _SEVERITY_RANK.get(alert.severity.value, 0) > (
        _SEVERITY_RANK.get(row.severity, 0)
    ):
        row.severity = alert.severity.value
    row.audience = sorted(set(row.audience) | set(alert.audience))
    if utc(alert.ts) >= utc(row.last_ts):
        row.last_ts, row.last_alert_id = alert.ts, alert.alert_id
    row.updated_at = now
    return row


def attach_alerts(session: Session, alerts: Sequence[Alert], now: datetime | None = None) -> None:
    """Give every alert just stored its situation (oldest first); call in the storing transaction.

    Only call it with alerts that were new (``save_alerts`` returns them), so a replayed alert
    is never counted twice. The active situations of the batch's boats are read in one query
    and the rules applied in memory, one flush for the batch (one query, one savepoint and one
    update per alert cost the position flow's writer about 0.3 ms an alert). Should another
    writer open one of the same situations meanwhile, the batch is undone and applied alert by
    alert, attaching to theirs.
    """
    if not alerts:
        return
    current = now or datetime.now(UTC)
    ordered = sorted(alerts, key=lambda a: (utc(a.ts), a.alert_id))
    try:
        with session.begin_nested():
            links = _apply_all(session, ordered, current)
            session.flush()
    except IntegrityError:  # a situation opened by another writer in the same instant
        links = []
        for alert in ordered:
            links.append((alert, _apply(session, alert, current)))
            session.flush()
    table = cast(Table, AlertRow.__table__)
    session.execute(
        update(table)
        .where(table.c.alert_id == bindparam("b_alert"))
        .values(situation_id=bindparam("b_situation")),
        [{"b_alert": a.alert_id, "b_situation": row.id} for a, row in links],
    )


def _active_many(
    session: Session, keys: set[tuple[str, str]]
) -> dict[tuple[str, str], SituationRow]:
    """The active situation of each ``(vessel, family)`` in ``keys``, if any."""
    vessels = sorted({v for v, _ in keys})
    found: dict[tuple[str, str], SituationRow] = {}
    for start in range(0, len(vessels), 500):
        rows = session.scalars(
            select(SituationRow).where(
                SituationRow.vessel_id.in_(vessels[start : start + 500]),
                SituationRow.ended_at.is_(None),
            )
        )
        for row in rows:
            key = (row.vessel_id or "", row.family)
            if key in keys:
                found[key] = row
    return found


def _apply_all(
    session: Session, ordered: Sequence[Alert], now: datetime
) -> list[tuple[Alert, SituationRow]]:
    """:func:`_apply` over a batch in time order, the active situations kept in memory."""
    keys = {(a.vessel_id, family_of(a.kind.value)) for a in ordered if a.vessel_id}
    active = _active_many(session, keys)
    links = []
    for alert in ordered:
        family = family_of(alert.kind.value)
        key = (alert.vessel_id or "", family)
        row, new = _step(alert, family, active.get(key) if alert.vessel_id else None, now)
        if new:
            session.add(row)
        if alert.vessel_id and row.ended_at is None:
            active[key] = row
        elif active.get(key) is row:  # closed by this alert
            del active[key]
        links.append((alert, row))
    return links


def acknowledge_situation(
    session: Session,
    situation_id: int,
    user: str,
    action: AckAction | None = None,
    note: str | None = None,
    now: datetime | None = None,
) -> tuple[SituationRow | None, bool]:
    """Take a situation in hand; return it and whether this acknowledgement was the one recorded.

    The first acknowledgement stands (until an escalation reopens the situation).
    """
    row = session.get(SituationRow, situation_id, with_for_update=True)
    if row is None:
        return None, False
    if row.acked_at is not None:
        return row, False
    row.acked_at = now or datetime.now(UTC)
    row.acked_by = user
    row.ack_action = action.value if action is not None else None
    row.ack_note = note
    row.updated_at = row.acked_at
    return row, True


def situation_dict(row: SituationRow) -> dict[str, Any]:
    """The API view of a situation."""
    state = "ended" if row.ended_at is not None else "acked" if row.acked_at else "open"
    if not row.needs_ack and row.ended_at is not None:
        state = "notice"
    return {
        "id": row.id,
        "vessel_id": row.vessel_id,
        "family": row.family,
        "kind": row.kind,
        "severity": row.severity,
        "audience": row.audience,
        "state": state,
        "needs_ack": row.needs_ack,
        "opened_at": utc(row.opened_at).isoformat(),
        "last_ts": utc(row.last_ts).isoformat(),
        "first_alert_id": row.first_alert_id,
        "last_alert_id": row.last_alert_id,
        "messages": row.messages,
        "reminders": row.reminders,
        "escalations": row.escalations,
        "acked_at": utc(row.acked_at).isoformat() if row.acked_at else None,
        "acked_by": row.acked_by,
        "ack_action": row.ack_action,
        "ack_note": row.ack_note,
        "ended_at": utc(row.ended_at).isoformat() if row.ended_at else None,
        "ending": row.ending,
        "escalated_at": utc(row.escalated_at).isoformat() if row.escalated_at else None,
    }


def _visible(rows: Iterable[SituationRow], role: str | None) -> list[SituationRow]:
    from services.alerts.routing import visible_to

    return [r for r in rows if visible_to({"audience": r.audience}, role)]


def count_open(session: Session, role: str | None) -> dict[str, int]:
    """Counters of the desk, from the database: open (to acknowledge), in hand, their messages."""
    rows = _visible(
        session.scalars(
            select(SituationRow).where(
                SituationRow.ended_at.is_(None), SituationRow.needs_ack.is_(True)
            )
        ),
        role,
    )
    open_rows = [r for r in rows if r.acked_at is None]
    return {
        "open": len(open_rows),
        "open_critical": sum(1 for r in open_rows if r.severity == Severity.CRITICAL.value),
        "open_vessels": len({r.vessel_id for r in open_rows}),
        "open_messages": sum(r.messages for r in open_rows),
        "in_hand": len(rows) - len(open_rows),
    }


def list_situations(
    session: Session,
    role: str | None,
    state: str = "active",
    limit: int = 200,
    vessel_id: str | None = None,
) -> list[SituationRow]:
    """Situations the role may see: ``active`` (open ones first), ``open`` or ``all``."""
    stmt = select(SituationRow)
    if vessel_id:
        stmt = stmt.where(SituationRow.vessel_id == vessel_id)
    if state == "active":
        stmt = stmt.where(SituationRow.ended_at.is_(None))
    elif state == "open":
        stmt = stmt.where(
            SituationRow.ended_at.is_(None),
            SituationRow.acked_at.is_(None),
            SituationRow.needs_ack.is_(True),
        )
    stmt = stmt.order_by(SituationRow.last_ts.desc(), SituationRow.id.desc()).limit(limit * 3)
    rows = _visible(session.scalars(stmt), role)[:limit]
    if state == "active":
        rows.sort(key=lambda r: (r.acked_at is not None, -_SEVERITY_RANK.get(r.severity, 0)))
    return rows


def situation_timeline(session: Session, situation_id: int) -> list[AlertRow]:
    """Every message of a situation, oldest first."""
    return list(
        session.scalars(
            select(AlertRow)
            .where(AlertRow.situation_id == situation_id)
            .order_by(AlertRow.ts, AlertRow.id)
        )
    )


def count_messages(session: Session, situation_id: int) -> int:
    """Messages stored for a situation (the row's own counter must agree)."""
    return int(
        session.scalar(
            select(func.count()).select_from(AlertRow).where(AlertRow.situation_id == situation_id)
        )
        or 0
    )


def month_outcomes(
    session: Session, start: datetime, end: datetime, role: str | None = None
) -> dict[str, int]:
    """Boats warned in ``[start, end)`` (a risk situation opened) and how many came back.

    A boat came back when one of those situations ended with its return to safe waters, or an
    officer recorded "tàu đã quay về". Counted per boat, not per message.
    """
    rows = _visible(
        session.scalars(
            select(SituationRow).where(
                SituationRow.family == Family.RISK.value,
                SituationRow.needs_ack.is_(True),
                SituationRow.opened_at >= start,
                SituationRow.opened_at < end,
            )
        ),
        role,
    )
    warned = {r.vessel_id for r in rows if r.vessel_id}
    back = {
        r.vessel_id
        for r in rows
        if r.vessel_id
        and (r.ending == Ending.BACK_SAFE.value or r.ack_action == AckAction.RETURNED.value)
    }
    return {"warned": len(warned), "returned": len(back)}
