"""Loader + counter against hand-written SQL over the same rows, month by month."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from typing import Any

import pytest
from sqlalchemy import Connection, text

from infra.db.base import get_engine, session_scope
from infra.repositories.report_facts import SqlReportFacts, load_facts
from services.reports.counts import compute_counts
from services.reports.format_vi import country_code
from services.reports.period import Period
from services.reports.service import build_report
from services.vocabulary import CaseKind
from tests.integration.reports.conftest import StoryDb
from tests.unit.reports.scenario import JULY_PARAGRAPH

MONTHS = [Period.month(2021, m) for m in (1, 5, 7, 8, 12)] + [
    Period.month(y, m) for y in (2022, 2023) for m in range(1, 13)
]
OPEN = "('DETAINED','CONSULAR_ACCESS','IDENTITY_VERIFIED','SENTENCED','FINED')"


def _p(conn: Connection, value: date | datetime) -> Any:
    """Bind values as each backend stores them (SQLite: SQLAlchemy's text format, UTC)."""
    if conn.dialect.name != "sqlite":
        return value
    if isinstance(value, datetime):
        return value.replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")
    return value.isoformat()


def _by_country(rows: Any) -> dict[str, int]:
    folded: Counter[str] = Counter()
    for country, n in rows:
        folded[country_code(country)] += int(n)
    return {c: n for c, n in folded.items() if n}


def _sql_counts(conn: Connection, period: Period) -> dict[str, Any]:
    d = {"s": _p(conn, period.start), "e": _p(conn, period.end)}
    t = {"s": _p(conn, period.start_utc), "e": _p(conn, period.end_utc)}

    def status_in_period(status: str) -> dict[str, int]:
        return _by_country(
            conn.execute(
                text(
                    "SELECT country, COUNT(*) FROM (SELECT DISTINCT case_id, person_id, country "
                    "FROM status_timeline WHERE in_effect = 1 AND status = :st "
                    "AND occurred_on >= :s AND occurred_on <= :e) x GROUP BY country"
                ),
                {**d, "st": status},
            )
        )

    still = _by_country(
        conn.execute(
            text(
                "SELECT t.country, COUNT(*) FROM status_timeline t WHERE t.in_effect = 1 "
                f"AND t.occurred_on <= :e AND t.status IN {OPEN} AND NOT EXISTS ("
                " SELECT 1 FROM status_timeline l WHERE l.in_effect = 1"
                " AND l.case_id = t.case_id AND l.person_id = t.person_id"
                " AND l.occurred_on <= :e AND l.occurred_on > t.occurred_on)"
                " GROUP BY t.country"
            ),
            d,
        )
    )
    boats = _by_country(
        conn.execute(
            text(
                "SELECT country, COUNT(DISTINCT vessel_id) FROM cases "
                "WHERE kind IN ('detention', 'boat_seized') AND vessel_id IS NOT NULL "
                "AND occurred_on >= :s AND occurred_on <= :e GROUP BY country"
            ),
            d,
        )
    )
    incidents = {}
    for kind in CaseKind:
        n, v, p = conn.execute(
            text(
                "SELECT COUNT(*), COUNT(DISTINCT vessel_id), COALESCE(SUM((SELECT COUNT(*) "
                "FROM case_members m WHERE m.case_id = c.id)), 0) FROM cases c "
                "WHERE kind = :k AND occurred_on >= :s AND occurred_on <= :e"
            ),
            {**d, "k": kind.value},
        ).one()
        incidents[kind.value] = {"cases": n, "vessels": v, "people": int(p)}

    def vessels(kinds: str) -> int:
        return int(
            conn.execute(
                text(
                    "SELECT COUNT(DISTINCT vessel_id) FROM alerts WHERE kind IN "
                    f"{kinds} AND vessel_id IS NOT NULL AND ts >= :s AND ts < :e"
                ),
                t,
            ).scalar_one()
        )

    vms = conn.execute(
        text(
            "SELECT COUNT(*), COUNT(vms_device_id), SUM(CASE WHEN vms_device_id IS NOT NULL "
            "AND EXISTS (SELECT 1 FROM positions p WHERE p.vessel_id = v.vessel_id "
            "AND p.source <> 'ais' AND p.ts >= :s AND p.ts < :e) THEN 1 ELSE 0 END) "
            "FROM vessels v WHERE registered = :yes AND length_m >= 15"
        ),
        {**t, "yes": True},
    ).one()
    return {
        "fishermen_detained": status_in_period("DETAINED"),
        "fishermen_released": status_in_period("RELEASED"),
        "fishermen_repatriated": status_in_period("REPATRIATED"),
        "still_detained": still,
        "boats_detained": boats,
        "incidents": incidents,
        "alerts": {
            "warned_vessels": vessels("('APPROACHING', 'IMMINENT')"),
            "crossed_vessels": vessels("('INSIDE_FOREIGN')"),
            "disputed_vessels": vessels("('DISPUTED')"),
            "dark_vessels": vessels("('DARK', 'DARK_24H', 'DARK_10D')"),
            "alerted_vessels": vessels("('APPROACHING', 'IMMINENT', 'INSIDE_FOREIGN', 'DISPUTED')"),
        },
        "vms": (int(vms[0]), int(vms[1]), int(vms[2] or 0)),
    }


@pytest.mark.integration
@pytest.mark.parametrize("period", MONTHS, ids=lambda p: p.key)
def test_counts_equal_direct_sql(story_db: StoryDb, period: Period) -> None:
    with session_scope(story_db.url) as session:
        facts = load_facts(session, period)
        counts = compute_counts(
            period, facts.events, facts.incidents, facts.alerts, facts.vessels
        ).to_dict()
    with get_engine(story_db.url).connect() as conn:
        expected = _sql_counts(conn, period)
    for key in (
        "fishermen_detained",
        "fishermen_released",
        "fishermen_repatriated",
        "still_detained",
        "boats_detained",
    ):
        assert counts[key]["by_country"] == expected[key], key
    assert counts["incidents"] == expected["incidents"]
    returned = counts["alerts"].pop("returned_vessels")  # the story has no returns
    assert returned == 0
    assert counts["alerts"] == expected["alerts"]
    vms = counts["vms"]
    assert (vms["boats"], vms["with_device"], vms["working"]) == expected["vms"]


@pytest.mark.integration
def test_the_random_story_is_not_empty(story_db: StoryDb) -> None:
    """Guard against a comparison that passes because both sides count nothing."""
    totals: Counter[str] = Counter()
    with session_scope(story_db.url) as session:
        for period in MONTHS:
            facts = load_facts(session, period)
            c = compute_counts(period, facts.events, facts.incidents, facts.alerts)
            totals["detained"] += sum(c.fishermen_detained.values())
            totals["home"] += sum(c.fishermen_repatriated.values())
            totals["still"] += sum(c.still_detained.values())
            totals["alerts"] += c.alerts.warned_vessels + c.alerts.dark_vessels
    assert min(totals.values()) > 10, totals


@pytest.mark.integration
def test_loader_reads_back_what_was_written(story_db: StoryDb) -> None:
    july = Period.month(2021, 7)
    events, incidents = story_db.july.facts()
    expected = compute_counts(july, events, incidents, story_db.july.alerts, story_db.july.vessels)
    with session_scope(story_db.url) as session:
        report = build_report(SqlReportFacts(session), july, province="Quảng Ngãi")
    assert report.counts.to_dict() == expected.to_dict()
    assert report.text.protection == JULY_PARAGRAPH
