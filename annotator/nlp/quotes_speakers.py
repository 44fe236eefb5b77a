"""Who said it: the speaker of a cue, from the parse (the cue verb's subject) or, without a parser,
from the words around the cue ("Lavrov said", "said the minister", "according to X")."""

from __future__ import annotations

import re

from collections.abc import Sequence

from spacy.tokens import Doc, Token

from annotator.nlp.quotes_doc import DocContext, chars, ends_verbless_subject, per_token, sent_start
from annotator.nlp.quotes_lexicon import (
    COGNITION_LEMMAS,
    CUE_FILLERS,
    DASHES,
    DETERMINERS,
    DOBJ_LEMMAS,
    DOCUMENT_NOUNS,
    HUMAN_NOUNS,
    ISSUED_NOUNS,
    MARK_TOKENS,
    OUTLET_NOUNS as _OUTLET_NOUNS,
    PERSONAL_PRONOUNS,
    RELATIVE_PRONOUNS,
    SPEECH_LEMMAS,
    TITLE_NOUNS,
    XCOMP_LEMMAS,
)
from annotator.nlp.quotes_pairs import QUOTE_CHARS
from annotator.nlp.quotes_types import Range

_GROUPS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
_SPEAKER_STOP = frozenset(
    "on in at during to who which that after before when while last this for from with as "
    "about because since told said says according monday tuesday wednesday thursday friday "
    "saturday sunday today yesterday tonight earlier later recently".split()
)
SUBJ = ("nsubj", "nsubjpass", "csubj")
# words that end a speaker phrase when scanning back from the cue without a parser
CLAUSE_WORDS = frozenset(
    """and but or nor so yet that which who whom whose when where while if because as since
    although though after before than then in on at by for from with without into about over
    under to is are was were be been has have had not also""".split()
)
# day words a parser may take for the subject of a cue verb ("Yesterday he said"); never speakers
TIME_WORDS = frozenset(
    "today yesterday tomorrow tonight monday tuesday wednesday thursday friday saturday sunday "
    "morning afternoon evening night week weekend month year".split()
)
NOT_SPEAKERS = frozenset("it this that which what there".split())



def np_range(doc: Doc, h: Token) -> tuple[int, int]:
    """A speaker noun phrase around head ``h``, cut at commas and relative clauses; with its
    examples ("Proponents like Ms. Okafor"); an organisation's name before the subject's
    apposition ("Care Now, a charity, said": :func:`_name_before_apposition`). Returns token
    indices [a, b)."""
    named = _name_before_apposition(h) if h.dep_ in ("nsubj", "nsubjpass") else None
    if named is not None:
        return named
    a = h.i
    closed: int | None = None  # the ")" of a parenthesis met inside the phrase, not yet opened
    skip_to: int | None = None  # the opening mark of a quoted name already taken in
    for i in range(h.i - 1, h.left_edge.i - 1, -1):
        if skip_to is not None:
            if i >= skip_to:
                continue
            skip_to = None
        if doc[i].text == ")" and closed is None:
            closed = i  # "A World Health Organization (WHO) official said": the acronym is inside
            a = i
            continue
        if doc[i].text == "(" and closed is not None:
            closed = None
            a = i
            continue
        if doc[i].text in MARK_TOKENS and a == i + 1 and closed is None:
            opened = _quoted_name_before(doc, i, h.left_edge.i)
            if opened is not None:
                a = opened  # 'Longtime "Evening Report" host Dan Miller said': a show's name inside the phrase
                skip_to = opened
                continue
        if doc[i].text in {",", "(", "--"} or doc[i].text in DASHES or doc[i].is_space or doc[i].text in MARK_TOKENS:
            break
        if "\n" in doc[i].whitespace_:  # a heading line above is not part of the speaker
            break
        if doc[i].text in {"-", ":"} and doc[i].whitespace_:
            break  # "WASHINGTON - President Obama said": a dateline is not part of the speaker
        a = i
    while a >= 2 and doc[a - 1].text in ("-", "\u2010", "\u2011") and not doc[a - 1].whitespace_ and not doc[a - 2].whitespace_ \
            and doc[a - 2].is_alpha and doc[a - 2].head.i in (h.i, h.head.i):
        a -= 2  # "al-Masri said": the parse may split a hyphenated name into subjects of the verb (usertest22 L3)
    if closed is not None:
        a = closed + 1  # a ")" whose "(" lies outside the phrase: the phrase starts after it
    a = _past_compounds_before(doc, a)
    b = h.i + 1
    for c in h.rights:
        if c.dep_ in ("cc", "conj") and c.pos_ in ("CCONJ", "NOUN", "PROPN"):
            # "Doctors and nurses *at the hospital*": a phrase after the list hangs on its first
            # head and is the whole list's (the conjuncts themselves: _past_conjuncts)
            continue
        if c.dep_ in ("compound", "flat", "nummod") or (c.dep_ == "prep" and c.lower_ in _SPEAKER_PREPS and _has_object(c)) \
                or (c.dep_ == "prep" and c.lower_ == "to" and h.lower_ in _AIDE_NOUNS):  # "an aide to Hale" (rules40)
            end = _before_relative(doc, c.i, c.right_edge.i + 1)  # "at the hospital, who have ..."
            end = _before_apposition(doc, c.i, end)  # "from the weather service, Omar Haddad,"
            end = _past_possessed(doc, end)
            seg = doc[b:end]
            if any(t.text in {",", "("} or t.text in MARK_TOKENS for t in seg) or len(seg) > 8:
                break
            b = end
        elif c.dep_ == "acl" and c.tag_ == "VBG" and c.i == b and c.lemma_.lower() not in _CUE_PARTICIPLES:
            # "A group *monitoring the war* said", "a man calling himself Paul Paul": PolNeAR's
            # gold keeps a participle phrase in the SOURCE ("the super PAC backing Hillary
            # Clinton", "a federal judge handling a ... lawsuit"); not one that is the cue
            # itself ("Trump talking about ...")
            end = _before_relative(doc, c.i, c.right_edge.i + 1)
            end = _past_claimed_name(h, end)
            seg = doc[b:end]
            if any(t.text in {",", "(", ";"} or t.text in MARK_TOKENS or t.is_space for t in seg) or len(seg) > 12:
                break
            b = end
        elif _close_appositive_name(c, b):
            b = c.i + 1  # "The economist Maria Lenz, who argued": the name, as in "Senator Paul Grimsby"
        elif _name_s(c, b):
            b = c.i + 1  # "Harlow's said": the 's is the company's name's, not a possessor's (FNC-1 item 13)
        else:
            break
    if b == h.i + 1 and h.lower_ in _OUTLET_NOUNS:
        b = _outlet_name_after(doc, b)
    b = _past_hyphen_word(doc, b)
    return _before_list(doc, h, a), _past_conjuncts(doc, h, b)


_HYPHENS = ("-", "\u2010", "\u2011")


def _quoted_name(doc: Doc, j: int, k: int) -> bool:
    """Whether tokens ``j`` .. ``k`` are an opening quotation mark, one to six words with a
    capital among them and no other punctuation than a hyphen or "&", and a closing mark on the
    same line: a name in marks (a show, a slogan, a group: '"Evening Report"', '"Vote Them Out"')."""
    inner = doc[j + 1 : k]
    return doc[j].text in MARK_TOKENS and doc[k].text in MARK_TOKENS and 1 <= len(inner) <= 6 \
        and any(t.text[:1].isupper() for t in inner) \
        and not any(t.text in MARK_TOKENS or t.is_punct and t.text not in (*_HYPHENS, "&") for t in inner) \
        and not any("\n" in t.whitespace_ for t in doc[j:k])


def _quoted_name_before(doc: Doc, k: int, lo: int) -> int | None:
    """The opening mark's index of a quoted name (:func:`_quoted_name`) whose closing mark is
    token ``k``, no further left than token ``lo``; None when there is none. PolNeAR's gold
    keeps such names inside the source (15 sources hold a quotation mark, none is cut at one;
    rules49: FNC-1's 'Longtime "<show>" anchor <name>' had lost all before "anchor")."""
    for j in range(k - 2, max(lo, k - 8) - 1, -1):
        if doc[j].text in MARK_TOKENS:
            # a word of the phrase before the opening mark: a phrase would not open on a mark
            # (it is trimmed off, and '"Dear Walter" letters' would read 'Dear Walter" letters')
            ok = _quoted_name(doc, j, k) and j - 1 >= lo and doc[j - 1].is_alpha and "\n" not in doc[j - 1].whitespace_
            return j if ok else None
    return None


def _glued_hyphen(doc: Doc, i: int) -> bool:
    """Whether token ``i`` is a hyphen glued to the words on both sides ("co-founder", which the
    tokenizer splits into three tokens)."""
    return 0 < i < len(doc) - 1 and doc[i].text in _HYPHENS and not doc[i - 1].whitespace_ and not doc[i].whitespace_ \
        and doc[i - 1].is_alpha and doc[i + 1].is_alpha


def _past_compounds_before(doc: Doc, a: int) -> int:
    """``a`` moved before the compound words the parse hung on the phrase's first word when
    that word is the first half of a split hyphenated word ("*Brightway* co-founder Ann Lee
    said": the tokenizer splits "co-founder" and the parse makes "co" a subject of its own,
    "Brightway" its compound). PolNeAR's gold keeps such words in the source (7 sources
    hold a "co-" word, none is cut at it; rules48)."""
    if not _glued_hyphen(doc, a + 1):
        return a
    while a > 0 and doc[a - 1].dep_ == "compound" and doc[a - 1].head.i == a and not doc[a - 1].is_punct \
            and "\n" not in doc[a - 1].whitespace_:
        a -= 1
    return a


def _past_hyphen_word(doc: Doc, b: int) -> int:
    """End (token index) of a phrase that ends on the first half of a split hyphenated word
    ("according to Brightway *co*-founder and Vice President Ann Lee": the parse makes "co",
    "-" and "founder" three objects of "to"): through the second half, the noun it modifies
    ("co-founder *Ann Lee*"), and a person's name joined to it by "and" after a title
    ("co-founder *and Vice President Ann Lee*": one person's two titles). ``b`` otherwise."""
    if not _glued_hyphen(doc, b):
        return b
    j = b + 1
    while doc[j].dep_ in ("compound", "amod") and j < doc[j].head.i <= j + 4 \
            and not any(t.is_punct or t.is_space for t in doc[j + 1 : doc[j].head.i + 1]):
        j = doc[j].head.i
    end = j + 1
    cc = doc[end] if end < len(doc) else None
    if cc is not None and cc.lower_ == "and" and cc.head.i == j:
        conj = next((c for c in doc[j].children if c.dep_ == "conj" and c.ent_type_ == "PERSON"), None)
        if conj is not None and conj.i - end <= 6 and not any(t.is_punct or t.is_space for t in doc[end : conj.i + 1]):
            end = conj.i + 1
    return end




def _past_possessed(doc: Doc, end: int) -> int:
    """``end`` moved past the noun a bare possessive mark ends on ("Many of Williams’
    *colleagues*": the parse may stop the "of" phrase at the apostrophe and hang the noun as
    an apposition; rules45, usertest29 M2 b). ``end`` itself otherwise."""
    k = end
    if 1 <= end < len(doc) - 1 and doc[end].text in ("'", "\u2019") and not doc[end - 1].whitespace_ and doc[end - 1].lower_.endswith("s"):
        k = end + 1  # "of Davis’ colleagues": the parse left the apostrophe out of the "of" phrase
    elif end < 2 or end >= len(doc) or doc[end - 1].dep_ != "case" or doc[end - 1].whitespace_ == "":
        return end
    n = doc[k]
    if n.pos_ not in ("NOUN", "PROPN") or n.dep_ not in ("appos", "pobj", "conj") or n.left_edge.i not in (end, k):
        return end
    last = n.i
    for c in n.rights:
        if c.dep_ in ("compound", "flat"):
            last = c.i
    return last + 1


def _past_claimed_name(h: Token, end: int) -> int:
    """``end`` moved past the name a participle on ``h`` claims when the parse made that name a
    second subject of ``h``'s verb ("A man claiming to be leader *X* said": the Source keeps the
    whole phrase; rules45)."""
    v = h.head
    if h.dep_ not in ("nsubj", "nsubjpass") or v.i == h.i:
        return end
    later = [c for c in v.children if c.dep_ == "nsubj" and end <= c.i < v.i]
    if len(later) != 1 or later[0].left_edge.i != end:
        return end
    return later[0].i + 1


def _outlet_name_after(doc: Doc, b: int) -> int:
    """End (token index) of an outlet's name right after its descriptor, which ends at ``b``
    ("according to US website *TMZ*", "the news site *Politico*", "British tabloid *The Sun*"):
    one to four capitalised words, "The" first allowed, no date ("the website Tuesday"), in the
    same sentence; ``b`` when none follows. The parse hangs the name as an appositive or a second
    object, or not at all, so the words decide (rules41, usertest27 M3)."""
    k = b
    if k < len(doc) and doc[k].text == "The":
        k += 1
    start = k
    while k < len(doc) and k - start < 4 and not doc[k].is_sent_start and doc[k].ent_type_ not in ("DATE", "TIME"):
        if cap(doc[k]) and doc[k].is_alpha and doc[k].lower_ not in ("said", "says"):
            k += 1
        elif k > start and doc[k].lower_ in ("de", "of", "du", "della") and k + 1 < len(doc) and cap(doc[k + 1]):
            k += 1  # "Portuguese newspaper Correio de Manha", as PolNeAR's Source has it
        else:
            break
    if k == start or not doc[k - 1].whitespace_ and k < len(doc) and (doc[k].text in ("'s", "\u2019s") or doc[k].text in ("-", "\u2010")):
        return b  # a possessor ("the paper The Times's editor") or half a hyphenated name ("As-Safir")  # no name, or a possessor ("the paper The Times's editor"): the descriptor alone
    return k


