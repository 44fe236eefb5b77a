"""'Speaker: statement' lines: headlines ("Lavrov: US Wants Dialogue") and interview transcripts
("PENCE: Well, look, ..."). A line-level rule; works with or without a parser.

A transcript turn (a name in capitals, or any label with a bracketed tag before its colon:
"Sen. Bernie Sanders (I-VT):") gives a direct quote, the speaker's own words; a headline label
an indirect one."""

from __future__ import annotations

import bisect
import dataclasses
import re
import unicodedata

from spacy.tokens import Doc, Token

from annotator.nlp.quotes_doc import annotated, column, per_doc
from annotator.nlp.quotes_lexicon import DETERMINERS, DOCUMENT_NOUNS, HUMAN_NOUNS, SPEECH_LEMMAS, TITLE_NOUNS
from annotator.nlp.quotes_pairs import LEVEL1_OPENERS, OPENERS, QUOTE_CHARS
from annotator.nlp.person_gender import known_given_name
from annotator.nlp.quotes_speakers import colon_dateline

_MARKS = "".join(sorted(QUOTE_CHARS))


def _letter_class(test) -> str:
    """A regex character class of the Basic Multilingual Plane's letters that pass ``test`` (one
    character -> bool), as code point ranges: ``[A-Z]`` for every script's capitals, so a
    label's "Élodie", "Łukasz" or "Ñúñez" is a name as "Anna" is (usertest33 M1, fix50)."""
    out, lo, prev = [], None, None
    for cp in range(0x10000):
        if chr(cp).isalpha() and test(chr(cp)):
            if lo is None:
                lo = cp
            prev = cp
        elif lo is not None:
            out.append(re.escape(chr(lo)) + ("-" + re.escape(chr(prev)) if prev > lo else ""))
            lo = None
    return "[" + "".join(out) + "]"


# any script's capital (and title-case) letters, and its small letters (``[A-Z]``, ``[a-z]``)
UPPER = _letter_class(lambda c: c.isupper() or c.istitle())
LOWER = _letter_class(lambda c: c.islower())

# Line labels that are not speakers (bylines, web furniture, Q&A markers).
_NOT_SPEAKER = frozenset(
    """update updated updates breaking watch video photo photos image images note related read
    more see also advertisement exclusive analysis opinion live correction source sources q a
    question answer warning caption credit subscribe follow contact email tags topics share click
    listen transcript by from to subject date time location where when what why how who
    disclaimer full plus bonus ps p.s. editor's editors tl;dr summary background poll? the
    bottom line first second third step part chapter clarification clarifications corrections
    addendum erratum ladies gentlemen folks guys everyone everybody""".split()
)
# (the last six: an address to the readers, "Ladies: if you want the best seats, come early", is
# no one's turn; rules31 made "lady" a person noun and such a line a quote by "Ladies")
_GROUPS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
# a photo caption's label: a credit in square brackets or a run of spaces before the caption's
# keyword ("Picturedesk[XYZ]   Lunch:"), laid out by the page, never a speaker
_CAPTION_LABEL = re.compile(r"[\[\]]|\S\s{2,}\S")
# a line label "First Last, a/an/the <apposition>" (:func:`colon_attributions`): a name of two to
# four title-case words (a title or its abbreviation first: "Professor Alan Whitfield", "Dr. Omar
# Haddad"), an age between commas or not ("Dr. Omar Haddad, 61, a surgeon in Cairo"), its
# apposition with no comma or colon in it, with an article or without ("Lena Fischer, head of the
# nurses' union": :func:`_bare_apposition` then asks the parse), a capitalised word and a
# lower-case role before the name or not ("Former minister Alan Whitfield, ...", "City councillor
# Tom Reed, ...": the role's last word one of :data:`_APPOSED_ROLES`); the caller caps the label
# at 12 words (rules50, usertest32 M1)
_APPOSED = re.compile(
    rf"^(?:{UPPER}[\w'\u2019.-]*\s+(?P<role>(?:{LOWER}[\w'\u2019-]*\s+){{1,2}}))?"
    rf"(?:{UPPER}[\w'\u2019.-]*\s+){{1,3}}{UPPER}[\w'\u2019.-]*,\s+(?:\d{{1,3}},\s+)?(?P<art>(?:a|an|the)\s+)?(?P<app>{LOWER}[^,:;\n]*)$"
)

# a line label "First Last of the <body>" ("Inspector Hugo Brandt of the Zurich police:"), a
# title or a role before the name or not: the name and its body speak the line (PolNeAR's sources
# hold the "of the ..." phrase after a name 14 times, stop before it 2; usertest33, fix50)
_OF_BODY = re.compile(
    rf"^(?:{UPPER}[\w'\u2019.-]*\s+(?P<role>(?:{LOWER}[\w'\u2019-]*\s+){{1,2}}))?"
    rf"(?P<name>(?:{UPPER}[\w'\u2019.-]*\s+){{1,3}}{UPPER}[\w'\u2019.-]*)\s+of\s+the\s+[^,:;\n]+$"
)


def _person_of_body(doc: Doc, starts: list[int], label: str, p0: int) -> bool:
    """Whether line label ``label`` (at char ``p0``) is "First Last of the <body>"
    (:data:`_OF_BODY`) whose name is a person's: a word of it the recogniser tags PERSON or a
    known given name ("Bank of America", "Statement of the Day" are no one)."""
    m = _OF_BODY.match(label)
    if m is None or m.group("role") and m.group("role").split()[-1].lower() not in _APPOSED_ROLES:
        return False
    if any(known_given_name(w) for w in m.group("name").split()):
        return True
    toks = doc[max(0, bisect.bisect_right(starts, p0) - 1) : bisect.bisect_left(starts, p0 + m.end("name"))]
    return any(t.ent_type_ == "PERSON" for t in toks)


