"""An import's records read in a second process (issue 12, import12c: annotator.formats.import_pool).

Whatever process reads the files, the project must end up the same: the same article rows (text,
hash, title, meta, word count), the same annotations and change-log rows, the same duplicates
found, the same full-text answers; the same error for a bad record (with and without
--skip-errors) and nothing written; a reading process that dies means nothing written and one
line, exit 1; a cancel stops the reading process. ``ANNOTATOR_IMPORT_PROCESSES`` = 1 or 2 picks
one process or two whatever the size."""

from __future__ import annotations

import csv
import json
import multiprocessing
import os
import pickle
import signal
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.domain.errors import InputError
from annotator.domain.words import word_count
from annotator.formats import checked_items, csvfmt, import_pool, import_sources, plan
from annotator.formats.common import ImportOptions
from annotator.storage.project import Project

WORDS = ("the", "mayor", "said", "Zürich", "café", "naïve", "council", "budget", "vote", "on", "Tuesday", "«quoted»",
         "résumé", "\u00a0", "growth", "rates", "élan", "coöperate", "report", "press")


def _text(n: int, words: int = 40) -> str:
    """A made-up article (no corpus text): a short first line, then ``words`` words."""
    body = " ".join(WORDS[(n * 7 + k * 3) % len(WORDS)] for k in range(words))
    return f"Headline number {n}\n{body} ({n})."


def _csv(path: Path, n: int, *, repeat_every: int = 0) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "publisher", "text"])
        for k in range(n):
            same = repeat_every and k % repeat_every == repeat_every - 1
            writer.writerow([str(k), f"pub {k % 3}", _text(k - 1 if same else k)])  # some rows repeat the one before
    return path


def _jsonl(path: Path, n: int) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for k in range(n):
            text = _text(1000 + k)
            start = text.index("mayor") if "mayor" in text else 0
            record = {"text": text, "meta": {"n": k}}
            if k % 2:
                record["spans"] = [{"id": f"s{k}", "start": start, "end": start + 5, "label": "PERSON"},
                                   {"id": f"q{k}", "start": 0, "end": 8, "label": "QUOTE"}]
                record["relations"] = [{"id": f"r{k}", "head": f"q{k}", "child": f"s{k}", "label": "SPEAKER"}]
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def _dump(path: Path) -> dict[str, object]:
    """What a project holds, without the clock's and the random ids' values."""
    with Project.open(path, create=False) as project:
        q = project.db.execute
        return {
            "articles": q("SELECT id, text, text_hash, title, publisher, url, published, meta, status, words FROM articles ORDER BY id").fetchall(),
            # (a brat span's id is a new random one at each import: not compared)
            "spans": q("SELECT article_id, start, end, label, status, analyst, CASE WHEN id GLOB '[sq][0-9]*' THEN id END "
                       "FROM spans ORDER BY article_id, start, end, label").fetchall(),
            "relations": q("SELECT head, child, label, status FROM relations ORDER BY head").fetchall(),
            "log": q("SELECT action, kind, article_id FROM changes ORDER BY id").fetchall(),
            "search": [q("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rowid", [w]).fetchall()
                       for w in ('"zurich"', '"cafe"', 'naive', '"the zurich"', 'headline AND budget')],
        }


def _import(path: Path, sources: list[Path], monkeypatch: pytest.MonkeyPatch, processes: str, **kw: object):
    monkeypatch.setenv(import_pool.ENV, processes)
    with Project.open(path) as project:
        return import_sources(project, plan(sources), ImportOptions(schema=project.schema), **kw)


