"""Event schemas: impossible values refused, times in UTC, deterministic alert ids."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from services.alerts.model import Alert
from services.vocabulary import AlertKind, Severity, alert_id_for, utc
from streams.records import DeadLetter, IncidentKind, IncidentReport, PositionBatch, PositionReport

ICT = timezone(timedelta(hours=7))


def report(**over: Any) -> PositionReport:
    data: dict[str, Any] = {
        "vessel_id": "QNg-90123-TS",
        "ts": datetime(2026, 5, 1, 3, tzinfo=UTC),
        "lat": 10.5,
        "lon": 110.25,
    }
    data.update(over)
    return PositionReport.model_validate(data)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("lat", 90.01),
        ("lat", -91.0),
        ("lon", 180.5),
        ("lon", -181.0),
        ("speed_kn", -0.1),
        ("speed_kn", 102.3),
        ("course_deg", -1.0),
        ("course_deg", 360.1),
        ("mmsi", -1),
        ("mmsi", 1_000_000_000),
    ],
)
def test_impossible_values_are_refused(field: str, value: float) -> None:
    with pytest.raises(ValidationError) as err:
        report(**{field: value})
    assert err.value.errors()[0]["loc"] == (field,)


@pytest.mark.parametrize("field", ["lat", "lon", "speed_kn", "course_deg"])
@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_nan_and_infinity_are_refused(field: str, value: float) -> None:
    with pytest.raises(ValidationError):
        report(**{field: value})


def test_nan_in_json_is_refused() -> None:
    with pytest.raises(ValidationError):
        PositionReport.model_validate_json(
            '{"vessel_id": "A1", "ts": "2026-05-01T03:00:00Z", "lat": NaN, "lon": 110}'
        )


def test_boundaries_are_accepted() -> None:
    r = report(lat=-90.0, lon=180.0, speed_kn=0.0, course_deg=360.0, mmsi=574_123_456)
    assert (r.lat, r.lon, r.speed_kn, r.course_deg) == (-90.0, 180.0, 0.0, 360.0)


def test_naive_timestamps_are_taken_as_utc_and_offsets_converted() -> None:
    naive = report(ts=datetime(2026, 5, 1, 3))
    local = report(ts=datetime(2026, 5, 1, 10, tzinfo=ICT))
    text = report(ts="2026-05-01T10:00:00+07:00")
    for r in (naive, local, text):
        assert r.ts == datetime(2026, 5, 1, 3, tzinfo=UTC)
        assert r.ts.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    "vessel_id", ["QNg-90123-TS", "NT-91234-TS", "574123456", "a", "ais:574.1_x"]
)
def test_vessel_id_pattern_accepts_registrations_and_mmsis(vessel_id: str) -> None:
    assert report(vessel_id=vessel_id).vessel_id == vessel_id


@pytest.mark.parametrize(
    "vessel_id", ["", " QNg-90123-TS", "QNg 90123", "-QNg", "Tàu1", "x" * 65, "a/b"]
)
def test_vessel_id_pattern_refuses_the_rest(vessel_id: str) -> None:
    with pytest.raises(ValidationError):
        report(vessel_id=vessel_id)


def test_events_are_frozen_and_ignore_unknown_fields() -> None:
    r = report(extra_field="kept out")
    assert not hasattr(r, "extra_field")
    with pytest.raises(ValidationError):
        r.lat = 11.0  # type: ignore[misc]


def test_position_batch_keeps_raw_fixes_for_per_fix_validation() -> None:
    batch = PositionBatch.model_validate({"positions": [{"vessel_id": "bad id"}, {}]})
    assert len(batch.positions) == 2


def incident(**over: Any) -> IncidentReport:
    data: dict[str, Any] = {
        "report_id": "r1",
        "kind": "detention",
        "country": "MY",
        "occurred_at": datetime(2021, 6, 10, 10, tzinfo=ICT),
    }
    data.update(over)
    return IncidentReport.model_validate(data)


def test_incident_report_validates_kind_country_and_time() -> None:
    inc = incident()
    assert inc.kind is IncidentKind.DETENTION
    assert inc.occurred_at == datetime(2021, 6, 10, 3, tzinfo=UTC)
    assert incident(occurred_at=datetime(2021, 6, 10, 3)).occurred_at == inc.occurred_at
    for bad in ({"kind": "piracy"}, {"country": "M"}, {"lat": 95.0}, {"vessel_id": "a b"}):
        with pytest.raises(ValidationError):
            incident(**bad)


def alert(**over: Any) -> Alert:
    data: dict[str, Any] = {
        "alert_id": "x",
        "kind": "DARK",
        "severity": "warning",
        "ts": datetime(2026, 5, 1, 3),
        "created_at": datetime(2026, 5, 1, 10, tzinfo=ICT),
        "message": "Tàu mất tín hiệu",
    }
    data.update(over)
    return Alert.model_validate(data)


def test_alert_times_are_utc_and_defaults_sane() -> None:
    a = alert()
    assert a.kind is AlertKind.DARK and a.severity is Severity.WARNING
    assert a.ts == a.created_at == datetime(2026, 5, 1, 3, tzinfo=UTC)
    assert a.audience == ["border_guard"] and a.details == {}
    for bad in ({"kind": "NOT_A_KIND"}, {"severity": "urgent"}):
        with pytest.raises(ValidationError):
            alert(**bad)


def test_dead_letter_round_trips_through_json() -> None:
    dl = DeadLetter(
        source_topic="seawatch.positions",
        reason="malformed JSON",
        payload="{",
        partition=2,
        offset=41,
        at=datetime(2026, 5, 1, tzinfo=UTC),
    )
    assert DeadLetter.model_validate_json(dl.model_dump_json()) == dl


def test_utc_helper() -> None:
    assert utc(datetime(2026, 1, 1)).tzinfo is UTC
    assert utc(datetime(2026, 1, 1, 7, tzinfo=ICT)) == datetime(2026, 1, 1, tzinfo=UTC)


# --- alert ids ---------------------------------------------------------------------------------


def test_alert_id_is_deterministic_and_independent_of_the_timezone_spelling() -> None:
    t = datetime(2026, 5, 1, 3, tzinfo=UTC)
    first = alert_id_for("APPROACHING", "QNg-90123-TS", t)
    assert len(first) == 24 and all(c in "0123456789abcdef" for c in first)
    assert alert_id_for("APPROACHING", "QNg-90123-TS", t) == first
    assert alert_id_for("APPROACHING", "QNg-90123-TS", t.replace(tzinfo=None)) == first
    assert alert_id_for("APPROACHING", "QNg-90123-TS", t.astimezone(ICT)) == first


def test_alert_id_changes_with_kind_subject_or_time() -> None:
    t = datetime(2026, 5, 1, 3, tzinfo=UTC)
    ids = {
        alert_id_for("APPROACHING", "QNg-90123-TS", t),
        alert_id_for("IMMINENT", "QNg-90123-TS", t),
        alert_id_for("APPROACHING", "QNg-90124-TS", t),
        alert_id_for("APPROACHING", "QNg-90123-TS", t + timedelta(seconds=1)),
        alert_id_for("APPROACHING", "QNg-90123-TS", t + timedelta(microseconds=1)),
    }
    assert len(ids) == 5


@given(
    st.text(max_size=30),
    st.text(max_size=30),
    st.datetimes(timezones=st.just(UTC)),
    st.datetimes(timezones=st.just(UTC)),
)
def test_alert_ids_collide_only_for_identical_inputs(
    k: str, s: str, t1: datetime, t2: datetime
) -> None:
    same = alert_id_for(k, s, t1) == alert_id_for(k, s, t2)
    assert same == (t1 == t2)
