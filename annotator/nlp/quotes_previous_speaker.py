"""A he/she speaker that the person index could not resolve, given the speaker of an earlier
attribution in its paragraph: '"We are ready," Holt said. "We have the money," she added.' The
recogniser often tags no PERSON on a bare surname ("Holt"), so :class:`coref.MentionIndex`
knows no one before "she"; the earlier attribution's speaker is a person the text has just
quoted, and a reporter's he/she right after is that person going on.

Only a speaker that is no one's quoted words (not inside another attribution's content: a
"he" in Jane Roe's quote or in a transcript turn is a third person, :func:`quotes.not_own_speaker`
decides those) and that the index left without a person. The earlier speaker is the nearest one
before it in the same paragraph that names a person (its own named person, or a proper name the
recogniser gave no other kind) and whose gender, when a title ("Mr.", "Mrs.") or an earlier
he/she resolved to it shows one, or else its first name ("Ann Holt": :mod:`person_gender`), is
the pronoun's."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from spacy.tokens import Doc

from annotator.nlp.coref import news_outlet
from annotator.nlp.person_gender import PRONOUN_GENDER as _PRONOUN_GENDER
from annotator.nlp.person_gender import first_name_gender, title_gender
from annotator.nlp.quotes_lexicon import DETERMINERS
from annotator.nlp.quotes_types import Quote

_NOT_PERSONS = frozenset("ORG GPE NORP LOC FAC PRODUCT WORK_OF_ART EVENT LAW DATE TIME".split())


def _name_said(doc: Doc, text: str, speaker: tuple[int, int]) -> str | None:
    """The speaker text when it is a bare proper name of a person ("Holt", "Mayor Holt", "Ann
    Holt"): one to four capitalised words, the last a proper noun the recogniser gave no kind
    other than PERSON. None otherwise ("the mayor", "Google", "Officials")."""
    said = text[speaker[0] : speaker[1]]
    words = said.split()
    if not 1 <= len(words) <= 4 or words[0].lower() in DETERMINERS or not all(w[:1].isupper() for w in words):
        return None
    span = doc.char_span(*speaker, alignment_mode="expand")
    if span is None or not len(span):
        return None
    last = span[-1]
    if last.pos_ != "PROPN" or last.ent_type_ in _NOT_PERSONS:
        return None
    if news_outlet(said):
        return None  # "Mediaite said ...": an outlet, never a he/she's antecedent (rules37)
    return said


def _gender_said(text: str, speaker: tuple[int, int]) -> str | None:
    return title_gender(text[speaker[0] : speaker[1]])


def _spoke(person: str, named: list[tuple[int, str]], paragraph: int) -> bool:
    """Whether ``person`` (or a name ending in its last word) is a speaker in ``named`` since
    char ``paragraph``; also True when no one spoke there (nothing to prefer)."""
    here = [p for pos, p in named if pos >= paragraph]
    last = person.split()[-1:] if person.split() else []
    return not here or any(p == person or p.split()[-1:] == last for p in here)


_ONE_PERSON = frozenset(
    """minister president leader premier chancellor secretary senator governor mayor
    representative spokesman spokeswoman spokesperson chairman chairwoman chair director
    ambassador envoy chief head candidate nominee diplomat official judge prosecutor attorney
    lawyer ceo founder speaker man woman aide adviser advisor analyst economist expert
    professor doctor strategist pollster witness resident activist officer commander general
    congressman congresswoman lawmaker legislator executive author researcher scientist""".split()
)


def _a_person_described(text: str, speaker: tuple[int, int]) -> bool:
    """Whether the speaker text is one person described, not named: a determiner or possessive
    and a singular person noun last ("the minister", "the bank's chief economist")."""
    words = text[speaker[0] : speaker[1]].split()
    if not 2 <= len(words) <= 6 or words[-1].lower() not in _ONE_PERSON:
        return False
    return words[0].lower() in DETERMINERS | {"our", "your"} or words[0].endswith(("'s", "\u2019s"))


def _described_nearer(text: str, ref: str, described: list[tuple[int, str | None]], named: list[tuple[int, str]],
                      at: int, paragraph: int, gender: str) -> bool:
    """Whether a he/she at ``at`` resolved to ``ref`` stands rather for the person a speaker of
    its paragraph only described ("the minister"): one such speaker of a gender that does not
    conflict comes after the last place ``ref`` (its last word) is written before ``at`` and
    after every named speaker of the paragraph."""
    lo = paragraph
    if not any(paragraph <= pos < at for pos, _ in named) and not any(paragraph <= pos < at for pos, _ in described):
        # 'X was freed, a senior official told Reuters. // He said ...': a paragraph that
        # opens on the he/she with no speaker before it goes on from the one before, whose
        # last speaker may be a person only described -- there, one the text brings in with
        # "a / an" (a new person); "the two-term president" may be the one named before
        # (held-out: Obama), so a definite description is not taken across (rules49, FNC-1 news)
        lo = _paragraph_before(text, paragraph)
    last_named = max((pos for pos, _ in named if lo <= pos < at), default=-1)
    fits = [
        pos for pos, g in described
        if lo <= pos < at and pos > last_named and g in (None, gender) and (pos >= paragraph or _INDEFINITE.match(text, pos))
    ]
    if not fits:
        return False
    surname = ref.split()[-1] if ref.split() else ref
    return text.rfind(surname, 0, at) < fits[-1]


_INDEFINITE = re.compile(r"(?i:an?|one)\s")


def _paragraph_before(text: str, paragraph: int) -> int:
    """Where the paragraph before the one starting at char ``paragraph`` starts (blank lines
    between them skipped); ``paragraph`` itself when it is the first."""
    end = len(text[:paragraph].rstrip())
    return text.rfind("\n", 0, end) + 1 if end else paragraph


def _subject_of_own_sentence(doc: Doc, ref: str, at: int) -> bool:
    """Whether ``ref`` (a person's name) is the subject of the main clause of the sentence the
    pronoun at character ``at`` stands in, before it ("In 2008, Pope Leo angered some fans when *he*
    said ..."): that subject is the pronoun's, not an earlier speaker of the paragraph (rules46:
    a new "implied" reading made the pope before him the paragraph's speaker)."""
    span = doc.char_span(at, at + 1, alignment_mode="expand")
    if span is None or not len(span):
        return False
    root = span[0].sent.root
    last = ref.split()[-1].lower() if ref.split() else ""
    return any(
        c.dep_ in ("nsubj", "nsubjpass") and c.idx < at and last in {t.lower_ for t in c.subtree}
        for c in root.children
    )


def previous_speaker(
    doc: Doc,
    quotes: list[Quote],
    text: str,
    gender: Callable[[str], str | None] | None = None,
    *,
    shown: Callable[[str], str | None] | None = None,
    unnamed_between: Callable[[int, int, str], bool] | None = None,
) -> list[Quote]:
    """``quotes`` with each unresolved he/she speaker (``speaker_ref`` None) given the person of
    the nearest earlier attribution of its paragraph whose gender fits (module doc); a he/she the
    index resolved to a person who said nothing in the paragraph, and whose gender a title does
    not show to be the pronoun's (``shown``: name -> "m"/"f"/None, e.g.
    :meth:`coref.MentionIndex.titled_gender`; else ``gender``, the same kind of callable), goes
    to that earlier speaker too when there is one. A first name or a possessive does not keep
    such a person: the speaker just quoted going on is likelier than a man or woman merely
    mentioned since (the held-out slice lost right speakers when they did). ``unnamed_between``
    ((from char, pronoun char, "m"/"f") -> bool, e.g.
    :meth:`coref.MentionIndex.unnamed_between`): when a person only described by a noun of the
    pronoun's gender is a subject between that earlier speaker and the pronoun ("Nasser told the
    paper the widow was given bread. At first she thought ..."), the pronoun of an indirect
    reading is left unresolved: that person is nearer, and no name stands for her (rules49,
    FNC-1 news)."""
    shown_gender = shown or gender
    firsts: dict[int, Quote] = {}
    for q in quotes:
        firsts.setdefault(q.group, q)
    order = sorted(firsts.values(), key=lambda q: (q.speaker or q.content)[0])
    gender_of: dict[str, set[str]] = {}
    named: list[tuple[int, str]] = []  # (speaker start, person), in text order
    changed: dict[int, str | None] = {}
    described: list[tuple[int, str | None]] = []  # (speaker start, gender) of "the minister" with no name
    for q in order:
        if q.speaker is None:
            continue
        word = text[q.speaker[0] : q.speaker[1]].lower()
        gender = _PRONOUN_GENDER.get(word) if word in ("he", "she") else None
        ref = q.speaker_ref
        paragraph = text.rfind("\n", 0, q.speaker[0]) + 1
        if gender is not None and ref is not None and not _spoke(ref, named, paragraph) and (
            shown_gender is None or shown_gender(ref) != gender
        ) and not _subject_of_own_sentence(doc, ref, q.speaker[0]):
            # 'Ortiz said. Grant nodded. "It is," she added': the index took the nearest
            # person, who said nothing; a he/she going on is the one who spoke, when one did
            ref = None
        if gender is not None and ref is not None and _described_nearer(text, ref, described, named, q.speaker[0], paragraph, gender):
            # '"We expect a hard winter," the minister said. "But we are ready," she added.':
            # the person just quoted, described and not named, goes on; a person named before
            # that description (paragraphs earlier) is not "she"
            ref = changed[q.group] = None
            continue
        if gender is not None and ref is None and not any(
            o.group != q.group and o.content[0] <= q.speaker[0] < o.content[1] for o in quotes
        ):
            for pos, person in reversed(named):
                if pos < paragraph:
                    break
                if unnamed_between is not None and q.kind == "indirect" and unnamed_between(pos, q.speaker[0], gender):
                    # "... the widow was given bread. At first she thought": the widow. Not for
                    # a quotation's he/she ('Schoen says his man has ... "...," he says': the
                    # one just quoted goes on; held-out)
                    break
                known = gender_of.get(person, set())
                if not known and first_name_gender(person) is not None:
                    # "Ann Holt": her first name, when the text said nothing of it. Not the
                    # index's other evidence: a bare surname it maps to the wrong full name
                    # carries a title over ("Ann Holt ... her husband Holt": "husband" made
                    # her a man, and her own "she" went to someone else on the dev slice)
                    known = {first_name_gender(person)}
                if len(known) <= 1 and known <= {gender}:
                    ref = changed[q.group] = person
                    break
        if ref is None:
            ref = q.speaker_ref if gender is not None else _name_said(doc, text, q.speaker)
            if ref is None:
                if gender is None and _a_person_described(text, q.speaker):
                    described.append((q.speaker[0], title_gender(text[q.speaker[0] : q.speaker[1]])))
                continue
        named.append((q.speaker[0], ref))
        g = gender or _gender_said(text, q.speaker)
        if g is not None:
            gender_of.setdefault(ref, set()).add(g)
    if not changed:
        return quotes
    return [dataclasses.replace(q, speaker_ref=changed[q.group]) if q.group in changed else q for q in quotes]
