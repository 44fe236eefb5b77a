"""Where things are: the per-user files Annotator keeps (default project, preferences), by platform
convention, and the real data outside the repository (:func:`shared_data`)."""

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


SHARED_DATA_ENV = "ANNOTATOR_SHARED_DATA"


def shared_data() -> Path:
    """The real data's folder (the seed article, PolNeAR, CoNLL-2003, FNC-1 bodies), one rule for
    the app, the scorers, the benchmarks and the tests: ``$ANNOTATOR_SHARED_DATA`` (a git worktree,
    CI), else ``../shared/data`` beside the checkout this module is in (absent in an installed
    copy; callers check before reading). The data never enters the repository."""
    return Path(os.environ.get(SHARED_DATA_ENV, Path(__file__).resolve().parents[2] / "shared" / "data"))
