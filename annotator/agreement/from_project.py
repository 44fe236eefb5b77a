"""Read a team project (analysts' layers merged into one file) into agreement inputs.

Written against the team data model of docs/team.md (the ``team`` branch, issue 11 part 1):
each analyst's layer is read through the Python API it documents — ``layers()`` (``.analyst``
of each), ``layer_article_ids(analyst)`` (the articles the analyst was given, annotated or
not) and ``bundle(article_id, statuses=…, analyst=…)`` — typed here as :class:`TeamLayers`.
:func:`team_layers` names that seam (the project itself).

What counts (docs/agreement.md):

* an analyst **has a layer** for every article they were given (``layer_article_ids``): an
  article given and left empty is "nothing there", which agreement compares;
* spans, relations and stances of the ``statuses`` given (default ``accepted``: an analyst's
  decisions; ``suggested`` is a machine's proposal nobody decided, ``rejected`` a "no");
* a span's layer is its label's layer in the schema (``LabelSchema.layer_of``; a label the
  schema does not know is ``other``), which decides what it is compared with
  (:func:`annotator.agreement.inputs.comparison_layer`);
* a span whose label is the head of a relation type of the schema (a QUOTE for SPEAKER and CUE)
  and that has no such relation in its layer gives a link with no child: "no speaker" is a
  decision that is compared too;
* the gold layer (``analyst == ""``) is no analyst's and is not read.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from typing import Any, Protocol


from annotator.agreement.inputs import ArticleLayer, LinkUnit, SpanUnit, StanceUnit
from annotator.domain.errors import InputError
from annotator.domain.model import ArticleBundle, Status
from annotator.domain.schema import LabelSchema

NOT_A_TEAM = "not a team project: merge analysts' files first (annotator merge)"


class TeamLayers(Protocol):
    """The part of docs/team.md's ``Project`` API that agreement reads."""

    def layers(self) -> Sequence[Any]: ...  # items with ``.analyst``

    def layer_article_ids(self, analyst: str) -> list[int]: ...

    def bundle(self, article_id: int, *, statuses: Iterable[Status] | None = None, analyst: str = "") -> ArticleBundle: ...


def team_layers(project: Any) -> TeamLayers:
    """The project's analysts' layers, read through the team API of docs/team.md."""
    return project


def team_from_project(source: TeamLayers, schema: LabelSchema, *, analysts: Sequence[str] | None = None,
                      statuses: Sequence[str] = ("accepted",), path: str | None = None) -> dict[str, dict[str, ArticleLayer]]:
    """``{analyst: {text hash: ArticleLayer}}`` of a team project (shapes: :mod:`annotator.agreement.inputs`).

    Raises :class:`InputError` (one line, what to do; ``path`` names the file) for a project
    with no analyst's layer, an analyst not in the project, or fewer than two analysts.
    """
    known = sorted(layer.analyst for layer in source.layers())
    if not known:
        raise InputError(NOT_A_TEAM, path=path)
    chosen = list(dict.fromkeys(analysts)) if analysts else known
    unknown = [n for n in chosen if n not in known]
    if unknown:
        raise InputError(f"no analyst {unknown[0]!r} in this project; its analysts are: {', '.join(known)}", path=path)
    if len(chosen) < 2:
        raise InputError(f"agreement needs at least two analysts; this project has {len(known)} ({', '.join(known)})", path=path)
    wanted = [Status(s) for s in statuses]
    team: dict[str, dict[str, ArticleLayer]] = {}
    for name in chosen:
        team[name] = {}
        for article_id in source.layer_article_ids(name):
            bundle = source.bundle(article_id, statuses=wanted, analyst=name)
            team[name][bundle.article.text_hash] = layer_from_bundle(bundle, schema, statuses=statuses)
    return team


def _heads_of(schema: LabelSchema) -> dict[str, set[str]]:
    """Relation label → the span labels its head may have (from the schema)."""
    return {rel.name: set(rel.head) for rel in schema.relations}


