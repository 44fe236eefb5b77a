"""Indirect (reported) speech from the dependency parse: the clause, intention or object that a
cue verb reports ("X said (that) ...", "X vowed to ...", "X denied the report"), "..., X said",
"A, X said, B" and "according to X, ...". Needs a trained pipeline.

A reported clause stops before a clause coordinated with it that reports with its own subject
and verb of speech ("X said they will skip it [and others have said ...]"): that report is its
own speaker's; a stance verb there ("X says A, but its members want B") stays inside, B being
part of what X reports (held-out slice of polnear-train: no speaker changed; polnear-dev, confirmation
only: +2 right speakers, F1 0.7598 -> 0.7602).

A parenthetical cue clause ("A, he said, B") is the cue, its subject and what stands between
or right after them ("he said on Tuesday"), not the cue's whole subtree: a clause the parse hung
on the cue ("*If the talks fail*, he warned, B") is content, and an inverted parenthetical's
subject after the cue ("The difference, *said Jones*, is ...") is its speaker even when the
parse also gave the cue the sentence's subject (held-out slice: speaker 2,379/2,531 ->
2,380/2,528, F1 0.7293 -> 0.7291; dev, confirmation only: F1 0.7602 -> 0.7610, speaker
unchanged)."""

from __future__ import annotations

import numpy

from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Doc, Token

from annotator.nlp.quotes_direct import _FINITE, comment_phrase, frame_to_next_quote, named_title, next_own_report, occasion_phrase
from annotator.nlp.quotes_pairs import QUOTE_CHARS
from annotator.nlp.quotes_doc import SENT_END, Attr, DocContext, anonymity_request, chars, headed, hyphen_modifier, id_set, ids, lets_us, negated_from, trim
from annotator.nlp.quotes_lexicon import (
    ALL_CUE_LEMMAS,
    COGNITION_LEMMAS,
    DOBJ_LEMMAS,
    DASHES,
    DOCUMENT_NOUNS,
    EVIDENTIAL_LEMMAS,
    ISSUED_NOUNS,
    MARK_TOKENS,
    RELATIVE_PRONOUNS,
    SPEECH_LEMMAS,
    XCOMP_LEMMAS,
)
from annotator.nlp.quotes_speakers import NOT_SPEAKERS, SUBJ, TIME_WORDS, asked_participle, not_a_speaker, np_range, person_like, referring_it, speaker_for, speakers_next_report, subject, subject_after_inverted, subject_outside_quote


def _content_range(doc: Doc, v: Token, lemma: str) -> tuple[int, int] | None:
    """Token range of what the cue verb ``v`` reports: its clause, intention or object."""
    # "A, the mayor said, which the council denied": a comment the parse made the cue's clause;
    # "A, the governor said, although, her deputy admitted, B": a second frame, not her report
    second = _second_frame(doc, v)
    kids = [
        c for c in v.children
        if c.dep_ != "ccomp" or not _comment_clause(doc, c) and _second_frame(doc, c) is None and (second is None or c.i > second[0])
        and not (c.i > v.i and any(t.text == ";" and t.head in (v, c) for t in doc[v.i + 1 : c.left_edge.i + 1]))
    ]
    # ("A, the engineer said; but, she said, B": a clause after a semicolon is a sentence of its
    # own, not the report of a verb before it, whatever the parse hung it on; "said A; B" with A
    # in the clause's words is one report)
    for c in kids:
        inner = _noun_comment(doc, c) if c.dep_ == "ccomp" and c.i > v.i else None
        if inner is not None:
            # 'said the budget was balanced, something critics disputed': the report is the
            # clause before the comment the parse made its verb
            return trim(doc, _past_saying_time(doc, v, inner), inner.right_edge.i + 1)
    for c in kids:
        if c.dep_ == "ccomp" and c.i < v.i and (_cut_off(doc, c, v) or _subordinate_after(c, v)):
            continue
        if c.dep_ == "ccomp" and c.i > v.i or c.dep_ == "ccomp" and not any(k.dep_ == "ccomp" and k.i > v.i for k in kids):
            end = c.right_edge.i + 1
            answer = _answer_inside_question(c) if v.lower_ == "asked" else None
            if answer is not None:
                end = answer.left_edge.i  # "when asked whether he would retire | that he felt fine"
            if c.i > v.i:
                # "told legislators that raises were off": a noun the tagger took for a verb may
                # split one clause into two ccomps side by side; the report runs through both
                for k in kids:
                    if k.dep_ == "ccomp" and k.i > c.i and k.left_edge.i == end and not _answer_after_question(c, k):
                        end = k.right_edge.i + 1
            return trim(doc, _past_focus_adverb(doc, c, _past_own_frame(doc, v, c, _past_saying_time(doc, v, c))), end)
    if lemma in SPEECH_LEMMAS:
        closed = _report_past_relative(doc, v, kids)
        if closed is not None:
            return closed
        answer = _answer_of_asked(v, kids)
        if answer is not None:
            return trim(doc, answer.left_edge.i, answer.right_edge.i + 1)
        for c in kids:
            # 'said after the vote she would not': a clause with its own subject and no
            # subordinator is a mis-attached ccomp
            if c.dep_ == "advcl" and c.i > v.i and any(k.dep_ in SUBJ for k in c.children) and not any(
                k.dep_ == "mark" or k.dep_ == "advmod" and k.i < c.i and k.tag_ == "WRB" for k in c.children
            ):
                return trim(doc, c.left_edge.i, c.right_edge.i + 1)
    if lemma == "claim":
        for c in kids:
            # "He claims *to have seen the letter*", "a woman who claimed *to be undecided*":
            # PolNeAR's gold has cue "claim(ed)" and the infinitive as content (2 of 2; rules38)
            if c.dep_ == "xcomp" and c.i > v.i and any(k.dep_ == "aux" and k.lower_ == "to" for k in c.children):
                return trim(doc, c.left_edge.i, c.right_edge.i + 1)
    if lemma in XCOMP_LEMMAS:
        for c in kids:
            if c.dep_ == "xcomp" and c.i > v.i:
                if _object_fronted(c, v):
                    # "whom Trump refused *to endorse*", "the bill he plans *to roll out*": the
                    # words after the cue, as PolNeAR's gold has them (the wh-word, subject and
                    # cue stay out, as in _past_own_frame); a question reports nothing
                    return None if _asked(v) else trim(doc, v.i + 1, c.right_edge.i + 1)
                objs = [k for k in kids if k.dep_ in ("dobj", "dative") and v.i < k.i < c.i]
                start = objs[0].left_edge.i if objs else c.left_edge.i
                end = _name_then_verb(doc, start, c.right_edge.i + 1) if lemma == "call" else c.right_edge.i + 1
                return trim(doc, start, end)
    if lemma == "call":
        for c in kids:
            # "called for a ban", "called repeatedly on Congress to act": the preposition right
            # after the verb (adverbs aside); "called the plan “a disaster” in an op-ed for
            # “The Hill”" calls nothing for The Hill
            if c.dep_ == "prep" and c.lower_ in ("for", "on") and all(t.pos_ == "ADV" for t in doc[v.i + 1 : c.i]):
                return trim(doc, c.i + 1, c.right_edge.i + 1)
    if lemma == "plead" and v.tag_ in ("VBD", "VBZ", "VBP"):
        # "the family pleaded for calm": what is pleaded for, as PolNeAR's gold has 2 of its 3
        # "plead(s) for" (the third a participle on a noun: "footage of a wife pleading for";
        # rules46); "pleaded with the public to ..." has no gold and stays unread
        for c in kids:
            if c.dep_ == "prep" and c.lower_ == "for" and all(t.pos_ == "ADV" for t in doc[v.i + 1 : c.i]) \
                    and any(k.dep_ == "pobj" for k in c.children):
                return trim(doc, c.i + 1, c.right_edge.i + 1)
            # "pleaded for him to be released": the parse makes "for" the mark of a clause
            if c.dep_ == "advcl" and c.left_edge.lower_ == "for" and c.left_edge.dep_ == "mark" \
                    and all(t.pos_ == "ADV" for t in doc[v.i + 1 : c.left_edge.i]):
                return trim(doc, c.left_edge.i + 1, c.right_edge.i + 1)
    if lemma == "ask":
        # "asked the public for help finding the driver": who is asked and what for, as PolNeAR's
        # gold has "asked" + "the crowd to ..." (the object right after the verb, then "for")
        obj = next((c for c in kids if c.dep_ == "dobj" and c.left_edge.i == v.i + 1), None)
        ask_for = next((c for c in kids if obj is not None and c.dep_ == "prep" and c.lower_ == "for" and c.i == obj.right_edge.i + 1), None)
        if ask_for is not None and any(k.dep_ == "pobj" for k in ask_for.children):
            return trim(doc, obj.left_edge.i, ask_for.right_edge.i + 1)
    if lemma in DOBJ_LEMMAS or lemma in EVIDENTIAL_LEMMAS:
        objs = [c for c in kids if c.dep_ in ("dobj", "oprd") and c.i > v.i]
        if objs:
            # "accused X of Y", "described X as Y", "called X Y": the object with what is said of it
            # ("called the plan “a disaster” in an op-ed for “The Hill”": a "for" after other
            # words is where it was said, not what; "described X on Tuesday as Y" keeps its "as")
            objs += [
                c for c in kids
                if c.i > objs[0].i and (
                    c.dep_ == "prep" and (c.lower_ in ("of", "as") or c.lower_ == "for" and c.i == objs[0].right_edge.i + 1
                                          # "demanded an apology *from the paper*" (gold: "demands accountability ... from our president")
                                          or c.lower_ == "from" and lemma in ("demand", "cite") and c.i == objs[0].right_edge.i + 1)
                    or c.dep_ in ("oprd", "xcomp")
                )
            ]
            # (the size check below reads the object alone: "announced the deal last Friday" is
            # still a two-word thing)
            when = _when_or_where_of_object(doc, v, objs) if lemma in _PLEDGES_OF_THINGS else []
            own_size = max(o.right_edge.i for o in objs) + 1 - min(o.left_edge.i for o in objs)
            objs += when
            if lemma == "call" and all(o.dep_ == "dobj" for o in objs) and (
                person_like(objs[0]) or any(t.ent_type_ == "PERSON" for t in objs[0].subtree)
            ) and all(c.dep_ in _NOT_LABELS for c in v.children if c.i > objs[0].right_edge.i) and not any(
                ch in QUOTE_CHARS for t in doc[objs[0].i : objs[0].right_edge.i + 2] for ch in t.text
            ):
                # "called half a dozen directors", "called a delegate, Ann Holt": a person
                # called on the phone or summoned, with nothing said of them (not 'called their
                # son "a hero"', the label parsed as the object's apposition)
                return None
            end = max(o.right_edge.i for o in objs) + 1
            start = min(o.left_edge.i for o in objs)
            label = _quoted_label(doc, v, objs, start, end) if lemma == "call" else None
            if label is not None:
                return label
            if lemma == "call":
                end = _name_then_verb(doc, start, end)
            if end - start >= 3 and own_size >= 3 or _short_announced(v, objs[0]) \
                    or lemma in ("demand", "cite") and objs[0].dep_ == "dobj" and objs[0].pos_ in ("NOUN", "PROPN"):
                # (a demand however short: "demanded money", gold "demands" + "wall"; rules38; a short
                # announced object, rules37)
                return trim(doc, start, end)
        else:
            return _said_of_relative(doc, v, kids)
    return None


def _short_announced(v: Token, obj: Token) -> bool:
    """Whether ``v`` is "announce" with a short noun object that is what was announced ("The
    company announced layoffs.", "Smith announced his resignation"): PolNeAR's gold has such a
    one- or two-word object as the content 14 of 24 times outside negation (0 of 3 negated:
    "has not announced their choice"), so the three-word minimum of other objects does not
    hold for it (rules37). Not a pronoun ("announced it") nor a negated verb, and nothing but a
    time may follow the object in the clause ("announced plans Friday *for a new program*",
    "announced plans this week *to give* ...": the object's words run on past what the parse
    hangs on it)."""
    if v.lemma_.lower() != "announce" or obj.dep_ != "dobj" or obj.pos_ not in ("NOUN", "PROPN"):
        return False
    if any(c.dep_ == "neg" for c in v.children):
        return False
    for c in v.children:
        if c.i <= obj.i or c.dep_ == "punct" or c.dep_ in ("npadvmod", "advmod") and (c.ent_type_ in ("DATE", "TIME") or c.lower_ in TIME_WORDS):
            continue
        if c.dep_ == "prep" and any(g.dep_ == "pobj" and (g.ent_type_ in ("DATE", "TIME") or g.lower_ in TIME_WORDS) for g in c.children):
            continue
        return False
    return True


# cues whose object is a thing to come: when or where it comes is part of it
_PLEDGES_OF_THINGS = frozenset("promise pledge propose announce".split())
_SEASONS = frozenset("spring summer autumn fall winter".split())


def _when_or_where_of_object(doc: Doc, v: Token, objs: list[Token]) -> list[Token]:
    """The time or place phrase right after the object of a pledge or announcement ``v``
    ("promised a new round of talks *in June*", "announced a plan *on Monday*", "pledged a clinic
    *in Riverton*"), which the parse hangs on the verb: when or where the thing promised comes,
    part of what is said (usertest23 L2/L3). PolNeAR's gold keeps it in the content (2 of 2
    announced + object + time in dev + train). A phrase of the occasion ("in a statement") is not
    one; an empty list when none follows."""
    end = max(o.right_edge.i for o in objs) + 1
    for c in v.children:
        if c.left_edge.i != end or c.dep_ not in ("prep", "npadvmod") or occasion_phrase(c):
            continue
        obj = c if c.dep_ == "npadvmod" else next((g for g in c.children if g.dep_ == "pobj"), None)
        if obj is not None and (obj.ent_type_ in ("DATE", "TIME", "GPE", "LOC", "FAC") or obj.lower_ in TIME_WORDS
                                or obj.lower_ in _SEASONS):
            return [c]
    return []


def _answer_after_question(q: Token, k: Token) -> bool:
    """Whether clause ``k`` after question clause ``q`` of the same verb is an answer of its own
    ("said when asked *whether she would run* *that she was undecided*": the parse hangs both on
    "asked"): ``q`` opens with "whether"/"if" or a wh-word, ``k`` with "that"."""
    first = q.doc[q.left_edge.i]
    return k.doc[k.left_edge.i].lower_ == "that" and (first.lower_ in ("whether", "if") or first.tag_ in _WH_TAGS)


def _answer_of_asked(v: Token, kids: list[Token]) -> Token | None:
    """For a cue ``v`` with no clause of its own and a "when asked whether ..." after it, the
    "that" clause the parse hung on "asked" after the question ("The senator said when asked
    whether she would run again *that she was undecided*"): what ``v`` reports (usertest23 M7;
    the question stays the sourceless reading PolNeAR's gold gives "when asked whether/about
    ...", cue without a source 24 of 25 times outside other content). None otherwise."""
    if any(c.dep_ == "ccomp" for c in kids):
        return None
    for a in kids:
        if a.dep_ != "advcl" or a.i < v.i or a.lower_ != "asked":
            continue
        clauses = [c for c in a.children if c.dep_ == "ccomp" and c.i > a.i]
        for q, k in zip(clauses, clauses[1:]):
            if _answer_after_question(q, k):
                return k
        if clauses:
            nested = _answer_inside_question(clauses[0])
            if nested is not None:
                return nested
    return None


