"""The curation view (issue 11): adjudicate the analysts' layers of each article into gold.

A window-modal dialog over the main window: the article's text with every unit (a place the
analysts annotated, :mod:`annotator.domain.curation`) coloured by agreement — all agree / partial /
label conflict / one analyst only — with the analysts drawn as lanes beside it (:class:`AnalystLanes`)
and, under it, the units side by side: one column per analyst (their colour, digit key and
version), then the gold layer; the stance units follow the span units. Keys (:data:`CURATION_KEYS`):
It opens on the article the main window shows. Tab goes disagreement to disagreement (stances
too, and decisions ⚠ changed since decided), a digit keeps that analyst's version, ``A``
accepts an agreed unit, ``X`` rejects, Ctrl+Return accepts every agreed unit of the article;
Shift(+Ctrl)+arrows resize and ``L`` relabels the gold span (or edits a gold stance's polarity).

At speed (issue 11, fix11): an article is aligned once (:class:`ArticleCuration`, in a background
thread when it is long: :data:`BACKGROUND_SPANS`) and then followed edit by edit; the table is a
lazy model repainting only the rows an edit changed; text colours and lanes are drawn for the
units on screen only. ``benchmarks/curation.py`` measures it.

Every decision is an ordinary edit given to ``push`` (the window's ``EditPath.push``): written to
the project file at once and put on the window's undo stack; Ctrl+Z here calls ``undo``. The view
follows the stack (``refresh`` on ``indexChanged``), so an undo made anywhere shows here. It takes
the project and callables, never the window (no module under ``annotator/ui/`` imports it).
"""

from __future__ import annotations

import bisect
import re
import sqlite3
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QPoint, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QKeyEvent, QPainter, QPen, QTextCharFormat, QTextCursor, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QHBoxLayout, QHeaderView, QInputDialog, QLabel, QProgressBar, QSizePolicy, QTableView,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from annotator.domain import commands, curation
from annotator.domain.boundaries import moved_edge
from annotator.domain.curation_flags import count_kinds, disagreements_counter, disagreements_left, flag_counter, flag_counts
from annotator.domain.curation import (STANCE_KEY, Agreement, Alignment, ArticleCuration, CurationInput, Decision, StanceUnit, Unit,
                                       nothing_left_hint)
from annotator.domain.edits import Edit
from annotator.domain.words import plural
from annotator.domain.model import Span, Status
from annotator.domain.offsets import OffsetMap
from annotator.storage import rows
from annotator.storage.project import Project
from annotator.ui.curation_keys import CURATION_KEYS
from annotator.ui.file_watch import POLL_MS, OutsideWrites
from annotator.ui.glyphs import BoxTooltips
from annotator.ui.relabel_confirm import RelabelConfirmation

#: Background of a unit by agreement (light enough to read black text on, in both themes' text view).
AGREEMENT_COLOURS: dict[Agreement, str] = {
    Agreement.AGREED: "#b7e4b0",
    Agreement.PARTIAL: "#ffd98a",
    Agreement.CONFLICT: "#f4a3a3",
    Agreement.ONE_ANALYST: "#c9c3f0",
    Agreement.SINGLE: "#d9d9d9",  # grey: nobody else saw it, neither agreed (green) nor disputed
    Agreement.GONE: "#f7b6d9",  # pink: a gold decision no analyst's version is left of (changed since decided)
    Agreement.LEFT_OUT: "#f6c8a0",  # fix11u: orange-ish: gold's own span every analyst left out (gold differs)
}
AGREEMENT_NAMES: dict[Agreement, str] = {
    Agreement.AGREED: "all agree", Agreement.PARTIAL: "partial", Agreement.CONFLICT: "label conflict",
    Agreement.ONE_ANALYST: "one analyst", Agreement.SINGLE: "single (one analyst given the article)",
    Agreement.GONE: "no version left (deleted since decided)",
    Agreement.LEFT_OUT: "left out by all (gold's own)",
}
#: One colour per analyst lane (column header and versions), in analyst order, cycling.
ANALYST_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f")


#: How often the project file is looked at for other programs' changes (ms): the watcher's
#: (file_watch.OutsideWrites, shared with the window). Every decision looks too, before it is written.
FILE_POLL_MS = POLL_MS

#: An article whose analysts' layers hold more spans than this is read and aligned in a background
#: thread (:class:`_Aligning`): the view opens at once and shows its units when they are ready
#: (about 3 s for the tester's 611,566-character article of 68,793 spans on a shared 2-core machine).
BACKGROUND_SPANS = 4_000