def _bare_apposition(doc: Doc, starts: list[int], s: int, e: int) -> bool:
    """Whether chars [s, e) of a line label "First Last, <words>:" are an apposition without an
    article ("head of the nurses' union", "spokeswoman for the ministry", "senior adviser to the
    mayor"): a noun phrase by the parse, its first word a noun or an adjective, no verb in it.
    "Mary Lopez, speaking in Leeds:", "Anna Berg, who ran:" and "Ben Carter, in Brussels:" are no
    apposition (a participle, a relative, a place phrase). ``starts``: the doc's token offsets."""
    toks = doc[max(0, bisect.bisect_right(starts, s) - 1) : bisect.bisect_left(starts, e)]
    if not len(toks) or toks[0].idx != s:
        return False
    if toks[0].pos_ not in ("NOUN", "ADJ") or toks[0].tag_ in ("VBG", "VBN"):
        return False
    return not any(t.pos_ in ("VERB", "AUX") for t in toks)


# a transcript turn's tag after the name, before the colon: party and state ("(D-OH)", "(R)"),
# an affiliation or a role in brackets ("(CNN)", "(VOICEOVER)"); not part of the speaker
_TURN_TAG = re.compile(r"\s*\([^()\n]{1,24}\)\s*$")
# honorific and title abbreviations a turn opens with ("SEN. LAURA PIKE:", "Dr. SMITH:"): part
# of the speaker, as a title is in "Senator Paul Grimsby said"
_TURN_TITLES = frozenset("sen. rep. gov. dr. mr. mrs. ms. pres. gen. lt. col. sgt. capt. adm. prof. rev. amb. sec.".split())
# lower-case roles a pundit line puts before the name ("CNN host Jake Tapper:")
_ROLE_NOUNS = HUMAN_NOUNS | frozenset(
    "pundit host anchor commentator columnist contributor correspondent analyst strategist blogger".split()
)
# words a person's role ends with, never a person's name ("CNN HOST", "CHIEF CORRESPONDENT")
ROLE_NOUNS = frozenset(
    "host anchor commentator columnist contributor correspondent analyst strategist moderator director chairman chairwoman".split()
)
# roles a turn label of a title-case transcript may be ("Interviewer:", "WVFN host:") besides the
# human nouns: an interview names its questioner by the role
_TURN_ROLES = _ROLE_NOUNS | ROLE_NOUNS | frozenset(
    "interviewer presenter caller reporter questioner guest coach captain teacher student nurse defendant".split()
)

# a lower-case role before a name in a "Name, apposition:" label ("Former minister Alan Whitfield")
_APPOSED_ROLES = _TURN_ROLES | TITLE_NOUNS | frozenset("councillor councilman councilwoman mp professor lawmaker".split())


def _role_apposition(app: str) -> bool:
    """Whether the apposition ``app`` of a "Name, apposition:" label holds a role or a human noun
    ("host", "the mayor's spokesman", "a nurse in Lagos"): the label names a person."""
    return any(w.strip(".,'\u2019").removesuffix("'s") in _APPOSED_ROLES | HUMAN_NOUNS for w in app.lower().split())


def _names_someone(t: Token, *, alone: bool) -> bool:
    """A word of a line label that names a speaker: a person, group or place entity, a document
    or a human noun (also plural: "Historians:"), or, ``alone`` in the label, a proper noun the
    recogniser left out (a title-case headline hides a surname from it: "Rubio: I Still Believe
    ..."; in a longer label every title-case word looks like one: "Delegate Update:")."""
    return (
        t.ent_type_ in _GROUPS or t.lower_ in DOCUMENT_NOUNS or t.lower_ in HUMAN_NOUNS
        or t.lemma_.lower() in HUMAN_NOUNS or alone and t.pos_ == "PROPN" and not t.ent_type_
    )


@dataclasses.dataclass(frozen=True, slots=True)
class ColonHit:
    content: tuple[int, int]
    cue: tuple[int, int]  # the colon
    speaker: tuple[int, int]
    kind: str
    cue_token: int
    quoted: bool = False  # the content is one quotation, its marks left out: what was said word for word
    # a turn of a transcript in normal case ("Ruiz: ...", "Minister: ...") without quote marks:
    # still a turn, but read as indirect, as PolNeAR's scoring counts only words in marks as direct
    plain: bool = False


def is_label_symbol(ch: str) -> bool:
    """Whether ``ch`` is a symbol a colon-line label may carry after its name ("Ahmed El-Sayed
    \U0001F1EA\U0001F1EC:", "Karin Holm \U0001F33B:"): an emoji or other symbol (category So / Sk,
    regional indicators included), a variation selector or a zero-width joiner. Such marks name
    no one; the label readers skip them (usertest34 M1, rules52)."""
    return unicodedata.category(ch) in ("So", "Sk") or ch in "\u200d\ufe0e\ufe0f" or "\U000e0020" <= ch <= "\U000e007f"


def strip_label_symbols(label: str) -> str:
    """``label`` without the symbols (:func:`is_label_symbol`) and spaces at its end."""
    end = len(label)
    while end and (label[end - 1].isspace() or is_label_symbol(label[end - 1])):
        end -= 1
    return label[:end]


def colon_attributions(doc: Doc, text: str | None = None) -> list[ColonHit]:
    """Lines that begin with a short name (or a quote mark and a name) and a colon. A new list
    each call; inside an :func:`~annotator.nlp.quotes_doc.annotations_fixed` block for ``doc``
    found once per text (perf33: the quote rules and :func:`turn_names`, for the mention index,
    both ask; a :class:`ColonHit` is frozen)."""
    text = doc.text if text is None else text
    return list(per_doc(doc, ("colon_attributions", text), lambda: _colon_attributions(doc, text)))


