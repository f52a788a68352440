"""Consular cases: incident reports applied per second, replays per second, API latencies.

Run from the repository root: ``python bench/cases.py [--reports 300] [--url sqlite:///...]``.
Prints figures only (no asserts). A province sees a few reports a day, so the interest is that a
replay of a whole stream after a worker crash takes seconds, and officers' requests stay snappy.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import warnings
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from infra.db.base import get_sessionmaker
from infra.db.migrate import upgrade_head
from infra.uow import SqlAlchemyUnitOfWork
from services.cases.handlers import handle_incident_report
from streams.records import IncidentKind, IncidentPerson, IncidentReport


def _reports(n: int, crew: int) -> list[IncidentReport]:
    start = datetime(2021, 1, 1, tzinfo=UTC)
    return [
        IncidentReport(
            report_id=f"bench-{i}",
            kind=IncidentKind.DETENTION,
            country=("MY", "ID", "CN")[i // 2 % 3],
            occurred_at=start + timedelta(days=i // 2),
            vessel_id=f"QNg-{90000 + i // 2}-TS",
            persons=[
                IncidentPerson(full_name=f"Ngư dân {i}-{k}", national_id=f"05{i:06d}{k:04d}")
                for k in range(crew)
            ],
        )
        for i in range(n)
    ]


def _api_latency(url: str, rounds: int) -> None:
    os.environ["SEAWATCH_DATABASE_URL"] = url
    os.environ["SEAWATCH_SECRET_KEY"] = "bench-secret-bench-secret-bench-secret-0123"
    from infra.settings import get_settings

    get_settings.cache_clear()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    from fastapi import FastAPI

    from infra.db.users import UserRow
    from services.api.routes import cases
    from services.auth.tokens import issue_token

    with get_sessionmaker(url)() as session:
        session.add(
            UserRow(
                username="fa",
                role="foreign_affairs",
                password_hash="x",
                active=True,
                created_at=datetime.now(UTC),
            )
        )
        session.commit()
    app = FastAPI()
    app.include_router(cases.router)
    client = TestClient(app)
    token = issue_token("fa", "foreign_affairs", get_settings().secret_key)
    headers = {"Authorization": f"Bearer {token}"}
    case = client.post(
        "/api/cases",
        json={"kind": "detention", "country": "MY", "occurred_on": "2021-06-01"},
        headers=headers,
    ).json()
    timings: dict[str, list[float]] = {"GET case": [], "POST event": [], "GET summary": []}
    for i in range(rounds):
        member = client.post(
            f"/api/cases/{case['id']}/members",
            headers=headers,
            json={"person": {"full_name": f"Bench {i}"}},
        ).json()
        t0 = time.perf_counter()
        client.post(
            f"/api/cases/{case['id']}/members/{member['id']}/events",
            headers=headers,
            json={"status": "DETAINED", "occurred_on": "2021-06-01"},
        )
        timings["POST event"].append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        client.get(f"/api/cases/{case['id']}", headers=headers)
        timings["GET case"].append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        client.get("/api/cases/summary", params={"month": "2021-07"}, headers=headers)
        timings["GET summary"].append(time.perf_counter() - t0)
    for name, values in timings.items():
        print(
            f"{name:12s} median {statistics.median(values) * 1000:7.1f} ms  "
            f"max {max(values) * 1000:7.1f} ms  ({rounds} requests; last case had "
            f"{rounds} members)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=300)
    parser.add_argument("--crew", type=int, default=5)
    parser.add_argument("--api-rounds", type=int, default=50)
    parser.add_argument("--url", default=None, help="database URL (default: a temp SQLite file)")
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()}")
    url = args.url or f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.sqlite'}"
    upgrade_head(url)
    factory = get_sessionmaker(url)
    reports = _reports(args.reports, args.crew)
    for label in ("first pass", "replay"):
        t0 = time.perf_counter()
        results = [handle_incident_report(SqlAlchemyUnitOfWork(factory), r) for r in reports]
        elapsed = time.perf_counter() - t0
        cases = len({r.case_id for r in results})
        print(
            f"{label:10s}: {len(reports)} reports ({args.crew} people each) in {elapsed:.2f} s"
            f" = {len(reports) / elapsed:,.0f} reports/s; {cases} cases"
        )
    _api_latency(url, args.api_rounds)


if __name__ == "__main__":
    main()
