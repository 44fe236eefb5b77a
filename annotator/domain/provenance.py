"""Where an imported article came from, kept apart from the user's own meta (fix41, usertest29 H1).

An importer used to write its provenance as top-level meta keys (CSV ``file`` / ``row``, brat
``file`` / ``ann``, CoNLL ``file`` / ``document``, .txt ``file``, Label Studio
``labelstudio_annotations`` / ``labelstudio_predictions``): a CSV with its own ``file`` or ``row``
column lost the user's values to them without a word. Provenance now goes under one reserved key,
``meta["_import"]`` (a JSON object, e.g. ``{"file": "news.csv", "row": 2}``), and every other key
of meta is the user's, kept as read and exported unchanged. A user's own field named ``_import``
is refused with a line saying so (:func:`reserved_clash`), never overwritten.

Projects imported before fix41 hold the old top-level keys: :func:`import_info` and
:func:`user_meta` read both shapes, so nothing needs migrating.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

IMPORT_KEY = "_import"
# What importers wrote at meta's top level before fix41: read back as provenance when an
# article's meta has no IMPORT_KEY (an old project), never written any more.
LEGACY_KEYS = ("file", "row", "ann", "document")


def import_info(meta: Mapping[str, Any] | None) -> dict[str, Any]:
    """The importer's provenance of an article's ``meta``: ``meta["_import"]`` when it is an
    object, else (a project imported before fix41) the old top-level keys present of
    :data:`LEGACY_KEYS`; ``{}`` when none. Never raises on a meta of another shape."""
    if not isinstance(meta, Mapping):
        return {}
    info = meta.get(IMPORT_KEY)
    if isinstance(info, Mapping):
        return dict(info)
    return {k: meta[k] for k in LEGACY_KEYS if k in meta}


def import_file(meta: Mapping[str, Any] | None) -> str:
    """The name of the file an article was imported from ("" when none is known)."""
    value = import_info(meta).get("file")
    return value if isinstance(value, str) else ""


def is_row(meta: Mapping[str, Any] | None) -> bool:
    """Whether the article was a row of a table (CSV/TSV): its provenance has a ``row``."""
    return "row" in import_info(meta)


def user_meta(meta: Mapping[str, Any] | None) -> dict[str, Any]:
    """``meta`` without the importer's provenance: the user's own keys. For an old project (no
    ``_import``) the legacy keys are taken as the importer's."""
    if not isinstance(meta, Mapping):
        return {}
    if isinstance(meta.get(IMPORT_KEY), Mapping):
        return {k: v for k, v in meta.items() if k != IMPORT_KEY}
    return {k: v for k, v in meta.items() if k not in LEGACY_KEYS}


def with_import(meta: Mapping[str, Any], **info: Any) -> dict[str, Any]:
    """``meta`` (the user's fields, untouched) plus ``info`` under ``_import``. Raises
    ``ValueError`` when ``meta`` already holds a ``_import`` (see :func:`reserved_clash`)."""
    if IMPORT_KEY in meta:
        raise ValueError(reserved_clash())
    out = dict(meta)
    out[IMPORT_KEY] = info
    return out


def reserved_clash(kind: str = "column", name: str = IMPORT_KEY) -> str:
    """The line for a user's own field named ``_import`` (the reserved key); ``name``: the field as
    the file spells it when that differs (a CSV header " _Import ", read as ``_import``)."""
    named = repr(name) if name == IMPORT_KEY else f"{name!r} (read as {IMPORT_KEY!r}: case and spaces around are ignored)"
    return (f"has a {kind} named {named}, the name Annotator keeps for where an article was imported from; "
            f"rename the {kind} (nothing of it would be lost, but it cannot share that name)")
