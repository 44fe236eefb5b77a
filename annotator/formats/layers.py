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
from collections.abc import Callable, Iterable, Iterator
from typing import Any
from pathlib import Path

from annotator.domain.errors import InputError
from annotator.domain.model import Article, ArticleBundle, ArticleStatus, Status
from annotator.domain.words import plural
from annotator.formats.common import ExportReport, ReviewedBundle
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


#: What finishes an article's curation, for every message that says an article is not curated.
#: "0 disagreements left" is not enough: the agreed units and those only one analyst could see
#: must be decided too (docs/team.md, Curation). fix11ak N1: printed by ``export`` (a CLI line names
#: flags, the window only by its menu command, never a key).
HOW_TO_CURATE = ("curated means every unit decided, agreed ones too, even at 0 disagreements left: "
                 "`annotator curate TEAM.db --accept-agreed` accepts the agreed units (or the window's View → Curation…)")

#: ``left_out`` reason for the articles a gold export of a team project leaves out (count: articles).
NOT_CURATED = "articles not curated yet (not marked curated; " + HOW_TO_CURATE + "); or export --layer ANALYST / --all-articles"

#: ``left_out`` reason of an ``--layer all`` export for the same articles: their gold is not
#: written (their analysts' layers are, where the format holds them: the "per layer" line).
GOLD_NOT_CURATED = "articles' gold layers not curated yet (not marked curated; " + HOW_TO_CURATE + "); or add --all-articles"

def not_curated(project_path: str | Path) -> str:
    """:data:`NOT_CURATED` naming the project file exported (``annotator curate PATH …``)."""
    return NOT_CURATED.replace("TEAM.db", _shell_path(project_path))


def curation_decisions(project: Project, article_id: int) -> int:
    """The gold records of the article a curation decision wrote or stamped (``attrs["curation"]``:
    kept, rejected, any status) — the lead's work on an article not curated yet (fix11t)."""
    return project.db.execute(
        "SELECT (SELECT count(*) FROM spans WHERE article_id = ?1 AND instr(attrs, '\"curation\"')) "
        "+ (SELECT count(*) FROM relations WHERE article_id = ?1 AND instr(attrs, '\"curation\"')) "
        "+ (SELECT count(*) FROM stances WHERE article_id = ?1 AND instr(attrs, '\"curation\"'))", [article_id]).fetchone()[0]


def own_gold_records(bundle: ArticleBundle) -> int:
    """fix11u (usertest11j F5): the gold records of ``bundle`` (as the export read them, its
    statuses) that no curation decision wrote or stamped: gold's own, imported without
    ``--analyst`` or decided by hand before curation (accepted or rejected: a machine suggestion
    still pending is nobody's decision, not counted)."""
    return sum(1 for r in (*bundle.spans, *bundle.relations, *bundle.stances)
               if "curation" not in r.attrs and not r.analyst and r.status != Status.SUGGESTED)


def unwritten_decisions(unwritten: dict[int, int], own: dict[int, int] | None = None) -> str:
    """fix11t (usertest11i 5): what an export leaves out of the articles not curated yet that is
    not "undecided": ``"not written: 27 curation decisions of 1 article not curated yet (#2): an
    import of this file starts their curation over — add --all-articles to keep them"``. fix11u
    (usertest11j F5): and gold's own records there (``own``: article id → count), counted apart:
    ``"not written: 1 curation decision and 3 records of gold's own (imported without --analyst,
    or decided by hand before curation) of 2 articles not curated yet (#1, #4): …"``."""
    from annotator.domain.words import plural

    own = {a: n for a, n in (own or {}).items() if n}
    unwritten = {a: n for a, n in unwritten.items() if n}
    parts = [plural(sum(unwritten.values()), 'curation decision')] if unwritten else []
    if own:
        parts.append(f"{plural(sum(own.values()), 'record')} of gold's own (imported without --analyst, or decided by hand "
                     "before curation)")
    articles = sorted({*unwritten, *own})
    ids = ", ".join(f"#{a}" for a in articles[:5]) + (" …" if len(articles) > 5 else "")
    return (f"not written: {' and '.join(parts)} of {plural(len(articles), 'article')} not curated yet "
            f"({ids}): an import of this file starts their curation over — add --all-articles to keep them")


