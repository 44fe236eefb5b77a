"""Direct quotes: quoted runs from the character scanner, with the cue and speaker found in the
words right after the closing mark ("...," Lavrov said) or right before the opening one
(Lavrov said: "..."). Works without a parser.

A quote whose own text ends its sentence (``"... vote." Critics disagreed.``) is never attributed
to the sentence after it: that sentence's subject is not its speaker, nor its verb its cue. After
``?``, ``!`` or an ellipsis English goes on with the attribution (``"...?" she asked``,
``"...!" shouted Smith``), so there the words after the quote are still read as its attribution
when they continue the sentence (lower case) or are nothing but a speaker and a cue verb with no
content of its own (``"...?" Smith asked.``, not ``"...?" He said the plan was dead.``).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from annotator.nlp.quotes_closing import HEDGE_AFTER
from annotator.nlp.quotes_doc import SENT_END, Attr, DocContext, chars, is_break, trim
from annotator.nlp.quotes_lexicon import CUE_FILLERS, CUE_FORMS, DASHES, DETERMINERS, DOBJ_LEMMAS, DOCUMENT_NOUNS, HUMAN_NOUNS, MARK_TOKENS, PERSONAL_PRONOUNS, SAYING_OCCASION_NOUNS, SPEECH_LEMMAS
from annotator.nlp.quotes_marks import QuotedRun
from annotator.nlp.quotes_types import Range
from annotator.nlp.quotes_pairs import QUOTE_CHARS
from annotator.nlp.quotes_speakers import CLAUSE_WORDS, SUBJ, TIME_WORDS, _set_off_after_relative, asked_participle, cap, person_like, speaker_for, speakers_next_report, subject_after_inverted


def _after_frame(ctx: DocContext, close_i: int) -> tuple[int, int]:
    """Tokens [close_i + 1, i) after a closing mark where its frame may stand: up to the next
    opening mark, sentence end or line break, at most 14 tokens not counting those of a relative
    clause set off by commas (', said the minister*, who has held the post since ...,* "B."':
    the speaker's description, however long)."""
    doc, i = ctx.doc, close_i + 1
    aside = counted = 0
    while i < len(doc) and counted <= 14:
        t = doc[i]
        if i in ctx.open_toks or t.is_space and "\n" in t.text:
            break
        if t.text == "," and i + 1 < len(doc) and doc[i + 1].lower_ in ("who", "which") and aside == 0:
            aside = 1
        elif t.text == "," and aside:
            aside = 0
        elif aside:
            aside += 1
        i += 1
        counted += aside == 0 or aside > 40  # (an aside that never closes counts after 40 words)
        if t.text in SENT_END or t.text == ";" or is_break(t):
            break
    return close_i + 1, i


def _before_frame(ctx: DocContext, open_i: int) -> tuple[int, int]:
    """Tokens [lo, open_i) of the sentence before the opening mark. A paragraph that ends with a
    colon introduces the quote that opens the next one ("Smith said:\n\n\"...\"")."""
    doc, i = ctx.doc, open_i
    crossed = False
    while i > 0 and open_i - i < 25:
        t = doc[i - 1]
        if is_break(t) and not crossed and i == open_i:
            k = i - 1 if t.is_space else i  # the token that ends the paragraph before
            while k > 0 and doc[k - 1].is_space:
                k -= 1
            if k > 0 and doc[k - 1].text == ":" and (k == i or is_break(doc[k - 1]) or doc[k].is_space):
                crossed = True
                i = k
                continue
        if t.text in SENT_END or is_break(t) or (i - 1) in ctx.close_toks:
            break
        i -= 1
    return i, open_i


def _colon_introduced(ctx: DocContext, open_i: int) -> bool:
    """Whether a cue and a colon stand right before the opening mark ("One local said: \"...")."""
    doc = ctx.doc
    k = open_i - 1
    while k >= 0 and doc[k].is_space:
        k -= 1
    if k < 1 or doc[k].text != ":":
        return False
    lo, _ = _before_frame(ctx, open_i)
    return any(ctx.is_cue(doc[i]) for i in range(max(lo, k - 4), k))


def _colon_before(ctx: DocContext, open_i: int) -> int | None:
    """The colon token right before the opening mark (spaces and a paragraph break between
    allowed: "Smith said:\n\n\"...\""), else None."""
    doc = ctx.doc
    k = open_i - 1
    while k >= 0 and doc[k].is_space:
        k -= 1
    return k if k >= 0 and doc[k].text == ":" else None


def _colon_verb(ctx: DocContext, colon: int, lo: int) -> int | None:
    """With a parse, the verb of a clause that introduces a quote with a colon whatever its lemma
    ("Clinton released the following statement:", "Sanders delivered a retort:", "Trump has since
    apologized:"): the colon's head verb, in the frame, with a person-like subject of its own.
    None otherwise."""
    doc = ctx.doc
    v = doc[colon].head
    for _ in range(2):
        if v.pos_ in ("VERB", "AUX") or v.head.i == v.i:
            break
        v = v.head
    if not lo <= v.i < colon:
        # the parser hung the colon (and the frame) on the quote's own verb ('Sanders delivered
        # a retort: "Nobody is scrapping this deal"'): the frame's verb is the one heading the words
        # before the colon
        roots = [t for t in doc[lo:colon] if not lo <= t.head.i < colon and t.pos_ in ("VERB", "AUX")]
        if len(roots) != 1:
            return None
        v = roots[0]
    if v.pos_ not in ("VERB", "AUX") or not lo <= v.i < colon or v.i in ctx.in_run:
        return None
    subjects = [c for c in v.lefts if c.dep_ in ("nsubj", "nsubjpass")]
    if len(subjects) != 1:
        return _clause_at_colon(ctx, colon, lo)
    subj = subjects[0]
    return v.i if person_like(subj) or cap(subj) and subj.pos_ in ("NOUN", "PROPN") else None


def _colon_report(doc: Doc, cues: list[int]) -> int | None:
    """The reporting verb a colon quote belongs to when the last cue word before the colon stands
    in that verb's reported clause with no one as its subject ('Mrs Hale said the fair was never
    *intended* to grow so large: "..."', 'added that the money was never *supposed* to be
    spent: "..."'): the verb of speech (among ``cues``, token indices in order) whose clause
    holds it. None when the last cue has a person-like subject of its own ('said she had
    *warned* them: "..."': hers may be the quote) or no earlier cue reports it."""
    c = doc[cues[-1]]
    subjects = [x for x in c.children if x.dep_ in ("nsubj", "nsubjpass")]
    if subjects and person_like(subjects[0]) or not subjects and c.dep_ != "ccomp":
        return None
    earlier = set(cues[:-1])
    u = c
    while u.head.i != u.i:
        if u.dep_ == "ccomp" and u.head.i in earlier and u.head.lemma_.lower() in SPEECH_LEMMAS:
            return u.head.i
        u = u.head
    return None


def _clause_at_colon(ctx: DocContext, colon: int, lo: int) -> int | None:
    """The verb of the clause that ends right at a colon before a quote, when the verb the
    colon hangs on has no subject of its own ('She grew angry, and began shouting, that *I had
    to take it back*: "..."': the parse hangs the colon on "began"): the last verb before
    the colon whose phrase runs up to it, with a personal pronoun or person-like subject of its
    own or of the verb its infinitive hangs on ("had to take": I). None otherwise."""
    doc = ctx.doc
    for k in range(colon - 1, lo - 1, -1):
        v = doc[k]
        if v.pos_ not in ("VERB", "AUX") or v.right_edge.i != colon - 1 or v.i in ctx.in_run:
            continue
        holder = v.head if v.dep_ == "xcomp" and not any(c.dep_ in SUBJ for c in v.children) else v
        subjects = [c for c in holder.lefts if c.dep_ in ("nsubj", "nsubjpass")]
        if len(subjects) == 1 and lo <= subjects[0].i and (person_like(subjects[0]) or subjects[0].lower_ in ("i", "we")):
            return v.i
        return None
    return None


_FINAL = frozenset(".!?\u2026")
# what may stand between a quote's last word and its closing mark: nested closing marks, brackets
_INNER_TAIL = frozenset(")]}") | QUOTE_CHARS


def sentence_final(text: str, run: QuotedRun) -> str | None:
    """The punctuation with which a quote ends its sentence: ``.``, ``!``, ``?`` or ``…`` (also
    ``...``) as the quote's last character (before nested closing marks or brackets), or a period
    right after the closing mark (``"...". Then``). None when it does not (``"...," he said``)."""
    a, i = run.inner[0], run.close - 1
    while i >= a and (text[i].isspace() or text[i] in _INNER_TAIL):
        i -= 1
    if i >= a and text[i] in _FINAL:
        if text[i] == "." and text[i - 2 : i] == "..":
            return "\u2026"
        return text[i]
    return "." if text[run.outer[1] : run.outer[1] + 1] == "." else None


def _speakerish(ctx: DocContext, i: int) -> bool:
    """A word that may be part of a speaker phrase ("Smith", "the minister", "he", "has also"),
    not a conjunction or clause word ("And then answered")."""
    t = ctx.doc[i]
    low = t.lower_
    if low in CLAUSE_WORDS and low not in CUE_FILLERS or ctx.parsed and t.pos_ in ("CCONJ", "SCONJ", "VERB"):
        return False
    return (
        cap(t) or low in DETERMINERS or low in PERSONAL_PRONOUNS or low in HUMAN_NOUNS
        or low in CUE_FILLERS or t.text in ("-", ".", "'s", "\u2019s")
    )


_PLAIN_SAY = frozenset("say write add ask".split())


def attribution_follows(ctx: DocContext, run: QuotedRun, cue_i: int) -> bool:
    """Whether the cue ``cue_i``, in the words after ``run``, may introduce that quote.

    Quotes that end their sentence take no cue from the next sentence: after a period never
    (unless the words go on in lower case, ``"Fine." he said``); after ``?``, ``!`` or ``…`` only
    when the words continue the sentence in lower case or are just a speaker and a cue verb that
    reports nothing of its own. A closing dash attribution (``"..." ― Jane Doe``) always may.
    """
    doc, text = ctx.doc, ctx.text
    end = sentence_final(text, run)
    if end is None or doc[cue_i].text in DASHES:
        return True
    lo = ctx.tok(run.outer[1] - 1) + 1
    while lo < cue_i and (doc[lo].is_space or doc[lo].text in MARK_TOKENS):
        lo += 1
    first = doc[lo] if lo < len(doc) else None
    if first is None:
        return False
    if first.text[:1].islower():
        return True  # '"...?" she asked', '"...!" said Smith': the sentence goes on
    if cue_i - lo > 4 or not all(_speakerish(ctx, i) for i in range(lo, cue_i)):
        return False
    if end == "." and not (
        cue_i + 1 < len(doc) and doc[cue_i + 1].text == "." and doc[cue_i].lemma_.lower() in _PLAIN_SAY and cue_i > lo
    ):
        # '"... missing." Trump said.': a sentence that is only a speaker and a plain verb of
        # saying credits the quote before it even after its period; any other sentence does not
        # ('"... vote." Critics disagreed.' is a reaction, not an attribution)
        return False
    cue = doc[cue_i]
    if ctx.parsed:
        return not any(c.dep_ in ("ccomp", "xcomp") and c.i > cue_i for c in cue.children)  # the quote itself may be parsed as its complement
    # without a parser: after the cue only a speaker ('asked the minister') up to the clause end
    for t in doc[cue_i + 1 : cue_i + 9]:
        if t.text in SENT_END or t.text in (",", ";") or is_break(t):
            break
        if not (t.is_punct or _speakerish(ctx, t.i)):
            return False
    return True


def _substantive(ctx: DocContext, run: QuotedRun) -> bool:
    """Sentence-like quoted text (a statement), not a scare-quoted phrase or a title."""
    inner = ctx.text[run.inner[0] : run.inner[1]].strip()
    words = inner.split()
    if len(words) < 5:
        return False
    starts_sentence = inner[:1].isupper() or inner[:1] in "[(\u2026."
    ends_sentence = inner[-1:] in ".?!,\u2026" or ctx.text[run.outer[1] : run.outer[1] + 1] in (".", ",")
    return starts_sentence and (ends_sentence or len(words) >= 8)


def _but_according_at(doc: Doc, k: int) -> bool:
    """Whether token ``k`` is the dash, comma or semicolon of "- but according to" (usertest32
    M2): the clause before it ends there; the source after "according to" has the rest."""
    return (
        k + 3 < len(doc) and doc[k].text in ("-", "\u2013", "\u2014", "--", ",", ";")
        and doc[k + 1].lower_ == "but" and doc[k + 2].lower_ == "according" and doc[k + 3].lower_ == "to"
    )


def _after_cue(ctx: DocContext, lo: int, hi: int) -> int | None:
    """A cue right after a quote: 'said', 'X said', 'according to' (a dash before a name is
    :func:`dash_credit`'s: a dash before any capitalised word took '— Tuesday was the day')."""
    doc = ctx.doc
    near = next((i for i in range(lo, min(hi, lo + 9)) if ctx.is_cue(doc[i])), None)
    if near is not None and doc[near].lower_ == "according" and near > lo and doc[near - 1].lower_ == "but":
        # 'said that "Tom Reed" had quit - but according to the council, no such man exists':
        # "but according to" sets another source against the sentence so far, its reading the
        # clause after it; never the frame of a quote before it (usertest32 M2)
        return None
    if near is not None and ctx.parsed and asked_participle(doc[near]) is not None and _set_off_after_relative(doc[near]) is not None:
        # '"A," the minister, who, *asked* whether he would resign, laughed, said, "B"': the one
        # asked answers in the frame's own cue after the aside (usertest22 M5)
        near = next((i for i in range(doc[near].right_edge.i + 1, hi) if ctx.is_cue(doc[i])), None)
        if near is not None:
            return near
    if near is not None and ctx.parsed:
        v = _verb_of_described_subject(doc, near)
        if v is not None and near < v < hi and ctx.is_cue(doc[v]):
            return v  # '"A," the minister, who has *held* the post since ..., *said*': his frame
    if near is None and ctx.parsed:
        # '"...," the two write.', '"...," the agency reports.': a verb of saying the tagger read
        # as a noun, ending a frame of only a speaker phrase
        last = hi - 1
        while last > lo and (doc[last].is_punct or doc[last].is_space):
            last -= 1
        if lo < last < lo + 9 and doc[last].pos_ == "NOUN" and (doc[last].lower_ in CUE_FORMS or doc[last].lower_ in SPEECH_LEMMAS) and doc[last + 1 : hi].text.strip()[:1] in (".", "") and all(
            _speakerish(ctx, k) or doc[k].pos_ in ("NUM", "ADJ") for k in range(lo, last)
        ):
            return last
        # '"...," the party's presumptive nominee, Jane Doe, tweeted': a speaker with its
        # appositive runs past nine words; the first cue after them, when only a noun phrase
        # and commas stand between (no verb, no clause word)
        for i in range(lo + 9, hi):
            if ctx.is_cue(doc[i]):
                if _speakerish(ctx, lo) and all(doc[k].pos_ in _PHRASE_POS or doc[k].text == "," for k in range(lo, i)):
                    return i
                break
    if ctx.parsed:
        # '"...," the minister, a former judge who was appointed in May, said, "..."': the frame is
        # the whole run of words up to the next opening mark, whatever the length of the speaker's
        # asides; its cue comes after them (a cue inside an aside, "who has *called* for ...", is
        # no frame of this quote) (usertest20 H1, M2)
        framed = _cue_past_asides(ctx, lo, _frame_end(ctx, lo))
        if framed is not None and (near is None or near < framed[2] or framed[3]):
            return framed[2]  # ("was *quoted* by Reuters as saying": the cue PolNeAR marks)
    return near


# parts of speech of a noun phrase with an appositive ("the party's nominee, Jane Doe,")
_PHRASE_POS = frozenset({"DET", "ADJ", "NOUN", "PROPN", "NUM", "PART"})
_RELATIVE_WORDS = frozenset({"who", "whose", "which"})


def _in_compound(doc: Doc, k: int) -> bool:
    """Whether token ``k`` is a hyphen inside a word or a piece of a hyphenated word ("54-year-old",
    "long-serving": the tagger splits them into pieces tagged NUM/ADV/VBG and HYPH, which no
    phrase test of single words accepts; usertest21 H1a)."""
    t = doc[k]
    if t.tag_ == "HYPH":
        return 0 < k < len(doc) - 1 and not doc[k - 1].whitespace_ and not t.whitespace_
    before = k > 0 and doc[k - 1].tag_ == "HYPH" and not doc[k - 1].whitespace_
    after = k + 1 < len(doc) and doc[k + 1].tag_ == "HYPH" and not t.whitespace_
    return bool(before or after) and t.is_alpha or t.like_num and after


def _phrase_word(doc: Doc, k: int) -> bool:
    """A word of a noun phrase: :data:`_PHRASE_POS`, or a piece of a hyphenated modifier."""
    return doc[k].pos_ in _PHRASE_POS or _in_compound(doc, k)


def _noun_phrase(doc: Doc, a: int, b: int) -> bool:
    """Whether tokens [a, b) are a noun phrase with its prepositional phrases ("the governor of
    the central bank", "a veteran of 30 years in politics", "54", "the 54-year-old minister"):
    words of :data:`_PHRASE_POS` (or pieces of a hyphenated word) and prepositions, opening with
    no preposition and ending in a noun or number."""
    return (
        b > a and _phrase_word(doc, a) and doc[b - 1].pos_ in ("NOUN", "PROPN", "NUM")
        and all(_phrase_word(doc, k) or doc[k].pos_ == "ADP" for k in range(a, b))
    )


def _plain_words(doc: Doc, a: int, b: int) -> bool:
    """Whether tokens [a, b) are some words with no quote mark, sentence end, colon, semicolon
    or white space among them."""
    return b > a and not any(t.text in SENT_END or t.text in MARK_TOKENS or t.text in (";", ":") or t.is_space for t in doc[a:b])


def _aside(doc: Doc, a: int, b: int) -> bool:
    """Whether tokens [a, b), set off by commas after a speaker, are an aside about that speaker:
    an age ("54"), an apposition ("a former judge from Seville"), a relative clause of any words
    ("who has called for early elections since the spring"), an apposition with its relative
    clause ("a former judge who was appointed in May") or a participle phrase ("speaking in
    Madrid", "appointed in May"). Tags only; no quote mark, sentence end, colon or semicolon."""
    if not _plain_words(doc, a, b):
        return False
    rel = next((k for k in range(a, b) if doc[k].lower_ in _RELATIVE_WORDS), b)
    if rel == a:
        return True
    if doc[a].tag_ in ("VBG", "VBN") and rel == b:
        return all(doc[k].pos_ in _PHRASE_POS or doc[k].pos_ in ("ADP", "ADV") for k in range(a + 1, b))
    return _noun_phrase(doc, a, rel)


def _speaker_and_asides(ctx: DocContext, lo: int, hi: int) -> tuple[int, int, int] | None:
    """``(start, head_end, end)`` when the words from ``lo`` (after leading commas) open with a
    speaker phrase -- tokens [start, head_end): a noun phrase (:func:`_noun_phrase`) or a personal
    pronoun -- followed by any number of asides set off by commas (:func:`_aside`); ``end`` is
    the first token after them and their closing comma, where the cue's words start (``"the
    minister, a former judge from Seville, *said*"``, ``"Ana Ruiz, 54, *said*"``). None when no
    speaker phrase opens the words. Tags only (a parse of a long apposition often hangs the
    speaker on the quoted words, so the dependencies are not read)."""
    doc = ctx.doc
    while lo < hi and doc[lo].text == ",":
        lo += 1
    if lo >= hi or not _speakerish(ctx, lo):
        return None
    k = lo
    if doc[lo].lower_ in PERSONAL_PRONOUNS:
        k = lo + 1
    else:
        while k < hi and (_phrase_word(doc, k) or doc[k].pos_ == "ADP"):
            k += 1
        while k > lo and doc[k - 1].pos_ not in ("NOUN", "PROPN", "NUM"):
            k -= 1  # "Pablo Ortega with": the preposition opens no aside; nor does a dangling one
        if not _noun_phrase(doc, lo, k):
            return None
    head_end = k
    relative = False  # after a relative word set off alone ("the minister, who, asked ..., shook her head,")
    after_relative = 0  # the segments read after that relative word
    while k < hi and doc[k].text == ",":
        nxt = next((j for j in range(k + 1, hi) if doc[j].text == ","), None)
        # the relative clause a comma interrupts right after its pronoun goes on to the next
        # comma: its aside ("asked whether she would resign"), then its verb (usertest21 M1)
        if nxt is None or not (_aside(doc, k + 1, nxt) or relative and _plain_words(doc, k + 1, nxt)):
            break
        if after_relative >= 2 and ctx.is_cue(doc[k + 1]):
            # "the senator, who, pressed on the date, paused, *added*,": past the participle set
            # off after "who" and the relative clause's own verb, a cue is the frame's (usertest23 H3)
            break
        if relative:
            after_relative += 1
        relative = relative or nxt == k + 2 and doc[k + 1].lower_ in _RELATIVE_WORDS
        k = nxt
    return lo, head_end, (k + 1 if k < hi and doc[k].text == "," else k)


def _punct_at_close(ctx: DocContext, lo: int) -> bool:
    """Whether punctuation stands at the closing mark right before token ``lo`` (',"', '",',
    '?"'): the quote ends there and a frame may follow; '"Vote Smith" campaign buttons' runs on."""
    doc = ctx.doc
    if lo < 1 or lo >= len(doc):
        return False
    return any(c in ",.?!\u2026;:\u2014\u2013-" for c in ctx.text[max(0, doc[lo - 1].idx - 2) : doc[lo].idx + 1])


def _cue_past_asides(ctx: DocContext, lo: int, hi: int) -> tuple[int, int, int, bool] | None:
    """``(start, head_end, cue, quoted)`` of a frame after a quote made of a speaker with its
    asides (:func:`_speaker_and_asides`) and then the cue: right away, after auxiliaries and
    adverbs ("has also said"), or in "was quoted (by Reuters) as saying" or "was cited as
    saying" (``quoted`` True and the cue "quoted"/"cited", as PolNeAR's gold marks "quoted";
    usertest20 M2, usertest21 M1). None otherwise, and when the
    quote runs on into the words after it ('"Vote Smith" campaign buttons, said': no
    punctuation at its closing mark). Tokens [lo, hi): the words after the closing mark."""
    doc = ctx.doc
    if lo >= hi or not _punct_at_close(ctx, lo):
        return None
    found = _speaker_and_asides(ctx, lo, hi)
    if found is None:
        return None
    j = found[2]
    while j < hi and doc[j].pos_ in ("AUX", "ADV", "PART") and not ctx.is_cue(doc[j]):
        j += 1
    q = j if j < hi and doc[j].lower_ in ("quoted", "cited") else None
    if q is not None:
        j += 1
        if j < hi and doc[j].lower_ == "by":
            j += 1
            while j < hi and doc[j].pos_ in _PHRASE_POS:
                j += 1
        if j >= hi or doc[j].lower_ != "as":
            return None
        j += 1
    if j >= hi or not ctx.is_cue(doc[j]):
        return None
    return (found[0], found[1], j, False) if q is None else (found[0], found[1], q, True)


def speaker_past_asides(ctx: DocContext, lo: int, cue: int, speaker: Range | None) -> Range | None:
    """The speaker of cue ``cue`` in the frame after a quote that starts at token ``lo``. When a
    speaker phrase with asides stands before the cue (:func:`_cue_past_asides`: "the governor of
    the central bank, Elena Marsh, said", "Ana Ruiz, 54, said", "Ana Ruiz was quoted by Reuters
    as saying") or right after a cue that opens the frame ("said the harbour master, 54,"), that
    phrase, unless ``speaker`` (the parse's) is its first words ("the governor") or a name set
    off as its apposition ("Elena Marsh"); else ``speaker``, or the phrase when the parse found
    none. A long apposition often makes the parse hang the speaker on the quoted words or take
    an aside or the agent of "quoted by" for the subject (usertest20 H1, M2)."""
    doc = ctx.doc
    framed = _cue_past_asides(ctx, lo, _frame_end(ctx, lo))
    if framed is not None and framed[2] == cue:
        start, head_end, quoted = framed[0], framed[1], framed[3]
    elif framed is None and all(doc[k].is_punct for k in range(lo, cue)) and cue + 1 < len(doc) and _punct_at_close(ctx, lo):
        found = _speaker_and_asides(ctx, cue + 1, _frame_end(ctx, cue + 1))
        if found is None or found[0] != cue + 1:
            return speaker
        start, head_end, quoted = found[0], found[1], False
    else:
        return speaker
    head = chars(doc, start, head_end)
    asides = head_end < len(doc) and doc[head_end].text == ","
    if speaker is not None and not asides and not quoted:
        return speaker
    if speaker is not None and speaker[0] == head[0] and speaker[1] <= head[1]:
        return speaker
    if speaker is not None and asides:
        name = doc.char_span(speaker[0], speaker[1], alignment_mode="expand")
        if name is not None and name.start > head_end and name.end <= cue and all(t.pos_ == "PROPN" for t in name):
            return speaker
    return head


def _frame_end(ctx: DocContext, lo: int) -> int:
    """The end of the run of words from ``lo`` (right after a closing mark) to the next opening
    mark, the sentence end, a semicolon or a line break, whatever its length (at most 80
    tokens): the frame of the quote before when it holds a cue and a speaker (usertest20 H1)."""
    doc, i = ctx.doc, lo
    while i < len(doc) and i - lo < 80:
        t = doc[i]
        if i in ctx.open_toks or t.is_space and "\n" in t.text:
            break
        i += 1
        if t.text in SENT_END or t.text == ";" or is_break(t):
            break
    return i


def framed_speaker(ctx: DocContext, cue: int, oi: int) -> bool:
    """Whether the words between cue ``cue`` and the opening mark at token ``oi`` are only a
    speaker and its asides (appositions, ages, relative clauses: :func:`_speaker_and_asides`,
    any number, any length), closed by a comma right before the mark, after a cue that
    punctuation (a closing mark, a comma) precedes ('"...," said the chief economist, Ahmed
    Khan, "..."', '"...," said Ana Ruiz, the opposition leader, who has called for early
    elections since the spring, "..."'): a frame even where the parse makes the speaker the
    subject of the quoted verb, which :func:`_only_speaker` reads as a clause (and the cue's
    indirect reading then holds speaker and quote: ``quotes._speaker_then_quote`` drops it)
    (usertest19 H1, usertest20 H1)."""
    doc = ctx.doc
    if oi - cue < 3 or doc[oi - 1].text != "," or doc[cue + 1].text == "," or cue > 0 and not doc[cue - 1].is_punct:
        # ('The minister said the plan, a costly one, "would fail."': a speaker before the cue
        # makes the words after it the reported clause's subject, not a speaker)
        return False
    found = _speaker_and_asides(ctx, cue + 1, oi)
    if found is None:
        return False
    # '"...," wrote the minister, a former judge, in a letter to parliament, "..."': after the
    # asides an adjunct of the cue may close the frame, a prepositional phrase set off by commas
    # (usertest21 H1b)
    end = found[2]
    return end == oi or end > found[1] and doc[end].pos_ == "ADP" and _noun_phrase(doc, end + 1, oi - 1)


# A sign-off line may open with a plain hyphen ("- Sanders."), which DASHES leaves out because
# inside a sentence a hyphen joins words.
_SIGNOFF_DASHES = DASHES | {"-"}


def signoff(ctx: DocContext, close_i: int) -> tuple[int, Range] | None:
    """A sign-off line after a quote that ends its paragraph: the next line is only a dash and a
    name (``"..."`` / ``— Sanders.``, ``- Hillary Clinton``), as fact-checks and pull quotes
    credit a quote. Returns the dash token (the cue) and the name's character range (the
    speaker); ``None`` otherwise (a dash line that goes on into a sentence is not a sign-off)."""
    doc, i = ctx.doc, close_i + 1
    if i >= len(doc) or not ("\n" in doc[close_i].whitespace_ or (doc[i].is_space and "\n" in doc[i].text)):
        return None  # the quote must end its paragraph
    while i < len(doc) and doc[i].is_space:
        i += 1
    if i + 1 >= len(doc) or doc[i].text not in _SIGNOFF_DASHES:
        return None
    dash, j = i, i + 1
    while j < len(doc) and not (doc[j].is_space or "\n" in doc[j - 1].whitespace_ and j > dash + 1):
        j += 1
    name = [t for t in doc[dash + 1 : j] if not (t.is_punct and t.text in ".,")]
    if not 1 <= len(name) <= 5 or not all(cap(t) or t.is_punct for t in name) or not cap(name[0]):
        return None
    last = name[-1]
    if any(t.text[-1:] in SENT_END for t in name[:-1]):
        return None
    return dash, (name[0].idx, last.idx + len(last))


# a dash credit line: "” ― Jane Doe", "” — Jane Doe, a teacher", "\"... \" -- Jane Doe", the name
# on the next line; a plain hyphen only at the start of a line (inside a line it joins words)
_CREDIT_DASHES = ("--", "\u2015", "\u2014", "\u2013")
# lower-case words inside a name ("Ana de la Cruz", "Omar bin Said")
_NAME_PARTICLES = frozenset("de da del della la le van von der den bin al el dos du".split())
# a name is none of these (a date, a number: '"..." — Tuesday was the day')
_NOT_NAME_ENTS = frozenset("DATE TIME CARDINAL ORDINAL MONEY PERCENT QUANTITY".split())
_NOT_NAME_POS = frozenset("VERB AUX PRON DET ADP CCONJ SCONJ NUM".split())


def opens_paragraph(text: str, run: QuotedRun) -> bool:
    """Whether the quote ``run`` is the first thing of its paragraph (only spaces before it)."""
    start = text.rfind("\n", 0, run.open) + 1
    return not text[start : run.open].strip()


def dash_credit(ctx: DocContext, run: QuotedRun) -> tuple[int, Range, Range] | None:
    """A dash and a name crediting the quote ``run``, as quote roundups, epigraphs and pull quotes
    do: ``"..." ― Jane Doe``, ``"..."― Jane Doe.``, ``"..." -- Jane Doe, a teacher in Ohio``, the
    dash and name on the next line (``"..."`` / ``— Jane Doe``), the name on the line after the dash.

    The dash must follow the closing mark (only spaces and at most one blank line between), the
    name is 1–5 capitalised words (lower-case particles inside: "Ana de la Cruz") and ends its
    line, or a comma or parenthesis brings a title or affiliation that ends the line. A dash in
    running prose ('"Yes" — and then silence', '"..." — Smith said later') or before a non-name
    (a date, a number, a pronoun, a determiner) is none. Returns (token index of the dash, the
    dash's character range: the cue, the name's character range: the speaker), or ``None``."""
    doc, text = ctx.doc, ctx.text
    p, n = run.outer[1], len(text)
    while p < n and text[p] in " \t\xa0\u2009\u202f":
        p += 1
    lines = 0
    while p < n and text[p] in "\n\r \t\xa0\u2009\u202f":
        lines += text[p] == "\n"
        p += 1
    if lines > 2 or p >= n:
        return None
    if lines and not opens_paragraph(text, run):
        # a dash line under a quote inside a paragraph ('"...," the spokesman said. "..."' / '– Jane
        # Doe') is the article's byline, not the quote's credit: the paragraph attributes it
        return None
    dash = next((d for d in _CREDIT_DASHES if text.startswith(d, p)), None)
    if dash is None and text[p] == "-" and lines and text[p + 1 : p + 2] in (" ", "\xa0"):
        dash = "-"  # '"..."\n- Sanders.': a sign-off line
    if dash is None:
        return None
    cue = (p, p + len(dash))
    q = cue[1]
    while q < n and text[q] in " \t\xa0\u2009\u202f":
        q += 1
    if text[q : q + 1] == "\n":  # the name on the line after the dash
        q += 1
        while q < n and text[q] in " \t\xa0\u2009\u202f":
            q += 1
    if q >= n:
        return None
    k = ctx.tok(q)
    if doc[k].idx != q:
        return None  # the dash glued to a word: "—Smith's plan" is prose, not a credit line
    name: list = []
    j = k
    while j < len(doc) and len(name) <= 5:
        t = doc[j]
        if t.is_space or t.text in (",", "(", ";", ":"):
            break
        if t.text == "." and (j + 1 == len(doc) or "\n" in t.whitespace_ or doc[j + 1].is_space and "\n" in doc[j + 1].text):
            break  # '― Jane Doe.' ends its line
        name.append(t)
        if "\n" in t.whitespace_:
            break
        j += 1
    if not 1 <= len(name) <= 5 or not cap(name[0]) or not cap(name[-1]):
        return None
    if name[0].lower_ in DETERMINERS or name[0].lower_ in PERSONAL_PRONOUNS or name[0].lower_ in CLAUSE_WORDS:
        return None
    for t in name:
        if not (cap(t) or t.lower_ in _NAME_PARTICLES or t.text in (".", "-", "'")):
            return None
        if t.text[-1:] in SENT_END and len(t.text) > 2:
            return None
        if ctx.parsed and (t.ent_type_ in _NOT_NAME_ENTS or t.pos_ in _NOT_NAME_POS and not t.ent_type_ == "PERSON"):
            return None
    # after the name: the end of the line, or a title/affiliation after a comma that ends it
    rest_lo = name[-1].idx + len(name[-1])
    nl = text.find("\n", rest_lo)
    rest = text[rest_lo : n if nl < 0 else nl].strip(" \t\xa0")
    if rest and rest not in (".",) and rest[0] not in ",(":
        return None
    return ctx.tok(cue[0]), cue, (name[0].idx, rest_lo)


def _frame_verb(ctx: DocContext, lo: int, hi: int) -> int | None:
    """With a parse, the verb of an attribution clause after a quote whatever its lemma:
    ``"...," Toomey fumed on Tuesday.``, ``"...?" Hannity pressed.``, ``"...," reacted Trump.``
    News uses any verb of manner there; what makes it the cue is the shape: the words after the
    quote are one short clause (the frame ends the sentence): a person-like subject, nothing but
    that subject before the verb, and a verb that reports nothing of its own (no clausal
    complement, no object after it). None otherwise."""
    doc = ctx.doc
    if hi <= lo or not (doc[hi - 1].text in SENT_END or is_break(doc[hi - 1]) or hi == len(doc)):
        return None  # the frame was cut before the sentence ended: more than an attribution
    for i in range(lo, min(hi, lo + 6)):
        t = doc[i]
        if t.pos_ != "VERB":
            continue
        subjects = [c for c in t.children if c.dep_ == "nsubj" and lo <= c.i < hi]
        if i in ctx.in_run or len(subjects) != 1:
            return None
        subj = subjects[0]
        if not (person_like(subj) or cap(subj) and subj.pos_ in ("NOUN", "PROPN")):
            return None  # a name the tagger took for a noun ("Hannity pressed") still counts
        if any(not (doc[k].is_punct or subj.left_edge.i <= k <= subj.right_edge.i) for k in range(lo, i)):
            return None  # '"...!" Then he left.': a new sentence, not a subject and its verb
        if any(c.dep_ in ("ccomp", "xcomp", "dobj", "dative") and c.i > t.i for c in t.children):
            return None  # '"...," he wrote the board': the clause says something of its own
        return i
    return None


def _next_act(ctx: DocContext, i: int, cue: int) -> bool:
    """Whether token ``i``, outside any quote, is a coordinating conjunction opening a finite verb
    phrase with no subject of its own that is coordinated with the cue or with the verb of the
    quote ("said that \"...\" [and warned supporters]"): the speaker's next act, not more of the
    reported clause ("a push to \"up-sell\" or get buyers ..." goes on)."""
    doc = ctx.doc
    if i in ctx.in_run or doc[i].dep_ != "cc" or i + 1 >= len(doc):
        return False
    w = doc[i + 1]
    while w.dep_ in ("aux", "neg", "advmod") and w.head.i > w.i:
        w = w.head
    if w.dep_ == "conj" and w.head.dep_ == "ccomp" and w.head.head.i == cue and speakers_next_report(doc[cue], w.head, w):
        return True  # 'said the levy was "unlawful" and warned ...' (usertest20 H2)
    return (
        w.dep_ == "conj" and w.tag_ in ("VBD", "VBZ", "VBP") and (w.head.i == cue or w.head.i in ctx.in_run)
        and not any(c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") for c in w.children)
    )


def _frame_at(ctx: DocContext, i: int) -> bool:
    """Whether token ``i``, outside any quote, is the comma of a frame that closes the sentence:
    a cue verb with its subject after it (", said Ana Ruiz, a former colleague") or a subject and
    a cue verb (", Ana Ruiz said"), ending the sentence. A mixed quote's clause that runs on
    after its closing mark ('described him as "a quiet man" who kept to himself') ends there:
    the frame reports the whole sentence before it. Needs a parse."""
    doc = ctx.doc
    if i in ctx.in_run or doc[i].text != "," or i + 1 >= len(doc):
        return False
    v = doc[i + 1]
    if not ctx.is_cue(v):
        subj = v
        while subj.i < len(doc) - 1 and subj.head.i > subj.i and subj.head.i - i <= 6 and not ctx.is_cue(subj.head):
            subj = subj.head
        v = subj.head
        if not (ctx.is_cue(v) and v.i > i and subj.dep_ in ("nsubj", "nsubjpass") and v.i - i <= 6):
            return False
    elif not any(c.dep_ in ("nsubj", "nsubjpass") and c.i > v.i for c in v.children):
        return False
    # the frame's verb heads the sentence and nothing but the speaker follows it
    return v.dep_ == "ROOT" and not any(c.dep_ in ("ccomp", "xcomp", "dobj") and c.i > v.i for c in v.children)


def _writers_relative_at(ctx: DocContext, i: int) -> bool:
    """Whether token ``i``, outside any quote, is the comma of a relative clause ("which"/"who"
    its subject) on a noun before it that runs to the sentence end: after a mixed quote's closing
    mark ('vowed to "weaken and finally defeat" the movement*, which is seeking ...*') the
    writer's description of the noun, no part of the reported clause. PolNeAR's gold ends such a
    content before the comma 8 times and runs through it twice in polnear-train and -dev (a
    closing mark, at most six words, then ", which"/", who"). Needs a parse."""
    doc = ctx.doc
    if i in ctx.in_run or doc[i].text != "," or i + 1 >= len(doc):
        return False
    w = doc[i + 1]
    if w.lower_ not in ("which", "who") or w.dep_ not in ("nsubj", "nsubjpass"):
        return False
    clause = w.head
    if clause.dep_ != "relcl" or clause.head.i >= i:
        return False
    end = clause.right_edge.i + 1
    return end >= len(doc) or doc[end].text in SENT_END or is_break(doc[end])


def before_writers_relative(ctx: DocContext, content: Range) -> Range:
    """``content`` (characters of a mixed reading in one piece) cut before a writer's relative
    clause after its last quotation (:func:`_writers_relative_at`: 'said she would "take a look"
    at the bill*, which would give police more time*'); ``content`` when there is none or the
    relative holds a quotation itself."""
    doc = ctx.doc
    a, b = ctx.tok(content[0]), ctx.tok(max(content[0], content[1] - 1)) + 1
    closes = [k for k in range(a, b) if k in ctx.close_toks]
    if not ctx.parsed or not closes:
        return content
    for k in range(closes[-1] + 1, b):
        if _writers_relative_at(ctx, k) and doc[k - 1].idx > content[0]:
            return content[0], doc[k - 1].idx + len(doc[k - 1])
    return content


def _verb_of_described_subject(doc: Doc, k: int) -> int | None:
    """Index of the verb whose subject a relative clause holding token ``k`` describes ('the
    minister, who has *held* the post ..., said': "said"), None when ``k`` stands in no relative
    clause on a subject (the clause's head looked for within 8 steps up)."""
    t = doc[k]
    for _ in range(8):
        if t.dep_ == "relcl":
            return t.head.head.i if t.head.dep_ in SUBJ else None
        if t.head.i == t.i:
            return None
        t = t.head
    return None


def _in_speakers_relative(doc: Doc, k: int, cues: list[int], oi: int) -> bool:
    """Whether cue token ``k`` stands in a relative clause on the subject of another cue of
    ``cues`` before it ('said the minister, who has *held* the post since ...': the speaker's
    description, no frame of the quote after it) and the quote opening at token ``oi`` is no
    part of its phrase ('said an official who ... and *described* it as "a lesser evil"' frames it)."""
    v = _verb_of_described_subject(doc, k)
    return v is not None and v in cues and v < k and not doc[k].left_edge.i <= oi <= doc[k].right_edge.i


def _subject_of_act_before(ctx: DocContext, ci: int, cue: int) -> Range | None:
    """The speaker of a frame after a quote (closing mark at token ``ci``) whose cue ``cue`` the
    parse left without a subject: a person doing something else first, set off by commas
    ('"A," the minister, who, asked whether he would resign, *laughed*, said, "B"'), parsed as a
    clause ``cue`` reports with the person as its subject (usertest22 M5). The person's phrase;
    None when no such clause stands between the quote and the cue."""
    doc = ctx.doc
    for c in doc[cue].children:
        if c.dep_ in ("ccomp", "parataxis") and ci < c.i < cue and doc[c.i + 1].text == "," and c.i + 2 == cue:
            subj = next((k for k in c.children if k.dep_ == "nsubj" and ci < k.i < c.i and k.pos_ in ("NOUN", "PROPN", "PRON")), None)
            if subj is not None and subj.i not in ctx.in_run:
                a = subj.left_edge.i
                while a < subj.i and (doc[a].is_punct or doc[a].text in MARK_TOKENS):
                    a += 1
                return chars(doc, a, subj.i + 1)
    return None


def _asked_aside(doc: Doc, k: int, oi: int) -> bool:
    """Whether cue token ``k`` is a participle of addressing that describes who was asked ('said
    the minister, who, *asked* whether she would resign, shook her head, "B"', see
    :func:`quotes_speakers.asked_participle`) and the quote opening at token ``oi`` is no part
    of its phrase: the one asked answers nothing in marks there, so it frames no quote."""
    return asked_participle(doc[k]) is not None and not doc[k].left_edge.i <= oi <= doc[k].right_edge.i


def _only_speaker(ctx: DocContext, cue: int, gap: list) -> bool:
    """Whether the words ``gap`` between cue ``cue`` and a quote's opening mark are all the
    speaker phrase after the cue, with what the parse hangs on it ("said Ana Ruiz, the party
    leader," / "said Ana Ruiz, who leads the party,"): a frame, not a clause the quote completes.
    Needs a parse; False without one (the word count decides there)."""
    if not ctx.parsed:
        return False
    after = [c for c in ctx.doc[cue].children if c.dep_ in ("nsubj", "nsubjpass") and c.i > cue]
    if not after:
        after = [t for t in (subject_after_inverted(ctx.doc[cue]),) if t is not None]  # "said an aide" as an object
    if not after:
        return False
    inside = {t.i for t in after[0].subtree}
    return all(t.i in inside for t in gap)


def subject_before_mark(ctx: DocContext, gap: list, oi: int, ci: int) -> Token | None:
    """The subject, standing in ``gap`` (the words between a cue and a quote's opening mark at
    token ``oi``), of the verb the quote holds (closing mark at token ``ci``): 'said her plan
    "would bankrupt the regions."', 'According to a memo, the ministry "expects a shortfall."'
    The quoted words complete a clause whose subject is outside the marks: a mixed quote, its
    content starting at that subject (usertest18 H2). None without a parse, when a comma or mark
    stands right before the opening mark (a frame: 'said Ana Ruiz, "B."') or when no gap word is
    the subject of a word inside the marks."""
    if not ctx.parsed or not gap or oi < 1 or ctx.doc[oi - 1].is_punct:
        return None
    for t in gap:
        if t.dep_ in ("nsubj", "nsubjpass") and oi < t.head.i < ci and t.left_edge.i >= gap[0].i:
            return t
    return None


def _ends_sentence(ctx: DocContext, run: QuotedRun, ci: int) -> bool:
    """Whether quote ``run`` (closing mark at token ``ci``) ends its sentence: its words end with
    . ! ? or the token after the closing mark does, or a line break or the text's end follows.
    ('her plan "would bankrupt the regions."'; not 'Holt "was involved" and shared ...',
    whose reported clause goes on and is the indirect reading's)."""
    doc = ctx.doc
    if ctx.text[run.inner[0] : run.inner[1]].rstrip()[-1:] in SENT_END:
        return True
    return ci + 1 >= len(doc) or doc[ci + 1].text in SENT_END or is_break(doc[ci + 1])


def _past_bare_time(ctx: DocContext, first: int, subject: Token | None) -> int:
    """``first`` moved past bare time nouns ("Tuesday", "last week": the parse's npadvmod or
    tmod, or an entity of DATE/TIME) standing before ``subject``, the subject of the quoted verb
    ('said Tuesday the reform "was overdue."': when it was said, not what; usertest19 M5).
    A possessive ("Tuesday's statement") is the subject's own and stays."""
    if subject is None:
        return first
    doc, start = ctx.doc, subject.left_edge.i
    k = first
    while k < start and (doc[k].dep_ in ("npadvmod", "tmod") or doc[k].ent_type_ in ("DATE", "TIME")) and (
        doc[k].lower_ in TIME_WORDS or doc[k].ent_type_ in ("DATE", "TIME") or doc[k].lower_ in ("last", "next", "this", "late", "early")
    ):
        k += 1
    return start if k == start and k > first else first


def reported_start(ctx: DocContext, cue: int, first: int, oi: int) -> int:
    """The first token of the reported clause of cue ``cue`` when words the cue governs stand
    between ``first`` and it ('said on Monday that "the port" is closed', 'said, on Monday, that
    "..."': a time or place phrase of the saying, no part of what was said; "that" goes with
    :func:`trim`), else ``first``. The clause is the cue's complement clause (ccomp) starting
    after ``first`` and at or before the opening mark ``oi``; without a parse ``first``."""
    if not ctx.parsed:
        return first
    told = ("dobj", "dative") if ctx.doc[cue].lemma_.lower() in _TELL_LEMMAS else ()  # whom told
    for c in ctx.doc[cue].children:
        if c.dep_ == "ccomp" and first < c.left_edge.i <= oi:
            # only adjuncts of the saying stand before it ('saying the club where ... "was"'
            # hangs the clause's own subject on the cue as its object: no adjunct, keep it)
            if all(k.dep_ in _SAYING_ADJUNCTS or k.dep_ in told for k in ctx.doc[cue].children if first <= k.i < c.left_edge.i):
                return c.left_edge.i
    return first


# what may stand between a cue and its reported clause without being said: "on Monday", "in a
# statement", "last week", commas ("said, on Monday, that")
_SAYING_ADJUNCTS = frozenset("prep npadvmod advmod punct tmod".split())


# words that open an adjunct, not the clause the quote completes ("On Monday, the union said, ...")
_NO_FRONT_POS = frozenset("ADP SCONJ ADV CCONJ INTJ PUNCT SPACE".split())


def _sentence_start(doc: Doc, i: int) -> int:
    """The first token of token ``i``'s sentence: the parse's, else after the last . ! ? or line
    break before ``i`` (a pipeline without a parser or sentencizer sets no boundaries)."""
    if doc.has_annotation("SENT_START"):
        return doc[i].sent.start
    k = i
    while k > 0 and doc[k - 1].text not in SENT_END and not is_break(doc[k - 1]):
        k -= 1
    return k


def _first_of_interrupted(ctx: DocContext, run: QuotedRun) -> bool:
    """Whether single-mark quote ``run`` is the first piece of an interrupted quote ("‘This
    budget,’ the minister said, ‘is the last chance we have.’"): it ends with a comma, and the
    next quotation is in single marks too, opens in lower case right after a comma, and starts
    within 80 characters on the same line. A short quote in single marks is otherwise read as
    a term or title (usertest18 H4)."""
    text = ctx.text
    if not text[run.inner[0] : run.inner[1]].rstrip().endswith(",") and text[run.outer[1] : run.outer[1] + 1] != ",":
        return False
    nxt = next((r for r in ctx.runs if r.open > run.close), None)
    if nxt is None or not nxt.single or nxt.open - run.outer[1] > 80 or "\n" in text[run.outer[1] : nxt.open]:
        return False
    return text[: nxt.open].rstrip().endswith(",") and text[nxt.inner[0] : nxt.inner[0] + 1].islower()


def _rest_of_interrupted(ctx: DocContext, run: QuotedRun) -> bool:
    """Whether single-mark quote ``run`` goes on a quote the frame before it interrupts, in
    whatever marks ('"We were never told," the fishermen said, ‘not once.’' / '"It's over," he
    said. ‘Finished.’'): the quotation before it ends with a comma, closes within 80 characters
    on the same line, and only a frame with a cue stands between. The mirror image of
    :func:`_first_of_interrupted` (usertest19 M3)."""
    text = ctx.text
    prev = next((r for r in reversed(ctx.runs) if r.close < run.open), None)
    if prev is None or run.open - prev.outer[1] > 80 or "\n" in text[prev.outer[1] : run.open]:
        return False
    if not text[prev.inner[0] : prev.inner[1]].rstrip().endswith(",") and text[prev.outer[1] : prev.outer[1] + 1] != ",":
        return False
    between = range(ctx.tok(prev.outer[1] - 1) + 1, ctx.tok(run.open))
    return text[: run.open].rstrip()[-1:] in (",", ".") and any(ctx.is_cue(ctx.doc[k]) for k in between)


def fronted_piece(ctx: DocContext, cue: int, speaker: Range | None, oi: int) -> Range | None:
    """The words before a frame set off by commas that the quote opening at token ``oi`` goes on
    from: 'The report, the union said, "is a lie."', 'It was, said one official, "a complete
    disaster."' -- the first piece of one interrupted quote (usertest18 H4), as characters.
    Text and tags only: the sentence opens with one to eight words (no quote mark, no cue, a
    noun or pronoun among them, not opening with a preposition, adverb or conjunction: "On
    Monday, the union said, ..." is no piece), then a comma, the frame (cue and speaker, with
    what hangs on the speaker), a comma and the opening mark, and the quote opens in lower
    case. None otherwise."""
    doc = ctx.doc
    if oi < 2 or doc[oi - 1].text != "," or oi + 1 >= len(doc) or not doc[oi + 1].text[:1].islower():
        return None
    first = cue
    if speaker is not None:
        sp = ctx.tok(speaker[0])
        if sp < first:
            first = sp
    comma = first - 1
    start = _sentence_start(doc, comma)
    if comma <= start or doc[comma].text != ",":
        return None
    words = doc[start:comma]
    if not 1 <= len(words) <= 8 or words[0].pos_ in _NO_FRONT_POS or words[0].lower_ in TIME_WORDS:
        return None
    if any(t.text in MARK_TOKENS or t.i in ctx.in_run or ctx.is_cue(t) or t.text in SENT_END or t.is_space for t in words):
        return None
    if not any(t.pos_ in ("NOUN", "PROPN", "PRON") for t in words):
        return None
    if any(t.lower_ in TIME_WORDS for t in words) or ctx.parsed and any(
        t.dep_ in _FRAME_ADJUNCT_DEPS and not start <= t.head.i < comma for t in words
    ):
        return None  # 'That night, Trump said, "we ..."': when it was said, no piece of it
    return chars(doc, start, comma)


# a phrase of the frame's verb, not a subject or clause the quote goes on from
_FRAME_ADJUNCT_DEPS = frozenset("npadvmod tmod advmod prep advcl intj".split())


_TITLE_SMALL = frozenset("a an the of and or in on at to for by with from vs. vs".split())
# non-words a title may hold ("Fox & Friends")
_TITLE_SIGNS = frozenset("& + - \u2013 \u2014 / :".split())
# a preposition before the opening mark puts the run in a noun-phrase slot: "appeared on “Fox &
# Friends”", "a post about “Saturday Night Live,”", "the author of “The Last Senator”"
_TITLE_PREPS = frozenset(
    "on in to at from onto with by for via about of after before during like into through over against under"
    " behind including than".split()
)
# verbs whose object is a show, paper or book: "Ann Holt told Channel 9's “Harbour Morning” that ...",
# "who reviewed “The Fallen Empire” for the magazine", "After watching “Dark Harbor,”"
_MEDIA_VERBS = frozenset(
    "told tells tell telling wrote writes writing watched watch watches watching reading read reads"
    " reviewed review reviews reviewing directed directs directing hosted hosts hosting published publishes"
    " publishing produced produces producing starred stars starring titled entitled dubbed".split()
)
# nouns of a work with a name: "In his memoir, “A Long Road Home,”", "“The Fallen Empire,” a new
# book by Ann Holt,"
WORK_NOUNS = frozenset(
    "book books novel novels memoir memoirs biography film films movie movies show shows program programs"
    " programme series documentary documentaries album song songs play musical newspaper newspapers paper"
    " magazine magazines column columns op-ed essay essays article articles podcast podcasts sitcom drama"
    " episode episodes report study poem opera blog newsletter broadcast segment".split()
)
# nouns of a thing with a name of its own, which a title in quotation marks right after them
# names ("The paper's editorial, “A City Adrift,” said", "Asked about the memo, “Project Blue,”"):
# works, documents, and what is written or launched under a name (not groups: a group's name in
# marks may be a word a report quotes, mispronounced or mocked; with them the held-out slice lost
# one right attribution)
_NAMED_NOUNS = WORK_NOUNS | DOCUMENT_NOUNS | frozenset(
    "editorial editorials memos letters statements speech speeches manifesto pamphlet leaflet brochure"
    " plan plans bill bills act proposal policy program initiative project operation campaign strategy"
    " exhibit exhibition slogan motto website site account post tweet ad ads advert commercial".split()
)
# nouns a title modifies, with no comma: "“Good Morning America” host Dan Pike", "a “Meet the
# Press” interview"
_TITLE_MODIFIED = WORK_NOUNS | frozenset(
    "host hosts co-host cohost anchor anchors star stars author authors creator creators producer producers"
    " writer writers editor editors reporter reporters columnist columnists correspondent correspondents"
    " contributor contributors commentator panelist panelists guest guests actor actors actress cast"
    " interview interviews appearance appearances audience viewers readers moderator critic critics"
    " team staff executive executives director directors fans".split()
)
# words an apposition naming a work starts with ("“The Fallen Empire,” a new book by Ann Holt,")
_APPOSITION_HEADS = frozenset("a an the his her their its our".split())


# '"second," she went on, "we ...': a few words set off by commas between a quote ending in a
# comma and the next quote's opening mark
_FRAME_TO_QUOTE = re.compile("\\s*[^\\s\"\u201c\u201d.!?][^\"\u201c\u201d.!?\\n]{0,40},\\s*[\"\u201c]")


def frame_to_next_quote(text: str, run: QuotedRun) -> bool:
    """Whether the quote ``run`` ends in a comma and only a short frame stands between it and the
    next quote ('"second," she went on, "we build roads."'): the sentence goes on in the next
    quote, not in the words after this one (no mixed quote runs over them)."""
    inner = text[run.inner[0] : run.inner[1]].rstrip()
    if not (inner.endswith(",") or text[run.outer[1] : run.outer[1] + 1] == ","):
        return False
    return _FRAME_TO_QUOTE.match(text, run.outer[1] + (text[run.outer[1] : run.outer[1] + 1] == ",")) is not None


# words after a quote's closing comma that start something else than the quoted clause
_CLAUSE_AFTER = frozenset("and but or yet so nor which who whom whose while whereas although though".split())


def closed_at_mark(ctx: DocContext, run: QuotedRun, *, opens: bool) -> bool:
    """Whether the reported content holding quote ``run`` ends at its closing mark: a semicolon
    follows it, or a comma (inside or right after the mark) and then another clause. When the
    quote opens the content (``opens``: 'said "the mayor will win," ...') any clause word after
    the comma does (', and she repeated it later', ', but ...', ', which ...'). Otherwise (words
    of the content before the quote, 'said the plan would "create jobs," ...', or a quote that
    opens it and is a clause of its own with no comma, 'said "the mayor will win" and she ...')
    ', which/who' does, and ', and/but/while ...' when a clause with its own subject follows
    (', but she left early'; ', but only in its first year' or ', and "cut ..."' is more of
    the content; needs a parse). A quote the clause goes on after ('said "the plan" would fail',
    'said, "I think," Obama "was wrong."') is not closed."""
    text = ctx.text
    inner = text[run.inner[0] : run.inner[1]].rstrip()
    k = run.outer[1]
    while k < len(text) and text[k] in " \t":
        k += 1
    after = text[k : k + 1]
    if after == ";" or inner.endswith(";") or opens and inner[-1:] in ("?", "!"):
        return True  # 'chanted "Who pays?" and marched on': a question or cry is whole
    comma = inner.endswith(",") or after == ","
    rest = text[k + (after == ",") :].lstrip(" \t")
    if rest.startswith(tuple(DASHES)) or after == "-" and text[k : k + 2] != "-\n" and text[k + 1 : k + 2] in (" ", "-"):
        # 'said the bill was "a gift to donors" — a charge its authors denied': an afterthought;
        # a pair of dashes is an aside the clause goes on after ('argued that "every member" -
        # including Holt - had voted for it', '"the plan" -- a bold one -- "will pass"')
        dash = rest[:2] if rest.startswith("--") else rest[:1]
        sentence = re.split("[.!?\n]", rest[len(dash) :], maxsplit=1)[0]
        return not any(d in sentence for d in (*DASHES, " - "))
    if _another_that_clause(ctx, len(text) - len(rest), rest):
        return False  # 'said that "the economy is strong" and that wages would rise': one report
    if HEDGE_AFTER.match(rest):
        return True  # '"is a man we are treating" possibly because he ...': the writer's guess
    word = re.match(r"[A-Za-z]+", rest)
    if comma and word and _verb_of_speech_at(ctx, k + len(text[k:]) - len(rest)):
        return True  # '"a sham," adding that he would vote no': the speaker's next report
    if comma and word and word.group().lower() in _APPOSITION_OPENERS and not _opens_subject(ctx, k + len(text[k:]) - len(rest)) \
            and not any(ch in QUOTE_CHARS for ch in re.split("[,;.!?]", rest, maxsplit=1)[0]):
        # 'said the cuts were "cruel," a view shared by many': a noun phrase after the comma is
        # the writer's comment on the quote, no part of the reported clause ('said "if we lose,"
        # the party will split' goes on: there the noun phrase is a subject; 'called the plan
        # "rushed," a "gamble" and ...' too: a list of quoted phrases)
        return True
    if _only_time_after(ctx, run):
        return True  # 'told me "the wall works" last week': when it was said is the frame's
    if not comma and ctx.parsed and _frame_phrase_after(ctx, run):
        return True  # 'called the verdict "a scandal" on Twitter': where or how it was said
    if not comma and ctx.parsed and word and word.group().lower() in ("and", "or", "but") and _act_after(ctx, run, k):
        return True  # 'said the tax was "unfair" and promised to repeal it': the speaker's next act
    if not word or word.group().lower() not in _CLAUSE_AFTER:
        return False
    if opens and comma:
        return True
    if not comma and not (opens and _holds_clause(ctx, run)):
        return False
    if word.group().lower() in _RELATIVES:
        return True
    # ', and/but + a clause with its own subject': something else than the content goes on
    # ('..., but she left early'); ', but only in its first year' or ', and "cut ..."' is
    # more of it
    if not ctx.parsed:
        return False
    w = ctx.tok(len(text) - len(rest))
    doc = ctx.doc
    v = next((t for t in doc[w + 1 : w + 12] if t.pos_ in ("VERB", "AUX") and t.dep_ != "aux" and t.i not in ctx.in_run), None)
    return v is not None and any(c.dep_ in ("nsubj", "nsubjpass", "expl") and w < c.i < v.i for c in v.children) \
        and (v.tag_ in _FINITE or any(c.dep_ in ("aux", "auxpass") and c.tag_ in _FINITE for c in v.children)) \
        and not any(t.text in MARK_TOKENS for t in doc[w + 1 : v.i])


_AND_THAT = re.compile(r"(?:and|or|but)\s+(?:also\s+)?that\b", re.I)


def _another_that_clause(ctx: DocContext, at: int, rest: str) -> bool:
    """Whether ``rest`` (the text from offset ``at``, after a quote's closing mark and its comma)
    opens a second "that" clause of the same report ('said that "A" and that B', rules47,
    usertest31 M2): the content goes on. PolNeAR's gold: 22 contents hold a quote followed by
    "and that ...", none stops at such a mark. With a parse the "that" must be a complementizer
    ('"A" and that was it' is a new sentence's subject)."""
    m = _AND_THAT.match(rest)
    if m is None:
        return False
    if not ctx.parsed:
        return True
    t = ctx.doc[ctx.tok(at + m.end() - 4)]
    return t.lower_ == "that" and t.dep_ == "mark"


# words that open a noun phrase set off after a quote's comma: an apposition on the quote ('"cruel,"
# a view shared by many'), the writer's, not the speaker's
_APPOSITION_OPENERS = frozenset("a an the one another something his her its their".split())
# words of a time phrase after a quote that dates the saying ('"the wall works" last week')
_TIME_PHRASE = frozenset("on in at during last this next earlier later ago early late the a".split())


def relative_end(ctx: DocContext, cue: int) -> int | None:
    """The last token of the relative clause cue ``cue`` stands in (the cue's nearest ``relcl``
    ancestor or the cue itself, hung on a noun before it), None when it stands in none or there
    is no parse. What the cue reports ends there: 'The mayor, who told reporters that the plan
    "would never work," *resigned*' (usertest17 N2)."""
    if not ctx.parsed:
        return None
    t = ctx.doc[cue]
    rel = next((h for h in (t, *t.ancestors) if h.dep_ == "relcl"), None)
    return rel.right_edge.i if rel is not None and rel.head.i < cue else None


def _relative_ends(ctx: DocContext, cue: int, ci: int) -> bool:
    """Whether cue ``cue``'s relative clause (:func:`relative_end`) ends before the closing mark
    (token ``ci``) of the quote it frames, a word of the main clause right after the mark: the
    content ends with the mark."""
    end = relative_end(ctx, cue)
    return end is not None and end < ci and ci + 1 < len(ctx.doc) and ctx.doc[ci + 1].is_alpha


def next_own_report(doc: Doc, v: Token, w: Token, a: int) -> bool:
    """Whether ``w``, a finite verb with no subject joined by ", and/but" after token ``a`` of
    what cue ``v`` reports, is the speaker's next report with a quotation of its own ("said he
    had not seen the bill, *but called* it a "first draft"", "said A, and called him "B""):
    a verb of speech or of naming, not ``v``'s own conjunct, a quotation mark opening within
    five words after it. That report is its own attribution, none of ``v``'s words (usertest17
    L-h: with its closing mark the longer reading took that attribution's gold match)."""
    lemma = w.lemma_.lower()
    if lemma not in SPEECH_LEMMAS and lemma not in DOBJ_LEMMAS or w.i == v.i or w.tag_ not in _FINITE:
        return False
    if any(c.dep_ in SUBJ for c in w.children):
        return False
    k = w.left_edge.i - 1
    if k <= a or doc[k].dep_ != "cc" or doc[k - 1].text != ",":
        return False
    return any(t.text in MARK_TOKENS for t in doc[w.i + 1 : min(len(doc), w.i + 6)])


def _main_clause_between(ctx: DocContext, cue: int, oi: int) -> bool:
    """Whether the relative clause cue ``cue`` stands in (:func:`relative_end`) ends before the
    opening mark (token ``oi``) of a quote, with the verb of the main clause its noun is the
    subject or object of standing between: 'Tenants who argue that A *were* upset, with Holt
    calling it a "wish list"' -- "argue" frames nothing in the main clause. (A relative clause
    that ends with a colon before the quote, "Sykes, who lamented: '...'", still frames it.)"""
    end = relative_end(ctx, cue)
    if end is None or end >= oi:
        return False
    main = ctx.doc[cue]
    while main.dep_ != "relcl":
        main = main.head
    main = main.head.head  # the verb the relative clause's noun hangs on
    return end < main.i < oi and main.pos_ in ("VERB", "AUX")


def _only_time_after(ctx: DocContext, run: QuotedRun) -> bool:
    """Whether only a time phrase stands between the closing mark of ``run`` and the end of its
    sentence ('"the wall works" last week.', '"fair" on Monday.'): it dates the saying (the
    frame), not the quoted words. Time words are day and period names or, with a parse, DATE and
    TIME entities; at least one must be there."""
    doc = ctx.doc
    i = ctx.tok(run.outer[1] - 1) + 1
    seen = False
    while i < len(doc) and not (doc[i].text in SENT_END or is_break(doc[i])):
        t = doc[i]
        if i in ctx.open_toks or t.text in (",", ";", ":") or t.text in DASHES:
            return False
        timed = t.lower_ in TIME_WORDS or t.ent_type_ in ("DATE", "TIME")
        if not (timed or t.lower_ in _TIME_PHRASE or t.is_space):
            return False
        seen = seen or timed
        i += 1
    return seen


# dependents that modify a verb without being one of its arguments: where, when, how often or
# by what means something happened ('on Twitter', 'twice', 'before leaving the hall'); no
# "agent": the doer of a passive ('labeled "top secret" by the department') is an argument
_VERB_MODIFIER_DEPS = frozenset({"prep", "advmod", "npadvmod", "advcl"})
# prepositions that open a complement of a noun or an adjective ('"very near" to a
# deal', 'a "champion" for its members', 'a "breach" of the rules', '"enthusiastic"
# about voting') or a second predicate of a naming verb ('cited it as "a slur" as an example'),
# which the parse may hang under the verb as well: after the closing mark such a phrase is more
# of the reported clause, never where or when it was said (PolNeAR keeps it in the content)
_COMPLEMENT_PREPS = frozenset("of for to about with between as against than".split())


# "said ... *at* a briefing / *in* an interview / *during* a hearing"; "by", "over", "via" and
# "on" only with a channel ("*by* email", "*on* the radio"): "bound *by* the ruling", "voted *on*
# the statement" are the reported clause's own
_OCCASION_PREPS = frozenset("at in during via".split())
_CHANNEL_PREPS = frozenset("by over via on".split())
_CHANNELS = frozenset("phone telephone email e-mail letter radio television tv podcast broadcast video".split())


def occasion_phrase(p: Token) -> bool:
    """Whether preposition ``p`` opens a phrase of the occasion or channel of a saying, not of
    what was said: "at a press briefing", "in an interview", "during a hearing" (a noun of
    :data:`SAYING_OCCASION_NOUNS` by lemma), "*by* email", "*on* the radio" (a channel), "*on* CNN"
    (:func:`_on_channel`)."""
    obj = next((c for c in p.children if c.dep_ == "pobj"), None)
    if obj is None:
        return False
    noun, prep = obj.lemma_.lower(), p.lower_
    return prep in _OCCASION_PREPS and noun in SAYING_OCCASION_NOUNS or prep in _CHANNEL_PREPS and noun in _CHANNELS or _on_channel(p, obj)


def _on_channel(p: Token, obj: Token) -> bool:
    """Whether preposition ``p`` with object ``obj`` is "on" a named broadcaster or outlet ("said
    the vote was rigged *on CNN*", "*on Fox News*"): an organisation's name as the object of
    "on" at the end of a reported clause, after a verb with no object of its own."""
    return p.lower_ == "on" and obj.pos_ == "PROPN" and obj.ent_type_ == "ORG" and not any(
        c.dep_ in ("dobj", "attr", "acomp", "prt") for c in p.head.children
    )


def _frame_phrase_after(ctx: DocContext, run: QuotedRun) -> bool:
    """Whether all words between the closing mark of ``run`` and the end of its sentence are
    modifiers of the frame: of the reporting verb itself ('described the memo as "fake" in a
    letter', 'called the strike "illegal" twice'), of a copula right under it whose predicate
    is the quote ('said the deal was "dead" at the time': the quoted clause is complete at the
    mark), a participle phrase with no subject of its own under a quoted passive verb right
    under the reporting verb ('said the vote was "rigged" while standing outside': its doer is
    the speaker, :func:`_passive_of_report`), or a phrase after a quoted label the reporting verb sets ('called the verdict "a
    scandal" on Twitter', 'was "a fraud" during a radio interview'). Such a phrase says where,
    when or how the words were said, not what was said. The content goes on past the mark
    where the phrase hangs under any other verb ('he had made a "bad call" at a hearing',
    'would "create jobs" in the city'), opens a complement (:data:`_COMPLEMENT_PREPS`: 'was
    "very near" to a deal'), or is a clause with a subject of its own ('"sound"
    because it creates jobs', 'without reporters asking'): PolNeAR keeps those in the content.
    Needs a parse; False on an empty rest."""
    doc = ctx.doc
    oi, ci = ctx.tok(run.open), ctx.tok(run.outer[1] - 1)
    end = ci + 1
    while end < len(doc) and not (doc[end].text in SENT_END or is_break(doc[end])):
        end += 1
    words = [t for t in doc[ci + 1 : end] if not (t.is_punct or t.is_space)]
    if not words or any(t.text in QUOTE_CHARS or t.i in ctx.open_toks for t in doc[ci + 1 : end]):
        return False
    covered: set[int] = set()
    occasion = False
    i = ci + 1
    while i < end:
        t = doc[i]
        if t.is_punct or t.is_space or i in covered:
            i += 1
            continue
        # the highest modifier this word opens, hung under a word before or inside the quote
        m = t
        # spaCy makes a new Token object per access: the root's head is itself by index, never by `is`
        while m.head.i > ci and m.head.i < end and m.head.i != m.i:
            m = m.head
        h = m.head
        if not (m.left_edge.i > ci and m.right_edge.i < end):
            return False
        if m.dep_ in ("advcl", "prep") and _own_subject(m):
            return False
        if m.dep_ == "prep" and m.lower_ in _COMPLEMENT_PREPS:
            return False
        if m.dep_ == "prep" and oi < h.i < ci and h.head.i < oi and _reporting(h.head) and (
            occasion_phrase(m) or occasion and _dated_or_placed(m)
        ):
            # 'said "the plan is dead" at a news conference (on Tuesday)': where it was said,
            # hung on the quoted clause's verb
            occasion = True
            covered.update(range(m.left_edge.i, m.right_edge.i + 1))
            i += 1
            continue
        modifier = m.dep_ in _VERB_MODIFIER_DEPS or m.pos_ == "ADV" and m.dep_ not in ("conj", "cc")
        if not (modifier and (
            h.i < oi and (_reporting(h) or _copula_of_report(h, oi, ci))
            or oi < h.i < ci and (
                _participial(m) and _passive_of_report(h, oi)
                or _label_head(h, oi, ci) and m.dep_ in ("prep", "npadvmod", "advmod") and _label_of_report(h, oi, ci)
            )
        )):
            return False
        covered.update(range(m.left_edge.i, m.right_edge.i + 1))
        i += 1
    return True


def _dated_or_placed(p) -> bool:
    """Whether preposition ``p`` has a date, time or place as its object ("on Tuesday", "in
    Dover")."""
    return any(c.dep_ == "pobj" and (c.ent_type_ in ("DATE", "TIME", "GPE", "LOC", "FAC") or c.lower_ in TIME_WORDS) for c in p.children)


def _own_subject(m) -> bool:
    """Whether modifier ``m`` (an adverbial clause, or a preposition with a clause under it) has
    a subject of its own ('because it creates jobs', 'without reporters asking him')."""
    clauses = [m] if m.dep_ == "advcl" else [c for c in m.children if c.dep_ == "pcomp"]
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for v in clauses for c in v.children)


def _reporting(v) -> bool:
    """Whether token ``v`` is a verb that reports words or labels something ('said', 'described',
    'called the plan ...'): :data:`SPEECH_LEMMAS` and :data:`DOBJ_LEMMAS`."""
    lemma = v.lemma_.lower()
    return v.pos_ == "VERB" and (lemma in SPEECH_LEMMAS or lemma in DOBJ_LEMMAS)


def _copula_of_report(v, oi: int, ci: int) -> bool:
    """Whether token ``v`` is a copula whose clause is the complement of a reporting verb and
    whose predicate lies in the quote from token ``oi`` to ``ci`` ('said the deal was "dead"',
    'the war was "over"': the parse may make the predicate any dependent, "prep" too)."""
    return (
        v.lemma_.lower() == "be" and v.dep_ == "ccomp" and _reporting(v.head)
        and any(oi < c.i < ci and c.dep_ not in ("nsubj", "nsubjpass", "punct") for c in v.children)
    )


def _passive_of_report(h, oi: int) -> bool:
    """Whether quoted token ``h`` is a passive verb whose clause is the complement of a reporting
    verb, its auxiliary before the opening mark at token ``oi`` ('said the vote was "rigged"'):
    the subject of such a clause undergoes the act (the vote), so a participle phrase after the
    quote with no subject of its own ('while standing outside') is the speaker's doing. An active
    quoted verb ('the club had "made real progress" in paying off its debts') is its own
    subject's doing: the phrase is more of the quoted clause."""
    return h.pos_ == "VERB" and h.dep_ == "ccomp" and _reporting(h.head) and any(
        c.dep_ == "auxpass" and c.i < oi for c in h.children
    )


def _label_of_report(h, oi: int, ci: int) -> bool:
    """Whether quoted label ``h`` (:func:`_label_head`) is whole in the quote from token ``oi``
    to ``ci`` (not 'a "brazen breach"', whose noun phrase opens before the mark) and set by a
    reporting verb: its predicate ('called the levy "a disgrace"'), an apposition to its object
    ('called the verdict "a scandal"'), its "as" phrase ('described it as "fake"'), or the
    predicate of a copula under it ('said the budget was "a fraud"')."""
    if h.left_edge.i <= oi:
        return False
    g = h.head
    if h.dep_ == "appos" or h.dep_ == "pobj" and g.lower_ == "as":
        g = g.head
    return _reporting(g) or _copula_of_report(g, oi, ci)


def _participial(m) -> bool:
    """Whether modifier token ``m`` is a participle phrase ('while standing outside', 'before
    leaving the hall', 'smiling'): with no subject of its own (:func:`_own_subject`) its doer is
    the subject of the sentence, the speaker, so it tells how the words were said even where the
    parse hangs it under a quoted word."""
    if m.dep_ == "advcl":
        return m.tag_ in ("VBG", "VBN")
    return m.dep_ == "prep" and any(c.dep_ == "pcomp" and c.tag_ == "VBG" for c in m.children)


# dependencies of a quoted word that is a label set on a thing ('was "a fraud"', 'called the
# plan "reckless"', 'described it as "fake"')
_LABEL_DEPS = frozenset({"attr", "acomp", "oprd", "appos"})


def _label_head(h, oi: int, ci: int) -> bool:
    """Whether token ``h`` (inside the quote from token ``oi`` to ``ci``) heads the quoted words
    as a label on something outside them: a predicate noun or adjective of a verb before the
    quote, an apposition to its object, or the object of "as" ('as "fake"'). The quote is then
    the whole last argument of the reported clause, and a phrase after its closing mark says
    where, when or how the label was given ('"a scandal" on Twitter'); a quoted verb phrase
    ('would "create jobs" in the city') goes on."""
    if not h.head.i < oi or h.pos_ not in ("NOUN", "PROPN", "ADJ", "ADV", "NUM", "PRON"):
        return False
    return h.dep_ in _LABEL_DEPS or h.dep_ == "pobj" and h.head.lower_ == "as"


def _opens_subject(ctx: DocContext, k: int) -> bool:
    """Whether the noun phrase opening at character ``k`` is the subject of a verb of its own
    that is no relative clause of a comment ('the party will split', not 'a claim economists
    disputed'). Without a parse, whether a finite verb form follows within five words (a guess:
    "a view shared by many" has none)."""
    doc = ctx.doc
    i = ctx.tok(k)
    end = i
    while end < len(doc) and end - i < 12 and not (doc[end].text in SENT_END or doc[end].text in (",", ";") or is_break(doc[end])):
        end += 1
    if not ctx.parsed:
        return any(t.lower_ in ("is", "are", "was", "were", "will", "would", "has", "have", "had") for t in doc[i : min(end, i + 5)])
    for t in doc[i:end]:
        v = t.head
        if t.dep_ in ("nsubj", "nsubjpass") and v.i >= end and not _apposition_then_verb(t, end, v):
            continue
        if t.dep_ in ("nsubj", "nsubjpass") and v.pos_ in ("VERB", "AUX") and not comment_phrase(doc, i, v.i):
            return True
    return False


def _apposition_then_verb(t: Token, end: int, v: Token) -> bool:
    """Whether subject ``t``, whose phrase stops at a comma at token ``end``, reaches its verb
    ``v`` past only its own apposition in commas ('the mayor, Ana Ruiz, said', 'the mayor, a
    lawyer, said'; rules39): every token from ``end`` up to ``v`` is in ``t``'s subtree, with
    an ``appos`` child of ``t`` among them."""
    doc = t.doc
    if v.i <= end or doc[end].text != "," or doc[v.i - 1].text != ",":
        return False
    inside = {w.i for w in t.subtree}
    return all(j in inside for j in range(end, v.i)) and any(c.dep_ == "appos" and end < c.i < v.i for c in t.children)


def _verb_of_speech_at(ctx: DocContext, k: int) -> bool:
    """Whether the word at character ``k`` is a cue in its -ing form ('adding', 'saying',
    'noting'): after a quote's comma, what the speaker went on to say, not more of the quote."""
    t = ctx.doc[ctx.tok(k)]
    return t.lower_.endswith("ing") and ctx.is_cue(t) and (not ctx.parsed or t.tag_ == "VBG")


def _act_after(ctx: DocContext, run: QuotedRun, k: int) -> bool:
    """Whether the conjunction at character ``k`` after the closing mark of ``run`` opens a finite
    verb phrase with no subject of its own that the parse coordinates with a verb before the
    quote, a copula with a thing for subject ('said the tax was "unfair" and promised to repeal it',
    '... "cruel" and left the room'): the speaker's next act, not more of the reported clause.
    Needs a parse."""
    doc = ctx.doc
    i = ctx.tok(k)
    if i + 1 >= len(doc) or doc[i].dep_ != "cc":
        return False
    w = doc[i + 1]
    while w.dep_ in ("aux", "neg", "advmod") and w.head.i > w.i:
        w = w.head
    oi = ctx.tok(run.open)
    h = w.head
    if not (w.dep_ == "conj" and w.tag_ in ("VBD", "VBZ", "VBP") and h.i < oi and h.i not in ctx.in_run):
        return False
    if any(c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") for c in w.children):
        return False
    # the verb is coordinated with a copula whose subject is a thing ('the tax was "unfair" and
    # promised'): a thing does not promise, the speaker does; with a person or an act ('Holt
    # was "careless" and misplaced the keys', 'the audit found "errors" and listed them') the reported
    # clause goes on
    subj = [c for c in h.children if c.dep_ in ("nsubj", "nsubjpass")]
    return h.lemma_.lower() == "be" and len(subj) == 1 and subj[0].pos_ == "NOUN" and not person_like(subj[0])


# words that open a comment noun phrase after a quote ('— a claim economists disputed')
_COMMENT_OPENERS = frozenset("a an the one another something".split())
# words that open a second noun phrase, the subject of a relative clause without "that"
_SUBJECT_OPENERS = frozenset("its her his their our my your he she they we i many most few some critics".split())


def comment_phrase(doc: Doc, lo: int, cue: int) -> bool:
    """Whether tokens ``[lo, cue)`` (after a quote or a clause, before a cue verb) are the noun
    phrase of a comment whose relative clause the cue verb is: '— a claim economists disputed',
    ', a word her rivals mocked', ', a charge its authors denied', ', something critics doubt'.
    The noun is what the verb's subject disputed, not a speaker ("a claim economists" is a noun
    and the relative's subject). Its shape: a determiner ("a", "the", "something"), a noun, then
    a second noun phrase (a possessive, a pronoun, a plural noun after "a") before the verb; or,
    with a parse, the verb a relative clause on a noun in the phrase. A frame's speaker phrase
    ('"...," a campaign spokesman said') is one noun phrase and no such comment."""
    words = [t for t in doc[lo:cue] if not (t.is_punct or t.is_space)]
    if len(words) < 2 or words[0].lower_ not in _COMMENT_OPENERS:
        return False
    v = doc[cue]
    if v.dep_ in ("relcl", "acl") and lo <= v.head.i < cue and v.head.pos_ in ("NOUN", "PRON") and not any(
        t.text == "," for t in doc[v.head.i : cue]
    ):
        return True  # (an appositive set off by commas, 'the nominee, Dana Miller, tweeted', is a speaker's)
    if words[0].lower_ == "something":
        return True
    j = 1
    while j < len(words) and words[j].pos_ in ("ADJ", "ADV"):
        j += 1
    if j + 1 >= len(words) or words[j].pos_ not in ("NOUN", "") or words[j].tag_ in ("NNS", "NNPS"):
        return False
    second = words[j + 1]
    if second.lower_ in _SUBJECT_OPENERS:
        return True
    # 'a claim economists disputed': "a" takes no plural noun, the plural is the verb's subject
    return words[0].lower_ in ("a", "an", "one", "another") and second.tag_ in ("NNS", "NNPS")


# a finite verb: a clause of its own ('but she has left'), not a gerund going on with the content
# ('recalled the mayor being "furious," and the council being calm')
_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})


