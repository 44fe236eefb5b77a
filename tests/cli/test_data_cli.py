"""`annotator import | export | stats`: messages, exit codes, and that bad input writes nothing."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli


def run(*args: object) -> object:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "one.txt").write_text("First headline\nAlice said hello.\n", encoding="utf-8")
    (folder / "two.txt").write_text("Second headline\nBob said bye.\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("command", ["import", "export", "stats"])
def test_help_has_examples(command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Examples:" in result.output


def test_import_creates_project_and_stats(tmp_path: Path, articles: Path) -> None:
    db = tmp_path / "news.db"
    result = run("import", db, articles)
    assert result.exit_code == 0, result.output
    assert "Imported 2 new articles" in result.output
    stats = json.loads(run("stats", db, "--json").output)
    assert stats["articles"]["new"] == 2
    assert "Articles: 2" in run("stats", db).output


def test_reimport_does_not_duplicate(tmp_path: Path, articles: Path) -> None:
    db = tmp_path / "news.db"
    run("import", db, articles)
    result = run("import", db, articles)
    assert "Imported 0 new articles (2 already in the project)" in result.output


@pytest.mark.parametrize("command", [["export", "--output", "x.jsonl"], ["stats"]])
def test_missing_project_is_named(tmp_path: Path, command: list[str]) -> None:
    missing = tmp_path / "missing.db"
    result = run(command[0], missing, *command[1:])
    assert result.exit_code == 1
    assert "no such project file" in result.output
    assert not missing.exists()


BAD_INPUTS = {
    "malformed.jsonl": (b'{"text": "ok"}\n{"text": \n', "malformed.jsonl:2: is not valid JSON"),
    "nocolumn.csv": (b"id,words\n1,hello\n", "nocolumn.csv:1: has no obvious text column"),
    "latin.txt": (b"caf\xe9 au lait", "--encoding"),
    "outside.jsonl": (b'{"text": "abc", "spans": [{"start": 0, "end": 10, "label": "X"}]}\n', "outside.jsonl:1: span X [0, 10) lies outside"),
    "mismatch.jsonl": (b'{"text": "abc", "spans": [{"start": 0, "end": 1, "label": "X", "text": "b"}]}\n', "says its text is 'b'"),
    "empty.jsonl": (b"", "empty.jsonl: is empty"),
    "empty.txt": (b"", "empty.txt: is empty"),
    "binary.txt": (b"\x7fELF\x02\x01\x01\x00\x00\x00", "binary"),
    "data.xyz": (b"hello", "cannot tell the format"),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_one_line_exit_1_nothing_written(tmp_path: Path, articles: Path, name: str) -> None:
    content, message = BAD_INPUTS[name]
    db = tmp_path / "news.db"
    run("import", db, articles)
    before = db.read_bytes()
    bad = tmp_path / name
    bad.write_bytes(content)
    result = run("import", db, bad)
    assert result.exit_code == 1
    assert message in result.output
    assert result.output.startswith("Error: ") and result.output.count("\n") == 1
    assert "Traceback" not in result.output
    assert db.read_bytes() == before


def test_failed_import_into_a_new_project_leaves_no_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(b"not json\n")
    result = run("import", tmp_path / "new.db", bad)
    assert result.exit_code == 1
    assert not (tmp_path / "new.db").exists()


def test_missing_input_path(tmp_path: Path) -> None:
    result = run("import", tmp_path / "new.db", tmp_path / "nowhere.txt")
    assert result.exit_code == 1 and "no such file or folder" in result.output


def test_skip_errors_lists_what_it_skipped(tmp_path: Path) -> None:
    src = tmp_path / "mixed.jsonl"
    src.write_text('{"text": "good one"}\n{oops\n{"text": "good two"}\n', encoding="utf-8")
    result = run("import", tmp_path / "news.db", src, "--skip-errors")
    assert result.exit_code == 0
    assert "Imported 2 new articles" in result.output
    assert "Skipped 1 bad record" in result.output and "mixed.jsonl:2:" in result.output


def test_encoding_option(tmp_path: Path) -> None:
    src = tmp_path / "latin.txt"
    src.write_bytes(b"caf\xe9 au lait")
    db = tmp_path / "news.db"
    assert run("import", db, src, "--encoding", "latin-1").exit_code == 0
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT text FROM articles").fetchone()[0] == "café au lait"


def test_text_column_option(tmp_path: Path) -> None:
    src = tmp_path / "a.csv"
    src.write_text("id,story\n1,Once upon a time.\n", encoding="utf-8")
    db = tmp_path / "news.db"
    result = run("import", db, src, "--text-column", "nope")
    assert result.exit_code == 1 and "has no column 'nope'" in result.output
    assert run("import", db, src, "--text-column", "story").exit_code == 0


def test_bad_label_map_is_a_usage_message(tmp_path: Path, articles: Path) -> None:
    result = run("import", tmp_path / "n.db", articles, "--label-map", "Content")
    assert result.exit_code == 2 and "FROM=TO" in result.output


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run("import", tmp_path / "n.db").exit_code == 2
    assert run("export", tmp_path / "n.db", "--format", "xml", "--output", "x").exit_code == 2


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "conll", "spacy", "brat"])
def test_export_every_format(tmp_path: Path, articles: Path, fmt: str) -> None:
    db = tmp_path / "news.db"
    run("import", db, articles)
    out = tmp_path / f"out.{fmt}"
    result = run("export", db, "--format", fmt, "--output", out, "--status", "all")
    assert result.exit_code == 0, result.output
    assert out.exists()


def test_export_jsonl_round_trip_through_cli(tmp_path: Path, articles: Path) -> None:
    db, copy = tmp_path / "news.db", tmp_path / "copy.db"
    run("import", db, articles)
    run("export", db, "--output", tmp_path / "a.jsonl")
    run("import", copy, tmp_path / "a.jsonl")
    run("export", copy, "--output", tmp_path / "b.jsonl")
    assert (tmp_path / "a.jsonl").read_bytes() == (tmp_path / "b.jsonl").read_bytes()


def test_export_to_stdout(tmp_path: Path, articles: Path) -> None:
    db = tmp_path / "news.db"
    run("import", db, articles)
    result = run("export", db, "--output", "-")
    assert [json.loads(line)["title"] for line in result.stdout.splitlines()] == ["First headline", "Second headline"]
    assert "Exported 2 articles" in result.stderr


def test_polnear_with_label_map(tmp_path: Path) -> None:
    from tests.conftest import SHARED_DATA

    folder = SHARED_DATA / "polnear-dev" / "attributions"
    if not folder.is_dir():
        pytest.skip("PolNeAR dev data not present")
    ann = sorted(folder.glob("*.ann"))[0]
    db = tmp_path / "p.db"
    result = run("import", db, ann, "--label-map", "Content=QUOTE,Source=SPEAKER,Cue=CUE,Attribution=")
    assert result.exit_code == 0, result.output
    stats = json.loads(run("stats", db, "--json").output)
    assert stats["spans"]["QUOTE"]["accepted"] > 0 and stats["relations"]["SPEAKER"]["accepted"] > 0


def test_every_option_and_format_is_documented() -> None:
    docs = (Path(__file__).resolve().parents[2] / "docs" / "formats.md").read_text(encoding="utf-8")
    for name in ("import", "export", "stats"):
        command = cli.commands[name]
        for param in command.params:
            for opt in getattr(param, "opts", []):
                if opt.startswith("--") and opt != "--help":
                    assert opt in docs, f"{name} {opt} is not in docs/formats.md"
            choices = getattr(param.type, "choices", None) or ()
            for choice in choices:
                assert choice in docs, f"{name} choice {choice} is not in docs/formats.md"


def test_export_to_a_folder_path_is_a_message(tmp_path: Path, articles: Path) -> None:
    db = tmp_path / "news.db"
    run("import", db, articles)
    result = run("export", db, "--output", articles)
    assert result.exit_code == 1 and "cannot be written" in result.output


def test_bad_record_500_of_1000_leaves_the_file_unchanged(tmp_path: Path, articles: Path) -> None:
    db = tmp_path / "news.db"
    run("import", db, articles)
    before = db.read_bytes()
    lines = [json.dumps({"text": f"Article {i}", "spans": [{"start": 0, "end": 7, "label": "X"}]}) for i in range(1, 1001)]
    lines[499] = json.dumps({"text": "Article 500", "spans": [{"start": 0, "end": 70, "label": "X"}]})
    src = tmp_path / "thousand.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("import", db, src)
    assert result.exit_code == 1 and "thousand.jsonl:500:" in result.output
    assert db.read_bytes() == before
    assert json.loads(run("stats", db, "--json").output)["articles_total"] == 2
