"""The articles' whitespace-insensitive keys (fix38; :func:`annotator.domain.respacing.text_key`,
migration ``0012_article_text_keys``).

``article_text_keys`` holds one row per article: ``(article_id, key)``. The key is derived from
the article's text, which never changes, so a row once written stays right. A row is written

* for every article the file held when migration 0012 ran;
* by the general import for each new article whose key it computed (a document not found by its
  exact text in a project that held articles: the key was needed to look for a match);
* for every article without one, by :func:`fill`, when an import first looks for a whitespace
  match (:func:`matches`): a CSV import of rows and any import into an empty project store none,
  as computing the key costs ~24 µs an article (1,000 FNC-1 bodies: 24 ms of CPU, against ~35 ms
  for their whole CSV import; docs/formats.md, fix38), paid once later, and only by a project
  re-imported into.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from annotator.domain.respacing import text_key

TABLE = "article_text_keys"
CREATE = (
    f"CREATE TABLE {TABLE} (article_id INTEGER PRIMARY KEY REFERENCES articles(id), key INTEGER NOT NULL)",
    f"CREATE INDEX {TABLE}_key ON {TABLE}(key)",
)


def fill(conn: sqlite3.Connection) -> int:
    """Write the key of every article that has no row yet, in the caller's transaction; returns
    how many were written (0, after one indexed probe, when none lacks one)."""
    conn.create_function("annotator_text_key", 1, text_key, deterministic=True)
    cursor = conn.execute(f"INSERT INTO {TABLE} (article_id, key) SELECT a.id, annotator_text_key(a.text) FROM articles a "
                          f"WHERE NOT EXISTS (SELECT 1 FROM {TABLE} k WHERE k.article_id = a.id)")
    return cursor.rowcount


def keep(conn: sqlite3.Connection, keys: Iterable[tuple[int, int]]) -> None:
    """Write ``(article_id, key)`` rows (an article's row already there is left as it is)."""
    conn.executemany(f"INSERT OR IGNORE INTO {TABLE} (article_id, key) VALUES (?, ?)", list(keys))


def matches(conn: sqlite3.Connection, key: int, up_to: int) -> list[tuple[int, str, str]]:
    """``(id, text, text_hash)`` of each article with id ≤ ``up_to`` whose key is ``key``,
    lowest id first (candidates: the caller compares the texts). The caller has run :func:`fill`."""
    return conn.execute(f"SELECT a.id, a.text, a.text_hash FROM {TABLE} k JOIN articles a ON a.id = k.article_id "
                        "WHERE k.key = ? AND k.article_id <= ? ORDER BY a.id", [key, up_to]).fetchall()
