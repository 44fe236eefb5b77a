"""ArticleState: applies stored edits and reports exactly what changed (no Qt)."""

from __future__ import annotations

import pytest

from annotator.domain import commands
from annotator.domain.document import ArticleState, moved_edge
from annotator.domain.model import Article, ArticleStatus, Relation, Span, Status

TEXT = "Lavrov said the talks in Geneva were useful, and Ryabkov agreed."


def _span(sid: str, start: int, end: int, label: str = "PERSON", status: Status = Status.SUGGESTED) -> Span:
    return Span(id=sid, article_id=1, start=start, end=end, label=label, layer="entity", status=status)


@pytest.fixture
def state() -> ArticleState:
    article = Article(id=1, text=TEXT)
    spans = [_span("a", 0, 6), _span("b", 24, 30, "GPE"), _span("c", 49, 56), _span("q", 12, 43, "QUOTE", Status.ACCEPTED)]
    rel = Relation(id="r", article_id=1, head="q", child="a", label="SPEAKER", status=Status.SUGGESTED)
    return ArticleState(article, spans, [rel])


def test_pending_in_reading_order(state: ArticleState) -> None:
    assert [s.id for s in state.pending()] == ["a", "b", "c"]
    assert state.pending_count() == 3


def test_accept_reports_changed_span_and_relation(state: ArticleState) -> None:
    edit = commands.accept(state, state.spans["a"])
    change = state.apply(edit)
    assert [s.id for s in change.changed] == ["a"] and change.changed[0].status == Status.ACCEPTED
    assert change.relations_changed and state.relations["r"].status == Status.ACCEPTED
    assert [s.id for s in state.pending()] == ["b", "c"]


def test_apply_then_inverse_restores_state(state: ArticleState) -> None:
    before = dict(state.spans)
    edit = commands.delete_span(state, state.spans["q"])
    change = state.apply(edit)
    assert change.removed == ("q",) and "r" not in state.relations
    back = state.apply(edit.inverse())
    assert [s.id for s in back.changed] == ["q"] and state.spans == before and "r" in state.relations


def test_add_span_and_undo(state: ArticleState) -> None:
    edit = commands.add_span(state, article_id=1, start=15, end=20, label="MISC", layer="entity")
    change = state.apply(edit)
    new_id = change.changed[0].id
    assert state.spans[new_id].status == Status.ACCEPTED and state.pending_count() == 3
    assert state.apply(edit.inverse()).removed == (new_id,)


def test_edits_of_other_articles_are_ignored(state: ArticleState) -> None:
    other = Span(id="z", article_id=2, start=0, end=3, label="ORG", layer="entity")
    suggested = dataclass_replace(other, status=Status.SUGGESTED)
    change = state.apply(commands.accept(commands.records([suggested]), suggested))
    assert not change and "z" not in state.spans


def dataclass_replace(span: Span, **kw):  # small helper keeping the test readable
    import dataclasses

    return dataclasses.replace(span, **kw)


def test_article_status_change_is_reported(state: ArticleState) -> None:
    change = state.apply(commands.set_article_status(state.article, ArticleStatus.DONE))
    assert change.article is not None and state.article.status == ArticleStatus.DONE


def test_next_pending_wraps_and_goes_backwards(state: ArticleState) -> None:
    a, b, c = (state.spans[x] for x in "abc")
    assert state.next_pending() is a
    assert state.next_pending(a) is b
    assert state.next_pending(c) is a
    assert state.next_pending(c, wrap=False) is None
    assert state.next_pending(a, backwards=True) is c
    assert state.next_pending(None, backwards=True) is c
    # from an accepted span that sits between suggestions
    assert state.next_pending(state.spans["q"]) is b


def test_pending_after_a_decided_span_continues_review(state: ArticleState) -> None:
    a = state.spans["a"]
    state.apply(commands.accept(state, a))
    assert state.pending_after((a.start, a.end, a.id)).id == "b"
    c = state.spans["c"]
    state.apply(commands.reject(state, c))
    assert state.pending_after((c.start, c.end, c.id)).id == "b"  # wraps


