"""A time word or a dateline is never (part of) a speaker: one clean-up for the rules' speakers
and the learned component's, applied wherever either is made (``quotes.suggest_quotes`` and
``quotes.with_model_attributions``, before the merge). Pure; no I/O.

The parse often hangs an opening time phrase on the subject ("On Friday officials said":
*Friday* a compound of *officials*), and the words-before-the-cue rule takes the whole phrase
("Friday officials"). :func:`without_time_words` trims such words from either end of a speaker
("Friday officials" -> "officials", "Last week Stumpf" -> "Stumpf", "WASHINGTON — officials"
-> "officials") and drops a speaker made of nothing else; the speaker's named person is
resolved again on what is left.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from spacy.tokens import Doc, Token

from annotator.nlp.coref import MentionIndex
from annotator.nlp.quotes_doc import annotated, window
from annotator.nlp.quotes_lexicon import DASHES
from annotator.nlp.quotes_speakers import TIME_WORDS, _is_dateline
from annotator.nlp.quotes_types import Quote, Range

# words that belong to a time phrase only next to a time word ("*on* Friday", "*last* week",
# "*early* Monday", "*earlier this* month")
_TIME_FILLERS = frozenset("on in at by last next this that early late earlier later each every past since until".split())
# names that hold a time word ("Morning Joe", "Black Friday Inc.") are no time phrase
_NAMED = frozenset({"PERSON", "ORG", "NORP", "GPE", "FAC", "WORK_OF_ART", "EVENT", "PRODUCT", "LOC"})


def _time(t: Token) -> bool:
    """A word of a time expression: a DATE/TIME entity token or a day word outside a name."""
    if _in_age(t):
        return False  # "The 45-year-old said": a person's age, the speaker itself (rules41)
    if t.ent_type_ in ("DATE", "TIME"):
        return True
    return t.lower_ in TIME_WORDS and t.ent_type_ not in _NAMED


def _in_age(t: Token) -> bool:
    """Whether ``t`` is a word of an age written "45-year-old" (tokens 45 - year - old)."""
    # perf33: the words around t read once (a Token per word per window was ~7 % of the rules)
    i = t.i
    lo = max(0, i - 4)
    low = window(t.doc, "LOWER", lo, i + 5)  # every window below: from k to k + 5, k <= i
    for k in range(len(low) - 4):
        if low[k].isdigit() and low[k + 1] == "-" and low[k + 2] in ("year", "years") and low[k + 3] == "-" and low[k + 4] == "old":
            return True
    return False


def _time_run(toks: Sequence[Token]) -> int:
    """How many tokens at the start of ``toks`` form a time phrase (with its fillers and
    punctuation) that ends in a time word or a comma after one; 0 when none does."""
    cut = 0
    seen_time = False
    for k, t in enumerate(toks):
        if _time(t):
            if k + 1 < len(toks) and toks[k + 1].lower_ == "of":
                # "minutes of the meeting", "hours of testimony": the head of a noun phrase
                # (the record, the source), not when it was said
                return 0
            if _possessor(toks, k):
                return 0
            seen_time = True
            cut = k + 1
        elif t.is_punct or t.is_space or t.lower_ in _TIME_FILLERS or t.lower_ in ("'s", "\u2019s"):
            if seen_time and (t.is_punct or t.is_space or t.lower_ in ("'s", "\u2019s")):
                cut = k + 1
        else:
            break
    return cut if seen_time else 0


def _possessor(toks: Sequence[Token], k: int) -> bool:
    """Whether time word ``toks[k]`` owns the noun after it ("*Tuesday's* statement said",
    "*last week's* report found"): the day names the thing that speaks, it does not date the
    saying, so it stays in the speaker. Not a time phrase opening a longer one ("On Friday's
    call, officials said" is cut at its comma, as before)."""
    return k + 2 < len(toks) and toks[k + 1].lower_ in ("'s", "\u2019s") and toks[k + 2].pos_ in ("NOUN", "PROPN") and not any(
        t.text == "," for t in toks[k + 2 :])


# adverbs of time that open a description set off after a name ("McConnell, *now* the majority
# leader, who said"): when the description is the speaker, the adverb is not part of it
_TIME_ADVERBS = frozenset("now currently formerly".split())


def _time_adverb(toks: Sequence[Token]) -> int:
    """1 when ``toks`` opens with a time adverb (:data:`_TIME_ADVERBS`) before more words of
    the phrase (not a hyphen: "now-retired"), else 0."""
    if len(toks) < 2 or toks[0].lower_ not in _TIME_ADVERBS or toks[1].text in ("-", ",") or toks[0].whitespace_ == "":
        return 0
    return 1


def _dateline_run(toks: Sequence[Token], sents: bool) -> int:
    """Tokens of a wire dateline opening ``toks`` ("WASHINGTON —", "MOSCOW (Reuters) -"), up to
    and with its dash; 0 when it does not open with one or (``sents`` false) the doc has no
    sentence boundaries to tell one by."""
    if not toks or not sents or not _is_dateline(toks[0]):
        return 0
    for k, t in enumerate(toks[:12]):
        if t.text in DASHES or t.text in ("-", "--"):
            return k + 1
    return 0


def _has_sents(doc: Doc) -> bool:
    return annotated(doc, "DEP") or annotated(doc, "SENT_START")


def trimmed(doc: Doc, speaker: Range, *, sents: bool | None = None) -> Range | None:
    """``speaker`` (character range) without leading or trailing time words and without a
    leading dateline; None when nothing else is in it; unchanged when it does not align with
    tokens. ``sents``: whether ``doc`` has sentence boundaries (asked of the doc if None)."""
    if sents is None:
        sents = _has_sents(doc)
    span = doc.char_span(speaker[0], speaker[1], alignment_mode="expand")
    if span is None or len(span) == 0:
        return speaker
    toks = list(span)
    a = 0
    while True:
        step = _dateline_run(toks[a:], sents) or _time_run(toks[a:]) or _time_adverb(toks[a:])
        if step == 0:
            break
        a += step
    b = len(toks)
    while b > a:  # trailing: "officials Friday", "the mayor on Tuesday"
        k = b
        while k > a and _time(toks[k - 1]):
            k -= 1
        if k == b:
            break
        while k > a and (toks[k - 1].is_punct or toks[k - 1].lower_ in _TIME_FILLERS):
            k -= 1
        b = k
    while b > a and (toks[b - 1].is_punct or toks[b - 1].is_space):
        b -= 1
    while a < b and (toks[a].is_punct or toks[a].is_space):
        a += 1
    if a >= b:
        return None
    if a == 0 and b == len(toks):
        return speaker
    return max(speaker[0], toks[a].idx), min(speaker[1], toks[b - 1].idx + len(toks[b - 1]))


def without_time_words(doc: Doc, quotes: Sequence[Quote], mentions: MentionIndex | None = None,
                       *, text: str | None = None) -> list[Quote]:
    """``quotes`` with every speaker :func:`trimmed`: a changed speaker has its named person
    (``speaker_ref``) resolved again on what is left, a speaker that was only a time phrase or a
    dateline is removed with its named person and relative pronoun. Same order, same length.
    ``mentions``: the document's :class:`MentionIndex` if the caller has one (built here
    only when a speaker changes)."""
    out: list[Quote] = []
    sents: bool | None = None  # asked once: Doc.has_annotation scans every token
    for q in quotes:
        if q.speaker is None:
            out.append(q)
            continue
        if sents is None:
            sents = _has_sents(doc)
        sp = trimmed(doc, q.speaker, sents=sents)
        if sp == q.speaker:
            out.append(q)
        elif sp is None:
            out.append(dataclasses.replace(q, speaker=None, speaker_ref=None, speaker_pronoun=None))
        else:
            mentions = mentions or MentionIndex(doc, text)
            ref = mentions.resolve(*sp, before=min(sp[0], q.content[0]))
            out.append(dataclasses.replace(q, speaker=sp, speaker_ref=ref))
    return out
