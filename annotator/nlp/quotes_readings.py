"""One quote, one reading: no second attribution over words another one already holds.

Issue 10 ("kinds that are bugs rather than limits"): the same words must not come out as both a
direct and an indirect QUOTE, and a quote nested inside another is its own attribution only when
it has its own speaker and cue. Works on the grouped attributions of :func:`quotes._group` (the
parts of one interrupted quote share ``group``): pure, one pass over the groups sorted by start.

* Two readings sharing at least :data:`_SAME` of the longer one's characters are one quote: the
  direct reading (quote marks are the surest evidence) wins, then the one with a cue and a
  speaker, then the longer; the winner takes the loser's cue and speaker if it has none.
* A group lying wholly inside another group's extent (a couple of characters of slack for a
  closing mark) without its own speaker and cue is dropped: it is part of the outer quote's
  content ("... he was invited to brief the board ...").

Nested attributions that do have their own speaker and cue stay (PolNeAR annotates them: "Merrill
says Machado promised ... and said she would ..."); dropping a direct quote nested in reported
speech whenever their cues or speakers met lost gold direct quotes on dev and train, so it is not
done.

* A report inside the content of an "according to" reading ("Officials said the plan would cost
  $4 billion, according to a draft": *said* inside what the draft reports) stays, marked
  ``nested``: it is an attribution with its own speaker and cue, but PolNeAR annotates the
  sourced claim as one attribution (the "according to" one, the frame inside its content) and
  not the report within it, so :func:`quotes_polnear.polnear_scheme` leaves it out as it leaves
  out a quote inside a quote. A direct quotation whose own frame follows it inside the source's
  content ('"...," the judge said, according to the paper') is kept and marked nested too
  (:func:`_said_inside_source`, rules18b: PolNeAR annotates the paper's attribution, frame
  included, 6 times of 6 on its two splits); one the source's content does not wholly hold stays
  unmarked. Read on both slices
  (docs/attribution-rounds.md, twelfth round): of 22 such inner reports, 3 were gold attributions, none with the right speaker.
"""

from __future__ import annotations

from annotator.nlp.quotes_doc import Attr
from annotator.nlp.quotes_types import Range

_SLACK = 2  # characters: a closing mark or comma just past the outer content
# share of the longer reading's characters two readings hold in common to be "the same words";
# 0.6 on PolNeAR dev and a 100-article train slice (0.8 gains less, 0.5 starts losing nested gold)
_SAME = 0.6


def _inside(inner: Range, outer: Range) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1] + _SLACK


def _length(parts: list[Attr]) -> int:
    return sum(a.content[1] - a.content[0] for a in parts)


def _shared(x: list[Attr], y: list[Attr]) -> int:
    return sum(max(0, min(a.content[1], b.content[1]) - max(a.content[0], b.content[0])) for a in x for b in y)


def _attributed(parts: list[Attr]) -> bool:
    return parts[0].speaker is not None and parts[0].cue is not None


def _rank(parts: list[Attr]) -> tuple[bool, bool, int]:
    return parts[0].kind == "direct", _attributed(parts), _length(parts)


def _reports(outer: list[Attr], inner: list[Attr], sources: frozenset[int]) -> bool:
    """Whether ``outer`` is a source reading (a group of ``sources``: "according to X") whose
    content holds ``inner``'s cue: a report of a report ("Officials said the plan would cost $4
    billion, according to a draft": the draft gives the officials' saying), two attributions
    (PolNeAR annotates both), not two readings of the same words."""
    cue = inner[0].cue
    if cue is None or outer[0].group not in sources or inner[0].kind == "direct":
        # a quotation in marks keeps its one reading (direct wins, as for any two readings):
        # keeping the source's over it too added a second, direct-looking QUOTE
        return False
    return any(x.content[0] <= cue[0] and cue[1] <= x.content[1] for x in outer)


