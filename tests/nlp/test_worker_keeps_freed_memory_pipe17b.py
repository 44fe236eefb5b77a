"""pipe17b: a pre-annotation worker keeps the heap memory it frees (glibc ``M_TRIM_THRESHOLD``),
so the next chunk does not fault every page in again (the parse-only worker's page faults per 100
FNC-1 bodies: 63,584 → 24,463, docs/benchmarks.md)."""

from __future__ import annotations

import json
import os
import resource
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


def _faults_of_a_second_fill(keep: bool) -> int:
    """In a forked child: fill ~128 MB in 64 KiB blocks (malloc's heap, below the mmap threshold),
    free them all, fill again; the minor page faults of the second fill. Not kept: glibc's
    starting threshold (128 KiB) set explicitly, as this process's history (big blocks freed by
    earlier tests) may have raised the dynamic one."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            os.close(read)
            import ctypes

            # 64 KiB blocks always from the heap, whatever this process's history did to the dynamic
            # mmap threshold (M_MMAP_THRESHOLD = -3; the full suite's workers free big blocks first)
            ctypes.CDLL(None).mallopt(-3, 1024 * 1024)
            if keep:
                runner.keep_freed_memory()
            else:
                ctypes.CDLL(None).mallopt(-1, 128 * 1024)  # M_TRIM_THRESHOLD, glibc's default
            # 128 MB: far more than the holes an old heap may already hold faulted in
            blocks = [bytearray(65536) for _ in range(2048)]
            del blocks
            before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
            blocks = [bytearray(65536) for _ in range(2048)]
            os.write(write, json.dumps(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before).encode())
        finally:
            os._exit(0)
    os.close(write)
    data = os.read(read, 100)
    os.close(read)
    os.waitpid(pid, 0)
    return int(json.loads(data))


@pytest.mark.skipif(not sys.platform.startswith("linux") or os.confstr("CS_GNU_LIBC_VERSION") is None,
                    reason="glibc's malloc only")
def test_freed_memory_is_not_faulted_in_again() -> None:
    kept = _faults_of_a_second_fill(keep=True)
    default = _faults_of_a_second_fill(keep=False)
    # 128 MB is ~32,000 pages: given back and faulted in again by default, reused when kept
    assert default > 16000, default
    assert kept < default // 4, (kept, default)
