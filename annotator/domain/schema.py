"""The label schema: labels with layer, colour, shortcut and allowed attributes.

A default ships in ``resources/schema.json``; every project keeps its own copy (the analyst may
edit it). The schema is plain data, validated once when loaded.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping, Sequence
from importlib import resources
from typing import Any

from annotator.domain.errors import AnnotatorError


class SchemaError(AnnotatorError):
    pass


@dataclasses.dataclass(frozen=True, slots=True)
class Label:
    name: str
    layer: str
    colour: str
    shortcut: str = ""
    attributes: tuple[str, ...] = ()
    description: str = ""


@dataclasses.dataclass(frozen=True, slots=True)
class RelationType:
    name: str
    head: tuple[str, ...]
    child: tuple[str, ...]
    description: str = ""


@dataclasses.dataclass(frozen=True, slots=True)
class AttributeType:
    name: str
    type: str  # "choice" | "text" | "bool" | "number"
    values: tuple[str, ...] = ()
    description: str = ""


@dataclasses.dataclass(frozen=True, slots=True)
class LabelSchema:
    labels: tuple[Label, ...]
    relations: tuple[RelationType, ...] = ()
    attributes: Mapping[str, AttributeType] = dataclasses.field(default_factory=dict)
    stance_polarities: tuple[str, ...] = ("favor", "against", "neutral")
    ner_map: Mapping[str, str] = dataclasses.field(default_factory=dict)

    def label(self, name: str) -> Label | None:
        return next((lab for lab in self.labels if lab.name == name), None)

    def layer_of(self, label: str) -> str:
        """The layer of a label; labels the schema does not know go to the 'other' layer."""
        found = self.label(label)
        return found.layer if found else "other"

    def by_shortcut(self, key: str) -> Label | None:
        return next((lab for lab in self.labels if lab.shortcut == key), None)

    def layers(self) -> list[str]:
        return list(dict.fromkeys(lab.layer for lab in self.labels))

    def with_label(self, label: Label) -> LabelSchema:
        """A copy with ``label`` added (or replacing the one of the same name)."""
        labels = [lab for lab in self.labels if lab.name != label.name] + [label]
        return dataclasses.replace(self, labels=tuple(labels))

    def to_json(self) -> dict[str, Any]:
        return {
            "version": 1,
            "labels": [
                {
                    "name": lab.name,
                    "layer": lab.layer,
                    "colour": lab.colour,
                    "shortcut": lab.shortcut,
                    "attributes": list(lab.attributes),
                    "description": lab.description,
                }
                for lab in self.labels
            ],
            "relations": [
                {"name": r.name, "head": list(r.head), "child": list(r.child), "description": r.description}
                for r in self.relations
            ],
            "attributes": {
                name: {"type": a.type, "values": list(a.values), "description": a.description}
                for name, a in self.attributes.items()
            },
            "stance_polarities": list(self.stance_polarities),
            "ner_map": dict(self.ner_map),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> LabelSchema:
        try:
            labels = tuple(
                Label(
                    name=str(item["name"]),
                    layer=str(item["layer"]),
                    colour=str(item.get("colour", "#888888")),
                    shortcut=str(item.get("shortcut", "")),
                    attributes=tuple(item.get("attributes", ())),
                    description=str(item.get("description", "")),
                )
                for item in data["labels"]
            )
            relations = tuple(
                RelationType(
                    name=str(item["name"]),
                    head=tuple(item.get("head", ())),
                    child=tuple(item.get("child", ())),
                    description=str(item.get("description", "")),
                )
                for item in data.get("relations", ())
            )
            attributes = {
                name: AttributeType(
                    name=name,
                    type=str(spec.get("type", "text")),
                    values=tuple(spec.get("values", ())),
                    description=str(spec.get("description", "")),
                )
                for name, spec in data.get("attributes", {}).items()
            }
        except (KeyError, TypeError, AttributeError) as exc:
            raise SchemaError(f"label schema is malformed: {exc!r}; compare with the default resources/schema.json") from exc
        _check_unique([lab.name for lab in labels], "label")
        _check_unique([lab.shortcut for lab in labels if lab.shortcut], "shortcut")
        return cls(
            labels=labels,
            relations=relations,
            attributes=attributes,
            stance_polarities=tuple(data.get("stance_polarities", ("favor", "against", "neutral"))),
            ner_map=dict(data.get("ner_map", {})),
        )

    @classmethod
    def from_text(cls, text: str) -> LabelSchema:
        try:
            return cls.from_json(json.loads(text))
        except json.JSONDecodeError as exc:
            raise SchemaError(f"label schema is not valid JSON (line {exc.lineno}): {exc.msg}") from exc


def _check_unique(names: Sequence[str], what: str) -> None:
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise SchemaError(f"label schema defines {what} {name!r} twice; remove one of them")
        seen.add(name)


def default_schema_text() -> str:
    return resources.files("annotator.resources").joinpath("schema.json").read_text(encoding="utf-8")


def default_schema() -> LabelSchema:
    return LabelSchema.from_text(default_schema_text())
