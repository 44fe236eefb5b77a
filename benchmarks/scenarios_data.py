"""Export and import scenarios of ``python -m benchmarks``; each sample runs in a child process
(``python -m benchmarks.scenarios_data child ...``) so that its peak memory is its own.

* ``export``: every format of ``annotator export`` on the N-article project (the real CLI code,
  called after the imports so that Python's start-up is not counted; whatever writer is on the
  path is measured), beside a raw ``sqlite-utils`` query of the articles dumped to JSONL / CSV.
  Targets: ≤ 3 s, ≤ 3× the raw dump (jsonl, csv), peak memory ≤ 500 MB. The rounds read a
  project whose tokens are stored (one untimed export first); the first export of a project
  without them, which tokenises its articles once, is its own row (export23) for each format that
  tokenises (jsonl, CoNLL, DocBin shards), target ≤ 3 s too (perf29).
* ``import``: ``annotator import`` of N FNC-1 bodies from CSV into a new project, beside a raw
  ``sqlite-utils`` ``insert_all`` of the same rows in one transaction (as the import; import13);
  target ≥ 0.9× its speed (articles/s). The import leaves the full-text index to the project's
  first search (import12d); the note gives what that catch-up costs, measured apart (``child index``).
"""

from __future__ import annotations

import csv
import json
import statistics
import sys
import time
from pathlib import Path

from benchmarks.corpus import Workdir
from benchmarks.harness import SHORT_BASELINES, Row, Target, at_most, from_samples, peak_rss_mb, run_child

# "spacy": a folder of DocBin shards (what `spacy train --paths.train FOLDER` reads, the form for a
# large export: shards are written by a second thread); "spacy-file": one .spacy file, whose single
# zlib stream cannot be shared between cores.
# "jsonl-tokens": `export --format jsonl --tokens`, Prodigy's token list on every line (perf30,
# usertest28 M5: 4.1-4.8 s for 8,345 FNC-1 bodies, ~45 tokens a line for every span).
FORMATS = ("jsonl", "jsonl-tokens", "csv", "conll", "spacy", "spacy-file", "brat")
OUTPUT_SUFFIX = {"brat": "/", "spacy": "/", "spacy-file": ".spacy", "jsonl-tokens": ".jsonl"}
CLI_FORMAT = {"jsonl-tokens": ("jsonl", "--tokens"), "spacy-file": ("spacy",)}  # a FORMATS name → `export --format` (and flags)
RAW_QUERY = "SELECT * FROM articles"
# The rows a jsonl export of --status accepted holds (jsonl12e): the articles, their accepted spans
# and accepted relations, dumped one JSON line a row the same way. The target's baseline stays
# RAW_QUERY (the articles alone, 26 MB at 10,000 against the export's 77 MB); this one is shown
# beside it in the jsonl row's note, to say how much of the ratio is the rows, not the writer.
RAW_SAME_ROWS = ("SELECT * FROM articles", "SELECT * FROM spans WHERE status = 'accepted'",
                 "SELECT * FROM relations WHERE status = 'accepted'")
RATIO_TARGET = ("jsonl", "csv")  # issue 12: ≤ 3× the raw dump
BASELINE_NAME = {"jsonl": "raw sqlite-utils query", "csv": "raw sqlite-utils query",
                 "brat": "raw: 2 files an article (text, empty) by os.open/os.write, no target"}
BRAT_AGAIN_NAME = BASELINE_NAME["brat"] + ", right after deleting the previous raw round's"
# The table shows these descriptions by a short name and prints them in the row's note (usertest24p M5:
# they set the baseline column's width, 262 characters in all); the JSON's baseline_name stays the description.
SHORT_BASELINES.update({BASELINE_NAME["brat"]: "raw files (2 an article)", BRAT_AGAIN_NAME: "raw files after a delete"})


