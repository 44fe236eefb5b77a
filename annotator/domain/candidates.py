"""Who or what a relation may link to: candidates for the speaker, cue or claimant picker.

Pure functions over one article's text, spans and relations (offsets in code points, half-open,
as everywhere). The window's picker (``S`` / ``U`` keys) shows :func:`rank_candidates`, narrowed
by :func:`filter_candidates` as the analyst types.

**Ranking** (attribution order in news English: "X said [content]", "[content], X said",
"[content], said X" — the source sits next to the cue, outside the content):

1. named mentions first (PERSON, ORG, NORP, GPE and SPEAKER spans), then other spans the
   relation allows, then (for a CUE only) verbs of saying found in the text that no span marks yet;
2. outside the head span before inside it (a name inside a quote is someone spoken *about*);
3. the name in the quote's own frame (:func:`in_frame`) before every other: right after a piece
   ('"A," Flynn, a senior adviser, said' — not the "Trump" of "a Trump adviser", nearer the cue),
   right before one with a verb of saying or a colon ('Flynn said: "A"'), or, when a cue is
   linked, its subject (an apposition between commas allowed) or the name right after it
   ('said Flynn'); every piece of a quote in pieces counts as the head (usertest16 H5a);
4. in the head's paragraph before other paragraphs, in its sentence before other sentences;
5. nearest first, by the gap in characters to the nearest piece of the head or its linked cue;
6. how often the name is mentioned (more first) — a tie-breaker only, then a SPEAKER span before
   an entity at the same distance (the pipeline's speaker is the mention the attribution rests on).

Mentions of one name (case- and accent-folded; a person's last name with the one full name of
the article that ends in it) are grouped into one :class:`Candidate` ("Michael Flynn ×3", shown
by its longest spelling) that links to its nearest mention, or to the mention linked now. Every span the relation
allows is a candidate, however far (a claim at the end of an article can reach the outlet named
in its first line).

Measured with ``benchmarks/linking_polnear.py`` on the first 20 PolNeAR dev articles (464 gold
attributions; the 394 whose source a machine suggestion covers): the gold source is the first
candidate for 87.5% (92.5% once the quote's cue is linked; 87.3% / 92.3% before the frame rule
of fixut18b), the second for 8.2%, among the first nine for 100% — so S then Enter or a digit, 2
keys, links it. Ordering by character distance alone puts it first for 27.2%.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterable, Sequence

from annotator.domain.attributions import piece_groups
from annotator.domain.model import Relation, Span, Status
from annotator.domain.schema import LabelSchema, RelationType
from annotator.domain.tokens import token_spans

NAMED_LABELS: frozenset[str] = frozenset({"PERSON", "ORG", "NORP", "GPE", "SPEAKER"})
# Labels whose short name ("Lavrov") is grouped with the full name ("Sergei Lavrov") it ends.
_PERSON_LABELS: frozenset[str] = frozenset({"PERSON", "SPEAKER"})

# Relation to pick for each head label with the S (speaker / claimant) and U (cue) keys.
SPEAKER_RELATIONS: dict[str, str] = {"QUOTE": "SPEAKER", "CLAIM": "CLAIMANT"}
CUE_RELATIONS: dict[str, str] = {"QUOTE": "CUE"}

# Surface forms of verbs of saying, for CUE candidates where no CUE span exists (parser-free:
# the picker must answer at once). Kept here rather than imported from ``annotator.nlp`` so the
# domain layer does not depend on the NLP package; the list follows ``nlp.quotes_lexicon.CUE_FORMS``.
SAYING_FORMS: frozenset[str] = frozenset(
    """said says say saying told tells telling added adds stressed recalled warned warns argued
    argues insisted insists announced announces denied denies claimed claims stated states
    declared explained noted notes mentioned wrote writes tweeted posted replied responded
    answered asked asks acknowledged admitted confirmed conceded asserted contended maintained
    suggested predicted promised pledged vowed threatened urged demanded alleged complained
    commented emphasized emphasised reiterated repeated remarked observed testified concluded
    quipped joked retorted countered cautioned agreed reported reports believes believed
    thinks thought according""".split()
)
# How far from the head span (characters) verbs of saying are looked for.
CUE_WINDOW = 400

_WORD = re.compile(r"\w+")
# A sentence ends between two places: . ! ? then white space (". Ryabkov"; not '.” Flynn', where
# the quote's own closing mark follows and the attribution goes on).
_SENTENCE_END = re.compile(r"[.!?]\s")


def fold(text: str) -> str:
    """``text`` case-folded with accents removed (NFKD, combining marks dropped): "Ségolène" → "segolene"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _words(name: str) -> list[str]:
    return _WORD.findall(fold(name))


