"""Speakers of noun cues: "his claim that ...", "an allegation from X that ...", "X made the
claim that ...". Pure; no I/O.

A content that completes a speech or stance noun (its clause, "the claim [that ...]", or its
prepositional object, "his call [for a ban]") is attributed by that noun, not by the verb of the
clause the noun phrase sits in: in "Santilli's insistence that he was a journalist was dismissed
by the government" the source is Santilli, not the government. The speaker of such a noun cue,
in order:

1. the noun's possessor ("**his** claim", "**Cruz's** refusal");
2. its ``from``/``by`` complement ("an allegation **from his wife**", "suggestions **by the
   news media**"), or an ``of`` complement naming a person or group when the content is a clause
   ("the views **of the people at the meeting** that ...");
3. a modifier naming the group that holds it ("**Republican** criticism that ...", a
   nationality, religion or party; held-out slice +1 right speaker, none lost; a proper-noun
   compound, "a Harbour Times report", is more often a publication or a topic: with those too,
   2 right speakers lost for 1 gained);
4. the subject of the light verb the noun is the object of ("**X** made the claim that",
   "**she** issued a statement that", "**X** released a statement confirming").

Without one of these the attribution keeps the speaker it had. The cue becomes the noun. The
shapes are Universal-Dependencies-style labels as spaCy's English parsers produce them
(ClearNLP labels: ``poss``, ``prep``/``pobj``, ``acl``, ``dobj``, ``nsubj``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from spacy.tokens import Doc, Token

from annotator.nlp.coref import MentionIndex
from annotator.nlp.quotes_lexicon import DOCUMENT_NOUNS
from annotator.nlp.quotes_speakers import person_like
from annotator.nlp.quotes_types import Quote, Range

# Nouns naming something said, written or held (the noun counterparts of the cue verbs).
CUE_NOUNS: frozenset[str] = frozenset(
    """claim allegation assertion suggestion insistence refusal call criticism complaint charge
    accusation warning promise pledge vow threat demand proposal argument belief view position
    remark comment denial admission announcement assurance prediction declaration contention
    message response reply answer non-answer recommendation request plea appeal critique attack
    statement insinuation observation concern question questions doubt fear hope notion
    confession testimony suggestion explanation estimate assessment opinion stance contention
    boast lament retort rebuttal objection protest condemnation endorsement""".split()
) | DOCUMENT_NOUNS

# Verbs whose object noun carries the act ("made the claim", "issued a statement").
LIGHT_VERBS: frozenset[str] = frozenset(
    """make issue release deliver voice express raise repeat reiterate offer send lodge file level
    publish post put give""".split()
)

_CLAUSE_DEPS = frozenset({"acl", "ccomp", "advcl", "relcl", "appos", "xcomp"})
_SOURCE_PREPS = frozenset({"from", "by"})


def _inside(i: int, content: Range, doc: Doc) -> bool:
    t = doc[i]
    return content[0] <= t.idx < content[1]


def _root(doc: Doc, content: Range) -> Token | None:
    """The content's syntactic root: its first token whose head lies outside it."""
    span = doc.char_span(content[0], content[1], alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    for t in span:
        if not (span.start <= t.head.i < span.end) or t.head.i == t.i:
            return t
    return None


def cue_noun(doc: Doc, content: Range) -> tuple[Token, str] | None:
    """The speech/stance noun ``content`` completes and how: ``(noun, "")`` for a clause,
    ``(noun, prep)`` for a prepositional object ("call *for* a ban"); ``None`` otherwise."""
    t = _root(doc, content)
    if t is None or t.head.i == t.i:
        return None
    if t.dep_ == "pobj" and t.head.dep_ == "prep":
        noun, via = t.head.head, t.head.lower_
    elif t.dep_ in _CLAUSE_DEPS:
        noun, via = t.head, ""
    else:
        return None
    if not (noun.pos_ == "NOUN" and noun.lemma_.lower() in CUE_NOUNS):
        noun = _noun_before(doc, content) or noun
    if noun.pos_ != "NOUN" or noun.lemma_.lower() not in CUE_NOUNS or _inside(noun.i, content, doc):
        return None
    return noun, via


def _noun_before(doc: Doc, content: Range) -> Token | None:
    """"an allegation from a former aide [that ...]": the parser often attaches a that-clause
    to the verb of the sentence, not to the cue noun whose phrase ends right before it. The cue
    noun heading the phrase that ends just before a content opening with "that"; else None."""
    first = doc.char_span(content[0], content[1], alignment_mode="expand")
    if first is None or len(first) == 0 or first[0].lower_ != "that" or first[0].dep_ != "mark":
        return None
    k = first.start - 1
    while k >= 0 and doc[k].text == ",":
        k -= 1
    if k < 0:
        return None
    h = doc[k]
    for _ in range(6):
        if h.pos_ == "NOUN" and h.lemma_.lower() in CUE_NOUNS and h.right_edge.i >= k:
            return h
        if h.head.i == h.i or h.dep_ not in ("pobj", "prep", "appos", "compound", "poss", "amod", "conj"):
            break
        h = h.head
    return h if h.pos_ == "NOUN" and h.lemma_.lower() in CUE_NOUNS and h.right_edge.i >= k else None


def _phrase(doc: Doc, h: Token, content: Range) -> Range | None:
    """``h``'s subtree as a character range, cut before the content and at a comma that opens
    a clause after the head."""
    lo, hi = h.left_edge.i, h.right_edge.i + 1
    for i in range(h.i + 1, hi):
        if _inside(i, content, doc) or (doc[i].text == "," and any(c.dep_ in ("relcl", "acl") for c in h.rights)):
            hi = i
            break
    while lo < h.i and _inside(lo, content, doc):
        lo += 1
    if any(_inside(i, content, doc) for i in range(lo, hi)):
        return None
    return doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1])


