"""Hypothesis strategies: nasty article texts, machine suggestions on them, and window edit sequences.

A :class:`Scenario` is plain, hashable data (text, suggestions, actions, analyst names), so a
failing example prints as something one can paste into a regression test, and the expensive
part of checking it (the exports) can be cached per scenario across the parametrised checks.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from hypothesis import strategies as st

from annotator.domain.tokens import token_spans

# Ordinary news words and quotation marks, so spans land where real ones do...
WORDS = (
    "Lavrov", "said", "the", "minister", "told", "reporters", "that", "talks", "in", "Geneva", "were",
    "useful", "Müller", "Washington", "declined", "to", "comment", "on", "Monday", "3.5", "1,000", "O'Brien",
    "co-operate", "U.S.", "Ms.", "Kremlin", "warned", "according", "\u201cWe", "will\u201d", "\"No", "way\"",
    "\u00abNon\u00bb", ",", ".", ":", "\u2014",
)
# ...and on nasty boundaries: surrogate-pair emoji, ZWJ sequences, flags, CJK, combining marks,
# right-to-left scripts, every kind of line break and invisible space.
NASTY = (
    "😄", "👩\u200d👩\u200d👧", "🇺🇦", "👍🏽", "北京", "習近平", "e\u0301", "Zoe\u0308", "مرحبا", "שלום",
    "\u200f", "\u00a0", "\t", "\r\n", "\r", "\n", "\n\n", "\u2028", "\u2029", "\u200b", "\ufe0f", "  ",
)
SEPARATORS = (" ", " ", " ", " ", "\n", "\r\n", "\r", "\t", "\u00a0", "\u2028", "  ")
ENTITY_LABELS = ("PERSON", "ORG", "GPE", "NORP", "LOC", "MISC")
LABEL_KEYS = ("1", "2", "3", "4", "5", "6", "7", "8")  # PERSON ORG GPE NORP QUOTE SPEAKER CUE CLAIM
RELATION_LABELS = ("SPEAKER", "CUE", "CLAIMANT", "TARGET")
ANALYSTS = ("ana", "Zoë O'Brien", "李 明", "bob\tsmith")
ATTRIBUTES: tuple[tuple[str, Any], ...] = (
    ("kind", "direct"), ("kind", "indirect"), ("kind", "mixed"), ("checkworthy", "yes"),
    ("note", "checked"), ("note", "two words"), ("note", "line\nbreak"), ("note", "=SUM(A1)"),
    ("speaker_ref", "Sergei Lavrov"), ("refers_to", "Müller"), ("note", ""),
)
ORIGIN = "fake-pipeline 1.0"
TAGS = ("politics", "world", "Ukraine", "fact check", "北京")
HOLDERS = ("Lavrov", "Müller", "the Kremlin")


@dataclasses.dataclass(frozen=True)
class SpanSpec:
    key: str
    start: int
    end: int
    label: str
    layer: str
    attrs: tuple[tuple[str, Any], ...] = ()


@dataclasses.dataclass(frozen=True)
class Scenario:
    """One article, its machine suggestions and the analyst's key presses, as plain data."""

    text: str
    spans: tuple[SpanSpec, ...]
    relations: tuple[tuple[str, str, str], ...]  # (head key, child key, label)
    actions: tuple[tuple[Any, ...], ...]
    title: str = ""


@st.composite
def texts(draw: st.DrawFn) -> str:
    """Article text: words and nasty pieces joined by spaces or odd whitespace; maybe a leading BOM."""
    piece = st.one_of(st.sampled_from(WORDS), st.sampled_from(WORDS), st.sampled_from(NASTY))
    parts = draw(st.lists(st.tuples(piece, st.sampled_from(SEPARATORS)), min_size=3, max_size=28))
    text = "".join(p + s for p, s in parts).rstrip(" ")
    if draw(st.booleans()) and draw(st.booleans()):
        text = text + draw(st.sampled_from(("\r\n", "\n", " ", "\u2028")))  # trailing whitespace is kept
    if draw(st.integers(0, 5)) == 0:
        text = "\ufeff" + text
    if not any(start < end for start, end in token_spans(text)):
        text += " said"
    return text


def _range(draw: st.DrawFn, text: str, tokens: list[tuple[int, int]], *, exact: bool) -> tuple[int, int]:
    """A range of whole tokens, or (``exact``) of arbitrary code points, never empty."""
    if exact or not tokens:
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, min(len(text), start + 12)))
        return start, end
    first = draw(st.integers(0, len(tokens) - 1))
    last = draw(st.integers(first, min(len(tokens) - 1, first + 4)))
    return tokens[first][0], tokens[last][1]


