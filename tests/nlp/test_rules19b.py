"""User test 18, H2, H4, M6 and the N3 rests (rules19b): mixed and interrupted quotes, each kind
on invented sentences of the shape the test found, in every mark style, with the default
pipeline the window uses (rules alone):

1. H2: a reported clause whose subject stands before the opening mark ('said her plan "would
   bankrupt the regions."', 'According to a memo, the ministry "expects ..."') starts at that
   subject (``quotes_direct.subject_before_mark``); time words and "that" between the cue and
   the reported clause are no content ('said on Monday that "the port" is closed';
   ``quotes_direct.reported_start``); a single opening mark is kept
   (``quotes_closing.to_opening_marks``);
2. H4: an interrupted quote keeps its speaker when the parse gives the cue the quote's own
   subject too (``quotes_speakers.subject_outside_quote``, ``subject_after_inverted``), and
   the words before a frame set off by commas that the quote goes on from are its first piece
   ('The report, the union said, "is a lie."'; ``quotes_direct.fronted_piece``); a short first
   piece in single marks is no term ("‘This budget,’ ..., ‘is ...’";
   ``quotes_direct._first_of_interrupted``;
   "The union, according to its leader, will strike": ``quotes_indirect._subject_before_source``);
3. N3: "who asked not to be named" / "asked to remain anonymous" is no cue and reports nothing
   (``quotes_doc.anonymity_request``); "asked X to do Y" and "requested anonymity" stay
   attributions, as PolNeAR annotates them;
4. M6: a hedged reason after the closing mark ('"..." possibly because she ...') is the
   writer's, whatever the marks, mixed ones too (``quotes_closing.before_hedges``), and a
   double prime pairs with a curly mark (``quotes_pairs.PAIRS``).

Rows: (content, cue, speaker, speaker_ref, group), one per suggested piece.
"""

from __future__ import annotations

import pytest

from tests.nlp.test_issue10_rules10i import _rows
from tests.nlp.test_quotes_sentence_end import trained  # noqa: F401 - the pipeline fixture

pytestmark = [pytest.mark.trained, pytest.mark.timeout(120)]

# every mark style: straight, curly, typewriter '', guillemets, single curly, single straight,
# and mixed (a straight opener closed by a curly mark, and the reverse)
MARKS = [
    ('"', '"'), ("\u201c", "\u201d"), ("''", "''"), ("\u00ab", "\u00bb"), ("\u2018", "\u2019"), ("'", "'"),
    ('"', "\u201d"), ("\u201c", '"'),
]


def _fill(template: str, o: str, c: str) -> str:
    return template.format(o=o, c=c)


# ---- 1. H2: mixed quotes keep their subject ------------------------------------------------

@pytest.mark.parametrize(("o", "c"), MARKS)
@pytest.mark.parametrize(("template", "content", "cue", "speaker"), [
    ("The opposition leader told Mendes that her plan {o}would bankrupt the regions.{c}",
     "her plan {o}would bankrupt the regions.{c}", "told", "The opposition leader"),
    ("The opposition leader told Mendes that the plan {o}would bankrupt the regions.{c}",
     "the plan {o}would bankrupt the regions.{c}", "told", "The opposition leader"),
    ("The opposition leader said her plan {o}would bankrupt the regions.{c}",
     "her plan {o}would bankrupt the regions.{c}", "said", "The opposition leader"),
    ("According to a leaked memo, the ministry {o}expects a shortfall of 3 billion euros.{c}",
     "the ministry {o}expects a shortfall of 3 billion euros.{c}", "According to", "a leaked memo"),
    # time words and "that" are the saying's, not what was said (as without marks)
    ("Officials said, on Monday, that {o}the port{c} is closed.", "{o}the port{c} is closed", "said", "Officials"),
    ("Officials said on Monday that {o}the port{c} is closed.", "{o}the port{c} is closed", "said", "Officials"),
])
def test_a_mixed_quote_keeps_its_subject(trained, o, c, template, content, cue, speaker):
    text = _fill(template, o, c)
    assert [r[:3] for r in _rows(trained, text)] == [(_fill(content, o, c), cue, speaker)]


def test_with_marks_the_report_starts_where_it_does_without(trained):
    plain = [r[:3] for r in _rows(trained, "Officials said on Monday that the port is closed.")]
    marked = [r[:3] for r in _rows(trained, 'Officials said on Monday that "the port" is closed.')]
    assert plain == [("the port is closed", "said", "Officials")]
    assert marked == [('"the port" is closed', "said", "Officials")]


