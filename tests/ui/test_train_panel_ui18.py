"""usertest17 N11, L-e, L-f, L-g: the Train panel's base choice, the window's checkpoints, quitting
while training runs, and the pipeline named after File → Open (branch ui18). Made-up texts."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.nlp import train as T
from annotator.ui import train_dialog
from tests.ui.test_window_support import make_window, no_modals, pump_until, wait_idle  # noqa: F401


def test_the_windows_trainer_checkpoints_between_evaluations(monkeypatch: pytest.MonkeyPatch) -> None:
    """L-f: the window ran train with the command line's checkpoints, one per 200-step evaluation."""
    seen: dict = {}
    monkeypatch.setattr(T, "train", lambda *a, **k: seen.update(k))
    train_dialog.default_trainer("project", Path("out"), base="b", max_steps=300)
    assert seen["checkpoints"] == T.WINDOW_CHECKPOINTS