# prepositions whose phrase stays in the speaker: "officials at the hospital", "Proponents like
# Ms. Okafor"; "an expert with the space agency", "a researcher from the weather service" as
# PolNeAR's Source has them ("officials with the Democratic Congressional Campaign Committee";
# rules41: the name set off after such a phrase is the speaker's, coref.MentionIndex.resolve)
_SPEAKER_PREPS = frozenset(("of", "for", "at", "like", "with", "from"))

def _has_object(p: Token) -> bool:
    """Whether preposition ``p`` has its object ("from *the agency*"), no date or time: "with"
    and "from" with none are a parse of broken words ("Sgt Ann Cole from said"), and with a date
    tell when ("a memo from last week"); neither is part of the speaker. The older prepositions
    keep what they did."""
    if p.lower_ not in ("with", "from"):
        return True
    objs = [c for c in p.children if c.dep_ in ("pobj", "pcomp")]
    # "a memo from last week", "a web page from 2009": when, not whose (round10h)
    return bool(objs) and not any(c.ent_type_ in ("DATE", "TIME") or c.lower_ in TIME_WORDS for c in objs)


# nouns of people who serve someone, "to" whom is part of the speaker ("a former aide to Mr. Clinton",
# as PolNeAR's Source has it; rules40)
_AIDE_NOUNS = frozenset("aide aides adviser advisers advisor advisors spokesman spokeswoman spokesperson counsel envoy assistant".split())


# participles that may be the cue on the noun they modify ("a group *opposing* the stadium")
_CUE_PARTICIPLES = SPEECH_LEMMAS | COGNITION_LEMMAS | DOBJ_LEMMAS | XCOMP_LEMMAS | frozenset(("talk", "speak"))
_NAME_LINKS = frozenset("of without for and & de the on in".split())


def _name_before_apposition(h: Token) -> tuple[int, int] | None:
    """An organisation's name in title case opening the sentence and set off before an apposition
    ("*Care Now*, a charity, said", "*Doctors Without Borders*, a charity, said", "*Save Rivers*, a
    campaign group, said"), when subject ``h`` is that apposition (the parse took "Care" for a
    verb) or the name's first word (the rest hung as a phrase of it): the name, tokens [a, b).
    Two to six words, the first and last capitalised, the others capitalised or linking words
    ("of", "without", "and"). None otherwise (rules37, issue 10)."""
    doc = h.doc
    start = sent_start(h)
    first = doc[h.left_edge.i]
    if first.lower_ in ("a", "an") and h.left_edge.i - 1 > start and doc[h.left_edge.i - 1].text == ",":
        comma = h.left_edge.i - 1  # the apposition is the subject: the name before its comma
    elif h.i == start and cap(h):
        comma = next((k for k in range(h.i + 1, min(len(doc) - 1, h.i + 7)) if doc[k].text == ","), None)
        if comma is None or doc[comma + 1].lower_ not in ("a", "an"):
            return None
    else:
        return None
    run = doc[start:comma]
    if not 2 <= len(run) <= 6 or not (cap(run[0]) and cap(run[-1])):
        return None
    if any(not (cap(t) or t.lower_ in _NAME_LINKS) for t in run) or any(t.ent_type_ in ("DATE", "TIME", "GPE") for t in run):
        return None
    if run[0].ent_type_ == "PERSON" or run[0].lower_ in DETERMINERS:
        return None  # a person's name is found as such; "The group, a charity" is a phrase
    return start, comma


def _before_relative(doc: Doc, a: int, b: int) -> int:
    """End (token index) of the phrase [a, b) before a relative clause set off by a comma inside
    it ("at the hospital*, who have been on strike*": the clause hangs on "hospital" but
    describes the speakers); ``b`` when there is none."""
    for k in range(a + 1, b - 1):
        if doc[k].text == "," and any(t.dep_ == "relcl" and t.left_edge.i == k + 1 for t in doc[k + 1 : b]):
            return k
    return b


def _before_apposition(doc: Doc, a: int, b: int) -> int:
    """End (token index) of the phrase [a, b) before a name set off by commas inside it ("from
    the weather service*, Omar Haddad,*": the parse hangs the speaker's name on the phrase's last
    noun; the name is the speaker's, :meth:`coref.MentionIndex.resolve` finds it after the
    phrase; rules41); ``b`` when there is none."""
    for k in range(a + 1, b - 1):
        if doc[k].text == "," and any(t.dep_ == "appos" and t.left_edge.i == k + 1 and t.ent_type_ == "PERSON" for t in doc[k + 1 : b]):
            return k
    return b


def _before_list(doc: Doc, h: Token, a: int) -> int:
    """Start (token index) of the speaker phrase starting at ``a`` with the list items the parse
    left before it ("*The unions,* the employers and the regional governments all said": "unions"
    hung on the verb as ``dep``, the subject the coordination after the comma). Only when ``h``
    heads a list joined by "and"/"or" and the item before the comma is a noun phrase of the same
    verb with no verb, mark or line break inside; ``a`` otherwise. PolNeAR's SOURCE is the whole
    coordination (see :func:`_past_conjuncts`)."""
    if not any(c.dep_ == "conj" for c in h.rights) or not any(c.dep_ == "cc" and c.lower_ in ("and", "or") for c in h.children):
        return a
    for _ in range(6):
        if a < 2 or doc[a - 1].text != ",":
            return a
        x = doc[a - 2]
        while x.head.i < a - 1 and x.head.i != x.i and x.head.i >= x.i - 6 and x.dep_ in ("compound", "amod", "det", "poss"):
            x = x.head  # (the item's head, when its last word is not)
        item = next((t for t in (x, x.head) if t.dep_ == "dep" and t.head.i == h.head.i and t.pos_ in ("NOUN", "PROPN") and t.right_edge.i == a - 2), None)
        if item is None or item.lower_ in TIME_WORDS:
            return a
        seg = doc[item.left_edge.i : a - 1]
        if any(t.pos_ in ("VERB", "AUX") or t.text in MARK_TOKENS or "\n" in t.whitespace_ or t.text in DASHES for t in seg):
            return a
        a = item.left_edge.i
    return a


def _past_conjuncts(doc: Doc, h: Token, b: int) -> int:
    """End (token index) of the noun phrase headed by ``h`` with the nouns coordinated with it
    ("*The unions, the employers and the regional governments* said", "*Companies and
    individuals* complain", "*Neither the police nor the army* would say"): PolNeAR's gold SOURCE is the whole coordination (e.g. "Sanders and
    Clinton", "X, Y, and other Democrats" in polnear-train). Each
    conjunct is cut as :func:`np_range` cuts a head, so a floating quantifier after the list
    ("... *all* said", parsed as an appositive) stays out. ``b`` when ``h`` heads no list of
    nouns, or a conjunct lies across a quote mark or a line break."""
    chain = _noun_conjuncts(h)
    if len(chain) == 1:
        chain = _listed_as_apposition(doc, h) or chain
    if len(chain) == 1 or not any(c.dep_ == "cc" and c.lower_ in ("and", "or", "nor") for t in chain for c in t.children):
        return b  # (a list the parse made without "and"/"or"/"nor" is rather an apposition)
    for c in chain[1:]:
        if any(t.text in MARK_TOKENS or "\n" in t.whitespace_ or t.pos_ in ("VERB", "AUX") for t in doc[b : c.i + 1]):
            break
        b = max(b, np_range(doc, c)[1])
        while b < len(doc) and doc[b].dep_ == "conj" and doc[b].head.i == c.head.i and doc[b].pos_ == "PROPN" \
                and doc[b - 1].pos_ == "PROPN" and cap(doc[b]):
            b += 1  # "Omar Haddad and Pia Sorensen": a name the parse split into two conjuncts
    return b


