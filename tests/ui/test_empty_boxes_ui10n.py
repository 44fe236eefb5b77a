"""Issue 10 (ui10n, usertest10g finding 7, shot L_25.png): a character no installed font can draw
shows as an empty box; the window now says what it is (the status line on opening the article, the
box's tooltip: code point and Unicode name), a character some installed font has is drawn from it
(Qt's fallback) and not reported, and no offset moves. Made-up texts; U+0378 is unassigned, so no
font anywhere has it, whatever this machine has installed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QFont, QFontMetrics, QHelpEvent, QTextLayout
from PySide6.QtWidgets import QApplication, QToolTip, QWidget

from annotator.domain.model import Article
from annotator.storage.project import Project
from annotator.storage.sample import sample_articles
from annotator.ui.article_view_document import line_rects
from annotator.ui.glyphs import boxes_said, describe, undrawable
from tests.ui.test_window_screenshots import save_widget
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401

pytestmark = [pytest.mark.timeout(120), pytest.mark.usefixtures("qapp")]

UNASSIGNED = "\u0378"
TEXT = (f"Waves\nThe crowd held signs reading “Save the bay 🌊” and “Smile 😄”, one with a {UNASSIGNED} mark, "
        "a family 👩\u200d👩\u200d👧 and a flag 🇫🇷, east 東 and a soft\u00adhyphen. The end.")


def _drawn_by_qt(char: str, font: QFont) -> bool:
    """What Qt lays out for ``char`` alone: a real glyph (from the font or a fallback) or the box (glyph 0)."""
    layout = QTextLayout(char, font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    runs = layout.glyphRuns()
    return bool(runs) and all(0 not in run.glyphIndexes() for run in runs)


def _reading_font(window) -> QFont:  # noqa: ANN001
    return window.view._reading_font()


def _window_on(make_window, tmp_path, text: str):  # noqa: ANN001, ANN202
    project = Project.open(tmp_path / "p.db")
    project.add_article(Article(id=None, text=text, title=text.split("\n")[0], publisher="Test Wire", published="2024-05-01"))
    window = make_window(project)
    window.resize(1100, 700)
    QApplication.processEvents()
    return window


def test_boxes_are_found_named_and_pointed_at_without_moving_offsets(make_window, tmp_path) -> None:  # noqa: ANN001
    window = _window_on(make_window, tmp_path, TEXT)
    font = _reading_font(window)
    # reported exactly where Qt draws a box: the unassigned code point always; 😄 never while a font
    # has it (DejaVu Sans here, the reading font being DejaVu Serif: Qt's fallback draws it)
    expected = [i for i, c in enumerate(TEXT) if not c.isspace() and ord(c) > 0x7E and c not in "“”\u200d\u00ad"
                and not _drawn_by_qt(c, font)]
    boxes = window.view.undrawable_offsets()
    assert boxes == expected and TEXT.index(UNASSIGNED) in boxes
    assert all(TEXT[i] not in "\u200d\u00ad“”" for i in boxes)  # invisible by design / drawn: never reported
    assert (TEXT.index("😄") in boxes) == (not _drawn_by_qt("😄", font))
    # the status line on opening says how many and what they are
    line = window.statusBar().currentMessage()
    assert line == boxes_said(TEXT, boxes) and line.startswith(f"{len(boxes)} empty boxes: "), line
    right = min(w.geometry().left() for w in window.statusBar().findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
                if w.isVisible() and w.width() > 0 and w.geometry().left() > window.statusBar().width() // 3)
    assert QFontMetrics(window.statusBar().font()).horizontalAdvance(line) <= right - 8  # not cut off
    # pointing at a box names it (code point and Unicode name); next to it, text is not named
    canvas = window.view.text_widget()
    offsets = window.view._offsets
    doc = canvas.document()
    for offset in (TEXT.index(UNASSIGNED), *(i for i in boxes if TEXT[i] == "🌊")):
        rect = line_rects(doc, offsets.to_utf16(offset), offsets.to_utf16(offset + 1))[0]
        dx, dy = canvas.horizontalScrollBar().value(), canvas.verticalScrollBar().value()
        pos = QPoint(int(rect.center().x()) - dx, int(rect.center().y()) - dy)
        QApplication.sendEvent(canvas.viewport(), QHelpEvent(QEvent.Type.ToolTip, pos, canvas.viewport().mapToGlobal(pos)))
        assert QToolTip.isVisible() and describe(TEXT[offset]) in QToolTip.text(), QToolTip.text()
        QToolTip.hideText()
    word = TEXT.index("crowd")
    rect = line_rects(doc, offsets.to_utf16(word), offsets.to_utf16(word + 5))[0]
    pos = QPoint(int(rect.center().x()), int(rect.center().y()) - canvas.verticalScrollBar().value())
    assert window.view._box_at_point(pos) is None  # a word, not a box: nothing to name
    # one offset system: the text after the boxes is selected where its code points say
    end = TEXT.index("The end.")
    window.view.set_selection(end, end + 8)
    assert window.view.selected_range() == (end, end + 8)
    assert canvas.textCursor().selectedText() == "The end."
    save_widget(window, "empty_boxes_ui10n.png", min_bytes=5000, out=tmp_path)  # to look at; not a docs screenshot


def test_the_bundled_samples_emoji_is_named_when_no_font_draws_it(make_window, tmp_path) -> None:  # noqa: ANN001
    harbour = next(a.text for a in sample_articles() if "🌊" in a.text)
    window = _window_on(make_window, tmp_path, harbour)
    wave = harbour.index("🌊")
    if _drawn_by_qt("🌊", _reading_font(window)):
        assert wave not in window.view.undrawable_offsets()  # an emoji font is installed: drawn, not reported
        return
    assert wave in window.view.undrawable_offsets()
    assert window.statusBar().currentMessage() == "Empty box in the text: U+1F30A WATER WAVE (no installed font can draw it)"


def test_only_characters_that_would_be_boxes_are_reported(qapp) -> None:  # noqa: ANN001
    font = QFont("DejaVu Serif")
    text = "ab\u200d\ufe0f\u00ad\u2028\t\u0301é " + UNASSIGNED + "\U000e0001" + UNASSIGNED
    assert undrawable(text, font) == [10, 12]  # the two unassigned ones; ZWJ, VS16, soft hyphen, tags... never
    assert describe(UNASSIGNED) == "U+0378 unassigned" and describe("🌊") == "U+1F30A WATER WAVE"
    assert describe("\ue000") == "U+E000 private use"
    assert boxes_said(text, [10, 12]) == "2 empty boxes in the text: U+0378 unassigned (no installed font can draw it)"
    assert boxes_said("🌊" + UNASSIGNED, [0, 1]) == ("2 empty boxes: characters no installed font can draw "
                                                    "(point at one for its name)")


def _tip_at(edit, offset16: int) -> str:  # noqa: ANN001
    """The tooltip shown for the pointer on the character at UTF-16 position ``offset16`` of ``edit``."""
    from PySide6.QtGui import QTextCursor

    QToolTip.hideText()
    cursor = QTextCursor(edit.document())
    cursor.setPosition(offset16)
    left = edit.cursorRect(cursor)
    cursor.setPosition(offset16 + 1)
    right = edit.cursorRect(cursor)
    pos = QPoint((left.left() + right.left()) // 2, left.center().y())
    QApplication.sendEvent(edit.viewport(), QHelpEvent(QEvent.Type.ToolTip, pos, edit.viewport().mapToGlobal(pos)))
    return QToolTip.text() if QToolTip.isVisible() else ""


def test_any_text_edit_names_its_boxes_and_the_curation_view_does(make_window, qtbot, tmp_path) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QTextEdit

    from annotator.ui.curation_view import CurationDialog
    from annotator.ui.glyphs import BoxTooltips, box_at
    from tests.domain.test_curation import layers
    from tests.domain.test_curation import make_project as make_team_project

    edit = QTextEdit(readOnly=True)
    qtbot.addWidget(edit)
    edit.setPlainText(f"A {UNASSIGNED} sign and plain words.")
    edit.resize(500, 200)
    edit.show()
    BoxTooltips(edit)
    QApplication.processEvents()
    assert describe(UNASSIGNED) in _tip_at(edit, 2)
    cursor = edit.textCursor()
    cursor.setPosition(8)
    assert box_at(edit, edit.cursorRect(cursor).center()) is None  # "and": a word, nothing named
    # the lead's curation view has it on its text
    project, _article_id = make_team_project(tmp_path / "team.db", layers())
    window = make_window(project, analyst="lead")
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = window.findChild(CurationDialog)
    assert dialog is not None and dialog.text.findChild(BoxTooltips) is not None
