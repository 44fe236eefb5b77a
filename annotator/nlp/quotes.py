"""Quote (attribution) suggestions from a spaCy ``Doc``: direct, indirect and mixed.

Pure functions over one ``Doc``; offsets are code points (``token.idx``), the text is never
changed. Direct quotes come from a character scanner (:mod:`quotes_marks`) and work without a
parser; cue and speaker then come from the words next to the quote. With a trained pipeline the
dependency parse adds indirect speech ("X said (that) ...", "according to X, ...") and better
speakers (the cue verb's subject).

Design choices:
* An interrupted quote (``"A," Lavrov said, "B."``) gives two QUOTE spans, one per quoted
  stretch (a QUOTE never covers the attribution words), sharing one ``group`` and so one CUE and
  one SPEAKER; :func:`add_quotes` stores them as one discontinuous QUOTE (``FRAGMENT``). Likewise "A, he said, B" in reported speech, and a quote
  running over paragraphs: one piece per paragraph, the reopening mark of the next paragraph
  outside the content.
* A quoted stretch without a cue is kept only when it looks like a statement (several words,
  sentence-like); it then continues the previous attribution (of the outer reading there, not of
  one nested in it): its speaker and cue, and its group, so that '"A," she said.\n\n"B."' is one
  attribution of two pieces, as PolNeAR annotates it.
* Direct, mixed or indirect is one definition for rules and model (:mod:`quotes_kind`): the
  rules work with a reading whose content more than half inside double quote marks is direct,
  even when the parse found it as a reported clause ("argued that X “...” and that “...”"); the
  QUOTE's label is the README's (:func:`with_shown_kinds`: direct only when every word is
  quoted, a reported clause with quoted words mixed, usertest32 L7). Short quoted phrases (scare
  quotes, titles) are dropped, or become part of a ``mixed`` indirect quote around them.
* Every quotation mark of Unicode and common typesetting is recognised, paired as the languages
  using it pair them (:mod:`quotes_pairs`). Secondary marks on their own (‘...’, '...', 『...』,
  outside any primary quote) count only with a cue next to them and at least three words;
  apostrophes (don't, the '90s, students' books) never open or close a quote.
* A content completing a speech or stance noun ("his claim that ...") is attributed to the
  noun's possessor, its from/by complement or its light verb's subject (:mod:`quotes_noun_cue`).
* A quote that ends its sentence ("... vote.") takes no cue or speaker from the sentence after it
  (except a sentence of only a speaker and a plain verb of saying, '"... missing." Trump said.',
  or a dash credit, "- Sanders." on the next line);
  after ?, ! or … the attribution may still follow ("...?" she asked). One quotation, one QUOTE.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Mapping

from spacy.tokens import Doc, Token

from annotator.domain.model import FRAGMENT
from annotator.domain.suggestions import SuggestedSpan, SuggestionSet
from annotator.nlp.coref import MentionIndex, as_written
from annotator.nlp.quotes_closing import before_hedges, to_closing_marks, to_opening_marks
from annotator.nlp.quotes_colon import UPPER, colon_attributions, is_label_symbol, link_headlines
from annotator.nlp.quotes_contentless import without_contentless
from annotator.nlp.quotes_direct import _after_frame, and_clause_then_frame, attribution_follows, before_writers_relative, closed_at_mark, direct_quotes, framed_speaker, frame_to_next_quote, sentence_final, speaker_past_asides
from annotator.nlp.quotes_frames import own_speakers, reframe
from annotator.nlp.quotes_doc import Attr, DocContext, annotations_fixed, chars, doc_text
from annotator.nlp.quotes_indirect import indirect_quotes
from annotator.nlp.quotes_kind import QuotedChars, settle_kind, shown_kind
from annotator.nlp.quotes_lexicon import COGNITION_LEMMAS, DASHES, MARK_TOKENS, PERSONAL_PRONOUNS, RELATIVE_PRONOUNS, SPEECH_LEMMAS
from annotator.nlp.quotes_marks import _reopen_at, reopen_past_caption
from annotator.nlp.quotes_nested import nested_quotes
from annotator.nlp.quotes_noun_cue import noun_cue_speakers
from annotator.nlp.quotes_overlap import one_stretch
from annotator.nlp.quotes_previous_speaker import previous_speaker
from annotator.nlp.quotes_readings import one_reading
from annotator.nlp.quotes_speakers import NOT_SPEAKERS, SUBJ, free_relative_speaker, np_range, object_speaker, person_like, relative_pronoun, whose_owner
from annotator.nlp.quotes_types import Quote, Range
from annotator.nlp.speaker_time import without_time_words

__all__ = ["Quote", "add_quotes", "suggest", "suggest_quotes", "with_model_attributions"]


def _overlap(x: Range, y: Range) -> int:
    return max(0, min(x[1], y[1]) - max(x[0], y[0]))


class _ByStart:
    """Direct quotes sorted by start, to find those overlapping a range without a full scan."""

    def __init__(self, attrs: list[Attr]) -> None:
        self.attrs = sorted(attrs, key=lambda a: a.content[0])
        self.starts = [a.content[0] for a in self.attrs]
        self.longest = max((a.content[1] - a.content[0] for a in attrs), default=0)
        self.alive: set[int] = {id(a) for a in attrs}

    def overlapping(self, rng: Range) -> list[Attr]:
        lo = bisect.bisect_left(self.starts, rng[0] - self.longest)
        hi = bisect.bisect_left(self.starts, rng[1])
        return [a for a in self.attrs[lo:hi] if id(a) in self.alive and _overlap(a.content, rng) > 0]

    def remove(self, a: Attr) -> None:
        self.alive.discard(id(a))

    def __contains__(self, a: Attr) -> bool:
        return id(a) in self.alive


def _after_closed_quote(ctx: DocContext, ind: Attr, d: Attr) -> bool:
    """Whether ``ind`` reads quote ``d`` as what its cue reports although the cue stands in the
    sentence after ``d`` ended (``"... vote." Critics disagreed.`` parsed as one sentence)."""
    return (
        d.run is not None and ind.cue_i is not None and ind.cue is not None
        and ind.cue[0] >= d.run.outer[1] and not attribution_follows(ctx, d.run, ind.cue_i)
    )


def _introduced_by(ctx: DocContext, d: Attr, ind: Attr) -> bool:
    """Whether ``ind`` is direct quote ``d`` read through the cue of a colon introduction right
    before its opening mark ("X said: \"...\"") while ``d`` took another cue after it: the
    reported content starts with the quote and covers it (a parse may run on past the closing
    mark)."""
    if d.run is None or d.kind != "direct" or d.cue_i is None or d.cue_i == ind.cue_i or ind.cue is None:
        return False
    if not (ind.cue[1] <= d.run.open and ctx.text[ind.cue[1] : d.run.open].strip() == ":"):
        return False
    return d.run.open <= ind.content[0] <= d.content[0] and _overlap(d.content, ind.content) >= 0.8 * (d.content[1] - d.content[0])


# a sentence end with more words after it, inside a quote
_SENTENCE_GOES_ON = re.compile(r"[.?!\u2026]\s+\S")


def _within_marks(ctx: DocContext, attrs: list[Attr]) -> list[Attr]:
    """``attrs`` (parse readings) with each content cut at the closing mark of a quote that ends
    its clause (:func:`quotes_direct.closed_at_mark`): a content the quote opens ('said "the
    mayor will win," which surprised the council') is the quote's words alone; a content with the
    quote inside ('said the plan would "create jobs," and the mayor agreed') ends with its
    closing mark. A content the parse ended inside a quote it started before ('the plan would
    "create jobs' short of ',"') runs to the closing mark. Transcript turns are left alone."""
    runs = [r for r in ctx.runs if not r.single]
    if not runs:
        return attrs
    text = ctx.text
    for at in attrs:
        if at.cue is None or text[at.cue[0] : at.cue[1]] == ":" or at.more:
            continue
        a, b = at.content
        for run in runs:
            if run.open >= b:
                break
            if run.outer[1] <= a:
                continue
            opens = run.open <= a <= run.inner[0] or (a < run.open and not text[a : run.open].strip(" \t"))
            through = and_clause_then_frame(ctx, at, run) if opens and b >= run.inner[1] - 1 else None
            if through is not None:
                at.content = (min(a, run.open), through)  # from the opening mark, as gold's contents are
                break
            if opens and b > run.outer[1] and closed_at_mark(ctx, run, opens=True):
                lo, hi = run.inner
                while lo < hi and text[lo].isspace():
                    lo += 1
                while hi > lo and (text[hi - 1].isspace() or text[hi - 1] in ",;"):
                    hi -= 1
                if hi > lo:
                    at.content = (lo, hi)
                break
            if a < run.open and b > run.outer[1] and closed_at_mark(ctx, run, opens=False):
                at.content = (a, run.outer[1])
                break
            if a < run.open and run.inner[0] < b < run.outer[1] and not _SENTENCE_GOES_ON.search(text, b, run.inner[1]):
                at.content = (a, run.outer[1])  # only the rest of its sentence: ',"' or '."'
                break
    return attrs


def _merge(ctx: DocContext, direct: list[Attr], indirect: list[Attr]) -> list[Attr]:
    """Direct quotes absorb the indirect reading of the same cue; short quoted pieces inside a
    reported clause make it ``mixed``. A reading that gives a quote the cue of the sentence after
    it is dropped: one quotation, one QUOTE, attributed by its own sentence."""
    keep_direct = _ByStart(direct)
    result: list[Attr] = []
    by_cue = {d.cue_i: d for d in direct if d.cue_i is not None}
    for ind in indirect:
        if _holds_a_frame(ctx.text, ind, direct):
            # '"A," X said on Monday, "b," he said, "c."': the parse made the second piece and its
            # own frame ("he said") part of X's reported clause; the quotes and frames in the
            # marks read it right, and no content holds another quote's frame
            continue
        same = by_cue.get(ind.cue_i)
        near = keep_direct.overlapping(ind.content)
        length = ind.content[1] - ind.content[0]
        if any(_overlap(d.content, ind.content) >= 0.5 * (d.content[1] - d.content[0]) and _after_closed_quote(ctx, ind, d) for d in near):
            continue
        if same is not None and same in keep_direct and _speaker_then_quote(ctx, same, ind):
            continue
        if same is not None and same in keep_direct:
            if ind.speaker and (ctx.tok(ind.speaker[0]) not in ctx.in_run or same.speaker is None):
                # the parser's subject beats the word-window guess, unless it is quoted words
                # ('"The port," Ana Ruiz, 54, said': the parse made "The port" the subject) or
                # an aside of the speaker phrase after the quote ('added the governor, the
                # opposition leader, who ...': the parse's subject "the opposition leader")
                close = ctx.tok(same.run.outer[1] - 1) if same.run is not None else len(ctx.doc)
                same.speaker = speaker_past_asides(ctx, close + 1, same.cue_i, ind.speaker) if same.cue_i > close else ind.speaker
            if _clause_then_colon_quote(ctx, ind, same):
                # 'X said it was never planned as big: "B"': the clause is X's report, the
                # colon quote X's words; two readings of one cue, neither absorbs the other
                result.append(ind)
                continue
            if _narration_colon_quote(ctx, ind, same):
                # 'Also, he can't stop swearing: "A," his mother said': the writer's sentence
                # before the colon is no part of her words (PolNeAR gold: 7 contents start at
                # the mark after such a colon, none holds the narration; rules46)
                continue
            if (_overlap(same.content, ind.content) >= 0.6 * length and not _subject_before_quote(ctx, ind, same)) or not (
                same.content[0] >= ind.content[0] and same.content[1] <= ind.content[1] + 2
            ):
                continue
            keep_direct.remove(same)
            ind.kind = "mixed"
        twin = next((d for d in near if _introduced_by(ctx, d, ind)), None)
        if twin is not None:
            # 'One local said: "...," the Mirror reports': one quotation, one QUOTE, and the colon
            # introduction names its speaker
            if by_cue.get(twin.cue_i) is twin:
                del by_cue[twin.cue_i]  # the cue after the quote is no longer its attribution
            twin.cue_i, twin.cue, twin.speaker = ind.cue_i, ind.cue, ind.speaker
            continue
        absorbed = False
        # 'KERR: Because he said, "I will veto it."', 'ADAMS: He told me "we will send troops."':
        # a transcript turn is its speaker's own words, and a quote inside it with a cue of its
        # own is an attribution of its own, not a phrase the turn mixes in
        for d in [
            d for d in near
            if d.cue_i is not None and d.cue_i != ind.cue_i and d.short and d.cue is not None and not (ind.turn and _said(ctx, d))
            and not _framed_inside_source(ctx, ind, d)
        ]:
            # 'X conceded there are "some voters" who think so': a phrase quoted inside a
            # reported clause, its nearby verb is part of the clause, not its own attribution
            inside = ind.content[0] <= d.content[0] and d.content[1] <= ind.content[1] + 2
            if inside and ind.content[0] <= d.cue[0] < ind.content[1]:
                keep_direct.remove(d)
                ind.kind = "mixed"
        for d in [d for d in near if d.cue_i is None and d in keep_direct]:
            if not d.weak and _overlap(d.content, ind.content) >= 0.6 * length:
                d.cue_i, d.cue, d.speaker = ind.cue_i, ind.cue, ind.speaker
                absorbed = True
                break
            keep_direct.remove(d)
            ind.kind = "mixed"
        if not absorbed:
            if ind.kind == "mixed" and not ind.more:
                ind.content = before_writers_relative(ctx, ind.content)
            result.append(ind)
    result.extend(d for d in direct if d in keep_direct)
    result.sort(key=lambda x: x.content)
    return result


def _subject_before_quote(ctx: DocContext, ind: Attr, d: Attr) -> bool:
    """Whether reported clause ``ind`` has its subject and its verb before the opening mark of
    quote ``d`` of the same cue, outside the marks ('she said *she was not in* "a place to
    ..."', 'said *Reyes had* "the chance and the duty ..."'): the clause is the report, the
    quote a part of it (``mixed``), as PolNeAR's gold has it; the quote alone lost the
    negation (usertest29 M2 d, rules45)."""
    if d.run is None or not ctx.parsed or ind.content[0] >= d.run.open:
        return False
    doc = ctx.doc
    a, o = ctx.tok(ind.content[0]), ctx.tok(d.run.open)
    before = doc[a:o]
    if len(before) < 2 or any(t.text in (",", ":", ";") or t.is_space for t in before):
        return False
    subj = [t for t in before if t.dep_ in ("nsubj", "nsubjpass") and t.head.i < o and t.head.i >= a]
    return any(t.head.pos_ in ("VERB", "AUX") for t in subj)


def _narration_colon_quote(ctx: DocContext, ind: Attr, d: Attr) -> bool:
    """Whether reading ``ind`` runs from the writer's words before a colon into direct quote
    ``d`` of the same cue, and that cue stands after the quote ('Also, he can't stop swearing:
    "A," his mother said'): the parse made the narration part of the cue's clause; the quote
    is the report (usertest29 M2 d, row 1261 kind)."""
    if d.run is None or d.cue is None or d.cue[0] < d.run.outer[1] or ind.content[0] >= d.run.open:
        return False
    return ctx.text[ind.content[0] : d.run.open].rstrip().endswith(":")


def _before_framed_colon_quote(ctx: DocContext, attrs: list[Attr]) -> None:
    """Cut, in place, each reading whose content runs from before a colon into a direct quote
    that has its own frame after it ('When asked to confirm it, a source did so, with a caveat:
    "A," the source said': the "asked" / "confirm" readings end at the colon). PolNeAR gold has
    no content running on through such a colon (rules46); a reading left with nothing is kept
    as it was."""
    for d in attrs:
        if d.run is None or d.cue is None or d.cue[0] < d.run.outer[1]:
            continue
        for at in attrs:
            if at is d or at.more or at.cue is None or at.cue_i == d.cue_i or at.cue[1] > at.content[0]:
                continue
            if not at.content[0] < d.run.open < at.content[1] or not _narration_colon_quote(ctx, at, d):
                continue
            colon = ctx.text.rindex(":", at.content[0], d.run.open)
            end = at.content[0] + len(ctx.text[at.content[0] : colon].rstrip())
            if end > at.content[0]:
                at.content = (at.content[0], end)
                if at.kind == "mixed":
                    at.kind = "indirect"  # settle_kind raises it again if quoted words are left


def _clause_then_colon_quote(ctx: DocContext, ind: Attr, d: Attr) -> bool:
    """Whether reading ``ind`` ends at the colon that opens direct quote ``d`` of the same cue,
    outside it, and that cue stands before both ('X said the fair was never intended to grow so
    thing: "..."'; not '... the code it embodied: "...," he said', where the parse made the
    clause before the colon the report of the cue after the quote)."""
    return (
        d.run is not None and not ind.more and ind.content[1] <= d.run.open
        and d.cue is not None and d.cue[1] <= ind.content[0]
        and ctx.text[ind.content[1] : d.run.open].strip() == ":"
    )


def _speaker_then_quote(ctx: DocContext, d: Attr, ind: Attr) -> bool:
    """Whether the indirect reading ``ind`` of direct quote ``d``'s cue starts at the speaker
    after the cue and holds ``d``, where only that speaker and its apposition stand between cue
    and mark ('"A," said the chief economist, Omar Haddad, "B."': the parse made the speaker the
    subject of B's verb; the frame is no part of the content, usertest19 H1)."""
    if d.run is None or d.cue_i is None or d.cue_i + 1 >= len(ctx.doc):
        return False
    oi = ctx.tok(d.run.open)
    return d.cue_i < oi and ind.content[0] <= ctx.doc[d.cue_i + 1].idx < d.content[0] and framed_speaker(ctx, d.cue_i, oi)


def _framed_inside_source(ctx: DocContext, ind: Attr, d: Attr) -> bool:
    """Whether quote ``d`` has its own frame after it inside the content of the "according to"
    reading ``ind`` ('"I never said that," *he said*, according to a spokesman'): his quote,
    which the source reports, not a phrase quoted inside a reported clause; both readings stay
    (``quotes_readings._said_inside_source`` marks the quote nested)."""
    return (
        ind.cue_i is not None and ctx.doc[ind.cue_i].lower_ == "according" and d.cue is not None
        and ind.content[0] <= d.content[0] and d.content[1] <= d.cue[0] < ind.content[1] and d.speaker is not None
        and _FRAME_GAP.fullmatch(ctx.text[d.content[1] : min(d.cue[0], d.speaker[0])]) is not None
    )


# between a quote's last word and its own frame: a comma (or ? !) and closing marks, then at most
# four words of the speaker ('," the judge ', '?" he ')
_FRAME_GAP = re.compile(r"""[\s"'\u201d\u2019]*[,?!][\s"'\u201d\u2019]*(?:[^\s,.;:]+\s+){0,4}""")


def _holds_a_frame(text: str, ind: Attr, direct: list[Attr]) -> bool:
    """Whether a piece of reading ``ind`` holds the opening mark of a quotation of ``direct`` that
    has its own frame right after it (a comma, then at once its speaker and cue, at most four words:
    "he said", "Holt added", "said the mayor"), a cue other than ``ind``'s, which stands before
    the quotation: '"the plan is dead," he said' is a quote and its attribution, nobody's
    content. The piece holds the frame, or is a later piece that stops inside the marks (a
    reading whose only words are one quotation is left alone); one that ends with the
    closing mark is a reported clause ending in a quoted phrase ('calling him "a fool," she
    said'), a reading of its own. A quoted phrase followed by a participle
    ('was "corrupt," noting that') has no speaker in its frame and is left to the reading.
    The quotation ends in a comma (inside or after its closing mark), as a quote before its frame
    does; a phrase quoted inside a reported clause ('there are "some voters" who') does not."""
    for k, (a, b) in enumerate((ind.content, *ind.more)):
        for d in direct:
            if (
                d.run is not None and d.cue is not None and d.cue_i is not None and d.cue_i != ind.cue_i
                and d.speaker is not None and ind.cue is not None and ind.cue[1] <= d.run.open
                and a <= d.run.open < b and (k > 0 and b < d.run.outer[1] or d.cue[1] <= b)
                and d.run.outer[1] <= min(d.cue[0], d.speaker[0])
                and len(text[d.run.outer[1] : max(d.cue[1], d.speaker[1])].split()) <= 4
                and not text[d.run.outer[1] : min(d.cue[0], d.speaker[0])].strip(" ,")
                and _frame_comma(text, d.run)
            ):
                return True
    return False


def _frame_comma(text: str, run) -> bool:
    """Whether quoted ``run`` ends in a comma, inside its closing mark or right after it."""
    return text[run.inner[0] : run.inner[1]].rstrip().endswith(",") or text[run.outer[1] : run.outer[1] + 1] == ","


def _said(ctx: DocContext, at: Attr) -> bool:
    """Whether quote ``at`` (in quotation marks) has a verb of speech for its cue."""
    return at.run is not None and at.cue_i is not None and ctx.doc[at.cue_i].lemma_.lower() in SPEECH_LEMMAS


def _thought_in_turn(ctx: DocContext, at: Attr) -> bool:
    """Whether ``at`` is a reading without quotation marks whose cue is a verb of thought with a
    subject in the first person ("PIKE: *I think* that is unfair to him."), or in the third as the
    main clause opening its sentence ("PIKE: *He thinks* that ...", rules44): the turn's speaker
    states a belief, an attribution beside the turn however much of the turn it fills.
    (rules28 kept it by its content's length alone: "is unfair to him", with "that" cut; rules43
    keeps the subject "that", :func:`quotes_doc._that_subject`.)"""
    if at.run is not None or at.cue_i is None or at.speaker is None:
        return False
    if ctx.doc[at.cue_i].lemma_.lower() not in COGNITION_LEMMAS:
        return False
    if ctx.text[at.speaker[0] : at.speaker[1]].lower() in ("i", "we"):
        return True
    # "PIKE: *He thinks* that is unfair to him.": a third person's belief the turn's speaker
    # reports, when it is the turn's sentence's own main clause and its subject opens that
    # sentence; "If he thinks that is unfair, he should say so" (a clause inside) stays as it was
    # (rules44)
    cue = ctx.doc[at.cue_i]
    if cue.dep_ != "ROOT":
        return False
    first = cue.sent.start
    while first < cue.i and (ctx.doc[first].is_punct or ctx.doc[first].is_space):
        first += 1
    return ctx.doc[first].idx == at.speaker[0] and any(
        c.dep_ in ("nsubj", "nsubjpass") and c.left_edge.i == first for c in cue.children)


def _said_in_turns(ctx: DocContext, attrs: list[Attr]) -> frozenset[int]:
    """The groups of ``attrs`` that are quotes in quotation marks framed by a verb of speech
    inside a transcript turn's words ('KERR: Because he said, "I will veto it."'): attributions
    of their own (:func:`quotes_readings.one_reading`); a quote a verb of thought or of reading
    frames there ('I read the memo: "..."') stays the turn's words."""
    turns = [t.content for t in attrs if t.turn]
    if not turns:
        return frozenset()
    return frozenset(
        at.group for at in attrs
        if not at.turn and (_said(ctx, at) or _thought_in_turn(ctx, at)) and at.cue is not None
        and any(a <= at.cue[0] and at.content[1] <= b + 2 and a <= at.content[0] for a, b in turns)
    )


def _introducer(ctx: DocContext, at: Attr) -> Range | None:
    """The person-like subject of a verb in the words that open the quote's own sentence, before
    the quote ('Smith ended her speech by quoting X: "..."', 'When Smith wrapped up -- "..."'):
    a cue-less quote inside a sentence is that sentence's subject's, not the previous quote's
    speaker's (held-out slice of polnear-train: +2 right speakers, none lost). None when the
    quote opens its sentence, follows a full stop or another quote mark in it (an earlier
    sentence the parse ran into this one), or no such subject stands before it."""
    if not ctx.parsed or at.run is None:
        return None
    doc = ctx.doc
    k = ctx.tok(at.run.open)
    start = doc[k].sent.start
    if k - start < 3 or doc[k - 1].text[-1:] in ".!?" or any(t.text in MARK_TOKENS for t in doc[start:k]):
        return None  # words of an earlier sentence or quote the parse ran into this one
    for t in doc[start:k]:
        replier = _replier(t, start, k)
        if replier is not None:
            # 'The reply from Olsen was blunt: "..."', 'His answer: "..."': who replies speaks,
            # not the speaker of the quote before, nor the noun of the reply
            a, b = np_range(doc, replier)
            return chars(doc, max(a, start), b)
        if t.dep_ in ("nsubj", "nsubjpass") and start <= t.head.i < k and t.head.pos_ in ("VERB", "AUX") \
                and person_like(t) and t.lower_ not in NOT_SPEAKERS and t.lower_ not in RELATIVE_PRONOUNS:
            a, b = np_range(doc, t)
            return chars(doc, max(a, start), b)
    return None


# nouns of an answer: their possessor, or the noun after "from", is who answers
_REPLY_NOUNS = frozenset("reply response answer retort rejoinder riposte comeback".split())


def _replier(t: Token, start: int, k: int) -> Token | None:
    """The person a noun of answering in tokens [start, k) names as answering: its possessor
    ("*his* reply", "*Olsen's* answer") or the object of its "from" ("the response from
    *Olsen*"). None when ``t`` is no such noun or names no one."""
    if t.pos_ != "NOUN" or t.lemma_.lower() not in _REPLY_NOUNS:
        return None
    for c in t.children:
        if not start <= c.i < k:
            continue
        if c.dep_ == "poss":
            return c
        if c.dep_ == "prep" and c.lower_ == "from":
            objs = [g for g in c.children if g.dep_ == "pobj" and start <= g.i < k and person_like(g)]
            if objs:
                return objs[0]
    return None


def _own_frame(ctx: DocContext, at: Attr) -> bool:
    """Whether a cue-less quote does not end its sentence and the words after its closing mark
    are a clause of their own with a verb ('"B," was another.', '"B," came the reply'): the
    sentence frames that quote, so it is no continuation of an earlier quote's attribution.
    Needs a parse (False without one: the quote joins as before)."""
    if not ctx.parsed or at.run is None or sentence_final(ctx.text, at.run) is not None:
        return False
    doc = ctx.doc
    ci = ctx.tok(at.run.outer[1] - 1)
    lo, hi = _after_frame(ctx, ci)
    words = [t for t in doc[lo:hi] if not (t.is_punct or t.is_space) and t.i not in ctx.in_run]
    if not words:
        return False
    if words[0].lower_ in _NEXT_ACT_WORDS and not any(ctx.is_cue(t) or any(c.dep_ in SUBJ for c in t.children) for t in words if t.pos_ in ("VERB", "AUX")):
        # '"[He] asked for two days," then tore up the contract': what someone did next, no
        # frame of the quote (no subject, no verb of speech), which goes on with the speaker of
        # the quote before it (usertest29 M2 a, rules45)
        return False
    # lower case: a name the tagger took for a verb ('"...," Trump at the podium') frames nothing
    return any(t.pos_ in ("VERB", "AUX") and t.is_lower for t in words)


# words that open the next act of a story after a quote, not a frame ('"...," then tore up')
_NEXT_ACT_WORDS = frozenset(("then", "before", "and"))


# verbs of an inner state or an intention, not of speech: inside what someone says they are part
# of what is said ("X says despite ..., she plans to cheer for Ohio"), not an attribution of their own
_INNER_STATE = COGNITION_LEMMAS - SPEECH_LEMMAS


def _no_inner_state_inside(ctx: DocContext, attrs: list[Attr]) -> list[Attr]:
    """``attrs`` without an indirect reading whose cue is an inner-state or intention verb ("plans",
    "wants") standing inside the content of another reading with a verb of speech as cue: the
    speaker says it, the subject of "plans" does not say anything (issue 10: a second QUOTE
    "to cheer for Ohio" nested in "X says ... she plans to cheer for Ohio")."""
    if not ctx.parsed:
        return attrs
    doc = ctx.doc
    said = [a for a in attrs if a.cue_i is not None and doc[a.cue_i].lemma_.lower() in SPEECH_LEMMAS]
    if not said:
        return attrs
    drop: set[int] = set()
    # words in quote marks are someone's words: a group with a direct or mixed reading stays
    quoted = {a.group for a in attrs if a.kind != "indirect"}
    for at in attrs:
        if at.cue_i is None or at.cue is None or at.group in quoted:
            continue
        lemma = doc[at.cue_i].lemma_.lower()
        if lemma not in _INNER_STATE:
            continue
        if any(o.group != at.group and any(x[0] <= at.cue[0] and at.cue[1] <= x[1] for x in (o.content, *o.more)) for o in said):
            drop.add(at.group)
    return [a for a in attrs if a.group not in drop] if drop else attrs


# what someone inside another's report does not know, confirm or say ("Police said they *did not
# know* who fired", "said it *could not confirm* the figures and *would not say* how many ...")
_NOT_TOLD = frozenset({"know", "confirm", "say"})


def _no_negated_knowing_inside(ctx: DocContext, attrs: list[Attr]) -> list[Attr]:
    """``attrs`` without the readings whose cue is a negated know, confirm or say ("did not
    know", "could not confirm", "would not say") standing inside the content of another group's
    reading with a speaker: the outer content goes on through it, as PolNeAR's gold has it (no such cue inside
    another content is an attribution there, rules38). Outside any content ("The ministry would
    not say whether ...") the reading stays (rules31 M5)."""
    if not ctx.parsed:
        return attrs
    doc = ctx.doc
    drop: set[int] = set()
    for at in attrs:
        if at.cue_i is None or at.cue is None:
            continue
        cue = doc[at.cue_i]
        if cue.lemma_.lower() not in _NOT_TOLD or not (
                any(c.dep_ == "neg" for c in cue.children) or any(w in ("not", "n't", "never") for w in ctx.text[at.cue[0] : at.cue[1]].lower().split())):
            continue
        # (only inside a report someone makes: "Police are believed to be preparing raids, but a
        # spokesperson would not confirm ...", a sourceless belief, leaves the spokesperson's)
        if any(o.group != at.group and not o.nested and o.speaker is not None
               and any(x[0] <= at.cue[0] and at.cue[1] <= x[1] for x in (o.content, *o.more)) for o in attrs):
            drop.add(at.group)
    return [a for a in attrs if a.group not in drop] if drop else attrs


def _reports_inside(ctx: DocContext, attrs: list[Attr]) -> list[Attr]:
    """``attrs`` with each indirect reading marked ``nested`` whose cue, a verb that is no verb of
    speech, stands inside the content of another group's reading ("X said he would *support*
    the nominee", "the polls *showing* Y leading" inside what X said): PolNeAR annotates the
    outer report, the inner verb part of its content (``quotes_polnear.polnear_scheme`` leaves
    nested ones out); the analyst still sees them, as a quote inside a quote. A reading with
    quoted words in or right around it ('called him "the leading proponent"') is a report of
    its own. Verbs of speech inside are kept as they were: nesting them too raised F1 further on
    both slices but lost right speakers on polnear-dev (docs/attribution-rounds.md, rules10u)."""
    if not ctx.parsed:
        return attrs
    doc = ctx.doc
    quoted = QuotedChars(ctx.double)
    inner: set[int] = set()
    for at in attrs:
        if at.cue_i is None or at.cue is None or at.kind != "indirect" or at.nested:
            continue
        cue = doc[at.cue_i]
        if cue.lemma_.lower() in SPEECH_LEMMAS and not (cue.tag_ == "VBG" and cue.dep_ in ("pcomp", "pobj")):
            # (a gerund after a preposition is what the outer report is about, "calls on X to
            # apologize *for suggesting* Y": one reading of the stretch, the outer one)
            continue
        if quoted.count(at.content) or any(quoted.count(x) for x in at.more) or any(
            ch in _MARK_CHARS for x in (at.content, *at.more) for ch in ctx.text[max(0, x[0] - 1) : x[1] + 1]
        ):
            continue  # 'called him "the leading proponent"': quoted words are the report's own
        if any(o.group != at.group and not o.nested and any(x[0] <= at.cue[0] and at.cue[1] <= x[1] for x in (o.content, *o.more)) for o in attrs):
            inner.add(at.group)
    for at in attrs:
        if at.group in inner:
            at.nested = True
    return attrs


# quotation marks (straight and curly, single and double, guillemets): a reading next to one
# holds quoted words
_MARK_CHARS = frozenset('"\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e')


def _quoted_paragraph(text: str, run) -> bool:
    """Whether quoted run ``run`` is a whole paragraph (line) that is one sentence: a capital
    first letter and a sentence end (. ? !) inside the closing mark, nothing but space around."""
    if run is None or run.paragraphs != 1:
        return False
    lo = text.rfind("\n", 0, run.open) + 1
    hi = text.find("\n", run.outer[1])
    hi = len(text) if hi < 0 else hi
    if text[lo : run.open].strip() or text[run.outer[1] : hi].strip():
        return False
    inner = text[run.inner[0] : run.inner[1]].strip()
    return inner[:1].isupper() and inner[-1:] in (".", "?", "!")


# a naming word right before a quote's opening mark: what follows is a name or a title
_TITLED = re.compile(r"\b(?:called|titled|entitled|named|dubbed)\s*$", re.I)


def _inside_narration(text: str, at: Attr) -> bool:
    """Whether quote ``at`` stands inside a sentence of the writer's, after words of its own
    line that do not end a sentence ('Edited pictures went viral online with the slogans "Our
    best razor,"'): a phrase the writer quotes, no continuation of an earlier quote's
    attribution (usertest29 M2 a: an image's tag line joined to the tweet before; rules45)."""
    if at.run is None:
        return False
    line = text[text.rfind("\n", 0, at.run.open) + 1 : at.run.open].rstrip()
    line = line.rstrip("\"'\u201c\u201d\u2018\u2019\u00ab\u00bb )")
    return len(line.split()) >= 3 and line[-1:] not in (".", "!", "?", ":", "\u2026", "")


# a line that opens with a label and a colon right before a quote's opening mark ("Ben Carter, a
# former diplomat, now a lobbyist: "): no sentence's end in it; a capital of any script first
# ("Élodie Marchand, host:", usertest33 M1)
_LABEL_BEFORE_MARK = re.compile(rf"^[ \t]*{UPPER}[^\n!?]*:[ \t]*$")


def _colon_label_line(ctx: DocContext, at: Attr) -> bool:
    """Whether quote ``at`` opens a line after a label and a colon with no verb in it ("Ben
    Carter, a former diplomat, now a lobbyist: "...""; at most 16 words): a new speaker's turn,
    even when :mod:`quotes_colon` did not read the label as a speaker, never the previous
    paragraph's attribution going on (usertest32 M1: the quote was linked to the speaker of the
    line before as a FRAGMENT). "He went on: "..."" has a verb and may go on."""
    if at.run is None:
        return False
    text = ctx.text
    ls = text.rfind("\n", 0, at.run.open) + 1
    line = text[ls : at.run.open]
    if not _LABEL_BEFORE_MARK.match(line) or len(line.split()) > 16:
        return False
    if not ctx.parsed:
        return True
    colon = ls + line.rindex(":")
    toks = ctx.doc[ctx.tok(ls) : ctx.tok(colon)]
    # a verb of a relative clause describes the person named ("Professor Ingrid Sato, who
    # studies glaciers in Alaska:"; usertest33 a21: its quote went on with the line before)
    # a name's word the tagger reads as a verb ("Ahmed El-Sayed": "Sayed" VBN) names the speaker,
    # and an emoji after the name is no verb (usertest34 M1, rules52)
    return not any(
        t.pos_ in ("VERB", "AUX") and not _in_relative(t, toks.start) and t.ent_type_ != "PERSON"
        and not all(is_label_symbol(ch) for ch in t.text)
        for t in toks
    )


def _in_relative(t, lo: int) -> bool:
    """Whether token ``t`` lies in a relative clause (its own or an ancestor's dep ``relcl``, or
    after a "who / which / whose" of its own clause) at or after token ``lo``."""
    for a in (t, *t.ancestors):
        if a.i < lo:
            break
        if a.dep_ == "relcl" or any(c.lower_ in ("who", "whose", "which") and c.i < a.i for c in a.children):
            return True
    return False


def _next_paragraph(gap: str) -> bool:
    """Whether ``gap`` (the text between two quotes) crosses into the next paragraph with no
    words in a paragraph between (the first quote's own frame words may end its paragraph)."""
    parts = gap.split("\n")
    return len(parts) > 1 and not any(p.strip(" \t\"'\u201c\u201d\u2018\u2019\u00ab\u00bb") for p in parts[1:])


def _group(ctx: DocContext, attrs: list[Attr]) -> list[Attr]:
    """Tie interrupted and continued quotes to the cue and speaker next to them; drop short
    cue-less quoted phrases that do not continue a quote. Quotes sharing a cue word form one
    group (one attribution)."""
    text = ctx.text
    # '"A." "B," he said.': a cue-less quote right before a cued one in the same paragraph
    for k in range(len(attrs) - 2, -1, -1):
        at, nxt = attrs[k], attrs[k + 1]
        if at.cue is None and at.run is not None and nxt.run is not None and nxt.cue is not None:
            gap = text[at.run.outer[1] : nxt.run.open]
            if not gap.strip(" ,.;\u2026"):
                at.speaker, at.cue, at.cue_i = nxt.speaker, nxt.cue, nxt.cue_i
    # '"A." More words. "B." ― Jane Doe': a closing dash attribution covers the whole paragraph
    for k in range(len(attrs) - 1, -1, -1):
        at = attrs[k]
        if at.cue is None or text[at.cue[0] : at.cue[1]] not in DASHES:  # '”―' may be one token
            continue
        j = k - 1
        while j >= 0 and attrs[j].run is not None and attrs[j].cue is None and "\n" not in text[attrs[j].content[1] : at.content[0]]:
            attrs[j].speaker, attrs[j].cue, attrs[j].cue_i = at.speaker, at.cue, at.cue_i
            j -= 1
    out: list[Attr] = []
    prev: Attr | None = None
    joins: dict[int, Attr] = {}  # cue token of a later piece's own frame -> the first piece
    for at in attrs:
        if _third_piece(text, prev, at):
            # '"A," Governor Holt said, "b," she added, "c."': one attribution in three pieces
            joins[at.cue_i] = joins.get(prev.cue_i, prev)
        if at.cue is None and at.run is not None:
            gap = text[prev.content[1] : at.content[0]] if prev is not None else "\n"
            # '"A," Lavrov said, "B."' and '"A," said X, a lawyer. "B."': the same paragraph, only the
            # previous quote's attribution words between
            interrupted = (
                prev is not None and prev.run is not None and prev.cue is not None and "\n" not in gap
                and prev.content[1] <= prev.cue[0] < at.content[0]
                # 'said on "The Morning Show"' is a title in the frame, not the quote going on
                and text[prev.cue[1] : at.run.open].rstrip()[-1:] in (",", ":", ".", ";", "!", "?", "\u2014", "")
            ) or (
                # '"second," she went on, "we build roads."': a frame the cue words do not know,
                # between two pieces of one sentence (the second goes on in lower case)
                prev is not None and prev.run is not None and prev.cue is not None and "\n" not in gap
                and frame_to_next_quote(text, prev.run) and text[at.content[0] : at.content[0] + 1].islower()
                and not ctx.text[prev.run.outer[1] : at.run.open].count("\u201c") + ctx.text[prev.run.outer[1] : at.run.open].count('"') > 1
            )
            framed = _own_frame(ctx, at)
            own = _introducer(ctx, at) if not at.weak else None
            if framed:
                # '"A," read one. "B," was another.': a quote its own clause frames is no piece of
                # the quote before it, nor does it take that quote's speaker
                if at.weak:
                    continue
            elif prev is not None and interrupted and own is None:
                at.speaker, at.cue, at.cue_i = prev.speaker, prev.cue, prev.cue_i
            elif at.weak and not _quoted_paragraph(text, at.run):
                continue
            elif at.weak:
                # '"We will win," she said.\n\n"We have the votes."': a short quoted sentence that
                # is a paragraph of its own is a quote however short; right after a quote's
                # paragraph it goes on with that attribution, after other words it has no speaker
                if (
                    prev is not None and prev.run is not None and prev.speaker is not None
                    and _next_paragraph(gap)
                ):
                    at.speaker = prev.speaker
                    if prev.cue_i is not None:
                        at.cue, at.cue_i = prev.cue, prev.cue_i
            elif own is not None:
                at.speaker = own  # 'Smith ended her speech by quoting X: "..."': its own sentence's subject
            elif prev is not None and "\n" in gap and _inside_narration(text, at) and _TITLED.search(text, 0, at.run.open):
                continue  # 'a collection ... called "Yuge!: 30 Years of ..."': a work's title, nobody's words (rules45)
            elif prev is not None and (prev.speaker is not None or _question(ctx, prev)) and gap.count("\n") <= 4 \
                    and not ("\n" in gap and (_inside_narration(text, at) or _colon_label_line(ctx, at))):
                # a quote continuing the attribution before it, in its paragraph or the next ones
                # ('"A," she said.\n\n"B."'): the same attribution, so the same group (one
                # discontinuous QUOTE, as PolNeAR annotates it), not a second one with the same
                # speaker (docs/attribution-rounds.md, twelfth round)
                at.speaker = prev.speaker if prev.speaker is not None else _answerer(ctx, prev, out)
                if prev.cue_i is not None and not _question(ctx, prev):
                    at.cue, at.cue_i = prev.cue, prev.cue_i
        out.append(at)
        in_frame = (
            prev is not None and prev.run is not None and prev.cue is not None and at.run is None
            and prev.content[1] <= at.content[0] and at.content[1] <= prev.cue[0]
        )
        # '"A," the man claiming to be X says. "B."': a reading inside the frame of the quote
        # before it ("claiming to be X") does not take over; B goes on with A (rules45)
        if (prev is None or at.content[1] > prev.content[1]) and not in_frame:
            # a reading nested in the previous one ('X said the group "plans to watch it"', its
            # own cue inside) does not take over: the words after the outer one continue it
            prev = at
    for at in out:
        first = joins.get(at.cue_i) if at.cue_i is not None else None
        if first is not None:
            at.speaker, at.cue, at.cue_i = first.speaker, first.cue, first.cue_i
    groups: dict[int, int] = {}
    for gid, at in enumerate(out):
        at.group = groups.setdefault(at.cue_i, gid) if at.cue_i is not None else gid
    return out


def _answerer(ctx: DocContext, question: Attr, before: list[Attr]) -> Range | None:
    """The speaker of the reading whose cue the question ``question`` hangs on ('"A," Le Pen told
    CNN when asked which ...': Le Pen, who answers), among the readings ``before`` it; None when
    there is none. The question itself has no speaker: its subject is the one asked."""
    head = ctx.doc[question.cue_i].head.i
    return next((o.speaker for o in reversed(before) if o.cue_i == head), None)


def _question(ctx: DocContext, at: Attr) -> bool:
    """Whether ``at`` reports a question put to its speaker ("X told CNN *when asked* which
    candidate she would back"): a quote after it is the answer, the speaker's own attribution,
    never a second piece of the question."""
    if not ctx.parsed or at.kind == "direct" or at.cue_i is None:
        return False
    v = ctx.doc[at.cue_i]
    return v.lemma_.lower() == "ask" and v.tag_ == "VBN" and v.dep_ in ("advcl", "acl")


def _third_piece(text: str, prev: Attr | None, at: Attr) -> bool:
    """Whether quote ``at``, with a frame of its own after it, goes on with ``prev``'s sentence
    after ``prev``'s frame: '"The economy," Governor Ann Holt said, "*is strong*," she added, "and
    ..."'. It opens in lower case right after ``prev``'s frame in the same paragraph, ``prev``
    stops at a comma, and its own speaker is a pronoun (also "it" for a report or a body),
    ``prev``'s speaker again (or its last name) or none: the
    same speaker's one statement, the second frame a repeat ("she added"), not a new attribution."""
    if prev is None or prev.run is None or prev.cue is None or at.run is None or at.cue is None or at.cue_i is None:
        return False
    # prev's frame stands between the two, or a frame the cue words do not know ('"and it is
    # cheap," he went on, "and it is fair," he said': prev took the cue of the piece before it)
    own_frame = prev.content[1] <= prev.cue[0] < at.content[0]
    if prev.cue_i is None or prev.cue_i == at.cue_i or not at.content[0] <= at.content[1] <= at.cue[0]:
        return False
    if not (own_frame or prev.cue[1] <= prev.content[0] and frame_to_next_quote(text, prev.run)):
        return False
    between = text[prev.cue[1] if own_frame else prev.run.outer[1] : at.run.open]
    if "\n" in text[prev.content[1] : at.content[0]] or between.rstrip()[-1:] not in (",", ":", "\u2014"):
        return False
    if not text[at.content[0] : at.content[0] + 1].islower():
        return False
    inner = text[prev.run.inner[0] : prev.run.inner[1]].rstrip()
    if not (inner.endswith(",") or text[prev.run.outer[1] : prev.run.outer[1] + 1] == ","):
        return False
    if at.speaker is None:
        return True
    said_by = text[at.speaker[0] : at.speaker[1]]
    if said_by.lower() in PERSONAL_PRONOUNS or said_by.lower() == "it":  # 'the report said, "...," it added'
        return True
    if prev.speaker is None:
        return False
    # the same name again, or its last words ('Ann Holt said, "...," Holt added')
    first = text[prev.speaker[0] : prev.speaker[1]]
    return said_by == first or first.endswith(" " + said_by) and said_by[:1].isupper()


def _paragraph_pieces(text: str, parts: tuple[Range, ...]) -> list[Range]:
    """``parts`` with each one that runs over a paragraph break into a reopening quote mark (the
    newswire way to continue a quotation) cut there: the break and the mark are no words of the
    speaker, so the pieces are parts of one discontinuous content ('"A,\n\n"B," she said'); a
    photo caption line between two such paragraphs is left out with them."""
    out: list[Range] = []
    for a, b in parts:
        k = text.find("\n", a, b)
        while k >= 0:
            m = _reopen_at(text, k)
            if m < 0:
                m = reopen_past_caption(text, k)  # the caption between is no piece
            if m < 0 or m >= b:
                k = text.find("\n", k + 1, b)
                continue
            end = k
            while end > a and (text[end - 1].isspace() or text[end - 1] == ","):
                end -= 1
            if end > a:
                out.append((a, end))
            a = m + (2 if text[m : m + 2] in ("''", "``") else 1)
            k = text.find("\n", a, b)
        if b > a:
            out.append((a, b))
    return out


_QA_LABELS = frozenset({"q", "a", "question", "answer"})
# an editor's label at a line's start ("Update:", "UPDATE 2:", "Update (3:15 p.m.):", "Editor’s
# note:", "Correction:", "Clarification:"): the paper's furniture, never anyone's words
_EDITORIAL_LABEL = re.compile(
    # "Update at 2:47 p.m. ET. Guard Hurt, City Police Say": a time's colon is no label's end, the
    # time's stop is (the label "Update at 2:" split the headline at "47 p.m."; rules45)
    r"updated?\s+(?:at\s+)?\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+(?-i:[A-Z]{1,4}))?\s*[.:]?[ \t]+(?=[A-Z])"
    r"|(?:updated?|editor[’']?s[’']? note|correction|clarification|editor[’']?s[’']? update)\b(?:[^:\n]|(?<=\d):(?=\d)){0,24}(?<!\d):[ \t]*", re.I)


def _past_editorial_labels(text: str, attrs: list[Attr]) -> None:
    """Each reading of ``attrs`` whose content opens a line with an editor's label
    (:data:`_EDITORIAL_LABEL`: "Editor’s Note: The mayor has since resigned, her office said.")
    starts after the label (rules38). In place."""
    for at in attrs:
        a, b = at.content
        if (a == 0 or text[a - 1] == "\n") and text[a : a + 1].isalpha():
            m = _EDITORIAL_LABEL.match(text, a, b)
            if m is not None and b - m.end() >= 3:
                at.content = (m.end(), b)


def suggest_quotes(doc: Doc, mentions: MentionIndex | None = None, *, text: str | None = None) -> list[Quote]:
    """All attributions in ``doc``, in text order. ``text``: ``doc.text`` if the caller has it
    (spaCy rebuilds it from the tokens on every access)."""
    ctx = DocContext(doc, text)
    indirect = _within_marks(ctx, indirect_quotes(ctx)) if ctx.parsed else []
    colon = [
        Attr(h.content, "direct" if h.quoted else "indirect" if h.plain else h.kind, h.cue_token, h.cue, h.speaker, turn=h.kind == "direct")
        for h in colon_attributions(doc, ctx.text)
    ]
    direct = direct_quotes(ctx)
    # frames found by commas and words: "A, X said, though, Y said, B"; "a claim that, Y said, B"
    indirect, direct = reframe(ctx, indirect, direct)
    if colon:
        # 'JIM PARK, CNN ANCHOR, "NEWSROOM": What did he say?': a show's name in a turn label is
        # part of the label, in any turn, never anyone's words
        labels = [(ctx.text.rfind("\n", 0, c.cue[0]) + 1, c.cue[0]) for c in colon]
        direct = [d for d in direct if d.run is None or not any(a <= d.run.open < b for a, b in labels)]
        # a transcript quoted as a whole over many paragraphs: its speaker lines are the quotes
        direct = [
            d for d in direct
            if d.run is None or d.run.paragraphs == 1 or not any(d.content[0] <= c.content[0] < d.content[1] for c in colon)
        ]
    indirect = sorted(indirect + colon, key=lambda x: x.content)
    grouped = _group(ctx, _merge(ctx, direct, indirect))
    nested = nested_quotes(ctx, grouped)  # 'When he told me "we are done," I left,' she said
    if nested:
        grouped = sorted(grouped + nested, key=lambda x: x.content)
    sources = frozenset(a.group for a in grouped if a.cue_i is not None and doc[a.cue_i].lower_ == "according")
    attrs = _reports_inside(ctx, _no_inner_state_inside(ctx, one_reading(grouped, sources, _said_in_turns(ctx, grouped))))
    attrs = _no_negated_knowing_inside(ctx, attrs)  # "Police said they did not know who fired"
    _past_editorial_labels(ctx.text, attrs)  # "Editor’s note: X, her office said": X alone
    to_closing_marks(ctx, attrs)  # 'that the plan "would never work."' keeps its closing mark
    before_hedges(ctx, attrs)  # '"..." possibly because she ...': the writer's guess
    to_opening_marks(ctx, attrs)  # "‘the port’ is closed" keeps its opening mark
    _before_framed_colon_quote(ctx, attrs)  # '... with a caveat: "A," the source said'
    mentions = mentions or MentionIndex(doc, ctx.text)
    quoted = QuotedChars(ctx.double)
    own_speakers(ctx, attrs)  # never a speaker inside its own quote: the frame's subject instead
    quotes: list[Quote] = []
    for at in attrs:
        at.kind = settle_kind(at.kind, (at.content, *at.more), quoted)
        if at.speaker is not None and at.cue_i is not None and ctx.parsed and not at.turn and doc[at.cue_i].text != ":":
            # "use the holiday working out how to ... without saying": not the weekend (a line
            # label before its colon is no verb's object, whatever the parse hung it on: "PIKE:"
            # after a turn's last sentence went to that turn's subject "He"; rules44)
            at.speaker = object_speaker(doc, at.speaker, at.cue_i, (at.content, *at.more))
        ref = None
        # an interview's "Q:" / "ANSWER:" label is the turn's source, as PolNeAR has it, but names no one
        if at.speaker is not None and not (at.turn and ctx.text[at.speaker[0] : at.speaker[1]].lower() in _QA_LABELS):
            ref = mentions.resolve(*at.speaker, before=min(at.speaker[0], at.content[0]))
        pron = relative_pronoun(doc[at.cue_i], at.speaker) if ctx.parsed and at.cue_i is not None else None
        pronoun = (pron.idx, pron.idx + len(pron)) if pron is not None else None
        if pron is None and ref is None and ctx.parsed and at.cue_i is not None:
            pronoun, ref = _whose_owner(doc, at.cue_i, at.speaker, mentions)
        for part in _paragraph_pieces(ctx.text, (at.content, *at.more)):
            quotes.append(Quote(part, at.kind, at.cue, at.speaker, ref, at.group, pronoun, nested=at.nested))
    if ctx.parsed:
        # "his claim that ...": the noun's possessor speaks, not the subject of its clause
        quotes = noun_cue_speakers(doc, quotes, mentions)
        quotes = _free_relatives(doc, quotes, mentions, ctx.text)
    # "On Friday officials said"; "declined to comment further" says nothing
    quotes = without_contentless(without_time_words(doc, quotes, mentions, text=ctx.text), ctx.text)
    quotes = not_own_speaker(quotes, mentions, ctx.text)
    links = link_headlines(ctx.text) if ":" in ctx.text else []
    if links:
        # "Terror News: Official Reveals Ban on Video Site" in the body: another story's link
        quotes = [q for q in quotes if not any(a <= q.content[0] and q.content[1] <= b for a, b in links)]
    quotes = _without_speaker_inside(quotes, ctx.text)
    # '"...," Holt said. "...," she added': a bare surname the recogniser left untagged
    if ctx.parsed:
        quotes = previous_speaker(doc, quotes, ctx.text, mentions.gender, shown=mentions.titled_gender,
                                  unnamed_between=mentions.unnamed_between)
    return one_stretch(quotes, ctx.text)  # no two readings crossing; an inner one marked ``within``


def _whose_owner(doc: Doc, cue_i: int, speaker: Range | None, mentions: MentionIndex) -> tuple[Range | None, str | None]:
    """("The minister, *whose* department said"): the "whose" recorded as the speaker's pronoun
    (character range) and the antecedent as its ``speaker_ref`` -- the name it resolves to, else
    its own words ("The minister"); (None, None) for any other cue
    (:func:`quotes_speakers.whose_owner`)."""
    found = whose_owner(doc[cue_i], speaker)
    if found is None:
        return None, None
    w, owner = found
    a, b = np_range(doc, owner)
    lo, hi = doc[a].idx, doc[b - 1].idx + len(doc[b - 1])
    return (w.idx, w.idx + len(w)), mentions.resolve(lo, hi, before=lo) or doc.text[lo:hi]


def _free_relatives(doc: Doc, quotes: list[Quote], mentions: MentionIndex, text: str) -> list[Quote]:
    """``quotes`` with a thing's report of a free relative ("heart failure confirmed *what I
    had long suspected*") read as the relative's own attribution: content "what", cue "suspected", speaker
    "I" (:func:`quotes_speakers.free_relative_speaker`). A one-piece reading only."""
    sizes: dict[int, int] = {}
    for q in quotes:
        sizes[q.group] = sizes.get(q.group, 0) + 1
    out = []
    for q in quotes:
        found = None
        if q.kind != "direct" and q.speaker is not None and q.cue is not None and sizes[q.group] == 1 \
                and text[q.content[0] : q.content[0] + 4].lower() == "what":  # (cheap test first)
            found = free_relative_speaker(doc, q.content, q.speaker)
        if found is None:
            out.append(q)
            continue
        content, cue, speaker = found
        ref = mentions.resolve(*speaker, before=speaker[0])
        out.append(dataclasses.replace(q, content=content, cue=cue, speaker=speaker, speaker_ref=ref, speaker_pronoun=None))
    return out


def _without_speaker_inside(quotes: list[Quote], text: str) -> list[Quote]:
    """``quotes`` without a one-piece reported (not direct) reading whose speaker lies inside its
    own content: a parse gone wrong makes a noun of the content its speaker ("claims *alleging*
    smugglers have been caught at the crossing are false": speaker "smugglers have been
    caught"; "This is not even *considering* the coating its chemists developed"; "A video
    *posted* on a site by a group ... purports": speaker "a group"). No one is said to be the
    source of words they stand in. A direct quote keeps its own rule (``own_speakers``), and a
    content that holds its cue too (speaker, cue and words of a message) or a comma between cue
    and speaker (a fronted participle) stays."""
    sizes: dict[int, int] = {}
    for q in quotes:
        sizes[q.group] = sizes.get(q.group, 0) + 1
    return [
        q for q in quotes
        if q.kind == "direct" or q.speaker is None or sizes[q.group] != 1
        or not (q.content[0] <= q.speaker[0] and q.speaker[1] <= q.content[1])
        # (a message's words with their sayer: "the speech that union leaders hope to hear",
        # a gold reading kept on purpose by quotes_indirect._of_a_message)
        or q.cue is not None and q.content[0] <= q.cue[0] < q.content[1]
        # ("Reading from a written statement, the senator declared ...": a fronted participle's
        # content is the main clause its subject speaks, a reading PolNeAR's gold overlaps)
        or q.cue is not None and "," in text[q.cue[1] : q.speaker[0]]
    ]


def not_own_speaker(quotes: list[Quote], mentions: MentionIndex, text: str) -> list[Quote]:
    """``quotes`` with a he/she speaker that stands inside another attribution's quoted words (a
    direct quote or a transcript turn) not resolved to that attribution's own speaker: in 'Jane Roe said: "When I asked the mayor, he
    said ..."' or 'WALLACE: Senator, he said you are wrong.' the quotation's speaker says "I";
    "he" in their words is a third person, so the nearest other fitting person, or no one. In a
    transcript turn only a person that turn or the one before spoke of, never a turn's speaker
    or the person addressed, of the pronoun's gender when known (:meth:`MentionIndex.in_turn`)."""
    changed: dict[int, str | None] = {}
    by_group: dict[int, Quote] = {}
    for q in quotes:
        by_group.setdefault(q.group, q)
    turns = sorted(
        (o for o in by_group.values() if o.cue is not None and text[o.cue[0] : o.cue[1]] == ":" and o.kind == "direct"),
        key=lambda o: o.content[0],
    )
    spans = [o.content for o in turns]
    speakers = frozenset(o.speaker_ref for o in turns if o.speaker_ref is not None)
    for g, q in by_group.items():
        if q.speaker is None:
            continue
        said = text[q.speaker[0] : q.speaker[1]].lower().split()
        if len(said) != 1 or said[0] not in _THIRD_PERSON:
            continue
        outer = {
            o.speaker_ref for o in quotes
            # the speaker's own words: in reported speech ("Reed said that he had not read it")
            # "he" is the speaker himself as often as not
            if o.group != g and o.kind == "direct" and o.speaker_ref is not None and o.content[0] <= q.speaker[0] < o.content[1]
        }
        turn = next((k for k, o in enumerate(turns) if o.group != g and o.content[0] <= q.speaker[0] < o.content[1]), None)
        if turn is not None:
            # a transcript turn speaks to the turns next to it: the person answered or answering
            # is "you" there, and "he"/"she" a third person the turn or the one before spoke of
            # (not a turn's speaker, not "CNN HOST", not "Jake" addressed), of its gender if known
            lo = turns[turn - 1].content[0] if turn else turns[turn].content[0]
            changed[g] = mentions.in_turn(
                q.speaker[0], said[0], scope=(lo, turns[turn].content[0]), turns=spans, speakers=speakers
            )
            continue
        if q.speaker_ref in outer:
            changed[g] = mentions.resolve(*q.speaker, before=min(q.speaker[0], q.content[0]), other_than=frozenset(outer))
    if not changed:
        return quotes
    return [dataclasses.replace(q, speaker_ref=changed[q.group]) if q.group in changed else q for q in quotes]


# a third person as a speaker: never the one whose quotation it stands in
_THIRD_PERSON = frozenset("he she him her his".split())


def with_shown_kinds(quotes: list[Quote], text: str) -> list[Quote]:
    """``quotes`` with each ``kind`` the label the README defines (:func:`quotes_kind.shown_kind`,
    usertest32 L7), read over all the pieces of an attribution (one ``group``): the kind the
    analyst sees and the exports carry. The rules' working kind (``settle_kind``) decided
    everything else before; only the label changes here."""
    from annotator.nlp.quotes_marks import find_quoted_runs

    if not quotes:
        return quotes
    quoted = QuotedChars(find_quoted_runs(text))
    groups: dict[int, list[Quote]] = {}
    for q in quotes:
        groups.setdefault(q.group, []).append(q)
    shown: dict[int, str] = {}
    for g, qs in groups.items():
        first = qs[0]
        kind = "direct" if all(q.kind == "direct" for q in qs) else first.kind
        turn = first.cue is not None and text[first.cue[0] : first.cue[1]] == ":"  # "KURTZ: ...", a line label's colon
        shown[g] = shown_kind(kind, [q.content for q in qs], quoted, text, turn=turn)
    return [q if q.kind == shown[q.group] else dataclasses.replace(q, kind=shown[q.group]) for q in quotes]


def add_quotes(into: SuggestionSet, text: str, quotes: list[Quote]) -> None:
    """Add QUOTE, CUE and SPEAKER spans and QUOTE→CUE / QUOTE→SPEAKER relations to ``into``.

    One attribution, one QUOTE: the parts of an interrupted quote (same ``group``: ``"A," he
    said, "B."``) are one discontinuous QUOTE as the data model stores it (``FRAGMENT``, the
    brat importer's representation, docs/formats.md): the first part is the span that carries
    the CUE and SPEAKER relations, each later part is a QUOTE piece tied to it by a ``FRAGMENT``
    relation (first → later). Cue and speaker spans are shared by position: a quote continued in
    the next paragraph (its own group) links to the same SPEAKER span.
    """
    shared: dict[tuple[str, Range], SuggestedSpan] = {}
    quotes = with_shown_kinds(quotes, text)  # the README's kind on the QUOTE (usertest32 L7)

    def span_for(label: str, layer: str, rng: Range, attrs: dict[str, str]) -> SuggestedSpan:
        key = (label, rng)
        if key not in shared:
            shared[key] = into.add_span(SuggestedSpan(f"{layer}{rng[0]}-{rng[1]}", rng[0], rng[1], label, layer, attrs))
        return shared[key]

    seen: set[Range] = set()
    first_of: dict[int, SuggestedSpan] = {}  # group → the piece carrying the attribution's links
    for k, q in enumerate(quotes):
        if q.content[1] <= q.content[0] or q.content in seen:
            continue  # storage treats position + label as identity: one QUOTE per range
        seen.add(q.content)
        attrs: dict[str, str] = {"kind": q.kind}
        ref = as_written(q.speaker_ref, text) if q.speaker_ref else None  # "Al-Shabab", not "Al - Shabab"
        if ref:
            attrs["speaker_ref"] = ref
        if q.origin != "rules":  # the learned attribution component's (nlp/attribution_merge.py)
            attrs["suggested_by"] = q.origin
        if q.speaker_pronoun is not None and q.speaker is not None:
            # the SPEAKER link goes to the antecedent; the pronoun's span ("who") is kept beside it
            attrs["speaker_pronoun"] = f"{q.speaker_pronoun[0]}-{q.speaker_pronoun[1]}"
        if q.within is not None:
            # inside another attribution's words (quotes_overlap): the window's row says so
            attrs["nested_in"] = f"{q.within[0]}-{q.within[1]}"
        quote = into.add_span(SuggestedSpan(f"q{k}", q.content[0], q.content[1], "QUOTE", "quote", attrs))
        head = first_of.get(q.group)
        if head is not None:
            into.link(head, quote, FRAGMENT)
            continue
        first_of[q.group] = quote
        if q.cue is not None and q.cue[1] > q.cue[0]:
            into.link(quote, span_for("CUE", "cue", q.cue, {}), "CUE")
        if q.speaker is not None and q.speaker[1] > q.speaker[0]:
            # refers_to only where the text does not spell the name out (pronoun, title, surname)
            said = " ".join(text[q.speaker[0] : q.speaker[1]].split())
            sp_attrs = {"refers_to": ref} if ref and ref not in said else {}
            into.link(quote, span_for("SPEAKER", "speaker", q.speaker, sp_attrs), "SPEAKER")


def with_model_attributions(doc: Doc, quotes: list[Quote], *, text: str, model: bool = True, lexicon: bool = True) -> list[Quote]:
    """``quotes`` (the rules') merged with the learned attribution component's, when the
    pipeline has one (``doc.spans["attribution"]`` set, see :mod:`annotator.nlp.attribution_merge`),
    their cues and speakers refined with the rules' machinery first
    (:mod:`annotator.nlp.attribution_refine`); then, when the pipeline has a learned cue lexicon
    (``doc.spans["cue_lexicon"]``, :mod:`annotator.nlp.attribution_lexicon`), the lexicon's
    attributions over what neither read; last :func:`quotes_overlap.one_stretch` (the rules' and
    the model's readings of the same words are one, an inner one marked ``within``). Otherwise
    ``quotes`` unchanged: a pipeline without these components behaves as the rules alone.
    ``model``/``lexicon`` False leave that part out (``train`` scores each part's share of the
    held-out gain, usertest17 N5)."""
    from annotator.nlp.attribution_components import ATTRIBUTION_KEY
    from annotator.nlp.attribution_lexicon import LEXICON_KEY

    added = False
    if model and ATTRIBUTION_KEY in doc.spans:
        from annotator.nlp.attribution_merge import merge, model_attributions

        first = max((q.group for q in quotes), default=-1) + 1
        quotes = merge(quotes, model_attributions(doc, text=text, first_group=first), text=text, doc=doc)
        added = True
    if lexicon and LEXICON_KEY in doc.spans and len(doc.spans[LEXICON_KEY]):
        from annotator.nlp.attribution_lexicon import add_lexicon, lexicon_attributions

        from annotator.nlp.attribution_sanity import refused

        # the lexicon's readings pass the rules' refusals too ("declined [to give his name]", merge49)
        quotes = add_lexicon(quotes, refused(doc, lexicon_attributions(doc, text), text))
        added = True
    # the same words read by the rules and the model are one reading; inner ones marked
    return one_stretch(quotes, text) if added else quotes


def suggest(doc: Doc, *, schema_ner_map: Mapping[str, str], origin: str) -> SuggestionSet:
    """Entities, quotes (with cues and speakers) and claims for one document, as one set."""
    # imported here: claims and entities import this package's types, not the other way round
    from annotator.nlp.claims import suggest_claims
    from annotator.nlp.entities import suggest_entities

    out = SuggestionSet(origin)
    with annotations_fixed(doc):  # the rules ask which annotations the doc has ~40 times: once each
        for span in suggest_entities(doc, schema_ner_map):
            out.add_span(span)
        text = doc_text(doc)  # spaCy rebuilds doc.text from the tokens on every access: once here for all
        quotes = suggest_quotes(doc, text=text)
        quotes = with_model_attributions(doc, quotes, text=text)
        add_quotes(out, text, quotes)
        for span in suggest_claims(doc, quotes, text=text):
            out.add_span(span)
    return out


# it reads only the Doc's text and token annotations: a one-worker run parses in the worker and
# runs it in the parent on a rebuilt copy of the Doc (annotator.nlp.runner.doc_only)
suggest.doc_only = True  # type: ignore[attr-defined]
