"""fix11ab (issue 11, usertest11m F1, F2, F5a, F5c): no accepted gold stance without an accepted
holder. One rule, kept where every decision is finished (``curation._holders_rule``): an accepted
gold stance names an accepted gold span as its holder — a stance brought by a kept quote gets
gold's span for its holder, a stance whose holder a decision rejected stays rejected when a later
decision touches its quote, and where gold keeps no span for the holder the stance is not accepted
and the description says so. Hand-written text (usertest11m t40's), no corpus."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from annotator.domain import curation
from annotator.domain.edits import Edit
from annotator.domain.model import ArticleBundle, Span, Stance, Status
from annotator.storage import curation_state
from annotator.storage.project import Project
from tests.domain.test_curation_stance_follow_fix11y import TEXT, _at, apply, bundle, gold_stances, own_gold, state

QUOTE = '"The harbour," QUOTE accepted'


def with_maria(*, holder: str | None, version_of: str = "") -> ArticleBundle:
    """t40/gen.py: the t20 record with PERSON «Maria Okafor» too; ``holder`` "tom" (hp.jsonl: Tom
    Brennan favor «harbour» on the quote, holder span his PERSON), "maria" (hm.jsonl: Maria Okafor,
    holder span her PERSON), None (nost.jsonl: no stance)."""
    b = bundle(stance=None, version_of=version_of)
    m = _at("Maria Okafor")
    b.spans.append(Span(id="m", article_id=0, start=m[0], end=m[1], label="PERSON", layer="entity"))
    if holder == "tom":
        b.stances = [Stance(id="st", article_id=0, holder="Tom Brennan", holder_span="p", target="harbour", polarity="favor", evidence="q1")]
    elif holder == "maria":
        b.stances = [Stance(id="st", article_id=0, holder="Maria Okafor", holder_span="m", target="harbour", polarity="favor", evidence="q1")]
    return b


def holder_differs(path: Path) -> tuple[Project, int]:
    """r47 ``mki``: ana and ben agree on everything with no stance; ``--accept-agreed`` curates;
    then ana's newer layer adds Tom Brennan's stance, ben's Maria Okafor's (2 disagreements)."""
    project = Project.open(path)
    aid = 0
    for name in ("ana", "ben"):
        aid = project.import_bundles([with_maria(holder=None)], analyst=name).article_ids[0]
    apply(project, state(project, aid).accept_all_agreed(by="lead"))
    project.import_bundles([with_maria(holder="tom")], analyst="ana")
    project.import_bundles([with_maria(holder="maria")], analyst="ben")
    return project, aid


def accepted_without_holder(project: Project, aid: int) -> list[str]:
    """The accepted gold stances whose holder span is empty or not an accepted gold span."""
    spans = {s.id: s for s in project.bundle(aid).spans}
    bad = []
    for st in project.stances(aid):
        if st.analyst or st.status != Status.ACCEPTED:
            continue
        held = spans.get(st.holder_span)
        if held is None or held.status != Status.ACCEPTED or held.analyst:
            bad.append(f"{st.holder} {st.polarity} «{st.target}» holder_span={st.holder_span!r}")
    return bad


def quote_unit(st: curation.ArticleCuration) -> curation.Unit:
    return next(u for u in st.alignment.units if "QUOTE" in u.labels and TEXT[u.start:u.end].startswith('"The'))


# ------------------------------------------------------------------------------------------ F1


def test_a_stance_brought_by_a_kept_quote_names_golds_span_for_its_holder(tmp_path: Path) -> None:
    """F1 (r47 i1): keeping ben's QUOTE brought his stance of Maria Okafor in with holder_span ""
    though gold keeps her PERSON (accepted by --accept-agreed): the stance names that PERSON now."""
    project, aid = holder_differs(tmp_path / "p.db")
    edit = state(project, aid).take(quote_unit(state(project, aid)).key, "ben", by="lead")
    apply(project, edit)
    assert accepted_without_holder(project, aid) == []
    assert ("Maria Okafor", "favor", "accepted", "Maria Okafor PERSON accepted", QUOTE) in gold_stances(project, aid)


def test_a_stance_whose_holder_the_lead_rejected_is_rejected_with_it_by_the_quotes_decision(tmp_path: Path) -> None:
    """fix11ad: X on Maria Okafor's PERSON first, then keeping ben's QUOTE — the stance it brings is
    rejected with its holder in the same edit (as X on the holder rejects a gold stance naming it).
    It was left out with "decide the holder, then the stance", and the holder was decided already:
    Tab never reaches it, and no key followed that advice. (A holder not decided yet still holds the
    stance back, said: tests/domain/test_curation_by_name_fix11ac.py, the stance waits for it.)"""
    project, aid = holder_differs(tmp_path / "p.db")
    st = state(project, aid)
    maria = next(u for u in st.alignment.units if TEXT[u.start:u.end] == "Maria Okafor")
    apply(project, st.reject(maria.key, by="lead"))
    st = state(project, aid)
    edit = st.take(quote_unit(st).key, "ben", by="lead")
    assert "its stance of Maria Okafor favor «harbour» rejected in gold (its holder «Maria Okafor» is not kept)" in edit.description
    assert "decide the holder" not in edit.description
    apply(project, edit)
    assert accepted_without_holder(project, aid) == []
    assert [s[:3] for s in gold_stances(project, aid) if s[0] == "Maria Okafor"] == [("Maria Okafor", "favor", "rejected")]
    su = next(s for s in state(project, aid).alignment.stances if s.name == "Maria Okafor")
    assert su.decided and not su.open


# ------------------------------------------------------------------------------------------ F2


def x_on_the_holder(path: Path) -> tuple[Project, int]:
    """r44 Ox: gold's own ORG «Tom Brennan» holds the stance; ana and ben have PERSON; X on the
    holder's unit rejects it and the stance (holder_rejected)."""
    project, aid = own_gold(path, bundle(label="ORG"), {"ana": bundle(), "ben": bundle()})
    st = state(project, aid)
    unit = next(u for u in st.alignment.units if {"PERSON", "ORG"} & set(u.labels))
    edit = st.reject(unit.key, by="lead")
    assert "its stance of Tom Brennan favor «harbour» rejected in gold (its holder «Tom Brennan» is rejected)" in edit.description
    apply(project, edit)
    return project, aid