def gold_not_curated(project_path: str | Path) -> str:
    """:data:`GOLD_NOT_CURATED` naming the project file exported."""
    return GOLD_NOT_CURATED.replace("TEAM.db", _shell_path(project_path))


def _shell_path(path: str | Path) -> str:
    import shlex

    return shlex.quote(str(path))


def done_with_undecided(project: Project, article: Article) -> str:
    """The export's line for an article of a team project exported as gold because it was marked
    done/reviewed by hand while units are still undecided ("" when it was curated, or nothing is
    undecided): its gold is written as it is, which may be nothing."""
    from annotator.domain.curation import curation_status  # as in gold_decided

    if article.id is None or curation_status(article) == "curated" or article.status not in DECIDED_STATUSES:
        return ""
    from annotator.storage.curation_state import article_analysts, state_of  # curation_state imports this module

    if not article_analysts(project, article.id):
        return ""
    state = state_of(project, article.id)
    if not state.undecided:
        return ""
    from annotator.domain.model import article_name

    head = article_name(article.id, article.title, article.text)  # fix11j: an untitled one by its first words
    return (f"{head}: exported as marked done with {state.undecided:,} undecided unit{'' if state.undecided == 1 else 's'} "
            f"(its gold as it is); decide them: `annotator curate {_shell_path(project.path)} --article {article.id}`")


#: Article statuses that say its gold layer was decided by hand.
DECIDED_STATUSES = frozenset({ArticleStatus.DONE, ArticleStatus.REVIEWED})


def has_layers(project: Project) -> bool:
    """Whether the project holds any analyst's layer (``annotator merge`` / ``import --analyst``)."""
    return project.db.execute("SELECT EXISTS (SELECT 1 FROM layers)").fetchone()[0] == 1


def gold_decided(article: Article) -> bool:
    """Whether ``article``'s gold layer was decided: the curation marked it curated
    (:func:`annotator.domain.curation.curation_status`), or its status is done or reviewed."""
    # imported here: the curation module (commands, link edits) is not needed by the export of a
    # project without analysts' layers, where its import was a tenth of a 1,000-article jsonl export
    from annotator.domain.curation import curation_status

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


def pending_only(project: Project, statuses: Iterable[Status] | None) -> set[int]:
    """The articles whose gold layer holds spans, none of them of ``statuses`` and some still
    pending machine suggestions: an export of ``statuses`` writes 0 spans of them (empty when
    ``statuses`` is None or includes suggestions). One query."""
    wanted = [str(s) for s in statuses] if statuses is not None else None
    if wanted is None or str(Status.SUGGESTED) in wanted:
        return set()
    marks = ", ".join("?" * len(wanted))
    # Two probes of the (article_id, status) index an article, not a grouping of every span row
    # (issue 12: 0.07 → 0.015 s of CPU at 10,000 articles, before a split export can start).
    return {a for (a,) in project.db.execute(
        f"SELECT id FROM articles a WHERE EXISTS (SELECT 1 FROM spans s WHERE s.article_id = a.id AND s.status = ?) "
        f"AND NOT EXISTS (SELECT 1 FROM spans s WHERE s.article_id = a.id AND s.status IN ({marks}))",
        [str(Status.SUGGESTED), *wanted])}


