"""View → Agreement… (issue 11): the report computed in a worker, its cells equal to
`annotator agreement --json`, Copy as JSON, opening an article from the disagreements, the
keyboard (Tab between tables, Esc), disabled without analysts' layers, and a screenshot written
to docs/screenshots/agreement.png."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QTableWidget

from annotator.agreement.text import fmt
from annotator.cli import cli
from annotator.storage.project import Project
from annotator.ui.agreement_dialog import AgreementDialog
from tests.agreement.team_project import build
from tests.ui.test_window_screenshots import OUT, _changed
from tests.ui.test_window_support import fake_suggester, make_window, no_modals  # noqa: F401

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def cli_json(path: Path) -> tuple[str, dict]:
    result = CliRunner().invoke(cli, ["agreement", str(path), "--json"])
    assert result.exit_code == 0, result.output
    return result.output, json.loads(result.output)


def open_dialog(window, qtbot) -> AgreementDialog:  # noqa: ANN001
    qtbot.keyClick(window, Qt.Key.Key_A, CTRL_SHIFT)
    dialog = window.findChild(AgreementDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=10000)  # computed in the worker
    return dialog


def cells(table: QTableWidget) -> list[list[str]]:
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def row_of(table: QTableWidget, first: str) -> list[str]:
    return next(row for row in cells(table) if row[0] == first)


def test_agreement_needs_analysts_layers(make_window, tmp_path: Path) -> None:  # noqa: ANN001
    window = make_window(Project.open(build(tmp_path / "solo.db", team=False), create=False))
    assert not window.actions_by_id["agreement"].isEnabled()
    assert window.findChild(AgreementDialog) is None


def test_cells_equal_the_cli_json_and_copy_gives_its_document(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    path = build(tmp_path / "team.db")
    printed, data = cli_json(path)
    window = make_window(Project.open(path, create=False), analyst="lead")
    assert window.actions_by_id["agreement"].isEnabled()
    dialog = open_dialog(window, qtbot)
    labels = dialog.tables["labels"]
    # The hand-made figures (tests/agreement/test_from_project.py): PERSON F1 2/3, GPE 0, overall 4/8.
    assert row_of(labels, "PERSON")[1:3] == ["0.667", "0.667"]
    assert row_of(labels, "GPE")[1] == "0.000"
    assert row_of(labels, "overall")[1] == "0.500"
    # Every cell is the CLI's JSON value as the CLI prints it ("—" when undefined).
    for label in [*data["labels"], "overall"]:
        assert row_of(labels, label)[1:] == [
            fmt(data["span_f1"][label]["exact"]), fmt(data["span_f1"][label]["overlap"]), fmt(data["kappa"][label]["cohen"]),
            fmt(data["kappa"][label]["fleiss"]), fmt(data["alpha"][label]), fmt(data["alpha_u"][label])]
    assert len(cells(labels)) == len(data["labels"]) + 1
    pair = data["pairs"][0]
    assert cells(dialog.tables["pairs"]) == [["ana / ben", "2", " / ".join(str(pair["spans"][n]) for n in ("ana", "ben")),
                                              fmt(pair["span_f1"]["overall"]["exact"]), fmt(pair["span_f1"]["overall"]["overlap"]),
                                              fmt(pair["kappa"]["overall"]), fmt(pair["alpha"]["overall"]),
                                              fmt(pair["alpha_u"]["overall"])]]
    links = dialog.tables["links"]
    assert row_of(links, "SPEAKER")[1] == "1.000" == fmt(data["relations"]["SPEAKER"]["f1"])
    assert row_of(links, "stances")[2:] == [fmt(data["stances"]["kappa"]["cohen"]), fmt(data["stances"]["kappa"]["fleiss"]),
                                            fmt(data["stances"]["alpha"])]
    assert "—" in row_of(links, "stances")  # no stance in this project: undefined, never 0 or 1
    confusion = cells(dialog.tables["confusion"])
    assert ["GPE", "LOC", "1"] in confusion and ["LOC", "GPE", "1"] in confusion
    assert len(confusion) == sum(len(row) for row in data["confusion"].values())
    disagreements = cells(dialog.tables["disagreements"])
    assert [row[1] for row in disagreements] == [d["title"] for d in data["disagreements"]]
    assert disagreements[0][1] == "Berlin" and disagreements[0][3] == fmt(data["disagreements"][0]["f1_overlap"])

    QGuiApplication.clipboard().clear()
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == printed.rstrip("\n")
    assert json.loads(QGuiApplication.clipboard().text()) == data


def test_enter_and_double_click_open_the_article(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    path = build(tmp_path / "team.db")
    project = Project.open(path, create=False)
    ids = {title: article_id for article_id, title in project.db.execute("SELECT id, title FROM articles")}
    window = make_window(project, analyst="lead")
    dialog = open_dialog(window, qtbot)
    dialog.tabs.setCurrentIndex(dialog.tabs.indexOf(dialog.tables["disagreements"]))
    table = dialog.tables["disagreements"]
    table.setFocus()
    titles = [table.item(r, 1).text() for r in range(table.rowCount())]
    assert titles[0] == "Berlin"
    with qtbot.waitSignal(window.session.articleOpened, timeout=5000) as opened:
        qtbot.keyClick(table, Qt.Key.Key_Return)
    assert opened.args == [ids["Berlin"]]
    row = titles.index("Tax plan")
    table.setCurrentCell(row, 0)
    with qtbot.waitSignal(window.session.articleOpened, timeout=5000) as opened:
        table.itemDoubleClicked.emit(table.item(row, 2))
    assert opened.args == [ids["Tax plan"]]


def test_tab_moves_between_tables_and_esc_closes(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    window = make_window(Project.open(build(tmp_path / "team.db"), create=False), analyst="lead")
    dialog = open_dialog(window, qtbot)
    assert QApplication.focusWidget() is dialog.tables["labels"]
    seen = []
    for _ in range(4):  # table → tab bar → Copy as JSON → Close (Tab never walks a table's cells)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    assert dialog.copy_button in seen
    assert dialog.tabs.tabBar() in seen
    # Ctrl+Tab switches table
    dialog.tables["labels"].setFocus()
    qtbot.keyClick(dialog.tabs, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert dialog.tabs.currentWidget() is dialog.tables["pairs"]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.findChild(AgreementDialog) is None or not window.findChild(AgreementDialog).isVisible())


def test_agreement_screenshot(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    window = make_window(Project.open(build(tmp_path / "team.db"), create=False), analyst="lead")
    dialog = open_dialog(window, qtbot)
    dialog.resize(900, 520)
    qtbot.wait(50)
    image = dialog.grab().toImage()
    OUT.mkdir(parents=True, exist_ok=True)
    target = OUT / "agreement.png"
    if _changed(image, target):
        image.save(str(target))
    assert target.exists()


def test_a_failed_report_says_why_and_shows_no_figures(qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    from annotator.domain.errors import InputError

    def refuse(path):  # noqa: ANN001, ANN202
        raise InputError("agreement needs at least two analysts; this project has 1 (ana)", path=str(path))

    dialog = AgreementDialog(tmp_path / "one.db", article_ids=lambda _h: None, open_article=lambda _i: None, compute=refuse)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.start()
    qtbot.waitUntil(lambda: not dialog.busy.isVisible(), timeout=5000)
    assert "at least two analysts" in dialog.summary.text()
    assert dialog.report is None and not dialog.copy_button.isEnabled() and not dialog.tabs.isVisible()
    dialog.worker.wait(5000)
