"""A huge article in the window: peak memory of opening it, and the time of the first token move
of a span edge (Shift+→), which used to tokenise the whole text on the UI thread.

Run: ``.venv/bin/python benchmarks/huge_article.py [--smoke] [--mb 50]``. The article is the FNC-1
training bodies (``../shared/data/fnc1-train-bodies.csv``, ~3.7 MB) repeated up to ``--mb``
megabytes of text; without that file (and always with ``--smoke``, 2 MB) a synthetic text of
news-like words. Each measure runs in a fresh child process, so its peak RSS (``VmHWM``) is
the window's and the article's alone. Prints one JSON object per run.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from annotator.paths import shared_data  # noqa: E402 - after the path is set, when run as a script

FNC1 = shared_data() / "fnc1-train-bodies.csv"

WORDS = ("the minister said that talks on trade would resume next week while officials in the capital "
         "declined to comment on reports of new sanctions against several companies Lavrov Geneva 3.5 1,000 "
         "don't U.S. e-mail 😄 — “quoted”").split()


def article_text(megabytes: float, *, synthetic: bool) -> str:
    """About ``megabytes`` million characters of article text (see the module docstring)."""
    want = int(megabytes * 1_000_000)
    if not synthetic and FNC1.is_file():
        csv.field_size_limit(1 << 30)
        with FNC1.open(encoding="utf-8", newline="") as fh:
            bodies = "\n\n".join(row["articleBody"] for row in csv.DictReader(fh))
        text = (bodies + "\n\n") * (want // (len(bodies) + 2) + 1)
        return text[:want]
    rng = random.Random(5)
    out: list[str] = []
    size = 0
    while size < want:
        sentence = " ".join(rng.choice(WORDS) for _ in range(rng.randrange(8, 30))) + (".\n\n" if rng.random() < 0.2 else ". ")
        out.append(sentence)
        size += len(sentence)
    return "".join(out)[:want]


def build(path: Path, text: str) -> tuple[int, str]:
    """A project holding the article with one accepted span on a word in its middle."""
    import re

    from annotator.domain.model import Article, ArticleBundle, Span, Status
    from annotator.storage.project import Project

    middle = re.compile(r"\w+").search(text, len(text) // 2)
    assert middle is not None
    span = Span(id="middle", article_id=0, start=middle.start(), end=middle.end(), label="PERSON", layer="entity",
                status=Status.ACCEPTED)
    with Project.open(path) as project:
        ids = project.import_bundles([ArticleBundle(Article(id=None, text=text, title="Huge article"), spans=[span])]).article_ids
    return ids[0], span.id


def peak_rss_mb() -> float:
    """This process's peak resident memory: ``VmHWM`` (reset by exec, unlike ``ru_maxrss``, which
    a child started by fork + exec inherits from its parent), else ``ru_maxrss``."""
    try:
        status = Path(os.sep, "proc", "self", "status")  # Linux's per-process file, not a data path
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(db: Path, article_id: int, span_id: str) -> dict[str, float]:
    """In this process: open the window, then the article; time the first Shift+→ on its span."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    home = tempfile.mkdtemp(prefix="annotator-huge-")
    os.environ.setdefault("ANNOTATOR_HOME", home)
    os.environ.setdefault("XDG_CONFIG_HOME", str(Path(home) / "config"))
    from PySide6.QtWidgets import QApplication

    from annotator.storage.project import Project
    from annotator.ui.settings import Settings
    from annotator.ui.window import MainWindow

    app = QApplication.instance() or QApplication([])
    settings = Settings()
    settings.set_analyst("bench")
    before = peak_rss_mb()
    t = time.perf_counter()
    # The window opens the first article not done: the huge one, the project's only article.
    window = MainWindow(Project.open(db), settings=settings, loader=lambda: None, suggester=lambda p, t: None)
    window.resize(1440, 900)
    window.show()
    if window.state is None or window.state.article_id != article_id:
        window.open_article(article_id)
    app.processEvents()
    opened = time.perf_counter() - t
    peak_open = peak_rss_mb()
    window.select_span(span_id)
    app.processEvents()
    span = window.state.spans[span_id]
    t = time.perf_counter()
    window.move_edge("end", 1)  # the Shift+→ action
    app.processEvents()
    first_move = time.perf_counter() - t
    moved = window.state.spans[span_id] if span_id in window.state.spans else None
    t = time.perf_counter()
    window.move_edge("end", 1)
    app.processEvents()
    second_move = time.perf_counter() - t
    peak = peak_rss_mb()
    window.project.close()
    return {"open_s": round(opened, 3), "first_shift_right_ms": round(first_move * 1000, 1),
            "second_shift_right_ms": round(second_move * 1000, 1), "rss_before_open_mb": round(before),
            "peak_rss_open_mb": round(peak_open), "peak_rss_mb": round(peak),
            "moved": bool(moved is not None and moved.end > span.end)}


def measure(megabytes: float, *, synthetic: bool) -> dict[str, object]:
    text = article_text(megabytes, synthetic=synthetic)
    with tempfile.TemporaryDirectory(prefix="huge-") as tmp:
        db = Path(tmp) / "huge.db"
        article_id, span_id = build(db, text)
        out = subprocess.run([sys.executable, __file__, "--child", str(db), str(article_id), span_id],
                             check=True, capture_output=True, text=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    source = "synthetic" if synthetic or not FNC1.is_file() else "fnc1-train-bodies.csv repeated"
    return {"article_mb": round(len(text) / 1e6, 1), "text": source, **result}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="a 2 MB synthetic article only (seconds)")
    parser.add_argument("--mb", type=float, default=50.0, help="size of the real-text article (default 50)")
    parser.add_argument("--child", nargs=3, metavar=("DB", "ARTICLE_ID", "SPAN_ID"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(Path(args.child[0]), int(args.child[1]), args.child[2])))
        return 0
    runs = [measure(2.0, synthetic=True)]
    if not args.smoke:
        runs.append(measure(args.mb, synthetic=False))
    for run in runs:
        print(json.dumps(run, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
