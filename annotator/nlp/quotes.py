"""Quote (attribution) suggestions from a spaCy ``Doc``: direct, indirect and mixed.

Pure functions over one ``Doc``; offsets are code points (``token.idx``), the text is never
changed. Direct quotes come from a character scanner (:mod:`quotes_marks`) and work without a
parser; cue and speaker then come from the words next to the quote. With a trained pipeline the
dependency parse adds indirect speech ("X said (that) ...", "according to X, ...") and better
speakers (the cue verb's subject).

Design choices:
* An interrupted quote (``"A," Lavrov said, "B."``) gives two QUOTE spans, one per quoted
  stretch (a QUOTE never covers the attribution words), sharing one ``group`` and so one CUE and
  one SPEAKER. Likewise "A, he said, B" in reported speech. A quote running over paragraphs is
  one span.
* A quoted stretch without a cue is kept only when it looks like a statement (several words,
  sentence-like); it then inherits the previous quote's speaker. Short quoted phrases (scare
  quotes, titles) are dropped, or become part of a ``mixed`` indirect quote around them.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Mapping

from spacy.tokens import Doc, Token

from annotator.domain.suggestions import SuggestedSpan, SuggestionSet
from annotator.nlp.coref import MentionIndex
from annotator.nlp.quotes_colon import colon_attributions
from annotator.nlp.quotes_lexicon import (
    ALL_CUE_LEMMAS,
    COGNITION_LEMMAS,
    CUE_FILLERS,
    CUE_FORMS,
    DASHES,
    DETERMINERS,
    DOBJ_LEMMAS,
    DOCUMENT_NOUNS,
    EVIDENTIAL_LEMMAS,
    HUMAN_NOUNS,
    MARK_TOKENS,
    PERSONAL_PRONOUNS,
    RELATIVE_PRONOUNS,
    SPEECH_LEMMAS,
    XCOMP_LEMMAS,
)
from annotator.nlp.quotes_marks import QuotedRun, find_quoted_runs
from annotator.nlp.quotes_types import Quote, Range

_SENT_END = frozenset(".!?")
_GROUPS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
_SPEAKER_STOP = frozenset(
    "on in at during to who which that after before when while last this for from with as "
    "about because since told said says according monday tuesday wednesday thursday friday "
    "saturday sunday today yesterday tonight earlier later recently".split()
)
_SUBJ = ("nsubj", "nsubjpass", "csubj")
# words that end a speaker phrase when scanning back from the cue without a parser
_CLAUSE_WORDS = frozenset(
    """and but or nor so yet that which who whom whose when where while if because as since
    although though after before than then in on at by for from with without into about over
    under to is are was were be been has have had not also""".split()
)
_NOT_SPEAKERS = frozenset("it this that which what there".split())


def _is_break(t: Token) -> bool:
    return "\n" in t.text or "\n" in t.whitespace_


@dataclasses.dataclass(slots=True)
class _Attr:
    content: Range
    kind: str
    cue_i: int | None = None  # token index of the cue word
    cue: Range | None = None
    speaker: Range | None = None
    group: int = -1
    run: QuotedRun | None = None
    weak: bool = False  # a short cue-less quoted phrase: kept only as part of another quote
    short: bool = False  # not sentence-like (a phrase), whether or not a cue was found
    more: tuple[Range, ...] = ()  # further parts of the same attribution ("A, he said, B")


class _Ctx:
    """Per-document lookups built once (linear): token starts, quote-mark tokens, parse flag."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc.text
        self.parsed = doc.has_annotation("DEP")
        self.starts = [t.idx for t in doc]
        self.runs = find_quoted_runs(self.text)
        self.in_run: dict[int, int] = {}  # token index -> run index (marks included)
        self.open_toks: set[int] = set()
        self.close_toks: set[int] = set()
        for k, r in enumerate(self.runs):
            a, b = self.tok(r.open), self.tok(r.close)
            self.open_toks.add(a)
            self.close_toks.add(b)
            for i in range(a, b + 1):
                self.in_run[i] = k

    def tok(self, char: int) -> int:
        """Index of the token containing ``char``."""
        return max(0, bisect.bisect_right(self.starts, char) - 1)

    def is_cue(self, t: Token) -> bool:
        if t.lower_ == "according":
            return t.i + 1 < len(self.doc) and self.doc[t.i + 1].lower_ == "to"
        if self.parsed:
            return t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in (SPEECH_LEMMAS | COGNITION_LEMMAS)
        return t.lower_ in CUE_FORMS

    def cue_range(self, i: int) -> Range:
        t = self.doc[i]
        if t.lower_ == "according":
            return t.idx, self.doc[i + 1].idx + len(self.doc[i + 1])
        return t.idx, t.idx + len(t)