def test_a_stance_rejected_with_its_holder_stays_rejected_when_the_quote_is_kept(tmp_path: Path) -> None:
    """F2 (r44 Ox3, digit): keeping the quote afterwards re-accepted the stance with holder_span ""."""
    project, aid = x_on_the_holder(tmp_path / "p.db")
    st = state(project, aid)
    edit = st.take(quote_unit(st).key, "ana", by="lead")
    assert ("its stance of Tom Brennan favor «harbour» stays rejected as you decided (its holder «Tom Brennan» is rejected)"
            in edit.description)
    apply(project, edit)
    assert accepted_without_holder(project, aid) == []
    assert [s[:3] for s in gold_stances(project, aid)] == [("Tom Brennan", "favor", "rejected")]


def test_keep_versions_leaves_the_stance_rejected_with_its_holder(tmp_path: Path) -> None:
    """F2 (r44 S2x2/Ox2): ``curate --keep ana --article 1`` after X on the holder."""
    project, aid = x_on_the_holder(tmp_path / "p.db")
    kept = curation_state.keep_versions(project, aid, "ana", by="lead")
    assert kept.refused == []
    assert any("stays rejected as you decided" in n for n in kept.notes), kept.notes
    assert accepted_without_holder(project, aid) == []
    assert [s[:3] for s in gold_stances(project, aid)] == [("Tom Brennan", "favor", "rejected")]


# ------------------------------------------------------------------------------------------ F5


def test_stance_status_lines_keep_the_holders_case(tmp_path: Path) -> None:
    """F5a (r46): "reject the stance of maria okafor on «harbour»" — the holder as written."""
    project, aid = holder_differs(tmp_path / "p.db")
    st = state(project, aid)
    maria = next(s for s in st.alignment.stances if s.holder == "maria okafor")
    assert maria.name == "Maria Okafor"
    edit = st.take(maria.key, "ana", by="lead")  # ana has none there: gold keeps none
    assert edit.description.startswith("Curate: reject the stance of Maria Okafor on «harbour»"), edit.description


