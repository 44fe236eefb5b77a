"""Window follow-ups of usertest18 (issue 10, branch ui19): the Train panel's counts follow an undo
in another article (M4), a label key on a whole article or a very long selection asks first (M5),
the keys come back to the window when a modal box closes (L7). Made-up text."""

from __future__ import annotations

import sqlite3
import time

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from annotator.domain.model import Article, ArticleBundle, ArticleStatus
from annotator.storage.project import Project
from annotator.ui.review import LONG_SELECTION
from tests.ui.test_train_dialog import FakeTrainer, _open_dialog, reviewed_window  # noqa: F401
from tests.ui.test_window_keys import press
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401

CTRL = Qt.KeyboardModifier.ControlModifier


def _counted(dialog) -> str:  # noqa: ANN001
    """The summary once the recount the last edit asked for is done."""
    deadline = time.monotonic() + 10
    QTest.qWait(20)
    while (not dialog.summary_ready or dialog._recount.isActive()) and time.monotonic() < deadline:  # noqa: SLF001
        QTest.qWait(10)
    assert dialog.summary_ready
    return dialog.summary.text()


def test_the_train_panel_follows_an_undo_and_redo_in_another_article(reviewed_window, no_modals, monkeypatch) -> None:  # noqa: ANN001, F811
    """M4: edits in a reviewed article, then another article opened: Ctrl+Z (which goes back to
    the edited article) left the panel with the edited counts."""
    from annotator.ui import train_dialog

    monkeypatch.setattr(train_dialog, "RECOUNT_DELAY", 50)
    window = reviewed_window
    dialog = _open_dialog(window, FakeTrainer())
    first, last = window.project.article_ids()[0], window.project.article_ids()[-1]
    window.open_article(first)
    before = _counted(dialog)
    start = window.state.text.index("board")
    window.view.set_selection(start, start + 5)
    press(window, Qt.Key.Key_1)  # a PERSON over "board" in a done article
    edited = _counted(dialog)
    assert edited != before and "PERSON 4" in edited
    window.open_article(last)
    press(window, Qt.Key.Key_Z, CTRL)
    assert window.state.article_id == first  # the undo went back there
    assert _counted(dialog) == before
    window.open_article(last)
    press(window, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert _counted(dialog) == edited


def _long_window(make_window, tmp_path):  # noqa: ANN001, ANN202
    sentence = "The harbour board met on Monday and the mayor said the fund was empty. "
    text = sentence * 40  # 2,840 code points: longer than LONG_SELECTION
    project = Project.open(tmp_path / "long.db")
    project.import_bundles([ArticleBundle(Article(None, text.strip(), title="Harbour", status=ArticleStatus.NEW))])
    window = make_window(project)
    window.open_article(project.article_ids()[0])
    window.view.setFocus()
    return window, project


def _spans(project: Project) -> list[tuple[int, int, str]]:
    with sqlite3.connect(project.path) as con:
        return con.execute('SELECT start, "end", label FROM spans').fetchall()


def test_a_label_key_on_the_whole_article_asks_first_and_no_is_the_default(make_window, no_modals, tmp_path, monkeypatch) -> None:  # noqa: ANN001, F811
    """M5: Ctrl+A and a digit made an accepted span over all 8,648 characters, unasked."""
    window, project = _long_window(make_window, tmp_path)
    n = len(window.state.text)
    asked: list[tuple[str, object]] = []

    def question(_parent, _title, text, buttons=None, default=None):  # noqa: ANN001, ANN202
        asked.append((text, default))
        return QMessageBox.StandardButton.No  # Enter: the default

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    press(window, Qt.Key.Key_A, CTRL)
    assert window.view.selected_range() == (0, n)
    press(window, Qt.Key.Key_1)
    assert asked == [(f"Label all {n:,} characters of the article as PERSON?", QMessageBox.StandardButton.No)]
    assert _spans(project) == []
    assert window.statusBar().currentMessage().startswith("Nothing labelled")

    # longer than LONG_SELECTION but not the whole article: asked too; Yes labels it
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    end = window.state.text.index(".", LONG_SELECTION) + 1
    window.view.set_selection(0, end)
    press(window, Qt.Key.Key_1)
    assert _spans(project) == [(0, end, "PERSON")]

    # up to LONG_SELECTION (longer than any quote in PolNeAR's gold): labelled at once, unasked
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: (_ for _ in ()).throw(AssertionError("asked"))))
    end = window.state.text.rindex(".", 0, LONG_SELECTION) + 1
    window.view.set_selection(0, end)
    press(window, Qt.Key.Key_2)
    assert (0, end, "ORG") in _spans(project)


