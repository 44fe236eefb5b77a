"""Window scenarios of ``python -m benchmarks``, through the real window path (``MainWindow``,
offscreen): each edit goes key action → Edit → QUndoStack → ``Project.apply`` (committed) →
repaint before the clock stops, as in :mod:`benchmarks.window`.

* ``edits``: accept, create, resize and undo of an edit made in another article, on an N-article
  project beside the same on a 10-article one (targets: ≤ 16 ms median, p95 ≤ 33 ms); the undo
  also on a copy with three tags on every article and three stances on the two articles switched
  between ("tagged project": the FNC-1 projects have none, and the Article panel's tags and
  stances are part of every switch);
* ``open``: article open + paint (≤ 30 ms), going back to the article just shown (kept loaded,
  annotator/ui/article_cache.py) and "not kept" (every kept article dropped first: read, built
  and laid out anew); ``window``: window open + first paint (≤ 500 ms);
* ``filter``: article-list filter for a rare and a common word (≤ 100 ms);
* ``document``: the 5k-word/800-span and 100k-word/10k-span articles: open + paint (≤ 100 ms /
  ≤ 1 s; baseline a plain QTextEdit), edits (≤ 16 / ≤ 50 ms; baseline one viewport repaint) and
  the first edit after opening (a fresh window each sample).
"""

from __future__ import annotations

import atexit
import collections
import os
import shutil
import re
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_home = tempfile.mkdtemp(prefix="annotator-bench-home-")
# The home collects a backup of each project opened (hundreds of MB at 50k articles): never leave it.
atexit.register(shutil.rmtree, _home, ignore_errors=True)
os.environ.setdefault("ANNOTATOR_HOME", _home)  # never the user's settings
os.environ.setdefault("XDG_CONFIG_HOME", str(Path(_home) / "config"))

from benchmarks.corpus import PREANNOTATED, Workdir, import_file  # noqa: E402
from benchmarks.harness import Row, at_most, from_samples, timed  # noqa: E402

BASE_ARTICLES = 10  # the baseline project of the edit / open / filter scenarios


class Samples(list):
    """Wall times (seconds) of one measure, with ``cpu``: the CPU time the window's own (UI)
    thread spent in each. On a shared machine the wall time is mostly waiting for a core (and,
    just after a window opens, for the backup thread of :mod:`annotator.ui.file_safety`); the
    UI thread's CPU is the work the window does, and is what grows if an edit's cost grows
    with the project. Shown in each row's note, beside the wall-time median the targets judge."""

    def __init__(self) -> None:
        super().__init__()
        self.cpu: list[float] = []


def timed_into(samples: list[float], fn: Callable[[], object]) -> None:
    """Time ``fn`` into ``samples`` (wall), and its UI-thread CPU into ``samples.cpu`` if it is :class:`Samples`."""
    cpu, start = time.thread_time(), time.perf_counter()
    fn()
    samples.append(time.perf_counter() - start)
    if isinstance(samples, Samples):
        samples.cpu.append(time.thread_time() - cpu)


def cpu_note(samples: list[float], note: str = "") -> str:
    cpu = getattr(samples, "cpu", None)
    if not cpu:
        return note
    said = f"UI thread CPU median {statistics.median(cpu) * 1000:.1f} ms"
    return f"{said}; {note}" if note else said


_app: list[Any] = []


def app() -> Any:
    """The QApplication, themed once (a theme restyles every widget: never per call)."""
    if not _app:
        from annotator.ui.launch import make_app
        from annotator.ui.theme import apply_theme
        from benchmarks import qt_quiet

        qt_quiet.install()  # the offscreen plugin's propagateSizeHints()/raise() lines, one per window shown
        _app.append(make_app())
        apply_theme(_app[0], "light")
    return _app[0]


def open_window(path: Path) -> tuple[Any, Any]:
    """A shown ``MainWindow`` on the project at ``path`` (no pipeline: nothing runs behind)."""
    from annotator.storage.project import Project
    from annotator.ui.settings import Settings
    from annotator.ui.window import MainWindow

    project = Project.open(path, create=False)
    settings = Settings()
    settings.set_analyst("bench")
    window = MainWindow(project, settings=settings, loader=lambda: None, suggester=lambda p, t: None)
    window.resize(1440, 900)
    window.show()
    app().processEvents()
    return window, project


def close_window(window: Any, project: Any) -> None:
    """Close ``window`` and destroy it, as the end of the process would for a user.

    Destroyed, not only closed: a closed window stays alive, and with it its application-wide
    key filter (:class:`annotator.ui.key_scope.SpanKeyScope`), which then sees every event of
    the windows measured after it. After the 10-40 window opens of the ``window`` scenario, an
    accept cost 29 ms of UI-thread CPU instead of 8: every later row measured the leftovers."""
    from PySide6.QtCore import QEvent

    window.close()
    window.shutdown()
    app().processEvents()
    window.deleteLater()
    app().sendPostedEvents(None, QEvent.Type.DeferredDelete)  # processEvents() leaves deferred deletes outside a loop
    project.close()


