"""The gender ("m", "f" or unknown) of each person a document names, for he/she resolution.

Four sources of evidence, strongest first; a weaker one is read only when every stronger one is
silent, and a source that gives both genders for one person gives none (unknown):

1. **titles** -- a gendered honorific or title word in or right before a mention ("Mr. Tom
   Reyes", "Councilwoman Ortiz"; "Sen.", "Dr.", "Mayor" give none), or a gendered noun the name
   is set off after ("a woman, Sam Okoro,"); a kin noun before "of" is the other person's: "the
   wife of X" makes X a man, "the husband of X" a woman, "the son of X" tells nothing
   (usertest23 H1: "wife" had made the husband a woman, and a later "she" his);
2. **the text's own pronouns** -- a gendered possessive or reflexive (his/her/hers, himself/
   herself) in the clause whose subject is the mention, reached from that clause's verb without
   crossing into a clause with a subject of its own or a reported one, and with no other person
   (a name, a pronoun, a human noun) before it in that clause ("Tom Reyes defended *his*
   record", "Ann Moss tried to calm *herself*"; not "Ann Moss said *his* plan failed", not "Ann
   Moss met a man who lost *his* job", not "Ann Moss faulted Tom Reyes for *his* plan"); never a
   pronoun inside quotation marks (a quote speaks from its speaker's place: '"Ann Moss ignored
   *his* letters," Tom said'); of two people sharing a surname, only from a mention that spells
   out the first name too (a bare surname may stand for either). A he/she in the next sentence is
   not read: in news two people alternate, and that reading cost right speakers on the held-out
   PolNeAR slice (docs/attribution-rounds.md, fix10b);
3. **the first name** of a name of two words or more ("Ann Moss"), looked up in
   ``resources/first_names.tsv``: given names that nomquamgender's consensus of 36 name-gender
   sources (MIT licence; Van Buskirk, Clauset and Larremore, ICWSM 2023) counts for at least
   1,000 people and genders with p >= 0.9, the package's own threshold (``packaging/first_names.py``
   derives the file and says why it is not the package itself). A unisex name (Jordan, Chris,
   Taylor, Jean) is not in it and stays unknown; a lone surname is never looked up, nor a title word ("General", "King");
4. **a later he/she of the name's own sentence**, only when 1-3 are silent: the first gendered
   pronoun after a mention that is a subject, itself a clause subject outside quotation marks, no person
   between, and not in a clause the mention's verb reports (:func:`_later_pronouns`; usertest23
   H1: "... denied that Lee Varga had been there, as blogs that reported *she* was seized ...",
   then '"...," he said.' had gone to her).

Gender is a property of the full name a mention stands for (``coref.MentionIndex`` maps a bare
surname or "Mr. Reyes" to "Tom Reyes"), so evidence from any mention counts for all of them.
"""

from __future__ import annotations

import bisect
import functools
import re
from importlib import resources

import numpy
from spacy.attrs import LOWER
from spacy.tokens import Doc, Span, Token

from annotator.nlp.quotes_doc import one_of
from annotator.nlp.quotes_lexicon import HUMAN_NOUNS, LEADER_TITLES, TITLE_NOUNS

# the gender a word of a name's title gives ("Councilman Ortiz", "Mrs. Lee"); "Senator" gives none
MALE_TITLES = frozenset(
    "mr mr. sir lord king prince councilman congressman assemblyman alderman chairman spokesman father brother uncle husband son".split()
)
FEMALE_TITLES = frozenset(
    "mrs mrs. ms ms. miss madam madame lady dame queen princess councilwoman congresswoman assemblywoman alderwoman chairwoman spokeswoman mother sister aunt wife daughter".split()
)
PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "himself": "m", "she": "f", "her": "f", "hers": "f", "herself": "f"}
# possessives and reflexives: the ones that, in the subject's own clause, are the subject's
_SELF_WORDS = {"his": "m", "himself": "m", "her": "f", "hers": "f", "herself": "f"}
# clauses whose possessive may be someone else's: a reported clause, a relative clause, an aside
_OTHER_CLAUSES = frozenset({"ccomp", "relcl", "acl", "parataxis", "csubj", "appos", "advcl"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "expl", "csubj"})
# nouns that describe one person of a known gender without naming them ("my mother", "the
# woman"; coref: a he/she after one may stand for that person, not for a name before it)
GENDERED_NOUNS = {
    "f": frozenset("""mother mom mum grandmother grandma wife sister daughter aunt niece granddaughter
        woman girl lady widow girlfriend stepmother actress""".split()),
    "m": frozenset("""father dad grandfather grandpa husband brother son uncle nephew grandson
        man boy gentleman widower boyfriend stepfather""".split()),
}
_SEX_NOUNS = {w: g for g, words in GENDERED_NOUNS.items() for w in words}
_OPEN = {"\u201c": "\u201d", "\u2018": "\u2019"}


