"""pipe18 (issue 12): ``Project.add_new_suggestions`` stores several untouched articles' packed
suggestions in one go (the parent's share of a run with two worker processes). What it stores must
be what ``add_suggestions`` stores one article at a time; an article that holds a span, a relation
or an analyst's decision is left to ``add_suggestions`` (None)."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest

from annotator.domain.edits import Change, Edit
from annotator.domain.model import Article, ArticleBundle, Span, Status, new_ids
from annotator.domain.suggestions import SuggestedRelation, SuggestedSpan, SuggestionSet
from annotator.nlp.runner import pack
from annotator.storage.project import Project
from benchmarks.suggestions_same import project_dump

pytestmark = pytest.mark.timeout(60)

TEXTS = [
    "Councillor Brandt said the ferry timetable would change in May, according to the harbour office.",
    "The bakery on Elm Row will close for a week, its owner told neighbours on Friday.",
    "A spokesperson for the league said no decision had been taken about the final.",
]


def _suggestions(text: str) -> SuggestionSet:
    """Spans with a duplicate position and label (a second key for the same span), attributes,
    relations to a missing key and a relation made twice, as the rules can hand them over."""
    first = text.split()[0]
    verb = text.index(" said") + 1 if " said" in text else text.index(" told") + 1
    return SuggestionSet("rules 1", [
        SuggestedSpan("q", verb + 5, len(text) - 1, "QUOTE", "quote", {"kind": "indirect", "note": "ünï “x”"}),
        SuggestedSpan("s", 0, len(first), "SPEAKER", "quote", {}),
        SuggestedSpan("s2", 0, len(first), "SPEAKER", "quote", {"ignored": True}),  # same span: its key names the first
        SuggestedSpan("c", verb, verb + 4, "CUE", "quote", {"lemma": "say"}),
        SuggestedSpan("e", 0, len(first), "PERSON", "entity", {}),
    ], [SuggestedRelation("q", "s", "SPEAKER"), SuggestedRelation("q", "s2", "SPEAKER"), SuggestedRelation("q", "c", "CUE"),
        SuggestedRelation("q", "gone", "CUE")])


def _filled(path: Path) -> tuple[Project, list[int]]:
    project = Project.open(path)
    ids = project.import_bundles([ArticleBundle(Article(None, t)) for t in TEXTS]).article_ids
    return project, list(ids)


def _log(project: Project) -> list[tuple[object, ...]]:
    return [row for row in project.db.execute("SELECT kind, record_id, article_id, action, before, after, by FROM changes "
                                              "WHERE kind = 'preannotate' ORDER BY id").fetchall()]


def test_untouched_articles_are_stored_as_add_suggestions_stores_them(tmp_path: Path) -> None:
    one, one_ids = _filled(tmp_path / "one.db")
    many, many_ids = _filled(tmp_path / "many.db")
    with one, many:
        added = [one.add_suggestions(i, _suggestions(t), by="") for i, t in zip(one_ids, TEXTS)]
        batch = [(i, *pack(_suggestions(t))) for i, t in zip(many_ids, TEXTS)]
        assert many.add_new_suggestions(batch, by="") == added == [4, 4, 4]
        assert json.dumps(project_dump(many)) == json.dumps(project_dump(one))
        assert _log(many) == _log(one)
        assert many.db.execute("SELECT article_id, origin, spans FROM preannotations ORDER BY article_id").fetchall() == \
            one.db.execute("SELECT article_id, origin, spans FROM preannotations ORDER BY article_id").fetchall()
        ids = [r[0] for r in many.db.execute("SELECT id FROM spans UNION ALL SELECT id FROM relations")]
        assert len(set(ids)) == len(ids) == 3 * (4 + 2)


def test_an_article_with_a_span_or_a_decision_is_left_to_add_suggestions(tmp_path: Path) -> None:
    project, (plain, with_span, with_decision) = _filled(tmp_path / "p.db")
    with project:
        accepted = Span("a1", with_span, 0, 10, "PERSON", "entity", Status.ACCEPTED)
        deleted = Span("d1", with_decision, 0, 3, "ORG", "entity", Status.ACCEPTED)
        project.apply(Edit("Add", (Change(None, accepted), Change(None, deleted))), by="ann")
        project.apply(Edit("Delete", (Change(deleted, None),)), by="ann")  # no span left, a decision in the log
        batch = [(i, *pack(_suggestions(t))) for i, t in zip((plain, with_span, with_decision), TEXTS)]
        assert project.add_new_suggestions(batch) == [4, None, None]
        assert project.preannotated(plain) and not project.preannotated(with_span) and not project.preannotated(with_decision)
        assert [s.id for s in project.spans(with_span)] == ["a1"] and project.spans(with_decision) == []


def test_an_empty_span_is_refused_and_nothing_of_the_batch_is_stored(tmp_path: Path) -> None:
    project, ids = _filled(tmp_path / "p.db")
    with project:
        bad = ("rules 1", (("ok", 0, 4, "PERSON", "entity", None), ("bad", 7, 7, "PERSON", "entity", None)), ())
        with pytest.raises(ValueError, match=r"span \[7, 7\) is empty or negative"):
            project.add_new_suggestions([(ids[0], *pack(_suggestions(TEXTS[0]))), (ids[1], *bad)])
        assert project.db.execute("SELECT count(*) FROM spans").fetchone()[0] == 0
        assert not project.preannotated(ids[0])


def test_new_ids_are_distinct_version_4_uuids() -> None:
    ids = new_ids(2000)
    assert len(set(ids)) == 2000
    assert all(len(i) == 32 and uuid.UUID(hex=i).hex == i and uuid.UUID(hex=i).version == 4
               and uuid.UUID(hex=i).variant == uuid.RFC_4122 for i in ids)