def test_the_subject_is_taken_when_the_quote_ends_the_sentence_only(trained):
    # a clause going on after the quote stays the whole report, as before
    ends = 'Aides said Holt "was deeply involved in the talks."'
    goes_on = 'Aides said Holt "was deeply involved in the talks" and shared in "the regret."'
    assert _rows(trained, ends)[0][:3] == ('Holt "was deeply involved in the talks."', "said", "Aides")
    assert _rows(trained, goes_on)[0][:3] == ('Holt "was deeply involved in the talks" and shared in "the regret."', "said", "Aides")


# ---- 2. H4: interrupted quotes ----------------------------------------------------------------

@pytest.mark.parametrize(("o", "c"), MARKS)
def test_an_interrupted_quote_keeps_its_described_speaker(trained, o, c):
    text = _fill('{o}This budget,{c} the finance minister, Carla Mendes, said, {o}is the last chance we have.{c}', o, c)
    assert _rows(trained, text) == [
        ("This budget", "said", "the finance minister", "Carla Mendes", 0),
        ("is the last chance we have.", "said", "the finance minister", "Carla Mendes", 0),
    ]


@pytest.mark.parametrize(("o", "c"), MARKS)
@pytest.mark.parametrize(("template", "want"), [
    ("The report, the union said, {o}is a lie.{c}", [("The report", "said", "the union"), ("is a lie.", "said", "the union")]),
    ("It was, said one official, {o}a complete disaster.{c}",
     [("It was", "said", "one official"), ("a complete disaster.", "said", "one official")]),
    ("It was, said one official who asked not to be named, {o}a complete disaster.{c}",
     [("It was", "said", "one official"), ("a complete disaster.", "said", "one official")]),
    ("The ministry, said an aide who asked to remain anonymous, {o}has no plan.{c}",
     [("The ministry", "said", "an aide"), ("has no plan.", "said", "an aide")]),
])
def test_the_words_before_a_frame_are_the_first_piece(trained, o, c, template, want):
    rows = _rows(trained, _fill(template, o, c))
    assert [r[:3] for r in rows] == want
    assert len({r[4] for r in rows}) == 1  # one attribution


def test_no_first_piece_from_an_adjunct_or_before_a_new_sentence(trained):
    # the first piece needs the quote to go on from it: not after an adjunct, not a new sentence
    assert len(_rows(trained, 'The report, the union said, "is a lie."')) == 2
    assert len(_rows(trained, 'On Monday, the union said, "the strike will go on."')) == 1
    assert len(_rows(trained, 'That night, the union said, "the strike will go on."')) == 1
    assert len(_rows(trained, 'The report, the union said, "It is a lie."')) == 1


def test_according_to_between_subject_and_verb_gives_both_pieces(trained):
    rows = _rows(trained, "The union, according to its leader, will strike on Monday.")
    assert rows == [
        ("The union", "according to", "its leader", None, 0),
        ("will strike on Monday", "according to", "its leader", None, 0),
    ]


# ---- 3. N3: a request for anonymity reports nothing ----------------------------------------------

def test_asked_not_to_be_named_is_no_quote(trained):
    text = '"I never said that," he said, according to a spokesman who asked not to be named.'
    rows = _rows(trained, text)
    assert [r[1] for r in rows] == ["according to", "said"]
    assert all("named" not in r[0] for r in rows)
    # PolNeAR annotates "asked X to do Y" (35 times in train and dev): it stays
    assert [r[:3] for r in _rows(trained, "The council asked the mayor to resign.")] == [
        ("the mayor to resign", "asked", "The council")]


# ---- 4. M6: the writer's hedge after the closing mark ----------------------------------------------

@pytest.mark.parametrize(("o", "c"), [*MARKS, ("\u2033", "\u201d")])
def test_a_hedged_reason_after_the_closing_mark_is_no_content(trained, o, c):
    text = _fill("The clinic said the patient {o}is not a doctor, is a man that we are treating{c} possibly "
                 "because he had not finished his training.", o, c)
    assert [r[:3] for r in _rows(trained, text)] == [
        (_fill("the patient {o}is not a doctor, is a man that we are treating{c}", o, c), "said", "The clinic")]
    # without the hedge the reason stays content ('"sound" because it cuts costs', rules10q)
    plain = text.replace(" possibly because", " because")
    assert _rows(trained, plain)[0][0] == _fill(
        "the patient {o}is not a doctor, is a man that we are treating{c} because he had not finished his training", o, c)