def _trim(doc: Doc, a: int, b: int) -> tuple[int, int] | None:
    """Token range [a, b) without leading 'that'/punctuation/space and trailing punctuation."""
    while a < b and (doc[a].is_punct or doc[a].is_space or doc[a].lower_ == "that" and a + 1 < b):
        if doc[a].text in MARK_TOKENS and a + 1 < b and not doc[a + 1].is_space:
            break  # keep an opening quote mark that starts the content
        a += 1
    while b > a and (doc[b - 1].is_space or doc[b - 1].is_punct and doc[b - 1].text not in MARK_TOKENS | {"?", "!", ")"}):
        b -= 1
    return (a, b) if b > a else None


def _chars(doc: Doc, a: int, b: int) -> Range:
    return doc[a].idx, doc[b - 1].idx + len(doc[b - 1])


# --- speakers ---------------------------------------------------------------------------------


def _np_range(doc: Doc, h: Token) -> tuple[int, int]:
    """A speaker noun phrase around head ``h``, cut at commas and relative clauses."""
    a = h.i
    for i in range(h.i - 1, h.left_edge.i - 1, -1):
        if doc[i].text in {",", "(", "--"} or doc[i].text in DASHES or doc[i].is_space or doc[i].text in MARK_TOKENS:
            break
        if doc[i].text in {"-", ":"} and doc[i].whitespace_:
            break  # "WASHINGTON - President Obama said": a dateline is not part of the speaker
        a = i
    b = h.i + 1
    for c in h.rights:
        if c.dep_ in ("compound", "flat", "nummod") or (c.dep_ == "prep" and c.lower_ in ("of", "for", "at")):
            seg = doc[b : c.right_edge.i + 1]
            if any(t.text in {",", "("} or t.text in MARK_TOKENS for t in seg) or len(seg) > 8:
                break
            b = c.right_edge.i + 1
        else:
            break
    return a, b


def _person_like(h: Token) -> bool:
    return (
        h.ent_type_ in _GROUPS
        or h.lower_ in PERSONAL_PRONOUNS
        or h.lemma_.lower() in HUMAN_NOUNS
        or h.lower_ in HUMAN_NOUNS
        or h.pos_ == "PROPN"
    )


def _subject(v: Token) -> Token | None:
    """The cue verb's speaker: its subject, the agent of a passive, or the governing verb's subject
    ("..., adding that", "and added")."""
    cur = v
    for _ in range(3):
        subjects = [c for c in cur.children if c.dep_ in ("nsubj", "csubj")]
        # "reasons that Trump refuses to": a real subject beats a mis-attached relative pronoun
        named = [c for c in subjects if c.lower_ not in RELATIVE_PRONOUNS]
        if named:
            return named[0]
        if subjects:
            return cur.head if cur.dep_ == "relcl" else subjects[0]
        for c in cur.children:
            if c.dep_ == "agent":
                for g in c.children:
                    if g.dep_ == "pobj":
                        return g
            if c.dep_ == "nsubjpass":
                return None  # "it was reported that ...": no named source
        if cur.dep_ in ("advcl", "conj", "xcomp") and cur.head is not cur:
            cur = cur.head
        else:
            return None
    return None


