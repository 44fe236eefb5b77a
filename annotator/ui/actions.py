"""The one table of window actions: name, menu text, default keys, help.

The window builds its QActions from it, Help → Keyboard shortcuts renders it, and
``docs/keyboard.md`` is generated from it (a test fails when the file differs), so the keys the
analyst reads are the keys that work. Keys are Qt portable text (``QKeySequence.toString()``);
the analyst may change them in Preferences (stored in QSettings by action id).

Regenerate the docs with ``python -m annotator.ui.actions > docs/keyboard.md``.
"""

from __future__ import annotations

import dataclasses
import html
from collections.abc import Mapping


@dataclasses.dataclass(frozen=True, slots=True)
class ActionSpec:
    id: str
    text: str  # menu text, with & for the mnemonic
    keys: tuple[str, ...]  # default key sequences, first is the main one
    section: str
    help: str

    @property
    def plain_text(self) -> str:
        return self.text.replace("&", "")


_REVIEW = "Review suggestions"
_EDIT = "Edit spans"
_NAV = "Articles"
_GEN = "General"

ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("next_suggestion", "&Next suggestion", ("Tab",), _REVIEW, "Select the next pending suggestion and scroll to it"),
    ActionSpec("prev_suggestion", "&Previous suggestion", ("Shift+Tab",), _REVIEW, "Select the previous pending suggestion"),
    ActionSpec("next_span", "Next span", ("Alt+Right",), _REVIEW,
               "Select the next span of any status (accepted ones too; rejected ones and those the View menu hides are passed over)"),
    ActionSpec("prev_span", "Previous span", ("Alt+Left",), _REVIEW, "Select the previous span of any status, as Alt+Right does"),
    ActionSpec("accept", "&Accept", ("A", "Return", "Enter"), _REVIEW, "Accept the selected suggestion (a quote with its suggested speaker and cue, one undo step), "
               "then go to the next one"),
    ActionSpec("reject", "&Reject", ("X",), _REVIEW, "Reject the selected suggestion (it is not suggested again; a quote with its suggested cue, and its "
               "suggested speaker unless another quote not rejected uses it), then go to the next one"),
    ActionSpec("accept_all", "Accept a&ll shown in article", ("Shift+A",), _REVIEW,
               "Accept every pending suggestion of this article that the View menu shows (one undo step); "
               "those a View filter hides stay pending, and the status bar says how many (a shown quote's speaker and cue "
               "are accepted with it)"),
    *(
        ActionSpec(f"label_{n}", f"Label key {n}", (str(n),), _EDIT,
                   f"Give the selected text (or the selected span) the label bound to key {n} in the schema")
        for n in range(1, 10)
    ),
    ActionSpec("pick_speaker", "Link &speaker…", ("S",), _EDIT,
               "With a quote selected, pick its speaker (a claim: its claimant): type a name or initials, Enter or 1-9 links it; "
               "selected text becomes a new SPEAKER"),
    ActionSpec("pick_cue", "Link c&ue…", ("U",), _EDIT,
               "With a quote selected, pick its cue (speech verb): a CUE span or a verb of saying nearby; Enter or 1-9 links it"),
    ActionSpec("pick_speaker_ref", "Speaker &refers to…", ("Shift+S",), _EDIT,
               "With a quote selected, pick who its speaker (he, the minister) is from the article's people"),
    # Interrupted quotes (fixut16c, usertest H2): join two quotes into one attribution, split a piece off
    ActionSpec("join_next", "&Join with next quote", ("J",), _EDIT,
               "Join the selected quote (or claim) to the next one of its label: one attribution of several pieces "
               "(one undo step); the first keeps its speaker and cue, the other's go where the first has none"),
    ActionSpec("join_prev", "Join with previous quote", ("Shift+J",), _EDIT,
               "Join the selected quote (or claim) to the previous one of its label, as J does"),
    ActionSpec("split_piece", "Split piece off (&break)", ("B",), _EDIT,
               "Split the selected piece off its interrupted quote; the speaker and cue stay with the first piece "
               "(the first split off keeps them, a later one leaves without); the pieces left stay one quote (one undo step)"),
    ActionSpec("delete", "&Delete span", ("Del",), _EDIT, "Delete the selected accepted span (a suggestion is rejected instead)"),
    ActionSpec("end_right", "Extend end", ("Shift+Right",), _EDIT, "Move the selected span's end one token to the right"),
    ActionSpec("end_left", "Shrink end", ("Shift+Left",), _EDIT, "Move the selected span's end one token to the left"),
    ActionSpec("start_left", "Extend start", ("Ctrl+Shift+Left",), _EDIT, "Move the selected span's start one token to the left"),
    ActionSpec("start_right", "Shrink start", ("Ctrl+Shift+Right",), _EDIT, "Move the selected span's start one token to the right"),
    ActionSpec("end_right_sentence", "Extend end by sentence", ("Alt+Shift+Right",), _EDIT,
               "Move the selected span's end to the end of its sentence, or of the next one"),
    ActionSpec("end_left_sentence", "Shrink end by sentence", ("Alt+Shift+Left",), _EDIT,
               "Move the selected span's end back to the end of the previous sentence"),
    ActionSpec("start_left_sentence", "Extend start by sentence", ("Ctrl+Alt+Shift+Left",), _EDIT,
               "Move the selected span's start to the start of its sentence, or of the previous one"),
    ActionSpec("start_right_sentence", "Shrink start by sentence", ("Ctrl+Alt+Shift+Right",), _EDIT,
               "Move the selected span's start on to the start of the next sentence"),
    ActionSpec("end_down_paragraph", "Extend end by paragraph", ("Alt+Shift+Down",), _EDIT,
               "Move the selected span's end to the end of its paragraph, or of the next one (a quote gains a paragraph in one key)"),
    ActionSpec("end_up_paragraph", "Shrink end by paragraph", ("Alt+Shift+Up",), _EDIT,
               "Move the selected span's end back to the end of the previous paragraph"),
    ActionSpec("start_up_paragraph", "Extend start by paragraph", ("Ctrl+Alt+Shift+Up",), _EDIT,
               "Move the selected span's start to the start of its paragraph, or of the previous one"),
    ActionSpec("start_down_paragraph", "Shrink start by paragraph", ("Ctrl+Alt+Shift+Down",), _EDIT,
               "Move the selected span's start on to the start of the next paragraph"),
    ActionSpec("end_right_word", "Extend end by word", (), _EDIT,
               "Move the selected span's end to the end of the next word, taking in the punctuation before it (no default key)"),
    ActionSpec("end_left_word", "Shrink end by word", (), _EDIT,
               "Move the selected span's end back to the end of the previous word, leaving out punctuation after it"),
    ActionSpec("start_left_word", "Extend start by word", (), _EDIT,
               "Move the selected span's start to the start of the previous word (no default key)"),
    ActionSpec("start_right_word", "Shrink start by word", (), _EDIT,
               "Move the selected span's start on to the start of the next word"),
    ActionSpec("resize_to_selection", "Resize to selection", ("R",), _EDIT,
               "Set the selected span's boundaries to the selected text (select the span, drag over the text, press R); "
               "it keeps its label and links (one undo step)"),
    ActionSpec("context_menu", "Span menu…", ("Shift+F10", "Menu"), _EDIT,
               "Open the menu of the selected span or text: labels, accept/reject/delete, links (speaker of a quote…)"),
    ActionSpec("clear_selection", "Clear selection", ("Esc",), _EDIT,
               "Deselect the span and the selected text; with nothing selected, close the open panel: Train pipeline "
               "(a run goes on), else Guidelines, else Find"),
    # Stances (issue 9): the schema's stance polarities in order (favor, against, neutral by default)
    *(
        ActionSpec(f"stance_polarity_{n}", f"Stance: {word} polarity ({default})", (key,), _EDIT,
                   f"Set the stance of the selected quote's speaker (claim's claimant) towards the current target to the "
                   f"schema's {word} stance polarity ({default} by default); no target yet: the target picker opens, no speaker "
                   f"link: the speaker picker (one undo step); the same key again changes nothing")
        for n, (key, word, default) in enumerate((("F", "first", "favor"), ("G", "second", "against"), ("N", "third", "neutral")), 1)
    ),
    ActionSpec("stance_target", "Stance &target…", ("Shift+T",), _EDIT,
               "Pick the current stance target that F / G / N use: the project's target list (a [key] picks at once), "
               "the article's named entities, the project's; a new name joins the target list"),
    ActionSpec("undo", "&Undo", ("Ctrl+Z",), _EDIT, "Undo the last edit, in whichever article it was made"),
    ActionSpec("redo", "&Redo", ("Ctrl+Shift+Z", "Ctrl+Y"), _EDIT, "Redo the last undone edit"),
    ActionSpec("next_article", "Ne&xt article", ("Shift+PgDown",), _NAV, "Open the next article in the list"),
    ActionSpec("prev_article", "Pre&vious article", ("Shift+PgUp",), _NAV, "Open the previous article in the list"),
    ActionSpec("mark_done", "&Mark done and next", ("Ctrl+Return", "Ctrl+Enter"), _NAV, "Mark this article done and open the next one not done"),
    ActionSpec("mark_reviewed", "Mark re&viewed", ("Ctrl+Shift+Return", "Ctrl+Shift+Enter"), _NAV,
               "Mark this article reviewed (checked by a second analyst); stays on it"),
    ActionSpec("reopen", "&Reopen article", ("Ctrl+Shift+Backspace",), _NAV,
               "Set a done or reviewed article back to in progress"),
    ActionSpec("add_tag", "Add &tag…", ("Ctrl+T",), _NAV,
               "Type a tag for this article (topic, genre…) in the Article panel; Enter adds it (one undo step)"),
    ActionSpec("add_stance", "Add &stance…", ("Ctrl+Shift+T",), _NAV,
               "Add a stance to this article: pick the holder (who), the target (on what), then F / G / N (or Enter: "
               "the polarity box's value); the note field's text goes with it"),
    ActionSpec("find", "&Find…", ("Ctrl+F",), _NAV, "Find text in the article (Enter: next, Shift+Enter: previous)"),
    ActionSpec("find_next", "Find next", ("F3",), _NAV, "The next match of the last search"),
    ActionSpec("find_prev", "Find previous", ("Shift+F3",), _NAV, "The previous match of the last search"),
    ActionSpec("find_article", "Filter articles…", ("Ctrl+L",), _NAV, "Search the article list (full text)"),
    ActionSpec("search_project", "Search &annotations…", ("Ctrl+Shift+F",), _NAV,
               "Search the whole project: by text, label, speaker, claimant, target, polarity, status, analyst; Return in any "
               "field searches, Enter on a hit opens it"),
    ActionSpec("zoom_in", "Zoom &in", ("Ctrl++", "Ctrl+="), _GEN, "Larger text"),
    ActionSpec("zoom_out", "Zoom &out", ("Ctrl+-",), _GEN, "Smaller text"),
    ActionSpec("zoom_reset", "&Actual size", ("Ctrl+0",), _GEN, "Default text size"),
    ActionSpec("save", "&Save", ("Ctrl+S",), _GEN, "Nothing to do: every edit is saved as you make it"),
    ActionSpec("new_project", "&New project…", ("Ctrl+N",), _GEN, "Create a project file"),
    ActionSpec("open_project", "&Open project…", ("Ctrl+O",), _GEN, "Open a project file"),
    ActionSpec("save_copy", "Save a &copy as…", (), _GEN,
               "Write everything saved in this project to a new file (also when the file was moved, deleted or became "
               "read-only while open: the copy is then opened in its place)"),
    ActionSpec("restore_backup", "Restore &backup…", (), _GEN,
               "Put one of this project's automatic backups in place of the file (the file as it is is backed up first)"),
    ActionSpec("import", "&Import…", ("Ctrl+I",), _GEN, "Add articles (text, JSONL, CSV, brat…) to this project"),
    ActionSpec("export", "&Export…", ("Ctrl+E",), _GEN, "Write the annotations to a file (a typed .jsonl / .spacy / .csv / .conll picks that format)"),
    ActionSpec("preannotate", "&Pre-annotate articles", ("Ctrl+Shift+P",), _GEN, "Run the NLP pipeline on the articles not done yet that it has not pre-annotated "
               "(or, when some were, on all of them again: the box asks, with both counts)"),
    ActionSpec("cancel_work", "Cancel background work", ("Ctrl+.",), _GEN, "Stop pre-annotation, import or export, and drop the work queued behind it"),
    ActionSpec("queued_work", "Running and queued &work…", ("Ctrl+Shift+J",), _GEN,
               "List the running and queued pre-annotation, import, export and ordering: cancel or drop one of them alone"),
    # Training and active ordering (issue 10): Tools menu.
    ActionSpec("train", "&Train pipeline…", ("Ctrl+Shift+M",), _GEN,
               "Fine-tune the language pipeline on the reviewed articles in the background (progress, cancel, resume), "
               "see its scores before and after, use it for suggestions"),
    ActionSpec("order_uncertain", "Order by &uncertainty", ("Ctrl+Shift+U",), _NAV,
               "Switch the article list between import order and most uncertain first: unreviewed articles whose "
               "entities the pipeline is least sure of come first, so the next correction teaches it most; a line above the "
               "list says what it is by, while it scores, or why it cannot"),
    ActionSpec("targets_tags", "Targets and ta&gs…", (), _GEN,
               "The project's target list and tag list (add, rename, merge, recolour, re-key) and its labels"),
    ActionSpec("guidelines", "&Guidelines", ("Ctrl+Shift+G",), _GEN,
               "Show or hide the project's guidelines and the description of every label"),
    # -- curation (issue 11, branch curation) --
    ActionSpec("curation", "C&uration…", ("Ctrl+Shift+K",), _GEN,
               "Adjudicate the analysts' layers into gold, disagreements first (only in a project with analysts' layers)"),
    # -- agreement (issue 11, branch agreeview) --
    ActionSpec("agreement", "&Agreement…", ("Ctrl+Shift+A",), _GEN,
               "The analysts' agreement: span F1, kappa, alpha, alpha_u per label and pair, speaker links, stances, "
               "confusions, articles to discuss first; copy as JSON (only in a project with analysts' layers)"),
    ActionSpec("charts", "Progress and &charts…", ("Ctrl+Shift+R",), _GEN,
               "Articles done, labels by status, how often suggestions were accepted, corrected or rejected, stances; save as PNG/SVG"),
    ActionSpec("preferences", "Pr&eferences…", ("Ctrl+,",), _GEN, "Analyst name, language pipeline, theme and keyboard shortcuts"),
    ActionSpec("shortcuts", "&Keyboard shortcuts", ("F1",), _GEN, "This list"),
    ActionSpec("quit", "&Quit", ("Ctrl+Q",), _GEN, "Close the window (everything is already saved)"),
)

