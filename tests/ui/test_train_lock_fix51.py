"""usertest34 M3: the Train panel hits the same output lock as `annotator train`: Start while
another process trains into the panel's folder shows one line beside Start, nothing written.
The panel runs the window's own trainer (the real train, refused before it reads anything)."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.nlp import train as T
from annotator.ui import train_dialog
from tests.nlp.test_train_lock_fix51 import _holder
from tests.ui.test_train_dialog import _open_dialog, _push, reviewed_window  # noqa: F401
from tests.ui.test_window_support import make_window, no_modals, pump_until  # noqa: F401

pytestmark = pytest.mark.timeout(120)


def test_start_while_another_process_trains_into_the_folder_is_refused_in_the_panel(reviewed_window, no_modals) -> None:  # noqa: ANN001, F811
    calls: list[Path] = []

    def trainer(project, output, **kwargs):  # noqa: ANN001, ANN003, ANN202
        calls.append(Path(output))
        return train_dialog.default_trainer(project, output, **kwargs)

    dialog = _open_dialog(reviewed_window, trainer)
    out = Path(dialog.output.text())
    holder = _holder(out, "command line")
    try:
        _push(dialog.start_button)
        pump_until(lambda: calls and not dialog.is_running() and dialog.refusal.isVisible() and dialog.summary_ready, 30)
    finally:
        holder.stdin.close()  # type: ignore[union-attr]
        holder.wait(10)
    text = dialog.refusal.text()
    assert text.startswith("Not trained: ") and "another training run is writing it" in text, text
    assert f"another process: `annotator train`, PID {holder.pid}" in text and "\n" not in text
    assert "--output" not in text  # the panel's words (panel_words)
    assert not out.exists() and not T.work_folder(out).exists()
    assert dialog.start_button.isEnabled() and no_modals == []