def _cap(t: Token) -> bool:
    """Capitalised like a name ("DuVernay" and "McKinley" are not ``istitle()``)."""
    return t.text[:1].isupper()


def _speaker_rule(ctx: _Ctx, cue_i: int, lo: int, hi: int) -> tuple[int, int] | None:
    """Parser-free speaker: the words between the frame start and the cue ("Lavrov said"), or a
    name right after it ("said Lavrov"); frame is token range [lo, hi)."""
    doc = ctx.doc
    if doc[cue_i].lower_ == "according" or doc[cue_i].text in DASHES:
        a = cue_i + (2 if doc[cue_i].lower_ == "according" else 1)
        b = a
        while b < hi and b - a < 8 and not (doc[b].is_punct and doc[b].text not in (".", "-")) and not doc[b].is_space:
            b += 1
        while b > a and doc[b - 1].text in (".", "-"):
            b -= 1
        return (a, b) if b > a else None
    j = cue_i
    while j > lo and doc[j - 1].lower_ in CUE_FILLERS:
        j -= 1
    a = j
    while a > lo and j - a < 10:
        p = doc[a - 1]
        if p.text == ")":  # "Rep. Gwen Moore (D-Wis.) said": step over the bracket
            k = a - 1
            while k > lo and a - k < 7 and doc[k].text != "(":
                k -= 1
            if doc[k].text != "(":
                break
            a = k
            continue
        if p.is_punct and p.text not in ("'s", "\u2019s", "-", ".") or p.is_space or p.text in MARK_TOKENS:
            break
        if p.lower_ in _CLAUSE_WORDS or not (p.is_alpha or p.text in ("'s", "\u2019s", "-", ".")):
            break
        a -= 1
    # "the commission says", "Rep. Moore said": the phrase must begin like a noun phrase
    while a < j and not (_cap(doc[a]) or doc[a].lower_ in DETERMINERS or doc[a].lower_ in PERSONAL_PRONOUNS):
        a += 1
    while a < j and doc[a].text in ("(", ")"):
        a += 1
    if a < j:
        return a, j
    # "said Lavrov" / "said the minister": a name, a pronoun or a determiner phrase, nothing else
    first = cue_i + 1
    if first >= hi or not (_cap(doc[first]) or doc[first].lower_ in DETERMINERS or doc[first].lower_ in PERSONAL_PRONOUNS):
        return None
    if doc[first].lower_ in PERSONAL_PRONOUNS:
        return first, first + 1
    b = first
    while b < hi and b - cue_i <= 8:
        t = doc[b]
        if t.is_punct and t.text not in (".", "-") or t.is_space or t.lower_ in _SPEAKER_STOP or t.text in MARK_TOKENS:
            break
        b += 1
    while b > first and doc[b - 1].text in (".", "-"):
        b -= 1  # a sentence-final period is not part of the name
    span = doc[first:b]
    if span and any(_cap(t) or t.lower_ in HUMAN_NOUNS for t in span):
        return first, b
    return None


def _speaker_for(ctx: _Ctx, cue_i: int, lo: int, hi: int) -> Range | None:
    doc = ctx.doc
    t = doc[cue_i]
    if ctx.parsed and t.text not in DASHES:
        if t.lower_ == "according":
            objs = [c for c in doc[cue_i + 1].children if c.dep_ == "pobj"]
            if objs:
                return _chars(doc, *_np_range(doc, objs[0]))
        else:
            h = _subject(t)
            # a "subject" inside quoted words is a parse across the quote mark, not the speaker
            if h is not None and h.lower_ not in _NOT_SPEAKERS and (h.i not in ctx.in_run or cue_i in ctx.in_run):
                return _chars(doc, *_np_range(doc, h))
            if h is None and any(c.dep_ == "nsubjpass" for c in t.children):
                return None
    r = _speaker_rule(ctx, cue_i, lo, hi)
    return _chars(doc, *r) if r else None


