"""`annotator train` progress (usertest16 L1, L2): the attribution run's score is named for what
it is; a message ends the bar's line first; a log (stderr no terminal) gets plain lines."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

import annotator.nlp.train as nlp_train
from annotator.cli import cli
from annotator.cli.train import PlainProgress
from annotator.nlp.train import Progress, TrainingCancelled
from annotator.storage.project import Project


def test_score_is_named_per_run() -> None:
    assert Progress(5, 10, 1.0, 0.079, "attribution").score_text() == "span F1 (exact, model alone) 0.079"
    assert Progress(5, 10, 1.0, 0.79, "ner").score_text(2) == "held-out F1 0.79"
    assert Progress(5, 10, 1.0, None, "attribution").score_text() == ""


def test_plain_lines_every_tenth_and_every_minute() -> None:
    plain = PlainProgress(enabled=True)
    said = [plain.line(Progress(s, 100, 2.0, None, "ner"), 0.0) for s in range(1, 101)]
    steps = [s for s, line in zip(range(1, 101), said, strict=True) if line]
    assert steps == [10, 20, 30, 40, 50, 60, 70, 80, 90, 100]
    assert said[9] == "Training steps: 10/100 (10%), loss 2.0"
    slow = PlainProgress(enabled=True)
    assert slow.line(Progress(1, 1000, 2.0, 0.5, "attribution"), 0.0) is None
    assert slow.line(Progress(2, 1000, 2.0, 0.5, "attribution"), 61.0) == (
        "Training steps (attribution): 2/1000 (0%), loss 2.0, span F1 (exact, model alone) 0.500")
    assert PlainProgress(enabled=False).line(Progress(10, 10, 1.0, None), 0.0) is None


def test_piped_run_prints_progress_and_the_message_on_its_own_line(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    db = tmp_path / "p.db"
    Project.open(db).close()

    def fake_train(project, output, *, on_progress, on_message, **_kwargs):  # noqa: ANN001, ANN202, ARG001
        for step in range(1, 21):
            on_progress(Progress(step, 20, 3.0, 0.079 if step >= 10 else None, "attribution"))
        on_message("Learning the cue lexicon from 3 training articles")
        raise TrainingCancelled("stopped here for the test")

    monkeypatch.setattr(nlp_train, "train", fake_train)
    ran = CliRunner().invoke(cli, ["train", str(db), "--output", str(tmp_path / "out")])
    lines = ran.output.splitlines()
    assert "Training steps (attribution): 2/20 (10%), loss 3.0" in lines, ran.output
    assert "Training steps (attribution): 10/20 (50%), loss 3.0, span F1 (exact, model alone) 0.079" in lines
    assert "Learning the cue lexicon from 3 training articles" in lines  # a line of its own
    assert "held-out F1" not in ran.output
