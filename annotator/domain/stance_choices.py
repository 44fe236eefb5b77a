"""What a stance's target and holder may be picked from (issue 9, Stances): rows for the picker.

Pure functions over the project's target list, one article's text and spans, and the entity
names of the project. Offsets are code points, half-open, as everywhere.

**Targets** (:func:`target_choices`): the project's target list first (its order, each entry's
quick-choice key shown), then the named entities of this article (PERSON, ORG, GPE, NORP, … —
mentions of one name grouped, most mentions first), then other entity names of the project; a
name appears once (case- and accent-folded, :func:`annotator.domain.candidates.fold`), in the
first group that has it. A target that is not yet in the list is added to it, as kind
``entity``, in the same edit as the stance that uses it (:func:`listing_edit`): every target in
the dataset is in the list.

**Holders** (:func:`holder_choices`): the article's SPEAKER, PERSON, ORG, NORP and GPE spans
grouped by name (a span's ``refers_to`` attribute names it when set: "he" → "Sergei Lavrov"; a
person's last name joins the one full name of the article ending in it),
holding the id of their first mention, then named entities of other articles (no span here).
A holder is never free text.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence

from annotator.domain import project_lists
from annotator.domain.candidates import fold
from annotator.domain.edits import Edit
from annotator.domain.list_entries import TargetEntry, TargetKind
from annotator.domain.model import Span, Status
from annotator.domain.picker_names import name_key, names_nothing, offered, pending_mark

# Entity labels a target or a holder may be named by (spaCy's OntoNotes labels for named things).
ENTITY_LABELS: tuple[str, ...] = ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "LAW", "WORK_OF_ART")
HOLDER_LABELS: tuple[str, ...] = ("SPEAKER", "PERSON", "ORG", "NORP", "GPE")

_PERSON_LABELS = frozenset({"PERSON", "SPEAKER"})

LISTED, ARTICLE, PROJECT = "list", "article", "project"  # where a choice comes from


@dataclasses.dataclass(frozen=True, slots=True)
class TargetChoice:
    """One row of the target picker. ``source``: :data:`LISTED` (in the target list),
    :data:`ARTICLE` (a named entity of this article, ``count`` mentions) or :data:`PROJECT`
    (an entity name of another article); ``key``: the list entry's quick-choice key or ""."""

    name: str
    kind: str = TargetKind.ENTITY.value
    source: str = LISTED
    key: str = ""
    label: str = ""
    count: int = 0
    current: bool = False
    pending: bool = False  # an article name whose every mention is a pending suggestion

    @property
    def display(self) -> str:
        """"✓ [e] EU · topic", "Geneva ×2 · GPE", "Kremlin · project", "Sputnik · PERSON · suggested"."""
        mark = "✓ " if self.current else ""
        key = f"[{self.key}] " if self.key else ""
        times = f" ×{self.count}" if self.count > 1 else ""
        where = self.kind if self.source == LISTED else self.label or "project"
        return f"{mark}{key}{self.name}{times} · {where}{pending_mark(self.pending)}"


@dataclasses.dataclass(frozen=True, slots=True)
class HolderChoice:
    """One row of the holder picker: ``span_id`` is the first mention in this article ("" for a
    name from another article), ``count`` the mentions grouped under ``name``."""

    name: str
    span_id: str = ""
    label: str = ""
    count: int = 0
    pending: bool = False  # every mention is a pending suggestion: choosing it accepts ``span_id``

    @property
    def display(self) -> str:
        times = f" ×{self.count}" if self.count > 1 else ""
        return f"{self.name}{times} · {self.label or 'project'}{pending_mark(self.pending)}"


def clean(name: str) -> str:
    """``name`` with its white space collapsed (how names are stored)."""
    return " ".join(name.split())


def span_name(text: str, span: Span) -> str:
    """Who or what a span names: its ``refers_to`` attribute when set, else its text."""
    ref = span.attrs.get("refers_to")
    return clean(ref) if isinstance(ref, str) and ref.strip() else clean(span.text_in(text))


