"""usertest12 LOW-4: a second window on a project does not start its own launch pre-annotation
while the first pre-annotates; it says so. The lease goes with the first run's end."""

from __future__ import annotations

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
    assert second.statusBar().currentMessage() == "Another window is pre-annotating shared.db: this one does not start its own"
    assert second.start_preannotation(asked=True)  # asked for: File → Pre-annotate still runs
    wait_idle(second)
    gate.set()
    wait_idle(first)
    pump_until(lambda: not first._retired, 20)
    assert not lease_path(path, "preannotate").exists()  # released, nothing left beside the project
    probe = RunLease(path, "preannotate")
    assert probe.acquire() and probe.held  # free again for the next launch
    probe.release()
