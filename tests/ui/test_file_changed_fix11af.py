"""fix11af (issue 11, usertest11o O7): the curation view says "the project file changed under the
view (another program: a merge?)" only when another program changed the project's *data*. A
read-only command run on the file while the view is open (export, search, agreement, the
``curate`` listing, stats), or another window opening it (its ``prepare_writes`` sets
``user_version`` to itself), changed SQLite's ``data_version`` without changing any data, and the
view answered the next key with the "merge?" line instead of the key's own."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from annotator.storage.project import Project
from tests.domain.test_curation import layers
from tests.domain.test_curation import make_project as make_team_project
from tests.ui.test_curation_stale import merge_ben_relabelled, open_view
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401

CHANGED = "changed under the view"


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    """``annotator ARGS`` in another process (another program, as the lead's terminal is)."""
    return subprocess.run([sys.executable, "-c", "from annotator.cli import main; main()", *args],
                          capture_output=True, text=True, timeout=120)


# Another program that runs many commands one after another: Python, the CLI and its imports start
# once instead of once per command (11 commands a test: ~2-3 s each on a loaded 2-core machine).
# Each command still opens and closes the project in that other process, as a terminal's would.
_OTHER_PROGRAM = r"""
import contextlib, io, json, sys, traceback
from annotator.cli import main
while line := sys.stdin.readline():
    kind, code, args = json.loads(line)
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    status = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            if kind == "cli":
                main(args)
            else:
                sys.argv = ["-c", *args]
                exec(compile(code, "<command>", "exec"), {"__name__": "__main__"})
        except SystemExit as exc:
            status = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        except BaseException:
            traceback.print_exc()
            status = 1
    err.flush()
    sys.__stdout__.write("\x00done " + json.dumps([status, err.buffer.getvalue().decode("utf-8", "replace")]) + "\n")
    sys.__stdout__.flush()
"""


class OtherProgram:
    """One other process running ``annotator`` commands and Python snippets on request, in order."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen([sys.executable, "-c", _OTHER_PROGRAM], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)

    def _run(self, kind: str, code: str, args: tuple[str, ...]) -> subprocess.CompletedProcess[str]:
        self.proc.stdin.write(json.dumps([kind, code, list(args)]) + "\n")
        self.proc.stdin.flush()
        while True:  # a helper process the command starts may write to the same stdout
            line = self.proc.stdout.readline()
            assert line, f"the other program ended (exit {self.proc.wait(timeout=10)}) during {kind} {args}"
            if line.startswith("\x00done "):
                status, err = json.loads(line[len("\x00done "):])
                return subprocess.CompletedProcess([kind, *args], status, "", err)

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        return self._run("cli", "", args)

    def python(self, code: str, *args: str) -> subprocess.CompletedProcess[str]:
        return self._run("python", code, args)

    def close(self) -> None:
        self.proc.stdin.close()
        try:
            self.proc.wait(timeout=30)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()


@pytest.fixture
def other_program():  # noqa: ANN201
    program = OtherProgram()
    yield program
    program.close()


READ_ONLY = [
    ("export", "--format", "jsonl", "--layer", "all", "--status", "all", "--all-articles", "--output", "-"),
    ("export", "--format", "jsonl", "--output", "-"),
    ("search", "Reuters"),
    ("agreement",),
    ("curate",),
    ("stats",),
]


def data_version(project: Project) -> int:
    return int(project.db.execute("PRAGMA data_version").fetchone()[0])


@pytest.mark.timeout(300)
def test_read_only_commands_and_a_second_window_do_not_make_the_view_say_the_file_changed(make_window, qtbot, tmp_path: Path,  # noqa: ANN001
                                                                                          other_program: OtherProgram) -> None:
    path = tmp_path / "team.db"
    project, article_id = make_team_project(path, layers())
    window = make_window(project, analyst="lead")
    dialog = open_view(window, qtbot)
    dialog.file_watch.stop()  # looked at by hand below, after each command
    start = data_version(project)
    for command in READ_ONLY:
        run = other_program.cli(command[0], str(path), *command[1:])
        assert run.returncode in (0, 1), (command, run.stderr)  # `curate` exits 1 while decisions are left
        assert "Traceback" not in run.stderr
        dialog.follow_file()  # what the window does when it sees another connection commit
        assert CHANGED not in dialog.status.text(), command
    with Project.open(path, create=False) as other:  # a second window opening the file
        other.prepare_writes()
        other.db.execute("PRAGMA user_version = " + str(int(other.db.execute("PRAGMA user_version").fetchone()[0])))
    dialog.follow_file()
    # the case the user met: SQLite saw other connections commit (the index, the token cache, the header)
    assert data_version(project) != start
    qtbot.keyClick(dialog, Qt.Key.Key_Tab)
    said = dialog.status.text()
    assert CHANGED not in said and said.strip(), said  # the key's own line, not "a merge?"
    # a real change of the data by another program still is said
    merge_ben_relabelled(path, article_id, "GPE", "ORG")
    dialog.follow_file()
    assert CHANGED in dialog.status.text()


def test_the_view_s_timer_is_quiet_after_an_export_and_speaks_after_a_merge(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    path = tmp_path / "team.db"
    project, article_id = make_team_project(path, layers())
    window = make_window(project, analyst="lead")
    dialog = open_view(window, qtbot)
    dialog.file_watch.timer.setInterval(50)
    qtbot.keyClick(dialog, Qt.Key.Key_Tab)
    own = dialog.status.text()
    assert cli("export", str(path), "--format", "jsonl", "--layer", "all", "--status", "all", "--all-articles",
               "--output", "-").returncode == 0
    qtbot.wait(300)
    assert dialog.status.text() == own
    merge_ben_relabelled(path, article_id, "GPE", "ORG")
    qtbot.waitUntil(lambda: CHANGED in dialog.status.text(), timeout=3000)


# ---------------------------------------------------------------- fix11ah: one watcher, the window's and the view's
#
# The window and the curation view follow one watcher (annotator/ui/file_watch.py, deciding through
# annotator/storage/outside_changes.py). Each command below runs in another process while the
# window is open; the watcher's signal (and, with the view open, the view's "changed under the
# view" line) must come exactly after the commands that change the data.

SECOND_WINDOW_OPENS = """
import sys
from annotator.storage.project import Project
with Project.open(sys.argv[1], create=False) as p:
    # the log emptied (as when the last connection closed): the second window's prepare_writes then
    # commits an empty write (user_version set to itself), which moves every other connection's data_version
    p.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    sys.exit(0 if p.prepare_writes() else 3)
"""

SECOND_WINDOW_EDITS = """
import sys
from annotator.domain import commands
from annotator.domain.model import ArticleStatus
from annotator.storage.project import Project
with Project.open(sys.argv[1], create=False) as p:
    p.prepare_writes()
    article = p.article(int(sys.argv[2]))
    p.apply(commands.set_article_status(article, ArticleStatus.DONE), by="ben")
"""


def commands_against(team: Path, cy: Path, first: int, import_file: Path,
                     other: OtherProgram) -> list[tuple[str, bool, Callable[[], object]]]:
    """(name, writes the data?, run) in the order run; read-only first, then mixed; each run by ``other``."""
    cli, python = other.cli, other.python

    def run(*args: str) -> Callable[[], object]:
        return lambda: cli(args[0], str(team), *args[1:])
    return [
        *((" ".join(c), False, run(*c)) for c in READ_ONLY),
        ("second window opens (prepare_writes)", False, lambda: python(SECOND_WINDOW_OPENS, str(team))),
        ("import", True, run("import", str(import_file))),
        ("search (full-text catch-up of the import)", False, run("search", "Vellmark")),
        ("export --layer all (after the writes)", False, run("export", "--format", "jsonl", "--layer", "all", "--status", "all",
                                                        "--all-articles", "--output", "-")),
        ("merge", True, run("merge", str(cy))),
        ("second window edits", True, lambda: python(SECOND_WINDOW_EDITS, str(team), str(first))),
    ]


@pytest.mark.timeout(90)
@pytest.mark.parametrize("where", ["main window", "curation view"])
def test_one_watcher_fires_for_writing_commands_only(where: str, make_window, qtbot, tmp_path: Path, monkeypatch,  # noqa: ANN001
                                                     other_program: OtherProgram) -> None:
    from annotator.storage.search import pending_articles
    from annotator.ui.curation_view import CurationDialog
    from tests.ui.test_outside_writes_fix11j import _curated_team

    team, cy, first = _curated_team(tmp_path)
    import_file = tmp_path / "new.txt"
    import_file.write_text("The harbour council of Vellmark voted to repaint the old lighthouse green on Tuesday.\n",
                           encoding="utf-8")
    project = Project.open(team, create=False)
    window = make_window(project, analyst="lead")
    window.open_article(first)
    # the window's own full-text catch-up (after the import) would leave `search` nothing to write
    monkeypatch.setattr(window.indexer, "start", lambda: None)
    fired: list[tuple[list[int], list[int]]] = []
    window.outside_writes.changed.connect(lambda ids, gold: fired.append((list(ids), list(gold))))
    dialog = None
    if where == "curation view":
        qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
        dialog = window.findChild(CurationDialog)
        assert dialog is not None and dialog.isVisible()
        assert dialog.file_watch is window.outside_writes  # one watcher, not one each
    window.outside_writes.timer.setInterval(50)  # the real timer, not a call by hand

    seen, expected, versions = [], [], {}
    for name, writes, run in commands_against(team, cy, first, import_file, other_program):
        before_version, before = data_version(project), len(fired)
        if dialog is not None:
            dialog.say("(test: before the command)")
        if name.startswith("search (full-text"):
            assert pending_articles(project.db.conn) > 0  # the import left its article to index: search writes
        done = run()
        assert getattr(done, "returncode", 0) in (0, 1) and "Traceback" not in getattr(done, "stderr", ""), (name, done)
        if writes:
            qtbot.waitUntil(lambda: len(fired) > before, timeout=3000)  # noqa: B023
        else:
            qtbot.wait(250)  # five ticks
        said = CHANGED in dialog.status.text() if dialog is not None else len(fired) > before
        seen.append((name, len(fired) - before, said))
        expected.append((name, 1 if writes else 0, writes))
        versions[name] = data_version(project) != before_version
    assert seen == expected
    # the read-only cases are real: SQLite saw those programs commit (what the old window watch took for a change)
    assert versions["second window opens (prepare_writes)"] and versions["search (full-text catch-up of the import)"]
    assert versions[" ".join(READ_ONLY[0])], versions  # export --layer all filling the token cache
    assert pending_articles(project.db.conn) == 0
    # what followed: the edit's article (gold) and the merge's (cy's layer) named
    assert fired[-1] == ([first], [first])
    assert window.state.article.status.value == "done"  # the open article reloaded from the file


def test_a_closed_view_leaves_the_shared_watcher_working(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    from annotator.ui.curation_view import CurationDialog
    from tests.ui.test_outside_writes_fix11j import _curated_team, _merge_in_process

    team, cy, first = _curated_team(tmp_path)
    window = make_window(Project.open(team, create=False), analyst="lead")
    window.outside_writes.stop()
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = window.findChild(CurationDialog)
    assert dialog is not None
    dialog.close()  # deleted on close
    qtbot.waitUntil(lambda: window.findChild(CurationDialog) is None, timeout=3000)
    _merge_in_process(team, cy)
    assert window.outside_writes.check() is True  # the window still follows; the gone view is not called
