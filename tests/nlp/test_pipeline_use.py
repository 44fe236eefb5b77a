"""Issue 10 items 1 and 3: `annotator train` refuses the pipeline in use the way the window does
(one Qt-free rule, annotator/nlp/pipeline_use.py): the Preferences pipeline (fixut16a: the
project's own, stored in the project file), a folder holding it, a symbolic link to it, an old
relative choice, and the pipeline that pre-annotated the project."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.domain.errors import InputError
from annotator.domain.model import Article, ArticleBundle, ArticleStatus, Span
from annotator.domain.suggestions import SuggestionSet
from annotator.nlp import pipeline_use as U
from annotator.nlp.train import MARKER
from annotator.storage.project import Project


def _write_preference(project: Path, choice: str) -> None:
    """What Edit → Preferences stores while ``project`` is open: the choice as given, in the
    project file (not normalised: an old relative one stays relative)."""
    with Project.open(project, create=False) as proj:
        proj.set_setting(U.PROJECT_PIPELINE_SETTING, choice)


def _earlier_output(folder: Path, *, version: str = "2026.12.01.100000") -> Path:
    """A folder as `annotator train` leaves it (the marker and a meta.json), without spaCy."""
    folder.mkdir(parents=True)
    (folder / MARKER).write_text("{}", encoding="utf-8")
    (folder / "meta.json").write_text(json.dumps({"lang": "en", "name": "annotator_trained", "version": version}), encoding="utf-8")
    (folder / "weights").write_text("the pipeline in use", encoding="utf-8")
    return folder


@pytest.fixture
def reviewed(tmp_path: Path) -> Path:
    path = tmp_path / "proj" / "win.db"
    path.parent.mkdir()
    with Project.open(path) as proj:
        proj.import_bundles([ArticleBundle(Article(None, f"Yesterday Ana Ruiz met the board, meeting {i}.", status=ArticleStatus.DONE),
                                           spans=[Span(f"s{i}", 0, 10, 18, "PERSON", "entity")]) for i in range(4)])
    return path


def _refused(result, folder: Path, why: str) -> None:  # noqa: ANN001
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert "pipeline in use" in result.stderr and why in result.stderr and "--force" in result.stderr
    assert (folder / "weights").read_text(encoding="utf-8") == "the pipeline in use"  # nothing written
    assert not (folder.parent / (folder.name + ".training")).exists()


def test_cli_refuses_the_preferences_pipeline_a_folder_holding_it_and_a_link(reviewed: Path, tmp_path: Path) -> None:
    used = _earlier_output(tmp_path / "ut10" / "win-pipeline")
    _write_preference(reviewed, str(used))
    runner = CliRunner()
    # the user test's command: the folder the window picked
    _refused(runner.invoke(cli, ["train", str(reviewed), "--output", str(used), "--max-steps", "1"]), used,
             "chosen for this project in Preferences")
    # the folder holding it: refused even with --force, which deleted it with the folder
    for force in ([], ["--force"]):
        result = runner.invoke(cli, ["train", str(reviewed), "--output", str(used.parent), "--max-steps", "1", *force])
        assert result.exit_code == 1 and "Traceback" not in result.output
        assert "holds the pipeline in use" in result.stderr and "chosen for this project in Preferences" in result.stderr
        assert "--force" not in result.stderr and result.stderr.strip().count("\n") == 0
        assert (used / "weights").read_text(encoding="utf-8") == "the pipeline in use"  # nothing written
    # a symbolic link to it
    link = tmp_path / "link-to-it"
    link.symlink_to(used, target_is_directory=True)
    _refused(runner.invoke(cli, ["train", str(reviewed), "--output", str(link), "--max-steps", "1"]), used,
             "chosen for this project in Preferences")
    # the preference itself stored through a link
    _write_preference(reviewed, str(link))
    _refused(runner.invoke(cli, ["train", str(reviewed), "--output", str(used), "--max-steps", "1"]), used,
             "chosen for this project in Preferences")


def test_an_old_relative_preference_is_read_relative_to_the_project_folder(reviewed: Path, tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    used = _earlier_output(reviewed.parent / "win-pipeline")
    _write_preference(reviewed, "win-pipeline")  # what the Train dialog stored before issue 10
    monkeypatch.chdir(tmp_path)  # another folder: "win-pipeline" is not there
    result = CliRunner().invoke(cli, ["train", str(reviewed), "--output", str(used), "--max-steps", "1"])
    _refused(result, used, "chosen for this project in Preferences")
    assert U.choice_folder("win-pipeline", reviewed.parent) == used.resolve()
    assert U.choice_folder("en_core_web_sm", reviewed.parent) is None  # an installed name stays a name
    assert U.normalise_choice("win-pipeline", reviewed.parent) == str(used.resolve())
    assert U.normalise_choice("rule-only") == "rule-only" and U.normalise_choice("") == ""


def test_cli_refuses_the_pipeline_that_pre_annotated_the_project(reviewed: Path, tmp_path: Path) -> None:
    used = _earlier_output(tmp_path / "model-a", version="2026.12.01.120000")
    other = _earlier_output(tmp_path / "model-b", version="2026.12.01.130000")
    with Project.open(reviewed) as proj:
        proj.add_suggestions(proj.article_ids()[0], SuggestionSet("en_annotator_trained 2026.12.01.120000 + annotator-quotes 9"))
    assert U.project_origins(Project.open(reviewed, create=False, read_only=True)) == {"en_annotator_trained 2026.12.01.120000"}
    _refused(CliRunner().invoke(cli, ["train", str(reviewed), "--output", str(used), "--max-steps", "1"]), used,
             "pre-annotated this project")
    with pytest.raises(InputError, match="pre-annotated this project"):
        U.check_not_in_use(tmp_path, [], origins={"en_annotator_trained 2026.12.01.120000"})  # holds it
    U.check_not_in_use(other, [], origins={"en_annotator_trained 2026.12.01.120000"})  # another run: free


def test_the_check_relates_paths_resolved(tmp_path: Path) -> None:
    used = tmp_path / "a" / "pipe"
    used.mkdir(parents=True)
    in_use = [U.InUse(used.resolve(), "the pipeline chosen in Preferences")]
    for refused in (used, used.parent, used / "inner", tmp_path / "a" / ".." / "a" / "pipe"):
        with pytest.raises(InputError, match="chosen in Preferences"):
            U.check_not_in_use(refused, in_use)
    U.check_not_in_use(tmp_path / "a" / "pipe2", in_use)
    U.check_not_in_use(tmp_path / "b", in_use)
    # the project's choice, any folder: installed ones given explicitly here
    assert [u.path for u in U.pipelines_in_use(preference=str(used), installed=[])] == [used.resolve()]
    assert U.pipelines_in_use(preference="", installed=[]) == []
    assert U.pipelines_in_use(installed=[]) == []  # no choice given: none (the settings file is not read, fixut16a)
