"""fix11ak N5 (usertest11r): Ctrl+Return said "1 disagreement left to decide: … — Tab to it", but
when Tab had passed that disagreement already, the next Tab opened the next article. Now Tab after
Ctrl+Return goes to the article's first disagreement left. Invented sentences, no corpus."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from annotator.domain.model import Article, ArticleBundle, Span, Status
from annotator.storage.project import Project
from tests.ui.test_curation_view import open_view
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytestmark = pytest.mark.timeout(120)

TEXTS = ["Mayor Ilse Brandt opened the Korvel bridge while Tomas Reyes of Varnholm watched from the quay.",
         "The Lunde ferry left at dawn and Edda Strand waved from the pier."]


def _span(text: str, sid: str, words: str, label: str) -> Span:
    start = text.index(words)
    return Span(id=sid, article_id=0, start=start, end=start + len(words), label=label, layer="entity", status=Status.ACCEPTED)


def _layer(p: str, first: list[tuple[str, str]], second: list[tuple[str, str]]) -> list[ArticleBundle]:
    return [ArticleBundle(Article(id=None, text=TEXTS[0]), spans=[_span(TEXTS[0], f"{p}{n}", w, lab) for n, (w, lab) in enumerate(first)]),
            ArticleBundle(Article(id=None, text=TEXTS[1]), spans=[_span(TEXTS[1], f"{p}x{n}", w, lab) for n, (w, lab) in enumerate(second)])]


def test_tab_after_ctrl_return_goes_to_a_disagreement_tab_had_passed(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    project = Project.open(tmp_path / "t.db")
    ids = project.import_bundles([ArticleBundle(Article(id=None, text=t)) for t in TEXTS]).article_ids
    project.import_bundles(_layer("a", [("Ilse Brandt", "PERSON"), ("Korvel", "LOC"), ("Tomas Reyes", "PERSON"), ("Varnholm", "GPE")],
                                  [("Lunde", "GPE"), ("Edda Strand", "PERSON")]), analyst="ana")
    project.import_bundles(_layer("b", [("Ilse Brandt", "ORG"), ("Korvel", "LOC"), ("Tomas Reyes", "ORG"), ("Varnholm", "GPE")],
                                  [("Lunde", "LOC"), ("Edda Strand", "PERSON")]), analyst="ben")
    dialog = open_view(make_window(project, analyst="lead"), qtbot)
    if dialog.article_id != ids[0]:
        dialog.open_article(ids[0])
    words = lambda: TEXTS[0][dialog.current_unit().start:dialog.current_unit().end]  # noqa: E731
    seen = []
    for _ in range(2):  # Tab over both disagreements: «Ilse Brandt», then «Tomas Reyes»
        qtbot.keyClick(dialog, Qt.Key.Key_Tab)
        seen.append(words())
    assert seen == ["Ilse Brandt", "Tomas Reyes"], seen
    qtbot.keyClick(dialog, Qt.Key.Key_1)  # ana's PERSON «Tomas Reyes»
    assert dialog.status.text().startswith("Saved"), dialog.status.text()
    qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    said = dialog.status.text()
    assert "1 disagreement left to decide: ORG/PERSON «Ilse Brandt» — Tab to it" in said, said
    qtbot.keyClick(dialog, Qt.Key.Key_Tab)
    assert dialog.article_id == ids[0], dialog.status.text()  # was: "Article #2: 1 disagreement left"
    assert words() == "Ilse Brandt"
