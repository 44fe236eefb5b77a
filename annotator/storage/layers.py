"""Analysts' layers: reading and writing ``layer_spans`` … ``layer_tags`` (migration 0007).

The design is in ``docs/team.md``: the gold layer stays in ``spans`` … ``tags``; each analyst's
layer is in the ``layer_*`` tables, keyed ``(analyst, id)``. Two ways in, both inside the
caller's write transaction, both logging every record they write or delete in ``changes`` with
kind ``layer_span`` / ``layer_relation`` / ``layer_stance`` / ``layer_tag`` (not the gold kinds,
which pre-annotation and import read as an analyst's decisions):

* :func:`replace_article_layer` (``annotator merge``): the analyst's layer of one article becomes
  exactly what their own file holds — inserted, updated, deleted by record id;
* :func:`replace_with_version` (``annotator import --analyst`` of an analyst's file that states
  the article's annotations: fix11i): the layer becomes that version, as a merge makes it — the
  records matched to the stored ones by :func:`annotator.storage.merge.plan_version` (content, as
  a brat file has no lasting ids), then written by :func:`replace_article_layer`;
* :func:`add_to_article_layer` (an import of records that name their layer themselves, or a
  second part of one article in the same import): the incoming records are added,
  deduplicated against that analyst's layer only by :func:`annotator.storage.merge.plan_merge`'s
  identity (a span's position and label, …), nothing deleted.
"""

from __future__ import annotations

import dataclasses
import json
import uuid
import sqlite3
import unicodedata
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import Any

from annotator.domain.model import ArticleBundle, Relation, Span, Stance, Status, Tag, new_id
from annotator.domain.relation_rule import repaired
from annotator.storage import rows
from annotator.storage.decisions import Decisions
from annotator.storage.merge import MergePlan, StoredRecords, VersionPlan, plan_merge, plan_version, stances_follow_spans

KINDS: tuple[tuple[str, type], ...] = (("span", Span), ("relation", Relation), ("stance", Stance), ("tag", Tag))
_CHANGE_COLUMNS = ("at", "by", "edit", "action", "kind", "record_id", "article_id", "before", "after")


@dataclasses.dataclass(frozen=True, slots=True)
class LayerInfo:
    """One analyst's layer in a project: how many articles they were given and records they made,
    and where the layer last came from (``source``: the file merged or imported, ``merged_at``:
    UTC ISO 8601)."""

    analyst: str
    articles: int
    spans: int
    relations: int
    stances: int
    tags: int
    source: str = ""
    merged_at: str = ""


@dataclasses.dataclass(slots=True)
class LayerCounts:
    """What writing one analyst's layer did, per kind (``span``, ``relation``, ``stance``, ``tag``)."""

    added: Counter[str] = dataclasses.field(default_factory=Counter)
    updated: Counter[str] = dataclasses.field(default_factory=Counter)
    deleted: Counter[str] = dataclasses.field(default_factory=Counter)
    unchanged: Counter[str] = dataclasses.field(default_factory=Counter)
    # fix11x (usertest11k F8): of ``updated``, the records whose time stamps or provenance alone
    # changed (nothing the analyst decided: :mod:`annotator.storage.layer_changes` names none), so a
    # summary does not say "updated 1 span" where its detail says "no annotation changed"
    touched: Counter[str] = dataclasses.field(default_factory=Counter)

    def take(self, other: LayerCounts) -> None:
        for mine, theirs in ((self.added, other.added), (self.updated, other.updated),
                             (self.deleted, other.deleted), (self.unchanged, other.unchanged), (self.touched, other.touched)):
            mine.update(theirs)


def check_analyst_name(name: str) -> str | None:
    """Why ``name`` cannot name an analyst's layer, or None. A name is what ``--layer`` and brat's
    per-analyst folders use: not empty, no path separators, not the reserved ``gold``/``all``."""
    stripped = name.strip()
    if not stripped:
        return "an analyst's name is empty"
    if stripped != name:
        return f"analyst name {name!r} has leading or trailing spaces"
    if stripped.lower() in {"gold", "all"}:
        return f"{name!r} is reserved for --layer; choose another analyst name"
    if name in {".", ".."}:  # fix11q (usertest11g 9): said as what it is, not as a character it lacks
        where = "the folder itself" if name == "." else "the folder above"
        return (f"analyst name {name!r} means {where} in a path, so it cannot name the analyst's folder (brat --layer all) "
                f"or file ({name}.db); choose another analyst name")
    if any(c in name for c in "/\\:,\n\r\t\x00"):
        return f"analyst name {name!r} contains a character that cannot be in a folder name or a list (/ \\ : ,)"
    return None


