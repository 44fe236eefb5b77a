"""perf31: the window prepares the exports' tokens while it idles; how long it takes, what it costs
the UI thread, and what it buys the first CoNLL export. Not part of ``python -m benchmarks``.

    python benchmarks/window_tokens_perf31.py run --bodies 10000 [--rounds 2]

One project of ``--bodies`` FNC-1 bodies imported from CSV (``benchmarks.corpus``, as the import
benchmark builds it; ``auto_preannotate`` 0: never pre-annotated, no stored tokens). Per round, a
child process (offscreen) opens the window on a fresh copy, the Preferences switch on or off
(alternating which goes first), and runs the event loop until every article has tokens (on) or
for as long (off). A 5 ms QTimer on the UI thread measures its stalls: the longest gap between two
ticks, minus 5 ms, and how many gaps exceed 50 ms. Then ``annotator export --format conll
--status all`` (a CLI process) is timed on the copy the window prepared, on a copy never
prepared (the first export as before) and again on the prepared one (a repeat export). Every 3 s
the window labels a word of its open article (``apply_label``) and the edit's commit is timed
(``edit_ms``), on and off: the run pauses 2 s after each (IDLE_SECONDS) and goes on. Prints one
JSON object.
"""

from __future__ import annotations

import json
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve()
if sys.path and Path(sys.path[0]).resolve() == HERE.parent:
    sys.path.pop(0)  # run as a file: benchmarks/ is no package root (its window.py, launch.py …)
TREE = HERE.parents[1]
TICK_MS = 5
#: an edit every this many seconds (the run pauses for IDLE_SECONDS, 2 s, after each, then goes on)
EDIT_EVERY_S = 3.0


def _env(home: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(TREE), "QT_QPA_PLATFORM": "offscreen", "ANNOTATOR_HOME": str(home),
            "XDG_CONFIG_HOME": str(home / "config")}


def _copy(source: Path, target: Path) -> Path:
    for old in target.parent.glob(target.name + "*"):
        old.unlink()
    a, b = sqlite3.connect(source), sqlite3.connect(target)
    a.backup(b)
    a.close()
    b.close()
    return target


def _count(path: Path, sql: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute(sql).fetchone()[0])
    finally:
        conn.close()


def child(project_path: str, switch: str, seconds: str) -> dict[str, object]:
    """In a child: the window on the project, the switch ``on``/``off``; UI-thread stalls until
    every article has tokens (on) or for ``seconds`` (off)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from annotator.formats.token_prep import count_missing
    from annotator.storage.project import Project
    from annotator.ui.background_tokens import PREFERENCE_KEY
    from annotator.ui.settings import Settings
    from annotator.ui.window import MainWindow

    app = QApplication.instance() or QApplication([])
    settings = Settings()
    settings.set_analyst("bench")
    settings.set_value(PREFERENCE_KEY, switch == "on")
    gaps: list[float] = []
    last = [0.0]

    def beat() -> None:
        now = time.perf_counter()
        if last[0]:
            gaps.append(now - last[0])
        last[0] = now

    opened = time.perf_counter()
    window = MainWindow(Project.open(Path(project_path)), settings=settings, loader=None, suggester=None)
    window.show()
    shown = time.perf_counter()
    timer = QTimer(interval=TICK_MS)
    timer.timeout.connect(beat)
    timer.start()
    prep = window.background_tokens
    started = None
    ended = None
    limit = time.perf_counter() + (float(seconds) if switch == "off" else 900.0)
    edits: list[float] = []  # seconds of each edit's commit (apply_label on the open article)
    next_edit = time.perf_counter() + EDIT_EVERY_S
    words = iter(_words(window.state.text) if window.state is not None else [])
    while time.perf_counter() < limit:
        app.processEvents()
        time.sleep(0.001)
        if time.perf_counter() >= next_edit:
            next_edit = time.perf_counter() + EDIT_EVERY_S
            place = next(words, None)
            if place is not None:
                window.view.set_selection(*place)
                began = time.perf_counter()
                window.apply_label("CLAIM")
                edits.append(time.perf_counter() - began)
        if started is None and prep.is_running():
            started = time.perf_counter()
        if started is not None and not prep.is_running():
            ended = time.perf_counter()
            break
    timer.stop()
    window.close()
    left = window.shutdown(15)
    conn = sqlite3.connect(project_path)
    missing = count_missing(conn)
    conn.close()
    stalls = [max(0.0, g - TICK_MS / 1000) * 1000 for g in gaps]
    return {"switch": switch, "open_to_shown_s": shown - opened,
            "open_to_all_stored_s": (ended - opened) if ended else None,
            "run_s": (ended - started) if ended and started else None,
            "missing_after": missing, "threads_left": len(left),
            "stall_max_ms": max(stalls) if stalls else None, "stalls_over_50ms": sum(s > 50 for s in stalls),
            "stalls_over_16ms": sum(s > 16 for s in stalls), "ticks": len(gaps),
            "window_s": (ended or time.perf_counter()) - shown,
            "edit_ms": sorted(round(e * 1000, 1) for e in edits)}


def _words(text: str) -> list[tuple[int, int]]:
    """Offsets of the article's words of 4+ letters, one every few words (each labelled once)."""
    import re

    return [m.span() for m in re.finditer(r"[A-Za-z]{4,}", text)][::5]


