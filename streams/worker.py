"""Entry point of a stream worker: imports every flow so faust registers its agents.

Run with ``python -m streams worker --without-web -l info`` (``seawatch run`` does it for you).
"""

from __future__ import annotations

from streams.alerts import agents as _alert_agents  # noqa: F401
from streams.app import app
from streams.incidents import agents as _incident_agents  # noqa: F401
from streams.pairs import agents as _pair_agents  # noqa: F401
from streams.positions import agents as _position_agents  # noqa: F401

__all__ = ["app", "main"]


def tune_interpreter(gen0_threshold: int, switch_interval_ms: float) -> None:
    """Make the cyclic garbage collector run rarely in a worker, and skip what start-up made.

    A position batch allocates a few objects per fix and per vessel (history columns, states),
    none of them cyclic, and with CPython's default threshold of 700 allocations the collector
    ran every few hundred fixes, each time walking the young objects of the batch in flight; the
    tracker's share of a batch went from 7.5 to 4.0 µs per fix with 50,000 (``bench/stream.py``,
    README). ``gc.freeze()`` moves everything imported at start-up to a permanent generation so
    older-generation passes do not walk faust, aiokafka and SQLAlchemy's objects again and again.

    The database writer thread drops the GIL inside SQLite for every row and then waits for the
    event loop's thread to give it back, up to the switch interval each time: at CPython's 5 ms
    a busy worker doubled the writer's time per row (measured with a CPU-bound thread beside an
    ``executemany``: 4.9 µs alone, 10.4 µs at 5 ms, 6.1 µs at 1 ms).
    """
    import gc
    import sys

    if switch_interval_ms > 0:
        sys.setswitchinterval(switch_interval_ms / 1000.0)
    if gen0_threshold <= 0:
        return
    gc.collect()
    gc.freeze()
    _, gen1, gen2 = gc.get_threshold()
    gc.set_threshold(gen0_threshold, gen1, gen2)


def main() -> None:
    from infra.settings import get_settings

    settings = get_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    tune_interpreter(settings.worker_gc_gen0_threshold, settings.worker_switch_interval_ms)
    from infra.repositories.ports import use_database_registry

    use_database_registry()  # the province's imported port list, else the shipped one
    if settings.worker_metrics_port > 0:  # several workers on one machine take the next port
        from infra.metrics import serve

        for port in range(settings.worker_metrics_port, settings.worker_metrics_port + 16):
            if serve(port, "worker"):
                break
    app.main()