def folder_key(name: str) -> str:
    """What two analyst names must differ in to be two folders and two files everywhere: brat's
    ``--layer all`` writes ``FOLDER/NAME/`` and ``assign`` writes ``NAME.db``; Windows and macOS
    file systems ignore case, macOS stores names decomposed (NFD) and Windows drops trailing dots
    and spaces. Names with equal keys would be one folder there (one analyst's files overwrite the
    other's), so a project never holds two such layers (fix11n)."""
    return unicodedata.normalize("NFC", name).casefold().rstrip(". ")


def clashing_name(name: str, known: Iterable[str]) -> str | None:
    """The name among ``known`` (analysts already in the project, or named before in the same
    command) that ``name`` differs from only as :func:`folder_key` ignores (case, Unicode form,
    trailing dots or spaces), or None; ``name`` itself is no clash (the same analyst)."""
    key = folder_key(name)
    return next((k for k in known if k != name and folder_key(k) == key), None)


def spelled(name: str) -> str:
    """``name`` quoted, with its Unicode form when that is what tells it from a look-alike:
    "'José' (decomposed)" for the NFD spelling, "'José' (composed)" for NFC (plain ASCII: quoted)."""
    if name.isascii():
        return repr(name)
    nfc, nfd = unicodedata.normalize("NFC", name), unicodedata.normalize("NFD", name)
    if nfc == nfd:
        return repr(name)
    return f"{name!r} ({'composed' if name == nfc else 'decomposed' if name == nfd else 'mixed form'})"


def clash_message(name: str, other: str, where: str, fix: str = "") -> str:
    """The one line refusing ``name`` because ``other`` (in ``where``) is one folder with it;
    ``fix`` says what to do where the name comes from (fix11o: "use 'ana'" was no help where the
    name is a file's own, :func:`rename_file_analyst`); by default: use ``other`` if it is the same
    analyst, else a clearly different name."""
    how = "only in case" if name.casefold() == other.casefold() else "only in case, accents' form or trailing dots/spaces"
    return (f"analyst {spelled(name)} differs {how} from the analyst {spelled(other)} already in {where}: they would be one folder and "
            f"one file on Windows and macOS; {fix or f'use {other!r} if it is the same analyst, else a clearly different name'}")


def rename_file_analyst(path: str, other: str) -> str:
    """What to do when the analyst a project file names itself clashes with ``other`` (merge):
    the command that renames it (``annotator analyst FILE --set NAME``), shell-quoted."""
    import shlex

    return (f"if it is the same analyst, rename the file's analyst: `annotator analyst {shlex.quote(path)} --set "
            f"{shlex.quote(other)}`, and merge again (else --set a clearly different name)")


def layer_infos(conn: sqlite3.Connection) -> list[LayerInfo]:
    """Every analyst's layer, sorted by analyst (see :class:`LayerInfo`)."""
    infos = []
    for analyst, source, merged_at in conn.execute("SELECT analyst, source, merged_at FROM layers ORDER BY analyst"):
        counts = [conn.execute(f"SELECT count(*) FROM {t} WHERE analyst = ?", [analyst]).fetchone()[0]
                  for t in ("layer_articles", "layer_spans", "layer_relations", "layer_stances", "layer_tags")]
        infos.append(LayerInfo(analyst, *counts, source=source, merged_at=merged_at))
    return infos


