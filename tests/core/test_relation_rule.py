"""No relation is ever left half-decided: every span command × every starting status of the
ends, merges onto an existing span, undo, and a property over random command sequences (no Qt)."""

from __future__ import annotations

import dataclasses
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.domain import commands
from annotator.domain.document import ArticleState
from annotator.domain.edits import Edit
from annotator.domain.model import Article, Relation, Span, Status
from annotator.domain.relation_rule import followed_status, half_decided, repaired

TEXT = 'Lavrov said: "The talks were useful and we will meet again." Ryabkov agreed.'
S, A, R = Status.SUGGESTED, Status.ACCEPTED, Status.REJECTED
LAYER = {"QUOTE": "quote", "SPEAKER": "speaker", "CUE": "cue", "PERSON": "entity", "CLAIM": "claim"}


def _at(word: str) -> tuple[int, int]:
    start = TEXT.index(word)
    return start, start + len(word)


def _span(sid: str, word: str, label: str, status: Status) -> Span:
    start, end = _at(word)
    return Span(id=sid, article_id=1, start=start, end=end, label=label, layer=LAYER[label], status=status)


def quote_state(quote: Status = S, speaker: Status = S, cue: Status = S) -> ArticleState:
    """QUOTE q --SPEAKER--> s, q --CUE--> c, with the relations as the rule leaves them."""
    spans = [
        _span("q", '"The talks were useful and we will meet again."', "QUOTE", quote),
        _span("s", "Lavrov", "SPEAKER", speaker),
        _span("c", "said", "CUE", cue),
        _span("p", "Ryabkov", "PERSON", S),
    ]
    relations = [
        Relation(id="rs", article_id=1, head="q", child="s", label="SPEAKER", status=S),
        Relation(id="rc", article_id=1, head="q", child="c", label="CUE", status=S),
    ]
    fixed = {r.id: r for r in repaired(spans, relations)}
    return ArticleState(Article(id=1, text=TEXT), spans, [fixed.get(r.id, r) for r in relations])


def _snapshot(state: ArticleState) -> tuple[dict, dict]:
    return dict(state.spans), dict(state.relations)


def _apply_and_undo(state: ArticleState, edit: Edit) -> None:
    """Apply ``edit``, check the invariant, undo it, check the state is exactly as before."""
    before = _snapshot(state)
    state.apply(edit)
    assert half_decided(state.spans, state.relations.values()) == []
    after = _snapshot(state)
    state.apply(edit.inverse())
    assert _snapshot(state) == before
    assert half_decided(state.spans, state.relations.values()) == []
    state.apply(edit)
    assert _snapshot(state) == after


# --------------------------------------------------------------------------- the rule itself


@pytest.mark.parametrize(("head", "child", "rel", "revived", "expected"), [
    (A, A, S, False, A), (A, S, S, False, S), (S, S, S, False, S),
    (R, A, S, False, R), (A, R, A, False, R), (R, R, R, False, R),
    (A, S, A, False, A),  # an explicit link stays accepted while an end is pending
    (A, A, R, False, R),  # an explicit rejection between accepted spans stays
    (A, A, R, True, A), (A, S, R, True, S),  # ... unless this edit lifted an end's rejection
    (None, A, S, False, S),  # an end not given: not judged
])
def test_followed_status(head, child, rel, revived, expected) -> None:  # noqa: ANN001
    relation = Relation(id="r", article_id=1, head="h", child="c", label="SPEAKER", status=rel)
    assert followed_status(relation, head, child, revived=revived) == expected


