"""usertest22 M4: a base with no annotator-training.json at all (a copied model folder, a spaCy
pipeline trained elsewhere) gets the line that whether it saw the held-out articles cannot be
told, as a record from before ui22 does; the default package (by name) gets none; and
``annotator train`` prints the line before the "worse than before" warnings it explains."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.nlp import train as T
from annotator.storage.project import Project
from tests.nlp.test_train import BASE, _bundles, trained
from tests.nlp.test_train_messages import _gold_not_reviewed, _result


def test_a_folder_without_a_record_cannot_be_told(tmp_path: Path) -> None:
    copied = tmp_path / "copied-model"
    copied.mkdir()
    (copied / "meta.json").write_text("{}", encoding="utf-8")
    assert T.base_seen(str(copied), ["ab" * 32]) is None
    assert T.base_seen("en_core_web_sm", ["ab" * 32]) == 0  # the default package: spaCy's corpora, not the project's
    assert T.base_seen_line(None, 12).startswith(T.UNLISTED_START)


def test_the_line_comes_before_the_worse_warnings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "p.db"
    with Project.open(path) as proj:
        proj.import_bundles(_gold_not_reviewed(2))
    before = {"ORG": {"f": 0.8}, "PERSON": {"f": 0.6}, "ALL": {"f": 0.7}}
    after = {"ORG": {"f": 0.8}, "PERSON": {"f": 0.6}, "ALL": {"f": 0.65}}
    result = _result(before, after)
    result.base_seen, result.heldout_articles = None, 12
    monkeypatch.setattr(T, "train", lambda *_a, **_k: result)
    ran = CliRunner().invoke(cli, ["train", str(path), "--output", str(tmp_path / "o"), "--base", "x"])
    assert ran.exit_code == 0, ran.output
    assert ran.stderr.count(T.UNLISTED_START) == 1, ran.stderr
    assert ran.stderr.index(T.UNLISTED_START) < ran.stderr.index("Warning: the trained pipeline is worse"), ran.stderr


@trained
def test_train_from_a_copied_folder_says_it_cannot_tell(tmp_path: Path) -> None:
    import spacy

    base = tmp_path / "copied-model"
    spacy.load(BASE).to_disk(base)  # a pipeline folder with no annotator-training.json
    with Project.open(tmp_path / "p.db") as proj:
        proj.import_bundles(_bundles())
    run = CliRunner().invoke(cli, ["train", str(tmp_path / "p.db"), "--output", str(tmp_path / "out"), "--base", str(base),
                                   "--max-steps", "1", "--eval-frequency", "1"])
    assert run.exit_code == 0, run.output
    assert run.stderr.count(T.UNLISTED_START) == 1, run.stderr
