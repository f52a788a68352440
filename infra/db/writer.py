"""One database writer thread per worker process.

SQLite takes one writer at a time, and writers of the same process that collide do not queue:
they sleep in SQLite's busy handler (1, 2, 5 … 100 ms) and try again. The position flow, the
alert and dead-letter flows and the latest-position flush therefore hand their writes to one
thread, in order. PostgreSQL would take them in parallel, but one ordered writer is also what
lets the position flow acknowledge its batches in order.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

__all__ = ["submit", "write"]

_T = TypeVar("_T")
_EXECUTOR = ThreadPoolExecutor(max_workers=1, thread_name_prefix="seawatch-db")


def submit(fn: Callable[..., _T], *args: Any) -> asyncio.Future[_T]:
    """Queue blocking database work on the writer thread; the future resolves in the loop."""
    return asyncio.get_running_loop().run_in_executor(_EXECUTOR, fn, *args)


async def write(fn: Callable[..., _T], *args: Any) -> _T:
    """Run blocking database work on the writer thread and wait for it."""
    return await submit(fn, *args)
