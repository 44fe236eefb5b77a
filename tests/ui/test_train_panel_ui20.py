"""usertest19 M4 and L9: the Train panel's "Start from" list after a Preferences change while the
panel is open, and its layout after a cancelled and resumed run (branch ui20). Made-up texts."""

from __future__ import annotations

import pytest

from annotator.ui import dialogs, train_dialog
from annotator.ui.preferences import PreferencesDialog
from tests.ui.test_train_dialog import FakeTrainer, _open_dialog, _push, reviewed_window  # noqa: F401
from tests.ui.test_train_panel_ui18 import _trained_folder
from tests.ui.test_window_support import make_window, no_modals, pump_until  # noqa: F401


def test_start_from_follows_a_preferences_change_while_the_panel_is_open(reviewed_window, no_modals, app_look_kept,  # noqa: ANN001, F811
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """M4: Edit → Preferences → the project's trained pipeline → OK updated the status bar, but the
    open panel still offered "This project's pipeline: none trained", greyed, until it was closed
    and opened again."""
    window = reviewed_window
    dialog = _open_dialog(window, FakeTrainer())
    box = dialog.base_box
    assert "none trained" in box.itemText(1) and not box.model().item(1).isEnabled()
    chosen: list = []
    # the dialog's OK stores the choice in the project (PreferencesDialog.accept); the window reacts
    monkeypatch.setattr(PreferencesDialog, "exec", lambda _self: (chosen.append(_trained_folder(window.project)), 1)[1])
    dialogs.open_preferences(window)
    assert chosen and window.training.dialog is dialog and dialog.isVisible()
    assert box.itemText(1) == "This project's pipeline: news-pipeline" and box.model().item(1).isEnabled()
    box.setCurrentIndex(box.findData(train_dialog.BASE_PROJECT))
    assert dialog.chosen_base() == str(chosen[0])
    assert "Fine-tuned from news-pipeline, this project's pipeline" in dialog.summary.text()


def _resumed_attribution_result():  # noqa: ANN202
    """A resumed attribution-only run that scored worse than before on 2 held-out articles: the
    results of the report's screenshot (a long status, the table, red and orange lines)."""
    from pathlib import Path

    from annotator.nlp import train as T

    good, worse = {"p": 0.9, "r": 0.9, "f": 0.9}, {"p": 0.5, "r": 0.5, "f": 0.5}
    run = T.AttributionRun(train_articles=6, heldout_articles=2, steps=300, resumed_from_step=134, seconds=34.0,
                           before={"labels": {"CONTENT": good, "SOURCE": good, "CUE": good, "ALL": good},
                                   "attribution": {**good, "direct_f": 0.9, "speaker": 0.89}},
                           after={"labels": {"CONTENT": worse, "SOURCE": worse, "CUE": worse, "ALL": worse},
                                  "attribution": {**worse, "direct_f": 0.5, "speaker": 0.87}},
                           complete_articles=8)
    return T.TrainResult(Path("p2-pipeline"), [], 0, 0, 0, 0.0, 0, before={}, after={}, unmapped_labels=[],
                         attribution=run, complete_articles=8, heldout_labels=[])


def test_the_results_of_a_resumed_run_are_not_drawn_over_each_other_in_a_short_panel(reviewed_window, no_modals) -> None:  # noqa: ANN001, F811
    """L9: after a cancelled and resumed run the results (with the resume line) were taller than the
    panel; the layout squeezed the wrapped lines, so the first red "Worse than before" line was cut at
    the top and sat over the table's last row. The dialog now scrolls in the panel instead."""
    from PySide6.QtWidgets import QApplication

    window = reviewed_window
    window.resize(1380, 700)
    dialog = _open_dialog(window, FakeTrainer())
    dialog._messages = ["resumed after step 134 (attribution run) with the data changed since: 1 changed; "  # noqa: SLF001
                        "none of the articles it trained on is held out"]
    dialog._on_done(_resumed_attribution_result())  # noqa: SLF001 - as the worker's finished signal calls it
    QApplication.processEvents()
    table, warning = dialog.table.geometry(), dialog.warning.geometry()
    assert dialog.warning.isVisible() and "Worse than before:" in dialog.warning.text()
    assert table.bottom() < warning.top(), (table, warning)
    assert warning.height() >= dialog.warning.heightForWidth(warning.width()), (warning, dialog.warning.heightForWidth(warning.width()))
    assert dialog.status.height() >= dialog.status.heightForWidth(dialog.status.width())
    rows = dialog.table.rowCount()
    last = dialog.table.visualRect(dialog.table.model().index(rows - 1, 0))
    assert dialog.table.verticalScrollBar().maximum() == 0 and last.bottom() <= dialog.table.viewport().height()
    assert dialog.panel() is window.training.panel  # still the panel's, through its scroll area