def _settled(fn: Callable[[], object]) -> Callable[[], None]:
    def run() -> None:
        fn()
        app().processEvents()
    return run


def _two_articles(project: Any) -> tuple[int, int]:
    """The two articles with the most suggestions (edits need suggestions to accept) among the
    first :data:`BASE_ARTICLES` imported: every project is built from the same FNC-1 rows in the
    same order, so these are the same texts and spans at every size, and a row's ratio to its
    10-article baseline measures what the project's size costs, not a longer article (over the
    whole 50,000-article project the two with the most suggestions had 456 spans and 27,602
    characters each, against 122 and 8,011 in the baseline)."""
    rows = project.db.execute(
        "SELECT article_id FROM spans WHERE status = 'suggested' AND article_id IN "
        "(SELECT id FROM articles ORDER BY id LIMIT ?) GROUP BY article_id ORDER BY count(*) DESC, article_id LIMIT 2",
        [BASE_ARTICLES]).fetchall()
    return rows[0][0], rows[1][0]


def _words(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(r"\w+", text)]


def edit_samples(window: Any, project: Any, repeat: int, *, other: int | None) -> dict[str, list[float]]:
    """``repeat`` of each edit on the open article; with ``other``, also an undo from ``other``."""
    state = window.state
    article = state.article_id
    words = _words(state.text)
    out: dict[str, list[float]] = collections.defaultdict(Samples)
    window.step_suggestion(1)
    app().processEvents()
    for i in range(repeat):
        timed_into(out["accept"], _settled(window.accept_selected))
        start, end = words[(i * 37 + 11) % max(1, len(words) - 2)]
        window.view.set_selection(start, end)
        app().processEvents()
        timed_into(out["create"], _settled(lambda: window.apply_label("MISC")))
        timed_into(out["resize"], _settled(lambda: window.move_edge("end", 1)))
        if other is not None:
            window.open_article(other)
            app().processEvents()
            timed_into(out["undo in another article"], _settled(window.undo))
            window.open_article(article)
            app().processEvents()
        window.step_suggestion(1)
        app().processEvents()
    return out


def project_rows(work: Workdir, sizes: list[int], repeat: int, only: set[str]) -> list[Row]:
    """``edits``, ``open``, ``window`` and ``filter`` at each size, beside the 10-article project."""
    app()
    rows: list[Row] = []
    base = _measure_project(work, BASE_ARTICLES, repeat, only)
    for size in sizes:
        measured = _measure_project(work, size, repeat, only)
        for (scenario, measure), samples in measured.items():
            rows.append(from_samples(scenario, f"{measure} @ {size:,} articles", samples,
                                     baseline=base.get((scenario, measure)), baseline_name=f"{BASE_ARTICLES} articles",
                                     targets=_targets(scenario, measure), note=cpu_note(samples, _HOLDS.get(size, ""))))
    return rows


_HOLDS: dict[int, str] = {}  # project size → what its project holds (the rows' note)


def holds_note(project: Any) -> str:
    """What the benchmark's project holds, for the rows' note: its first :data:`PREANNOTATED`
    articles' suggestions and interrupted quotes (what the list's first rows show), the others' spans."""
    first = "(SELECT id FROM articles ORDER BY id LIMIT ?)"
    articles, suggested = project.db.execute(
        f"SELECT count(DISTINCT article_id), count(*) FROM spans WHERE status = 'suggested' AND article_id IN {first}",
        [PREANNOTATED]).fetchone()
    links, pieced = project.db.execute(
        f"SELECT count(*), count(DISTINCT article_id) FROM relations WHERE label = 'FRAGMENT' AND article_id IN {first}",
        [PREANNOTATED]).fetchone()
    return (f"project: first {articles:,} articles pre-annotated, {suggested / max(1, articles):.0f} suggestions an article, "
            f"{links:,} interrupted-quote links in {pieced:,} of them; later articles ~half their spans suggested")


def _targets(scenario: str, measure: str) -> list:
    if scenario == "edits":
        return at_most(16, "ms", p95=33)
    return at_most({"open": 30, "window": 500, "filter": 100}[scenario], "ms")


