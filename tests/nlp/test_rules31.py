"""Rules, usertest23 H4 items 12 and 15, M5 and the L2/L3 leftovers (issue 10), one section per
kind. Invented sentences.

1. a relative or appositive clause after a report whose verb disputes, denies, questions,
   contests or rejects it, with its own subject (", which his lawyer disputes", ", which critics
   question", ", a figure the company contests") is another's answer and no part of the content
   (``quotes_indirect._disputed_after``, read from the words: the tagger often takes "lawyer
   disputes" or "company contests" for a noun phrase); before, it stayed in the content.
2. a refusal to tell a question's answer ("The bank declined to reveal how much it had lost",
   "refused to confirm whether ...") reads as "declined to say how many ..." does, whoever refuses:
   cue "declined"/"refused", content "to reveal ..." (``quotes_indirect._refused_telling``; PolNeAR's
   gold has "declined" + "to say whether ..." in 3 of its 4 refusals to say + a question); before,
   a thing's refusal (not a person) had only the inner verb's reading, cue "reveal"/"confirm".
3. a source's "as" frame after a report (", as claimed by several websites that ...", ", as
   reported by local media", ", as the opposition claimed", ", as the club has reported") ends
   the content before its comma (``quotes_indirect._as_frame_at`` in ``_trailing_at``); "as
   promised", "as expected" (no source) stay. Before, the content ran on through the frame.
4. a time or place phrase right after the object of a pledge or announcement ("promised a new
   round of talks *in June*", "announced a new phone *on Monday*"), which the parse hangs on the
   verb, is part of the content (``quotes_indirect._when_or_where_of_object``; PolNeAR's gold
   keeps it, 2 of 2); before, the content stopped at the object.
5. a participle fronted before the subject of a clause that an outer frame reports ("*Calling*
   it a 'stunning find,' Ruritania's first lady, Rosa Marin, said ..., The Daily Planet said.")
   is that subject's act (``quotes_speakers._fronted_participle``; "lady" is a person noun now);
   before, the outer frame's speaker had it. The outer reading keeps the clause and stops before
   ", The Daily Planet said" (the documented nested decision, unchanged).

Rows: (content, cue, speaker, group, nested), one per suggested piece.
"""

from __future__ import annotations

import pytest

from tests.nlp.test_quotes_sentence_end import trained  # noqa: F401 - the pipeline fixture
from tests.nlp.test_rules24 import _rows  # the rows (content, cue, speaker, group, nested) per piece

pytestmark = [pytest.mark.trained, pytest.mark.timeout(120)]


# ---- 1. a trailing dispute by someone else is no content ------------------------------------------

@pytest.mark.parametrize(("text", "content", "speaker"), [
    ("The police said the driver had been drinking, which his lawyer disputes.", "the driver had been drinking", "The police"),
    ("The minister said the economy was growing, which critics question.", "the economy was growing", "The minister"),
    ("The union said wages had fallen, a figure the company contests.", "wages had fallen", "The union"),
    ("The club said the player was injured, which his agent disputes.", "the player was injured", "The club"),
    ("Officials said the water was safe, which residents question.", "the water was safe", "Officials"),
    ("The agency said crime had fallen, a claim the opposition rejects.", "crime had fallen", "The agency"),
    ("The school said fees would rise, a figure parents question.", "fees would rise", "The school"),
    # were right, stay right
    ("The report said the firm had paid bribes, which it rejects.", "the firm had paid bribes", "The report"),
    ("The firm said profits had doubled, a claim analysts dispute.", "profits had doubled", "The firm"),
    ("The mayor said the bridge was closed, which surprised many drivers.", "the bridge was closed", "The mayor"),
])
def test_a_dispute_after_the_report_is_no_content(trained, text, content, speaker):
    assert [r[:3] for r in _rows(trained, text)] == [(content, "said", speaker)]


@pytest.mark.parametrize(("text", "content"), [
    # a relative inside the content, or a comment that is no dispute, stays
    ("The club said the stadium, which critics question, would open in May.",
     "the stadium, which critics question, would open in May"),
    ("The union said the plan would cost jobs, a claim that the minister called absurd.",
     "the plan would cost jobs, a claim that the minister called absurd"),
])
def test_a_relative_that_is_no_trailing_dispute_stays(trained, text, content):
    assert [r[0] for r in _rows(trained, text)] == [content]


# ---- 2. a refusal to tell a question's answer, whoever refuses ------------------------------------

@pytest.mark.parametrize(("text", "content", "cue", "speaker"), [
    ("The bank declined to reveal how much it had lost.", "to reveal how much it had lost", "declined", "The bank"),
    ("The club declined to confirm whether the coach had resigned.", "to confirm whether the coach had resigned",
     "declined", "The club"),
    ("The club refused to confirm if the coach had resigned.", "to confirm if the coach had resigned", "refused", "The club"),
    # were right, stay right (PolNeAR's gold: "declined" + "to say whether ...", 3 of 4)
    ("The company declined to say how many workers were hurt.", "to say how many workers were hurt", "declined", "The company"),
    ("The ministry refused to say whether the talks had failed.", "to say whether the talks had failed", "refused", "The ministry"),
    ("Officials refused to disclose where the prisoners were held.", "to disclose where the prisoners were held",
     "refused", "Officials"),
    ("The army would not reveal how many soldiers had died.", "how many soldiers had died", "would not reveal", "The army"),
    ("Ana Ruiz would not say whether she would resign.", "whether she would resign", "would not say", "Ana Ruiz"),
])
def test_a_refusal_to_tell_reads_as_declined_to_say(trained, text, content, cue, speaker):
    assert [r[:3] for r in _rows(trained, text)] == [(content, cue, speaker)]


