"""merge50 (issue 10, usertest33 M3/M2): a model content ends where the rules end the same cue's
content, before the speaker's own next act or report (``quotes_indirect.speakers_own_bound``,
shared with the rules), and a model speaker or cue from the next paragraph, or a place after
"in", is no speaker of a colon line's quote (``attribution_sanity.without_far_speakers``,
``without_far_cue``, ``can_speak``). The recogniser's output is faked on parsed invented
sentences, as in test_merge49."""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan

from annotator.nlp.attribution_components import ATTRIBUTION_KEY
from annotator.nlp.attribution_lexicon import LEXICON_KEY
from annotator.nlp.quotes import suggest_quotes, with_model_attributions
from tests.nlp.test_attribution_bounds import nlp  # noqa: F401 - the module's pipeline fixture, shared
from tests.nlp.test_merge49 import _added, _all


# --- M3: no model content over the speaker's second cue -------------------------------------

def test_a_model_content_stops_before_the_speakers_next_report(nlp) -> None:
    text = "The agency warned that rents would climb and recommended that tenants sign longer leases."
    parts = (("The agency", "SOURCE"), ("warned", "CUE"), ("that rents would climb and recommended", "CONTENT"),
             ("that tenants sign longer leases", "CONTENT"))
    got = _all(nlp, text, parts)
    assert got and all("recommended" not in content for content, _, _, _ in got)
    assert any(content.endswith("rents would climb") for content, _, _, _ in got)


def test_a_model_content_stops_before_the_speakers_next_act(nlp) -> None:
    text = "The carrier warned that queues would lengthen and suggested longer opening hours."
    parts = (("The carrier", "SOURCE"), ("warned", "CUE"),
             ("that queues would lengthen and suggested longer opening hours", "CONTENT"))
    got = _all(nlp, text, parts)
    assert got and all("suggested" not in content for content, _, _, _ in got)


def test_a_reported_conjunct_of_the_reported_verb_stays(nlp) -> None:
    # guard row: "would resign and leave politics" is all reported (a bare form after the modal)
    text = "The senator said she would resign and leave politics for good."
    parts = (("The senator", "SOURCE"), ("said", "CUE"), ("she would resign and leave politics for good", "CONTENT"))
    got = _all(nlp, text, parts)
    assert any("leave politics" in content for content, _, _, _ in got)


# --- M2: a colon line's quote keeps no speaker of another line --------------------------------

COLON_LINES = ('Marta Quiroga, a baker from Seville, 51: "Nobody warned us."\n\n'
               'Doctor Hal Brenner, who studies rivers in Oregon: "The water is lower every spring."')


def _at_spans(nlp, text: str, parts):
    """Every attribution of rules + faked model, the model's spans given as (start, end, label)."""
    doc = nlp(text)
    doc.spans[ATTRIBUTION_KEY] = [SpacySpan(doc, s.start, s.end, label=lab)
                                  for a, b, lab in parts for s in [doc.char_span(a, b)]]
    doc.spans[LEXICON_KEY] = []
    out = with_model_attributions(doc, suggest_quotes(doc, text=text), text=text)
    return [(q.content, q.cue, q.speaker) for q in out]


def test_a_colon_quote_takes_no_speaker_or_cue_from_the_next_paragraph(nlp) -> None:
    text = COLON_LINES
    para = text.index("\n\n")
    q1 = text.index('"Nobody')
    q2 = text.index('"The water')
    colon2 = text.index(":", para)
    who = text.index("Doctor Hal Brenner")
    parts = ((q1, text.index(".", q1) + 2, "CONTENT"), (who, who + len("Doctor Hal Brenner"), "SOURCE"),
             (colon2, colon2 + 1, "CUE"), (q2, len(text), "CONTENT"))
    got = _at_spans(nlp, text, parts)
    first = [(c, k, s) for c, k, s in got if c[0] < para]
    assert first  # the quote itself stays (the model's reading, or the rules')
    for content, cue, speaker in first:
        assert speaker is None or speaker[1] <= para
        assert cue is None or cue[1] <= para


def test_a_place_after_in_is_no_speaker(nlp) -> None:
    text = COLON_LINES
    parts = (("Oregon", "SOURCE"), ('"The water is lower every spring."', "CONTENT"))
    got = _all(nlp, text, parts)
    assert all(speaker != "Oregon" for _, _, speaker, _ in got)


# --- M4: creation acts and passive appeals are no model reading -------------------------------

def test_the_object_of_a_verb_of_making_a_work_is_not_added(nlp) -> None:
    text = "She directed the short film and edited its trailer."
    parts = (("She", "SOURCE"), ("directed", "CUE"), ("the short film and edited its trailer", "CONTENT"))
    assert _added(nlp, text, parts) == []
    text = "The poet wrote the collection in three summers."
    parts = (("The poet", "SOURCE"), ("wrote", "CUE"), ("the collection in three summers", "CONTENT"))
    assert _added(nlp, text, parts, lexicon=(("wrote", "CUE"),)) == []


def test_writing_a_document_of_saying_stays(nlp) -> None:
    # guard row: an op-ed says something ("wrote [an op-ed]" is a PolNeAR cue)
    text = "The mayor wrote an op-ed against the new parking fees."
    parts = (("The mayor", "SOURCE"), ("wrote", "CUE"), ("an op-ed against the new parking fees", "CONTENT"))
    assert [a for a in _added(nlp, text, parts, lexicon=(("wrote", "CUE"),)) if "op-ed" in a[0]]


def test_a_passive_appeal_is_no_model_reading(nlp) -> None:
    text = "Tenants are encouraged to report any leaks to the caretaker."
    parts = (("Tenants", "SOURCE"), ("are encouraged to report", "CUE"), ("any leaks to the caretaker", "CONTENT"))
    assert _added(nlp, text, parts, lexicon=(("report", "CUE"),)) == []
    text = "Visitors are reminded to carry their tickets."
    parts = (("are reminded", "CUE"), ("to carry their tickets", "CONTENT"))
    assert _added(nlp, text, parts) == []


# --- L1: a model content of one whole quotation leaves both marks out --------------------------

def test_a_model_quote_content_leaves_both_marks_out(nlp) -> None:
    text = 'Brother Tomas Ruel, parish priest: "The bridge stays shut."'
    q = text.index('"The')
    parts = (("Brother Tomas Ruel", "SOURCE"), (":", "CUE"), ('"The bridge stays shut.', "CONTENT"))
    got = [c for c, _, _, o in _all(nlp, text, parts) if c.startswith(('"', "The bridge"))]
    assert got and all(c == text[q + 1 : -1] for c in got)