def register(conn: sqlite3.Connection, analyst: str, article_ids: Iterable[int], *, source: str, by: str, at: str,
             statuses: dict[int, str] | None = None, edit: str = "", action: str = "", log_by: str = "") -> list[StatusMove]:
    """Record ``analyst`` as a layer of the project (last ``source``) and the articles they were
    given; ``statuses``: article id → the status the analyst gave it in their file (merge, an
    import whose file states one), stored by :func:`set_layer_statuses` (each move logged with
    ``edit``, ``action``, ``log_by`` or else ``by``, ``at``). Returns the statuses that moved on articles the
    layer already held (:class:`StatusMove`), in article order."""
    conn.execute(
        "INSERT INTO layers (analyst, source, merged_at, by) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(analyst) DO UPDATE SET source = excluded.source, merged_at = excluded.merged_at, by = excluded.by",
        [analyst, source, at, by],
    )
    ids = list(article_ids)
    held = {a for (a,) in conn.execute("SELECT article_id FROM layer_articles WHERE analyst = ?", [analyst])} if statuses else set()
    conn.executemany("INSERT OR IGNORE INTO layer_articles (analyst, article_id) VALUES (?, ?)", [(analyst, i) for i in ids])
    if not statuses:
        return []
    moves = set_layer_statuses(conn, analyst, statuses, edit=edit, action=action, by=log_by or by, at=at)
    return [m for m in moves if m.article_id in held]


@dataclasses.dataclass(frozen=True, slots=True)
class StatusMove:
    """An analyst's article status that an import or merge changed on their layer (fix11o):
    ``before`` → ``after`` (``"new"``, ``"in_progress"``, ``"done"``, ``"reviewed"``; ``before``
    ``""`` when the layer had no status for it yet)."""

    analyst: str
    article_id: int
    before: str
    after: str
    article: str = ""  # how messages name the article ("#3 «Title»"), filled by the caller

    def line(self) -> str:
        """``"ben's status of #1 «Mayor says…»: new → done"``; a layer that had no status for it
        (its file said nothing): ``"not stated → done"`` (fix11t: it said ``new``, and a move from
        nothing to ``new`` was not said at all; statuses as the window names them: ``in progress``)."""
        def said(status: str) -> str:
            return status.replace("_", " ") if status else "not stated"
        return f"{self.analyst}'s status of {self.article or f'#{self.article_id}'}: {said(self.before)} → {said(self.after)}"


def set_layer_statuses(conn: sqlite3.Connection, analyst: str, statuses: dict[int, str], *, edit: str, action: str, by: str,
                       at: str) -> list[StatusMove]:
    """Store on ``analyst``'s layer the status they gave each article (article id → status; the
    ``layer_articles`` row must exist). Each status that moves is a change of the layer, logged
    like its records' (kind ``layer_article``, ``record_id`` the article id, before/after
    ``{"analyst", "article_id", "status"}``) and returned, in article order (fix11t: "" — their file
    said nothing — → ``new`` too: it makes the article "not reviewed", so it is said); an unchanged
    one writes nothing."""
    moves: list[StatusMove] = []
    for article_id, status in sorted(statuses.items()):
        row = conn.execute("SELECT status FROM layer_articles WHERE analyst = ? AND article_id = ?", [analyst, article_id]).fetchone()
        before = row[0] if row else ""
        if before == status:
            continue
        conn.execute("UPDATE layer_articles SET status = ? WHERE analyst = ? AND article_id = ?", [status, analyst, article_id])
        def state(value: str) -> str:
            return json.dumps({"analyst": analyst, "article_id": article_id, "status": value}, sort_keys=True)
        conn.execute("INSERT INTO changes (at, by, edit, action, kind, record_id, article_id, before, after) "
                     "VALUES (?, ?, ?, ?, 'layer_article', ?, ?, ?, ?)",
                     [at, by, edit or uuid.uuid4().hex, action or f"{analyst}'s article status", str(article_id), article_id,
                      state(before) if before else None, state(status)])
        moves.append(StatusMove(analyst, article_id, before, status))
    return moves


def stored_layer(conn: sqlite3.Connection, analyst: str, article_id: int) -> StoredRecords:
    """The analyst's records of one article, whole (every field)."""
    held = StoredRecords()
    for (kind, record_type), target in zip(KINDS, (held.spans, held.relations, held.stances, held.tags)):
        table = rows.LAYER_TABLES[record_type]
        cursor = conn.execute(f"SELECT * FROM {table} WHERE analyst = ? AND article_id = ? ORDER BY rowid", [analyst, article_id])
        names = [d[0] for d in cursor.description]
        target.extend(rows.FROM_ROW[record_type](dict(zip(names, r))) for r in cursor)
    return held


