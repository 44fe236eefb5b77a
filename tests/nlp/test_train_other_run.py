"""Issue 10 (fix10d items 3 and 4).

3. `annotator train tiny2.db --output outu` where outu.training held tiny.db's unfinished run
   (Ctrl+C at step 153) discarded it with "the project's training data changed". It is refused
   like a finished pipeline, naming that project and its step; --replace discards it, saying so.
4. A pipeline's date was the marker's in `train`'s refusal and the folder's file time in
   Preferences (a copy showed the copy's time): one source, :func:`annotator.nlp.train.trained_at`.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.domain.errors import InputError
from annotator.nlp import train as T
from annotator.nlp.train_summary import trained_pipelines
from annotator.storage.project import Project
from tests.nlp.test_train import BASE, _bundles, trained


def _unfinished_run(out: Path, owner: Path, step: int, *, attribution: bool = False) -> Path:
    """A DIR.training as a run of ``owner`` cancelled after ``step`` leaves it (checkpoint, state, owner)."""
    work = T.work_folder(out)
    folder = work / "attribution" if attribution else work
    (folder / T.MODEL_LAST).mkdir(parents=True)
    (folder / T.MODEL_LAST / "config.cfg").write_text("[nlp]\n", encoding="utf-8")
    (folder / "state.json").write_text(json.dumps({"digest": "d", "steps": step}), encoding="utf-8")
    (work / T.OWNER).write_text(json.dumps({"project": str(owner.resolve())}), encoding="utf-8")
    return work


@pytest.fixture
def two(tmp_path: Path) -> tuple[Path, Path]:
    paths = tmp_path / "tiny.db", tmp_path / "tiny2.db"
    for path in paths:
        with Project.open(path) as proj:
            proj.import_bundles(_bundles())
    return paths


@pytest.mark.parametrize("attribution, run", [(False, "entity run"), (True, "attribution run")])
def test_another_projects_unfinished_run_is_refused_naming_it(two: tuple[Path, Path], tmp_path: Path,
                                                            attribution: bool, run: str) -> None:
    tiny, tiny2 = two
    out = tmp_path / "outu"
    work = _unfinished_run(out, tiny, 153, attribution=attribution)
    before = sorted(p.relative_to(work) for p in work.rglob("*"))
    ran = CliRunner().invoke(cli, ["train", str(tiny2), "--output", str(out), "--max-steps", "2"])
    assert ran.exit_code == 1, ran.output
    assert ran.stderr.strip() == (
        f"Error: {out}: holds an unfinished run of tiny.db ({tiny.resolve()}) stopped after step 153 of its {run}; "
        "training would discard it: give another --output folder, or add --replace to replace it")
    assert sorted(p.relative_to(work) for p in work.rglob("*")) == before  # nothing written, nothing discarded
    assert not out.exists()
    # the same project's run is not another's: check_output lets it resume
    T.check_output(out, force=False, project_path=tiny)
    with pytest.raises(InputError, match="unfinished run of tiny.db"):
        T.check_output(out, force=False, project_path=tiny2)
    T.check_output(out, force=False, project_path=tiny2, replace=True)
    assert T.other_projects_run(out, tiny) is None


def test_a_checkpoint_that_names_no_project_is_not_called_anothers(tmp_path: Path) -> None:
    out = tmp_path / "o"
    work = _unfinished_run(out, tmp_path / "a.db", 5)
    (work / T.OWNER).unlink()
    assert T.other_projects_run(out, tmp_path / "b.db") is None
    shutil.rmtree(work / T.MODEL_LAST)  # no checkpoint: nothing to lose
    (work / T.OWNER).write_text(json.dumps({"project": "/x/a.db"}))
    assert T.other_projects_run(out, tmp_path / "b.db") is None


@trained
def test_replace_discards_another_projects_run_and_says_whose(two: tuple[Path, Path], tmp_path: Path) -> None:
    tiny, tiny2 = two
    out = tmp_path / "outu"
    _unfinished_run(out, tiny, 153)
    ran = CliRunner().invoke(cli, ["train", str(tiny2), "--output", str(out), "--max-steps", "2", "--eval-frequency", "2",
                                   "--replace"])
    assert ran.exit_code == 0, ran.output
    assert (f"checkpoint discarded: {T.work_folder(out)} held an unfinished run of tiny.db ({tiny.resolve()}) stopped "
            "after step 153 of its entity run; training starts from step 0") in ran.stderr
    assert "training data changed" not in ran.output
    assert json.loads((out / T.MARKER).read_text())["project"] == str(tiny2.resolve())


def test_one_date_for_a_pipeline_everywhere_even_for_a_copy(tmp_path: Path) -> None:
    out = tmp_path / "m10d"
    out.mkdir()
    (out / T.MARKER).write_text(json.dumps({"project": "/data/train-all.db", "finished": "2026-12-01 15:17 UTC"}))
    os.utime(out / T.MARKER, (1_800_000_000, 1_800_000_000))  # a copy's file time: 2027-01-15
    assert T.trained_at(out)[1] == "2026-12-01 15:17 UTC"
    assert T.finished_pipeline(out) == "a pipeline trained on train-all.db (/data/train-all.db) on 2026-12-01 15:17 UTC"
    (listed,) = trained_pipelines(tmp_path)
    assert listed.written == "2026-12-01 15:17 UTC"
    assert listed.describe() == "Trained: m10d · 2026-12-01 15:17 UTC"
    # an output of an earlier version: its meta version, in both
    old = tmp_path / "old"
    old.mkdir()
    (old / T.MARKER).write_text(json.dumps({"project": "/data/co.db"}))
    (old / "meta.json").write_text(json.dumps({"version": "2026.11.30.090501"}))
    assert T.trained_at(old)[1] == "2026-11-30 09:05 UTC"
    assert [t.written for t in trained_pipelines(tmp_path)] == ["2026-12-01 15:17 UTC", "2026-11-30 09:05 UTC"]  # newest first
