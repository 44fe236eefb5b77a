"""Which layer an export writes (``annotator export --layer gold|all|ANALYST``, ``docs/team.md``).

``gold`` (the default) is the project's own layer, streamed by :func:`stream.iter_bundles` as
always. ``ANALYST`` is that analyst's layer on the articles they were given, written exactly as
gold would be (records carry ``analyst``; a writer that can hold it says so). ``all`` is every
article with the gold layer and every analyst's layer together, each record carrying its analyst:
the writers that can hold it write it (JSONL field ``analyst``, CSV column, DocBin
``doc.spans["ANALYST:key"]`` and ``user_data``); CoNLL cannot (:func:`gold_part`); brat gets one
folder per layer (the CLI calls the brat writer once per layer).

In a project that has analysts' layers, an export of ``gold`` writes only the articles whose gold
was decided (:func:`gold_decided`: curated, or marked done/reviewed) and counts the others in
``left_out`` (:data:`NOT_CURATED`): an article nobody curated has an empty or pre-annotated gold
layer, and a training set holding it teaches "no entities there" (issue 11, user-test finding).
``all_articles=True`` (``export --all-articles``) writes every article anyway. A project without
analysts' layers exports every article, as always.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator

from annotator.domain.curation import curation_status
from annotator.domain.errors import InputError
from annotator.domain.model import Article, ArticleBundle, ArticleStatus, Status
from annotator.formats.common import ExportReport
from annotator.formats.stream import iter_bundles
from annotator.storage.project import Project

GOLD = "gold"
ALL = "all"


def check_layer(project: Project, layer: str) -> None:
    """Raise :class:`InputError` unless ``layer`` is ``gold``, ``all`` or an analyst the project
    has (naming the ones it has)."""
    if layer in (GOLD, ALL):
        return
    names = [info.analyst for info in project.layers()]
    if layer not in names:
        have = f"its analysts are {', '.join(names)}" if names else "it has no analysts' layers (annotator merge / import --analyst)"
        raise InputError(f"--layer {layer!r}: {project.path} has no such layer; give gold, all or an analyst ({have})")


#: ``left_out`` reason for the articles a gold export of a team project leaves out (count: articles).
NOT_CURATED = "articles not curated yet (gold undecided): curate them, or export --layer ANALYST / --all-articles"

#: Article statuses that say its gold layer was decided by hand.
DECIDED_STATUSES = frozenset({ArticleStatus.DONE, ArticleStatus.REVIEWED})


def has_layers(project: Project) -> bool:
    """Whether the project holds any analyst's layer (``annotator merge`` / ``import --analyst``)."""
    return project.db.execute("SELECT EXISTS (SELECT 1 FROM layers)").fetchone()[0] == 1


def gold_decided(article: Article) -> bool:
    """Whether ``article``'s gold layer was decided: the curation marked it curated
    (:func:`annotator.domain.curation.curation_status`), or its status is done or reviewed."""
    return curation_status(article) == "curated" or article.status in DECIDED_STATUSES


def count_gold_articles(project: Project, *, all_articles: bool = False) -> int:
    """How many articles :func:`gold_bundles` yields (for a progress bar)."""
    if all_articles or not has_layers(project):
        return project.count_articles()
    return sum(1 for article in _articles(project) if gold_decided(article))


def _articles(project: Project) -> Iterator[Article]:
    from annotator.storage import rows

    cursor = project.db.execute("SELECT * FROM articles ORDER BY id")
    names = [d[0] for d in cursor.description]
    for raw in cursor:
        yield rows.article_from_row(dict(zip(names, raw)))


def gold_bundles(project: Project, statuses: Iterable[Status] | None, report: ExportReport, *,
                 all_articles: bool = False) -> Iterator[ArticleBundle]:
    """The gold layer's bundles an export writes, by article id: every article in a project
    without analysts' layers or when ``all_articles``; else only the articles whose gold was
    decided (:func:`gold_decided`), the others counted in ``report.left_out`` under
    :data:`NOT_CURATED` (one per article) — never dropped silently."""
    bundles = iter_bundles(project, statuses=statuses)
    if all_articles or not has_layers(project):
        yield from bundles
        return
    for bundle in bundles:
        if gold_decided(bundle.article):
            yield bundle
        else:
            report.leave_out(NOT_CURATED)


