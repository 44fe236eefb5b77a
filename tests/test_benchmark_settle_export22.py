"""export22: every timed child of ``python -m benchmarks`` starts after ``os.sync()`` (outside its
clock), so that one scenario's writes are not written back during the next one's rounds."""

from __future__ import annotations

import subprocess

from benchmarks import harness, scenarios_data


def test_run_child_syncs_before_the_child_and_says_how_much_was_dirty(monkeypatch) -> None:
    order: list[str] = []
    monkeypatch.setattr(harness.os, "sync", lambda: order.append("sync"))
    monkeypatch.setattr(harness, "dirty_mb", lambda: 12.5)

    def fake_run(*args, **kwargs):
        order.append("child")
        return subprocess.CompletedProcess(args, 0, stdout='noise\n{"seconds": 1.0}\n', stderr="")

    monkeypatch.setattr(harness.subprocess, "run", fake_run)
    assert harness.run_child("scenarios_data", "child", "x") == {"seconds": 1.0, "dirty_mb": 12.5}
    assert order == ["sync", "child"]
    order.clear()
    assert harness.run_child("scenarios_data", "child", "x", settle=False) == {"seconds": 1.0, "dirty_mb": None}
    assert order == ["child"]  # the launch scenario syncs itself, before the time it passes


def test_dirty_mb_reads_the_kernel_counter() -> None:
    dirty = harness.dirty_mb()
    assert dirty is None or dirty >= 0


def test_export_rows_note_the_sync() -> None:
    note = scenarios_data.settled_note([{"dirty_mb": 640.0}, {"dirty_mb": 2.0}, {"dirty_mb": 4.0}])
    assert "os.sync()" in note and "median 4 MB" in note and "at most 640 MB" in note
    assert scenarios_data.settled_note([{"seconds": 1.0}]) == ""