def _put(conn: sqlite3.Connection, record: Any) -> None:
    row = rows.to_row(record)
    names = list(row)
    conn.execute(
        f"INSERT OR REPLACE INTO {rows.LAYER_TABLES[type(record)]} ({', '.join(_quoted(n) for n in names)}) "
        f"VALUES ({', '.join('?' * len(names))})",
        [row[n] for n in names],
    )


def _drop(conn: sqlite3.Connection, record: Any) -> None:
    conn.execute(f"DELETE FROM {rows.LAYER_TABLES[type(record)]} WHERE analyst = ? AND id = ?", [record.analyst, record.id])


def _log(conn: sqlite3.Connection, kind: str, before: Any, after: Any, *, article_id: int, edit: str, action: str, by: str, at: str) -> None:
    record = after if after is not None else before
    conn.execute(
        f"INSERT INTO changes ({', '.join(_CHANGE_COLUMNS)}) VALUES ({', '.join('?' * len(_CHANGE_COLUMNS))})",
        [at, by, edit, action, f"layer_{kind}", str(record.id), article_id, rows.record_to_json(before), rows.record_to_json(after)],
    )


def _quoted(column: str) -> str:
    return '"' + column.replace('"', '""') + '"'


def _in_layer(bundle: ArticleBundle, analyst: str, article_id: int) -> dict[str, list[Any]]:
    def moved(record: Any) -> Any:
        return dataclasses.replace(record, analyst=analyst, article_id=article_id)

    return {"span": [moved(x) for x in bundle.spans], "relation": [moved(x) for x in bundle.relations],
            "stance": [moved(x) for x in bundle.stances], "tag": [moved(x) for x in bundle.tags]}


def _stored_ids(incoming: dict[str, list[Any]], stored: Mapping[str, Sequence[Any]]) -> dict[str, list[Any]]:
    """fix11u (usertest11j F3): ``incoming`` with each record new by id that is equal in content to
    a stored record gone by id given that stored record's id (its links and stances following), so
    a file that re-issues the same annotations under other ids — a second ``assign`` hands out
    gold's copies of what the analysts had — changes nothing: no "− PERSON «X», + PERSON «X»", no
    decision "changed since decided". Content: a span's place, label, layer and status; a link's
    ends, label and status; a stance's holder, target, polarity, ends and status; a tag's name.
    One-to-one, in the file's order. The records' other fields stay the file's."""
    out = {k: list(v) for k, v in incoming.items()}
    ids: dict[str, str] = {}  # incoming span id -> stored span id

    def remap(kind: str, content: Callable[[Any], tuple[Any, ...]]) -> dict[str, str]:
        have = {r.id for r in out[kind]}
        free: dict[tuple[Any, ...], list[str]] = {}
        for r in stored[kind]:
            if r.id not in have:
                free.setdefault(content(r), []).append(r.id)
        wanted = {r.id for r in stored[kind]}
        mapped: dict[str, str] = {}
        for n, r in enumerate(out[kind]):
            if r.id in wanted:
                continue
            same = free.get(content(r))
            if same:
                mapped[r.id] = same.pop(0)
                out[kind][n] = dataclasses.replace(r, id=mapped[r.id])
        return mapped

    ids.update(remap("span", lambda r: (r.start, r.end, r.label, r.layer, r.status)))
    if ids:
        out["relation"] = [dataclasses.replace(r, head=ids.get(r.head, r.head), child=ids.get(r.child, r.child)) for r in out["relation"]]
        out["stance"] = [dataclasses.replace(r, evidence=ids.get(r.evidence, r.evidence), holder_span=ids.get(r.holder_span, r.holder_span))
                         for r in out["stance"]]
    remap("relation", lambda r: (r.head, r.child, r.label, r.status))
    remap("stance", lambda r: (r.holder, r.target, r.polarity, r.evidence, r.holder_span, r.status))
    remap("tag", lambda r: (r.tag,))
    return out


