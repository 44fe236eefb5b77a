"""usertest24 M2: the "Most uncertain first — …" line above the article list took 9 lines of the
list's height at 1400 px beside the Train panel; it is one line, cut with "…", the whole of it in
its tooltip (branch ui29). Made-up texts (the fixtures of test_active_order)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from tests.ui.test_active_order import _toggle, stub_scorer_for
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401


def test_the_order_line_is_one_line_cut_with_its_whole_text_in_the_tooltip(make_window) -> None:  # noqa: ANN001, F811
    window = make_window()
    window.active_order.scorer_for = stub_scorer_for([])
    panel = window.article_list
    _toggle(window)
    note = panel.order_note
    QApplication.processEvents()
    whole = note.text()
    assert whole.startswith("Most uncertain first — scored with ") and note.toolTip() == whole
    line = note.fontMetrics().height()
    for width in (190, 260):  # the list beside the Train panel, and a little wider
        panel.setFixedWidth(width)
        QApplication.processEvents()
        assert note.height() < 2 * line, (width, note.height(), line)
        assert note.sizeHint().height() < 2 * line and note.minimumSizeHint().width() == 0
        shown = note.shown_text()
        assert shown.endswith("…") and len(shown) < len(whole)
        assert note.fontMetrics().horizontalAdvance(shown) <= note.contentsRect().width()
    assert note.text() == whole  # only the painting is cut
