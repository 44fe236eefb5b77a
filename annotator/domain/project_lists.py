"""Edits of the project's target list and tag list (:mod:`annotator.domain.list_entries`).

Like :mod:`annotator.domain.commands`, each function reads the current records and returns an
:class:`~annotator.domain.edits.Edit`; nothing here writes. Storage applies the edit in one
transaction and logs every changed row (entries as kind ``target_entry``/``tag_entry``, their
uses as ``stance``/``tag``); the window wraps it in one undo step.

**Uses follow their entry.** An entry's *uses* are the stances whose ``target`` is its name (for
a target) or the article tags whose ``tag`` is its name (for a tag). :func:`rename` and
:func:`merge` re-point every use in the same edit, so the dataset never holds a name the list
lost; an article that would end up with the same tag twice keeps one. :func:`delete` is refused
while an entry has uses (merge it into another instead).

A request the lists cannot take (an empty or taken name, a key of another entry, a bad colour)
raises :class:`ListEditRefused` with one line naming the entry and what to do; nothing is built.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TypeVar

from annotator.domain.edits import Change, Edit
from annotator.domain.list_entries import ListEntry, TagEntry, TargetEntry, TargetKind
from annotator.domain.model import Stance, Tag, new_id

Entry = TypeVar("Entry", TargetEntry, TagEntry)
Use = Stance | Tag

# Colours for new entries, in turn (Okabe & Ito's colour-blind-safe palette, then a few more).
PALETTE = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999999",
           "#8C564B", "#17BECF")
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


class ListEditRefused(ValueError):
    """An edit of a project list that cannot be made; the message says why and what to do."""


def default_colour(index: int) -> str:
    """The ``index``-th colour of :data:`PALETTE`, round and round."""
    return PALETTE[index % len(PALETTE)]


def entry_noun(entry: ListEntry | type) -> str:
    """``"target"`` or ``"tag"``: how messages name an entry of that list."""
    kind = entry if isinstance(entry, type) else type(entry)
    return "target" if kind is TargetEntry else "tag"


def use_name(use: Use) -> str:
    """The list name a use holds: a stance's target, a tag's tag."""
    return use.target if isinstance(use, Stance) else use.tag


def _renamed(use: Use, name: str) -> Use:
    return dataclasses.replace(use, target=name) if isinstance(use, Stance) else dataclasses.replace(use, tag=name)


def uses_noun(entry: ListEntry, n: int) -> str:
    """"1 stance", "3 stances" (a target's uses), "1 article", "2 articles" (a tag's)."""
    if isinstance(entry, TargetEntry):
        return f"{n} stance{'' if n == 1 else 's'}"
    return f"{n} article{'' if n == 1 else 's'}"


def _follow(entry: ListEntry, n: int) -> str:
    """"1 stance follows", "2 articles follow": the uses that take an entry's new name."""
    return f"{uses_noun(entry, n)} follow{'s' if n == 1 else ''}"


# ------------------------------------------------------------------------------- checks


def clean_name(name: str) -> str:
    """``name`` without surrounding white space; :class:`ListEditRefused` when nothing is left or
    it holds a line break or tab (names are shown on one line and exported as cells)."""
    cleaned = name.strip()
    if not cleaned:
        raise ListEditRefused("a name cannot be empty; type one")
    if any(c in cleaned for c in "\n\r\t"):
        raise ListEditRefused(f"name {cleaned!r} holds a line break or tab; use one line")
    return cleaned


def _check_name_free(entries: Iterable[ListEntry], name: str, *, besides: str = "") -> None:
    """Refuse a name that another entry has, ignoring case ("EU" and "eu" are the same entry)."""
    for other in entries:
        if other.id != besides and other.name.casefold() == name.casefold():
            noun = entry_noun(other)
            raise ListEditRefused(f"{noun} {other.name!r} is already in the list; pick another name, or merge the two (Ctrl+M)")


def clean_key(key: str) -> str:
    """A quick-choice key: one character that is not white space, or "" for none."""
    key = key.strip()
    if len(key) > 1:
        raise ListEditRefused(f"key {key!r} is more than one character; type a single letter or digit")
    return key


def _check_key_free(entries: Iterable[ListEntry], key: str, *, besides: str = "") -> None:
    if not key:
        return
    for other in entries:
        if other.id != besides and other.key and other.key.casefold() == key.casefold():
            noun = entry_noun(other)
            raise ListEditRefused(f"key {key!r} is taken by {noun} {other.name!r}; clear its key first or pick another")


def clean_colour(colour: str) -> str:
    """``#rrggbb`` (upper case), or "" for none; :class:`ListEditRefused` for anything else."""
    colour = colour.strip()
    if not colour:
        return ""
    if not _COLOUR.fullmatch(colour):
        raise ListEditRefused(f"colour {colour!r} is not #rrggbb; pick one with the colour button")
    return colour.upper()


