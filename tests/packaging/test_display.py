"""Without a display, `annotator` says so in one line and exits 1 before Qt can abort (issue 13)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.display import XCB_LIBRARIES, can_connect_x11, can_load, display_problem, requested_platform

DISPLAY_VARIABLES = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")


def _loads_all(_soname: str) -> bool:
    return True


def _connects(_display: str) -> bool:
    return True


def _unused_display() -> str:
    """A DISPLAY value no X server listens on: the first number without a local socket or lock."""
    number = next(n for n in range(90, 200) if not Path(f"/tmp/.X11-unix/X{n}").exists()
                  and not Path(f"/tmp/.X{n}-lock").exists())
    return f":{number}"


def test_no_display_variables_is_a_problem_naming_the_commands_that_need_none() -> None:
    problem = display_problem({}, platform="linux", loads=_loads_all)
    assert problem is not None and "DISPLAY" in problem and "WAYLAND_DISPLAY" in problem
    for command in ("annotator --help", "annotator import", "annotator export"):
        assert command in problem
    assert "\n" not in problem


@pytest.mark.parametrize("platform_value", ["offscreen", "minimal", "offscreen:size=800x600", "OFFSCREEN;xcb"])
def test_a_headless_qt_platform_needs_no_display(platform_value: str) -> None:
    assert display_problem({"QT_QPA_PLATFORM": platform_value}, platform="linux", loads=lambda s: False) is None


def test_requested_platform_reads_the_first_plugin_without_arguments() -> None:
    assert requested_platform({"QT_QPA_PLATFORM": "wayland;xcb"}) == "wayland"
    assert requested_platform({"QT_QPA_PLATFORM": "offscreen:fontengine=freetype"}) == "offscreen"
    assert requested_platform({}) == ""


def test_missing_xcb_cursor_names_the_library_and_the_package_to_install() -> None:
    problem = display_problem({"DISPLAY": ":0"}, platform="linux", loads=lambda s: s != "libxcb-cursor.so.0",
                              connects=_connects)
    assert problem is not None
    assert "libxcb-cursor.so.0" in problem and "sudo apt install libxcb-cursor0" in problem
    assert "xcb-util-cursor" in problem  # the Fedora name
    assert "libxkbcommon" not in problem  # only what is missing
    assert "\n" not in problem


def test_every_missing_xcb_library_is_named_at_once() -> None:
    problem = display_problem({"DISPLAY": ":0"}, platform="linux", loads=lambda s: False, connects=_connects)
    assert problem is not None
    for soname, package in XCB_LIBRARIES:
        assert soname in problem and package in problem


def test_x11_with_its_libraries_and_wayland_are_fine() -> None:
    assert display_problem({"DISPLAY": ":0"}, platform="linux", loads=_loads_all, connects=_connects) is None
    # A Wayland session does not go through xcb unless asked: its libraries are not required.
    assert display_problem({"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}, platform="linux", loads=lambda s: False) is None
    assert display_problem({"WAYLAND_DISPLAY": "wayland-0", "QT_QPA_PLATFORM": "xcb"}, platform="linux",
                           loads=lambda s: False) is not None


def test_a_display_no_x_server_answers_on_is_one_line_before_any_library_advice() -> None:
    # A stale DISPLAY (ssh without -X, a closed Xvfb): Qt says "could not connect to display",
    # then wrongly blames xcb-cursor, and aborts.
    problem = display_problem({"DISPLAY": ":42"}, platform="linux", loads=lambda s: False, connects=lambda d: d != ":42")
    assert problem is not None and "\n" not in problem
    assert problem.startswith("cannot connect to the X display ':42' named by DISPLAY")
    assert "annotator --help" in problem and "annotator export" in problem
    assert "apt install" not in problem  # no library would help


def test_xcb_asked_for_without_a_display_variable_is_said() -> None:
    problem = display_problem({"QT_QPA_PLATFORM": "xcb", "WAYLAND_DISPLAY": "wayland-0"}, platform="linux",
                              loads=_loads_all, connects=_connects)
    assert problem is not None and "DISPLAY is not set" in problem and "QT_QPA_PLATFORM" in problem


@pytest.mark.skipif(not can_load("libxcb.so.1"), reason="libxcb is not installed here")
def test_can_connect_x11_is_false_for_a_display_without_a_server_and_for_garbage() -> None:
    assert can_connect_x11(_unused_display()) is False
    assert can_connect_x11("bogus") is False


@pytest.mark.parametrize("platform", ["win32", "darwin"])
def test_windows_and_macos_are_not_checked(platform: str) -> None:
    assert display_problem({}, platform=platform, loads=lambda s: False) is None


@pytest.mark.parametrize("args", [[], ["open"], ["news.db"]])
def test_annotator_without_a_display_says_so_in_one_line_and_creates_nothing(args: list[str], tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in DISPLAY_VARIABLES}
    home = tmp_path / "home"
    env["ANNOTATOR_HOME"] = str(home)
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    run = subprocess.run([sys.executable, "-c", "from annotator.cli import main; main()", *args], cwd=tmp_path, env=env, capture_output=True,
                         text=True, timeout=60)
    assert run.returncode == 1
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith("Error: no display") and "annotator --help" in lines[0]
    assert "xcb" not in run.stderr and "Aborted" not in run.stderr
    assert not home.exists()  # no default project created
    assert not (tmp_path / "news.db").exists()


@pytest.mark.skipif(not can_load("libxcb.so.1"), reason="libxcb is not installed here")
def test_annotator_with_a_display_no_server_answers_on_says_so_in_one_line_and_creates_nothing(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in DISPLAY_VARIABLES}
    env.update(DISPLAY=_unused_display(), ANNOTATOR_HOME=str(tmp_path / "home"), XDG_CONFIG_HOME=str(tmp_path / "config"))
    run = subprocess.run([sys.executable, "-c", "from annotator.cli import main; main()"], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 1, run.stderr
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: cannot connect to the X display"), run.stderr
    assert "xcb-cursor" not in run.stderr and "Aborted" not in run.stderr
    assert not (tmp_path / "home").exists()


def test_can_connect_x11_tries_again_before_saying_no(monkeypatch: pytest.MonkeyPatch) -> None:
    """usertest24p L4: one launch refused ':26' while Xvfb was up (one xcb_connect, no retry)."""
    import annotator.display as display

    answers: list[bool] = []
    pauses: list[float] = []
    monkeypatch.setattr(display.time, "sleep", pauses.append)
    monkeypatch.setattr(display, "_xcb_connects", lambda name: answers.pop(0))
    answers[:] = [False, False, True]  # the server answers the third time
    assert can_connect_x11(":26") is True and not answers
    assert pauses == [display.X11_PAUSE] * 2 and sum(pauses) <= 0.5
    pauses.clear()
    answers[:] = [False] * 3 + [True]  # not within the tries: unreachable, the fourth never asked
    assert can_connect_x11(":26") is False and answers == [True]
    answers[:] = [True]
    pauses.clear()
    assert can_connect_x11(":26") is True and pauses == []  # the first try connects: no wait