class _Aligning:
    """One article read and aligned in a Python thread on its own read-only connection to the
    project file (a connection is not shared between threads). :meth:`done` is polled by the
    view's timer; ``mark`` is the undo stack's mark when it started: an edit made since makes
    the view start again rather than show a stale alignment."""

    def __init__(self, path: Any, article_id: int, analysts: list[str], mark: tuple[int, object], *, counting: bool) -> None:
        self.article_id, self.mark, self.counting = article_id, mark, counting
        self.path, self.analysts = path, list(analysts)
        self.result: ArticleCuration | None = None
        self.error = ""
        # what the thread is doing, for the view's busy line (a str assignment: atomic across threads)
        self.phase = "opening the project file"
        self.started = time.perf_counter()
        self.thread = threading.Thread(target=self._run, name=f"curation-align-{article_id}", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            with Project.open(self.path, create=False, read_only=True, check=False) as project:
                data = curation.curation_input(project, self.article_id, self.analysts, progress=self._reading)
                self.phase = f"aligning {sum(len(b.spans) for b in data.layers.values()):,} spans into units"
                self.result = ArticleCuration(data)
        except Exception as exc:  # noqa: BLE001 - shown in the view's status line, never lost in a thread
            self.error = f"article #{self.article_id} could not be read: {exc}"

    def _reading(self, what: str) -> None:
        self.phase = f"reading {what}"

    def done(self) -> bool:
        return not self.thread.is_alive()


#: What the status of an article in an analyst's own file means, as the column header says it
#: (``Project.layer_article_statuses``; "" — a layer imported, not merged from a file — says nothing).
STATUS_IN_FILE: dict[str, str] = {
    "new": "not started",  # ui12j: an edit starts an article, opening it does not
    "in_progress": "in progress",
    "done": "marked done",
    "reviewed": "reviewed",
}




def analyst_header(number: int, analyst: str, status: str) -> tuple[str, str]:
    """The column header of an analyst (``number`` their digit key) and its tooltip: the status of
    the article in the analyst's own project file when it was merged (the header said "(new)"
    before, which read as "a new analyst" or "new annotations"; it meant the analyst had never
    opened the article)."""
    tip = f"Key {number}: keep {analyst}'s version of the current unit."
    if not status:
        return f"{number} {analyst}", tip + f" {analyst}'s layer of this article was imported, so it has no status of theirs."
    said = STATUS_IN_FILE.get(status, status.replace("_", " "))
    tip += (f" “{said}”: the status {analyst} gave this article in their own project file when it was merged "
            f"(not started: {analyst} had made no edit in it — opening an article does not start it — so an empty "
            "or partial version may mean “not looked at”, "
            "not “nothing there”; in progress: still being annotated; marked done / reviewed: finished).")
    return f"{number} {analyst} ({said})", tip


def curated_article_ids(project: Project, analysts: list[str]) -> list[int]:
    """Articles given to at least one analyst, in id order."""
    ids: set[int] = set()
    for name in analysts:
        ids.update(project.layer_article_ids(name))
    return sorted(ids)


def row_of(al: Alignment, key: str) -> int | None:
    """The table row of a unit or stance unit key: span units first (text order), then stances."""
    if key.startswith(STANCE_KEY):
        return next((len(al.units) + n for n, st in enumerate(al.stances) if st.key == key), None)
    return al.row(key)


#: How many characters of its title (else of its text) the article box shows (fix11q).
TITLE_CHARS = 60

#: fix11ac (usertest11n N2): what Tab says, and what a key on the unit Tab stayed on says, once no
#: disagreement is left: A, X and the digits change a decided unit only when it is chosen on purpose.
PARKED_HINT = (" — A, X, 1…9, L and Shift/Ctrl+Shift+←/→ act on the unit Tab stayed on only after you choose it "
               "(click its row, or ↑/↓)")


def cut_title(words: str, limit: int = TITLE_CHARS) -> str:
    """``words`` (spaces already collapsed) at most ``limit`` characters: cut at the last word
    boundary with "…" when longer (fix11q, usertest11g 9: the box cut «…soon" in » mid-phrase with
    no sign anything was left out), whole when it fits."""
    if len(words) <= limit:
        return words
    cut = words[:limit - 1]
    if " " in cut and not words[limit - 1].isspace():
        cut = cut[:cut.rfind(" ")]
    return cut.rstrip() + "…"


def middle_cut(words: str, limit: int = 40) -> str:
    """``words`` at most ``limit`` characters (code points), cut in the middle with "…": the start
    and the end of a long span both stay readable, and what follows it in a cell stays in sight."""
    if len(words) <= limit:
        return words
    head = (limit - 1) // 2
    start, end = words[:head], words[len(words) - (limit - 1 - head):]
    # fix11k: at a word boundary when there is one ("…the Unit" read as another word than "United")
    if " " in start.strip() and not words[head].isspace():
        start = start[:start.rstrip().rfind(" ")]
    if " " in end.strip() and not words[len(words) - len(end) - 1].isspace():
        end = end[end.lstrip().find(" ") + (len(end) - len(end.lstrip())):]
    return start.rstrip() + "…" + end.lstrip()


def stance_agreement(st: StanceUnit) -> Agreement:
    """A stance unit's colour: agreed, one analyst only, or differing polarities (a conflict); a
    gold stance no analyst's stance is left of: gone."""
    if st.orphan:
        return Agreement.GONE
    if st.left_out:  # fix11u: gold's own stance every analyst left out
        return Agreement.LEFT_OUT
    if len(st.analysts) <= 1:
        return Agreement.SINGLE
    if st.agreed:
        return Agreement.AGREED
    return Agreement.ONE_ANALYST if len(st.polarities) == 1 else Agreement.CONFLICT if len(set(st.polarities.values())) > 1 else Agreement.PARTIAL


class AnalystLanes(QWidget):
    """The analysts drawn as lanes beside the text (issue 11): one narrow column per analyst, in
    the analyst's colour, with a bar beside every line their version of a unit covers, filled with
    the unit's agreement colour — who marked what, and where they differ, at a glance. Only the
    units on screen are drawn (``units`` gives them, ``span_rect`` where a text range lies)."""

    LANE = 16

    def __init__(self, analysts: list[str], units: Callable[[], list[Unit]], span_rect: Callable[[int, int], tuple[int, int] | None],
                 current: Callable[[], str | None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("curation_lanes")
        self.analysts, self._units, self._span_rect, self._current = analysts, units, span_rect, current
        self.setFixedWidth(self.LANE * max(1, len(analysts)) + 4)
        self.setToolTip("Lanes: " + ", ".join(f"{n} {a}" for n, a in enumerate(analysts, 1))
                        + " — a bar where that analyst marked a unit, coloured by agreement")

    def paintEvent(self, _event: Any) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#fafafa"))
        lane = {a: n for n, a in enumerate(self.analysts)}
        for n, a in enumerate(self.analysts):
            colour = QColor(ANALYST_COLOURS[n % len(ANALYST_COLOURS)])
            colour.setAlpha(40)
            painter.fillRect(2 + n * self.LANE, 0, self.LANE - 2, self.height(), colour)
        current = self._current()
        for unit in self._units():
            fill = QColor(AGREEMENT_COLOURS[unit.agreement])
            for version in unit.versions:
                where = self._span_rect(version.start, version.end)
                if where is None or version.analyst not in lane:
                    continue
                top, bottom = where
                n = lane[version.analyst]
                border = QColor(ANALYST_COLOURS[n % len(ANALYST_COLOURS)])
                painter.setPen(QPen(border, 3 if unit.key == current else 1))
                painter.setBrush(fill)
                painter.drawRect(3 + n * self.LANE, top, self.LANE - 5, max(4, bottom - top))
        painter.end()


class _FittedLabel(QLabel):
    """A status label that never widens its window (issue 11, fix11f: a long ⚠ or refusal line
    pushed the curation window past a 1600 px screen): it wraps to the width it is given, and its
    tooltip holds the whole text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        super().setText(text)
        self.setToolTip(text)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name: as narrow as the layout wants
        hint = super().minimumSizeHint()
        return QSize(0, hint.height())


class UnitsModel(QAbstractTableModel):
    """The units of one article as table rows (text order): an agreement column, one column per
    analyst, then gold. Cells are described when Qt asks for them (the rows on screen), never all
    up front: an article of tens of thousands of units opens at once, and a decision emits
    ``dataChanged`` for the rows it changed only (:meth:`update`)."""

    def __init__(self, describe: Callable[[Unit | StanceUnit, int], str], parent: QWidget | None = None,
                 tip: Callable[[Unit | StanceUnit, int], str] | None = None) -> None:
        super().__init__(parent)
        self._describe = describe
        self._tip = tip or describe  # a cell is elided to its column: the tooltip holds the whole text
        self.alignment: Alignment | None = None
        self.headers: list[str] = []
        self.header_tips: list[str] = []
        self.analysts: list[str] = []

    def reset(self, alignment: Alignment | None, headers: list[str], analysts: list[str], tips: list[str] | None = None) -> None:
        self.beginResetModel()
        self.alignment, self.headers, self.analysts = alignment, headers, analysts
        self.header_tips = list(tips or [])
        self.endResetModel()

    def update(self, alignment: Alignment, changed: list[str]) -> None:
        """The same units with new gold: repaint the rows of ``changed`` (unit keys) only."""
        self.alignment = alignment
        last = len(self.headers) - 1
        for key in changed:
            row = row_of(alignment, key)
            if row is not None:
                self.dataChanged.emit(self.index(row, 0), self.index(row, last))

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's signature
        return 0 if parent.isValid() or self.alignment is None else len(self.alignment.units) + len(self.alignment.stances)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.headers):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        if role == Qt.ItemDataRole.ToolTipRole and section < len(self.header_tips):
            return self.header_tips[section]
        if role == Qt.ItemDataRole.ForegroundRole and 1 <= section <= len(self.analysts):
            return QColor(ANALYST_COLOURS[(section - 1) % len(ANALYST_COLOURS)])
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        al = self.alignment
        if al is None or not index.isValid():
            return None
        row, col = index.row(), index.column()
        unit: Unit | StanceUnit = al.units[row] if row < len(al.units) else al.stances[row - len(al.units)]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._describe(unit, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tip(unit, col)
        if role == Qt.ItemDataRole.BackgroundRole and col == 0:
            return QColor(AGREEMENT_COLOURS[stance_agreement(unit) if isinstance(unit, StanceUnit) else unit.agreement])
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == 0:
                return QColor("black")
            if col <= len(self.analysts):
                return QColor(ANALYST_COLOURS[(col - 1) % len(ANALYST_COLOURS)])
        if role == Qt.ItemDataRole.FontRole and unit.decided:
            font = QFont()
            font.setItalic(True)
            return font
        return None


class CurationDialog(QDialog):
    """See the module doc. ``by`` gives the curator's name recorded in each decision."""

    def __init__(self, project: Project, push: Callable[[Edit], bool], *, undo: Callable[[], None],
                 redo: Callable[[], None], by: Callable[[], str] = lambda: "", parent: QWidget | None = None,
                 article_id: int | None = None, watch: OutsideWrites | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("curation_dialog")
        self.setWindowTitle("Curation — adjudicate the analysts' layers")
        self.project, self._push, self._undo, self._redo, self._by = project, push, undo, redo, by
        self.analysts = [info.analyst for info in project.layers()]
        self.article_ids = curated_article_ids(project, self.analysts)
        self._statuses = {a: project.layer_article_statuses(a) for a in self.analysts}
        self.article_id: int | None = None
        self.state: ArticleCuration | None = None  # the open article, aligned once, followed edit by edit
        self.current: str | None = None  # unit key
        self._aligned: dict[int, ArticleCuration] = {}  # articles aligned while counting, kept for opening (2 at most)
        self._offsets: OffsetMap | None = None
        self._starts: list[int] = []  # the units' starts (text order) and the longest unit: the units on screen by bisecting
        self._longest = 0
        self._synced: tuple[int, object] = (0, None)  # the undo stack's index and edit the view shows
        self._relabel = RelabelConfirmation()  # the relabel whose losses were named once (shared with the window)
        self._sizes: dict[int, int] = {}  # article id -> analysts' spans (which articles align in the background)
        self._job: _Aligning | None = None
        self._polling = QTimer(self)
        self._polling.setInterval(30)
        self._polling.timeout.connect(self._poll)
        self._left: dict[int, int] = {}  # article id -> disagreements left
        # cur11ui: article id -> decisions ⚠ changed since decided (Tab visits them as it visits
        # disagreements: an article holding only those is still one Tab goes to)
        self._flagged: dict[int, int] = {}
        self._unlinked: dict[int, int] = {}  # fix11o: of _flagged, the ⚠ linked to nothing (counted apart)
        # the open article's units and stance units Tab (or opening) showed since it was opened:
        # Tab leaves the article only when every disagreement and ⚠ of it was visited
        # fix11v: with what it was open for then (_open_state): a unit that became ⚠ after Tab showed
        # it (its quote rejected later leaves a kept CUE linked to nothing) is not visited
        self._visited: dict[str, tuple[object, ...]] = {}
        # the way the open article was entered: 1 opened or Tab into it, -1 Shift+Tab into it. Going
        # on that way leaves only when all is visited; reversing out the way one came in is going back
        self._entered = 1
        self._from_top = False  # set by an article change (open_article): the next Tab starts from the top
        # fix11q (usertest11g 8): the view just opened on an article's first open item, which no key
        # has landed on yet: the row is shown as where Tab starts, and the first Tab lands on it (it
        # went on to the second: the first was reached only after wrapping round every article).
        # Shift+Tab from there goes back as from before that first item: the previous article's last.
        self._opening = False
        #: fix11ag P6: (unit key, stance key) — Tab landed on a stance's undecided holder (or quote)
        #: first; the next Tab from that unit goes on to the stance
        self._deferred: tuple[str, str] | None = None
        self._parked: str | None = None  # fix11ac N2: the decided unit Tab stayed on, saying nothing is left
        # Keys pressed while the open article is still aligning (key, modifiers), in order: applied
        # when its units are ready, as if they had been there (none lost, none applied to nothing).
        self._held: list[tuple[int, Qt.KeyboardModifier]] = []
        self._busy_shown = 0.0  # when the busy line was last written (perf_counter)

        self.article_box = QComboBox()
        self.article_box.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # fix11f: sized by a few characters, not by the longest title (which widened the window)
        self.article_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.article_box.setMinimumContentsLength(24)
        self.article_box.activated.connect(self._choose_article)
        self.article_box.currentIndexChanged.connect(lambda _i: self.article_box.setToolTip(self.article_box.currentText()))
        self.counter = _FittedLabel()
        self.counter.setObjectName("curation_counter")
        # busy while a long article's units are read and aligned in the background (no step count:
        # reading and aligning report phases, not fractions, so the bar runs without a percentage)
        self.busy = QProgressBar()
        self.busy.setObjectName("curation_busy")
        self.busy.setRange(0, 1)  # determinate while hidden: a running busy animation repaints ~60 times a second
        self.busy.setMaximumWidth(140)
        self.busy.setTextVisible(False)
        self.busy.hide()
        top = QHBoxLayout()
        top.addWidget(QLabel("Article:"))
        top.addWidget(self.article_box, 1)
        top.addWidget(self.busy)

        self.text = QTextEdit(readOnly=True)
        self.text.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        BoxTooltips(self.text)  # an empty box (no font can draw the character) is named (usertest10g)
        self.legend = QLabel(" ".join(
            f"<span style='background:{AGREEMENT_COLOURS[a]};color:black'>&nbsp;{AGREEMENT_NAMES[a]}&nbsp;</span>" for a in Agreement
        ) + " &nbsp; decided units are underlined, the current one bold; the lanes at the left: one per analyst (1, 2, … in their colours)")
        self.legend.setWordWrap(True)
        self.table = QTableView()
        self.model = UnitsModel(self._cell, self, tip=self._cell_tip)
        self.table.setModel(self.model)
        self.table.setObjectName("curation_units")
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.clicked.connect(lambda index: self._select_row(index.row()))
        self.table.setWordWrap(False)
        # a cell too long for its column loses its middle, not its end: the gold column's "(ana, edited by lead)"
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.text.verticalScrollBar().valueChanged.connect(lambda _v: self._paint_text())
        self.text.verticalScrollBar().valueChanged.connect(lambda _v: self.lanes.update())
        self.help = QLabel("  ·  ".join(f"<b>{k}</b> {what.split(';')[0].split('(')[0].strip().split('.')[0]}"
                                         for k, what in CURATION_KEYS[:5]))
        self.help.setWordWrap(True)
        self.status = _FittedLabel()
        self.status.setObjectName("curation_status")

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.counter)  # its own line: beside the article list it wrapped into a tall block
        self.lanes = AnalystLanes(self.analysts, self.visible_units, self._text_rows, lambda: self.current, self)
        beside = QHBoxLayout()
        beside.setSpacing(2)
        beside.addWidget(self.lanes)
        beside.addWidget(self.text, 1)
        layout.addLayout(beside, 2)
        layout.addWidget(self.legend)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.help)
        layout.addWidget(self.status)
        self.resize(1100, 760)  # within the screen when shown (showEvent)
        self._stack: QUndoStack | None = None  # set by open_curation: the view follows it edit by edit
        # The project's count is made a few articles per event-loop turn (an article of six analysts
        # takes ~50 ms to align): the view opens at once and never blocks on a large project.
        self._to_count: list[int] = list(self.article_ids)
        self._counting = QTimer(self)
        self._counting.setSingleShot(True)
        self._counting.timeout.connect(self._count_some)
        # fix11f: the project file changed by another program (a merge from a terminal) while the
        # view is open. fix11ah: seen by the window's watcher (``watch``: one mechanism for the
        # window and the view, file_watch.py), whose signal the view follows and which every
        # decision asks first (:meth:`_caught_up_with_file`); a view without a window has its own.
        if watch is None:
            watch = OutsideWrites(lambda: project, self)
            watch.start()
        self.file_watch = watch
        self._seen_generation = watch.generation  # the watcher's count of changes this view has read
        self._looking = False  # the view itself asked the watcher (its caller catches up)
        watch.changed.connect(self._outside_change)
        self._fill_articles()
        # cur11ui: open on the article the window shows (its first disagreement, else its first unit:
        # open_article); only when that is no team article, on the first article (list order) with
        # undecided disagreements or ⚠ decisions, else the first not curated
        if article_id is not None and article_id in self.article_ids:
            first: int | None = article_id
        else:
            first = self._next_with_disagreements(None, 1) or next(
                (a for a in self.article_ids if curation.curation_status(self.project.article(a)) != "curated"),
                self.article_ids[0] if self.article_ids else None)
        if first is not None:
            self.open_article(first)
            al = self.alignment
            top = _first_to_decide(al) if al is not None else None
            self._opening = top is not None and top.key == self.current and (
                _to_visit(top) if isinstance(top, Unit) else top.disagreement and not top.decided)
            if article_id is not None and first != article_id:
                self.say(f"Article #{article_id} (the window's) was given to no analyst: showing #{first}")
        self._counting.start(0)
        self.setFocus()

    @property
    def stack(self) -> QUndoStack | None:
        """The window's undo stack the view follows (``open_curation`` sets it)."""
        return self._stack

    @stack.setter
    def stack(self, stack: QUndoStack | None) -> None:
        self._stack = stack
        self._sync_stack_mark()  # what the view shows is the stack as it is now

    # ------------------------------------------------------------------------ the file changed under the view

    def _file_changed(self) -> bool:
        """Ask the watcher now (:meth:`OutsideWrites.check`: the window's rows follow at once too)
        and return whether a change this view has not read is known. fix11af/fix11ah (issue 11
        O7): only another program's change of the data counts, never an ``annotator export`` or
        ``search`` filling the token cache or the full-text index, nor another window opening the
        file (``annotator.storage.outside_changes``). Inside that look (the window following the
        same change may push an edit the view follows) False: the outer look catches up, once."""
        if self._looking:
            return False
        self._looking = True
        try:
            self.file_watch.check()
        except RuntimeError:  # the window's watcher is being deleted with it: nothing more to see
            pass
        finally:
            self._looking = False
        return self.file_watch.generation != self._seen_generation

    def _outside_change(self, _article_ids: list[int], _gold_ids: list[int]) -> None:
        """The watcher's signal: another program changed the data (its own tick, or the window's
        look). A look the view asked for itself is caught up by its caller."""
        if not self._looking:
            try:
                self.follow_file()
            except sqlite3.ProgrammingError:  # the window closed its project under us
                self.close()

    def follow_file(self) -> None:
        """fix11j: another program wrote the file: catch up now, hidden or not — the article box's
        "— curated" marks and the open article then show what the file holds."""
        if self._caught_up_with_file() and self.article_id is not None and self.article_id in self.article_ids:
            self._name_article(self.article_id)

    def _caught_up_with_file(self) -> bool:
        """When another program changed the project file since the view read it (an analyst's file
        merged from a terminal): read the analysts and the open article again, re-align it, count
        every article again, say so in the status line, and return True. False when unchanged."""
        if not self._reread_project():
            return False
        if self.article_id is not None and self.article_id not in self.article_ids:
            self.article_id = None
            self.state = None
            if self.article_ids:
                self.open_article(self.article_ids[0])
        elif self.article_id is not None and self.state is not None:
            current = self.current
            was = self.current_unit()
            place = (was.start, was.end) if was is not None else None
            self._reload()
            al = self.alignment
            if current is not None and al is not None and row_of(al, current) is not None:
                self.current = current
                self._show()
            elif al is not None and (al.units or al.stances):
                # fix11ak N9 (usertest11r): the row shown is gone (a merge replaced the layer: new span ids,
                # new unit keys) — the view had no current row ("at -") until Tab. The unit at the same
                # place, else the first to decide, is current: the keys act on a row that is shown
                same = next((u for u in al.units if place is not None and (u.start, u.end) == place), None)
                first = same if same is not None else _first_to_decide(al)
                if first is not None:
                    self.current = first.key
                    self._show()
        self._say_file_changed()
        return True

    def _say_file_changed(self) -> None:
        al = self.alignment
        changed, unlinked = count_kinds(al.units, al.changed_since_decided()) if al is not None else (0, 0)
        self.say(f"The project file changed under the view (another program: a merge?): article #{self.article_id} "
                 "re-aligned from it" + (f"; ⚠ {flag_counts(changed, unlinked)} (Tab)" if changed or unlinked else ""))

    def _reread_project(self) -> bool:
        """When the file changed since last seen: forget every aligned article and count, read the
        analysts, their statuses and the articles again (a merge may add an analyst or an
        article); True. False (nothing done) when unchanged."""
        if not self._file_changed():
            return False
        self._seen_generation = self.file_watch.generation
        self._aligned.clear()
        self._left.clear()
        self._flagged.clear()
        self._unlinked.clear()
        self.analysts = [info.analyst for info in self.project.layers()]
        self.lanes.analysts = self.analysts
        self.lanes.setFixedWidth(AnalystLanes.LANE * max(1, len(self.analysts)) + 4)
        self._statuses = {a: self.project.layer_article_statuses(a) for a in self.analysts}
        self._sizes.clear()
        ids = curated_article_ids(self.project, self.analysts)
        if ids != self.article_ids:
            self.article_ids = ids
            self._fill_articles()
        self._to_count = [a for a in self.article_ids if a != self.article_id]
        self._counting.start(0)
        if self._job is not None:
            self._job.version = None  # type: ignore[attr-defined]  # of old versions: read again when done (_poll)
        return True

    def _refused_stale(self) -> bool:
        """Before a decision: True (nothing to write; the status line says why) when the file
        changed under the view, so the decision was taken against old versions."""
        if not self._caught_up_with_file():
            return False
        self.say(f"Not applied: the project file changed under the view (another program: a merge?), so that key was "
                 f"pressed on old versions. Article #{self.article_id} is re-aligned from the file: look again, then press it again")
        return True

    # ------------------------------------------------------------------------ reading

    @property
    def data(self) -> CurationInput | None:
        return self.state.data if self.state else None

    @property
    def alignment(self) -> Alignment | None:
        return self.state.alignment if self.state else None

    def _is_big(self, article_id: int) -> bool:
        """Whether the article is aligned in the background (:data:`BACKGROUND_SPANS`; never for a
        project without a file, which another connection cannot open)."""
        if article_id not in self._sizes:
            (n,) = self.project.db.execute("SELECT count(*) FROM layer_spans WHERE article_id = ?", [article_id]).fetchone()
            self._sizes[article_id] = n
        path = getattr(self.project, "path", None)
        return self._sizes[article_id] > BACKGROUND_SPANS and path is not None and str(path) != ":memory:"

    def _start(self, article_id: int, *, counting: bool) -> None:
        self._job = _Aligning(self.project.path, article_id, self.analysts, self._stack_mark(), counting=counting)
        # the changes read when the thread starts: one seen later makes its result old (_poll)
        self._job.version = self._seen_generation  # type: ignore[attr-defined]
        self._polling.start()

    def _poll(self) -> None:
        job = self._job
        if job is None:
            return
        if not job.done():
            # the busy line a few times a second: each repaint takes the GIL from the aligning thread
            if self.state is None and self.article_id is not None and time.perf_counter() - self._busy_shown > 0.25:
                self._show_busy(job)
            return
        self._job = None
        self._polling.stop()
        if not job.error and getattr(job, "version", None) != self._seen_generation:
            # the file changed while it was read (another program): its result is of old versions
            if job.article_id == self.article_id and self.state is None:
                self._start(job.article_id, counting=False)
                return
            self._left.pop(job.article_id, None)
            self._to_count.insert(0, job.article_id)
        elif job.error:
            if job.article_id == self.article_id and self.state is None:
                self._set_busy(False)
                self.counter.setText("The article could not be aligned")
                self._drop_held("the article could not be read")
            self.say(job.error)
        elif job.result is not None and job.mark != self._stack_mark() and job.article_id == self.article_id and self.state is None:
            self._start(job.article_id, counting=False)  # an edit came in while it was read: read it again
            return
        elif job.result is not None:
            self._note_left(job.article_id, job.result.alignment)
            self._name_article(job.article_id, job.result.alignment.article)
            if job.article_id == self.article_id and self.state is None:
                self._load(job.result)
                first = _first_to_decide(job.result.alignment)
                self.current = first.key if first else None
                self._show()
                al = job.result.alignment
                ready = (f"Ready: aligned {sum(len(u.versions) for u in al.units):,} spans into {len(al.units):,} units in "
                         f"{time.perf_counter() - job.started:.1f} s")
                self.say(ready)
                held = len(self._held)
                applied = self._apply_held()
                if held:
                    self.say(f"{ready}; the {applied} key{'s' if applied != 1 else ''} pressed meanwhile applied in order"
                             + (f" (last: {self.status.text()})" if self.status.text() != ready else ""))
            elif job.mark == self._stack_mark():
                self._keep(job.result)
        if self.article_id is not None and self.state is None and self._job is None:
            self._start(self.article_id, counting=False)  # the article opened while another was counted
        elif self._to_count:
            self._counting.start(0)

    def _show_busy(self, job: _Aligning) -> None:
        """The busy line while the open article waits for its units: what the thread does, how
        long it has taken, and the keys held for when it is ready."""
        self._set_busy(True)
        self._busy_shown = time.perf_counter()
        if job.article_id == self.article_id:
            doing = f"{job.phase}… {time.perf_counter() - job.started:.1f} s"
        else:  # another article is being counted first; this one starts when it is done
            doing = f"waiting for article #{job.article_id} to be counted"
        held = f" · {len(self._held)} key{'s' if len(self._held) != 1 else ''} held until ready" if self._held else ""
        self.counter.setText(f"Aligning units in the background: {doing}{held}")

    def _set_busy(self, on: bool) -> None:
        """Show the busy bar running, or hide it stopped (its animation would go on hidden)."""
        if on and self.busy.isHidden():
            self.busy.setRange(0, 0)
            self.busy.show()
        elif not on and not self.busy.isHidden():
            self.busy.hide()
            self.busy.setRange(0, 1)

    def aligning(self) -> bool:
        """Whether the open article's units are still being read and aligned (keys are held)."""
        return self.state is None and self.article_id is not None

    def _apply_held(self) -> int:
        """Apply the keys held while aligning, in order; the number applied. A key that opens
        another long article holds the rest for that one."""
        applied = 0
        while self._held and not self.aligning():
            key, mods = self._held.pop(0)
            action = self._action_for(key, mods)
            if action is not None:
                action()
                applied += 1
        return applied

    def _drop_held(self, why: str) -> None:
        if self._held:
            n = len(self._held)
            self._held.clear()
            self.say(f"{n} key{'s' if n != 1 else ''} pressed while aligning not applied: {why}")

    def _choose_article(self, index: int) -> None:
        """An article chosen in the list (mouse): keys held for the one aligning are not applied there."""
        article_id = self.article_ids[index]
        dropped = ""
        if article_id != self.article_id and self._held:
            self._drop_held(f"another article (#{article_id}) was chosen")
            dropped = self.status.text()
        self.open_article(article_id)
        if dropped:
            self.say(dropped)  # what was not applied matters more than the article's counts

    def wait_aligned(self, timeout_s: float = 60) -> None:
        """Wait until the open article is aligned (tests, benchmarks)."""
        from PySide6.QtWidgets import QApplication

        end = time.perf_counter() + timeout_s
        while self.state is None and self.article_id is not None and time.perf_counter() < end:
            if self._job is not None:
                self._job.thread.join(0.02)
            self._poll()
            QApplication.processEvents()

    def _state_of(self, article_id: int) -> ArticleCuration:
        """The article read and aligned (kept from counting when it was aligned there)."""
        found = self._aligned.pop(article_id, None)
        if found is None:
            found = ArticleCuration(curation.curation_input(self.project, article_id, self.analysts))
        return found

    def _keep(self, state: ArticleCuration) -> None:
        self._aligned[state.article_id or 0] = state
        while len(self._aligned) > 2:  # an aligned long article is tens of MB: keep the last two
            self._aligned.pop(next(iter(self._aligned)))

    def _fill_articles(self) -> None:
        self.article_box.clear()
        for a in self.article_ids:
            self.article_box.addItem("")
            self._name_article(a)

    def _name_article(self, article_id: int, article: Any = None) -> None:
        article = article if article is not None else self.project.article(article_id)
        whole = " ".join((article.title or article.text[:TITLE_CHARS * 4]).split())
        title = cut_title(whole)
        left = self._left.get(article_id)
        count = "counting…" if left is None else disagreements_left(left)
        done = " — curated" if curation.curation_status(article) == "curated" else ""
        index, name = self.article_ids.index(article_id), f"#{article_id} {title} ({count}){done}"
        self.article_box.setItemText(index, name)
        tip = f"#{article_id} {whole} ({count}){done}"  # the box is narrower than a long title
        self.article_box.setItemData(index, tip, Qt.ItemDataRole.ToolTipRole)
        if index == self.article_box.currentIndex():
            self.article_box.setToolTip(tip)

    def _count_some(self, budget_s: float = 0.03) -> None:
        """Count the disagreements of a few more articles (about ``budget_s`` of work), then let
        the event loop run; again until every article is counted."""
        started = time.perf_counter()
        try:
            while self._to_count and time.perf_counter() - started < budget_s:
                article_id = self._to_count[0]
                if article_id not in self._left and self._is_big(article_id):
                    if self._job is None:  # one at a time; _poll counts on when it is done
                        self._to_count.pop(0)
                        self._start(article_id, counting=True)
                    return
                self._to_count.pop(0)
                if article_id not in self._left:
                    self._disagreements_left(article_id)
                    self._name_article(article_id)
        except sqlite3.ProgrammingError:  # the project was closed under us
            return
        self._show_counter()
        if self._to_count:
            self._counting.start(0)

    def count_all(self) -> None:
        """Finish counting now (tests; a small project is counted within the first turn anyway)."""
        while self._to_count:
            self._count_some(budget_s=3600)

    def open_article(self, article_id: int) -> None:
        before = self.article_id
        changed = self.article_id is not None and self._reread_project()  # PgDown after a merge: never a stale copy
        if article_id not in self.article_ids:
            return
        if changed:
            self.state = None  # of old versions: not kept for coming back
        self.article_id = article_id
        self.current = None
        self._visited = {}
        self._entered = 1
        self._from_top = True  # fix11h: the first Tab after an article change starts from its top, not the row left
        if article_id not in self._aligned and self._is_big(article_id):
            self._wait_for(article_id)
        else:
            self._load(self._state_of(article_id))
            al = self.alignment
            first = _first_to_decide(al) if al else None
            self.current = first.key if first else None
            self._show()
        if changed:
            self._say_file_changed()
        elif article_id != before:
            self._say_article(article_id)  # fix11k: the status line never speaks of the article left

    def _unreviewed(self, article_id: int) -> dict[str, str]:
        """The analysts who have not reviewed ``article_id`` (status new or in progress in their
        file: :func:`annotator.domain.curation.unreviewed_of`, the one rule), name → status:
        Ctrl+Return accepts nothing for them and no decision marks it curated, and the status line
        says so (fix11r, fix11t). The open article's come with its alignment (read with it)."""
        al = self.alignment
        if al is not None and al.article.id == article_id:
            return dict(al.unreviewed)
        return curation.unreviewed_of({a: self._statuses.get(a, {}).get(article_id, "") for a in self.analysts},
                                      self.analysts)

    def _nothing_left(self, article_id: int) -> str:
        """" · nothing left to decide: …", from the rule Ctrl+Return's refusal follows
        (:func:`annotator.domain.curation.nothing_left_hint`)."""
        return " · " + nothing_left_hint(self._unreviewed(article_id))

    def _not_curated_why(self, al: curation.Alignment) -> str:
        """" · curated ✓", " · nothing left to decide…", or, fix11t (usertest11i 2), with units
        left while an analyst has not reviewed the article, " · ana has not reviewed it …"; ""."""
        article_id = al.article.id if al.article.id is not None else -1
        if al.article_curated:
            return ""
        if al.curated:
            return self._nothing_left(article_id)
        hint = curation.review_hint(self._unreviewed(article_id))
        return f" · {hint}" if hint else ""

    def _say_article(self, article_id: int) -> None:
        """The status line for an article just opened: what Tab has left in it."""
        al = self.alignment if self.article_id == article_id else None
        if al is None:
            self.say(f"Article #{article_id}: aligning…")
            return
        left = al.disagreements_left()
        changed, unlinked = count_kinds(al.units, al.changed_since_decided())  # fix11n: each ⚠ kind said as what it is
        waiting = _agreed_waiting(al) if not left else 0
        self.say(f"Article #{article_id}: {disagreements_left(left)}"
                 + (f"; {_agreed_to_accept(waiting)}" if waiting else "")
                 + (f", ⚠ {flag_counts(changed, unlinked)}" if changed or unlinked else "")
                 + (" in gold (A keeps, X rejects)" if unlinked else "")
                 + (" · curated ✓" if al.article_curated else self._not_curated_why(al)))

    def _load(self, state: ArticleCuration) -> None:
        """Show ``state``'s article: its text, units and table (once per article: a decision only
        updates what it changed, :meth:`_follow`)."""
        if self.state is not None and self.state is not state and self.state.article_id != state.article_id:
            self._keep(self.state)
        self.state = state
        self._set_busy(False)
        al = state.alignment
        self._note_left(self.article_id, al)
        self._name_article(self.article_id, al.article)
        text = al.article.text
        if self.text.toPlainText() != text:
            self.text.setPlainText(text)
        self._offsets = OffsetMap(text)
        self._starts = [u.start for u in al.units]
        self._longest = max((u.end - u.start for u in al.units), default=0)
        # each analyst's own status of the article (an analyst still "in progress" may not have looked everywhere)
        statuses = {a: self._statuses[a].get(al.article.id or -1, "") for a in self.analysts}
        named = [analyst_header(n, a, statuses[a]) for n, a in enumerate(self.analysts, 1)]
        headers = ["Agreement", *(h for h, _ in named), "Gold"]
        tips = ["How the analysts' versions of the unit compare (the colours of the legend)", *(t for _, t in named),
                "What the gold layer keeps: ✓ kept (whose version), ✗ rejected, ⚠ changed since decided"]
        self.model.reset(al, headers, self.analysts, tips)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        # not ResizeToContents: that measures every row (tens of thousands on a long article)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(0, 150)
        self._sync_stack_mark()

    def _wait_for(self, article_id: int) -> None:
        """Open a long article at once: its text now, its units when the background thread has
        aligned them (:meth:`_poll`); the view stays usable meanwhile."""
        if self.state is not None:
            self._keep(self.state)
        self.state = None
        article = self.project.article(article_id)
        self.model.reset(None, [], [])
        self._offsets = None
        self.text.setPlainText(article.text)
        self.article_box.setCurrentIndex(self.article_ids.index(article_id))
        self._set_busy(True)
        self.counter.setText(f"Aligning units in the background: {self._sizes.get(article_id, 0):,} spans of the analysts' layers…")
        self.say("Reading and aligning this long article in the background: its units show when ready; "
                 "keys pressed meanwhile are held and applied then, in order")
        if self._job is None:
            self._start(article_id, counting=False)
        elif self._job.article_id == article_id:
            self._job.counting = False

    def _stack_mark(self) -> tuple[int, object]:
        stack = self.stack
        if stack is None:
            return (0, None)
        index = stack.index()
        command = stack.command(index - 1) if index > 0 else None
        return (index, getattr(command, "edit", None))

    def _sync_stack_mark(self) -> None:
        self._synced = self._stack_mark()

    def refresh(self) -> None:
        """Follow the undo stack (a decision pushed, an undo or redo made anywhere) and show the
        article. The edits between the index shown and the stack's index are applied to the
        article held in memory (:meth:`ArticleCuration.follow`); anything else (a command that is
        no edit, an analyst's layer changed) reads the article again. Nothing once closed: the
        stack it follows is cleared when the window opens another project."""
        if (not self.isVisible() and self.stack is not None) or self.state is None:
            return  # closed, or a long article still aligning (_poll reads it again if an edit came in)
        try:
            if self._caught_up_with_file():  # another program wrote too: the file, not the stack, says what is there
                return
            if not self._follow_stack():
                self._reload()
            else:
                self._show()
        except sqlite3.ProgrammingError:  # the window closed its project under us: nothing to show
            self.close()
        except RuntimeError:  # the window (and its undo stack) is being deleted: nothing to follow
            self._stack = None
            self.close()

    def _follow_stack(self) -> bool:
        """True when the stack's moves since the last sync were followed edit by edit."""
        stack, state = self.stack, self.state
        if stack is None or state is None:
            return stack is None and state is not None
        old, old_edit = self._synced
        new = stack.index()
        edits: list[Edit] = []
        if new == old:
            command = stack.command(new - 1) if new > 0 else None
            return getattr(command, "edit", None) is old_edit  # unchanged, unless the stack dropped or swapped commands
        if new > old and old <= stack.count():
            commands_ = [stack.command(i) for i in range(old, new)]
            forward = True
        else:
            commands_ = [stack.command(i) for i in range(old - 1, new - 1, -1)] if old <= stack.count() else []
            forward = False
        if not commands_:
            return False
        for command in commands_:
            edit = getattr(command, "edit", None)
            if not isinstance(edit, Edit):
                return False
            edits.append(edit if forward else edit.inverse())
        self._touched_others(edits)
        for edit in edits:
            if not self._follow(edit):
                return False
        self._sync_stack_mark()
        return True

    def _follow(self, edit: Edit) -> bool:
        """Apply a written edit to the open article and repaint the rows it changed."""
        state = self.state
        if state is None:
            return False
        changed = state.follow(edit)
        if changed is None:
            return False
        al = state.alignment
        if changed:
            self.model.update(al, changed)
        if changed:
            self._note_left(self.article_id, al)
            self._name_article(self.article_id, al.article)  # the list names what is left
        return True

    def _reload(self) -> None:
        if self.article_id is None:
            return
        self._aligned.pop(self.article_id, None)
        self._load(ArticleCuration(curation.curation_input(self.project, self.article_id, self.analysts)))
        self._touched_others(self._edits_next_to_index())
        if self.current is not None and self.alignment is not None and self.alignment.unit(self.current) is None:
            self.current = None
        self._show()

    def _edits_next_to_index(self) -> list[Edit]:
        stack, out = self.stack, []
        if stack is not None:
            for index in (stack.index() - 1, stack.index()):
                command = stack.command(index) if 0 <= index < stack.count() else None
                edit = getattr(command, "edit", None)
                if isinstance(edit, Edit):
                    out.append(edit)
        return out

    def _touched_others(self, edits: list[Edit]) -> None:
        """Articles other than this one that ``edits`` touched (an undo may have been of another
        article's decision): counted again."""
        others = {a for e in edits for a in e.article_ids() if a in self.article_ids} - {self.article_id}
        for other in others:
            self._left.pop(other, None)
            self._aligned.pop(other, None)
            self._to_count.insert(0, other)
            self._counting.start(0)

    def current_unit(self) -> Unit | None:
        return self.alignment.unit(self.current) if self.alignment and self.current else None

    # ------------------------------------------------------------------------ showing

    def _show(self) -> None:
        al = self.alignment
        if al is None:
            return
        self.article_box.setCurrentIndex(self.article_ids.index(self.article_id))
        self._show_counter()
        unit = self.current_unit()
        stance = self.current_stance()
        if stance is not None and stance.evidence_unit:
            unit = al.unit(stance.evidence_unit)  # the quote it rests on
        if unit is not None and self._offsets is not None:
            cursor = QTextCursor(self.text.document())
            cursor.setPosition(self._offsets.to_utf16(unit.start))
            self.text.setTextCursor(cursor)
            self.text.ensureCursorVisible()
        self._paint_text()
        self._select_current(al)

    def _show_counter(self) -> None:
        al = self.alignment
        if al is None:
            return
        left_project = sum(self._left.values())
        n_ids = len(self.article_ids)
        counting = f" (counting, {len(self._left)} of {n_ids} article{'' if n_ids == 1 else 's'})" if len(self._left) < n_ids else ""
        curated = " · article curated ✓" if al.article_curated else self._not_curated_why(al)
        # fix11k: the ⚠ count says whose it is: this article's, and the project's from the same
        # per-article counts as the disagreements (_note_left), so it costs no pass over the project
        flagged_project = sum(self._flagged.values())
        if al.changed_since_decided() or flagged_project:
            # fix11o: each ⚠ kind counted and named (it said "N changed since decided" of both kinds)
            unlinked_project = sum(self._unlinked.values())
            # fix11t: a place or kind with no ⚠ is not named (it read "⚠ 0 changed since decided")
            flags = flag_counter(count_kinds(al.units, al.changed_since_decided()),
                                 (flagged_project - unlinked_project, unlinked_project))
            curated += f" · {flags}" if flags else ""
        # fix11y (usertest11l H1): stance units are counted as the span units are — undecided
        # disagreements in "Disagreements left", ⚠ in the flags, and a stance no quote decision brings
        # holds the ✓ back — not in a "1 stance differs" of its own (documented nowhere; it counted
        # decided stances too, and read "article curated ✓ · 1 stance differs")
        # fix11v: never "<b>0</b> in this article · <b>0</b> in the project"
        here = al.disagreements_left()
        counter = disagreements_counter(here, left_project, counting)
        if not here and (waiting := _agreed_waiting(al)):
            # fix11ab (usertest11m F4): an agreed unit waiting (a new agreed stance) is said, with its key
            # — the counter read "No disagreements left in this article or the project" alone
            counter = f"{_agreed_to_accept(waiting)} · {counter[:1].lower()}{counter[1:]}"
        self.counter.setText(counter + curated)

    def visible_units(self) -> list[Unit]:
        """The units in the part of the text on screen (bisected: a long article's other units are
        not looked at)."""
        al, offsets = self.alignment, self._offsets
        if al is None or offsets is None or not al.units:
            return []
        viewport = self.text.viewport()
        top = offsets.from_utf16(self.text.cursorForPosition(QPoint(0, 0)).position())
        bottom = offsets.from_utf16(self.text.cursorForPosition(QPoint(viewport.width() - 1, viewport.height() - 1)).position())
        lo = bisect.bisect_left(self._starts, top - self._longest)
        hi = bisect.bisect_right(self._starts, bottom + 1)
        return [u for u in al.units[lo:hi] if u.end >= top]

    def _paint_text(self) -> None:
        """Colour the units on screen by agreement (again on each scroll)."""
        offsets = self._offsets
        if offsets is None:
            return
        selections = []
        for unit in self.visible_units():
            fmt = QTextCharFormat()
            colour = QColor(AGREEMENT_COLOURS[unit.agreement])
            if unit.decided:
                colour.setAlpha(110)
                fmt.setFontUnderline(True)
            fmt.setBackground(colour)
            fmt.setForeground(QColor("black"))
            if unit.key == self.current:
                fmt.setFontWeight(QFont.Weight.Bold)
                fmt.setBackground(QColor(AGREEMENT_COLOURS[unit.agreement]).darker(125))
            sel = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.text.document())
            cursor.setPosition(offsets.to_utf16(unit.start))
            cursor.setPosition(offsets.to_utf16(unit.end), QTextCursor.MoveMode.KeepAnchor)
            sel.cursor, sel.format = cursor, fmt
            selections.append(sel)
        self.text.setExtraSelections(selections)
        self.lanes.update()  # the lanes beside follow the same units

    def _text_rows(self, start: int, end: int) -> tuple[int, int] | None:
        """The vertical extent (lanes' coordinates) of the text ``[start, end)`` on screen."""
        offsets = self._offsets
        if offsets is None:
            return None
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(offsets.to_utf16(start))
        top = self.text.cursorRect(cursor).top()
        cursor.setPosition(offsets.to_utf16(end))
        bottom = self.text.cursorRect(cursor).bottom()
        viewport = self.text.viewport()
        shift = self.lanes.mapFromGlobal(viewport.mapToGlobal(QPoint(0, 0))).y()
        return top + shift, bottom + shift

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        """Never larger than the screen's free area (a 1366 px laptop: the Gold column stays on it)."""
        super().showEvent(event)
        screen = self.screen()
        if screen is not None:
            free = screen.availableGeometry()
            frame = self.frameGeometry().size() - self.size()  # title bar and borders
            width, height = free.width() - frame.width(), free.height() - frame.height()
            if self.width() > width or self.height() > height:
                self.resize(min(self.width(), width), min(self.height(), height))

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name: more text on screen, more units to colour
        super().resizeEvent(event)
        self._paint_text()

    def _describe(self, span: Span | None, links: dict[str, tuple[str, ...]] | None) -> str:
        if span is None:
            return "—"
        text = self.alignment.article.text if self.alignment else ""
        out = f"{span.label} «{text[span.start:span.end]}»"
        for label, keys in (links or {}).items():
            named = [self.alignment.unit(k) for k in keys] if self.alignment else []
            out += f"  → {label}: " + ", ".join(f"«{text[u.start:u.end]}»" for u in named if u is not None)
        return out

    def _describe_gold(self, span: Span, whole: bool = False) -> str:
        """A gold span as the gold column lists gold's own version: ``QUOTE «…»  → SPEAKER: «Okafor»``
        (its accepted gold links), ``✗ PERSON «…»`` when rejected."""
        al = self.alignment
        if al is None:
            return ""
        text = al.article.text
        words = text[span.start:span.end]
        out = f"{'' if span.status == Status.ACCEPTED else '✗ '}{span.label} «{words if whole else middle_cut(words)}»"
        for label, children in al.gold_links_from(span.id).items():
            out += f"  → {label}: " + ", ".join(f"«{text[c.start:c.end]}»" for c in children)
        return out

    def _stance_cell(self, st: StanceUnit, col: int) -> str:
        al = self.alignment
        if col == 0:
            return f"stance: {AGREEMENT_NAMES[stance_agreement(st)]}"
        if col <= len(self.analysts):
            a = self.analysts[col - 1]
            if al is None or a not in al.analysts:
                return "(not given)"
            v = st.versions.get(a)
            return f"{v.holder} {v.polarity.upper()} «{v.target}»" if v is not None else "—"
        kept = st.kept_gold()
        if kept is not None:
            info = kept.attrs.get("curation", {})
            who = info.get("kept", "") if isinstance(info, dict) else ""
            return ("⚠ " if st.changed else "") + f"✓ {kept.holder} {kept.polarity.upper()} «{kept.target}»" + (f" ({who})" if who else "")
        if st.decision == Decision.REJECTED:
            return ("⚠ " if st.changed else "") + "✗ rejected" + (" (its quote is rejected)" if not st.gold else "")
        return "not decided"

    def _cell(self, unit: Unit | StanceUnit, col: int, *, whole: bool = False) -> str:
        """The text of one cell of the units table (asked for by the model, for rows on screen); a
        long kept span's words are cut in the middle (:func:`middle_cut`) so its "(ana, edited by
        lead)" stays in sight, ``whole`` (the tooltip) keeps them all."""
        al = self.alignment
        if al is None:
            return ""
        if isinstance(unit, StanceUnit):
            return self._stance_cell(unit, col)
        if col == 0:
            return (AGREEMENT_NAMES[unit.agreement] + ("" if unit.links_agree else ", links differ")
                    + (", gold differs" if unit.gold_differs and not unit.decided else ""))
        if col <= len(self.analysts):
            a = self.analysts[col - 1]
            return self._describe(unit.version_of(a), dict(unit.links.get(a, {}))) if a in al.analysts else "(not given)"
        kept = unit.kept_gold()
        # the reason is in the tooltip (:meth:`_cell_tip`): in the cell it pushed the decision out of sight
        warn = "⚠ " if unit.changed else ""
        if unit.decision == Decision.KEPT and kept is not None:
            who = curation.kept_by(kept)
            words = al.article.text[kept.start:kept.end]
            return warn + f"✓ {kept.label} «{words if whole else middle_cut(words)}»" + (f" ({who})" if who else "")
        if unit.decision == Decision.REJECTED:
            return warn + "✗ rejected"
        if unit.gold_differs:
            # fix11s: gold's own version from before curation, beside the analysts' (not a decision yet)
            return "not decided — gold's own (before curation): " + "; ".join(self._describe_gold(g, whole) for g in unit.gold)
        if not unit.disagreement and (waits := curation.waiting_on(al, unit)):
            return "not decided — waits for its " + ", ".join(dict.fromkeys("/".join(u.labels) for u in waits))
        return "not decided"

    def _cell_tip(self, unit: Unit | StanceUnit, col: int) -> str:
        """A cell's tooltip: its whole text (the cell is elided to its column), and for a gold
        decision an analyst's newer layer changed, what changed."""
        text = self._cell(unit, col, whole=True)
        if col == len(self.analysts) + 1 and unit.changed:
            return f"⚠ changed since decided: {unit.changed}\n{text.removeprefix('⚠ ')}"
        return text

    def cell_tip(self, row: int, col: int) -> str:
        """The tooltip of a cell of the units table, as shown."""
        return str(self.model.index(row, col).data(Qt.ItemDataRole.ToolTipRole) or "")

    def cell(self, row: int, col: int) -> str:
        """The text of a cell of the units table, as shown."""
        return str(self.model.index(row, col).data() or "")

    def _select_current(self, al: Alignment) -> None:
        row = row_of(al, self.current) if self.current else None
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        else:
            self.table.clearSelection()

    def _select_row(self, row: int) -> None:
        self._opening = False  # a row clicked: Tab goes on from it
        self._parked = None  # fix11ac N2: a row chosen on purpose (click, ↑/↓, Home/End): the keys act on it
        al = self.alignment
        if al and 0 <= row < len(al.units):
            self.current = al.units[row].key
        elif al and 0 <= row - len(al.units) < len(al.stances):
            self.current = al.stances[row - len(al.units)].key
        else:
            return
        self._show()

    def current_stance(self) -> StanceUnit | None:
        return self.alignment.stance(self.current) if self.alignment and self.current and self.current.startswith(STANCE_KEY) else None

    # ------------------------------------------------------------------------ acting

    def _disagreements_left(self, article_id: int) -> int:
        """The article's undecided disagreements; a long article not counted yet counts as having
        some (it is aligned in the background when opened, never here)."""
        if article_id not in self._left and self._is_big(article_id) and not (self.state and self.state.article_id == article_id):
            return 1
        if article_id not in self._left:
            if self.state is not None and self.state.article_id == article_id:
                self._note_left(article_id, self.state.alignment)
            else:
                state = self._state_of(article_id)
                self._keep(state)  # the article Tab goes to next is aligned once, here
                self._note_left(article_id, state.alignment)
        return self._left[article_id]

    def _note_left(self, article_id: int | None, al: Alignment) -> None:
        """Count what Tab has left to visit in an article: its undecided disagreements (shown in
        the list) and its decisions changed since decided."""
        if article_id is None:
            return
        self._left[article_id] = al.disagreements_left()
        self._flagged[article_id] = al.changed_since_decided()
        self._unlinked[article_id] = count_kinds(al.units, self._flagged[article_id])[1]

    def _to_visit_in(self, article_id: int) -> bool:
        """Whether the article has something Tab stops at: an undecided disagreement or a ⚠ decision."""
        return self._disagreements_left(article_id) > 0 or self._flagged.get(article_id, 0) > 0

    def _unvisited(self, direction: int) -> str | None:
        """The first (``direction`` 1) or last (-1), in Tab's order (span units in text order, then
        stance units), disagreement or ⚠ decision of the open article Tab has not shown since the
        article was opened; None when every one was. A pass over the units, made only when Tab is
        about to leave the article."""
        al = self.alignment
        if al is None:
            return None
        keys = [u.key for u in al.units if _to_visit(u)] + [st.key for st in al.stances if st.disagreement and not st.decided
                                                              and not _blockers(al, st)]  # fix11aj P6
        if direction < 0:
            keys.reverse()
        return next((k for k in keys if self._visited.get(k) != self._open_state(k) and k != self.current), None)

    def _visit(self, key: str) -> None:
        self._visited[key] = self._open_state(key)

    def _open_state(self, key: str) -> tuple[object, ...]:
        """What the unit or stance unit ``key`` of the open article is open for: (undecided
        disagreement, changed since decided, linked to nothing); () when it is not in it."""
        al = self.alignment
        unit = al.unit(key) if al is not None else None
        if unit is not None:
            return (unit.disagreement and not unit.decided, unit.changed, unit.unlinked)
        stance = next((st for st in al.stances if st.key == key), None) if al is not None else None
        return (stance.disagreement and not stance.decided, stance.changed, "") if stance is not None else ()

    def _next_with_disagreements(self, after: int | None, direction: int) -> int | None:
        """The next (``direction`` 1) or previous (-1) article in list order after ``after`` (None:
        from the start / end) with undecided disagreements, wrapping to ``after`` excluded; None
        when there is none. Articles not counted yet are aligned on the way, in order."""
        ids = self.article_ids
        if not ids:
            return None
        if after is None:
            order = ids if direction > 0 else ids[::-1]
        else:
            n = ids.index(after)
            order = [ids[(n + direction * k) % len(ids)] for k in range(1, len(ids))]
        # a long article not counted yet is opened to be aligned in the background (its count is unknown)
        return next((a for a in order if self._to_visit_in(a)), None)

    def step(self, direction: int) -> None:
        """Tab / Shift+Tab: the next / previous undecided disagreement or ⚠ decision (changed since
        decided); past the last (first) one of this article, one of this article Tab has not shown
        yet (the view opened, or was re-read after a merge, past it); then the first (last) of the
        next (previous) article that has some.

        fix11af (usertest11o O8): a Tab that moves within the article and says nothing of its own
        says where it went ("Tab: row 3 of 9 — label conflict «Reuters»"): the previous key's
        "Saved: …" line left in place did not tell the lead whether Tab had moved."""
        article, current, said = self.article_id, self.current, self.status.text()
        shown_before = current is not None and self._visited.get(current) == self._open_state(current)
        deferred, self._deferred = self._deferred, None
        if deferred is not None and direction > 0 and current == deferred[0] and self.alignment is not None \
                and (st := self.alignment.stance(deferred[1])) is not None and not st.decided \
                and not _blockers(self.alignment, st):  # fix11aj P6: only once the holder is decided
            # fix11ag P6: from the holder Tab put first, on to the stance that waited on it
            self._visit(current)
            self.current = st.key
            self._show()
            row = row_of(self.alignment, self.current)
            if row is not None:
                self.say(f"Tab: row {row + 1} of {self.model.rowCount()} — {self.cell(row, 0)}")
            return
        self._step(direction)
        first = self._holder_first(direction, current, shown_before)
        if first is None:
            self._past_blocked(direction)
        if self.article_id != article or self.current is None or (self.status.text() != said and first is None):
            return
        al = self.alignment
        row = row_of(al, self.current) if al is not None else None
        if first is not None and row is not None:
            key = "Shift+Tab" if direction < 0 else "Tab"
            what, of = first.split("|", 1)
            self.say(f"{key}: row {row + 1} of {self.model.rowCount()} — {self.cell(row, 0)} «{self._unit_words()}»: "
                     f"the {what} of {of} — decide it first (1…9 keeps an analyst's, X rejects), then Tab to the stance")
            return
        if row is None or self.current == current:
            return  # stayed: what it said of the article (its own line, or the one it left) stands
        key = "Shift+Tab" if direction < 0 else "Tab"
        self.say(f"{key}: row {row + 1} of {self.model.rowCount()} — {self.cell(row, 0)}"
                 + (f" «{self._unit_words()}»" if self._unit_words() else ""))

    def _holder_first(self, direction: int, was: str | None, was_shown: bool) -> str | None:
        """fix11ag P6: Tab put a stance before its disputed holder (after Ctrl+Return the row sat on
        the holder, never shown by Tab, and Tab went on to the stance, whose digit was then refused).
        When a forward Tab lands on a stance unit whose holder's unit (or its quote's) is an
        undecided disagreement Tab has not shown, it lands on that unit instead — the holder before
        what waits on it; the next Tab goes on to the stance. Returns what the holder holds ("Maria
        Okafor's stance on «harbour»") when it moved, else None."""
        al = self.alignment
        stance = self.current_stance()
        if direction < 0 or al is None or stance is None or stance.decided:
            return None
        evidence = al.unit(stance.evidence_unit) if stance.evidence_unit else None
        needs = [*curation.stance_waits_on(al, stance), *([evidence] if evidence is not None else [])]
        for unit in needs:
            if not _to_visit(unit) or unit.decided:
                continue
            shown = (was_shown if unit.key == was else self._visited.get(unit.key) == self._open_state(unit.key))
            if not shown:
                self.current = unit.key
                self._deferred = (unit.key, stance.key)  # the next Tab goes on to the stance
                self._show()
                what = "holder" if unit.key != (evidence.key if evidence is not None else None) else "quote"
                return f"{what}|{stance.name}'s stance on «{stance.target}»"
        return None

    def _past_blocked(self, direction: int) -> None:
        """fix11aj (usertest11q P6 rest): Tab never lands on a stance whose holder (or quote, or
        the quote's speaker) is still an undecided disagreement — its digit would be refused. In s2
        (three versions), after Ctrl+Return left the row on the holder, Tab counted the holder as
        shown and went on to the stance waiting on it. Such a stance is stepped past (both
        directions); when nothing else is left to visit, Tab goes back to what it waits for."""
        al = self.alignment
        seen: set[str] = set()
        while al is not None and (stance := self.current_stance()) is not None and (blocking := _blockers(al, stance)):
            if stance.key in seen or self.article_id is None:
                self.current = blocking[0].key  # nothing else to visit here: what the stance waits for
                self._show()
                return
            seen.add(stance.key)
            article = self.article_id
            self._step(direction)
            if self.article_id != article or self.alignment is not al:
                return
            if self.current == stance.key:  # Tab stayed: go to what it waits for
                self.current = blocking[0].key
                self._show()
                return

    def _unit_words(self) -> str:
        """The current span unit's words (at most 40 characters; "" for a stance or none)."""
        unit = self.current_unit()
        data = self.data
        if unit is None or data is None:
            return ""
        words = data.article.text[unit.start:unit.end]
        return words if len(words) <= 40 else words[:39] + "…"

    def _step(self, direction: int) -> None:
        if self.alignment is None:
            return
        al = self.alignment
        opening, self._opening = self._opening, False
        if opening and direction > 0 and self.current is not None:
            self._visit(self.current)  # the first Tab lands on the open item the view opened on
            self._from_top = False
            self._show()
            if self.article_id is not None:
                self._say_article(self.article_id)
            return
        if self.current is not None:
            self._visit(self.current)
        open_stances = [st for st in al.stances if (st.disagreement and not st.decided) or st.changed]
        from_top, self._from_top = self._from_top, False
        if from_top and direction > 0:
            # after PgUp/PgDown (or the list) the row may have been moved past an open item (Up/Down/End):
            # Tab goes to the article's first open item when that is not the one shown
            top = al.scan(None, 1, _to_visit) or (open_stances[0] if open_stances else None)
            if top is not None and top.key != self.current:
                self.current = top.key
                self._show()
                return
            only = top is not None and \
                [u.key for u in al.units if _to_visit(u)] + [st.key for st in open_stances] == [top.key]
            if only:
                # fix11al (usertest11s L1): the article was opened (PgUp/PgDown, the list) on its only
                # open item: the first Tab stays on it, said — it left for another article's while this
                # one was still undecided (with more than one, Tab goes on from it: fix11h)
                self._show()
                self.say(f"Tab: this is the only disagreement left in #{self.article_id} — Tab again goes on "
                         "to the next article's")
                return
        stance = self.current_stance()
        if stance is not None:  # among the stances, after the span units
            n = al.stances.index(stance)
            later = [st for st in open_stances if (al.stances.index(st) > n if direction > 0 else al.stances.index(st) < n)]
            if later:
                self.current = (later[0] if direction > 0 else later[-1]).key
                self._show()
                return
            spans_back = al.scan(None, -1, _to_visit) if direction < 0 else None
            if spans_back is not None:
                self.current = spans_back.key
                self._show()
                return
            beyond = None
        else:
            beyond = al.scan(self.current, direction, _to_visit, wrap=False)
            if beyond is None and direction > 0 and open_stances:
                self.current = open_stances[0].key  # past the last span disagreement: the stances
                self._show()
                return
        # forward only: Shift+Tab from an article's first open item goes to the previous article's last
        # (fix11h; it went back to this article's last when the row had been moved off where it came in)
        if beyond is None and direction > 0 and self._entered > 0 and (missed := self._unvisited(direction)) is not None:
            self.current = missed  # cur11ui: never leave an article past a ⚠ or disagreement not shown
            self._show()
            return
        if beyond is None and self.article_id is not None:
            other = self._next_with_disagreements(self.article_id, direction)
            if other is not None:
                self.open_article(other)
                self._entered = -1 if direction < 0 else 1
                self._from_top = False  # Tab itself chose where to land
                if self.alignment is not None:
                    first = _first_to_decide(self.alignment, last=direction < 0)
                    self.current = first.key if first else None
                self._show()
                self._say_article(other)
                return
        # fix11ab (usertest11m F1): Tab moves only over undecided units (and ⚠ decisions), wrapping
        # within the article — never onto a decided one (it went to "the next disagreement at all",
        # a decided QUOTE, and the digit meant for the stance left re-decided the quote)
        order = [u.key for u in al.units if _to_visit(u)] + [st.key for st in open_stances]
        if not order:
            if self.current is None and al.units:
                self.current = al.units[0].key
            # fix11ac (usertest11n N2): Tab stays on a decided unit only to show it; the next A, X or
            # digit meant "the next unit" and silently re-decided it (gold ORG → PERSON, still curated)
            self._parked = self.current
            self._show()
            self.say(self._nothing_to_tab(al) + PARKED_HINT)
            return
        if self.current in order:
            self.current = order[(order.index(self.current) + direction) % len(order)]
        else:
            here = row_of(al, self.current) if self.current else None
            rows = [(row_of(al, k), k) for k in order]
            if direction > 0:
                self.current = next((k for r, k in rows if here is None or (r is not None and r > here)), order[0])
            else:
                self.current = next((k for r, k in reversed(rows) if here is None or (r is not None and r < here)), order[-1])
        self._show()

    def _nothing_to_tab(self, al: Alignment) -> str:
        """What Tab says when no undecided disagreement or ⚠ decision is left in the article (it
        stays where it is): the agreed units Ctrl+Return would accept, else nothing left."""
        waiting = _agreed_waiting(al)
        if waiting:
            return f"No disagreement left: {_agreed_to_accept(waiting)}"
        return "No disagreements left in this article" + (" · curated ✓" if al.article_curated else self._not_curated_why(al))

    def move_row(self, step: int) -> None:
        """Up / Down (``step`` -1 / 1): the row above / below the current one in the units table
        (span units in text order, then the stance units), stopping at the ends. Any unit is reached
        so (decided, agreed, single: Tab stops only at open ones), to relabel (L) or resize it."""
        al = self.alignment
        if al is None:
            return
        rows = len(al.units) + len(al.stances)
        if not rows:
            return
        here = row_of(al, self.current) if self.current else None
        self._select_row(0 if here is None else max(0, min(rows - 1, here + step)))

    def move_row_to(self, last: bool) -> None:
        """Home / End: the first / last row of the units table."""
        al = self.alignment
        if al is None:
            return
        rows = len(al.units) + len(al.stances)
        if rows:
            self._select_row(rows - 1 if last else 0)

    def step_article(self, direction: int) -> None:
        if not self.article_ids or self.article_id is None:
            return
        index = (self.article_ids.index(self.article_id) + direction) % len(self.article_ids)
        self.open_article(self.article_ids[index])

    def _decide(self, build: Callable[[ArticleCuration, str], Edit]) -> None:
        if self._refused_stale():
            return
        unit = self.current_unit() or self.current_stance()
        if unit is None or self.state is None:
            self.say("No unit selected: Tab goes to the next disagreement")
            return
        if self._refused_parked(unit):
            return
        try:
            edit = build(self.state, unit.key)
        except (KeyError, ValueError) as exc:
            # the message itself: str() of a KeyError is the repr of its message (quotes, escapes)
            self.say(str(exc.args[0]) if exc.args else str(exc))
            return
        if not edit:
            self.say("Already so in gold: nothing to change")
            return
        self._written(edit)

    def _refused_parked(self, unit: Unit | StanceUnit | None) -> bool:
        """fix11ac N2, fix11ae (usertest11o O5): every key that changes gold at the current unit —
        a decision (A, X, digits), a resize (Shift/Ctrl+Shift+←/→), a relabel or polarity (L) — is
        refused, said, on the unit Tab only stayed on after saying nothing is left: a decided one (a
        resize moved a curated PERSON's end over «said»), or an agreed one not decided yet that Tab
        showed with "N agreed units to accept (Ctrl+Return)" (X rejected that quote, 2 kept ben's).
        The lead chooses it on purpose (click, ↑/↓, Home/End) and the keys act again."""
        if unit is None or self._parked != unit.key:
            return False
        if unit.decided:
            self.say("Not changed: nothing is left to decide here and this unit is decided already" + PARKED_HINT)
        else:
            self.say("Not changed: Tab only stayed on this agreed unit — Ctrl+Return accepts the agreed units"
                     + PARKED_HINT)
        return True

    def _written(self, edit: Edit) -> None:
        """Push ``edit``; once written, the view follows it (through the stack when it has one).
        Nothing is written when the file changed under the view since ``edit`` was built."""
        if self._refused_stale():
            return
        if self._push(edit):
            self.say(f"Saved: {edit.description}")
            if self.stack is None and not self._follow(edit):
                self._reload()
        self.refresh()

    def take(self, number: int) -> None:
        """Keep the ``number``-th analyst's (1-based) version of the current unit."""
        if not 1 <= number <= len(self.analysts):
            self.say(f"No analyst {number}: the analysts are " + ", ".join(f"{n} {a}" for n, a in enumerate(self.analysts, 1)))
            return
        analyst = self.analysts[number - 1]
        self._decide(lambda state, key: state.take(key, analyst, by=self._by()))

    def accept_agreed(self) -> None:
        self._decide(lambda state, key: state.accept_agreed(key, by=self._by()))

    def reject_unit(self) -> None:
        """X: gold keeps none of the current unit's versions. (Not ``reject``: that is QDialog's
        close-by-Esc, which must never write a decision.)"""
        self._decide(lambda state, key: state.reject(key, by=self._by()))

    def accept_all(self) -> None:
        if self.state is None or self._refused_stale():
            return
        article = self.state.article_id if self.state.article_id is not None else -1
        # fix11p: an article left empty by an analyst who never opened it is not marked curated
        edit = self.state.accept_all_agreed(by=self._by(), unreviewed=self._unreviewed(article))
        if not edit:
            singles = sum(1 for u in self.state.alignment.units if u.single and not u.decided)
            # fix11m: what holds the article back when nothing agreed is left — the ⚠ linked to nothing,
            # fix11x the ⚠ changed since decided — is in the description (curation.accept_all_agreed)
            self.say(edit.description + (f"; {singles} unit{'s' if singles != 1 else ''} only one analyst was given: "
                                         "S keeps that analyst's version of each" if singles else ""))
            return
        self._written(edit)
        # fix11ak N5 (usertest11r): its line ends "— Tab to it" (each disagreement left): the next Tab
        # goes to the article's first one left, as after PgUp/PgDown — from the current row a
        # disagreement Tab had passed already was skipped and Tab opened the next article
        self._from_top = True

    def keep_single(self) -> None:
        """S: gold keeps the only analyst's version of every undecided unit of an article given to
        one analyst (``curation.keep_single_analyst``, one edit: one undo step)."""
        if self.state is None or self._refused_stale():
            return
        keep = getattr(curation, "keep_single_analyst", None)  # fix11e's bulk decision (domain/curation.py)
        if keep is None:
            self.say("Keeping every single-analyst unit at once needs the curation module of this round (fix11e): "
                     "press the analyst's digit on each unit")
            return
        edit = keep(self.state.data, by=self._by(), alignment=self.state.alignment)
        if not edit:
            self.say(edit.description)
            return
        self._written(edit)

    def _gold_records(self) -> tuple[Span, commands.Records] | None:
        unit = self.current_unit()
        kept = unit.kept_gold() if unit else None
        if kept is None or self.data is None:
            self.say("Keep a version first (1, 2, … or A): then its gold span can be edited")
            return None
        gold = self.data.gold
        return kept, commands.records(gold.spans, gold.relations, gold.stances)

    def move_edge(self, edge: str, step: int) -> None:
        if self._refused_stale() or self._refused_parked(self.current_unit()):
            return
        found = self._gold_records()
        if found is None or self.alignment is None:
            return
        span, records = found
        moved = moved_edge(self.alignment.article.text, span.start, span.end, edge=edge, step=step, unit="word")  # type: ignore[arg-type]
        if moved is None:
            self.say("The span cannot move that way")
            return
        self._push_gold(curation.resize_gold(records, span, *moved, by=self._by()))

    def relabel(self) -> None:
        if self._refused_stale() or self._refused_parked(self.current_unit() or self.current_stance()):
            return
        stance = self.current_stance()
        if stance is not None:
            self._edit_stance(stance)
            return
        found = self._gold_records()
        if found is None:
            return
        span, records = found
        names = [lab.name for lab in self.project.schema.labels]
        name, ok = QInputDialog.getItem(self, "Relabel the gold span", "Label:", names,
                                        names.index(span.label) if span.label in names else 0, False)
        if ok and name and name != span.label:
            self.relabel_as(name)

    def _edit_stance(self, stance: StanceUnit) -> None:
        """L on a stance: choose the kept gold stance's polarity."""
        kept = stance.kept_gold()
        if kept is None or self.state is None:
            self.say("Keep a version of the stance first (1, 2, …): then its polarity can be edited")
            return
        names = list(self.project.schema.stance_polarities)
        name, ok = QInputDialog.getItem(self, "Edit the gold stance", "Polarity:", names,
                                        names.index(kept.polarity) if kept.polarity in names else 0, False)
        if ok and name and name != kept.polarity:
            self._push_gold(curation.set_gold_polarity(self.state.data, stance.key, name, alignment=self.state.alignment))

    def relabel_as(self, name: str) -> None:
        """Relabel the current unit's gold span ``name``. When links or stances cannot come along
        (a QUOTE made a CUE has no speaker), nothing is written the first time: the status line
        names what would be dropped, and the same relabel asked again does it (each drop a
        deletion in the change log, undone with it)."""
        if self._refused_parked(self.current_unit()):
            return
        found = self._gold_records()
        if found is None or self.alignment is None:
            return
        span, records = found
        edit, lost = curation.relabel_gold(records, span, name, self.project.schema.layer_of(name), self.alignment.article.text,
                                           by=self._by(), schema=self.project.schema)
        refused = self._relabel.refusal(span, name, lost, again=f"relabel it {name} again (L)")
        if refused:
            self.say(refused)
            return
        self._push_gold(edit)

    def _push_gold(self, edit: Edit) -> None:
        if edit:
            self._written(edit)

    def say(self, text: str) -> None:
        self.status.setText(text)

    def undo_redo(self, *, redo: bool) -> None:
        """Ctrl+Z / Ctrl+Shift+Z: the window's undo / redo, then the status line says what was
        undone (redone) and in which article — it may be a decision of another article than the
        one shown ("Undone: keep ben's QUOTE «talks failed» in #1 (this view shows #2)")."""
        stack = self.stack
        before = stack.index() if stack is not None else 0
        index = before if redo else before - 1
        command = stack.command(index) if stack is not None and 0 <= index < stack.count() else None
        edit = getattr(command, "edit", None)
        if isinstance(edit, Edit) and self._outdated(edit, redo=redo):
            # As the main window does before a key on a stale view (EditPath.reloaded_if_stale): refuse
            # before writing, show what the file holds, say so in one line, no modal. The step leaves
            # the history (as the main window's failed undo does), so Ctrl+Z goes on to the decision
            # before it instead of repeating a refusal that no later Ctrl+Z could get past.
            self._caught_up_with_file()
            verb = "redo" if redo else "undo"
            ids = ", ".join(f"#{a}" for a in sorted(edit.article_ids()))
            what = (command.text() or edit.description).removeprefix("Curate: ")
            discard = getattr(command, "discard", None)
            if stack is not None and callable(discard):
                discard()
                (stack.redo if redo else stack.undo)()  # Qt deletes the obsolete step; nothing is written
            self.say(f"Can't {verb} «{what}» in {ids}: a merge or another window changed that article after it; "
                     f"the {'article' if redo else 'decision'} stays as it is now and the step leaves the undo history")
            return
        (self._redo if redo else self._undo)()
        self.refresh()
        if stack is None:
            return
        verb = "Redone" if redo else "Undone"
        if command is None:
            self.say("Nothing to redo" if redo else "Nothing to undo")
            return
        if stack.index() == before:
            self.say(f"Nothing {verb.lower()}: the main window's status line says why")
            return
        self.say(f"{verb}: " + undo_summary(getattr(command, "edit", None), command.text(), self.article_id, redo=redo))

    def _outdated(self, edit: Edit, *, redo: bool) -> bool:
        """Whether undoing (redoing) the stored ``edit`` would be refused by the file
        (``Project``'s EditConflict): a record it would change is not, in the file, what the
        step left (put back) — a merge or another window changed it since."""
        seen: set[tuple[type, object]] = set()
        for change in (edit if redo else edit.inverse()).changes:
            record = change.record
            if (type(record), record.id) in seen:
                continue  # a record the step changes twice: its second change follows its first, not the file
            seen.add((type(record), record.id))
            current = self.project.find(type(record), record.id)
            if change.before is None:
                if current is not None:
                    return True
            elif current is None or not same_content(current, change.before):
                return True
        return False

    # ------------------------------------------------------------------------ keys

    def event(self, event: QEvent) -> bool:  # noqa: D102 - Tab is ours before focus navigation takes it
        if event.type() == QEvent.Type.KeyPress and self._key(event):  # type: ignore[arg-type]
            return True
        return super().event(event)

    def _key(self, event: QKeyEvent) -> bool:
        """Act on a key of :data:`CURATION_KEYS` (False: not one of ours). While the open article
        is still aligning, the key is held and applied when its units are ready
        (:meth:`_apply_held`) — PgUp/PgDown with nothing held leave the article at once."""
        key, mods = event.key(), event.modifiers()
        action = self._action_for(key, mods)
        if action is None:
            return False
        if key not in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            self._opening = False  # another key first (Down, a decision): Tab goes on from where it is
        if self.aligning() and (self._held or key not in (Qt.Key.Key_PageDown, Qt.Key.Key_PageUp)):
            self._held.append((key, mods))
            if self._job is not None:
                self._show_busy(self._job)
            n = len(self._held)
            self.say(f"Still aligning this article: {n} key{'s' if n != 1 else ''} held, applied in order when its units are ready")
            return True
        action()
        return True

    def _action_for(self, key: int, mods: Qt.KeyboardModifier) -> Callable[[], None] | None:
        """What ``key`` with ``mods`` does here (None: not a key of the view)."""
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        shift = bool(mods & Qt.KeyboardModifier.ShiftModifier)
        if key == Qt.Key.Key_Backtab or (key == Qt.Key.Key_Tab and shift):
            return lambda: self.step(-1)
        if key == Qt.Key.Key_Tab:
            return lambda: self.step(1)
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and ctrl:
            return self.accept_all
        if key == Qt.Key.Key_Z and ctrl:
            return lambda: self.undo_redo(redo=shift)
        if key == Qt.Key.Key_Y and ctrl:
            return lambda: self.undo_redo(redo=True)
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right) and shift:
            return lambda: self.move_edge("start" if ctrl else "end", 1 if key == Qt.Key.Key_Right else -1)
        if ctrl or mods & Qt.KeyboardModifier.AltModifier:
            return None
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and not shift:
            return lambda: self.move_row(-1 if key == Qt.Key.Key_Up else 1)
        if key in (Qt.Key.Key_Home, Qt.Key.Key_End) and not shift:
            return lambda: self.move_row_to(key == Qt.Key.Key_End)
        if Qt.Key.Key_1 <= key <= Qt.Key.Key_9:
            return lambda: self.take(key - Qt.Key.Key_0)
        return {
            Qt.Key.Key_A: self.accept_agreed, Qt.Key.Key_X: self.reject_unit, Qt.Key.Key_L: self.relabel, Qt.Key.Key_S: self.keep_single,
            Qt.Key.Key_PageDown: lambda: self.step_article(1), Qt.Key.Key_PageUp: lambda: self.step_article(-1),
        }.get(key)  # type: ignore[call-overload]



