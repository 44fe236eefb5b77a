"""What one tick of the window's watch of the project file costs, by project size (fix11ah).

The window and the curation view follow one watcher (:class:`annotator.ui.file_watch.OutsideWrites`,
deciding through :func:`annotator.storage.outside_changes.changes_since`), polled every second for
as long as a project is open. Its tick must not grow with the project. Measured on projects of
10 and N articles (FNC-1 bodies with spans, :meth:`benchmarks.corpus.Workdir.project`; 10,000 by
default), each the median and p95 of many ticks:

- ``quiet``: nothing committed since the last look (the usual tick);
- ``no-data commit``: another connection committed a write that changes no data (``user_version``
  set to itself, as another window's ``prepare_writes``), so the change log is looked at;
- ``outside edit``: another connection changed one article's status (one change-log row), which
  the tick reads and reports (the window's reaction is not timed here).

    .venv/bin/python -m benchmarks.file_watch [--articles 10000] [--ticks 2000] [--workdir DIR]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.corpus import Workdir  # noqa: E402
from annotator.domain import commands  # noqa: E402
from annotator.domain.model import ArticleStatus  # noqa: E402
from annotator.storage.project import Project  # noqa: E402


def _stats(times: list[float]) -> tuple[float, float]:
    times = sorted(times)
    return statistics.median(times) * 1e6, times[int(0.95 * (len(times) - 1))] * 1e6


def _timed(tick: Callable[[], bool], before: Callable[[], None], n: int, expect: bool) -> tuple[float, float]:
    out = []
    for _ in range(n):
        before()
        start = time.perf_counter()
        fired = tick()
        out.append(time.perf_counter() - start)
        assert fired is expect, (fired, expect)
    return _stats(out)


def measure(path: Path, ticks: int) -> dict[str, tuple[float, float]]:
    from PySide6.QtCore import QCoreApplication

    from annotator.ui.file_watch import OutsideWrites

    _app = QCoreApplication.instance() or QCoreApplication([])
    project = Project.open(path, create=False)
    watch = OutsideWrites(lambda: project)
    watch.start()
    watch.stop()  # ticked by hand
    other = Project.open(path, create=False)
    article = other.article_ids()[0]
    statuses = [ArticleStatus.DONE, ArticleStatus.IN_PROGRESS]

    def no_data_commit() -> None:
        with other.writing():
            other.db.execute(f"PRAGMA user_version = {int(other.db.execute('PRAGMA user_version').fetchone()[0])}")

    flip = [0]

    def outside_edit() -> None:
        flip[0] ^= 1
        other.apply(commands.set_article_status(other.article(article), statuses[flip[0]]))

    out = {
        "quiet": _timed(watch.check, lambda: None, ticks, False),
        "no-data commit": _timed(watch.check, no_data_commit, max(50, ticks // 10), False),
        "outside edit": _timed(watch.check, outside_edit, max(50, ticks // 10), True),
    }
    other.close()
    project.close()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--ticks", type=int, default=2000)
    parser.add_argument("--workdir", type=Path, default=None, help="keep the built projects here between runs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        work = Workdir(args.workdir or Path(scratch))
        print(f"{'articles':>9}  {'tick':<16} {'median µs':>10} {'p95 µs':>9}")
        for n in (10, args.articles):
            path = work.scratch_copy(work.project(n))  # the ticks' edits go to a copy
            for name, (median, p95) in measure(path, args.ticks).items():
                print(f"{n:>9,}  {name:<16} {median:>10.1f} {p95:>9.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