def matches(query: str, name: str) -> bool:
    """Whether a typed ``query`` picks ``name``: every typed word is the prefix of some word of the
    name ("fly", "mich fl"), or the query is a prefix of the name's initials ("mf" → "Michael
    Flynn"); case- and accent-insensitive. An empty query matches everything."""
    typed = _words(query)
    if not typed:
        return True
    words = _words(name)
    if all(any(w.startswith(t) for w in words) for t in typed):
        return True
    if len(typed) == 1 and len(typed[0]) >= 2:
        return "".join(w[0] for w in words).startswith(typed[0])
    return False


@dataclasses.dataclass(frozen=True, slots=True)
class Candidate:
    """One row of the picker.

    ``span_id`` is the span the link goes to ("" for a word no span marks yet: choosing it makes
    a span ``label`` at ``[start, end)`` first). ``mention_ids`` are all the spans grouped under
    ``name`` (nearest first); ``current``: one of them is linked now. ``distance`` in characters
    from the anchor (the head's cue, else the head)."""

    name: str
    span_id: str
    start: int
    end: int
    label: str
    distance: int
    named: bool
    inside: bool = False
    current: bool = False
    mention_ids: tuple[str, ...] = ()
    status: Status = Status.ACCEPTED

    @property
    def count(self) -> int:
        return max(1, len(self.mention_ids))

    @property
    def display(self) -> str:
        """"Flynn ×3 · PERSON", with "✓ " before the current link."""
        times = f" ×{self.count}" if self.count > 1 else ""
        mark = "✓ " if self.current else ""
        return f"{mark}{self.name}{times} · {self.label}{'' if self.span_id else ' (new)'}"


def gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Characters between two half-open ranges (0 when they touch or overlap)."""
    return max(0, max(a[0], b[0]) - min(a[1], b[1]))


def relation_type(schema: LabelSchema, name: str) -> RelationType | None:
    return next((r for r in schema.relations if r.name == name), None)


def linked(relations: Iterable[Relation], head_id: str, label: str) -> list[Relation]:
    """The head's links of this label that are not rejected (what the picker marks current)."""
    return [r for r in relations if r.head == head_id and r.label == label and r.status != Status.REJECTED]


def _anchor(head: Span, spans: dict[str, Span], relations: Sequence[Relation]) -> tuple[int, int]:
    cues = [spans[r.child] for r in linked(relations, head.id, "CUE") if r.child in spans]
    if cues:
        cue = min(cues, key=lambda s: (s.start, s.end))
        return (cue.start, cue.end)
    return (head.start, head.end)


# What may stand between a quote and the name of its own frame: closing/opening quotation marks,
# commas, colons, dashes and white space, and at most one verb of saying ('"A," Flynn said',
# '"A," said Flynn', 'Flynn said: "A"', 'Flynn said that A').
_FRAME_GLUE = re.compile(r"[\s\"'\u201c\u201d\u2018\u2019\u00ab\u00bb,:;\u2013\u2014\u2015.?!-]*")

_JOINERS = ",:\u2013\u2014\u2015"

# Between a name and the cue it is the subject of: an apposition between commas and one adverb
# ("Flynn, a senior adviser, said"; "Jones, the mayor, later said"; "Ruiz said").
_CUE_SUBJECT = re.compile(r"(?:\s*,[^,.;:\"\u201c\u201d]{1,80},)?\s*(?:\w+ly\s+|later\s+|also\s+|then\s+|again\s+|once\s+)?")


def _glue_only(between: str, *, verb: bool) -> bool:
    words = _WORD.findall(between)
    if not words:
        return _FRAME_GLUE.fullmatch(between) is not None
    if not verb or len(words) > 2 or words[0].casefold() not in SAYING_FORMS:
        return False
    if len(words) == 2 and words[1].casefold() != "that":
        return False
    return all(_FRAME_GLUE.fullmatch(part) is not None for part in _WORD.split(between))


