"""fix11am (issue 11 last user test, L4): ``annotator import ana.db … --analyst ana`` into ana's own
file (``annotator assign`` made it: its analyst setting is ana) made a layer ``ana`` there that
``annotator merge`` then skipped ("not merged: the file's own analysts' layers ana") — said only at
merge time. The import now refuses it (exit 1, one line: what and what to do, nothing written),
by ``--analyst`` or by a file name with ``--analyst-from-filename``; another analyst's layer put into
ana's file is imported as before and the summary says merge will not take it from there."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from annotator.cli import cli
from annotator.storage.project import Project

TEXT = "Mara Quinn said the ferry will run again in May.\n"


def run(*args: object):  # noqa: ANN201
    return CliRunner().invoke(cli, [str(a) for a in args])


def _brat(folder: Path, stem: str = "a") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{stem}.txt").write_text(TEXT, encoding="utf-8")
    (folder / f"{stem}.ann").write_text(f"T1\tPERSON 0 10\t{TEXT[0:10]}\n", encoding="utf-8")
    return folder


def _anas_file(tmp_path: Path) -> Path:
    """ana's own file: the article, her setting ana (as `assign` writes it)."""
    path = tmp_path / "ana.db"
    text = tmp_path / "text"
    text.mkdir()
    (text / "a.txt").write_text(TEXT, encoding="utf-8")
    assert run("import", path, text).exit_code == 0
    assert run("analyst", path, "--set", "ana").exit_code == 0
    return path


def _state(path: Path) -> tuple[int, list[str], int]:
    with Project.open(path) as p:
        return len(p.history()), [i.analyst for i in p.layers()], sum(len(p.spans(a)) for a in p.article_ids())


def test_import_with_the_files_own_analyst_is_refused_saying_what_to_do(tmp_path: Path) -> None:
    ana = _anas_file(tmp_path)
    before = _state(ana)
    result = run("import", ana, _brat(tmp_path / "brat"), "--analyst", "ana")
    assert result.exit_code == 1, result.output
    [line] = [line for line in result.output.splitlines() if line.strip()]
    assert line == (f"Error: {ana}: --analyst ana would put the annotations in a layer named ana, but ana.db is ana's own "
                    "file (its analyst setting, as `annotator assign` made it), where `annotator merge` takes ana's own "
                    "annotations and never such a layer: nothing imported — import without --analyst to add them to "
                    "ana's own annotations in ana.db, or into the team file with --analyst ana"), result.output
    assert _state(ana) == before  # nothing written: no layer, no change-log row, gold as it was
    assert not list((tmp_path).glob("*before-import*")) and "before-import" not in run("restore", ana, "--list").output
    # what it advises works: without --analyst the annotation is ana's own, which merge takes
    plain = run("import", ana, tmp_path / "brat")
    assert plain.exit_code == 0, plain.output
    team = tmp_path / "team.db"
    merged = run("merge", team, ana)
    assert merged.exit_code == 0 and "not merged" not in merged.output, merged.output
    with Project.open(team) as p:
        assert [(i.analyst, i.spans) for i in p.layers()] == [("ana", 1)]


def test_a_file_named_for_the_files_own_analyst_is_refused_with_analyst_from_filename(tmp_path: Path) -> None:
    ana = _anas_file(tmp_path)
    before = _state(ana)
    folder = _brat(tmp_path / "ana")  # a brat file's analyst is its folder's name (PolNeAR's X_<code>.ann aside)
    for extra in ((), ("--skip-errors",)):  # a wrong command, not a bad record: never skipped
        result = run("import", ana, folder / "a.ann", "--analyst-from-filename", *extra)
        assert result.exit_code == 1, result.output
        assert result.output.startswith(f"Error: {folder / 'a.ann'}: its name would put its annotations in a layer named "
                                        "ana, but ana.db is ana's own file"), result.output
        assert _state(ana) == before


def test_another_analysts_layer_in_an_analysts_file_is_imported_and_said_to_be_left_by_merge(tmp_path: Path) -> None:
    ana = _anas_file(tmp_path)
    result = run("import", ana, _brat(tmp_path / "brat"), "--analyst", "ben")
    assert result.exit_code == 0, result.output
    assert ("ben's layer is kept in ana.db, but `annotator merge` does not take it from there (it takes ana's own "
            "annotations): import ben's annotations into the team file with --analyst ben") in result.output
    with Project.open(ana) as p:
        assert [i.analyst for i in p.layers()] == ["ben"]
    # a file that is nobody's (no analyst setting): no such note, a layer there is what it should be
    team = tmp_path / "team.db"
    plain = run("import", team, tmp_path / "brat", "--analyst", "ben")
    assert plain.exit_code == 0 and "does not take" not in plain.output, plain.output


def test_the_files_own_analyst_in_other_letter_case_is_refused_too(tmp_path: Path) -> None:
    """usertest13 F3: ``--analyst Ana`` made an "Ana" layer in ana's own file (``assign`` already
    treats names that differ only in case as one analyst)."""
    ana = _anas_file(tmp_path)
    before = _state(ana)
    result = run("import", ana, _brat(tmp_path / "brat"), "--analyst", "Ana")
    assert result.exit_code == 1, result.output
    [line] = [line for line in result.output.splitlines() if line.strip()]
    assert "ana.db is ana's own file" in line and line.endswith("or into the team file with --analyst ana"), line
    assert _state(ana) == before
