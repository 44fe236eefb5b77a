"""usertest17 N4, N7, N8, N9, L-g, L-k: the Train panel for the analyst who keeps annotating
while it is open (branch fixut19a)."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.ui.test_train_dialog import FakeTrainer, _open_dialog, _push, reviewed_window  # noqa: F401
from tests.ui.test_window_keys import press
from tests.ui.test_window_support import make_window, no_modals, pump_until  # noqa: F401

READABLE = 480  # px: the article column's least width with the panel open (N8)
LIST_USABLE_WIDTH = 220  # px: the article list's least width with the panel open (usertest21 L5)


@pytest.mark.parametrize("size", [(1200, 750), (1600, 1000)])
def test_the_article_keeps_a_readable_width_beside_the_panel(reviewed_window, no_modals, size) -> None:  # noqa: ANN001, F811
    """N8: at the window's first size (1200×750) the panel left the article ~100 px."""
    window = reviewed_window
    window.resize(*size)
    QApplication.processEvents()
    _open_dialog(window, FakeTrainer())
    QApplication.processEvents()
    panel = window.training.panel
    assert panel.isVisible()
    before = window.splitter.sizes()
    assert window.view.width() >= READABLE
    assert panel.width() >= 300  # and the panel still reads
    _push(window.training.dialog.close_button)  # the columns come back as they were
    QApplication.processEvents()
    assert window.article_list.isVisible()
    if size == (1200, 750):
        assert before[0] == 0 and window.splitter.sizes()[0] > 200  # the list was hidden for it
        assert window.statusBar().currentMessage() == ""  # and the line saying so is gone with it


@pytest.mark.parametrize("width", [1320, 1380, 1390, 1400, 1600])
def test_the_article_list_beside_the_panel_is_usable_or_hidden(reviewed_window, no_modals, width) -> None:  # noqa: ANN001, F811
    """usertest21 L5: the room for the panel narrowed the list to its least size hint (~200 px):
    titles cut to about 12 characters. It keeps LIST_USABLE_WIDTH (220 px) or is hidden; the
    article keeps its readable width either way, and the panel its own."""
    window = reviewed_window
    window.resize(width, 850)
    QApplication.processEvents()
    _open_dialog(window, FakeTrainer())
    QApplication.processEvents()
    listed = window.article_list
    assert not listed.isVisible() or listed.width() >= LIST_USABLE_WIDTH, (width, window.splitter.sizes())
    assert window.view.width() >= READABLE
    assert window.training.panel.width() >= window.training.panel.minimumSizeHint().width()
    if width == 1600:  # room for all: nothing hidden, the list as it was
        assert listed.isVisible() and listed.width() >= 260, window.splitter.sizes()


def test_opening_the_panel_leaves_the_keys_on_the_article(reviewed_window, no_modals) -> None:  # noqa: ANN001, F811
    """N9: the panel took the keys into its Output folder field with the path selected: A (accept)
    replaced the path with "a"."""
    window = reviewed_window
    open_id = window.project.article_ids()[-1]
    window.open_article(open_id)
    dialog = _open_dialog(window, FakeTrainer())
    folder = dialog.output.text()
    assert not dialog.output.hasSelectedText()
    for key in (Qt.Key.Key_Tab, Qt.Key.Key_A):  # where the keyboard is, as the analyst types
        QTest.keyClick(QApplication.focusWidget(), key)
        QApplication.processEvents()
    with sqlite3.connect(window.project.path) as con:
        assert con.execute("SELECT status FROM spans WHERE article_id = ?", [open_id]).fetchall() == [("accepted",)]
    assert dialog.output.text() == folder


def test_the_open_panel_recounts_when_an_article_is_marked_done(make_window, tmp_path, no_modals, monkeypatch) -> None:  # noqa: ANN001, F811
    """N7: with the panel open and "Only 1 reviewed article: training needs at least 2", Ctrl+Return
    marked another done and the panel kept saying so, Start off."""
    from annotator.domain.model import Article, ArticleBundle, ArticleStatus, Span, Status
    from annotator.storage.project import Project
    from annotator.ui import train_dialog
    from tests.ui.test_train_dialog import _bundles

    project = Project.open(tmp_path / "one.db")
    project.import_bundles(_bundles(1))
    text = "On Monday Ines Prado opened the harbour office. Few people came."
    start = text.index("Ines Prado")
    project.import_bundles([ArticleBundle(Article(None, text, title="Harbour", status=ArticleStatus.NEW),
                                          spans=[Span("h", 0, start, start + 10, "PERSON", "entity", status=Status.SUGGESTED)])])
    window = make_window(project)
    monkeypatch.setattr(train_dialog, "RECOUNT_DELAY", 50)  # the test need not wait the analyst's pause
    dialog = _open_dialog(window, FakeTrainer())
    assert not dialog.start_button.isEnabled(), dialog.summary.text()
    before = dialog.summary.text()
    window.open_article(project.article_ids()[-1])
    for key, mod in ((Qt.Key.Key_Tab, Qt.KeyboardModifier.NoModifier), (Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier),
                     (Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)):  # accept the name, mark done
        QTest.keyClick(QApplication.focusWidget(), key, mod)
        QApplication.processEvents()
    with sqlite3.connect(project.path) as con:
        assert con.execute("SELECT count(*) FROM articles WHERE status = 'done'").fetchone() == (2,)
    pump_until(lambda: dialog.start_button.isEnabled(), timeout=5)
    assert dialog.summary.text() != before


