"""View → Progress and charts…: a non-modal dialog with the project's progress charts.

It takes the :class:`~annotator.storage.project.Project` (never the window): a header "N of M
articles done", one tab per chart of :data:`annotator.report.charts.CHARTS`, "Save as PNG/SVG…"
for the chart on show, and "Refresh". The figures are computed again each time the dialog is
shown (and on Refresh) **off the UI thread**: on a 10,000-article project
:func:`~annotator.report.figures.compute_report` takes 1.5 s of CPU (benchmarks/report.py),
far past the 50 ms a window may stall. The worker opens its own read-only connection to the
project file (SQLite connections must not cross threads; style habit 11) and returns plain data;
the charts are built on the UI thread and drawn by matplotlib's ``FigureCanvasQTAgg``, which
supports PySide6. matplotlib is imported only here, when the dialog is first built, so the
window's launch does not pay for it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.report.figures import Report
from annotator.storage.project import Project
from annotator.ui import file_dialogs
from annotator.ui.workers import JobWorker

SAVE_FILTERS = "PNG image (*.png);;SVG image (*.svg)"


def compute_in_worker(path: Path) -> Callable[[Callable[[int, int, str], None], Callable[[], bool]], Report]:
    """A :class:`JobWorker` function computing the report of the project file at ``path`` on its
    own read-only connection."""

    def run(_progress: Callable[[int, int, str], None], _cancelled: Callable[[], bool]) -> Report:
        from annotator.report.figures import compute_report, utc_today

        with Project.open(path, create=False, read_only=True, check=False) as project:
            return compute_report(project.db.conn, project.schema, today=utc_today())

    return run


class HasProject(Protocol):
    """What :func:`show_charts` needs of the window: its open project (and to be a QWidget)."""

    project: Project

    def findChild(self, kind: type, name: str = ...) -> Any: ...  # noqa: N802 - Qt's name


def show_charts(window: HasProject) -> ChartsDialog:
    """Show (or raise) the window's charts dialog for its current project; a dialog left open on
    a project the window has since closed is replaced."""
    dialog = window.findChild(ChartsDialog)
    if dialog is not None and dialog.project is not window.project:
        dialog.close()
        dialog.deleteLater()
        dialog = None
    if dialog is None:
        dialog = ChartsDialog(window.project, window)  # type: ignore[arg-type]
    if dialog.isVisible():
        dialog.refresh()
    else:
        dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog


class ChartsDialog(QDialog):
    """Progress and charts of ``project`` (non-modal; see the module docstring).

    ``reportReady`` is emitted with the :class:`Report` once the charts of a refresh are on
    screen; ``reportFailed`` with a one-line message when the figures could not be read."""

    reportReady = Signal(object)
    reportFailed = Signal(str)

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.report: Report | None = None
        self._figures: list[Any] = []  # matplotlib Figures, in tab order
        self._worker: JobWorker | None = None
        self._again = False  # a refresh asked for while one runs
        self.setWindowTitle(f"Progress and charts — {project.path.name}")
        self.setModal(False)
        self.resize(1000, 720)

        self.header = QLabel("Counting…")
        self.header.setObjectName("chartsHeader")
        font = self.header.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.header.setFont(font)
        self.note = QLabel("")
        self.note.setObjectName("chartsNote")
        self.tabs = QTabWidget()
        buttons = QDialogButtonBox()
        self.save_button = QPushButton("&Save as PNG/SVG…")
        self.save_button.setToolTip("Save the chart on show as a PNG image or an SVG drawing")
        self.save_button.clicked.connect(self.save_dialog)
        self.save_button.setEnabled(False)
        self.refresh_button = QPushButton("&Refresh")
        self.refresh_button.clicked.connect(self.refresh)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.refresh_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close).clicked.connect(self.close)

        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.note)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        if parent is not None:
            # The window may close while a count runs: a QThread destroyed running aborts the app.
            parent.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Close:
            self.wait_for_count()
        return False

    def wait_for_count(self, timeout_ms: int = 10_000) -> None:
        """Block until a running count has finished (a read-only query: it does)."""
        if self._worker is not None:
            self._worker.wait(timeout_ms)

    # ------------------------------------------------------------------ computing

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        """Compute the figures again in a worker thread; the charts follow when it is done."""
        if self._worker is not None:
            self._again = True
            return
        self.refresh_button.setEnabled(False)
        self.note.setText("Counting…")
        worker = JobWorker(compute_in_worker(self.project.path), self)
        worker.succeeded.connect(self._show_report)
        worker.failed.connect(self._failed)
        worker.finished.connect(self._worker_finished)
        self._worker = worker
        worker.start()

    def is_busy(self) -> bool:
        return self._worker is not None

    def _worker_finished(self) -> None:
        worker, self._worker = self._worker, None
        if worker is not None:
            worker.deleteLater()
        self.refresh_button.setEnabled(True)
        if self._again:
            self._again = False
            self.refresh()

    def _failed(self, message: str) -> None:
        self.note.setText(f"Could not count: {message}")
        self.reportFailed.emit(message)

    def _show_report(self, report: Report) -> None:
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

        from annotator.report.charts import CHARTS

        self.report = report
        self.header.setText(report.done_line)
        self.note.setText(f"Counted at {report.generated[11:19]} UTC; Refresh counts again.")
        current = self.tabs.currentIndex()
        self.tabs.clear()
        self._figures = []
        for _, title, build in CHARTS:
            figure = build(report)
            canvas = FigureCanvasQTAgg(figure)
            width, height = figure.get_size_inches() * figure.dpi
            canvas.setMinimumHeight(int(height))  # tall charts (50 labels) scroll instead of squashing
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setWidget(canvas)
            scroll.setMinimumWidth(min(int(width), 640))
            self.tabs.addTab(scroll, title)
            self._figures.append(figure)
        self.tabs.setCurrentIndex(max(0, current))
        self.save_button.setEnabled(True)
        self.reportReady.emit(report)

    # ------------------------------------------------------------------ saving

    def current_chart_name(self) -> str:
        from annotator.report.charts import CHARTS

        return CHARTS[max(0, self.tabs.currentIndex())][0]

    def save_dialog(self) -> None:
        if not self._figures:
            return
        start = str(self.project.path.parent / f"{self.current_chart_name()}.png")  # beside the project (usertest13 F11)
        path, chosen = file_dialogs.get_save_file_name(self, "Save chart", start, SAVE_FILTERS, remember="chart")
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() not in (".png", ".svg"):
            target = target.with_suffix(".svg" if "svg" in chosen.lower() else ".png")
        try:
            self.save_current(target)
        except (OSError, ValueError) as exc:
            QMessageBox.warning(self, "Chart not saved", f"{target}: {exc}")

    def save_current(self, path: Path) -> Path:
        """Write the chart on show to ``path`` (its suffix, ``.png`` or ``.svg``, picks the
        format), atomically: written beside it and renamed over it when complete. Raises
        ValueError for another suffix and OSError when the folder cannot be written."""
        from annotator.formats.atomic import replacing_file
        from annotator.report.charts import save_figure

        fmt = path.suffix.lstrip(".").lower()
        if fmt not in ("png", "svg") or not self._figures:
            raise ValueError("save a chart as .png or .svg")
        figure = self._figures[max(0, self.tabs.currentIndex())]
        with replacing_file(path, "wb") as fh:
            save_figure(figure, fh, fmt)
        return path

    def closeEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        self.wait_for_count()  # never leave a running QThread behind
        super().closeEvent(event)