def test_half_decided_names_exactly_the_relations_breaking_the_invariant() -> None:
    spans = [_span("q", "The talks", "QUOTE", A), _span("s", "Lavrov", "SPEAKER", A), _span("c", "said", "CUE", R),
             _span("p", "Ryabkov", "PERSON", S)]
    rels = [
        Relation(id="ok1", article_id=1, head="q", child="p", label="SPEAKER", status=S),
        Relation(id="bad1", article_id=1, head="q", child="s", label="SPEAKER", status=S),
        Relation(id="bad2", article_id=1, head="q", child="c", label="CUE", status=A),
        Relation(id="bad3", article_id=1, head="q", child="c", label="CUE", status=S),
        Relation(id="ok2", article_id=1, head="q", child="c", label="CUE", status=R),
    ]
    assert [r.id for r in half_decided(spans, rels)] == ["bad1", "bad2", "bad3"]
    assert {r.id: r.status for r in repaired(spans, rels)} == {"bad1": A, "bad2": R, "bad3": R}


# --------------------------------------------------------------------------- the analyst's case


@pytest.mark.parametrize("command", ["resize", "relabel", "accept", "accept_all", "set_status"])
def test_quote_decided_after_its_speaker_and_cue_takes_its_links_along(command: str) -> None:
    """The issue: speaker and cue accepted, then the quote resized / relabelled / accepted."""
    state = quote_state(S, A, A)
    q = state.spans["q"]
    edit = {
        "resize": lambda: commands.resize(state, q, q.start, q.end - 1),
        "relabel": lambda: commands.relabel(state, q, "CLAIM", "claim"),
        "accept": lambda: commands.accept(state, q),
        "accept_all": lambda: commands.accept_all(state),
        "set_status": lambda: commands.set_status(state, [q], A),
    }[command]()
    _apply_and_undo(state, edit)
    assert state.spans["q"].status == A
    # a CLAIM's speaker link is CLAIMANT and a CLAIM has no cue: the relabel turns SPEAKER into
    # CLAIMANT and deletes the CUE link (user-test finding 10)
    expected = {"CLAIMANT": A} if command == "relabel" else {"SPEAKER": A, "CUE": A}
    assert {r.label: r.status for r in state.relations.values()} == expected
    assert len(edit.changes) >= 3  # the span and both links, in one edit (one undo step)


# --------------------------------------------------------------------------- every command × every status

COMMANDS = {
    "accept": lambda st, sp: commands.accept(st, sp),
    "reject": lambda st, sp: commands.reject(st, sp),
    "resize": lambda st, sp: commands.resize(st, sp, sp.start, sp.end - 1),
    "relabel": lambda st, sp: commands.relabel(st, sp, "CLAIM" if sp.label != "CLAIM" else "QUOTE", "claim"),
    "delete": lambda st, sp: commands.delete_span(st, sp),
    "accept_all": lambda st, sp: commands.accept_all(st),
    "reopen": lambda st, sp: commands.set_status(st, [sp], S),
    "set_attrs": lambda st, sp: commands.set_attrs(sp, {"note": "check"}),
}
STATUSES = [S, A, R]


@pytest.mark.parametrize("target", ["q", "s"])
@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_command_on_every_starting_status(name: str, target: str) -> None:
    """``name`` on the quote (``q``) or its speaker (``s``), for all 27 statuses of quote, speaker, cue."""
    for quote, speaker, cue in itertools.product(STATUSES, repeat=3):
        state = quote_state(quote, speaker, cue)
        span = state.spans[target]
        _check_command(name, state, span)


def _check_command(name: str, state: ArticleState, span: Span) -> None:
    edit = COMMANDS[name](state, span)
    _apply_and_undo(state, edit)
    after = state.spans.get(span.id)
    for rel in state.relations.values():
        ends = [state.spans[rel.head].status, state.spans[rel.child].status]
        if R in ends:
            assert rel.status == R
        elif ends == [A, A]:
            assert rel.status == A, (rel, ends)
    if name == "delete" and span.status != S:
        assert after is None and not state.relations_of(span.id)  # links go with a deleted span
    if name in ("resize", "relabel", "accept") or (name == "accept_all" and span.status == S):
        assert after is not None and after.status == A
    if name == "accept_all" and span.status == R:
        assert after == span  # accept all decides suggestions only
    if name == "set_attrs":
        assert after is not None and after.status == span.status  # a note decides nothing


