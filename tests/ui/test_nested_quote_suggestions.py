"""Issue 10: the rules' suggestions for a quote nested in a quote (its own speaker and cue,
``annotator.nlp.quotes_nested``) reach the window as two QUOTE spans: two rows of the span list,
and two bars of their own in the article view, each quote's links starting at its own bar.
Hand-written text."""

from __future__ import annotations

import pytest

from annotator.domain.document import ArticleState
from annotator.domain.model import Article, Relation, Span, Status
from annotator.domain.schema import default_schema
from annotator.nlp.quotes import suggest
from annotator.ui.article_view import ArticleView
from annotator.ui.span_list import SpanListModel
from tests.nlp.test_quotes_sentence_end import trained  # noqa: F401 - the pipeline fixture

pytestmark = [pytest.mark.trained, pytest.mark.timeout(120)]

TEXT = "Tom Reyes quit the firm in May.\n\n'When he told me \"we are done,\" I believed him,' Jones said.\n"


def _suggested(trained) -> tuple[list[Span], list[Relation]]:
    out = suggest(trained(TEXT), schema_ner_map={"PERSON": "PERSON"}, origin="test")
    spans = [Span(s.key, 1, s.start, s.end, s.label, s.layer, Status.SUGGESTED, attrs=dict(s.attrs)) for s in out.spans]
    rels = [Relation(f"r{k}", 1, r.head, r.child, r.label, status=Status.SUGGESTED) for k, r in enumerate(out.relations)]
    return spans, rels


def test_both_quotes_show_as_rows_and_as_bars_of_their_own(qtbot, trained) -> None:
    spans, rels = _suggested(trained)
    quotes = {TEXT[s.start : s.end]: s.id for s in spans if s.label == "QUOTE"}
    outer, inner = quotes['When he told me "we are done," I believed him'], quotes["we are done"]
    assert len(quotes) == 2

    model = SpanListModel()
    model.set_state(ArticleState(Article(id=1, text=TEXT), spans, rels), default_schema())
    assert model.index_of(outer).isValid() and model.index_of(inner).isValid()

    v = ArticleView()
    qtbot.addWidget(v)
    v.resize(720, 400)
    v.set_schema(default_schema())
    v.set_article(Article(id=1, text=TEXT), spans, rels)
    v.show()
    qtbot.waitExposed(v)
    m = v._metrics  # noqa: SLF001
    (r_outer,), (r_inner,) = v.span_rects(outer), v.span_rects(inner)
    assert r_outer.left() < r_inner.left() < r_inner.right() < r_outer.right()
    top_outer = m.bar_top(r_outer.bottom(), v._slots[outer])  # noqa: SLF001
    top_inner = m.bar_top(r_inner.bottom(), v._slots[inner])  # noqa: SLF001
    assert abs(top_outer - top_inner) >= m.bar  # the two bars do not overlap
    v.set_selected_span(inner)
    arcs = v._selected_arcs()  # noqa: SLF001
    assert {a.relation.label for a in arcs} == {"SPEAKER", "CUE"}
    assert all(a.connector.points[0][1] == pytest.approx(top_inner + m.bar, abs=1.5) for a in arcs)
