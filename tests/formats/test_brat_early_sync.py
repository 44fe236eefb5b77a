"""brat's files go to the disk while the export runs (issue 12, export17): the file-writing
thread nudges a ``syncfs`` of the folder's file system every ``FileWriter.SYNC_EVERY`` files, so
the one ``syncfs`` before the folder is swapped in (still made: docs/reliability.md §3) has less
left to write."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from annotator.formats import atomic, brat_write


def test_the_writer_syncs_the_folder_while_it_creates_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[tuple[str, int]] = []

    def fake_syncfs(fd: int) -> int:
        # which folder the descriptor is, and how many files it held when synced
        synced.append((os.readlink(f"/proc/self/fd/{fd}") if os.path.exists("/proc/self/fd") else "", len(os.listdir(fd))))
        return 0

    monkeypatch.setattr(atomic, "syncfs_function", lambda: fake_syncfs)
    monkeypatch.setattr(brat_write.FileWriter, "SYNC_EVERY", 128)
    real_write = brat_write._write_new

    def write_new(path: str, data: bytes) -> None:
        if path.endswith("000600.txt"):  # nudged at 128, 256, ...: wait (bounded) for a sync before the last files
            for _ in range(500):
                if synced:
                    break
                threading.Event().wait(0.01)
        real_write(path, data)

    monkeypatch.setattr(brat_write, "_write_new", write_new)
    before = threading.active_count()
    with brat_write.FileWriter(early_sync=tmp_path) as files:
        for n in range(640):
            files.add(str(tmp_path / f"{n:06d}.txt"), b"x")
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{n:06d}.txt" for n in range(640)]
    assert 1 <= len(synced) <= 5  # nudges coalesce while a sync runs
    assert all(count >= 128 for _, count in synced)
    if synced[0][0]:
        assert all(Path(where) == tmp_path for where, _ in synced)
    assert threading.active_count() == before  # the writer and the syncing thread have ended


def test_without_syncfs_nothing_is_synced_early(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(atomic, "syncfs_function", lambda: None)
    monkeypatch.setattr(brat_write.FileWriter, "SYNC_EVERY", 1)
    with brat_write.FileWriter(early_sync=tmp_path) as files:
        files.add(str(tmp_path / "000001.txt"), b"x")
    assert (tmp_path / "000001.txt").read_bytes() == b"x"


def test_a_failed_export_stops_the_syncing_thread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(atomic, "syncfs_function", lambda: (lambda fd: 0))
    before = threading.active_count()
    with pytest.raises(RuntimeError), brat_write.FileWriter(early_sync=tmp_path) as files:
        files.add(str(tmp_path / "000001.txt"), b"x")
        raise RuntimeError("a bad record")
    assert threading.active_count() == before