def _colon_attributions(doc: Doc, text: str) -> list[ColonHit]:
    starts: list[int] | None = None  # token offsets, only built when a line qualifies
    out: list[ColonHit] = []
    has_ents: bool | None = None  # Doc.has_annotation scans every token: ask once, lazily
    pos = 0
    short: list[ColonHit] = []  # turns of one or two words: kept only in a transcript
    datelines: list[ColonHit] = []  # "BEIRUT:" / "GAZA CITY, Dec 3:" lines: kept only in a transcript
    first = len(text) - len(text.lstrip())  # where the article's own first line (its title) starts
    # "Interviewer: ...\nRuiz: ..." in normal case: turns when two labels or more alternate
    turn_lines = _title_case_turn_lines(doc, text) if ":" in text else frozenset()
    for line in text.split("\n"):
        line_start, pos = pos, pos + len(line) + 1
        colon = line.find(":", 0, 45)
        if colon <= 0:
            colon = line.find(":", 0, 110)  # real labels run long: "DR. ..., DIRECTOR, NATIONAL INSTITUTE OF ...:"
            if colon <= 0 or _role_after_name(line[:colon].strip().lstrip(_MARKS)) is None and _APPOSED.match(line[:colon].strip().lstrip(_MARKS)) is None \
                    and _OF_BODY.match(line[:colon].strip().lstrip(_MARKS)) is None:
                # past 45 characters only "NAME, ROLE:" ("DANA BASH, (CNN) CHIEF ... CORRESPONDENT:")
                # and a name with its apposition ("Professor Alan Whitfield, an economist at Leeds:")
                continue
        # a transcript may itself be quoted paragraph by paragraph: '"PENCE: Well, ...'
        # a flag or other emoji after the name is no part of it ("Ahmed El-Sayed \U0001F1EA\U0001F1EC:")
        label = strip_label_symbols(line[:colon].strip().lstrip(_MARKS))
        if _CAPTION_LABEL.search(label):
            continue  # "Picturedesk[XYZ]   Lunch:": a photo credit and a caption's keyword, no speaker
        # "JAKE TAPPER, CNN HOST:": the name before the comma speaks; the role after it is no name
        role_cut = _role_after_name(label)
        named = label[:role_cut] if role_cut is not None else label
        prefix = _without_turn_tag(named)
        tagged = prefix != named or role_cut is not None  # "Sen. Bernie Sanders (I-VT):" is a turn as "SEN. SHERROD BROWN (D-OH):" is
        words = prefix.split()
        # "Ben Carter, a former diplomat:": a name and its apposition speak the line, as a
        # pundit line's "Former ambassador Ben Carter:" does (rules47, usertest31 M1); PolNeAR's
        # sources hold the apposition (366 "First Last, a/the ..." sources, 11 stopping before it)
        apposed_m = None if role_cut is not None or turn_lines else _APPOSED.match(prefix)
        if apposed_m is not None and apposed_m.group("role") and apposed_m.group("role").split()[-1].lower() not in _APPOSED_ROLES:
            apposed_m = None  # "Former home Alan Reed, ...": no role before the name
        if apposed_m is not None and apposed_m.group("art") is None:
            if starts is None:
                starts = doc.to_array("IDX").tolist()
            if not _bare_apposition(doc, starts, line_start + line.index(prefix) + apposed_m.start("app"), line_start + line.index(prefix) + apposed_m.end("app")):
                apposed_m = None
        apposed = apposed_m is not None
        if not apposed and role_cut is None and not turn_lines and " of the " in prefix:
            if starts is None:
                starts = doc.to_array("IDX").tolist()
            apposed = _person_of_body(doc, starts, prefix, line_start + line.index(prefix))
        rest = line[colon + 1 :]
        few = len(rest.split()) < 3
        turn_line = line_start in turn_lines
        if not 1 <= len(words) <= (12 if apposed else 6) or prefix.lower() in _NOT_SPEAKER or few and not ((_turn_name(prefix) or turn_line) and rest.strip()):
            continue
        if words[0].lower().strip("'\u2019") in _NOT_SPEAKER:
            continue
        if line_start > first and not _turn_name(prefix) and not tagged and not turn_line and _link_headline(rest):
            continue  # "Terror News: Official Reveals Ban on Video Site" inside the body: a link
        # a pundit line names the person after a lower-case role ("Fox News analyst Brit Hume:"):
        # the speaker is the name after the role, not the outlet before it
        roles = [k for k, w in enumerate(words) if not w[:1].isupper()]
        addressed = None if turn_line or apposed else _addressee_at(words)
        if turn_line or apposed:
            name = prefix  # "WVFN host:": the station's host speaks the turn, call letters and role
        elif addressed is not None:
            # "Mayor to council: fix the roads": a headline's "X to Y" label; X speaks to Y
            name = " ".join(words[:addressed])
        elif roles:
            if not all(words[k].lower() in _ROLE_NOUNS for k in roles) or roles[-1] == len(words) - 1:
                continue
            name = " ".join(words[roles[-1] + 1 :])
            if len(words) - roles[-1] - 1 < 2:
                continue  # "Fox analyst Hume:": a surname alone is too weak a line label
        elif len(words) > 4:
            continue
        else:
            name = prefix
        if not prefix:
            continue
        p0 = line_start + line.index(prefix)
        if name != prefix:
            p0 += prefix.rindex(name)
            prefix = name
        c = line_start + colon
        a = c + 1 + (len(rest) - len(rest.lstrip()))
        b = line_start + len(line.rstrip())
        whole = (a, b)
        a, b = _inside_marks(text, a, b)
        if b - a < 10 and not few:
            continue
        if starts is None:
            starts = doc.to_array("IDX").tolist()
        ti = max(0, bisect.bisect_right(starts, c) - 1)
        transcript = _turn_name(prefix) or tagged or turn_line
        if not transcript and _work_title(doc, ti, prefix):
            continue  # "Star Wars: The Force Awakens earned ...": a film's or book's title, no one's words
        if has_ents is None:
            has_ents = annotated(doc, "ENT_IOB")
        turns_only = False  # a label that names no one by the parse, kept only as a transcript's turn
        if not transcript and has_ents:
            toks = doc[max(0, bisect.bisect_right(starts, p0) - 1) : ti]
            if not any(_names_someone(t, alone=len(toks) == 1) for t in toks) and not (apposed_m is not None and _role_apposition(apposed_m.group("app"))):
                # ("Élodie Marchand, host:" among turns in capitals: the recogniser tags no
                # person there, but a title-case name with a role after its comma names one;
                # usertest33 M1, fix50)
                if not _turn_label(doc, text, p0, p0 + len(prefix), has_ents):
                    continue
                turns_only = True  # "Host: Did you ...? Coach: ...": a role the recogniser does not know
        if not (_turn_name(prefix) or tagged or turn_line) and _dateline_after_credit(doc, text, line_start, prefix):
            continue  # "Photo: AP\n\nBeirut: The wife of ...": a dateline, no speaker (rules43)
        if not (_turn_name(prefix) or tagged or turn_line) and _place_before_news(doc, text, prefix, ti, whole):
            continue  # "Kabul: Police arrested three men ... on Tuesday.": a dateline, no speaker (rules44)
        if not (_turn_name(prefix) or tagged) and len(words) == 1 and _caption_label(doc, text, p0, prefix, whole):
            continue  # "Smooth: Another clip showed a woman ...": a photo caption's keyword (rules40)
        if addressed is not None:
            toks = doc[max(0, bisect.bisect_right(starts, p0) - 1) : ti]
            to = next((t for t in toks if t.lower_ == "to"), None)
            if to is None or to.i + 1 >= ti or doc[to.i + 1].tag_ == "VB" or not any(
                _names_someone(t, alone=to.i - toks.start == 1) for t in doc[toks.start : to.i]
            ):
                continue  # "A Plan to Fight Inflation:": an infinitive, no one addressed
        # a headline's quoted title-case line ("Mayor Vows Appeal: 'We Will Rebuild'") keeps its
        # reading; a quoted sentence after a named person is what they said, word for word
        quoted = (a, b) != whole and not _title_case(text[a:b])
        plain = turn_line and not (_turn_name(prefix) or tagged)
        hit = ColonHit((a, b), (c, c + 1), (p0, p0 + len(prefix)), "direct" if transcript else "indirect", ti, quoted, plain)
        if tagged and _TURN_TAG.search(named) and colon_dateline(doc[max(0, bisect.bisect_right(starts, p0) - 1)]):
            continue  # "WASHINGTON (Reuters): The senator said ...": a wire dateline, never a turn (rules37)
        if not tagged and not turn_line and colon_dateline(doc[max(0, bisect.bisect_right(starts, p0) - 1)]):
            datelines.append(hit)  # "BEIRUT: ... minister said that ...": a dateline, unless turns follow
            continue
        turns = _turns_within(doc, text, hit, has_ents)
        if turns:
            # "Reporter: Are you resigning? Minister: Absolutely not.": a second label after a
            # sentence's end starts the next turn; the answer is never the first label's words
            out.extend(turns)
            continue
        if turns_only:
            continue
        if few or b - a < 10:
            short.append(hit)
        else:
            out.append(hit)
    if datelines and any(h.kind == "direct" for h in out + short):
        # "KURTZ: The senator said ..." among other turns: the transcript's turn after all
        out = sorted(out + [h for h in datelines if h.kind == "direct"], key=lambda h: h.content)
    if short and any(h.kind == "direct" for h in out):
        # "ADAMS: No." / "BASH: How many?": a short answer is a turn of the exchange when the
        # article is a transcript (a longer turn in capitals); alone it may be any "WORD: ..." line
        out = sorted(out + [h for h in short if h.kind == "direct"], key=lambda h: h.content)
    qa = _question_and_answer_turns(doc, text, named_turns=[h for h in out if text[text.rfind("\n", 0, h.speaker[0]) + 1 : h.speaker[0]].strip() == ""])
    if qa:
        out = sorted(out + qa, key=lambda h: h.content)
    return out


