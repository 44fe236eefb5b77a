"""perf26: the window's pre-annotation stores the exports' tokens; what it costs the UI thread and
what it buys the first export. Not part of ``python -m benchmarks`` (a before/after of two trees).

    python benchmarks/window_tokens_perf26.py run --old ../main --new . --bodies 1000 [--pipeline rule-only] [--rounds 2]
    python benchmarks/window_tokens_perf26.py ui --old ../main --new . --bodies 300 --rounds 4   # the UI slot only, alternating

For each tree (``--old``, ``--new``: checkouts; each run with ``PYTHONPATH`` set to it) a child
process opens the window (offscreen) on a copy of one project of the first ``--bodies`` FNC-1
bodies (``../shared/data`` or ``$ANNOTATOR_SHARED_DATA``), pre-annotates every article with the
real child process and pipeline, and times each call of the UI thread's slot that stores an
article (``Preannotator._on_suggested``: wall and thread CPU). Then the first jsonl (``--tokens``)
and CoNLL export of each pre-annotated project (a fresh copy each, ``--status all``, the new
tree's code) is timed, the trees alternating, ``--rounds`` times. Prints one JSON object.
"""

from __future__ import annotations

import functools
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


def _env(tree: Path, home: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(tree), "QT_QPA_PLATFORM": "offscreen", "ANNOTATOR_HOME": str(home),
            "XDG_CONFIG_HOME": str(home / "config")}


def _copy(source: Path, target: Path) -> Path:
    if target.exists():
        target.unlink()
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


def child(project_path: str, pipeline: str) -> dict[str, object]:
    """In a child with PYTHONPATH = one tree: the window pre-annotates the project; the UI slot timed."""
    from PySide6.QtWidgets import QApplication

    from annotator.nlp.pipeline_use import set_project_choice
    from annotator.storage.project import Project
    from annotator.ui import preannotation
    from annotator.ui.settings import Settings
    from annotator.ui.window import MainWindow

    walls: list[float] = []
    cpus: list[float] = []
    real = preannotation.Preannotator._on_suggested

    @functools.wraps(real)  # PySide6's sender() is None in a slot not named as the method it replaces
    def timed(self, article_id, suggestions) -> None:  # noqa: ANN001
        wall, cpu = time.perf_counter(), time.thread_time()
        real(self, article_id, suggestions)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.thread_time() - cpu)

    preannotation.Preannotator._on_suggested = timed
    app = QApplication.instance() or QApplication([])
    project = Project.open(Path(project_path))
    set_project_choice(project, pipeline)
    settings = Settings()
    settings.set_analyst("bench")
    window = MainWindow(project, settings=settings, loader=None, suggester=None)
    window.show()
    app.processEvents()
    started = time.perf_counter()
    assert window.start_preannotation()
    worker = window.worker
    while window.worker is not None or worker.isRunning():
        app.processEvents()
        time.sleep(0.002)
    seconds = time.perf_counter() - started
    window.cancel_background()
    window.close()
    app.processEvents()
    return {"walls_ms": [w * 1000 for w in walls], "cpus_ms": [c * 1000 for c in cpus], "seconds": seconds,
            "tree": str(Path(__import__("annotator").__file__).parents[1])}


def _export(tree: Path, home: Path, project: Path, fmt: str, out: Path) -> dict[str, float]:
    args = ["--format", "jsonl", "--tokens"] if fmt == "jsonl" else ["--format", fmt]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", "from annotator.cli_entry import main; main()", "export", str(project), *args,
                           "--status", "all", "--output", str(out)],
                          env=_env(tree, home), cwd=str(home), capture_output=True, text=True, timeout=1800)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(done.stderr[-2000:])
    return {"wall": wall, "cpu": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)}


def summary(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {"n": len(ordered), "median": statistics.median(ordered), "p95": ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))],
            "max": ordered[-1], "mean": statistics.fmean(ordered)}


