"""Issue 10 (ui10p): right after launch, with no click, the review keys act on the article.

The re-test (usertest10h, shot c1) launched the app, pressed Tab before clicking anywhere and
found keyboard focus in "Add a tag": the window had been shown but never activated (X with no
window manager handing focus over), so no review shortcut could fire, Tab walked the focus chain
and the next "A" was typed into the tag box. The window now asks for activation when it first
shows; and a review key pressed while focus is in a widget that takes no text (the article list,
the stance table, the tag list) acts on the article too — only text fields keep their letters.
Keys are sent to whatever widget has the keyboard focus, as a keyboard would: no click, no
``setFocus`` after launch.
"""

from __future__ import annotations

import functools
import sqlite3

import pytest
from pytestqt.qtbot import QtBot
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from annotator.ui import launch
from annotator.ui.settings import Settings
from tests.ui.test_window_support import close_windows, fake_suggester, fast_loader, make_project, no_modals  # noqa: F401

K = Qt.Key
SHIFT = Qt.KeyboardModifier.ShiftModifier
NONE = Qt.KeyboardModifier.NoModifier


def _stored_status(window, span_id: str) -> tuple[str, str] | None:  # noqa: ANN001
    con = sqlite3.connect(window.project.path)
    try:
        row = con.execute("SELECT status, label FROM spans WHERE id = ?", [span_id]).fetchone()
    finally:
        con.close()
    return None if row is None else (row[0], row[1])


def _key(key: Qt.Key, modifiers: Qt.KeyboardModifier = NONE) -> QWidget:
    """A key pressed where the keyboard focus is (the window itself when no widget has it)."""
    QApplication.processEvents()
    target = QApplication.focusWidget()
    assert target is not None, "no widget has the keyboard focus"
    QtBot.keyClick(target, key, modifiers)
    QApplication.processEvents()
    return target


@pytest.fixture
def launched(qtbot, tmp_path, no_modals, monkeypatch):  # noqa: ANN001, ANN201, F811
    """``launched()`` → the window ``annotator open`` shows, made by :func:`launch.open_window`
    (fake pipeline); records whether it asked for activation."""
    from annotator.ui.window import MainWindow

    asked: list[QWidget] = []
    real_activate = QWidget.activateWindow

    def activate(self: QWidget) -> None:
        asked.append(self)
        real_activate(self)

    monkeypatch.setattr(MainWindow, "activateWindow", activate)
    made = []

    def make():  # noqa: ANN202
        path = tmp_path / "p.db"
        make_project(path).close()
        settings = Settings()
        settings.set_analyst("ana")
        window_type = functools.partial(MainWindow, loader=fast_loader, suggester=fake_suggester)
        window = launch.open_window(path, settings, window_type=window_type)
        assert window is not None
        qtbot.addWidget(window)
        made.append(window)
        assert QTest.qWaitForWindowActive(window, 3000)
        window.asked_activation = list(asked)
        return window

    yield make
    close_windows(made)


def test_launch_asks_for_the_keyboard_and_puts_it_in_the_article(launched) -> None:  # noqa: ANN001
    window = launched()
    assert window in window.asked_activation  # shown but never activated, it got no review key (c1)
    assert QApplication.activeWindow() is window
    assert QApplication.focusWidget() is window.view.text_widget()


def test_every_review_key_works_right_after_launch_with_no_click(launched) -> None:  # noqa: ANN001
    window = launched()
    pending = [s.id for s in window.state.pending()]
    assert len(pending) >= 4
    tag_edit = window.article_panel.tag_edit

    assert _key(K.Key_Tab) is window.view.text_widget()  # Tab: the first pending suggestion
    assert window.selected_id == pending[0]
    _key(K.Key_A)  # A: accept it, then on to the next
    assert _stored_status(window, pending[0])[0] == "accepted"  # was "suggested" (pending review)
    assert window.selected_id == pending[1]
    _key(K.Key_X)  # X: reject it, then on to the next
    assert _stored_status(window, pending[1])[0] == "rejected"
    assert window.selected_id == pending[2]
    _key(K.Key_Tab)
    assert window.selected_id == pending[3]
    _key(K.Key_Backtab, SHIFT)  # Shift+Tab: back
    assert window.selected_id == pending[2]
    _key(K.Key_Return)  # Enter accepts too
    assert _stored_status(window, pending[2])[0] == "accepted"
    one = next(label for label in window.schema.labels if label.shortcut == "1")
    layer = {label.name: label.layer for label in window.schema.labels}
    for _ in range(len(pending)):  # on to a suggestion of key 1's layer with another label
        _key(K.Key_Tab)
        span = window.state.spans[window.selected_id]
        if layer[span.label] == one.layer and span.label != one.name:
            break
    else:
        pytest.fail(f"no pending suggestion to relabel as {one.name}")
    _key(K.Key_1)  # 1: relabel the selected span with key 1's label
    assert _stored_status(window, span.id)[1] == one.name
    _key(K.Key_A, SHIFT)  # Shift+A: accept every shown suggestion
    assert window.state.pending() == [] or all(s.id not in pending for s in window.state.pending())
    assert tag_edit.text() == "" and not tag_edit.hasFocus()
    assert QApplication.focusWidget() is window.view.text_widget()