_RELATIVES = frozenset("which who whom whose".split())


def _holds_clause(ctx: DocContext, run: QuotedRun) -> bool:
    """Whether quote ``run`` holds a finite verb with a subject ('the mayor will win'), not only
    a noun phrase ('"new ferries" and a wider harbour road would help')."""
    doc = ctx.doc
    a, b = ctx.tok(run.inner[0]), ctx.tok(max(run.inner[0], run.inner[1] - 1))
    return any(t.tag_ in _FINITE for t in doc[a : b + 1]) and any(
        t.dep_ in ("nsubj", "nsubjpass") for t in doc[a : b + 1]
    )


# verbs whose object before a quote is whom the speaker spoke to ('told reporters "..."')
_TELL_LEMMAS = frozenset("tell assure warn inform remind promise ask urge advise caution reassure".split())


_FRAME_DEPS = frozenset({"prep", "npadvmod", "advmod"})


def _opens_content(ctx: DocContext, cue: int, gap: list) -> bool:
    """Whether the quote after cue ``cue`` opens the reported content: only "that" stands between
    ('said "..."', 'said that "..."'), or (with a parse) words of the frame: whom the speaker told
    (the object of a verb of telling, 'told reporters "..."'), where or when ('said at the rally
    on Tuesday "..."')."""
    words = [t for t in gap if t.lower_ != "that"]
    if not words:
        return True
    if not ctx.parsed or any(t.pos_ in ("VERB", "AUX") for t in words):
        return False  # 'told of a friend who wrote, "..."': the quote may be that verb's
    doc = ctx.doc
    # whom told, where and when ('told the crowd at the rally on Tuesday "..."'): parts of the
    # frame the parse hangs on the cue; an object of "said" may be the clause's subject instead
    deps = _FRAME_DEPS | ({"dobj", "dative"} if doc[cue].lemma_.lower() in _TELL_LEMMAS else set())
    last = words[-1].i
    # a part whose subtree holds the quote is the content's ('wrote to X that the plan was "..."')
    inside = {t.i for c in doc[cue].children if c.i > cue and c.dep_ in deps and c.right_edge.i <= last for t in c.subtree}
    return all(t.i in inside for t in words)