def layer_from_bundle(bundle: ArticleBundle, schema: LabelSchema, *, statuses: Sequence[str] = ("accepted",)) -> ArticleLayer:
    """One analyst's :class:`ArticleLayer` of an article from its records (their layer, or an
    import of their file): spans, links and stances of ``statuses``, by the rules above."""
    wanted = set(statuses)
    spans = [(s.id, SpanUnit(s.start, s.end, s.label, schema.layer_of(s.label)))
             for s in sorted(bundle.spans, key=lambda s: (s.start, s.end, s.label, s.id)) if str(s.status) in wanted]
    by_id = dict(spans)
    links: list[LinkUnit] = []
    linked: set[tuple[str, str]] = set()  # (head span id, relation label)
    for rel in bundle.relations:
        if str(rel.status) in wanted and rel.head in by_id and rel.child in by_id:
            h, c = by_id[rel.head], by_id[rel.child]
            links.append(LinkUnit(rel.label, (h.start, h.end), (c.start, c.end)))
            linked.add((rel.head, rel.label))
    links.extend(LinkUnit(label, (unit.start, unit.end), None)
                 for sid, unit in spans for label, heads in _heads_of(schema).items()
                 if unit.label in heads and (sid, label) not in linked)
    all_spans = {s.id: s for s in bundle.spans}
    stances = []
    for st in bundle.stances:
        if str(st.status) in wanted:
            ev = all_spans.get(st.evidence) if st.evidence else None
            stances.append(StanceUnit(st.holder or "", st.target or "", st.polarity or "", (ev.start, ev.end) if ev else None))
    # fix11j: an untitled article is shown by its first words in the report, never an empty title
    title = bundle.article.title.strip() or _first_words(bundle.article.text)
    return ArticleLayer(len(bundle.article.text), tuple(u for _, u in spans), tuple(links), tuple(stances), title)


def _first_words(text: str, words: int = 8) -> str:
    """The first ``words`` words of ``text``, with "…" when there are more ("" for an empty text)."""
    split = text.split()
    return " ".join(split[:words]) + ("…" if len(split) > words else "")


def changed_since_decided_units(project: Any) -> list[tuple[int, Any, str]]:
    """(article id, unit, its words as :meth:`Alignment.words` quotes them) of every curation decision
    an analyst's layer changed since it was
    taken (:func:`annotator.domain.curation.changed_since_decided`), by article then position.
    Only articles whose gold holds a curation decision are aligned. In an article that was
    curated (marked so, or its mark withdrawn by a merge), a unit not decided yet is new since
    it was curated: it is listed too, with ``changed`` saying so (a copy of the unit)."""
    from annotator.domain import curation
    from annotator.storage.curation_state import WITHDRAWN

    analysts = [info.analyst for info in project.layers()]
    ids = [a for (a,) in project.db.execute(
        "SELECT article_id FROM spans WHERE attrs LIKE '%\"curation\"%' UNION "
        "SELECT article_id FROM stances WHERE attrs LIKE '%\"curation\"%' ORDER BY article_id")]
    out = []
    for article_id in ids:
        data = curation.curation_input(project, article_id, analysts)
        al = curation.align(data)
        was_curated = curation.curation_status(data.article) in ("curated", WITHDRAWN)
        for u in al.units:
            if u.changed:
                out.append((article_id, u, al.words(u)))
            elif was_curated and not u.decided and u.gold_differs:
                # fix11s: not new since — gold's own version from before curation, which no longer counts as decided
                out.append((article_id, dataclasses.replace(u, changed=u.gold_differs), al.words(u)))
            elif was_curated and not u.decided:
                whose = ", ".join(sorted({s.analyst for s in u.versions}))
                out.append((article_id, dataclasses.replace(u, changed=f"new since the article was curated ({whose}'s)"), al.words(u)))
        # fix11y (usertest11l H1): stance units by the same rules — a stance decision ⚠ changed since
        # decided, and a stance new since the article was curated (the analysts added it after its
        # quote was decided): they were listed nowhere, as the gold export went without them
        for st in al.stances:
            if st.changed:
                why = st.changed
            elif was_curated and not st.decided and st.gold_differs:
                why = st.gold_differs
            elif was_curated and st.open:
                why = f"new since the article was curated ({', '.join(sorted(st.versions))}'s)"
            else:
                continue
            quote = al.unit(st.evidence_unit) if st.evidence_unit else None
            start, end = (quote.start, quote.end) if quote is not None else (0, 0)
            holder = next(iter(st.versions.values())).holder if st.versions else st.holder
            words = f"{holder} on {st.target}"
            out.append((article_id, _StanceRow(start, end, why, decided=bool(st.changed)), words))
    return out


@dataclasses.dataclass(frozen=True, slots=True)
class _StanceRow:
    """A stance unit as :func:`changed_since_decided_units` lists it: the place of the quote it
    rests on (0, 0: article level), labelled ``stance``, and why it is listed."""

    start: int
    end: int
    changed: str
    labels: tuple[str, ...] = ("stance",)
    #: fix11ak N7: False for a stance new since the article was curated (not decided yet)
    decided: bool = True
    unlinked: str = ""
    gold: tuple[Any, ...] = ()


