"""A new project's tables made from the schema every migration leaves, without sqlite-utils (import17).

A new file used to get its tables by applying every migration of :mod:`annotator.storage.migrations`
through ``sqlite_utils.Migrations``: importing sqlite-utils and running eleven migrations, each in a
transaction of its own, cost ~0.05 s of CPU (0.037 s of it the import of sqlite-utils) in every
``annotator import`` into a new project (issue 12: 10,000 rows take ~0.5 s). :data:`STATEMENTS` is
what those migrations leave in ``sqlite_master`` (tables, indexes, triggers, the full-text table;
not the full-text table's own shadow tables, which its ``CREATE VIRTUAL TABLE`` makes), and
:func:`create` runs it in one transaction with the ``_sqlite_migrations`` rows saying each
migration was applied, as ``sqlite_utils.Migrations.apply`` records them.

It is used only when :data:`MIGRATIONS` is exactly the registered migrations' names: a migration
added without regenerating this module leaves new files to the migrations, as before, never to an
older schema. ``tests/core/test_fresh_schema_import17.py`` checks that :data:`STATEMENTS` is
what the migrations make now (regenerate with ``python -m annotator.storage.fresh_schema``) and
that a file made either way has the same ``sqlite_master``, rows and ``user_version``.
"""

from __future__ import annotations

import datetime
import sqlite3
from collections.abc import Sequence
from typing import Any

from annotator.storage.migrations import MIGRATION_SET, MIGRATIONS_TABLE, migrations

#: The migrations :data:`STATEMENTS` is the result of, in order.
MIGRATIONS: tuple[str, ...] = (
    '0001_initial',
    '0002_relations_follow_spans',
    '0003_stance_holder_span_evidence',
    '0004_target_and_tag_lists',
    '0005_relations_by_head',
    '0006_article_uncertainty',
    '0007_analyst_layers',
    '0008_article_words_and_list_indexes',
    '0009_article_tokens',
    '0010_uncertainty_doubtful',
    '0011_relations_by_child',
    '0012_article_text_keys',
)

