"""The annotation guidelines of a project: Markdown text the analysts write and read in the
guidelines panel, plus a section generated from the label schema (each label's description,
the same text shown where a label is chosen)."""

from __future__ import annotations

from annotator.domain.list_entries import TagEntry, TargetEntry
from annotator.domain.schema import LabelSchema

GENERATED_HEADING = "Labels of this project"


def _cell(text: str) -> str:
    """Text safe in a Markdown table cell (CommonMark/GFM tables: ``|`` escaped, one line)."""
    return " ".join(text.split()).replace("|", "\\|")


def labels_markdown(schema: LabelSchema, targets: list[TargetEntry] | None = None, tags: list[TagEntry] | None = None) -> str:
    """A Markdown section listing every label (name, layer, key, description), then the target and
    tag lists when given; generated, never stored. GitHub-flavoured tables (Qt's
    ``QTextDocument.setMarkdown`` reads them)."""
    lines = [f"## {GENERATED_HEADING}", "", "| Label | Layer | Key | Description |", "|---|---|---|---|"]
    for label in schema.labels:
        lines.append(f"| **{_cell(label.name)}** | {label.layer} | {_cell(label.shortcut)} | {_cell(label.description)} |")
    if schema.relations:
        lines += ["", "| Relation | From | To | Description |", "|---|---|---|---|"]
        for rel in schema.relations:
            lines.append(f"| **{_cell(rel.name)}** | {', '.join(rel.head)} | {', '.join(rel.child)} | {_cell(rel.description)} |")
    if targets:
        lines += ["", "### Targets", "", "| Target | Kind | Key | Description |", "|---|---|---|---|"]
        lines += [f"| **{_cell(t.name)}** | {t.kind} | {_cell(t.key)} | {_cell(t.description)} |" for t in targets]
    if tags:
        lines += ["", "### Tags", "", "| Tag | Key | Description |", "|---|---|---|"]
        lines += [f"| **{_cell(t.name)}** | {_cell(t.key)} | {_cell(t.description)} |" for t in tags]
    return "\n".join(lines) + "\n"


def label_tip(name: str, layer: str, description: str, key: str = "") -> str:
    """The one-line tip shown where a label is chosen: ``"QUOTE (quote) — Words reported …; key 3"``."""
    tip = f"{name} ({layer})"
    if description:
        tip += f" — {description}"
    if key:
        tip += f"; key {key}"
    return tip


__all__ = ["GENERATED_HEADING", "label_tip", "labels_markdown"]
