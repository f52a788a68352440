"""Alert delivery, the surface the alert agent and ``seawatch run`` use.

- ``enqueue(session, new_alerts)``: call right after ``save_alerts`` in the same transaction; it
  writes one outbox row per new alert × matching webhook recipient (idempotent).
- ``async run_dispatcher(stop, settings)``: the delivery loop; returns when ``stop`` is set.
"""

from __future__ import annotations

from services.alerts.dispatcher import Dispatcher, DispatchPolicy, run_dispatcher
from services.alerts.outbox import backoff_s, enqueue

__all__ = ["DispatchPolicy", "Dispatcher", "backoff_s", "enqueue", "run_dispatcher"]
