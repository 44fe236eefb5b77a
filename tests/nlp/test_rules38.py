"""Rules, issue 10 (rules38): content boundaries and false reports analysts found in news, one
section per kind. Invented sentences; where PolNeAR's gold annotates a kind, the rows follow it
(docs/attribution-rounds.md, "rules38").

Rows: (content, cue, speaker, group, nested), one per suggested piece.
"""

from __future__ import annotations

import pytest

from tests.nlp.test_quotes_sentence_end import trained  # noqa: F401 - the pipeline fixture
from tests.nlp.test_rules24 import _rows  # the rows (content, cue, speaker, group, nested) per piece

pytestmark = [pytest.mark.trained, pytest.mark.timeout(120)]


# ---- 1. no report where nobody reports -------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "The update is confirmed, available for download.",
    "The deal is confirmed, effective Monday.",
    "The merger is confirmed, pending approval by regulators.",
    "The date is confirmed, June 5.",
    "If you ever wondered why cats purr, scientists have an answer.",
    "If you've ever wondered why cats purr, here's why.",
    "You may have wondered why the price went up.",
])
def test_no_one_reports(trained, text):
    assert _rows(trained, text) == []


@pytest.mark.parametrize(("text", "content", "cue", "speaker"), [
    # a sourceless passive with a clause, and a wonder someone named has: stay
    ("It was confirmed that the plant will close.", "the plant will close", "confirmed", None),
    ("Scientists have long wondered why cats purr.", "why cats purr", "wondered", "Scientists"),
    ("She wondered why the door was open.", "why the door was open", "wondered", "She"),
])
def test_a_report_or_a_wonder_with_a_source_stays(trained, text, content, cue, speaker):
    assert [r[:3] for r in _rows(trained, text)] == [(content, cue, speaker)]


# ---- 2. a bracketed "according to X" vouches for the words before its bracket -----------------------

@pytest.mark.parametrize(("text", "content", "source"), [
    ("The plant employs 400 people (according to the company).", "The plant employs 400 people", "the company"),
    ("The factory will close in May (according to the union).", "The factory will close in May", "the union"),
    ("The plant, which opened in 1990, employs 400 people (according to the company).",
     "The plant, which opened in 1990, employs 400 people", "the company"),
    ("Sales rose 5 percent last year (according to figures released on Monday), and the shares rose.",
     "Sales rose 5 percent last year", "figures"),
])
def test_a_bracketed_source(trained, text, content, source):
    assert [r[:3] for r in _rows(trained, text)] == [(content, "according to", source)]


def test_a_bracketed_source_inside_a_report_holds_the_clause_before_it(trained):
    # before: the source's content was "and will grow", the words after its bracket
    text = "He said the firm is stable (according to its filings) and will grow."
    rows = _rows(trained, text)
    assert [r[:3] for r in rows if r[1] == "according to"] == [("the firm is stable", "according to", "its filings")]
    assert [r[:3] for r in rows if r[1] == "said"] == [("the firm is stable (according to its filings) and will grow", "said", "He")]


# ---- 3. a work's title with a colon is no colon quote --------------------------------------------------

@pytest.mark.parametrize("text", [
    "Batman v Superman: Dawn of Justice opened on Friday to poor reviews.",
    "Star Wars: The Force Awakens earned $2 billion.",
    "Harry Potter: The Cursed Child opens in London.",  # before: "Harry Potter" the speaker of the rest
    "Lord of the Rings: The Return of the King won 11 Oscars.",
    "Fans queued.\nHarry Potter: The Cursed Child opens in London tonight with a full house.",
])
def test_a_title_with_a_colon_is_no_quote(trained, text):
    assert _rows(trained, text) == []


def test_a_title_with_a_colon_inside_a_report_is_content(trained):
    text = "Fans queued.\nBatman v Superman: Dawn of Justice opened on Friday to poor reviews, the studio said."
    assert [r[:3] for r in _rows(trained, text)] == [
        ("Batman v Superman: Dawn of Justice opened on Friday to poor reviews", "said", "the studio")]


@pytest.mark.parametrize(("text", "content", "speaker"), [
    # a person's turn and headlines stay colon quotes (PolNeAR's gold has them so)
    ("MARIA LOPEZ: Ana Ruiz released a statement on Tuesday talking about school funding. Take a listen.",
     "Ana Ruiz released a statement on Tuesday talking about school funding. Take a listen.", "MARIA LOPEZ"),
    ("Poll: Johnson and Miller hold narrow leads in Ohio.", "Johnson and Miller hold narrow leads in Ohio.", "Poll"),
    ("Pelham: Ruiz Must Decide If He Wants a Two-Pilot Ticket.", "Ruiz Must Decide If He Wants a Two-Pilot Ticket.", "Pelham"),
])
def test_a_speaker_label_stays(trained, text, content, speaker):
    assert [(r[0], r[1], r[2]) for r in _rows(trained, text)] == [(content, ":", speaker)]


