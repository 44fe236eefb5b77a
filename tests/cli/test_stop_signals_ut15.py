"""usertest14 F6: Ctrl+C or SIGTERM during ``annotator import`` of a 22 MB CSV took ~5 s to act,
and its line ("everything finished before it is saved") did not say that nothing was imported.

The 5 s: the import's reading process (``import_pool``), forked, holds its own copy of the pipe's
reading end, so closing ours did not end its ``send`` into the full pipe; ``end_child`` waited
its whole ``STOP_WAIT`` (5 s) before terminating it. An early stop now terminates the reader at
once. Each command's stop line says what was kept (``params.on_stop``). A forked export part
printed a KeyboardInterrupt traceback of its own on Ctrl+C (the terminal signals the whole
process group); it now ignores SIGINT from its start, as the import's reader does.

The subprocess tests hold the command where the user test met it (in the middle of the work,
the child running) through a wrapper script, send the signal the way a terminal (Ctrl+C: the
process group) or ``kill`` (SIGTERM: the process) does, and time signal → exit.

ui24: signal → exit is mostly the command's own cleanup (the brat export removes the ~2,500 files
of its new folder, then Python exits): ~0.1 s on a quiet machine, and it went past the old 3 s
bound once on 2 loaded cores (CI). What these tests guard against is a stop that *waits for the
child* (``STOP_WAIT`` a step) instead of ending it. The wrappers make that wait unmistakable:
they set ``STOP_WAIT`` to :data:`HANG` (60 s) in the command's process, so any such wait takes a
minute, and the bound is :data:`BOUND` (20 s): a loaded machine's cleanup fits in it, a wait for
the child never does. ``test_a_stopped_two_process_brat_export_leaves_the_previous_export
[sigterm-slow-cleanup]`` delays the folder's removal by 3.5 s (a loaded disk) to show it.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="fork and POSIX signals")

HANG = 60.0  # seconds: STOP_WAIT in the wrappers' command, so a stop that waits for its child takes a minute
BOUND = 20.0  # seconds from the signal to the exit (measured ~0.1 s quiet; a third of HANG: see the module doc)

IMPORT_SCRIPT = textwrap.dedent("""
    import contextlib, sys, time
    from annotator import cli
    from annotator.formats import import_pool, stream_pool

    import_pool.STOP_WAIT = stream_pool.STOP_WAIT = float(sys.argv.pop(1))  # HANG: a wait for the reader shows

    real = import_pool._batches_read

    def slow(*args, **kwargs):
        # the writer busy after its first batch (inserting, indexing): meanwhile the reader
        # fills the pipe and waits in its send, as it did in the user's 22 MB import
        with contextlib.closing(real(*args, **kwargs)) as batches:
            for n, batch in enumerate(batches):
                yield batch
                if n == 0:
                    print("ready", flush=True)
                    time.sleep(60)

    import_pool._batches_read = slow
    cli.main(sys.argv[1:])
""")

EXPORT_SCRIPT = textwrap.dedent("""
    import os, shutil, sys, time
    from pathlib import Path
    from annotator import cli
    from annotator.formats import stream_pool

    stream_pool.STOP_WAIT = float(sys.argv.pop(1))  # HANG: a wait for the part shows
    slow_cleanup = float(os.environ.get("SLOW_CLEANUP", "0"))  # seconds: a loaded disk removing the new folder
    if slow_cleanup:
        real_rmtree = shutil.rmtree

        def rmtree(path, *args, **kwargs):
            time.sleep(slow_cleanup)
            return real_rmtree(path, *args, **kwargs)

        shutil.rmtree = rmtree
    marker = Path(sys.argv[1])
    real_write, real_wait = stream_pool._write_part, stream_pool._wait
    ours = os.getpid()

    def slow_write(*args, **kwargs):  # in the forked part: a long stretch of writing, until the test releases it
        if os.getpid() == ours:  # this process's own part is written as it is
            return real_write(*args, **kwargs)
        try:
            deadline = time.monotonic() + 30
            while not marker.with_suffix(".go").exists() and time.monotonic() < deadline:
                time.sleep(0.02)
        except KeyboardInterrupt:
            marker.write_text("the export part got Ctrl+C", encoding="utf-8")
            raise
        return real_write(*args, **kwargs)

    def waiting(*args, **kwargs):  # in the parent: its part written, waiting for the child's
        print("ready", flush=True)
        return real_wait(*args, **kwargs)

    stream_pool._write_part, stream_pool._wait = slow_write, waiting
    cli.main(sys.argv[2:])
