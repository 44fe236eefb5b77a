"""Span edges move by token, word, sentence and paragraph (annotator.domain.boundaries)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.domain.boundaries import (
    UNITS,
    moved_edge,
    next_boundary,
    paragraph_spans,
    prev_boundary,
    sentence_spans,
    sentences_backward,
    sentences_forward,
)
from annotator.domain.tokens import TokenIndex, token_spans
from tests.conftest import SHARED_DATA


def texts(text: str, spans: list[tuple[int, int]]) -> list[str]:
    return [text[a:b] for a, b in spans]


# ----------------------------------------------------------------------------- sentences, case by case

@pytest.mark.parametrize(("text", "expected"), [
    ("Mr. Smith arrived. He sat down.", ["Mr. Smith arrived.", "He sat down."]),
    ("Then Dr. Who spoke. Next.", ["Then Dr. Who spoke.", "Next."]),  # a title never ends a sentence
    ("Gen. The Elder came. Then.", ["Gen. The Elder came.", "Then."]),
    ("U.S. officials said so. The U.S. Army came.", ["U.S. officials said so.", "The U.S. Army came."]),
    ("It is No. 2 in the U.K. and No. 3 in the E.U. market. Yes.",
     ["It is No. 2 in the U.K. and No. 3 in the E.U. market.", "Yes."]),
    ('He said: "It is over." Then he left.', ['He said: "It is over."', "Then he left."]),
    ('He asked, "Why?" She laughed.', ['He asked, "Why?"', "She laughed."]),
    ('"Why?" he asked. Then he left.', ['"Why?" he asked.', "Then he left."]),  # ?" before lower case goes on
    ("“We will win.” The crowd cheered.", ["“We will win.”", "The crowd cheered."]),
    ("He paused... and then left. Next.", ["He paused... and then left.", "Next."]),
    ("He paused… and went on. What? No!", ["He paused… and went on.", "What?", "No!"]),
    ("Author J. K. Rowling wrote it. Then she left.", ["Author J. K. Rowling wrote it.", "Then she left."]),
    ("Apple Inc. said it would. Then.", ["Apple Inc. said it would.", "Then."]),
    ("The rate fell 3.5% to $1.2 bn on Friday. Analysts shrugged.",
     ["The rate fell 3.5% to $1.2 bn on Friday.", "Analysts shrugged."]),
    ("Headline without a stop\nThe story begins.", ["Headline without a stop", "The story begins."]),
])
def test_sentences_of_news_text(text: str, expected: list[str]) -> None:
    assert texts(text, sentence_spans(text)) == expected


@pytest.mark.parametrize("brk", ["\n", "\r\n", "\r", "\u2028", "\u2029", "\n\n", "\r\n\r\n", "\n \t\n", "\x0c", "\x85"])
def test_every_line_break_separates_paragraphs_and_sentences(brk: str) -> None:
    text = f"  First line, no stop{brk}Second one. Third sentence.  {brk}"
    assert texts(text, paragraph_spans(text)) == ["First line, no stop", "Second one. Third sentence."]
    assert texts(text, sentence_spans(text)) == ["First line, no stop", "Second one.", "Third sentence."]


def test_blank_and_whitespace_only_texts_have_no_units() -> None:
    for text in ("", "   ", "\n\r\n\u2028 "):
        assert paragraph_spans(text) == [] and sentence_spans(text) == []
        for unit in UNITS:
            assert next_boundary(text, 0, unit=unit, edge="end") is None
            assert prev_boundary(text, len(text), unit=unit, edge="start") is None


# ----------------------------------------------------------------------------- long paragraphs, read in windows

_SENTENCES = st.sampled_from([
    "Mr. Smith said so.", '"Why?" he asked.', "It is No. 2 in the U.S. market.", "J. K. Rowling left...",
    "Prices rose 3.5%.", "Really?", "“Fine.”", "He paused... and went on.", "Dr. Who spoke.",
    "Analysts were surprised by the size of the cut", "Yes!",
])


@given(st.lists(_SENTENCES, min_size=1, max_size=30), st.sampled_from([" ", "  ", " \u00a0"]),
       st.integers(min_value=8, max_value=120), st.data())
def test_windowed_segmentation_equals_whole_paragraph(parts: list[str], gap: str, window: int, data) -> None:  # noqa: ANN001
    """A paragraph longer than the window is read piecewise; the result is the whole paragraph's."""
    text = gap.join(parts)
    whole = sentence_spans(text)  # one window: the paragraph is shorter than the default window
    assert sentence_spans(text, window=window) == whole
    offset = data.draw(st.integers(min_value=0, max_value=len(text)))
    forward = [s for s in sentences_forward(text, offset, window=window) if s[1] > offset]
    assert forward == [s for s in whole if s[1] > offset]
    backward = [s for s in sentences_backward(text, offset, window=window) if s[0] < offset]
    assert backward == [s for s in reversed(whole) if s[0] < offset]


# ----------------------------------------------------------------------------- words and tokens

def test_word_steps_skip_punctuation_token_steps_do_not() -> None:
    text = 'Lavrov said, "Talks (in Geneva) were useful."'
    said_end = text.index("said") + 4
    assert next_boundary(text, said_end, unit="token", edge="end") == said_end + 1  # the comma
    talks = text.index("Talks")
    assert next_boundary(text, said_end, unit="word", edge="end") == talks + len("Talks")
    assert next_boundary(text, said_end, unit="word", edge="start") == talks
    geneva_end = text.index("Geneva") + len("Geneva")
    assert prev_boundary(text, text.index("were"), unit="word", edge="end") == geneva_end
    assert prev_boundary(text, talks, unit="word", edge="start") == text.index("said")
    end = len(text)
    assert prev_boundary(text, end, unit="word", edge="end") == text.index("useful") + len("useful")
    assert next_boundary(text, text.index("useful") + 6, unit="word", edge="end") is None


