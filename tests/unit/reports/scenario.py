"""Quảng Ngãi, July 2021, replayed as case timelines, alerts and a vessel registry.

Built so that the July report reproduces the department's paragraph word for word:
no new detentions, one boat robbed, nine fishermen home from China, 23 still held
(Indonesia 13, Malaysia 7, China 3). Around it sit the traps a month boundary and a late
correction set: a typo'd date corrected later, a robbery entered in August for a July date, an
August detention, alerts a few minutes either side of local midnight.

The same description feeds the pure counter (``facts()``) and the database (integration tests
insert ``cases``/``members``/``events`` rows), so both paths count the same story.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from services.reports.facts import AlertFact, IncidentFact, StatusEvent, VesselFact
from services.vocabulary import CaseKind, Status

JULY_PARAGRAPH = (
    "Toàn tỉnh không có tàu và ngư dân bị nước ngoài bắt giữ; tuy nhiên, có 01 tàu cá bị nước "
    "ngoài ngăn cản, lấy tài sản. Trong tháng, có 09 ngư dân bị Trung Quốc bắt giữ về nước. "
    "Tính đến thời điểm hiện tại, toàn tỉnh vẫn còn 23 ngư dân đang bị các nước bắt giữ "
    "(Indonesia: 13, Malaysia: 07, Trung Quốc: 03)."
)

# The moment the Malaysian date typo was corrected and the late robbery entered.
CORRECTED_AT = datetime(2021, 8, 5, 3, 0, tzinfo=UTC)
ISSUED_FIRST_AT = datetime(2021, 8, 2, 2, 0, tzinfo=UTC)


def at(day: date, hour: int = 2) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


@dataclass
class Case:
    case_id: int
    kind: CaseKind
    country: str
    occurred_on: date
    vessel_id: str
    created_at: datetime
    members: list[int] = field(default_factory=list)


@dataclass
class Event:
    event_id: int
    case_id: int
    person_id: int
    status: Status
    occurred_on: date
    recorded_at: datetime
    supersedes: int | None = None


@dataclass
class Story:
    cases: list[Case] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    alerts: list[AlertFact] = field(default_factory=list)
    vessels: list[VesselFact] = field(default_factory=list)
    base: int = 0  # id offset, so two stories can share one database
    _next_person: int = 0

    def case(
        self,
        kind: CaseKind,
        country: str,
        on: date,
        vessel: str,
        crew: int,
        created_at: datetime | None = None,
    ) -> Case:
        case_id = self.base + len(self.cases) + 1
        case = Case(case_id, kind, country, on, vessel, created_at or at(on))
        first = self.base + self._next_person + 1
        case.members = list(range(first, first + crew))
        self._next_person += crew
        self.cases.append(case)
        return case

    def event(
        self,
        case: Case,
        person: int,
        status: Status,
        on: date,
        recorded_at: datetime | None = None,
        supersedes: int | None = None,
    ) -> Event:
        event = Event(
            self.base + len(self.events) + 1,
            case.case_id,
            person,
            status,
            on,
            recorded_at or at(on, 3),
            supersedes,
        )
        self.events.append(event)
        return event

    def facts(self) -> tuple[list[StatusEvent], list[IncidentFact]]:
        by_id = {c.case_id: c for c in self.cases}
        events = [
            StatusEvent(
                event_id=str(e.event_id),
                person_id=str(e.person_id),
                case_id=str(e.case_id),
                status=e.status,
                occurred_on=e.occurred_on,
                recorded_at=e.recorded_at,
                country=by_id[e.case_id].country,
                vessel_id=by_id[e.case_id].vessel_id,
                case_kind=by_id[e.case_id].kind,
                supersedes=str(e.supersedes) if e.supersedes else None,
            )
            for e in self.events
        ]
        incidents = [
            IncidentFact(
                case_id=str(c.case_id),
                kind=c.kind,
                country=c.country,
                occurred_on=c.occurred_on,
                recorded_at=c.created_at,
                vessel_ids=(c.vessel_id,),
                people=len(c.members),
            )
            for c in self.cases
        ]
        return events, incidents


def _detain(story: Story, case: Case) -> None:
    for person in case.members:
        story.event(case, person, Status.DETAINED, case.occurred_on)


def july_2021() -> Story:
    """The whole story, from November 2020 to August 2021."""
    s = Story()
    # Indonesia: 8 + 6 detained; one of the six is home in June -> 13 still held.
    a = s.case(CaseKind.DETENTION, "ID", date(2020, 11, 5), "QNg-90101-TS", 8)
    _detain(s, a)
    b = s.case(CaseKind.DETENTION, "IDN", date(2021, 2, 14), "QNg-90202-TS", 6)
    _detain(s, b)
    s.event(b, b.members[0], Status.RELEASED, date(2021, 6, 2))
    s.event(b, b.members[0], Status.REPATRIATED, date(2021, 6, 10))
    # Malaysia: 7 detained in May; one DETAINED first typed as 3 July, corrected on 5 August.
    c = s.case(CaseKind.DETENTION, "MY", date(2021, 5, 3), "QNg-90303-TS", 7)
    for person in c.members[1:]:
        s.event(c, person, Status.DETAINED, c.occurred_on)
    typo = s.event(c, c.members[0], Status.DETAINED, date(2021, 7, 3), at(date(2021, 7, 4)))
    s.event(c, c.members[0], Status.DETAINED, date(2021, 5, 3), CORRECTED_AT, typo.event_id)
    # China: 12 detained in April; 5 released in June, 4 in July; those 9 home on 20 July.
    d = s.case(CaseKind.DETENTION, "CN", date(2021, 4, 10), "QNg-90404-TS", 12)
    _detain(s, d)
    for i, person in enumerate(d.members[:9]):
        freed = date(2021, 6, 28) if i < 5 else date(2021, 7, 15)
        s.event(d, person, Status.RELEASED, freed)
        s.event(d, person, Status.REPATRIATED, date(2021, 7, 20))
    for person in d.members[9:]:
        s.event(d, person, Status.SENTENCED, date(2021, 6, 1))
    # July: a robbery entered late (5 August), a rescue; August: a new Malaysian detention.
    r = s.case(CaseKind.ROBBERY, "CN", date(2021, 7, 12), "QNg-90505-TS", 8, CORRECTED_AT)
    for person in r.members:
        s.event(r, person, Status.RETURNED, date(2021, 7, 14), CORRECTED_AT)
    e = s.case(CaseKind.DISTRESS, "PH", date(2021, 7, 22), "QNg-90606-TS", 5)
    for person in e.members:
        s.event(e, person, Status.RETURNED, date(2021, 7, 25))
    f = s.case(CaseKind.DETENTION, "MY", date(2021, 8, 1), "QNg-90707-TS", 6)
    _detain(s, f)

    s.alerts = [
        AlertFact("QNg-91001-TS", "APPROACHING", datetime(2021, 7, 3, 1, tzinfo=UTC)),
        AlertFact("QNg-91001-TS", "IMMINENT", datetime(2021, 7, 3, 2, tzinfo=UTC)),
        AlertFact("QNg-91002-TS", "APPROACHING", datetime(2021, 7, 9, 5, tzinfo=UTC)),
        AlertFact("QNg-91002-TS", "INSIDE_FOREIGN", datetime(2021, 7, 9, 7, tzinfo=UTC)),
        AlertFact("QNg-91003-TS", "DARK", datetime(2021, 7, 20, 7, tzinfo=UTC)),
        AlertFact("QNg-91003-TS", "DARK_24H", datetime(2021, 7, 21, 7, tzinfo=UTC)),
        # 00:30 on 1 July in Vietnam: July.  00:30 on 1 August in Vietnam: August.
        AlertFact("QNg-91004-TS", "APPROACHING", datetime(2021, 6, 30, 17, 30, tzinfo=UTC)),
        AlertFact("QNg-91005-TS", "APPROACHING", datetime(2021, 7, 31, 17, 30, tzinfo=UTC)),
    ]
    # 812 boats of 15 m and over: 800 with a device, 791 of them reporting; 40 small boats.
    s.vessels = [
        VesselFact(f"QNg-{95000 + i}-TS", 15.0 + (i % 10), i < 800, i < 791) for i in range(812)
    ] + [VesselFact(f"QNg-{96000 + i}-TS", 12.0, i < 10, i < 10) for i in range(40)]
    return s
