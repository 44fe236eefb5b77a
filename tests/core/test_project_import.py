"""Imports are one transaction: a failure anywhere leaves the project file as it was."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.domain.errors import InputError
from annotator.domain.model import Article, ArticleBundle, Relation, Span, Stance, Status, Tag
from annotator.storage.project import Project

TABLES = ("articles", "spans", "relations", "stances", "tags", "changes", "articles_fts")


def bundles(n: int, *, fail_at: int | None = None) -> Iterator[ArticleBundle]:
    for i in range(1, n + 1):
        if i == fail_at:
            raise InputError("bad record", path="input.jsonl", line=i)
        text = f"Article {i}: Alice said yes."
        yield ArticleBundle(
            Article(id=None, text=text),
            spans=[Span(id=f"s{i}", article_id=0, start=text.index("Alice"), end=text.index("Alice") + 5, label="PERSON", layer="entity"),
                   Span(id=f"q{i}", article_id=0, start=text.index("yes"), end=text.index("yes") + 3, label="QUOTE", layer="quote")],
            relations=[Relation(id=f"r{i}", article_id=0, head=f"q{i}", child=f"s{i}", label="SPEAKER")],
        )


def counts(project: Project) -> dict[str, int]:
    return {t: project.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def seeded(tmp_path: Path) -> Path:
    path = tmp_path / "seeded.db"
    with Project.open(path) as project:
        project.import_bundles(bundles(10))
    return path


def test_failure_at_record_500_of_1000_changes_nothing(seeded: Path) -> None:
    with Project.open(seeded) as project:
        before_counts = counts(project)
    before = digest(seeded)
    with Project.open(seeded) as project:
        with pytest.raises(InputError):
            project.import_bundles(bundles(1000, fail_at=500))
        assert counts(project) == before_counts
    assert digest(seeded) == before


def test_a_bad_span_in_a_later_batch_rolls_back_earlier_batches(seeded: Path) -> None:
    def with_bad_span() -> Iterator[ArticleBundle]:
        yield from bundles(700)
        yield ArticleBundle(Article(id=None, text="short"), spans=[Span(id="x", article_id=0, start=0, end=50, label="X", layer="other")])

    with Project.open(seeded) as project:
        before = counts(project)
        with pytest.raises(InputError, match="outside the text"):
            project.import_bundles(with_bad_span())
        assert counts(project) == before


def test_import_counts_and_logs_one_row_per_article(project: Project) -> None:
    result = project.import_bundles(bundles(1200))
    assert (result.added, result.spans, result.relations) == (1200, 2400, 1200)
    logged = project.db.execute("SELECT count(*) FROM changes WHERE kind = 'import'").fetchone()[0]
    assert logged == 1200
    assert json.loads(project.history(article_id=1)[0]["after"]) == {"new_article": True}


def test_reimport_adds_nothing(project: Project) -> None:
    project.import_bundles(bundles(600))
    before = counts(project)
    result = project.import_bundles(bundles(600))
    assert (result.added, result.duplicates, result.spans, result.relations) == (0, 600, 0, 0)
    after = counts(project)
    assert {k: v for k, v in after.items() if k != "changes"} == {k: v for k, v in before.items() if k != "changes"}


def test_duplicate_texts_inside_one_import_are_one_article(project: Project) -> None:
    twice = [*bundles(3), *bundles(3)]
    result = project.import_bundles(twice)
    assert (result.added, result.duplicates, result.repeats) == (3, 0, 3)  # fix11u: not "already in the project"
    assert result.article_ids[:3] == result.article_ids[3:]


def test_span_ids_taken_by_another_article_get_new_ids(project: Project) -> None:
    project.import_bundles(bundles(1))
    other = "Another text: Alice said no."
    clash = ArticleBundle(Article(id=None, text=other), spans=[Span(id="s1", article_id=0, start=14, end=19, label="PERSON", layer="entity")])
    result = project.import_bundles([clash])
    [span] = project.spans(result.article_ids[0])
    assert span.id != "s1" and other[span.start : span.end] == "Alice"


def test_search_finds_imported_articles(project: Project) -> None:
    project.import_bundles(bundles(5))
    project.import_bundles([ArticleBundle(Article(id=None, text="Zebras in Zürich"))])
    assert project.search("zurich") == [6]
    assert len(project.search("Alice")) == 6 - 1


# ----------------------------------------------------------------------------- re-import respects decisions

BOARD = "The board will act on the plan soon, the chair said."
BOARD_JSONL = json.dumps({"text": BOARD, "spans": [{"start": 15, "end": 30, "label": "CLAIM"}, {"start": 37, "end": 46, "label": "PERSON"}]})


def import_file(project: Project, path: Path):
    from annotator.formats import import_sources, plan
    from annotator.formats.common import ImportOptions

    return import_sources(project, plan([path]), ImportOptions(schema=project.schema)).result


def test_reimport_does_not_bring_back_a_resized_or_deleted_span(project: Project, tmp_path: Path) -> None:
    from annotator.domain import commands

    source = tmp_path / "board.jsonl"
    source.write_text(BOARD_JSONL + "\n", encoding="utf-8")
    [article_id] = import_file(project, source).article_ids
    claim, person = sorted(project.spans(article_id), key=lambda s: s.start)
    assert (claim.text_in(BOARD), person.text_in(BOARD)) == ("act on the plan", "the chair")
    project.apply(commands.resize(_ctx(project, article_id), claim, 19, 30), by="ana")
    project.apply(commands.delete_span(_ctx(project, article_id), person), by="ana")

    again = import_file(project, source)

    assert [(s.start, s.end, s.label, s.status) for s in project.spans(article_id)] == [(19, 30, "CLAIM", Status.ACCEPTED)]
    assert (again.added, again.duplicates, again.spans) == (0, 1, 0)
    assert again.decided == {"span": 2} and again.merged == {}
    assert again.decided_note() == "not brought back, an analyst had decided otherwise: 2 spans"


def test_reimport_of_our_export_keeps_deletions_of_every_kind(project: Project, tmp_path: Path) -> None:
    """Spans by id, the relations to them, relations, stances and tags the analyst deleted stay deleted."""
    from annotator.domain import commands
    from annotator.formats import jsonl

    text = "Alice said the plan works, Bob said no."
    spans = [Span(id=i, article_id=0, start=text.index(w), end=text.index(w) + len(w), label=lab, layer=lay)
             for i, w, lab, lay in [("q", "the plan works", "QUOTE", "quote"), ("s", "Alice", "SPEAKER", "speaker"),
                                    ("c", "said", "CUE", "cue"), ("b", "Bob", "PERSON", "entity")]]
    bundle = ArticleBundle(
        Article(id=None, text=text), spans=spans,
        relations=[Relation(id="rs", article_id=0, head="q", child="s", label="SPEAKER"),
                   Relation(id="rc", article_id=0, head="q", child="c", label="CUE")],
        stances=[Stance(id="st", article_id=0, holder="Alice", target="plan", polarity="favor")],
        tags=[Tag(id="tg", article_id=0, tag="economy")],
    )
    [article_id] = project.import_bundles([bundle]).article_ids
    export = tmp_path / "export.jsonl"
    with export.open("w", encoding="utf-8") as fh:
        jsonl.write(project.bundles(), fh)
    by_id = {s.id: s for s in project.spans(article_id)}
    relations = project.relations(article_id)
    project.apply(commands.delete_span(_ctx(project, article_id), by_id["b"]), by="ana")
    project.apply(commands.delete_relation(next(r for r in relations if r.id == "rc")), by="ana")
    project.apply(commands.delete_span(_ctx(project, article_id), by_id["s"]), by="ana")  # takes rs with it
    project.apply(commands.delete_stance(project.stances(article_id)[0]), by="ana")
    project.apply(commands.delete_tag(project.tags(article_id)[0]), by="ana")

    again = import_file(project, export)

    assert sorted(s.id for s in project.spans(article_id)) == ["c", "q"]
    assert project.relations(article_id) == [] and project.stances(article_id) == [] and project.tags(article_id) == []
    assert again.decided == {"span": 2, "relation": 2, "stance": 1, "tag": 1}
    assert again.merged == {"span": 2}


def test_reimport_without_ids_keeps_deleted_stances_and_tags_and_adds_no_copies(project: Project, tmp_path: Path) -> None:
    from annotator.domain import commands

    record = {"text": BOARD, "doc": {"tags": ["politics", "local"],
                                      "stances": [{"holder": "the chair", "target": "the plan", "polarity": "favor"},
                                                  {"holder": "the board", "target": "the plan", "polarity": "neutral"}]}}
    source = tmp_path / "doc.jsonl"
    source.write_text(json.dumps(record) + "\n", encoding="utf-8")
    [article_id] = import_file(project, source).article_ids
    project.apply(commands.delete_stance(next(s for s in project.stances(article_id) if s.holder == "the chair")), by="ana")
    project.apply(commands.delete_tag(next(t for t in project.tags(article_id) if t.tag == "local")), by="ana")

    again = import_file(project, source)

    assert [s.holder for s in project.stances(article_id)] == ["the board"]
    assert [t.tag for t in project.tags(article_id)] == ["politics"]
    assert again.decided == {"stance": 1, "tag": 1} and again.merged == {"stance": 1, "tag": 1}


def test_relabelled_span_and_rejected_span_stay_as_decided(project: Project, tmp_path: Path) -> None:
    from annotator.domain import commands

    source = tmp_path / "board.jsonl"
    source.write_text(BOARD_JSONL + "\n", encoding="utf-8")
    [article_id] = import_file(project, source).article_ids
    claim, person = sorted(project.spans(article_id), key=lambda s: s.start)
    project.apply(commands.relabel(_ctx(project, article_id), person, "SPEAKER", "speaker"), by="ana")
    project.apply(commands.reject(_ctx(project, article_id), claim), by="ana")

    again = import_file(project, source)

    assert [(s.label, s.status) for s in project.spans(article_id)] == [("CLAIM", Status.REJECTED), ("SPEAKER", Status.ACCEPTED)]
    assert again.decided == {"span": 2}


def test_an_undone_deletion_is_merged_not_skipped(project: Project, tmp_path: Path) -> None:
    from annotator.domain import commands

    source = tmp_path / "board.jsonl"
    source.write_text(BOARD_JSONL + "\n", encoding="utf-8")
    [article_id] = import_file(project, source).article_ids
    person = max(project.spans(article_id), key=lambda s: s.start)
    stored = project.apply(commands.delete_span(_ctx(project, article_id), person), by="ana")
    project.undo(stored, by="ana")

    again = import_file(project, source)

    assert len(project.spans(article_id)) == 2
    assert again.merged == {"span": 2} and again.decided == {}


def test_preannotation_does_not_bring_back_a_deleted_link(project: Project) -> None:
    """The same decisions guard pre-annotation's relations, not only its spans."""
    from annotator.domain import commands
    from annotator.domain.suggestions import SuggestedSpan, SuggestionSet

    [article_id] = project.import_bundles([ArticleBundle(Article(id=None, text=BOARD))]).article_ids

    def suggest() -> None:
        sset = SuggestionSet(origin="rules 1")
        quote = sset.add_span(SuggestedSpan("q", 0, 35, "QUOTE", "quote"))
        sset.link(quote, sset.add_span(SuggestedSpan("s", 37, 46, "SPEAKER", "speaker")), "SPEAKER")
        project.add_suggestions(article_id, sset)

    suggest()
    [link] = project.relations(article_id)
    project.apply(commands.delete_relation(link), by="ana")
    suggest()
    assert project.relations(article_id) == []
    assert len(project.spans(article_id)) == 2


