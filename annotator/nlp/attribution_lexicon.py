"""A cue lexicon learned from the project's own accepted attributions (issue 10).

The rules read the verbs of their hand lists (:mod:`annotator.nlp.quotes_lexicon`); the
recogniser reads what it learned to tag. Neither reads most stance and action verbs with a
noun-phrase object ("the union *endorsed* the plan", "critics *faulted* the budget"), which
analysts mark as attributions all the same. ``annotator train`` therefore also counts, over the
*training* articles only (never the held-out ones), how often a verb of each lemma heads an
accepted CUE span against how often a verb of that lemma occurs where the article was reviewed
(:func:`learn`), and keeps the lemmas with enough support and precision (:class:`CueLexicon`).

At pre-annotation, a pipeline folder holding the lexicon (component ``cue_lexicon``, factory
``annotator_cue_lexicon``, a small ``lexicon.json`` in its folder; ``spacy.load`` reads it) marks
every verb of the lexicon in ``doc.spans["cue_lexicon"]``; :func:`lexicon_attributions` makes each
one an attribution -- content: the verb's reported clause or object (ccomp, xcomp with the
object before it, dobj with its "of/as/for" phrase, or the object of a preposition right after
the verb: "testified against X"); source: its subject (:func:`annotator.nlp.quotes_speakers.subject`,
resolved to a person like the rules' speakers); cue: the verb -- and :func:`add_lexicon` adds
those that overlap nothing the rules or the model kept (:mod:`annotator.nlp.attribution_merge`).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from annotator.nlp.quotes_types import Quote, Range

LEXICON_KEY = "cue_lexicon"  # doc.spans key of the lexicon's verbs
FACTORY = "annotator_cue_lexicon"
COMPONENT = "cue_lexicon"
FILE = "lexicon.json"
ORIGIN = "lexicon"
GUARDED = "GUARDED"  # span label of a verb of the guarded band
# Chosen on an inner split of polnear-train's training articles (lexicon learned on hash buckets
# 36-99, its additions to the rules scored on buckets 20-35; ``benchmarks.cue_lexicon --choose``;
# docs/attribution-rounds.md "lexicon10"): an addition that overlaps nothing raises F1 when it is
# gold more often than F1/2, so only lemma bands whose additions were gold at least half the time
# (never lowering F1, whatever the rest reads) and whose speakers were right at least 95 % of the
# time (the slices' speaker accuracy) are kept: learned precision >= 0.5 (gold 0.65, speakers
# 119/123; the 0.3-0.5 band: speakers 89/99), and at least 2 cues (one-cue lemmas: gold 0.42).
MIN_CUES = 2
MIN_PRECISION = 0.5
# Lemmas from 0.15 to 0.5 are kept *guarded*: read only where the verb reports a clause (ccomp).
# Inner split (docs/attribution-rounds.md "attr10v"): the 0.3-0.5 band read everywhere added
# additions 0.62 gold but speakers 89/100; read only with a clause, the 0.15-0.5 band added 36,
# 24 gold, speakers 24/24; F1 best at 0.1 (0.6833) but speakers there lower than without the band.
GUARD_PRECISION = 0.15
# A verb the rules' lexicon does not hold (:func:`rule_lemmas`) is a new cue learned from the data
# alone, so it needs more evidence: at least NEW_MIN_CUES accepted cues (two uses, both cues, is
# the support of "list" 2/2 in 48 PolNeAR articles, usertest29 M1). polnear-dev with the 669-article
# pipeline (fix43, docs/attribution-rounds.md): F1 0.7864 -> 0.7866 at 3 (2 -> 3 drops 32 of its 178 verbs, all rare new
# verbs), 0.7863 at 4; counting 4 pseudo-uses that were no cue instead: 0.7856.
NEW_MIN_CUES = 3
# Below this many training articles a new verb is not learned at all: only the rules' verbs are
# kept (the thresholds above were chosen on 430 training articles; 48 gave 25 new verbs, most of
# them actions, not speech), and the training summary says the lexicon is thin.
MIN_LEXICON_ARTICLES = 100
_POS = ("VERB",)


def rule_lemmas() -> frozenset[str]:
    """The verbs the rules read as cues (:mod:`annotator.nlp.quotes_lexicon`): speech,
    cognition, evidential, xcomp and direct-object lists, and "accord"."""
    from annotator.nlp import quotes_lexicon as QL

    # "accord": the rules read "according to" as a cue (quotes_frames), not through these lists
    return QL.ALL_CUE_LEMMAS | QL.XCOMP_LEMMAS | QL.DOBJ_LEMMAS | {"accord"}


@dataclasses.dataclass(slots=True)
class CueLexicon:
    """Per lemma (lowercased, verbs): ``cues`` (times a verb of it headed an accepted CUE span)
    and ``seen`` (times a verb of it stood where the article was reviewed: those cues included);
    ``lemmas`` the ones kept (``cues >= min_cues`` and ``cues / seen >= min_precision``);
    ``guarded`` the ones kept under a guard (``guard_precision <= cues / seen < min_precision``,
    empty when ``guard_precision >= min_precision``): :func:`lexicon_attributions` reads them
    only where they report a clause."""

    counts: dict[str, tuple[int, int]]
    min_cues: int = MIN_CUES
    min_precision: float = MIN_PRECISION
    guard_precision: float = GUARD_PRECISION
    articles: int | None = None  # training articles it was learned from (None: a file written before fix43)
    # learned from fewer than MIN_LEXICON_ARTICLES articles: only verbs the rules know
    # (:func:`rule_lemmas`) are kept, all guarded. Settled when learned and kept in the file, so a
    # pipeline reads as it was trained; None: from ``articles``
    thin: bool | None = None

    def __post_init__(self) -> None:
        if self.thin is None:
            self.thin = self.articles is not None and self.articles < MIN_LEXICON_ARTICLES

    def _precision(self, lemma: str, cues: int, seen: int, known: frozenset[str]) -> float | None:
        if lemma in known:
            return cues / seen
        if self.thin or cues < NEW_MIN_CUES:
            return None
        return cues / seen

    def _band(self, lo: float, hi: float) -> frozenset[str]:
        known = rule_lemmas()
        out = []
        for k, (c, s) in self.counts.items():
            if c < self.min_cues or not s:
                continue
            p = self._precision(k, c, s, known)
            if p is not None and lo <= p < hi:
                out.append(k)
        return frozenset(out)

    @property
    def left_out_new(self) -> frozenset[str]:
        """The verbs the rules do not know that the raw thresholds (``cues / seen``) would have
        kept but the new-verb rules left out (:data:`NEW_MIN_CUES`, :data:`MIN_LEXICON_ARTICLES`)."""
        known = rule_lemmas()
        return frozenset(k for k, (c, s) in self.counts.items() if k not in known and c >= self.min_cues and s
                         and c / s >= self.min_precision) - self.lemmas - self.guarded

    def thin_warning(self) -> str:
        """One line for the training summary when the lexicon was learned from too few articles; ''
        otherwise."""
        if not self.thin:
            return ""
        dropped = sorted(self.left_out_new)
        named = (f" ({len(dropped)} left out: {', '.join(dropped[:8])}{' ...' if len(dropped) > 8 else ''})"
                 if dropped else "")
        return (f"Warning: the cue lexicon was learned from only {self.articles} training articles (fewer than "
                f"{MIN_LEXICON_ARTICLES}), too few to tell a verb of speech from an action: it keeps only verbs the "
                f"rules know, read only with a reported clause{named}; review more articles and train again "
                "for a learned lexicon")

    @property
    def lemmas(self) -> frozenset[str]:
        if self.thin:  # thin data: nothing read everywhere (see guarded)
            return frozenset()
        return self._band(self.min_precision, float("inf"))

    @property
    def guarded(self) -> frozenset[str]:
        if self.thin:
            # the rules' verbs only, and only where they report a clause, as the rules read them:
            # their object readings ("posted [it to Twitter]", "responded [to the claims]") were
            # invented attributions on unseen news (usertest29 M1)
            return self._band(self.guard_precision, float("inf"))
        return self._band(self.guard_precision, self.min_precision)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"min_cues": self.min_cues, "min_precision": self.min_precision,
                               "guard_precision": self.guard_precision,
                               "lemmas": {k: list(v) for k, v in sorted(self.counts.items())}}
        if self.articles is not None:
            out["articles"] = self.articles
        if self.thin:
            out["thin"] = True
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CueLexicon:
        """Raises ``KeyError``/``TypeError``/``ValueError`` on a file of another shape. A file
        written before the guarded band existed (no ``guard_precision``) has none."""
        min_precision = float(data["min_precision"])
        return cls({str(k): (int(v[0]), int(v[1])) for k, v in data["lemmas"].items()},
                   int(data["min_cues"]), min_precision, float(data.get("guard_precision", min_precision)),
                   int(data["articles"]) if data.get("articles") is not None else None, bool(data.get("thin", False)))


def cue_head(doc: Doc, start: int, end: int) -> Token | None:
    """The verb heading the cue span of characters ``[start, end)``: its root token when that is
    a verb ("has *denied*", "*called* for"); None otherwise ("according to", a colon, a noun)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    root = span.root
    return root if root.pos_ in _POS else None