def _export(home: Path, project: Path, out: Path) -> dict[str, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", "from annotator.cli_entry import main; main()", "export", str(project),
                           "--format", "conll", "--status", "all", "--output", str(out)],
                          env=_env(home), cwd=str(home), capture_output=True, text=True, timeout=1800)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(done.stderr[-2000:])
    return {"wall": wall, "cpu": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), "load": os.getloadavg()[0]}


def _window(home: Path, path: Path, switch: str, seconds: float) -> dict[str, object]:
    load = os.getloadavg()[0]
    done = subprocess.run([sys.executable, str(HERE), "child", str(path), switch, str(seconds)], env=_env(home),
                          capture_output=True, text=True, timeout=1800)
    if done.returncode != 0:
        raise SystemExit(done.stderr[-3000:])
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["load"] = load
    return result


def run(bodies: int, rounds: int) -> dict[str, object]:
    sys.path.insert(0, str(TREE))
    from benchmarks.corpus import fnc_rows, import_file, write_csv

    work = Path(tempfile.mkdtemp(prefix="perf31-"))
    home = work / "home"
    home.mkdir()
    base = work / "base.db"
    import_file(base, write_csv(work / "bodies.csv", fnc_rows(bodies)))
    from annotator.storage.project import Project

    with Project.open(base, create=False) as project:
        project.set_setting("auto_preannotate", "0")  # never pre-annotated, as imported gold
    out: dict[str, object] = {"bodies": bodies, "articles": _count(base, "SELECT count(*) FROM articles"),
                              "token_rows_before": _count(base, "SELECT count(*) FROM article_tokens"),
                              "load_before": os.getloadavg(), "rounds": []}
    for n in range(rounds):
        row: dict[str, object] = {}
        on = _window(home, _copy(base, work / "on.db"), "on", 0)
        print(json.dumps({"round": n, "on": on}), file=sys.stderr, flush=True)
        off = _window(home, _copy(base, work / "off.db"), "off", float(on.get("window_s") or 15))
        print(json.dumps({"round": n, "off": off}), file=sys.stderr, flush=True)
        row["window_on"], row["window_off"] = on, off
        exports = {}
        for name, path in (("prepared_first", work / "on.db"), ("unprepared_first", _copy(base, work / "plain.db")),
                           ("prepared_again", work / "on.db")):
            exports[name] = _export(home, path, work / "out.conll")
            print(json.dumps({"round": n, name: exports[name]}), file=sys.stderr, flush=True)
        row["conll"] = exports
        out["rounds"].append(row)  # type: ignore[union-attr]
    out["load_after"] = os.getloadavg()
    for name in ("prepared_first", "unprepared_first", "prepared_again"):
        out[f"conll_{name}_median_s"] = statistics.median(r["conll"][name]["wall"] for r in out["rounds"])  # type: ignore[index,union-attr]
    return out


def main(argv: list[str]) -> None:
    if argv[0] == "child":
        print(json.dumps(child(*argv[1:4])))
        return
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["run"])
    parser.add_argument("--bodies", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)
    print(json.dumps(run(args.bodies, args.rounds), indent=1))


if __name__ == "__main__":
    main(sys.argv[1:])
