"""The window's pre-annotation child packs the exports' tokens as ``annotator preannotate`` does,
and :class:`~annotator.formats.token_store.HeldTokens` writes them only for articles whose
suggestions another connection stored, for the text they were made of, never creating a file,
keeping busy-file rows for a later write (perf26, issue 12). Qt-free."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest

from annotator.domain.model import Article, text_hash
from annotator.formats import token_store
from annotator.formats.token_store import HeldTokens
from annotator.nlp import runner, suggest_process
from annotator.nlp.pipeline import RULE_ONLY, load_pipeline
from annotator.storage.project import Project
from tests.nlp.test_preannotate_stores_tokens_perf24 import _texts


def _packed(text: str) -> tuple[str, bytes, bytes, str]:
    return (text_hash(text), *token_store.pack(token_store.tokenize(text)))


def _project(path: Path, texts: list[str], *, preannotated: bool = True) -> tuple[Project, list[int]]:
    project = Project.open(path)
    ids = [project.add_article(Article(id=None, text=text))[0].id for text in texts]
    if preannotated:
        pipeline = load_pipeline(RULE_ONLY)
        for article_id, text in zip(ids, texts):
            project.add_suggestions(article_id, runner.suggest_article(pipeline, text))
    return project, ids


def _token_ids(path: Path) -> set[int]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute(f"SELECT article_id FROM {token_store.TABLE}")}
    finally:
        conn.close()


def test_the_child_packs_the_tokens_the_cli_stores(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    texts = _texts(7)
    pipeline = load_pipeline(RULE_ONLY)
    monkeypatch.setattr(runner, "can_fork", lambda: False)
    project, ids = _project(tmp_path / "cli.db", texts, preannotated=False)
    try:
        runner.preannotate(project, pipeline=pipeline)
        cli = {h: (s, f, n) for h, s, f, n in project.db.execute(f"SELECT text_hash, starts, flags, norms FROM {token_store.TABLE}")}
        state = {"pipeline": pipeline, "ner_map": dict(project.schema.ner_map), "texts": suggest_process.ArticleTexts(project.path)}
        for article_id, text in zip(ids, texts):
            suggestions, packed = suggest_process.work(state, (suggest_process.SUGGEST_TOKENS, article_id))
            plain = suggest_process.work(state, ("suggest", article_id))  # without tokens: as before
            assert suggestions == plain == runner.suggest_article(pipeline, text, schema_ner_map=state["ner_map"])
            assert packed is not None and packed[0] == text_hash(text)
            assert tuple(packed[1:]) == cli[packed[0]]  # what `annotator preannotate` stored for this text
            assert tuple(packed) == _packed(text)  # and what the exports' tokenizer makes
        state["texts"].close()
    finally:
        project.close()


def test_no_tokens_for_a_pipeline_whose_tokenizer_is_not_blank_en() -> None:
    import dataclasses

    import spacy

    nlp = spacy.blank("en")  # a fresh tokenizer (plan_for keeps one plan per tokenizer)
    nlp.tokenizer.add_special_case("gonna", [{"ORTH": "gon"}, {"ORTH": "na"}])
    pipeline = dataclasses.replace(load_pipeline(RULE_ONLY), nlp=nlp)
    text = "They are gonna vote, said Ana Lima."
    suggestions, packed = runner.suggest_article_tokens(pipeline, text, rules=lambda doc, **_: runner.SuggestionSet("x"))
    assert packed is None and suggestions.origin == "x"
    blank = dataclasses.replace(pipeline, nlp=spacy.blank("en"))
    assert runner.suggest_article_tokens(blank, text, rules=lambda doc, **_: runner.SuggestionSet("x"))[1] == _packed(text)


def test_written_only_for_articles_stored_with_their_suggestions(tmp_path: Path) -> None:
    texts = _texts(6)
    path = tmp_path / "p.db"
    project, ids = _project(path, texts[:4])
    late, _ = project.add_article(Article(id=None, text=texts[4]))  # no suggestions stored
    project.close()
    held = HeldTokens(path)
    for article_id, text in zip([*ids, late.id], texts):
        held.hold(article_id, _packed(text))
    held.answer(ids[0], True)
    held.answer(ids[1], True)
    held.answer(ids[2], False)  # reviewed meanwhile: not stored
    held.answer(late.id, True)  # said stored, but the file holds no suggestions for it: nothing
    assert held.write() == 0  # fewer than a batch, just now: kept for later
    assert held.write(now=True) == 2
    held.discard()  # ids[3]: never answered (a stale result)
    assert _token_ids(path) == {ids[0], ids[1]}
    assert (held.written, held.skipped, held.failed, held.waiting) == (2, 1, False, 0)
    reopened = Project.open(path)
    try:
        source = token_store.TokenSource(reopened.db.conn, None)
        stored = source.stored(ids[0], text_hash(texts[0]))
        assert stored is not None and token_store.pack(stored) == _packed(texts[0])[1:]
        source.close()
    finally:
        reopened.close()


def test_a_text_changed_since_gets_no_tokens(tmp_path: Path) -> None:
    texts = _texts(2)
    path = tmp_path / "p.db"
    project, ids = _project(path, texts)
    project.close()
    held = HeldTokens(path)
    held.hold(ids[0], _packed(texts[0]))
    held.hold(ids[1], _packed(texts[1]))
    conn = sqlite3.connect(path)
    changed = texts[1] + " Corrected."
    conn.execute("UPDATE articles SET text = ?, text_hash = ? WHERE id = ?", [changed, text_hash(changed), ids[1]])
    conn.commit()
    conn.close()
    held.answer(ids[0], True)
    held.answer(ids[1], True)
    assert held.write(now=True) == 1
    assert _token_ids(path) == {ids[0]}
    assert held.skipped == 1


def test_writes_a_batch_at_a_time(tmp_path: Path) -> None:
    texts = _texts(5)
    path = tmp_path / "p.db"
    project, ids = _project(path, texts)
    project.close()
    held = HeldTokens(path, batch=2, seconds=60)
    for article_id, text in zip(ids, texts):
        held.hold(article_id, _packed(text))
        held.answer(article_id, True)
    assert held.write() == 5  # a batch was ready: all that were answered go in one transaction
    held = HeldTokens(path, batch=10, seconds=0.0)
    held.hold(ids[0], _packed(texts[0]))
    held.answer(ids[0], True)
    assert held.write() == 1  # the oldest waited long enough


def test_a_missing_file_is_not_created(tmp_path: Path) -> None:
    path = tmp_path / "gone.db"
    held = HeldTokens(path)
    held.hold(1, _packed("Some text."))
    held.answer(1, True)
    assert held.write(now=True) == 0
    assert held.failed and held.skipped == 1
    assert not path.exists()


def test_a_busy_file_keeps_the_rows_for_a_later_write(tmp_path: Path) -> None:
    texts = _texts(2)
    path = tmp_path / "p.db"
    project, ids = _project(path, texts)
    project.close()
    held = HeldTokens(path, wait_ms=20)
    for article_id, text in zip(ids, texts):
        held.hold(article_id, _packed(text))
        held.answer(article_id, True)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another writer holds the file
    assert held.write(now=True) == 0
    assert not held.failed  # tried again later
    other.execute("COMMIT")
    assert held.write(now=True) == 2
    assert _token_ids(path) == set(ids)
    # busy every time: the run gives up storing tokens after HELD_BUSY_TRIES (derived data)
    held = HeldTokens(path, wait_ms=10)
    held.hold(ids[0], _packed(texts[0]))
    held.answer(ids[0], True)
    other.execute("BEGIN IMMEDIATE")
    for _ in range(token_store.HELD_BUSY_TRIES):
        assert held.write(now=True) == 0
    other.execute("ROLLBACK")
    other.close()
    assert held.failed and held.skipped == 1


def test_settle_waits_for_answers_from_another_thread_and_stops_when_told(tmp_path: Path) -> None:
    texts = _texts(3)
    path = tmp_path / "p.db"
    project, ids = _project(path, texts)
    project.close()
    held = HeldTokens(path)
    for article_id, text in zip(ids, texts):
        held.hold(article_id, _packed(text))

    def answer() -> None:
        for article_id in ids:
            time.sleep(0.05)
            held.answer(article_id, article_id != ids[2])

    thread = threading.Thread(target=answer)
    thread.start()
    assert held.settle(lambda: False, timeout=20) == 2
    thread.join()
    assert _token_ids(path) == set(ids[:2]) and held.waiting == 0
    held = HeldTokens(path)
    held.hold(ids[2], _packed(texts[2]))
    started = time.monotonic()
    assert held.settle(lambda: True, timeout=20) == 0  # cancelled: no wait, nothing written
    assert time.monotonic() - started < 1.0


def test_no_write_while_an_article_handed_on_is_not_answered(tmp_path: Path) -> None:
    """The owner writes between articles, only once the other connection has answered every
    article it was handed (it is then not writing): the two never queue for the write lock."""
    texts = _texts(3)
    path = tmp_path / "p.db"
    project, ids = _project(path, texts)
    project.close()
    held = HeldTokens(path, batch=1, seconds=0.0)
    held.hold(ids[0], _packed(texts[0]))
    held.answer(ids[0], True)
    held.hold(ids[1], _packed(texts[1]))  # handed on, its suggestions being stored
    assert held.write() == 0
    held.answer(ids[1], True)
    assert held.write() == 2
    assert _token_ids(path) == set(ids[:2])