# object pronouns a verb of telling takes before the quote: the one told, never the content
_ADDRESSEES = frozenset("me us him her them you".split())


# verbs that give a thing a quoted label ("called it “a disgrace”"), and the pronoun objects between
_LABELLING = frozenset("call dub term brand label".split())
_LABELLED = frozenset("it them him her this that".split())


def _labelling_verb_before(ctx: DocContext, oi: int) -> int | None:
    """The token of a verb that labels its object with the quote opening at token ``oi``
    ('who called *it* "a disgrace,"', 'who called *the plan* "reckless,"'): "call", "dub",
    "term", "brand" or "label" with a pronoun object right before the mark, or (with a parse)
    a noun object of such a verb ending there; only in a relative clause (the frame after the
    quote is then the antecedent's own report: 'She called him "..."' stays as it was). None
    otherwise, and without a parse."""
    doc = ctx.doc
    k = oi - 1
    if k < 1 or not ctx.parsed:
        return None
    if doc[k].lower_ in _LABELLED and doc[k - 1].pos_ == "VERB" and doc[k - 1].lemma_.lower() in _LABELLING and doc[k - 1].dep_ == "relcl":
        return k - 1
    obj = doc[k]
    while obj.dep_ in ("compound", "amod") and obj.head.i > obj.i:
        obj = obj.head
    if obj.dep_ == "dobj" and obj.right_edge.i == k and obj.head.i < obj.i and obj.head.lemma_.lower() in _LABELLING \
            and obj.head.pos_ == "VERB" and obj.head.dep_ == "relcl" and not obj.lower_.endswith(("self", "selves")):
        return obj.head.i  # (not "a group calling itself “Free Voice”": a name, rules21)
    return None


