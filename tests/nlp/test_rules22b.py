"""Rules, usertest20 H2, H3, H4, M1, M3, M5, L2, L3 (issue 10): one test per kind, invented sentences.

1. L2: a speaker_ref the tokens joined ("al - Hashimi") is stored in the article's own characters
   ("al-Hashimi", ``coref.as_written`` in ``quotes.add_quotes``);
2. H4: a part of a hyphenated word ("self-*declared*") is never a cue, so never the end of a
   speaker "She said her self" (``quotes_doc.hyphen_part``);
3. M1: in "the senator said when asked if ...", the senator is the one asked: the question has no
   speaker (the agent when named), as PolNeAR's gold has "when asked"
   (``quotes_speakers.asked_participle``);
4. H3, L3: the speaker is the whole list the parse hung on its first item as an apposition with
   conjuncts ("The mayor, the governor and two senators said", ``_listed_as_apposition``), and
   a phrase after a list up to a relative clause set off by a comma ("Doctors and nurses at the
   hospital, who ...", ``np_range``/``_before_relative``); an apposition closed by a comma is
   the speaker's description, not a list;
5. M5: ", which he denied" after a report is someone's answer to it, not content
   (``quotes_indirect._denied_by_another``); a relative that describes a noun stays;
6. H2: the speaker's next report joined to the reported clause by "and" ("said the deal was
   signed and added that ...") is not in the content and has its own reading, with or without
   quote marks in the clause (``quotes_speakers.speakers_next_report``,
   ``quotes_indirect._before_speakers_report``, ``quotes_direct._next_act``); a thing's passive
   then "left for the airport" is cut; a person's own second act stays;
7. M3: refusals keep PolNeAR's boundaries: "declined/refused" + "to say ...", "would not say" +
   "where ..." (the gold's, 21 of 23 refusals in polnear-train+dev; rules20b).

Rows: (content, cue, speaker, speaker_ref, group), one per suggested piece.
"""

from __future__ import annotations

import pytest

from tests.nlp.test_issue10_rules10i import _rows
from tests.nlp.test_quotes_sentence_end import trained  # noqa: F401 - the pipeline fixture

pytestmark = [pytest.mark.trained, pytest.mark.timeout(120)]


# ---- 1. L2: the article's own spelling of a resolved name ------------------------------------

def test_a_resolved_hyphenated_name_is_stored_as_the_article_writes_it(trained):
    from annotator.domain.suggestions import SuggestionSet
    from annotator.nlp.quotes import add_quotes, suggest_quotes

    text = "Abu Omar al-Hashimi, the group's leader, spoke on Friday. He said the attack had been ordered weeks ago."
    out = SuggestionSet("rules")
    add_quotes(out, text, suggest_quotes(trained(text), text=text))
    assert [(s.label, s.attrs.get("speaker_ref") or s.attrs.get("refers_to")) for s in out.spans
            if s.label in ("QUOTE", "SPEAKER")] == [("QUOTE", "Abu Omar al-Hashimi"), ("SPEAKER", "Abu Omar al-Hashimi")]


def test_as_written_keeps_a_plain_name_and_one_the_text_spells_otherwise():
    from annotator.nlp.coref import as_written

    text = "AT&T and Procter & Gamble met KURTZ. Al-Nour (al - Nour) said so."
    assert [as_written(n, text) for n in ("AT & T", "Procter & Gamble", "John Smith", "Kurtz", "Al - Nour", "Al - Badr")] == [
        "AT&T", "Procter & Gamble", "John Smith", "Kurtz", "Al-Nour", "Al - Badr"]


# ---- 2. H4: a hyphenated word's part is no cue ------------------------------------------------

@pytest.mark.parametrize("text", [
    "She said her self-declared emirate was growing in the north.",
    "He praised his self-described allies, she said.",
    "She said her self-declared caliphate was spreading in Jordan and called for \u201crivers of fire\u201d the world "
    "over in the video aired on Monday.",
])
def test_a_part_of_a_hyphenated_word_is_never_a_cue(trained, text):
    from annotator.nlp.quotes_doc import DocContext

    doc = trained(text)
    ctx = DocContext(doc, text)
    assert [t.text for t in doc if ctx.is_cue(t)] == ["said"]  # (main: "declared"/"described" too)
    rows = _rows(trained, text)
    assert [r[1] for r in rows if r[1] not in ("said", "called")] == []
    assert all(r[2] in ("She", "she") for r in rows)


def test_hyphen_part_needs_a_hyphen_written_without_spaces(trained):
    from annotator.nlp.quotes_doc import hyphen_part

    doc = trained("The so-called deal - she said - was well-known.")
    assert [t.text for t in doc if hyphen_part(t)] == ["so", "called", "well", "known"]


# ---- 3. M1: "when asked" -- the subject is the one asked ------------------------------------

