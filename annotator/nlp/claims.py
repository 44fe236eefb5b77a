"""Claim suggestions: conservative, few and good.

A CLAIM is suggested for
* the content of a quote that makes a checkable assertion (a figure or statistic, an explicit
  "more/less ... than" comparison, a causal link) or whose cue itself marks a disputed claim (claimed, alleged, denied, insisted);
  beliefs and intentions (believe, hope, want...) are not checkable and are skipped;
* a sentence outside quotes stating a statistic (a percentage, money, a number with a unit) or a
  causal link ("because", "due to", "led to") with a number or a named entity in it.
Headline lines, questions and sentences shorter than a few words are never claims.
Every claim gets ``checkworthy: "unsure"``: the analyst decides.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from annotator.domain.suggestions import SuggestedSpan
from annotator.nlp.quotes_doc import annotated
from annotator.nlp.quotes_lexicon import COGNITION_LEMMAS
from annotator.nlp.quotes_types import Quote

_CLAIM_CUES = frozenset("claim allege deny insist assert contend maintain".split())
_CLAIM_FORMS = frozenset(
    "claim claims claimed claiming allege alleges alleged alleging deny denies denied denying insist "
    "insists insisted insisting assert asserts asserted contend contends contended".split()
)
_STAT_ENTS = frozenset({"PERCENT", "MONEY", "QUANTITY"})
_UNITS = frozenset(
    """percent % per cent million billion trillion thousand hundred people dollars euros pounds
    tons tonnes km kilometers miles acres jobs votes cases deaths times""".split()
)
_CAUSAL_ONE = frozenset("because caused causes causing".split())
_CAUSAL_PAIRS = frozenset({("due", "to"), ("led", "to"), ("leads", "to"), ("result", "of"), ("resulted", "in"), ("thanks", "to")})
_COMPARATIVE_TAGS = frozenset({"JJR", "RBR", "JJS", "RBS"})
_NAMED = frozenset({"PERSON", "ORG", "GPE", "NORP", "LAW", "EVENT"})
_MIN_WORDS = 5
# a sentence can only be a statistic or causal claim if it has a digit, a number word or a cause
_MAYBE = re.compile(
    r"\d|%|\b(?:percent|per cent|million|billion|trillion|thousand|hundred|dozen|one|two|three|four|five|six|"
    r"seven|eight|nine|ten|because|due to|led to|leads to|result|thanks to|caus)",
    re.IGNORECASE,
)


def _has_stat(toks: list[Token]) -> bool:
    for k, t in enumerate(toks):
        if t.ent_type_ in _STAT_ENTS:
            return True
        if (t.like_num or t.is_digit) and t.ent_type_ not in ("DATE", "TIME", "ORDINAL"):
            nxt = toks[k + 1].lower_ if k + 1 < len(toks) else ""
            if nxt in _UNITS or t.text.endswith("%"):
                return True
    return False


def _has_causal(toks: list[Token]) -> bool:
    for k, t in enumerate(toks):
        low = t.lower_
        if low in _CAUSAL_ONE:
            return True
        if k + 1 < len(toks) and (low, toks[k + 1].lower_) in _CAUSAL_PAIRS:
            return True
    return False


def _checkable(toks: list[Token]) -> bool:
    """A number, an explicit comparison or a causal link: something a fact-checker could look up.
    Bare comparatives ("more difficult") and number words ("one of them") are too weak alone."""
    if _has_stat(toks) or _has_causal(toks):
        return True
    if any(any(ch.isdigit() for ch in t.text) and t.ent_type_ not in ("DATE", "TIME", "ORDINAL") for t in toks):
        return True
    lows = [t.lower_ for t in toks]
    return "than" in lows and any(t.tag_ in _COMPARATIVE_TAGS for t in toks)


def _tokens(doc: Doc, start: int, end: int) -> list[Token]:
    span = doc.char_span(start, end, alignment_mode="expand")
    return list(span) if span is not None else []


def _is_headline(stripped: str) -> bool:
    """A line without final punctuation: a scraped headline or caption, not an assertion."""
    return bool(stripped) and stripped[-1] not in ".!?\"'\u201d\u2019)"


def _cue_lemma(doc: Doc, q: Quote, lemmas: bool) -> str:
    if q.cue is None:
        return ""
    toks = _tokens(doc, *q.cue)
    if not toks:
        return ""
    t = toks[0]
    return (t.lemma_ or t.lower_).lower() if lemmas else t.lower_


def _union(ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, disjoint union of character ranges."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(ranges):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def suggest_claims(doc: Doc, quotes: list[Quote], *, text: str | None = None) -> list[SuggestedSpan]:
    """CLAIM spans (layer "claim", ``checkworthy: unsure``) in text order, never overlapping."""
    found: list[tuple[int, int]] = []
    text = doc.text if text is None else text  # spaCy rebuilds it on every access: once
    lemmas = annotated(doc, "LEMMA")
    for q in quotes:
        lemma = _cue_lemma(doc, q, lemmas)
        if lemma in COGNITION_LEMMAS:
            continue  # beliefs and intentions are not checkable assertions
        toks = _tokens(doc, *q.content)
        if len([t for t in toks if t.is_alpha]) < _MIN_WORDS or text[q.content[0] : q.content[1]].rstrip("\"\u201d' ").endswith("?"):
            continue
        if lemma in _CLAIM_CUES or lemma in _CLAIM_FORMS or _checkable(toks):
            found.append(q.content)
    quoted = _union(q.content for q in quotes)
    quoted_starts = [a for a, _ in quoted]
    if annotated(doc, "SENT_START") or annotated(doc, "DEP"):
        for sent in doc.sents:
            stext = text[sent.start_char : sent.end_char].strip()
            # cheap string test first: most sentences have no figure and no causal word
            if not _MAYBE.search(stext) or _is_headline(stext) or stext.endswith("?"):
                continue
            toks = [t for t in sent if not t.is_space]
            if len([t for t in toks if t.is_alpha]) < _MIN_WORDS:
                continue
            a, b = toks[0].idx, toks[-1].idx + len(toks[-1])
            k = bisect.bisect_left(quoted_starts, b)  # union intervals are disjoint: check one
            if k and quoted[k - 1][1] > a:
                continue  # attributed sentences are judged through their quote above
            causal = _has_causal(toks) and any(t.ent_type_ in _NAMED or t.like_num for t in toks)
            if _has_stat(toks) or causal:
                found.append((a, b))
    found.sort()
    out: list[SuggestedSpan] = []
    last_end = -1
    for a, b in found:
        if a < last_end or b <= a:
            continue
        out.append(SuggestedSpan(f"c{len(out)}", a, b, "CLAIM", "claim", {"checkworthy": "unsure"}))
        last_end = b
    return out
