"""usertest12: long work asked while one of its kind runs is queued (shown, cancellable), never
dropped; the export dialog's typed suffix picks the format."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from annotator.formats.export_summary import ExportSummary
from annotator.storage.project import Project
from annotator.ui import file_dialogs, transfer
from tests.ui.test_window_support import fake_suggester, make_window, no_modals, pump_until, wait_idle  # noqa: F401

pytestmark = pytest.mark.timeout(60)

TEXT = "The ferry to Tallowmere left late, the harbour master Odile Brask said on Tuesday."


def _source(tmp_path: Path) -> Path:
    source = tmp_path / "ferry.jsonl"
    source.write_text(json.dumps({"text": TEXT}) + "\n", encoding="utf-8")
    return source


def _held_export(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Every export waits for the returned event (or its cancel) before it ends."""
    release = threading.Event()

    def export_job(_path, _fmt, _output, status="accepted"):  # noqa: ANN001, ANN202
        def run(report, cancelled):  # noqa: ANN001, ANN202
            while not release.wait(0.02):
                if cancelled():
                    return None
            return ExportSummary(written="0 articles")
        return run

    monkeypatch.setattr(transfer, "export_job", export_job)
    return release


def test_import_during_export_is_queued_shown_and_run_after(make_window, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    release = _held_export(monkeypatch)
    project = Project.open(tmp_path / "p.db")
    window = make_window(project)
    before = len(project.article_ids())
    assert transfer.start_export(window, tmp_path / "out.jsonl", "jsonl")
    assert transfer.start_import(window, [_source(tmp_path)])  # accepted, not dropped
    indicator = window.background._progress
    assert window.background.queued_titles() == ["Import"]
    assert indicator.label.text().endswith("— queued: Import") and indicator.isVisible()
    assert len(project.article_ids()) == before  # waits for the export
    release.set()
    pump_until(lambda: not window.background.queued and not window.is_busy(), 20)
    wait_idle(window)
    assert len(project.article_ids()) == before + 1
    assert "queued" not in indicator.label.text()


def test_cancel_drops_the_queue_and_says_what_did_not_start(make_window, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    _held_export(monkeypatch)
    project = Project.open(tmp_path / "p.db")
    window = make_window(project)
    before = len(project.article_ids())
    assert transfer.start_export(window, tmp_path / "a.jsonl", "jsonl")
    assert transfer.start_import(window, [_source(tmp_path)])
    assert transfer.start_export(window, tmp_path / "b.jsonl", "jsonl")
    assert window.background.queued_titles() == ["Import", "Export"]
    window.cancel_background()
    assert window.background.queued == []
    assert window.statusBar().currentMessage() == "Cancelled: Export; not started: Import, Export"  # usertest13 F6: what stopped too
    pump_until(lambda: not window._retired, 20)
    assert len(project.article_ids()) == before  # the queued import never ran
    assert not (tmp_path / "b.jsonl").exists()


def test_jobs_queue_in_order_each_after_the_last(make_window, tmp_path) -> None:  # noqa: ANN001
    window = make_window(Project.open(tmp_path / "p.db"))
    gate = threading.Event()
    ran: list[str] = []

    def job(name: str, wait: bool):  # noqa: ANN202
        def run(report, cancelled):  # noqa: ANN001, ANN202
            if wait:
                gate.wait(10)
            ran.append(name)
            return name
        return run

    done: list[str] = []
    work = window.background
    assert work.run_job("First", job("first", True), done.append)
    assert work.run_job("Second", job("second", False), done.append)
    assert work.run_job("Third", job("third", False), done.append)
    assert work.queued_titles() == ["Second", "Third"]
    assert ran == []
    gate.set()
    pump_until(lambda: done == ["first", "second", "third"], 20)
    assert ran == ["first", "second", "third"]


def test_asked_preannotation_during_one_is_queued(make_window, tmp_path) -> None:  # noqa: ANN001
    gate = threading.Event()

    def held(pipeline, text):  # noqa: ANN001, ANN202
        gate.wait(10)
        return fake_suggester(pipeline, text)

    window = make_window(suggester=held)
    assert window.start_preannotation(asked=True)
    assert window.start_preannotation(asked=True)
    assert window.background.queued_titles() == ["Pre-annotation"]
    assert not window.start_preannotation(asked=False)  # the launch's own run: covered by the running one
    gate.set()
    pump_until(lambda: not window.background.queued and not window.is_busy(), 30)


# ----------------------------------------------------------------------------- the typed suffix

JSONL_FILTER = next(f for f, (fmt, _s) in transfer.EXPORT_FORMATS.items() if fmt == "jsonl")
BRAT_FILTER = next(f for f, (fmt, _s) in transfer.EXPORT_FORMATS.items() if fmt == "brat")


@pytest.mark.parametrize(("typed", "chosen", "expected"), [
    ("/x/out.spacy", JSONL_FILTER, ("spacy", "/x/out.spacy")),
    ("/x/out.SPACY", JSONL_FILTER, ("spacy", "/x/out.SPACY")),
    ("/x/out.csv", JSONL_FILTER, ("csv", "/x/out.csv")),
    ("/x/out.conll", BRAT_FILTER, ("conll", "/x/out.conll")),
    ("/x/out.jsonl", JSONL_FILTER, ("jsonl", "/x/out.jsonl")),
    ("/x/out", JSONL_FILTER, ("jsonl", "/x/out.jsonl")),
    ("/x/out.v2", JSONL_FILTER, ("jsonl", "/x/out.v2.jsonl")),
    ("/x/folder", BRAT_FILTER, ("brat", "/x/folder")),
])
def test_export_target_follows_a_typed_known_suffix(typed: str, chosen: str, expected: tuple[str, str]) -> None:
    fmt, output = transfer.export_target(typed, chosen)
    assert (fmt, str(output)) == expected


def test_typed_spacy_with_jsonl_selected_writes_a_docbin(make_window, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    spacy = pytest.importorskip("spacy")
    project = Project.open(tmp_path / "p.db")
    window = make_window(project)
    assert transfer.start_import(window, [_source(tmp_path)])
    wait_idle(window)
    out = tmp_path / "out.spacy"
    monkeypatch.setattr(file_dialogs, "get_save_file_name", lambda *a, **k: (str(out), JSONL_FILTER))
    assert transfer.start_export(window, status="all")
    wait_idle(window)
    assert out.exists() and not (tmp_path / "out.spacy.jsonl").exists()
    docs = list(spacy.tokens.DocBin().from_disk(out).get_docs(spacy.blank("en").vocab))
    assert [d.text for d in docs] == [TEXT]
