"""The pair topics' marks: a partition the worker has not heard from carries no clock."""

from __future__ import annotations

import json

import pytest

from streams.pairs import wire


def test_a_mark_gives_no_clock_for_a_partition_not_heard_from() -> None:
    raw = wire.marks({0: {"swap": [[5.0, 100.0]]}, 1: {"swap": []}}, 3600.0, unheard=[1])
    msg = wire.decode(raw)
    assert wire.mark_clock(msg, 0) == 3600.0
    assert wire.mark_clock(msg, 1) is None
    # a worker that read nothing at all: no clock for any partition
    assert wire.mark_clock(wire.decode(wire.marks({0: {}}, float("-inf"))), 0) is None


def test_a_mark_from_before_the_unheard_list_still_reads() -> None:
    old = json.dumps({"t": "m", "c": 60.0, "p": {"2": {"swap": []}}}).encode()
    assert wire.mark_clock(wire.decode(old), 2) == 60.0


def test_a_mark_with_a_bad_unheard_list_is_refused_with_the_reason() -> None:
    bad = json.dumps({"t": "m", "c": 60.0, "p": {"0": {}}, "n": "0"}).encode()
    with pytest.raises(ValueError, match=r"not heard from \(n\)"):
        wire.decode(bad)
