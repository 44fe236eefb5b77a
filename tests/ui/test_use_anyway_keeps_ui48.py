"""usertest31 M3 in the window: "Use this pipeline anyway (worse than before)" makes the new folder
the project's pipeline and says, in the same line, that the one used before is kept and how to go
back to it (Edit → Preferences); Use never deletes it, and it still loads. A run that replaced a
folder's pipeline (Replace ticked) kept it as OUTPUT.replaced-… (the window's trainer asks train
for that) and says so."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from tests.ui.test_train_dialog import WorseTrainer, _open_dialog, _push, reviewed_window  # noqa: F401
from tests.ui.test_window_support import make_window, no_modals, pump_until  # noqa: F401


def _blank_pipeline(folder: Path) -> Path:
    import spacy

    spacy.blank("en").to_disk(folder)
    return folder


def test_use_anyway_says_the_pipeline_used_before_is_kept_and_how_to_go_back(reviewed_window, no_modals, tmp_path) -> None:  # noqa: ANN001, F811
    import spacy

    from annotator.nlp.pipeline_use import project_choice, set_project_choice

    window = reviewed_window
    before = _blank_pipeline(tmp_path / "in-use").resolve()
    set_project_choice(window.project, str(before))
    dialog = _open_dialog(window, WorseTrainer())
    _push(dialog.start_button)
    pump_until(lambda: not dialog.is_running() and dialog.summary_ready and dialog.result is not None)
    assert "anyway" in dialog.use_button.text()
    _push(dialog.use_button)
    written = Path(dialog.result.output).resolve()
    assert project_choice(window.project) == str(written)
    line = dialog.status.text()
    assert "\n" not in line
    assert line == (f"Suggestions now come from {written} (from the next pre-annotation); the pipeline used before, "
                    f"{before}, is kept: choose it in Edit → Preferences to go back.")
    assert spacy.load(before).lang == "en"  # untouched, it loads


class ReplacingTrainer(WorseTrainer):
    """A worse run that replaced what its folder held (train's keep_replaced): the old pipeline is
    in OUTPUT.replaced-…"""

    def __call__(self, project, output: Path, **kwargs):  # noqa: ANN001, ANN003, ANN204
        kept = output.with_name(output.name + ".replaced-20261204-120000")
        _blank_pipeline(kept)
        return dataclasses.replace(super().__call__(project, output, **kwargs), replaced_kept=kept)


def test_a_run_that_replaced_a_pipeline_says_where_it_is_kept(reviewed_window, no_modals) -> None:  # noqa: ANN001, F811
    import spacy

    window = reviewed_window
    dialog = _open_dialog(window, ReplacingTrainer())
    _push(dialog.start_button)
    pump_until(lambda: not dialog.is_running() and dialog.summary_ready and dialog.result is not None)
    kept = dialog.result.replaced_kept
    assert f"What it held before is kept in {kept}." in dialog.status.text()
    _push(dialog.use_button)
    written = Path(dialog.result.output).resolve()
    assert dialog.status.text() == (f"Suggestions now come from {written} (from the next pre-annotation); to go back to the "
                                    f"default pipeline, choose it in Edit → Preferences (what {written.name} held before is "
                                    f"kept in {kept}).")
    assert spacy.load(kept).lang == "en"


def test_the_window_s_trainer_asks_train_to_keep_what_it_replaces(monkeypatch) -> None:  # noqa: ANN001
    from annotator.nlp import train as T
    from annotator.ui.train_dialog import default_trainer

    seen: dict = {}
    monkeypatch.setattr(T, "train", lambda *args, **kwargs: seen.update(kwargs))
    default_trainer("project", "out", replace=True)
    assert seen["keep_replaced"] is True
