"""The quality gate of `annotator train` (usertest16 H4): a pipeline whose held-out attribution
precision fell by more than NOISE_P is warned even when F1 held, and a run scored on fewer than
MIN_HELDOUT held-out articles says its scores are too noisy to trust, with what to do."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.nlp import train as T
from annotator.storage.project import Project


def _attr(heldout: int, before_p: float, after_p: float, before_f: float = 0.63, after_f: float = 0.63) -> T.AttributionRun:
    labels = {"CONTENT": {"f": 0.5}, "SOURCE": {"f": 0.6}, "CUE": {"f": 0.7}}
    return T.AttributionRun(40, heldout, 400, 0, 1.0,
                            before={"labels": labels, "attribution": {"p": before_p, "r": 0.5, "f": before_f,
                                                                      "direct_f": 0.9, "speaker": 0.9}},
                            after={"labels": labels, "attribution": {"p": after_p, "r": 0.7, "f": after_f,
                                                                     "direct_f": 0.9, "speaker": 0.9}})


def _result(attribution: T.AttributionRun, heldout: int = 0, labels: list[str] | None = None) -> T.TrainResult:
    return T.TrainResult(Path("out"), labels or [], 40, heldout, 400, 1.0, 0, {}, {}, [], [], attribution)


def test_precision_falling_beyond_noise_is_warned_even_when_f1_holds() -> None:
    [line] = _result(_attr(12, 0.84, 0.58)).warnings()
    assert line.startswith("Warning: the trained pipeline's attribution precision (all attributions) fell on the "
                           "held-out articles: 0.84 -> 0.58 (more than the 0.05 of noise)")
    assert "keep the pipeline in use, or review more articles and train again" in line
    assert _result(_attr(12, 0.84, 0.80)).warnings() == []  # within the noise


def test_a_tiny_held_out_set_is_doubted_per_run() -> None:
    [line] = _result(_attr(5, 0.8, 0.8)).doubts()
    assert line.startswith("Too few held-out articles: the attribution run was scored on 5 (fewer than 10)")
    assert "review more articles (about 50 reviewed give 10 held out) and train again" in line
    assert _result(_attr(10, 0.8, 0.8)).doubts() == []
    both = _result(_attr(3, 0.8, 0.8), heldout=2, labels=["PERSON"]).doubts()
    assert [d.split(" run ")[0] for d in both] == ["Too few held-out articles: the entity",
                                                  "Too few held-out articles: the attribution"]


def test_cli_prints_the_precision_warning_and_the_doubt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "p.db"
    Project.open(path).close()
    monkeypatch.setattr(T, "train", lambda *_a, **_k: _result(_attr(5, 0.84, 0.58)))
    ran = CliRunner().invoke(cli, ["train", str(path), "--output", str(tmp_path / "o"), "--base", "x"])
    assert "attribution precision (all attributions) fell on the held-out articles: 0.84 -> 0.58" in ran.stderr, ran.output
    assert "Too few held-out articles: the attribution run was scored on 5" in ran.stderr
