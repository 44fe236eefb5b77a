"""What is drawn is what is stored: highlight ranges against the project file, with emoji text."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from annotator.domain.model import Article, Status
from annotator.domain.suggestions import SuggestedSpan, SuggestionSet
from annotator.storage.project import Project
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401

TEXTS = {
    "ascii": "Smiley said Lavrov met Blinken in Geneva, and Paris agreed.",
    "bmp": "Smiléy — said Lavrov met Blinken in Genève, and Paris agreed.",
    "astral": "Smiley 😄 said Lavrov 👍🏽 met Blinken in Geneva 🇨🇭, and Paris 😀 agreed.",
}


def _project(tmp_path, text: str) -> Project:  # noqa: ANN001
    project = Project.open(tmp_path / "h.db")
    article, _ = project.add_article(Article(id=None, text=text))
    sset = SuggestionSet(origin="test")
    for word, label in (("Lavrov", "PERSON"), ("Blinken", "PERSON"), ("Paris", "GPE"), ("said", "CUE")):
        start = text.index(word)
        sset.add_span(SuggestedSpan(word, start, start + len(word), label, "cue" if label == "CUE" else "entity"))
    project.add_suggestions(article.id, sset)
    return project


def _stored_ranges(window, statuses=(Status.SUGGESTED, Status.ACCEPTED)) -> dict[str, tuple[int, int]]:  # noqa: ANN001
    return {s.id: (s.start, s.end) for s in window.project.spans(window.state.article_id, statuses=statuses)}


@pytest.mark.parametrize("kind", list(TEXTS))
def test_highlights_match_stored_spans_through_edits(kind, make_window, tmp_path, qtbot) -> None:  # noqa: ANN001
    text = TEXTS[kind]
    window = make_window(_project(tmp_path, text))
    canvas = window.view.text_widget()
    assert window.view.highlight_ranges() == _stored_ranges(window)
    qtbot.keyClick(canvas, Qt.Key.Key_Tab)
    qtbot.keyClick(canvas, Qt.Key.Key_A)  # accept
    qtbot.keyClick(canvas, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)  # resize over an emoji
    qtbot.keyClick(canvas, Qt.Key.Key_X)  # reject the next one
    place = "Genève" if "Genève" in text else "Geneva"
    start = text.index(place)
    window.view.set_selection(start, start + len(place))
    qtbot.keyClick(canvas, Qt.Key.Key_3)  # new GPE span
    assert window.view.highlight_ranges() == _stored_ranges(window)
    for span_id, (s, e) in window.view.highlight_ranges().items():
        assert window.state.spans[span_id].text_in(text) == text[s:e]
    qtbot.keyClick(canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.view.highlight_ranges() == _stored_ranges(window)
    window.show_rejected_action.setChecked(True)
    assert window.view.highlight_ranges() == _stored_ranges(window, statuses=list(Status))


def test_layer_toggles_hide_and_show(make_window, tmp_path) -> None:  # noqa: ANN001
    window = make_window(_project(tmp_path, TEXTS["astral"]))
    labels = lambda: {window.state.spans[i].label for i in window.view.highlight_ranges()}  # noqa: E731
    assert "CUE" in labels() and "PERSON" in labels()
    window.layer_actions["Entities"].setChecked(False)
    assert labels() == {"CUE"}
    window.layer_actions["Entities"].setChecked(True)
    window.show_suggestions_action.setChecked(False)
    assert labels() == set()
