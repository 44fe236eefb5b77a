"""Linking a quote's speaker or cue (a claim's claimant) as ONE edit: what the picker's choice does.

:func:`link_to` builds, from the open article's records, a single :class:`Edit` that

1. draws the child span first when the choice is new text (the selected text, or a verb of
   saying no span marks yet), through :func:`commands.add_span` (which accepts a span already
   there with that position and label instead);
2. accepts the head and the child when they are suggestions: linking is the analyst's decision
   that both are there (a link between suggestions would otherwise stay out of an export of
   accepted records, fidelity finding #23);
3. replaces the head's other link of that label, when ``replace`` (a quote has one speaker): a
   suggested link is *rejected* (remembered as a wrong suggestion), an accepted one deleted (it is
   in the change log);
4. links them (:func:`commands.add_relation`);
5. for a SPEAKER link, makes the quote's ``speaker_ref`` follow the new speaker: the speaker's own
   ``refers_to`` when it has one, else its full name when it names somebody (the longest name of
   the article ending in it: "Flynn" → "Michael Flynn"), else the stale value is cleared (a "he"
   whose referent the analyst picks next).

Every step is built with :mod:`annotator.domain.commands` on the records as the step before
left them, so the relation rule of :mod:`annotator.domain.relation_rule` holds after each; the
steps are then collapsed to one change per record (first *before*, last *after*), in the order
storage writes and undo reverses: spans created or updated, relations, spans deleted.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping

from annotator.domain import commands
from annotator.domain.candidates import fold, is_pronoun, linked, named_people
from annotator.domain.edits import Change, Edit
from annotator.domain.model import Article, Relation, Span, Stance, Status
from annotator.domain.schema import LabelSchema


@dataclasses.dataclass(frozen=True, slots=True)
class NewChild:
    """Text to become the child span: ``[start, end)`` labelled ``label``."""

    start: int
    end: int
    label: str


def apply_changes(changes: Iterable[Change], spans: dict[str, Span], relations: dict[str, Relation],
                  stances: dict[str, Stance] | None = None) -> Article | None:
    """Apply ``changes`` in order to the record tables by id, in place (a change whose ``after``
    is None deletes the record); stance changes are skipped when ``stances`` is None, tags always.
    Returns the article as the last article change leaves it, or None when no change is one."""
    article: Article | None = None
    tables: dict[type, dict] = {Span: spans, Relation: relations}
    if stances is not None:
        tables[Stance] = stances
    for change in changes:
        record = change.record
        if isinstance(record, Article):
            article = change.after  # type: ignore[assignment]
            continue
        table = tables.get(type(record))
        if table is None:
            continue
        if change.after is None:
            table.pop(record.id, None)
        else:
            table[record.id] = change.after
    return article


def after_edit(records: commands.ArticleRecords, edit: Edit) -> commands.Records:
    """The records as ``edit`` leaves them (spans and relations only; the input is not changed)."""
    spans: dict[str, Span] = dict(records.spans)
    relations: dict[str, Relation] = dict(records.relations)
    apply_changes(edit.changes, spans, relations)
    return commands.Records(spans, relations)


def collapse(description: str, edits: Iterable[Edit]) -> Edit:
    """One change per record from edits applied one after another (first before, last after;
    records left as they were dropped), ordered for writing: spans kept, relations, spans deleted."""
    first: dict[tuple[str, str], object] = {}
    last: dict[tuple[str, str], object] = {}
    order: list[tuple[str, str]] = []
    for edit in edits:
        for change in edit.changes:
            key = (type(change.record).__name__, change.record.id)  # type: ignore[union-attr]
            if key not in first:
                first[key] = change.before
                order.append(key)
            last[key] = change.after
    changes = [Change(first[k], last[k]) for k in order if first[k] != last[k]]  # type: ignore[arg-type]

    def rank(change: Change) -> int:
        if isinstance(change.record, Span):
            return 2 if change.after is None else 0
        return 1

    return Edit(description, tuple(sorted(changes, key=rank)))


def speaker_ref_for(text: str, speaker: Span, spans: Iterable[Span]) -> str:
    """What a quote's ``speaker_ref`` becomes when ``speaker`` is linked as its speaker (module doc)."""
    if speaker.attrs.get("refers_to"):
        return str(speaker.attrs["refers_to"])
    said = " ".join(speaker.text_in(text).split())
    if is_pronoun(said):
        return ""
    folded = fold(said)
    people = named_people(text, spans)
    fuller = [n for n in people if fold(n) == folded or fold(n).endswith(" " + folded)]
    if fuller:
        return max(fuller, key=len)
    # a name inside a longer speaker span ("Russian Foreign Minister Sergey Lavrov" -> "Sergey Lavrov")
    padded = f" {folded} "
    inside = [n for n in people if fold(n) and f" {fold(n)} " in padded]
    return max(inside, key=len) if inside else said


