"""The right-click menu on the article: labels, accept/reject/delete, and links between spans.

Links follow the schema's relation types: a span whose label may be a relation's child gets
"Link as speaker of ▸" (the nearest quotes), one that may be a head gets "Add speaker ▸" (the
nearest candidates). Every item goes through the review controller, so the undoable edit path.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QMenu

from annotator.domain import piece_edits
from annotator.domain.attribution_decide import decide_attribution
from annotator.domain.document import ArticleState
from annotator.domain.guidelines import label_tip
from annotator.domain.model import Span, Status
from annotator.domain.schema import LabelSchema
from annotator.ui.article_view import ArticleView
from annotator.ui.details_panel import swatch
from annotator.ui.piece_keys import PieceKeys
from annotator.ui.review import ReviewController
from annotator.ui.session import Session

NEAREST = 12


def build_context_menu(session: Session, view: ArticleView, review: ReviewController,
                       span_id: str | None, start: int, end: int, *, pieces: PieceKeys | None = None) -> QMenu | None:
    """The menu for the span ``span_id`` (selected first) or the text ``[start, end)`` (code
    points; the view's text selection wins); None when no article is open. Items act through
    ``review`` (and ``pieces``: joining quotes, splitting a piece off)."""
    state = session.state
    if state is None:
        return None
    menu = QMenu(view.window())
    span = state.span(span_id)
    if span is not None:
        session.select(span.id, scroll=False)
    rng = view.selected_range()
    relabel = span is not None and not rng
    label_menu = menu.addMenu("Label as" if relabel else "Label selection as")
    label_menu.setToolTipsVisible(True)
    for lab in session.schema.labels:
        act = label_menu.addAction(swatch(lab.colour), lab.name + (f"\t{lab.shortcut}" if lab.shortcut else ""))
        act.setToolTip(label_tip(lab.name, lab.layer, lab.description, lab.shortcut))  # the description where it is chosen
        act.setStatusTip(act.toolTip())
        if relabel:
            act.triggered.connect(lambda _c=False, n=lab.name: review.apply_label_to_selected(n))
        else:
            s, e = rng if rng else (start, end)
            act.setEnabled(e > s)
            act.triggered.connect(lambda _c=False, n=lab.name, s=s, e=e: review.create_span(s, e, n))
    if span is not None:
        menu.addSeparator()
        # usertest22 M2: a quote's Accept / Reject take its suggested speaker and cue along (review._decide)
        accepting = decide_attribution(state, span, Status.ACCEPTED).linked if span.label == "QUOTE" else ()
        rejecting = decide_attribution(state, span, Status.REJECTED).linked if span.label == "QUOTE" else ()
        menu.addAction(f"Accept{_with(accepting)}\tA", review.accept_selected).setEnabled(span.status != Status.ACCEPTED or bool(accepting))
        menu.addAction(f"Reject{_with(rejecting)}\tX", review.reject_selected).setEnabled(span.status != Status.REJECTED or bool(rejecting))
        menu.addAction("Delete\tDel", review.delete_selected).setEnabled(span.status == Status.ACCEPTED)
        _add_link_menus(session.schema, review, menu, state, span)
        if pieces is not None and span.layer in piece_edits.JOINABLE_LAYERS:
            _add_piece_menus(pieces, menu, state, span)
    return menu


def _add_piece_menus(pieces: PieceKeys, menu: QMenu, state: ArticleState, span: Span) -> None:
    """Join with the next / previous quote (J / Shift+J) or a chosen one; split a piece off (B)."""
    menu.addSeparator()
    word = span.label.lower()
    menu.addAction(f"Join with next {word}\tJ", lambda: pieces.join_step(1))
    menu.addAction(f"Join with previous {word}\tShift+J", lambda: pieces.join_step(-1))
    others = piece_edits.join_candidates(state, span)
    sub = menu.addMenu(f"Join with {word}")
    sub.setEnabled(bool(others))
    for other in others:
        sub.addAction(short(state, other), lambda o=other.id: pieces.join_with(span.id, o))
    own = [state.spans[i] for i in state.pieces(span.id)]
    split = menu.addMenu("Split off piece")
    split.setEnabled(len(own) > 1)
    if len(own) > 1:
        for piece in own:
            act = split.addAction(short(state, piece) + ("\tB" if piece.id == span.id else ""), lambda p=piece.id: pieces.split_off(p))
            act.setEnabled(True)


def _add_link_menus(schema: LabelSchema, review: ReviewController, menu: QMenu, state: ArticleState, span: Span) -> None:
    menu.addSeparator()
    for rel_type in schema.relations:
        if span.label in rel_type.child:
            heads = nearest(state, span, rel_type.head)
            if heads:
                sub = menu.addMenu(f"Link as {rel_type.name.lower()} of")
                for head in heads:
                    sub.addAction(short(state, head), lambda h=head.id, r=rel_type.name: review.link(h, span.id, r))
        if span.label in rel_type.head:
            children = nearest(state, span, rel_type.child)
            if children:
                sub = menu.addMenu(f"Add {rel_type.name.lower()}")
                for child in children:
                    sub.addAction(short(state, child), lambda c=child.id, r=rel_type.name: review.link(span.id, c, r))


def nearest(state: ArticleState, span: Span, labels: Iterable[str], limit: int = NEAREST) -> list[Span]:
    """Spans with one of ``labels`` closest to ``span`` (rejected ones left out)."""
    wanted = set(labels)
    candidates = [s for s in state.spans.values() if s.label in wanted and s.id != span.id and s.status != Status.REJECTED]
    candidates.sort(key=lambda s: min(abs(s.start - span.end), abs(span.start - s.end)))
    return candidates[:limit]


def short(state: ArticleState, span: Span) -> str:
    text = span.text_in(state.text).replace("\n", " ")
    text = text if len(text) <= 60 else text[:57] + "…"
    mark = "" if span.status == Status.ACCEPTED else " (suggested)"
    return f"{span.label}: {text}{mark}".replace("&", "&&")


def _with(linked: Iterable[tuple[str, Span]]) -> str:
    """" with its speaker and cue" for the links a quote's Accept / Reject decides too; "" for none."""
    names = [label.lower() for label in ("SPEAKER", "CUE") if any(lab == label for lab, _ in linked)]
    return f" with its {' and '.join(names)}" if names else ""
