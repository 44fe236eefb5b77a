"""The one path for an edit: push it onto the undo stack, write it, show what changed.

:class:`EditCommand` calls back into :class:`EditPath` (its :class:`~annotator.ui.undo.EditTarget`):
redo writes the edit to the project file (one transaction, committed before the next key is
handled) and hands the stored edit to :class:`ArticleState`, which says what changed; the view
repaints and the panels update only that. Undo works across articles: undoing an edit made in
another article opens that article.

When another program holds the project file (an ``annotator import`` running, say), an edit waits
:data:`WINDOW_WAIT_MS` for it and then, rather than freeze the window or be lost, is *queued*: a
non-modal notice says so, the edit is retried every :data:`RETRY_MS` and written — in order, with
the edits made meanwhile — as soon as the file is free. Until then it is not on the undo stack and
not shown: the window never shows an edit done before it is committed.
"""

from __future__ import annotations

import collections
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QEvent, QObject, QTimer, SignalInstance
from PySide6.QtWidgets import QMessageBox, QWidget

from annotator.domain.document import StateChange
from annotator.domain.edits import Edit
from annotator.domain.errors import EditConflict
from annotator.domain.list_entries import TagEntry, TargetEntry
from annotator.domain.model import Article, Relation, Span
from annotator.domain.words import plural_verb
from annotator.storage.project import Project
from annotator.storage.transactions import ProjectBusy, is_busy
from annotator.ui.article_list import ArticleListPanel
from annotator.ui.article_view import ArticleView
from annotator.ui.bars import InfoBar
from annotator.ui.edit_errors import describe_error, waiting_notice
from annotator.ui.session import Session
from annotator.ui.span_list import SpanListPanel
from annotator.ui.undo import EditCommand

# How long a window edit waits for another writer before it is queued (ms): a window edit or a
# pre-annotated article of another program takes a few ms, so this is not noticed when they
# interleave; a long write (an import) would freeze the window, so past it the edit waits queued.
WINDOW_WAIT_MS = 250
# How often a queued edit is retried (ms).
RETRY_MS = 400
# At closing time the window waits this long for the file before it keeps itself open (ms).
CLOSE_WAIT_MS = 5_000
BUSY_TOPIC = "busy"
# Said when an edit or a key found the open article changed in the file (another window).
RELOADED_NOTICE = "Changed in another window — reloaded; press the key again"


class AnnotationsView(Protocol):
    def refresh(self, *, completions: bool = False) -> None: ...


class EditHost(Protocol):
    """What the edit path shows a stored edit in: the window's panels and its article switching.
    It is a QWidget (message boxes are its children; its closing flushes queued edits)."""

    view: ArticleView
    span_list: SpanListPanel
    article_list: ArticleListPanel
    article_annotations: AnnotationsView
    info_bar: InfoBar
    editSaved: SignalInstance
    editShown: SignalInstance  # the stored Edit itself (done, undone or redone): what follows the project's lists

    def open_article(self, article_id: int, *, select: str | None = None) -> None: ...

    def refresh_article_list(self) -> None: ...

    def refresh_details(self) -> None: ...

    def note_saved(self) -> None: ...

    def update_saved(self) -> None: ...

    def installEventFilter(self, watched: QObject) -> None: ...  # noqa: N802