# ---- 4. an editor's label is no speaker and starts no colon quote ----------------------------------------

_NOTE = "This article was updated to include new figures from the ministry."


@pytest.mark.parametrize("label", [
    "Update", "UPDATE", "Updated", "UPDATE 2", "Update (3:15 p.m.)", "Editor's note", "Editor’s note",
    "Editor’s Note", "Editors’ note", "Correction", "CORRECTION", "Clarification",
])
def test_an_editors_label_is_no_speaker(trained, label):
    assert _rows(trained, f"Some text.\n{label}: {_NOTE}") == []


def test_a_named_label_is_a_speaker(trained):
    assert [r[:3] for r in _rows(trained, f"Some text.\nSenator Hale: {_NOTE}")] == [(_NOTE, ":", "Senator Hale")]


@pytest.mark.parametrize(("text", "content", "speaker"), [
    # before: the content opened with the label ("Editor’s Note: The mayor has since resigned")
    ("Some text.\nEditor’s Note: The mayor has since resigned, her office said.", "The mayor has since resigned", "her office"),
    ("Some text.\nUPDATE: The road has reopened, police said.", "The road has reopened", "police"),
    ("Some text.\nUpdate: The company said the plant would close.", "the plant would close", "The company"),
])
def test_a_report_after_an_editors_label_leaves_the_label_out(trained, text, content, speaker):
    assert [r[:3] for r in _rows(trained, text)] == [(content, "said", speaker)]


# ---- 5. two "according to" frames: the documented nesting, never a content over the second frame --------

@pytest.mark.parametrize(("text", "inner", "first", "outer", "second"), [
    ("According to Smith, the plan failed, according to a report.", "the plan failed", "Smith",
     "According to Smith, the plan failed", "a report"),
    ("According to the mayor, the bridge will reopen in May, according to local media.", "the bridge will reopen in May",
     "the mayor", "According to the mayor, the bridge will reopen in May", "local media"),
    ("According to police, two men were arrested, according to the newspaper.", "two men were arrested", "police",
     "According to police, two men were arrested", "the newspaper"),
])
def test_two_sources_nest(trained, text, inner, first, outer, second):
    # before: both contents ran on through ", according to <second>"
    rows = _rows(trained, text)
    assert sorted((r[0], r[2], r[4]) for r in rows) == sorted([(outer, second, False), (inner, first, True)])


def test_two_sources_after_the_clause_read_once(trained):
    rows = _rows(trained, "The plan failed, according to Smith, according to a report.")
    assert [r[:3] for r in rows] == [("The plan failed, according to Smith", "according to", "a report")]
    assert not any(r[0].endswith("according to a report") for r in rows)


# ---- 6. ", while <someone> <cue>" ends the content; a while-clause without a cue stays (gold) -----------

@pytest.mark.parametrize(("text", "content", "speaker"), [
    ("Jones said the plan works, while critics disagree.", "the plan works", "Jones"),
    ("The minister said taxes would fall, while the opposition warned of cuts.", "taxes would fall", "The minister"),
    ("The mayor said the bridge was safe, whereas engineers argue it is not.", "the bridge was safe", "The mayor"),
    # PolNeAR's gold keeps a while-clause with no cue of its own in the content
    ("Police said two people died, while five were injured.", "two people died, while five were injured", "Police"),
    ("He said Brazil is expecting a 4.2 percent inflation rate, while the U.K. will likely see a 3 percent inflation rate.",
     "Brazil is expecting a 4.2 percent inflation rate, while the U.K. will likely see a 3 percent inflation rate", "He"),
])
def test_a_while_clause_with_its_own_report_ends_the_content(trained, text, content, speaker):
    assert [r[:3] for r in _rows(trained, text) if r[1] == "said"] == [(content, "said", speaker)]


def test_two_reports_set_against_each_other(trained):
    text = "Among Ruiz voters, 71 percent said they were set on voting for her, while 25 percent said they might change their vote."
    assert [r[:3] for r in _rows(trained, text)] == [
        ("they were set on voting for her", "said", "71 percent"), ("they might change their vote", "said", "25 percent")]


# ---- 7. "threatened to X unless Y": the condition is content (gold: 23 of 23 "unless" held) -------------

