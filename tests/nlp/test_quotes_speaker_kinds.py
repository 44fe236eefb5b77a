"""Issue 10: speakers that are bugs, not limits. A dateline ("WASHINGTON —") or a time word is
never a speaker, however the parse attaches it; the addressee of "told" is never the speaker;
transcript turns ("KURTZ: ...") attribute to the name before the colon."""

from __future__ import annotations

import pytest

from annotator.nlp.quotes import suggest_quotes
from tests.nlp.test_quotes_sentence_end import said, trained  # noqa: F401 - the pipeline fixture and a helper


# (text, speaker): the parse makes the dateline or the day a second subject of the cue verb
NOT_DATELINE_OR_TIME = [
    ("WASHINGTON \u2014 The deal is dead, officials said on Monday.", "officials"),
    ("WASHINGTON \u2014 President Obama said the deal was dead.", "President Obama"),
    ("LONDON \u2014 Britain will leave the talks, the prime minister said Friday.", "the prime minister"),
    ("Monday the senator said the bill would pass.", "the senator"),
    ("Yesterday, the plan would fail, he said.", "he"),
    # a dateline of several words, or with a state or a date before the dash
    ("MYRTLE BEACH, S.C. - Sen. Maria Lopez said the plan would fail.", "Sen. Maria Lopez"),
    ("CLEVELAND, July 19 (UPI) \u2014 Former Governor Hal Brandt told reporters that the deal was dead.", "Former Governor Hal Brandt"),
]


@pytest.mark.trained
@pytest.mark.parametrize(("text", "speaker"), NOT_DATELINE_OR_TIME)
def test_dateline_or_time_word_is_never_the_speaker(trained, text, speaker):
    quotes = suggest_quotes(trained(text))
    assert quotes and {said(text, q.speaker) for q in quotes} == {speaker}


# (text, speaker, addressee)
TOLD = [
    ("\u201cWe will fight this in court,\u201d Smith told reporters.", "Smith", "reporters"),
    ("\u201cThe bridge is safe,\u201d the engineer told the council on Tuesday.", "the engineer", "the council"),
    ("The governor told the legislature that taxes would rise.", "The governor", "the legislature"),
]


@pytest.mark.trained
@pytest.mark.parametrize(("text", "speaker", "addressee"), TOLD)
def test_addressee_of_told_is_never_the_speaker(trained, text, speaker, addressee):
    [q] = suggest_quotes(trained(text))
    assert said(text, q.speaker) == speaker and addressee not in said(text, q.speaker)


TRANSCRIPT = (
    "KURTZ: I think the media got this story wrong from the start.\n"
    "HOWARD: No, we covered it fairly and we said so at the time.\n"
)


@pytest.mark.trained
def test_transcript_turns_attribute_to_the_name_before_the_colon(trained):
    quotes = suggest_quotes(trained(TRANSCRIPT))
    turns = [(said(TRANSCRIPT, q.content), said(TRANSCRIPT, q.speaker)) for q in quotes if q.kind == "direct"]
    assert turns == [
        ("I think the media got this story wrong from the start.", "KURTZ"),
        ("No, we covered it fairly and we said so at the time.", "HOWARD"),
    ]


# (line, statement, speaker): a pundit line names the person after an outlet and a role
PUNDIT_LINES = [
    ("Fox News analyst Brit Hume: The president has lost the argument on this one.",
     "The president has lost the argument on this one.", "Brit Hume"),
    ("CNN host Jake Tapper: That was not an answer to my question.", "That was not an answer to my question.", "Jake Tapper"),
    ("Conservative commentator Ann Coulter: This is the worst debate performance in history.",
     "This is the worst debate performance in history.", "Ann Coulter"),
]


@pytest.mark.trained
@pytest.mark.parametrize(("text", "statement", "speaker"), PUNDIT_LINES)
def test_pundit_colon_line_attributes_to_the_name(trained, text, statement, speaker):
    [q] = suggest_quotes(trained(text))
    assert (said(text, q.content), said(text, q.cue), said(text, q.speaker)) == (statement, ":", speaker)


@pytest.mark.parametrize("text", [
    "The company said on Monday: profits fell by a third in the quarter.",
    "Fox analyst Hume: The president has lost the argument on this one.",
])
def test_colon_lines_that_are_not_pundit_lines(text):
    import spacy

    from annotator.nlp.quotes_colon import colon_attributions

    assert colon_attributions(spacy.blank("en")(text)) == []


DATELINE_CONTENT = [
    ("MOSCOW \u2014 Talks will resume next week, the Kremlin said.", "Talks will resume next week", "the Kremlin"),
    ("LONDON (Reuters) - Britain will leave the talks, the prime minister said on Friday.",
     "Britain will leave the talks", "the prime minister"),
    ("NATO is ready to act, the minister said.", "NATO is ready to act", "the minister"),  # not a dateline
]


@pytest.mark.trained
@pytest.mark.parametrize(("text", "content", "speaker"), DATELINE_CONTENT)
def test_dateline_is_not_part_of_the_reported_content(trained, text, content, speaker):
    [q] = suggest_quotes(trained(text))
    assert (said(text, q.content), said(text, q.speaker)) == (content, speaker)


# (text, speaker): the cue is the open complement of a verb whose object does the saying
OBJECT_CONTROL = [
    ("The long delay led Democrats to say that the bill was doomed.", "Democrats"),
    ("The scandal forced the chairwoman to announce that she would resign.", "the chairwoman"),
]


@pytest.mark.trained
@pytest.mark.parametrize(("text", "speaker"), OBJECT_CONTROL)
def test_the_object_of_led_or_forced_is_the_speaker_of_its_complement(trained, text, speaker):
    quotes = suggest_quotes(trained(text))
    assert quotes and {said(text, q.speaker) for q in quotes} == {speaker}
