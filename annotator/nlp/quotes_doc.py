"""Shared per-document state for the quote rules: token lookups, the working attribution record,
and small token-range helpers. Internal to the ``quotes*`` modules."""

from __future__ import annotations

import bisect
import contextlib
import dataclasses
import functools
import operator
import re
import threading
from collections.abc import Callable, Iterator
from typing import TypeVar

import numpy
from spacy.attrs import ORTH, SENT_START, SPACY
from spacy.tokens import Doc, Token

from annotator.nlp.quotes_lexicon import COGNITION_LEMMAS, CUE_FORMS, MARK_TOKENS, SPEECH_LEMMAS
from annotator.nlp.quotes_marks import QuotedRun, all_runs
from annotator.nlp.quotes_types import Range

SENT_END = frozenset(".!?")


class _Fixed(threading.local):
    doc: Doc | None = None
    seen: dict[str, bool] = {}  # noqa: RUF012 - replaced per block, never mutated on the class
    memo: dict[tuple, object] = {}  # noqa: RUF012 - (function, token index) -> answer; per block (per_token)
    sent_starts: list[int] | None = None  # the doc's sentence starts (sent_start); per block
    columns: dict = {}  # noqa: RUF012 - ids/column/per_doc answers by attribute or key; per block


_fixed = _Fixed()


@contextlib.contextmanager
def annotations_fixed(doc: Doc) -> Iterator[None]:
    """While the block runs, :func:`annotated` answers for ``doc`` once per attribute and then from
    memory: the rules read a Doc's annotations and never change them, and they ask ~40 times per
    doc (each answer is a ``to_array`` over every token: ~4 ms of the ~13 ms the rules take on an
    FNC-1 article, profiled). Per thread; blocks nest."""
    before = _fixed.doc, _fixed.seen, _fixed.memo, _fixed.sent_starts, _fixed.columns
    _fixed.doc, _fixed.seen, _fixed.memo, _fixed.sent_starts, _fixed.columns = doc, {}, {}, None, {}
    try:
        yield
    finally:
        _fixed.doc, _fixed.seen, _fixed.memo, _fixed.sent_starts, _fixed.columns = before


_MISSING = object()
_R = TypeVar("_R")


def per_token(fn: Callable[[Token], _R]) -> Callable[[Token], _R]:
    """Decorator: inside an :func:`annotations_fixed` block, ``fn(t)`` (one Token argument, an
    answer that depends only on the Doc's annotations) is computed once per token and then
    answered from memory; outside a block ``fn`` runs as written. perf21: the speaker helpers
    ask the same tokens again and again (300 FNC-1 bodies: ``_is_dateline`` 22,786 calls for
    4,696 tokens, ``subject`` 3,239 for 2,555). The same Token object comes back on a repeat."""

    @functools.wraps(fn)
    def remembered(t: Token) -> _R:
        fixed = _fixed
        if fixed.doc is not t.doc:
            return fn(t)
        key = (fn, t.i)
        memo = fixed.memo
        found = memo.get(key, _MISSING)
        if found is _MISSING:
            found = memo[key] = fn(t)
        return found  # type: ignore[return-value]

    return remembered


# attributes whose to_array value is a string's ID: column() and window() answer the string, as
# Token's ``text`` (ORTH), ``lower_`` (LOWER), ``ent_type_`` (ENT_TYPE), ``tag_`` (TAG), ``pos_``
# (POS), ``dep_`` (DEP), ``lemma_`` (LEMMA) do
_STRING_COLUMNS = frozenset({"ORTH", "LOWER", "ENT_TYPE", "TAG", "POS", "DEP", "LEMMA"})


def ids(doc: Doc, attr: str) -> list[int]:
    """One int per token of ``doc``, in order: ``doc.to_array(attr)`` as a list (a string
    attribute's string ID, compare it with ``doc.vocab.strings[s]``), for ``"HEAD"`` the index of
    the token's head (``t.head.i``). perf33: the rules made a Python ``Token`` per word to read
    one attribute of it, over and over for the same words; one ``to_array`` column (C speed) is
    read instead. Inside an :func:`annotations_fixed` block for ``doc`` made once and then answered
    from memory (the caller must not change the list); outside one made on each call. Raises as
    ``Doc.to_array`` does on an unknown attribute."""
    fixed = _fixed
    if fixed.doc is doc:
        found = fixed.columns.get(attr)
        if found is None:
            found = fixed.columns[attr] = _ids(doc, attr)
        return found
    return _ids(doc, attr)


