"""usertest21 M4 in the Train panel: a base pipeline whose record does not list the articles it
trained on gets the line that whether it saw the held-out articles cannot be told."""

from __future__ import annotations

from tests.ui.test_train_dialog import WorseTrainer, _open_dialog, _push, reviewed_window  # noqa: F401
from tests.ui.test_window_support import make_window, no_modals, pump_until  # noqa: F401


class UnlistedTrainer(WorseTrainer):
    """The worse run of test_train_dialog, from a base trained before its articles were recorded."""

    def __call__(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN204
        result = super().__call__(*args, **kwargs)
        result.attribution = None
        result.heldout_articles = 12  # enough not to be "too few"
        result.base_seen = None
        return result


def test_the_panel_says_it_cannot_tell(reviewed_window) -> None:  # noqa: ANN001
    dialog = _open_dialog(reviewed_window, UnlistedTrainer())
    _push(dialog.start_button)
    pump_until(lambda: not dialog.is_running() and dialog.summary_ready)
    assert dialog.result is not None, dialog.status.text()
    text = dialog.warning.text()
    assert not dialog.warning.isHidden()
    assert "Whether the base pipeline saw these held-out articles cannot be told" in text
    assert text.count("cannot be told") == 1
    assert not dialog.use_button.isDefault()
