"""Whether a trained pipeline's entity labels fit a project's (usertest24 M5): a pipeline trained
on CoNLL-2003's LOC/MISC/ORG/PERSON was offered in Preferences for a project with the default
labels (GPE, NORP, EVENT, LAW…) and used by ``preannotate --model`` without a word; it suggests
none of those.

Read without spaCy: the labels are the ones ``annotator train`` wrote in the pipeline's marker
file (``annotator-training.json``, "labels"), mapped by the rule pre-annotation applies
(:func:`annotator.domain.schema.suggested_label`: the ``ner_map``'s label, else the label itself
when it is one of the map's targets, else dropped).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any

from annotator.domain.schema import LabelSchema, suggested_label

ENTITY_LAYER = "entity"


@dataclasses.dataclass(frozen=True, slots=True)
class LabelFit:
    """``trained``: the pipeline's entity labels; ``cannot``: the project's entity labels none
    of them becomes (it will never suggest them); ``unknown``: trained labels the project's
    ``ner_map`` drops (their entities are never written); both in the project's / the
    pipeline's order."""

    trained: tuple[str, ...]
    project: tuple[str, ...]
    cannot: tuple[str, ...]
    unknown: tuple[str, ...]

    @property
    def fits(self) -> bool:
        """True when every project entity label can be suggested and no trained label is dropped."""
        return not self.cannot and not self.unknown

    @property
    def drops_everything(self) -> bool:
        """True when no trained label reaches a project label: pre-annotation would write no entity."""
        return bool(self.trained) and len(self.unknown) == len(self.trained)


def label_fit(trained: Sequence[str], schema: LabelSchema, used: Collection[str] = ()) -> LabelFit:
    """How the entity labels ``trained`` fit ``schema`` (see :class:`LabelFit`). ``used``: the
    entity labels the project's spans carry (:func:`used_labels`); when given, only those of the
    schema's count as the project's (a project that never uses LAW is not told a pipeline cannot
    suggest it); empty: every entity label of the schema."""
    project = tuple(lab.name for lab in schema.labels if lab.layer == ENTITY_LAYER and (not used or lab.name in used))
    reached = {suggested_label(t, schema.ner_map) for t in trained} - {None}
    return LabelFit(tuple(trained), project, tuple(p for p in project if p not in reached),
                    tuple(t for t in trained if suggested_label(t, schema.ner_map) is None))


def used_labels(db: Any) -> set[str]:
    """The labels of the entity-layer spans (any status) in the project database ``db`` (a
    sqlite3 connection): the labels "this project uses"."""
    return {label for (label,) in db.execute("SELECT DISTINCT label FROM spans WHERE layer = ?", [ENTITY_LAYER])}


def trained_labels(folder: str | Path | None) -> tuple[str, ...]:
    """The entity labels ``annotator train`` trained the pipeline in ``folder`` on (its marker's
    "labels"); () for no folder, an installed package name, a folder without a readable marker,
    or an attribution-only training (its entities are the base pipeline's)."""
    from annotator.nlp.train import MARKER

    if not folder:
        return ()
    try:
        info = json.loads((Path(folder).expanduser() / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ()
    labels = info.get("labels") if isinstance(info, dict) else None
    return tuple(str(x) for x in labels) if isinstance(labels, list) else ()


def _names(labels: Sequence[str], most: int = 6) -> str:
    shown = ", ".join(labels[:most])
    return shown + (f" and {len(labels) - most} more" if len(labels) > most else "")


def short_note(fit: LabelFit) -> str:
    """The mark Preferences puts on a pipeline whose labels do not fit: "labels LOC, MISC, ORG,
    PERSON — this project uses PERSON, ORG, GPE, …: 4 of the project's labels it cannot
    suggest"; '' when it fits."""
    if fit.fits:
        return ""
    parts = []
    if fit.cannot:
        parts.append(f"{len(fit.cannot)} of the project's labels it cannot suggest ({_names(fit.cannot)})")
    if fit.unknown:
        parts.append(f"{_names(fit.unknown)} unknown to this project")
    return f"labels {_names(fit.trained)} — this project uses {_names(fit.project)}: " + "; ".join(parts)


def warning_line(fit: LabelFit, pipeline: str) -> str:
    """The one line ``preannotate`` prints for a pipeline whose labels do not fit; '' when they do."""
    if fit.fits:
        return ""
    parts = []
    if fit.cannot:
        parts.append(f"it cannot suggest {len(fit.cannot)} of this project's entity labels ({_names(fit.cannot, 12)})")
    if fit.unknown:
        parts.append(f"its {_names(fit.unknown, 12)} {'is' if len(fit.unknown) == 1 else 'are'} no label of this project "
                     "(left out)")
    # a ner_map entry brings in a label the pipeline has; no entry makes it suggest one it lacks
    fix = " (or map them in the project's ner_map: annotator schema)" if fit.unknown else ""
    return (f"Warning: {pipeline} was trained on the entity labels {_names(fit.trained, 12)}; " + " and ".join(parts)
            + f": pre-annotate with a pipeline trained on this project's labels{fix}")


def refusal_line(fit: LabelFit, pipeline: str) -> str:
    """The refusal when no trained label is a label of the project (every entity would be dropped)."""
    return (f"{pipeline} was trained on the entity labels {_names(fit.trained, 12)}, none of which this project has "
            f"({_names(fit.project, 12)}), so it would suggest no entity: pre-annotate with a pipeline trained on this "
            "project's labels, or map its labels in the project's ner_map (annotator schema PROJECT > schema.json; edit; "
            "annotator schema PROJECT --set schema.json)")
