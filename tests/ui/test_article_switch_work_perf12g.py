"""perf12g (issue 12): what an undo made in another article (which shows that article again, a
kept one) no longer does on every switch: scan the text for characters no font can draw, and
empty and refill the Article panel's polarity combo. Counted, not timed."""

from __future__ import annotations

from pathlib import Path

import pytest

import annotator.ui.article_view as article_view_module
from tests.ui.test_window_support import make_project, make_window, no_modals  # noqa: F401


@pytest.fixture
def scans(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts :func:`annotator.ui.glyphs.undrawable` is run on by the article view."""
    seen: list[str] = []
    real = article_view_module.undrawable

    def counted(text, font):  # noqa: ANN001, ANN202
        seen.append(text)
        return real(text, font)

    monkeypatch.setattr(article_view_module, "undrawable", counted)
    return seen


def _combo_rebuilds(window) -> list[str]:  # noqa: ANN001
    """Rows added to or taken from the polarity combo from now on."""
    model = window.article_panel.polarity_combo.model()
    changes: list[str] = []
    model.rowsInserted.connect(lambda *_: changes.append("inserted"))
    model.rowsRemoved.connect(lambda *_: changes.append("removed"))
    model.modelReset.connect(lambda: changes.append("reset"))
    return changes


def test_going_back_and_forth_scans_each_text_once_and_keeps_the_polarity_combo(make_window, scans, tmp_path: Path) -> None:  # noqa: ANN001, F811
    window = make_window(make_project(tmp_path / "p.db"))
    first, second, *_ = window.project.article_ids()
    polarities = [window.article_panel.polarity_combo.itemData(i) for i in range(window.article_panel.polarity_combo.count())]
    assert polarities == list(window.schema.stance_polarities)
    window.open_article(first)
    window.article_panel.polarity_combo.setCurrentIndex(1)  # the analyst's choice survives the switches
    rebuilds = _combo_rebuilds(window)
    scans.clear()
    for article_id in (second, first, second, first, second):
        window.open_article(article_id)
    # the first was scanned when the window opened it; each text once, not once per switch
    assert scans == [window.project.article(second).text]
    assert rebuilds == []
    assert window.article_panel.polarity_combo.count() == len(polarities)
    # zoom changes the reading font: the texts are scanned again
    window.view.zoom_in()
    window.open_article(first)
    assert scans[1:] == [window.project.article(first).text]


def test_undo_made_in_another_article_does_not_scan_or_refill(make_window, scans, tmp_path: Path) -> None:  # noqa: ANN001, F811
    window = make_window(make_project(tmp_path / "p.db"))
    first, second, *_ = window.project.article_ids()
    window.open_article(first)
    window.step_suggestion(1)
    window.accept_selected()
    accepted = {s.id for s in window.state.spans.values() if s.status.value == "accepted"}
    assert accepted
    window.open_article(second)
    rebuilds = _combo_rebuilds(window)
    scans.clear()
    window.undo()
    assert window.state.article_id == first
    assert not {s.id for s in window.state.spans.values() if s.status.value == "accepted"} & accepted
    assert scans == [] and rebuilds == []


def test_new_polarities_refill_the_combo_keeping_the_choice(make_window, tmp_path: Path) -> None:  # noqa: ANN001, F811
    panel = make_window(make_project(tmp_path / "p.db")).article_panel
    panel.set_polarities(("favor", "against", "neutral"))
    panel.polarity_combo.setCurrentIndex(1)
    panel.set_polarities(("for", "against"))
    assert [panel.polarity_combo.itemData(i) for i in range(panel.polarity_combo.count())] == ["for", "against"]
    assert panel.polarity_combo.currentData() == "against"
    panel.set_polarities(())
    assert panel.polarity_combo.count() == 0
