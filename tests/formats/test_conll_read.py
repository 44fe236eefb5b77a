"""The CoNLL export's own reading (issue 12, export12h, formats/conll_read.py): the stream's
articles, relations, stances and tags with narrow span rows; the same file and report as the
stream's bundles; a batch's stored tokens with one query; and the export processes keeping their
freed heap (stream_pool.tune_allocator)."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import numpy
import pytest

from annotator.domain.model import Article, ArticleBundle, Relation, Span, Stance, Status, Tag
from annotator.formats import conll, conll_read, token_store
from annotator.formats.stream import iter_bundles, span_rows, statuses_for
from annotator.storage.project import Project

pytestmark = pytest.mark.timeout(120)

NAMES = ["Alice Smith", "Müller", "北京", "Acme Corp.", "😄 Bob"]


def _bundle(n: int) -> ArticleBundle:
    """Article ``n``: entities of each status, other layers, a link, a stance, a tag, and now and
    then a split token, an overlap, a whitespace edge and attributes."""
    name = NAMES[n % len(NAMES)]
    text = f"Story {n}: {name} met {NAMES[(n + 2) % len(NAMES)]} today.\n\n\"It works,\" {name} said.\n"
    at = text.index(name)
    spans = [Span(id=f"e{n}", article_id=0, start=at, end=at + len(name), label="PERSON", layer="entity",
                  attrs={"n": n} if n % 4 == 0 else {}),
             Span(id=f"q{n}", article_id=0, start=text.index('"It'), end=text.index('," ') + 2, label="QUOTE", layer="quote"),
             Span(id=f"s{n}", article_id=0, start=text.rindex(name), end=text.rindex(name) + len(name), label="SPEAKER",
                  layer="speaker"),
             Span(id=f"r{n}", article_id=0, start=text.index("met"), end=text.index("met") + 3, label="ORG", layer="entity",
                  status=Status.REJECTED if n % 2 else Status.SUGGESTED)]
    if n % 3 == 1:
        spans.append(Span(id=f"p{n}", article_id=0, start=text.index("Story"), end=text.index("Story") + 3, label="MISC",
                          layer="entity"))  # inside a token
    if n % 5 == 2:
        spans.append(Span(id=f"o{n}", article_id=0, start=at, end=text.index(" met") + 4, label="GROUP", layer="entity"))
    if n % 6 == 3:
        spans.append(Span(id=f"w{n}", article_id=0, start=text.index(" today"), end=text.index(" today") + 6, label="DATE",
                          layer="entity"))  # whitespace edge
    relations = [Relation(id=f"l{n}", article_id=0, head=f"q{n}", child=f"s{n}", label="SPEAKER"),
                 Relation(id=f"m{n}", article_id=0, head=f"e{n}", child=f"r{n}", label="SAME",
                          status=Status.ACCEPTED)]  # an end not accepted in half of them
    stances = [Stance(id=f"t{n}", article_id=0, holder="Ana", target="the plan", polarity="favor", evidence=f"q{n}",
                      holder_span=f"r{n}")] if n % 2 == 0 else []
    tags = [Tag(id=f"g{n}", article_id=0, tag="politics")] if n % 3 == 0 else []
    return ArticleBundle(article=Article(id=None, text=text), spans=spans, relations=relations, stances=stances, tags=tags)


@pytest.fixture()
def project_path(tmp_path: Path) -> Path:
    """12 articles (and an empty one) whose empty attrs are stored as "{}", "" and NULL."""
    path = tmp_path / "read.db"
    with Project.open(path) as project:
        project.import_bundles([_bundle(n) for n in range(6)] + [ArticleBundle(article=Article(id=None, text=" \n"))]
                               + [_bundle(n) for n in range(6, 12)])
        project.db.conn.execute("UPDATE spans SET attrs = '' WHERE layer = 'quote'")
        project.db.conn.execute("UPDATE spans SET attrs = NULL WHERE label = 'ORG'")
        project.db.conn.commit()
    return path


@pytest.mark.parametrize("status", ["accepted", "all"])
@pytest.mark.parametrize("ids", [None, (None, 5), (5, None), (3, 9)])
def test_the_same_bundles_as_the_stream(project_path: Path, status: str, ids: tuple | None) -> None:
    with Project.open(project_path, create=False) as project:
        want = list(iter_bundles(project, statuses=statuses_for(status), ids=ids))
        got = list(conll_read.iter_bundles(project, statuses=statuses_for(status), ids=ids))
        assert [b.article for b in got] == [b.article for b in want] and got
        for mine, theirs in zip(got, want):
            assert (mine.relations, mine.stances, mine.tags) == (theirs.relations, theirs.stances, theirs.tags)
            assert mine.suggestions == {}  # CoNLL writes none: the log is not read
            rows = conll_read.narrow_rows(mine)
            assert rows is not None and span_rows(mine) is None  # narrow: never taken for the full rows
            assert [r[:7] + r[8:9] for r in rows] == [r[:7] + r[8:9] for r in span_rows(theirs)]
            assert mine.spans == theirs.spans  # read again whole, by rowid, in the same order
            assert conll_read.narrow_rows(mine) is None
    assert any(b.relations for b in got) and any(b.stances for b in got) and any(b.tags for b in got)


@pytest.mark.parametrize("status", ["accepted", "all"])
def test_the_same_conll_file_and_report_as_the_stream(project_path: Path, monkeypatch: pytest.MonkeyPatch, status: str) -> None:
    """Narrow rows of every kind (attrs JSON: read again whole; empty attrs "", NULL, "{}"), in
    batches of 4: the bytes and the report of the stream's bundles."""
    monkeypatch.setattr(conll, "BATCH", 4)
    with Project.open(project_path, create=False) as project:
        want_report = conll.write(iter_bundles(project, statuses=statuses_for(status)), want := io.StringIO())
        report = conll.write(conll_read.iter_bundles(project, statuses=statuses_for(status)), got := io.StringIO())
    assert got.getvalue() == want.getvalue()
    assert report == want_report and list(report.left_out) == list(want_report.left_out)
    assert report.left_out[conll.ATTRS] and report.left_out[conll.OVERLAP]