def export_rows(work: Workdir, size: int, repeat: int) -> list[Row]:
    project = work.project(size)
    # export23 (issue 12): the first export of a project that has no stored tokens tokenises every
    # article it needs (spaCy's tokenizer, 5-20 s of CPU at 10,000) and keeps the tokens; every
    # later export reads them. Until export23 the jsonl rounds' first was that first export of a
    # just-built project (p95 7.76 s against a median of 0.83 s at 10,000), and a reused workdir's
    # project was exported already. That one-time cost is its own row, measured on fresh copies;
    # the rounds below measure an export as a user meets it from the second on.
    rows: list[Row] = first_export_rows(work, project, size, repeat)
    stored = store_tokens(work, project)
    raw: dict[str, list[float]] = {}
    for kind in ("jsonl", "csv"):
        raw[kind] = [run_child("scenarios_data", "child", "raw-dump", kind, str(project), str(work.path / f"raw.{kind}"))["seconds"]
                     for _ in range(repeat)]
    same_rows = [run_child("scenarios_data", "child", "raw-dump-rows", str(project), str(work.path / "raw-rows.jsonl"))["seconds"]
                 for _ in range(repeat)]
    (work.path / "raw-rows.jsonl").unlink(missing_ok=True)  # 76 MB at 10k
    # An earlier run's brat folders go now, before the other formats' rounds, not right before brat's.
    _remove_brat_rounds(work.path)
    again: list[dict] = []
    raw_again: list[float] = []
    for fmt in FORMATS:
        runs = []
        if fmt == "brat":
            runs, raw["brat"], again, raw_again = _brat_rounds(work.path, project, repeat)
        for _ in range(repeat if fmt != "brat" else 0):
            runs.append(run_child("scenarios_data", "child", "export", fmt, str(project), str(work.path / f"out-{fmt}")))
            _remove_output(work.path / f"out-{fmt}", fmt)  # 40-80 MB each at 10k: a shared disk fills up
        seconds = [r["seconds"] for r in runs]
        targets = at_most(3, "s") + ([Target("ratio", "<=", 3)] if fmt in RATIO_TARGET else [])
        # CPU seconds beside the wall clock: on a loaded machine the wall clock mostly says how
        # long the process waited for a core.
        # A large CoNLL, jsonl, csv or spacy export runs a second process (formats/stream_pool.py): its CPU is
        # counted too, so that a split shows as wall clock saved, not as CPU moved out of sight.
        helper = statistics.median(r.get("children_cpu", 0.0) for r in runs)
        cpu = f"CPU {statistics.median(r['cpu'] + r.get('children_cpu', 0.0) for r in runs):.2f} s (median"
        cpu += f"; this process {statistics.median(r['cpu'] for r in runs):.2f} + second process {helper:.2f}); " if helper else "); "
        if fmt == "jsonl":
            same = statistics.median(same_rows)
            cpu += (f"raw dump of the same rows (articles + accepted spans and relations) {same:.3g} s: "
                    f"{statistics.median(seconds) / same:.2f}×; ")
        if fmt == "jsonl-tokens":
            cpu += (f"{statistics.median(r.get('output_mb', 0.0) for r in runs):.0f} MB written (median), "
                    "Prodigy's tokens of every article; no raw baseline (the tokens are stored as arrays, not JSON); ")
        cpu += settled_note(runs) + stored
        shown = {"spacy": "spacy (shards folder)", "spacy-file": "spacy (one .spacy file)", "jsonl-tokens": "jsonl --tokens"}.get(fmt, fmt)
        rows.append(from_samples("export", f"{shown} @ {size:,} articles", seconds, unit="s", scale=1.0,
                                 baseline=raw.get(fmt), baseline_name=BASELINE_NAME.get(fmt, ""),
                                 targets=targets, note=cpu + runs[-1].get("left_out", "")))
        if fmt == "brat":
            rows.append(from_samples("export", f"brat re-export over a just-deleted export @ {size:,} articles",
                                     [r["seconds"] for r in again], unit="s", scale=1.0, baseline=raw_again,
                                     baseline_name=BRAT_AGAIN_NAME,
                                     note=f"CPU {statistics.median(r['cpu'] for r in again):.2f} s (median); " + JUST_DELETED_NOTE))
        second = max(r.get("children_peak_mb", 0.0) for r in runs)
        rows.append(from_samples("export", f"{shown} peak memory @ {size:,}", [r["peak_mb"] for r in runs], unit="MB", scale=1.0,
                                 targets=at_most(500, "MB"),
                                 note="peak RSS of the exporting process, imports included"
                                      + (f"; its second process (a split export) {second:.0f} MB at most" if second else "")))
    return rows


