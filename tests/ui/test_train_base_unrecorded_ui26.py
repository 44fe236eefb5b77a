"""usertest22 M4 in the Train panel: the line that whether the base saw the held-out articles
cannot be told comes before the "worse than before" lines it explains."""

from __future__ import annotations

from tests.ui.test_train_base_unlisted_ui23 import UnlistedTrainer
from tests.ui.test_train_dialog import _open_dialog, _push, reviewed_window  # noqa: F401
from tests.ui.test_window_support import make_window, no_modals, pump_until  # noqa: F401


def test_the_base_line_comes_first(reviewed_window) -> None:  # noqa: ANN001
    dialog = _open_dialog(reviewed_window, UnlistedTrainer())
    _push(dialog.start_button)
    pump_until(lambda: not dialog.is_running() and dialog.summary_ready)
    text = dialog.warning.text()
    assert "cannot be told" in text and "Worse than before" in text, text
    assert text.index("cannot be told") < text.index("Worse than before"), text
