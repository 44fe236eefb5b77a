"""fix11j (issue 11 finding 2): with team.db open in the window, an outside `annotator merge`
withdrew an article's curated mark, yet the article list kept its ✓ (and the curation view its
"— curated") until the file was reopened. The window now follows every other connection's write
(a merge, an import, `curate`, another window): the rows of the articles written — only those,
no model reset (issue 12) —, the open article and an open curation view."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from annotator.domain.model import Article, ArticleBundle, ArticleStatus
from annotator.storage.project import Project
from annotator.storage.team import merge_analyst_files
from annotator.ui.curation_view import CurationDialog
from tests.cli.test_export_uncurated import _text
from tests.cli.test_team_curate_fix11e import _curate_fully, _mark, _team_of_two
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401


def _merge_in_process(team: Path, analyst_file: Path) -> None:
    """What `annotator merge TEAM analyst.db` does, on connections of its own (another program)."""
    with Project.open(team, create=False) as other, Project.open(analyst_file, create=False) as source:
        merge_analyst_files(other, [source])


def _curated_team(tmp_path: Path) -> tuple[Path, Path, int]:
    team, _ana, cy, first = _team_of_two(tmp_path)
    _curate_fully(team, first)
    _mark(cy, _text(0), "Article", "ORG")  # cy adds a unit after the article was curated
    return team, cy, first


def test_an_outside_merge_withdrawing_a_curated_mark_updates_that_row_and_the_open_article(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    team, cy, first = _curated_team(tmp_path)
    window = make_window(Project.open(team, create=False), analyst="lead")
    window.outside_writes.stop()  # looked at by hand below; the timer has its own check at the end
    window.open_article(first)
    model = window.article_list.model
    assert model.status_of(first) == ArticleStatus.REVIEWED and window.state.article.status == ArticleStatus.REVIEWED
    others = [a for a in model.ids() if a != first]
    before = {a: model.summary(a) for a in others}
    resets, changed_rows = [], []
    model.modelReset.connect(lambda: resets.append(1))
    model.dataChanged.connect(lambda top, bottom: changed_rows.extend(range(top.row(), bottom.row() + 1)))

    _merge_in_process(team, cy)
    assert window.outside_writes.check() is True
    assert model.status_of(first) == ArticleStatus.IN_PROGRESS  # the ✓ is gone
    assert changed_rows == [model.row_of(first)] and resets == []  # that row only, no reset
    assert {a: model.summary(a) for a in others} == before
    assert window.state.article.status == ArticleStatus.IN_PROGRESS  # the open article too
    assert "changed by another program" in window.statusBar().currentMessage()
    assert window.outside_writes.check() is False  # nothing new since

    # the window's own edits are not "another program"
    window.open_article(others[0])
    assert window.outside_writes.check() is False


def test_an_outside_import_adds_its_articles_at_the_end_of_the_list_without_a_reset(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    team, _cy, _first = _curated_team(tmp_path)
    window = make_window(Project.open(team, create=False), analyst="lead")
    window.outside_writes.stop()
    model = window.article_list.model
    ids = model.ids()
    resets = []
    model.modelReset.connect(lambda: resets.append(1))
    with Project.open(team, create=False) as other:
        added = other.import_bundles([ArticleBundle(Article(id=None, text="A new article about Lyon, imported meanwhile."))],
                                     by="other").article_ids
    assert window.outside_writes.check() is True
    assert model.ids() == [*ids, *added] and resets == []
    assert window.article_list.count_label.text() == str(len(ids) + 1)


def test_an_open_curation_view_and_the_timer_follow_an_outside_merge(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    team, cy, first = _curated_team(tmp_path)
    window = make_window(Project.open(team, create=False), analyst="lead")
    window.open_article(first)
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = window.findChild(CurationDialog)
    assert dialog is not None and dialog.article_id == first
    assert dialog.file_watch is window.outside_writes  # fix11ah: one watcher, the window's timer reaches the view
    index = dialog.article_ids.index(first)
    assert dialog.article_box.itemText(index).endswith("— curated")
    _merge_in_process(team, cy)
    # the window's timer (not called by hand): the row, and the view
    qtbot.waitUntil(lambda: window.article_list.model.status_of(first) == ArticleStatus.IN_PROGRESS, timeout=5000)
    assert not dialog.article_box.itemText(index).endswith("— curated")
    assert "changed under the view" in dialog.status.text()


def test_rows_never_read_are_not_read_for_an_outside_write(qtbot) -> None:  # noqa: ANN001
    """A merge of many articles re-reads only the rows whose summaries were read (painted); the
    others forget their status and read it with their page when needed (issue 12)."""
    from annotator.storage.project import ArticleSummary
    from annotator.ui.article_list import ArticleListModel

    asked: list[list[int]] = []
    status = {i: ArticleStatus.REVIEWED for i in range(1, 1001)}

    def loader(ids):  # noqa: ANN001, ANN202
        asked.append(list(ids))
        return [ArticleSummary(id=i, title=f"t{i}", publisher="", published="", status=status[i], pending=0, accepted=0,
                               words=1, file="") for i in ids]

    model = ArticleListModel()
    model.set_ids(list(range(1, 1001)), None, loader)
    assert model.status_of(1) == ArticleStatus.REVIEWED  # page 1-100 read
    asked.clear()
    status[5] = status[900] = ArticleStatus.IN_PROGRESS  # another program withdrew two marks
    model.refresh_written([5, 900])
    assert asked == [[5]]  # the row read before is read again; row 900 never was
    assert model.status_of(5) == ArticleStatus.IN_PROGRESS
    assert model.status_of(900) == ArticleStatus.IN_PROGRESS  # read with its page, now
