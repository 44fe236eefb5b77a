"""usertest17 N5, L-j, L-c, L-i: what `annotator train` says of its attribution scores. N5: the
"after" of short runs was the learned cue lexicon's while the model alone found nothing, and
nothing said so; now the pipeline is scored without each part and one line says where the
change comes from. L-j: the speaker share falling (0.92 -> 0.80) was not warned. L-c: an
attribution-only pipeline's annotator-training.json said steps 0, train_articles 0 at the top
level. L-i: Preferences listed a pipeline that scored worse like the others."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.nlp import train as T
from annotator.nlp.pipeline import default_pipeline_name
from annotator.nlp.train_summary import TrainedPipeline, trained_pipelines
from annotator.storage.project import Project
from tests.nlp.test_attribution import _attribution_bundles

BASE = default_pipeline_name()
trained = pytest.mark.skipif(BASE is None, reason="no trained spaCy pipeline installed")


def _scores(f: float, speaker: float = 0.9, matched: int = 10, gold: int = 40) -> dict:
    return {"p": f, "r": f, "f": f, "direct_f": 0.9, "speaker": speaker, "matched": matched, "gold": gold}


def _run(before: dict, after: dict, parts: dict | None = None) -> T.AttributionRun:
    labels = {"CONTENT": {"f": 0.5}, "SOURCE": {"f": 0.6}, "CUE": {"f": 0.7}}
    return T.AttributionRun(40, 12, 30, 0, 1.0, before={"labels": labels, "attribution": before},
                            after={"labels": labels, "attribution": after}, parts=parts)


def _result(run: T.AttributionRun) -> T.TrainResult:
    return T.TrainResult(Path("out"), [], 40, 0, 30, 1.0, 0, {}, {}, [], [], run)


def test_the_model_alone_finding_nothing_says_the_gain_is_the_lexicons() -> None:
    run = _run(_scores(0.53), _scores(0.58), {"model_alone": _scores(0.0, matched=0, gold=40),
                                               "without_model": _scores(0.58), "without_lexicon": _scores(0.53)})
    assert _result(run).sources() == [
        "The model alone found none of the 40 held-out attributions: the change in attributions F1 (0.53 -> 0.58) is "
        "the learned cue lexicon's, not the model's (rules and cue lexicon without the model: F1 0.58; rules and model "
        "without the cue lexicon: F1 0.53); train longer or on more articles for the model to help."]
    helped = _run(_scores(0.53), _scores(0.66), {"model_alone": _scores(0.31, matched=9, gold=40),
                                                  "without_model": _scores(0.58), "without_lexicon": _scores(0.61)})
    assert _result(helped).sources() == [
        "The model alone found 9 of the 40 held-out attributions (F1 0.31); rules and cue lexicon without the model: "
        "F1 0.58; rules and model without the cue lexicon: F1 0.61."]
    assert _result(_run(_scores(0.5), _scores(0.6))).sources() == []  # an older run: not scored by part
    none_held = {"model_alone": _scores(0.0, matched=0, gold=0), "without_model": _scores(0.0), "without_lexicon": _scores(0.0)}
    assert _result(_run(_scores(0.0), _scores(0.0), none_held)).sources() == []  # nothing held out to find


def test_the_speaker_share_falling_is_warned() -> None:
    [line] = _result(_run(_scores(0.63, speaker=0.92), _scores(0.63, speaker=0.80))).warnings()
    assert line.startswith("Warning: the trained pipeline names the right speaker less often on the held-out articles: "
                           "speaker right on matched attributions 0.92 -> 0.80 (more than the 0.05 of noise)")
    assert _result(_run(_scores(0.63, speaker=0.92), _scores(0.63, speaker=0.88))).warnings() == []


def test_the_cli_prints_where_the_gain_comes_from_and_the_speaker_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "p.db"
    Project.open(path).close()
    run = _run(_scores(0.53, speaker=0.92), _scores(0.58, speaker=0.80),
               {"model_alone": _scores(0.0, matched=0, gold=40), "without_model": _scores(0.58), "without_lexicon": _scores(0.53)})
    monkeypatch.setattr(T, "train", lambda *_a, **_k: _result(run))
    ran = CliRunner().invoke(cli, ["train", str(path), "--output", str(tmp_path / "o"), "--base", "x"])
    assert "The model alone found none of the 40 held-out attributions" in ran.stdout, ran.output
    assert "speaker right on matched attributions 0.92 -> 0.80" in ran.stderr


def test_preferences_marks_a_pipeline_that_scored_worse() -> None:
    worse = TrainedPipeline(Path("/x/p1-pipe-b"), "2026-12-01 15:17 UTC", None, None, (), 0.68, 0.63)
    assert worse.describe().endswith("attributions F1 0.68 → 0.63 · worse than before training")
    better = TrainedPipeline(Path("/x/p1-pipe"), "2026-12-01 15:17 UTC", 0.4, 0.7, ("PERSON",), 0.63, 0.68)
    assert "worse" not in better.describe()
    # the same at two decimals is not called worse
    assert "worse" not in TrainedPipeline(Path("/x/p"), "w", 0.681, 0.679, ()).describe()


def test_old_markers_of_attribution_only_pipelines_are_read_for_their_totals() -> None:
    old = {"components": ["attribution"], "labels": [], "steps": 0, "train_articles": 0, "heldout_articles": 0,
           "attribution": {"steps": 40, "train_articles": 33, "heldout_articles": 10}}
    assert T.marker_totals(old) == {"steps": 40, "train_articles": 33, "heldout_articles": 10}
    both = {"components": ["ner", "attribution"], "labels": ["PERSON"], "steps": 20, "train_articles": 8, "heldout_articles": 2,
            "attribution": {"steps": 40, "train_articles": 33, "heldout_articles": 10}}
    assert T.marker_totals(both) == {"steps": 20, "train_articles": 8, "heldout_articles": 2}


@trained
def test_an_attribution_only_run_scores_its_parts_and_writes_its_totals(tmp_path: Path) -> None:
    path = tmp_path / "q.db"
    with Project.open(path) as proj:
        proj.import_bundles(_attribution_bundles(6))
    ran = CliRunner().invoke(cli, ["train", str(path), "--base", BASE, "--output", str(tmp_path / "out"),
                                   "--max-steps", "2", "--eval-frequency", "1"])
    assert ran.exit_code == 0, ran.output
    marker = json.loads((tmp_path / "out" / T.MARKER).read_text())
    run = marker["attribution"]
    assert marker["components"] == ["attribution"]
    assert not set(T.ENTITY_MARKER_KEYS) & set(marker)  # usertest18 L8: no empty labels/before/after beside them
    assert (marker["steps"], marker["train_articles"], marker["heldout_articles"]) == (2, run["train_articles"], run["heldout_articles"])
    assert marker["heldout_articles"] >= 1 and marker["train_articles"] >= 1
    assert set(run["parts"]) == {"model_alone", "without_model", "without_lexicon"}
    alone = run["parts"]["model_alone"]
    assert alone["gold"] == run["after"]["attribution"]["gold"] > 0
    # two steps teach the model nothing: said, with the held-out count
    assert alone["matched"] == 0
    assert f"The model alone found none of the {alone['gold']} held-out attributions" in ran.stdout
    [listed] = trained_pipelines(tmp_path)
    assert listed.attribution_after == run["after"]["attribution"]["f"]
