"""usertest24p M3 (branch ui30): File → Import while the launch's run pre-annotates a backlog.

The imported articles' run was queued behind the running one ("their pre-annotation is queued"):
at 50,000 pending, hours. Now the running run takes them next, before the rest of its articles,
as it does an opened article, and the status line says so. Made-up articles, a stepped suggester."""

from __future__ import annotations

import threading

import pytest

from annotator.domain.model import Article
from annotator.storage.project import Project
from tests.ui.test_import_preannotates_ui21 import _csv, _import_by_keys, _new_ids
from tests.ui.test_window_support import fake_suggester, make_window, no_modals, pump_until  # noqa: F401

pytestmark = pytest.mark.timeout(90)
PENDING = 12


class _Stepped:
    """fake_suggester that suggests one article per token the test releases, recording the texts."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.tokens = threading.Semaphore(0)

    def __call__(self, pipeline: object, text: str):  # noqa: ANN204
        assert self.tokens.acquire(timeout=30), "the test released no token"
        self.texts.append(text)
        return fake_suggester(pipeline, text)


def test_an_import_during_the_launch_run_is_pre_annotated_next(qtbot, make_window, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    project = Project.open(tmp_path / "backlog.db")
    for n in range(PENDING):
        project.add_article(Article(id=None, text=f"Backlog {n}\n\nOfficials in Oslo met on day {n}.", title=f"Backlog {n}"))
    suggester = _Stepped()
    window = make_window(project, suggester=suggester)
    assert window.start_preannotation(asked=False)  # as the launch's run: the 12 pending
    pump_until(lambda: window.worker is not None and window.worker.total == PENDING, 10)
    suggester.tokens.release(2)
    pump_until(lambda: len(suggester.texts) == 2, 10)
    before = project.article_ids()
    _import_by_keys(qtbot, window, monkeypatch, _csv(tmp_path / "two.csv", "Fresh one\nThe Kremlin said so.",
                                                   "Fresh two\nParis answered."))
    pump_until(lambda: window.job is None and _new_ids(project, before), 20)
    line = window.statusBar().currentMessage()
    assert line.startswith("Imported 2 new articles") and line.endswith("they are pre-annotated next, then the running "
                                                                       "pre-annotation goes on"), line
    assert not window.background.queued  # no second run behind the first
    assert window.worker.total == PENDING + 2
    suggester.tokens.release(PENDING + 2)
    pump_until(lambda: not window.is_busy(), 30)
    fresh = [i for i, text in enumerate(suggester.texts) if text.startswith("Fresh")]
    assert len(suggester.texts) == PENDING + 2  # each article once
    assert fresh in ([2, 3], [3, 4]), suggester.texts  # right after the one in hand, not after the other 10
    assert all(project.preannotation(i) is not None for i in project.article_ids())
    pump_until(lambda: not window._retired, 20)


def test_put_first_orders_the_queue_once_and_counts_the_new() -> None:
    from annotator.ui.workers import PreannotateWorker

    worker = PreannotateWorker([(1, "a"), (2, "b"), (3, "c"), (4, "d")])
    worker._next()  # 1 in hand
    assert worker.put_first([9, 3, 9]) == 2 and worker.total == 6  # 9 new, 3 queued too (counted at take)
    worker.prioritize(2)  # the opened article still goes before them
    taken = [worker._next() for _ in range(4)]
    assert taken == [(2, "b"), (9, None), (3, "c"), (4, "d")] and worker._next() is None
    assert worker.total == 5  # 1, 2, 9, 3, 4: each once
