"""Which entity mentions the name pickers may offer (usertest16 LOW-1: junk in the pickers).

The pickers that list the article's people and entities — the speaker picker ``S``
(:func:`annotator.domain.candidates.rank_candidates`), "Speaker refers to…" ``Shift+S``
(:func:`annotator.domain.candidates.speaker_ref_choices`), the stance holder and target pickers
(:mod:`annotator.domain.stance_choices`) — all ask :func:`offered` which spans are names worth
offering. Pure functions over one article's text and spans (offsets in code points, half-open).

A mention is **not** offered when

1. it is rejected (as before);
2. its text names nothing: no letter at all ("2019", "$5", "%"), a single letter ("A", "I"), a
   contraction the tokenizer split off ("n't", "'s") or text starting with punctuation ("-based"), or only
   pronouns ("He", "they", "him"; not "US") — a pronoun SPEAKER span stays a speaker of its quote (the
   ``S`` picker keeps it, ``keep_pronoun_speakers``), never a holder or a person it refers to;
3. the analyst rejected that name with that label somewhere in the article and accepted it
   nowhere: the other, still pending, mentions of a rejected "Sputnik · PERSON" are the same
   mistake;
4. it is a pending suggestion lying in a *headline-case line* (a title or sub-heading: at least
   three words, every word of four letters or more capitalised, no full stop or other sentence end
   at the end), and the same name is not
   mentioned anywhere else in the article: the pipeline reads "City Council Delays Vote" as an ORG
   "City Council Delays" because every word is capitalised. "Washington" in a headline that the
   body names again stays.

A picker shows **accepted names before pending ones** where its order is by name (holders,
targets, people), and a pending row says "suggested" (:func:`pending_mark`): choosing it accepts
that suggestion, which the stance edit then says (:func:`annotator.domain.commands.add_stance`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from annotator.domain.candidates import fold
from annotator.domain.model import Span, Status

PRONOUNS: frozenset[str] = frozenset(
    """i me my mine myself we us our ours ourselves you your yours yourself yourselves he him his himself
    she her hers herself it its itself they them their theirs themselves one someone somebody everyone
    everybody anyone anybody nobody who whom whose this that these those""".split()
)
_WORD = re.compile(r"\w+")
_LETTER = re.compile(r"[^\W\d_]")
# Leading words that do not change whom a name names ("the United States" = "United States").
_DETERMINERS = ("the ",)


def name_key(name: str) -> str:
    """The folded key names are grouped by: case, accents, white space and a leading "the" ignored."""
    key = " ".join(fold(name).split())
    for det in _DETERMINERS:
        if key.startswith(det) and len(key) > len(det):
            key = key[len(det):]
    return key


# A clitic the tokenizer split off a word ("n't", "'s", "'re"): never a name (usertest16 L8: "n't · GPE").
_CLITIC = re.compile(r"(?:n['\u2019]t|['\u2019](?:s|re|ll|ve|d|m|t))", re.IGNORECASE)


def names_nothing(name: str) -> bool:
    """Whether ``name`` names nobody: no letter, one letter only, a contraction ("n't", "'s") or
    punctuation-led piece of one, or pronouns only."""
    stripped = name.strip()
    if _CLITIC.fullmatch(stripped) or (stripped and not (stripped[0].isalnum() or stripped[0] in "\"'\u201c\u2018(")):
        return True
    letters = _LETTER.findall(name)
    if len(letters) <= 1:
        return True
    words = _WORD.findall(name)
    # "US", "IT": an upper-case word is an abbreviation, not the pronoun
    return bool(words) and all(w.casefold() in PRONOUNS and not (len(w) > 1 and w.isupper()) for w in words)


def _line(text: str, start: int, end: int) -> str:
    lo = max(text.rfind("\n", 0, start), text.rfind("\r", 0, start)) + 1
    hi_candidates = [i for i in (text.find("\n", end), text.find("\r", end)) if i >= 0]
    hi = min(hi_candidates) if hi_candidates else len(text)
    return text[lo:hi]


def headline_case(text: str, start: int, end: int) -> bool:
    """Whether ``[start, end)`` lies in a line of at least three words whose every word of four
    letters or more starts with a capital and that does not end like a sentence (a title or
    sub-heading: "Trade Talks Resume as Ministers Trade Barbs Over Tariffs")."""
    line = _line(text, start, end).strip()
    if not line or line[-1] in ".!?;,\"\u201d\u2019'":
        return False  # a sentence of names ("Michael Flynn met Sergey Kislyak in Washington.")
    words = _WORD.findall(line)
    long = [w for w in words if len(w) >= 4 and not w.isdigit()]
    return len(words) >= 3 and len(long) >= 2 and all(w[0].isupper() for w in long)


def _name(text: str, span: Span) -> str:
    """Whom a span names: its ``refers_to`` attribute when set ("she" → "Maria Okafor"), else its text."""
    ref = span.attrs.get("refers_to")
    source = ref if isinstance(ref, str) and ref.strip() else span.text_in(text)
    return " ".join(source.split())


def offered(text: str, spans: Iterable[Span], *, keep_pronoun_speakers: bool = False,
            keep: Iterable[str] = ()) -> list[Span]:
    """The spans of ``spans`` a name picker may offer (module docstring), in their given order.
    ``keep``: span ids offered whatever the rules say (the link a picker shows as current)."""
    spans = list(spans)
    kept = set(keep)
    rejected: set[tuple[str, str]] = set()
    accepted: set[tuple[str, str]] = set()
    places: dict[str, list[Span]] = {}
    for s in spans:
        key = name_key(_name(text, s))
        if s.status == Status.REJECTED:
            rejected.add((key, s.label))
        else:
            places.setdefault(key, []).append(s)
            if s.status == Status.ACCEPTED:
                accepted.add((key, s.label))
    out: list[Span] = []
    for s in spans:
        if s.id in kept:
            out.append(s)
            continue
        if s.status == Status.REJECTED:
            continue
        name = _name(text, s)
        key = name_key(name)
        if names_nothing(name) and not (keep_pronoun_speakers and s.label == "SPEAKER" and _LETTER.search(name)):
            continue
        if (key, s.label) in rejected and (key, s.label) not in accepted:
            continue
        if s.status == Status.SUGGESTED and headline_case(text, s.start, s.end) and not any(
            o.status == Status.ACCEPTED or not headline_case(text, o.start, o.end)
            for k, others in places.items() if k == key or k.endswith(" " + key) for o in others
        ):
            continue  # named only in headlines ("Brennan" counts as named when the body says "Tom Brennan")
        out.append(s)
    return out


def pending_mark(pending: bool) -> str:
    """What a picker row adds when every mention under it is a pending suggestion."""
    return " · suggested" if pending else ""


__all__ = ["PRONOUNS", "headline_case", "name_key", "names_nothing", "offered", "pending_mark"]
