"""J / Shift+J join the selected quote to the next / previous quote of its label; B splits the
selected piece off its interrupted quote. One undo step each.

The edits are :mod:`annotator.domain.piece_edits`' (its rules: which speaker and cue stay, what a
join of an accepted and a pending piece is); this controller finds the quote to join, pushes
the edit through the window's one edit path (stored before the view shows it) and says in the
status bar what was done, or why nothing was (labels differ, the spans overlap, already one
quote). The context menu's "Join with ▸" and "Split off piece ▸" call :meth:`join_with` and
:meth:`split_off`. It knows the window only through the session and the edit path.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from annotator.domain import piece_edits
from annotator.domain.edits import Edit
from annotator.domain.model import Span
from annotator.ui.session import Session


class _Edits(Protocol):
    def push(self, edit: Edit) -> bool: ...


class PieceKeys:
    """Join and split on the ``session``'s selected span; ``hidden``: spans the View menu hides
    (J / Shift+J pass them over, as Tab does)."""

    def __init__(self, session: Session, edits: _Edits, hidden: Callable[[Span], bool] | None = None) -> None:
        self._session = session
        self._edits = edits
        self._hidden = hidden or (lambda _span: False)

    def _say(self, text: str, ms: int = 5000) -> None:
        self._session.say(text, ms)

    def _selected(self, what: str) -> Span | None:
        span = self._session.selected_span() if self._session.state is not None else None
        if span is None:
            self._say(f"Select a quote first (Tab, or click one), then press {what}", 4000)
        return span

    def join_step(self, step: int) -> None:
        """J (``step`` 1) / Shift+J (-1): join the selected span's attribution to the next /
        previous one of its label."""
        span = self._selected("J to join it to the next quote, Shift+J to the previous one")
        state = self._session.state
        if span is None or state is None:
            return
        other = piece_edits.neighbour(state, span, step, skip=self._hidden)
        if other is None:
            self._say(f"Not joined: no {span.label} {'after' if step > 0 else 'before'} this one to join it to")
            return
        self.join_with(span.id, other.id)

    def join_with(self, span_id: str, other_id: str) -> bool:
        """Join the attributions of ``span_id`` and ``other_id`` (one undo step); the joined quote
        is selected. False (and the reason said) when nothing was written."""
        state = self._session.state
        span, other = (state.span(span_id), state.span(other_id)) if state is not None else (None, None)
        if state is None or span is None or other is None:
            self._say("That quote is gone (undone or deleted); nothing joined")
            return False
        try:
            edit = piece_edits.join(state, span, other, text=state.text, by=self._session.analyst(ask=False))
        except piece_edits.PieceEditRefused as refused:
            self._say(str(refused), 6000)
            return False
        return self._push(edit, span)

    def split_off(self, span_id: str | None = None) -> bool:
        """B: split the selected piece (or ``span_id``) off its attribution (one undo step); the
        piece split off is selected."""
        state = self._session.state
        span = state.span(span_id) if state is not None and span_id else self._selected("B to split a piece off it")
        if state is None or span is None:
            return False
        try:
            edit = piece_edits.split_off(state, span, text=state.text, by=self._session.analyst(ask=False))
        except piece_edits.PieceEditRefused as refused:
            self._say(str(refused), 6000)
            return False
        return self._push(edit, span)

    def _push(self, edit: Edit, span: Span) -> bool:
        if not self._edits.push(edit):
            return False
        state = self._session.state
        if state is not None and span.id in state.spans:
            self._session.select(state.first_piece(state.spans[span.id]).id, scroll=False)
        self._say(edit.description, 8000)
        return True


__all__ = ["PieceKeys"]
