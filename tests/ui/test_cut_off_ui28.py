"""usertest23 L1, L2 and Esc (branch ui28): nothing the window says is cut off.

L1: the status bar cut a long line at its room's edge, mid-word ("…, 0 spans, 0 r" beside the
pre-annotation's indicator; the launch line "…62 suggestions, 62" at 1380 px), and with nothing
running Ctrl+Shift+J said only the last job line. L2: with the Train panel open at 1400 px the
stance table's header read "videnc" and the Output folder showed the end of its path only.
Esc in the article left the Train panel open. Made-up names and paths throughout."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QStyle

from tests.ui.test_train_dialog import FakeTrainer, _open_dialog, reviewed_window  # noqa: F401
from tests.ui.test_window_keys import press
from tests.ui.test_window_support import make_window, no_modals, pump_until  # noqa: F401

pytestmark = pytest.mark.timeout(120)
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier

#: every long line the window can put in the status bar, in its longest usual form (the formats
#: of transfer.py, launch.py, background.py, preannotation.py, stance_keys.py, window.py)
LONG_LINES = [
    "Imported 1,669 new articles (0 already there; 14 more copies of them, merged in), 0 spans, 0 relations",
    "Imported 1,669 new articles (0 already there; 14 more copies of them, merged in), 0 spans, 0 relations; "
    "then pre-annotated 1669 articles: 20,114 suggestions, 20,114 new",
    "Sample without its real news article: /home/ana/projects/shared/data/seed-article.txt not found "
    "(set $ANNOTATOR_SHARED_DATA to the data folder); then pre-annotated 2 articles: 62 suggestions, 62 new",
    "Cancelled: Pre-annotation after 124 of 399 articles; 315 left, with the 40 of the queued import: "
    "pre-annotated at the next launch or by File → Pre-annotate articles",
    "⚠ This project's pipeline “en_harbour_trained 0.0.1” cannot be loaded (folder not found): the default is used; "
    "choose another in Edit → Preferences",
    "Add stance of Ines Marlowe-Castellano on Harbour Redevelopment (article): favor; accepts PERSON «Ines Marlowe-Castellano»",
    "Saved everything to /home/ana/projects/harbour-coverage/2026/harbour-copy.db and opened it: edits are saved there now",
    "Not saved: harbour.db is read-only (the file's permissions do not allow writing; copy it with File → Save as)",
    "Import queued after Import; Jobs… (Ctrl+Shift+J) lists or drops it",
]


def _show(window, text: str) -> str:  # noqa: ANN001
    """Say ``text`` in the window's bar, let the room be made, paint it; the text drawn."""
    bar = window.statusBar()
    bar.showMessage(text, 0)
    for _ in range(3):
        QApplication.processEvents()
    bar.repaint()
    return bar.shown_text()


def test_no_status_line_is_cut_without_the_whole_line_at_hand(make_window) -> None:  # noqa: ANN001
    """At 1280 px with a run's indicator shown, each long line fits, or is elided in the middle
    (its start and its end drawn, '…' between) and is whole in the tooltip and in Lately."""
    window = make_window()
    window.resize(1280, 800)
    pump_until(lambda: window.width() == 1280)
    window.progress_indicator.show_progress(40, 1669, "Pre-annotating 40 of 1669")
    bar = window.statusBar()
    metrics = bar.fontMetrics()
    elided = 0
    for text in LONG_LINES:
        shown = _show(window, text)
        room = bar.message_rect().width()
        assert metrics.horizontalAdvance(shown) <= room, (text, shown, room)
        assert bar.toolTip() == text
        if shown != text:
            elided += 1
            head, _, tail = shown.partition("…")
            assert head and tail and text.startswith(head) and text.endswith(tail), shown  # the middle gives way
            assert text in window.background.recent, (text, list(window.background.recent))  # Ctrl+Shift+J has it whole
    assert elided >= 3  # at 1280 px beside the indicator the import and launch lines do not fit
    assert _show(window, "Saved.") == "Saved."  # a short one is drawn whole
    assert "Saved." not in window.background.recent


def test_the_jobs_menu_keeps_every_line_of_the_session_with_nothing_running(qtbot, make_window) -> None:  # noqa: ANN001
    """'Ctrl+Shift+J later shows only the last job line': with nothing running it opens the menu,
    and its Lately holds every job's line of the session (10 here), newest first."""
    window = make_window()
    lines = [f"Imported {n} new articles (0 already there), {n * 3} spans, 0 relations" for n in range(1, 11)]
    for line in lines:
        window.background.remember(line)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_J, CTRL_SHIFT)
    menu = window.background.menu
    assert menu is not None
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts[0] == "No background work is running or queued"
    assert [t for t in texts if t.startswith("Imported")] == lines[::-1]
    qtbot.keyClick(menu, Qt.Key.Key_Escape)
    pump_until(lambda: window.background.menu is None, 5)


def test_train_panel_at_1400_keeps_headers_and_the_output_path_readable(reviewed_window, no_modals) -> None:  # noqa: ANN001, F811
    """L2: no stance header is cut mid-word, and the output folder shows both ends of its path."""
    window = reviewed_window
    window.resize(1400, 900)
    QApplication.processEvents()
    dialog = _open_dialog(window, FakeTrainer())
    QApplication.processEvents()
    table = window.article_panel.stance_table
    header = table.horizontalHeader()
    margin = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    for column in range(5):
        label = table.horizontalHeaderItem(column).text()
        need = header.fontMetrics().horizontalAdvance(label) + 2 * margin
        assert header.sectionSize(column) >= need, (label, header.sectionSize(column), need, table.viewport().width())
    assert header.sectionSize(5) == 28  # the ✕ column stays narrow
    field = dialog.output
    field.setText("/home/ana/projects/harbour-coverage/2026/analysts/annotator/default-pipeline")
    window.view.setFocus()
    QApplication.processEvents()
    shown = field.shown_text()
    head, _, tail = shown.partition("…")
    path = field.text()
    assert head.startswith("/home") and tail.endswith("pipeline") and path.startswith(head) and path.endswith(tail), shown
    assert field.fontMetrics().horizontalAdvance(shown) <= field.width()
    assert field.toolTip() == field.text()  # the whole path
    field.setFocus()
    QApplication.processEvents()
    assert field.shown_text() == field.text()  # editing: the plain field


def test_esc_in_the_article_closes_the_train_panel_after_the_selection(reviewed_window, no_modals) -> None:  # noqa: ANN001, F811
    """Esc with the keys on the article: a selected span first (as before), then the Train panel."""
    window = reviewed_window
    window.resize(1400, 900)
    _open_dialog(window, FakeTrainer())
    panel = window.training.panel
    window.view.setFocus()
    press(window, Qt.Key.Key_Tab)  # a pending suggestion selected
    assert window.selected_id is not None
    press(window, Qt.Key.Key_Escape)
    assert window.selected_id is None and panel.isVisible()  # the selection took this Esc
    press(window, Qt.Key.Key_Escape)
    assert not panel.isVisible()
    assert window.statusBar().currentMessage().startswith("Closed the Train panel")
    assert window.view.text_widget().hasFocus() or window.view.hasFocus()
    window.guidelines_panel.show()  # the next panel down, then the find bar
    window.find_bar.open_bar()
    window.view.setFocus()
    press(window, Qt.Key.Key_Escape)
    assert not window.guidelines_panel.isVisible() and window.find_bar.isVisible()
    press(window, Qt.Key.Key_Escape)
    assert not window.find_bar.isVisible()
    press(window, Qt.Key.Key_Escape)  # nothing left to close: nothing happens
    assert not panel.isVisible()
