"""pipe17b: a pre-annotation worker keeps the heap memory it frees (glibc ``M_TRIM_THRESHOLD``),
so the next chunk does not fault every page in again (the parse-only worker's page faults per 100
FNC-1 bodies: 63,584 → 24,463, docs/benchmarks.md)."""

from __future__ import annotations

import os
import sys

import pytest

from annotator.nlp import runner


class _FakeLibc:
    def __init__(self) -> None:
        self.calls: list[tuple[int, int]] = []

    def mallopt(self, param: int, value: int) -> int:
        self.calls.append((param, value))
        return 1


def test_the_worker_init_sets_the_trim_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    import ctypes

    libc = _FakeLibc()
    monkeypatch.setattr(ctypes, "CDLL", lambda name: libc)
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(runner, "_inherited", [object()])  # as a forked worker: the parent's pipeline, no load
    state = runner._init_worker("", runner.default_rules(), {}, "origin", 8)
    assert state["batch_size"] == 8
    assert libc.calls == [(-1, runner.WORKER_TRIM_BYTES)]  # M_TRIM_THRESHOLD (malloc.h)


def test_not_linux_nothing_is_called(monkeypatch: pytest.MonkeyPatch) -> None:
    import ctypes

    libc = _FakeLibc()
    monkeypatch.setattr(ctypes, "CDLL", lambda name: libc)
    monkeypatch.setattr(sys, "platform", "darwin")
    assert runner.keep_freed_memory() is False
    assert libc.calls == []


_FILL = """
import ctypes, resource, sys
from annotator.nlp import runner
if sys.argv[1] == "keep":
    runner.keep_freed_memory()
else:
    ctypes.CDLL(None).mallopt(-1, 128 * 1024)  # M_TRIM_THRESHOLD: glibc's starting value
blocks = [bytearray(65536) for _ in range(512)]
del blocks
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
blocks = [bytearray(65536) for _ in range(512)]
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


def _faults_of_a_second_fill(keep: bool) -> int:
    """In a fresh interpreter (a forked child of a test process inherits a heap whose layout
    depends on every test run before it: in the full suite the default case saw 11 or 2,159
    faults instead of ~8,000): fill ~32 MB in 64 KiB blocks (malloc's heap, below the mmap
    threshold), free them all, fill again; the minor page faults of the second fill."""
    import subprocess

    ran = subprocess.run([sys.executable, "-c", _FILL, "keep" if keep else "default"], capture_output=True, text=True,
                         timeout=60, check=True, env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    return int(ran.stdout.strip().splitlines()[-1])


@pytest.mark.skipif(not sys.platform.startswith("linux") or os.confstr("CS_GNU_LIBC_VERSION") is None,
                    reason="glibc's malloc only")
def test_freed_memory_is_not_faulted_in_again() -> None:
    kept = _faults_of_a_second_fill(keep=True)
    default = _faults_of_a_second_fill(keep=False)
    # 32 MB is ~8,000 pages: given back and faulted in again by default, reused when kept
    assert default > 4000, default
    assert kept < default // 4, (kept, default)
