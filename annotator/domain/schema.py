"""The label schema: labels with layer, colour, shortcut and allowed attributes.

A default ships in ``resources/schema.json``; every project keeps its own copy (the analyst may
edit it). The schema is plain data, validated once when loaded.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import re
from collections.abc import Mapping, Sequence
from importlib import resources
from typing import Any

from annotator.domain.errors import AnnotatorError
from annotator.domain.model import Layer


class SchemaError(AnnotatorError):
    """A label schema that cannot be used. ``problems``: one line per problem, each saying where
    in the schema and what to do (a single message is its own one problem)."""

    def __init__(self, message: str, problems: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.problems: tuple[str, ...] = tuple(problems) or (message,)


LAYERS = tuple(layer.value for layer in Layer)
ATTRIBUTE_TYPES = ("choice", "text", "bool", "number")
# The keys the label shortcuts are bound to in the window (Edit → Preferences lists them).
SHORTCUT_KEYS = tuple(str(n) for n in range(1, 10))
_COLOUR = re.compile(r"#(?:[0-9A-Fa-f]{3}|[0-9A-Fa-f]{6})")
_KEYS = {
    "schema": ("version", "labels", "relations", "attributes", "stance_polarities", "ner_map"),
    "label": ("name", "layer", "colour", "shortcut", "attributes", "description"),
    "relation": ("name", "head", "child", "description"),
    "attribute": ("type", "values", "description"),
}


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
        """Read a stored schema (lenient: only what would break reading it is refused)."""
        try:
            return cls.from_json(json.loads(text))
        except json.JSONDecodeError as exc:
            raise SchemaError(f"label schema is not valid JSON (line {exc.lineno}): {exc.msg}") from exc

    @classmethod
    def validated(cls, text: str) -> LabelSchema:
        """Read a schema a person wrote, checking all of it (:func:`schema_problems`).

        Raises :class:`SchemaError` whose ``problems`` lists every problem found, one line each."""
        repeated: list[str] = []  # usertest18 L5: json.loads keeps a repeated key's last value without a word

        def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
            value = dict(items)
            if len(value) != len(items):
                seen: set[str] = set()
                repeated.extend(k for k, _ in items if k in seen or seen.add(k))  # type: ignore[func-returns-value]
            return value
        try:
            data = json.loads(text, object_pairs_hook=pairs)
        except json.JSONDecodeError as exc:
            raise SchemaError(f"is not valid JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}; fix the JSON syntax") from exc
        problems = [f"the key {key!r} is given twice in one object (only the last would be read); keep one"
                    for key in dict.fromkeys(repeated)] + schema_problems(data)
        if problems:
            raise SchemaError(f"label schema has {len(problems)} problem{'s' if len(problems) != 1 else ''}: {problems[0]}", problems)
        return cls.from_json(data)


def schema_problems(data: Any) -> list[str]:
    """Every problem of a label schema in its JSON form (see ``resources/schema.json`` and
    docs/formats.md), one line each saying where and what to do; empty when it is usable.

    Checked: the shape (objects, lists, strings), unknown keys (a typo such as ``color`` would
    otherwise be ignored), label names (present, unique, no spaces, commas or '=', which
    ``--label-map`` and brat cannot hold), layers (one of :data:`LAYERS`), colours (``#rgb`` or
    ``#rrggbb``), shortcut keys (one of 1–9, each used once), attributes a label lists (defined),
    attribute types (one of :data:`ATTRIBUTE_TYPES`; a choice needs values), relation names (unique)
    and their head and child labels (known), stance polarities (unique) and the entity map's
    targets (known labels), and the version (1).
    """
    problems: list[str] = []
    if not isinstance(data, dict):
        return ["the schema must be a JSON object with \"labels\"; compare with the default: annotator schema NEW.db"]
    problems += _unknown_keys(data, "schema", "the schema")
    if data.get("version", 1) != 1:
        problems.append(f"version {data.get('version')!r} is not one this Annotator reads; use \"version\": 1")
    labels = data.get("labels")
    if not isinstance(labels, list) or not labels:
        problems.append("\"labels\" must be a non-empty list of label objects; compare with the default: annotator schema NEW.db")
        labels = []
    attributes = data.get("attributes", {})
    if not isinstance(attributes, dict):
        problems.append("\"attributes\" must be an object of name → {\"type\", \"values\"}; fix its shape")
        attributes = {}
    names: set[str] = set()
    shortcuts: dict[str, str] = {}
    for n, item in enumerate(labels, start=1):
        where = f"label {n}"
        if not isinstance(item, dict):
            problems.append(f"{where} must be an object with name, layer and colour; fix its shape")
            continue
        name = item.get("name")
        where = _named_item(name, "label", where, names, problems)
        if isinstance(name, str) and name.strip():
            if re.search(r"[\s,=]", name):
                problems.append(f"{where}: a name cannot hold spaces, commas or '='; use letters, digits, _ or -")
        problems += _unknown_keys(item, "label", where)
        layer = item.get("layer")
        if layer not in LAYERS:
            problems.append(f"{where}: unknown layer {layer!r}; use one of {', '.join(LAYERS)}")
        colour = item.get("colour", "#888888")
        if not isinstance(colour, str) or not _COLOUR.fullmatch(colour):
            problems.append(f"{where}: colour {colour!r} is not a colour; use #rrggbb (e.g. #1f77b4)")
        shortcut = item.get("shortcut", "")
        if shortcut not in ("", *SHORTCUT_KEYS):
            problems.append(f"{where}: shortcut {shortcut!r} is not a label key; use one of 1-9, or \"\" for none")
        elif shortcut:
            if shortcut in shortcuts:
                problems.append(f"{where}: shortcut {shortcut!r} is also the key of label {shortcuts[shortcut]!r}; give each key to one label")
            shortcuts[shortcut] = str(name)
        listed = item.get("attributes", [])
        if not isinstance(listed, list) or not all(isinstance(a, str) for a in listed):
            problems.append(f"{where}: \"attributes\" must be a list of attribute names")
        else:
            for attr in listed:
                if attr not in attributes:
                    problems.append(f"{where}: attribute {attr!r} is not defined; add it to \"attributes\" or remove it from the label")
        if not isinstance(item.get("description", ""), str):
            problems.append(f"{where}: \"description\" must be text")
    for attr, spec in attributes.items():
        where = f"attribute {attr!r}"
        if not isinstance(spec, dict):
            problems.append(f"{where} must be an object with \"type\"; fix its shape")
            continue
        problems += _unknown_keys(spec, "attribute", where)
        kind = spec.get("type", "text")
        if kind not in ATTRIBUTE_TYPES:
            problems.append(f"{where}: unknown type {kind!r}; use one of {', '.join(ATTRIBUTE_TYPES)}")
        values = spec.get("values", [])
        if not isinstance(values, list) or not all(isinstance(v, str) and v for v in values):
            problems.append(f"{where}: \"values\" must be a list of non-empty texts")
        elif kind == "choice" and not values:
            problems.append(f"{where}: a choice needs \"values\" to choose from; list them")
        elif len(set(values)) != len(values):
            problems.append(f"{where}: a value is listed twice; list each once")
    relations = data.get("relations", [])
    if not isinstance(relations, list):
        problems.append("\"relations\" must be a list of relation objects; fix its shape")
        relations = []
    relation_names: set[str] = set()
    for n, item in enumerate(relations, start=1):
        where = f"relation {n}"
        if not isinstance(item, dict):
            problems.append(f"{where} must be an object with name, head and child; fix its shape")
            continue
        where = _named_item(item.get("name"), "relation", where, relation_names, problems)
        problems += _unknown_keys(item, "relation", where)
        for end in ("head", "child"):
            ends = item.get(end, [])
            if not isinstance(ends, list) or not all(isinstance(x, str) for x in ends):
                problems.append(f"{where}: \"{end}\" must be a list of label names")
                continue
            for label in ends:
                if label not in names:
                    problems.append(f"{where}: {end} label {label!r} is not a label of the schema; add the label or remove it here")
    polarities = data.get("stance_polarities", ["favor", "against", "neutral"])
    if not isinstance(polarities, list) or not polarities or not all(isinstance(p, str) and p for p in polarities):
        problems.append("\"stance_polarities\" must be a non-empty list of texts (e.g. favor, against, neutral)")
    elif len(set(polarities)) != len(polarities):
        problems.append("\"stance_polarities\" lists a polarity twice; list each once")
    ner_map = data.get("ner_map", {})
    if not isinstance(ner_map, dict):
        problems.append("\"ner_map\" must be an object of spaCy label → our label; fix its shape")
    else:
        for source, target in ner_map.items():
            if target not in names:
                problems.append(f"ner_map: {source!r} maps to {target!r}, which is not a label of the schema; map it to a label or remove it")
    return problems


def _named_item(name: Any, kind: str, where: str, seen: set[str], problems: list[str]) -> str:
    """Check the ``name`` of a label or relation object (present, defined once), add it to
    ``seen``, append what is wrong to ``problems``; return how later messages name the item
    (``label 'PERSON'``, or ``where`` as given when it has no name)."""
    if not isinstance(name, str) or not name.strip():
        problems.append(f"{where} has no name; give it a \"name\"")
        return where
    where = f"{kind} {name!r}"
    if name in seen:
        problems.append(f"{where} is defined twice; remove or rename one of them")
    seen.add(name)
    return where


def _unknown_keys(item: Mapping[str, Any], kind: str, where: str) -> list[str]:
    known = _KEYS[kind]
    found = []
    for key in item:
        if key not in known:
            close = difflib.get_close_matches(str(key), known, n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"the keys are {', '.join(known)}"
            found.append(f"{where}: unknown key {key!r}; {hint}")
    return found


def _check_unique(names: Sequence[str], what: str) -> None:
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise SchemaError(f"label schema defines {what} {name!r} twice; remove one of them")
        seen.add(name)


def suggested_label(ner_label: str, ner_map: Mapping[str, str]) -> str | None:
    """The schema label pre-annotation gives a pipeline's entity label ``ner_label``: the
    ``ner_map``'s, else ``ner_label`` itself when it is one of the map's targets (``MISC`` from a
    pipeline ``annotator train`` made), else None (dropped). The rule of
    :func:`annotator.nlp.entities.suggest_entities`."""
    return ner_map.get(ner_label) or (ner_label if ner_label in set(ner_map.values()) else None)


def default_schema_text() -> str:
    """The default label schema's JSON text (``resources/schema.json``, UTF-8), which every new
    project stores. Read from the package's folder when it has one (an installed or editable
    package); through :mod:`importlib.resources` otherwise (a zip). perf27: ``resources.files``
    imports its readers (``zipfile`` among them), ~2 ms of every ``annotator import`` into a new
    project, for a file that is in the folder."""
    import annotator.resources as package
    import os

    for folder in getattr(package, "__path__", ()):
        try:
            with open(os.path.join(folder, "schema.json"), encoding="utf-8") as fh:
                return fh.read()
        except OSError:
            continue
    return resources.files("annotator.resources").joinpath("schema.json").read_text(encoding="utf-8")


def default_schema() -> LabelSchema:
    return LabelSchema.from_text(default_schema_text())
