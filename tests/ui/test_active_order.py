"""The article list's "Order: most uncertain first" (issue 10): keyboard toggle, the order on
hand-made scores, the cache, a pipeline change, a pipeline without scores; and screenshots of
the Train dialog and the ordered list (docs/screenshots/)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.domain.model import ArticleStatus
from tests.ui.test_window_keys import press
from tests.ui.test_window_screenshots import save_widget
from tests.ui.test_window_support import FakePipeline, make_window, no_modals, pump_until, wait_idle  # noqa: F401

# The one candidate entity of each article has this probability (by the article's first word):
# uncertainty 1 - |2p - 1|: Second 1.0, Lavrov 0.2, Third 0.02.
PROBABILITY = {"Lavrov": 0.9, "Second": 0.5, "Third": 0.99}
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def stub_scorer_for(calls: list[str]):  # noqa: ANN201
    def scorer_for(_loaded):  # noqa: ANN001, ANN202
        def score(texts):  # noqa: ANN001, ANN202
            calls.extend(texts)
            return [{(0, 1, "PERSON"): PROBABILITY[t.split()[0]]} for t in texts]

        return score

    return scorer_for


def _titles(window) -> list[str]:  # noqa: ANN001
    return [window.project.article(i).title.split()[0] for i in window.article_list.model.ids()]


def _toggle(window) -> None:  # noqa: ANN001
    press(window, Qt.Key.Key_U, CTRL_SHIFT)
    wait_idle(window)


def test_most_uncertain_first_by_keyboard_cached_and_rescored_on_pipeline_change(make_window) -> None:  # noqa: ANN001
    window = make_window()
    calls: list[str] = []
    window.active_order.scorer_for = stub_scorer_for(calls)
    assert _titles(window) == ["Lavrov", "Second", "Third"]  # as imported
    _toggle(window)
    assert window.article_list.order.currentText() == "Order: most uncertain first"
    assert _titles(window) == ["Second", "Lavrov", "Third"]
    assert len(calls) == 3
    rows = window.project.db.execute("SELECT pipeline, round(score, 3) FROM article_uncertainty ORDER BY score DESC").fetchall()
    assert rows == [("fake 1.0 |", 0.2), ("fake 1.0 |", 0.04), ("fake 1.0 |", 0.004)]  # one decision each, over the top 5
    assert "most uncertain first" in window.statusBar().currentMessage()
    # Next article follows the list's order.
    window.open_article(window.article_list.model.ids()[0])
    press(window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ShiftModifier)
    assert window.project.article(window.state.article_id).title.startswith("Lavrov")
    # A reviewed article leaves the uncertain head of the list.
    window.open_article(window.article_list.model.ids()[0])
    press(window, Qt.Key.Key_Return, CTRL_SHIFT)  # mark reviewed
    assert window.project.article(window.state.article_id).status == ArticleStatus.REVIEWED
    assert _titles(window) == ["Second", "Lavrov", "Third"]  # the list does not move under the analyst's eyes
    window.refresh_article_list()  # the next refresh (a filter, a search) puts it after the unreviewed
    assert _titles(window) == ["Lavrov", "Third", "Second"]
    # Back to import order, and again: the scores come from the cache.
    _toggle(window)
    assert _titles(window) == ["Lavrov", "Second", "Third"]
    calls.clear()
    _toggle(window)
    assert calls == [] and _titles(window) == ["Lavrov", "Third", "Second"]
    # Another pipeline: everything unreviewed is scored again, with its own key.
    window.active_order._loader_for = lambda _choice: (lambda: FakePipeline(name="trained", version="2"))  # noqa: SLF001
    window.preannotator.pipeline_changed()
    wait_idle(window)
    assert len(calls) == 2  # the two unreviewed articles
    keys = {r[0] for r in window.project.db.execute("SELECT pipeline FROM article_uncertainty")}
    assert keys == {"fake 1.0 |", "trained 2 |"}


def test_a_pipeline_without_scores_says_so_and_keeps_the_order(make_window) -> None:  # noqa: ANN001
    window = make_window()
    window.active_order.scorer_for = lambda _loaded: None
    _toggle(window)
    assert _titles(window) == ["Lavrov", "Second", "Third"]
    assert "rules only" in window.statusBar().currentMessage()
    assert window.project.db.execute("SELECT count(*) FROM article_uncertainty").fetchone()[0] == 0


def _save(widget, name: str) -> Path:  # noqa: ANN001
    return save_widget(widget, name, min_bytes=5_000)


def test_screenshots_of_the_train_dialog_and_the_ordered_list(make_window) -> None:  # noqa: ANN001
    from tests.ui.test_train_dialog import FakeTrainer, _bundles

    window = make_window()
    window.project.import_bundles(_bundles(6))
    window.refresh_article_list()
    window.active_order.scorer_for = lambda _loaded: (lambda texts: [{(0, 1, "PERSON"): 0.97 - 0.03 * (i % 5)} for i, _t in enumerate(texts)])
    _toggle(window)
    _save(window, "article-list-uncertain.png")
    trainer = FakeTrainer()
    trainer.edited.set()
    window.training.trainer = trainer
    press(window, Qt.Key.Key_M, CTRL_SHIFT)
    dialog = window.training.dialog
    dialog.steps.setValue(30)
    dialog.start()
    pump_until(lambda: not dialog.is_running() and dialog.summary_ready, 15)  # the summary is counted in a thread
    assert dialog.result is not None
    _save(dialog, "train-dialog.png")


def test_cancelled_scoring_leaves_the_import_order_and_says_so(make_window) -> None:  # noqa: ANN001
    """Issue 10 item 9: cancelled uncertainty scoring left the list reading "Order: most uncertain first"."""
    import threading

    window = make_window()
    started, release = threading.Event(), threading.Event()

    def scorer_for(_loaded):  # noqa: ANN001, ANN202
        def score(texts):  # noqa: ANN001, ANN202
            started.set()
            release.wait(10)
            return [{(0, 1, "PERSON"): 0.5} for _t in texts]

        return score

    window.active_order.scorer_for = scorer_for
    press(window, Qt.Key.Key_U, CTRL_SHIFT)
    pump_until(started.is_set)
    window.cancel_background()
    release.set()
    pump_until(lambda: window.active_order.last_note.startswith("Ordering by uncertainty cancelled"), 10)
    wait_idle(window)
    assert window.article_list.order.currentText() != "Order: most uncertain first"
    assert _titles(window) == ["Lavrov", "Second", "Third"]  # as imported
    assert window.active_order.last_note == "Ordering by uncertainty cancelled: the list is in import order"
