"""usertest29 L4/L5 in the window. L4: after a training run in the window, "most uncertain first"
still scores with the project's pipeline until "Use this pipeline" is pressed, which nothing said;
and its status line said "3 scored now, the others from the cache" when all were scored now. L5: the
Train panel's progress read "1 of 2: attributions" when only the attribution component trains and
the second phase is the scoring: the phases are now named as they are."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from annotator.ui import train_dialog as TD
from annotator.ui import active_order as AO
from tests.ui.test_active_order import _toggle, stub_scorer_for
from tests.ui.test_train_dialog import FakeTrainer, _open_dialog, reviewed_window  # noqa: F401
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401


def test_scored_counts_words() -> None:
    assert AO.scored_counts(20, 20) == "all 20 scored now"
    assert AO.scored_counts(1, 1) == "1 scored now"
    assert AO.scored_counts(20, 0) == "all 20 from the cache"
    assert AO.scored_counts(20, 5) == "5 scored now, 15 from the cache"


def test_status_counts_right_when_every_article_was_scored_now(make_window) -> None:  # noqa: ANN001
    window = make_window()
    window.active_order.scorer_for = stub_scorer_for([])
    _toggle(window)
    note = window.active_order.last_note
    assert "all 3 scored now" in note and "the others from the cache" not in note
    assert "scored with fake 1.0" in note


def test_order_says_a_pipeline_just_trained_is_not_used_yet(make_window, tmp_path: Path) -> None:  # noqa: ANN001
    window = make_window()
    window.active_order.scorer_for = stub_scorer_for([])
    window.active_order._trained_unused = lambda: tmp_path / "pipe1"  # noqa: SLF001 - as the Train panel reports it
    _toggle(window)
    assert "not by the pipeline just trained (pipe1)" in window.active_order.last_note
    assert "Use this pipeline" in window.article_list.order_note.text()
    assert "scored with fake 1.0" in window.article_list.order_note.text()


def test_training_controller_reports_the_unused_pipeline(reviewed_window) -> None:  # noqa: ANN001
    window = reviewed_window
    dialog = _open_dialog(window, FakeTrainer())
    assert window.training.trained_unused() is None
    dialog.result = SimpleNamespace(output="/somewhere/pipe1")
    dialog.use_button.setEnabled(True)
    assert window.training.trained_unused() == Path("/somewhere/pipe1")
    dialog.use_button.setEnabled(False)  # "Use this pipeline" pressed
    assert window.training.trained_unused() is None


def test_one_component_run_names_its_phases_as_they_are(reviewed_window) -> None:  # noqa: ANN001
    class Summary:
        trains_entities, trains_attributions = False, True

    dialog = _open_dialog(reviewed_window, FakeTrainer())
    dialog._phases, dialog._phase = TD.run_phases(Summary()), -1  # noqa: SLF001 - as start() sets them
    dialog._on_progress(50, 100, "Attribution component · loss 2.0")  # noqa: SLF001
    assert dialog.status.text().startswith("1 of 2: training attributions · Step 50 of 100")
    dialog._on_progress(100, 100, "Attribution component · loss 2.0")  # noqa: SLF001
    dialog._on_progress(0, 0, "Scoring the held-out articles")  # noqa: SLF001
    assert dialog.status.text().startswith("2 of 2: scoring")


def test_thin_lexicon_line_is_no_worse_than_before_warning() -> None:
    line = "Warning: the cue lexicon was learned from only 48 training articles (fewer than 100), ..."
    result = SimpleNamespace(attribution=SimpleNamespace(lexicon_warning=line),
                             warnings=lambda: ["Warning: precision fell", line])
    assert TD.worse_warnings(result) == ["Warning: precision fell"]
    assert TD.thin_lexicon_line(result) == line
