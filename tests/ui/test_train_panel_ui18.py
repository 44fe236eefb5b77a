"""usertest17 N11, L-e, L-f, L-g: the Train panel's base choice, the window's checkpoints, quitting
while training runs, and the pipeline named after File → Open (branch ui18). Made-up texts."""

from __future__ import annotations

from pathlib import Path

import pytest

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from annotator.nlp import train as T
from annotator.ui import train_dialog
from tests.ui.test_train_dialog import FakeTrainer, _open_dialog, _push, reviewed_window  # noqa: F401
from tests.ui.test_window_support import make_window, no_modals, pump_until, wait_idle  # noqa: F401


def test_the_windows_trainer_checkpoints_between_evaluations(monkeypatch: pytest.MonkeyPatch) -> None:
    """L-f: the window ran train with the command line's checkpoints, one per 200-step evaluation."""
    seen: dict = {}
    monkeypatch.setattr(T, "train", lambda *a, **k: seen.update(k))
    train_dialog.default_trainer("project", Path("out"), base="b", max_steps=300)
    assert seen["checkpoints"] == T.WINDOW_CHECKPOINTS



def _running(window, monkeypatch: pytest.MonkeyPatch):  # noqa: ANN001, ANN202
    """The panel open on a run of 100,000 steps (10 ms each) that has made a few."""
    trainer = FakeTrainer()
    trainer.edited.set()  # no edit awaited before the first step
    dialog = _open_dialog(window, trainer)
    dialog.steps.setValue(100_000)
    _push(dialog.start_button)
    pump_until(lambda: dialog.at_step[0] >= 3, 10)
    return dialog


def _answer(monkeypatch: pytest.MonkeyPatch, button, asked: list[str]) -> None:  # noqa: ANN001
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda _p, title, text, *a: (asked.append(text), button)[1]))


def test_ctrl_q_in_the_panel_while_training_asks_and_no_keeps_it_running(reviewed_window, monkeypatch) -> None:  # noqa: ANN001, F811
    """L-g: Ctrl+Q (the panel holding the keys) stopped the run without a word; now it asks, with
    the step reached, and No keeps the window and the run."""
    window = reviewed_window
    dialog = _running(window, monkeypatch)
    asked: list[str] = []
    _answer(monkeypatch, QMessageBox.StandardButton.No, asked)
    dialog.cancel_button.setFocus()  # the keys in the panel
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    QApplication.processEvents()
    assert len(asked) == 1 and "stop it? A checkpoint is saved as it stops: Train resumes it" in asked[0], asked
    assert asked[0].startswith("Training is at step ") and " of 100,000 on news.db" in asked[0]
    assert window.isVisible() and dialog.is_running() and dialog.cancel_button.isEnabled()
    assert QApplication.focusWidget() is dialog.cancel_button  # the keys where they were: Ctrl+Q again asks again
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert len(asked) == 2 and window.isVisible()
    _answer(monkeypatch, QMessageBox.StandardButton.Yes, asked)
    window.close()  # the window's ×: the same question; Yes stops the run (its checkpoint kept)
    assert len(asked) == 3 and not window.isVisible()
    pump_until(lambda: not dialog.is_running(), 10)
    assert window.training.trainer.checkpoint  # FakeTrainer saved the step it stopped at


def _trained_folder(project, name: str = "news-pipeline") -> Path:  # noqa: ANN001
    """A finished `annotator train` output beside the project, made the project's Preferences pipeline."""
    import json

    from annotator.nlp.pipeline_use import set_project_choice

    folder = project.path.resolve().parent / name
    folder.mkdir()
    (folder / T.MARKER).write_text(json.dumps({"labels": ["PERSON"], "project": str(project.path.resolve()),
                                               "before": {"ALL": {"f": 0.4}}, "after": {"ALL": {"f": 0.7}}}), encoding="utf-8")
    (folder / "config.cfg").write_text("[nlp]\n", encoding="utf-8")
    set_project_choice(project, str(folder))
    return folder.resolve()


