"""The one adapter between the fidelity tests and the edit path: what each window key does.

Mirrors, step for step, :class:`annotator.ui.review.ReviewController` (keys → commands),
:class:`annotator.ui.editing.EditPath` (``Project.apply`` / ``undo`` / ``redo`` → ``ArticleState.apply``)
and ``QUndoStack`` (push truncates the redo tail; a command whose write fails is dropped), without
Qt. When the command functions' signatures change, only this module changes.

:class:`Session` runs one article; :meth:`Session.run` interprets the action tuples made by
:func:`tests.fidelity.strategies.action`. Failed writes are kept in ``Session.errors`` (the window
would show a message box); they are a finding of their own.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from annotator.domain import commands
from annotator.domain.attribution_decide import decide_attribution
from annotator.domain.candidates import CUE_RELATIONS, SPEAKER_RELATIONS, rank_candidates, relation_type
from annotator.domain.document import ArticleState
from annotator.domain.edits import Edit
from annotator.domain.errors import EditConflict
from annotator.domain.link_edits import NewChild, link_to
from annotator.domain.model import Article, ArticleStatus, Span, Status
from annotator.domain.suggestions import SuggestedSpan, SuggestionSet
from annotator.domain.tokens import TokenIndex, snap, token_spans
from annotator.storage.project import Project
from annotator.ui.context_menu import nearest  # the link menu's candidates (pure; imports Qt widgets)
from annotator.ui.relabel_confirm import RelabelConfirmation
from tests.fidelity.strategies import ORIGIN, Scenario

FIRST_ANALYST = "ana"


def open_scenario(project: Project, scenario: Scenario) -> int:
    """Store the scenario's article and its machine suggestions; returns the article id."""
    article, _ = project.add_article(Article(id=None, text=scenario.text, title=scenario.title, publisher="Wire",
                                             meta={"file": "fidelity.txt"}))
    suggestions = SuggestionSet(origin=ORIGIN)
    for spec in scenario.spans:
        suggestions.add_span(SuggestedSpan(spec.key, spec.start, spec.end, spec.label, spec.layer, dict(spec.attrs)))
    by_key = {s.key: s for s in suggestions.spans}
    for head, child, label in scenario.relations:
        suggestions.link(by_key[head], by_key[child], label)
    project.add_suggestions(article.id, suggestions)  # type: ignore[arg-type]
    return article.id  # type: ignore[return-value]


@dataclasses.dataclass
class _Command:
    """One entry of the undo stack (ui.undo.EditCommand): the edit as stored once written."""

    edit: Edit
    stamped: Edit | None = None


