"""Errors of the feed adapters.

Hierarchy::

    FeedError               base of the feeds layer
    ├── FeedFormatError     unknown ``--format`` or a file that is not in the format asked for
    └── FeedSpeedError      a ``--speed`` that is not ``max``, ``N`` or ``Nx``

A bad *line* is not an error: decoders return it as a :class:`~services.feeds.common.Reject`
so one corrupt sentence never stops a feed.
"""

from __future__ import annotations

__all__ = ["FeedError", "FeedFormatError", "FeedSpeedError"]


class FeedError(Exception):
    """Base error of the feeds layer."""


class FeedFormatError(FeedError):
    """The feed format is unknown or does not match the input."""


class FeedSpeedError(FeedError):
    """The replay speed factor cannot be parsed."""
