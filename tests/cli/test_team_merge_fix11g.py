"""fix11g (issue 11): `annotator merge` refuses an analyst's file assigned from another project,
or from another `assign` run than the files merged before (or merged with it): one line naming
the file, where it was assigned from and what to do (--force), exit 1, nothing written."""

from __future__ import annotations

import hashlib
from pathlib import Path

from click.testing import CliRunner

from annotator.cli import cli
from annotator.domain.model import Article, ArticleBundle
from annotator.storage.project import Project

TEXTS = ("Angela Merkel said the talks failed, according to Reuters.", "Boris Johnson met Joe Biden in London.",
         "The minister told reporters the plan was dead.")


def run(*args: object) -> object:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def _project(path: Path, texts: tuple[str, ...] = TEXTS) -> Path:
    with Project.open(path) as p:
        p.import_bundles([ArticleBundle(Article(id=None, text=t)) for t in texts])
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _assign(source: Path, out: Path, seed: int) -> Path:
    result = run("assign", source, "--analysts", "ana,ben", "--overlap", "1", "--output", out, "--seed", seed)
    assert result.exit_code == 0, result.output
    return out


def test_merge_refuses_a_file_assigned_from_another_project(tmp_path: Path) -> None:
    team = _assign(_project(tmp_path / "team.db"), tmp_path / "team", 0)
    pol = _project(tmp_path / "pol.db", TEXTS[:2])  # never assigned anything
    before = _digest(pol)
    result = run("merge", pol, team / "ana.db")
    assert result.exit_code == 1
    [line] = result.output.strip().splitlines()
    assert f"{team / 'ana.db'}: was assigned from team.db, not from pol.db" in line and "--force" in line
    assert _digest(pol) == before  # nothing written
    result = run("merge", pol, team / "ana.db", "--force")
    assert result.exit_code == 0, result.output
    with Project.open(pol) as p:
        assert [(i.analyst, i.articles) for i in p.layers()] == [("ana", 3)]


def test_merge_into_the_project_assigned_from_or_a_new_file_is_not_refused(tmp_path: Path) -> None:
    team = _assign(_project(tmp_path / "team.db"), tmp_path / "team", 0)
    assert run("merge", tmp_path / "team.db", team / "ana.db", team / "ben.db").exit_code == 0
    result = run("merge", tmp_path / "gold.db", team / "ana.db")  # a new team file
    assert result.exit_code == 0, result.output
    assert run("merge", tmp_path / "gold.db", team / "ben.db").exit_code == 0  # the same run, another analyst


def test_merge_refuses_another_analysts_file_of_another_assign_run(tmp_path: Path) -> None:
    source = _project(tmp_path / "team.db")
    first = _assign(source, tmp_path / "run0", 0)
    second = _assign(source, tmp_path / "run7", 7)
    assert run("merge", source, first / "ana.db").exit_code == 0
    before = _digest(source)
    result = run("merge", source, second / "ben.db")  # no merge record for ben yet: refused all the same
    assert result.exit_code == 1
    [line] = result.output.strip().splitlines()
    assert f"{second / 'ben.db'}: was assigned from team.db (seed 7" in line
    assert "ana's" in line and "(seed 0" in line and "--force" in line
    assert _digest(source) == before
    assert run("merge", source, second / "ben.db", "--force").exit_code == 0


def test_merge_refuses_files_of_two_assign_runs_given_together(tmp_path: Path) -> None:
    source = _project(tmp_path / "team.db")
    first = _assign(source, tmp_path / "run0", 0)
    second = _assign(source, tmp_path / "run7", 7)
    result = run("merge", tmp_path / "new.db", first / "ana.db", second / "ben.db")
    assert result.exit_code == 1
    [line] = result.output.strip().splitlines()
    assert f"{second / 'ben.db'}: was assigned from team.db (seed 7" in line and str(first / "ana.db") in line
    assert not (tmp_path / "new.db").exists()
