"""Rules, issue 10 (rules38): content boundaries and false reports analysts found in news, one
section per kind. Invented sentences; where PolNeAR's gold annotates a kind, the rows follow it
(docs/attribution-rounds.md, "rules38").

Rows: (content, cue, speaker, group, nested), one per suggested piece.
"""

from __future__ import annotations

import pytest

from tests.nlp.test_quotes_sentence_end import trained  # noqa: F401 - the pipeline fixture
from tests.nlp.test_rules24 import _rows  # the rows (content, cue, speaker, group, nested) per piece

pytestmark = [pytest.mark.trained, pytest.mark.timeout(120)]


# ---- 1. no report where nobody reports -------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "The update is confirmed, available for download.",
    "The deal is confirmed, effective Monday.",
    "The merger is confirmed, pending approval by regulators.",
    "The date is confirmed, June 5.",
    "If you ever wondered why cats purr, scientists have an answer.",
    "If you've ever wondered why cats purr, here's why.",
    "You may have wondered why the price went up.",
])
def test_no_one_reports(trained, text):
    assert _rows(trained, text) == []


@pytest.mark.parametrize(("text", "content", "cue", "speaker"), [
    # a sourceless passive with a clause, and a wonder someone named has: stay
    ("It was confirmed that the plant will close.", "the plant will close", "confirmed", None),
    ("Scientists have long wondered why cats purr.", "why cats purr", "wondered", "Scientists"),
    ("She wondered why the door was open.", "why the door was open", "wondered", "She"),
])
def test_a_report_or_a_wonder_with_a_source_stays(trained, text, content, cue, speaker):
    assert [r[:3] for r in _rows(trained, text)] == [(content, cue, speaker)]
