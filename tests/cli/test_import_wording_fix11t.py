"""fix11t (issue 11, usertest11i 13): an import's summary line — a brat .txt given beside its .ann
was "given more than once", and ``--analyst dee`` of text only said nothing of dee. Hand-made text,
no corpus."""

from __future__ import annotations

from pathlib import Path

from tests.cli.test_team_merge_fix11g import run


def _brat(folder: Path) -> tuple[Path, Path]:
    folder.mkdir()
    (folder / "b.txt").write_text("Mayor Ada Brook spoke.\n", encoding="utf-8")
    (folder / "b.ann").write_text("T1\tPERSON 6 15\tAda Brook\n", encoding="utf-8")
    return folder / "b.ann", folder / "b.txt"


def test_a_brat_pair_given_is_no_repeat_and_a_file_given_twice_is(tmp_path: Path) -> None:
    ann, txt = _brat(tmp_path / "cy")
    paired = run("import", tmp_path / "t.db", ann, txt, "--analyst", "dee")
    assert paired.exit_code == 0 and "given more than once" not in paired.output, paired.output
    assert paired.output.strip().endswith("into dee's layer: 1 span")
    twice = run("import", tmp_path / "u.db", ann, ann)
    assert f"{ann} given more than once: read once" in twice.output


def test_an_analyst_import_of_text_only_says_no_layer_was_made(tmp_path: Path) -> None:
    text = tmp_path / "a.txt"
    text.write_text("Just text here.\n", encoding="utf-8")
    result = run("import", tmp_path / "t.db", text, "--analyst", "dee")
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("\n  nothing for dee's layer: the files hold text only, so no layer was made "
                                          "(import their annotations: brat .ann or JSONL with spans)"), result.output


def test_curate_and_analyst_listings_leave_no_wal_files(tmp_path: Path) -> None:
    from tests.cli.test_unreviewed_rule_fix11t import _team

    db, _full, _empty = _team(tmp_path)
    for args in (("curate", db), ("analyst", db)):
        result = run(*args)
        assert result.exit_code == 0, result.output
        assert not Path(f"{db}-wal").exists() and not Path(f"{db}-shm").exists(), args