def provenance_only(kind: str, before: Any, after: Any) -> bool:
    """fix11x: True when ``after`` differs from ``before`` (one record, kind ``span``, ``relation``,
    ``stance`` or ``tag``) in time stamps or provenance only — what the merge summary's detail line
    calls "no annotation changed" (:mod:`annotator.storage.layer_changes` names no change)."""
    from annotator.storage import layer_changes

    b, a = json.loads(rows.record_to_json(before)), json.loads(rows.record_to_json(after))
    if kind == "span":
        return layer_changes._span(b, a, "") is None
    if kind == "relation":
        return layer_changes._relation(b, a, {}) is None
    if kind == "stance":
        return layer_changes._stance(b, a) is None
    return b.get("tag") == a.get("tag")


def replace_article_layer(
    conn: sqlite3.Connection, analyst: str, article_id: int, bundle: ArticleBundle, *, edit: str, action: str, by: str, at: str,
    held: StoredRecords | None = None,
) -> LayerCounts:
    """Make ``analyst``'s layer of ``article_id`` exactly ``bundle``'s records (their ids, fields,
    ``by`` and times as the analyst's file holds them; ``analyst`` and ``article_id`` set here):
    records no longer there are deleted, changed ones replaced, new ones inserted, each logged
    (kind ``layer_*``, before/after JSON). ``bundle`` must be consistent (relations and stances
    naming its own spans, as :meth:`Project.bundle` gives). ``held``: the layer as stored, when
    the caller has just read it (:func:`stored_layer`)."""
    counts = LayerCounts()
    incoming = _in_layer(bundle, analyst, article_id)
    if held is None:
        held = stored_layer(conn, analyst, article_id)
    stored = {"span": held.spans, "relation": held.relations, "stance": held.stances, "tag": held.tags}
    incoming = _stored_ids(incoming, stored)
    for kind, _ in reversed(KINDS):  # a link goes before its spans
        wanted = {r.id for r in incoming[kind]}
        for record in stored[kind]:
            if record.id not in wanted:
                _drop(conn, record)
                _log(conn, kind, record, None, article_id=article_id, edit=edit, action=action, by=by, at=at)
                counts.deleted[kind] += 1
    for kind, _ in KINDS:
        old = {r.id: r for r in stored[kind]}
        for record in incoming[kind]:
            before = old.get(record.id)
            if before == record:
                counts.unchanged[kind] += 1
                continue
            _put(conn, record)
            _log(conn, kind, before, record, article_id=article_id, edit=edit, action=action, by=by, at=at)
            (counts.added if before is None else counts.updated)[kind] += 1
            if before is not None and provenance_only(kind, before, record):
                counts.touched[kind] += 1
    return counts


def _claimer(conn: sqlite3.Connection, analyst: str, article_id: int, held: StoredRecords) -> Any:
    """A :data:`annotator.storage.merge.ClaimId` for records new to ``analyst``'s layer of
    ``article_id``: the wanted id unless this article's layer holds it, another article's record
    in the same layer has it (the layer's key is (analyst, id): two files' ``T1`` must not
    overwrite each other), or this import claimed it already; else a new id."""
    taken = {"spans": {s.id for s in held.spans}, "relations": {r.id for r in held.relations},
             "stances": {s.id for s in held.stances}, "tags": {t.id for t in held.tags}}

    def claim(table: str, wanted: str) -> str:
        elsewhere = conn.execute(f"SELECT 1 FROM layer_{table} WHERE analyst = ? AND id = ? AND article_id != ?",
                                 [analyst, wanted, article_id]).fetchone()
        record_id = new_id() if wanted in taken[table] or elsewhere else wanted
        taken[table].add(record_id)
        return record_id

    return claim


def _merged_into(held: StoredRecords, moved: ArticleBundle, claim: Any, *, article_id: int, at: str, by: str,
                 ) -> tuple[MergePlan, dict[tuple[str, str], Any]]:
    """:func:`plan_merge` of ``moved`` into ``held`` (taken in: ``held`` afterwards holds the
    result), then relations and stances following their spans (``domain/relation_rule.py``,
    ``stance_rule.py``): the plan, its records fixed in place, and the stored records to change,
    (kind, id) → record. Raises :class:`InputError` as :func:`plan_merge` does."""
    plan = plan_merge(article_id, moved, stored=held, decisions=Decisions(), claim_id=claim, stamp=at, by=by)
    held.add(plan)
    fixes: dict[tuple[str, str], Any] = {}
    new_relations = {r.id for r in plan.relations}
    relation_fixes = {r.id: r for r in repaired(held.spans, held.relations)}
    plan.relations[:] = [relation_fixes.get(r.id, r) for r in plan.relations]
    held.relations[:] = [relation_fixes.get(r.id, r) for r in held.relations]
    fixes.update({("relation", i): r for i, r in relation_fixes.items() if i not in new_relations})
    fixes.update({("stance", s.id): s for s in stances_follow_spans(plan, held)})
    for kind, record_id, _status in plan.settle:
        current = next(r for r in {"span": held.spans, "relation": held.relations, "stance": held.stances}[kind] if r.id == record_id)
        fixes[(kind, record_id)] = current
    return plan, fixes