class EditPath(QObject):
    """The edit path of one ``session`` shown in ``host`` (see the module docstring)."""

    def __init__(self, session: Session, host: EditHost) -> None:
        super().__init__(session)
        self._session = session
        self._host = host
        self._stack_error: Exception | None = None
        self._waiting: collections.deque[tuple[Path, Edit]] = collections.deque()  # (project file, edit), in order
        self._flushing = False  # writing queued edits: do not jump to their article
        self._wait_ms = WINDOW_WAIT_MS  # how long a write waits for another writer
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(RETRY_MS)
        self._retry.timeout.connect(self.flush)
        host.installEventFilter(self)  # a window closing with edits waiting first tries to save them
        # The window's other writes (marking an article in progress, its pre-annotation) wait as
        # briefly and report in the status bar rather than freeze the window for BUSY_TIMEOUT_MS.
        session.project.write_wait_ms = WINDOW_WAIT_MS

    @property
    def waiting(self) -> int:
        """How many edits are queued, waiting for the project file to be free."""
        return len(self._waiting)

    def push(self, edit: Edit) -> bool:
        """Write ``edit`` as one undo step. False when it is not saved (yet): a message says why,
        or a notice that it waits for the busy file and will be saved in order."""
        if not edit:
            return False
        self._session.analyst()  # asks once, before the first edit
        if self._waiting:  # behind the edits already waiting: they are written in the order made
            self._wait(edit)
            return False
        error = self._write(edit)
        if error is None:
            return True
        if is_busy(error):
            self._wait(edit)
        else:
            self.report_error(error)
        return False

    def _write(self, edit: Edit) -> Exception | None:
        command = EditCommand(edit, self)
        self._session.undo_stack.push(command)
        return command.error

    def _project(self) -> Project:
        project = self._session.project
        project.write_wait_ms = self._wait_ms
        return project

    # ------------------------------------------------------------ waiting for a busy file

    def _wait(self, edit: Edit) -> None:
        self._waiting.append((self._session.project.path, edit))
        self._show_waiting(edit.description)
        if not self._retry.isActive():
            self._retry.start()

    def _show_waiting(self, latest: str) -> None:
        session = self._session
        text = waiting_notice(session.project.path, len(self._waiting), latest)
        session.show_notice(text, topic=BUSY_TOPIC)
        session.say(f"Waiting for {session.project.path.name}: {len(self._waiting)} edits not saved yet", RETRY_MS * 3)

    def flush(self) -> bool:
        """Write the queued edits in order; True when none is left waiting. An edit the file has
        since made stale is a conflict, nothing of it written: the article is reloaded and the
        notice says which (other errors get the usual message box)."""
        saved = 0
        refused: list[str] = []  # queued edits the file made stale meanwhile (conflicts)
        while self._waiting:
            path, edit = self._waiting[0]
            self._flushing = True
            try:
                error = self._write(edit) if path == self._session.project.path else self._write_elsewhere(path, edit)
            finally:
                self._flushing = False
            if error is not None and is_busy(error):
                self._show_waiting(self._waiting[-1][1].description)
                self._retry.start()
                return False
            self._waiting.popleft()
            if isinstance(error, EditConflict):
                # Said in the notice, not a box per edit: the analyst made these a while ago (e.g.
                # pressed the key twice while the first press waited), and may have moved on.
                refused.append(f"“{edit.description}”: {error}")
            elif error is not None:
                self.report_error(error)
            else:
                saved += 1
        session, host = self._session, self._host
        if refused:
            if session.state is not None:
                host.open_article(session.state.article_id)  # reload: show what the file holds
            session.show_notice(
                f"{len(refused)} waiting edit{'s were' if len(refused) != 1 else ' was'} not saved: the project file changed "
                f"under {'them' if len(refused) != 1 else 'it'} (another window or program?), so nothing of "
                f"{'them' if len(refused) != 1 else 'it'} was written. The article has been reloaded; make the change "
                f"again if it still applies. {' · '.join(refused)}",
                topic=BUSY_TOPIC,
            )
        else:
            host.info_bar.clear(BUSY_TOPIC)
        if saved:
            session.tell(f"{session.project.path.name} is free again: {saved} waiting edit{'s' if saved != 1 else ''} saved")
        return True

    def _write_elsewhere(self, path: Path, edit: Edit) -> Exception | None:
        """A queued edit of the project the window showed before it switched: written there
        (no undo step: that project's undo history is gone)."""
        try:
            with Project.open(path, create=False) as project:
                project.write_wait_ms = self._wait_ms
                project.apply(edit, by=self._session.analyst(ask=False))
        except Exception as exc:  # noqa: BLE001 - reported like any failed edit
            return exc
        return None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self._host and event.type() == QEvent.Type.Close and self._waiting:
            self._retry.stop()
            self._wait_ms = CLOSE_WAIT_MS
            try:
                flushed = self.flush()
            finally:
                self._wait_ms = WINDOW_WAIT_MS
            if not flushed:
                event.ignore()
                self._session.show_notice(
                    f"{self._session.project.path.name} is still busy: {plural_verb(len(self._waiting), 'edit', 'is')} waiting to be saved, "
                    "so the window stays open. Let the other program finish (or close it), then close this window again.",
                    topic=BUSY_TOPIC,
                )
                return True
        return super().eventFilter(watched, event)

    # ------------------------------------------------------------ EditTarget, called by EditCommand

    def apply_edit(self, edit: Edit) -> Edit:
        by = self._session.analyst(ask=False)
        project = self._project()
        # fix11o: in a team project the first gold edit of a new article marks it in progress, in the same undo step
        edit = project.starting_work(edit)
        with self._session.articles.writing(project, live=self._session.state) as stored:  # kept articles follow
            stamped = project.apply(edit, by=by)
            stored(stamped)
        self._show_edit(stamped)
        return stamped

    def undo_edit(self, stamped: Edit) -> None:
        project = self._project()
        with self._session.articles.writing(project, live=self._session.state) as stored:
            project.undo(stamped, by=self._session.analyst(ask=False))
            stored(stamped.inverse())
        self._show_edit(stamped.inverse(), reveal=True)

    def redo_edit(self, stamped: Edit) -> None:
        project = self._project()
        with self._session.articles.writing(project, live=self._session.state) as stored:
            project.redo(stamped, by=self._session.analyst(ask=False))
            stored(stamped)
        self._show_edit(stamped, reveal=True)

    def edit_failed(self, exc: Exception) -> None:
        """Called by :class:`EditCommand` when a write fails (the command drops itself)."""
        self._stack_error = exc

    # ------------------------------------------------------------ undo / redo

    def undo(self) -> None:
        stack = self._session.undo_stack
        self._run_stack(stack.undo, stack.index() - 1)

    def redo(self) -> None:
        stack = self._session.undo_stack
        self._run_stack(stack.redo, stack.index())

    def _run_stack(self, step: Callable[[], None], index: int) -> None:
        stack, say = self._session.undo_stack, self._session.say
        if not 0 <= index < stack.count():
            say("Nothing to undo" if step == stack.undo else "Nothing to redo", 3000)
            return
        if self._waiting:
            say(f"Not now: {plural_verb(len(self._waiting), 'edit', 'is')} waiting to be saved first", 5000)
            return
        if not self._file_free():
            # Qt drops an undo step whose write fails; with the file busy, leave the stack as it is.
            say(f"{self._session.project.path.name} is busy (another program is writing); "
                               "nothing was undone or redone, try again in a moment", 8000)
            return
        command = stack.command(index)
        text = command.text() if command is not None else ""
        self._stack_error = None
        step()
        if self._stack_error is not None:
            self.report_error(self._stack_error)
        else:
            verb = "Undid" if step == stack.undo else "Redid"
            # fix11t (usertest11i 8): a curation decision named without its ⚠ advice, and what the
            # step did to the curated mark (the same words as the curation view's line)
            # fix11ai: said from the command's edit's typed words (StepWords), its text when it has none
            edit = getattr(command, "edit", None)
            if getattr(edit, "step", None) is not None:  # a curation step: its module imported only then (launch12)
                from annotator.domain.curation_flags import step_said

                said = step_said(edit, redo=step != stack.undo)
            else:
                said = text
            say(f"{verb}: {said}", 3000)

    def _file_free(self) -> bool:
        """Whether this window can take the file's write lock now (waiting WINDOW_WAIT_MS)."""
        try:
            with self._project().writing():
                return True
        except ProjectBusy:
            return False

    # ------------------------------------------------------------ stale state (another window)

    def reloaded_if_stale(self) -> bool:
        """Before concluding that a key has nothing to do ("Already accepted", "Already linked"):
        whether the open article's spans or links in the project file differ from what this
        window shows (another window or program changed them). If so the article is reloaded
        from the file (the selection kept where it still exists), the status bar says so in one
        line, and True is returned: the analyst presses the key again on what the file holds,
        instead of a decision being dropped on a stale view."""
        session = self._session
        state = session.state
        if state is None:
            return False
        project, article_id = session.project, state.article_id
        stored_spans = {s.id: _span_key(s) for s in project.spans(article_id)}
        stored_links = {r.id: _relation_key(r) for r in project.relations(article_id)}
        if (stored_spans == {i: _span_key(s) for i, s in state.spans.items()}
                and stored_links == {i: _relation_key(r) for i, r in state.relations.items()}):
            return False
        selected = session.selected_id
        self._host.open_article(article_id, select=selected if selected in stored_spans else None)
        session.tell(RELOADED_NOTICE)
        return True

    # ------------------------------------------------------------ showing stored edits

    def _show_edit(self, edit: Edit, *, reveal: bool = False) -> None:
        """Show an edit that is already in the project file."""
        session, host = self._session, self._host
        host.note_saved()
        articles = edit.article_ids()
        if session.state is None or session.state.article_id not in articles:
            if reveal and not self._flushing and _made_in_one_article(edit):
                # An undo/redo of an edit in another article: go there, to show what changed. Showing
                # is not starting work on it (fix11m, issue 11): a NEW article stays new, so undoing
                # every decision of a curation leaves the article as it was, not "in progress".
                host.open_article(next(iter(articles)), select=_first_span_id(edit))
            # Otherwise stay: a list edit (rename, merge) or an edit of many articles has no one
            # place to show, and a queued edit of an article closed since is saved, not jumped to.
            # Only the touched articles' rows are re-read: the whole list at 50,000 articles took
            # 1.7 s per undo (list12, issue 12).
            host.article_list.model.refresh_ids(articles)
        else:
            self.show_change(session.state.apply(edit))
            if reveal:
                self._reveal(edit)
        # fix11n: "Saved HH:MM:SS" moves with every stored edit, also one of an article the window
        # does not show (a decision in the curation view): it stood still while the lead decided
        host.update_saved()
        host.editSaved.emit(edit.description)
        host.editShown.emit(edit)

    def _reveal(self, edit: Edit) -> None:
        """Select what an undo/redo touched without losing the analyst's place: the selected span
        if the edit touched it, else the first touched span already on screen (no scrolling), else
        the first touched span in reading order (scrolled to). A many-span edit (Accept all) used to
        select its last change, at the end of the article."""
        session = self._session
        touched = _span_ids_in_reading_order(edit)
        if not touched:
            return
        if session.selected_id in touched:
            session.select(session.selected_id)  # scrolls only if it is off screen
            return
        visible = set(self._host.view.visible_span_ids())
        on_screen = next((sid for sid in touched if sid in visible), None)
        if on_screen is not None:
            session.select(on_screen, scroll=False)
        else:
            session.select(touched[0])

    def show_change(self, change: StateChange) -> None:
        session, host = self._session, self._host
        if not change or session.state is None:
            return
        relations = list(session.state.relations.values()) if change.relations_changed else None
        host.view.update_spans(list(change.changed), list(change.removed), relations)
        host.span_list.update_spans(change.changed, change.removed)
        if session.selected_id in change.removed:
            session.forget_selection()
            host.view.set_selected_span(None)
        if session.selected_id is None or change.relations_changed or any(s.id == session.selected_id for s in change.changed):
            host.refresh_details()
        if change.annotations_changed:
            host.article_annotations.refresh()
        updates: dict[str, Any] = {"pending": session.state.pending_count()}
        if change.article is not None:
            updates["status"] = change.article.status
        host.article_list.model.update_summary(session.state.article_id, **updates)
        session.changed(change)  # for panels that observe the session (the ones above are updated here)

    def report_error(self, exc: Exception) -> None:
        session = self._session
        message = describe_error(exc, session.project.path)
        if isinstance(exc, EditConflict) and session.state is not None:
            # Built on a stale view: show what the file holds, the selection kept where it still
            # exists, so that pressing the key again decides on fresh state.
            selected = session.selected_id
            stored = {s.id for s in session.project.spans(session.state.article_id)}
            self._host.open_article(session.state.article_id, select=selected if selected in stored else None)
            session.tell(f"Edit NOT saved: {RELOADED_NOTICE[0].lower()}{RELOADED_NOTICE[1:]}")
        else:
            session.tell("Edit NOT saved — see the message")
        QMessageBox.warning(self._parent_widget(), "Edit not saved", message)

    def _parent_widget(self) -> QWidget | None:
        return self._host if isinstance(self._host, QWidget) else None