@functools.cache
def _first_names() -> dict[str, str]:
    """Given name (lower case) -> "m"/"f", from ``resources/first_names.tsv`` (module doc).
    Read once per process (about 13,000 lines, a few milliseconds)."""
    text = resources.files("annotator.resources").joinpath("first_names.tsv").read_text(encoding="utf-8")
    out: dict[str, str] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, _, gender = line.partition("\t")
            out[name] = gender
    return out


def first_name_gender(name: str) -> str | None:
    """"m", "f" or None for a full ``name`` from its first word ("Ann Moss" -> "f"); None for a
    single word (a surname), a first word that is a title or an initial ("General Cole", "J.
    Cole"), or a given name that is unisex or not in the list."""
    words = name.split()
    if len(words) < 2:
        return None
    first = words[0].lower().replace("\u2019", "'")
    if first.rstrip(".") in TITLE_NOUNS or first in LEADER_TITLES or first in MALE_TITLES or first in FEMALE_TITLES:
        return None
    return _first_names().get(first)


def known_given_name(word: str) -> bool:
    """Whether ``word`` is a given name of the list (:func:`first_name_gender`'s), any case."""
    return word.lower().replace("\u2019", "'") in _first_names()


_MARKS = re.compile("[\u201c\u201d\u2018\u2019\"\n]")


def quoted_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges [start, end) inside quotation marks: curly pairs, and straight double
    quotes paired within a paragraph. An unclosed mark runs to its paragraph's end. Only the
    marks and line breaks are visited (a regular expression finds them)."""
    out: list[tuple[int, int]] = []
    open_at: int | None = None
    close = ""
    for m in _MARKS.finditer(text):
        i, ch = m.start(), m.group()
        if ch == "\n":
            if open_at is not None:
                out.append((open_at, i))
                open_at = None
        elif open_at is None:
            if ch in _OPEN and not (ch == "\u2018" and i and text[i - 1].isalpha()):
                open_at, close = i, _OPEN[ch]
            elif ch == '"':
                open_at, close = i, '"'
        elif ch == close and not (close == "\u2019" and i + 1 < len(text) and text[i + 1].isalpha()):
            out.append((open_at, i + 1))
            open_at = None
    if open_at is not None:
        out.append((open_at, len(text)))
    return out


def in_ranges(ranges: list[tuple[int, int]], pos: int) -> bool:
    """Whether ``pos`` is inside one of ``ranges`` (sorted, not overlapping: :func:`quoted_ranges`)."""
    k = bisect.bisect_right(ranges, (pos, float("inf"))) - 1
    return k >= 0 and ranges[k][0] <= pos < ranges[k][1]


def _own_clause(word: Token, verb: Token) -> bool:
    """Whether ``word`` hangs from ``verb`` through no clause of another subject or kind
    (``_OTHER_CLAUSES``): "Tom Reyes tried to defend *his* record" yes; "... said *his* plan"
    no."""
    t = word
    for _ in range(40):  # a parse tree is finite; the bound only guards a malformed one
        if t.i == verb.i:
            return True
        if t.dep_ in _OTHER_CLAUSES or t.head.i == t.i:
            return False
        t = t.head
        if t.i != verb.i and t.pos_ in ("VERB", "AUX") and any(c.dep_ in _SUBJECTS for c in t.children):
            return False  # a verb with its own subject: its possessive may be its subject's
    return False


def _pronoun_genders(ent: Span, quoted: list[tuple[int, int]]) -> set[str]:
    """Genders of the possessives and reflexives of the clause whose subject is ``ent`` (module
    doc, source 2); none when ``ent`` is no clause's subject."""
    root = ent.root
    if root.dep_ not in ("nsubj", "nsubjpass") or any(c.dep_ == "conj" for c in root.children):
        return set()  # no subject, or one of several ("Tom Reyes and Ann Moss defended her ...")
    verb = root.head
    out: set[str] = set()
    other = False  # another person named before in the clause: the possessive may be theirs
    for t in verb.subtree:
        if ent.start <= t.i < ent.end:
            continue
        g = _SELF_WORDS.get(t.lower_)
        if g is None:
            # "Ann Moss took shots at Tom Reyes over his plan": his is Reyes's
            other = other or t.ent_type_ == "PERSON" or t.lower_ in PRONOUN_GENDER or t.lemma_.lower() in HUMAN_NOUNS
            continue
        if other:
            break
        if in_ranges(quoted, t.idx):
            continue
        if t.lower_ == "her" and t.dep_ != "poss":
            continue  # "asked the board to back her": an object her may be anyone
        if _own_clause(t, verb):
            out.add(g)
    return out


