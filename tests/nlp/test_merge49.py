"""merge49 (issue 10, usertest32 M3/M4): the rules' refusals veto the learned attributions of the
same shape (one predicate: ``quotes_indirect.refused_report``, ``quotes_contentless.contentless``,
``quotes_speakers.own_passive_subject``), and a precision guard on what the model alone adds
(``attribution_sanity.unsure_addition``). The recogniser's output is faked on parsed invented
sentences (``doc.spans["attribution"]``, ``doc.spans["cue_lexicon"]``), as in
test_attribution_sanity."""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan

from annotator.nlp.attribution_components import ATTRIBUTION_KEY
from annotator.nlp.attribution_lexicon import LEXICON_KEY
from annotator.nlp.quotes import suggest_quotes, with_model_attributions
from tests.nlp.test_attribution_bounds import _at, nlp  # noqa: F401 - the module's pipeline fixture, shared


def _doc(nlp, text: str, parts, lexicon=()):
    doc = nlp(text)
    spans = []
    for part, label in parts:
        s = doc.char_span(*_at(text, part))
        spans.append(SpacySpan(doc, s.start, s.end, label=label))
    doc.spans[ATTRIBUTION_KEY] = spans
    lex = []
    for word, label in lexicon:
        s = doc.char_span(*_at(text, word))
        lex.append(SpacySpan(doc, s.start, s.end, label=label))
    doc.spans[LEXICON_KEY] = lex
    return doc


def _all(nlp, text: str, parts, lexicon=()) -> list[tuple[str, str | None, str | None, str]]:
    """Every attribution of rules + faked model: (content, cue, speaker, origin)."""
    doc = _doc(nlp, text, parts, lexicon)
    out = with_model_attributions(doc, suggest_quotes(doc, text=text), text=text)
    return [(text[slice(*q.content)], text[slice(*q.cue)] if q.cue else None,
             text[slice(*q.speaker)] if q.speaker else None, q.origin) for q in out]


def _added(nlp, text: str, parts, lexicon=()) -> list[tuple[str, str | None, str | None]]:
    return [(c, k, s) for c, k, s, o in _all(nlp, text, parts, lexicon) if o != "rules"]


# --- 1. the rules' refusals veto the model's readings of the same shape -----------------------

def test_a_request_not_to_be_named_is_no_model_attribution(nlp) -> None:
    text = "The clerk, who asked not to be named, said the files had been moved."
    parts = (("The clerk", "SOURCE"), ("asked", "CUE"), ("not to be named", "CONTENT"))
    assert _added(nlp, text, parts) == []


def test_declining_to_give_a_name_is_no_lexicon_attribution(nlp) -> None:
    # the learned cue lexicon read "declined" + its infinitive as a report
    text = "The driver, who declined to give his name, said the road had flooded overnight."
    assert [a for a in _added(nlp, text, (), lexicon=(("declined", "CUE"),)) if a[0] == "to give his name"] == []


def test_an_instruction_given_is_no_model_attribution(nlp) -> None:
    # "were told to boil ...": the rules' _told_to_do shape (usertest22 M7)
    text = "Residents of the valley were told to boil their tap water for three more days."
    parts = (("Residents of the valley", "SOURCE"), ("were told", "CUE"),
             ("to boil their tap water for three more days", "CONTENT"))
    assert _added(nlp, text, parts) == []


def test_unable_to_confirm_this_is_no_model_attribution(nlp) -> None:
    text = "The ministry so far has not been able to confirm this, and it says more tests are planned."
    parts = (("The ministry", "SOURCE"), ("confirm", "CUE"), ("this", "CONTENT"))
    assert [a for a in _added(nlp, text, parts) if a[0] == "this"] == []


def test_the_addressee_of_a_passive_urge_is_never_the_speaker(nlp) -> None:
    text = "Anyone who saw the grey van is urged to call the station on 0300 555 0100."
    parts = (("Anyone who saw the grey van", "SOURCE"), ("is urged", "CUE"),
             ("to call the station on 0300 555 0100", "CONTENT"))
    got = [a for a in _all(nlp, text, parts) if a[0].startswith("to call")]
    assert got and all(speaker is None for _, _, speaker, _ in got)


def test_a_sound_model_report_with_a_passive_agent_keeps_its_speaker(nlp) -> None:
    # guard row: the agent of "by" speaks; only the passive subject is refused
    text = "The plan was criticized by the union as a giveaway to the largest farms."
    parts = (("the union", "SOURCE"), ("criticized", "CUE"), ("The plan", "CONTENT"))
    assert ("The plan", "criticized", "the union") in _added(nlp, text, parts)


# --- 2. the precision guard on what the model alone adds -------------------------------------

def test_an_action_verb_with_a_thing_for_object_is_not_added(nlp) -> None:
    text = "The two sides agreed a truce with the rebel groups on Monday night."
    parts = (("The two sides", "SOURCE"), ("agreed", "CUE"), ("a truce with the rebel groups", "CONTENT"))
    assert _added(nlp, text, parts) == []
    text = "The firm said sales were up. They plan a national launch starting in May."
    parts = (("They", "SOURCE"), ("plan", "CUE"), ("a national launch starting in May", "CONTENT"))
    assert _added(nlp, text, parts) == []


def test_a_stance_verb_or_a_sure_lexicon_cue_with_an_object_stays(nlp) -> None:
    text = "The union endorsed the new water plan on Tuesday."
    parts = (("The union", "SOURCE"), ("endorsed", "CUE"), ("the new water plan", "CONTENT"))
    assert ("the new water plan", "endorsed", "The union") in _added(nlp, text, parts)
    # "agreed" is a sure cue of this pipeline's lexicon (label CUE): the recogniser's reading stays
    text = "The two sides agreed a truce with the rebel groups on Monday night."
    parts = (("The two sides", "SOURCE"), ("agreed", "CUE"), ("a truce with the rebel groups", "CONTENT"))
    assert ("a truce with the rebel groups", "agreed", "The two sides") in _added(
        nlp, text, parts, lexicon=(("agreed", "CUE"),))


def test_a_content_with_neither_cue_nor_speaker_is_not_added(nlp) -> None:
    text = "Word of suspected cases reached the port on Friday in a local paper."
    parts = (("suspected cases reached the port on Friday", "CONTENT"),)
    assert _added(nlp, text, parts) == []


def test_a_model_reading_past_and_a_new_subject_does_not_extend_the_rules(nlp) -> None:
    text = "The bakery announced that it will stop selling bread the beginning of next month and most of its customers are not happy."
    before = [a for a in _all(nlp, text, ()) if a[3] == "rules"]
    assert before and not before[0][0].endswith("happy")
    parts = (("The bakery", "SOURCE"), ("announced", "CUE"),
             ("that it will stop selling bread the beginning of next month and most of its customers are not happy", "CONTENT"))
    assert [a[0] for a in _all(nlp, text, parts)] == [before[0][0]]


def test_the_lexicon_content_stops_before_the_verbs_next_clause(nlp) -> None:
    text = "Nora Vance wrote the opening speech for the gala, and she is thrilled to see it performed."
    got = _added(nlp, text, (), lexicon=(("wrote", "CUE"),))
    assert got and all("thrilled" not in content for content, _, _ in got)
