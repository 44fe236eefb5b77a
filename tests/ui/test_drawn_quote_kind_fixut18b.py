"""Select text, press 5: the new QUOTE has the kind the rules would give (usertest16 L9)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from annotator.domain.model import Article
from annotator.storage.project import Project
from tests.ui.test_linking import Inputs
from tests.ui.test_window_support import make_window, no_modals, offsets, wait_idle  # noqa: F401

TEXT = "Ana Ruiz opened the depot.\n\u201cWe will stay open all winter,\u201d Ana Ruiz said. She said the roads were clear."


def test_quote_drawn_inside_marks_is_direct_and_without_marks_has_no_kind(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    project = Project.open(tmp_path / "k.db")
    project.add_article(Article(id=None, text=TEXT, title="Depot", publisher="Test Wire", published="2024-05-01"))
    window = make_window(project)
    wait_idle(window)
    inputs = Inputs(qtbot, window)
    inputs.drag(*offsets(TEXT, "We will stay open all winter,"))
    inputs.key(Qt.Key.Key_5)
    quote = window.selected_span()
    assert quote is not None and quote.label == "QUOTE" and quote.attrs.get("kind") == "direct"
    window.undo()
    assert not any(s.label == "QUOTE" for s in window.state.spans.values())
    inputs.drag(*offsets(TEXT, "the roads were clear"))
    inputs.key(Qt.Key.Key_5)
    quote = window.selected_span()
    assert quote is not None and quote.label == "QUOTE" and "kind" not in quote.attrs
