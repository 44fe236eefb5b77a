"""usertest22 L5: a clone outside /work made the sample project without its real-data article
(read from shared/data beside the checkout) and nothing said why: the sample project keeps one
line naming the path it looked for, said once (take_sample_note clears it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.paths import SHARED_DATA_ENV
from annotator.storage import sample


def test_a_missing_seed_article_is_named_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "no-data"
    empty.mkdir()
    monkeypatch.setenv(SHARED_DATA_ENV, str(empty))
    project = sample.create_sample_project(tmp_path / "default.db", by="t")
    try:
        note = sample.take_sample_note(project)
        assert note == (f"Sample without its real news article: {empty / 'seed-article.txt'} not found "
                        f"(set ${SHARED_DATA_ENV} to the data folder)")
        assert sample.take_sample_note(project) == ""  # said once
    finally:
        project.close()


def test_nothing_to_say_when_the_article_is_there(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "seed-article.txt").write_text("A made-up wire story for the test.\n", encoding="utf-8")
    monkeypatch.setenv(SHARED_DATA_ENV, str(data))
    project = sample.create_sample_project(tmp_path / "default.db", by="t")
    try:
        assert sample.take_sample_note(project) == ""
        assert any(a.text.startswith("A made-up wire story") for a in sample.sample_articles())
    finally:
        project.close()
