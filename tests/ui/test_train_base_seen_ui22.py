"""usertest20 L7 in the Train panel: a base pipeline trained on some of the held-out articles
scores "before" on texts it has seen; the panel says so beside the before/after table."""

from __future__ import annotations

from annotator.nlp import train as T
from tests.ui.test_train_dialog import WorseTrainer, _open_dialog, _push, reviewed_window  # noqa: F401
from tests.ui.test_window_support import make_window, no_modals, pump_until  # noqa: F401


class SeenTrainer(WorseTrainer):
    """The worse run of test_train_dialog, its base trained on 2 of its held-out entity articles."""

    def __call__(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN204
        result = super().__call__(*args, **kwargs)
        result.attribution = None
        result.heldout_articles = 12  # enough not to be "too few"
        result.base_seen = 2
        return result


def test_the_panel_says_the_base_has_seen_held_out_articles(reviewed_window) -> None:  # noqa: ANN001
    dialog = _open_dialog(reviewed_window, SeenTrainer())
    _push(dialog.start_button)
    pump_until(lambda: not dialog.is_running() and dialog.summary_ready)
    assert dialog.result is not None, dialog.status.text()
    assert not dialog.warning.isHidden()
    text = dialog.warning.text()
    assert "The base pipeline was trained on 2 of these 12 held-out articles: its &#x27;before&#x27; is optimistic" in text
    # ui26 (usertest22 M4): before the worse-than-before lines it explains
    assert text.index("The base pipeline") < text.index("PERSON F1 fell")
    assert not dialog.use_button.isDefault()
