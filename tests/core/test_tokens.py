"""Token boundaries and selection snapping (pure, no Qt)."""

from __future__ import annotations

import pytest

from annotator.domain.tokens import next_boundary, prev_boundary, snap, token_spans


def words(text: str) -> list[str]:
    return [text[s:e] for s, e in token_spans(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Russia's well-known deal.", ["Russia's", "well-known", "deal", "."]),
        ("on March 21-22, 3.5% of 1,000", ["on", "March", "21-22", ",", "3.5", "%", "of", "1,000"]),
        ("rock ’n’ roll", ["rock", "’", "n", "’", "roll"]),  # edge apostrophes are punctuation
        ("Smiley 😄 said", ["Smiley", "😄", "said"]),
        ("thumbs 👍🏽 and 👩\u200d💻 coder", ["thumbs", "👍🏽", "and", "👩\u200d💻", "coder"]),
        ("e\u0301te\u0301 cafe\u0301", ["e\u0301te\u0301", "cafe\u0301"]),
        ("北京市 说", ["北京市", "说"]),
        ("a\u00a0b\r\nc", ["a", "b", "c"]),
        ('"[The US]"', ['"', "[", "The", "US", "]", '"']),
    ],
)
def test_token_spans(text: str, expected: list[str]) -> None:
    assert words(text) == expected


TEXT = "Sergey Lavrov said on Friday, “we are open.”"
TOKENS = token_spans(TEXT)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (2, 9, (0, 13)),  # "rgey La" -> "Sergey Lavrov"
        (6, 7, None),  # only a space
        (5, 8, (0, 13)),  # "y L" -> both words, no surrounding space
        (6, 14, (7, 13)),  # leading and trailing space trimmed
        (0, 13, (0, 13)),  # already whole tokens
        (24, 29, (22, 29)),  # "iday," keeps the comma token it touches
        (3, 3, None),  # empty
    ],
)
def test_snap(start: int, end: int, expected: tuple[int, int] | None) -> None:
    assert snap(start, end, TOKENS) == expected


def test_snap_across_line_break() -> None:
    text = "end of line\nnext line"
    assert snap(9, 14, token_spans(text)) == (7, 16)


def test_boundaries_by_edge_kind() -> None:
    assert next_boundary(6, TOKENS, kind="end") == 13  # "Sergey" end -> "Lavrov" end
    assert next_boundary(0, TOKENS, kind="start") == 7
    assert next_boundary(6, TOKENS) == 7
    assert prev_boundary(13, TOKENS, kind="end") == 6
    assert prev_boundary(7, TOKENS, kind="start") == 0
    assert prev_boundary(0, TOKENS) == 0  # nothing before: stays
    assert next_boundary(len(TEXT), TOKENS) == len(TEXT)


# ----------------------------------------------------------------------------- TokenIndex (lazy, by block)

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from annotator.domain.tokens import TokenIndex  # noqa: E402

# Texts built from the pieces that make token edges hard: joiners, marks, ZWJ emoji, spaces of
# several kinds, digits with separators.
PIECES = st.sampled_from(["a", "Z", "1", "9", ".", ",", ":", "/", "'", "’", "-", " ", "  ", "\n", "\u00a0", "\t",
                          "\u0301", "😄", "\u200d", "👩", "🏽", "北", "\"", "(", "é"])
TEXTS = st.lists(PIECES, max_size=60).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=TEXTS, block=st.integers(1, 9), data=st.data())
def test_token_index_matches_the_whole_text_tokenisation(text: str, block: int, data: st.DataObject) -> None:
    """Whatever the block size, the lazy index finds exactly :func:`token_spans`' tokens and
    answers next/prev boundary and snap exactly as the whole-text functions do."""
    whole = token_spans(text)
    index = TokenIndex(text, block=block, max_blocks=2)  # a tiny cache: blocks are dropped and re-made
    assert index.tokens() == whole
    offset = data.draw(st.integers(0, len(text)))
    for kind in ("start", "end", "any"):
        assert index.next_boundary(offset, kind=kind) == next_boundary(offset, whole, kind=kind)
        assert index.prev_boundary(offset, kind=kind) == prev_boundary(offset, whole, kind=kind)
    end = data.draw(st.integers(0, len(text)))
    assert index.snap(min(offset, end), max(offset, end)) == snap(min(offset, end), max(offset, end), whole)
    lo, hi = min(offset, end), max(offset, end)
    assert index.tokens(lo, hi) == ([t for t in whole if t[1] > lo and t[0] < hi] if lo < hi else [])


def test_token_index_tokenises_only_around_the_offset() -> None:
    text = "Lavrov said the talks were useful. " * 30_000  # a million code points
    whole = token_spans(text)
    index = TokenIndex(text, block=4096)
    middle = len(text) // 2 + 3
    assert index.next_boundary(middle, kind="end") == next_boundary(middle, whole, kind="end")
    assert index.prev_boundary(middle, kind="start") == prev_boundary(middle, whole, kind="start")
    assert index.blocks_tokenised == 1
    assert index.snap(10, len(text) - 10) == snap(10, len(text) - 10, whole)  # a whole-text selection costs its two edges
    assert index.blocks_tokenised == 3


@settings(max_examples=200, deadline=None)
@given(text=TEXTS, data=st.data())
def test_state_moves_edges_as_over_the_whole_token_list(text: str, data: st.DataObject) -> None:
    """``ArticleState.moved_edge`` (lazy index) agrees with :func:`moved_edge` over every token."""
    from annotator.domain.document import ArticleState, moved_edge
    from annotator.domain.model import Article, Span

    whole = token_spans(text)
    if not whole:
        return
    first, last = sorted(data.draw(st.lists(st.sampled_from(whole), min_size=2, max_size=2)))
    span = Span(id="s", article_id=1, start=first[0], end=last[1], label="X", layer="entity")
    state = ArticleState(Article(id=1, text=text), [span])
    state.set_tokens(TokenIndex(text, block=data.draw(st.integers(1, 7))))
    starts, ends = [s for s, _ in whole], [e for _, e in whole]
    for edge in ("start", "end"):
        for step in (-1, 1):
            assert state.moved_edge(span, edge=edge, step=step) == moved_edge(span, starts, ends, edge=edge, step=step)