def _moved(bundle: ArticleBundle, analyst: str, article_id: int) -> ArticleBundle:
    incoming = _in_layer(bundle, analyst, article_id)
    return ArticleBundle(bundle.article, spans=incoming["span"], relations=incoming["relation"],
                         stances=incoming["stance"], tags=incoming["tag"])


def add_to_article_layer(
    conn: sqlite3.Connection, analyst: str, article_id: int, bundle: ArticleBundle, *, edit: str, action: str, by: str, at: str,
    record_by: str | None = None,
) -> tuple[LayerCounts, MergePlan]:
    """Add ``bundle``'s records to ``analyst``'s layer of ``article_id``, merged as an import
    merges into gold (:func:`annotator.storage.merge.plan_merge`: a record already in the layer —
    same id, or same position and label, link, stance content, tag name — is not added again; an
    undecided suggestion there takes an incoming decision), against this analyst's layer only.
    Relations and stances then follow their spans (the rules of ``domain/relation_rule.py`` and
    ``stance_rule.py``). Each written record is logged, by ``by``; ``record_by``: who made a
    record that does not say (default ``by``). Raises :class:`InputError` as
    :func:`plan_merge` does (a span outside the text, a link to a span not in the bundle)."""
    held = stored_layer(conn, analyst, article_id)
    before_of = {("span", s.id): s for s in held.spans} | {("relation", r.id): r for r in held.relations} \
        | {("stance", s.id): s for s in held.stances}
    plan, fixes = _merged_into(held, _moved(bundle, analyst, article_id), _claimer(conn, analyst, article_id, held),
                               article_id=article_id, at=at, by=by if record_by is None else record_by)
    counts = LayerCounts()
    for kind, records in (("span", plan.spans), ("relation", plan.relations), ("stance", plan.stances), ("tag", plan.tags)):
        for record in records:
            _put(conn, record)
            _log(conn, kind, None, record, article_id=article_id, edit=edit, action=action, by=by, at=at)
            counts.added[kind] += 1
    for (kind, record_id), fixed in fixes.items():
        before = before_of[(kind, record_id)]
        after = dataclasses.replace(fixed, updated=at, by=by or before.by)
        if after == before:
            continue
        _put(conn, after)
        _log(conn, kind, before, after, article_id=article_id, edit=edit, action=action, by=by, at=at)
        counts.updated[kind] += 1
    counts.unchanged.update(plan.merged)
    return counts, plan


def replace_with_version(
    conn: sqlite3.Connection, analyst: str, article_id: int, bundle: ArticleBundle, *, edit: str, action: str, by: str, at: str,
    record_by: str | None = None, carries: Collection[Status] | None = None,
) -> tuple[LayerCounts, VersionPlan]:
    """Make ``analyst``'s layer of ``article_id`` the newer version ``bundle`` is (an analyst's
    file imported with ``--analyst``, fix11i), as ``annotator merge`` makes a layer its file's:
    the version is first taken in as an import into an empty layer would take it (duplicates
    within it merged, relations and stances following their spans: :func:`add_to_article_layer`'s
    rules), then matched to the stored records by content (:func:`annotator.storage.merge.plan_version`:
    a brat file gives no lasting ids) and written by :func:`replace_article_layer` — records the
    version lacks deleted, changed ones updated, new ones inserted, each in the change log by
    ``by``; an identical version writes nothing. ``record_by``: who made a record that does not
    say (default ``by``). ``carries``: the statuses the version's file can carry (fix11l; None:
    all, an empty set: accepted only) — the layer's records of other statuses are no part of
    the version and stay (:func:`plan_version`). Returns the counts and the plan (its ``changes``
    say what changed: relabelled, moved, …). Raises :class:`InputError` as :func:`plan_merge` does."""
    who = by if record_by is None else record_by
    held = stored_layer(conn, analyst, article_id)
    version = StoredRecords()
    within: set[tuple[str, str]] = set()

    def unique(table: str, wanted: str) -> str:  # ids unique within the version; the layer's are claimed below
        record_id = new_id() if (table, wanted) in within else wanted
        within.add((table, record_id))
        return record_id

    _merged_into(version, _moved(bundle, analyst, article_id), unique, article_id=article_id, at=at, by=who)
    if carries is not None:
        carries = frozenset(carries) or frozenset({Status.ACCEPTED})  # a file with no annotations: our default export
    plan = plan_version(held, version, claim_id=_claimer(conn, analyst, article_id, held), stamp=at, by=who, carries=carries)
    layer = ArticleBundle(bundle.article, spans=plan.spans, relations=plan.relations, stances=plan.stances, tags=plan.tags)
    return replace_article_layer(conn, analyst, article_id, layer, edit=edit, action=action, by=by, at=at, held=held), plan


