"""Launch scenario of ``python -m benchmarks``: ``annotator open`` on an N-article project that
still has pre-annotation to do, measured in a child process that runs the real
:func:`annotator.ui.launch.run_app` (whatever launch code is on the path):

* painted: from the child's spawn (Python start-up included) to the window's first paint;
* taking keys: to the moment a key posted right after that first paint reaches the window;
* UI freeze: the longest gap between ticks of a 10 ms timer on the UI thread, from the first paint
  for ``--launch-seconds`` (the pipeline loads and pre-annotation starts meanwhile) **or until the
  window's open-time backup has finished, whichever is later** (launch17: at 50,000 articles the
  backup's copy and check run 6-24 s, past the 5 s), up to the closing of the window (closing is
  not launching; the bare window quits without one); gaps over 30 ms are listed in the child's
  result with when they came and whether the backup was running;
* window RSS: the window process's largest resident memory while pre-annotation runs (a
  pipeline run in another process is not the window's).

* UI-thread CPU to taking keys: the CPU time the UI thread spent from its start to that key (the
  part of the launch that does not depend on the machine's load: a shared machine stretches the
  wall-clock measures by the other processes' share of the cores, not this one).

The freeze row's note gives each run's longest gap: when it came (seconds after the first paint)
and whether the backup was running (perf23: the JSON kept only the medians, so a quiet run's miss
could not be traced afterwards). ``--launch-stacks`` adds where the UI thread was: a sampler
thread reads its Python stack every 2 ms while a gap over 30 ms lasts, and the note names the
innermost frames seen most in the longest gap (opt-in: the sampler takes the GIL 500 times a
second during a gap, which is not what an analyst's launch pays).

Baseline: the same child showing a bare ``QMainWindow`` with a ``QTextEdit`` (Qt's own launch),
watched as long (its longest freeze is the freeze row's baseline: what the machine's load alone costs).
Targets: painted and taking keys ≤ 1.0 s, no freeze over 50 ms, RSS ≤ 300 MB.

The children run from compiled bytecode, as an installed Annotator does (pip compiles it at
install): ``PYTHONDONTWRITEBYTECODE`` is dropped for them and their bytecode kept in a cache of
the work folder (``PYTHONPYCACHEPREFIX``), written by one warm-up launch of each kind that is not
counted. Under ``PYTHONDONTWRITEBYTECODE`` a checkout recompiles every module at each launch
(0.6 s more on the loaded 2-core machine of issue 12; not what an analyst waits for).
"""

from __future__ import annotations

import json
import sys
import time
from typing import TYPE_CHECKING

from benchmarks.harness import Row, at_most, from_samples, run_child, settle_writes  # the standard library only

if TYPE_CHECKING:
    # launch13: imported at run time it made every measured child (the bare baseline too) import
    # benchmarks.corpus, and with it the annotator package (then sqlite-utils), before Qt
    from benchmarks.corpus import Workdir

TICK_MS = 10
BACKUP_WATCH_S = 120.0  # launch17: the watch goes on until the open-time backup ends, at most this long
LATE_S = 0.030  # gaps longer than this are listed with the time they came
SAMPLE_S = 0.002  # --launch-stacks: how often the sampler looks at the UI thread during a gap


def _settled() -> float:
    """``time.time()`` after :func:`~benchmarks.harness.settle_writes`: the launch's clock starts
    at the time passed to the child, so the sync must come before it, not inside ``run_child``."""
    settle_writes()
    return time.time()