def test_rejecting_then_accepting_an_end_brings_its_links_back() -> None:
    state = quote_state(A, A, A)
    assert {r.status for r in state.relations.values()} == {A}
    state.apply(commands.reject(state, state.spans["q"]))
    assert {r.status for r in state.relations.values()} == {R}
    state.apply(commands.accept(state, state.spans["q"]))
    assert {r.status for r in state.relations.values()} == {A}


def test_an_explicit_link_to_a_pending_span_stays_accepted_and_linking_a_rejected_span_accepts_it() -> None:
    state = quote_state(A, S, R)
    assert state.relations["rc"].status == R
    state.apply(commands.add_relation(state, head=state.spans["q"], child=state.spans["c"], label="CUE"))
    assert state.spans["c"].status == A and state.relations["rc"].status == A
    assert len([r for r in state.relations.values() if r.label == "CUE"]) == 1  # the link accepted, not doubled
    edit = commands.add_relation(state, head=state.spans["q"], child=state.spans["p"], label="SPEAKER", by="ana")
    assert "rejected" not in edit.description
    _apply_and_undo(state, edit)
    new = next(r for r in state.relations.values() if r.child == "p")
    assert new.status == A and state.spans["p"].status == S  # allowed: explicit link, end pending
    assert not commands.add_relation(state, head=state.spans["q"], child=state.spans["p"], label="SPEAKER")


# --------------------------------------------------------------------------- merging onto an existing span


def _with_twin(twin_status: Status, twin_attrs: dict | None = None) -> ArticleState:
    """The quote state plus a second QUOTE, one word shorter, linked to its own speaker ``p``."""
    state = quote_state(S, A, A)
    q = state.spans["q"]
    twin = dataclasses.replace(q, id="t", end=q.end - 1, status=twin_status, attrs=twin_attrs or {})
    link = Relation(id="rt", article_id=1, head="t", child="p", label="SPEAKER", status=S)
    other = Relation(id="rt2", article_id=1, head="t", child="s", label="SPEAKER", status=S)
    spans = [*state.spans.values(), twin]
    rels = [*state.relations.values(), link, other]
    fixed = {r.id: r for r in repaired(spans, rels)}
    return ArticleState(state.article, spans, [fixed.get(r.id, r) for r in rels])


@pytest.mark.parametrize("twin_status", STATUSES)
def test_resize_onto_a_span_with_the_same_label_merges_into_it(twin_status: Status) -> None:
    state = _with_twin(twin_status, {"kind": "direct"})
    q = state.spans["q"]
    state.apply(commands.set_attrs(q, {"kind": "mixed", "note": "n"}))
    q = state.spans["q"]
    edit = commands.resize(state, q, q.start, q.end - 1)
    assert "merged" in edit.description and twin_status.value in edit.description
    _apply_and_undo(state, edit)
    same_place = [s for s in state.spans.values() if s.key == (q.start, q.end - 1, "QUOTE")]
    assert [s.id for s in same_place] == ["t"] and "q" not in state.spans
    survivor = state.spans["t"]
    assert survivor.status == A
    # the edited quote's values win unless the survivor was accepted and the edited one was not
    assert survivor.attrs == ({"kind": "direct", "note": "n"} if twin_status == A else {"kind": "mixed", "note": "n"})
    links = sorted((r.head, r.child, r.label) for r in state.relations.values())
    assert links == [("t", "c", "CUE"), ("t", "p", "SPEAKER"), ("t", "s", "SPEAKER")]  # carried, not doubled
    assert {r.id: r.status for r in state.relations.values()} == {"rc": A, "rt": S, "rt2": A}


