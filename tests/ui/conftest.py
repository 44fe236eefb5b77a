"""Fixtures of the window's tests: the application's look (style, palette, style sheet, font) is
the same after every test as before it (usertest14 F10), and its caret's flash time.

The QApplication lives as long as the pytest worker, and pytest-xdist hands each worker its tests
in an order that changes run to run: a test that themed the application (a screenshot's light
theme, Preferences → OK, which applies the chosen theme) changed how every later test of its
worker painted (test_article_view's dark palette painted white after one). A test that changes
the look on purpose takes :func:`app_look_kept`, which puts it back; :func:`_app_look_checked`
(autouse) fails any test that leaves it changed, and puts it back so the next test starts clean.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


def _look(app: Any) -> dict[str, Any]:
    from PySide6.QtGui import QFont, QPalette

    return {"style": app.style().name(), "style sheet": app.styleSheet(), "palette": QPalette(app.palette()),
            "font": QFont(app.font()), "cursor flash time": app.cursorFlashTime()}


def _put_back(app: Any, look: dict[str, Any]) -> None:
    # the style first: setStyle polishes with the style's own palette, which the palette then replaces
    if app.style().name() != look["style"]:
        app.setStyle(look["style"])
    app.setStyleSheet(look["style sheet"])
    app.setPalette(look["palette"])
    app.setFont(look["font"])
    app.setCursorFlashTime(look["cursor flash time"])


@pytest.fixture
def app_look_kept(qapp: Any) -> Iterator[None]:
    """For a test that changes the application's style, palette, style sheet or font (a theme):
    puts them back as they were when it is done."""
    look = _look(qapp)
    yield
    _put_back(qapp, look)


@pytest.fixture(autouse=True)
def _app_look_checked(qapp: Any) -> Iterator[None]:
    """Fail a test that leaves the application's look changed (take :func:`app_look_kept`)."""
    look = _look(qapp)
    yield
    now = _look(qapp)
    changed = [name for name in look if now[name] != look[name]]
    if changed:
        _put_back(qapp, look)
        pytest.fail(f"the test left the application's {', '.join(changed)} changed, for every later test of this "
                    "worker: take the app_look_kept fixture (tests/ui/conftest.py)", pytrace=False)
