"""usertest20 L7: annotator-training.json records which articles a pipeline was trained on (a
short SHA-256 of each text), and a run from such a base whose held-out articles it was trained on
says its "before" is optimistic."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from annotator.cli import cli
from annotator.domain.model import text_hash
from annotator.nlp import train as T
from annotator.storage.project import Project
from tests.nlp.test_train import _bundles, trained


def test_the_record_and_the_line(tmp_path: Path) -> None:
    base = tmp_path / "base"
    base.mkdir()
    (base / T.MARKER).write_text(json.dumps({T.TRAINED_ON: ["00aa00aa00aa00aa"]}), encoding="utf-8")
    hashes = [text_hash("one article"), text_hash("another one")]
    record = T.trained_on_record(hashes, str(base))
    assert record == sorted([hashes[0][:16], hashes[1][:16], "00aa00aa00aa00aa"])  # the base's articles kept
    assert T.base_seen(str(base), [hashes[0], "00aa00aa00aa00aa" + "0" * 48, text_hash("new")]) == 1
    assert T.base_seen("en_core_web_sm", hashes) == 0 and T.base_seen(str(tmp_path / "none"), hashes) is None  # ui26: no record: cannot be told
    assert T.base_seen_line(0, 9) == ""
    assert T.base_seen_line(3, 9) == ("The base pipeline was trained on 3 of these 9 held-out articles: its 'before' is "
                                      "optimistic (it has seen their texts), so 'after' can look worse than it is")
    result = T.TrainResult(tmp_path, ["PERSON"], 20, 12, 1, 0.1, 0, {}, {}, [], base_seen=4)
    assert [d for d in result.doubts() if "base pipeline" in d] == [T.base_seen_line(4, 12)]
    result.base_seen = 0  # no overlap: nothing said
    assert not [d for d in result.doubts() if "base pipeline" in d]


@trained
def test_train_from_a_base_trained_on_the_held_out_articles_says_so(tmp_path: Path) -> None:
    first, second = tmp_path / "a.db", tmp_path / "b.db"
    bundles = _bundles()
    with Project.open(first) as proj:
        proj.import_bundles(bundles)
    run = CliRunner().invoke(cli, ["train", str(first), "--output", str(tmp_path / "pa"), "--max-steps", "1",
                                   "--eval-frequency", "1"])
    assert run.exit_code == 0, run.output
    marker = json.loads((tmp_path / "pa" / T.MARKER).read_text(encoding="utf-8"))
    split = T.split_articles([b.article.text_hash for b in bundles], [b.article.text for b in bundles])
    trained_on = sorted(bundles[i].article.text_hash[:16] for i in split.train)
    assert marker[T.TRAINED_ON] == trained_on and split.heldout
    # a second project of two articles the first run trained on: one of them is held out here
    with Project.open(second) as proj:
        proj.import_bundles([_bundles()[i] for i in split.train[:2]])
    run = CliRunner().invoke(cli, ["train", str(second), "--output", str(tmp_path / "pb"), "--base", str(tmp_path / "pa"),
                                   "--max-steps", "1", "--eval-frequency", "1"])
    assert run.exit_code == 0, run.output
    assert "The base pipeline was trained on 1 of this held-out article: its 'before' is optimistic" in run.stderr
    assert json.loads((tmp_path / "pb" / T.MARKER).read_text(encoding="utf-8"))[T.TRAINED_ON] == trained_on

