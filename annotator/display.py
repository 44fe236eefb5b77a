"""Can the window open here? Checked before Qt starts, because Qt's own answer is an abort.

Without a display, with ``DISPLAY`` naming an X server that is not there (a stale variable in
an ssh or container shell, a closed Xvfb), or with the X11 platform plugin's system libraries
missing, creating a ``QApplication`` prints several lines ("could not connect to display",
"xcb-cursor0 or libxcb-cursor0 is needed to load the Qt xcb platform plugin" — even when that
library is there) and aborts the process. This module says the same thing in one line, naming
what to install or the commands that need no display. No Qt import here: the CLI asks before it
imports PySide6.

The libraries are those Qt 6's ``libqxcb.so`` links against beyond the Qt libraries themselves
(``ldd`` on PySide6 6.11's plugin; Qt documents the list under "Qt for X11 Requirements"), with
the Debian/Ubuntu package that provides each.
"""

from __future__ import annotations

import ctypes
import os
import sys
import time
from collections.abc import Callable, Mapping

# Qt platform plugins that need no display server (QT_QPA_PLATFORM).
HEADLESS_PLATFORMS = frozenset({"offscreen", "minimal", "minimalegl", "vnc", "eglfs", "linuxfb", "vkkhrdisplay"})

# so-name → Debian/Ubuntu package, for the X11 (xcb) platform plugin. The first is the one most
# often missing: Qt ≥ 6.5 needs it and many desktop installs lack it.
XCB_LIBRARIES: tuple[tuple[str, str], ...] = (
    ("libxcb-cursor.so.0", "libxcb-cursor0"),
    ("libxcb.so.1", "libxcb1"),
    ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
    ("libxcb-icccm.so.4", "libxcb-icccm4"),
    ("libxcb-image.so.0", "libxcb-image0"),
    ("libxcb-keysyms.so.1", "libxcb-keysyms1"),
    ("libxcb-randr.so.0", "libxcb-randr0"),
    ("libxcb-render-util.so.0", "libxcb-render-util0"),
    ("libxcb-shape.so.0", "libxcb-shape0"),
    ("libxcb-xkb.so.1", "libxcb-xkb1"),
    ("libX11-xcb.so.1", "libx11-xcb1"),
    ("libEGL.so.1", "libegl1"),
    ("libfontconfig.so.1", "libfontconfig1"),
)

NO_DISPLAY_COMMANDS = "annotator --help, annotator import, annotator export, annotator preannotate, annotator --selftest"


def load_library(soname: str) -> ctypes.CDLL | None:
    """The shared library ``soname`` as the dynamic loader finds it (as Qt's plugin loader would),
    or the bundled application's own copy (PyInstaller, ``sys._MEIPASS``); None when neither loads."""
    bundled = getattr(sys, "_MEIPASS", None)
    candidates = [os.path.join(bundled, soname)] if bundled else []
    for candidate in [*candidates, soname]:
        if candidate != soname and not os.path.exists(candidate):
            continue
        try:
            return ctypes.CDLL(candidate)
        except OSError:
            continue
    return None


def can_load(soname: str) -> bool:
    """True when :func:`load_library` finds ``soname``."""
    return load_library(soname) is not None


#: xcb_connect tries before a display counts as unreachable, and the pause between two (seconds):
#: usertest24p L4, one launch refused ":26" while Xvfb answered xdpyinfo before and after (load 5.6,
#: right after another client had closed); a retry over ~300 ms outlasts such a moment and costs
#: nothing when the first try connects.
X11_TRIES = 3
X11_PAUSE = 0.15


def can_connect_x11(display: str, *, tries: int = X11_TRIES, pause: float = X11_PAUSE) -> bool:
    """True when an X server accepts a connection on ``display`` (the ``DISPLAY`` value, e.g.
    ":0", "localhost:10.0"), tried with libxcb's ``xcb_connect`` — the call Qt's xcb plugin makes,
    so its socket lookup and X authority rules are the same — up to ``tries`` times, ``pause``
    seconds apart (:data:`X11_TRIES`, :data:`X11_PAUSE`: False after ~0.3 s). Also True when libxcb
    itself does not load: the missing-library check names it then."""
    for attempt in range(max(1, tries)):
        if attempt:
            time.sleep(pause)
        connected = _xcb_connects(display)
        if connected is None or connected:
            return True
    return False