def _ids(doc: Doc, attr: str) -> list[int]:
    values = doc.to_array(attr)
    if attr == "HEAD":  # spaCy keeps the head's offset from the token (a negative one wrapped in uint64)
        return (values.view(numpy.int64) + numpy.arange(len(values), dtype=numpy.int64)).tolist()
    return values.tolist()


def id_set(doc: Doc, words: tuple[str, ...] | frozenset[str]) -> frozenset[int]:
    """The string IDs of ``words`` in ``doc``'s vocabulary (to compare with :func:`ids`)."""
    strings = doc.vocab.strings
    return frozenset(strings[w] for w in words)


def strings_of(doc: Doc, values: list[int]) -> list[str]:
    """The strings of string IDs ``values`` (as :func:`ids` gives them), in order. Each ID is
    looked up in the StringStore once per process: an ID is the hash of its string (or a spaCy
    symbol), the same string in every StringStore, so one table serves every vocab."""
    global _string_of
    known = _string_of
    if len(known) > _STRINGS_KEPT:
        # a new table, not a cleared one: a thread still reading the old one keeps it whole
        known = _string_of = {}
    new = set(values).difference(known)
    if new:
        strings = doc.vocab.strings
        for k in new:
            known[k] = strings[k]
    return list(map(known.__getitem__, values))


_string_of: dict[int, str] = {}  # string ID -> string, for strings_of
_STRINGS_KEPT = 500_000  # then the table starts again (~50 MB at most; an FNC-1 article adds ~150)


def column(doc: Doc, attr: str) -> list:
    """One value per token of ``doc``, in order, as its ``Token`` would answer it: for
    ``"ORTH"``, ``"LOWER"``, ``"ENT_TYPE"``, ``"TAG"``, ``"POS"``, ``"DEP"``, ``"LEMMA"`` the
    string (``t.text``, ``t.lower_``, ``t.ent_type_``, ``t.tag_``, ``t.pos_``, ``t.dep_``,
    ``t.lemma_``), for any other attribute the int of :func:`ids`. For a scan of the whole doc;
    remembered as :func:`ids` is (the strings under their own key)."""
    if attr not in _STRING_COLUMNS:
        return ids(doc, attr)
    fixed = _fixed
    if fixed.doc is doc:
        key = "str " + attr
        found = fixed.columns.get(key)
        if found is None:
            found = fixed.columns[key] = strings_of(doc, ids(doc, attr))
        return found
    return strings_of(doc, ids(doc, attr))


_TOKEN_ATTR = {"ORTH": "text", "LOWER": "lower_", "ENT_TYPE": "ent_type_", "TAG": "tag_", "POS": "pos_", "DEP": "dep_",
               "LEMMA": "lemma_", "IDX": "idx", "HEAD": "head.i"}


def window(doc: Doc, attr: str, a: int, b: int) -> list:
    """``column(doc, attr)[a:b]`` (``a``, ``b`` token indices, clipped as a slice is; ``attr`` one
    of :data:`_TOKEN_ATTR`'s keys), for a few tokens: inside an :func:`annotations_fixed` block
    for ``doc`` from the remembered :func:`ids`, outside one read from the few ``Token`` objects
    (a whole column made for a few tokens would cost more than it saves)."""
    if _fixed.doc is doc:
        part = ids(doc, attr)[a:b]
        return strings_of(doc, part) if attr in _STRING_COLUMNS else part
    get = operator.attrgetter(_TOKEN_ATTR[attr])
    return [get(t) for t in doc[a:b]]


def headed(doc: Doc, head: int, dep: str, a: int, b: int) -> list[Token]:
    """The tokens of ``doc[a:b]`` (``a`` >= 0), in order, whose head is token ``head`` with the
    relation ``dep`` (``t.head.i == head and t.dep_ == dep``), read from two columns inside an
    :func:`annotations_fixed` block (perf33)."""
    stop = min(b, len(doc))
    if _fixed.doc is doc:
        heads, deps, want = ids(doc, "HEAD"), ids(doc, "DEP"), doc.vocab.strings[dep]
        return [doc[k] for k in range(a, stop) if heads[k] == head and deps[k] == want]
    return [t for t in doc[a:stop] if t.head.i == head and t.dep_ == dep] if a < stop else []


