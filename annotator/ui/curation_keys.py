"""The curation view's keys (issue 11): one table, read by the view's help line and by
``docs/keyboard.md`` (:func:`annotator.ui.actions.render_markdown`). No Qt here."""

from __future__ import annotations

#: (keys, what they do), in the order the help shows them.
CURATION_KEYS: tuple[tuple[str, str], ...] = (
    ("Tab / Shift+Tab", "Next / previous disagreement not decided yet or decision ⚠ changed since decided (text order, then the "
                        "stances the analysts set differently); past the last one, any of this article not shown yet, then the "
                        "next article that has some (Shift+Tab from an article's first: the previous article's last); when none is "
                        "left anywhere, every disagreement in turn. After PgDown / PgUp or the list, Tab starts from the article's top. "
                        "The view opens with the first disagreement selected, as just before it: the first Tab lands on it "
                        "(the second goes on), Shift+Tab goes back to the previous article's last; another key first (Down, "
                        "a click, a decision) and Tab goes on from where it is. A stance comes after what it waits on: "
                        "where Tab would land on a stance whose holder (or quote) is a disagreement not decided and not "
                        "shown by Tab yet, it lands there first and says so; the next Tab goes on to the stance"),
    ("Up / Down, Home / End", "Previous / next row of the units table, first / last row: any unit (decided, agreed, single) "
                              "or stance, to relabel (L) or resize it without the mouse"),
    ("1 … 9", "Keep that analyst's version of the current unit in gold (1 = first analyst column); their speaker, cue and stances follow "
              "where not decided yet (a unit decided already stays so, its link not carried: the status line says which). "
              "An analyst who marked nothing there: gold keeps nothing"),
    ("A", "Accept the current unit all analysts agree on; on a gold decision no analyst's version is left of (⚠, deleted by a newer merge): keep it in gold as it is; "
          "where gold held its own version before curation (“gold differs”: imported without --analyst, decided by hand): keep gold's as it is"),
    ("X", "Reject the current unit: gold keeps none of the versions (recorded, so it stays decided)"),
    ("1 … 9 / X / A / L on a stance", "Keep that analyst's stance (its quote must be kept first) / reject the stance / accept the "
                                      "stance all analysts set alike / edit the kept gold stance's polarity"),
    ("Ctrl+Return", "Accept every agreed unit of this article not decided yet (one undo step); "
                    "units of an article given to one analyst are single, not agreed: they are left"),
    ("S", "In an article given to one analyst: keep that analyst's version of every unit not decided yet, their links and "
          "stances following (one undo step); decided units stay as decided"),
    ("Shift+Left / Shift+Right", "Move the end of the current unit's gold span one word"),
    ("Ctrl+Shift+Left / Ctrl+Shift+Right", "Move the start of the current unit's gold span one word"),
    ("L", "Relabel the current unit's gold span; links and stances the new label can hold come along, and when some cannot "
          "(a QUOTE made a CUE has no speaker) the first L names them and writes nothing, the same relabel again drops them"),
    ("Ctrl+Z / Ctrl+Shift+Z", "Undo / redo (the window's undo history: every decision is one step); the status line says what "
                              "was undone and in which article (\"Undone: keep ben's QUOTE «…» in #1 (this view shows #2)\"), without "
                              "the decision's ⚠ advice, and what the step did to the curated mark (\"(curated mark taken back)\" "
                              "on undo; the main window's \"Undid: …\" says the same)"),
    ("PgDown / PgUp", "Next / previous article with analysts' layers"),
    ("Esc", "Close the curation view"),
)

#: What the view shows besides its keys, a paragraph each, under the keys in ``docs/keyboard.md``.
CURATION_NOTES: tuple[str, ...] = (
    "Column headers: `1 ana (not started)` is analyst 1, ana, and in brackets the status ana gave this article in her "
    "own project file when it was merged: *not started* (its status there was still `new`: she had made no edit in it, "
    "opening alone does not start an article, so "
    "an empty or short version may mean \"not looked at\", not \"nothing there\"), *in progress*, *marked done* or "
    "*reviewed*; nothing in brackets when her layer was imported rather than merged from her file. Hover a header for "
    "the same explanation.",
    "A long article (more than 4,000 analysts' spans) is read and aligned in the background: its text shows at once, "
    "a busy bar and the phase (\"reading ben's layer (2 of 3)… 1.2 s\", \"aligning 68,793 spans into units…\") "
    "beside the article list, and the status line says when it is ready. Keys pressed meanwhile are held, in order, "
    "and applied when the units are there (PgDown / PgUp with none held leave at once); choosing another article "
    "with the mouse drops them and says so.",
    "The project file changed by another program while the view is open (`annotator merge TEAM.db ben.db` from a terminal): "
    "the view notices within a second, and before every decision and PgDown / PgUp, re-aligns the article from the file and "
    "says so in the status line (with the ⚠ count of decisions an analyst's newer layer changed). A decision key pressed "
    "before it noticed is not applied (\"Not applied: the project file changed under the view…\"): look again, press it again. "
    "A ⚠ in the Gold column marks such a decision; its tooltip says what changed. Only a change of the project's data "
    "counts (an edit, import, merge or curation another program logged): `annotator export`, `search`, `agreement`, "
    "`stats` or the `curate` listing run on the file, or another window opening it, say nothing here. Tab and "
    "Shift+Tab say the row they went to (\"Tab: row 3 of 9 — label conflict «Reuters»\"). "
    "Every cell is cut to its column: its "
    "tooltip holds the whole text.",
    "In the main window of a team project, Ctrl+Return (mark done) or Ctrl+Shift+Return (mark reviewed) on an article whose "
    "analysts' units are not all decided in gold writes nothing the first time and says how many are undecided (gold "
    "export would leave them out): curate it (Ctrl+Shift+K), or press the same key again to mark it as it is (the change "
    "log's entry says how many were left).",
    "The same relabel rule in the article view: a label key (or the label list) on a span whose links or stances the "
    "new label cannot hold names them in the status line and writes nothing; the same label again writes it, "
    "each dropped link a deletion in the change log, undone with Ctrl+Z. The details panel shows what the program "
    "recorded on a span (\"Curation: kept from ana by lee, 2026-11-30\", \"Suggested by: the model\") read-only.",
)
