"""usertest19: `annotator preannotate --processes 2` at load 2.0-5.0 on 2 CPUs gave no gain over one
process, and "the tool gives no hint that 2 processes will not help under load". At the end of a
run of several processes whose load average exceeded the CPUs, one line says they were shared.
The load source is injected."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli, shared_cpus
from annotator.cli.shared_cpus import MARGIN, SAMPLE_EVERY_S, SharedCpus
from annotator.domain.model import Article
from annotator.storage.project import Project

pytestmark = pytest.mark.timeout(120)


def _watch(loads: list[float | None], processes: int = 2, cpus: int = 2) -> tuple[SharedCpus, list[float]]:
    clock = [0.0]
    feed = iter(loads)
    return SharedCpus(processes, load=lambda: next(feed), cpus=lambda: cpus, clock=lambda: clock[0]), clock


def test_the_mean_load_of_the_run_over_the_cpus_is_said_once_at_the_end() -> None:
    watch, clock = _watch([3.0, 3.5, 3.7])
    watch.sample()  # at the start
    clock[0] = SAMPLE_EVERY_S / 2
    watch.sample()  # too soon: not taken (the kernel's average moves every 5 s)
    assert watch.samples == [3.0]
    clock[0] = SAMPLE_EVERY_S
    watch.sample()
    assert watch.samples == [3.0, 3.5]
    line = watch.line()  # the end's own sample
    assert watch.samples == [3.0, 3.5, 3.7]
    assert line == ("The CPUs were shared during this run: load 3.4 on 2 CPUs (this run's 2 processes included), "
                    "so 2 processes do not give the speed-up they give on a quiet machine.")


@pytest.mark.parametrize(("loads", "processes", "cpus"), [
    ([2.0 + MARGIN], 2, 2),  # the run's own processes on a quiet machine: not "shared"
    ([5.0], 1, 2),  # one process: its speed is not a speed-up
    ([None, None], 2, 2),  # no load average here (Windows)
    ([6.0], 4, 8),
])
def test_no_line_when_the_cpus_were_not_shared_or_it_cannot_be_known(loads: list[float | None], processes: int, cpus: int) -> None:
    watch, _clock = _watch(loads * 2, processes, cpus)
    watch.sample()
    assert watch.line() is None


def _project(path: Path) -> Path:
    with Project.open(path) as project:
        for n in range(4):
            project.add_article(Article(id=None, text=f'Harbour note {n}\n"The ferry is late again," the operator said on day {n}.'))
    return path


def test_preannotate_with_two_processes_under_load_says_the_cpus_were_shared(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shared_cpus, "usable_cpus", lambda: 2)
    monkeypatch.setattr(shared_cpus, "load_average", lambda: 4.25)
    loaded = CliRunner().invoke(cli, ["preannotate", str(_project(tmp_path / "a.db")), "--model", "rule-only", "--processes", "2"])
    assert loaded.exit_code == 0, loaded.output
    lines = loaded.stdout.splitlines()
    said = [n for n, line in enumerate(lines) if line.startswith("The CPUs were shared")]
    assert len(said) == 1 and lines[said[0] - 1].startswith("Pre-annotated 4 articles"), lines  # beside the speed
    assert "load 4.2 on 2 CPUs (this run's 2 processes included)" in lines[said[0]] or "load 4.3 on 2 CPUs" in lines[said[0]]

    monkeypatch.setattr(shared_cpus, "load_average", lambda: 1.2)  # a quiet machine: nothing said
    quiet = CliRunner().invoke(cli, ["preannotate", str(_project(tmp_path / "b.db")), "--model", "rule-only", "--processes", "2"])
    assert quiet.exit_code == 0 and "shared" not in quiet.output, quiet.output
