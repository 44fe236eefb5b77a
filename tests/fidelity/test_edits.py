"""Invariants after every window edit (create, accept, reject, resize, relabel, link, unlink,
delete, undo, redo, accept-all) on random articles with machine suggestions."""

from __future__ import annotations

import pytest
from hypothesis import example, given

from annotator.storage.project import Project
from tests.fidelity import store
from tests.fidelity.actions import Session
from tests.fidelity.findings import EDIT_FINDINGS
from tests.fidelity.harness import ever_seen, fidelity_settings, fresh_project, play, state_rows
from tests.fidelity.strategies import Scenario, scenarios


def _check_store(check):  # noqa: ANN001, ANN202
    def after_step(session: Session, action: tuple, memo: dict) -> None:
        problems = check(session.project)
        assert not problems, f"after {action}: {problems}"
    return after_step


def _deletions(session: Session, action: tuple, memo: dict) -> None:
    seen = memo.setdefault("seen", set())
    problems = store.unlogged_deletions(session.project, seen)
    assert not problems, f"after {action}: {problems}"
    seen |= ever_seen(session.project)


def _state_matches_store(session: Session, action: tuple, memo: dict) -> None:
    """What the window shows is what the file holds (the window repaints from ArticleState)."""
    shown = state_rows(session)
    held = store.snapshot(session.project)
    for table, records in shown.items():
        stored = {k: v for k, v in held[table].items() if v["article_id"] == session.article_id}
        assert records == stored, f"after {action}: the window shows other {table} than the file holds"


def _edits_saved(session: Session, action: tuple, memo: dict) -> None:
    assert not session.errors, f"after {action}: an edit, undo or redo was refused: {session.errors[-1]}"


def _undo_redo_exact(session: Session, action: tuple, memo: dict) -> None:
    """Undo puts back exactly the file's content before the edit; redo exactly the content after it."""
    now = store.snapshot(session.project)
    before_of, after_of = memo.setdefault("before", {}), memo.setdefault("after", {})
    previous = memo.get("previous")
    previous_stack = memo.get("stack", [])
    if action[0] not in ("undo", "redo") and session.stack and (not previous_stack or session.stack[-1] is not previous_stack[-1]):
        cmd = session.stack[-1]
        before_of[id(cmd)], after_of[id(cmd)] = previous, now
    elif action[0] == "undo" and session.index < memo.get("index", 0) and not session.errors:
        cmd = session.stack[session.index]
        assert now == before_of[id(cmd)], f"undo of {cmd.edit.description!r} did not restore the file exactly"
    elif action[0] == "redo" and session.index > memo.get("index", 0) and not session.errors:
        cmd = session.stack[session.index - 1]
        assert now == after_of[id(cmd)], f"redo of {cmd.edit.description!r} did not restore the file exactly"
    memo.update(previous=now, stack=list(session.stack), index=session.index)


def _examples(found):  # noqa: ANN001, ANN202
    """Every minimal example found so far, as explicit hypothesis examples of the test."""
    found = list(found)

    def decorate(test):  # noqa: ANN001, ANN202
        for scenario in found:
            test = example(scenario=scenario)(test)
        return test
    return decorate


INVARIANTS = {
    "no_suggested_relation_between_accepted_spans": _check_store(store.undecided_relations_of_accepted_spans),
    "no_accepted_relation_with_rejected_end": _check_store(store.accepted_relations_to_rejected_spans),
    "no_dangling_relation": _check_store(store.dangling_relations),
    "no_duplicate_span": _check_store(store.duplicate_spans),
    "stances_follow_their_spans": _check_store(store.stances_not_following_their_spans),
    "every_deletion_logged": _deletions,
    "integrity_check_ok": _check_store(store.integrity),
    "window_shows_the_file": _state_matches_store,
    "every_edit_saved": _edits_saved,
    "undo_redo_exact": _undo_redo_exact,
}
KNOWN: dict[str, str] = {}


@pytest.mark.parametrize(
    "invariant",
    [pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=KNOWN[name])) if name in KNOWN else name for name in INVARIANTS],
)
@fidelity_settings(scale=2)
@given(scenario=scenarios())
@_examples(example_scenario for found in EDIT_FINDINGS.values() for example_scenario in found)
def test_invariant_after_every_edit(invariant: str, scenario: Scenario) -> None:
    with fresh_project() as project:
        play(project, scenario, INVARIANTS[invariant])


def run_all_invariants(project: Project, scenario: Scenario) -> None:
    """Every invariant after every step (for the meta-tests and the long command)."""
    def each(session: Session, action: tuple, memo: dict) -> None:
        for name, check in INVARIANTS.items():
            check(session, action, memo.setdefault(name, {}))
    play(project, scenario, each)
