"""Ctrl+Shift+F in the window: type, Enter searches, Enter on a hit opens its article with the span
selected; the results export as JSON lines or CSV."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.search.corpus import build
from tests.ui.test_window_support import make_window, no_modals, pump_until  # noqa: F401 - fixtures


def _search(window, qtbot, **fields):  # noqa: ANN001
    QTest.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    panel = window.menus.search_panel
    assert panel is not None and panel.isVisible()
    pump_until(lambda: panel.text.hasFocus(), 5)
    for name, value in fields.items():
        widget = getattr(panel, name)
        if hasattr(widget, "findData"):
            widget.setCurrentIndex(widget.findData(value))
        else:
            widget.clear()
            QTest.keyClicks(widget, value)
    with qtbot.waitSignal(panel.searched, timeout=10_000):
        QTest.keyClick(panel.text, Qt.Key.Key_Return)
    return panel


def test_ctrl_shift_f_type_enter_opens_article_at_span(make_window, qtbot, tmp_path: Path) -> None:  # noqa: F811
    window = make_window(build(tmp_path / "s.db"))
    window.open_article(3)
    panel = _search(window, qtbot, text="flynn", label="QUOTE")
    assert panel.model.rowCount() == 0  # no QUOTE span has the word: the words of the span are searched
    panel = _search(window, qtbot, text="", speaker="flynn", label="QUOTE")
    assert [h.span_id for h in panel.model.hits] == ["q1", "q2"]
    assert panel.model.data(panel.model.index(1, 4)) == "he (Michael Flynn)"
    QTest.keyClick(panel.table, Qt.Key.Key_Down)
    QTest.keyClick(panel.table, Qt.Key.Key_Return)
    assert window.state.article.id == 1
    assert window.selected_id == "q2"


def test_export_results_jsonl_and_csv(make_window, qtbot, tmp_path: Path) -> None:  # noqa: F811
    window = make_window(build(tmp_path / "s.db"))
    panel = _search(window, qtbot, status="suggested")
    assert [h.span_id for h in panel.model.hits] == ["s4", "s3"]
    out = panel.export_results(tmp_path / "hits.jsonl")
    assert [json.loads(line)["span_id"] for line in out.read_text(encoding="utf-8").splitlines()] == ["s4", "s3"]
    out = panel.export_results(tmp_path / "hits.csv")
    with out.open(encoding="utf-8", newline="") as fh:
        assert [row["text"] for row in csv.DictReader(fh)] == ["minister\u00a0José Müller", "José Müller"]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("hits")) == ["hits.csv", "hits.jsonl"]


def test_many_hits_are_fetched_lazily(qtbot, tmp_path: Path) -> None:
    from annotator.storage.search import SearchHit
    from annotator.ui.search_panel import FETCH_BATCH, HitsModel

    model = HitsModel()
    model.set_hits([SearchHit(1, "t", f"s{i}", i, i + 1, "PERSON", "entity", "accepted", "", "x") for i in range(1200)])
    assert model.rowCount() == FETCH_BATCH
    model.fetchMore(model.index(-1, -1))
    assert model.rowCount() == 2 * FETCH_BATCH


def test_searches_on_the_window_connection_when_a_second_one_fails(make_window, qtbot, tmp_path: Path,  # noqa: F811
                                                                    monkeypatch) -> None:  # noqa: ANN001
    from annotator.ui.search_panel import _SearchThread

    # e.g. a read-only folder where the file's -shm cannot be made for a second connection
    monkeypatch.setattr(_SearchThread, "run", lambda self: self.failed.emit(self._generation, "unable to open"))
    window = make_window(build(tmp_path / "s.db"))
    panel = _search(window, qtbot, claimant="flynn")
    assert [h.span_id for h in panel.model.hits] == ["c1"]
    assert panel.summary.text() == "1 hit"


def test_every_field_label_shows_its_mnemonic_not_an_ampersand(make_window, qtbot, tmp_path: Path) -> None:  # noqa: F811
    """User-test finding 15: the Text row showed a literal "&Text:"; Alt+T now reaches its field."""
    from PySide6.QtWidgets import QFormLayout, QLabel

    window = make_window(build(tmp_path / "s.db"))
    QTest.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    panel = window.menus.search_panel
    form = panel.findChild(QFormLayout)
    labels = [form.itemAt(row, QFormLayout.ItemRole.LabelRole).widget() for row in range(form.rowCount())]
    assert all(isinstance(label, QLabel) and label.buddy() is not None for label in labels)
    assert labels[0].text() == "&Text:" and labels[0].buddy() is panel.text