def _answer_inside_question(q: Token) -> Token | None:
    """The "that" clause the parse hung at the end of question clause ``q`` of a "when asked"
    ("asked whether he would retire *that he felt fine*": "felt" a ccomp of "retire") when the
    question's verb reports nothing itself (not "asked whether he knew that ..."). None
    otherwise."""
    if q.lemma_.lower() in ALL_CUE_LEMMAS or q.head.lower_ != "asked" or q.head.dep_ != "advcl":
        return None
    k = next((c for c in q.children if c.dep_ == "ccomp" and c.i > q.i), None)
    if k is None or k.right_edge.i != q.right_edge.i or not _answer_after_question(q, k):
        return None
    return k


def _object_fronted(c: Token, v: Token) -> bool:
    """Whether open complement ``c`` of cue ``v`` ("plans *to do*") has its object or adverb in
    front of the cue: a wh-word ("*What* do you plan to do?", "the reform, *which* she plans to
    do through a levy", "*whom* Trump refused to endorse", "*why* he wanted to go") or a
    relative "that" ("a label *that* her club wants to keep"; not of a message,
    :func:`_of_a_message`). The intention is then
    named by the relative's noun or asked about, and the complement's whole phrase would hold
    the cue and its subject inside the content."""
    return c.left_edge.i < v.i and any(
        t.tag_ in _WH_TAGS and t.lower_ != "that" or t.lower_ == "that" and t.dep_ != "mark" and not _of_a_message(t)
        for t in _words_before(c, v))


def _of_a_message(that: Token) -> bool:
    """Whether relative "that" stands for a thing said or issued (:data:`ISSUED_NOUNS`: "the
    *message* that officials expect to hear"): the gold reads such a clause as the content of
    the message's own source, which the whole relative clause overlaps (treating it as the
    other relatives cost one held-out match, F1 -0.0002). "a *label* that her club wants to
    keep" is no such noun."""
    clause = next((a for a in that.ancestors if a.dep_ == "relcl"), None)
    return clause is not None and clause.head.lemma_.lower() in ISSUED_NOUNS


def _words_before(c: Token, v: Token) -> list[Token]:
    """The words of ``c``'s phrase before cue ``v``."""
    return [t for t in c.subtree if t.i < v.i]


def _asked(v: Token) -> bool:
    """Whether cue ``v`` is the verb of a direct question ("What do *you* plan to do ...?"): an
    auxiliary before its subject and a question mark closing its sentence."""
    subj = [c for c in v.children if c.dep_ in SUBJ]
    return bool(subj) and any(c.dep_ == "aux" and c.i < subj[0].i for c in v.children) and any(
        t.text == "?" for t in v.doc[v.i : v.sent.end])


def _report_past_relative(doc: Doc, v: Token, kids: list[Token]) -> tuple[int, int] | None:
    """Token range of a reported clause whose subject carries a relative clause set off by
    commas, which the parse misread ("The mayor said *the deal, which the council approved in
    May, would create 500 jobs*": "deal" taken for the object of "said" and "would create" for
    a second relative clause on it). A verb hung on the object as a relative clause that
    stands after the comma closing the first relative clause, and opens with a modal or an
    auxiliary of its own, is the reported clause's verb; its subject is the object. None when
    the parse shows no such shape (a real relative clause: "the deal, which would create
    jobs", with no comma between its pronoun and its verb)."""
    for n in kids:
        if n.dep_ != "dobj" or n.i < v.i or n.i + 1 >= len(doc) or doc[n.i + 1].text != ",":
            continue
        for r in n.children:
            if r.dep_ != "relcl" or r.i < n.i:
                continue
            aux = [c for c in r.children if c.dep_ in ("aux", "auxpass") and c.i < r.i]
            first = aux[0] if aux else r
            if not aux and r.tag_ not in ("VBD", "VBZ", "VBP"):
                continue  # (a finite verb: "was wrong", "would create")
            commas = [k for k in range(n.i + 2, first.i) if doc[k].text == ","]
            pron = next((k for k in range(n.i + 2, min(n.i + 4, len(doc))) if doc[k].tag_ in ("WDT", "WP", "WP$")), None)
            if pron is not None and commas and commas[-1] == first.i - 1 and commas[-1] > pron + 1:
                return trim(doc, n.left_edge.i, r.right_edge.i + 1)
    return None


def _said_of_relative(doc: Doc, v: Token, kids: list[Token]) -> tuple[int, int] | None:
    """What cue ``v`` ("described", "called", "accused") says of a relative pronoun that is its
    object before it ("the engineer, *whom* the mayor described *as a genius*"): the "as"/"of"
    phrase or label after ``v`` (token range), the frame before it left out, as PolNeAR's content
    "whom" + "as a genius" does. None when ``v``'s object is no relative pronoun before it or
    nothing is said of it."""
    if not any(c.dep_ == "dobj" and c.i < v.i and c.tag_ in _WH_TAGS for c in kids):
        return None
    said = [c for c in kids if c.i > v.i and (c.dep_ == "prep" and c.lower_ in ("of", "as") or c.dep_ in ("oprd", "xcomp"))]
    if not said:
        return None
    return trim(doc, min(c.left_edge.i for c in said), max(c.right_edge.i for c in said) + 1)


def _quoted_label(doc: Doc, v: Token, objs: list[Token], start: int, end: int) -> tuple[int, int] | None:
    """'a budget that Mayor Ida Lowe *called* "reckless"', 'The law, which Judge Ray Soto called
    "a relic,"': "called" on a relative clause whose object is the relative pronoun (the noun it
    hangs on) and whose only words after the verb are a label in quotation marks; the label
    between its marks (token range), however short. None for any other shape."""
    if v.dep_ not in ("relcl", "acl") or not all(o.dep_ == "oprd" for o in objs):
        return None
    a, b = start, end
    while a < b and (doc[a].text in MARK_TOKENS or doc[a].is_punct):
        a += 1
    while b > a and (doc[b - 1].text in MARK_TOKENS or doc[b - 1].is_punct):
        b -= 1
    if a >= b or a == 0 or doc[a - 1].text not in MARK_TOKENS:
        return None
    k = b
    while k < min(len(doc), b + 3) and doc[k].is_punct and doc[k].text not in MARK_TOKENS:
        k += 1  # '"a relic,"': a comma or stop inside the closing mark
    return (a, b) if k < len(doc) and doc[k].text in MARK_TOKENS else None


def _name_then_verb(doc: Doc, start: int, end: int) -> int:
    """End (token index) of a "calling itself "Name"" reading in tokens [start, end): just after
    the name's closing mark when the object is reflexive and a verb follows the mark ('a group
    calling itself "Delta Voice" *purports* to show': the parse may hang the sentence's own verb
    on "calling" as a predicate of the name, even tagged a plural noun); ``end`` otherwise
    ('calling themselves "judges" not "arbitrators"' goes on). PolNeAR's gold for "calling
    himself X" is the object and the name only."""
    if doc[start].lower_ not in _REFLEXIVES:
        return end
    marks = [i for i in range(start, end) if doc[i].text in MARK_TOKENS]
    if len(marks) < 2 or marks[1] + 1 >= end:
        return end
    nxt = doc[marks[1] + 1]
    if nxt.tag_ in _FINITE or nxt.pos_ in ("VERB", "AUX") or nxt.tag_ == "NNS" and nxt.dep_ in ("oprd", "ROOT"):
        return marks[1] + 1
    return end


_REFLEXIVES = frozenset("itself himself herself themselves themself".split())


# what may follow the object of "called" when nothing is said of it: where, when, how
_NOT_LABELS = frozenset("prep advmod npadvmod punct advcl cc conj agent".split())


def _cut_off(doc: Doc, c: Token, v: Token) -> bool:
    """Whether clause ``c``, before cue ``v``, is cut off from it: a semicolon stands between
    ('The mayor said it was "a mistake"; the council disagreed': the council's verb reports
    nothing of the mayor's sentence), or a comma or dash and a comment noun phrase whose
    relative clause ``v`` is ('... — a claim economists disputed')."""
    gap = doc[c.right_edge.i + 1 : v.i]
    if any(t.text == ";" for t in gap):
        return True
    k = 0
    while k < len(gap) and gap[k].text in MARK_TOKENS:
        k += 1
    return k < len(gap) and (gap[k].text == "," or gap[k].text in DASHES) and comment_phrase(doc, gap[k].i + 1, v.i)


def _subordinate_after(c: Token, v: Token) -> bool:
    """Whether cue ``v`` opens a clause of its own with a subordinator after clause ``c`` ("The
    crates weigh 90 kilos, *so* you will not want to lift one alone", "…, *because* they think"):
    the clause before says why or what for, it is not what ``v`` reports (a fronted report
    stands before a bare frame: "A, the mayor said")."""
    return any(
        c.right_edge.i < k.i < v.i and (k.dep_ == "mark" or k.dep_ in ("advmod", "cc") and k.lower_ in _CONSEQUENCE)
        for k in v.children)


# "so" and its kin, which the parse may hang on the verb as an adverb ("…, *so* you don't want")
_CONSEQUENCE = frozenset("so therefore hence thus".split())


def _through_parallel(doc: Doc, v: Token, rng: tuple[int, int]) -> tuple[int, int]:
    """``rng`` (what cue ``v`` reports, after it) run on over clauses after a semicolon that
    repeat its verb with a subject of their own ('reported that the city holds $4 million in
    reserve; the county holds $2 million in reserve'): a list of what was reported. Each such clause runs to the
    next semicolon or the sentence end; one with another verb ('; the council disagreed') or no
    subject ends the content where it was (:func:`_before_next_report` then cuts a new report
    inside the last clause)."""
    a, b = rng
    if b >= len(doc) or doc[b].text != ";" or b <= v.i:
        return rng
    heads = {t.lemma_.lower() for t in doc[a:b] if t.pos_ in ("VERB", "AUX") and t.dep_ in ("ccomp", "conj", "ROOT")}
    end = b
    while end < len(doc) and doc[end].text == ";":
        k = end + 1
        while k < len(doc) and doc[k].text != ";" and not doc[k].is_sent_start and not (doc[k].text in SENT_END and doc[k].text != ";"):
            k += 1
        seg = doc[end + 1 : k]
        verbs = [t for t in seg if t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in heads and any(c.dep_ in SUBJ and c.i < t.i for c in t.children)]
        if not verbs or any(t.text in MARK_TOKENS for t in seg) or verbs[0].i - (end + 1) > 5:
            break
        end = k
    return (a, end) if end > b else rng


# adverbs that narrow the saying, not the said: "said *only* that", "stated *simply* that"
_FOCUS_ADVERBS = frozenset("only simply merely just again also".split())


def _past_focus_adverb(doc: Doc, c: Token, a: int) -> int:
    """Where clause ``c`` starts (token index) without an adverb before its "that" ("said
    *only* that an inquiry was under way": the content is "an inquiry was under way"; the
    adverb says how much was said). ``a`` when the clause does not open with such an adverb
    and "that"."""
    k = a
    while k < c.i and doc[k].lower_ in _FOCUS_ADVERBS and doc[k].pos_ == "ADV":
        k += 1
    if k > a and k < c.i and doc[k].lower_ == "that" and doc[k].dep_ == "mark":
        return k  # (trim drops the "that")
    return a


_TIME_PREPS = frozenset("on in at during late early earlier later last this".split())


def _past_saying_time(doc: Doc, v: Token, c: Token) -> int:
    """Where clause ``c`` reported by ``v`` starts, without a time adjunct that stands right after
    the cue and before the clause's subject with no "that" between: it dates the saying, not the
    content ("Britain said *on Monday* it would expel diplomats"); after "that" it is the
    content's ("said that on Monday it would ...")."""
    a = c.left_edge.i
    o = v.i + 1  # the comma after the cue (the parse may hang it on the cue or the clause)
    if a in (o, o + 1) and o + 2 < c.i and doc[o].text == ",":
        # "said, according to a transcript, that ...": a source set off by commas between the
        # cue and its clause is an inner frame (its own attribution), not the content
        if doc[o + 1].lower_ == "according" and doc[o + 2].lower_ == "to":
            close = next((j for j in range(o + 3, c.i) if doc[j].text == ","), None)
            if close is not None and close - o <= 10:
                k = close + 1
                if k < c.i and doc[k].lower_ == "that" and doc[k].dep_ == "mark":
                    k += 1
                return k
    # ("told voters this weekend he would ...": whom the speaker told stands before the time)
    told = [o.right_edge.i for o in v.children if o.dep_ in ("dobj", "dative") and v.i < o.i < a]
    if a != (max(told) if told else v.i) + 1:
        return a
    k = a
    while k < c.i and (doc[k].lower_ in _TIME_PREPS or doc[k].ent_type_ in ("DATE", "TIME") or doc[k].lower_ in TIME_WORDS):
        k += 1
    seen_time = any(doc[j].ent_type_ in ("DATE", "TIME") or doc[j].lower_ in TIME_WORDS for j in range(a, k))
    if k < c.i and doc[k].text == ",":
        k += 1
    # ("said this month *there* was a deal": an expletive "there" opens the clause too)
    subject_at = any((s.dep_ in SUBJ or s.dep_ == "expl") and s.left_edge.i == k for s in c.children)
    return k if seen_time and subject_at else a


# the words that open a relative or wh-clause ("which", "who", "whom", "what", "whose", "how")
_WH_TAGS = frozenset(("WDT", "WP", "WP$", "WRB"))


def _past_own_frame(doc: Doc, v: Token, c: Token, a: int) -> int:
    """Where clause ``c`` reported by cue ``v`` starts (token index), when the parse starts it at
    token ``a`` before ``v``: a relative or wh-word the clause lost to the frame ("the report,
    *which* the agency said was final", "what Smith says his plan would do", "a man *who*
    officials say is tied to ...") stands before the speaker and the cue; the content is the
    clause's words after the cue ("was final"), the frame never inside it. PolNeAR's gold
    agrees: it annotates such a report as an attribution whose content is the wh-word and the
    words after the cue (discontinuous, e.g. "which" + "were at his side", source and cue left
    out). ``a`` when it stands after ``v`` or is no such word (a fronted clause before a frame
    set off by commas is :func:`_past_inner_frames`' to split)."""
    if not a < v.i < c.i:
        return a
    w = doc[a]
    if w.tag_ not in _WH_TAGS and not (w.lower_ == "that" and w.dep_ != "mark"):
        return a
    return min(t.i for t in c.subtree if t.i > v.i)


def _before_next_wh_clause(doc: Doc, v: Token, rng: tuple[int, int]) -> tuple[int, int] | None:
    """``rng`` (token range of what cue ``v`` reports) cut before a conjunction and a wh-word
    when ``v``'s own clause opens with a wh-word: "the gap between what Smith says [his levy
    would raise] *and how* auditors say it would affect rents" is two wh-clauses side by side,
    the second no part of the first's report (PolNeAR: "what" + the first report's words, and
    the auditors' own attribution), however the parse joined them. ``rng`` unchanged otherwise; None when nothing
    would be left."""
    a, b = rng
    opener = doc[v.left_edge.i]
    if not (opener.i < v.i < a and opener.tag_ in _WH_TAGS):
        return rng
    for k in range(a + 1, b - 1):
        if doc[k].dep_ == "cc" and doc[k + 1].tag_ in _WH_TAGS:
            return trim(doc, a, k)
    return rng


# what someone calls for that is no demand made in words: the help or service sent for
_SENT_FOR = frozenset("help backup assistance ambulance ambulances doctor doctors police reinforcements".split())


