"""usertest16 H6, H7 (fixut17d): rule kinds on made-up sentences, with the default pipeline the
window uses (rules alone):

1. a wire dateline and its agency in brackets are never a speaker, whatever the verb ("LONDON
   (Reuters) — X *told* ..." made the agency an apposition of the place the parse took for the
   subject: ``quotes_speakers.in_dateline``, ``_past_dateline``);
2. speaker refs: a possessor is not the one a description of theirs names ("A's campaign
   manager B" is B; "A's former strategist" is whom the text named so, else no one:
   ``coref.MentionIndex._named_not_possessor``, ``_described_before``); a he/she going on after
   a speaker only described ("the minister") is that speaker, not a person named paragraphs
   before (``quotes_previous_speaker._described_nearer``);
3. speakers: the object of "calls on X to ..." does what the complement says, also a report
   inside it ("... for suggesting Y": X, ``quotes_speakers._object_controller``); "according to
   his body mass index" names no source (``quotes_indirect._by_own_measure``).

Rows: (content, cue, speaker, speaker_ref, group), one per suggested piece.
"""

from __future__ import annotations

import pytest

from tests.nlp.test_issue10_rules10i import _rows
from tests.nlp.test_quotes_sentence_end import trained  # noqa: F401 - the pipeline fixture

pytestmark = [pytest.mark.trained, pytest.mark.timeout(120)]


# ---- 1. a dateline is never a speaker --------------------------------------------------------

@pytest.mark.parametrize(("text", "speaker"), [
    ("LONDON (Reuters) \u2014 Britain's finance minister told parliament on Monday that growth would slow.",
     "Britain's finance minister"),
    ("MADRID (Reuters) \u2014 Spain's labour minister told reporters on Friday that wages would rise.",
     "Spain's labour minister"),
    ("OSLO (Reuters) - Norway's central bank chief told lawmakers on Tuesday that rates would stay high.",
     "Norway's central bank chief"),
    # were right: stay right
    ("PARIS (Reuters) \u2014 France's finance minister said on Monday that growth would slow.",
     "France's finance minister"),
    ("ROME (AFP) - The mayor told the council on Tuesday that the bridge would reopen.", "The mayor"),
])
def test_a_dateline_agency_is_never_the_speaker(trained, text, speaker):
    rows = _rows(trained, text)
    assert [r[1] for r in rows] in (["told"], ["said"])
    assert rows[0][2] == speaker


# ---- 2. speaker refs --------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "ref"), [
    ("Senator Dale Grant's campaign manager Tom Baker said the race was close.", "Tom Baker"),
    ("Governor Ann Moss's chief of staff Peter Vance said the budget was late.", "Peter Vance"),
    # the possessor named, the strategist not: no one
    ("Senator Dale Grant's former campaign strategist said the race was close.", None),
    # named before with the same description: that person
    ("Tom Baker, Grant's former campaign strategist, praised the speech. "
     "Grant's former campaign strategist said the race was close.", "Tom Baker"),
])
def test_a_possessor_is_not_the_person_of_theirs(trained, text, ref):
    rows = _rows(trained, text)
    assert [r[1] for r in rows] == ["said"] and rows[0][3] == ref


def test_a_possessors_organisation_still_stands_for_the_possessor(trained):
    text = "Senator Dale Grant's campaign said the race was close."
    assert _rows(trained, text)[-1][3] == "Dale Grant"


@pytest.mark.parametrize("text", [
    'Maria Lopez arrived late.\n\nThe talks ended at noon.\n\nThe weather was cold.\n\n'
    '"We expect a hard winter," the minister said. "But we are ready," she added.',
    'Carla Diaz toured the port.\n\nShips waited outside.\n\n'
    '"The queues are long," the spokeswoman said. "They will shrink," she added.',
])
def test_she_after_a_described_speaker_is_that_speaker(trained, text):
    rows = _rows(trained, text)
    assert [(r[1], r[2]) for r in rows][-2:] == [("said", rows[-2][2]), ("added", "she")]
    assert rows[-1][3] is None  # the minister, unnamed: not the woman named paragraphs before


def test_she_after_a_named_speaker_stays_that_speaker(trained):
    text = '"We expect a hard winter," Maria Lopez said. "But we are ready," she added.'
    assert [r[3] for r in _rows(trained, text)] == ["Maria Lopez", "Maria Lopez"]


# ---- 3. speakers --------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "cue", "speaker"), [
    ("Miller calls on Brown to apologize for suggesting Smith takes bribes", "suggesting", "Brown"),
    ("Miller called on Senator Brown to apologize to Smith for claiming that Smith took bribes.",
     "claiming", "Senator Brown"),
    # the object of "told ... to", as before
    ("Miller urged Brown to apologize for suggesting Smith takes bribes", "suggesting", "Brown"),
])
def test_the_object_of_calls_on_does_the_complement(trained, text, cue, speaker):
    rows = [r for r in _rows(trained, text) if r[1] == cue]
    assert [r[2] for r in rows] == [speaker]


@pytest.mark.parametrize("text", [
    "He is heavy, according to his weight.",
    "The pupils sat in rows according to their height.",
])
def test_according_to_what_one_has_is_no_source(trained, text):
    assert _rows(trained, text) == []


def test_according_to_a_person_or_document_stays(trained):
    text = "He is obese, according to his doctor."
    assert [(r[0], r[2]) for r in _rows(trained, text)] == [("He is obese", "his doctor")]


# ---- 4. '"A," Name, a description, said ... on a show's "Title." "B."' (H5a) -----------------

def _reparsed(trained, text: str, arcs: dict[int, tuple[int, str]], ents: dict[int, str]):
    """``text`` through the pipeline, then with the arcs ``arcs`` (token -> (head, label)) and
    the entity tags ``ents`` (token -> IOB tag) written over: the parse the user's sentence got,
    which the made-up words do not reproduce."""
    from spacy.tokens import Doc

    doc = trained(text)
    heads = [t.head.i for t in doc]
    deps = [t.dep_ for t in doc]
    for i, (h, d) in arcs.items():
        heads[i], deps[i] = h, d
    iob = [f"{t.ent_iob_}-{t.ent_type_}" if t.ent_type_ else "O" for t in doc]
    for i, e in ents.items():
        iob[i] = e
    return Doc(doc.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc],
               pos=[t.pos_ for t in doc], tags=[t.tag_ for t in doc], lemmas=[t.lemma_ for t in doc],
               heads=heads, deps=deps, ents=iob)


FLYNN = ("\u201cShe's plainly wrong. There's a wide gap between this city hall and frankly the mayor and our "
         "police,\u201d Vance, a senior Moss adviser, said Thursday night on Metro TV\u2019s \u201cTea and Toast.\u201d "
         "\u201cLook, we see plenty of anger among the staff.\u201d")


def test_an_apposition_after_the_name_and_a_show_title_after_the_verb(trained):
    from annotator.nlp.quotes import suggest_quotes

    # the user's parse: the name hung on the quote's last noun, the show's title the subject
    doc = _reparsed(trained, FLYNN, {24: (18, "appos"), 36: (34, "pobj"), 37: (31, "punct"), 39: (31, "nsubj")},
                    {24: "B-PERSON"})
    assert [t.text for t in (doc[24], doc[39])] == ["Vance", "Tea"]
    quotes = suggest_quotes(doc, text=FLYNN)
    rows = [(FLYNN[slice(*q.content)][:12], FLYNN[slice(*q.cue)] if q.cue else None,
             FLYNN[slice(*q.speaker)] if q.speaker else None, q.group) for q in quotes]
    assert rows == [("She's plainl", "said", "Vance", 0), ("Look, we see", "said", "Vance", 0)]


def test_the_same_words_as_the_pipeline_parses_them(trained):
    rows = _rows(trained, FLYNN)
    assert [(r[1], r[2], r[4]) for r in rows] == [("said", "Vance", 0), ("said", "Vance", 0)]
    assert not any("Tea and Toast" in r[0] for r in rows)  # the show's title is no quote


# ---- 5. 'A, she said, referencing ... "B"': the act after the frame is no content (H5b) ----------

@pytest.mark.parametrize(("text", "content"), [
    ("\u201cYou pushed your staff past the limit\u201d to lift the share price and your bonus, she said, "
     "referencing the firm\u2019s fierce drive to \u201cupsell\u201d or make clients open more accounts.",
     "You pushed your staff past the limit\u201d to lift the share price and your bonus"),
    ('"The budget is a mess" and must be redone, the mayor said, citing the council\'s plan to "trim" schools.',
     'The budget is a mess" and must be redone'),
])
def test_a_quote_in_the_act_after_the_frame_is_not_its_content(trained, text, content):
    rows = [r for r in _rows(trained, text) if r[1] == "said"]
    assert [r[0].lstrip('"\u201c') for r in rows] == [content]
    assert not any(r[0].startswith(("referencing", "citing")) for r in _rows(trained, text))


# ---- 6. he/she of a known gender named between an unknown subject and the pronoun (H7) ----------

def test_she_is_the_woman_named_after_the_subject_of_unknown_gender(trained):
    from annotator.nlp.coref import MentionIndex

    text = 'Gov. Chris Hale described Jane Moss as a "disgrace" after she blamed the police for the riots.'
    doc = trained(text)
    she = text.index("she blamed")
    assert MentionIndex(doc, text).resolve(she, she + 3, before=she) == "Jane Moss"


def test_he_stays_the_subject_when_no_one_of_his_gender_is_between(trained):
    from annotator.nlp.coref import MentionIndex

    text = "Chris Hale met Jane Moss before he said the plan was dead."
    doc = trained(text)
    he = text.index("he said")
    assert MentionIndex(doc, text).resolve(he, he + 2, before=he) == "Chris Hale"


# ---- 7. a report in a gerund after a preposition inside another report is nested (M4) ---------

@pytest.mark.parametrize(("text", "inner"), [
    ("Miller calls on Brown to apologize for suggesting Smith takes bribes", "Smith takes bribes"),
    ("Miller urged Brown to resign after claiming that the audit was faked.", "the audit was faked"),
])
def test_a_report_in_a_gerund_inside_another_is_nested(trained, text, inner):
    from annotator.nlp.quotes import suggest_quotes

    quotes = suggest_quotes(trained(text), text=text)
    flags = {text[slice(*q.content)]: q.nested for q in quotes}
    assert flags.get(inner) is True
    assert [c for c, nested in flags.items() if not nested] and all(inner in c for c, n in flags.items() if not n)
