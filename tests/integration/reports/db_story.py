"""Write a :class:`Story` into a migrated database, and a seeded random story to go with it."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Engine, insert

from infra.db.cases import CaseMemberRow, CaseRow, PersonRow, StatusEventRow
from infra.db.models import AlertRow, PositionRow, Vessel
from services.reports.facts import AlertFact
from services.reports.period import Period
from services.vocabulary import CaseKind, Status
from tests.unit.reports.scenario import Story

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def insert_story(engine: Engine, story: Story, reporting_in: Period | None = None) -> None:
    """Insert cases, people, timelines, alerts, vessels (and fixes for reporting devices)."""
    vessels: dict[str, dict[str, object]] = {}
    for v in story.vessels:
        vessels[v.vessel_id] = {
            "vessel_id": v.vessel_id,
            "length_m": v.length_m,
            "registered": True,
            "vms_device_id": f"dev-{v.vessel_id}" if v.has_device else None,
        }
    for c in story.cases:
        vessels.setdefault(
            c.vessel_id,
            {"vessel_id": c.vessel_id, "length_m": None, "registered": True, "vms_device_id": None},
        )
    rows = [
        {"name": None, "high_risk": False, "created_at": NOW, "updated_at": NOW, **v}
        for v in vessels.values()
    ]
    member_ids: dict[tuple[int, int], int] = {}
    with engine.begin() as conn:
        conn.execute(insert(Vessel), rows)
        people = sorted({p for c in story.cases for p in c.members})
        conn.execute(
            insert(PersonRow),
            [
                {
                    "id": p,
                    "full_name": f"Ngư dân {p}",
                    "confirmed": True,
                    "created_at": NOW,
                    "created_by": "test",
                }
                for p in people
            ],
        )
        conn.execute(
            insert(CaseRow),
            [
                {
                    "id": c.case_id,
                    "kind": c.kind.value,
                    "country": c.country,
                    "occurred_on": c.occurred_on,
                    "vessel_id": c.vessel_id,
                    "source": "test",
                    "needs_review": False,
                    "created_at": c.created_at,
                    "created_by": "test",
                }
                for c in story.cases
            ],
        )
        members = []
        for c in story.cases:
            for p in c.members:
                member_ids[(c.case_id, p)] = c.case_id * 1000 + p
                members.append(
                    {
                        "id": c.case_id * 1000 + p,
                        "case_id": c.case_id,
                        "person_id": p,
                        "added_at": c.created_at,
                        "added_by": "test",
                    }
                )
        if members:
            conn.execute(insert(CaseMemberRow), members)
        for e in sorted(story.events, key=lambda e: e.event_id):  # originals before corrections
            conn.execute(
                insert(StatusEventRow),
                {
                    "id": e.event_id,
                    "member_id": member_ids[(e.case_id, e.person_id)],
                    "case_id": e.case_id,
                    "person_id": e.person_id,
                    "status": e.status.value,
                    "occurred_on": e.occurred_on,
                    "recorded_at": e.recorded_at,
                    "recorded_by": "test",
                    "supersedes": e.supersedes,
                },
            )
        if story.alerts:
            conn.execute(
                insert(AlertRow), [_alert(a, i, story.base) for i, a in enumerate(story.alerts)]
            )
        if reporting_in is not None:
            fix_at = reporting_in.start_utc + timedelta(days=2)
            fixes = [
                {"vessel_id": v.vessel_id, "ts": fix_at, "lat": 15.0, "lon": 109.5, "source": "vms"}
                for v in story.vessels
                if v.reporting
            ] + [  # silent devices: an AIS fix does not prove the VMS device works
                {"vessel_id": v.vessel_id, "ts": fix_at, "lat": 15.0, "lon": 109.5, "source": "ais"}
                for v in story.vessels
                if v.has_device and not v.reporting
            ]
            if fixes:
                conn.execute(insert(PositionRow), fixes)


def _alert(a: AlertFact, i: int, base: int) -> dict[str, object]:
    return {
        "alert_id": f"t{base}-{i}",
        "kind": a.kind,
        "severity": "warning",
        "vessel_id": a.vessel_id,
        "ts": a.ts,
        "created_at": a.ts,
        "audience": [],
        "message": "cảnh báo",
        "details": {},
    }


_COUNTRIES = ("CN", "CHN", "MY", "ID", "IDN", "TH", "PH")
_OPEN = (
    Status.CONSULAR_ACCESS,
    Status.IDENTITY_VERIFIED,
    Status.SENTENCED,
    Status.FINED,
)


def random_story(seed: int, base: int, start: date = date(2022, 1, 1)) -> Story:
    """Valid random timelines over two years, with corrections, from ``start`` on.

    Dates strictly increase along each timeline, corrections included, so "the last event on
    or before a day" has one answer that plain SQL can find by date.
    """
    rnd = random.Random(seed)
    s = Story(base=base)
    kinds = list(CaseKind)
    for n in range(40):
        on = start + timedelta(days=rnd.randrange(700))
        kind = rnd.choice(kinds)
        case = s.case(
            kind,
            rnd.choice(_COUNTRIES),
            on,
            f"R{base}-{n % 25}",
            rnd.randint(1, 9),
            created_at=datetime(on.year, on.month, on.day, tzinfo=UTC)
            + timedelta(days=rnd.choice((0, 0, 3, 40))),
        )
        detention = kind in (CaseKind.DETENTION, CaseKind.BOAT_SEIZED)
        for person in case.members:
            steps: list[Status] = []
            if detention:
                steps = [Status.DETAINED]
                steps += rnd.sample(_OPEN, rnd.randint(0, 2))
                end = rnd.random()
                if end < 0.6:
                    steps.append(Status.RELEASED)
                    if rnd.random() < 0.8:
                        steps.append(Status.REPATRIATED)
                elif end < 0.7:
                    steps.append(Status.DECEASED)
                elif end < 0.75:
                    steps.append(Status.MISSING)
            elif rnd.random() < 0.7:
                steps = [Status.RETURNED]
            day = on
            for status in steps:
                event = s.event(case, person, status, day)
                gap = rnd.randint(3, 120)
                if rnd.random() < 0.25:  # corrected later: same status, date within the gap
                    fixed = day + timedelta(days=rnd.randint(1, gap - 1))
                    s.event(
                        case,
                        person,
                        status,
                        fixed,
                        datetime(2025, 6, 1, tzinfo=UTC) + timedelta(minutes=event.event_id),
                        event.event_id,
                    )
                    day = fixed
                day += timedelta(days=gap)
    midnight = datetime(start.year, start.month, start.day, 17, tzinfo=UTC) - timedelta(days=1)
    kinds_a = (
        "APPROACHING",
        "IMMINENT",
        "INSIDE_FOREIGN",
        "DISPUTED",
        "DARK",
        "DARK_24H",
        "DARK_10D",
        "BACK_SAFE",
    )
    s.alerts = [
        AlertFact(
            f"R{base}-{rnd.randrange(30)}",
            rnd.choice(kinds_a),
            midnight
            + timedelta(days=rnd.randrange(720), seconds=rnd.choice((-1, 0, 1, 3600, -3600))),
        )
        for _ in range(400)
    ]
    return s
