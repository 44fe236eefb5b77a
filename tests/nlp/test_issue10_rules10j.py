"""Issue 10, rule kinds a user re-test (usertest10e) found to hold only for the wording tested
(task rules10j), each on hand-written sentences:

1. a title in quotation marks right after a preposition or verb of media ("In an interview with
   “Fox News Sunday,”", "On “Hannity,”", "published by “The Atlantic,”") is no quote
   (``quotes_direct.named_title``); a verb of speech right before a quote frames it, not a verb
   after ", and" (``quotes_direct._cue_right_before``).
"""

from __future__ import annotations

import pytest

from tests.nlp.test_issue10_rules10i import _rows  # one row per suggested quote: content, cue, speaker, ref, group
from tests.nlp.test_quotes_sentence_end import trained  # noqa: F401 - the pipeline fixture

pytestmark = pytest.mark.trained


# ---- 1. a title in quotation marks after a preposition or verb of media ---------------------

@pytest.mark.parametrize(("text", "content", "speaker"), [
    ("In an interview with \u201cFox News Sunday,\u201d the governor said she would not run.", "she would not run", "the governor"),
    ("Speaking on \u201cFace the Nation,\u201d Senator Ann Lee said the bill would fail.", "the bill would fail", "Senator Ann Lee"),
    ("Asked about the report, which was first published by \u201cThe Atlantic,\u201d Tom Reed said it was fake.",
     "it was fake", "Tom Reed"),
    ('Writing in "The Weekly Standard," the senator said the plan was dead.', "the plan was dead", "the senator"),
])
def test_a_title_after_a_media_preposition_is_no_quote(trained, text, content, speaker):
    rows = _rows(trained, text)
    assert [(r[0], r[1], r[2]) for r in rows] == [(content, "said", speaker)]


def test_the_verb_before_the_quote_frames_it_not_the_next_act(trained):
    text = "On \u201cHannity,\u201d Ann Holt said \u201cThe mayor will win in a landslide,\u201d and she repeated it later."
    rows = _rows(trained, text)
    assert [(r[0], r[1], r[2]) for r in rows] == [("The mayor will win in a landslide", "said", "Ann Holt")]


@pytest.mark.parametrize("text", [
    "Ann Holt told CNN\u2019s \u201cState of the Union\u201d that she had no regrets.",
    "Ann Holt told \u201cFace the Nation\u201d that she had no regrets.",
    "Ann Holt told \u201cFace the Nation\u201d on Sunday that she had no regrets.",
])
def test_a_title_spoken_to_is_no_part_of_the_content(trained, text):
    rows = _rows(trained, text)
    assert [(r[0], r[1], r[2]) for r in rows] == [("she had no regrets", "told", "Ann Holt")]


# ---- 2. a short quoted sentence that is a paragraph of its own -------------------------------

@pytest.mark.parametrize(("text", "second", "speaker"), [
    ('"We will win," she said.\n\n"We have the votes."\n', "We have the votes.", "she"),
    ('"The plan is simple," said Ann Holt.\n\n"It will fail."\n', "It will fail.", "Ann Holt"),
    ('"The plan is simple," said Ann Holt.\n\n"No."\n', "No.", "Ann Holt"),
    # the long form was already right: one attribution in two pieces
    ('"The plan is simple," said Ann Holt.\n\n"It will work, and we will prove it."\n', "It will work, and we will prove it.", "Ann Holt"),
])
def test_a_short_next_paragraph_continues_the_attribution(trained, text, second, speaker):
    rows = _rows(trained, text)
    assert [(r[0], r[2]) for r in rows][1:] == [(second, speaker)]
    assert len({r[4] for r in rows}) == 1


def test_a_short_quoted_paragraph_after_other_words_has_no_speaker(trained):
    text = '"The budget is balanced," Mayor Ann Holt said.\n\nTom Reed, the council leader, disagreed.\n\n"It is a mess."\n'
    rows = _rows(trained, text)
    assert [(r[0], r[2]) for r in rows][1:] == [("It is a mess.", None)]


def test_a_short_quoted_phrase_inside_a_sentence_is_still_no_quote(trained):
    text = 'The mayor called the plan "a mess" on Tuesday.\n\nThe council met later.'
    rows = _rows(trained, text)
    assert all(r[0] != "a mess" for r in rows)


# ---- 4. inverted frame variants --------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "The budget was balanced, the mayor said, which the council disputed on Tuesday.",
    "The budget was balanced, the mayor said, which the council rejected in a vote.",
    "The budget was balanced, the mayor said, and the council agreed.",
    "The budget was balanced, the mayor said, but the council disagreed.",
    "The deal is done, the minister said, while declining to give details, which annoyed reporters.",
])
def test_inverted_frame_variants_keep_only_the_fronted_clause(trained, text):
    rows = _rows(trained, text)
    assert [(r[0], r[1]) for r in rows] == [(text.split(",")[0], "said")]


