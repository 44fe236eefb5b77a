"""Issue 11, usertest11h cosmetics (fix11r): a refused merge named its times to the minute while
the backup warning beside it has seconds — both to the second now; ⚠ changed-since-decided lines
quote spans «…» as every other line does (they had '…'). Hand-made text."""

from __future__ import annotations

from annotator.domain.curation_flags import flag_line
from annotator.storage.team import _run


def test_an_assign_run_is_named_to_the_second() -> None:
    run = {"source": "team.db", "seed": 0, "overlap": 0.2, "at": "2026-12-01T14:26:05.123+00:00"}
    assert _run(run) == "team.db (seed 0, overlap 0.2, assigned 2026-12-01 14:26:05)"


def test_a_changed_line_quotes_its_span_once_with_guillemets() -> None:
    row = {"article_id": 2, "labels": ["PERSON"], "text": "Lena Ortiz", "why": "ben's PERSON «Lena Ortiz» is gone since you kept it",
           "unlinked": False}
    assert flag_line(row) == "#2 ben's PERSON «Lena Ortiz» is gone since you kept it"