_GROUP_ENTS = frozenset({"NORP"})


def _names_group(t: Token) -> bool:
    """A modifier naming the group that holds the noun ("*Republican* criticism", "*Democratic*
    objections", "*Chinese* warnings"): a nationality, religion or party (NORP); a
    proper-noun compound is more often a topic or a publication ("a *Harbour Times* report")."""
    return t.ent_type_ in _GROUP_ENTS


def noun_source(doc: Doc, noun: Token, via: str, content: Range) -> Range | None:
    """The source of cue ``noun`` (see the module docstring), outside ``content``; ``None`` when
    the noun has none."""
    for c in noun.children:
        if c.dep_ == "poss" and not _inside(c.i, content, doc):
            return _phrase(doc, c, content)
    for c in noun.children:
        if c.dep_ != "prep" or c.lower_ == via:
            continue
        objs = [g for g in c.children if g.dep_ == "pobj" and not _inside(g.i, content, doc)]
        if not objs:
            continue
        if c.lower_ in _SOURCE_PREPS or (c.lower_ == "of" and not via and person_like(objs[0])):
            return _phrase(doc, objs[0], content)
    for c in noun.children:
        if c.dep_ in ("amod", "compound") and c.i < noun.i and _names_group(c) and not _inside(c.i, content, doc):
            return _phrase(doc, c, content)
    if noun.dep_ == "dobj" and noun.head.lemma_.lower() in LIGHT_VERBS:
        for c in noun.head.children:
            if c.dep_ == "nsubj" and not _inside(c.i, content, doc) and c.lower_ not in ("that", "which"):
                return _phrase(doc, c, content)
    return None


def noun_cue_speakers(doc: Doc, quotes: Sequence[Quote], mentions: MentionIndex | None = None) -> list[Quote]:
    """``quotes`` (parts of one attribution share ``group``) with the speaker and cue of every
    noun-cue attribution set as the module docstring says; others unchanged, same order.
    ``mentions`` resolves a pronoun speaker to its named person (``speaker_ref``)."""
    if not doc.has_annotation("DEP"):
        return list(quotes)
    first: dict[int, Quote] = {}
    for q in quotes:
        first.setdefault(q.group, q)
    changed: dict[int, tuple[Range, Range]] = {}
    for g, q in first.items():
        found = cue_noun(doc, q.content)
        if found is None:
            continue
        noun, via = found
        source = noun_source(doc, noun, via, q.content)
        if source is None or source[1] <= source[0] or source == q.speaker:
            continue
        changed[g] = (source, (noun.idx, noun.idx + len(noun)))
    if not changed:
        return list(quotes)
    out: list[Quote] = []
    for q in quotes:
        if q.group not in changed:
            out.append(q)
            continue
        speaker, cue = changed[q.group]
        ref = mentions.resolve(*speaker, before=min(speaker[0], q.content[0])) if mentions is not None else None
        out.append(dataclasses.replace(q, speaker=speaker, cue=cue, speaker_ref=ref, speaker_pronoun=None))
    return out
