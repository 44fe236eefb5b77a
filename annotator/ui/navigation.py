"""Moving between articles: open one (new articles are marked in progress), the next / previous
in the list, mark done and open the next not done, and keep the article list in step."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Callable, Iterable
from typing import Any, Protocol

from annotator.domain import commands
from annotator.domain.attributions import suggestions_said
from annotator.domain.document import ArticleState
from annotator.domain.errors import AnnotatorError
from annotator.domain.model import ArticleStatus
from annotator.storage.rows import unreadable_note
from annotator.storage.search import pending_articles
from annotator.ui.article_list import ArticleListPanel
from annotator.ui.article_panel import ArticlePanel
from annotator.ui.article_view import ArticleView
from annotator.ui.details_panel import DetailsPanel
from annotator.ui.editing import EditPath
from annotator.ui.glyphs import boxes_said
from annotator.ui.index_catch_up import IndexCatchUp
from annotator.ui.session import Session
from annotator.ui.span_list import SpanListPanel

_FINISHED = (ArticleStatus.DONE, ArticleStatus.REVIEWED)
#: the project setting holding the id of the article open when the project was last closed
LAST_ARTICLE = "last_article"
#: ms the place's write waits for another writer (a running import's transaction) before it is
#: given up: a close must not wait the edits' 5 s for a convenience
PLACE_WAIT_MS = 100


class ArticleAnnotationsLike(Protocol):
    def refresh(self, *, completions: bool = False) -> None: ...


class Panels(Protocol):
    """The widgets an opened article is shown in (the window has them)."""

    view: ArticleView
    span_list: SpanListPanel
    article_list: ArticleListPanel
    details: DetailsPanel
    article_panel: ArticlePanel
    article_annotations: ArticleAnnotationsLike

    @property
    def worker(self) -> Any: ...  # the running pre-annotation, told which article comes first

    def update_saved(self) -> None: ...


class ArticleNavigator:
    """Opens articles into the ``session`` and shows them in ``panels``; status edits go through ``edits``."""

    def __init__(self, session: Session, panels: Panels, edits: EditPath) -> None:
        self._session = session
        self._panels = panels
        self._edits = edits
        self._damaged: dict[int, str] = {}  # article id -> what of it could not be read, when it was read
        # then -> True when a full-text filter must wait for the index's catch-up, which runs then()
        # when it ends (the window's IndexCatchUp.when_indexed, issue 12 import12e); False: query now
        self.must_wait_for_index: Callable[[Callable[[], None]], bool] = lambda _then: False
        self._list_waits_for_index = False  # the list's count label says "Indexing N imported articles…"

    def open_article(self, article_id: int, *, select: str | None = None) -> None:
        """Show ``article_id`` with ``select`` selected if it is one of its spans. Showing writes
        nothing: a NEW article stays new until its first edit (``Project.starting_work`` moves it
        to in progress in that edit, one undo step) or an explicit status mark — paging through 131
        articles with PgDown marked each in progress (usertest12 LOW-2). A recently shown article
        comes from the session's :class:`~annotator.ui.article_cache.ArticleCache` while the file
        is unchanged since (an undo of an edit made there, going back); reopening the open article
        reads the file."""
        s, p = self._session, self._panels
        reload = s.state is not None and s.state.article_id == article_id
        state = s.articles.load(s.project, article_id, lambda: self._read(article_id), fresh=reload)
        article = state.article
        spans, relations = list(state.spans.values()), list(state.relations.values())
        s.open_state(state)
        p.view.set_article(article, spans, relations, tokens=state.token_index() if state.has_tokens() else None)
        if not state.has_tokens():
            state.set_tokens(p.view.token_index())  # one token cache per text: blocks tokenised once, kept with the state
        p.span_list.set_state(state, s.schema)
        p.article_annotations.refresh(completions=True)
        if p.article_list.model.row_of(article_id) is not None:
            p.article_list.model.update_summary(article_id, status=article.status, pending=state.pending_count())
        p.article_list.set_current(article_id)
        if p.worker is not None:
            p.worker.prioritize(article_id)
        s.select(select if select in state.spans else None)
        p.update_saved()
        boxes = p.view.undrawable_offsets()
        if boxes:  # usertest10g: an empty box read as damaged text; say what it is (its tooltip names it)
            s.say(boxes_said(article.text, boxes), 15000)
        damaged = self._damaged.get(article_id)
        if damaged is not None:  # a damaged row still opens; say which field could not be read
            s.say(damaged)
        p.view.setFocus()
        s.articleOpened.emit(article_id)

    def _read(self, article_id: int) -> ArticleState:
        """The article's state as the file holds it; notes which fields of it could not be read."""
        project = self._session.project
        article = project.article(article_id)
        spans = project.spans(article_id)
        relations = project.relations(article_id)
        state = ArticleState(article, spans, relations, stances=project.stances(article_id), tags=project.tags(article_id))
        damaged = unreadable_note([article, *spans, *relations, *state.stances.values()])
        if damaged is None:
            self._damaged.pop(article_id, None)
        else:
            self._damaged[article_id] = damaged
        return state

    def reopened_article(self) -> int | None:
        """The article to show when the project opens: the one open when it was last closed (the
        project file's ``last_article`` setting, :meth:`remember_place`; usertest24p L5, at 50,000
        articles a reopen landed on article 1, not 47,551 where the analyst was) while it is still
        there and listed; else :meth:`first_open_article`. A setting that is no id is ignored."""
        stored = self._session.project.get_setting(LAST_ARTICLE) or ""
        article_id = int(stored) if stored.strip().isdigit() else None
        if article_id is not None and self._panels.article_list.model.row_of(article_id) is not None:
            return article_id
        return self.first_open_article()

    def remember_place(self) -> None:
        """Store the open article's id in the project file (its ``project`` table, so it travels
        with the file, unlike QSettings), for :meth:`reopened_article`. Called as the project is
        closed or left; nothing for a read-only file, and a write that fails, or finds another
        writer for :data:`PLACE_WAIT_MS`, is passed over: the place is a convenience, never worth
        stopping or slowing a close for."""
        s = self._session
        project = getattr(s, "project", None)
        if project is None or s.state is None or project.read_only:
            return
        article_id = str(s.state.article_id)
        previous = project.write_wait_ms
        project.write_wait_ms = PLACE_WAIT_MS  # an import or export writing now: the close does not wait for it
        try:
            if project.get_setting(LAST_ARTICLE) != article_id:
                project.set_setting(LAST_ARTICLE, article_id)
        except (AnnotatorError, sqlite3.Error):
            pass
        finally:
            project.write_wait_ms = previous

    def first_open_article(self) -> int | None:
        """The first article (in list order) not marked done; else the first article."""
        project = self._session.project
        first = project.first_article_id(skip=_FINISHED)  # one index walk, not three id lists (issue 12)
        return first if first is not None else project.first_article_id()

    def refresh_article_list(self) -> None:
        """Re-read which articles the list shows (filters, order): ids and statuses only; each
        row's summary is read when it is painted."""
        s, article_list = self._session, self._panels.article_list
        status, query = article_list.status(), article_list.query()
        current = s.state.article_id if s.state else None
        unfiltered = status is None and not query.strip()
        if s.project.reads_full_text(query) and self.must_wait_for_index(self.refresh_article_list):
            # not on this thread: the catch-up of an import's articles (1.2–1.7 s at 10,000); the
            # list says so and is filtered when it ends (issue 12, import12e)
            article_list.set_article_ids([], s.project.article_summaries, current, s.project.count_articles())
            waiting = IndexCatchUp.waiting_text(pending_articles(s.project.db.conn))
            article_list.count_label.setText(waiting)
            self._list_waits_for_index = True
            s.say(f"{waiting} The filter shows its articles when that ends.", 8000)
            return
        self._list_waits_for_index = False
        if status is None and article_list.order_mode() != "uncertain":
            # ids only (a row's status comes with its summary): the window's open and a common
            # word's filter list most of the project (issue 12)
            ids = s.project.article_list_ids(query=query)
            total = len(ids) if unfiltered else s.project.count_articles()  # no second scan when all are listed
            article_list.set_article_ids(ids, s.project.article_summaries, current, total)
            return
        # statuses where the filter or the order needs them all
        rows = s.project.article_list_rows(status=status, query=query, statuses=article_list.order_mode() == "uncertain")
        total = len(rows) if unfiltered else s.project.count_articles()
        article_list.set_articles(rows, s.project.article_summaries, current, total)

    def show_index_progress(self, left: int) -> None:
        """A step of the full-text catch-up ended with ``left`` articles still to index: the list
        waiting for it counts down (fix28, usertest26 M1: the number stood still for 8–32 s)."""
        if self._list_waits_for_index and left > 0:
            self._panels.article_list.count_label.setText(IndexCatchUp.waiting_text(left))

    def refresh_article_rows(self, article_ids: Iterable[int]) -> None:
        """Re-read the list rows of ``article_ids`` after an edit of theirs (an undo in another
        article, a rename across articles): the rest of the list, its filter and order stay."""
        self._panels.article_list.model.refresh_ids(article_ids)

    def follow_outside_writes(self, article_ids: list[int], gold_ids: list[int]) -> bool:
        """Another program (a merge, an import, ``annotator curate``, another window) wrote
        ``article_ids`` (``gold_ids`` of them: their gold layer or article row, what this view
        shows): re-read those list rows only (issue 12: never the whole list), add articles new to
        an unfiltered list at its end (a filtered one runs its filter again: an article may now
        match it), and reload the open article when its gold changed, the selection kept where it
        still exists. Returns whether the open article was reloaded (fix11j, issue 11 #2)."""
        s, article_list = self._session, self._panels.article_list
        model = article_list.model
        model.refresh_written(article_ids)
        missing = [a for a in article_ids if model.row_of(a) is None]
        if missing:
            exist = [summary.id for summary in s.project.article_summaries(missing)]  # those still in the file
            if exist:
                unfiltered = article_list.status() is None and not article_list.query().strip() \
                    and article_list.order_mode() != "uncertain"
                if unfiltered:
                    article_list.append_articles(sorted(exist), s.project.count_articles())
                else:
                    self.refresh_article_list()
        state = s.state
        if state is None or state.article_id not in gold_ids:
            return False
        selected = s.selected_id
        try:
            still = {sp.id for sp in s.project.spans(state.article_id)}
        except (AnnotatorError, sqlite3.Error):
            return False
        self.open_article(state.article_id, select=selected if selected in still else None)
        return True

    def show_empty(self) -> None:
        p = self._panels
        self._session.say("No articles yet: add some with File → Import… (text files, JSONL, CSV or brat)")
        p.span_list.set_state(None, self._session.schema)
        p.details.show_span(None)
        p.article_panel.clear()
        p.update_saved()

    def step_article(self, step: int) -> None:
        w = self._session
        current = w.state.article_id if w.state else None
        target = self._panels.article_list.neighbour(current, step)
        if target is None:
            w.say("No more articles in the list" if step > 0 else "This is the first article", 4000)
            return
        self.open_article(target)

    def mark_done_and_next(self, description: str = "") -> None:
        """Mark the open article done (``description``: the change log's action, when not the
        usual one) and open the next one not done."""
        w = self._session
        if w.state is None:
            return
        current = w.state.article_id
        # fix11v: the suggestions as every count says them (an interrupted quote once, its spans beside)
        pending = (w.state.pending_count(), len(w.state.pending()))
        if w.state.article.status not in _FINISHED:
            edit = commands.set_article_status(w.state.article, ArticleStatus.DONE)
            if description:  # fix11f: a team article marked done over undecided units says so in the log
                edit = dataclasses.replace(edit, description=description)
            if not self._edits.push(edit):
                return
        left = f" with {suggestions_said(pending)} still pending (Ctrl+Z to take it back)" if pending[1] else ""
        target = self._next_not_done(current)
        if target is None:
            w.say(f"Marked done{left}. Every article in the list is done", 8000)
            return
        self.open_article(target)
        w.say(f"Marked done{left}; opened the next article", 6000)

    def set_status(self, status: ArticleStatus, description: str = "") -> None:
        """Give the open article a status (reviewed, back to in progress) as one undoable edit
        (``description``: the change log's action, when not the usual one)."""
        w = self._session
        if w.state is None or w.state.article.status == status:
            return
        edit = commands.set_article_status(w.state.article, status)
        if description:  # fix11f: marked over undecided analysts' units, said in the log
            edit = dataclasses.replace(edit, description=description)
        if self._edits.push(edit):
            w.say(f"Article marked {status.value.replace('_', ' ')} (Ctrl+Z to take it back)", 5000)

    def _next_not_done(self, current: int) -> int | None:
        model = self._panels.article_list.model
        ids = model.ids()
        row = model.row_of(current)  # an index, not a scan of the list
        if row is not None:
            ids = ids[row + 1:] + ids[:row]
        for article_id in ids:
            status = model.status_of(article_id)  # held for every row: no summary read per row
            if status is not None and status not in _FINISHED:
                return article_id
        return None