#: ``sqlite_master``'s SQL after :data:`MIGRATIONS` on an empty file: tables, then indexes, then
#: triggers and views, each kind in the order the migrations made them.
STATEMENTS: tuple[str, ...] = (
    'CREATE TABLE "_sqlite_migrations" (\n   "id" INTEGER PRIMARY KEY,\n   "migration_set" TEXT,\n   "name" TEXT,\n   "applied_at" TEXT\n)',
    'CREATE TABLE "project" (\n   "key" TEXT PRIMARY KEY,\n   "value" TEXT\n)',
    'CREATE TABLE "articles" (\n   "id" INTEGER PRIMARY KEY,\n   "text" TEXT NOT NULL,\n   "text_hash" TEXT NOT NULL,\n   "title" TEXT DEFAULT \'\',\n   "publisher" TEXT DEFAULT \'\',\n   "url" TEXT DEFAULT \'\',\n   "published" TEXT DEFAULT \'\',\n   "meta" TEXT DEFAULT \'{}\',\n   "status" TEXT NOT NULL DEFAULT \'new\',\n   "added" TEXT,\n   "updated" TEXT\n, words INTEGER)',
    'CREATE VIRTUAL TABLE "articles_fts" USING FTS5 (\n    "title", "text",\n    tokenize=\'unicode61 remove_diacritics 2\',\n    content="articles"\n)',
    'CREATE TABLE "spans" (\n   "id" TEXT PRIMARY KEY,\n   "article_id" INTEGER NOT NULL REFERENCES "articles"("id"),\n   "start" INTEGER NOT NULL,\n   "end" INTEGER NOT NULL,\n   "label" TEXT NOT NULL,\n   "layer" TEXT NOT NULL,\n   "status" TEXT NOT NULL,\n   "origin" TEXT,\n   "attrs" TEXT,\n   "created" TEXT,\n   "updated" TEXT,\n   "by" TEXT\n, analyst TEXT NOT NULL DEFAULT \'\' CHECK (analyst = \'\'))',
    'CREATE TABLE "relations" (\n   "id" TEXT PRIMARY KEY,\n   "article_id" INTEGER NOT NULL REFERENCES "articles"("id"),\n   "head" TEXT NOT NULL REFERENCES "spans"("id"),\n   "child" TEXT NOT NULL REFERENCES "spans"("id"),\n   "label" TEXT NOT NULL,\n   "status" TEXT NOT NULL,\n   "origin" TEXT,\n   "attrs" TEXT,\n   "created" TEXT,\n   "updated" TEXT,\n   "by" TEXT\n, analyst TEXT NOT NULL DEFAULT \'\' CHECK (analyst = \'\'))',
    'CREATE TABLE "stances" (\n   "id" TEXT PRIMARY KEY,\n   "article_id" INTEGER REFERENCES "articles"("id"),\n   "holder" TEXT,\n   "target" TEXT,\n   "polarity" TEXT,\n   "status" TEXT,\n   "origin" TEXT,\n   "attrs" TEXT,\n   "created" TEXT,\n   "updated" TEXT,\n   "by" TEXT\n, "holder_span" TEXT NOT NULL DEFAULT \'\', "evidence" TEXT NOT NULL DEFAULT \'\', analyst TEXT NOT NULL DEFAULT \'\' CHECK (analyst = \'\'))',
    'CREATE TABLE "tags" (\n   "id" TEXT PRIMARY KEY,\n   "article_id" INTEGER REFERENCES "articles"("id"),\n   "tag" TEXT,\n   "origin" TEXT,\n   "created" TEXT,\n   "by" TEXT\n, analyst TEXT NOT NULL DEFAULT \'\' CHECK (analyst = \'\'))',
    'CREATE TABLE "preannotations" (\n   "article_id" INTEGER PRIMARY KEY REFERENCES "articles"("id"),\n   "origin" TEXT,\n   "at" TEXT,\n   "spans" INTEGER\n)',
    'CREATE TABLE "changes" (\n   "id" INTEGER PRIMARY KEY,\n   "at" TEXT,\n   "by" TEXT,\n   "edit" TEXT,\n   "action" TEXT,\n   "kind" TEXT,\n   "record_id" TEXT,\n   "article_id" INTEGER,\n   "before" TEXT,\n   "after" TEXT\n)',
    'CREATE TABLE "target_list" (\n   "id" TEXT PRIMARY KEY,\n   "name" TEXT NOT NULL,\n   "colour" TEXT,\n   "key" TEXT,\n   "description" TEXT,\n   "created" TEXT,\n   "updated" TEXT,\n   "by" TEXT,\n   "kind" TEXT\n)',
    'CREATE TABLE "tag_list" (\n   "id" TEXT PRIMARY KEY,\n   "name" TEXT NOT NULL,\n   "colour" TEXT,\n   "key" TEXT,\n   "description" TEXT,\n   "created" TEXT,\n   "updated" TEXT,\n   "by" TEXT\n)',
    'CREATE TABLE "article_uncertainty" (\n   "article_id" INTEGER NOT NULL,\n   "pipeline" TEXT NOT NULL,\n   "text_hash" TEXT NOT NULL,\n   "score" REAL NOT NULL,\n   "computed_at" TEXT NOT NULL, doubtful INTEGER,\n   PRIMARY KEY ("article_id", "pipeline")\n)',
    'CREATE TABLE layer_spans (id TEXT NOT NULL, article_id INTEGER NOT NULL REFERENCES articles(id), start INTEGER NOT NULL, "end" INTEGER NOT NULL, label TEXT NOT NULL, layer TEXT NOT NULL, status TEXT NOT NULL, origin TEXT, attrs TEXT, created TEXT, updated TEXT, by TEXT, analyst TEXT NOT NULL CHECK (analyst != \'\'), PRIMARY KEY (analyst, id))',
    "CREATE TABLE layer_relations (id TEXT NOT NULL, article_id INTEGER NOT NULL REFERENCES articles(id), head TEXT NOT NULL, child TEXT NOT NULL, label TEXT NOT NULL, status TEXT NOT NULL, origin TEXT, attrs TEXT, created TEXT, updated TEXT, by TEXT, analyst TEXT NOT NULL CHECK (analyst != ''), PRIMARY KEY (analyst, id))",
    "CREATE TABLE layer_stances (id TEXT NOT NULL, article_id INTEGER NOT NULL REFERENCES articles(id), holder TEXT, target TEXT, polarity TEXT, status TEXT, origin TEXT, attrs TEXT, created TEXT, updated TEXT, by TEXT, holder_span TEXT NOT NULL DEFAULT '', evidence TEXT NOT NULL DEFAULT '', analyst TEXT NOT NULL CHECK (analyst != ''), PRIMARY KEY (analyst, id))",
    "CREATE TABLE layer_tags (id TEXT NOT NULL, article_id INTEGER NOT NULL REFERENCES articles(id), tag TEXT NOT NULL, origin TEXT, created TEXT, by TEXT, analyst TEXT NOT NULL CHECK (analyst != ''), PRIMARY KEY (analyst, id))",
    "CREATE TABLE layers (analyst TEXT PRIMARY KEY CHECK (analyst != ''), source TEXT NOT NULL DEFAULT '', merged_at TEXT NOT NULL DEFAULT '', by TEXT NOT NULL DEFAULT '')",
    "CREATE TABLE layer_articles (analyst TEXT NOT NULL REFERENCES layers(analyst), article_id INTEGER NOT NULL REFERENCES articles(id), status TEXT NOT NULL DEFAULT '', PRIMARY KEY (analyst, article_id))",
    "CREATE TABLE article_tokens (article_id INTEGER PRIMARY KEY REFERENCES articles(id), tokenizer TEXT NOT NULL, text_hash TEXT NOT NULL, starts BLOB NOT NULL, flags BLOB NOT NULL, norms TEXT NOT NULL DEFAULT '{}')",
    'CREATE TABLE article_text_keys (article_id INTEGER PRIMARY KEY REFERENCES articles(id), key INTEGER NOT NULL)',
    'CREATE UNIQUE INDEX "idx__sqlite_migrations_migration_set_name"\n    ON "_sqlite_migrations" ("migration_set", "name")',
    'CREATE UNIQUE INDEX "idx_articles_text_hash"\n    ON "articles" ("text_hash")',
    'CREATE INDEX "idx_articles_status"\n    ON "articles" ("status")',
    'CREATE INDEX "idx_spans_article_id_start"\n    ON "spans" ("article_id", "start")',
    'CREATE INDEX "idx_spans_label_status"\n    ON "spans" ("label", "status")',
    'CREATE INDEX "idx_relations_article_id"\n    ON "relations" ("article_id")',
    'CREATE INDEX "idx_stances_article_id"\n    ON "stances" ("article_id")',
    'CREATE UNIQUE INDEX "idx_tags_article_id_tag"\n    ON "tags" ("article_id", "tag")',
    'CREATE INDEX "idx_changes_article_id"\n    ON "changes" ("article_id")',
    'CREATE INDEX "idx_changes_record_id"\n    ON "changes" ("record_id")',
    'CREATE INDEX "idx_stances_evidence"\n    ON "stances" ("evidence")',
    'CREATE INDEX "idx_stances_holder_span"\n    ON "stances" ("holder_span")',
    'CREATE UNIQUE INDEX target_list_name ON target_list(name)',
    "CREATE UNIQUE INDEX target_list_key ON target_list(key) WHERE key != ''",
    'CREATE UNIQUE INDEX tag_list_name ON tag_list(name)',
    "CREATE UNIQUE INDEX tag_list_key ON tag_list(key) WHERE key != ''",
    'CREATE INDEX "idx_relations_head_label"\n    ON "relations" ("head", "label")',
    'CREATE INDEX "idx_relations_label_child_head"\n    ON "relations" ("label", "child", "head")',
    'CREATE INDEX "idx_article_uncertainty_pipeline_score"\n    ON "article_uncertainty" ("pipeline", "score")',
    'CREATE INDEX layer_spans_article ON layer_spans(analyst, article_id)',
    'CREATE INDEX layer_relations_article ON layer_relations(analyst, article_id)',
    'CREATE INDEX layer_stances_article ON layer_stances(analyst, article_id)',
    'CREATE INDEX layer_tags_article ON layer_tags(analyst, article_id)',
    'CREATE UNIQUE INDEX layer_tags_unique ON layer_tags(analyst, article_id, tag)',
    'CREATE INDEX spans_article_status ON spans(article_id, status)',
    'CREATE INDEX articles_list ON articles(id, status, words, title, publisher, published)',
    'CREATE INDEX relations_child ON relations(child)',
    'CREATE INDEX article_text_keys_key ON article_text_keys(key)',
    'CREATE TRIGGER "articles_ai" AFTER INSERT ON "articles" BEGIN\n  INSERT INTO "articles_fts" (rowid, "title", "text") VALUES (new.rowid, new."title", new."text");\nEND',
    'CREATE TRIGGER "articles_ad" AFTER DELETE ON "articles" BEGIN\n  INSERT INTO "articles_fts" ("articles_fts", rowid, "title", "text") VALUES(\'delete\', old.rowid, old."title", old."text");\nEND',
    "CREATE TRIGGER changes_append_only_update BEFORE UPDATE ON changes BEGIN SELECT RAISE(ABORT, 'the change log is append-only'); END",
    "CREATE TRIGGER changes_append_only_delete BEFORE DELETE ON changes BEGIN SELECT RAISE(ABORT, 'the change log is append-only'); END",
    'CREATE TRIGGER "articles_au" AFTER UPDATE OF "title", "text" ON "articles" BEGIN\n  INSERT INTO "articles_fts" ("articles_fts", rowid, "title", "text") VALUES(\'delete\', old.rowid, old."title", old."text");\n  INSERT INTO "articles_fts" (rowid, "title", "text") VALUES (new.rowid, new."title", new."text");\nEND',
)