@pytest.mark.parametrize("twin_status", STATUSES)
def test_relabel_onto_a_span_with_that_label_merges_into_it(twin_status: Status) -> None:
    state = quote_state(A, A, A)
    speaker = state.spans["s"]
    person = dataclasses.replace(speaker, id="sp", label="PERSON", layer="entity", status=twin_status)
    spans = [*state.spans.values(), person]
    state = ArticleState(state.article, spans, state.relations.values())
    edit = commands.relabel(state, speaker, "PERSON", "entity")
    assert "merged" in edit.description
    _apply_and_undo(state, edit)
    assert "s" not in state.spans and state.spans["sp"].status == A
    assert [s.id for s in state.spans.values() if s.key == person.key] == ["sp"]
    assert state.relations["rs"].child == "sp" and state.relations["rs"].status == A


def test_resize_onto_a_linked_twin_drops_the_link_between_them() -> None:
    state = _with_twin(S)
    state.apply(commands.add_relation(state, head=state.spans["q"], child=state.spans["t"], label="FRAGMENT"))
    q = state.spans["q"]
    edit = commands.resize(state, q, q.start, q.end - 1)
    _apply_and_undo(state, edit)
    assert all(r.head != r.child for r in state.relations.values())


def test_drawing_a_span_where_one_exists_accepts_that_one() -> None:
    state = quote_state(S, R, S)
    s = state.spans["s"]
    edit = commands.add_span(state, article_id=1, start=s.start, end=s.end, label="SPEAKER", layer="speaker", by="ana")
    assert "rejected" in edit.description
    _apply_and_undo(state, edit)
    assert [x.id for x in state.spans.values() if x.key == s.key] == ["s"] and state.spans["s"].status == A
    assert not commands.add_span(state, article_id=1, start=s.start, end=s.end, label="SPEAKER", layer="speaker")


def test_a_command_refuses_a_span_that_is_not_among_the_records_given() -> None:
    state = quote_state()
    stranger = dataclasses.replace(state.spans["q"], id="zz")
    with pytest.raises(ValueError, match="not one of the article's records"):
        commands.accept(state, stranger)


# --------------------------------------------------------------------------- property: random sequences

WORDS = ["Lavrov", "said", "talks", "useful", "Ryabkov", "agreed", "meet again"]
LABELS = ["QUOTE", "SPEAKER", "CUE", "PERSON"]


def _small_article(data: st.DataObject) -> ArticleState:
    spans, seen = [], set()
    for i in range(data.draw(st.integers(4, 8), label="spans")):
        word = data.draw(st.sampled_from(WORDS))
        label = data.draw(st.sampled_from(LABELS))
        start, end = _at(word)
        if (start, end, label) in seen:
            continue
        seen.add((start, end, label))
        spans.append(Span(id=f"x{i}", article_id=1, start=start, end=end, label=label, layer=LAYER[label],
                          status=data.draw(st.sampled_from([S, S, A, A, R]))))
    relations = []
    for i in range(data.draw(st.integers(2, 8), label="relations")):
        head, child = data.draw(st.sampled_from(spans)), data.draw(st.sampled_from(spans))
        label = data.draw(st.sampled_from(["SPEAKER", "CUE"]))
        if head.id != child.id and (head.id, child.id, label) not in {(r.head, r.child, r.label) for r in relations}:
            relations.append(Relation(id=f"r{i}", article_id=1, head=head.id, child=child.id,
                                      label=label,
                                      status=data.draw(st.sampled_from([S, S, S, A, R]))))
    fixed = {r.id: r for r in repaired(spans, relations)}
    return ArticleState(Article(id=1, text=TEXT), spans, [fixed.get(r.id, r) for r in relations])


