"""The timeline rules, one test each, with the rejected cases (no database)."""

from __future__ import annotations

from datetime import date

import pytest

from services.cases.errors import NotFound, RuleViolation
from services.cases.timeline import (
    Proposed,
    check_event,
    current_status,
    effective,
    has_open_detention,
    is_end,
    status_on,
)
from services.vocabulary import Status
from tests.factories import event, timeline

TODAY = date(2021, 8, 1)
D = date


def test_current_status_is_the_last_event_in_effect() -> None:
    events = timeline(("DETAINED", D(2021, 6, 1)), ("CONSULAR_ACCESS", D(2021, 6, 5)))
    assert current_status(events) is Status.CONSULAR_ACCESS
    assert current_status([]) is None


def test_repatriated_without_detention_is_rejected() -> None:
    with pytest.raises(RuleViolation, match="earlier DETAINED"):
        check_event([], Proposed(Status.REPATRIATED, D(2021, 7, 1)), today=TODAY)


def test_repatriated_after_detention_is_accepted() -> None:
    events = timeline(("DETAINED", D(2021, 6, 1)), ("RELEASED", D(2021, 7, 1)))
    check_event(events, Proposed(Status.REPATRIATED, D(2021, 7, 3)), today=TODAY)


def test_future_date_is_rejected() -> None:
    with pytest.raises(RuleViolation, match="future"):
        check_event([], Proposed(Status.DETAINED, D(2021, 8, 2)), today=TODAY)


def test_today_is_not_the_future() -> None:
    check_event([], Proposed(Status.DETAINED, TODAY), today=TODAY)


def test_dates_out_of_order_are_rejected() -> None:
    events = timeline(("DETAINED", D(2021, 6, 10)))
    with pytest.raises(RuleViolation, match="out of order"):
        check_event(events, Proposed(Status.RELEASED, D(2021, 6, 9)), today=TODAY)


def test_second_open_detention_in_same_case_is_rejected() -> None:
    events = timeline(("DETAINED", D(2021, 6, 10)))
    with pytest.raises(RuleViolation, match="one open detention"):
        check_event(events, Proposed(Status.DETAINED, D(2021, 6, 11)), today=TODAY)


def test_detention_while_held_in_another_case_is_rejected() -> None:
    with pytest.raises(RuleViolation, match="another case"):
        check_event([], Proposed(Status.DETAINED, D(2021, 6, 11)), today=TODAY, open_elsewhere=True)


def test_held_elsewhere_does_not_block_the_rest_of_an_old_timeline() -> None:
    # detained in case A, released, then detained in case B: A's timeline can still go on
    events = timeline(("DETAINED", D(2021, 6, 1)), ("RELEASED", D(2021, 6, 10)))
    check_event(
        events, Proposed(Status.REPATRIATED, D(2021, 6, 15)), today=TODAY, open_elsewhere=True
    )
    check_event(
        events,
        Proposed(Status.DETAINED, D(2021, 5, 30), supersedes=events[0].id),
        today=TODAY,
        open_elsewhere=True,
    )


def test_detention_again_after_release_is_accepted() -> None:
    events = timeline(("DETAINED", D(2021, 6, 1)), ("RELEASED", D(2021, 6, 20)))
    check_event(events, Proposed(Status.DETAINED, D(2021, 7, 1)), today=TODAY)


def test_release_without_open_detention_is_rejected() -> None:
    with pytest.raises(RuleViolation, match="needs an open detention"):
        check_event([], Proposed(Status.RELEASED, D(2021, 6, 1)), today=TODAY)


def test_nothing_follows_an_end_of_timeline() -> None:
    events = timeline(("DETAINED", D(2021, 6, 1)), ("REPATRIATED", D(2021, 7, 1)))
    with pytest.raises(RuleViolation, match="ended"):
        check_event(events, Proposed(Status.FINED, D(2021, 7, 2)), today=TODAY)


def test_missing_can_be_followed_by_deceased() -> None:
    events = timeline(("MISSING", D(2021, 6, 1)))
    check_event(events, Proposed(Status.DECEASED, D(2021, 6, 9)), today=TODAY)
    with pytest.raises(RuleViolation, match="cannot follow MISSING"):
        check_event(events, Proposed(Status.FINED, D(2021, 6, 9)), today=TODAY)


def test_correction_takes_the_place_of_the_corrected_event() -> None:
    detained = event("DETAINED", D(2021, 6, 10), id=1)
    released = event("RELEASED", D(2021, 6, 20), id=2)
    fix = event("DETAINED", D(2021, 6, 8), id=3, supersedes=1)
    alive = effective([detained, released, fix])
    assert [e.id for e in alive] == [3, 2]
    assert current_status([detained, released, fix]) is Status.RELEASED


def test_correction_is_checked_in_place() -> None:
    events = [event("DETAINED", D(2021, 6, 10), id=1), event("RELEASED", D(2021, 6, 20), id=2)]
    # moving the detention after the release would put dates out of order
    with pytest.raises(RuleViolation, match="out of order"):
        check_event(events, Proposed(Status.DETAINED, D(2021, 6, 25), supersedes=1), today=TODAY)
    check_event(events, Proposed(Status.DETAINED, D(2021, 6, 9), supersedes=1), today=TODAY)


def test_correcting_a_corrected_event_is_rejected() -> None:
    events = [
        event("DETAINED", D(2021, 6, 10), id=1),
        event("DETAINED", D(2021, 6, 9), id=2, supersedes=1),
    ]
    with pytest.raises(RuleViolation, match="already corrected"):
        check_event(events, Proposed(Status.DETAINED, D(2021, 6, 8), supersedes=1), today=TODAY)
    check_event(events, Proposed(Status.DETAINED, D(2021, 6, 8), supersedes=2), today=TODAY)


def test_correcting_an_unknown_event_is_not_found() -> None:
    with pytest.raises(NotFound):
        check_event([], Proposed(Status.DETAINED, D(2021, 6, 8), supersedes=99), today=TODAY)


def test_status_on_a_day_ignores_later_events() -> None:
    events = timeline(("DETAINED", D(2021, 6, 1)), ("REPATRIATED", D(2021, 8, 3)))
    assert status_on(events, D(2021, 7, 31)) is Status.DETAINED
    assert has_open_detention(events[:1])
    assert not has_open_detention(events)


def test_end_statuses() -> None:
    assert is_end(Status.REPATRIATED) and is_end(Status.DECEASED) and is_end(Status.MISSING)
    assert not is_end(Status.RELEASED) and not is_end(Status.DETAINED) and not is_end(None)
