"""A team of analysts: split a project into one file per analyst (:func:`plan_assignment`,
:func:`write_assignment`) and bring their files back into one team project, each analyst's
annotations in their own layer (:func:`merge_analyst_files`). The design is in ``docs/team.md``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import shlex
import shutil
import uuid
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from annotator.domain.edits import Change, Edit
from annotator.domain.errors import InputError
from annotator.domain import stance_rule
from annotator.domain.model import ArticleBundle, ArticleStatus, Relation, Span, Stance, Status, Tag, article_name, now
from annotator.storage import rows
from annotator.storage.guidelines import GUIDELINES_KEY
from annotator.storage.layer_changes import describe_article_changes
from annotator.storage.layers import (KINDS, LayerCounts, check_analyst_name, clash_message, clashing_name, folder_key, register,
                                      rename_file_analyst,
                                      replace_article_layer, schema_differences, spelled)
from annotator.storage.project import Project

ANALYST_KEY = "analyst"  # project setting: the analyst a file belongs to
ASSIGNMENT_KEY = "assignment"  # project setting: JSON of the assignment that made the file
MANIFEST = "assignment.json"
LAST_ASSIGN_KEY = "last_assign"  # fix11n: project setting of an assigned project: JSON of its latest assign run
MERGED_KEY = "merged:"  # team project setting per analyst: JSON {assignment, newest_change, source, since} of the last merge

# Names Windows cannot give a file (with any extension): assign writes ANALYST.db.
WINDOWS_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))})


# ----------------------------------------------------------------------------- assign


def parse_analysts(value: str) -> list[str]:
    """``"ana,ben,cy"`` → ``["ana", "ben", "cy"]``. Raises :class:`InputError` for an empty list,
    an empty or repeated name, or one :func:`check_analyst_name` refuses."""
    names = [n.strip() for n in value.split(",")]
    if not value.strip() or any(not n for n in names):
        raise InputError(f"--analysts {value!r}: give names separated by commas, e.g. ana,ben,cy (no empty name)")
    for name in names:
        if problem := check_analyst_name(name):
            raise InputError(f"--analysts: {problem}")
    for name in names:
        if name.split(".")[0].lower() in WINDOWS_RESERVED or name.endswith((".", " ")):
            raise InputError(f"--analysts: {name!r} cannot name a file on Windows ({name}.db); choose another analyst name")
    # the key merge and import use (case, Unicode form, trailing dots): "José" typed composed and
    # decomposed is one file on macOS, as "ana" and "Ana" are on Windows and macOS
    groups: dict[str, list[str]] = {}
    for name in names:
        groups.setdefault(folder_key(name), []).append(name)
    repeated = [" / ".join(spelled(n) for n in group) for group in groups.values() if len(group) > 1]
    if repeated:
        raise InputError(f"--analysts names {'; '.join(repeated)} more than once (names equal ignoring case or Unicode form are "
                         f"one file on Windows and macOS); give each analyst once")
    return names


@dataclasses.dataclass(frozen=True, slots=True)
class Assignment:
    """Who gets which article: ``analysts`` name → text hashes (in the order chosen), ``shared``
    the text hashes given to more than one analyst."""

    analysts: dict[str, list[str]]
    shared: list[str]
    seed: int
    overlap: float
    per_article: int

    def manifest(self, source: str) -> dict[str, Any]:
        return {"source": source, "seed": self.seed, "overlap": self.overlap, "per_article": self.per_article,
                "analysts": self.analysts, "shared": self.shared}


def plan_assignment(text_hashes: Sequence[str], analysts: Sequence[str], *, overlap: float, seed: int = 0,
                    per_article: int = 2) -> Assignment:
    """Split articles (by text hash) among ``analysts``: ``round(overlap × N)`` articles go to
    ``per_article`` analysts each (for agreement), the others to one each.

    Deterministic for a seed and independent of article ids or order: articles are ordered by
    SHA-256 of ``"seed:text_hash"``; the first ``round(overlap × N)`` in that order are shared.
    Each article, in that order, goes to the analyst(s) holding fewest articles so far (ties by
    the order of ``analysts``), so loads differ by at most one and a shared article never goes
    twice to one analyst. Raises :class:`InputError` for overlap outside [0, 1], an overlap above 0
    that shares no article (agreement would be impossible), or fewer analysts than
    ``per_article`` when any article is shared."""
    if not 0.0 <= overlap <= 1.0:
        raise InputError(f"--overlap {overlap}: give a share between 0 and 1 (e.g. 0.2 for a fifth of the articles)")
    if not analysts:
        raise InputError("--analysts: give at least one analyst")
    ordered = sorted(set(text_hashes), key=lambda h: hashlib.sha256(f"{seed}:{h}".encode()).hexdigest())
    n_shared = round(overlap * len(ordered))
    if overlap > 0 and ordered and n_shared == 0:
        least = 0.5 / len(ordered)
        raise InputError(f"--overlap {overlap} of {len(ordered)} article{'' if len(ordered) == 1 else 's'} shares round({overlap * len(ordered):.3g}) = 0: no article "
                         f"is shared: agreement will be impossible; give --overlap above {least:.3g} (one article) or --overlap 0 for none")
    if n_shared and per_article < 2:
        raise InputError(f"--per-article {per_article}: a shared article goes to at least 2 analysts (agreement compares "
                         f"two or more); give --per-article 2 or more, or --overlap 0 to share none")
    if n_shared and per_article > len(analysts):
        who = f"{len(analysts)} analyst{'s' if len(analysts) != 1 else ''} ({', '.join(analysts)})"
        raise InputError(f"--per-article {per_article}: each shared article goes to {per_article} analysts, but --analysts "
                         f"names only {who}; name at least {per_article} analysts, give --per-article "
                         + (f"{len(analysts)} or fewer" if len(analysts) >= 2 else "2 with 2 analysts or more")
                         + ", or --overlap 0 to share none")
    given: dict[str, list[str]] = {a: [] for a in analysts}
    rank = {a: i for i, a in enumerate(analysts)}
    for index, text_hash in enumerate(ordered):
        k = per_article if index < n_shared else 1
        for analyst in sorted(analysts, key=lambda a: (len(given[a]), rank[a]))[:k]:
            given[analyst].append(text_hash)
    return Assignment(given, ordered[:n_shared], seed, overlap, per_article)


def check_output_folder(folder: Path) -> None:
    """Raise :class:`InputError` unless ``folder`` is missing or an empty folder whose parent exists."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise InputError(f"{folder}: is not an empty folder; give a new or empty folder for the analysts' files")
    if not folder.exists() and not folder.parent.is_dir():
        raise InputError(f"{folder}: its folder {folder.parent} does not exist; create it first")