def test_two_processes_store_what_one_stores(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    texts = tmp_path / "texts"
    texts.mkdir()
    for k in range(3):
        (texts / f"t{k}.txt").write_text(_text(2000 + k), encoding="utf-8")
    pairs = tmp_path / "brat"
    pairs.mkdir()
    for k in range(2):
        text = _text(3000 + k)
        (pairs / f"p{k}.txt").write_text(text, encoding="utf-8")
        (pairs / f"p{k}.ann").write_text(f"T1\tPERSON 0 8\t{text[:8]}\nT2\tORG 9 15\t{text[9:15]}\n", encoding="utf-8")
    sources = [_csv(tmp_path / "a.csv", 3 * import_pool.BATCH + 17, repeat_every=50), _jsonl(tmp_path / "b.jsonl", 60), texts, pairs]
    one = _import(tmp_path / "one.db", sources, monkeypatch, "1")
    two = _import(tmp_path / "two.db", sources, monkeypatch, "2")
    assert (two.result.added, two.result.repeats, two.result.spans, two.result.relations) == \
           (one.result.added, one.result.repeats, one.result.spans, one.result.relations)
    assert one.result.added == 3 * import_pool.BATCH + 17 - 12 + 60 + 3 + 2  # 12 rows repeat the row before
    assert two.copies == one.copies and len(one.copies) == 12
    stored = _dump(tmp_path / "two.db")
    assert stored == _dump(tmp_path / "one.db")
    assert all(stored["search"]) and len(stored["spans"]) == 60 + 4  # the comparison compared something
    words = {row[2]: row[9] for row in stored["articles"]}
    assert all(words[h] == word_count(text) for _, text, h, *_ in stored["articles"])


def test_a_second_import_finds_the_duplicates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = _csv(tmp_path / "a.csv", import_pool.BATCH + 5)
    first = _import(tmp_path / "p.db", [source], monkeypatch, "2")
    again = _import(tmp_path / "p.db", [source], monkeypatch, "2")
    assert (first.result.added, again.result.added, again.result.duplicates) == (import_pool.BATCH + 5, 0, import_pool.BATCH + 5)


def _bad_csv(path: Path, bad_record: int, n: int) -> int:
    """Record ``bad_record`` (1-based, the header is record 0) of ``n`` given two fields; its line."""
    _csv(path, n)
    records = path.read_bytes().split(b"\r\n")
    records[bad_record] = b'7,"only two fields"'
    path.write_bytes(b"\r\n".join(records))
    return b"\r\n".join(records[:bad_record]).count(b"\n") + 2  # each record is two lines: headline, body


@pytest.mark.parametrize("processes", ["1", "2"])
def test_a_bad_record_is_the_same_error_and_nothing_is_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                processes: str) -> None:
    source = tmp_path / "a.csv"
    line = _bad_csv(source, 2 * import_pool.BATCH + 3, 3 * import_pool.BATCH)
    _import(tmp_path / "p.db", [_csv(tmp_path / "before.csv", 2)], monkeypatch, "1")
    with pytest.raises(InputError) as raised:
        _import(tmp_path / "p.db", [source], monkeypatch, processes)
    assert str(raised.value) == f"{source}:{line}: has 2 fields where the header has 3; check quoting in this row"
    assert len(_dump(tmp_path / "p.db")["articles"]) == 2  # the two articles there before, nothing more
    skipping = _import(tmp_path / "q.db", [source], monkeypatch, processes, skip_errors=True)
    assert [str(e) for e in skipping.skipped] == [str(raised.value)]
    assert skipping.result.added == 3 * import_pool.BATCH - 1


@pytest.mark.parametrize("processes", ["1", "2"])
def test_a_file_that_does_not_decode_midway_is_the_same_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                              processes: str) -> None:
    source = _csv(tmp_path / "a.csv", 3 * import_pool.BATCH)
    data = source.read_bytes()
    at = data.index(b"Headline number 500")
    source.write_bytes(data[:at] + b"\xff" + data[at:])  # not UTF-8: the reader raises (not one bad record)
    with pytest.raises(InputError) as raised:
        _import(tmp_path / "p.db", [source], monkeypatch, processes)
    assert str(raised.value).startswith(f"{source}:")
    assert "utf-8" in str(raised.value)
    assert _dump(tmp_path / "p.db")["articles"] == []
    monkeypatch.setenv(import_pool.ENV, "1" if processes == "2" else "2")
    with pytest.raises(InputError) as other, Project.open(tmp_path / "p.db") as project:
        import_sources(project, plan([source]), ImportOptions(schema=project.schema))
    assert str(other.value) == str(raised.value)


def _dies_in_the_child(parent: int, after: int):
    real = csvfmt.file_rows  # what both ways of a CSV import read (import12k)

    def read(path: Path, options: ImportOptions):
        for n, item in enumerate(real(path, options)):
            if n == after and os.getpid() != parent:
                os.kill(os.getpid(), signal.SIGKILL)  # the reading process dies mid-file (out of memory, killed)
            yield item
    return read