def per_doc(doc: Doc, key: tuple, make: Callable[[], _R]) -> _R:
    """``make()``, inside an :func:`annotations_fixed` block for ``doc`` made once per ``key``
    (hashable; it must name everything the answer depends on besides the doc's annotations) and
    then answered from memory, the same object each time (an answer must not be changed by its
    callers); outside a block made on each call (perf33)."""
    fixed = _fixed
    if fixed.doc is not doc:
        return make()
    found = fixed.columns.get(key, _MISSING)
    if found is _MISSING:
        found = fixed.columns[key] = make()
    return found  # type: ignore[return-value]


def sent_start(t: Token) -> int:
    """``t.sent.start`` (index of the first token of ``t``'s sentence); inside an
    :func:`annotations_fixed` block from the doc's sentence starts found once (``Token.sent``
    makes a Span and walks the sentence: ~5 µs a call on an FNC-1 article, a bisect ~0.2 µs).
    Raises as ``Token.sent`` does on a doc without sentence boundaries."""
    fixed = _fixed
    doc = t.doc
    if fixed.doc is not doc or "sents" in doc.user_hooks or "sent" in doc.user_span_hooks or "sent" in doc.user_token_hooks:
        return t.sent.start
    starts = fixed.sent_starts
    if starts is None:
        if not annotated(doc, "SENT_START"):
            return t.sent.start  # (raises spaCy's own error)
        # Span.sent walks back to the nearest token whose sent_start is 1, else to token 0
        starts = fixed.sent_starts = [0, *numpy.flatnonzero(doc.to_array(SENT_START) == 1).tolist()]
    return starts[bisect.bisect_right(starts, t.i) - 1]


def annotated(doc: Doc, attr: str) -> bool:
    """``Doc.has_annotation`` in C speed (it builds a Python Token per token; this is per doc);
    remembered for the doc of an :func:`annotations_fixed` block."""
    if _fixed.doc is doc:
        seen = _fixed.seen
        if attr not in seen:
            seen[attr] = _annotated(doc, attr)
        return seen[attr]
    return _annotated(doc, attr)


class _Known(threading.local):
    doc: Doc | None = None
    text: str = ""


_known = _Known()


@contextlib.contextmanager
def text_known(doc: Doc, text: str) -> Iterator[None]:
    """While the block runs, :func:`doc_text` answers ``text`` for ``doc`` instead of rebuilding
    it: for a caller holding the text ``doc`` was parsed from (spaCy's tokenizer keeps every
    character, so ``doc.text == text``; the pre-annotation runner has it, perf22: rebuilding it
    was ~4-5 % of the rules' time). Checked cheaply first (the first and last tokens sit where
    ``text`` has them, and it ends with the last one's trailing space): a doc that fails is
    rebuilt as before. Per thread; blocks nest."""
    before = _known.doc, _known.text
    if _same_text(doc, text):
        _known.doc, _known.text = doc, text
    try:
        yield
    finally:
        _known.doc, _known.text = before


def _same_text(doc: Doc, text: str) -> bool:
    if not len(doc):
        return text == ""
    first, last = doc[0], doc[-1]
    end = last.idx + len(last.text)
    return (first.idx == 0 and text.startswith(first.text) and text[last.idx : end] == last.text
            and text[end:] == last.whitespace_)


def doc_text(doc: Doc) -> str:
    """``doc.text``, built from the token table instead of one Python ``Token`` per token (spaCy
    joins ``token.text_with_ws``; this joins the same ``ORTH`` strings and ``SPACY`` spaces):
    ~0.9 → ~0.2 ms on an FNC-1 article. perf19: each distinct ``ORTH`` looked up once (an article
    repeats ~half its tokens' strings), its spaced form made once: 300 FNC-1 bodies 0.18 → 0.14 s.
    Inside a :func:`text_known` block for ``doc``: the text given there."""
    if _known.doc is doc:
        return _known.text
    table = doc.to_array([ORTH, SPACY])
    if not len(table):
        return ""
    orths, inverse = numpy.unique(table[:, 0], return_inverse=True)
    strings = doc.vocab.strings
    forms = [strings[orth] for orth in orths.tolist()]
    forms += [form + " " for form in forms]  # index len(orths) + k: form k with its space
    return "".join([forms[k] for k in (inverse.reshape(-1) + len(orths) * table[:, 1].astype(numpy.intp)).tolist()])


