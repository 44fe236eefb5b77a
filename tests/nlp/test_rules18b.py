"""User test 17, N3 and the H7 remnant (rules18b): wrong speakers and refs of the rules, each
kind on made-up sentences of the shape the test found, with the default pipeline the window
uses (rules alone):

1. a non-restrictive "who" right after a list speaks for the list's last item
   (``quotes_speakers._last_conjunct``);
2. a possessor the recogniser tagged with its 's ("Ann Lee's campaign manager Tom Baker") is
   not the person named after it (``coref._ends_possessive``);
3. a time adverb opening a described speaker is trimmed ("now the majority leader";
   ``speaker_time._time_adverb``);
4. he/she: a lone first name of a couple ("Peter and Grace Hollis") is of that name's gender
   (``person_gender._couples_given_names``), and a person only described by a gendered noun
   ("my grandmother") between the last fitting name and the pronoun leaves the pronoun without
   a name (``coref.MentionIndex._unnamed_nearer``);
5. a quote after a colon that ends a clause of the narrator's ("that I had to change my
   reply: \u201c...\u201d") is the narrator's (``quotes_direct._clause_at_colon``);
6. '"A," he said, according to a spokesman': his direct quote stays beside the spokesman's
   reading of "A, he said", marked nested (``quotes._framed_inside_source``,
   ``quotes_readings._said_inside_source``);
7. a title in marks that ends its sentence after "on the radio show" is no piece of the quote
   (``quotes_direct._work_at_sentence_end``);
8. a thing that "confirmed what I had long suspected" is no speaker: the knower is, of "what"
   (``quotes_speakers.free_relative_speaker``);
9. "Let's say you think X": the supposition reports nothing and its 's is no speaker, for the
   rules and the model's readings (``quotes_indirect._lets_say``, ``attribution_sanity.says``,
   ``can_speak``); "you think X" is the report.

Rows: (content, cue, speaker, speaker_ref, group), one per suggested piece.
"""

from __future__ import annotations

import pytest

from tests.nlp.test_issue10_rules10i import _rows
from tests.nlp.test_quotes_sentence_end import trained  # noqa: F401 - the pipeline fixture

pytestmark = [pytest.mark.trained, pytest.mark.timeout(120)]


# ---- 1. a list before ", who" -----------------------------------------------------------------

@pytest.mark.parametrize(("text", "speaker"), [
    ('The gala drew stars like Ann Lee, Tom Baker, Rita Moreno, Carl Dunn and Nina Castro, who joked '
     'of the hall, "I have not toured it yet, but I plan to."', "Nina Castro"),
    ('The event featured singers like Ann Lee, Tom Baker and Rita Moreno, who said of the hall, '
     '"It is lovely."', "Rita Moreno"),
])
def test_who_after_a_list_is_its_last_item(trained, text, speaker):
    rows = _rows(trained, text)
    assert [(r[2], r[3]) for r in rows] == [(speaker, speaker)]


# ---- 2. a possessor tagged with its 's --------------------------------------------------------

def test_a_possessor_with_its_s_in_the_name_is_not_the_speaker(trained):
    text = ("Critics pounced on the remarks. Ann Lee\u2019s campaign manager Tom Baker said so on a radio "
            "show on Friday, arguing that Hale \u201cinsulted our nation's teachers "
            "when he was asked for details.\u201d")
    rows = _rows(trained, text)
    assert [(r[1], r[3]) for r in rows] == [("arguing", "Tom Baker")]


def test_a_possessors_campaign_still_stands_for_the_possessor(trained):
    assert _rows(trained, "Ann Lee\u2019s campaign said the race was close.")[0][3] == "Ann Lee"


# ---- 3. "now" before a description ------------------------------------------------------------

@pytest.mark.parametrize(("text", "speaker"), [
    ("Lee has had a frosty relationship with Hale, now the Senate minority leader, who in 2012 said the "
     "party's main aim was to make Lee a \"short-term mayor.\"", "the Senate minority leader"),
    ("The mayor has a cool relationship with Baker, now the council majority leader, who in 2011 said "
     "the city's biggest goal was to make Lee a \"one-term mayor.\"", "the council majority leader"),
])
def test_now_is_no_part_of_a_speaker(trained, text, speaker):
    rows = _rows(trained, text)
    assert [(r[1], r[2]) for r in rows] == [("said", speaker)]


# ---- 4. he/she: a couple's first name, a described person -------------------------------------

NARRATOR = (
    "Lest you assume that my parents, Robert and Ivy Dunmore, were backwater folk, I can report that "
    "my father entered law school at 16.\n\n"
    "Once, when my mother brought up ghosts at dinner, I shrugged and said, \"I do not believe in "
    "ghosts.\" She grew so angry, and began driving so wildly, that I had to change my reply: \"Of "
    "course I believe in ghosts. I was only teasing.\" To which she said, \"Thank heaven you still "
    "believe in ghosts.\""
)


