"""usertest17 N6: a project made by a CoNLL import kept the default ner_map, which sends only
WORK_OF_ART/PRODUCT/LANGUAGE to MISC, so a pipeline trained on its MISC entities never suggested
MISC. Now an import that creates the project maps the labels it brought to themselves
("MISC": "MISC") and says so; into an existing project it says what to add and leaves the schema.
A one-rule pipeline (an entity ruler labelling one word MISC) stands in for a trained one."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.domain.schema import default_schema, suggested_label
from annotator.storage.project import Project

pytestmark = pytest.mark.timeout(60)

CONLL = """-DOCSTART- -X- -X- O

Mara NNP B-NP B-PER
Olsen NNP I-NP I-PER
praised NN I-NP O
the DT B-NP O
Zembran JJ I-NP B-MISC
harvest NN I-NP O
near IN B-PP O
Oslo NNP B-NP B-LOC
. . O O
"""


def _conll(tmp_path: Path) -> Path:
    path = tmp_path / "gold.conll"
    path.write_text(CONLL, encoding="utf-8")
    return path


def _ruler_pipeline(folder: Path, labels: dict[str, str]) -> Path:
    """A stand-in pipeline written to ``folder``: an entity ruler labelling each word of
    ``labels`` (word → label)."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler").add_patterns([{"label": label, "pattern": word} for word, label in labels.items()])
    nlp.to_disk(folder)
    return folder


def _misc_pipeline(tmp_path: Path) -> Path:
    return _ruler_pipeline(tmp_path / "misc-pipe", {"Zembran": "MISC"})


def _suggested(path: Path) -> list[str]:
    with Project.open(path, create=False) as proj:
        return [r[0] for r in proj.db.execute("SELECT label FROM spans WHERE status = 'suggested' AND layer = 'entity'")]


def test_a_project_made_by_a_conll_import_maps_misc_to_itself_and_preannotate_suggests_it(tmp_path: Path) -> None:
    path = tmp_path / "c1.db"
    ran = CliRunner().invoke(cli, ["import", str(path), str(_conll(tmp_path))])
    assert ran.exit_code == 0, ran.output
    assert ("the project's ner_map now folds spaCy's labels into CoNLL-2003's four (GPE, FAC → LOC; NORP, EVENT, "
            "WORK_OF_ART, PRODUCT, LANGUAGE, LAW → MISC; MISC to itself), so pre-annotation, train's \"before\" and a "
            "pipeline trained on it suggest CoNLL's labels") in ran.stderr
    with Project.open(path, create=False) as proj:
        assert proj.schema.ner_map["MISC"] == "MISC" and proj.schema.ner_map["PRODUCT"] == "MISC"
        assert proj.schema.ner_map["LOC"] == "LOC" and proj.schema.ner_map["GPE"] == "LOC"
        assert proj.schema.ner_map["NORP"] == "MISC" and proj.schema.ner_map["PERSON"] == "PERSON"
    (tmp_path / "new.txt").write_text("Mara Olsen praised the Zembran harvest again .\n", encoding="utf-8")
    assert CliRunner().invoke(cli, ["import", str(path), str(tmp_path / "new.txt")]).exit_code == 0
    done = CliRunner().invoke(cli, ["preannotate", str(path), "--model", str(_misc_pipeline(tmp_path))])
    assert done.exit_code == 0, done.output
    assert _suggested(path) == ["MISC"]


