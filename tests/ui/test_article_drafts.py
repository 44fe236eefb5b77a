"""Stance and tag fields start fresh on another article (issue 9: the polarity chosen for one
article was still chosen on the next, so a stance could be added with a polarity nobody picked)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.test_window_keys import press
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401

K = Qt.Key
SHIFT = Qt.KeyboardModifier.ShiftModifier


def _fill(window) -> None:  # noqa: ANN001
    panel = window.article_panel
    panel.polarity_combo.setCurrentIndex(panel.polarity_combo.findData("against"))
    panel.note_edit.setText("draft")
    panel.tag_edit.setText("diplo")


def test_next_article_resets_polarity_and_drafts(make_window) -> None:  # noqa: ANN001
    window = make_window()
    panel = window.article_panel
    first_polarity = panel.polarity_combo.itemData(0)
    assert first_polarity != "against"
    first = window.state.article_id
    _fill(window)
    press(window, K.Key_PageDown, SHIFT)  # next article
    QApplication.processEvents()
    assert window.state.article_id != first
    assert panel.polarity_combo.currentData() == first_polarity
    assert [panel.note_edit.text(), panel.tag_edit.text()] == ["", ""]


def test_reopening_the_same_article_keeps_the_drafts(make_window) -> None:  # noqa: ANN001
    window = make_window()
    panel = window.article_panel
    _fill(window)
    window.open_article(window.state.article_id)  # e.g. reloaded after a conflict: same article
    assert panel.polarity_combo.currentData() == "against" and panel.note_edit.text() == "draft"
