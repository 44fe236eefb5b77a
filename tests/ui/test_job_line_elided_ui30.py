"""usertest24p L2 (branch ui30): the running work's line in the status bar is never cut mid-word.

At 1380 px beside a long status message the indicator read "Loading the language pi",
"Indexing imported articl", "their pre-annotation is queue": its label is cut at a word's end
with "…" (or whole), and its tooltip is the whole line. Made-up lines."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication

from annotator.ui.status_room import elide_at_word
from tests.ui.test_window_support import make_window, no_modals, pump_until  # noqa: F401

pytestmark = pytest.mark.timeout(60)

JOB_LINES = [
    "Loading the language pipeline…",
    "Indexing imported articles for the search",
    "Pre-annotating 112 of 50000 — queued: Pre-annotation, Export",
]
MESSAGE = ("Imported 50 new articles (0 already there; 3 more copies of them, merged in), 0 spans, 0 relations; "
           "they are pre-annotated next, then the running pre-annotation goes on")


def _drawn(label) -> str:  # noqa: ANN001
    return label.shown_text() if hasattr(label, "shown_text") else label.text()


@pytest.mark.parametrize("message", ["", MESSAGE])
@pytest.mark.parametrize("job", JOB_LINES)
def test_the_indicators_line_ends_at_a_word_with_an_ellipsis_or_is_whole(make_window, job, message) -> None:  # noqa: ANN001
    """Both indicators shown (pre-annotation and the index's catch-up) beside the target, the
    pipelines and the saved state, as seen under Xvfb at 1380 px."""
    window = make_window()
    window.resize(1380, 900)
    pump_until(lambda: window.width() == 1380)
    window.progress_indicator.show_progress(0, 0, job)
    window.index_indicator.show_progress(3, 10, "Indexing imported articles")
    window.statusBar().showMessage(message, 0)
    for _ in range(5):
        QApplication.processEvents()
    cut = 0
    for indicator in (window.progress_indicator, window.index_indicator):
        label = indicator.label
        text, drawn = label.text(), _drawn(label)
        metrics = label.fontMetrics()
        assert metrics.horizontalAdvance(drawn) <= label.contentsRect().width(), (text, drawn, label.width())
        if drawn != text:
            head = drawn.removesuffix("…")
            assert drawn.endswith("…") and text.startswith(head) and text[len(head)] in " ,;:—", (text, drawn)
        assert label.toolTip() == text
        cut += drawn != text
        assert indicator.geometry().right() <= window.statusBar().width()  # nothing pushed off the bar
    # the lines give way, not the window: it grew to ~1560 px (offscreen) to fit them whole, past
    # the screen under Xvfb, where the bar then cut them at its edge
    assert window.width() == 1380 and window.statusBar().width() <= 1380
    if not message:  # beside the target, the pipelines and the saved state they do not fit whole: cut, or
        # (ui48, usertest30 L5) the target and pipeline fields gave them their room
        assert cut or window.message_room.work_hidden


def test_elide_at_word() -> None:
    metrics = QFontMetrics(QFont())
    text = "Loading the language pipeline…"
    assert elide_at_word(text, metrics, 10_000) == text
    width = metrics.horizontalAdvance("Loading the language pi")
    assert elide_at_word(text, metrics, width) == "Loading the…" or elide_at_word(text, metrics, width) == "Loading the language…"
    assert elide_at_word("Pre-annotating 112 of 50000 — queued: x", metrics,
                         metrics.horizontalAdvance("Pre-annotating 112 of 50000 — qu")) == "Pre-annotating 112 of 50000…"
    tiny = elide_at_word("Indexing", metrics, metrics.horizontalAdvance("Ind…"))
    assert tiny.endswith("…") and metrics.horizontalAdvance(tiny) <= metrics.horizontalAdvance("Ind…")
