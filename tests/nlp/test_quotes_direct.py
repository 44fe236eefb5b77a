"""Direct quotes without a parser (spacy.blank): the character scanner plus word-window rules."""

from __future__ import annotations

import pytest
import spacy

from annotator.domain.suggestions import SuggestionSet
from annotator.nlp.quotes import add_quotes, suggest_quotes
from annotator.nlp.quotes_marks import find_quoted_runs
from annotator.nlp.quotes_sents import add_line_sents
from annotator.nlp.quotes_types import Quote


@pytest.fixture(scope="module")
def nlp():
    return add_line_sents(spacy.blank("en"))


def run(nlp, text: str) -> list[Quote]:
    doc = nlp(text)
    assert doc.text == text
    quotes = suggest_quotes(doc)
    for q in quotes:
        for rng in (q.content, q.cue, q.speaker):
            if rng is not None:
                assert 0 <= rng[0] < rng[1] <= len(text)
    return quotes


def s(text: str, rng) -> str | None:
    return text[rng[0] : rng[1]] if rng else None


def test_straight_quotes_speaker_after(nlp):
    text = 'The plan is dead. "We will not accept this deal," Smith said on Monday.'
    [q] = run(nlp, text)
    assert s(text, q.content) == "We will not accept this deal"
    assert (q.kind, s(text, q.cue), s(text, q.speaker)) == ("direct", "said", "Smith")


def test_curly_quotes_speaker_before(nlp):
    text = "Lavrov told reporters: \u201cWashington wants dialogue with Moscow.\u201d"
    [q] = run(nlp, text)
    assert s(text, q.content) == "Washington wants dialogue with Moscow."
    assert (s(text, q.cue), s(text, q.speaker)) == ("told", "Lavrov")


def test_said_inversion(nlp):
    text = "\u201cThe talks were useful,\u201d said Sergey Lavrov, who is visiting Japan."
    [q] = run(nlp, text)
    assert (s(text, q.cue), s(text, q.speaker)) == ("said", "Sergey Lavrov")


def test_guillemets(nlp):
    text = "\u00abWe will not give in to this pressure,\u00bb the minister said."
    [q] = run(nlp, text)
    assert s(text, q.content) == "We will not give in to this pressure"
    assert (s(text, q.cue), s(text, q.speaker)) == ("said", "the minister")


def test_single_quotes_inside_double_are_content(nlp):
    text = "\u201cHe told me \u2018no deal\u2019 and walked out of the room,\u201d Smith said."
    [q] = run(nlp, text)
    assert "\u2018no deal\u2019" in s(text, q.content)
    assert s(text, q.speaker) == "Smith"


def test_quote_over_two_paragraphs_is_one_attribution_without_the_reopening_mark(nlp):
    # issue 10 (rules10e): the paragraph break and the second paragraph's opening mark are no
    # words of the speaker: two pieces of one discontinuous content
    text = (
        "\u201cThe first part of the statement goes on here.\n\n"
        "\u201cAnd the second paragraph ends it,\u201d Smith said.\n"
    )
    q1, q2 = run(nlp, text)
    assert s(text, q1.content) == "The first part of the statement goes on here."
    assert s(text, q2.content) == "And the second paragraph ends it"
    assert q1.group == q2.group and s(text, q1.speaker) == s(text, q2.speaker) == "Smith"


def test_interrupted_quote_two_spans_one_speaker(nlp):
    text = "\u201cWe are open to talks,\u201d Lavrov said, \u201cbut not under pressure.\u201d"
    q1, q2 = run(nlp, text)
    assert s(text, q1.content) == "We are open to talks"
    assert s(text, q2.content) == "but not under pressure."
    assert q1.group == q2.group and q1.cue == q2.cue and q1.speaker == q2.speaker
    assert s(text, q2.speaker) == "Lavrov"
    out = SuggestionSet("test")
    add_quotes(out, text, [q1, q2])
    speakers = {r.child for r in out.relations if r.label == "SPEAKER"}
    cues = {r.child for r in out.relations if r.label == "CUE"}
    # one attribution: the second piece is a FRAGMENT of the first, which alone carries the links
    assert len(speakers) == 1 and len(cues) == 1 and len(out.relations) == 3
    assert [r.label for r in out.relations if r.child == out.spans[-1].key] == ["FRAGMENT"]


def test_unbalanced_marks_do_not_silence_the_article(nlp):
    text = (
        "\u201d The \"deal was bad, officials said.\n\n"
        "Smith said: \"We need a better agreement now.\"\n\n"
        "\u201cTalks will continue next week,\u201d Jones added.\n\n"
        "A stray \u201d mark here."
    )
    quotes = run(nlp, text)
    assert [s(text, q.speaker) for q in quotes] == ["Smith", "Jones"]
    assert s(text, quotes[0].content) == "We need a better agreement now."


