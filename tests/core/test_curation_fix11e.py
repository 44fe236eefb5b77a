"""Curation counts and bulk decisions (issue 11 user test, fix11e findings 3 and 8): the number of
agreed units `curate` says are left is the number `--accept-agreed` accepts plus those waiting for
a disputed speaker; an article given to one analyst is curated in one decision."""

from __future__ import annotations

from annotator.domain import curation
from annotator.domain.model import Article, ArticleBundle, Relation, Span, Status
from annotator.storage.curation_state import state_from

TEXT = "The talks failed, said Angela Merkel. Prices rose, Olaf Scholz noted."


def _span(sid: str, word: str, label: str, analyst: str) -> Span:
    start = TEXT.index(word)
    layer = "quote" if label == "QUOTE" else "entity"
    return Span(id=sid, article_id=1, start=start, end=start + len(word), label=label, layer=layer, status=Status.ACCEPTED,
                analyst=analyst)


def _layer(analyst: str, second_speaker: str) -> ArticleBundle:
    spans = [_span("q1", "The talks failed", "QUOTE", analyst), _span("p1", "Angela Merkel", "PERSON", analyst),
             _span("q2", "Prices rose", "QUOTE", analyst), _span("p2", second_speaker, "PERSON", analyst)]
    relations = [Relation(id=f"r{n}", article_id=1, head=f"q{n}", child=f"p{n}", label="SPEAKER", status=Status.ACCEPTED, analyst=analyst)
                 for n in (1, 2)]
    return ArticleBundle(Article(id=1, text=TEXT), spans=spans, relations=relations)


def _data(layers: dict[str, ArticleBundle]) -> curation.CurationInput:
    return curation.CurationInput(gold=ArticleBundle(Article(id=1, text=TEXT)), layers=layers)


def test_agreed_units_left_are_what_accept_all_accepts_plus_what_waits() -> None:
    # both agree on quote 1 and its speaker (after it in the text: reached by the quote's link), and on
    # quote 2, whose speaker they place differently ("Olaf Scholz" / "Scholz"): quote 2 waits
    data = _data({"ana": _layer("ana", "Olaf Scholz"), "ben": _layer("ben", "Scholz")})
    al = curation.align(data)
    state = state_from(data, al)
    assert (state.agreed, state.waiting, state.disagreements) == (3, 1, 1)
    assert [TEXT[u.start:u.end] for u in curation.agreed_left(al)] == ["The talks failed", "Angela Merkel", "Prices rose"]
    edit = curation.accept_all_agreed(data, by="lead")
    # fix11ag P5: and the disagreement it leaves, named, with the keys that decide it
    assert edit.description == ("Curate: accept all 2 agreed units; 1 waits for a disputed speaker or cue; 1 disagreement left "
                                "to decide: PERSON «Olaf Scholz» — Tab to it; 1…9 keeps an analyst's version, X rejects")
    gold = [c.after for c in edit.changes if isinstance(c.after, Span) and c.after.status == Status.ACCEPTED]
    assert sorted(TEXT[s.start:s.end] for s in gold) == ["Angela Merkel", "The talks failed"]


def test_keep_single_analyst_keeps_every_unit_of_the_only_analyst_and_curates() -> None:
    data = _data({"ana": _layer("ana", "Olaf Scholz")})
    al = curation.align(data)
    assert all(u.single for u in al.units) and curation.accept_all_agreed(data).description == "No agreed unit left to accept"
    edit = curation.keep_single_analyst(data, by="lead")
    assert edit.description == "Curate: keep ana's version of all 4 units only ana was given (article curated)"
    spans = [c.after for c in edit.changes if isinstance(c.after, Span) and c.after.status == Status.ACCEPTED]
    assert sorted((TEXT[s.start:s.end], s.label) for s in spans) == [
        ("Angela Merkel", "PERSON"), ("Olaf Scholz", "PERSON"), ("Prices rose", "QUOTE"), ("The talks failed", "QUOTE")]
    links = [c.after for c in edit.changes if isinstance(c.after, Relation)]
    assert len(links) == 2 and all(r.label == "SPEAKER" for r in links)
    assert all(s.attrs["curation"]["kept"] == "ana" and s.attrs["curation"]["by"] == "lead" for s in spans)
    # several analysts: nothing is single, nothing done
    assert not curation.keep_single_analyst(_data({"ana": _layer("ana", "Olaf Scholz"), "ben": _layer("ben", "Scholz")}))


def test_keep_single_analyst_keeps_their_stances_too() -> None:
    from annotator.domain.model import Stance

    layer = _layer("ana", "Olaf Scholz")
    layer = ArticleBundle(layer.article, spans=layer.spans, relations=layer.relations, stances=[
        Stance(id="s1", article_id=1, holder="Angela Merkel", target="the talks", polarity="against", evidence="q1",
               status=Status.ACCEPTED, analyst="ana"),
        Stance(id="s2", article_id=1, holder="Olaf Scholz", target="prices", polarity="favor", status=Status.ACCEPTED, analyst="ana")])
    data = _data({"ana": layer})
    edit = curation.keep_single_analyst(data, by="lead")
    assert edit.description == "Curate: keep ana's version of all 4 units and 1 stance only ana was given (article curated)"
    final = {c.record.id: c.after for c in edit.changes if isinstance(c.record, Stance)}  # each stance as the edit leaves it
    kept = sorted((s.holder, s.target, s.polarity, bool(s.evidence)) for s in final.values() if s is not None and s.status == Status.ACCEPTED)
    # the quote's stance follows the quote; the article-level one (no quote) is kept as well, not lost
    assert kept == [("Angela Merkel", "the talks", "against", True), ("Olaf Scholz", "prices", "favor", False)]
