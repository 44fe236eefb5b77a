"""Salience-based speaker resolution: which named person a pronoun, surname or title refers to.

Deliberately simple (no neural coref): a pronoun (he, she, or the possessor his/her of
"*his* claim that") goes to the most recent PERSON of that pronoun's gender or of none known
(:mod:`annotator.nlp.person_gender`: a gendered title, "Councilman Ortiz", "Mrs. Lee"; else a
possessive or reflexive of the person's own clause, "Tom Reyes defended his record"; else a
first name, "Ann Moss"; a he/she in a later sentence is not taken as a gender; one known to be
of the pronoun's gender beats one of unknown gender, unless that one is a subject of the
pronoun's own sentence) that was a sentence subject in the ~two
sentences before it, else to the most recent PERSON subject of a reported clause there, else to
the most recent PERSON mention (a bare surname of a person already named in full is a PERSON
mention whatever the NER tagged it: :func:`_missed_surnames`); a description ("the Russian president", "Russian Foreign
Minister") goes to the most recent person who was named with a matching title ("Russian President Vladimir Putin"); a surname goes
to the full name it was introduced with. All indices are built once per document (linear).
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Iterator

import numpy
from spacy.attrs import DEP, LOWER
from spacy.tokens import Doc, Span, Token

from annotator.nlp.person_gender import GENDERED_NOUNS, PRONOUN_GENDER, first_name_gender, genders, in_ranges, known_given_name, quoted_ranges
from annotator.nlp.quotes_doc import annotated, one_of
from annotator.nlp.quotes_lexicon import DETERMINERS, HUMAN_NOUNS, LEADER_TITLES, OUTLET_NOUNS, SINGULAR_POSSESSIVES, SINGULAR_PRONOUNS, TITLE_NOUNS

_TITLE_STOP = frozenset("of by and or the a an to for with from in on at as said says".split())
_POSSESSIVE = frozenset({"'s", "\u2019s", "'", "\u2019"})
_VAGUE_MODIFIERS = frozenset("former top new then current outgoing incoming senior".split())
_HONORIFICS = frozenset("mr mr. mrs mrs. ms ms. dr dr. sir lady lord the".split())
# the gender a word of a name's title gives ("Councilman Ortiz", "Mrs. Lee"); "Senator" gives none
_PRONOUN_GENDER = PRONOUN_GENDER
_REFLEXIVE_SPEAKERS = frozenset(("himself", "herself"))  # quotes_speakers.speaker_for: a subjectless cue's reflexive object
_GENDERED = re.compile(r"\b(?:he|him|his|himself|she|her|hers|herself)\b", re.IGNORECASE)
_SALIENCE_WINDOW = 400  # characters (about two sentences) searched for a subject antecedent


@dataclasses.dataclass(slots=True)
class _Mention:
    start: int  # char offset
    end: int
    name: str  # full name it stands for
    titles: frozenset[str]
    subject: bool = False  # grammatical subject: more salient for a following "he"/"she"
    any_subject: bool = False  # subject of any clause, a reported one too: next in salience
    main: bool = False  # a participant of its sentence's main clause, not of a clause inside it
    # named only as whose relative or aide the subject is ("*the daughter of* Mark Hale said",
    # "Hale's *spokesman* said"): that subject is someone else, and a he/she after it is not Hale
    kin_of: bool = False
    kin_gender: str | None = None  # that subject's gender by its noun ("daughter": "f"), if any
    outlet: bool = False  # a news outlet the recogniser tagged PERSON ("Mediaite"): no he/she's


def _clean_name(ent: Span) -> str:
    toks = [t for t in ent if t.text not in _POSSESSIVE]
    while toks and toks[-1].is_punct and toks[-1].text not in ".-":
        toks.pop()  # "DANA MCBRIDE:" of a transcript turn the recogniser took with its colon
    return " ".join(t.text for t in toks).strip()


def as_written(name: str, text: str) -> str:
    """``name`` (a mention's tokens joined by spaces, as :class:`MentionIndex` keeps it:
    "Al - Shabab", "AT & T") in the article's own characters ("Al-Shabab", "AT&T"): its first
    occurrence in ``text`` with the words run together or apart as written there, whitespace
    runs read as one space. Only a name with a word of no letter or digit, or one starting with
    an apostrophe, is looked up (a plain name is already as written); ``name`` unchanged when
    ``text`` does not spell it this way (a name :class:`_Spelling` put in normal case)."""
    words = name.split()
    if len(words) < 2 or not any(w[0] in "'\u2019" or not any(ch.isalnum() for ch in w) for w in words):
        return name
    # the tokeniser split the name at its punctuation; the article may or may not have spaces there
    found = re.search(r"(?<!\w)" + r"\s*".join(re.escape(w) for w in words) + r"(?!\w)", text)
    return " ".join(found.group().split()) if found else name


def _titles_before(doc: Doc, i: int) -> set[str]:
    """Title words right before a name: 'Russian Foreign Minister' in '... Minister Sergey Lavrov'."""
    words: set[str] = set()
    j = i - 1
    while j >= 0 and i - j <= 5:
        t = doc[j]
        low = t.lower_
        if not t.is_alpha or low in _TITLE_STOP or low in DETERMINERS:
            break
        if not (t.is_title or t.is_upper or low in TITLE_NOUNS or t.pos_ == "ADJ" or t.ent_type_ in ("NORP", "GPE")):
            break
        words.add(low)
        j -= 1
    return words if words & (TITLE_NOUNS | LEADER_TITLES) else set()


def _titles_after(doc: Doc, end: int) -> set[str]:
    """An appositive title: 'Sergey Lavrov, the Russian foreign minister, ...'."""
    if end >= len(doc) or doc[end].text != ",":
        return set()
    words: set[str] = set()
    stop = end + 1
    for t in doc[end + 1 : min(len(doc), end + 8)]:
        if t.text in {",", ".", ";", "\n"} or t.is_space:
            break
        stop = t.i + 1
        if t.is_alpha and t.lower_ not in DETERMINERS and t.lower_ not in _TITLE_STOP:
            words.add(t.lower_)
    if any(t.dep_ in ("nsubj", "nsubjpass") and end < t.head.i < stop for t in doc[end + 1 : stop]):
        # "Tom, the mayor says you are failing" (Tom addressed), "Lavrov, the minister said, is":
        # the words after the comma are a clause with its own subject, no apposition to the name
        return set()
    start = end - 1
    while start > 0 and doc[start - 1].pos_ == "PROPN" and not doc[start - 1].is_space:
        start -= 1
    opens = start == 0 or doc[start].is_sent_start or doc[start - 1].is_space or doc[start - 1].text == ":"
    if opens and any(t.tag_ in ("VBD", "VBZ", "VBP") for t in doc[end + 1 : stop]):
        # "Ray, the governor called the plan reckless": a name opening its sentence and a
        # description that runs into a verb with no comma closing it: Ray is addressed, the
        # governor speaks (the parse may make the description Ray's apposition)
        return set()
    return words if words & TITLE_NOUNS else set()


class MentionIndex:
    """PERSON mentions of one document, for resolving speakers."""

    def __init__(self, doc: Doc, text: str | None = None) -> None:
        self.doc = doc
        self.text = doc.text if text is None else text  # spaCy rebuilds Doc.text on each access
        raw = [e for e in doc.ents if e.label_ == "PERSON"]
        turns = _turn_mentions(doc, self.text, raw)
        raw = sorted(raw + turns, key=lambda e: e.start)
        said = _Spelling(self.text)
        parsed = annotated(doc, "DEP")  # Span.root walks the tree: only with a parse (else a segfault)
        full_by_surname: dict[str, list[tuple[int, str]]] = {}
        for e in raw:
            name = said.name(_clean_name(e))
            if len(name.split()) >= 2:
                full_by_surname.setdefault(name.split()[-1].lower(), []).append((e.start_char, name))
        if parsed:
            # "One senator, Carly Doe, says": a name set off after a description of a person is
            # one, whatever the NER tagged it (ORG, nothing)
            extra = _appositive_names(doc, raw)
            for e in extra:
                full_by_surname.setdefault(e[-1].lower_, []).append((e.start_char, _clean_name(e)))
            raw = raw + extra
        raw = sorted(raw + _missed_surnames(doc, raw, full_by_surname), key=lambda e: e.start)
        by_given: dict[str, set[str]] = {}  # first word -> the full names it opens
        for hits in full_by_surname.values():
            for _pos, full in hits:
                words = full.split()
                if len(words) >= 2 and words[0].lower().rstrip(".") not in TITLE_NOUNS and words[0].lower() not in _HONORIFICS:
                    by_given.setdefault(words[0].lower(), set()).add(full)
        self._mentions: list[_Mention] = []
        titles_of: dict[str, set[str]] = {}
        kept: list[Span] = []  # the entities of self._mentions, same order
        turn_starts = {e.start for e in turns}
        from annotator.nlp.quotes_colon import ROLE_NOUNS  # quotes_colon imports nothing from here

        for e in raw:
            name = said.name(_clean_name(e))
            if not name or name.split()[-1].lower() in ROLE_NOUNS:
                continue  # "CNN HOST" (the recogniser's PERSON in a turn label) is a role, never a referent
            if _AGE_OF_PLACE.search(self.text, max(0, e.start_char - 16), e.start_char):
                continue  # "Ann Lee, 36, of Yorkshire": where she lives, whatever the recogniser tagged it (rules49)
            if len(name.split()) == 1:
                cands = full_by_surname.get(name.lower(), [])
                before = [n for pos, n in cands if pos <= e.start_char]
                given = by_given.get(name.lower(), set())
                if cands:
                    name = before[-1] if before else cands[0][1]
                elif len(given) == 1 and name[:1].isupper() and known_given_name(name):
                    # a first name alone ("Pete" after "Pete Orlow"; "Hillary") stands for
                    # the one full name it opens, when only one does and it is a given name of
                    # person_gender's list (not "Mayor" of a headline's "Mayor Says")
                    name = next(iter(given))
            titles = _titles_before(doc, e.start) | _titles_after(doc, e.end)
            titles_of.setdefault(name, set()).update(titles)
            # the subject of a main clause, not of a reported one ("... said that Trump erred");
            # an appositive name stands for its description ("One senator, Carly Doe, says")
            root = e.root.head if parsed and e.root.dep_ == "appos" else e.root
            any_subject = parsed and root.dep_ in ("nsubj", "nsubjpass") and not _in_a_list(root)
            subject = any_subject and root.head.dep_ in ("ROOT", "conj")
            if e.start in turn_starts:
                any_subject = subject = True  # a transcript turn's speaker speaks its paragraph
            main = parsed and _in_main_clause(root)
            kin = _kin_of_subject(e.root) if parsed else None
            outlet = news_outlet(name)  # "Mediaite said ... she said": never the she (rules37)
            self._mentions.append(_Mention(
                e.start_char, e.end_char, name, frozenset(titles_of[name]), subject, any_subject, main,
                kin is not None, _SEX_OF_NOUN.get(kin.lower_) if kin is not None else None, outlet,
            ))
            kept.append(e)
        self._starts = [m.start for m in self._mentions]
        # name -> "m"/"f"/None: titles, the text's own possessives, first names (person_gender)
        self._gender = genders(doc, kept, [m.name for m in self._mentions], parsed=parsed, text=self.text)
        self._no_ner = not annotated(doc, "ENT_IOB")
        self._quoted: list[tuple[int, int]] | None = None  # quoted_ranges of the text, on first need
        self._sent_starts: list[int] | None = None  # built on the first gendered pronoun
        self._first_names: dict[str, tuple[int, str] | None] = {}
        # surname -> full names in text order, for a bare "Lavrov" / "Mr. Obama" the NER missed
        self._by_surname: dict[str, list[tuple[int, str]]] = {}
        for m in self._mentions:
            parts = m.name.split()
            if len(parts) >= 2:
                self._by_surname.setdefault(parts[-1].lower(), []).append((m.start, m.name))

    def _by_name(self, words: list[str], before: int) -> str | None:
        """A full name whose surname is the last of ``words`` (an honorific may precede it)."""
        if not words or len(words) > 3 or not all(w[:1].isupper() for w in words):
            return None
        surname = words[-1].rstrip(".,")
        cands = self._by_surname.get(surname.lower(), [])
        prior = [n for pos, n in cands if pos < before]
        if prior or cands:
            return prior[-1] if prior else cands[0][1]
        return self._first_name_before(surname, before) if self._no_ner else None

    def _first_name_before(self, surname: str, before: int) -> str | None:
        """Without NER: "Sergey Lavrov" from the first place the surname follows a capitalised
        word that is not a title ("... Minister Sergey Lavrov said")."""
        if len(surname) < 2 or not surname[0].isupper():
            return None
        if surname not in self._first_names:  # one scan per surname, not per quote
            found = None
            for m in re.finditer(r"\b([A-Z][\w\u2019'.-]*) " + re.escape(surname) + r"\b", self.text):
                first = m.group(1)
                if first.lower().rstrip(".") not in TITLE_NOUNS and first.lower() not in _HONORIFICS:
                    found = (m.start(), f"{first} {surname}")
                    break
            self._first_names[surname] = found
        hit = self._first_names[surname]
        return hit[1] if hit and hit[0] < before else None

    def name_in(self, start: int, end: int) -> str | None:
        """The full name of a PERSON mention inside [start, end), if any."""
        k = bisect.bisect_left(self._starts, start)
        while k < len(self._mentions) and self._mentions[k].start < end:
            if self._mentions[k].end <= end:
                return self._mentions[k].name
            k += 1
        return None

    def _appositive_name(self, end: int) -> str | None:
        """The person named right after a description, set off by a comma, also after an
        honorific or title the recogniser left out of the name ("Your opponent, Mr. Cole, says",
        "the governor, Gov. Ann Moss,")."""
        k = bisect.bisect_left(self._starts, end)
        if k >= len(self._mentions):
            return None
        between = self.text[end : self._mentions[k].start].split()
        if between[:1] != [","] or "\n" in self.text[end : self._mentions[k].start]:
            return None
        if all(w.lower() in _HONORIFICS and w.lower() != "the" or w.lower().rstrip(".") in TITLE_NOUNS and w[:1].isupper()
               for w in between[1:]):
            return self._mentions[k].name
        return None

    def _named_not_possessor(self, start: int, end: int) -> str | None:
        """:meth:`name_in`, skipping a possessor ("*Ann Lee*'s campaign manager Tom Baker"): the
        first person named in [start, end) who is not followed by 's, else the possessor when
        the words after it name no person of theirs ("Lee's campaign")."""
        k = bisect.bisect_left(self._starts, start)
        possessor: str | None = None
        while k < len(self._mentions) and self._mentions[k].start < end:
            m = self._mentions[k]
            if m.end <= end and _kin_of_before(self.text, start, m.start):
                return None  # "the spokesman of Mayor Tom Reed": the spokesman, not Reed (rules37)
            if m.end <= end and _FROM_OR_WITH.search(self.text, start, m.start):
                # "a source with knowledge of Kim's health", "a report from Gawker", "Activists
                # with the Observatory": the name only says where the speaker is from (rules41)
                k += 1
                continue
            if m.end <= end and _after_outlet_noun(self.text, start, m.start):
                # "The celebrity website People said": the name the NER took for a person is the
                # outlet's (rules43)
                k += 1
                continue
            if m.end <= end and _ROLE_AFTER.match(self.text[m.end : end]):
                # "Hunter spokesman Joe Kasper", "a Hale campaign aide": the name only says whose
                # the one who speaks is; the next name (Joe Kasper), else no one (rules40)
                k += 1
                continue
            if m.end <= end:
                if _POSSESSOR_AT.match(self.text, m.end) is None and not _ends_possessive(self.text, m):
                    return m.name
                if possessor is None and not _possessor_only(self.text[start:end]):
                    possessor = m.name
            k += 1
        return possessor

    def _described_before(self, start: int, end: int, before: int) -> str | None:
        """The person the text named earlier with the same description as [start, end) ("Tom
        Baker, Lee's former campaign strategist, ..." for a later "Lee's former campaign
        strategist said"): a mention right before ", <description>" or right after
        "<description>[,]"; None when there is none."""
        said = self.text[start:end]
        words = said.split()
        if words and words[0].lower() in DETERMINERS:
            said = " ".join(words[1:])
        if not said:
            return None
        for hit in reversed(list(re.finditer(re.escape(said), self.text[:before]))):
            if hit.start() == start:
                continue
            for m in self._before(hit.start()):
                gap = self.text[m.end : hit.start()]
                if re.fullmatch(r",\s*(?:(?:the|a|an)\s+)?", gap, flags=re.IGNORECASE):
                    return m.name
                break
            k = bisect.bisect_left(self._starts, hit.end())
            if k < len(self._mentions) and re.fullmatch(r",?\s*", self.text[hit.end() : self._mentions[k].start]):
                return self._mentions[k].name
        return None

    def _before(self, pos: int) -> Iterator[_Mention]:
        """Mentions starting before ``pos``, most recent first (no list copies: called per quote)."""
        for k in range(bisect.bisect_left(self._starts, pos) - 1, -1, -1):
            yield self._mentions[k]

    def _gender_of(self, name: str) -> str | None:
        """"m", "f" or None (unknown or conflicting) for ``name`` (:func:`person_gender.genders`;
        a name no mention stands for: its first name alone)."""
        return self._gender[name][0] if name in self._gender else first_name_gender(name)

    def gender(self, name: str) -> str | None:
        """"m", "f" or None for person ``name`` (a ``resolve`` result): its gendered titles, else
        the possessives of its own clauses, else its first name (:mod:`person_gender`)."""
        return self._gender_of(name)

    def titled_gender(self, name: str) -> str | None:
        """"m", "f" or None for person ``name`` from its gendered titles alone ("Mr. Reyes"),
        not from a possessive or a first name (:mod:`person_gender`)."""
        g, source = self._gender.get(name, (None, ""))
        return g if source == "title" else None

    def _salient(self, pos: int, gender: str | None = None, *, other_than: frozenset[str] = frozenset()) -> str | None:
        """For a pronoun at ``pos``: the most recent person that was a subject in the text just
        before ("Lavrov said Trump erred. He added ..." -> Lavrov), else the most recent subject
        of a reported clause there, else the most recent person."""
        usual = self._salient_among(
            pos, lambda m: m.name not in other_than and (gender is None or self._gender_of(m.name) in (None, gender)), gender=gender
        )
        if gender is not None and usual is not None and self._gender_of(usual.name) is None \
                and usual.subject and usual.start >= self._sentence_start(pos) and not self._parallel_subject(usual, pos):
            # "Gov. Chris Hale described Jane Moss as a disgrace after she attacked ...": the
            # subject of the pronoun's own sentence, whose gender is unknown, yields to a person
            # of the pronoun's gender named after it in that sentence, before the pronoun
            between = self._salient_among(
                pos, lambda m: m.name not in other_than and m.start > usual.start and self._gender_of(m.name) == gender,
                window_only=True, gender=gender,
            )
            if between is not None and between.start > usual.start:
                return between.name
        if gender is not None and usual is not None and self._gender_of(usual.name) is None \
                and not (usual.subject and usual.start >= self._sentence_start(pos)):
            # "Sen. Elizabeth Warren spoke with Mr. Biden. He said": a person whose title gives
            # the pronoun's gender beats one whose gender is unknown ("Dr. Patel met the
            # Governor. She added": Patel, no one else fits); not a subject of the pronoun's own
            # sentence ("Ben Carson ... used part of his address": Carson, whoever was "Mr." before)
            known = self._salient_among(pos, lambda m: m.name not in other_than and self._gender_of(m.name) == gender, window_only=True, gender=gender)
            same_sentence = known is not None and known.start >= self._sentence_start(usual.start)
            if known is not None and (
                (same_sentence and (known.main or known.subject or not usual.subject))
                or (known.start >= self.text.rfind("\n", 0, pos) + 1 and (known.subject or not usual.subject))
            ):
                # within the sentence the unknown one stands in, a participant of its main
                # clause ("Warren spoke with Mr. Biden"), not one named in a clause inside it over
                # that sentence's subject ("Chris Vale bristled at the idea that the board erred
                # in trusting Tom Reyes. He said": Vale); or in the pronoun's own paragraph, a
                # subject or over no subject ("Ann Moss arrived. Jordan Vale left. She said": Ann
                # Moss). Across a paragraph break recency decides ("Councilman Ortiz left. // Ms.
                # Lee met Jordan Smith. He said": Smith). The held-out slice lost right speakers
                # to such inner mentions once first names made many more genders known.
                return known.name
        return usual.name if usual else None

    def _parallel_subject(self, usual: _Mention, pos: int) -> bool:
        """Whether the pronoun at ``pos`` is the subject of a clause coordinated with the one
        ``usual`` is the subject of ("Cole never named Hart in public, but *he* has urged
        members to ..."): the coordinated clause goes on about the same subject, so a person named
        inside the first clause does not take the pronoun over (rules48, FNC-1 news; "Hale
        described Moss as a disgrace after *she* attacked ..." is a clause inside, not
        coordinated, and still goes to Moss)."""
        if not annotated(self.doc, "DEP"):
            return False
        pron = self.doc.char_span(pos, pos + 1, alignment_mode="expand")
        subj = self.doc.char_span(usual.start, usual.end, alignment_mode="expand")
        if pron is None or subj is None or len(pron) != 1:
            return False
        p, s = pron[0], subj.root
        return p.dep_ == "nsubj" and p.head.dep_ == "conj" and s.dep_ in ("nsubj", "nsubjpass") and p.head.head.i == s.head.i \
            and any(c.dep_ == "cc" for c in s.head.children)

    def _sentence_start(self, pos: int) -> int:
        """Character offset where the sentence holding ``pos`` starts (0 without sentences)."""
        if self._sent_starts is None:
            self._sent_starts = [s.start_char for s in self.doc.sents] if annotated(self.doc, "SENT_START") or annotated(self.doc, "DEP") else [0]
        return self._sent_starts[max(0, bisect.bisect_right(self._sent_starts, pos) - 1)]

    def _salient_among(self, pos: int, ok, *, window_only: bool = False, gender: str | None = None) -> _Mention | None:
        """:meth:`_salient`'s order over the mentions ``ok`` accepts: the most recent subject in
        the window, else the most recent subject of a reported clause there, else (unless
        ``window_only``) the most recent one. A name given only as whose relative or aide the
        subject is (``kin_of``) is passed over for a pronoun (of ``gender``, None for any) that
        subject may be ("The wife of Jo Hale said ... she said"; "... he said" may be Hale)."""
        latest: _Mention | None = None
        clause_subject: _Mention | None = None
        paragraph = self.text.rfind("\n", 0, pos) + 1
        for m in self._before(pos):
            if not ok(m) or m.outlet or m.kin_of and (gender is None or m.kin_gender in (None, gender)):
                # "Councilman Ortiz ... She told him": a known other gender is not "she"; "The
                # daughter of Jo Hale said ... she said": the daughter, not Hale (rules37)
                continue
            if m.start < paragraph and latest is not None and latest.start >= paragraph:
                # a person of the pronoun's own paragraph beats a subject of an earlier one
                # ("Councilman Ortiz left. // Ms. Lee met John Smith. He said": Smith); when the
                # paragraph names no one, the previous one is searched as usual, its subject
                # first ("Tom Reyes faulted Dan Ruiz. // He said": Reyes)
                break
            if m.start < pos - _SALIENCE_WINDOW:
                if window_only:
                    break
                latest = latest or m
                break
            latest = latest or m
            if m.subject:
                return m
            if m.any_subject and clause_subject is None:
                # "Clinton suggested that …" parsed as the complement of a later "she said":
                # the subject of a clause still outranks a possessive ("Sanders's plan")
                clause_subject = m
        return clause_subject or latest

    def _unnamed_nearer(self, name: str, pos: int, gender: str) -> bool:
        """Whether a person only described by a noun of ``gender`` ("*my mother* mentioned the
        devil ... She became upset", "the woman", "his wife"; :data:`_GENDERED_NOUNS`) is the
        subject of a clause between the last mention of ``name`` and the he/she at ``pos``, in
        the pronoun's paragraph or the one before, outside quotation marks, and stands apart from
        any name (no name in apposition to it): the nearer fitting antecedent is that
        person, whom no name stands for."""
        last = next((m for m in self._before(pos) if m.name == name), None)
        if last is None:
            return False
        return self.unnamed_between(last.end, pos, gender)

    def unnamed_between(self, lo: int, pos: int, gender: str) -> bool:
        """Whether a person only described by a noun of ``gender`` (:meth:`_unnamed_nearer`'s
        kind: "the woman", "his wife") is the subject of a clause between char ``lo`` and the
        he/she at char ``pos`` (no further back than the paragraph before the pronoun's), outside
        quotation marks and with no name in apposition."""
        para = self.text.rfind("\n", 0, pos)
        lo = max(lo, self.text.rfind("\n", 0, max(para, 0)) + 1 if para > 0 else 0)
        span = self.doc.char_span(lo, pos, alignment_mode="contract")
        if span is None or not annotated(self.doc, "DEP"):
            return False
        nouns = _GENDERED_NOUNS[gender]
        for t in span:
            if t.lower_ not in nouns or t.dep_ not in ("nsubj", "nsubjpass") or t.ent_type_ == "PERSON":
                continue
            if any(c.dep_ == "appos" for c in t.children) or t.dep_ == "appos":
                continue  # "his wife, Ann Lee, said": the name stands for her
            if any(c.dep_ == "poss" and c.ent_type_ == "PERSON" for c in t.children):
                continue  # "Lee's wife": a person of a named one's, often named nearby
            if self._quoted is None:
                self._quoted = quoted_ranges(self.text)
            if in_ranges(self._quoted, t.idx):
                continue  # inside someone's quoted words
            return True
        return False

    def in_turn(self, pos: int, word: str, *, scope: tuple[int, int], turns: list[tuple[int, int]], speakers: frozenset[str]) -> str | None:
        """For the he/she (``word``) at ``pos`` inside a transcript turn: the person it can stand
        for, or None. Only a person named in the words of that turn or the previous one before
        ``pos`` (``scope``: where the previous turn's words start, and where this turn's start),
        most recent first; never a turn's speaker (``speakers``: the names the turns speak as, and
        names sharing their surname) nor the person addressed ("Thanks for having me, Jake.",
        "Jake, ..."); of the pronoun's gender: the most recent one whose gender is known to be it,
        from a gendered title ("Mrs. Holt") or an earlier he/she right after a mention of them in
        these ``turns`` (the turns' words, character ranges) with no other person named between,
        else the most recent one whose gender is unknown. ``pos``: character offset; ``word``: the
        pronoun as written."""
        gender = _PRONOUN_GENDER.get(word.lower())
        surnames = {n.split()[-1].lower() for n in speakers if n}
        lo, turn_start = scope
        unknown: str | None = None
        for m in self._before(pos):
            if m.start < lo:
                break
            if not any(a <= m.start < b for a, b in turns) or m.outlet:
                continue  # a turn's label: its speaker; an outlet is no he/she
            if m.name in speakers or m.name.split()[-1].lower() in surnames or self._addressed(m, turn_start if m.start >= turn_start else lo, turns):
                continue
            known = self._turn_gender(m.name, pos, turns)
            if gender is None or known == gender:
                return m.name
            if known is None and unknown is None:
                unknown = m.name  # "Ms. Park left. I met John Smith. She said": Park first
        return unknown

    def _addressed(self, m: _Mention, turn_start: int, turns: list[tuple[int, int]]) -> bool:
        """Whether mention ``m`` names the person a turn speaks to: set off by a comma at the
        turn's start ("Jake, what ...") or at a sentence's end in a turn that says "you"/"me"/
        "thank(s)"/"welcome" ("Thanks for having me, Jake.", "Good to see you, Senator.")."""
        end = next((b for a, b in turns if a <= m.start < b), len(self.text))
        before = self.text[max(turn_start, m.start - 200) : m.start].rstrip()
        after = self.text[m.end : end].lstrip()
        start = self.text.rfind("\n", 0, m.start) + 1
        if not self.text[max(start, turn_start) : m.start].strip(" \t\"\u201c") and after[:1] == ",":
            return True  # "Jake, how do you see it?"
        if before[-1:] != "," or after[:1] not in (".", "?", "!"):
            return False
        sentence = re.split(r"[.?!]\s", before)[-1].lower()
        return bool(re.search(r"\b(?:you|your|me|thanks?|welcome|hello|hi|good morning|good evening)\b", sentence))

    def _turn_gender(self, name: str, pos: int, turns: list[tuple[int, int]]) -> str | None:
        """"m", "f" or None for ``name``: its gender (:meth:`gender`) and the he/she (him/his/her)
        right after a mention of it in the turns' words before ``pos``, no other person named
        between (one reading, not conflicting)."""
        known = self._gender_of(name)
        evidence = {known} if known else set()
        k = bisect.bisect_left(self._starts, pos)
        for j in range(k):
            m = self._mentions[j]
            t = next((x for x, (a, b) in enumerate(turns) if a <= m.start < b), None)
            if m.name != name or t is None:
                continue
            # the next person named in the turns' words (a turn's label is no one named there)
            nxt = next((o.start for o in self._mentions[j + 1 :] if any(a <= o.start < b for a, b in turns)), pos)
            stop = min(pos, nxt)
            places = [(m.end, min(stop, turns[t][1]))]
            if t + 1 < len(turns) and turns[t + 1][0] < stop:
                # 'LEE: Governor Ann Moss called you today. // KERR: *She* did.': the answer's
                # first sentence speaks of the person just named
                a, b = turns[t + 1]
                first = re.search(r"[.?!](?:\s|$)", self.text[a:b])
                places.append((a, min(stop, a + first.end() if first else b)))
            for a, b in places:
                for w in _GENDERED.finditer(self.text, a, b):
                    evidence.add(_PRONOUN_GENDER[w.group().lower()])
        return next(iter(evidence)) if len(evidence) == 1 else None

    def resolve(self, start: int, end: int, *, before: int, other_than: frozenset[str] = frozenset()) -> str | None:
        """The person the speaker text ``[start, end)`` most likely names, looking before ``before``.
        ``other_than``: names a pronoun cannot stand for (the speaker of the quotation the
        pronoun stands in: "Jane Roe said: \"... he said ...\"" -- "he" is not Jane Roe)."""
        named_after = self._appositive_name(end) if _POSSESSED.match(self.text[start:end]) else None
        if named_after:
            # "Dunmore's lawyer, Ray Castillo, said": the possessor only qualifies the one who
            # speaks; the name set off after the possessed noun is theirs. (Without such a name,
            # "Clinton's campaign" still stands for its possessor, as before.)
            return named_after
        owner = _possessor_only(self.text[start:end])
        named = self._named_not_possessor(start, end)
        if named:
            return named
        if owner:
            # "Ann Lee's former campaign strategist said": a person of the possessor's is not the
            # possessor; the one the text names with that description, else no one ("Lee's
            # campaign" still stands for Lee, as before)
            return self._described_before(start, end, before)
        raw = self.text[start:end].replace("\u2019", "'").replace("'s", "").split()
        by_name = self._by_name(raw, before)
        if by_name:
            return by_name
        untagged = self._untagged_name(start, end)
        if untagged:
            return untagged
        words = [w.lower() for w in raw]
        if len(words) == 1 and words[0] in SINGULAR_POSSESSIVES:
            # "his claim that", "used her speech to say": the possessor is the speaker, resolved
            # as "he"/"she" are (before the determiner filter below, which drops his/her)
            return self._salient(before, _PRONOUN_GENDER.get(words[0]), other_than=other_than)
        words = [w for w in words if w not in DETERMINERS and w not in _POSSESSIVE]
        if not words:
            return None
        if words == ["they"]:
            return self._plural_antecedent(before)
        if len(words) == 1 and (words[0] in SINGULAR_PRONOUNS or words[0] in _REFLEXIVE_SPEAKERS):
            # 'answered himself with a "..."': the reflexive speaker stands for "he"
            gender = _PRONOUN_GENDER.get(words[0])
            found = self._salient(before, gender, other_than=other_than)
            if found is not None and gender is not None and self._unnamed_nearer(found, before, gender):
                return None  # "my mother mentioned it ... She became upset": not a name
            return found
        head = words[-1]
        mods = set(words[:-1]) - _VAGUE_MODIFIERS
        named_after = self._appositive_name(end)
        # (the description's words before its prepositional phrase: "the chief engineer of the
        # regional roads agency, Tomas Vidal," is a two-word description; usertest21 L4)
        described = next((n for n, w in enumerate(words) if w in ("of", "at", "for", "with", "from", "in")), len(words))
        if named_after and described <= 4:
            # "the Japanese trade minister, Hiroshi Tanaka, told ...", "The economist, Janet
            # Yellen, argued": whatever the description's head noun, the name set off after it
            return named_after
        definite = raw[0].lower() == "the"
        if head not in TITLE_NOUNS and head not in LEADER_TITLES:
            return self._described_person(head, before) if definite else None
        near = self._previous_paragraph_start(before)
        for m in self._before(before):
            t = m.titles
            if not t:
                continue
            # another leader's title ("the president" for a "chief") only in the description's
            # paragraph or the one before: across unrelated paragraphs news names a new person
            # (usertest19 L3: "said the president" took a chief economist two paragraphs up)
            head_ok = head in t or (head in LEADER_TITLES and bool(t & LEADER_TITLES) and m.start >= near)
            if head_ok and mods <= t:
                return m.name
        return self._described_person(head, before) if definite else None

    def _plural_antecedent(self, pos: int) -> str | None:
        """For a "they" at ``pos``: the plural noun phrase of people that is the nearest main
        clause's subject before it in its paragraph or the one before (else the nearest subject of
        a clause inside a sentence there), outside quotation marks ("The former band
        members also sent condolences. // '...,' they said": "The former band members"), its
        words as written from its first word to its head; None when a subject naming people one
        by one ("Ann Lee and Tom Reyes") or no such phrase comes first. Never a single person's
        name (rules41, usertest27 H3c)."""
        if not annotated(self.doc, "DEP"):
            return None
        span = self.doc.char_span(self._previous_paragraph_start(pos), pos, alignment_mode="contract")
        if span is None:
            return None
        if self._quoted is None:
            self._quoted = quoted_ranges(self.text)
        inner: str | None = None  # the nearest such subject of a clause inside a sentence
        for t in reversed(span):
            # (a plural noun the parse made a sentence's root is that sentence's subject: "Engineers
            # we have spoken with caution that ..." read as a noun phrase with a relative)
            root_noun = t.dep_ == "ROOT" and t.tag_ in ("NNS", "NNPS")
            if t.dep_ not in ("nsubj", "nsubjpass") and not root_noun or in_ranges(self._quoted, t.idx):
                continue
            main = root_noun or _in_main_clause(t)
            if t.ent_type_ == "PERSON" or any(c.dep_ == "conj" for c in t.children):
                if main:
                    return inner  # "Ann Lee and Tom Reyes left ...": they are those named, no phrase
                continue
            if t.tag_ in ("NNS", "NNPS") and t.lower_ in _PEOPLE_PLURALS:
                a = t.left_edge.i
                while a < t.i and (self.doc[a].is_punct or self.doc[a].is_space):
                    a += 1
                phrase = self.text[self.doc[a].idx : t.idx + len(t)]
                if main:
                    # a main clause's subject before one it reports ("Developers caution that
                    # people should wait. They say ...": the developers)
                    return phrase
                inner = inner or phrase
        return inner

    def _political(self, name: str, before: int) -> bool:
        """Whether the text before ``before`` shows person ``name`` to hold office or belong to a
        party: a title of office (:data:`_POLITICAL_TITLES`) or such a word within a few words
        around one of their mentions (:data:`_POLITICAL_WORDS`)."""
        for m in self._before(before):
            if m.name != name:
                continue
            if m.titles & _POLITICAL_TITLES or _POLITICAL_WORDS.search(self.text, max(0, m.start - 30), min(before, m.end + 45)):
                return True
        return False

    def _holds_office(self, name: str, before: int) -> bool:
        """Whether a mention of person ``name`` before ``before`` carries a title of office
        ("Sen. Ann Lee", "Governor Lee"; :data:`_OFFICE_TITLES`, or an abbreviated one right
        before it, which the title words leave out: :data:`_OFFICE_BEFORE`)."""
        return any(m.name == name and (m.titles & _OFFICE_TITLES or _OFFICE_BEFORE.search(self.text, max(0, m.start - 24), m.start))
                   for m in self._before(before))

    def _called(self, name: str, head: str, before: int) -> bool:
        """Whether the text before ``before`` calls person ``name`` by the trade noun ``head``
        ("singer") or shows them at its trade, at one of their mentions: an apposition after
        the name ("Tom Reyes, a singer from Dublin,", "Ann Lee, the team's coach,"), the noun
        right before it ("country singer Tom Reyes", "Coach Ann Lee") or the trade's verb after
        it ("Tom Reyes sang", "Lee has coached"; :data:`_TRADE_VERBS`)."""
        after = re.compile(r"\s*,\s*(?:(?:a|an|the|his|her|their|its)\b[^,.;:\n]{0,40}?\b)?" + head + r"\b", re.IGNORECASE)
        noun_before = re.compile(r"\b" + head + r",?\s*$", re.IGNORECASE)
        verbs = _TRADE_VERBS.get(head)
        verb_after = None if verbs is None else re.compile(
            r"\s+(?:(?:has|have|had|was|is|also|once|then|still|[a-z]+ly)\s+){0,2}(?:" + verbs + r")\b")
        for m in self._before(before):
            if m.name != name:
                continue
            if after.match(self.text, m.end) or noun_before.search(self.text, max(0, m.start - 40), m.start):
                return True
            if verb_after is not None and verb_after.match(self.text, m.end):
                return True
        return False

    def _described_person(self, head: str, before: int) -> str | None:
        """For a definite description that stands for a person named just before ("The San Diego
        Republican said", "the California congressman", "the 45-year-old"; ``head``: its last
        word, lower case; one of :data:`_DESCRIBING_HEADS` or an age): the most salient person
        (:meth:`_salient_among`) of the description's paragraph or the one before whose gender
        and party do not contradict it; None for any other head or when no one fits (rules41,
        usertest27 H3b)."""
        if head not in _DESCRIBING_HEADS and not _AGE_NOUN.fullmatch(head):
            return None
        near = self._previous_paragraph_start(before)
        gender = _SEX_OF_DESCRIPTION.get(head)
        party = _PARTY_OF.get(head)

        def fits(m: _Mention) -> bool:
            if m.start < near or gender is not None and self._gender_of(m.name) not in (None, gender):
                return False
            if head in _POLITICAL_HEADS and not self._political(m.name, before):
                return False
            if head in _TRADE_HEADS and not self._called(m.name, head, before):
                return False  # "the singer said": only someone the text calls a singer or shows singing (rules44)
            if head in _BUSINESS_HEADS and self._holds_office(m.name, before):
                return False  # "the billionaire mogul claimed": not the senator named before (rules44)
            # "Rep. Ann Lee (D-Ohio)", "Democratic Rep. Ann Lee": not "the Republican"
            marks = self.text[max(0, m.start - 24) : m.start] + self.text[m.end : m.end + 6]
            return party is None or not any(re.search(p, marks) for q, p in _PARTY_MARKS.items() if q != party)

        found = self._salient_among(before, fits)
        return found.name if found is not None else None

    def _untagged_name(self, start: int, end: int) -> str | None:
        """The speaker text ``[start, end)`` itself when it is a person's name the recogniser did
        not tag PERSON ("Jorge Santamaria told", "Jean-Pierre Dupont said": usertest23 L4): two
        or three capitalised words, the first a given name of person_gender's list (hyphenated
        ones too) and no title, none a word of a place, date, number or (unless the given name is
        hyphenated) organisation entity. None otherwise."""
        words = self.text[start:end].split()
        if not 2 <= len(words) <= 3 or not known_given_name(words[0]) or words[0].lower() in _ARTICLE_NAMES:
            return None
        if any(not re.fullmatch(r"[A-Z][a-z\u00e0-\u00ff'\u2019]+(?:-[A-Z][a-z\u00e0-\u00ff]+)*", w) for w in words):
            return None
        if any(w.lower().rstrip(".") in TITLE_NOUNS or w.lower() in _HONORIFICS for w in words):
            return None
        if any(w.lower() in _ORG_WORDS for w in words):
            return None
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None or any(t.ent_type_ in _NOT_PERSON_TYPES or t.ent_type_ in _UNTAGGED_NOT_NAMES for t in span):
            return None
        if any(t.ent_type_ == "ORG" for t in span) and "-" not in words[0]:
            # the recogniser reads many names right after a closing quote mark as ORG (or as
            # WORK_OF_ART, which names no speaker); a company may open with a given name ("Ford
            # Motor said"), a hyphenated given name does not ("Marie-Claire Fontaine")
            return None
        return " ".join(words)

    def _previous_paragraph_start(self, pos: int) -> int:
        """Character offset where the paragraph before the one holding ``pos`` starts (blank lines
        between paragraphs skipped; 0 when there is none)."""
        here = self.text.rfind("\n", 0, pos)
        if here < 0:
            return 0
        k = here
        while k > 0 and self.text[k - 1] in "\n \t\r":
            k -= 1
        return self.text.rfind("\n", 0, k) + 1


# plural nouns of people a later "they" may stand for (rules41)
_PEOPLE_PLURALS = frozenset(w for w in HUMAN_NOUNS if w.endswith("s") and w not in ("others", "groups", "sources")) | frozenset(
    """people police members fans parents families relatives friends students pupils teachers
    workers employees players users customers owners neighbours neighbors villagers locals
    citizens passengers victims survivors musicians artists singers rappers actors bandmates
    investigators organisers campaigners opponents leaders soldiers troops rebels militants
    officials lawmakers senators experts scientists doctors nurses engineers farmers
    shoppers viewers readers listeners followers colleagues partners managers owners developers
    builders drivers buyers sellers traders investors consumers clients patients tourists
    visitors travellers travelers pilots commuters gamers hackers""".split()
)

# heads of a definite description that news uses for a person it has just named, in place of
# the name ("The San Diego Republican said", "the California congressman"; rules41): party,
# politician and trade nouns, and ages ("the 45-year-old"); not a title of one office ("the
# governor", "the senator": TITLE_NOUNS, found by the title alone: a senator is no governor)
_PARTY_OF = {"republican": "r", "democrat": "d"}
_FROM_OR_WITH = re.compile(r"\b(?:with|from)\b")


def _after_outlet_noun(text: str, start: int, at: int) -> bool:
    """Whether the words in [start, at) end with an outlet's descriptor ("the celebrity website",
    "British tabloid The"): a name at ``at`` is then the outlet's, no person's."""
    words = text[start:at].split()
    if words and words[-1] == "The":
        words = words[:-1]
    if len(words) >= 2 and words[-2].lower() in ("his", "her", "their", "its", "my", "our", "your"):
        return False  # "from his blog Williams recounts": the parse ran the subject into "his blog"
    return bool(words) and words[-1].lower() in OUTLET_NOUNS
# a politician's description stands for a person the text shows to be one: a title of office
# or a party or office word right around one of their mentions ("Hunter, a California
# Republican congressman"), never the host who interviewed them
_POLITICAL_HEADS = frozenset(_PARTY_OF) | frozenset("congressman congresswoman lawmaker legislator politician".split())
_POLITICAL_TITLES = frozenset("rep rep. representative sen sen. senator gov gov. governor mayor congressman congresswoman lawmaker".split())
_POLITICAL_WORDS = re.compile(
    r"\b(?:Republican|Democrat(?:ic)?|GOP|congress(?:wo)?man|lawmaker|legislator|senator|governor|mayor|Rep\.|Sen\.|Gov\.)|\([RD]-",
    re.IGNORECASE)
_PARTY_MARKS = {"r": r"\(R-|\bRepublican\b|\bGOP\b", "d": r"\(D-|\bDemocrat(?:ic)?\b"}
_SEX_OF_DESCRIPTION = {
    "congressman": "m", "congresswoman": "f", "businessman": "m", "businesswoman": "f", "actor": "m", "actress": "f",
}
_DESCRIBING_HEADS = frozenset(_PARTY_OF) | frozenset(_SEX_OF_DESCRIPTION) | frozenset(
    """lawmaker legislator politician congressman congresswoman
    businessman businesswoman billionaire tycoon mogul entrepreneur actor actress singer rapper
    musician star comedian presenter broadcaster novelist coach striker quarterback""".split()
)
_AGE_NOUN = re.compile(r"\d{1,3}-year-old")
# the trades among them: the description stands only for someone the text calls so or shows at
# the trade (coref.MentionIndex._called: "the coach said" is not the mayor named before; rules44)
_TRADE_HEADS = frozenset(
    """actor actress singer rapper musician star comedian presenter broadcaster novelist coach striker
    quarterback""".split()
)
# business nouns news gives a well-known person with no apposition ("the New York businessman"
# for a candidate it named): the most salient person, unless a title shows them holding an
# office (PolNeAR held-out/dev: 3 such descriptions of one candidate, 1 "mogul" that went to the
# senator named before; rules44)
_BUSINESS_HEADS = frozenset("businessman businesswoman billionaire tycoon mogul entrepreneur".split())
_OFFICE_TITLES = frozenset("sen sen. senator rep rep. representative gov gov. governor mayor congressman congresswoman".split())
_OFFICE_BEFORE = re.compile(r"\b(?:Sen|Rep|Gov)\.\s*$|\b(?:Senator|Governor|Mayor|Congress(?:wo)?man)\s+$")
# a trade's verb: "Tom Reyes sang", "Lee coached the side" show the singer, the coach
_TRADE_VERBS = {
    "singer": "sang|sings|sing|singing|sung", "rapper": "rapped|raps|rapping",
    "actor": "acted|acts|acting|starred|stars|starring", "actress": "acted|acts|acting|starred|stars|starring",
    "star": "starred|stars|starring", "coach": "coached|coaches|coaching", "presenter": "presented|presents|presenting",
    "broadcaster": "broadcast|broadcasts", "novelist": "wrote the novel|writes novels",
}

# "Dunmore's lawyer", "the senator's two aides": a possessor (a name or phrase with 's) and a
# possessed noun phrase in lower case after it, to the span's end
_POSSESSED = re.compile(r"^[^,\n]*?['\u2019]s\s+(?:[a-z][\w-]*\s+){0,3}[a-z][\w-]*$")


_POSSESSOR_AT = re.compile(r"['\u2019]s?\b|['\u2019](?=\s)")

def _ends_possessive(text: str, m: _Mention) -> bool:
    """Whether mention ``m`` is a possessor whose 's the recogniser took into the name ("*Ann
    Lee's* campaign manager Tom Baker": the entity runs to the end of "Lee's")."""
    return text[max(m.start, m.end - 2) : m.end].replace("\u2019", "'") == "'s"


# nouns for one person (or people) of someone's: "Lee's *lawyer*", "Lee's campaign *manager*";
# a possessor is never the one such a phrase names ("Lee's *campaign*" or "*office*" still
# stands for Lee)
_PERSON_OF = frozenset(
    """manager strategist lawyer attorney counsel aide aides adviser advisor advisers advisors
    spokesman spokeswoman spokesperson spokesmen surrogate surrogates staffer staffers chief
    deputy secretary director chairman chairwoman wife husband son daughter father mother brother
    sister friend friends colleague colleagues partner assistant lieutenant pollster operative
    operatives official officials economist economists doctor physician ally allies rival
    rivals opponent opponents biographer successor predecessor""".split()
)


_GENDERED_NOUNS = GENDERED_NOUNS  # person_gender's
# a person's age and home set off after the name: "Ann Lee, 36, of <place>"; the words after "of"
# are a place, never a person (the small model tagged "Yorkshire" PERSON; FNC-1 news, rules49)
_AGE_OF_PLACE = re.compile(r",\s*\d{1,3},\s+(?:of|from)\s+$")
_KIN_NOUNS = _PERSON_OF | GENDERED_NOUNS["f"] | GENDERED_NOUNS["m"] | frozenset(
    "widow widower aide aides spokesman spokeswoman spokesperson representative envoy".split()
)
# "<kin or role noun> of [the] [Title ...]" right before a name inside a speaker's words
_KIN_OF_BEFORE = re.compile(
    r"\b(?i:" + "|".join(sorted(_KIN_NOUNS)) + r")\s+(?:of|for|to)\s+(?:[Tt]he\s+)?(?P<titles>(?:[A-Z][\w.'’-]*\s+){0,3})$"
)
# nouns of people who speak or act for someone else, after that someone's name ("Hunter
# *spokesman* Joe Kasper", "a Hale campaign *aide*", "Clinton *chief* of staff"): the name before
# them is not the speaker (rules40)
_ROLE_NOUNS = (_PERSON_OF | frozenset("spokesperson spokespeople representative envoy".split())) - frozenset(
    "friend friends ally allies rival rivals opponent opponents biographer successor predecessor".split()
)
# (up to two lower-case words, "campaign", "press", between the name and the role noun; the
# possessive 's has its own rule)
# (not a list or another's: "Mrs. Clinton and her surrogates" names Clinton too)
_ROLE_AFTER = re.compile(
    r"\s+(?:(?!(?:and|or|nor|but|her|his|their|its|our|my|your|the|a|an|with|of|to|for|from|by)\s)[a-z][\w-]*\s+){0,2}(?:"
    + "|".join(sorted(_ROLE_NOUNS)) + r")\b"
)


def _kin_of_before(text: str, start: int, end: int) -> bool:
    """Whether a name at ``end`` follows "<kin or role noun> of [the] [titles]" in ``text[start:end]``
    ("the spokesman of Mayor Tom Reed", "the daughter of Senator Jo Hale"); the words between
    "of" and the name must be titles ("Mayor", "Sen."), so "Secretary of Homeland Security Jeh
    Johnson" (a title with its office) is no such phrase."""
    m = _KIN_OF_BEFORE.search(text, start, end)
    return m is not None and all(
        w.lower().rstrip(".") in TITLE_NOUNS or w.lower() in _HONORIFICS for w in m.group("titles").split()
    )


_SEX_OF_NOUN = {w: g for g, words in GENDERED_NOUNS.items() for w in words}


# news outlets and wire agencies the recogniser may tag PERSON (lower case); words a
# publication's name has ("The Daily Telegraph", "Tampa Bay Times")
_OUTLETS = frozenset(
    """thewrap mediaite breitbart politico variety deadline axios vox salon slate gawker jezebel
    buzzfeed huffpost huffington reuters bloomberg cnn msnbc fox bbc npr pbs tmz infowars
    drudge newsmax mashable techcrunch engadget gizmodo vice wired forbes fortune time newsweek
    xinhua afp upi ap""".split()
)
_OUTLET_WORDS = frozenset(
    """daily times post news journal telegraph herald tribune gazette magazine wire press
    chronicle observer guardian independent examiner inquirer courier sentinel dispatch
    reporter review weekly radio tv television network channel""".split()
)
_NAME_PREFIXES = ("mc", "mac", "de", "di", "da", "du", "la", "le", "van", "von", "o'", "o’", "al-", "el-")


def news_outlet(name: str) -> bool:
    """Whether ``name`` (a PERSON mention's words) names a news outlet, not a person: a listed
    outlet ("Mediaite", "TheWrap"), a name with a publication's word ("The Daily Telegraph",
    "Tampa Bay Times"; not after a given name: "Emily Post"), or one word with a capital inside after two small letters or more
    ("BuzzFeed", "HuffPost"; not "McCain", "DeSantis", "LeBron"). Issue 10: an outlet never takes
    a person's he/she (rules37)."""
    words = name.split()
    low = [w.lower().strip(".,") for w in words]
    if " ".join(low) in _OUTLETS:
        return True
    if len(words) >= 2 and low[-1] in _OUTLET_WORDS and not known_given_name(words[0]):
        return True  # (not "Emily Post")
    if len(words) == 1 and not low[0].startswith(_NAME_PREFIXES):
        return re.search(r"[a-z]{2}[A-Z]", words[0]) is not None
    return False


def _kin_of_subject(root: Token) -> Token | None:
    """Whether a name (its head ``root``) is only named as whose relative or aide a clause's
    subject is: the object of "of" after a kin or role noun that is the subject ("*The daughter
    of* Mark Hale said"), or the possessor of one ("Hale's *wife* said"), the noun not set off
    by a name of its own ("Hale's wife, Jo, said": Jo's apposition speaks for her). That noun,
    or None."""
    if root.dep_ == "pobj" and root.head.lower_ in ("of", "for", "to"):
        noun = root.head.head  # "the daughter of", "a spokesman for", "an aide to" (rules40)
    elif root.dep_ in ("poss", "compound"):
        noun = root.head  # "Hale's wife", "Hunter spokesman" (rules40)
    else:
        return None
    if noun.lower_ not in _KIN_NOUNS or noun.dep_ not in ("nsubj", "nsubjpass") or any(c.dep_ == "appos" for c in noun.children):
        return None
    return noun


def _possessor_only(said: str) -> bool:
    """Whether speaker text ``said`` is a possessor and a noun phrase naming someone of theirs,
    with no name after it: "Ann Lee's former campaign strategist", "Lee's lawyer", "One of
    Hunter's sources" (not "Lee's campaign", not "Lee's campaign manager Tom Baker")."""
    if not _POSSESSED.match(said.replace("\n", " ")):
        return False
    last = said.split()[-1].lower().strip(".,")
    # a plural of people ("Hunter's *sources*", "One of Hunter's *lawyers*", "Lee's supporters"):
    # people of the possessor's, never the possessor (rules43, usertest27 kind 3)
    return last in _PERSON_OF or last in _PEOPLE_PLURALS or last in _OF_SOMEONE_PLURALS


# plurals of people someone has that _PEOPLE_PLURALS leaves out (it holds the antecedents of "they")
_OF_SOMEONE_PLURALS = frozenset(
    """sources supporters lawyers attorneys aides advisers advisors spokesmen spokeswomen
    spokespeople staffers assistants associates backers donors loyalists confidants""".split()
)


_INNER_CLAUSES = frozenset({"ccomp", "xcomp", "advcl", "acl", "relcl", "csubj", "parataxis", "pcomp"})


def _in_a_list(token) -> bool:
    """Whether subject ``token`` is one of three or more people joined as one subject
    ("Kim, Alex, *Robin Day* and Sam danced"): the list is "they", so none of them is the salient
    he or she after it; the subject of the sentence's own verb stays that (usertest22 H1: a "she"
    two paragraphs on went to a character named in such a list, not to the subject before it)."""
    head = token
    while head.dep_ == "conj":
        head = head.head
    members = 1 + sum(1 for t in head.subtree if t.dep_ == "conj" and t.pos_ == "PROPN")
    # names before it in the same run the parse hung elsewhere ("as Kim-Lee, Alex, Robin Day and
    # Sam played": the first two taken for the object of "as"; "Kim, Alex and *Sam* had")
    doc, k = token.doc, head.left_edge.i - 1
    while k > 0 and doc[k].lower_ in (",", "and") and doc[k - 1].pos_ == "PROPN":
        members += 1
        k -= 1
        while k > 0 and (doc[k - 1].pos_ == "PROPN" or doc[k - 1].tag_ == "HYPH"):
            k -= 1
        k -= 1
        if k > 0 and doc[k].lower_ == "and" and doc[k - 1].text == ",":
            k -= 1  # (a serial comma)
    return members >= 3


def _in_main_clause(token) -> bool:
    """Whether ``token`` hangs from its sentence's root through no clause inside it (a reported,
    relative, adverbial or infinitive clause): "Ann met *Tom*" yes, "Ann said Sam trusted *Tom*" no."""
    t = token
    for _ in range(60):  # a parse tree is finite; the bound only guards a malformed one
        if t.dep_ == "ROOT" or t.head.i == t.i:
            return True
        if t.dep_ in _INNER_CLAUSES:
            return False
        t = t.head
    return False


def _turn_mentions(doc: Doc, text: str, persons: list[Span]) -> list[Span]:
    """Person mentions for the speakers of transcript turns ("SEN. MARY SMITH (D-OH): …",
    "KURTZ: …"; :func:`annotator.nlp.quotes_colon.turn_names`) that no PERSON entity covers: the
    entity recogniser misses most all-caps names. Their names are spelled as the article spells
    them in normal case (:class:`_Spelling`), so "KURTZ" is "Howard Kurtz" when the article names
    him so, and "MARY SMITH" is "Mary Smith" whom a later "Smith said" or "she" resolves to."""
    from annotator.nlp.quotes_colon import turn_names  # quotes_colon imports nothing from here

    covered = {i for e in persons for i in range(e.start, e.end)}
    out: list[Span] = []
    for a, b in turn_names(doc, text):
        span = doc.char_span(a, b, alignment_mode="expand")
        if span is None or not len(span) or any(i in covered for i in range(span.start, span.end)):
            continue
        out.append(span)
    return out


class _Spelling:
    """An all-caps name ("MARY SMITH", "KURTZ") as the article writes it in normal case: each
    word's first spelling in the text that is not all capitals ("McCain" for "MCCAIN"), else the
    word capitalised ("Kurtz"). Names with a lower-case letter stay as they are."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._words: dict[str, str] = {}

    def name(self, name: str) -> str:
        if not name or not name.isupper():
            return name
        return " ".join(self._word(w) for w in name.split())

    def _word(self, word: str) -> str:
        if word not in self._words:
            found = next(
                (m.group() for m in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", self.text, re.IGNORECASE)
                 if not m.group().isupper()),
                None,
            )
            self._words[word] = found or (word[:1] + word[1:].lower())
        return self._words[word]


_NOT_PERSON_TYPES = frozenset({"GPE", "LOC", "FAC", "DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"})
# given names that are also the article of a media or group name ("Al Arabiya", "El Diario"):
# not read as a person's first word when the recogniser did not tag the name PERSON
_ARTICLE_NAMES = frozenset({"al", "el"})
# entity types of a speaker the recogniser did not tag PERSON that no person's name has (ORG: _untagged_name)
_UNTAGGED_NOT_NAMES = frozenset({"NORP", "PRODUCT", "EVENT", "LAW", "LANGUAGE"})


def _missed_surnames(doc: Doc, persons: list[Span], full_by_surname: dict[str, list[tuple[int, str]]]) -> list[Span]:
    """Mentions of people the NER tagged otherwise or not at all: a lone proper noun, after the
    person was named in full as a PERSON ("Dana Whitfield ... Whitfield reflected on what he
    said"), where the NER read the bare surname as an organisation or a nationality. Such a
    mention is a subject a following he/she refers to, like any other; without it the pronoun
    went to the last person the NER did tag. Not a word of a longer name or of a multi-word
    entity ("the Whitfield Foundation"), nor a place or a date. One token spans, in text order;
    linear in the document."""
    if not full_by_surname:
        return []
    inside = {i for e in persons for i in range(e.start, e.end)}
    first_full = {s: min(pos for pos, _ in v) for s, v in full_by_surname.items()}
    # only the tokens spelling a known surname are looked at (numpy over the LOWER column: this
    # runs for every document pre-annotated, a Python loop over all tokens cost ~5 % of it)
    at = numpy.nonzero(one_of(doc.to_array(LOWER), [doc.vocab.strings[s] for s in first_full]))[0]
    out: list[Span] = []
    for i in at.tolist():
        t = doc[i]
        if t.pos_ != "PROPN" or t.i in inside or not t.is_title:
            continue
        start = first_full.get(t.lower_)
        if start is None or t.idx <= start:
            continue
        if t.ent_type_ in _NOT_PERSON_TYPES or t.dep_ == "compound":
            continue
        if t.ent_iob_ in ("B", "I") and (t.ent_iob_ == "I" or (t.i + 1 < len(doc) and doc[t.i + 1].ent_iob_ == "I")):
            continue  # a word of a longer entity
        if (t.i > 0 and doc[t.i - 1].pos_ == "PROPN") or (t.i + 1 < len(doc) and doc[t.i + 1].pos_ == "PROPN"):
            continue  # a word of a longer name
        out.append(doc[t.i : t.i + 1])
    return out


# descriptions of an organisation or a thing: the name set off after them is no person's
_NOT_PERSON_HEADS = frozenset(
    """company firm group groups party government administration ministry department agency committee
    campaign organization organisation network newspaper paper station magazine union bank fund team
    authority authorities staff state city country county town district school university college
    bill law act program programme plan book film show website site""".split()
)
_ORG_WORDS = frozenset("inc inc. corp corp. co co. llc ltd ltd. group party foundation institute association".split())


def _appositive_names(doc: Doc, persons: list[Span]) -> list[Span]:
    """Names set off by commas right after a description of a person ("One senator, Carly Doe,
    says"; "the union boss, Tamsin Vell, said") that the NER did not tag PERSON: two to four
    capitalised proper nouns, the parse's appositive of a common noun that names no organisation,
    place or thing, a comma on each side. One span per name, in text order."""
    inside = {i for e in persons for i in range(e.start, e.end)}
    out: list[Span] = []
    # only the appositives, found in the DEP column (throughput14: a Python Token for every token
    # of the article was most of this function's time)
    appos = doc.vocab.strings["appos"]
    for i in numpy.flatnonzero(doc.to_array(DEP) == appos).tolist():
        t = doc[i]
        if t.pos_ != "PROPN":
            name = _name_before_aside(doc, t)
            if name is not None and not any(w.i in inside for w in name):
                out.append(name)
            continue
        if t.i in inside:
            continue
        h = t.head
        if h.pos_ != "NOUN" or h.i >= t.i or h.lemma_.lower() in _NOT_PERSON_HEADS or h.lower_ in _NOT_PERSON_HEADS:
            continue
        a = t.i
        while a - 1 > h.i and doc[a - 1].pos_ == "PROPN" and doc[a - 1].dep_ in ("compound", "flat") and doc[a - 1].head.i == t.i:
            a -= 1
        name = doc[a : t.i + 1]
        if not 2 <= len(name) <= 4 or doc[a - 1].text != "," or t.i + 1 >= len(doc) or doc[t.i + 1].text != ",":
            continue
        if any(not w.is_title or w.lower_ in _ORG_WORDS or w.ent_type_ in _NOT_PERSON_TYPES or w.ent_type_ == "NORP" or w.i in inside for w in name):
            continue
        out.append(name)
    return sorted(set(out), key=lambda e: e.start)


def _name_before_aside(doc: Doc, t: Token) -> Span | None:
    """The name that appositive ``t`` describes when the name comes first ("Ana Ruiz, the
    opposition leader, said"; "Tomas Vidal, 61, told reporters"): two to four capitalised
    proper nouns, the head of ``t``, set off by a comma before ``t``; ``t`` a person noun (none
    of :data:`_NOT_PERSON_HEADS`) or an age (a number of one to three digits). None otherwise
    (usertest21 L4: the same person got a ``speaker_ref`` only when the NER tagged it PERSON)."""
    h = t.head
    if h.pos_ != "PROPN" or h.i >= t.i or h.i + 1 >= len(doc) or doc[h.i + 1].text != ",":
        return None
    if t.pos_ == "NOUN":
        if t.lemma_.lower() in _NOT_PERSON_HEADS or t.lower_ in _NOT_PERSON_HEADS:
            return None
    elif not (t.pos_ == "NUM" and t.text.isdigit() and len(t.text) <= 3):
        return None
    a = h.i
    while a > 0 and doc[a - 1].pos_ == "PROPN" and doc[a - 1].dep_ in ("compound", "flat") and doc[a - 1].head.i == h.i:
        a -= 1
    name = doc[a : h.i + 1]
    if not 2 <= len(name) <= 4 or a > 0 and (doc[a - 1].pos_ == "PROPN" or not doc[a - 1].whitespace_):
        # (part of a longer name: "Jean-Marc Ayrault" is no "Marc Ayrault")
        return None
    if any(not w.is_title or w.lower_ in _ORG_WORDS or w.ent_type_ in _NOT_PERSON_TYPES or w.ent_type_ == "NORP" for w in name):
        return None
    return name

