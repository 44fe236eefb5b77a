"""fix11t (issue 11, usertest11i 8): the undo/redo lines (the main window's "Undid: …", the
curation view's "Undone: …") repeated the decision's ⚠ advice and "(article curated)" — the undo
is what makes the article not curated. They now say what the step did (``step_said``)."""

from __future__ import annotations

from annotator.domain.commands import Edit
from annotator.domain.curation import step_said
from annotator.ui.curation_view import undo_summary

ADVICE = "; ⚠ CUE «reading» now linked to nothing in gold: A keeps it so, X rejects it"


def test_an_undo_says_what_it_did_to_the_mark_and_drops_the_advice() -> None:
    assert step_said(f"Curate: reject QUOTE «Keep the harbour public»{ADVICE}", redo=False) == "reject QUOTE «Keep the harbour public»"
    marked = "Curate: keep ana's QUOTE «The plan is fully funded.» (article curated)"
    assert step_said(marked, redo=False) == "keep ana's QUOTE «The plan is fully funded.» (curated mark taken back)"
    assert step_said(marked, redo=True) == "keep ana's QUOTE «The plan is fully funded.» (article curated)"
    withdrew = "Curate: reject CUE «said» (curated mark withdrawn: 1 unit ⚠ to decide again)"
    assert step_said(withdrew, redo=False) == "reject CUE «said» (curated mark back)"
    assert step_said(withdrew, redo=True) == "reject CUE «said» (curated mark withdrawn)"
    rejected = ("Curate: nothing left to decide (every analyst left it empty): article curated; "
                "2 pending machine suggestions no analyst accepted rejected in gold")
    assert step_said("Curate: keep ben's QUOTE «x» (article curated); 2 pending machine suggestions no analyst accepted "
                     "rejected in gold", redo=False) == "keep ben's QUOTE «x» (curated mark taken back; 2 machine suggestions back to pending)"  # fix11v
    assert step_said(rejected, redo=True) == rejected.removeprefix("Curate: ")
    assert step_said("Accept PERSON", redo=False) == "Accept PERSON"  # not a curation decision: as it is
    assert undo_summary(Edit(f"Curate: reject CUE «said»{ADVICE} (article curated)", ()), "", 1) == \
        "reject CUE «said» (curated mark taken back)"
