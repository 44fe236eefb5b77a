"""An edit re-lays out only what changed (issue 12): the details panel, the status bar's labels and
the article view's kept text widgets are fenced (annotator/ui/layout_fence.py), so a new span
shown, a new "Saved … · N pending" or an article switched to no longer re-runs the splitters'
and the main window's layouts — while a panel whose content needs more room still gets it.
The details panel keeps one attribute form per set of attributes and swaps it in."""

from __future__ import annotations

import collections

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from annotator.ui.layout_fence import LayoutFence
from tests.ui.test_window_support import ALPHA, make_window, no_modals, offsets, wait_idle  # noqa: F401

pytestmark = pytest.mark.timeout(120)


class _Layouts(QObject):
    """Counts the LayoutRequest events each widget class receives."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: collections.Counter[str] = collections.Counter()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.LayoutRequest:
            self.seen[type(watched).__name__] += 1
        return False


@pytest.fixture
def layouts():  # noqa: ANN201
    counter = _Layouts()
    app = QApplication.instance()
    app.installEventFilter(counter)
    yield counter
    app.removeEventFilter(counter)


def _settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def test_a_fenced_label_relays_out_its_parent_only_when_it_needs_more_room(qtbot, layouts) -> None:  # noqa: ANN001
    top = QWidget()
    box = QVBoxLayout(top)
    label = QLabel("Saved 12:00:00 · 41 pending")
    fence = LayoutFence(label, top)
    box.addWidget(fence)
    box.addStretch(1)
    qtbot.addWidget(top)
    top.resize(400, 200)
    top.show()
    _settle()
    assert label.geometry() == fence.rect() and label.width() >= label.sizeHint().width()

    layouts.seen.clear()
    label.setText("Saved 12:00:01 · 40 pending")  # the same room: stays inside the fence
    _settle()
    assert layouts.seen["QWidget"] == 0 and fence.kept >= 1 and fence.passed == 0

    label.setText("Saved 12:00:02 · 40 pending, and a much longer note that needs more room")
    _settle()
    assert fence.passed == 1 and layouts.seen["QWidget"] >= 1  # the parent laid out again
    assert label.width() >= label.sizeHint().width()  # and the label got the room it needs
    assert fence.minimumSizeHint() == label.minimumSizeHint()  # hints read fresh from the child


def test_accepting_and_labelling_do_not_relay_out_the_window(make_window, layouts) -> None:  # noqa: ANN001
    window = make_window()
    wait_idle(window)
    window.step_suggestion(1)
    window.accept_selected()  # the first "Saved 12:00:00 · N pending" may need more room than the text at opening
    _settle()
    saved = next(f for f in window.findChildren(LayoutFence) if f.child is window.saved_label)
    assert window.saved_label.width() >= window.saved_label.sizeHint().width()
    layouts.seen.clear()
    for _ in range(2):
        window.accept_selected()  # moves to the next suggestion: the details show another span
        _settle()
    assert saved.kept >= 2
    start, end = offsets(ALPHA, "the talks in Geneva were useful")
    window.view.set_selection(start, end)
    window.apply_label("QUOTE")  # a span with attribute editors
    _settle()
    assert layouts.seen["MainWindow"] == 0 and layouts.seen["QSplitter"] == 0, layouts.seen
    details = window.details
    assert details.height() >= details.minimumSizeHint().height()  # the panel still has the room it needs


def test_undo_in_another_article_switches_text_widgets_without_relaying_out_the_window(make_window, layouts) -> None:  # noqa: ANN001
    window = make_window()
    wait_idle(window)
    a, b = window.project.article_ids()[:2]
    window.open_article(a)
    window.step_suggestion(1)
    window.accept_selected()
    window.open_article(b)
    _settle()
    layouts.seen.clear()
    window.undo()  # back in a: its kept text widget is shown again
    _settle()
    assert window.state.article_id == a
    assert layouts.seen["MainWindow"] == 0, layouts.seen
    canvas = window.view.text_widget()
    assert canvas.isVisible() and canvas.geometry() == window.view.rect()
    assert [c for c in window.view.findChildren(type(canvas)) if c.isVisible()] == [canvas]  # one shown, on top


def test_the_view_sizes_a_kept_text_widget_to_a_window_resized_while_it_was_hidden(make_window) -> None:  # noqa: ANN001
    window = make_window()
    wait_idle(window)
    a, b = window.project.article_ids()[:2]
    window.open_article(a)
    _settle()
    kept = window.view.text_widget()
    window.open_article(b)
    _settle()
    window.resize(window.width() - 200, window.height() - 100)
    _settle()
    window.open_article(a)
    _settle()
    assert window.view.text_widget() is kept and kept.geometry() == window.view.rect()
    assert window.view.sizeHint() == kept.sizeHint() and window.view.minimumSizeHint() == kept.minimumSizeHint()


def test_attribute_forms_are_kept_per_set_of_attributes_and_filled_from_the_span_shown(make_window) -> None:  # noqa: ANN001
    window = make_window()
    wait_idle(window)
    start, end = offsets(ALPHA, "the talks in Geneva were useful")
    window.view.set_selection(start, end)
    window.apply_label("QUOTE")
    quote = window.selected_span()
    details = window.details
    kind, note = details.editor("kind"), details.editor("note")
    assert isinstance(kind, QComboBox) and isinstance(note, QLineEdit)
    kind.setCurrentIndex(kind.findData("indirect"))
    kind.activated.emit(kind.currentIndex())
    assert window.state.span(quote.id).attrs == {"kind": "indirect"}

    person = next(s for s in window.state.spans.values() if s.label == "PERSON")
    window.select_span(person.id)
    assert details.editor("kind") is None and details.editor("note") is not note  # PERSON's own form
    assert not kind.isVisible() and not note.isVisible()

    window.view.set_selection(*offsets(ALPHA, "Geneva"))
    window.apply_label("QUOTE")  # another QUOTE, no attributes set: the same editors, emptied
    assert details.editor("kind") is kind and details.editor("note") is note and kind.isVisible()
    assert kind.currentData() == "" and note.text() == ""
    window.select_span(quote.id)
    assert details.editor("kind") is kind and kind.currentData() == "indirect"

    window.undo()  # the kind set on the first quote (the second quote made since stays)
    window.undo()
    window.select_span(quote.id)
    assert details.editor("kind").currentData() == ""  # the panel follows the stored span
    details.set_schema(window.schema)  # another schema: the kept forms are dropped
    window.select_span(quote.id)
    assert details.editor("kind") is not kind and details.editor("kind") is not None
