"""A scroll bar drawn from kept pixels looks exactly as Qt paints it (annotator/ui/kept_scrollbar.py,
issue 12): in each palette, range, position, size and enabled state, at the first paint and when a
look comes back; a look that changed is painted anew, never drawn from another look's pixels."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QTextEdit, QWidget

from tests.ui.test_window_support import make_window, no_modals  # noqa: F401

from annotator.ui.kept_scrollbar import KEPT_LOOKS, KeptScrollBar
from annotator.ui.theme import apply_theme, dark_palette, light_palette

pytestmark = pytest.mark.timeout(60)


def _host(qtbot, palette) -> tuple[QTextEdit, KeptScrollBar]:  # noqa: ANN001
    """A text widget (what the article view's text is) with a kept bar, shown."""
    edit = QTextEdit()
    qtbot.addWidget(edit)
    edit.setPalette(palette)
    bar = KeptScrollBar(Qt.Orientation.Vertical, edit)
    edit.setVerticalScrollBar(bar)
    edit.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
    edit.resize(320, 400)
    edit.show()
    qtbot.waitExposed(edit)
    return edit, bar


def _image(edit: QWidget, keeping: bool) -> QImage:
    KeptScrollBar.keeping = keeping
    try:
        QApplication.processEvents()
        return edit.grab().toImage()  # the bar on what lies under it, as the window shows it
    finally:
        KeptScrollBar.keeping = True


LOOKS = [  # (minimum, maximum, page step, value, enabled, height)
    (0, 1000, 300, 0, True, 400), (0, 1000, 300, 700, True, 400), (0, 1000, 300, 1000, True, 400),
    (0, 50, 10, 25, True, 400), (0, 1000, 300, 500, False, 400), (0, 1000, 300, 500, True, 250),
    (0, 0, 300, 0, True, 400),
]


@pytest.fixture(params=["no theme", "light theme", "dark theme"])
def app_theme(request):  # noqa: ANN001, ANN201
    """The application as a test before left it, or themed (a style sheet: a child's palette is
    then the application's, not its window's, and the bar's rounded ends show the window's)."""
    app = QApplication.instance()
    style, palette, sheet = app.style().name(), app.palette(), app.styleSheet()
    if request.param != "no theme":
        apply_theme(app, request.param.split()[0])
    yield request.param
    app.setStyleSheet(sheet)
    app.setPalette(palette)
    app.setStyle(style)


@pytest.mark.parametrize("palette", [light_palette, dark_palette], ids=["light", "dark"])
def test_kept_pixels_are_qts_pixels_in_every_look(qtbot, palette, app_theme) -> None:  # noqa: ANN001
    edit, bar = _host(qtbot, palette())
    for rounds in range(2):  # the first round paints each look, the second draws the kept ones
        for minimum, maximum, page, value, enabled, height in LOOKS:
            edit.resize(320, height)
            bar.setRange(minimum, maximum)
            bar.setPageStep(page)
            bar.setValue(value)
            edit.setEnabled(enabled)
            kept = _image(edit, True)
            assert kept == _image(edit, False), (rounds, minimum, maximum, page, value, enabled, height)
    assert bar.stats["painted"] >= KEPT_LOOKS and bar.stats["kept"] >= 1


def test_a_look_comes_back_from_kept_pixels_and_a_new_one_is_painted(qtbot) -> None:  # noqa: ANN001
    edit, bar = _host(qtbot, light_palette())
    bar.setRange(0, 1000)
    bar.setValue(100)
    _image(edit, True)
    bar.setValue(600)
    _image(edit, True)
    painted, kept = bar.stats["painted"], bar.stats["kept"]
    bar.setValue(100)  # back to a look kept
    _image(edit, True)
    assert bar.stats["painted"] == painted and bar.stats["kept"] > kept  # each paint (the update's, the grab's) drew it
    bar.setValue(101)  # a look never painted: painted, not drawn from the nearest one
    image = _image(edit, True)
    assert bar.stats["painted"] == painted + 1
    assert image == _image(edit, False)
    for value in range(KEPT_LOOKS + 1):  # only the last KEPT_LOOKS looks are kept
        bar.setValue(200 + value)
        _image(edit, True)
    painted = bar.stats["painted"]
    bar.setValue(100)
    _image(edit, True)
    assert bar.stats["painted"] == painted + 1


def test_the_article_view_and_span_list_use_kept_bars(qtbot) -> None:  # noqa: ANN001
    from annotator.ui.span_list import SpanRowsView

    view = SpanRowsView()
    qtbot.addWidget(view)
    assert isinstance(view.verticalScrollBar(), KeptScrollBar)
    from annotator.ui.article_view import ArticleView

    article_view = ArticleView()
    qtbot.addWidget(article_view)
    assert isinstance(article_view._canvas.verticalScrollBar(), KeptScrollBar)


def test_a_palette_change_is_a_new_look(qtbot, app_theme) -> None:  # noqa: ANN001
    edit, bar = _host(qtbot, light_palette())
    bar.setRange(0, 1000)
    bar.setValue(300)
    light = _image(edit, True)
    edit.setPalette(dark_palette())
    dark = _image(edit, True)
    assert dark == _image(edit, False) and dark != light


def test_while_pressed_or_under_the_mouse_qt_paints(qtbot) -> None:  # noqa: ANN001
    edit, bar = _host(qtbot, light_palette())
    bar.setRange(0, 1000)
    _image(edit, True)
    painted, kept = bar.stats["painted"], bar.stats["kept"]
    bar.setSliderDown(True)
    _image(edit, True)
    bar.setSliderDown(False)
    assert (bar.stats["painted"], bar.stats["kept"]) == (painted, kept)


def test_the_window_looks_the_same_with_kept_bars(make_window) -> None:  # noqa: ANN001
    """The article's text widget and the span list, in the themed window, with the bars drawn
    from kept pixels and painted by Qt; going back to an article draws its kept bar."""
    window = make_window()
    ids = window.project.article_ids()
    for article in (ids[0], ids[1], ids[0]):
        window.open_article(article)
        for widget in (window.view._canvas, window.span_list.list):
            assert _image(widget, True) == _image(widget, False)
    for bar in (window.view._canvas.verticalScrollBar(), window.span_list.list.verticalScrollBar()):
        assert bar.stats["kept"] >= 1 or not bar.isVisible()  # a short sample article shows no bar
        assert bar._beneath() is not None  # the themed window's bars are kept, not left to Qt


def test_a_kept_bar_repaints_alone_without_the_widgets_behind_it(qtbot) -> None:  # noqa: ANN001
    """perf12g (issue 12): a bar that knows what lies beneath it paints that itself and is opaque,
    so repainting it (a look come back on a switch of article) paints nothing behind its strip
    (that was ~0.45 ms of a kept bar's 0.5 ms repaint). Under the mouse Qt paints the bar, on the
    colour the bar paints beneath: the pixels stay Qt's (the tests above)."""
    from PySide6.QtCore import QEvent, QObject

    edit, bar = _host(qtbot, light_palette())
    QApplication.processEvents()
    bar.repaint()
    assert bar.testAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
    painted: list[str] = []

    class Spy(QObject):
        def eventFilter(self, watched, event):  # noqa: ANN001, ANN202, N802
            if event.type() == QEvent.Type.Paint:
                painted.append(type(watched).__name__)
            return False

    spy = Spy()
    behind = [edit, bar.parentWidget()]
    for widget in behind:
        widget.installEventFilter(spy)
    bar.repaint()
    assert painted == []
    kept = bar.stats["kept"]
    assert kept >= 1
    KeptScrollBar.keeping = False  # Qt paints: the bar is no longer opaque from the next paint on
    try:
        bar.repaint()
        bar.repaint()
    finally:
        KeptScrollBar.keeping = True
    assert not bar.testAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
    assert painted  # the widgets behind paint under it again