# perf29 (issue 12): the exports that tokenise (jsonl's token offsets, CoNLL, DocBin shards), each
# first export of a project whose tokens are not stored yet measured on its own, target 3 s as
# every export (docs/formats.md, perf29)
FIRST_FORMATS = ("jsonl", "conll", "spacy")


def first_export_rows(work: Workdir, project: Path, size: int, repeat: int) -> list[Row]:
    """One row per format of :data:`FIRST_FORMATS`: its export of a project whose tokens are not
    stored yet (what a user's first export after ``annotator import`` of articles with spans
    meets): ``repeat`` rounds, each on a fresh copy of ``project`` with its ``article_tokens``
    emptied (outside the clock), the formats alternated round by round. Target ≤ 3 s (perf29)."""
    runs: dict[str, list[dict]] = {fmt: [] for fmt in FIRST_FORMATS}
    for n in range(repeat):
        for fmt in FIRST_FORMATS:
            copy = work.path / f"first-export-{n}.db"
            _copy_without_tokens(project, copy)
            runs[fmt].append(run_child("scenarios_data", "child", "export", fmt, str(copy), str(work.path / "out-first")))
            _remove_output(work.path / "out-first", fmt)
            for leftover in work.path.glob(copy.name + "*"):
                leftover.unlink()
    rows = []
    for fmt, done in runs.items():
        helper = statistics.median(r.get("children_cpu", 0.0) for r in done)
        note = (f"CPU {statistics.median(r['cpu'] + r.get('children_cpu', 0.0) for r in done):.2f} s (median; this process "
                f"{statistics.median(r['cpu'] for r in done):.2f} + second process {helper:.2f}); peak memory "
                f"{statistics.median(r['peak_mb'] for r in done):.0f} MB (median); each round on a copy of the "
                "project without stored tokens (article_tokens emptied), as a just-imported project with spans: the export "
                "tokenises (spaCy's tokenizer, imported for it) and keeps the tokens, which every later export reads (export23; "
                "the stored-tokens rounds are the rows below); " + settled_note(done))
        shown = {"spacy": "spacy (shards folder)"}.get(fmt, fmt)
        rows.append(from_samples("export", f"{shown} first export (tokens not yet stored) @ {size:,} articles",
                                 [r["seconds"] for r in done], unit="s", scale=1.0, targets=at_most(3, "s"), note=note))
    return rows


def _copy_without_tokens(project: Path, copy: Path) -> None:
    """``project`` copied to ``copy`` (a new file), its stored tokens deleted there."""
    import shutil
    import sqlite3

    for leftover in copy.parent.glob(copy.name + "*"):
        leftover.unlink()
    shutil.copyfile(project, copy)
    conn = sqlite3.connect(copy)
    try:
        with conn:
            conn.execute("DELETE FROM article_tokens")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def store_tokens(work: Workdir, project: Path) -> str:
    """Before the timed rounds: one untimed CoNLL export of ``project`` in one process, which
    stores the tokens of every article (CoNLL writes them all; one process, so that no second
    writer's lock makes a batch go unkept). Returns the note's words on it."""
    import sqlite3

    run_child("scenarios_data", "child", "export", "conll", str(project), str(work.path / "out-warm"),
              env={"ANNOTATOR_EXPORT_PROCESSES": "1"})
    _remove_output(work.path / "out-warm", "conll")
    conn = sqlite3.connect(f"file:{project}?mode=ro", uri=True)
    try:
        kept, articles = conn.execute("SELECT (SELECT count(*) FROM article_tokens), (SELECT count(*) FROM articles)").fetchone()
    finally:
        conn.close()
    return f"the project's tokens stored before the rounds by one untimed export ({kept:,} of {articles:,} articles; the first export's cost is its own row); "


