"""Going back to a recently shown article (an undo of an edit made there) reads nothing from the
file, and a kept article never shows stale spans: edits, other windows' writes, imports and
pre-annotation stored meanwhile are all seen (annotator/ui/article_cache.py, issue 12)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from annotator.domain import commands
from annotator.domain.edits import Change, Edit
from annotator.domain.layout import IntervalIndex
from annotator.domain.model import Article, ArticleBundle, Span, Status, new_id
from annotator.domain.suggestions import SuggestedSpan, SuggestionSet
from annotator.storage.project import Project
from annotator.ui import span_list
from annotator.ui.article_cache import ArticleCache
from tests.ui.test_window_support import make_window, no_modals, wait_idle  # noqa: F401

pytestmark = pytest.mark.timeout(120)


def _key(span: Span) -> tuple[object, ...]:
    return span.start, span.end, span.label, span.status, tuple(sorted(span.attrs.items()))


def _in_file(path: Path, article_id: int) -> dict[str, tuple[object, ...]]:
    """The article's spans as another connection reads them from the file."""
    with Project.open(path, create=False) as other:
        return {s.id: _key(s) for s in other.spans(article_id)}


def _shown(window) -> dict[str, tuple[object, ...]]:  # noqa: ANN001
    """What the window shows: its state, its view and its span list must agree."""
    state = {i: _key(s) for i, s in window.state.spans.items()}
    view = {i: _key(s) for i, s in window.view._spans.items()}
    assert state == view
    model = window.span_list.model
    assert set(model._where) == {i for i, s in window.state.spans.items() if model._fate(s) == span_list._ROW}
    assert set(model._hidden) == {i for i, s in window.state.spans.items() if model._fate(s) == span_list._HIDDEN}  # ui10k
    return state


def _reads(window, monkeypatch) -> list[int]:  # noqa: ANN001
    """Article ids whose spans the window reads from the file from now on."""
    reads: list[int] = []
    real = window.project.spans

    def spans(article_id: int, **kwargs):  # noqa: ANN003
        reads.append(article_id)
        return real(article_id, **kwargs)

    monkeypatch.setattr(window.project, "spans", spans)
    return reads


def _window(make_window):  # noqa: ANN001
    window = make_window()
    wait_idle(window)  # pre-annotation of the sample articles done: no write behind the test
    ids = window.project.article_ids()
    return window, ids[0], ids[1]


def test_going_back_to_an_article_reads_nothing_and_shows_what_the_file_holds(make_window, monkeypatch) -> None:  # noqa: ANN001
    window, a, b = _window(make_window)
    window.open_article(a)
    window.open_article(b)
    reads = _reads(window, monkeypatch)
    window.open_article(a)
    assert reads == [] and window.state.article_id == a
    assert _shown(window) == _in_file(window.project.path, a)


def test_undo_and_redo_of_an_edit_in_another_article_use_the_kept_article(make_window, monkeypatch) -> None:  # noqa: ANN001
    window, a, b = _window(make_window)
    window.open_article(a)
    window.step_suggestion(1)
    accepted = window.selected_id
    window.accept_selected()
    assert window.state.spans[accepted].status == Status.ACCEPTED
    window.open_article(b)
    reads = _reads(window, monkeypatch)
    hits = window.session.articles.hits
    window.undo()  # opens a, where the accept was made
    assert window.state.article_id == a and reads == [] and window.session.articles.hits == hits + 1
    assert window.state.spans[accepted].status == Status.SUGGESTED
    assert _shown(window) == _in_file(window.project.path, a)
    window.open_article(b)
    window.redo()
    assert window.state.article_id == a and reads == []
    assert window.state.spans[accepted].status == Status.ACCEPTED
    assert _shown(window) == _in_file(window.project.path, a)


def _another_window_accepts(path: Path, article_id: int) -> str:
    with Project.open(path, create=False) as other:
        state = commands.records(other.spans(article_id), other.relations(article_id))
        span = next(s for s in state.spans.values() if s.status == Status.SUGGESTED)
        other.apply(commands.accept(state, span), by="other window")
        return span.id


def _preannotation_stores(path: Path, article_id: int) -> str:
    with Project.open(path, create=False) as other:
        text = other.article(article_id).text
        sset = SuggestionSet(origin="another pipeline 2.0")
        sset.add_span(SuggestedSpan("x", 0, text.index(" "), "NORP", "entity"))
        other.add_suggestions(article_id, sset)
    return ""