def test_a_reading_process_that_dies_writes_nothing_one_line_exit_1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "p.db"
    _import(project, [_csv(tmp_path / "before.csv", 3)], monkeypatch, "1")
    before = _dump(project)
    source = _csv(tmp_path / "a.csv", 3 * import_pool.BATCH)
    monkeypatch.setattr(csvfmt, "file_rows", _dies_in_the_child(os.getpid(), 2 * import_pool.BATCH + 10))
    monkeypatch.setenv(import_pool.ENV, "2")
    # The patched reader reaches the child only by fork; start_method picks spawn while another
    # thread runs, as a thread an earlier test in this worker left finishing under load does (a
    # spawned child read the whole file: "Imported 597 new articles", s21 tests at load ~10).
    from annotator.formats import stream_pool
    monkeypatch.setattr(stream_pool, "start_method", lambda: "fork")
    result = CliRunner().invoke(cli, ["import", str(project), str(source)])
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: the import's reading process ended before it was done (exit code -9)")
    assert "Traceback" not in result.output
    assert _dump(project) == before
    assert not multiprocessing.active_children()
    created = tmp_path / "new.db"  # a project the import was to create is not left behind
    result = CliRunner().invoke(cli, ["import", str(created), str(source)])
    assert result.exit_code == 1 and not created.exists()


def test_a_cancel_stops_the_reading_process_and_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    class Cancelled(Exception):
        pass

    seen = 0

    def on_item() -> None:  # the window's cancel: its progress callback raises
        nonlocal seen
        seen += 1
        if seen == import_pool.BATCH + 30:
            assert multiprocessing.active_children()  # the reading process is there to be stopped
            raise Cancelled

    source = _csv(tmp_path / "a.csv", 3 * import_pool.BATCH)
    with pytest.raises(Cancelled):
        _import(tmp_path / "p.db", [source], monkeypatch, "2", on_item=on_item)
    assert not multiprocessing.active_children()
    assert _dump(tmp_path / "p.db")["articles"] == []


def test_a_spawned_reading_process_reads_the_same_items(tmp_path: Path) -> None:
    """The window imports in a worker thread: there the child is spawned (imports, pickled sources)."""
    sources = plan([_csv(tmp_path / "a.csv", import_pool.BATCH + 3), _jsonl(tmp_path / "b.jsonl", 5)])
    options = ImportOptions()
    counts: dict[str, int] = {}
    read = list(import_pool.read(sources, options, counts, method="spawn"))
    assert read == list(checked_items(sources, options))
    assert counts == {item.bundle.article.text_hash: word_count(item.bundle.article.text) for _, item, _ in read}
    assert not multiprocessing.active_children()


def test_input_error_keeps_its_file_and_line_through_pickle() -> None:
    error = pickle.loads(pickle.dumps(InputError("has 2 fields", path="a.csv", line=7)))
    assert (str(error), error.path, error.line, error.detail) == ("a.csv:7: has 2 fields", "a.csv", 7, "has 2 fields")


