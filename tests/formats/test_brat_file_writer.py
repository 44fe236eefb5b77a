"""brat_write.FileWriter (jsonlbrat13, issue 12): the brat export's files are created by a thread
beside the export's Python; every file is written, and a failure is raised in the caller's thread."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from annotator.formats import brat_write
from annotator.formats.brat_write import FileWriter


def test_every_file_queued_is_written_with_its_bytes(tmp_path: Path) -> None:
    count = FileWriter.BATCH * FileWriter.PENDING * 2 + 3  # more than the queue holds, and a partial batch
    with FileWriter() as files:
        for n in range(count):
            files.add(str(tmp_path / f"{n:06d}.txt"), f"file {n}\n".encode())
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{n:06d}.txt" for n in range(count)]
    assert all((tmp_path / f"{n:06d}.txt").read_bytes() == f"file {n}\n".encode() for n in range(count))
    assert not any(t.name == "annotator-brat-files" for t in threading.enumerate())


def test_a_file_that_cannot_be_created_raises_in_the_callers_thread(tmp_path: Path) -> None:
    (tmp_path / "taken.txt").write_bytes(b"x")
    with pytest.raises(FileExistsError):
        with FileWriter() as files:
            files.add(str(tmp_path / "taken.txt"), b"new")  # O_EXCL: never over an existing file
            for n in range(FileWriter.BATCH * (FileWriter.PENDING + 4)):
                files.add(str(tmp_path / f"{n:06d}.ann"), b"")
    assert (tmp_path / "taken.txt").read_bytes() == b"x"
    assert not any(t.name == "annotator-brat-files" for t in threading.enumerate())


def test_an_error_of_the_caller_stops_the_thread_without_waiting_for_the_queue(tmp_path: Path) -> None:
    with pytest.raises(ZeroDivisionError):
        with FileWriter() as files:
            files.add(str(tmp_path / "a.txt"), b"a")
            1 / 0  # noqa: B018 - the export's own failure
    assert not any(t.name == "annotator-brat-files" for t in threading.enumerate())


def test_a_write_failure_fails_the_export_and_leaves_no_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The brat export through the thread: a disk that fills up (ENOSPC on the 5th file) fails the
    export with that OSError, and neither the folder nor its temporary sibling is left."""
    import errno

    from annotator.domain.model import Article, ArticleBundle

    real = brat_write._write_new
    written = []

    def filling(path: str, data: bytes) -> None:
        if len(written) == 4:
            raise OSError(errno.ENOSPC, "No space left on device", path)
        written.append(path)
        real(path, data)

    monkeypatch.setattr(brat_write, "_write_new", filling)
    bundles = [ArticleBundle(article=Article(id=n, text=f"Sentence number {n} of a made-up article.")) for n in range(1, 9)]
    with pytest.raises(OSError) as raised:
        brat_write.write(bundles, tmp_path / "out")
    assert raised.value.errno == errno.ENOSPC
    assert list(tmp_path.iterdir()) == []
