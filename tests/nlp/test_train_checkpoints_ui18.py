"""usertest17 L-f: the window's runs checkpoint between the held-out evaluations. A window
killed at step ~100 of 300 (evaluations every 200 steps) kept no step; now a checkpoint comes
every :data:`annotator.nlp.train.WINDOW_CHECKPOINTS` steps or seconds, and ``annotator train``
resumes from it. Made-up texts."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.nlp import train as T
from annotator.storage.project import Project
from tests.nlp.test_train_messages import BASE, _gold_not_reviewed

pytestmark = pytest.mark.skipif(BASE is None, reason="no trained spaCy pipeline installed")


class Killed(Exception):
    """Stands in for kill -9: the run ends between two steps, nothing more is saved."""


def _killed_at_step_8(tmp_path: Path, base: str) -> tuple[Path, Path]:
    """A project of made-up gold and a run from ``base`` into ``out`` that checkpoints every 5
    steps and is killed at step 8 of 12 (entities only): (project path, output)."""
    path, out = tmp_path / "gold.db", tmp_path / "out"
    with Project.open(path) as proj:
        proj.import_bundles(_gold_not_reviewed())

        def progress(p: T.Progress) -> None:
            if p.step == 8:
                raise Killed

        with pytest.raises(Killed):
            T.train(proj, out, base=base, max_steps=12, eval_frequency=200, on_progress=progress, attribution=False,
                    checkpoints=T.Checkpoints(steps=5))
    return path, out


def test_a_run_killed_between_evaluations_keeps_a_checkpoint_the_cli_resumes(tmp_path: Path) -> None:
    path, out = _killed_at_step_8(tmp_path, BASE)
    state = T._state(T.work_folder(out))  # noqa: SLF001
    assert state["steps"] == 5 and (T.work_folder(out) / T.MODEL_LAST / "config.cfg").is_file()
    result = CliRunner().invoke(cli, ["train", str(path), "--output", str(out), "--max-steps", "12", "--no-attribution"])
    assert result.exit_code == 0, result.output + result.stderr
    assert "after step 5" in result.output + result.stderr


def test_a_checkpoint_every_so_many_seconds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    saved: list[int] = []
    real = T._save_state  # noqa: SLF001
    monkeypatch.setattr(T, "_save_state", lambda work, state: (saved.append(state["steps"]), real(work, state))[1])
    with Project.open(tmp_path / "gold.db") as proj:
        proj.import_bundles(_gold_not_reviewed())
        T.train(proj, tmp_path / "out", base=BASE, max_steps=4, eval_frequency=200, attribution=False,
                checkpoints=T.Checkpoints(seconds=0.0))
    # the start, then steps 1-3 (the time is up at once); not the last step: the pipeline is written then
    assert saved == [0, 1, 2, 3], saved


def test_the_windows_checkpoints_lose_at_most_50_steps_or_a_minute() -> None:
    assert T.WINDOW_CHECKPOINTS.steps is not None and T.WINDOW_CHECKPOINTS.steps <= 50
    assert T.WINDOW_CHECKPOINTS.seconds is not None and T.WINDOW_CHECKPOINTS.seconds <= 60
    assert T.WINDOW_CHECKPOINTS.due(50, 0.0) and T.WINDOW_CHECKPOINTS.due(1, 60.0)
    assert not T.WINDOW_CHECKPOINTS.due(49, 59.0)


def test_the_cli_resumes_a_checkpoint_from_its_own_base_without_base_given(tmp_path: Path) -> None:
    """usertest18 M1: a window run started from the project's own pipeline, resumed by
    ``annotator train`` without ``--base``, was discarded ("checkpoint discarded … base …; starts
    again from step 0": 150 steps lost); the checkpoint records its base and the CLI uses it."""
    import spacy

    own = tmp_path / "own-pipeline"
    spacy.load(BASE).to_disk(own)
    path, out = _killed_at_step_8(tmp_path, str(own))
    assert T.checkpoint_base(out) == str(own)
    result = CliRunner().invoke(cli, ["train", str(path), "--output", str(out), "--max-steps", "12", "--no-attribution"])
    said = result.output + result.stderr
    assert result.exit_code == 0, said
    assert f"resuming the checkpoint in {T.work_folder(out)} from its base {own}, as it started" in said
    assert "after step 5" in said and "discarded" not in said


def test_a_checkpoint_whose_base_folder_is_gone_is_kept_and_named(tmp_path: Path) -> None:
    """usertest19 M1: the checkpoint's recorded base folder deleted, ``annotator train`` without
    ``--base`` discarded the checkpoint ("settings changed (base)") and trained from the default
    pipeline; now one line names the folder, keeps the checkpoint and says what to do, exit 1."""
    import shutil

    import spacy

    own = tmp_path / "own-pipeline"
    spacy.load(BASE).to_disk(own)
    path, out = _killed_at_step_8(tmp_path, str(own))
    shutil.rmtree(own)
    before = sorted(p.relative_to(tmp_path) for p in T.work_folder(out).rglob("*"))
    result = CliRunner().invoke(cli, ["train", str(path), "--output", str(out), "--max-steps", "12", "--no-attribution"])
    said = result.output + result.stderr
    assert result.exit_code == 1, said
    assert f"from the pipeline folder {own}, which is gone" in said and "checkpoint is kept" in said, said
    assert "--base DIR" in said and "--restart" in said and "discarded" not in said and "Traceback" not in said
    assert sorted(p.relative_to(tmp_path) for p in T.work_folder(out).rglob("*")) == before
    assert not out.exists() or not any(out.iterdir())
    # --restart: the checkpoint is discarded, said so, and the default pipeline trains from step 0
    result = CliRunner().invoke(cli, ["train", str(path), "--output", str(out), "--max-steps", "2", "--no-attribution",
                                      "--restart"])
    said = result.output + result.stderr
    assert result.exit_code == 0, said
    assert "checkpoint discarded (--restart)" in said and "after step 5" not in said
