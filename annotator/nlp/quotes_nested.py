"""A quote inside a quote with its own speaker and cue is an attribution of its own.

Issue 10: "a quote nested inside another quote only when it has its own speaker and cue". In
``'When he told me "we are done," I believed him,' Jones said.`` the outer quote is Jones's
(cue *said*) and the inner «we are done» is *he*'s (cue *told*), both emitted, their QUOTE spans
overlapping. The inner quote's attribution is read from the words of the outer quote only:

* before its opening mark, in the same sentence: a cue with at most :data:`_MAX_GAP` words
  between it and the mark ("he told me '…'", "Smith said, '…'", "according to the mayor, '…'"),
  the quote introduced (a comma or colon before the mark, or the cue right before it) or of three
  words or more at most :data:`_TIGHT_GAP` words after the cue: 'we said the "experts" were
  wrong' quotes a phrase inside a reported clause, no quote of its own;
* else after its closing mark, up to the outer quote's end or the sentence's: a verb of speech
  (not of thought: "'…,' I believed him" is the outer speaker's belief, no attribution) that the
  quote may take by :func:`quotes_direct.attribution_follows`, with only speaker words between
  ("'…,' the governor told us", not "'…' and I agree").

Both cues are verbs of speech ("say", "tell", "ask"…) or "according to": a verb of thought or
perception ("I heard 'Lock her up'", "I think 'this is it'") quotes words nobody is said to
have said there. The speaker is the cue's as for any quote (:func:`quotes_speakers.speaker_for`), and must stand
inside the outer quote. A nested quote with no cue or no speaker there (a scare quote, a term, a
phrase the outer speaker quotes without saying who said it) and a title (every word capitalised:
'The Old Man and the Sea') are no attributions: they stay content of the outer quote. One level
deep (:func:`quotes_marks.nested_runs`).
"""

from __future__ import annotations

from annotator.nlp.quotes_direct import _speakerish, attribution_follows
from annotator.nlp.quotes_doc import SENT_END, Attr, DocContext, is_break
from annotator.nlp.quotes_lexicon import SPEECH_LEMMAS
from annotator.nlp.quotes_marks import QuotedRun
from annotator.nlp.quotes_speakers import speaker_for
from annotator.nlp.quotes_types import Range

_MAX_GAP = 4  # words between a cue and the opening mark ("told me in an email, '…'")
_TIGHT_GAP = 2  # "he told me '…'": so close the cue before wins over a verb after the quote
_NOBODY = frozenset({"nobody", "no one", "none", "no-one", "noone", "nobody else", "no one else"})
_SMALL = frozenset("a an the of and or in on at to for by with from de la le von van".split())


def _bounds(text: str, run: QuotedRun) -> Range:
    """The nested quote's content: inside its marks, without spaces and a trailing comma."""
    a, b = run.inner
    while a < b and text[a].isspace():
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] == ","):
        b -= 1
    return a, b


def _title(words: list[str]) -> bool:
    """'The Old Man and the Sea', 'Project Sunrise': two words or more, every one capitalised
    but small ones (a one-word quote, "Yes," is said as often as it is a name)."""
    caps = [w for w in words if w.lower() not in _SMALL or w is words[0]]
    return len(words) >= 2 and all(w[:1].isupper() or not w[:1].isalpha() for w in caps) and not words[-1].endswith((".", "!", "?"))


def _speech_cue(ctx: DocContext, i: int) -> bool:
    t = ctx.doc[i]
    return ctx.is_cue(t) and (t.lower_ == "according" or not ctx.parsed or t.lemma_.lower() in SPEECH_LEMMAS)


def _attribution(ctx: DocContext, outer: QuotedRun, run: QuotedRun) -> Attr | None:
    doc, text = ctx.doc, ctx.text
    a, b = _bounds(text, run)
    words = text[a:b].split()
    if not words or _title(words):
        return None
    first = ctx.tok(outer.inner[0])
    if doc[first].idx < outer.inner[0]:
        first += 1  # the outer mark is a token of its own or glued to the word after it
    last = ctx.tok(outer.close)  # the outer closing mark: the frame stops before it
    oi, ci = ctx.tok(run.open), ctx.tok(run.outer[1] - 1)
    before: tuple[int, int, int] | None = None  # cue, frame lo, frame hi
    lo = oi
    while lo > first and not (doc[lo - 1].text in SENT_END or is_break(doc[lo - 1])):
        lo -= 1
    cues = [i for i in range(lo, oi) if _speech_cue(ctx, i)]
    if cues:
        cue = cues[-1]
        gap = [t for t in doc[cue + 1 : oi] if not (t.is_punct or t.is_space)]
        if doc[cue].lower_ == "according":
            gap = gap[1:]  # "according to X": "to" belongs to the cue
        mark = doc[oi - 1].text if oi > 0 else ""
        # "he told me 'no'": only the addressee between a verb of telling and the mark
        introduced = mark in (",", ":") or len(gap) == 0 or len(gap) == 1 and gap[0].pos_ == "PRON" and gap[0].lower_ != "it"
        # 'we said the "experts" were wrong': a phrase quoted inside a reported clause is no
        # quote of its own; an introduced one ("told me, '…'", "said '…'") or a sentence is
        if len(gap) <= _MAX_GAP and (introduced or len(gap) <= _TIGHT_GAP and len(words) >= 3):
            before = cue, lo, oi
    after: tuple[int, int, int] | None = None
    hi = ci + 1
    while hi < last and hi - ci <= 14 and not (doc[hi].text in SENT_END or doc[hi].text == ";" or is_break(doc[hi])):
        hi += 1
    near = next((i for i in range(ci + 1, min(hi, ci + 10)) if _speech_cue(ctx, i)), None)
    if near is not None and attribution_follows(ctx, run, near) and all(
        doc[k].is_punct or doc[k].is_space or _speakerish(ctx, k) for k in range(ci + 1, near)
    ):  # "'…,' the governor told us", not "'…' and I agree"
        after = near, ci + 1, hi
    if before is not None and (after is None or len([t for t in doc[before[0] + 1 : oi] if t.is_alpha]) <= _TIGHT_GAP):
        pick = before
    else:
        pick = after or before
    if pick is None:
        return None
    cue, lo, hi = pick
    speaker = speaker_for(ctx, cue, lo, hi)
    if speaker is None or not (outer.inner[0] <= speaker[0] and speaker[1] <= outer.close):
        return None  # no speaker of its own inside the outer quote: part of the outer content
    if text[speaker[0] : speaker[1]].lower() in _NOBODY:
        return None  # "nobody would say '…'": words no one said
    return Attr((a, b), "direct", cue, ctx.cue_range(cue), speaker, run=run, nested=True)


def nested_quotes(ctx: DocContext, attrs: list[Attr]) -> list[Attr]:
    """The quotes nested in the quoted runs of ``attrs`` (grouped, in text order) that have a
    speaker and a cue of their own inside the outer quote, each its own group (numbered after
    ``attrs``'), in text order. Only runs inside the content of an attribution in ``attrs``."""
    if not ctx.nested:
        return []
    contents = [(a.content, *a.more) for a in attrs]
    group = max((a.group for a in attrs), default=-1) + 1
    out: list[Attr] = []
    for outer, inner in ctx.nested.items():
        for run in inner:
            if not any(c[0] <= run.open and run.outer[1] <= c[1] + 1 for parts in contents for c in parts):
                continue  # the outer quoted stretch is no attribution here
            at = _attribution(ctx, outer, run)
            if at is not None:
                at.group = group
                group += 1
                out.append(at)
    return sorted(out, key=lambda x: x.content)
