"""Issue 11 user test (fix11l, finding 4): the window said "This article was changed by another
program" of #2 after a merge that changed only #1: the watcher read every change-log row written
since its last look, the window's own edit of #2 among them. Only the rows other programs wrote
are reported; the window's own (however they interleave with another program's) are not."""

from __future__ import annotations

from pathlib import Path

from annotator.domain.model import ArticleStatus
from annotator.storage.project import Project
from tests.ui.test_outside_writes_fix11j import _curated_team, _merge_in_process
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401


def test_an_outside_merge_of_one_article_reports_that_one_not_the_windows_own_edit(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    team, cy, first = _curated_team(tmp_path)
    window = make_window(Project.open(team, create=False), analyst="lead")
    window.outside_writes.stop()  # looked at by hand
    reported: list[tuple[list, list]] = []
    window.outside_writes.changed.connect(lambda ids, gold: reported.append((list(ids), list(gold))))
    second = next(a for a in window.article_list.model.ids() if a != first)
    window.open_article(second)
    window.project.set_article_status(second, ArticleStatus.DONE, by="lead")  # the window's own edit of #2, not yet looked at
    _merge_in_process(team, cy)  # another program: changes #1 only
    window.project.set_article_status(second, ArticleStatus.IN_PROGRESS, by="lead")  # and the window again, after it

    assert window.outside_writes.check() is True
    assert reported == [([first], [first])]  # #1, what the merge changed; never #2
    assert "changed by another program" not in window.statusBar().currentMessage()  # #2 is open: not reloaded
    window.open_article(first)
    window.project.set_article_status(first, ArticleStatus.DONE, by="lead")
    assert window.outside_writes.check() is False and len(reported) == 1  # own writes alone: nothing to report


def test_an_outside_write_to_the_open_article_is_still_reported(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    team, cy, first = _curated_team(tmp_path)
    window = make_window(Project.open(team, create=False), analyst="lead")
    window.outside_writes.stop()
    window.open_article(first)
    window.project.set_article_status(first, ArticleStatus.REVIEWED, by="lead")
    _merge_in_process(team, cy)
    assert window.outside_writes.check() is True
    assert "changed by another program" in window.statusBar().currentMessage()
