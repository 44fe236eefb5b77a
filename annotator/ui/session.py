"""The session: what one window has open — the project, its schema, the open article's
:class:`ArticleState`, the selected span and the undo stack — with signals for what happened.

Controllers (:mod:`annotator.ui.review`, :mod:`annotator.ui.navigation`, …) act on the session;
panels observe it through signals the window connects (docs/style.md habit 5: models emit, views
listen). The session holds no widgets, so a controller never needs the window (no module under
``annotator/ui/`` imports :mod:`annotator.ui.window`, the launcher included: the CLI hands it the
window's type; a test in ``tests/test_layering.py`` says so).

Signals:

- ``projectChanged(Project)`` — :meth:`set_project` opened another project (state, selection
  and undo stack are cleared first);
- ``articleOpened(int)`` — an article was opened (its id), after every panel shows it;
- ``selectionChanged(str | None, bool)`` — :meth:`select` chose a span (its id, or None) and
  whether to scroll to it;
- ``stateChanged(StateChange)`` — an edit changed the open article (what it changed);
- ``message(str, int)`` — a status-bar message and how long to show it (ms; 0 = until replaced);
- ``resultSaid(str)`` — :meth:`tell` said a result line (the jobs menu's "Lately" keeps it);
- ``notice(str, str, str, str)`` — an info-bar message: text, button text, button key, topic
  (empty strings when there is none).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from annotator.domain.document import ArticleState, StateChange
from annotator.domain.model import Span
from annotator.domain.schema import LabelSchema
from annotator.storage.project import Project
from annotator.ui.article_cache import ArticleCache
from annotator.ui.settings import Settings

ReviewAnchor = tuple[int, int, str]  # (start, end, span id): where review is, in reading order


class Session(QObject):
    """One open project and what the analyst is doing in it (see the module docstring)."""

    projectChanged = Signal(object)  # Project
    articleOpened = Signal(int)  # article id
    selectionChanged = Signal(object, bool)  # span id or None, scroll to it
    stateChanged = Signal(object)  # StateChange
    message = Signal(str, int)  # text, timeout in ms
    resultSaid = Signal(str)  # a line carrying a result (tell): kept in the jobs menu's "Lately"
    notice = Signal(str, str, str, str)  # text, action text, action key, topic

    def __init__(self, project: Project, settings: Settings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.settings = settings
        self.schema: LabelSchema = project.schema
        self.state: ArticleState | None = None
        self.selected_id: str | None = None
        self.review_anchor: ReviewAnchor | None = None
        self.undo_stack = QUndoStack(self)
        #: the last few articles opened, kept while the file is unchanged (article_cache.py)
        self.articles = ArticleCache()
        self._file_name_noted: Path | None = None  # fix11g: the assigned file whose analyst note was shown

    # ------------------------------------------------------------ project

    def set_project(self, project: Project) -> None:
        """Make ``project`` the open one: no article open, nothing selected, an empty undo stack
        (its edits belong to the other file). Emits ``projectChanged(project)``."""
        self.project = project
        self.schema = project.schema
        self.state = None
        self.selected_id = None
        self.review_anchor = None
        self.undo_stack.clear()
        self.articles.clear()
        self.projectChanged.emit(project)

    def open_state(self, state: ArticleState) -> None:
        """The article ``state`` was loaded: it is the open one, with nothing selected and review
        starting at its beginning. The caller emits ``articleOpened`` once the panels show it."""
        self.state = state
        self.selected_id = None
        self.review_anchor = None

    # ------------------------------------------------------------ selection

    def selected_span(self) -> Span | None:
        """The selected span of the open article, or None."""
        return self.state.span(self.selected_id) if self.state else None

    def select(self, span_id: str | None, *, scroll: bool = True) -> None:
        """Select the span ``span_id`` (None, or an id not in the open article, selects nothing);
        review goes on from a selected span. Emits ``selectionChanged(span id or None, scroll)``."""
        if self.state is None or (span_id is not None and span_id not in self.state.spans):
            span_id = None
        self.selected_id = span_id
        if span_id is not None:
            chosen = self.state.spans[span_id]  # type: ignore[union-attr]
            self.review_anchor = (chosen.start, chosen.end, chosen.id)
        self.selectionChanged.emit(span_id, scroll)

    def forget_selection(self) -> None:
        """Unselect without moving review's place and without a signal (the caller updates the
        panels itself: a text selection replacing a span selection, a span an edit removed)."""
        self.selected_id = None

    # ------------------------------------------------------------ edits

    def changed(self, change: StateChange) -> None:
        """An edit changed the open article (already stored and applied to ``state``)."""
        self.stateChanged.emit(change)

    # ------------------------------------------------------------ analyst, messages

    def analyst(self, *, ask: bool = True) -> str:
        """The analyst's name, recorded as ``by`` on every decision.

        In a file ``annotator assign`` made for an analyst (project setting ``analyst``) it is
        that analyst, whatever the name in Preferences: the file is theirs (docs/team.md). It is
        never written to Preferences — the next file opened (another analyst's, or the team
        project the lead curates) must not inherit it; at the first edit an info bar says whose
        the decisions are (and that the Preferences name, if another, is not used here).

        Elsewhere: the name in Preferences; when none was ever set it is asked once, at the first
        edit, without stealing the keystrokes of a reviewer in full flow: the login name is taken
        and stored, and an info bar says so, with a button to change it (Preferences).
        ``ask=False`` only reads it."""
        own = self.project.analyst_name()
        name = self.settings.analyst()
        if own:
            if ask and self._file_name_noted != self.project.path:
                self._file_name_noted = self.project.path
                # Neutral wording: the Preferences name may be the login name stored at a first edit, not
                # one the user chose (a user test read "your name … from Preferences" as a choice).
                other = f" (not “{name}”, the name in Preferences)" if name and name != own else ""
                self.show_notice(
                    f"This file was assigned to “{own}”: your decisions in it are recorded as “{own}”{other}. "
                    f"Every edit is saved to {self.project.path.name} as you make it.")
            return own
        if name:
            return name
        default = self.settings.default_analyst() or "analyst"
        if not ask:
            return default
        self.settings.set_analyst(default)
        self.show_notice(
            f"Your decisions are recorded as “{default}”. Every edit is saved to {self.project.path.name} as you make it.",
            action="Change name…", key="name",
        )
        return default

    def say(self, text: str, ms: int = 0) -> None:
        """A status-bar message for ``ms`` milliseconds (0: until the next one). For a hint that
        may go (a key with nothing to act on, "Already linked"); a line carrying a result goes
        through :meth:`tell`."""
        self.message.emit(text, ms)

    def tell(self, text: str) -> None:
        """A status-bar line carrying a result the analyst must read: an import's, export's,
        pre-annotation's or training's counts, what was skipped or left out, an error, an edit
        not saved. ui32 (user test: "Imported 84 articles …; 3 skipped: …" was gone after 10 s,
        unread by an analyst who looked away): it is never timed out — it stays until the next
        message replaces it (a menu's status tips pass over it and give it back,
        :class:`annotator.ui.status_room.KeptLine`) — and it is kept in the jobs menu's "Lately"
        (Ctrl+Shift+J) to read after that. Emits ``message(text, 0)`` and ``resultSaid(text)``."""
        self.resultSaid.emit(text)
        self.message.emit(text, 0)

    def show_notice(self, text: str, *, action: str = "", key: str = "", topic: str = "") -> None:
        """An info-bar message, with an optional button (``action`` text; ``key`` says which)."""
        self.notice.emit(text, action, key, topic)