def test_a_stance_rejected_by_a_decision_keeps_its_holder_span(tmp_path: Path) -> None:
    """F5c (r46 Tab 1 Tab 1, r40 hdkeepben): the rejected record said holder_span "" though gold
    keeps Maria Okafor's PERSON; it names it now (whose stance it was)."""
    project, aid = holder_differs(tmp_path / "p.db")
    st = state(project, aid)
    maria = next(s for s in st.alignment.stances if s.name == "Maria Okafor")
    apply(project, st.take(maria.key, "ana", by="lead"))
    assert [s for s in gold_stances(project, aid) if s[0] == "Maria Okafor"] == [
        ("Maria Okafor", "favor", "rejected", "Maria Okafor PERSON accepted", QUOTE)]


# ------------------------------------------------------------------------------------ invariant

KEYS = ("1", "2", "X", "A", "R")  # digit ana / ben, reject, keep gold's as it is, Ctrl+Return


def _press(project: Project, aid: int, key: str, which: int) -> Edit | None:
    """One decision on the ``which``-th unit (span units, then stance units) as the view makes it;
    a refused or empty decision writes nothing (as the view says and writes nothing)."""
    st = state(project, aid)
    keys = [u.key for u in st.alignment.units] + [s.key for s in st.alignment.stances]
    if key == "R":
        edit = st.accept_all_agreed(by="lead")
    else:
        if not keys:
            return None
        unit = keys[which % len(keys)]
        try:
            edit = (st.take(unit, "ana" if key == "1" else "ben", by="lead") if key in "12"
                    else st.reject(unit, by="lead") if key == "X" else st.accept_agreed(unit, by="lead"))
        except (KeyError, ValueError):
            return None
    return project.apply(edit, by="lead") if edit else None


def _by_name(path: Path) -> tuple[Project, int]:
    """fix11ac N1 (usertest11n r54): ana marks PERSON «Maria Okafor» and her stance; ben holds the
    same stance by name only (no span of her)."""
    import dataclasses

    project = Project.open(path)
    aid = project.import_bundles([with_maria(holder="maria")], analyst="ana").article_ids[0]
    ben = with_maria(holder="maria")
    ben.spans = [s for s in ben.spans if s.id != "m"]
    ben.stances = [dataclasses.replace(st, holder_span="") for st in ben.stances]
    project.import_bundles([ben], analyst="ben")
    return project, aid


def _rejected_holder(path: Path) -> tuple[Project, int]:
    """fix11ac N1's other case: both mark PERSON «Maria Okafor» and her stance; the lead has
    rejected the PERSON (↓ to it, X)."""
    project = Project.open(path)
    aid = 0
    for name in ("ana", "ben"):
        aid = project.import_bundles([with_maria(holder="maria")], analyst=name).article_ids[0]
    st = state(project, aid)
    maria = next(u for u in st.alignment.units if TEXT[u.start:u.end] == "Maria Okafor")
    apply(project, st.reject(maria.key, by="lead"))
    return project, aid


def _polarity_conflict(path: Path) -> tuple[Project, int]:
    """fix11ae (usertest11o O1): both mark PERSON «Maria Okafor»; ana's stance of her is *favor*,
    ben's *against* — a disagreement no Ctrl+Return may decide."""
    import dataclasses

    project = Project.open(path)
    aid = project.import_bundles([with_maria(holder="maria")], analyst="ana").article_ids[0]
    ben = with_maria(holder="maria")
    ben.stances = [dataclasses.replace(st, polarity="against") for st in ben.stances]
    project.import_bundles([ben], analyst="ben")
    return project, aid


def bulk_took_no_side(before: curation.CurationInput, after: curation.CurationInput) -> None:
    """fix11ae's invariant: no Ctrl+Return / ``--accept-agreed`` ever decides a unit whose analysts'
    versions differ — every span or stance disagreement undecided before it is undecided after it,
    and no gold stance says "kept by all" where the analysts' stances differ."""
    was, now_ = curation.align(before), curation.align(after)
    for u in was.units:
        if u.disagreement and not u.decided:
            assert not (n := now_.unit(u.key)) or not n.decided, f"Ctrl+Return decided the disagreement {u.key}"
    for su in was.stances:
        if su.disagreement and not su.decided:
            n = now_.stance(su.key)
            assert n is None or not n.decided, f"Ctrl+Return decided the stance disagreement {su.key}: {su.polarities}"
    for su in now_.stances:
        kept = su.kept_gold()
        if kept is not None and curation._stance_info(kept).get("kept") == "all":
            assert su.agreed, f"gold says kept by all, the analysts differ: {su.polarities}"


