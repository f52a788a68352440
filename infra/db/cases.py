"""Tables of the consular side: people, cases, case members and their append-only timelines.

The timeline (``status_events``) is the source of truth for where each fisherman stands: the
current status is derived from it and never stored a second time. Rows are never updated or
deleted; a correction is a new row whose ``supersedes`` points at the row it corrects. The view
``status_timeline`` (created by migration 0002) joins each event to its case and says whether it
is still in effect, so reports can read one flat relation.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from infra.db.base import Base, UtcDateTime

__all__ = [
    "CaseAlertRow",
    "CaseDocumentRow",
    "CaseMemberRow",
    "CaseNoteRow",
    "CaseRow",
    "IncidentReportRow",
    "PersonRow",
    "StatusEventRow",
]


class PersonRow(Base):
    """A fisherman. ``confirmed`` is False when the row was created from a report, unchecked."""

    __tablename__ = "persons"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    full_name: Mapped[str] = mapped_column(String(200), nullable=False, index=True)
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    national_id: Mapped[str | None] = mapped_column(String(20), unique=True)
    home_commune: Mapped[str | None] = mapped_column(String(100))
    home_district: Mapped[str | None] = mapped_column(String(100))
    home_province: Mapped[str | None] = mapped_column(String(100))
    family_contact: Mapped[str | None] = mapped_column(String(200))
    family_phone: Mapped[str | None] = mapped_column(String(32))
    confirmed: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    birth_year: Mapped[int | None] = mapped_column(Integer)  # when only the year is known
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    created_by: Mapped[str] = mapped_column(String(100), nullable=False)


class CaseRow(Base):
    """One incident abroad. Open while ``closed_at`` is null."""

    __tablename__ = "cases"
    __table_args__ = (Index("ix_cases_vessel_country", "vessel_id", "country"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(32), nullable=False)
    country: Mapped[str] = mapped_column(String(3), nullable=False, index=True)
    authority: Mapped[str | None] = mapped_column(String(200))
    place: Mapped[str | None] = mapped_column(String(200))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    zone: Mapped[str | None] = mapped_column(String(64))
    occurred_on: Mapped[date] = mapped_column(Date, nullable=False)
    occurred_at: Mapped[datetime | None] = mapped_column(UtcDateTime)  # reported time
    vessel_id: Mapped[str | None] = mapped_column(String(64), ForeignKey("vessels.vessel_id"))
    source: Mapped[str] = mapped_column(String(50), nullable=False)
    first_report_id: Mapped[str | None] = mapped_column(String(100))
    request_id: Mapped[str | None] = mapped_column(String(100), unique=True)
    needs_review: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    created_by: Mapped[str] = mapped_column(String(100), nullable=False)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    closed_by: Mapped[str | None] = mapped_column(String(100))

    members: Mapped[list[CaseMemberRow]] = relationship(
        back_populates="case", order_by="CaseMemberRow.id"
    )


class CaseMemberRow(Base):
    """A fisherman in a case; his timeline hangs off this row."""

    __tablename__ = "case_members"
    __table_args__ = (UniqueConstraint("case_id", "person_id", name="uq_case_members_case_person"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), nullable=False, index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), nullable=False, index=True)
    added_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    added_by: Mapped[str] = mapped_column(String(100), nullable=False)

    case: Mapped[CaseRow] = relationship(back_populates="members")
    person: Mapped[PersonRow] = relationship()
    events: Mapped[list[StatusEventRow]] = relationship(order_by="StatusEventRow.id")


class StatusEventRow(Base):
    """Append-only status event. ``case_id`` and ``person_id`` are copied for flat queries."""

    __tablename__ = "status_events"
    __table_args__ = (Index("ix_status_events_person_occurred", "person_id", "occurred_on"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("case_members.id"), nullable=False, index=True
    )
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), nullable=False, index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), nullable=False)
    status: Mapped[str] = mapped_column(String(32), nullable=False)
    occurred_on: Mapped[date] = mapped_column(Date, nullable=False)  # Asia/Ho_Chi_Minh date
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    recorded_by: Mapped[str] = mapped_column(String(100), nullable=False)
    note: Mapped[str | None] = mapped_column(Text)
    document_ref: Mapped[str | None] = mapped_column(String(200))
    supersedes: Mapped[int | None] = mapped_column(
        ForeignKey("status_events.id"),
        unique=True,  # one correction per event; chain to fix again
    )


class CaseNoteRow(Base):
    """Free notes on a case or one member (``kind='repatriation_request'`` for family requests)."""

    __tablename__ = "case_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), nullable=False, index=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("case_members.id"))
    kind: Mapped[str] = mapped_column(String(32), nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    document_ref: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    created_by: Mapped[str] = mapped_column(String(100), nullable=False)


class CaseDocumentRow(Base):
    """A file attached to a case, bytes included (a letter or a scan: kilobytes to a few MB).

    Kept in the database, not on a disk beside it, so a backup or a move of the database keeps
    the case whole and both SQLite and PostgreSQL deployments behave the same.
    """

    __tablename__ = "case_documents"
    __table_args__ = (
        UniqueConstraint("case_id", "sha256", "member_id", name="uq_case_documents_content"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), nullable=False, index=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("case_members.id"))
    kind: Mapped[str] = mapped_column(String(32), nullable=False)
    filename: Mapped[str] = mapped_column(String(200), nullable=False)
    content_type: Mapped[str] = mapped_column(String(100), nullable=False)
    size: Mapped[int] = mapped_column(Integer, nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    content: Mapped[bytes] = mapped_column(LargeBinary, nullable=False, deferred=True)
    note: Mapped[str | None] = mapped_column(Text)
    uploaded_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    uploaded_by: Mapped[str] = mapped_column(String(100), nullable=False)


class CaseAlertRow(Base):
    """Risk alerts the case's vessel had in the days before the incident."""

    __tablename__ = "case_alerts"

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    alert_id: Mapped[str] = mapped_column(String(64), primary_key=True)


class IncidentReportRow(Base):
    """Every incident report applied, keyed by its id: the replay guard of the incident stream."""

    __tablename__ = "incident_reports"

    report_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), nullable=False, index=True)
    source: Mapped[str] = mapped_column(String(50), nullable=False)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    problems: Mapped[list[str]] = mapped_column(JSON, nullable=False)
