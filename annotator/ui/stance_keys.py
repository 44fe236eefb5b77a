"""F / G / N: set a stance on the selected quote or claim at keyboard speed (issue 9).

With a QUOTE or CLAIM span selected (layer ``quote`` / ``claim``), the key of the schema's first,
second or third stance polarity (``favor`` / ``against`` / ``neutral`` by default) sets the stance
(holder, target, polarity, evidence) where

* evidence = the selected span;
* holder = the span its SPEAKER (quote) or CLAIMANT (claim) link points to — its name is the
  span's ``refers_to`` attribute, else the quote's ``speaker_ref``, else the span's text; with no
  such link nothing is written and the status bar says "link a speaker first (S)";
* target = the *current target*: the last one used in this session; with none yet, the analyst
  is asked (an editable list of the project's targets and entity names).

The edit is :func:`annotator.domain.commands.add_stance`, so pressing the same key again on the
same evidence and target changes nothing, and another polarity key changes the polarity of that
stance (one undo step). The keys are span keys (section "Edit spans" of
:mod:`annotator.ui.actions`): :mod:`annotator.ui.key_scope` lets them act only while the article
view or the span list has focus.

This module does not import the window: it takes a :class:`StanceHost` (what it reads) and an
:class:`EditSink` (where edits go).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from PySide6.QtWidgets import QInputDialog, QWidget

from annotator.domain import commands
from annotator.domain.edits import Edit
from annotator.domain.model import Relation, Span, Status
from annotator.domain.stance_rule import StanceError, can_be_evidence

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


AskTarget = Callable[[Sequence[str]], "str | None"]


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


def target_candidates(project: Any, limit: int = 500) -> list[str]:
    """Targets already used in the project, then names of its accepted entity spans (most
    frequent first), without repeats. The project's target list (branch ``lists``) replaces this
    at the merge."""
    db = project.db
    used = [r[0] for r in db.execute("SELECT target FROM stances GROUP BY target ORDER BY max(rowid) DESC") if r[0]]
    names = [
        r[0] for r in db.execute(
            "SELECT trim(substr(a.text, s.start + 1, s.\"end\" - s.start)) AS name FROM spans s JOIN articles a ON a.id = s.article_id "
            "WHERE s.layer = 'entity' AND s.status = 'accepted' GROUP BY name ORDER BY count(*) DESC, name LIMIT ?",
            [limit],
        ) if r[0]
    ]
    return list(dict.fromkeys(" ".join(n.split()) for n in [*used, *names]))


class StanceKeys:
    """The F/G/N controller. ``polarities`` gives the schema's stance polarities (in order);
    ``message`` shows a status-bar line; ``ask_target`` asks for a target (None: cancelled) and
    defaults to a dialog over :func:`target_candidates` of ``project``."""

    def __init__(
        self,
        host: StanceHost,
        edits: EditSink,
        *,
        project: Callable[[], Any],
        polarities: Callable[[], Sequence[str]],
        message: Callable[[str], None],
        parent: QWidget | None = None,
        ask_target: AskTarget | None = None,
    ) -> None:
        self._host = host
        self._edits = edits
        self._project = project
        self._polarities = polarities
        self._message = message
        self._parent = parent
        self._ask_target = ask_target or self._dialog
        self.current_target = ""

    def set_polarity(self, index: int) -> bool:
        """The key of the ``index``-th polarity (0: F, 1: G, 2: N). True when an edit was saved."""
        polarities = list(self._polarities())
        state = self._host.state
        if state is None or index >= len(polarities):
            return False
        evidence = self._host.selected_span()
        if evidence is None or not can_be_evidence(evidence):
            self._message("Select a quote or a claim first: a stance rests on one")
            return False
        link = holder_link(state, evidence)
        if link is None:
            self._message(f"No holder for this {evidence.label}: {NEEDS_HOLDER}")
            return False
        holder = link[0]
        target = self.current_target or self.choose_target()
        if not target:
            return False
        name = holder_name(state.text, holder, evidence)
        polarity = polarities[index]
        try:
            edit = commands.add_stance(
                state, article_id=state.article_id, holder=name, holder_span=holder.id, target=target,
                polarity=polarity, evidence=evidence.id, by=self._host.analyst(),
            )
        except StanceError as exc:
            self._message(str(exc))
            return False
        if not edit:
            self._message(f"{name} — {polarity} → {target} is set already")
            return False
        if not self._edits.push(edit):
            return False
        self._message(f"Stance: {name} — {polarity} → {target} (Ctrl+Z to take it back)")
        return True

    def choose_target(self) -> str:
        """Ask for the current target (kept for the next F/G/N); "" when cancelled."""
        chosen = self._ask_target(target_candidates(self._project()))
        chosen = " ".join((chosen or "").split())
        if chosen:
            self.current_target = chosen
        return chosen

    def _dialog(self, candidates: Sequence[str]) -> str | None:
        items = list(candidates)
        current = items.index(self.current_target) if self.current_target in items else 0
        text, ok = QInputDialog.getItem(self._parent, "Stance target", "Target (an entity or topic):", items, current, True)
        return text if ok else None


__all__ = ["EditSink", "HOLDER_LINKS", "NEEDS_HOLDER", "StanceHost", "StanceKeys", "holder_link", "holder_name", "target_candidates"]
