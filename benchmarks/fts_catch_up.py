"""Issue 12 (import12e): what the window pays for an import's full-text catch-up.

``python -m benchmarks.fts_catch_up --articles 10000``: generated articles of about 2,400
characters (no corpus text) imported with ``index_later`` (as ``annotator import`` does), then,
each on a fresh copy of the file: the whole catch-up (the baseline: what the UI thread used to
run at the first filter or article edit); an article row edit that indexes that article alone
(:func:`~annotator.storage.search.catch_up_article`); and the window's worker catch-up in steps
(:func:`~annotator.storage.search.catch_up_in_steps`), whose longest step is the longest an
edit in the window can wait for the write lock. Prints times and ratios to the baseline.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

from annotator.domain.edits import Change, Edit
from annotator.domain.model import Article, ArticleBundle
from annotator.storage.project import Project
from annotator.storage.search import CATCH_UP_STEP, catch_up, catch_up_in_steps

_WORDS = ("minister treaty harbour council missile defence report said talks budget union court "
          "election border energy pipeline summit ceasefire statement agency spokesman").split()


def _text(rng: random.Random, n: int) -> str:
    words = [rng.choice(_WORDS) for _ in range(340)]
    return f"Story {n}: " + " ".join(words) + f" (name{n})."


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--step", type=int, default=None, help=f"articles per step (default: the window's, sized to a time budget, at most {CATCH_UP_STEP})")
    args = parser.parse_args(argv)
    rng = random.Random(12)
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "imported.db"
        with Project.open(source) as project:
            project.import_bundles((ArticleBundle(Article(id=None, text=_text(rng, n), title=f"Story {n}"))
                                    for n in range(args.articles)), index_later=True)
        print(f"{args.articles:,} articles of ~{len(_text(rng, 0)):,} characters, imported with the index left for later")

        def copy(name: str) -> Path:
            path = Path(folder) / name
            shutil.copy(source, path)
            return path

        with Project.open(copy("whole.db")) as project:
            started = time.perf_counter()
            indexed = catch_up(project.db.conn)
            whole = time.perf_counter() - started
            article = project.find(Article, args.articles // 2)
            started = time.perf_counter()
            project.apply(Edit("retitle", (Change(article, dataclasses.replace(article, title="Retitled")),)))
            plain = time.perf_counter() - started
        print(f"whole catch-up (baseline; the UI thread's, before): {whole * 1000:8.1f} ms ({indexed:,} articles)")
        print(f"the same article row edit with nothing to index:   {plain * 1000:8.1f} ms  ({plain / whole:.3f}× baseline)")

        with Project.open(copy("edit.db")) as project:
            article = project.find(Article, args.articles // 2)
            started = time.perf_counter()
            project.apply(Edit("retitle", (Change(article, dataclasses.replace(article, title="Retitled")),)))
            edit = time.perf_counter() - started
        print(f"an article row edit, that article indexed alone:   {edit * 1000:8.1f} ms  ({edit / whole:.3f}× baseline)")

        conn = sqlite3.connect(copy("steps.db"), isolation_level=None)
        stamps = [time.perf_counter()]
        indexed, _cancelled = catch_up_in_steps(conn, step=args.step, report=lambda _d, _t: stamps.append(time.perf_counter()))
        conn.close()
        steps = [b - a for a, b in zip(stamps, stamps[1:])]
        total = stamps[-1] - stamps[0]
        print(f"worker catch-up in steps of {args.step or 'a 40 ms budget'}: {total * 1000:8.1f} ms in all ({total / whole:.2f}× baseline), "
              f"{len(steps)} steps, longest {max(steps) * 1000:.1f} ms ({max(steps) / whole:.3f}× baseline), "
              f"mean {sum(steps) / len(steps) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
