"""Database work of a stream agent, retried instead of crashing the agent.

An exception escaping an agent crashes it: faust restarts the actor, but the records it was
handling are skipped until the worker restarts, and the alerts or rows in them are lost for that
run. So agents hand their database work to :func:`until_stored`:

* the database is unreachable or busy (``OperationalError``, ``InterfaceError``): wait and try
  again, for as long as it takes — the records stay unacknowledged and nothing moves on;
* anything else (a concurrent writer's unique-key clash, a bug): try a few times, then give up
  with :class:`GaveUp`, whose reason the caller puts in a dead letter next to the records.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from sqlalchemy.exc import InterfaceError, OperationalError

from infra.db import writer
from services.alerts.backoff import backoff_s

__all__ = ["GaveUp", "until_stored"]

log = logging.getLogger(__name__)

_T = TypeVar("_T")

UNAVAILABLE: tuple[type[Exception], ...] = (OperationalError, InterfaceError)


class GaveUp(Exception):
    """Database work that kept failing for a reason other than an unavailable database."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


async def until_stored(
    fn: Callable[..., _T],
    *args: Any,
    what: str,
    run: Callable[..., Awaitable[_T]] = writer.write,
    attempts: int = 3,
    first_delay_s: float = 0.5,
    max_delay_s: float = 30.0,
    sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
) -> _T:
    """``await run(fn, *args)`` until it succeeds; :class:`GaveUp` after ``attempts`` other errors.

    ``run`` is the process's database writer thread by default (``asyncio.to_thread`` for work
    that may take its time); ``what`` names the work in logs and in the reason.
    """
    attempt = failures = 0
    while True:
        attempt += 1
        delay_s = backoff_s(attempt, first_delay_s, 2.0, max_delay_s)
        try:
            return await run(fn, *args)
        except UNAVAILABLE as exc:
            log.warning("%s: database unavailable (%s); retrying in %.1f s",
                        what, type(exc).__name__, delay_s)  # fmt: skip
        except Exception as exc:
            failures += 1
            if failures >= attempts:
                log.exception("%s failed %d times; giving up", what, failures)
                raise GaveUp(f"{what} failed: {type(exc).__name__}: {exc}"[:2000]) from exc
            log.warning("%s failed (%s: %s); retrying in %.1f s",
                        what, type(exc).__name__, exc, delay_s)  # fmt: skip
        await sleep(delay_s)
