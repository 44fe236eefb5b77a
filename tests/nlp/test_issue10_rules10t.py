"""Issue 10, the rule faults of user test 10j (task rules10t), on hand-written sentences, with
the default pipeline the window uses (rules alone):

1. a name or title opening a sentence and set off by a comma before another subject is the
   person addressed, never the speaker ("Ambassador Kline, Secretary Varga said"; the parse may
   hang the comma under the address: ``quotes_speakers._past_turn_label``), and a described
   speaker named in apposition after it ("Mayor Lee, your rival, Dan Ochoa, told") speaks, with
   the name as its reference, whatever the describing noun (``_past_vocative``);
2. a semicolon ends what a frame reports, and a connective ("however", "but", "still") is no
   content (``quotes_indirect._parenthetical``, ``_content_range``);
3. a third frame of another speaker ends the second frame's words
   (``quotes_frames._next_frame``); a frame set off by commas speaks whatever its noun subject;
   a bracketed aside is never half a content, a bracketed frame is skipped
   (``quotes_indirect._bracket_parts``); an inverted frame between two clauses joined by "and"
   reports both (``_fronted_clause``, ``_misparsed_inverted``); "according to X" set off between
   the cue and its clause is not the cue's content (``_past_saying_time``);
4. "called" on a relative clause with a quoted label gives the label between its marks
   (``_quoted_label``); a colon line whose words are one quoted sentence gives them without the
   marks, kind direct (``quotes_colon._inside_marks``), a title-case headline quote keeps its
   reading;
5. a possessed speaker ("Dunmore's lawyer, Ray Castillo,") refers to the name set off after it,
   never to the possessor (``coref.MentionIndex.resolve``);
6. nested reports: "advise" is a verb of speech; a clause the tagger split in two ccomps is one.

Rows: (content, cue, speaker, speaker_ref, group), one per suggested piece.
"""

from __future__ import annotations

import pytest

from tests.nlp.test_issue10_rules10i import _rows  # one row per suggested quote: content, cue, speaker, ref, group
from tests.nlp.test_quotes_sentence_end import trained  # noqa: F401 - the pipeline fixture

pytestmark = [pytest.mark.trained, pytest.mark.timeout(120)]


def _case(trained, text, want):
    assert _rows(trained, text) == want


# ---- 1. the person addressed is never the speaker -------------------------------------------

@pytest.mark.parametrize(("text", "want"), [
    ("HOST: Ambassador Kline, Secretary Varga said that talks had collapsed.", [
        ("Ambassador Kline, Secretary Varga said that talks had collapsed.", ":", "HOST", None, 0),
        ("talks had collapsed", "said", "Secretary Varga", "Varga", 1),
    ]),
    ("HOST: Ambassador Kline, Secretary Varga said on Friday that talks had collapsed.", [
        ("Ambassador Kline, Secretary Varga said on Friday that talks had collapsed.", ":", "HOST", None, 0),
        ("talks had collapsed", "said", "Secretary Varga", "Varga", 1),
    ]),
    ("Judge Morrow, Professor Alvin Teague said the ruling was flawed.", [
        ("the ruling was flawed", "said", "Professor Alvin Teague", "Alvin Teague", 0),
    ]),
    ("HOST: Mayor Lee, your rival, Dan Ochoa, told voters the budget is a fraud.", [
        ("Mayor Lee, your rival, Dan Ochoa, told voters the budget is a fraud.", ":", "HOST", None, 0),
        ("the budget is a fraud", "told", "your rival", "Dan Ochoa", 1),
    ]),
    ("HOST: Governor, your rival, Ann Cole, says the state is broke.", [
        ("Governor, your rival, Ann Cole, says the state is broke.", ":", "HOST", None, 0),
        ("the state is broke", "says", "your rival", "Ann Cole", 1),
    ]),
    ("Senator, your opponent, Carla Diaz, says you missed forty votes last year.", [
        ("you missed forty votes last year", "says", "your opponent", "Carla Diaz", 0),
    ]),
    ("Colonel, our neighbour, Petra Lind, says the river has flooded again.", [
        ("the river has flooded again", "says", "our neighbour", "Petra Lind", 0),
    ]),
    # a subject with its apposition is no address: the name speaks, as before
    ("Ellen Park, the treasurer, said the fund was empty.", [
        ("the fund was empty", "said", "Ellen Park", "Ellen Park", 0),
    ]),
])
def test_the_person_addressed_never_speaks(trained, text, want):
    _case(trained, text, want)


