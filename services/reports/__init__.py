"""Monthly counts and the Vietnamese report text for the Department of Foreign Affairs.

The pure surface is re-exported here (no database import); the database side lives in
``infra.repositories.report_facts`` and the use case in ``services.reports.service``.
"""

from services.reports.counts import compute_counts, effective_events
from services.reports.errors import InvalidPeriod, ReportError
from services.reports.facts import AlertFact, IncidentFact, StatusEvent, VesselFact
from services.reports.period import Period, local_date, parse_period
from services.reports.tallies import AlertCounts, IncidentTally, MonthlyCounts, VmsCoverage
from services.reports.text_vi import ReportText, render_text

__all__ = [
    "AlertCounts",
    "AlertFact",
    "IncidentFact",
    "IncidentTally",
    "InvalidPeriod",
    "MonthlyCounts",
    "Period",
    "ReportError",
    "ReportText",
    "StatusEvent",
    "VesselFact",
    "VmsCoverage",
    "compute_counts",
    "effective_events",
    "local_date",
    "parse_period",
    "render_text",
]
