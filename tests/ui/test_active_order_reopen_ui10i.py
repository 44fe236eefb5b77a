"""Issue 10 (ui10i, usertest10d finding 8) in the window: 'most uncertain first' is kept when the
project is opened again, the list shows the most uncertain articles (it scrolled to the current
one), and with no pipeline chosen in Preferences the order uses the pipeline whose scores were
stored last in the project, as `annotator next` does (tests/cli/test_next_stored_scores_ui10i.py)."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt

from annotator.storage import uncertainty_cache
from annotator.ui.active_order import order_key
from tests.ui.test_active_order import CTRL_SHIFT, _titles, stub_scorer_for
from tests.ui.test_window_keys import press
from tests.ui.test_window_support import FakePipeline, make_window, no_modals, wait_idle  # noqa: F401

pytestmark = [pytest.mark.timeout(120), pytest.mark.usefixtures("qapp")]


def test_the_order_is_kept_across_reopen_from_the_stored_scores(make_window) -> None:  # noqa: ANN001
    window = make_window()
    calls: list[str] = []
    window.active_order.scorer_for = stub_scorer_for(calls)
    press(window, Qt.Key.Key_U, CTRL_SHIFT)
    wait_idle(window)
    assert _titles(window) == ["Second", "Lavrov", "Third"] and len(calls) == 3
    assert window.settings.value(order_key(window.project.path)) == "uncertain"  # ui10j: kept per project file
    project = window.project
    window.close()
    again = make_window(project)  # the project opened again (a new window reads the settings)
    again.active_order.scorer_for = stub_scorer_for(calls)
    wait_idle(again)
    assert again.article_list.order.currentText() == "Order: most uncertain first"
    assert _titles(again) == ["Second", "Lavrov", "Third"]
    assert len(calls) == 3  # from the stored scores: nothing scored again
    assert again.article_list.view.verticalScrollBar().value() == 0  # the most uncertain in view
    press(again, Qt.Key.Key_U, CTRL_SHIFT)  # back to import order: kept too
    wait_idle(again)
    assert again.settings.value(order_key(again.project.path)) == "as-imported"


def test_no_preferences_choice_uses_the_pipeline_of_the_scores_stored_last(make_window, tmp_path) -> None:  # noqa: ANN001
    folder = tmp_path / "trained-pipeline"
    folder.mkdir()
    window = make_window()
    ids = window.project.article_ids()
    # what `preannotate --model FOLDER --uncertainty` stores
    uncertainty_cache.store_scores(window.project, f"trained 7 | {folder}", dict(zip(ids, (0.1, 0.9, 0.5))), dict.fromkeys(ids, 1))
    asked: list[str] = []
    calls: list[str] = []

    def loader_for(choice: str):  # noqa: ANN202
        asked.append(choice)
        return lambda: dataclasses.replace(FakePipeline(name="trained", version="7"))

    window.active_order._loader_for = loader_for  # noqa: SLF001
    window.active_order.scorer_for = stub_scorer_for(calls)
    press(window, Qt.Key.Key_U, CTRL_SHIFT)
    wait_idle(window)
    assert asked == [str(folder)]  # not '' (the default pipeline)