# --- direct quotes ----------------------------------------------------------------------------


def _after_frame(ctx: _Ctx, close_i: int) -> tuple[int, int]:
    doc, i = ctx.doc, close_i + 1
    while i < len(doc) and i - close_i <= 14:
        t = doc[i]
        if i in ctx.open_toks or t.is_space and "\n" in t.text:
            break
        i += 1
        if t.text in _SENT_END or t.text == ";" or _is_break(t):
            break
    return close_i + 1, i


def _before_frame(ctx: _Ctx, open_i: int) -> tuple[int, int]:
    doc, i = ctx.doc, open_i
    while i > 0 and open_i - i < 25:
        t = doc[i - 1]
        if t.text in _SENT_END or _is_break(t) or (i - 1) in ctx.close_toks:
            break
        i -= 1
    return i, open_i


def _substantive(ctx: _Ctx, run: QuotedRun) -> bool:
    """Sentence-like quoted text (a statement), not a scare-quoted phrase or a title."""
    inner = ctx.text[run.inner[0] : run.inner[1]].strip()
    words = inner.split()
    if len(words) < 5:
        return False
    starts_sentence = inner[:1].isupper() or inner[:1] in "[(\u2026."
    ends_sentence = inner[-1:] in ".?!,\u2026" or ctx.text[run.outer[1] : run.outer[1] + 1] in (".", ",")
    return starts_sentence and (ends_sentence or len(words) >= 8)


def _after_cue(ctx: _Ctx, lo: int, hi: int) -> int | None:
    """A cue right after a quote: 'said', 'X said', 'according to', or a dash before a name."""
    doc = ctx.doc
    if lo < hi and doc[lo].text in DASHES and lo + 1 < hi and _cap(doc[lo + 1]):
        return lo
    return next((i for i in range(lo, min(hi, lo + 9)) if ctx.is_cue(doc[i])), None)


def _direct(ctx: _Ctx) -> list[_Attr]:
    doc, text = ctx.doc, ctx.text
    out: list[_Attr] = []
    for run in ctx.runs:
        a, b = run.inner
        while a < b and text[a].isspace():
            a += 1
        while b > a and (text[b - 1].isspace() or text[b - 1] == ","):
            b -= 1
        if b <= a:
            continue
        attr = _Attr((a, b), "direct", run=run)
        oi, ci = ctx.tok(run.open), ctx.tok(run.outer[1] - 1)
        lo, hi = _after_frame(ctx, ci)
        cue = _after_cue(ctx, lo, hi)
        if cue is not None:
            attr.cue_i, attr.cue = cue, ctx.cue_range(cue)
            attr.speaker = _speaker_for(ctx, cue, lo, hi)
        else:
            lo, hi = _before_frame(ctx, oi)
            cues = [i for i in range(lo, hi) if ctx.is_cue(doc[i])]
            if cues:
                cue = cues[-1]
                gap = [t for t in doc[cue + 1 : hi] if not t.is_punct and not t.is_space]
                attr.cue_i, attr.cue = cue, ctx.cue_range(cue)
                attr.speaker = _speaker_for(ctx, cue, lo, hi)
                nxt = ci + 1
                mid_clause = nxt < len(doc) and doc[nxt].is_alpha and not _substantive(ctx, run)
                if (len(gap) > 4 or mid_clause) and doc[cue].lower_ != "according":
                    # 'X said the plan would "create jobs"': the quote is part of a reported clause
                    attr.kind = "mixed"
                    end = nxt
                    while mid_clause and end < len(doc) and doc[end].text not in _SENT_END and not _is_break(doc[end]):
                        end += 1
                    s = _trim(doc, cue + 1, end if mid_clause else ci + 1)
                    if s:
                        attr.content = (_chars(doc, *s)[0], _chars(doc, *s)[1] if mid_clause else b)
        attr.short = not _substantive(ctx, run)
        attr.weak = attr.cue is None and attr.short
        out.append(attr)
    return out