_title_ids: dict[tuple[int, frozenset[str]], tuple[object, frozenset[int]]] = {}


def _ids(strings, words: frozenset[str]) -> frozenset[int]:  # noqa: ANN001 - a spaCy StringStore
    """``words`` as ``strings``' IDs (what ``to_array(LOWER)`` holds), made once per store."""
    key = (id(strings), words)
    found = _title_ids.get(key)
    if found is None or found[0] is not strings:
        found = _title_ids[key] = (strings, frozenset(strings[w] for w in words))
    return found[1]


def genders(doc: Doc, ents: list[Span], names: list[str], *, parsed: bool, text: str | None = None) -> dict[str, tuple[str | None, str]]:
    """Each full name's gender from the three sources in order (module doc): name -> (gender,
    source), gender "m", "f" or None (no evidence, or conflicting evidence from the strongest
    source that gives any), source "title", "pronoun", "first name", "later pronoun" or "" (none).
    ``ents``: the PERSON mentions, in text order; ``names``: the full name each stands for (same
    length); ``parsed``: whether ``doc`` has a dependency parse (source 2 needs one); ``text``:
    ``doc.text`` if already at hand. Linear in the document."""
    titles: dict[str, set[str]] = {}
    pronouns: dict[str, set[str]] = {}
    quoted = quoted_ranges(doc.text if text is None else text) if parsed else []
    # where the possessives and reflexives are (numpy over the LOWER column): a clause holding
    # none is not walked
    strings = doc.vocab.strings
    lowers = doc.to_array(LOWER)
    selves = numpy.nonzero(one_of(lowers, [strings[w] for w in _SELF_WORDS]))[0].tolist() if parsed else []
    # the title words before and in each mention, compared as IDs in the LOWER column (perf22: no
    # Token made per word)
    lower = lowers.tolist()
    male = _ids(strings, MALE_TITLES)
    female = _ids(strings, FEMALE_TITLES)
    surnames: dict[str, set[str]] = {}
    for name in names:
        if name.split():
            surnames.setdefault(name.split()[-1], set()).add(name)
    shared = {last for last, full in surnames.items() if len(full) > 1}
    of_id = strings["of"]
    wife, husband = strings["wife"], strings["husband"]
    for e, name in zip(ents, names):
        lo = max(0, e.start - 2)
        for k, w in enumerate(lower[lo : e.end], lo):
            if k + 1 < len(lower) and lower[k + 1] == of_id:
                # "the wife of Omar Hassan" (usertest23 H1): a kin noun before "of" is the
                # other person's; "wife of" / "husband of" give the spouse's gender (the
                # usual reading in news), "the son of" none
                if w == wife:
                    titles.setdefault(name, set()).add("m")
                elif w == husband:
                    titles.setdefault(name, set()).add("f")
                continue
            if w in male:
                titles.setdefault(name, set()).add("m")
            elif w in female:
                titles.setdefault(name, set()).add("f")
        if parsed and e.root.dep_ == "appos" and e.root.head.lower_ in _SEX_NOUNS:
            # "a woman, Gill Rosenberg,": the noun the name is set off after gives its gender
            titles.setdefault(name, set()).add(_SEX_NOUNS[e.root.head.lower_])
        if selves and (name.split()[-1:] and name.split()[-1] not in shared or sum(t.is_alpha for t in e) >= 2) \
                and not in_ranges(quoted, e.start_char):
            # a bare surname two people share may be mapped to the wrong one ("Ann Holt ...
            # Tom Holt ... Holt drew his gun": Ann became a man): only their full names count
            verb = e.root.head
            k = bisect.bisect_left(selves, verb.left_edge.i)
            if k == len(selves) or selves[k] > verb.right_edge.i:
                continue  # no possessive in the clause
            found = _pronoun_genders(e, quoted)
            if found:
                pronouns.setdefault(name, set()).update(found)
    given = _couples_given_names(doc.text if text is None else text, ents, names)
    later = _later_pronouns(doc, ents, names, quoted) if parsed else {}
    out: dict[str, tuple[str | None, str]] = {}
    for name in dict.fromkeys(names):
        for source, evidence in (("title", titles.get(name)), ("pronoun", pronouns.get(name))):
            if evidence:
                out[name] = (next(iter(evidence)) if len(evidence) == 1 else None, source)
                break
        else:
            g = first_name_gender(name) or given.get(name)
            if g is None and len(later.get(name, ())) == 1:
                out[name] = (next(iter(later[name])), "later pronoun")
                continue
            out[name] = (g, "first name" if g else "")
    return out