@pytest.mark.parametrize(("text", "content", "cue", "speaker"), [
    # before: no reading ("to resign" alone too short once the parse hung "unless" on the cue)
    ("He threatened to resign unless the board backed him.", "to resign unless the board backed him", "threatened", "He"),
    ("She threatened to sue unless the paper retracted the story.", "to sue unless the paper retracted the story", "threatened", "She"),
    ("The union threatened to strike unless wages rise.", "to strike unless wages rise", "threatened", "The union"),
    ("Trump threatened to skip the debate unless he is paid $5 million.", "to skip the debate unless he is paid $5 million",
     "threatened", "Trump"),
    ("He warned that prices would rise unless the bank acted.", "prices would rise unless the bank acted", "warned", "He"),
])
def test_the_condition_of_a_threat_is_content(trained, text, content, cue, speaker):
    assert [r[:3] for r in _rows(trained, text)] == [(content, cue, speaker)]


# ---- 8. "did not know" / "could not confirm" / "would not say" inside another's content: no cue there ---

@pytest.mark.parametrize(("text", "content", "cue", "speaker"), [
    ("Police said they did not know who fired the shots.", "they did not know who fired the shots", "said", "Police"),
    # before: a second reading, cue "would not say", content "how many jobs were lost"
    ("The company said it could not confirm the figures and would not say how many jobs were lost.",
     "it could not confirm the figures and would not say how many jobs were lost", "said", "The company"),
    ("Police said they did not know who fired the shots, and could not confirm whether anyone was hurt.",
     "they did not know who fired the shots, and could not confirm whether anyone was hurt", "said", "Police"),
    ("The minister told reporters she did not know whether the talks would resume.",
     "she did not know whether the talks would resume", "told", "The minister"),
    ("He said he didn't know who had sent the letter.", "he didn't know who had sent the letter", "said", "He"),
    # outside another content the refusal stays a reading (rules31 M5, gold 4 of 4)
    ("The ministry would not say whether the talks had failed.", "whether the talks had failed", "would not say", "The ministry"),
    ("Officials could not confirm whether the plane had crashed.", "whether the plane had crashed", "could not confirm", "Officials"),
])
def test_not_knowing_inside_a_report_is_content(trained, text, content, cue, speaker):
    assert [r[:3] for r in _rows(trained, text)] == [(content, cue, speaker)]


# ---- 9. a cue coordinated after "told X and" shares the subject; a demand however short --------------

@pytest.mark.parametrize(("text", "rows"), [
    # before: no reading of the demand (one word, "money", too short)
    ("A man walked in with a gun, the woman told police and demanded money.",
     [("A man walked in with a gun", "told", "the woman"), ("money", "demanded", "the woman")]),
    ("The woman told police and demanded money.", [("money", "demanded", "The woman")]),
    ("He told reporters and demanded an apology from the paper.", [("an apology from the paper", "demanded", "He")]),
    ("A man walked in with a gun, the woman told police and demanded that she open the safe.",
     [("A man walked in with a gun", "told", "the woman"), ("she open the safe", "demanded", "the woman")]),
    ("The mayor told the council and demanded a full inquiry into the fire.",
     [("a full inquiry into the fire", "demanded", "The mayor")]),
])
def test_the_demand_is_the_teller_s(trained, text, rows):
    assert [r[:3] for r in _rows(trained, text)] == rows


# ---- 10. a sentence-initial "And" hides neither cue nor speaker (held on main; guards) -----------------

@pytest.mark.parametrize(("text", "content", "cue", "speaker"), [
    ("And he said, 'We will win.'", "We will win.", "said", "he"),
    ('And he said, "We will win."', "We will win.", "said", "he"),
    ('And he said: "We will win."', "We will win.", "said", "he"),
    ('And Smith said, "We will win."', "We will win.", "said", "Smith"),
    ('And then she told them: "We are not done."', "We are not done.", "told", "she"),
    ("And the mayor said the plan was dead.", "the plan was dead", "said", "the mayor"),
])
def test_and_before_the_frame(trained, text, content, cue, speaker):
    assert [r[:3] for r in _rows(trained, text)] == [(content, cue, speaker)]


def test_and_before_the_frame_after_another_quote(trained):
    text = '"We are ready," Smith said. And he said, "We will win."'
    assert [r[:3] for r in _rows(trained, text)] == [("We are ready", "said", "Smith"), ("We will win.", "said", "he")]


# ---- 11. a short quoted question with its cue is one direct quote with its speaker (held on main) -----

