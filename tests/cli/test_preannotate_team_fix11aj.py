"""fix11aj (issue 11, usertest11q M2) through the CLI: ``annotator preannotate`` on a team project
(one holding analysts' layers) refuses in one line, exit 1, nothing written — its gold is curated
from the analysts' layers, not pre-annotated (as the window no longer pre-annotates it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.test_curate_polarity_fix11ae import team
from tests.cli.test_curate_stances_fix11y import run

pytestmark = pytest.mark.timeout(60)


def test_preannotate_refuses_a_team_project(tmp_path: Path) -> None:
    db = team(tmp_path, {"ana": "favor", "ben": "against"})
    before = db.read_bytes()
    result = run("preannotate", db, "--model", "no-such-model")
    assert result.exit_code == 1
    out = result.output.strip()
    assert len(out.splitlines()) == 1, out
    assert "is a team project (analysts' layers: ana, ben)" in out and "annotator preannotate ANALYST.db" in out, out
    assert "Traceback" not in out
    assert db.read_bytes() == before