@st.composite
def scenarios(draw: st.DrawFn, *, max_actions: int = 14) -> Scenario:
    text = draw(texts())
    tokens = token_spans(text)
    specs: list[SpanSpec] = []
    relations: list[tuple[str, str, str]] = []
    n = 0

    def add(label: str, layer: str, attrs: tuple = (), exact: bool = False) -> str:
        nonlocal n
        if specs and draw(st.integers(0, 3)) == 0:  # the same place as another span (a SPEAKER that is a PERSON too)
            other = draw(st.sampled_from(specs))
            start, end = other.start, other.end
        else:
            start, end = _range(draw, text, tokens, exact=exact)
        n += 1
        specs.append(SpanSpec(f"s{n}", start, end, label, layer, attrs))
        return f"s{n}"

    for _ in range(draw(st.integers(0, 2))):  # quotes with their speaker and cue, tied by relations
        quote = add("QUOTE", "quote", draw(st.sampled_from(((), (("kind", "direct"),), (("kind", "indirect"),)))))
        if draw(st.booleans()):
            relations.append((quote, add("SPEAKER", "speaker"), "SPEAKER"))
        if draw(st.booleans()):
            relations.append((quote, add("CUE", "cue"), "CUE"))
    for _ in range(draw(st.integers(0, 3))):
        add(draw(st.sampled_from(ENTITY_LABELS)), "entity", exact=draw(st.integers(0, 4)) == 0)
    if draw(st.integers(0, 3)) == 0:
        claim = add("CLAIM", "claim")
        if n > 1:
            relations.append((claim, f"s{draw(st.integers(1, n - 1))}", "CLAIMANT"))
    actions = draw(st.lists(action(len(text), len(tokens)), max_size=max_actions))
    return Scenario(text=text, spans=tuple(specs), relations=tuple(relations), actions=tuple(actions),
                    title=draw(st.sampled_from(("", "Talks in Geneva", "=1+1 \u201cquoted\u201d"))))


def action(text_length: int, n_tokens: int) -> st.SearchStrategy[tuple[Any, ...]]:
    """One analyst action, as data the adapter (:mod:`tests.fidelity.actions`) interprets.

    Spans and relations are named by index into the article's current ones (reading order /
    stored order) modulo their number, so every action applies to whatever the state is."""
    index = st.integers(0, 30)
    token = st.integers(0, max(n_tokens - 1, 0))
    char = st.integers(0, max(text_length - 1, 0))
    return st.one_of(
        st.tuples(st.just("select"), index),
        st.tuples(st.just("tab"), st.sampled_from((1, -1))),
        st.tuples(st.just("accept")),
        st.tuples(st.just("accept")),
        st.tuples(st.just("reject")),
        st.tuples(st.just("delete")),
        st.tuples(st.just("accept_all")),
        # label key with a drag over whole tokens (the window snaps), or Alt-drag over exact characters
        st.tuples(st.just("label"), st.sampled_from(LABEL_KEYS), st.just("tokens"), token, st.integers(0, 3)),
        st.tuples(st.just("label"), st.sampled_from(LABEL_KEYS), st.just("exact"), char, st.integers(1, 6)),
        st.tuples(st.just("label"), st.sampled_from(LABEL_KEYS), st.just("none"), st.just(0), st.just(0)),
        st.tuples(st.just("resize"), st.sampled_from(("start", "end")), st.sampled_from((1, -1))),
        # Alt+Shift+arrows: an edge by sentence or paragraph
        st.tuples(st.just("resize"), st.sampled_from(("start", "end")), st.sampled_from((1, -1)), st.sampled_from(("sentence", "paragraph"))),
        # S / U: the picker's n-th row links to the selected quote or claim
        st.tuples(st.just("pick"), st.sampled_from(("speaker", "cue")), st.integers(0, 4)),
        st.tuples(st.just("link"), st.booleans(), index, st.sampled_from(RELATION_LABELS)),
        st.tuples(st.just("unlink"), index),
        st.tuples(st.just("attr"), st.sampled_from(ATTRIBUTES)),
        st.tuples(st.just("undo")),
        st.tuples(st.just("undo")),
        st.tuples(st.just("redo")),
        st.tuples(st.just("analyst"), st.sampled_from(ANALYSTS)),
        st.tuples(st.just("article_status"), st.sampled_from(("done", "reviewed", "in_progress"))),
        # the Article panel: tags and stances
        st.tuples(st.just("tag"), st.sampled_from(TAGS)),
        st.tuples(st.just("untag"), index),
        st.tuples(st.just("stance"), st.sampled_from(HOLDERS), st.sampled_from(("favor", "against", "neutral")),
                  st.sampled_from(("talks", "sanctions in 2024")), st.sampled_from(("", "said twice"))),
        st.tuples(st.just("unstance"), index),
        # F / G / N on the selected quote or claim, the current target set first (Shift+T)
        st.tuples(st.just("stance_key"), st.integers(0, 2), st.sampled_from(("talks", "sanctions in 2024"))),
        st.tuples(st.just("stance_key"), st.integers(0, 2), st.just("talks")),
    )