def _called_for_one(doc: Doc, v: Token, part: tuple[int, int]) -> bool:
    """Whether ``part`` (a token range) is the one common noun cue ``v`` "called for" right after
    it ("and *called for calm*", "called for restraint"): a demand, as PolNeAR's gold keeps such
    one-word contents ("called for" + "Action"); not help sent for ("called for help")."""
    a, b = part
    if b - a != 1 or v.lemma_.lower() != "call" or a != v.i + 2 or doc[v.i + 1].lower_ != "for":
        return False
    t = doc[a]
    return t.tag_ == "NN" and t.dep_ == "pobj" and t.head.i == v.i + 1 and t.lower_ not in _SENT_FOR


def _demanded_thing(doc: Doc, v: Token, part: tuple[int, int]) -> bool:
    """Whether ``part`` (a token range) is the object noun phrase of "demand" ``v`` right after
    it, however short ("the woman told police and *demanded money*", "demanded an apology"): a
    demand, as PolNeAR's gold keeps it ("Trump demands" + "wall"; rules38)."""
    a, b = part
    if v.lemma_.lower() not in ("demand", "cite") or a != v.i + 1 or b - a > 2:
        return False
    h = doc[b - 1]
    return h.dep_ == "dobj" and h.head.i == v.i and h.pos_ in ("NOUN", "PROPN")


def _short_clause(doc: Doc, v: Token, parts: list[tuple[int, int]]) -> bool:
    """Whether ``parts`` (token ranges of what cue ``v`` reports), two words in all, are a whole
    clause ``v`` reports after it: a finite verb with its own subject inside the range ("told him
    that *she disagreed*", "said *turnout fell*"), or with the relative or wh-word that opens
    ``v``'s clause as its subject ("the report, which the agency said *was final*", "the
    budget, which the mayor told reporters *was balanced*": :func:`_past_own_frame`), or as
    its object ("whom Trump refused *to endorse*"). Two words
    that are no clause ("said as much", "denied the report") stay too short."""
    if len(parts) != 1 or parts[0][1] - parts[0][0] != 2:
        return False
    a, b = parts[0]
    opener = doc[v.left_edge.i]
    relative = opener.i < v.i and (opener.tag_ in _WH_TAGS or opener.lower_ == "that" and opener.dep_ != "mark")
    for c in v.children:
        if c.dep_ != "ccomp" or not a <= c.i < b or c.i < v.i:
            continue
        if c.tag_ not in _FINITE and not any(k.dep_ in ("aux", "auxpass") and k.tag_ in _FINITE for k in c.children):
            continue
        subj = [k for k in c.children if k.dep_ in ("nsubj", "nsubjpass")]
        if any(a <= k.i < b for k in subj) or relative and all(k.i < v.i for k in subj):
            return True
    # "whom Trump refused *to endorse*": an open complement whose object is the relative
    # (:func:`_object_fronted`); PolNeAR's gold content is the two words
    return any(c.dep_ == "xcomp" and c.i == b - 1 and doc[a].lower_ == "to" and _object_fronted(c, v) for c in v.children)


def _before_next_report(doc: Doc, v: Token, rng: tuple[int, int]) -> tuple[int, int] | None:
    """``rng`` (token range of what cue ``v`` reports) cut before a coordinated clause that
    reports with its own subject and verb of speech: "they will skip the dinner [and others have said
    ...]": the second report is its speaker's, not part of the first."""
    a, b = rng
    for k in range(a + 1, b):
        w = doc[k]
        if w.dep_ != "conj" or w.i == v.i:
            continue
        if w.tag_ in ("VBD", "VBZ", "VBP") and not any(c.dep_ in SUBJ for c in w.children):
            cc = w.left_edge.i - 1 if doc[w.left_edge.i - 1].dep_ == "cc" else w.left_edge.i
            if next_own_report(doc, v, w, a):
                # 'said A, and called him "B"': the speaker's next report, a cue of its own
                return trim(doc, a, cc) or rng
            # 'said that "the vote is rigged" and warned supporters': a finite verb with no
            # subject of its own after the closing mark of a quoted clause is the speaker's next
            # act, not more of what was reported (unquoted, "said the panel met and voted" is
            # ambiguous and stays whole)
            closed = doc[a].text in MARK_TOKENS and cc - 1 > a and doc[cc - 1].text in MARK_TOKENS
            if closed and w.head.i < cc:
                return trim(doc, a, cc) or rng
            continue
        if w.lemma_.lower() not in SPEECH_LEMMAS:
            continue
        subj = [c for c in w.lefts if c.dep_ in SUBJ and c.lower_ not in NOT_SPEAKERS]
        if not subj:
            continue
        start = subj[0].left_edge.i
        cut = start - 1 if start - 1 > a and doc[start - 1].dep_ == "cc" else start
        return trim(doc, a, cut) or rng
    return rng


# subordinators of a clause that sets another speaker's report against the one before it
_CONTRAST_MARKS = frozenset("although though while whereas".split())
# punctuation before "but according to" that closes the first report ("... on Friday - but")
_CONTRAST_PUNCT = frozenset({"-", "\u2013", "\u2014", "--", ",", ";"})


def _before_contrasted_report(doc: Doc, v: Token, rng: tuple[int, int]) -> tuple[int, int] | None:
    """``rng`` (token range of what cue ``v`` reports) cut before a second source set against it
    (usertest32 M2): a clause "although / though / while / whereas <subject> <verb of speech>"
    ("The boy says he wants to stay*, although his teachers say* that he must go"), and "- but
    according to <source>" / ", but according to" ("A blog said the mayor had resigned *- but
    according to the council*, no such letter exists"). The second report is its own speaker's
    reading, never more of the first's words. PolNeAR's gold (held-out + dev): 6 contents end
    right before ", although / while <subject> say(s)", none runs over one; 2 end before "-
    according to", none holds it. ``None`` when nothing is left."""
    a, b = rng
    if b - a < 3 or v.i >= b:
        return rng
    for k in range(a + 1, b):
        w = doc[k]
        if w.lower_ == "according" and k + 1 < b and doc[k + 1].lower_ == "to" and doc[k - 1].lower_ == "but" \
                and k - 2 > a and doc[k - 2].text in _CONTRAST_PUNCT:
            return trim(doc, a, k - 2) or rng
        if w.dep_ == "advcl" and w.lemma_.lower() in SPEECH_LEMMAS and w.pos_ == "VERB" and a <= w.head.i < b and w.head.i != v.i:
            mark = next((c for c in w.children if c.dep_ == "mark" and c.lower_ in _CONTRAST_MARKS and c.i < w.i), None)
            if mark is None or not any(c.dep_ in SUBJ and c.lower_ not in NOT_SPEAKERS and c.i < w.i for c in w.children):
                continue
            cut = mark.i
            while cut - 1 > a and doc[cut - 1].text in (",", ";"):
                cut -= 1
            if cut > a and w.left_edge.i >= mark.i:
                return trim(doc, a, cut) or rng
    return rng


def _before_saying_adjunct(doc: Doc, v: Token, rng: tuple[int, int]) -> tuple[int, int]:
    """``rng`` (what cue ``v`` reports, after it) without the prepositional phrases that end it
    and tell where or how the saying happened, which the parse hung on a verb of the reported
    clause: "said the museum would close [at a press briefing]", "wrote that the contract
    was void [in her opinion] [on Monday]", "said the talks had failed [by email]". A
    phrase qualifies when it is :func:`quotes_direct.occasion_phrase`; a date, time or place phrase is cut with it only when
    it stands after such a phrase (alone, "said the plant would close on Friday" dates the
    closing). The range is returned unchanged when nothing qualifies or nothing would be left."""
    a, b = rng
    if a <= v.i:
        return rng
    end, cut = b, b
    while end - 1 > a:
        last = end - 1
        while last > a and (doc[last].is_punct and doc[last].text not in MARK_TOKENS):
            last -= 1
        # hung on the reported clause's own head (or a head joined to it, or a label after the
        # cue's object), not on a verb deeper in it ("to participate in media interviews")
        p = next(
            (t for t in doc[a:last + 1] if t.dep_ == "prep" and t.right_edge.i == last and a < t.i and a <= t.head.i < t.i
             and t.head.pos_ in ("VERB", "AUX", "ADJ") and _clause_head(t.head, v, a, b)),
            None,
        )
        if p is None:
            break
        obj = next((c for c in p.children if c.dep_ == "pobj"), None)
        if obj is None:
            break
        if occasion_phrase(p) or _dates_a_state(p, obj):
            cut = p.i
        elif obj.ent_type_ not in ("DATE", "TIME", "GPE", "LOC", "FAC") and obj.lower_ not in TIME_WORDS:
            break
        end = p.i
    if cut == b:
        return rng
    return trim(doc, a, cut) or rng


def _dates_a_state(p: Token, obj: Token) -> bool:
    """Whether "on"/"at" + a date or time (``p``, its object ``obj``) hangs on a present or past
    state with no helper of time ("said the deal *was* off on Tuesday", "said the plan is dead on
    Monday"): a state has no date of its own in a report, so the date is the saying's. An event
    ("would close on Thursday", "fired him on Tuesday") keeps its date."""
    if p.lower_ not in ("on", "at") or not (obj.ent_type_ in ("DATE", "TIME") or obj.lower_ in TIME_WORDS):
        return False
    h = p.head
    if h.dep_ in ("acomp", "attr", "advmod", "prt") and h.head.lemma_ == "be":
        h = h.head
    return h.lemma_ == "be" and not any(c.dep_ == "aux" for c in h.children)


def _clause_head(h: Token, v: Token, a: int, b: int) -> bool:
    """Whether ``h`` heads what cue ``v`` reports in tokens [a, b): a child of ``v`` in the range
    (its clause, or a label of its object), the predicate of that clause ("was *void*"), or a
    head joined to one by a conjunction."""
    while h.dep_ in ("conj", "acomp", "attr", "oprd") and a <= h.head.i < b and h.head.i != v.i:
        h = h.head
    return h.head.i == v.i


# subordinators of an adjunct whose subjectless -ing clause tells what the speaker did
# ("..., before leaving for Albany"), not what was reported
_ACT_PREPS = frozenset("before after while when since upon without".split())


def _before_speakers_conjunct(doc: Doc, v: Token, rng: tuple[int, int]) -> tuple[int, int] | None:
    """``rng`` (token range of what cue ``v`` reports) cut before a second verb of the speaker's
    own ("She said she would resign *and left the room*", "... if the vote failed, *and left*"):
    the parse hangs it on the reported verb, but a finite verb without a subject of its own
    cannot go on after a modal or "to" ("would resign and left"), so it shares the cue's
    subject and is not reported speech -- when it has the cue's own form ("said ... and *left*")
    and "and" joins it. A conjunct that fits the reported verb ("she would resign *and leave*
    politics"), or one joined by "but" (:func:`_joined_by_and`), stays."""
    a, b = rng
    for h in headed(doc, v.i, "ccomp", a, b):  # (perf33: not a Token per word of the range)
        if not (
                any(c.dep_ == "aux" and (c.tag_ == "MD" or c.lower_ == "to") for c in h.children) or _a_things_finished_state(h)):
            continue
        for c in h.children:
            if c.dep_ == "conj" and a < c.i < b and c.tag_ in ("VBD", "VBZ") and c.tag_ == v.tag_ and _joined_by_and(h, c) \
                    and not any(k.dep_ in SUBJ or k.dep_.startswith("aux") for k in c.children):
                k = c.left_edge.i
                while k > a and (doc[k - 1].dep_ == "cc" and doc[k - 1].head.i == h.i or doc[k - 1].text == ","):
                    k -= 1
                return trim(doc, a, k)
    return rng


