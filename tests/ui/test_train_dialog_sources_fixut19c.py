"""usertest17 N5 in the Train dialog: after a run whose model alone found none of the held-out
attributions, the dialog says the change is the learned cue lexicon's (the line `annotator
train` prints, :meth:`annotator.nlp.train.TrainResult.sources`)."""

from __future__ import annotations

from annotator.nlp import train as T
from tests.ui.test_train_dialog import WorseTrainer, _open_dialog, _push, reviewed_window  # noqa: F401
from tests.ui.test_window_support import make_window, no_modals, pump_until  # noqa: F401


class LexiconTrainer(WorseTrainer):
    """The worse run with its attribution run scored by part: the model alone found nothing."""

    def __call__(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN204
        result = super().__call__(*args, **kwargs)
        alone = {"p": 0.0, "r": 0.0, "f": 0.0, "direct_f": 0.0, "speaker": 0.0, "matched": 0, "gold": 14}
        result.attribution.parts = {"model_alone": alone, "without_model": {**alone, "f": 0.6},
                                    "without_lexicon": {**alone, "f": 0.55}}
        return result


def test_the_dialog_says_the_model_alone_found_none(reviewed_window) -> None:  # noqa: ANN001
    dialog = _open_dialog(reviewed_window, LexiconTrainer())
    _push(dialog.start_button)
    pump_until(lambda: not dialog.is_running() and dialog.summary_ready)
    assert dialog.result is not None, dialog.status.text()
    assert not dialog.warning.isHidden()
    text = dialog.warning.text()
    assert "The model alone found none of the 14 held-out attributions" in text
    assert "the learned cue lexicon&#x27;s, not the model&#x27;s" in text
    assert text.index("PERSON F1 fell") < text.index("The model alone")  # the warnings first
    assert T.TrainResult.sources(dialog.result)[0].startswith("The model alone found none")
