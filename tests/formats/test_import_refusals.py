"""Input that used to crash or vanish: refused with one line naming file:line (exit 1, nothing
written), or skipped and listed with --skip-errors."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.cli import cli
from annotator.domain.errors import InputError
from annotator.domain.model import text_hash
from annotator.formats.common import ImportOptions
from annotator.storage.project import Project
from tests.formats.helpers import import_paths

GOOD = {"text": "A good article.\nAlice Smith spoke."}


def run(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def dump(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        return "\n".join(conn.iterdump())


def jsonl(path: Path, *raw_lines: str) -> Path:
    path.write_text("".join(line + "\n" for line in raw_lines), encoding="utf-8")
    return path


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "news.db"
    assert run("import", path, jsonl(tmp_path / "seed.jsonl", json.dumps(GOOD))).exit_code == 0
    return path


def refused(db: Path, source: Path, message: str, *extra: object) -> str:
    """Import ``source`` into ``db`` through the CLI: one line with ``message``, exit 1, and the
    project file byte for byte (and row for row) as it was."""
    before, rows = db.read_bytes(), dump(db)
    result = run("import", db, source, *extra)
    assert result.exit_code == 1, result.output
    assert result.output.startswith("Error: ") and result.output.count("\n") == 1, result.output
    assert message in result.output, result.output
    assert "Traceback" not in result.output
    assert (db.read_bytes(), dump(db)) == (before, rows)
    return result.output


# ----------------------------------------------------------------------------- lone surrogates

# A JSON escape of half an emoji: json.loads gives a str that UTF-8 and SQLite cannot hold.
LONE = "\\ud83d"
SURROGATE_RECORDS = {
    "text": '{"text": "Broken %s emoji."}' % LONE,
    "title": '{"text": "Fine.", "title": "T%s"}' % LONE,
    "meta value": '{"text": "Fine.", "meta": {"source": "AP%s"}}' % LONE,
    "meta key": '{"text": "Fine.", "meta": {"s%s": "AP"}}' % LONE,
    "unknown top-level key": '{"text": "Fine.", "feed%s": 1}' % LONE,
    "span label": '{"text": "Fine.", "spans": [{"start": 0, "end": 4, "label": "X%s"}]}' % LONE,
    "span id": '{"text": "Fine.", "spans": [{"id": "a%s", "start": 0, "end": 4, "label": "X"}]}' % LONE,
    "span attr value": '{"text": "Fine.", "spans": [{"start": 0, "end": 4, "label": "X", "attrs": {"note": "%s"}}]}' % LONE,
    "span attr key": '{"text": "Fine.", "spans": [{"start": 0, "end": 4, "label": "X", "attrs": {"%s": 1}}]}' % LONE,
    "span origin": '{"text": "Fine.", "spans": [{"start": 0, "end": 4, "label": "X", "origin": "m%s"}]}' % LONE,
    "relation label": '{"text": "Fine.", "spans": [{"id": "a", "start": 0, "end": 4, "label": "X"}], '
                      '"relations": [{"head": "a", "child": "a", "label": "R%s"}]}' % LONE,
    "tag": '{"text": "Fine.", "doc": {"tags": ["t%s"]}}' % LONE,
    "stance holder": '{"text": "Fine.", "doc": {"stances": [{"holder": "%s", "target": "x", "polarity": "favor"}]}}' % LONE,
    "doccano label": '{"text": "Fine.", "label": [[0, 4, "X%s"]]}' % LONE,
    "label studio text": '{"data": {"text": "Fine %s."}, "annotations": []}' % LONE,
}


@pytest.mark.parametrize("field", sorted(SURROGATE_RECORDS))
def test_lone_surrogate_anywhere_in_a_record_is_named(db: Path, tmp_path: Path, field: str) -> None:
    source = jsonl(tmp_path / "bad.jsonl", json.dumps({"text": "Other good one."}), SURROGATE_RECORDS[field])
    output = refused(db, source, "bad.jsonl:2: ")
    assert "lone surrogate U+D83D" in output


def test_lone_surrogate_is_skipped_and_listed_with_skip_errors(db: Path, tmp_path: Path) -> None:
    source = jsonl(tmp_path / "bad.jsonl", json.dumps({"text": "First good."}), SURROGATE_RECORDS["text"], json.dumps({"text": "Last good."}))
    result = run("import", db, source, "--skip-errors")
    assert result.exit_code == 0, result.output
    assert "Imported 2 new articles" in result.output
    assert "Skipped 1 bad record" in result.output and "bad.jsonl:2: \"text\" holds a lone surrogate U+D83D at character 7" in result.output
    with Project.open(db) as project:
        assert project.count_articles() == 3


def test_a_paired_surrogate_escape_is_one_emoji(project: Project, tmp_path: Path) -> None:
    source = jsonl(tmp_path / "ok.jsonl", '{"text": "Smile \\ud83d\\ude00 now.", "spans": [{"start": 6, "end": 7, "label": "EMOJI"}]}')
    [article_id] = import_paths(project, source).result.article_ids
    [span] = project.spans(article_id)
    assert (project.article(article_id).text, span.start, span.end) == ("Smile \U0001f600 now.", 6, 7)


def test_text_hash_does_not_raise_on_a_lone_surrogate() -> None:
    assert len(text_hash("a\ud83d")) == 64 and text_hash("a\ud83d") != text_hash("a")
    # valid text hashes as before, so the hashes stored in existing projects still match
    assert text_hash("Müller 😄") == hashlib.sha256("Müller 😄".encode()).hexdigest()


@pytest.mark.parametrize(
    ("name", "content", "extra", "where"),
    [
        # Decoders that can produce a lone surrogate from bytes: UTF-7 and unicode_escape.
        ("article.txt", b"Headline\nSecond line +2D0- here.\n", ("--encoding", "utf-7"), "article.txt:2: \"text\""),
        ("rows.csv", b"title,text\nOne,Fine text.\nTwo,Bad +2D0- text.\n", ("--encoding", "utf-7"), "rows.csv:3: \"text\""),
        ("rows2.csv", b"title,text\nOne,Fine text.\nT+2D0-,Bad title.\n", ("--encoding", "utf-7"), "rows2.csv:3: \"title\""),
        ("cells.csv", b"text,feed\nFine text.,AP\nOther text.,x+2D0-\n", ("--encoding", "utf-7"), "cells.csv:3: \"meta.feed\""),
    ],
)
def test_lone_surrogate_from_a_decoder_in_txt_and_csv(db: Path, tmp_path: Path, name: str, content: bytes, extra: tuple, where: str) -> None:
    source = tmp_path / name
    source.write_bytes(content)
    refused(db, source, where, *extra)


def test_lone_surrogate_in_brat_text_names_the_txt_line(db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / "a.txt").write_bytes(b"First line.\nAlice +2D0- spoke.\n")
    (folder / "a.ann").write_bytes(b"T1\tPERSON 12 17\tAlice\n")
    refused(db, folder / "a.ann", "a.txt:2: \"text\" holds a lone surrogate", "--encoding", "utf-7")


def test_lone_surrogate_in_a_brat_label_names_the_ann_line(db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / "a.txt").write_bytes(b"First line.\nAlice spoke.\n")
    (folder / "a.ann").write_bytes(b"T1\tPERSON 12 17\tAlice\nT2\tX+2D0- 18 23\tspoke\n")
    refused(db, folder / "a.ann", "a.ann:2: \"spans[1].label\" holds a lone surrogate", "--encoding", "utf-7")


# ----------------------------------------------------------------------------- wrong types, unknown keys

@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"text": "Fine.", "title": 5}, '"title" must be a string, not a number'),
        ({"text": "Fine.", "url": ["a"]}, '"url" must be a string, not a list'),
        ({"text": "Fine.", "meta": "AP"}, '"meta" must be a JSON object, not str'),
        ({"text": "Fine.", "status": 1}, '"status" must be a string, not a number'),
        ({"text": "Fine.", "status": "finished"}, "unknown article \"status\" 'finished'"),
        ({"text": "Fine.", "answer": "yes"}, "unknown \"answer\" 'yes'"),
        ({"text": "Fine.", "doc": {"tags": "politics"}}, '"doc.tags" must be a list, not str'),
        ({"text": "Fine.", "doc": {"tags": [3]}}, '"doc.tags[]" must be a JSON object, not a number'),
        ({"text": "Fine.", "doc": {"stances": [{"holder": 1, "target": "x", "polarity": "favor"}]}}, '"doc.stances[].holder" must be a string'),
        ({"text": "Fine.", "doc": {"topics": ["x"]}}, "\"doc\" has the key 'topics'"),
        ({"text": "Fine.", "spans": {"start": 0}}, '"spans" must be a list, not an object'),
        ({"text": "Fine.", "spans": [{"id": 7, "start": 0, "end": 4, "label": "X"}]}, 'span X [0, 4): "id" must be a string, not a number'),
        ({"text": "Fine.", "spans": [{"start": 0, "end": 4, "label": "X", "text": 4}]}, '"spans[].text" must be a string'),
        ({"text": "Fine.", "spans": [{"start": 0, "end": 4, "label": "X", "origin": 1}]}, 'span X [0, 4): "origin" must be a string, not a number'),
        ({"text": "Fine.", "spans": [{"start": 0, "end": 4, "label": "X", "by": 12}]}, 'span X [0, 4): "by" must be a string, not a number'),
        ({"text": "Fine.", "spans": [{"start": 0, "end": 4, "label": "X", "attrs": []}]}, 'span X [0, 4): "attrs" must be a JSON object, not a list'),
        ({"text": "Fine.", "spans": [{"id": "a", "start": 0, "end": 4, "label": "X"}],
          "relations": [{"head": "a", "child": "a", "label": "R", "attrs": "x"}]}, 'relation R: "attrs" must be a JSON object, not str'),
        ({"text": "Fine.", "_timestamp": "yesterday"}, '"_timestamp" must be Unix seconds'),
        ({"text": "Fine.", "_timestamp": 1e300}, '"_timestamp" 1e+300 is not a time'),
        # annotation-looking keys we cannot read: refused naming the key, never "0 spans"
        ({"text": "Fine.", "annotations": [{"start": 0, "end": 4}]}, "has a key 'annotations' that looks like annotations"),
        ({"text": "Fine.", "ents": [{"start": 0, "end": 4, "label": "X"}]}, "has a key 'ents' that looks like annotations"),
        ({"text": "Fine.", "tags": ["x"]}, "has a key 'tags' that looks like annotations"),
        ({"text": "Fine.", "label": {"name": "X"}}, "has a key 'label' that looks like annotations"),
        ({"text": "Fine.", "source": "AP", "meta": {"source": "Reuters"}}, "has 'source' both at the top level and in \"meta\""),
    ],
)
def test_bad_record_is_refused_naming_the_key(db: Path, tmp_path: Path, record: dict, message: str) -> None:
    source = jsonl(tmp_path / "bad.jsonl", json.dumps({"text": "Other good one."}), json.dumps(record))
    output = refused(db, source, "bad.jsonl:2: ")
    assert message in output


def test_unknown_keys_are_kept_in_meta_and_attrs(project: Project, tmp_path: Path) -> None:
    record = {"text": "Alice Smith spoke.", "feed": "AP", "score": 0.5, "_input_hash": 1,
              "spans": [{"start": 0, "end": 11, "label": "PERSON", "source": "ner-model", "input_hash": 7}],
              "label": "POLITICS"}
    [article_id] = import_paths(project, jsonl(tmp_path / "k.jsonl", json.dumps(record))).result.article_ids
    assert project.article(article_id).meta == {"feed": "AP", "score": 0.5, "label": "POLITICS"}
    [span] = project.spans(article_id)
    assert span.attrs == {"source": "ner-model", "input_hash": 7}


def test_unknown_key_and_attr_of_the_same_name_is_refused(project: Project, tmp_path: Path) -> None:
    record = {"text": "Alice Smith spoke.", "spans": [{"start": 0, "end": 11, "label": "PERSON", "note": "a", "attrs": {"note": "b"}}]}
    with pytest.raises(InputError, match="'note' both as a key and in \"attrs\""):
        import_paths(project, jsonl(tmp_path / "k.jsonl", json.dumps(record)))
    assert project.count_articles() == 0


def test_a_file_name_that_is_not_utf8_is_named(db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "odd"
    folder.mkdir()
    name = (bytes(folder) + b"/caf\xe9.txt")
    try:
        Path(name.decode("utf-8", "surrogateescape")).write_text("Hello there.\nBody.\n", encoding="utf-8")
    except (OSError, UnicodeEncodeError):
        pytest.skip("the file system does not take non-UTF-8 names")
    refused(db, folder, "the file name is not valid UTF-8 (it holds the byte 0xe9); rename the file")


def test_by_that_is_not_utf8_is_refused(db: Path, tmp_path: Path) -> None:
    source = jsonl(tmp_path / "ok.jsonl", json.dumps({"text": "Another good one."}))
    refused(db, source, "--by is not valid text", "--by", "x\udcff")


# ----------------------------------------------------------------------------- never a traceback

_scalars = st.none() | st.booleans() | st.integers(-3, 40) | st.floats(allow_nan=False) | st.text(max_size=6)
_json = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
                     max_leaves=8)
_keys = st.sampled_from(["id", "start", "end", "label", "text", "status", "origin", "attrs", "by", "suggestion", "head", "child",
                         "head_span", "tokens", "labels", "value", "type", "from_id", "to_id", "result", "completed_by",
                         "start_offset", "end_offset", "entities", "relations", "tags", "stances", "holder", "spans"])
_part = st.dictionaries(_keys, _json, max_size=5)
_record = st.fixed_dictionaries(
    {}, optional={"text": st.just("Alice Smith said hello to Bob."), "spans": st.lists(_part, max_size=2),
                  "relations": st.lists(_part, max_size=2), "doc": st.fixed_dictionaries({}, optional={"tags": _json, "stances": st.lists(_part, max_size=2)}),
                  "label": _json, "entities": st.lists(_part, max_size=2), "tokens": _json, "meta": _json, "answer": _json,
                  "data": st.fixed_dictionaries({}, optional={"text": st.just("Alice Smith said hello."), "x": _json}),
                  "annotations": st.lists(st.dictionaries(_keys, _json | st.lists(_part, max_size=2), max_size=4), max_size=2),
                  "predictions": _json},
)


@settings(max_examples=100, deadline=None)
@given(record=_record)
def test_any_record_is_imported_or_refused_never_a_traceback(record: dict) -> None:
    from annotator.formats.jsonl import bundle_from_record

    try:
        bundle = bundle_from_record(record, ImportOptions(), path=Path("r.jsonl"), line=1)
    except InputError as exc:
        assert str(exc).startswith("r.jsonl:1: ")
    else:
        assert bundle.article.text.strip()


# ----------------------------------------------------------------------------- stance polarities (user-test finding 8)


def _stance_record(polarity: str) -> str:
    return json.dumps({"text": "Lavrov is against the shield.", "doc": {"stances": [
        {"holder": "Lavrov", "target": "missile defence", "polarity": polarity}]}})


def test_a_polarity_the_schema_lacks_is_refused_naming_the_known_ones(db: Path, tmp_path: Path) -> None:
    source = jsonl(tmp_path / "bad.jsonl", _stance_record("against"), _stance_record("maybe"))
    out = refused(db, source, "bad.jsonl:2")
    assert "polarity 'maybe' is not one of the project's (favor, against, neutral)" in out


def test_a_polarity_in_another_case_takes_the_schemas_spelling(db: Path, tmp_path: Path) -> None:
    result = run("import", db, jsonl(tmp_path / "s.jsonl", _stance_record("AGAINST")))
    assert result.exit_code == 0, result.output
    with Project.open(db, create=False) as project:
        polarities = [s.polarity for a in project.article_ids() for s in project.stances(a)]
    assert polarities == ["against"]
