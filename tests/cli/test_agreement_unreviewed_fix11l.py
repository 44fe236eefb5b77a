"""Issue 11 user test (fix11l, finding 3): `annotator agreement` on a team whose analysts never
opened their articles (assign `--analysts a,b,c --per-article 3`, merge the three untouched
files) printed "N articles annotated by all" and a table of dashes with no word why. It now says
that a, b, c have not reviewed them (as `curate` does) and what the figures are over — in the
text, in `--json` (``unreviewed``, ``review_warning``) and in the window's agreement view."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from annotator.cli import cli
from annotator.domain.model import ArticleStatus
from annotator.storage.project import Project
from tests.ui.test_window_support import make_project


def run(*args: object) -> object:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def _team(tmp_path: Path, *, review: str = "") -> Path:
    """news.db (3 articles with suggestions) assigned to a, b, c, every article to all three; the
    files merged untouched — or, with ``review``, after that analyst marked every article done."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    news = tmp_path / "news.db"
    make_project(news).close()
    assert run("assign", news, "--analysts", "a,b,c", "--per-article", 3, "--output", tmp_path / "team", "--seed", 1).exit_code == 0
    files = [tmp_path / "team" / f"{n}.db" for n in "abc"]
    for name in review:
        with Project.open(tmp_path / "team" / f"{name}.db", create=False) as p:
            for article_id in p.article_ids():
                p.set_article_status(article_id, ArticleStatus.DONE, by=name)
    result = run("merge", news, *files)
    assert result.exit_code == 0, result.output
    return news


def test_untouched_files_say_who_has_not_reviewed_and_that_the_figures_are_over_nothing(tmp_path: Path) -> None:
    news = _team(tmp_path)
    result = run("agreement", news)
    assert result.exit_code == 0, result.output
    head = result.stdout.splitlines()
    assert head[0].startswith("Agreement of 3 analysts (a, b, c): ")
    given = {n: [a for (a,) in sqlite3.connect(news).execute(
        "SELECT article_id FROM layer_articles WHERE analyst = ? ORDER BY article_id", [n])] for n in "abc"}
    shown = ", ".join(f"{n} ({len(ids)} article{'s' if len(ids) != 1 else ''})" for n, ids in given.items()) + " have"
    if len({len(ids) for ids in given.values()}) == 1:
        shown = f"a, b, c have not reviewed {len(given['a'])} articles"
    assert head[2].startswith(f"Warning: {shown} not reviewed"), head[2]  # before the table of dashes
    assert "(status new in their files" in head[2]
    assert "the figures are over nothing: only accepted annotations count" in head[2]
    data = json.loads(run("agreement", news, "--json").stdout)
    assert data["unreviewed"] == given
    assert data["review_warning"] == head[2].removeprefix("Warning: ")


def test_one_analyst_who_reviewed_is_not_named_and_all_reviewed_says_nothing(tmp_path: Path) -> None:
    news = _team(tmp_path / "one", review="a")
    data = json.loads(run("agreement", news, "--json").stdout)
    assert set(data["unreviewed"]) == {"b", "c"} and data["review_warning"].startswith(("b, c have not", "b ("))
    assert "a " not in data["review_warning"].split(" have not")[0]
    news = _team(tmp_path / "all", review="abc")
    result = run("agreement", news)
    assert "Warning" not in result.stdout and "not reviewed" not in result.stdout
    assert json.loads(run("agreement", news, "--json").stdout)["unreviewed"] == {}


def test_the_windows_agreement_view_says_it_too(tmp_path: Path) -> None:
    from annotator.ui.agreement_dialog import compute_report

    news = _team(tmp_path)
    report = compute_report(news)
    assert report.review_warning and report.review_warning == json.loads(run("agreement", news, "--json").stdout)["review_warning"]
