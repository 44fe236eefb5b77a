"""What the rules decided about a content's structure, which the learned attributions must not undo.

The recogniser learned extents from annotators, not the rules' reasons, so where it reads a
stretch differently from the rules on *structure* -- where a content ends, whether quoted words
are a name, whether a line is a headline -- the rules' decision stands
(:mod:`annotator.nlp.attribution_merge` asks these functions before it combines the two):

* **ends** (:func:`may_extend_end`): a rule content is not made longer past its end when that
  end is a closing quotation mark ('said the budget was "a mess"' + "at a news conference on
  Tuesday") or when the words after it open an occasion or channel of the saying
  (:func:`annotator.nlp.quotes_direct.occasion_phrase`: "the deal was off" + "at a news conference";
  the rules cut those, :func:`annotator.nlp.quotes_indirect` "before saying adjunct"), nor
  when the longer reading leaves a bracket unpaired that the rule's reading
  had paired ('profits had doubled' + " (").
* **the same trimming for model contents** (:func:`trimmed`): a content the model adds on its
  own is cut as the rules cut theirs -- no unpaired bracket at either end, nothing after a
  closing quotation mark that is an occasion phrase (the test the rules' own cut uses,
  :func:`opens_occasion`). A leading complementizer "that" is *kept*: PolNeAR's contents start
  with it, and cutting it lowered both slices (held-out F1 0.7315 -> 0.7312, speaker 2396 ->
  2395 right; dev speaker 0.9303 -> 0.9296; docs/attribution-rounds.md "widen10").
* **phrase ends for model contents** (:func:`completed`): a model content that ends on a word
  that cannot end a phrase ("the machines were broken for a") is carried to that phrase's end
  ("... for a month"), as is one ending on any word whose head lies to its right ("Brand" +
  "resign at the meeting"), within its sentence and short of any other attribution: held-out
  unchanged, dev F1 0.7811 -> 0.7813 (docs/attribution-rounds.md "bounds13").
* **titles** (:func:`opens_with_title`): a content that opens with quoted words the rules read as
  a name (:func:`annotator.nlp.quotes_direct.named_title`: 'a measure known as "Safe Streets
  Now" for six hours', 'The program, dubbed "Second Chances," will start') is the rules' refusal
  of those words as a quote, and the model does not add it back.
* **headlines** (:func:`headline_label`): a model attribution cued by a line label's colon is
  kept only when the label can name a speaker the way the rules' headline labels do
  (:mod:`annotator.nlp.quotes_colon`: at most four words, or "X to Y" with at most four before
  "to"): "Harbor Council Rejects Ferry Plan: Mayor Vows Appeal" is one headline of two
  clauses, not a quote.

Pure functions of the text (and the parse when there is one); offsets are Python code points,
half-open.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Sequence

from spacy.tokens import Doc

from annotator.nlp.quotes_doc import annotated
from annotator.nlp.quotes_lexicon import CUE_FORMS, SPEECH_LEMMAS
from annotator.nlp.quotes_marks import QuotedRun, find_quoted_runs
from annotator.nlp.quotes_pairs import QUOTE_CHARS
from annotator.nlp.quotes_types import Quote, Range

_OPEN_BRACKETS = "(["
_CLOSE_BRACKETS = ")]"


class Runs:
    """The quoted runs of one text, looked up by position."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.runs = find_quoted_runs(text)
        self.opens = [r.open for r in self.runs]
        self.closes = {r.outer[1] for r in self.runs if not r.single}

    def ends_at_close(self, end: int) -> bool:
        """Whether offset ``end`` is just past a closing double quotation mark (punctuation
        before it aside: 'called it "a mess,"')."""
        return end in self.closes

    def starting_at(self, a: int) -> QuotedRun | None:
        """The run whose opening mark (or first word inside it) is at ``a``."""
        k = bisect.bisect_right(self.opens, a) - 1
        if k >= 0 and self.runs[k].outer[0] <= a <= self.runs[k].inner[0]:
            return self.runs[k]
        return None


def balanced(text: str) -> bool:
    """Whether every bracket in ``text`` is closed after it is opened and none is left open."""
    depth = 0
    for ch in text:
        if ch in _OPEN_BRACKETS:
            depth += 1
        elif ch in _CLOSE_BRACKETS:
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def _first_word(doc: Doc, at: int, end: int):
    """The first token of ``doc`` starting in [at, end) that is not white space or punctuation."""
    span = doc.char_span(at, end, alignment_mode="expand")
    if span is None:
        return None
    return next((t for t in span if t.idx >= at and not (t.is_space or t.is_punct)), None)