def undo_summary(edit: Edit | None, text: str, shown: int | None, *, redo: bool = False) -> str:
    """What an undo or redo step was, for the status line: its description without the
    "Curate: " every decision starts with, and the articles it touched ("… in #1"; "(this view
    shows #2)" when that is not the article on screen)."""
    # fix11ai: a decision's step is said from its typed words (curation.StepWords), never by
    # reading its description; an edit without them is named by the command's text
    what = (curation.step_said(edit, redo=redo) if getattr(edit, "step", None) is not None
            else text or (edit.description if edit is not None else "the last edit"))
    # fix11r: the ⚠ advice a decision gave ("; ⚠ SPEAKER «…» now linked to nothing in gold: A keeps
    # it so, X rejects it") no longer applies once it is undone — and a redo recounts it in the
    # counter — so the step is named without it
    # fix11t: and what the step did to the curated mark ("(curated mark taken back)"), not what the decision did
    ids = sorted(edit.article_ids()) if isinstance(edit, Edit) else []
    if not ids:
        return what
    where = ", ".join(f"#{a}" for a in ids)
    elsewhere = f" (this view shows #{shown})" if shown is not None and shown not in ids else ""
    return f"{what} in {where}{elsewhere}"


def same_content(a: Any, b: Any) -> bool:
    """Two records equal apart from the bookkeeping fields the store sets (as ``Project`` compares
    them before writing an undo)."""
    ignore = ("updated", "created", "by", "added")
    ra, rb = rows.TO_ROW[type(a)](a), rows.TO_ROW[type(b)](b)
    return all(ra.get(k) == rb.get(k) for k in ra.keys() | rb.keys() if k not in ignore)


