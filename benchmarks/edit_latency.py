"""Single-writer edit latency: ``Project.apply`` of one edit (check, write, log, commit), alone on
the file. Shows that waiting for other writers (BEGIN IMMEDIATE, busy timeout, conflict checks)
costs nothing measurable when there are none.

Run: ``.venv/bin/python benchmarks/edit_latency.py [--edits 400] [--smoke]``; to compare with
another version of the code, put that version first on ``PYTHONPATH``. Prints the median and
90th percentile of accept, add-link and delete-span edits, in milliseconds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parents[1]))  # after PYTHONPATH: another version can come first

from annotator.domain import commands  # noqa: E402
from annotator.domain.edits import Change, Edit  # noqa: E402
from annotator.domain.model import Article, Span, Status, new_id  # noqa: E402
from annotator.storage.project import Project  # noqa: E402


def _timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def run(edits: int) -> dict[str, list[float]]:
    folder = Path(tempfile.mkdtemp(prefix="annotator-latency-"))
    project = Project.open(folder / "bench.db")
    text = " ".join(f"Word{i} said" for i in range(edits * 2))
    article, _ = project.add_article(Article(id=None, text=text, title="bench"))
    aid = article.id
    spans = []
    for i in range(edits * 2):
        start = text.index(f"Word{i} ")
        spans.append(Span(id=new_id(), article_id=aid, start=start, end=start + len(f"Word{i}"), label="PERSON",
                          layer="entity", status=Status.SUGGESTED, origin="bench"))
    project.apply(Edit("seed", tuple(Change(None, s) for s in spans)))
    state = commands.records(project.spans(aid), project.relations(aid))
    times: dict[str, list[float]] = {"accept": [], "link": [], "delete": []}
    for i in range(edits):
        span = state.spans[spans[2 * i].id]
        times["accept"].append(_timed(lambda: project.apply(commands.accept(state, span), by="bench")))
        state = commands.records(project.spans(aid), project.relations(aid))
        head, child = state.spans[spans[2 * i].id], state.spans[spans[2 * i + 1].id]
        times["link"].append(_timed(lambda: project.apply(commands.add_relation(state, head=head, child=child, label="SPEAKER"), by="bench")))
        state = commands.records(project.spans(aid), project.relations(aid))
        times["delete"].append(_timed(lambda: project.apply(commands.delete_span(state, state.spans[child.id]), by="bench")))
        state = commands.records(project.spans(aid), project.relations(aid))
    project.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--edits", type=int, default=400, help="edits of each kind")
    parser.add_argument("--smoke", action="store_true", help="a tiny run that only checks the benchmark works")
    args = parser.parse_args()
    import annotator

    print(f"code: {Path(annotator.__file__).parent}")
    times = run(5 if args.smoke else args.edits)
    for kind, values in times.items():
        values.sort()
        p90 = values[int(0.9 * (len(values) - 1))]
        print(f"{kind:7s} n={len(values):4d}  median {statistics.median(values):6.2f} ms  p90 {p90:6.2f} ms")


if __name__ == "__main__":
    main()
