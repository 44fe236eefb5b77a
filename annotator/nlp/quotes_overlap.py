"""One stretch, one reading on screen: the last pass over a document's attributions.

Issue 10 ("one quote gets one reading") and usertest16 M4: two QUOTE suggestions that share
words are, after this pass, one of

* **one quote**: a rule and a model (or lexicon) reading of the same words (at least
  :data:`quotes_readings._SAME` of the longer one's characters) are one reading, as
  :func:`quotes_readings.one_reading` makes two rule readings one: the direct one wins, then the
  one with a cue and a speaker, then the rules' (their cues and speakers are the surer: README
  "Training"), then the longer; the winner takes the loser's cue and speaker if it has none
  (a headline read by the model with a cue from the next paragraph and by the rules with its own);
* **nested**: one wholly inside the other's extent (first part's start to last part's end): the
  inner one's ``within`` is the outer one's extent, stored as the QUOTE's ``nested_in``
  attribute (:func:`quotes.add_quotes`) and shown on its row in the window ("to apologize for
  suggesting Smith takes bribes" / "Smith takes bribes"). ``within`` is display only: what the
  scorer leaves out is ``nested`` (:func:`quotes_polnear.polnear_scheme`), since PolNeAR
  annotates most inner attributions with their own speaker and cue ("Merrill says Machado
  promised … and said …");
* **crossing** (neither inside the other) is a bounds error and is resolved, in this order:
  an overhang of at most :data:`_SLACK` characters that are no letters or digits (a closing mark
  and a period, ``menu.”`` against ``menu.``) is cut from the overhanging one; a part of an
  interrupted quote lying inside the other attribution's content (the same quoted words read
  as another attribution's part) leaves that group, which keeps its other parts; a reading whose
  cue stands inside the other's content is reported by it ("she recalls [the manager being
  upset] and …"): the reporting content runs on to the reported one's end, the reported one
  nested in it; else the earlier content ends where the later one starts.

Pure: ``quotes`` (parts of one interrupted quote share ``group``), ``text`` the article text;
returns new :class:`Quote` values in the input's order, nothing else changed.
"""

from __future__ import annotations

import dataclasses

from annotator.nlp.quotes_readings import _SAME
from annotator.nlp.quotes_types import Quote, Range

_SLACK = 2  # characters: a closing mark and a period past the other reading's end
# what a content cut short at another's start loses at its end (the later one's opening mark too)
_TRIM = " \t\n,;:-\u2013\u2014\"\u201c"


def _extent(qs: list[Quote]) -> Range:
    return qs[0].content[0], qs[-1].content[1]


def _length(qs: list[Quote]) -> int:
    return sum(q.content[1] - q.content[0] for q in qs)


def _shared(a: list[Quote], b: list[Quote]) -> int:
    return sum(max(0, min(x.content[1], y.content[1]) - max(x.content[0], y.content[0])) for x in a for y in b)


def _inside(inner: Range, outer: Range) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def _nearly_inside(text: str, inner: Range, outer: Range) -> bool:
    """Inside, or over an end by :data:`_SLACK` characters that are no letters or digits (a
    closing mark and a period: ``menu.”`` of the inner direct quote against ``menu.`` of the
    outer reading). Cutting either to the other's end changed which gold attribution the scorer's
    greedy match paired them with and lost a match on the held-out slice, so they stay as read."""
    return (outer[0] <= inner[0] or _loose(text, inner[0], outer[0])) and (inner[1] <= outer[1] or _loose(text, outer[1], inner[1]))


def _attributed(qs: list[Quote]) -> bool:
    return qs[0].cue is not None and qs[0].speaker is not None


def _rank(qs: list[Quote]) -> tuple[bool, bool, bool, int]:
    return qs[0].kind == "direct", _attributed(qs), qs[0].origin == "rules", _length(qs)


def _loose(text: str, lo: int, hi: int) -> bool:
    """Whether ``text[lo:hi]`` is at most :data:`_SLACK` characters, none a letter or digit."""
    return 0 <= hi - lo <= _SLACK and not any(c.isalnum() for c in text[lo:hi])


def _clip(qs: list[Quote], lo: int, hi: int) -> list[Quote]:
    out = [dataclasses.replace(q, content=(max(q.content[0], lo), min(q.content[1], hi))) for q in qs]
    return [q for q in out if q.content[1] > q.content[0]]


def _same(a: list[Quote], b: list[Quote]) -> bool:
    # two rule readings sharing words were settled by quotes_readings.one_reading, which keeps a
    # report inside an "according to" reading and a quote inside a transcript turn: only a
    # reading of another origin is made one here; a reading marked nested is a report inside the
    # other (the merge's "outer report": the model's reading added around a rule one, 3 gold
    # matches on polnear-dev with the 4,000-step pipeline of train17): two attributions, not one
    return (a[0].origin != b[0].origin and not a[0].nested and not b[0].nested
            and _shared(a, b) >= _SAME * max(_length(a), _length(b)))


def _one(a: list[Quote], b: list[Quote]) -> tuple[list[Quote], list[Quote]]:
    """The winner of two readings of the same words (module docstring) and the loser."""
    win, lose = (a, b) if _rank(a) >= _rank(b) else (b, a)
    if not _attributed(win) and _attributed(lose):
        win = [dataclasses.replace(q, cue=lose[0].cue, speaker=lose[0].speaker, speaker_ref=lose[0].speaker_ref,
                                   speaker_pronoun=lose[0].speaker_pronoun) for q in win]
    return win, lose