def _random_edit(state: ArticleState, data: st.DataObject) -> Edit:
    """One command on the article; resizes and relabels land often on another span's place."""
    spans = sorted(state.spans.values(), key=lambda s: s.id)
    if not spans:
        return commands.add_span(state, article_id=1, start=0, end=6, label="SPEAKER", layer="speaker")
    span = data.draw(st.sampled_from(spans))
    kind = data.draw(st.sampled_from(["accept", "reject", "reopen", "delete", "accept_all", "resize", "resize",
                                      "relabel", "relabel", "add", "link", "attrs"]))
    if kind == "resize":  # often onto another span's position, to exercise merges
        start, end = _at(data.draw(st.sampled_from(WORDS)))
        return commands.resize(state, span, start, end)
    if kind == "relabel":
        return commands.relabel(state, span, (label := data.draw(st.sampled_from(LABELS))), LAYER[label])
    if kind == "add":
        start, end = _at(data.draw(st.sampled_from(WORDS)))
        label = data.draw(st.sampled_from(LABELS))
        return commands.add_span(state, article_id=1, start=start, end=end, label=label, layer=LAYER[label])
    if kind == "link":
        child = data.draw(st.sampled_from(spans))
        return commands.add_relation(state, head=span, child=child, label="SPEAKER") if child.id != span.id else Edit("", ())
    return {
        "accept": lambda: commands.accept(state, span), "reject": lambda: commands.reject(state, span),
        "reopen": lambda: commands.set_status(state, [span], S), "delete": lambda: commands.delete_span(state, span),
        "accept_all": lambda: commands.accept_all(state), "attrs": lambda: commands.set_attrs(span, {"note": "n"}),
    }[kind]()


def _check(state: ArticleState) -> None:
    assert half_decided(state.spans, state.relations.values()) == []
    keys = [s.key for s in state.spans.values()]
    assert len(keys) == len(set(keys)), "two spans share a position and a label"
    for rel in state.relations.values():
        assert rel.head in state.spans and rel.child in state.spans, "a relation outlived its span"
        assert rel.head != rel.child, "a span linked to itself"
    links = [(r.head, r.child, r.label) for r in state.relations.values()]
    assert len(links) == len(set(links)), "a link doubled"
    if state.pending_count() == 0:
        assert all(r.status != S for r in state.relations.values()), "0 pending but a pending relation"


@settings(derandomize=True, max_examples=100, deadline=None)
@given(st.data())
def test_random_command_sequences_keep_the_invariant_and_undo_exactly(data: st.DataObject) -> None:
    state = _small_article(data)
    _check(state)
    history: list[tuple[Edit, tuple[dict, dict]]] = []
    for _ in range(data.draw(st.integers(1, 12), label="steps")):
        edit = _random_edit(state, data)
        history.append((edit, _snapshot(state)))
        state.apply(edit)
        _check(state)
    for edit, before in reversed(history):  # undo every prefix, last edit first
        state.apply(edit.inverse())
        assert _snapshot(state) == before
        _check(state)


# --------------------------------------------------------------------------- through the project file


def _stored_quote(project, speaker: Status = A, cue: Status = A):  # noqa: ANN001, ANN202
    """The quote state written to a real project file (suggestions as pre-annotation makes them)."""
    from annotator.domain.suggestions import SuggestedSpan, SuggestionSet

    article, _ = project.add_article(Article(id=None, text=TEXT))
    sset = SuggestionSet(origin="test")
    q = sset.add_span(SuggestedSpan("q", *_at('"The talks were useful and we will meet again."'), "QUOTE", "quote"))
    s = sset.add_span(SuggestedSpan("s", *_at("Lavrov"), "SPEAKER", "speaker"))
    c = sset.add_span(SuggestedSpan("c", *_at("said"), "CUE", "cue"))
    sset.link(q, s, "SPEAKER")
    sset.link(q, c, "CUE")
    project.add_suggestions(article.id, sset)
    for label, status in (("SPEAKER", speaker), ("CUE", cue)):
        ctx = commands.records(project.spans(article.id), project.relations(article.id))
        span = next(x for x in ctx.spans.values() if x.label == label)
        project.apply(commands.set_status(ctx, [span], status), by="ana")
    return article.id


def _ctx(project, article_id):  # noqa: ANN001, ANN202
    return commands.records(project.spans(article_id), project.relations(article_id))


