"""usertest16 M2, M5, M8 in the Train dialog: Replace is unticked after every run, a refused
Start keeps the last results in view, the "anyway" label does not stay on the Use button during
the next run; the summary says a component left out and an unmapped label before Start."""

from __future__ import annotations

from pathlib import Path

from annotator.domain.model import Article, ArticleBundle, ArticleStatus, Span
from annotator.nlp import train as T
from annotator.storage.project import Project
from annotator.ui.train_dialog import USE, USE_ANYWAY, USE_UNTRUSTED
from tests.ui.test_train_dialog import CheckingTrainer, WorseTrainer, _open_dialog, _push, reviewed_window  # noqa: F401
from tests.ui.test_window_support import make_window, no_modals, pump_until  # noqa: F401


class Gate(WorseTrainer):
    """The worse run (its Use button says "anyway"), that records the Use button's label and
    state at its first step."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, bool]] = []
        self.dialog = None

    def __call__(self, project, output, *, on_progress, **kwargs):  # noqa: ANN001, ANN003, ANN204
        def progress(p):  # noqa: ANN001, ANN202
            on_progress(p)
            if self.dialog is not None:
                self.seen.append((self.dialog.use_button.text(), self.dialog.use_button.isEnabled()))
        return super().__call__(project, output, on_progress=progress, **kwargs)


def test_replace_is_unticked_after_a_run_and_a_refusal_keeps_the_results(reviewed_window) -> None:  # noqa: ANN001
    trainer = CheckingTrainer()
    trainer.edited.set()
    dialog = _open_dialog(reviewed_window, trainer)
    dialog.steps.setValue(3)
    out = Path(dialog.output.text())
    dialog.replace.setChecked(True)
    _push(dialog.start_button)
    pump_until(lambda: not dialog.is_running() and dialog.summary_ready, 15)
    assert dialog.result is not None and dialog.result.output == out
    assert not dialog.replace.isChecked()  # Start again would have replaced it silently
    rows = dialog.table.rowCount()
    # Start again on the same folder: refused (it holds the pipeline just written), results kept
    _push(dialog.start_button)
    pump_until(lambda: not dialog.is_running() and dialog.summary_ready, 15)
    assert dialog.refusal.text().startswith(f"Not trained: {out}: holds "), dialog.refusal.text()
    assert dialog.table.isVisible() and dialog.table.rowCount() == rows
    # the run's own Use button back (its fake result holds out too few articles to tell: the 'anyway' label, fixut17c)
    assert dialog.result is not None and dialog.use_button.isEnabled() and dialog.use_button.text() in (USE, USE_UNTRUSTED)


def test_the_anyway_label_is_not_left_on_the_button_during_the_next_run(reviewed_window) -> None:  # noqa: ANN001
    trainer = Gate()
    dialog = _open_dialog(reviewed_window, trainer)
    _push(dialog.start_button)
    pump_until(lambda: not dialog.is_running() and dialog.summary_ready)
    assert dialog.use_button.text() == USE_ANYWAY
    trainer.dialog = dialog
    dialog.output.setText(str(reviewed_window.project.path.with_name("again")))
    _push(dialog.start_button)
    pump_until(lambda: not dialog.is_running() and dialog.summary_ready)
    assert trainer.seen and trainer.seen[0] == (USE, False)


def test_the_summary_says_the_component_left_out_and_the_unmapped_label(make_window, tmp_path: Path) -> None:  # noqa: ANN001, F811
    project = Project.open(tmp_path / "m.db")
    import dataclasses  # nothing maps to MISC here: the default schema's map has it as a target, suggested as itself

    project.set_schema(dataclasses.replace(project.schema, ner_map={k: v for k, v in project.schema.ner_map.items() if v != "MISC"}))
    bundles = []
    for i in range(6):
        text = f"Yesterday Ana Ruiz met the board for meeting {i}. Nothing else happened."
        bundles.append(ArticleBundle(Article(None, text, status=ArticleStatus.DONE),
                                     spans=[Span(f"s{i}", 0, 10, 18, "MISC", "entity")]))
    project.import_bundles(bundles)
    from tests.nlp.test_attribution import _bundle

    project.import_bundles([_bundle()])
    window = make_window(project)
    dialog = _open_dialog(window, CheckingTrainer())
    text = dialog.summary.text()
    assert "not trained (accepted quotes in 1 reviewed article; needs 2, one is held out)." in text
    assert "does not map MISC to itself" in text
    assert dialog.start_button.isEnabled()
    assert T.unmapped_note(["MISC"]).startswith("The project's ner_map does not map MISC")