def _uncross(text: str, a: list[Quote], b: list[Quote]) -> tuple[list[Quote], list[Quote]]:
    """``a`` and ``b`` (``a`` starting first) no longer crossing (module docstring)."""
    ea, eb = _extent(a), _extent(b)
    # an overhang of a closing mark and a period: cut from the overhanging one
    # a part of an interrupted quote that is the other's words: it leaves its group
    for x, y in ((b, a), (a, b)):
        if len(x) > 1:
            kept = [q for q in x if not any(_inside(q.content, p.content) for p in y)]
            if kept and len(kept) < len(x):
                return (a, kept) if x is b else (kept, b)
    # the later reading's cue inside the earlier one's content: the earlier reports it
    cue = b[0].cue
    if cue is not None and len(b) == 1 and any(_inside(cue, q.content) for q in a):
        return a[:-1] + [dataclasses.replace(a[-1], content=(a[-1].content[0], eb[1]))], b
    # last resort: the earlier content ends where the later one starts
    end = eb[0]
    while end > a[-1].content[0] and text[end - 1] in _TRIM:
        end -= 1
    return _clip(a, ea[0], end), b


_OPEN = {"\u201c": "\u201d", '"': '"', "''": "''", "``": "''"}


def _named_end(text: str, outer: list[Quote], inner: list[Quote]) -> int | None:
    """Where both readings should end when ``inner`` (one part, ending where ``outer`` does) is
    a naming ("what lawmakers called "fraud" lead Sens."): its content opens with a quotation
    right after its cue and runs past the closing mark into words that are no part of it -- the
    sentence's main clause, which the parse hung inside the reported clause, so the outer
    reading ran on into it too. The closing mark's end, or None."""
    q = inner[0]
    lo, hi = q.content
    if len(inner) != 1 or outer[-1].content[1] != hi or q.cue is None or text[q.cue[1] : lo].strip():
        return None
    mark = next((m for m in _OPEN if text.startswith(m, lo)), None)
    if mark is None:
        return None
    close = text.find(_OPEN[mark], lo + len(mark), hi)
    if close < 0:
        return None
    end = close + len(_OPEN[mark])
    rest = text[end:hi]
    if not any(c.isalpha() for c in rest) or any(m in rest for m in _OPEN):
        return None
    return end


def one_stretch(quotes: list[Quote], text: str) -> list[Quote]:
    """``quotes`` with no two attributions crossing or reading the same words twice, and every
    attribution inside another one's extent given that extent as ``within`` (module docstring).
    Linear in the number of attributions but for the overlapping pairs."""
    groups: dict[int, list[Quote]] = {}
    for q in quotes:
        groups.setdefault(q.group, []).append(q)
    parts = {g: sorted(qs, key=lambda q: q.content) for g, qs in groups.items()}
    for _ in range(3):  # a content run on to a reported one's end may meet a third: settle again
        changed = False
        order = sorted(parts, key=lambda g: (_extent(parts[g])[0], -_extent(parts[g])[1]))
        for k, g in enumerate(order):
            for o in order[k + 1 :]:
                if g not in parts or o not in parts:
                    continue
                a, b = parts[g], parts[o]
                ea, eb = _extent(a), _extent(b)
                if eb[0] >= ea[1]:
                    break  # sorted by start: no later group overlaps g (a changed start: next pass)
                if _shared(a, b) == 0:
                    continue
                if _same(a, b):
                    win, lose = _one(a, b)
                    parts[win[0].group] = win
                    del parts[lose[0].group]
                    changed = True
                elif not (_nearly_inside(text, eb, ea) or _nearly_inside(text, ea, eb)):
                    if ea[0] > eb[0] or (ea[0] == eb[0] and ea[1] > eb[1]):
                        a, b = b, a
                    na, nb = _uncross(text, a, b)
                    for qs in (na, nb):
                        if qs:
                            parts[qs[0].group] = qs
                    for old, new in ((a, na), (b, nb)):
                        if not new:
                            del parts[old[0].group]
                    changed = True
        if not changed:
            break
    order = sorted(parts, key=lambda g: (_extent(parts[g])[0], -_extent(parts[g])[1], g))
    for k, g in enumerate(order):
        for o in order[k + 1 :]:
            if _extent(parts[o])[0] >= _extent(parts[g])[1]:
                break
            end = _named_end(text, parts[g], parts[o])
            if end is not None:
                for h in (g, o):
                    parts[h] = parts[h][:-1] + [dataclasses.replace(parts[h][-1], content=(parts[h][-1].content[0], end))]
    within: dict[int, Range] = {}
    for k, g in enumerate(order):
        eg = _extent(parts[g])
        for o in order[k + 1 :]:
            eo = _extent(parts[o])
            if eo[0] >= eg[1]:
                break  # sorted by start: no later group overlaps g
            if not _shared(parts[g], parts[o]):
                continue
            if _nearly_inside(text, eo, eg):
                within[o] = eg  # the innermost outer one: a later g (starting later) overwrites
            elif _nearly_inside(text, eg, eo):
                within[g] = eo  # '"They've both been …' one mark before the other's start
    # the input's order (a part keeps its group and start through every change above)
    pos = {(q.group, q.content[0]): i for i, q in enumerate(quotes)}
    out = [dataclasses.replace(q, within=within[g]) if g in within else q for g in parts for q in parts[g]]
    return sorted(out, key=lambda q: pos.get((q.group, q.content[0]), len(pos)))
