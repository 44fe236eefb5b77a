"""Screenshots of issue 9's views on the seed article, for the docs and to be looked at: the
speaker picker, the selected quote's connectors, the search results, the guidelines panel and
the progress charts (``docs/screenshots/``; a file is rewritten only when the picture changed)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.domain.model import Status
from annotator.storage.guidelines import write_guidelines
from tests.ui.test_window_keys import press
from tests.ui.test_window_screenshots import _seed_project, save_widget
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401

GUIDE = """# Quotes and speakers

Mark **what was said** as QUOTE (without the quote marks), **who said it** as SPEAKER and the
**speech verb** as CUE. Link them with `S` and `U`.

- Indirect speech ("Lavrov said that …") is a QUOTE too.
- A pronoun speaker ("he") gets its person with Shift+S.

## Stances

A stance rests on a quote or a claim: select it, pick the target (Shift+T), press F, G or N.
"""


def _save(widget, name: str) -> Path:  # noqa: ANN001
    return save_widget(widget, name, min_bytes=10_000)


@pytest.fixture
def seed_window(make_window, tmp_path: Path):  # noqa: ANN001, ANN201
    from tests.conftest import SHARED_DATA

    if not (SHARED_DATA / "seed-article.txt").is_file():
        pytest.skip("no ../shared/data/seed-article.txt: these pictures are of the seed article")
    window = make_window(_seed_project(tmp_path / "shots.db"))
    window.resize(1440, 900)
    window.show()
    QApplication.processEvents()
    return window


def _quotes(window):  # noqa: ANN001, ANN202
    return sorted((s for s in window.state.spans.values() if s.label == "QUOTE" and s.status != Status.REJECTED), key=lambda s: s.start)


def test_speaker_picker_and_connectors(seed_window, qtbot) -> None:  # noqa: ANN001
    window = seed_window
    quote = _quotes(window)[0]
    window.select_span(quote.id)
    window.view.text_widget().setFocus()
    press(window, Qt.Key.Key_S)
    assert window.linking.picker.isVisible()
    _save(window, "speaker-picker.png")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    press(window, Qt.Key.Key_U)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    window.select_span(quote.id)
    _save(window, "quote-links.png")


def test_search_results_guidelines_and_charts(seed_window, qtbot) -> None:  # noqa: ANN001
    window = seed_window
    for quote in _quotes(window):
        window.select_span(quote.id)
        window.view.text_widget().setFocus()
        press(window, Qt.Key.Key_S)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    window.actions_by_id["search_project"].trigger()
    panel = window.menus.search_panel
    panel.label.setCurrentIndex(panel.label.findData("QUOTE"))
    panel.speaker.setText("Lavrov")
    panel.run_search()
    panel.wait_idle()
    qtbot.waitUntil(lambda: panel.model.rowCount() > 0, timeout=10_000)
    panel.resize(1100, 520)
    _save(panel, "search-results.png")
    panel.close()

    write_guidelines(window.project, GUIDE, by="lead")
    window.actions_by_id["guidelines"].trigger()
    assert window.guidelines_panel.isVisible()
    _save(window, "guidelines-panel.png")
    window.actions_by_id["guidelines"].trigger()

    window.actions_by_id["charts"].trigger()
    from annotator.ui.charts_dialog import ChartsDialog

    dialog = window.findChild(ChartsDialog)
    dialog.wait_for_count()
    qtbot.waitUntil(lambda: dialog.tabs.count() > 0, timeout=10_000)
    dialog.resize(1000, 700)
    dialog.tabs.setCurrentIndex(3 if dialog.tabs.count() > 3 else 0)  # suggestions per label
    _save(dialog, "charts-suggestions.png")
    dialog.close()