class Session:
    """The window on one article: state, selection, undo stack, analyst name."""

    def __init__(self, project: Project, article_id: int, *, analyst: str = FIRST_ANALYST) -> None:
        self.project = project
        self.analyst = analyst
        self.errors: list[tuple[tuple[Any, ...], Exception]] = []
        self.stack: list[_Command] = []
        self.index = 0
        self.selected_id: str | None = None
        self.review_anchor: tuple[int, int, str] | None = None
        # fix11ui: a relabel that would drop links is named first and written when asked again (ReviewController)
        self.relabel_confirmation = RelabelConfirmation()
        self.action: tuple[Any, ...] = ()
        self.article_id = article_id
        # Opening writes nothing (ui12j): the first edit of a new article marks it in progress, in
        # that edit (EditPath.apply_edit → Project.starting_work), undone with it.
        self.state = self._load()

    def _load(self) -> ArticleState:
        p = self.project
        state = ArticleState(p.article(self.article_id), p.spans(self.article_id), p.relations(self.article_id),
                             stances=p.stances(self.article_id), tags=p.tags(self.article_id))
        state.set_tokens(TokenIndex(state.text))  # the view's lazy token index (ArticleView.token_index)
        return state

    # ------------------------------------------------------------------ EditPath + QUndoStack

    def push(self, edit: Edit) -> bool:
        if not edit:
            return False
        del self.stack[self.index:]  # QUndoStack.push drops the redo tail, even when the write fails
        edit = self.project.starting_work(edit)
        command = _Command(edit)
        try:
            command.stamped = self.project.apply(edit, by=self.analyst)
        except Exception as exc:  # noqa: BLE001 - the window shows it; a finding here
            self._failed(exc)
            return False
        self.stack.append(command)
        self.index += 1
        self.state.apply(command.stamped)
        return True

    def undo(self) -> None:
        if self.index == 0:
            return
        command = self.stack[self.index - 1]
        assert command.stamped is not None
        try:
            self.project.undo(command.stamped, by=self.analyst)
        except Exception as exc:  # noqa: BLE001
            del self.stack[self.index - 1]
            self.index -= 1
            self._failed(exc)
            return
        self.index -= 1
        self.state.apply(command.stamped.inverse())
        self._reveal(command.stamped.inverse())  # EditPath.undo_edit shows (and reveals) the inverse edit

    def redo(self) -> None:
        if self.index >= len(self.stack):
            return
        command = self.stack[self.index]
        assert command.stamped is not None
        try:
            self.project.redo(command.stamped, by=self.analyst)
        except Exception as exc:  # noqa: BLE001
            del self.stack[self.index]
            self._failed(exc)
            return
        self.index += 1
        self.state.apply(command.stamped)
        self._reveal(command.stamped)

    def _failed(self, exc: Exception) -> None:
        self.errors.append((self.action, exc))
        if isinstance(exc, EditConflict):  # EditPath.report_error reopens the article
            self.state = self._load()
            self.select(None)

    def _reveal(self, edit: Edit) -> None:
        """EditPath._reveal on an article that fits on screen: the selected span if the edit touched
        it, else the first touched span in reading order."""
        spans = sorted((c.after for c in edit.changes if isinstance(c.after, Span)), key=lambda s: (s.start, -s.end, s.id))
        touched = [s.id for s in spans]
        if not touched:
            return
        self.select(self.selected_id if self.selected_id in touched else touched[0])

    # ------------------------------------------------------------------ window helpers

    def select(self, span_id: str | None) -> None:
        """MainWindow.select_span."""
        if span_id is not None and span_id not in self.state.spans:
            span_id = None
        self.selected_id = span_id
        self.relabel_confirmation.forget()  # the window forgets on selectionChanged
        if span_id is not None:
            chosen = self.state.spans[span_id]
            self.review_anchor = (chosen.start, chosen.end, chosen.id)

    def selected(self) -> Span | None:
        return self.state.span(self.selected_id)

    def spans_in_order(self) -> list[Span]:
        return sorted(self.state.spans.values(), key=lambda s: (s.start, -s.end, s.label, s.created, s.id))

    # ------------------------------------------------------------------ ReviewController

    def step_suggestion(self, step: int) -> None:
        current = self.selected()
        anchor = self.review_anchor
        if current is None and anchor is not None:
            current = self.state.span(anchor[2])
            if current is None:
                target = (self.state.pending_after if step > 0 else self.state.pending_before)(anchor)
                if target is not None:
                    self.select(target.id)
                return
        target = self.state.next_pending(current, backwards=step < 0)
        if target is not None:
            self.select(target.id)

    def _advance_from(self, span: Span) -> None:
        target = self.state.pending_after((span.start, span.end, span.id))
        self.select(None if target is None else target.id)

    def decide(self, status: Status) -> None:
        span = self.selected()
        if span is None:
            self.step_suggestion(1)
            return
        # usertest22 M2 (ui25): a quote's suggested speaker and cue are decided with it, one edit
        decision = decide_attribution(self.state, span, status)
        if span.status == status and not decision.linked:
            if status != Status.ACCEPTED:
                self._advance_from(span)
            return
        edit = decision.edit if decision.linked else commands.set_status(self.state, [span], status)
        if self.push(edit):
            self._advance_from(span)

    def accept_all(self) -> None:
        edit = commands.accept_all(self.state)
        keep = self.selected_id
        if edit and self.push(edit):
            self.select(keep)

    def delete_selected(self) -> None:
        span = self.selected()
        if span is None:
            return
        if span.status == Status.SUGGESTED:
            self.decide(Status.REJECTED)
            return
        if span.status == Status.REJECTED:
            return
        if self.push(commands.delete_span(self.state, span)):
            self.select(None)

    def apply_label(self, name: str, selection: tuple[int, int] | None) -> None:
        if selection is not None and selection[1] > selection[0]:
            self.create_span(selection[0], selection[1], name)
        elif self.selected() is not None:
            self.relabel_selected(name)

    def create_span(self, start: int, end: int, name: str) -> None:
        existing = self.state.same_place(start, end, name)
        if existing is not None:  # drawn over a suggestion: accepted, and stays selected
            if existing.status != Status.ACCEPTED:
                self.push(commands.set_status(self.state, [existing], Status.ACCEPTED))
            if existing.id in self.state.spans:
                self.select(existing.id)
            return
        edit = commands.add_span(self.state, article_id=self.article_id, start=start, end=end, label=name,
                                 layer=self.project.schema.layer_of(name), by=self.analyst)
        if self.push(edit):
            self.select(edit.changes[0].after.id)  # type: ignore[union-attr]

    def relabel_selected(self, name: str) -> None:
        span = self.selected()
        if span is None:
            return
        if span.label == name:
            if span.status != Status.ACCEPTED:
                self.decide(Status.ACCEPTED)
            return
        edit = commands.relabel(self.state, span, name, self.project.schema.layer_of(name))
        if self.relabel_confirmation.refusal(span, name, commands.relabel_losses(self.state, span, name, edit, self.state.text), again=""):
            return  # named, nothing written (the window's status line)
        if self.push(edit):
            self._select_edited(span, span.start, span.end, name)

    def move_edge(self, edge: str, step: int, unit: str = "token") -> None:
        span = self.selected()
        if span is None:
            return
        bounds = self.state.moved_edge(span, edge=edge, step=step, unit=unit)  # type: ignore[arg-type]
        if bounds is not None and self.push(commands.resize(self.state, span, *bounds)):
            self._select_edited(span, *bounds, span.label)

    def _select_edited(self, span: Span, start: int, end: int, label: str) -> None:
        """As the window: keep the edited span selected, or the span it was merged into."""
        if span.id in self.state.spans:
            self.select(span.id)
            return
        survivor = self.state.same_place(start, end, label)
        self.select(None if survivor is None else survivor.id)

    def set_attribute(self, name: str, value: Any) -> None:
        span = self.selected()
        if span is None or span.attrs.get(name, "") == value:
            return
        self.push(commands.set_attrs(span, {name: value}))

    def link(self, head_id: str, child_id: str, label: str) -> None:
        head, child = self.state.span(head_id), self.state.span(child_id)
        if head is None or child is None:
            return
        edit = commands.add_relation(self.state, head=head, child=child, label=label, by=self.analyst)
        if edit:  # the window says "Already linked" for an empty edit
            self.push(edit)

    def link_from_menu(self, as_head: bool, choice: int, relation: str) -> None:
        """Right-click on the selected span → "Add speaker ▸ X" (as head) or "Link as speaker of ▸ X"
        (as child): the menu offers only what the schema allows, nearest spans first, no rejected ones."""
        span = self.selected()
        if span is None:
            return
        rel_type = next((r for r in self.project.schema.relations if r.name == relation), None)
        if rel_type is None or span.label not in (rel_type.head if as_head else rel_type.child):
            return
        others = nearest(self.state, span, rel_type.child if as_head else rel_type.head)
        if not others:
            return
        other = others[choice % len(others)]
        head, child = (span, other) if as_head else (other, span)
        self.link(head.id, child.id, relation)

    def pick(self, kind: str, choice: int) -> None:
        """S (speaker / claimant) or U (cue) with a quote or claim selected: the picker's rows,
        ranked as :class:`annotator.ui.linking.LinkingController` ranks them, and the n-th row
        (Down n times, Enter) linked in one edit (:func:`link_to`: replaces the old link,
        accepts suggestions, may draw a new span for a cue verb)."""
        head = self.selected()
        if head is None:
            return
        name = (SPEAKER_RELATIONS if kind == "speaker" else CUE_RELATIONS).get(head.label)
        rel = relation_type(self.project.schema, name) if name else None
        if rel is None:
            return
        rows = rank_candidates(self.state.text, self.state.spans.values(), self.state.relations.values(), head, rel)
        if not rows:
            return
        row = rows[choice % len(rows)]
        child = self.state.spans[row.span_id] if row.span_id else NewChild(row.start, row.end, row.label)
        edit = link_to(self.state, text=self.state.text, schema=self.project.schema, head=head, child=child,
                       label=rel.name, by=self.analyst)
        if edit and self.push(edit):
            self.select(head.id)

    def unlink(self, relation_id: str) -> None:
        if relation_id in self.state.relations:
            self.push(commands.delete_relation(self.state.relations[relation_id]))

    def set_article_status(self, status: ArticleStatus) -> None:
        if self.state.article.status != status:
            self.push(commands.set_article_status(self.state.article, status))

    # ------------------------------------------------------------------ ArticleAnnotations (the Article panel)

    def add_tag(self, tag: str) -> None:
        tag = " ".join(tag.split())
        if tag and not self.state.has_tag(tag):
            self.push(commands.add_tag(article_id=self.article_id, tag=tag, by=self.analyst))

    def remove_tag(self, tag_id: str) -> None:
        tag = self.state.tags.get(tag_id)
        if tag is not None:
            self.push(commands.delete_tag(tag))

    def add_stance(self, holder: str, polarity: str, target: str, note: str = "") -> None:
        if not holder.strip() or not target.strip():
            return
        polarity = polarity or self.project.schema.stance_polarities[0]
        self.push(commands.add_stance(self.state, article_id=self.article_id, holder=holder.strip(), target=target.strip(),
                                      polarity=polarity, by=self.analyst, note=note.strip()))

    def stance_key(self, index: int, target: str) -> None:
        """F / G / N (``index`` 0, 1, 2) on the selected span with ``target`` as the session's
        current target, as :class:`annotator.ui.stance_keys.StanceKeys` does: only on a quote or
        claim with a SPEAKER/CLAIMANT link; the same stance again writes nothing."""
        from annotator.domain.stance_rule import can_be_evidence
        from annotator.ui.stance_keys import holder_link, holder_name

        evidence = self.selected()
        polarities = self.project.schema.stance_polarities
        if evidence is None or not can_be_evidence(evidence) or index >= len(polarities):
            return
        link = holder_link(self.state, evidence)
        if link is None:
            return
        holder = link[0]
        self.push(commands.add_stance(self.state, article_id=self.article_id, holder=holder_name(self.state.text, holder, evidence),
                                      holder_span=holder.id, target=target, polarity=polarities[index],
                                      evidence=evidence.id, by=self.analyst))

    def delete_stance(self, stance_id: str) -> None:
        stance = self.state.stances.get(stance_id)
        if stance is not None:
            self.push(commands.delete_stance(stance))

    # ------------------------------------------------------------------ interpreting actions

    def selection_for(self, mode: str, a: int, b: int) -> tuple[int, int] | None:
        """The text selection a drag makes: snapped to whole tokens, or exact (Alt)."""
        text = self.state.text
        if mode == "none":
            return None
        if mode == "exact":
            start = a % len(text)
            return start, min(len(text), start + b)
        tokens = token_spans(text)
        if not tokens:
            return None
        first = tokens[a % len(tokens)]
        last = tokens[min(len(tokens) - 1, a % len(tokens) + b)]
        return snap(first[0], last[1], tokens)

    def run(self, action: tuple[Any, ...]) -> None:
        self.action = action
        kind = action[0]
        spans = self.spans_in_order()
        if kind == "select":  # a click: rejected spans are hidden (View menu default)
            visible = [s for s in spans if s.status != Status.REJECTED]
            self.select(visible[action[1] % len(visible)].id if visible else None)
        elif kind == "tab":
            self.step_suggestion(action[1])
        elif kind == "accept":
            self.decide(Status.ACCEPTED)
        elif kind == "reject":
            self.decide(Status.REJECTED)
        elif kind == "delete":
            self.delete_selected()
        elif kind == "accept_all":
            self.accept_all()
        elif kind == "label":
            _, key, mode, a, b = action
            label = self.project.schema.by_shortcut(key)
            assert label is not None, key
            self.apply_label(label.name, self.selection_for(mode, a, b))
        elif kind == "resize":
            self.move_edge(action[1], action[2], *action[3:])
        elif kind == "pick":
            self.pick(action[1], action[2])
        elif kind == "link":
            self.link_from_menu(action[1], action[2], action[3])
        elif kind == "unlink":
            relations = list(self.state.relations)
            if relations:
                self.unlink(relations[action[1] % len(relations)])
        elif kind == "attr":
            self.set_attribute(*action[1])
        elif kind == "undo":
            self.undo()
        elif kind == "redo":
            self.redo()
        elif kind == "analyst":
            self.analyst = action[1]
        elif kind == "article_status":
            self.set_article_status(ArticleStatus(action[1]))
        elif kind == "tag":
            self.add_tag(action[1])
        elif kind == "untag":  # the ✕ of the n-th tag shown (alphabetical)
            tags = self.state.tag_list()
            if tags:
                self.remove_tag(tags[action[1] % len(tags)].id)
        elif kind == "stance":
            self.add_stance(*action[1:])
        elif kind == "stance_key":  # F / G / N with the current target set (Shift+T)
            self.stance_key(action[1], action[2])
        elif kind == "unstance":  # Del on the n-th row of the stance table
            stances = self.state.stance_list()
            if stances:
                self.delete_stance(stances[action[1] % len(stances)].id)
        else:  # pragma: no cover - a strategy/adapter mismatch
            raise ValueError(f"unknown action {action!r}")