def _before_speakers_report(doc: Doc, v: Token, rng: tuple[int, int]) -> tuple[int, int] | None:
    """``rng`` (token range of what cue ``v`` reports) cut before the speaker's next report joined
    to the reported verb (:func:`quotes_speakers.speakers_next_report`: "The mayor said the deal
    was signed *and added that* it would be published", usertest20 H2); the conjunct's own
    report is read from its cue, as "and warned that" is. A thing's passive with a person's act
    after it ("the negotiations had been suspended *and left for the airport*", the conjunct
    tagged a participle) is cut as :func:`_before_speakers_conjunct` cuts "walked out"."""
    a, b = rng
    for h in headed(doc, v.i, "ccomp", a, b):  # (perf33: not a Token per word of the range)
        subj = next((c for c in h.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        thing = subj is not None and not person_like(subj) and not subj.ent_type_
        for c in h.children:
            if c.dep_ != "conj" or not a < c.i < b:
                continue
            left = thing and c.tag_ == "VBN" and h.tag_ == "VBN" and _joined_by_and(h, c) and _a_persons_act(c) and _goes_somewhere(c)
            if left or speakers_next_report(v, h, c):
                k = c.left_edge.i
                while k > a and (doc[k - 1].dep_ == "cc" and doc[k - 1].head.i == h.i or doc[k - 1].text == ","):
                    k -= 1
                return trim(doc, a, k)
    return rng


def speakers_own_bound(doc: Doc, v: Token, rng: tuple[int, int]) -> tuple[int, int] | None:
    """``rng`` (token range of what cue ``v`` reports) cut before the speaker's own next act or
    report joined to the reported verb: :func:`_before_speakers_conjunct` ("would resign *and
    left*", "would grow *and suggested* ...") then :func:`_before_speakers_report` ("was signed
    *and added that* ...", "fares would rise *and recommended that* ..."). One bound for the
    rules' contents and the model's (``attribution_sanity.within_speakers_bound``, merge50).
    None when nothing is left."""
    cut = _before_speakers_conjunct(doc, v, rng)
    return _before_speakers_report(doc, v, cut) if cut is not None else None


def _goes_somewhere(c: Token) -> bool:
    """Whether participle ``c`` ("left") has only a place it goes to after it ("left *for the
    airport*"), no state ("left *unresolved*") nor object: a person's going, not a thing left."""
    kids = [k for k in c.children if not k.is_punct]
    return bool(kids) and all(k.dep_ == "prep" and k.lower_ in ("for", "to") for k in kids)


def _a_things_finished_state(h: Token) -> bool:
    """Whether reported verb ``h`` is a perfect or passive ("the talks *had failed*", "the budget
    *was balanced*") of a subject that is no person (:func:`person_like`): a past-tense conjunct
    after it with no subject of its own ("... and *walked out of the room*") cannot be the talks'
    doing, so it is the speaker's. A person's ("the gunman had entered the bank and opened fire")
    or a progressive ("was wearing a mask and opened fire") keeps its conjunct."""
    if h.tag_ != "VBN" or not any(c.dep_ in ("aux", "auxpass") and c.lemma_ in ("have", "be") for c in h.children):
        return False
    subj = next((c for c in h.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None or subj.pos_ not in ("NOUN", "PROPN") or person_like(subj) or subj.ent_type_:
        return False
    return any(c.dep_ == "conj" and _a_persons_act(c) for c in h.children)


# what only a person does, so not a thing that "had failed" or "was balanced": "and *walked out*",
# "and *thanked* the staff"; "leave" only a place or nothing ("the storm hit and left thousands
# without power" is the storm's)
_PERSONS_ACTS = frozenset("walk storm thank smile laugh shrug nod sigh apologize apologise resign hang wave".split())
_PLACES_LEFT = frozenset("room meeting stage building chamber hall podium office session courtroom studio".split())


def _a_persons_act(c: Token) -> bool:
    """Whether conjunct verb ``c`` names an act only a person does (:data:`_PERSONS_ACTS`, or
    "left" with no object or a room/meeting as one)."""
    lemma = c.lemma_.lower()
    if lemma == "leave":
        objs = [k for k in c.children if k.dep_ == "dobj"]
        return not objs or objs[0].lemma_.lower() in _PLACES_LEFT
    return lemma in _PERSONS_ACTS


def _without_trailing_and(doc: Doc, rng: tuple[int, int]) -> tuple[int, int] | None:
    """``rng`` (token range of reported content) without a coordinating conjunction at its end
    ("He said prices would rise *and* warned that": the parse joins "warned" to "said", leaving
    the "and" in the content), nor an auxiliary of a verb past its end ("she was held *and had*
    herself claimed that": the cut before the next report's subject left "had")."""
    a, b = rng
    while b - 1 > a and doc[b - 1].dep_ in ("aux", "auxpass") and doc[b - 1].head.i >= b:
        b -= 1
    while b - 1 > a and doc[b - 1].dep_ == "cc" and doc[b - 1].lower_ in ("and", "or", "but"):
        b -= 1
    return trim(doc, a, b) if b != rng[1] else rng


# a speaker's pledge about someone else ("vowed to defeat the group, which is seeking ...")
_SUBJECT_PLEDGES = frozenset("vow pledge promise threaten".split())


def _before_aims_relative(doc: Doc, rng: tuple[int, int]) -> tuple[int, int] | None:
    """``rng`` (token range of a pledge's content, "to ...") cut before a relative clause set off
    by a comma that runs to its end and describes, in the present, the noun the pledge is about
    ("vowed to defeat the group*, which is seeking to remake the region ...*"): the writer's
    description of its object, not the pledge; a relative with its own "will"/"would" or in the
    past stays."""
    a, b = rng
    if doc[a].lower_ != "to":
        return rng
    for k in range(a + 2, b - 2):
        w = doc[k + 1]
        if doc[k].text != "," or w.lower_ not in ("which", "who") or w.dep_ not in ("nsubj", "nsubjpass"):
            continue
        clause = w.head
        if clause.dep_ == "relcl" and clause.head.i < k and clause.right_edge.i >= b - 1 and (
                clause.tag_ in ("VBZ", "VBP") or any(c.dep_ == "aux" and c.tag_ in ("VBZ", "VBP") for c in clause.children)):
            return trim(doc, a, k)
    return rng


def _joined_by_and(h: Token, c: Token) -> bool:
    """Whether conjunct ``c`` of ``h`` is joined by "and" (a "but" joins a contrast the speaker
    draws, "she could not support him but understood why": PolNeAR's gold keeps it in the
    content)."""
    return any(k.dep_ == "cc" and k.lower_ == "and" and h.i < k.i < c.i for k in h.children)


def _before_trailing_clause(doc: Doc, rng: tuple[int, int]) -> tuple[int, int] | None:
    """``rng`` (token range of reported content) cut before a comma that opens a clause running
    to its end which the report does not contain (:func:`_trailing_at`). None when nothing of
    the content would be left."""
    a, b = rng
    for k in range(a + 1, b - 2):
        if doc[k].text == "," and _trailing_at(doc, k, b):
            return trim(doc, a, k)
    return rng


def _trailing_at(doc: Doc, k: int, b: int) -> bool:
    """Whether the comma at token ``k`` opens a clause running to token ``b`` that is no part of
    what is reported: "according to X" (the source); a relative on the whole clause, hung on a
    verb, whatever its subject (", which surprised many colleagues", ", which critics disputed":
    a comment on the report); a subjectless -ing adjunct after a subordinator (", before leaving
    for Albany": what the speaker did). A relative on a noun (", which she called a disgrace")
    and a clause with its own subject (", while he was in Rome") are content."""
    if k + 2 >= len(doc):
        return False
    w = doc[k + 1]
    if w.lower_ == "according" and doc[k + 2].lower_ == "to" and w.right_edge.i >= b - 1:
        return True
    if w.lower_ == "which" and w.tag_ == "WDT" and w.dep_ in ("nsubj", "nsubjpass"):
        clause = w.head
        nxt = doc[k + 2]
        if nxt.text == ",":
            # ", which, aides later said, was a mistake": a frame set off by commas may stand
            # between "which" and its verb; the verb after it is the relative's
            j = k + 3
            while j < min(b, k + 12) and doc[j].text != ",":
                j += 1
            if j + 1 < len(doc) and doc[j].text == "," and any(_said_here(doc[x]) for x in range(k + 3, j)):
                nxt = doc[j + 1]
        # the verb right after "which" ("which surprised", "which will mean"); "which she said
        # was a bargain" is a relative on a noun with a report of its own
        verb_next = nxt.i == clause.i or nxt.head.i == clause.i and nxt.dep_ in ("aux", "auxpass", "neg", "advmod")
        if verb_next and clause.pos_ in ("VERB", "AUX") and clause.head.pos_ in ("VERB", "AUX") and clause.head.i != clause.i \
                and clause.right_edge.i >= b - 1:
            return True
    if w.lower_ == "which" and w.tag_ == "WDT" and (_object_relative_on_clause(w, b) or _denied_by_another(w, b)):
        return True
    if _disputed_after(doc, k, b):
        return True
    if w.lower_ in ("while", "whereas") and _own_report_after(doc, w, b):
        return True
    if w.lower_ == "citing" and w.tag_ == "VBG" and w.dep_ in ("advcl", "xcomp", "conj") and w.right_edge.i >= b - 1:
        return True  # ", citing a Pentagon report": the speaker's own act, a reading of its own (rules38)
    if w.lower_ == "as" and _as_frame_at(doc, k + 1, b):
        return True
    if w.lower_ in _ACT_PREPS and w.pos_ in ("ADP", "SCONJ"):
        verbs = [c for c in w.children if c.dep_ in ("pcomp", "pobj") and c.tag_ == "VBG"]
        if w.dep_ in ("advcl", "advmod", "mark") and w.head.tag_ == "VBG":
            verbs.append(w.head)  # "while leaving" parsed with "while" as the -ing verb's mark
        for g in verbs:
            if not any(c.dep_ in SUBJ for c in g.children) and max(g.right_edge.i, w.right_edge.i) >= b - 1:
                return True
    return False


_TAIL_MARKS = frozenset("because since until although though unless".split())


def _subordinate_tail(doc: Doc, v: Token, parts: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``parts`` (one token range, the clause reported before cue ``v``) with a second piece:
    the "because / since / until / although ..." clause after a frame set off by commas in the
    middle of the sentence, when the parse hung it on the cue ("No test was done, Dr. Lee said,
    because the signs never appeared"): the reason or the limit is the speaker's too. PolNeAR's
    gold holds both such clauses of the slices in the content ("..., Graham said, since ...",
    "..., Mr. Clarke said, until ..."; rules49, FNC-1 news)."""
    a, b = parts[0]
    if b > v.i or b >= len(doc) or doc[b].text != ",":
        return parts
    for c in v.children:
        if c.dep_ != "advcl" or c.i < v.i:
            continue
        mark = next((m for m in c.children if m.dep_ == "mark" and m.lower_ in _TAIL_MARKS), None)
        if mark is None or mark.i != c.left_edge.i or mark.i < 2 or doc[mark.i - 1].text != ",":
            continue
        if any(doc[k].text in (",", ";") or doc[k].is_sent_start for k in range(v.i + 1, mark.i - 1)):
            continue  # only the frame's own words between the cue and the comma before the clause
        tail = trim(doc, mark.i, c.right_edge.i + 1)
        if tail is not None and tail[1] - tail[0] >= 3:
            return [parts[0], tail]
    return parts


def _through_unless(doc: Doc, v: Token, rng: tuple[int, int]) -> tuple[int, int]:
    """``rng`` (token range of what cue ``v`` reports) run on through an "unless" clause right
    after it that the parse hung on the cue ("threatened *to resign unless the board backed
    him*"): the condition is part of the threat or warning. PolNeAR's gold (dev + train) holds
    every one of its 23 "unless" clauses after a content's start inside the content (rules38)."""
    a, b = rng
    if b >= len(doc) or doc[b].lower_ != "unless" or doc[b].dep_ != "mark":
        return rng
    g = doc[b].head
    if g.head.i != v.i or g.dep_ != "advcl" or g.i < b:
        return rng
    return (a, max(b, g.right_edge.i + 1))


def _own_report_after(doc: Doc, w: Token, b: int) -> bool:
    """Whether "while"/"whereas" ``w`` (after a comma) opens a clause running to token ``b``
    whose verb is a cue with its own subject (", while critics disagree", ", while others
    said they might switch"): another source's report set against the first, no part
    of it (rules38). PolNeAR's gold (dev + train) ends the content before such a ", while" 48
    times and holds a while-clause 60 times, of those all but one without a subject and a cue
    of their own; a clause without a cue (", while five were injured") stays content, as there."""
    g = w.head if w.dep_ == "mark" else None
    if g is None or g.i <= w.i or g.pos_ not in ("VERB", "AUX") or g.lemma_.lower() not in ALL_CUE_LEMMAS:
        return False
    return any(c.dep_ in ("nsubj", "nsubjpass") and w.i < c.i < g.i for c in g.children) and g.right_edge.i >= b - 1


# what someone does to a claim: denies or disputes it ("the payments, which he denied")
_DENIALS = frozenset("deny dispute contest refute reject dismiss".split())


def _denied_by_another(w: Token, b: int) -> bool:
    """Whether "which" (``w``, after a comma) is the object of a denial with its own subject
    running to token ``b`` (", which he denied", ", which the company disputes"): someone's
    answer to the report, not part of it, even where the parse hangs the relative on the
    content's last noun (usertest20 M5). PolNeAR's gold ends the content before it and gives
    the denial its own attribution ("... that he assaulted X", "which he has denied": the one
    such case in polnear-train+dev)."""
    v = w.head
    return (w.dep_ == "dobj" and v.lemma_.lower() in _DENIALS and v.pos_ == "VERB" and v.right_edge.i >= b - 1
            and any(c.dep_ == "nsubj" for c in v.children) and not any(c.dep_ in ("ccomp", "xcomp", "oprd") for c in v.children))



# the forms of a denial's verb, read as words: the tagger may take "his lawyer disputes" or
# "critics question" for a noun phrase, so the parse's lemma and head cannot be relied on
_DENIAL_FORMS = frozenset(
    f for stem in ("deny denies denied", "dispute disputes disputed", "contest contests contested",
                   "question questions questioned", "doubt doubts doubted", "challenge challenges challenged",
                   "reject rejects rejected", "refute refutes refuted", "dismiss dismisses dismissed")
    for f in stem.split()
)
# the noun of a comment set off after a report: ", a figure the company contests"
_COMMENT_NOUNS = frozenset("claim claims figure figures number numbers account version allegation allegations charge "
                           "charges assertion statement estimate estimates characterization description view".split())
# helpers that may stand between the denier and the denial: "which he has flatly denied"
_DENIAL_HELPERS = frozenset("has have had does do did is are was were would will also still strongly flatly later "
                            "now repeatedly vehemently sharply".split())


def _disputed_after(doc: Doc, k: int, b: int) -> bool:
    """Whether tokens (k, b), after the comma at token ``k``, are a relative or appositive clause
    whose verb disputes the report before it, with its own subject, and nothing after the verb
    (", which his lawyer disputes", ", which critics question", ", a figure the company contests",
    ", a claim he has denied"): another's answer, not what was reported (usertest23 L2/L3). Read
    from the words, as the tagger may make the verb a noun; :func:`_denied_by_another` reads the
    parse. The subject is one to five words of a noun phrase."""
    j = k + 1
    if j < b and doc[j].lower_ in ("which", "what"):
        j += 1
    elif j < b and doc[j].lower_ in ("a", "an", "something"):
        j += 1
        while j < b and doc[j].pos_ == "ADJ":
            j += 1
        if not (j < b and (doc[j - 1].lower_ == "something" or doc[j].lower_ in _COMMENT_NOUNS)):
            return False
        j += 0 if doc[j - 1].lower_ == "something" else 1
        if j < b and doc[j].lower_ in ("that", "which"):
            j += 1
    else:
        return False
    last = b - 1
    if last <= j or doc[last].lower_ not in _DENIAL_FORMS:
        return False
    h = last
    while h > j and doc[h - 1].lower_ in _DENIAL_HELPERS:
        h -= 1
    subject_words = doc[j:h]
    # (words, not tags: "a figure parents question" had "parents" tagged a verb)
    return 1 <= len(subject_words) <= 5 and all(
        t.is_alpha and t.lower_ not in _DENIAL_FORMS or t.lower_ in ("'s", "\u2019s") for t in subject_words
    ) and subject_words[0].tag_ not in _WH_TAGS and subject_words[0].lower_ not in ("that", "and", "but", "or")



# "as claimed by X", "as first reported by X", "as X claimed", "as the paper has reported"
_AS_FRAME_SKIP = frozenset("first earlier previously widely originally also".split())


def _as_frame_at(doc: Doc, a: int, b: int) -> bool:
    """Whether tokens [a, b), opening with "as", are a source's frame on the clause before them
    (", *as claimed by* several websites that ...", ", *as reported by* local media", ", *as the
    opposition claimed*", ", *as the paper has reported*"): who else says it, never part of what
    is reported (usertest23 item 15). A passive verb of speech and "by", or a noun phrase of up
    to six words, helpers and a verb of speech in the past or present ("as the mayor says"); a
    few words of time or place may follow the verb. "as expected", "as usual" and "as a result"
    are no frames."""
    k = a + 1
    while k < b and doc[k].lower_ in _AS_FRAME_SKIP:
        k += 1
    if k + 1 < b and doc[k].tag_ == "VBN" and doc[k].lemma_.lower() in SPEECH_LEMMAS and doc[k + 1].lower_ == "by":
        return True
    j = k
    while j < min(b, k + 6) and doc[j].pos_ in ("DET", "PRON", "ADJ", "NOUN", "PROPN", "NUM", "PART") and doc[j].tag_ not in _WH_TAGS:
        j += 1
    if j == k:
        return False
    while j < b and (doc[j].dep_ in ("aux", "neg") or doc[j].lower_ in _AS_FRAME_SKIP):
        j += 1
    if not (j < b and doc[j].tag_ in ("VBD", "VBZ", "VBP", "VBN") and doc[j].lemma_.lower() in SPEECH_LEMMAS):
        return False
    # after the verb only a short adjunct ("on Monday", "in a statement") up to the end
    return b - j <= 6 and not any(doc[x].pos_ in ("VERB", "AUX") for x in range(j + 1, b))



def _said_here(t: Token) -> bool:
    """A verb of speech or "according": the word that makes a comma-set phrase a frame."""
    return t.lower_ == "according" or t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in SPEECH_LEMMAS


def _noun_comment(doc: Doc, v: Token) -> Token | None:
    """The clause a comment of the shape ", something critics disputed" / ", a claim the council
    denied" was parsed to report: ``v`` (the comment's verb) has a clause before it, then a comma,
    its object and its subject, in that order. The words are a comment on that clause by other
    people (no report of theirs); None when ``v`` is no such verb."""
    if v.pos_ not in ("VERB", "AUX"):
        return None
    clause = next((c for c in v.lefts if c.dep_ == "ccomp"), None)
    obj = next((c for c in v.lefts if c.dep_ == "dobj"), None)
    subj = next((c for c in v.lefts if c.dep_ in SUBJ), None)
    if clause is None or obj is None or subj is None or not clause.right_edge.i < obj.i < subj.i:
        return None
    k = obj.left_edge.i - 1
    return clause if k > clause.right_edge.i - 1 and doc[k].text == "," else None


def _comment_clause(doc: Doc, c: Token) -> bool:
    """Whether clause ``c`` (a complement the parse gave a cue) is a trailing comment set off by
    a comma ("A, the mayor said, *which the council denied*"), not what the cue reports."""
    k = c.left_edge.i - 1
    rng = trim(doc, c.left_edge.i, c.right_edge.i + 1)
    return k > 0 and doc[k].text == "," and rng is not None and _trailing_at(doc, k, rng[1])


def _object_relative_on_clause(w: Token, b: int) -> bool:
    """Whether "which" (``w``, after a comma) opens a relative with its own subject on the whole
    clause before it, running to token ``b``: ", which critics disputed", ", which the council
    later denied", ", which many economists doubt" (a comment on the report, whoever makes it).
    The parse hangs such a clause on a verb; a relative on a noun (", which she called a
    disgrace", dep ``relcl``) describes a thing of the content and stays, as does one that
    reports in turn (", which she said was ...": its verb has a clause of its own)."""
    clause = w.head
    if clause.i == w.i or clause.pos_ not in ("VERB", "AUX") or clause.i < w.i:
        return False
    if clause.dep_ == "relcl" and clause.head.pos_ not in ("VERB", "AUX"):
        return False  # a relative on a noun; one the parse hangs on the cue verb is on the clause
    if clause.head.pos_ not in ("VERB", "AUX") and clause.head.i != clause.i:
        return False
    if any(c.dep_ in ("ccomp", "xcomp") for c in clause.children):
        return False
    # between "which" and its verb only the relative's subject and the verb's helpers
    between = range(w.i + 1, clause.i)
    doc = w.doc
    # ("which the council, in a rare rebuke, rejected": a phrase set off by commas may stand there)
    allowed = SUBJ + ("aux", "auxpass", "neg", "advmod", "punct", "prep")
    if not all(doc[j].head.i == clause.i and doc[j].dep_ in allowed or doc[j].head.i != clause.i and doc[j].head.i in between for j in between):
        return False
    if not any(c.dep_ in SUBJ and c.i > w.i for c in clause.children):
        return False  # "which" itself the subject: the rule above decides
    return clause.right_edge.i >= b - 1


_DELIMS = frozenset({",", "\u2014", "--"})

# a conjunction set off by commas between two inverted frames: "A, X said, *though*, Y said, B"
_FRAME_LINKS = frozenset("and but or yet so though although while whereas however still".split())


def _second_frame(doc: Doc, v: Token) -> tuple[int, Token] | None:
    """When cue ``v`` is a second inverted frame after a conjunction set off by commas ("A, the
    governor said, *though*, her aides said, B" / "..., but, she added, B"): the token index
    just past the first frame's closing comma (the conjunction's place) and the first frame's
    verb; None when ``v`` is no such frame. The first frame's fronted clause A is its speaker's,
    never part of what ``v``'s subject says, whichever verb the parse hung the frames on."""
    if v.dep_ not in ("parataxis", "ccomp", "advcl", "conj", "ROOT") or v.pos_ not in ("VERB", "AUX"):
        return None
    # Token.lefts, here and wherever only one side's children count: exactly the children before
    # the token (spaCy's .children is .lefts then .rights), without making a Token of each child
    # on the other side (pipe17: 2.6 % fewer doc[i] calls over 300 FNC-1 bodies)
    subj = [c for c in v.lefts if c.dep_ in SUBJ]
    if not subj:
        return None
    k = subj[0].left_edge.i - 3  # the first frame's comma, one conjunction, a comma
    if k < 3 or doc[k].text != "," or doc[k + 1].lower_ not in _FRAME_LINKS or doc[k + 2].text != ",":
        return None
    for j in range(k - 1, max(0, k - 8), -1):
        f = doc[j]
        if f.text in _DELIMS:
            return None
        if f.lower_ == "according" and doc[f.i + 1].lower_ == "to" and doc[f.i - 1].text == ",":
            # "A, according to the governor, though, aides said, B"
            return (k + 1, f) if all(f.is_ancestor(doc[x]) for x in range(f.i + 1, k)) else None
        if f.pos_ != "VERB" or f.lemma_.lower() not in SPEECH_LEMMAS:
            continue
        fs = [c for c in f.lefts if c.dep_ in SUBJ]
        # "the governor said (on Monday)": its subject set off by a comma after a clause, and
        # what stands between the verb and the comma its own
        if not fs or fs[0].left_edge.i < 2 or doc[fs[0].left_edge.i - 1].text != ",":
            return None
        if not all(f.is_ancestor(doc[x]) for x in range(f.i + 1, k)):
            return None
        return k + 1, f
    return None


def _inverted_subject(v: Token) -> Token | None:
    """The subject after cue ``v`` in an inverted parenthetical ("A, *said Jones*, B"), when
    ``v`` has one; the parse may also give ``v`` the sentence's own subject before the comma
    ("The difference, said Jones, is ..."), which is not who speaks."""
    after = [c for c in v.rights if c.dep_ in SUBJ]
    return after[0] if after else None


_NEXT_CLAUSE_LINKS = frozenset("and but or yet so".split())
# words that only link a clause to the one before: never what someone said on their own
_CONNECTIVES = frozenset("and but or yet so while whereas although though however still nonetheless nevertheless "
                         "meanwhile moreover furthermore besides instead also then indeed".split())
_SINGULAR_GOING_ON = frozenset("he she".split())


def _continued(doc: Doc, v: Token, subj: Token | None, out: list[Attr]) -> Attr | None:
    """The attribution of the first frame when cue ``v`` is a second inverted frame
    (:func:`_second_frame`) whose subject is the first frame's speaker again: a he/she after a
    singular speaker, "they" after a plural one, or the same name or its last word ("A, Ann
    Holt said, but, Holt added, B"). None otherwise (another speaker: "though, her aides said")."""
    second = _second_frame(doc, v) if subj is not None else None
    if second is None:
        return None
    f = second[1]
    if f.lower_ == "according":  # its source, the object of "to"
        fs = next((c for t in f.children if t.lower_ == "to" for c in t.children if c.dep_ == "pobj"), None)
    else:
        fs = next((c for c in f.lefts if c.dep_ in SUBJ), None)
    if fs is None:
        return None
    plural = fs.tag_ in ("NNS", "NNPS") or fs.lower_ in ("they", "we")
    word = subj.lower_
    if word in _SINGULAR_GOING_ON and not plural or word == "they" and plural:
        pass
    elif not (subj.pos_ == "PROPN" and fs.pos_ == "PROPN" and subj.lower_ == fs.lower_):
        return None
    return next((a for a in out if a.cue_i == f.i), None)


def _frame_span(doc: Doc, v: Token) -> tuple[int, int] | None:
    """Token indices of the commas around a frame set off inside a sentence (", *she warned*,",
    ", *it stressed*,"): cue ``v``, a verb of speech, with its subject right after an opening
    comma and a comma after the verb (a phrase of the verb's may stand before it: ", she said on
    Monday,"). None when ``v`` is no such frame."""
    if v.pos_ not in ("VERB", "AUX") or v.lemma_.lower() not in SPEECH_LEMMAS:
        return None
    subj = [c for c in v.lefts if c.dep_ in SUBJ]
    if not subj or subj[0].right_edge.i + 1 != v.i:
        return None
    a = subj[0].left_edge.i - 1
    if a < 1 or doc[a].text != ",":
        return None
    b = v.i + 1
    while b < len(doc) and doc[b].text != "," and doc[b].head.i == v.i and doc[b].dep_ in ("advmod", "npadvmod", "prep") and b - v.i < 6:
        b = doc[b].right_edge.i + 1
    if b >= len(doc) - 1 or doc[b].text != "," or doc[b + 1].is_punct:
        return None
    return a, b


def _linked_frame(doc: Doc, k: int) -> bool:
    """Whether the frame whose opening comma is token ``k`` follows a conjunction set off by
    commas (', and, she added,'; the first comma may stand inside a closing quotation mark:
    '"B," and, she added,')."""
    if k < 2 or doc[k - 1].lower_ not in _FRAME_LINKS:
        return False
    j = k - 2
    while j > 0 and doc[j].text in MARK_TOKENS:
        j -= 1
    return doc[j].text == ","


def _past_inner_frames(doc: Doc, v: Token, parts: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``parts`` (token ranges of what cue ``v`` reports) without a second frame set off by
    commas inside them, and run on past one that closes them: "said the strike would end soon,
    though not, *she warned*, before Friday" is the mayor's "the strike would end soon, though
    not" and "before Friday"; the frame in between is its own attribution
    (:func:`_inner_left`). The words after a closing frame run to the sentence's end."""
    out: list[tuple[int, int]] = []
    for n, (a, b) in enumerate(parts):
        k = a + 1
        pos, verbs = ids(doc, "POS"), id_set(doc, ("VERB", "AUX"))  # (perf33: a Token only for the verbs)
        while k < min(b + 8, len(doc)):  # (the frame's verb may stand after an ending comma)
            if k == v.i or pos[k] not in verbs:
                k += 1
                continue
            t = doc[k]
            span = _frame_span(doc, t)
            if span is None or not a < span[0] <= b or span[1] + 1 >= len(doc):
                k += 1
                continue
            left = trim(doc, a, span[0])
            if _linked_frame(doc, span[0]):
                # 'A, X said, was "B," and, she added, C': a frame after a conjunction set off by
                # commas opens the next report (:func:`_second_frame`); this one ends before it
                left = trim(doc, a, span[0] - 1)
                if left is not None:
                    out.append(left)
                return out
            if span[0] >= b - 1:
                # the content ends at the frame's opening comma: it goes on after the frame, when
                # the parse hung the frame under the cue, and no quotation opens after it (the
                # frame's own quote: '..., D'Souza replied, "If I ..."')
                if n != len(parts) - 1 or doc[span[0]].sent.start != doc[span[1] + 1].sent.start \
                        or not v.is_ancestor(t) or doc[span[1] + 1].text in MARK_TOKENS:
                    break
                end = doc[span[1] + 1].sent.end
                right = trim(doc, span[1] + 1, end)
            else:
                right = trim(doc, span[1] + 1, b)
            if left is None or right is None:
                break
            out.append(left)
            a, b = right
            k = a + 1
        out.append((a, b))
    return out


def _fronted_clause(doc: Doc, v: Token, rng: tuple[int, int]) -> tuple[int, int] | None:
    """"A, said Tomas Brill, the harbor master, and B": an inverted frame (its subject after cue
    ``v``) between a clause it reports before it and the clause ``rng`` after it, joined by a
    conjunction: the clause before (token range) is the first piece of the same report. None
    for any other shape."""
    if rng[0] <= v.i or v.i < 2 or doc[v.i - 1].text != ",":
        return None
    subj = [c for c in v.rights if c.dep_ in SUBJ]
    before = [c for c in v.lefts if c.dep_ == "ccomp" and c.right_edge.i == v.i - 2]
    if not subj or not before or subj[0].i > rng[0]:
        return None
    if not any(t.dep_ == "cc" for t in doc[subj[0].right_edge.i : rng[0]]):
        return None
    return trim(doc, before[0].left_edge.i, v.i - 1)


def _misparsed_inverted(doc: Doc, v: Token) -> tuple[Token, list[tuple[int, int]]] | None:
    """"A, said Lena Ortiz, the principal, and B" parsed with the name as the subject of B: the
    cue ``v`` has no subject of its own, a comma before it, a clause it reports before that
    comma, and a person's name right after it whose head is a clause ``v`` reports after it.
    The name speaks both A and B (the words after the conjunction); None for any other shape."""
    if v.i < 2 or doc[v.i - 1].text != "," or v.i + 1 >= len(doc) or any(c.dep_ in SUBJ for c in v.children):
        return None
    first = doc[v.i + 1]
    if first.ent_type_ != "PERSON" or first.ent_iob_ != "B":
        return None
    ent = next((e for e in doc.ents if e.start == first.i), None)
    if ent is None:
        return None
    name = ent.root
    clause = name.head
    if name.dep_ not in SUBJ or clause.i <= v.i or clause.head != v or clause.dep_ not in ("ccomp", "conj"):
        return None
    before = [c for c in v.lefts if c.dep_ == "ccomp"]
    cc = [c for c in name.children if c.dep_ == "cc" and c.i > ent.end]
    if not before or not cc or doc[cc[0].i - 1].text != ",":
        return None
    left = trim(doc, before[0].left_edge.i, v.i - 1)
    right = trim(doc, cc[0].i + 1, clause.right_edge.i + 1)
    return name, [p for p in (left, right) if p is not None]


def _misparsed_told(doc: Doc, v: Token) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """"The 45-year-old told reporters he had done nothing wrong" parsed as one noun phrase:
    "told" a modifier (amod / acl) of its own object ("reporters"), the sentence's root, and the
    reported clause a relative clause on that object with no relative word. Returns (speaker,
    content) token ranges: the words before "told" from the phrase's determiner ("The
    45-year-old", a description the coreference resolves), and the clause; None for any other
    shape (a real "the told story", a relative with "who"/"that"). rules43, usertest27 kind 2:
    the same sentence with "said" was read."""
    o = v.head
    if v.tag_ != "VBD" or v.dep_ not in ("amod", "acl", "compound") or o.i <= v.i or o.pos_ not in ("NOUN", "PROPN", "PRON"):
        return None
    if o.dep_ != "ROOT" or any(t.pos_ not in ("DET", "ADJ", "PROPN", "NOUN") for t in doc[v.i + 1 : o.i]):
        return None
    a = o.left_edge.i
    if a >= v.i or doc[a].pos_ != "DET" or v.i - a < 2 or any(t.is_punct and t.text != "-" for t in doc[a : v.i]):
        return None
    if not (doc[v.i - 1].pos_ in ("NOUN", "PROPN") or doc[v.i - 1].lower_ == "old"):
        return None  # the words before "told" end with what names the teller
    r = next((c for c in o.rights if c.dep_ == "relcl"), None)
    if r is None or r.left_edge.i != o.i + 1:
        return None  # the clause starts right after the object ("told *reporters* he ...")
    subj = next((c for c in r.children if c.dep_ in SUBJ), None)
    if subj is None or subj.lower_ in RELATIVE_PRONOUNS or subj.i != r.left_edge.i and doc[r.left_edge.i].lower_ in RELATIVE_PRONOUNS:
        return None
    content = trim(doc, r.left_edge.i, r.right_edge.i + 1)
    if content is None or content[1] - content[0] < 3:
        return None
    return (a, v.i), content


def _bracket_parts(doc: Doc, v: Token, parts: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``parts`` (token ranges of what cue ``v`` reports) with brackets kept whole: a bracketed
    aside is its own words, never half of a content. A part with a closing bracket it does not
    open starts inside the aside: it ends there when ``v`` stands inside the brackets too ("(it
    stressed that *no one had been hurt*) and ...") and restarts after them when ``v`` stands
    outside ("said (it stressed the point twice) *that no troops would be sent*"); a part with
    an opening bracket it does not close ends before it; a whole aside holding a verb of speech
    splits the part around it (its frame is not the content)."""
    out: list[tuple[int, int]] = []
    for a, b in parts:
        depth, opened, pieces = 0, None, []
        start = a
        # (perf33: the brackets found in a column of string IDs, not a Token per word)
        texts, opening, closing = ids(doc, "ORTH"), doc.vocab.strings["("], doc.vocab.strings[")"]
        for k in range(a, b):
            t = texts[k]
            if t == opening:
                if depth == 0:
                    opened = k
                depth += 1
            elif t == closing:
                if depth == 0:
                    # a closing bracket this part does not open: the part began inside it
                    o = next((j for j in range(a - 1, max(-1, a - 4), -1) if texts[j] == opening), None)
                    if o is not None and v.i < o:
                        start = k + 1  # the cue stands before the aside: its words follow it
                        pieces = []
                    else:
                        b = k
                        break
                    continue
                depth -= 1
                if depth == 0 and opened is not None and any(
                    doc[j].pos_ in ("VERB", "AUX") and doc[j].lemma_.lower() in SPEECH_LEMMAS for j in range(opened + 1, k)
                ) and not opened < v.i < k:
                    pieces.append((start, opened))
                    start = k + 1
        if depth > 0 and opened is not None:
            b = min(b, opened)
        pieces.append((start, b))
        for n, (x, y) in enumerate(pieces):
            while n and x < y and (doc[x].dep_ == "cc" or doc[x].is_punct or doc[x].lower_ == "that" and doc[x].dep_ == "mark"):
                x += 1  # "(…) and that B": the conjunction joins the pieces, it is no word of B
            r = trim(doc, x, y) if x < y else None
            if r is not None:
                out.append(r)
    return out


def _inner_left(doc: Doc, v: Token, lo: int, a: int) -> int:
    """Where the words before frame ``v`` (", she warned,", opening at token ``a``) start when a
    frame of another speaker's stands before them in the sentence: after that frame's cue and
    the last comma before ``a`` ("The mayor said the strike would end soon, *though not*, she
    warned, ..."; "The ceasefire, the general said, would last, *but only*, he added, ..."). What
    ``v`` reports is that part, not the other frame's words; ``lo`` otherwise."""
    outer = [
        t for t in doc[lo:a]
        if t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in SPEECH_LEMMAS and t.i != v.i
        and any(c.dep_ in SUBJ for c in t.children) and (t.is_ancestor(v) or t.head.is_ancestor(v))
    ]
    if not outer:
        return lo
    start = outer[-1].i + 1
    commas = [k for k in range(start, a - 1) if doc[k].text == ","]
    if commas and commas[-1] + 1 < a and doc[commas[-1]].i > start:
        return commas[-1] + 1
    return lo


def _parenthetical(doc: Doc, v: Token) -> list[tuple[int, int]]:
    """Content around a cue clause set off by commas: "A, he said, B." or "A, he said." The cue
    clause is the cue, its subject and what stands between them; a clause the parse hung on the
    cue ("*If the talks fail*, he warned, B") is content."""
    h = v.head
    second = _second_frame(doc, v)
    if second is None and (v.dep_ not in ("parataxis", "ccomp", "advcl", "conj") or h is v):
        return []
    if not any(c.dep_ in SUBJ for c in v.children) or any(
        c.dep_ == "ccomp" and not _comment_clause(doc, c) and (second is None or c.i > second[0]) for c in v.children
    ):
        return []
    inverted = _inverted_subject(v)
    if inverted is not None:
        a, b = v.i, inverted.right_edge.i
    else:
        before = [c for c in v.lefts if c.dep_ in SUBJ]
        a, b = (before[-1].left_edge.i if before else v.i), v.i
    for c in v.rights:  # "he said on Tuesday"; "said Jones, a lawyer" stops at the comma
        if c.i <= b:
            continue
        if c.text in _DELIMS or any(t.text in _DELIMS for t in c.subtree):
            break
        b = c.right_edge.i
    if a > 0 and doc[a - 1].text in _DELIMS:
        a -= 1
    if b + 1 < len(doc) and doc[b + 1].text in _DELIMS:
        b += 1
    lo, hi = min(h.left_edge.i, v.left_edge.i), max(h.right_edge.i, v.right_edge.i)
    if second is not None:
        lo = second[0]  # the first frame and its clause are no words of this one
    elif _frame_span(doc, v) is not None:
        lo = _inner_left(doc, v, lo, a)
    # "A, said Voss; however, she said, B": a semicolon ends a clause, and with it what a frame
    # after it reports; the words before it belong to the first frame (or to no one)
    semis = [k for k in range(lo, a) if doc[k].text == ";"]
    if semis:
        lo = semis[-1] + 1
    semis = [k for k in range(b, hi + 1) if doc[k].text == ";"]
    if semis:
        hi = semis[0] - 1
    # the commas around "he said" may hang on the cue verb itself or sit just outside its subtree
    if doc[a].text not in _DELIMS and (a == 0 or doc[a - 1].text not in _DELIMS and doc[a - 1].text not in MARK_TOKENS):
        return []
    parts = []
    left = trim(doc, lo, a) if lo < a else None
    if left and all(t.is_punct or t.lower_ in _CONNECTIVES for t in doc[left[0] : left[1]]):
        left = None  # "; however, she said, B": a connective links the clauses, nobody said it
    if left:
        parts.append(left)
    start = b + 1 if doc[b].text in _DELIMS else (b + 2 if b + 1 < len(doc) and doc[b + 1].text in _DELIMS else -1)
    # "A, the mayor said, which surprised many" / ", before leaving for Albany": a comment on
    # the report or what the speaker did, not a second piece of the content
    if start > 0 and hi >= start:
        right = trim(doc, start, hi + 1)
        right = _before_own_frame(doc, v, right) if right else right
        if right and right[1] - right[0] > 2 and doc[right[1] - 1].lower_ in ("and", "but", "or") and doc[right[1] - 2].text == ",":
            # 'A, X said, was "B," and, she added, C': the "and" before the next frame links the
            # two reports; nobody said it
            right = trim(doc, right[0], right[1] - 1)
        if right and not _trailing_at(doc, start - 1, right[1]) and not _next_clause(doc, h, left, right):
            parts.append(right)
    return parts


def _rest_of_question(doc: Doc, v: Token, rng: tuple[int, int]) -> list[tuple[int, int]]:
    """The second piece of a question a frame interrupts ("Who will pay for the damage, the
    mayor asked, *if the insurers refuse*?"): ``rng`` (token range) is the fronted question
    before cue ``v`` (its first word a wh-word or an auxiliary), and a clause the parse hung on
    the cue starts right after the frame's comma and runs to the sentence's "?". [] otherwise:
    "A, she said, before leaving" is no question, and its trailing clause no content
    (usertest19 L2)."""
    a, b = rng
    if b > v.i or not (doc[a].tag_ in _WH_TAGS or doc[a].pos_ == "AUX"):
        return []
    for c in v.rights:
        lo, hi = c.left_edge.i, c.right_edge.i
        if c.dep_ in ("advcl", "ccomp") and lo > v.i and doc[lo - 1].text == "," and hi + 1 < len(doc) and doc[hi + 1].text == "?":
            piece = trim(doc, lo, hi + 2)
            return [piece] if piece else []
    return []


def _before_own_frame(doc: Doc, v: Token, rng: tuple[int, int]) -> tuple[int, int] | None:
    """``rng`` (the words after a parenthetical frame ``v``) cut before a clause of its own that
    opens there with another speaker's verb of speech and its subject ("The deal, Moss said, was
    off, *although Reyes, in a later interview, said it was alive*"): that clause is the other
    speaker's frame, not more of ``v``'s words. None when nothing would be left."""
    a, b = rng
    for w in doc[a + 1 : b]:
        if w.i == v.i or w.pos_ not in ("VERB", "AUX") or w.lemma_.lower() not in SPEECH_LEMMAS:
            continue
        subj = [c for c in w.lefts if c.dep_ in SUBJ and c.lower_ not in NOT_SPEAKERS]
        if not subj or w.dep_ not in ("advcl", "conj", "ccomp", "parataxis"):
            continue
        start = w.left_edge.i
        if a < start and start - 1 >= a and doc[start - 1].text in _DELIMS | {";"}:
            return trim(doc, a, start)
    return rng


def _own_frame_in(doc: Doc, rng: tuple[int, int]) -> bool:
    """Whether token range ``rng`` holds a frame of its own: a verb of speech with its subject
    and a clause it reports, both inside the range ("The mayor said the levees would hold")."""
    a, b = rng
    for w in doc[a:b]:
        if w.pos_ in ("VERB", "AUX") and w.lemma_.lower() in SPEECH_LEMMAS and any(
            c.dep_ in SUBJ and a <= c.i < w.i and c.lower_ not in NOT_SPEAKERS for c in w.children
        ) and any(c.dep_ == "ccomp" and w.i < c.i < b for c in w.children):
            return True
    return False


def _next_clause(doc: Doc, h: Token, left: tuple[int, int] | None, right: tuple[int, int]) -> bool:
    """Whether the words ``right`` after an inverted frame ("A, the mayor said, *and the council
    agreed*") are a clause of their own joined by a conjunction, with their own subject, after a
    fronted part ``left`` that is a whole clause (its verb ``h`` and that verb's subject inside
    it): what happened next, not a second piece of what was said."""
    if left is None or not left[0] <= h.i < left[1]:
        return False
    if not any(c.dep_ in SUBJ and left[0] <= c.i < left[1] for c in h.children):
        return False
    first = doc[right[0]]
    if first.dep_ != "cc" or first.lower_ not in ("and", "but", "or", "yet", "so"):
        return False
    verb = next((t for t in doc[right[0] + 1 : right[1]] if t.dep_ == "conj" and t.head.i == h.i), None)
    return verb is not None and any(c.dep_ in SUBJ for c in verb.children)


def _same_line(doc: Doc, a: int, b: int, cue: int) -> tuple[int, int] | None:
    """Keep reported content on the cue's line: a parse made without line-break sentence starts
    may run into a headline line. (With :mod:`quotes_sents` in the pipeline this never cuts.)"""
    for i in range(a, b - 1):
        if "\n" in doc[i].whitespace_ or doc[i].is_space and "\n" in doc[i].text:
            part = trim(doc, a, i + 1) if cue <= i else trim(doc, i + 1, b)  # the cue's side
            return _same_line(doc, *part, cue) if part else None
    return a, b


def _acts_as_verb(v: Token) -> bool:
    """A cue the tagger called a noun ("Trump claims that ...") but the parser used as a verb."""
    deps = {c.dep_ for c in v.children}
    return v.pos_ in ("NOUN", "PROPN") and "nsubj" in deps and ("ccomp" in deps or "xcomp" in deps)


_CANDIDATE_LEMMAS = ALL_CUE_LEMMAS | XCOMP_LEMMAS | DOBJ_LEMMAS
_lemma_is_candidate: dict[int, bool] = {}  # lemma hash -> lowercased lemma in _CANDIDATE_LEMMAS (hashes are stable)


def _candidates(doc: Doc) -> list[int]:
    """Indices of the tokens :func:`indirect_quotes` can use, in order: "according", or a lemma
    (lowercased) among the cue lemmas. Every other token it skips anyway; picking these from the
    token table instead of making a Python ``Token`` (and its children's deps) of every token
    took the function from ~27 % of the rules' time to a few %."""
    strings = doc.vocab.strings
    according = strings["according"]
    seen = _lemma_is_candidate
    table = doc.to_array([LEMMA, LOWER])
    if not len(table):
        return []
    # perf33: each distinct lemma judged once, the tokens picked in numpy, not a Python loop over
    # every token (1,767 articles: 0.33 -> 0.22 s)
    lemmas, inverse = numpy.unique(table[:, 0], return_inverse=True)
    oks = []
    for lemma in lemmas.tolist():
        ok = seen.get(lemma)
        if ok is None:
            ok = seen[lemma] = strings[lemma].lower() in _CANDIDATE_LEMMAS if lemma else False
        oks.append(ok)
    picked = numpy.array(oks, dtype=bool)[inverse.reshape(-1)] | (table[:, 1] == according)
    return numpy.flatnonzero(picked).tolist()


def _after_title(ctx: DocContext, v: Token) -> tuple[int, int] | None:
    """The clause after "that" when cue ``v`` speaks to a show or paper named in quotation marks
    ("Ann Holt told Channel 9's “Harbour Morning” that she had no regrets"): the title is whom she
    told, the clause what she said (a parse may hang the clause on the title as a relative).
    None when no such title follows ``v`` within three words, or no "that" five words after it."""
    doc, text = ctx.doc, ctx.text
    for r, o in zip(ctx.runs, ctx.run_toks()[0]):
        if not v.i < o <= v.i + 4 or "\n" in text[v.idx : r.open] or not named_title(text, r):
            continue
        k = ctx.tok(r.outer[1] - 1) + 1
        # "told “Face the Nation” on Sunday that ...": a few words of time or place may come first
        stop = min(len(doc), k + 5)
        while k < stop and doc[k].lower_ != "that" and doc[k].text not in SENT_END and not doc[k].is_space:
            k += 1
        if k >= stop or doc[k].lower_ != "that":
            return None
        end = k + 1
        while end < len(doc) and doc[end].text not in SENT_END and not doc[end].is_space:
            end += 1
        return trim(doc, k + 1, end)
    return None


def _titled_subject(ctx: DocContext, v: Token) -> Token | None:
    """The noun a title in quotation marks right before cue ``v`` names, when the parse gave ``v``
    no subject: "The union's statement, titled “Enough Is Enough,” said ..." parsed with the
    statement as a root of its own (the title read as a clause). The noun stands before the
    opening mark, with a comma and perhaps "titled" / "called" in between; the title is
    :func:`named_title`. None otherwise."""
    doc, text = ctx.doc, ctx.text
    k = v.i - 1
    while k >= 0 and (doc[k].text == "," or doc[k].text in MARK_TOKENS):
        k -= 1
    run = next((r for r, e in zip(ctx.runs, ctx.run_toks()[1]) if k < e < v.i), None)
    if run is None or "\n" in text[run.outer[1] : v.idx] or not named_title(text, run):
        return None
    n = ctx.tok(run.open) - 1
    if n >= 0 and doc[n].lower_ in ("titled", "entitled", "called", "named", "dubbed"):
        n -= 1
    if n < 1 or doc[n].text != ",":
        return None
    noun = doc[n - 1]
    # (a noun the tagger took for an adjective: "The network's special, “Inside the Vote,”")
    if noun.pos_ in ("NOUN", "PROPN") or noun.pos_ == "ADJ" and noun.dep_ in ("nsubj", "nsubjpass") and noun.is_lower:
        return noun
    return None


def _in_title(ctx: DocContext, t: Token) -> bool:
    """Whether token ``t`` stands inside a title in quotation marks (:func:`named_title`)."""
    return any(r.inner[0] <= t.idx < r.inner[1] and named_title(ctx.text, r) for r in ctx.runs)


def _inside_one_quote(ctx: DocContext, rng: tuple[int, int]) -> tuple[int, int] | None:
    """``rng`` (tokens) cut at the closing mark of the quote it starts in, when it runs on from
    there into a later quote over a short frame set off by commas ('she added, "second," she went
    on, "we build roads."': the next quote's frame, not content). None when nothing is left."""
    a, b = rng
    opens, ends = ctx.run_toks()
    for r, o, c in zip(ctx.runs, opens, ends):
        # (also from the opening mark itself: '"The plan," the chief said, "is bold," he added,
        # "and it is cheap," he noted, ...' parsed as what "noted" reports)
        if o <= a <= c < b - 1 and any(c < k < b for k in opens) and frame_to_next_quote(ctx.text, r):
            return trim(ctx.doc, a, c)
    return rng


def _lets_say(v: Token) -> bool:
    """Whether verb ``v`` is the "say" of "Let's say" / "let us say" (a supposition: "Let's say
    you think a degree will cost $90,000"): no one reports anything, and the 's ("us") is no
    speaker; a report inside ("you think ...") is found on its own."""
    doc = v.doc
    return v.lemma_.lower() in ("say", "suppose", "assume") and v.i >= 2 and lets_us(doc, v.i - 1)


_REFUSALS = frozenset("decline refuse".split())


def _refused_comment(v: Token) -> Token | None:
    """The "comment" that refusal ``v`` ("declined", "refused") takes as its open complement
    ("declined *to comment* on ..."), or None."""
    return next((c for c in v.children if c.dep_ == "xcomp" and c.lemma_.lower() == "comment"), None)


# what a refusal declines to tell: "declined *to reveal* how much ...", "refused *to confirm* whether"
_TOLD_IN_REFUSAL = frozenset("say disclose reveal confirm specify discuss explain identify".split())


def _refused_telling(v: Token) -> Token | None:
    """The verb of telling that refusal ``v`` ("declined", "refused") takes as its open complement
    when that verb has a question for its clause ("declined *to reveal* how much it had lost",
    "refused *to confirm* whether ..."), or None. Such a refusal is read as "declined to say"
    is, whatever its subject (usertest23 M5: the stance rule had dropped "The bank declined to
    reveal ..." and left the inner "reveal" its reading): cue the refusing verb, content "to
    reveal ...", as PolNeAR's gold has "declined" + "to say whether ..." (3 of the 4 refusals to
    say + a question in polnear-dev and -train; the fourth has "declined to say" as its cue)."""
    doc = v.doc
    for c in v.children:
        if c.dep_ == "xcomp" and c.i > v.i and c.lemma_.lower() in _TOLD_IN_REFUSAL:
            for q in c.children:
                if q.dep_ in ("ccomp", "dobj") and q.i > c.i and (
                        doc[q.left_edge.i].lower_ in ("whether", "if") or doc[q.left_edge.i].tag_ in _WH_TAGS):
                    return c
    return None


def _comment_on_question(v: Token | None) -> Token | None:
    """The clause a "comment on" asks about: the complement of "on" after cue ``v`` that opens
    with "whether"/"if" or a wh-word ("comment on *whether the suspect was armed*", "on *how
    many* were hurt"); None otherwise ("comment on the letter": a thing, not a question)."""
    if v is None:
        return None
    for p in v.children:
        if p.dep_ == "prep" and p.lower_ == "on" and p.i > v.i:
            for c in p.children:
                if c.dep_ in ("pcomp", "pobj") and c.left_edge.i == p.i + 1 and (
                        v.doc[p.i + 1].lower_ in ("whether", "if") or v.doc[p.i + 1].tag_ in _WH_TAGS):
                    return c
    return None


def _comment_on(ctx: DocContext, v: Token) -> Attr | None:
    """A refusal to comment on a question ("A spokesman *would not comment on* whether the
    suspect was armed", "*declined to comment on* how many ..."), read as "would not say
    whether" is (usertest22 M6): the cue runs from the negation or the refusing verb through
    "on", as PolNeAR's gold has it ("would not comment on", "declined to comment on", "had
    refused to comment on"), the content is the question. Only a negated or refused comment;
    None otherwise or without a speaker."""
    doc = ctx.doc
    q = _comment_on_question(v)
    if q is None:
        return None
    on = q.head
    refusal = v.head if v.dep_ == "xcomp" and v.head.lemma_.lower() in _REFUSALS else None
    if refusal is None and negated_from(doc, v.i) == v.i:
        return None
    first = negated_from(doc, refusal.i) if refusal is not None else negated_from(doc, v.i)
    rng = trim(doc, q.left_edge.i, q.right_edge.i + 1)
    if rng is None or rng[1] - rng[0] < 3:
        return None
    subj = subject(v)
    if subj is None or subj.lower_ in NOT_SPEAKERS or not_a_speaker(subj):
        return None
    rng = _same_line(doc, rng[0], rng[1], v.i)
    if not rng:
        return None
    cue = (doc[first].idx, on.idx + len(on))
    return Attr(chars(doc, *rng), "indirect", v.i, cue, chars(doc, *np_range(doc, subj)))


def _told_to_do(v: Token, lemma: str) -> bool:
    """Whether cue ``v`` is a passive "tell" whose only complement is an infinitive ("pupils
    *were told to write* something", "residents have been told to boil water"): an instruction
    given, not a report of what was said. PolNeAR's gold (dev + train) marks 1 of its 4 passive
    "told to" a cue; "was told that ..." (a ccomp) stays a report."""
    return lemma == "tell" and any(c.dep_ == "auxpass" for c in v.children) and any(
        c.dep_ == "xcomp" and c.i > v.i for c in v.children) and not any(c.dep_ == "ccomp" for c in v.children)


def _passive_then_phrase(doc: Doc, v: Token, parts: list[tuple[int, int]]) -> bool:
    """Whether sourceless passive cue ``v`` ("is confirmed") is followed by a comma and a phrase
    without a finite verb ("The update is confirmed, *available for download*", "The deal is
    confirmed, *effective Monday*"): a state announced, no one's report; ``parts`` the token
    ranges the rules took for its content. "It was confirmed that the plant will close" (a
    clause) stays a sourceless report."""
    return v.i + 1 < len(doc) and doc[v.i + 1].text == "," and all(
        a == v.i + 2 and not any(doc[x].tag_ in _FINITE_TAGS for x in range(a, b)) for a, b in parts)


_FINITE_TAGS = frozenset(("VBD", "VBZ", "VBP", "MD"))


def _part_of(subj: Token) -> Token | None:
    """The noun a number subject is a part of ("*Two* of the officials", "*One* of them"): the
    object of its "of"; None for any other subject ("Two officials": the noun is the head)."""
    if subj.pos_ != "NUM":
        return None
    of = next((c for c in subj.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    obj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    return obj if obj is not None and obj.pos_ in ("NOUN", "PROPN", "PRON") else None


# what backs something without saying it ("no evidence to support the theory"): an infinitive
# hanging on one of these with a plain object is the thing's, not a person's stance. PolNeAR gold
# has no such reading ("no evidence to support his insinuations"), but reads one with a clause
# ("investigators have no evidence to suggest that X": their report, X), which stays
_EVIDENCE_NOUNS = frozenset(
    "evidence proof sign signs indication indications nothing anything something reason basis intelligence information".split()
)


def _evidence_to(v: Token) -> bool:
    """Whether cue ``v`` is an infinitive with no clause of its own hanging on an evidence noun
    ("evidence *to support* the theory", "nothing *to back* it"): what the evidence would do,
    not what anyone says."""
    return (
        v.dep_ in ("acl", "relcl") and v.tag_ == "VB" and v.head.lower_ in _EVIDENCE_NOUNS
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children)
        and not any(c.dep_ == "ccomp" for c in v.children)
    )


def _idiom_no_report(v: Token, lemma: str) -> bool:
    """Whether cue ``v`` (lemma ``lemma``) is in an idiom that reports nothing (rules45,
    usertest29 M2 c): "*Time* will tell if ..." (a future the writer waits for, no teller);
    "could not / can't believe he was so kind" (astonishment, not a belief: PolNeAR's gold has
    no such cue; "He doesn't believe it" stays); "was unable / not able to confirm his record"
    with a thing for its object and no clause (nothing confirmed, nothing said). PolNeAR's gold
    keeps "proposed", "rejected", "wanted", "the video shows" and "was asked" as cues, so they
    stay (docs/attribution-rounds.md, rules45). "which / this / it implies ..." (the writer's
    inference, rules46)."""
    if lemma == "tell":
        return any(c.dep_ == "nsubj" and c.lemma_.lower() == "time" for c in v.children)
    if lemma == "believe":
        kids = list(v.children)
        return any(c.dep_ == "aux" and c.lower_ in ("could", "can", "ca") for c in kids) and any(c.dep_ == "neg" for c in kids) \
            and any(c.dep_ == "ccomp" for c in kids)
    if lemma == "imply":
        # "..., which would imply he hurt an old injury", "this implies that ...": the writer's
        # inference from a fact, no one implies it (PolNeAR's 3 gold "imply" cues have a
        # person for subject; rules46)
        return any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("which", "that", "this", "it", "what") for c in v.children)
    if lemma == "confirm":
        h = v.head
        unable = v.dep_ == "xcomp" and (h.lower_ == "unable" or h.lower_ == "able" and any(c.dep_ == "neg" for c in h.head.children))
        # (a thing: a noun, or a demonstrative standing for one, "has not been able to confirm *this*", merge49)
        return unable and not any(c.dep_ in ("ccomp", "advcl") for c in v.children) and any(
            c.dep_ == "dobj" and (c.pos_ in ("NOUN", "PROPN") or c.lower_ in ("this", "that", "it")) for c in v.children)
    return False


_NEGATING_SUBJECTS = frozenset(("none", "nothing", "neither"))


def _nothing_reported(v: Token, lemma: str) -> bool:
    """Whether cue ``v`` reports nothing by its own clause (rules48, unseen FNC-1 news):

    - "*Without indicating* the sites, the statement said ...": a cue after "without" with no
      subject of its own is what was not said (PolNeAR's gold: 0 of the 4 "without saying /
      naming / providing ..." in the slices' texts are cues; "without reporters asking him to
      ..." has its own subject and stays);
    - "none / nothing had been confirmed": a passive confirmation of nothing;
    - "the town lacks the tools *available to confirm* a case", "the means to verify it": an
      infinitive "confirm / verify" on a thing (the noun the infinitive, or the adjective or
      participle it hangs on, describes is no person) tells what could be checked, not what
      anyone said (gold: 1 of 6 "to confirm / verify" is a cue, a person's, of the shape "the
      first guest to confirm her place", which stays)."""
    if v.tag_ == "VBG" and v.dep_ == "pcomp" and v.head.lower_ == "without" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in v.children):
        return True  # ("without reporters asking him to ...": they do ask, and stay a reading)
    if lemma not in ("confirm", "verify"):
        return False
    if any(c.dep_ == "nsubjpass" and c.lower_ in _NEGATING_SUBJECTS for c in v.children):
        return True
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children) or v.dep_ not in ("xcomp", "acl", "advcl"):
        return False
    h = v.head
    if h.pos_ == "ADJ" or h.tag_ == "VBN" and h.dep_ == "acl":
        # "the tools available to confirm", "the technology needed to confirm": the noun the
        # adjective is said of (its subject, or the noun it modifies)
        subj = next((c for c in h.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        h = subj if subj is not None else h.head if h.dep_ in ("amod", "acl") else None
    return h is not None and h.pos_ == "NOUN" and not person_like(h)


def _called_to_act(v: Token, lemma: str) -> bool:
    """Whether "call" ``v`` is a phrasal verb that reports nothing: "called him up", "called off
    the deal", "called in", "called back", or "called him out *to compete*" (a challenge: an
    infinitive after the particle). PolNeAR gold reads none of these; "called out Trump for ..."
    (a criticism, gold's cue) stays."""
    if lemma != "call":
        return False
    prts = [c.lower_ for c in v.children if c.dep_ == "prt"]
    return any(p in ("up", "off", "in", "back") for p in prts) or "out" in prts and any(c.dep_ == "xcomp" for c in v.children)


def _to_the_reader(v: Token, subj: Token) -> bool:
    """Whether non-speech cue ``v`` (a belief, a guess) is asked of the reader: subject "you"
    in a sentence closed by "?" ("*Would you ever have imagined* that ...?", "Did you know
    that ...?"). Nobody holds the belief, so there is no report. PolNeAR's gold has 2 of the 9
    such questions outside another content as cues, both interviewers' questions in a
    transcript."""
    return subj.lower_ == "you" and any(t.text == "?" for t in v.doc[v.i : v.sent.end])


_SAID_TO_LEMMAS = frozenset({"say", "report"})


def _said_to_be(doc: Doc, v: Token, lemma: str) -> tuple[tuple[int, int], tuple[int, int], Token | None] | None:
    """For a passive "say" / "report" with a subject and a to-infinitive ("The hall *was
    reported* to be in lockdown", "Ruiz was said to be safe"): (the subject's token range, the
    infinitive's token range, the agent after "by" or None); None for any other verb.
    PolNeAR's gold reads the one "was said to be" of the slices (source none, content the clause);
    "is thought to be" it does not (0 of 1), so cognition verbs are left out (rules49, FNC-1 news)."""
    if lemma not in _SAID_TO_LEMMAS or v.tag_ != "VBN" or not any(c.dep_ == "auxpass" for c in v.children):
        return None
    if any(c.dep_ == "neg" for c in v.children):
        return None
    subj = next((c for c in v.children if c.dep_ == "nsubjpass" and c.i < v.i), None)
    inf = next((c for c in v.children if c.dep_ == "xcomp" and c.i > v.i and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)), None)
    if subj is None or inf is None or subj.lower_ in ("who", "which", "that", "it", "there"):
        return None
    if subj.right_edge.i >= v.i or inf.left_edge.i <= v.i:
        return None  # "an event where Abrams is said to have told ...": the parse hung "where" on the infinitive
    s_rng = trim(doc, subj.left_edge.i, subj.right_edge.i + 1)
    x_rng = trim(doc, inf.left_edge.i, inf.right_edge.i + 1)
    if s_rng is None or x_rng is None or x_rng[1] - x_rng[0] < 3:
        return None
    agent = next((c for c in v.children if c.dep_ == "agent"), None)
    by = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
    return s_rng, x_rng, by


def indirect_quotes(ctx: DocContext) -> list[Attr]:
    doc = ctx.doc
    out: list[Attr] = []
    for i in _candidates(doc):
        v = doc[i]
        if v.i in ctx.in_run:
            continue
        if v.lower_ == "according":
            if ctx.is_cue(v):
                at = _according(ctx, v)
                if at is not None:
                    out.append(at)
            continue
        if v.pos_ not in ("VERB", "AUX") and not _acts_as_verb(v):
            continue
        lemma = v.lemma_.lower()
        if lemma not in ALL_CUE_LEMMAS and lemma not in XCOMP_LEMMAS and lemma not in DOBJ_LEMMAS:
            continue
        if _not_a_cue(v):
            continue
        if lemma == "comment" or lemma in _REFUSALS and _comment_on_question(_refused_comment(v)) is not None:
            at = _comment_on(ctx, v) if lemma == "comment" else None
            if at is not None:
                out.append(at)
            if at is not None or lemma in _REFUSALS:
                continue  # ("refused to comment on how ...": one reading, the comment's)
        if _noun_comment(doc, v) is not None:
            continue  # ', something critics disputed': the critics said nothing
        misparsed = _misparsed_inverted(doc, v) if lemma in SPEECH_LEMMAS else None
        if misparsed is not None:
            name, pieces = misparsed
            parts = [p for p in pieces if p[1] - p[0] >= 2]
            if parts and sum(p[1] - p[0] for p in parts) >= 3:
                ranges = [chars(doc, *p) for p in parts]
                speaker = chars(doc, *np_range(doc, name))
                out.append(Attr(ranges[0], "indirect", v.i, ctx.cue_range(v.i), speaker, more=tuple(ranges[1:])))
            continue
        told = _misparsed_told(doc, v) if lemma == "tell" else None
        if told is not None:
            who, what = told
            out.append(Attr(chars(doc, *what), "indirect", v.i, ctx.cue_range(v.i), chars(doc, *who)))
            continue
        said_to = _said_to_be(doc, v, lemma)
        if said_to is not None:
            # "Minister Ana Ruiz was said to be safe": no one named says it; the content is the
            # subject and the infinitive, as two pieces around the cue (rules49)
            (sa, sb), (xa, xb), agent = said_to
            speaker = chars(doc, *np_range(doc, agent)) if agent is not None else None
            out.append(Attr(chars(doc, sa, sb), "indirect", v.i, ctx.cue_range(v.i), speaker, more=(chars(doc, xa, xb),)))
            continue
        rng = _after_title(ctx, v) if lemma in SPEECH_LEMMAS else None
        rng = rng or _content_range(doc, v, lemma)
        if rng is not None:
            rng = _through_unless(doc, v, rng)
            rng = _through_parallel(doc, v, rng)
            rng = _before_next_report(doc, v, rng)
        if rng is not None:
            rng = _before_contrasted_report(doc, v, rng)
        if rng is not None:
            rng = _before_next_wh_clause(doc, v, rng)
        if rng is not None:
            rng = _before_trailing_clause(doc, rng)
        if rng is not None:
            rng = speakers_own_bound(doc, v, rng)
        if rng is not None:
            rng = _without_trailing_and(doc, rng)
        if rng is not None and lemma in _SUBJECT_PLEDGES:
            rng = _before_aims_relative(doc, rng)
        front = _fronted_clause(doc, v, rng) if rng is not None and lemma in SPEECH_LEMMAS else None
        parts = ([front] if front else []) + [rng] if rng else (_parenthetical(doc, v) if lemma in SPEECH_LEMMAS | COGNITION_LEMMAS else [])
        if rng is not None and lemma in SPEECH_LEMMAS:
            parts = parts + _rest_of_question(doc, v, rng)
        parts = _past_inner_frames(doc, v, parts) if parts else parts
        parts = _subordinate_tail(doc, v, parts) if len(parts) == 1 and lemma in SPEECH_LEMMAS else parts
        parts = _bracket_parts(doc, v, parts)
        parts = [q for q in (_inside_one_quote(ctx, p) for p in parts) if q is not None]
        quoted_label = lemma == "call" and rng is not None and len(parts) == 1 and parts[0] == rng and rng[0] > 0 \
            and doc[rng[0] - 1].text in MARK_TOKENS and v.dep_ in ("relcl", "acl")
        if not quoted_label:  # (a label in quotation marks is what was said, however short)
            short = lemma == "announce" and any(c.dep_ == "dobj" and _short_announced(v, c) for c in v.children)
            parts = [p for p in parts if p[1] - p[0] >= 2 or _called_for_one(doc, v, p) or _demanded_thing(doc, v, p) or short]
            if not parts or sum(p[1] - p[0] for p in parts) < 3 and not _short_clause(doc, v, parts) and not _called_for_one(doc, v, parts[0]) \
                    and not _demanded_thing(doc, v, parts[0]) and not short:
                continue
        if rng is not None and len(parts) == 1 and (lemma in SPEECH_LEMMAS or lemma in DOBJ_LEMMAS):
            # (after the size check: 'indicated as much in an email' reports "as much")
            parts = [_before_saying_adjunct(doc, v, parts[0])]
        titled = _titled_subject(ctx, v) if rng is not None else None
        asked = asked_participle(v)
        if asked is not None:
            # "Asked whether X, Kessler said": the question is asked of Kessler, by whoever the
            # agent names or by no one named (a report without a source, as PolNeAR has it)
            subj = None if asked is v else asked
            speaker = chars(doc, *np_range(doc, subj)) if subj is not None else None
            parts = [p for p in (_same_line(doc, a, b, v.i) for a, b in parts) if p]
            if parts:
                ranges = [chars(doc, *p) for p in parts]
                out.append(Attr(ranges[0], "indirect", v.i, ctx.cue_range(v.i), speaker, more=tuple(ranges[1:])))
            continue
        if _no_report(v, lemma):
            continue  # an instruction, a challenge, an idiom, what was not said (refused_report)
        subj = (_inverted_subject(v) if rng is None else None) or subject(v) or titled
        if subj is not None and subj.i in ctx.in_run and v.i not in ctx.in_run:
            subj = subject_outside_quote(ctx, v) or subj  # '"A," the minister, Ann Lee, said, "B."'
        if subj is not None and subj.i < v.i - 1 and doc[v.i - 1].text == ",":
            subj = subject_after_inverted(v) or subj  # 'The ministry, said an aide, "has no plan."'
        if subj is not None and subj.i > v.i and _in_title(ctx, subj):
            # 'said Thursday on Channel 9's “Harbour Morning.”' parsed with the show as the
            # subject after the verb: a show is where it was said, not who said it
            subj = None
        if subj is not None:
            if subj.lower_ in NOT_SPEAKERS and not referring_it(subj) or not_a_speaker(subj):
                continue
            # "Two of the officials said": the number is a part of those after "of", who speak
            # (its phrase stays the speaker, as PolNeAR's Source has it; rules42)
            whole = subj
            subj = _part_of(subj) or subj
            if _asks_the_reader(v, lemma, subj):
                continue  # "Would you ever have imagined that ...?", "If you ever wondered why ..."
            if lemma in EVIDENTIAL_LEMMAS - SPEECH_LEMMAS - COGNITION_LEMMAS and rng is not None and not any(
                c.dep_ == "ccomp" for c in v.children
            ) and subj.lemma_.lower() not in DOCUMENT_NOUNS and subj.lower_ not in DOCUMENT_NOUNS:
                continue  # "he found the keys" is no attribution; "the poll found a tie" is
            # any named or nominal subject may say something ("the bank said that ..."); beliefs,
            # stances and findings need a person, a group or a document
            # (also "A, *it* stressed, B": "it" standing for whoever speaks, :func:`referring_it`,
            # in a frame set off by commas on both sides; not "A, it has reaffirmed its interest")
            says = lemma in SPEECH_LEMMAS and (
                rng is not None and subj.pos_ in ("NOUN", "PROPN", "PRON") or referring_it(subj) and _frame_span(doc, v) is not None
                # ", but, engineers said, B": a frame set off by commas says whatever its subject
                or subj.pos_ in ("NOUN", "PROPN") and _frame_span(doc, v) is not None
            )
            # ("the bank declined to reveal how much it lost": a refusal to tell, whoever refuses)
            refuses_to_tell = lemma in _REFUSALS and rng is not None and _refused_telling(v) is not None
            if not (says or whole == titled or person_like(subj) or subj.lemma_.lower() in DOCUMENT_NOUNS or subj.lower_ in DOCUMENT_NOUNS
                    or refuses_to_tell):
                continue
            subj = whole
        elif not (lemma in SPEECH_LEMMAS and any(c.dep_ == "nsubjpass" for c in v.children)):
            continue  # no speaker at all: only "it was reported that ..." style passives
        elif _passive_then_phrase(doc, v, parts):
            continue  # "The update is confirmed, available for download": no report (rules38)
        parts = [p for p in (_same_line(doc, a, b, v.i) for a, b in parts) if p]
        if not parts:
            continue
        ranges = [chars(doc, *p) for p in parts]
        first = _continued(doc, v, subj, out) if rng is None else None
        if first is not None:
            # "A, the minister said, but, she added, B": the minister goes on; one attribution
            first.more = (*first.more, *ranges)
            continue
        speaker = chars(doc, *np_range(doc, subj)) if subj is not None else None
        out.append(Attr(ranges[0], "indirect", v.i, ctx.cue_range(v.i), speaker, more=tuple(ranges[1:])))
    return out


def _not_a_cue(v: Token) -> bool:
    """Whether verb ``v`` is no cue whatever follows it: the "say" of "Let's say" (a
    supposition), "asked" of a source's request not to be named ("who *asked* not to be named",
    :func:`quotes_doc.anonymity_request`, usertest18 N3), a part of a hyphenated modifier
    ("his self-*declared* caliphate", usertest20 H4)."""
    return _lets_say(v) or anonymity_request(v) or hyphen_modifier(v)


def _no_report(v: Token, lemma: str) -> bool:
    """Whether cue ``v`` (lemma ``lemma``) stands in a shape that reports nothing: "pupils *were
    told to write* ..." (an instruction, usertest22 M7), "*called* him *out* to compete" (rules42),
    "no evidence *to support* the theory" (rules42), "Time will *tell*", "couldn't *believe*",
    "unable to *confirm* his record" (rules45), "*Without naming* the banks", "none had been
    *confirmed*", "the tools available *to confirm*" (rules48)."""
    return _told_to_do(v, lemma) or _called_to_act(v, lemma) or _evidence_to(v) or _idiom_no_report(v, lemma) \
        or _nothing_reported(v, lemma)


def _asks_the_reader(v: Token, lemma: str, subj: Token) -> bool:
    """Whether cue ``v`` with subject ``subj`` is a belief asked of the reader ("Would you ever
    have imagined that ...?", :func:`_to_the_reader`, usertest22 M7) or the reader's wondering
    ("If you ever wondered why cats purr", rules38): nobody's report."""
    return lemma not in SPEECH_LEMMAS and _to_the_reader(v, subj) or lemma == "wonder" and subj.lower_ == "you"


def refused_report(v: Token) -> bool:
    """Whether cue verb ``v`` (a token of a parsed doc) is read in a shape the rules hold as *not
    a report* on purpose: :func:`_not_a_cue`, :func:`_no_report` and, with the subject the rules
    give it (:func:`quotes_speakers.subject`), :func:`_asks_the_reader`. One predicate for the
    rules (:func:`indirect_quotes` asks its parts where its reading reaches them) and for the
    learned attributions (``attribution_sanity.refused``, merge49): a shape the rules refuse is
    refused whoever proposes it."""
    lemma = v.lemma_.lower()
    if _not_a_cue(v) or _no_report(v, lemma):
        return True
    subj = subject(v)
    return subj is not None and _asks_the_reader(v, lemma, _part_of(subj) or subj)


def _according(ctx: DocContext, v: Token) -> Attr | None:
    """"According to X, ..." / "..., according to X": the rest of the sentence is the content."""
    doc = ctx.doc
    a0, b0 = v.left_edge.i, max(v.right_edge.i, v.i + 1) + 1
    sent = v.sent
    before = trim(doc, sent.start, a0)
    after = trim(doc, b0, sent.end)
    part = after if after and (not before or after[1] - after[0] >= before[1] - before[0]) else before
    if part is before and after and after[1] - after[0] >= 3 and _own_frame_in(doc, before):
        # "The mayor said the levees would hold, but according to a study by X, they are weak":
        # the words before hold the mayor's own frame; the source gives what follows
        part = after
    if part is not None and part is after:
        # "According to X, A, though the governor said B": B is the governor's
        part = _before_own_frame(doc, v, after)
    if after and a0 >= 2 and doc[a0 - 1].text == "," and doc[a0 - 2].lower_ == "which":
        # "A, the governor said, which, according to aides, was a mistake": the frame stands in
        # a relative on the report; the source gives the relative's words, not the report
        part = after
    if part is after and before and any(
        (sf := _second_frame(doc, t)) is not None and sf[1].i == v.i for t in doc[b0 : sent.end] if t.pos_ in ("VERB", "AUX")
    ):
        # "A, according to the governor, though, aides said, B": what follows is the aides'
        part = before
    if part is after and before and doc[after[0]].lower_ in _NEXT_CLAUSE_LINKS and any(
        t.dep_ in SUBJ and after[0] < t.i < after[1] and after[0] < t.head.i < after[1] for t in doc[after[0] : after[1]]
    ):
        # "A, according to the governor, and the council agreed": what happened next, not the
        # governor's words (as "A, the mayor said, and the council agreed": _next_clause)
        part = before
    if part is not None and part is after:
        # "According to Smith, the plan failed, according to a report": the second source's
        # frame is no part of what the first vouches for; the second's content holds the first
        # reading, nested (rules38)
        for k in range(after[0] + 1, after[1] - 1):
            if doc[k].text == "," and doc[k + 1].lower_ == "according" and k + 2 < len(doc) and doc[k + 2].lower_ == "to":
                part = trim(doc, after[0], k)
                break
    if a0 >= 1 and doc[a0 - 1].text == "(" and b0 < len(doc) and doc[b0].text == ")":
        # "The plant employs 400 people (according to the company).": a bracketed source
        # vouches for the words before its bracket, never those after it; from the start of the
        # clause it hangs on ("He said *the firm is stable* (according to its filings)") (rules38)
        h = v.head
        start = h.left_edge.i if h.pos_ in ("VERB", "AUX") and sent.start <= h.left_edge.i < a0 - 1 else sent.start
        part = trim(doc, start, a0 - 1)
    part = _within_own_clause(doc, v, part) if part else part
    if not part or part[1] - part[0] < 3 or _by_own_measure(v) or _by_what_is_followed(v):
        return None
    more: tuple = ()
    if part is after and before and _subject_before_source(doc, before, after):
        # "The union, according to its leader, will strike": one content in two pieces
        part, more = before, (chars(doc, *after),)
    return Attr(chars(doc, *part), "indirect", v.i, ctx.cue_range(v.i), speaker_for(ctx, v.i, b0, sent.end), more=more)


def _subject_before_source(doc: Doc, before: tuple[int, int], after: tuple[int, int]) -> bool:
    """Whether the words ``before`` a mid-sentence "according to X" (token range, opening the
    sentence) are the subject of the clause ``after`` it ("*The union*, according to its leader,
    will strike on Monday"): the source's content is both, as one interrupted content
    (usertest18 H4). Needs a parse: a token of ``before`` that is the subject of a verb in ``after``."""
    a, b = before
    if b - a > 8 or not doc.has_annotation("DEP") or a != doc[a].sent.start:
        return False
    return any(t.dep_ in SUBJ and after[0] <= t.head.i < after[1] for t in doc[a:b])


# what a person has or is measured by, never a source: "according to *his body mass index*",
# "according to *their instinctive preference*" ("in accordance with"; PolNeAR annotates none)
_OWN_MEASURES = frozenset(
    """index preference preferences taste tastes instinct instincts need needs ability abilities
    merit merits size weight height age ratio score""".split()
)


def _by_own_measure(v: Token) -> bool:
    """Whether "according" ``v`` has as its object a possessive pronoun and a noun of what the
    possessor has or measures ("his body mass index", "their preference"): no source."""
    for t in v.children:
        if t.lower_ != "to":
            continue
        for o in t.children:
            if o.dep_ == "pobj" and o.lower_ in _OWN_MEASURES and any(
                c.dep_ == "poss" and c.lower_ in ("his", "her", "their", "its", "my", "our", "your") for c in o.children
            ):
                return True
    return False


# what one acts by, never who says something: "rebuild the region according to *its strict
# reading of the old law*", "according to *plan*", "according to *the schedule*", "according to
# *tradition*". None of these heads an "according to" object in polnear-train (393 of its 424
# "according to" objects are gold SOURCEs; "law", "data", "documents", "records" among them,
# so they stay sources)
_FOLLOWED = frozenset(
    """vision visions plan plans schedule schedules timetable script design blueprint ideology doctrine
    interpretation reading teachings tradition traditions custom customs principles wishes lore legend
    beliefs belief faith scripture scriptures""".split()
)


def _by_what_is_followed(v: Token) -> bool:
    """Whether "according" ``v`` has as its object a plan, belief or custom one acts by
    (:data:`_FOLLOWED`, "its strict reading of the old law", "plan"): no source, no attribution."""
    return any(
        o.dep_ == "pobj" and o.lemma_.lower() in _FOLLOWED or o.dep_ == "pobj" and o.lower_ in _FOLLOWED
        for t in v.children if t.lower_ == "to" for o in t.children
    )


def _within_own_clause(doc: Doc, v: Token, part: tuple[int, int]) -> tuple[int, int] | None:
    """``part`` (token range an "according to" ``v`` gives) kept inside the relative clause that
    "according to" modifies a verb of ("the group, *which is trying to rebuild the region*
    according to its leaders"): what the source vouches for is that clause, never the main
    clause it hangs on. ``part`` itself when "according to" stands in no relative clause."""
    cur = v.head
    for _ in range(6):
        if cur.dep_ in ("relcl", "acl") and cur.pos_ in ("VERB", "AUX"):
            lo, hi = cur.left_edge.i, cur.right_edge.i + 1
            a, b = max(part[0], lo), min(part[1], hi)
            return trim(doc, a, b) if b > a else None
        if cur.head.i == cur.i:
            return part
        cur = cur.head
    return part
