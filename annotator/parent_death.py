"""A child process of this program ends when its parent dies, by any means (``kill -9`` too).

Every process the program starts is a helper that is of no use without its parent: the
pre-annotation's pool workers (:mod:`annotator.nlp.process_pool`), the import's reading process
(:mod:`annotator.formats.import_pool`), a split export's second process
(:mod:`annotator.formats.stream_pool`) and the backup's copying process
(:mod:`annotator.storage.backup`). Left alive after a ``kill -9`` of its parent, such a child went
on using a core (and, for the export, writing its temporary part) for seconds to minutes
(usertest26 L4, fix31 for the pool; fix32 for the others). Nothing it leaves is mistaken for a
finished result: the export's part is a temporary file that only the parent's rename would have
made the export (:mod:`annotator.formats.atomic`), the import's records go into the parent's one
transaction, which a dead parent never commits, the backup's copy is a ``.part`` renamed by the
parent.

On Linux the kernel sends the child SIGKILL when the thread that started it ends
(``prctl(PR_SET_PDEATHSIG)``; a process's death ends all its threads): so a child must be started
by a thread that outlives it (each of ours is started and waited for by the same call). Elsewhere
(or with :data:`USE_PDEATHSIG` false, tests) a daemon thread in the child polls ``os.getppid()``
every :data:`PARENT_POLL_SECONDS` seconds.

Stdlib only: imported first thing in a spawned child, and by ``annotator.formats`` (which never
imports ``annotator.nlp``).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time

#: Linux: ask the kernel to SIGKILL the child when its parent dies (prctl PR_SET_PDEATHSIG).
#: False (other systems, or a test): a thread in the child polls its parent's pid instead.
USE_PDEATHSIG = sys.platform.startswith("linux")
PARENT_POLL_SECONDS = 0.2  # the fallback's look at the parent's pid: how late it ends at most
_PR_SET_PDEATHSIG = 1


def _set_pdeathsig(signum: int) -> bool:
    """Ask the (Linux) kernel to send ``signum`` to this process when the thread that started it
    ends; False when that cannot be asked here."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, signum, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent_pid: int, seconds: float) -> None:
    while os.getppid() == parent_pid:
        time.sleep(seconds)
    os._exit(1)  # orphaned: re-parented to init (or a subreaper); nothing of ours to clean up


def die_with_parent(parent_pid: int, *, use_pdeathsig: bool | None = None, poll_seconds: float | None = None) -> None:
    """End this process as soon as its parent ``parent_pid`` (the pid the parent passed: asking
    ``os.getppid()`` here could already name init) dies, by any means, SIGKILL included, even while
    it is busy: on Linux the kernel SIGKILLs it (``PR_SET_PDEATHSIG``; the parent is checked once
    more afterwards, in case it died before); elsewhere a daemon thread polls ``os.getppid()``
    every ``poll_seconds`` (default :data:`PARENT_POLL_SECONDS`) and exits the process
    (``os._exit(1)``: no cleanup runs) when it changes. ``use_pdeathsig``: default
    :data:`USE_PDEATHSIG`. Call it first thing in the child; raises nothing."""
    use = USE_PDEATHSIG if use_pdeathsig is None else use_pdeathsig
    if use and _set_pdeathsig(signal.SIGKILL):
        if os.getppid() != parent_pid:  # died between our start and the prctl: no signal will come
            os._exit(1)
        return
    if os.getppid() != parent_pid:
        os._exit(1)
    seconds = PARENT_POLL_SECONDS if poll_seconds is None else poll_seconds
    threading.Thread(target=_watch_parent, args=(parent_pid, seconds), name="watch-parent", daemon=True).start()
