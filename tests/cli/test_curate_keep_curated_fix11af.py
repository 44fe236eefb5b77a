"""fix11af (issue 11, usertest11o O8): a ``curate --keep`` that decides an article's last
disagreements marks it curated and says "(article curated)", as the window's digit line and
``--accept-agreed`` do; once curated, it is not said again."""

from __future__ import annotations

from pathlib import Path

from tests.cli.test_export_uncurated import run
from tests.domain.test_curation import layers, make_project


def test_keep_that_finishes_the_article_says_article_curated(tmp_path: Path) -> None:
    path = tmp_path / "team.db"
    project, article_id = make_project(path, layers())
    project.close()
    assert run("curate", str(path), "--accept-agreed").exit_code == 0
    kept = run("curate", str(path), "--keep", "ben", "--article", str(article_id))
    assert kept.exit_code == 0, kept.output
    assert kept.output.splitlines()[0] == f"#{article_id}: kept ben's version of 5 disagreements (ben has none at 2 of them: gold keeps nothing there) (article curated)", kept.output
    again = run("curate", str(path), "--keep", "ben", "--article", str(article_id))  # already curated: not said again
    assert "(article curated)" not in again.output.splitlines()[0], again.output