def analyst_bundles(project: Project, analyst: str, statuses: Iterable[Status] | None) -> Iterator[ArticleBundle]:
    """``analyst``'s layer on every article they were given, by article id."""
    statuses = list(statuses) if statuses is not None else None
    for article_id in project.layer_article_ids(analyst):
        yield project.bundle(article_id, statuses=statuses, analyst=analyst)


def layer_bundles(project: Project, layer: str, statuses: Iterable[Status] | None, report: ExportReport | None = None, *,
                  all_articles: bool = False) -> Iterator[ArticleBundle]:
    """The bundles an export of ``layer`` writes (see the module docstring).

    The gold part is chosen exactly as :func:`gold_bundles` chooses it, for ``gold`` and for
    ``all`` alike: in a team project an article whose gold was not decided has no gold records in
    ``all`` either (its analysts' layers are still written), counted once per article under
    :data:`NOT_CURATED` in ``report`` — unless ``all_articles``. ``report`` None: a throw-away one."""
    statuses = list(statuses) if statuses is not None else None
    report = report if report is not None else ExportReport()
    if layer == GOLD:
        yield from gold_bundles(project, statuses, report, all_articles=all_articles)
        return
    if layer != ALL:
        yield from analyst_bundles(project, layer, statuses)
        return
    given: dict[int, list[str]] = {}
    for (analyst, article_id) in project.db.execute("SELECT analyst, article_id FROM layer_articles ORDER BY analyst"):
        given.setdefault(article_id, []).append(analyst)
    filtered = has_layers(project) and not all_articles
    for gold in iter_bundles(project, statuses=statuses):
        if filtered and not gold_decided(gold.article):
            # the same rule as --layer gold: an undecided gold layer is no one's decision
            report.leave_out(NOT_CURATED)
            together = dataclasses.replace(gold, spans=[], relations=[], stances=[], tags=[])
        else:
            together = dataclasses.replace(gold, spans=list(gold.spans), relations=list(gold.relations),
                                           stances=list(gold.stances), tags=list(gold.tags))
        for analyst in given.get(gold.article.id or 0, []):
            part = named_ids(project.bundle(gold.article.id or 0, statuses=statuses, analyst=analyst), analyst)
            together.spans.extend(part.spans)
            together.relations.extend(part.relations)
            together.stances.extend(part.stances)
            together.tags.extend(part.tags)
        yield together


def named_ids(bundle: ArticleBundle, analyst: str) -> ArticleBundle:
    """``bundle`` (one analyst's layer) with every record id, and every id a record names, as
    ``"ANALYST:id"``: two analysts' copies of one machine suggestion share an id, and one JSONL
    line or Doc must not hold an id twice."""
    def named(value: str) -> str:
        return f"{analyst}:{value}" if value else value

    return ArticleBundle(
        bundle.article,
        spans=[dataclasses.replace(s, id=named(s.id)) for s in bundle.spans],
        relations=[dataclasses.replace(r, id=named(r.id), head=named(r.head), child=named(r.child)) for r in bundle.relations],
        stances=[dataclasses.replace(s, id=named(s.id), holder_span=named(s.holder_span), evidence=named(s.evidence)) for s in bundle.stances],
        tags=[dataclasses.replace(t, id=named(t.id)) for t in bundle.tags],
    )


ANALYSTS_NOT_HELD = "analysts' layers: {fmt} holds one layer; use --layer ANALYST for one analyst's, or jsonl for all"


def gold_part(bundles: Iterable[ArticleBundle], report: ExportReport, fmt: str) -> Iterator[ArticleBundle]:
    """``bundles`` with the analysts' records taken out and counted in ``report.left_out``: for
    a format that cannot say whose a record is."""
    reason = ANALYSTS_NOT_HELD.format(fmt=fmt)
    for bundle in bundles:
        kept = dataclasses.replace(
            bundle,
            spans=[s for s in bundle.spans if not s.analyst], relations=[r for r in bundle.relations if not r.analyst],
            stances=[s for s in bundle.stances if not s.analyst], tags=[t for t in bundle.tags if not t.analyst],
        )
        dropped = sum(len(getattr(bundle, f)) - len(getattr(kept, f)) for f in ("spans", "relations", "stances", "tags"))
        if dropped:
            report.leave_out(reason, dropped)
        yield kept


__all__ = ["ALL", "ANALYSTS_NOT_HELD", "DECIDED_STATUSES", "GOLD", "NOT_CURATED", "analyst_bundles", "check_layer",
           "count_gold_articles", "gold_bundles", "gold_decided", "gold_part", "has_layers", "layer_bundles", "named_ids"]
