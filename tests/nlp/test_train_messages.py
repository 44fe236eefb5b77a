"""Issue 10 items 5-7: what `annotator train` says. What counted as training data (articles not
marked reviewed train only through their decisions: said in the summary line), "nothing to train
on" names attributions too, a checkpoint resumed on the data changed since is said, and a
pipeline worse than before is written with a warning (CLI) / not offered as the default (dialog)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.domain import commands
from annotator.domain.model import Article, ArticleBundle, ArticleStatus, Span, Status
from annotator.nlp import train as T
from annotator.nlp.pipeline import default_pipeline_name
from annotator.storage.project import Project

BASE = default_pipeline_name()
NAMES = [("Ana Ruiz", "PERSON"), ("Acme Corp", "ORG")]


def _gold_not_reviewed(n: int = 8) -> list[ArticleBundle]:
    """Gold imported as accepted entities into articles nobody marked done or reviewed."""
    out = []
    for i in range(n):
        name, label = NAMES[i % 2]
        text = f"Yesterday {name} met the board for meeting {i}. Ben Cole stayed home."
        start = text.index(name)
        out.append(ArticleBundle(Article(None, text, status=ArticleStatus.NEW), spans=[
            Span(f"s{i}", 0, start, start + len(name), label, "entity"),
            Span(f"b{i}", 0, text.index("Ben"), text.index("Ben") + 8, "PERSON", "entity", status=Status.SUGGESTED)]))
    return out


def test_nothing_to_train_on_names_attributions_too(tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    with Project.open(empty) as proj:
        proj.import_bundles([ArticleBundle(Article(None, "Nothing reviewed here.", status=ArticleStatus.DONE))])
    result = CliRunner().invoke(cli, ["train", str(empty), "--output", str(tmp_path / "o")])
    assert result.exit_code == 1 and result.stderr.strip().count("\n") == 0
    assert "nothing to train on: no accepted entities and no accepted attributions (QUOTE with its SPEAKER and CUE)" in result.stderr
    result = CliRunner().invoke(cli, ["train", str(empty), "--output", str(tmp_path / "o"), "--no-attribution"])
    assert "nothing to train on: no accepted entities in reviewed articles" in result.stderr


@pytest.mark.skipif(BASE is None, reason="no trained spaCy pipeline installed")
def test_summary_says_what_counted_and_a_checkpoint_resumed_on_changed_data_is_said(tmp_path: Path) -> None:
    """usertest16 M4: the data changed since the checkpoint (a suggestion accepted meanwhile, as the
    Train dialog tells the analyst to keep annotating) resumes it, and one line says what changed
    (it was discarded: "the project's training data changed since step 2")."""
    path, out = tmp_path / "gold.db", tmp_path / "out"
    with Project.open(path) as proj:
        proj.import_bundles(_gold_not_reviewed())
        steps: list[T.Progress] = []
        with pytest.raises(T.TrainingCancelled):
            T.train(proj, out, base=BASE, max_steps=4, eval_frequency=2, on_progress=steps.append,
                    cancelled=lambda: len(steps) >= 2, attribution=False)
        assert (T.work_folder(out) / T.MODEL_LAST).exists()
        # the data change: an analyst accepts a suggestion, so the corpora differ from the checkpoint's
        aid = proj.article_ids()[0]
        ben = next(s for s in proj.spans(aid) if s.status == Status.SUGGESTED)
        proj.apply(commands.accept(commands.records(proj.spans(aid), proj.relations(aid)), ben), by="ana")
    ran = CliRunner().invoke(cli, ["train", str(path), "--output", str(out), "--max-steps", "3", "--eval-frequency", "2"])
    assert ran.exit_code == 0, ran.output
    assert ("resumed after step 2 (entity run) with the data changed since: 1 changed; "
            "none of the articles it trained on is held out") in ran.stderr.splitlines()
    assert "checkpoint discarded" not in ran.stderr and "Resuming" not in ran.stderr
    summary = ran.stdout.splitlines()[0]
    assert summary.startswith("Trained ORG, PERSON on ")
    assert "3 steps (resumed after step 2, the data changed since)" in summary
    assert summary.endswith("(reviewed: 8 not marked done or reviewed, where only the accepted or rejected entities count).")


def _result(before: dict, after: dict, attribution: T.AttributionRun | None = None) -> T.TrainResult:
    return T.TrainResult(Path("out"), ["ORG", "PERSON"], 6, 2, 10, 1.0, 0, before, after, [], [], attribution, 6, 0)


def test_worse_scores_warn_on_the_main_score_and_on_a_label_beyond_noise() -> None:
    same = {"ORG": {"f": 0.8}, "PERSON": {"f": 0.6}, "ALL": {"f": 0.7}}
    assert _result(same, same).warnings() == []
    # ALL down at all: warned; a label down by 0.04 (noise): not; by 0.30: warned
    worse = {"ORG": {"f": 0.76}, "PERSON": {"f": 0.30}, "ALL": {"f": 0.55}}
    assert _result(same, worse).warnings() == [
        "Warning: the trained pipeline is worse than before on the held-out articles: entity F1 (all entities) "
        "0.70 -> 0.55; keep the pipeline in use, or review more articles and train again",
        "Warning: PERSON F1 fell on the held-out articles: 0.60 -> 0.30 (more than the 0.05 of noise)"]
    better = {"ORG": {"f": 0.9}, "PERSON": {"f": 0.7}, "ALL": {"f": 0.8}}
    attr = T.AttributionRun(5, 2, 10, 0, 1.0,
                            before={"labels": {"CONTENT": {"f": 0.5}, "SOURCE": {"f": 0.6}, "CUE": {"f": 0.7}},
                                    "attribution": {"f": 0.64, "direct_f": 0.88, "speaker": 0.9}},
                            after={"labels": {"CONTENT": {"f": 0.52}, "SOURCE": {"f": 0.6}, "CUE": {"f": 0.7}},
                                   "attribution": {"f": 0.60, "direct_f": 0.88, "speaker": 0.9}})
    assert _result(same, better, attr).warnings() == [
        "Warning: the trained pipeline is worse than before on the held-out articles: attribution F1 "
        "(all attributions) 0.64 -> 0.60; keep the pipeline in use, or review more articles and train again"]


def test_cli_prints_the_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "p.db"
    with Project.open(path) as proj:
        proj.import_bundles(_gold_not_reviewed(2))
    before = {"ORG": {"f": 0.8}, "PERSON": {"f": 0.6}, "ALL": {"f": 0.7}}
    after = {"ORG": {"f": 0.8}, "PERSON": {"f": 0.6}, "ALL": {"f": 0.65}}
    monkeypatch.setattr(T, "train", lambda *_a, **_k: _result(before, after))
    ran = CliRunner().invoke(cli, ["train", str(path), "--output", str(tmp_path / "o"), "--base", "x"])
    assert ran.exit_code == 0, ran.output
    assert "Warning: the trained pipeline is worse than before on the held-out articles: entity F1 (all entities) 0.70 -> 0.65" in ran.stderr


@pytest.mark.skipif(BASE is None, reason="no trained spaCy pipeline installed")
def test_held_out_scoring_falls_on_multiples_of_the_frequency_after_a_resume(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 10 item 9: after a resume held-out scoring ran at steps 102/152 instead of 100/150.
    Every scoring saves a checkpoint: the steps they were saved at are the steps scored."""
    saved: list[int] = []
    real = T._save_state  # noqa: SLF001
    monkeypatch.setattr(T, "_save_state", lambda work, state: (saved.append(state["steps"]), real(work, state))[1])
    path, out = tmp_path / "gold.db", tmp_path / "out"
    with Project.open(path) as proj:
        proj.import_bundles(_gold_not_reviewed())
        steps: list[T.Progress] = []
        with pytest.raises(T.TrainingCancelled):
            T.train(proj, out, base=BASE, max_steps=7, eval_frequency=3, on_progress=steps.append,
                    cancelled=lambda: len(steps) >= 2, attribution=False)
        assert saved == [0, 2]  # the run's start, and the cancel after step 2 (no scoring before step 3)
        assert [p.score for p in steps] == [None, None]
        saved.clear()
        resumed: list[T.Progress] = []
        T.train(proj, out, base=BASE, max_steps=7, eval_frequency=3, on_progress=resumed.append, attribution=False)
    assert [p.step for p in resumed] == [3, 4, 5, 6, 7]
    assert saved == [2, 3, 6]  # the start (resumed after 2), then scored at 3 and 6: not 2+1 and 2+4
    assert resumed[0].score is not None and all(p.loss >= 0 for p in resumed)


def test_an_attribution_only_pipeline_is_listed_with_its_f1(tmp_path: Path) -> None:
    """Issue 10 item 9: Preferences showed F1 for entity pipelines, nothing for attribution-only ones."""
    import json

    from annotator.nlp.train_summary import trained_pipelines

    out = tmp_path / "attr-pipeline"
    out.mkdir()
    (out / T.MARKER).write_text(json.dumps({
        "labels": [], "before": {}, "after": {}, "components": ["attribution"],
        "attribution": {"before": {"attribution": {"f": 0.64}}, "after": {"attribution": {"f": 0.7}}}}), encoding="utf-8")
    [found] = trained_pipelines(tmp_path)
    assert found.describe().endswith(" · attributions F1 0.64 → 0.70")
    assert " · F1 " not in found.describe().replace("attributions F1", "")
