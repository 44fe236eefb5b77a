"""Moving between articles: open one (new articles are marked in progress), the next / previous
in the list, mark done and open the next not done, and keep the article list in step."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from annotator.domain import commands
from annotator.domain.document import ArticleState
from annotator.domain.errors import AnnotatorError
from annotator.domain.model import ArticleStatus
from annotator.storage.rows import unreadable_note
from annotator.ui.editing import EditPath

if TYPE_CHECKING:
    from annotator.ui.window import MainWindow

_FINISHED = (ArticleStatus.DONE, ArticleStatus.REVIEWED)


class ArticleNavigator:
    def __init__(self, window: MainWindow, edits: EditPath) -> None:
        self._window = window
        self._edits = edits

    def open_article(self, article_id: int, *, select: str | None = None) -> None:
        w = self._window
        article = w.project.article(article_id)
        if article.status == ArticleStatus.NEW and not w.project.read_only:  # no write tried on a read-only file
            try:
                stamped = w.project.set_article_status(article_id, ArticleStatus.IN_PROGRESS, by=w.analyst(ask=False))
                article = stamped.changes[0].after  # type: ignore[assignment]
            except (AnnotatorError, sqlite3.Error) as exc:
                w.statusBar().showMessage(f"Could not mark the article in progress: {exc}", 8000)
        spans = w.project.spans(article_id)
        relations = w.project.relations(article_id)
        w.state = ArticleState(article, spans, relations, stances=w.project.stances(article_id), tags=w.project.tags(article_id))
        w.selected_id = None
        w.review_anchor = None
        w.view.set_article(article, spans, relations)
        w.span_list.set_state(w.state, w.schema)
        w.article_annotations.refresh(completions=True)
        summary = w.article_list.model.summary(article_id)
        if summary is not None:
            w.article_list.model.update_summary(article_id, status=article.status, pending=w.state.pending_count())
        w.article_list.set_current(article_id)
        if w.worker is not None:
            w.worker.prioritize(article_id)
        w.select_span(select if select in w.state.spans else None)
        w.update_saved()
        damaged = unreadable_note([article, *spans, *relations, *w.state.stances.values()])
        if damaged is not None:  # a damaged row still opens; say which field could not be read
            w.statusBar().showMessage(damaged)
        w.view.setFocus()
        w.articleOpened.emit(article_id)

    def first_open_article(self) -> int | None:
        """The first article (in list order) not marked done; else the first article."""
        project = self._window.project
        ids = project.article_ids()
        done = set(project.article_ids(status=ArticleStatus.DONE)) | set(project.article_ids(status=ArticleStatus.REVIEWED))
        return next((i for i in ids if i not in done), ids[0] if ids else None)

    def refresh_article_list(self) -> None:
        w = self._window
        rows = w.project.articles(status=w.article_list.status(), query=w.article_list.query())
        current = w.state.article_id if w.state else None
        w.article_list.set_rows(rows, current, w.project.count_articles())

    def show_empty(self) -> None:
        w = self._window
        w.statusBar().showMessage("No articles yet: add some with File → Import… (text files, JSONL, CSV or brat)")
        w.span_list.set_state(None, w.schema)
        w.details.show_span(None)
        w.article_panel.clear()
        w.update_saved()

    def step_article(self, step: int) -> None:
        w = self._window
        current = w.state.article_id if w.state else None
        target = w.article_list.neighbour(current, step)
        if target is None:
            w.statusBar().showMessage("No more articles in the list" if step > 0 else "This is the first article", 4000)
            return
        self.open_article(target)

    def mark_done_and_next(self) -> None:
        w = self._window
        if w.state is None:
            return
        current = w.state.article_id
        pending = w.state.pending_count()
        if w.state.article.status not in _FINISHED:
            if not self._edits.push(commands.set_article_status(w.state.article, ArticleStatus.DONE)):
                return
        left = f" with {pending} suggestion{'s' if pending != 1 else ''} still pending (Ctrl+Z to take it back)" if pending else ""
        target = self._next_not_done(current)
        if target is None:
            w.statusBar().showMessage(f"Marked done{left}. Every article in the list is done", 8000)
            return
        self.open_article(target)
        w.statusBar().showMessage(f"Marked done{left}; opened the next article", 6000)

    def set_status(self, status: ArticleStatus) -> None:
        """Give the open article a status (reviewed, back to in progress) as one undoable edit."""
        w = self._window
        if w.state is None or w.state.article.status == status:
            return
        if self._edits.push(commands.set_article_status(w.state.article, status)):
            w.statusBar().showMessage(f"Article marked {status.value.replace('_', ' ')} (Ctrl+Z to take it back)", 5000)

    def _next_not_done(self, current: int) -> int | None:
        model = self._window.article_list.model
        ids = model.ids()
        if current in ids:
            i = ids.index(current)
            ids = ids[i + 1:] + ids[:i]
        for article_id in ids:
            summary = model.summary(article_id)
            if summary is not None and summary.status not in _FINISHED:
                return article_id
        return None