def one_of(values: numpy.ndarray, ids: list[int]) -> numpy.ndarray:
    """``numpy.isin(values, ids)`` (a bool array of ``values``' shape) by one comparison per id:
    the rules ask it of one ``to_array`` column (~450 tokens) against a handful of word IDs, where
    ``isin``'s own set-up cost more than the comparisons (perf22: 300 FNC-1 bodies, ~10 ms with
    ``isin``, ~5 ms this way, for each of the two places that ask)."""
    found = numpy.zeros(values.shape, dtype=bool)
    for k in ids:
        found |= values == k
    return found


def _annotated(doc: Doc, attr: str) -> bool:
    if len(doc) == 0:
        return True  # as spaCy: an empty doc counts as annotated
    values = doc.to_array(attr)
    if attr == "SENT_START":  # as spaCy: hooks or one token always count; token 0 says nothing
        if "sents" in doc.user_hooks or len(doc) == 1:
            return True
        values = values[1:]
    return bool(values.any())
_VERB_CUES = SPEECH_LEMMAS | COGNITION_LEMMAS
_KEEP_AT_END = MARK_TOKENS | {"?", "!", ")"}
_CLOSING_ONLY = frozenset("\u201d\u2019\u00bb")
_OPENING_ONLY = frozenset("\u201c\u2018\u00ab\u201e")
_OPEN_BEFORE = frozenset("( [ \u2014 \u2013 - --".split())


def _opens(t: Token) -> bool:
    """Whether the quote mark ``t`` opens a quote: a curly opening mark, or a straight one with a
    word right after it and a space (or nothing) before it. A closing mark is no start of a
    content ('According to “The Daily Ledger,” the mayor ...' starts at "the"), an opening mark no
    end of one."""
    if t.text in _OPENING_ONLY:
        return True
    if t.text in _CLOSING_ONLY:
        return False
    before = t.doc[t.i - 1] if t.i else None
    return not t.whitespace_ and (before is None or bool(before.whitespace_) or before.is_space or before.text in _OPEN_BEFORE)


def is_break(t: Token) -> bool:
    return "\n" in t.text or "\n" in t.whitespace_


@dataclasses.dataclass(slots=True)
class Attr:
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
    # a quote inside another quote, with its own speaker and cue (quotes_nested), or a report
    # inside an "according to" reading's content (quotes_readings): an attribution of its own that
    # PolNeAR's scheme does not annotate apart from the outer one (quotes_polnear.polnear_scheme)
    nested: bool = False
    # a transcript turn ("KERR: ..."): its speaker's own words, and a quote inside it with a cue
    # of its own is a second attribution, never a second reading of the turn's words
    turn: bool = False


