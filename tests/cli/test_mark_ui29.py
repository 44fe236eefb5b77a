"""usertest24 M6: `annotator mark PROJECT done|reviewed|in-progress --articles 1,5-9 | --all
[--accept-pending]` marks articles in bulk through the window's edits and change log (branch
ui29). Made-up sentences."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.cli.review import parse_ids
from annotator.domain.model import Article, ArticleBundle, ArticleStatus, Span, Status
from annotator.storage.project import Project


def _project(path: Path, n: int = 6) -> Path:
    with Project.open(path) as proj:
        proj.import_bundles([ArticleBundle(Article(None, f"Mara Obi opened depot number {i} on Tuesday.", title=f"Depot {i}"),
                                           spans=[Span(f"s{i}", 0, 0, 8, "PERSON", "entity", status=Status.SUGGESTED)])
                             for i in range(n)])
    return path


def _statuses(path: Path) -> dict[int, str]:
    with Project.open(path, create=False, read_only=True) as proj:
        return {s.id: str(s.status) for s in proj.articles()}


def test_parse_ids_reads_lists_and_ranges_and_names_a_bad_part() -> None:
    assert parse_ids("1,5-7, 3") == [1, 5, 6, 7, 3]
    assert parse_ids("2-2,2") == [2]
    for bad in ("x", "3-1", "0", "1-", ","):
        with pytest.raises(ValueError):
            parse_ids(bad)


def test_mark_reviewed_by_ids_logs_each_article_as_the_window_does(tmp_path: Path) -> None:
    path = _project(tmp_path / "news.db")
    result = CliRunner().invoke(cli, ["mark", str(path), "reviewed", "--articles", "1,3-4", "--by", "ana"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "Marked 3 articles reviewed."
    assert "3 suggestions left pending in them" in result.stderr and "--accept-pending" in result.stderr
    assert _statuses(path) == {1: "reviewed", 2: "new", 3: "reviewed", 4: "reviewed", 5: "new", 6: "new"}
    with Project.open(path, create=False, read_only=True) as proj:
        rows = proj.db.execute("SELECT action, by FROM changes WHERE action LIKE 'Mark article%'").fetchall()
        assert rows == [("Mark article reviewed", "ana")] * 3  # the window's action words
        assert {s.status for s in proj.bundle(1).spans} == {Status.SUGGESTED}  # pending stays pending
    again = CliRunner().invoke(cli, ["mark", str(path), "reviewed", "--articles", "4-5"])
    assert again.exit_code == 0 and again.stdout.strip() == "Marked 1 article reviewed (1 already reviewed)."
    back = CliRunner().invoke(cli, ["mark", str(path), "in-progress", "--articles", "1"])
    assert back.exit_code == 0 and _statuses(path)[1] == "in_progress"


def test_mark_all_done_accepting_pending_suggestions_first(tmp_path: Path) -> None:
    path = _project(tmp_path / "news.db", 3)
    result = CliRunner().invoke(cli, ["mark", str(path), "done", "--all", "--accept-pending"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "Marked 3 articles done; accepted 3 pending suggestions first: 3 PERSON."  # by label, fix41
    assert "left pending" not in result.stderr
    assert set(_statuses(path).values()) == {str(ArticleStatus.DONE)}
    with Project.open(path, create=False, read_only=True) as proj:
        assert {s.status for i in (1, 2, 3) for s in proj.bundle(i).spans} == {Status.ACCEPTED}
        actions = [a for (a,) in proj.db.execute("SELECT action FROM changes WHERE action NOT LIKE 'import:%' ORDER BY id")]
        assert actions == ["Accept the 1 suggestion", "Mark article done"] * 3


@pytest.mark.parametrize(("args", "said"), [
    (["reviewed"], "give the articles: --articles 1,5-9, or --all"),
    (["reviewed", "--all", "--articles", "1"], "give the articles"),
    (["reviewed", "--articles", "1,x"], "'x' is not an article id"),
    (["reviewed", "--articles", "2,9-10"], "2 ids not in news.db: 9, 10 (its ids run 1-3; nothing was marked)"),
    (["finished", "--all"], "'finished' is not one of"),
])
def test_bad_input_is_one_line_and_nothing_is_marked(tmp_path: Path, args: list[str], said: str) -> None:
    path = _project(tmp_path / "news.db", 3)
    result = CliRunner().invoke(cli, ["mark", str(path), *args])
    assert result.exit_code == 2 and said in result.output and "Traceback" not in result.output
    assert set(_statuses(path).values()) == {"new"}
