"""What the report use case needs from storage: a source of facts, as a protocol.

``infra.repositories.report_facts.SqlReportFacts`` reads them from the database; tests can
hand in any object with the same ``load``.
"""

from __future__ import annotations

from typing import Protocol

from services.reports.facts import LoadedFacts
from services.reports.period import Period

__all__ = ["FactsSource"]


class FactsSource(Protocol):
    def load(self, period: Period) -> LoadedFacts:
        """Every fact ``period``'s counts may depend on (all status events, not only its own)."""
        ...