def _fronted_labelling_participle(ctx: DocContext, oi: int) -> int | None:
    """The token of a participle opening the sentence that labels or describes its object with
    the quote opening at token ``oi`` ('*Calling* it "a betrayal,"', '*Describing* the fire as
    "terrible,"'), with only its object (and "as") between; None otherwise or without a parse."""
    if not ctx.parsed:
        return None
    doc = ctx.doc
    start = doc[oi].sent.start
    v = doc[start]
    if v.tag_ != "VBG" or v.lemma_.lower() not in _LABELLING | {"describe"} or oi - start > 6:
        return None
    if any(t.is_punct or t.i in ctx.in_run for t in doc[start + 1 : oi]):
        return None
    return v.i


def _cue_right_before(ctx: DocContext, oi: int) -> bool:
    """Whether a verb of speech stands right before the opening mark at token ``oi`` (at most a
    comma or colon between: 'Gingrich said “...”', 'she told reporters: “...”' is no such), or
    (with a parse) before it in its sentence with the quote's first word in its reported clause
    ('said the plan would “create jobs,”')."""
    k = oi - 1
    while k >= 0 and ctx.doc[k].text in (",", ":"):
        k -= 1
    # only a verb of speech: 'they want “justice,” but pledged ...' is no frame of the quote
    if k >= 0 and ctx.is_cue(ctx.doc[k]) and ctx.doc[k].lemma_.lower() in SPEECH_LEMMAS:
        return True
    if _labelling_verb_before(ctx, oi) is not None:
        return True  # 'Hale, who called it "a disgrace," said ...': the label is what "called" says (rules37)
    if not ctx.parsed or oi + 1 >= len(ctx.doc):
        return False
    # 'Ann Holt said the plan would “create jobs,” and ...': the quote stands in the reported
    # clause of a verb of speech before it, in its sentence (the parse hangs its words under it)
    first = ctx.doc[oi + 1]
    start = first.sent.start
    for h in first.ancestors:
        if h.i < start:
            break
        if h.i < oi and ctx.is_cue(h) and h.lemma_.lower() in SPEECH_LEMMAS:
            return True
    return False


