"""Exports never half-replace their target (issue 8): a disk that fills half-way leaves the previous
export byte for byte, with no leftovers; a brat folder holding a user's files is refused; what a
killed export left is cleaned (or, for a folder caught between two renames, put back) by the next."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.domain.model import Article, ArticleBundle, Span
from annotator.formats import atomic, brat_write, conll, csvfmt, jsonl
from annotator.storage.project import Project
from tests.process_support import dead_pid

FORMATS = {"jsonl": "out.jsonl", "csv": "out.csv", "conll": "out.conll", "spacy": "out.spacy", "brat": "brat"}


def run(*args: object) -> Any:
    return CliRunner().invoke(cli, [str(a) for a in args])


def snapshot(path: Path) -> dict[str, bytes]:
    """Every file under ``path`` (or ``path`` itself) by relative name → bytes."""
    if path.is_file():
        return {"": path.read_bytes()}
    return {str(p.relative_to(path)): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


def beside(folder: Path, keep: set[str]) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


@pytest.fixture
def project_file(tmp_path: Path) -> Path:
    path = tmp_path / "news.db"
    with Project.open(path) as project:
        project.import_bundles(
            ArticleBundle(Article(None, f"{i}. Alice Smith met Bob Jones in Paris on Monday."), spans=[
                Span(id=f"a{i}", article_id=0, start=len(f"{i}. "), end=len(f"{i}. Alice Smith"), label="PERSON", layer="entity"),
                Span(id=f"q{i}", article_id=0, start=0, end=8, label="QUOTE", layer="quote", status="suggested"),
            ]) for i in range(40)
        )
    return path


def disk_full_after(writes: int) -> Any:
    """A ``write`` that writes half of its data on call number ``writes`` and raises ENOSPC, as a full disk does."""
    calls = [0]

    def write(real: Any, data: Any) -> int:
        calls[0] += 1
        if calls[0] >= writes:
            real(data[: len(data) // 2])
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(data)

    return write


class FullDisk:
    """A file object whose writes fill the disk half-way through the export."""

    def __init__(self, fh: Any, write: Any) -> None:
        self._fh, self._write = fh, write

    def write(self, data: Any) -> int:
        return self._write(self._fh.write, data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._fh, name)

    def __enter__(self) -> FullDisk:
        return self

    def __exit__(self, *exc: object) -> None:
        self._fh.close()


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_disk_full_half_way_leaves_the_previous_export_byte_for_byte(
    project_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    out = tmp_path / FORMATS[fmt]
    assert run("export", project_file, "--format", fmt, "--output", out, "--status", "accepted").exit_code == 0
    before = snapshot(out)
    with Project.open(project_file) as project:  # the next export has more to write
        project.import_bundles([ArticleBundle(Article(None, "Carol Diaz left Rome."), spans=[
            Span(id="c", article_id=0, start=0, end=10, label="PERSON", layer="entity")])])
    with monkeypatch.context() as m:
        if fmt == "brat":  # the brat writer writes each .txt/.ann in one call (_write_new): the disk fills on the 31st
            real_write_new, write = brat_write._write_new, disk_full_after(31)
            m.setattr(brat_write, "_write_new", lambda path, data: write(lambda part: real_write_new(path, part), data))
        elif fmt == "spacy":  # one write of the whole DocBin
            real_fdopen, write = os.fdopen, disk_full_after(1)
            m.setattr(atomic.os, "fdopen", lambda *a, **k: FullDisk(real_fdopen(*a, **k), write))
        else:  # jsonl and csv write line by line: the disk fills on the 20th line; conll writes the
            # blocks of 64 articles at once (issue 12): it fills half-way through the first write
            module = {"jsonl": jsonl, "csv": csvfmt, "conll": conll}[fmt]
            real_writer, write = module.write, disk_full_after(1 if fmt == "conll" else 20)
            m.setattr(module, "write", lambda bundles, fh, **k: real_writer(bundles, FullDisk(fh, write), **k))
        result = run("export", project_file, "--format", fmt, "--output", out)
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [f"Error: {out}: cannot be written (No space left on device); check the path and its permissions"]
    assert snapshot(out) == before
    assert beside(tmp_path, {"news.db", out.name}) == []
    # …and the next export goes through, whole, with nothing left beside it.
    assert run("export", project_file, "--format", fmt, "--output", out).exit_code == 0
    assert snapshot(out) != before
    assert beside(tmp_path, {"news.db", out.name}) == []


def test_a_bad_record_half_way_leaves_the_previous_export(project_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("previous\n", encoding="utf-8")
    real = jsonl.write

    def failing(bundles: Any, fh: Any, **k: Any) -> Any:
        def some() -> Any:
            for n, bundle in enumerate(bundles):
                if n == 5:
                    raise KeyboardInterrupt  # Ctrl+C half-way
                yield bundle
        return real(some(), fh, **k)

    monkeypatch.setattr(jsonl, "write", failing)
    run("export", project_file, "--output", out)
    assert out.read_text(encoding="utf-8") == "previous\n"
    assert beside(tmp_path, {"news.db", "out.jsonl"}) == []


def test_brat_refuses_a_folder_holding_other_files_and_writes_nothing(project_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "brat"
    assert run("export", project_file, "--format", "brat", "--output", out).exit_code == 0
    (out / "visual.conf").write_text("[labels]\n", encoding="utf-8")
    (out / "notes").mkdir()
    before = snapshot(out)
    result = run("export", project_file, "--format", "brat", "--output", out)
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"Error: {out}: holds 'notes' and 1 more, which an export did not write; an export replaces the whole folder, "
        "so move those files out or export to a new folder"
    ]
    assert snapshot(out) == before
    assert beside(tmp_path, {"news.db", "brat"}) == []


def test_brat_replaces_a_previous_export_whole_no_mix_of_two(tmp_path: Path) -> None:
    first = [ArticleBundle(Article(1, f"Text {i}.", title=f"first {i}")) for i in range(3)]
    second = [ArticleBundle(Article(7, "Another text.", title="second"))]
    brat_write.write(first, tmp_path / "brat")
    (tmp_path / "brat" / ".stats_cache").write_bytes(b"brat's own cache")
    brat_write.write(second, tmp_path / "brat")
    folder = tmp_path / "brat"
    assert [p.read_text(encoding="utf-8") for p in folder.glob("*.txt")] == ["Another text."]
    assert sorted(p.suffix for p in folder.iterdir()) == [".ann", ".conf", ".txt"]  # brat's cache went with the old export
    assert atomic.wait_for_removals(timeout=60)  # the replaced folder is deleted by a thread (brat14)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brat"]


def test_brat_folder_swap_without_rename_exchange(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(atomic, "exchange", lambda a, b: False)  # macOS, Windows, old kernels
    brat_write.write([ArticleBundle(Article(1, "One."))], tmp_path / "brat")
    brat_write.write([ArticleBundle(Article(2, "Two."))], tmp_path / "brat")
    assert [p.read_text(encoding="utf-8") for p in (tmp_path / "brat").glob("*.txt")] == ["Two."]
    assert atomic.wait_for_removals(timeout=60)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brat"]




def test_leftovers_of_a_killed_run_are_cleaned_by_the_next(project_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    pid = dead_pid()
    (tmp_path / f"out.jsonl.tmp-{pid}-0badf00d").write_text("half", encoding="utf-8")
    (tmp_path / ".out.jsonl.part").write_text("half, from an older Annotator", encoding="utf-8")
    running = tmp_path / f"out.jsonl.tmp-{os.getpid()}-0000beef"  # an export still running (this process)
    running.write_text("in progress", encoding="utf-8")
    other = tmp_path / f"other.jsonl.tmp-{pid}-0badf00d"  # another target's: not ours to judge
    other.write_text("x", encoding="utf-8")
    assert run("export", project_file, "--output", out).exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["news.db", "out.jsonl", running.name, other.name])


def test_a_folder_killed_between_the_two_renames_is_put_back(tmp_path: Path) -> None:
    """Killed after renaming the old export aside and before renaming the new one in: the next
    run puts the old one back first (then replaces it whole)."""
    pid = dead_pid()
    aside = tmp_path / f"brat.old-{pid}-00c0ffee"
    aside.mkdir()
    (aside / "000001-one.txt").write_text("One.", encoding="utf-8")
    new = tmp_path / f"brat.tmp-{pid}-00facade"
    new.mkdir()
    (new / "000002-two.txt").write_text("Two.", encoding="utf-8")
    assert atomic.clean_leftovers(tmp_path / "brat") == [aside, new]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brat"]
    assert snapshot(tmp_path / "brat") == {"000001-one.txt": b"One."}


def test_a_file_export_keeps_the_permissions_of_the_file_it_replaces(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    with atomic.replacing_file(target) as fh:
        fh.write("new")
    assert target.read_text(encoding="utf-8") == "new" and (target.stat().st_mode & 0o777) == 0o640


# brat14 (issue 12): the replaced folder is deleted after the swap, by background threads, under a
# hidden name; never before the new export's files exist, and not in their creation path.


def test_the_previous_export_is_whole_while_the_new_files_are_created(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "brat"
    brat_write.write([ArticleBundle(Article(1, f"Old text {i}.", title=f"old {i}")) for i in range(3)], target)
    old = snapshot(target)
    seen = []
    real_write_new = brat_write._write_new

    def checking(path: str, data: bytes) -> None:
        seen.append(snapshot(target) == old)  # every file of the previous export, byte for byte
        real_write_new(path, data)

    monkeypatch.setattr(brat_write, "_write_new", checking)
    brat_write.write([ArticleBundle(Article(9, f"New text {i}.", title=f"new {i}")) for i in range(3)], target)
    assert seen and all(seen)
    assert atomic.wait_for_removals(timeout=60)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brat"]


def test_the_replaced_folder_is_hidden_then_removed_by_a_thread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    target = tmp_path / "brat"
    brat_write.write([ArticleBundle(Article(1, "Old text."))], target)
    old = snapshot(target)
    release, real_remove = threading.Event(), atomic.remove_folder
    monkeypatch.setattr(atomic, "remove_folder", lambda path: (release.wait(60), real_remove(path)))
    brat_write.write([ArticleBundle(Article(2, "New text."))], target)  # returns while the old one waits
    assert [p.read_text(encoding="utf-8") for p in target.glob("*.txt")] == ["New text."]
    hidden = [p for p in tmp_path.iterdir() if p.name != "brat"]
    assert [p.name.startswith(f".annotator-old-brat-{os.getpid()}-") for p in hidden] == [True]
    assert snapshot(hidden[0]) == old and atomic.retired_leftovers(target) == hidden
    assert not atomic.wait_for_removals(timeout=0.05)  # still being removed
    release.set()
    assert atomic.wait_for_removals(timeout=60)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brat"]


def test_a_killed_runs_hidden_old_folder_goes_after_the_next_swap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A process killed while its thread deleted the replaced folder leaves ``.annotator-old-…``:
    the next export to the same target removes it once its own folder is swapped in (not before
    creating its files); one of a running process (here: this one) or of another target stays."""
    target = tmp_path / "brat"
    dead = tmp_path / f".annotator-old-brat-{dead_pid()}-0badf00d"
    running = tmp_path / f".annotator-old-brat-{os.getpid()}-0000beef"
    other = tmp_path / f".annotator-old-other-{dead_pid()}-0badf00d"
    for folder in (dead, running, other):
        folder.mkdir()
        (folder / "000001-one.txt").write_text("One.", encoding="utf-8")
    existed = []
    real_write_new = brat_write._write_new
    monkeypatch.setattr(brat_write, "_write_new", lambda path, data: (existed.append(dead.exists()), real_write_new(path, data)))
    brat_write.write([ArticleBundle(Article(2, "Two."))], target)
    assert existed and all(existed)
    assert atomic.wait_for_removals(timeout=60)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["brat", running.name, other.name])


