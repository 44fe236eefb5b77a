"""usertest16 M4, the dialog's side: a run resumed on the data changed since (the analyst kept
annotating, as the dialog says to) says so in the status after the run, as the command line
does, and the note under the fields says what resumes and when it starts over."""

from __future__ import annotations

from pathlib import Path

from annotator.nlp import train as T
from annotator.storage.project import Project
from annotator.ui.train_dialog import RESUME_NOTE
from tests.ui.test_train_dialog import _open_dialog, _push, reviewed_window  # noqa: F401
from tests.ui.test_window_support import make_window, no_modals, pump_until  # noqa: F401

LINE = ("resumed after step 1,200 (entity run) with the data changed since: 3 more reviewed articles, 1 changed; "
        "none of the articles it trained on is held out")


class WarmTrainer:
    def __call__(self, project: Project, output: Path, *, base: str, max_steps: int, in_use, on_progress, cancelled, on_message, replace=False):  # noqa: ANN001, ANN204, ARG002
        on_message(LINE)
        on_progress(T.Progress(1201, 2000, 1.0, None))
        output.mkdir(parents=True, exist_ok=True)
        scores = {"PERSON": {"p": 0.8, "r": 0.8, "f": 0.8}, "ALL": {"p": 0.8, "r": 0.8, "f": 0.8}}
        return T.TrainResult(output, ["PERSON"], 9, 2, 2000, 0.5, 1200, before=scores, after=scores, unmapped_labels=[],
                             complete_articles=9, data_changed_on_resume=True,
                             changes_on_resume={"more": 3, "changed": 1, "no_longer_reviewed": 0, "moved": 0})


def test_the_status_says_the_run_resumed_on_the_changed_data(reviewed_window) -> None:  # noqa: ANN001, F811
    dialog = _open_dialog(reviewed_window, WarmTrainer())
    assert "on the articles as they are then" in dialog.note.text() and dialog.note.text() == RESUME_NOTE
    _push(dialog.start_button)
    pump_until(lambda: not dialog.is_running() and dialog.summary_ready)
    assert dialog.result is not None, dialog.status.text()
    text = dialog.status.text()
    assert text.startswith("Resumed after step 1,200 (entity run) with the data changed since: 3 more reviewed "
                           "articles, 1 changed; none of the articles it trained on is held out."), text
    assert "2,000 steps (resumed after step 1,200, the data changed since)" in text, text
