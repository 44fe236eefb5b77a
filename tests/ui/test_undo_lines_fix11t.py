"""fix11t (issue 11, usertest11i 8): the undo/redo lines (the main window's "Undid: …", the
curation view's "Undone: …") repeated the decision's ⚠ advice and "(article curated)" — the undo
is what makes the article not curated. They now say what the step did (``step_said``); fix11ai:
from the edit's typed words (``StepWords``), never by reading its description."""

from __future__ import annotations

from annotator.domain.commands import Edit
from annotator.domain.curation import Decided, step_said
from annotator.domain.curation_flags import MarkMove, StepWords
from annotator.ui.curation_view import undo_summary

ADVICE = "; ⚠ CUE «reading» now linked to nothing in gold: A keeps it so, X rejects it"


def decided(description: str, step: StepWords) -> Decided:
    return Decided(description, (), step=step)


def test_an_undo_says_what_it_did_to_the_mark_and_drops_the_advice() -> None:
    rejected = decided(f"Curate: reject QUOTE «Keep the harbour public»{ADVICE}", StepWords("reject QUOTE «Keep the harbour public»"))
    assert step_said(rejected, redo=False) == "reject QUOTE «Keep the harbour public»"
    marked = decided("Curate: keep ana's QUOTE «The plan is fully funded.» (article curated)",
                     StepWords("keep ana's QUOTE «The plan is fully funded.»", MarkMove.CURATED))
    assert step_said(marked, redo=False) == "keep ana's QUOTE «The plan is fully funded.» (curated mark taken back)"
    assert step_said(marked, redo=True) == "keep ana's QUOTE «The plan is fully funded.» (article curated)"
    withdrew = decided("Curate: reject CUE «said» (curated mark withdrawn: 1 unit ⚠ to decide again)",
                       StepWords("reject CUE «said»", MarkMove.WITHDRAWN))
    assert step_said(withdrew, redo=False) == "reject CUE «said» (curated mark back)"
    assert step_said(withdrew, redo=True) == "reject CUE «said» (curated mark withdrawn)"
    pending = decided("Curate: keep ben's QUOTE «x» (article curated); 2 pending machine suggestions no analyst accepted "
                      "rejected in gold", StepWords("keep ben's QUOTE «x»", MarkMove.CURATED, (2, 2)))
    assert step_said(pending, redo=False) == "keep ben's QUOTE «x» (curated mark taken back; 2 machine suggestions back to pending)"
    assert step_said(Edit("Accept PERSON", ()), redo=False) == "Accept PERSON"  # not a curation decision: as it is
    assert undo_summary(decided(f"Curate: reject CUE «said»{ADVICE} (article curated)",
                                StepWords("reject CUE «said»", MarkMove.CURATED)), "", 1) == \
        "reject CUE «said» (curated mark taken back)"
