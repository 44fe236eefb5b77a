"""usertest24 M5: a pipeline ``annotator train`` made on another label set (CoNLL's LOC/MISC/ORG/
PERSON) was used by ``preannotate --model`` on a default-schema project (GPE, NORP, …) without a
word, and offered in Preferences unmarked. Now preannotate prints one warning line naming the
project labels it cannot suggest and its labels the project does not know (and still runs, exit
0), or refuses when no trained label is one of the project's; Preferences marks it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.domain.model import Article, ArticleBundle
from annotator.domain.schema import default_schema
from annotator.nlp import train as T
from annotator.nlp.pipeline_labels import label_fit, short_note, trained_labels, warning_line
from annotator.storage.project import Project

CONLL = ["LOC", "MISC", "ORG", "PERSON"]


def test_conll_labels_on_the_default_schema_cannot_suggest_gpe_norp_event_law() -> None:
    fit = label_fit(CONLL, default_schema())
    assert fit.cannot == ("GPE", "NORP", "EVENT", "LAW") and fit.unknown == () and not fit.drops_everything
    assert short_note(fit).startswith("labels LOC, MISC, ORG, PERSON — this project uses PERSON, ORG, GPE, NORP, LOC, EVENT")
    assert "4 of the project's labels it cannot suggest (GPE, NORP, EVENT, LAW)" in short_note(fit)
    line = warning_line(fit, "/p/e1")
    assert line.startswith("Warning: /p/e1 was trained on the entity labels LOC, MISC, ORG, PERSON; it cannot suggest 4")
    assert "\n" not in line


def test_the_project_own_labels_fit_and_unknown_ones_are_named() -> None:
    schema = default_schema()
    assert label_fit(["EVENT", "GPE", "LAW", "LOC", "MISC", "NORP", "ORG", "PERSON"], schema).fits
    fit = label_fit(["PER", "ORG", *[lab for lab in ("GPE", "NORP", "LOC", "EVENT", "LAW", "MISC")]], schema)
    assert fit.unknown == ("PER",) and fit.cannot == ("PERSON",)
    assert "its PER is no label of this project (left out)" in warning_line(fit, "x")
    assert label_fit(["PER", "ORGANISATION"], schema).drops_everything


@pytest.fixture(scope="module")
def conll_pipeline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny (untrained) spaCy pipeline folder with train's marker naming CoNLL's labels."""
    import spacy

    nlp = spacy.blank("en")
    ner = nlp.add_pipe("ner")
    for label in CONLL:
        ner.add_label(label)
    nlp.initialize()
    folder = tmp_path_factory.mktemp("pipes") / "e1"
    nlp.to_disk(folder)
    (folder / T.MARKER).write_text(json.dumps({"labels": CONLL, "project": "/elsewhere/ent.db"}), encoding="utf-8")
    return folder


def _project(tmp_path: Path) -> Path:
    path = tmp_path / "news.db"
    with Project.open(path) as proj:
        proj.import_bundles([ArticleBundle(Article(None, '"Fares will rise," Lena Brask said in Oslo.', title="one"))])
    return path


def test_preannotate_with_a_conll_pipeline_warns_once_and_runs(tmp_path: Path, conll_pipeline: Path) -> None:
    assert trained_labels(conll_pipeline) == tuple(CONLL)
    result = CliRunner().invoke(cli, ["preannotate", str(_project(tmp_path)), "--model", str(conll_pipeline)])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if "was trained on the entity labels" in line]
    assert len(warnings) == 1 and "it cannot suggest 4 of this project's entity labels (GPE, NORP, EVENT, LAW)" in warnings[0]


def test_preannotate_refuses_a_pipeline_none_of_whose_labels_the_project_has(tmp_path: Path, conll_pipeline: Path) -> None:
    folder = tmp_path / "foreign"
    import shutil

    shutil.copytree(conll_pipeline, folder)
    (folder / T.MARKER).write_text(json.dumps({"labels": ["PER", "ORGANISATION"]}), encoding="utf-8")
    project = _project(tmp_path)
    result = CliRunner().invoke(cli, ["preannotate", str(project), "--model", str(folder)])
    assert result.exit_code == 1
    assert "none of which this project has" in result.output and "Traceback" not in result.output
    with Project.open(project, create=False, read_only=True) as proj:
        assert proj.db.execute("SELECT COUNT(*) FROM spans").fetchone()[0] == 0  # nothing written


def test_only_the_labels_the_project_uses_count_when_it_has_entities() -> None:
    fit = label_fit(CONLL, default_schema(), {"PERSON", "ORG", "LOC"})
    assert fit.fits and fit.project == ("PERSON", "ORG", "LOC")
    assert label_fit(CONLL, default_schema(), {"PERSON", "GPE"}).cannot == ("GPE",)