def _work_apposition(text: str, run: QuotedRun) -> bool:
    """Whether an apposition naming a work follows the closing mark of ``run``: "“The Fallen
    Empire,” a new book by Ann Holt, argues ..." (a determiner or a possessive, then a noun of a
    work within five words, no verb of speech before it)."""
    after = text[run.outer[1] : run.outer[1] + 80].lstrip(" ,\u201d\"")
    words = re.split("[\\s]+", re.split("[,.;:!?\\n]", after, maxsplit=1)[0].strip())[:6]
    if not words or not (
        words[0].lower() in _APPOSITION_HEADS or any(w.endswith(("'s", "\u2019s")) for w in words[:3])
    ):
        return False
    for w in words[1:]:
        if w.lower() in CUE_FORMS:
            return False
        if w.lower() in WORK_NOUNS:
            return True
    return False


# participles that put a name after a noun ("the statement, titled “Enough,”")
_NAMING_WORDS = frozenset("titled entitled called named dubbed".split())
# participles that put a name after "as" ("a plan known as “Clean Start”"): a name, not words;
# verbs of speech ("described as") are left out, whose complement may be someone's word
_NAMING_AS = frozenset("known billed branded referred rebranded marketed styled nicknamed".split())
# words before a noun that open its noun phrase ("The magazine's cover story", "Her latest column")
_NP_OPENERS = frozenset("the a an this that his her its their our my your".split())


