"""The window step of `annotator --selftest` (:mod:`annotator.selftest`): open a window on a project
through the launcher, run one turn of the event loop, close it. Here because only ``annotator.ui``
imports Qt; the window's type is handed in, as for :func:`annotator.ui.launch.run_app`.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtCore import QElapsedTimer, QTimer, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from annotator.ui.launch import WindowType, make_app, open_window
from annotator.ui.settings import Settings


@dataclasses.dataclass(slots=True)
class WindowCheck:
    """What opening the window showed: ``opened`` (a window came up at all), ``usable_ms`` (from
    opening the project to the first turn of the event loop, the window laid out and painted; None
    when the loop never ran within the limit), ``shown`` (visible then), ``articles`` (in the
    window's project) and the warnings Qt printed meanwhile (kept off the terminal)."""

    opened: bool
    usable_ms: int | None = None
    shown: bool = False
    articles: int = 0
    qt_messages: list[str] = dataclasses.field(default_factory=list)


def open_and_close(project: Path, *, window_type: WindowType, timeout_ms: int) -> WindowCheck:
    """Open ``window_type`` on ``project`` with the preferences of ``Settings()``, let the event loop
    turn once (at most ``timeout_ms``), close the window and the project. Needs a Qt platform that
    works here (the self-test sets ``QT_QPA_PLATFORM=offscreen``)."""
    messages: list[str] = []
    previous_handler = qInstallMessageHandler(lambda _kind, _where, text: messages.append(text))
    try:
        app = QApplication.instance() or make_app(["annotator"])
        started = QElapsedTimer()
        started.start()
        window = open_window(project, Settings(), window_type=window_type)
        if window is None:
            return WindowCheck(False, qt_messages=messages)
        check = WindowCheck(True, qt_messages=messages)

        def usable() -> None:
            check.usable_ms = started.elapsed()
            check.shown = window.isVisible()  # type: ignore[attr-defined]
            app.exit(0)  # not quit(): Qt 6's quit() closes the windows first

        guard = QTimer()
        guard.setSingleShot(True)
        guard.timeout.connect(lambda: app.exit(1))
        try:
            QTimer.singleShot(0, usable)
            guard.start(timeout_ms)
            app.exec()
            check.articles = window.project.count_articles()
        finally:
            guard.stop()
            window.close()  # type: ignore[attr-defined]
            app.processEvents()
            window.shutdown()
        return check
    finally:
        qInstallMessageHandler(previous_handler)
