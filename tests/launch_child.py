"""Runs a stand-in for the window through the launch benchmark's child (benchmarks.scenarios_launch)
in a fresh interpreter, for the tests of what its freeze watch counts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

# Imports every stand-in needs, then the test's window class and its run_app, then the child.
PREAMBLE = r"""
import json, sys, time
import annotator.ui.launch as launch
import annotator.ui.window as window_module
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTextEdit
"""

RUN = r"""
launch.run_app = run_app
window_module.MainWindow = {window}
from benchmarks.scenarios_launch import child
print(json.dumps(child("window", time.time(), "", {watch}, stacks={stacks})))
"""


def run_launch_child(body: str, *, window: str, watch: float, stacks: bool = False) -> dict[str, Any]:
    """Run ``body`` (the stand-in window class ``window`` and a ``run_app(project, *,
    window_type)``) under the launch benchmark's child with a ``watch``-second freeze watch;
    return the child's result (the JSON it prints last). Fails the test with the child's stderr
    when it exits non-zero. ``stacks``: the child samples the UI thread's stack in long gaps
    (``--launch-stacks``)."""
    source = PREAMBLE + body + RUN.format(window=window, watch=watch, stacks=stacks)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", source], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1])
