"""Speaker kinds of round 10h (issue 10, speakers of rules + model), each on made-up sentences:

* a bare surname of a person already named in full is a mention of that person whatever the
  NER tagged it (an organisation, a nationality, nothing): the subject a following he/she refers
  to (``coref._missed_surnames``); a word of a longer name or of a multi-word entity, and a
  surname before the full name, are not;
* "according to a version of the website *from 2012*": a date is no author, so the document is
  the source (``quotes_speakers.author_of``); the time trim then left no speaker at all;
* a verb of speech used as an adjective inside a noun phrase ("in a *written* statement") is no
  cue: the clause's verb is, with its subject (``quotes_doc._in_noun_phrase``); it took the
  determiner "a" for the speaker;
* a learned source that names no one (a lone determiner, or the expletive "it" of "*It* was
  fitting [that X chose ...]" whose clause the content is) is dropped, and the content's own
  subject speaks (``attribution_refine._names_no_one``); an "it" that is no expletive stays.
"""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from annotator.nlp.coref import MentionIndex
from annotator.nlp.quotes_types import Quote
from tests.nlp.test_quotes_sentence_end import trained  # noqa: F401 - the pipeline fixture


def _doc(rows: list[tuple[str, str, str, int, str]]) -> Doc:
    """A parsed doc from (word, pos, dep, head index, entity IOB tag) rows: the NER's misreadings
    are written out instead of hoped for from a model."""
    nlp = spacy.blank("en")
    words = [r[0] for r in rows]
    spaces = [i + 1 < len(rows) and rows[i + 1][1] != "PUNCT" for i in range(len(rows))]
    return Doc(nlp.vocab, words=words, spaces=spaces, pos=[r[1] for r in rows], deps=[r[2] for r in rows],
               heads=[r[3] for r in rows], ents=[r[4] for r in rows])


# "Dana Whitfield drove home. Tom Ortega said the rally was loud. Whitfield reflected on what he heard."
# with the last "Whitfield" tagged ORG (NORP, or no entity, are the same kind)
def _rows(tag: str) -> list[tuple[str, str, str, int, str]]:
    return [
        ("Dana", "PROPN", "compound", 1, "B-PERSON"), ("Whitfield", "PROPN", "nsubj", 2, "I-PERSON"),
        ("drove", "VERB", "ROOT", 2, "O"), ("home", "ADV", "advmod", 2, "O"), (".", "PUNCT", "punct", 2, "O"),
        ("Tom", "PROPN", "compound", 6, "B-PERSON"), ("Ortega", "PROPN", "nsubj", 7, "I-PERSON"),
        ("said", "VERB", "ROOT", 7, "O"), ("the", "DET", "det", 9, "O"), ("rally", "NOUN", "nsubj", 10, "O"),
        ("was", "AUX", "ccomp", 7, "O"), ("loud", "ADJ", "acomp", 10, "O"), (".", "PUNCT", "punct", 7, "O"),
        ("Whitfield", "PROPN", "nsubj", 14, tag), ("reflected", "VERB", "ROOT", 14, "O"),
        ("on", "ADP", "prep", 14, "O"), ("what", "PRON", "dobj", 18, "O"), ("he", "PRON", "nsubj", 18, "O"),
        ("heard", "VERB", "pcomp", 15, "O"), (".", "PUNCT", "punct", 14, "O"),
    ]


@pytest.mark.parametrize("tag", ["B-ORG", "B-NORP", "O"])
def test_a_surname_the_ner_did_not_tag_person_is_the_pronouns_antecedent(tag) -> None:
    doc = _doc(_rows(tag))
    text = doc.text
    he = text.index("he heard")
    mentions = MentionIndex(doc, text)
    assert mentions.resolve(he, he + 2, before=he) == "Dana Whitfield"
    sur = text.rindex("Whitfield")
    assert mentions.resolve(sur, sur + len("Whitfield"), before=sur) == "Dana Whitfield"


def test_a_tagged_person_keeps_the_rule_and_a_word_of_a_longer_entity_is_no_mention() -> None:
    rows = _rows("B-PERSON")
    doc = _doc(rows)
    he = doc.text.index("he heard")
    assert MentionIndex(doc, doc.text).resolve(he, he + 2, before=he) == "Dana Whitfield"
    # "Whitfield Trust reflected on ...": the surname opens an organisation's name, no person
    rows = rows[:13] + [("Whitfield", "PROPN", "compound", 14, "B-ORG"), ("Trust", "PROPN", "nsubj", 15, "I-ORG")] + [
        (w, p, d, h + 1 if h >= 13 else h, e) for (w, p, d, h, e) in rows[14:]]
    doc = _doc(rows)
    he = doc.text.index("he heard")
    assert MentionIndex(doc, doc.text).resolve(he, he + 2, before=he) == "Tom Ortega"


