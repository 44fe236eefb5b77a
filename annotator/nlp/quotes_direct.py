"""Direct quotes: quoted runs from the character scanner, with the cue and speaker found in the
words right after the closing mark ("...," Lavrov said) or right before the opening one
(Lavrov said: "..."). Works without a parser."""

from __future__ import annotations

from annotator.nlp.quotes_doc import SENT_END, Attr, DocContext, chars, is_break, trim
from annotator.nlp.quotes_lexicon import DASHES
from annotator.nlp.quotes_marks import QuotedRun
from annotator.nlp.quotes_speakers import cap, speaker_for


def _after_frame(ctx: DocContext, close_i: int) -> tuple[int, int]:
    doc, i = ctx.doc, close_i + 1
    while i < len(doc) and i - close_i <= 14:
        t = doc[i]
        if i in ctx.open_toks or t.is_space and "\n" in t.text:
            break
        i += 1
        if t.text in SENT_END or t.text == ";" or is_break(t):
            break
    return close_i + 1, i


def _before_frame(ctx: DocContext, open_i: int) -> tuple[int, int]:
    doc, i = ctx.doc, open_i
    while i > 0 and open_i - i < 25:
        t = doc[i - 1]
        if t.text in SENT_END or is_break(t) or (i - 1) in ctx.close_toks:
            break
        i -= 1
    return i, open_i


def _substantive(ctx: DocContext, run: QuotedRun) -> bool:
    """Sentence-like quoted text (a statement), not a scare-quoted phrase or a title."""
    inner = ctx.text[run.inner[0] : run.inner[1]].strip()
    words = inner.split()
    if len(words) < 5:
        return False
    starts_sentence = inner[:1].isupper() or inner[:1] in "[(\u2026."
    ends_sentence = inner[-1:] in ".?!,\u2026" or ctx.text[run.outer[1] : run.outer[1] + 1] in (".", ",")
    return starts_sentence and (ends_sentence or len(words) >= 8)


def _after_cue(ctx: DocContext, lo: int, hi: int) -> int | None:
    """A cue right after a quote: 'said', 'X said', 'according to', or a dash before a name."""
    doc = ctx.doc
    if lo < hi and doc[lo].text in DASHES and lo + 1 < hi and cap(doc[lo + 1]):
        return lo
    return next((i for i in range(lo, min(hi, lo + 9)) if ctx.is_cue(doc[i])), None)


def direct_quotes(ctx: DocContext) -> list[Attr]:
    doc, text = ctx.doc, ctx.text
    out: list[Attr] = []
    for run in ctx.runs:
        a, b = run.inner
        while a < b and text[a].isspace():
            a += 1
        while b > a and (text[b - 1].isspace() or text[b - 1] == ","):
            b -= 1
        if b <= a:
            continue
        attr = Attr((a, b), "direct", run=run)
        oi, ci = ctx.tok(run.open), ctx.tok(run.outer[1] - 1)
        lo, hi = _after_frame(ctx, ci)
        cue = _after_cue(ctx, lo, hi)
        if cue is not None:
            attr.cue_i, attr.cue = cue, ctx.cue_range(cue)
            attr.speaker = speaker_for(ctx, cue, lo, hi)
        else:
            lo, hi = _before_frame(ctx, oi)
            cues = [i for i in range(lo, hi) if ctx.is_cue(doc[i])]
            if cues:
                cue = cues[-1]
                gap = [t for t in doc[cue + 1 : hi] if not t.is_punct and not t.is_space]
                attr.cue_i, attr.cue = cue, ctx.cue_range(cue)
                attr.speaker = speaker_for(ctx, cue, lo, hi)
                nxt = ci + 1
                mid_clause = nxt < len(doc) and doc[nxt].is_alpha and not _substantive(ctx, run)
                if (len(gap) > 4 or mid_clause) and doc[cue].lower_ != "according":
                    # 'X said the plan would "create jobs"': the quote is part of a reported clause
                    attr.kind = "mixed"
                    end = nxt
                    while mid_clause and end < len(doc) and doc[end].text not in SENT_END and not is_break(doc[end]):
                        end += 1
                    s = trim(doc, cue + 1, end if mid_clause else ci + 1)
                    if s:
                        attr.content = (chars(doc, *s)[0], chars(doc, *s)[1] if mid_clause else b)
        if run.single and (attr.cue is None or len(text[a:b].split()) < 3):
            continue  # ‘...’ is also used for titles and terms: a quote only with a cue
        attr.short = not _substantive(ctx, run)
        attr.weak = attr.cue is None and attr.short
        out.append(attr)
    return out
