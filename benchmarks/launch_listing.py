"""How long the launch's pre-annotation listing keeps another thread from the GIL (launch14).

The window's UI thread takes the GIL for each Python call Qt makes (paint delegates, event
filters, timers) and lets go of it in between; a background thread that holds it meanwhile makes
each of those calls wait. This measures a thread that takes the GIL every 0.2 ms while another
thread lists a project's articles not yet pre-annotated, in alternating rounds:

- ``old``: the listing before launch14 (``ArticleQuery.ids``, a deque of ``(id, None)`` tuples,
  the open article moved to the front);
- ``new``: :class:`annotator.nlp.suggest_process.QueuedIds` (one statement, then a page).

Prints, per kind, the longest single wait and the waits over 1 ms summed (medians of the rounds).
The project is only read. ::

    .venv/bin/python -m benchmarks.launch_listing PROJECT.db [--rounds 10]
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import threading
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path

from annotator.nlp.suggest_process import NOT_PREANNOTATED, QueuedIds


def _old(uri: str) -> None:
    conn = sqlite3.connect(uri, uri=True)
    ids = NOT_PREANNOTATED.ids(conn)
    queue = deque((i, None) for i in ids)
    if ids:
        for item in list(queue):
            if item[0] == ids[-1]:
                queue.remove(item)
                queue.appendleft(item)
                break
    conn.close()


def _new(uri: str) -> None:
    conn = sqlite3.connect(uri, uri=True)
    queued = QueuedIds(conn, NOT_PREANNOTATED)
    queued.next()
    queued.next()
    conn.close()


def waits(listing: Callable[[str], None], uri: str) -> tuple[float, float]:
    """(longest wait, waits over 1 ms summed), in ms, of a thread taking the GIL every 0.2 ms."""
    done = threading.Event()

    def run() -> None:
        listing(uri)
        done.set()

    gaps: list[float] = []
    thread = threading.Thread(target=run)
    last = time.perf_counter()
    thread.start()
    while not done.is_set():
        time.sleep(0.0002)  # lets go of the GIL, as the UI thread does between Qt's calls into Python
        now = time.perf_counter()
        gaps.append(now - last)
        last = now
    thread.join()
    return max(gaps) * 1000, sum(g for g in gaps if g > 0.001) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    uri = f"{args.project.resolve().as_uri()}?mode=ro"
    results: dict[str, list[tuple[float, float]]] = {"old": [], "new": []}
    for _ in range(args.rounds):
        for name, fn in (("old", _old), ("new", _new)):
            results[name].append(waits(fn, uri))
    for name, runs in results.items():
        print(f"{name}: longest wait {statistics.median(r[0] for r in runs):.1f} ms, "
              f"waits over 1 ms summed {statistics.median(r[1] for r in runs):.1f} ms (medians of {len(runs)} rounds)")


if __name__ == "__main__":
    main()