def rows(work: Workdir, size: int, repeat: int, seconds: float, *, stacks: bool = False) -> list[Row]:
    project = work.project(size)
    env = bytecode_env(work)
    run_child("scenarios_launch", "child", "bare", f"{_settled():.6f}", "", "0", env=env, settle=False)  # warm-up, not counted
    # launch13: the bare window is watched as long as the real one, so that the freeze row has a
    # baseline: on a loaded machine a UI thread that does nothing still waits for a core
    bare = [run_child("scenarios_launch", "child", "bare", f"{_settled():.6f}", "", str(seconds), env=env, settle=False)
            for _ in range(repeat)]
    runs = []
    for warm_up in [True] + [False] * repeat:
        copy = work.scratch_copy(project)  # pre-annotation writes to it
        _ask_for_preannotation(copy)
        result = run_child("scenarios_launch", "child", "window", f"{_settled():.6f}", str(copy), str(0.5 if warm_up else seconds),
                           *(["stacks"] if stacks else []), env=env, settle=False)
        if not warm_up:
            runs.append(result)
        for leftover in copy.parent.glob(copy.name + "*"):
            leftover.unlink()
    at = f"@ {size:,} articles"
    out = [
        from_samples("launch", f"window painted {at}", [r["painted"] for r in runs], baseline=[b["painted"] for b in bare],
                     baseline_name="bare QMainWindow", targets=at_most(1000, "ms")),
        from_samples("launch", f"taking keys {at}", [r["keys"] for r in runs], baseline=[b["keys"] for b in bare],
                     baseline_name="bare QMainWindow", targets=at_most(1000, "ms")),
        from_samples("launch", f"UI-thread CPU to taking keys {at}", [r["cpu_keys"] for r in runs],
                     baseline=[b["cpu_keys"] for b in bare], baseline_name="bare QMainWindow",
                     note="CPU time, not wall: what the launch costs whatever the load (no target of its own)"),
        from_samples("launch", f"longest UI freeze, first {seconds:g} s and the backup {at}", [r["freeze"] for r in runs],
                     baseline=[b["freeze"] for b in bare], baseline_name="bare QMainWindow", targets=at_most(50, "ms"),
                     note=f"pre-annotation running in {sum(int(r['busy']) for r in runs)} of {len(runs)} runs; {gap_note(runs)}"),
        from_samples("launch", f"window RSS, pre-annotation running {at}", [r["rss_mb"] for r in runs], unit="MB", scale=1.0,
                     targets=at_most(300, "MB"), note="largest VmRSS of the window process"),
    ]
    return out


def gap_note(runs: list[dict]) -> str:
    """Each run's longest UI-thread gap as the freeze row's note says it (perf23), e.g.
    ``"longest gap of each run: 66 ms at 2.3 s, backup running (in annotator/ui/x.py:12 f);
    31 ms at 0.1 s; 12 ms"``: milliseconds, seconds after the first paint, whether the open-time
    backup ran, and with ``--launch-stacks`` the frames the sampler saw most in it. A run whose
    longest gap was under ``LATE_S`` gives its length only (no time was kept for it)."""
    parts = []
    for run in runs:
        late = run.get("late") or []
        if not late:
            parts.append(f"{run['freeze'] * 1000:.0f} ms")
            continue
        at, gap_ms, backup = max(late, key=lambda item: item[1])
        where = (run.get("stacks") or {}).get(f"{at:.3f}", "")
        parts.append(f"{gap_ms:.0f} ms at {at:.1f} s{', backup running' if backup else ''}{f' (in {where})' if where else ''}")
    return "longest gap of each run: " + "; ".join(parts)


def _frame_name(frame) -> str:  # noqa: ANN001 - a frame object
    path = frame.f_code.co_filename.replace("\\", "/")
    short = path[path.rindex("annotator/"):] if "annotator/" in path else path.rsplit("/", 1)[-1]
    return f"{short}:{frame.f_lineno} {frame.f_code.co_name}"


