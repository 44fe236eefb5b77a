"""Who or what a relation may link to: candidates for the speaker, cue or claimant picker.

Pure functions over one article's text, spans and relations (offsets in code points, half-open,
as everywhere). The window's picker (``S`` / ``U`` keys) shows :func:`rank_candidates`, narrowed
by :func:`filter_candidates` as the analyst types.

**Ranking** (attribution order in news English: "X said [content]", "[content], X said",
"[content], said X" — the source sits next to the cue, outside the content):

1. named mentions first (PERSON, ORG, NORP, GPE and SPEAKER spans), then other spans the
   relation allows, then (for a CUE only) verbs of saying found in the text that no span marks yet;
2. outside the head span before inside it (a name inside a quote is someone spoken *about*), and
   in the head's paragraph before other paragraphs, in its sentence before other sentences;
3. nearest first, by the gap in characters to the head's linked cue when it has one (the source
   is the cue's subject or follows it), else to the head span itself;
4. a SPEAKER span before an entity at the same distance (the pipeline's speaker is the mention
   the attribution rests on).

Mentions of one name (case- and accent-folded; a person's last name with the one full name of
the article that ends in it) are grouped into one :class:`Candidate` ("Michael Flynn ×3", shown
by its longest spelling) that links to its nearest mention, or to the mention linked now. Every span the relation
allows is a candidate, however far (a claim at the end of an article can reach the outlet named
in its first line).

Measured with ``benchmarks/linking_polnear.py`` on the first 20 PolNeAR dev articles (464 gold
attributions; the 394 whose source a machine suggestion covers): the gold source is the first
candidate for 87.6% (92.4% once the quote's cue is linked), the second for 7.9%, among the first
nine for 100% — so S then Enter or a digit, 2 keys, links it. Ordering by character distance
alone puts it first for 27.2%.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterable, Sequence

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
    allowed = set(relation.child)
    rows: list[tuple[tuple[object, ...], Span]] = []
    for span in by_id.values():
        if span.id == head.id or span.label not in allowed or span.status == Status.REJECTED or span.id not in offer:
            continue
        inside = head.start <= span.start and span.end <= head.end
        named = span.label in NAMED_LABELS
        between = text[min(span.end, head.end):max(span.start, head.start)]
        elsewhere = "\n" in between  # another paragraph
        other_sentence = _SENTENCE_END.search(between) is not None
        key = (not named, inside, elsewhere, other_sentence, gap((span.start, span.end), anchor), span.label != "SPEAKER", span.start, span.id)
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
        out.append((best_key, Candidate(
            name=shown, span_id=rep.id, start=rep.start, end=rep.end, label=rep.label,
            distance=int(key[4]), named=not key[0], inside=bool(key[1]),  # type: ignore[call-overload]
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
    "is_pronoun", "linked", "matches", "named_people", "rank_candidates", "relation_type", "saying_words",
]