def test_an_imported_decision_settles_a_machine_suggestion_at_the_same_place(project: Project, tmp_path: Path) -> None:
    """Gold imported into a pre-annotated project: the accepted span must not stay a suggestion
    (an export of accepted annotations would lose it)."""
    from annotator.domain.suggestions import SuggestedSpan, SuggestionSet

    [article_id] = project.import_bundles([ArticleBundle(Article(id=None, text=BOARD))]).article_ids
    sset = SuggestionSet(origin="rules 1")
    quote = sset.add_span(SuggestedSpan("q", 0, 35, "QUOTE", "quote"))
    sset.link(quote, sset.add_span(SuggestedSpan("s", 37, 46, "SPEAKER", "speaker")), "SPEAKER")
    sset.add_span(SuggestedSpan("p", 37, 46, "PERSON", "entity"))
    project.add_suggestions(article_id, sset)
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"text": BOARD, "spans": [
        {"id": "gq", "start": 0, "end": 35, "label": "QUOTE"}, {"id": "gs", "start": 37, "end": 46, "label": "SPEAKER"},
        {"id": "gp", "start": 37, "end": 46, "label": "PERSON", "status": "rejected"}],
        "relations": [{"head": "gq", "child": "gs", "label": "SPEAKER"}]}) + "\n", encoding="utf-8")

    result = import_file(project, gold)

    assert {(s.label, s.status) for s in project.spans(article_id)} == {
        ("QUOTE", Status.ACCEPTED), ("SPEAKER", Status.ACCEPTED), ("PERSON", Status.REJECTED)}
    assert [r.status for r in project.relations(article_id)] == [Status.ACCEPTED]
    assert result.settled == {"span": 3, "relation": 1} and result.spans == 0
    assert result.settled_note() == "suggestions accepted or rejected as imported: 3 spans, 1 relation"
    logged = [c for c in project.history(article_id=article_id) if c["kind"] in ("span", "relation")]
    assert len(logged) == 4 and {json.loads(c["before"])["status"] for c in logged} == {"suggested"}
    # A second import finds them decided already: nothing more to settle.
    assert import_file(project, gold).settled == {}


def test_reimport_of_our_export_after_a_move_keeps_the_move(project: Project, tmp_path: Path) -> None:
    """With ids (our own JSONL), a span the analyst moved is the same span: it stays where the analyst put it."""
    from annotator.domain import commands
    from annotator.formats import jsonl

    source = tmp_path / "board.jsonl"
    source.write_text(BOARD_JSONL + "\n", encoding="utf-8")
    [article_id] = import_file(project, source).article_ids
    export = tmp_path / "export.jsonl"
    with export.open("w", encoding="utf-8") as fh:
        jsonl.write(project.bundles(), fh)
    claim = min(project.spans(article_id), key=lambda s: s.start)
    project.apply(commands.resize(_ctx(project, article_id), claim, 19, 30), by="ana")

    again = import_file(project, export)

    assert sorted((s.start, s.end, s.label) for s in project.spans(article_id)) == [(19, 30, "CLAIM"), (37, 46, "PERSON")]
    assert again.decided == {"span": 1} and again.merged == {"span": 1}


def _ctx(project: Project, article_id: int):  # noqa: ANN202
    """The article's records as stored now, the context every span command takes."""
    from annotator.domain import commands

    return commands.records(project.spans(article_id), project.relations(article_id))