class DocContext:
    """Per-document lookups built once (linear): token starts, quote-mark tokens, parse flag."""

    def __init__(self, doc: Doc, text: str | None = None) -> None:
        self.doc = doc
        self.text = doc_text(doc) if text is None else text
        self.parsed = annotated(doc, "DEP")
        self.starts: list[int] = doc.to_array("IDX").tolist()  # C speed; same as token.idx
        self._commas: list[int] | None = None  # made on first use (commas())
        self._run_toks: tuple[list[int], list[int]] | None = None  # made on first use (run_toks())
        # top-level runs; every primary run, nested or not (what makes a content direct); the
        # quotes inside quotes by outer run (a primary run inside a secondary one is only there)
        self.runs, self.double, self.nested = all_runs(self.text)
        self.in_run: dict[int, int] = {}  # token index -> run index (marks included)
        self.open_toks: set[int] = set()
        self.close_toks: set[int] = set()
        for k, r in enumerate(self.runs):
            a, b = self.tok(r.open), self.tok(r.close)
            self.open_toks.add(a)
            self.close_toks.add(b)
            for i in range(a, b + 1):
                self.in_run[i] = k

    def commas(self, a: int, b: int) -> list[int]:
        """Indices ``a <= i < b`` of the tokens that are a comma (text ","), in order: the frame
        rules look only at those (throughput14: they tested every token's text, ~90,000 Python
        ``Token`` objects made per 120 FNC-1 articles)."""
        if self._commas is None:
            # (perf21: compared in the array, not as ~400 Python ints per article)
            self._commas = numpy.flatnonzero(self.doc.to_array(ORTH) == self.doc.vocab.strings[","]).tolist()
        return self._commas[bisect.bisect_left(self._commas, a) : bisect.bisect_left(self._commas, b)]

    def run_toks(self) -> tuple[list[int], list[int]]:
        """For each run of :attr:`runs`, in order: the index of the token holding its opening mark
        (``tok(r.open)``) and of the token holding its last character (``tok(r.outer[1] - 1)``);
        made on first use. perf21: the cue rules looked both up for every run, per cue."""
        if self._run_toks is None:
            self._run_toks = [self.tok(r.open) for r in self.runs], [self.tok(r.outer[1] - 1) for r in self.runs]
        return self._run_toks

    def tok(self, char: int) -> int:
        """Index of the token containing ``char``."""
        return max(0, bisect.bisect_right(self.starts, char) - 1)

    def is_cue(self, t: Token) -> bool:
        if t.lower_ == "according":
            return t.i + 1 < len(self.doc) and self.doc[t.i + 1].lower_ == "to"
        if self.parsed:
            # a participle used as an adjective inside a noun phrase ("in a *written* statement",
            # "the *reported* deal") describes the noun; the verb of the clause is the cue ("X
            # told the paper in a written statement, '...'"); "'...,' tweeted Rubio spokesman X",
            # which a parse may also make an adjective, has no determiner before it
            return (t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in _VERB_CUES or _read_as_noun(t)) and not _in_noun_phrase(t) \
                and not anonymity_request(t) and not hyphen_modifier(t)
        return t.lower_ in CUE_FORMS and not anonymity_request(t) and not hyphen_modifier(t)

    def cue_range(self, i: int) -> Range:
        """Characters of the cue whose verb is token ``i``: "according to" both words; a verb
        right after a negated auxiliary from the auxiliary on ("would not say", "did not say",
        "wouldn't say", :func:`negated_from`), as PolNeAR's gold has them (5 of 5 in polnear-train;
        "declined to say" keeps "declined", 3 of 4 there); else the verb alone."""
        t = self.doc[i]
        if t.lower_ == "according":
            return t.idx, self.doc[i + 1].idx + len(self.doc[i + 1])
        return self.doc[negated_from(self.doc, i)].idx, t.idx + len(t)


def _read_as_noun(t: Token) -> bool:
    """"read" the tagger made a noun in a written text's frame ('A banner *read*: "No more cuts."',
    tagged NN as the head of the sentence): right after a noun, right before a colon or comma and a
    quotation mark; what the sign, banner or note reads is its words, as PolNeAR's gold has "the
    letter reads" + its quotation."""
    doc = t.doc
    return t.lower_ in ("read", "reads") and t.tag_ in ("NN", "NNS") and 0 < t.i and t.i + 2 < len(doc) \
        and doc[t.i - 1].tag_ in ("NN", "NNS") and doc[t.i + 1].text in (":", ",") and doc[t.i + 2].text in MARK_TOKENS \
        and (t.dep_ == "ROOT" or ends_verbless_subject(t))


def ends_verbless_subject(t: Token) -> bool:
    """Whether noun-tagged "read" ``t`` closes a sentence opening that has no verb, under a noun
    root before it ('A sign outside the school *read*: "..."': "read" parsed as the object of
    "outside", the sign the root; usertest23 L6). PolNeAR's gold has "X read(s)" before the
    words a sign, message, letter or headline shows as a cue 9 of 11 times outside another
    content."""
    root = t.sent.root
    return root.tag_ in ("NN", "NNS") and root.i < t.i and t in root.subtree and not any(
        w.pos_ in ("VERB", "AUX") for w in t.doc[t.sent.start : t.i])


def negated_from(doc: Doc, i: int) -> int:
    """Index where the negated verb at token ``i`` begins: its auxiliaries, negation and adverbs
    right before it ("*would not* say", "*did n't* say", "*has not yet* responded", "*never*
    mentioned"); ``i`` when no negation of ``i`` stands there. PolNeAR's gold puts them in the
    cue 290 times in polnear-train and -dev, and leaves them out 3 times."""
    k = i
    while k > 0 and doc[k - 1].dep_ == "advmod" and doc[k - 1].head.i == i and doc[k - 1].pos_ == "ADV" and doc[k - 1].lower_ not in _NEGATIONS:
        k -= 1
    if not (k > 0 and doc[k - 1].dep_ == "neg" and doc[k - 1].head.i == i):
        return i
    k -= 1
    while k > 0 and doc[k - 1].dep_ in ("aux", "auxpass") and doc[k - 1].head.i == i and doc[k - 1].lower_ != "to":
        k -= 1
    return k