def analysts_layers(source: Project, analysts: Sequence[str]) -> dict[str, tuple[str, set[int]]]:
    """fix11x: analyst (as ``--analysts`` names them) → (their layer's name in ``source``, the ids
    of the articles that layer holds), for each analyst who already has a layer there (a second
    ``assign`` after a merge); the layer is found by :func:`clashing_name` too (``Ana`` for ``ana``)."""
    names = source._layer_names()
    out: dict[str, tuple[str, set[int]]] = {}
    for analyst in analysts:
        layer = analyst if analyst in names else clashing_name(analyst, names)
        if layer:
            out[analyst] = (layer, set(source.layer_article_ids(layer)))
    return out


GOLD_KINDS = {"span": Span, "relation": Relation, "stance": Stance, "tag": Tag}


def _curation_edit(kind: str, before: str | None, after: str | None) -> bool:
    """Whether one change-log row is a curation decision's: a gold record written with a decision
    (``attrs["curation"]``), or the article's curated mark set or moved (``meta["curation"]``)."""
    if after is None or "curation" not in after:
        return False
    field = "meta" if kind == "article" else "attrs"
    def stamp(row: str | None) -> Any:
        if row is None:
            return None
        value = json.loads(row).get(field) or "{}"
        return (json.loads(value) if isinstance(value, str) else value).get("curation")
    made = stamp(after)
    return made is not None and made != stamp(before)


def gold_before_curation(source: Project, article_id: int) -> ArticleBundle:
    """fix11z (usertest11l N2): the article's gold layer as it was before its first curation
    decision — what a first ``assign`` handed out: the machine's suggestions (pending, or as the
    lead decided them by hand before), gold's own records (imported without ``--analyst``) —
    rebuilt from the change log: every gold change from the first edit that made a decision or
    set the curated mark on, undone, newest first (a record that edit or a later one made is
    left out; one it changed is as it was). An article no decision touched is its gold as it is.
    A project whose log holds no such edit though its gold holds decisions (imported from an
    ``--layer all`` export, which writes no log) gets its gold without them: records a decision
    wrote or stamped left out, except machine suggestions (``origin`` ``pipeline:…``), which come
    back pending without the stamp."""
    bundle = source.bundle(article_id)
    logged = source.db.execute(
        "SELECT id, kind, record_id, before, after FROM changes WHERE article_id = ? "
        "AND kind IN ('article', 'span', 'relation', 'stance', 'tag') ORDER BY id", [article_id]).fetchall()
    first = next((i for i, (_id, kind, _rec, before, after) in enumerate(logged) if _curation_edit(kind, before, after)), None)
    held: dict[tuple[str, str], Any] = {}
    for kind, records in (("span", bundle.spans), ("relation", bundle.relations), ("stance", bundle.stances), ("tag", bundle.tags)):
        held.update(((kind, r.id), r) for r in records)
    if first is not None:
        for _id, kind, record_id, before, _after in reversed(logged[first:]):
            if kind == "article":
                continue
            if before is None:
                held.pop((kind, record_id), None)
            else:
                held[(kind, record_id)] = rows.FROM_ROW[GOLD_KINDS[kind]](json.loads(before))
    elif any("curation" in getattr(r, "attrs", {}) for r in held.values()):
        for key, record in list(held.items()):
            if "curation" not in getattr(record, "attrs", {}):
                continue
            if record.origin.startswith("pipeline:"):
                attrs = {k: v for k, v in record.attrs.items() if k != "curation"}
                held[key] = dataclasses.replace(record, status=Status.SUGGESTED, attrs=attrs)
            else:
                del held[key]
    spans = sorted((r for (k, _), r in held.items() if k == "span"), key=lambda s: (s.start, s.end, s.label, s.id))
    ids = {s.id for s in spans}
    relations = [r for (k, _), r in held.items() if k == "relation" and r.head in ids and r.child in ids]
    stances = stance_rule.within([r for (k, _), r in held.items() if k == "stance"], ids)
    tags = [r for (k, _), r in held.items() if k == "tag"]
    return dataclasses.replace(bundle, spans=spans, relations=relations, stances=stances, tags=tags)


def handed_out(source: Project, analyst: str, article_id: int, layer_of: dict[str, tuple[str, set[int]]]) -> ArticleBundle:
    """fix11x (usertest11k F2): what ``assign`` puts in ``analyst``'s file for one article. An
    article the analyst's layer already holds (a second ``assign``) comes with that layer — their
    own spans, links, stances and tags with their statuses, and their own status of the article
    (``new`` when none was ever stated) — so merging the file back untouched changes nothing;
    handing out gold's curated version instead overwrote their answers with gold's. Any other
    article comes with the source's own (gold) layer — machine suggestions and decisions already
    made — with status ``new``: the analyst's queue."""
    layer, held = layer_of.get(analyst, ("", set()))
    if article_id not in held:
        # fix11z (usertest11l N2): an analyst new to the article gets what a first assign gave —
        # gold as it was before any curation decision — never the curated answers
        bundle = gold_before_curation(source, article_id)
        return dataclasses.replace(bundle, article=dataclasses.replace(bundle.article, id=None, status=ArticleStatus.NEW))
    bundle = source.bundle(article_id, analyst=layer)
    status = source.layer_article_status(layer, article_id)

    def own(records: list[Any]) -> list[Any]:
        return [dataclasses.replace(r, analyst="") for r in records]  # the file's own layer is the analyst's

    return dataclasses.replace(
        bundle, article=dataclasses.replace(bundle.article, id=None, status=ArticleStatus(status) if status else ArticleStatus.NEW),
        spans=own(bundle.spans), relations=own(bundle.relations), stances=own(bundle.stances), tags=own(bundle.tags))


