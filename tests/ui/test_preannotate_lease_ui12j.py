"""usertest12 LOW-4: a second window on a project does not start its own launch pre-annotation
while the first pre-annotates; it says so. The lease goes with the first run's end."""

from __future__ import annotations

import os
import threading

import pytest

from annotator.storage.project import Project
from annotator.storage.run_lease import RunLease, lease_path
from annotator.ui.launch import preannotate_at_launch
from tests.ui.test_window_support import fake_suggester, make_project, make_window, no_modals, pump_until, wait_idle  # noqa: F401

pytestmark = pytest.mark.timeout(60)


def test_lease_is_exclusive_and_leaves_no_file(tmp_path) -> None:  # noqa: ANN001
    first, second = RunLease(tmp_path / "p.db", "preannotate"), RunLease(tmp_path / "p.db", "preannotate")
    assert first.acquire() and first.held
    assert not second.acquire() and not second.held  # another window of the same process too
    first.release()
    assert not lease_path(tmp_path / "p.db", "preannotate").exists()
    assert second.acquire()
    second.release()
    first.release()  # idempotent


def test_second_window_leaves_launch_preannotation_to_the_first(make_window, tmp_path) -> None:  # noqa: ANN001
    path = tmp_path / "shared.db"
    make_project(path, suggest=False).close()
    gate = threading.Event()

    def held(pipeline, text):  # noqa: ANN001, ANN202
        gate.wait(10)
        return fake_suggester(pipeline, text)

    first = make_window(Project.open(path, create=False), suggester=held)
    second = make_window(Project.open(path, create=False))
    assert preannotate_at_launch(first)
    assert not preannotate_at_launch(second)
    assert second.worker is None
    said = second.statusBar().currentMessage()
    assert said.startswith(f"shared.db is being pre-annotated by the Annotator window (pid {os.getpid()} on "), said
    assert said.endswith(" UTC): this window does not start its own"), said
    # misc12: asked for (File → Pre-annotate), it is refused too: one pre-annotator a project
    assert not second.start_preannotation(asked=True)
    assert second.worker is None
    assert second.statusBar().currentMessage().endswith(" UTC): wait for it to finish, then pre-annotate again")
    gate.set()
    wait_idle(first)
    pump_until(lambda: not first._retired, 20)
    assert not lease_path(path, "preannotate").exists()  # released, nothing left beside the project
    probe = RunLease(path, "preannotate")
    assert probe.acquire() and probe.held  # free again for the next launch
    probe.release()


# ----------------------------------------------------------------------------- misc12: the CLI too


def test_the_command_is_refused_while_the_windows_worker_holds_the_lease(make_window, tmp_path) -> None:  # noqa: ANN001
    from tests.cli.test_export_uncurated import run

    path = tmp_path / "shared.db"
    make_project(path, suggest=False).close()
    gate = threading.Event()

    def held(pipeline, text):  # noqa: ANN001, ANN202
        gate.wait(10)
        return fake_suggester(pipeline, text)

    window = make_window(Project.open(path, create=False), suggester=held)
    assert window.start_preannotation(asked=True)
    before = Project.open(path, create=False)
    spans = before.db.conn.execute("SELECT COUNT(*) FROM spans").fetchone()[0]
    before.close()
    result = run("preannotate", path, "--model", "rule-only")
    assert result.exit_code == 1
    out = result.output.strip()
    assert len(out.splitlines()) == 1, out
    assert out.startswith(f"Error: shared.db is being pre-annotated by the Annotator window (pid {os.getpid()} on "), out
    assert out.endswith("then run this command again"), out
    after = Project.open(path, create=False)
    assert after.db.conn.execute("SELECT COUNT(*) FROM spans").fetchone()[0] == spans  # nothing written
    after.close()
    gate.set()
    wait_idle(window)
    pump_until(lambda: not window._retired, 20)
    assert not lease_path(path, "preannotate").exists()


def test_the_window_is_refused_while_the_command_holds_the_lease(make_window, tmp_path) -> None:  # noqa: ANN001
    from annotator.storage.run_lease import BY_CLI

    path = tmp_path / "shared.db"
    make_project(path, suggest=False).close()
    command = RunLease(path, "preannotate", by=BY_CLI)  # as `annotator preannotate` holds it
    assert command.acquire()
    try:
        window = make_window(Project.open(path, create=False))
        assert not window.start_preannotation(asked=True)
        assert window.worker is None and not window.background.queued
        said = window.statusBar().currentMessage()
        assert said.startswith("shared.db is being pre-annotated by `annotator preannotate` (pid "), said
        assert said.endswith("UTC): wait for it to finish, then pre-annotate again"), said
    finally:
        command.release()
    assert window.start_preannotation(asked=True)  # free again
    wait_idle(window)
