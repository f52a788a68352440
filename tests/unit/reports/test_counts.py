from __future__ import annotations

import random
from datetime import UTC, date, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from services.reports.counts import compute_counts, effective_events
from services.reports.facts import AlertFact, IncidentFact, StatusEvent, VesselFact
from services.reports.period import Period
from services.vocabulary import CaseKind, Status
from tests.unit.reports.scenario import CORRECTED_AT, ISSUED_FIRST_AT, july_2021

JULY = Period.month(2021, 7)
T0 = datetime(2021, 1, 1, tzinfo=UTC)


def ev(
    event_id: str,
    status: Status,
    on: date,
    person: str = "p1",
    case: str = "c1",
    country: str = "CN",
    recorded_at: datetime = T0,
    supersedes: str | None = None,
) -> StatusEvent:
    return StatusEvent(
        event_id, person, case, status, on, recorded_at, country, supersedes=supersedes
    )


def july_counts(as_of: datetime | None = None):  # type: ignore[no-untyped-def]
    story = july_2021()
    events, incidents = story.facts()
    return compute_counts(JULY, events, incidents, story.alerts, story.vessels, as_of)


def test_july_2021_counts() -> None:
    c = july_counts()
    assert dict(c.fishermen_detained) == {} and dict(c.boats_detained) == {}
    assert dict(c.fishermen_repatriated) == {"CN": 9}
    assert dict(c.fishermen_released) == {"CN": 4}
    assert dict(c.fishermen_released_awaiting_return) == {}
    assert list(c.still_detained.items()) == [("ID", 13), ("MY", 7), ("CN", 3)]
    assert c.obstructed.to_dict() == {"cases": 1, "vessels": 1, "people": 8}
    assert c.incidents[CaseKind.DISTRESS].to_dict() == {"cases": 1, "vessels": 1, "people": 5}
    assert c.incidents[CaseKind.DETENTION].cases == 0
    assert c.alerts.to_dict() == {
        "warned_vessels": 3,
        "crossed_vessels": 1,
        "disputed_vessels": 0,
        "dark_vessels": 1,
        "alerted_vessels": 3,  # warned, crossed or in overlapping waters (one boat did both)
        "returned_vessels": 0,
    }
    assert (c.vms.boats, c.vms.with_device, c.vms.working, c.vms.percent) == (812, 800, 791, 97.4)
    assert c.anomalies == ()


def test_late_correction_changes_the_closed_month() -> None:
    first = july_counts(as_of=ISSUED_FIRST_AT)  # as issued on 2 August
    assert dict(first.fishermen_detained) == {"MY": 1}  # the typo'd 3 July date
    assert first.obstructed.cases == 0  # the robbery was only entered on 5 August
    again = july_counts(as_of=CORRECTED_AT)
    assert dict(again.fishermen_detained) == {}
    assert again.obstructed.vessels == 1
    assert dict(again.still_detained) == dict(first.still_detained)  # same 7 held in Malaysia
    # the corrected DETAINED moved to May: May gains the fisherman, June's stock is unchanged
    story = july_2021()
    events, incidents = story.facts()
    may = Period.month(2021, 5)
    assert compute_counts(may, events, incidents).fishermen_detained["MY"] == 7
    assert (
        compute_counts(may, events, incidents, as_of=ISSUED_FIRST_AT).fishermen_detained["MY"] == 6
    )


def test_zero_month() -> None:
    story = july_2021()
    events, incidents = story.facts()
    c = compute_counts(Period.month(2019, 3), events, incidents, story.alerts, [])
    data = c.to_dict()
    for key in (
        "boats_detained",
        "fishermen_detained",
        "fishermen_released",
        "fishermen_repatriated",
        "still_detained",
    ):
        assert data[key] == {"total": 0, "by_country": {}}
    assert all(t.cases == 0 for t in c.incidents.values())
    assert c.alerts.warned_vessels == 0 and c.vms.percent is None


def test_december_january_boundary() -> None:
    events = [
        ev("1", Status.DETAINED, date(2020, 12, 31), person="a"),
        ev("2", Status.DETAINED, date(2021, 1, 1), person="b", country="MY"),
        ev("3", Status.REPATRIATED, date(2021, 1, 31), person="a"),
    ]
    alerts = [
        AlertFact("v1", "APPROACHING", datetime(2020, 12, 31, 16, 59, 59, tzinfo=UTC)),
        AlertFact("v2", "APPROACHING", datetime(2020, 12, 31, 17, 0, 0, tzinfo=UTC)),
        AlertFact("v3", "DARK", datetime(2021, 1, 31, 16, 59, tzinfo=UTC)),
        AlertFact("v4", "DARK", datetime(2021, 1, 31, 17, 1, tzinfo=UTC)),
    ]
    dec = compute_counts(Period.month(2020, 12), events, alerts=alerts)
    jan = compute_counts(Period.month(2021, 1), events, alerts=alerts)
    feb = compute_counts(Period.month(2021, 2), events, alerts=alerts)
    assert dict(dec.fishermen_detained) == {"CN": 1} and dict(dec.still_detained) == {"CN": 1}
    assert dict(jan.fishermen_detained) == {"MY": 1}
    assert dict(jan.fishermen_repatriated) == {"CN": 1}
    assert dict(jan.still_detained) == {"MY": 1}  # home on the last day: no longer held
    assert (dec.alerts.warned_vessels, jan.alerts.warned_vessels) == (1, 1)
    assert (jan.alerts.dark_vessels, feb.alerts.dark_vessels) == (1, 1)
    year = compute_counts(Period(date(2020, 12, 1), date(2021, 1, 31)), events, alerts=alerts)
    assert year.alerts.warned_vessels == 2 and sum(year.fishermen_detained.values()) == 2


