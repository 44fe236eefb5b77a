"""Records of the project's lists: the **target list** (entities and topics a stance can be
about) and the **tag list** (article-level tags). One record per entry, stored in the tables
``target_list`` and ``tag_list`` (migration 0004) and changed only through edits
(:mod:`annotator.domain.project_lists`), so every change is in the change log and undoable.

An entry is named by its ``name``, which is what stances (``Stance.target``) and tags
(``Tag.tag``) store: renaming an entry renames every use with it, in the same edit.
"""

from __future__ import annotations

import dataclasses
from enum import StrEnum


class TargetKind(StrEnum):
    """What a stance target is: a named entity (a person, organisation, place) or a topic."""

    ENTITY = "entity"
    TOPIC = "topic"


@dataclasses.dataclass(frozen=True, slots=True)
class TargetEntry:
    """An entry of the target list. ``kind``: a :class:`TargetKind` value; ``colour``: ``#rrggbb``
    or ""; ``key``: one character for quick choice, or ""; unique in the list when set."""

    id: str
    name: str
    kind: str = TargetKind.TOPIC.value
    colour: str = ""
    key: str = ""
    description: str = ""
    created: str = ""
    updated: str = ""
    by: str = ""


@dataclasses.dataclass(frozen=True, slots=True)
class TagEntry:
    """An entry of the tag list: ``colour`` ``#rrggbb`` or ""; ``key`` one character or ""."""

    id: str
    name: str
    colour: str = ""
    key: str = ""
    description: str = ""
    created: str = ""
    updated: str = ""
    by: str = ""


ListEntry = TargetEntry | TagEntry

__all__ = ["ListEntry", "TagEntry", "TargetEntry", "TargetKind"]
