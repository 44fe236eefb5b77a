"""View → Agreement… (issue 11): the agreement report of a team project in the window.

The figures are those of ``annotator agreement`` (docs/agreement.md): the same builder
(:func:`compute_report` = ``team_from_project`` → ``restricted`` → ``measure``), shown through the
CLI's own formatting (:func:`annotator.agreement.text.fmt`: three decimals, "—" when undefined).
"Copy as JSON" copies exactly ``annotator agreement --json``'s document. The report is computed in
a :class:`~annotator.ui.workers.JobWorker` on its own connection (it can take seconds on a big team
project) while a busy bar shows; the window never blocks.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QLabel, QProgressBar,
                               QPushButton, QTableWidget, QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget)

from annotator.agreement.measures import OVERALL, AgreementReport
from annotator.agreement.text import fmt
from annotator.domain.curation_flags import CHANGED, FlagSection, flag_sections
from annotator.domain.words import plural
from annotator.storage.project import Project
from annotator.ui.workers import JobWorker

ARTICLE_ID_ROLE = Qt.ItemDataRole.UserRole + 1


def compute_report(path: str | Path) -> AgreementReport:
    """The report ``annotator agreement PATH`` prints (every label, every analyst), read on a
    connection of its own (safe in a worker thread). Raises ``InputError`` like the CLI."""
    from annotator.agreement.from_project import changed_decisions, note_unreviewed, team_from_project, team_layers
    from annotator.agreement.inputs import restricted
    from annotator.agreement.measures import measure

    with Project.open(path, create=False) as opened:
        team = team_from_project(team_layers(opened), opened.schema, path=str(path))
        changed = changed_decisions(opened)
        report = measure(restricted(team, labels=None), labels=None)
        note_unreviewed(opened, report)  # fix11l: analysts who never reviewed their articles, as the CLI says
    report.changed_since_decided = changed  # decisions to look at again, as the CLI lists them
    return report


def report_json_text(report: AgreementReport) -> str:
    """``annotator agreement --json``'s document, byte for byte (without the trailing newline)."""
    return json.dumps(report.to_json(), ensure_ascii=False, indent=2)


#: What each column header of the report means, shown when the pointer rests on it (fix11ui: the
#: user test found headers nobody explained; docs/agreement.md defines every figure).
HEADER_TIPS: dict[str, str] = {
    "F1 exact": "Span F1 with exact matches (same start, end and label): 2·matches / (spans of A + spans of B), "
                "mean over analyst pairs on the articles both annotated",
    "F1 overlap": "Span F1 where overlapping spans of the same label match (at least one shared character)",
    "F1": "Links: the same speaker (or cue) for the same quote, 2·matches / (links of A + links of B)",
    "Cohen κ": "Cohen's kappa on the units both analysts of a pair marked: agreement beyond chance (1 all, 0 chance)",
    "Fleiss κ": "Fleiss' kappa over all analysts on the units they marked, on the articles every analyst annotated",
    "κ": "Cohen's kappa of this pair on the units both marked",
    "α": "Krippendorff's alpha (nominal, on labels): 1 perfect agreement, 0 chance, below 0 systematic disagreement",
    "α_u": "Krippendorff's unitizing alpha: where the spans lie, crediting partial overlap (the labels tab: all analysts, "
           "on the articles every analyst annotated)",
    "spans": "Spans each analyst of the pair marked on the articles both annotated",
    "articles": "Articles both analysts of the pair were given",
    "units": "Units where one analyst gave the first label and the other the second",
}


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], name: str, table: QTableWidget | None = None) -> QTableWidget:
    """A read-only, row-selecting table of ``rows`` (``table``: fill this one instead of a new one);
    a header named in :data:`HEADER_TIPS` explains itself on hover."""
    table = table if table is not None else QTableWidget()
    table.setRowCount(len(rows))
    table.setColumnCount(len(header))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(list(header))
    for c, title in enumerate(header):
        base = title.split(" (")[0]  # "Fleiss κ (2 of 3 art.)": the figure's tip, and on which articles
        if base in HEADER_TIPS:
            table.horizontalHeaderItem(c).setToolTip(HEADER_TIPS[base] + (f"; computed on {title[len(base) + 2:-1]}" if base != title else ""))
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    # Tab leaves the table (to the next one / the buttons) instead of walking its cells.
    table.setTabKeyNavigation(False)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            if c > 0:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, item)
    header_view = table.horizontalHeader()
    header_view.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header_view.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)  # the name column takes the room left
    if rows:
        table.setCurrentCell(0, 0)
    return table


