"""Who decided, when, and what the machine had suggested: in the JSONL and CSV exports, and back."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import tempfile
from datetime import timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.domain import commands
from annotator.domain.errors import InputError
from annotator.domain.model import Article, ArticleBundle, Relation, Span, Stance, Status
from annotator.domain.suggestions import SuggestedSpan, SuggestionSet
from annotator.formats import csvfmt
from annotator.formats.stream import iter_bundles, statuses_for
from annotator.storage.project import Project
from tests.formats.helpers import export_jsonl, import_paths, records

TEXT = "Alice Smith said the plan works. Bob Jones disagreed in Paris."
MODEL = "en_core_web_sm 3.8.0 + rules"


def _span(project: Project, article_id: int, label: str) -> Span:
    return next(s for s in project.spans(article_id) if s.label == label)


@pytest.fixture
def reviewed(tmp_path: Path):
    """A project where a model suggested spans and the analyst "ana" accepted, relabelled, moved and
    rejected them, and added a stance and a tag."""
    project = Project.open(tmp_path / "reviewed.db")
    [article_id] = project.import_bundles([ArticleBundle(Article(id=None, text=TEXT))]).article_ids
    suggestions = SuggestionSet(origin=MODEL, spans=[
        SuggestedSpan(key="k1", start=0, end=11, label="PERSON", layer="entity"),        # accepted as is
        SuggestedSpan(key="k2", start=33, end=42, label="ORG", layer="entity"),          # relabelled PERSON
        SuggestedSpan(key="k3", start=56, end=62, label="GPE", layer="entity"),          # moved to [56, 61)
        SuggestedSpan(key="k4", start=12, end=16, label="CUE", layer="cue"),             # rejected
        SuggestedSpan(key="k5", start=43, end=52, label="CUE", layer="cue"),             # left undecided
    ])
    project.add_suggestions(article_id, suggestions, by="")
    project.apply(commands.accept(_ctx(project, article_id), _span(project, article_id, "PERSON")), by="ana")
    project.apply(commands.relabel(_ctx(project, article_id), _span(project, article_id, "ORG"), "PERSON", "entity"), by="ana")
    project.apply(commands.resize(_ctx(project, article_id), _span(project, article_id, "GPE"), 56, 61), by="ana")
    cue = next(s for s in project.spans(article_id) if s.start == 12)
    project.apply(commands.reject(_ctx(project, article_id), cue), by="ana")
    project.apply(commands.add_stance(_ctx(project, article_id), article_id=article_id, holder="Bob Jones", target="the plan", polarity="against", by="ana"), by="ana")
    project.apply(commands.add_tag(article_id=article_id, tag="politics", by="ana"), by="ana")
    yield project
    project.close()


def test_every_span_says_who_decided_when_and_what_was_suggested(reviewed: Project) -> None:
    [line] = records(export_jsonl(reviewed, "all"))
    by_start = {s["start"]: s for s in line["spans"]}
    accepted, relabelled, moved, rejected, pending = by_start[0], by_start[33], by_start[56], by_start[12], by_start[43]
    assert (accepted["status"], accepted["origin"], accepted["by"]) == ("accepted", MODEL, "ana")
    assert "suggestion" not in accepted  # the machine's span as it was: origin + status say it all
    assert (relabelled["label"], relabelled["by"], relabelled["suggestion"]) == ("PERSON", "ana", {"start": 33, "end": 42, "label": "ORG"})
    assert (moved["end"], moved["suggestion"]) == (61, {"start": 56, "end": 62, "label": "GPE"})
    assert (rejected["status"], rejected["by"], "suggestion" in rejected) == ("rejected", "ana", False)
    assert (pending["status"], pending["by"], "suggestion" in pending) == ("suggested", "", False)
    for span in line["spans"]:
        assert span["created"] and span["updated"] >= span["created"]  # ISO 8601 UTC, sortable as text
    assert relabelled["updated"] > relabelled["created"]
    [stance] = line["doc"]["stances"]
    assert (stance["by"], stance["origin"], bool(stance["created"])) == ("ana", "analyst:ana", True)
    [tag] = line["doc"]["tags"]
    assert (tag["tag"], tag["by"], tag["origin"], bool(tag["created"])) == ("politics", "ana", "analyst", True)


def test_suggestions_are_read_in_one_query_for_the_whole_export(reviewed: Project) -> None:
    statements: list[str] = []
    reviewed.db.conn.set_trace_callback(statements.append)
    try:
        export_jsonl(reviewed, "all")
    finally:
        reviewed.db.conn.set_trace_callback(None)
    assert sum("FROM changes" in s for s in statements) == 1


@pytest.mark.parametrize("status", ["all", "accepted"])
def test_export_import_export_keeps_who_when_and_suggestion(reviewed: Project, tmp_path: Path, status: str) -> None:
    first = export_jsonl(reviewed, status)
    assert '"suggestion"' in first
    (tmp_path / "a.jsonl").write_text(first, encoding="utf-8")
    with Project.open(tmp_path / "copy.db") as copy:
        import_paths(copy, tmp_path / "a.jsonl")
        assert export_jsonl(copy, status) == first
        # and pre-annotation does not bring back what the analyst changed
        [article_id] = copy.article_ids()
        added = copy.add_suggestions(article_id, SuggestionSet(origin=MODEL, spans=[
            SuggestedSpan(key="k6", start=33, end=42, label="ORG", layer="entity"), SuggestedSpan(key="k7", start=56, end=62, label="GPE", layer="entity")]))
        assert added == 0


def test_reimport_into_the_same_project_writes_no_second_history(reviewed: Project, tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text(export_jsonl(reviewed), encoding="utf-8")
    before = reviewed.db.execute("SELECT count(*) FROM changes WHERE kind = 'span'").fetchone()[0]
    import_paths(reviewed, tmp_path / "a.jsonl")
    assert reviewed.db.execute("SELECT count(*) FROM changes WHERE kind = 'span'").fetchone()[0] == before


def test_prodigy_annotator_and_timestamp_become_by_and_updated(project: Project, tmp_path: Path) -> None:
    task = {"text": "Alice Smith met Bob.", "spans": [{"start": 0, "end": 11, "label": "PERSON"}], "answer": "accept",
            "_annotator_id": "news-ana", "_timestamp": 1700000000}
    (tmp_path / "p.jsonl").write_text(json.dumps(task) + "\n", encoding="utf-8")
    [article_id] = import_paths(project, tmp_path / "p.jsonl").result.article_ids
    [span] = project.spans(article_id)
    assert (span.by, span.updated, span.created) == ("news-ana", "2023-11-14T22:13:20.000+00:00", "2023-11-14T22:13:20.000+00:00")


def test_csv_has_the_same_who_when_columns(reviewed: Project) -> None:
    out = io.StringIO()
    csvfmt.write(iter_bundles(reviewed, statuses=statuses_for("all")), out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert {"by", "created", "updated", "suggestion_start", "suggestion_end", "suggestion_label"} <= set(rows[0])
    relabelled = next(r for r in rows if r["start"] == "33")
    assert (relabelled["label"], relabelled["by"], relabelled["suggestion_label"], relabelled["suggestion_start"]) == ("PERSON", "ana", "ORG", "33")
    accepted = next(r for r in rows if r["start"] == "0")
    assert (accepted["origin"], accepted["by"], accepted["suggestion_label"]) == (MODEL, "ana", "")


def test_relation_and_stance_suggestions_round_trip(project: Project, tmp_path: Path) -> None:
    line = {
        "text": TEXT,
        "spans": [{"id": "q", "start": 17, "end": 31, "label": "QUOTE"}, {"id": "s", "start": 0, "end": 11, "label": "SPEAKER"}],
        "relations": [{"id": "r", "head": "q", "child": "s", "label": "SPEAKER", "status": "accepted", "by": "ana",
                       "created": "2024-01-01T00:00:00.000+00:00", "updated": "2024-01-02T00:00:00.000+00:00",
                       "suggestion": {"head": "q", "child": "s", "label": "CLAIMANT"}}],
        "doc": {"stances": [{"id": "st", "holder": "Bob Jones", "target": "the plan", "polarity": "against", "by": "ana",
                             "suggestion": {"holder": "Bob Jones", "target": "the plan", "polarity": "favor"}}]},
    }
    (tmp_path / "r.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
    import_paths(project, tmp_path / "r.jsonl")
    [out] = records(export_jsonl(project))
    assert out["relations"][0]["suggestion"] == {"head": "q", "child": "s", "label": "CLAIMANT"}
    assert (out["relations"][0]["by"], out["relations"][0]["updated"]) == ("ana", "2024-01-02T00:00:00.000+00:00")
    assert out["doc"]["stances"][0]["suggestion"]["polarity"] == "favor"


def test_a_bad_suggestion_is_refused_and_nothing_written(project: Project, tmp_path: Path) -> None:
    line = {"text": TEXT, "spans": [{"start": 0, "end": 11, "label": "PERSON", "suggestion": {"start": "0", "end": 11, "label": "ORG"}}]}
    (tmp_path / "s.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
    dump = "\n".join(sqlite3.connect(project.path).iterdump())
    with pytest.raises(InputError, match=r'span PERSON \[0, 11\): "suggestion.start" must be an integer'):
        import_paths(project, tmp_path / "s.jsonl")
    assert "\n".join(sqlite3.connect(project.path).iterdump()) == dump


def test_bundle_status_types_unchanged() -> None:
    # Records keep their types: a Relation / Stance built by hand still exports without suggestion.
    bundle = ArticleBundle(Article(id=1, text=TEXT), spans=[Span("a", 1, 0, 5, "PERSON", "entity")],
                           relations=[Relation("r", 1, "a", "a", "SELF")], stances=[Stance("s", 1, "A", "B", "favor", Status.SUGGESTED)])
    from annotator.formats.jsonl import record_of

    out = record_of(bundle)
    assert "suggestion" not in out["spans"][0] and "suggestion" not in out["relations"][0]
    assert out["doc"]["stances"][0]["status"] == "suggested"


_names = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
_times = st.datetimes(timezones=st.just(timezone.utc)).map(lambda t: t.isoformat(timespec="milliseconds"))


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(by=_names, origin=_names, created=_times, updated=_times, status=st.sampled_from(["accepted", "rejected", "suggested"]),
       suggested=st.one_of(st.none(), st.tuples(st.integers(0, 10), st.integers(1, 10), st.sampled_from(["ORG", "GPE"]))))
def test_who_when_and_suggestion_survive_any_values(tmp_path: Path, by: str, origin: str, created: str, updated: str, status: str,
                                                    suggested: tuple[int, int, str] | None) -> None:
    span = {"id": "a", "start": 0, "end": 11, "label": "PERSON", "status": status, "origin": origin, "by": by,
            "created": created, "updated": updated}
    if suggested is not None:
        start, length, label = suggested
        span["suggestion"] = {"start": start, "end": start + length, "label": label}
    with tempfile.TemporaryDirectory(dir=tmp_path) as folder:
        source = Path(folder) / "in.jsonl"
        source.write_text(json.dumps({"text": TEXT, "spans": [span]}, ensure_ascii=False) + "\n", encoding="utf-8")
        with Project.open(Path(folder) / "a.db") as first:
            import_paths(first, source)
            exported = export_jsonl(first)
        [out] = [s for line in records(exported) for s in line["spans"]]
        assert {k: out.get(k) for k in span} == span
        (Path(folder) / "e.jsonl").write_text(exported, encoding="utf-8")
        with Project.open(Path(folder) / "b.db") as second:
            import_paths(second, Path(folder) / "e.jsonl")
            assert export_jsonl(second) == exported


def _ctx(project: Project, article_id: int) -> commands.Records:
    """The article's records as stored now, the context every span command takes."""
    return commands.records(project.spans(article_id), project.relations(article_id))