def _said_inside_source(outer: list[Attr], inner: list[Attr], sources: frozenset[int]) -> bool:
    """Whether ``inner`` is a direct quote whose own frame lies inside the content of the source
    reading ``outer`` ('"I never said that," *he said*, according to a spokesman'): the quote is
    his (the words in marks and his verb) and the spokesman's report of it is the source's
    content. Both stay, the quote marked ``nested``: PolNeAR annotates the source's attribution
    alone, frame included (:func:`quotes_polnear.polnear_scheme`), while an analyst reads whose
    words they are. (:func:`_reports` leaves a direct quote alone: it is not always the same
    words as the source's.)"""
    cue = inner[0].cue
    if cue is None or outer[0].group not in sources or inner[0].kind != "direct" or inner[0].speaker is None:
        return False
    # the whole quote inside the source's content: '"A. B," the judge said, according to the
    # paper' read as the paper's '"B," the judge said' leaves A the judge's alone
    return any(x.content[0] <= cue[0] and cue[1] <= x.content[1] for x in outer) and all(
        any(_inside(y.content, x.content) for x in outer) for y in inner)


def _in_turn(turn: list[Attr], inner: list[Attr], said_in_turns: frozenset[int]) -> bool:
    """Whether ``inner`` is one of ``said_in_turns`` (quotes in quotation marks that a verb of
    speech in a transcript turn's words frames: 'ADAMS: He told me "we will send troops."') and
    ``turn`` the turn around it: the turn's speaker reports someone else's words, a second
    attribution however much of the turn the quote fills."""
    return turn[0].turn and inner[0].group in said_in_turns and all(
        _inside(y.content, (turn[0].content[0], turn[-1].content[1])) for y in inner
    )


def one_reading(attrs: list[Attr], sources: frozenset[int] = frozenset(), said_in_turns: frozenset[int] = frozenset()) -> list[Attr]:
    """``attrs`` (text order, grouped) without second readings of the same words. ``sources``:
    the groups whose cue is "according to" (a source of what its content reports);
    ``said_in_turns``: the groups of quotes a verb of speech frames inside a transcript turn
    (each an attribution of its own beside the turn's)."""
    groups: dict[int, list[Attr]] = {}
    for at in attrs:
        groups.setdefault(at.group, []).append(at)
    extent = {g: (min(a.content[0] for a in parts), max(a.content[1] for a in parts)) for g, parts in groups.items()}
    order = sorted(groups, key=lambda g: (extent[g][0], -extent[g][1]))
    dropped: set[int] = set()
    for k, g in enumerate(order):
        if g in dropped:
            continue
        for o in order[k + 1 :]:
            if extent[o][0] >= extent[g][1]:
                break  # sorted by start: no later group overlaps g
            if o in dropped:
                continue
            a, b = groups[g], groups[o]
            for outer, inner in ((a, b), (b, a)):
                if _reports(outer, inner, sources) or _said_inside_source(outer, inner, sources):
                    for x in inner:
                        # a report inside a sourced claim (module docstring); '"A," he said,
                        # according to a spokesman': both readings, his nested
                        x.nested = True
            if _in_turn(a, b, said_in_turns) or _in_turn(b, a, said_in_turns):
                continue  # 'ADAMS: He told me "we will send troops."': two attributions
            if _shared(a, b) >= _SAME * max(_length(a), _length(b)) and not _reports(a, b, sources) and not _reports(b, a, sources) \
                    and not _said_inside_source(a, b, sources) and not _said_inside_source(b, a, sources):
                # the same words read twice: one reading; the quote marks' (direct) wins, and
                # takes the other's cue and speaker if it has none of its own
                win, lose = (a, b) if _rank(a) >= _rank(b) else (b, a)
                if not _attributed(win) and _attributed(lose):
                    for x in win:
                        x.cue_i, x.cue, x.speaker = lose[0].cue_i, lose[0].cue, lose[0].speaker
                dropped.add(lose[0].group)
                if lose is a:
                    break
                continue
            if not _attributed(b) and all(_inside(x.content, extent[g]) for x in b):
                dropped.add(o)  # nested inside g without its own speaker and cue
    return [a for a in attrs if a.group not in dropped]
