"""A team project built by hand in SQL for the agreement tests.

Until the ``team`` branch's migration lands, the analyst column is added here the way
docs/team.md describes it (``analyst`` on spans, relations, stances and tags, ``""`` = gold);
the merger switches these tests to the team API.
"""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path

from annotator.storage.project import Project

TEXT = "Ana Diaz said the tax plan fails. The mayor of Lyon disagreed, said Ben Ode. Paris waited."
TEXT_2 = "Nothing to see here, said nobody at all in Berlin."


def at(text: str, words: str) -> tuple[int, int]:
    """``[start, end)`` of ``words`` in ``text``."""
    start = text.index(words)
    return start, start + len(words)


def build(path: Path, *, team: bool = True) -> Path:
    """Two articles; analysts ana and ben (and a gold layer) with known agreement (see the tests)."""
    with Project.open(path) as project:
        db = project.db
        with project.writing():
            ids = []
            for title, text in (("Tax plan", TEXT), ("Berlin", TEXT_2)):
                db.execute("INSERT INTO articles (text, text_hash, title, status) VALUES (?, ?, ?, 'done')",
                           [text, hashlib.sha256(text.encode()).hexdigest(), title])
                ids.append(db.execute("SELECT last_insert_rowid()").fetchone()[0])
            if team:
                for table in ("spans", "relations", "stances", "tags"):
                    db.execute(f"ALTER TABLE {table} ADD COLUMN analyst TEXT NOT NULL DEFAULT ''")
            article = ids[0]

            def span(who: str, start: int, end: int, label: str, status: str = "accepted") -> str:
                sid = uuid.uuid4().hex
                layer = "quote" if label == "QUOTE" else "entity"
                row = {"id": sid, "article_id": article, "start": start, "end": end, "label": label, "layer": layer, "status": status}
                if team:
                    row["analyst"] = who
                db["spans"].insert(row)
                return sid

            def link(who: str, head: str, child: str, label: str = "SPEAKER") -> None:
                row = {"id": uuid.uuid4().hex, "article_id": article, "head": head, "child": child, "label": label, "status": "accepted"}
                if team:
                    row["analyst"] = who
                db["relations"].insert(row)

            # "Ana Diaz" PERSON by both; "Lyon" GPE by ana, LOC by ben; "Ben Ode" PERSON by ana
            # only; "Paris" a suggestion of ben's that must not count.
            speakers = {who: span(who, *at(TEXT, "Ana Diaz"), "PERSON") for who in ("ana", "ben")}
            span("ana", *at(TEXT, "Lyon"), "GPE")
            span("ben", *at(TEXT, "Lyon"), "LOC")
            span("ana", *at(TEXT, "Ben Ode"), "PERSON")
            span("ben", *at(TEXT, "Paris"), "GPE", status="suggested")
            # Quote "the tax plan fails": both give Ana Diaz as speaker.
            for who in ("ana", "ben"):
                quote = span(who, *at(TEXT, "the tax plan fails"), "QUOTE")
                link(who, quote, speakers[who])
            # The gold layer: no analyst's, left out.
            span("", *at(TEXT, "Paris"), "GPE")
            if team:
                # ben opened the second article and found nothing: a tag says he was there.
                db["tags"].insert({"id": uuid.uuid4().hex, "article_id": ids[1], "tag": "checked", "analyst": "ben"})
                db["tags"].insert({"id": uuid.uuid4().hex, "article_id": ids[1], "tag": "seen", "analyst": "ana"})
                db["spans"].insert({"id": uuid.uuid4().hex, "article_id": ids[1], "start": at(TEXT_2, "Berlin")[0], "end": at(TEXT_2, "Berlin")[1], "label": "GPE",
                                    "layer": "entity", "status": "accepted", "analyst": "ana"})
    return path