# ---- 2. a semicolon ends a content; a connective is none -------------------------------------

@pytest.mark.parametrize(("text", "want"), [
    ("The levy is fair, said Anna Voss; however, she said, it is late.", [
        ("The levy is fair", "said", "Anna Voss", "Anna Voss", 0),
        ("it is late", "said", "she", "Anna Voss", 1),
    ]),
    ("The levy is fair, said Kim Daley, a spokeswoman for the authority; however, she said, it is late.", [
        ("The levy is fair", "said", "Kim Daley", "Kim Daley", 0),
        ("it is late", "said", "she", "Kim Daley", 1),
    ]),
    ("The dam is safe, the engineer said; but, she said, the road is not.", [
        ("The dam is safe", "said", "the engineer", None, 0),
        ("the road is not", "said", "she", None, 1),
    ]),
    ("The tax will rise, Omar Bell said; still, he added, nobody will notice.", [
        ("The tax will rise", "said", "Omar Bell", "Omar Bell", 0),
        ("nobody will notice", "added", "he", "Omar Bell", 1),
    ]),
    # "said A; B" where the parse hangs A inside B's clause: one report, as before
    ("The guides said the ferry was never late; they only saw on Monday that the pier had flooded.", [
        ("the ferry was never late; they only saw on Monday that the pier had flooded", "said", "The guides", None, 0),
    ]),
    ("The rangers said the trail had stayed open; they closed it only after the storm.", [
        ("the trail had stayed open", "said", "The rangers", None, 0),
    ]),
])
def test_a_semicolon_ends_what_a_frame_reports(trained, text, want):
    _case(trained, text, want)


# ---- 3. third frames, brackets, two clauses around one frame, inner sources ------------------

@pytest.mark.parametrize(("text", "want"), [
    ("The bridge will reopen in June, the commissioner said, but, engineers said, the repairs may run long, "
     "and, one contractor warned, the cost could double.", [
        ("The bridge will reopen in June", "said", "the commissioner", None, 0),
        ("the repairs may run long", "said", "engineers", None, 1),
        ("the cost could double", "warned", "one contractor", None, 2),
    ]),
    ("The levy will pass, the treasurer said, but, critics said, the schools will wait, and, a parent warned, the buses will stop.", [
        ("The levy will pass", "said", "the treasurer", None, 0),
        ("the schools will wait", "said", "critics", None, 1),
        ("the buses will stop", "warned", "a parent", None, 2),
    ]),
    ("The fund is safe, the treasurer said, while, one donor said, the money is gone.", [
        ("The fund is safe", "said", "the treasurer", None, 0),
        ("the money is gone", "said", "one donor", None, 1),
    ]),
    ("The ministry said (it stressed the point twice) that no troops would be sent.", [
        ("no troops would be sent", "said", "The ministry", None, 0),
    ]),
    ("The water board said (in a leaflet posted on Thursday) that the dam was safe.", [
        ("the dam was safe", "said", "The water board", None, 0),
    ]),
    ("The authority said the closures were necessary (it stressed that no one had been hurt) and that traffic would be rerouted.", [
        ("the closures were necessary", "said", "The authority", None, 0),
        ("traffic would be rerouted", "said", "The authority", None, 0),
        ("no one had been hurt", "stressed", "it", None, 1),
    ]),
    # a bracket without a frame stays part of the content
    ("The council said the plan (which costs $4 million) was approved.", [
        ("the plan (which costs $4 million) was approved", "said", "The council", None, 0),
    ]),
    ("The school will close, said Lena Ortiz, the principal, and the students will move to Westfield.", [
        ("The school will close", "said", "Lena Ortiz", "Lena Ortiz", 0),
        ("the students will move to Westfield", "said", "Lena Ortiz", "Lena Ortiz", 0),
    ]),
    ("The ferry will stop, said Tomas Brill, the harbor master, and the pier will be rebuilt by spring.", [
        ("The ferry will stop", "said", "Tomas Brill", "Tomas Brill", 0),
        ("the pier will be rebuilt by spring", "said", "Tomas Brill", "Tomas Brill", 0),
    ]),
    ("Police Chief Ana Duarte said, according to a transcript, that the officers had acted lawfully.", [
        ("the officers had acted lawfully", "said", "Police Chief Ana Duarte", "Ana Duarte", 0),
    ]),
    ("The minister said, according to two aides, the talks had failed.", [
        ("the talks had failed", "said", "The minister", None, 0),
    ]),
])
def test_frames_brackets_and_inner_sources(trained, text, want):
    _case(trained, text, want)


