"""Errors raised by the reports domain.

One base error for the layer, so adapters can turn any of them into an HTTP 422 or a CLI
message without knowing the details::

    ReportError            also raised for an unknown output format
    └── InvalidPeriod      a month or date range that cannot be reported on

Facts that do not fit (a correction of an unknown event, an unknown status) are not errors:
they are listed on the report as notes, so one bad row neither stops nor silently skews it.
"""

from __future__ import annotations

__all__ = ["InvalidPeriod", "ReportError"]


class ReportError(Exception):
    """Base of every error the reports domain raises."""


class InvalidPeriod(ReportError):
    """The requested period is malformed or empty."""
