"""fix11ae (issue 11, usertest11o O1, O4): a stance whose analysts differ (polarity, or one has
none) is a disagreement — never decided by Ctrl+Return / ``--accept-agreed`` (accept_all_agreed)
or by a quote decision, which took the first analyst's and stamped it "kept by all"; a digit on
the stance (take_stance) decides it, and gold's origin and creation time follow the version kept.
Hand-written text (usertest11m t40's), no corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.domain import curation
from annotator.domain.model import Stance, Status
from annotator.storage.project import Project
from tests.domain.test_curation_holders_fix11ab import quote_unit, with_maria
from tests.domain.test_curation_stance_follow_fix11y import apply, bundle, gold_stances, state


def maria(polarity: str, *, by_name: bool = False):  # noqa: ANN201
    """ana's / ben's file: PERSON «Maria Okafor» and her stance ``polarity`` «harbour» on the quote
    (``by_name``: holder_span "", t60 name_m)."""
    b = with_maria(holder="maria")
    b.stances = [Stance(id="st", article_id=0, holder="Maria Okafor", holder_span="" if by_name else "m", target="harbour",
                        polarity=polarity, evidence="q1", created=f"2026-01-0{1 if polarity == 'favor' else 2}T00:00:00")]
    return b


def team(path: Path, layers: dict) -> tuple[Project, int]:  # noqa: ANN001
    project = Project.open(path)
    aid = 0
    for name, b in layers.items():
        aid = project.import_bundles([b], analyst=name).article_ids[0]
    return project, aid


CASES = {
    "maria span": lambda: {"ana": maria("favor"), "ben": maria("against")},
    "maria by name": lambda: {"ana": maria("favor", by_name=True), "ben": maria("against", by_name=True)},
    "speaker": lambda: {"ana": bundle(stance="favor"), "ben": bundle(stance="against")},
    "three, ana's minority": lambda: {"ana": maria("against"), "ben": maria("favor"), "cy": maria("favor")},
    "three, ben differs": lambda: {"ana": maria("favor"), "ben": maria("against"), "cy": maria("favor")},
}


def stance_unit(project: Project, aid: int, analysts: tuple[str, ...]) -> curation.StanceUnit:
    return next(s for s in state(project, aid, analysts).alignment.stances if s.versions)


def accepted(project: Project, aid: int) -> list[Stance]:
    return [s for s in project.stances(aid) if not s.analyst and s.status == Status.ACCEPTED]


@pytest.mark.parametrize("case", list(CASES))
def test_ctrl_return_never_decides_a_polarity_disagreement(tmp_path: Path, case: str) -> None:
    """O1: Ctrl+Return accepted the agreed units *and* the first analyst's polarity, kept "all"."""
    layers = CASES[case]()
    analysts = tuple(layers)
    project, aid = team(tmp_path / "p.db", layers)
    st = state(project, aid, analysts)
    assert st.alignment.disagreements_left() == 1
    edit = st.accept_all_agreed(by="lead")
    # fix11ag P5: the stance left is named with each analyst's polarity (and the keys that decide it)
    su = next(s for s in st.alignment.stances if s.versions)
    polarities = ", ".join(f"{a} {su.versions[a].polarity}" if a in su.versions else f"{a} has none" for a in analysts)
    assert f"1 stance left to decide: {su.name} on «{su.target}» (" + ("" if su.evidence_unit else "article level; ") \
        + f"{polarities}) — Tab to it" in edit.description, edit.description
    assert "(article curated)" not in edit.description
    apply(project, edit)
    assert accepted(project, aid) == []  # no polarity was chosen for the lead
    st = state(project, aid, analysts)
    su = next(s for s in st.alignment.stances if s.versions)
    assert su.disagreement and not su.decided and su.open  # reachable by Tab, counted
    assert st.alignment.disagreements_left() == 1 and not st.alignment.curated
    # a second Ctrl+Return still leaves it
    assert not st.accept_all_agreed(by="lead")
    # the digit decides it: ben's version, ben's origin and creation time
    st = state(project, aid, analysts)
    bens = su.versions["ben"]  # ben's layer's record: its creation time as the import stamped it
    assert bens.created
    apply(project, st.take(su.key, "ben", by="lead"))
    gold = accepted(project, aid)
    # fix11ag P1/P7: every analyst whose stance equals ben's is named (cy's too, where it is)
    equal = [a for a in analysts if layers[a].stances and layers[a].stances[0].polarity == bens.polarity]
    assert [(g.polarity, g.origin, g.created, g.attrs["curation"]["kept"]) for g in gold] == [
        (layers["ben"].stances[0].polarity, "analyst:" + ",".join(equal), bens.created, "ben")]
    assert state(project, aid, analysts).alignment.curated


@pytest.mark.parametrize("who", ["ana", "ben"])
def test_a_quote_decision_never_brings_a_stance_the_analysts_differ_on(tmp_path: Path, who: str) -> None:
    """O1, its kind: a digit on the quote kept that analyst's stance with it, whatever the other said."""
    project, aid = team(tmp_path / "p.db", CASES["maria span"]())
    st = state(project, aid)
    edit = st.take(quote_unit(st).key, who, by="lead")
    assert "its stance of Maria Okafor on «harbour» left to decide: the analysts differ (ana favor, ben against)" in edit.description
    apply(project, edit)
    assert accepted(project, aid) == []
    su = stance_unit(project, aid, ("ana", "ben"))
    assert su.open and su.disagreement


