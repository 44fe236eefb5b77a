"""fix11aj (issue 11, usertest11q H1): a decided stance unit whose analysts' stances are still there
but say otherwise since (a newer merge changed a polarity) is "changed since decided"
(:func:`annotator.domain.curation._stance_changed`, read by ``Alignment.curated``, the ⚠ lists and
the withdrawal of the curated mark), for the analyst whose version was kept and for another who
agreed with it, for a rejection, for article-level stances, and for decisions recorded before the
``seen`` record (checked against the kept gold stance). Invented names only."""

from __future__ import annotations

import pytest

from annotator.domain import curation
from annotator.domain.curation import Decision, StanceUnit
from annotator.domain.model import Stance, Status

pytestmark = pytest.mark.timeout(30)


def st(sid: str, polarity: str, *, analyst: str = "", status: Status = Status.ACCEPTED, attrs: dict | None = None) -> Stance:
    return Stance(id=sid, article_id=1, holder="Ida Varenne", target="the ferry", polarity=polarity, status=status,
                  attrs=attrs or {}, analyst=analyst)


def unit(versions: dict[str, str], gold: Stance, decision: Decision, evidence: str = "ana:q") -> StanceUnit:
    return StanceUnit(holder="ida varenne", target="the ferry", evidence_unit=evidence, polarities=versions,
                      analysts=("ana", "ben", "cy"), versions={a: st(a[0], p, analyst=a) for a, p in versions.items()},
                      gold=(gold,), decision=decision)


SEEN = {"a:a": ["Ida Varenne", "the ferry", "favor"], "b:b": ["Ida Varenne", "the ferry", "favor"],
        "c:c": ["Ida Varenne", "the ferry", "against"]}


def kept(seen: bool = True) -> Stance:
    stamp = {"kept": "ana", "by": "lead", "at": "t", "from": ["ana:a", "ben:b"]}
    if seen:
        stamp["seen"] = {k.replace("a:a", "ana:a").replace("b:b", "ben:b").replace("c:c", "cy:c"): v for k, v in SEEN.items()}
    return st("g", "favor", attrs={"curation": stamp})


@pytest.mark.parametrize("evidence", ["ana:q", ""], ids=["on a quote", "article level"])
@pytest.mark.parametrize("seen", [True, False], ids=["seen recorded", "before seen"])
@pytest.mark.parametrize("who", ["ana", "ben"])
def test_a_kept_stance_whose_polarity_changed_since_is_changed(who: str, seen: bool, evidence: str) -> None:
    same = unit({"ana": "favor", "ben": "favor", "cy": "against"}, kept(seen), Decision.KEPT, evidence)
    assert curation._stance_changed(same) == ""
    now = {"ana": "favor", "ben": "favor", "cy": "against", who: "neutral"}
    changed = unit(now, kept(seen), Decision.KEPT, evidence)
    assert curation._stance_changed(changed) == (
        f"{who}'s stance of Ida Varenne on «the ferry» is now neutral, was favor when you kept it")


def test_a_change_of_a_version_not_kept_is_said_when_seen_was_recorded() -> None:
    # cy's against was not kept; it is now neutral: the curator decided against a version that changed
    changed = unit({"ana": "favor", "ben": "favor", "cy": "neutral"}, kept(), Decision.KEPT)
    assert curation._stance_changed(changed) == "cy's stance of Ida Varenne on «the ferry» is now neutral, was against when you kept it"


def test_a_rejected_stance_whose_polarity_changed_is_changed() -> None:
    stamp = {"kept": "none", "by": "lead", "at": "t", "decision": "rejected", "from": ["ana:a", "ben:b"],
             "seen": {"ana:a": ["Ida Varenne", "the ferry", "favor"], "ben:b": ["Ida Varenne", "the ferry", "against"]}}
    gold = st("g", "favor", status=Status.REJECTED, attrs={"curation": stamp})
    assert curation._stance_changed(unit({"ana": "favor", "ben": "against"}, gold, Decision.REJECTED)) == ""
    assert curation._stance_changed(unit({"ana": "favor", "ben": "favor"}, gold, Decision.REJECTED)) == (
        "ben's stance of Ida Varenne on «the ferry» is now favor, was against when you rejected it")
    # a stance new since the rejection (cy had none) is said too
    assert curation._stance_changed(unit({"ana": "favor", "ben": "against", "cy": "favor"}, gold, Decision.REJECTED)) == (
        "cy's stance of Ida Varenne on «the ferry» (favor) is new since you rejected it")


def test_a_new_stance_equal_to_the_kept_one_changes_nothing() -> None:
    stamp = {"kept": "ana", "by": "lead", "at": "t", "from": ["ana:a"], "seen": {"ana:a": ["Ida Varenne", "the ferry", "favor"]}}
    gold = st("g", "favor", attrs={"curation": stamp})
    assert curation._stance_changed(unit({"ana": "favor", "ben": "favor"}, gold, Decision.KEPT)) == ""
    assert curation._stance_changed(unit({"ana": "favor", "ben": "against"}, gold, Decision.KEPT)) == (
        "ben's stance of Ida Varenne on «the ferry» (against) is new since you kept it")


def test_a_decision_records_what_each_analyst_held() -> None:
    su = unit({"ana": "favor", "cy": "against"}, kept(), Decision.UNDECIDED)
    assert curation.stance_seen(su) == {"ana:a": ["Ida Varenne", "the ferry", "favor"], "cy:c": ["Ida Varenne", "the ferry", "against"]}
    assert curation.stance_seen(None) == {}
