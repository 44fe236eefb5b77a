"""The rules on a Doc without a parse (rule-only pipeline, or any pipeline without a parser):
never a native crash, only what can be found without the tree."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from annotator.domain.schema import default_schema
from annotator.nlp.claims_clause import NoParseError, asserted, checkable_link, declarative, imperative, main_verb, personal
from annotator.nlp.pipeline import RULE_ONLY, load_pipeline
from annotator.nlp.runner import default_rules
from tests.conftest import SHARED_DATA

ROOT = Path(__file__).resolve().parents[2]
# An FNC-1 body on which the rule-only pipeline segfaulted (exit 139): the sentence loop of the
# claim rules walked Span.root / Token.children of a Doc that has no parse.
CRASHED = ". It\u2019s one f s rs."


def _run(code: str) -> subprocess.CompletedProcess[str]:
    """In a subprocess: a native crash must fail this test, not kill the test run."""
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_the_text_that_crashed_gets_no_suggestions_and_no_crash() -> None:
    done = _run(
        "from annotator.nlp.pipeline import load_pipeline\n"
        "from annotator.nlp.runner import suggest_article\n"
        f"ss = suggest_article(load_pipeline('rule-only'), {CRASHED!r})\n"
        "print(len(ss.spans), len(ss.relations))\n"
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["0", "0"]


def test_rule_only_still_finds_direct_quotes_and_figures() -> None:
    nlp = load_pipeline(RULE_ONLY).nlp
    text = 'Unemployment fell to 4.5 percent in March across the region. "We are pleased," the minister said.'
    ss = default_rules()(nlp(text), schema_ner_map=dict(default_schema().ner_map), origin="t")
    got = {(s.label, text[s.start : s.end]) for s in ss.spans}
    assert ("CLAIM", "Unemployment fell to 4.5 percent in March across the region.") in got
    assert ("QUOTE", "We are pleased,") in got or ("QUOTE", "We are pleased") in got


@pytest.mark.parametrize("call", [
    lambda doc: main_verb(doc, (0, len(doc.text))),
    lambda doc: asserted(doc, (0, len(doc.text))),
    lambda doc: imperative(doc[1]),
    lambda doc: declarative(doc[1]),
    lambda doc: personal(doc[1]),
    lambda doc: checkable_link(list(doc)),
], ids=["main_verb", "asserted", "imperative", "declarative", "personal", "checkable_link"])
def test_tree_walking_helpers_refuse_a_doc_without_parse(call) -> None:
    doc = load_pipeline(RULE_ONLY).nlp(CRASHED)
    with pytest.raises(NoParseError, match="needs a dependency parse"):
        call(doc)


@pytest.mark.skipif(not (SHARED_DATA / "fnc1-train-bodies.csv").exists(), reason="needs ../shared/data")
def test_rule_only_pipeline_over_real_texts_smoke() -> None:
    """~100 of the 2,607 FNC-1 and PolNeAR texts, evenly spread (all: python -m tests.nlp.rule_only_sweep)."""
    done = subprocess.run([sys.executable, "-m", "tests.nlp.rule_only_sweep", "--limit", "100"],
                          cwd=ROOT, capture_output=True, text=True, timeout=170)
    assert done.returncode == 0, f"exit {done.returncode}; last text and stack:\n{done.stderr[-3000:]}"
    assert " 0 failed" in done.stdout
