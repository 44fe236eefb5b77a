"""Imported relations follow their spans (annotator.domain.relation_rule), as edits do: an import
must not bring in a half-decided relation (found by the fidelity review: a JSONL line with a
``suggested`` relation between two ``accepted`` spans was stored as is, so ``--status accepted``
exports dropped the link)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.domain.model import Article, ArticleBundle, Relation, Span, Status
from annotator.domain.relation_rule import half_decided
from annotator.storage.project import Project

TEXT = "Sergei Lavrov said talks were useful."


def bundle(quote: Status, speaker: Status, relation: Status) -> ArticleBundle:
    return ArticleBundle(
        Article(id=None, text=TEXT),
        spans=[Span(id="q", article_id=0, start=19, end=36, label="QUOTE", layer="quote", status=quote),
               Span(id="s", article_id=0, start=0, end=13, label="SPEAKER", layer="speaker", status=speaker)],
        relations=[Relation(id="r", article_id=0, head="q", child="s", label="SPEAKER", status=relation)],
    )


def test_suggested_relation_between_accepted_spans_is_accepted_and_counted(tmp_path: Path) -> None:
    with Project.open(tmp_path / "p.db") as project:
        result = project.import_bundles([bundle(Status.ACCEPTED, Status.ACCEPTED, Status.SUGGESTED)])
        [article_id] = result.article_ids
        [rel] = project.relations(article_id)
        assert rel.status == Status.ACCEPTED
        assert result.followed == 1
        assert "relations set to follow their spans' status: 1 relation" in result.settled_note()


def test_relation_to_a_rejected_span_is_rejected(tmp_path: Path) -> None:
    with Project.open(tmp_path / "p.db") as project:
        result = project.import_bundles([bundle(Status.ACCEPTED, Status.REJECTED, Status.ACCEPTED)])
        assert [r.status for r in project.relations(result.article_ids[0])] == [Status.REJECTED]
        assert result.followed == 1


def test_stored_relation_follows_spans_settled_by_an_import_and_is_logged(tmp_path: Path) -> None:
    with Project.open(tmp_path / "p.db") as project:
        [article_id] = project.import_bundles([bundle(Status.SUGGESTED, Status.SUGGESTED, Status.SUGGESTED)]).article_ids
        again = bundle(Status.ACCEPTED, Status.ACCEPTED, Status.SUGGESTED)  # gold for the same text, other ids
        again.spans[:] = [dataclasses.replace(s, id=s.id + "2") for s in again.spans]
        again.relations[:] = [dataclasses.replace(r, id="r2", head="q2", child="s2") for r in again.relations]
        result = project.import_bundles([again])
        assert result.settled == {"span": 2}
        [rel] = project.relations(article_id)
        assert rel.status == Status.ACCEPTED and result.followed == 1
        logged = project.db.execute("SELECT before, after FROM changes WHERE kind = 'relation' AND record_id = ?", [rel.id]).fetchall()
        assert [(json.loads(b)["status"], json.loads(a)["status"]) for b, a in logged] == [("suggested", "accepted")]


def test_jsonl_line_with_a_half_decided_relation(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from annotator.cli import cli

    line = {"text": TEXT, "spans": [{"id": "q", "start": 19, "end": 36, "label": "QUOTE", "status": "accepted"},
                                    {"id": "s", "start": 0, "end": 13, "label": "SPEAKER", "status": "accepted"}],
            "relations": [{"id": "r", "head": "q", "child": "s", "label": "SPEAKER", "status": "suggested"}]}
    (tmp_path / "in.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(tmp_path / "p.db"), str(tmp_path / "in.jsonl")])
    assert result.exit_code == 0, result.output
    assert "relations set to follow their spans' status: 1 relation" in result.stderr
    out = CliRunner().invoke(cli, ["export", str(tmp_path / "p.db"), "--format", "jsonl", "--output", "-"])
    [record] = [json.loads(x) for x in out.stdout.splitlines() if x.strip()]
    assert [(r["id"], r["status"]) for r in record["relations"]] == [("r", "accepted")]


STATUSES = st.sampled_from(list(Status))


@settings(max_examples=30, deadline=None)
@given(quote=STATUSES, speaker=STATUSES, relation=STATUSES)
def test_no_import_leaves_a_half_decided_relation(tmp_path_factory: pytest.TempPathFactory, quote: Status, speaker: Status,
                                                  relation: Status) -> None:
    with Project.open(tmp_path_factory.mktemp("p") / "p.db") as project:
        [article_id] = project.import_bundles([bundle(quote, speaker, relation)]).article_ids
        assert half_decided(project.spans(article_id), project.relations(article_id)) == []
