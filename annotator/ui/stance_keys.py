"""F / G / N: set a stance on the selected quote or claim at keyboard speed (issue 9).

With a QUOTE or CLAIM span selected (layer ``quote`` / ``claim``), the key of the schema's first,
second or third stance polarity (``favor`` / ``against`` / ``neutral`` by default) sets the stance
(holder, target, polarity, evidence) where

* evidence = the selected span;
* holder = the span its SPEAKER (quote) or CLAIMANT (claim) link points to — its name is the
  span's ``refers_to`` attribute, else the quote's ``speaker_ref``, else the span's text; with no
  such link nothing is written and the status bar says "link a speaker first (S)";
* target = the *current target*: the last one used in this session; with none yet, the target
  picker opens (:class:`TargetChooser`: the project's target list with its quick keys, then the
  article's named entities, then the project's; typing a name not there offers "New target “…”").
  A target not yet in the project's target list is added to it in the same edit as the stance.

With no such link, F / G / N open the speaker picker (``pick_speaker`` — the linking controller's
``S`` flow) and, once the speaker is chosen, set the stance: the link, the listed target and the
stance are ONE edit, one undo step (F, a letter or two, Enter — not S … Enter then F).

The edit is :func:`annotator.domain.commands.add_stance`, so pressing the same key again on the
same evidence and target changes nothing, and another polarity key changes the polarity of that
stance (one undo step). The keys are span keys (section "Edit spans" of
:mod:`annotator.ui.actions`): :mod:`annotator.ui.key_scope` lets them act only while the article
view or the span list has focus. ``Shift+T`` opens the target picker to change the current target;
``currentTargetChanged`` tells the window's label which one F / G / N will use.

This module does not import the window: it takes a :class:`StanceHost` (what it reads) and an
:class:`EditSink` (where edits go).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from PySide6.QtCore import QObject, QPoint, Signal

from annotator.domain import commands
from annotator.domain.edits import Edit
from annotator.domain.link_edits import apply_changes, collapse
from annotator.domain.list_entries import TargetEntry, TargetKind
from annotator.domain.model import Relation, Span, Stance, Status
from annotator.domain.project_lists import ListEditRefused
from annotator.domain.stance_choices import ENTITY_LABELS, TargetChoice, clean, listing_edit, target_choices
from annotator.domain.stance_rule import StanceError, can_be_evidence
from annotator.ui.picker import NEW, Picker

HOLDER_LINKS = ("SPEAKER", "CLAIMANT")
NEEDS_HOLDER = "link a speaker first (S)"


class StanceHost(Protocol):
    """What the controller reads from the window (or, after the merge, the session)."""

    @property
    def state(self) -> Any: ...  # ArticleState | None: spans, relations, stances by id, article_id, text

    def selected_span(self) -> Span | None: ...

    def analyst(self, *, ask: bool = True) -> str: ...


class EditSink(Protocol):
    def push(self, edit: Edit) -> bool: ...


Anchor = Callable[[], QPoint]  # where a picker opens (parent coordinates)
PickSpeaker = Callable[[Callable[[Edit], None]], None]  # the S picker, handing its link edit on


def holder_link(state: Any, evidence: Span) -> tuple[Span, Relation] | None:
    """The span a quote's SPEAKER (a claim's CLAIMANT) link points to, and the link: an accepted
    link first, then a suggested one; links to rejected spans and rejected links are ignored."""
    found = []
    for rel in state.relations.values():
        if rel.head != evidence.id or rel.label not in HOLDER_LINKS or rel.status == Status.REJECTED:
            continue
        child = state.spans.get(rel.child)
        if child is not None and child.status != Status.REJECTED:
            found.append((rel.status != Status.ACCEPTED, child.start, child.id, child, rel))
    if not found:
        return None
    found.sort(key=lambda f: f[:3])
    return found[0][3], found[0][4]


def holder_name(text: str, holder: Span, evidence: Span) -> str:
    """The holder's name: who the holder span refers to (``refers_to``), else whom the quote's
    speaker refers to (``speaker_ref``), else the span's text with its whitespace collapsed."""
    for value in (holder.attrs.get("refers_to"), evidence.attrs.get("speaker_ref")):
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
    return " ".join(holder.text_in(text).split())


def project_entity_names(project: Any, limit: int = 500) -> list[str]:
    """Names of the project's accepted named-entity spans (labels
    :data:`annotator.domain.stance_choices.ENTITY_LABELS`), most frequent first: the last group
    of the target picker and of the holder picker."""
    marks = ", ".join("?" for _ in ENTITY_LABELS)
    return [
        " ".join(r[0].split()) for r in project.db.execute(
            "SELECT trim(substr(a.text, s.start + 1, s.\"end\" - s.start)) AS name FROM spans s JOIN articles a ON a.id = s.article_id "
            f"WHERE s.label IN ({marks}) AND s.status = 'accepted' GROUP BY name ORDER BY count(*) DESC, name LIMIT ?",
            [*ENTITY_LABELS, limit],
        ) if r[0] and r[0].strip()
    ]