# an interview's turn label at a line's start, or after a question mark inside the line ('Q: Will
# you run again? A: No.'): "Q:", "Q.", "A:", "A.", "QUESTION:", "ANSWER:" (any case for the words)
# (the label is searched for alone and its left side checked after: a look-behind tried at every
# character cost a tenth of all the rules' time)
_QA_LABEL = re.compile(r"(?P<who>Q|A|question|answer|QUESTION|ANSWER|Question|Answer)[ \t]*(?P<mark>[:.])[ \t]+(?=\S)")
# "in an interview with X", "told X in an interview" is not the shape: the interviewee after "with"
_INTERVIEW_WITH = re.compile(r"\binterview(?:ed)?\s+with\s+", re.I)


def _question_and_answer_turns(doc: Doc, text: str, named_turns: list[ColonHit] = ()) -> list[ColonHit]:
    """An interview printed as questions and answers ('Q: Will you run again? A: No, I will not.',
    "Q. ... A. ...", "QUESTION: ... ANSWER: ..."), each turn on its own line or the answer after
    the question's mark on the same line: every turn a direct quote, its cue the label's colon or
    full stop. The answer's speaker is the person the article names after "interview with" before
    the first turn (the nearest such phrase, a PERSON entity starting within 40 characters), else
    its label ("A"), as PolNeAR's gold has it; a question's speaker is its label ("Q": the
    interviewer is seldom named on the line). Kept only
    when the text has both a question and an answer label, so a lone "A." initial or "A: ..." line
    is no turn. A bare "Q:" answered by named turns instead ('Q: Will you run?\nMayor Ruiz: I
    have not decided.'; ``named_turns``: the colon turns found at line starts) is a turn too, one
    attribution per question, its label the speaker as in the gold (rules37). Empty when there
    is none."""
    if "Q" not in text and "uestion" not in text and "UESTION" not in text:
        return []
    labels = [
        m for m in _QA_LABEL.finditer(text)
        if not (m.group("mark") == "." and len(m.group("who")) > 1) and _turn_starts_at(text, m.start())
    ]
    kinds = [m.group("who")[0].upper() for m in labels]
    if "Q" in kinds and "A" not in kinds and named_turns:
        # "Q: ...\nMayor Ruiz: ...": the questions alone; the answers are the named turns. A
        # question ends at its line's end or at a named turn's label
        keep = [k for k, m in enumerate(labels) if kinds[k] == "Q"]
        labels, kinds = [labels[k] for k in keep], ["Q"] * len(keep)
        stops = sorted(h.speaker[0] for h in named_turns)
    elif "Q" not in kinds or "A" not in kinds:
        return []
    else:
        stops = []
    out: list[ColonHit] = []
    starts: list[int] | None = None
    interviewee = _interviewee(doc, text, labels[0].start())
    for k, m in enumerate(labels):
        a = m.end()
        nl = text.find("\n", a)
        b = min(labels[k + 1].start() if k + 1 < len(labels) else len(text), nl if nl >= 0 else len(text))
        b = min([b, *(x for x in stops if x > a)])
        while b > a and text[b - 1].isspace():
            b -= 1
        if b <= a:
            continue
        if starts is None:
            starts = doc.to_array("IDX").tolist()
        c = m.start("mark")
        ti = max(0, bisect.bisect_right(starts, c) - 1)
        # PolNeAR's gold makes the label the source ("Q", "A"); an answerer the article names
        # before is the one who answers
        speaker = interviewee if kinds[k] == "A" and interviewee is not None else (m.start("who"), m.end("who"))
        out.append(ColonHit((a, b), (c, c + 1), speaker, "direct", ti))
    return out


