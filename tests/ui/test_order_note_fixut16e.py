"""usertest16 LOW-3: "Order: most uncertain first" (Ctrl+Shift+U) said nothing of why the list
moved. A line under the order box now says what it is by and what happens to reviewed articles,
that scoring runs, or why it cannot order (rules-only pipeline, nothing unreviewed); each scored
row's tooltip gives its uncertainty. On main there is no such line (``order_note``)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.domain.model import ArticleStatus
from annotator.ui.active_order import NO_SCORES_NOTE, NOTHING_UNREVIEWED, ORDERED, SCORING, order_note
from tests.ui.test_active_order import _titles, _toggle, stub_scorer_for
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401


def test_order_note_words() -> None:
    assert order_note("") == ""
    assert "scoring the unreviewed articles (fake 1.0)" in order_note(SCORING, pipeline="fake 1.0 |")
    ordered = order_note(ORDERED, pipeline="trained 2 |", scored=2, unreviewed=3)
    assert ordered.startswith("Most uncertain first — scored with trained 2, by its margins, unreviewed only")
    assert "2 of 3 scored" in ordered and "done and reviewed articles follow in import order" in ordered
    assert "rules only" in order_note(NO_SCORES_NOTE) and "nothing unreviewed" in order_note(NOTHING_UNREVIEWED)


def test_the_list_says_why_it_is_ordered_and_each_row_its_uncertainty(make_window) -> None:  # noqa: ANN001
    window = make_window()
    window.active_order.scorer_for = stub_scorer_for([])
    panel = window.article_list
    assert not panel.order_note.isVisible()
    _toggle(window)
    assert _titles(window) == ["Second", "Lavrov", "Third"]
    assert panel.order_note.isVisible()
    assert panel.order_note.text().startswith("Most uncertain first — scored with fake 1.0, by its margins, unreviewed only: 3 of 3")
    tip = panel.model.data(panel.model.index(0), Qt.ItemDataRole.ToolTipRole)
    assert "Uncertainty 0.20" in tip  # one coin flip over the top 5 decisions (usertest24 M2)
    _toggle(window)  # back to import order: the line goes
    assert not panel.order_note.isVisible()


def test_rules_only_and_nothing_unreviewed_are_said_above_the_list(make_window) -> None:  # noqa: ANN001
    window = make_window()
    window.active_order.scorer_for = lambda _loaded: None
    _toggle(window)
    assert "cannot order" in window.article_list.order_note.text() and "rules only" in window.article_list.order_note.text()
    _toggle(window)
    window.project.db.execute("UPDATE articles SET status = ?", [ArticleStatus.DONE.value])
    _toggle(window)
    assert "nothing unreviewed" in window.article_list.order_note.text()
    assert "nothing unreviewed" in window.statusBar().currentMessage()
