"""Process helpers shared by the tests of leftovers (files named after a PID)."""

from __future__ import annotations

import subprocess
import sys


def dead_pid() -> int:
    """The PID of a process that has ended (and been reaped): a leftover named after it is a dead run's."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid
