"""What checking and backing up a project costs, on ~10,000 articles with ~35 spans each.

Builds a synthetic project in a temp folder (articles of 300-600 words, 35 suggested entity spans
each), then measures:

- ``Project.open`` with and without the open-time check (``quick_check`` of the full-text index);
- ``PRAGMA quick_check`` of the whole file, and FTS5's ``integrity-check``;
- one backup (online backup API + the copy's ``quick_check``);
- edits written on the main thread while a backup runs in a worker thread, against edits with
  no backup running (the longest and the median edit).

    .venv/bin/python benchmarks/backup.py [--articles 10000] [--smoke]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from annotator.domain import commands  # noqa: E402
from annotator.domain.model import Article, ArticleBundle, Span, Status  # noqa: E402
from annotator.storage import backup as backups  # noqa: E402
from annotator.storage.health import check_file  # noqa: E402
from annotator.storage.project import Project  # noqa: E402

WORDS = ("minister said talks Geneva useful Kremlin declined comment Paris week budget election court ruling "
         "the a of and to in that was for on with as by at from prices rose fell percent year").split()


def build(path: Path, articles: int) -> None:
    rng = random.Random(7)

    def bundles():  # noqa: ANN202
        for n in range(articles):
            words = [rng.choice(WORDS).capitalize() if rng.random() < 0.1 else rng.choice(WORDS) for _ in range(rng.randint(300, 600))]
            text = f"Article {n}\n" + " ".join(words) + f" #{n}."
            spans, pos = [], 0
            for k in range(35):
                start = text.find(" ", pos + rng.randint(5, 40)) + 1
                if start <= 0 or start + 5 >= len(text):
                    break
                spans.append(Span(id=f"{n}-{k}", article_id=0, start=start, end=start + 5, label="PERSON", layer="entity",
                                  status=Status.SUGGESTED, origin="bench"))
                pos = start + 5
            yield ArticleBundle(Article(None, text, title=f"Article {n}"), spans=spans)

    with Project.open(path) as project:
        project.import_bundles(bundles())


def best(fn, repeat: int = 3) -> float:  # noqa: ANN001
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def edit_times(project: Project, n: int) -> list[float]:
    times = []
    ids = project.article_ids()
    for k in range(n):
        article_id = ids[k % len(ids)]
        spans = project.spans(article_id, statuses=[Status.SUGGESTED])
        if not spans:
            continue
        edit = commands.set_status(commands.records(project.spans(article_id), project.relations(article_id)), [spans[0]], Status.ACCEPTED)
        start = time.perf_counter()
        project.apply(edit, by="bench")
        times.append(time.perf_counter() - start)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--smoke", action="store_true", help="200 articles: checks that it runs, not how fast")
    args = parser.parse_args()
    articles = 200 if args.smoke else args.articles
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["ANNOTATOR_HOME"] = str(Path(tmp) / "home")
        path = Path(tmp) / "bench.db"
        start = time.perf_counter()
        build(path, articles)
        print(f"built {articles:,} articles in {time.perf_counter() - start:.1f} s; {path.stat().st_size / 1e6:.1f} MB")

        opened = best(lambda: Project.open(path).close())
        unchecked = best(lambda: Project.open(path, check=False).close())
        print(f"{'open (with index check)':<40} {opened * 1000:8.1f} ms")
        print(f"{'open (no check)':<40} {unchecked * 1000:8.1f} ms   check: {(opened - unchecked) * 1000:+.1f} ms")
        with contextlib.closing(sqlite3.connect(path)) as conn:
            print(f"{'quick_check, whole file':<40} {best(lambda: check_file(conn)) * 1000:8.1f} ms")
            print(f"{'quick_check + FTS5 integrity-check':<40} {best(lambda: check_file(conn, index_contents=True), 1) * 1000:8.1f} ms")
        backup_time = best(lambda: backups.snapshot(path, only_if_changed=False), 2)
        print(f"{'backup (backup API + check of the copy)':<40} {backup_time * 1000:8.1f} ms")

        with Project.open(path) as project:
            n = 20 if args.smoke else 200
            quiet = edit_times(project, n)
            done = threading.Event()

            def backup_loop() -> None:
                while not done.is_set():
                    backups.snapshot(path, only_if_changed=False)

            worker = threading.Thread(target=backup_loop)
            worker.start()
            busy = edit_times(project, n)
            done.set()
            worker.join()
        for label, times in (("edit, no backup running", quiet), ("edit, backups running", busy)):
            print(f"{label:<40} median {statistics.median(times) * 1000:6.2f} ms   max {max(times) * 1000:7.2f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
