"""Speaker kinds of round 10c, each on made-up sentences of its kind:

* a sign-off line under a quote ("- Ortega.") credits it (quotes_direct.signoff);
* a noun cue's speaker is its possessor, its from/by complement or the subject of its light verb,
  not the subject of another clause (quotes_noun_cue);
* the passive subject of the verb a cue hangs on ("was prompted to say") and a passive's agent
  standing after its subject ("was asked by X whether") speak (quotes_speakers.subject).
"""

from __future__ import annotations

import pytest

from annotator.nlp.quotes import suggest_quotes
from annotator.nlp.quotes_noun_cue import cue_noun, noun_cue_speakers, noun_source
from annotator.nlp.quotes_types import Quote
from tests.nlp.test_quotes_sentence_end import table, trained  # noqa: F401 - the pipeline fixture

pytestmark = pytest.mark.trained


def _speaker_of(text: str, quotes, content_start: str) -> str | None:
    k = text.index(content_start)
    hits = [q for q in quotes if q.content[0] <= k < q.content[1]]
    assert hits, f"no quote over {content_start!r}: {table(text, quotes)}"
    q = hits[0]
    return text[q.speaker[0] : q.speaker[1]] if q.speaker else None


SIGNOFFS = [
    ('The mayor defended the plan.\n\n"We built three bridges in two years and none of them leaked."\n\n- Ortega.\n\nThe claim is mostly true.',
     "We built", "Ortega"),
    ('Fact-checkers looked at the debate.\n\n"Every school in this county has a nurse now, and that was my doing."\n\n\u2014 Maria Delgado\n\nThat is an overstatement.',
     "Every school", "Maria Delgado"),
]


@pytest.mark.parametrize(("text", "content", "speaker"), SIGNOFFS)
def test_a_signoff_line_under_a_quote_credits_it(trained, text, content, speaker):
    quotes = suggest_quotes(trained(text), text=text)
    assert _speaker_of(text, quotes, content) == speaker
    q = next(q for q in quotes if q.content[0] <= text.index(content) < q.content[1])
    assert text[q.cue[0] : q.cue[1]] in ("-", "\u2014")


def test_a_dash_line_that_goes_on_as_a_sentence_is_no_signoff(trained):
    text = 'He spoke last.\n\n"We will win this district by a wide margin next year."\n\n- The turnout was low, officials said.'
    quotes = suggest_quotes(trained(text), text=text)
    assert _speaker_of(text, quotes, "We will win") != "The turnout"


NOUN_CUES = [
    # (sentence, content start, content end, the speaker it must get)
    ("Despite the governor's insistence that the bridge was safe, engineers closed it on Monday.",
     "that the bridge", "was safe", "the governor's"),
    ("The story began with an allegation from a former aide that the senator had hidden donations.",
     "that the senator", "donations", "a former aide"),
    ("Reporters laughed at suggestions by the campaign that the rally had drawn ten thousand people.",
     "that the rally", "people", "the campaign"),
    ("The mayor made the claim that crime had fallen by half, and the council voted for the budget.",
     "that crime", "by half", "The mayor"),
]


@pytest.mark.parametrize(("text", "start", "end", "speaker"), NOUN_CUES)
def test_a_noun_cue_takes_its_possessor_its_from_by_complement_or_its_light_verb_subject(trained, text, start, end, speaker):
    doc = trained(text)
    content = (text.index(start), text.index(end) + len(end))
    found = cue_noun(doc, content)
    assert found is not None, [(t.text, t.dep_, t.head.text) for t in doc]
    source = noun_source(doc, found[0], found[1], content)
    assert source is not None and text[source[0] : source[1]] == speaker
    # an attribution that had the other clause's subject gets the noun's source and the noun as cue
    wrong = Quote(content, "indirect", cue=None, speaker=(0, 3), group=0)
    (fixed,) = noun_cue_speakers(doc, [wrong])
    assert text[fixed.speaker[0] : fixed.speaker[1]] == speaker
    assert text[fixed.cue[0] : fixed.cue[1]] == found[0].text


def test_a_content_that_completes_no_cue_noun_keeps_its_speaker(trained):
    text = "The senator said that the bridge was safe."
    doc = trained(text)
    content = (text.index("that the bridge"), len(text) - 1)
    q = Quote(content, "indirect", cue=(12, 16), speaker=(0, 11), group=0)
    assert noun_cue_speakers(doc, [q]) == [q]