def only_pending_remark(ids: Iterable[int], statuses: Iterable[Status] | None = (Status.ACCEPTED,), *,
                        exported: bool = True) -> str:
    """The line saying that ``ids`` (articles exported as decided — marked done/reviewed or
    curated — whose gold holds only pending suggestions) contributed 0 spans (``exported``: to
    this export; else: would, to a gold export of ``statuses``), and what to do; "" for none."""
    ids = sorted(set(ids))
    if not ids:
        return ""
    shown = "/".join(str(s) for s in statuses) if statuses is not None else "all"
    which = ", ".join(f"#{a}" for a in ids[:10]) + (f" … ({len(ids)} in all)" if len(ids) > 10 else "")
    they = "they" if len(ids) != 1 else "it"
    what = (f"so {they} contributed 0 spans to this export (--status {shown})" if exported
            else f"so a gold export (--status {shown}, the default) writes 0 spans of {'them' if len(ids) != 1 else 'it'}")
    return (f"{len(ids)} article{'s' if len(ids) != 1 else ''} marked done {'have' if len(ids) != 1 else 'has'} only pending "
            f"suggestions ({which}), {what}: accept or reject them; `--status all` to include them")


def _note_pending_only(project: Project, bundles: Iterable[ArticleBundle], statuses: Iterable[Status] | None,
                       report: ExportReport) -> Iterator[ArticleBundle]:
    """``bundles``, and at their end a remark in ``report`` naming those whose article was
    decided but whose gold holds only pending suggestions (:func:`pending_only`): they export
    0 spans, which nobody should find out by counting (cur11ui, issue 11 user test)."""
    statuses = list(statuses) if statuses is not None else None
    pending = pending_only(project, statuses)
    found = []
    for bundle in bundles:
        if pending and bundle.article.id in pending and gold_decided(bundle.article):
            found.append(bundle.article.id)
        yield bundle
    if remark := only_pending_remark(found, statuses):
        report.remarks.append(remark)


def gold_bundles(project: Project, statuses: Iterable[Status] | None, report: ExportReport, *,
                 all_articles: bool = False, read: Callable[..., Iterator[ArticleBundle]] | None = None) -> Iterator[ArticleBundle]:
    """The gold layer's bundles an export writes, by article id: every article in a project
    without analysts' layers or when ``all_articles``; else only the articles whose gold was
    decided (:func:`gold_decided`), the others counted in ``report.left_out`` under
    :data:`NOT_CURATED` (one per article) — never dropped silently. Articles decided whose gold
    holds only pending suggestions the export's ``statuses`` leave out are named in a remark
    (:func:`only_pending_remark`). ``read``: reads the bundles in place of
    :func:`~annotator.formats.stream.iter_bundles` (same keywords; the CoNLL export's narrower
    reader, :mod:`annotator.formats.conll_read`)."""
    statuses = list(statuses) if statuses is not None else None
    yield from _note_pending_only(project, _gold_bundles(project, statuses, report, all_articles=all_articles, read=read),
                                  statuses, report)


def _gold_bundles(project: Project, statuses: list[Status] | None, report: ExportReport, *,
                  all_articles: bool = False, read: Callable[..., Iterator[ArticleBundle]] | None = None) -> Iterator[ArticleBundle]:
    bundles = (read or iter_bundles)(project, statuses=statuses)
    if all_articles or not has_layers(project):
        yield from bundles
        return
    unwritten: dict[int, int] = {}
    own: dict[int, int] = {}
    for bundle in bundles:
        if gold_decided(bundle.article):
            if remark := done_with_undecided(project, bundle.article):
                report.remarks.append(remark)
            yield bundle
        else:
            report.leave_out(not_curated(project.path))
            if n := curation_decisions(project, bundle.article.id or 0):  # fix11t: the lead's work on it is said
                unwritten[bundle.article.id or 0] = n
            if n := own_gold_records(bundle):  # fix11u: and gold's own records there, counted apart
                own[bundle.article.id or 0] = n
    if unwritten or own:
        report.remarks.append(unwritten_decisions(unwritten, own))


