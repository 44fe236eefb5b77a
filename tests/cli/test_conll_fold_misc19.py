"""usertest18 L4: a CoNLL project imported before CoNLL imports set the OntoNotes→CoNLL fold
(fe78e09) kept the old ner_map: `annotator train` scored LOC/MISC "before" 0.00 and said only
that the base's GPE/NORP suggestions "are left out", with no word of what to do. Now
`annotator schema P --ner-map conll` sets the fold, and train (before the run and under the
table) and the Train dialog's summary name that command. Made-up sentences."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.domain.schema import default_schema
from annotator.formats.conll_import import ONTONOTES_TO_CONLL
from annotator.nlp import train as T
from annotator.nlp.train_summary import training_summary
from annotator.storage.project import Project

pytestmark = pytest.mark.timeout(60)

CONLL = """-DOCSTART- -X- -X- O

Mara NNP B-NP B-PER
Olsen NNP I-NP I-PER
praised VBD B-VP O
the DT B-NP O
Zembran JJ I-NP B-MISC
harvest NN I-NP O
of IN B-PP O
Kestrel NNP B-NP B-ORG
near IN B-PP O
Oslo NNP B-NP B-LOC
. . O O

-DOCSTART- -X- -X- O

Tove NNP B-NP B-PER
left VBD B-VP O
Bergen NNP B-NP B-LOC
for IN B-PP O
the DT B-NP O
Vandor JJ I-NP B-MISC
fair NN I-NP O
of IN B-PP O
Halvard NNP B-NP B-ORG
. . O O
"""

#: the map of a CoNLL project imported before fe78e09: the default, MISC to itself (fixut19c)
OLD_MAP = {**default_schema().ner_map, "MISC": "MISC"}


def _old_conll_project(tmp_path: Path) -> Path:
    """A project as a CoNLL import made it before the fold: its ner_map put back to the old one."""
    source = tmp_path / "gold.conll"
    source.write_text(CONLL, encoding="utf-8")
    path = tmp_path / "c1.db"
    assert CliRunner().invoke(cli, ["import", str(path), str(source)]).exit_code == 0
    with Project.open(path, create=False) as proj:
        proj.set_schema(dataclasses.replace(proj.schema, ner_map=OLD_MAP))
    return path


def test_schema_ner_map_conll_sets_the_fold_and_logs_the_schema_before(tmp_path: Path) -> None:
    path = _old_conll_project(tmp_path)
    ran = CliRunner().invoke(cli, ["schema", str(path), "--ner-map", "conll"])
    assert ran.exit_code == 0, ran.output
    assert ran.stdout == ("The ner_map of c1.db now folds spaCy's labels into CoNLL-2003's four (GPE, FAC → LOC; NORP, "
                          "EVENT, WORK_OF_ART, PRODUCT, LANGUAGE, LAW → MISC). Pre-annotation and train's \"before\" read "
                          "spaCy's labels through it; suggestions stored before keep their labels.\n")
    with Project.open(path, create=False) as proj:
        assert dict(proj.schema.ner_map) == dict(ONTONOTES_TO_CONLL)
        logged = proj.db.execute("SELECT before FROM changes WHERE kind = 'schema' ORDER BY rowid DESC LIMIT 1").fetchone()
        assert json.loads(logged[0])["ner_map"] == OLD_MAP  # the change log keeps the map before
    again = CliRunner().invoke(cli, ["schema", str(path), "--ner-map", "conll"])
    assert again.exit_code == 0 and "already folds" in again.stdout and "nothing changed" in again.stdout
    back = CliRunner().invoke(cli, ["schema", str(path), "--ner-map", "default"])
    assert back.exit_code == 0 and "is the default schema's again" in back.stdout
    with Project.open(path, create=False) as proj:
        assert dict(proj.schema.ner_map) == dict(default_schema().ner_map)


def test_schema_ner_map_conll_refuses_a_schema_without_conlls_labels(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with Project.open(path) as proj:
        # the default schema less MISC (its relations name MISC as a child: kept to the others)
        data = proj.schema.to_json()
        data["labels"] = [lab for lab in data["labels"] if lab["name"] != "MISC"]
        data["ner_map"] = {k: v for k, v in data["ner_map"].items() if v != "MISC"}
        for rel in data["relations"]:
            for key, value in rel.items():
                if isinstance(value, list) and "MISC" in value:
                    rel[key] = [v for v in value if v != "MISC"]
        proj.set_schema(type(proj.schema).validated(json.dumps(data)))
    ran = CliRunner().invoke(cli, ["schema", str(path), "--ner-map", "conll"])
    assert ran.exit_code == 1
    assert ran.stderr == ("Error: the CoNLL fold maps into PERSON, ORG, LOC and MISC, and s.db's schema has no entity label "
                          "MISC: add it first (annotator schema s.db > schema.json; edit; annotator schema s.db --set "
                          "schema.json)\n")
    both = CliRunner().invoke(cli, ["schema", str(path), "--ner-map", "conll", "--set", str(path)])
    assert both.exit_code == 1 and "give --set or --ner-map, not both" in both.stderr


def test_train_and_the_dialogs_summary_name_the_command_before_training(tmp_path: Path) -> None:
    path = _old_conll_project(tmp_path)
    line = ("The entities are CoNLL-2003's four types, but the project's ner_map keeps spaCy's GPE, NORP, EVENT, LAW "
            "apart, so pre-annotation suggests those labels and the entity \"before\" does not count them as LOC or MISC: "
            "annotator schema c1.db --ner-map conll folds GPE into LOC and NORP, EVENT, LAW into MISC, as CoNLL-2003 "
            "does (then pre-annotate and train again).")
    with Project.open(path, create=False) as proj:
        assert line in training_summary(proj).warnings()
    said: list[str] = []

    def stop(*_a, **_k):  # the run itself is not what is tested: stop once the notes are said
        raise SystemExit(0)
    with Project.open(path, create=False) as proj, pytest.MonkeyPatch.context() as mp:
        mp.setattr(T, "_train_ner", stop)
        mp.setattr(T, "make_config", lambda *_a, **_k: None)
        with pytest.raises(SystemExit):
            T.train(proj, tmp_path / "out", base="blank:en", in_use=[], on_message=said.append, attribution=False)
    assert line in said
    assert CliRunner().invoke(cli, ["schema", str(path), "--ner-map", "conll"]).exit_code == 0
    with Project.open(path, create=False) as proj:  # folded: nothing more to say
        assert not [w for w in training_summary(proj).warnings() if "ner_map" in w]


def test_the_before_line_under_the_table_names_the_command() -> None:
    base = ["CARDINAL", "FAC", "GPE", "LOC", "NORP", "ORG", "PERSON", "EVENT"]
    result = T.TrainResult(Path("out"), ["LOC", "MISC", "ORG", "PERSON"], 8, 2, 10, 1.0, 0, {}, {}, [], [],
                           before_map=T.base_label_map(base, OLD_MAP), project_name="c1.db")
    assert result.before_note().endswith(
        "its EVENT, GPE, NORP suggestions (labels not trained here) are left out (annotator schema c1.db --ner-map "
        "conll folds GPE into LOC and NORP, EVENT into MISC, as CoNLL-2003 does; then train again).")
    # a news project training three of the four keeps GPE apart on purpose: nothing proposed
    news = T.TrainResult(Path("out"), ["LOC", "ORG", "PERSON"], 8, 2, 10, 1.0, 0, {}, {}, [], [],
                         before_map=T.base_label_map(base, OLD_MAP), project_name="n.db")
    assert "--ner-map" not in news.before_note() and "are left out." in news.before_note()


def test_a_schema_file_naming_a_key_twice_is_refused(tmp_path: Path) -> None:
    """usertest18 L5's rule for the one JSON a person writes by hand: {"GPE": "LOC", "GPE": "GPE"}
    kept the last value without a word."""
    path = tmp_path / "p.db"
    Project.open(path).close()
    text = CliRunner().invoke(cli, ["schema", str(path)]).stdout
    doubled = text.replace('"GPE": "GPE"', '"GPE": "LOC", "GPE": "GPE"', 1)
    assert doubled != text
    new = tmp_path / "schema.json"
    new.write_text(doubled, encoding="utf-8")
    ran = CliRunner().invoke(cli, ["schema", str(path), "--set", str(new)])
    assert ran.exit_code == 1
    assert ran.stderr == (f"Error: {new}: the key 'GPE' is given twice in one object (only the last would be read); "
                          "keep one\n")
    with Project.open(path, create=False) as proj:
        assert proj.schema.ner_map["GPE"] == "GPE" and not [c for c in proj.history() if c["kind"] == "schema"]
