"""Claim suggestions: conservative, few and good.

A CLAIM is suggested for
* the asserted clause of a quote (see :mod:`claims_clause`: "X made us believe that <clause>"
  gives the clause; attribution, a leading "that", trailing punctuation and a final bracket are
  trimmed; a quote over several sentences is judged sentence by sentence, at most one claim each)
  - whose cue marks a disputed claim (claimed, alleged, denied, insisted), or
  - with a figure or statistic or a comparison of amounts ("more jobs than"), even when only
    believed ("believes the tariffs cost ¥150 billion"), or
  - that is a declarative statement of fact (no modal, no if-condition, not "we/you ...") with a
    causal, purpose or means link or a compliance/threat predicate about named things ("in
    response to", "was created to", "by deploying", "violated", "present no threat");
  cues of wishes, plans, promises, demands and forecasts (hope, want, promise, urge, predict...)
  never give a claim, other beliefs (believe, think...) only with a figure;
* a sentence outside quotes stating a statistic (a percentage, money, a number with a unit) or,
  when not hedged by a modal, a causal link ("because", "due to", "led to") with a number or a
  named entity in it.
Headline lines, questions, embedded questions ("whether ..."), instructions ("Let's ...") and
sentences shorter than a few words are never claims. Every claim gets ``checkworthy: "unsure"``:
the analyst decides.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from annotator.domain.suggestions import SuggestedSpan
from annotator.nlp.claims_clause import asserted, checkable_link, declarative, imperative, personal
from annotator.nlp.quotes_doc import annotated
from annotator.nlp.quotes_lexicon import COGNITION_LEMMAS
from annotator.nlp.quotes_types import Quote

_CLAIM_CUES = frozenset("claim allege deny insist assert contend maintain".split())
_CLAIM_FORMS = frozenset(
    "claim claims claimed claiming allege alleges alleged alleging deny denies denied denying insist "
    "insists insisted insisting assert asserts asserted contend contends contended".split()
)
# cue lemmas whose content is a wish, plan, promise, demand or forecast, never a checkable fact
_INTENT_CUES = frozenset(
    """hope want wish intend plan expect decide fear worry wonder doubt imagine suppose guess promise
    pledge vow threaten urge demand propose recommend ask call predict forecast""".split()
)
# "asked if/whether/how ...": an embedded question, not an assertion
_EMBEDDED_QUESTION = frozenset("if whether when how why".split())
_STAT_ENTS = frozenset({"PERCENT", "MONEY", "QUANTITY"})
_UNITS = frozenset(
    """percent % per cent million billion trillion thousand hundred people dollars euros pounds
    tons tonnes km kilometers miles acres jobs votes cases deaths times""".split()
)
_CAUSAL_ONE = frozenset("because caused causes causing".split())
_CAUSAL_PAIRS = frozenset({("due", "to"), ("led", "to"), ("leads", "to"), ("result", "of"), ("resulted", "in"), ("thanks", "to")})
_COMPARATIVE_TAGS = frozenset({"JJR", "RBR", "JJS", "RBS"})
_NOT_FIGURES = frozenset("DATE TIME ORDINAL PERSON ORG FAC PRODUCT WORK_OF_ART LAW EVENT GPE LOC NORP".split())
_MEASURED = frozenset("higher lower larger smaller bigger greater cheaper faster slower older younger richer poorer".split())
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
        if (t.like_num or t.is_digit) and t.ent_type_ not in _NOT_FIGURES:  # not "No. 8 People's Hospital"
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


def _checkable(toks: list[Token], parsed: bool) -> bool:
    """A number or an explicit comparison: something a fact-checker could look up (causal links
    are judged with the clause, see :func:`_part_claim`). A digit in a date or a name ("Mark 1",
    "Boeing 737") is not a figure.
    Comparatives of opinion ("more difficult than", "more detailed than") and number words ("one of
    them") are too weak alone: a comparison counts when it compares amounts ("more jobs than",
    "higher than")."""
    if _has_stat(toks):
        return True
    if any(any(map(str.isdigit, t.text)) and t.ent_type_ not in _NOT_FIGURES for t in toks):  # (perf33: no generator per word)
        return True
    lows = [t.lower_ for t in toks]
    return "than" in lows and any(
        t.tag_ in _COMPARATIVE_TAGS and (t.lower_ in _MEASURED or parsed and t.head.pos_ in ("NOUN", "PROPN")) for t in toks
    )


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


def _line_is_headline(text: str, pos: int) -> bool:
    """The line holding ``pos`` has no final punctuation: a headline ("Russian FM: X Is Y")."""
    a = text.rfind("\n", 0, pos) + 1
    b = text.find("\n", pos)
    return _is_headline(text[a : b if b >= 0 else len(text)].strip())


def _quote_claim(doc: Doc, q: Quote, text: str, lemmas: bool, parsed: bool) -> tuple[int, int] | None:
    """The asserted clause of a quote when it is a checkable claim, else None (see module doc).
    A quote running over several sentences is judged sentence by sentence; the first that is a
    claim gives the span (one claim per quote)."""
    lemma = _cue_lemma(doc, q, lemmas)
    if lemma in _INTENT_CUES:
        return None  # hopes, wishes, plans, promises, demands, forecasts: nothing to check yet
    if _line_is_headline(text, q.content[0]):
        return None
    parts = [q.content]
    if parsed:
        span = doc.char_span(*q.content, alignment_mode="expand")
        if span is not None:
            parts = [
                (max(s.start_char, q.content[0]), min(s.end_char, q.content[1]))
                for s in doc[span.start : span.end].sents
            ] or parts
    for part in parts:
        raw = text[part[0] : part[1]].rstrip("\"\u201d' ")
        if raw.endswith("?") or not raw.strip():
            continue
        rng = _part_claim(doc, part, lemma, parsed)
        if rng is not None:
            return rng
    return None


def _part_claim(doc: Doc, part: tuple[int, int], lemma: str, parsed: bool) -> tuple[int, int] | None:
    rng, verb = asserted(doc, part) if parsed else (part, None)
    toks = _tokens(doc, *rng)
    if len([t for t in toks if t.is_alpha]) < _MIN_WORDS:
        return None
    if toks[0].lower_ in _EMBEDDED_QUESTION and (verb is None or toks[0].head.i == verb.i):
        return None  # "(asked) whether X ...", "when it is worth ..."
    if lemma in _CLAIM_CUES or lemma in _CLAIM_FORMS:
        return rng  # the cue itself marks a disputed claim
    if verb is not None and imperative(verb):
        return None
    if _checkable(toks, parsed):
        return rng  # a figure or a comparison of amounts: checkable at its source even when believed or forecast
    if lemma in COGNITION_LEMMAS or verb is None or personal(verb) or not declarative(verb):
        return None  # beliefs; no clause; "we/you ..."; modal ("will", "would"), conditional: not a fact yet
    if verb.lemma_.lower() in _INTENT_CUES or verb.lemma_.lower() in COGNITION_LEMMAS:
        return None  # "the campaign expects Holt to ...", "Apple is planning to ..."
    return rng if _has_causal(toks) and _named_or_number(toks) or checkable_link(toks) else None


def _named_or_number(toks: list[Token]) -> bool:
    return any(t.ent_type_ in _NAMED or t.like_num for t in toks)


def suggest_claims(doc: Doc, quotes: list[Quote], *, text: str | None = None) -> list[SuggestedSpan]:
    """CLAIM spans (layer "claim", ``checkworthy: unsure``) in text order, never overlapping."""
    found: list[tuple[int, int]] = []
    text = doc.text if text is None else text  # spaCy rebuilds it on every access: once
    lemmas = annotated(doc, "LEMMA")
    parsed = annotated(doc, "DEP")
    for q in quotes:
        rng = _quote_claim(doc, q, text, lemmas, parsed)
        if rng is not None:
            found.append(rng)
    quoted = _union(q.content for q in quotes)
    quoted_starts = [a for a, _ in quoted]
    if annotated(doc, "SENT_START") or annotated(doc, "DEP"):
        for sent in doc.sents:
            stext = text[sent.start_char : sent.end_char].strip()
            # cheap string test first: most sentences have no figure and no causal word
            if not _MAYBE.search(stext) or _is_headline(stext) or stext.endswith("?"):
                continue
            toks = [t for t in sent if not t.is_space]
            while len(toks) > 1 and toks[-1].is_quote and toks[-2].whitespace_:
                toks.pop()  # the next quote's opening mark, put in this sentence by the sentencizer
            if len([t for t in toks if t.is_alpha]) < _MIN_WORDS:
                continue
            a, b = toks[0].idx, toks[-1].idx + len(toks[-1])
            k = bisect.bisect_left(quoted_starts, b)  # union intervals are disjoint: check one
            if k and quoted[k - 1][1] > a:
                continue  # attributed sentences are judged through their quote above
            # the tree is only walked with a parse: on an unparsed Doc spaCy's tree fields are
            # unset and Span.root / Token.children read outside the Doc (a segfault)
            if parsed and imperative(sent.root):
                continue  # "Let's leave 5 mm": an instruction
            causal = parsed and _has_causal(toks) and any(t.ent_type_ in _NAMED or t.like_num for t in toks)
            if _has_stat(toks) or causal and declarative(sent.root, subject=False) and not personal(sent.root):
                # not a forecast ("X will fall because ..."), not "I despise X because ..."
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
