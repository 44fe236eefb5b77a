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

import numpy
from spacy.attrs import ENT_TYPE, HEAD, IDX, IS_ALPHA, IS_DIGIT, IS_QUOTE, IS_SPACE, LIKE_NUM, LOWER, ORTH, POS, SPACY, TAG
from spacy.parts_of_speech import NOUN, PROPN
from spacy.tokens import Doc, Span, Token

from annotator.domain.suggestions import SuggestedSpan
from annotator.nlp.claims_clause import LINK_NAMED, asserted, checkable_link, declarative, imperative, personal
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


class _Columns:
    """One Doc's token attributes as Python lists of ints (spaCy's IDs: string hashes or symbol
    numbers, flags 0/1), read once per doc with ``to_array``; the claim tests index them instead of
    making a ``Token`` per token and attribute (perf22: claims were ~17 % of the rules' time, most
    of it Token objects made and read in these scans). ``head`` (absolute indices) only with a parse.
    Sets of words and labels are compared as the same doc's IDs (:meth:`ids`)."""

    _ATTRS = (LOWER, ENT_TYPE, LIKE_NUM, IS_DIGIT, IS_ALPHA, IS_SPACE, IS_QUOTE, SPACY, TAG, POS, ORTH, IDX)

    def __init__(self, doc: Doc, parsed: bool) -> None:
        self.doc = doc
        self.strings = doc.vocab.strings
        (self.lower, self.ent, self.like_num, self.is_digit, self.is_alpha, self.is_space, self.is_quote, self.spacy,
         self.tag, self.pos, self.orth, self.idx) = doc.to_array(list(self._ATTRS)).T.tolist() if len(doc) else ([],) * 12
        # HEAD is stored relative to the token (unsigned in to_array's array): made absolute here
        self.head = (doc.to_array(HEAD).view(numpy.int64) + numpy.arange(len(doc))).tolist() if parsed and len(doc) else None
        self._digit: dict[int, bool] = {}

    def ids(self, words: Iterable[str]) -> frozenset[int]:
        return frozenset(self.strings[w] for w in words)

    def text(self, i: int) -> str:
        return self.strings[self.orth[i]]

    def has_digit(self, i: int) -> bool:
        """``any(ch.isdigit() for ch in t.text)``, once per distinct ORTH."""
        orth = self.orth[i]
        found = self._digit.get(orth)
        if found is None:
            found = self._digit[orth] = any(ch.isdigit() for ch in self.strings[orth])
        return found

    def tokens(self, ix: list[int]) -> list[Token]:
        doc = self.doc
        return [doc[i] for i in ix]


class _Ids:
    """The module's word and label sets as one vocab's IDs (made once per StringStore)."""

    def __init__(self, cols: _Columns) -> None:
        self.stat_ents = cols.ids(_STAT_ENTS)
        self.not_figures = cols.ids(_NOT_FIGURES)
        self.units = cols.ids(_UNITS)
        self.causal_one = cols.ids(_CAUSAL_ONE)
        self.causal_pairs = frozenset((cols.strings[a], cols.strings[b]) for a, b in _CAUSAL_PAIRS)
        self.comparative = cols.ids(_COMPARATIVE_TAGS)
        self.measured = cols.ids(_MEASURED)
        self.named = cols.ids(_NAMED)
        self.link_named = cols.ids(LINK_NAMED)
        self.than = cols.strings["than"]


_ids_of: dict[int, tuple[object, _Ids]] = {}  # id(StringStore) -> (that store, its IDs)


def _ids(cols: _Columns) -> _Ids:
    found = _ids_of.get(id(cols.strings))
    if found is None or found[0] is not cols.strings:
        found = _ids_of[id(cols.strings)] = (cols.strings, _Ids(cols))
    return found[1]


def _has_stat(cols: _Columns, ids: _Ids, ix: list[int]) -> bool:
    for k, i in enumerate(ix):
        ent = cols.ent[i]
        if ent in ids.stat_ents:
            return True
        if (cols.like_num[i] or cols.is_digit[i]) and ent not in ids.not_figures:  # not "No. 8 People's Hospital"
            if k + 1 < len(ix) and cols.lower[ix[k + 1]] in ids.units or cols.text(i).endswith("%"):
                return True
    return False


def _has_causal(cols: _Columns, ids: _Ids, ix: list[int]) -> bool:
    lower = cols.lower
    for k, i in enumerate(ix):
        low = lower[i]
        if low in ids.causal_one:
            return True
        if k + 1 < len(ix) and (low, lower[ix[k + 1]]) in ids.causal_pairs:
            return True
    return False


def _checkable(cols: _Columns, ids: _Ids, ix: list[int], parsed: bool) -> bool:
    """A number or an explicit comparison: something a fact-checker could look up (causal links
    are judged with the clause, see :func:`_part_claim`). A digit in a date or a name ("Mark 1",
    "Boeing 737") is not a figure.
    Comparatives of opinion ("more difficult than", "more detailed than") and number words ("one of
    them") are too weak alone: a comparison counts when it compares amounts ("more jobs than",
    "higher than")."""
    if _has_stat(cols, ids, ix):
        return True
    if any(cols.has_digit(i) and cols.ent[i] not in ids.not_figures for i in ix):
        return True
    lower, tag, pos, head = cols.lower, cols.tag, cols.pos, cols.head
    return any(lower[i] == ids.than for i in ix) and any(
        tag[i] in ids.comparative and (lower[i] in ids.measured or parsed and pos[head[i]] in (NOUN, PROPN))  # type: ignore[index]
        for i in ix
    )