@pytest.mark.parametrize(("text", "content", "speaker"), [
    ('He asked: "Why?"', "Why?", "He"),
    ('"Why?" she asked.', "Why?", "she"),
    ('She asked: "When?"', "When?", "She"),
    ('"How?" he asked.', "How?", "he"),
    ('He asked, "Why not?"', "Why not?", "He"),
    ('"Why?" asked Smith.', "Why?", "Smith"),
    ('The mayor was asked about the plan. "Why?" she asked.', "Why?", "she"),
])
def test_a_short_quoted_question(trained, text, content, speaker):
    assert [r[:4] for r in _rows(trained, text)] == [(content, "asked", speaker, 0)]


# ---- 12. "claims to have X": cue "claims", content the infinitive (PolNeAR's gold, 2 of 2) --------------

@pytest.mark.parametrize(("text", "content", "cue", "speaker"), [
    # before: no reading at all
    ("He claims to have seen the letter.", "to have seen the letter", "claims", "He"),
    ("He claimed to have seen the letter.", "to have seen the letter", "claimed", "He"),
    ("The group claims to have hacked the site.", "to have hacked the site", "claims", "The group"),
    ("The man claimed to be a doctor.", "to be a doctor", "claimed", "The man"),
    # stay: a claimed clause; inside a quote, the quote alone (gold: no reading of its own there)
    ("He claims the letter is fake.", "the letter is fake", "claims", "He"),
    ('"He claims to be a Democrat," she said.', "He claims to be a Democrat", "said", "she"),
])
def test_claims_to_have(trained, text, content, cue, speaker):
    assert [r[:3] for r in _rows(trained, text)] == [(content, cue, speaker)]


# ---- 13. "citing X": cue "citing", content X, the main clause's subject its source (a gold decision) ----

@pytest.mark.parametrize(("text", "rows"), [
    # PolNeAR's gold: "citing" a cue with X as content 31 of 34 times in dev + train, and a
    # report's content ending before ", citing" 8 of 10; before, the said-content ran on through it
    ("The newspaper said troops would leave, citing a Pentagon report.",
     [("troops would leave", "said", "The newspaper"), ("a Pentagon report", "citing", "The newspaper")]),
    # before: no citing reading (one or two words)
    ("Troops will leave next year, the newspaper reported, citing officials.",
     [("Troops will leave next year", "reported", "the newspaper"), ("officials", "citing", "the newspaper")]),
    ("The company cut 500 jobs, citing weak demand.", [("weak demand", "citing", "The company")]),
    ("Reeves wrote that the law was void, citing precedent.",
     [("the law was void", "wrote", "Reeves"), ("precedent", "citing", "Reeves")]),
    ("Reuters reported the deal, citing two sources familiar with the matter.",
     [("two sources familiar with the matter", "citing", "Reuters")]),
    ("The Herald, citing leaked memos, reported that the council is spending more than it brings in.",
     [("leaked memos", "citing", "The Herald"), ("the council is spending more than it brings in", "reported", "The Herald")]),
])
def test_citing_is_a_cue_of_its_own(trained, text, rows):
    got = _rows(trained, text)
    assert [r[:3] for r in got] == rows
    assert not any(r[4] for r in got)  # none nested: two readings side by side


# ---- FNC-1 read-through: the kinds above in the shapes the first 300 bodies have --------------------

def test_a_refusal_inside_a_sourceless_belief_stays(trained):
    # item 8's rule drops a negated cue only inside a report someone makes
    text = ("Agents are believed to be planning for arrests, but a spokesperson for Essex Police would not "
            "confirm the names of any witnesses.")
    assert [r[:3] for r in _rows(trained, text)] == [
        ("the names of any witnesses", "would not confirm", "a spokesperson for Essex Police")]


def test_citing_keeps_from_after_its_object(trained):
    text = ('"At least 10 fighters have been caught," the congressman said, citing information from sources at '
            "Customs and Border Protection.")
    assert [r[:3] for r in _rows(trained, text)][1:] == [
        ("information from sources at Customs and Border Protection", "citing", "the congressman")]


@pytest.mark.parametrize(("text", "speaker"), [
    # FNC-1: the "who" clause the parse hung on the place is the residents' claim, not the lodge's
    ("They said they had interviewed residents at a riverside inn who claimed to have spotted it.", "residents"),
    ("They questioned the people at a riverside inn who claimed to have spotted the beast.", "the people"),
])
def test_who_after_a_place_is_the_people_before_it(trained, text, speaker):
    assert [r[2] for r in _rows(trained, text) if r[1] == "claimed"] == [speaker]