def _sample_gaps(ticks: list[float], open_gap: dict[str, object], main: int, stop: list[bool]) -> None:
    """--launch-stacks: while the last tick is older than ``LATE_S``, read the UI thread's
    Python stack every ``SAMPLE_S`` and count its innermost three frames under the gap's start."""
    import collections

    while not stop[0]:
        time.sleep(SAMPLE_S)
        if not ticks or time.perf_counter() - ticks[-1] <= LATE_S:
            continue
        frame = sys._current_frames().get(main)  # noqa: SLF001 - the sampler's whole point
        names = []
        while frame is not None and len(names) < 3:
            names.append(_frame_name(frame))
            frame = frame.f_back
        counts = open_gap.setdefault(f"{ticks[-1]:.6f}", collections.Counter())
        counts[" <- ".join(names)] += 1  # type: ignore[index]


def bytecode_env(work: Workdir) -> dict[str, str]:
    """The launched children's environment: bytecode written to and read from a cache in the work
    folder, as an installed Annotator reads its compiled modules (see the module docstring)."""
    # Python ignores an empty PYTHONDONTWRITEBYTECODE (run_child adds these to this process's environment)
    return {"PYTHONDONTWRITEBYTECODE": "", "PYTHONPYCACHEPREFIX": str(work.path / "pycache")}


def _ask_for_preannotation(path) -> None:
    """Make the project one that pre-annotates its new articles when opened (the window then starts
    it at launch, as for an analyst's freshly imported project)."""
    from annotator.storage.project import Project
    from annotator.ui.launch import AUTO_PREANNOTATE

    with Project.open(path, create=False) as project:
        project.set_setting(AUTO_PREANNOTATE, "1")