def test_correction_chain_keeps_only_the_newest() -> None:
    events = [
        ev("1", Status.DETAINED, date(2021, 6, 1)),
        ev("2", Status.RELEASED, date(2021, 7, 2)),
        ev(
            "3",
            Status.RELEASED,
            date(2021, 8, 2),
            supersedes="2",
            recorded_at=datetime(2021, 8, 3, tzinfo=UTC),
        ),
        ev(
            "4",
            Status.RELEASED,
            date(2021, 7, 30),
            supersedes="3",
            recorded_at=datetime(2021, 8, 4, tzinfo=UTC),
        ),
    ]
    kept, notes = effective_events(events)
    assert [e.event_id for e in kept] == ["1", "4"] and notes == []
    assert compute_counts(JULY, events).fishermen_released["CN"] == 1
    as_of_3 = compute_counts(JULY, events, as_of=datetime(2021, 8, 3, 12, tzinfo=UTC))
    assert dict(as_of_3.fishermen_released) == {} and as_of_3.still_detained["CN"] == 1


def test_correction_of_unknown_event_is_reported_not_lost() -> None:
    events = [ev("1", Status.DETAINED, date(2021, 7, 5), supersedes="404")]
    c = compute_counts(JULY, events)
    assert c.fishermen_detained["CN"] == 1
    assert len(c.anomalies) == 1 and "404" in c.anomalies[0]


def test_replayed_facts_count_once() -> None:
    events = [ev("1", Status.DETAINED, date(2021, 7, 5))] * 3
    inc = IncidentFact("c1", CaseKind.DETENTION, "CN", date(2021, 7, 5), T0, ("v1",), 1)
    alerts = [AlertFact("v1", "INSIDE_FOREIGN", datetime(2021, 7, 5, tzinfo=UTC))] * 2
    vessels = [VesselFact("v1", 20.0, True, True)] * 2
    c = compute_counts(JULY, events, [inc, inc], alerts, vessels)
    assert c.fishermen_detained["CN"] == 1 and c.boats_detained["CN"] == 1
    assert c.incidents[CaseKind.DETENTION].to_dict() == {"cases": 1, "vessels": 1, "people": 1}
    assert c.alerts.crossed_vessels == 1 and c.vms.boats == 1


def test_open_statuses_keep_detention_and_end_statuses_close_it() -> None:
    day = date(2021, 3, 1)
    events = [
        ev("1", Status.DETAINED, day, person="sentenced"),
        ev("2", Status.SENTENCED, date(2021, 4, 1), person="sentenced"),
        ev("3", Status.DETAINED, day, person="freed"),
        ev("4", Status.RELEASED, date(2021, 7, 31), person="freed"),
        ev("5", Status.DETAINED, day, person="died", country="ID"),
        ev("6", Status.DECEASED, date(2021, 5, 1), person="died", country="ID"),
        ev("7", Status.DETAINED, day, person="lost", country="ID"),
        ev("8", Status.MISSING, date(2021, 5, 1), person="lost", country="ID"),
    ]
    c = compute_counts(JULY, events)
    assert dict(c.still_detained) == {"CN": 1}
    assert dict(c.fishermen_released_awaiting_return) == {"CN": 1}
    assert dict(compute_counts(Period.month(2021, 4), events).still_detained) == {"CN": 2, "ID": 2}


def test_small_boats_are_outside_vms_coverage() -> None:
    vessels = [
        VesselFact("a", 15.0, True, True),
        VesselFact("b", 24.0, True, False),
        VesselFact("c", 30.0, False, True),  # "reporting" without a device is not working
        VesselFact("d", 14.9, True, True),
        VesselFact("e", None, True, True),
    ]
    vms = compute_counts(JULY, vessels=vessels).vms
    assert (vms.boats, vms.with_device, vms.working) == (3, 2, 1)


@settings(max_examples=30, deadline=None)
@given(st.randoms(use_true_random=False))
def test_counts_do_not_depend_on_fact_order(rnd: random.Random) -> None:
    story = july_2021()
    events, incidents = story.facts()
    base = compute_counts(JULY, events, incidents, story.alerts, story.vessels).to_dict()
    for seq in (events, incidents, story.alerts, story.vessels):
        rnd.shuffle(seq)  # type: ignore[arg-type]
    shuffled = compute_counts(JULY, events, incidents, story.alerts, story.vessels).to_dict()
    assert shuffled == base
