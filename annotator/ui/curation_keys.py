"""The curation view's keys (issue 11): one table, read by the view's help line and by
``docs/keyboard.md`` (:func:`annotator.ui.actions.render_markdown`). No Qt here."""

from __future__ import annotations

#: (keys, what they do), in the order the help shows them.
CURATION_KEYS: tuple[tuple[str, str], ...] = (
    ("Tab / Shift+Tab", "Next / previous disagreement not decided yet (text order, then the stances the analysts set differently); "
                        "past the last one, the next article that has some (Shift+Tab: the previous); when none is left anywhere, "
                        "every disagreement in turn"),
    ("1 … 9", "Keep that analyst's version of the current unit in gold (1 = first analyst column); their speaker, cue and stances follow. "
              "An analyst who marked nothing there: gold keeps nothing"),
    ("A", "Accept the current unit all analysts agree on"),
    ("X", "Reject the current unit: gold keeps none of the versions (recorded, so it stays decided)"),
    ("1 … 9 / X / A / L on a stance", "Keep that analyst's stance (its quote must be kept first) / reject the stance / accept the "
                                      "stance all analysts set alike / edit the kept gold stance's polarity"),
    ("Ctrl+Return", "Accept every agreed unit of this article not decided yet (one undo step); "
                    "units of an article given to one analyst are single, not agreed: they are left"),
    ("Shift+Left / Shift+Right", "Move the end of the current unit's gold span one word"),
    ("Ctrl+Shift+Left / Ctrl+Shift+Right", "Move the start of the current unit's gold span one word"),
    ("L", "Relabel the current unit's gold span; links and stances the new label can hold come along, and when some cannot "
          "(a QUOTE made a CUE has no speaker) the first L names them and writes nothing, the same relabel again drops them"),
    ("Ctrl+Z / Ctrl+Shift+Z", "Undo / redo (the window's undo history: every decision is one step)"),
    ("PgDown / PgUp", "Next / previous article with analysts' layers"),
    ("Esc", "Close the curation view"),
)