def _turn_starts_at(text: str, i: int) -> bool:
    """Whether an interview label at char ``i`` opens a turn: only spaces or tabs between it and
    the start of its line, or one space between it and a question's or sentence's end mark."""
    k = i
    while k > 0 and text[k - 1] in " \t":
        k -= 1
    return k == 0 or text[k - 1] == "\n" or k == i - 1 and text[k - 1] in "?.!"


def _interviewee(doc: Doc, text: str, before: int) -> tuple[int, int] | None:
    """The character range of the person named right after the last "interview with" before char
    ``before`` (a PERSON entity starting within 40 characters of "with"), or None."""
    last = None
    for m in _INTERVIEW_WITH.finditer(text, 0, before):
        last = m
    if last is None:
        return None
    for e in doc.ents:
        if e.label_ == "PERSON" and last.end() <= e.start_char <= last.end() + 40 and e.end_char <= before:
            return (e.start_char, e.end_char)
    return None


def _addressee_at(words: list[str]) -> int | None:
    """Where "to" stands in a headline label "X to Y" ("Mayor to council", "Clinton to Planned
    Parenthood"): X of one to four words, the first capitalised, Y of one to four; None for any
    other label. The caller checks with the parse that X names someone and Y is no verb."""
    if "to" not in words:
        return None
    k = words.index("to")
    if not 1 <= k <= 4 or not 1 <= len(words) - k - 1 <= 4 or not words[0][:1].isupper():
        return None
    return k


def link_headlines(text: str) -> list[tuple[int, int]]:
    """Char ranges of the lines after the first that are a label, a colon and another story's
    headline (:func:`_link_headline`; "Terror News: Political Official Reveals Ban on Video
    Site"): no reading lies in them, neither the label's nor one of a headline verb ("Reveals").
    A transcript turn's label in capitals is never one. Linear in len(text)."""
    out: list[tuple[int, int]] = []
    first = len(text) - len(text.lstrip())
    pos = 0
    for line in text.split("\n"):
        line_start, pos = pos, pos + len(line) + 1
        colon = line.find(":", 0, 45)
        if line_start <= first or colon <= 0:
            continue
        label = line[:colon].strip()
        if 1 <= len(label.split()) <= 6 and label[:1].isupper() and not _turn_name(label) \
                and label == _without_turn_tag(label) and _link_headline(line[colon + 1 :]):
            out.append((line_start, line_start + len(line)))
    return out


def _link_headline(rest: str) -> bool:
    """Whether the words after a label's colon are another story's headline set in the body (a
    related-story link, web copy: "Terror News: Political Official Reveals Ban on Video Site"):
    four words or more, at least three in four of those longer than three letters capitalised,
    and no final stop. Such a line is no one's statement. The article's own title is never
    one: PolNeAR annotates title lines of this shape ("X: Y Will Say No to Z.") as the label's
    attribution, and its titles end with a stop."""
    body = rest.strip().rstrip(_MARKS + ")]").rstrip()
    ws = [w for w in rest.split() if w[:1].isalpha()]
    long = [w for w in ws if len(w) > 3]
    if len(ws) < 4 or not long or body[-1:] in (".", "!", "?", "\u2026", ";", ":"):
        return False
    return sum(w[:1].isupper() for w in long) * 4 >= len(long) * 3


# small words a work's title keeps in lower case ("Dawn of Justice", "Batman v Superman")
_TITLE_SMALL = frozenset("of the and a an in on to for at by with v v. vs vs.".split())


def _work_title(doc: Doc, colon_i: int, label: str) -> bool:
    """Whether the label before the colon at token ``colon_i`` and the words after it are one
    title of a film, book or show ("*Star Wars: The Force Awakens* earned $2 billion", "*Harry
    Potter: The Cursed Child* opens in London", "*Batman v Superman: Dawn of Justice* opened"),
    not a speaker and a statement (rules38): a label with "v"/"vs" between capitalised words, or
    after the colon a run of two or more capitalised words (small words and an opening article
    between them) naming no person, group or place, then a finite verb in lower case that
    carries on the sentence. "JAKE TAPPER: Donald Trump released ..." (a person) and
    "Lavrov: US Wants Dialogue" (the verb capitalised: a headline) are no titles."""
    if re.search(r"\S\s(?:v|vs)\.?\s[A-Z]", label):
        return True
    k = colon_i + 1
    n = len(doc)
    if k < n and doc[k].lower_ in ("the", "a", "an") and doc[k].text[:1].isupper():
        k += 1
    caps = 0
    while k < n and (doc[k].text[:1].isupper() and doc[k].is_alpha or doc[k].lower_ in _TITLE_SMALL and caps):
        if doc[k].text[:1].isupper():
            if doc[k].ent_type_ in ("PERSON", "NORP", "GPE") or doc[k].lower_ == "i":
                return False
            caps += 1
        k += 1
    return caps >= 2 and k < n and doc[k].text[:1].islower() and doc[k].tag_ in ("VBZ", "VBD", "VBP", "MD")


def _title_case(words: str) -> bool:
    """Whether a line of two words or more capitalises every word but short ones, as a
    headline does ("This Cannot Continue.")."""
    ws = [w for w in words.split() if w[:1].isalpha()]
    return len(ws) >= 2 and all(w[:1].isupper() or len(w) <= 3 for w in ws)


def _inside_marks(text: str, a: int, b: int) -> tuple[int, int]:
    """Chars [a, b) without the quotation marks around them when they are one quotation
    ('Analyst Rita Gomez: "Turnout will be low."'): an opening mark first, a closing mark last
    and no mark of that kind in between; [a, b) unchanged otherwise."""
    seg = text[a:b]
    if len(seg) >= 3 and seg[0] in LEVEL1_OPENERS and not seg[1].isspace() and not any(ch in seg[1:] for ch in OPENERS[seg[0]]):
        # 'Dan Olsen: “Well, I have heard ...' left open to the line's end (the quotation goes on,
        # or the closing mark was lost): the opening mark is no word of the speaker's
        return a + 1, b
    if len(seg) < 3 or seg[0] not in _MARKS or seg[-1] not in _MARKS:
        return a, b
    inner = seg[1:-1]
    if any(ch in inner for ch in (seg[0], seg[-1])):
        return a, b
    lo, hi = a + 1, b - 1
    while lo < hi and text[lo].isspace():
        lo += 1
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    return lo, hi


