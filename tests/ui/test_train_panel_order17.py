"""usertest16 L10: the Train dialog floated over the article text. It is a panel docked beside
the article now: with it open the article view is shown whole and not overlapped, and keys
reach the article (after Start at once; else after a click in it). Close keeps the run going,
Ctrl+Shift+M shows it again."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from annotator.ui.train_dialog import TrainPanel
from tests.ui.test_train_dialog import FakeTrainer, _open_dialog, _push, reviewed_window  # noqa: F401
from tests.ui.test_window_keys import press
from tests.ui.test_window_support import make_window, no_modals, pump_until  # noqa: F401


def _on_screen(widget: QWidget) -> QRect:
    return QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())


def _in(widget: QWidget, focus: QWidget | None) -> bool:
    return focus is not None and (focus is widget or widget.isAncestorOf(focus))


def test_the_train_panel_sits_beside_the_article_and_the_keys_reach_it(reviewed_window, no_modals) -> None:  # noqa: ANN001, F811
    window = reviewed_window
    window.resize(1400, 900)
    QApplication.processEvents()
    trainer = FakeTrainer()
    trainer.edited.set()
    dialog = _open_dialog(window, trainer)
    QApplication.processEvents()  # the dock laid out
    panel = window.training.panel
    assert isinstance(panel, TrainPanel) and dialog.panel() is panel and panel.dialog() is dialog and not panel.isFloating()
    assert dialog.window() is window  # not a window of its own, which the window manager puts over the text
    view = window.view
    assert view.isVisible() and _on_screen(window).contains(_on_screen(view))  # shown whole
    assert not _on_screen(panel).intersects(_on_screen(view))  # side by side
    # no window of any kind over it (the dialog window did: usertest16 L10)
    over = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not window
            and _on_screen(w).intersects(_on_screen(view))]
    assert over == []
    assert view.width() >= 300  # still an article to read beside it
    # keys reach the article: the analyst clicks in it and annotates
    open_id = window.project.article_ids()[-1]
    window.open_article(open_id)
    QTest.mouseClick(view, Qt.MouseButton.LeftButton, pos=QPoint(view.width() - 20, view.height() - 20))
    assert _in(view, QApplication.focusWidget())
    press(window, Qt.Key.Key_Tab)
    press(window, Qt.Key.Key_A)
    with sqlite3.connect(window.project.path) as con:
        assert con.execute("SELECT status FROM spans WHERE article_id = ?", [open_id]).fetchall() == [("accepted",)]
    # Start gives the keys back to the article; Close hides the panel and the run goes on
    dialog.steps.setValue(500)
    _push(dialog.start_button)
    assert dialog.is_running() and _in(view, QApplication.focusWidget())
    assert panel.isVisible()
    _push(dialog.close_button)
    assert not panel.isVisible() and dialog.is_running()
    assert _open_dialog(window, trainer) is dialog and panel.isVisible()  # Ctrl+Shift+M shows it again
    _push(dialog.cancel_button)
    pump_until(lambda: not dialog.is_running())
