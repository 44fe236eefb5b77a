"""CoNLL-2003 import (usertest16 M7: CoNLL was export only; training from CoNLL-2003 needed a
hand-written IOB→JSONL converter): `annotator import P.db x.conll` / `--format conll`."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.domain.model import Article, ArticleBundle, Span
from annotator.domain.schema import default_schema
from annotator.formats.common import ImportOptions
from annotator.formats.conll_import import label_for
from annotator.storage.project import Project
from tests.conftest import SHARED_DATA

# Invented sentences (no corpus text).
IOB1 = """-DOCSTART- -X- O O

Mara NNP I-NP I-PER
Quell NNP I-NP I-PER
met VBD I-VP O
Ivo NNP I-NP I-PER
Tarn NNP I-NP B-PER
in IN I-PP O
Brindle NNP I-NP I-LOC
. . O O

Ostrava NNP I-NP I-ORG
Bank NNP I-NP I-ORG
sold VBD I-VP O
Zentish JJ I-NP I-MISC
bonds NNS I-NP O

-DOCSTART- -X- O O

Pell NNP I-NP I-LOC
rained VBD I-VP O
"""

IOB2 = """Nadia B-PER
Vost I-PER
flew O
to O
Kerrow B-LOC

Harth B-ORG
Mills I-ORG
closed O
"""


def run(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def entities(db: Path) -> list[tuple[str, str, str, str, str]]:
    """(article text's first word, entity text, label, layer, status) of every span, in order."""
    found = rows(db, "SELECT a.text, s.start, s.\"end\", s.label, s.layer, s.status FROM spans s "
                     "JOIN articles a ON a.id = s.article_id ORDER BY a.id, s.start")
    return [(text.split()[0], text[start:end], label, layer, status) for text, start, end, label, layer, status in found]


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_iob1_documents_text_and_entities(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    result = run("import", db, write(tmp_path / "news.conll", IOB1))
    assert result.exit_code == 0, result.stderr
    assert "Imported 2 new articles" in result.stderr and "7 spans" in result.stderr
    texts = [t for (t,) in rows(db, "SELECT text FROM articles ORDER BY id")]
    assert texts == ["Mara Quell met Ivo Tarn in Brindle .\nOstrava Bank sold Zentish bonds", "Pell rained"]
    assert rows(db, "SELECT DISTINCT status FROM articles") == [("done",)]
    got = entities(db)  # IOB1: "Tarn" (B-PER right after "Ivo" I-PER) is an entity of its own
    assert [(e[1], e[2]) for e in got] == [("Mara Quell", "PERSON"), ("Ivo", "PERSON"), ("Tarn", "PERSON"), ("Brindle", "LOC"),
                                           ("Ostrava Bank", "ORG"), ("Zentish", "MISC"), ("Pell", "LOC")]
    assert {(e[3], e[4]) for e in got} == {("entity", "accepted")}


def test_iob2_two_columns_one_document_per_file_and_status_new(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    result = run("import", db, write(tmp_path / "a.iob", IOB2), "--status", "new")
    assert result.exit_code == 0, result.stderr
    assert rows(db, "SELECT text, status FROM articles") == [("Nadia Vost flew to Kerrow\nHarth Mills closed", "new")]
    assert [(e[1], e[2]) for e in entities(db)] == [("Nadia Vost", "PERSON"), ("Kerrow", "LOC"), ("Harth Mills", "ORG")]


def test_format_option_reads_a_file_without_suffix_and_reimport_merges(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    data = write(tmp_path / "eng.sample", IOB1)
    assert run("import", db, data).exit_code == 1  # no suffix: the format must be named
    assert run("import", db, data, "--format", "conll").exit_code == 0
    again = run("import", db, data, "--format", "conll")
    assert again.exit_code == 0, again.stderr
    assert "Imported 0 new articles (2 already in the project), 0 spans" in again.stderr
    assert rows(db, "SELECT count(*) FROM spans") == [(7,)]


def test_docstart_word_of_our_export_is_a_word(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    data = write(tmp_path / "w.conll", "-DOCSTART- -X- -X- O\n\nThe _ _ O\n-DOCSTART- _ _ O\nline _ _ O\n")
    assert run("import", db, data).exit_code == 0
    assert rows(db, "SELECT text FROM articles") == [("The -DOCSTART- line",)]


def test_status_is_for_conll_only(tmp_path: Path) -> None:
    result = run("import", tmp_path / "p.db", write(tmp_path / "a.txt", "Some words here."), "--status", "new")
    assert result.exit_code == 2 and "--status is for CoNLL input only" in result.stderr
    assert not (tmp_path / "p.db").exists()


@pytest.mark.parametrize(("bad", "line", "says"), [
    ("Harth B-ORG\nMills I-NP I-ORG\n", 2, "3 columns where this file's token lines have 2"),
    ("Harth S-ORG\n", 1, "NER tag 'S-ORG' is not O, B-TYPE or I-TYPE"),
    ("Harth B-\n", 1, "NER tag 'B-' is not"),
    ("Harth\n", 1, "1 column: a CoNLL token line is"),
    # IOB2 (B- after O) and an I- starting an entity after O: the rarer kind is named
    ("Nadia B-PER\nflew O\nKerrow B-LOC\nand O\nPell I-LOC\n", 5, "starts an entity with I- after O"),
    ("Nadia I-PER\nflew O\nKerrow I-LOC\nand O\nPell B-LOC\n", 5, "starts an entity with B- after O"),
])
def test_bad_line_named_exit_1_nothing_written(tmp_path: Path, bad: str, line: int, says: str) -> None:
    db = tmp_path / "p.db"
    path = write(tmp_path / "bad.conll", bad)
    result = run("import", db, path)
    assert result.exit_code == 1
    assert f"{path}:{line}: " in result.stderr and says in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not db.exists()


def test_skip_errors_skips_the_bad_document_only(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    path = write(tmp_path / "two.conll", IOB1.replace("Pell NNP I-NP I-LOC", "Pell NNP I-LOC"))
    result = run("import", db, path, "--skip-errors")
    assert result.exit_code == 0, result.stderr
    assert "Imported 1 new article" in result.stderr and f"{path}:20: 3 columns" in result.stderr


def test_empty_file_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "empty.conll", "-DOCSTART- -X- O O\n\n")
    result = run("import", tmp_path / "p.db", path)
    assert result.exit_code == 1 and f"{path}: holds no CoNLL token lines" in result.stderr


def test_labels_follow_the_schema() -> None:
    schema = default_schema()
    options = ImportOptions(schema=schema)
    assert [label_for(k, options) for k in ("PER", "ORG", "LOC", "MISC", "FAC", "DATE")] == ["PERSON", "ORG", "LOC", "MISC", "LOC", "DATE"]
    per = dataclasses.replace(schema, labels=(*schema.labels, dataclasses.replace(schema.labels[0], name="PER")))
    assert label_for("PER", ImportOptions(schema=per)) == "PER"  # a schema with PER keeps it
    no_person = dataclasses.replace(schema, labels=tuple(lab for lab in schema.labels if lab.name != "PERSON"),
                                    ner_map={k: v for k, v in schema.ner_map.items() if v != "PERSON"})
    assert label_for("PER", ImportOptions(schema=no_person)) == "PER"
    assert label_for("PER", ImportOptions(schema=schema, label_map={"PER": "SPEAKER"})) == "SPEAKER"


def test_round_trip_export_then_import(tmp_path: Path) -> None:
    texts = ["Lena Ostrova of Quillmark Labs visited New Harwick on Monday.\nShe praised the Verdan Prize.",
             "Tomas Ek said nothing."]
    marks = [[("Lena Ostrova", "PERSON"), ("Quillmark Labs", "ORG"), ("New Harwick", "GPE"), ("Verdan Prize", "MISC")],
             [("Tomas Ek", "PERSON")]]
    source = tmp_path / "src.db"
    with Project.open(source, create=True) as project:
        bundles = []
        for text, found in zip(texts, marks):
            spans = [Span(f"s{i}", 0, text.index(t), text.index(t) + len(t), label, "entity") for i, (t, label) in enumerate(found)]
            bundles.append(ArticleBundle(Article(None, text), spans=spans))
        project.import_bundles(bundles)
    out = tmp_path / "out.conll"
    assert run("export", source, "--format", "conll", "--output", out).exit_code == 0
    target = tmp_path / "back.db"
    result = run("import", target, out)
    assert result.exit_code == 0, result.stderr
    back = rows(target, "SELECT a.text, s.start, s.\"end\", s.label FROM spans s JOIN articles a ON a.id = s.article_id "
                        "ORDER BY a.id, s.start")
    assert [(text[s:e], label) for text, s, e, label in back] == [m for found in marks for m in found]
    # the rebuilt text: the words, one space between, a line break between sentences
    assert [t.split() for (t,) in rows(target, "SELECT text FROM articles ORDER BY id")] == [
        t.replace(".", " .").split() for t in texts]
    # the rebuilt project exports to the same CoNLL, which imports as the same articles
    again = tmp_path / "again.conll"
    assert run("export", target, "--format", "conll", "--output", again).exit_code == 0
    assert again.read_text(encoding="utf-8") == out.read_text(encoding="utf-8")
    assert "Imported 0 new articles (2 already in the project)" in run("import", target, again).stderr


ENG_TESTA = SHARED_DATA / "conll2003" / "eng.testa"


@pytest.mark.skipif(not ENG_TESTA.is_file(), reason="CoNLL-2003 eng.testa not in the shared data folder")
def test_eng_testa_documents_and_entities_counted(tmp_path: Path) -> None:
    documents = entity_count = 0
    before = "O"
    for line in ENG_TESTA.read_text(encoding="utf-8").splitlines():  # counted directly, IOB1
        parts = line.split()
        if parts and parts[0] == "-DOCSTART-":
            documents += 1
            before = "O"
            continue
        tag = parts[-1] if parts else "O"
        if tag.startswith("B-") or (tag.startswith("I-") and before[2:] != tag[2:]):
            entity_count += 1
        before = tag
    db = tmp_path / "testa.db"
    result = run("import", db, ENG_TESTA, "--format", "conll")
    assert result.exit_code == 0, result.stderr
    assert rows(db, "SELECT count(*), min(status), max(status) FROM articles") == [(documents, "done", "done")]
    assert rows(db, "SELECT count(*) FROM spans WHERE layer = 'entity' AND status = 'accepted'") == [(entity_count,)]
    assert {label for (label,) in rows(db, "SELECT DISTINCT label FROM spans")} == {"PERSON", "ORG", "LOC", "MISC"}
