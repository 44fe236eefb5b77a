"""Launch on big projects (issue 12, launch12b): what must not run on the UI thread, and what must
not make it wait. The timings themselves are measured by ``python -m benchmarks --only launch``."""

from __future__ import annotations

import threading
import time

from annotator.storage import backup as backups
from tests.ui.test_window_support import make_window, no_modals, pump_until  # noqa: F401 - fixtures


def test_closing_the_window_does_not_wait_for_the_backup_in_progress(make_window, monkeypatch) -> None:  # noqa: ANN001
    """On a 50,000-article project the open-time backup copies 640 MB and checks the copy: the
    window used to freeze for seconds when closed meanwhile (the benchmark's 6.8 s "freeze").
    Closing returns at once; ``shutdown`` (after the window is gone) lets the backup finish."""
    release = threading.Event()
    started = threading.Event()
    real_snapshot = backups.snapshot

    def slow_snapshot(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        started.set()
        release.wait(20)
        return real_snapshot(*args, **kwargs)

    monkeypatch.setattr(backups, "snapshot", slow_snapshot)
    window = make_window()
    assert started.wait(10) and window.file_guard.busy()
    began = time.perf_counter()
    window.close()
    took = time.perf_counter() - began
    assert window.file_guard.busy(), "close() waited for the backup"
    assert took < 1.0, f"closing took {took:.2f} s"
    assert not window.file_guard.timer.isActive()  # no further backups are started
    release.set()
    window.shutdown()  # waits for the backup, then closes the file
    assert not window.file_guard.busy()
    pump_until(lambda: window.file_guard.runs >= 1)
    assert isinstance(window.file_guard.last_result, (backups.Backup, type(None)))
