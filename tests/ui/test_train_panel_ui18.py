"""usertest17 N11, L-e, L-f, L-g: the Train panel's base choice, the window's checkpoints, quitting
while training runs, and the pipeline named after File → Open (branch ui18). Made-up texts."""

from __future__ import annotations

from pathlib import Path

import pytest

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from annotator.nlp import train as T
from annotator.ui import train_dialog
from tests.ui.test_train_dialog import FakeTrainer, _open_dialog, _push, reviewed_window  # noqa: F401
from tests.ui.test_window_support import make_window, no_modals, pump_until, wait_idle  # noqa: F401


def test_the_windows_trainer_checkpoints_between_evaluations(monkeypatch: pytest.MonkeyPatch) -> None:
    """L-f: the window ran train with the command line's checkpoints, one per 200-step evaluation."""
    seen: dict = {}
    monkeypatch.setattr(T, "train", lambda *a, **k: seen.update(k))
    train_dialog.default_trainer("project", Path("out"), base="b", max_steps=300)
    assert seen["checkpoints"] == T.WINDOW_CHECKPOINTS



def _running(window, monkeypatch: pytest.MonkeyPatch):  # noqa: ANN001, ANN202
    """The panel open on a run of 100,000 steps (10 ms each) that has made a few."""
    trainer = FakeTrainer()
    trainer.edited.set()  # no edit awaited before the first step
    dialog = _open_dialog(window, trainer)
    dialog.steps.setValue(100_000)
    _push(dialog.start_button)
    pump_until(lambda: dialog.at_step[0] >= 3, 10)
    return dialog


def _answer(monkeypatch: pytest.MonkeyPatch, button, asked: list[str]) -> None:  # noqa: ANN001
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda _p, title, text, *a: (asked.append(text), button)[1]))


def test_ctrl_q_in_the_panel_while_training_asks_and_no_keeps_it_running(reviewed_window, monkeypatch) -> None:  # noqa: ANN001, F811
    """L-g: Ctrl+Q (the panel holding the keys) stopped the run without a word; now it asks, with
    the step reached, and No keeps the window and the run."""
    window = reviewed_window
    dialog = _running(window, monkeypatch)
    asked: list[str] = []
    _answer(monkeypatch, QMessageBox.StandardButton.No, asked)
    dialog.cancel_button.setFocus()  # the keys in the panel
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    QApplication.processEvents()
    assert len(asked) == 1 and "stop it? The checkpoint is kept: Train resumes it" in asked[0], asked
    assert asked[0].startswith("Training is at step ") and " of 100,000 on news.db" in asked[0]
    assert window.isVisible() and dialog.is_running() and dialog.cancel_button.isEnabled()
    _answer(monkeypatch, QMessageBox.StandardButton.Yes, asked)
    window.close()  # the window's ×: the same question; Yes stops the run (its checkpoint kept)
    assert len(asked) == 2 and not window.isVisible()
    pump_until(lambda: not dialog.is_running(), 10)
    assert window.training.trainer.checkpoint  # FakeTrainer saved the step it stopped at