# a turn label's role after the name and a comma: capitals, optionally an outlet in brackets
# ("JAKE TAPPER, CNN HOST", "DANA BASH, (CNN) CHIEF POLITICAL CORRESPONDENT", "HOWARD KURTZ, HOST"),
# in one or more parts after commas, a show's name in quotation marks among them ("JAKE TAPPER, CNN
# HOST, "STATE OF THE UNION"", "DR. ANTHONY FAUCI, DIRECTOR, NATIONAL INSTITUTE OF ...")
_ROLE_AFTER = re.compile(
    rf"(?:,\s*(?:\([^()\n]{{1,24}}\)\s*)?[\"\u201c]?{UPPER}(?:{UPPER}|[.&'\u2019\- ])*[\"\u201d]?(?:\([^()\n]{{1,24}}\))?\s*)+$"
)


def _role_after_name(label: str) -> int | None:
    """Where the role after a transcript speaker's name starts (its comma), when ``label`` is
    "NAME, ROLE" in capitals with a name of two to four words before the comma; else None."""
    m = _ROLE_AFTER.search(label)
    if m is None:
        return None
    name = _without_turn_tag(label[: m.start()].strip())
    words = name.split()
    return m.start() if 1 <= len(words) <= 4 and _turn_name(name) else None


def _without_turn_tag(prefix: str) -> str:
    """A line label without a bracketed tag before its colon: "SEN. LAURA PIKE (D-OH)" ->
    "SEN. LAURA PIKE"; a label that is only a tag ("(APPLAUSE)") stays as it is."""
    cut = _TURN_TAG.sub("", prefix)
    return cut if cut.strip() else prefix


def _turn_name(prefix: str) -> bool:
    """A transcript turn's speaker: a name in capitals ("KURTZ", "LAURA PIKE"), after a title
    abbreviation in either case ("SEN. LAURA PIKE", "Dr. SMITH")."""
    words = prefix.split()
    if len(words) > 1 and words[0].lower() in _TURN_TITLES:
        words = words[1:]
    name = " ".join(words)
    return name.isupper() and len(name.replace(" ", "").replace(".", "")) >= 3


def turn_names(doc: Doc, text: str | None = None) -> list[tuple[int, int]]:
    """Character ranges of the names of transcript turns' speakers ("SEN. MARY SMITH (D-OH): …"
    -> "MARY SMITH", "KURTZ: …" -> "KURTZ", "MS. JONES: …" -> "JONES"): the turn's speaker
    without its title abbreviation (the bracketed tag is never part of it), in text order. A
    headline label ("Lavrov: …") or a pundit line in normal case is no turn. The entity
    recogniser misses most all-caps names; :class:`annotator.nlp.coref.MentionIndex` makes these
    person mentions so the turn, later turns and later mentions in normal case ("Smith said")
    resolve to one person."""
    text = doc.text if text is None else text
    out: list[tuple[int, int]] = []
    for h in colon_attributions(doc, text):
        a, b = h.speaker
        label = text[a:b]
        if label.lower() in _NOT_SPEAKER:
            continue  # an interview's "QUESTION:" / "A:" label names no one
        if h.kind != "direct" or not _turn_name(label):
            continue
        words = label.split()
        if len(words) > 1 and words[0].lower() in _TURN_TITLES:
            a = a + label.index(words[1], len(words[0]))
            words = words[1:]
        low = [w.lower().strip(".,") for w in words]
        if any(w in DETERMINERS or w in _NOT_A_NAME for w in low) or low[-1] in _ROLE_NOUNS or low[-1] in TITLE_NOUNS:
            continue  # "THE PRESIDENT:", "UNIDENTIFIED MALE:", "MODERATOR:": a role, no name
        if b > a:
            out.append((a, b))
    return out


# words of a turn label that describe a speaker rather than name one
_NOT_A_NAME = frozenset(
    """unidentified unknown male female man woman voice voices audience crowd member members
    announcer narrator moderator reporter reporters questioner caller participant panelist
    protester protesters spectator students student group all both several multiple crosstalk""".split()
)


# a turn label inside a line, after a sentence's end mark (and a closing quote mark): one or two
# capitalised words, or call letters and a role ("WVFN host"), then a colon and the next words
_INNER_LABEL = re.compile(
    rf"[.?!\u2026][\"\u201d\u2019]?[ \t]+(?P<who>{UPPER}[\w'\u2019\-]*(?:[ \t]+{UPPER}[\w'\u2019\-]*)?|[A-Z]{{2,6}}[ \t]+[a-z]+)[ \t]*:[ \t]+(?=\S)"
)
# the same label at a line's start ("Interviewer: ...", "Dan Olsen: ...", "WVFN host: ...")
_TURN_LINE = re.compile(
    rf"^[ \t]*(?P<who>{UPPER}[\w'\u2019\-]*(?:[ \t]+{UPPER}[\w'\u2019\-]*)?|[A-Z]{{2,6}}[ \t]+[a-z]+)[ \t]*:[ \t]*(?=\S)", re.M
)


def _turn_label(doc: Doc, text: str, s: int, e: int, has_ents: bool) -> bool:
    """Whether chars [s, e) are a transcript turn's label: no line-furniture word
    (:data:`_NOT_SPEAKER`), and call letters with a role ("WVFN host"), a role or human noun
    ("Interviewer", "Minister"), a name in capitals, or (with entities) a word that names someone
    (:func:`_names_someone`); without entities any capitalised label."""
    label = text[s:e]
    words = label.split()
    low = [w.lower() for w in words]
    if not words or any(w in _NOT_SPEAKER for w in low):
        return False
    if len(words) == 2 and words[1].islower():
        return words[0].isupper() and low[1] in _TURN_ROLES
    if low[-1] in _TURN_ROLES or low[-1] in HUMAN_NOUNS or _turn_name(label):
        return True
    if not has_ents:
        return True
    span = doc.char_span(s, e, alignment_mode="expand")
    return span is not None and any(_names_someone(t, alone=len(span) == 1) for t in span)


