"""The asserted clause of an attributed statement, and whether it asserts something checkable.

Used by :mod:`annotator.nlp.claims` on quote contents. Every function here walks the dependency
tree, so it needs a parsed ``Doc`` (``DEP`` annotation): on a Doc without one, spaCy leaves the
tree fields (heads, left/right edges) unset and walking them (``.children``, ``.subtree``,
``Span.root``) reads outside the Doc's memory and crashes the process (exit 139). Each function
therefore checks first and raises :class:`NoParseError` instead; callers check once with
``annotated(doc, "DEP")`` and skip what needs a parse. A quote's
content is narrowed to the clause it asserts ("X made us believe that <clause>"), then judged:
* declarative: a finite main verb with a subject, no modal (will, would, could...), no
  "if/unless" condition;
* not a first/second-person intention or stance ("we came here to...", "you know");
* with a checkable link: a causal connective ("in response to", "because of", "as a result of"),
  a purpose ("was created/designed to ...", "aimed to ..."), a means ("by deploying ..."), or a
  compliance/threat predicate ("violates", "within the framework of", "present no threat"),
  together with a named entity or a number in the clause.
"""

from __future__ import annotations

from spacy.parts_of_speech import AUX, VERB
from spacy.tokens import Doc, Token

from annotator.nlp.quotes_doc import annotated
from annotator.nlp.quotes_lexicon import SPEECH_LEMMAS
from annotator.nlp.quotes_types import Range


class NoParseError(ValueError):
    """A function that walks the dependency tree got a Doc without a parse."""


def require_parse(doc: Doc) -> None:
    """Raise :class:`NoParseError` unless ``doc`` has a dependency parse (O(tokens), in C)."""
    if not annotated(doc, "DEP"):
        raise NoParseError("this needs a dependency parse; the pipeline has no parser (e.g. rule-only)")

_SUBJ = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
_FIRST_SECOND = frozenset({"i", "we", "you", "me", "us"})
# verbs whose that-clause is what the speaker asserts: "made us believe that X", "shows that X"
_NARROW = frozenset("believe think know make show prove convince".split())
_CAUSAL_SEQS = (
    ("in", "response", "to"),
    ("in", "retaliation", "for"),
    ("as", "a", "result", "of"),
    ("because", "of"),
    ("owing", "to"),
    ("due", "to"),
    ("thanks", "to"),
    ("in", "order", "to"),
)
_CAUSAL_VERBS = frozenset("cause trigger provoke".split())
_PURPOSE_HEADS = frozenset("create design build develop intend mean aim deploy establish use".split())
_FACT_LEMMAS = frozenset("violate breach contravene flout comply fabricate falsify rig meddle".split())
_FACT_SEQS = (
    ("within", "the", "framework", "of"),
    ("in", "line", "with"),
    ("in", "accordance", "with"),
    ("in", "violation", "of"),
    ("in", "breach", "of"),
    ("in", "compliance", "with"),
)
_NAMED = frozenset({"PERSON", "ORG", "GPE", "NORP", "LAW", "EVENT", "FAC", "LOC", "MONEY", "PERCENT", "QUANTITY", "CARDINAL"})
_OPEN = frozenset({"(", "["})
_VERB_POS = frozenset({VERB, AUX})  # Token.pos values of pos_ "VERB", "AUX"
_TRIM = frozenset({"\"", "'", "\u201c", "\u201d", "\u2018", "\u2019", ",", ";", ":", ".", "-", "\u2014", "\u2013"})


def _has_seq(lows: list[str], seqs: tuple[tuple[str, ...], ...]) -> bool:
    firsts = {seq[0] for seq in seqs}
    for k, low in enumerate(lows):
        # perf19: most words open no sequence; one set lookup instead of a tuple slice per sequence
        if low in firsts:
            for seq in seqs:
                if tuple(lows[k : k + len(seq)]) == seq:
                    return True
    return False


def main_verb(doc: Doc, rng: Range) -> Token | None:
    """The first verb of ``rng`` whose head lies outside it (the clause the quote reports).
    Raises :class:`NoParseError` without a parse."""
    require_parse(doc)
    a, b = rng
    for t in doc.char_span(a, b, alignment_mode="expand") or ():
        # perf19: the part of speech first (an int, no Token made); the head (a Token) only for verbs
        if t.pos in _VERB_POS and (t.head.i == t.i or not (a <= t.head.idx < b)):
            return t
    return None


def _informative_subject(verb: Token) -> bool:
    return any(t.like_num or t.ent_type_ for c in verb.children if c.dep_ in _SUBJ for t in c.subtree)