@given(st.text(alphabet=st.sampled_from("ab1 ,.'-\"\n😄\u0301"), max_size=60), st.data())
def test_token_boundaries_agree_with_the_token_index(text: str, data) -> None:  # noqa: ANN001
    tokens = token_spans(text)
    offset = data.draw(st.integers(min_value=0, max_value=len(text)))
    ends, starts = [e for _, e in tokens], [s for s, _ in tokens]
    assert next_boundary(text, offset, unit="token", edge="end") == next((e for e in ends if e > offset), None)
    assert prev_boundary(text, offset, unit="token", edge="start") == next((s for s in reversed(starts) if s < offset), None)
    words = [t for t in tokens if any(c.isalnum() for c in text[t[0]:t[1]])]
    assert next_boundary(text, offset, unit="word", edge="start") == next((s for s, _ in words if s > offset), None)
    assert prev_boundary(text, offset, unit="word", edge="end") == next((e for _, e in reversed(words) if e < offset), None)


def test_word_steps_read_only_the_blocks_around_the_edge() -> None:
    text = "word, " * 200_000
    index = TokenIndex(text)
    middle = len(text) // 2 + 4  # after a "word"
    assert next_boundary(text, middle, unit="word", edge="end", tokens=index) == middle + 6
    assert index.blocks_tokenised <= 2


# ----------------------------------------------------------------------------- moving an edge

def test_moved_edge_by_sentence_and_paragraph() -> None:
    text = "He left. She said no. They met.\n\nNew para here. And more.\nLast line."
    she = text.index("She")
    no_end = text.index("no.") + 3
    span = (she, text.index("said") + 4)  # "She said"
    assert moved_edge(text, *span, edge="end", step=1, unit="sentence") == (she, no_end)  # to its sentence's end
    assert moved_edge(text, she, no_end, edge="end", step=1, unit="sentence") == (she, text.index("met.") + 4)
    met_end = text.index("met.") + 4
    assert moved_edge(text, she, no_end, edge="end", step=1, unit="paragraph") == (she, met_end)  # its paragraph's end
    assert moved_edge(text, she, met_end, edge="end", step=1, unit="paragraph") == (she, text.index("more.") + 5)
    assert moved_edge(text, she, no_end, edge="end", step=-1, unit="sentence") is None  # would be empty
    assert moved_edge(text, she, no_end, edge="start", step=-1, unit="sentence") == (0, no_end)
    new = text.index("New")
    assert moved_edge(text, new, len(text), edge="start", step=-1, unit="paragraph") == (0, len(text))
    assert moved_edge(text, 0, len(text), edge="start", step=1, unit="paragraph") == (new, len(text))
    assert moved_edge(text, 0, len(text), edge="end", step=-1, unit="paragraph") == (0, text.index("more.") + 5)
    assert moved_edge(text, 0, len(text), edge="end", step=1, unit="paragraph") is None
    with pytest.raises(ValueError, match="unknown unit"):
        moved_edge(text, 0, 3, edge="end", step=1, unit="line")  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- the seed article

def test_seed_article_sentences_and_paragraphs() -> None:
    path = SHARED_DATA / "seed-article.txt"
    if not path.exists():
        pytest.skip("shared data is absent")
    text = path.read_text(encoding="utf-8")
    paragraphs, sentences = paragraph_spans(text), sentence_spans(text)
    assert len(paragraphs) == 13 and len(sentences) == 16
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert text[slice(*paragraphs[0])] == lines[0]  # the title line is the first paragraph, whole
    # scraped sub-headlines (lines with no final stop; the seed has two) are each their own
    # sentence, never merged with the paragraph after them. Read from the file: no corpus text here.
    subheads = [line for line in lines[1:] if line[-1] not in '.!?"\u201d']
    assert len(subheads) == 2
    for line in subheads:
        assert line in texts(text, sentences)
    two = [s for s in sentences if text[s[0]:].startswith("On March 1,")][0]
    assert text[slice(*two)].endswith("Federation Council and State Duma.")
    quote_end = text.index('Lavrov stressed.') + len("Lavrov stressed.")
    assert quote_end in {e for _, e in sentences}
    for a, b in sentences:  # trimmed, inside one paragraph
        assert text[a:b] == text[a:b].strip() and any(p[0] <= a and b <= p[1] for p in paragraphs)


def test_sentence_and_paragraph_steps_read_only_around_the_edge(monkeypatch: pytest.MonkeyPatch) -> None:
    """On a 4 MB paragraph a sentence step segments windows near the edge, not the paragraph."""
    import annotator.domain.boundaries as boundaries

    text = "Mr. Smith said the U.S. talks were useful. " * 100_000
    segmented: list[int] = []
    real = boundaries._segment
    monkeypatch.setattr(boundaries, "_segment", lambda t, lo, hi: segmented.append(hi - lo) or real(t, lo, hi))
    middle = text.index("Mr.", len(text) // 2)
    said = middle + len("Mr. Smith said")
    assert moved_edge(text, middle, said, edge="end", step=1, unit="sentence") == (middle, middle + 42)
    assert moved_edge(text, middle + 4, said, edge="start", step=-1, unit="sentence") == (middle, said)
    assert moved_edge(text, middle, said, edge="end", step=1, unit="paragraph") == (middle, len(text) - 1)
    assert 0 < sum(segmented) < 10 * boundaries.WINDOW
