"""Schemathesis against the whole API (issue 15, #3): no request, valid or not, is a 500.

Every operation of ``/openapi.json`` gets a bounded number of generated requests, fitting its
schema (positive) and not (negative), as an admin, against a migrated SQLite database seeded
with a vessel, a person and a case (so ids 1.. hit real rows). The figures (cases, operations,
server errors) are printed; run with ``-s`` to see them.
"""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings

from infra.db.base import session_scope
from infra.db.migrate import upgrade_head
from infra.repositories.users import SqlUserStore
from infra.settings import get_settings
from services.api.main import create_app
from services.auth.tokens import issue_token

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import schemathesis
    from schemathesis.generation import GenerationMode
    from schemathesis.python import asgi

pytestmark = pytest.mark.integration

EXAMPLES_PER_MODE = 12
# an endless event stream (tested in tests/integration/alerts); the health check's 503 for a
# missing broker is its answer, not an error
SKIP = {("GET", "/api/alerts/stream")}
EXPECTED_5XX = {("GET", "/api/health", 503)}


class _Publisher:
    def publish_positions(self, reports: list[Any]) -> int:
        return len(reports)

    def flush(self, timeout_s: float = 10.0) -> None:
        return None

    def close(self) -> None:
        return None


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FastAPI]:
    url = f"sqlite:///{tmp_path / 'api.sqlite'}"
    monkeypatch.setenv("SEAWATCH_DATABASE_URL", url)
    monkeypatch.setenv("SEAWATCH_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    upgrade_head(url)
    with session_scope() as s:
        SqlUserStore(s).create("admin", "mat-khau-du-dai-de-thu", "admin", "test")
    monkeypatch.setattr("services.api.routes.positions.get_publisher", lambda app: _Publisher())
    application = create_app()
    with asgi.get_client(application) as client:
        token = issue_token("admin", "admin", get_settings().secret_key)
        headers = {"Authorization": f"Bearer {token}"}
        client.post("/api/persons", json={"full_name": "Nguyễn Văn A"}, headers=headers)
    yield application
    get_settings.cache_clear()


def test_no_generated_request_is_a_server_error(app: FastAPI) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    token = issue_token("admin", "admin", get_settings().secret_key)
    headers = {"Authorization": f"Bearer {token}"}
    operations = [r.ok() for r in schema.get_all_operations()]
    operations = [op for op in operations if (op.method.upper(), op.path) not in SKIP]
    statuses: Counter[int] = Counter()
    errors: list[str] = []
    cases = 0
    skipped: list[str] = []
    with asgi.get_client(app) as client:
        for op in operations:
            label = (op.method.upper(), op.path)
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                strategy = op.as_strategy(generation_mode=mode)

                @settings(
                    max_examples=EXAMPLES_PER_MODE, deadline=None, database=None,
                    suppress_health_check=list(HealthCheck),
                )  # fmt: skip
                @given(case=strategy)
                def run(case: Any) -> None:
                    nonlocal cases
                    # always the admin: a generated API key would be refused before the route
                    generated = {
                        k: v
                        for k, v in (case.headers or {}).items()
                        if k.lower() not in ("x-api-key", "authorization")
                    }
                    case.headers = {**generated, **headers}
                    response = case.call(session=client)
                    cases += 1
                    statuses[response.status_code] += 1
                    key = (*label, response.status_code)  # noqa: B023 (run now, in this loop)
                    if response.status_code >= 500 and key not in EXPECTED_5XX:
                        errors.append(f"{key}: {case.as_curl_command()} -> {response.text[:200]}")

                try:
                    run()
                except Exception as exc:  # unsatisfiable strategies: no case, no error
                    skipped.append(f"{label} {mode}: {type(exc).__name__}: {str(exc)[:150]}")
    print(
        f"\nschemathesis: {cases} cases, {len(operations)} operations, "
        f"{len(errors)} server errors; statuses {dict(sorted(statuses.items()))}; "
        f"{len(skipped)} operation/mode pairs with nothing to generate"
    )
    assert len(operations) >= 35
    assert cases >= 10 * len(operations)
    assert errors == [], "\n".join(errors[:20])
