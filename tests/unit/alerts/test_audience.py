"""Alert audiences: the foreign-affairs desk gets boats in foreign waters, in Hoàng Sa / Trường
Sa, dark for ten days, and every case change; the border guard keeps every tracking alert."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from services.alerts.routing import DEFAULT_RECIPIENTS, route, visible_to
from services.tracking.alerts import make_alert
from services.tracking.batch import track_batch
from services.tracking.policy import AlertPolicy
from services.tracking.state import VesselState
from services.vocabulary import audience_for
from tests.unit.tracking.fakes import T0, Fix, columns

NOW = datetime(2026, 6, 1, tzinfo=UTC)
V = "QNg-90123-TS"


@pytest.mark.parametrize(
    ("kind", "audience"),
    [
        ("INSIDE_FOREIGN", ["border_guard", "foreign_affairs"]),
        ("DISPUTED", ["border_guard", "foreign_affairs"]),
        ("DARK_10D", ["border_guard", "foreign_affairs"]),
        ("APPROACHING", ["border_guard"]),
        ("IMMINENT", ["border_guard"]),
        ("DARK", ["border_guard"]),
        ("DARK_24H", ["border_guard"]),
        ("BACK_SAFE", ["border_guard"]),
        ("UNKNOWN_VESSEL", ["border_guard"]),
        ("CASE_OPENED", ["foreign_affairs"]),
        ("CASE_STATUS", ["foreign_affairs"]),
        ("INCIDENT_REPORT", ["foreign_affairs"]),
    ],
)
def test_audience_by_kind(kind: str, audience: list[str]) -> None:
    assert audience_for(kind) == audience


def test_a_boat_entering_foreign_waters_reaches_the_foreign_affairs_desk() -> None:
    """The real batch, not a hand-made alert: the INSIDE_FOREIGN it raises is routed to the
    Sở Ngoại vụ and shown on a foreign-affairs officer's page (it was neither before)."""
    prev = VesselState(
        V, T0, 10.0, 110.0, speed_kn=8.0, course_deg=195.0, zone_kind="eez", flushed_ts=T0
    )
    cols, cls = columns([Fix(V, T0 + 300, risk="INSIDE_FOREIGN", distance_nm=0.0, country="ID")])
    out = track_batch(
        cols,
        cls,
        {V: prev}.get,
        AlertPolicy(),
        NOW,
        name_vi=lambda c: {"ID": "Indonesia"}.get(c or "", c),
    )
    [alert] = [a for a in out.alerts if a.kind == "INSIDE_FOREIGN"]
    assert alert.audience == ["border_guard", "foreign_affairs"]
    stored = alert.model_dump(mode="json")
    keys = {r.key for r in route(stored, DEFAULT_RECIPIENTS, area="ly_son")}
    assert {"so-ngoai-vu", "bdbp-command", "post-ly-son"} <= keys
    assert visible_to(stored, "foreign_affairs") and visible_to(stored, "border_guard")
    assert visible_to(stored, "viewer")  # a tracking alert, no personal data


def test_dark_ten_days_reaches_both_desks_and_an_explicit_audience_wins() -> None:
    dark = make_alert("DARK_10D", V, T0, "Tàu mất tín hiệu quá 10 ngày", NOW)
    assert {r.key for r in route(dark.model_dump(mode="json"), DEFAULT_RECIPIENTS)} >= {
        "so-ngoai-vu",
        "bdbp-command",
    }
    approaching = make_alert("APPROACHING", V, T0, "…", NOW)
    assert "so-ngoai-vu" not in {
        r.key for r in route(approaching.model_dump(mode="json"), DEFAULT_RECIPIENTS)
    }
    assert make_alert("DARK", V, T0, "…", NOW, audience=["admin"]).audience == ["admin"]


def test_case_alerts_never_reach_border_guard_or_viewer() -> None:
    case = {"kind": "CASE_STATUS", "severity": "critical", "audience": audience_for("CASE_STATUS")}
    assert not visible_to(case, "border_guard") and not visible_to(case, "viewer")
    assert {r.key for r in route(case, DEFAULT_RECIPIENTS)} == {"so-ngoai-vu"}