def test_ctrl_q_in_the_panel_quits(reviewed_window, no_modals) -> None:  # noqa: ANN001, F811
    """L-g: Ctrl+Q did nothing while the Train dialog had the keys (usertest16 L7)."""
    window = reviewed_window
    dialog = _open_dialog(window, FakeTrainer())
    dialog.steps.setFocus()
    assert QApplication.focusWidget() is dialog.steps
    QTest.keyClick(dialog.steps, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    pump_until(lambda: not window.isVisible(), timeout=5)


def test_the_result_labels_are_whole_in_the_panel(reviewed_window, no_modals) -> None:  # noqa: ANN001, F811
    """L-k: in the narrow panel the result rows read "All attribution …", "Speaker right …"."""
    from tests.ui.test_train_dialog import WorseTrainer

    window = reviewed_window
    window.resize(1200, 750)
    QApplication.processEvents()
    dialog = _open_dialog(window, WorseTrainer())
    _push(dialog.start_button)
    pump_until(lambda: not dialog.is_running() and dialog.summary_ready)
    table = dialog.table
    QApplication.processEvents()
    titles = [table.item(r, 0) for r in range(table.rowCount())]
    assert len(titles) >= 8
    room = table.columnWidth(0) - 2 * table.style().pixelMetric(table.style().PixelMetric.PM_FocusFrameHMargin) - 4
    cut = [t.text() for t in titles if table.fontMetrics().horizontalAdvance(t.text()) > room]
    assert cut == []
    assert all(t.toolTip() for t in titles)
    assert all(table.columnWidth(c) >= table.fontMetrics().horizontalAdvance("0.00") for c in range(1, 7))


def _start_then_open_another(window, dialog, tmp_path, *, steps: int, until_step: int) -> None:  # noqa: ANN001
    """Start ``steps`` of training, wait for step ``until_step``, then open another project as
    File → Open does with the file chosen."""
    from annotator.storage.project import Project
    from tests.ui.test_train_dialog import _bundles

    dialog.steps.setValue(steps)
    _push(dialog.start_button)
    pump_until(lambda: dialog.bar.value() >= until_step)
    other = Project.open(tmp_path / "other.db")
    other.import_bundles(_bundles(2))
    window.change_project(other)


def test_opening_another_project_says_where_its_training_stopped_and_keeps_the_run(reviewed_window, tmp_path, no_modals) -> None:  # noqa: ANN001, F811
    """N4: File → Open while training ran stopped it without a word; back on the first project the
    panel proposed Max steps 2000 and said nothing of the unfinished run."""
    from annotator.storage.project import Project

    window = reviewed_window
    first = window.project.path
    said: list[str] = []
    window.session.message.connect(lambda text, _ms: said.append(text))
    trainer = FakeTrainer()
    trainer.edited.set()
    dialog = _open_dialog(window, trainer)
    folder = dialog.output.text()
    _start_then_open_another(window, dialog, tmp_path, steps=300, until_step=5)
    pump_until(lambda: any("stopped after step" in s for s in said), timeout=5)
    line = next(s for s in said if "stopped after step" in s)
    assert line.startswith(f"Training on {first.name} stopped after step ") and " of 300; the checkpoint is in " in line
    assert line.endswith(f"open {first.name} and Start again in its Train panel to resume")
    window.change_project(Project.open(first))
    again = _open_dialog(window, trainer)
    assert again is not dialog
    assert again.steps.value() == 300 and again.output.text() == folder
    assert again.status.text().startswith(f"Unfinished run: training on {first.name} stopped after step ")
    _push(again.start_button)
    pump_until(lambda: not again.is_running(), timeout=15)
    assert trainer.calls[-1]["max_steps"] == 300 and again.result is not None


def test_a_run_that_finishes_while_stopping_says_so(reviewed_window, tmp_path, no_modals) -> None:  # noqa: ANN001, F811
    """N4, second try: switched during the final scoring, the run finished in the background and
    the window never said so."""
    window = reviewed_window
    said: list[str] = []
    window.session.message.connect(lambda text, _ms: said.append(text))
    fake = FakeTrainer()
    fake.edited.set()

    def past_stopping(project, output, *, cancelled, **kwargs):  # noqa: ANN001, ANN003, ANN202, ARG001
        return fake(project, output, cancelled=lambda: False, **kwargs)  # its last phase: no stopping now

    dialog = _open_dialog(window, past_stopping)
    folder = dialog.output.text()
    _start_then_open_another(window, dialog, tmp_path, steps=40, until_step=2)
    pump_until(lambda: any("finished before it could stop" in s for s in said), timeout=5)
    assert f"the pipeline is written to {folder}" in next(s for s in said if "finished before" in s)


def test_cancel_after_the_last_step_shows_the_pipeline_written(reviewed_window, no_modals) -> None:  # noqa: ANN001, F811
    """N4's second try, in the panel itself: a Cancel that came in the final scoring let the run
    finish and write its pipeline, and the panel said "Cancelled"."""
    window = reviewed_window
    fake = FakeTrainer()
    fake.edited.set()

    def past_stopping(project, output, *, cancelled, **kwargs):  # noqa: ANN001, ANN003, ANN202, ARG001
        return fake(project, output, cancelled=lambda: False, **kwargs)

    dialog = _open_dialog(window, past_stopping)
    dialog.steps.setValue(40)
    _push(dialog.start_button)
    pump_until(lambda: dialog.bar.value() >= 2)
    _push(dialog.cancel_button)
    pump_until(lambda: not dialog.is_running(), timeout=5)
    assert dialog.result is not None and dialog.status.text().startswith("Trained "), dialog.status.text()
    assert dialog.use_button.isEnabled()