def analyst_bundles(project: Project, analyst: str, statuses: Iterable[Status] | None) -> Iterator[ArticleBundle]:
    """``analyst``'s layer on every article they were given, by article id, each article with
    the status ``analyst`` gave it (fix11o: the team article's status was written — every
    format that carries one wrote gold's; :func:`layer_status`). fix11t: a status never stated
    ("" stored) is written as none (JSONL ``"status": null``, DocBin ``None``: the bundle's
    ``status_unstated``), so importing the file back with ``--analyst`` keeps it unstated (it
    became ``new``: "has not reviewed")."""
    statuses = list(statuses) if statuses is not None else None
    given = project.layer_article_statuses(analyst)
    for article_id in given:
        bundle = project.bundle(article_id, statuses=statuses, analyst=analyst)
        bundle.article = dataclasses.replace(bundle.article, status=layer_status(given[article_id]))
        if layer_status(given[article_id]) != given[article_id]:
            bundle.status_unstated = True  # read by the writers that carry a status (JSONL, DocBin)
        yield bundle


def layer_status(stored: str) -> ArticleStatus:
    """An analyst's status of an article as stored on their layer
    (:meth:`Project.layer_article_statuses`); "" — their file said nothing of it (brat) — is
    ``new``: nothing says they finished it."""
    return ArticleStatus(stored) if stored in ArticleStatus._value2member_map_ else ArticleStatus.NEW


def layer_bundles(project: Project, layer: str, statuses: Iterable[Status] | None, report: ExportReport | None = None, *,
                  all_articles: bool = False, tally: LayerTally | None = None, decisions: bool = False) -> Iterator[ArticleBundle]:
    """The bundles an export of ``layer`` writes (see the module docstring).

    The gold part is chosen exactly as :func:`gold_bundles` chooses it, for ``gold`` and for
    ``all`` alike: in a team project an article whose gold was not decided has no gold records in
    ``all`` either (its analysts' layers are still written), counted once per article in
    ``report`` — under :data:`NOT_CURATED` for ``gold``, :data:`GOLD_NOT_CURATED` for ``all`` —
    unless ``all_articles``. ``report`` None: a throw-away one. ``tally``, when given, counts
    what each layer of an ``all`` export holds (:class:`LayerTally`). ``decisions`` (a JSONL
    ``all`` export, which says each record's status): gold's records a curation decision rejected
    go too whatever ``statuses`` — they are the lead's decisions ("none of these versions"), and
    without them the file imported again showed each rejected unit undecided, "new since the article
    was curated", and withdrew the curated mark (fix11q, usertest11g 7)."""
    statuses = list(statuses) if statuses is not None else None
    report = report if report is not None else ExportReport()
    if layer == GOLD:
        yield from gold_bundles(project, statuses, report, all_articles=all_articles)
        return
    if layer != ALL:
        yield from analyst_bundles(project, layer, statuses)
        return
    given: dict[int, list[str]] = {}
    # fix11o: each analyst's own status of the article, as stored: "" (their file said nothing of
    # it) stays "" — written as null, not "new", which made agreement warn "have not reviewed" after
    # a round trip (fix11r F2). Every analyst given the article is named, also with no records
    # there: the name is what carries their (empty) layer of it across (fix11r F1)
    said: dict[int, dict[str, str]] = {}
    for (analyst, article_id, status) in project.db.execute("SELECT analyst, article_id, status FROM layer_articles ORDER BY analyst"):
        given.setdefault(article_id, []).append(analyst)
        said.setdefault(article_id, {})[analyst] = status if status in ArticleStatus._value2member_map_ else ""
    filtered = has_layers(project) and not all_articles
    pending, found = pending_only(project, statuses), []
    rejections = 0
    unwritten: dict[int, int] = {}  # fix11t: article id → curation decisions in its gold not written
    own: dict[int, int] = {}  # fix11u: article id → gold's own records there not written
    for gold in iter_bundles(project, statuses=statuses):
        if filtered and not gold_decided(gold.article):
            # the same rule as --layer gold: an undecided gold layer is no one's decision
            report.leave_out(gold_not_curated(project.path))
            if n := curation_decisions(project, gold.article.id or 0):
                unwritten[gold.article.id or 0] = n
            if n := own_gold_records(gold):  # fix11u (usertest11j F5): gold's own records there, counted apart
                own[gold.article.id or 0] = n
            together = dataclasses.replace(gold, spans=[], relations=[], stances=[], tags=[])
        else:
            if filtered and (remark := done_with_undecided(project, gold.article)):
                report.remarks.append(remark)
            together = dataclasses.replace(gold, spans=list(gold.spans), relations=list(gold.relations),
                                           stances=list(gold.stances), tags=list(gold.tags))
            if decisions and statuses is not None and Status.REJECTED not in statuses:
                rejected = project.bundle(gold.article.id or 0, statuses=[Status.REJECTED])
                extra = ([s for s in rejected.spans if "curation" in s.attrs], [r for r in rejected.relations if "curation" in r.attrs],
                         [s for s in rejected.stances if "curation" in s.attrs])
                together.spans.extend(extra[0])
                together.relations.extend(extra[1])
                together.stances.extend(extra[2])
                rejections += sum(len(e) for e in extra)
                if tally is not None:  # fix11u: counted apart from the accepted records the headline names
                    tally.rejected.spans += len(extra[0])
                    tally.rejected.relations += len(extra[1])
                    tally.rejected.stances += len(extra[2])
                gold = together
            if tally is not None:
                tally.add(GOLD, gold)
            if gold.article.id in pending and gold_decided(gold.article):
                found.append(gold.article.id)
        if isinstance(together, ReviewedBundle):  # cur11ui: each record names its layer, gold's too
            together.gold_name = GOLD
        together.layer_statuses = said.get(gold.article.id or 0, {})
        for analyst in given.get(gold.article.id or 0, []):
            part = named_ids(project.bundle(gold.article.id or 0, statuses=statuses, analyst=analyst), analyst)
            if tally is not None:
                tally.add(analyst, part)
            together.spans.extend(part.spans)
            together.relations.extend(part.relations)
            together.stances.extend(part.stances)
            together.tags.extend(part.tags)
        yield together
    if unwritten or own:
        report.remarks.append(unwritten_decisions(unwritten, own))
    if rejections:
        report.remarks.append(f"also written: {_n(rejections, 'gold record')} a curation decision rejected (status rejected): "
                              "the lead's decisions, which an import of this file reproduces")
    if remark := only_pending_remark(found, statuses):
        report.remarks.append(remark)


