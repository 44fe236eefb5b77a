"""usertest23 L2: at 1400 px with the Train panel open the article column was 480 px wide and
the QUOTE/CLAIM labels of the left margin vanished: below 2 × gutter + 320 px the margin fell to
MIN_SIDE_MARGIN at once. It now narrows with the column (labels abbreviated when they must be).
ui48 (usertest30 L5): the text column keeps 45 characters before the labels (480 -> 490 px here).
Made-up text."""

from __future__ import annotations

import pytest

from annotator.domain.model import Article, Span
from annotator.domain.schema import default_schema
from annotator.ui.article_view import ArticleView

TEXT = ("Ines Marlow said the harbour plan would be finished by the spring of next year. "
        "The council claims the new pier will bring more ferries to the town every week.")


@pytest.mark.parametrize("width", [1000, 560, 490, 440])
def test_margin_labels_stay_when_the_column_narrows(qtbot, width: int) -> None:  # noqa: ANN001
    quote = TEXT.index("the harbour")
    claim = TEXT.index("the new pier")
    spans = [Span("q", 1, quote, TEXT.index(" by the spring"), "QUOTE", "quote"),
             Span("c", 1, claim, claim + len("the new pier will bring more ferries"), "CLAIM", "claim")]
    v = ArticleView()
    qtbot.addWidget(v)
    v.resize(width, 500)
    v.set_schema(default_schema())
    v.set_article(Article(id=1, text=TEXT), spans, ())
    v.show()
    qtbot.waitExposed(v)
    qtbot.waitUntil(lambda: v._margins[0] > 0)  # noqa: SLF001
    v.grab()
    painted = {sid: text for sid, (text, _rect) in v.gutter_painted.items()}
    text_width = v.text_widget().viewport().width() - 2 * v._margins[0]  # noqa: SLF001
    assert text_width >= 300  # the text keeps its column
    # ui48 (usertest30 L5): ... of READABLE_CHARS characters first; the window never gives the view
    # less than its readable_width (column_room.py), which has the labels: at 440 px they may go
    assert v.text_chars() >= 45 - 0.5
    if width >= v.readable_width():
        assert painted.get("q") in ("QUOTE", "QT") and painted.get("c") in ("CLAIM", "CLM"), (width, v._margins, painted)  # noqa: SLF001
