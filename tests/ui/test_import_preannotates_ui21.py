"""usertest19 L7: an article File → Import brought in got no suggestions until the next launch
("Pre-annotated 3 articles at launch" on reopening). Now its pre-annotation starts right after
the import, in the window's pre-annotation worker, and the import's own summary is never
replaced: it stays in the status bar while the run goes (the indicator shows the run) and the
run's end line carries it ("Imported 2 new articles …; then pre-annotated 2 articles: …"), also in
the jobs menu's "Lately". Driven by keys (Ctrl+I, Tab, X, Ctrl+.)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from annotator.domain.model import Status
from annotator.storage.project import Project
from annotator.ui import file_dialogs
from tests.ui.test_window_support import fake_suggester, make_project, make_window, no_modals, pump_until, wait_idle  # noqa: F401

pytestmark = pytest.mark.timeout(90)
CTRL = Qt.KeyboardModifier.ControlModifier


def _csv(path: Path, *texts: str) -> Path:
    path.write_text("id,text\n" + "".join(f'{i},"{t}"\n' for i, t in enumerate(texts, start=1)), encoding="utf-8")
    return path


class _Recording:
    """fake_suggester that records the texts it was asked about; with ``gate``, each waits for it."""

    def __init__(self, gate: threading.Event | None = None) -> None:
        self.texts: list[str] = []
        self.gate = gate

    def __call__(self, pipeline: object, text: str):  # noqa: ANN204
        if self.gate is not None:
            self.gate.wait(30)
        self.texts.append(text)
        return fake_suggester(pipeline, text)


def _import_by_keys(qtbot, window, monkeypatch, source: Path) -> None:  # noqa: ANN001
    monkeypatch.setattr(file_dialogs, "get_open_file_names", (lambda *a, **k: ([str(source)], "")))
    window.activateWindow()
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_I, CTRL)


def _new_ids(project: Project, before: list[int]) -> list[int]:
    return [i for i in project.article_ids() if i not in before]


def test_imported_articles_get_suggestions_at_once_and_the_summary_stays(qtbot, make_window, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    project = make_project(tmp_path / "p.db")  # 3 articles pre-annotated already
    suggester = _Recording()
    window = make_window(project, suggester=suggester)
    before = project.article_ids()
    source = _csv(tmp_path / "two.csv", "Harbour news\nThe mayor met officials from Oslo on Friday.",
                  "Ferry news\nThe ferry to Paris was late again, the operator said.")
    _import_by_keys(qtbot, window, monkeypatch, source)
    wait_idle(window)
    new = _new_ids(project, before)
    assert len(new) == 2
    assert all(project.preannotation(i) is not None for i in new)  # pre-annotated now, not at the next launch
    assert sorted(s.label for i in new for s in project.spans(i)) == ["GPE", "GPE"]  # Oslo, Paris
    assert len(suggester.texts) == 2  # the 3 articles pre-annotated before were not run again
    line = window.statusBar().currentMessage()
    assert line.startswith("Imported 2 new articles (0 already there)"), line  # the import's summary, whole
    assert line.endswith("; then pre-annotated 2 articles: 2 suggestions, 2 new"), line
    assert list(window.background.recent)[-1] == line  # Lately: one line, the import's carried on
    assert not any(r.startswith("Imported") for r in list(window.background.recent)[:-1]), list(window.background.recent)

    # a rejected suggestion never comes back: importing the same file again runs nothing
    window.open_article(new[0])
    qtbot.keyClick(window.view, Qt.Key.Key_Tab)
    qtbot.keyClick(window.view, Qt.Key.Key_X)
    assert [s.status for s in project.spans(new[0])] == [Status.REJECTED]
    _import_by_keys(qtbot, window, monkeypatch, source)
    wait_idle(window)
    assert len(suggester.texts) == 2 and [s.status for s in project.spans(new[0])] == [Status.REJECTED]
    assert window.statusBar().currentMessage().startswith("Imported 0 new articles (2 already there)")

    # the project's auto_preannotate "0" turns this run off, as the launch's
    project.set_setting("auto_preannotate", "0")
    before = project.article_ids()
    _import_by_keys(qtbot, window, monkeypatch, _csv(tmp_path / "one.csv", "Late news\nBeijing said nothing."))
    wait_idle(window)
    (third,) = _new_ids(project, before)
    assert project.preannotation(third) is None and len(suggester.texts) == 2
    pump_until(lambda: not window._retired, 20)


def test_the_run_goes_on_while_the_analyst_edits_and_is_cancelled_by_key(qtbot, make_window, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    project = make_project(tmp_path / "p.db")
    gate = threading.Event()
    window = make_window(project, suggester=_Recording(gate))
    before = project.article_ids()
    _import_by_keys(qtbot, window, monkeypatch, _csv(tmp_path / "two.csv", "A\nOslo first.", "B\nParis next."))
    # imported; its run has started and counted its articles (before the count, a cancel line has no
    # "after 0 of 2": the test raced the thread under load, ui32)
    pump_until(lambda: window.job is None and window.worker is not None and window.worker.total == 2, 20)
    line = window.statusBar().currentMessage()
    assert line.startswith("Imported 2 new articles"), line  # not replaced while the run goes
    assert window.progress.isVisible()
    # the window keeps taking edits meanwhile: accept the open article's first suggestion
    window.view.setFocus()
    opened = window.state.article_id
    qtbot.keyClick(window.view, Qt.Key.Key_Tab)
    qtbot.keyClick(window.view, Qt.Key.Key_A)
    assert Status.ACCEPTED in [s.status for s in project.spans(opened)]
    assert window.worker is not None
    qtbot.keyClick(window.view, Qt.Key.Key_Period, CTRL)  # Cancel (Ctrl+.)
    assert window.statusBar().currentMessage().startswith("Cancelled: Pre-annotation after 0 of 2 articles; 2 left: ")
    gate.set()
    pump_until(lambda: not window._retired, 20)
    new = _new_ids(project, before)
    assert len(new) == 2 and sum(project.preannotation(i) is None for i in new) >= 1  # left for the next launch
    assert any(r.startswith("Imported 2 new articles") for r in window.background.recent)  # kept in Lately


def test_an_import_during_a_running_preannotation_joins_it(qtbot, make_window, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    """Was queued behind the running run ("their pre-annotation is queued after the running
    one"); since ui30 (usertest24p M3) the running run takes it next: tests/ui/test_import_first_ui30.py."""
    project = make_project(tmp_path / "p.db", suggest=False)  # 3 articles never pre-annotated
    gate = threading.Event()
    suggester = _Recording(gate)
    window = make_window(project, suggester=suggester)
    assert window.start_preannotation(asked=False)  # as the launch's run
    pump_until(lambda: window.worker is not None and window.worker.total == 3, 10)
    before = project.article_ids()
    _import_by_keys(qtbot, window, monkeypatch, _csv(tmp_path / "one.csv", "C\nThe Kremlin said so."))
    pump_until(lambda: window.job is None and _new_ids(project, before), 20)
    line = window.statusBar().currentMessage()
    assert line.startswith("Imported 1 new article") and line.endswith("it is pre-annotated next, then the running pre-annotation goes on"), line
    assert not window.background.queued
    gate.set()
    pump_until(lambda: not window.is_busy() and not window.background.queued, 30)
    (new,) = _new_ids(project, before)
    assert project.preannotation(new) is not None and len(suggester.texts) == 4  # each article once
    line = window.statusBar().currentMessage()
    assert line.startswith("Pre-annotated 4 articles at launch: "), line
    pump_until(lambda: not window._retired, 20)


def test_the_windows_own_import_is_not_said_as_another_programs_write(qtbot, make_window, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    """Seen under Xvfb: into an empty project, the import opened its first article, and the file
    watcher's next look (1 s) took the import job's writes (its own connection) for another
    program's: "This article was changed by another program (a merge, an import, another window):
    reloaded from the file" replaced the import's summary while the run loaded its pipeline."""
    project = Project.open(tmp_path / "empty.db")
    gate = threading.Event()
    window = make_window(project, suggester=_Recording(gate))
    _import_by_keys(qtbot, window, monkeypatch, _csv(tmp_path / "two.csv", "A\nOslo first.", "B\nParis next."))
    pump_until(lambda: window.job is None and window.worker is not None, 20)
    assert window.state is not None
    window.outside_writes.check()  # the watcher's next tick, now
    line = window.statusBar().currentMessage()
    assert line.startswith("Imported 2 new articles"), line
    gate.set()
    wait_idle(window)
    assert window.statusBar().currentMessage().startswith("Imported 2 new articles")
    pump_until(lambda: not window._retired, 20)


def test_a_run_that_fails_after_the_import_keeps_the_summary(qtbot, make_window, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    def broken() -> object:
        raise RuntimeError("no pipeline here")

    window = make_window(Project.open(tmp_path / "p.db"), loader=broken)
    _import_by_keys(qtbot, window, monkeypatch, _csv(tmp_path / "one.csv", "A\nOslo first."))
    wait_idle(window)
    line = window.statusBar().currentMessage()
    assert line.startswith("Imported 1 new article") and line.endswith("; their pre-annotation failed: RuntimeError: no pipeline here"), line
    assert list(window.background.recent)[-1] == line
    pump_until(lambda: not window._retired, 20)