_NEGATIONS = frozenset({"not", "n't", "never", "n’t"})


# "who asked not to be named", "asked to remain anonymous": a source's request not to be
# named, no report of speech (PolNeAR has none of these phrases; it does annotate "asked X to do
# Y" 35 times and "requested anonymity" / "asking for anonymity" 5 of 7 times as attributions,
# so those stay)
_ANONYMITY = re.compile(
    r"\s+(?:not\s+to\s+be\s+(?:named|identified|quoted|cited)|to\s+(?:remain|stay)\s+(?:anonymous|unnamed|unidentified)"
    r"|that\s+(?:his|her|their|its)\s+names?\s+not\s+be\s+(?:used|published|given))\b",
    re.IGNORECASE,
)


def anonymity_request(t: Token) -> bool:
    """Whether ``t`` is "asked"/"requested" in a source's request not to be named ("a spokesman
    who *asked* not to be named", "*asked* to remain anonymous"): no cue, its words no content
    (usertest18 N3, H4)."""
    if t.lower_[:3] not in ("ask", "req"):
        return False
    doc = t.doc
    if t.i + 1 >= len(doc) or doc[t.i + 1].lower_ not in ("not", "to", "that"):
        return False
    # the next few words only (Doc.text would join the whole article on every call)
    return _ANONYMITY.match(" " + doc[t.i + 1 : t.i + 9].text) is not None



def hyphen_part(t: Token) -> bool:
    """Whether ``t`` is a part of a hyphenated word the tokeniser split ("self-*declared*",
    "so-*called*", "*well*-known"): a hyphen written with no space on either side next to it; a
    spaced dash ("said - and I agree -") is no hyphen. Such a part is a cue only as the verb of a
    clause ("half-*joking* to friends that ...", :data:`_CLAUSE_DEPS`), never as a modifier of a
    noun (usertest20 H4: "his self-*declared* caliphate" is no report by "his self")."""
    doc, i = t.doc, t.i
    before = i >= 2 and doc[i - 1].text in _HYPHENS and not doc[i - 1].whitespace_ and not doc[i - 2].whitespace_
    after = i + 2 < len(doc) and doc[i + 1].text in _HYPHENS and not t.whitespace_ and not doc[i + 1].whitespace_
    return before or after


_HYPHENS = frozenset({"-", "\u2010", "\u2011"})
# a hyphenated word heading a clause, as a verb does (without a parse, no part is a cue)
_CLAUSE_DEPS = frozenset("ROOT ccomp xcomp advcl conj relcl parataxis".split())


def hyphen_modifier(t: Token) -> bool:
    """Whether ``t`` is a part of a hyphenated word (:func:`hyphen_part`) that heads no clause: no
    cue."""
    return hyphen_part(t) and t.dep_ not in _CLAUSE_DEPS


def _in_noun_phrase(t: Token) -> bool:
    """``t`` is an adjectival modifier between its noun and that noun's determiner ("a *written*
    statement"). Not after a possessor, who does what the participle says ("her *repeated*
    claims that ...": she repeated them)."""
    head = t.head
    return (t.dep_ == "amod" and head.i > t.i and any(c.dep_ == "det" and c.i < t.i for c in head.children)
            and not any(c.dep_ == "poss" for c in head.children))


def _that_subject(t: Token) -> bool:
    """Whether "that" ``t`` is the pronoun subject of the verb right after it ("According to
    the agency, *that*'s bogus"; "he said *that* was wrong"; "he thinks *that* makes no sense"),
    a word of the content, not the complementizer a content starts after (rules42, rules44)."""
    # (also after a verb of thought, "I think *that* is unfair": inside a transcript turn the
    # longer content is kept beside the turn, quotes._said_in_turns; rules43)
    if t.dep_ not in ("nsubj", "nsubjpass"):
        return False
    head = t.head
    if head.i == t.i + 1 and (head.pos_ == "AUX" or head.lemma_ == "be" or head.lower_ in ("'s", "\u2019s")):
        return True
    return _that_subject_of_verb(t, head)


_FINITE_TAGS = frozenset({"VBZ", "VBD", "VBP", "MD"})


