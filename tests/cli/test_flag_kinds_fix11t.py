"""fix11t (issue 11, usertest11i 10, 11): the merge's withdrawn-mark line counted kept spans ⚠
linked to nothing as "units changed since decided" (curate and agreement count them apart). Hand-made
text, no corpus."""

from __future__ import annotations

from pathlib import Path

from annotator.domain import commands, curation
from annotator.domain.model import Status
from annotator.storage import curation_state
from annotator.storage.team import decisions_changed_since
from tests.domain.test_curation_decided_links import data_of, team


def test_a_withdrawn_mark_counts_each_flag_kind_apart(tmp_path: Path) -> None:
    project, article_id = team(tmp_path / "t.db", speaker_4b22=True)
    with project:
        project.apply(curation.accept_all_agreed(data_of(project, article_id), by="lead"), by="lead")
        assert curation.curation_status(project.article(article_id)) == "curated"
        # the quote rejected outside the curation (its SPEAKER and CUE stay kept, linked to nothing)
        [quote] = [s for s in project.spans(article_id) if s.label == "QUOTE"]
        project.apply(commands.set_status(commands.records(project.spans(article_id), project.relations(article_id)),
                                          [quote], Status.REJECTED), by="someone")
        why = curation_state.withdraw_stale_curations(project, [article_id], by="merge")[article_id]
        assert why == "2 kept spans ⚠ linked to nothing", why  # was "2 units changed since decided"
        assert decisions_changed_since(project, article_id) == [
            "SPEAKER «which»: SPEAKER «which» is linked to nothing in gold (its QUOTE «how he would combat the crisis» was rejected): keep it as it is (A) or reject it (X)",
            "CUE «said»: CUE «said» is linked to nothing in gold (its QUOTE «how he would combat the crisis» was rejected): keep it as it is (A) or reject it (X)"]
