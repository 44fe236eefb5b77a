"""No wait without a bound in a split export or a two-process import (issue 12, perf12h).

A second process that is killed (SIGKILL) mid-export, or that stops making progress, ends the
export with one line (CLI: exit 1) and nothing at the export's path, nor any chunk beside it;
the same for the import's reading process when it goes silent (its death is covered in
``test_import_pool.py``). Each test names the bound it checks."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.domain.model import Article, ArticleBundle
from annotator.formats import csvfmt, import_pool, stream_pool
from annotator.formats.common import ImportOptions
from annotator.storage.project import Project

pytestmark = pytest.mark.timeout(90)

ARTICLES = 240


def _text(n: int) -> str:
    """An invented article: no corpus text."""
    return f"Report {n}: the harbour council of Velmora voted on lantern number {n} today.\nIt passed by {n % 7} votes.\n"


@pytest.fixture(scope="module")
def project_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("waits") / "waits.db"
    with Project.open(path) as project:
        project.import_bundles([ArticleBundle(article=Article(id=None, text=_text(n))) for n in range(ARTICLES)])
    return path


def _in_child(parent: int, after: int, action):
    """``stream_pool._bundles`` that, in the second process only, runs ``action()`` before its
    ``after``-th article."""
    real = stream_pool._bundles

    def bundles(*args, **kw):
        for n, bundle in enumerate(real(*args, **kw)):
            if n == after and os.getpid() != parent:
                action()
            yield bundle
    return bundles


def _kill_self() -> None:
    os.kill(os.getpid(), signal.SIGKILL)  # killed from outside (out of memory, a kill -9)


def _hang() -> None:
    time.sleep(600)  # stuck: alive, reading nothing, saying nothing


def _forked(monkeypatch: pytest.MonkeyPatch) -> None:
    """The child forked (so it carries the patches) and the split taken at any size."""
    monkeypatch.setattr(stream_pool, "start_method", lambda: "fork")
    monkeypatch.setenv(stream_pool.ENV, "2")


def _no_export_children() -> bool:
    return not [p for p in multiprocessing.active_children() if p.name == "annotator-export-part"]


@pytest.mark.parametrize("fmt", ["conll", "jsonl", "csv"])
def test_a_killed_export_process_ends_the_cli_export_in_one_line_and_writes_nothing(
        project_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    _forked(monkeypatch)
    monkeypatch.setattr(stream_pool, "_bundles", _in_child(os.getpid(), 20, _kill_self))
    out = tmp_path / "out" / f"gold.{fmt}"
    out.parent.mkdir()
    started = time.monotonic()
    result = CliRunner().invoke(cli, ["export", str(project_path), "-o", str(out), "--format", fmt, "--status", "all"])
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert lines[-1].startswith("Error: the second export process ended unexpectedly (exit code -9); nothing was written"), lines
    assert "Traceback" not in result.output
    assert list(out.parent.iterdir()) == []  # no file, no chunk, no temporary file
    assert _no_export_children()
    assert time.monotonic() - started < 30


def test_a_stuck_export_process_is_stopped_after_the_stall_bound(
        project_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _forked(monkeypatch)
    monkeypatch.setattr(stream_pool, "_bundles", _in_child(os.getpid(), 5, _hang))
    monkeypatch.setattr(stream_pool, "STALL_WAIT", 1.0)
    monkeypatch.setattr(stream_pool, "STOP_WAIT", 0.5)
    out = tmp_path / "out" / "gold.conll"
    out.parent.mkdir()
    started = time.monotonic()
    result = CliRunner().invoke(cli, ["export", str(project_path), "-o", str(out), "--format", "conll", "--status", "all"])
    took = time.monotonic() - started
    assert result.exit_code == 1, result.output
    last = result.output.strip().splitlines()[-1]
    assert last.startswith("Error: the second export process made no progress for 1 s (stuck at article 5 of its part)"), last
    assert "Traceback" not in result.output
    assert list(out.parent.iterdir()) == []
    assert _no_export_children()
    # bound: STALL_WAIT (1 s) + asked to stop (0.5 s) + terminated (0.5 s) + the export's own few seconds
    assert took < 20, took


def test_a_child_killed_while_the_parent_writes_its_part_fails_the_export_early(
        project_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The parent looks at the child every LIVENESS_EVERY articles of its own part: a killed child
    fails the export long before the parent's part (here ~3.6 s of slow articles) is done."""
    monkeypatch.setattr(stream_pool, "_bundles", _in_child(os.getpid(), 0, _kill_self))
    monkeypatch.setattr(stream_pool, "LIVENESS_EVERY", 4)
    with Project.open(project_path, create=False) as project:
        split = stream_pool.plan(project, "conll", total=ARTICLES, every_article=True, min_articles=2)
        assert split is not None and split.head == ARTICLES // 2
        seen = 0

        def check() -> None:  # the parent's part: 30 ms an article
            nonlocal seen
            seen += 1
            time.sleep(0.03)

        started = time.monotonic()
        with pytest.raises(stream_pool.ExportProcessFailed, match=r"ended unexpectedly \(exit code -9\)"):
            with open(tmp_path / "x.conll", "w", encoding="utf-8", newline="\n") as fh:
                stream_pool.export(project, "conll", split, fh, None, check=check, method="fork")
        assert time.monotonic() - started < 3.0
        assert seen < split.head
    assert [p.name for p in tmp_path.iterdir()] == ["x.conll"]  # the chunk removed (the CLI removes its temp file)
    assert _no_export_children()


def test_a_silent_import_reading_process_is_stopped_after_the_stall_bound(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "a.csv"
    source.write_text("text\n" + "".join(f"\"{_text(n)}\"\n" for n in range(3 * import_pool.BATCH)), encoding="utf-8")
    project = tmp_path / "p.db"
    parent = os.getpid()
    real = csvfmt.file_rows  # what both ways of a CSV import read (import12k)

    def read(path: Path, options: ImportOptions):
        for n, item in enumerate(real(path, options)):
            if n == import_pool.BATCH + 10 and os.getpid() != parent:
                _hang()
            yield item

    monkeypatch.setattr(csvfmt, "file_rows", read)
    monkeypatch.setattr(import_pool, "STALL_WAIT", 1.0)
    monkeypatch.setattr(import_pool, "STOP_WAIT", 0.5)
    monkeypatch.setattr(stream_pool, "STOP_WAIT", 0.5)  # end_child's bound
    monkeypatch.setattr(stream_pool, "start_method", lambda: "fork")
    monkeypatch.setenv(import_pool.ENV, "2")
    started = time.monotonic()
    result = CliRunner().invoke(cli, ["import", str(project), str(source)])
    took = time.monotonic() - started
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: the import's reading process sent nothing for 1 s (stuck)"), lines
    assert not project.exists()  # the project the import was to create is not left behind
    assert not multiprocessing.active_children()
    assert took < 20, took