def _that_subject_of_verb(t: Token, head: Token) -> bool:
    """"that" ``t`` as the subject of a verb other than "be" (``head``: right after it, or after
    its auxiliaries and adverbs: "that could take years", "that was widely expected"), unless the parse's "verb" is a plural noun: the
    tagger makes "raises" (in "told them that raises were ...") or "cutbacks" a VBZ with "that" its
    subject, but then a finite verb with no subject of its own follows it ("raises *were*"), or
    the "verb" is itself a subject or object ("that cutbacks in ... could lead": nsubj of "lead").
    PolNeAR's gold contents start with such a subject "that" ("That worries environmentalists",
    "that concerns X", "That looks unlikely"; rules44)."""
    doc = t.doc
    if head.i <= t.i or any(doc[k].dep_ not in ("aux", "auxpass", "neg", "advmod") for k in range(t.i + 1, head.i)):
        return False
    if head.dep_ not in ("ccomp", "ROOT", "advcl", "xcomp", "conj", "parataxis") or not (
            head.tag_ in _FINITE_TAGS or head.i > t.i + 1 and head.tag_ in ("VB", "VBN", "VBG")):
        return False
    after = doc[head.i + 1] if head.i + 1 < len(doc) else None
    if after is not None and after.tag_ in _FINITE_TAGS and not any(
            c.dep_ in ("nsubj", "nsubjpass", "expl") for c in after.children):
        return False  # "that raises were not on the table": "raises" is the subject, a noun
    return True


def _place_dateline(doc: Doc, i: int) -> bool:
    """Whether token ``i``, a title-case word opening a line (a paragraph) right before a colon,
    is a place: the recogniser tags the same word a place here or anywhere in the text ("Beirut:"
    before "north of Beirut"); a dateline in title case, as quotes_colon's after a photo credit."""
    t = doc[i]
    if not (t.is_alpha and t.is_title) or i > 0 and not (doc[i - 1].is_space and "\n" in doc[i - 1].text):
        return False
    word = t.text
    return t.ent_type_ in ("GPE", "LOC") or any(w == word and e in ("GPE", "LOC") for w, e in zip(column(doc, "ORTH"), column(doc, "ENT_TYPE")))


def trim(doc: Doc, a: int, b: int) -> tuple[int, int] | None:
    """Token range [a, b) without a leading dateline ("MOSCOW —", "LONDON (Reuters) -"),
    leading 'that'/punctuation/space and trailing punctuation."""
    if a + 1 < b and doc[a].is_upper and doc[a].is_sent_start:
        # the wire's place line is not part of what the speaker said ("NEW YORK (Reuters) -")
        k = a + 1
        while k < min(b, a + 4) and doc[k].is_upper and doc[k].is_alpha:
            k += 1
        if len(doc[a:k].text) < 3:
            k = b  # "I -", "A -": no place name
        if k < b and doc[k].text == "(":
            lim = min(b, k + 5)
            while k < lim and doc[k].text != ")":
                k += 1
            k += 1
        if k < b and doc[k].text in ("\u2014", "\u2013", "-", "--"):
            a = k + 1
    if a + 2 < b and doc[a + 1].text == ":" and _place_dateline(doc, a):
        a += 2  # "Beirut: The wife of ... was arrested, officials revealed": the dateline is no one's words (rules43)
    while a < b and (doc[a].is_punct or doc[a].is_space or doc[a].lower_ == "that" and a + 1 < b and not _that_subject(doc[a])):
        if doc[a].text in MARK_TOKENS and a + 1 < b and not doc[a + 1].is_space and _opens(doc[a]):
            break  # keep an opening quote mark that starts the content
        a += 1
    while b > a and (
        doc[b - 1].is_space
        or doc[b - 1].is_punct and (doc[b - 1].text not in _KEEP_AT_END or doc[b - 1].text in MARK_TOKENS and _opens(doc[b - 1]))
    ):
        b -= 1
    return (a, b) if b > a else None


def chars(doc: Doc, a: int, b: int) -> Range:
    return doc[a].idx, doc[b - 1].idx + len(doc[b - 1])


def lets_us(doc: Doc, i: int) -> bool:
    """Whether token ``i`` is the "'s" / "us" of "Let's" / "let us" ("Let's say you think …": a
    supposition, no report, and its "us" no speaker)."""
    return 0 < i < len(doc) and doc[i].lower_ in ("'s", "\u2019s", "us") and doc[i - 1].lower_ == "let"
