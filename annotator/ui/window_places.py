"""Where a new main window goes while other Annotator windows are open (fix11am).

Every window restores the geometry the last closed window saved (``window/geometry``), so a second
window — another ``annotator open`` process, on the same project or another — opened exactly over
the first (same size, same top-left; 0,0 under X without a window manager) and hid it. Each open
window now holds a **slot** in the per-user settings folder: ``windows/slot-N.lock`` (an OS lock,
:class:`~annotator.storage.run_lease.RunLease`, the window holds while it is open; the kernel
drops it when the process ends, a crash included) and ``windows/slot-N.json`` (its geometry,
``[x, y, width, height]`` in screen pixels, rewritten when it moves or is resized). A new window
reads the geometries of the slots locked by live windows and, when its top-left is within
:data:`CASCADE` pixels of one's (the other's title bar and left edge would be covered), goes
:data:`CASCADE` pixels right of and below that one, and so on until it is clear of all of them —
the classic cascade — starting again at the screen's top-left when the next step would leave the
screen (:func:`cascade`). Size is never changed.

Nothing here is needed for correctness: any failure to read or write a slot leaves the window
where its saved geometry put it.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

from PySide6.QtCore import QPoint, QRect

from annotator.storage.run_lease import RunLease

#: Pixels a window is moved right and down per window in its way (about a title bar's height).
CASCADE = 32
#: At most this many slots are claimed: more open windows than that are not placed.
MAX_SLOTS = 64


def in_the_way(a: QPoint, b: QPoint, step: int = CASCADE) -> bool:
    """Whether a window at top-left ``a`` would hide the title bar and left edge of one at ``b``
    (both closer than ``step`` pixels on both axes)."""
    return abs(a.x() - b.x()) < step and abs(a.y() - b.y()) < step


def cascade(rect: QRect, taken: list[QRect], screen: QRect, step: int = CASCADE) -> QRect:
    """``rect`` (a new window's geometry, same size) placed where no window of ``taken`` (the open
    windows' geometries) is in its way (:func:`in_the_way`): as it is when nothing is; else ``step``
    pixels right of and below the window in its way, and so on — the classic cascade. The top-left
    stays on ``screen`` (the available desktop area) with the whole window on it, or, for a window
    wider or taller than the screen, at most ``4 * step`` pixels past its left or top edge; where
    the next step would leave that, the walk starts again at the screen's top-left. When every
    place tried is in the way (dozens of windows), ``rect`` is returned as it is."""
    room_x = max(screen.width() - rect.width(), 4 * step)
    room_y = max(screen.height() - rect.height(), 4 * step)

    def fits(p: QPoint) -> bool:
        return screen.left() <= p.x() <= screen.left() + room_x and screen.top() <= p.y() <= screen.top() + room_y

    p = rect.topLeft()
    wrapped = False
    for _ in range(len(taken) + 2):
        blocker = next((t for t in taken if in_the_way(p, t.topLeft(), step)), None)
        if blocker is None:
            return QRect(p, rect.size())
        p = blocker.topLeft() + QPoint(step, step)
        if not fits(p):
            if wrapped:
                break
            p, wrapped = screen.topLeft(), True
    return rect


class WindowPlaces:
    """This window's slot in ``folder`` (``<settings folder>/windows``) and the other open
    windows' geometries. :meth:`claim` once, :meth:`record` on every move/resize, :meth:`release`
    on close. A slot's lock is a :class:`~annotator.storage.run_lease.RunLease` (an OS lock the
    kernel drops when its process ends, so a crashed window's slot is free at once)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._lease: RunLease | None = None
        self._slot = -1

    def _lease_of(self, n: int) -> RunLease:
        return RunLease(self.folder / "slot", str(n))  # folder/slot-N.lock

    def _geometry_path(self, n: int) -> Path:
        return self.folder / f"slot-{n}.json"

    def _recorded(self) -> list[int]:
        """The slots with a recorded geometry (one listing of the folder)."""
        try:
            names = [e.name for e in os.scandir(self.folder)]
        except OSError:
            return []
        slots = []
        for name in names:
            number = name.removeprefix("slot-").removesuffix(".json")
            if name.endswith(".json") and number.isdigit():
                slots.append(int(number))
        return sorted(slots)

    def others(self) -> list[QRect]:
        """The geometries of the other windows open now (their slot locked by a live process, in
        this one or another); a recorded slot nobody holds (a window that crashed) is removed."""
        rects = []
        for n in self._recorded():
            if n == self._slot:
                continue
            probe = self._lease_of(n)
            if probe.acquire() and not probe.unavailable:  # nobody holds it: no window there
                self._drop(n)
                probe.release()
                continue
            rect = self._read(n)
            if rect is not None:
                rects.append(rect)
        return rects

    def claim(self) -> bool:
        """Lock the first free slot for this window (False: none could be locked, e.g. the folder
        cannot be written — the window then simply takes no part)."""
        with contextlib.suppress(OSError):
            self.folder.mkdir(parents=True, exist_ok=True)
        for n in range(MAX_SLOTS):
            lease = self._lease_of(n)
            if lease.acquire():
                if lease.unavailable:
                    return False
                self._lease, self._slot = lease, n
                self._drop(n)  # a crashed window's geometry, if any: not this one's
                return True
        return False

    def record(self, rect: QRect) -> None:
        """Write this window's geometry into its slot (nothing without one)."""
        if self._slot < 0:
            return
        path = self._geometry_path(self._slot)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        with contextlib.suppress(OSError):
            tmp.write_text(json.dumps([rect.x(), rect.y(), rect.width(), rect.height()]), encoding="utf-8")
            os.replace(tmp, path)  # readers never see half a file

    def release(self) -> None:
        """Forget this window's geometry and unlock its slot (the window closes)."""
        if self._slot < 0 or self._lease is None:
            return
        self._drop(self._slot)
        self._lease.release()
        self._lease, self._slot = None, -1

    def _read(self, n: int) -> QRect | None:
        try:
            x, y, w, h = json.loads(self._geometry_path(n).read_text(encoding="utf-8"))
            return QRect(int(x), int(y), int(w), int(h))
        except (OSError, ValueError, TypeError):  # not written yet, or half gone
            return None

    def _drop(self, n: int) -> None:
        with contextlib.suppress(OSError):
            self._geometry_path(n).unlink()
