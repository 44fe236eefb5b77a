"""``first_lone_surrogate`` walks a bundle field by field only when ``repr`` of its meta and
records shows a ``\\ud`` escape (issue 12: the walk was a third of a JSONL import with spans).
Its answer — field path, string, index — must be the walk's for a surrogate in any field, and
None for storable bundles, including text holding a literal backslash-u (which only makes the
walk run)."""

from __future__ import annotations

import pytest

from annotator.domain.model import Article, ArticleBundle, Relation, Span, Stance, Tag
from annotator.formats.common import _first_in_bundle, find_lone_surrogate, first_lone_surrogate

LONE = "\ud83d"


def _bundle(**where: str) -> ArticleBundle:
    """A bundle with a span, relation, stance and tag; ``where`` puts a string into one field."""
    article = Article(id=None, text=where.get("text", "Ann said \u201cyes\u201d. \\ud83d is only text."),
                      title=where.get("title", "Caf\u00e9"), publisher=where.get("publisher", ""),
                      meta={"source": where.get("meta", "AP"), where.get("meta key", "k"): [1, {"n": where.get("meta deep", "x")}]})
    span = Span(id=where.get("span id", "s1"), article_id=0, start=0, end=3, label=where.get("span label", "PERSON"),
                layer="entity", attrs={"note": where.get("span attr", "\u00e9"), where.get("span attr key", "a"): 1})
    quote = Span(id="q1", article_id=0, start=9, end=14, label="QUOTE", layer="quote", origin=where.get("origin", ""))
    relation = Relation(id="r1", article_id=0, head="q1", child="s1", label=where.get("relation label", "SPEAKER"))
    stance = Stance(id="t1", article_id=0, holder=where.get("holder", "Ann"), target="x", polarity="favor")
    tag = Tag(id="g1", article_id=0, tag=where.get("tag", "politics"))
    return ArticleBundle(article, spans=[span, quote], relations=[relation], stances=[stance], tags=[tag])


FIELDS = ["text", "title", "publisher", "meta", "meta key", "meta deep", "span id", "span label", "span attr",
          "span attr key", "origin", "relation label", "holder", "tag"]


@pytest.mark.parametrize("field", [None, *FIELDS])
def test_the_fast_look_answers_as_the_walk(field: str | None) -> None:
    bundle = _bundle(**({field: f"a{LONE}b"} if field else {}))
    walked = _first_in_bundle(bundle, find_lone_surrogate)
    assert first_lone_surrogate(bundle) == walked
    assert (walked is None) == (field is None)


def test_two_surrogates_the_first_in_walk_order_is_named() -> None:
    bundle = _bundle(tag=LONE, title=f"x{LONE}")
    assert first_lone_surrogate(bundle) == ("title", f"x{LONE}", 1) == _first_in_bundle(bundle, find_lone_surrogate)
    bundle = _bundle(tag=LONE, holder=f"xy{LONE}")
    assert first_lone_surrogate(bundle) == _first_in_bundle(bundle, find_lone_surrogate)
    assert first_lone_surrogate(bundle)[0] == "stances[0].holder"


# ``first_nul``'s cheap look (``in`` on the string fields, ``repr`` of meta) before its walk (issue 12).

NUL_FIELDS = ["text", "title", "publisher", "meta", "meta key", "meta deep"]


def _nul_walk(bundle: ArticleBundle):
    from annotator.formats.common import nul_walk

    return nul_walk(bundle)


@pytest.mark.parametrize("field", [None, *NUL_FIELDS])
def test_first_nul_answers_as_the_walk(field: str | None) -> None:
    from annotator.formats.common import first_nul

    bundle = _bundle(**({field: "a\x00b"} if field else {}))
    assert first_nul(bundle) == _nul_walk(bundle)
    assert (first_nul(bundle) is None) == (field is None)
    if field is not None:
        assert first_nul(bundle)[1] == "a\x00b"


@pytest.mark.parametrize("where", ["text", "meta", "meta deep"])
def test_a_written_backslash_x00_is_no_nul(where: str) -> None:
    from annotator.formats.common import first_nul

    assert first_nul(_bundle(**{where: "C:\\x00 and \\\\x00"})) is None


@pytest.mark.parametrize(("text", "blank"), [("", True), (" \n\t", True), ("\ufeff\u200b ", True), ("\ufeffHi", False),
                                             ("Hi", False), (" Hi", False), ("\u2060", True), ("\u00a0x", False)])
def test_is_blank_with_its_fast_look(text: str, blank: bool) -> None:
    from annotator.formats.common import is_blank

    assert is_blank(text) is blank