# --- indirect quotes (parser) ------------------------------------------------------------------


def _content_range(doc: Doc, v: Token, lemma: str) -> tuple[int, int] | None:
    """Token range of what the cue verb ``v`` reports: its clause, intention or object."""
    kids = list(v.children)
    for c in kids:
        if c.dep_ == "ccomp" and c.i > v.i or c.dep_ == "ccomp" and not any(k.dep_ == "ccomp" and k.i > v.i for k in kids):
            return _trim(doc, c.left_edge.i, c.right_edge.i + 1)
    if lemma in SPEECH_LEMMAS:
        for c in kids:
            # 'said after the convention he would not': a clause with its own subject and no
            # subordinator is a mis-attached ccomp
            if c.dep_ == "advcl" and c.i > v.i and any(k.dep_ in _SUBJ for k in c.children) and not any(
                k.dep_ == "mark" or k.dep_ == "advmod" and k.i < c.i and k.tag_ == "WRB" for k in c.children
            ):
                return _trim(doc, c.left_edge.i, c.right_edge.i + 1)
    if lemma in XCOMP_LEMMAS:
        for c in kids:
            if c.dep_ == "xcomp" and c.i > v.i:
                objs = [k for k in kids if k.dep_ in ("dobj", "dative") and v.i < k.i < c.i]
                start = objs[0].left_edge.i if objs else c.left_edge.i
                return _trim(doc, start, c.right_edge.i + 1)
    if lemma == "call":
        for c in kids:
            if c.dep_ == "prep" and c.lower_ in ("for", "on"):
                return _trim(doc, c.i + 1, c.right_edge.i + 1)
    if lemma in DOBJ_LEMMAS or lemma in EVIDENTIAL_LEMMAS:
        objs = [c for c in kids if c.dep_ in ("dobj", "oprd") and c.i > v.i]
        if objs:
            # "accused X of Y", "described X as Y", "called X Y": the object with what is said of it
            objs += [c for c in kids if c.i > objs[0].i and (c.dep_ == "prep" and c.lower_ in ("of", "as", "for") or c.dep_ in ("oprd", "xcomp"))]
            end = max(o.right_edge.i for o in objs) + 1
            start = min(o.left_edge.i for o in objs)
            if end - start >= 3:
                return _trim(doc, start, end)
    return None


def _parenthetical(doc: Doc, v: Token) -> list[tuple[int, int]]:
    """Content around a cue clause set off by commas: "A, he said, B." or "A, he said." """
    h = v.head
    if v.dep_ not in ("parataxis", "ccomp", "advcl", "conj") or h is v:
        return []
    if not any(c.dep_ in _SUBJ for c in v.children) or any(c.dep_ == "ccomp" for c in v.children):
        return []
    a, b = v.left_edge.i, v.right_edge.i
    delims = {",", "\u2014", "--"}
    # the commas around "he said" may hang on the cue verb itself or sit just outside its subtree
    if doc[a].text not in delims and (a == 0 or doc[a - 1].text not in delims and doc[a - 1].text not in MARK_TOKENS):
        return []
    parts = []
    left = _trim(doc, h.left_edge.i, a) if h.left_edge.i < a else None
    if left:
        parts.append(left)
    start = b + 1 if doc[b].text in delims else (b + 2 if b + 1 < len(doc) and doc[b + 1].text in delims else -1)
    if start > 0 and h.right_edge.i >= start:
        right = _trim(doc, start, h.right_edge.i + 1)
        if right:
            parts.append(right)
    return parts


