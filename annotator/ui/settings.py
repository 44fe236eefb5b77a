"""Per-user preferences in QSettings: recent projects, analyst name, keyboard shortcuts, notices.
(The language pipeline is each project's own, stored in the project file: fixut16a.)

Stored as an INI file under ``$XDG_CONFIG_HOME`` when that is set (tests point it at a temp
dir), else the platform's config folder.
"""

from __future__ import annotations

import getpass
import os
from pathlib import Path

from PySide6.QtCore import QSettings

MAX_RECENT = 10


def project_key(group: str, project_path: Path | None) -> str:
    """The settings key under ``group`` for the project file at ``project_path``: its resolved
    path hashed (SHA-1, 16 hex digits) so the key holds no slashes; "" hashed for None."""
    import hashlib

    where = str(Path(project_path).resolve()) if project_path is not None else ""
    return f"{group}/{hashlib.sha1(where.encode('utf-8')).hexdigest()[:16]}"


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

    # The pipeline is each project's own choice, stored in the project file
    # (:func:`annotator.nlp.pipeline_use.project_choice`, fixut16a). Versions before stored one
    # choice here (``nlp/pipeline``) and applied it to every project opened afterwards; it is
    # applied to none now, only named once in Preferences so it can be chosen again where wanted.

    def legacy_pipeline_choice(self) -> str:
        """The per-user pipeline choice an earlier version stored, or ''."""
        return str(self._qs.value("nlp/pipeline", "") or "")

    def forget_legacy_pipeline_choice(self) -> None:
        """Drop it (Preferences named it and the analyst pressed OK)."""
        if self._qs.contains("nlp/pipeline"):
            self._qs.remove("nlp/pipeline")
            self._qs.sync()

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
