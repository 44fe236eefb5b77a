"""Issue 11 user-test faults of `assign`, `merge`, `import --analyst` and `agreement` options
(docs/team.md): a merge never silently replaces an analyst's layer with another assignment's
file, another analyst's file renamed, or an older copy; empty or repeated names are refused."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.domain.model import Article, ArticleBundle, Span, Status
from annotator.storage.project import Project

TEXTS = tuple(f"Article {i}: Angela Merkel met Joe Biden in Berlin on day {i}." for i in range(12))


def run(*args: object) -> object:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def _project(path: Path) -> Path:
    with Project.open(path) as p:
        p.import_bundles([ArticleBundle(Article(id=None, text=t), spans=[
            Span(id=f"s{i}", article_id=0, start=12, end=25, label="PERSON", layer="entity", status=Status.SUGGESTED)])
            for i, t in enumerate(TEXTS)], by="lead")
    return path


def _accept_all(path: Path) -> None:
    """The analyst's work: every span of their file accepted (one logged change each)."""
    with Project.open(path) as p:
        with p.writing():
            p.db.execute("UPDATE spans SET status = 'accepted'")
        p.set_schema(p.schema, by="ana")  # a logged change, newer than the file's copy


def _state(team: Path) -> tuple:
    with Project.open(team) as p:
        return (p.db.execute("SELECT count(*) FROM changes").fetchone()[0],
                p.db.execute("SELECT * FROM layer_spans ORDER BY id").fetchall(),
                p.db.execute("SELECT * FROM layer_articles ORDER BY analyst, article_id").fetchall())


@pytest.fixture
def assigned(tmp_path: Path) -> tuple[Path, Path, Path]:
    """(TEAM with team/ana.db merged after ana's work, team/, team2/ made with another seed)."""
    src = _project(tmp_path / "p.db")
    assert run("assign", src, "--analysts", "ana,ben,cy", "--overlap", "0.3", "--output", tmp_path / "team").exit_code == 0
    assert run("assign", src, "--analysts", "ana,ben,cy", "--overlap", "0.3", "--output", tmp_path / "team2", "--seed", "7").exit_code == 0
    _accept_all(tmp_path / "team" / "ana.db")
    team = tmp_path / "TEAM.db"
    result = run("merge", team, tmp_path / "team" / "ana.db")
    assert result.exit_code == 0, result.output
    return team, tmp_path / "team", tmp_path / "team2"


def test_merge_refuses_another_assignments_file_for_the_same_analyst(assigned: tuple[Path, Path, Path]) -> None:
    team, _, team2 = assigned
    before = _state(team)
    result = run("merge", team, team2 / "ana.db")
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and str(team2 / "ana.db") in lines[0] and "assignment differs" in lines[0] and "seed 0 → 7" in lines[0]
    assert _state(team) == before  # nothing written: ana's accepted spans stay, no article added to her layer
    result = run("merge", team, team2 / "ana.db", "--force")  # the lead means it
    assert result.exit_code == 0, result.output


def test_merge_refuses_another_analysts_file_renamed(assigned: tuple[Path, Path, Path], tmp_path: Path) -> None:
    team, folder, _ = assigned
    renamed = tmp_path / "ana-renamed.db"
    shutil.copy(folder / "ben.db", renamed)
    assert run("analyst", renamed, "--set", "ana").exit_code == 0
    before = _state(team)
    result = run("merge", team, renamed)
    assert result.exit_code == 1 and "assignment differs" in result.output and "analyst ana → ben" in result.output
    assert _state(team) == before
    # merged first, before ana's own file: still refused, the file was made for ben
    fresh = tmp_path / "fresh.db"
    result = run("merge", fresh, renamed)
    assert result.exit_code == 1 and "was made by assign for ben, but its analyst is now ana" in result.output
    assert not fresh.exists()
    assert run("merge", fresh, renamed, "--force").exit_code == 0


