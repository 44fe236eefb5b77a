"""The CoNLL export makes the blocks of many articles at once (issue 12, conll._blocks): the text
is each article's own block (conll.article_text, one article at a time) and the report the same,
whatever the articles hold: entities splitting tokens, overlaps, line breaks, empty and
whitespace-only texts, leading punctuation, other layers and statuses."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.domain.model import Article, Span, Status
from annotator.formats import conll, token_store
from annotator.formats.common import ExportReport, ReviewedBundle

PIECES = list("aZ9 .,'\"-!?:;()\n\t\r\u00a0\u2019😄𝔘北\u2029") + ["n't", "U.S.", "Dr.", "  ", " \n", "'s", "Ana Ruiz", "…", "。"]
TEXTS = st.lists(st.sampled_from(PIECES), min_size=0, max_size=25).map("".join)
LAYERS = [("entity", "PERSON"), ("entity", "ORG"), ("entity", "NEW ORG"), ("quote", "QUOTE")]


@st.composite
def articles(draw: st.DrawFn, article_id: int) -> ReviewedBundle:
    text = draw(TEXTS)
    spans = []
    if text:
        for n in range(draw(st.integers(0, 5))):
            start = draw(st.integers(0, len(text) - 1))
            end = draw(st.integers(start + 1, len(text)))
            layer, label = draw(st.sampled_from(LAYERS))
            spans.append(Span(id=f"{article_id}-{n}", article_id=article_id, start=start, end=end, label=label, layer=layer,
                              status=draw(st.sampled_from(list(Status))), attrs=draw(st.sampled_from([{}, {"kind": "x"}]))))
    stored = draw(st.booleans())  # tokens given (as stored) or made by the writer
    return ReviewedBundle(Article(id=article_id, text=text), spans=spans, tokens=token_store.tokenize(text) if stored else None)


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 9).flatmap(lambda n: st.tuples(*(articles(i + 1) for i in range(n)))))
def test_a_batch_is_each_articles_own_block(bundles: tuple[ReviewedBundle, ...]) -> None:
    one_by_one = ExportReport()
    want = []
    for bundle in bundles:
        want.append(conll.article_text(bundle, one_by_one))
        one_by_one.articles += 1
        one_by_one.leave_out(conll.FIELDS)
    out = io.StringIO()
    report = conll.write(bundles, out)
    assert out.getvalue() == "".join(want)
    assert (report.articles, report.spans) == (one_by_one.articles, one_by_one.spans)
    assert list(report.left_out.items()) == list(one_by_one.left_out.items())


def test_batches_of_a_long_export_join_up(monkeypatch) -> None:
    """More articles than one batch: the blocks come in article order across batches."""
    monkeypatch.setattr(conll, "BATCH", 3)
    bundles = [ReviewedBundle(Article(id=i, text=f"Ana Ruiz said {i} things. Then she left.\n\nEnd {i}."),
                              spans=[Span(id=f"s{i}", article_id=i, start=0, end=8, label="PERSON", layer="entity")])
               for i in range(1, 9)]
    out = io.StringIO()
    conll.write(bundles, out)
    assert out.getvalue() == "".join(conll.article_text(b, ExportReport()) for b in bundles)
    assert out.getvalue().count(conll.DOCSTART) == 8
