"""A huge article does not freeze the window: the first token move of a span edge (Shift+→)
tokenises a few blocks around the edge, never the whole text on the UI thread.

The full measure (a 50 MB article in the window, peak RSS) is ``benchmarks/huge_article.py``;
here a 2 MB synthetic article in the window, and the 50 MB FNC-1 text at the state level."""

from __future__ import annotations

import csv
import re
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from annotator.domain.document import ArticleState
from annotator.domain.model import Article, ArticleBundle, Span, Status
from annotator.domain.tokens import TokenIndex, token_spans
from annotator.storage.project import Project
from tests.conftest import SHARED_DATA
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401

SENTENCE = "Foreign Minister Sergei Lavrov said on Monday that the talks in Geneva were useful, don't you think? "


def _project_with_middle_span(path: Path, text: str) -> tuple[Project, int, Span]:
    middle = re.compile(r"\w+").search(text, len(text) // 2)
    assert middle is not None
    span = Span(id="middle", article_id=0, start=middle.start(), end=middle.end(), label="PERSON", layer="entity",
                status=Status.ACCEPTED)
    project = Project.open(path)
    article_id = project.import_bundles([ArticleBundle(Article(id=None, text=text, title="Huge"), spans=[span])]).article_ids[0]
    return project, article_id, span


def test_first_shift_right_on_a_2_mb_article_tokenises_only_around_the_edge(make_window, tmp_path: Path) -> None:  # noqa: ANN001
    paragraph = SENTENCE * 8 + "\n\n"
    text = paragraph * (2_000_000 // len(paragraph))
    project, article_id, span = _project_with_middle_span(tmp_path / "huge.db", text)
    window = make_window(project)  # opens the first article: this one
    assert window.state is not None and window.state.article_id == article_id
    window.select_span(span.id)
    QApplication.processEvents()
    t = time.perf_counter()
    QtBot.keyClick(window.view.text_widget(), Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    QApplication.processEvents()
    elapsed = time.perf_counter() - t
    moved = window.state.spans[span.id]
    next_end = span.end + token_spans(text[span.end:span.end + 200])[0][1]  # the end of the token after the span
    assert (moved.start, moved.end) == (span.start, next_end)
    assert window.project.spans(article_id)[0].end == next_end  # saved, not only shown
    index = window.view.token_index()
    assert window.state.token_index() is index  # one cache for the view and the state
    assert index.blocks_tokenised <= 2, index.blocks_tokenised
    assert elapsed < 2.0, f"first Shift+Right took {elapsed:.2f} s"


@pytest.mark.skipif(not (SHARED_DATA / "fnc1-train-bodies.csv").is_file(), reason="shared data not present")
def test_first_edge_move_on_a_50_mb_article_is_local() -> None:
    """The FNC-1 bodies repeated to 50 MB: the first edge move costs one block, well under 100 ms
    (tokenising the whole text took 6-20 s and ~1.5 GB)."""
    csv.field_size_limit(1 << 30)
    with (SHARED_DATA / "fnc1-train-bodies.csv").open(encoding="utf-8", newline="") as fh:
        bodies = "\n\n".join(row["articleBody"] for row in csv.DictReader(fh))
    text = ((bodies + "\n\n") * (50_000_000 // len(bodies) + 1))[:50_000_000]
    middle = re.compile(r"\w+").search(text, len(text) // 2)
    assert middle is not None
    span = Span(id="m", article_id=1, start=middle.start(), end=middle.end(), label="PERSON", layer="entity")
    state = ArticleState(Article(id=1, text=text), [span])
    index = TokenIndex(text)
    state.set_tokens(index)
    t = time.perf_counter()
    moved = state.moved_edge(span, edge="end", step=1)
    elapsed = time.perf_counter() - t
    window = text[span.start:span.start + 300]
    expected = next(e for s, e in token_spans(window) if s > 0) + span.start  # the end of the next token
    assert moved == (span.start, expected)
    assert state.moved_edge(span, edge="start", step=-1) == (
        token_spans(text[span.start - 300:span.start])[-1][0] + span.start - 300, span.end)
    assert index.blocks_tokenised <= 2
    assert elapsed < 0.1, f"first edge move took {elapsed * 1000:.0f} ms"