def test_an_agreed_stance_still_comes_with_its_quote(tmp_path: Path) -> None:
    """The rule's other side: both favor — Ctrl+Return brings it, kept by all, both analysts' origin."""
    project, aid = team(tmp_path / "p.db", {"ana": maria("favor"), "ben": maria("favor")})
    apply(project, state(project, aid).accept_all_agreed(by="lead"))
    assert [(g.polarity, g.origin, g.attrs["curation"]["kept"]) for g in accepted(project, aid)] == [("favor", "analyst:ana,ben", "all")]
    assert state(project, aid).alignment.curated


def test_switching_the_kept_stance_to_ben_follows_bens_origin(tmp_path: Path) -> None:
    """O4: a digit switching the kept stance from ana's to ben's updated polarity and ``kept`` but
    left ``origin analyst:ana``; the by-name keep wrote ``analyst:<curator>`` and no creation time."""
    project, aid = team(tmp_path / "p.db", {"ana": maria("favor"), "ben": maria("against", by_name=True)})
    apply(project, state(project, aid).accept_all_agreed(by="lead"))
    su = stance_unit(project, aid, ("ana", "ben"))
    apply(project, state(project, aid).take(su.key, "ana", by="lead"))
    assert [(g.polarity, g.origin, g.created) for g in accepted(project, aid)] == [("favor", "analyst:ana", "2026-01-01T00:00:00")]
    apply(project, state(project, aid).take(su.key, "ben", by="lead"))
    gold = accepted(project, aid)
    assert [(g.polarity, g.origin, g.created, g.attrs["curation"]["kept"]) for g in gold] == [
        ("against", "analyst:ben", "2026-01-02T00:00:00", "ben")]
    assert ("Maria Okafor", "against", "accepted", "Maria Okafor PERSON accepted", '"The harbour," QUOTE accepted') in gold_stances(project, aid)


def test_a_digit_or_keep_on_the_stance_before_its_agreed_quote_accepts_the_quote_too(tmp_path: Path) -> None:
    """O1/O3/O2c: Tab reaches the stance while its agreed quote is not decided; the digit said "keep
    that quote or claim first (Tab to it)" (Tab never goes there) and --keep ben skipped it so. Now
    the digit (and --keep ben) keeps ben's stance and accepts the agreed quote, as all agree, in one edit."""
    from annotator.storage import curation_state

    project, aid = team(tmp_path / "p.db", CASES["maria span"]())
    st = state(project, aid)
    su = next(s for s in st.alignment.stances if s.versions)
    edit = st.take(su.key, "ben", by="lead")
    assert "its QUOTE «\"The harbour,\"» kept in gold (agreed by all)" in edit.description, edit.description
    assert "left to decide" not in edit.description and "its holder PERSON «Maria Okafor» kept in gold" in edit.description
    assert [c.after.polarity for c in edit.changes if isinstance(c.after, Stance) and c.after.status == Status.ACCEPTED] \
        and all(c.after.polarity == "against" for c in edit.changes if isinstance(c.after, Stance) and c.after.status == Status.ACCEPTED)
    project2, aid2 = team(tmp_path / "q.db", CASES["maria span"]())
    kept = curation_state.keep_versions(project2, aid2, "ben", by="lead")
    assert kept.refused == [] and kept.disagreements == 1, kept
    assert [(g.polarity, g.origin) for g in accepted(project2, aid2)] == [("against", "analyst:ben")]
    # X likewise: the quote accepted, the stance rejected
    project3, aid3 = team(tmp_path / "r.db", CASES["maria span"]())
    st = state(project3, aid3)
    apply(project3, st.reject(su.key, by="lead"))
    after = state(project3, aid3)
    assert next(s for s in after.alignment.stances if s.versions).decision == curation.Decision.REJECTED
    assert quote_unit(after).decided


def hmk(path: Path) -> tuple[Project, int]:
    """t60 hmk: both mark PERSON «Maria Okafor»; ana's stance names her span, ben's names her by name."""
    return team(path, {"ana": maria("favor"), "ben": maria("favor", by_name=True)})


@pytest.mark.parametrize("order", ["ctrl-return", "2 on the quote, then ctrl-return", "1 on the quote, then ctrl-return"])
def test_where_gold_keeps_a_span_for_the_holder_the_stance_names_it_whatever_the_order(tmp_path: Path, order: str) -> None:
    """O6: ``Ctrl+Return`` gave a stance naming the PERSON; ``2`` on the quote (ben's), then
    Ctrl+Return, gave it by name though gold keeps the PERSON ana's stance names."""
    project, aid = hmk(tmp_path / "p.db")
    if order != "ctrl-return":
        st = state(project, aid)
        apply(project, st.take(quote_unit(st).key, "ben" if order.startswith("2") else "ana", by="lead"))
    apply(project, state(project, aid).accept_all_agreed(by="lead"))
    assert state(project, aid).alignment.curated
    assert [s[:4] for s in gold_stances(project, aid) if s[0] == "Maria Okafor"] == [
        ("Maria Okafor", "favor", "accepted", "Maria Okafor PERSON accepted")]