@pytest.mark.parametrize(("text", "asker"), [
    ('"I have no idea," the senator said when asked if she would run again.', None),
    ("The minister told the radio station when asked how the talks would end that he was hopeful.", None),
    ('"Yes," he said when asked by reporters whether he would run.', "reporters"),  # was right: stays
])
def test_when_asked_the_question_is_not_the_subjects(trained, text, asker):
    rows = _rows(trained, text)
    assert [(r[1], r[2]) for r in rows if r[1] == "asked"] == [("asked", asker)]


def test_the_answer_after_a_when_asked_question_keeps_the_answerers_speaker(trained):
    text = ('"The plan is dead," Ann Lee told the radio station on Monday when asked which party she would back.\n'
            '"It is over, and everyone knows it. We will start again next year with a new team."')
    assert [(r[0][:11], r[1], r[2]) for r in _rows(trained, text)] == [
        ("The plan is", "told", "Ann Lee"), ("which party", "asked", None), ("It is over,", None, "Ann Lee")]


# ---- 4. H3, L3: speaker lists -------------------------------------------------------------------

@pytest.mark.parametrize(("text", "speaker"), [
    ("The mayor, the governor and two senators said they would attend.", "The mayor, the governor and two senators"),
    ("Doctors and nurses at the hospital, who have been on strike for a week, said they would not return.",
     "Doctors and nurses at the hospital"),
    ("The head of the union, who has led it since May, said the strike would go on.", "The head of the union"),
    ("The mayor, a lawyer and writer, said she would attend.", "The mayor"),  # an apposition: was right
])
def test_a_list_of_speakers_is_the_whole_speaker(trained, text, speaker):
    assert [r[2] for r in _rows(trained, text)] == [speaker]


# ---- 5. M5: a denial of the report is not in it ------------------------------------------------

@pytest.mark.parametrize(("text", "content"), [
    ("The prosecutor said the minister had received the payments, which he denied.", "the minister had received the payments"),
    ("The union said the company had cut wages, which the company disputes.", "the company had cut wages"),
    ("She said he had made an offer, which she called a disgrace.", "he had made an offer, which she called a disgrace"),
])
def test_a_denial_after_the_report_is_not_its_content(trained, text, content):
    assert [r[0] for r in _rows(trained, text)] == [content]


# ---- 6. H2: the speaker's next report -----------------------------------------------------------

H2 = [
    ("The mayor said the deal was signed and added that it would be published.",
     [("the deal was signed", "said"), ("it would be published", "added")]),
    ("The mayor said the deal was signed and promised that it would be published.",
     [("the deal was signed", "said"), ("it would be published", "promised")]),
    ("The company said profits had fallen and announced 500 job cuts.",
     [("profits had fallen", "said"), ("500 job cuts", "announced")]),
    ("The port authority said the strike was illegal and declined to say how many ships were waiting.",
     [("the strike was illegal", "said"), ("to say how many ships were waiting", "declined")]),
    # (the appeal's own reading, lost until rules25: tests/nlp/test_rules25.py)
    ("The police said the suspect had fled and asked the public for help.",
     [("the suspect had fled", "said"), ("the public for help", "asked")]),
    ("The ambassador said the negotiations had been suspended and left for the airport.",
     [("the negotiations had been suspended", "said")]),
    ('Even Spain, the island\'s only ally, said it was "firmly opposed" to the vote and warned the rebels to refrain '
     'from further attacks.',
     [('it was "firmly opposed" to the vote', "said"), ("the rebels to refrain from further attacks", "warned")]),
    # kept: the reported person's own act, a thing left in a state
    ("Police said the man posed a clear danger and refused to put down the knife.",
     [("the man posed a clear danger and refused to put down the knife", "said"), ("to put down the knife", "refused")]),
    ("Police said the man had made threats and refused to leave the bank.",
     [("the man had made threats and refused to leave the bank", "said"), ("to leave the bank", "refused")]),
    ("Officials said the talks had been suspended and left unresolved.", [("the talks had been suspended and left unresolved", "said")]),
]


@pytest.mark.parametrize(("text", "readings"), H2)
def test_the_speakers_next_report_is_not_in_the_content(trained, text, readings):
    rows = _rows(trained, text)
    assert [(r[0], r[1]) for r in rows] == readings
    if text.startswith("The mayor"):
        assert {r[2] for r in rows} == {"The mayor"}  # the next report is the same speaker's


# ---- 7. M3: refusals keep the gold's boundaries -------------------------------------------------

@pytest.mark.parametrize(("text", "content"), [
    ("The company declined to say how many jobs would be cut.", "to say how many jobs would be cut"),
    ("A spokesman refused to say whether the plant would close.", "to say whether the plant would close"),
    # (the cue, "say" or "would not say", is rules21's)
    ("Officials would not say where the prisoners were being held.", "where the prisoners were being held"),
])
def test_a_refusal_reads_as_polnear_annotates_it(trained, text, content):
    assert [r[0] for r in _rows(trained, text)] == [content]
