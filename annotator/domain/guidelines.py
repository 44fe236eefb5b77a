"""The annotation guidelines of a project: Markdown text the analysts write and read in the
guidelines panel, plus a section generated from the label schema (each label's description,
the same text shown where a label is chosen)."""

from __future__ import annotations

from annotator.domain.list_entries import TagEntry, TargetEntry
from annotator.domain.schema import LabelSchema

GENERATED_HEADING = "Labels of this project"


def _cell(text: str) -> str:
    """Text safe on one Markdown line (``|`` escaped, as in a table cell; whitespace made one space)."""
    return " ".join(text.split()).replace("|", "\\|")


def labels_markdown(schema: LabelSchema, targets: list[TargetEntry] | None = None, tags: list[TagEntry] | None = None) -> str:
    """A Markdown section listing every label (name, layer, key, description), every relation,
    then the target and tag lists when given; generated, never stored. One bullet per entry, not
    a table: the guidelines panel is a narrow side panel, where a four-column table breaks
    "PERSON" into "PERSO N"."""
    lines = [f"## {GENERATED_HEADING}", ""]
    for label in schema.labels:
        key = f", key {_cell(label.shortcut)}" if label.shortcut else ""
        lines.append(f"- **{_cell(label.name)}** ({label.layer}{key}){_described(label.description)}")
    if schema.relations:
        lines += ["", "### Links", ""]
        for rel in schema.relations:
            lines.append(f"- **{_cell(rel.name)}**: {', '.join(rel.head)} → {', '.join(rel.child)}{_described(rel.description)}")
    if targets:
        lines += ["", "### Targets", ""]
        lines += [f"- **{_cell(t.name)}** ({t.kind}{f', key {_cell(t.key)}' if t.key else ''}){_described(t.description)}" for t in targets]
    if tags:
        lines += ["", "### Tags", ""]
        lines += [f"- **{_cell(t.name)}**{f' (key {_cell(t.key)})' if t.key else ''}{_described(t.description)}" for t in tags]
    return "\n".join(lines) + "\n"


def _described(description: str) -> str:
    return f" — {_cell(description)}" if description else ""


def label_tip(name: str, layer: str, description: str, key: str = "") -> str:
    """The one-line tip shown where a label is chosen: ``"QUOTE (quote) — Words reported …; key 3"``."""
    tip = f"{name} ({layer})"
    if description:
        tip += f" — {description}"
    if key:
        tip += f"; key {key}"
    return tip


__all__ = ["GENERATED_HEADING", "label_tip", "labels_markdown"]