def opens_occasion(doc: Doc | None, at: int, end: int, *, after_mark: bool = False) -> bool:
    """Whether the words in [at, end) open with a phrase of the occasion or channel of a saying
    ("at a news conference", "by phone", "in an interview"; ``quotes_direct.occasion_phrase``)
    that belongs to the saying, not to what was said: the phrase hangs on a word before ``at``
    outside the reported clause's verb (the cue: "said ... *at* a briefing"), or on a state with no
    helper of time ("the deal *was* off at a news conference": a state has no occasion of its own
    in a report, as ``quotes_indirect`` dates a state's saying). "filed the motion during a closed
    hearing", "looked tired at the gala" keep theirs. ``after_mark``: the words follow a
    closing quotation mark that ends a quoted clause ('would "flood the pier" by phone'), after
    which the rules cut any such phrase (``quotes_direct``). False without a parse."""
    if doc is None or not annotated(doc, "DEP"):
        return False
    from annotator.nlp.quotes_direct import occasion_phrase

    t = _first_word(doc, at, end)
    if t is None or t.dep_ != "prep" or not occasion_phrase(t):
        return False
    if after_mark:
        return True
    h = t.head
    if h.dep_ in ("acomp", "attr", "advmod", "prt") and h.head.lemma_ == "be":
        h = h.head
    if h.lemma_ == "be" and not any(c.dep_ == "aux" for c in h.children):
        return True
    return h.lemma_.lower() in SPEECH_LEMMAS


def may_extend_end(rule: Range, m: Range, text: str, doc: Doc | None, runs: Runs | None = None) -> bool:
    """Whether the model content ``m`` (which holds rule content ``rule``) may replace it as far as
    the rule's decided ends go (the "ends" rule of the module docstring): not past a closing
    quotation mark the rule ends at, not over an occasion phrase right after the rule's end, and
    not leaving a bracket unpaired that the rule's content had paired."""
    runs = runs or Runs(text)
    if m[1] > rule[1]:
        if runs.ends_at_close(rule[1]):
            return False
        if opens_occasion(doc, rule[1], m[1]):
            return False
    if balanced(text[rule[0] : rule[1]]) and not balanced(text[m[0] : m[1]]):
        return False
    return True


def _strip(text: str, a: int, b: int) -> Range:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def trimmed(q: Quote, text: str, doc: Doc | None, runs: Runs | None = None) -> Quote | None:
    """Model quote ``q`` with its content cut as the rules cut theirs (the "same trimming" rule
    of the module docstring): an unpaired bracket at either end, and an occasion phrase after a
    closing quotation mark inside the content. None when nothing is left."""
    runs = runs or Runs(text)
    a, b = q.content
    # an unpaired bracket at either end: "profits had doubled (", "the figures were unaudited)"
    for _ in range(2):
        a, b = _strip(text, a, b)
        if b > a and text[b - 1] in _OPEN_BRACKETS:
            b -= 1
        if b > a and text[a] in _CLOSE_BRACKETS:
            a += 1
    a, b = _strip(text, a, b)
    if b > a and text[a] in _OPEN_BRACKETS and not balanced(text[a:b]):
        a += 1
    if b > a and text[b - 1] in _CLOSE_BRACKETS and not balanced(text[a:b]):
        b -= 1
    a, b = _strip(text, a, b)
    if doc is not None and annotated(doc, "DEP") and b > a:
        # an occasion phrase after a closing mark inside: 'would "flood the pier" by phone from Tarrow'
        lo = max(0, bisect.bisect_left(runs.opens, a) - 1)
        for r in runs.runs[lo : bisect.bisect_left(runs.opens, b)]:
            end = r.outer[1]
            if r.single or not a < end < b:
                continue
            if opens_occasion(doc, end, b, after_mark=True):
                b = end
                break
    a, b = _strip(text, a, b)
    if b <= a:
        return None
    return q if (a, b) == q.content else dataclasses.replace(q, content=(a, b))


# words that, right after a quoted name, show the content goes on about the thing named, not in
# anyone's words: a preposition ('"Safe Streets Now" *for* six hours') or a helper verb of the
# sentence's own predicate ('"Second Chances," *will* start'); used without a parse
_AFTER_NAME = frozenset(
    """for on in at by during after before since until with from over about into
    will would is was are were has have had can could may might should must""".split()
)