# ---- 4. quoted labels of "called" in a relative clause; colon lines ---------------------------

@pytest.mark.parametrize(("text", "want"), [
    ('The council passed a budget that Mayor Ida Lowe called "reckless" on Tuesday.', [
        ("reckless", "called", "Mayor Ida Lowe", "Ida Lowe", 0),
    ]),
    ('The council passed a budget that Mayor Ida Lowe called "reckless."', [
        ("reckless", "called", "Mayor Ida Lowe", "Ida Lowe", 0),
    ]),
    ('The law, which Judge Ray Soto called "a relic," was repealed.', [
        ("a relic", "called", "Judge Ray Soto", "Ray Soto", 0),
    ]),
    ('Analyst Rita Gomez: "Turnout will be low."', [
        ("Turnout will be low.", ":", "Analyst Rita Gomez", "Rita Gomez", 0),
    ]),
    ("Councilwoman Jade Morrow: \u201cThe vote is rigged.\u201d", [
        ("The vote is rigged.", ":", "Councilwoman Jade Morrow", None, 0),
    ]),
])
def test_quoted_labels_and_colon_lines(trained, text, want):
    _case(trained, text, want)


def test_called_label_in_a_relative_has_no_opening_mark(trained):
    text = 'They held a vote that Mayor Delia Fontaine called "a betrayal of the waterfront" at a rally.'
    rows = [r for r in _rows(trained, text) if r[1] == "called"]
    assert [r[:4] for r in rows] == [("a betrayal of the waterfront", "called", "Mayor Delia Fontaine", "Delia Fontaine")]


@pytest.mark.parametrize("text", [
    'Analyst Rita Gomez: "Turnout will be low."',
    "Councilwoman Jade Morrow: \u201cThe vote is rigged.\u201d",
])
def test_a_quoted_colon_line_is_direct(trained, text):
    from annotator.nlp.quotes import suggest_quotes

    assert [q.kind for q in suggest_quotes(trained(text), text=text)] == ["direct"]


def test_a_headline_quote_keeps_its_reading(trained):
    # a title-case quoted line after a headline: its marks go, its kind stays what it was
    from annotator.nlp.quotes import suggest_quotes

    text = "Governor Hails Harbor Deal: 'A New Day Begins'"
    quotes = suggest_quotes(trained(text), text=text)
    assert [(text[q.content[0] : q.content[1]], q.kind) for q in quotes] == [("A New Day Begins", "indirect")]


# ---- 5. a possessed speaker is not its possessor ---------------------------------------------

@pytest.mark.parametrize(("text", "want"), [
    ("Senator Craig Dunmore left early. Dunmore's lawyer, Ray Castillo, said the charges were false.", [
        ("the charges were false", "said", "Dunmore's lawyer", "Ray Castillo", 0),
    ]),
    ("Senator Craig Dunmore left early. Dunmore's spokesman, Ray Castillo, said the charges were false.", [
        ("the charges were false", "said", "Dunmore's spokesman", "Ray Castillo", 0),
    ]),
    ("Governor Ada Quill resigned. Her spokeswoman, Lena Fox, said the letter was sent.", [
        ("the letter was sent", "said", "Her spokeswoman", "Lena Fox", 0),
    ]),
])
def test_a_possessed_speaker_refers_to_its_own_name(trained, text, want):
    _case(trained, text, want)


# ---- 6. nested reports ------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "want"), [
    ("Aides said Holloway had told legislators that raises were off the table.", [
        ("Holloway had told legislators that raises were off the table", "said", "Aides", None, 0),
        ("raises were off the table", "told", "Holloway", None, 1),
    ]),
    ("Kerr said his lawyer had advised him that the contract was void.", [
        ("his lawyer had advised him that the contract was void", "said", "Kerr", None, 0),
        ("the contract was void", "advised", "his lawyer", None, 1),
    ]),
    ("The coach said the trainer had advised her that the knee was healed.", [
        ("the trainer had advised her that the knee was healed", "said", "The coach", None, 0),
        ("the knee was healed", "advised", "the trainer", None, 1),
    ]),
])
def test_nested_reports(trained, text, want):
    _case(trained, text, want)