def test_when_a_second_process_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    small = plan([_csv(tmp_path / "a.csv", 5)])
    monkeypatch.delenv(import_pool.ENV, raising=False)
    assert not import_pool.wanted(small)  # a few kilobytes: a process start costs more than it saves
    big = tmp_path / "big.csv"
    with big.open("w", encoding="utf-8") as fh:
        fh.write("text\n" + ("x" * 1000 + "\n") * (import_pool.MIN_BYTES // 1000 + 1))
    monkeypatch.setattr(import_pool, "others_running", lambda: 0)  # an idle machine (import17)
    assert import_pool.wanted(plan([big])) == ((os.cpu_count() or 1) >= 2)
    monkeypatch.setenv(import_pool.ENV, "1")
    assert not import_pool.wanted(plan([big]))
    monkeypatch.setenv(import_pool.ENV, "2")
    assert import_pool.wanted(small)


def test_a_reader_that_cannot_go_to_a_spawned_process_is_read_here(tmp_path: Path) -> None:
    """A source whose reader does not pickle (a lambda) cannot be sent to a spawned process: it is
    read in this one, the same items, rather than failing the import."""
    from annotator.formats import Source

    path = _csv(tmp_path / "a.csv", 5)
    source = Source(path, "csv", lambda options: csvfmt.read(path, options))
    options = ImportOptions()
    assert list(import_pool.read([source], options, {}, method="spawn")) == list(checked_items([source], options))


def test_the_pipe_from_the_reading_process_holds_two_batches() -> None:
    """import13: widened (Linux) so the reader goes on while the writer inserts; elsewhere left as it is."""
    fcntl = pytest.importorskip("fcntl")
    receiver, sender = multiprocessing.Pipe(duplex=False)
    try:
        import_pool._widen(receiver)
        if hasattr(fcntl, "F_GETPIPE_SZ"):
            with open("/proc/sys/fs/pipe-max-size", encoding="ascii") as limit:
                assert fcntl.fcntl(receiver.fileno(), fcntl.F_GETPIPE_SZ) == min(import_pool.PIPE_BYTES, int(limit.read()))
    finally:
        receiver.close()
        sender.close()


def test_no_second_process_without_a_free_core(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """import17: on two cores at load 2-4 the reading process only took turns with this one (the
    import ended later than in one process): it is used when the load average leaves a core free,
    where the load is unknown, and beside other threads (the window) whatever the load."""
    big = tmp_path / "big.csv"
    with big.open("w", encoding="utf-8") as fh:
        fh.write("text\n" + ("x" * 1000 + "\n") * (import_pool.MIN_BYTES // 1000 + 1))
    monkeypatch.delenv(import_pool.ENV, raising=False)
    monkeypatch.setattr(import_pool.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(import_pool.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    import threading

    monkeypatch.setattr(threading, "active_count", lambda: 1)  # whatever threads the test runner keeps
    others = {"now": 0}
    monkeypatch.setattr(import_pool, "others_running", lambda: others["now"])
    assert import_pool.wanted(plan([big]))  # a core free
    others["now"] = 1
    assert not import_pool.wanted(plan([big]))  # the other core busy: one process
    monkeypatch.setenv(import_pool.ENV, "2")
    assert import_pool.wanted(plan([big]))  # forced, whatever the load
    monkeypatch.delenv(import_pool.ENV)
    others["now"] = None  # not known (Windows)
    assert import_pool.wanted(plan([big]))
    monkeypatch.undo()  # the real thread count from here on
    monkeypatch.setattr(import_pool.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(import_pool, "others_running", lambda: 9)
    monkeypatch.delenv(import_pool.ENV, raising=False)
    stop = threading.Event()
    beside = threading.Thread(target=stop.wait, daemon=True)
    beside.start()
    try:
        assert import_pool.wanted(plan([big]))  # another thread runs here (the window's): read in a process of its own
    finally:
        stop.set()
        beside.join()


@pytest.mark.skipif(not Path("/proc/loadavg").exists(), reason="Linux's /proc/loadavg")
def test_a_process_running_now_counts_though_the_load_average_is_low() -> None:
    """import18b: the 1-minute load average lags; the count is what runs now. A child spinning
    for 2 s counts as one running process at once (least of 5 readings, so a process that runs
    for a moment does not), and no longer once it has ended."""
    import subprocess
    import sys
    import time

    before = import_pool.others_running()
    spin = subprocess.Popen([sys.executable, "-c", "import time\nend = time.time() + 2\nwhile time.time() < end: pass"])
    try:
        time.sleep(0.3)
        assert import_pool.others_running() >= 1
    finally:
        spin.kill()
        spin.wait()
    assert isinstance(before, int) and before >= 0


def test_without_proc_loadavg_the_load_average_decides(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_open = builtins.open

    def no_proc(path, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        if str(path) == "/proc/loadavg":
            raise FileNotFoundError(path)
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", no_proc)
    monkeypatch.setattr(import_pool.os, "getloadavg", lambda: (1.5, 0.0, 0.0))
    assert import_pool.others_running() == 1.5

    def unknown() -> tuple[float, float, float]:
        raise OSError("no load average")

    monkeypatch.setattr(import_pool.os, "getloadavg", unknown)
    assert import_pool.others_running() is None
