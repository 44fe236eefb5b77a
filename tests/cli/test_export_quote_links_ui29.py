"""usertest24 L4: an "accepted" export says which of a quote's links is still a suggestion: "without
their cue" when only the cues are, "without their speaker" when only the speakers are (it said
"speaker or cue" in every case). Made-up sentences (the project of test_export_quote_links_ui25)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.domain import commands
from annotator.domain.model import Status
from annotator.storage.project import Project
from tests.cli.test_export_quote_links_ui25 import LINE, project_with


def _accept(path: Path, labels: set[str]) -> None:
    with Project.open(path, create=False) as project:
        spans = list(project.spans(1))
        chosen = [s for s in spans if s.label in labels and s.status == Status.SUGGESTED]
        project.apply(commands.set_status(commands.records(spans, project.relations(1)), chosen, Status.ACCEPTED), by="ana")


@pytest.mark.parametrize(("accepted", "said"), [
    ({"SPEAKER"}, "2 accepted quotes written without their cue (still a suggestion): accept them, or use --status all"),
    ({"CUE"}, "2 accepted quotes written without their speaker (still a suggestion): accept them, or use --status all"),
    (set(), LINE),  # both still suggestions: as it was
])
def test_the_export_line_names_the_link_still_suggested(tmp_path: Path, accepted: set[str], said: str) -> None:
    db = project_with(tmp_path / "news.db", accept_links=False)
    if accepted:
        _accept(db, accepted)
    result = CliRunner().invoke(cli, ["export", str(db), "--format", "jsonl", "--output", str(tmp_path / "out.jsonl")])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stderr.splitlines() if "accepted quote" in line]
    assert len(lines) == 1 and said in lines[0], result.stderr
