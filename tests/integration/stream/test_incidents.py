"""Incident reports on Kafka open consular cases, once, through a real faust worker."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from infra.db.base import session_scope
from infra.db.cases import CaseMemberRow, CaseRow, IncidentReportRow
from infra.db.models import AlertRow
from infra.kafka import KafkaPublisher
from streams.records import IncidentReport
from tests.integration.stream.conftest import Stream, wait_for
from tests.integration.stream.test_pipeline import _read_topic

pytestmark = pytest.mark.integration


def _count(model: type) -> int:
    with session_scope() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_incident_report_opens_one_case_even_when_delivered_twice(stream: Stream) -> None:
    stream.start_worker()
    report = IncidentReport(
        report_id="BP-QNG-2026-0042",
        kind="detention",
        country="ID",
        occurred_at=datetime(2026, 11, 20, 3, 0, tzinfo=UTC),
        vessel_id="QNg-90555-TS",
        lat=5.9,
        lon=108.1,
        authority="Hải quân Indonesia",
        persons=[{"full_name": "Nguyễn Văn A"}, {"full_name": "Trần Văn B"}],
        source="border_post",
    )
    with KafkaPublisher(stream.settings) as pub:
        pub.publish("incidents", report, key=report.vessel_id)
        pub.publish("incidents", report, key=report.vessel_id)  # at-least-once redelivery
        pub._producer.send(
            stream.settings.topic("incidents"), value=b'{"report_id": "x"}', partition=0
        )
    letters = _read_topic(stream, "deadletter", 1, timeout_s=60)
    assert letters[0]["reason"].startswith("invalid incident report"), letters
    wait_for(lambda: _count(IncidentReportRow) >= 1, 60)
    assert _count(CaseRow) == 1
    assert _count(CaseMemberRow) == 2
    with session_scope() as s:
        case = s.scalars(select(CaseRow)).one()
        kinds = list(s.scalars(select(AlertRow.kind).where(AlertRow.kind == "CASE_OPENED")))
    assert case.country == "ID" and case.vessel_id == "QNg-90555-TS"
    assert kinds == ["CASE_OPENED"]