def test_a_couples_lone_first_name_has_its_gender(trained):
    from annotator.nlp.coref import MentionIndex

    index = MentionIndex(trained(NARRATOR), NARRATOR)
    assert index.name_in(0, 80) == "Robert" and index.gender("Robert") == "m"


def test_she_is_never_a_mans_first_name_nor_a_name_over_my_mother(trained):
    rows = _rows(trained, NARRATOR)
    she = [r for r in rows if r[2] in ("She", "she")]
    assert she and all(r[3] is None for r in she)


@pytest.mark.parametrize(("text", "ref"), [
    ("My grandparents, Peter and Grace Hollis, ran a farm.\n\n\"We never sold an acre,\" she said.", "Grace Hollis"),
    # a gendered noun nearer than the name: the aunt, not Ann Lee
    ("Ann Lee ran the farm for years. My aunt took it over in 1990. She says, \"We are all farmers "
     "here, you know.\"", None),
    # were right: stay right
    ("My grandparents, Peter and Grace Hollis, ran a farm.\n\n\"We never sold an acre,\" he said.", "Peter"),
    ("Ann Lee ran the farm for years. She says, \"We are all farmers here, you know.\"", "Ann Lee"),
])
def test_she_and_he_after_couples_and_described_people(trained, text, ref):
    rows = _rows(trained, text)
    assert rows[-1][2].lower() in ("she", "he") and rows[-1][3] == ref


# ---- 5. the narrator's colon ------------------------------------------------------------------

def test_a_quote_after_the_narrators_colon_is_the_narrators(trained):
    rows = _rows(trained, NARRATOR)
    teasing = [r for r in rows if r[0].startswith("Of course")]
    assert [(r[1], r[2]) for r in teasing] == [("change", "I")]


# ---- 6. a direct quote inside an "according to" reading ---------------------------------------

def test_his_quote_stays_beside_the_spokesmans_reading(trained):
    from annotator.nlp.quotes import suggest_quotes

    text = '"I never said that," he said, according to a spokesman who asked not to be named.'
    quotes = suggest_quotes(trained(text), text=text)
    rows = {(text[q.content[0] : q.content[1]], text[q.cue[0] : q.cue[1]], text[q.speaker[0] : q.speaker[1]], q.nested)
            for q in quotes}
    assert ("I never said that", "said", "he", True) in rows
    assert ('"I never said that," he said', "according to", "a spokesman", False) in rows
    # the source's reading holding only the second sentence leaves the first the judge's, unmarked
    text = ('"The filings keep changing. When does it end?," the judge said, according to the paper. '
            '"This is about the public."')
    quotes = suggest_quotes(trained(text), text=text)
    first = [q for q in quotes if text[q.content[0] : q.content[1]].startswith("The filings")]
    assert first and not any(q.nested for q in first)


# ---- 7. a show's title at the sentence end ----------------------------------------------------

def test_a_show_title_after_the_frame_is_no_piece(trained):
    text = ('"The budget is a disgrace," Tom Reyes, a senior council member, said on Tuesday on the radio '
            'show "Morning Talk." "Nobody on the council voted for these cuts, and nobody will defend them '
            'in public."')
    rows = _rows(trained, text)
    assert [r[0] for r in rows] == [
        "The budget is a disgrace",
        "Nobody on the council voted for these cuts, and nobody will defend them in public.",
    ]
    assert {(r[1], r[2], r[4]) for r in rows} == {("said", "Tom Reyes", rows[0][4])}


# ---- 8. a thing that confirms what someone knew -----------------------------------------------

@pytest.mark.parametrize(("text", "row"), [
    ("My uncle died ten years ago of heart failure, which confirmed what I always suspected.",
     ("what", "suspected", "I")),
    # a document or a person confirming stays the source
    ("The report confirmed what aides knew.", ("what aides knew", "confirmed", "The report")),
    ("A man kept saying what he truly believed.", ("what he truly believed", "saying", "A man")),
])
def test_a_thing_confirming_what_i_knew_is_no_speaker(trained, text, row):
    assert [r[:3] for r in _rows(trained, text)] == [row]


# ---- 9. "Let's say" ----------------------------------------------------------------------------

def test_lets_say_is_no_report_and_its_s_no_speaker(trained):
    from annotator.nlp.attribution_sanity import can_speak, says

    text = "Let's say you think a college degree will cost $90,000 in ten years, including books."
    assert [r[:3] for r in _rows(trained, text)] == [
        ("a college degree will cost $90,000 in ten years, including books", "think", "you")]
    doc = trained(text)
    say, us = text.index("say"), text.index("'s")
    assert not says(doc, (say, say + 3)) and not can_speak(doc, (us, us + 2))