def test_resizing_the_quote_stores_its_links_accepted_and_undo_redo_restore_them(project) -> None:  # noqa: ANN001
    article_id = _stored_quote(project)
    ctx = _ctx(project, article_id)
    quote = next(s for s in ctx.spans.values() if s.label == "QUOTE")
    before = (project.spans(article_id), project.relations(article_id))
    stamped = project.apply(commands.resize(ctx, quote, quote.start, quote.end - 1), by="ana")
    assert {r.label: r.status for r in project.relations(article_id)} == {"SPEAKER": A, "CUE": A}
    exported = project.bundle(article_id, statuses=[A])
    assert sorted(r.label for r in exported.relations) == ["CUE", "SPEAKER"]
    assert half_decided(project.spans(article_id), project.relations(article_id)) == []
    logged = [h for h in project.history(article_id=article_id) if h["kind"] == "relation"]
    assert len(logged) == 2 and all(h["action"] == "Resize QUOTE span" for h in logged)
    project.undo(stamped, by="ana")
    assert (project.spans(article_id), project.relations(article_id)) == before
    project.redo(stamped, by="ana")
    assert {r.label: r.status for r in project.relations(article_id)} == {"SPEAKER": A, "CUE": A}


def test_a_merge_is_stored_and_undone_in_one_step(project) -> None:  # noqa: ANN001
    article_id = _stored_quote(project)
    ctx = _ctx(project, article_id)
    quote = next(s for s in ctx.spans.values() if s.label == "QUOTE")
    drawn = project.apply(commands.add_span(ctx, article_id=article_id, start=quote.start, end=quote.end - 1,
                                            label="QUOTE", layer="quote"), by="ana")
    before = (project.spans(article_id), project.relations(article_id))
    ctx = _ctx(project, article_id)
    stamped = project.apply(commands.resize(ctx, ctx.spans[quote.id], quote.start, quote.end - 1), by="ana")
    spans = project.spans(article_id)
    assert [s.id for s in spans if s.label == "QUOTE"] == [drawn.changes[0].after.id]
    assert {(r.head, r.label, r.status) for r in project.relations(article_id)} == {
        (drawn.changes[0].after.id, "SPEAKER", A), (drawn.changes[0].after.id, "CUE", A)}
    project.undo(stamped, by="ana")
    assert (project.spans(article_id), project.relations(article_id)) == before
    project.redo(stamped, by="ana")
    assert len([s for s in project.spans(article_id) if s.label == "QUOTE"]) == 1


@pytest.mark.parametrize(("quote", "speaker", "linked"), [(A, A, False), (A, R, False), (R, S, False), (A, S, True), (S, S, True)])
def test_pre_annotation_adds_no_half_decided_link(project, quote: Status, speaker: Status, linked: bool) -> None:  # noqa: ANN001
    """A suggested link onto spans the analyst already decided would be half-decided: not added."""
    from annotator.domain.suggestions import SuggestedSpan, SuggestionSet

    article, _ = project.add_article(Article(id=None, text=TEXT))
    q_at, s_at = _at('"The talks were useful and we will meet again."'), _at("Lavrov")
    for (start, end), label, status in ((q_at, "QUOTE", quote), (s_at, "SPEAKER", speaker)):
        if status != S:
            ctx = _ctx(project, article.id)
            drawn = project.apply(commands.add_span(ctx, article_id=article.id, start=start, end=end, label=label,
                                                    layer=LAYER[label]))
            if status == R:
                project.apply(commands.reject(_ctx(project, article.id), drawn.changes[0].after))
    sset = SuggestionSet(origin="test")
    q = sset.add_span(SuggestedSpan("q", *q_at, "QUOTE", "quote"))
    sp = sset.add_span(SuggestedSpan("s", *s_at, "SPEAKER", "speaker"))
    sset.link(q, sp, "SPEAKER")
    project.add_suggestions(article.id, sset)
    relations = project.relations(article.id)
    assert half_decided(project.spans(article.id), relations) == []
    assert [r.status for r in relations] == ([S] if linked else [])
