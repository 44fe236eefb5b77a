"""Where Annotator keeps per-user files (default project, preferences), by platform convention."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def user_data_dir() -> Path:
    """``$ANNOTATOR_HOME`` when set (tests, portable installs), else the platform's data folder."""
    override = os.environ.get("ANNOTATOR_HOME")
    if override:
        return Path(override)
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming")) / "Annotator"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "Annotator"
    return Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / "annotator"


def default_project_path() -> Path:
    return user_data_dir() / "default.db"
