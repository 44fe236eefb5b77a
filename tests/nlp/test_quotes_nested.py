"""Issue 10: a quote nested inside another quote is an attribution of its own exactly when it has
its own speaker and cue inside the outer quote (``quotes_nested``); a scare quote, a term or a
title inside a quote is not. Hand-written sentences only. Also: the overlapping QUOTE spans reach
the suggestion set and every export that holds spans (JSONL, brat, spaCy span groups)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.nlp.quotes import suggest, suggest_quotes
from annotator.nlp.quotes_marks import all_runs
from annotator.nlp.quotes_polnear import polnear_scheme, to_attributions
from tests.nlp.test_quotes_sentence_end import trained  # noqa: F401 - the pipeline fixture


def _s(text: str, rng) -> str | None:
    return text[rng[0] : rng[1]] if rng else None


def _rows(trained, text: str) -> list[tuple]:
    """(content, cue, speaker, speaker_ref, nested) of each quote, in text order."""
    return [(_s(text, q.content), _s(text, q.cue), _s(text, q.speaker), q.speaker_ref, q.nested)
            for q in suggest_quotes(trained(text), text=text)]


# ---- the scanner: quotes inside quotes, both ways round ----------------------------------------

@pytest.mark.parametrize(("text", "outer", "inner"), [
    ('"When he told me \'we are done,\' I left," Jones said.', "When he told me 'we are done,' I left,", "we are done,"),
    ("'When he told me \"we are done,\" I left,' Jones said.", 'When he told me "we are done," I left,', "we are done,"),
    ("\u201cWhen he told me \u2018we are done,\u2019 I left,\u201d Jones said.", "When he told me \u2018we are done,\u2019 I left,", "we are done,"),
    ("\u2018When he told me \u201cwe are done,\u201d I left,\u2019 Jones said.", "When he told me \u201cwe are done,\u201d I left,", "we are done,"),
])
def test_a_quote_inside_a_quote_is_found_inside_its_outer_run(text, outer, inner):
    runs, _, nested = all_runs(text)
    assert [text[r.inner[0] : r.inner[1]] for r in runs] == [outer]
    assert [text[r.inner[0] : r.inner[1]] for r in nested[runs[0]]] == [inner]


def test_a_double_quote_reaching_past_a_single_one_still_breaks_it():
    # the primary run does not lie inside the would-be single run: no single run, as before
    text = "'Yes, \"he said' it twice\" today."
    runs, _, nested = all_runs(text)
    assert [text[r.inner[0] : r.inner[1]] for r in runs] == ["he said' it twice"]
    assert nested == {}


# ---- attributions -----------------------------------------------------------------------------

@pytest.mark.trained
@pytest.mark.parametrize(("text", "inner"), [
    # the sentence, single inside double and double inside single, straight and curly
    ("Tom Reyes quit in May. 'When he told me \"we are done,\" I believed him,' Jones said.",
     ("we are done", "told", "he", "Tom Reyes")),
    ("Tom Reyes quit in May. \"When he told me 'we are done,' I believed him,\" Jones said.",
     ("we are done", "told", "he", "Tom Reyes")),
    ("Tom Reyes quit in May. \u201cWhen he told me \u2018we are done,\u2019 I believed him,\u201d Jones said.",
     ("we are done", "told", "he", "Tom Reyes")),
    ("Tom Reyes quit in May. \u2018When he told me \u201cwe are done,\u201d I believed him,\u2019 Jones said.",
     ("we are done", "told", "he", "Tom Reyes")),
    # "X said" inside, the inner quote in the middle
    ("\"Mark Ortiz came in and said 'we are finished here,' so we packed,\" Jones said.",
     ("we are finished here", "said", "Mark Ortiz", "Mark Ortiz")),
    # "according to X" inside
    ("\"According to the mayor, 'the bridge will close next month for good,' and that hurts us,\" Jones said.",
     ("the bridge will close next month for good", "According to", "the mayor", None)),
    # "X told me", the inner quote at the end of the outer one
    ("\"We were ready, and then Smith told me, 'we are pulling out of the race,'\" Jones said.",
     ("we are pulling out of the race", "told", "Smith", "Smith")),
    # the inner quote at the start of the outer one, attributed after it ("'...,' X told us")
    ("\"'We will win this fight,' the governor told us, and we believed her,\" Jones said.",
     ("We will win this fight", "told", "the governor", None)),
    # "said X" after the inner quote
    ("\u201c\u2018We are done here,\u2019 said Ortiz, and he walked out of the room,\u201d Jones said.",
     ("We are done here", "said", "Ortiz", "Ortiz")),
    # the cue before wins over a clause after the quote ("and I agree" is no attribution)
    ("\"The chairman wrote 'we will see' and I agree with him,\" Jones said.",
     ("we will see", "wrote", "The chairman", None)),
    # one word, only the addressee between "told" and the mark
    ("'Ortiz told me \"no,\" and that was it,' Jones said.", ("no", "told", "Ortiz", "Ortiz")),
    # a one-word quote in capitals is no title
    ("'Ortiz told me \"Yes,\" and that was it,' Jones said.", ("Yes", "told", "Ortiz", "Ortiz")),
])
def test_a_nested_quote_with_its_own_speaker_and_cue_is_its_own_attribution(trained, text, inner):
    rows = _rows(trained, text)
    outer = [r for r in rows if not r[4]]
    assert [(r[1], r[2]) for r in outer] == [("said", "Jones")]  # the outer quote, as before
    assert [r[:4] for r in rows if r[4]] == [inner]
    # the inner content lies inside the outer one: overlapping QUOTE spans
    assert inner[0] in outer[0][0]


@pytest.mark.trained
def test_two_nested_quotes_are_two_attributions(trained):
    text = "\"He said 'no way, not again' and then Ortiz said 'fine, we go home now,'\" Jones said."
    rows = _rows(trained, text)
    assert [r[:3] for r in rows if r[4]] == [("no way, not again", "said", "He"), ("fine, we go home now", "said", "Ortiz")]
    assert [r[2] for r in rows if not r[4]] == ["Jones"]


@pytest.mark.trained
@pytest.mark.parametrize("text", [
    # a scare quote: no cue of its own
    "\"It was 'a total disaster' from the start,\" Jones said.",
    # a phrase quoted inside a reported clause: the cue reports the clause, not the phrase
    "\"We said the 'experts' were wrong about it,\" Jones said.",
    "\"He said the deal was 'a dead letter now' in May,\" Jones said.",
    # titles and names
    "\"I read 'The Old Man and the Sea' twice that summer,\" Jones said.",
    "\"The plan was called 'Project Sunrise' by everyone at the firm,\" Jones said.",
    # a verb of thought or perception is no cue: nobody is said to have said it there
    "\"I heard 'lock the doors now' on the radio last night,\" Jones said.",
    "'Then I thought \"this is the end of it all\" and went home,' Jones said.",
    # words nobody is said to have said
    "\"Nobody would say 'we are giving up on this' in the room,\" Jones said.",
    # what follows the inner quote is another clause, not its attribution
    "\"It was 'a bad idea from the very start' and I agree with him,\" Jones said.",
])
def test_a_nested_quote_without_its_own_speaker_is_not_emitted(trained, text):
    rows = _rows(trained, text)
    assert [r for r in rows if r[4]] == []
    assert [(r[1], r[2]) for r in rows] == [("said", "Jones")]


@pytest.mark.trained
def test_polnear_scoring_leaves_nested_quotes_out(trained):
    """PolNeAR annotates no quote inside a direct quote: its scheme keeps the outer one only."""
    text = "\"We were ready, and then Smith told me, 'we are pulling out of the race,'\" Jones said."
    quotes = suggest_quotes(trained(text), text=text)
    assert len(to_attributions(quotes)) == 2
    (only,) = to_attributions(polnear_scheme(quotes))
    assert _s(text, only.speaker) == "Jones"


# ---- the overlapping QUOTE spans in the suggestion set and the exports --------------------------

TEXT = ("Tom Reyes quit the firm in May.\n\n"
        "'When he told me \"we are done,\" I believed him,' Jones said.\n")


@pytest.mark.trained
def test_nested_quotes_are_two_linked_quote_spans(trained):
    out = suggest(trained(TEXT), schema_ner_map={"PERSON": "PERSON"}, origin="test")
    quotes = {TEXT[s.start : s.end]: s for s in out.spans if s.label == "QUOTE"}
    assert set(quotes) == {"When he told me \"we are done,\" I believed him", "we are done"}
    by_id = {s.key: s for s in out.spans}
    links = {(TEXT[by_id[r.head].start : by_id[r.head].end], r.label, TEXT[by_id[r.child].start : by_id[r.child].end])
             for r in out.relations}
    assert {("we are done", "SPEAKER", "he"), ("we are done", "CUE", "told")} <= links
    assert quotes["we are done"].attrs.get("speaker_ref") == "Tom Reyes"


@pytest.mark.trained
@pytest.mark.timeout(300)
def test_exports_carry_overlapping_quote_spans(tmp_path: Path):
    from click.testing import CliRunner

    from annotator.cli import cli as main

    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(TEXT, encoding="utf-8")
    db = str(tmp_path / "p.db")
    run = CliRunner().invoke
    assert run(main, ["import", db, str(src)]).exit_code == 0
    assert run(main, ["preannotate", db]).exit_code == 0
    outer, inner = (34, 79), (51, 62)
    assert TEXT[outer[0] : outer[1]].startswith("When") and TEXT[inner[0] : inner[1]] == "we are done"

    assert run(main, ["export", db, "--format", "jsonl", "--status", "all", "--output", str(tmp_path / "p.jsonl")]).exit_code == 0
    (rec,) = [json.loads(line) for line in (tmp_path / "p.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    assert {(s["start"], s["end"]) for s in rec["spans"] if s["label"] == "QUOTE"} == {outer, inner}

    assert run(main, ["export", db, "--format", "brat", "--status", "all", "--output", str(tmp_path / "brat")]).exit_code == 0
    (ann,) = (tmp_path / "brat").glob("*.ann")
    lines = ann.read_text(encoding="utf-8").splitlines()
    assert {f"QUOTE {a} {b}" for a, b in (outer, inner)} <= {line.split("\t")[1] for line in lines if line.startswith("T")}

    import spacy
    from spacy.tokens import DocBin

    assert run(main, ["export", db, "--format", "spacy", "--status", "all", "--output", str(tmp_path / "p.spacy")]).exit_code == 0
    (doc,) = DocBin().from_disk(tmp_path / "p.spacy").get_docs(spacy.blank("en").vocab)
    quotes = {(s.start_char, s.end_char) for group in doc.spans.values() for s in group if s.label_ == "QUOTE"}
    assert quotes == {outer, inner}