""")


def _rows(path: Path, count: int) -> None:
    """A CSV of ``count`` distinct made-up articles of ~1,100 characters (our own sentences)."""
    lines = ["id,text"]
    for i in range(count):
        body = " ".join(f"Story {i} paragraph {j}: the harbour board met on a windy morning to weigh ferry fares."
                        for j in range(14))
        lines.append(f"s{i},\"{body}\"")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _env() -> dict[str, str]:
    # the reading process at any size (ANNOTATOR_IMPORT_PROCESSES=2), as the 22 MB import had it
    return {**os.environ, "OMP_NUM_THREADS": "1", "ANNOTATOR_IMPORT_PROCESSES": "2"}


def _stop(process: subprocess.Popen[str], sig: signal.Signals, release: Path | None = None) -> tuple[float, str]:
    """Send ``sig`` as a terminal (SIGINT to the process group) or ``kill`` (SIGTERM to the
    process) would, then make file ``release`` (lets the export's part go on); seconds to the
    exit and stderr."""
    start = time.monotonic()
    if sig == signal.SIGINT:
        os.killpg(process.pid, sig)
    else:
        process.send_signal(sig)
    if release is not None:
        time.sleep(0.2)  # the signal is taken (or ignored) by every process of the group first
        release.write_text("go", encoding="utf-8")
    _out, err = process.communicate(timeout=60)
    return time.monotonic() - start, err


def _start(script: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    process = subprocess.Popen([sys.executable, str(script), str(HANG), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env={**_env(), **(env or {})}, start_new_session=True)
    line = process.stdout.readline().strip() if process.stdout else ""
    if line != "ready":
        process.kill()
        pytest.fail(f"the command did not reach its work: {line!r} {process.communicate()[1]}")
    return process


@pytest.fixture(scope="module")
def big_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("stop") / "rows.csv"
    _rows(path, 2500)  # ~2.8 MB: more than the widened pipe (1 MB) holds besides a batch
    return path


@pytest.mark.timeout(120)
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_a_stopped_import_into_a_new_project_stops_at_once_and_leaves_no_file(tmp_path: Path, big_csv: Path,
                                                                              sig: signal.Signals) -> None:
    script = tmp_path / "slow_import.py"
    script.write_text(IMPORT_SCRIPT, encoding="utf-8")
    project = tmp_path / "new.db"
    process = _start(script, "import", str(project), str(big_csv), "--text-column", "text")
    try:
        time.sleep(0.5)  # the reader fills the pipe
        took, err = _stop(process, sig)
    finally:
        process.kill()
    word = "Interrupted" if sig == signal.SIGINT else "Terminated (SIGTERM)"
    assert process.returncode == 130, err
    assert err.strip() == f"{word}; nothing was imported and {project} was not created.", err
    assert took < BOUND, f"{took:.2f} s from the signal to the exit"
    assert not list(tmp_path.glob("new.db*"))


@pytest.mark.timeout(120)
def test_a_stopped_import_into_an_existing_project_changes_nothing(tmp_path: Path, big_csv: Path) -> None:
    from annotator.domain.model import Article
    from annotator.storage.project import Project

    project = tmp_path / "old.db"
    with Project.open(project) as opened:
        opened.add_article(Article(id=None, text="A short note of our own about a bridge repair."))
    before = _articles(project)
    script = tmp_path / "slow_import.py"
    script.write_text(IMPORT_SCRIPT, encoding="utf-8")
    process = _start(script, "import", str(project), str(big_csv), "--text-column", "text")
    try:
        time.sleep(0.5)
        took, err = _stop(process, signal.SIGTERM)
    finally:
        process.kill()
    assert process.returncode == 130, err
    assert err.strip() == f"Terminated (SIGTERM); nothing was imported: {project} is as it was.", err
    assert took < BOUND, f"{took:.2f} s from the signal to the exit"
    assert _articles(project) == before == 1


def _articles(project: Path) -> int:
    with sqlite3.connect(project) as db:
        return int(db.execute("SELECT count(*) FROM articles").fetchone()[0])


@pytest.mark.timeout(120)
def test_ctrl_c_during_a_two_process_export_writes_nothing_and_the_part_stays_quiet(tmp_path: Path, big_csv: Path) -> None:
    project = tmp_path / "p.db"
    made = subprocess.run([sys.executable, "-c", "from annotator.cli import main; main()", "import", str(project), str(big_csv), "--text-column", "text"],
                          capture_output=True, text=True, env=_env(), timeout=120)
    assert made.returncode == 0, made.stderr
    script = tmp_path / "slow_export.py"
    script.write_text(EXPORT_SCRIPT, encoding="utf-8")
    marker, output = tmp_path / "child-interrupted.txt", tmp_path / "out.jsonl"
    process = _start(script, str(marker), "export", str(project), "--format", "jsonl", "--output", str(output))
    try:
        took, err = _stop(process, signal.SIGINT, release=marker.with_suffix(".go"))
    finally:
        process.kill()
    assert process.returncode == 130, err
    assert "Traceback" not in err, err
    assert err.strip() == f"Interrupted; nothing was written: {output} was not made.", err
    assert took < BOUND, f"{took:.2f} s from the signal to the exit"
    assert not marker.exists(), "the export's part took the Ctrl+C meant for the command (a traceback of its own)"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("out")] == []  # nor a temporary file or chunk


def test_the_stop_line_says_what_the_command_said_was_kept(tmp_path: Path) -> None:
    """``on_stop`` sets the note of the stop line; without it the line says finished work is kept."""
    import click
    from click.testing import CliRunner

    from annotator.cli import Terminated
    from annotator.cli import cli as group
    from annotator.cli.params import on_stop

    @click.command("stop-here-ut15")
    def stopping() -> None:
        on_stop("nothing was changed")
        raise Terminated()

    @click.command("stop-plain-ut15")
    def plain() -> None:
        raise KeyboardInterrupt()

    group.add_command(stopping)
    group.add_command(plain)
    try:
        said = CliRunner().invoke(group, ["stop-here-ut15"])
        assert (said.exit_code, said.output.strip()) == (130, "Terminated (SIGTERM); nothing was changed.")
        said = CliRunner().invoke(group, ["stop-plain-ut15"])
        assert (said.exit_code, said.output.strip()) == (130, "Interrupted; everything finished before it is saved.")
    finally:
        group.commands.pop("stop-here-ut15")
        group.commands.pop("stop-plain-ut15")
    on_stop("outside a command: nothing happens")  # no context: no error


def test_the_first_search_after_an_import_catches_the_index_up_in_stoppable_steps(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    """``annotator search`` right after a 10,000-article import took 2.9 s to act on Ctrl+C: the
    index caught up in one ``INSERT … SELECT`` (SQLite's C code, where no signal is handled).
    Now in steps outside a transaction: a stop acts between steps, and the steps done stay
    indexed with the note naming exactly the rest."""
    from click.testing import CliRunner

    from annotator.cli import cli
    from annotator.storage import search

    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(3):
        (folder / f"n{i}.txt").write_text(f"Note {i}: the ferry to the island ran late again today.", encoding="utf-8")
    project = tmp_path / "p.db"
    assert CliRunner().invoke(cli, ["import", str(project), str(folder)]).exit_code == 0
    with sqlite3.connect(project) as db:
        assert search.pending_articles(db) == 3  # the import left the index to its first use
    monkeypatch.setattr(search, "STOPPABLE_STEP", 1)
    real, calls = search._index_runs, []

    def stopped_second(conn, runs):  # noqa: ANN001, ANN202 - Ctrl+C during the second step
        calls.append(runs)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(conn, runs)

    monkeypatch.setattr(search, "_index_runs", stopped_second)
    db = sqlite3.connect(project, isolation_level=None)
    try:
        with pytest.raises(KeyboardInterrupt):
            search.ensure_index(db)
        assert search.pending_articles(db) == 2  # the first step stayed; the second rolled back
        assert db.execute("SELECT count(*) FROM articles_fts_docsize").fetchone()[0] == 1
    finally:
        db.close()
    monkeypatch.setattr(search, "_index_runs", real)
    said = CliRunner().invoke(cli, ["search", str(project), "ferry"])
    assert said.exit_code == 0, said.output
    with sqlite3.connect(project) as db:
        assert search.pending_articles(db) == 0
        assert db.execute("SELECT count(*) FROM articles_fts_docsize").fetchone()[0] == 3


@pytest.mark.timeout(120)
def test_sigterm_during_an_export_ends_a_busy_part_at_once(tmp_path: Path, big_csv: Path) -> None:
    """The export's part deep in a batch (it looks at ``stop`` between articles only): a spacy
    export took 1-2 s to stop, up to ``STOP_WAIT`` (5 s). Stopped, the part is terminated at once."""
    project = tmp_path / "p.db"
    made = subprocess.run([sys.executable, "-c", "from annotator.cli import main; main()", "import", str(project), str(big_csv),
                           "--text-column", "text"], capture_output=True, text=True, env=_env(), timeout=120)
    assert made.returncode == 0, made.stderr
    script = tmp_path / "slow_export.py"
    script.write_text(EXPORT_SCRIPT, encoding="utf-8")
    marker, output = tmp_path / "child-interrupted.txt", tmp_path / "out.jsonl"
    output.write_text("the previous export\n", encoding="utf-8")
    process = _start(script, str(marker), "export", str(project), "--format", "jsonl", "--output", str(output))
    try:
        took, err = _stop(process, signal.SIGTERM)  # the part is never released: busy until terminated
    finally:
        process.kill()
    assert process.returncode == 130, err
    assert err.strip() == f"Terminated (SIGTERM); nothing was written: {output} is as it was.", err
    assert took < BOUND, f"{took:.2f} s from the signal to the exit"
    assert output.read_text(encoding="utf-8") == "the previous export\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("out")] == ["out.jsonl"]


STARTING_SCRIPT = textwrap.dedent("""
    import sys, time

    class Slow:  # importing annotator.cli takes long (a loaded machine): the test signals meanwhile
        def find_spec(self, name, path=None, target=None):
            if name == "annotator.cli":
                print("importing", flush=True)
                time.sleep(30)
            return None

    sys.meta_path.insert(0, Slow())
    from annotator.cli_entry import main
    main()
""")


@pytest.mark.timeout(120)
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_a_stop_while_the_command_starts_is_one_line(tmp_path: Path, sig: signal.Signals) -> None:
    """Ctrl+C in the first tenths of a second (Python importing the command) printed a
    KeyboardInterrupt traceback (exit -2); SIGTERM ended it without a word (-15)."""
    script = tmp_path / "starting.py"
    script.write_text(STARTING_SCRIPT, encoding="utf-8")
    process = subprocess.Popen([sys.executable, str(script), "stats", str(tmp_path / "p.db")], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env=_env(), start_new_session=True)
    try:
        assert process.stdout.readline().strip() == "importing"
        took, err = _stop(process, sig)
    finally:
        process.kill()
    word = "Interrupted" if sig == signal.SIGINT else "Terminated (SIGTERM)"
    assert (process.returncode, err.strip()) == (130, f"{word} while starting; nothing was done.")
    assert took < BOUND
    assert not (tmp_path / "p.db").exists()


def test_the_entry_point_is_the_one_that_says_a_stop_while_starting() -> None:
    from importlib.metadata import entry_points

    (script,) = [e for e in entry_points(group="console_scripts") if e.name == "annotator"]
    assert script.value == "annotator.cli_entry:main"
    packaged = Path(__file__).resolve().parents[2] / "packaging" / "entry.py"
    assert "from annotator.cli_entry import main" in packaged.read_text(encoding="utf-8")


@pytest.mark.parametrize("command", ["stats", "agreement"])
def test_read_only_commands_say_nothing_was_changed(tmp_path: Path, monkeypatch, command: str) -> None:  # noqa: ANN001
    from click.testing import CliRunner

    from annotator.cli import cli
    from annotator.storage.project import Project

    project = tmp_path / "p.db"
    Project.open(project).close()

    def stopped(*_a, **_k):  # noqa: ANN002, ANN003, ANN202
        raise KeyboardInterrupt

    monkeypatch.setattr(Project, "open", stopped)
    said = CliRunner().invoke(cli, [command, str(project)])
    assert (said.exit_code, said.output.strip()) == (130, f"Interrupted; nothing was changed: {command} only reads.")



@pytest.fixture(scope="module")
def brat_export(tmp_path_factory: pytest.TempPathFactory, big_csv: Path) -> tuple[Path, Path]:
    """The project of ``big_csv`` (2,500 articles) and its brat export, in a folder of their own."""
    folder = tmp_path_factory.mktemp("brat-stop")
    project, output = folder / "p.db", folder / "brat"
    for argv in (["import", str(project), str(big_csv), "--text-column", "text"], ["export", str(project), "--format", "brat", "--output", str(output)]):
        done = subprocess.run([sys.executable, "-c", "from annotator.cli import main; main()", *argv], capture_output=True, text=True,
                              env=_env(), timeout=120)
        assert done.returncode == 0, done.stderr
    return project, output


@pytest.mark.timeout(120)
@pytest.mark.parametrize(("sig", "slow_cleanup"), [(signal.SIGINT, 0), (signal.SIGTERM, 0), (signal.SIGTERM, 3.5)],
                         ids=["ctrl-c", "sigterm", "sigterm-slow-cleanup"])
def test_a_stopped_two_process_brat_export_leaves_the_previous_export(tmp_path: Path, brat_export: tuple[Path, Path],
                                                                       sig: signal.Signals, slow_cleanup: float) -> None:
    """brat17: a brat export of 1,000+ articles is written by two processes into one new folder.
    Stopped while this process waits for the other's part (its own files written), it stops at
    once with one line, the previous export is as it was, and no new or old folder is left beside
    it (docs/reliability.md: a stop leaves the old export)."""
    from annotator.formats import atomic

    project, output = brat_export
    before = {p.name: p.read_bytes() for p in output.iterdir()}
    assert len(before) == 2 * 2500 + 1
    script = tmp_path / "slow_export.py"
    script.write_text(EXPORT_SCRIPT, encoding="utf-8")
    marker = tmp_path / "child-interrupted.txt"
    process = _start(script, str(marker), "export", str(project), "--format", "brat", "--status", "all", "--output", str(output),
                     env={"SLOW_CLEANUP": str(slow_cleanup)})
    try:
        took, err = _stop(process, sig, release=marker.with_suffix(".go") if sig == signal.SIGINT else None)
    finally:
        process.kill()
    assert process.returncode == 130, err
    assert "Traceback" not in err, err
    said = "Interrupted" if sig == signal.SIGINT else "Terminated (SIGTERM)"
    assert err.strip() == f"{said}; nothing was written: {output} is as it was.", err
    assert took < BOUND, f"{took:.2f} s from the signal to the exit"
    assert not marker.exists(), "the export's part took the Ctrl+C meant for the command"
    assert {p.name: p.read_bytes() for p in output.iterdir()} == before
    assert atomic.leftovers(output) == []
    assert sorted(p.name for p in output.parent.iterdir()) == ["brat", "p.db"]
