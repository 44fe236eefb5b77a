"""The benchmark's projects are pre-annotated like a user's (perf28, usertest26 M2): the first
articles all suggestions, interrupted quotes tied by FRAGMENT relations the article list counts once."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.corpus import PREANNOTATED, place_spans, write_jsonl

INTERRUPTED = '"We will not give up the port," Maria Lopez said on Tuesday. "The talks go on next week in Geneva."'


def test_an_interrupted_quote_gets_a_fragment_relation() -> None:
    spans, relations = place_spans(INTERRUPTED, "a", suggested_only=True)
    quotes = [s for s in spans if s["label"] == "QUOTE"]
    assert [INTERRUPTED[q["start"]:q["end"]] for q in quotes] == [
        "We will not give up the port,", "The talks go on next week in Geneva."]
    fragments = [r for r in relations if r["label"] == "FRAGMENT"]
    assert [(r["head"], r["child"]) for r in fragments] == [(quotes[0]["id"], quotes[1]["id"])]
    assert {s["status"] for s in spans} == {r["status"] for r in relations} == {"suggested"}


def test_quotes_far_apart_are_two_attributions() -> None:
    text = INTERRUPTED.replace('Tuesday. "', "Tuesday, after a long night of talks with the unions, the port's owners and the city council. \"")
    _, relations = place_spans(text, "a")
    assert not [r for r in relations if r["label"] == "FRAGMENT"]


def test_only_the_first_articles_are_all_suggestions(tmp_path: Path) -> None:
    rows = [{"Body ID": str(n), "articleBody": INTERRUPTED} for n in range(PREANNOTATED + 2)]
    records = [json.loads(line) for line in write_jsonl(tmp_path / "p.jsonl", rows).read_text(encoding="utf-8").splitlines()]
    assert {s["status"] for r in records[:PREANNOTATED] for s in r["spans"]} == {"suggested"}
    assert {s["status"] for r in records[PREANNOTATED:] for s in r["spans"]} == {"suggested", "accepted"}