def test_the_command_line_ends_when_the_replaced_folder_is_gone(project_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    out = tmp_path / "brat"
    assert run("export", project_file, "--format", "brat", "--output", out).exit_code == 0
    real_remove = atomic.remove_folder
    monkeypatch.setattr(atomic, "remove_folder", lambda path: (time.sleep(0.3), real_remove(path)))
    assert run("export", project_file, "--format", "brat", "--output", out, "--status", "all").exit_code == 0
    assert beside(tmp_path, {"news.db", out.name}) == []


def test_remove_folder_removes_many_files_and_subfolders(tmp_path: Path) -> None:
    folder = tmp_path / "old"
    (folder / "sub" / "deeper").mkdir(parents=True)
    for n in range(700):  # more than one thread's share
        (folder / f"{n:06d}.txt").write_bytes(b"x")
    (folder / "sub" / "deeper" / "a.ann").write_bytes(b"")
    (folder / "link").symlink_to(tmp_path / "kept")  # a link is removed, not followed
    (tmp_path / "kept").mkdir()
    (tmp_path / "kept" / "file").write_bytes(b"stays")
    atomic.remove_folder(folder)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept"]
    assert (tmp_path / "kept" / "file").read_bytes() == b"stays"
    atomic.remove_folder(tmp_path / "missing")  # never raises
