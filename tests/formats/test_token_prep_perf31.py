"""perf31: the token preparation's core (annotator/formats/token_prep.py), without a window: stale
rows are made again, a busy file is waited for (never an error), the gate holds it, and an export
afterwards reads what it stored (and tokenises nothing)."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest

from annotator.domain.model import Article, ArticleBundle
from annotator.formats import token_prep  # a tree before perf31 has none: these fail there
from annotator.storage.project import Project

N = 30


def _project(path: Path) -> Path:
    with Project.open(path) as project:
        project.import_bundles(ArticleBundle(article=Article(
            id=None, title=f"S{i}", text=f"Ben Okoro told reporters {i} times that the ferry wasn't late, colour aside."))
            for i in range(N))
    return path


def _count(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return token_prep.count_missing(conn)
    finally:
        conn.close()


def test_stale_rows_are_made_again_and_an_export_then_tokenises_nothing(tmp_path: Path) -> None:
    from annotator.formats.token_store import TokenSource, pack, tokenize

    path = _project(tmp_path / "p.db")
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO article_tokens (article_id, tokenizer, text_hash, starts, flags, norms) "
                 "SELECT id, 'spacy 0.0 blank:en store:0', text_hash, x'', x'', '{}' FROM articles WHERE id % 2 = 0")
    conn.commit()
    conn.close()
    assert _count(path) == N  # another tokenizer's rows count as missing
    gate, stop = threading.Event(), threading.Event()
    gate.set()
    outcome = token_prep.TokenPrep(path, gate=gate, stop=stop, batch=7).run()
    assert (outcome.written, outcome.total, outcome.finished, outcome.error) == (N, N, True, "")
    assert _count(path) == 0
    conn = sqlite3.connect(path)
    source = TokenSource(conn, path)
    for article_id, text, text_hash in conn.execute("SELECT id, text, text_hash FROM articles ORDER BY id").fetchall():
        assert source.stored_packed(article_id, text_hash) == pack(tokenize(text))
    assert source.made == 0
    conn.close()


def test_a_busy_file_is_waited_for_not_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(token_prep, "BUSY_RETRY_S", 0.1)
    path = _project(tmp_path / "p.db")
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")  # another program writing for ~2 s
    gate, stop = threading.Event(), threading.Event()
    gate.set()
    release = threading.Timer(2.0, lambda: holder.execute("COMMIT"))
    release.start()
    began = time.monotonic()
    outcome = token_prep.TokenPrep(path, gate=gate, stop=stop).run()
    release.join()
    holder.close()
    assert outcome.error == "" and outcome.finished and outcome.written == N
    assert time.monotonic() - began >= 1.5


def test_a_closed_gate_holds_the_run_and_a_stop_ends_it_with_whole_batches(tmp_path: Path) -> None:
    path = _project(tmp_path / "p.db")
    gate, stop = threading.Event(), threading.Event()
    written: list[int] = []

    def report(done: int, _total: int) -> None:
        written.append(done)
        if done >= 10:
            gate.clear()  # the analyst works: nothing more from now
            threading.Timer(1.0, stop.set).start()

    gate.set()
    outcome = token_prep.TokenPrep(path, gate=gate, stop=stop, report=report, batch=5).run()
    assert not outcome.finished and outcome.error == ""
    assert outcome.written == 10 == written[-1]
    assert _count(path) == N - 10