def test_the_keys_come_back_to_the_window_when_a_modal_box_closes(make_window, no_modals) -> None:  # noqa: ANN001, F811
    """L7: with no window manager (Xvfb alone; Qt's offscreen platform alike) nothing was active
    after an import error's box closed, and Ctrl+Q did nothing until a click."""
    window = make_window()
    text = window.view.text_widget()
    text.setFocus()
    for _ in range(2):  # a box, and a box again (the window's watch stays on)
        box = QMessageBox(QMessageBox.Icon.Warning, "Import failed", "cannot be read", QMessageBox.StandardButton.Ok, window)
        QTimer.singleShot(50, box.accept)
        box.exec()
        box.deleteLater()
        deadline = time.monotonic() + 3
        while QApplication.activeWindow() is not window and time.monotonic() < deadline:
            QTest.qWait(10)
        assert QApplication.activeWindow() is window
        assert QApplication.focusWidget() is text


def _drive_encoding_dialog(choose: str, *, accept: bool, seen: list[str]) -> None:
    """When the encoding dialog is up: note its preview for each choice, choose ``choose``, then
    Import (``accept``) or Esc."""
    from annotator.ui.import_encoding import EncodingDialog

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, EncodingDialog) or not dialog.isActiveWindow():  # as the analyst sees it: up, with the keys
            QTimer.singleShot(20, poll)
            return
        for i in range(dialog.combo.count()):
            dialog.combo.setCurrentIndex(i)
            seen.append(f"{dialog.combo.currentData()}: {dialog.preview.text()}")
        dialog.combo.setCurrentIndex(dialog.combo.findData(choose))
        if accept:
            QTest.keyClick(dialog, Qt.Key.Key_Return)
        else:
            QTest.keyClick(dialog, Qt.Key.Key_Escape)

    QTimer.singleShot(20, poll)


def test_import_of_a_windows_1252_csv_offers_its_encoding_with_a_preview(make_window, no_modals, tmp_path) -> None:  # noqa: ANN001, F811
    """M3: the window's import said "save it as UTF-8" and had no --encoding of its own."""
    from tests.ui.test_window_support import wait_idle

    rows = ["id,text"] + [f"{i},Plain row {i} about the harbour." for i in range(5)]
    rows.append('9,"“Le café est fermé”, a dit la maire – lundi."')
    source = tmp_path / "late_bad.csv"
    source.write_bytes(("\r\n".join(rows) + "\r\n").encode("cp1252"))
    project = Project.open(tmp_path / "p.db")
    window = make_window(project)

    seen: list[str] = []
    _drive_encoding_dialog("cp1252", accept=False, seen=seen)  # Esc: nothing imported
    from annotator.ui import transfer

    assert transfer.start_import(window, [source])
    wait_idle(window)
    assert project.article_ids() == []
    assert window.statusBar().currentMessage() == "Nothing imported: late_bad.csv is not UTF-8 and no encoding was chosen"
    assert seen[0] == 'cp1252: 9,"“Le café est fermé”, a dit la maire – lundi."'  # the line that is not UTF-8, read right
    assert seen[1].startswith('latin-1: 9,"\x93Le café')  # Latin-1: control characters for the quotation marks

    seen.clear()
    _drive_encoding_dialog("cp1252", accept=True, seen=seen)
    assert transfer.start_import(window, [source])
    wait_idle(window)
    texts = sorted(project.article(i).text for i in project.article_ids())
    assert not no_modals, no_modals
    assert len(texts) == 6 and "“Le café est fermé”, a dit la maire – lundi." in texts
    assert window.statusBar().currentMessage().startswith("Imported 6 new articles")
    assert not any("failed" in text for _kind, text in no_modals)


def test_the_status_bar_names_the_pipeline_that_made_the_articles_suggestions(make_window, no_modals, tmp_path) -> None:  # noqa: ANN001, F811
    """L3: a project pre-annotated with `--model DIR` showed only the pipeline the next run uses."""
    from annotator.domain.suggestions import SuggestedSpan, SuggestionSet

    project = Project.open(tmp_path / "p.db")
    text = "Ana Ruiz spoke in Oslo on Monday."
    trained, plain = (project.add_article(Article(None, f"{text} ({n})", title=n))[0].id for n in ("one", "two"))
    suggestions = SuggestionSet(origin="en_annotator_trained 0.0.1 + annotator-rules 1")
    suggestions.add_span(SuggestedSpan("o", 18, 22, "GPE", "entity"))
    project.add_suggestions(trained, suggestions)
    project.set_setting("auto_preannotate", "0")  # "two" stays never pre-annotated
    window = make_window(project)
    label = window.suggested_by_label
    window.open_article(trained)
    assert label.isVisible() and label.text() == "Suggested by en_annotator_trained 0.0.1 · next run:"
    assert "annotator-rules 1" in label.toolTip() and "next pre-annotation uses" in label.toolTip()
    assert "en_annotator_trained" not in window.pipeline_label.text()  # the one used next stays at the right, as it was
    window.open_article(plain)  # never pre-annotated: nothing to name
    assert not label.isVisible()
