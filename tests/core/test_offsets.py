"""OffsetMap: code points <-> UTF-16, repeated with ASCII, BMP and astral text."""

from __future__ import annotations

import pytest

from annotator.domain.offsets import OffsetMap

CASES = [
    "plain ascii text",
    "Smiley 😄 said",
    "北京 says 你好",
    "𝒳𝒴 astral math and 😄😄 twice",
    "e\u0301 combining, a\u00a0b nbsp, crlf\r\nline",
    "",
]


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@pytest.mark.parametrize("text", CASES)
def test_round_trip_every_offset(text: str) -> None:
    m = OffsetMap(text)
    assert m.utf16_length == utf16_len(text)
    for i in range(len(text) + 1):
        pos = m.to_utf16(i)
        assert pos == utf16_len(text[:i])
        assert m.from_utf16(pos) == i


def test_smiley_selection_maps_to_code_points() -> None:
    text = "Smiley 😄 said"
    m = OffsetMap(text)
    # Qt positions of " said" (after the surrogate pair) -> code points 8..13
    assert (m.from_utf16(9), m.from_utf16(14)) == (8, 13)
    assert text[m.from_utf16(9) + 1 : m.from_utf16(14)] == "said"


def test_position_inside_surrogate_pair_rounds_down() -> None:
    m = OffsetMap("a😄b")
    assert m.from_utf16(2) == 1


@pytest.mark.parametrize("bad", [-1, 99])
def test_out_of_range(bad: int) -> None:
    m = OffsetMap("abc")
    with pytest.raises(ValueError):
        m.to_utf16(bad)
    with pytest.raises(ValueError):
        m.from_utf16(bad)