def write_brat_layers(project: Project, folder: Path, statuses: Iterable[Status] | None, chosen: ExportReport, *,
                      all_articles: bool = False, tally: LayerTally | None = None) -> ExportReport:
    """``--layer all`` as brat: one brat folder per layer, ``FOLDER/gold/`` and ``FOLDER/ANALYST/``,
    each with every text the layer covers and its ``.ann`` — brat's own layout for several
    annotators of the same texts (``import --analyst-from-filename`` reads it back by folder).

    The gold folder holds what ``--layer gold`` holds (decided articles only, unless
    ``all_articles``; the others counted in ``chosen`` under :data:`GOLD_NOT_CURATED`, as their
    analysts' folders hold them). Returns the totals: ``articles`` = distinct articles written in
    any folder; spans and relations summed; each layer's own counts in ``tally``. Raises :class:`InputError`,
    before writing, when two analysts' names would be one folder (:func:`annotator.storage.layers.folder_key`)."""
    from annotator.formats import brat

    from annotator.storage.layers import clashing_name

    names = [info.analyst for info in project.layers()]
    for index, name in enumerate(names):  # fix11n: a project from before the names were checked
        if other := clashing_name(name, [GOLD, *names[:index]]):
            raise InputError(f"analysts {other!r} and {name!r} would be one folder in {folder} on Windows and macOS (names "
                             f"differing only in case); export each alone with --layer {other} and --layer {name}")
    total = ExportReport()
    undecided = ExportReport()
    parts = [(GOLD, gold_bundles(project, statuses, undecided, all_articles=all_articles))]
    parts += [(info.analyst, analyst_bundles(project, info.analyst, statuses)) for info in project.layers()]
    from annotator.formats.brat_write import ARTICLE_FIELDS, loses_article_fields

    written: set[int] = set()
    fields_lost: set[int] = set()  # cur11ui: an article in 3 folders lost its fields once, not 3 times
    for name, bundles in parts:
        part = brat.write(_noting(bundles, written, fields_lost, loses_article_fields), folder / name)
        if tally is not None:
            tally.add_report(name, part)
        total.spans += part.spans
        total.relations += part.relations
        for reason, n in part.left_out.items():
            if reason != ARTICLE_FIELDS:
                total.leave_out(reason, n)
    if fields_lost:
        total.leave_out(ARTICLE_FIELDS, len(fields_lost))
    total.articles = len(written)
    for _reason, n in undecided.left_out.items():  # gold_bundles says NOT_CURATED; here their analysts' layers are written
        chosen.leave_out(gold_not_curated(project.path), n)
    chosen.remarks.extend(undecided.remarks)
    return total


