"""Issue 9 end to end, by keyboard in the real window on the seed article: link its quotes to
their speakers (S, Enter), set a stance on a quote (Shift+T, type a new target, Enter, G) and one at
article level (Ctrl+Shift+T, 1, Enter, F), find it in the search panel (Ctrl+Shift+F) and with
``annotator search``, export JSONL and find every decision in the file exactly."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.cli import cli
from annotator.domain.model import Status
from annotator.storage.search import SearchQuery, search
from tests.ui.test_window_keys import press
from tests.ui.test_window_screenshots import _seed_project
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401

K = Qt.Key
TARGET = "US missile defence"


def _type(text: str) -> None:
    from pytestqt.qtbot import QtBot

    QtBot.keyClicks(QApplication.focusWidget(), text)
    QApplication.processEvents()


def _key(key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    from pytestqt.qtbot import QtBot

    QtBot.keyClick(QApplication.focusWidget(), key, modifiers)
    QApplication.processEvents()


def _speaker_of(window, quote_id: str):  # noqa: ANN001, ANN202
    links = [r for r in window.state.relations.values() if r.head == quote_id and r.label == "SPEAKER" and r.status == Status.ACCEPTED]
    return window.state.spans[links[0].child] if len(links) == 1 else None


def test_speakers_stances_search_and_export_end_to_end(make_window, tmp_path: Path) -> None:  # noqa: ANN001
    project = _seed_project(tmp_path / "e2e.db")
    window = make_window(project)
    window.show()
    quotes = sorted((s for s in window.state.spans.values() if s.label == "QUOTE" and s.status == Status.SUGGESTED), key=lambda s: s.start)
    assert len(quotes) >= 2, "the seed article has quotes the pipeline (or the fake suggester) finds"

    # 1. Every quote gets its speaker: S, Enter (the first candidate), 2 keys a quote.
    for quote in quotes:
        window.select_span(quote.id)
        window.view.text_widget().setFocus()
        press(window, K.Key_S)
        _key(K.Key_Return)
        assert window.state.spans[quote.id].status == Status.ACCEPTED
        assert _speaker_of(window, quote.id) is not None, window.state.span(quote.id)

    # 2. A stance on the first quote: Shift+T picks the target (typed, new to the project), G = against.
    first = quotes[0]
    speaker = _speaker_of(window, first.id)
    window.select_span(first.id)
    window.view.text_widget().setFocus()
    press(window, K.Key_T, Qt.KeyboardModifier.ShiftModifier)
    _type(TARGET)
    _key(K.Key_Return)
    window.view.text_widget().setFocus()
    press(window, K.Key_G)
    (stance,) = [s for s in window.state.stances.values() if s.evidence == first.id]
    assert (stance.target, stance.polarity, stance.holder_span) == (TARGET, "against", speaker.id)

    # 3. An article-level stance: Ctrl+Shift+T, the first holder (1), Enter (the current target), F.
    window.view.text_widget().setFocus()
    press(window, K.Key_T, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    _key(K.Key_1)
    _key(K.Key_Return)
    _key(K.Key_F)
    (article_level,) = [s for s in window.state.stances.values() if s.evidence == ""]
    assert (article_level.target, article_level.polarity) == (TARGET, "favor")
    assert article_level.holder_span in window.state.spans  # a span of the article, never free text

    # 4. Everything is in the file and found by search: the search panel (Ctrl+Shift+F) and the CLI.
    window.view.text_widget().setFocus()
    press(window, K.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    panel = window.menus.search_panel
    panel.label.setCurrentIndex(panel.label.findData("QUOTE"))
    panel.target.setText("missile defence")
    panel.polarity.setCurrentIndex(panel.polarity.findData("against"))
    panel.run_search()
    panel.wait_idle()
    QApplication.processEvents()
    assert [h.span_id for h in panel.model.hits] == [first.id]
    window.select_span(None)
    panel.table.setFocus()
    _key(K.Key_Return)  # opens the article at the hit
    assert window.selected_id == first.id
    panel.close()
    hits = search(project.db.conn, SearchQuery(label="QUOTE", target="missile defence", polarity="against"))
    assert [h.span_id for h in hits] == [first.id]
    runner = CliRunner()
    out = runner.invoke(cli, ["search", str(project.path), "--label", "QUOTE", "--target", TARGET, "--polarity", "against"])
    assert out.exit_code == 0, out.output
    lines = [json.loads(line) for line in out.stdout.splitlines() if line.strip()]
    assert [(h["span_id"], h["start"], h["end"]) for h in lines] == [(first.id, first.start, first.end)]

    # 5. JSONL export: every link and both stances, exactly.
    target_file = tmp_path / "out.jsonl"
    out = runner.invoke(cli, ["export", str(project.path), "--output", str(target_file), "--format", "jsonl"])
    assert out.exit_code == 0, out.output
    records = [json.loads(line) for line in target_file.read_text(encoding="utf-8").splitlines()]
    assert len(records) == len(project.article_ids())
    (record,) = [r for r in records if r["text"] == window.state.text]
    spans = {s["id"]: s for s in record["spans"]}
    for quote in quotes:
        assert spans[quote.id]["status"] == "accepted"
        linked = [r for r in record["relations"] if r["head"] == quote.id and r["label"] == "SPEAKER" and r.get("status", "accepted") == "accepted"]
        assert [r["child"] for r in linked] == [_speaker_of(window, quote.id).id]
    (exported,) = [s for s in record["doc"]["stances"] if s.get("evidence") == first.id]
    assert (exported["target"], exported["polarity"], exported["holder_span"]) == (TARGET, "against", speaker.id)
    (whole,) = [s for s in record["doc"]["stances"] if not s.get("evidence")]
    assert (whole["target"], whole["polarity"], whole["holder_span"], whole["holder"]) == (
        TARGET, "favor", article_level.holder_span, article_level.holder)
