"""The linker: the attribution recogniser's CONTENT, SOURCE and CUE spans
(``doc.spans["attribution"]``) tied into attributions (:class:`Quote`). Pure; no I/O.

Rules, in order (token distances; "sentence" is spaCy's ``doc.sents``, or the whole doc
without sentence boundaries):

1. **pieces**: two CONTENT spans are one discontinuous content when only a CUE and/or a
   SOURCE and punctuation stand between them (``"A," he said, "B."``), in one paragraph (a
   cue and source opening the next paragraph start a new attribution) and with no CUE or
   SOURCE after a sentence end between them ("A. He went to see B": a sentence naming its own
   source and cue is a new attribution; held-out slice of polnear-train,
   docs/attribution-rounds.md "Seventh round": F1 0.7239 -> 0.7293, speaker 2,345/2,497 -> 2,379/2,531);
2. **cue** of a content: the nearest CUE outside every content piece whose sentence is one of
   the content's sentences; failing that, the nearest CUE in the sentence just before or after
   it that no earlier content took (headlines and "Hill testified against Thomas" put the cue
   next to the content);
3. **source**: with a cue, the SOURCE holding the cue verb's syntactic subject (``nsubj``,
   ``nsubjpass``, or the object of the agent "by"); else that subject's noun phrase itself (the
   parser knows the speaker when the recogniser missed it); else the SOURCE nearest the cue in
   its sentence, outside the content; without a cue, the nearest SOURCE in the content's sentence;
4. **kind**: the rules' definition (:mod:`annotator.nlp.quotes_kind`): ``direct`` when more
   than half the content's characters are inside double quotation marks as the rules' scanner
   pairs them, ``mixed`` when some are, else ``indirect``.

Every attribution gets its own ``group`` (``first_group`` upward); pieces of one content share it.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from annotator.nlp.attribution_components import ATTRIBUTION_KEY, CONTENT, CUE, SOURCE
from annotator.nlp.quotes_kind import QuotedChars, settle_kind
from annotator.nlp.quotes_marks import find_quoted_runs
from annotator.nlp.quotes_types import Quote

SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
_GAP_OK = frozenset({"PUNCT", "SPACE"})


def _sent_bounds(doc: Doc) -> list[int]:
    """Start token of every sentence (``[0]`` when the doc has no sentence boundaries)."""
    if not (doc.has_annotation("SENT_START") or doc.has_annotation("DEP")):
        return [0]
    return [s.start for s in doc.sents]


def _sent_of(starts: Sequence[int], i: int) -> int:
    return bisect.bisect_right(starts, i) - 1


def _gap(a: Span, b: Span) -> int:
    """Tokens between two spans (0 when they touch or overlap)."""
    return max(0, b.start - a.end, a.start - b.end)


_SENT_END = frozenset({".", "!", "?"})


def _link_opens_sentence(doc: Doc, a: int, b: int, inside: set[int]) -> bool:
    """Whether a CUE or SOURCE token between tokens ``a`` and ``b`` follows a sentence end
    there ("A. [He] [went to see] B"): a new sentence that names its own source and cue starts
    a new attribution ('"A," he said. "B."' has nothing after the full stop but B)."""
    ended = False
    for i in range(a, b):
        t = doc[i]
        if t.is_punct and t.text[:1] in _SENT_END:
            ended = True
        elif ended and i in inside:
            return True
    return False


def _pieces(doc: Doc, contents: list[Span], others: list[Span]) -> list[list[Span]]:
    """Contents grouped into discontinuous ones (rule 1)."""
    inside = {i for s in others for i in range(s.start, s.end)}
    groups: list[list[Span]] = []
    for c in sorted(contents, key=lambda s: s.start):
        if groups:
            last = groups[-1][-1]
            between = range(last.end, c.start)
            has_link = any(i in inside for i in between)
            # one paragraph: '"A," he said, "B."'; a cue and a source opening the next paragraph
            # introduce a new attribution, not the rest of this one
            same_paragraph = not any("\n" in doc[i].text or "\n" in doc[i].whitespace_ for i in range(last.end - 1, c.start))
            if has_link and same_paragraph and _link_opens_sentence(doc, last.end, c.start, inside):
                groups.append([c])
                continue
            if has_link and same_paragraph and all(i in inside or doc[i].pos_ in _GAP_OK or doc[i].is_punct or doc[i].is_space for i in between):
                groups[-1].append(c)
                continue
        groups.append([c])
    return groups


def _subjects(cue: Span) -> list[Token]:
    """The subject (or the passive's agent) of the cue's verb; a cue noun ("the claim of X")
    has none."""
    head = cue.root
    verb = head if head.pos_ in ("VERB", "AUX") else head.head if head.dep_ in ("aux", "neg", "prt") else None
    if verb is None:
        return []
    subjects = [t for t in verb.children if t.dep_ in SUBJECTS]
    subjects += [g for t in verb.children if t.dep_ == "agent" for g in t.children if g.dep_ == "pobj"]
    return subjects


def _subject_source(cue: Span, sources: list[Span], pieces: list[Span]) -> Span | None:
    """The SOURCE holding the subject of the cue's verb; else, when the parser found a subject
    outside the content, the subject's noun phrase itself (rule 3)."""
    subjects = _subjects(cue)
    for subj in subjects:
        for s in sources:
            if s.start <= subj.i < s.end:
                return s
    for subj in subjects:
        if subj.pos_ in ("NOUN", "PROPN", "PRON") and not any(p.start <= subj.i < p.end for p in pieces):
            doc = subj.doc
            left = min(t.i for t in subj.subtree)
            right = max(t.i for t in subj.subtree) + 1
            if any(p.start < right and left < p.end for p in pieces) or right - left > 8:
                left, right = subj.i, subj.i + 1  # the head word alone when its phrase runs into the content
            return doc[left:right]
    return None


def link(doc: Doc, spans: Sequence[Span] | None = None, *, text: str | None = None, first_group: int = 0) -> list[Quote]:
    """The attributions of ``doc`` from ``spans`` (default ``doc.spans["attribution"]``), one
    :class:`Quote` per content piece, in text order (see the module docstring)."""
    spans = list(doc.spans[ATTRIBUTION_KEY] if spans is None and ATTRIBUTION_KEY in doc.spans else spans or [])
    contents = [s for s in spans if s.label_ == CONTENT]
    if not contents:
        return []
    cues = [s for s in spans if s.label_ == CUE]
    sources = [s for s in spans if s.label_ == SOURCE]
    text = doc.text if text is None else text
    quoted = QuotedChars(find_quoted_runs(text))
    starts = _sent_bounds(doc)
    quotes: list[Quote] = []
    used: set[int] = set()  # cues already tied to a content
    for k, pieces in enumerate(_pieces(doc, contents, cues + sources)):
        first, last = pieces[0], pieces[-1]
        sents = set(range(_sent_of(starts, first.start), _sent_of(starts, last.end - 1) + 1))
        whole = doc[first.start : last.end]
        outside = [c for c in cues if not any(p.start <= c.start < p.end for p in pieces)]
        cue = _nearest(whole, [c for c in outside if _sent_of(starts, c.start) in sents])
        if cue is None:
            near = {min(sents) - 1, max(sents) + 1}
            cue = _nearest(whole, [c for c in outside if _sent_of(starts, c.start) in near and c.start not in used])
        if cue is not None:
            used.add(cue.start)
        source = None
        free = [s for s in sources if not any(p.start <= s.start < p.end for p in pieces)]
        if cue is not None:
            source = _subject_source(cue, free, pieces) or _nearest(cue, [s for s in free if _sent_of(starts, s.start) == _sent_of(starts, cue.start)])
        else:
            source = _nearest(whole, [s for s in free if _sent_of(starts, s.start) in sents])
        kind = settle_kind("indirect", [(p.start_char, p.end_char) for p in pieces], quoted)
        for p in pieces:
            quotes.append(Quote(
                (p.start_char, p.end_char), kind,
                cue=(cue.start_char, cue.end_char) if cue is not None else None,
                speaker=(source.start_char, source.end_char) if source is not None else None,
                group=first_group + k,
            ))
    return quotes


def _nearest(anchor: Span, candidates: list[Span]) -> Span | None:
    return min(candidates, key=lambda s: (_gap(anchor, s), s.start), default=None)
