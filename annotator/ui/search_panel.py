"""Search annotations across the project (Ctrl+Shift+F): a non-modal dialog with the fields of
:class:`annotator.storage.search.SearchQuery`, the hits in a table (filled lazily, 500 rows at a
time), Enter or a double-click to open the article at the span, and "Export results…" (JSON
lines or CSV, written atomically).

The query runs in a thread on its own read-only connection to the project file (the window's
connection is not thread-safe): on a 10,000-article project a query takes from tens of
milliseconds to seconds (``python -m annotator.storage.search``), too long for the UI thread.
The panel never imports the window: it takes the ``Project`` and reports ``openRequested``.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QPersistentModelIndex, Qt, QThread, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.errors import AnnotatorError
from annotator.domain.words import plural
from annotator.formats.atomic import replacing_file
from annotator.storage.project import Project
from annotator.storage.search import (
    CSV_COLUMNS,
    SearchHit,
    SearchQuery,
    build_sql,
    check_for_project,
    csv_row,
    has_index_copy,
    named_hits,
    pending_articles,
    search,
)
from annotator.ui import file_dialogs

FETCH_BATCH = 500  # rows the table model adds per fetchMore: thousands of hits never build thousands of rows at once
ANY = "Any"
STATUS_CHOICES: tuple[tuple[str, str], ...] = (
    ("Suggested and accepted", ""), ("Suggested (pending)", "suggested"), ("Accepted", "accepted"),
    ("Rejected", "rejected"), ("All", "all"),
)


#: The results' Text column (HitsModel.HEADERS), which stretches; the others' widest (px) when
#: sized to their content, and the least share of the table's width the Text column keeps.
TEXT_COLUMN = 3
COLUMN_CAPS = {0: 200, 1: 90, 2: 90, 4: 170, 5: 90, 6: 160}
TEXT_SHARE = 0.4
SHRINKABLE = (0, 4, 6)  # the columns of long values; Label, Status and By stay whole


class HitsModel(QAbstractTableModel):
    """The hits as table rows (article, label, status, text, speaker or claimant, by, stances);
    rows are revealed :data:`FETCH_BATCH` at a time as the view scrolls."""

    HEADERS = ("Article", "Label", "Status", "Text", "Speaker / claimant", "By", "Stances")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hits: list[SearchHit] = []
        self._shown = 0

    def set_hits(self, hits: Sequence[SearchHit]) -> None:
        self.beginResetModel()
        self.hits = list(hits)
        self._shown = min(FETCH_BATCH, len(self.hits))
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else self._shown

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        return not parent.isValid() and self._shown < len(self.hits)

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802
        if parent.isValid():
            return
        more = min(FETCH_BATCH, len(self.hits) - self._shown)
        self.beginInsertRows(QModelIndex(), self._shown, self._shown + more - 1)
        self._shown += more
        self.endInsertRows()

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= self._shown:
            return None
        hit = self.hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cell(hit, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{hit.title or f'Article {hit.article_id}'} [{hit.start}, {hit.end})\n{hit.text}"
        return None

    @staticmethod
    def _cell(hit: SearchHit, column: int) -> str:
        speaker = hit.speaker + (f" ({hit.speaker_ref})" if hit.speaker_ref else "")
        who = speaker or hit.claimant
        stances = "; ".join(f"{s.holder}: {s.polarity} {s.target}".strip() for s in hit.stances)
        text = " ".join(hit.text.split())  # one line in the table, whatever line breaks the span holds
        return (hit.title or f"Article {hit.article_id}", hit.label, hit.status, text, who, hit.by, stances)[column]


class _SearchThread(QThread):
    """Runs one query on its own read-only connection; reports ``(generation, hits)`` or
    ``(generation, error message)``."""

    found = Signal(int, object)
    failed = Signal(int, str)

    def __init__(self, path: Path, query: SearchQuery, generation: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._path, self._query, self._generation = path, query, generation

    def run(self) -> None:  # noqa: D102 - QThread entry point
        try:
            conn = sqlite3.connect(f"{self._path.resolve().as_uri()}?mode=ro", uri=True)
            try:
                conn.execute("PRAGMA busy_timeout = 5000")
                hits = search(conn, self._query)
                hits = named_hits(conn, hits)
            finally:
                conn.close()
        except sqlite3.Error as exc:
            self.failed.emit(self._generation, str(exc))
            return
        self.found.emit(self._generation, hits)




class _ResultsView(QTableView):
    activated_row = Signal(int)
    #: the viewport's width changed (a vertical scroll bar came or went, the panel was resized):
    #: the columns are fitted to the viewport, which the panel's own resize does not always follow
    viewportWidthChanged = Signal()

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Resize and event.oldSize().width() != event.size().width():
            self.viewportWidthChanged.emit()
        return super().viewportEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated_row.emit(self.currentIndex().row())
            return
        super().keyPressEvent(event)


class SearchPanel(QDialog):
    """The project search dialog. ``openRequested(article_id, span_id)`` asks the window to open
    the article with the span selected; :attr:`model` holds the hits of the last search."""

    openRequested = Signal(int, str)
    searched = Signal(int)  # number of hits, once the table shows them

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Search annotations")
        self.setObjectName("searchPanel")
        self.setModal(False)
        self.project = project
        self._generation = 0
        self._query = SearchQuery()  # of the search running or last run
        self._threads: list[_SearchThread] = []

        self.text = QLineEdit(self)
        self.text.setPlaceholderText("words of the span (case and accents ignored)")
        self.in_article = QCheckBox("in the article's text", self)
        self.label = QComboBox(self)
        self.speaker = QLineEdit(self)
        self.claimant = QLineEdit(self)
        self.target = QLineEdit(self)
        self.polarity = QComboBox(self)
        self.status = QComboBox(self)
        for shown, value in STATUS_CHOICES:
            self.status.addItem(shown, value)
        self.analyst = QLineEdit(self)
        self.fill_choices()

        form = QFormLayout()
        text_row = QHBoxLayout()
        text_row.addWidget(self.text, 1)
        text_row.addWidget(self.in_article)
        text_label = QLabel("&Text:", self)  # a row given as a layout has no buddy: "&" would show as is
        text_label.setBuddy(self.text)
        form.addRow(text_label, text_row)
        form.addRow("&Label:", self.label)
        form.addRow("S&peaker:", self.speaker)
        form.addRow("&Claimant:", self.claimant)
        form.addRow("Ta&rget:", self.target)
        form.addRow("P&olarity:", self.polarity)
        form.addRow("&Status:", self.status)
        form.addRow("A&nalyst:", self.analyst)

        self.search_button = QPushButton("Search", self)
        self.search_button.setDefault(False)
        self.search_button.setAutoDefault(False)
        self.export_button = QPushButton("Export results…", self)
        self.export_button.setAutoDefault(False)
        self.export_button.setEnabled(False)
        self.summary = QLabel(self)
        self.summary.setObjectName("dim")
        buttons = QHBoxLayout()
        buttons.addWidget(self.search_button)
        buttons.addWidget(self.summary, 1)
        buttons.addWidget(self.export_button)

        self.model = HitsModel(self)
        self.table = _ResultsView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(TEXT_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(False)
        self._fit_columns()
        # queued: a fit inside the viewport's own resize event would size columns mid-layout
        self.table.viewportWidthChanged.connect(self._fit_columns, Qt.ConnectionType.QueuedConnection)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        self.resize(820, 560)

        for edit in (self.text, self.speaker, self.claimant, self.target, self.analyst):
            edit.returnPressed.connect(self.run_search)
        self.search_button.clicked.connect(self.run_search)
        self.export_button.clicked.connect(lambda: self.export_results())
        self.table.doubleClicked.connect(lambda index: self._open_row(index.row()))
        self.table.activated_row.connect(self._open_row)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        """Return or Enter in any field runs the search (usertest16 LOW-4): the line edits say so
        themselves (``returnPressed``); the Label / Polarity / Status combo boxes and the "in the
        article's text" check box pass the key up to here, where QDialog would have done nothing
        (no default button). On a push button it presses that button; the results table opens the
        hit itself (:class:`_ResultsView`). Esc still closes the dialog (QDialog's own)."""
        plain = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier == Qt.KeyboardModifier.NoModifier
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain:
            focus = self.focusWidget()
            if isinstance(focus, QPushButton):
                focus.click()
            else:
                self.run_search()
            event.accept()
            return
        super().keyPressEvent(event)

    # ------------------------------------------------------------------------------- query

    def fill_choices(self) -> None:
        """Labels (the schema's, then those in use) and polarities from the project, "Any" first."""
        from annotator.storage.search import known_labels

        schema = self.project.schema
        for combo, values in ((self.label, known_labels(self.project.db.conn, [lab.name for lab in schema.labels])),
                              (self.polarity, list(schema.stance_polarities))):
            current = combo.currentData()
            combo.clear()
            combo.addItem(ANY, "")
            for value in values:
                combo.addItem(value, value)
            combo.setCurrentIndex(max(0, combo.findData(current)))

    def query(self) -> SearchQuery:
        """The query the fields describe."""
        return SearchQuery(
            text=self.text.text().strip(), in_article=self.in_article.isChecked(), label=self.label.currentData() or "",
            speaker=self.speaker.text().strip(), claimant=self.claimant.text().strip(), target=self.target.text().strip(),
            polarity=self.polarity.currentData() or "", status=self.status.currentData() or "",
            analyst=self.analyst.text().strip(),
        )

    def run_search(self) -> None:
        """Start the query in a thread; a newer search makes an older one's answer be ignored."""
        query = self.query()
        try:
            check_for_project(self.project.db.conn, query, schema=self.project.schema)
        except (AnnotatorError, sqlite3.Error) as exc:  # bad words, or the project was closed under the panel
            self.summary.setText(str(exc))
            return
        self._generation += 1
        self._query = query
        self.summary.setText("Searching…")
        thread = _SearchThread(self.project.path, query, self._generation, self)
        thread.found.connect(self._on_found)
        thread.failed.connect(self._on_failed)
        thread.finished.connect(lambda t=thread: self._retire(t))
        self._threads.append(thread)
        thread.start()

    def _retire(self, thread: _SearchThread) -> None:
        if thread in self._threads:
            self._threads.remove(thread)
        thread.deleteLater()

    def _fit_columns(self) -> None:
        """Every column but the Text one sized to its header and the hits shown (at most its
        :data:`COLUMN_CAPS` px); when they would leave the Text column less than :data:`TEXT_SHARE`
        of the table's width, only the long ones (:data:`SHRINKABLE`: article, speaker, stances)
        give up room, never below their header's width; the Text column stretches over the rest
        (issue 10: fixed widths left it ~25 px; then shrinking every column alike cut Label,
        Status, By and the "Speaker / claimant" header to "QU…", "sugge…", "r…", "peaker / claiman")."""
        header = self.table.horizontalHeader()
        for column, cap in COLUMN_CAPS.items():
            self.table.resizeColumnToContents(column)
            header.resizeSection(column, min(max(header.sectionSize(column), header.sectionSizeHint(column)), cap))
        # Shown, the viewport is the room (a vertical scroll bar that came with the hits narrows it:
        # fitted to the panel's width instead, the Text column got 306 of 782 px, CI at f6dc6a9 and
        # main at 8180e6d, about 1 run in 10 under load); before it is laid out, the panel's width.
        viewport = self.table.viewport()
        width = viewport.width() if self.table.isVisible() and viewport.width() > 0 else self.width() - 40
        room = int(width * (1 - TEXT_SHARE)) - sum(header.sectionSize(c) for c in COLUMN_CAPS if c not in SHRINKABLE)
        floors = {c: header.sectionSizeHint(c) for c in SHRINKABLE}
        over = {c: max(0, header.sectionSize(c) - floors[c]) for c in SHRINKABLE}
        excess = sum(floors.values()) + sum(over.values()) - room
        if excess > 0 and sum(over.values()):
            keep = max(0, sum(over.values()) - excess)  # what is left above the floors, shared out
            for c in SHRINKABLE:
                header.resizeSection(c, floors[c] + over[c] * keep // sum(over.values()))

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit_columns()

    def _on_found(self, generation: int, hits: list[SearchHit]) -> None:
        if generation != self._generation:
            return  # an older search, overtaken
        self.model.set_hits(hits)
        self._fit_columns()
        self.export_button.setEnabled(bool(hits))
        self.summary.setText(f"{len(hits)} hit{'s' if len(hits) != 1 else ''}")
        if hits:
            self.table.selectRow(0)
            self.table.setFocus()
        self.searched.emit(len(hits))

    def _on_failed(self, generation: int, message: str) -> None:
        if generation != self._generation:
            return
        # The file could not be opened a second time (a read-only folder without its -shm file):
        # search on the window's own connection instead — but not when that would build the
        # full-text index there, on the UI thread (perf12f: ~1.5 s at 10,000 articles); the
        # window builds a copy in a thread (index_catch_up.IndexCopyThread) and attaches it.
        conn = self.project.db.conn
        try:
            waiting = (self.project.read_only and "articles_fts" in build_sql(self._query)[0]
                       and pending_articles(conn) and not has_index_copy(conn))
            if waiting:
                self.summary.setText(f"Indexing {pending_articles(conn):,} imported articles for search…; search again in a moment")
                return
            hits = search(conn, self._query)
        except sqlite3.Error:
            self.summary.setText(f"Search failed: {message}")
            return
        self._on_found(generation, hits)

    def wait_idle(self, timeout_ms: int = 10_000) -> None:
        """Wait for running searches (tests, closing)."""
        for thread in list(self._threads):
            thread.wait(timeout_ms)

    # ------------------------------------------------------------------------------- results

    def _open_row(self, row: int) -> None:
        if 0 <= row < len(self.model.hits):
            hit = self.model.hits[row]
            self.openRequested.emit(hit.article_id, hit.span_id)

    def export_results(self, path: Path | None = None) -> Path | None:
        """Write every hit (not only the rows shown) to ``path`` (asked for when None): CSV when it
        ends in .csv, JSON lines otherwise. Written beside it and renamed over it when complete."""
        if path is None:
            name, chosen = file_dialogs.get_save_file_name(self, "Export results", str(self.project.path.parent / "search-results.jsonl"),
                                                           "JSON lines (*.jsonl);;CSV (*.csv)", remember="export")
            if not name:
                return None
            path = Path(name)
            if not path.suffix:
                path = path.with_suffix(".csv" if "csv" in chosen.lower() else ".jsonl")
        try:
            write_hits(self.model.hits, path)
        except OSError as exc:
            self.summary.setText(f"{path}: could not be written ({exc.strerror or exc}); choose another folder")
            return None
        self.summary.setText(f"{plural(len(self.model.hits), 'hit')} exported to {path.name}")
        return path

    def closeEvent(self, event: Any) -> None:  # noqa: N802
        self.wait_idle()
        super().closeEvent(event)


def write_hits(hits: Sequence[SearchHit], path: Path) -> None:
    """``hits`` as CSV (header :data:`~annotator.storage.search.CSV_COLUMNS`) when ``path`` ends
    in .csv, else JSON lines (the objects ``annotator search`` prints); atomic
    (:func:`annotator.formats.atomic.replacing_file`)."""
    as_csv = path.suffix.lower() == ".csv"
    with replacing_file(path, "w", encoding="utf-8", newline="" if as_csv else "\n") as fh:
        if as_csv:
            writer = csv.writer(fh)
            writer.writerow(CSV_COLUMNS)
            writer.writerows(csv_row(hit) for hit in hits)
        else:
            for hit in hits:
                fh.write(json.dumps(hit.to_json(), ensure_ascii=False) + "\n")
