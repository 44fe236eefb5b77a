"""Stances (holder, holder span, target, polarity, evidence) on the way to every format and back:
JSONL and DocBin hold them, the others count them in ``left_out``; the JSONL reader refuses a
stance naming a span its line lacks (file:line, exit 1, nothing written)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.domain import commands
from annotator.domain.model import Article, ArticleBundle, Span, Status
from annotator.domain.suggestions import SuggestedSpan, SuggestionSet
from annotator.storage.project import Project
from tests.core.damage import dump
from tests.formats.helpers import export_jsonl, import_paths, records

TEXT = "Sergei Lavrov said the talks were useful. Critics call it a farce."


def run(*args: object):  # noqa: ANN201
    return CliRunner().invoke(cli, [str(a) for a in args])


def ctx(project: Project, aid: int) -> commands.Records:
    return commands.records(project.spans(aid), project.relations(aid), project.stances(aid))


def _add(project: Project, aid: int, label: str, start: int, end: int, layer: str) -> Span:
    made = project.apply(commands.add_span(ctx(project, aid), article_id=aid, start=start, end=end, label=label, layer=layer))
    return next(c.after for c in made.changes if isinstance(c.after, Span))


def make(path: Path, *, suggested_quote: bool = False) -> tuple[Project, int, Span, Span]:
    """A project with SPEAKER "Sergei Lavrov", QUOTE "the talks were useful" (suggested when
    asked), a stance resting on it, and an article-level stance."""
    project = Project.open(path)
    [aid] = project.import_bundles([ArticleBundle(Article(id=None, text=TEXT))]).article_ids
    speaker = _add(project, aid, "SPEAKER", 0, 13, "speaker")
    if suggested_quote:
        sset = SuggestionSet(origin="rules")
        sset.add_span(SuggestedSpan("q", 19, 40, "QUOTE", "quote"))
        project.add_suggestions(aid, sset)
        quote = next(s for s in project.spans(aid) if s.label == "QUOTE")
    else:
        quote = _add(project, aid, "QUOTE", 19, 40, "quote")
    project.apply(commands.add_stance(ctx(project, aid), article_id=aid, holder="Sergei Lavrov", holder_span=speaker.id,
                                      target="Geneva talks", polarity="favor", evidence=quote.id, by="ana"), by="ana")
    project.apply(commands.add_stance(ctx(project, aid), article_id=aid, holder="Critics", target="Geneva talks",
                                      polarity="against", by="ana"), by="ana")
    if suggested_quote:
        # Setting the stance accepted the quote; a file written by another tool (or an older
        # Annotator) can still hold an accepted stance on a suggested quote.
        assert quote.id in {s.id for s in project.spans(aid, statuses=[Status.ACCEPTED])}
        with project.writing():
            project.db.execute("UPDATE spans SET status = 'suggested' WHERE id = ?", [quote.id])
    return project, aid, speaker, quote


def test_a_stance_on_a_suggested_quote_accepts_it_so_the_default_export_holds_it(tmp_path: Path) -> None:
    project = Project.open(tmp_path / "a.db")
    [aid] = project.import_bundles([ArticleBundle(Article(id=None, text=TEXT))]).article_ids
    sset = SuggestionSet(origin="rules")
    sset.link(sset.add_span(SuggestedSpan("q", 19, 40, "QUOTE", "quote")), sset.add_span(SuggestedSpan("s", 0, 13, "SPEAKER", "speaker")), "SPEAKER")
    project.add_suggestions(aid, sset)
    speaker, quote = (next(s for s in project.spans(aid) if s.label == label) for label in ("SPEAKER", "QUOTE"))
    project.apply(commands.add_stance(ctx(project, aid), article_id=aid, holder="Sergei Lavrov", holder_span=speaker.id,
                                      target="Geneva talks", polarity="favor", evidence=quote.id, by="ana"), by="ana")
    assert {s.label: s.status for s in project.spans(aid)} == {"SPEAKER": Status.ACCEPTED, "QUOTE": Status.ACCEPTED}
    assert [r.status for r in project.relations(aid)] == [Status.ACCEPTED]  # the link follows its ends
    project.close()
    out = tmp_path / "out.jsonl"
    result = run("export", tmp_path / "a.db", "--format", "jsonl", "--output", out)
    assert result.exit_code == 0 and "left out" not in result.stderr, result.stderr
    [line] = records(out.read_text(encoding="utf-8"))
    assert [(s["evidence"], s["holder_span"], s["polarity"]) for s in line["doc"]["stances"]] == [(quote.id, speaker.id, "favor")]


def test_jsonl_holds_holder_span_and_evidence_and_round_trips_byte_identical(tmp_path: Path) -> None:
    project, aid, speaker, quote = make(tmp_path / "a.db")
    exported = export_jsonl(project)
    [line] = records(exported)
    assert [(s["holder"], s["holder_span"], s["polarity"], s["evidence"]) for s in line["doc"]["stances"]] == [
        ("Sergei Lavrov", speaker.id, "favor", quote.id), ("Critics", "", "against", "")]
    (tmp_path / "e.jsonl").write_text(exported, encoding="utf-8")
    with Project.open(tmp_path / "b.db") as second:
        import_paths(second, tmp_path / "e.jsonl")
        [stance, _] = second.stances(second.article_ids()[0])
        assert (stance.holder_span, stance.evidence) == (speaker.id, quote.id)
        assert export_jsonl(second) == exported
    project.close()


def _line_with(tmp_path: Path, **changes: str) -> Path:
    project, *_ = make(tmp_path / "src.db")
    line = records(export_jsonl(project))[0]
    project.close()
    line["doc"]["stances"][0].update(changes)
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n" + json.dumps(line) + "\n", encoding="utf-8")  # the record is on line 2
    return bad


@pytest.mark.parametrize("field, value, message", [
    ("evidence", "no-such-span", "evidence 'no-such-span' is not the id of a span of this article"),
    ("holder_span", "no-such-span", "holder_span 'no-such-span' is not the id of a span of this article"),
    ("evidence", "SPEAKER", "a stance rests on a quote or claim span"),
])
def test_jsonl_import_refuses_a_stance_naming_a_span_the_line_lacks(tmp_path: Path, field: str, value: str, message: str) -> None:
    bad = _line_with(tmp_path, **{field: value})
    if value == "SPEAKER":  # the speaker span's real id: a span, but not a quote or claim
        line = json.loads(bad.read_text(encoding="utf-8").strip())
        line["doc"]["stances"][0][field] = next(s["id"] for s in line["spans"] if s["label"] == "SPEAKER")
        bad.write_text("\n" + json.dumps(line) + "\n", encoding="utf-8")
    db = tmp_path / "target.db"
    Project.open(db).close()
    before = dump(db)
    result = run("import", db, bad)
    assert result.exit_code == 1
    assert f"{bad}:2" in result.stderr and message in result.stderr, result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert dump(db) == before


def test_docbin_user_data_holds_holder_span_and_evidence(tmp_path: Path) -> None:
    from spacy.tokens import DocBin

    import spacy

    project, aid, speaker, quote = make(tmp_path / "a.db")
    project.close()
    out = tmp_path / "out.spacy"
    result = run("export", tmp_path / "a.db", "--format", "spacy", "--output", out)
    assert result.exit_code == 0, result.output
    [doc] = DocBin().from_disk(out).get_docs(spacy.blank("en").vocab)
    stances = doc.user_data["annotator"]["stances"]
    assert [(s["holder_span"], s["evidence"], s["polarity"]) for s in stances] == [(speaker.id, quote.id, "favor"), ("", "", "against")]
    assert quote.id in doc.user_data["annotator"]["spans"]


@pytest.mark.parametrize("fmt", ["csv", "conll", "brat"])
def test_formats_without_stances_count_them(tmp_path: Path, fmt: str) -> None:
    make(tmp_path / "a.db")[0].close()
    out = tmp_path / ("brat" if fmt == "brat" else f"out.{fmt}")
    result = run("export", tmp_path / "a.db", "--format", fmt, "--output", out)
    assert result.exit_code == 0, result.output
    assert any(line.startswith("left out: 2 × stances") for line in result.stderr.splitlines()), result.stderr


@pytest.mark.parametrize("fmt", ["jsonl", "spacy"])
def test_a_stance_whose_evidence_is_not_exported_is_counted_not_left_dangling(tmp_path: Path, fmt: str) -> None:
    project, aid, _, quote = make(tmp_path / "a.db", suggested_quote=True)
    assert [s.status for s in project.stances(aid)] == [Status.ACCEPTED, Status.ACCEPTED]
    project.close()
    out = tmp_path / f"out.{fmt}"
    result = run("export", tmp_path / "a.db", "--format", fmt, "--output", out)
    assert result.exit_code == 0, result.output
    assert "left out: 1 × stances whose evidence span is not accepted (decide the span, or use --status all)" in result.stderr
    if fmt == "jsonl":
        [line] = records(out.read_text(encoding="utf-8"))
        assert [s["holder"] for s in line["doc"]["stances"]] == ["Critics"]
        with Project.open(tmp_path / "b.db") as again:  # what was written reads back
            import_paths(again, out)
    assert "stances whose evidence" not in run("export", tmp_path / "a.db", "--format", fmt, "--output", out, "--status", "all").stderr
