"""Relations at keyboard speed: S (speaker / claimant), U (cue), Shift+S (who a "he" refers to).

With a quote selected, ``S`` opens the :class:`~annotator.ui.picker.Picker` on its speaker
candidates (:func:`annotator.domain.candidates.rank_candidates`), ``U`` on its cue candidates;
with a claim selected, ``S`` picks its claimant. Enter or a digit links the row in ONE edit
(:func:`annotator.domain.link_edits.link_to`: replaces the old link, accepts suggested ends,
``speaker_ref`` follows), one undo step. Text selected in the article (before ``S`` or while the
picker is open) is offered as a new SPEAKER / CUE span. ``Shift+S`` picks the quote's ``speaker_ref``
from the article's named people.

The *head* is the selected QUOTE or CLAIM, or — once the analyst has dragged over text, which
deselects spans — the quote or claim selected last. It is forgotten when another span not
linked to it is selected, on Esc and when another article opens. Labelling a SPEAKER or CUE
span (label key) adjacent to that head (:func:`annotator.domain.candidates.adjacent`: outside
it, same paragraph, no other quote between) links it in the same undo step
(:meth:`LinkingController.extend_label_edit`, the review controller's label hook).

The controller knows the window only through :class:`LinkingHost`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QObject, QPoint
from PySide6.QtWidgets import QWidget

from annotator.domain.candidates import (
    CUE_RELATIONS,
    SPEAKER_RELATIONS,
    Candidate,
    adjacent,
    named_people,
    rank_candidates,
    speaker_ref_choices,
    relation_type,
)
from annotator.domain.document import ArticleState
from annotator.domain.edits import Edit
from annotator.domain.link_edits import NewChild, after_edit, collapse, link_to, set_speaker_ref
from annotator.domain.model import Span, Status
from annotator.domain.schema import LabelSchema
from annotator.ui.article_view import ArticleView
from annotator.ui.picker import NEW, Picker
from annotator.ui.session import Session


class _View(Protocol):
    def selected_range(self) -> tuple[int, int] | None: ...
    def span_rects(self, span_id: str) -> list[Any]: ...
    def text_widget(self) -> Any: ...
    def clear_selection(self) -> None: ...
    def setFocus(self) -> None: ...  # noqa: N802


class _Edits(Protocol):
    def push(self, edit: Edit) -> bool: ...

    def reloaded_if_stale(self) -> bool: ...  # fixB: "Already linked" re-checks the file first


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class LinkingController(QObject):
    """Acts on the ``session`` (state, selection, schema, analyst); reads and clears the text
    selection of ``view``; ``edits``: the edit path (``push(edit)``); ``parent``: the widget the
    picker floats in (the window)."""

    def __init__(self, session: Session, view: ArticleView, edits: _Edits, parent: QWidget) -> None:
        super().__init__(parent)
        self._session = session
        self._view = view
        self._edits = edits
        self._parent = parent
        self.picker = Picker(parent)
        self.picker.chosen.connect(self._on_chosen)
        self.picker.closed.connect(self._on_closed)
        self.head_id: str | None = None  # the quote or claim the keys link to
        self._pending: tuple[str, str, str] | None = None  # (kind, head id, relation) of the open picker
        self._rows: list[Any] = []
        self._then: Callable[[Edit], None] | None = None  # takes the link edit instead of pushing it
        self._selecting = False
        view.selectionChanged.connect(self._on_text_selected)

    # ------------------------------------------------------------------ the head

    def note_selected(self, span_id: str | None) -> None:
        """The window selected ``span_id`` (None: cleared): keep or forget the head (module doc).
        Selecting another span closes an open picker (its keys would link the span chosen before)."""
        if self._pending is not None and span_id != self._pending[1]:
            self.picker.close_picker()
            self._pending = None
        state = self._session.state
        if span_id is None or state is None:
            self.head_id = None
            return
        span = state.span(span_id)
        if span is None:
            return
        if span.label in SPEAKER_RELATIONS or span.label in CUE_RELATIONS:
            self.head_id = span.id
        elif self.head_id is not None and not any(
            self.head_id in (r.head, r.child) for r in state.relations_of(span.id)
        ):
            self.head_id = None

    def reset(self) -> None:
        """Another article (or project) is open: close the picker; forget a head not in it."""
        state = self._session.state
        if state is None or self.head_id not in state.spans:
            self.head_id = None
        self.picker.close_picker()

    def head(self) -> Span | None:
        state = self._session.state
        if state is None:
            return None
        selected = self._session.selected_span()
        if selected is not None and (selected.label in SPEAKER_RELATIONS or selected.label in CUE_RELATIONS):
            return selected
        if selected is None and self.head_id is not None:
            return state.span(self.head_id)
        return None

    # ------------------------------------------------------------------ S, U, Shift+S

    def pick_speaker(self, then: Callable[[Edit], None] | None = None) -> None:
        """S: pick the selected quote's speaker (claim's claimant). ``then``: given the link edit
        instead of it being pushed (the stance keys add their stance to it: one undo step); not
        called when the picker closes without a choice or the choice links nothing new."""
        self._pick("speaker")
        self._then = then if self._pending is not None else None

    def pick_cue(self) -> None:
        self._pick("cue")
        self._then = None

    def _say(self, text: str, ms: int = 4000) -> None:
        self._session.say(text, ms)

    def _pick(self, kind: str) -> None:
        host, state = self._session, self._session.state
        head = self.head()
        if state is None or head is None:
            self._say("Select a quote or a claim first (Tab, or click one), then press "
                      + ("S for its speaker" if kind == "speaker" else "U for its cue"))
            return
        table = SPEAKER_RELATIONS if kind == "speaker" else CUE_RELATIONS
        name = table.get(head.label)
        rel = relation_type(host.schema, name) if name else None
        if rel is None:
            self._say(f"A {head.label} has no {kind} link in this project's schema")
            return
        rows = rank_candidates(state.text, state.spans.values(), state.relations.values(), head, rel)
        self._rows = rows
        self._pending = (kind, head.id, rel.name)
        current = next((i for i, c in enumerate(rows) if c.current), None)
        title = f"{rel.name.capitalize()} of the {head.label.lower()} “{_short(head.text_in(state.text))}” ({len(rows)})"
        self.picker.open(title, rows, at=self._anchor(head), new_entry=self._new_entry_text(), current=current)

    def pick_speaker_ref(self) -> None:
        """Shift+S: who the selected quote's speaker ("he", "the minister") is, from the article's people."""
        self._then = None
        state, head = self._session.state, self.head()
        if state is None or head is None or head.label != "QUOTE":
            self._say("Select a quote first, then press Shift+S to say who its speaker refers to")
            return
        people = speaker_ref_choices(state.text, state.spans.values(), state.relations.values(), head)
        if not people:
            self._say("No PERSON is marked in this article; label the person first (their label key)")
            return
        now = str(head.attrs.get("speaker_ref", ""))
        self._rows = people
        self._pending = ("ref", head.id, "speaker_ref")
        self.picker.open(f"Who the speaker of “{_short(head.text_in(state.text))}” is",
                         [f"✓ {p}" if p == now else p for p in people], at=self._anchor(head),
                         current=people.index(now) if now in people else None)

    # ------------------------------------------------------------------ the picker

    def _new_entry_text(self) -> str:
        if self._pending is None or self._pending[0] == "ref":
            return ""
        rng = self._view.selected_range()
        state = self._session.state
        if rng is None or rng[1] <= rng[0] or state is None:
            return ""
        label = self._child_label(self._pending[2])
        return f"New {label} from “{_short(state.text[rng[0]:rng[1]])}”"

    def _child_label(self, relation: str) -> str:
        """The label of a span made from selected text for ``relation``: SPEAKER where allowed."""
        rel = relation_type(self._session.schema, relation)
        if rel is None or not rel.child:
            return relation
        return "SPEAKER" if "SPEAKER" in rel.child else rel.child[0]

    def _on_text_selected(self, start: int, end: int) -> None:
        if self.picker.isVisible() and self._pending is not None and self._pending[0] != "ref":
            self.picker.set_new_entry(self._new_entry_text())

    def anchor(self, head: Span | None) -> QPoint:
        """Where a picker about ``head`` opens: under its last line (parent coordinates); under
        the text cursor for None."""
        return self._anchor(head)

    def _anchor(self, head: Span | None) -> QPoint:
        view = self._view
        rects = view.span_rects(head.id) if head is not None else []
        canvas = view.text_widget()
        where = rects[-1].bottomLeft() if rects else canvas.cursorRect().bottomLeft()
        return self._parent.mapFromGlobal(canvas.viewport().mapToGlobal(where)) + QPoint(0, 4)

    def _on_closed(self) -> None:
        self._view.setFocus()

    def _on_chosen(self, row: object) -> None:
        host, state, pending = self._session, self._session.state, self._pending
        then, self._then = self._then, None
        self._pending = None
        if state is None or pending is None:
            return
        kind, head_id, relation = pending
        head = state.span(head_id)
        if head is None:
            self._say("That quote is gone (undone or deleted); nothing linked")
            return
        if kind == "ref":
            name = str(row).removeprefix("✓ ")
            if str(head.attrs.get("speaker_ref", "")) != name:
                self._edits.push(set_speaker_ref(head, name))
            return
        if row is NEW:
            rng = self._view.selected_range()
            if rng is None or rng[1] <= rng[0]:
                return
            child: Span | NewChild = NewChild(rng[0], rng[1], self._child_label(relation))
        else:
            assert isinstance(row, Candidate)
            child = state.spans[row.span_id] if row.span_id else NewChild(row.start, row.end, row.label)
        edit = link_to(state, text=state.text, schema=host.schema, head=head, child=child, label=relation, by=host.analyst())
        if not edit:
            if not self._edits.reloaded_if_stale():  # fixB: the file may say otherwise (another window)
                self._say("Already linked", 3000)
            return
        if then is not None:
            self._view.clear_selection()
            then(edit)
            return
        if self._edits.push(edit):
            self._view.clear_selection()
            host.select(head.id, scroll=False)  # the next key (U after S) goes on from the quote
            quote = host.state.span(head.id) if host.state is not None else None
            if relation == "SPEAKER" and quote is not None and not quote.attrs.get("speaker_ref"):
                self._say(f"{edit.description} — press Shift+S to say who it refers to", 8000)
            else:
                self._say(edit.description, 4000)

    # ------------------------------------------------------------------ labelling next to the head

    def extend_label_edit(self, edit: Edit) -> Edit:
        """The review controller's label hook: when ``edit`` makes a SPEAKER or CUE span adjacent
        to the head, the same edit also links it (one undo step). Else ``edit`` unchanged."""
        state, head = self._session.state, self.head() if self._session.selected_span() is None else None
        if state is None or head is None:
            return edit
        made = [c.after for c in edit.changes if isinstance(c.after, Span) and c.after.status == Status.ACCEPTED]
        if len(made) != 1:
            return edit
        span = made[0]
        name = (CUE_RELATIONS if span.label == "CUE" else SPEAKER_RELATIONS).get(head.label)
        rel = relation_type(self._session.schema, name) if name else None
        if rel is None or span.label not in rel.child or span.label not in ("SPEAKER", "CUE"):
            return edit
        after = after_edit(state, edit)
        if not adjacent(state.text, head, span, after.spans.values()):
            return edit
        link = link_to(after, text=state.text, schema=self._session.schema, head=after.spans[head.id], child=span,
                       label=rel.name, by=self._session.analyst(ask=False))
        return collapse(f"Add {span.label} span linked to the {head.label}", [edit, link])


__all__ = ["LinkingController", "LinkingHost"]
