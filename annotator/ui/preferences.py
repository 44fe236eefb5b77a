"""Preferences: the analyst's name (recorded on every decision), the language pipeline the open
project's suggestions come from (that project's own choice, stored in its file: fixut16a), the
theme, and a key for every action."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QKeySequenceEdit,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.errors import AnnotatorError
from annotator.nlp.pipeline import RULE_ONLY  # importing the module does not import spaCy
from annotator.nlp.pipeline_use import PROJECT_PIPELINE_SETTING, project_choice, set_project_choice
from annotator.storage.project import Project
from annotator.ui import file_dialogs
from annotator.ui.actions import ACTIONS, keys_for
from annotator.ui.settings import Settings

OTHER_FOLDER = "\x00other-folder"  # the combo item that asks for a pipeline folder


def describe_pipeline_choice(choice: str) -> str:
    """A stored pipeline choice as the analyst reads it."""
    if not choice:
        return "the default pipeline"
    if choice == RULE_ONLY:
        return "Rules only"
    return choice


def trained_beside(project_folder: Path | None) -> list[Any]:
    """The ``annotator train`` outputs in ``project_folder`` (:func:`annotator.nlp.train_summary.trained_pipelines`)."""
    if project_folder is None:
        return []
    from annotator.nlp.train_summary import trained_pipelines

    return trained_pipelines(project_folder)


def installed_pipelines() -> tuple[list[Any], str | None]:
    """(installed pipelines, the default's name), from package metadata: spaCy is not imported."""
    from annotator.nlp import pipeline  # looked up at call time, so tests can stand in for it

    return pipeline.available_pipelines(), pipeline.default_pipeline_name()


class PreferencesDialog(QDialog):
    def __init__(
        self,
        settings: Settings,
        parent: QWidget | None = None,
        *,
        titles: dict[str, str] | None = None,
        pipelines: Sequence[Any] | None = None,
        default_pipeline: str | None = None,
        project_folder: Path | None = None,
        file_analyst: str = "",
        file_name: str = "",
        project: Project | None = None,
    ) -> None:
        """``pipelines`` (``PipelineInfo``-like: name, version) and ``default_pipeline`` default
        to what is installed; ``project_folder``: where to look for trained pipelines (folders
        holding ``annotator-training.json``, listed with their date and held-out F1);
        ``file_analyst``: the analyst the open file records every decision as (its ``analyst``
        setting: an assigned file, fix11g), said under the name, since the name typed here is
        not used in that file (``file_name``: the file, for the sentence); ``project``: the open
        project, whose own pipeline choice the pipeline box shows and OK stores (fixut16a: it was
        one per-user choice applied to every project opened later); without one (or read-only)
        the box is shown disabled."""
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.resize(720, 620)
        self._settings = settings
        overrides = settings.shortcut_overrides()
        self.name = QLineEdit(settings.analyst() or settings.default_analyst(), self)
        self.name.setPlaceholderText("Your name, as recorded on each decision")
        self.theme = QComboBox(self)
        for value, text in (("light", "Light"), ("dark", "Dark"), ("system", "System")):
            self.theme.addItem(text, value)
        i = self.theme.findData(str(settings.value("view/theme", "light")))
        self.theme.setCurrentIndex(max(i, 0))
        if pipelines is None:
            pipelines, default_pipeline = installed_pipelines()
        self.pipeline = QComboBox(self)
        self.pipeline.setToolTip("The spaCy pipeline that suggests entities and quotes. A change applies from the next "
                                 "pre-annotation; suggestions record the pipeline that made them.")
        self._project = project
        if project_folder is None and project is not None and project.path is not None:
            project_folder = project.path.resolve().parent
        self._project_folder = project_folder.resolve() if project_folder is not None else None
        self._stored_choice = project_choice(project) if project is not None else ""
        self._stored_raw = (project.get_setting(PROJECT_PIPELINE_SETTING) or "") if project is not None else ""
        self._fill_pipelines(pipelines, default_pipeline, self._stored_choice, trained_beside(self._project_folder))
        self.pipeline.activated.connect(self._on_pipeline_activated)
        self.pipeline_note = QLabel(self)
        self.pipeline_note.setWordWrap(True)
        self.pipeline_note.setObjectName("dim")
        self.pipeline_note.setText(self._pipeline_note_text())
        if project is None or project.read_only:
            self.pipeline.setEnabled(False)
        self.legacy_note = QLabel(self)  # fixut16a: the per-user choice of earlier versions, named once
        self.legacy_note.setObjectName("legacyPipeline")
        self.legacy_note.setWordWrap(True)
        self._legacy = settings.legacy_pipeline_choice()
        if self._legacy:
            self.legacy_note.setText(
                f"Earlier versions used one pipeline for every project: {describe_pipeline_choice(self._legacy)}. It no "
                "longer applies to any project; choose it above for each project that should use it.")
        self.legacy_note.setVisible(bool(self._legacy))
        form = QFormLayout()
        form.addRow("Analyst &name", self.name)
        # fix11j: in an assigned file the decisions are its analyst's whatever the name above says
        self.file_analyst = QLabel(self)
        self.file_analyst.setObjectName("fileAnalyst")
        self.file_analyst.setWordWrap(True)
        if file_analyst:
            which = f"This file ({file_name})" if file_name else "This file"
            self.file_analyst.setText(f"{which} records decisions as “{file_analyst}” (assigned file): the name above "
                                      "is used in other project files, not in this one.")
            form.addRow("", self.file_analyst)
        else:
            self.file_analyst.hide()
        label = QLabel("Language &pipeline\n(this project)", self)
        label.setBuddy(self.pipeline)
        form.addRow(label, self.pipeline)
        form.addRow("", self.pipeline_note)
        if self._legacy:
            form.addRow("", self.legacy_note)
        form.addRow("&Theme", self.theme)
        # perf31: the exports' tokens of articles never pre-annotated, made while the window idles
        from annotator.ui.background_tokens import TOOLTIP as TOKENS_TIP, enabled as tokens_enabled

        self.prepare_tokens = QCheckBox("Prepare tokens for exports while &idle", self)
        self.prepare_tokens.setObjectName("prepareTokens")
        self.prepare_tokens.setChecked(tokens_enabled(settings))
        self.prepare_tokens.setToolTip(TOKENS_TIP)
        form.addRow("", self.prepare_tokens)

        self.table = QTableWidget(len(ACTIONS), 3, self)
        self.table.setHorizontalHeaderLabels(["Action", "Key", "Also"])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.editors: dict[str, tuple[QKeySequenceEdit, tuple[str, ...]]] = {}
        for row, spec in enumerate(ACTIONS):
            keys = keys_for(spec, overrides)
            item = QTableWidgetItem((titles or {}).get(spec.id, spec.plain_text))
            item.setToolTip(spec.help)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.table.setItem(row, 0, item)
            edit = QKeySequenceEdit(QKeySequence(keys[0]) if keys else QKeySequence(), self.table)
            edit.setMaximumSequenceLength(1)
            self.table.setCellWidget(row, 1, edit)
            also = QTableWidgetItem(", ".join(keys[1:]))
            also.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.table.setItem(row, 2, also)
            self.editors[spec.id] = (edit, keys[1:])
        reset = QPushButton("Reset keys to defaults", self)
        reset.clicked.connect(self.reset_keys)
        self.conflicts = QLabel(self)
        self.conflicts.setStyleSheet("color: #c0392b")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("Keyboard shortcuts (click a key, then press the new one):", self))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.conflicts)
        layout.addWidget(reset, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(buttons)

    # ----------------------------------------------------------------- language pipeline

    def _fill_pipelines(self, pipelines: Sequence[Any], default: str | None, current: str, trained: Sequence[Any] = ()) -> None:
        """Installed pipelines (the default one stands for '': it follows what is installed),
        Rules only, the pipelines trained beside the project (newest first), the stored folder or
        name when it is none of these, and Other folder…"""
        combo = self.pipeline
        for info in pipelines:
            text = f"{info.name} {info.version}".strip()
            if info.name == default:
                combo.addItem(f"{text} (default)", "")
            else:
                combo.addItem(text, info.name)
        if default is None:
            combo.addItem("Rules only (default: no trained pipeline is installed)", "")
        else:
            combo.addItem("Rules only (quotes from rules, no entities)", RULE_ONLY)
        # this project's own first, each saying which project it was trained on (usertest16 M3)
        project_path = self._project.path if self._project is not None and getattr(self._project, "path", None) else None
        if project_path is not None:
            from annotator.nlp.train_summary import own_first

            trained = own_first(trained, project_path)
        schema = getattr(self._project, "schema", None)
        used: set[str] = set()
        if schema is not None and trained:
            from annotator.nlp.pipeline_labels import used_labels

            used = used_labels(self._project.db)  # the labels "this project uses" (one query)
        for output in trained:
            text = output.describe(project_path) if project_path is not None else output.describe()
            mark = ""
            if schema is not None and output.labels:
                from annotator.nlp.pipeline_labels import label_fit, short_note

                # usertest24 M5: a pipeline on CoNLL's four labels was offered for GPE/NORP projects unmarked
                mark = short_note(label_fit(output.labels, schema, used))
            combo.addItem(f"{text} · {mark}" if mark else text, str(output.path))
            labels = ", ".join(output.labels) or ("CONTENT, SOURCE, CUE (attributions)"
                                                   if getattr(output, "attribution_after", None) is not None else "?")
            source = getattr(output, "project", None)
            combo.setItemData(combo.count() - 1, f"{output.path}\nTrained on: {source or 'unknown project'}\n"
                              f"Labels: {labels}; F1 on the held-out articles before → after training",
                              Qt.ItemDataRole.ToolTipRole)
        if current and combo.findData(current) < 0 and Path(current).expanduser().is_dir():
            resolved = str(Path(current).expanduser().resolve())  # the same folder, written another way
            if combo.findData(resolved) >= 0:
                current = resolved
        if current and combo.findData(current) < 0:
            if current == RULE_ONLY:  # nothing installed: the default is already rules only
                current = ""
            elif Path(current).expanduser().is_absolute():
                combo.addItem(f"Folder: {current}", current)
            else:
                combo.addItem(f"{current} (not installed)", current)
        combo.addItem("Other folder…", OTHER_FOLDER)
        combo.setCurrentIndex(max(combo.findData(current), 0))
        self._pipeline_index = combo.currentIndex()

    def _on_pipeline_activated(self, index: int) -> None:
        combo = self.pipeline
        if combo.itemData(index) != OTHER_FOLDER:
            self._pipeline_index = index
            return
        combo.setCurrentIndex(self._pipeline_index)  # until a folder is chosen
        folder = file_dialogs.get_existing_directory(self, "Choose a spaCy pipeline folder", str(Path.home()), remember="pipeline")
        if not folder:
            return
        path = Path(folder)
        if path.is_dir():
            path = path.resolve()  # a symbolic link is the folder it names: listed once (issue 10)
        if not (path / "config.cfg").is_file():
            self.pipeline_note.setText(
                f"{path} is not a spaCy pipeline folder: it has no config.cfg. Choose the folder that holds "
                "config.cfg and meta.json (in an installed package, the folder named after it and its version)."
            )
            self.pipeline_note.setStyleSheet("color: #c0392b")
            return
        at = combo.findData(str(path))
        if at < 0:
            at = combo.count() - 1  # before Other folder…
            combo.insertItem(at, f"Folder: {path}", str(path))
        combo.setCurrentIndex(at)
        self._pipeline_index = at
        self.pipeline_note.setStyleSheet("")
        self.pipeline_note.setText(self._pipeline_note_text())

    def _pipeline_note_text(self) -> str:
        project = self._project
        if project is None:
            return "The pipeline is chosen for each project: open a project to choose its pipeline."
        if project.read_only:
            return f"{project.path.name} is read-only: its pipeline cannot be changed here."
        return (f"For {project.path.name} only (stored in the project file): other projects keep their own choice, and "
                "a new project uses the default. Used for its pre-annotation from the next run.")

    def chosen_pipeline(self) -> str:
        """What to store: '' (default), an installed name, a folder, or 'rule-only'."""
        data = self.pipeline.currentData()
        return "" if data in (None, OTHER_FOLDER) else str(data)

    # ----------------------------------------------------------------- keys

    def reset_keys(self) -> None:
        for spec in ACTIONS:
            edit, _ = self.editors[spec.id]
            edit.setKeySequence(QKeySequence(spec.keys[0]) if spec.keys else QKeySequence())
            self.editors[spec.id] = (edit, spec.keys[1:])

    def chosen_keys(self) -> dict[str, tuple[str, ...]]:
        out = {}
        for spec in ACTIONS:
            edit, also = self.editors[spec.id]
            main = edit.keySequence().toString(QKeySequence.SequenceFormat.PortableText)
            out[spec.id] = tuple(k for k in (main, *also) if k)
        return out

    def accept(self) -> None:
        keys = self.chosen_keys()
        seen: dict[str, str] = {}
        clashes = []
        for action_id, sequences in keys.items():
            for seq in sequences:
                if seq in seen:
                    clashes.append(f"{seq} is used by both '{_text(seen[seq])}' and '{_text(action_id)}'")
                seen[seq] = action_id
        if clashes:
            self.conflicts.setText("; ".join(clashes) + ". Give one of them another key.")
            return
        overrides = {spec.id: keys[spec.id] for spec in ACTIONS if keys[spec.id] != spec.keys}
        self._settings.set_shortcut_overrides(overrides)
        self._settings.set_analyst(self.name.text().strip() or self._settings.default_analyst())
        self._settings.set_value("view/theme", self.theme.currentData())
        from annotator.ui.background_tokens import PREFERENCE_KEY

        self._settings.set_value(PREFERENCE_KEY, self.prepare_tokens.isChecked())  # a running preparation stops at the next tick
        project = self._project
        if project is not None and not project.read_only and self.chosen_pipeline() != self._stored_raw:  # also an old relative one
            try:
                set_project_choice(project, self.chosen_pipeline())
            except (AnnotatorError, sqlite3.Error) as exc:
                self.conflicts.setText(f"The language pipeline was not saved in {project.path.name}: {exc}")
                return
        if self._legacy:
            self._settings.forget_legacy_pipeline_choice()  # named here once; applied to no project
        super().accept()


def _text(action_id: str) -> str:
    return next(s.plain_text for s in ACTIONS if s.id == action_id)