def _span_key(span: Span) -> tuple[object, ...]:
    """What a decision rests on: boundaries, label, status and attributes (speaker_ref...)."""
    return span.start, span.end, span.label, span.status, json.dumps(span.attrs, sort_keys=True, default=str)


def _relation_key(relation: Relation) -> tuple[object, ...]:
    return relation.head, relation.child, relation.label, relation.status


def _span_ids_in_reading_order(edit: Edit) -> list[str]:
    """Ids of the spans an edit leaves in place, by (start, -end): the order the article is read in."""
    spans = [change.after for change in edit.changes if isinstance(change.after, Span)]
    return [s.id for s in sorted(spans, key=lambda s: (s.start, -s.end, s.id))]


def _made_in_one_article(edit: Edit) -> bool:
    """Whether ``edit`` is an edit of exactly one article: not a list edit of the lists dialog.

    A stance or tag made with a new list entry adds (its undo removes) both the record and the
    entry; a rename or merge in the lists dialog re-points uses (records changed in place) or
    changes an entry in place, wherever the uses happen to be."""
    if len(edit.article_ids()) != 1:
        return False
    if not any(isinstance(change.record, (TargetEntry, TagEntry)) for change in edit.changes):
        return True
    # the article's own status moved in place by its first edit (Project.starting_work) is not a list edit
    return all(change.before is None or change.after is None for change in edit.changes
               if not isinstance(change.record, Article))


def _first_span_id(edit: Edit) -> str | None:
    """The first span (in reading order) an edit leaves in place, or None."""
    ids = _span_ids_in_reading_order(edit)
    return ids[0] if ids else None
