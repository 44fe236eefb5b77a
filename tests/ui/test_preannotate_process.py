"""The window's pre-annotation runs spaCy in a child process (issue 12): suggestions arrive and
are stored by the window, the UI thread never freezes while the pipeline loads, a crash of the
child is a message (never a hang), cancel kills it at once, and the worker is handed ids only."""

from __future__ import annotations

import os
import threading
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from annotator.domain.model import Article, Status
from annotator.nlp.pipeline import load_pipeline
from annotator.nlp.pipeline_use import set_project_choice
from annotator.nlp.runner import suggest_article
from annotator.nlp.suggest_process import NOT_PREANNOTATED, PipelineDescription
from annotator.ui import workers
from annotator.ui.launch import articles_to_preannotate
from tests.ui import process_fakes
from tests.ui.test_window_support import make_project, make_window, no_modals, pump_until  # noqa: F401


QUOTED = "\"We will resume talks next week,\" the minister said on Monday. Officials agreed (😀 non-BMP)."


def _process_window(make_window, tmp_path):  # noqa: ANN001, ANN202
    """A window whose pre-annotation is the real one (no test loader/suggester), rules only."""
    project = make_project(tmp_path / "p.db", suggest=False)
    set_project_choice(project, "rule-only")
    project.add_article(Article(id=None, text=QUOTED, title="Quoted"))
    return make_window(project, loader=None, suggester=None)


def _wait(window, seconds: float = 60) -> None:  # noqa: ANN001
    pump_until(lambda: window.worker is None, timeout=seconds)


def test_child_process_suggests_and_the_window_stores_them(make_window, tmp_path) -> None:  # noqa: ANN001
    window = _process_window(make_window, tmp_path)
    ticks: list[float] = []
    beat = QTimer()
    beat.timeout.connect(lambda: ticks.append(time.perf_counter()))
    beat.start(10)
    assert window.start_preannotation()
    assert isinstance(window.worker, workers.PreannotateProcessWorker)
    _wait(window)
    beat.stop()
    assert isinstance(window.pipeline, PipelineDescription) and window.pipeline.rule_only
    assert window.pipeline_label.text() == "Rules only"
    project = window.project
    expected = load_pipeline("rule-only")
    total = 0
    for article_id in project.article_ids():
        assert project.preannotated(article_id)
        stored = sorted((s.start, s.end, s.label) for s in project.spans(article_id) if s.status == Status.SUGGESTED)
        made = suggest_article(expected, project.article(article_id).text, schema_ner_map=dict(window.schema.ner_map))
        assert stored == sorted((s.start, s.end, s.label) for s in made.spans)
        total += len(stored)
    assert total > 0  # the rules found quotes: the comparison above compared something
    assert window.state.pending_count() == len(project.spans(window.state.article_id, statuses=[Status.SUGGESTED]))
    gaps = [b - a for a, b in zip(ticks, ticks[1:])]
    assert gaps and max(gaps) < 0.25, f"the UI thread stalled {max(gaps):.3f} s"  # loose: the suite's machine is shared