def _noun_conjuncts(first: Token) -> list[Token]:
    """``first`` and the heads of the nouns conjoined after it, in order (each the first noun or
    pronoun ``conj`` of the one before; at most 9 in all)."""
    chain = [first]
    for _ in range(8):
        nxt = [c for c in chain[-1].rights if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN", "PRON")]
        if not nxt:
            break
        chain.append(nxt[0])
    return chain


def _listed_as_apposition(doc: Doc, h: Token) -> list[Token] | None:
    """The items of a list the parse hung on its first item as an apposition with conjuncts
    ("*The mayor*, *the governor* and *two senators* said": "governor" an ``appos`` of "mayor",
    "senators" its ``conj``): ``h`` and the conjunct heads, when the last one runs straight into
    the verb ``h`` is the subject of. An apposition closes with a comma ("The mayor, a lawyer and
    writer, said"), so one followed by a comma stays the speaker's description (None)."""
    appos = next((c for c in h.rights if c.dep_ == "appos" and doc[c.left_edge.i - 1].text == ","), None)
    if appos is None or h.dep_ not in ("nsubj", "nsubjpass"):
        return None
    chain = _noun_conjuncts(appos)
    # (the apposition's last word: a name the parse split into two conjuncts of the first item,
    # "Omar Haddad and *Pia* *Sorensen*", ends past the chain's last head)
    end = max(chain[-1].right_edge.i, appos.right_edge.i) + 1
    if len(chain) == 1 or end >= len(doc) or doc[end].i != h.head.i and not (doc[end].dep_.startswith("aux") and doc[end].head.i == h.head.i):
        return None
    return [h, *chain]


def _close_appositive_name(c: Token, b: int) -> bool:
    """A person's name the parse hung as an appositive right after its description, with no comma
    between ("the economist *Maria Lenz*"): one noun phrase with it, like a title before a name.
    A name set off by commas ("the economist, Maria Lenz,") stays out (the description's
    ``speaker_ref``)."""
    if c.dep_ != "appos" or c.left_edge.i != b:
        return False
    if c.ent_type_ == "PERSON" and all(t.ent_type_ == "PERSON" for t in c.doc[b : c.i + 1]):
        return True
    # "The group Judicial Watch reported", "the watchdog Clean Rivers said": an organisation's
    # name right after a common noun with a determiner, no comma (rules48)
    h = c.head
    return c.ent_type_ == "ORG" and h.pos_ == "NOUN" and h.i == b - 1 and any(d.dep_ == "det" for d in h.children) \
        and all(t.ent_type_ == "ORG" and t.pos_ == "PROPN" for t in c.doc[b : c.i + 1])


def _name_s(c: Token, b: int) -> bool:
    """Whether ``c`` is the possessive ending of a subject that possesses nothing after it: a
    company named with its founder's 's ("Harlow's has just announced", "Brennan's said";
    "Dunkin'"), which the tokenizer splits off the name and the parse hangs on it as a
    ``case`` marker. A subject is never a possessor with no possessed noun, so the 's is part
    of the name; a possessor proper ("Harlow's chief executive said") is no subject and keeps
    its noun."""
    h = c.head
    return c.dep_ == "case" and c.i == b and h.dep_ in ("nsubj", "nsubjpass") and not c.doc[c.i - 1].whitespace_ \
        and c.text.replace("\u2019", "'") in ("'s", "'") and h.pos_ == "PROPN"


def referring_it(h: Token) -> bool:
    """"it" that stands for someone who says something ('"...," *it* recommended', "the council
    met and *it* said that"): the active subject of a verb of speech (:data:`SPEECH_LEMMAS`).
    Not the "it" of "it was reported" (a passive subject) or "it seems" (no verb of speech),
    which names no one."""
    return h.lower_ == "it" and h.dep_ == "nsubj" and h.head.pos_ == "VERB" and h.head.lemma_.lower() in SPEECH_LEMMAS


def not_a_speaker(h: Token) -> bool:
    """A parsed subject that cannot be a speaker: punctuation, such as a quote mark the tagger did
    not know (「」, ❝❞, 〝〞 in English text)."""
    return h.is_punct or all(c in QUOTE_CHARS for c in h.text)


# what a speaker does next with words ("and *added* that", "and *declined* to say", "and
# *announced* 500 job cuts"); not what a thing or a finding may do too ("the data improved and
# *suggested* a recovery", "... and *showed* ...")
_SPEECH_ACTS = (SPEECH_LEMMAS | XCOMP_LEMMAS | DOBJ_LEMMAS) - frozenset(
    """suggest indicate show predict support continue estimate forecast reveal report mention describe point
    plan want intend hope expect seek agree oppose question credit""".split())


_APPEALS = frozenset("ask urge appeal call".split())
_AUDIENCES = frozenset("public resident citizen witness anyone anybody people community voter driver".split())


def _participles_of_one_speaker(v: Token, h: Token, c: Token) -> bool:
    """Whether participle ``c`` ("implying that ...") joined by "and" to the clause ``h`` that
    participle cue ``v`` ("warning ... that") reports is the speaker's next report: "he posted
    messages, *warning* that the group could enter the country *and implying* that some members
    were already here" (PolNeAR gold: source "he"; rules46). Both are participles of speech, the
    second with its own "that" clause and no subject."""
    return (
        v.tag_ == "VBG" and c.tag_ == "VBG" and c.dep_ == "conj" and c.head.i == h.i
        and v.lemma_.lower() in SPEECH_LEMMAS and c.lemma_.lower() in SPEECH_LEMMAS
        and any(k.dep_ == "cc" and k.lower_ == "and" and h.i < k.i < c.i for k in h.children)
        and not any(k.dep_ in SUBJ or k.dep_.startswith("aux") for k in c.children)
        and any(k.dep_ == "ccomp" and any(m.dep_ == "mark" and m.lower_ == "that" for m in k.children) for k in c.children)
    )


def _told_then_said(v: Token, h: Token, c: Token, subj: Token) -> bool:
    """Whether "said" / "added" ``c`` after the clause ``h`` that "told <someone>" ``v`` reports is
    the teller's second report ("The witness told the paper *he knew the man* and said he saw
    ...", usertest29 row 1310): the reported subject a personal pronoun, the reported verb a plain
    tense (no "had": "told police the man had hit her and said ..." may be the man's). PolNeAR
    gold ends 22 contents before such an "and said / told / added", none holds one (rules46)."""
    return (
        v.lemma_.lower() == "tell" and c.lemma_.lower() in ("say", "add")
        and any(k.dep_ in ("dobj", "dative", "iobj") for k in v.children)
        and subj.lower_ in PERSONAL_PRONOUNS
        and not any(k.dep_.startswith("aux") and k.lower_ in ("had", "'d") for k in h.children)
    )


def _after_subjunctive(v: Token, h: Token, c: Token) -> bool:
    """Whether verb of speech ``c``, joined by "and" to ``h``, the bare subjunctive that cue ``v``
    demands ("The union demanded that the plant *stay* open *and suggested* a strike would
    follow", usertest32 M2), is the speaker's next report: a past or present in the cue's own form
    with no subject or auxiliary of its own cannot go on from a base form with no auxiliary ("stay
    ... and suggested"), so it shares the cue's subject. Any verb of speech counts, "suggest" too
    (:data:`_SPEECH_ACTS` leaves it out for a thing's "data suggest", which a subjunctive's
    conjunct cannot be). PolNeAR's gold (held-out + dev) ends 29 contents right before "and said /
    added / argued / urged / called ..."; the 5 that run over one are quoted words or the reported
    subject's own act; "urged X to ... and tried / criticized" ends before it (2 of 2)."""
    if c.dep_ != "conj" or c.head.i != h.i or h.tag_ != "VB" or c.tag_ != v.tag_ or c.tag_ not in ("VBD", "VBZ"):
        return False
    if c.lemma_.lower() not in SPEECH_LEMMAS or any(k.dep_ in SUBJ or k.dep_.startswith("aux") for k in c.children):
        return False
    if any(k.dep_.startswith("aux") for k in h.children) or not any(k.dep_ in ("nsubj", "nsubjpass") for k in h.children):
        return False  # "said they would stay and ...", "urged them to stay and ...": no bare subjunctive
    return any(k.dep_ == "cc" and k.lower_ == "and" and h.i < k.i < c.i for k in h.children)


# verbs whose passive takes a that-clause or an infinitive ("the man was arrested and *told
# that* he would be charged", "... and *urged to* leave"): after a passive their participle may be
# the reported subject's, so :func:`_after_modal` leaves them to the older rules
_PASSIVE_REPORTS = frozenset(
    """tell warn inform advise assure notify remind ask urge order promise instruct encourage persuade convince
    show teach request require allow forbid invite""".split())


def _after_modal(v: Token, h: Token, c: Token) -> bool:
    """Whether verb of speech ``c``, joined by "and" to ``h``, the modal clause cue ``v`` reports
    ("The club announced that the stadium would be renamed *and hinted that* a sponsor had been
    found", usertest33 item 19; "... the director would be sacked *and promised that* ..."), is the
    speaker's next report: a past (or a present after a present cue) with no subject or auxiliary
    of its own cannot share the modal ("would ... and hinted"), so it shares the cue's subject; a
    bare form does ("would resign *and leave* politics" stays the subject's). The tagger may read
    the conjunct as a participle of the passive ("would be renamed and *hinted*", VBN): then it
    counts only with a "that" clause of its own and no verb whose passive takes one
    (:data:`_PASSIVE_REPORTS`: "would be arrested and *told that* ..." is the subject's).
    PolNeAR's gold (held-out + dev) ends 29 contents right before "and said / urged / ..."
    (rules50)."""
    if c.dep_ != "conj" or c.head.i != h.i or c.lemma_.lower() not in SPEECH_LEMMAS:
        return False
    if not any(k.tag_ == "MD" and k.dep_ == "aux" for k in h.children):
        return False
    if any(k.dep_ in SUBJ or k.dep_.startswith("aux") for k in c.children):
        return False
    if not any(k.dep_ == "cc" and k.lower_ == "and" and h.i < k.i < c.i for k in h.children):
        return False
    if not any(k.dep_ in ("ccomp", "xcomp") for k in c.children):
        return False  # "would step down and thanked him": no report of its own
    if v.tag_ == "VBZ":
        return c.tag_ == "VBZ"
    if v.tag_ != "VBD" or c.tag_ not in ("VBD", "VBN"):
        return False
    passive = any(k.dep_ == "auxpass" for k in h.children)
    if passive and c.lemma_.lower() in _PASSIVE_REPORTS:
        return False
    if c.tag_ == "VBN":
        return passive and any(k.dep_ == "ccomp" and any(m.dep_ == "mark" and m.lower_ == "that" for m in k.children)
                               for k in c.children)
    return True


def _after_past(v: Token, h: Token, c: Token) -> bool:
    """Whether verb ``c``, joined by "and" to ``h``, the past clause cue ``v`` reports, is the
    speaker's next report though the reported subject is a person or a group (usertest34 M2,
    rules52): an appeal to the public after a passive ("Police reported that two men *were
    arrested and appealed for witnesses* to come forward": the men arrested make no appeal; the
    tagger may read "appealed" as a participle of the passive), or a past verb of speech with a
    "that" clause of its own after a pluperfect ("The coach admitted the team *had played badly
    and vowed that* they would bounce back"). No subject or auxiliary of its own; a cue "tell"
    (whose reported subject may say more, :func:`_told_then_said`) and "and that" (a second
    clause of the same cue) stay one content."""
    if c.dep_ != "conj" or c.head.i != h.i or v.tag_ != "VBD" or v.lemma_.lower() == "tell":
        return False
    if any(k.dep_ in SUBJ or k.dep_.startswith("aux") or k.dep_ == "mark" for k in c.children):
        return False
    if not any(k.dep_ == "cc" and k.lower_ == "and" and h.i < k.i < c.i for k in h.children):
        return False
    lemma = c.lemma_.lower()
    if any(k.dep_ == "auxpass" and k.lower_ in ("was", "were") for k in h.children):
        return c.tag_ in ("VBD", "VBN") and lemma in _APPEALS and any(
            k.lemma_.lower() in _AUDIENCES for k in c.subtree if k.i != c.i)
    if c.tag_ != "VBD" or lemma not in SPEECH_LEMMAS or not any(k.dep_ == "aux" and k.lower_ in ("had", "'d") for k in h.children):
        return False
    return any(k.dep_ == "ccomp" and any(m.dep_ == "mark" and m.lower_ == "that" for m in k.children) for k in c.children)


def speakers_next_report(v: Token, h: Token, c: Token) -> bool:
    """Whether conjunct ``c`` of ``h``, the clause cue ``v`` reports, is the speaker's next report
    ("The mayor said the deal was signed *and added* that ...", "... the strike was illegal *and
    declined* to say ...", usertest20 H2), not more of what was reported: a speech act
    (:data:`_SPEECH_ACTS`) in the cue's own form, joined by "and" (PolNeAR's gold keeps "... but
    said ..."), with no subject or auxiliary of its own, whose reported subject cannot do it -- no
    person (:func:`person_like`) -- or did its own act before and the conjunct appeals to the
    public ("the suspect *had fled* and asked the public for help": a pluperfect, then a plain
    past). A person's own act stays ("the man posed a clear danger and refused to put down the
    knife", "the man had made threats and refused to leave")."""
    # a plural speaker's present ("neighbours *say* A and *say* that B") the tagger reads as a
    # bare form after the reported verb
    present = v.tag_ == "VBP" and c.tag_ in ("VB", "VBP")
    if _participles_of_one_speaker(v, h, c):
        return True
    if _after_subjunctive(v, h, c) or _after_modal(v, h, c) or _after_past(v, h, c):
        return True
    if c.dep_ != "conj" or c.head.i != h.i or (c.tag_ != v.tag_ or c.tag_ not in ("VBD", "VBZ")) and not present \
            or c.lemma_.lower() not in _SPEECH_ACTS:
        return False
    if not any(k.dep_ == "cc" and k.lower_ == "and" and h.i < k.i < c.i for k in h.children):
        return False
    if any(k.dep_ in SUBJ or k.dep_.startswith("aux") for k in c.children):
        return False
    subj = next((k for k in h.children if k.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None:
        # "the road was closed and asked ...": the parse may hang the subject on the auxiliary
        subj = next((k for a in h.children if a.dep_.startswith("aux") for k in a.children if k.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None:
        return False
    if not (person_like(subj) or subj.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")):
        return True
    if _told_then_said(v, h, c, subj):
        return True
    if present and _singular_verb(h):
        # "neighbours say Marco *has* ... and *say* that": the conjunct cannot agree with the
        # reported clause's singular subject; it goes on from the plural speaker (usertest22 H1)
        return True
    if c.tag_ != "VBD" or not any(k.dep_ == "aux" and k.lower_ in ("had", "'d") for k in h.children):
        return False
    # a person's pluperfect, then a plain past: "the suspect had fled and *asked the public* for
    # help" is the police's appeal, but "the man had made threats and refused to leave" is his
    # (a regular verb's past and participle look alike): only an appeal to the public, or "added"
    return c.lemma_.lower() == "add" or c.lemma_.lower() in _APPEALS and any(
        k.dep_ in ("dobj", "pobj") and k.lemma_.lower() in _AUDIENCES for k in c.subtree)


def _singular_verb(h: Token) -> bool:
    """Whether verb ``h`` or its first auxiliary is a third-person singular present ("has",
    "is", "says") or a singular "was"."""
    aux = next((c for c in h.children if c.dep_ in ("aux", "auxpass") and c.i < h.i), None)
    w = aux if aux is not None else h
    return w.tag_ == "VBZ" or w.lower_ == "was"


def person_like(h: Token) -> bool:
    return (
        h.ent_type_ in _GROUPS
        or h.lower_ in PERSONAL_PRONOUNS
        or h.lemma_.lower() in HUMAN_NOUNS
        or h.lower_ in HUMAN_NOUNS
        or h.pos_ == "PROPN"
        or _partitive_of_people(h)
        or _age_as_noun(h)
    )


def _age_as_noun(h: Token) -> bool:
    """"The *45-year-old* said": an age after a determiner stands for a person (news names them
    just before; :meth:`coref.MentionIndex.resolve` finds whom). The parse keeps "old" an
    adjective (rules41, usertest27 H3b)."""
    doc = h.doc
    return h.lower_ == "old" and h.i >= 3 and doc[h.i - 1].text == "-" and doc[h.i - 2].lower_ in ("year", "years") \
        and any(c.dep_ == "det" for c in h.children) and h.dep_ in ("nsubj", "nsubjpass")


def _partitive_of_people(h: Token) -> bool:
    """"*one of whom* said", "*several of which* said" after a group ("The firms, several of
    which"): a part of people is people; of a thing (the antecedent not :func:`person_like`), not."""
    w = _partitive_whom(h) if h.dep_ in ("nsubj", "nsubjpass") and h.head.dep_ == "relcl" else None
    if w is None:
        return False
    return w.lower_ == "whom" or (h.head.head.i != h.i and person_like(h.head.head))


def _claimed_name(named: list[Token], v: Token) -> bool:
    """Whether the later subjects ``named`` of ``v`` are the name a participle of the first one
    claims ("A man *claiming to be* leader X said", "a woman calling herself Y said"): the one
    who claims speaks, not the name he claims (rules45, usertest29 M2 b)."""
    first = min(named, key=lambda t: t.i)
    return any(c.dep_ == "acl" and c.tag_ == "VBG" and c.i < named[-1].i for c in first.rights)


def _one_phrase(named: list[Token], v: Token) -> bool:
    """Whether the subjects ``named`` of verb ``v`` all stand before it with nothing between the
    first one's phrase and the verb but words, hyphens, "&", full stops of abbreviations and
    quote marks ('“Fox & Friends” co-host Ann Lee said'): pieces of one noun phrase, not the
    subjects of two clauses (a comma or "and" between)."""
    first = min(t.left_edge.i for t in named)
    if any(t.i > v.i for t in named):
        return False
    doc = v.doc
    return all(
        doc[k].is_alpha and doc[k].lower_ not in ("and", "or") or doc[k].text in ("-", "&", ".") or doc[k].text in MARK_TOKENS
        for k in range(first, v.i)
    )


_EMPHATIC = frozenset("myself yourself himself herself itself ourselves yourselves themselves themself".split())


def _reflexive_owner(v: Token) -> Token | None:
    """The subject an emphatic reflexive the parse made cue ``v``'s subject stands for ("she *had
    herself* claimed", "the driver was held and *had himself* confessed"): the subject of the
    auxiliary right before the reflexive, which the parse hangs as an auxiliary of ``v``, as a
    verb ``v`` depends on, or as a conjunct of an earlier verb (then that verb's subject, active
    or passive). None when ``v`` has no such reflexive or nothing owns it."""
    refl = next((c for c in v.children if c.dep_ == "nsubj" and c.lower_ in _EMPHATIC), None)
    if refl is None or refl.i == 0:
        return None
    aux = v.doc[refl.i - 1]
    if aux.lemma_.lower() not in ("have", "be", "do") and aux.tag_ != "MD":
        return None
    for h in (aux, aux.head if aux.dep_ == "aux" else None):
        while h is not None:
            own = [c for c in h.children if c.dep_ in ("nsubj", "nsubjpass") and c.lower_ not in _EMPHATIC]
            if own:
                return own[0]
            h = h.head if h.dep_ == "conj" else None
    return None


@per_token
def subject(v: Token) -> Token | None:
    """The cue verb's speaker: its subject, the agent of a passive, or the governing verb's subject
    ("..., adding that", "and added", "is more likely to say"); for a participle or infinitive
    hanging on a noun, who does it (:func:`_participle_doer`, :func:`_infinitive_doer`); an
    outlet's name the parse split from its descriptor stands for the descriptor
    (:func:`_outlet_before`). None when the parse names no one. ``v``: a token of a parsed doc
    (spaCy English labels)."""
    h = _subject(v)
    return _outlet_before(h) if h is not None else None


def _outlet_before(h: Token) -> Token:
    """The outlet's descriptor right before the name ``h`` ("The celebrity magazine *People*
    reported", "British tabloid *The Sun* reported", "the celebrity website *People* said"): the
    parse may make a name that is a common word ("People", "Time", "Fortune", "The Sun") the
    verb's second subject or the subject of a relative clause on the descriptor, so the name
    alone was the speaker; the descriptor's phrase (:func:`np_range` takes the name after it) is,
    as PolNeAR's Source has it ("The Israeli newspaper Haaretz"; rules43, usertest27 kind 1).
    ``h`` itself when no descriptor stands right before its phrase."""
    doc = h.doc
    k = h.left_edge.i - 1
    if k < 0 or h.pos_ not in ("PROPN", "NOUN") or not cap(h):
        return h
    o = doc[k]
    if o.lower_ not in _OUTLET_NOUNS or o.pos_ != "NOUN" or not o.whitespace_ or any(c.dep_ == "poss" for c in o.children):
        return h  # ("from his blog Williams recounts": a person after someone's blog)
    if not (o.head.i == h.head.i or o.head.i == h.i or h.head.dep_ in ("relcl", "acl") and h.head.head.i == o.i):
        return h
    return o if _outlet_name_after(doc, o.i + 1) > h.i else h


def _finite_on_root_noun(v: Token) -> bool:
    """Whether cue ``v`` is a past-tense verb (VBD, not a participle) the parse hung as a
    modifier (acl) on the sentence's root, a noun phrase right before it with nothing but an
    appositive name between ("The news magazine Time *reported* on Monday that ..."): the root is
    the verb's subject."""
    h = v.head
    if v.dep_ != "acl" or v.tag_ != "VBD" or h.dep_ != "ROOT" or h.pos_ not in ("NOUN", "PROPN") or h.i > v.i:
        return False
    if h.left_edge.i != h.sent.start or not any(c.dep_ in ("ccomp", "xcomp") for c in v.children):
        return False
    return all(t.dep_ in ("appos", "compound", "flat") or t.head.i != h.i and t.head.i < v.i for t in v.doc[h.i + 1 : v.i])


def _first_participle_of_speech(v: Token) -> Token | None:
    """The participle of speech ("warning") whose "that" clause the participle of speech ``v``
    ("implying that ...") is joined to by "and", when the parse hung that clause lower in the
    sentence ("warning followers in interviews that X could enter the country and implying that
    ...": the clause on "interviews"); None for any other shape (rules46)."""
    h = v.head
    if v.dep_ != "conj" or v.tag_ != "VBG" or v.lemma_.lower() not in SPEECH_LEMMAS or h.i > v.i:
        return None
    if any(k.dep_ in SUBJ or k.dep_.startswith("aux") for k in v.children):
        return None
    if not any(k.dep_ == "cc" and k.lower_ == "and" and h.i < k.i < v.i for k in h.children):
        return None
    if not any(k.dep_ == "mark" and k.lower_ == "that" for k in h.children):
        return None
    for a in h.ancestors:
        if a.tag_ == "VBG" and a.lemma_.lower() in SPEECH_LEMMAS and a.i < h.i:
            return a
        if a.pos_ in ("VERB", "AUX"):
            return None
    return None


def _subject(v: Token) -> Token | None:
    """:func:`subject` before the outlet check."""
    if v.dep_ == "conj" and v.head.dep_ == "ccomp" and speakers_next_report(v.head.head, v.head, v):
        # "said the road was closed *and asked* the public for help": the reporter's next act
        return _subject(v.head.head)
    first = _first_participle_of_speech(v)
    if first is not None:
        # "warning ... that X could enter *and implying* that ...": the warner implies too
        return _subject(first)
    message = _message_before_participle(v)
    if message is not None:
        return message
    quoted = _quoted_outlet(v)
    if quoted is not None:
        return quoted
    cur = v
    for _ in range(3):
        # an emphatic reflexive the parse took for a subject ("she had *herself* claimed") is
        # never the speaker: the clause's own subject, or its first conjunct's, is (usertest22 H1)
        subjects = [c for c in cur.children if c.dep_ in ("nsubj", "csubj") and c.lower_ not in _EMPHATIC]
        if not subjects and cur is v:
            owner = _reflexive_owner(v)
            if owner is not None:
                return owner
        if not subjects and cur.dep_ == "acl" and cur.tag_ == "VBG":
            return _participle_doer(cur)
        if not subjects and cur is v and _finite_on_root_noun(v):
            return v.head  # "The news magazine Time reported that ...": the parse made the subject the root (rules43)
        if not subjects and cur.dep_ in ("acl", "relcl") and cur.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in cur.children):
            return _infinitive_doer(cur)
        # "reasons that Trump refuses to": a real subject beats a mis-attached relative pronoun
        # a dateline ("WASHINGTON — ... officials said") or a time word ("Monday he said") the
        # parse made a second subject of the verb is never the speaker when a real one is there;
        # a dateline alone is none either (a time word alone is kept: "Last week Stumpf ...")
        subjects = _past_turn_label(subjects, cur)
        candidates = [_named_in(_past_vocative(_past_dateline(c))) for c in subjects if c.lower_ not in RELATIVE_PRONOUNS]
        named = [h for h in candidates if not _never_speaker(h)] or [h for h in candidates if not _is_dateline(h)]
        if subjects and all(_is_dateline(_past_dateline(c)) for c in subjects):
            return None
        if named and cur is not v and cur.dep_ == "ccomp" and not _fronted_participle(v, cur) and (not person_like(named[0]) or _reporters_participle(v, cur)
                                                               or v.head.i == cur.i and speakers_next_report(cur.head, cur, v)):
            # "She said that X remain ... and warned that": the parser joined "warned" to the
            # reported clause; the speaker is the reporting verb's subject, not the clause's.
            cur = cur.head
            continue
        aside = _subject_in_own_parenthesis(named, cur) if len(named) > 1 else None
        if aside is not None:
            # "Does this driver -- if the story holds (we don't know how reliable the tip is) --
            # think ...": the parse gave "know" the question's subject too; the aside's own
            # subject, inside its parenthesis, is the one who does not know (FNC-1 item 1)
            return aside
        if len(named) > 1 and _one_phrase(named, cur) and not _claimed_name(named, cur):
            # '“Fox & Friends” co-host Ann Lee said': a noun phrase the parse split into several
            # subjects; its head is the one next to the verb
            return named[-1]
        if named:
            return named[0]
        if subjects:
            if cur.dep_ != "relcl":
                return subjects[0]
            # "the mayor issued a statement that aimed to", "the council voted for a resolution which
            # said": a thing someone issues says it on behalf of who issued it
            issuer = _issuer(cur.head)
            return issuer if issuer is not None else _person_before_place(_last_conjunct(cur.head, cur), subjects)
        # "Rubio was asked by the moderator whether": the agent speaks, wherever it stands -- of
        # the cue verb itself: "officials were alarmed by the audit and predicted" shares the
        # passive's subject with the conjunct, never its agent
        for c in cur.children if cur is v else ():
            if c.dep_ == "agent":
                for g in c.children:
                    if g.dep_ == "pobj":
                        return g
        if cur is v and own_passive_subject(v) is not None:
            return None  # "it was reported that ...", "Anyone ... is urged to call": no named source
        passive = next((c for c in cur.children if c.dep_ == "nsubjpass"), None)
        if passive is not None and cur is not v and cur.dep_ == "ccomp" and v.dep_ == "conj" and v.head.i == cur.i \
                and not person_like(passive) and passive.lemma_.lower() not in DOCUMENT_NOUNS:
            # "The mayor said the deal was signed and added that": as for an active clause above,
            # a thing's passive the conjunct hangs on is the reported clause; the reporter speaks
            cur = cur.head
            continue
        for c in cur.children:
            if c.dep_ == "nsubjpass":
                if cur is not v and (person_like(c) or c.lemma_.lower() in DOCUMENT_NOUNS or _quoted_as_saying(cur, v) and c.pos_ in ("NOUN", "PROPN")) \
                        and c.lower_ not in ("it", "this", "that") and not _never_speaker(c):
                    # "Trump was prompted to say", "a lawsuit was filed ..., alleging": the
                    # passive subject of the verb the cue hangs on is who says it
                    return c
                return None  # "it was reported that ...": no named source
        fronted = _after_fronted_time(cur) if cur is v else None
        if fronted is not None:
            return fronted
        controller = _object_controller(cur)
        if controller is not None:
            return controller
        up = _governing_verb(cur)
        if up is None:
            return None
        cur = up
    return None


def own_passive_subject(v: Token) -> Token | None:
    """The passive subject of cue verb ``v`` itself ("*it* was reported that ...", "*Anyone with
    information* is urged to contact ...", "*Residents* were told to leave"): what is reported or
    who is addressed, never who speaks -- :func:`subject` names no speaker there (the agent of a
    "by" phrase speaks; the passive subject of a verb the cue hangs on may: "Trump was prompted
    to say"). The same refusal for the learned attributions' speakers
    (``attribution_sanity.refused``, merge49). None when ``v`` has no passive subject."""
    return next((c for c in v.children if c.dep_ == "nsubjpass"), None)


def _subject_in_own_parenthesis(named: list[Token], v: Token) -> Token | None:
    """The one of subjects ``named`` of verb ``v`` that stands inside the parenthesis holding
    ``v`` ("(*we* don't know how ...)") when another stands before that parenthesis; None when
    ``v`` is in no parenthesis opened in its sentence, or no subject is inside it."""
    doc = v.doc
    lo = v.sent.start
    k = v.i - 1
    while k >= lo and doc[k].text not in ("(", ")"):
        k -= 1
    if k < lo or doc[k].text != "(":
        return None
    inside = [t for t in named if k < t.i < v.i]
    return inside[0] if inside and any(t.i < k for t in named) else None


def _person_before_place(antecedent: Token, subjects: list[Token]) -> Token:
    """The people a "who" clause speaks for when the parse hung it on the place after them
    ("questioned residents at *a riverside inn* who claimed to have spotted it": the
    residents): the noun of people right before the antecedent's preposition, if the antecedent
    is no person or group; ``antecedent`` otherwise (rules38, FNC-1's first 300 bodies)."""
    if not subjects or subjects[0].lower_ != "who" or person_like(antecedent) or antecedent.dep_ != "pobj":
        return antecedent
    prep = antecedent.head
    if prep.dep_ != "prep" or prep.i < 1:
        return antecedent
    before = antecedent.doc[prep.i - 1]
    return before if before.pos_ in ("NOUN", "PROPN") and person_like(before) else antecedent


def _last_conjunct(antecedent: Token, clause: Token) -> Token:
    """The conjunct a non-restrictive relative clause ``clause`` speaks for when its
    ``antecedent`` heads a list ("stars like A, B, C and *D*, who joked": D): the parse hangs
    the clause on the first (or an inner) conjunct, while a "who" set off by a comma right
    after a list's last item is said of that item alone. ``antecedent`` itself otherwise (no
    list, no comma before the pronoun, or a plural verb of the clause: "A and B, who say")."""
    doc = clause.doc
    last = antecedent
    while True:
        nxt = [c for c in last.rights if c.dep_ == "conj" and c.i < clause.i]
        if not nxt:
            break
        last = nxt[-1]
    if last is antecedent:
        return antecedent
    start = clause.left_edge.i
    if start < 1 or doc[start - 1].text != "," or last.right_edge.i != start - 2:
        return antecedent  # restrictive ("the senators and aides who said") or not right after it
    if clause.tag_ == "VBP" or any(c.dep_ in ("aux", "auxpass") and c.tag_ == "VBP" for c in clause.children):
        return antecedent  # "A and B, who say": the clause is about the whole list
    return last


_TIME_PREPS = frozenset("on in at during by since after before until".split())


def _after_fronted_time(v: Token) -> Token | None:
    """The subject a fronted time adjunct swallowed: "On Friday officials said ..." parsed as
    *officials* the object of *On* (*Friday* its compound), so ``v`` seems to have no subject.
    The noun right before ``v`` in a time preposition's phrase whose other words are time words
    ("Friday", "Monday morning") is that subject; None when there is no such phrase."""
    doc = v.doc
    for c in v.lefts:
        if c.dep_ != "prep" or c.lower_ not in _TIME_PREPS or c.right_edge.i != v.i - 1:
            continue
        heads = [g for g in c.children if g.dep_ == "pobj"]
        if not heads or heads[0].pos_ not in ("NOUN", "PROPN", "PRON") or _is_time(heads[0]):
            continue
        n = heads[0]
        # the time words stand first, the subject's own words (determiner, adjective) after them
        k = c.i + 1
        while k < n.i and _is_time(doc[k]):
            k += 1
        if k == c.i + 1:
            continue
        if all(t.dep_ in ("det", "amod", "compound", "poss", "nummod") for t in doc[k:n.i]):
            return n
    return None


def _is_time(t: Token) -> bool:
    return t.ent_type_ in ("DATE", "TIME") or t.lower_ in TIME_WORDS


def _issued(n: Token) -> bool:
    return n.lemma_.lower() in ISSUED_NOUNS or n.lower_ in ISSUED_NOUNS


# verbs whose subject gets, not makes, the message that is their object
_RECEIVING = frozenset("receive get obtain find see read review hear watch cite quote leak".split())


def _fronted_participle(v: Token, clause: Token) -> bool:
    """Whether cue ``v`` is a participle fronted before the subject of ``clause``, the verb it
    hangs on ("*Calling* it a 'disaster,' the mayor said the plan ..., the paper said"): the
    participle opens that clause, so its doer is the clause's subject, even when the clause is
    itself reported by an outer frame (usertest23 item 12: the outer frame's speaker had it)."""
    doc = v.doc
    # (opening its sentence: a participle after "A," X said, that the parse hangs on a quoted
    # question after it has that question's subject, who never does what the participle says)
    opens = all(doc[k].is_punct or doc[k].is_space for k in range(v.sent.start, v.left_edge.i))
    return opens and v.tag_ == "VBG" and v.dep_ == "advcl" and v.head.i == clause.i and any(
        c.dep_ in SUBJ and v.i < c.i < clause.i for c in clause.children)


def _reporters_participle(v: Token, clause: Token) -> bool:
    """Whether cue ``v`` is a participle of speech the parse hung on ``clause``, the verb of a
    clause reported by a verb of speech ("Trump told X that Romney had a crazy policy, *adding*
    ...", "warning that the group could strike *and implying* ..."): a reported clause's
    subject does not go on to add, imply or stress; the reporter does."""
    return (
        v.tag_ == "VBG" and v.dep_ in ("advcl", "conj") and v.head.i == clause.i
        and v.lemma_.lower() in SPEECH_LEMMAS and clause.head.lemma_.lower() in SPEECH_LEMMAS
    )


def _issuer(n: Token) -> Token | None:
    """Who issued ``n`` when it is a thing someone issues (:data:`ISSUED_NOUNS`) and the object
    of a verb that makes or sends it ("*the council* approved a resolution", "*she* issued a
    statement", "*a girl* hoisted a sign"): that verb's speaker (:func:`subject`). None when
    ``n`` is no such thing, or the verb receives it ("police received *calls*": the thing
    itself speaks)."""
    if not _issued(n):
        return None
    gov = n.head.head if n.dep_ == "pobj" and n.head.dep_ == "prep" else n.head
    if n.dep_ == "dobj" and gov.lemma_.lower() in _RECEIVING:
        return None
    if n.dep_ in ("dobj", "pobj") and gov.i != n.i and gov.pos_ in ("VERB", "AUX"):
        return subject(gov)
    return None


# messages a thing can bring about ("prompted a number of hoax adverts, suggesting ..."; rules41)
_MESSAGE_NOUNS = ISSUED_NOUNS | frozenset(
    "advert adverts advertisement advertisements meme memes joke jokes cartoon cartoons poster posters parody parodies".split()
)
# "a number *of* adverts": the count's noun, the messages themselves after "of"
_COUNT_NOUNS = frozenset("number flurry flood series wave host slew spate rash couple lot dozens hundreds".split())
# verbs by which a thing brings messages about ("the complaints *prompted* adverts"); a verb of
# making or sending one ("released a statement, saying") keeps its subject the speaker
_BRINGING_ABOUT = frozenset("prompt spark trigger inspire spawn provoke fuel cause generate unleash".split())


def _message_before_participle(v: Token) -> Token | None:
    """For a present participle set off by a comma after its verb's object ("The new complaints
    have prompted *a number of joke posters*, suggesting the kettle can cook eggs"): the object,
    when it is a message (:data:`_MESSAGE_NOUNS`, also after a count noun, "a number of ...") and
    the verb brings it about (:data:`_BRINGING_ABOUT`) and its subject is no person or group: the
    messages say it, not the thing that brought them about (the complaints). None otherwise:
    "The union released a statement, saying" is the union's (rules41, usertest27 M4)."""
    if v.dep_ != "advcl" or v.tag_ != "VBG" or v.i < 1 or v.doc[v.i - 1].text != ",":
        return None
    gov = v.head
    if gov.i == v.i or gov.pos_ not in ("VERB", "AUX") or gov.i > v.i or gov.lemma_.lower() not in _BRINGING_ABOUT:
        return None
    subjects = [c for c in gov.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects or any(person_like(c) for c in subjects):
        return None
    obj = next((c for c in gov.children if c.dep_ == "dobj" and c.right_edge.i < v.i), None)
    if obj is None:
        return None
    noun = obj
    if obj.lower_ in _COUNT_NOUNS:
        noun = next((g for c in obj.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"), obj)
    return obj if noun.lemma_.lower() in _MESSAGE_NOUNS or noun.lower_ in _MESSAGE_NOUNS else None


def _participle_doer(v: Token) -> Token | None:
    """Who does what a present participle hanging on a noun says (``acl``, "a group *backing*
    X", "a statement *confirming* that"): the noun's possessor ("*Clinton's* speech
    denouncing"); for a thing someone issues (:data:`ISSUED_NOUNS`: statement, resolution,
    speech, ad) the subject of the verb it is the object of ("*the council* approved a
    resolution condemning", "*who* helped launch it with a speech denouncing") unless that verb
    receives it ("police received *calls* saying": the thing itself); a person or group
    noun itself ("*a group* backing", "*the governor*, adopting"); else None."""
    n = v.head
    if n.dep_ in ("pobj", "dative") and n.head.lower_ == "to" and n.head.head.i != n.head.i:
        # "sent an email to supporters stating": the participle describes the message, which
        # the parse hung on its addressees
        above = n.head.head
        sent = [c for c in above.children if c.dep_ == "dobj" and _issued(c)] if above.pos_ in ("VERB", "AUX") else []
        if _issued(above) or sent:
            n = above if _issued(above) else sent[0]
    poss = [c for c in n.children if c.dep_ == "poss" and not _never_speaker(c)]
    if poss:
        return poss[0]
    if _issued(n):
        gov = n.head.head if n.dep_ == "pobj" and n.head.dep_ == "prep" else n.head
        if n.dep_ == "dobj" and gov.lemma_.lower() in _RECEIVING:
            return n  # "police received *calls* saying": what was received speaks, not who got it
        if n.dep_ in ("dobj", "pobj") and gov.i != n.i and gov.pos_ in ("VERB", "AUX"):
            return subject(gov)
        return None
    if person_like(n) and n.lower_ not in NOT_SPEAKERS:
        return n
    if n.dep_ == "dobj" and n.head.pos_ in ("VERB", "AUX") and n.head.i != n.i:
        # "the campaign entered the talks *believing*", "she left the room *insisting*": a
        # participle after an object that can say nothing tells what the verb's subject does
        return subject(n.head)
    return None


def _infinitive_doer(v: Token) -> Token | None:
    """Who does what an infinitive hanging on a noun says ("under *pressure* to pledge", "using
    *the legislation* to portray", "*his* refusal to disavow"): the noun's possessor, else the
    subject of the clause the noun is an object or complement of; else None."""
    n = v.head
    poss = [c for c in n.children if c.dep_ == "poss"]
    if poss:
        return poss[0]
    gov = n.head.head if n.dep_ == "pobj" and n.head.dep_ == "prep" else n.head
    if n.dep_ in ("dobj", "pobj", "attr") and gov.i != n.i and gov.pos_ in ("VERB", "AUX"):
        return subject(gov)
    return None


# verbs whose first object is the addressee ("told *Politico*", "informed *the board*"): a name
# after them is never the speaker, unlike "said *Lavrov*" (or '"...?" asked *Smith*', "warned
# *Smith*", which English also inverts, so they are not here)
ADDRESSEE_VERBS = frozenset("tell told tells telling inform informed informs notify notified brief briefed".split())


# verbs whose subject, not object, does what the open complement says ("promised her to call")
_SUBJECT_CONTROL = frozenset("promise vow pledge threaten".split())


def _object_controller(v: Token) -> Token | None:
    """The object of the verb governing open complement ``v`` when it is the one who does ``v``:
    "the timing led *Republicans* to say", "forced *the chairwoman* to announce", "urged *him*
    to deny" (object control). None when ``v`` is no open complement or its governor has no
    object before it, or the governor is a verb of subject control ("promised her to call")."""
    head = v.head
    if v.dep_ != "xcomp" or head.i == v.i or head.lemma_.lower() in _SUBJECT_CONTROL:
        return None
    objs = [c for c in head.children if c.dep_ in ("dobj", "dative") and c.i < v.i and c.pos_ in ("NOUN", "PROPN", "PRON")]
    if not objs:
        # "calls *on Dean* to apologize", "prevailed upon him to resign", "relied on aides to
        # explain": the object of "on"/"upon" right before the complement does it
        objs = [
            g for c in head.children if c.dep_ == "prep" and c.lower_ in ("on", "upon") and c.i < v.i
            for g in c.children if g.dep_ == "pobj" and g.pos_ in ("NOUN", "PROPN", "PRON") and g.right_edge.i < v.i
        ]
    if not objs:
        # "led to Priebus declaring": the parse may hang the doer under the complement itself
        return None
    return _past_dateline(objs[-1])


def _quoted_outlet(v: Token) -> Token | None:
    """Who speaks in the active "X quotes / quoted / cites Y as saying that ...": the object Y,
    not the reporter X that relays it ("Reuters quotes Canadian television as saying": the
    television speaks; rules45, usertest29 M2 b). None for any other shape of cue ``v``."""
    if v.lemma_.lower() not in ("say", "state") or v.dep_ not in ("pcomp", "pobj") or v.head.lower_ != "as":
        return None
    gov = v.head.head
    if gov.lemma_.lower() not in ("quote", "cite") or gov.pos_ not in ("VERB", "AUX") or gov.i > v.i:
        return None
    objs = [c for c in gov.children if c.dep_ == "dobj" and c.i < v.i and c.pos_ in ("NOUN", "PROPN", "PRON")]
    return objs[0] if objs else None


def _quoted_as_saying(cur: Token, v: Token) -> bool:
    """Whether cue ``v`` is the "saying" of "was quoted / cited (by X) as saying" on passive verb
    ``cur``: whatever the passive's subject names then speaks, a person or not ("the embassy was
    quoted as saying", "state media was cited as saying"), as rules23 reads it for persons."""
    return cur.lemma_.lower() in ("quote", "cite") and v.lemma_.lower() == "say" and v.dep_ in ("pcomp", "pobj") \
        and v.head.lower_ == "as" and v.head.head.i == cur.i


def _governing_verb(v: Token) -> Token | None:
    """The verb whose subject is also ``v``'s when ``v`` has none of its own: the head of an
    adverbial clause, a conjunct or an open complement ("..., adding that", "and added", "wants
    to say"), the copula an adjective's complement hangs on ("are more *likely* to say"), and
    the verb a gerund hangs on through its preposition ("Trump began the day *after questioning*
    ...", "surprised him *by declaring* ...", also when the tagger read that verb as an adjective
    or the parse made the gerund the preposition's object). None otherwise."""
    if v.dep_ in ("advcl", "conj", "xcomp") and v.head.i != v.i:
        return v.head
    if v.dep_ == "acomp" and v.pos_ == "ADJ" and v.head.i != v.i and v.head.pos_ in ("VERB", "AUX"):
        return v.head  # "are more likely to say", "was reluctant to endorse": the copula's subject
    prep = v.head
    if v.dep_ in ("pcomp", "pobj") and v.tag_ == "VBG" and prep.dep_ == "prep" and prep.head.i != prep.i and (
        prep.head.pos_ in ("VERB", "AUX")
        # "who surprised Trump by declaring": a participle the tagger took for an adjective is a
        # verb when it heads a clause with a subject
        or prep.head.dep_ in ("relcl", "ROOT", "conj") and any(c.dep_ in SUBJ for c in prep.head.children)
    ):
        return prep.head
    return None


def relative_pronoun(v: Token, speaker: Range | None) -> Token | None:
    """The relative pronoun standing for the speaker of cue verb ``v`` ("an architect who said",
    "the agency, which reported"): ``v`` heads a relative clause (``relcl``) whose subject is
    who / which / that, and the speaker found (the clause's antecedent) does not already hold it.
    None otherwise. The speaker stays the antecedent; the pronoun is recorded beside it (PolNeAR
    marks the pronoun as the source)."""
    cur = v
    for _ in range(4):
        if cur.dep_ == "relcl":
            pron = next((c for c in cur.children if c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in RELATIVE_PRONOUNS), None)
            if pron is None:
                return None
            if speaker is not None and speaker[0] <= pron.idx < speaker[1]:
                return None
            return pron
        if cur.dep_ == "acl" and cur.tag_ in ("VBG", "VB"):
            # "who helped launch it with a speech *denouncing*", "who spent his speech *defending*":
            # a participle or infinitive on a noun the relative clause's verb governs
            up = _verb_of_noun(cur.head)
        else:
            # an adverbial participle shares its clause's subject ("which ran an article *naming*
            # him", "who was distracted while *saying*"); another adverbial clause has its own
            up = _governing_verb(cur) if cur.dep_ != "advcl" or cur.tag_ == "VBG" else None
        if up is None:
            return None
        cur = up  # "who met reporters and said", "who surprised him by declaring"
    return None


def whose_owner(v: Token, speaker: Range | None) -> tuple[Token, Token] | None:
    """For cue verb ``v`` heading a relative clause whose subject is owned by "whose" ("The
    minister, *whose department* said") or is partitive ("Engineers, *many of whom* said"): the "whose" token and the head of the clause's
    antecedent ("minister"), as :func:`relative_pronoun` records "who" and resolves it to the
    antecedent. The speaker stays the owned noun ("whose department"); None otherwise, or when
    ``speaker`` does not hold the "whose"."""
    if v.dep_ != "relcl":
        return None
    for c in v.children:
        if c.dep_ in ("nsubj", "nsubjpass"):
            w = next((p for p in c.children if p.dep_ == "poss" and p.lower_ == "whose"), None) or _partitive_whom(c)
            if w is not None and (speaker is None or speaker[0] <= w.idx < speaker[1]):
                return w, v.head
    return None


def _partitive_whom(n: Token) -> Token | None:
    """The "whom"/"which" of a partitive relative subject ("Engineers, *many of whom* said",
    "Lawmakers, one of which"), recorded like "whose" by :func:`whose_owner`; None otherwise."""
    for p in n.children:
        if p.dep_ == "prep" and p.lower_ == "of":
            return next((o for o in p.children if o.dep_ == "pobj" and o.lower_ in ("whom", "which")), None)
    return None


def _verb_of_noun(n: Token) -> Token | None:
    """The verb noun ``n`` is the object or complement of, through prepositions ("spent *much*
    of his *speech*" -> spent); None when ``n`` is a subject or no verb is near."""
    cur = n
    for _ in range(4):
        if cur.dep_ in ("dobj", "pobj", "attr", "dative", "appos", "conj", "oprd") or cur.dep_ == "prep":
            cur = cur.head
        else:
            return None
        if cur.pos_ in ("VERB", "AUX"):
            return cur
    return None


_DATELINE_ENDS = DASHES | {"-", "--"}


# participles whose agent only saw or holds the document: "a draft *seen by* reporters",
# "records *obtained by* the paper" name a reader, not the author
_READ_BY = frozenset("see obtain review view read hear examine receive get acquire access".split())


def author_of(n: Token) -> Token:
    """The author a source that is a document or a thing gives ("according to a report *from
    the agency*", "calculations *by Amy Ng*", "audio *provided by the station*"): the object of its
    ``from``/``by`` complement or of the agent of a participle after it; ``n`` itself when it is a
    person or group, or names no author. A date is no author: "a version of the website *from
    2012*", "a memo *from last week*" keep ``n`` (the time trim would leave no speaker at all)."""
    if person_like(n) and n.lemma_.lower() not in DOCUMENT_NOUNS:
        return n
    for c in n.children:
        if c.dep_ == "prep" and c.lower_ in ("from", "by"):
            objs = [g for g in c.children if g.dep_ == "pobj" and not _a_date(g)]
            if objs:
                return objs[0]
        if c.dep_ == "acl" and c.lemma_.lower() not in _READ_BY:
            for a in c.children:
                if a.dep_ == "agent":
                    objs = [g for g in a.children if g.dep_ == "pobj" and not _a_date(g)]
                    if objs:
                        return objs[0]
    return n


def _a_date(t: Token) -> bool:
    """A time expression by its form: a DATE/TIME entity word, or a day/month/time word."""
    return t.ent_type_ in ("DATE", "TIME") or t.lower_ in TIME_WORDS


def _named_in(h: Token) -> Token:
    """A preposition or a time word the parser took for the subject ("*Of* Carson, Levine said",
    "*Saturday* at the convention Sen. Warren said") with a person's name in its phrase: that
    name (the last one, nearest the verb) is the subject; else ``h``."""
    if not (h.pos_ == "ADP" or h.ent_type_ in ("DATE", "TIME") or h.lower_ in TIME_WORDS):
        return h
    for t in reversed(list(h.subtree)):
        if t.i > h.i and t.ent_type_ == "PERSON" and t.pos_ == "PROPN" and t.head.ent_type_ != "PERSON":
            path = [a for a in t.ancestors if h.is_ancestor(a)]
            if not any(a.dep_ in ("relcl", "acl") for a in [t, *path]):
                return t
    return h


@per_token
def _is_dateline(h: Token) -> bool:
    """An upper-case place opening its sentence before a dash or bracket ("WASHINGTON —",
    "MOSCOW (Reuters) -"), also when the place has several words, a state or a date before the
    dash ("MYRTLE BEACH, S.C. -", "CLEVELAND, July 19 (UPI) —"): the wire dateline, not a word
    of the sentence."""
    doc = h.doc
    # the sentence's start last: Token.sent makes a Span and walks the sentence (throughput14)
    if h.i + 4 < len(doc) and cap(h) and h.ent_type_ in ("GPE", "LOC", "") and _agency_dash(doc, h.i + 1) and h.i == sent_start(h):
        return True  # "Philadelphia (AFP) –": a place in title case before a wire agency and a dash
    if not (h.is_upper and len(h) >= 3) or h.i + 1 >= len(doc):
        return False
    start = sent_start(h)
    if any(not (t.is_upper or t.is_punct) for t in doc[start : h.i]) or h.i - start > 3:
        return False  # the place opens the sentence, in capitals
    if doc[h.i + 1].text in _DATELINE_ENDS | {"("}:
        return True
    for t in doc[h.i + 1 : min(len(doc), h.i + 10)]:
        if t.text in _DATELINE_ENDS:
            return True
        if t.is_alpha and t.text[:1].islower() or t.is_space or t.dep_ in SUBJ:
            return False  # the sentence goes on: a capitalised subject, not a dateline
    return False


def _agency_dash(doc: Doc, i: int) -> bool:
    """Whether tokens from ``i`` are a wire agency in brackets and a dash: "(AFP) –", "(UPI) -"."""
    return (
        doc[i].text == "(" and doc[i + 1].is_upper and doc[i + 2].text == ")"
        and doc[i + 3].text in _DATELINE_ENDS
    )


@per_token
def _never_speaker(h: Token) -> bool:
    """A dateline left without the name it introduces, a word of the dateline (its agency in
    brackets, "LONDON (*Reuters*) —"; a colon dateline's place, "GAZA CITY, Dec 3:"), or a time
    expression (DATE/TIME entity or a day word the parser took for a subject)."""
    return (
        _is_dateline(h) or h.ent_type_ in ("DATE", "TIME") or h.lower_ in TIME_WORDS or in_dateline(h)
        or h.is_upper and _in_colon_dateline(h)
    )


def _in_colon_dateline(h: Token) -> bool:
    """Whether ``h`` is a word of the capitals run a :func:`colon_dateline` opens."""
    doc = h.doc
    s = h.i
    while s > 0 and h.i - s < 2 and doc[s - 1].is_upper and doc[s - 1].is_alpha:
        s -= 1
    return any(colon_dateline(doc[k]) for k in range(s, h.i + 1))


# a colon dateline's tail after its comma: a date ("Dec 3", "March 3") or a country ("Lebanon")
_COLON_TAIL_MAX = 3


@per_token
def colon_dateline(h: Token) -> bool:
    """Whether ``h`` opens a dateline ended by a colon: one to three words in capitals at the
    start of the article or of a line (a paragraph), optionally a comma and a country or date of
    one to three words, optionally a wire agency in brackets, then ":" ("BEIRUT:", "NEW YORK:",
    "GAZA CITY, Dec 3:", "WASHINGTON (Reuters):" -- the agency alone decides). The recogniser
    misses most places in capitals, and a transcript turn has the same shape ("KURTZ: ..."), so
    a bare run of capitals is a place only when it is a place entity, has such a tail, or the line
    after the colon is itself a report with its own third-person subject ("... minister said
    that ...", the news sentence a dateline opens; a turn is speech: "Well, I think ..."). Issue
    10: a dateline is never a speaker. ``h``: any token; False when it opens no such dateline
    (also without a parse, unless the tail or a place entity decides). Cached per token."""
    doc = h.doc
    if not (h.is_upper and h.is_alpha and len(h) >= 3):
        return False
    if h.i > 0 and not (doc[h.i - 1].is_space and "\n" in doc[h.i - 1].text):
        return False
    end = min(len(doc), h.i + 10)
    k = h.i
    while k < end and doc[k].is_upper and doc[k].is_alpha:
        k += 1
    if not 1 <= k - h.i <= 3:
        return False
    place = doc[h.i : k]
    if any(t.lower_ in _TURN_ROLES or t.lower_ in HUMAN_NOUNS or t.lower_ in TITLE_NOUNS for t in place):
        return False  # "HOST:", "SENATOR:": a person's role speaks the turn
    tail = False
    if k < end and doc[k].text == ",":
        m = k = k + 1
        while k < end and (doc[k].is_alpha or doc[k].is_digit or doc[k].text == "."):
            k += 1
        if not 1 <= k - m <= _COLON_TAIL_MAX or not (doc[m].text[:1].isupper() or doc[m].is_digit):
            return False
        if any(t.lower_ in _TURN_ROLES or t.lower_ in HUMAN_NOUNS or t.lower_ in TITLE_NOUNS for t in doc[m:k]):
            return False  # "JAKE TAPPER, CNN HOST:": a name and its role
        tail = True
    if k < end and doc[k].text == "(":
        # "WASHINGTON (Reuters):", "NEW DELHI (AFP):": a wire agency in brackets after the place
        # (issue 10, rules37); a turn's tag ("SEN. PIKE (D-OH):", "(CNN)") names no wire agency
        # (the tokenizer may keep the bracket and the colon together: "(Reuters):" -> "):")
        close = next((j for j in range(k + 1, min(len(doc), k + 5)) if doc[j].text in (")", "):")), None)
        if close is None or doc[close].text == ")" and (close + 1 >= len(doc) or doc[close + 1].text != ":"):
            return False
        if " ".join(t.text for t in doc[k + 1 : close]).lower() in WIRE_AGENCIES:
            return True
        if doc[close].text == "):":
            return False  # no agency: a transcript turn's tag ("SEN. PIKE (D-OH):")
        k = close + 1
    if k >= len(doc) or doc[k].text != ":":
        return False
    if tail or any(t.ent_type_ in ("GPE", "LOC") for t in place):
        return True
    words = [t for t in doc[k + 1 : min(len(doc), k + 6)] if not t.is_space]
    comma = next((j for j, t in enumerate(words) if t.text == ","), None)
    if comma is not None and 0 < comma <= 3 and all(t.text[:1].isupper() for t in words[:comma]):
        return False  # "HOST: Ambassador Kline, Secretary Varga said ...": a turn addressing someone
    report = False
    for t in doc[k + 1 : min(len(doc), k + 40)]:
        if "\n" in t.text:
            break
        if t.lower_ in _FIRST_SECOND:
            return False  # "KURTZ: The senator told me ...": someone speaking
        if not report and t.pos_ == "VERB" and t.lemma_.lower() in SPEECH_LEMMAS and any(
            c.dep_ == "nsubj" and c.i > k for c in t.children
        ):
            report = True
    return report


# wire agencies a dateline names in brackets ("LONDON (Reuters):", "PARIS (AFP) -"), lower case
WIRE_AGENCIES = frozenset(
    """reuters ap afp upi xinhua dpa ians pti ani tass efe ansa kyodo yonhap bernama anadolu aa apa
    bloomberg cnn bbc sputnik interfax wafa irna mena sana""".split()
) | {"ria novosti", "ria"}
# roles a transcript turn is labelled with besides HUMAN_NOUNS and TITLE_NOUNS
_TURN_ROLES = frozenset(
    "host anchor moderator reporter interviewer narrator announcer correspondent panelist caller guest".split()
)
# words of a line that speaks to or for someone: a transcript turn, not a dateline's news sentence
_FIRST_SECOND = frozenset("i me my mine we us our ours you your yours".split())


@per_token
def _dateline_dash(h: Token) -> int | None:
    """The index of the dash ending the dateline ``h`` opens ("LONDON (Reuters) *—*"); None when
    ``h`` opens none or no dash follows within a dozen tokens."""
    if not _is_dateline(h):
        return None
    doc = h.doc
    for t in doc[h.i + 1 : min(len(doc), h.i + 12)]:
        if t.text in _DATELINE_ENDS:
            return t.i
    return None


def in_dateline(t: Token) -> bool:
    """Whether ``t`` is a word of the wire dateline opening its sentence, after the place and
    before the dash: the agency of "LONDON (*Reuters*) —", the date of "BERLIN, *March* 3 -". Such
    a word is never a speaker, whatever the verb (the parse may make the agency an apposition of
    the place it took for a subject: "LONDON (Reuters) — Britain's minister *told* ...")."""
    start = sent_start(t)
    if t.i == start or not (t.is_alpha or t.is_digit or t.is_punct):
        return False
    dash = _dateline_dash(t.doc[start])
    return dash is not None and t.i < dash


@per_token
def _past_dateline(h: Token) -> Token:
    """"WASHINGTON -- President Obama said": the parser may take the dateline as the subject; the
    speaker is then the name it was attached to (an apposition after the dash, never the agency
    in brackets before it: "LONDON (Reuters) —")."""
    dash = _dateline_dash(h)
    if dash is None and not _is_dateline(h):
        return h
    for c in h.children:
        if c.dep_ == "appos" and c.i > (h.i + 1 if dash is None else dash) and not c.is_upper:
            return c
    return h


def _past_turn_label(subjects: list[Token], v: Token) -> list[Token]:
    """``subjects`` of verb ``v`` without a transcript turn's label and a person addressed. "FORD:
    The majority leader, Chris Hale, said ..." may be parsed with the label FORD a second subject
    of "said": a phrase that starts its line and ends right before a colon before ``v`` speaks the
    turn, not the verb. "FORD: Ray, Chris Hale called the plan reckless" may be parsed with the
    person addressed (a bare name or title opening the sentence, set off by a comma) a subject
    next to the real one right before the verb: the later subject speaks."""
    doc = v.doc
    kept = []
    for c in subjects:
        start = c.left_edge.i
        # the colon after the label (the parse may hang it under the label)
        colon = next((t.i for t in doc[c.i + 1 : min(v.i, c.right_edge.i + 2)] if t.text == ":"), None)
        if colon is not None and all(not t.is_space and t.text != "," for t in doc[start:colon]) and (
            start == 0 or doc[start - 1].is_space or "\n" in doc[start - 1].whitespace_
        ):
            continue
        kept.append(c)
    if len(kept) > 1 and kept[0].i < kept[1].i < v.i:
        first, second = kept[0], kept[1]
        k = first.left_edge.i
        opens = k == 0 or doc[k].is_sent_start or doc[k - 1].text == ":" or doc[k - 1].is_space
        bare = all(cap(t) and t.pos_ == "PROPN" for t in doc[k : first.i + 1]) and first.i - k <= 1
        # the parse may hang the comma that sets the address off under the address itself
        end = first.right_edge.i
        while end > first.i and doc[end].is_punct:
            end -= 1
        if opens and bare and doc[end + 1].text == "," and not any(
            t.text in (",", ";", ":") or t.text in DASHES for t in doc[second.right_edge.i + 1 : v.i]
        ):
            kept = kept[1:]
    return kept


def _past_vocative(h: Token) -> Token:
    """"Senator, Mrs. Moss called you a liar": the parse may take the person addressed (a bare
    title or name opening the sentence, set off by a comma) for the subject and the speaker's
    name for its apposition; the speaker is that name. An apposition closed by a second comma
    ("Your opponent, Mr. Cole, says") or a subject with a determiner or possessive ("The senator,
    Mrs. Moss said") is no address: ``h`` is returned."""
    doc = h.doc
    k = h.left_edge.i
    if k != h.i and not (k == h.i - 1 and doc[k].dep_ == "compound" and cap(doc[k])):
        return h  # "Mr. President," at most: no determiner, possessive or adjective
    if not (k == 0 or doc[k].is_sent_start or doc[k - 1].text in (":", "\n") or doc[k - 1].is_space
            or doc[k - 1].text in MARK_TOKENS):
        return h
    if not cap(h) or not (h.pos_ == "PROPN" or h.lower_ in TITLE_NOUNS or h.lower_ in HUMAN_NOUNS):
        return h
    appos = [c for c in h.rights if c.dep_ == "appos"]
    if not appos or doc[h.i + 1].text != ",":
        return h
    a = appos[0]
    if h.pos_ == "PROPN" and h.lower_ not in TITLE_NOUNS and any(c.dep_ == "compound" for c in h.lefts) and any(
            c.dep_ == "conj" for c in a.rights) and any(c.dep_ == "cc" and c.lower_ in ("and", "or") for c in a.children):
        # "Ana Ruiz, the defence minister and three generals said", "Lena Brandt, Omar Haddad and
        # Pia Sorensen said": a full name, then a list the parse hung on it as one apposition, is
        # the first item of a list of speakers, no one addressed; PolNeAR's SOURCE is the whole
        # list (usertest23 L3: the name was dropped)
        return h
    # "Mr. Speaker, the governor said": a person described ("the governor", "your colleague")
    # may speak as well as one named
    determined = doc[a.left_edge.i].lower_ in ("the", "your", "our", "my", "his", "her", "their")
    described = a.lemma_.lower() in HUMAN_NOUNS | TITLE_NOUNS and determined
    named = appos[1] if len(appos) == 2 else next((c for c in a.rights if c.dep_ == "appos"), None)
    if not described and determined and a.pos_ == "NOUN" and named is not None and named.ent_type_ == "PERSON":
        # "Mayor Lee, your rival, Dan Ochoa, told": any common noun ("rival", "opponent") with
        # a determiner describes the person its named apposition names, whatever the noun
        described = True
    if described and named is not None and len(appos) <= 2:
        # "Governor, the mayor, Paul Grant, says": a title addressed, then the speaker described
        # and named in apposition, closed by a comma before the verb (the parse hangs the name on
        # the description or on the title); the description speaks, its name is its reference
        nxt = named.right_edge.i + 1
        if named.ent_type_ == "PERSON" and named.left_edge.i == a.i + 2 and doc[a.i + 1].text == "," \
                and nxt + 1 < len(doc) and doc[nxt].text == "," and doc[nxt + 1].i == h.head.i:
            return a
        return h
    if len(appos) != 1:
        return h
    after = a.right_edge.i + 1
    if not (a.ent_type_ == "PERSON" or described) or after >= len(doc) or doc[after].text in (",", "(") or doc[after].text in DASHES:
        return h
    return a


def cap(t: Token) -> bool:
    """Capitalised like a name ("DuVernay" and "McKinley" are not ``istitle()``)."""
    return t.text[:1].isupper()


def _phrase_before(doc: Doc, j: int, lo: int) -> int:
    """Start of the noun phrase ending right before token ``j`` (not before ``lo``), scanning
    back over at most 10 words and stopping at punctuation and clause words; ``j`` when there
    is none. The phrase must begin like a noun phrase ("the commission", "Rep. Moore")."""
    a = j
    while a > lo and j - a < 10:
        p = doc[a - 1]
        if p.text == ")":  # "Rep. Ann Doe (D-Ore.) said": step over the bracket
            k = a - 1
            while k > lo and a - k < 7 and doc[k].text != "(":
                k -= 1
            if doc[k].text != "(":
                break
            a = k
            continue
        if p.is_punct and p.text not in ("'s", "\u2019s", "-", ".") or p.is_space or p.text in MARK_TOKENS or "\n" in p.whitespace_:
            break
        if p.lower_ in CLAUSE_WORDS or not (p.is_alpha or p.text in ("'s", "\u2019s", "-", ".")):
            break
        if _spaced_dash(doc, a - 1):
            break  # "Mr. Lee - in a line aimed at X - declared": a dash ends the phrase
        a -= 1
    while a < j and not (cap(doc[a]) or doc[a].lower_ in DETERMINERS or doc[a].lower_ in PERSONAL_PRONOUNS):
        a += 1
    while a < j and doc[a].text in ("(", ")"):
        a += 1
    return a


# words that open a parenthetical set off by commas between a speaker and the cue: a relative
# clause ("X, who spoke anonymously, said"), a comparison ("X, like others, said")
_PARENTHETICAL_OPENERS = frozenset("who whose which like unlike".split())


def _spaced_dash(doc: Doc, i: int) -> bool:
    """A dash standing alone between spaces (" - ", " -- ", " — "): punctuation, not a hyphen."""
    t = doc[i]
    return (t.text in DASHES or t.text == "-") and bool(t.whitespace_) and i > 0 and bool(doc[i - 1].whitespace_)


def _parenthetical_start(doc: Doc, j: int, lo: int) -> int | None:
    """Token index of the comma opening a parenthetical that ends with the comma right before
    token ``j`` ("X*,* who ... spoke anonymously, said"; "X*,* wearing a hat, said"): the
    parenthetical starts with a relative pronoun, "like", a participle or an adjective and
    holds no line break; at most 25 tokens back, not before ``lo``. Or the dash opening an
    aside between two spaced dashes ("X *-* in a line aimed at Y - declared"), at most 30
    tokens back. None otherwise."""
    if j - 1 <= lo:
        return None
    if _spaced_dash(doc, j - 1):
        # "Mr. Lee - in a line aimed at his rival - declared": any aside between two dashes
        for k in range(j - 2, max(lo, j - 31) - 1, -1):
            if "\n" in doc[k].text or "\n" in doc[k].whitespace_:
                return None
            if _spaced_dash(doc, k):
                return k if k + 1 < j - 1 else None
        return None
    if doc[j - 1].text != ",":
        return None
    for k in range(j - 2, max(lo, j - 26) - 1, -1):
        t = doc[k]
        if "\n" in t.text or "\n" in t.whitespace_:
            return None
        if t.text == ",":
            first = doc[k + 1]
            if k + 1 < j - 1 and (first.lower_ in _PARENTHETICAL_OPENERS or first.tag_ in ("VBG", "VBN", "JJ")):
                return k
            if k + 1 < j - 1 and first.lower_ in ("a", "an", "the") and k > lo and _phrase_before(doc, k, lo) == lo and cap(doc[lo]):
                # '"A," Flynn, a top party surrogate, said': a name opening the frame after a
                # quote, and a description of it in apposition (the parse may hang the name on
                # the quote's words and take a quoted show title after the verb for its subject)
                return k
            return None
    return None


def _speaker_rule(ctx: DocContext, cue_i: int, lo: int, hi: int) -> tuple[int, int] | None:
    """Parser-free speaker: the words between the frame start and the cue ("Lavrov said"), or a
    name right after it ("said Lavrov"); frame is token range [lo, hi)."""
    doc = ctx.doc
    if doc[cue_i].lower_ == "according" or doc[cue_i].text in DASHES:
        a = cue_i + (2 if doc[cue_i].lower_ == "according" else 1)
        while a < hi and doc[a].is_space and "\n" not in doc[a].text:
            a += 1  # "― Jorge Falcon" with a no-break space after the dash
        b = a
        while b < hi and b - a < 8 and not (doc[b].is_punct and doc[b].text not in (".", "-")) and not doc[b].is_space:
            b += 1
        while b > a and doc[b - 1].text in (".", "-"):
            b -= 1
        return (a, b) if b > a else None
    j = cue_i
    while j > lo and doc[j - 1].lower_ in CUE_FILLERS:
        j -= 1
    a = _phrase_before(doc, j, lo)
    if a < j:
        return a, j
    k = _parenthetical_start(doc, j, lo)
    if k is not None:
        # "One guest, who like others spoke on condition of anonymity, said": the phrase before
        # the interruption speaks (the parser made the relative clause's verb the cue's clause)
        a = _phrase_before(doc, k, lo)
        if a < k:
            return a, k
    # "said Lavrov" / "said the minister": a name, a pronoun or a determiner phrase, nothing else
    first = cue_i + 1
    if doc[cue_i].lemma_.lower() in ADDRESSEE_VERBS or doc[cue_i].lower_ in ADDRESSEE_VERBS:
        return None  # "told POLITICO that": the name after the verb is who was told
    if first >= hi or not (cap(doc[first]) or doc[first].lower_ in DETERMINERS or doc[first].lower_ in PERSONAL_PRONOUNS):
        return None
    if doc[first].lower_ in PERSONAL_PRONOUNS:
        return first, first + 1
    b = first
    while b < hi and b - cue_i <= 8:
        t = doc[b]
        if t.is_punct and t.text not in (".", "-") or t.is_space or t.lower_ in _SPEAKER_STOP or t.text in MARK_TOKENS:
            break
        b += 1
    while b > first and doc[b - 1].text in (".", "-"):
        b -= 1  # a sentence-final period is not part of the name
    span = doc[first:b]
    if span and any(cap(t) or t.lower_ in HUMAN_NOUNS for t in span):
        return first, b
    return None


# verbs of perception whose passive subject is the one heard or seen saying something
PERCEIVED = frozenset("hear see show film record catch overhear videotape".split())


def _opening_appositive(v: Token) -> Token | None:
    """A subjectless cue verb whose speaker the parse hung as an appositive on the object of the
    sentence's opening phrase ("In a note to *the Gazette*, *his aide, Tom Reyes*,
    said:", "On Dec. 2, *Col. Warren* said"): the first person-like appositive or conjunct of
    that object, standing between it and the verb. None otherwise."""
    if any(c.dep_ in SUBJ for c in v.children):
        return None
    for prep in v.children:
        if prep.dep_ != "prep" or prep.i > v.i:
            continue
        for obj in prep.subtree:
            if obj.dep_ != "pobj":
                continue
            for a in obj.children:
                if a.dep_ in ("appos", "conj") and obj.i < a.i < v.i and person_like(a) and not _never_speaker(a):
                    return a
    return None


# verbs whose passive subject is the one addressed: "*asked* whether", "*pressed* on", "*told* that"
_ADDRESSED_PASSIVES = frozenset("ask press question quiz query tell inform challenge".split())


def asked_participle(v: Token) -> Token | None:
    """For a reduced passive participle of a verb of addressing before the clause it hangs on
    ("*Asked* whether the plant would close, Kessler said", "Kessler, *asked* about it, said",
    "*Pressed* by reporters on ..."): the agent's noun when one is named ("by reporters"), else ``v`` itself (meaning no
    speaker: the noun the participle describes is who was asked, never who asks). None when
    ``v`` is no such participle (a finite or auxiliary-led verb, a subject of its own)."""
    after = _after_subordinator(v)  # (the tagger may call a subjectless "when asked" a past tense)
    who = _set_off_after_relative(v)
    if who is None and (v.tag_ != "VBN" and not (after and v.tag_ == "VBD") or v.dep_ not in ("advcl", "acl") or v.head.i <= v.i and not after):
        # (only before the clause it hangs on, or after a "when"/"if": after it, "X told CNN when
        # asked which ...", the quote that follows the question goes on with X's words, as it did)
        return None
    if v.lemma_.lower() not in _ADDRESSED_PASSIVES and v.lower_ not in ("asked", "told", "pressed"):
        return None
    if any(c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass", "csubj") and not (who is not None and c.i == who.i) for c in v.children):
        return None
    for c in v.children:
        if c.dep_ == "agent":
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    return v


def _set_off_after_relative(v: Token) -> Token | None:
    """The relative pronoun right before participle ``v`` and a comma ("the minister, *who*,
    asked whether she would resign, shook her head", also "who, when asked"): the participle is
    set off inside the relative clause and describes its subject, who was asked (usertest21
    M1). The parse takes such a participle for the relative's own past tense with "who" as its
    subject, as it would "who asked whether ...", which has no comma. None when ``v`` is not
    such a word."""
    j = v.i - 1 if v.i > 0 and v.doc[v.i - 1].lower_ in _ASKED_WHEN else v.i  # "who, *when* asked ..."
    if j < 2 or v.tag_ not in ("VBN", "VBD") or v.doc[j - 1].text != ",":
        return None
    who = v.doc[j - 2]
    # (the pronoun must be this clause's: the parse hangs it on the participle as its subject,
    # or on the clause's verb when it reads the participle as an aside)
    return who if who.lower_ in ("who", "which") and who.i > 0 and who.head.i in (v.i, v.head.i) else None


# "the senator said *when* asked if ...": the subordinator of a reduced passive after its clause
_ASKED_WHEN = frozenset("when if after as once before until while".split())


def _after_subordinator(v: Token) -> bool:
    """Whether participle ``v`` right follows a subordinator of its own ("the senator said *when*
    asked if she would run"): she is the one asked, and PolNeAR's gold gives such a question no
    source (usertest20 M1; polnear-train: "when asked whether/how/about ..." cue "asked", no
    Source, 5 of 5 read)."""
    return v.i > 0 and v.doc[v.i - 1].lower_ in _ASKED_WHEN and v.doc[v.i - 1].head.i == v.i


def subject_outside_quote(ctx: DocContext, v: Token) -> Token | None:
    """A subject of cue verb ``v`` outside every quoted run, when the parse gave it two: '"This
    budget," the finance minister, Carla Mendes, said, "is ..."' hangs "budget" (the quote's
    own subject) and "minister" on "said"; the one outside the marks speaks (usertest18 H4).
    None when there is no such subject."""
    for c in v.children:
        if c.dep_ in ("nsubj", "nsubjpass") and c.i not in ctx.in_run and c.lower_ not in RELATIVE_PRONOUNS:
            return c
    return None


def subject_after_inverted(v: Token) -> Token | None:
    """The subject right after cue ``v`` of an inverted frame set off by a comma ("The ministry,
    *said an aide* who ..., "has no plan.""), which the parse gave a second subject, the fronted
    words before the comma: those are what was said, the one after the verb says it. None when
    no subject follows the verb."""
    after = [c for c in v.children if c.dep_ in ("nsubj", "nsubjpass") and c.i > v.i and c.lower_ not in RELATIVE_PRONOUNS]
    if not after and v.lemma_.lower() == "say" and v.i > 0 and v.doc[v.i - 1].text == ",":
        # "The ministry, said an aide who ...": a person the parse made the object of "said"
        # (nobody says a person) is the inverted subject
        after = [c for c in v.children if c.dep_ == "dobj" and c.i > v.i and person_like(c)]
    return after[0] if after else None


def speaker_for(ctx: DocContext, cue_i: int, lo: int, hi: int) -> Range | None:
    """The speaker of the cue at token ``cue_i`` as a character range, or None. With a parse: the
    cue verb's subject (:func:`subject`), or the object of "according to"; then, when the parse
    names none, the words around the cue within the token frame ``[lo, hi)`` ("Lavrov said",
    "said the minister"; never the addressee after "told"; the phrase before an aside set off by
    commas or dashes, "X, who spoke anonymously, said"), and for an open complement ("X
    continued *to assert*") the words before the verb it hangs on. "it" is a speaker only as the
    active subject of a verb of speech (:func:`referring_it`)."""
    doc = ctx.doc
    t = doc[cue_i]
    handle = _handle_next_to(t, lo, hi)
    if handle is not None:
        return chars(doc, handle.i, handle.i + 1)
    if ctx.parsed and t.text not in DASHES:
        if t.lower_ == "according":
            objs = [c for c in doc[cue_i + 1].children if c.dep_ == "pobj"]
            if objs:
                return chars(doc, *np_range(doc, author_of(objs[0])))
        elif t.tag_ in ("NN", "NNS") and ends_verbless_subject(t) and t.lower_ in ("read", "reads"):
            # 'The sign on the gate read: "..."' parsed as one noun phrase: the words before
            # "read" are the sign, where it stands included (not "the gate")
            return chars(doc, t.sent.root.left_edge.i, t.i)
        else:
            h = subject(t)
            # a "subject" inside quoted words is a parse across the quote mark, not the speaker
            if h is not None and not_a_speaker(h):
                h = None  # a quote mark parsed as the subject ('」 the minister said'): use the words
            if h is None:
                h = _opening_appositive(t)
            if h is not None and h.i in ctx.in_run and cue_i not in ctx.in_run:
                h = subject_outside_quote(ctx, t) or h
            if h is not None and h.i < cue_i - 1 and doc[cue_i - 1].text == ",":
                h = subject_after_inverted(t) or h
            if h is None and t.dep_ in ("acl", "relcl") and t.tag_ in ("VBD", "VBN") and lo <= t.head.i < t.i and person_like(t.head):
                # '"...," the party's nominee, Jane Doe, tweeted': a past form the parse
                # hung on the noun before it as a modifier; that noun is its subject
                h = t.head
            if h is not None and (h.lower_ not in NOT_SPEAKERS or referring_it(h)) and (h.i not in ctx.in_run or cue_i in ctx.in_run):
                return chars(doc, *np_range(doc, h))
            passive = [c for c in t.children if c.dep_ == "nsubjpass"]
            if h is None and passive and t.lemma_.lower() in PERCEIVED and person_like(passive[0]):
                # "a reporter can be *heard* asking", "the cleric is *shown* lecturing": who is
                # heard or seen speaking speaks
                return chars(doc, *np_range(doc, passive[0]))
            if h is None and passive:
                return None
            refl = next((c for c in t.children if c.dep_ in ("dobj", "dative") and c.lower_ in _EMPHATIC), None) if h is None else None
            if refl is not None and not any(c.dep_ in ("nsubj", "nsubjpass", "csubj") for c in t.children):
                # 'And later answered himself with a "..."': a subjectless cue whose object is a
                # reflexive: the one it stands for speaks (its speaker_ref, by coreference, is
                # the person of the sentence before)
                return chars(doc, refl.i, refl.i + 1)
    r = _speaker_rule(ctx, cue_i, lo, hi)
    if r is None and ctx.parsed and t.dep_ == "xcomp" and lo <= t.head.i < t.i:
        # "X continued to assert", "X went on to say" with X lost in the parse: the words
        # before the verb the complement hangs on, whose subject the complement shares
        r = _speaker_rule(ctx, t.head.i, lo, hi)
    return chars(doc, *r) if r else None


_HANDLE = re.compile(r"@[A-Za-z0-9_]{1,30}")


def _handle_next_to(t: Token, lo: int, hi: int) -> Token | None:
    """A social-media handle right before cue ``t`` ("@JustSomeone tweeted") or right after it
    ('"...," tweeted @Blades.'), within the token frame ``[lo, hi)``: a handle names whoever
    posts, whatever part of speech the tagger gave the unknown word (an adverb, an object:
    usertest29 M2 e; rules45). Not after a verb whose object is the addressee ("told @X").
    None otherwise."""
    doc = t.doc
    if t.pos_ not in ("VERB", "AUX") and t.tag_ not in ("VBD", "VBN", "VBZ", "VBP", "VB", "VBG"):
        return None
    if t.i - 1 >= lo and _HANDLE.fullmatch(doc[t.i - 1].text):
        return doc[t.i - 1]
    if t.i + 1 < hi and _HANDLE.fullmatch(doc[t.i + 1].text) and t.lower_ not in ADDRESSEE_VERBS \
            and not any(c.dep_ in ("nsubj", "nsubjpass") and c.i < t.i and not c.is_punct for c in t.children):
        after = doc[t.i + 2] if t.i + 2 < len(doc) else None
        if after is None or after.is_punct or after.is_space:
            return doc[t.i + 1]
    return None


def clause_subject(doc: Doc, cue_i: int, contents: Sequence[Range]) -> Range | None:
    """The person-like subject of the nearest verb above cue ``cue_i`` (up to the sentence's
    root) that has one, outside the ``contents``: "Mr. Trump, in a freewheeling style, spoke
    ..., smiling at times and [dismissing] questions" parsed with the cue as a modifier. None
    when the climb finds no subject or one that is no person."""
    cur = doc[cue_i]
    for _ in range(6):
        # a caption's label the parse made a second subject ("Upbeat: Ann Moss put a spin on the
        # flaw saying ...") is never the one who speaks (rules41, usertest27 L)
        subj = _past_turn_label([c for c in cur.children if c.dep_ in ("nsubj", "nsubjpass") and c.i != cue_i], cur)
        if subj:
            h = subj[0]
            if not person_like(h) or h.lower_ in RELATIVE_PRONOUNS or any(a <= h.idx < b for a, b in contents):
                return None
            a, b = np_range(doc, h)
            return chars(doc, a, b)
        if cur.head.i == cur.i:
            return None
        cur = cur.head
    return None


def object_speaker(doc: Doc, speaker: Range, cue_i: int, contents: Sequence[Range]) -> Range:
    """``speaker``, unless it is a thing the parse made an object ("spent *the evening* working
    out how to ... without saying", "spent *the whole afternoon* answering"): a noun that is
    no person, no document ("*the report*'s") and no object of "by", "to" or "from" ("according
    *to the poll*"); then the person subject of the clause above the cue
    (:func:`clause_subject`) when there is one, else ``speaker``."""
    span = doc.char_span(speaker[0], speaker[1], alignment_mode="expand")
    h = span.root if span is not None and len(span) else None
    if h is None or h.dep_ not in ("dobj", "pobj") or person_like(h) or h.head.lower_ in ("by", "to", "from"):
        return speaker
    quoted = _quoted_outlet(doc[cue_i])
    if quoted is not None and quoted.i == h.i:
        return speaker  # "Reuters quotes *Canadian television* as saying": the object speaks (rules45)
    if h.lemma_.lower() in DOCUMENT_NOUNS or h.lower_ in DOCUMENT_NOUNS:
        return speaker
    return clause_subject(doc, cue_i, contents) or speaker


# verbs by which a thing bears out what someone knew or said ("heart failure, which *confirmed*
# what I had long suspected"): the thing is no speaker; the knower is
_CONFIRMING = frozenset("confirm prove show reflect echo validate vindicate bear underscore reinforce contradict".split())


def free_relative_speaker(doc: Doc, content: Range, speaker: Range) -> tuple[Range, Range, Range] | None:
    """For a reported content that is a free relative with a subject and a verb of thought or
    speech of its own ("heart failure, which confirmed *what I had long suspected*", "the
    storm proved *what she had said*") whose speaker is a thing, no person, group, document or issued
    text ("heart failure"): the relative's own attribution, as PolNeAR annotates it -- content
    the wh-word ("what"), cue the inner verb, speaker its subject ("I"). ``content``,
    ``speaker``: character ranges. Returns (content, cue, speaker) as character ranges, or None
    (a person or a document confirms: "the report confirmed what aides knew" stays)."""
    span = doc.char_span(speaker[0], speaker[1], alignment_mode="expand")
    inner = doc.char_span(content[0], content[1], alignment_mode="expand")
    if span is None or inner is None or len(span) == 0 or len(inner) < 3:
        return None
    h = span.root
    if person_like(h) or h.ent_type_ or _issued(h) or h.lower_ in NOT_SPEAKERS or h.tag_ in ("WP", "WDT", "PRP"):
        return None
    wh = inner[0]
    if wh.lower_ not in ("what", "whatever") or wh.dep_ not in ("dobj", "pobj"):
        return None
    outer = wh.head if wh.dep_ == "dobj" else wh.head.head
    while outer.dep_ in ("ccomp", "xcomp") and outer.head.i != outer.i and inner.start <= outer.i < inner.end:
        outer = outer.head
    if outer.lemma_.lower() not in _CONFIRMING:
        return None  # "a guy saying what he believed": a person's saying, not a thing's proof
    v = wh.head if wh.dep_ == "dobj" else wh.head.head
    if not (inner.start <= v.i < inner.end) or v.lemma_.lower() not in COGNITION_LEMMAS | SPEECH_LEMMAS:
        return None
    subjects = [c for c in v.lefts if c.dep_ in ("nsubj", "nsubjpass") and wh.i < c.i]
    if len(subjects) != 1 or not (person_like(subjects[0]) or subjects[0].lower_ in ("i", "we")):
        return None
    a, b = np_range(doc, subjects[0])
    return chars(doc, wh.i, wh.i + 1), chars(doc, v.i, v.i + 1), chars(doc, a, b)