def _goes_on_about_name(doc: Doc | None, text: str, at: int, end: int) -> bool:
    """Whether the words in [at, end) after a quoted name are a preposition's phrase or the
    sentence's predicate (the name its subject), not more of a list or a clause on the name
    ('"Harbour Days" and a street fair', '"The Tide," which opens in May': PolNeAR contents)."""
    m = re.search(r"[^\W\d_][\w'\u2019-]*", text[at:end])
    if m is None:
        return True  # nothing after it but punctuation
    if m.group(0).lower() == "by":
        return False  # '"How Ports Grow" by Ana Ruiz': a paper's title with its authors, their words
    if doc is not None and annotated(doc, "DEP"):
        t = _first_word(doc, at, end)
        if t is not None:
            return t.dep_ == "prep" and t.lower_ != "of" or t.pos_ in ("AUX", "VERB") and t.dep_ in ("aux", "ROOT", "auxpass")
    return m.group(0).lower() in _AFTER_NAME


def opens_with_title(q: Quote, text: str, runs: Runs | None = None, doc: Doc | None = None) -> bool:
    """Whether ``q``'s content starts with quoted words the rules read as a name
    (``quotes_direct.named_title``) and goes on, if at all, only with a phrase about the thing
    named (:func:`_goes_on_about_name`): the "titles" rule of the module docstring."""
    from annotator.nlp.quotes_direct import named_title

    runs = runs or Runs(text)
    run = runs.starting_at(q.content[0])
    if run is None or run.single or not named_title(text, run):
        return False
    return q.content[1] <= run.outer[1] or _goes_on_about_name(doc, text, run.outer[1], q.content[1])


# "X to Y: ..." headlines: who speaks, "to", whom it is addressed to
_TO = re.compile(r"\s+to\s+", re.IGNORECASE)


def headline_label(q: Quote, text: str) -> bool:
    """Whether ``q`` is cued by a line label's colon whose label cannot name a speaker (the
    "headlines" rule of the module docstring): more than four words, and not "X to Y" with at
    most four words in X. False when the cue is not such a colon."""
    if q.cue is None or text[q.cue[0] : q.cue[1]].strip() != ":":
        return False
    c = q.cue[0]
    line = text[text.rfind("\n", 0, c) + 1 : c].strip()
    if not line or q.content[0] < c:
        return False
    words = line.split()
    if len(words) <= 4:
        return False
    if text[q.content[0]] in QUOTE_CHARS or any(w.lower().strip(".,;'\u2019") in CUE_FORMS for w in words):
        return False  # quoted words after the label, or a verb of saying in it: someone speaks
    head = _TO.split(line, maxsplit=1)
    return not (len(head) == 2 and 1 <= len(head[0].split()) <= 4)


# parts of speech that cannot end a phrase: a content ending on one stops before the words it
# governs or is governed by ("broken for a" + "month")
_OPEN_POS = frozenset({"DET", "ADP", "CCONJ", "SCONJ", "AUX", "PART"})
_OPEN_TAGS = frozenset({"PRP$", "WP$", "POS", "TO"})


def open_end(t) -> bool:
    """Whether token ``t`` cannot end a phrase by its kind: a determiner, preposition,
    conjunction, auxiliary, particle ("to") or possessive ("her", "'s")."""
    # an opening bracket is not carried to its parenthesis: :func:`trimmed` cuts it, as the rules do
    return (t.pos_ in _OPEN_POS or t.tag_ in _OPEN_TAGS or t.dep_ == "poss") and t.text not in _OPEN_BRACKETS


def _last_word(doc: Doc, a: int, b: int):
    """The last token of ``doc`` inside [a, b) that is not white space, or None."""
    span = doc.char_span(a, b, alignment_mode="contract")
    if span is None or len(span) == 0:
        return None
    return next((t for t in reversed(span) if not t.is_space), None)


