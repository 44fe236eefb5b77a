"""Relation connectors in the real window at its default size (1380x860, splitter 270/720/390):
the selected speaker's margin label is painted whole; Del on a connector removes the link in one
undo step, committed to the project file."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFontMetricsF

from tests.ui.test_relation_rule_keys import db_rows, quote_project
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401


def _span_id(window, label: str) -> str:  # noqa: ANN001
    return next(s.id for s in window.state.spans.values() if s.label == label)


def test_default_size_shows_the_speaker_label_whole(make_window, tmp_path) -> None:  # noqa: ANN001
    window = make_window(quote_project(tmp_path / "q.db"))
    assert (window.width(), window.height()) == (1380, 860)
    window.open_article(window.project.article_ids()[0])
    speaker = _span_id(window, "SPEAKER")
    window.select_span(speaker)
    window.view.grab()
    text, rect = window.view.gutter_painted[speaker]
    fm = QFontMetricsF(window.view._gutter_font())  # noqa: SLF001
    assert text == "SPEAKER"  # was clipped to "PEAKER"
    assert rect.left() >= 0 and rect.width() >= fm.horizontalAdvance("SPEAKER") - 0.01


def test_del_on_a_connector_removes_the_link_in_one_undo_step(make_window, tmp_path, qtbot) -> None:  # noqa: ANN001
    window = make_window(quote_project(tmp_path / "q.db"))
    window.open_article(window.project.article_ids()[0])
    quote = _span_id(window, "QUOTE")
    window.select_span(quote)
    view = window.view
    arcs = {a.label: a for a in view._selected_arcs()}  # noqa: SLF001
    assert set(arcs) == {"speaker", "cue"}
    (ax, ay), (bx, by) = arcs["cue"].connector.points[1:3]
    where = QPoint(round((ax + bx) / 2), round((ay + by) / 2))
    qtbot.mouseMove(view.text_widget().viewport(), where)
    assert view.hovered_relation() == arcs["cue"].relation.id
    view.text_widget().setFocus()
    before = window.undo_stack.count()
    qtbot.keyClick(view.text_widget(), Qt.Key.Key_Delete)
    assert quote in window.state.spans  # the span itself is not deleted
    assert window.undo_stack.count() == before + 1
    assert db_rows(window, "SELECT label FROM relations ORDER BY label") == [("SPEAKER",)]
    assert {a.label for a in view._selected_arcs()} == {"speaker"}  # noqa: SLF001
    window.undo_stack.undo()
    assert db_rows(window, "SELECT label FROM relations ORDER BY label") == [("CUE",), ("SPEAKER",)]
