"""Property: after any analyst edits, re-importing the original file (or suggesting the same spans
again) changes nothing — every incoming span either is there or was decided otherwise."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.domain import commands
from annotator.domain.model import Article, ArticleBundle, Span, Status
from annotator.domain.suggestions import SuggestedSpan, SuggestionSet
from annotator.storage.project import Project

TEXT = "The board will act on the plan soon, the chair said on Monday in Paris."
WORDS = [(m, m + len(w)) for w, m in ((w, TEXT.index(w)) for w in ("board", "act", "plan", "chair", "Monday", "Paris"))]
LABELS = ("PERSON", "ORG", "CLAIM")

span_keys = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(LABELS)), min_size=1, max_size=6, unique=True)
edits = st.lists(st.tuples(st.integers(0, 5), st.sampled_from(["delete", "grow", "relabel", "reject", "accept"])), max_size=6)


def _state(project: Project, article_id: int) -> list[tuple[int, int, str, Status]]:
    return sorted((s.start, s.end, s.label, s.status) for s in project.spans(article_id))


def _edit(project: Project, article_id: int, pick: int, what: str) -> None:
    spans = project.spans(article_id)
    if not spans:
        return
    span = spans[pick % len(spans)]
    taken = {s.key for s in spans}
    ctx = commands.records(spans, project.relations(article_id))
    if what == "delete":
        edit = commands.delete_span(ctx, span)
    elif what == "grow" and span.end + 1 <= len(TEXT) and (span.start, span.end + 1, span.label) not in taken:
        edit = commands.resize(ctx, span, span.start, span.end + 1)
    elif what == "relabel" and (free := [x for x in LABELS if (span.start, span.end, x) not in taken]):
        edit = commands.relabel(ctx, span, free[0], "other")
    elif what == "reject":
        edit = commands.reject(ctx, span)
    elif what == "accept":
        edit = commands.accept(ctx, span)
    else:
        return
    project.apply(edit, by="ana")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(keys=span_keys, plan=edits)
def test_reimport_and_resuggest_after_any_edits_change_nothing(keys, plan) -> None:  # noqa: ANN001
    with tempfile.TemporaryDirectory() as folder:
        with Project.open(Path(folder) / "p.db") as project:
            def bundle() -> ArticleBundle:
                return ArticleBundle(Article(None, TEXT), spans=[
                    Span(id=f"s{n}", article_id=0, start=s, end=e, label=label, layer="other") for n, ((s, e), label) in enumerate(keys)])

            [article_id] = project.import_bundles([bundle()]).article_ids
            for pick, what in plan:
                _edit(project, article_id, pick, what)
            after_edits = _state(project, article_id)

            result = project.import_bundles([bundle()])
            assert _state(project, article_id) == after_edits
            assert result.spans == 0
            assert sum(result.merged.values()) + sum(result.decided.values()) == len(keys)

            sset = SuggestionSet(origin="rules 1")
            for n, ((s, e), label) in enumerate(keys):
                sset.add_span(SuggestedSpan(f"k{n}", s, e, label, "other"))
            assert project.add_suggestions(article_id, sset) == 0
            assert _state(project, article_id) == after_edits