BY_ID: dict[str, ActionSpec] = {spec.id: spec for spec in ACTIONS}
SECTIONS: tuple[str, ...] = tuple(dict.fromkeys(spec.section for spec in ACTIONS))


def keys_for(spec: ActionSpec, overrides: Mapping[str, tuple[str, ...]] | None = None) -> tuple[str, ...]:
    if overrides and spec.id in overrides:
        return overrides[spec.id]
    return spec.keys


def _key_text(keys: tuple[str, ...]) -> str:
    return ", ".join(keys) if keys else "—"


def render_markdown() -> str:
    """docs/keyboard.md: the default keys of every action, by section."""
    out = [
        "# Keyboard shortcuts",
        "",
        "Generated from `annotator/ui/actions.py` (the table the window builds its actions from);",
        "`tests/ui/test_window_docs.py` fails when this file and the table differ. Regenerate with",
        "`python -m annotator.ui.actions > docs/keyboard.md`. Change keys in Edit → Preferences.",
        "",
        "Mouse: drag to select text (snaps to whole tokens; hold Alt for exact characters), click a",
        "span to select it, right-click for labels, accept/reject/delete and links (speaker of a quote…).",
        "Drag the start or end of the selected span (the pointer becomes a resize arrow there) to move",
        "that edge: it snaps to tokens, Alt for exact characters, Esc cancels; one undo step on release.",
        "The article list, once clicked: Up / Down, PgUp / PgDown, Home / End move in it and open the",
        "article they land on (the keys stay in the list; the review keys below still act on that",
        "article); Return opens the row and hands the keys to the article, where those keys are its own.",
        "Number keys use the label shortcuts of the project's schema; in the default schema:",
        "",
        *_default_label_keys(),
    ]
    for section in SECTIONS:
        out += ["", f"## {section}", "", "| Keys | Action | What it does |", "| --- | --- | --- |"]
        for spec in ACTIONS:
            if spec.section == section:
                out.append(f"| {' / '.join(f'`{k}`' for k in spec.keys) or '—'} | {spec.plain_text} | {spec.help} |")
    from annotator.ui.curation_keys import CURATION_KEYS, CURATION_NOTES  # the curation view's own keys (issue 11)

    out += ["", "## Curation view (View → Curation)", "", "| Keys | What they do |", "| --- | --- |"]
    out += [f"| {' / '.join(f'`{k.strip()}`' for k in keys.split(' / '))} | {what} |" for keys, what in CURATION_KEYS]
    for note in CURATION_NOTES:  # fix11ui: what the view shows besides its keys (headers, background alignment)
        out += ["", note]
    return "\n".join(out) + "\n"


