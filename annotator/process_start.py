"""Whether this process may fork its worker processes, one rule for the exports' second process,
the CSV import's reader and the pre-annotation workers.

``fork`` starts a child at once with everything this process has imported and built (spaCy, the
pipeline, the exports' tokenizer) instead of importing it again (~0.5-1.5 s of CPU a ``spawn``
child). It is only safe in a process that runs one thread: a child forked beside other threads
inherits the locks they held at that moment and can hang or fail on them. Threads Python's
``threading`` does not know of count too: Qt's (a ``QThread`` running the window's export job, the
render threads), so a process that has loaded PySide6 never forks, and neither does any thread but
the main one. usertest35 H1: the window's first File → Export of CoNLL or .spacy of 1,000 articles
or more forked from its job's ``QThread`` (``threading.active_count()`` was 1 — Python had not
met that thread yet) and the child exited with status 1 after sending its part: "Export failed:
the second export process ended unexpectedly (exit code 1)"; the second export, by then spawned,
worked.
"""

from __future__ import annotations

import multiprocessing
import sys
import threading


def can_fork() -> bool:
    """True when a child may be forked from here (see the module docstring): ``fork`` exists on
    this platform, this is the main thread, Python knows of no other thread, and PySide6 is not
    loaded. Never raises."""
    return ("fork" in multiprocessing.get_all_start_methods()
            and threading.current_thread() is threading.main_thread()
            and threading.active_count() == 1
            and "PySide6" not in sys.modules)