def _apposition_to_thing(text: str, run: QuotedRun) -> bool:
    """Whether ``run`` stands in apposition to a noun phrase naming a thing, not a person, which
    is the subject of the verb right after it: "The magazine's cover story, “The Lost Decade,”
    argued that ...", "The union's statement, titled “Enough,” said ...". The noun phrase opens
    with a determiner or a possessive at most four words before its noun, which ends with a comma
    (then "titled", "called" ... may come); the noun is lower case and no person or group noun
    (HUMAN_NOUNS: "The spokesman, “We Won,” said" may be words); after the closing mark and its
    comma comes a lower-case verb form (a cue form, or one ending in -ed or -s). The run is the
    thing's name, and the verb reports what the thing says."""
    line = text[text.rfind("\n", 0, run.open) + 1 : run.open].replace("\u2019", "'").split()
    if line and line[-1].lower() in _NAMING_WORDS:
        line = line[:-1]
    if not line or not line[-1].endswith(","):
        return False
    noun = line[-1][:-1]
    if not (noun.isalpha() and noun.islower()) or noun in HUMAN_NOUNS or noun in PERSONAL_PRONOUNS or noun in CUE_FORMS:
        return False
    opened = False
    for w in reversed(line[-5:-1]):
        if w.lower() in _NP_OPENERS or w.endswith(("'s", "s'")):
            opened = True
            break
        if not w.isalpha() or w.lower() in _TITLE_PREPS:
            break
    if not opened:
        return False
    after = text[run.outer[1] : run.outer[1] + 40]
    inner = text[run.inner[0] : run.inner[1]].rstrip()
    if not inner.endswith(","):
        if not after.startswith(","):
            return False
        after = after[1:]
    m = re.match(r"\s+([a-z]+)\b", after)
    if m is None:
        return False
    verb = m.group(1)
    return verb in CUE_FORMS or verb.endswith(("ed", "s")) and verb not in _TITLE_SMALL and verb not in _NP_OPENERS