def _noting(bundles: Iterable[ArticleBundle], ids: set[int], lost: set[int], loses: Any) -> Iterator[ArticleBundle]:
    """``bundles``, noting each article's id in ``ids``, and in ``lost`` when ``loses(article)``."""
    for bundle in bundles:
        ids.add(bundle.article.id or 0)
        if loses(bundle.article):
            lost.add(bundle.article.id or 0)
        yield bundle


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


#: The count before it is of records (spans, links, stances, tags), not of layers (fix11q, usertest11g 9).
ANALYSTS_NOT_HELD = ("records of the analysts' layers (spans, links, stances, tags): {fmt} holds one layer; "
                     "use --layer ANALYST for one analyst's, or jsonl for all")


def gold_part(bundles: Iterable[ArticleBundle], report: ExportReport, fmt: str, *,
              undecided_out: bool = False) -> Iterator[ArticleBundle]:
    """``bundles`` with the analysts' records taken out and counted in ``report.left_out``: for
    a format that cannot say whose a record is. ``undecided_out`` (a team project's ``all``
    export without ``--all-articles``): an article whose gold was not decided is not written at
    all — only its analysts' records were there, and its empty gold written alone would read as
    "nothing in this article" (already counted under :data:`GOLD_NOT_CURATED`)."""
    reason = ANALYSTS_NOT_HELD.format(fmt=fmt)
    for bundle in bundles:
        if undecided_out and not gold_decided(bundle.article):
            dropped = len(bundle.spans) + len(bundle.relations) + len(bundle.stances) + len(bundle.tags)
            if dropped:
                report.leave_out(reason, dropped)
            continue
        kept = dataclasses.replace(
            bundle,
            spans=[s for s in bundle.spans if not s.analyst], relations=[r for r in bundle.relations if not r.analyst],
            stances=[s for s in bundle.stances if not s.analyst], tags=[t for t in bundle.tags if not t.analyst],
        )
        dropped = sum(len(getattr(bundle, f)) - len(getattr(kept, f)) for f in ("spans", "relations", "stances", "tags"))
        if dropped:
            report.leave_out(reason, dropped)
        yield kept


@dataclasses.dataclass
class LayerCount:
    """What an export holds of one layer: articles, spans, relations and stances."""

    articles: int = 0
    spans: int = 0
    relations: int = 0
    stances: int = 0