CASES = {
    "polarity-conflict": _polarity_conflict,
    "holder-differs": holder_differs,
    "gold-org": lambda path: own_gold(path, bundle(label="ORG"), {"ana": bundle(), "ben": bundle()}),
    "new-stances": lambda path: own_gold(path, with_maria(holder=None), {"ana": with_maria(holder="tom"), "ben": with_maria(holder="maria")}),
    "by-name": _by_name,
    "rejected-holder": _rejected_holder,
}
#: the cases where an analyst names a holder by name only: gold may keep a stance so (holder_span "")
BY_NAME = {"by-name"}
ORDERS = [list(o) for o in itertools.islice(itertools.product(KEYS, repeat=3), 0, None, 7)]


def bad_holders(bundle_: ArticleBundle) -> list[str]:
    """fix11ad (c): the accepted gold stances with neither a holder span nor a holder name, or whose
    holder span is not an accepted gold span (rejected, an analyst's, or gone)."""
    spans = {s.id: s for s in bundle_.spans}
    bad = []
    for st in bundle_.stances:
        if st.analyst or st.status != Status.ACCEPTED:
            continue
        held = spans.get(st.holder_span)
        if (not st.holder_span and not st.holder.strip()) or (st.holder_span and (
                held is None or held.status != Status.ACCEPTED or held.analyst)):
            bad.append(f"{st.holder} {st.polarity} «{st.target}» holder_span={st.holder_span!r}")
    return bad


def tab_stops(al: curation.Alignment) -> list[str]:
    """The units Tab reaches (annotator/ui/curation_view.py ``_to_visit`` and its stance list):
    undecided disagreements and ⚠ decisions (changed since decided, linked to nothing), span units
    then stance units."""
    return ([u.key for u in al.units if (u.disagreement and not u.decided) or u.changed]
            + [st.key for st in al.stances if (st.disagreement and not st.decided) or st.changed])


def counted(data: curation.CurationInput) -> tuple[int, curation.Alignment]:
    """What the counter and ``curate`` count as left: disagreements, ⚠ decisions, agreed units."""
    al = curation.align(data)
    said = curation_state.state_from(data, al)
    return said.disagreements + said.changed + said.agreed, al


def _after(data: curation.CurationInput, edit: Edit) -> curation.CurationInput:
    return curation.CurationInput(gold=curation._apply_to_bundle(data.gold, edit), layers=data.layers, statuses=data.statuses)


def _advice_holds(after: curation.CurationInput, edit: Edit) -> None:
    """(d) on a decision's line: "decide the holder, then the stance" names a holder the keys can
    still decide (an undecided unit of those words: Tab or Ctrl+Return reaches it)."""
    import re

    al = curation.align(after)
    for words in re.findall(r"gold keeps no span for its holder «([^»]*)» — decide the holder", edit.description):
        assert any(not u.decided and TEXT[u.start:u.end] == words for u in al.units), (words, edit.description)


def _press_advertised(data: curation.CurationInput) -> curation.CurationInput | None:
    """One press of what the counter advertises: Tab then a digit (ana's, else ben's, else X) on
    the first unit Tab reaches, else Ctrl+Return while anything is counted or the article is not
    curated. Asserts (d): the press changes something. None when nothing is left to press."""
    left, al = counted(data)
    stops = tab_stops(al)
    st = curation.ArticleCuration(data, al)
    if stops:
        for act in (lambda k: st.take(k, "ana", by="lead"), lambda k: st.take(k, "ben", by="lead"), lambda k: st.reject(k, by="lead")):
            try:
                edit = act(stops[0])
            except (KeyError, ValueError):
                continue
            if edit:
                break
        else:
            raise AssertionError(f"Tab reaches {stops[0]}, and no digit nor X decides it")
    elif left or not al.article_curated:
        edit = st.accept_all_agreed(by="lead")
        assert edit, f"{left} counted, Ctrl+Return advertised, and it changed nothing: {edit.description}"
        bulk_took_no_side(data, _after(data, edit))
    else:
        return None
    after = _after(data, edit)
    now, al_now = counted(after)
    assert now < left or tab_stops(al_now) != stops or curation.curation_status(after.gold.article) != \
        curation.curation_status(data.gold.article), f"the advertised press changed nothing: {edit.description}"
    _advice_holds(after, edit)
    return after


