"""fix11ai (issue 11): the undo/redo lines of the curation view and the main window are said from
what each decision's edit carries, typed (``curation.StepWords`` on ``Decided.step``), not by
parsing its description — which also carries advice on what the decision left. The parsing kept
some of that advice: after Ctrl+Return left a disagreement, its undo line went on with "1
disagreement left to decide: … — Tab to it; 1…9 keeps an analyst's version, X rejects".
Each decision kind is made here for real and its two lines checked. Hand-written text, no corpus."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from annotator.domain import curation
from annotator.domain.curation_flags import MarkMove, StepWords
from tests.domain.test_curation_provenance_fix11ag import TEXT, speaker_disputed
from tests.domain.test_curation_stance_follow_fix11y import state
from tests.ui.test_curation_tab_order_fix11ag import holder_and_stance_disputed

pytestmark = pytest.mark.timeout(60)

#: what no undo/redo line may say: advice on what the decision left, and the window's keys
ADVICE = re.compile(r"⚠|left for you|left to decide|waits? for|\bTab\b|1…9|X rejects|A keeps|Ctrl\+Return|Curate: ")


def lines(edit: curation.Edit) -> tuple[str, str]:
    assert isinstance(edit, curation.Decided) and isinstance(edit.step, StepWords), edit
    undo, redo = curation.step_said(edit, redo=False), curation.step_said(edit, redo=True)
    assert not ADVICE.search(undo) and not ADVICE.search(redo), (undo, redo)
    return undo, redo


def speaker(st: curation.ArticleCuration) -> curation.Unit:
    return next(u for u in st.alignment.units if {"PERSON", "ORG"} & set(u.labels))


def quote(st: curation.ArticleCuration) -> curation.Unit:
    return next(u for u in st.alignment.units if "QUOTE" in u.labels and TEXT[u.start:u.end].startswith('"The'))


def test_ctrl_return_digit_and_x_each_say_what_they_did_and_the_mark(tmp_path: Path) -> None:
    project, aid = speaker_disputed(tmp_path / "p.db")
    with project:
        # Ctrl+Return leaving the disputed speaker (and the quote waiting for it): advice in the
        # description, none in the lines
        edit = state(project, aid).accept_all_agreed(by="lead")
        assert "1 disagreement left to decide" in edit.description and "waits for a disputed" in edit.description
        assert lines(edit) == ("accept all 2 agreed units", "accept all 2 agreed units")
        stored = project.apply(edit, by="lead")
        assert isinstance(stored, curation.Decided) and stored.step == edit.step  # kept as stored (the undo stack's)
        # a digit on the speaker
        st = state(project, aid)
        edit = st.take(speaker(st).key, "ben", by="lead")
        assert lines(edit) == ("keep ben's ORG «Tom Brennan»", "keep ben's ORG «Tom Brennan»")
        project.apply(edit, by="lead")
        # Ctrl+Return again: it marks the article curated
        edit = state(project, aid).accept_all_agreed(by="lead")
        assert edit.step.mark is MarkMove.CURATED
        assert lines(edit) == ("accept the 1 agreed unit; its SPEAKER stays «Tom Brennan» as you decided (curated mark taken back)",
                               "accept the 1 agreed unit; its SPEAKER stays «Tom Brennan» as you decided (article curated)")
        project.apply(edit, by="lead")
        # X on the quote of the curated article: leaves its CUE ⚠ linked to nothing, takes the mark back
        st = state(project, aid)
        edit = st.reject(quote(st).key, by="lead")
        assert "⚠ CUE «said» now linked to nothing" in edit.description
        assert edit.step.mark is MarkMove.WITHDRAWN
        assert lines(edit) == ('reject QUOTE «"The harbour,"» (curated mark back)', 'reject QUOTE «"The harbour,"» (curated mark withdrawn)')


def test_stance_digit_a_and_x_say_what_they_did(tmp_path: Path) -> None:
    project, aid = holder_and_stance_disputed(tmp_path / "p.db")
    with project:
        edit = state(project, aid).accept_all_agreed(by="lead")
        assert "1 stance left to decide" in edit.description
        assert lines(edit) == ("accept all 4 agreed units", "accept all 4 agreed units")
        project.apply(edit, by="lead")
        st = state(project, aid)
        holder = next(u for u in st.alignment.units if u.disagreement and not u.decided)
        edit = st.take(holder.key, "ana", by="lead")
        undo, _redo = lines(edit)
        assert undo.startswith("keep ana's PERSON «Maria Okafor»"), undo
        project.apply(edit, by="lead")
        st = state(project, aid)
        stance = st.alignment.stances[0]
        kept = st.take(stance.key, "ben", by="lead")
        undo, redo = lines(kept)
        assert undo.startswith("keep ben's stance Maria Okafor against «harbour»"), undo
        assert redo.startswith("keep ben's stance Maria Okafor against «harbour»"), redo


def test_a_decision_refused_or_empty_carries_no_step(tmp_path: Path) -> None:
    """A refusal raises; an empty bulk decision (nothing to accept) is a plain edit said as it is."""
    project, aid = speaker_disputed(tmp_path / "p.db")
    with project:
        project.apply(state(project, aid).accept_all_agreed(by="lead"), by="lead")
        nothing = curation.decide_agreed(state(project, aid).data, by="lead")
        assert not nothing.edit and getattr(nothing.edit, "step", None) is None
        assert curation.step_said(nothing.edit, redo=False) == nothing.edit.description
