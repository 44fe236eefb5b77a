"""fix11aj (issue 11, usertest11q M1): a window open on a project when a merge first makes it a
team project (or opened while that merge ran) kept View → Curation… (Ctrl+Shift+K) and
Agreement… disabled — the key did nothing, said nothing — until the View menu was opened or the
file reopened. The window's watcher of other programs' writes now enables them at once; while
disabled, their menu line says why. Invented text only."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from annotator.storage.project import Project
from annotator.ui.curation_view import CurationDialog
from tests.ui.test_window_support import ALPHA, make_project, make_window, no_modals  # noqa: F401

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytestmark = pytest.mark.timeout(120)

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def _analyst_layer_from_another_process(path: Path) -> None:
    """Another program gives ben a layer of the first article (as ``merge`` or ``import --analyst`` does)."""
    code = ("import sys\nfrom annotator.domain.model import Article, ArticleBundle, Span\n"
            "from annotator.storage.project import Project\n"
            "with Project.open(sys.argv[1], create=False) as p:\n"
            "    text = p.article(p.article_ids()[0]).text\n"
            "    span = Span(id='b1', article_id=0, start=0, end=3, label='ORG', layer='entity')\n"
            "    p.import_bundles([ArticleBundle(Article(id=None, text=text), spans=[span])], analyst='ben')\n"
            "    assert p.layers()\n")
    subprocess.run([sys.executable, "-c", code, str(path)], check=True, timeout=60)


def test_a_merge_while_the_window_is_open_enables_curation_at_once(make_window, qtbot, tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    make_project(db).close()
    w = make_window(Project.open(db), analyst="lead")
    curation, agreement = w.actions_by_id["curation"], w.actions_by_id["agreement"]
    assert not curation.isEnabled() and not agreement.isEnabled()
    assert "annotator merge" in curation.statusTip()  # why it is off, where the menu line is read
    _analyst_layer_from_another_process(db)
    assert w.outside_writes.check()  # the watcher's next tick (no View menu opened)
    assert curation.isEnabled() and agreement.isEnabled() and curation.statusTip() == ""
    qtbot.keyClick(w, Qt.Key.Key_K, CTRL_SHIFT)
    qtbot.waitUntil(lambda: w.findChild(CurationDialog) is not None, timeout=10000)