_FTS5_SHADOWS = ("data", "idx", "content", "docsize", "config")


def snapshot(conn: sqlite3.Connection) -> tuple[str, ...]:
    """The statements that make the schema of the file on ``conn`` again (:data:`STATEMENTS` of
    a migrated empty file): ``sqlite_master``'s SQL without SQLite's own objects (``sqlite_*``,
    automatic indexes) and the shadow tables of its FTS5 tables, tables first (so that an index
    or trigger finds its table), then indexes, triggers and views, each kind in ``rowid`` order."""
    rows = conn.execute("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
                        "ORDER BY rowid").fetchall()
    virtual = [name for kind, name, sql in rows if kind == "table" and sql.upper().startswith("CREATE VIRTUAL TABLE")]
    shadows = {f"{name}_{suffix}" for name in virtual for suffix in _FTS5_SHADOWS}
    order = {"table": 0, "index": 1, "trigger": 2, "view": 3}
    kept = [(order[kind], n, sql) for n, (kind, name, sql) in enumerate(rows) if name not in shadows]
    return tuple(sql for _, _, sql in sorted(kept))


def usable() -> bool:
    """Whether :data:`STATEMENTS` is the schema of the registered migrations (module docstring)."""
    return bool(STATEMENTS) and MIGRATIONS == migrations.names