@pytest.mark.parametrize("text", ["", '"', '"""', "\u201c", "\u201d\u201c\u201d\u201c", "''", "\u00ab\u00ab\u00bb", '"\n\n"'])
def test_degenerate_marks_never_crash(nlp, text):
    run(nlp, text)
    find_quoted_runs(text)


def test_scare_quotes_and_titles_are_not_quotes(nlp):
    text = 'The so-called "deal" was signed by the "experts" in March. He reads "War and Peace" daily.'
    assert run(nlp, text) == []


def test_cueless_statement_continues_previous_speaker(nlp):
    text = (
        "\u201cWe will fight this decision,\u201d Smith said.\n\n"
        "\u201cThe court has not heard all of the evidence in this case.\u201d\n"
    )
    q1, q2 = run(nlp, text)
    # the same attribution (issue 10, twelfth round: PolNeAR annotates one attribution of two
    # pieces): the continuation shares the speaker, the cue and the group
    assert q2.speaker == q1.speaker and q2.cue == q1.cue and q2.group == q1.group


def test_continuation_in_same_paragraph_joins_the_quote(nlp):
    text = "\u201cIt\u2019s finished,\u201d she said. \u201cIn my head, anyway.\u201d"
    q1, q2 = run(nlp, text)
    assert q1.group == q2.group and s(text, q2.speaker) == "she"


def test_typewriter_double_quotes(nlp):
    text = "''This isn't tax reform,'' said Mr. Holtz-Eakin."
    [q] = run(nlp, text)
    assert s(text, q.content) == "This isn't tax reform"
    assert s(text, q.speaker) == "Mr. Holtz-Eakin"


def test_dash_attribution_after_quote(nlp):
    text = "\u201dMr. Trump is unfit to lead this country.\u201d \u2015 Jane Doe\n"
    [q] = run(nlp, text)
    assert s(text, q.speaker) == "Jane Doe" and s(text, q.cue) == "\u2015"


def test_transcript_lines(nlp):
    text = "SMITH: We will never accept these terms from anyone.\n\nJONES: Then there is nothing to discuss today."
    q1, q2 = run(nlp, text)
    assert (s(text, q1.speaker), q1.kind, s(text, q1.content)) == ("SMITH", "direct", "We will never accept these terms from anyone.")
    assert s(text, q2.speaker) == "JONES"


def test_quote_never_crosses_a_headline_line(nlp):
    text = "Officials Meet in Geneva\n\u201cThe talks went well,\u201d Smith said.\nFresh Round of Port Fees Against Shippers\nMore text follows here."
    [q] = run(nlp, text)
    assert "\n" not in s(text, q.content)


def test_suggest_entry_on_a_bare_blank_pipeline():
    from annotator.nlp.quotes import suggest

    text = "\u201cWe will not accept this deal,\u201d Smith said. Prices rose 5 percent in May, officials said."
    out = suggest(spacy.blank("en")(text), schema_ner_map={"PERSON": "PERSON"}, origin="rules-only")
    labels = sorted(sp.label for sp in out.spans)
    assert labels.count("QUOTE") == 1 and "PERSON" not in labels
    assert {r.label for r in out.relations} == {"CUE", "SPEAKER"}
    quote = next(sp for sp in out.spans if sp.label == "QUOTE")
    assert dict(quote.attrs) == {"kind": "direct"}


def test_missing_straight_close_stays_local(nlp):
    text = 'Officials called it "the end of talks. Later, "We will try again next year," Smith said.'
    [q] = run(nlp, text)
    assert s(text, q.content) == "We will try again next year" and s(text, q.speaker) == "Smith"


def test_seed_article_direct_quotes_without_a_parser():
    from tests.conftest import SHARED_DATA

    if not (SHARED_DATA / "seed-article.txt").is_file():
        pytest.skip("no ../shared/data/seed-article.txt")
    text = (SHARED_DATA / "seed-article.txt").read_text(encoding="utf-8")
    direct = [q for q in suggest_quotes(spacy.blank("en")(text)) if q.kind == "direct"]
    assert [(text[q.content[0] : q.content[0] + 20], s(text, q.cue), s(text, q.speaker), q.speaker_ref) for q in direct] == [
        ("[The United States] ", "told", "Lavrov", "Sergey Lavrov"),
        ("Everything that has ", "stressed", "Lavrov", "Sergey Lavrov"),
    ]


def test_british_single_quotes_need_a_cue(nlp):
    text = "\u2018We won\u2019t give up the fight,\u2019 the minister said. The \u2018deal\u2019 was signed in the \u201990s."
    [q] = run(nlp, text)
    assert s(text, q.content) == "We won\u2019t give up the fight"
    assert (s(text, q.cue), s(text, q.speaker)) == ("said", "the minister")