def _later_pronouns(doc: Doc, ents: list[Span], names: list[str], quoted: list[tuple[int, int]]) -> dict[str, set[str]]:
    """Source 4, read only when the other three are silent (a unisex or unlisted first name, a
    lone surname): for a mention that is a clause subject, the he/she subject of a clause later
    in its own sentence that no
    other person can be ("Officials denied that Lee Varga had been there, as blogs that
    reported *she* was seized claimed"; usertest23 H1): outside quotation marks, no person (a
    name, a pronoun, a human or gendered noun) between the mention and it, and not in a clause
    the mention's verb reports ("Chief Dana Holt said *he* was arrested": he is someone else).
    name -> the genders found (a name with two is left unknown by the caller)."""
    out: dict[str, set[str]] = {}
    for e, name in zip(ents, names):
        if in_ranges(quoted, e.start_char) or e.root.dep_ not in ("nsubj", "nsubjpass"):
            continue  # a name a preposition or verb takes ("shamed him on Twitter, she ...") is no antecedent to trust
        verb = e.root.head
        for t in doc[e.end : e.sent.end]:
            if t.ent_type_ == "PERSON" or t.lemma_.lower() in HUMAN_NOUNS or t.lower_ in _SEX_NOUNS:
                break
            g = PRONOUN_GENDER.get(t.lower_)
            if g is None:
                continue
            if t.lower_ in ("he", "she") and t.dep_ in ("nsubj", "nsubjpass") and not in_ranges(quoted, t.idx) \
                    and not _reported_by(t, verb):
                out.setdefault(name, set()).add(g)
            break  # the first pronoun after the name decides
    return out


def _reported_by(t: Token, verb: Token) -> bool:
    """Whether ``t``'s clause hangs from ``verb`` as what it reports or wants (ccomp, xcomp,
    parataxis), directly or through a conjunct."""
    c = t.head
    for _ in range(40):  # a parse tree is finite; the bound only guards a malformed one
        if c.head.i == c.i:
            return False
        if c.head.i == verb.i:
            return c.dep_ in ("ccomp", "xcomp", "parataxis", "conj")
        c = c.head
    return False


# "James *and Olive Reed*": "and", a capitalised given name and a capitalised surname
_AND_NAME = re.compile(r"\s+(?:and|&)\s+([A-Z][a-z]+)\s+[A-Z][\w\u2019'-]+")


def _couples_given_names(text: str, ents: list[Span], names: list[str]) -> dict[str, str]:
    """Lone words the recogniser took for a whole name that are the first name of one of a
    couple sharing a surname ("my parents, *James* and Olive Reed"; "*Bill* and Hillary
    Clinton"): a one-word mention right before "and" and a given name of the list with a
    surname (tagged or not), itself a given name of the list -> its gender. A lone word
    elsewhere stays a surname (module doc) and is never looked up."""
    out: dict[str, str] = {}
    for e, name in zip(ents, names):
        if len(name.split()) != 1 or len(e) != 1:
            continue
        m = _AND_NAME.match(text, e.end_char)
        if m is None or m.group(1).lower() not in _first_names():
            continue
        g = _first_names().get(name.lower())
        if g is not None:
            out[name] = g
    return out


def title_gender(words: str) -> str | None:
    """"m"/"f" when the words of a speaker phrase hold gendered titles of one gender only
    ("Mrs. Holt"), else None."""
    low = {w.lower() for w in words.split()}
    male, female = bool(low & MALE_TITLES), bool(low & FEMALE_TITLES)
    return "m" if male and not female else "f" if female and not male else None