def test_a_spans_table_of_other_columns_is_read_by_the_stream(project_path: Path) -> None:
    with Project.open(project_path) as project:
        project.db.conn.execute("ALTER TABLE spans ADD COLUMN extra TEXT")
        project.db.conn.commit()
        got = list(conll_read.iter_bundles(project, statuses=statuses_for("accepted")))
        assert got and not any(isinstance(b, conll_read.ConllBundle) for b in got)
        assert [b.spans for b in got] == [b.spans for b in iter_bundles(project, statuses=statuses_for("accepted"))]


def test_a_batchs_stored_tokens_are_read_with_one_query(project_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Stored tokens come from one query a batch; tokens stored for another text, or none, are made
    and kept (before the stream closes), exception norms read as token_store reads them; the
    arrays are tokens_of_bundle's."""
    with Project.open(project_path) as project:
        conll.write(conll_read.iter_bundles(project), io.StringIO())  # keeps the tokens it made
        ids = [a for (a,) in project.db.conn.execute("SELECT article_id FROM article_tokens ORDER BY article_id")]
        assert len(ids) == 13
        project.db.conn.execute("UPDATE article_tokens SET text_hash = 'other' WHERE article_id = ?", [ids[2]])
        project.db.conn.execute("DELETE FROM article_tokens WHERE article_id = ?", [ids[5]])
        project.db.conn.execute("UPDATE article_tokens SET norms = '{\"1\": \"not\"}' WHERE article_id = ?", [ids[7]])
        project.db.conn.commit()
        monkeypatch.setattr(conll_read, "TOKEN_BATCH", 5)
        queries: list[str] = []
        project.db.conn.set_trace_callback(queries.append)
        bundles = list(conll_read.iter_bundles(project))
        project.db.conn.set_trace_callback(None)
        want = [token_store.tokenize(b.article.text) for b in bundles]
        for k, (mine, theirs) in enumerate(zip(bundles, want)):
            assert numpy.array_equal(mine.tokens.starts, theirs.starts) and mine.tokens.starts.dtype == numpy.int64
            assert numpy.array_equal(mine.tokens.flags, theirs.flags)
            assert mine.tokens.norms == ({1: "not"} if k == 7 else theirs.norms)
        assert bundles[0].token_source.made == 2  # the two without usable stored tokens
        assert sum("FROM article_tokens WHERE" in q and "article_id <=" in q for q in queries) == 3  # 13 articles, 5 a query
        rows = dict(project.db.conn.execute("SELECT article_id, text_hash FROM article_tokens"))
        assert len(rows) == 13 and rows[ids[2]] != "other"  # made again and kept


def test_export_processes_keep_their_freed_heap() -> None:
    """After tune_allocator, arrays of a few MB made and freed again and again come from the kept
    heap, not from new pages (before: a page fault per 4 KB each time; issue 12)."""
    script = """
import resource, sys, numpy
from annotator.formats.stream_pool import tune_allocator
if sys.argv[1] == "tuned":
    assert tune_allocator()
def faults():
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt
def batch():
    a = numpy.ones(600_000); b = a * 2; a.sum(); b.sum()
for _ in range(3):
    batch()
before = faults()
for _ in range(40):
    batch()
print(faults() - before)
"""
    if not sys.platform.startswith("linux"):
        pytest.skip("glibc's mallopt: Linux")
    counts = {kind: int(subprocess.run([sys.executable, "-c", script, kind], capture_output=True, text=True, check=True,
                                       timeout=60).stdout) for kind in ("tuned", "default")}
    assert counts["tuned"] < 500  # 80 arrays of 4.8 MB: 94,000 pages if each were new
    assert counts["default"] > 10_000  # glibc's own thresholds: new pages for most of them
