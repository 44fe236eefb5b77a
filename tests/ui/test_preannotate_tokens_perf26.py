"""The window's pre-annotation stores the exports' tokens too (perf26, issue 12: exports at import
speed): its child sends them with each article's suggestions, the worker's thread writes them once
the UI thread has stored the suggestions. The stored rows are those ``annotator preannotate``
stores for the same texts, the first jsonl/CoNLL export then tokenises nothing, and a cancel or a
project switch mid-run leaves no token row for an article without its suggestions."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.domain.model import Article
from annotator.formats import token_store
from annotator.nlp import runner
from annotator.nlp.pipeline import RULE_ONLY, load_pipeline
from annotator.nlp.pipeline_use import set_project_choice
from annotator.storage.project import Project
from annotator.ui import workers
from tests.nlp.test_preannotate_stores_tokens_perf24 import _texts
from tests.ui import process_fakes
from tests.ui.test_window_support import make_window, no_modals, pump_until  # noqa: F401

COUNT = 14  # the seven perf24 shapes twice: glued quote marks, "It's" first, a leading space, exception norms


def _project(path: Path, texts: list[str]) -> Project:
    project = Project.open(path)
    set_project_choice(project, RULE_ONLY)
    for n, text in enumerate(texts):
        project.add_article(Article(id=None, text=text, title=f"Article {n}"))
    return project


def _rows(path: Path) -> dict[str, tuple[str, bytes, bytes, str]]:
    """The stored token rows by text hash: (tokenizer, starts, flags, norms)."""
    conn = sqlite3.connect(path)
    try:
        return {h: (k, s, f, n) for h, k, s, f, n in conn.execute(
            f"SELECT text_hash, tokenizer, starts, flags, norms FROM {token_store.TABLE}")}
    finally:
        conn.close()


def _ids(path: Path, sql: str) -> set[int]:
    conn = sqlite3.connect(path)
    try:
        return {row[0] for row in conn.execute(sql)}
    finally:
        conn.close()


def _token_ids(path: Path) -> set[int]:
    return _ids(path, f"SELECT article_id FROM {token_store.TABLE}")


def _preannotated_ids(path: Path) -> set[int]:
    return _ids(path, "SELECT article_id FROM preannotations")


def _with_fns(**fns):  # noqa: ANN003, ANN202
    original = workers.PreannotateProcessWorker.__init__

    def init(self, *args, **kwargs) -> None:  # noqa: ANN001, ANN002, ANN003
        original(self, *args, **{**kwargs, **fns})

    return init


def _cli_rows(tmp_path: Path, texts: list[str], monkeypatch: pytest.MonkeyPatch) -> dict[str, tuple[str, bytes, bytes, str]]:
    """What ``annotator preannotate``'s runner stores for the same texts (perf24's path)."""
    monkeypatch.setattr(runner, "can_fork", lambda: False)
    path = tmp_path / "cli.db"
    project = _project(path, texts)
    try:
        result = runner.preannotate(project, pipeline=load_pipeline(RULE_ONLY), batch_size=8)
        assert result.done == len(texts) and not result.failed
    finally:
        project.close()
    return _rows(path)


def _export(path: Path, fmt: str, out: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[bytes, int]:
    """One export in this process (``ANNOTATOR_EXPORT_PROCESSES=1``): its bytes and how many
    articles it tokenised (calls of ``token_store.tokenize``, which every format's tokens go through)."""
    calls: list[int] = []
    real = token_store.tokenize

    def counted(text: str) -> token_store.Tokens:
        calls.append(1)
        return real(text)

    monkeypatch.setenv("ANNOTATOR_EXPORT_PROCESSES", "1")
    monkeypatch.setattr(token_store, "tokenize", counted)
    args = ["--format", "jsonl", "--tokens"] if fmt == "jsonl" else ["--format", fmt]
    result = CliRunner().invoke(cli, ["export", str(path), *args, "--status", "all", "--output", str(out)])
    monkeypatch.setattr(token_store, "tokenize", real)
    assert result.exit_code == 0, result.output
    return out.read_bytes(), len(calls)


def test_window_preannotation_stores_the_tokens_the_cli_stores_and_the_first_export_tokenises_nothing(
        make_window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    texts = _texts(COUNT)
    path = tmp_path / "window.db"
    window = make_window(_project(path, texts), loader=None, suggester=None)  # the real child process, rule-only
    assert window.start_preannotation()
    worker = window.worker
    assert isinstance(worker, workers.PreannotateProcessWorker)
    pump_until(lambda: window.worker is None, timeout=120)
    assert worker.wait(10000)
    assert _preannotated_ids(path) == set(window.project.article_ids())
    stored = _rows(path)
    assert len(stored) == COUNT  # before perf26: 0 (the window stored suggestions only)
    assert stored == _cli_rows(tmp_path, texts, monkeypatch)  # byte for byte what the CLI stores

    # the control: the same project without its token rows tokenises at its first export (a copy a format)
    for fmt in ("jsonl", "conll"):
        blank = _without_tokens(path, tmp_path / f"blank-{fmt}.db")
        made, tokenised = _export(blank, fmt, tmp_path / f"blank.{fmt}", monkeypatch)
        kept = _rows(blank)  # what that export made and kept: the articles it needed tokens for
        assert tokenised == len(kept) > 0, fmt
        assert kept.items() <= stored.items(), fmt  # the same rows as the window stored
        read, none = _export(path, fmt, tmp_path / f"window.{fmt}", monkeypatch)
        assert none == 0, fmt  # the window's first export of its pre-annotated articles tokenises nothing
        assert read == made, fmt  # and writes what an export that tokenised writes
    assert len(_rows(tmp_path / "blank-conll.db")) == COUNT  # CoNLL exports every article


def _without_tokens(path: Path, copy: Path) -> Path:
    source, target = sqlite3.connect(path), sqlite3.connect(copy)
    source.backup(target)  # the WAL's committed pages too
    source.close()
    target.execute(f"DELETE FROM {token_store.TABLE}")
    target.commit()
    target.close()
    return copy


def _slow_run(make_window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, count: int):  # noqa: ANN001, ANN202
    monkeypatch.setenv(process_fakes.SLOW_SECONDS, "0.15")
    monkeypatch.setattr(workers.PreannotateProcessWorker, "__init__",
                        _with_fns(start_fn=process_fakes.light_start, work_fn=process_fakes.slow_work_with_tokens))
    path = tmp_path / "slow.db"
    window = make_window(_project(path, _texts(count)), loader=None, suggester=None)
    stored: list[int] = []
    window.suggestionsStored.connect(lambda article_id, _n: stored.append(article_id))
    assert window.start_preannotation()
    worker = window.worker
    pump_until(lambda: len(stored) >= 4, timeout=120)
    return window, worker, path, stored


def test_cancel_mid_run_leaves_no_token_row_without_its_suggestions(make_window, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    count = 40
    window, worker, path, stored = _slow_run(make_window, tmp_path, monkeypatch, count)
    window.cancel_background()
    assert worker.wait(10000)
    pump_until(lambda: window.worker is None, timeout=10)
    done = _preannotated_ids(path)
    assert 4 <= len(done) < count  # cancelled mid-run
    tokens = _token_ids(path)
    # every token row is an article's whose suggestions are stored, and those stored before the
    # cancel got theirs (written as the run stopped); results that came after it stored nothing
    assert tokens == done == set(stored)


def test_project_switch_mid_run_stores_no_stale_tokens(make_window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    count = 40
    window, worker, path, stored = _slow_run(make_window, tmp_path, monkeypatch, count)
    other_path = tmp_path / "other.db"
    other = Project.open(other_path)
    other.add_article(Article(id=None, text="Another project's only article, said Ana Lima."))
    window.change_project(other)
    assert worker.wait(10000)
    pump_until(lambda: not window.is_busy(), timeout=60)
    done = _preannotated_ids(path)
    assert len(done) < count
    assert _token_ids(path) == done  # the old file: tokens only with suggestions
    assert _token_ids(other_path) <= _preannotated_ids(other_path)  # the new one: nothing of the old run
