"""Tools → Train pipeline… (issue 10): keyboard-driven — start, progress, cancel, resume, finish,
use; refusals as a message; the worker's own read connection never blocks the analyst's edits;
Preferences lists the trained pipelines beside the project; a real tiny training run."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from annotator.domain.errors import InputError
from annotator.domain.model import Article, ArticleBundle, ArticleStatus, Span, Status
from annotator.nlp import train as T
from annotator.nlp.pipeline import default_pipeline_name
from annotator.nlp.pipeline_use import project_choice, set_project_choice
from annotator.nlp.train_summary import trained_pipelines, training_summary
from annotator.storage.project import Project
from annotator.ui.preferences import PreferencesDialog
from tests.ui.test_window_keys import press
from tests.ui.test_window_support import make_window, no_modals, pump_until, wait_idle  # noqa: F401

BASE = default_pipeline_name()
NAMES = [("Ana Ruiz", "PERSON"), ("Acme Corp", "ORG"), ("Lisbon", "GPE")]


def _bundles(n: int = 8, status: ArticleStatus = ArticleStatus.DONE) -> list[ArticleBundle]:
    out = []
    for i in range(n):
        name, label = NAMES[i % 3]
        text = f"Yesterday {name} met the board for meeting {i}. Nothing else happened."
        start = text.index(name)
        out.append(ArticleBundle(Article(None, text, title=f"Meeting {i}", status=status),
                                 spans=[Span(f"s{i}", 0, start, start + len(name), label, "entity")]))
    return out


@pytest.fixture
def reviewed_window(make_window, tmp_path: Path):  # noqa: ANN001, ANN201
    """A window on a project of 8 done articles (one accepted entity each) and one new article
    with a pending suggestion."""
    project = Project.open(tmp_path / "news.db")
    project.import_bundles(_bundles())
    project.import_bundles([ArticleBundle(Article(None, "Bo Li visited Paris.", title="Open one"), spans=[
        Span("p", 0, 0, 5, "PERSON", "entity", status=Status.SUGGESTED)])])
    return make_window(project)


class FakeTrainer:
    """Stands in for ``annotator.nlp.train.train``: one step per 10 ms; a cancel saves a
    "checkpoint" (the step reached) that the next run with the same output resumes from. The
    first run reads the project through the connection it was given and waits for ``edited``
    before its first step (while its snapshot is open)."""

    def __init__(self) -> None:
        self.checkpoint: dict[Path, int] = {}
        self.calls: list[dict] = []
        self.edited = threading.Event()
        self.seen_accepted: list[tuple[int, int]] = []
        self.refuse: str = ""

    def __call__(self, project: Project, output: Path, *, base: str, max_steps: int, in_use, on_progress, cancelled, on_message,  # noqa: ANN001, ANN204
                 replace: bool = False):
        self.calls.append({"project": project, "output": output, "base": base, "max_steps": max_steps, "in_use": list(in_use),
                           "replace": replace})
        if self.refuse:
            raise InputError(self.refuse, path=str(output))
        count = "SELECT count(*) FROM spans WHERE status = 'accepted'"
        if len(self.calls) == 1:
            before = project.db.execute(count).fetchone()[0]
            assert self.edited.wait(10), "the analyst's edit never came"
            self.seen_accepted.append((before, project.db.execute(count).fetchone()[0]))  # still the snapshot
        start = self.checkpoint.get(output, 0)
        if start:
            on_message(f"Resuming from the checkpoint after step {start}.")
        for step in range(start + 1, max_steps + 1):
            threading.Event().wait(0.01)
            on_progress(T.Progress(step, max_steps, 10.0 / step, 0.5 if step >= 5 else None))
            if cancelled():
                self.checkpoint[output] = step
                raise T.TrainingCancelled(f"training cancelled after step {step} of {max_steps}; the checkpoint is in "
                                          f"{output}.training/model-last: run the same command again to continue")
        output.mkdir(parents=True, exist_ok=True)
        (output / T.MARKER).write_text(json.dumps({"labels": ["ORG", "PERSON"], "before": {"ALL": {"f": 0.4}},
                                                   "after": {"ALL": {"f": 0.9}}}), encoding="utf-8")
        (output / "config.cfg").write_text("[nlp]\n", encoding="utf-8")
        scores = {"p": 0.5, "r": 0.25, "f": 1 / 3}
        return T.TrainResult(output, ["ORG", "PERSON"], 6, 2, max_steps, 1.5, start,
                             before={"ORG": scores, "PERSON": scores, "ALL": scores},
                             after={"ORG": {"p": 1.0, "r": 1.0, "f": 1.0}, "PERSON": {"p": 1.0, "r": 0.5, "f": 2 / 3},
                                    "ALL": {"p": 1.0, "r": 0.75, "f": 6 / 7}},
                             unmapped_labels=[])


def _key(widget, key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:  # noqa: ANN001
    """A key press where the focus is inside ``widget``'s window (or on ``widget``)."""
    from pytestqt.qtbot import QtBot

    focus = QApplication.focusWidget()
    target = focus if focus is not None and focus.window() is widget.window() else widget
    QtBot.keyClick(target, key, modifiers)
    QApplication.processEvents()


