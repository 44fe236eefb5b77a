"""Silence the two warnings Qt's platform plugins print each time a window is shown or raised
("This plugin does not support propagateSizeHints()" / "... raise()", from ``QPlatformWindow``'s
defaults, which the offscreen and minimal plugins keep): a ``python -m benchmarks --smoke`` run
printed 29 of them among its progress lines (usertest24p M5). They come through Qt's *default*
logging category, so ``QT_LOGGING_RULES`` could only silence them with every other warning; this
message handler drops exactly those texts and hands everything else to the handler before it (or
prints it to stderr as Qt would)."""

from __future__ import annotations

import sys
from typing import Any

#: the exact texts dropped; any other message, of any kind, is passed on
QUIET = frozenset({"This plugin does not support propagateSizeHints()", "This plugin does not support raise()"})

_installed: list[Any] = []  # [handler, previous]: kept alive (Qt holds no Python reference) and installed once


def install() -> None:
    """Install the handler in this process (once; later calls do nothing). Imports PySide6."""
    if _installed:
        return
    from PySide6.QtCore import qFormatLogMessage, qInstallMessageHandler

    def handler(kind: Any, context: Any, text: str) -> None:
        if text in QUIET:
            return
        previous = _installed[1]
        if previous is not None:
            previous(kind, context, text)
        else:
            sys.stderr.write(qFormatLogMessage(kind, context, text) + "\n")
            sys.stderr.flush()

    _installed[:] = [handler, None]
    _installed[1] = qInstallMessageHandler(handler)