def _turns_within(doc: Doc, text: str, hit: ColonHit, has_ents: bool) -> list[ColonHit]:
    """``hit``'s line cut at each further turn label inside its content (:data:`_INNER_LABEL`,
    :func:`_turn_label`): "Reporter: Are you resigning? Minister: Absolutely not." -> two direct
    turns, "Are you resigning?" by "Reporter" and "Absolutely not." by "Minister", each cued by
    its label's colon. Empty when the content holds no such label (the caller keeps ``hit``)."""
    a, b = hit.content
    if ":" not in text[a:b]:
        return []
    labels = [
        m for m in _INNER_LABEL.finditer(text, a, b)
        if not _abbreviation_before(text, m.start()) and _turn_label(doc, text, m.start("who"), m.end("who"), has_ents)
    ]
    if not labels:
        return []
    starts = doc.to_array("IDX").tolist()
    out: list[ColonHit] = []
    speaker, cue, ti, lo = hit.speaker, hit.cue, hit.cue_token, a
    plain = hit.plain or hit.kind != "direct"  # "Reporter: ...": turns in normal case
    for m in [*labels, None]:
        hi = m.start("who") if m is not None else b
        while hi > lo and text[hi - 1].isspace():
            hi -= 1
        x, y = _inside_marks(text, lo, hi)
        if y > x:
            out.append(ColonHit((x, y), cue, speaker, "direct", ti, (x, y) != (lo, hi), plain))
        if m is None:
            break
        c = text.index(":", m.end("who"))
        speaker, cue, lo = (m.start("who"), m.end("who")), (c, c + 1), m.end()
        ti = max(0, bisect.bisect_right(starts, c) - 1)
    return out


def _title_case_turn_lines(doc: Doc, text: str) -> frozenset[int]:
    """Starts of the lines that are turns of a transcript in normal case: a label at the line's
    start (:data:`_TURN_LINE`, :func:`_turn_label`; "Interviewer:", "Dan Olsen:", "WVFN host:")
    in a block of two or more such lines with only blank lines between them and two labels or
    more ("Interviewer: ...\\nRuiz: ..."). A lone "Name: ..." line stays a headline label; the
    article's first line in title case (a headline: "Tiger Woods: Golf Star Fails Test") and labels
    in capitals (turns anyway) are never counted."""
    first = len(text) - len(text.lstrip())
    found = [m for m in _TURN_LINE.finditer(text) if m.start("who") > first or not _title_case(text[m.end() : _line_end(text, m.end())])]
    if len(found) < 2:
        return frozenset()
    has_ents = annotated(doc, "ENT_IOB")
    out: set[int] = set()
    block: list[tuple[int, str, bool]] = []
    end = 0

    def flush() -> None:
        if len(block) >= 2 and len({who for _, who, _ in block}) >= 2 and any(named for _, _, named in block):
            out.update(s for s, who, _ in block if not _turn_name(who))

    for m in found:
        who = m.group("who")
        # any capitalised label but line furniture may be a turn ("Ruiz:", a name the tagger
        # calls a noun); one label of the block at least must name someone or a role
        label = not any(w.lower() in _NOT_SPEAKER for w in who.split())
        if not label or block and text[end : m.start()].strip():
            flush()
            block = []
        if label:
            block.append((m.start(), who, _person_label(doc, text, m.start("who"), m.end("who"))))
            nl = text.find("\n", m.end())
            end = nl if nl >= 0 else len(text)
    flush()
    return frozenset(out)


def _line_end(text: str, i: int) -> int:
    """The index of the line break at or after ``i``, or len(text)."""
    nl = text.find("\n", i)
    return nl if nl >= 0 else len(text)


def _abbreviation_before(text: str, stop: int) -> bool:
    """Whether the full stop at ``stop`` ends a title abbreviation or an initial ("met Mr. Smith:",
    "J. Doe:"), no sentence: the capitalised words after it are no new turn's label."""
    if text[stop] != ".":
        return False
    word = text[max(text.rfind(" ", 0, stop), text.rfind("\n", 0, stop)) + 1 : stop + 1].lower()
    return word in _TURN_TITLES or len(word) <= 2


def _person_label(doc: Doc, text: str, s: int, e: int) -> bool:
    """Whether the line label at chars [s, e) surely names a person: a role or human noun last
    ("Interviewer", "WVFN host"), or a person entity ("Dan Olsen"). A transcript in normal case
    needs one such label; "Price:" and "Venue:" lines are a list's, whatever the tagger says."""
    low = text[s:e].lower().split()
    if low and (low[-1] in _TURN_ROLES or low[-1] in HUMAN_NOUNS):
        return True
    span = doc.char_span(s, e, alignment_mode="expand")
    return span is not None and any(t.ent_type_ == "PERSON" for t in span)


# first and second person words: a caption describes a picture in the third person; a turn or a
# headline quote speaks ("Trump: We will win", "Rubio: I Still Believe ...")
_SPEAKING_WORDS = frozenset("i i'm i've i'll i'd me my mine we we're we've we'll us our ours you you're your yours".split())
# a line opening with a questioner's role label ("Interviewer:", "Host:"): the text is an interview
_ROLE_TURN_LINE = re.compile(r"(?im)^[ \t]*(?:" + "|".join(sorted(_TURN_ROLES)) + r")[ \t]*:")
# a quoted run of at most this many words in a caption is a name or a coined word ("'seamgate'")
_SCARE_QUOTE_WORDS = 4


# a photo credit ending a line: "Photo: AP", "Picture: Reuters/Ann Lee", "Image: Getty Images"
_CREDIT_END = re.compile(r"\b(?:[Pp]hoto(?:graph)?s?|PHOTOS?|[Pp]icture|PICTURE|[Ii]mage|IMAGE|[Cc]redit|CREDIT)\s*:\s*[^\n:.]{1,40}\s*$")