def _phrase_end(t) -> int:
    """The token index just past the phrase that last token ``t`` opens: its own dependents to
    the right, its head to the right with the head's, the conjunct after a conjunction, the
    possessed noun after a possessive "'s" (token offsets; ``t.i + 1`` when none)."""
    end = t.i + 1
    linked = [c for c in t.head.rights if c.dep_ == "conj" and c.i > t.i] if t.dep_ == "cc" else [t.head]
    if t.pos_ in ("CCONJ", "SCONJ") and linked and linked[0].pos_ in ("VERB", "AUX"):
        # a conjunction before a clause ("... the fares, but" + "the board refused", "even as"
        # + "he conceded"): the next clause is another statement, not the rest of this phrase
        return end
    if t.n_rights:
        end = max(end, t.right_edge.i + 1)
    if t.head.i > t.i:
        end = max(end, t.head.right_edge.i + 1)
    if t.dep_ == "cc":  # "bread and" + "butter": the conjunct hangs on the word before "and"
        conj = [c for c in t.head.rights if c.dep_ == "conj" and c.i > t.i]
        if conj:
            end = max(end, conj[0].right_edge.i + 1)
    if t.tag_ == "POS" and t.head.head.i > t.i:  # "the mayor's" + "office"
        end = max(end, t.head.head.i + 1)
    return end


def completed(q: Quote, text: str, doc: Doc | None, stops: Sequence[int] = ()) -> Quote:
    """Model quote ``q`` with a content that ends on a word that cannot end a phrase
    (:func:`open_end`: "the machines were broken for a"), or on any word whose head lies to its
    right, carried to the end of that phrase
    (:func:`_phrase_end`: "... for a month"), never past its sentence, a line break, a quotation
    mark, or any offset in ``stops`` after the end (the starts of other attributions' contents
    and cues, its own cue after it); trailing punctuation is not taken. ``q`` unchanged without
    a parse or when nothing is to be added."""
    if doc is None or not annotated(doc, "DEP"):
        return q
    a, b = q.content
    limit = len(text)
    for s in stops:
        if b <= s < limit:
            limit = s
    if q.cue is not None and b <= q.cue[0] < limit:
        limit = q.cue[0]
    for _ in range(3):  # a phrase completed may end on another open word: "for the mayor's"
        t = _last_word(doc, a, b)
        # a word whose head lies to its right is mid-phrase whatever its kind ("the pier's owners
        # and, lately, their" + "lawyers", "Brand" + "resign at the meeting"): measured
        # neutral on held-out, dev F1 0.7811 -> 0.7813 (docs/attribution-rounds.md "bounds13")
        if t is None or not (open_end(t) or t.i < t.head.i and not t.is_punct):
            break
        sent = t.sent
        e = min(_phrase_end(t), sent.end)
        if e <= t.i + 1:
            break
        new_b = b
        for tok in doc[t.i + 1 : e]:
            end = tok.idx + len(tok.text)
            # a quotation mark (not an apostrophe inside "mayor's") may close another attribution
            quote = tok.is_punct and any(c in QUOTE_CHARS for c in tok.text)
            if end > limit or quote or "\n" in text[new_b:end]:
                break
            new_b = end
        if new_b < doc[e - 1].idx + len(doc[e - 1].text):
            break  # cut short by a limit: half a phrase completes nothing ("that" + "he" before the cue)
        # trailing punctuation other than a closing bracket stays out ("for a month," -> "for a month")
        span = doc.char_span(b, new_b, alignment_mode="contract")
        if span is not None:
            toks = list(span)
            while toks and (toks[-1].is_space or toks[-1].is_punct and toks[-1].text not in _CLOSE_BRACKETS):
                toks.pop()
            new_b = toks[-1].idx + len(toks[-1].text) if toks else b
        if new_b <= b:
            break
        b = new_b
    return q if b == q.content[1] else dataclasses.replace(q, content=(a, b))


def bounded(model: Sequence[Quote], text: str, doc: Doc | None, runs: Runs | None = None,
            stops: Sequence[int] = ()) -> list[Quote]:
    """The model quotes that respect the rules' structural decisions, trimmed as the rules trim:
    pieces opening with a title the rules refused (:func:`opens_with_title`) and attributions cued by a
    headline label (:func:`headline_label`) left out, the rest :func:`completed` (a content ending
    mid-phrase carried to the phrase's end, not past another model quote's content or cue nor
    any offset in ``stops``) and :func:`trimmed`."""
    runs = runs or Runs(text)
    starts = sorted({*stops, *(q.content[0] for q in model), *(q.cue[0] for q in model if q.cue is not None)})
    out = []
    for q in model:
        if opens_with_title(q, text, runs, doc) or headline_label(q, text):
            continue
        t = trimmed(completed(q, text, doc, starts), text, doc, runs)
        if t is not None:
            out.append(t)
    return out
