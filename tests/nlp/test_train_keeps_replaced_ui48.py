"""usertest31 M3: `annotator train c.db --output c-pipe --max-steps 40 --force` wrote a worse
pipeline over the one in use (warned, but the old one was gone). With --force what OUTPUT held is
kept beside it as OUTPUT.replaced-YYYYMMDD-HHMMSS (UTC; moved by a rename, never deleted), and one
line says where and how to go back. Invented sentences (tests/nlp/test_train.py's)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.formats import atomic
from annotator.nlp import train as T
from annotator.nlp.pipeline_use import PROJECT_PIPELINE_SETTING
from annotator.storage.project import Project
from tests.nlp.test_train import _bundles, trained

pytestmark = pytest.mark.timeout(300)


@pytest.fixture
def co(tmp_path: Path) -> Path:
    path = tmp_path / "co.db"
    with Project.open(path) as proj:
        proj.import_bundles(_bundles())
    return path


def _train(project: Path, out: Path, *extra: str):  # noqa: ANN202
    return CliRunner().invoke(cli, ["train", str(project), "--output", str(out), "--max-steps", "2",
                                    "--eval-frequency", "2", "--no-attribution", *extra])


@trained
def test_force_over_the_pipeline_in_use_keeps_it_beside_and_says_how_to_go_back(co: Path, tmp_path: Path) -> None:
    import spacy

    out = tmp_path / "c-pipe"
    first = _train(co, out)
    assert first.exit_code == 0, first.output
    old_marker = (out / T.MARKER).read_text()
    # the marker may read the same for two runs in one second: a file only the old folder has
    (out / "old-run.txt").write_text("the first run")
    old_version = json.loads((out / "meta.json").read_text())["version"]
    with Project.open(co, create=False) as proj:  # the project's pipeline (Edit → Preferences): in use
        proj.set_setting(PROJECT_PIPELINE_SETTING, str(out))
    refused = _train(co, out)
    assert refused.exit_code == 1 and "--force" in refused.stderr
    forced = _train(co, out, "--force")
    assert forced.exit_code == 0, forced.output
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("c-pipe.replaced-")]
    assert len(kept) == 1 and re.fullmatch(r"c-pipe\.replaced-\d{8}-\d{6}", kept[0].name), kept
    assert (kept[0] / T.MARKER).read_text() == old_marker  # the old pipeline, whole
    assert (kept[0] / "old-run.txt").read_text() == "the first run"
    assert spacy.load(kept[0]).meta["version"] == old_version  # and it loads
    assert not (out / "old-run.txt").exists() and "ner" in spacy.load(out).pipe_names  # the new one in its place
    lines = [line for line in forced.stdout.splitlines() if "kept in" in line]
    assert lines == [f"The pipeline that was in {out} is kept in {kept[0]} (never deleted by annotator); to go back, "
                     f"choose that folder in Edit → Preferences, or run: annotator preannotate {co} --model {kept[0]}"]
    # --replace (not in use) keeps nothing: as before
    with Project.open(co, create=False) as proj:
        proj.set_setting(PROJECT_PIPELINE_SETTING, "")
    again = _train(co, out, "--replace")
    assert again.exit_code == 0, again.output
    assert "kept in" not in again.stdout
    assert len([p for p in tmp_path.iterdir() if ".replaced-" in p.name]) == 1


def test_the_kept_name_is_dated_utc_and_never_taken_twice(tmp_path: Path) -> None:
    out = tmp_path / "pipe"
    first = T.replaced_sibling(out, now=0)
    assert first.name == "pipe.replaced-19700101-000000"
    first.mkdir()
    assert T.replaced_sibling(out, now=0).name == "pipe.replaced-19700101-000000-2"


@pytest.mark.parametrize("exchange", [True, False])
def test_the_replaced_folder_is_renamed_whole_not_retired(tmp_path: Path, monkeypatch, exchange: bool) -> None:  # noqa: ANN001
    target = tmp_path / "pipe"
    target.mkdir()
    (target / "weights").write_text("old", encoding="utf-8")
    if not exchange:  # a system without renameat2(RENAME_EXCHANGE): the two renames
        monkeypatch.setattr(atomic, "exchange", lambda _a, _b: False)
    keep = T.replaced_sibling(target)
    with atomic.replacing_folder(target, lambda _p: True, keep_as=keep) as tmp:
        (tmp / "weights").write_text("new", encoding="utf-8")
    assert (target / "weights").read_text(encoding="utf-8") == "new"
    assert (keep / "weights").read_text(encoding="utf-8") == "old"
    atomic.wait_for_removals()
    assert sorted(os.listdir(tmp_path)) == sorted(["pipe", keep.name])  # nothing else left, nothing retired
