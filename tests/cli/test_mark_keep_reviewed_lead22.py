"""usertest25 M2: `annotator mark PROJECT done --all` turned reviewed articles into done and said
nothing. A bulk --all never undoes a review (it says how many it left reviewed); naming the
articles does what it says and says how many were reviewed before."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from annotator.cli import cli
from tests.cli.test_mark_ui29 import _project, _statuses


def test_all_done_leaves_reviewed_articles_reviewed_and_says_so(tmp_path: Path) -> None:
    path = _project(tmp_path / "news.db", 4)
    assert CliRunner().invoke(cli, ["mark", str(path), "reviewed", "--articles", "2,3"]).exit_code == 0
    result = CliRunner().invoke(cli, ["mark", str(path), "done", "--all"])
    assert result.exit_code == 0, result.output
    assert _statuses(path) == {1: "done", 2: "reviewed", 3: "reviewed", 4: "done"}
    assert result.stdout.strip() == ("Marked 2 articles done (2 reviewed articles left reviewed: name them with "
                                     "--articles to set them done).")


def test_named_reviewed_articles_are_set_and_the_line_says_they_were_reviewed(tmp_path: Path) -> None:
    path = _project(tmp_path / "news.db", 3)
    assert CliRunner().invoke(cli, ["mark", str(path), "reviewed", "--articles", "2"]).exit_code == 0
    result = CliRunner().invoke(cli, ["mark", str(path), "done", "--articles", "1-2"])
    assert result.exit_code == 0, result.output
    assert _statuses(path)[2] == "done"
    assert result.stdout.strip() == "Marked 2 articles done (1 was reviewed before)."