def test_pending_index_survives_many_edits() -> None:
    spans = [_span(f"s{i:04d}", i * 3, i * 3 + 2) for i in range(500)]
    st = ArticleState(Article(id=1, text="x" * 1600), spans)
    for span in spans[::2]:
        st.apply(commands.accept(st, st.spans[span.id]))
    assert [s.id for s in st.pending()] == [s.id for s in spans[1::2]]


@pytest.mark.parametrize(
    "text",
    ["Smiley said hello world", "Smiley \u00e9 said hello world", "Smiley \U0001F604 said hello world"],
    ids=["ascii", "bmp", "astral"],
)
def test_moved_edge_steps_one_token(text: str) -> None:
    words = [(i, i + len(w)) for i, w in _words(text)]
    starts, ends = [s for s, _ in words], [e for _, e in words]
    said = text.index("said")
    span = Span(id="s", article_id=1, start=said, end=said + 4, label="CUE", layer="cue")
    hello = text.index("hello")
    assert moved_edge(span, starts, ends, edge="end", step=1) == (said, hello + 5)
    assert moved_edge(span, starts, ends, edge="end", step=-1) is None  # would be empty
    before = words[[s for s, _ in words].index(said) - 1]
    assert moved_edge(span, starts, ends, edge="start", step=-1) == (before[0], said + 4)
    assert moved_edge(span, starts, ends, edge="start", step=1) is None


def _words(text: str):
    i = 0
    for word in text.split(" "):
        yield i, word
        i += len(word) + 1


def test_reload_reports_only_the_difference(state: ArticleState) -> None:
    spans = [s for s in state.spans.values() if s.id != "c"] + [_span("d", 31, 35, "MISC")]
    change = state.reload(spans, state.relations.values())
    assert [s.id for s in change.changed] == ["d"] and change.removed == ("c",) and not change.relations_changed
    assert [s.id for s in state.pending()] == ["a", "b", "d"]


def test_pending_before_a_position(state: ArticleState) -> None:
    b = state.spans["b"]
    assert state.pending_before((b.start, b.end, b.id)).id == "a"
    a = state.spans["a"]
    assert state.pending_before((a.start, a.end, a.id)).id == "c"  # wraps


def test_stances_and_tags_apply_undo_and_report_an_article_level_change(state: ArticleState) -> None:
    tag_edit = commands.add_tag(article_id=1, tag="diplomacy", by="ana")
    change = state.apply(tag_edit)
    assert change and change.annotations_changed and not change.changed and not change.relations_changed
    assert [t.tag for t in state.tag_list()] == ["diplomacy"] and state.has_tag("diplomacy")
    stance_edit = commands.add_stance(state, article_id=1, holder="Lavrov", target="talks", polarity="favor", by="ana", note="n")
    assert state.apply(stance_edit).annotations_changed
    (stance,) = state.stance_list()
    assert (stance.holder, stance.target, stance.polarity, stance.by, stance.attrs["note"]) == ("Lavrov", "talks", "favor", "ana", "n")
    assert state.apply(commands.delete_stance(stance)).annotations_changed
    assert state.stances == {}
    state.apply(commands.delete_stance(stance).inverse())
    assert list(state.stances) == [stance.id]
    assert state.apply(tag_edit.inverse()).annotations_changed and state.tags == {}
    # records of another article are not this one's
    assert not state.apply(commands.add_tag(article_id=2, tag="other"))
    assert state.tags == {}


def test_state_opens_with_stored_stances_and_tags() -> None:
    from annotator.domain.model import Stance, Tag

    stances = [Stance(id="s2", article_id=1, holder="B", target="t", polarity="against", created="2"),
               Stance(id="s1", article_id=1, holder="A", target="t", polarity="favor", created="1")]
    tags = [Tag(id="t1", article_id=1, tag="zeta"), Tag(id="t2", article_id=1, tag="Alpha")]
    state = ArticleState(Article(id=1, text=TEXT), stances=stances, tags=tags)
    assert [s.holder for s in state.stance_list()] == ["A", "B"]
    assert [t.tag for t in state.tag_list()] == ["Alpha", "zeta"]