def settled_note(runs: list[dict]) -> str:
    """The note's words on :func:`~benchmarks.harness.settle_writes` before each round ("" when
    no round says how much was dirty)."""
    dirty = [r["dirty_mb"] for r in runs if r.get("dirty_mb") is not None]
    if not dirty:
        return ""
    return (f"each round after os.sync() outside its clock (file data not yet on disk before it: median "
            f"{statistics.median(dirty):.0f} MB, at most {max(dirty):.0f} MB); ")


JUST_DELETED_NOTE = (
    "no target: each round deletes the previous round's folder (2 files an article; 8 threads, outside the clock) just before it "
    "creates its own, as back-to-back rounds did until brat14; on ext4 without a journal (this machine's) each new "
    "inode then steps over every inode freed in the last 60-300 s (ext4 recently_deleted), so this row measures "
    "that file system more than the exporter (docs/benchmarks.md, brat14)")


def _brat_rounds(base: Path, project: Path, repeat: int) -> tuple[list[dict], list[float], list[dict], list[float]]:
    """brat's export rounds and their raw baseline (20,000 files by ``os.open``/``os.write``),
    alternated so that both meet the same file system: (fresh runs, fresh raw seconds, runs over a
    just-deleted export, raw seconds over just-deleted raw files).

    Fresh rounds write each into a new folder and nothing is deleted between them: on ext4 without
    a journal a file created within 60-300 s of another's deletion steps over every such inode
    (issue 12, brat14), so back-to-back rounds that deleted the previous round's 20,000 files
    measured that, not the exporter. The second set keeps that case visible: each round first
    deletes the previous round's folder (outside the clock)."""
    from annotator.formats.atomic import remove_folder

    runs, raw, again, raw_again = [], [], [], []
    for n in range(repeat):
        raw.append(run_child("scenarios_data", "child", "raw-files", str(project), str(base / f"brat-raw-{n}"))["seconds"])
        runs.append(run_child("scenarios_data", "child", "export", "brat", str(project), str(base / f"brat-out-{n}")))
    for n in range(repeat):
        previous = f"{n - 1}-again" if n else f"{repeat - 1}"
        remove_folder(base / f"brat-raw-{previous}")
        raw_again.append(run_child("scenarios_data", "child", "raw-files", str(project), str(base / f"brat-raw-{n}-again"))["seconds"])
        remove_folder(base / f"brat-out-{previous}")
        again.append(run_child("scenarios_data", "child", "export", "brat", str(project), str(base / f"brat-out-{n}-again")))
    _remove_brat_rounds(base)  # 95 MB a round at 10k: a shared disk fills up
    return runs, raw, again, raw_again


def _remove_brat_rounds(base: Path) -> None:
    from annotator.formats.atomic import remove_folder

    for folder in sorted(base.glob("brat-raw-*")) + sorted(base.glob("brat-out-*")):
        remove_folder(folder)


def _remove_output(base: Path, fmt: str) -> None:
    import shutil

    for path in (base, base.with_name(f"{base.name}.{fmt}"), base.with_name(f"{base.name}.spacy"),
                 base.with_name(f"{base.name}{OUTPUT_SUFFIX.get(fmt, '')}".rstrip("/"))):
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        elif path.exists():
            path.unlink()


