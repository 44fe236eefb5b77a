"""usertest24 in the Train panel: one progress bar over the whole job, each phase a share and named
("1 of 3: training entities"), so it never shows 100 % before the scoring (L2); the table's support column
(L5); what a worse pipeline adds, above "Use this pipeline anyway" and on it (M1)."""

from __future__ import annotations

from pathlib import Path

from annotator.nlp import train as T
from annotator.ui import train_dialog as TD
from tests.ui.test_train_dialog import FakeTrainer, _open_dialog, reviewed_window  # noqa: F401
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401


def test_the_bar_covers_every_phase_and_names_it(reviewed_window) -> None:  # noqa: ANN001
    dialog = _open_dialog(reviewed_window, FakeTrainer())
    dialog._phases, dialog._phase = TD.run_phases(None), -1  # noqa: SLF001 - as start() sets them
    assert dialog._phases == ["training entities", "training attributions", "scoring on the held-out articles"]  # noqa: SLF001
    dialog._on_progress(100, 100, "Entity recogniser · loss 1.0")  # noqa: SLF001 - the entity run's last step
    assert dialog.bar.value() * 3 == dialog.bar.maximum()  # a third, not 100 %
    assert dialog.status.text().startswith("1 of 3: training entities · Step 100 of 100 · Entity recogniser")
    dialog._on_progress(50, 100, "Attribution component · loss 2.0")  # noqa: SLF001
    assert dialog.bar.value() * 2 == dialog.bar.maximum()
    assert dialog.status.text().startswith("2 of 3: training attributions · Step 50 of 100")
    dialog._on_progress(100, 100, "Attribution component · loss 2.0")  # noqa: SLF001
    dialog._on_progress(0, 0, "Learning the cue lexicon from 35 training articles")  # noqa: SLF001
    assert dialog.bar.value() < dialog.bar.maximum()
    assert dialog.status.text() == "3 of 3: scoring on the held-out articles · Learning the cue lexicon from 35 training articles"


def test_an_entity_only_project_has_two_phases() -> None:
    class Summary:
        trains_entities, trains_attributions = True, False

    assert TD.run_phases(Summary()) == ["training entities", "scoring on the held-out articles"]


def test_support_column_and_what_a_worse_pipeline_adds(reviewed_window) -> None:  # noqa: ANN001
    dialog = _open_dialog(reviewed_window, FakeTrainer())
    labels = {k: {"p": 0.5, "r": 0.5, "f": 0.5, "n": n} for k, n in (("CONTENT", 40), ("SOURCE", 30), ("CUE", 35), ("ALL", 105))}
    run = T.AttributionRun(35, 5, 200, 0, 97.0,
                           {"labels": labels, "attribution": {"p": 0.83, "r": 0.5, "f": 0.63, "direct_f": 0.9, "speaker": 0.96,
                                                              "matched": 81, "gold": 159, "predicted": 98, "added": 0}},
                           {"labels": labels, "attribution": {"p": 0.76, "r": 0.6, "f": 0.66, "direct_f": 0.9, "speaker": 0.89,
                                                              "matched": 94, "gold": 159, "predicted": 124, "added": 26}})
    scores = {"p": 1.0, "r": 1.0, "f": 1.0}
    result = T.TrainResult(Path("/tmp/x"), ["EVENT", "PERSON"], 35, 5, 200, 9.0, 0,
                           {"EVENT": scores, "PERSON": scores, "ALL": scores},
                           {"EVENT": {"p": 0.0, "r": 0.0, "f": 0.0}, "PERSON": scores, "ALL": scores}, [],
                           attribution=run, support={"EVENT": 1, "PERSON": 60, "ALL": 61})
    dialog.worker = None
    dialog._on_done(result)  # noqa: SLF001
    table = dialog.table
    assert table.horizontalHeaderItem(7).text() == "\nn"
    rows = {table.item(r, 0).text(): table.item(r, 7).text() for r in range(table.rowCount())}
    assert rows["EVENT"] == "1" and rows["All entities"] == "61" and rows["Attributions"] == "159"
    added = "On the 5 held-out articles the trained pipeline adds 26 quotes the rules did not find: precision 0.83 → 0.76"
    assert added in dialog.warning.text() and added in dialog.use_button.toolTip()
    assert "worse than before" in dialog.use_button.text()
