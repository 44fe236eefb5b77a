"""An export to a symbolic link, a FIFO or a device writes into what the name points to, as a
shell's ``>`` does, and never replaces the name itself.

Found by accident: a run as root of ``annotator export … --output /dev/null`` renamed its temporary
file over ``/dev/null``, which became a regular file for every process on the machine.
"""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli as main
from annotator.formats.atomic import replacing_file

TEXT = "The council met on Monday. Ana Ruiz said the vote would wait.\n"


def _project(tmp_path: Path, n: int = 1) -> Path:
    db = tmp_path / "p.db"
    for i in range(n):
        src = tmp_path / f"a{i}.txt"
        src.write_text(f"Article {i}. {TEXT}", encoding="utf-8")
        result = CliRunner().invoke(main, ["import", str(db), str(src)])
        assert result.exit_code == 0, result.output
    return db


def _plain(tmp_path: Path, db: Path, fmt: str) -> bytes:
    """The same export to a new regular file (the bytes every other target must receive)."""
    plain = tmp_path / f"plain.{fmt}"
    result = CliRunner().invoke(main, ["export", str(db), "--format", fmt, "--output", str(plain)])
    assert result.exit_code == 0, result.output
    return plain.read_bytes()


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "conll"])
def test_export_to_a_symlink_replaces_the_file_it_points_to_and_keeps_the_link(tmp_path: Path, fmt: str) -> None:
    db = _project(tmp_path)
    real = tmp_path / "real"
    real.mkdir()
    (real / f"out.{fmt}").write_text("old\n", encoding="utf-8")
    link = tmp_path / f"link.{fmt}"
    link.symlink_to(real / f"out.{fmt}")
    result = CliRunner().invoke(main, ["export", str(db), "--format", fmt, "--output", str(link)])
    assert result.exit_code == 0, result.output
    assert link.is_symlink(), "the link was replaced by a plain file"
    assert (real / f"out.{fmt}").read_bytes() == _plain(tmp_path, db, fmt)
    assert sorted(p.name for p in real.iterdir()) == [f"out.{fmt}"]  # no temporary file left beside it


def test_export_to_a_dangling_symlink_creates_its_target(tmp_path: Path) -> None:
    db = _project(tmp_path)
    link = tmp_path / "link.jsonl"
    link.symlink_to(tmp_path / "made.jsonl")
    result = CliRunner().invoke(main, ["export", str(db), "--format", "jsonl", "--output", str(link)])
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and "Ana Ruiz" in (tmp_path / "made.jsonl").read_text(encoding="utf-8")


def _read_fifo(path: Path, into: list[bytes]) -> threading.Thread:
    def read() -> None:
        with open(path, "rb") as fh:
            into.append(fh.read())

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    return thread


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
@pytest.mark.parametrize("fmt", ["jsonl", "csv", "conll"])
def test_export_to_a_fifo_writes_into_it_and_keeps_it_a_fifo(tmp_path: Path, fmt: str) -> None:
    db = _project(tmp_path)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = _read_fifo(fifo, got)
    result = CliRunner().invoke(main, ["export", str(db), "--format", fmt, "--output", str(fifo)])
    reader.join(30)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode), "the FIFO was replaced by a plain file"
    assert got and got[0] == _plain(tmp_path, db, fmt)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("pipe")) == ["pipe"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_two_process_conll_export_to_a_fifo_gives_every_article_once(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("ANNOTATOR_EXPORT_PROCESSES", "2")  # split whatever the size (stream_pool.ENV)
    db = _project(tmp_path, 4)
    plain = tmp_path / "plain.conll"
    assert CliRunner().invoke(main, ["export", str(db), "--format", "conll", "--output", str(plain)]).exit_code == 0
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = _read_fifo(fifo, got)
    result = CliRunner().invoke(main, ["export", str(db), "--format", "conll", "--output", str(fifo)])
    reader.join(60)
    assert result.exit_code == 0, result.output
    assert got and got[0] == plain.read_bytes()
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


@pytest.mark.skipif(not hasattr(os, "mknod") or os.geteuid() != 0, reason="making a device needs root")
def test_export_to_a_character_device_writes_into_it(tmp_path: Path) -> None:
    """The case found: a null device (made here, never /dev/null itself, so a regression cannot
    break the machine) stays a device after every file format's export."""
    db = _project(tmp_path)
    null = tmp_path / "null"
    os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    for fmt in ("jsonl", "csv", "conll"):
        result = CliRunner().invoke(main, ["export", str(db), "--format", fmt, "--output", str(null)])
        assert result.exit_code == 0, result.output
        assert stat.S_ISCHR(os.lstat(null).st_mode), f"{fmt}: the device was replaced by a plain file"


def test_special_target_kinds(tmp_path: Path) -> None:
    from annotator.formats.atomic import special_target

    (tmp_path / "f").write_text("x", encoding="utf-8")
    assert not special_target(tmp_path / "f") and not special_target(tmp_path) and not special_target(tmp_path / "none")
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "p")
        assert special_target(tmp_path / "p")


def test_replacing_file_on_a_symlink_keeps_the_old_file_until_complete(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    with pytest.raises(RuntimeError), replacing_file(link) as fh:
        fh.write("half")
        raise RuntimeError("killed half-way")
    assert real.read_text(encoding="utf-8") == "old" and link.is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.txt", "real.txt"]
