"""The page's one label table (static/labels.js) covers the vocabulary and repeats its words."""

from __future__ import annotations

import json
import re
from pathlib import Path

from services.cases.model import DocumentKind, NoteKind
from services.vocabulary import (
    ACK_ACTION_LABELS_VI,
    ALERT_KIND_VI,
    COUNTRY_NAMES_VI,
    AlertKind,
    CaseKind,
    RiskLevel,
    Role,
    Severity,
    Status,
)

STATIC = Path(__file__).resolve().parents[2] / "services" / "api" / "static"


def _labels() -> dict[str, dict[str, str]]:
    text = (STATIC / "labels.js").read_text(encoding="utf-8")
    body = text[text.index("window.SW_LABELS = ") + len("window.SW_LABELS = ") : text.rindex(";")]
    body = re.sub(r"(?m)^\s*([A-Za-z_][A-Za-z0-9_]*):", r'"\1":', body)  # bare keys -> JSON
    body = re.sub(r"([{,]\s*)([A-Za-z_][A-Za-z0-9_]*):", r'\1"\2":', body)
    body = re.sub(r",(\s*[}\]])", r"\1", body)
    return dict(json.loads(body))


def test_every_code_of_the_vocabulary_has_a_vietnamese_label() -> None:
    labels = _labels()
    assert set(labels["kind"]) == {k.value for k in AlertKind}
    assert labels["kind"] == {k.value: label for k, label in ALERT_KIND_VI.items()}  # same words
    assert set(labels["risk"]) == {r.value for r in RiskLevel}
    assert set(labels["severity"]) == {s.value for s in Severity}
    assert set(labels["role"]) >= {r.value for r in Role}
    assert labels["country"] == COUNTRY_NAMES_VI
    assert labels["ack_action"] == {a.value: label for a, label in ACK_ACTION_LABELS_VI.items()}
    assert set(labels["status"]) == {s.value for s in Status}  # the consular desk's words
    assert set(labels["caseKind"]) == {k.value for k in CaseKind}
    assert set(labels["docKind"]) == {k.value for k in DocumentKind}
    assert set(labels["noteKind"]) == {k.value for k in NoteKind}


def test_no_code_word_or_english_in_the_page_labels() -> None:
    for group in _labels().values():
        for label in group.values():
            assert "_" not in label and not re.fullmatch(r"[A-Z_]+", label), label


def test_every_way_a_situation_ends_has_a_label() -> None:
    from services.alerts.situation import Ending

    assert set(_labels()["ending"]) == {e.value for e in Ending}