def _article_list(w):  # noqa: ANN001, ANN202
    return w.article_list.view


NON_TEXT = {
    "article list": _article_list,
    "stance table": lambda w: w.article_panel.stance_table,
    "tag list": lambda w: w.article_panel.tag_list,
}


@pytest.mark.parametrize("name", sorted(NON_TEXT))
def test_review_keys_pressed_in_a_widget_that_takes_no_text_act_on_the_article(launched, name) -> None:  # noqa: ANN001
    window = launched()
    pending = [s.id for s in window.state.pending()]
    if name == "tag list":  # shown once the article has a tag: typed into the tag box
        window.article_panel.tag_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        for key in (K.Key_E, K.Key_U, K.Key_Return):
            _key(key)
        assert window.article_panel.tag_list.count() == 1
    widget = NON_TEXT[name](window)
    widget.setFocus(Qt.FocusReason.OtherFocusReason)  # where a click would have put it
    QApplication.processEvents()
    assert QApplication.focusWidget() is widget
    _key(K.Key_Tab)
    assert window.selected_id == pending[0], name
    _key(K.Key_A)
    assert _stored_status(window, pending[0])[0] == "accepted", name
    _key(K.Key_X)
    assert _stored_status(window, pending[1])[0] == "rejected", name
    assert window.article_panel.tag_edit.text() == ""


@pytest.mark.parametrize("field", ["search", "tag"])
def test_letters_still_go_into_a_real_text_field(launched, field) -> None:  # noqa: ANN001
    window = launched()
    edit = window.article_list.search if field == "search" else window.article_panel.tag_edit
    before = {s.id: s.status.value for s in window.state.spans.values()}
    edit.setFocus(Qt.FocusReason.OtherFocusReason)
    QApplication.processEvents()
    for key in (K.Key_X, K.Key_A, K.Key_1):
        assert _key(key) is edit
    assert edit.text() == "xa1"
    QTest.qWait(400)  # the list's search runs 150 ms after the last letter, on the open project
    assert {s.id: s.status.value for s in window.state.spans.values()} == before


def test_enter_in_the_article_list_opens_the_article_and_focus_goes_back_to_it(launched) -> None:  # noqa: ANN001
    """Return/Enter stay the list's (open the row); the review keys then work in the new article."""
    window = launched()
    first = window.state.article_id
    statuses = {s.id: s.status.value for s in window.state.spans.values()}
    window.article_list.view.setFocus(Qt.FocusReason.OtherFocusReason)
    _key(K.Key_Down)
    _key(K.Key_Return)
    assert window.state.article_id != first
    assert {s.id: s.status.value for s in window.project.spans(first)} == statuses  # nothing accepted
    assert QApplication.focusWidget() is window.view.text_widget()
    pending = [s.id for s in window.state.pending()]
    _key(K.Key_Tab)
    _key(K.Key_A)
    assert _stored_status(window, pending[0])[0] == "accepted"


def test_delete_in_the_tag_list_removes_the_tag_not_the_selected_span(launched) -> None:  # noqa: ANN001
    window = launched()
    _key(K.Key_Tab)
    selected = window.selected_id
    status = window.state.spans[selected].status
    window.article_panel.tag_edit.setFocus(Qt.FocusReason.OtherFocusReason)
    for key in (K.Key_E, K.Key_U, K.Key_Return):
        _key(key)
    tags = window.article_panel.tag_list
    assert tags.count() == 1
    tags.setFocus(Qt.FocusReason.OtherFocusReason)
    tags.setCurrentRow(0)
    _key(K.Key_Delete)
    assert tags.count() == 0
    assert window.selected_id == selected and window.state.spans[selected].status == status


def test_opening_another_project_puts_the_keys_in_its_article(launched, tmp_path) -> None:  # noqa: ANN001
    window = launched()
    other = tmp_path / "other.db"
    make_project(other).close()
    window.article_panel.tag_edit.setFocus(Qt.FocusReason.OtherFocusReason)  # last in a text field
    QApplication.processEvents()
    assert window.switch_project(other)
    QApplication.processEvents()
    assert window.project.path == other
    assert QApplication.focusWidget() is window.view.text_widget()
    pending = [s.id for s in window.state.pending()]
    _key(K.Key_Tab)
    _key(K.Key_A)
    assert _stored_status(window, pending[0])[0] == "accepted"
    assert window.article_panel.tag_edit.text() == ""
