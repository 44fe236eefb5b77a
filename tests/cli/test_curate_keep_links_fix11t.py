"""fix11t (issue 11, usertest11i 7): ``curate --keep`` said only how many disagreements it kept,
while the curation view says, for the same decision, what became of the kept quote's links ("its
SPEAKER «which» stays as you decided: no link"). The CLI now says each, per unit. Hand-made text,
no corpus."""

from __future__ import annotations

from pathlib import Path

from annotator.domain import curation
from tests.cli.test_team_merge_fix11g import run
from tests.domain.test_curation_decided_links import QUOTE, data_of, team, unit


def test_curate_keep_says_a_speaker_stays_as_decided(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    project, article_id = team(db)
    with project:  # the lead rejected the SPEAKER «which» (only 5fec gave it)
        project.apply(curation.reject(data_of(project, article_id), unit(project, article_id, "which").key))
    result = run("curate", db, "--keep", "5fec", "--article", article_id, "--by", "lead")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"#{article_id}: kept 5fec's version of 1 disagreement (article curated)", result.output
    assert lines[1] == f"  QUOTE «{QUOTE}»: its SPEAKER «which» stays as you decided: no link", result.output
