"""fix11n (issue 11 user test): analyst names that differ only in case (or in what a Windows or
macOS file system ignores) are one folder there: `import --analyst Ana` beside `ana` made
agreement say "4 analysts (Ana, ana, ben, cy)" and brat `--layer all` write `Ana/` and `ana/`
(data loss where case is ignored). Every way a name enters a team project refuses it in one
line, exit 1, nothing written; an older project that already holds such names is refused by the
brat `--layer all` export before any folder is written. Hand-made text, no corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.storage.layers import clashing_name, folder_key
from annotator.storage.project import Project
from tests.cli.test_export_uncurated import run
from tests.cli.test_team_cli import _analyst
from tests.cli.test_team_status_fix11n import _own_export


def _layers(db: Path) -> list[str]:
    with Project.open(db, read_only=True) as p:
        return [i.analyst for i in p.layers()]


@pytest.mark.parametrize(("name", "other"), [("Ana", "ana"), ("ANA", "ana"), ("ana.", "ana"), ("José", "Jose\u0301")])
def test_folder_key_clashes(name: str, other: str) -> None:
    assert folder_key(name) == folder_key(other)
    assert clashing_name(name, [other, "ben"]) == other
    assert clashing_name(other, [other]) is None  # the same analyst again is no clash
    assert clashing_name("anabel", [other]) is None


def test_import_analyst_differing_only_in_case_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    assert run("import", db, _own_export(tmp_path / "a.jsonl", "done", "ana"), "--analyst", "ana").exit_code == 0
    before = db.read_bytes()
    result = run("import", db, _own_export(tmp_path / "b.jsonl", "done", "Ana"), "--analyst", "Ana")
    assert result.exit_code == 1
    [line] = result.output.strip().splitlines()
    assert line == (f"Error: --analyst: analyst 'Ana' differs only in case from the analyst 'ana' already in {db}: they would "
                    "be one folder and one file on Windows and macOS; give --analyst ana if it is the same analyst, else a clearly "
                    "different name")
    assert db.read_bytes() == before and _layers(db) == ["ana"]
    assert run("import", db, _own_export(tmp_path / "c.jsonl", "done", "ana"), "--analyst", "ana").exit_code == 0  # same name: fine


def test_import_analyst_from_filename_refuses_case_twins(tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    assert run("import", db, _own_export(tmp_path / "ana" / "x.jsonl", "done", "ana"), "--analyst-from-filename").exit_code == 0
    before = db.read_bytes()
    result = run("import", db, _own_export(tmp_path / "more" / "ANA" / "x.jsonl", "done", "ANA"), "--analyst-from-filename")
    assert result.exit_code == 1 and "analyst 'ANA' differs only in case from the analyst 'ana'" in result.output
    assert db.read_bytes() == before
    # two folders of one import that clash with each other: neither is written, a new file is removed
    fresh = tmp_path / "fresh.db"
    _own_export(tmp_path / "both" / "Cy" / "x.jsonl", "done", "Cy")
    _own_export(tmp_path / "both" / "cy" / "x.jsonl", "done", "cy")
    result = run("import", fresh, tmp_path / "both", "--analyst-from-filename")
    assert result.exit_code == 1 and "differs only in case from the analyst" in result.output, result.output
    assert not fresh.exists()


def test_merge_refuses_a_file_whose_analyst_differs_only_in_case(tmp_path: Path) -> None:
    team = tmp_path / "team.db"
    assert run("merge", team, _analyst(tmp_path / "ana.db", "ana", "PERSON")).exit_code == 0
    before = team.read_bytes()
    result = run("merge", team, _analyst(tmp_path / "Ana.db", "Ana", "PERSON"))
    assert result.exit_code == 1
    assert f"Ana.db: analyst 'Ana' differs only in case from the analyst 'ana' already in {team}" in result.output
    assert team.read_bytes() == before
    # both in one merge into a new team file: refused, nothing created
    new = tmp_path / "new.db"
    result = run("merge", new, tmp_path / "ana.db", tmp_path / "Ana.db")
    assert result.exit_code == 1 and "analyst 'Ana' differs only in case from the analyst 'ana' already in" in result.output
    assert not new.exists()


def test_brat_all_export_refuses_layers_that_share_a_folder(tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    run("import", db, _own_export(tmp_path / "a.jsonl", "done", "ana"), "--analyst", "ana")
    with Project.open(db) as p, p.writing():  # as a project made before names were checked holds them
        p.db.execute("INSERT INTO layers (analyst) VALUES ('Ana')")
    out = tmp_path / "brat"
    result = run("export", db, "--format", "brat", "--layer", "all", "-o", out)
    assert result.exit_code == 1
    assert "analysts 'Ana' and 'ana' would be one folder" in result.output and "--layer Ana" in result.output
    assert not out.exists()


def test_assign_refuses_one_name_typed_composed_and_decomposed(tmp_path) -> None:  # noqa: ANN001
    # usertest11f: "José" composed (NFC) and decomposed (NFD) wrote as1/José.db twice, one file on macOS.
    import unicodedata

    from annotator.domain.errors import InputError
    from annotator.storage.team import parse_analysts

    composed, decomposed = unicodedata.normalize("NFC", "José"), unicodedata.normalize("NFD", "José")
    with pytest.raises(InputError) as info:
        parse_analysts(f"{composed},{decomposed}")
    assert f"{composed!r} (composed) / {decomposed!r} (decomposed) more than once" in str(info.value)
    with pytest.raises(InputError, match="'ana' / 'Ana' more than once"):
        parse_analysts("ana,Ana")
    assert parse_analysts(f"{composed},ben") == [composed, "ben"]