def link_to(
    records: commands.ArticleRecords,
    *,
    text: str,
    schema: LabelSchema,
    head: Span,
    child: Span | NewChild,
    label: str,
    by: str = "",
    replace: bool = True,
) -> Edit:
    """The one edit linking ``head`` to ``child`` by relation ``label`` (module doc). Empty when
    the link is there, accepted, and nothing else would change."""
    steps: list[Edit] = []
    current: commands.ArticleRecords = records

    def step(edit: Edit) -> None:
        nonlocal current
        if edit:
            steps.append(edit)
            current = after_edit(current, edit)

    if isinstance(child, NewChild):
        edit = commands.add_span(current, article_id=head.article_id, start=child.start, end=child.end,
                                 label=child.label, layer=schema.layer_of(child.label), by=by)
        step(edit)
        made = next(c.after for c in edit.changes if isinstance(c.after, Span))
        child_span: Span = made  # type: ignore[assignment]
    else:
        child_span = current.spans[child.id]
    # relinking the speaker already linked (and accepted) is not a new choice: speaker_ref stays
    relinked = any(rel.child == child_span.id and rel.status == Status.ACCEPTED
                   for rel in linked(records.relations.values(), head.id, label))
    pending = [current.spans[s.id] for s in (head, child_span) if current.spans[s.id].status == Status.SUGGESTED]
    if pending:
        step(commands.set_status(current, pending, Status.ACCEPTED))
    if replace:
        for rel in linked(current.relations.values(), head.id, label):
            if rel.child == child_span.id:
                continue
            if rel.status == Status.SUGGESTED:
                step(Edit("", (Change(rel, dataclasses.replace(rel, status=Status.REJECTED, by=by)),)))
            else:
                step(commands.delete_relation(rel))
    step(commands.add_relation(current, head=current.spans[head.id], child=current.spans[child_span.id], label=label, by=by))
    if label == "SPEAKER" and not relinked:
        quote = current.spans[head.id]
        ref = speaker_ref_for(text, current.spans[child_span.id], current.spans.values())
        if str(quote.attrs.get("speaker_ref", "")) != ref:
            step(commands.set_attrs(quote, {"speaker_ref": ref}))
    name = " ".join(text[child_span.start:child_span.end].split())
    return collapse(f"Link {label.lower()} “{name[:40]}” to the {head.label}", steps)


def set_speaker_ref(span: Span, name: str) -> Edit:
    """Set a quote's ``speaker_ref`` (the named person its speaker refers to); "" clears it."""
    return commands.set_attrs(span, {"speaker_ref": name})


def current_child(records: commands.ArticleRecords, head_id: str, label: str) -> Span | None:
    """The span the head is linked to by ``label`` now (the first, by position), or None."""
    spans: Mapping[str, Span] = records.spans
    children = [spans[r.child] for r in linked(records.relations.values(), head_id, label) if r.child in spans]
    return min(children, key=lambda s: (s.start, s.end)) if children else None


__all__ = ["NewChild", "after_edit", "collapse", "current_child", "link_to", "set_speaker_ref", "speaker_ref_for"]
