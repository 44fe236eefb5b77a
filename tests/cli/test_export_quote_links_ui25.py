"""usertest22 M2: an "accepted" export (CLI and window) says how many accepted quotes are written
without a speaker or cue that is still a suggestion, in its "left out" words."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.domain import commands
from annotator.domain.model import Article, ArticleBundle, Status
from annotator.domain.suggestions import SuggestedSpan, SuggestionSet
from annotator.storage.project import Project

TEXT = "Tomas Reyes said the ferry would run again. Ana Cole told reporters the pier was safe."
# usertest23 L5: these quotes are written, so the line says so and never "left out"
LINE = "2 accepted quotes written without their speaker or cue, which are still suggestions: accept them, or use --status all"


def project_with(path: Path, *, accept_links: bool) -> Path:
    """Two quotes accepted alone (their speakers and cues suggested), or with their links."""
    with Project.open(path) as project:
        [aid] = project.import_bundles([ArticleBundle(Article(None, TEXT))]).article_ids
        sset = SuggestionSet(origin="rules 1")
        for speaker, cue, content in (("Tomas Reyes", "said", "the ferry would run again"),
                                      ("Ana Cole", "told", "the pier was safe")):
            at = TEXT.index
            quote = sset.add_span(SuggestedSpan("q" + cue, at(content), at(content) + len(content), "QUOTE", "quote"))
            sset.link(quote, sset.add_span(SuggestedSpan("s" + cue, at(speaker), at(speaker) + len(speaker), "SPEAKER", "speaker")), "SPEAKER")
            sset.link(quote, sset.add_span(SuggestedSpan("c" + cue, at(cue), at(cue) + len(cue), "CUE", "cue")), "CUE")
        project.add_suggestions(aid, sset)
        spans = list(project.spans(aid))
        chosen = spans if accept_links else [s for s in spans if s.label == "QUOTE"]
        project.apply(commands.set_status(commands.records(spans, project.relations(aid)), chosen, Status.ACCEPTED), by="ana")
    return path


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "brat"])
def test_cli_export_counts_accepted_quotes_written_without_their_suggested_speaker_or_cue(tmp_path: Path, fmt: str) -> None:
    db = project_with(tmp_path / "news.db", accept_links=False)
    out = tmp_path / ("brat" if fmt == "brat" else f"out.{fmt}")
    result = CliRunner().invoke(cli, ["export", str(db), "--format", fmt, "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert LINE in result.stderr
    assert "left out" not in result.stderr
    everything = CliRunner().invoke(cli, ["export", str(db), "--format", fmt, "--status", "all", "--output", str(out)])
    assert "still suggestions" not in everything.stderr
    linked = project_with(tmp_path / "linked.db", accept_links=True)  # quotes accepted with their links
    result = CliRunner().invoke(cli, ["export", str(linked), "--format", fmt, "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert "still suggestions" not in result.stderr


def test_window_export_says_it_too(tmp_path: Path) -> None:
    from annotator.ui import transfer

    db = project_with(tmp_path / "news.db", accept_links=False)
    summary = transfer.export_job(db, "jsonl", tmp_path / "out.jsonl")(lambda *a: None, lambda: False)
    assert LINE in summary.notes
    assert not any("left out" in note for note in summary.notes)
