"""usertest21 M4: a base pipeline ``annotator train`` wrote before its record listed the articles
it trained on (no ``trained_on_articles``) gets one line — whether it saw the held-out articles
cannot be told — and a pipeline by name or spaCy's own folder (no annotator-training.json) none."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from annotator.cli import cli
from annotator.nlp import train as T
from annotator.storage.project import Project
from tests.nlp.test_train import BASE, _bundles, trained

UNLISTED = "Whether the base pipeline saw these held-out articles cannot be told"  # ui26: one line for any unrecorded base


def test_an_unlisted_record_is_none_and_said_once(tmp_path: Path) -> None:
    old = tmp_path / "old"
    old.mkdir()
    (old / T.MARKER).write_text(json.dumps({"base": "en_core_web_sm", "components": ["ner"]}), encoding="utf-8")
    spacy_own = tmp_path / "spacy_own"
    spacy_own.mkdir()
    (spacy_own / "meta.json").write_text("{}", encoding="utf-8")
    assert T.base_seen(str(old), ["ab" * 32]) is None
    # ui26 (usertest22 M4): a folder with no record at all cannot be told either; the default package by name can
    assert T.base_seen(str(spacy_own), ["ab" * 32]) is None and T.base_seen("en_core_web_sm", ["ab" * 32]) == 0
    line = T.base_seen_line(None, 12)
    assert UNLISTED in line and "'before' is optimistic" in line
    result = T.TrainResult(tmp_path, ["PERSON"], 20, 12, 1, 0.1, 0, {}, {}, [], base_seen=None)
    assert [d for d in result.doubts() if "base pipeline" in d] == [line]
    result.attribution = T.AttributionRun(20, 11, 1, 0, 0.1, {}, {}, base_seen=None)
    assert [d for d in result.doubts() if "base pipeline" in d] == [line]  # one base: said once for both runs
    result.base_seen = 0
    assert [d for d in result.doubts() if "base pipeline" in d] == [line]  # the attribution run's


@trained
def test_train_from_a_base_without_the_record_says_it_cannot_tell(tmp_path: Path) -> None:
    import spacy

    base = tmp_path / "old-run"
    spacy.load(BASE).to_disk(base)
    # what annotator train wrote before ui22: no trained_on_articles
    (base / T.MARKER).write_text(json.dumps({"base": BASE, "components": ["ner"], "labels": ["PERSON", "ORG"]}),
                                 encoding="utf-8")
    with Project.open(tmp_path / "p.db") as proj:
        proj.import_bundles(_bundles())
    run = CliRunner().invoke(cli, ["train", str(tmp_path / "p.db"), "--output", str(tmp_path / "out"), "--base", str(base),
                                   "--max-steps", "1", "--eval-frequency", "1"])
    assert run.exit_code == 0, run.output
    assert run.stderr.count(UNLISTED) == 1, run.stderr
