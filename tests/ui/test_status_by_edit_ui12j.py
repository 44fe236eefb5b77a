"""usertest12 LOW-2: paging through articles marks none in progress; the first edit does, in the
same undo step (docs/team.md, "Opening shows, it does not start work")."""

from __future__ import annotations

import pytest

from annotator.domain.model import ArticleStatus
from tests.ui.test_window_keys import CTRL, SHIFT, K, press
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401

pytestmark = pytest.mark.timeout(60)


def statuses(window) -> list[ArticleStatus]:  # noqa: ANN001
    return [window.project.article(i).status for i in window.project.article_ids()]


def test_paging_through_articles_leaves_them_new(make_window) -> None:  # noqa: ANN001
    window = make_window()
    ids = window.project.article_ids()
    seen = [window.state.article_id]
    for _ in range(len(ids) + 1):  # past the last one too
        press(window, K.Key_PageDown, SHIFT)  # Shift+PgDown: next article
        seen.append(window.state.article_id)
    press(window, K.Key_PageUp, SHIFT)
    assert set(seen) == set(ids)  # every article was shown
    assert statuses(window) == [ArticleStatus.NEW] * len(ids)
    assert {window.article_list.model.summary(i).status for i in ids} == {ArticleStatus.NEW}
    assert db_changes(window) == 0  # nothing written by looking


def db_changes(window) -> int:  # noqa: ANN001
    return window.project.db.execute("SELECT count(*) FROM changes WHERE kind = 'article'").fetchone()[0]


def test_the_first_edit_marks_in_progress_in_its_own_undo_step(make_window) -> None:  # noqa: ANN001
    window = make_window()
    first = window.state.article_id
    press(window, K.Key_Tab)
    press(window, K.Key_A)  # accept the first suggestion
    assert window.project.article(first).status == ArticleStatus.IN_PROGRESS
    assert window.article_list.model.summary(first).status == ArticleStatus.IN_PROGRESS
    assert window.state.article.status == ArticleStatus.IN_PROGRESS
    press(window, K.Key_A)  # a second edit: still in progress, one mark only
    assert db_changes(window) == 1
    press(window, K.Key_Z, CTRL)
    press(window, K.Key_Z, CTRL)  # both accepts undone: new again, as before the first edit
    assert window.project.article(first).status == ArticleStatus.NEW
    assert window.article_list.model.summary(first).status == ArticleStatus.NEW
    press(window, K.Key_Z, CTRL | SHIFT)
    assert window.project.article(first).status == ArticleStatus.IN_PROGRESS
