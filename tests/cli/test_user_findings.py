"""What a new user found by trying to break the CLI (after issues 7 and 8): each case as a test."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from tests.core.damage import dump, make_project, write_garbage


def run(*args: object):  # noqa: ANN201
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_damage_in_the_middle_of_a_table_is_refused_by_stats_and_import_in_one_line(tmp_path: Path) -> None:
    """Was: stats reported counts and import wrote into a file whose spans table had a garbage page."""
    db = tmp_path / "mid.db"
    make_project(db, articles=40).close()
    write_garbage(db, "spans")
    before = db.read_bytes()
    source = tmp_path / "a.txt"
    source.write_text("Hello world, a new article.", encoding="utf-8")
    for args in (("stats", db), ("import", db, source)):
        result = run(*args)
        lines = result.stderr.strip().splitlines()
        assert result.exit_code == 1 and len(lines) == 1, result.output
        assert lines[0].startswith(f"Error: {db}: table spans is damaged"), lines[0]
    assert db.read_bytes() == before  # nothing written into the damaged file


def test_a_long_sqlite_integrity_listing_is_one_line(tmp_path: Path) -> None:
    from annotator.storage.project import damaged_error

    listing = "*** in database main ***\nPage 464: btreeInitPage() returns error code 11\n" + "\n".join(
        f"On tree page 463 cell {i}: Rowid 65 out of order" for i in range(13))
    line = str(damaged_error(tmp_path / "x.db", f"table spans is damaged (spans: {listing})"))
    assert "\n" not in line
    assert "Page 464: btreeInitPage() returns error code 11" in line and "… and 13 more problems" in line


def test_an_unreadable_folder_is_one_line_not_a_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Was: 'annotator restore --list' with an unreadable backups folder ended in a PermissionError traceback."""
    db = tmp_path / "u.db"
    make_project(db, articles=2).close()

    def denied(*_args: object, **_kwargs: object) -> list:
        raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path / "backups"))

    monkeypatch.setattr("annotator.storage.backup.list_backups", denied)
    monkeypatch.setattr("annotator.cli.backup.list_backups", denied, raising=False)
    result = run("restore", db, "--list")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.strip() == (
        f"Error: {tmp_path / 'backups'}: Permission denied; check that it exists and that you may read and write it")


@pytest.mark.parametrize(("value", "message"), [
    ("Content=QUOTE,Content=CUE", "maps 'Content' twice ('QUOTE' and 'CUE'); keep one"),
    ("Content=QUOTE,Foo", "entry 'Foo' needs the form FROM=TO (e.g. Content=QUOTE,Source=SPEAKER)"),
    ("=X", "entry '=X' has no label before '='"),
])
def test_a_bad_label_map_is_a_usage_error(tmp_path: Path, value: str, message: str) -> None:
    source = tmp_path / "a.txt"
    source.write_text("Hello.", encoding="utf-8")
    result = run("import", tmp_path / "n.db", source, "--label-map", value)
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines()[-1] == f"Error: Invalid value for '--label-map': {message}"
    assert not (tmp_path / "n.db").exists()


def test_the_same_mapping_twice_is_fine(tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    source.write_text("Hello.", encoding="utf-8")
    assert run("import", tmp_path / "n.db", source, "--label-map", "Content=QUOTE,Content=QUOTE").exit_code == 0


def test_nan_and_infinity_are_refused_and_nothing_written(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    make_project(db, articles=1).close()
    before = dump(db)
    for name, body in (("a.jsonl", '{"text": "abc", "meta": {"k": -Infinity}}\n'), ("b.json", '[{"text": "abc", "meta": {"k": NaN}}]')):
        (tmp_path / name).write_text(body, encoding="utf-8")
        result = run("import", db, tmp_path / name)
        assert result.exit_code == 1
        assert "which is not JSON (RFC 8259 has no NaN or Infinity)" in result.stderr
    assert dump(db) == before


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "conll", "spacy", "brat"])
def test_a_link_whose_span_is_not_exported_is_reported_not_dropped_silently(tmp_path: Path, fmt: str) -> None:
    """Found by the long fidelity run: an analyst links a suggested QUOTE to a suggested PERSON (an
    accepted link between two pending spans, which the relation rule allows); an accepted-only
    export cannot hold it and must say so."""
    from annotator.domain import commands
    from annotator.domain.model import Article, ArticleBundle
    from annotator.domain.suggestions import SuggestedSpan, SuggestionSet
    from annotator.storage.project import Project

    db = tmp_path / "news.db"
    text = "Lavrov said the talks were useful."
    with Project.open(db) as project:
        [aid] = project.import_bundles([ArticleBundle(Article(None, text))]).article_ids
        sset = SuggestionSet(origin="rules 1")
        sset.add_span(SuggestedSpan("q", 12, 33, "QUOTE", "quote"))
        sset.add_span(SuggestedSpan("p", 0, 6, "PERSON", "entity"))
        project.add_suggestions(aid, sset)
        ctx = commands.records(project.spans(aid), project.relations(aid))
        quote, person = sorted(project.spans(aid), key=lambda s: s.label)[::-1]
        project.apply(commands.add_relation(ctx, head=quote, child=person, label="SPEAKER", by="ana"), by="ana")
        assert [r.status.value for r in project.relations(aid)] == ["accepted"]
    out = tmp_path / ("brat" if fmt == "brat" else f"out.{fmt}")
    result = run("export", db, "--format", fmt, "--output", out)
    assert result.exit_code == 0, result.output
    assert "left out: 1 × relations whose span is not accepted (decide the span, or use --status all)" in result.stderr
    assert "relations whose span" not in run("export", db, "--format", fmt, "--output", out, "--status", "all").stderr