PASSIVES = [
    ('During the debate Governor Hale was prompted to say, "I have never raised a tax in my life, not once."',
     "I have never", "Governor Hale"),
    ("The senator was asked by moderator Ann Kim whether she would support the bill.",
     "whether she", "moderator Ann Kim"),
]


@pytest.mark.parametrize(("text", "content", "speaker"), PASSIVES)
def test_passive_frames_give_the_speaker(trained, text, content, speaker):
    quotes = suggest_quotes(trained(text), text=text)
    got = _speaker_of(text, quotes, content)
    assert got is not None and (got == speaker or got.endswith(speaker.split()[-1])), table(text, quotes)


ACCORDING = [
    ("Rents rose by a third last year, according to a survey from the tenants' union.", "Rents rose", "the tenants' union"),
    ("The river is cleaner than in 1990, according to measurements by Dr. Lena Park.", "The river", "Dr. Lena Park"),
    ("Turnout fell sharply, according to the county clerk.", "Turnout fell", "the county clerk"),
]


@pytest.mark.parametrize(("text", "content", "speaker"), ACCORDING)
def test_according_to_a_document_from_or_by_someone_gives_its_author(trained, text, content, speaker):
    quotes = suggest_quotes(trained(text), text=text)
    assert _speaker_of(text, quotes, content) == speaker, table(text, quotes)


COLON_FRAMES = [  # the parser hangs the colon and the frame's verb on the quote's own verb
    ('The night ended badly.\n\nMarquez delivered a sharp retort: "Nobody is tearing this law up. We are going forward."', "Nobody", "Marquez"),
    ('Ortiz has since apologized for the delay: "Yes, I should have told the board sooner, and I regret it."', "Yes", "Ortiz"),
]


@pytest.mark.parametrize(("text", "content", "speaker"), COLON_FRAMES)
def test_a_colon_frame_names_the_speaker_whatever_the_parse_hangs_the_colon_on(trained, text, content, speaker):
    quotes = suggest_quotes(trained(text), text=text)
    assert _speaker_of(text, quotes, content) == speaker, table(text, quotes)


def test_a_dash_credit_with_a_no_break_space_names_the_speaker(trained):
    text = "Readers wrote in.\n\u201cThe new park is the best thing this council has ever built.\u201d \u2015\u00a0Lucia Ferraro\n\u201cIt floods every spring and nobody fixes the drains.\u201d \u2015\u00a0Tomas Berg\n"
    quotes = suggest_quotes(trained(text), text=text)
    assert _speaker_of(text, quotes, "The new park") == "Lucia Ferraro", table(text, quotes)
    assert _speaker_of(text, quotes, "It floods") == "Tomas Berg", table(text, quotes)


def test_a_sentence_of_only_a_speaker_and_a_speech_verb_credits_the_quote_before_its_period(trained):
    text = 'The hearing ran late. "We will find every one of the missing ballots before Friday." Garcia said.\n\nThe count resumed.'
    quotes = suggest_quotes(trained(text), text=text)
    assert _speaker_of(text, quotes, "We will find") == "Garcia", table(text, quotes)


def test_a_sentence_that_says_more_after_a_quote_with_its_period_is_no_attribution(trained):
    text = 'Ms. Lane spoke first. "We will find every one of the missing ballots before Friday." Garcia said the count was over.'
    quotes = suggest_quotes(trained(text), text=text)
    q = next(q for q in quotes if q.content[0] <= text.index("We will find") < q.content[1])
    assert q.speaker is None or text[q.speaker[0] : q.speaker[1]] != "Garcia", table(text, quotes)


def test_a_preposition_or_time_word_parsed_as_subject_gives_way_to_the_name_in_its_phrase(trained):
    from annotator.nlp.quotes_speakers import subject

    cases = [
        ("Of Harper, Kowalski, who has donated to Marco Rubio, said, \u201cShe is a careful woman.\u201d", "Kowalski"),
        ("Saturday at the state party convention Sen. Elizabeth Warren said the nominee was a proven failure.", "Warren"),
    ]
    for text, name in cases:
        doc = trained(text)
        said = next(t for t in doc if t.text == "said")
        h = subject(said)
        assert h is not None and h.text == name, [(t.text, t.dep_, t.head.text, t.ent_type_) for t in doc]
