"""Whether a run of several worker processes had the CPUs to itself (usertest19: `annotator
preannotate --processes 2` at load 2.0-5.0 on 2 CPUs gave no gain over one process, 26.8 s vs
27.0 s, and "the tool gives no hint that 2 processes will not help under load").

:class:`SharedCpus` samples the 1-minute load average (:func:`os.getloadavg`: processes running
or waiting for a CPU, averaged by the kernel over about a minute) while the run goes; at its end,
when the mean of the samples exceeds the CPUs this process may use
(:func:`os.sched_getaffinity`, else :func:`os.cpu_count`), :meth:`SharedCpus.line` says so in
one line: the processes had to share them, so the speed-up is not what a quiet machine gives.
The load counts the run's own processes too (it is what they waited in), and the line says so;
"exceeds" is by more than :data:`MARGIN`, for what the run adds beside its workers on a quiet
machine (the parent storing suggestions: 1.9 s of CPU in a 30 s run of 100 FNC-1 bodies with 2
processes, about 0.07 of a CPU, and the 1-minute average's lag).
Qt-free; the load and CPU sources are parameters (tests inject them).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

#: seconds between two samples: the kernel updates the load average every 5 s (Linux
#: ``LOAD_FREQ``), so sampling more often only repeats it
SAMPLE_EVERY_S = 5.0
#: load above the CPU count that is not yet "shared" (see the module doc)
MARGIN = 0.5


def load_average() -> float | None:
    """The 1-minute load average, or None where there is none (Windows)."""
    try:
        return os.getloadavg()[0]
    except (AttributeError, OSError):
        return None


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity mask, else the machine's count; at least 1)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


class SharedCpus:
    """Load-average samples of a run of ``processes`` worker processes: :meth:`sample` as the run
    goes (at most one sample a :data:`SAMPLE_EVERY_S`), :meth:`line` at its end.

    ``load()`` returns the load average (None: unknown, no line is ever said; default
    :func:`load_average`); ``cpus()`` the CPU count (default :func:`usable_cpus`); ``clock()``
    seconds (monotonic)."""

    def __init__(self, processes: int, *, load: Callable[[], float | None] | None = None,
                 cpus: Callable[[], int] | None = None, clock: Callable[[], float] = time.monotonic) -> None:
        self.processes = processes
        # looked up now, not when the module was read: a test replaces the module's functions
        self._load = load if load is not None else load_average
        self._cpus = cpus if cpus is not None else usable_cpus
        self._clock = clock
        self.samples: list[float] = []
        self._last: float | None = None

    def sample(self) -> None:
        """Take a sample unless one was taken less than :data:`SAMPLE_EVERY_S` ago."""
        now = self._clock()
        if self._last is not None and now - self._last < SAMPLE_EVERY_S:
            return
        self._last = now
        value = self._load()
        if value is not None:
            self.samples.append(float(value))

    def line(self) -> str | None:
        """At the run's end (one last sample taken): e.g. "The CPUs were shared during this run:
        load 3.4 on 2 CPUs (this run's 2 processes included), so 2 processes do not give the
        speed-up they give on a quiet machine.", or None when the mean load did not exceed the
        CPU count by more than :data:`MARGIN`, the run had one process, or the load is unknown."""
        self._last = None
        self.sample()
        if self.processes < 2 or not self.samples:
            return None
        load = sum(self.samples) / len(self.samples)
        cpus = self._cpus()
        if load <= cpus + MARGIN:
            return None
        return (f"The CPUs were shared during this run: load {load:.1f} on {cpus} CPU{'s' if cpus != 1 else ''} "
                f"(this run's {self.processes} processes included), so {self.processes} processes do not give the "
                "speed-up they give on a quiet machine.")