def clean_kind(kind: str) -> str:
    """A :class:`TargetKind` value; :class:`ListEditRefused` names the allowed ones."""
    value = kind.strip().lower()
    if value not in {k.value for k in TargetKind}:
        raise ListEditRefused(f"kind {kind!r} is not one of {', '.join(k.value for k in TargetKind)}; type entity or topic")
    return value


def _current(entries: Sequence[Entry], entry: Entry) -> Entry:
    for stored in entries:
        if stored.id == entry.id:
            return stored
    raise ListEditRefused(f"{entry_noun(entry)} {entry.name!r} is no longer in the list (deleted elsewhere?); reopen the dialog")


# ------------------------------------------------------------------------------- edits


def add_target(entries: Sequence[TargetEntry], name: str, *, kind: str = TargetKind.TOPIC.value, colour: str = "",
               key: str = "", description: str = "") -> Edit:
    """A new target; its colour is the next of :data:`PALETTE` unless given."""
    name = clean_name(name)
    _check_name_free(entries, name)
    key = clean_key(key)
    _check_key_free(entries, key)
    entry = TargetEntry(id=new_id(), name=name, kind=clean_kind(kind), colour=clean_colour(colour) or default_colour(len(entries)),
                        key=key, description=description.strip())
    return Edit(f"Add target {name}", (Change(None, entry),))


def add_tag(entries: Sequence[TagEntry], name: str, *, colour: str = "", key: str = "", description: str = "") -> Edit:
    """A new tag of the tag list (no article is tagged by it); colour as :func:`add_target`."""
    name = clean_name(name)
    _check_name_free(entries, name)
    key = clean_key(key)
    _check_key_free(entries, key)
    entry = TagEntry(id=new_id(), name=name, colour=clean_colour(colour) or default_colour(len(entries)), key=key,
                     description=description.strip())
    return Edit(f"Add tag {name}", (Change(None, entry),))


def _repointed(uses: Iterable[Use], name: str, taken: Iterable[Use]) -> list[Change]:
    """Changes giving every use in ``uses`` the name ``name``. ``taken``: uses already named
    ``name``. A tag whose article already has ``name`` (stored or re-pointed here) is deleted
    instead: an article carries a tag once. A stance that would become the same decision as
    another — same article, holder and evidence, now the same target (one stance per (holder,
    target, evidence): :mod:`annotator.domain.stance_rule`) — is deleted too when the two agree on
    the polarity; when they disagree the merge is refused (:class:`ListEditRefused`, naming the
    article and both polarities): which one the analyst meant is theirs to decide, not ours."""
    changes: list[Change] = []
    tagged = {t.article_id for t in taken if isinstance(t, Tag)}
    decided = {(t.article_id, t.holder, t.evidence): t for t in taken if isinstance(t, Stance)}
    for use in uses:
        if isinstance(use, Tag):
            if use.article_id in tagged:
                changes.append(Change(use, None))
                continue
            tagged.add(use.article_id)
        elif isinstance(use, Stance):
            same = decided.get((use.article_id, use.holder, use.evidence))
            if same is not None:
                if same.polarity != use.polarity:
                    raise ListEditRefused(
                        f"article {use.article_id}: {use.holder} is {same.polarity} on “{same.target}” but {use.polarity} "
                        f"on “{use.target}”; after this they would be one target — delete or change one of the two stances first")
                changes.append(Change(use, None))
                continue
            decided[(use.article_id, use.holder, use.evidence)] = use
        changes.append(Change(use, _renamed(use, name)))
    # Deletions first: undo (reversed) re-points the kept tag back before re-creating the other.
    return sorted(changes, key=lambda c: c.after is not None)


def rename(entries: Sequence[Entry], entry: Entry, new_name: str, uses: Sequence[Use], *,
           taken: Sequence[Use] = ()) -> Edit:
    """Rename ``entry`` and every use of it, as one edit. ``uses``: the stances (target list) or
    tags (tag list) named ``entry.name`` now; ``taken``: those already named ``new_name`` (a
    name in use but not listed): an article tagged with both keeps one tag. A name another entry
    has is refused: merge the two instead. Renaming to the same name is an empty edit."""
    entry = _current(entries, entry)
    new_name = clean_name(new_name)
    if new_name == entry.name:
        return Edit(f"Rename {entry_noun(entry)} {entry.name}", ())
    _check_name_free(entries, new_name, besides=entry.id)
    _check_uses(entry, uses)
    changes = [Change(entry, dataclasses.replace(entry, name=new_name)), *_repointed(uses, new_name, taken)]
    n = len(uses)
    follows = f" ({_follow(entry, n)})" if n else ""
    return Edit(f"Rename {entry_noun(entry)} {entry.name} to {new_name}{follows}", tuple(changes))


