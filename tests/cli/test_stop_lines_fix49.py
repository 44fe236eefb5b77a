"""usertest32 L3: the stop lines, each with its count. SIGTERM to `annotator train` said "Ctrl+C
again to stop at once"; `preannotate` stopped before its run began said "articles finished before
it are saved" with no number, and a lost Dask scheduler "articles written before it are saved".
Every stop line of preannotate now has one form (annotator.nlp.runner.stop_line):
"WHY: N articles saved, M not done; run the same command again to continue."."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from annotator.domain.model import Article, ArticleBundle, ArticleStatus, Span
from annotator.nlp.pipeline import default_pipeline_name
from annotator.storage.project import Project

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
BASE = default_pipeline_name()
posix = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="POSIX signals")
TEXTS = [f'Invented line {n}. "The bridge stays shut," said Mara Velt of the harbour board.' for n in range(5)]


def _saved(path: Path) -> int:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        return conn.execute("SELECT count(*) FROM preannotations").fetchone()[0]


def _project(path: Path, texts: list[str]) -> Path:
    with Project.open(path) as proj:
        for text in texts:
            proj.add_article(Article(None, text))
    return path


# ----------------------------------------------------------------------------- preannotate, stopped early

EARLY = """
import os, signal, sys, time
from annotator.cli import nlp
from annotator.cli_entry import main

SIG = getattr(signal, sys.argv[2])

def loading(*_a, **_k):  # the signal comes while the pipeline loads, before the run writes anything
    os.kill(os.getpid(), SIG)
    time.sleep(30)

nlp.load_cli_pipeline = loading
sys.argv = ["annotator", "preannotate", sys.argv[1]]
main()
"""


@posix
@pytest.mark.timeout(120)
@pytest.mark.parametrize(("sig", "word"), [("SIGTERM", r"Terminated \(SIGTERM\)"), ("SIGINT", "Interrupted")])
def test_preannotate_stopped_before_its_run_says_its_counts(tmp_path: Path, sig: str, word: str) -> None:
    path = _project(tmp_path / "p.db", TEXTS)
    script = tmp_path / "early.py"
    script.write_text(EARLY, encoding="utf-8")
    run = subprocess.run([sys.executable, str(script), str(path), sig], env=ENV, capture_output=True, text=True, timeout=100)
    assert run.returncode == 130, run.stderr
    last = run.stderr.strip().splitlines()[-1]
    assert re.fullmatch(rf"{word}: 0 articles saved, 5 not done; run the same command again to continue\.", last), run.stderr
    assert _saved(path) == 0 and "Traceback" not in run.stderr


# ----------------------------------------------------------------------------- preannotate, Dask scheduler lost

LOST = """
import sys, time
import distributed
from annotator.cli import cli
from annotator.nlp import dask_runner, runner

_rules = runner.default_rules

def ticking(doc, *, schema_ner_map, origin):
    time.sleep(0.03)
    return _rules()(doc, schema_ner_map=schema_ner_map, origin=origin)

if __name__ == "__main__":
    dask_runner.CHUNK_ARTICLES = 2
    dask_runner.CONNECT_SECONDS = 0.5
    dask_runner.LOST_SECONDS = 2.0
    runner.default_rules = lambda: ticking
    cluster = distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, protocol="tcp", dashboard_address=":0")
    flush = runner._Sink.flush

    def flush_then_lose(self):  # the scheduler goes once some articles are written
        flush(self)
        if self.result.done >= 4 and cluster.status.name == "running":
            cluster.close()

    runner._Sink.flush = flush_then_lose
    cli.main(["preannotate", sys.argv[1], "--dask", cluster.scheduler_address], prog_name="annotator")
"""


@posix
@pytest.mark.timeout(180)
def test_preannotate_with_the_dask_scheduler_lost_says_how_many_are_saved(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    path = _project(tmp_path / "p.db", [f"{t} [{n}]" for n, t in enumerate(TEXTS * 4)])
    script = tmp_path / "lost.py"
    script.write_text(LOST, encoding="utf-8")
    run = subprocess.run([sys.executable, str(script), str(path)], cwd=tmp_path, env=ENV, capture_output=True, text=True,
                         timeout=150)
    assert run.returncode == 1, run.stderr
    last = run.stderr.strip().splitlines()[-1]
    said = re.fullmatch(r"Error: lost (?:the Dask scheduler|the scheduler of the Dask cluster) at \S+.*: (\d+) articles saved, "
                        r"(\d+) not done; run the same command again to continue\.", last)
    assert said, run.stderr
    assert int(said[1]) == _saved(path) and int(said[1]) >= 4
    assert int(said[1]) + int(said[2]) == 20


# ----------------------------------------------------------------------------- train, SIGTERM


def _train_project(path: Path) -> Path:
    with Project.open(path) as proj:
        bundles = []
        for i in range(12):
            text = f"Yesterday Mara Velt met the harbour board for meeting {i}. Nothing else happened."
            a = text.index("Mara Velt")
            bundles.append(ArticleBundle(Article(None, text, status=ArticleStatus.DONE),
                                         spans=[Span(f"s{i}", 0, a, a + 9, "PERSON", "entity")]))
        proj.import_bundles(bundles)
    return path


@posix
@pytest.mark.skipif(BASE is None, reason="no trained spaCy pipeline installed")
@pytest.mark.timeout(300)
def test_sigterm_to_train_names_the_signal_and_what_a_second_one_does(tmp_path: Path) -> None:
    path = _train_project(tmp_path / "t.db")
    process = subprocess.Popen([sys.executable, "-c", "from annotator.cli_entry import main; main()", "train", str(path),
                                "--output", str(tmp_path / "out"), "--max-steps", "400", "--no-attribution"],
                               env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    stepping = threading.Event()

    def read() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            lines.append(line)
            if line.startswith("Training steps: "):  # a plain progress line: the run is stepping
                stepping.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        assert stepping.wait(240), "".join(lines)
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)
        reader.join(10)
    finally:
        process.kill()
    text = "".join(lines)
    assert process.returncode == 130, text
    assert "SIGTERM: Stopping after this step (a second SIGTERM or Ctrl+C to stop at once)..." in text
    assert "Ctrl+C again" not in text
    assert re.search(r"^Terminated \(SIGTERM\): .*after step \d+", text, re.M), text
    assert "Traceback" not in text
