"""Running a scenario: a fresh project file, the suggestions, the analyst's actions through the
adapter, with a callback after every step; and the hypothesis settings of the fixed-seed and long runs."""

from __future__ import annotations

import contextlib
import functools
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from hypothesis import seed, settings

from annotator.domain.model import Relation, Span, Stance, Tag
from annotator.storage import rows
from annotator.storage.project import Project
from tests.fidelity import profiles, store  # noqa: F401 - profiles registers the settings
from tests.fidelity.actions import Session, open_scenario
from tests.fidelity.strategies import Scenario

def fidelity_settings(scale: float = 1.0) -> settings:
    """The long or shrink profile when chosen (`--hypothesis-profile`), else the fixed-seed one;
    ``scale`` gives cheap properties more examples in the fixed-seed run."""
    chosen = settings.get_current_profile_name()
    if chosen in ("long", "shrink"):
        return settings.get_profile(chosen)
    base = settings.get_profile("fidelity-fixed")
    return settings(base, max_examples=max(1, int(base.max_examples * scale)))


# Thousands of small transactions: a RAM-backed folder when there is one (fsync on a shared disk
# made the run I/O-bound); the files are the same SQLite files either way.
FAST_TMP = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None


FIXED_SEED = 20261130


def same_examples_for_every_parameter(test):  # noqa: ANN001, ANN201
    """In the fixed-seed run, one seed for every parametrisation of ``test`` (hypothesis' pytest
    plugin otherwise gives each parameter its own), so the parametrised checks see the same
    scenarios and share their cached exports. The long run keeps hypothesis' own seeding."""
    if settings.get_current_profile_name() in ("long", "shrink"):
        return test
    return seed(FIXED_SEED)(test)


@functools.lru_cache(maxsize=1)
def template_bytes() -> bytes:
    """The bytes of a new, empty project (creating one runs every migration: ~0.1 s; a copy is ~5 ms)."""
    with tempfile.TemporaryDirectory(prefix="fidelity-template-") as folder:
        path = Path(folder) / "template.db"
        project = Project.open(path)
        project.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        project.close()
        return path.read_bytes()


@contextlib.contextmanager
def fresh_project() -> Iterator[Project]:
    """A new project file in its own temporary folder (hypothesis runs many examples per test,
    so pytest's function-scoped tmp_path cannot be used)."""
    with tempfile.TemporaryDirectory(prefix="fidelity-", dir=FAST_TMP) as folder:
        path = Path(folder) / "fidelity.db"
        path.write_bytes(template_bytes())
        project = Project.open(path)
        try:
            yield project
        finally:
            project.close()


StepCheck = Callable[[Session, tuple, dict], None]


@contextlib.contextmanager
def counted_ids() -> Iterator[None]:
    """Record ids in creation order instead of random: spans at the same place are ordered by id
    (ArticleState's reading order, so Tab), and a scenario must play the same way every time."""
    import itertools
    from unittest import mock

    counter = itertools.count(1)

    def next_id() -> str:
        return f"{next(counter):032x}"

    with mock.patch("annotator.domain.commands.new_id", next_id), mock.patch("annotator.storage.project.new_id", next_id):
        yield


def play(project: Project, scenario: Scenario, after_step: StepCheck | None = None) -> Session:
    """Store the scenario and run its actions; ``after_step(session, action, memo)`` after each
    (``memo`` is a dict the check may keep things in across steps). Ids are counted
    (:func:`counted_ids`), so a scenario plays the same way every time."""
    with counted_ids():
        return _play(project, scenario, after_step)


def _play(project: Project, scenario: Scenario, after_step: StepCheck | None) -> Session:
    article_id = open_scenario(project, scenario)
    session = Session(project, article_id)
    memo: dict = {}
    if after_step is not None:
        after_step(session, ("open",), memo)
    for act in scenario.actions:
        session.run(act)
        if after_step is not None:
            after_step(session, act, memo)
    return session


def state_rows(session: Session) -> dict[str, dict]:
    """What the window shows (ArticleState), as rows comparable with :func:`store.snapshot`."""
    def row(record: Span | Relation | Stance | Tag) -> dict:
        out = rows.TO_ROW[type(record)](record)
        out["analyst"] = record.analyst  # the layer (docs/team.md): the window shows the gold layer, "" in the file
        if hasattr(record, "attrs"):
            out["attrs"] = dict(record.attrs)
        return out

    state = session.state
    return {"spans": {s.id: row(s) for s in state.spans.values()}, "relations": {r.id: row(r) for r in state.relations.values()},
            "tags": {t.id: row(t) for t in state.tags.values()}, "stances": {s.id: row(s) for s in state.stances.values()}}


def ever_seen(project: Project) -> set[tuple[str, str]]:
    return store.record_keys(project)