def _indirect(ctx: _Ctx) -> list[_Attr]:
    doc = ctx.doc
    out: list[_Attr] = []
    for v in doc:
        if v.i in ctx.in_run:
            continue
        if v.lower_ == "according":
            if ctx.is_cue(v):
                at = _according(ctx, v)
                if at is not None:
                    out.append(at)
            continue
        if v.pos_ not in ("VERB", "AUX"):
            continue
        lemma = v.lemma_.lower()
        if lemma not in ALL_CUE_LEMMAS and lemma not in XCOMP_LEMMAS and lemma not in DOBJ_LEMMAS:
            continue
        rng = _content_range(doc, v, lemma)
        parts = [rng] if rng else (_parenthetical(doc, v) if lemma in SPEECH_LEMMAS | COGNITION_LEMMAS else [])
        parts = [p for p in parts if p[1] - p[0] >= 2]
        if not parts or sum(p[1] - p[0] for p in parts) < 3:
            continue
        subj = _subject(v)
        if subj is not None:
            if subj.lower_ in _NOT_SPEAKERS:
                continue
            if lemma in EVIDENTIAL_LEMMAS - SPEECH_LEMMAS - COGNITION_LEMMAS and rng is not None and not any(
                c.dep_ == "ccomp" for c in v.children
            ) and subj.lemma_.lower() not in DOCUMENT_NOUNS and subj.lower_ not in DOCUMENT_NOUNS:
                continue  # "he found the keys" is no attribution; "the poll found a tie" is
            # any named or nominal subject may say something ("the bank said that ..."); beliefs,
            # stances and findings need a person, a group or a document
            says = lemma in SPEECH_LEMMAS and rng is not None and subj.pos_ in ("NOUN", "PROPN", "PRON")
            if not (says or _person_like(subj) or subj.lemma_.lower() in DOCUMENT_NOUNS or subj.lower_ in DOCUMENT_NOUNS):
                continue
        elif not (lemma in SPEECH_LEMMAS and any(c.dep_ == "nsubjpass" for c in v.children)):
            continue  # no speaker at all: only "it was reported that ..." style passives
        speaker = _chars(doc, *_np_range(doc, subj)) if subj is not None else None
        chars = [_chars(doc, *p) for p in parts]
        out.append(_Attr(chars[0], "indirect", v.i, ctx.cue_range(v.i), speaker, more=tuple(chars[1:])))
    return out


def _according(ctx: _Ctx, v: Token) -> _Attr | None:
    """"According to X, ..." / "..., according to X": the rest of the sentence is the content."""
    doc = ctx.doc
    a0, b0 = v.left_edge.i, max(v.right_edge.i, v.i + 1) + 1
    sent = v.sent
    before = _trim(doc, sent.start, a0)
    after = _trim(doc, b0, sent.end)
    part = after if after and (not before or after[1] - after[0] >= before[1] - before[0]) else before
    if not part or part[1] - part[0] < 3:
        return None
    return _Attr(_chars(doc, *part), "indirect", v.i, ctx.cue_range(v.i), _speaker_for(ctx, v.i, b0, sent.end))


# --- combining ---------------------------------------------------------------------------------


def _overlap(x: Range, y: Range) -> int:
    return max(0, min(x[1], y[1]) - max(x[0], y[0]))


