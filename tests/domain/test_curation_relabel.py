"""Relabelling a gold span in curation (fix11 item 4, :func:`curation.relabel_gold`): what the
new label can hold is carried, what it cannot is named, and dropped only as deletions of the edit."""

from __future__ import annotations

from annotator.domain import commands, curation
from annotator.domain.model import Relation, Stance
from tests.domain.test_curation import TEXT, link, span


def _records() -> commands.Records:
    spans = [span("q", "the talks failed", "QUOTE", "quote"), span("m", "Angela Merkel", "PERSON"), span("c", "said", "CUE", "cue")]
    rels = [link("rs", "q", "m"), link("rc", "q", "c", "CUE")]
    stance = Stance(id="st", article_id=0, holder="Angela Merkel", target="the talks", polarity="against", evidence="q", holder_span="m")
    return commands.records(spans, rels, [stance])


def test_a_quote_made_a_cue_names_its_speaker_cue_and_stance_and_deletes_each() -> None:
    records = _records()
    edit, lost = curation.relabel_gold(records, records.spans["q"], "CUE", "cue", TEXT)
    assert lost == ["its CUE link to «said»", "its SPEAKER link to «Angela Merkel»",
                    "the stance of Angela Merkel against «the talks» it is evidence of"]
    deleted = {(type(c.record).__name__, c.record.id) for c in edit.changes if c.after is None}
    assert deleted == {("Relation", "rs"), ("Relation", "rc"), ("Stance", "st")}


def test_a_cue_made_a_person_drops_the_cue_link_to_it() -> None:
    records = _records()
    edit, lost = curation.relabel_gold(records, records.spans["c"], "PERSON", "entity", TEXT)
    assert lost == ["its CUE link from «the talks failed»"]
    assert [(type(c.record), c.record.id) for c in edit.changes if c.after is None] == [(Relation, "rc")]


def test_a_quote_made_a_claim_carries_its_speaker_and_stance_and_loses_only_the_cue() -> None:
    records = _records()
    edit, lost = curation.relabel_gold(records, records.spans["q"], "CLAIM", "claim", TEXT)
    assert lost == ["its CUE link to «said»"]
    after = {c.record.id: c.after for c in edit.changes}
    assert after["rs"].label == "CLAIMANT" and after.get("st", records.stances["st"]) is not None