def _push(button) -> None:  # noqa: ANN001
    """Focus a button from the keyboard and press Space (the Alt mnemonics do not fire under the
    offscreen platform's synthetic keys)."""
    button.setFocus()
    _key(button, Qt.Key.Key_Space)


def _open_dialog(window, trainer):  # noqa: ANN001, ANN202
    window.training.trainer = trainer
    if not window.isActiveWindow():
        window.activateWindow()
        assert QTest.qWaitForWindowActive(window, 3000)
    press(window, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = window.training.dialog
    assert dialog is not None and dialog.isVisible()
    deadline = time.monotonic() + 10
    while not dialog.summary_ready and time.monotonic() < deadline:  # counted in a thread of its own
        QTest.qWait(5)
    assert dialog.summary_ready, "the summary was never counted"
    return dialog


def test_summary_warns_when_held_out_articles_are_near_copies(make_window, tmp_path: Path) -> None:  # noqa: ANN001, F811
    """usertest14 F4: twelve articles filled in from one template, trained on and held out, said
    1.00 -> 1.00; the dialog's summary now says before Start that the held-out articles are near
    copies of the trained-on ones (the line `annotator train` prints after the run)."""
    from tests.nlp.test_near_duplicates import template

    project = Project.open(tmp_path / "template.db")
    bundles = []
    for i in range(12):
        text = template(i)
        name_at = text.index(" council member ") + len(" council member ")
        name_end = text.index(" said")
        bundles.append(ArticleBundle(Article(None, text, title=f"T{i}", status=ArticleStatus.DONE),
                                     spans=[Span(f"s{i}", 0, name_at, name_end, "PERSON", "entity")]))
    project.import_bundles(bundles)
    window = make_window(project)
    dialog = _open_dialog(window, FakeTrainer())
    summary = training_summary(project)
    assert summary.near_duplicates == summary.heldout >= 1
    assert "Near-duplicates: " in dialog.summary.text() and "overstate the gain" in dialog.summary.text()


def test_summary_counts_reviewed_articles_labels_and_heldout(reviewed_window) -> None:  # noqa: ANN001
    summary = training_summary(reviewed_window.project)
    assert (summary.complete, summary.partial, summary.labels) == (8, 0, {"GPE": 2, "ORG": 3, "PERSON": 3})
    articles = [reviewed_window.project.article(i) for i in reviewed_window.project.article_ids()[:8]]
    # train's split: near copies go together (the articles of one name differ in a number only)
    split = T.split_articles([a.text_hash for a in articles], [a.text for a in articles])
    assert summary.heldout == len(split.heldout) >= 1 and summary.near_duplicates == split.near_duplicates == 0
    assert summary.nothing_to_train_on() == ""


def test_start_progress_cancel_resume_finish_and_use_by_keyboard(reviewed_window) -> None:  # noqa: ANN001
    window = reviewed_window
    trainer = FakeTrainer()
    dialog = _open_dialog(window, trainer)
    held = training_summary(window.project).heldout
    assert f"Entity recogniser</b>: trains on {8 - held} articles, holds out {held}" in dialog.summary.text()
    assert "PERSON 3" in dialog.summary.text() and "8 marked done or reviewed" in dialog.summary.text()
    assert "resumes" in dialog.note.text()
    dialog.steps.setValue(40)
    output = Path(dialog.output.text())
    assert output == window.project.path.with_name("news-pipeline")  # beside the project
    # opening left the keys on the article (usertest17 N9); the shortcut again goes into the panel
    assert _open_dialog(window, trainer) is dialog and dialog.output.hasFocus() and not dialog.output.hasSelectedText()
    _key(dialog.output, Qt.Key.Key_Return)  # Start is the default button
    assert dialog.is_running()
    # The worker reads through its own read-only connection.
    pump_until(lambda: trainer.calls)
    used = trainer.calls[0]["project"]
    assert used is not window.project and used.read_only
    # Annotating while training: the analyst's accept is committed at once, the trainer's snapshot does not see it.
    open_id = window.project.article_ids()[-1]
    assert window.view.hasFocus()  # Start gave the keys back to the article (the panel says: keep annotating)
    dialog.cancel_button.setFocus()  # (the fields are disabled while it runs)
    _key(dialog, Qt.Key.Key_Escape)  # Esc in the panel closes it, the training goes on
    assert not dialog.isVisible() and dialog.is_running()
    window.activateWindow()
    assert QTest.qWaitForWindowActive(window, 3000)
    window.open_article(open_id)
    window.view.setFocus()
    press(window, Qt.Key.Key_Tab)
    press(window, Qt.Key.Key_A)
    with sqlite3.connect(window.project.path) as con:
        assert con.execute("SELECT status FROM spans WHERE article_id = ?", [open_id]).fetchall() == [("accepted",)]
    trainer.edited.set()
    assert _open_dialog(window, trainer) is dialog  # Ctrl+Shift+M shows the running training again
    pump_until(lambda: dialog.bar.value() >= 3)
    assert trainer.seen_accepted == [(8, 8)]
    assert dialog.status.text().startswith("1 of 2: training entities · Step ") and "loss" in dialog.status.text()  # usertest24 L2
    pump_until(lambda: "left" in dialog.status.text())  # ETA once two steps are in
    _push(dialog.cancel_button)
    pump_until(lambda: not dialog.is_running() and dialog.summary_ready)
    stopped = trainer.checkpoint[output]
    assert 3 <= stopped < 40
    assert "Cancelled" in dialog.status.text() and "resume" in dialog.status.text()
    assert not dialog.use_button.isEnabled() and dialog.start_button.isEnabled()
    # Start again: resumes from the checkpoint and finishes.
    _push(dialog.start_button)
    assert dialog.is_running()
    pump_until(lambda: not dialog.is_running() and dialog.summary_ready, 15)
    assert dialog.result is not None and dialog.result.resumed_from_step == stopped
    assert f"resumed after step {stopped}" in dialog.status.text()
    table = [[dialog.table.item(r, c).text() for c in range(7)] for r in range(dialog.table.rowCount())]
    assert table == [["ORG", "0.50", "0.25", "0.33", "1.00", "1.00", "1.00"],
                     ["PERSON", "0.50", "0.25", "0.33", "1.00", "0.50", "0.67"],
                     ["All entities", "0.50", "0.25", "0.33", "1.00", "0.75", "0.86"]]
    # Use this pipeline for suggestions: the project's Preferences choice becomes the folder (fixut16a).
    _push(dialog.use_button)
    assert project_choice(window.project) == str(output)
    assert window.pipeline is None and "loads at the next pre-annotation" in window.pipeline_label.text()
    # Preferences lists it (beside the project), chosen.
    prefs = PreferencesDialog(window.settings, window, project_folder=window.project.path.parent, project=window.project)
    assert prefs.pipeline.currentText().startswith("Trained: news-pipeline · ")
    # the fake run trained ORG and PERSON only: marked as unable to suggest the project's GPE (usertest24 M5)
    assert "F1 0.40 → 0.90 · labels ORG, PERSON — this project uses PERSON, ORG, GPE: 1 of the project's labels it cannot suggest (GPE)" in prefs.pipeline.currentText()
    assert prefs.chosen_pipeline() == str(output.resolve())
    # Training into the folder in use is refused by train (the dialog passes it as in use).
    dialog.close()
    assert _open_dialog(window, trainer) is dialog
    _push(dialog.start_button)
    pump_until(lambda: len(trainer.calls) == 3)
    assert output.resolve() in [u.path for u in trainer.calls[2]["in_use"]]
    pump_until(lambda: not dialog.is_running() and dialog.summary_ready)


def test_refusal_is_one_line_in_the_dialog_never_a_traceback(reviewed_window, no_modals) -> None:  # noqa: ANN001
    trainer = FakeTrainer()
    trainer.refuse = "is a non-empty folder that is not an earlier `annotator train` output; give a new or empty --output folder, or add --force to replace its contents"
    trainer.edited.set()
    dialog = _open_dialog(reviewed_window, trainer)
    _push(dialog.start_button)
    pump_until(lambda: trainer.calls and not dialog.is_running() and dialog.summary_ready)
    text = dialog.refusal.text()
    assert text.startswith("Not trained: ") and "not an earlier `annotator train` output" in text
    assert "Traceback" not in text and "--force" not in text and "\n" not in text
    assert not dialog.use_button.isEnabled() and dialog.start_button.isEnabled()
    assert no_modals == []


def test_nothing_to_train_on_is_explained_and_start_is_off(make_window) -> None:  # noqa: ANN001
    window = make_window()  # suggestions only, nothing reviewed
    dialog = _open_dialog(window, FakeTrainer())
    assert "Nothing to train on yet" in dialog.summary.text()
    assert not dialog.start_button.isEnabled()


def test_closing_the_window_cancels_training_and_keeps_the_checkpoint(reviewed_window) -> None:  # noqa: ANN001
    trainer = FakeTrainer()
    trainer.edited.set()
    dialog = _open_dialog(reviewed_window, trainer)
    dialog.steps.setValue(100_000)
    _push(dialog.start_button)
    pump_until(lambda: dialog.bar.value() >= 2)
    thread = dialog.worker
    assert thread in reviewed_window._retired  # shutdown waits for it
    reviewed_window.close()
    assert thread.wait(5000)
    assert trainer.checkpoint[Path(dialog.output.text())] < 100_000


def test_preferences_lists_trained_pipelines_beside_the_project(make_window, tmp_path: Path) -> None:  # noqa: ANN001
    window = make_window()
    folder = window.project.path.parent
    for name, after in (("old-pipeline", 0.7), ("news-pipeline", 0.8)):
        out = folder / name
        out.mkdir()
        (out / T.MARKER).write_text(json.dumps({"labels": ["PERSON"], "before": {"ALL": {"f": 0.5}}, "after": {"ALL": {"f": after}}}))
    (folder / "not-a-pipeline").mkdir()
    found = trained_pipelines(folder)
    assert {t.path.name for t in found} == {"old-pipeline", "news-pipeline"}
    dialog = PreferencesDialog(window.settings, window, project_folder=folder, project=window.project)
    items = [dialog.pipeline.itemText(i) for i in range(dialog.pipeline.count())]
    trained = [t for t in items if t.startswith("Trained: ")]
    assert len(trained) == 2 and any("news-pipeline" in t and "F1 0.50 → 0.80" in t for t in trained)
    assert items[-1] == "Other folder…"  # installed, rules only, trained, other folder
    index = next(i for i, t in enumerate(items) if "news-pipeline" in t)
    dialog.pipeline.setCurrentIndex(index)
    dialog.pipeline.activated.emit(index)
    dialog.accept()
    assert project_choice(window.project) == str((folder / "news-pipeline").resolve())


@pytest.mark.skipif(BASE is None, reason="no trained spaCy pipeline installed")
def test_a_real_tiny_training_run_from_the_dialog(make_window, tmp_path: Path) -> None:  # noqa: ANN001
    project = Project.open(tmp_path / "tiny.db")
    project.import_bundles(_bundles(6))
    new, _ = project.add_article(Article(None, "Yesterday Ana Ruiz met Acme Corp in Lisbon.", title="New"))
    window = make_window(project, loader=None, suggester=None)  # the real pipeline chosen in Preferences
    dialog = _open_dialog(window, None)
    dialog.steps.setValue(3)
    _push(dialog.start_button)
    pump_until(lambda: not dialog.is_running() and dialog.summary_ready, 120)
    assert dialog.result is not None, dialog.status.text()
    output = Path(dialog.output.text())
    assert (output / T.MARKER).is_file() and (output / "config.cfg").is_file()
    assert dialog.table.rowCount() == len(dialog.result.labels) + 1
    _push(dialog.use_button)
    assert project_choice(window.project) == str(output)
    # Pre-annotation in the window loads the chosen folder.
    dialog.hide()
    assert window.start_preannotation([new.id])
    wait_idle(window, 60)
    assert window.pipeline_label.text().startswith("en_annotator_trained "), window.pipeline_label.text()
    assert window.project.spans(new.id)  # suggestions from the trained pipeline and the rules


def test_use_stores_an_absolute_path_and_preferences_lists_the_folder_once(make_window, tmp_path: Path,  # noqa: ANN001
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 10 item 3: a project opened by a relative path ("win.db"); Use this pipeline stored
    "win-pipeline", which did not load from another folder and Preferences listed twice."""
    from annotator.nlp.pipeline_use import cli_choice
    from annotator.ui.train_dialog import TrainDialog

    folder = tmp_path / "ut10"
    folder.mkdir()
    monkeypatch.chdir(folder)
    project = Project.open(Path("win.db"))
    project.import_bundles(_bundles())
    window = make_window(project)
    out = folder / "win-pipeline"
    out.mkdir()
    (out / T.MARKER).write_text(json.dumps({"labels": ["PERSON"], "before": {"ALL": {"f": 0.5}}, "after": {"ALL": {"f": 0.8}}}))
    dialog = TrainDialog(window.project, window.settings, on_use=lambda _f: None, parent=window)
    # absolute; not win-pipeline, which holds a finished pipeline Start would refuse (fix10c)
    assert Path(dialog.output.text()) == folder.resolve() / "win-pipeline-2"
    dialog.result = T.TrainResult(Path("win-pipeline"), ["PERSON"], 6, 2, 1, 0.1, 0, {}, {}, [])
    dialog.use()
    assert window.project.get_setting("pipeline") == str(out.resolve())  # in the project file (fixut16a)
    assert cli_choice(None, window.project)[0] == str(out.resolve())  # what the command line reads
    # An old relative choice (stored before issue 10) reads relative to the project's folder,
    # and Preferences lists that folder once, chosen.
    window.project.set_setting("pipeline", "win-pipeline")
    monkeypatch.chdir(tmp_path)
    assert project_choice(window.project) == str(out.resolve())
    prefs = PreferencesDialog(window.settings, window, project_folder=Path("ut10"), project=window.project)
    items = [prefs.pipeline.itemText(i) for i in range(prefs.pipeline.count())]
    assert sum("win-pipeline" in t for t in items) == 1, items
    assert prefs.pipeline.currentText().startswith("Trained: win-pipeline")
    prefs.accept()
    assert window.project.get_setting("pipeline") == str(out.resolve())  # stored absolute again


class WorseTrainer:
    """A run whose checkpoint was discarded and whose pipeline is worse than before, with an
    attribution run (the rows the command line prints)."""

    def __call__(self, project: Project, output: Path, *, base: str, max_steps: int, in_use, on_progress, cancelled, on_message, replace=False):  # noqa: ANN001, ANN204, ARG002
        on_message("checkpoint discarded (entity run): the project's training data changed since step 7; "
                   "training starts again from step 0")
        on_progress(T.Progress(1, 1, 1.0, None))
        output.mkdir(parents=True, exist_ok=True)
        run = T.AttributionRun(6, 2, 1, 0, 0.5,
                               before={"labels": {"CONTENT": {"p": 0.5, "r": 0.5, "f": 0.5}},
                                       "attribution": {"p": 0.6, "r": 0.6, "f": 0.6, "direct_f": 0.88, "speaker": 0.9}},
                               after={"labels": {"CONTENT": {"p": 0.5, "r": 0.5, "f": 0.5}},
                                      "attribution": {"p": 0.6, "r": 0.6, "f": 0.6, "direct_f": 0.91, "speaker": 0.93}},
                               complete_articles=8)
        return T.TrainResult(output, ["PERSON"], 6, 2, 1, 0.5, 0, before={"PERSON": {"p": 0.8, "r": 0.8, "f": 0.8}, "ALL": {"p": 0.8, "r": 0.8, "f": 0.8}},
                             after={"PERSON": {"p": 0.5, "r": 0.5, "f": 0.5}, "ALL": {"p": 0.5, "r": 0.5, "f": 0.5}},
                             unmapped_labels=[], attribution=run, complete_articles=8)


def test_worse_pipeline_is_warned_and_not_the_default_action(reviewed_window) -> None:  # noqa: ANN001
    """Issue 10 items 6, 7, 9: the discarded checkpoint is said; a worse pipeline shows the warning
    and "Use" is not the default (Enter) action; the table has the direct-F1 and speaker rows."""
    dialog = _open_dialog(reviewed_window, WorseTrainer())
    _push(dialog.start_button)
    pump_until(lambda: not dialog.is_running() and dialog.summary_ready)
    assert dialog.result is not None, dialog.status.text()
    assert dialog.status.text().startswith("Checkpoint discarded (entity run): the project's training data changed since step 7")
    assert not dialog.warning.isHidden() and "PERSON F1 fell" in dialog.warning.text() and "0.80 -&gt; 0.50" in dialog.warning.text()
    assert dialog.use_button.isEnabled() and not dialog.use_button.isDefault()
    assert "anyway" in dialog.use_button.text()
    titles = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
    assert titles[-2:] == ["Direct (F1)", "Speaker right"]
    last = [dialog.table.item(dialog.table.rowCount() - 1, c).text() for c in range(7)]
    assert last == ["Speaker right", "", "", "0.90", "", "", "0.93"]


def test_the_in_use_refusal_prints_no_traceback(reviewed_window, capfd) -> None:  # noqa: ANN001
    trainer = FakeTrainer()
    trainer.refuse = "is (or holds) the pipeline in use (/x: the pipeline chosen in Preferences); training would replace it"
    trainer.edited.set()
    dialog = _open_dialog(reviewed_window, trainer)
    _push(dialog.start_button)
    pump_until(lambda: trainer.calls and not dialog.is_running() and dialog.summary_ready)
    assert dialog.refusal.text().startswith("Not trained: ") and "pipeline in use" in dialog.refusal.text()
    assert "Traceback" not in capfd.readouterr().err


class CheckingTrainer(FakeTrainer):
    """The fake, behind the real output rule (:func:`annotator.nlp.train.check_output`)."""

    def __call__(self, project, output, *, in_use, replace=False, **kwargs):  # noqa: ANN001, ANN003, ANN204
        T.check_output(output, force=False, in_use=in_use, replace=replace, project_path=project.path)
        return super().__call__(project, output, in_use=in_use, replace=replace, **kwargs)


def test_after_use_the_dialog_proposes_another_folder_and_a_finished_one_needs_replace(reviewed_window) -> None:  # noqa: ANN001
    """fix10c items 1 and 4: after "Use this pipeline" the dialog proposed that same folder as its
    output, and Start failed at once; a folder holding a finished pipeline is replaced only when
    the analyst ticks Replace (the rule of `annotator train --replace`)."""
    trainer = CheckingTrainer()
    trainer.edited.set()
    dialog = _open_dialog(reviewed_window, trainer)
    dialog.steps.setValue(3)
    first = Path(dialog.output.text())
    assert first == reviewed_window.project.path.with_name("news-pipeline")
    _push(dialog.start_button)
    pump_until(lambda: not dialog.is_running() and dialog.summary_ready, 15)
    assert dialog.result is not None
    _push(dialog.use_button)
    proposed = Path(dialog.output.text())
    assert proposed == reviewed_window.project.path.with_name("news-pipeline-2")  # not the folder now in use
    _push(dialog.start_button)
    pump_until(lambda: not dialog.is_running() and dialog.summary_ready, 15)
    assert dialog.result is not None and dialog.result.output == proposed, dialog.status.text()
    # the first folder again: it holds a finished pipeline (and is the Preferences one): refused
    dialog.output.setText(str(proposed))
    _push(dialog.start_button)
    pump_until(lambda: not dialog.is_running() and dialog.summary_ready, 15)
    assert dialog.refusal.text() == (
        f"Not trained: {proposed}: holds {T.finished_pipeline(proposed)}; training would replace it: give another "
        "output folder, or tick “Replace the trained pipeline in this folder”")
    dialog.replace.setChecked(True)
    _push(dialog.start_button)
    pump_until(lambda: not dialog.is_running() and dialog.summary_ready, 15)
    assert dialog.result is not None and trainer.calls[-1]["replace"] is True, dialog.status.text()


def test_preferences_lists_a_pipeline_reached_through_a_symbolic_link_once(make_window, tmp_path: Path) -> None:  # noqa: ANN001
    """fix10c item 3: Preferences listed the same pipeline twice, once by its folder and once by a
    symbolic link to it beside the project."""
    project = Project.open(tmp_path / "news.db")
    project.import_bundles(_bundles())
    window = make_window(project)
    real = tmp_path / "co_model"
    real.mkdir()
    (real / T.MARKER).write_text(json.dumps({"labels": ["PERSON"], "before": {"ALL": {"f": 0.5}}, "after": {"ALL": {"f": 0.8}}}))
    (tmp_path / "co_link").symlink_to(real, target_is_directory=True)
    assert [t.path for t in trained_pipelines(tmp_path)] == [real.resolve()]
    set_project_choice(window.project, str(tmp_path / "co_link"))
    prefs = PreferencesDialog(window.settings, window, project_folder=tmp_path, project=window.project)
    items = [prefs.pipeline.itemText(i) for i in range(prefs.pipeline.count())]
    assert sum("co_model" in t or "co_link" in t for t in items) == 1, items
    assert prefs.pipeline.currentText().startswith("Trained: co_model")


def test_time_left_uses_the_measured_rate_of_the_last_steps_and_resume_reads_as_the_cli(reviewed_window, monkeypatch) -> None:  # noqa: ANN001
    """fix10c item 6: the time left came from the rate since the first step (slow: loading, the first
    evaluation), and the finished summary said ", resumed after step N" where the CLI says
    "(resumed after step N)"."""
    from annotator.ui import train_dialog as TD

    dialog = _open_dialog(reviewed_window, FakeTrainer())
    clock = [1000.0]
    monkeypatch.setattr(TD.time, "monotonic", lambda: clock[0])
    for step in range(1, 31):  # 3 slow steps of 10 s, then 1 s a step
        clock[0] += 10.0 if step <= 3 else 1.0
        dialog._on_progress(step, 100, "Entity recogniser · loss 1.0")  # noqa: SLF001
    # 70 steps of 1 s; the phase named first (usertest24 L2)
    assert dialog.status.text() == "1 of 3: training entities · Step 30 of 100 · Entity recogniser · loss 1.0 · about 1 min left for training entities"
    clock[0] += 1.0
    dialog._on_progress(1, 50, "Attribution component · loss 2.0")  # noqa: SLF001 - a new run: no rate yet
    assert dialog.status.text() == "2 of 3: training attributions · Step 1 of 50 · Attribution component · loss 2.0"
    result = T.TrainResult(Path("/tmp/x"), ["PERSON"], 6, 2, 40, 12.0, 17, {}, {}, [])
    result.attribution = T.AttributionRun(5, 1, 30, 12, 3.0, {"labels": {}, "attribution": {}}, {"labels": {}, "attribution": {}})
    dialog.worker = None
    dialog._on_done(result)  # noqa: SLF001
    text = dialog.status.text()
    assert "Trained PERSON on 6 articles, 40 steps (resumed after step 17), in 12 s;" in text
    assert "Trained the attribution component on 5 articles, 30 steps (resumed after step 12), in 3 s;" in text


def test_the_summary_is_counted_off_the_ui_thread(reviewed_window, monkeypatch) -> None:  # noqa: ANN001
    """The held-out split reads every reviewed text (near copies kept together): ~4 s of CPU at
    10,000 reviewed articles, counted on the UI thread when the dialog opened. Now a thread of its
    own counts it; the window takes keys meanwhile, Start waits for the count, and a refresh
    asked while one counts is counted again."""
    from annotator.ui import train_dialog

    real, gate, counted = train_dialog._read_summary, threading.Event(), []  # noqa: SLF001

    def slow(path: Path):  # noqa: ANN202
        gate.wait(10)
        counted.append(threading.current_thread().name)
        return real(path)

    monkeypatch.setattr(train_dialog, "_read_summary", slow)
    window = reviewed_window
    window.training.trainer = FakeTrainer()
    started = time.monotonic()
    press(window, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = window.training.dialog
    assert time.monotonic() - started < 2 and dialog.isVisible()  # on the UI thread it waited for the gate: 10 s
    assert dialog.summary.text() == "Counting the reviewed articles…" and not dialog.start_button.isEnabled()
    dialog.refresh_summary()  # e.g. the analyst reviewed another article meanwhile
    gate.set()
    pump_until(lambda: dialog.summary_ready, 10)
    assert counted == ["annotator-train-summary", "annotator-train-summary"]  # the second count for the refresh
    assert "Entity recogniser</b>: trains on" in dialog.summary.text() and dialog.start_button.isEnabled()