def import_rows(work: Workdir, size: int, repeat: int) -> list[Row]:
    from annotator.formats import import_pool

    source = work.bodies_csv(size)
    ours, raw, cpu, raw_cpu, indexing = [], [], [], [], []
    children: list[bool] = []  # whether each import round used its reading process
    for n in range(repeat):
        target = work.path / f"import-{n}.db"
        raw_target = work.path / f"raw-insert-{n}.db"
        # alternated, raw first in even rounds and ours first in odd ones (pipe17): the file
        # system's and the machine's state after one run is not always the other's to inherit
        for what in (("raw-insert", "import") if n % 2 == 0 else ("import", "raw-insert")):
            done = run_child("scenarios_data", "child", what, str(source), str(raw_target if what == "raw-insert" else target))
            (raw if what == "raw-insert" else ours).append(size / done["seconds"])
            (raw_cpu if what == "raw-insert" else cpu).append(done["cpu"] + done.get("children_cpu", 0.0))
            if what == "import":
                children.append(done.get("children_cpu", 0.0) > 0)
        # `annotator import` leaves the full-text index to the first search (import12d): what that
        # first search then costs, beside (not in) the import's own time.
        caught_up = run_child("scenarios_data", "child", "index", str(target))
        indexing.append((caught_up["seconds"], caught_up["cpu"]))
        for leftover in [*work.path.glob(target.name + "*"), *work.path.glob(raw_target.name + "*")]:
            leftover.unlink()
    # CPU seconds beside the wall clock (the import's reader process included): on a loaded
    # machine the wall clock mostly says how long each process waited for a core.
    ratios = sorted(o / r for o, r in zip(ours, raw))  # each round's ours / raw, beside the ratio of medians
    note = (f"per-round ratios: median {statistics.median(ratios):.2f}, {ratios[0]:.2f}-{ratios[-1]:.2f} over {len(ratios)} rounds; "
            f"CPU {statistics.median(cpu):.2f} s vs raw {statistics.median(raw_cpu):.2f} s (medians, child processes included); "
            f"the full-text index, left to the first search, then takes {statistics.median(w for w, _ in indexing):.2f} s "
            f"(CPU {statistics.median(c for _, c in indexing):.2f} s) with the project's opening (medians, not in the ratio; "
            "the raw insert builds none); both write a new file in one transaction with a rollback journal and synchronous FULL "
            "(sqlite-utils' defaults; the import's for a project it creates, import12k), the project is left in WAL; "
            f"the import read in a second process only with a core free and {import_pool.MIN_BYTES >> 20} MB of input or more "
            f"(import17, perf27: this CSV is {(source.stat().st_size if source.exists() else 0) / 1e6:.1f} MB): {sum(children)} of {len(children)} rounds did; "
            "a new project's tables and rows are one commit (perf27); the raw insert reads the CSV with csv.DictReader (as "
            "`sqlite-utils insert --csv`), the import with its own record reader (import18: ~0.09 s of CPU less at 10,000)")
    return [from_samples("import", f"csv @ {size:,} articles", ours, unit="articles/s", scale=1.0, baseline=raw,
                         baseline_name="raw sqlite-utils insert_all", targets=[Target("ratio", ">=", 0.9)], note=note)]


# ----------------------------------------------------------------------------- in the child


def _raw_dump(kind: str, project: str, output: str) -> None:
    from sqlite_utils import Database

    db = Database(project)
    with open(output, "w", encoding="utf-8", newline="") as fh:
        rows = db.query(RAW_QUERY)
        if kind == "jsonl":
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        else:
            writer = None
            for row in rows:
                if writer is None:
                    writer = csv.DictWriter(fh, list(row))
                    writer.writeheader()
                writer.writerow(row)
    db.close()


def _raw_dump_rows(project: str, output: str) -> None:
    """:data:`RAW_SAME_ROWS` through ``sqlite-utils``, one JSON line a row, as :func:`_raw_dump` does."""
    from sqlite_utils import Database

    db = Database(project)
    with open(output, "w", encoding="utf-8", newline="") as fh:
        for query in RAW_SAME_ROWS:
            for row in db.query(query):
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    db.close()


