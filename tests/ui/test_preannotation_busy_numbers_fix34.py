"""fix34 (usertest28 M1): the window's numbers while the project file is busy.

A new-user test pre-annotated a 698-article project while another program held the write lock for
60 s. fix32 keeps and retries the suggestions the file cannot take, but:

1. the status bar said "Suggestions for 19 articles (article 49 first) not saved yet: …" and the
   19 never changed while ~160 waited: the count now follows the articles still waiting, up while
   the file is busy, down as their stores go in, said again at most a few times a second;
2. the progress read "82 of 717 → 111 of 757 → 233 of 858": each article given back for a later
   try was added to the total, past the run's 698, and the bar's fill went down. The total stays
   the run's count of articles; the fill never goes backwards;
3. the busy line hid the pipeline name and the Target field (the message room gave a long line
   their room): they stay, the line is elided in the middle, whole in the bar's tooltip.

Another program is stood in for by a second connection holding the write lock (``BEGIN
IMMEDIATE``), as in test_preannotation_busy_file_fix32.py, while a stand-in suggester runs."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest

import annotator.ui.preannotation as preannotation
from annotator.storage.project import Project
from tests.ui.test_preannotation_busy_file_fix32 import _hold, _project, _pump, _stored, _text
from tests.ui.test_window_support import fake_suggester, make_window, no_modals, pump_until, suggestions_for  # noqa: F401

pytestmark = pytest.mark.timeout(120)

COUNT = re.compile(r"Suggestions for (?:(\d[\d,]*) articles|article \d+) .*not saved yet")


def _count(line: str) -> int | None:
    """The busy line's count of articles (1 for "article N"), None for another line."""
    found = COUNT.search(line)
    if found is None:
        return None
    return int(found.group(1).replace(",", "")) if found.group(1) else 1


def _slow(seconds: float):  # noqa: ANN202 - a stand-in suggester taking ``seconds`` an article
    def suggest(pipeline: object, text: str):  # noqa: ANN202
        time.sleep(seconds)
        return fake_suggester(pipeline, text)

    return suggest


def _busy_run(make_window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, articles: int, *, held: float):  # noqa: ANN001, ANN202
    """A run of ``articles`` with the lock held ``held`` s from its start, then released; the
    window, its ids, the bar's lines (time, text) and the progress it showed (time, done, total)."""
    monkeypatch.setattr(preannotation, "STORE_RETRY_MS", (20, 40, 80), raising=False)  # given back after ~0.15 s
    monkeypatch.setattr("tests.ui.test_preannotation_busy_file_fix32.ARTICLES", articles)
    path = tmp_path / "p.db"
    ids = _project(path)
    window = make_window(Project.open(path, create=False), suggester=_slow(0.02))
    started = time.monotonic()
    lines: list[tuple[float, str]] = []
    window.statusBar().messageChanged.connect(lambda text: lines.append((time.monotonic() - started, text)))
    progress: list[tuple[float, int, int]] = []
    real = window.background.show_progress

    def shown(done: int, total: int, text: str, slot: str | None = None) -> None:
        progress.append((time.monotonic() - started, done, total))
        real(done, total, text, slot)

    monkeypatch.setattr(window.background, "show_progress", shown)
    other = _hold(path)
    try:
        window.start_preannotation(ids, asked=False)
        _pump(held)
    finally:
        other.rollback()
        other.close()
    released = time.monotonic() - started
    pump_until(lambda: window.worker is None and not getattr(window.preannotator, "_unsaved", None), timeout=90)
    _pump(0.5)  # the line's last update (at most a few a second)
    return window, ids, path, lines, progress, released


