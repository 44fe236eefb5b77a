"""Curation view at speed (issue 11): time to open the view on an article and to take one decision
there, on a long generated article with two analysts' layers, beside a baseline measured in the
same run on a 10-unit article (the machine's own speed, to read the long figures against).

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/curation.py [--chars 611566]
[--spans 36248,32545] [--decisions 15] [--smoke] [--profile]``. Prints medians in milliseconds:
``open`` (the dialog built and shown on the article, usable: a small article read, aligned and
painted; a long one's text shown while a background thread reads and aligns it), ``units ready``
(its units on screen) and ``decide`` (a digit key on the current unit: the decision built, written to the
project file, and the view updated). ``--profile`` prints the top of a cProfile of the long
article's open and decisions. Targets: open ≤ 300 ms, decide ≤ 50 ms, whatever the length.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.append(str(Path(__file__).resolve().parents[1]))

from annotator.domain.model import Article, ArticleBundle, Relation, Span, Status  # noqa: E402
from annotator.storage.project import Project  # noqa: E402

WORDS = "the minister said talks failed according to Reuters in Berlin on Monday".split()


def make_article(n_chars: int, counts: dict[str, int], seed: int = 11) -> tuple[str, dict[str, ArticleBundle]]:
    """A text of ``n_chars`` characters in paragraphs of 60 words and, per analyst, ``counts[analyst]`` accepted spans (1-3
    words, four labels, QUOTEs of 8 words) with a SPEAKER link from every tenth span to the previous."""
    rng = random.Random(seed)
    parts, size = [], 0
    while size < n_chars:
        w = rng.choice(WORDS)
        parts.append(w)
        size += len(w) + 1
    # paragraphs of 60 words, as a news article has (a text editor lays out a paragraph at a time)
    text = "".join(w + ("\n" if n % 60 == 59 else " ") for n, w in enumerate(parts))[:n_chars]
    starts = [0] + [i + 1 for i, c in enumerate(text) if c in " \n"]
    layers = {}
    for name, count in counts.items():
        chosen = sorted(rng.sample(range(len(starts) - 9), min(count, len(starts) - 9)))
        spans, relations = [], []
        for k, w in enumerate(chosen):
            label = rng.choice(["PERSON", "ORG", "GPE", "QUOTE"])
            end = starts[w + (8 if label == "QUOTE" else rng.randint(1, 2))] - 1
            spans.append(Span(id=f"{name}{k}", article_id=0, start=starts[w], end=end, label=label,
                              layer="quote" if label == "QUOTE" else "entity", status=Status.ACCEPTED))
            if k % 10 == 1:
                relations.append(Relation(id=f"{name}r{k}", article_id=0, head=f"{name}{k}", child=f"{name}{k - 1}", label="SPEAKER"))
        layers[name] = ArticleBundle(Article(id=None, text=text), spans=spans, relations=relations)
    return text, layers


def make_project(path: Path, n_chars: int, counts: dict[str, int]) -> Project:
    text, layers = make_article(n_chars, counts)
    project = Project.open(path)
    project.import_bundles([ArticleBundle(Article(id=None, text=text, title="bench"))])
    for name, bundle in layers.items():
        project.import_bundles([bundle], analyst=name)
    return project


def measure(project: Project, decisions: int, profile: cProfile.Profile | None = None) -> tuple[list[float], list[float], list[float]]:
    """(open times, ready times, decision times) in ms: the view opened three times (open: shown
    and usable; ready: its units shown, after the background alignment of a long article), then
    ``decisions`` digit keys (alternately analyst 1 and 2) each on the next disagreement (Tab)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QKeyEvent, QUndoStack
    from PySide6.QtWidgets import QApplication

    from annotator.ui.curation_view import CurationDialog

    app = QApplication.instance() or QApplication([])
    stack = QUndoStack()

    def push(edit: object) -> bool:
        project.apply(edit, by="bench")  # type: ignore[arg-type]
        return True

    def key(dialog: CurationDialog, k: Qt.Key) -> None:
        dialog.event(QKeyEvent(QKeyEvent.Type.KeyPress, k, Qt.KeyboardModifier.NoModifier))

    opens, readies, decides = [], [], []
    dialog = None
    for _ in range(3):
        if dialog is not None:
            dialog.close()
            dialog.deleteLater()
            app.processEvents()
        if profile:
            profile.enable()
        start = time.perf_counter()
        dialog = CurationDialog(project, push, undo=stack.undo, redo=stack.redo, by=lambda: "bench")
        dialog.show()
        app.processEvents()
        opens.append((time.perf_counter() - start) * 1000)
        dialog.wait_aligned()
        readies.append((time.perf_counter() - start) * 1000)
        if profile:
            profile.disable()
    assert dialog is not None
    for n in range(decisions):
        key(dialog, Qt.Key.Key_Tab)
        if profile:
            profile.enable()
        start = time.perf_counter()
        key(dialog, Qt.Key.Key_1 if n % 2 == 0 else Qt.Key.Key_2)
        app.processEvents()
        decides.append((time.perf_counter() - start) * 1000)
        if profile:
            profile.disable()
    dialog.close()
    return opens, readies, decides


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chars", type=int, default=611_566)
    parser.add_argument("--spans", default="36248,32545", help="spans of ana,ben in the long article")
    parser.add_argument("--decisions", type=int, default=15)
    parser.add_argument("--smoke", action="store_true", help="a 60,000-character article, 3 decisions")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args(argv)
    chars, decisions = (60_000, 3) if args.smoke else (args.chars, args.decisions)
    ana, ben = (3_600, 3_200) if args.smoke else map(int, args.spans.split(","))
    folder = Path(tempfile.mkdtemp(prefix="annotator-curation-"))
    out: dict[str, float] = {}
    for name, size, counts in (("baseline (10 units)", 400, {"ana": 6, "ben": 6}),
                               (f"long ({chars:,} chars, {ana + ben:,} spans)", chars, {"ana": ana, "ben": ben})):
        started = time.perf_counter()
        project = make_project(folder / f"{size}.db", size, counts)
        built = time.perf_counter() - started
        profile = cProfile.Profile() if args.profile and size == chars else None
        opens, readies, decides = measure(project, decisions, profile)
        project.close()
        o, r, d = statistics.median(opens), statistics.median(readies), statistics.median(decides)
        out[name], out[name + " ready"], out[name + " decide"] = o, r, d
        print(f"{name:45s} open median {o:7.1f} ms  units ready {r:7.1f} ms  decide median {d:6.1f} ms  "
              f"(open {', '.join(f'{x:.0f}' for x in opens)}; decide max {max(decides):.0f}; file built in {built:.1f} s)", flush=True)
        if profile is not None:
            pstats.Stats(profile).sort_stats("cumulative").print_stats(35)
    return out


if __name__ == "__main__":
    main()
