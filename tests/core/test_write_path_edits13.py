"""edits13 (issue 12): storing pre-annotation suggestions without sqlite-utils' per-call table
inspection, with one JSON encoder and a per-type plan in ``rows.to_row``, and ``new_id`` without a
UUID object. What is stored must be exactly what it was: the rows, the ids' form, the
``preannotations`` row (new and renewed) and the change log's summary row."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import uuid
from enum import StrEnum
from pathlib import Path

import pytest

from annotator.domain.list_entries import TagEntry, TargetEntry
from annotator.domain.model import (
    Article, ArticleBundle, ArticleStatus, Relation, Span, Stance, Status, Tag, new_id,
)
from annotator.domain.suggestions import SuggestedRelation, SuggestedSpan, SuggestionSet
from annotator.storage import rows
from annotator.storage.project import MACHINE, Project

pytestmark = pytest.mark.timeout(60)


def _old_to_row(record: object) -> dict[str, object]:
    """rows.to_row as it was before edits13 (the reference the new one must equal)."""
    row: dict[str, object] = {}
    for field in dataclasses.fields(record):  # type: ignore[arg-type]
        name = field.name
        value = getattr(record, name)
        if name == "analyst" and not value:
            continue
        if name in ("attrs", "meta"):
            value = json.dumps(dict(value), ensure_ascii=False, sort_keys=True)
        elif isinstance(value, StrEnum):
            value = str(value)
        row[name] = value
    if isinstance(record, Article) and record.id is None:
        del row["id"]
    return row


def _records() -> list[object]:
    attrs = {"zeta": "ünïcode “quoted”", "alpha": [1, 2.5, None], "nested": {"b": True, "a": "x"}}
    return [
        Article(id=None, text="A made-up text.", title="T", meta={"source": "here", "n": 3}),
        Article(id=7, text="Another one.", status=ArticleStatus.DONE, meta={}),
        Span(id=new_id(), article_id=1, start=0, end=4, label="PERSON", layer="entity"),
        Span(id=new_id(), article_id=1, start=2, end=9, label="QUOTE", layer="quote", status=Status.REJECTED,
             origin="rules", attrs=attrs, created="2026-01-01", updated="2026-01-02", by="ann", analyst="ann"),
        Span(id="s", article_id=1, start=0, end=1, label="X", layer="other", status="accepted"),  # a plain str status
        Relation(id=new_id(), article_id=1, head="a", child="b", label="SPEAKER", attrs=attrs, analyst=""),
        Relation(id=new_id(), article_id=1, head="a", child="b", label="CUE", status=Status.ACCEPTED, analyst="lead"),
        Stance(id=new_id(), article_id=1, holder="Mayor Quill", target="the canal toll", polarity="favor", attrs=attrs),
        Tag(id=new_id(), article_id=1, tag="topic 3"),
        TargetEntry(id=new_id(), name="the canal toll"),
        TagEntry(id=new_id(), name="topic 3"),
    ]


def test_to_row_stores_what_it_stored_before() -> None:
    for record in _records():
        assert rows.to_row(record) == _old_to_row(record), type(record).__name__
        assert list(rows.to_row(record)) == list(_old_to_row(record))  # the same columns in the same order
    # the plan is per type: a second record of a type goes through the kept plan
    again = Span(id="t", article_id=2, start=1, end=3, label="ORG", layer="entity", attrs={"k": "v"}, analyst="bo")
    assert rows.to_row(again) == _old_to_row(again)


def test_record_to_json_is_what_json_dumps_gave() -> None:
    for record in _records():
        row = _old_to_row(record)
        if isinstance(record, Article):
            row.pop("text", None)
        assert rows.record_to_json(record) == json.dumps(row, ensure_ascii=False, sort_keys=True)  # type: ignore[arg-type]
    assert rows.record_to_json(None) is None


def test_new_id_is_a_random_uuid4_in_hex() -> None:
    ids = [new_id() for _ in range(2000)]
    assert len(set(ids)) == len(ids)
    for value in ids:
        parsed = uuid.UUID(hex=value)
        assert parsed.hex == value and len(value) == 32
        assert parsed.version == 4 and parsed.variant == uuid.RFC_4122
    # every hex digit outside the version and variant bits varies
    for position in range(32):
        if position != 12:
            assert len({value[position] for value in ids}) > (3 if position == 16 else 10), position


def _suggestions(origin: str, *, extra: bool) -> SuggestionSet:
    spans = [SuggestedSpan("p", 0, 4, "PERSON", "entity"), SuggestedSpan("q", 17, 41, "QUOTE", "quote"),
             SuggestedSpan("c", 47, 51, "CUE", "cue")]
    if extra:
        spans.append(SuggestedSpan("o", 53, 64, "ORG", "entity"))
    return SuggestionSet(origin=origin, spans=spans,
                         relations=[SuggestedRelation("q", "p", "SPEAKER"), SuggestedRelation("q", "c", "CUE")])


def test_preannotations_row_and_change_log_as_before(tmp_path: Path) -> None:
    text = "Vera Lind spoke: the canal toll will rise, she said. Ferry guild members were not told."
    with Project.open(tmp_path / "p.db") as project:
        project.import_bundles([ArticleBundle(Article(None, text))])
        (article_id,) = project.article_ids()
        assert project.add_suggestions(article_id, _suggestions("pipe A", extra=False)) == 3
        first = project.db.execute("SELECT article_id, origin, at, spans FROM preannotations").fetchall()
        assert [(a, o, s) for a, o, _at, s in first] == [(article_id, "pipe A", 3)]
        # a redo by another pipeline: the same row, renewed (sqlite-utils' upsert did this)
        assert project.add_suggestions(article_id, _suggestions("pipe B", extra=True), by="ann") == 1
        second = project.db.execute("SELECT article_id, origin, at, spans FROM preannotations").fetchall()
        assert len(second) == 1 and second[0][0] == article_id and second[0][1] == "pipe B" and second[0][3] == 1
        assert second[0][2] >= first[0][2]
        log = project.db.execute(
            "SELECT at, by, edit, action, kind, record_id, article_id, before, after FROM changes "
            "WHERE kind = 'preannotate' ORDER BY id").fetchall()
    assert [(r[1], r[4], r[5], r[6], r[8]) for r in log] == [
        (MACHINE, "preannotate", str(article_id), article_id, '{"new_article": false}'),
        ("ann", "preannotate", str(article_id), article_id, '{"new_article": false}')]
    assert log[0][3] == "pipe A: 3 new spans, 2 new relations, 0 withdrawn"
    assert log[0][7] is None
    assert log[1][3].startswith("pipe B: 1 new span, ")
    assert all(len(r[2]) == 32 for r in log) and log[0][2] != log[1][2]
    assert log[0][0] == first[0][2] and log[1][0] == second[0][2]  # the run's stamp, as before


def test_the_file_is_a_plain_sqlite_file_after(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    with Project.open(path) as project:
        project.import_bundles([ArticleBundle(Article(None, "Vera Lind spoke: the canal toll will rise, she said."))])
        (article_id,) = project.article_ids()
        project.add_suggestions(article_id, _suggestions("pipe A", extra=True))
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    db.close()
