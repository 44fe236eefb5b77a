"""Reviewing and editing spans: Tab through suggestions, accept / reject / label / resize /
delete / link. Every change is built with :mod:`annotator.domain.commands` and goes through the
session's one edit path (:class:`~annotator.ui.editing.EditPath`), so it is one undo step."""

from __future__ import annotations

import collections
import contextlib
from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox

from annotator.domain import commands
from annotator.domain.attribution_decide import decide_attribution, decision_said
from annotator.domain.attributions import attribution_status
from annotator.domain.boundaries import Unit
from annotator.domain.edits import Edit
from annotator.domain.machine_attrs import MachineAttributeError
from annotator.domain.model import Span, Status
from annotator.domain.quote_kind import drawn_quote_kind
from annotator.ui.article_view import ArticleView
from annotator.ui.editing import EditPath
from annotator.ui.relabel_confirm import RelabelConfirmation
from annotator.ui.session import Session
from annotator.ui.span_list import LAYER_TITLES


def hidden_said(spans: list[Span], note: str) -> str:
    """The suggestions ``spans`` a View filter hides, counted by kind (the span list's layer
    titles), and ``note``, the filters off (MainWindow.hidden_note): e.g. "5 hidden (Entities 3,
    Speakers 2) left pending — View → Entities, Quotes, speakers and cues off"."""
    kinds = collections.Counter(LAYER_TITLES.get(s.layer, s.layer.title()) for s in spans)
    named = ", ".join(f"{kind} {n}" for kind, n in kinds.most_common()) if len(kinds) > 1 else next(iter(kinds), "")
    return f"{len(spans)} hidden ({named}) left pending" + (f" — {note}" if note else "")


# usertest18 M5: Ctrl+A then a label key made an accepted ORG over a whole 8,648-character article,
# unasked. A label key asks first above this many code points: the longest contiguous Content of
# the 24,847 in PolNeAR's gold attributions (dev + train) is 1,516 (99.9% are at most 728), and a
# quote or claim is the longest thing a label key draws, so a selection this long is a slip.
LONG_SELECTION = 2000


def label_question(text: str, start: int, end: int, label: str) -> str:
    """The question a label key asks before labelling ``text[start:end]`` (code points, half-open)
    as ``label``: "" (label at once) unless the selection holds all of the article's text (leading
    and trailing whitespace aside) or is longer than :data:`LONG_SELECTION` code points; e.g.
    "Label all 8,648 characters of the article as ORG?"."""
    whole = not text[:start].strip() and not text[end:].strip()
    if not whole and end - start <= LONG_SELECTION:
        return ""
    return f"Label {'all ' if whole else ''}{end - start:,} characters{' of the article' if whole else ''} as {label}?"


