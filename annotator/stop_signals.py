"""The signals that stop a command, and holding them off where a stop would split one step in two.

A command stops on Ctrl+C (SIGINT, raised by Python as :class:`KeyboardInterrupt`) and on SIGTERM
(``kill PID``, a service manager: :func:`annotator.cli.stop_on_sigterm_as_on_ctrl_c` raises it as
:class:`annotator.cli.Terminated`, a KeyboardInterrupt too). Each may come between any two bytecodes,
so a step that must happen whole — a batch committed *and* counted, a worker started *and* recorded —
holds both off with :func:`held` and takes them when it ends.

fix46: only SIGINT was held. A SIGTERM landing after a pre-annotation batch's commit but before
its tally made ``preannotate`` say "32 articles saved" of a project holding 64 (seen under load
in ``tests/cli/test_preannotate_sigterm_ut26.py``). Both now come from this one set.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Iterator
from typing import Any

#: what a command treats as "stop": Ctrl+C and SIGTERM (POSIX; Windows has no SIGTERM to hold)
STOP_SIGNALS: frozenset[signal.Signals] = frozenset({signal.SIGINT, signal.SIGTERM})


def can_mask() -> bool:
    """Whether this platform has per-thread signal masks (POSIX: yes; Windows: no)."""
    return hasattr(signal, "pthread_sigmask")


@contextlib.contextmanager
def held() -> Iterator[None]:
    """Hold off :data:`STOP_SIGNALS` for the ``with`` block: one that arrives meanwhile takes
    effect (its handler runs: KeyboardInterrupt or :class:`annotator.cli.Terminated` raised)
    when the block ends. Reentrant. Two layers, because Python runs every handler in the main
    thread whichever thread the kernel gave the signal to:

    * this thread's signal mask (any thread): processes started inside the block inherit it, so
      a child cannot take Ctrl+C before it has set what it does with it (it lifts the block with
      :func:`release_in_child`);
    * in the main thread, the handlers swapped for ones that note the signal, replayed at the
      end: a signal the kernel hands to another thread (a daemon thread of the command) would
      otherwise still raise in the main thread in the middle of the block.

    Without signal masks (Windows) only the second layer applies."""
    main = threading.current_thread() is threading.main_thread()
    noted: list[int] = []
    saved: dict[signal.Signals, Any] = {}
    if main:
        for signum in STOP_SIGNALS:
            handler = signal.getsignal(signum)
            if handler is _NOTE:  # nested: the outer block replays
                continue
            saved[signum] = handler
            signal.signal(signum, _NOTE)
        _noted.append(noted)
    old = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS) if can_mask() else None
    try:
        yield
    finally:
        if main and saved and old is not None:
            noted.extend(_take_pending())  # while still blocked: taken here, not left to a late handler run
        if main:
            for signum, handler in saved.items():  # first: from here on a signal reaches its own handler
                signal.signal(signum, handler)
            del _noted[next(i for i, n in enumerate(_noted) if n is noted)]  # by identity: an empty list equals another
        if old is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, old)
        for signum in dict.fromkeys(noted):  # each signal once, in arrival order
            _replay(signal.Signals(signum), saved.get(signal.Signals(signum)))


def _take_pending() -> list[int]:
    """Accept the stop signals pending for this thread (blocked since they came), without
    running a handler: Python runs handlers at its next check, which may come after the block
    has put the real ones back — or, measured on 3.11, not even inside ``pthread_sigmask``."""
    taken: list[int] = []
    if hasattr(signal, "sigtimedwait"):
        while (info := signal.sigtimedwait(STOP_SIGNALS, 0)) is not None:
            taken.append(info.si_signo)
    else:  # macOS: no sigtimedwait; sigwait returns at once for a signal known to be pending
        for signum in sorted(signal.sigpending() & STOP_SIGNALS):
            taken.append(signal.sigwait({signum}))
    return taken


#: the lists of signals noted by the main thread's open :func:`held` blocks (the outermost first)
_noted: list[list[int]] = []


def _note(signum: int, _frame: object) -> None:
    if _noted:
        _noted[0].append(signum)


_NOTE = _note


def _replay(signum: signal.Signals, handler: Any) -> None:
    """What ``signum`` would have done had it not been held off."""
    if callable(handler):
        handler(signum, None)  # raises KeyboardInterrupt / Terminated
    elif handler == signal.SIG_DFL:
        os.kill(os.getpid(), signum)  # the default action (SIGTERM: the process ends)


def release_in_child() -> None:
    """In a child process started inside :func:`held`: give back the defaults of any handler
    :func:`held` had swapped in (a forked child inherits them) and lift the inherited block of
    :data:`STOP_SIGNALS`, so that a SIGTERM sent to the child ends it. Call it after setting
    what the child does with SIGINT (workers ignore it: their parent stops them)."""
    _forget_in_child()
    if can_mask():
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)


def _forget_in_child() -> None:
    if threading.current_thread() is not threading.main_thread():
        return
    _noted.clear()
    for signum in STOP_SIGNALS:
        if signal.getsignal(signum) is _NOTE:
            signal.signal(signum, signal.default_int_handler if signum == signal.SIGINT else signal.SIG_DFL)


if hasattr(os, "register_at_fork"):
    # a process forked inside held() (a worker, an export's part) is not in that block
    os.register_at_fork(after_in_child=_forget_in_child)
