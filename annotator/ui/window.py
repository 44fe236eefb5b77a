"""The main window: article list | article view | details and spans; menus, keys, status bar.

The window composes widgets. What it has open — the project, the open article's
:class:`ArticleState`, the selection, where review is, the undo stack — is held by its
:class:`~annotator.ui.session.Session` (``window.session``), which says what happened through
signals; the window connects them to its panels (``selectionChanged`` → view, span list, details;
``message`` → status bar; ``notice`` → info bar). The work is done by small controllers that act on
the session and the widgets they are given, and never import this module (a test says so):

- :mod:`annotator.ui.editing` — the one path for an edit (undo stack → project file → what changed);
- :mod:`annotator.ui.review` — Tab through suggestions, accept / reject / label / resize / delete / link;
- :mod:`annotator.ui.navigation` — open an article, next / previous, mark done and open the next;
- :mod:`annotator.ui.article_edits` — the article's tags and stances (the Article panel);
- :mod:`annotator.ui.preannotation` and :mod:`annotator.ui.background` — pre-annotation, import
  and export in worker threads, with progress and cancel;
- :mod:`annotator.ui.menus` — the actions, their keys and the menus;
- :mod:`annotator.ui.dialogs` — Preferences, shortcuts, About, new / open project.

The menus, dialogs and import/export take the window typed as a small ``Protocol`` of what they use.
Attributes and methods that tests, other modules and benchmarks use (``project``, ``state``,
``selected_id``, ``undo_stack``, ``select_span``, ``accept_selected``, ``open_article``,
``start_preannotation``, …) stay here as properties over the session or one-line delegates.

Data flows one way for an edit (docs/style.md): a key or click builds an :class:`Edit` with
:mod:`annotator.domain.commands`, which goes onto the session's QUndoStack wrapped in
:class:`EditCommand`, whose redo writes it to the project file (one transaction, committed before
the next key is handled) and then hands the stored edit to :class:`ArticleState`, which says what
changed; the view repaints and the panels update only that. Undo works across articles: undoing
an edit made in another article opens that article.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QMoveEvent, QResizeEvent, QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from annotator.domain import commands
from annotator.domain.document import ArticleState
from annotator.domain.errors import AnnotatorError
from annotator.domain.model import FRAGMENT, ArticleStatus, Span
from annotator.domain.schema import LabelSchema
from annotator.storage import backup as backups
from annotator.storage.project import DamagedProjectError, Project
from annotator.ui import dialogs, workers
from annotator.ui.active_order import ActiveOrder
from annotator.ui.article_edits import ArticleAnnotations, ArticleStances
from annotator.ui.article_list import ArticleListPanel
from annotator.ui.article_panel import ArticlePanel
from annotator.ui.article_view import ArticleView
from annotator.ui.background import SHUTDOWN_WAIT, BackgroundWork, wait_for_threads
from annotator.ui.background_tokens import BackgroundTokens
from annotator.ui.index_catch_up import IndexCatchUp
from annotator.ui.bars import FindBar, InfoBar
from annotator.ui.details_panel import DetailsPanel
from annotator.ui.escape_focus import EscapeHandsBack
from annotator.ui.modal_focus import FocusAfterModal
from annotator.ui.done_confirm import DoneConfirmation, done_description, undecided_units  # fix11f
from annotator.ui.editing import EditPath  # noqa: F401 - the type the controllers take
from annotator.ui.edit_errors import describe_error  # noqa: F401 - also imported from here
from annotator.storage.file_identity import ProjectFileGone, ProjectWriteError
from annotator.ui import file_dialogs
from annotator.ui.file_safety import FileGuard, GuardedEditPath, diagnose, gone_message, read_only_note, write_refused_message
from annotator.ui.file_watch import OutsideWrites
from annotator.ui.guidelines_panel import GuidelinesPanel
from annotator.ui.layout_fence import LayoutFence
from annotator.ui.legend import LegendBar
from annotator.ui.linking import LinkingController
from annotator.ui.menus import WindowMenus
from annotator.ui.navigation import ArticleNavigator
from annotator.ui.preannotation import Preannotator

if TYPE_CHECKING:
    from annotator.nlp.suggest_process import ArticleQuery
from annotator.ui.progress import ProgressIndicator
from annotator.ui.review import ReviewController
from annotator.ui.session import Session
from annotator.ui.settings import Settings
from annotator.ui.span_list import SpanListPanel
from annotator.ui.status_room import ElidingStatusBar, KeptLine, MessageRoom
from annotator.ui.column_room import ColumnRoom
from annotator.ui.train_dialog import LIST_USABLE_WIDTH, TrainingController
from annotator.ui.picker import Picker
from annotator.ui.piece_keys import PieceKeys
from annotator.ui.stance_keys import StanceKeys, TargetChooser


class _SaidLabel(QLabel):
    """A status-bar label that says when its text is set (from Python: the pre-annotator's)."""

    textSet = Signal()

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        super().setText(text)
        self.textSet.emit()


class MainWindow(QMainWindow):
    """One project in one window. ``loader``/``suggester`` replace the NLP pipeline (tests); without
    a ``loader``, the pipeline chosen for the project in Edit → Preferences is loaded (the default if it fails)."""

    articleOpened = Signal(int)
    editSaved = Signal(str)  # description of the stored edit
    editShown = Signal(object)  # the stored Edit (an undo's inverse): the current target follows it
    suggestionsStored = Signal(int, int)  # article id, new spans

    def __init__(
        self,
        project: Project,
        *,
        settings: Settings | None = None,
        loader: workers.Loader | None = None,
        suggester: workers.Suggester | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = Session(project, settings or Settings(), self)
        self._save_failed = False
        self._last_saved: str = ""
        self._shown_once = False
        self._details_hold = 0  # details_held(): refreshes asked meanwhile wait for its end
        self._details_due = False
        self._gone_told: Project | None = None  # fixut16b: the project whose moved file was already told
        self._build_ui()
        # The controllers act on the session and the widgets they are given; none imports this module.
        self.edits = GuardedEditPath(self.session, self)  # refuses edits of a read-only project before trying
        self.file_guard = FileGuard(self.session, self)
        self.review = ReviewController(self.session, self.view, self.edits)
        self.review.hold_details = self.details_held
        self.navigator = ArticleNavigator(self.session, self, self.edits)
        self.background = BackgroundWork(self.session, self.progress_indicator)
        # usertest23 L1: a line the bar shows elided (middle "…") is kept whole in the jobs menu's "Lately"
        self.statusBar().cut.connect(self._keep_cut)  # type: ignore[attr-defined]
        # issue 12 (import12e): the full-text catch-up after `annotator import` never runs on this thread
        # in its own status-bar indicator (perf12f): its progress never overwrites a pre-annotation's,
        # an import's or an export's line, which stays as the job last set it
        self.indexer = IndexCatchUp(lambda: self.session.project, say=self.session.say, tell=self.session.tell,
                                    show_progress=self.index_indicator.show_progress, hide_progress=self.index_indicator.hide,
                                    keep=self._keep_thread, parent=self)
        self.index_indicator.cancelRequested.connect(self._cancel_index_catch_up)
        self.background.indexer = self.indexer
        self.navigator.must_wait_for_index = self.indexer.when_indexed
        self.indexer.progressed.connect(self.navigator.show_index_progress)
        self.preannotator = Preannotator(self.session, self.background, self, loader=loader, suggester=suggester)
        # perf31 (issue 12): the exports' tokens of articles never pre-annotated, made while the window idles
        self.background_tokens = BackgroundTokens(self.session, self.background, self.indexer, self.tokens_indicator,
                                                  self.session.settings, keep=self._keep_thread, parent=self)
        self.background.tokens = self.background_tokens
        self.editSaved.connect(lambda _description: self.background_tokens.note_activity())
        self.article_annotations = ArticleAnnotations(self.session, self.article_panel, self.edits)
        # S / U / Shift+S pickers; a SPEAKER or CUE labelled next to the selected quote links to it.
        self.linking = LinkingController(self.session, self.view, self.edits, self)
        self.review.label_hook = self.linking.extend_label_edit
        # J / Shift+J / B: join quotes into one interrupted quote, split a piece off (fixut16c)
        self.piece_keys = PieceKeys(self.session, self.edits, hidden=self.review.hidden)
        self.session.articleOpened.connect(lambda _id: self.linking.reset())
        self.done_confirmation = DoneConfirmation()  # fix11f
        self.session.articleOpened.connect(lambda _id: self.done_confirmation.forget())  # fix11f
        self.session.selectionChanged.connect(lambda span_id, _scroll: self.linking.note_selected(span_id))
        self._connect_panels()
        # Stances: F / G / N towards the current target, picked like a speaker; article-level
        # stances and tags from the project lists.
        say = lambda text: self.session.say(text, 5000)  # noqa: E731
        self.target_chooser = TargetChooser(Picker(self), project=lambda: self.session.project, state=lambda: self.session.state,
                                            message=say, parent=self)
        self.target_chooser.picker.closed.connect(lambda: self.view.setFocus())
        self.session.projectChanged.connect(lambda _p: self.target_chooser.forget())  # fixut17a: targets are per project
        self.editShown.connect(self.target_chooser.follow)  # usertest12 LOW-3: undo of a new target's stance
        self.target_label = QLabel(self)
        self.target_label.setObjectName("currentTarget")
        self.target_label.setToolTip("The current stance target: F / G / N set stances towards it (Shift+T changes it)")
        self.target_chooser.currentTargetChanged.connect(
            lambda name: self.target_label.setText(f"Target: {name} (F/G/N)" if name else "Target: none (Shift+T)"))
        self.target_label.setText("Target: none (Shift+T)")
        # fenced (layout_fence.py): a new target's text re-lays out the bar, not the window
        self.target_fence = LayoutFence(self.target_label, self)
        self.statusBar().insertPermanentWidget(0, self.target_fence)
        # usertest20 L4: a message wider than the room the bar's fields leave ("Imported 3 new
        # articles (0 already there), 0 sp…" ended at the Target field) gets theirs while it shows:
        # the stance target first, then the pipeline names; what is saved and a job's progress stay
        # fix34 (usertest28 M1): except the pre-annotation's busy-file line, said again as its count
        # changes for as long as the file is busy: it hid them all that while; it is elided instead
        self.message_room = MessageRoom(self.statusBar(), [self.target_fence, self.pipelines_box],
                                        keeps=self.preannotator.is_busy_line,
                                        work=[self.progress_indicator.label, self.index_indicator.label,
                                              self.tokens_indicator.label])
        self.stance_keys = StanceKeys(
            self.session, self.edits, chooser=self.target_chooser, polarities=lambda: self.session.schema.stance_polarities,
            message=say, anchor=lambda: self.linking.anchor(self.session.selected_span()),
            pick_speaker=lambda then: self.linking.pick_speaker(then),
        )
        self.article_stances = ArticleStances(self.session, self.article_panel, self.edits, self.target_chooser, Picker(self))
        self.article_stances.after_close = lambda: self.view.setFocus()
        self.details.stanceDeleteRequested.connect(self.article_annotations.delete_stance)
        self.article_annotations.after_refresh = self.refresh_details
        # ---- training and active ordering (issue 10, branch trainui) ----
        self.training = TrainingController(self, lambda: self.session.project, self.session.settings,
                                           on_use=lambda _folder: self.preannotator.pipeline_changed(),
                                           register_thread=self._keep_thread, focus_article=lambda: self.view.setFocus(),
                                           room=self.column_room, below_hidden=(0, 2),
                                           say=lambda text: self.session.say(text, 30000), tell=self.session.tell)
        # usertest17 N7, usertest18 M4: the open panel's summary follows every stored edit, undo
        # and redo that can change what training reads (spans, relations, an article's status; in
        # any article: a decision in an unmarked one counts too), also one in an article other
        # than the open one; and a change of the open article read back from the file
        self.editShown.connect(self.training.edit_stored)
        self.session.stateChanged.connect(
            lambda change: self.training.project_edited() if change.changed or change.removed or change.relations_changed
            or change.article is not None else None)
        self.active_order = ActiveOrder(self.session, self.background, self.article_list,
                                        loader_for=self.preannotator.loader_for, refresh=self.refresh_article_list,
                                        trained_unused=self.training.trained_unused)
        self.preannotator.pipelineChanged.connect(self.active_order.pipeline_changed)
        self.preannotator.pipelineChanged.connect(self.training.pipeline_changed)  # usertest19 M4: "Start from"
        # ---- end of training and active ordering ----
        self.menus = WindowMenus(self)
        self.actions_by_id: dict[str, QAction] = self.menus.actions_by_id
        self.layer_actions: dict[str, QAction] = self.menus.layer_actions
        self.recent_menu, self.label_menu = self.menus.recent_menu, self.menus.label_menu
        self.show_suggestions_action = self.menus.show_suggestions_action
        self.show_rejected_action = self.menus.show_rejected_action
        # Issue 10 (usertest10e finding 3): the View filters are a user preference kept for every
        # project opened later, so the bar says which are off (Tab and A / X pass hidden spans by).
        self.hidden_label = QLabel(self)
        self.hidden_label.setObjectName("hiddenLayers")
        self.hidden_label.setToolTip("Spans of these kinds are not drawn, and Tab skips them (View menu switches them on)")
        self.statusBar().insertPermanentWidget(0, self.hidden_label)
        self.review.hidden_note = self.hidden_note
        for act in (*self.layer_actions.values(), self.show_suggestions_action):
            act.toggled.connect(lambda _on: self._show_hidden_note())
            act.toggled.connect(lambda _on: self.refresh_details())  # the selected span's buttons follow
        self._show_hidden_note()
        self.apply_shortcuts()
        self._restore_geometry()
        # fix11j: writes other programs make to the file (a merge, an import, curate, another window)
        self.outside_writes = OutsideWrites(lambda: self.session.project, self)
        self.outside_writes.changed.connect(self._follow_outside_writes)
        # fix11aj (usertest11q M1): the first merge makes the file a team project: View → Curation… on at once
        self.outside_writes.changed.connect(self.menus.enable_curation)
        self.outside_writes.suggested.connect(self._follow_outside_suggestions)  # fix11aj M2
        self.outside_writes.gone.connect(lambda gone: self.file_gone(gone, by_edit=False))  # fixut16b: seen before an edit
        self._set_project(project)

    # ================================================================= building

    def _build_ui(self) -> None:
        self.resize(1380, 860)
        self.article_list = ArticleListPanel(self)
        self.view = ArticleView(self)
        self.legend = LegendBar(self)
        self.info_bar = InfoBar(self)
        self.find_bar = FindBar(self)
        self.find_bar.hide()
        self.details = DetailsPanel(self)
        self.span_list = SpanListPanel(self)
        self.article_panel = ArticlePanel(self)

        centre = QWidget(self)
        box = QVBoxLayout(centre)
        box.setContentsMargins(6, 8, 6, 0)
        box.setSpacing(4)
        box.addWidget(self.legend)
        box.addWidget(self.view, 1)
        box.addWidget(self.find_bar)
        self.info_bar.setParent(centre)
        self.info_bar.float_over(self.view)  # over the article's foot: never moves the text
        # File → Pre-annotate's summary: its own notice, on top of the other one when both show
        # (usertest10g 7: it was added to the "decisions are recorded as …" notice)
        self.summary_bar = InfoBar(centre, above=self.info_bar)
        self.summary_bar.float_over(self.view)
        for bar in (self.info_bar, self.summary_bar):  # ... and they cover none of it (usertest10g 7)
            bar.reserve = lambda _px: self.view.reserve_foot(max(self.info_bar.reserved, self.summary_bar.reserved))

        right = QSplitter(Qt.Orientation.Vertical, self)
        # The details panel changes its rows with every span selected: fenced, so that only a
        # change of the room it needs re-lays out the window (layout_fence.py, issue 12).
        right.addWidget(LayoutFence(self.details, right))
        right.addWidget(self.article_panel)
        right.addWidget(self.span_list)
        # The selected span's details come first and must not be squeezed (a quote has three
        # attribute fields and its links); the span list takes what is left.
        right.setSizes([360, 230, 270])
        right.setStretchFactor(0, 0)
        right.setStretchFactor(1, 0)
        right.setStretchFactor(2, 1)
        right.setChildrenCollapsible(False)
        self.right_splitter = right

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.article_list)
        self.splitter.addWidget(centre)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([270, 720, 390])
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)
        # usertest30 L5: a small window (800 px) gives up the side columns' width, then the list,
        # then the right column, before the article's readable width (column_room.py)
        self.column_room = ColumnRoom(self.splitter, self.view, self.view.readable_width, centre=1, hide_order=(0, 2),
                                      usable={0: LIST_USABLE_WIDTH})
        self.view.zoomed.connect(self.column_room.refit)  # 45 characters of a larger font need more room
        # The project's guidelines: a dock, hidden until View → Guidelines (Ctrl+Shift+G).
        self.guidelines_panel = GuidelinesPanel(lambda: self.session.project, lambda: self.session.analyst(ask=False), parent=self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.guidelines_panel)
        self.guidelines_panel.hide()
        self.guidelines_panel.visibilityChanged.connect(self._guidelines_toggled)
        self._build_status_bar()

    def _guidelines_toggled(self, shown: bool) -> None:
        if shown:
            self.guidelines_panel.refresh()
        # The dock narrows (or widens) the article, which reflows: keep the selected span in sight
        # once the new layout is done.
        QTimer.singleShot(0, self._keep_selected_in_view)

    def _keep_selected_in_view(self) -> None:
        if self.selected_id is not None and shiboken6.isValid(self.view):
            self.view.scroll_to_span(self.selected_id)

    def hidden_note(self) -> str:
        """The View filters that are off, as the menu names them ("View → Entities off"); "" when none."""
        off = [title for title, act in self.layer_actions.items() if not act.isChecked()]
        if not self.show_suggestions_action.isChecked():
            off.append("Suggestions")
        return f"View → {', '.join(off)} off" if off else ""

    def _show_hidden_note(self) -> None:
        note = self.hidden_note()
        self.hidden_label.setText(f"Hidden: {note.removeprefix('View → ').removesuffix(' off')}" if note else "")
        self.hidden_label.setVisible(bool(note))

    def _show_suggested_by(self) -> None:
        """usertest18 L3: "Suggested by PIPELINE VERSION" for the open article when a pre-annotation
        made its suggestions (Project.preannotation), hidden otherwise; the tooltip says when, and
        that the pipeline named beside it is the one the next pre-annotation uses."""
        label, state = getattr(self, "suggested_by_label", None), self.state
        if label is None:
            return  # the status bar is being built
        run = self.project.preannotation(state.article_id) if state is not None else None
        pipeline = run[0].split(" + ")[0].strip() if run is not None else ""
        label.setVisible(bool(pipeline))
        if not pipeline:
            return
        # read with the pipeline label at its right: "Suggested by A · next run: B", or, the same
        # pipeline, "Suggestions and next run: A"
        following = self.pipeline_label.text()
        label.setText("Suggestions and next run:" if following == pipeline else f"Suggested by {pipeline} · next run:")
        rules = run[0].split(" + ", 1)[1] if " + " in run[0] else ""
        label.setToolTip(f"This article's suggestions were made by {pipeline}{f' with {rules}' if rules else ''}, "
                         f"pre-annotated {run[1][:16].replace('T', ' ')} UTC.\nThe pipeline named at the right is the one "
                         "the next pre-annotation uses (Edit → Preferences); it made none of the suggestions shown here "
                         "unless it is the same.")

    def _keep_cut(self, text: str) -> None:
        """A line the bar elided, kept whole in the jobs menu's "Lately" (usertest23 L1); the
        pre-annotation's busy-file line once, its latest count (fix34: said again as it changes)."""
        busy = self.preannotator.is_busy_line(text)
        self.background.keep_whole(text, replacing=self.preannotator.was_busy_line if busy else None)

    def _build_status_bar(self) -> None:
        self.setStatusBar(ElidingStatusBar(self))  # a message too wide is elided in the middle, never cut (usertest23 L1)
        # Qt's own bar, made by statusBar(), never held the window wider than the central widget needs; set
        # anew, its permanent fields' minimum (~750 px) became the window's (a 600 px window restored 150 px
        # off its place on an 800 px screen: test_window_cascade_fix11am). MessageRoom hides fields that do not fit.
        self.statusBar().setMinimumWidth(1)
        bar = self.statusBar()
        self.saved_label = QLabel(self)
        self.pipeline_label = _SaidLabel(self)
        self.pipeline_label.textSet.connect(self._show_suggested_by)  # "… · next run:" reads with it
        self.progress_indicator = ProgressIndicator(self)
        self.progress_indicator.cancelRequested.connect(self.cancel_background)
        self.progress, self.cancel_button = self.progress_indicator.bar, self.progress_indicator.cancel
        bar.addPermanentWidget(self.progress_indicator)
        # the full-text catch-up (index_catch_up.py) beside the job's line, never over it (perf12f)
        self.index_indicator = ProgressIndicator(self)
        self.index_indicator.cancel.setToolTip("Stop indexing for search — the articles indexed so far stay indexed; the next filter goes on")
        bar.addPermanentWidget(self.index_indicator)
        # perf31: the token preparation for exports, its own line too (background_tokens.py)
        self.tokens_indicator = ProgressIndicator(self)
        self.tokens_indicator.setObjectName("tokensIndicator")
        bar.addPermanentWidget(self.tokens_indicator)
        # usertest18 L3: the pipeline that made the open article's suggestions (its preannotations
        # row), beside the one the next pre-annotation uses (pipeline_label): a project
        # pre-annotated with `--model DIR` named only the default
        self.suggested_by_label = QLabel(self)
        self.suggested_by_label.setObjectName("suggestedBy")
        self.suggested_by_label.hide()
        # one box for the two: the bar's message room hides it whole (usertest20 L4), while the
        # article shown says whether the first is seen (_show_suggested_by)
        self.pipelines_box = QWidget(self)
        row = QHBoxLayout(self.pipelines_box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.suggested_by_label)
        row.addWidget(self.pipeline_label)
        bar.addPermanentWidget(self.pipelines_box)
        bar.addPermanentWidget(LayoutFence(self.saved_label, self))  # its text changes every edit

    def _connect_panels(self) -> None:
        self.article_list.articleActivated.connect(lambda i: self.open_article(i))
        self.article_list.filterChanged.connect(self.refresh_article_list)
        self.view.spanClicked.connect(lambda sid: self.select_span(sid, scroll=False))
        self.view.selectionChanged.connect(self._on_text_selected)
        self.view.spanEdgeDragged.connect(self.review.resize_span)  # bounds (issue 9): edge drag
        self.view.spanContextMenuRequested.connect(self._on_context_menu)
        self.legend.labelClicked.connect(self.apply_label)
        self.details.labelChosen.connect(self.apply_label_to_selected)
        self.details.attributeEdited.connect(self.review.set_attribute)
        self.details.acceptRequested.connect(self.accept_selected)
        self.details.rejectRequested.connect(self.reject_selected)
        self.details.deleteRequested.connect(self.delete_selected)
        self.details.spanLinkActivated.connect(lambda sid: self.select_span(sid))
        self.details.relationDeleteRequested.connect(self.review.delete_relation)
        self.details.fieldDone.connect(lambda: self.view.setFocus())
        # usertest14 F7: Esc in any field of the side panels gives the review keys back to the article
        self._escape_back = EscapeHandsBack(lambda: self.view.setFocus(), self)
        self._modal_focus = FocusAfterModal(self)  # usertest18 L7: keys work again once a box closes, with no window manager
        self._escape_back.watch(self.article_panel, self.article_list, self.details)
        for field in (self.article_panel.tag_edit, self.article_panel.note_edit):
            field.cancelled.connect(lambda: self.view.setFocus())  # it takes its Esc itself (the text put back)
        # Del / right-click on a relation connector in the article removes the link.
        self.view.relationDeleteRequested.connect(self.review.delete_relation)
        self.span_list.spanActivated.connect(lambda sid: self.select_span(sid))
        self.find_bar.findRequested.connect(self._on_find)
        self.find_bar.closed.connect(lambda: self.view.setFocus())
        self.info_bar.dismissed.connect(lambda: self.view.setFocus())
        self.summary_bar.dismissed.connect(lambda: self.view.setFocus())
        self.info_bar.actionClicked.connect(self._on_info_action)
        self.undo_stack.indexChanged.connect(self._update_undo_texts)
        self._connect_session()

    def _connect_session(self) -> None:
        """The panels observe the session: the window composes, the session says what happened."""
        session = self.session
        session.selectionChanged.connect(self._show_selection)
        session.articleOpened.connect(self.articleOpened)
        session.articleOpened.connect(lambda _id: self._show_suggested_by())
        session.stateChanged.connect(lambda change: self._show_suggested_by() if change.changed else None)  # a run's suggestions came in
        session.projectChanged.connect(lambda _project: self._show_suggested_by())
        session.message.connect(lambda text, ms: self.statusBar().showMessage(text, ms))
        # ui32: a line said until replaced (a result, Session.tell) comes back after a menu's status tips
        self.kept_line = KeptLine(self, self.statusBar())
        session.message.connect(self.kept_line.said)
        # the bar cuts a line to the room its permanent widgets leave: the whole line is its tooltip
        # (and the jobs menu repeats the latest background-work lines; usertest13 F5)
        self.statusBar().messageChanged.connect(lambda text: self.statusBar().setToolTip(text))
        session.notice.connect(lambda text, action, key, topic: self.info_bar.show_message(text, action=action, key=key, topic=topic))

    # ================================================================= the session's parts, as before

    @property
    def project(self) -> Project:
        return self.session.project

    @property
    def schema(self) -> LabelSchema:
        return self.session.schema

    @property
    def settings(self) -> Settings:
        return self.session.settings

    @property
    def undo_stack(self) -> QUndoStack:
        return self.session.undo_stack

    @property
    def state(self) -> ArticleState | None:
        return self.session.state

    @state.setter
    def state(self, value: ArticleState | None) -> None:
        self.session.state = value

    @property
    def selected_id(self) -> str | None:
        return self.session.selected_id

    @selected_id.setter
    def selected_id(self, value: str | None) -> None:
        self.session.selected_id = value

    @property
    def review_anchor(self) -> tuple[int, int, str] | None:
        return self.session.review_anchor

    @review_anchor.setter
    def review_anchor(self, value: tuple[int, int, str] | None) -> None:
        self.session.review_anchor = value

    def apply_shortcuts(self) -> None:
        self.menus.apply_shortcuts()

    def _update_undo_texts(self, _index: int = 0) -> None:
        if not shiboken6.isValid(self.undo_stack):  # the window is being destroyed
            return
        self.menus.update_undo_texts()

    def _fill_recent_menu(self) -> None:  # tests fill it without opening the menu
        self.menus.fill_recent_menu()

    # ================================================================= project

    def _set_project(self, project: Project) -> None:
        self.session.set_project(project)  # clears state, selection and undo stack
        # Called here, not through Session.projectChanged: an error reading the new project (a
        # damaged file) must reach the caller (launch.open_window offers the repair), and an
        # exception raised in a slot does not.
        self._show_project(project)

    def _show_project(self, project: Project) -> None:
        # fix11l: every notice and message still showing was about the file shown before ("This
        # file was assigned to “ben”… saved to ben.db" over cy.db); the new file's own notices are
        # rebuilt from it (read-only below; the assigned-file one at the first edit, Session.analyst).
        self.info_bar.hide()
        self.summary_bar.hide()
        self.statusBar().clearMessage()
        self._update_undo_texts()
        self._save_failed = False
        self._last_saved = ""  # fixut17a: "Saved HH:MM:SS" was the file shown before's last edit
        self._gone_told = None
        self._show_title(project)
        self.view.forget_kept()  # article ids of another file
        self.view.set_schema(self.schema)
        self.legend.set_schema(self.schema)
        self.details.set_schema(self.schema)
        self.article_panel.set_polarities(self.schema.stance_polarities)
        self.menus.fill_label_menu()
        self.guidelines_panel.refresh()
        self.settings.add_recent(project.path)
        self.span_list.model.set_filters(*self.menus.view_filters())  # before the first article's rows are built
        # 'most uncertain first' kept across reopen (issue 10), set before the list is read: listed
        # first, the list kept the other file's scores and order under this file's box (fixut17a)
        self.active_order.project_shown()
        self.refresh_article_list()
        self.preannotator.project_shown()  # fixut16a: this project's own pipeline, a missing one said once
        first = self.navigator.reopened_article()  # where the analyst was (usertest24p L5)
        if first is not None:
            self.open_article(first)
        else:
            self.navigator.show_empty()
        self.menus.apply_layers()
        self.view.set_show_suggestions(self.show_suggestions_action.isChecked())
        self.view.set_show_rejected(self.show_rejected_action.isChecked())
        if project.read_only:
            self._show_read_only_note()
        self.update_saved()
        # perf12g (issue 12): the write-ahead log's header and its two disk syncs are paid here,
        # while the window opens, not by the analyst's first edit (storage/project.py)
        project.prepare_writes()
        self.indexer.start()  # an import's articles not yet in the full-text index: indexed in a thread
        self.file_guard.start()  # backup (if changed) and check, off the main thread
        self.outside_writes.start()  # from the file as shown now

    def _follow_outside_writes(self, article_ids: list[int], gold_ids: list[int]) -> None:
        """fix11j: another program changed the file's data: the list rows of the articles it wrote
        and the open article (when its gold changed) follow (navigation.py); an open curation view
        follows the same signal itself (fix11ah)."""
        self.indexer.start()  # another program's `annotator import` left its articles to index
        reloaded = self.navigator.follow_outside_writes(article_ids, gold_ids)
        if reloaded:
            self.session.tell("This article was changed by another program (a merge, an import, another window): "
                              "reloaded from the file")

    def _follow_outside_suggestions(self, article_ids: list[int]) -> None:
        """fix11aj (usertest11q M2): another program's pre-annotation stored machine suggestions
        (pending, nobody's annotation) in ``article_ids``: their list rows and the open article show
        them, said as suggestions — never "changed by another program"."""
        if self.navigator.follow_outside_writes(article_ids, article_ids):
            self.session.say("New machine suggestions for this article from another program's pre-annotation: "
                             "shown as pending (your annotations are unchanged)", 6000)

    # ================================================================= articles (navigation.py)

    def open_article(self, article_id: int, *, select: str | None = None) -> None:
        # The details panel is filled once, for the selection the open ends with: the article's
        # annotations refresh emptied it (nothing selected yet) and the selection filled it again,
        # hiding and showing its body, which re-laid out the panel and its quote (~2 ms of
        # UI-thread CPU per undo made in another article, issue 12).
        with self.details_held():
            self.navigator.open_article(article_id, select=select)

    def step_article(self, step: int) -> None:
        self.navigator.step_article(step)

    # --- fix11f wiring: "done" on a team article whose curation is unfinished asks first (ui/done_confirm.py)
    def mark_done_and_next(self) -> None:
        description = self._finishing(ArticleStatus.DONE, "Ctrl+Return")
        if description is not None:
            self.navigator.mark_done_and_next(description)

    def mark_reviewed(self) -> None:
        description = self._finishing(ArticleStatus.REVIEWED, "Ctrl+Shift+Return")
        if description is not None:
            self.navigator.set_status(ArticleStatus.REVIEWED, description)

    def _finishing(self, status: ArticleStatus, key: str) -> str | None:
        """The change log's action for marking the open article ``status``; None (said in the
        status bar, nothing written) when it is the first ask on undecided analysts' units."""
        state = self.session.state
        if state is None or state.article.status in (ArticleStatus.DONE, ArticleStatus.REVIEWED, status):
            return ""  # already finished: nothing more goes to gold by marking it again
        undecided = undecided_units(self.project, state.article_id)
        refused = self.done_confirmation.refusal(state.article_id, undecided, status=status.value, key=key)
        if refused:
            self.session.tell(refused)
            return None
        return done_description(undecided, status=status.value)
    # --- end fix11f wiring

    def refresh_article_list(self) -> None:
        self.navigator.refresh_article_list()

    def articles_changed(self, article_ids: Sequence[int] = ()) -> None:
        """The window's import wrote ``article_ids`` (through its job's own connection): the list,
        the Train panel's counts (usertest17 N7; a filter or a search only refreshes the list),
        and the open article when it is one of them; the file watcher then looks past those
        writes, which are this window's, not another program's (ui21)."""
        self.refresh_article_list()
        self.training.project_edited()
        state = self.state
        if state is not None and state.article_id in set(article_ids):
            selected = self.session.selected_id
            still = {span.id for span in self.project.spans(state.article_id)}
            self.open_article(state.article_id, select=selected if selected in still else None)
        self.outside_writes.pass_own_job()

    # ================================================================= selection

    def selected_span(self) -> Span | None:
        return self.session.selected_span()

    def select_span(self, span_id: str | None, *, scroll: bool = True) -> None:
        self.session.select(span_id, scroll=scroll)

    def _show_selection(self, span_id: str | None, scroll: bool) -> None:
        """``Session.selectionChanged``: the view, the span list and the details follow."""
        self.view.set_selected_span(span_id)
        if span_id is not None:
            self.view.clear_selection()
            if scroll:
                self.view.scroll_to_span(span_id)
        self.span_list.set_current(span_id)
        self.refresh_details()

    def clear_selection(self) -> None:
        """Esc: deselect the span and the selected text; with nothing selected, close the topmost
        open panel (:meth:`close_top_panel`; usertest23: Esc in the article left the Train panel
        open). A pending edit (an edge drag, a picker, a menu) takes its Esc before this."""
        selected = self.view.selected_range() is not None or self.session.selected_id is not None
        self.view.clear_selection()
        self.select_span(None)  # also when nothing is selected: the linking head is forgotten on Esc
        if not selected:
            self.close_top_panel()

    def close_top_panel(self) -> bool:
        """Close the topmost open panel: the Train panel (a run goes on), else the Guidelines, else
        the find bar; the keys stay on the article. False when none is open."""
        train = self.training.panel
        if train is not None and train.isVisible():
            train.hide()
            self.session.say("Closed the Train panel (Ctrl+Shift+M shows it again"
                             + ("; the training goes on)" if self.training.dialog is not None and self.training.dialog.is_running()
                                else ")"), 4000)
        elif self.guidelines_panel.isVisible():
            self.guidelines_panel.hide()
        elif self.find_bar.isVisible():
            self.find_bar.close_bar()
        else:
            return False
        self.view.setFocus()
        return True

    def _on_text_selected(self, start: int, end: int) -> None:
        self.review.track_resize_target(self.selected_id, start, end)  # bounds (issue 9): before the span is deselected
        if end > start and self.selected_id is not None:
            self.session.forget_selection()
            self.view.set_selected_span(None)
            self.span_list.set_current(None)
            self.refresh_details()

    @contextlib.contextmanager
    def details_held(self) -> Iterator[None]:
        """Within: the details panel is refreshed once, at the end, however often it is asked
        to (an accept showed the span decided, then at once the next suggestion: two fills of the
        panel, one seen; issue 12)."""
        self._details_hold += 1
        try:
            yield
        finally:
            self._details_hold -= 1
            if not self._details_hold and self._details_due:
                self._details_due = False
                self.refresh_details()

    def refresh_details(self) -> None:
        if self._details_hold:
            self._details_due = True
            return
        span = self.selected_span()
        if span is None or self.state is None:
            self.details.show_span(None)
            return
        relations = self.state.relations_of(span.id)
        # a piece of a discontinuous span (an interrupted quote) shows the links of the whole
        # attribution, its speaker and cue (stored on the first piece; issue 10: empty on the second)
        pieces = {p.id for p in commands.fragment_pieces(self.state, span)} - {span.id}
        seen = {r.id for r in relations}
        for piece in sorted(pieces):
            relations += [r for r in self.state.relations_of(piece)
                          if r.id not in seen and r.label != FRAGMENT and r.head == piece and not seen.add(r.id)]
        names = {}
        for rel in relations:
            for end in (rel.head, rel.child):  # both ends: a piece's links start at another piece
                other = self.state.span(end) if end != span.id else None
                if other is not None:
                    names[other.id] = other.text_in(self.state.text)
        stances = [t for t in self.state.stance_list() if span.id in (t.evidence, t.holder_span)]
        # hidden by a View filter: A / X / Delete leave it alone, so its buttons are off (usertest10g 7)
        hidden = (self.hidden_note() or "View menu") if self.review.hidden(span) else ""
        self.details.show_span(span, text=self.state.text, relations=relations, names=names, stances=stances, pieces=pieces,
                               hidden=hidden)

    # ================================================================= editing and review (editing.py, review.py)

    def undo(self) -> None:
        self.edits.undo()

    def redo(self) -> None:
        self.edits.redo()

    def step_suggestion(self, step: int) -> None:
        self.review.step_suggestion(step)

    def accept_selected(self) -> None:
        self.review.accept_selected()

    def reject_selected(self) -> None:
        self.review.reject_selected()

    def delete_selected(self) -> None:
        self.review.delete_selected()

    def apply_label(self, name: str) -> None:
        self.review.apply_label(name)

    def apply_label_to_selected(self, name: str) -> None:
        self.review.apply_label_to_selected(name)

    def create_span(self, start: int, end: int, name: str) -> None:
        self.review.create_span(start, end, name)

    def link(self, head_id: str, child_id: str, label: str) -> None:
        self.review.link(head_id, child_id, label)

    def move_edge(self, edge: str, step: int) -> None:  # benchmarks/window.py
        self.review.move_edge(edge, step)

    # ================================================================= context menu

    def _on_context_menu(self, span_id: str, start: int, end: int, pos: QPoint) -> None:
        menu = self.build_context_menu(span_id or None, start, end)
        if menu is not None:
            self.popup_menu(menu, pos)

    def popup_menu(self, menu: QMenu, pos: QPoint) -> None:
        """Run a context menu (modal until an item is chosen; tests replace this)."""
        menu.exec(pos)
        menu.deleteLater()

    def open_context_menu(self) -> None:
        """The right-click menu from the keyboard, at the selected span (or text selection)."""
        canvas = self.view.text_widget()
        rng = self.view.selected_range()
        rects = self.view.span_rects(self.selected_id) if self.selected_id else []
        if not rects and rng is None:
            self.session.say("Select a span (Tab) or some text first", 3000)
            return
        where = rects[-1].bottomLeft() if rects else canvas.cursorRect().bottomLeft()
        menu = self.build_context_menu(self.selected_id, *(rng or (-1, -1)))
        if menu is not None:
            self.popup_menu(menu, canvas.viewport().mapToGlobal(where))

    def build_context_menu(self, span_id: str | None, start: int, end: int) -> QMenu | None:
        from annotator.ui.context_menu import build_context_menu

        return build_context_menu(self.session, self.view, self.review, span_id, start, end, pieces=self.piece_keys)

    # ================================================================= find, theme

    def open_find(self) -> None:
        self.find_bar.open_bar()

    def find_again(self, *, backwards: bool) -> None:
        text = self.find_bar.edit.text()
        if not text:
            self.open_find()
            return
        found = self.view.find(text, backwards=backwards)
        self.find_bar.set_found(found)
        if not found:
            self.session.say(f"“{text}” is not in this article", 3000)

    def _on_find(self, text: str, backwards: bool) -> None:
        if not text:
            return
        self.find_bar.set_found(self.view.find(text, backwards=backwards))

    def focus_article_search(self) -> None:
        self.article_list.search.setFocus()
        self.article_list.search.selectAll()

    def set_theme(self, name: str) -> None:
        from PySide6.QtWidgets import QApplication

        from annotator.ui.theme import apply_theme

        self.settings.set_value("view/theme", name)
        app = QApplication.instance()
        if app is not None:
            apply_theme(app, name)  # type: ignore[arg-type]
            self.view.set_schema(self.schema)  # colours follow the palette

    # ================================================================= status bar

    def note_saved(self) -> None:
        """An edit has just been written to the project file."""
        self._last_saved = time.strftime("%H:%M:%S")
        self._save_failed = False

    def note_save_failed(self) -> None:
        """An edit could not be written: the status bar says so until the next one is."""
        self._save_failed = True
        self.update_saved()

    def update_saved(self) -> None:
        pending = self.state.pending_count() if self.state else 0
        if self.project.read_only:
            self.saved_label.setText(f"Read-only — edits cannot be saved · {pending} pending")
            self.saved_label.setToolTip(read_only_note(self.project))
            return
        if self._save_failed:
            when = "Last edit NOT saved"
        else:
            when = f"Saved {self._last_saved}" if self._last_saved else "All changes saved"
        self.saved_label.setText(f"{when} · {pending} pending")
        self.saved_label.setToolTip(f"Every edit is written to {self.project.path} as you make it; there is nothing to save.")

    def refuse_read_only(self) -> None:
        """An edit was asked of a read-only project: nothing is attempted; say why."""
        self.session.tell(f"Not saved: {self.project.path.name} is read-only ({self.project.read_only_reason})")
        self._show_read_only_note()

    def _show_title(self, project: Project) -> None:
        self.setWindowTitle(f"{project.path.name}{' [read-only]' if project.read_only else ''} — Annotator")

    def _show_read_only_note(self) -> None:
        self.info_bar.show_message(read_only_note(self.project), action="Save a copy as…", key="save_copy")

    # ================================================================= the file moved or unwritable (fixut16b)

    def file_gone(self, gone: ProjectFileGone, *, by_edit: bool = True) -> None:
        """The project file was moved, deleted or replaced while open (usertest H1): found by an
        edit (refused, nothing written) or by the outside-write watcher's look. The window turns
        read-only and says so once, offering to save everything to a new file and open that, or
        to close; later refusals only say it in the status bar."""
        project = self.project
        self._show_now_read_only()
        if self._gone_told is project:
            self.session.tell(f"Not saved: {project.path.name} {gone.happened}")
            return
        self._gone_told = project
        self.session.tell(f"{project.path.name} {gone.happened} — see the message")
        choice = dialogs.choose(self, f"{project.path.name} {gone.happened.split(' (')[0]}",
                                gone_message(gone, self._last_saved, by_edit=by_edit), [("copy", "Save a copy as…"), ("close", "Close window")])
        if choice == "copy":
            self.save_copy()
        elif choice == "close":
            self.close()

    def write_refused(self, error: ProjectWriteError) -> None:
        """The disk refused an edit (usertest M5): read-only file or disk, full, I/O error. The
        edit is not shown (it was never on the undo stack). A read-only file or an I/O error makes
        the window read-only (every further edit would fail the same way); a full disk does not:
        freeing space is enough, and the next edit tries again."""
        project = self.project
        read_only = error.kind != "full"
        if read_only and not project.read_only:
            project.stop_writing(error)
            self._show_now_read_only()
        self.update_saved()
        QMessageBox.warning(self, "Edit not saved", write_refused_message(error, read_only=read_only))

    def _show_now_read_only(self) -> None:
        """The open project has just become read-only: the title, the note, the saved label and
        the guidelines' buttons say so; no more backups (by the old name: another file, or none)."""
        self.file_guard.timer.stop()
        self._show_title(self.project)
        self._show_read_only_note()
        self.update_saved()
        self.guidelines_panel.refresh()

    def save_copy(self) -> bool:
        """File → Save a copy as…: everything this window's connection has committed, to a new
        file (:meth:`Project.save_copy`: read only, never written to the open file). A project that
        cannot be written (moved, read-only, a disk error) is then replaced in the window by the copy."""
        project = self.project
        gone = project.gone
        folder = gone.now_at.parent if gone is not None and gone.now_at is not None else project.path.parent
        if not folder.is_dir():
            folder = Path.home()
        suggested = folder / f"{project.path.stem} (copy).db"
        name, _ = file_dialogs.get_save_file_name(self, "Save a copy as", str(suggested), "Annotator projects (*.db)")
        if not name:
            return False
        target = Path(name)
        try:
            project.save_copy(target)
        except (AnnotatorError, sqlite3.Error, OSError) as exc:
            QMessageBox.warning(self, "Copy not saved", str(exc))
            return False
        if project.read_only:
            if not self.switch_project(target):
                return False
            self.session.tell(f"Saved everything to {target} and opened it: edits are saved there now")
        else:
            self.session.tell(f"Saved a copy of {project.path.name} as {target}")
        return True

    def show_saved(self) -> None:
        if self.project.read_only:
            self.refuse_read_only()
            return
        self.session.say(f"All changes saved — every edit is written to {self.project.path.name} as you make it", 5000)

    # ================================================================= analyst

    def tell(self, text: str) -> None:
        """A status-bar line carrying a result, until replaced and kept in "Lately" (:meth:`Session.tell`)."""
        self.session.tell(text)

    def analyst(self, *, ask: bool = True) -> str:
        """The analyst's name (:meth:`Session.analyst`)."""
        return self.session.analyst(ask=ask)

    def _on_info_action(self, key: str) -> None:
        if key == "save_copy":
            self.save_copy()
        elif key == "name":
            self.info_bar.hide()
            self.open_preferences()
        elif key == "pipeline":
            self.info_bar.hide()
            self.open_preferences(focus="pipeline")
        self.view.setFocus()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            if hasattr(self, "places"):
                self._cascade_once_shown()  # fix11am: clear of the other open windows; recorded at once for the next
            self.view.setFocus()  # the analyst's keys go to the article, not the search field
            # Ask for the keyboard too (issue 10, ui10p): a window shown but never activated (X
            # without a window manager handing focus over, a desktop that holds it elsewhere) gets
            # keys with no focus widget and no active window, so no review shortcut fires and Tab
            # walks the focus chain into "Add a tag", where the next "A" was typed.
            self.activateWindow()
            self.raise_()

    # ================================================================= dialogs (dialogs.py)

    def open_preferences(self, focus: str = "") -> None:
        dialogs.open_preferences(self, focus)

    def switch_project(self, path: Path) -> bool:
        try:
            project = Project.open(path)
        except DamagedProjectError as exc:
            return dialogs.open_damaged(self, exc)
        except (AnnotatorError, sqlite3.Error, OSError) as exc:
            QMessageBox.warning(self, "Cannot open project", str(exc))
            return False
        self.change_project(project)
        return True

    def change_project(self, project: Project) -> None:
        """Show ``project`` instead of the open one (stopping its threads and its training), then
        close the old one; its never pre-annotated articles are pre-annotated as at launch."""
        self.navigator.remember_place()
        self.cancel_background()
        training_note = self.training.leave_project()
        self.file_guard.stop()
        old = self.project
        self._set_project(project)
        if old is not project:
            old.close()
        if training_note:
            self.session.tell(training_note)
        self.preannotate_opened()

    def preannotate_opened(self) -> None:
        """fixut17a (usertest16 H2): a project opened in this window (File → Open, a recent file,
        a copy saved and opened, a restored backup) gets the launch's own run: its articles never
        pre-annotated, with this project's pipeline choice (launch.preannotate_at_launch), once
        the switch has painted. File → Open used to run nothing (launching on the same file did)."""
        from annotator.ui.launch import preannotate_at_launch, wants_preannotation

        project = self.project

        def start() -> None:
            if self.project is project and not project.closed and not project.read_only and wants_preannotation(project):
                # fixut18b: the status line said "… at launch" after File → Open
                preannotate_at_launch(self, occasion=f"on opening {project.path.name}")

        QTimer.singleShot(0, self, start)

    # ================================================================= background work

    def start_preannotation(self, article_ids: Iterable[int] | ArticleQuery | None = None, *, asked: bool = True,
                            occasion: str = "at launch", after: str = "") -> bool:
        """Pre-annotate (:meth:`Preannotator.start`); ``asked`` False: the launch's automatic run,
        said in the status bar only (nothing over the article), with ``occasion`` ("at launch",
        "on opening p.db"); ``after``: a line its own carries (the sample's missing article, ui26)."""
        if self.project.read_only:
            self.refuse_read_only()
            return False
        return self.preannotator.start(article_ids, asked=asked, occasion=occasion, after=after)

    def preannotate_asked(self) -> bool:
        """File → Pre-annotate articles: the articles the pipeline in use has not pre-annotated
        yet, or all of them again, as the analyst picks (:meth:`Preannotator.which_articles`)."""
        if self.project.read_only:
            self.refuse_read_only()
            return False
        query = self.preannotator.which_articles()
        return query is not None and self.preannotator.start(query, asked=True)

    def preannotate_imported(self, article_ids: Sequence[int], line: str) -> bool:
        """File → Import's run (usertest19 L7): ``article_ids`` never pre-annotated are now, as the
        launch's run would (not when the project's ``auto_preannotate`` is ``"0"``);
        ``line``, the import's summary, is carried by the run's lines
        (:meth:`Preannotator.start_imported`)."""
        from annotator.ui.launch import launch_preannotates

        if self.project.read_only or not launch_preannotates(self.project):
            return False
        return self.preannotator.start_imported(article_ids, line)

    def _keep_thread(self, thread: Any) -> None:
        """A thread of the window's own (training): ``shutdown`` waits for it once it is cancelled."""
        self.background.retired.append(thread)
        thread.finished.connect(lambda t=thread: self.background.retired.remove(t) if t in self.background.retired else None)

    def run_job(self, title: str, fn: Callable[..., Any], on_done: Callable[[Any], None]) -> bool:
        return self.background.run_job(title, fn, on_done)

    def is_busy(self) -> bool:
        return self.background.is_busy()

    def cancel_background(self) -> None:
        self.background.cancel()

    def _cancel_index_catch_up(self) -> None:
        """The catch-up indicator's own Cancel: the catch-up alone; a running job goes on."""
        if self.indexer.cancel():
            self.session.say("Indexing for search stopped; the next filter goes on with it", 4000)

    @property
    def worker(self) -> workers.PreannotateWorker | None:
        return self.background.worker

    @property
    def job(self) -> workers.JobWorker | None:
        return self.background.job

    @property
    def _retired(self) -> list[Any]:  # the tests wait for these threads
        return self.background.retired

    @property
    def pipeline(self) -> Any:
        return self.preannotator.pipeline

    @pipeline.setter
    def pipeline(self, value: Any) -> None:
        self.preannotator.pipeline = value

    def import_dialog(self) -> None:
        if self.project.read_only:
            self.refuse_read_only()
            return
        from annotator.ui.transfer import start_import

        start_import(self)

    def export_dialog(self) -> None:
        from annotator.ui.transfer import start_export

        start_export(self)

    # ================================================================= closing

    def _restore_geometry(self) -> None:
        geometry = self.settings.value("window/geometry")
        if geometry:
            self.restoreGeometry(geometry)  # type: ignore[arg-type]
        self._place_among_other_windows()
        # "window/right3": the right side has three parts since the Article panel (an older two-part state is ignored)
        for name, splitter in (("window/splitter", self.splitter), ("window/right3", self.right_splitter)):
            state = self.settings.value(name)
            if state:
                splitter.restoreState(state)  # type: ignore[arg-type]

    def _place_among_other_windows(self) -> None:
        """fix11am: a second window (another ``annotator open``, any project) restored the same
        saved geometry and lay exactly over the first. Each window holds a slot of
        ``window_places`` while open (claimed here, before the window shows); on its first show it
        cascades clear of every other open window (:meth:`_cascade_once_shown`)."""
        from annotator.ui.window_places import WindowPlaces

        self.places = WindowPlaces(Path(self.settings.file_name).parent / "windows")
        self._place_due = QTimer(self, singleShot=True, interval=250)  # a drag records once, at its end
        self._place_due.timeout.connect(self._record_place)
        self.places.claim()

    def _cascade_once_shown(self) -> None:
        # Placed once shown: only then is pos() the frame's top-left as the other windows recorded
        # it (before, a restored geometry reads the client area's, a frame margin off)
        from annotator.ui.window_places import cascade

        here = QRect(self.pos(), self.size())
        screen = (self.screen() or QApplication.primaryScreen()).availableGeometry()
        placed = cascade(here, self.places.others(), screen)
        if placed != here:
            self.move(placed.topLeft())
        self._record_place()

    def _record_place(self) -> None:
        self.places.record(QRect(self.pos(), self.size()))

    def moveEvent(self, event: QMoveEvent) -> None:  # noqa: N802
        super().moveEvent(event)
        if hasattr(self, "_place_due"):
            self._place_due.start()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        if hasattr(self, "_place_due"):
            self._place_due.start()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.navigator.remember_place()  # the next open lands here (usertest24p L5)
        self.settings.set_value("window/geometry", self.saveGeometry())
        if hasattr(self, "places"):
            self._place_due.stop()
            self.places.release()  # its place is free for the next window
        self.settings.set_value("window/splitter", self.splitter.saveState())
        self.settings.set_value("window/right3", self.right_splitter.saveState())
        self.cancel_background()  # the window closes at once; threads stop at their next check
        self.background_tokens.cancel()  # also while paused behind other work (Ctrl+. leaves it then)
        self.background_tokens.timer.stop()
        # launch12b: no more backups, but one in progress is not waited for here: on a 50,000-article
        # project (640 MB) it takes seconds, during which the closing window froze; shutdown() lets it finish.
        self.file_guard.timer.stop()
        self.outside_writes.stop()  # fix11j: no look at a file being closed
        self.article_list.stop_pending()  # a search typed just before: no refresh of a closed file
        self.settings.sync()
        super().closeEvent(event)

    def shutdown(self, seconds: float | None = None) -> list[Any]:
        """After the window has closed: let cancelled threads end (an import or export stops at
        its next article, its second process asked, then terminated: ``stream_pool.STOP_WAIT``;
        destroying a running QThread would abort the process) and a backup in progress finish,
        then close the project file. Every edit was committed long before. Waits
        ``seconds`` (default :data:`SHUTDOWN_WAIT` = 15 s) at most in all (perf12h: no wait
        without a bound); returns the threads still running then (empty: all ended), which the
        caller must not destroy (:func:`annotator.ui.launch.run_app` leaves the process at once,
        nothing half-written: an export writes a temporary file, an import rolls back)."""
        deadline = time.monotonic() + (SHUTDOWN_WAIT if seconds is None else seconds)
        running = wait_for_threads(self.background.retired, deadline)
        self.file_guard.timer.stop()
        self.file_guard.wait(max(0.0, deadline - time.monotonic()))  # a backup writes a .part file, renamed when whole
        if self.file_guard.busy():
            running.append(self.file_guard)
        else:
            self.file_guard.stop()
        self.project.close()
        return running

    # ================================================================= damage, backups (file_safety.py)

    def database_failed(self, exc: BaseException) -> None:
        """After any ``sqlite3.DatabaseError``: check the file; offer a repair when it is damaged."""
        error = diagnose(self.project.path, exc)
        if error is not None:
            self.report_damage(error)

    def report_damage(self, error: DamagedProjectError) -> None:
        """Say what is damaged and offer the newest good backup (or an index rebuild)."""
        self.session.tell(f"{self.project.path.name} is damaged — see the message")
        choice = dialogs.offer_repair(self, error)
        if choice == "restore" and error.backup is not None:
            self.replace_project_file(lambda path: backups.restore(path, error.backup, keep=self.file_guard.keep()),
                                      done=f"Restored the backup of {error.backup.when}")
        elif choice == "rebuild":
            self.replace_project_file(lambda path: backups.rebuild_index(path, keep=self.file_guard.keep()),
                                      done="Rebuilt the search index")

    def replace_project_file(self, action: Callable[[Path], Any], *, done: str) -> bool:
        """Close the project, run ``action(path)`` on its file (restore, repair), open it again.
        A refusal (open in another window, read-only…) is shown and the project reopened as it was."""
        path = self.project.path
        self.cancel_background()
        self.background_tokens.cancel()  # it writes the file: stopped before the file is replaced
        running = wait_for_threads(self.background.retired, time.monotonic() + SHUTDOWN_WAIT)
        if running:  # a thread still writing the file: replacing it now could lose its work
            QMessageBox.warning(self, "Not done", f"A background task did not stop within {SHUTDOWN_WAIT:g} s; "
                                "nothing was changed. Try again when the status bar shows no work running.")
            return False
        self.file_guard.stop()  # a backup being copied finishes first: the file must not change under it
        self.training.leave_project()
        self.project.close()
        ok = True
        try:
            action(path)
        except (AnnotatorError, sqlite3.Error, OSError) as exc:
            QMessageBox.warning(self, "Not done", str(exc))
            ok = False
        try:
            project = Project.open(path)
        except DamagedProjectError as exc:
            project = Project.open(path, check=False)  # keep showing what can be read
            QMessageBox.warning(self, "Project still damaged", str(exc))
            ok = False
        self._set_project(project)
        if ok:
            self.session.tell(done)
        self.preannotate_opened()
        return ok

    def restore_backup(self) -> None:
        """File → Restore backup…"""
        dialogs.restore_backup(self)