def test_a_surname_before_the_full_name_is_no_mention_of_it() -> None:
    rows = [
        ("Whitfield", "PROPN", "nsubj", 1, "B-ORG"), ("grew", "VERB", "ROOT", 1, "O"), (".", "PUNCT", "punct", 1, "O"),
        ("Dana", "PROPN", "compound", 4, "B-PERSON"), ("Whitfield", "PROPN", "nsubj", 5, "I-PERSON"),
        ("left", "VERB", "ROOT", 5, "O"), (".", "PUNCT", "punct", 5, "O"),
    ]
    doc = _doc(rows)
    assert [m.start for m in MentionIndex(doc, doc.text)._mentions] == [doc.text.index("Dana")]


@pytest.mark.trained
@pytest.mark.parametrize(("text", "speaker"), [
    ("According to a saved copy of the rowing club's web page from 2009, the regatta was its biggest day that season.",
     "a saved copy of the rowing club's web page"),
    ("According to a memo from last week, the harbour plan was dropped.", "a memo"),
    # an author that is no date is still the source
    ("According to a memo from the port agency, the harbour plan was dropped.", "the port agency"),
])
def test_a_date_after_a_document_is_no_author(trained, text, speaker) -> None:
    from annotator.nlp.quotes import suggest_quotes

    [q] = suggest_quotes(trained(text), text=text)
    assert text[slice(*q.speaker)] == speaker


@pytest.mark.trained
@pytest.mark.parametrize(("text", "speaker", "cue"), [
    ('The mayor told the Harbour Times in a written statement that the plan "is dead and will stay dead."',
     "The mayor", "told"),
    ('Ms. Okafor told the council in a prepared statement, "The piers will be rebuilt by the spring."',
     "Ms. Okafor", "told"),
])
def test_an_adjective_participle_is_no_cue(trained, text, speaker, cue) -> None:
    from annotator.nlp.quotes import suggest_quotes

    quotes = suggest_quotes(trained(text), text=text)
    assert quotes
    assert {(text[slice(*q.speaker)], text[slice(*q.cue)]) for q in quotes} == {(speaker, cue)}


@pytest.mark.trained
@pytest.mark.parametrize(("text", "content", "linked", "speaker"), [
    ("It was fitting that Ms. Okafor chose to close her speech with the harbour.",
     "that Ms. Okafor chose to close her speech with the harbour", "It", "Ms. Okafor"),
    # an advertisement's "it" is a source
    ("The new advertisement is harsh. It slams the mayor for the closed harbour.",
     "the mayor for the closed harbour", "It", "It"),
])
def test_a_learned_source_naming_no_one_gives_way_to_the_contents_subject(trained, text, content, linked, speaker):
    from annotator.nlp.attribution_refine import refine

    doc = trained(text)
    a = text.index(content)
    s = text.index(linked)
    [q] = refine(doc, [Quote((a, a + len(content)), "indirect", speaker=(s, s + len(linked)), group=0, origin="model")], text=text)
    assert (text[slice(*q.speaker)] if q.speaker else None) == speaker


def test_an_adjective_participle_after_a_possessor_stays_a_cue() -> None:
    """'in a written statement' names no doer of 'written'; 'her repeated claims' does (she
    repeated them), so that participle stays a cue with the possessor its speaker."""
    from annotator.nlp.quotes_doc import DocContext

    doc = _doc([
        ("in", "ADP", "prep", 0, "O"), ("a", "DET", "det", 3, "O"), ("written", "VERB", "amod", 3, "O"),
        ("statement", "NOUN", "pobj", 0, "O"), (",", "PUNCT", "punct", 0, "O"),
        ("her", "PRON", "poss", 7, "O"), ("repeated", "VERB", "amod", 7, "O"), ("claims", "NOUN", "appos", 3, "O"),
    ])
    for t in doc:
        t.lemma_ = {"written": "write", "repeated": "repeat"}.get(t.text, t.text)
    ctx = DocContext(doc, doc.text)
    assert ctx.parsed
    assert [ctx.is_cue(doc[2]), ctx.is_cue(doc[6])] == [False, True]
