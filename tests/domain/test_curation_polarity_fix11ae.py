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
    assert "left to decide: the analysts differ" in edit.description
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
    assert [(g.polarity, g.origin, g.created, g.attrs["curation"]["kept"]) for g in gold] == [
        (layers["ben"].stances[0].polarity, "analyst:ben", bens.created, "ben")]
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


def test_keep_before_the_quote_is_decided_names_flags_not_keys(tmp_path: Path) -> None:
    """O2c/O3: the refusal named "Tab to it" (a window key; Tab never reaches an agreed quote)."""
    from annotator.storage import curation_state

    project, aid = team(tmp_path / "p.db", CASES["maria span"]())
    kept = curation_state.keep_versions(project, aid, "ben", by="lead")
    assert kept.refused and all("Tab" not in r and "--accept-agreed" in r for r in kept.refused), kept.refused
    st = state(project, aid)
    su = next(s for s in st.alignment.stances if s.versions)
    with pytest.raises(ValueError, match=r"accept the agreed quote first \(Ctrl\+Return\)"):
        st.take(su.key, "ben", by="lead")
