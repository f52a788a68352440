"""Two writers of one case at the same moment are checked one after the other, not side by side."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from infra.db.cases import CaseMemberRow, StatusEventRow
from infra.uow import SqlAlchemyUnitOfWork
from services.cases import handlers, steps
from services.cases.commands import RecordStatus
from services.cases.model import StatusEvent
from services.vocabulary import Status
from tests.factories import incident_report

UowFactory = Callable[[], SqlAlchemyUnitOfWork]
T0 = datetime(2021, 6, 10, 3, 0, tzinfo=UTC)


def _race(monkeypatch: pytest.MonkeyPatch, *commands: Callable[[], Any]) -> list[Any]:
    """Run the commands in threads; each waits (up to 1 s) after reading for the others to read.

    Without a lock every command reads the same timeline before any of them writes, which is
    what two officers pressing "save" at the same instant (or one double-click) do.
    """
    have_read = [threading.Event() for _ in commands]
    who = threading.local()
    check = steps.check_event

    def check_after_the_others_read(*args: Any, **kwargs: Any) -> None:
        have_read[who.index].set()
        for i, event in enumerate(have_read):
            if i != who.index:
                event.wait(timeout=1.0)
        check(*args, **kwargs)

    monkeypatch.setattr(steps, "check_event", check_after_the_others_read)
    results: list[Any] = [None] * len(commands)

    def run(index: int) -> None:
        who.index = index
        try:
            results[index] = commands[index]()
        except Exception as exc:  # the test looks at what each writer got
            results[index] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(commands))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return results


def test_the_same_status_saved_twice_at_once_is_stored_once(
    uow_factory: UowFactory, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = handlers.handle_incident_report(uow_factory(), incident_report(occurred_at=T0))
    member_id = session.scalars(
        select(CaseMemberRow.id).where(CaseMemberRow.case_id == opened.case_id).limit(1)
    ).one()
    cmd = RecordStatus(actor="ngoaivu1", case_id=opened.case_id, member_id=member_id,
                       status=Status.RELEASED, occurred_on=date(2021, 7, 2))  # fmt: skip
    first, second = _race(
        monkeypatch,
        lambda: handlers.record_status(uow_factory(), cmd),
        lambda: handlers.record_status(uow_factory(), cmd),
    )
    assert isinstance(first, StatusEvent) and isinstance(second, StatusEvent)
    assert first.id == second.id  # the second writer found the first one's event
    released = session.scalars(
        select(StatusEventRow.id).where(
            StatusEventRow.member_id == member_id, StatusEventRow.status == "RELEASED"
        )
    ).all()
    assert len(released) == 1  # counted once in the month's report
