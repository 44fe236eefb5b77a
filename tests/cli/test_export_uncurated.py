"""A gold export of a partly curated team project (issue 11, user-test finding): 12 articles, 1
curated → the export held 12 documents, 11 with no entity, and ``left_out`` said nothing, so a
model trained on it learns "no entities" for the articles nobody curated. The gold export of a
project with analysts' layers holds the articles whose gold was decided (curated, done,
reviewed), counts the others in ``left_out`` with what to do, and ``--all-articles`` writes every
article; a project without layers exports every article as always. Every format."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.domain import curation
from annotator.domain.model import Article, ArticleBundle, ArticleStatus, Span, Status
from annotator.formats.layers import gold_not_curated, not_curated
from annotator.storage.project import Project

FORMATS = ["jsonl", "spacy", "csv", "conll", "brat"]
def left_out(team: Path) -> str:
    """The line an export of ``team`` prints for its 11 uncurated articles (naming that file)."""
    return f"left out: 11 × {not_curated(team)}"


def run(*args: object) -> object:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def _text(n: int) -> str:
    return f"Article {n}: Angela Merkel met Olaf Scholz in Berlin on day {n}."


def _span(sid: str, text: str, word: str, label: str) -> Span:
    start = text.index(word)
    return Span(id=sid, article_id=0, start=start, end=start + len(word), label=label, layer="entity", status=Status.ACCEPTED)


def _team(path: Path, *, articles: int = 12) -> Path:
    """``articles`` articles, gold empty, ana's and ben's layers on every one, agreeing (an
    article given to one analyst alone has no agreed unit to accept), as after ``annotator merge``."""
    with Project.open(path) as p:
        p.import_bundles([ArticleBundle(Article(id=None, text=_text(n))) for n in range(articles)], by="lead")
        for analyst in ("ana", "ben"):
            p.import_bundles([ArticleBundle(Article(id=None, text=_text(n)),
                                            spans=[_span(f"a{n}", _text(n), "Angela Merkel", "PERSON"),
                                                   _span(f"b{n}", _text(n), "Berlin", "GPE")])
                              for n in range(articles)], by=analyst, analyst=analyst)
    return path


def _curate(path: Path, index: int) -> None:
    """Curate the ``index``-th article the way the curation view does: keep every agreed unit."""
    with Project.open(path) as p:
        article_id = p.article_ids()[index]
        data = curation.curation_input(p, article_id, [i.analyst for i in p.layers()])
        p.apply(curation.accept_all_agreed(data, by="lead"), by="lead")
        assert curation.curation_status(p.article(article_id)) == "curated"


def _written(out: Path, fmt: str) -> list[tuple[str, int]]:
    """(text, entity count) of each article the export holds, whatever the format."""
    if fmt == "jsonl":
        return [(d["text"], len(d["spans"])) for d in map(json.loads, out.read_text(encoding="utf-8").splitlines())]
    if fmt == "spacy":
        import spacy
        from spacy.tokens import DocBin

        return [(d.text, len(d.ents)) for d in DocBin().from_disk(out).get_docs(spacy.blank("en").vocab)]
    if fmt == "csv":
        rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))  # one row per span: articles with one
        ids = [r["article_id"] for r in rows]
        return [(f"article {i}", ids.count(i)) for i in sorted(set(ids))]
    if fmt == "conll":
        docs = [[line.split() for line in d.splitlines()[1:] if line.strip()]
                for d in out.read_text(encoding="utf-8").split("-DOCSTART-") if d.strip()]
        return [(" ".join(t[0] for t in d), sum(t[-1].startswith("B-") for t in d)) for d in docs]
    texts = sorted(out.glob("*.txt"))
    return [(t.read_text(encoding="utf-8"), sum(1 for line in t.with_suffix(".ann").read_text(encoding="utf-8").splitlines() if line.startswith("T")))
            for t in texts]


@pytest.mark.parametrize("fmt", FORMATS)
def test_gold_export_of_a_partly_curated_team_project_holds_the_curated_articles_only(tmp_path: Path, fmt: str) -> None:
    team = _team(tmp_path / "team.db")
    _curate(team, 4)
    out = tmp_path / ("brat" if fmt == "brat" else f"gold.{fmt}")
    result = run("export", team, "--format", fmt, "--output", out)
    assert result.exit_code == 0, result.output
    assert left_out(team) in result.output
    assert "Exported 1 article, 2 spans" in result.output
    written = _written(out, fmt)
    assert len(written) == 1
    with Project.open(team) as p:
        fourth = p.article_ids()[4]
    text = {"csv": f"article {fourth}", "conll": "Article 4 : Angela Merkel met Olaf Scholz in Berlin on day 4 ."}.get(fmt, _text(4))
    assert written == [(text, 2)]


@pytest.mark.parametrize("fmt", FORMATS)
def test_done_and_reviewed_articles_count_as_decided_and_all_articles_writes_every_one(tmp_path: Path, fmt: str) -> None:
    team = _team(tmp_path / "team.db", articles=5)
    with Project.open(team) as p:
        ids = p.article_ids()
        p.set_article_status(ids[0], ArticleStatus.DONE)
        p.set_article_status(ids[1], ArticleStatus.REVIEWED)
        p.set_article_status(ids[2], ArticleStatus.IN_PROGRESS)
    out = tmp_path / ("brat" if fmt == "brat" else f"gold.{fmt}")
    result = run("export", team, "--format", fmt, "--output", out, "--status", "all")
    assert result.exit_code == 0, result.output
    assert f"left out: 3 × {not_curated(team)}" in result.output
    assert "Exported 2 articles" in result.output
    every = tmp_path / ("brat-all" if fmt == "brat" else f"every.{fmt}")
    result = run("export", team, "--format", fmt, "--output", every, "--all-articles")
    assert result.exit_code == 0, result.output
    assert "articles not curated yet" not in result.output and "Exported 5 articles" in result.output
    if fmt in ("jsonl", "spacy", "brat", "conll"):
        assert len(_written(every, fmt)) == 5 and len(_written(out, fmt)) == 2


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_project_without_analysts_layers_exports_every_article_as_before(tmp_path: Path, fmt: str) -> None:
    solo = tmp_path / "solo.db"
    with Project.open(solo) as p:
        p.import_bundles([ArticleBundle(Article(id=None, text=_text(n)), spans=[_span(f"g{n}", _text(n), "Berlin", "GPE")])
                          for n in range(3)], by="me")
    out = tmp_path / ("brat" if fmt == "brat" else f"solo.{fmt}")
    result = run("export", solo, "--format", fmt, "--output", out)
    assert result.exit_code == 0, result.output
    assert "Exported 3 articles, 3 spans" in result.output and "articles not curated yet" not in result.output
    if fmt in ("jsonl", "spacy", "brat"):
        assert [n for _, n in _written(out, fmt)] == [1, 1, 1]


def test_analyst_and_all_layers_write_every_article(tmp_path: Path) -> None:
    """Every article is written; "all" leaves the undecided gold parts out (tests/cli/test_team_export_all.py)."""
    team = _team(tmp_path / "team.db", articles=3)
    for layer in ("ana", "all"):
        out = tmp_path / f"{layer}.jsonl"
        result = run("export", team, "--format", "jsonl", "--layer", layer, "--output", out)
        assert result.exit_code == 0, result.output
        assert (gold_not_curated(team) in result.output) == (layer == "all") and len(_written(out, "jsonl")) == 3


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_windows_export_of_a_partly_curated_team_project_leaves_the_uncurated_out_too(tmp_path: Path, fmt: str) -> None:
    from annotator.ui import transfer  # the export job only (no Qt widget)

    team = _team(tmp_path / "team.db")
    _curate(team, 4)
    out = tmp_path / ("brat" if fmt == "brat" else f"gold.{fmt}")
    progress: list[tuple[int, int]] = []
    summary = transfer.export_job(team, fmt, out)(lambda n, total, text: progress.append((n, total)), lambda: False)
    assert summary.written.startswith("1 article, 2 spans")
    assert left_out(team) in summary.notes
    assert progress == [(1, 1)]
    assert len(_written(out, fmt)) == 1