def _default_label_keys() -> list[str]:
    from annotator.domain.schema import default_schema

    return [f"- `{lab.shortcut}` {lab.name} ({lab.layer}): {lab.description}"
            for lab in sorted(default_schema().labels, key=lambda lab: lab.shortcut) if lab.shortcut]


def render_html(overrides: Mapping[str, tuple[str, ...]] | None = None, label_names: Mapping[str, str] | None = None) -> str:
    """The Help → Keyboard shortcuts page with the analyst's current keys and schema labels."""
    rows = []
    for section in SECTIONS:
        rows.append(f"<tr><th colspan='3' align='left' style='padding-top:10px'>{html.escape(section)}</th></tr>")
        for spec in ACTIONS:
            if spec.section != section:
                continue
            what, title = spec.help, spec.plain_text
            if label_names is not None and spec.id.startswith("label_"):
                name = label_names.get(spec.id.removeprefix("label_"))
                if not name:
                    continue
                what, title = f"Label the selection or selected span {name}", f"Label {name}"
            keys = " ".join(f"<code>&nbsp;{html.escape(k)}&nbsp;</code>" for k in keys_for(spec, overrides)) or "—"
            rows.append(
                f"<tr><td style='padding-right:14px'>{keys}</td><td style='padding-right:14px'>{html.escape(title)}</td>"
                f"<td>{html.escape(what)}</td></tr>"
            )
    return "<table cellspacing='2'>" + "".join(rows) + "</table>"


if __name__ == "__main__":  # pragma: no cover - docs generation
    print(render_markdown(), end="")
