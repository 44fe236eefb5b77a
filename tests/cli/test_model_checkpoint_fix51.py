"""usertest34 L1: `--model DIR.training/model-last` (a cancelled run's checkpoint) was used as a
pipeline named "en_pipeline 0.0.0", with no word that it was unfinished. It is refused: one line
naming it, the run to finish and the folder to pass after; nothing pre-annotated. Made-up texts."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.domain.errors import AnnotatorError
from annotator.domain.model import Article
from annotator.nlp import pipeline as P
from annotator.nlp import train as T
from annotator.storage.project import Project

pytestmark = pytest.mark.timeout(120)


def _checkpoint(tmp_path: Path, project: Path) -> Path:
    """DIR.training as a cancelled run leaves it: owner.json and a loadable model-last."""
    import spacy

    work = T.work_folder(tmp_path / "tr-pipeline")
    work.mkdir()
    spacy.blank("en").to_disk(work / T.MODEL_LAST)
    (work / T.OWNER).write_text(json.dumps({"project": str(project.resolve())}), encoding="utf-8")
    return work


def _project(tmp_path: Path) -> Path:
    path = tmp_path / "q.db"
    with Project.open(path) as proj:
        proj.add_article(Article(None, 'Invented line. "The pier stays closed," said Runa Vik of the harbour office.'))
    return path


@pytest.mark.parametrize("inside", ["model-last", "", "model-last/vocab"])
def test_preannotate_refuses_an_unfinished_checkpoint_with_one_line(tmp_path: Path, inside: str) -> None:
    db = _project(tmp_path)
    work = _checkpoint(tmp_path, db)
    model = work / inside if inside else work
    P.clear_cache()
    ran = CliRunner().invoke(cli, ["preannotate", str(db), "--model", str(model)])
    assert ran.exit_code == 1, ran.output
    lines = ran.output.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in ran.output, ran.output
    assert "is an unfinished training checkpoint" in lines[0] and str(model) in lines[0]
    assert f"`annotator train {db.resolve()} --output {tmp_path / 'tr-pipeline'}` (it resumes)" in lines[0]
    assert f"pass --model {tmp_path / 'tr-pipeline'} after it finishes" in lines[0]
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        assert conn.execute("SELECT count(*) FROM preannotations").fetchone()[0] == 0


def test_a_pipeline_folder_named_like_one_but_not_a_run_loads(tmp_path: Path) -> None:
    """Only a folder with a run's owner.json is a checkpoint: a pipeline a user keeps in
    "x.training/" of their own loads as before."""
    import spacy

    folder = tmp_path / "mine.training" / "pipe"
    folder.parent.mkdir()
    spacy.blank("en").to_disk(folder)
    assert P.unfinished_checkpoint(folder) == ""
    P.clear_cache()
    assert P.load_pipeline(folder).name == "en_pipeline"
    work = _checkpoint(tmp_path, tmp_path / "q.db")
    P.clear_cache()
    with pytest.raises(AnnotatorError, match="is an unfinished training checkpoint"):
        P.load_pipeline(work / T.MODEL_LAST)