def asserted(doc: Doc, rng: Range) -> tuple[Range, Token | None]:
    """The asserted part of a quote's content and its main verb: inner that-clauses of
    believe/show/make-verbs are followed ("made us believe that X" gives X); leading "that" and
    trailing punctuation, quote marks and a final parenthesis are trimmed.
    Raises :class:`NoParseError` without a parse."""
    verb = main_verb(doc, rng)
    start, end = rng
    seen = 0
    while verb is not None and verb.lemma_.lower() in _NARROW and seen < 3:
        inner = next((c for c in verb.children if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX")), None)
        if inner is None or inner.idx < verb.idx:
            break
        if verb.lemma_.lower() == "make" and inner.lemma_.lower() not in _NARROW:
            break  # only "made us believe that X"
        if verb.lemma_.lower() != "make" and _informative_subject(verb):
            break  # "89% of respondents think X": the figure is part of the claim
        sub = [t for t in inner.subtree if start <= t.idx < end]
        if not sub:
            break  # the inner clause lies outside the quoted range (a quote cut short)
        verb, start, seen = inner, sub[0].idx, seen + 1
    span = doc.char_span(start, end, alignment_mode="expand")
    toks = [t for t in span if not t.is_space] if span is not None else []
    while toks and (toks[0].dep_ == "mark" and toks[0].lower_ == "that" or toks[0].text in _TRIM):
        toks.pop(0)
    while toks and toks[-1].text in _TRIM:
        toks.pop()
    if toks and toks[-1].text in (")", "]"):
        opens = [k for k, t in enumerate(toks) if t.text in _OPEN]
        if opens and opens[-1] > 0:
            toks = toks[: opens[-1]]
            while toks and toks[-1].text in _TRIM:
                toks.pop()
    if not toks:
        return rng, verb
    return (toks[0].idx, toks[-1].idx + len(toks[-1])), verb


def imperative(verb: Token) -> bool:
    """"Let's leave 5 mm", "Look at the numbers": a bare verb without subject or auxiliary.
    Raises :class:`NoParseError` without a parse."""
    require_parse(verb.doc)
    if verb.tag_ != "VB":
        return False  # (perf21: asked first; Token.sent makes a Span and walks the sentence)
    kids = list(verb.children)
    first = next((t for t in verb.sent if not (t.is_punct or t.is_space or t.is_quote)), verb)
    return (
        verb.tag_ == "VB"
        and verb.i - first.i <= 2  # at the start ("So let's ..."): not a parse of "reportedly spend $300,000"
        and not any(c.dep_ in _SUBJ or c.dep_ in ("aux", "auxpass", "ccomp") for c in kids)  # "Remember, X ..."
    )


def declarative(verb: Token, *, subject: bool = True) -> bool:
    """A finite, unhedged statement: no modal auxiliary, no if/unless condition, a subject
    (unless ``subject`` is false: the parser often misses a sentence-final speaker's attachment).
    Raises :class:`NoParseError` without a parse."""
    require_parse(verb.doc)
    kids = list(verb.children)
    if any(c.dep_ in ("aux", "auxpass") and c.tag_ == "MD" for c in kids):
        return False
    if subject and not any(c.dep_ in _SUBJ for c in kids):
        return False
    if verb.tag_ == "VB" and not any(c.dep_ in ("aux", "auxpass") for c in kids):
        return False  # imperative or bare infinitive
    for c in kids:
        if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children):
            return False
    return True


def personal(verb: Token) -> bool:
    """The clause is about the speaker or the listener ("we came here to...").
    Raises :class:`NoParseError` without a parse."""
    require_parse(verb.doc)
    return any(c.dep_ in _SUBJ and c.lower_ in _FIRST_SECOND for c in verb.children)


def _purpose(toks: list[Token]) -> bool:
    for t in toks:
        if t.lemma_.lower() in _PURPOSE_HEADS and t.pos_ == "VERB":
            for c in t.children:
                if c.dep_ in ("xcomp", "advcl") and c.tag_ == "VB" and any(x.dep_ == "aux" and x.lower_ == "to" for x in c.children):
                    return True
    return False


def _means(toks: list[Token]) -> bool:
    """"by deploying ...": a means attached to a verb (not a passive agent)."""
    for t in toks:
        if t.lower_ != "by" or t.dep_ != "prep" or t.head.lemma_.lower() == "be":
            continue  # "the only way is by ...": a definition, not a means
        if any(c.dep_ == "pcomp" and c.tag_ == "VBG" and c.lemma_.lower() not in SPEECH_LEMMAS for c in t.children):
            return True  # "by saying/calling ...": what someone said, not what they did
    return False


def _threat(toks: list[Token]) -> bool:
    """"present(s)/pose(s) no threat", "is a threat to"."""
    return any(t.lemma_.lower() == "threat" and t.head.lemma_.lower() in ("present", "pose", "be", "represent") for t in toks)


def checkable_link(toks: list[Token]) -> bool:
    """A causal, purpose, means or compliance/threat assertion about named things or numbers.
    Raises :class:`NoParseError` without a parse."""
    if toks:
        require_parse(toks[0].doc)
    if not any(t.ent_type_ in _NAMED or t.like_num for t in toks):
        return False
    lows = [t.lower_ for t in toks]
    return (
        _has_seq(lows, _CAUSAL_SEQS)
        or any(t.lemma_.lower() in _CAUSAL_VERBS and t.pos_ == "VERB" for t in toks)
        or _purpose(toks)
        or _means(toks)
        or any(t.lemma_.lower() in _FACT_LEMMAS and t.pos_ == "VERB" for t in toks)
        or _has_seq(lows, _FACT_SEQS)
        or _threat(toks)
    )
