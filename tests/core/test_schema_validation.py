"""The label schema is checked as a whole: every problem, one line each, saying what to do."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from annotator.domain.schema import LabelSchema, SchemaError, default_schema, schema_problems
from annotator.storage.project import Project

BASE = default_schema().to_json()


def changed(change) -> dict[str, Any]:  # noqa: ANN001
    data = copy.deepcopy(BASE)
    change(data)
    return data


CASES = {
    "unknown layer": (lambda d: d["labels"][0].update(layer="people"), "label 'PERSON': unknown layer 'people'"),
    "duplicate label": (lambda d: d["labels"].append(dict(d["labels"][0], shortcut="")), "label 'PERSON' is defined twice"),
    "duplicate key": (lambda d: d["labels"][1].update(shortcut="1"), "label 'ORG': shortcut '1' is also the key of label 'PERSON'"),
    "key not bound": (lambda d: d["labels"][4].update(shortcut="a"), "label 'LOC': shortcut 'a' is not a label key; use one of 1-9"),
    "bad colour": (lambda d: d["labels"][0].update(colour="#12345"), "label 'PERSON': colour '#12345' is not a colour"),
    "name with space": (lambda d: d["labels"].append({"name": "A TOPIC", "layer": "claim"}), "label 'A TOPIC': a name cannot hold spaces"),
    "no name": (lambda d: d["labels"].append({"layer": "claim"}), "label 13 has no name"),
    "unknown attribute type": (lambda d: d["attributes"]["note"].update(type="string"), "attribute 'note': unknown type 'string'"),
    "choice without values": (lambda d: d["attributes"]["kind"].update(values=[]), "attribute 'kind': a choice needs \"values\""),
    "undefined attribute": (lambda d: d["labels"][0]["attributes"].append("age"), "label 'PERSON': attribute 'age' is not defined"),
    "relation to unknown label": (lambda d: d["relations"][0]["head"].append("QUOTES"), "relation 'SPEAKER': head label 'QUOTES' is not a label"),
    "duplicate relation": (lambda d: d["relations"].append(dict(d["relations"][0])), "relation 'SPEAKER' is defined twice"),
    "ner map to unknown label": (lambda d: d["ner_map"].update(PRODUCT="THING"), "ner_map: 'PRODUCT' maps to 'THING'"),
    "duplicate polarity": (lambda d: d.update(stance_polarities=["favor", "favor"]), "\"stance_polarities\" lists a polarity twice"),
    "unknown top-level key": (lambda d: d.update(relation=[]), "the schema: unknown key 'relation'; did you mean 'relations'?"),
    "wrong version": (lambda d: d.update(version=2), "version 2 is not one this Annotator reads"),
    "labels not a list": (lambda d: d.update(labels={}), "\"labels\" must be a non-empty list"),
}


def test_the_default_schema_has_no_problems() -> None:
    assert schema_problems(BASE) == []


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_problem_is_found_and_says_what_to_do(case: str) -> None:
    change, expected = CASES[case]
    problems = schema_problems(changed(change))
    assert problems[0].startswith(expected), problems
    assert len(problems) == 1 or case == "labels not a list"  # no labels: the relations' labels are unknown too
    assert all(";" in p or "must be" in p for p in problems)  # a problem always comes with what to do


def test_validated_raises_with_every_problem() -> None:
    import json

    data = changed(lambda d: (d["labels"][0].update(layer="x"), d["labels"][1].update(colour="red")))
    with pytest.raises(SchemaError) as err:
        LabelSchema.validated(json.dumps(data))
    assert len(err.value.problems) == 2


def test_stored_schema_with_a_problem_still_opens(tmp_path) -> None:  # noqa: ANN001
    """Reading a stored schema stays lenient, so a project set before these checks still opens."""
    import json

    text = json.dumps(changed(lambda d: d["labels"][0].update(layer="people")))
    assert LabelSchema.from_text(text).label("PERSON").layer == "people"


def test_project_refuses_to_store_a_bad_schema(tmp_path) -> None:  # noqa: ANN001
    with Project.open(tmp_path / "p.db") as project:
        bad = LabelSchema.from_json(changed(lambda d: d["labels"][0].update(layer="people")))
        with pytest.raises(SchemaError, match="unknown layer 'people'"):
            project.set_schema(bad)
        assert project.schema.label("PERSON").layer == "entity"
        assert project.db.execute("SELECT count(*) FROM changes WHERE kind = 'schema'").fetchone()[0] == 0