def test_the_panel_continues_from_the_projects_trained_pipeline_and_remembers_it(reviewed_window, no_modals) -> None:  # noqa: ANN001, F811
    """N11: the panel always said "Fine-tuned from en_core_web_sm…" and had no base choice (the
    command line's --base); the project's own trained pipeline could not be continued from."""
    window = reviewed_window
    folder = _trained_folder(window.project)
    trainer = FakeTrainer()
    trainer.edited.set()
    dialog = _open_dialog(window, trainer)
    box = dialog.base_box
    assert box.currentData() == train_dialog.BASE_DEFAULT  # as before until chosen
    assert "Fine-tuned from " in dialog.summary.text() and "news-pipeline" not in dialog.summary.text()
    box.setCurrentIndex(box.findData(train_dialog.BASE_PROJECT))
    assert "Fine-tuned from news-pipeline, this project's pipeline" in dialog.summary.text()
    dialog.steps.setValue(3)
    _push(dialog.start_button)
    pump_until(lambda: not dialog.is_running(), 10)
    assert trainer.calls[-1]["base"] == str(folder)
    # remembered: the project's next panel (another window, the same file) starts from it again
    dialog2 = train_dialog.TrainDialog(window.project, window.settings, on_use=lambda _f: None, trainer=trainer)
    assert dialog2.base_box.currentData() == train_dialog.BASE_PROJECT
    assert dialog2.chosen_base() == str(folder)
    dialog2.base_box.setCurrentIndex(0)  # back to the installed default, remembered too
    dialog3 = train_dialog.TrainDialog(window.project, window.settings, on_use=lambda _f: None, trainer=trainer)
    assert dialog3.base_box.currentData() == train_dialog.BASE_DEFAULT
    assert dialog3.chosen_base() == train_dialog.default_base()
    for d in (dialog2, dialog3):
        d.deleteLater()


def test_without_a_trained_pipeline_the_project_choice_is_off_and_says_why(reviewed_window, no_modals) -> None:  # noqa: ANN001, F811
    window = reviewed_window
    window.settings.set_value(train_dialog.base_key(window.project.path), train_dialog.BASE_PROJECT)  # chosen once, then the folder went
    dialog = _open_dialog(window, FakeTrainer())
    box = dialog.base_box
    assert box.count() == 2 and not box.model().item(1).isEnabled()
    assert "none trained" in box.itemText(1)
    assert box.currentData() == train_dialog.BASE_DEFAULT


def test_open_of_a_preannotated_project_names_its_pipeline(make_window, tmp_path, monkeypatch) -> None:  # noqa: ANN001, F811
    """L-e: after File → Open of a project already pre-annotated the status bar named no pipeline
    (a fresh project's pre-annotation named it when it loaded)."""
    from annotator.nlp import pipeline
    from tests.ui.test_window_support import make_project

    monkeypatch.setattr(pipeline, "default_pipeline_name", lambda: "en_core_web_sm")
    monkeypatch.setattr(pipeline, "_package_version", lambda _name: "3.8.0")
    window = make_window()
    other = tmp_path / "done.db"
    make_project(other, suggest=True).close()  # suggestions stored: nothing to pre-annotate
    assert window.switch_project(other)
    QApplication.processEvents()
    wait_idle(window)
    assert window.worker is None
    assert window.pipeline_label.text() == "en_core_web_sm 3.8.0"
    monkeypatch.setattr(pipeline, "default_pipeline_name", lambda: None)  # none installed: what loading gives
    assert window.switch_project(tmp_path / "done.db")
    wait_idle(window)
    assert window.pipeline_label.text() == "Rules only (no trained pipeline)"


class _MappedTrainer(FakeTrainer):
    def __call__(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN204
        result = super().__call__(*args, **kwargs)
        result.before_map = {"ORG": "ORG", "PERSON": "PERSON", "FAC": "ORG", "GPE": "GPE"}
        return result


def test_the_results_say_how_before_read_the_base_labels(reviewed_window, no_modals) -> None:  # noqa: ANN001, F811
    """L-d: the table's "before" said nothing of the label map it was read through."""
    window = reviewed_window
    trainer = _MappedTrainer()
    trainer.edited.set()
    dialog = _open_dialog(window, trainer)
    dialog.steps.setValue(3)
    _push(dialog.start_button)
    pump_until(lambda: not dialog.is_running() and dialog.result is not None, 10)
    assert dialog.before_note.isVisible()
    assert dialog.before_note.text() == ("Before: the base's labels mapped as pre-annotation maps them (the project's "
                                         "ner_map: FAC→ORG); its GPE suggestions (labels not trained here) are left out.")