def test_a_refusal_with_a_comment_on_it_is_contentless():
    from annotator.nlp.quotes_contentless import contentless

    assert contentless("to give details, which annoyed reporters")
    assert contentless("to comment, which surprised many")
    assert not contentless("to say whether he would run, which surprised many")


# ---- 6. a comment on the report after the content --------------------------------------------

@pytest.mark.parametrize("text", [
    "The mayor said the budget was balanced, which the council, in a rare rebuke, rejected.",
    "The mayor said the budget was balanced, something critics disputed.",
])
def test_a_comment_after_the_content_is_cut_and_says_nothing(trained, text):
    rows = _rows(trained, text)
    assert [(r[0], r[1], r[2]) for r in rows] == [("the budget was balanced", "said", "The mayor")]


def test_a_relative_on_a_noun_with_a_phrase_inside_stays_content(trained):
    text = "The mayor said the council passed the budget, which she wrote herself."
    rows = _rows(trained, text)
    assert [r[0] for r in rows] == ["the council passed the budget, which she wrote herself"]


# ---- 5. transcripts: roles are no referents, long labels ---------------------------------------

DIALOGUE = "\n\n".join([
    "GOV. JOHN ADAMS (R-TX): The border is not secure.",
    "JAKE TAPPER, CNN HOST: We will be right back after this break.",
    "WALLACE: Senator, he said you are wrong.",
    "ADAMS: She told me it does not work.",
]) + "\n"


def test_a_pronoun_in_a_turn_is_no_role_nor_a_speaker_of_the_turns_around_it(trained):
    rows = _rows(trained, DIALOGUE)
    refs = {r[0]: r[3] for r in rows}
    assert refs["you are wrong"] not in ("Cnn Host", "Wallace", "John Adams")  # Adams is the "Senator" spoken to
    assert refs["it does not work"] not in ("Wallace", "John Adams")  # Wallace is the one Adams answers
    assert all(r[3] != "Cnn Host" for r in rows)


@pytest.mark.parametrize(("text", "first", "speaker"), [
    ('JAKE TAPPER, CNN HOST, "STATE OF THE UNION": Welcome back to the show this morning.\n\n'
     "JOHN ADAMS, REPUBLICAN GOVERNOR OF TEXAS: Thank you for having me.\n\nTAPPER: Is the border secure today?\n",
     "Welcome back to the show this morning.", "JAKE TAPPER"),
    ("DR. ANTHONY FAUCI, DIRECTOR, NATIONAL INSTITUTE OF ALLERGY AND INFECTIOUS DISEASES: We are seeing a surge.\n\n"
     "FAUCI: We are worried about it.\n", "We are seeing a surge.", "DR. ANTHONY FAUCI"),
    ("REP. ADAM SCHIFF (D-CA), CHAIRMAN, INTELLIGENCE COMMITTEE: Thank you, Jake, for having me.\n\n"
     "JAKE TAPPER, CNN: Welcome back to the show.\n\nSCHIFF: It is a serious matter.\n",
     "Thank you, Jake, for having me.", "REP. ADAM SCHIFF"),
])
def test_long_turn_labels_keep_their_first_turn(trained, text, first, speaker):
    rows = _rows(trained, text)
    assert (rows[0][0], rows[0][1], rows[0][2]) == (first, ":", speaker)
    assert len(rows) == text.count(":")


def test_a_long_colon_line_that_is_no_label_is_no_turn(trained):
    text = "The council met on Tuesday, and after a long debate about the budget, the mayor said: we will see.\n"
    rows = _rows(trained, text)
    assert all(r[1] != ":" for r in rows)


# ---- 7. four pieces ----------------------------------------------------------------------------

def test_four_pieces_leave_every_frame_out(trained):
    text = '"First," Ann Holt said, "we cut taxes," she added, "second," she went on, "we build roads."'
    rows = _rows(trained, text)
    assert [r[0] for r in rows] == ["First", "we cut taxes", "second", "we build roads."]
    assert {(r[2], r[4]) for r in rows} == {("Ann Holt", rows[0][4])}


def test_a_name_ending_in_a_title_word_is_still_a_referent(trained):
    # only role words ("CNN HOST", "CHIEF CORRESPONDENT") are dropped, not "Billie Jean King"
    text = "Billie Jean King spoke on Monday. King said the players were ready for the tournament."
    rows = _rows(trained, text)
    assert [r[2] for r in rows] == ["King"]
    assert rows[0][3] is not None and rows[0][3].endswith("Jean King")  # the recogniser's span


def test_a_verb_of_wanting_before_a_quote_takes_no_frame_from_it(trained):
    # 'want' is no verb of speech: no attribution of "want" over the quote and the words after it
    text = "Protesters said they want \u201cfair pay for nurses,\u201d but promised to remain calm."
    rows = _rows(trained, text)
    assert all(r[1] != "want" for r in rows)
    assert all("but promised" not in (r[0] or "") for r in rows)
