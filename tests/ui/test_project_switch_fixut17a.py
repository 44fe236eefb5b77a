"""fixut17a (usertest16 H1, H2, L7): File → Open project… shows the project opened, all of it.

H1: the article list kept the previous project's uncertainty scores (keyed by article id: ids
repeat across files) and sorted by them while the box said "Order: as imported".
H2: a project whose articles were never pre-annotated was not pre-annotated when opened with
File → Open (launching on it was), and the Jobs menu's "last" line, the "Saved HH:MM" and the
pipeline label were the previous project's.
L7: File → Quit while training runs closed at once without a word. Made-up texts."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.storage import uncertainty_cache
from annotator.storage.project import Project
from annotator.ui.active_order import order_key
from tests.ui.test_active_order import CTRL_SHIFT, _titles, stub_scorer_for
from tests.ui.test_window_keys import press
from tests.ui.test_window_support import make_project, make_window, no_modals, pump_until, wait_idle  # noqa: F401

pytestmark = [pytest.mark.timeout(120), pytest.mark.usefixtures("qapp")]


def _order_a(window) -> dict[int, float]:  # noqa: ANN001
    calls: list[str] = []
    window.active_order.scorer_for = stub_scorer_for(calls)
    press(window, Qt.Key.Key_U, CTRL_SHIFT)
    wait_idle(window)
    assert _titles(window) == ["Second", "Lavrov", "Third"]
    scores = dict(window.article_list.model.uncertainty)
    assert scores
    return scores


def _switch(window, path) -> None:  # noqa: ANN001
    assert window.switch_project(path)
    QApplication.processEvents()
    wait_idle(window)


def _b(tmp_path):  # noqa: ANN001, ANN202
    """Project B: the same three texts (ids 1-3, as in A), never pre-annotated, no scores."""
    path = tmp_path / "b.db"
    make_project(path, suggest=False).close()
    return path


def test_open_shows_the_opened_projects_own_scores_and_order(make_window, tmp_path) -> None:  # noqa: ANN001, F811
    window = make_window()
    a_path = window.project.path
    a_scores = _order_a(window)
    b_path = _b(tmp_path)

    _switch(window, b_path)
    panel = window.article_list
    assert panel.order.currentText() == "Order: as imported"
    assert panel.uncertainty == {} and panel.model.uncertainty == {}  # not A's scores for ids 1-3
    assert _titles(window) == ["Lavrov", "Second", "Third"]  # import order, as the box says
    assert not panel.order_note.isVisibleTo(panel)
    assert window.settings.value(order_key(b_path), "as-imported") == "as-imported"
    assert window.settings.value(order_key(a_path)) == "uncertain"  # A's choice untouched

    # B gets scores of its own (other values), then A is opened again: A's scores and order
    uncertainty_cache.store_scores(window.project, "fake 1.0 |", {1: 0.99, 2: 0.01, 3: 0.5}, {1: 1, 2: 0, 3: 1})
    window.active_order.scorer_for = stub_scorer_for([])
    press(window, Qt.Key.Key_U, CTRL_SHIFT)
    wait_idle(window)
    assert _titles(window) == ["Lavrov", "Third", "Second"]
    _switch(window, a_path)
    assert panel.order.currentText() == "Order: most uncertain first"
    assert panel.model.uncertainty == a_scores
    assert _titles(window) == ["Second", "Lavrov", "Third"]
    # and B again: B's own order and scores, not A's
    _switch(window, b_path)
    assert panel.order.currentText() == "Order: most uncertain first"
    assert panel.model.uncertainty == {1: 0.99, 2: 0.01, 3: 0.5}
    assert _titles(window) == ["Lavrov", "Third", "Second"]


def test_scoring_cut_short_by_open_does_not_change_the_opened_projects_order(make_window, tmp_path) -> None:  # noqa: ANN001, F811
    window = make_window()
    b_path = _b(tmp_path)
    with Project.open(b_path) as b:  # B: ordered most uncertain first when last open, its scores stored
        uncertainty_cache.store_scores(b, "fake 1.0 |", {1: 0.99, 2: 0.01, 3: 0.5}, {1: 1, 2: 0, 3: 1})
    window.settings.set_value(order_key(b_path), "uncertain")

    def slow(_loaded):  # noqa: ANN001, ANN202
        def score(texts):  # noqa: ANN001, ANN202
            time.sleep(0.5)
            return [{(0, 1, "PERSON"): 0.5} for _ in texts]
        return score

    window.active_order.scorer_for = slow
    press(window, Qt.Key.Key_U, CTRL_SHIFT)
    pump_until(lambda: window.background.job is not None)
    _switch(window, b_path)
    for thread in list(window._retired):  # noqa: SLF001 - A's cancelled scoring ends; its late signals land now
        thread.wait(5000)
    QApplication.processEvents()
    wait_idle(window)
    # A's cancelled scoring said "cancelled" into B: B's box went back to import order and B's choice was lost
    assert window.article_list.order.currentText() == "Order: most uncertain first"
    assert window.settings.value(order_key(b_path)) == "uncertain"
    assert window.article_list.model.uncertainty == {1: 0.99, 2: 0.01, 3: 0.5}
    assert _titles(window) == ["Lavrov", "Third", "Second"]


def test_open_preannotates_a_never_preannotated_project_and_resets_the_bar(make_window, tmp_path) -> None:  # noqa: ANN001, F811
    window = make_window()
    _order_a(window)  # a job line of A's among the Jobs menu's "Lately"
    window.step_suggestion(1)
    window.accept_selected()  # "Saved HH:MM:SS" in A
    assert window.saved_label.text().startswith("Saved ")
    window.target_chooser.set_current("Kremlin")
    a_lines = list(window.background.recent)
    assert a_lines
    b_path = _b(tmp_path)

    _switch(window, b_path)
    pump_until(lambda: window.project.db.execute("SELECT count(*) FROM preannotations").fetchone()[0] == 3)
    wait_idle(window)
    assert window.project.db.execute("SELECT count(*) FROM spans").fetchone()[0] > 0
    assert window.state is not None and window.state.pending_count() > 0  # the open article shows them
    assert window.pipeline_label.text() == "fake 1.0"
    assert not window.saved_label.text().startswith("Saved ")  # not A's time
    assert not set(a_lines) & set(window.background.recent)
    menu = window.background.show_menu()  # nothing runs: the menu with B's lines only (usertest23 L1: was "last: …")
    assert menu is not None
    texts = [a.text() for a in menu.actions()]
    assert any("Pre-annotated 3 articles" in t for t in texts) and not set(a_lines) & set(texts), texts
    menu.close()
    assert window.target_chooser.current == ""  # A's stance target is not B's
    assert window.undo_stack.count() == 0


def test_open_of_a_preannotated_project_runs_nothing(make_window, tmp_path) -> None:  # noqa: ANN001, F811
    window = make_window()
    other = tmp_path / "c.db"
    make_project(other, suggest=True).close()  # suggestions stored: pre-annotated
    _switch(window, other)
    assert window.worker is None
    assert window.project.db.execute("SELECT count(*) FROM preannotations").fetchone()[0] == 3


def test_open_closes_the_search_panel_of_the_project_before(make_window, tmp_path) -> None:  # noqa: ANN001, F811
    window = make_window()
    window.actions_by_id["search_project"].trigger()
    panel = window.menus.search_panel
    assert panel is not None and panel.isVisible()
    _switch(window, _b(tmp_path))
    assert not panel.isVisible()
    assert window.menus.search_panel is None


class _RunningTraining:
    """Stands in for a Train dialog whose run is going on (what the window asks of it)."""

    def __init__(self, project) -> None:  # noqa: ANN001
        self._project = project
        self.cancelled = 0
        self.at_step = (40, 300)  # step reached, step budget (the quit question names them: usertest17 L-g)
        self.run_output = project.path.with_name("news-pipeline")

    def is_running(self) -> bool:
        return not self.cancelled

    def cancel(self) -> None:
        self.cancelled += 1

    def hide(self) -> None: ...

    def deleteLater(self) -> None: ...  # noqa: N802


def test_open_stops_the_training_of_the_project_before_and_says_the_checkpoint_is_kept(make_window, tmp_path) -> None:  # noqa: ANN001, F811
    window = make_window()
    training = _RunningTraining(window.project)
    window.training.dialog = training
    said: list[str] = []
    window.session.message.connect(lambda text, _ms: said.append(text))
    _switch(window, _b(tmp_path))
    assert training.cancelled == 1 and window.training.dialog is None  # Tools → Train… makes B's own
    assert any("checkpoint is kept" in line and "project0.db" in line for line in said), said


def test_quit_while_training_says_the_checkpoint_is_kept(make_window, capsys, no_modals) -> None:  # noqa: ANN001, F811
    # usertest16 L7: File → Quit while training ran closed at once without a word
    window = make_window()
    training = _RunningTraining(window.project)
    window.training.dialog = training
    window.close()  # asked first (usertest17 L-g); the stand-in box answers as if the analyst said stop
    assert [kind for kind, _text in no_modals] == ["question"] and "at step 40 of 300" in no_modals[0][1]
    assert training.cancelled == 1
    assert "checkpoint is kept" in capsys.readouterr().err
    window.training.dialog = None
