"""fix44 (usertest30 H1, L8, L2, L3, L1): what import and export summaries say. Invented sentences.

H1: a JSONL record's top-level ``_import`` key was left out without a word (plain and Prodigy
records) or taken for our provenance (doccano); now refused as a CSV column and a Label Studio task
key of that name are (fix41): one line naming file:line and what to do, no project written.
L8: a CSV column `` _Import `` (case, spaces) is the reserved name too, as other headers compare.
L2: a re-import of a file whose suggestions an analyst since rejected or deleted counted them
"already there"; they are "not brought back, an analyst had decided otherwise".
L3: every count of the import/export summaries has thousands separators ("5,942 spans").
L1: the export's leftovers line says what a leftover was (a killed import's project, a killed
export's file) and names each one's SQLite sidecars.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.domain import commands
from annotator.domain.model import Status
from annotator.storage.project import Project
from tests.process_support import dead_pid


def run(*args: object) -> Any:
    return CliRunner().invoke(cli, [str(a) for a in args])




# ----------------------------------------------------------------------------- H1, L8

RESERVED = ("has a {kind} named {name}, the name Annotator keeps for where an article was imported from; rename the "
            "{kind} (nothing of it would be lost, but it cannot share that name), then import again")

REFUSED_RECORDS = {
    "plain": {"text": "Bo Lind said yes.", "source": "wire", "_import": {"file": "other"}},
    "prodigy": {"text": "Bo Lind said yes.", "answer": "accept", "_import": "mine"},
    "doccano": {"text": "Bo Lind said yes.", "label": [[0, 7, "PERSON"]], "_import": {"file": "other"}},
    "label studio": {"data": {"text": "Bo Lind said yes."}, "id": 4, "_import": {"file": "other"}},
}


@pytest.mark.parametrize("kind", sorted(REFUSED_RECORDS))
def test_a_jsonl_records_own_import_key_is_refused_naming_its_line(tmp_path: Path, kind: str) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"text": "Al Berg said no."}) + "\n" + json.dumps(REFUSED_RECORDS[kind]) + "\n", encoding="utf-8")
    db = tmp_path / "p.db"
    result = run("import", db, source)
    assert result.exit_code == 1, result.output
    assert result.stderr.strip() == f"Error: {source}:2: {RESERVED.format(kind='key', name=repr('_import'))}"
    assert not db.exists()  # nothing written


def test_our_own_exports_import_under_meta_still_comes_back(tmp_path: Path) -> None:
    """The importer's provenance inside ``meta`` (what our export writes) is not a user's key."""
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"text": "Bo Lind said yes.", "meta": {"source": "wire", "_import": {"file": "a.csv", "row": 2}}})
                      + "\n", encoding="utf-8")
    db = tmp_path / "p.db"
    assert run("import", db, source).exit_code == 0
    with Project.open(db, create=False, read_only=True) as project:
        [article] = project.articles()
        assert project.bundle(article.id).article.meta == {"source": "wire", "_import": {"file": "a.csv", "row": 2}}


@pytest.mark.parametrize("name", [" _Import ", "_IMPORT", "_import "])
@pytest.mark.parametrize("suffix,sep", [(".csv", ","), (".tsv", "\t")])
def test_a_table_column_spelled_like_import_is_refused_as_other_headers_compare(tmp_path: Path, name: str, suffix: str,
                                                                                sep: str) -> None:
    source = tmp_path / f"cols{suffix}"
    source.write_text(sep.join(["id", name, "text"]) + "\n" + sep.join(["7", "x", "Bo Lind said yes."]) + "\n", encoding="utf-8")
    db = tmp_path / "p.db"
    result = run("import", db, source)
    assert result.exit_code == 1, result.output
    named = f"{name!r} (read as '_import': case and spaces around are ignored)"
    assert result.stderr.strip() == f"Error: {source}:1: {RESERVED.format(kind='column', name=named)}"
    assert not db.exists()


# ----------------------------------------------------------------------------- L2

TEXT = "The port will reopen on Monday, the mayor Ines Valk said, and the ferries will sail."


def test_a_reimport_counts_suggestions_an_analyst_rejected_or_deleted_as_decided(tmp_path: Path) -> None:
    spans = [{"id": f"s{i}", "start": TEXT.index(w), "end": TEXT.index(w) + len(w), "label": label, "status": "suggested"}
             for i, (w, label) in enumerate((("Monday", "DATE"), ("Ines Valk", "PERSON"), ("ferries", "PRODUCT"),
                                             ("mayor", "TITLE")))]
    source = tmp_path / "port.jsonl"
    source.write_text(json.dumps({"text": TEXT, "spans": spans}) + "\n", encoding="utf-8")
    db = tmp_path / "p.db"
    assert run("import", db, source).exit_code == 0
    with Project.open(db, create=False) as project:
        [article_id] = project.article_ids()
        by_id = {s.id: s for s in project.spans(article_id)}
        ctx = commands.records(project.spans(article_id), project.relations(article_id))
        project.apply(commands.delete_span(ctx, by_id["s0"]), by="ana")  # a deleted suggestion stays, rejected
        ctx = commands.records(project.spans(article_id), project.relations(article_id))
        project.apply(commands.reject(ctx, by_id["s1"]), by="ana")
        ctx = commands.records(project.spans(article_id), project.relations(article_id))
        project.apply(commands.accept(ctx, by_id["s2"]), by="ana")
        before = sorted((s.id, s.start, s.end, s.label, s.status) for s in project.spans(article_id))

    result = run("import", db, source)

    assert result.exit_code == 0, result.output
    lines = result.stderr.strip().splitlines()
    assert "  already there: 2 spans" in lines  # the accepted one and the one still pending
    assert "  not brought back, an analyst had decided otherwise: 2 spans" in lines  # the deleted and the rejected
    with Project.open(db, create=False, read_only=True) as project:
        assert sorted((s.id, s.start, s.end, s.label, s.status) for s in project.spans(article_id)) == before


# ----------------------------------------------------------------------------- L3

UNSEPARATED = re.compile(r"(?<![\d,.\w-])\d{4,}(?![\d,.])")


def test_summaries_of_a_thousand_article_import_and_export_separate_thousands(tmp_path: Path) -> None:
    n = 1_203
    source = tmp_path / "many.jsonl"
    with source.open("w", encoding="utf-8") as fh:
        for i in range(n):
            text = f"Report {i}: Ines Valk said the port would reopen."
            start = text.index("Ines")
            fh.write(json.dumps({"text": text, "title": f"Port {i}", "spans": [{"start": start, "end": start + 9, "label": "PERSON"}]})
                     + "\n")
    db = tmp_path / "p.db"
    said: list[str] = []
    for args in (("import", db, source), ("import", db, source),
                 ("export", db, "--format", "conll", "--output", tmp_path / "out.conll"),
                 ("export", db, "--format", "brat", "--output", tmp_path / "brat"),
                 ("export", db, "--format", "csv", "--output", tmp_path / "out.csv"),
                 ("mark", db, "done", "--all", "--accept-pending")):
        result = run(*args)
        assert result.exit_code == 0, result.output
        said += result.output.replace(str(tmp_path), "DIR").splitlines()
    assert "  already there: 1,203 spans" in said  # the re-import
    assert any(line.startswith("left out: 1,203 × ") for line in said), said  # conll: article ids, titles and meta
    bare = [line for line in said if UNSEPARATED.search(line)]
    assert bare == []


# ----------------------------------------------------------------------------- L1


def test_the_leftovers_line_tells_killed_imports_from_exports_and_names_their_journals(tmp_path: Path) -> None:
    pid = dead_pid()
    db = tmp_path / "p.db"
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"text": "Bo Lind said yes."}) + "\n", encoding="utf-8")
    assert run("import", db, source).exit_code == 0
    built = [tmp_path / f"n{i}.db.tmp-{pid}-0badf00{i}" for i in range(5)]
    for path in built:
        path.write_bytes(b"SQLite format 3\x00" + bytes(100))
        Path(f"{path}-journal").write_bytes(b"j")
    out = tmp_path / "out.jsonl"

    result = run("export", db, "--output", out)

    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1] == (
        f"5 leftovers of killed imports in this folder: {built[0].name} (+ its journal), {built[1].name} (+ its journal), "
        f"{built[2].name} (+ its journal) and 2 more (+ 2 journals); delete them if no export or import is running")
    half = tmp_path / f"a.jsonl.tmp-{pid}-00c0ffee"
    half.write_text("half", encoding="utf-8")
    for path in built[1:]:
        os.unlink(path)
        os.unlink(f"{path}-journal")

    result = run("export", db, "--output", out)

    assert result.output.strip().splitlines()[-1] == (
        f"2 leftovers of killed exports or imports in this folder: {half.name}, {built[0].name} (+ its journal); "
        "delete them if no export or import is running")
