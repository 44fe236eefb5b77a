"""The learned attributions refined with the rules' evidence before they are merged. Pure; no I/O.

The linker (:mod:`annotator.nlp.attribution_link`) ties a content to the cue and source spans
the recogniser found; what it does not have is the rules' speaker machinery: pronoun and
description speakers resolved to the named person (:class:`annotator.nlp.coref.MentionIndex`),
the relative pronoun of "an official who said" (:func:`quotes_speakers.relative_pronoun`), and
the rules' reading of the cue verb's subject (:func:`quotes_speakers.speaker_for`: "said the
minister", datelines, "according to", "..., adding that"). :func:`refine` gives model
attributions that machinery:

* ``speakers="resolve"``: the linker's speaker kept, its named person and relative pronoun
  added as the rules add them to theirs;
* ``speakers="rules"``: the rules' speaker of the model's cue when the rules find one (outside
  the content), else the linker's; then resolved as above;
* ``clause_cue``: the cue is the verb whose complement the content is, when the parse has one
  ("Clinton suggested [...]"), instead of the linker's nearest CUE span (``"lexicon"``: only a
  verb the rules take for a cue; ``"any"``: any verb; ``""``: the linker's cue) -- unless the
  recogniser's own CUE span touches the content (at most one token between: "his [claim]
  [that ...]", "[reflected on] [what ...]"): an adjacent CUE is the recogniser's surest
  evidence, a parse attaching the content elsewhere its likeliest error (held-out slice:
  speaker 0.904 -> 0.906; 0 tokens 0.905, 2 tokens 0.906, 4 tokens 0.905).

**The speaker of a model attribution**, in order: the rules' speaker of its cue
(:func:`quotes_speakers.speaker_for`: the cue verb's subject, the passive's agent, the subject
of the verb a participle or gerund hangs on, "according to X"), when found outside the content;
else the linker's SOURCE (:mod:`annotator.nlp.attribution_link`); else the person-like subject
of the nearest verb above the cue, outside the content (a cue the parse made a modifier:
"smiling at times and [dismissing] questions"; held-out slice +1 right speaker of 2,497, no
wrong one among the matched); else, for a content with no cue either, the subject naming a person
of the content's own main verb or of a relative clause on its head noun ("[that Clinton chose
to close on guns]", "[a candidacy that he keeps tamping down]": the content holds its own
doer; held-out slice +3 right speakers, none lost); else none -- an attribution with no
speaker in evidence stays without one (the analyst adds it) rather than borrowing the previous
quote's: borrowing measured +1 right speaker in 2,427 on the held-out slice, not worth
a guessed link. A source naming no one (a lone determiner; the expletive "it" of "*It* was fitting [that X
chose ...]", whose clause the content is) is dropped first, and such an extraposed content
holds its own doer as a cue-less one does (held-out slice +1 right speaker, none lost).
A pronoun or description speaker is resolved to the named person as the rules'
are; the relative pronoun of "who said" is recorded beside its antecedent.
A content that is a relative clause opened by its object pronoun ("a proposal [that Manchin
pushed]", "a charge [that she has always denied]") is said by the clause's own subject, its verb
the cue: a relative clause is no complement of a verb of saying outside it, so the outer verb's
speaker is not its speaker (held-out slice: +2 right speakers of 2,498, none lost).
Last, a content that completes a speech or stance noun ("his claim that …", "an allegation from
X that …", "X made the claim that …") takes that noun's source and the noun as cue
(:mod:`annotator.nlp.quotes_noun_cue`), as rule quotes do.
**The kind** is decided by the linker with the rules' definition
(:mod:`annotator.nlp.quotes_kind`: more than half inside double quote marks is direct, some
is mixed, none indirect).

Measured and not kept (held-out slice): dropping model attributions with neither cue nor speaker
(precision +0.005, recall -0.008, F1 -0.002); making a quoted model content without cue and
speaker ``indirect`` (direct F1 unchanged: precision up by what recall lost); dropping model
contents under 20 characters (F1 -0.005).

Which options are on by default (:data:`DEFAULT`) is what measured better on the held-out slice
of polnear-*train* (never dev); numbers in README "Training".
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from spacy.tokens import Doc, Token

from annotator.nlp.coref import MentionIndex
from annotator.nlp.quotes_doc import DocContext, chars
from annotator.nlp.quotes_lexicon import HUMAN_NOUNS, PERSONAL_PRONOUNS, RELATIVE_PRONOUNS
from annotator.nlp.quotes_noun_cue import noun_cue_speakers
from annotator.nlp.quotes_speakers import (
    NOT_SPEAKERS,
    clause_subject,
    np_range,
    object_speaker,
    person_like,
    referring_it,
    relative_pronoun,
    speaker_for,
)
from annotator.nlp.quotes_types import Quote, Range


@dataclasses.dataclass(frozen=True, slots=True)
class Options:
    """What :func:`refine` changes (see the module docstring); the defaults are :data:`DEFAULT`."""

    speakers: str = "rules"  # "linker" | "resolve" | "rules"
    clause_cue: str = "any"  # "" | "lexicon" | "any"


DEFAULT = Options()


def _overlaps(a: Range, b: Range) -> bool:
    return min(a[1], b[1]) > max(a[0], b[0])


def _cue_token(doc: Doc, cue: Range) -> int | None:
    """Token index of the cue's head word (the verb of "has said", "according" of "according to")."""
    span = doc.char_span(cue[0], cue[1], alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    for t in span:
        if t.lower_ == "according":
            return t.i
    return span.root.i


def _clause_cue(doc: Doc, pieces: Sequence[Quote], *, lexicon: DocContext | None) -> int | None:
    """The verb whose complement the content is ("Clinton suggested [the U.S. should act]",
    "Trump has called for [a ban]"): the first verb among the content root's head and its head,
    outside the content. With ``lexicon``, only a verb the rules take for a cue
    (:meth:`DocContext.is_cue`). None without a parse."""
    first = pieces[0]
    span = doc.char_span(first.content[0], first.content[1], alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    cur = span.root
    for _ in range(2):
        head = cur.head
        if head.i == cur.i or any(q.content[0] <= head.idx < q.content[1] for q in pieces):
            return None
        if head.pos_ == "VERB" and (lexicon is None or lexicon.is_cue(head)):
            return head.i
        if head.pos_ not in ("ADP", "SCONJ", "PART"):
            return None
        cur = head
    return None


# tokens between the recogniser's CUE and its content for that CUE to stand over the parse's verb
ADJACENT = 1


def _adjacent_cue(doc: Doc, pieces: Sequence[Quote], cue: Range | None, clause_i: int) -> bool:
    """Whether the linker's ``cue`` (the recogniser's CUE span) touches the content (at most
    :data:`ADJACENT` tokens between) and is not the clause verb ``clause_i`` itself: "his
    [claim] [that the vote was rigged]" parsed as the complement of another verb
    ("Republicans scrambled after ..."); then the recogniser's cue stands."""
    if cue is None:
        return False
    span = doc.char_span(cue[0], cue[1], alignment_mode="expand")
    if span is None or span.start <= clause_i < span.end:
        return False
    a = doc.char_span(pieces[0].content[0], pieces[-1].content[1], alignment_mode="expand")
    if a is None:
        return False
    gap = max(0, a.start - span.end, span.start - a.end)
    return gap <= ADJACENT


def _relative_clause_doer(doc: Doc, pieces: Sequence[Quote]) -> tuple[Range, Range] | None:
    """(speaker, cue) of a content that is a relative clause opened by its relative pronoun as
    object ("a proposal [that Manchin pushed]", "a charge [which she has always denied]",
    "a turnout [that the organisers put at 3,000]"): the clause verb's own subject, inside
    the content, and the verb. None when the content does not open with such a pronoun, or
    the pronoun is the clause's subject ("officials [who said ...]")."""
    if len(pieces) != 1:
        return None
    span = doc.char_span(pieces[0].content[0], pieces[0].content[1], alignment_mode="expand")
    if span is None or len(span) < 3:
        return None
    first = span[0]
    verb = first.head
    if first.lower_ not in ("that", "which", "whom"):
        return None
    if first.dep_ not in ("dobj", "pobj", "nsubjpass", "attr"):
        return None  # "that" as a complementizer ("doubts that her budget adds up")
    while verb.dep_ == "prep" and verb.head.i != verb.i:  # "that he spoke of"
        verb = verb.head
    # the parser labels the clause relcl, or acl on a noun ("a proposal that Smith pushed")
    if verb.dep_ not in ("relcl", "acl") or not (span.start < verb.i < span.end) or span.start <= verb.head.i < span.end:
        return None
    if any(c.dep_ == "dobj" and c.i != first.i for c in verb.children):
        return None  # "a ruling that the landlords did not have standing": a complement after all
    subj = [c for c in verb.lefts if c.dep_ == "nsubj" and span.start < c.i and c.lower_ not in RELATIVE_PRONOUNS]
    if not subj or not (person_like(subj[0]) or subj[0].pos_ in ("NOUN", "PROPN")):
        return None
    a, b = np_range(doc, subj[0])
    return chars(doc, a, b), (verb.idx, verb.idx + len(verb))


def _a_person(t: Token) -> bool:
    """A named person, a personal pronoun or a human noun: not an organisation, which the
    recogniser also finds in a capitalised common noun ("Taxes will rise")."""
    return t.ent_type_ == "PERSON" or t.lower_ in PERSONAL_PRONOUNS - NOT_SPEAKERS or t.lemma_.lower() in HUMAN_NOUNS


def _inner_subject(doc: Doc, pieces: Sequence[Quote]) -> Range | None:
    """The person (:func:`_a_person`) subject of the content's own main verb, or of a relative clause on its
    head noun ("[that the mayor chose to end her speech on housing]", "[a candidacy that he
    keeps tamping down]"): a content read with no cue and no speaker outside it holds its own
    doer. None when the content has no such subject (a subject deeper down, of an adverbial or
    complement clause, is not the content's)."""
    if len(pieces) != 1:
        return None
    span = doc.char_span(pieces[0].content[0], pieces[0].content[1], alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    root = span.root
    verbs = [root] + [c for c in root.children if c.dep_ == "relcl" and span.start <= c.i < span.end]
    for v in verbs:
        for t in v.children:
            if t.dep_ in ("nsubj", "nsubjpass") and span.start <= t.i < span.end and _a_person(t):
                a, b = np_range(doc, t)
                return chars(doc, max(a, span.start), min(b, span.end))
    return None


def _names_no_one(doc: Doc, speaker: Range, pieces: Sequence[Quote]) -> bool:
    """A linked source that is one word naming no one: a lone determiner ("a" of "in *a* written
    statement", "there"), or the expletive "it" whose clause the content is ("*It* was fitting
    [that X chose ...]": :func:`_extraposed`). Any other "it" may be a speaker ("*It* slams her
    record": an advertisement)."""
    span = doc.char_span(speaker[0], speaker[1], alignment_mode="expand")
    if span is None or len(span) != 1:
        return False
    t = span[0]
    if t.lower_ == "it":
        return _extraposed(doc, pieces) and not referring_it(t)
    return t.lower_ == "there" or t.pos_ == "DET" and t.lower_ in ("a", "an", "the")


def _extraposed(doc: Doc, pieces: Sequence[Quote]) -> bool:
    """The content is the clause an expletive "it" stands for ("It was fitting [that X chose
    ...]"): the content opens with "that" and its root hangs on a verb whose subject is "it"."""
    span = doc.char_span(pieces[0].content[0], pieces[0].content[1], alignment_mode="expand")
    if span is None or len(span) < 3 or span[0].lower_ != "that":
        return False
    head = span.root.head
    return any(c.lower_ == "it" and c.dep_ in ("nsubj", "expl") for c in head.children) and not span.start <= head.i < span.end


def refine(doc: Doc, model: Sequence[Quote], *, text: str | None = None, options: Options = DEFAULT,
           ctx: DocContext | None = None, mentions: MentionIndex | None = None) -> list[Quote]:
    """``model`` (the linker's quotes for ``doc``; parts of one attribution share ``group``)
    with the options above applied, same order. ``ctx``/``mentions``: the rules' per-document
    state if the caller has it. Raises ``ValueError`` for an unknown ``options.speakers`` or
    ``options.clause_cue``."""
    if options.speakers not in ("linker", "resolve", "rules"):
        raise ValueError(f"speakers must be 'linker', 'resolve' or 'rules', not {options.speakers!r}")
    if options.clause_cue not in ("", "lexicon", "any"):
        raise ValueError(f"clause_cue must be '', 'lexicon' or 'any', not {options.clause_cue!r}")
    if not model:
        return []
    ctx = ctx or DocContext(doc, text)
    mentions = mentions or MentionIndex(doc, ctx.text)
    groups: dict[int, list[Quote]] = {}
    for q in model:
        groups.setdefault(q.group, []).append(q)
    out: dict[int, list[Quote]] = {}
    for g, qs in groups.items():
        first = qs[0]
        speaker, ref, pronoun, cue = first.speaker, None, None, first.cue
        cue_i = _cue_token(doc, cue) if cue is not None and options.speakers != "linker" else None
        if options.clause_cue and ctx.parsed:
            clause_i = _clause_cue(doc, qs, lexicon=ctx if options.clause_cue == "lexicon" else None)
            if clause_i is not None and not _adjacent_cue(doc, qs, first.cue, clause_i):
                cue_i, cue = clause_i, ctx.cue_range(clause_i)
        if options.speakers == "rules" and cue_i is not None:
            sent = doc[cue_i].sent if ctx.parsed or doc.has_annotation("SENT_START") else doc[:]
            found = speaker_for(ctx, cue_i, sent.start, sent.end)
            if found is not None and found[1] > found[0] and not any(_overlaps(found, q.content) for q in qs):
                speaker = found
            if speaker is None and ctx.parsed:
                speaker = clause_subject(doc, cue_i, [q.content for q in qs])
        if options.speakers == "rules" and speaker is not None and cue_i is not None and ctx.parsed:
            speaker = object_speaker(doc, speaker, cue_i, [q.content for q in qs])
        if options.speakers != "linker" and speaker is not None:
            ref = mentions.resolve(*speaker, before=min(speaker[0], first.content[0]))
            if cue_i is not None and ctx.parsed:
                pron = relative_pronoun(doc[cue_i], speaker)
                pronoun = (pron.idx, pron.idx + len(pron)) if pron is not None else None
        if speaker is not None and ctx.parsed and _names_no_one(doc, speaker, qs):
            speaker, ref, pronoun = None, None, None
        if speaker is None and ctx.parsed and (cue is None or _extraposed(doc, qs)):
            speaker = _inner_subject(doc, qs)
            if speaker is not None:
                ref = mentions.resolve(*speaker, before=speaker[0])
        inner = _relative_clause_doer(doc, qs) if ctx.parsed else None
        if inner is not None:
            # "a proposal [that Manchin pushed]": a relative clause is no complement of an outer
            # verb of saying; the clause's own subject does what it says
            (speaker, cue), pronoun = inner, None
            ref = mentions.resolve(*speaker, before=speaker[0])
        out[g] = [dataclasses.replace(q, cue=cue, speaker=speaker, speaker_ref=ref, speaker_pronoun=pronoun) for q in qs]
    refined = [q for qs in out.values() for q in qs]
    # "his claim that ...": the noun's possessor speaks, not the subject of another clause
    from annotator.nlp.quotes import not_own_speaker  # quotes imports this module lazily too

    refined = noun_cue_speakers(doc, refined, mentions) if ctx.parsed else refined
    # "he" inside a quotation is not that quotation's own speaker
    return not_own_speaker(refined, mentions, ctx.text)
