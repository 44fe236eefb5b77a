"""throughput14 (issue 12): ``Project.add_suggestions`` builds the rows of new suggested spans and
relations itself, without a ``Span``/``Relation`` record and its ``rows.to_row`` dict. What is
stored must be exactly what ``rows.to_row`` of those records stores: the same columns, the same
values, and the same refusal of an empty span."""

from __future__ import annotations

import pytest

from annotator.domain.model import Article, ArticleBundle, Relation, Span, Status
from annotator.domain.suggestions import SuggestedRelation, SuggestedSpan, SuggestionSet
from annotator.storage import project as project_module
from annotator.storage import rows
from annotator.storage.project import Project

pytestmark = pytest.mark.timeout(60)

TEXT = "Mayor Quill said on Tuesday that the canal toll would rise by a third next spring."


def _columns(kind: type, record: object) -> tuple[str, ...]:
    return tuple(rows.to_row(record))


def test_the_insert_columns_are_those_to_row_writes_for_the_own_layer() -> None:
    span = Span(id="s", article_id=1, start=0, end=4, label="PERSON", layer="entity", status=Status.SUGGESTED)
    relation = Relation(id="r", article_id=1, head="a", child="b", label="SPEAKER", status=Status.SUGGESTED)
    assert project_module._NEW_SPAN_COLUMNS == _columns(Span, span)
    assert project_module._NEW_RELATION_COLUMNS == _columns(Relation, relation)
    assert project_module._NO_ATTRS == rows.to_row(relation)["attrs"] == "{}"


def _stored(project: Project, table: str, article_id: int) -> list[dict[str, object]]:
    cursor = project.db.execute(f"SELECT * FROM {table} WHERE article_id = ? ORDER BY rowid", [article_id])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r)) for r in cursor]


def test_stored_rows_equal_to_row_of_the_records(project: Project) -> None:
    (article_id,) = project.import_bundles([ArticleBundle(Article(None, TEXT))]).article_ids
    attrs = {"zeta": "ünïcode “quoted”", "alpha": [1, 2.5, None], "nested": {"b": True, "a": "x"}}
    suggestions = SuggestionSet("rules 1", [
        SuggestedSpan("q", 32, 81, "QUOTE", "quote", attrs),
        SuggestedSpan("s", 0, 11, "SPEAKER", "quote", {}),
        SuggestedSpan("c", 12, 16, "CUE", "quote", {"lemma": "say"}),
        SuggestedSpan("e", 0, 11, "PERSON", "entity", {}),
    ], [SuggestedRelation("q", "s", "SPEAKER"), SuggestedRelation("q", "c", "CUE")])
    assert project.add_suggestions(article_id, suggestions, by="ann") == 4
    spans = _stored(project, "spans", article_id)
    relations = _stored(project, "relations", article_id)
    assert len(spans) == 4 and len(relations) == 2
    for row in spans:
        record = Span(id=row["id"], article_id=article_id, start=row["start"], end=row["end"], label=row["label"],
                      layer=row["layer"], status=Status.SUGGESTED, origin="rules 1",
                      attrs=next(s.attrs for s in suggestions.spans if (s.start, s.end, s.label) == (row["start"], row["end"], row["label"])),
                      created=row["created"], updated=row["created"], by="ann")
        assert row == {**rows.to_row(record), "analyst": ""}
    ids = {(r["start"], r["end"], r["label"]): r["id"] for r in spans}
    quote, speaker, cue = ids[(32, 81, "QUOTE")], ids[(0, 11, "SPEAKER")], ids[(12, 16, "CUE")]
    assert {(r["head"], r["child"], r["label"]) for r in relations} == {(quote, speaker, "SPEAKER"), (quote, cue, "CUE")}
    for row in relations:
        record = Relation(id=row["id"], article_id=article_id, head=row["head"], child=row["child"], label=row["label"],
                          status=Status.SUGGESTED, origin="rules 1", created=row["created"], updated=row["created"], by="ann")
        assert row == {**rows.to_row(record), "analyst": ""}
    assert all(len(r["id"]) == 32 for r in spans + relations)
    # the stored spans read back as the records they are
    assert sorted((s.key, s.status, s.origin, rows.encode_attrs(s.attrs)) for s in project.spans(article_id)) == sorted(
        ((s.start, s.end, s.label), Status.SUGGESTED, "rules 1", rows.encode_attrs(s.attrs)) for s in suggestions.spans)


@pytest.mark.parametrize("start,end", [(5, 5), (9, 3), (-1, 4)])
def test_an_empty_or_negative_suggestion_is_refused_as_span_refuses_it(project: Project, start: int, end: int) -> None:
    (article_id,) = project.import_bundles([ArticleBundle(Article(None, TEXT))]).article_ids
    suggestions = SuggestionSet("rules 1", [SuggestedSpan("ok", 0, 4, "PERSON", "entity", {}),
                                            SuggestedSpan("bad", start, end, "PERSON", "entity", {})], [])
    with pytest.raises(ValueError, match=rf"span \[{start}, {end}\) is empty or negative"):
        project.add_suggestions(article_id, suggestions)
    assert _stored(project, "spans", article_id) == []  # the article's transaction rolled back: nothing stored
    assert not project.preannotated(article_id)
