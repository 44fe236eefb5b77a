"""Issue 11, usertest11h cosmetics (fix11r): the curation view's "Undone:"/"Redone:" line repeated
the ⚠ advice of the decision ("… now linked to nothing in gold: A keeps it so, X rejects it"),
which no longer applies once it is undone; the step is now named without it."""

from __future__ import annotations

from annotator.domain.curation import Decided
from annotator.domain.curation_flags import MarkMove, StepWords
from annotator.ui.curation_view import undo_summary


def test_the_undo_line_names_the_step_without_its_warning() -> None:
    text = ("Curate: reject QUOTE «talks failed»; ⚠ SPEAKER «Okafor», CUE «told» now linked to nothing in gold: "
            "A keeps it so, X rejects it")
    # fix11ai: said from the decision's typed words, which never hold its advice
    assert undo_summary(Decided(text, (), step=StepWords("reject QUOTE «talks failed»")), "", 1) == "reject QUOTE «talks failed»"
    curated = ("Curate: keep ben's QUOTE «talks failed»; ⚠ CUE «told» now linked to nothing in gold: A keeps it so, "
               "X rejects it (article curated)")
    # fix11t: what the undo did to the mark, not what the decision did
    step = StepWords("keep ben's QUOTE «talks failed»", MarkMove.CURATED)
    assert undo_summary(Decided(curated, (), step=step), "", 1) == "keep ben's QUOTE «talks failed» (curated mark taken back)"
    plain = "Curate: keep ben's QUOTE «talks failed»; its CUE stays «said» as you decided"
    step = StepWords(plain.removeprefix("Curate: "))
    assert undo_summary(Decided(plain, (), step=step), "", 1) == plain.removeprefix("Curate: ")
