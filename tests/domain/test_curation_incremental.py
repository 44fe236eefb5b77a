"""The curation kept in memory between decisions (fix11, issue 11 "curation view at speed"):
:class:`ArticleCuration` follows each decision, and each undo, by rebuilding only the units it
changed; whatever the sequence, its units (gold, decision) and counts are those a full
:func:`align` of the same gold gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.domain import curation
from annotator.domain.curation import ArticleCuration
from tests.domain.test_curation import _big_article

DATA = _big_article(3_000, {"ana": 60, "ben": 55, "cy": 40}, seed=5)


def _same_as_full(state: ArticleCuration) -> None:
    full = curation.align(state.data)
    got = state.alignment
    assert [(u.key, u.decision, tuple(g.id for g in u.gold), tuple(g.status for g in u.gold)) for u in got.units] == \
        [(u.key, u.decision, tuple(g.id for g in u.gold), tuple(g.status for g in u.gold)) for u in full.units]
    assert (got.undecided(), got.disagreements_left(), got.curated) == (full.undecided(), full.disagreements_left(), full.curated)
    for u in got.units[:5]:
        for g in u.gold:
            assert got.home(g) is not None and got.home(g).key == full.home(g).key == u.key


OPS = st.lists(st.tuples(st.sampled_from(["take", "reject", "all", "undo"]), st.integers(0, 10_000), st.sampled_from(["ana", "ben", "cy"])),
               min_size=1, max_size=12)


@settings(max_examples=25, deadline=None)
@given(OPS)
def test_following_decisions_and_undos_gives_what_a_full_alignment_gives(ops: list[tuple[str, int, str]]) -> None:
    state = ArticleCuration(DATA)
    done = []
    for op, n, analyst in ops:
        units = state.alignment.units
        key = units[n % len(units)].key
        if op == "undo":
            if not done:
                continue
            edit = done.pop().inverse()
        elif op == "take":
            edit = state.take(key, analyst, by="lead", at="t")
        elif op == "reject":
            edit = state.reject(key, by="lead", at="t")
        else:
            edit = state.accept_all_agreed(by="lead", at="t")
        if not edit:
            continue
        changed = state.follow(edit)
        assert changed is not None
        if op != "undo":
            done.append(edit)
        _same_as_full(state)


def test_a_decision_changes_only_the_units_it_touched() -> None:
    state = ArticleCuration(DATA)
    before = state.alignment
    unit = next(u for u in before.units if u.disagreement and not u.links)
    changed = state.follow(state.take(unit.key, unit.versions[0].analyst, by="lead", at="t"))
    assert changed == [unit.key]
    after = state.alignment
    assert after.unit(unit.key).decision == curation.Decision.KEPT
    # every other unit is the very same object: nothing else was rebuilt
    assert all(a is b for a, b in zip(before.units, after.units) if a.key != unit.key)
    assert after.undecided() == before.undecided() - 1