def child(mode: str, spawned: float, project: str, seconds: float, stacks: bool = False) -> dict[str, float]:
    from PySide6.QtCore import QEvent, QObject, Qt, QTimer
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication, QMainWindow, QTextEdit

    from benchmarks.harness import rss_mb

    marks: dict[str, float] = {}
    ticks: list[float] = []
    rss: list[float] = []
    busy = [0.0]
    states: list[bool] = []  # per tick: the open-time backup was running

    def windows() -> list[QMainWindow]:
        return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMainWindow)]

    def after_paint() -> None:
        target = windows()[0]
        QApplication.postEvent(target, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_F35, Qt.KeyboardModifier.NoModifier))
        QTimer.singleShot(int(seconds * 1000), close_after_backup)

    def backup_running() -> bool:
        """Whether the window's open-time backup has not finished yet (launch17: the watch covers
        its whole run; it used to end at ``seconds`` while a 50,000-article backup still ran)."""
        found = windows()
        guard = getattr(found[0], "file_guard", None) if found else None
        if guard is None:
            return False
        return bool(guard.busy() or (getattr(guard, "runs", 1) == 0 and not found[0].session.project.read_only))

    def close_after_backup() -> None:
        if mode != "bare" and backup_running() and time.perf_counter() - ticks[0] < BACKUP_WATCH_S:
            QTimer.singleShot(100, close_after_backup)
            return
        close()

    def close() -> None:
        # launch14: the watch ends where the closing begins. A tick that came after closeEvent
        # counted its file work (the window's places, its lease) as a launch freeze: behind the
        # open-time backup's writeback of a 640 MB copy it took 0.3-1.7 s on the loaded machine
        # (p95 1,034 ms at 50,000 articles), and the bare window, which quits without closing, had
        # no such gap
        marks["closing"] = time.time() - spawned
        marks["cpu_closing"] = time.thread_time()
        for w in windows():
            w.close()

    class Watch(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
            kind = event.type()
            if kind == QEvent.Type.Paint and "painted" not in marks and isinstance(obj, QMainWindow):
                marks["painted"] = time.time() - spawned
                QTimer.singleShot(0, after_paint)
            elif kind == QEvent.Type.KeyPress and "keys" not in marks and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_F35:
                marks["keys"] = time.time() - spawned
                marks["cpu_keys"] = time.thread_time()  # this (the UI) thread's CPU since the process started
                return True
            return False

    def tick() -> None:
        if "painted" in marks and "closing" not in marks:
            ticks.append(time.perf_counter())
            found = windows()
            if mode != "bare":
                running = backup_running()
                states.append(running)
                if running and "backup_seen" not in marks:
                    marks["backup_seen"] = ticks[-1] - ticks[0]
                if not running and "backup_seen" in marks and "backup_done" not in marks:
                    marks["backup_done"] = ticks[-1] - ticks[0]
            if found and getattr(found[0], "is_busy", lambda: False)():
                busy[0] = 1.0
                if len(ticks) % 10 == 0:
                    rss.append(rss_mb())

    if mode == "bare":
        app = QApplication.instance() or QApplication(sys.argv[:1])
    else:
        from annotator.ui.launch import make_app

        app = make_app()
    watch = Watch()
    app.installEventFilter(watch)
    heartbeat = QTimer()
    heartbeat.setInterval(TICK_MS)
    heartbeat.timeout.connect(tick)
    heartbeat.start()
    sampled: dict[str, object] = {}  # --launch-stacks: gap start (perf_counter, as text) → Counter of stacks
    stop_sampler = [False]
    if stacks:
        import threading

        threading.Thread(target=_sample_gaps, args=(ticks, sampled, threading.get_ident(), stop_sampler), daemon=True).start()
    if mode == "bare":
        window = QMainWindow()
        window.setCentralWidget(QTextEdit())
        window.resize(1440, 900)
        window.show()
        QTimer.singleShot(int(seconds * 1000) + 200, app.quit)
        app.exec()
    else:
        from annotator.ui.launch import run_app
        from annotator.ui.window import MainWindow

        run_app(project, window_type=MainWindow)
    stop_sampler[0] = True
    gaps = [b - a for a, b in zip(ticks, ticks[1:])]
    first = [g for a, g in zip(ticks, gaps) if a - ticks[0] < seconds]
    # launch17: where the long gaps fall (seconds after the first paint) and whether the backup ran
    late = [(round(a - ticks[0], 3), round(g * 1000, 1), bool(states[i + 1]) if i + 1 < len(states) else False)
            for i, (a, g) in enumerate(zip(ticks, gaps)) if g > LATE_S]
    return {"painted": marks.get("painted", float("nan")), "keys": marks.get("keys", float("nan")),
            "cpu_keys": marks.get("cpu_keys", float("nan")),
            "freeze": max(gaps, default=0.0), "freeze_first": max(first, default=0.0),
            "watched": (ticks[-1] - ticks[0]) if ticks else 0.0,
            "backup_from": marks.get("backup_seen", float("nan")), "backup_to": marks.get("backup_done", float("nan")),
            "late": late,
            # --launch-stacks: each late gap's most seen stack, keyed by its time as "late" gives it
            "stacks": {f"{round(a - ticks[0], 3):.3f}": sampled[f"{a:.6f}"].most_common(1)[0][0]  # type: ignore[attr-defined]
                       for a, g in zip(ticks, gaps) if g > LATE_S and f"{a:.6f}" in sampled},
            # launch17: the UI thread's CPU over the watch, which the machine's load hardly changes
            "cpu_watch": marks.get("cpu_closing", float("nan")) - marks.get("cpu_keys", float("nan")),
            "rss_mb": max(rss, default=rss_mb()), "busy": busy[0]}


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "child":
        import os
        import shutil
        import tempfile

        # The window's settings and its open-time backup go to a folder of this run, removed at
        # the end: the backup of a 50,000-article project is 640 MB, and each launch left one.
        home = tempfile.mkdtemp(prefix="annotator-bench-launch-")
        os.environ["ANNOTATOR_HOME"] = home
        os.environ["XDG_CONFIG_HOME"] = os.path.join(home, "config")
        try:
            _, _, mode, spawned, project, seconds, *extra = sys.argv
            print(json.dumps(child(mode, float(spawned), project, float(seconds), stacks="stacks" in extra)))
        finally:
            shutil.rmtree(home, ignore_errors=True)
