"""Side panels and dialogs: attribute editing (undoable), span list, context menu, legend,
article filters, preferences (keys and analyst name), the shortcuts page."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit

from annotator.domain.model import ArticleStatus, Status
from annotator.ui.preferences import PreferencesDialog
from annotator.ui.settings import Settings
from tests.ui.test_window_support import ALPHA, make_window, no_modals, offsets  # noqa: F401


def _select_label(window, label: str):  # noqa: ANN001
    span = next(s for s in window.state.spans.values() if s.label == label)
    window.select_span(span.id)
    return span


def _make_quote(window):  # noqa: ANN001
    start, end = offsets(ALPHA, "the talks in Geneva were useful")
    window.view.set_selection(start, end)
    window.apply_label("QUOTE")
    return window.selected_span()


def test_choice_and_text_attributes_are_undoable_edits(make_window, qtbot) -> None:  # noqa: ANN001
    window = make_window()
    quote = _make_quote(window)
    kind = window.details.editor("kind")
    assert isinstance(kind, QComboBox)
    kind.setCurrentIndex(kind.findData("indirect"))
    kind.activated.emit(kind.currentIndex())
    assert window.project.find(type(quote), quote.id).attrs == {"kind": "indirect"}
    note = window.details.editor("note")
    assert isinstance(note, QLineEdit)
    note.setFocus()
    qtbot.keyClicks(note, "check the date")
    qtbot.keyClick(note, Qt.Key.Key_Return)
    assert window.project.find(type(quote), quote.id).attrs == {"kind": "indirect", "note": "check the date"}
    assert window.state.span(quote.id).attrs["note"] == "check the date"  # typing 'a' etc. did not trigger shortcuts
    window.undo()
    assert window.project.find(type(quote), quote.id).attrs == {"kind": "indirect"}
    assert note.text() == ""  # the panel follows the undo (no echo back)
    window.undo()
    assert window.project.find(type(quote), quote.id).attrs == {}
    assert window.details.editor("kind").currentData() == ""


def test_label_combo_relabels(make_window) -> None:  # noqa: ANN001
    window = make_window()
    span = _select_label(window, "PERSON")
    combo = window.details.label_combo
    combo.setCurrentIndex(combo.findData("ORG"))
    combo.activated.emit(combo.currentIndex())
    assert window.project.find(type(span), span.id).label == "ORG"


def test_span_list_click_selects_and_follows_edits(make_window) -> None:  # noqa: ANN001
    window = make_window()
    model = window.span_list.model
    span = next(iter(window.state.pending()))
    index = model.index_of(span.id)
    window.span_list._on_clicked(index)
    assert window.selected_id == span.id
    rows_before = model.rowCount()
    window.reject_selected()  # rejected spans leave the list (unless shown)
    assert model.rowCount() == rows_before - 1 and not model.index_of(span.id).isValid()
    window.undo()
    assert model.index_of(span.id).isValid()
    header = model.index(0)
    assert "Entities" in header.data()
    window.span_list._on_clicked(header)  # fold
    assert model.rowCount() < rows_before


def test_context_menu_labels_and_links_speaker(make_window) -> None:  # noqa: ANN001
    window = make_window()
    quote = _make_quote(window)
    person = _select_label(window, "PERSON")
    menu = window.build_context_menu(person.id, -1, -1)
    titles = [a.text() for a in menu.actions()]
    assert "Label as" in titles and any(t.startswith("Accept") for t in titles)
    link_menu = next(a.menu() for a in menu.actions() if a.text() == "Link as speaker of")
    target = next(a for a in link_menu.actions() if "the talks in Geneva" in a.text())
    target.trigger()
    rel = next(r for r in window.state.relations.values() if r.head == quote.id)
    assert rel.child == person.id and rel.label == "SPEAKER" and rel.status == Status.ACCEPTED
    assert window.project.relations(window.state.article_id)[0].id == rel.id
    window.undo()
    assert not window.state.relations


def test_context_menu_on_selected_text_creates_span(make_window) -> None:  # noqa: ANN001
    window = make_window()
    start, end = offsets(ALPHA, "Monday")
    window.view.set_selection(start, end)
    menu = window.build_context_menu(None, start, end)
    label_menu = menu.actions()[0].menu()
    next(a for a in label_menu.actions() if a.text().startswith("EVENT")).trigger()
    assert any((s.start, s.end, s.label) == (start, end, "EVENT") for s in window.state.spans.values())


def test_legend_click_labels_selection(make_window) -> None:  # noqa: ANN001
    window = make_window()
    start, end = offsets(ALPHA, "Monday")
    window.view.set_selection(start, end)
    window.legend.buttons["LAW"].click()
    assert window.selected_span().label == "LAW"


def test_article_filters(make_window, qtbot) -> None:  # noqa: ANN001
    window = make_window()
    from tests.ui.test_window_keys import K, press
    press(window, K.Key_Tab)
    press(window, K.Key_A)  # an edit starts work on the open article (opening alone does not: ui12j)
    panel = window.article_list
    qtbot.keyClicks(panel.search, "kremlin")
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=2000)
    assert "Second" in panel.model.index(0).data()
    panel.search.clear()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 3, timeout=2000)
    panel.status_filter.setCurrentIndex(2)  # in progress: only the edited one
    assert panel.model.rowCount() == 1
    assert panel.model.index(0).data(Qt.ItemDataRole.UserRole + 1).status == ArticleStatus.IN_PROGRESS


def test_preferences_change_keys_and_name(make_window, monkeypatch) -> None:  # noqa: ANN001
    window = make_window()
    dialog = PreferencesDialog(window.settings, window)
    edit, _ = dialog.editors["accept"]
    from PySide6.QtGui import QKeySequence

    edit.setKeySequence(QKeySequence("Space"))
    dialog.name.setText("Bea")
    dialog.accept()
    window.apply_shortcuts()
    assert [k.toString() for k in window.actions_by_id["accept"].shortcuts()] == ["Space", "Return", "Enter"]
    assert Settings().analyst() == "Bea"
    window.step_suggestion(1)
    span_id = window.selected_id
    from pytestqt.qtbot import QtBot

    QtBot.keyClick(window.view.text_widget(), Qt.Key.Key_Space)
    QApplication.processEvents()
    assert window.state.spans[span_id].status == Status.ACCEPTED and window.state.spans[span_id].by == "Bea"


def test_preferences_refuse_a_clash(make_window) -> None:  # noqa: ANN001
    window = make_window()
    dialog = PreferencesDialog(window.settings, window)
    from PySide6.QtGui import QKeySequence

    dialog.editors["reject"][0].setKeySequence(QKeySequence("A"))
    dialog.accept()
    assert "A is used by both" in dialog.conflicts.text()
    assert Settings().shortcut_overrides() == {}


def test_shortcuts_dialog_shows_schema_labels(make_window, monkeypatch) -> None:  # noqa: ANN001
    from annotator.ui import shortcuts_dialog

    shown = []
    monkeypatch.setattr(shortcuts_dialog.ShortcutsDialog, "exec", lambda self: shown.append(self.browser.toPlainText()))
    window = make_window()
    window.actions_by_id["shortcuts"].trigger()
    assert shown and "Label the selection or selected span PERSON" in shown[0] and "Accept all shown in article" in shown[0]


def test_span_menu_from_the_keyboard(make_window, monkeypatch, qtbot) -> None:  # noqa: ANN001
    shown = []
    window = make_window()
    monkeypatch.setattr(window, "popup_menu", lambda menu, _pos: shown.append([x.text() for x in menu.actions()]))
    qtbot.keyClick(window.view.text_widget(), Qt.Key.Key_Tab)
    qtbot.keyClick(window.view.text_widget(), Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
    assert shown and "Label as" in shown[0] and any(t.startswith("Accept") for t in shown[0])


def test_view_toggles_are_remembered(make_window, tmp_path) -> None:  # noqa: ANN001
    window = make_window()
    window.layer_actions["Claims"].setChecked(False)
    window.show_rejected_action.setChecked(True)
    again = make_window()
    assert not again.layer_actions["Claims"].isChecked() and again.show_rejected_action.isChecked()
    assert again.span_list.model.show_rejected