def _agreed_waiting(al: Alignment) -> int:
    """fix11ab (usertest11m F4): the agreed units (span and stance) Ctrl+Return would accept —
    counted only when some unit is left undecided that is no disagreement (no pass otherwise)."""
    if al.undecided() <= al.disagreements_left():
        return 0
    return len(curation.agreed_left(al)) + len(curation.agreed_stances_left(al))


def _agreed_to_accept(n: int) -> str:
    return f"{plural(n, 'agreed unit')} to accept (Ctrl+Return)"


def _blockers(al: Alignment, st: StanceUnit) -> list[Unit]:
    """fix11aj (usertest11q P6 rest): the units Tab stops at (:func:`_to_visit`) holding the holder
    the undecided stance ``st`` waits for (:func:`curation.stance_waits_on`: an analyst's holder span
    in an undecided disagreement): a digit on the stance is refused until the holder is decided, so
    Tab does not land on it before. Its quote is not one: Tab's order already puts a disputed quote
    first (fix11ag P6) and goes on to the stance after it."""
    if st.decided:
        return []
    return [u for u in curation.stance_waits_on(al, st) if _to_visit(u)]


def _to_visit(unit: Unit) -> bool:
    """Where Tab stops: an undecided disagreement, or a decision an analyst's newer layer changed."""
    return (unit.disagreement and not unit.decided) or bool(unit.changed)