def create(conn: sqlite3.Connection, extra: Sequence[tuple[str, Sequence[Any]]] = (), *, commit: bool = True) -> None:
    """Make an empty file's tables from :data:`STATEMENTS` and record :data:`MIGRATIONS` as
    applied, then run ``extra`` (statement, parameters) — a new project's id and first settings —
    all in one transaction (``BEGIN IMMEDIATE``): nothing is left of it on an error.
    ``commit=False`` leaves that transaction open for the caller to add to and commit (perf27:
    ``annotator import`` into a new file makes its tables and rows in one transaction); an error
    here still rolls it back. The caller has checked :func:`usable` and that the file holds no table."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        for statement in STATEMENTS:
            conn.execute(statement)
        # as sqlite_utils.Migrations._record_applied writes them: the time as str(an aware UTC datetime)
        conn.executemany(f"INSERT INTO {MIGRATIONS_TABLE} (migration_set, name, applied_at) VALUES (?, ?, ?)",
                         [(MIGRATION_SET, name, str(datetime.datetime.now(datetime.timezone.utc))) for name in MIGRATIONS])
        for statement, parameters in extra:
            conn.execute(statement, parameters)
        if commit:
            conn.execute("COMMIT")
    except BaseException:
        conn.rollback()
        raise


def _source(statements: tuple[str, ...], names: tuple[str, ...]) -> str:
    """This module's text with ``statements`` and ``names`` as :data:`STATEMENTS` and :data:`MIGRATIONS`."""
    from pathlib import Path

    text = Path(__file__).read_text(encoding="utf-8")
    head, _, rest = text.partition("MIGRATIONS: tuple[str, ...] = ")
    rest = rest[rest.index("\n\n#: ``sqlite_master``"):]
    middle, _, tail = rest.partition("STATEMENTS: tuple[str, ...] = ")
    tail = tail[tail.index("\n\n_FTS5_SHADOWS"):]
    listed = "".join(f"    {s!r},\n" for s in statements)
    named = "".join(f"    {n!r},\n" for n in names)
    return f"{head}MIGRATIONS: tuple[str, ...] = (\n{named}){middle}STATEMENTS: tuple[str, ...] = (\n{listed}){tail}"


def migrated_statements() -> tuple[str, ...]:
    """:func:`snapshot` of an in-memory file after every registered migration."""
    from annotator.storage.connection import make_database

    conn = sqlite3.connect(":memory:")
    try:
        migrations.apply(make_database(conn))
        return snapshot(conn)
    finally:
        conn.close()


if __name__ == "__main__":  # python -m annotator.storage.fresh_schema: regenerate this module
    from pathlib import Path

    Path(__file__).write_text(_source(migrated_statements(), migrations.names), encoding="utf-8")
    print(f"wrote {Path(__file__)}")