def merge(entries: Sequence[Entry], keep: Entry, others: Sequence[Entry], uses: Mapping[str, Sequence[Use]]) -> Edit:
    """Merge ``others`` into ``keep``, as one edit: every use of an other's name takes ``keep``'s
    name (an article tagged with two of them keeps one tag), and the others leave the list.
    ``keep`` keeps its own colour and kind, and takes the first other's key and description
    when it has none. ``uses``: name → its uses, for ``keep`` and every other."""
    keep = _current(entries, keep)
    others = [_current(entries, o) for o in others if o.id != keep.id]
    if not others:
        raise ListEditRefused(f"select two or more {entry_noun(keep)}s to merge (Ctrl+M merges the selected rows into the current one)")
    for other in others:
        _check_uses(other, uses.get(other.name, ()))
    moving = [u for other in others for u in uses.get(other.name, ())]
    changes = _repointed(moving, keep.name, uses.get(keep.name, ()))
    changes += [Change(other, None) for other in others]
    inherited = {}
    if not keep.key:
        inherited["key"] = next((o.key for o in others if o.key), "")
    if not keep.description:
        inherited["description"] = next((o.description for o in others if o.description), "")
    kept = dataclasses.replace(keep, **inherited)
    if kept != keep:
        changes.append(Change(keep, kept))  # after the others' deletion: a key moves over free
    names = ", ".join(o.name for o in others)
    return Edit(f"Merge {entry_noun(keep)} {names} into {keep.name} ({_follow(keep, len(moving))})", tuple(changes))


def recolour(entries: Sequence[Entry], entry: Entry, colour: str) -> Edit:
    entry = _current(entries, entry)
    colour = clean_colour(colour)
    if colour == entry.colour:
        return Edit(f"Recolour {entry_noun(entry)} {entry.name}", ())
    return Edit(f"Recolour {entry_noun(entry)} {entry.name}", (Change(entry, dataclasses.replace(entry, colour=colour)),))


def rekey(entries: Sequence[Entry], entry: Entry, key: str) -> Edit:
    """Give ``entry`` the quick-choice ``key`` ("" clears it); a key of another entry of the same
    list is refused, naming that entry."""
    entry = _current(entries, entry)
    key = clean_key(key)
    _check_key_free(entries, key, besides=entry.id)
    if key == entry.key:
        return Edit(f"Re-key {entry_noun(entry)} {entry.name}", ())
    what = f"key {key}" if key else "no key"
    return Edit(f"Give {entry_noun(entry)} {entry.name} {what}", (Change(entry, dataclasses.replace(entry, key=key)),))


def describe(entries: Sequence[Entry], entry: Entry, description: str) -> Edit:
    entry = _current(entries, entry)
    description = description.strip()
    if description == entry.description:
        return Edit(f"Describe {entry_noun(entry)} {entry.name}", ())
    return Edit(f"Describe {entry_noun(entry)} {entry.name}", (Change(entry, dataclasses.replace(entry, description=description)),))


def set_kind(entries: Sequence[TargetEntry], entry: TargetEntry, kind: str) -> Edit:
    entry = _current(entries, entry)
    kind = clean_kind(kind)
    if kind == entry.kind:
        return Edit(f"Set kind of target {entry.name}", ())
    return Edit(f"Make target {entry.name} {kind}", (Change(entry, dataclasses.replace(entry, kind=kind)),))


def delete(entries: Sequence[Entry], entry: Entry, uses: Sequence[Use]) -> Edit:
    """Remove an unused entry; refused while it has uses, saying how many (merge it instead)."""
    entry = _current(entries, entry)
    _check_uses(entry, uses)
    if uses:
        raise ListEditRefused(
            f"{entry_noun(entry)} {entry.name!r} is used by {uses_noun(entry, len(uses))}; "
            "merge it into another entry (select both, Ctrl+M) instead of deleting it"
        )
    return Edit(f"Delete {entry_noun(entry)} {entry.name}", (Change(entry, None),))


def _check_uses(entry: ListEntry, uses: Iterable[Use]) -> None:
    """The uses given are uses of ``entry`` (a caller bug otherwise: they would be renamed wrongly)."""
    wanted = Stance if isinstance(entry, TargetEntry) else Tag
    for use in uses:
        if not isinstance(use, wanted) or use_name(use) != entry.name:
            raise ValueError(f"{type(use).__name__} {use.id} is no use of {entry_noun(entry)} {entry.name!r}")


__all__ = [
    "PALETTE", "ListEditRefused", "add_tag", "add_target", "clean_colour", "clean_key", "clean_kind", "clean_name",
    "default_colour", "delete", "uses_noun", "describe", "entry_noun", "merge", "recolour", "rekey", "rename", "set_kind", "use_name",
]
