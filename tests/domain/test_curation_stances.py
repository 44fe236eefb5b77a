"""Stances curated like spans (fix11 item 2): a stance unit per (holder, target, evidence unit),
one key each — take an analyst's (its quote must be kept in gold first), reject, edit the polarity;
decisions are ordinary edits, and an article is curated only when its stance disagreements are decided."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.domain import curation
from annotator.domain.curation import Decision
from annotator.domain.model import Status
from tests.domain.test_curation import data_of, layers, make_project, units_by_text


def test_a_stance_waits_for_its_quote_then_takes_and_rejects(tmp_path: Path) -> None:
    project, article_id = make_project(tmp_path / "t.db", layers())
    with project:
        [st] = curation.align(data_of(project, article_id)).stances
        assert st.disagreement and not st.decided and st.key.startswith(curation.STANCE_KEY)
        with pytest.raises(ValueError, match="the stance rests on «the talks failed», not decided yet in gold"):
            curation.take_stance(data_of(project, article_id), st.key, "ana")
        quote = units_by_text(curation.align(data_of(project, article_id)))["the talks failed"]
        project.apply(curation.take(data_of(project, article_id), quote.key, "ben"))  # ben's quote: ana's stance does not follow
        assert project.stances(article_id) == []
        project.apply(curation.take_stance(data_of(project, article_id), st.key, "ana", by="lead"))
        [gold] = project.stances(article_id)
        assert (gold.polarity, gold.status, gold.attrs["curation"]["kept"]) == ("against", Status.ACCEPTED, "ana")
        assert gold.evidence == next(s.id for s in project.spans(article_id) if s.label == "QUOTE")
        [st] = curation.align(data_of(project, article_id)).stances
        assert st.decision == Decision.KEPT
        project.apply(curation.set_gold_polarity(data_of(project, article_id), st.key, "neutral"))
        assert [s.polarity for s in project.stances(article_id)] == ["neutral"]
        project.apply(curation.reject_stance(data_of(project, article_id), st.key, by="lead"))
        assert [s.status for s in project.stances(article_id)] == [Status.REJECTED]
        assert curation.align(data_of(project, article_id)).stances[0].decision == Decision.REJECTED


def test_a_stance_whose_quote_gold_rejects_is_decided_with_it(tmp_path: Path) -> None:
    project, article_id = make_project(tmp_path / "t.db", layers())
    with project:
        quote = units_by_text(curation.align(data_of(project, article_id)))["the talks failed"]
        project.apply(curation.reject(data_of(project, article_id), quote.key))
        [st] = curation.align(data_of(project, article_id)).stances
        assert st.decision == Decision.REJECTED and not curation.reject_stance(data_of(project, article_id), st.key)
