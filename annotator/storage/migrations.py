"""Append-only schema migrations of the project file. Never edit one that has shipped: add another.

Each runs in its own transaction (sqlite_utils.Migrations), so a failure leaves the file as it was.
This module imports sqlite-utils only when a migration is read or applied (:class:`LazyMigrations`):
opening an up-to-date project (the window's launch) asks only for the names, by plain SQL
(:func:`pending_names`).
"""

from __future__ import annotations

import json
import re
import uuid

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from annotator.domain.model import now
from annotator.domain.relation_rule import repaired
from annotator.storage import rows

if TYPE_CHECKING:
    from sqlite_utils import Database, Migrations

MIGRATION_SET = "annotator"
MIGRATIONS_TABLE = "_sqlite_migrations"  # sqlite_utils.Migrations.migrations_table: where applied ones are listed


class LazyMigrations:
    """``sqlite_utils.Migrations(name)`` made, and sqlite-utils imported, when first used (the
    decorator only records): every attribute (``pending``, ``apply``, ``applied``…) is the real
    object's. :attr:`names` are the registered migrations' names in order, without it."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._registered: list[tuple[str, Callable[..., None], bool]] = []
        self._real: Migrations | None = None

    def __call__(self, *, name: str, transactional: bool = True) -> Callable[[Callable[..., None]], Callable[..., None]]:
        def inner(fn: Callable[..., None]) -> Callable[..., None]:
            if any(n == name for n, _, _ in self._registered):
                raise ValueError(f"Migration '{name}' is already registered in set '{self.name}'")
            if self._real is not None:
                self._real(name=name, transactional=transactional)(fn)
            self._registered.append((name, fn, transactional))
            return fn

        return inner

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(n for n, _, _ in self._registered)

    @property
    def real(self) -> Migrations:
        if self._real is None:
            from annotator.storage.connection import load_sqlite_utils

            real = load_sqlite_utils().Migrations(self.name)
            for name, fn, transactional in self._registered:
                real(name=name, transactional=transactional)(fn)
            self._real = real
        return self._real

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("__"):
            raise AttributeError(attr)
        return getattr(self.real, attr)


migrations = LazyMigrations(MIGRATION_SET)


def applied_names(conn: sqlite3.Connection) -> list[str] | None:
    """Names of this set's migrations applied to the file on ``conn``, in the order applied; None
    when it has no migrations table (a new or foreign file). Plain SQL: no sqlite-utils."""
    if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [MIGRATIONS_TABLE]).fetchone() is None:
        return None
    return [r[0] for r in conn.execute(f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ? ORDER BY rowid", [MIGRATION_SET])]


def pending_names(conn: sqlite3.Connection) -> list[str]:
    """Names of the registered migrations not yet applied to the file on ``conn``, in order
    (what ``migrations.pending(db)`` names), read by plain SQL."""
    done = set(applied_names(conn) or ())
    return [name for name in migrations.names if name not in done]


@migrations(name="0001_initial")
def m0001_initial(db: Database) -> None:
    db["project"].create({"key": str, "value": str}, pk="key")
    db["articles"].create(
        {
            "id": int,
            "text": str,
            "text_hash": str,
            "title": str,
            "publisher": str,
            "url": str,
            "published": str,
            "meta": str,  # JSON object
            "status": str,
            "added": str,
            "updated": str,
        },
        pk="id",
        not_null={"text", "text_hash", "status"},
        defaults={"title": "", "publisher": "", "url": "", "published": "", "meta": "{}", "status": "new"},
    )
    db["articles"].create_index(["text_hash"], unique=True)
    db["articles"].create_index(["status"])
    db["articles"].enable_fts(["title", "text"], create_triggers=True, tokenize="unicode61 remove_diacritics 2")

    annotation_columns = {
        "status": str,
        "origin": str,
        "attrs": str,  # JSON object
        "created": str,
        "updated": str,
        "by": str,
    }
    db["spans"].create(
        {"id": str, "article_id": int, "start": int, "end": int, "label": str, "layer": str, **annotation_columns},
        pk="id",
        foreign_keys=[("article_id", "articles", "id")],
        not_null={"article_id", "start", "end", "label", "layer", "status"},
    )
    db["spans"].create_index(["article_id", "start"])
    db["spans"].create_index(["label", "status"])
    db["relations"].create(
        {"id": str, "article_id": int, "head": str, "child": str, "label": str, **annotation_columns},
        pk="id",
        foreign_keys=[("article_id", "articles", "id"), ("head", "spans", "id"), ("child", "spans", "id")],
        not_null={"article_id", "head", "child", "label", "status"},
    )
    db["relations"].create_index(["article_id"])
    db["stances"].create(
        {"id": str, "article_id": int, "holder": str, "target": str, "polarity": str, **annotation_columns},
        pk="id",
        foreign_keys=[("article_id", "articles", "id")],
    )
    db["stances"].create_index(["article_id"])
    db["tags"].create(
        {"id": str, "article_id": int, "tag": str, "origin": str, "created": str, "by": str},
        pk="id",
        foreign_keys=[("article_id", "articles", "id")],
    )
    db["tags"].create_index(["article_id", "tag"], unique=True)
    # Which pipeline pre-annotated which article, so a rerun skips it unless asked to redo.
    db["preannotations"].create(
        {"article_id": int, "origin": str, "at": str, "spans": int},
        pk="article_id",
        foreign_keys=[("article_id", "articles", "id")],
    )
    # The change log is append-only: who changed what, when, from what to what (JSON rows).
    db["changes"].create(
        {
            "id": int,
            "at": str,
            "by": str,
            "edit": str,  # id shared by all rows of one user action
            "action": str,  # human-readable description of the action
            "kind": str,  # span | relation | stance | tag | article | import | preannotate
            "record_id": str,
            "article_id": int,
            "before": str,
            "after": str,
        },
        pk="id",
    )
    db["changes"].create_index(["article_id"])
    db["changes"].create_index(["record_id"])
    db.execute(
        "CREATE TRIGGER changes_append_only_update BEFORE UPDATE ON changes "
        "BEGIN SELECT RAISE(ABORT, 'the change log is append-only'); END"
    )
    db.execute(
        "CREATE TRIGGER changes_append_only_delete BEFORE DELETE ON changes "
        "BEGIN SELECT RAISE(ABORT, 'the change log is append-only'); END"
    )


REPAIR_ACTION = "Repair: relations follow their spans"
REPAIR_BY = "annotator (migration 0002)"


@migrations(name="0002_relations_follow_spans")
def m0002_relations_follow_spans(db: Database) -> None:
    """Give every half-decided relation the status its spans imply (the rule and invariant of
    :mod:`annotator.domain.relation_rule`): before it, resizing or relabelling a suggested quote
    whose speaker and cue were accepted left its links ``suggested``, so ``--status accepted``
    exports lost them. Each repaired relation gets ``updated`` = now and one ``changes`` row
    (kind ``relation``, action :data:`REPAIR_ACTION`, before/after JSON); one edit id per article.
    """
    at = now()
    article_ids = [r[0] for r in db.execute("SELECT DISTINCT article_id FROM relations ORDER BY article_id")]
    for article_id in article_ids:
        spans = [rows.span_from_row(r) for r in db["spans"].rows_where("article_id = ?", [article_id])]
        relations = [rows.relation_from_row(r) for r in db["relations"].rows_where("article_id = ?", [article_id], order_by="rowid")]
        before = {r.id: r for r in relations}
        edit_id = uuid.uuid4().hex
        for fixed in repaired(spans, relations):
            old = before[fixed.id]
            db.execute("UPDATE relations SET status = ?, updated = ? WHERE id = ?", [str(fixed.status), at, fixed.id])
            after = rows.relation_from_row({**rows.to_row(fixed), "updated": at})
            db["changes"].insert({
                "at": at, "by": REPAIR_BY, "edit": edit_id, "action": REPAIR_ACTION, "kind": "relation",
                "record_id": fixed.id, "article_id": article_id,
                "before": rows.record_to_json(old), "after": rows.record_to_json(after),
            })


@migrations(name="0003_stance_holder_span_evidence")
def m0003_stance_holder_span_evidence(db: Database) -> None:
    """Stances name the span their holder is (``holder_span``) and the quote or claim they rest on
    (``evidence``): span ids of the same article, "" when none. Older stances get "" for both
    (article-level, holder by name), which is what they were."""
    db["stances"].add_column("holder_span", str, not_null_default="")
    db["stances"].add_column("evidence", str, not_null_default="")
    db["stances"].create_index(["evidence"])
    db["stances"].create_index(["holder_span"])


COLLECT_ACTION = "Collect targets and tags in use into the project's lists"
COLLECT_BY = "annotator (migration 0004)"


@migrations(name="0004_target_and_tag_lists")
def m0004_target_and_tag_lists(db: Database) -> None:
    """The project's **target list** (``target_list``) and **tag list** (``tag_list``): one row per
    entry (id, name, colour, key, description; targets also ``kind`` entity|topic), ``name``
    unique, ``key`` unique when set. Tables rather than a JSON value in ``project``: each entry
    is a record that edits change one row at a time, logged per row like any other record, and
    SQLite enforces unique names and keys even against a second window.

    Every target of an existing stance and every existing tag becomes an entry (one ``changes``
    row each, kind ``target_entry``/``tag_entry``, action :data:`COLLECT_ACTION`). A target that
    is the text of an entity span somewhere is of kind ``entity``, any other ``topic``.
    """
    from annotator.domain.project_lists import default_colour  # the palette the dialog uses too

    columns = {"id": str, "name": str, "colour": str, "key": str, "description": str, "created": str, "updated": str, "by": str}
    db["target_list"].create({**columns, "kind": str}, pk="id", not_null={"name"})
    db["tag_list"].create(columns, pk="id", not_null={"name"})
    for table in ("target_list", "tag_list"):
        db.execute(f"CREATE UNIQUE INDEX {table}_name ON {table}(name)")
        db.execute(f"CREATE UNIQUE INDEX {table}_key ON {table}(key) WHERE key != ''")
    at = now()
    edit_id = uuid.uuid4().hex
    targets = [r[0] for r in db.execute(
        "SELECT DISTINCT target FROM stances WHERE trim(coalesce(target, '')) != '' ORDER BY target")]
    entity_texts = {r[0] for r in db.execute(
        "SELECT DISTINCT substr(a.text, s.start + 1, s.\"end\" - s.start) FROM spans s JOIN articles a ON a.id = s.article_id "
        "WHERE s.layer = 'entity' AND s.status != 'rejected'")}
    tags = [r[0] for r in db.execute("SELECT DISTINCT tag FROM tags WHERE trim(coalesce(tag, '')) != '' ORDER BY tag")]
    for table, kind, names in (("target_list", "target_entry", targets), ("tag_list", "tag_entry", tags)):
        for index, name in enumerate(names):
            row = {"id": uuid.uuid4().hex, "name": name, "colour": default_colour(index), "key": "", "description": "",
                   "created": at, "updated": at, "by": COLLECT_BY}
            if table == "target_list":
                row["kind"] = "entity" if name in entity_texts else "topic"
            db[table].insert(row)
            db["changes"].insert({
                "at": at, "by": COLLECT_BY, "edit": edit_id, "action": COLLECT_ACTION, "kind": kind,
                "record_id": row["id"], "article_id": None, "before": None,
                "after": json.dumps(row, ensure_ascii=False, sort_keys=True),
            })


def schema_version() -> int:
    """The file format version this program writes: one step per migration."""
    return len(migrations.names)


@migrations(name="0005_relations_by_head")
def m0005_relations_by_head(db: Database) -> None:
    """Index the relations by their head span and label, and by label, so project search
    (:mod:`annotator.storage.search`) finds a quote's SPEAKER and a claim's CLAIMANT, and every
    link of one label, without scanning the relations (and a 10,000-article project answers in well under a second)."""
    db["relations"].create_index(["head", "label"], if_not_exists=True)
    db["relations"].create_index(["label", "child", "head"], if_not_exists=True)


@migrations(name="0006_article_uncertainty")
def m0006_article_uncertainty(db: Database) -> None:
    """The cache of active ordering (:mod:`annotator.nlp.uncertainty`): one row per article and
    pipeline (``pipeline``: :func:`annotator.nlp.uncertainty.pipeline_key`) with the ``score``
    (0..1, the article's uncertainty), the article's ``text_hash`` when it was scored (a row whose
    hash no longer matches is stale) and ``computed_at``. A cache, not a decision: rows are
    replaced without a ``changes`` entry, and dropping the table loses nothing an analyst did."""
    db["article_uncertainty"].create(
        {"article_id": int, "pipeline": str, "text_hash": str, "score": float, "computed_at": str},
        pk=("article_id", "pipeline"),
        not_null={"article_id", "pipeline", "text_hash", "score", "computed_at"},
    )
    db["article_uncertainty"].create_index(["pipeline", "score"])


# The tables holding analysts' layers (docs/team.md): the gold table's columns plus ``analyst``.
LAYER_TABLES = {"spans": "layer_spans", "relations": "layer_relations", "stances": "layer_stances", "tags": "layer_tags"}


@migrations(name="0007_analyst_layers")
def m0007_analyst_layers(db: Database) -> None:
    """Analysts' layers (issue 11; the design is in ``docs/team.md``).

    The project's own layer — gold in a team project — stays in ``spans``, ``relations``,
    ``stances`` and ``tags``, which gain ``analyst TEXT NOT NULL DEFAULT ''`` held to ``''`` by a
    CHECK: every query written against them, today's and tomorrow's, sees gold only. Each
    analyst's layer is in ``layer_spans`` … ``layer_tags`` (same columns, ``analyst`` non-empty,
    primary key ``(analyst, id)``: the ids of the analyst's own file, so a re-merge updates in
    place and two analysts' copies of one pre-annotation stay two records). ``layers`` lists the
    analysts known to the project (where their layer last came from); ``layer_articles`` the
    articles each was given, so "annotated nothing here" is told apart from "never saw it", with
    the status the analyst gave the article in their own file (``done`` …; "" when imported).
    """
    for table in LAYER_TABLES:
        db.execute(f"ALTER TABLE {table} ADD COLUMN analyst TEXT NOT NULL DEFAULT '' CHECK (analyst = '')")
    record = "status TEXT NOT NULL, origin TEXT, attrs TEXT, created TEXT, updated TEXT, by TEXT"
    layer = "analyst TEXT NOT NULL CHECK (analyst != ''), PRIMARY KEY (analyst, id)"
    article = "article_id INTEGER NOT NULL REFERENCES articles(id)"
    db.execute(f'CREATE TABLE layer_spans (id TEXT NOT NULL, {article}, start INTEGER NOT NULL, "end" INTEGER NOT NULL, '
               f"label TEXT NOT NULL, layer TEXT NOT NULL, {record}, {layer})")
    db.execute(f"CREATE TABLE layer_relations (id TEXT NOT NULL, {article}, head TEXT NOT NULL, child TEXT NOT NULL, "
               f"label TEXT NOT NULL, {record}, {layer})")
    db.execute(f"CREATE TABLE layer_stances (id TEXT NOT NULL, {article}, holder TEXT, target TEXT, polarity TEXT, "
               f"{record.replace('status TEXT NOT NULL', 'status TEXT')}, holder_span TEXT NOT NULL DEFAULT '', "
               f"evidence TEXT NOT NULL DEFAULT '', {layer})")
    db.execute(f"CREATE TABLE layer_tags (id TEXT NOT NULL, {article}, tag TEXT NOT NULL, origin TEXT, created TEXT, by TEXT, {layer})")
    for table in LAYER_TABLES.values():
        db.execute(f"CREATE INDEX {table}_article ON {table}(analyst, article_id)")
    db.execute("CREATE UNIQUE INDEX layer_tags_unique ON layer_tags(analyst, article_id, tag)")
    db.execute("CREATE TABLE layers (analyst TEXT PRIMARY KEY CHECK (analyst != ''), source TEXT NOT NULL DEFAULT '', "
               "merged_at TEXT NOT NULL DEFAULT '', by TEXT NOT NULL DEFAULT '')")
    db.execute("CREATE TABLE layer_articles (analyst TEXT NOT NULL REFERENCES layers(analyst), "
               "article_id INTEGER NOT NULL REFERENCES articles(id), status TEXT NOT NULL DEFAULT '', "
               "PRIMARY KEY (analyst, article_id))")


@migrations(name="0008_article_words_and_list_indexes")
def m0008_article_words_and_list_indexes(db: Database) -> None:
    """What the article list reads, stored and indexed (issue 12), so listing 50,000 articles
    reads neither their texts nor every span:

    * ``articles.words`` INTEGER: the article's word count (:func:`annotator.domain.words.word_count`),
      written by every path that inserts an article (``Project._import_gold``) and backfilled here
      for existing articles. ``NULL`` means "not counted" (a row another program inserted): the
      list counts those from the text (:meth:`annotator.storage.project.Project.article_summaries`),
      so a count is never wrong, only slower.
    * ``spans_article_status`` on ``spans(article_id, status)``: the list's pending/accepted counts
      are one range of a covering index per article.
    * ``articles_list`` on ``articles(id, status, words, title, publisher, published)``: a page of
      the list is read from the index, without walking each article's text to reach the columns
      stored after it.

    * the full-text index's update trigger ``articles_au`` fires only when ``title`` or ``text``
      (the indexed columns) change: it re-indexed the whole text on every status change (opening a
      new article, marking one done) and would have re-indexed every article for the backfill.

    Adds no ``changes`` rows: a count derived from the immutable text is no analyst's decision.
    """
    from annotator.domain.words import word_count

    trigger = db.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'articles_au'").fetchone()
    if trigger is not None:
        db.execute('DROP TRIGGER "articles_au"')
        db.execute(re.sub(r'AFTER UPDATE ON "?articles"?', 'AFTER UPDATE OF "title", "text" ON "articles"', trigger[0], count=1))
    db.execute("ALTER TABLE articles ADD COLUMN words INTEGER")
    db.conn.create_function("annotator_word_count", 1, word_count, deterministic=True)
    db.execute("UPDATE articles SET words = annotator_word_count(text)")
    db.execute("CREATE INDEX IF NOT EXISTS spans_article_status ON spans(article_id, status)")
    db.execute("CREATE INDEX IF NOT EXISTS articles_list ON articles(id, status, words, title, publisher, published)")


@migrations(name="0009_article_tokens")
def m0009_article_tokens(db: Database) -> None:
    """Token offsets stored once per article (issue 12; :mod:`annotator.formats.token_store`):
    what the exports' tokenizer made of the article's text, so that an export does not tokenise
    it again. ``tokenizer`` names the tokenizer (spaCy's version and the packing's) and
    ``text_hash`` the text: a row for another tokenizer or text is not used. ``starts``: the
    tokens' first code points, little-endian uint32; ``flags``: one byte a token (space after,
    whitespace, punctuation, sentence-final punctuation); ``norms``: JSON ``{token index: norm}``
    of the norms the tokenizer's exceptions set. Derived data: dropping a row loses nothing.
    """
    db.execute("CREATE TABLE article_tokens (article_id INTEGER PRIMARY KEY REFERENCES articles(id), "
               "tokenizer TEXT NOT NULL, text_hash TEXT NOT NULL, starts BLOB NOT NULL, flags BLOB NOT NULL, "
               "norms TEXT NOT NULL DEFAULT '{}')")


@migrations(name="0010_uncertainty_doubtful")
def m0010_uncertainty_doubtful(db: Database) -> None:
    """Active ordering's second key (usertest16 M9; :func:`annotator.nlp.uncertainty.doubtful_decisions`):
    ``article_uncertainty.doubtful``, how many doubtful decisions the article holds. NULL in the
    rows stored before it: such a row is a score of the old shape, which
    :mod:`annotator.storage.uncertainty_cache` treats as missing, so the article is scored again
    (a cache: nothing an analyst did is lost)."""
    db.execute("ALTER TABLE article_uncertainty ADD COLUMN doubtful INTEGER")


@migrations(name="0011_relations_by_child")
def m0011_relations_by_child(db: Database) -> None:
    """Index the relations by their child span (launch17). ``relations.child`` references
    ``spans(id)`` and foreign keys are on, so deleting a span makes SQLite look for relations
    whose child it is; without an index led by ``child`` (``label, child, head`` is led by the
    label) that is a scan of every relation for each deleted span. At 50,000 articles (141,095
    relations) storing a re-run pre-annotation, which deletes the article's stale suggestions on
    the window's UI thread, took 100-930 ms for 3-32 spans (load 9); with this index 0.0-4.4 ms.
    Building it: 178 ms at 50,000 articles, once."""
    db.execute("CREATE INDEX IF NOT EXISTS relations_child ON relations(child)")


@migrations(name="0012_article_text_keys")
def m0012_article_text_keys(db: Database) -> None:
    """Each article's whitespace-insensitive key (fix38, usertest28 M4;
    :func:`annotator.domain.respacing.text_key`), so that an import finds the article a document
    came from when only its whitespace changed (a CoNLL export rebuilt from tokens, a re-wrapped
    JSONL or CSV text, brat with CRLF): ``article_text_keys(article_id, key)``, indexed by key,
    computed here for the articles the file holds. Derived from the immutable text, so a table of
    its own (as ``article_tokens``) — adding a column would rewrite every article row, text and
    all — and no ``changes`` rows. An article without a row (inserted by another program, or by
    an import that did not compute its key: a CSV import, :mod:`annotator.storage.text_keys`) gets
    one when an import first looks for a whitespace match."""
    from annotator.storage.text_keys import CREATE, fill

    for statement in CREATE:
        db.execute(statement)
    fill(db.conn)