def _import_adds_spans(path: Path, article_id: int) -> str:
    """An import (or a merge) of the same text with spans: they join the existing article."""
    with Project.open(path, create=False) as other:
        text = other.article(article_id).text
        span = Span(id=new_id(), article_id=0, start=0, end=text.index(" "), label="MISC", layer="entity",
                    status=Status.ACCEPTED, origin="import")
        other.import_bundles([ArticleBundle(Article(id=None, text=text, title="again"), spans=[span])])
    return ""


@pytest.mark.parametrize("write", [_another_window_accepts, _preannotation_stores, _import_adds_spans],
                         ids=["another window", "pre-annotation", "import"])
def test_a_kept_article_changed_by_another_connection_is_read_again(make_window, write) -> None:  # noqa: ANN001
    window, a, b = _window(make_window)
    window.open_article(a)
    before = _shown(window)
    window.open_article(b)
    write(window.project.path, a)
    in_file = _in_file(window.project.path, a)
    assert in_file != before, "the write under test changed nothing"
    window.open_article(a)
    assert _shown(window) == in_file


def test_a_write_of_the_windows_own_connection_outside_the_edit_path_is_seen(make_window) -> None:  # noqa: ANN001
    """Pre-annotation stores through the window's own connection: the kept article is dropped."""
    window, a, b = _window(make_window)
    window.open_article(a)
    window.open_article(b)
    text = window.project.article(a).text
    sset = SuggestionSet(origin="in-window pipeline")
    sset.add_span(SuggestedSpan("y", 0, text.index(" "), "NORP", "entity"))
    window.project.add_suggestions(a, sset)
    window.open_article(a)
    assert _shown(window) == _in_file(window.project.path, a)


def test_an_edit_failing_in_another_window_edit_path_drops_the_kept_articles(project) -> None:  # noqa: ANN001
    """Qt-free: the cache's bracket around a write."""
    a, _ = project.add_article(Article(id=None, text="Lavrov spoke in Geneva.", title="a"))
    b, _ = project.add_article(Article(id=None, text="Blinken spoke in Paris.", title="b"))
    from annotator.domain.document import ArticleState

    cache = ArticleCache(size=2)
    read = lambda i: (lambda: ArticleState(project.article(i), project.spans(i), project.relations(i)))  # noqa: E731
    state_a = cache.load(project, a.id, read(a.id))
    state_b = cache.load(project, b.id, read(b.id))
    assert cache.load(project, a.id, read(a.id)) is state_a and cache.hits == 1
    span = Span(id=new_id(), article_id=a.id, start=0, end=6, label="PERSON", layer="entity", status=Status.ACCEPTED)
    with cache.writing(project, live=state_b) as stored:  # an edit of a, with b open
        stored(project.apply(Edit("add", (Change(None, span),))))
    assert span.id in state_a.spans and a.id in cache  # kept in step, not dropped
    assert cache.load(project, a.id, read(a.id)) is state_a
    with pytest.raises(RuntimeError):
        with cache.writing(project, live=state_a):
            raise RuntimeError("the write failed")
    assert a.id not in cache and b.id not in cache
    c, _ = project.add_article(Article(id=None, text="Nobody spoke.", title="c"))
    for i in (a.id, b.id, c.id):
        cache.load(project, i, read(i))
    assert a.id not in cache and b.id in cache and c.id in cache  # two kept, the oldest dropped


def test_the_text_on_screen_is_tokenised_while_idle_not_at_the_first_resize(make_window) -> None:  # noqa: ANN001
    window, a, _b = _window(make_window)
    window.open_article(a)
    QApplication.processEvents()
    tokens = window.view.token_index()
    assert tokens.blocks_tokenised >= 1 and window.view.stats["idle_preparations"] >= 1
    done = tokens.blocks_tokenised
    window.step_suggestion(1)
    window.move_edge("end", 1)
    assert tokens.blocks_tokenised == done
    assert window.state.token_index() is tokens  # one token cache for the view and the state


def test_going_back_skips_the_idle_tokenising_only_when_the_kept_widget_is_prepared(make_window) -> None:  # noqa: ANN001
    window, a, b = _window(make_window)
    view = window.view
    window.open_article(a)
    QApplication.processEvents()
    window.open_article(b)
    QApplication.processEvents()
    before = view.stats["idle_preparations"], view.stats["idle_skipped"]
    window.open_article(a)  # kept widget, same token index, at the top, laid out the same
    QApplication.processEvents()
    assert (view.stats["idle_preparations"], view.stats["idle_skipped"]) == (before[0], before[1] + 1)
    window.open_article(b)
    QApplication.processEvents()
    view._kept[a].canvas.prepared = None  # as if its preparation had not run (a timer not yet fired)
    done = view.stats["idle_preparations"]
    window.open_article(a)
    QApplication.processEvents()
    assert view.stats["idle_preparations"] == done + 1  # prepared again
    window.resize(window.width() - 120, window.height())  # another layout: the kept widget is prepared anew
    QApplication.processEvents()
    window.open_article(b)
    QApplication.processEvents()
    done = view.stats["idle_preparations"]
    window.open_article(a)
    QApplication.processEvents()
    assert view.stats["idle_preparations"] == done + 1


