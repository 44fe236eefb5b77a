"""'Speaker: statement' lines: headlines ("Lavrov: US Wants Dialogue") and interview transcripts
("PENCE: Well, look, ..."). A line-level rule; works with or without a parser.

A transcript turn (a name in capitals, or any label with a bracketed tag before its colon:
"Sen. Bernie Sanders (I-VT):") gives a direct quote, the speaker's own words; a headline label
an indirect one."""

from __future__ import annotations

import bisect
import dataclasses
import re

from spacy.tokens import Doc, Token

from annotator.nlp.quotes_doc import annotated
from annotator.nlp.quotes_lexicon import DETERMINERS, DOCUMENT_NOUNS, HUMAN_NOUNS, TITLE_NOUNS
from annotator.nlp.quotes_pairs import QUOTE_CHARS
from annotator.nlp.quotes_speakers import colon_dateline

_MARKS = "".join(sorted(QUOTE_CHARS))

# Line labels that are not speakers (bylines, web furniture, Q&A markers).
_NOT_SPEAKER = frozenset(
    """update updated updates breaking watch video photo photos image images note related read
    more see also advertisement exclusive analysis opinion live correction source sources q a
    question answer warning caption credit subscribe follow contact email tags topics share click
    listen transcript by from to subject date time location where when what why how who
    disclaimer full plus bonus ps p.s. editor's editors tl;dr summary background poll? the
    bottom line first second third step part chapter clarification clarifications corrections
    addendum erratum""".split()
)
_GROUPS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
# a photo caption's label: a credit in square brackets or a run of spaces before the caption's
# keyword ("Picturedesk[XYZ]   Lunch:"), laid out by the page, never a speaker
_CAPTION_LABEL = re.compile(r"[\[\]]|\S\s{2,}\S")
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


def colon_attributions(doc: Doc, text: str | None = None) -> list[ColonHit]:
    """Lines that begin with a short name (or a quote mark and a name) and a colon."""
    text = doc.text if text is None else text
    starts: list[int] | None = None  # token offsets, only built when a line qualifies
    out: list[ColonHit] = []
    has_ents: bool | None = None  # Doc.has_annotation scans every token: ask once, lazily
    pos = 0
    short: list[ColonHit] = []  # turns of one or two words: kept only in a transcript
    datelines: list[ColonHit] = []  # "BEIRUT:" / "GAZA CITY, Dec 3:" lines: kept only in a transcript
    first = len(text) - len(text.lstrip())  # where the article's own first line (its title) starts
    for line in text.split("\n"):
        line_start, pos = pos, pos + len(line) + 1
        colon = line.find(":", 0, 45)
        if colon <= 0:
            colon = line.find(":", 0, 110)  # real labels run long: "DR. ..., DIRECTOR, NATIONAL INSTITUTE OF ...:"
            if colon <= 0 or _role_after_name(line[:colon].strip().lstrip(_MARKS)) is None:
                continue  # past 45 characters only "NAME, ROLE:" ("DANA BASH, (CNN) CHIEF ... CORRESPONDENT:")
        # a transcript may itself be quoted paragraph by paragraph: '"PENCE: Well, ...'
        label = line[:colon].strip().lstrip(_MARKS)
        if _CAPTION_LABEL.search(label):
            continue  # "Picturedesk[XYZ]   Lunch:": a photo credit and a caption's keyword, no speaker
        # "JAKE TAPPER, CNN HOST:": the name before the comma speaks; the role after it is no name
        role_cut = _role_after_name(label)
        named = label[:role_cut] if role_cut is not None else label
        prefix = _without_turn_tag(named)
        tagged = prefix != named or role_cut is not None  # "Sen. Bernie Sanders (I-VT):" is a turn as "SEN. SHERROD BROWN (D-OH):" is
        words = prefix.split()
        rest = line[colon + 1 :]
        few = len(rest.split()) < 3
        if not 1 <= len(words) <= 6 or prefix.lower() in _NOT_SPEAKER or few and not (_turn_name(prefix) and rest.strip()):
            continue
        if words[0].lower().strip("'\u2019") in _NOT_SPEAKER:
            continue
        if line_start > first and not _turn_name(prefix) and not tagged and _link_headline(rest):
            continue  # "Terror News: Official Reveals Ban on Video Site" inside the body: a link
        # a pundit line names the person after a lower-case role ("Fox News analyst Brit Hume:"):
        # the speaker is the name after the role, not the outlet before it
        roles = [k for k, w in enumerate(words) if not w[:1].isupper()]
        addressed = _addressee_at(words)
        if addressed is not None:
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
        transcript = _turn_name(prefix) or tagged
        if has_ents is None:
            has_ents = annotated(doc, "ENT_IOB")
        if not transcript and has_ents:
            toks = doc[max(0, bisect.bisect_right(starts, p0) - 1) : ti]
            if not any(_names_someone(t, alone=len(toks) == 1) for t in toks):
                continue
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
        hit = ColonHit((a, b), (c, c + 1), (p0, p0 + len(prefix)), "direct" if transcript else "indirect", ti, quoted)
        if not tagged and colon_dateline(doc[max(0, bisect.bisect_right(starts, p0) - 1)]):
            datelines.append(hit)  # "BEIRUT: ... minister said that ...": a dateline, unless turns follow
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
    qa = _question_and_answer_turns(doc, text)
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


def _question_and_answer_turns(doc: Doc, text: str) -> list[ColonHit]:
    """An interview printed as questions and answers ('Q: Will you run again? A: No, I will not.',
    "Q. ... A. ...", "QUESTION: ... ANSWER: ..."), each turn on its own line or the answer after
    the question's mark on the same line: every turn a direct quote, its cue the label's colon or
    full stop. The answer's speaker is the person the article names after "interview with" before
    the first turn (the nearest such phrase, a PERSON entity starting within 40 characters), else
    its label ("A"), as PolNeAR's gold has it; a question's speaker is its label ("Q": the
    interviewer is seldom named on the line). Kept only
    when the text has both a question and an answer label, so a lone "A." initial or "A: ..." line
    is no turn. Empty when there is none."""
    if "Q" not in text and "uestion" not in text and "UESTION" not in text:
        return []
    labels = [
        m for m in _QA_LABEL.finditer(text)
        if not (m.group("mark") == "." and len(m.group("who")) > 1) and _turn_starts_at(text, m.start())
    ]
    kinds = [m.group("who")[0].upper() for m in labels]
    if "Q" not in kinds or "A" not in kinds:
        return []
    out: list[ColonHit] = []
    starts: list[int] | None = None
    interviewee = _interviewee(doc, text, labels[0].start())
    for k, m in enumerate(labels):
        a = m.end()
        nl = text.find("\n", a)
        b = min(labels[k + 1].start() if k + 1 < len(labels) else len(text), nl if nl >= 0 else len(text))
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
    r"(?:,\s*(?:\([^()\n]{1,24}\)\s*)?[\"\u201c]?[A-Z][A-Z.&'\u2019\- ]*[\"\u201d]?(?:\([^()\n]{1,24}\))?\s*)+$"
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
