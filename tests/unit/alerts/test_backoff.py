"""The retry schedule: exponential, capped, never negative."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.alerts.backoff import backoff_s


def test_schedule_doubles_then_caps() -> None:
    assert [backoff_s(n) for n in range(1, 9)] == [5, 10, 20, 40, 80, 160, 300, 300]


def test_custom_schedule() -> None:
    got = [backoff_s(n, base_s=0.1, factor=3, cap_s=1) for n in (1, 2, 3, 4)]
    assert got == pytest.approx([0.1, 0.3, 0.9, 1.0])


def test_no_wait_before_first_attempt() -> None:
    assert backoff_s(0) == 0.0


@given(st.integers(min_value=1, max_value=10_000))
def test_monotonic_and_bounded(attempt: int) -> None:
    assert 5 <= backoff_s(attempt) <= 300
    assert backoff_s(attempt + 1) >= backoff_s(attempt)