def new_target_row(typed: str) -> str:
    """The new-entry row of the target picker for ``typed`` ("" for nothing typed)."""
    return f"New target “{typed}” (added to the target list)" if typed else ""


class TargetChooser(QObject):
    """The target picker and the session's *current target* (``current``: its name, "" for none;
    ``current_kind``: entity or topic, used when it is added to the list). ``project`` gives the
    open project, ``state`` the open article's state (or None)."""

    currentTargetChanged = Signal(str)

    def __init__(self, picker: Picker, *, project: Callable[[], Any], state: Callable[[], Any],
                 message: Callable[[str], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.picker = picker
        self._project = project
        self._state = state
        self._message = message
        self._current = ""
        self.current_kind = TargetKind.ENTITY.value
        self._before: list[tuple[str, str]] = []  # (name, kind) of earlier current targets, latest last
        self._rows: list[TargetChoice] = []
        self._then: Callable[[str, str], None] | None = None
        picker.chosen.connect(self._on_chosen)

    @property
    def current(self) -> str:
        return self._current

    def set_current(self, name: str, kind: str = TargetKind.ENTITY.value) -> None:
        name = clean(name)
        if self._current and self._current != name:
            self._before = [b for b in self._before if b[0] != self._current][-19:] + [(self._current, self.current_kind)]
        self._current, self.current_kind = name, kind
        self.currentTargetChanged.emit(self._current)

    def forget(self) -> None:
        """fixut17a: another project is open: its targets are its own, none is current."""
        self._before = []
        self._rows = []
        self._current, self.current_kind = "", TargetKind.ENTITY.value
        self.currentTargetChanged.emit(self._current)

    def follow(self, edit: Edit) -> None:
        """Keep the current target in step with a stored ``edit`` (done, undone — its inverse —
        or redone), usertest12 LOW-3: an edit that takes the current target's entry off the target
        list (undoing the stance that listed it, a deletion) puts back the target current before
        it (none when there was none); a rename renames it; an edit that lists a target and sets a
        stance towards it (the stance's redo) makes that target current again."""
        removed: set[str] = set()
        for change in edit.changes:
            before, after = change.before, change.after
            if isinstance(before, TargetEntry) and before.name == self._current:
                if after is None:
                    removed.add(before.name)
                elif isinstance(after, TargetEntry) and after.name != before.name:
                    self._current = after.name
                    self.currentTargetChanged.emit(self._current)
        if removed:
            while self._before and self._before[-1][0] in removed:
                self._before.pop()
            name, kind = self._before.pop() if self._before else ("", TargetKind.ENTITY.value)
            self._current, self.current_kind = name, kind
            self.currentTargetChanged.emit(self._current)
            return
        listed = {c.after.name: c.after.kind for c in edit.changes if c.before is None and isinstance(c.after, TargetEntry)}
        used = [c.after.target for c in edit.changes if isinstance(c.after, Stance) and c.after.target in listed]
        if used and used[-1] != self._current:
            self.set_current(used[-1], listed[used[-1]])

    def rows(self) -> list[TargetChoice]:
        """The picker's rows for the open article (module :mod:`annotator.domain.stance_choices`)."""
        project, state = self._project(), self._state()
        text, spans = (state.text, list(state.spans.values())) if state is not None else ("", [])
        rows = target_choices(project.targets(), text, spans, project_entity_names(project), current=self._current)
        if self._current and not any(row.current for row in rows):
            # a current target from nowhere in the rows (a new one, not used yet): first, marked
            rows.insert(0, TargetChoice(self._current, self.current_kind, source="current", label="current", current=True))
        return rows

    def open(self, at: QPoint, then: Callable[[str, str], None] | None = None, *, title: str = "") -> None:
        """Open the picker at ``at``; the chosen target becomes the current one and, when given,
        ``then(name, kind)`` is called with it (not when the picker closes without a choice)."""
        self._rows = self.rows()
        self._then = then
        keys = {row.key: i for i, row in enumerate(self._rows) if row.key}
        current = next((i for i, row in enumerate(self._rows) if row.current), None)
        heading = title or "Stance target (what F / G / N are about)"
        self.picker.open(f"{heading} — {len(self._rows)}; a [key] picks its target", self._rows, at=at,
                         current=current, keys=keys, new_typed=new_target_row)

    def _on_chosen(self, row: object) -> None:
        then, self._then = self._then, None
        if row is NEW:
            name, kind = self.picker.typed(), TargetKind.TOPIC.value
        elif isinstance(row, TargetChoice):
            name, kind = row.name, row.kind
        else:
            return
        if not name:
            return
        self.set_current(name, kind)
        self._message(f"Current target: {name} — F / G / N set stances towards it (Shift+T changes it)")
        if then is not None:
            then(name, kind)

    def listing(self, name: str, kind: str) -> tuple[str, Edit]:
        """The stored spelling of target ``name`` and the edit adding it to the target list (empty
        when listed): see :func:`annotator.domain.stance_choices.listing_edit`."""
        return listing_edit(self._project().targets(), name, kind)


def records_after(state: Any, edit: Edit) -> commands.Records:
    """The open article's spans, relations and stances as ``edit`` leaves them (nothing written)."""
    spans, relations, stances = dict(state.spans), dict(state.relations), dict(state.stances)
    apply_changes(edit.changes, spans, relations, stances)
    return commands.Records(spans, relations, stances)


class StanceKeys:
    """The F/G/N controller. ``polarities`` gives the schema's stance polarities (in order);
    ``message`` shows a status-bar line; ``chooser`` picks targets (:class:`TargetChooser`);
    ``anchor`` says where its picker opens; ``pick_speaker`` opens the speaker picker handing the
    link edit on (None: F / G / N refuse without a speaker link)."""

    def __init__(
        self,
        host: StanceHost,
        edits: EditSink,
        *,
        chooser: TargetChooser,
        polarities: Callable[[], Sequence[str]],
        message: Callable[[str], None],
        anchor: Anchor,
        pick_speaker: PickSpeaker | None = None,
    ) -> None:
        self._host = host
        self._edits = edits
        self.chooser = chooser
        self._polarities = polarities
        self._message = message
        self._anchor = anchor
        self._pick_speaker = pick_speaker

    @property
    def current_target(self) -> str:
        return self.chooser.current

    @current_target.setter
    def current_target(self, name: str) -> None:
        self.chooser.set_current(name)

    def set_polarity(self, index: int) -> bool:
        """The key of the ``index``-th polarity (0: F, 1: G, 2: N). True when an edit was saved at
        once; False when nothing was written or a picker opened (the edit follows its choice)."""
        polarities = list(self._polarities())
        state = self._host.state
        if state is None or index >= len(polarities):
            return False
        evidence = self._host.selected_span()
        if evidence is None or not can_be_evidence(evidence):
            self._message("Select a quote or a claim first: a stance rests on one")
            return False
        evidence_id = evidence.id
        if holder_link(state, evidence) is None:
            if self._pick_speaker is None:
                self._message(f"No holder for this {evidence.label}: {NEEDS_HOLDER}")
                return False
            self._message(f"Who holds this stance? Pick the {evidence.label.lower()}'s speaker: the stance follows")
            self._pick_speaker(lambda link: self._with_target(lambda name, kind: self._finish(index, evidence_id, link, name, kind)))
            return False
        if self.chooser.current:
            return self._finish(index, evidence_id, None, self.chooser.current, self.chooser.current_kind)
        self._with_target(lambda name, kind: self._finish(index, evidence_id, None, name, kind))
        return False

    def _with_target(self, then: Callable[[str, str], None]) -> None:
        if self.chooser.current:
            then(self.chooser.current, self.chooser.current_kind)
        else:
            self.chooser.open(self._anchor(), then)

    def _finish(self, index: int, evidence_id: str, link: Edit | None, target: str, kind: str) -> bool:
        """Build and push the stance (with the speaker ``link`` and the target's listing, when
        they are needed, in the same edit)."""
        state = self._host.state
        polarities = list(self._polarities())
        if state is None or index >= len(polarities):
            return False
        records = records_after(state, link) if link else state
        evidence = records.spans.get(evidence_id)
        found = holder_link(records, evidence) if evidence is not None else None
        if evidence is None or found is None:
            self._message(f"That quote or claim is gone or has no speaker: {NEEDS_HOLDER}")
            return False
        holder = found[0]
        name = holder_name(state.text, holder, evidence)
        polarity = polarities[index]
        try:
            target, listing = self.chooser.listing(target, kind)
            stance = commands.add_stance(
                records, article_id=state.article_id, holder=name, holder_span=holder.id, target=target,
                polarity=polarity, evidence=evidence.id, by=self._host.analyst(), text=state.text,
            )
        except (StanceError, ListEditRefused) as exc:
            self._message(str(exc))
            return False
        if not stance and not link:
            self._message(f"{name} — {polarity} → {target} is set already")
            return False
        taken = [s for s in (holder, evidence) if s.status != Status.ACCEPTED]
        accepts = commands.accepts_note(taken, state.text)  # said, never silent (usertest16 MEDIUM-2)
        parts = [e for e in (link, listing, stance) if e]
        what = stance.description if stance else f"{name} — {polarity} → {target}"
        if link:
            what += f" ({link.description.lower()})"
        if listing:
            what += f"; {target} added to the target list"
        edit = collapse(what, parts)
        if not self._edits.push(edit):
            return False
        self._message(f"Stance: {name} — {polarity} → {target}{accepts} (Ctrl+Z takes {'all' if accepts else 'it'} back)")
        return True

    def choose_target(self) -> None:
        """Shift+T: open the target picker to change the current target (kept for the next F/G/N)."""
        self.chooser.open(self._anchor())


__all__ = [
    "EditSink", "HOLDER_LINKS", "NEEDS_HOLDER", "StanceHost", "StanceKeys", "TargetChooser", "holder_link", "holder_name",
    "new_target_row", "project_entity_names", "records_after",
]