def in_frame(text: str, mention: tuple[int, int], pieces: Sequence[tuple[int, int]],
             cue: tuple[int, int] | None = None) -> bool:
    """Whether ``mention`` is the name in the attribution frame of a quote made of ``pieces``: it
    follows a piece with only punctuation (and one verb of saying) between ('"A," Flynn, a senior
    adviser, said' — Flynn, not the "Trump" of "a Trump adviser"; '"A," said Flynn'), or precedes
    one so ('Flynn said: "A"'), or touches the quote's linked ``cue`` ('Flynn said', 'said
    Flynn')."""
    start, end = mention
    if cue is not None:  # the linked cue says which frame is the quote's: its subject or object
        c_lo, c_hi = cue
        if start >= c_hi:
            return _glue_only(text[c_hi:start], verb=False) and "." not in text[c_hi:start]
        return end <= c_lo and _CUE_SUBJECT.fullmatch(text[end:c_lo]) is not None
    for lo, hi in pieces:
        if start >= hi and _glue_only(text[hi:start], verb=True):
            joint = text[max(lo, hi - 2):start]  # with the piece's own last marks ('A,” Flynn')
            # not across a sentence end ('… “true.”  Trump made …'), and a comma, dash, colon or
            # verb of saying joins them ('"A" Flynn' alone is two things side by side)
            if "." not in joint and (_WORD.search(joint) or any(c in joint for c in _JOINERS)):
                return True
        if end <= lo and _glue_only(text[end:lo], verb=True) and "." not in text[end:lo]:
            # 'Flynn said: "A"', 'Flynn: "A"' — not the name closing the previous quote
            # ('"B." ― Ana Ruiz "A"')
            if _WORD.search(text[end:lo]) or ":" in text[end:lo]:
                return True
    return False


def rank_candidates(
    text: str,
    spans: Iterable[Span],
    relations: Iterable[Relation],
    head: Span,
    relation: RelationType,
) -> list[Candidate]:
    """The picker's rows for linking ``head`` by ``relation``, best first (module doc).

    ``spans``/``relations``: the article's records (rejected spans are never candidates; the head
    itself neither). For a CUE relation, words of saying within :data:`CUE_WINDOW` characters of
    the head that no CUE span covers come after the CUE spans, as new-span rows (``span_id`` "").
    """
    from annotator.domain.picker_names import offered  # it imports this module's ``fold``

    by_id = {s.id: s for s in spans}
    rels = list(relations)
    current = {r.child for r in linked(rels, head.id, relation.name)}
    # no pronoun "entity", number-only or one-letter name, name the analyst rejected, or pending
    # headline-only suggestion (usertest16 LOW-1); a pronoun SPEAKER span and the current link stay
    offer = {s.id for s in offered(text, by_id.values(), keep_pronoun_speakers=True, keep=current)}
    anchor = _anchor(head, by_id, rels) if relation.name != "CUE" else (head.start, head.end)
    # the head's attribution: every piece of a quote in pieces ("A," Flynn said. "B.") counts as the head
    group = piece_groups(by_id, rels).get(head.id, (head.id,))
    pieces = [(by_id[i].start, by_id[i].end) for i in group if i in by_id] or [(head.start, head.end)]
    cue = anchor if anchor != (head.start, head.end) else None
    allowed = set(relation.child)
    rows: list[tuple[tuple[object, ...], Span]] = []
    for span in by_id.values():
        if span.id == head.id or span.label not in allowed or span.status == Status.REJECTED or span.id not in offer:
            continue
        where = (span.start, span.end)
        inside = any(lo <= span.start and span.end <= hi for lo, hi in pieces)
        named = span.label in NAMED_LABELS
        betweens = [text[min(span.end, hi):max(span.start, lo)] for lo, hi in pieces]
        elsewhere = all("\n" in b for b in betweens)  # another paragraph than every piece
        other_sentence = all(_SENTENCE_END.search(b) is not None for b in betweens)
        framed = named and in_frame(text, where, pieces, cue)
        distance = min([gap(where, p) for p in pieces] + ([gap(where, cue)] if cue else []))
        key = (not named, inside, not framed, elsewhere, other_sentence, distance, span.label != "SPEAKER", span.start, span.id)
        rows.append((key, span))
    rows.sort(key=lambda row: row[0])

    names = {row[1].id: fold(" ".join(_words(row[1].text_in(text)))) or row[1].id for row in rows}
    people = {names[s.id] for _, s in rows if s.label in _PERSON_LABELS}
    fuller = {}
    for name in people:  # "Lavrov" is "Sergei Lavrov" when the article names one Lavrov in full
        longer = [other for other in people if other.endswith(" " + name)]
        if len(longer) == 1:
            fuller[name] = longer[0]
    groups: dict[str, list[tuple[tuple[object, ...], Span]]] = {}
    for row in rows:
        name = names[row[1].id]
        groups.setdefault(fuller.get(name, name) if row[1].label in _PERSON_LABELS else name, []).append(row)
    out: list[tuple[tuple[object, ...], Candidate]] = []
    for members in groups.values():
        key, rep = next(((k, s) for k, s in members if s.id in current), members[0])
        best_key = members[0][0]
        shown = max((" ".join(s.text_in(text).split()) for _, s in members), key=len)
        # how often the name is mentioned breaks ties only (after frame, sentence and distance)
        order = (*best_key[:6], -len(members), *best_key[6:])
        out.append((order, Candidate(
            name=shown, span_id=rep.id, start=rep.start, end=rep.end, label=rep.label,
            distance=int(key[5]), named=not key[0], inside=bool(key[1]),  # type: ignore[call-overload]
            current=any(s.id in current for _, s in members), mention_ids=tuple(s.id for _, s in members),
            status=rep.status,
        )))
    out.sort(key=lambda row: row[0])
    result = [c for _, c in out]
    if relation.name == "CUE":
        result += saying_words(text, head, by_id.values(), label=relation.child[0] if relation.child else "CUE")
    return result