class _DisagreementTable(QTableWidget):
    """Enter / Return open the current row's article (double-click too, wired by the dialog)."""

    def __init__(self, opener: Callable[[int], None]) -> None:
        super().__init__()
        self._opener = opener

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentRow() >= 0:
            self._opener(self.currentRow())
            event.accept()
            return
        super().keyPressEvent(event)


class AgreementDialog(QDialog):
    """Tabs of the agreement report: labels, pairs, relations and stances, confusions, articles.

    ``path``: the team project's file (read on a worker's own connection); ``article_ids``:
    text hash → article id (the report names articles by text hash); ``open_article(article_id)``
    opens one in the window. Esc closes; Tab goes table → tab bar → buttons.
    """

    def __init__(self, path: str | Path, *, article_ids: Callable[[str], int | None],
                 open_article: Callable[[int], None], parent: QWidget | None = None,
                 compute: Callable[[str | Path], AgreementReport] = compute_report) -> None:
        super().__init__(parent)
        self.setWindowTitle("Agreement between analysts")
        self.report: AgreementReport | None = None
        self._path = path
        self._article_ids = article_ids
        self._open_article = open_article
        self._compute = compute
        self.worker: JobWorker | None = None
        layout = QVBoxLayout(self)
        self.summary = QLabel("Computing the agreement report…")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # indeterminate: the builder reports no steps
        layout.addWidget(self.busy)
        self.tabs = QTabWidget()
        self.tabs.setVisible(False)
        layout.addWidget(self.tabs, 1)
        self.notes = QLabel("")
        self.notes.setWordWrap(True)
        layout.addWidget(self.notes)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton("Copy as &JSON")
        self.copy_button.setEnabled(False)
        self.copy_button.setToolTip("Copy the figures as `annotator agreement --json` prints them")
        self.copy_button.clicked.connect(self.copy_json)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.tables: dict[str, QTableWidget] = {}
        self.resize(900, 560)

    # ---- computing ---------------------------------------------------------------------------
    def start(self) -> None:
        """Compute the report in a worker; :meth:`show_report` fills the tabs when it is done."""
        self.worker = JobWorker(lambda _report, _cancelled: self._compute(self._path), parent=self)
        self.worker.succeeded.connect(self.show_report)
        self.worker.failed.connect(self._failed)
        self.worker.start()

    def done(self, result: int) -> None:  # noqa: D102 - closing waits for a running worker
        if self.worker is not None and self.worker.isRunning():
            self.worker.cancel()
            self.worker.wait(10000)
        super().done(result)

    def _failed(self, message: str) -> None:
        self.busy.setVisible(False)
        self.summary.setText(f"The agreement report could not be computed: {message}")

    # ---- showing -----------------------------------------------------------------------------
    def show_report(self, report: AgreementReport) -> None:
        self.report = report
        self.busy.setVisible(False)
        self.summary.setText(f"Agreement of {plural(len(report.analysts), 'analyst')} ({', '.join(report.analysts)}): "
                             f"{report.coverage()}. "
                             f"Fleiss κ and α_u (all analysts together): {report.all_scope()}. "
                             "An undefined figure shows as “—”; docs/agreement.md defines every figure.")
        self.notes.setText("\n".join([*([f"Warning: {report.review_warning}"] if report.review_warning else []),
                                       *(f"Note: {n}" for n in report.notes)]))
        self.tabs.clear()
        self.tables.clear()
        keys = [*report.labels, OVERALL]
        # fix11j: the "for all" columns say on how many articles they are computed (n of N)
        scope = f" ({report.articles_all} of {report.articles_any_two} art.)"
        self._add("labels", "&Labels", ["label", "F1 exact", "F1 overlap", "Cohen κ", "Fleiss κ" + scope, "α", "α_u" + scope], [
            [k, fmt(report.span_f1[k]["exact"]), fmt(report.span_f1[k]["overlap"]), fmt(report.kappa[k]["cohen"]),
             fmt(report.kappa[k]["fleiss"]), fmt(report.alpha[k]), fmt(report.alpha_u[k])] for k in keys])
        self._add("pairs", "&Pairs", ["pair", "articles", "spans", "F1 exact", "F1 overlap", "κ", "α", "α_u"], [
            [" / ".join(p["analysts"]), str(p["articles"]), " / ".join(str(p["spans"][n]) for n in p["analysts"]),
             fmt(p["span_f1"][OVERALL]["exact"]), fmt(p["span_f1"][OVERALL]["overlap"]), fmt(p["kappa"][OVERALL]),
             fmt(p["alpha"][OVERALL]), fmt(p["alpha_u"][OVERALL])] for p in report.pairs])
        s = report.stances
        self._add("links", "Speaker links and &stances", ["relation", "F1", "Cohen κ", "Fleiss κ" + scope, "α"], [
            *([name, fmt(r["f1"]), fmt(r["kappa"]["cohen"]), fmt(r["kappa"]["fleiss"]), fmt(r["alpha"])]
              for name, r in report.relations.items()),
            ["stances", "—", fmt(s["kappa"]["cohen"]), fmt(s["kappa"]["fleiss"]), fmt(s["alpha"])]])
        self._add("confusion", "&Confusion", ["label", "other's label", "units"], [
            [x, y, str(n)] for x, row in report.confusion.items() for y, n in row.items()])
        self._add_disagreements(report.disagreements)
        # the two ⚠ kinds apart, each under the CLI's heading (fix11o: the "linked to nothing" rows were
        # listed under "Changed since decided"; annotator.domain.curation_flags says both)
        for section in flag_sections(report.changed_since_decided):
            self._add_flags(section)
        self.tabs.setVisible(True)
        self.copy_button.setEnabled(True)
        self.tables["labels"].setFocus()

    def _add(self, name: str, title: str, header: Sequence[str], rows: Sequence[Sequence[str]]) -> QTableWidget:
        table = _table(header, rows, name)
        self.tables[name] = table
        self.tabs.addTab(table, title)
        return table

    def _add_flags(self, section: FlagSection) -> None:
        """A tab of one ⚠ kind: its heading (the CLI's line: count and what to do) above its rows."""
        title, what = (("C&hanged since decided", "what changed") if section.kind == CHANGED
                       else ("Linked to &nothing", "why"))
        table = _table(["article", "unit", "labels", what], [
            [f"#{c['article_id']}", c["text"], "/".join(c["labels"]), c["why"]] for c in section.rows], section.kind)
        self.tables[section.kind] = table
        page = QWidget()
        box = QVBoxLayout(page)
        box.setContentsMargins(0, 0, 0, 0)
        heading = QLabel(section.heading)
        heading.setWordWrap(True)
        heading.setObjectName(f"{section.kind}_heading")
        box.addWidget(heading)
        box.addWidget(table, 1)
        page.setFocusProxy(table)
        index = self.tabs.addTab(page, title)
        self.tabs.setTabToolTip(index, section.heading)

    def _add_disagreements(self, rows: Sequence[dict[str, Any]]) -> None:
        table = _table(["article", "title", "pair", "F1 overlap", "α_u"], [
            [d["article"][:12], d["title"] or "", " / ".join(d["analysts"]), fmt(d["f1_overlap"]), fmt(d["alpha_u"])]
            for d in rows], "disagreements", _DisagreementTable(self._open_row))
        for r, d in enumerate(rows):
            item = table.item(r, 0)
            item.setData(ARTICLE_ID_ROLE, self._article_ids(d["article"]))
            item.setToolTip(d["article"])
        table.itemDoubleClicked.connect(lambda item: self._open_row(item.row()))
        self.tables["disagreements"] = table
        self.tabs.addTab(table, "&Articles to discuss")

    def _open_row(self, row: int) -> None:
        item = self.tables["disagreements"].item(row, 0)
        article_id = item.data(ARTICLE_ID_ROLE) if item is not None else None
        if article_id is None:
            self.summary.setText("That article is no longer in this project.")
            return
        self._open_article(int(article_id))

    def copy_json(self) -> None:
        """Put ``annotator agreement --json``'s document on the clipboard."""
        if self.report is not None:
            QGuiApplication.clipboard().setText(report_json_text(self.report))


def open_agreement(parent: QWidget, project: Project, open_article: Callable[[int], None], *,
                   project_changed: object | None = None) -> AgreementDialog | None:
    """Show the agreement report of ``project`` without blocking (computed in a worker); None
    (nothing shown) in a project without analysts' layers. ``project_changed`` (a signal: the
    window opened another project) closes it."""
    if not project.layers():
        return None

    def article_id(text_hash: str) -> int | None:
        row = project.db.execute("SELECT id FROM articles WHERE text_hash = ?", [text_hash]).fetchone()
        return None if row is None else int(row[0])

    dialog = AgreementDialog(project.path, article_ids=article_id, open_article=open_article, parent=parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if project_changed is not None:
        project_changed.connect(dialog.close)  # type: ignore[attr-defined]
    dialog.open()
    dialog.start()
    return dialog


__all__ = ["AgreementDialog", "compute_report", "open_agreement", "report_json_text"]
