"""usertest33 L2: a preannotate stopped before it counted the articles to do (SIGTERM at
0.1-0.5 s) said "0 articles saved; run the same command again" without the "M not done" of every
other stop line. The stop now counts them itself (one read-only query); when the file cannot be
read then, the line keeps its form with "the rest not counted yet"."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import Terminated, cli, nlp
from annotator.domain.model import Article, ArticleStatus
from annotator.nlp.runner import stop_line
from annotator.storage.project import Project

pytestmark = pytest.mark.timeout(60)


def _stopped(*_a, **_k):  # noqa: ANN002, ANN003, ANN202 - the stop comes before the run counted anything
    raise Terminated()


def test_a_stop_before_the_count_counts_the_articles_to_do(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    project = tmp_path / "p.db"
    with Project.open(project) as proj:
        ids = [proj.add_article(Article(None, f"Invented text number {n}."))[0].id for n in range(4)]
        proj.set_article_status(ids[0], ArticleStatus.DONE, by="ana")  # finished: never to do
    monkeypatch.setattr(nlp, "_preannotate_held", _stopped)
    result = CliRunner().invoke(cli, ["preannotate", str(project)])
    assert result.exit_code == 130, result.output
    assert result.output.strip() == "Terminated (SIGTERM): 0 articles saved, 3 not done; run the same command again to continue."
    result = CliRunner().invoke(cli, ["preannotate", str(project), "--include-done"])
    assert result.output.strip() == "Terminated (SIGTERM): 0 articles saved, 4 not done; run the same command again to continue."


def test_a_stop_that_cannot_count_keeps_the_form(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    project = tmp_path / "p.db"
    Project.open(project).close()
    monkeypatch.setattr(nlp, "_preannotate_held", _stopped)
    monkeypatch.setattr(nlp, "_count_to_do", lambda *_a: None)  # the file unreadable at the stop
    result = CliRunner().invoke(cli, ["preannotate", str(project)])
    assert result.exit_code == 130, result.output
    assert result.output.strip() == ("Terminated (SIGTERM): 0 articles saved, the rest not counted yet; "
                                     "run the same command again to continue.")


def test_stop_line_has_one_form() -> None:
    assert stop_line("Interrupted", 0, None) == "Interrupted: 0 articles saved, the rest not counted yet; run the same command again to continue."
    assert stop_line("Interrupted", 26, 22) == "Interrupted: 26 articles saved, 22 not done; run the same command again to continue."
