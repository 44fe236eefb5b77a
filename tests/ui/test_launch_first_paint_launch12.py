"""Issue 12 (launch12): what runs before the window's first paint.

* No heavy library (spaCy, thinc, numpy, pandas, ...) and none of the views a menu opens (curation,
  agreement, charts, targets and tags) is imported by the time the real ``run_app`` paints its
  window: each costs its import, and PySide6's scan of every module imported after it, on the UI
  thread before the analyst sees anything.

The timings are measured by ``python -m benchmarks --only launch``; these tests keep the order.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from annotator.domain.model import Article
from annotator.storage.project import Project
from annotator.ui.launch import AUTO_PREANNOTATE

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("spacy", "thinc", "numpy", "pandas", "matplotlib", "krippendorff", "scipy")
# Opened from a menu only, or needed by a curation step: imported then (ui/menus.py, ui/done_confirm.py, ui/editing.py)
DEFERRED = ("annotator.ui.curation_view", "annotator.ui.agreement_dialog", "annotator.ui.charts_dialog",
            "annotator.ui.schema_dialog", "annotator.domain.curation", "annotator.report.figures",
            "annotator.agreement.measures", "annotator.domain.curation_flags")
# launch13: sqlite-utils (click, pluggy, dateutil: ~100 ms of CPU) waits for its table API's first use;
# opening a project, its first reads and the pre-annotation store are plain sqlite3
LAZY_LIBRARIES = ("sqlite_utils", "click", "pluggy")

CHILD = """
import json, sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
import annotator.ui.launch as launch
from annotator.ui.window import MainWindow

HEAVY, DEFERRED = {heavy!r}, {deferred!r} + {lazy!r}
seen = {{}}
app = launch.make_app()

class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and isinstance(obj, QMainWindow) and "paint" not in seen:
            seen["paint"] = time.perf_counter()
            seen["heavy"] = sorted(m for m in HEAVY if m in sys.modules)
            seen["deferred"] = sorted(m for m in DEFERRED if m in sys.modules)
        return False

watch = FirstPaint()
app.installEventFilter(watch)

def started(window):  # stands in for the real start: no pipeline process in this test
    seen["start"] = time.perf_counter()
    QTimer.singleShot(0, window.close)
    return False

launch.preannotate_at_launch = started
QTimer.singleShot(20000, app.quit)  # never hangs the test
launch.run_app({project!r}, window_type=MainWindow)
print("FIRST_PAINT " + json.dumps(seen))
"""


def _run_child(project: Path, home: Path) -> dict:
    code = CHILD.format(heavy=HEAVY, deferred=DEFERRED, lazy=LAZY_LIBRARIES, project=str(project))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ANNOTATOR_HOME": str(home), "XDG_CONFIG_HOME": str(home / "config")}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    lines = [line for line in out.stdout.splitlines() if line.startswith("FIRST_PAINT ")]
    assert out.returncode == 0 and lines, out.stderr[-3000:]
    return json.loads(lines[-1].removeprefix("FIRST_PAINT "))


def test_the_window_paints_before_any_heavy_import(tmp_path: Path) -> None:
    path = tmp_path / "waiting.db"
    with Project.open(path) as project:
        for n in range(3):
            project.add_article(Article(None, f"Heading {n}\nThe council met on day {n} and agreed on nothing new."))
        project.set_setting(AUTO_PREANNOTATE, "1")  # articles never pre-annotated: the launch starts a run
    seen = _run_child(path, tmp_path / "home")
    assert "paint" in seen, "the window was never painted"
    assert seen["heavy"] == [], f"imported before the first paint: {seen['heavy']}"
    assert seen["deferred"] == [], f"imported before the first paint: {seen['deferred']}"
    assert "start" in seen, "the launch's pre-annotation never started"
    # launch13: its worker's start held the GIL while the first frame was painted
    assert seen["start"] > seen["paint"], "the launch's pre-annotation started before the first paint"

