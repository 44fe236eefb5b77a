"""fix11l: ``plan_version(carries=...)`` — a version replaces only the statuses its file carries;
the layer's records of other statuses stay as stored (not counted removed), pieces of a
discontinuous one with their FRAGMENT links, unless a span they name is gone."""

from __future__ import annotations

import dataclasses

from annotator.domain.model import Relation, Stance, Status
from annotator.storage.merge import StoredRecords, plan_version
from tests.core.test_layer_version_fix11i import TEXT, _span


def _rejected(span):  # noqa: ANN001, ANN202
    return dataclasses.replace(span, status=Status.REJECTED)


def test_records_of_statuses_the_file_does_not_carry_stay_and_are_not_removed() -> None:
    merkel, quote, scholz = _span("m", "Angela Merkel", "PERSON"), _span("q", "the talks failed", "QUOTE"), _span("s", "Olaf Scholz", "PERSON")
    piece1, piece2 = _rejected(_span("p1", "Emmanuel", "PERSON")), _rejected(_span("p2", "Berlin", "PERSON"))
    stored = StoredRecords(
        spans=[merkel, quote, scholz, piece1, piece2, _rejected(_span("b", "Berlin", "GPE"))],
        relations=[Relation(id="r1", article_id=0, head="q", child="m", label="SPEAKER", status=Status.ACCEPTED),
                   Relation(id="r2", article_id=0, head="q", child="s", label="SPEAKER", status=Status.REJECTED),
                   Relation(id="f", article_id=0, head="p1", child="p2", label="FRAGMENT", status=Status.ACCEPTED)],
        stances=[Stance(id="t", article_id=0, holder="Angela Merkel", target="talks", polarity="against", evidence="q",
                        holder_span="m", status=Status.REJECTED)])
    # the accepted-only file without Scholz (and so without any link to him)
    version = StoredRecords(spans=[dataclasses.replace(merkel, id="x1"), dataclasses.replace(quote, id="x2")],
                            relations=[Relation(id="x3", article_id=0, head="x2", child="x1", label="SPEAKER", status=Status.ACCEPTED)])

    plan = plan_version(stored, version, claim_id=lambda table, wanted: wanted, stamp="t", by="lead", carries={Status.ACCEPTED})

    assert sorted((TEXT[s.start:s.end], s.label, str(s.status)) for s in plan.spans) == sorted([
        ("Angela Merkel", "PERSON", "accepted"), ("the talks failed", "QUOTE", "accepted"),
        ("Emmanuel", "PERSON", "rejected"), ("Berlin", "PERSON", "rejected"), ("Berlin", "GPE", "rejected")])
    assert sorted(r.id for r in plan.relations) == ["f", "r1"]  # r2 named the removed Scholz: gone with him
    assert [t.id for t in plan.stances] == ["t"]  # rejected, its spans still there: stays
    assert plan.changes == {("span", "removed"): 1, ("relation", "removed"): 1}

    everything = plan_version(stored, version, claim_id=lambda table, wanted: wanted, stamp="t", by="lead")  # carries all
    assert len(everything.spans) == 2 and everything.changes[("span", "removed")] == 4


def test_a_carried_record_is_matched_before_one_of_another_status_with_the_same_identity() -> None:
    accepted, rejected = _span("a", "Berlin", "GPE"), _rejected(_span("r", "Berlin", "GPE"))
    stored = StoredRecords(spans=[rejected, accepted])
    version = StoredRecords(spans=[dataclasses.replace(accepted, id="x")])
    plan = plan_version(stored, version, claim_id=lambda table, wanted: wanted, stamp="t", by="lead", carries={Status.ACCEPTED})
    assert sorted((s.id, str(s.status)) for s in plan.spans) == [("a", "accepted"), ("r", "rejected")]
    assert plan.changes == {}