def test_the_busy_lines_count_follows_the_articles_still_waiting(make_window, tmp_path: Path,  # noqa: ANN001
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    window, ids, path, lines, _progress, released = _busy_run(make_window, tmp_path, monkeypatch, 60, held=1.2)
    busy = [(t, _count(text)) for t, text in lines if _count(text) is not None]
    assert busy, lines
    while_held = [n for t, n in busy if t < released]
    after = [n for t, n in busy if t >= released]
    print(f"busy line counts while held {while_held}, after the release {after}; {len(busy)} lines in "
          f"{busy[-1][0] - busy[0][0]:.2f} s; load {os.getloadavg()[0]:.1f}")
    # main: one line, its count that of the first articles given back, for as long as the file was busy
    assert max(while_held) > while_held[0], f"the count never rose while the file was busy: {while_held}"
    # the count said last while held is the articles waiting then, not the first give-back's
    assert while_held == sorted(while_held)
    # once free, the count falls, or the line says all is saved; nothing is left waiting at the end
    last = lines[-1][1]
    assert _count(last) is None and "not saved" not in last, last
    assert any("are saved" in text for _t, text in lines if _t >= released) or (after and min(after) < max(while_held))
    # at most a few times a second (BUSY_LINE_MS): never once per store
    span = max(busy[-1][0] - busy[0][0], 0.25)
    assert len(busy) <= 2 + span / (preannotation.BUSY_LINE_MS / 1000) + 1, (len(busy), span)
    assert [i for i in ids if not window.project.preannotated(i)] == []
    assert _stored(path, ids) == {i: len(suggestions_for(_text(n)).spans) for n, i in enumerate(ids)}
    # the jobs menu's "Lately" keeps the elided line whole: once, not once per count (a guard: main said it once)
    assert len([line for line in window.background.recent if _count(line) is not None]) <= 1, list(window.background.recent)


def test_the_progress_total_stays_the_runs_articles_and_never_goes_back(make_window, tmp_path: Path,  # noqa: ANN001
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    window, ids, _path, _lines, progress, _released = _busy_run(make_window, tmp_path, monkeypatch, 40, held=0.8)
    totals = sorted({total for _t, _done, total in progress if total})
    fills = [done / total for _t, done, total in progress if total]
    dones = [done for _t, done, total in progress if total]
    print(f"progress totals {totals}, last {progress[-1][1:]}; given back {len(window.preannotator._given_back)}")  # noqa: SLF001
    assert window.preannotator._given_back, "nothing was given back: the test did not test"  # noqa: SLF001
    assert totals == [len(ids)]  # main: 40 → 41 → … (each article given back added again)
    assert all(b >= a for a, b in zip(fills, fills[1:])), "the bar's fill went backwards"
    assert all(b >= a for a, b in zip(dones, dones[1:]))
    assert dones[-1] == len(ids)
    assert window.preannotator.last_summary == "" or f"{len(ids)} articles" in window.preannotator.last_summary


def test_the_busy_line_leaves_the_pipeline_and_target_fields_shown(make_window, tmp_path: Path,  # noqa: ANN001
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(preannotation, "STORE_RETRY_MS", (20, 40, 80), raising=False)
    path = tmp_path / "p.db"
    ids = _project(path)
    window = make_window(Project.open(path, create=False), suggester=_slow(0.05))
    window.resize(1380, 800)  # the window's first size under Xvfb (usertest20 L4)
    pump_until(lambda: window.width() == 1380)
    bar = window.statusBar()
    other = _hold(path)
    try:
        window.start_preannotation(ids, asked=False)
        pump_until(lambda: _count(bar.currentMessage()) is not None, timeout=30)
        _pump(0.2)  # the room made (or not) for it
        line = bar.currentMessage()
        shot = window.statusBar().grab()
        where = os.environ.get("FIX34_SHOT")  # a folder: the screenshot, to look at (not in the repository)
        if where:
            shot.save(str(Path(where) / "busy_status_bar.png"))
        target, pipeline = window.target_label.isVisible(), window.pipeline_label.isVisible()
        tip = bar.toolTip()
        print(f"busy line {bar.fontMetrics().horizontalAdvance(line)} px: {line!r}; shown as {bar.shown_text()!r}; "
              f"target {target}, pipeline {pipeline}; bar {bar.width()} px")
    finally:
        other.rollback()
        other.close()
    pump_until(lambda: window.worker is None and not getattr(window.preannotator, "_unsaved", None), timeout=60)
    assert target and pipeline, f"hidden beside the busy line: target {target}, pipeline {pipeline}"
    assert tip == line  # the whole line stays readable


def test_the_child_process_runs_progress_total_stays_too(make_window, tmp_path: Path,  # noqa: ANN001
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The window's real pre-annotation (a child process, :class:`workers.PreannotateProcessWorker`,
    the stand-in child of tests/ui/process_fakes.py): its progress counts an article given back once."""
    from annotator.ui import workers
    from tests.ui import process_fakes
    from tests.ui.test_preannotate_process import _with_fns

    monkeypatch.setenv(process_fakes.SLOW_SECONDS, "0.03")
    monkeypatch.setattr(workers.PreannotateProcessWorker, "__init__",
                        _with_fns(start_fn=process_fakes.light_start, work_fn=process_fakes.slow_work_with_tokens))
    monkeypatch.setattr(preannotation, "STORE_RETRY_MS", (20, 40, 80), raising=False)
    monkeypatch.setattr("tests.ui.test_preannotation_busy_file_fix32.ARTICLES", 40)
    path = tmp_path / "p.db"
    ids = _project(path)
    window = make_window(Project.open(path, create=False), loader=None, suggester=None)
    progress: list[tuple[int, int]] = []
    real = window.background.show_progress

    def shown(done: int, total: int, text: str, slot: str | None = None) -> None:
        progress.append((done, total))
        real(done, total, text, slot)

    monkeypatch.setattr(window.background, "show_progress", shown)
    other = _hold(path)
    try:
        assert window.start_preannotation(ids, asked=False)
        assert isinstance(window.worker, workers.PreannotateProcessWorker)
        pump_until(lambda: window.preannotator._given_back, timeout=60)  # noqa: SLF001
        _pump(0.5)
    finally:
        other.rollback()
        other.close()
    pump_until(lambda: window.worker is None and not getattr(window.preannotator, "_unsaved", None), timeout=90)
    totals = sorted({total for _done, total in progress if total})
    dones = [done for done, total in progress if total]
    print(f"process worker: totals {totals}, last {progress[-1]}, given back {len(window.preannotator._given_back)}")  # noqa: SLF001
    assert totals == [len(ids)]
    assert all(b >= a for a, b in zip(dones, dones[1:])) and dones[-1] == len(ids)
    assert [i for i in ids if not window.project.preannotated(i)] == []
