"""A content that opens a quotation mark takes its closing mark (usertest17 L-h).

The rules end a reported clause where the parse ends it, and the parse hangs the final full stop
and the closing mark on the main verb: 'Jones told the AP that the plan "would never work."'
gave the content 'the plan "would never work.' -- an opening mark without its closing one, which
an analyst has to correct by hand (12 of 381 quotes on 20 polnear-dev articles in usertest17).
:func:`to_closing_marks` runs such a content on to the closing mark of every quotation it opens,
with the punctuation inside it, when that mark closes in the same sentence and nothing of the
attribution's frame (its cue, its speaker) or another piece of it lies in between. Pure; no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from annotator.nlp.quotes_doc import Attr, DocContext
from annotator.nlp.quotes_marks import QuotedRun
from annotator.nlp.quotes_types import Range


def _all_runs(ctx: DocContext) -> list[QuotedRun]:
    """Every quotation of the text: the top-level runs and those nested inside them."""
    runs = list(ctx.runs)
    for inner in ctx.nested.values():
        runs.extend(inner)
    return runs


def _closing_end(ctx: DocContext, piece: Range, runs: Sequence[QuotedRun], frame: Sequence[Range]) -> int:
    """The end (character offset) of content ``piece`` run on to the closing mark of the last
    quotation opening inside it and closing after it, in the same sentence (no line break
    between; the same parsed sentence when there is a parse and words between), with no range
    of ``frame`` in between; ``piece[1]`` when there is none."""
    a, b = piece
    end = b
    for r in runs:
        if not (a <= r.open < b < r.outer[1]) or r.outer[1] <= end:
            continue
        if "\n" in ctx.text[b : r.outer[1]]:
            continue
        if any(b <= f[0] < r.outer[1] for f in frame):
            continue
        if ctx.parsed and any(ch.isalnum() for ch in ctx.text[b : r.close]) \
                and ctx.doc[ctx.tok(b - 1)].sent.start != ctx.doc[ctx.tok(r.close)].sent.start:
            continue  # (only punctuation between, '."': the parse may start a sentence at the mark)
        end = r.outer[1]
    return end


def to_closing_marks(ctx: DocContext, attrs: list[Attr]) -> None:
    """Run the content pieces of ``attrs`` (in place) on to the closing mark of each quotation
    they open and do not close (:func:`_closing_end`)."""
    runs = _all_runs(ctx)
    if not runs:
        return
    for at in attrs:
        pieces = (at.content, *at.more)
        frame = [r for r in (at.cue, at.speaker) if r is not None] + [p for p in pieces]
        new = []
        for p in pieces:
            others = [f for f in frame if f != p]
            new.append((p[0], _closing_end(ctx, p, runs, others)))
        if tuple(new) != pieces:
            at.content, at.more = new[0], tuple(new[1:])


# after a closing mark, the writer's own guess at a reason, no part of the speaker's words
# (usertest18 M6, in invented words: 'the clinic said the patient "is not a doctor, is a man
# we are treating” possibly because he had not finished his training')
HEDGE_AFTER = re.compile(
    r"\s*(?:possibly|probably|perhaps|presumably|apparently|likely|maybe|seemingly|evidently|reportedly|most likely)"
    r"\s+(?:because|since|as|given|due\s+to|owing\s+to)\b",
    re.IGNORECASE,
)


def before_hedges(ctx: DocContext, attrs: list[Attr]) -> None:
    """End each content piece of ``attrs`` (in place) at the closing mark of a quotation inside
    it that the writer's hedged reason follows (:data:`HEDGE_AFTER`), whatever the marks
    (straight, curly, mixed, single, guillemets)."""
    text = ctx.text
    # (the few quotations a hedge follows, found once: most articles have none)
    runs = sorted((r for r in _all_runs(ctx) if HEDGE_AFTER.match(text, r.outer[1])), key=lambda r: r.open)
    if not runs:
        return
    for at in attrs:
        pieces = (at.content, *at.more)
        new = []
        for a, b in pieces:
            for r in runs:
                if a <= r.open and r.outer[1] < b:
                    b = r.outer[1]
                    break
            new.append((a, b))
        if tuple(new) != pieces:
            at.content, at.more = new[0], tuple(new[1:])


def to_opening_marks(ctx: DocContext, attrs: list[Attr]) -> None:
    """Start each content piece of ``attrs`` (in place) at the opening mark of a quotation whose
    first word it starts with and whose closing mark it holds ('said on Monday that ‘the port’
    is closed' gave 'the port’ is closed': the trim of a reported clause keeps double opening
    marks only). Single marks only: with double ones the opening mark would also change the
    kind by quotes_kind's count (marks not counted) away from the scorer's (marks counted):
    the held-out slice lost a right direct quote (direct F1 0.9092 -> 0.9086)."""
    runs = [r for r in _all_runs(ctx) if r.single]
    if not runs:
        return
    text = ctx.text
    for at in attrs:
        pieces = (at.content, *at.more)
        new = []
        for a, b in pieces:
            for r in runs:
                if r.open < a and r.outer[1] <= b and not text[r.inner[0] : a].strip():
                    a = r.open
                    break
            new.append((a, b))
        if tuple(new) != pieces:
            at.content, at.more = new[0], tuple(new[1:])