def _first_to_decide(al: Alignment, *, last: bool = False) -> Unit | StanceUnit | None:
    """``al.ordered()[0]`` without sorting every unit: the first undecided disagreement in text
    order, then the first undecided stance disagreement, else the first undecided unit, else the
    first unit. ``last``: the last undecided disagreement (Shift+Tab into the article)."""
    units = al.units
    stances = [st for st in al.stances if st.disagreement and not st.decided]
    if last and stances:
        return stances[-1]
    found = al.scan(None, -1 if last else 1, _to_visit)
    if found is not None:
        return found
    if stances:
        return stances[0]
    return next((u for u in units if not u.decided), None) or (units[0] if units else None)


def open_curation(parent: QWidget, project: Project, push: Callable[[Edit], bool], *, undo: Callable[[], None],
                  redo: Callable[[], None], by: Callable[[], str], stack: object | None = None,
                  project_changed: object | None = None, article_id: int | None = None,
                  watch: OutsideWrites | None = None) -> CurationDialog | None:
    """Show the curation view window-modal without blocking, following ``stack`` (a QUndoStack:
    undo/redo made elsewhere) and closed by ``project_changed`` (a signal: the window opened
    another project); None (nothing shown) in a project without analysts' layers. ``article_id``: the
    article the window shows, which the view opens on (when an analyst was given it). ``watch``:
    the window's watcher of other programs' writes, which the view follows too (fix11ah: one
    mechanism; without one the view watches the file itself)."""
    if not project.layers():
        return None
    dialog = CurationDialog(project, push, undo=undo, redo=redo, by=by, parent=parent, article_id=article_id, watch=watch)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if stack is not None:
        dialog.stack = stack  # type: ignore[assignment]
        stack.indexChanged.connect(dialog.refresh)  # type: ignore[attr-defined]
        dialog.finished.connect(lambda _r: stack.indexChanged.disconnect(dialog.refresh))  # type: ignore[attr-defined]
    if project_changed is not None:
        project_changed.connect(dialog.close)  # type: ignore[attr-defined]
    dialog.open()
    return dialog


__all__ = ["AGREEMENT_COLOURS", "CurationDialog", "open_curation"]
