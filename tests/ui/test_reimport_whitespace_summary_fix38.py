"""fix38 (usertest28 M4): the window's import line says how many documents matched articles
already in the project by their text less whitespace (a CoNLL export imported back), as the
CLI's summary does (tests/formats/test_reimport_whitespace_fix38.py); nothing is added."""

from __future__ import annotations

import json

import pytest

from tests.ui.test_import_preannotates_ui21 import _import_by_keys
from tests.ui.test_window_support import ALPHA, make_project, make_window, no_modals, wait_idle  # noqa: F401

pytestmark = pytest.mark.timeout(120)


def test_the_window_says_an_article_matched_with_other_whitespace(qtbot, make_window, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    project = make_project(tmp_path / "p.db")
    project.set_setting("auto_preannotate", "0")
    before = project.article_ids()
    respaced = " ".join(ALPHA.split()).replace(".", " .")  # as CoNLL rebuilds it: single spaces, a space before "."
    assert respaced != ALPHA
    source = tmp_path / "back.jsonl"
    source.write_text(json.dumps({"text": respaced}) + "\n", encoding="utf-8")
    window = make_window(project)
    _import_by_keys(qtbot, window, monkeypatch, source)
    wait_idle(window)
    assert project.article_ids() == before  # no copy
    line = window.statusBar().currentMessage()
    assert line.startswith("Imported 0 new articles (1 already there), 0 spans, 0 relations; "
                           "1 matched an article already in the project (whitespace differs)"), line
