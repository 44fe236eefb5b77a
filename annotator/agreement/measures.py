"""The agreement report of a team: every figure of docs/agreement.md from a :data:`Team`.

:func:`measure` is pure: plain inputs (:mod:`annotator.agreement.inputs`) in, an
:class:`AgreementReport` (JSON-ready dict via :meth:`AgreementReport.to_json`) out.

Which articles count:

* a **pair**'s figures use the articles both analysts have a layer for;
* **Fleiss' κ** and **α_u for all** use the articles every selected analyst has a layer for;
* **Krippendorff's α** (which allows missing values) uses every article at least two analysts
  have a layer for; an analyst without a layer for the article is *missing* in its units.

Means over pairs skip pairs whose figure is undefined (``None``), and are ``None`` when all are.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from annotator.agreement.coefficients import binary, cohen_kappa, fleiss_kappa, krippendorff_alpha
from annotator.agreement.inputs import ArticleLayer, LinkUnit, Range, SpanUnit, StanceUnit, Team, comparison_layer, shared_articles
from annotator.agreement.matching import NONE, build_units, exact_matches, overlap_matches
from annotator.agreement.unitizing import Section, UnitizingDisagreement, alpha_u, category_disagreement, segmentation

OVERALL = "overall"
T = TypeVar("T")
DISAGREEMENTS_SHOWN = 10


def _every(k: int) -> str:
    """"both" for two analysts, "all 3" for more (never "all 2")."""
    return "both" if k == 2 else f"all {k}"


def mean(values: Iterable[float | None]) -> float | None:
    """Mean of the defined values; None when there are none."""
    defined = [v for v in values if v is not None]
    return sum(defined) / len(defined) if defined else None


def f1(matches: int, first: int, second: int) -> float | None:
    """2·matches / (|A| + |B|); None when both are empty (nothing to agree on)."""
    return 2 * matches / (first + second) if first + second else None


def pair_key(a: str, b: str) -> str:
    return f"{a}|{b}"


# --- spans --------------------------------------------------------------------------------------


def span_f1(a: Sequence[Sequence[SpanUnit]], b: Sequence[Sequence[SpanUnit]], labels: Sequence[str]) -> dict[str, dict[str, float | None]]:
    """Span F1 of two analysts over articles (parallel lists of span lists), per label and overall.

    Returns ``{label or "overall": {"exact": x, "overlap": y}}``; matches and sizes are summed
    over the articles before dividing (micro average).
    """
    out = {}
    for label in [*labels, OVERALL]:
        exact = overlapping = size_a = size_b = 0
        for spans_a, spans_b in zip(a, b, strict=True):
            xa = [s for s in spans_a if label == OVERALL or s.label == label]
            xb = [s for s in spans_b if label == OVERALL or s.label == label]
            exact += exact_matches(xa, xb)
            overlapping += len(overlap_matches(xa, xb, same_label=True))
            size_a += len(xa)
            size_b += len(xb)
        out[label] = {"exact": f1(exact, size_a, size_b), "overlap": f1(overlapping, size_a, size_b)}
    return out


#: A unit of spans: (comparison layer, analyst → label or ``"none"``).
LayerUnit = tuple[str, dict[str, str]]


def span_units(layers: Mapping[str, ArticleLayer]) -> list[LayerUnit]:
    """Units of one article over the analysts of ``layers``, built within each comparison layer
    (:func:`annotator.agreement.inputs.comparison_layer`): ana's PERSON and ben's SPEAKER on the
    same characters are two units (PERSON/none and none/SPEAKER), never one unit PERSON/SPEAKER.
    Returns ``(comparison layer, {analyst: label or "none"})`` per unit, by layer then text order."""
    groups = sorted({comparison_layer(s.layer) for layer in layers.values() for s in layer.spans})
    out: list[LayerUnit] = []
    for group in groups:
        units = build_units({name: [s for s in layer.spans if comparison_layer(s.layer) == group] for name, layer in layers.items()})
        out.extend((group, {name: (unit[name].label if name in unit else NONE) for name in layers}) for unit in units)
    return out


def label_layers(team: Team) -> dict[str, set[str]]:
    """Label → the comparison layers its spans are in (one, in a project: the schema's)."""
    out: dict[str, set[str]] = {}
    for layers in team.values():
        for layer in layers.values():
            for s in layer.spans:
                out.setdefault(s.label, set()).add(comparison_layer(s.layer))
    return out


def unitizing(sections_by_label: Mapping[str, list[Section]], coders: Sequence[str]) -> dict[str, UnitizingDisagreement]:
    return {label: category_disagreement(sections, coders) for label, sections in sections_by_label.items()}


def label_sections(articles: Sequence[Mapping[str, ArticleLayer]], labels: Sequence[str]) -> dict[str, list[Section]]:
    """Per label, one :class:`Section` per article: each analyst's ranges of that label."""
    out: dict[str, list[Section]] = {label: [] for label in labels}
    for layers in articles:
        # A span past the text's end cannot be in a project file; if one were, the continuum
        # stretches to hold it rather than mis-measure it.
        length = max([layer.length for layer in layers.values()] + [s.end for layer in layers.values() for s in layer.spans])
        for label in labels:
            out[label].append(Section(length, {n: [(s.start, s.end) for s in layer.spans if s.label == label] for n, layer in layers.items()}))
    return out


def alpha_u_figures(articles: Sequence[Mapping[str, ArticleLayer]], labels: Sequence[str], coders: Sequence[str]) -> dict[str, float | None]:
    """α_u per label and overall (``None`` where undefined or there is no text)."""
    if not articles or sum(max(x.length for x in layers.values()) for layers in articles) <= 0:
        return {label: None for label in [*labels, OVERALL]}
    per = unitizing(label_sections(articles, labels), coders)
    out: dict[str, float | None] = {label: per[label].alpha for label in labels}
    out[OVERALL] = alpha_u(per)
    return out


def merged_units(articles: Sequence[Mapping[str, ArticleLayer]], labels: Sequence[str]) -> int:
    """How many of an analyst's same-label spans overlap another and are merged for α_u."""
    total = 0
    for layers in articles:
        for layer in layers.values():
            for label in labels:
                total += segmentation([(s.start, s.end) for s in layer.spans if s.label == label])[1]
    return total


def _of_label(units: Sequence[tuple[str, T]], groups: set[str]) -> list[T]:
    """The units of the comparison layers ``groups`` (a label's), without their layer."""
    return [u for g, u in units if g in groups]


def has_negatives(units: Iterable[Sequence[str | None]], label: str) -> bool:
    """Whether some unit has at least two values and none of them is ``label`` (missing values,
    ``None``, aside): a "neither said ``label``" unit.

    Units are built where an analyst marked something (unitizing), so for a label alone in its
    comparison layer (CLAIM; PolNeAR's other labels) no such unit can exist: the 2×2 table of
    label / anything else has an empty (else, else) cell, and then κ = −bc / (…) ≤ 0 whatever
    the analysts do (p_o − p_e = −bc/n² for cells a, b, c, 0) — α alike. The coefficient is
    undefined there, not low: true negatives are not countable, the case of Hripcsak &
    Rothschild (2005), "Agreement, the F-measure, and reliability in information retrieval",
    JAMIA 12(3):296–298, who show κ tends to the F-measure as the negatives grow; span F1 is the
    figure to read for such a label."""
    return any(sum(x is not None for x in u) >= 2 and all(x != label for x in u if x is not None) for u in units)


def labels_without_negatives(columns: Sequence[tuple[str, Sequence[str | None]]], layers_of: Mapping[str, set[str]],
                             labels: Sequence[str]) -> list[str]:
    """The labels with units but no "neither" unit (:func:`has_negatives`): their κ and α are
    undefined by construction, reported as ``None``."""
    out = []
    for label in labels:
        units = _of_label(columns, layers_of.get(label, set()))
        if units and not has_negatives(units, label):
            out.append(label)
    return out


def kappa_by_label(pairs: Sequence[tuple[str, tuple[str, str]]], layers_of: Mapping[str, set[str]], labels: Sequence[str]) -> dict[str, float | None]:
    """Cohen's κ per label (on the units of the label's comparison layer, recoded label / anything
    else) and ``overall`` (every unit of every layer, each label a category)."""
    out = {label: cohen_kappa([(binary(x, label), binary(y, label)) for x, y in units])  # type: ignore[misc]
           if has_negatives(units := _of_label(pairs, layers_of.get(label, set())), label) else None
           for label in labels}
    out[OVERALL] = cohen_kappa([xy for _, xy in pairs])
    return out


def fleiss_by_label(units: Sequence[tuple[str, Sequence[str]]], layers_of: Mapping[str, set[str]], labels: Sequence[str]) -> dict[str, float | None]:
    """Fleiss' κ per label (its comparison layer's units, recoded) and ``overall`` (every unit)."""
    out = {label: fleiss_kappa([[binary(x, label) for x in u] for u in mine])  # type: ignore[misc]
           if has_negatives(mine := _of_label(units, layers_of.get(label, set())), label) else None
           for label in labels}
    out[OVERALL] = fleiss_kappa([u for _, u in units])
    return out


def alpha_by_label(columns: Sequence[tuple[str, Sequence[str | None]]], layers_of: Mapping[str, set[str]], labels: Sequence[str],
                   coders: int) -> dict[str, float | None]:
    """Krippendorff's nominal α per label (its comparison layer's units, recoded; ``None`` =
    missing) and ``overall`` (every unit); ``columns`` one per unit, a value per coder."""
    out = {label: krippendorff_alpha(_rows([[binary(x, label) if x is not None else None for x in col] for col in mine], coders))
           if has_negatives(mine := _of_label(columns, layers_of.get(label, set())), label) else None
           for label in labels}
    out[OVERALL] = krippendorff_alpha(_rows([col for _, col in columns], coders))
    return out


# --- relations and stances ----------------------------------------------------------------------


def _links(layer: ArticleLayer, label: str) -> list[LinkUnit]:
    return [link for link in layer.links if link.label == label]


def link_units(layers: Mapping[str, ArticleLayer], label: str) -> list[dict[str, str]]:
    """Units of heads (matched by overlap) of relation ``label``; category = the child's unit
    (children of all analysts grouped by overlap, named ``child@start-end`` by the first), or
    ``"none"`` for a head left without a link; an analyst without the head is absent."""
    links = {n: _links(layer, label) for n, layer in layers.items()}
    heads = build_units(links, where={n: [x.head for x in v] for n, v in links.items()})
    children = {n: [x.child for x in v if x.child is not None] for n, v in links.items()}
    child_units = build_units(children)
    name_of: dict[tuple[str, Range], str] = {}
    for unit in child_units:
        first = min(unit.values())
        for n, rng in unit.items():
            name_of[(n, rng)] = f"child@{first[0]}-{first[1]}"
    return [{n: (NONE if x.child is None else name_of[(n, x.child)]) for n, x in unit.items()} for unit in heads]


def link_f1(a: Sequence[ArticleLayer], b: Sequence[ArticleLayer], label: str) -> float | None:
    """F1 of links ``label``: a link of A matches one of B when heads and children overlap (one-to-one)."""
    matched = size_a = size_b = 0
    for la, lb in zip(a, b, strict=True):
        xa = [x for x in _links(la, label) if x.child is not None]
        xb = [x for x in _links(lb, label) if x.child is not None]
        size_a += len(xa)
        size_b += len(xb)
        # One-to-one on heads by overlap among the pairs whose children also overlap.
        heads_a = [SpanUnit(x.head[0], x.head[1], "") for x in xa]
        heads_b = [SpanUnit(x.head[0], x.head[1], "") for x in xb]
        pairs = overlap_matches(heads_a, heads_b, same_label=False)
        matched += sum(1 for i, j in pairs if _overlaps(xa[i].child, xb[j].child))
    return f1(matched, size_a, size_b)


def _overlaps(x: Range | None, y: Range | None) -> bool:
    return x is not None and y is not None and min(x[1], y[1]) > max(x[0], y[0])


def stance_units(layers: Mapping[str, ArticleLayer]) -> list[dict[str, str]]:
    """Items = (evidence unit or the article, target); category = polarity or ``"none"``.

    Evidence ranges of all analysts are grouped by overlap into units; a stance of an analyst
    who has several on the same item counts once (the first). Holders are not compared here:
    the holder follows the speaker, measured under relations.
    """
    evidence = {n: sorted({s.evidence for s in layer.stances if s.evidence is not None}) for n, layer in layers.items()}
    unit_of: dict[tuple[str, Range], int] = {}
    for k, unit in enumerate(build_units(evidence)):
        for n, rng in unit.items():
            unit_of[(n, rng)] = k
    items: dict[tuple[int, str], dict[str, str]] = {}
    for n, layer in layers.items():
        for s in layer.stances:
            where = -1 if s.evidence is None else unit_of[(n, s.evidence)]
            items.setdefault((where, s.target), {}).setdefault(n, s.polarity)
    return [{n: item.get(n, NONE) for n in layers} for _, item in sorted(items.items())]


# --- the report ---------------------------------------------------------------------------------


#: fix11al (usertest11s L3): a figure closer to 0 than this is float noise of a difference of
#: equal sums (a kappa of -7.4e-17 where p_o = p_e): written as 0.0, not as a tiny signed number.
#: Far below any real figure: the smallest nonzero kappa of n units is of the order 1/n^2.
NOISE = 1e-12


def _denoised(value: Any) -> Any:
    """``value`` (JSON-ready dicts, lists, numbers) with every float ``|x| < NOISE`` set to 0.0."""
    if isinstance(value, float):
        return 0.0 if abs(value) < NOISE else value
    if isinstance(value, dict):
        return {k: _denoised(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_denoised(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_denoised(v) for v in value)
    return value


@dataclass
class AgreementReport:
    """Every figure of the agreement report; :meth:`to_json` gives the documented JSON."""

    analysts: list[str]
    labels: list[str]
    articles_all: int
    articles_any_two: int
    span_f1: dict[str, dict[str, float | None]]
    kappa: dict[str, dict[str, float | None]]
    alpha: dict[str, float | None]
    alpha_u: dict[str, float | None]
    relations: dict[str, dict[str, Any]]
    stances: dict[str, Any]
    pairs: list[dict[str, Any]]
    confusion: dict[str, dict[str, int]]
    disagreements: list[dict[str, Any]]
    notes: list[str] = field(default_factory=list)
    #: curation decisions an analyst's newer layer changed since (from_project.changed_decisions): rows of
    #: article_id, start, end, labels, text, why — filled by whoever reads the project (CLI, window)
    changed_since_decided: list[dict[str, Any]] = field(default_factory=list)
    #: fix11j: articles any analyst has a layer for (``articles_all`` of them have all analysts')
    articles_any: int = 0
    #: fix11l: analyst → ids of the articles their own file still had "new" (never reviewed), and the
    #: warning that says so — filled by whoever reads the project (from_project.note_unreviewed)
    unreviewed: dict[str, list[int]] = field(default_factory=dict)
    review_warning: str = ""

    @property
    def partial(self) -> bool:
        """Whether the "for all" figures (Fleiss' κ, α_u) leave out articles only some of the
        analysts annotated: fewer articles have every analyst's layer than have two or more."""
        return self.articles_all < self.articles_any_two

    def coverage(self) -> str:
        """Which articles the figures rest on, for the first line: ``"3 articles annotated by all,
        5 by at least two"`` (``"1 article annotated by both, …"``: never "1 articles", "all 2")."""
        n, k = self.articles_all, len(self.analysts)
        return (f"{n} article{'' if n == 1 else 's'} annotated by {'both' if k == 2 else 'all'}, "
                f"{self.articles_any_two} by at least two")

    def all_scope(self) -> str:
        """On which articles the "for all" figures are computed, as one phrase for the tables and
        the window: ``"on 2 of 5 articles (those all 3 analysts annotated; 3 have only some of
        them: see the pairs and alpha)"``, or ``"on all 5 articles"``."""
        n, of, k = self.articles_all, self.articles_any_two, len(self.analysts)
        if not self.partial:
            if of == 1:
                return f"on the 1 article ({_every(k)} analysts annotated it)"
            return f"on all {of} articles ({_every(k)} analysts annotated each)"
        left = of - n
        return (f"on {n} of {of} articles only (those {_every(k)} analysts annotated; {left} article{'' if left == 1 else 's'} "
                f"{'has' if left == 1 else 'have'} only some of them: see the pairs and alpha)")

    def to_json(self) -> dict[str, Any]:
        """The report as JSON-ready data (docs/agreement.md); float noise (|x| < :data:`NOISE`) is 0.0."""
        return _denoised(self._json())

    def _json(self) -> dict[str, Any]:
        n = self.articles_all  # fix11j: each "for all" figure says on how many articles it is computed
        return {
            "analysts": self.analysts, "labels": self.labels,
            "articles": {"all": self.articles_all, "at_least_two": self.articles_any_two, "any": self.articles_any,
                         "partial": self.partial},
            "span_f1": self.span_f1,
            "kappa": {k: {**v, "fleiss_articles": n} for k, v in self.kappa.items()},
            "alpha": self.alpha, "alpha_u": self.alpha_u, "alpha_u_articles": n,
            "relations": {name: {**r, "kappa": {**r["kappa"], "fleiss_articles": n}} for name, r in self.relations.items()},
            "stances": {**self.stances, "kappa": {**self.stances["kappa"], "fleiss_articles": n}}, "pairs": self.pairs,
            "confusion": self.confusion, "disagreements": self.disagreements, "notes": self.notes,
            "changed_since_decided": self.changed_since_decided,
            "unreviewed": self.unreviewed, "review_warning": self.review_warning,
        }


def _labels_of(team: Team) -> list[str]:
    return sorted({s.label for layers in team.values() for layer in layers.values() for s in layer.spans})


def _link_labels_of(team: Team) -> list[str]:
    """Relation labels some analyst made a link of (a type nobody used has nothing to compare)."""
    return sorted({x.label for layers in team.values() for layer in layers.values() for x in layer.links if x.child is not None})


def _pair_figures(team: Team, a: str, b: str, labels: Sequence[str], link_labels: Sequence[str],
                  layers_of: Mapping[str, set[str]]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    keys = shared_articles(team, [a, b])
    la = [team[a][k] for k in keys]
    lb = [team[b][k] for k in keys]
    articles = [{a: team[a][k], b: team[b][k]} for k in keys]
    units = [u for layers in articles for u in span_units(layers)]
    coded = [(g, (u[a], u[b])) for g, u in units]
    confusion: dict[str, dict[str, int]] = {}  # within a comparison layer only (span_units)
    for _, (x, y) in coded:
        confusion.setdefault(x, {}).setdefault(y, 0)
        confusion[x][y] += 1
    relations = {}
    for label in link_labels:
        heads = [u for layers in articles for u in link_units(layers, label) if a in u and b in u]
        relations[label] = {"f1": link_f1(la, lb, label), "kappa": cohen_kappa([(u[a], u[b]) for u in heads]), "heads_matched": len(heads)}
    stance_items = [u for layers in articles for u in stance_units(layers)]
    figures = {
        "analysts": [a, b],
        "articles": len(keys),
        "spans": {a: sum(len(x.spans) for x in la), b: sum(len(x.spans) for x in lb)},
        "units": len(units),
        "span_f1": span_f1([x.spans for x in la], [x.spans for x in lb], labels),
        "kappa": kappa_by_label(coded, layers_of, labels),
        "alpha": alpha_by_label([(g, list(xy)) for g, xy in coded], layers_of, labels, 2),
        "alpha_u": alpha_u_figures(articles, labels, [a, b]),
        "confusion": confusion,
        "relations": relations,
        "stances": {"items": len(stance_items), "kappa": cohen_kappa([(u[a], u[b]) for u in stance_items])},
    }
    per_article = []
    for key, layers in zip(keys, articles, strict=True):
        if not layers[a].spans and not layers[b].spans:
            continue  # both found nothing: nothing to discuss
        scores = span_f1([layers[a].spans], [layers[b].spans], [])[OVERALL]
        au = alpha_u_figures([layers], labels, [a, b])[OVERALL] if layers[a].length else None
        per_article.append({"article": key, "title": layers[a].title or layers[b].title, "analysts": [a, b],
                            "f1_overlap": scores["overlap"], "f1_exact": scores["exact"], "alpha_u": au,
                            "spans": {a: len(layers[a].spans), b: len(layers[b].spans)}})
    return figures, per_article


def measure(team: Team, *, labels: Sequence[str] | None = None) -> AgreementReport:
    """The agreement report of ``team`` ({analyst: {article key: ArticleLayer}}) on ``labels``
    (default: every span label any analyst used). Spans of other labels must already be left out
    (:func:`annotator.agreement.inputs.restricted`). Raises ``ValueError`` for fewer than two analysts.
    """
    analysts = sorted(team)
    if len(analysts) < 2:
        raise ValueError("agreement needs at least two analysts")
    labels = sorted(labels) if labels is not None else _labels_of(team)
    link_labels = _link_labels_of(team)
    layers_of = label_layers(team)
    pairs = []
    per_article: list[dict[str, Any]] = []
    for a, b in itertools.combinations(analysts, 2):
        figures, articles = _pair_figures(team, a, b, labels, link_labels, layers_of)
        pairs.append(figures)
        per_article.extend(articles)

    all_keys = shared_articles(team, analysts)
    all_articles = [{n: team[n][k] for n in analysts} for k in all_keys]
    all_units = [(g, [u[n] for n in analysts]) for layers in all_articles for g, u in span_units(layers)]
    fleiss = fleiss_by_label(all_units, layers_of, labels)
    # α with missing values: every article at least two analysts have a layer for.
    some_keys = sorted(k for k, c in Counter(k for n in analysts for k in team[n]).items() if c >= 2)
    columns: list[tuple[str, list[str | None]]] = []
    link_columns: dict[str, list[list[str | None]]] = {label: [] for label in link_labels}
    stance_columns: list[list[str | None]] = []
    for key in some_keys:
        layers = {n: team[n][key] for n in analysts if key in team[n]}
        columns.extend([(g, [u.get(n) for n in analysts]) for g, u in span_units(layers)])
        for label in link_labels:
            link_columns[label].extend([[u.get(n) for n in analysts] for u in link_units(layers, label)])
        stance_columns.extend([[u.get(n) for n in analysts] for u in stance_units(layers)])
    alpha = alpha_by_label(columns, layers_of, labels, len(analysts))

    relations: dict[str, dict[str, Any]] = {}
    for label in link_labels:
        full = [[u[n] for n in analysts] for layers in all_articles for u in link_units(layers, label) if len(u) == len(analysts)]
        relations[label] = {
            "f1": mean(p["relations"][label]["f1"] for p in pairs),
            "kappa": {"cohen": mean(p["relations"][label]["kappa"] for p in pairs), "fleiss": fleiss_kappa(full)},
            "alpha": krippendorff_alpha(_rows(link_columns[label], len(analysts))),
        }
    stances = {
        "kappa": {"cohen": mean(p["stances"]["kappa"] for p in pairs),
                  "fleiss": fleiss_kappa([[u[n] for n in analysts] for layers in all_articles for u in stance_units(layers)])},
        "alpha": krippendorff_alpha(_rows(stance_columns, len(analysts))),
    }
    keyset = [*labels, OVERALL]
    span = {k: {"exact": mean(p["span_f1"][k]["exact"] for p in pairs), "overlap": mean(p["span_f1"][k]["overlap"] for p in pairs)} for k in keyset}
    kappa = {k: {"cohen": mean(p["kappa"][k] for p in pairs), "fleiss": fleiss[k]} for k in keyset}
    confusion: dict[str, dict[str, int]] = {}
    for p in pairs:  # symmetric: "one analyst calls it X where the other calls it Y", both ways
        for x, row in p["confusion"].items():
            for y, n in row.items():
                if x != y:
                    confusion.setdefault(x, {}).setdefault(y, 0)
                    confusion[x][y] += n
                    confusion.setdefault(y, {}).setdefault(x, 0)
                    confusion[y][x] += n
    per_article.sort(key=lambda r: (_low(r["f1_overlap"]), _low(r["alpha_u"]), r["article"], r["analysts"]))
    notes = []
    if not some_keys:  # fix11q (usertest11g 9): --overlap 0 gives no pair an article to compare on
        notes.append(f"no article has a layer of two analysts or more: nothing to compare, every figure is empty "
                     f"(give articles to several analysts: annotator assign --overlap)")
    elif not all_keys:
        notes.append(f"no article has a layer of {_every(len(analysts))} analysts: Fleiss' kappa and alpha_u for all are empty; "
                     "see the pairs")
    alone = labels_without_negatives(columns, layers_of, labels)
    if alone:
        notes.append(f"kappa and alpha of {', '.join(alone)} are undefined (—): no unit where the analysts all said "
                     "something else (a label alone in its comparison layer), so they would be <= 0 whatever the analysts "
                     "do (Hripcsak & Rothschild 2005); read span F1 for them")
    merged = merged_units(all_articles, labels)
    if merged:
        notes.append(f"{merged} overlapping span{'s' if merged != 1 else ''} of one label by one analyst "
                     f"{'were' if merged != 1 else 'was'} merged for alpha_u (it needs a segmentation)")
    return AgreementReport(
        analysts=analysts, labels=list(labels), articles_all=len(all_keys), articles_any_two=len(some_keys),
        articles_any=len({k for n in analysts for k in team[n]}),
        span_f1=span, kappa=kappa, alpha=alpha,
        alpha_u=alpha_u_figures(all_articles, labels, analysts) if all_articles else {k: None for k in keyset},
        relations=relations, stances=stances, pairs=pairs,
        confusion={x: dict(sorted(row.items(), key=lambda kv: -kv[1])) for x, row in sorted(confusion.items())},
        disagreements=per_article[:DISAGREEMENTS_SHOWN], notes=notes,
    )


def _rows(columns: Sequence[Sequence[str | None]], coders: int) -> list[list[str | None]]:
    """Units as columns → one row per coder (the layout Krippendorff's α takes)."""
    return [[col[i] for col in columns] for i in range(coders)]


def _low(value: float | None) -> float:
    """Sort key: undefined figures after every defined one."""
    return 2.0 if value is None else value
