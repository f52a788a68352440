"""until_stored: wait out an unavailable database, give up on other errors with the reason."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy.exc import IntegrityError, OperationalError

from streams.retry import GaveUp, until_stored


async def _inline(fn: Callable[..., Any], *args: Any) -> Any:
    return fn(*args)


class Flaky:
    """Raises the given errors in turn, then returns how many calls it took."""

    def __init__(self, *errors: Exception) -> None:
        self.errors = list(errors)
        self.calls = 0

    def __call__(self, value: str) -> str:
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        return f"{value} after {self.calls} calls"


def _unavailable() -> OperationalError:
    return OperationalError("INSERT …", {}, Exception("database is locked"))


def _clash() -> IntegrityError:
    return IntegrityError("INSERT …", {}, Exception("UNIQUE constraint failed: alerts.alert_id"))


async def test_an_unavailable_database_is_waited_out_however_long_it_takes() -> None:
    slept: list[float] = []

    async def sleep(s: float) -> None:
        slept.append(s)

    work = Flaky(*[_unavailable() for _ in range(8)])
    result = await until_stored(work, "stored", what="12 alerts", run=_inline, attempts=3,
                                first_delay_s=0.5, max_delay_s=4.0, sleep=sleep)  # fmt: skip
    assert result == "stored after 9 calls"  # more than ``attempts``: never given up on
    assert slept == [0.5, 1.0, 2.0, 4.0, 4.0, 4.0, 4.0, 4.0]  # backoff, capped


async def test_other_errors_are_retried_then_given_up_with_the_reason() -> None:
    async def sleep(s: float) -> None:
        return None

    recovers = Flaky(_clash())
    assert await until_stored(recovers, "ok", what="x", run=_inline, sleep=sleep) == (
        "ok after 2 calls"
    )
    broken = Flaky(*[_clash() for _ in range(5)])
    with pytest.raises(GaveUp) as info:
        await until_stored(broken, "never", what="12 alerts", run=_inline, attempts=3,
                           sleep=sleep)  # fmt: skip
    assert broken.calls == 3
    assert info.value.reason.startswith("12 alerts failed: IntegrityError")
    assert "UNIQUE constraint failed" in info.value.reason