def copy_preannotations(source: Project, target: Project, hashes: Iterable[str]) -> int:
    """Record in ``target`` which of the articles with these text hashes ``source`` pre-annotated
    (its ``preannotations`` rows: pipeline origin, time, span count), so the analyst's window does
    not pre-annotate them again at launch — an article whose suggestions the source's analysts
    all rejected, or that got none, stays as handed out (ui10q). An article ``source`` never
    pre-annotated gets no row: the analyst's window pre-annotates it at its next launch.
    Call inside ``target.writing()``. Returns the number of rows written."""
    done = {h: (origin, at, spans) for h, origin, at, spans in source.db.execute(
        "SELECT a.text_hash, p.origin, p.at, p.spans FROM preannotations p JOIN articles a ON a.id = p.article_id")}
    if not done:
        return 0
    ids = dict(target.db.execute("SELECT text_hash, id FROM articles").fetchall())
    rows = [(ids[h], *done[h]) for h in hashes if h in done and h in ids]
    target.db.conn.executemany("INSERT OR REPLACE INTO preannotations (article_id, origin, at, spans) VALUES (?, ?, ?, ?)", rows)
    return len(rows)


def write_assignment(source: Project, assignment: Assignment, folder: Path, *, by: str = "") -> dict[str, Path]:
    """Write ``folder/ANALYST.db`` for each analyst and ``folder/assignment.json``.

    Each file gets the source's label schema, guidelines, target list and tag list, and its
    articles (status ``new``: the analyst's own queue) with the source's own layer — machine
    suggestions and any decision already made — and the settings ``analyst`` and ``assignment``;
    an article the analyst's layer in ``source`` already holds (a second assign) comes with that
    layer and their status instead (:func:`handed_out`, fix11x).
    On any failure every file written is removed again (and the folder, when made here). Raises
    :class:`InputError`, nothing written, when the assignment gives no analyst any article (a
    project without articles: fix11j — it wrote an empty file per analyst and said nothing)."""
    if not any(assignment.analysts.values()):
        raise InputError(f"{source.path}: has no articles to assign; import some first "
                         f"(annotator import {source.path.name} FILES) and assign again")
    check_output_folder(folder)
    made_folder = not folder.exists()
    folder.mkdir(exist_ok=True)
    written: dict[str, Path] = {}
    by_hash = dict(source.db.execute("SELECT text_hash, id FROM articles").fetchall())
    layer_of = analysts_layers(source, list(assignment.analysts))
    at = now()  # fix11n: one time for the run, in every file: messages name the run by it
    try:
        for analyst, hashes in assignment.analysts.items():
            path = folder / f"{analyst}.db"
            written[analyst] = path
            with Project.open(path, create=True, read_only=False) as target:
                target.set_schema(source.schema, by=by)
                with target.writing():
                    target.set_setting(GUIDELINES_KEY, source.get_setting(GUIDELINES_KEY) or "")
                    target.set_setting(ANALYST_KEY, analyst)
                    target.set_setting(ASSIGNMENT_KEY, json.dumps(
                        {"source": source.path.name, "seed": assignment.seed, "overlap": assignment.overlap,
                         "articles": len(hashes), "manifest": MANIFEST, "analyst": analyst, "at": at,
                         "texts": hashlib.sha256("\n".join(sorted(hashes)).encode()).hexdigest()}))
                    entries = [*source.targets(), *source.tag_entries()]
                    if entries:
                        target.apply(Edit(f"assign: lists copied from {source.path.name}",
                                          tuple(Change(None, e) for e in entries)), by=by)
                    target.import_bundles((handed_out(source, analyst, by_hash[h], layer_of) for h in hashes),
                                          by=by, origin=f"assign from {source.path.name}",
                                          record_by="")  # fix11x: copies keep their own maker ("" stays ""), so an untouched merge is a no-op
                    copy_preannotations(source, target, hashes)
        manifest = folder / MANIFEST
        manifest.write_text(json.dumps(assignment.manifest(source.path.name), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        if not source.read_only:  # fix11n: the project remembers its latest run, so a merge of another run's file warns
            source.set_setting(LAST_ASSIGN_KEY, json.dumps({"source": source.path.name, "seed": assignment.seed,
                                                           "overlap": assignment.overlap, "manifest": MANIFEST, "at": at,
                                                           "output": str(folder)}))
    except BaseException:
        for path in written.values():
            for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
                leftover.unlink(missing_ok=True)
        (folder / MANIFEST).unlink(missing_ok=True)
        if made_folder:
            shutil.rmtree(folder, ignore_errors=True)
        raise
    return written


# ----------------------------------------------------------------------------- merge


CHANGES_SHOWN = 6  # fix11j: changes named per article in the merge summary (all of them in --json)
ARTICLES_SHOWN = 20  # articles named per analyst's line


@dataclasses.dataclass(slots=True)
class MergeSummary:
    """What merging one analyst's file did: articles in the file, articles new to the team
    project, and the records of the analyst's layer added, updated, deleted (per kind)."""

    analyst: str
    path: str
    articles: int = 0
    articles_added: int = 0
    counts: LayerCounts = dataclasses.field(default_factory=LayerCounts)
    # analysts' layers the file itself holds (imported into it): not the file's analyst's work
    not_merged: dict[str, int] = dataclasses.field(default_factory=dict)
    # fix11e: curated articles this file changed, whose curated mark the merge withdrew: id -> why.
    # cur11ui: an article several files of one merge changed is withdrawn once and counted once, in
    # the first of them; the others list it in ``also_changed`` (id -> the analyst whose line counts it)
    curate_again: dict[int, str] = dataclasses.field(default_factory=dict)
    also_changed: dict[int, str] = dataclasses.field(default_factory=dict)
    # fix11j: per article the analyst had before this merge and the file changed: how messages name
    # it ("#12 «Title»") and what changed in the layer (layer_changes.describe_article_changes)
    changes: dict[int, tuple[str, list[str]]] = dataclasses.field(default_factory=dict)
    # fix11j: articles not curated (yet) whose gold decisions this merge changed since decided
    # (a kept version gone, …): id -> (name, why of each); the curated ones are in curate_again
    decisions_changed: dict[int, tuple[str, list[str]]] = dataclasses.field(default_factory=dict)
    team_path: str = ""  # for the pointer to `annotator agreement TEAM`
    # fix11n: what the merge did that the lead may not have meant (a first merge tying the team to an
    # older assign run than the team file's latest), one line each
    warnings: list[str] = dataclasses.field(default_factory=list)
    # fix11o: the analyst's article statuses this file moved on articles they had (layers.StatusMove,
    # named), logged as kind "layer_article"; a file that moved only a status did change something
    statuses: list[Any] = dataclasses.field(default_factory=list)

    def line(self) -> str:
        def part(counter: Counter[str]) -> str:
            return ", ".join(f"{counter[k]} {k}{'' if counter[k] == 1 else 's'}" for k, _ in KINDS if counter[k]) or "none"

        # fix11x (F8): a record whose time stamps or provenance alone changed is no update of an
        # annotation (the detail line says "no annotation changed"): said apart
        updated = self.counts.updated - self.counts.touched
        line = (f"{self.analyst} ({self.path}): {self.articles} article{'' if self.articles == 1 else 's'} "
                f"({self.articles_added or 'none'} new to the team project); "
                f"added {part(self.counts.added)}; updated {part(updated)}; deleted {part(self.counts.deleted)}")
        if self.counts.touched:
            line += f"; time stamps and provenance only: {part(self.counts.touched)}"
        if self.statuses:
            n = len(self.statuses)
            line += f"; {self.analyst}'s status changed on {n} article{'' if n == 1 else 's'}"
        if self.not_merged:
            held = ", ".join(f"{name} ({n} record{'' if n == 1 else 's'})" for name, n in sorted(self.not_merged.items()))
            line += f"; not merged: the file's own analysts' layers {held} — merge or import those analysts' files themselves"
        if self.curate_again:  # fix11e
            which = ", ".join(f"#{a} ({why})" for a, why in sorted(self.curate_again.items()))
            line += (f"; {len(self.curate_again)} curated article{'' if len(self.curate_again) == 1 else 's'} changed, "
                     f"no longer exported as gold until curated again: {which}")
        if self.also_changed:  # cur11ui: withdrawn once, counted in the first file's line
            which = ", ".join(f"#{a} (counted with {who}'s)" for a, who in sorted(self.also_changed.items()))
            line += f"; changed too, already counted above: {which}"
        return line

    def details(self, *, items: int = CHANGES_SHOWN, articles: int = ARTICLES_SHOWN) -> list[str]:
        """fix11j: the lines under :meth:`line` naming what changed, per article the analyst had
        before (``  #12 «Title»: − PERSON «Smith», ORG→GPE «Paris»``, at most ``items`` changes
        and ``articles`` articles, then "… and N more" and where the rest is), and the articles
        not curated yet whose decisions the merge changed since decided (with why)."""
        out: list[str] = [f"  {move.line()}" for move in self.statuses[:articles]]
        if len(self.statuses) > articles:
            out.append(f"  … and {len(self.statuses) - articles} more status changes (the change log, kind layer_article)")
        shown = sorted(self.changes.items())
        for article_id, (name, said) in shown[:articles]:
            more = f", … and {len(said) - items} more" if len(said) > items else ""
            out.append(f"  {name}: {', '.join(said[:items]) or 'no annotation changed (time stamps and provenance only)'}{more}")
        if len(shown) > articles:
            out.append(f"  … and {len(shown) - articles} more article{'' if len(shown) - articles == 1 else 's'} changed")
        if any(len(said) > items for _, said in self.changes.values()) or len(shown) > articles:
            team = Path(self.team_path).name or "TEAM.db"
            out.append(f"  (every change is in the change log, action «merge {Path(self.path).name}: {self.analyst}'s layer»; "
                       f"`annotator agreement {team}` lists the decisions they changed; `annotator merge {team} … --json` lists all)")
        for article_id, (name, whys) in sorted(self.decisions_changed.items())[:articles]:
            shown_whys = "; ".join(whys[:items]) + (f"; … and {len(whys) - items} more" if len(whys) > items else "")
            # fix11t (usertest11i 10): each ⚠ kind counted as curate and agreement count it
            unlinked = sum(1 for why in whys if " is linked to nothing in gold" in why)
            kinds = " and ".join(p for p in (
                f"{len(whys) - unlinked} decision{'' if len(whys) - unlinked == 1 else 's'} changed since decided"
                if len(whys) - unlinked else "",
                f"{unlinked} kept span{'' if unlinked == 1 else 's'} ⚠ linked to nothing" if unlinked else "") if p)
            # fix11ai: `merge` prints this: curate's flags and the window's menu command, not its keys
            out.append(f"  {name} (not curated yet): {kinds} — "
                       f"{shown_whys}; decide {'it' if len(whys) == 1 else 'them'} again: `annotator curate "
                       f"{shlex.quote(Path(self.team_path).name or 'TEAM.db')} --keep ANALYST --article {article_id}` "
                       f"(or --reject ANALYST), or in the window's View → Curation…")
        if len(self.decisions_changed) > articles:
            left = len(self.decisions_changed) - articles
            out.append(f"  … and {left} more article{'' if left == 1 else 's'} with decisions changed since decided "
                       f"(`annotator agreement {Path(self.team_path).name or 'TEAM.db'}` lists them)")
        return out

    def to_json(self) -> dict[str, Any]:
        return {"analyst": self.analyst, "path": self.path, "articles": self.articles, "articles_added": self.articles_added,
                "not_merged": self.not_merged, "curate_again": {str(a): why for a, why in sorted(self.curate_again.items())},
                "also_changed": {str(a): who for a, who in sorted(self.also_changed.items())},
                "changes": {str(a): {"article": name, "changes": said} for a, (name, said) in sorted(self.changes.items())},
                "decisions_changed": {str(a): {"article": name, "why": whys}
                                      for a, (name, whys) in sorted(self.decisions_changed.items())},
                "warnings": list(self.warnings), "provenance_only": dict(self.counts.touched),
                "statuses": {str(m.article_id): {"article": m.article, "before": m.before or "new", "after": m.after}
                             for m in self.statuses},
                **{what: dict(getattr(self.counts, what)) for what in ("added", "updated", "deleted", "unchanged")}}


def analyst_of(project: Project) -> str:
    """The analyst a project file belongs to; raises :class:`InputError` saying how to set it."""
    name = project.analyst_name()
    if not name:
        raise InputError(f"{project.path}: has no analyst name; set it with `annotator analyst {project.path} --set NAME` and merge again")
    if problem := check_analyst_name(name):
        raise InputError(f"{project.path}: {problem}; set another with `annotator analyst {project.path} --set NAME`")
    return name


def newest_change(project: Project) -> str:
    """The time (UTC ISO 8601, as the change log stores it) of the newest row of ``project``'s
    change log; ``""`` for an empty log."""
    row = project.db.execute("SELECT max(at) FROM changes").fetchone()
    return (row[0] or "") if row else ""


def _assignment_differences(merged: str, incoming: str) -> list[str]:
    """What differs between two ``assignment`` settings (JSON text; ``""`` for none), as
    ``"seed 0 → 7"`` parts; the whole texts compared when either is not a JSON object."""
    if merged == incoming:
        return []
    try:
        old, new = json.loads(merged or "{}"), json.loads(incoming or "{}")
    except json.JSONDecodeError:
        old, new = None, None
    if not isinstance(old, dict) or not isinstance(new, dict):
        return [f"{merged or 'none'} → {incoming or 'none'}"]
    # "at" (fix11n) names a run in messages; two runs that gave the same articles are the same assignment
    keys = [k for k in dict.fromkeys([*old, *new]) if k != "at" and old.get(k) != new.get(k)]
    if not keys:
        return []
    if not old or not new:
        return ["one file has no assignment (made by hand), the other has one"]
    return [f"{k} {old.get(k, 'none')} → {new.get(k, 'none')}" if k != "texts" else "its articles differ" for k in keys]


def check_against_merged(team: Project, source: Project, name: str) -> str | None:
    """Why ``source`` (``name``'s file) must not replace the layer already merged for ``name`` in
    ``team``, or None: it was made by ``assign`` for another analyst (its name re-set since), its
    ``assignment`` setting differs from the one merged (another
    assignment, or another analyst's file renamed), or its newest change is older than the
    newest change of the file merged (an older copy)."""
    incoming = source.get_setting(ASSIGNMENT_KEY) or ""
    try:
        made_for = json.loads(incoming).get("analyst") if incoming else None
    except (json.JSONDecodeError, AttributeError):
        made_for = None
    recorded = team.get_setting(MERGED_KEY + name)
    if not recorded:
        if made_for and made_for != name:
            return (f"{source.path}: was made by assign for {made_for}, but its analyst is now {name}; merging it would put "
                    f"{made_for}'s articles in {name}'s layer — merge {name}'s own file, or give --force to merge it as {name}'s")
        return None
    merged = json.loads(recorded)
    differences = _assignment_differences(merged.get("assignment", ""), source.get_setting(ASSIGNMENT_KEY) or "")
    if differences and made_for in (None, name) and from_latest_run(team, source) and _merged_before_latest(team, name, merged):
        # fix11aa (usertest11m F3): a second assign of this team file hands out new files on purpose
        # (an article or an analyst added, another overlap); the team's own latest run replaces the
        # assignment merged before — as docs/team.md's second assign describes — and no older-copy
        # check applies across runs (the new file's change log starts at the new run)
        return None
    if differences:
        last = _assignment_of(team.get_setting(LAST_ASSIGN_KEY))
        latest = (f"; {team.path.name}'s latest assign run is the one {_run_when(last)} (files in {last.get('output', '?')})"
                  if last else "")
        return (f"{source.path}: its assignment differs from the one merged for {name} from {merged.get('source', '?')} "
                f"({'; '.join(differences)}; this file is from {_run(_assignment_of(incoming))}{latest}); merging it would "
                f"replace {name}'s work with another assignment's — merge {name}'s file of the same assignment or of "
                f"{team.path.name}'s latest run, or give --force to replace the layer anyway")
    newest, before = newest_change(source), merged.get("newest_change", "")
    if newest < before:
        return (f"{source.path}: is older than the file merged for {name} from {merged.get('source', '?')} (its newest change "
                f"{newest or 'none'}, the merged file's {before}); merge the newer file, or give --force to go back to this one")
    return None


RUN_KEYS = ("source", "seed", "overlap", "manifest")  # what one `assign` run gave every analyst's file alike


def _assignment_of(text: str | None) -> dict[str, Any]:
    """A file's ``assignment`` setting as a dict; {} for none or for text that is not a JSON object."""
    try:
        value = json.loads(text) if text else {}
    except json.JSONDecodeError:
        return {}
    return value if isinstance(value, dict) else {}


def _run(assignment: dict[str, Any]) -> str:
    """``"team.db (seed 0, overlap 0.2, assigned 2026-12-01 14:26:05)"``: the assign run a file came
    from, for messages (the time when the run recorded it, fix11n)."""
    at = str(assignment.get("at") or "")
    when = f", assigned {at[:19].replace('T', ' ')}" if at else ""
    return f"{assignment.get('source', '?')} (seed {assignment.get('seed', '?')}, overlap {assignment.get('overlap', '?')}{when})"


def run_warning(team: Project, source: Project) -> str:
    """fix11n: "" or one line warning that merging ``source`` into ``team`` — nothing merged into
    it yet, ``team`` the project an ``assign`` run was made from — ties the team to another run
    than ``team``'s latest (every later file of the latest run would be refused)."""
    incoming = _assignment_of(source.get_setting(ASSIGNMENT_KEY))
    last = _assignment_of(team.get_setting(LAST_ASSIGN_KEY))
    if not incoming or not last or incoming.get("source") != team.path.name:
        return ""
    if team.db.execute("SELECT 1 FROM project WHERE key LIKE ? LIMIT 1", [MERGED_KEY + "%"]).fetchone() is not None:
        return ""
    if tuple(incoming.get(k) for k in RUN_KEYS) == tuple(last.get(k) for k in RUN_KEYS):
        return ""  # the same run (or one that gave every analyst the same: same seed and overlap)
    # fix11o: the runs named by their time and settings, not by their source — here always the team
    # file itself ("src.db now takes src.db's files only" read as nonsense)
    return (f"{source.path}: is from {team.path.name}'s assign run {_run_when(incoming)}, but its latest is the run "
            f"{_run_when(last)} (files in {last.get('output', '?')}); from this merge on {team.path.name} takes the files of "
            f"the run {_run_when(incoming, short=True)} only — if that is not the run you meant, restore {team.path.name} from "
            f"before this merge (annotator restore {team.path.name}) or merge into a new team file")


def _run_when(assignment: dict[str, Any], *, short: bool = False) -> str:
    """An assign run named by when it ran and how: ``"of 2026-12-01 14:26:03 (seed 0, overlap 1.0)"``
    (``short``: without the settings), ``"with seed 0, overlap 1.0"`` for a run that recorded no time."""
    at = str(assignment.get("at") or "")[:19].replace("T", " ")
    how = f"seed {assignment.get('seed', '?')}, overlap {assignment.get('overlap', '?')}"
    if not at:
        return f"with {how}"
    return f"of {at}" if short else f"of {at} ({how})"


def from_latest_run(team: Project, source: Project) -> bool:
    """fix11aa: whether ``source`` is a file of ``team``'s own latest ``assign`` run — its
    ``assignment`` names ``team``'s file name as source and the seed, overlap, manifest and run time
    (``"at"``) ``team`` recorded in ``last_assign`` when it ran. False for a file of another
    project, of an earlier run a later one replaced, of a run that recorded no time, or made by hand."""
    incoming = _assignment_of(source.get_setting(ASSIGNMENT_KEY))
    last = _assignment_of(team.get_setting(LAST_ASSIGN_KEY))
    if not incoming or not last or not last.get("at") or incoming.get("source") != team.path.name:
        return False
    return _run_id(incoming) == _run_id(last)


def _run_id(assignment: dict[str, Any]) -> tuple[Any, ...]:
    """One assign run: its settings and time."""
    return tuple(assignment.get(k) for k in (*RUN_KEYS, "at"))


def _merged_before_latest(team: Project, analyst: str, record: dict[str, Any]) -> bool:
    """fix11aa: whether ``analyst``'s merged file (``record``, the ``merged:ANALYST`` setting) was
    first merged before ``team``'s latest assign run was made — a second assign after that merge
    replaces it. A run merged only after a later run was made is the one the lead chose (fix11n's
    warning: "from this merge on … takes the files of the run of … only"): the latest run's files
    stay refused then. ``since`` (the first merge of that run's file) is recorded from fix11aa
    on; older records use the layer's last merge time."""
    last = _assignment_of(team.get_setting(LAST_ASSIGN_KEY))
    since = str(record.get("since") or "")
    if not since:
        row = team.db.execute("SELECT merged_at FROM layers WHERE analyst = ?", [analyst]).fetchone()
        since = str(row[0] or "") if row else ""
    return bool(since) and since < str(last.get("at") or "")


def check_team_project(team: Project, source: Project, name: str, earlier: Sequence[Project] = ()) -> str | None:
    """Why ``source`` (``name``'s file, made by ``assign``) must not be merged into ``team`` at all,
    or None (fix11g): it was assigned from another project than ``team`` — ``team`` holds
    articles, no file was merged into it before, and its file name is not the ``source`` its
    ``assignment`` names (a new, empty team project takes any assignment's files) — or from
    another ``assign`` run than the files merged into ``team`` before for other analysts, or than
    the files ``earlier`` in the same merge. A file without an ``assignment`` (made by hand) is
    never refused here."""
    incoming = _assignment_of(source.get_setting(ASSIGNMENT_KEY))
    if not incoming:
        return None
    run = tuple(incoming.get(k) for k in RUN_KEYS)
    for other in earlier:
        theirs = _assignment_of(other.get_setting(ASSIGNMENT_KEY))
        if theirs and tuple(theirs.get(k) for k in RUN_KEYS) != run:
            return (f"{source.path}: was assigned from {_run(incoming)}, but {other.path} of the same merge was assigned from "
                    f"{_run(theirs)}; merge the files of one assignment together, or give --force to mix them anyway")
    merged = team.db.execute("SELECT key, value FROM project WHERE key LIKE ? ORDER BY key", [MERGED_KEY + "%"]).fetchall()
    latest = from_latest_run(team, source)  # fix11aa: the team's latest run may replace the run merged before
    for key, value in merged:
        analyst = key[len(MERGED_KEY):]
        if analyst == name:
            continue  # the same analyst's earlier file: check_against_merged says what differs
        try:
            record = json.loads(value)
        except json.JSONDecodeError:
            continue
        if latest and isinstance(record, dict) and _merged_before_latest(team, analyst, record):
            continue  # fix11aa: the team's latest run, made after this file was merged, replaces its run
        theirs = _assignment_of(record.get("assignment") if isinstance(record, dict) else None)
        if theirs and tuple(theirs.get(k) for k in RUN_KEYS) != run:
            # fix11n: say which run the team is tied to, since when, and how to get out of it
            since = team.db.execute("SELECT merged_at FROM layers WHERE analyst = ?", [analyst]).fetchone()
            return (f"{source.path}: was assigned from {_run(incoming)}, but {team.path}'s merged files ({analyst}'s, from "
                    f"{record.get('source', '?')}) were assigned from {_run(theirs)}: the team is tied to that run since "
                    f"{analyst}'s first merge{' (' + since[0][:19].replace('T', ' ') + ')' if since and since[0] else ''}; "
                    f"merge this run's files into a new team file, restore {team.path.name} from before that merge "
                    f"(annotator restore {team.path.name} --list: its backups, the ones before a merge marked so), "
                    f"or give --force to merge it here anyway")
    assigned_from = incoming.get("source")
    if not merged and assigned_from and assigned_from != team.path.name and team.article_ids():
        articles = len(team.article_ids())
        return (f"{source.path}: was assigned from {assigned_from}, not from {team.path.name} ({articles} article"
                f"{'' if articles == 1 else 's'}, none of them merged from an analyst's file); merge it into {assigned_from} "
                f"(or a new team file), or give --force to merge it into {team.path.name} anyway")
    return None


def merge_analyst_files(team: Project, sources: Sequence[Project], *, by: str = "", force: bool = False) -> list[MergeSummary]:
    """Bring each analyst's file into ``team``: for every article of the file (matched by text
    hash; added to ``team`` when missing) the analyst's layer becomes exactly the file's own
    layer (:func:`annotator.storage.layers.replace_article_layer`: re-merging a newer file updates
    and deletes, each change logged, never duplicates). All files are checked before anything is
    written, and all are merged in one transaction. Raises :class:`InputError` for a file without
    an analyst name, two files of one analyst, a label schema that differs from ``team``'s
    (naming what differs), and — unless ``force`` — a file whose assignment differs from the one
    merged before for its analyst or that is older than the file merged before
    (:func:`check_against_merged`), or that was assigned from another project or another assign
    run than ``team``'s (:func:`check_team_project`). Records, per analyst, the merged file's assignment and newest
    change time (project setting ``merged:ANALYST``)."""
    names: dict[str, Path] = {}
    team_names = [i.analyst for i in team.layers()]
    ours = team.schema.to_json()
    for index, source in enumerate(sources):
        if source.path.resolve() == team.path.resolve():
            raise InputError(f"{source.path}: is the team project itself; give the analysts' files")
        name = analyst_of(source)
        if name in names:
            raise InputError(f"{source.path}: is {name}'s, like {names[name]}; merge one file per analyst (the newer one)")
        if other := clashing_name(name, team_names):  # fix11n: Ana beside ana would be one brat folder, one .db file
            raise InputError(f"{source.path}: {clash_message(name, other, str(team.path), rename_file_analyst(str(source.path), other))}")
        if other := clashing_name(name, names):
            raise InputError(f"{source.path}: {clash_message(name, other, f'{names[other]} (merged with it)', rename_file_analyst(str(source.path), other))}")
        names[name] = source.path
        differences = schema_differences(ours, source.schema.to_json())
        if differences:
            raise InputError(f"{source.path}: its label schema differs from {team.path}'s ({'; '.join(differences)}); "
                             f"make them the same (annotator schema {source.path} --set FILE) and merge again")
        if not force and (problem := check_against_merged(team, source, name)):
            raise InputError(problem)
        if not force and (problem := check_team_project(team, source, name, sources[:index])):
            raise InputError(problem)
    summaries: list[MergeSummary] = []
    warning = run_warning(team, sources[0]) if sources else ""  # before anything is merged (it reads "nothing merged yet")
    stamp = now()
    changed: dict[int, list[MergeSummary]] = {}  # article id -> the summaries of the files that changed its layers
    given_now: dict[int, set[str]] = {}  # fix11z: article id -> analysts this merge gave it first, not reviewed yet
    with team.writing():
        for source in sources:
            name = analyst_of(source)
            summary = MergeSummary(analyst=name, path=str(source.path), not_merged={
                i.analyst: i.spans + i.relations + i.stances + i.tags for i in source.layers()}, team_path=str(team.path))
            had = set(team.layer_article_ids(name))  # fix11j: changes named only where the analyst had a layer before
            edit = uuid.uuid4().hex
            action = f"merge {source.path.name}: {name}'s layer"
            who = by or f"merge:{name}"  # cur11ui: the change log says who (or which merge) wrote each row
            statuses: dict[int, str] = {}
            for source_id in source.article_ids():
                bundle = source.bundle(source_id)
                article = bundle.article
                row = team.db.execute("SELECT id FROM articles WHERE text_hash = ?", [article.text_hash]).fetchone()
                if row is None:
                    result = team.import_bundles(
                        [ArticleBundle(dataclasses.replace(article, id=None, status=ArticleStatus.NEW))], by=who, origin=action)
                    article_id = result.article_ids[0]
                    summary.articles_added += 1
                else:
                    article_id = row[0]
                counts = replace_article_layer(team.db.conn, name, article_id, bundle, edit=edit, action=action, by=who, at=stamp)
                if counts.added or counts.updated or counts.deleted:
                    changed.setdefault(article_id, []).append(summary)
                    if article_id in had:  # a re-merge: say what changed (a first merge's whole layer is new)
                        summary.changes[article_id] = (article_name(article_id, article.title, article.text),
                                                       describe_article_changes(team.db.conn, edit=edit, article_id=article_id,
                                                                                analyst=name, text=article.text))
                summary.counts.take(counts)
                statuses[article_id] = str(article.status)
                summary.articles += 1
            moved = register(team.db.conn, name, statuses, source=str(source.path), by=by, at=stamp, statuses=statuses,
                             edit=edit, action=action, log_by=who)
            for article_id, status in statuses.items():
                # fix11z (usertest11l N2): an article given to this analyst for the first time (a second
                # assign) and not reviewed yet: a curated one is curated no more — their answer is not in
                # (curation.unreviewed_of) — said so, whether or not their handed-out layer holds records
                if article_id not in had and status in ("new", "in_progress"):
                    given_now.setdefault(article_id, set()).add(name)
                    if summary not in changed.setdefault(article_id, []):
                        changed[article_id].append(summary)
            for move in moved:  # fix11o: a status the analyst moved in their file is a change of their layer, said and logged
                # fix11t: a status moved back to new / in progress withdraws a curated mark (curation.unreviewed_of)
                if summary not in changed.setdefault(move.article_id, []):
                    changed[move.article_id].append(summary)
                article = team.article(move.article_id)
                summary.statuses.append(dataclasses.replace(move, article=article_name(move.article_id, article.title, article.text)))
            assignment_text = source.get_setting(ASSIGNMENT_KEY) or ""
            try:
                earlier_record = json.loads(team.get_setting(MERGED_KEY + name) or "{}")
            except json.JSONDecodeError:
                earlier_record = {}
            earlier_record = earlier_record if isinstance(earlier_record, dict) else {}
            # fix11aa: when a file of this run was first merged (kept while files of the same run follow),
            # so a later assign run is told from one made before this merge (_merged_before_latest)
            same_run = (earlier_record.get("since") and _assignment_of(assignment_text)
                        and _run_id(_assignment_of(earlier_record.get("assignment"))) == _run_id(_assignment_of(assignment_text)))
            team.set_setting(MERGED_KEY + name, json.dumps({
                "assignment": assignment_text, "newest_change": newest_change(source),
                "source": str(source.path), "since": earlier_record["since"] if same_run else stamp}))
            if warning and not summaries:
                summary.warnings.append(warning)
            summaries.append(summary)
        # fix11e: a curated article whose analysts' layers changed is curated no more when a unit is
        # new or changed since decided: its mark is withdrawn (logged), so gold export leaves it out
        from annotator.storage.curation_state import withdraw_stale_curations

        # cur11ui: per article, by whom: "lead (merge of ana.db, cy.db)" or "merge:ana,cy" (was "": the log named nobody)
        for article_id, summaries_of in changed.items():
            files = ", ".join(Path(s.path).name for s in summaries_of)
            merger = f"merge:{','.join(s.analyst for s in summaries_of)}"
            withdrawn = withdraw_stale_curations(team, [article_id], by=f"{by} ({merger}: {files})" if by else f"{merger} ({files})",
                                                 given_now=given_now)
            for why in withdrawn.values():
                first, *others = summaries_of
                first.curate_again[article_id] = why
                for summary in others:
                    summary.also_changed[article_id] = first.analyst
            if not withdrawn and (whys := decisions_changed_since(team, article_id)):
                # fix11j: decided but not curated yet: the merge names them as it names the curated ones
                article = team.article(article_id)
                summaries_of[0].decisions_changed[article_id] = (article_name(article_id, article.title, article.text), whys)
    return summaries


def decisions_changed_since(team: Project, article_id: int) -> list[str]:
    """Why each gold decision of the article (a curation decision) is changed since decided by
    the analysts' layers as they are now (:attr:`annotator.domain.curation.Unit.changed`, a stance
    unit's too): "ben's PERSON «Smith» is gone since you kept it". [] when the article holds no
    curation decision (one query) or none changed."""
    decided = team.db.execute(
        "SELECT 1 FROM spans WHERE article_id = ? AND attrs LIKE '%\"curation\"%' UNION ALL "
        "SELECT 1 FROM stances WHERE article_id = ? AND attrs LIKE '%\"curation\"%' LIMIT 1", [article_id, article_id]).fetchone()
    if decided is None:
        return []
    from annotator.domain import curation

    data = curation.curation_input(team, article_id, [info.analyst for info in team.layers()])
    al = curation.align(data)
    text = data.article.text
    # fix11t (usertest11i 11): gold's span named cut at a word with "…", never cut mid-word as if its extent
    return ([f"{'/'.join(u.labels)} «{curation.cut_words(' '.join(text[u.start:u.end].split()))}»: {u.changed}"
             for u in al.units if u.changed]
            + [st.changed for st in al.stances if st.changed])


__all__ = [
    "ANALYST_KEY", "ASSIGNMENT_KEY", "Assignment", "MANIFEST", "MERGED_KEY", "MergeSummary", "WINDOWS_RESERVED", "analyst_of",
    "check_against_merged", "check_output_folder", "check_team_project", "from_latest_run", "newest_change",
    "merge_analyst_files", "parse_analysts", "plan_assignment", "write_assignment",
]
