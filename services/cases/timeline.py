"""The timeline rules: what a member's status is, and which new event is allowed.

Everything here is a pure function of the events already stored, so the rules are tested
without a database and applied identically to officers' entries and to the incident stream.
A correction (an event with ``supersedes``) takes the place of the event it corrects: the
rules are checked on the timeline as it would read after the correction.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from services.cases.errors import NotFound, RuleViolation
from services.cases.model import StatusEvent
from services.cases.wording_vi import day_vi, status_vi
from services.reports.supersession import in_effect
from services.vocabulary import END_STATUSES, OPEN_DETENTION, Status

__all__ = [
    "Proposed",
    "check_event",
    "current_status",
    "effective",
    "has_open_detention",
    "is_end",
    "status_on",
]

_NEEDS_OPEN_DETENTION = frozenset(
    {Status.CONSULAR_ACCESS, Status.SENTENCED, Status.FINED, Status.RELEASED}
)
_TERMINAL = frozenset({Status.REPATRIATED, Status.RETURNED, Status.DECEASED})
_AFTER_MISSING = frozenset({Status.DECEASED, Status.RETURNED, Status.REPATRIATED, Status.DETAINED})


@dataclass(frozen=True)
class Proposed:
    """An event an officer or a report wants to add (not stored yet, so no id)."""

    status: Status
    occurred_on: date
    supersedes: int | None = None


def effective(events: Iterable[StatusEvent]) -> list[StatusEvent]:
    """The events in effect, in timeline order: each correction sits where its original was.

    The rule is the counting core's (:func:`services.reports.supersession.in_effect`), so the
    desk and the monthly report always read a timeline alike.
    """
    kept, _ = in_effect(events, lambda e: e.id, lambda e: e.supersedes, lambda e: e.id)
    return kept


def current_status(events: Iterable[StatusEvent]) -> Status | None:
    """The member's status now: the last event in effect (None before any event)."""
    alive = effective(events)
    return alive[-1].status if alive else None


def status_on(events: Iterable[StatusEvent], day: date) -> Status | None:
    """The member's status at the end of ``day`` (for reports as of a date)."""
    alive = [e for e in effective(events) if e.occurred_on <= day]
    return alive[-1].status if alive else None


def has_open_detention(events: Iterable[StatusEvent]) -> bool:
    return current_status(events) in OPEN_DETENTION


def _sequence(events: Sequence[StatusEvent], new: Proposed) -> list[tuple[Status, date]]:
    """The timeline as (status, date) pairs after adding ``new``."""
    alive = effective(events)
    if new.supersedes is None:
        return [(e.status, e.occurred_on) for e in alive] + [(new.status, new.occurred_on)]
    if not any(e.id == new.supersedes for e in events):
        raise NotFound(
            f"event {new.supersedes} is not in this member's timeline",
            f"Mốc số {new.supersedes} không có trong diễn biến của ngư dân này.",
        )
    if all(e.id != new.supersedes for e in alive):
        raise RuleViolation(
            f"event {new.supersedes} was already corrected; correct the latest correction instead",
            f"Mốc số {new.supersedes} đã được đính chính; hãy đính chính bản đính chính mới nhất.",
        )
    return [
        (new.status, new.occurred_on) if e.id == new.supersedes else (e.status, e.occurred_on)
        for e in alive
    ]


def check_event(
    events: Sequence[StatusEvent],
    new: Proposed,
    *,
    today: date,
    open_elsewhere: bool = False,
) -> None:
    """Raise :class:`RuleViolation` unless ``new`` may join the member's timeline ``events``.

    ``open_elsewhere`` is True when the same person has an open detention in another case: one
    person cannot be detained twice at the same time, so a new ``DETAINED`` is refused (a
    correction of an old detention's date is not a new detention).
    """
    if new.occurred_on > today:
        raise RuleViolation(
            f"{new.status.value} dated {new.occurred_on} is in the future (today is {today})",
            f"Không thể ghi {status_vi(new.status)} ngày {day_vi(new.occurred_on)}: ngày này "
            f"chưa tới (hôm nay là {day_vi(today)}).",
        )
    if open_elsewhere and new.status is Status.DETAINED and new.supersedes is None:
        raise RuleViolation(
            "this person already has an open detention in another case; "
            "record his release or repatriation there first",
            "Ngư dân này đang bị giữ trong một hồ sơ khác; hãy ghi “được trả tự do” hoặc "
            "“đã về nước” ở hồ sơ đó trước.",
        )
    previous: Status | None = None
    previous_on: date | None = None
    detained_before = False
    for status, on in _sequence(events, new):
        if previous_on is not None and on < previous_on:
            raise RuleViolation(
                f"dates out of order: {status.value} on {on} comes after "
                f"{previous.value if previous else ''} on {previous_on}",
                f"Ngày không theo thứ tự: {status_vi(status)} ngày {day_vi(on)} lại sớm hơn "
                f"{status_vi(previous)} ngày {day_vi(previous_on)}.",
            )
        _check_transition(previous, status, detained_before)
        if status is Status.DETAINED:
            detained_before = True
        previous, previous_on = status, on


def _check_transition(previous: Status | None, status: Status, detained_before: bool) -> None:
    if previous in _TERMINAL:
        raise RuleViolation(
            f"{status.value} cannot follow {previous.value if previous else ''}: "
            "the member's timeline has ended",
            f"Không thể ghi {status_vi(status)} sau {status_vi(previous)}: diễn biến của ngư dân "
            "này đã kết thúc.",
        )
    if previous is Status.MISSING and status not in _AFTER_MISSING:
        raise RuleViolation(
            f"{status.value} cannot follow MISSING",
            f"Không thể ghi {status_vi(status)} sau “mất tích”: chỉ ghi được “tử vong”, "
            "“đã về nước”, “đã về nhà an toàn” hoặc “bị bắt giữ”.",
        )
    if status is Status.REPATRIATED and not detained_before:
        raise RuleViolation(
            "REPATRIATED needs an earlier DETAINED in this case",
            "Chưa thể ghi “đã về nước”: ngư dân chưa có ghi nhận “bị bắt giữ” trong hồ sơ này "
            "(nếu không bị bắt giữ, hãy ghi “đã về nhà an toàn”).",
        )
    if status is Status.DETAINED and previous in OPEN_DETENTION:
        raise RuleViolation(
            "already detained in this case: one open detention at a time",
            "Ngư dân đang bị giữ trong hồ sơ này: không ghi “bị bắt giữ” thêm lần nữa.",
        )
    if status in _NEEDS_OPEN_DETENTION and previous not in OPEN_DETENTION:
        raise RuleViolation(
            f"{status.value} needs an open detention (record DETAINED first)",
            f"Chưa thể ghi {status_vi(status)}: việc này chỉ ghi được khi ngư dân đang bị giữ "
            "(hãy ghi “bị bắt giữ” trước).",
        )


def is_end(status: Status | None) -> bool:
    """True when ``status`` lets the case close."""
    return status in END_STATUSES