def _sentence_initial(text: str, start: int) -> bool:
    """Whether ``start`` begins a sentence or a line (only spaces and opening quotes before it
    since a line break or a sentence end)."""
    before = text[max(0, start - 40):start].rstrip(" \t\u00a0\"\u201c\u2018'(")
    return not before or before[-1] in ".!?:\n\r\u2028\u2029"


def saying_words(text: str, head: Span, spans: Iterable[Span], *, label: str = "CUE") -> list[Candidate]:
    """Verbs of saying (and "according to") within :data:`CUE_WINDOW` characters of ``head`` that
    no ``label`` span covers, as new-span candidates: outside the head first, then in its paragraph,
    then in its sentence, then nearest first."""
    lo, hi = max(0, head.start - CUE_WINDOW), min(len(text), head.end + CUE_WINDOW)
    marked = [(s.start, s.end) for s in spans if s.label == label and s.status != Status.REJECTED]
    found: list[tuple[tuple[bool, bool, bool, int, int], Candidate]] = []
    tokens = [(lo + s, lo + e) for s, e in token_spans(text[lo:hi])]
    for i, (start, end) in enumerate(tokens):
        word = text[start:end].casefold()
        if word not in SAYING_FORMS:
            continue
        if text[start].isupper() and not _sentence_initial(text, start):
            continue  # "the United States", "Says Law": part of a name, not a verb of saying
        if word == "according":
            if i + 1 >= len(tokens) or text[tokens[i + 1][0]:tokens[i + 1][1]].casefold() != "to":
                continue
            end = tokens[i + 1][1]
        if any(s < end and start < e for s, e in marked):
            continue
        inside = head.start <= start and end <= head.end
        distance = gap((start, end), (head.start, head.end))
        between = text[min(end, head.end):max(start, head.start)]
        away = ("\n" in between, _SENTENCE_END.search(between) is not None)
        found.append(((inside, *away, distance, start), Candidate(
            name=text[start:end], span_id="", start=start, end=end, label=label, distance=distance,
            named=False, inside=inside, status=Status.ACCEPTED)))
    found.sort(key=lambda row: row[0])
    return [c for _, c in found]


def filter_candidates(candidates: Sequence[Candidate], query: str) -> list[Candidate]:
    """The candidates whose name :func:`matches` ``query``, in their ranked order."""
    return [c for c in candidates if matches(query, c.name)]


def adjacent(text: str, quote: Span, span: Span, spans: Iterable[Span]) -> bool:
    """Whether a SPEAKER or CUE ``span`` just drawn belongs to ``quote``: it lies outside the quote
    (it may touch it), in the same paragraph (no line break between them), and no other quote
    (a QUOTE span not rejected) lies between the two."""
    if quote.start <= span.start and span.end <= quote.end:
        return False
    lo, hi = min(quote.end, span.end), max(quote.start, span.start)
    if lo < hi and "\n" in text[lo:hi]:
        return False
    for other in spans:
        if other.id in (quote.id, span.id) or other.label != quote.label or other.status == Status.REJECTED:
            continue
        if lo <= other.start and other.end <= hi:
            return False
    return True