class ReviewController:
    """Acts on the ``session`` (state, selection, analyst); reads the text selection and the token
    cache of ``view``; every change goes through ``edits``."""

    def __init__(self, session: Session, view: ArticleView, edits: EditPath) -> None:
        self._session = session
        self._view = view
        self._edits = edits
        self._resize_target: str | None = None  # see track_resize_target
        # Linking (issue 9): given the edit making a span from a label key, returns the edit to
        # push instead (the same span, also linked to the adjacent selected quote: one undo step).
        self.label_hook: Callable[[Edit], Edit] | None = None
        # fix11ui: a relabel that would drop links asks first (the rule and the wording shared with curation)
        self._relabel = RelabelConfirmation()
        # The window's "refresh the details panel once, at the end" (MainWindow.details_held): a
        # decision shows the span decided and then the next suggestion; only the last is seen.
        self.hold_details: Callable[[], contextlib.AbstractContextManager[None]] = contextlib.nullcontext
        session.selectionChanged.connect(lambda *_: self._relabel.forget())
        # Which View filters are off, for the messages ("View → Entities is off"); the window
        # sets it (the menus know the titles). Empty: none.
        self.hidden_note: Callable[[], str] = lambda: ""

    def hidden(self, span: Span) -> bool:
        """Whether ``span``'s attribution is not drawn (View switches its layer, or suggestions,
        off; the Rejected filter is not counted: a rejected span is decided; an interrupted
        quote when none of its pending pieces is drawn, or none at all once decided): Tab passes
        it over and A / X / Delete leave it alone (issue 10, usertest10e finding 3), as the
        analyst cannot see it. A rejected first piece of a pending quote is hidden, not the quote."""
        state = self._session.state
        pieces = [state.spans[p] for p in state.pieces(span.id) if p in state.spans] if state is not None else []
        pending = [p for p in pieces if p.status == Status.SUGGESTED]
        return not any(self._view.layer_shown(p) for p in (pending or pieces or [span]))

    def _say_hidden(self) -> bool:
        """Say that the selected span is hidden and nothing was done; True when it is."""
        span = self._session.selected_span()
        if span is None or not self.hidden(span):
            return False
        note = self.hidden_note()
        self._say(f"The selected {span.label} is hidden ({note or 'View menu'}): nothing done to it — Tab to a span you can see", 6000)
        return True

    def _say(self, text: str, timeout: int) -> None:
        self._session.say(text, timeout)

    # ------------------------------------------------------------ moving through suggestions

    def step_suggestion(self, step: int) -> None:
        w = self._session
        if w.state is None:
            return
        current = w.selected_span()
        anchor = w.review_anchor
        backwards = step < 0
        if current is None and anchor is not None:  # nothing selected: go on from where review was
            current = w.state.span(anchor[2])
            if current is None:  # that span was deleted meanwhile: the stop at (after) its place
                target = w.state.stop_after(anchor, backwards=backwards, inclusive=not backwards, skip=self.hidden)
                if target is not None:
                    w.select(target.id)
                else:
                    self._say_none_left()
                return
        # one stop per attribution, an interrupted quote at its first piece's place (its row), so
        # its speaker and cue between the pieces come after it (issue 10: Tab looped back to it)
        here = w.state.first_piece(current) if current is not None else None
        target = w.state.stop_after(None if here is None else (here.start, here.end, here.id), backwards=backwards,
                                    skip=self.hidden)
        if target is None:
            self._say_none_left()
            return
        w.select(target.id)

    def step_span(self, step: int) -> None:
        """Alt+Right / Alt+Left: the next / previous span of any status the view shows (an
        accepted one too), in reading order, wrapping round (:meth:`ArticleState.span_after`)."""
        w = self._session
        if w.state is None:
            return
        target = w.state.span_after(w.selected_span(), backwards=step < 0, skip=self.hidden)
        if target is None:
            self._say("No other span in this article" if w.state.spans else "No spans in this article yet", 4000)
            return
        w.select(target.id)

    def _say_none_left(self) -> None:
        """Why Tab found no stop: none pending, or the pending ones are all hidden by the View menu."""
        w = self._session
        assert w.state is not None
        if w.state.pending_count() == 0:
            self._say("No pending suggestions in this article — Ctrl+Return marks it done", 5000)
        elif any(self.hidden(s) for s in w.state.pending()):
            self._say(f"The pending suggestions left are hidden ({self.hidden_note() or 'View menu'}): switch them on to review them", 6000)

    def _advance_from(self, span: Span, said: str = "") -> None:
        """Select the next stop after ``span``'s attribution; ``said``: what was just decided
        (a quote with its speaker and cue), said before any "none left" line."""
        w = self._session
        assert w.state is not None
        first = w.state.first_piece(span)  # Tab's place of the attribution just decided
        target = w.state.stop_after((first.start, first.end, first.id), inclusive=True, skip=self.hidden)
        if target is None:
            w.select(None)
            if w.state.pending_count():
                self._say(said, 6000) if said else self._say_none_left()
            else:
                self._say(f"{said + '. ' if said else ''}All suggestions in this article reviewed — Ctrl+Return marks it done", 6000)
        else:
            w.select(target.id)  # an interrupted quote: its first piece (its row)
            if said:
                self._say(said, 6000)

    # ------------------------------------------------------------ decisions

    def _decide(self, status: Status) -> None:
        w = self._session
        if w.state is None:
            return
        span = w.selected_span()
        if span is None:
            self.step_suggestion(1)
            return
        if self._say_hidden():
            return
        pieces = commands.fragment_pieces(w.state, span)
        # usertest22 M2: a quote's suggested speaker and cue are decided with it (one edit)
        decision = decide_attribution(w.state, span, status)
        if all(p.status == status for p in pieces) and not decision.linked:  # an interrupted quote: all of it
            if self._edits.reloaded_if_stale():  # the file may say otherwise (another window)
                return
            self._say(f"Already {status.value}", 3000)
            if status == Status.ACCEPTED:
                return
            self._advance_from(span)
            return
        said = decision_said(decision, w.state.text, status)
        with self.hold_details():  # every piece of an interrupted quote: one attribution
            if self._edits.push(decision.edit):
                self._advance_from(span, said)

    def accept_selected(self) -> None:
        self._decide(Status.ACCEPTED)

    def reject_selected(self) -> None:
        self._decide(Status.REJECTED)

    def accept_all(self) -> None:
        """Shift+A / Edit → Accept all shown in article: every pending suggestion the View menu
        shows, one edit (one undo step). The ones a View filter hides stay pending and the status
        bar says how many, of which kinds (issue 10: the analyst accepted what they could not see)."""
        w = self._session
        if w.state is None:
            return
        # attributions, counted as the span list and the article's pending count count them: an
        # interrupted quote once, by its first piece
        pending = list({w.state.first_piece(s).id: s for s in w.state.pending()}.values())
        hidden = [s for s in pending if self.hidden(s)]
        # usertest22 M2: a shown quote is accepted with its suggested speaker and cue, also when
        # View hides them (the side panel shows them as its links); counted apart
        pulled = {s.id for q in pending if q.label == "QUOTE" and not self.hidden(q)
                  for _, s in decide_attribution(w.state, q, Status.ACCEPTED).linked if self.hidden(s)}
        hidden = [s for s in hidden if s.id not in pulled]
        shown_n = len(pending) - len(hidden) - len(pulled)
        left = hidden_said(hidden, self.hidden_note())
        edit = (commands.accept_all(w.state, leave=lambda s: s.id not in pulled and self.hidden(s)) if hidden or pulled
                else commands.accept_all(w.state))
        if not edit:
            self._say(f"No suggestions shown to accept; {left}" if hidden else "No pending suggestions to accept", 8000 if hidden else 3000)
            return
        keep = w.selected_id
        if self._edits.push(edit):
            w.select(keep, scroll=False)
            done = f"Accepted {shown_n} suggestion{'s' if shown_n != 1 else ''}"
            if pulled:
                done += f", with {len(pulled)} hidden speaker{'s' if len(pulled) != 1 else ''} or cue{'s' if len(pulled) != 1 else ''} of those quotes"
            # ui32: a bulk decision's counts (and what View left pending) stay until replaced, in "Lately" too
            self._session.tell(f"{done}; {left}" if hidden else done)

    def delete_selected(self) -> None:
        w = self._session
        span = w.selected_span()
        if span is None or w.state is None:
            self._say("Select a span first (Tab, or click one)", 3000)
            return
        if self._say_hidden():
            return
        status = attribution_status(commands.fragment_pieces(w.state, span))  # an interrupted quote's, as its row shows
        if status == Status.SUGGESTED:
            self._decide(Status.REJECTED)
            return
        if status == Status.REJECTED:
            self._say("This suggestion is already rejected", 3000)
            return
        # a piece of an interrupted quote takes the whole quote with it (commands.delete_span)
        if self._edits.push(commands.delete_span(w.state, span)):
            w.select(None)  # Tab goes on from here (the anchor stays at the deleted span)

    # ------------------------------------------------------------ labels

    def apply_label_key(self, key: str) -> None:
        label = self._session.schema.by_shortcut(key)
        if label is None:
            self._say(f"No label is bound to key {key} in this project's schema", 4000)
            return
        self.apply_label(label.name)

    def apply_label(self, name: str) -> None:
        """Label the selected text (a new accepted span) or else relabel the selected span."""
        w = self._session
        if w.state is None:
            return
        rng = self._view.selected_range()
        if rng is not None and rng[1] > rng[0]:
            question = label_question(w.state.text, rng[0], rng[1], name)
            if question and not self._confirmed(question):
                self._say(f"Nothing labelled ({rng[1] - rng[0]:,} characters selected): select just the words to label", 6000)
                return
            self.create_span(rng[0], rng[1], name)
        elif w.selected_span() is not None:
            self.apply_label_to_selected(name)
        else:
            self._say("Select some text (drag) or a span (Tab / click) first", 4000)

    def _confirmed(self, question: str) -> bool:
        """Ask ``question`` (Yes / No; Enter and Esc say No, as a slip is the likely cause)."""
        buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
        answer = QMessageBox.question(self._view.window(), "Label a long selection", question, buttons,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def create_span(self, start: int, end: int, name: str) -> None:
        w = self._session
        assert w.state is not None
        existing = w.state.same_place(start, end, name)
        if existing is not None:
            # Drawing what the machine suggested: it is accepted and stays selected, as a span
            # drawn anew would be — the next label key (a SPEAKER or CUE next to it) links to it.
            # (Accepting it the Review way moved on to the next suggestion: user-test finding 7.)
            self._view.clear_selection()
            if existing.status != Status.ACCEPTED:
                edit = commands.set_status(w.state, [existing], Status.ACCEPTED)
                if self.label_hook is not None:
                    edit = self.label_hook(edit)
                self._edits.push(edit)
            if w.state is not None and existing.id in w.state.spans:
                w.select(existing.id, scroll=False)
            return
        label = w.schema.label(name)
        quote = name == "QUOTE" and label is not None and "kind" in label.attributes
        kind = drawn_quote_kind(w.state.text, start, end) if quote else None  # usertest16 L9
        edit = commands.add_span(w.state, article_id=w.state.article_id, start=start, end=end, label=name,
                                 layer=w.schema.layer_of(name), by=w.analyst(),
                                 attrs={"kind": kind} if kind else None)
        made = edit.changes[0].after
        if self.label_hook is not None:
            edit = self.label_hook(edit)
        if self._edits.push(edit):
            self._view.clear_selection()
            w.select(made.id, scroll=False)  # type: ignore[union-attr]

    def apply_label_to_selected(self, name: str) -> None:
        w = self._session
        span = w.selected_span()
        if span is None or w.state is None:
            return
        pieces = commands.fragment_pieces(w.state, span)
        if all(p.label == name for p in pieces):
            if any(p.status != Status.ACCEPTED for p in pieces):
                self._decide(Status.ACCEPTED)
            return
        # cur11ui: attributes follow the label; issue 10: every piece of an interrupted quote, one edit
        edit, relabelled = commands.relabel_pieces(w.state, span, name, w.schema.layer_of(name), schema=w.schema)
        losses = [loss for piece in relabelled for loss in commands.relabel_losses(w.state, piece, name, edit, w.state.text)]
        refused = self._relabel.refusal(span, name, losses, again=f"give it {name} again (the same key or label)")
        if refused:  # fix11ui: named, nothing written; the same relabel again writes it
            self._say(refused, 20000)
            return
        if self._edits.push(edit):
            self._select_edited(span, span.start, span.end, name, scroll=False)

    def _select_edited(self, span: Span, start: int, end: int, label: str, *, scroll: bool = True) -> None:
        """Keep the edited span selected, or the span it was merged into (and say so)."""
        w = self._session
        assert w.state is not None
        if span.id in w.state.spans:
            w.select(span.id, scroll=scroll)
            return
        survivor = w.state.same_place(start, end, label)
        w.select(survivor.id if survivor is not None else None, scroll=scroll)
        self._say(f"Merged with the {label} span already there", 5000)

    # ------------------------------------------------------------ boundaries, attributes, links

    def move_edge(self, edge: str, step: int, unit: Unit = "token") -> None:
        """Move ``edge`` ("start"/"end") of the selected span one ``unit`` (token, word, sentence,
        paragraph; :mod:`annotator.domain.boundaries`) right (``step`` +1) or left (-1)."""
        w = self._session
        span = w.selected_span()
        if span is None or w.state is None:
            self._say("Select a span first (Tab, or click one)", 3000)
            return
        if not w.state.has_tokens():
            w.state.set_tokens(self._view.token_index())  # the view's token cache, shared: each block tokenised once
        bounds = w.state.moved_edge(span, edge=edge, step=step, unit=unit)
        if bounds is None:
            self._say(f"The span cannot move further that way by {unit}", 3000)
            return
        self.resize_span(span.id, *bounds)

    def resize_span(self, span_id: str, start: int, end: int) -> bool:
        """Give the span ``[start, end)`` (code points), keeping its id, label and links: one undo
        step (merged onto a span of the same label already there, :func:`commands.resize`). The
        resized span (or the one it merged into) stays selected. False when nothing changed."""
        w = self._session
        span = w.state.span(span_id) if w.state is not None else None
        if span is None or w.state is None or not 0 <= start < end <= len(w.state.text):
            return False
        if (span.start, span.end) == (start, end):
            w.select(span.id, scroll=False)
            return False
        edit = commands.resize(w.state, span, start, end)
        if not self._edits.push(edit):
            return False
        self._select_edited(span, start, end, span.label)
        return True

    # Selecting text deselects the span (the window's selection rule); the span that was selected
    # when the text selection began stays the target of "Resize to selection" until that text
    # selection is cleared.
    def track_resize_target(self, selected_id: str | None, start: int, end: int) -> None:
        """Called on every text selection change, before the window deselects the span."""
        if end <= start:
            self._resize_target = None
        elif selected_id is not None:
            self._resize_target = selected_id

    def resize_to_selection(self) -> None:
        """Set the selected span (or the span selected before the text selection began) to the
        selected text, snapped to tokens as for a new span (Alt while selecting: exact)."""
        w = self._session
        if w.state is None:
            return
        rng = self._view.selected_range()
        span = w.selected_span() or (w.state.span(self._resize_target) if self._resize_target else None)
        if span is None:
            self._say("Select a span (Tab or click), then drag over the text it should cover and press R", 5000)
            return
        if rng is None:
            w.select(span.id, scroll=False)
            self._say("Drag over the text the span should cover, then press R", 5000)
            return
        if (span.start, span.end) == rng:
            w.select(span.id, scroll=False)
            self._say("The span already covers the selected text", 3000)
            return
        self.resize_span(span.id, *rng)

    def set_attribute(self, name: str, value: object) -> None:
        span = self._session.selected_span()
        if span is None:
            return
        if span.attrs.get(name, "") == value:
            return
        try:
            edit = commands.set_attrs(span, {name: value})
        except MachineAttributeError as exc:  # fix11ui: the program's records are never edited here
            self._say(str(exc), 8000)
            return
        self._edits.push(edit)

    def delete_relation(self, relation_id: str) -> None:
        state = self._session.state
        if state is None or relation_id not in state.relations:
            return
        self._edits.push(commands.delete_relation(state.relations[relation_id]))

    def link(self, head_id: str, child_id: str, label: str) -> None:
        w = self._session
        if w.state is None:
            return
        head, child = w.state.span(head_id), w.state.span(child_id)
        if head is None or child is None:
            return
        edit = commands.add_relation(w.state, head=head, child=child, label=label, by=w.analyst())
        if not edit:
            self._say("Already linked", 3000)
            return
        self._edits.push(edit)
