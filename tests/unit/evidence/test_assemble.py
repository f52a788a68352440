"""Assembling the evidence file from plain values: the window, the position at the detention
time (reported, interpolated, last fix), the alerts with what the border guard did, and the
writers (GeoJSON, KML, Word with its map)."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, date, datetime, timedelta

import pytest

from services.cases.model import Case
from services.evidence.assemble import AlertRecord, Fix, assemble, detention_time
from services.evidence.gis import to_geojson, to_kml
from services.vocabulary import CaseKind

SEIZED = datetime(2021, 3, 17, 23, 45, tzinfo=UTC)  # 06:45 on 18 March in Vietnam
NOW = datetime(2021, 4, 1, tzinfo=UTC)


def _case(**over: object) -> Case:
    base: dict[str, object] = dict(
        id=7,
        kind=CaseKind.DETENTION,
        country="ID",
        occurred_on=date(2021, 3, 18),
        source="officer",
        created_at=NOW,
        created_by="lan",
        vessel_id="BV-4419-TS",
        occurred_at=SEIZED,
        lat=6.4167,
        lon=109.65,
    )
    base.update(over)
    return Case(**base)  # type: ignore[arg-type]


def _track(hours: int = 80, step_h: int = 2, end: datetime = SEIZED) -> list[Fix]:
    return [
        Fix(end - timedelta(hours=h), 6.4167 + 0.02 * h, 109.65 - 0.02 * h, 5.0, 140.0)
        for h in range(hours, -1, -step_h)
    ]


def test_window_is_the_72_hours_before_and_the_position_is_interpolated() -> None:
    fixes = [
        *_track(end=SEIZED - timedelta(minutes=30)),
        Fix(SEIZED + timedelta(minutes=30), 6.40, 109.67),
    ]
    ev = assemble(_case(), fixes, [], generated_at=NOW)
    assert ev.start == SEIZED - timedelta(hours=72)
    assert all(ev.start <= f.ts <= SEIZED for f in ev.track)
    assert len(ev.track) == 36  # every 2 h from 30 min before; the one 72 h 30 min before is out
    reported, own = ev.positions
    assert reported.how == "reported" and own.how == "interpolated"
    assert own.lat == pytest.approx((6.4167 + 6.40) / 2, abs=1e-6)  # halfway between the two
    assert reported.boundaries[0].line.line_id in {1330, 4052}
    assert ev.notes == ()


def test_an_old_last_fix_is_said_to_be_old() -> None:
    fixes = _track(end=SEIZED - timedelta(hours=9))
    ev = assemble(_case(), fixes, [], generated_at=NOW)
    own = ev.positions[1]
    assert own.how == "last_fix" and own.age_h == pytest.approx(9.0)
    assert any("Tín hiệu cuối cùng" in n and "9 giờ" in n for n in ev.notes)


def test_only_a_date_reported_uses_the_end_of_that_day_in_vietnam() -> None:
    case = _case(occurred_at=None, lat=None, lon=None)
    at, known = detention_time(case)
    assert not known and at.astimezone(UTC) == datetime(2021, 3, 18, 16, 59, 59, tzinfo=UTC)
    ev = assemble(case, [], [], generated_at=NOW)
    assert ev.positions == () and len(ev.notes) == 2  # date only; no track


def test_alerts_in_the_window_keep_the_border_guards_answer() -> None:
    ack = AlertRecord(
        "a1",
        "APPROACHING",
        "warning",
        SEIZED - timedelta(hours=5),
        SEIZED - timedelta(hours=5),
        "Tàu BV-4419-TS đang tiến gần ranh giới",
        acked_by="trucban",
        acked_at=SEIZED - timedelta(hours=4),
        ack_note="Đã gọi",
    )
    old = AlertRecord(
        "a0",
        "DARK",
        "warning",
        SEIZED - timedelta(days=5),
        SEIZED - timedelta(days=5),
        "Mất kết nối",
    )
    ev = assemble(_case(), _track(), [old, ack], generated_at=NOW)
    assert [a.alert_id for a in ev.alerts] == ["a1"]
    assert ev.alerts[0].acked_by == "trucban"


def test_no_vessel_no_evidence_file() -> None:
    with pytest.raises(ValueError, match="no vessel"):
        assemble(_case(vessel_id=None), [], [], generated_at=NOW)


def test_geojson_and_kml_carry_the_track_and_the_positions() -> None:
    ev = assemble(_case(), _track(), [], generated_at=NOW)
    doc = json.loads(to_geojson(ev))
    kinds = [f["properties"]["kind"] for f in doc["features"]]
    assert kinds.count("track") == 1 and kinds.count("fix") == len(ev.track)
    assert "detention_reported" in kinds and "CC BY 4.0" in doc["attribution"]
    line = next(f for f in doc["features"] if f["properties"]["kind"] == "track")
    assert line["geometry"]["coordinates"][-1] == [109.65, 6.4167]  # lon, lat (RFC 7946)
    kml = to_kml(ev).decode()
    assert kml.count("<TimeStamp>") == len(ev.track) and "109.650000,6.416700,0" in kml


def test_the_word_document_has_its_map_and_vietnamese_positions() -> None:
    from services.evidence.docx_out import dm_vi, render_docx

    assert dm_vi(6 + 25 / 60, 109 + 39 / 60) == "06°25,0'N – 109°39,0'E"
    ev = assemble(_case(), _track(), [], generated_at=NOW)
    data = render_docx(ev)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("word/document.xml").decode()
        assert any(n.startswith("word/media/") and n.endswith(".png") for n in z.namelist())
    assert "HỒ SƠ HÀNH TRÌNH TÀU BV-4419-TS" in xml and "06°25,0'N" in xml
    # beside the 2003 line's last leg, on the side away from Natuna: Vietnam's
    assert "phía Việt Nam" in xml and "Hiệp định ngày 26/6/2003" in xml
