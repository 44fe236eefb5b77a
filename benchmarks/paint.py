"""How fast the article view opens and repaints, beside raw Qt doing the same job.

Run: ``.venv/bin/python benchmarks/paint.py`` (offscreen; ``--quick`` for fewer repeats).

Cases (the product's promise):
  * 5,000 words, 800 spans: open and paint <= 100 ms; one span changed -> repainted <= 16 ms (median)
  * 100,000 words, 10,000 spans: open <= 1 s; one span changed -> repainted <= 50 ms (median)

Also printed, without a budget: scroll to another place and repaint the whole viewport (median).

Baseline, measured in the same run on the same text and spans: a plain read-only QPlainTextEdit
given the spans as ``QTextEdit.ExtraSelection`` objects (background colour per label): open =
setPlainText + build and set the selections + paint; update = change one selection, set them
all again, repaint. "Painted" means the widget was rendered: ``grab()`` for opening, and for
updates the queued partial repaint processed by ``processEvents()``.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor  # noqa: E402
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QTextEdit  # noqa: E402

from annotator.domain.model import Article, Span, Status  # noqa: E402
from annotator.domain.offsets import OffsetMap  # noqa: E402
from annotator.domain.schema import default_schema  # noqa: E402
from annotator.ui.article_view import ArticleView  # noqa: E402

WORDS = ("the minister said talks on strategic stability would resume after the vote in Moscow and "
         "Washington where officials 😄 told reporters that 北京 policy was café naïve well-known 3.5% "
         "of the budget").split()
SIZE = (1100, 850)

LAYERS = [("PERSON", "entity", 0.35), ("ORG", "entity", 0.15), ("GPE", "entity", 0.1), ("SPEAKER", "speaker", 0.1),
          ("CUE", "cue", 0.1), ("QUOTE", "quote", 0.12), ("CLAIM", "claim", 0.08)]


def make_article(n_words: int, n_spans: int, seed: int = 1) -> tuple[str, list[Span]]:
    rng = random.Random(seed)
    parts: list[str] = []
    starts: list[int] = []
    pos = 0
    for i in range(n_words):
        word = rng.choice(WORDS)
        starts.append(pos)
        parts.append(word)
        pos += len(word)
        sep = "\n\n" if i % 90 == 89 else (", " if i % 13 == 12 else " ")
        parts.append(sep)
        pos += len(sep)
    text = "".join(parts)
    labels, layers, weights = zip(*LAYERS)
    spans = []
    for i in range(n_spans):
        k = rng.choices(range(len(LAYERS)), weights)[0]
        first = rng.randrange(0, n_words - 45)
        length = rng.randint(8, 40) if layers[k] in ("quote", "claim") else rng.randint(1, 3)
        start = starts[first]
        last = first + length - 1
        end = starts[last] + len(text[starts[last]:].split(None, 1)[0].rstrip(","))
        status = rng.choices([Status.ACCEPTED, Status.SUGGESTED, Status.REJECTED], [0.6, 0.3, 0.1])[0]
        spans.append(Span(f"s{i}", 1, start, end, labels[k], layers[k], status, origin="bench"))
    return text, spans


def ms(seconds: float) -> float:
    return seconds * 1000.0


def full_repaints(app: QApplication, scroll_area, repeats: int) -> float:
    """Median time to scroll somewhere else and repaint the whole viewport."""
    bar = scroll_area.verticalScrollBar()
    times = []
    for i in range(repeats):
        t0 = time.perf_counter()
        bar.setValue(bar.maximum() * ((i * 7) % 10) // 10)
        scroll_area.viewport().repaint()
        times.append(ms(time.perf_counter() - t0))
    bar.setValue(0)
    app.processEvents()
    return statistics.median(times)


def bench_view(app: QApplication, text: str, spans: list[Span], repeats: int) -> tuple[float, float, float]:
    view = ArticleView()
    view.resize(*SIZE)
    view.set_schema(default_schema())
    view.show()
    app.processEvents()
    article = Article(id=1, text=text)
    t0 = time.perf_counter()
    view.set_article(article, spans, [])
    view.grab()
    open_ms = ms(time.perf_counter() - t0)
    app.processEvents()
    # update: change one span that is on screen (toggle its status), repaint what changed
    times = []
    visible = [sid for sid in view.visible_span_ids() if sid.startswith("s")]
    by_id = {s.id: s for s in spans}
    for i in range(repeats):
        span = by_id[visible[i % len(visible)]]
        new_status = Status.ACCEPTED if span.status != Status.ACCEPTED else Status.SUGGESTED
        changed = Span(span.id, 1, span.start, span.end, span.label, span.layer, new_status, origin="bench")
        by_id[span.id] = changed
        t0 = time.perf_counter()
        view.update_spans([changed], [])
        app.processEvents()
        times.append(ms(time.perf_counter() - t0))
    scroll = full_repaints(app, view.text_widget(), repeats)
    view.close()
    view.deleteLater()
    app.processEvents()
    return open_ms, statistics.median(times), scroll


def _selections(edit: QPlainTextEdit, offsets: OffsetMap, spans: list[Span], colours: dict[str, str]) -> list:
    out = []
    doc = edit.document()
    for span in spans:
        if span.status == Status.REJECTED:
            continue
        sel = QTextEdit.ExtraSelection()
        cursor = QTextCursor(doc)
        cursor.setPosition(offsets.to_utf16(span.start))
        cursor.setPosition(offsets.to_utf16(span.end), QTextCursor.MoveMode.KeepAnchor)
        sel.cursor = cursor
        fmt = QTextCharFormat()
        colour = QColor(colours.get(span.label, "#888888"))
        colour.setAlpha(80 if span.status == Status.ACCEPTED else 35)
        fmt.setBackground(colour)
        sel.format = fmt
        out.append(sel)
    return out


def bench_baseline(app: QApplication, text: str, spans: list[Span], repeats: int) -> tuple[float, float, float]:
    colours = {lab.name: lab.colour for lab in default_schema().labels}
    edit = QPlainTextEdit()
    edit.setReadOnly(True)
    edit.resize(*SIZE)
    edit.show()
    app.processEvents()
    t0 = time.perf_counter()
    edit.setPlainText(text.replace("\r\n", " \n"))
    offsets = OffsetMap(text)
    selections = _selections(edit, offsets, spans, colours)
    edit.setExtraSelections(selections)
    edit.grab()
    open_ms = ms(time.perf_counter() - t0)
    app.processEvents()
    times = []
    for i in range(repeats):
        sel = selections[i % 50]
        fmt = sel.format
        colour = fmt.background().color()
        colour.setAlpha(80 if colour.alpha() != 80 else 35)
        fmt.setBackground(colour)
        sel.format = fmt
        t0 = time.perf_counter()
        edit.setExtraSelections(selections)
        app.processEvents()
        times.append(ms(time.perf_counter() - t0))
    scroll = full_repaints(app, edit, repeats)
    edit.close()
    edit.deleteLater()
    app.processEvents()
    return open_ms, statistics.median(times), scroll


def main() -> None:
    quick = "--quick" in sys.argv
    repeats = 15 if quick else 60
    app = QApplication.instance() or QApplication(sys.argv)
    cases = [("5,000 words / 800 spans", 5_000, 800, 100.0, 16.0),
             ("100,000 words / 10,000 spans", 100_000, 10_000, 1000.0, 50.0)]
    if "--smoke" in sys.argv:  # the test suite runs this to keep the benchmark working, not to time it
        repeats, cases = 2, [("smoke", 300, 30, 1000.0, 1000.0)]
    print(f"viewport {SIZE[0]}x{SIZE[1]}, Qt offscreen, update = median of {repeats}")
    print(f"{'case':32} {'':12} {'ArticleView':>12} {'baseline':>10} {'ratio':>7} {'budget':>8}")
    for name, words, n_spans, open_budget, update_budget in cases:
        text, spans = make_article(words, n_spans)
        bench_view(app, text, spans, 3)  # warm up fonts and caches
        v_open, v_upd, v_scroll = bench_view(app, text, spans, repeats)
        b_open, b_upd, b_scroll = bench_baseline(app, text, spans, repeats)
        rows = (("open+paint", v_open, b_open, open_budget), ("update", v_upd, b_upd, update_budget),
                ("scroll+paint", v_scroll, b_scroll, None))
        for what, v, b, budget in rows:
            verdict = "" if budget is None else ("ok" if v <= budget else "OVER")
            limit = "" if budget is None else f"{budget:6.0f}ms"
            print(f"{name:32} {what:12} {v:10.1f}ms {b:8.1f}ms {v / b:6.2f}x {limit:>8} {verdict}")


if __name__ == "__main__":
    main()
