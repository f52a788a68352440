"""A write is answered only after it is committed: a failed commit is an error, not a success.

FastAPI runs a yield dependency's exit code after the response is sent unless it is scoped to
the function; the session dependency commits there. Seen on the duty desk: the page showed
"Gọi chủ tàu" (acknowledged) while the situation row was not yet written.
"""

from __future__ import annotations

import warnings
from datetime import UTC, datetime, timedelta

import pytest
from fastapi import FastAPI
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from infra.db.base import session_scope
from infra.db.situations import SituationRow
from infra.repositories.alerts import save_alerts
from tests.integration.api.test_desk_routes import _alert
from tests.integration.api.test_tracking_routes import _login, app  # noqa: F401


def test_an_acknowledgement_whose_commit_fails_is_not_answered_as_done(
    app: FastAPI,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    t0 = datetime(2026, 12, 3, 1, 0, tzinfo=UTC)
    with session_scope() as s:
        save_alerts(s, [_alert(t0 + timedelta(hours=h)) for h in range(2)])
    client = TestClient(app, raise_server_exceptions=False)
    guard = _login(client, "border_guard")
    (sit,) = client.get("/api/situations", headers=guard).json()

    def locked(self: Session) -> None:
        raise OperationalError("COMMIT", {}, Exception("database is locked"))

    monkeypatch.setattr(Session, "commit", locked)
    res = client.post(
        f"/api/situations/{sit['id']}/ack", json={"action": "call_owner"}, headers=guard
    )
    monkeypatch.undo()
    assert res.status_code >= 500, f"told {res.status_code} although nothing was committed"
    with session_scope() as s:
        row = s.get(SituationRow, sit["id"])
        assert row is not None and row.acked_at is None

