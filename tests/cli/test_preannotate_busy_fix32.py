"""fix32: ``annotator preannotate`` no longer drops a batch of suggestions it made because another
program held the project file's write lock a little past the command's wait (an import of tens of
thousands of articles holds it longer than ``BUSY_TIMEOUT_MS``): it says so on stderr and writes
the batch again after a pause. Before, the run stopped there ("busy … run it again to do the
rest") with the batch's suggestions gone. A lock held past every pause still stops it in one line,
nothing of the batch written (``tests/core/test_concurrency.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.domain.model import Article
from annotator.storage.project import Project
from tests.core.test_concurrency import preannotate_with_lock_after_load

pytestmark = pytest.mark.timeout(120)


def test_a_lock_held_past_the_wait_then_released_loses_no_batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("annotator.storage.project.BUSY_TIMEOUT_MS", 300)
    monkeypatch.setattr("annotator.nlp.runner.BUSY_RETRY_S", (0.5, 2.0), raising=False)
    path = tmp_path / "news.db"
    with Project.open(path) as project:
        for n in range(3):
            project.add_article(Article(id=None, text=f"Article {n}\n\"The talks were useful,\" Lavrov said in Geneva on day {n}."))
    # held past the 0.3 s wait and the first pause: the second try gets it
    result = preannotate_with_lock_after_load(path, monkeypatch, 1.0)
    assert result.exit_code == 0, result.output
    said = [line for line in result.output.splitlines() if "not saved yet" in line]
    assert said and "news.db is busy" in said[0] and "tried again in 0.5 s" in said[0], result.output
    assert "Traceback" not in result.output
    with Project.open(path, create=False) as project:
        assert all(project.preannotated(i) for i in project.article_ids())
        counts = [len(project.spans(i)) for i in project.article_ids()]
    assert counts[0] > 0 and len(set(counts)) == 1  # the same sentence each: its suggestions once, no duplicate
