"""Issue 10 "one quote, one reading" (usertest16 M4, readings17): a suggested quote inside another
one's words with its own speaker and cue ("to apologize for suggesting Smith takes bribes" /
"Smith takes bribes") showed as a second row and a second bar like any other quote, so the
analyst could not tell it from two readings of one stretch. Its pre-annotation stores
``nested_in`` (the outer quote's offsets, :func:`annotator.nlp.quotes.add_quotes`); the span
list's row says "nested in «…»" and the details panel shows it read-only."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.domain.model import Article, ArticleBundle, Span, Status
from annotator.storage.project import Project
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401

TEXT = "Miller calls on Brown to apologize for suggesting Smith takes bribes, a report said."


def _at(sub: str) -> tuple[int, int]:
    start = TEXT.index(sub)
    return start, start + len(sub)


def _opened(make_window, tmp_path, outer_status: Status):  # noqa: ANN001, ANN202
    """A window on one article: the outer quote "to apologize for suggesting …" (``outer_status``)
    and a suggested quote nested in it; (window, project, article id)."""
    outer = _at("to apologize for suggesting Smith takes bribes")
    spans = [Span("q1", 0, *outer, "QUOTE", "quote", status=outer_status, attrs={"kind": "indirect"}),
             Span("q2", 0, *_at("Smith takes bribes"), "QUOTE", "quote", status=Status.SUGGESTED,
                  attrs={"kind": "indirect", "nested_in": f"{outer[0]}-{outer[1]}"})]
    project = Project.open(tmp_path / "q.db")
    project.import_bundles([ArticleBundle(Article(None, TEXT, title="nested"), spans=spans)])
    window = make_window(project)
    (aid,) = project.article_ids()
    window.open_article(aid)
    return window, project, aid


def test_a_nested_quote_row_says_what_it_is_nested_in(make_window, tmp_path) -> None:  # noqa: ANN001, F811
    window, project, aid = _opened(make_window, tmp_path, Status.SUGGESTED)
    model = window.span_list.model
    rows = [str(model.index(r).data()) for r in range(model.rowCount())]
    inner = next(r for r in rows if r.startswith("QUOTE  Smith takes bribes"))
    assert inner.endswith("(nested in «to apologize for suggesting S…»)"), rows
    outer_row = next(r for r in rows if r.startswith("QUOTE  to apologize"))
    assert "nested" not in outer_row
    k = rows.index(inner)
    tip = str(model.index(k).data(Qt.ItemDataRole.ToolTipRole))
    assert tip.endswith("nested in «to apologize for suggesting Smith takes bribes»"), tip


def _rows(window) -> list[str]:  # noqa: ANN001
    model = window.span_list.model
    return [str(model.index(r).data()) for r in range(model.rowCount())]


def test_the_nested_marker_follows_the_outer_quote_resized_or_deleted_one_undo_each(make_window, tmp_path) -> None:  # noqa: ANN001, F811
    """ui18: resizing or deleting the outer quote left the inner row "(nested in «to apologize…»)"
    naming words no longer a quote; now the marker follows in the same undoable edit."""
    window, project, aid = _opened(make_window, tmp_path, Status.ACCEPTED)
    outer = _at("to apologize for suggesting Smith takes bribes")
    shorter = _at("apologize for suggesting Smith takes bribes")
    assert window.review.resize_span("q1", *shorter)
    inner = next(r for r in _rows(window) if r.startswith("QUOTE  Smith takes bribes"))
    assert inner.endswith("(nested in «apologize for suggesting Smit…»)"), inner
    stored = {s.id: s for s in project.spans(aid)}  # committed with the resize
    assert stored["q2"].attrs["nested_in"] == f"{shorter[0]}-{shorter[1]}"
    window.session.select("q1")
    window.delete_selected()
    inner = next(r for r in _rows(window) if r.startswith("QUOTE  Smith takes bribes"))
    assert "nested" not in inner, inner
    window.undo_stack.undo()  # the delete, marker and all
    assert {s.id: s for s in project.spans(aid)}["q2"].attrs["nested_in"] == f"{shorter[0]}-{shorter[1]}"
    window.undo_stack.undo()  # the resize, marker and all
    assert {s.id: s for s in project.spans(aid)}["q2"].attrs["nested_in"] == f"{outer[0]}-{outer[1]}"
    inner = next(r for r in _rows(window) if r.startswith("QUOTE  Smith takes bribes"))
    assert inner.endswith("(nested in «to apologize for suggesting S…»)"), inner
