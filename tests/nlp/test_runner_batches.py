"""Pre-annotation in one process writes the articles of one ``nlp.pipe`` batch in one transaction
(issue 12): a batch is saved whole or not at all, every batch before it stays saved, progress is
still reported once per article, and a run stopped anywhere picks up where it stopped."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.domain.model import Article
from annotator.nlp import runner
from annotator.nlp.pipeline import RULE_ONLY, load_pipeline
from annotator.nlp.runner import articles_to_do, preannotate
from annotator.storage.project import Project
from tests.nlp.test_runner import TEXTS, fake_rules


@pytest.fixture
def ten(tmp_path: Path):
    with Project.open(tmp_path / "ten.db") as project:
        for n in range(10):
            project.add_article(Article(None, f"{TEXTS[n % len(TEXTS)]} ({n})"))
        yield project


def _transactions(project: Project, monkeypatch: pytest.MonkeyPatch) -> list[list[int]]:
    """Articles written per outermost write transaction, recorded as the run goes."""
    batches: list[list[int]] = []
    real_writing, real_add = project.writing, project.add_suggestions
    depth = [0]

    class Counted:
        def __enter__(self):
            if depth[0] == 0:
                batches.append([])
            depth[0] += 1
            self.inner = real_writing()
            return self.inner.__enter__()

        def __exit__(self, *exc):
            depth[0] -= 1
            return self.inner.__exit__(*exc)

    def add(article_id, suggestions, **kwargs):
        batches[-1].append(article_id)
        return real_add(article_id, suggestions, **kwargs)

    monkeypatch.setattr(project, "writing", Counted)
    monkeypatch.setattr(project, "add_suggestions", add)
    return batches


def test_one_transaction_per_batch_and_progress_per_article(ten: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    batches = _transactions(ten, monkeypatch)
    seen: list[tuple[int, int]] = []
    result = preannotate(ten, pipeline=load_pipeline(RULE_ONLY), rules=fake_rules, batch_size=4,
                         on_progress=lambda done, total: seen.append((done, total)))
    ids = ten.article_ids()
    assert [b for b in batches if b] == [ids[0:4], ids[4:8], ids[8:10]]
    assert seen == [(n, 10) for n in range(1, 11)]
    assert (result.done, result.remaining) == (10, 0)
    assert all(ten.preannotated(i) for i in ids)


def test_a_batch_that_fails_to_write_leaves_it_undone_and_keeps_the_ones_before(ten: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    ids = ten.article_ids()
    real_add = ten.add_suggestions

    def add(article_id, suggestions, **kwargs):
        written = real_add(article_id, suggestions, **kwargs)
        if article_id == ids[6]:  # the 3rd article of the 2nd batch: after two of its articles were written
            raise OSError("disk full")
        return written

    monkeypatch.setattr(ten, "add_suggestions", add)
    with pytest.raises(OSError):
        preannotate(ten, pipeline=load_pipeline(RULE_ONLY), rules=fake_rules, batch_size=4)
    assert [ten.preannotated(i) for i in ids] == [True] * 4 + [False] * 6
    assert [bool(ten.spans(i)) for i in ids[4:]] == [False] * 6  # nothing of the failed batch is half-written
    monkeypatch.setattr(ten, "add_suggestions", real_add)
    rest = preannotate(ten, pipeline=load_pipeline(RULE_ONLY), rules=fake_rules, batch_size=4)
    assert (rest.total, rest.skipped, rest.done) == (6, 4, 6)


def test_cancel_in_the_middle_of_a_batch_saves_its_finished_articles(ten: Project) -> None:
    calls: list[int] = []

    def counting_rules(doc, **kwargs):
        calls.append(1)
        return fake_rules(doc, **kwargs)

    result = preannotate(ten, pipeline=load_pipeline(RULE_ONLY), rules=counting_rules, batch_size=4,
                         should_cancel=lambda: len(calls) >= 6)
    ids = ten.article_ids()
    assert (result.done, result.cancelled, result.remaining) == (6, True, 4)
    assert [ten.preannotated(i) for i in ids] == [True] * 6 + [False] * 4


def test_articles_to_do_and_texts_read_in_bulk(ten: Project) -> None:
    ids = ten.article_ids()
    preannotate(ten, pipeline=load_pipeline(RULE_ONLY), rules=fake_rules, article_ids=ids[2:5])
    assert articles_to_do(ten) == ([i for i in ids if i not in ids[2:5]], 3, 0)  # (to do, pre-annotated, finished)
    assert articles_to_do(ten, redo=True) == (ids, 0, 0)
    order = [ids[7], ids[0], ids[3]] + ids * 10  # more than one read of READ_ARTICLES, out of id order, repeats
    assert [(text, a) for text, (a, _) in runner._texts(ten, order)] == [(ten.article(i).text, i) for i in order]
    with pytest.raises(KeyError):
        list(runner._texts(ten, [ids[0], 10_000]))


@pytest.mark.parametrize("n,processes", [(0, 2), (1, 2), (7, 2), (20, 2), (100, 2), (1000, 3), (37, 5)])
def test_worker_chunks_cover_every_article_once_and_shrink_at_the_end(n: int, processes: int) -> None:
    bounds = list(runner.chunk_bounds(n, processes))
    assert [i for a, b in bounds for i in range(a, b)] == list(range(n))
    sizes = [b - a for a, b in bounds]
    assert all(1 <= s <= runner.CHUNK_ARTICLES for s in sizes)
    assert sizes == sorted(sizes, reverse=True)  # never a big chunk after a small one
    if n >= 2 * processes:
        assert sizes[-processes:] == [1] * processes  # the workers' last tasks are one article each


def test_chunk_bounds_for_100_articles_and_2_workers() -> None:
    sizes = [b - a for a, b in runner.chunk_bounds(100, 2)]
    assert sizes[:9] == [8] * 9 and sum(sizes) == 100
    assert sizes[9:] == [7, 5, 4, 3, 2] + [1] * 7