def _raw_files(project: str, folder: str) -> None:
    """Each article's text as ``NNNNNN.txt`` and an empty ``NNNNNN.ann`` in the new ``folder``
    (the caller removes it, when its deletion is not in the next round's way: ``_brat_rounds``)."""
    import os
    import sqlite3

    os.mkdir(folder)
    conn = sqlite3.connect(project)
    try:
        for article_id, text in conn.execute("SELECT id, text FROM articles ORDER BY id"):
            for suffix, data in ((".txt", text.encode("utf-8")), (".ann", b"")):
                fd = os.open(os.path.join(folder, f"{article_id:06d}{suffix}"), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
                try:
                    os.write(fd, data)
                finally:
                    os.close(fd)
    finally:
        conn.close()


def _raw_insert(source: str, output: str) -> None:
    from sqlite_utils import Database

    csv.field_size_limit(sys.maxsize)
    with open(source, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    db = Database(output)
    # One transaction, as the import's (import13): insert_all alone commits each chunk of 499 rows
    # (999 variables / 2 columns), 21 synced commits at 10,000 rows against the import's one.
    with db.atomic():
        db["articles"].insert_all(rows, batch_size=1000)
    db.close()


def _index(project: str) -> None:
    """The full-text index's catch-up after ``annotator import`` (what the project's first search runs first)."""
    from annotator.storage.project import Project
    from annotator.storage.search import ensure_index

    with Project.open(project) as opened:
        ensure_index(opened.db.conn)


def _cli(*args: str) -> None:
    from annotator.cli import main

    try:
        main(list(args))
    except SystemExit as exc:
        if exc.code not in (0, None):
            raise


def child(argv: list[str]) -> dict[str, object]:
    import annotator.cli  # noqa: F401 - imported before the clock starts (start-up is not the measure)
    import annotator.formats  # noqa: F401

    what, rest = argv[0], argv[1:]
    if what == "raw-insert":
        # the baseline's library imported before the clock starts, as annotator's modules are
        # above (pipe17): sqlite-utils imports numpy when installed, ~0.1 s of CPU that the raw
        # insert of 10,000 rows (~0.3 s) counted and that is no part of inserting rows (the
        # import's own lazy import of sqlite-utils, for a new project's migrations, is its cost)
        import sqlite_utils  # noqa: F401
    start, cpu, children = time.perf_counter(), time.process_time(), _children_cpu()
    if what == "raw-dump":
        _raw_dump(*rest)
    elif what == "raw-dump-rows":
        _raw_dump_rows(*rest)
    elif what == "raw-insert":
        _raw_insert(*rest)
    elif what == "raw-files":
        _raw_files(*rest)
        return {"seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu, "peak_mb": peak_rss_mb()}
    elif what == "import":
        source, target = rest
        _cli("import", target, source)
    elif what == "index":
        _index(*rest)
    elif what == "export":
        fmt, project, output = rest
        written = Path(output + OUTPUT_SUFFIX.get(fmt, f".{fmt}"))
        _cli("export", project, "--format", *CLI_FORMAT.get(fmt, (fmt,)), "--output", str(written))
    else:
        raise SystemExit(f"unknown child task {what!r}")
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    result = {"seconds": seconds, "cpu": cpu, "children_cpu": _children_cpu() - children, "peak_mb": peak_rss_mb(),
              "children_peak_mb": _children_peak_mb()}
    if what == "export" and written.is_file():
        result["output_mb"] = written.stat().st_size / 1e6
    return result


def _children_peak_mb() -> float:
    """The largest peak RSS (MB) of this process's ended and reaped children (a split export's
    second process; 0 when there was none). Linux reports ``ru_maxrss`` in KB."""
    try:
        import resource
    except ImportError:  # Windows
        return 0.0
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def _children_cpu() -> float:
    """CPU seconds (user + system) of this process's ended and reaped children (the import's reader)."""
    try:
        import resource
    except ImportError:  # Windows
        return 0.0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "child":
        import contextlib
        import io

        said = io.StringIO()
        with contextlib.redirect_stdout(said), contextlib.redirect_stderr(said):  # the CLI's own report is not our JSON
            result = child(sys.argv[2:])
        result["left_out"] = "; ".join(line.strip() for line in said.getvalue().splitlines() if "left out" in line.lower())
        print(json.dumps(result))