def run(old: Path, new: Path, bodies: int, pipeline: str, rounds: int) -> dict[str, object]:
    sys.path.insert(0, str(new))
    from benchmarks.corpus import fnc_rows, import_file, write_csv

    work = Path(tempfile.mkdtemp(prefix="perf26-"))
    home = work / "home"
    home.mkdir()
    base = work / "base.db"
    import_file(base, write_csv(work / "bodies.csv", fnc_rows(bodies)))
    out: dict[str, object] = {"bodies": bodies, "articles": _count(base, "SELECT count(*) FROM articles"), "pipeline": pipeline,
                              "load_before": os.getloadavg()}
    projects = {}
    for name, tree in (("old", old), ("new", new)):
        path = _copy(base, work / f"{name}.db")
        done = subprocess.run([sys.executable, str(HERE), "child", str(path), pipeline], env=_env(tree, home),
                              capture_output=True, text=True, timeout=7200)
        if done.returncode != 0:
            raise SystemExit(done.stderr[-3000:])
        result = json.loads(done.stdout.strip().splitlines()[-1])
        out[name] = {"tree": result["tree"], "preannotate_s": result["seconds"], "ui_wall_ms": summary(result["walls_ms"]),
                     "ui_cpu_ms": summary(result["cpus_ms"]),
                     "preannotated": _count(path, "SELECT count(*) FROM preannotations"),
                     "token_rows": _count(path, "SELECT count(*) FROM article_tokens"), "load_after": os.getloadavg()}
        projects[name] = path
        print(json.dumps({name: out[name]}), file=sys.stderr, flush=True)
    exports: dict[str, dict[str, list[dict[str, float]]]] = {n: {"jsonl": [], "conll": []} for n in projects}
    for _ in range(rounds):
        for fmt in ("jsonl", "conll"):
            for name in ("old", "new"):
                fresh = _copy(projects[name], work / f"{name}-fresh.db")
                os.sync()
                timing = _export(new, home, fresh, fmt, work / f"out.{fmt}")
                timing["load"] = os.getloadavg()[0]
                exports[name][fmt].append(timing)
                print(json.dumps({name: {fmt: timing}}), file=sys.stderr, flush=True)
    out["exports"] = exports
    out["load_after"] = os.getloadavg()
    return out


def ui_rounds(old: Path, new: Path, bodies: int, pipeline: str, rounds: int) -> dict[str, object]:
    """The UI thread's slot only, the trees alternating (old first in even rounds), a fresh copy
    of one project each run: per tree the pooled and per-round medians and the slow calls."""
    sys.path.insert(0, str(new))
    from benchmarks.corpus import fnc_rows, import_file, write_csv

    work = Path(tempfile.mkdtemp(prefix="perf26-ui-"))
    home = work / "home"
    home.mkdir()
    base = work / "base.db"
    import_file(base, write_csv(work / "bodies.csv", fnc_rows(bodies)))
    walls: dict[str, list[float]] = {"old": [], "new": []}
    cpus: dict[str, list[float]] = {"old": [], "new": []}
    per_round: dict[str, list[dict[str, float]]] = {"old": [], "new": []}
    for n in range(rounds):
        for name in (("old", "new") if n % 2 == 0 else ("new", "old")):
            tree = old if name == "old" else new
            path = _copy(base, work / f"{name}.db")
            load = os.getloadavg()[0]
            done = subprocess.run([sys.executable, str(HERE), "child", str(path), pipeline], env=_env(tree, home),
                                  capture_output=True, text=True, timeout=7200)
            if done.returncode != 0:
                raise SystemExit(done.stderr[-3000:])
            result = json.loads(done.stdout.strip().splitlines()[-1])
            walls[name] += result["walls_ms"]
            cpus[name] += result["cpus_ms"]
            row = {"round": n, "load": load, "wall_median": statistics.median(result["walls_ms"]),
                   "cpu_median": statistics.median(result["cpus_ms"]), "seconds": result["seconds"],
                   "token_rows": _count(path, "SELECT count(*) FROM article_tokens")}
            per_round[name].append(row)
            print(json.dumps({name: row}), file=sys.stderr, flush=True)
    return {"bodies": bodies, "pipeline": pipeline, "rounds": rounds,
            **{name: {"wall_ms": summary(walls[name]), "cpu_ms": summary(cpus[name]),
                      "over_16ms": sum(w > 16 for w in walls[name]), "over_50ms": sum(w > 50 for w in walls[name]),
                      "rounds": per_round[name]} for name in walls}}


def main(argv: list[str]) -> None:
    if argv[0] == "child":
        print(json.dumps(child(argv[1], argv[2])))
        return
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["run", "ui"])
    parser.add_argument("--old", type=Path, required=True)
    parser.add_argument("--new", type=Path, default=HERE.parents[1])
    parser.add_argument("--bodies", type=int, default=1000)
    parser.add_argument("--pipeline", default="rule-only")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)
    fn = run if args.mode == "run" else ui_rounds
    print(json.dumps(fn(args.old.resolve(), args.new.resolve(), args.bodies, args.pipeline, args.rounds), indent=1))


if __name__ == "__main__":
    main(sys.argv[1:])