def test_child_that_crashes_while_loading_is_a_message_not_a_hang(make_window, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    window = _process_window(make_window, tmp_path)
    monkeypatch.setattr(workers.PreannotateProcessWorker, "__init__", _with_fns(start_fn=process_fakes.crash_on_start))
    assert window.start_preannotation()
    _wait(window)
    message = window.statusBar().currentMessage()
    assert "Pre-annotation failed" in message and "exit code 3" in message and "loading the pipeline" in message
    assert not window.progress.isVisible()
    assert not any(window.project.preannotated(i) for i in window.project.article_ids())


def test_pipeline_that_cannot_load_says_why(make_window, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    window = _process_window(make_window, tmp_path)
    monkeypatch.setattr(workers.PreannotateProcessWorker, "__init__", _with_fns(start_fn=process_fakes.raise_on_start))
    assert window.start_preannotation()
    _wait(window)
    assert "the pipeline folder is damaged; reinstall it" in window.statusBar().currentMessage()


def test_one_article_that_kills_the_child_fails_alone(make_window, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    window = _process_window(make_window, tmp_path)
    victim = window.project.article_ids()[1]  # not the open article, which goes first
    monkeypatch.setenv(process_fakes.CRASH_ID_FILE, str(victim))
    monkeypatch.setattr(workers.PreannotateProcessWorker, "__init__", _with_fns(start_fn=process_fakes.light_start, work_fn=process_fakes.crash_on_article))
    assert window.start_preannotation()
    _wait(window)
    assert [a for a, _e in window.preannotator.article_errors] == [victim]
    assert "exit code 9" in window.preannotator.article_errors[0][1]
    assert {i for i in window.project.article_ids() if window.project.preannotated(i)} == set(window.project.article_ids()) - {victim}


def test_a_child_that_keeps_dying_stops_the_run(make_window, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    window = _process_window(make_window, tmp_path)
    monkeypatch.setattr(workers.PreannotateProcessWorker, "__init__", _with_fns(start_fn=process_fakes.light_start, work_fn=process_fakes.always_crash))
    assert window.start_preannotation()
    _wait(window)
    assert "3 times in a row" in window.statusBar().currentMessage()


def test_cancel_while_the_child_loads_kills_it_at_once(make_window, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    window = _process_window(make_window, tmp_path)
    monkeypatch.setattr(workers.PreannotateProcessWorker, "__init__", _with_fns(start_fn=process_fakes.slow_start))
    assert window.start_preannotation()
    worker = window.worker
    pump_until(lambda: _children() > 0)
    started = time.monotonic()
    window.cancel_background()
    assert worker.wait(5000)
    assert time.monotonic() - started < 2.0  # killed, not waited for (the load sleeps 60 s)
    QApplication.processEvents()
    pump_until(lambda: _children() == 0)
    assert not any(window.project.preannotated(i) for i in window.project.article_ids())


def test_worker_reads_texts_of_ids_through_its_own_connection(tmp_path) -> None:  # noqa: ANN001
    project = make_project(tmp_path / "p.db", suggest=False)
    ids = project.article_ids()
    seen: list[tuple[str, str]] = []

    def suggester(_pipeline, text):  # noqa: ANN001, ANN202
        seen.append((threading.current_thread().name, text))
        from tests.ui.test_window_support import fake_suggester

        return fake_suggester(_pipeline, text)

    worker = workers.PreannotateWorker([*ids, 999], loader=lambda: object(), suggester=suggester, project_path=project.path)
    failed: list[tuple[int, str]] = []
    worker.articleFailed.connect(lambda a, e: failed.append((a, e)))
    worker.start()
    assert worker.wait(10000)
    QApplication.processEvents()
    assert [text for _t, text in seen] == [project.article(i).text for i in ids]
    assert all(name != threading.main_thread().name for name, _text in seen)
    assert failed == [(999, "AnnotatorError: article 999 is no longer in the project")]


def test_articles_to_preannotate_is_those_without_a_preannotation(tmp_path) -> None:  # noqa: ANN001
    project = make_project(tmp_path / "p.db", suggest=False)
    first, second, third = project.article_ids()
    project.set_setting("auto_preannotate", "1")
    project.add_suggestions(second, process_fakes.suggest_process.work(
        {"pipeline": load_pipeline("rule-only"), "ner_map": {}, "texts": _Texts(project)}, ("suggest", second)))
    assert project.preannotated(second)
    assert articles_to_preannotate(project) == [first, third]


class _Texts:
    def __init__(self, project) -> None:  # noqa: ANN001
        self._project = project

    def text(self, article_id: int) -> str:
        return self._project.article(article_id).text


def _with_fns(**fns):  # noqa: ANN003, ANN202
    original = workers.PreannotateProcessWorker.__init__

    def init(self, *args, **kwargs) -> None:  # noqa: ANN001, ANN002, ANN003
        original(self, *args, **{**kwargs, **fns})

    return init


def _children() -> int:
    """Live pre-annotation children of this process (``spawn`` children; not the resource tracker)."""
    me = str(os.getpid())
    count = 0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[1] == me and fields[0] != "Z":
                with open(f"/proc/{entry}/cmdline", "rb") as fh:
                    count += b"spawn_main" in fh.read()
    return count


def test_launch_query_is_listed_by_the_worker_open_article_first(make_window, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    import threading

    from annotator.nlp import suggest_process

    listed_on: list[str] = []
    real_queue = suggest_process.ArticleTexts.queue

    def queue(self, query):  # noqa: ANN001, ANN202 - records the thread that lists the query
        listed_on.append(threading.current_thread().name)
        return real_queue(self, query)

    monkeypatch.setattr(suggest_process.ArticleTexts, "queue", queue)
    project = make_project(tmp_path / "p.db", suggest=False)
    first, second, third = project.article_ids()
    project.add_suggestions(first, process_fakes.light_work(
        {"description": None, "texts": _Texts(project)}, ("suggest", first)))  # already pre-annotated
    window = make_window(project)
    window.open_article(third)
    order: list[int] = []
    window.suggestionsStored.connect(lambda aid, _n: order.append(aid))
    assert window.start_preannotation(NOT_PREANNOTATED)
    pump_until(lambda: window.worker is None)
    # not listed on the UI thread (launch13: `worker.total == 0` right after the start raced the
    # worker, which now lists the query from one row)
    assert len(listed_on) == 1 and listed_on[0] != threading.main_thread().name
    assert order == [third, second]  # the open article first, the pre-annotated one left alone
    assert "Pre-annotated 2 articles" in window.statusBar().currentMessage()
    assert not window.start_preannotation(NOT_PREANNOTATED)  # none left: nothing started
    assert window.worker is None and "No articles to pre-annotate" in window.statusBar().currentMessage()
