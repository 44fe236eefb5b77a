"""BratOffsets: our code points ↔ brat's offsets (universal newlines, byte-order mark)."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.formats.brat_text import BratOffsets, fragments, joined


def brat_reading(text: str, bom: int) -> str:
    """The text as brat's server reads the .txt: UTF-8, universal newlines, the BOM kept."""
    raw = ("\ufeff" if bom else "") + text
    return io.TextIOWrapper(io.BytesIO(raw.encode("utf-8")), encoding="utf-8", newline=None).read()


def test_crlf_is_one_character_for_brat() -> None:
    offsets = BratOffsets("a\r\nb\r\n\r\nc")
    assert [offsets.to_brat(p) for p in (0, 1, 3, 4, 6, 8, 9)] == [0, 1, 2, 3, 4, 5, 6]
    assert [offsets.from_brat(q) for q in range(7)] == [0, 1, 3, 4, 6, 8, 9]
    assert offsets.brat_length == 6


def test_lone_cr_and_unicode_line_separators_keep_their_place() -> None:
    text = "a\rb\u2028c\x85d\u2029e"
    offsets = BratOffsets(text)
    assert [offsets.to_brat(p) for p in range(len(text) + 1)] == list(range(len(text) + 1))
    assert brat_reading(text, 0) == "a\nb\u2028c\x85d\u2029e"  # only CR changes, one for one


def test_bom_is_character_zero_for_brat() -> None:
    offsets = BratOffsets("Hi\r\nyou", bom=1)
    assert offsets.to_brat(0) == 1 and offsets.to_brat(4) == 4 and offsets.from_brat(4) == 4
    with pytest.raises(ValueError):
        offsets.from_brat(0)


TEXTS = st.lists(st.sampled_from(["a", " ", "\r", "\n", "\r\n", "é", "e\u0301", "😄", "北", "\u2028", "\x85"]), max_size=30).map("".join)


@given(TEXTS, st.integers(0, 1))
def test_every_position_maps_to_what_brat_reads(text: str, bom: int) -> None:
    offsets = BratOffsets(text, bom=bom)
    seen = brat_reading(text, bom)
    assert offsets.brat_length == len(seen)
    for p in range(len(text) + 1):
        if 0 < p < len(text) and text[p - 1] == "\r" and text[p] == "\n":
            continue  # between the two characters of a CRLF: brat has no such position
        q = offsets.to_brat(p)
        assert seen[bom:q] == text[:p].replace("\r\n", "\n").replace("\r", "\n")
        assert offsets.from_brat(q) == p


@given(TEXTS)
def test_fragments_hold_no_line_break_and_join_back(text: str) -> None:
    pieces = fragments(text, 0, len(text))
    assert all(not any(c in text[s:e] for c in "\r\n\u2028\x85") for s, e in pieces)
    if pieces:
        assert joined(pieces, text) == [(pieces[0][0], pieces[-1][1], 0)]


def test_touching_fragments_are_one_piece_and_others_stay_apart() -> None:
    text = "Libya and\r\nmore, then more"
    assert joined([(0, 3), (3, 5), (6, 9), (11, 15), (17, 21)], text) == [(0, 5, 0), (6, 15, 2), (17, 21, 4)]
