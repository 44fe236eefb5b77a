"""fix11m (issue 11): "a CUE/SPEAKER left linked to nothing" is a property of the gold state,
not of the edit that led there. A kept CUE or SPEAKER that has no accepted gold relation to an
accepted gold span, while its analysts linked it from quotes that are all decided now, is ⚠
(:attr:`Unit.unlinked`, counted as changed since decided, so the article is not curated) until
the lead keeps it so (``A``: ``unlinked_seen``) or rejects it (``X``) — in every order of
decisions. Hand-made text, no corpus."""

from __future__ import annotations

import itertools
import json
import shutil
from pathlib import Path

import pytest

from annotator.domain import curation
from annotator.domain.curation import Decision
from annotator.domain.model import Article, ArticleBundle, Relation, Status
from annotator.storage.project import Project
from tests.domain.test_curation_nested_fix11k import INNER, OUTER, TEXT, _told, by_text, data_of, make_project, span


def _nested(p: str) -> ArticleBundle:
    """An outer QUOTE with an inner QUOTE nested in it; «warned» the inner one's CUE; «Officials»
    the SPEAKER of both (so gold still links the speaker through the outer quote)."""
    spans = [span(f"{p}-out", OUTER, "QUOTE"), span(f"{p}-in", INNER, "QUOTE"), span(f"{p}-cue", "warned", "CUE", "cue"),
             span(f"{p}-who", "Officials", "SPEAKER", "speaker")]
    rels = [Relation(id=f"{p}-r1", article_id=0, head=f"{p}-in", child=f"{p}-cue", label="CUE"),
            Relation(id=f"{p}-r2", article_id=0, head=f"{p}-in", child=f"{p}-who", label="SPEAKER"),
            Relation(id=f"{p}-r3", article_id=0, head=f"{p}-out", child=f"{p}-who", label="SPEAKER")]
    return ArticleBundle(Article(id=None, text=TEXT), spans=spans, relations=rels)


def _decide(project: Project, aid: int, words: str, how: str) -> None:
    """``A`` (accept as agreed / keep as it is) or ``X`` (reject) on the unit at ``words``, as the view does."""
    state = curation.ArticleCuration(data_of(project, aid))
    key = by_text(state.alignment)[words].key
    edit = state.accept_agreed(key, by="lead") if how == "A" else state.reject(key, by="lead")
    if edit:
        project.apply(edit, by="lead")


def _flags(al: curation.Alignment) -> dict[str, bool]:
    return {TEXT[u.start:u.end]: bool(u.unlinked) for u in al.units}


def _gold_unlinked_unchosen(project: Project, aid: int) -> list[str]:
    """Kept gold CUE/SPEAKER spans with no accepted gold link to an accepted span and no
    ``unlinked_seen``: what a curated article's gold must never hold."""
    spans = {s.id: s for s in project.spans(aid) if not s.analyst}
    linked = {end for r in project.relations(aid) if not r.analyst and r.status == Status.ACCEPTED
              and spans.get(r.head) is not None and spans[r.head].status == Status.ACCEPTED
              and spans.get(r.child) is not None and spans[r.child].status == Status.ACCEPTED for end in (r.head, r.child)}
    return [TEXT[s.start:s.end] for s in spans.values() if s.status == Status.ACCEPTED and s.label in ("CUE", "SPEAKER")
            and s.id not in linked and "unlinked_seen" not in s.attrs.get("curation", {})]