def named_title(text: str, run: QuotedRun) -> bool:
    """Whether ``run`` is the name of a show, paper, film or book, not anyone's words: a short
    Title-Cased run with no speech of its own that sits in a noun-phrase slot.

    Its words are capitalised (small words and signs such as "&" aside), one to eight, with no
    sentence end inside, no verb of speech and no personal pronoun leading a clause ("We Will
    Win" is words). Its slot is one of: after a preposition ("Speaking on CNN's “State of the
    Union,”", "a post about “Saturday Night Live,”", "the author of “The Last Senator”") or a verb
    whose object is a work ("who reviewed “The Fallen Empire”", "After watching “Dark Harbor,”"),
    also with a possessive or article in between; right after a determiner or possessive ("the
    “Good Morning America” host"); after a noun of a work ("In his memoir, “A Long Road Home,”");
    before a noun it modifies ("“Good Morning America” host Dan Pike said"); or before an
    apposition naming a work ("“The Fallen Empire,” a new book by Ann Holt, argues"). A final
    period is allowed only after a preposition or such a verb, at the end of the sentence ("an
    op-ed for “The Hill.”"). The verb near such a title has its own content ("Senator Ann Lee
    said *the bill would fail*"), which the indirect rules find."""
    a, b = run.inner
    words = text[a:b].strip().rstrip(",").split()
    if not 1 <= len(words) <= 8 or words[-1].endswith(("!", "?", ":", ";")):
        return False
    final_stop = words[-1].endswith(".") and words[-1].lower() not in _TITLE_SMALL
    if final_stop:
        # "for “The Hill.”": a period only at the very end of its sentence, after two words or more
        nxt = text[run.outer[1] : run.outer[1] + 40].lstrip(" ")[:1]
        if len(words) < 2 and not _one_word_show(text, run) or nxt.islower() or nxt in (",", ";", ":"):
            return False
        words[-1] = words[-1][:-1]
    if any(w.endswith(("!", "?")) or w.endswith(".") and len(w) > 4 for w in words[:-1]):
        return False  # a sentence end inside ("Mr.", "U.S." are none): someone's words
    if not all(
        w[:1].isupper() or w[:1].isdigit() or w in _TITLE_SIGNS or (w.lower() in _TITLE_SMALL and k)
        for k, w in enumerate(words)
    ):
        return False
    if len(words) > 1 and words[0].lower().strip(",") in PERSONAL_PRONOUNS:
        return False  # "We Will Win": a clause led by its speaker, words of someone
    if not final_stop and _apposition_to_thing(text, run):
        return True  # "The paper's column, “Notes From Albany,” said ...": the column's name
    if any(w.lower().strip(",.'\u2019") in CUE_FORMS for w in words):
        return False
    line = text[text.rfind("\n", 0, run.open) + 1 : run.open].rstrip()
    before = line.replace("\u2019", "'").split()
    last = before[-1].lower().strip("(\u2014-") if before else ""
    if last == "as" and len(before) >= 2 and before[-2].lower() in _NAMING_AS and not final_stop:
        return True  # "a plan known as “Clean Start”", "a tax billed as “Fair Share”": the thing's name
    if last in _TITLE_PREPS or last in _MEDIA_VERBS:
        # "In an interview with “Fox News Sunday,”", "On “Hannity,”", "published by “The
        # Atlantic,”", "who reviewed “The Fallen Empire”": a preposition or verb of media
        return True
    if last.endswith(("'s", "s'")) or last in ("the", "its", "his", "her", "their"):
        if any(w.lower() in _TITLE_PREPS or w.lower() in _MEDIA_VERBS for w in before[-6:-1]):
            return True
        if last != "her" and not final_stop:
            return True  # "the “Good Morning America” host", "the mayor's “Build the Harbour Now”"
    if final_stop:
        return _work_at_sentence_end(before)
    if last.rstrip(",") in _NAMED_NOUNS:
        return True  # "In his memoir, “A Long Road Home,”", "the show “Hannity”", "the memo, “Project Blue,”"
    after = text[run.outer[1] : run.outer[1] + 40]
    nxt = after.split()[:1]
    if nxt and not after.startswith((",", ".")) and nxt[0] in _TITLE_MODIFIED:
        return True  # "“Good Morning America” host Dan Pike said"
    return _work_apposition(text, run)


def _one_word_show(text: str, run: QuotedRun) -> bool:
    """Whether the one-word run ``run`` (its word capitalised, a full stop inside its marks)
    names a show or paper by its slot: after an outlet's possessive that follows "of", "on",
    "for" or "at" ('co-host of CNN's "Crossfire."', 'a guest on ABC's "Nightline."'), or after
    "of"/"on" right after a noun a title modifies ('the host of "Crossfire."'): an apposition's
    name, never the speaker's next words (FNC-1 251; rules44). A lone word after any other
    preposition ('a recipe for "Disaster."') stays a quote."""
    word = text[run.inner[0] : run.inner[1]].strip()
    if not word[:1].isupper():
        return False
    line = text[text.rfind("\n", 0, run.open) + 1 : run.open].replace("\u2019", "'")
    before = line.split()
    if len(before) < 2:
        return False
    last, prev = before[-1].lower(), before[-2].lower()
    if last.endswith("'s") and prev in ("of", "on", "for", "at"):
        return True
    return last in ("of", "on") and prev.strip(",") in _TITLE_MODIFIED


def _work_at_sentence_end(before: list[str]) -> bool:
    """For a title that ends its sentence with a full stop inside its marks: whether the words
    before it are a noun of a work after a preposition, at most three words back ('said on
    Tuesday on the radio show “Morning Talk.”', 'in her new book “Hard Roads.”'): the work's
    name, where the saying was, not the speaker's next words."""
    if not before or before[-1].lower() not in _NAMED_NOUNS:
        # (after a comma, 'in her memoir, “Hard Roads.”', the held-out slice lost a direct
        # quote's kind: the piece stays)
        return False
    return any(w.lower() in _TITLE_PREPS for w in before[-5:-1])


# words that join a second report to the first with a frame set off by commas: ", and, she added,"
_SECOND_FRAME_LINKS = frozenset("and but or yet so though although while whereas however still".split())


def _second_frame_after(ctx: DocContext, ci: int, cue: int) -> bool:
    """Whether cue token ``cue`` after the quote closing at token ``ci`` is a second frame set
    off after a conjunction ('was "a disgrace," and, *she added*, the board should resign'):
    a conjunction and a comma open the words between, so the frame reports what follows it and
    the quote belongs to the clause before (to its own frame, if any)."""
    doc = ctx.doc
    words = [t for t in doc[ci + 1 : cue] if not t.is_space]
    return len(words) >= 3 and words[0].text == "," and words[1].lower_ in _SECOND_FRAME_LINKS \
        and words[2].text == "," or len(words) >= 2 and words[0].lower_ in _SECOND_FRAME_LINKS and words[1].text == ","


def _adding_report_after(ctx: DocContext, oi: int, ci: int, cue: int) -> bool:
    """Whether cue token ``cue`` after the quote (opening mark at token ``oi``, closing at
    ``ci``) is a subjectless -ing verb right after the quote's comma with a that-clause of its
    own ('called the plan "reckless and cruel," *adding that* it would not pass'), the quote
    standing inside a sentence after a verb of its own: the speaker's second report, no frame of
    the quote. PolNeAR gold reads each "..., adding that ..." after a quote so (3 of 3: the quote
    with its own cue, "adding" with the that-clause)."""
    doc = ctx.doc
    words = [t for t in doc[ci + 1 : cue] if not t.is_space and not t.is_quote]
    c = doc[cue]
    if words and [t.text for t in words] != [","] or c.tag_ != "VBG" or any(x.dep_ in SUBJ for x in c.children):
        return False
    if not any(x.dep_ == "ccomp" and any(m.dep_ == "mark" and m.lower_ == "that" for m in x.children) for x in c.children):
        return False
    s0 = doc[oi].sent.start
    return any(t.pos_ in ("VERB", "AUX") for t in doc[s0:oi])


def _in_act_after(doc: Doc, cue: int, oi: int) -> bool:
    """Whether the quote opening at token ``oi`` stands inside a subjectless -ing clause set off
    by a comma after cue verb ``cue`` ("A, she said, *referencing the bank's drive to
    "cross-sell"*"): what the speaker did while saying what the cue reports (the words before
    the frame), not the cue's content."""
    k = cue + 1
    while k < oi and doc[k].head.i == cue and doc[k].dep_ in ("advmod", "npadvmod", "prep") and doc[k].right_edge.i < oi:
        k = doc[k].right_edge.i + 1  # "she said on Tuesday, referencing ..."
    if k + 1 >= oi or doc[k].text != ",":
        return False
    w = doc[k + 1]
    return (
        w.tag_ == "VBG" and w.head.i == cue and w.dep_ in ("advcl", "xcomp", "conj", "dep")
        and not any(c.dep_ in SUBJ for c in w.children) and w.left_edge.i <= oi <= w.right_edge.i
    )


_AND_OPENING = re.compile(r"[ \t]*,?[ \t]*and[ \t]")
_DOUBLE_MARKS = frozenset('"\u201c\u201d\u00ab\u00bb\u201e')


def and_clause_then_frame(ctx: DocContext, at: Attr, run: QuotedRun) -> int | None:
    """End (character offset) of the content of reading ``at`` when it is a quote, ", and" + a
    clause, and then its own frame closing the sentence ('"So the crowds started filming," and
    soon websites were claiming X, Walsh said.'): the speaker said the whole sentence, so the
    content runs on to the comma before the frame (rules48, FNC-1 news; PolNeAR's gold: 1 of 1
    such sentence in the slices runs on through the "and" clause). The parse may have made the
    clause the cue's complement or not; either way. None for '"A," and he repeated it later'
    (no frame after), '"A," the coach said, and the crowd cheered' (the frame before "and"),
    and words after "and" with no finite verb, a quote mark or a line break."""
    text = ctx.text
    if at.speaker is None or not ctx.parsed:
        return None
    c0, c1 = at.cue
    s0, s1 = at.speaker
    m = _AND_OPENING.match(text, run.outer[1])
    if m is None or not m.end() < s0 < s1 <= c0 or text[s1:c0].strip(" \t"):
        return None
    comma = text.rfind(",", m.end(), s0)
    if comma < 0 or text[comma + 1 : s0].strip(" \t") or text[c1:].lstrip(" \t")[:1] not in (".", ""):
        return None
    if any(ch in _DOUBLE_MARKS or ch in "\n;:!?" for ch in text[m.end() : comma]):  # (an apostrophe may stand in a word)
        return None
    doc = ctx.doc
    toks = doc[ctx.tok(m.end()) : ctx.tok(comma)]
    if not any(t.tag_ in _FINITE and t.text not in SENT_END for t in toks):
        return None
    return comma