@pytest.mark.parametrize("text", ["The bank declined to reveal its losses.", "The city declined to say more."])
def test_a_refusal_without_a_question_stays_no_report(trained, text):
    assert _rows(trained, text) == []


# ---- 3. a source's "as" frame after the report is no content -------------------------------------

@pytest.mark.parametrize(("text", "content", "cue", "speaker"), [
    ("Officials denied that the volunteer had been in the region, as claimed by several blogs that "
     "said she had been seized.", "the volunteer had been in the region", "denied", "Officials"),
    ("The army denied that its jets had struck the market, as reported by local media.",
     "its jets had struck the market", "denied", "The army"),
    ("The ministry said the border was closed, as the opposition claimed.", "the border was closed", "said", "The ministry"),
    ("The mayor said the bridge would reopen in May, as first reported by the local paper.",
     "the bridge would reopen in May", "said", "The mayor"),
    ("The coach said the striker would leave, as the club has reported.", "the striker would leave", "said", "The coach"),
    ("The minister said the plan would work, as she had said in March.", "the plan would work", "said", "The minister"),
])
def test_an_as_frame_ends_the_content(trained, text, content, cue, speaker):
    assert _rows(trained, text)[0][:3] == (content, cue, speaker)


@pytest.mark.parametrize(("text", "content"), [
    # "as" with no source stays
    ("The mayor said the bridge would be repaired, as promised.", "the bridge would be repaired, as promised"),
    ("The council said the road would close, as expected.", "the road would close, as expected"),
    ("The firm said sales rose as demand grew.", "sales rose as demand grew"),
])
def test_an_as_without_a_source_stays(trained, text, content):
    assert [r[0] for r in _rows(trained, text)] == [content]


# ---- 4. when or where a pledged thing comes is part of it -----------------------------------------

@pytest.mark.parametrize(("text", "content", "cue"), [
    ("The minister promised a new round of talks in June.", "a new round of talks in June", "promised"),
    ("The mayor promised a new bridge in the spring.", "a new bridge in the spring", "promised"),
    ("The company announced a new phone on Monday.", "a new phone on Monday", "announced"),
    ("The governor pledged more money for schools next year.", "more money for schools next year", "pledged"),
    # was right, stays right
    ("The council promised a new school in Riverton.", "a new school in Riverton", "promised"),
])
def test_the_time_of_a_pledged_thing_is_content(trained, text, content, cue):
    assert [r[:2] for r in _rows(trained, text)] == [(content, cue)]


def test_the_time_after_a_reported_clause_and_a_pledge(trained):
    text = "The minister said the talks had failed and promised a new round of talks in June."
    assert [r[:3] for r in _rows(trained, text)] == [
        ("the talks had failed", "said", "The minister"), ("a new round of talks in June", "promised", "The minister")]


# ---- 5. a fronted participle is the act of the clause's subject -----------------------------------

@pytest.mark.parametrize(("text", "outer", "frame_speaker", "participle", "cue", "subject"), [
    ("Calling it a “stunning find,” Ruritania’s first lady, Rosa Marin, said the nation would team up with the "
     "national survey to learn more about what had fallen, The Daily Planet said.",
     "Calling it a “stunning find,” Ruritania’s first lady, Rosa Marin, said the nation would team up with the "
     "national survey to learn more about what had fallen", "The Daily Planet",
     "it a “stunning find,”", "Calling", "Ruritania’s first lady"),
    ('Describing the fire as "terrible," the mayor said the town would rebuild, the radio reported.',
     'Describing the fire as "terrible," the mayor said the town would rebuild', "the radio",
     'the fire as "terrible,"', "Describing", "the mayor"),
])
def test_a_fronted_participle_is_the_clause_subjects(trained, text, outer, frame_speaker, participle, cue, subject):
    rows = [r[:3] for r in _rows(trained, text)]
    # the outer reading by the trailing frame holds the clause, never the frame itself
    assert (outer, rows[0][1], frame_speaker) == rows[0]
    assert (participle, cue, subject) in rows


def test_a_time_does_not_make_a_short_thing_a_report(trained):
    # the object alone is measured: a two-word thing stays too short, with its time or without
    assert _rows(trained, "The air chief welcomed the deal last Friday.") == []
    # rules37 item 8: "announced" + a one- or two-word object is a report (PolNeAR's gold: 14 of
    # 24 outside negation), its time kept as for a longer object
    assert [r[:3] for r in _rows(trained, "The air chief announced the deal last Friday.")] == [
        ("the deal last Friday", "announced", "The air chief")]
