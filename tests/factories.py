"""Builders of test data shared by unit and integration tests (valid by default, override any)."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime
from typing import Any

from services.cases.model import Person, StatusEvent
from services.vocabulary import Status
from streams.records import IncidentKind, IncidentPerson, IncidentReport

__all__ = ["event", "incident_person", "incident_report", "national_id", "person", "timeline"]

_ids = itertools.count(1)
_nids = itertools.count(51_000_000_001)


def national_id() -> str:
    """A unique 12-digit citizen ID number (the format of Vietnamese CCCD numbers)."""
    return f"{next(_nids):012d}"


def person(**overrides: Any) -> Person:
    data: dict[str, Any] = {
        "id": next(_ids),
        "full_name": "Nguyễn Văn An",
        "date_of_birth": date(1985, 3, 2),
        "national_id": national_id(),
        "home_commune": "Bình Châu",
        "home_district": "Bình Sơn",
        "home_province": "Quảng Ngãi",
        "family_phone": "0912345678",
    }
    data.update(overrides)
    return Person(**data)


def event(
    status: Status | str,
    on: date,
    *,
    id: int | None = None,
    member_id: int = 1,
    supersedes: int | None = None,
) -> StatusEvent:
    return StatusEvent(
        id=id if id is not None else next(_ids),
        member_id=member_id,
        status=Status(status),
        occurred_on=on,
        recorded_at=datetime(2026, 1, 1, tzinfo=UTC),
        recorded_by="test",
        supersedes=supersedes,
    )


def timeline(*steps: tuple[str, date]) -> list[StatusEvent]:
    """Events with increasing ids, in the order given."""
    return [event(status, on) for status, on in steps]


def incident_person(**overrides: Any) -> IncidentPerson:
    data: dict[str, Any] = {
        "full_name": "Trần Văn Bình",
        "national_id": national_id(),
        "date_of_birth": "1990-05-17",
    }
    data.update(overrides)
    return IncidentPerson(**data)


def incident_report(**overrides: Any) -> IncidentReport:
    data: dict[str, Any] = {
        "report_id": f"r-{next(_ids)}",
        "kind": IncidentKind.DETENTION,
        "country": "MY",
        "occurred_at": datetime(2021, 6, 10, 3, 0, tzinfo=UTC),
        "vessel_id": "QNg-90123-TS",
        "authority": "MMEA",
        "source": "border_post",
        "persons": [incident_person(full_name=f"Ngư dân {i}") for i in range(3)],
    }
    data.update(overrides)
    return IncidentReport(**data)