def _measure_project(work: Workdir, size: int, repeat: int, only: set[str]) -> dict[tuple[str, str], list[float]]:
    copy = work.scratch_copy(work.project(size))
    out: dict[tuple[str, str], list[float]] = {}
    if "window" in only:
        samples = Samples()
        for _ in range(repeat):
            opened: list[Any] = []
            timed_into(samples, lambda: (opened.extend(open_window(copy)), opened[0].repaint()))
            close_window(*opened)
        out["window", "window open + paint"] = samples
    window, project = open_window(copy)
    try:
        _HOLDS[size] = holds_note(project)
        first, second = _two_articles(project)
        if "open" in only:
            samples = Samples()
            for _ in range(repeat):
                window.open_article(second)
                app().processEvents()
                timed_into(samples, lambda: (window.open_article(first), window.repaint()))
            out["open", "article open + paint"] = samples  # back to an article just shown: kept loaded
            samples = Samples()
            for _ in range(repeat):
                window.open_article(second)
                app().processEvents()
                forget_kept(window)
                timed_into(samples, lambda: (window.open_article(first), window.repaint()))
            out["open", "article open, not kept + paint"] = samples  # read, built and laid out anew
        if "edits" in only:
            window.open_article(first)
            app().processEvents()
            for measure, samples in edit_samples(window, project, repeat, other=second).items():
                out["edits", measure] = samples
        if "filter" in only:
            for which, word in (("rare", _rare_word(project, first)), ("common", "said")):
                samples = Samples()
                for _ in range(repeat):
                    _type_filter(window, word)
                    timed_into(samples, _settled(window.refresh_article_list))  # what the box's debounce timer calls
                    _type_filter(window, "")
                    _settled(window.refresh_article_list)()
                out["filter", f"filter, {which} word"] = samples  # the word itself differs between projects
    finally:
        close_window(window, project)
        for leftover in copy.parent.glob(copy.name + "*"):
            leftover.unlink()
    if "edits" in only:
        out["edits", TAGGED] = _tagged_undo_samples(work, size, repeat)
    return out


TAGGED = "undo in another article, tagged project"
TAGS_AN_ARTICLE, TAG_NAMES, STANCES_AN_ARTICLE = 3, 300, 3


def _tagged_undo_samples(work: Workdir, size: int, repeat: int) -> Samples:
    """The undo in another article on a copy of the ``size``-article project where every
    article has :data:`TAGS_AN_ARTICLE` tags (of :data:`TAG_NAMES` invented names) and the two
    articles switched between :data:`STANCES_AN_ARTICLE` stances: the Article panel's tags and
    stances are part of each switch (perf12h: its tag completions read every tag of the project
    at each switch, ~9 ms at 10,000 articles; the FNC-1 projects have no tags, so the plain
    rows could not show it)."""
    copy = work.scratch_copy(work.project(size))
    try:
        _add_tags_and_stances(copy)
        window, project = open_window(copy)
        try:
            first, second = _two_articles(project)
            window.open_article(first)
            app().processEvents()
            return edit_samples(window, project, repeat, other=second)["undo in another article"]  # type: ignore[return-value]
        finally:
            close_window(window, project)
    finally:
        for leftover in copy.parent.glob(copy.name + "*"):
            leftover.unlink()


def _add_tags_and_stances(path: Path) -> None:
    """Tags on every article and stances on the two of :func:`_two_articles`, written straight
    into the file (setup, not edits: no change-log rows), made-up words only."""
    import sqlite3
    import uuid

    with sqlite3.connect(path) as db:
        ids = [row[0] for row in db.execute("SELECT id FROM articles")]
        db.executemany('INSERT OR IGNORE INTO tags (id, article_id, tag, origin, created, "by") VALUES (?, ?, ?, ?, ?, ?)',
                       ((uuid.uuid4().hex, a, f"topic {(a * 7 + k * 13) % TAG_NAMES}", "analyst", "2026-01-01T00:00:00", "bench")
                        for a in ids for k in range(TAGS_AN_ARTICLE)))

        class _Db:  # what _two_articles reads: .db.execute
            pass

        reader = _Db()
        reader.db = db  # type: ignore[attr-defined]
        stances = [("Mayor Quill", "the canal toll", "favor"), ("Ferry guild", "the canal toll", "against"),
                   ("Lamp office", "night tolls", "neutral")][:STANCES_AN_ARTICLE]
        db.executemany('INSERT INTO stances (id, article_id, holder, target, polarity, status, origin, attrs, created, updated, "by") '
                       "VALUES (?, ?, ?, ?, ?, 'accepted', 'analyst', '{}', '2026-01-01T00:00:00', '2026-01-01T00:00:00', 'bench')",
                       [(uuid.uuid4().hex, a, h, t, pol) for a in _two_articles(reader) for h, t, pol in stances])
    db.close()


def forget_kept(window: Any) -> None:
    """Make the next article open a cold one: nothing of the last articles shown is kept
    (their states, span structures and laid-out text widgets, annotator/ui/article_cache.py)."""
    articles = getattr(window.session, "articles", None)
    if articles is not None:
        articles.clear()
    if hasattr(window.view, "forget_kept"):
        window.view.forget_kept()


