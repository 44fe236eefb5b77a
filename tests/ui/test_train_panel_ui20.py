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
