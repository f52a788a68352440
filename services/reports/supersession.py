"""Corrections: which events of a timeline are in effect, and in what order. One rule.

A correction is a new event naming the one it replaces; the replaced event stops counting and
the correction takes its place. Chains resolve to their newest link. The timeline is ordered
by the date each event happened, then by when its *original* was entered (then its id): a
correction sits where its original was among the events of that date.

Date first, not entry order: the case desk's rules refuse a timeline whose dates go backwards,
so on any timeline they accepted the two agree; on rows that never went through them (imports,
an ``as_of`` view that hides a later correction) the date is the fact, and entry order only
breaks ties. The consular timeline (:mod:`services.cases.timeline`) and the monthly counts
(:mod:`services.reports.counts`) both read timelines through :func:`in_effect`.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from datetime import date, datetime
from typing import Any, Protocol, TypeVar

__all__ = ["Correctable", "in_effect"]


class Correctable(Protocol):
    @property
    def occurred_on(self) -> date: ...
    @property
    def recorded_at(self) -> datetime: ...


E = TypeVar("E", bound=Correctable)
K = TypeVar("K", bound=Hashable)


def in_effect(
    events: Iterable[E],
    key: Callable[[E], K],
    replaces: Callable[[E], K | None],
    rank: Callable[[E], Any],
) -> tuple[list[E], list[E]]:
    """The events in effect in timeline order, and the corrections of unknown events.

    ``key`` is an event's id, ``replaces`` the id it corrects (``None`` for an original) and
    ``rank`` the entry-order tie-break of an original (its id, as a sortable value). A
    correction whose original is not among ``events`` is kept as it is and returned in the
    second list, so the caller can say so instead of losing or hiding it.
    """
    by_key = {key(e): e for e in events}
    superseded: set[K] = set()
    orphans: list[E] = []
    for event in by_key.values():
        target = replaces(event)
        if target is None:
            continue
        if target in by_key:
            superseded.add(target)
        else:
            orphans.append(event)

    def root(event: E) -> E:
        seen = {key(event)}
        target = replaces(event)
        while target is not None and target in by_key and target not in seen:
            event = by_key[target]
            seen.add(target)
            target = replaces(event)
        return event

    def order(event: E) -> tuple[date, datetime, Any]:
        first = root(event)
        return (event.occurred_on, first.recorded_at, rank(first))

    kept = sorted((e for k, e in by_key.items() if k not in superseded), key=order)
    return kept, orphans