def _merge(direct: list[_Attr], indirect: list[_Attr]) -> list[_Attr]:
    """Direct quotes absorb the indirect reading of the same cue; short quoted pieces inside a
    reported clause make it ``mixed``."""
    keep_direct = list(direct)
    result: list[_Attr] = []
    by_cue = {d.cue_i: d for d in direct if d.cue_i is not None}
    for ind in indirect:
        same = by_cue.get(ind.cue_i)
        length = ind.content[1] - ind.content[0]
        if same is not None and same in keep_direct:
            if ind.speaker:
                same.speaker = ind.speaker  # the parser's subject beats the word-window guess
            if _overlap(same.content, ind.content) >= 0.6 * length or not (
                same.content[0] >= ind.content[0] and same.content[1] <= ind.content[1] + 2
            ):
                continue
            keep_direct.remove(same)
            ind.kind = "mixed"
        absorbed = False
        for d in [d for d in keep_direct if d.cue_i is not None and d.cue_i != ind.cue_i and d.short and d.cue is not None]:
            # 'X acknowledged there are "some people" who feel that way': a phrase quoted inside a
            # reported clause, its nearby verb is part of the clause, not its own attribution
            inside = ind.content[0] <= d.content[0] and d.content[1] <= ind.content[1] + 2
            if inside and ind.content[0] <= d.cue[0] < ind.content[1]:
                keep_direct.remove(d)
                ind.kind = "mixed"
        for d in [d for d in keep_direct if d.cue_i is None and _overlap(d.content, ind.content) > 0]:
            if not d.weak and _overlap(d.content, ind.content) >= 0.6 * length:
                d.cue_i, d.cue, d.speaker = ind.cue_i, ind.cue, ind.speaker
                absorbed = True
                break
            keep_direct.remove(d)
            ind.kind = "mixed"
        if not absorbed:
            result.append(ind)
    result.extend(keep_direct)
    result.sort(key=lambda x: x.content)
    return result


def _group(ctx: _Ctx, attrs: list[_Attr]) -> list[_Attr]:
    """Tie interrupted and continued quotes to the cue and speaker next to them; drop short
    cue-less quoted phrases that do not continue a quote. Quotes sharing a cue word form one
    group (one attribution)."""
    text = ctx.text
    # '"A." "B," he said.': a cue-less quote right before a cued one in the same paragraph
    for k in range(len(attrs) - 2, -1, -1):
        at, nxt = attrs[k], attrs[k + 1]
        if at.cue is None and at.run is not None and nxt.run is not None and nxt.cue is not None:
            gap = text[at.run.outer[1] : nxt.run.open]
            if not gap.strip(" ,.;\u2026"):
                at.speaker, at.cue, at.cue_i = nxt.speaker, nxt.cue, nxt.cue_i
    # '"A." More words. "B." ― Jane Doe': a closing dash attribution covers the whole paragraph
    for k in range(len(attrs) - 1, -1, -1):
        at = attrs[k]
        if at.cue is None or at.cue_i is None or ctx.doc[at.cue_i].text not in DASHES:
            continue
        j = k - 1
        while j >= 0 and attrs[j].run is not None and attrs[j].cue is None and "\n" not in text[attrs[j].content[1] : at.content[0]]:
            attrs[j].speaker, attrs[j].cue, attrs[j].cue_i = at.speaker, at.cue, at.cue_i
            j -= 1
    out: list[_Attr] = []
    prev: _Attr | None = None
    for at in attrs:
        if at.cue is None and at.run is not None:
            gap = text[prev.content[1] : at.content[0]] if prev is not None else "\n"
            # '"A," Lavrov said, "B."' and '"A," said X, a lawyer. "B."': the same paragraph, only the
            # previous quote's attribution words between
            interrupted = (
                prev is not None and prev.run is not None and prev.cue is not None and "\n" not in gap
                and prev.content[1] <= prev.cue[0] < at.content[0]
                # 'said on "The Morning Show"' is a title in the frame, not the quote going on
                and text[prev.cue[1] : at.run.open].rstrip()[-1:] in (",", ":", ".", ";", "!", "?", "\u2014", "")
            )
            if prev is not None and interrupted:
                at.speaker, at.cue, at.cue_i = prev.speaker, prev.cue, prev.cue_i
            elif at.weak:
                continue
            elif prev is not None and prev.speaker is not None and gap.count("\n") <= 4:
                at.speaker = prev.speaker  # a quote continued in the next paragraph
        out.append(at)
        prev = at
    groups: dict[int, int] = {}
    for gid, at in enumerate(out):
        at.group = groups.setdefault(at.cue_i, gid) if at.cue_i is not None else gid
    return out


