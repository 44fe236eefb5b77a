"""usertest30 L5: at the offscreen platform's 800×774 the article view was ~80 px wide (words broken
mid-word, "meteo/rite") and the status line showed only "Preparing…". A small window now gives
up the side columns (narrowed, then the article list, then the right column hidden; with the Train
panel open in a window too narrow for it beside the article, the panel goes below the article)
before the article's text column falls under READABLE_CHARS characters of its font; the Target and
pipeline fields give a work line their room. Made-up text; screenshots under the test's tmp folder."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFontMetricsF
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.ui.test_train_dialog import FakeTrainer, _open_dialog, _push, reviewed_window  # noqa: F401
from tests.ui.test_window_support import make_window, no_modals, pump_until, wait_idle  # noqa: F401

READABLE_CHARS = 45  # the least text column, in average characters of the article's font
SIZES = [(800, 774), (800, 600), (1000, 700), (1280, 800)]


def _settle() -> None:
    for _ in range(4):  # the room is made after the splitter's own resize (a zero timer)
        QApplication.processEvents()
        QTest.qWait(5)


def _text_chars(window) -> float:  # noqa: ANN001
    """The article's text column now (viewport less both side margins) in characters of its font;
    read from the view's parts, so that it measures the same on older code."""
    view = window.view
    fm = QFontMetricsF(view._reading_font())  # noqa: SLF001
    return (view.text_widget().viewport().width() - 2 * view._margins[0]) / fm.averageCharWidth()  # noqa: SLF001


def _shot(window, tmp_path, name: str) -> None:  # noqa: ANN001
    assert window.grab().save(str(tmp_path / f"{name}.png"))


@pytest.mark.parametrize("size", SIZES)
def test_the_article_keeps_45_characters_at_each_size_with_the_train_panel_open_and_closed(reviewed_window, no_modals, tmp_path, size) -> None:  # noqa: ANN001, F811
    window = reviewed_window
    wait_idle(window)
    window.resize(*size)
    _settle()
    assert (window.width(), window.height()) == size
    _shot(window, tmp_path, "closed")
    assert _text_chars(window) >= READABLE_CHARS, (size, window.splitter.sizes())
    dialog = _open_dialog(window, FakeTrainer())
    _settle()
    _shot(window, tmp_path, "open")
    assert (window.width(), window.height()) == size  # the panel did not widen the window past its size
    assert _text_chars(window) >= READABLE_CHARS, (size, window.splitter.sizes(), window.dockWidgetArea(window.training.panel))
    panel = window.training.panel
    assert panel.isVisible() and panel.width() >= 300 and panel.height() >= 120  # and the panel still reads
    _push(dialog.close_button)
    _settle()
    assert _text_chars(window) >= READABLE_CHARS
    if size == (1280, 800):  # room for every column again: the list is back
        assert window.article_list.isVisible() and window.article_list.width() >= 220, window.splitter.sizes()


def test_columns_come_back_as_the_window_widens_and_the_right_one_is_given_up_last(reviewed_window, no_modals) -> None:  # noqa: ANN001, F811
    window = reviewed_window
    wait_idle(window)
    window.resize(800, 600)
    _settle()
    assert not window.article_list.isVisible() and window.right_splitter.isVisible()  # the list goes first
    window.resize(1280, 800)
    _settle()
    assert window.article_list.isVisible() and window.right_splitter.isVisible()
    assert _text_chars(window) >= READABLE_CHARS


def test_a_work_line_is_whole_at_800_px(reviewed_window, no_modals, tmp_path) -> None:  # noqa: ANN001, F811
    """"Preparing…" alone at 800 px: the Target and pipeline fields give it their room, and come
    back with the line gone."""
    window = reviewed_window
    wait_idle(window)
    window.resize(800, 600)
    _settle()
    line = "Preparing tokens for exports: 0 of 1,185"
    window.tokens_indicator.show_progress(0, 1185, line)
    _settle()
    _shot(window, tmp_path, "work_line")
    assert window.tokens_indicator.label.shown_text() == line
    assert window.saved_label.isVisible()  # what is saved is never hidden
    window.tokens_indicator.hide()
    _settle()
    pump_until(lambda: window.target_fence.isVisible() and window.pipelines_box.isVisible(), timeout=3)


def test_a_larger_font_takes_more_room_from_the_columns(reviewed_window, no_modals) -> None:  # noqa: ANN001, F811
    """Zoom in (Ctrl++): 45 characters of the larger font need more px; the columns give them."""
    window = reviewed_window
    wait_idle(window)
    window.resize(1280, 800)
    _settle()
    assert window.article_list.isVisible()
    for _ in range(6):  # 13 -> ~26 pt: 45 characters need ~900 px
        window.view.zoom_in()
    _settle()
    assert _text_chars(window) >= READABLE_CHARS, window.splitter.sizes()
    assert not window.article_list.isVisible()  # the list gave its room first
    for _ in range(6):
        window.view.zoom_out()
    _settle()
    assert window.article_list.isVisible()  # and it is back at the usual size