def _signature(data: curation.CurationInput) -> tuple[object, ...]:
    """A gold state by content (ids differ between runs of one order of keys): the same state is
    checked once (:func:`check_decidable_by_keys` is pure)."""
    g = data.gold
    at = {s.id: (s.start, s.end, s.label) for s in g.spans}
    return (curation.curation_status(g.article), str(g.article.status),
            tuple(sorted((s.start, s.end, s.label, str(s.status), s.analyst) for s in g.spans)),
            tuple(sorted((at.get(r.head), at.get(r.child), r.label, str(r.status)) for r in g.relations)),
            tuple(sorted((st.holder, st.target, st.polarity, str(st.status), at.get(st.holder_span), at.get(st.evidence))
                         for st in g.stances)))


_CHECKED: set[tuple[object, ...]] = set()


def check_decidable_by_keys(data: curation.CurationInput, case: str) -> None:
    """fix11ad's invariant "every counted unit is decidable by keys", on the state ``data``:
    (a) the count equals the units Tab reaches plus the agreed units Ctrl+Return decides (and those
    that wait for a disputed speaker or cue: Tab decides that first); (b) pressing the advertised
    keys ends with nothing counted and the article curated; (c) at every state no accepted gold
    stance lacks a holder (:func:`bad_holders`); (d) every advertised press changes something."""
    seen = (case, _signature(data))
    if seen in _CHECKED:
        return
    _CHECKED.add(seen)
    left, al = counted(data)
    bulk = curation.decide_agreed(data, by="lead", alignment=al)
    waiting = curation_state.state_from(data, al).waiting
    assert left == len(tab_stops(al)) + bulk.units + bulk.stances + waiting, (
        left, tab_stops(al), bulk.units, bulk.stances, waiting, bulk.message)
    for _ in range(40):
        assert bad_holders(data.gold) == [], case
        if case not in BY_NAME:
            assert [s for s in data.gold.stances if not s.analyst and s.status == Status.ACCEPTED and not s.holder_span] == []
        nxt = _press_advertised(data)
        if nxt is None:
            break
        data = nxt
    else:
        raise AssertionError("40 presses and the article is still not curated")
    left, al = counted(data)
    assert left == 0 and al.article_curated, (left, tab_stops(al))


@pytest.mark.timeout(60)
@pytest.mark.parametrize("case", sorted(CASES))
def test_no_decision_order_leaves_an_accepted_stance_without_an_accepted_holder(tmp_path: Path, case: str) -> None:
    """Many orders of digits, X, A and Ctrl+Return over every unit, then ``--keep`` and undo/redo
    of each edit: after every step no accepted gold stance has an empty or non-accepted holder
    (fix11ad: a stance kept by name, in the by-name case, names its holder by name), and every unit
    counted is decidable by keys (:func:`check_decidable_by_keys`)."""
    import shutil

    n = 0
    template, aid = CASES[case](tmp_path / "case.db")  # made once, copied for each order (fix11ad: < 20 s)
    template.close()
    for order_no, keys in enumerate(ORDERS):
        for start in (0, 3):
            path = tmp_path / f"{order_no}-{start}.db"
            shutil.copyfile(tmp_path / "case.db", path)
            project = Project.open(path)
            done = []
            for step, key in enumerate(keys):
                before = state(project, aid).data
                if (stamped := _press(project, aid, key, start + step * 2)) is not None:
                    if key == "R":
                        bulk_took_no_side(before, state(project, aid).data)
                    done.append(stamped)
                    _advice_holds(state(project, aid).data, stamped)
                check_decidable_by_keys(state(project, aid).data, case)
                if case not in BY_NAME:
                    assert accepted_without_holder(project, aid) == [], (keys, step)
                n += 1
            for stamped in reversed(done):
                project.undo(stamped, by="lead")
                assert bad_holders(project.bundle(aid)) == [], keys
            for stamped in done:
                project.redo(stamped, by="lead")
                assert bad_holders(project.bundle(aid)) == [], keys
            curation_state.keep_versions(project, aid, "ana" if start else "ben", by="lead")
            assert bad_holders(project.bundle(aid)) == [], keys
            project.close()
    assert n > 100


