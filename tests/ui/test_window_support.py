"""Shared pieces for the window tests: a project with known suggestions, fake pipelines, and a
window factory that patches every modal so no test waits on a dialog (no tests in this file)."""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

import pytest
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from annotator.domain.model import Article
from annotator.domain.suggestions import SuggestedSpan, SuggestionSet
from annotator.storage.project import Project
from annotator.ui import file_dialogs
from tests.text_support import offsets

ALPHA = (
    "Lavrov says talks useful\n"
    "Foreign Minister Sergei Lavrov 😄 said on Monday that the talks in Geneva were useful. "
    "Ryabkov agreed with Lavrov, and Washington declined to comment."
)
BETA = "Second article\nThe Kremlin said Moscow and Beijing would meet in Paris next week."
GAMMA = "Third article\nNothing much happened in Oslo."




def suggestions_for(text: str) -> SuggestionSet:
    """Entity suggestions for every capitalised name we know, in reading order."""
    sset = SuggestionSet(origin="fake 1.0")
    for name, label in (("Sergei Lavrov", "PERSON"), ("Geneva", "GPE"), ("Ryabkov", "PERSON"), ("Washington", "GPE"),
                        ("Kremlin", "ORG"), ("Moscow", "GPE"), ("Beijing", "GPE"), ("Paris", "GPE"), ("Oslo", "GPE")):
        if name in text:
            s, e = offsets(text, name)
            sset.add_span(SuggestedSpan(f"{name}", s, e, label, "entity"))
    return sset


@dataclasses.dataclass
class FakePipeline:
    nlp: object = None
    name: str = "fake"
    version: str = "1.0"
    rule_only: bool = False
    notice: str = ""


def fast_loader() -> FakePipeline:
    return FakePipeline()


def slow_loader(seconds: float = 1.5):
    def load() -> FakePipeline:
        time.sleep(seconds)
        return FakePipeline()

    return load


def fake_suggester(_pipeline: object, text: str) -> SuggestionSet:
    return suggestions_for(text)


def make_project(path: Path, *, suggest: bool = True) -> Project:
    project = Project.open(path)
    for text in (ALPHA, BETA, GAMMA):
        article, _ = project.add_article(Article(id=None, text=text, title=text.split("\n")[0], publisher="Test Wire", published="2024-05-01"))
        if suggest:
            project.add_suggestions(article.id, suggestions_for(text))
    return project


def _first_item(_parent, _title, _label, items, current=0, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
    return items[current], True


@pytest.fixture
def no_modals(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Every message box returns at once; what it would have said is recorded."""
    shown: list[tuple[str, str]] = []

    def record(kind: str, result: object = QMessageBox.StandardButton.Ok):
        def show(_parent, title, text, *args, **kwargs):  # noqa: ANN001
            shown.append((kind, f"{title}: {text}"))
            return result
        return staticmethod(show)

    for kind in ("warning", "critical", "information", "question"):
        monkeypatch.setattr(QMessageBox, kind, record(kind))
    monkeypatch.setattr(QMessageBox, "about", record("about", None))
    monkeypatch.setattr(QInputDialog, "getText", (lambda *a, **k: ("Ana Analyst", True)))
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(_first_item))  # the preselected choice, at once
    monkeypatch.setattr(file_dialogs, "get_existing_directory", (lambda *a, **k: ""))
    monkeypatch.setattr(file_dialogs, "get_open_file_name", (lambda *a, **k: ("", "")))
    monkeypatch.setattr(file_dialogs, "get_save_file_name", (lambda *a, **k: ("", "")))

    def choose(_parent, title, text, _options):  # noqa: ANN001 - dialogs.choose: recorded, cancelled
        shown.append(("choose", f"{title}: {text}"))

    from annotator.ui import dialogs

    monkeypatch.setattr(dialogs, "choose", choose)

    def ask(_parent, title, text, options):  # noqa: ANN001 - dialogs.ask: recorded, the default (first) button
        shown.append(("ask", f"{title}: {text}"))
        return options[0][0] if options else None

    monkeypatch.setattr(dialogs, "ask", ask)
    return shown


@pytest.fixture
def make_window(qtbot, tmp_path: Path, no_modals):  # noqa: ANN001
    """``make_window(project=None, loader=..., suggester=...)`` → a shown, active MainWindow."""
    from annotator.ui.settings import Settings
    from annotator.ui.window import MainWindow

    made = []

    def make(project: Project | None = None, *, loader=fast_loader, suggester=fake_suggester, analyst: str = "ana"):  # noqa: ANN001
        project = project or make_project(tmp_path / f"project{len(made)}.db")
        settings = Settings()
        if analyst:
            settings.set_analyst(analyst)
        window = MainWindow(project, settings=settings, loader=loader, suggester=suggester)
        qtbot.addWidget(window)
        window.show()
        assert QTest.qWaitForWindowActive(window, 3000), "the window never became active"
        window.view.setFocus()
        made.append(window)
        return window

    yield make
    close_windows(made)


def close_windows(made: list) -> None:
    """Stop each window's background work, wait for its threads, close its project (fixture teardown)."""
    for window in made:
        window.cancel_background()
        for thread in list(window._retired):
            thread.wait(5000)
        window.project.close()


def pump_until(condition, timeout: float = 10.0) -> None:  # noqa: ANN001
    """Run the Qt event loop until ``condition()`` holds (workers report through queued signals)."""
    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, "timed out"
        QApplication.processEvents()
        time.sleep(0.005)


def wait_idle(window, timeout: float = 20.0) -> None:  # noqa: ANN001
    """Pump events until the window's background job (import, export, pre-annotation) is done."""
    pump_until(lambda: not window.is_busy(), timeout)
    QApplication.processEvents()