def _xcb_connects(display: str) -> bool | None:
    """One ``xcb_connect`` to ``display``: whether it connected; None when libxcb does not load."""
    xcb = load_library("libxcb.so.1")
    if xcb is None:
        return None
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = (ctypes.c_char_p, ctypes.POINTER(ctypes.c_int))
    xcb.xcb_connection_has_error.restype = ctypes.c_int
    xcb.xcb_connection_has_error.argtypes = (ctypes.c_void_p,)
    xcb.xcb_disconnect.restype = None
    xcb.xcb_disconnect.argtypes = (ctypes.c_void_p,)
    # xcb_connect never returns NULL: a failed connection is a static error object that
    # xcb_disconnect accepts (libxcb's xcb_conn.c).
    connection = xcb.xcb_connect(os.fsencode(display), None)
    try:
        return bool(connection) and xcb.xcb_connection_has_error(connection) == 0
    finally:
        if connection:
            xcb.xcb_disconnect(connection)


def requested_platform(env: Mapping[str, str]) -> str:
    """The first platform plugin named by ``QT_QPA_PLATFORM`` ("xcb;wayland", "offscreen:size=…"),
    lower case; "" when unset."""
    value = env.get("QT_QPA_PLATFORM", "").split(";")[0]
    return value.split(":")[0].strip().lower()


def display_problem(
    env: Mapping[str, str], *, platform: str = sys.platform, loads: Callable[[str], bool] = can_load,
    connects: Callable[[str], bool] = can_connect_x11,
) -> str | None:
    """Why the window cannot open here, as one line for the user; None when it can (or when we
    cannot tell: only Linux and the other X11/Wayland systems are checked).

    ``env`` is the environment (``os.environ``); ``loads`` tells whether a shared library loads;
    ``connects`` whether an X server answers on a ``DISPLAY`` value.
    """
    if platform in ("win32", "cygwin", "darwin"):
        return None
    requested = requested_platform(env)
    if requested in HEADLESS_PLATFORMS:
        return None
    has_x11, has_wayland = bool(env.get("DISPLAY")), bool(env.get("WAYLAND_DISPLAY"))
    if not has_x11 and not has_wayland:
        return (
            "no display to open the window on (neither DISPLAY nor WAYLAND_DISPLAY is set); start Annotator from a "
            f"desktop session, or use the commands that need no display: {NO_DISPLAY_COMMANDS}"
        )
    # Qt uses xcb when asked for it, or when only an X server is there.
    if requested == "xcb" or (not requested and has_x11 and not has_wayland):
        display = env.get("DISPLAY", "")
        if not has_x11:
            return (
                "QT_QPA_PLATFORM asks for X11 (xcb) but DISPLAY is not set; unset QT_QPA_PLATFORM in a Wayland "
                f"session, or use the commands that need no display: {NO_DISPLAY_COMMANDS}"
            )
        # Checked first: with no server to talk to, installing libraries would not help.
        if not connects(display):
            return (
                f"cannot connect to the X display {display!r} named by DISPLAY (no X server there, or it refuses "
                "this user); start Annotator from a desktop session, or with ssh -X, or use the commands that need "
                f"no display: {NO_DISPLAY_COMMANDS}"
            )
        missing = [(soname, package) for soname, package in XCB_LIBRARIES if not loads(soname)]
        if missing:
            names = ", ".join(soname for soname, _ in missing)
            packages = " ".join(package for _, package in missing)
            fedora = " (Fedora: sudo dnf install xcb-util-cursor)" if missing[0][0] == "libxcb-cursor.so.0" else ""
            what = "library" if len(missing) == 1 else "libraries"
            return (
                f"the window needs the system {what} {names} (Qt's X11 support), not installed here; install "
                f"with: sudo apt install {packages}{fedora}; the commands that need no display work meanwhile: "
                f"{NO_DISPLAY_COMMANDS}"
            )
    return None
