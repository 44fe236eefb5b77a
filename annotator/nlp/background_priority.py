"""Background NLP processes yield the CPU to the window (issue 12, launch12b).

The window's pre-annotation child imports spaCy and loads a pipeline (1-2 s of CPU) just after
the window's first paint, then parses article after article. On a machine with two cores and
other work, a child at the window's own priority takes CPU time from the UI thread exactly when
the analyst starts typing. Raising the child's niceness (POSIX ``nice(2)``, through
:func:`os.nice`) lets the scheduler run the UI thread first; on an idle machine the child runs as
fast as before (niceness only matters when processes compete for a core).

Qt-free and picklable: :func:`start_at_background_priority` runs in the ``spawn`` child.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

BACKGROUND_NICENESS = 10  # added to the window's niceness (19, the lowest priority, at most)


def lower_priority(increment: int = BACKGROUND_NICENESS) -> int | None:
    """Add ``increment`` to this process's niceness; the new niceness, or None where the
    platform has no ``nice`` (Windows) or refuses it."""
    try:
        return os.nice(increment)
    except (AttributeError, OSError):
        return None


def lower_thread_priority(increment: int = BACKGROUND_NICENESS) -> int | None:
    """Add ``increment`` to the niceness of the calling **thread** only; its new niceness, or None
    where that cannot be done. On Linux a thread is a task with its own nice value
    (``setpriority(PRIO_PROCESS, tid, …)``, see setpriority(2), "Bugs": the nice value is a
    per-thread attribute), so a background thread of the window (the project backup, which copies
    and checks the whole file) yields to the UI thread without slowing the window itself.
    Elsewhere (macOS, Windows) nothing is changed and None is returned."""
    import sys
    import threading

    if not sys.platform.startswith("linux"):
        return None
    try:
        tid = threading.get_native_id()
        niceness = min(19, os.getpriority(os.PRIO_PROCESS, tid) + increment)
        os.setpriority(os.PRIO_PROCESS, tid, niceness)
        return niceness
    except (AttributeError, OSError):
        return None


def start_at_background_priority(start: Callable[..., Any], *args: Any) -> Any:
    """In the child: lower its priority, then ``start(*args)`` (the pool's ``init``, e.g.
    :func:`annotator.nlp.suggest_process.start`, which loads the pipeline). Given to the pool as
    ``functools.partial(start_at_background_priority, start)``, which ``spawn`` pickles by name."""
    lower_priority()
    return start(*args)
