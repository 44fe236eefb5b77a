"""fixut16c (usertest finding H2): join two quotes into one interrupted quote, split a piece off.

"'This guy lost four years ago,' he said, 'in like a landslide.'" stored as two quotes could not
be made one attribution in the window, nor a wrongly joined one taken apart. The commands of
:mod:`annotator.domain.piece_edits`: apply → assert → undo → assert → redo, on the records and
through the project file (the change log keeps what a join removes), the speaker / cue rule,
refusals, statuses, three pieces, and what the exports write. Fails on main: no piece_edits."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from annotator.domain import commands
from annotator.domain.attributions import attribution_status, piece_groups
from annotator.domain.document import ArticleState
from annotator.domain.edits import Edit
from annotator.domain.model import FRAGMENT, Article, ArticleBundle, Relation, Span, Status
from annotator.domain.piece_edits import PieceEditRefused, join, join_candidates, neighbour, split_off
from annotator.storage.project import Project

S, A, R = Status.SUGGESTED, Status.ACCEPTED, Status.REJECTED
# made up for these tests, after the usertest's sentence
TEXT = ("'This guy lost four years ago,' he said, 'in like a landslide.' Ann Moss said: 'It was close.' "
        "Then she added, 'Very close.'")
P1, P2, P3, P4 = "This guy lost four years ago,", "in like a landslide.", "It was close.", "Very close."


def _at(sub: str) -> tuple[int, int]:
    start = TEXT.index(sub)
    return start, start + len(sub)


def _span(sid: str, sub: str, label: str = "QUOTE", status: Status = S, article_id: int = 1, **attrs: str) -> Span:
    layer = {"QUOTE": "quote", "SPEAKER": "speaker", "CUE": "cue", "CLAIM": "claim"}[label]
    return Span(sid, article_id, *_at(sub), label, layer, status=status, attrs=attrs)


def _rel(rid: str, head: str, child: str, label: str, status: Status = S, article_id: int = 1) -> Relation:
    return Relation(rid, article_id, head, child, label, status=status)


def _records(article_id: int = 1, q1: Status = A, q2: Status = S) -> tuple[list[Span], list[Relation]]:
    """Two quotes the rules made apart (q1 «This guy…», q2 «in like…»: the second with the speaker
    «he» and cue «said»), a third (q3, Ann Moss / said) and a fourth (q4, she / added)."""
    spans = [
        _span("q1", P1, status=q1, article_id=article_id), _span("q2", P2, status=q2, article_id=article_id, speaker_ref="Tom Reyes"),
        _span("he", "he", "SPEAKER", article_id=article_id), _span("said1", "said", "CUE", article_id=article_id),
        _span("q3", P3, article_id=article_id), _span("moss", "Ann Moss", "SPEAKER", A, article_id=article_id),
        _span("q4", P4, article_id=article_id), _span("she", "she", "SPEAKER", article_id=article_id),
        _span("added", "added", "CUE", article_id=article_id),
    ]
    rels = [
        _rel("r_q2_he", "q2", "he", "SPEAKER", article_id=article_id), _rel("r_q2_said", "q2", "said1", "CUE", A, article_id=article_id),
        _rel("r_q3_moss", "q3", "moss", "SPEAKER", A, article_id=article_id),
        _rel("r_q4_she", "q4", "she", "SPEAKER", article_id=article_id), _rel("r_q4_added", "q4", "added", "CUE", article_id=article_id),
    ]
    return spans, rels


def _state(**kw: Status) -> ArticleState:
    spans, rels = _records(**kw)
    return ArticleState(Article(id=1, text=TEXT, title="made up"), spans, rels)


def _snapshot(state: ArticleState) -> tuple[dict, dict]:
    return dict(state.spans), dict(state.relations)


def _links(state: ArticleState, head: str) -> set[tuple[str, str, Status]]:
    return {(r.label, r.child, r.status) for r in state.relations.values() if r.head == head and r.label != FRAGMENT}


def _round_trip(state: ArticleState, edit: Edit, check) -> None:  # noqa: ANN001
    """apply → check → undo → as before → redo → check."""
    before = _snapshot(state)
    state.apply(edit)
    check()
    after = _snapshot(state)
    state.apply(edit.inverse())
    assert _snapshot(state) == before
    state.apply(edit)
    assert _snapshot(state) == after
    check()


def test_join_ties_two_quotes_into_one_and_the_speaker_and_cue_move_to_the_first_piece() -> None:
    state = _state()
    edit = join(state, state.spans["q1"], state.spans["q2"], text=TEXT, by="ana")
    assert edit.description == "Join QUOTE pieces (2 pieces): takes the other's speaker «he» and cue «said»"

    def check() -> None:
        assert state.pieces("q2") == ("q1", "q2")
        ties = [r for r in state.relations.values() if r.label == FRAGMENT]
        assert [(t.head, t.child, t.status, t.origin) for t in ties] == [("q1", "q2", A, "analyst:ana")]
        # the one speaker and cue now hang off the first piece, as the rules store an interrupted quote
        assert _links(state, "q1") == {("SPEAKER", "he", S), ("CUE", "said1", A)} and _links(state, "q2") == set()
        assert state.spans["q1"].attrs.get("speaker_ref") == "Tom Reyes"  # the speaker's referent came with it
        # a join decides nothing: accepted + pending is a pending quote (counted once)
        assert [state.spans[i].status for i in ("q1", "q2")] == [A, S]
        assert attribution_status([state.spans["q1"], state.spans["q2"]]) == S

    _round_trip(state, edit, check)
    # accepted as a whole with A: every piece
    accept = commands.accept(state, state.spans["q2"])
    assert accept.description == "Accept QUOTE (2 pieces)"
    state.apply(accept)
    assert [state.spans[i].status for i in ("q1", "q2")] == [A, A]


def test_when_both_have_a_speaker_and_cue_the_first_keeps_its_own_and_the_others_are_removed() -> None:
    state = _state(q1=A, q2=A)
    state.apply(join(state, state.spans["q1"], state.spans["q2"], text=TEXT))  # q1 … q2 with he / said
    # join q4 (she / added, suggested links) onto it from q4: the first attribution is q1's
    edit = join(state, state.spans["q4"], state.spans["q1"], text=TEXT)
    assert edit.description == ("Join QUOTE pieces (3 pieces): keeps the first one's speaker «he» and cue «said»; "
                                "removes the other's speaker «she» (rejected) and cue «added» (rejected)")

    def check() -> None:
        assert state.pieces("q4") == ("q1", "q2", "q4")
        assert {(r.head, r.child) for r in state.relations.values() if r.label == FRAGMENT} == {("q1", "q2"), ("q1", "q4")}
        assert _links(state, "q1") == {("SPEAKER", "he", S), ("CUE", "said1", A)}
        assert _links(state, "q4") == {("SPEAKER", "she", R), ("CUE", "added", R)}  # suggestions: rejected, remembered

    _round_trip(state, edit, check)


def test_an_accepted_link_removed_by_a_join_is_deleted_and_the_change_log_keeps_it(tmp_path: Path) -> None:
    spans, rels = _records(article_id=0, q1=A, q2=A)
    rels = [r for r in rels if r.id != "r_q2_he"] + [_rel("r_q1_moss", "q1", "moss", "SPEAKER", A, article_id=0)]
    project = Project.open(tmp_path / "j.db")
    project.import_bundles([ArticleBundle(Article(None, TEXT, title="made up"), spans=spans, relations=rels)])
    (aid,) = project.article_ids()
    stored = {(s.label, s.start): s for s in project.spans(aid)}
    q1, q2, q3 = (stored[("QUOTE", _at(p)[0])] for p in (P1, P2, P3))
    records = commands.records(project.spans(aid), project.relations(aid), project.stances(aid))
    # q3 (Ann Moss, accepted) joined after q1 … : q1 has the speaker Ann Moss (accepted) too
    edit = join(records, q1, q3, text=TEXT, by="ana")
    assert "removes the other's speaker «Ann Moss»" in edit.description
    before_rels = {r.id: r for r in project.relations(aid)}
    done = project.apply(edit, by="ana")
    gone = [r for r in before_rels.values() if r.head == q3.id and r.label == "SPEAKER"]
    assert gone and all(r.id not in {x.id for x in project.relations(aid)} for r in gone)
    logged = [h for h in project.history(article_id=aid) if h["record_id"] == gone[0].id]
    assert logged and logged[-1]["after"] in (None, "", "null")  # the deletion is in the change log
    groups = piece_groups({s.id: s for s in project.spans(aid)}, project.relations(aid))
    assert groups[q3.id] == (q1.id, q3.id)
    project.undo(done, by="ana")
    assert {r.id: r for r in project.relations(aid)} == before_rels
    project.redo(done, by="ana")
    assert piece_groups({s.id: s for s in project.spans(aid)}, project.relations(aid))[q3.id] == (q1.id, q3.id)


@pytest.mark.parametrize(("first", "second", "message"), [
    ("q1", "he", "Not joined: a QUOTE and a SPEAKER are not one attribution (the labels differ)"),
    ("q1", "q1", "Not joined: «This guy lost four years ago,» is already a piece of this QUOTE"),
])
def test_a_join_is_refused_when_the_labels_differ_or_it_is_one_quote_already(first: str, second: str, message: str) -> None:
    state = _state()
    with pytest.raises(PieceEditRefused) as refused:
        join(state, state.spans[first], state.spans[second], text=TEXT)
    assert str(refused.value) == message


def test_a_join_is_refused_for_overlapping_spans_a_claim_made_from_the_pieces_of_one_and_a_rejected_quote() -> None:
    state = _state()
    state.apply(join(state, state.spans["q1"], state.spans["q2"], text=TEXT))
    with pytest.raises(PieceEditRefused, match="already a piece of this QUOTE"):
        join(state, state.spans["q2"], state.spans["q1"], text=TEXT)
    # an overlapping second reading of «in like a landslide.»
    overlap = _span("qx", "like a landslide.' Ann", status=S)
    state = ArticleState(Article(id=1, text=TEXT), [*_records()[0], overlap], _records()[1])
    with pytest.raises(PieceEditRefused, match=r"«in like a landslide\.» and «like a landslide\.' Ann» overlap"):
        join(state, state.spans["q2"], state.spans["qx"], text=TEXT)
    spans, rels = _records(q2=R)
    state = ArticleState(Article(id=1, text=TEXT), spans, rels)
    with pytest.raises(PieceEditRefused, match="is rejected"):
        join(state, state.spans["q1"], state.spans["q2"], text=TEXT)
    entity = Span("p", 1, *_at("Ann Moss"), "PERSON", "entity")
    other = Span("p2", 1, *_at("Then"), "PERSON", "entity")
    state = ArticleState(Article(id=1, text=TEXT), [entity, other], [])
    with pytest.raises(PieceEditRefused, match="only quotes and claims"):
        join(state, entity, other, text=TEXT)


def test_next_and_previous_quote_and_the_candidates_to_join() -> None:
    state = _state()
    q = state.spans
    assert neighbour(state, q["q1"], 1).id == "q2" and neighbour(state, q["q2"], -1).id == "q1"
    assert neighbour(state, q["q1"], -1) is None and neighbour(state, q["q4"], 1) is None
    state.apply(join(state, q["q1"], q["q2"], text=TEXT))
    assert neighbour(state, state.spans["q2"], 1).id == "q3"  # past the quote's own pieces
    assert neighbour(state, state.spans["q3"], -1).id == "q1"  # an interrupted quote by its first piece
    assert neighbour(state, state.spans["q3"], 1, skip=lambda s: s.id == "q4") is None
    assert [s.id for s in join_candidates(state, state.spans["q3"])] == ["q4", "q1"]


def test_split_off_the_first_piece_it_keeps_its_speaker_and_cue() -> None:
    """The first piece's links are the frame's reading of the first piece (module doc): the span
    list selects a quote by its first piece, and B on '"A," she said. "B," he said' wrongly joined
    must leave «she» with "A", not hand her to "B"."""
    state = _state()
    state.apply(join(state, state.spans["q1"], state.spans["q2"], text=TEXT))
    refs = {k: state.spans[k].attrs.get("speaker_ref") for k in ("q1", "q2")}
    edit = split_off(state, state.spans["q1"], text=TEXT)
    assert edit.description == ("Split QUOTE piece «This guy lost four years ago,» off (2 pieces → 1 + 1): "
                                "it keeps its speaker «he» and cue «said»")

    def check() -> None:
        assert state.pieces("q1") == ("q1",) and state.pieces("q2") == ("q2",)
        assert not [r for r in state.relations.values() if r.label == FRAGMENT]
        assert _links(state, "q1") == {("SPEAKER", "he", S), ("CUE", "said1", A)} and _links(state, "q2") == set()
        assert {k: state.spans[k].attrs.get("speaker_ref") for k in ("q1", "q2")} == refs  # nothing moves

    _round_trip(state, edit, check)


def test_three_pieces_join_a_third_then_split_the_middle_one_the_outer_two_stay_one_quote() -> None:
    state = _state()
    state.apply(join(state, state.spans["q1"], state.spans["q2"], text=TEXT))
    state.apply(join(state, state.spans["q2"], state.spans["q3"], text=TEXT))  # from a later piece, onto the next
    assert state.pieces("q3") == ("q1", "q2", "q3")
    # the third's speaker Ann Moss (accepted) is removed: the first has «he»
    assert _links(state, "q3") == set() and ("SPEAKER", "he", S) in _links(state, "q1")
    edit = split_off(state, state.spans["q2"], text=TEXT)
    assert edit.description == "Split QUOTE piece «in like a landslide.» off (3 pieces → 2 + 1)"

    def check() -> None:
        assert state.pieces("q1") == ("q1", "q3") and state.pieces("q2") == ("q2",)
        assert {(r.head, r.child) for r in state.relations.values() if r.label == FRAGMENT} == {("q1", "q3")}

    _round_trip(state, edit, check)


def test_splitting_the_middle_of_a_chain_re_ties_the_outer_pieces() -> None:
    spans, rels = _records()
    rels += [_rel("f12", "q1", "q2", FRAGMENT), _rel("f23", "q2", "q3", FRAGMENT)]  # a chain, as a hand-made file may tie
    state = ArticleState(Article(id=1, text=TEXT), spans, rels)
    assert state.pieces("q3") == ("q1", "q2", "q3")
    edit = split_off(state, state.spans["q2"], text=TEXT)

    def check() -> None:
        assert state.pieces("q1") == ("q1", "q3") and state.pieces("q2") == ("q2",)
        ties = {r.id: (r.head, r.child) for r in state.relations.values() if r.label == FRAGMENT}
        assert ties == {"f23": ("q1", "q3")}  # re-pointed, not deleted and made again

    _round_trip(state, edit, check)
    # q2, the piece split off, held the speaker «he» and the cue «said»: the rest has a speaker of
    # its own (Ann Moss, on q3), so «he» is removed (a suggestion: rejected); it has no cue: «said» moves
    assert "removes its speaker «he» (rejected)" in edit.description and "«This guy lost four years ago,» takes its cue «said»" in edit.description
    assert _links(state, "q1") == {("CUE", "said1", A)} and _links(state, "q2") == {("SPEAKER", "he", R)}
    with pytest.raises(PieceEditRefused, match="is one piece"):
        split_off(state, state.spans["q2"], text=TEXT)


# ---------------------------------------------------------------- exports


def _joined_project(tmp_path: Path) -> tuple[Project, int, list[str]]:
    spans, rels = _records(article_id=0, q1=S, q2=S)
    project = Project.open(tmp_path / "x.db")
    project.import_bundles([ArticleBundle(Article(None, TEXT, title="made up"), spans=spans, relations=rels)])
    (aid,) = project.article_ids()
    stored = {(s.label, s.start): s for s in project.spans(aid)}
    q1, q2 = (stored[("QUOTE", _at(p)[0])] for p in (P1, P2))
    records = commands.records(project.spans(aid), project.relations(aid), project.stances(aid))
    project.apply(join(records, q1, q2, text=TEXT, by="ana"), by="ana")
    records = commands.records(project.spans(aid), project.relations(aid), project.stances(aid))
    project.apply(commands.accept(records, records.spans[q1.id]), by="ana")
    return project, aid, [q1.id, q2.id]


def test_a_joined_quote_exports_to_jsonl_and_spacy_as_pieces_tied_by_fragment(tmp_path: Path) -> None:
    from annotator.formats import jsonl, spacy_docbin
    from annotator.formats.stream import iter_bundles

    project, aid, (q1, q2) = _joined_project(tmp_path)
    out = io.StringIO()
    jsonl.write(iter_bundles(project), out)
    (record,) = [json.loads(line) for line in out.getvalue().splitlines() if line.strip()]
    text = json.dumps(record)
    assert q1 in text and q2 in text and FRAGMENT in text
    spacy_docbin.write(iter_bundles(project), tmp_path / "train.spacy")
    import spacy
    from spacy.tokens import DocBin

    paths = sorted((tmp_path).glob("train*.spacy")) or sorted((tmp_path / "train.spacy").glob("*.spacy"))
    (doc,) = [d for p in paths for d in DocBin().from_disk(p).get_docs(spacy.blank("en").vocab)]
    data = doc.user_data["annotator"]
    assert {(r["head"], r["child"], r["label"]) for r in data["relations"]} >= {(q1, q2, FRAGMENT)}
    assert {q1, q2} <= set(data["spans"])


def test_a_joined_quote_exports_to_brat_and_comes_back_as_one_quote(tmp_path: Path) -> None:
    from annotator.formats import brat
    from annotator.formats.stream import iter_bundles

    project, aid, (q1, q2) = _joined_project(tmp_path)
    brat.write(iter_bundles(project), tmp_path / "brat")
    (ann,) = sorted((tmp_path / "brat").glob("*.ann"))
    lines = ann.read_text(encoding="utf-8").splitlines()
    quotes = [line for line in lines if line.startswith("T") and "\tQUOTE " in line and (P1 in line or P2 in line)]
    # The tie the join made is the analyst's (its own origin and time), so brat's lossless writer
    # keeps the pieces as T lines tied by a FRAGMENT R line (brat_write._units), not one
    # discontinuous T line: read back, they are one quote again.
    assert len(quotes) == 2 and any("\tFRAGMENT Arg1:" in line for line in lines)
    fresh = Project.open(tmp_path / "back.db")
    from tests.formats.helpers import import_paths

    import_paths(fresh, tmp_path / "brat")
    (back,) = fresh.article_ids()
    spans = {s.id: s for s in fresh.spans(back)}
    groups = piece_groups(spans, fresh.relations(back))
    joined = {tuple(spans[i].text_in(TEXT) for i in g) for g in groups.values()}
    assert joined == {(P1, P2)}
