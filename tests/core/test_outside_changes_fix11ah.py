"""fix11ah: the one Qt-free decision "another program changed the project's data since mark M"
(annotator/storage/outside_changes.py) that the window and the curation view both follow."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.domain import commands
from annotator.domain.model import Article, ArticleBundle, ArticleStatus, Span, Status
from annotator.storage.outside_changes import DataMark, changes_since, mark_now, others_rows
from annotator.storage.project import Project
from annotator.storage.search import catch_up, pending_articles

pytestmark = pytest.mark.timeout(60)

TEXTS = ["The mayor of Korvanne opened a bridge over the Lisk on Monday.",
         "Fishermen in Port Amsel said the new quay was too short for their boats."]


def watched(path: Path) -> tuple[Project, DataMark]:
    project = Project.open(path)
    project.import_bundles([ArticleBundle(Article(id=None, text=t)) for t in TEXTS])
    project.track_own_changes()
    project.own_changes()
    return project, mark_now(project.db)


def look(project: Project, mark: DataMark):  # noqa: ANN201
    return changes_since(project.db, mark, project.own_changes())


def test_nothing_happened_costs_one_pragma(tmp_path: Path) -> None:
    project, mark = watched(tmp_path / "p.db")
    said: list[str] = []
    project.db.conn.set_trace_callback(said.append)
    change, after = look(project, mark)
    project.db.conn.set_trace_callback(None)
    assert change is None and after == mark
    assert said == ["PRAGMA data_version"]  # nothing read that grows with the project


def test_own_edits_are_not_reported_and_move_the_mark_past_them(tmp_path: Path) -> None:
    project, mark = watched(tmp_path / "p.db")
    first = project.article_ids()[0]
    project.apply(commands.set_article_status(project.article(first), ArticleStatus.DONE))
    change, after = look(project, mark)
    assert change is None and after.last_row > mark.last_row and after.version == mark.version
    with Project.open(project.path, create=False) as other:  # then another program edits: only its row
        other.apply(commands.set_article_status(other.article(first), ArticleStatus.IN_PROGRESS))
    change, _ = look(project, after)
    assert change is not None and change.rows == 1 and change.article_ids == (first,) and change.gold_ids == (first,)


def test_another_program_s_edit_interleaved_with_own_is_told_apart(tmp_path: Path) -> None:
    project, mark = watched(tmp_path / "p.db")
    a, b = project.article_ids()
    with Project.open(project.path, create=False) as other:
        other.apply(commands.set_article_status(other.article(b), ArticleStatus.DONE))
    project.apply(commands.set_article_status(project.article(a), ArticleStatus.DONE))  # own, after the other's
    change, after = look(project, mark)
    assert change is not None and change.article_ids == (b,) and change.rows == 1
    assert look(project, after)[0] is None  # reported once


def test_writes_that_change_no_data_are_not_changes(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    project, mark = watched(path)
    with Project.open(path, create=False) as other:  # `annotator import` leaving its articles to index
        other.import_bundles([ArticleBundle(Article(id=None, text="A ferry to Skelby was late again."))], index_later=True)
    change, mark = look(project, mark)
    assert change is not None and change.rows >= 1
    version = mark.version
    with Project.open(path, create=False) as other:  # `annotator search`: the full-text catch-up
        assert pending_articles(other.db.conn) == 1
        assert catch_up(other.db.conn) == 1
    with Project.open(path, create=False) as other:  # another window opening: user_version set to itself
        with other.writing():
            other.db.execute(f"PRAGMA user_version = {int(other.db.execute('PRAGMA user_version').fetchone()[0])}")
    change, after = look(project, mark)
    assert after.version != version  # SQLite saw other connections commit...
    assert change is None  # ...but no data changed


def test_an_analyst_layer_from_another_program_is_a_change_and_names_no_gold(tmp_path: Path) -> None:
    project, mark = watched(tmp_path / "p.db")
    first = project.article_ids()[0]
    span = Span(id="s1", article_id=0, start=4, end=9, label="PERSON", layer="entity", status=Status.ACCEPTED)
    with Project.open(project.path, create=False) as other:
        other.import_bundles([ArticleBundle(Article(id=None, text=TEXTS[0]), spans=[span])], analyst="ines")
    change, after = look(project, mark)
    assert change is not None and change.layers_changed and after.layers == mark.layers + 1
    assert first in change.article_ids and first not in change.gold_ids  # only ines's layer of it


def test_an_own_layer_import_is_not_taken_for_a_merge_at_the_next_outside_commit(tmp_path: Path) -> None:
    project, mark = watched(tmp_path / "p.db")
    span = Span(id="s1", article_id=0, start=4, end=9, label="PERSON", layer="entity", status=Status.ACCEPTED)
    project.import_bundles([ArticleBundle(Article(id=None, text=TEXTS[0]), spans=[span])], analyst="ines")  # the window's import
    change, mark = look(project, mark)
    assert change is None and mark.layers == 1
    with Project.open(project.path, create=False) as other:  # then a commit that changes no data
        with other.writing():
            other.db.execute(f"PRAGMA user_version = {int(other.db.execute('PRAGMA user_version').fetchone()[0])}")
    assert look(project, mark)[0] is None


def test_a_shorter_log_is_a_change(tmp_path: Path) -> None:
    """The log is append-only (a trigger refuses deletions): it gets shorter only when the file is
    replaced by an older copy, i.e. when the mark is of a longer log than the file now holds."""
    project, mark = watched(tmp_path / "p.db")
    copy_of_later = DataMark(mark.version - 1, mark.last_row + 3, mark.layers)
    change, after = changes_since(project.db, copy_of_later, [])
    assert change is not None and change.rewound and after.last_row == mark.last_row


@pytest.mark.parametrize(("own", "low", "high", "expected"), [
    ([], 0, 5, [(0, 5)]),
    ([(0, 5)], 0, 5, []),
    ([(2, 3)], 0, 5, [(0, 2), (3, 5)]),
    ([(3, 4), (1, 2), (2, 3)], 0, 5, [(0, 1), (4, 5)]),  # unsorted, touching
    ([(7, 9)], 0, 5, [(0, 5)]),  # own rows past the end
    ([(2, 3)], 5, 5, []),
])
def test_others_rows(own: list[tuple[int, int]], low: int, high: int, expected: list[tuple[int, int]]) -> None:
    assert others_rows(own, low, high) == expected