def named_people(text: str, spans: Iterable[Span], *, labels: Iterable[str] = ("PERSON",)) -> list[str]:
    """The article's named people (names of ``labels`` spans not rejected), one per folded name,
    the longest spelling first within a name and names in order of first mention: what a
    quote's ``speaker_ref`` ("he" refers to …) may be picked from."""
    wanted = set(labels)
    names: dict[str, str] = {}
    for span in sorted(spans, key=lambda s: (s.start, s.end)):
        if span.label not in wanted or span.status == Status.REJECTED:
            continue
        name = " ".join(span.text_in(text).split())
        key = fold(name)
        if key and (key not in names or len(name) > len(names[key])):
            names[key] = name
    # "Flynn" is the same person as "Michael Flynn" when that name is in the article
    full = list(names.values())
    return [n for n in full if not any(n != m and fold(m).endswith(" " + fold(n)) for m in full)]


def speaker_ref_choices(text: str, spans: Iterable[Span], relations: Iterable[Relation], head: Span) -> list[str]:
    """:func:`named_people` in the order Shift+S offers them for ``head``'s ``speaker_ref``: a
    person named inside the quote's SPEAKER span first ("Russian Foreign Minister Sergey Lavrov"
    → "Sergey Lavrov", ahead of an NER slip like "Sputnik"), then people with an accepted mention,
    then pending ones, each in order of first mention. Only the mentions
    :func:`annotator.domain.picker_names.offered` keeps count (no "He" PERSON, no name the analyst
    rejected, no pending headline-only name)."""
    from annotator.domain.picker_names import name_key, offered  # it imports this module's ``fold``

    every = list(spans)
    spans = [s for s in every if s.status != Status.REJECTED]
    by_id = {s.id: s for s in spans}
    speaker_text = " ".join(
        fold(by_id[r.child].text_in(text)) for r in relations
        if r.head == head.id and r.label == "SPEAKER" and r.status != Status.REJECTED and r.child in by_id
    )
    shown = offered(text, every)  # no pronoun, one-letter, rejected-elsewhere or headline-only pending name
    people = named_people(text, shown)
    accepted = {name_key(s.text_in(text)) for s in shown if s.status == Status.ACCEPTED and s.label == "PERSON"}

    def named_in_speaker(name: str) -> bool:
        return bool(speaker_text) and re.search(rf"(?<!\w){re.escape(fold(name))}(?!\w)", speaker_text) is not None

    def pending(name: str) -> bool:  # no accepted mention of the name (or of its last name)
        key = name_key(name)
        return not any(a == key or key.endswith(" " + a) for a in accepted)

    # stable: the rest by first mention
    return sorted(people, key=lambda name: (not named_in_speaker(name), pending(name)))


_NOT_NAMES = frozenset("he she they i we you it his her their the a an this that these those".split())
_DETERMINERS = frozenset("the a an this that these those".split())
# Capitalised titles that describe rather than name ("Foreign Minister", "President").
_TITLES = frozenset(
    """minister president secretary spokesman spokeswoman spokesperson senator governor mayor chancellor
    prime foreign defense defence finance interior justice chief general director ambassador official
    representative leader chairman chairwoman chair deputy vice premier king queen prince judge
    attorney commissioner commander officer sheriff pope""".split()
)


def is_pronoun(text: str) -> bool:
    """Whether a speaker's text names nobody — a pronoun ("He"), a description ("the minister",
    "the Russian president") or a bare title ("Foreign Minister") — so its quote needs a
    ``speaker_ref``: it starts with a determiner and ends in a lower-case word, or none of its
    words but pronouns, determiners and titles starts with a capital letter."""
    words = _WORD.findall(text)
    if not words:
        return False
    if words[0].casefold() in _DETERMINERS and not words[-1][:1].isupper():
        return True
    return not any(w[:1].isupper() and w.casefold() not in _NOT_NAMES and w.casefold() not in _TITLES for w in words)


__all__ = [
    "CUE_RELATIONS", "Candidate", "NAMED_LABELS", "SPEAKER_RELATIONS", "adjacent", "filter_candidates", "fold", "gap",
    "in_frame", "is_pronoun", "linked", "matches", "named_people", "rank_candidates", "relation_type", "saying_words",
]
