"""Factories for format tests: small projects and files written by the tests themselves."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.domain.model import Article, ArticleBundle, Relation, Span, Stance, Status, Tag
from annotator.storage.project import Project

# Emoji (astral), CJK, a combining accent, CRLF line ends and a no-break space: offsets are code points.
UNICODE_TEXT = "Smiley 😄 Müller said: \u201cNi hao 北京\u201d.\r\nCafe\u0301 owner\u00a0Ana said so.\r\n"


def find(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def unicode_bundle() -> ArticleBundle:
    t = UNICODE_TEXT
    quote = Span(id="q1", article_id=0, start=find(t, "Ni hao 北京")[0], end=find(t, "Ni hao 北京")[1], label="QUOTE",
                 layer="quote", attrs={"kind": "direct", "note": "CJK inside"})
    speaker = Span(id="s1", article_id=0, start=find(t, "Müller")[0], end=find(t, "Müller")[1], label="SPEAKER", layer="speaker")
    cue = Span(id="c1", article_id=0, start=find(t, "said")[0], end=find(t, "said")[1], label="CUE", layer="cue")
    emoji = Span(id="e1", article_id=0, start=find(t, "😄")[0], end=find(t, "😄")[1], label="MISC", layer="entity")
    cafe = Span(id="p1", article_id=0, start=find(t, "Cafe\u0301")[0], end=find(t, "Cafe\u0301")[1], label="ORG", layer="entity",
                status=Status.SUGGESTED, origin="model")
    nbsp = Span(id="n1", article_id=0, start=find(t, "owner\u00a0Ana")[0], end=find(t, "owner\u00a0Ana")[1], label="PERSON", layer="entity")
    relations = [
        Relation(id="r1", article_id=0, head="q1", child="s1", label="SPEAKER"),
        Relation(id="r2", article_id=0, head="q1", child="c1", label="CUE"),
    ]
    return ArticleBundle(
        article=Article(id=None, text=t, title="Smiley", publisher="Wire", url="https://example.org/a", published="2024-01-02",
                        meta={"file": "smiley.txt", "n": 1}),
        spans=[quote, speaker, cue, emoji, cafe, nbsp],
        relations=relations,
        stances=[Stance(id="st1", article_id=0, holder="Müller", target="Beijing", polarity="favor")],
        tags=[Tag(id="t1", article_id=0, tag="world")],
    )


def plain_bundle(n: int) -> ArticleBundle:
    text = f"Article number {n}.\nAlice Smith said the plan works.\n"
    s, e = find(text, "Alice Smith")
    return ArticleBundle(
        article=Article(id=None, text=text, meta={"n": n}),
        spans=[Span(id=f"a{n}", article_id=0, start=s, end=e, label="PERSON", layer="entity")],
    )


@pytest.fixture
def filled(tmp_path: Path):
    """A project holding the unicode article and two plain ones."""
    project = Project.open(tmp_path / "filled.db")
    project.import_bundles([unicode_bundle(), plain_bundle(1), plain_bundle(2)])
    yield project
    project.close()