def changed_decisions(project: Any) -> list[dict[str, Any]]:
    """:func:`changed_since_decided_units` as JSON-ready rows: article_id, start, end, labels, text, why, and
    ``unlinked`` (fix11n: True for a kept span ⚠ linked to nothing, False for a newer layer's change),
    ``undecided`` (fix11ak: True for a unit or stance not decided yet, new since the article was curated)."""
    from annotator.domain.curation import cut_words

    rows = []
    for article_id, unit, words in changed_since_decided_units(project):
        text = project.article(article_id).text
        start, end, labels = unit.start, unit.end, list(unit.labels)
        if unit.unlinked and (kept := next((g for g in unit.gold if str(g.status) == "accepted"), None)) is not None:
            start, end, labels = kept.start, kept.end, [kept.label]  # fix11n: gold's span is what is flagged
            words = text[start:end]
        rows.append({"article_id": article_id, "start": start, "end": end, "labels": labels,
                     "text": cut_words(" ".join(words.split()), 60), "why": unit.changed, "unlinked": bool(unit.unlinked),
                     # fix11ak N7: not decided yet (new since the article was curated, or gold's own version):
                     # `curate` counts these among the disagreements, not as "changed since decided"
                     "undecided": not unit.decided})
    return rows


def gold_state(project: Any) -> dict[str, int]:
    """The team's articles (any analyst was given), how many are exported as gold (``decided``:
    curated, or done/reviewed by hand, :func:`annotator.formats.layers.gold_decided`) and how
    many the curation marked ``curated``: ``{"articles", "decided", "curated"}``."""
    from annotator.domain.curation import curation_status
    from annotator.formats.layers import gold_decided
    from annotator.storage.curation_state import team_article_ids

    articles = [project.article(a) for a in team_article_ids(project)]
    return {"articles": len(articles), "decided": sum(1 for a in articles if gold_decided(a)),
            "curated": sum(1 for a in articles if curation_status(a) == "curated")}


def note_unreviewed(project: Any, report: Any) -> None:
    """Say in ``report`` (an :class:`~annotator.agreement.measures.AgreementReport` of
    ``project``) which of its analysts have not reviewed articles they were given (fix11l, issue
    11 #3): their own file still had the article "new" when merged, so their layer is what they
    were handed (the machine's suggestions, or nothing), not their answer — as ``annotator
    curate`` says. Fills ``report.unreviewed`` (analyst → article ids, only analysts with any)
    and ``report.review_warning`` (one sentence; "" when all reviewed all)."""
    analysts = list(report.analysts)
    if not analysts:
        return
    marks = ", ".join("?" * len(analysts))
    # fix11t: the one rule (curation.UNREVIEWED_STATUSES): new (never opened) or in progress (never marked done)
    rows = project.db.execute(f"SELECT analyst, article_id, status FROM layer_articles WHERE status IN ('new', 'in_progress') "
                              f"AND analyst IN ({marks}) ORDER BY analyst, article_id", analysts).fetchall()
    unreviewed: dict[str, list[int]] = {}
    for analyst, article_id, _status in rows:
        unreviewed.setdefault(analyst, []).append(int(article_id))
    kinds = " or ".join(dict.fromkeys(st.replace("_", " ") for st in sorted({r[2] for r in rows}, key=["new", "in_progress"].index)))
    report.unreviewed = {a: unreviewed[a] for a in analysts if a in unreviewed}
    if not report.unreviewed:
        report.review_warning = ""
        return
    accepted = 0
    for analyst, ids in report.unreviewed.items():
        marks = ", ".join("?" * len(ids))
        accepted += project.db.execute(f"SELECT count(*) FROM layer_spans WHERE analyst = ? AND status = 'accepted' "
                                       f"AND article_id IN ({marks})", [analyst, *ids]).fetchone()[0]
    counts = {len(ids) for ids in report.unreviewed.values()}
    names = list(report.unreviewed)
    if len(counts) == 1:
        [n] = counts
        who = f"{', '.join(names)} {'has' if len(names) == 1 else 'have'} not reviewed {n} article{'s' if n != 1 else ''} given to them"
    else:
        who = ", ".join(f"{a} ({len(ids)} article{'s' if len(ids) != 1 else ''})" for a, ids in report.unreviewed.items())
        who += " have not reviewed articles given to them"
    what = ("so for those articles the figures are over nothing: only accepted annotations count, and the machine's "
            "suggestions they were handed are not counted until accepted" if not accepted else
            "so for those articles the figures compare what they were handed (imported or pre-annotated), not their answers")
    report.review_warning = (f"{who} (status {kinds} in their files{'' if kinds == 'new' else ': not marked done'}, e.g. #{report.unreviewed[names[0]][0]}): their layer is what "
                             f"they were given, not their answer — {what}. Have them review the articles and merge their "
                             "files again.")

