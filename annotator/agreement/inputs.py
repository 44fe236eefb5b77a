"""Plain inputs of the agreement measures: what each analyst decided in each article.

Shapes (all offsets Python code points, half-open ``[start, end)`` into the article's text):

* :class:`SpanUnit` ``(start, end, label, layer)`` — one labelled span; ``layer`` is the label's
  layer in the schema (``"entity"``, ``"quote"``, ``"speaker"``, ``"cue"``, ``"claim"``,
  ``"other"``; :meth:`annotator.domain.schema.LabelSchema.layer_of`), ``""`` when unknown.
  Spans are compared only within one *comparison layer* (:func:`comparison_layer`).
* :class:`LinkUnit` ``(label, head, child)`` — a relation of type ``label`` (``"SPEAKER"``,
  ``"CUE"`` …) from the head span's range (the QUOTE) to the child span's range (its speaker), or
  ``child=None`` for a head span the analyst left without a link of that type (a quote with no
  speaker), so that "no speaker" is a decision that can agree or disagree.
* :class:`StanceUnit` ``(holder, target, polarity, evidence)`` — ``evidence`` is the range of the
  QUOTE/CLAIM the stance rests on, ``None`` for an article-level stance.
* :class:`ArticleLayer` — one analyst's layer of one article: the article's ``length`` (code
  points), ``title`` (for the report) and the three tuples above.
* :data:`Team` — ``{analyst: {article key: ArticleLayer}}``; the article key is the text hash (or
  any id the articles share across analysts). An article counts for a pair (or for all analysts)
  only when each of them has a layer for it: an analyst who has no layer for an article did not
  annotate it, which is not the same as finding nothing in it (an empty layer).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

Range = tuple[int, int]


class SpanUnit(NamedTuple):
    """A labelled range ``[start, end)`` and the schema layer of its label (``""``: unknown)."""

    start: int
    end: int
    label: str
    layer: str = ""


#: The schema layers of an attribution's parts (content, source, cue): one comparison layer, since
#: one analyst's QUOTE where another marked a SPEAKER is a disagreement about the same attribution
#: (PolNeAR's univocal tags: a token is source, cue, content or none).
ATTRIBUTION_LAYERS = frozenset({"quote", "speaker", "cue"})
ATTRIBUTION = "attribution"


def comparison_layer(layer: str) -> str:
    """The comparison layer of a schema layer: ``"attribution"`` for quote, speaker and cue; the
    layer itself otherwise (``"entity"``, ``"claim"``, ``"other"``, ``""``).

    Agreement units, κ, α and the confusion table compare labels within one comparison layer only:
    ana's PERSON and ben's SPEAKER on the same characters are two annotations of different layers
    (a name, and the source of an attribution), not a label disagreement.
    """
    return ATTRIBUTION if layer in ATTRIBUTION_LAYERS else layer


class LinkUnit(NamedTuple):
    """A relation ``label`` from ``head`` (range) to ``child`` (range, or None: no link made)."""

    label: str
    head: Range
    child: Range | None


class StanceUnit(NamedTuple):
    """A stance: ``holder`` (name), ``target``, ``polarity``, ``evidence`` range or None (article level)."""

    holder: str
    target: str
    polarity: str
    evidence: Range | None


@dataclass(frozen=True)
class ArticleLayer:
    """One analyst's annotations of one article (see the module docstring for the shapes)."""

    length: int
    spans: tuple[SpanUnit, ...] = ()
    links: tuple[LinkUnit, ...] = ()
    stances: tuple[StanceUnit, ...] = ()
    title: str = field(default="", compare=False)


Team = Mapping[str, Mapping[str, ArticleLayer]]


def shared_articles(team: Team, analysts: Sequence[str]) -> list[str]:
    """The article keys every one of ``analysts`` has a layer for, sorted.

    Raises ``KeyError`` for an analyst not in ``team``.
    """
    if not analysts:
        return []
    keys = set(team[analysts[0]])
    for name in analysts[1:]:
        keys &= set(team[name])
    return sorted(keys)


def restricted(team: Team, *, labels: Sequence[str] | None = None, analysts: Sequence[str] | None = None) -> dict[str, dict[str, ArticleLayer]]:
    """``team`` keeping only ``analysts`` (all when None) and spans whose label is in ``labels``
    (all when None). Links and stances are kept as they are: they are measured on their own.

    Raises ``KeyError`` naming an analyst not in ``team``.
    """
    names = list(team) if analysts is None else list(analysts)
    for name in names:
        if name not in team:
            raise KeyError(name)
    wanted = None if labels is None else set(labels)
    out: dict[str, dict[str, ArticleLayer]] = {}
    for name in names:
        out[name] = {}
        for key, layer in team[name].items():
            spans = layer.spans if wanted is None else tuple(s for s in layer.spans if s.label in wanted)
            out[name][key] = ArticleLayer(layer.length, spans, layer.links, layer.stances, layer.title)
    return out
