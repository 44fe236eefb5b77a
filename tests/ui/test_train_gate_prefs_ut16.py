"""usertest16 H4 and M3 in the window: the Train dialog does not make "Use this pipeline" its
default button when the held-out set is tiny (it says why and what to do) or when attribution
precision fell though F1 held; Edit → Preferences says which project each trained pipeline
beside the project was trained on and lists this project's own first."""

from __future__ import annotations

import json
from pathlib import Path

from annotator.nlp import train as T
from annotator.ui.preferences import PreferencesDialog
from tests.ui.test_train_dialog import _open_dialog, _push, reviewed_window  # noqa: F401
from tests.ui.test_window_support import make_window, no_modals, pump_until  # noqa: F401


class _Trainer:
    """A finished run: no worse by F1, entity run out of the way, attribution run with ``heldout``
    held-out articles and precision ``before_p`` -> ``after_p``."""

    def __init__(self, heldout: int, before_p: float, after_p: float) -> None:
        self.heldout, self.before_p, self.after_p = heldout, before_p, after_p

    def __call__(self, project, output: Path, *, base, max_steps, in_use, on_progress, cancelled, on_message, replace=False):  # noqa: ANN001, ANN204, ARG002
        on_progress(T.Progress(1, 1, 1.0, None))
        output.mkdir(parents=True, exist_ok=True)
        labels = {"CONTENT": {"p": 0.5, "r": 0.5, "f": 0.5}}
        run = T.AttributionRun(40, self.heldout, 400, 0, 1.0,
                               before={"labels": labels, "attribution": {"p": self.before_p, "r": 0.5, "f": 0.63,
                                                                         "direct_f": 0.9, "speaker": 0.9}},
                               after={"labels": labels, "attribution": {"p": self.after_p, "r": 0.7, "f": 0.63,
                                                                        "direct_f": 0.9, "speaker": 0.9}},
                               complete_articles=40)
        return T.TrainResult(output, [], 0, 0, 0, 0.0, 0, {}, {}, [], attribution=run)


def _finish(window, trainer):  # noqa: ANN001, ANN202
    dialog = _open_dialog(window, trainer)
    _push(dialog.start_button)
    pump_until(lambda: not dialog.is_running() and dialog.summary_ready)
    assert dialog.result is not None, dialog.status.text()
    return dialog


def test_a_tiny_held_out_set_is_said_and_use_is_not_the_default(reviewed_window) -> None:  # noqa: ANN001
    dialog = _finish(reviewed_window, _Trainer(5, 0.80, 0.80))
    assert not dialog.warning.isHidden()
    assert "<b>Too few held-out articles:</b> the attribution run was scored on 5" in dialog.warning.text()
    assert "review more articles" in dialog.warning.text()
    assert dialog.use_button.isEnabled() and not dialog.use_button.isDefault()
    assert dialog.use_button.text() == "&Use this pipeline anyway (too few held-out articles to tell)"


def test_precision_falling_with_f1_held_is_worse_and_use_is_not_the_default(reviewed_window) -> None:  # noqa: ANN001
    dialog = _finish(reviewed_window, _Trainer(30, 0.84, 0.58))
    assert "precision (all attributions) fell on the held-out articles: 0.84 -&gt; 0.58" in dialog.warning.text()
    assert not dialog.use_button.isDefault() and "worse than before" in dialog.use_button.text()


def test_enough_held_out_articles_and_precision_held_keep_use_the_default(reviewed_window) -> None:  # noqa: ANN001
    dialog = _finish(reviewed_window, _Trainer(30, 0.84, 0.82))
    assert dialog.warning.isHidden() and dialog.use_button.isDefault()


def test_preferences_says_whose_each_trained_pipeline_is_own_first(make_window) -> None:  # noqa: ANN001
    window = make_window()
    folder = window.project.path.parent
    other = folder / "c1.db"
    for name, project, when in (("c1-pipeline", str(other), "2026-12-03 04:50 UTC"),
                                ("own-pipeline", str(window.project.path.resolve()), "2026-12-01 10:00 UTC"),
                                ("old-pipeline", None, "2026-11-30 10:00 UTC")):
        out = folder / name
        out.mkdir()
        info = {"labels": ["PERSON"], "before": {"ALL": {"f": 0.5}}, "after": {"ALL": {"f": 0.6}}, "finished": when}
        if project:
            info["project"] = project
        (out / T.MARKER).write_text(json.dumps(info))
    dialog = PreferencesDialog(window.settings, window, project_folder=folder, project=window.project)
    items = [dialog.pipeline.itemText(i) for i in range(dialog.pipeline.count())]
    trained = [t for t in items if t.startswith("Trained: ")]
    assert [t.split(" · ")[:2] for t in trained] == [["Trained: own-pipeline", "this project"],
                                                    ["Trained: c1-pipeline", "on c1.db"],
                                                    ["Trained: old-pipeline", "project unknown"]]
    index = items.index(trained[1])
    assert f"Trained on: {other}" in dialog.pipeline.itemData(index, 3)  # ToolTipRole


def test_the_counts_before_start_say_the_held_out_set_will_be_tiny(reviewed_window) -> None:  # noqa: ANN001
    dialog = _open_dialog(reviewed_window, _Trainer(5, 0.8, 0.8))
    assert "Too few held-out articles: the entity run will be scored on" in dialog.summary.text()
    assert "about 50 reviewed articles give 10 held out" in dialog.summary.text()