def schema_differences(ours: dict[str, Any], theirs: dict[str, Any]) -> list[str]:
    """What differs between two label schemas (``LabelSchema.to_json()`` dicts), one phrase each:
    labels only in one, labels whose layer differs, relations only in one or with other ends,
    attributes only in one or defined otherwise, stance polarities. [] when they agree on all of
    that (colours, keys and descriptions may differ: they change no annotation)."""
    found: list[str] = []

    def by_name(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
        return {i.get("name", ""): i for i in items or []}

    a_labels, b_labels = by_name(ours.get("labels", [])), by_name(theirs.get("labels", []))
    if only := sorted(set(b_labels) - set(a_labels)):
        found.append(f"labels only in the analyst's file: {', '.join(only)}")
    if only := sorted(set(a_labels) - set(b_labels)):
        found.append(f"labels missing from the analyst's file: {', '.join(only)}")
    for name in sorted(set(a_labels) & set(b_labels)):
        if a_labels[name].get("layer") != b_labels[name].get("layer"):
            found.append(f"label {name} is in layer {b_labels[name].get('layer')} there, {a_labels[name].get('layer')} here")
        if sorted(a_labels[name].get("attributes", [])) != sorted(b_labels[name].get("attributes", [])):
            found.append(f"label {name} has other attributes there")
    a_rel, b_rel = by_name(ours.get("relations", [])), by_name(theirs.get("relations", []))
    if only := sorted(set(b_rel) - set(a_rel)):
        found.append(f"relations only in the analyst's file: {', '.join(only)}")
    if only := sorted(set(a_rel) - set(b_rel)):
        found.append(f"relations missing from the analyst's file: {', '.join(only)}")
    for name in sorted(set(a_rel) & set(b_rel)):
        if (sorted(a_rel[name].get("head", [])), sorted(a_rel[name].get("child", []))) != \
                (sorted(b_rel[name].get("head", [])), sorted(b_rel[name].get("child", []))):
            found.append(f"relation {name} links other labels there")
    a_attr, b_attr = ours.get("attributes", {}) or {}, theirs.get("attributes", {}) or {}
    for name in sorted(set(a_attr) | set(b_attr)):
        if name not in a_attr or name not in b_attr:
            found.append(f"attribute {name} is only in {'the analyst' + chr(39) + 's file' if name in b_attr else 'this project'}")
        elif {k: v for k, v in a_attr[name].items() if k != "description"} != {k: v for k, v in b_attr[name].items() if k != "description"}:
            found.append(f"attribute {name} is defined otherwise there")
    if list(ours.get("stance_polarities", [])) != list(theirs.get("stance_polarities", [])):
        found.append(f"stance polarities {theirs.get('stance_polarities')} there, {ours.get('stance_polarities')} here")
    return found


__all__ = [
    "KINDS", "LayerCounts", "LayerInfo", "add_to_article_layer", "check_analyst_name", "clash_message", "clashing_name",
    "StatusMove", "folder_key", "layer_infos", "register", "rename_file_analyst", "set_layer_statuses", "spelled",
    "replace_article_layer", "replace_with_version", "schema_differences", "stored_layer",
]