def test_an_agreed_stance_waiting_for_its_disputed_holder_is_said_not_promised(tmp_path: Path) -> None:
    """fix11ad (found by the invariant above, by-name case): the quote decided, the agreed stance of
    Maria Okafor was counted "1 agreed unit" with Ctrl+Return / --accept-agreed advised, and
    Ctrl+Return answered "No agreed unit left to accept": it waits for its holder, a disagreement
    (ana's PERSON, ben's nothing). Counted as waiting now, and Ctrl+Return says why and which key."""
    project, aid = _by_name(tmp_path / "p.db")
    apply(project, state(project, aid).accept_all_agreed(by="lead"))  # the quote, its CUE and speaker
    said = curation_state.state_of(project, aid)
    assert (said.disagreements, said.agreed, said.waiting) == (1, 1, 1)
    assert said.undecided_said() == "1 disagreement and 1 agreed unit (1 waiting for a disputed speaker, cue or holder) not decided yet"
    edit = state(project, aid).accept_all_agreed(by="lead")
    assert not edit
    assert edit.description == ("No agreed unit left to accept; 1 agreed stance waits for its holder, a disagreement "
                                "not decided yet: decide it first (Tab); 1 disagreement left to decide: PERSON «Maria Okafor» "
                                "— Tab to it; 1…9 keeps an analyst's version, X rejects")


def test_the_second_import_says_the_units_left_as_curate_counts_them(tmp_path: Path) -> None:
    """F5b (r40 hd): ana's import said "(1 unit not decided yet)", ben's nothing, and ``curate``
    then said 2; the merge path said 2. Ben's line now counts what is left after it."""
    project = Project.open(tmp_path / "p.db")
    aid = 0
    for name in ("ana", "ben"):
        aid = project.import_bundles([with_maria(holder=None)], analyst=name).article_ids[0]
    apply(project, state(project, aid).accept_all_agreed(by="lead"))
    (ana,) = project.import_bundles([with_maria(holder="tom", version_of="ana")], analyst="ana").versions
    assert ana.withdrawn == "1 disagreement not decided yet"  # fix11ac N4: curate's words (it said "1 unit")
    (ben,) = project.import_bundles([with_maria(holder="maria", version_of="ben")], analyst="ben").versions
    assert ben.line().endswith("ben: 1 stance added; not curated since its curated mark was withdrawn (2 disagreements not decided yet)")
    assert curation_state.state_of(project, aid).undecided == 2


# ------------------------------------------------------------------------------------------ r42


def test_an_analyst_given_the_article_after_it_was_curated_who_marks_nothing_changes_it(tmp_path: Path) -> None:
    """r42 (fix11aa): ana and ben agree, Ctrl+Return curates; a second assign gives the article to
    cy, who marks it done with every machine suggestion still pending — "nothing here" against
    every kept unit. The article stayed curated (a version of cy's would have been "is new"); now
    each kept unit is ⚠ changed since decided, said, and A keeps gold's decision (the flag clears)."""
    import dataclasses

    from annotator.domain.model import ArticleStatus

    project = Project.open(tmp_path / "p.db")
    aid = 0
    for name in ("ana", "ben"):
        aid = project.import_bundles([bundle(stance=None)], analyst=name).article_ids[0]
    apply(project, state(project, aid, ("ana", "ben")).accept_all_agreed(by="lead"))
    pending = bundle(stance=None)
    pending.spans = [dataclasses.replace(s, status=Status.SUGGESTED) for s in pending.spans]
    pending.relations = [dataclasses.replace(r, status=Status.SUGGESTED) for r in pending.relations]
    pending.article = dataclasses.replace(pending.article, status=ArticleStatus.DONE)
    project.import_bundles([pending], analyst="cy")
    st = state(project, aid, ("ana", "ben", "cy"))
    assert not st.alignment.unreviewed
    flagged = [u for u in st.alignment.units if u.changed]
    assert flagged and all(u.changed == "cy (given the article after you kept this) marked nothing here" for u in flagged)
    assert not st.alignment.curated
    edit = st.accept_agreed(flagged[0].key, by="lead")  # A: gold's decision kept as it is, seen now with cy
    apply(project, edit)
    assert not next(u for u in state(project, aid, ("ana", "ben", "cy")).alignment.units if u.key == flagged[0].key).changed
