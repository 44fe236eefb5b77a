"""Inverted frames found by token positions and commas, not by one parse's labels (issue 10,
usertest10h findings 1 and 4).

A *frame* is a short stretch between two commas that says who speaks: "the mayor said (on
Monday)", "said her critics", "according to engineers". Found from the words themselves — a
verb of speech, a noun phrase of at most six words before or after it, a few words of time or
place after it — so that the same sentence with other words ("The levy will pass" for "The tax
will rise") gives the same frames whatever tree the parser built.

Two patterns use them:

* ``A, FRAME1, CONJ, FRAME2, B`` ("The levy will pass, the mayor said, though, critics said, it
  is unfair"): A is the first speaker's, B the second's — or the first speaker's second piece
  when the second frame's subject is the first speaker again ("..., but, she added, B").
  :func:`double_frames` rewrites the parse rules' attributions of both cues to that.
* ``A, FRAME.`` at a sentence's end ("Residents reported hearing a boom, the Associated Press
  reports."): the frame is never itself content. :func:`trailing_frames` gives A to the
  frame's speaker where the parse made the frame the complement of a cue in A.
* ``NOUN that|which, FRAME, B`` (a comment phrase with an inner frame: '"fair" — a claim that,
  critics said, ignored the costs'): the frame's speaker says B, never the quoted word before.
  :func:`relative_frames` rewrites it.

All offsets are token indices [a, b) unless a name says chars.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from annotator.nlp.quotes_doc import Attr, DocContext, chars, trim
from annotator.nlp.quotes_lexicon import SPEECH_LEMMAS

# a conjunction set off by commas between two frames: "A, X said, *though*, Y said, B"
FRAME_LINKS = frozenset("and but or yet so though although while whereas however still".split())
# words of a speaker noun phrase: "her aides", "two economists", "the state's top lawyer"
_NP_POS = frozenset("DET PRON ADJ NOUN PROPN NUM PART".split())
# after the verb: "said in a statement", "said late on Monday", "said on Friday"
_ADJUNCT_POS = frozenset("ADP DET ADJ NOUN PROPN NUM ADV PART".split())
_RELATIVES = frozenset("that which".split())
_SINGULAR = frozenset("he she".split())


@dataclass(frozen=True)
class Frame:
    """A frame between token ``start`` (just after its opening comma) and ``end`` (its closing
    comma or the sentence's last token): the cue token ``cue`` and the speaker's tokens."""

    start: int
    end: int
    cue: int
    speaker: tuple[int, int]


def _speech(doc: Doc, i: int) -> bool:
    t = doc[i]
    return t.lemma_.lower() in SPEECH_LEMMAS and t.tag_ in ("VBD", "VBZ", "VBP", "VB") and t.text[:1].islower()


def _noun_phrase(doc: Doc, a: int, b: int) -> bool:
    return 1 <= b - a <= 6 and all(doc[i].pos_ in _NP_POS and doc[i].is_alpha | (doc[i].text == "'s") for i in range(a, b)) and any(
        doc[i].pos_ in ("NOUN", "PROPN", "PRON") for i in range(a, b)
    )


def frame_between(doc: Doc, a: int, b: int) -> Frame | None:
    """The frame that tokens [a, b) are, or None. Three shapes: "according to NP", "VERB NP"
    ("said her critics") and "NP VERB [a few words of time or place]" ("the agency said in a
    statement")."""
    if b - a < 2:
        return None
    if doc[a].lower_ == "according" and doc[a + 1].lower_ == "to":
        return Frame(a, b, a, (a + 2, b)) if _noun_phrase(doc, a + 2, b) else None
    if _speech(doc, a):
        return Frame(a, b, a, (a + 1, b)) if _noun_phrase(doc, a + 1, b) else None
    for j in range(a + 1, min(b, a + 7)):
        if _speech(doc, j):
            if not _noun_phrase(doc, a, j):
                return None
            rest = range(j + 1, b)
            if len(rest) > 6 or not all(doc[k].pos_ in _ADJUNCT_POS and doc[k].is_alpha for k in rest):
                return None
            return Frame(a, b, j, (a, j))
    return None


def _frame_before(doc: Doc, comma: int, floor: int) -> Frame | None:
    """The frame that ends at ``comma`` and starts after the comma before it (not before
    ``floor``)."""
    for k in range(comma - 1, max(floor, comma - 12) - 1, -1):
        if doc[k].text == ",":
            return frame_between(doc, k + 1, comma)
    return None


def _frame_after(doc: Doc, comma: int, stop: int) -> Frame | None:
    """The frame that starts after ``comma`` and ends at the next comma (before ``stop``)."""
    for k in range(comma + 1, min(stop, comma + 12)):
        if doc[k].text == ",":
            return frame_between(doc, comma + 1, k)
    return None


def _plural(doc: Doc, sp: tuple[int, int]) -> bool:
    last = doc[sp[1] - 1]
    return last.tag_ in ("NNS", "NNPS") or last.lower_ in ("they", "we")


def same_speaker(doc: Doc, first: tuple[int, int], second: tuple[int, int]) -> bool:
    """Whether ``second`` names the speaker ``first`` again: a he/she after a singular speaker,
    "they" after a plural one, or the same last word of a name ("Ann Holt" ... "Holt")."""
    word = doc[second[1] - 1].lower_
    if second[1] - second[0] == 1 and word in _SINGULAR:
        return not _plural(doc, first)
    if second[1] - second[0] == 1 and word == "they":
        return _plural(doc, first)
    return doc[second[1] - 1].pos_ == "PROPN" and doc[first[1] - 1].lower_ == word


def _words(doc: Doc, a: int, b: int) -> tuple[int, int] | None:
    rng = trim(doc, a, b)
    if rng is None or not any(doc[i].is_alpha for i in range(*rng)):
        return None
    return rng


def _quoted(ctx: DocContext, a: int, b: int) -> bool:
    return any(i in ctx.in_run for i in range(a, b))


def _rewrite(out: list[Attr], cues: set[int], span: tuple[int, int], new: list[Attr]) -> list[Attr]:
    """``out`` without the attributions of ``cues`` and those whose words hold a frame in the
    chars ``span``, plus ``new``."""
    def holds(at: Attr) -> bool:
        return any(p[0] < span[1] and span[0] < p[1] for p in (at.content, *at.more))

    kept = [a for a in out if a.cue_i not in cues and not holds(a)]
    return kept + new


def _next_frame(doc: Doc, f: Frame, a: int, stop: int) -> int:
    """Where the words after frame ``f`` (from token ``a``) end: at the comma opening a third
    frame of another speaker (", and, one contractor warned, B" or ", a parent warned, B"), or
    at a semicolon (a clause of its own); ``stop`` when there is none."""
    for k in range(a, stop):
        if doc[k].text == ";":
            return k
        if doc[k].text != ",":
            continue
        link = k + 2 < stop and doc[k + 1].lower_ in FRAME_LINKS and doc[k + 2].text == ","
        nxt = _frame_after(doc, k + 2 if link else k, stop)
        if nxt is not None and nxt.start > a and not same_speaker(doc, f.speaker, nxt.speaker):
            return k
    return stop


def double_frames(ctx: DocContext, out: list[Attr], cues: set[int]) -> list[Attr]:
    """``out`` (the parse rules' indirect attributions) with every ``A, FRAME1, CONJ, FRAME2, B``
    sentence given A to the first speaker and B to the second, or both to the first when the
    second frame names it again (module doc). Sentences with quotation marks in A or B are left
    to the direct-quote rules."""
    doc = ctx.doc
    for sent in doc.sents:
        for c1 in ctx.commas(sent.start + 2, sent.end - 4):
            if doc[c1 + 1].lower_ not in FRAME_LINKS or doc[c1 + 2].text != ",":
                continue
            f1 = _frame_before(doc, c1, sent.start)
            f2 = _frame_after(doc, c1 + 2, sent.end)
            if f1 is None or f2 is None:
                continue
            first = _words(doc, sent.start, f1.start - 1)
            second = _words(doc, f2.end + 1, _next_frame(doc, f2, f2.end + 1, sent.end))
            if first is None or second is None or first[1] - first[0] < 2:
                continue
            if _quoted(ctx, *first) or _quoted(ctx, *second) or _quoted(ctx, f1.start, f2.end):
                continue
            a, b = chars(doc, *first), chars(doc, *second)
            sp1, sp2 = chars(doc, *f1.speaker), chars(doc, *f2.speaker)
            if same_speaker(doc, f1.speaker, f2.speaker):
                new = [Attr(a, "indirect", f1.cue, ctx.cue_range(f1.cue), sp1, more=(b,))]
            else:
                new = [
                    Attr(a, "indirect", f1.cue, ctx.cue_range(f1.cue), sp1),
                    Attr(b, "indirect", f2.cue, ctx.cue_range(f2.cue), sp2),
                ]
            frames = (doc[f1.start].idx, doc[f2.end - 1].idx + len(doc[f2.end - 1]))
            out = _rewrite(out, {f1.cue, f2.cue}, frames, new)
            cues |= {f1.cue, f2.cue}
    return sorted(out, key=lambda x: x.content)


def relative_frames(ctx: DocContext, out: list[Attr], cues: set[int]) -> list[Attr]:
    """``out`` with each ``that|which, FRAME, B`` (a relative with an inner frame: '"fair" — a
    claim that, critics said, ignored the costs') giving the frame's speaker B alone; the words
    before the relative are someone else's."""
    doc = ctx.doc
    for sent in doc.sents:
        for c in ctx.commas(sent.start + 1, sent.end - 3):
            if doc[c - 1].lower_ not in _RELATIVES or c - 2 < sent.start:
                continue
            # a relative on a noun ("a claim that", ", which"), not "That, they say, ..." or
            # "On top of that, opponents say, ..."
            before = doc[c - 2]
            if not (before.pos_ == "NOUN" or doc[c - 1].lower_ == "which" and before.text in (",", "\u2014", "--")):
                continue
            f = _frame_after(doc, c, sent.end)
            if f is None:
                continue
            words = _words(doc, f.end + 1, sent.end)
            if words is None or _quoted(ctx, *words):
                continue
            # B ends at the next frame or dash, if any
            stop = next((k for k in range(*words) if doc[k].text in ("\u2014", "--", ";")), words[1])
            words = _words(doc, words[0], stop)
            if words is None:
                continue
            new = Attr(chars(doc, *words), "indirect", f.cue, ctx.cue_range(f.cue), chars(doc, *f.speaker))
            out = [a for a in out if a.cue_i != f.cue] + [new]
            cues.add(f.cue)
    return sorted(out, key=lambda x: x.content)


def _last_frame(doc: Doc, a: int, b: int) -> Frame | None:
    """:func:`frame_between` for tokens [a, b) that end a sentence, also when the tagger took the
    final verb for a plural noun ("the local paper *reports*." tagged NNS, parsed as the noun
    phrase "paper reports"): a speech word ending in -s after a noun phrase."""
    f = frame_between(doc, a, b)
    if f is not None:
        return f
    last = doc[b - 1]
    if b - a >= 2 and last.tag_ == "NNS" and last.lower_.endswith("s") and last.text[:1].islower() \
            and last.lemma_.lower() in SPEECH_LEMMAS and _noun_phrase(doc, a, b - 1):
        return Frame(a, b, b - 1, (a, b - 1))
    return None


def trailing_frames(ctx: DocContext, out: list[Attr]) -> list[Attr]:
    """``out`` with each reading whose content is only a trailing frame ("A, the Associated Press
    reports.": content "the Associated Press reports", its cue a verb in A) replaced by the
    frame's own reading of A (from the sentence's start to the comma), or dropped when the frame's
    cue has a reading already. The parse hangs such a frame under A's verb as its clause when A's
    verb takes no clause of its own ("reported hearing a boom", usertest22 H1)."""
    doc = ctx.doc
    for at in list(out):
        if at.cue_i is None or at.more or at.kind != "indirect":
            continue
        span = doc.char_span(*at.content, alignment_mode="expand")
        if span is None or span.start < 2 or doc[span.start - 1].text != ",":
            continue
        sent = doc[span.start].sent
        end = span.end
        # (the sentence's closing stop, and the paragraph break after it in an article)
        while end < sent.end and (doc[end].is_space or doc[end].is_punct and doc[end].text not in ("\"", "\u201d")):
            end += 1
        if end != sent.end or not at.cue_i < span.start - 1 or _quoted(ctx, sent.start, sent.end):
            continue
        f = _last_frame(doc, span.start, span.end if not doc[span.end - 1].is_punct else span.end - 1)
        if f is None:
            continue
        words = _words(doc, sent.start, span.start - 1)
        out = [x for x in out if x is not at]
        if words is None or any(x.cue_i == f.cue for x in out):
            continue
        out.append(Attr(chars(doc, *words), "indirect", f.cue, ctx.cue_range(f.cue), chars(doc, *f.speaker)))
    return sorted(out, key=lambda x: x.content)


def reframe(ctx: DocContext, indirect: list[Attr], direct: list[Attr]) -> tuple[list[Attr], list[Attr]]:
    """``indirect`` and ``direct`` after :func:`double_frames`, :func:`relative_frames` and
    :func:`trailing_frames`; a direct quote hung on a cue those rewrote is dropped (the cue's
    words are now known)."""
    if not ctx.parsed:
        return indirect, direct
    cues: set[int] = set()
    indirect = trailing_frames(ctx, relative_frames(ctx, double_frames(ctx, indirect, cues), cues))
    if cues:
        direct = [d for d in direct if d.cue_i not in cues]
    return indirect, direct


def _inside(rng: tuple[int, int], pieces: list[tuple[int, int]]) -> bool:
    return any(p[0] <= rng[0] and rng[1] <= p[1] for p in pieces)


def _frame_speaker(ctx: DocContext, cue: int) -> tuple[int, int] | None:
    """The speaker (chars) of the frame around token ``cue``: its words between the nearest
    commas, stops or quotation marks; None when they are no frame of ``cue``."""
    doc = ctx.doc
    stops = (",", ".", ";", ":")
    a = cue
    while a > 0 and doc[a - 1].text not in stops and a - 1 not in ctx.in_run and cue - a < 8:
        a -= 1
    b = cue + 1
    while b < len(doc) and doc[b].text not in stops and b not in ctx.in_run and b - cue < 10:
        b += 1
    f = frame_between(doc, a, b)
    return chars(doc, *f.speaker) if f is not None and f.cue == cue else None


def own_speakers(ctx: DocContext, attrs: list[Attr]) -> None:
    """Set each attribution's speaker anew when it lies inside a piece of its own group ('"Our
    figures," the agency said in a statement, "are sound," it added': not "Our figures"): the
    speaker of the frame around one of the group's cues that lies outside the pieces, or None
    when no cue of the group stands in such a frame."""
    if not ctx.parsed:
        return
    # only the words between a quote's own marks: PolNeAR's contents may hold their speaker
    # ("which she said had cost the town its ferry", "what scientists think is necessary")
    pieces: dict[int, list[tuple[int, int]]] = {}
    for at in attrs:
        if at.run is not None:
            pieces.setdefault(at.group, []).append(at.run.inner)
    fixed: dict[int, tuple[int, int] | None] = {}
    for at in attrs:
        if at.speaker is None or not _inside(at.speaker, pieces.get(at.group, [])):
            continue
        if at.group not in fixed:
            found = None
            for o in attrs:
                if o.group == at.group and o.cue_i is not None:
                    sp = _frame_speaker(ctx, o.cue_i)
                    if sp is not None and not _inside(sp, pieces[at.group]):
                        found = sp
                        break
            fixed[at.group] = found
        at.speaker = fixed[at.group]