def learn(docs: Iterable[tuple[Doc, Sequence[Range], Sequence[bool] | None]], *, min_cues: int = MIN_CUES,
          min_precision: float = MIN_PRECISION, guard_precision: float = GUARD_PRECISION,
          articles: int | None = None) -> CueLexicon:
    """Count cue verbs over ``docs``: each item a parsed doc, the character ranges of its
    accepted CUE spans, and per token whether it lies where the article was reviewed (None: every
    token; an article trained on only through its accepted spans says False outside them, so
    its other verbs count as nothing). Only lemmas of at least one cue are kept in ``counts``.
    ``articles``: how many articles ``docs`` holds (default: counted), for :attr:`CueLexicon.thin`."""
    cues: dict[str, int] = {}
    seen: dict[str, int] = {}
    n = 0
    for doc, ranges, known in docs:
        n += 1
        heads = set()
        for a, b in ranges:
            h = cue_head(doc, a, b)
            if h is not None:
                heads.add(h.i)
                lemma = h.lemma_.lower()
                cues[lemma] = cues.get(lemma, 0) + 1
        for t in doc:
            if t.pos_ in _POS and (t.i in heads or known is None or known[t.i]):
                lemma = t.lemma_.lower()
                seen[lemma] = seen.get(lemma, 0) + 1
    return CueLexicon({k: (c, max(c, seen.get(k, 0))) for k, c in cues.items()}, min_cues, min_precision,
                      min(guard_precision, min_precision), n if articles is None else articles)


