"""The ``annotator`` command's entry point: :func:`annotator.cli.main`, with a stop while Python
is still importing the command (the first ~0.3-0.9 s) said as every other stop is said.

Importing :mod:`annotator.cli` (click, the storage layer, the commands) takes a few tenths of a
second, seconds on a loaded machine; a Ctrl+C then printed a KeyboardInterrupt traceback
through the import machinery (exit -2), and SIGTERM ended the process without a word (-15)
(fixut15, usertest14 F6: "whatever phase it is in"). Nothing is read or written before the
import is done, so the line says nothing was done. This module imports only the standard
library's ``signal`` and ``sys``.
"""

from __future__ import annotations

import signal
import sys

EXIT_INTERRUPTED = 130
_STARTING = "while starting; nothing was done."


class _TerminatedWhileStarting(KeyboardInterrupt):
    """SIGTERM before :func:`annotator.cli.main` installed its own handler."""


def _terminated(_signum: int, _frame: object) -> None:
    raise _TerminatedWhileStarting()


def main() -> None:
    """Run the ``annotator`` command (``sys.argv``); a Ctrl+C or SIGTERM during its import
    prints one line ("Interrupted while starting; nothing was done.") and exits 130."""
    previous = None
    try:
        previous = signal.signal(signal.SIGTERM, _terminated)
    except (ValueError, OSError):  # not the main thread: nothing to hold
        pass
    try:
        from annotator.cli import main as run
    except KeyboardInterrupt as exc:
        word = "Terminated (SIGTERM)" if isinstance(exc, _TerminatedWhileStarting) else "Interrupted"
        print(f"{word} {_STARTING}", file=sys.stderr)
        sys.exit(EXIT_INTERRUPTED)
    finally:
        if previous is not None and signal.getsignal(signal.SIGTERM) is _terminated:
            signal.signal(signal.SIGTERM, previous)
    run()  # installs its own SIGTERM handler first thing


if __name__ == "__main__":
    main()