def test_an_article_open_fills_the_details_panel_once(make_window, monkeypatch) -> None:  # noqa: ANN001
    window, a, b = _window(make_window)
    window.open_article(a)
    sid = next(iter(window.state.spans))
    window.open_article(b)
    fills: list[object] = []
    real = window.details.show_span
    monkeypatch.setattr(window.details, "show_span", lambda span, **kw: (fills.append(span), real(span, **kw)))
    window.open_article(a, select=sid)
    assert [getattr(s, "id", s) for s in fills] == [sid]
    assert window.details.span() is not None and window.details.span().id == sid


def _drawn(view) -> dict[str, tuple[object, ...]]:  # noqa: ANN001
    """Each shown span's kind, slot, UTF-16 range and line geometry (measured now if not cached)."""
    return {sid: (sh.kind, view._slots.get(sid), sh.start16, sh.end16, [r.getRect() for r in view._doc_rects(sh)])
            for sid, sh in view._shown.items()}


def _rebuilt(window) -> dict[str, tuple[object, ...]]:  # noqa: ANN001
    """What the view draws when the open article is built from nothing."""
    view = window.view
    view._spans = dict(window.state.spans)
    view._index = IntervalIndex((s.id, s.start, s.end) for s in window.state.spans.values())
    view._rebuild_shown()  # new structures, no geometry: every line measured again
    return _drawn(view)


@pytest.mark.parametrize("meanwhile", ["nothing", "resize", "hide entities", "zoom"])
def test_a_kept_article_is_drawn_as_if_built_afresh(make_window, meanwhile) -> None:  # noqa: ANN001
    """The view keeps the span structures and line geometry of the articles left; going back
    (here an undo there) draws exactly what building the article from nothing draws, whatever
    changed meanwhile (window width, layers shown, zoom)."""
    window, a, b = _window(make_window)
    window.open_article(a)
    QApplication.processEvents()
    window.step_suggestion(1)
    window.accept_selected()
    _drawn(window.view)  # measured: the geometry is kept with the article
    window.open_article(b)
    QApplication.processEvents()
    kept_layout = window.view._kept[a].layout
    if meanwhile == "resize":
        window.resize(window.width() - 230, window.height())
    elif meanwhile == "hide entities":
        window.view.set_visible_layers(set(window.view._layers) - {"entity"})
    elif meanwhile == "zoom":
        window.view.zoom_in()
    QApplication.processEvents()
    assert (kept_layout[:4] == window.view._layout_key()[:4]) == (meanwhile in ("nothing", "hide entities"))
    restores = window.view.stats["kept_restores"]
    window.undo()  # back in a, the accept undone
    QApplication.processEvents()
    assert window.state.article_id == a
    if meanwhile in ("nothing", "resize", "zoom"):
        assert window.view.stats["kept_restores"] == restores + 1  # kept, brought in step with the undo
    if meanwhile == "hide entities":
        assert not any(sh.span.layer == "entity" for sh in window.view._shown.values())
    drawn = _drawn(window.view)
    assert drawn or meanwhile == "hide entities"  # the sample articles' spans are all entities
    assert drawn == _rebuilt(window)


def test_going_back_shows_the_kept_text_widget_with_the_keys_on_it(make_window) -> None:  # noqa: ANN001
    """The text widget of an article left stays (hidden) with its laid-out document; going back
    shows it again, focused, without a text selection left there, and the keys act on it."""
    window, a, b = _window(make_window)
    window.open_article(a)
    QApplication.processEvents()
    canvas_a = window.view.text_widget()
    window.view.set_selection(0, 5)  # a text selection, left behind
    window.open_article(b)
    QApplication.processEvents()
    assert window.view.text_widget() is not canvas_a and not canvas_a.isVisible()
    documents = window.view.stats["kept_documents"]
    window.open_article(a)
    QApplication.processEvents()
    canvas = window.view.text_widget()
    assert canvas is canvas_a and canvas.isVisible() and window.view.stats["kept_documents"] == documents + 1
    assert canvas.hasFocus() and window.view.selected_range() is None
    assert canvas.toPlainText().replace("\u25cc", "\ufeff") == window.state.text.replace("\r\n", " \n")
    window.step_suggestion(1)  # Tab: review goes on in the article shown
    assert window.selected_id is not None and window.state.spans[window.selected_id].status == Status.SUGGESTED
    assert window.view.handle_target() is not None