def _type_filter(window: Any, text: str) -> None:
    """Put ``text`` in the list's search box without starting its debounce timer (we refresh at once)."""
    box = window.article_list.search
    box.blockSignals(True)
    box.setText(text)
    box.blockSignals(False)


def _rare_word(project: Any, article_id: int) -> str:
    """The article's longest word that no other of the first 1,000 articles holds."""
    text = project.article(article_id).text
    others = collections.Counter(w.lower() for (t,) in project.db.execute("SELECT text FROM articles LIMIT 1000")
                                 for w in set(re.findall(r"[A-Za-z]{6,}", t)))
    candidates = sorted({w for w in re.findall(r"[A-Za-z]{6,}", text) if others[w.lower()] <= 1}, key=lambda w: (-len(w), w))
    return candidates[0] if candidates else "copy"


# ----------------------------------------------------------------------------- long documents


DOCUMENTS = {"5k words / 800 spans": (5_000, 800, 100.0, 16.0), "100k words / 10k spans": (100_000, 10_000, 1000.0, 50.0)}
SMOKE_DOCUMENTS = {"smoke 600 words / 60 spans": (600, 60, 100.0, 16.0)}


def document_rows(work: Workdir, documents: dict[str, tuple[int, int, float, float]], repeat: int) -> list[Row]:
    app()
    rows: list[Row] = []
    for name, (n_words, n_spans, open_budget, edit_budget) in documents.items():
        path = work.path / f"doc-{n_words}.db"
        if not path.exists():
            import_file(path, work.long_document(n_words, n_spans))
            _add_small_article(path)
        copy = work.scratch_copy(path)
        first_edit = Samples()
        for _ in range(max(3, repeat // 3)):
            window, project = open_window(copy)
            doc_id = _longest(project)
            window.open_article(doc_id)
            window.step_suggestion(1)
            app().processEvents()
            timed_into(first_edit, _settled(lambda: window.move_edge("end", 1)))
            close_window(window, project)
        window, project = open_window(copy)
        try:
            doc_id = _longest(project)
            small_id = next(i for i in project.article_ids() if i != doc_id)
            text = project.article(doc_id).text
            base_open, base_paint = _raw_qt(text, repeat)
            for kept in (True, False):
                opens = Samples()
                for _ in range(repeat):
                    window.open_article(small_id)
                    app().processEvents()
                    if not kept:
                        forget_kept(window)
                    timed_into(opens, lambda: (window.open_article(doc_id), window.repaint()))
                rows.append(from_samples("document", f"open{'' if kept else ', not kept,'} + paint, {name}", opens,
                                         baseline=base_open, baseline_name="plain QTextEdit",
                                         targets=at_most(open_budget, "ms"), note=cpu_note(opens)))
            for measure, samples in edit_samples(window, project, repeat, other=None).items():
                rows.append(from_samples("document", f"{measure}, {name}", samples, baseline=base_paint,
                                         baseline_name="QTextEdit repaint", targets=at_most(edit_budget, "ms"),
                                         note=cpu_note(samples)))
            rows.append(from_samples("document", f"first edit after opening, {name}", first_edit, baseline=base_paint,
                                     baseline_name="QTextEdit repaint", targets=at_most(edit_budget, "ms"),
                                     note=cpu_note(first_edit, "resize by one token, fresh window each sample")))
        finally:
            close_window(window, project)
            for leftover in copy.parent.glob(copy.name + "*"):
                leftover.unlink()
    return rows


def _longest(project: Any) -> int:
    return project.db.execute("SELECT id FROM articles ORDER BY length(text) DESC LIMIT 1").fetchone()[0]


def _add_small_article(path: Path) -> None:
    from annotator.domain.model import Article, ArticleBundle
    from annotator.storage.project import Project

    with Project.open(path, create=False) as project:
        text = 'A short article\n"Nothing to see here," said Lavrov in Geneva.'
        project.import_bundles([ArticleBundle(Article(id=None, text=text, title="A short article"))])


def _raw_qt(text: str, repeat: int) -> tuple[list[float], list[float]]:
    """A plain QTextEdit given the same text and painted; one repaint of its viewport."""
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QTextEdit

    raw = QTextEdit()
    raw.resize(760, 800)
    raw.show()
    QTest.qWaitForWindowExposed(raw)
    opens = []
    for _ in range(repeat):
        raw.setPlainText("")
        opens.append(timed(lambda: (raw.setPlainText(text), raw.repaint())))
    paints = []
    for _ in range(repeat * 3):
        raw.verticalScrollBar().setValue(raw.verticalScrollBar().value() + 3)
        paints.append(timed(raw.viewport().repaint))
    raw.close()
    return opens, paints