def _grouped(text: str, spans: Iterable[Span], labels: Sequence[str]) -> list[tuple[str, Span, int, bool]]:
    """(name, mention to link, mentions, pending) of the spans with ``labels`` that a picker may
    offer (:func:`annotator.domain.picker_names.offered`: no rejected, pronoun, number-only or
    headline-only suggestion), one per name (:func:`~annotator.domain.picker_names.name_key`:
    case, accents and a leading "the" ignored); names with an accepted mention first (that mention
    is the one linked), then pending ones; within each, most mentions first, then first mention first."""
    wanted = set(labels)
    chosen = [s for s in spans if s.label in wanted]
    groups: dict[str, list[Span]] = {}
    for span in sorted(offered(text, chosen), key=lambda s: (s.start, s.end, s.id)):
        if span_name(text, span):
            groups.setdefault(name_key(span_name(text, span)), []).append(span)
    # A person's last name ("Lavrov") is the one full name of the article that ends in it
    # ("Sergei Lavrov"), as the speaker picker groups them (annotator.domain.candidates).
    for short in list(groups):
        if groups[short][0].label not in _PERSON_LABELS:
            continue
        longer = [k for k in groups if k != short and k.endswith(" " + short) and groups[k][0].label in _PERSON_LABELS]
        if len(longer) == 1:
            groups[longer[0]] = sorted(groups[longer[0]] + groups.pop(short), key=lambda s: (s.start, s.end, s.id))
    rows = []
    for group in groups.values():
        rep = next((s for s in group if s.status == Status.ACCEPTED), group[0])
        pending = rep.status != Status.ACCEPTED
        rows.append((span_name(text, group[0]), rep, len(group), pending, group[0].start))
    rows.sort(key=lambda r: (r[3], -r[2], r[4]))
    return [(name, rep, count, pending) for name, rep, count, pending, _ in rows]


def target_choices(
    targets: Sequence[TargetEntry], text: str, spans: Iterable[Span], project_names: Iterable[str], *, current: str = "",
) -> list[TargetChoice]:
    """The target picker's rows (module docstring), ``current`` (a name) marked."""
    seen: set[str] = set()
    rows: list[TargetChoice] = []

    def add(choice: TargetChoice) -> None:
        key = name_key(choice.name)
        if key and key not in seen and (choice.source == LISTED or not names_nothing(choice.name)):
            seen.add(key)
            rows.append(dataclasses.replace(choice, current=bool(current) and key == name_key(current)))

    for entry in targets:
        add(TargetChoice(entry.name, entry.kind, LISTED, entry.key))
    for name, span, count, pending in _grouped(text, spans, ENTITY_LABELS):
        add(TargetChoice(name, TargetKind.ENTITY.value, ARTICLE, label=span.label, count=count, pending=pending))
    for name in project_names:
        add(TargetChoice(clean(name), TargetKind.ENTITY.value, PROJECT))
    return rows


def holder_choices(text: str, spans: Iterable[Span], project_names: Iterable[str] = ()) -> list[HolderChoice]:
    """The holder picker's rows (module docstring)."""
    rows = [HolderChoice(name, span.id, span.label, count, pending) for name, span, count, pending in _grouped(text, spans, HOLDER_LABELS)]
    seen = {name_key(r.name) for r in rows}
    for name in project_names:
        name = clean(name)
        if name and name_key(name) not in seen and not names_nothing(name):
            seen.add(name_key(name))
            rows.append(HolderChoice(name))
    return rows


def listed(targets: Sequence[TargetEntry], name: str) -> TargetEntry | None:
    """The list entry named ``name`` (case and accents ignored), or None."""
    key = fold(clean(name))
    return next((t for t in targets if fold(t.name) == key), None)


def listing_edit(targets: Sequence[TargetEntry], name: str, kind: str = TargetKind.ENTITY.value) -> tuple[str, Edit]:
    """The name to store for target ``name`` and the edit that lists it: the entry's own spelling
    and an empty edit when the list has it, else ``name`` and
    :func:`annotator.domain.project_lists.add_target` (raises its
    :class:`~annotator.domain.project_lists.ListEditRefused` for an empty or multi-line name)."""
    entry = listed(targets, name)
    if entry is not None:
        return entry.name, Edit(f"Target {entry.name}", ())
    name = project_lists.clean_name(clean(name))
    return name, project_lists.add_target(targets, name, kind=kind)


__all__ = [
    "ARTICLE", "ENTITY_LABELS", "HOLDER_LABELS", "HolderChoice", "LISTED", "PROJECT", "TargetChoice", "clean",
    "holder_choices", "listed", "listing_edit", "span_name", "target_choices",
]
