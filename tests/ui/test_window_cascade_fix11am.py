"""fix11am (issue 11 last user test): a second Annotator window opened exactly over the first —
both restore the geometry the last closed window saved (0,0 1380x860 under X without a window
manager) — so the first was hidden. A new window now cascades clear of every open one, in this
process or another (``annotator.ui.window_places``)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from PySide6.QtCore import QPoint, QRect

from annotator.ui.settings import Settings
from annotator.ui.window_places import CASCADE, WindowPlaces, cascade
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401

SCREEN = QRect(0, 0, 1920, 1080)


def test_cascade_moves_a_window_off_every_open_windows_corner() -> None:
    rect = QRect(0, 0, 1380, 860)
    assert cascade(rect, [], SCREEN) == rect  # alone: where it was
    assert cascade(rect, [QRect(500, 100, 800, 600)], SCREEN) == rect  # nothing in its way
    assert cascade(rect, [rect], SCREEN) == QRect(CASCADE, CASCADE, 1380, 860)
    two = [rect, QRect(CASCADE, CASCADE, 1380, 860)]
    assert cascade(rect, two, SCREEN) == QRect(2 * CASCADE, 2 * CASCADE, 1380, 860)
    # a few pixels off is still in the way (the other's title bar would be covered): below and right of it
    assert cascade(rect, [QRect(5, 3, 1380, 860)], SCREEN).topLeft() == QPoint(5 + CASCADE, 3 + CASCADE)


def test_cascade_wraps_to_the_screens_corner_and_keeps_a_big_window_reachable() -> None:
    # the next step would push the window's corner off the screen: start again at the top-left
    low = QRect(540, 220, 1380, 860)  # its right and bottom edges on the screen's
    placed = cascade(low, [low], SCREEN)
    assert placed.topLeft() == QPoint(0, 0) and placed.size() == low.size()
    # a window larger than the screen still moves (up to half the screen), never left in place
    big = QRect(0, 0, 1380, 860)
    small_screen = QRect(0, 0, 800, 800)
    assert cascade(big, [big], small_screen).topLeft() == QPoint(CASCADE, CASCADE)
    # every place taken: left as it is (no endless walk)
    crowd = [QRect(n * CASCADE, n * CASCADE, 1380, 860) for n in range(100)]
    assert cascade(big, crowd, small_screen) == big


def test_a_second_and_third_window_cascade_and_a_closed_ones_place_is_free_again(make_window, qtbot) -> None:  # noqa: ANN001
    first = make_window()
    first.move(100, 80)
    first.resize(600, 500)  # within the offscreen platform's 800 x 800 screen
    first.close()  # saves its geometry: every later window restores it, as after a real restart
    first = make_window()
    assert first.pos() == QPoint(100, 80)
    second = make_window()
    assert second.pos() == QPoint(100 + CASCADE, 80 + CASCADE) and second.size() == first.size()
    third = make_window()
    assert third.pos() == QPoint(100 + 2 * CASCADE, 80 + 2 * CASCADE)
    first.close()
    fourth = make_window()  # the first's place is free again
    assert fourth.pos() == QPoint(100, 80)
    # a window moved by hand is recorded where it went (after the move settles)
    second.move(600, 300)
    qtbot.waitUntil(lambda: QPoint(600, 300) in [r.topLeft() for r in WindowPlaces(second.places.folder).others()], timeout=3000)
    fifth = make_window()
    assert fifth.pos() == QPoint(100 + CASCADE, 80 + CASCADE)  # the second's old place is free now


HOLDER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from PySide6.QtCore import QCoreApplication, QRect
    from annotator.ui.window_places import WindowPlaces
    app = QCoreApplication([])
    places = WindowPlaces(Path(sys.argv[1]))
    assert places.claim()
    places.record(QRect(100, 80, 600, 500))
    print("ready", flush=True)
    time.sleep(60)
""")


def test_a_window_of_another_process_is_avoided_and_a_crashed_ones_place_is_not(make_window, tmp_path: Path) -> None:  # noqa: ANN001
    probe = make_window()
    folder = probe.places.folder
    probe.move(100, 80)
    probe.resize(600, 500)
    saved = probe.saveGeometry()
    probe.close()  # saved geometry 100,80; its slot released
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(folder)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready", holder.stderr.read() if holder.stderr else ""
        window = make_window()
        assert window.pos() == QPoint(100 + CASCADE, 80 + CASCADE)  # the other process's window is at 100,80
        window.close()
    finally:
        holder.kill()  # as a crash: its geometry is left behind, its OS lock gone with it
        holder.wait(10)
    assert any(folder.glob("slot-*.json"))
    Settings().set_value("window/geometry", saved)  # the next window opens where the crashed one was
    window = make_window()
    assert window.pos() == QPoint(100, 80)  # a crashed window's slot is no window
