"""The window's import and export messages say what was not brought back and what was left out."""

from __future__ import annotations

import json
import time

from PySide6.QtWidgets import QApplication

from annotator.domain import commands
from annotator.formats.common import ExportReport
from annotator.storage.project import Project
from annotator.ui import transfer
from tests.ui.test_window_support import make_window, no_modals, wait_idle  # noqa: F401

TEXT = "The board will act on the plan soon, the chair said."




def test_reimport_message_names_what_the_analyst_decided(make_window, tmp_path) -> None:  # noqa: ANN001
    source = tmp_path / "board.jsonl"
    source.write_text(json.dumps({"text": TEXT, "spans": [{"start": 15, "end": 30, "label": "CLAIM"},
                                                          {"start": 37, "end": 46, "label": "PERSON"}]}) + "\n", encoding="utf-8")
    project = Project.open(tmp_path / "p.db")
    window = make_window(project)
    assert transfer.start_import(window, [source])
    wait_idle(window)
    [article_id] = project.article_ids()
    person = max(project.spans(article_id), key=lambda s: s.start)
    project.apply(commands.delete_span(commands.records(project.spans(article_id), project.relations(article_id)), person), by="ana")

    assert transfer.start_import(window, [source])
    wait_idle(window)

    message = window.statusBar().currentMessage()
    assert message == ("Imported 0 new articles (1 already there), 0 spans, 0 relations; already there: 1 span; "
                       "not brought back, an analyst had decided otherwise: 1 span")
    assert [s.label for s in project.spans(article_id)] == ["CLAIM"]


def test_export_message_shows_what_the_format_left_out(make_window, no_modals, tmp_path, monkeypatch) -> None:  # noqa: ANN001, F811
    from annotator.formats import conll

    def write(bundles, fh):  # noqa: ANN001 - a writer returning an ExportReport
        report = ExportReport(articles=sum(1 for _ in bundles))
        report.leave_out("QUOTE spans: CoNLL holds one entity layer only; use jsonl or spacy", 2)
        return report

    monkeypatch.setattr(conll, "write", write)
    project = Project.open(tmp_path / "p.db")
    project.import_bundles([])
    window = make_window(project)
    out = tmp_path / "out.conll"
    assert transfer.start_export(window, out, "conll")
    wait_idle(window)
    note = "left out: 2 × QUOTE spans: CoNLL holds one entity layer only; use jsonl or spacy"
    assert window.statusBar().currentMessage() == f"Exported 0 articles, 0 spans, 0 relations (accepted annotations) to {out}; {note}"
    assert [kind for kind, text in no_modals if note in text] == ["information"]


def test_conll_export_of_all_says_accepted_only_as_the_cli(make_window, no_modals, tmp_path) -> None:  # noqa: ANN001, F811
    """usertest24p L3: the window said "(all annotations)" for a CoNLL file that holds accepted entities only."""
    project = Project.open(tmp_path / "p.db")
    project.import_bundles([])
    window = make_window(project)
    out = tmp_path / "out.conll"
    assert transfer.start_export(window, out, "conll", status="all")
    wait_idle(window)
    assert window.statusBar().currentMessage() == (
        f"Exported 0 articles, 0 spans, 0 relations (accepted only: CoNLL holds no suggestion status) to {out}")
