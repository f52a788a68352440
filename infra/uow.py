"""SQLAlchemy unit of work and repositories for the consular cases.

Two ways in:

* ``SqlAlchemyUnitOfWork(session_factory)`` opens its own session per ``with`` block and commits
  on ``commit()`` - for the incident-stream agent and the CLI;
* ``SessionUnitOfWork(session)`` works inside a session someone else owns (the API's
  per-request session, committed by ``services.api.deps.get_db``); its ``commit()`` only flushes.

Both store the alerts a use case emits in the same transaction (``save_alerts``, idempotent) and
still hand them out through ``collect_alerts()`` for publishing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from infra.db.models import AlertRow, Vessel
from infra.db.users import AuditRow
from infra.repositories.alerts import save_alerts
from infra.repositories.cases import SqlCaseRepository, SqlPersonRepository
from infra.repositories.vessels import register_sightings
from services.alerts.model import Alert
from services.vessels.model import Sighting

__all__ = ["SessionUnitOfWork", "SqlAlchemyUnitOfWork", "record_audit"]


def record_audit(
    session: Session,
    actor: str,
    action: str,
    entity: str,
    entity_id: str,
    changes: dict[str, Any],
    at: datetime | None = None,
) -> None:
    """Append one audit row (who, when, what) to the session's transaction."""
    session.add(
        AuditRow(
            at=at or datetime.now(UTC),
            actor=actor,
            action=action,
            entity=entity,
            entity_id=entity_id,
            changes=changes,
        )
    )


class _SessionBacked:
    """Everything but the transaction boundaries, over ``self.session``."""

    session: Session
    persons: SqlPersonRepository
    cases: SqlCaseRepository

    def _bind(self, session: Session) -> None:
        self.session = session
        self.persons = SqlPersonRepository(session)
        self.cases = SqlCaseRepository(session)
        self._alerts: list[Alert] = []
        self._saved: list[Alert] = []

    def now(self) -> datetime:
        return datetime.now(UTC)

    def vessel_known(self, vessel_id: str) -> bool:
        return self.session.get(Vessel, vessel_id) is not None

    def register_unknown_vessel(self, sighting: Sighting, at: datetime) -> None:
        # stored (and its deliveries enqueued) with the vessel; published with the use case's
        self._saved.extend(register_sightings(self.session, [sighting], at))

    def risk_alert_ids(
        self, vessel_id: str, kinds: frozenset[str], start: datetime, end: datetime
    ) -> list[str]:
        rows = self.session.scalars(
            select(AlertRow.alert_id)
            .where(
                AlertRow.vessel_id == vessel_id,
                AlertRow.kind.in_(sorted(kinds)),
                AlertRow.ts >= start,
                AlertRow.ts < end,
            )
            .order_by(AlertRow.ts)
        )
        return list(rows)

    def report_case(self, report_id: str) -> int | None:
        return self.cases.report_case(report_id)

    def record_report(
        self,
        report_id: str,
        case_id: int,
        source: str,
        payload: dict[str, Any],
        problems: list[str],
    ) -> None:
        self.cases.record_report(report_id, case_id, source, payload, problems, self.now())

    def audit(
        self, actor: str, action: str, entity: str, entity_id: str, changes: dict[str, Any]
    ) -> None:
        record_audit(self.session, actor, action, entity, entity_id, changes, self.now())

    def emit(self, alert: Alert) -> None:
        self._alerts.append(alert)

    def collect_alerts(self) -> list[Alert]:
        """Alerts emitted since the last call (stored already once ``commit()`` ran)."""
        alerts = self._saved + self._alerts
        self._saved, self._alerts = [], []
        return alerts

    def _store_alerts(self) -> None:
        if self._alerts:
            save_alerts(self.session, self._alerts)
            self._saved.extend(self._alerts)
            self._alerts = []


class SqlAlchemyUnitOfWork(_SessionBacked):
    """A fresh session per ``with`` block; leaving it without ``commit()`` rolls back."""

    def __init__(self, session_factory: Callable[[], Session]) -> None:
        self._factory = session_factory

    def __enter__(self) -> SqlAlchemyUnitOfWork:
        self._bind(self._factory())
        return self

    def __exit__(self, *exc: object) -> None:
        self.session.rollback()
        self.session.close()

    def commit(self) -> None:
        self._store_alerts()
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()


class SessionUnitOfWork(_SessionBacked):
    """Inside a session owned by the caller: ``commit()`` flushes, the owner commits."""

    def __init__(self, session: Session) -> None:
        self._bind(session)

    def __enter__(self) -> SessionUnitOfWork:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def commit(self) -> None:
        self._store_alerts()
        self.session.flush()

    def rollback(self) -> None:
        self.session.rollback()
