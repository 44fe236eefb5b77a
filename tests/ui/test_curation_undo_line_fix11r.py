"""Issue 11, usertest11h cosmetics (fix11r): the curation view's "Undone:"/"Redone:" line repeated
the ⚠ advice of the decision ("… now linked to nothing in gold: A keeps it so, X rejects it"),
which no longer applies once it is undone; the step is now named without it."""

from __future__ import annotations

from annotator.domain.commands import Edit
from annotator.ui.curation_view import undo_summary


def test_the_undo_line_names_the_step_without_its_warning() -> None:
    text = ("Curate: reject QUOTE «talks failed»; ⚠ SPEAKER «Okafor», CUE «told» now linked to nothing in gold: "
            "A keeps it so, X rejects it")
    assert undo_summary(Edit(text, ()), "", 1) == "reject QUOTE «talks failed»"
    curated = ("Curate: keep ben's QUOTE «talks failed»; ⚠ CUE «told» now linked to nothing in gold: A keeps it so, "
               "X rejects it (article curated)")
    # fix11t: what the undo did to the mark, not what the decision did
    assert undo_summary(Edit(curated, ()), "", 1) == "keep ben's QUOTE «talks failed» (curated mark taken back)"
    plain = "Curate: keep ben's QUOTE «talks failed»; its CUE stays «said» as you decided"
    assert undo_summary(Edit(plain, ()), "", 1) == plain.removeprefix("Curate: ")
