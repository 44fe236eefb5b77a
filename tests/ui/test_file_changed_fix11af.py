"""fix11af (issue 11, usertest11o O7): the curation view says "the project file changed under the
view (another program: a merge?)" only when another program changed the project's *data*. A
read-only command run on the file while the view is open (export, search, agreement, the
``curate`` listing, stats), or another window opening it (its ``prepare_writes`` sets
``user_version`` to itself), changed SQLite's ``data_version`` without changing any data, and the
view answered the next key with the "merge?" line instead of the key's own."""

from __future__ import annotations

import subprocess
import sys
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
def test_read_only_commands_and_a_second_window_do_not_make_the_view_say_the_file_changed(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    path = tmp_path / "team.db"
    project, article_id = make_team_project(path, layers())
    window = make_window(project, analyst="lead")
    dialog = open_view(window, qtbot)
    dialog.file_watch.stop()  # looked at by hand below, after each command
    start = data_version(project)
    for command in READ_ONLY:
        run = cli(command[0], str(path), *command[1:])
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
