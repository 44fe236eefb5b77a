"""A team project built by hand in SQL for the agreement tests, in the storage layout docs/team.md
(``team`` branch, migration 0007) documents: analysts in ``layers``, the articles each was given in
``layer_articles``, their records in ``layer_spans`` / ``layer_relations`` / ``layer_stances`` /
``layer_tags``. ``CREATE TABLE IF NOT EXISTS``: once migration 0007 is merged it makes these
tables itself and this only fills them; the merger may switch it to ``annotator merge``.
"""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path

from annotator.storage.project import Project

TEXT = "Ana Diaz said the tax plan fails. The mayor of Lyon disagreed, said Ben Ode. Paris waited."
TEXT_2 = "Nothing to see here, said nobody at all in Berlin."

_RECORD = "status TEXT NOT NULL, origin TEXT, attrs TEXT, created TEXT, updated TEXT, by TEXT"
_LAYER = "analyst TEXT NOT NULL CHECK (analyst != ''), PRIMARY KEY (analyst, id)"
_ARTICLE = "article_id INTEGER NOT NULL REFERENCES articles(id)"
TEAM_TABLES = (
    "CREATE TABLE IF NOT EXISTS layers (analyst TEXT PRIMARY KEY CHECK (analyst != ''), source TEXT NOT NULL DEFAULT '', "
    "merged_at TEXT NOT NULL DEFAULT '', by TEXT NOT NULL DEFAULT '')",
    "CREATE TABLE IF NOT EXISTS layer_articles (analyst TEXT NOT NULL REFERENCES layers(analyst), "
    "article_id INTEGER NOT NULL REFERENCES articles(id), status TEXT NOT NULL DEFAULT '', PRIMARY KEY (analyst, article_id))",
    f'CREATE TABLE IF NOT EXISTS layer_spans (id TEXT NOT NULL, {_ARTICLE}, start INTEGER NOT NULL, "end" INTEGER NOT NULL, '
    f"label TEXT NOT NULL, layer TEXT NOT NULL, {_RECORD}, {_LAYER})",
    f"CREATE TABLE IF NOT EXISTS layer_relations (id TEXT NOT NULL, {_ARTICLE}, head TEXT NOT NULL, child TEXT NOT NULL, "
    f"label TEXT NOT NULL, {_RECORD}, {_LAYER})",
    f"CREATE TABLE IF NOT EXISTS layer_stances (id TEXT NOT NULL, {_ARTICLE}, holder TEXT, target TEXT, polarity TEXT, "
    f"{_RECORD.replace('status TEXT NOT NULL', 'status TEXT')}, holder_span TEXT NOT NULL DEFAULT '', "
    f"evidence TEXT NOT NULL DEFAULT '', {_LAYER})",
    f"CREATE TABLE IF NOT EXISTS layer_tags (id TEXT NOT NULL, {_ARTICLE}, tag TEXT NOT NULL, origin TEXT, created TEXT, by TEXT, {_LAYER})",
)


def at(text: str, words: str) -> tuple[int, int]:
    """``[start, end)`` of ``words`` in ``text``."""
    start = text.index(words)
    return start, start + len(words)


def build(path: Path, *, team: bool = True) -> Path:
    """Two articles; analysts ana and ben, and a gold layer, with known agreement (see the tests).
    ``team=False``: the same articles and gold layer, no analyst (a solo project)."""
    with Project.open(path) as project:
        db = project.db
        with project.writing():
            ids = []
            for title, text in (("Tax plan", TEXT), ("Berlin", TEXT_2)):
                db.execute("INSERT INTO articles (text, text_hash, title, status) VALUES (?, ?, ?, 'done')",
                           [text, hashlib.sha256(text.encode()).hexdigest(), title])
                ids.append(db.execute("SELECT last_insert_rowid()").fetchone()[0])
            tax, berlin = ids
            # The gold layer: no analyst's, never compared.
            db["spans"].insert({"id": uuid.uuid4().hex, "article_id": tax, "start": at(TEXT, "Paris")[0],
                                "end": at(TEXT, "Paris")[1], "label": "GPE", "layer": "entity", "status": "accepted"})
            if not team:
                return path
            for statement in TEAM_TABLES:
                db.execute(statement)

            def span(who: str, article: int, where: tuple[int, int], label: str, status: str = "accepted") -> str:
                sid = uuid.uuid4().hex
                db["layer_spans"].insert({"id": sid, "article_id": article, "start": where[0], "end": where[1], "label": label,
                                          "layer": "quote" if label == "QUOTE" else "entity", "status": status, "analyst": who})
                return sid

            for who in ("ana", "ben"):
                db["layers"].insert({"analyst": who, "source": f"{who}.db"})
                for article in (tax, berlin):  # both were given both articles
                    db["layer_articles"].insert({"analyst": who, "article_id": article, "status": "done"})
            # "Ana Diaz" PERSON by both; "Lyon" GPE by ana, LOC by ben; "Ben Ode" PERSON by ana
            # only; "Paris" a suggestion in ben's layer that must not count.
            speakers = {who: span(who, tax, at(TEXT, "Ana Diaz"), "PERSON") for who in ("ana", "ben")}
            span("ana", tax, at(TEXT, "Lyon"), "GPE")
            span("ben", tax, at(TEXT, "Lyon"), "LOC")
            span("ana", tax, at(TEXT, "Ben Ode"), "PERSON")
            span("ben", tax, at(TEXT, "Paris"), "GPE", status="suggested")
            # Quote "the tax plan fails": both give Ana Diaz as its speaker.
            for who in ("ana", "ben"):
                quote = span(who, tax, at(TEXT, "the tax plan fails"), "QUOTE")
                db["layer_relations"].insert({"id": uuid.uuid4().hex, "article_id": tax, "head": quote, "child": speakers[who],
                                              "label": "SPEAKER", "status": "accepted", "analyst": who})
            # Berlin: ana marks it, ben was given the article and found nothing.
            span("ana", berlin, at(TEXT_2, "Berlin"), "GPE")
    return path
