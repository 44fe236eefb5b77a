"""usertest17 L-a, L-b, N10: what `annotator next` and `preannotate --uncertainty` say about the
scores. L-a: "N scored now with …, the others from the project's cache" when there were no
others. L-b: `preannotate --model DIR --uncertainty` with nothing to pre-annotate stored no scores
and said nothing about it. N10: `next --model` said "for this run only" though its scores become
the ones later `next` runs and the window use. The pipeline is a stub at the loader seam."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli, nlp as cli_nlp
from annotator.cli.active import scored_words
from annotator.domain.model import Article
from annotator.nlp import active_order, pipeline, runner
from annotator.storage.project import Project
from tests.cli.test_next_stored_scores_ui10i import Stub

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def seam(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "load_pipeline", lambda choice=None: Stub(source=choice or "pkg", name="pkg", version="7"))
    monkeypatch.setattr(active_order, "pipeline_can_score", lambda _nlp: True)
    monkeypatch.setattr(active_order, "beam_scorer", lambda _nlp: lambda texts: [{(0, 1, "PERSON"): 0.5} for _ in texts])


def _project(tmp_path: Path, n: int = 3) -> Path:
    path = tmp_path / "p.db"
    with Project.open(path) as proj:
        for i in range(n):
            proj.add_article(Article(None, f"Speaker {i} said something new.", title=f"t{i}"))
    return path


def test_next_says_all_scored_now_without_the_others_from_the_cache(tmp_path: Path, seam) -> None:  # noqa: ANN001
    path = _project(tmp_path)
    ran = CliRunner().invoke(cli, ["next", str(path), "--model", "some_pkg"])
    assert ran.exit_code == 0, ran.output
    assert "3 unreviewed articles; all 3 scored now with" in ran.stderr
    assert "the others" not in ran.stderr and "cache" not in ran.stderr
    again = CliRunner().invoke(cli, ["next", str(path), "--model", "some_pkg"])
    assert "3 unreviewed articles; scores of " in again.stderr and "from the project's cache" in again.stderr
    assert "0 scored now" not in again.stderr


def test_scored_words_counts_the_others() -> None:
    assert scored_words(8, 8, "P") == "all 8 scored now with P"
    assert scored_words(1, 1, "P") == "1 scored now with P"
    assert scored_words(8, 3, "P") == "3 scored now with P, the other 5 from the project's cache"
    assert scored_words(8, 0, "P") == "scores of P from the project's cache"


def test_next_model_help_says_its_scores_are_kept_for_later_runs() -> None:
    text = " ".join(CliRunner().invoke(cli, ["next", "--help"]).output.split())
    assert "for this run only" not in text
    assert "later `next` runs and the window's Order by uncertainty use this pipeline too" in text


def test_preannotate_with_nothing_to_do_names_next_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _project(tmp_path, 2)
    monkeypatch.setattr(cli_nlp, "load_cli_pipeline", lambda model, proj: Stub(source=str(model)))
    monkeypatch.setattr(runner, "articles_to_do", lambda proj, **_k: ([], 2, 0))  # both pre-annotated already
    ran = CliRunner().invoke(cli, ["preannotate", str(path), "--model", "w1-pipeline", "--uncertainty"])
    assert ran.exit_code == 0, ran.output
    assert ("Nothing to do: all 2 articles are pre-annotated (use --redo to do them again). No uncertainty scores were "
            "stored: `annotator next p.db --model w1-pipeline` scores the unreviewed articles with it.") in ran.output
    plain = CliRunner().invoke(cli, ["preannotate", str(path), "--model", "w1-pipeline"])
    assert "annotator next" not in plain.output  # without --uncertainty no scores were asked for
