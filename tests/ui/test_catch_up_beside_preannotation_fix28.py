"""fix28 (usertest26 M1, issue 12): the window's own full-text catch-up runs while the launch's
pre-annotation stores its suggestions on the UI thread. Before, the catch-up held the write lock
for whole steps of 250 articles and re-took it at once, so under load stores failed with "Suggestions
for article N not saved: … busy, another program …" (the open article among them), and the list's
"Indexing N imported articles for search…" never moved. The load is stood in for by 1 ms per
article inside each catch-up step (patched in), so a 250-article step would hold the lock ~250 ms."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from PySide6.QtTest import QTest

import annotator.storage.search as search_module
from annotator.domain.model import Article, ArticleBundle
from annotator.domain.suggestions import SuggestionSet
from annotator.storage.project import Project
from annotator.storage.search import pending_articles
from tests.ui.test_window_support import fake_suggester, make_window, no_modals, pump_until  # noqa: F401

ARTICLES = 2500
PREANNOTATED = 40


def _bundle(n: int) -> ArticleBundle:
    word = " okapi" if n == ARTICLES - 1 else ""
    return ArticleBundle(article=Article(id=None, text=f"Ana Lopez said on Monday that report {n} on the harbour{word} was true.",
                                         title=f"Story {n}"))


def test_catch_up_beside_preannotation_loses_no_store_and_counts_down(make_window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    path = tmp_path / "p.db"
    with Project.open(path) as project:
        ids = project.import_bundles((_bundle(n) for n in range(ARTICLES)), index_later=True).article_ids
    real = search_module._index_runs

    def loaded(conn, runs):  # noqa: ANN001, ANN202 - a machine under load: 1 ms an article, lock held
        done = real(conn, runs)
        time.sleep(0.001 * done)
        return done

    monkeypatch.setattr(search_module, "_index_runs", loaded)

    def suggester(pipeline: object, text: str) -> SuggestionSet:  # the stand-in: some work per article
        time.sleep(0.02)
        return fake_suggester(pipeline, text)

    window = make_window(Project.open(path, create=False), suggester=suggester)
    messages: list[str] = []
    window.statusBar().messageChanged.connect(messages.append)
    labels: list[str] = []
    window.indexer.progressed.connect(lambda _left: labels.append(window.article_list.count_label.text()))
    pump_until(lambda: window.indexer.is_running(), timeout=10)
    QTest.keyClicks(window.article_list.search, "okapi")
    pump_until(lambda: window.article_list.count_label.text().startswith("Indexing"), timeout=10)
    first = ids[:PREANNOTATED]
    window.start_preannotation(first, asked=False)
    pump_until(lambda: window.worker is None and not window.indexer.is_running(), timeout=120)

    not_saved = [m for m in messages if "not saved" in m or "another program" in m]
    assert not_saved == []
    assert [i for i in first if not window.project.preannotated(i)] == []
    assert pending_articles(window.project.db.conn) == 0
    counts = [int(m.group(1).replace(",", "")) for m in (re.match(r"Indexing ([\d,]+) imported", t) for t in labels) if m]
    assert len(set(counts)) >= 3 and counts == sorted(counts, reverse=True), labels[:5]
    assert counts[0] < ARTICLES
    pump_until(lambda: window.article_list.model.ids() == [ids[-1]], timeout=10)  # the waiting filter ran
