"""Ctrl+F across non-breaking and other Unicode spaces, soft hyphens and zero-width characters."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.domain.model import Article
from annotator.domain.schema import default_schema
from annotator.domain.text_match import IGNORABLE, LooseText, find_all, loose_pattern
from annotator.ui.article_view import ArticleView

TEXT = ("Donald\u00a0Trump met Don\u00adald \u2009Trump, then D\u200bonald\u3000Trump "
        "and Donald\nTrump; Donaldtrump is no match.")


def test_every_space_and_ignorable_variant_is_found() -> None:
    found = [TEXT[s:e] for s, e in find_all(LooseText.of(TEXT), "Donald Trump")]
    assert found == ["Donald\u00a0Trump", "Don\u00adald \u2009Trump", "D\u200bonald\u3000Trump", "Donald\nTrump"]


def test_pattern_spaces_normalised_too() -> None:
    # A pattern pasted from the article, NBSP and all, finds the plain-spaced text as well.
    assert list(find_all(LooseText.of("a Donald Trump b"), "donald\u00a0\u00a0trump")) == [(2, 14)]
    assert list(find_all(LooseText.of("a Donald Trump b"), "donald\u00a0trump")) == [(2, 14)]
    assert list(find_all(LooseText.of("a Donald Trump b"), "donaldtrump")) == []
    assert list(find_all(LooseText.of("abc"), "\u00ad")) == []  # nothing to find


_CHARS = st.sampled_from(list("abAB .,") + ["\u00a0", "\u2009", "\n", "\u3000", *IGNORABLE, "é", "😄"])


@given(st.text(_CHARS, max_size=40), st.data())
def test_any_piece_of_the_text_is_found_where_it_is(text: str, data: st.DataObject) -> None:
    loose = LooseText.of(text)
    if not text:
        return
    i = data.draw(st.integers(0, len(text) - 1))
    j = data.draw(st.integers(i + 1, len(text)))
    piece = text[i:j]
    needle = loose_pattern(piece)
    matches = list(find_all(loose, piece))
    for s, e in matches:  # every match, read back from the original text, is the pattern
        assert loose_pattern(text[s:e]).lower() == needle.lower()
        assert 0 <= s < e <= len(text)
    if needle.strip() and piece[0] not in IGNORABLE and not piece[0].isspace() \
            and piece[-1] not in IGNORABLE and not piece[-1].isspace():
        # the piece itself is covered by a match (matches do not overlap, so one may start earlier)
        assert any(s <= i and j <= e or (s <= i < e) for s, e in matches)


@pytest.fixture
def view(qtbot):  # noqa: ANN001
    def make(text: str) -> ArticleView:
        v = ArticleView()
        qtbot.addWidget(v)
        v.resize(600, 400)
        v.set_schema(default_schema())
        v.set_article(Article(id=1, text=text), [], [])
        v.show()
        qtbot.waitExposed(v)
        return v

    return make


def test_article_view_find_across_nbsp(view) -> None:  # noqa: ANN001
    v = view("😄 " + TEXT)  # an astral character first: Qt positions differ from code points
    starts = []
    for _ in range(4):
        assert v.find("donald trump")
        starts.append(v.selected_range())
    first = TEXT.index("Donald") + 2
    assert starts[0] == (first, first + len("Donald\u00a0Trump"))
    assert len(set(starts)) == 4
    assert v.find("donald trump") and v.selected_range() == starts[0]  # wraps
    assert v.find("donald trump", backwards=True) and v.selected_range() == starts[3]
    assert not v.find("trump donald")