def _tokens(doc: Doc, start: int, end: int) -> list[Token]:
    span = doc.char_span(start, end, alignment_mode="expand")
    return list(span) if span is not None else []


def _indices(doc: Doc, start: int, end: int) -> list[int]:
    """Indices of :func:`_tokens`' tokens."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return list(range(span.start, span.end)) if span is not None else []


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


def _quote_claim(cols: _Columns, q: Quote, text: str, lemmas: bool, parsed: bool) -> tuple[int, int] | None:
    """The asserted clause of a quote when it is a checkable claim, else None (see module doc).
    A quote running over several sentences is judged sentence by sentence; the first that is a
    claim gives the span (one claim per quote)."""
    doc = cols.doc
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
        rng = _part_claim(cols, part, lemma, parsed)
        if rng is not None:
            return rng
    return None


def _part_claim(cols: _Columns, part: tuple[int, int], lemma: str, parsed: bool) -> tuple[int, int] | None:
    doc, ids = cols.doc, _ids(cols)
    rng, verb = asserted(doc, part) if parsed else (part, None)
    ix = _indices(doc, *rng)
    if sum(cols.is_alpha[i] for i in ix) < _MIN_WORDS:
        return None
    first = doc[ix[0]]
    if first.lower_ in _EMBEDDED_QUESTION and (verb is None or first.head.i == verb.i):
        return None  # "(asked) whether X ...", "when it is worth ..."
    if lemma in _CLAIM_CUES or lemma in _CLAIM_FORMS:
        return rng  # the cue itself marks a disputed claim
    if verb is not None and imperative(verb):
        return None
    if _checkable(cols, ids, ix, parsed):
        return rng  # a figure or a comparison of amounts: checkable at its source even when believed or forecast
    if lemma in COGNITION_LEMMAS or verb is None or personal(verb) or not declarative(verb):
        return None  # beliefs; no clause; "we/you ..."; modal ("will", "would"), conditional: not a fact yet
    if verb.lemma_.lower() in _INTENT_CUES or verb.lemma_.lower() in COGNITION_LEMMAS:
        return None  # "the campaign expects Holt to ...", "Apple is planning to ..."
    if _has_causal(cols, ids, ix) and _named_or_number(cols, ids.named, ix):
        return rng
    # checkable_link's own first test, on the columns: most clauses stop here without a Token made
    return rng if _named_or_number(cols, ids.link_named, ix) and checkable_link(cols.tokens(ix)) else None


def _named_or_number(cols: _Columns, named: frozenset[int], ix: list[int]) -> bool:
    """``any(t.ent_type_ in named or t.like_num for t in toks)`` (``named`` as IDs)."""
    ent, like_num = cols.ent, cols.like_num
    return any(ent[i] in named or like_num[i] for i in ix)


def suggest_claims(doc: Doc, quotes: list[Quote], *, text: str | None = None) -> list[SuggestedSpan]:
    """CLAIM spans (layer "claim", ``checkworthy: unsure``) in text order, never overlapping."""
    found: list[tuple[int, int]] = []
    text = doc.text if text is None else text  # spaCy rebuilds it on every access: once
    lemmas = annotated(doc, "LEMMA")
    parsed = annotated(doc, "DEP")
    cols = _Columns(doc, parsed)
    ids = _ids(cols)
    for q in quotes:
        rng = _quote_claim(cols, q, text, lemmas, parsed)
        if rng is not None:
            found.append(rng)
    quoted = _union(q.content for q in quotes)
    quoted_starts = [a for a, _ in quoted]
    if annotated(doc, "SENT_START") or annotated(doc, "DEP"):
        is_space, is_quote, spacy, is_alpha, idx = cols.is_space, cols.is_quote, cols.spacy, cols.is_alpha, cols.idx
        for sent in doc.sents:
            stext = text[sent.start_char : sent.end_char].strip()
            # cheap string test first: most sentences have no figure and no causal word
            if not _MAYBE.search(stext) or _is_headline(stext) or stext.endswith("?"):
                continue
            ix = [i for i in range(sent.start, sent.end) if not is_space[i]]
            while len(ix) > 1 and is_quote[ix[-1]] and spacy[ix[-2]]:
                ix.pop()  # the next quote's opening mark, put in this sentence by the sentencizer
            if sum(is_alpha[i] for i in ix) < _MIN_WORDS:
                continue
            a, b = idx[ix[0]], idx[ix[-1]] + len(cols.text(ix[-1]))
            k = bisect.bisect_left(quoted_starts, b)  # union intervals are disjoint: check one
            if k and quoted[k - 1][1] > a:
                continue  # attributed sentences are judged through their quote above
            # the tree is only walked with a parse: on an unparsed Doc spaCy's tree fields are
            # unset and Span.root / Token.children read outside the Doc (a segfault)
            if parsed and imperative(sent.root):
                continue  # "Let's leave 5 mm": an instruction
            causal = parsed and _has_causal(cols, ids, ix) and _named_or_number(cols, ids.named, ix)
            if _has_stat(cols, ids, ix) or causal and declarative(sent.root, subject=False) and not personal(sent.root):
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