def test_case1_a_cue_accepted_after_its_quote_was_rejected_is_flagged(tmp_path: Path) -> None:
    """X on the inner QUOTE, then A on CUE «warned», then Ctrl+Return: the CUE is ⚠, the article
    is not curated, and `export --layer gold` leaves it out (not curated)."""
    project, aid = make_project(tmp_path / "t.db", {"ana": _nested("a"), "cy": _nested("c")})
    try:
        _decide(project, aid, INNER, "X")
        _decide(project, aid, "warned", "A")
        edit = curation.accept_all_agreed(data_of(project, aid), by="lead")
        project.apply(edit, by="lead")
        assert "(article curated)" not in edit.description
        state = curation.ArticleCuration(data_of(project, aid))
        units = by_text(state.alignment)
        assert units["warned"].unlinked == ('CUE «warned» is linked to nothing in gold (its QUOTE «the delegation will '
                                            'answer in…» was rejected): keep it as it is (A) or reject it (X)')
        assert units["warned"].changed == units["warned"].unlinked
        assert _flags(state.alignment) == {OUTER: False, INNER: False, "warned": True, "Officials": False}
        assert not state.alignment.curated and state.alignment.changed_since_decided() == 1
    finally:
        project.close()
    from tests.cli.test_export_uncurated import run
    out = tmp_path / "gold.jsonl"
    assert run("export", tmp_path / "t.db", "--format", "jsonl", "--layer", "gold", "--output", out).exit_code == 0
    assert out.read_text(encoding="utf-8").strip() == ""  # not curated: no gold exported
    # A again keeps it linked to nothing, deliberately: curated, exported with the choice recorded
    project = Project.open(tmp_path / "t.db")
    try:
        _decide(project, aid, "warned", "A")
        al = curation.align(data_of(project, aid))
        assert al.curated and not _flags(al)["warned"]
        (cue,) = [s for s in project.spans(aid) if not s.analyst and s.label == "CUE"]
        assert cue.status == Status.ACCEPTED
        assert cue.attrs["curation"]["unlinked_seen"]["quotes"] == {by_text(al)[INNER].key: "rejected"}
    finally:
        project.close()
    assert run("export", tmp_path / "t.db", "--format", "jsonl", "--layer", "gold", "--output", out).exit_code == 0
    (doc,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert ("warned", "CUE") in {(doc["text"][s["start"]:s["end"]], s["label"]) for s in doc["spans"]}


def test_case2_ctrl_return_accepts_the_cue_of_a_rejected_quote_and_flags_it(tmp_path: Path) -> None:
    """X on the quote, then Ctrl+Return: the agreed CUE and SPEAKER are accepted (the analysts
    agree on them) but flagged, the article is not curated, and the description says so."""
    project, aid = make_project(tmp_path / "t.db", {"ana": _told("a"), "cy": _told("c")})
    try:
        _decide(project, aid, "nothing was agreed", "X")
        edit = curation.accept_all_agreed(data_of(project, aid), by="lead")
        project.apply(edit, by="lead")
        assert "(article curated)" not in edit.description
        assert edit.description == ("Curate: accept all 2 agreed units; 2 kept linked to nothing in gold (their quote was "
                                    "rejected): ⚠ A keeps each so, X rejects it")
        al = curation.align(data_of(project, aid))
        assert _flags(al) == {"nothing was agreed": False, "told": True, "the minister": True}
        assert not al.curated
    finally:
        project.close()


def test_case3_a_speaker_still_linked_through_the_outer_quote_is_not_flagged(tmp_path: Path) -> None:
    project, aid = make_project(tmp_path / "t.db", {"ana": _nested("a"), "cy": _nested("c")})
    try:
        project.apply(curation.accept_all_agreed(data_of(project, aid), by="lead"), by="lead")
        _decide(project, aid, INNER, "X")
        al = curation.align(data_of(project, aid))
        assert _flags(al) == {OUTER: False, INNER: False, "warned": True, "Officials": False}
        _decide(project, aid, "warned", "X")
        al = curation.align(data_of(project, aid))
        assert al.curated and not any(_flags(al).values())
    finally:
        project.close()


def test_a_stored_unlinked_stamp_of_fix11k_no_longer_flags_a_linked_speaker(tmp_path: Path) -> None:
    """Projects written yesterday: an ``unlinked`` record on a span that is linked is ignored
    (the state decides); an ``unlinked_seen`` without ``quotes`` still counts as seen."""
    project, aid = make_project(tmp_path / "t.db", {"ana": _nested("a"), "cy": _nested("c")})
    try:
        project.apply(curation.accept_all_agreed(data_of(project, aid), by="lead"), by="lead")
        _decide(project, aid, INNER, "X")
        import dataclasses

        from annotator.domain.edits import Change, Edit
        gold = {TEXT[s.start:s.end]: s for s in project.spans(aid) if not s.analyst}
        who, cue = gold["Officials"], gold["warned"]
        old = {"unlinked": {"link": "SPEAKER", "label": "QUOTE", "words": INNER}}
        project.apply(Edit("yesterday's stamps", (
            Change(who, dataclasses.replace(who, attrs={**who.attrs, "curation": {**who.attrs["curation"], **old}})),
            Change(cue, dataclasses.replace(cue, attrs={**cue.attrs, "curation": {**cue.attrs["curation"],
                                                                                  "unlinked_seen": {"by": "lead", "at": "x"}}})),
        )), by="lead")
        al = curation.align(data_of(project, aid))
        assert not any(_flags(al).values()) and al.curated
    finally:
        project.close()


def test_seen_is_forgotten_when_the_cue_is_linked_again(tmp_path: Path) -> None:
    """Kept linked to nothing (A, seen), then the quote kept again (the CUE linked), then rejected
    again: flagged again — the lead's "keep it so" was about a situation that ended."""
    project, aid = make_project(tmp_path / "t.db", {"ana": _told("a"), "cy": _told("c")})
    try:
        project.apply(curation.accept_all_agreed(data_of(project, aid), by="lead"), by="lead")
        _decide(project, aid, "nothing was agreed", "X")
        _decide(project, aid, "told", "A")
        _decide(project, aid, "the minister", "A")
        assert curation.align(data_of(project, aid)).curated
        state = curation.ArticleCuration(data_of(project, aid))
        project.apply(state.take(by_text(state.alignment)["nothing was agreed"].key, "ana", by="lead"), by="lead")
        gold = {TEXT[s.start:s.end]: s for s in project.spans(aid) if not s.analyst}
        assert "unlinked_seen" not in gold["told"].attrs["curation"]
        _decide(project, aid, "nothing was agreed", "X")
        al = curation.align(data_of(project, aid))
        assert _flags(al) == {"nothing was agreed": False, "told": True, "the minister": True} and not al.curated
    finally:
        project.close()


def test_a_cue_kept_while_its_quote_is_undecided_is_not_flagged_yet(tmp_path: Path) -> None:
    """Its quote may still link it: no ⚠ while the quote is undecided (the article is not curated anyway)."""
    project, aid = make_project(tmp_path / "t.db", {"ana": _told("a"), "cy": _told("c")})
    try:
        _decide(project, aid, "told", "A")
        al = curation.align(data_of(project, aid))
        assert not any(_flags(al).values()) and by_text(al)["told"].decision == Decision.KEPT
        _decide(project, aid, "nothing was agreed", "A")  # keeping the quote links its kept CUE
        al = curation.align(data_of(project, aid))
        assert not any(_flags(al).values()) and al.curated
    finally:
        project.close()


def _expected(final: dict[str, str], nested: bool) -> dict[str, bool]:
    """The rule on the final state: the CUE is linked only from the inner quote; the speaker from
    the inner quote and (nested) the outer one, which is kept in every order."""
    quote = INNER if nested else "nothing was agreed"
    cue = "warned" if nested else "told"
    who = "Officials" if nested else "the minister"
    out = {u: False for u in final}
    out[cue] = final[cue] == "A" and final[quote] == "X"
    out[who] = not nested and final[quote] == "X"
    return out


@pytest.mark.parametrize("nested", [True, False], ids=["nested", "lone"])
def test_every_order_of_decisions_gives_the_same_flags(tmp_path: Path, nested: bool) -> None:
    """Every order of {keep / reject the quote, keep / reject the CUE, keep the speaker} (nested:
    the outer quote kept too, first or last): flagged exactly when the rule says, incremental
    (:meth:`ArticleCuration.follow`) and fresh alignments agree after each step, the article is
    never curated while flagged, and a curated article's gold never holds an unchosen CUE or
    speaker linked to nothing."""
    quote = INNER if nested else "nothing was agreed"
    cue, who = ("warned", "Officials") if nested else ("told", "the minister")
    make = _nested if nested else _told
    template = tmp_path / "template.db"
    project, aid = make_project(template, {"ana": make("a"), "cy": make("c")})
    project.close()
    n = 0
    for q, c in itertools.product("AX", "AX"):
        steps = [(quote, q), (cue, c), (who, "A")]
        for order in itertools.permutations(steps):
            for outer_first in ((True, False) if nested else (None,)):
                seq = list(order)
                if outer_first is not None:
                    seq = [(OUTER, "A"), *seq] if outer_first else [*seq, (OUTER, "A")]
                n += 1
                shutil.copyfile(template, tmp_path / f"t{n}.db")  # a fresh copy per order: cheaper than importing
                project = Project.open(tmp_path / f"t{n}.db")
                try:
                    state = curation.ArticleCuration(data_of(project, aid))
                    for words, how in seq:
                        key = by_text(state.alignment)[words].key
                        edit = state.accept_agreed(key, by="lead") if how == "A" else state.reject(key, by="lead")
                        if edit:
                            state.follow(project.apply(edit, by="lead"))
                        fresh = curation.align(data_of(project, aid))
                        assert _flags(state.alignment) == _flags(fresh), seq
                        assert [u.changed for u in state.alignment.units] == [u.changed for u in fresh.units], seq
                        flagged = any(_flags(fresh).values())
                        assert not (flagged and fresh.curated), seq
                        marked = curation.curation_status(project.article(aid)) == "curated"
                        assert marked == fresh.curated, seq
                        if marked:
                            assert _gold_unlinked_unchosen(project, aid) == [], seq
                    final = {words: how for words, how in seq}
                    final.setdefault(OUTER, "A") if nested else None
                    assert _flags(fresh) == _expected({TEXT[u.start:u.end]: final.get(TEXT[u.start:u.end], "A")
                                                       for u in fresh.units}, nested), seq
                    assert fresh.curated == (not any(_flags(fresh).values())), seq
                    for words, flagged in _flags(fresh).items():
                        if flagged:  # A keeps it linked to nothing, deliberately
                            _decide(project, aid, words, "A")
                    assert curation.curation_status(project.article(aid)) == "curated", seq
                    assert _gold_unlinked_unchosen(project, aid) == [], seq
                finally:
                    project.close()
    assert n == (48 if nested else 24)
