"""PySide6 6.12.0 on Python 3.11 drops a reference to None on every void-method call and aborts
the process ("none_dealloc") after a few thousand calls. Guard against that build coming back."""

from __future__ import annotations

import subprocess
import sys

import PySide6


def test_void_method_calls_do_not_leak_none() -> None:
    code = (
        "import sys\n"
        "from PySide6.QtGui import QTextDocument, QTextCursor\n"
        "doc = QTextDocument('x' * 100)\n"
        "cursor = QTextCursor(doc)\n"
        "before = sys.getrefcount(None)\n"
        "for i in range(20000):\n"
        "    cursor.setPosition(i % 100)\n"
        "after = sys.getrefcount(None)\n"
        "assert after >= before - 100, (before, after)\n"
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and "ok" in result.stdout, (PySide6.__version__, result.stderr[-2000:])


def test_pyside_version_is_pinned_below_6_12() -> None:
    major, minor = (int(x) for x in PySide6.__version__.split(".")[:2])
    assert (major, minor) < (6, 12), PySide6.__version__
