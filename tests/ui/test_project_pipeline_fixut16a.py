"""fixut16a (usertest16 H3): the language pipeline is each project's own choice. Chosen in Edit →
Preferences while project A was open, it was stored per user (``Annotator.ini``), so the next
project opened — B, another analyst's, a new one — was pre-annotated with A's choice (a pipeline
trained on A's data, or rules only) without anyone choosing it there. Now it is stored in the
project file; a project with no choice uses the default; the command line reads the same choice
(``--model`` wins for one run and is not remembered); a chosen pipeline that cannot be loaded is
said once, by name, with what to do, and the fallback shows. Made-up texts."""

from __future__ import annotations

import threading

import pytest
from click.testing import CliRunner
from PySide6.QtWidgets import QApplication, QLabel

from annotator.cli import cli
from annotator.domain.errors import AnnotatorError
from annotator.nlp import pipeline as nlp_pipeline
from annotator.storage.project import Project
from annotator.ui.launch import preannotate_at_launch
from annotator.ui.preferences import PreferencesDialog
from annotator.ui.settings import Settings
from tests.ui.test_window_pipeline import _choose_in_preferences, installed  # noqa: F401
from tests.ui.test_window_support import make_project, make_window, no_modals, pump_until  # noqa: F401

pytestmark = [pytest.mark.timeout(120), pytest.mark.usefixtures("qapp")]


def _launch(window) -> None:  # noqa: ANN001
    assert preannotate_at_launch(window)
    pump_until(lambda: window.worker is None)
    QApplication.processEvents()


def _stored(path) -> str | None:  # noqa: ANN001
    with Project.open(path, create=False, read_only=True) as p:
        return p.get_setting("pipeline")


def test_a_pipeline_chosen_in_one_project_does_not_preannotate_another(make_window, installed, tmp_path,  # noqa: ANN001, F811
                                                                         monkeypatch, app_look_kept) -> None:
    a = make_window(make_project(tmp_path / "a.db", suggest=False), loader=None)
    _choose_in_preferences(monkeypatch, "Rules only")
    a.actions_by_id["preferences"].trigger()
    _launch(a)
    assert installed[-1][0] == "rule-only"

    # B opened afterwards (a new project): the default, not A's choice
    installed.clear()
    b = make_window(make_project(tmp_path / "b.db", suggest=False), loader=None)
    _launch(b)
    assert [name for name, _thread in installed] == [None], installed
    assert b.pipeline_label.text() == "en_core_web_sm 3.8.0"
    assert b.state.pending_count() > 0
    assert _stored(tmp_path / "a.db") == "rule-only"  # in A's own file
    assert _stored(tmp_path / "b.db") in (None, "")

    # the same window switching back to A gets A's own again, B's window keeps the default
    installed.clear()
    assert b.switch_project(tmp_path / "a.db")
    assert b.start_preannotation(b.project.article_ids())
    pump_until(lambda: b.worker is None)
    assert [name for name, _thread in installed] == ["rule-only"], installed


def test_preferences_say_the_choice_is_this_projects_and_name_an_old_global_one_once(make_window, installed, tmp_path) -> None:  # noqa: ANN001, F811
    settings = Settings()
    settings.set_value("nlp/pipeline", "/old/news-pipeline")  # what an earlier version stored for every project
    settings.sync()
    window = make_window(make_project(tmp_path / "p.db", suggest=False), loader=None)
    # said once when a project is opened: not applied, and how to choose it for a project
    assert window.info_bar.isVisibleTo(window) and "/old/news-pipeline" in window.info_bar.text.text()
    assert "p.db uses the default" in window.info_bar.text.text() and window.info_bar.action.text() == "Choose pipeline…"
    window.preannotator.project_shown()  # another project shown: not said again
    window.info_bar.hide()
    window.preannotator.project_shown()
    assert not window.info_bar.isVisibleTo(window)
    dialog = PreferencesDialog(window.settings, window, project=window.project)
    assert dialog.pipeline.currentText() == "en_core_web_sm 3.8.0 (default)"  # not applied to this project
    assert "p.db only" in dialog.pipeline_note.text()
    legacy = dialog.findChild(QLabel, "legacyPipeline")
    assert legacy is not None and legacy.isVisibleTo(dialog) and "/old/news-pipeline" in legacy.text()
    dialog.accept()
    assert Settings().legacy_pipeline_choice() == ""  # named once; the project's choice unchanged
    assert _stored(tmp_path / "p.db") in (None, "")
    assert not PreferencesDialog(window.settings, window, project=window.project).findChild(QLabel, "legacyPipeline").isVisibleTo(window)
    # the launch's run does not use it either
    _launch(window)
    assert [name for name, _thread in installed] == [None]


def test_a_chosen_folder_gone_is_said_once_at_open_and_the_fallback_shows(make_window, installed, tmp_path,  # noqa: ANN001, F811
                                                                          monkeypatch) -> None:
    gone = tmp_path / "news-pipeline"
    fake_load = nlp_pipeline.load_pipeline

    def load(name_or_path=None):  # noqa: ANN001, ANN202
        if name_or_path == str(gone):
            installed.append((name_or_path, threading.current_thread().name))
            raise AnnotatorError(f"no spaCy pipeline {str(gone)!r}: installed pipelines are en_core_web_md, en_core_web_sm")
        return fake_load(name_or_path)

    monkeypatch.setattr(nlp_pipeline, "load_pipeline", load)
    project = make_project(tmp_path / "p.db", suggest=False)
    project.set_setting("pipeline", str(gone))
    window = make_window(project, loader=None)
    line = window.statusBar().currentMessage()  # said when the project was shown
    said: list[str] = [line]
    window.statusBar().messageChanged.connect(said.append)
    assert str(gone) in line and "is not there" in line and "Edit → Preferences" in line, line
    assert window.pipeline_label.text() == "⚠ Default pipeline (fallback)"
    assert str(gone) in window.pipeline_label.toolTip()
    _launch(window)
    assert [name for name, _thread in installed] == [str(gone), None]  # tried, then the default
    assert window.pipeline_label.text() == "⚠ en_core_web_sm 3.8.0 (fallback)"
    warnings = [s for s in said if "could not be loaded" in s or "cannot be loaded" in s]
    assert len(warnings) == 1, said  # one message, not one at open and another when it failed to load
    assert window.statusBar().currentMessage().startswith("⚠ “")  # the run's line says the default was used


def test_the_command_line_reads_the_projects_choice_and_model_is_for_one_run(tmp_path) -> None:  # noqa: ANN001
    chosen, other = tmp_path / "a.db", tmp_path / "b.db"
    for path in (chosen, other):
        make_project(path, suggest=False).close()
    with Project.open(chosen) as p:
        p.set_setting("pipeline", "rule-only")  # what Preferences stores for A
    ran = CliRunner().invoke(cli, ["preannotate", str(other), "--model", "rule-only"])
    assert ran.exit_code == 0, ran.output
    assert "Using the pipeline chosen" not in ran.stderr
    assert _stored(other) in (None, "")  # --model is for that run: not remembered
    ran = CliRunner().invoke(cli, ["preannotate", str(chosen)])
    assert ran.exit_code == 0, ran.output
    assert "Using the pipeline chosen for this project in Edit → Preferences: rule-only" in ran.stderr
    with Project.open(chosen, create=False, read_only=True) as p:
        origins = {o for (o,) in p.db.execute("SELECT origin FROM preannotations")}
    assert origins and all(o.startswith("blank-en ") for o in origins), origins