@dataclasses.dataclass
class LayerTally:
    """Per layer (``gold``, then each analyst), what an ``--layer all`` export handed to the
    writer — so the summary says what each layer holds, not only the sum (a brat export of
    ``all`` writes one folder per layer)."""

    layers: dict[str, LayerCount] = dataclasses.field(default_factory=dict)
    #: fix11u: of gold's, the records a curation decision rejected, written beside the accepted ones
    #: (a JSONL ``all`` export: its import reproduces the lead's decisions), said apart
    rejected: LayerCount = dataclasses.field(default_factory=LayerCount)

    def add(self, layer: str, bundle: ArticleBundle) -> None:
        """Count ``bundle`` (one layer of one article) under ``layer``."""
        count = self.layers.setdefault(layer, LayerCount())
        count.articles += 1
        count.spans += len(bundle.spans)
        count.relations += len(bundle.relations)
        count.stances += len(bundle.stances)

    def add_report(self, layer: str, report: ExportReport) -> None:
        """Count what a writer wrote of ``layer`` alone (brat: one folder per layer)."""
        count = self.layers.setdefault(layer, LayerCount())
        count.articles += report.articles
        count.spans += report.spans
        count.relations += report.relations
        count.stances += report.stances

    def rejected_said(self, *, status: bool = True) -> str:
        """fix11u: ``"1 span and 2 relations a curation decision rejected (status rejected)"``
        (``status`` False: without the parenthesis); "" for none."""
        c = self.rejected
        what = [p for p in (_n(c.spans, "span") if c.spans else "", _n(c.relations, "relation") if c.relations else "",
                            _n(c.stances, "stance") if c.stances else "") if p]
        tail = " (status rejected)" if status else ""
        return f"{' and '.join(what)} a curation decision rejected{tail}" if what else ""

    def line(self, *, relations: bool = True, not_written: Iterable[str] = (), gold: ExportReport | None = None,
             stances: bool = True) -> str:
        """``"per layer: gold 0 articles; ana 2 articles, 90 spans, 63 relations; …"``.
        ``relations=False`` for a format that holds only some relations (CSV: the left-out lines
        say which); ``stances=False`` for a format that holds none (brat, CSV, CoNLL: their left-out
        lines say so; fix11z); ``not_written``: layers the format could not hold (CoNLL: the analysts');
        ``gold``: the writer's own report when it wrote the gold layer alone (CoNLL)."""
        if gold is not None:
            self.layers[GOLD] = LayerCount(gold.articles, gold.spans, gold.relations, gold.stances)
        parts = []
        names = sorted(self.layers, key=lambda n: (n != GOLD, n))
        if GOLD not in self.layers:
            names.insert(0, GOLD)
        for name in names:
            c = self.layers.get(name, LayerCount())
            if name in set(not_written):
                parts.append(f"{name} not written")
                continue
            words = [_n(c.articles, "article")]
            rejected = (self.rejected if name == GOLD and (self.rejected.spans or self.rejected.relations or self.rejected.stances)
                        else None)
            if c.articles:
                words.append(_n(c.spans - (rejected.spans if rejected else 0), "span"))
                if relations:
                    words.append(_n(c.relations - (rejected.relations if rejected else 0), "relation"))
                if stances and (kept := c.stances - (rejected.stances if rejected else 0)):
                    words.append(_n(kept, "stance"))  # fix11z: counted as the headline counts them
            if rejected is not None:
                # fix11u: the curation's rejections written beside them, counted apart (they were summed in)
                words.append(f"and {self.rejected_said()}")
            parts.append(f"{name} " + ", ".join(words))
        return "per layer: " + "; ".join(parts)


def _n(count: int, noun: str) -> str:
    return plural(count, noun)



__all__ = ["ALL", "ANALYSTS_NOT_HELD", "DECIDED_STATUSES", "GOLD", "GOLD_NOT_CURATED", "HOW_TO_CURATE", "LayerCount",
           "LayerTally", "NOT_CURATED", "done_with_undecided", "only_pending_remark", "pending_only", "gold_not_curated", "not_curated", "analyst_bundles", "check_layer", "count_gold_articles", "gold_bundles", "gold_decided",
           "gold_part", "has_layers", "layer_bundles", "named_ids", "write_brat_layers"]
