"""The right-click menu on the article: labels, accept/reject/delete, and links between spans.

Links follow the schema's relation types: a span whose label may be a relation's child gets
"Link as speaker of ▸" (the nearest quotes), one that may be a head gets "Add speaker ▸" (the
nearest candidates). Every item goes through the window's undoable edit path.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMenu

from annotator.domain.document import ArticleState
from annotator.domain.guidelines import label_tip
from annotator.domain.model import Span, Status
from annotator.ui.details_panel import swatch

if TYPE_CHECKING:
    from annotator.ui.window import MainWindow

NEAREST = 12


def build_context_menu(window: MainWindow, span_id: str | None, start: int, end: int) -> QMenu | None:
    state = window.state
    if state is None:
        return None
    menu = QMenu(window)
    span = state.span(span_id)
    if span is not None:
        window.select_span(span.id, scroll=False)
    rng = window.view.selected_range()
    relabel = span is not None and not rng
    label_menu = menu.addMenu("Label as" if relabel else "Label selection as")
    label_menu.setToolTipsVisible(True)
    for lab in window.schema.labels:
        act = label_menu.addAction(swatch(lab.colour), lab.name + (f"\t{lab.shortcut}" if lab.shortcut else ""))
        act.setToolTip(label_tip(lab.name, lab.layer, lab.description, lab.shortcut))  # the description where it is chosen
        act.setStatusTip(act.toolTip())
        if relabel:
            act.triggered.connect(lambda _c=False, n=lab.name: window.apply_label_to_selected(n))
        else:
            s, e = rng if rng else (start, end)
            act.setEnabled(e > s)
            act.triggered.connect(lambda _c=False, n=lab.name, s=s, e=e: window.create_span(s, e, n))
    if span is not None:
        menu.addSeparator()
        menu.addAction("Accept\tA", window.accept_selected).setEnabled(span.status != Status.ACCEPTED)
        menu.addAction("Reject\tX", window.reject_selected).setEnabled(span.status != Status.REJECTED)
        menu.addAction("Delete\tDel", window.delete_selected).setEnabled(span.status == Status.ACCEPTED)
        _add_link_menus(window, menu, state, span)
    return menu


def _add_link_menus(window: MainWindow, menu: QMenu, state: ArticleState, span: Span) -> None:
    menu.addSeparator()
    for rel_type in window.schema.relations:
        if span.label in rel_type.child:
            heads = nearest(state, span, rel_type.head)
            if heads:
                sub = menu.addMenu(f"Link as {rel_type.name.lower()} of")
                for head in heads:
                    sub.addAction(short(state, head), lambda h=head.id, r=rel_type.name: window.link(h, span.id, r))
        if span.label in rel_type.head:
            children = nearest(state, span, rel_type.child)
            if children:
                sub = menu.addMenu(f"Add {rel_type.name.lower()}")
                for child in children:
                    sub.addAction(short(state, child), lambda c=child.id, r=rel_type.name: window.link(span.id, c, r))


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
