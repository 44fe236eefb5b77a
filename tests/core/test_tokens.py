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