class CueLexiconComponent:
    """Marks the verbs of the lexicon in ``doc.spans[LEXICON_KEY]`` (label ``CUE``, or
    ``GUARDED`` for those of the guarded band); saved as ``lexicon.json`` in the component's
    folder of the pipeline."""

    def __init__(self, name: str, lexicon: CueLexicon | None = None) -> None:
        self.name = name
        self.set_lexicon(lexicon or CueLexicon({}))

    def set_lexicon(self, lexicon: CueLexicon) -> None:
        self.lexicon = lexicon
        self._labels = dict.fromkeys(lexicon.guarded, GUARDED) | dict.fromkeys(lexicon.lemmas, "CUE")

    def __call__(self, doc: Doc) -> Doc:
        labels = self._labels
        doc.spans[LEXICON_KEY] = [Span(doc, t.i, t.i + 1, label=labels[t.lemma_.lower()]) for t in doc
                                  if t.pos_ in _POS and t.lemma_.lower() in labels]
        return doc

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / FILE).write_text(json.dumps(self.lexicon.to_json(), indent=1), encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> CueLexiconComponent:
        self.set_lexicon(CueLexicon.from_json(json.loads((Path(path) / FILE).read_text(encoding="utf-8"))))
        return self


@Language.factory(FACTORY)
def make_cue_lexicon(nlp: Language, name: str) -> CueLexiconComponent:
    """Factory of :class:`CueLexiconComponent` (the lexicon is read by ``from_disk``)."""
    return CueLexiconComponent(name)


def add_to_pipeline(nlp: Language, lexicon: CueLexicon) -> None:
    """Add (or replace) the ``cue_lexicon`` component of ``nlp``, last, holding ``lexicon``."""
    if COMPONENT in nlp.pipe_names:
        nlp.remove_pipe(COMPONENT)
    pipe = nlp.add_pipe(FACTORY, name=COMPONENT, last=True)
    pipe.set_lexicon(lexicon)


_OBJ_PREPS = frozenset({"of", "as", "for", "over"})


def _content_range(doc: Doc, v: Token) -> tuple[tuple[int, int] | None, str]:
    """Token range ``[a, b)`` of what verb ``v`` reports or acts on: its clause after it (ccomp),
    its open complement with the object before it ("urged lawmakers [to act]"), its direct
    object with an "of/as/for/over" phrase or predicate after it ("accused [X of Y]"), or the
    object of a preposition right after it ("testified [against X]"); with the dependency it came
    by ("ccomp", "xcomp", "dobj", "prep"). ``(None, "")`` when it has none."""
    from annotator.nlp.quotes_doc import trim

    kids = list(v.rights)
    for c in kids:
        if c.dep_ == "ccomp":
            return trim(doc, c.left_edge.i, c.right_edge.i + 1), "ccomp"
    for c in kids:
        if c.dep_ == "xcomp":
            objs = [k for k in kids if k.dep_ in ("dobj", "dative") and k.i < c.i]
            return trim(doc, (objs[0] if objs else c).left_edge.i, c.right_edge.i + 1), "xcomp"
    objs = [c for c in kids if c.dep_ in ("dobj", "oprd")]
    if objs:
        objs += [c for c in kids if c.i > objs[0].i and (c.dep_ == "prep" and c.lower_ in _OBJ_PREPS or c.dep_ in ("oprd", "xcomp"))]
        return trim(doc, min(o.left_edge.i for o in objs), max(o.right_edge.i for o in objs) + 1), "dobj"
    for c in kids:
        if c.dep_ == "prep" and all(t.pos_ == "ADV" for t in doc[v.i + 1 : c.i]) and any(k.dep_ == "pobj" for k in c.children):
            return trim(doc, c.i, c.right_edge.i + 1), "prep"
    return None, ""


MIN_TOKENS = 3  # a shorter content is mostly a pronoun or a bare noun (inner split: 30 % of them gold)
# a verb in a participle or infinitive on a noun ("acl") or an open complement ("decided to *back*"),
# or the subject after the verb: the subject found
# is seldom who stands behind it (inner split: under 40 % of them gold)
_NOT_HEADS = frozenset({"acl", "xcomp"})


# readings whose content is widened to the end of the verb's phrase (inner split: F1 0.6827 ->
# 0.6898, speaker accuracy 0.9385 -> 0.9374; docs/attribution-rounds.md "attr10v")
_WIDENED = frozenset({"dobj", "xcomp", "prep"})
_TIME_ENTS = frozenset({"DATE", "TIME"})  # trailing time words stay out (inner split: 0.6896, one match fewer)
# a passive's patient is a noun phrase, often of two words ("the move was *criticized* by ...")
PASSIVE_MIN_TOKENS = 1


def _passive(doc: Doc, v: Token) -> tuple[tuple[int, int] | None, Token | None]:
    """A passive verb with a "by" agent: what it acts on -- its passive subject ("*the plan* was
    criticized by X"), or the noun a participle hangs on ("*the bill*, opposed by X") -- as a
    token range, and the agent's noun; ``(None, None)`` for any other verb."""
    from annotator.nlp.quotes_doc import trim

    agents = [g for c in v.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    if not agents:
        return None, None
    subj = [c for c in v.children if c.dep_ == "nsubjpass"]
    if subj:
        return trim(doc, subj[0].left_edge.i, subj[0].right_edge.i + 1), agents[0]
    if v.dep_ == "acl" and v.tag_ == "VBN" and v.head.pos_ in ("NOUN", "PROPN") and v.head.i < v.i:
        h = v.head
        end = min([c.left_edge.i for c in h.rights if c.dep_ in ("acl", "relcl")] + [v.left_edge.i])
        return trim(doc, h.left_edge.i, end), agents[0]
    return None, None


def lexicon_attributions(doc: Doc, text: str, *, lemmas: frozenset[str] | None = None, first_group: int = 0,
                         min_tokens: int = MIN_TOKENS, guarded: frozenset[str] = frozenset()) -> list[Quote]:
    """One attribution per verb of the lexicon in ``doc`` (``doc.spans[LEXICON_KEY]``, or every
    verb whose lowercased lemma is in ``lemmas`` when given) that has a content
    (:func:`_content_range`, an object, open complement or prepositional phrase widened to the
    end of the verb's phrase; at least ``min_tokens`` tokens) and a subject that can speak
    (a noun, a name or a personal pronoun; not "it"/"this"/"there"); kind ``indirect``, origin
    ``lexicon``, groups from ``first_group`` upward, speakers resolved to a person as the
    rules' are (:class:`annotator.nlp.coref.MentionIndex`, time words and datelines dropped).
    A verb of the guarded band (span label ``GUARDED``, or its lemma in ``guarded`` with
    ``lemmas``) gives one only when it reports a clause (ccomp: "a study *found* that ...").
    A passive verb with a "by" agent and no content of its own gives what it acts on, the
    agent speaking (:func:`_passive`: "the plan was *criticized* by the union").
    ``[]`` without a parse."""
    from annotator.nlp.coref import MentionIndex
    from annotator.nlp.quotes_doc import annotated, chars, trim
    from annotator.nlp.quotes_speakers import NOT_SPEAKERS, not_a_speaker, np_range, relative_pronoun, subject
    from annotator.nlp.speaker_time import without_time_words

    if not annotated(doc, "DEP"):
        return []
    if lemmas is not None:
        verbs = [(t, t.lemma_.lower() in guarded) for t in doc if t.pos_ in _POS and t.lemma_.lower() in lemmas | guarded]
    elif LEXICON_KEY in doc.spans:
        verbs = [(s[0], s.label_ == GUARDED) for s in doc.spans[LEXICON_KEY]]
    else:
        return []
    out: list[Quote] = []
    mentions = None
    group = first_group
    for v, guard in verbs:
        rng, how = _content_range(doc, v)
        if guard and how != "ccomp":  # before the subject is looked for: most guarded verbs stop here
            continue
        if rng is not None and how in _WIDENED:
            # "hinted [at his doubts, and at her own]": gold contents run to the end of the
            # verb's phrase, past the conjuncts and adverbials the object leaves out
            end = v.right_edge.i + 1
            # but not into the verb's own next clause with a subject of its own ("*wrote* [the
            # screenplay], and he is thrilled ...": the writer's next statement; merge49)
            own = [c.left_edge.i for c in v.children if c.dep_ == "conj" and c.i >= rng[1]
                   and any(k.dep_ in ("nsubj", "nsubjpass") for k in c.children)]
            if own:
                end = min(end, min(own))
                while end > rng[1] and (doc[end - 1].is_punct or doc[end - 1].dep_ == "cc"):
                    end -= 1
            while end > rng[1] and (doc[end - 1].is_punct or doc[end - 1].ent_type_ in _TIME_ENTS):
                end -= 1  # "... last week": when it was said is no part of what
            rng = (rng[0], max(rng[1], (trim(doc, rng[0], end) or rng)[1]))
        if rng is None:
            rng, subj = _passive(doc, v)
            how = "passive"
        elif v.dep_ in _NOT_HEADS:
            continue
        else:
            subj = subject(v)
        if rng is None:
            continue
        if rng[1] - rng[0] < (PASSIVE_MIN_TOKENS if how == "passive" else min_tokens):
            continue
        if subj is None or subj.lower_ in NOT_SPEAKERS or not_a_speaker(subj) or subj.pos_ not in ("NOUN", "PROPN", "PRON"):
            continue
        if rng[0] <= subj.i < rng[1] or (subj.i > v.i and how != "passive"):
            continue
        sp = np_range(doc, subj)
        speaker = chars(doc, *sp)
        if mentions is None:
            mentions = MentionIndex(doc, text)
        content = chars(doc, *rng)
        ref = mentions.resolve(*speaker, before=min(speaker[0], content[0]))
        # "a group which endorsed X": the antecedent speaks, the pronoun recorded beside it, as for the rules
        # (not of a passive: "the plan, which was criticized by X" -- "which" is what was criticized)
        pron = relative_pronoun(v, speaker) if how != "passive" else None
        pronoun = (pron.idx, pron.idx + len(pron)) if pron is not None else None
        out.append(Quote(content, "indirect", (v.idx, v.idx + len(v)), speaker, ref, group, pronoun, origin=ORIGIN))
        group += 1
    return without_time_words(doc, out, mentions, text=text) if out else out


def _overlaps(a: Range, b: Range) -> bool:
    return min(a[1], b[1]) > max(a[0], b[0])


def add_lexicon(kept: Sequence[Quote], found: Sequence[Quote]) -> list[Quote]:
    """``kept`` (rules and model merged) with each of ``found`` (:func:`lexicon_attributions`)
    whose content overlaps no kept content (nested ones aside) and whose cue is no kept
    attribution's cue or content: one reading per stretch of text, as the merge keeps it. Groups
    of the added ones renumbered after ``kept``'s; text order."""
    taken = [q.content for q in kept if not q.nested]
    cues = [q.cue for q in kept if q.cue is not None]
    group = max((q.group for q in kept), default=-1) + 1
    out = list(kept)
    for q in found:
        if any(_overlaps(q.content, t) or _overlaps(q.cue, t) for t in taken) or any(_overlaps(q.cue, c) for c in cues):
            continue
        taken.append(q.content)
        out.append(dataclasses.replace(q, group=group))
        group += 1
    return sorted(out, key=lambda q: (q.content, q.group))