def test_a_conll_import_into_an_existing_project_says_what_to_add(tmp_path: Path) -> None:
    """The default map's MISC target stands for itself (suggested_label): an existing project is
    told only when its own map drops MISC, as this one's (no label maps to MISC) does."""
    path = tmp_path / "e.db"
    with Project.open(path) as proj:
        ner_map = {k: v for k, v in proj.schema.ner_map.items() if v != "MISC"}
        proj.set_schema(dataclasses.replace(proj.schema, ner_map=ner_map))
    default = tmp_path / "d.db"
    Project.open(default).close()
    quiet = CliRunner().invoke(cli, ["import", str(default), str(_conll(tmp_path))])
    assert quiet.exit_code == 0 and "ner_map" not in quiet.output  # MISC is suggested there already
    ran = CliRunner().invoke(cli, ["import", str(path), str(_conll(tmp_path))])
    assert ran.exit_code == 0, ran.output
    assert ("the project's ner_map does not map MISC to itself, so a pipeline trained on it would not suggest it: add "
            '"MISC": "MISC" to "ner_map" (annotator schema e.db > schema.json; edit; annotator schema e.db --set '
            "schema.json)") in ran.stderr
    with Project.open(path, create=False) as proj:
        assert "MISC" not in proj.schema.ner_map  # left as it was: the analyst decides
    (tmp_path / "new.txt").write_text("Mara Olsen praised the Zembran harvest again .\n", encoding="utf-8")
    CliRunner().invoke(cli, ["import", str(path), str(tmp_path / "new.txt")])
    CliRunner().invoke(cli, ["preannotate", str(path), "--model", str(_misc_pipeline(tmp_path))])
    assert _suggested(path) == []  # why the line is said


def _ontonotes_pipeline(tmp_path: Path) -> Path:
    """A stand-in for spaCy's small model: OntoNotes labels a CoNLL project calls LOC and MISC."""
    return _ruler_pipeline(tmp_path / "onto-pipe", {"Oslo": "GPE", "Zembran": "NORP", "Mara": "PERSON"})


def test_preannotation_of_a_conll_project_suggests_conll_labels_for_spacys_gpe_and_norp(tmp_path: Path) -> None:
    """usertest17 L-d: a CoNLL project kept GPE/NORP, so the base's "before" for LOC/MISC was 0.00
    and pre-annotation suggested labels the project's gold never uses."""
    path = tmp_path / "c2.db"
    assert CliRunner().invoke(cli, ["import", str(path), str(_conll(tmp_path))]).exit_code == 0
    (tmp_path / "new.txt").write_text("Mara went to Oslo for the Zembran fair .\n", encoding="utf-8")
    assert CliRunner().invoke(cli, ["import", str(path), str(tmp_path / "new.txt")]).exit_code == 0
    done = CliRunner().invoke(cli, ["preannotate", str(path), "--model", str(_ontonotes_pipeline(tmp_path))])
    assert done.exit_code == 0, done.output
    assert sorted(_suggested(path)) == ["LOC", "MISC", "PERSON"]


def test_a_conll_import_with_labels_beyond_conlls_four_maps_only_those_to_themselves(tmp_path: Path) -> None:
    path = tmp_path / "c3.db"
    (tmp_path / "ev.conll").write_text(CONLL.replace("B-MISC", "B-EVENT"), encoding="utf-8")
    ran = CliRunner().invoke(cli, ["import", str(path), str(tmp_path / "ev.conll")])
    assert ran.exit_code == 0, ran.output
    assert "folds" not in ran.stderr
    with Project.open(path, create=False) as proj:
        assert proj.schema.ner_map["GPE"] == "GPE" and proj.schema.ner_map["EVENT"] == "EVENT"


def test_a_non_conll_import_leaves_the_ner_map(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Nothing but words here .\n", encoding="utf-8")
    path = tmp_path / "t.db"
    ran = CliRunner().invoke(cli, ["import", str(path), str(tmp_path / "a.txt")])
    assert "ner_map" not in ran.output
    with Project.open(path, create=False) as proj:
        assert "MISC" not in proj.schema.ner_map


def test_suggested_label_is_the_rule_preannotation_follows() -> None:
    ner_map = default_schema().ner_map
    assert suggested_label("MISC", ner_map) == "MISC"  # a target stands for itself
    assert suggested_label("FAC", ner_map) == "LOC" and suggested_label("DATE", ner_map) is None
    assert suggested_label("MISC", {"PERSON": "PERSON"}) is None