def direct_quotes(ctx: DocContext) -> list[Attr]:
    doc, text = ctx.doc, ctx.text
    out: list[Attr] = []
    framed_by: dict[int, Range | None] = {}  # cue token of a frame after a quote -> its speaker
    runs = list(reversed(ctx.runs))
    while runs:
        run = runs.pop()
        a, b = run.inner
        while a < b and text[a].isspace():
            a += 1
        while b > a and (text[b - 1].isspace() or text[b - 1] == ","):
            b -= 1
        if b <= a or named_title(text, run):
            continue  # an empty quote; the name of a show or paper, nobody's words
        attr = Attr((a, b), "direct", run=run)
        oi, ci = ctx.tok(run.open), ctx.tok(run.outer[1] - 1)
        lo, hi = _after_frame(ctx, ci)
        credit = dash_credit(ctx, run)
        if credit is not None:
            # '"..." ― Jane Doe': a dash and a name credit the quote
            attr.cue_i, attr.cue, attr.speaker = credit
            attr.short = not _substantive(ctx, run)
            attr.weak = False
            out.append(attr)
            continue
        cue = _after_cue(ctx, lo, hi)
        if cue is None and ctx.parsed:
            cue = _frame_verb(ctx, lo, hi)
        if cue is not None and not attribution_follows(ctx, run, cue):
            cue = None  # '"... vote." Critics disagreed.': the next sentence is not the attribution
        if cue is not None and cue > ci and _second_frame_after(ctx, ci, cue):
            # 'was "a disgrace," and, she added, C': that frame reports C, not the quote; a
            # short quote is a piece of the clause before, which the indirect reading holds
            if not _substantive(ctx, run):
                continue
            cue = None
        if cue is not None and cue > ci and ctx.parsed and _adding_report_after(ctx, oi, ci, cue):
            # 'called the plan "reckless and cruel," adding that it would not pass': "adding" has
            # a report of its own; the quote is the clause's before it (usertest33 L3)
            if not _substantive(ctx, run):
                continue
            cue = None
        if cue is not None and cue > ci and ctx.parsed and doc[cue].head.dep_ == "ccomp" and doc[cue].head.i < ci \
                and speakers_next_report(doc[cue].head.head, doc[cue].head, doc[cue]):
            cue = None  # 'said the levy was "unlawful" and warned X': the speaker's next act (H2)
        if cue is not None and cue > ci and _fronted_labelling_participle(ctx, oi) is not None:
            # 'Calling it "a betrayal," the mayor, Ana Ruiz, said ...': the participle opening
            # the sentence frames the quote (its reading, with the clause's subject as speaker,
            # is the indirect rules' :func:`quotes_speakers._fronted_participle`); the verb after
            # reports its own clause (rules37)
            cue = None
        if cue is not None and cue > ci and comment_phrase(doc, ci + 1, cue):
            cue = None  # '"create jobs" — a claim economists disputed': a comment, not a frame
        if cue is not None and cue > ci and _cue_right_before(ctx, oi):
            joined = [t.lower_ for t in doc[ci + 1 : cue] if t.is_alpha]
            if joined == ["when"] and ctx.parsed and asked_participle(doc[cue]) is not None:
                # 'She replied "no" when asked whether ...': the verb before the quote frames it;
                # the question after it is its own, sourceless reading (rules37)
                cue = None
            elif joined[:1] in (["and"], ["but"], ["then"]) or joined[:1] and joined[0] in _CLAUSE_AFTER or not joined and "," in text[run.inner[1] - 1 : doc[cue].idx] and ctx.parsed and (doc[cue].tag_ == "VBG" or any(
                c.dep_ in ("ccomp", "xcomp") and c.i > cue and c.i not in ctx.in_run for c in doc[cue].children
            )):
                # (', adding that ...', ', adding, "..."': a verb right after the quote's comma,
                # with no subject, in -ing or with a clause of its own, reports what follows it)
                # 'Gingrich said “...,” and he repeated it later': the verb right before the
                # quote frames it; the one after "and" is the speaker's next act
                cue = None
        signed = signoff(ctx, ci) if cue is None and opens_paragraph(text, run) else None
        if signed is not None:
            # '"..."\n\n- Sanders.': the line under the quote credits it
            attr.cue_i, attr.cue, attr.speaker = signed[0], ctx.cue_range(signed[0]), signed[1]
            attr.short = not _substantive(ctx, run)
            attr.weak = False
            out.append(attr)
            continue
        if cue is not None and not ctx.parsed and doc[cue].text not in DASHES and _colon_introduced(ctx, oi):
            # 'One local said: "...," the Mirror said': the introduction names the speaker (with a
            # parser, the merge of the two readings decides: quotes._introduced_by)
            cue = None
        if cue is not None:
            attr.cue_i, attr.cue = cue, ctx.cue_range(cue)
            act = _subject_of_act_before(ctx, ci, cue) if cue > ci and ctx.parsed and not any(
                c.dep_ in SUBJ for c in doc[cue].children) else None
            attr.speaker = act or speaker_past_asides(ctx, lo, cue, speaker_for(ctx, cue, lo, max(hi, cue + 1)))
            framed_by[cue] = attr.speaker
            through = and_clause_then_frame(ctx, attr, run) if cue > ci else None
            if through is not None:
                attr.content, attr.kind = (run.open, through), "mixed"
        else:
            lo, hi = _before_frame(ctx, oi)
            cues = [i for i in range(lo, hi) if ctx.is_cue(doc[i])]
            colon = _colon_before(ctx, oi)
            if not cues and colon is not None and ctx.parsed:
                verb = _colon_verb(ctx, colon, lo)
                cues = [verb] if verb is not None else []
            if not cues:
                label = _labelling_verb_before(ctx, oi)
                cues = [label] if label is not None and lo <= label else []  # 'who called it "a disgrace,"' (rules37)
            if not cues and ctx.parsed:
                intro = _shouted_before(ctx, oi)
                if intro is not None:
                    # 'Her niece, Ana "Nan" Price, shouted to the crowd. "..."' (rules42)
                    cues, lo, hi = [intro], doc[intro].sent.start, oi
            if len(cues) > 1 and ctx.parsed:
                cues = [k for k in cues if not _in_speakers_relative(doc, k, cues, oi) and not _asked_aside(doc, k, oi)]
            if len(cues) > 1 and colon is not None and ctx.parsed:
                outer = _colon_report(doc, cues)
                if outer is not None:
                    cues = [outer]  # 'X said the fair was never intended to grow so large: "..."'
            framing = [c for c in cues[:-1] if framed_speaker(ctx, c, oi)]
            if framing:
                cues = framing[-1:]  # 'said Ana Ruiz, the leader, who has *proposed* a vote, "B"': an aside's verb
            if cues and ctx.parsed and _in_act_after(doc, cues[-1], oi):
                cues = []  # 'A, she said, referencing the bank's drive to "cross-sell"': not her words
            if cues and _main_clause_between(ctx, cues[-1], oi):
                cues = []
            if cues and ctx.parsed:
                # 'said A, and called him "B"': "called" frames the quote, not "said"
                cues = [k for k in range(cues[-1] + 2, oi) if next_own_report(doc, doc[cues[-1]], doc[k], cues[-1])][-1:] or cues
            if cues:
                cue = cues[-1]
                gap = [t for t in doc[cue + 1 : hi] if not t.is_punct and not t.is_space]
                attr.cue_i, attr.cue = cue, ctx.cue_range(cue)
                # the frame between two pieces has one speaker: the one read after the first
                attr.speaker = framed_by[cue] if framed_by.get(cue) is not None else speaker_for(ctx, cue, lo, hi)
                nxt = ci + 1
                opens = _opens_content(ctx, cue, gap)
                if opens:
                    gap = []  # 'told reporters "..."': whom the speaker told is no part of the content
                closed = closed_at_mark(ctx, run, opens=opens) or _relative_ends(ctx, cue, ci)
                # 'Describing the deal as "a disaster," the leader, Tom Hale, said ...': a
                # participle opening the sentence labels its object; the clause after the comma
                # is the speaker's own (rules39)
                closed = closed or _fronted_labelling_participle(ctx, oi) == cue
                # the reported clause goes on after the quote, unless the quote ended the sentence
                # or the speaker's next act follows it ('said that "..." and warned supporters')
                mid_clause = (
                    nxt < len(doc) and doc[nxt].is_alpha and not _substantive(ctx, run)
                    and not frame_to_next_quote(text, run)
                    and (sentence_final(text, run) is None or doc[nxt].text[:1].islower())
                    and not (ctx.parsed and _next_act(ctx, nxt, cue))
                    and not closed
                )
                # a colon introduction ('X said in a statement on Tuesday: "..."') is no reported
                # clause, nor is a frame of only the speaker with an apposition or a relative
                # clause ('"A," said Ana Ruiz, the party leader, "B."'): the quote is its own piece
                # 'said the mayor "will win," and ...': the clause the quote ends is the content
                ends_clause = closed and bool(gap) and not _substantive(ctx, run) and colon is None
                subject = subject_before_mark(ctx, gap, oi, ci) if colon is None and _ends_sentence(ctx, run, ci) else None
                if subject is not None and doc[cue].lower_ == "according":
                    # 'According to a memo, the ministry "expects ..."': the ministry's clause
                    attr.kind = "mixed"
                    attr.content = (doc[subject.left_edge.i].idx, run.outer[1])
                elif (len(gap) > 4 and colon is None and not _only_speaker(ctx, cue, gap) and not framed_speaker(ctx, cue, oi) or mid_clause or ends_clause or subject is not None) and doc[cue].lower_ != "according":
                    # 'X said the plan would "create jobs"': the quote is part of a reported clause
                    attr.kind = "mixed"
                    end = nxt
                    while mid_clause and end < len(doc) and doc[end].text not in SENT_END and not is_break(doc[end]):
                        end += 1
                        if ctx.parsed and end < len(doc) and (_next_act(ctx, end, cue) or _frame_at(ctx, end) or _writers_relative_at(ctx, end)):
                            break
                        if _but_according_at(doc, end):
                            break  # '... had quit - but according to the council, ...': another source's reading
                    first = cue + 1
                    if first < oi and doc[first].lower_ in _ADDRESSEES and all(t.is_punct for t in doc[first + 1 : oi]):
                        first += 1  # 'She told me "the wall works" last week': "me" is whom she told
                    elif ctx.parsed and doc[cue].lemma_.lower() in _TELL_LEMMAS:
                        # 'told reporters the plan would "create jobs"': whom she told is no
                        # content; the reported clause (the cue's complement clause) starts it
                        told = [c for c in doc[cue].children if c.dep_ in ("dobj", "dative") and c.left_edge.i == first]
                        clause = [c for c in doc[cue].children if c.dep_ == "ccomp" and told and told[0].right_edge.i < c.left_edge.i < oi]
                        if clause:
                            first = clause[0].left_edge.i
                    first = reported_start(ctx, cue, first, oi)
                    first = _past_bare_time(ctx, first, subject)
                    s = trim(doc, first, end if mid_clause else ci + 1)
                    if s:
                        # a clause the quote ends takes its closing mark (and a comma inside it)
                        # (and so does one the quote ends: 'told the AP that the plan "would never work."'
                        # keeps its closing mark, usertest17 L-h)
                        attr.content = (chars(doc, *s)[0], chars(doc, *s)[1] if mid_clause else run.outer[1])
        if attr.cue_i is not None and attr.cue_i < oi and attr.content == (a, b) and not attr.more:
            front = fronted_piece(ctx, attr.cue_i, attr.speaker, oi)
            if front is not None:
                attr.content, attr.more = front, ((a, b),)
                attr.kind = "mixed"  # quotes_kind.settle_kind raises it when most of it is quoted
        if run.single and (attr.cue is None or len(text[a:b].split()) < 3 and not _first_of_interrupted(ctx, run)) and not _rest_of_interrupted(ctx, run):
            # ‘...’ is also used for titles and terms: a quote only with a cue; then the double
            # quotes inside it are quotes of their own, as when it was no run at all
            runs.extend(reversed(ctx.nested.get(run, ())))
            continue
        if _quoted_name(ctx, run, attr.cue_i):
            continue  # 'a reader named "bluefox" wrote', '"Max", the porter, thought ...': a name (rules42)
        attr.short = not _substantive(ctx, run)
        attr.weak = attr.cue is None and attr.short
        out.append(attr)
    return out


def _piece_before_next(ctx: DocContext, run: QuotedRun) -> bool:
    """Whether ``run`` ends with a comma and another quotation opens after it in the same
    sentence, within 200 characters ('"The port," Ana Ruiz, 54, said, "will stay closed."'): the
    first piece of an interrupted quote, in any marks."""
    text = ctx.text
    if not text[run.inner[0] : run.inner[1]].rstrip().endswith(",") and text[run.outer[1] : run.outer[1] + 1] != ",":
        return False
    nxt = next((r for r in ctx.runs if r.open > run.close), None)
    between = text[run.outer[1] : nxt.open] if nxt is not None else ""
    return nxt is not None and len(between) <= 200 and "\n" not in between and not any(c in between for c in ".!?")


# what a verb of speech with no content of its own may have: its speaker, whom or where it was said to
_INTRO_DEPS = frozenset("nsubj prep advmod npadvmod punct aux".split())


def _shouted_before(ctx: DocContext, oi: int) -> int | None:
    """The cue of the sentence right before the quote opening at token ``oi``, in its paragraph,
    when that sentence is only a speaker and a verb of speech with no content of its own ('Her
    niece, Ana Price, shouted to the crowd. "The city ..."'): it introduces the quote, as a
    colon would. None otherwise."""
    doc = ctx.doc
    k = oi - 1
    while k >= 0 and doc[k].is_space:
        k -= 1
    if k < 1 or doc[k].text != "." or "\n" in doc[k:oi].text:
        return None
    v = doc[k].sent.root
    if v.lemma_.lower() not in SPEECH_LEMMAS or v.pos_ != "VERB" or not any(c.dep_ == "nsubj" for c in v.children):
        return None
    subject = {t.i for c in v.children if c.dep_ == "nsubj" for t in c.subtree}
    if any(t.i in ctx.in_run and t.i not in subject for t in doc[v.sent.start : k]):
        return None  # a quote of its own in the sentence (not a nickname in the speaker's name): its frame
    if not all(c.dep_ in _INTRO_DEPS for c in v.children) or any(
        c.dep_ == "prep" and c.lower_ not in ("to", "at", "in", "on") for c in v.children
    ):
        return None
    return v.i


# verbs that give something its name right before it ('a reader named "bluefox"')
_NAMING = frozenset("named nicknamed dubbed titled entitled".split())


def _quoted_name(ctx: DocContext, run: QuotedRun, cue_i: int | None) -> bool:
    """Whether ``run`` is a name, title or term of one to three words in quotation marks, no
    one's words: right after a naming verb ('a reader named "bluefox"', 'the gunman known as
    "Jack the Knife."'), or, before cue ``cue_i``, its subject or a piece of its phrase ('"Max", the
    porter, thought ...', 'Another reader, "GreenLeaf," claimed ...', '"Blue Moon" is considered
    ...'): the cue reports its own clause, which the indirect rules read. An exclamation or
    question ('"Why?" asked Smith') is words. PolNeAR gold has a content of one or two quoted
    words only with a cue of its own (201 of 201: '"Quiet," he demanded', 'call them "lone
    wolves"') and none after "named", "nicknamed" or "known as" ("the hacker known as
    "Guccifer," stated")."""
    text = ctx.text
    words = text[run.inner[0] : run.inner[1]].strip().rstrip(",").split()
    if not 1 <= len(words) <= 3 or words[-1].rstrip(".").endswith(("!", "?")):
        return False
    before = text[text.rfind("\n", 0, run.open) + 1 : run.open].replace("\u2019", "'").split()
    last = before[-1].lower() if before else ""
    namer = [w.lower() for w in before[:-1] if w.lower() not in ("only", "simply", "also")][-1:] if last == "as" else []
    if last in _NAMING or namer and (namer[0] in _NAMING_AS or namer[0] == "identified"):
        # (also "identified only as "Conal,"": the name a report gives someone), whatever quote
        # follows in its sentence: a name's comma is no interrupted quote's ('identified only as
        # "Kit," wrote to the site, which called the firm "a disgrace."'; rules44)
        return True
    if _first_of_interrupted(ctx, run) or _rest_of_interrupted(ctx, run) or _piece_before_next(ctx, run):
        return False  # '"The port," Ana Ruiz said, "will stay closed."': a piece of one quote
    if cue_i is None or not ctx.parsed:
        return False
    doc = ctx.doc
    oi, ci = ctx.tok(run.open), ctx.tok(run.outer[1] - 1)
    if cue_i < ci:
        return False  # 'It was, said one official, "a disaster."': after the frame, the words it frames
    subjects = [c for c in doc[cue_i].children if c.dep_ in ("nsubj", "nsubjpass")]
    return any(oi < t.i < ci for s in subjects for t in s.subtree)
