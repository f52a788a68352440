"""How long to wait before trying again: one rule for webhook retries and database retries."""

from __future__ import annotations

__all__ = ["backoff_s"]


def backoff_s(
    attempt: int, base_s: float = 5.0, factor: float = 2.0, cap_s: float = 300.0
) -> float:
    """Seconds to wait after the ``attempt``-th failure: base·factor^(attempt-1), capped.

    The cap bounds how long a recovered receiver waits for its backlog (at most ``cap_s``).

    >>> [backoff_s(n) for n in range(5)]
    [0.0, 5.0, 10.0, 20.0, 40.0]
    """
    if attempt < 1:
        return 0.0
    return float(min(cap_s, base_s * factor ** min(attempt - 1, 60)))
