"""guess_title finds what text.strip().partition("\n") found, without copying the text (issue 12, import13)."""

from __future__ import annotations

import re
import sys

from hypothesis import given, settings, strategies as st

from annotator.domain import model
from annotator.domain.model import guess_title


def _reference(text: str) -> str:
    """guess_title as it was written before import13: the strip and partition of the whole text."""
    stripped = text.strip()
    first, _, rest = stripped.partition("\n")
    first = first.strip()
    if rest.strip() and 0 < len(first) <= 200 and len(first.split()) <= 30:
        return first
    return ""


def test_the_patterns_whitespace_is_str_isspace() -> None:
    spaces = "".join(chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace())
    assert model._LEADING_SPACE.match(spaces).end() == len(spaces)  # type: ignore[union-attr]
    assert re.findall(r"\s", "".join(map(chr, range(sys.maxunicode + 1)))) == list(spaces)
    assert model._VISIBLE.search(spaces) is None


def test_headlines_and_their_absence() -> None:
    cases = {
        "Bridge reopens\nThe old bridge over the river reopened on Monday.": "Bridge reopens",
        "\n\n  Bridge reopens \r\n\nThe bridge reopened.": "Bridge reopens",
        "\u00a0\u3000Bridge reopens\u2003\nMore.": "Bridge reopens",
        "Only one line of text here.": "",
        "Only one line\n \n\t": "",  # nothing visible after the first line
        "\n\n\n": "",
        "": "",
        ("word " * 31) + "\nbody": "",  # 31 words: no headline
        ("x" * 201) + "\nbody": "",
        ("x" * 200) + "\nbody": "x" * 200,
    }
    for text, title in cases.items():
        assert guess_title(text) == title == _reference(text), repr(text)


_PIECES = st.sampled_from(["\n", "\r\n", " ", "\t", "\u00a0", "\u2028", "\x1c", "word", "Headline", "é", "😄", "x" * 60,
                           "one two three four five six seven eight nine ten"])


@settings(max_examples=500, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_guess_title_is_the_strip_and_partition(text: str) -> None:
    assert guess_title(text) == _reference(text)
