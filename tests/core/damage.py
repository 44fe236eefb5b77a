"""Helpers that damage project files the way disks do: garbage over one page of a table."""

from __future__ import annotations

import contextlib
import random
import sqlite3
from pathlib import Path

from annotator.domain.model import Article, ArticleBundle, Relation, Span
from annotator.storage.project import Project

WORDS = "minister said talks Geneva useful Kremlin declined comment Paris week budget election court ruling".split()


def article_text(n: int) -> str:
    rng = random.Random(n)
    return f"Article {n}\n" + " ".join(rng.choice(WORDS) for _ in range(400)) + f" zebra{n}."


def make_project(path: Path, articles: int = 12) -> Project:
    """A project of ``articles`` articles, each with two spans and a relation."""
    project = Project.open(path)
    bundles = []
    for n in range(articles):
        text = article_text(n)
        spans = [Span(id=f"q{n}", article_id=0, start=11, end=30, label="QUOTE", layer="quote"),
                 Span(id=f"s{n}", article_id=0, start=0, end=7, label="SPEAKER", layer="speaker")]
        bundles.append(ArticleBundle(Article(None, text, title=f"Article {n}"), spans=spans,
                                     relations=[Relation(id=f"r{n}", article_id=0, head=f"q{n}", child=f"s{n}", label="SPEAKER")]))
    project.import_bundles(bundles, by="test")
    return project


def project_in_folder(tmp_path: Path) -> Path:
    """A small project alone in ``tmp_path/work/news.db`` (so listing the folder shows what a
    command left beside it)."""
    folder = tmp_path / "work"
    folder.mkdir()
    make_project(folder / "news.db").close()
    return folder / "news.db"


def table_pages(path: Path, table: str) -> list[tuple[int, str]]:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return conn.execute("SELECT pageno, pagetype FROM dbstat WHERE name = ? ORDER BY pageno", [table]).fetchall()


def write_garbage(path: Path, table: str, *, whole: bool = True, seed: int = 1, tail: bool = False) -> int:
    """Overwrite one page of ``table`` (a leaf when it has several) with random bytes: all of it
    (``whole``: the b-tree itself is broken) or a quarter in the middle (only the cell contents),
    or with ``tail`` its last quarter (where SQLite packs the cells: a page that is mostly free
    space has none in the middle). The project must be closed (its WAL checkpointed). Returns the page number."""
    pages = table_pages(path, table)
    leaves = [p for p, kind in pages if kind == "leaf"] or [p for p, _ in pages]
    page = leaves[len(leaves) // 2]
    with contextlib.closing(sqlite3.connect(path)) as conn:
        size = conn.execute("PRAGMA page_size").fetchone()[0]
    garbage = random.Random(seed).randbytes(size if whole else size // 4)
    with path.open("r+b") as fh:
        fh.seek((page - 1) * size + (0 if whole else size - size // 4 if tail else size // 2))
        fh.write(garbage)
    return page


def dump(path: Path, tables: tuple[str, ...] = ("articles", "spans", "relations", "changes", "project")) -> dict[str, list[tuple]]:
    """Every row (with its rowid) of the tables that hold data, read through a read-only connection."""
    uri = f"{path.resolve().as_uri()}?mode=ro"
    with contextlib.closing(sqlite3.connect(uri, uri=True)) as conn:
        return {t: conn.execute(f"SELECT rowid, * FROM {t} ORDER BY rowid").fetchall() for t in tables}


def listing(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}