def _dateline_after_credit(doc: Doc, text: str, line_start: int, label: str) -> bool:
    """Whether the line label ``label`` (one to three title-case words at a line's start,
    ``line_start``) is a dateline after a photo caption: the last line before it ends with a
    credit (:data:`_CREDIT_END`, "... in July. Photo: AP") and the label is a place: the
    recogniser tags the same words a place here or anywhere in the text ("north of Beirut").
    "Beirut: The wife of ... is being questioned" then opens the news, no one's words (a dateline
    in capitals is :func:`quotes_speakers.colon_dateline`'s). Issue 10, usertest27 (rules43)."""
    words = label.split()
    if not 1 <= len(words) <= 3 or not all(w[:1].isupper() and w.isalpha() and not w.isupper() for w in words):
        return False
    if not _CREDIT_END.search(text[:line_start].rstrip()):
        return False
    return _tagged_place(doc, label, len(words))


def _tagged_place(doc: Doc, label: str, n_words: int) -> bool:
    """Whether ``label`` (its ``n_words`` words) stands somewhere in ``doc`` with its first word
    tagged a place (GPE, LOC) by the recogniser."""
    first = label.split()[0]
    # perf33: the doc's words and tags read as two columns, not one Token per word per label
    texts, ents, n = column(doc, "ORTH"), column(doc, "ENT_TYPE"), len(doc)
    return any(doc[i : i + n_words].text == label for i, (w, e) in enumerate(zip(texts, ents))
               if w == first and e in ("GPE", "LOC") and i + n_words <= n)


def _place_label(doc: Doc, label: str) -> bool:
    """Whether a line label (one to three title-case words) is a place: the recogniser tags the
    same words a place (GPE, LOC) here or anywhere in the text ("Beirut:" before "north of
    Beirut")."""
    words = label.split()
    if not 1 <= len(words) <= 3 or not all(w[:1].isupper() and w.isalpha() and not w.isupper() for w in words):
        return False
    return _tagged_place(doc, label, len(words))


# a news sentence after a place's colon: at least this many words, or a report of its own
_NEWS_SENTENCE_WORDS = 12


def _place_before_news(doc: Doc, text: str, label: str, colon_i: int, rest: tuple[int, int]) -> bool:
    """Whether the line label ``label`` (the colon at token ``colon_i``, the line's words after
    it at chars ``rest``) is a title-case dateline with no credit line before it: the label a
    place (:func:`_place_label`) and the line after the colon a news sentence in the third
    person: its first word capitalised, not in title case nor quoted, no first or second person
    word (a headline's quote speaks: "Russia: we will respond ..."), a subject and a finite verb
    of its own, and either a report of its own ("..., police said", "according to officials")
    or :data:`_NEWS_SENTENCE_WORDS` words or more (a headline is shorter). "New Delhi: A senior
    engineer ... was fired after ..." opens the news; no one said it. PolNeAR's gold has 164
    sources right before a colon, none a place (rules44)."""
    if not _place_label(doc, label):
        return False
    said = text[rest[0] : rest[1]].strip()
    if not said[:1].isupper() or said[:1] in _MARKS or _title_case(said):
        return False
    said_words = re.findall(r"[\w'\u2019]+", said.lower().replace("\u2019", "'"))
    if any(w in _SPEAKING_WORDS for w in said_words):
        return False
    span = doc.char_span(rest[0], rest[1], alignment_mode="expand")
    if span is None:
        return False
    toks = [t for t in span if t.i > colon_i]
    inside = {t.i for t in toks}
    if not any(t.dep_ in ("nsubj", "nsubjpass") and t.head.i in inside and t.head.tag_ in ("VBD", "VBZ", "VBP", "MD")
               or t.dep_ in ("nsubj", "nsubjpass") and t.head.i in inside and any(
                   c.dep_ in ("aux", "auxpass") and c.tag_ in ("VBD", "VBZ", "VBP", "MD") for c in t.head.children)
               for t in toks):
        return False
    reported = any(t.lemma_.lower() in SPEECH_LEMMAS and t.pos_ == "VERB" and any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children)
                   for t in toks) or "according to" in said.lower()
    return reported or len(said_words) >= _NEWS_SENTENCE_WORDS


def _caption_label(doc: Doc, text: str, p0: int, word: str, rest: tuple[int, int]) -> bool:
    """Whether a one-word line label ``word`` (at ``p0``) before the colon is a photo caption's
    keyword ("Smooth: Another clip showed a woman ...", "Problem: The phone bends ..."), not a
    speaker: the word in title case (a turn's name in capitals, "OBAMA:", stays a turn), no given
    name, human noun or role ("Host:"), nor written as a name of a person, group or place
    anywhere else in the text ("Trump: ..." after "Donald Trump"); and the words after the colon
    ``rest`` (character offsets [a, b)) a third-person sentence: no first or second person word
    in its first eight,
    not in title case (a headline's quote), no quotation of more than four words. The
    recogniser's label on the word itself is not trusted (it tags "Problem" PERSON). Never after a
    question or in a text with a role's turn ("Interviewer:"): an answer's turn. Issue 10,
    usertest27 H1 (rules40)."""
    if not word[:1].isupper() or word.isupper() or not word.isalpha():
        return False
    low = word.lower()
    if known_given_name(word) or low in HUMAN_NOUNS or low in _TURN_ROLES or low in DOCUMENT_NOUNS:
        return False
    if any(w == word and idx != p0 and e in _GROUPS
           for w, idx, e in zip(column(doc, "ORTH"), column(doc, "IDX"), column(doc, "ENT_TYPE"))):
        return False
    if text[:p0].rstrip().endswith("?") or _ROLE_TURN_LINE.search(text):
        return False  # "Interviewer: Why ...?\nRuiz: Because ...": an interview's answer
    said = text[rest[0] : rest[1]]
    if _title_case(said):
        return False
    said_words = re.findall(r"[\w'\u2019]+", said.lower().replace("\u2019", "'"))
    if len(said_words) < 4 or any(w in _SPEAKING_WORDS for w in said_words[:8]):
        # (the opening words: a caption may go on to a generic "you", "... save you money")
        return False
    for m in re.finditer(r"[\"\u201c\u201d\u2018\u2019'][^\"\u201c\u201d\n]*?[\"\u201c\u201d\u2018\u2019']", said):
        inner = m.group()[1:-1]
        if len(inner.split()) > _SCARE_QUOTE_WORDS and not re.fullmatch(r"[a-z]+", inner):
            return False
    return True