def suggest_quotes(doc: Doc, mentions: MentionIndex | None = None) -> list[Quote]:
    """All attributions in ``doc``, in text order."""
    ctx = _Ctx(doc)
    indirect = _indirect(ctx) if ctx.parsed else []
    colon = [_Attr(h.content, h.kind, h.cue_token, h.cue, h.speaker) for h in colon_attributions(doc)]
    direct = _direct(ctx)
    if colon:
        # a transcript quoted as a whole over many paragraphs: its speaker lines are the quotes
        direct = [
            d for d in direct
            if d.run is None or d.run.paragraphs == 1 or not any(d.content[0] <= c.content[0] < d.content[1] for c in colon)
        ]
    indirect = sorted(indirect + colon, key=lambda x: x.content)
    attrs = _group(ctx, _merge(direct, indirect))
    mentions = mentions or MentionIndex(doc)
    quotes: list[Quote] = []
    for at in attrs:
        ref = None
        if at.speaker is not None:
            ref = mentions.resolve(*at.speaker, before=min(at.speaker[0], at.content[0]))
        for part in (at.content, *at.more):
            quotes.append(Quote(part, at.kind, at.cue, at.speaker, ref, at.group))
    return quotes


def add_quotes(into: SuggestionSet, text: str, quotes: list[Quote]) -> None:
    """Add QUOTE, CUE and SPEAKER spans and QUOTE→CUE / QUOTE→SPEAKER relations to ``into``.

    Cue and speaker spans are shared by position: the parts of an interrupted quote (and a quote
    continued in the next paragraph) link to the same SPEAKER span.
    """
    shared: dict[tuple[str, Range], SuggestedSpan] = {}

    def span_for(label: str, layer: str, rng: Range, attrs: dict[str, str]) -> SuggestedSpan:
        key = (label, rng)
        if key not in shared:
            shared[key] = into.add_span(SuggestedSpan(f"{layer}{rng[0]}-{rng[1]}", rng[0], rng[1], label, layer, attrs))
        return shared[key]

    for k, q in enumerate(quotes):
        if q.content[1] <= q.content[0]:
            continue
        attrs: dict[str, str] = {"kind": q.kind}
        if q.speaker_ref:
            attrs["speaker_ref"] = q.speaker_ref
        quote = into.add_span(SuggestedSpan(f"q{k}", q.content[0], q.content[1], "QUOTE", "quote", attrs))
        if q.cue is not None and q.cue[1] > q.cue[0]:
            into.link(quote, span_for("CUE", "cue", q.cue, {}), "CUE")
        if q.speaker is not None and q.speaker[1] > q.speaker[0]:
            # refers_to only where the text does not spell the name out (pronoun, title, surname)
            said = " ".join(text[q.speaker[0] : q.speaker[1]].split())
            sp_attrs = {"refers_to": q.speaker_ref} if q.speaker_ref and q.speaker_ref not in said else {}
            into.link(quote, span_for("SPEAKER", "speaker", q.speaker, sp_attrs), "SPEAKER")


def suggest(doc: Doc, *, schema_ner_map: Mapping[str, str], origin: str) -> SuggestionSet:
    """Entities, quotes (with cues and speakers) and claims for one document, as one set."""
    # imported here: claims and entities import this package's types, not the other way round
    from annotator.nlp.claims import suggest_claims
    from annotator.nlp.entities import suggest_entities

    out = SuggestionSet(origin)
    for span in suggest_entities(doc, schema_ner_map):
        out.add_span(span)
    quotes = suggest_quotes(doc)
    add_quotes(out, doc.text, quotes)  # Doc.text is rebuilt on each access: once here
    for span in suggest_claims(doc, quotes):
        out.add_span(span)
    return out
