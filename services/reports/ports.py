"""What the report use case needs from storage: a source of facts, as a protocol.

``infra.repositories.report_facts.SqlReportFacts`` reads them from the database; tests can
hand in any object with the same ``load``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol, runtime_checkable

from services.reports.facts import LoadedFacts
from services.reports.iuu import IuuFigures
from services.reports.period import Period

__all__ = ["FactsSource", "IuuSource"]


class FactsSource(Protocol):
    def load(self, period: Period) -> LoadedFacts:
        """Every fact ``period``'s counts may depend on (all status events, not only its own)."""
        ...


@runtime_checkable
class IuuSource(Protocol):
    """A source that can also give the period's IUU figures (the report's section 4)."""

    def load_iuu(self, period: Period, now: datetime | None = None) -> IuuFigures:
        """The figures over the period's Vietnam dates; an open period is judged up to ``now``."""
        ...