def test_merge_refuses_an_older_copy_unless_forced(tmp_path: Path) -> None:
    src = _project(tmp_path / "p.db")
    assert run("assign", src, "--analysts", "ana,ben", "--overlap", "0.5", "--output", tmp_path / "team").exit_code == 0
    ana = tmp_path / "team" / "ana.db"
    old = tmp_path / "ana-monday.db"
    shutil.copy(ana, old)
    _accept_all(ana)
    team = tmp_path / "TEAM.db"
    assert run("merge", team, ana).exit_code == 0
    assert run("merge", team, ana).exit_code == 0  # the same file again is fine
    before = _state(team)
    result = run("merge", team, old)
    assert result.exit_code == 1 and "is older than the file merged for ana" in result.output
    assert len(result.output.strip().splitlines()) == 1 and _state(team) == before
    assert run("merge", team, old, "--force").exit_code == 0
    # and after the older one was forced, the newer one is not "older"
    assert run("merge", team, ana).exit_code == 0


def test_files_made_by_hand_without_an_assignment_merge_again(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    with Project.open(path) as p:
        p.import_bundles([ArticleBundle(Article(id=None, text=TEXTS[0]))])
        p.set_setting("analyst", "cy")
    team = tmp_path / "team.db"
    assert run("merge", team, path).exit_code == 0
    assert run("merge", team, path).exit_code == 0


@pytest.mark.parametrize("name", ["", " "])
def test_import_refuses_an_empty_analyst(tmp_path: Path, name: str) -> None:
    data = tmp_path / "a.jsonl"
    data.write_text('{"text": "Angela Merkel spoke."}\n', encoding="utf-8")
    team = tmp_path / "team.db"
    result = run("import", team, data, "--analyst", name)
    assert result.exit_code == 2 and "--analyst" in result.output
    assert not team.exists() or team.stat().st_size == 0 or Project.open(team).article_ids() == []


@pytest.mark.parametrize("names", ["ana,Ana", "ana,ANA,ben", "con,ben", "ana,nul", "com1,ben", "LPT9,ben", "aux.x,ben"])
def test_assign_refuses_names_equal_ignoring_case_or_reserved_on_windows(tmp_path: Path, names: str) -> None:
    src = _project(tmp_path / "p.db")
    result = run("assign", src, "--analysts", names, "--overlap", "0.5", "--output", tmp_path / "out")
    assert result.exit_code == 1 and len(result.output.strip().splitlines()) == 1, result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("overlap", ["0.01", "0.04"])
def test_assign_refuses_an_overlap_that_shares_no_article(tmp_path: Path, overlap: str) -> None:
    src = _project(tmp_path / "p.db")  # 12 articles: 0.01 → round(0.12) = 0 shared
    result = run("assign", src, "--analysts", "ana,ben", "--overlap", overlap, "--output", tmp_path / "out")
    assert result.exit_code == 1 and "no article is shared: agreement will be impossible" in result.output
    assert not (tmp_path / "out").exists()
    assert run("assign", src, "--analysts", "ana,ben", "--overlap", "0", "--output", tmp_path / "none").exit_code == 0


@pytest.mark.parametrize("option", [["--analysts", "ana,ana"], ["--analysts", "ana,ben,ana"], ["--labels", "PERSON,PERSON"]])
def test_agreement_refuses_a_name_given_twice(assigned: tuple[Path, Path, Path], option: list[str]) -> None:
    team = assigned[0]
    result = run("agreement", team, *option)
    assert result.exit_code == 2 and "named twice" in result.output


@pytest.mark.parametrize("option", [["--labels", ""], ["--labels", " "], ["--analysts", ""], ["--labels", "PERSON,"]])
def test_agreement_refuses_an_empty_list(assigned: tuple[Path, Path, Path], option: list[str]) -> None:
    result = run("agreement", assigned[0], *option)
    assert result.exit_code == 2 and option[0] in result.output
