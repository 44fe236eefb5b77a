"""fix11h (issue 11 #2): the curation view's keyboard gaps — Up/Down/Home/End move the row
selection through the article's units (so a decided or agreed unit can be reached to relabel or
resize without the mouse); Shift+Tab from an article's first open item goes to the previous
article's last one; after an article change Tab starts from the article's top. Hand-made team."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from annotator.domain.model import Status

from tests.ui.test_curation_open_tab_cur11ui import open_view, shown, team
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401

SHIFT = Qt.KeyboardModifier.ShiftModifier


def selected_row(dialog) -> int | None:  # noqa: ANN001
    rows = dialog.table.selectionModel().selectedRows()
    return rows[0].row() if rows else None


def test_up_down_home_end_move_through_the_units(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    project, a, b, c = team(tmp_path / "team.db")
    window = make_window(project, analyst="lead")
    window.open_article(a)
    dialog = open_view(window, qtbot)
    units = [dialog.alignment.article.text[u.start:u.end] for u in dialog.alignment.units]
    assert units == ["Angela Merkel", "said", "the talks failed", "Reuters", "Macron"]
    assert (shown(dialog), selected_row(dialog)) == ("said", 1)
    qtbot.keyClick(dialog, Qt.Key.Key_Down)
    assert (shown(dialog), selected_row(dialog)) == ("the talks failed", 2)
    qtbot.keyClick(dialog, Qt.Key.Key_Up)
    qtbot.keyClick(dialog, Qt.Key.Key_Up)  # to the agreed unit, which Tab never visits
    assert (shown(dialog), selected_row(dialog)) == ("Angela Merkel", 0)
    qtbot.keyClick(dialog, Qt.Key.Key_Up)  # the top: stays
    assert (shown(dialog), selected_row(dialog)) == ("Angela Merkel", 0)
    qtbot.keyClick(dialog, Qt.Key.Key_Down)
    qtbot.keyClick(dialog, Qt.Key.Key_Down)
    assert (shown(dialog), selected_row(dialog)) == ("the talks failed", 2)
    qtbot.keyClick(dialog, Qt.Key.Key_End)  # the last row: the stance unit after the span units
    assert (shown(dialog), selected_row(dialog)) == ("stance", 5)
    qtbot.keyClick(dialog, Qt.Key.Key_Down)
    assert selected_row(dialog) == 5
    qtbot.keyClick(dialog, Qt.Key.Key_Home)
    assert (shown(dialog), selected_row(dialog)) == ("Angela Merkel", 0)
    # after a decision too: reject Merkel (X), Down reaches the next row and L can relabel there
    qtbot.keyClick(dialog, Qt.Key.Key_X)
    assert dialog.current_unit().decided
    qtbot.keyClick(dialog, Qt.Key.Key_Down)
    assert (shown(dialog), selected_row(dialog)) == ("said", 1)
    qtbot.keyClick(dialog, Qt.Key.Key_Up)
    assert (shown(dialog), selected_row(dialog)) == ("Angela Merkel", 0)


def test_shift_tab_from_the_first_open_item_goes_to_the_previous_articles_last(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    project, a, b, c = team(tmp_path / "team.db")
    window = make_window(project, analyst="lead")
    window.open_article(b)
    dialog = open_view(window, qtbot)
    assert (dialog.article_id, shown(dialog)) == (b, "Macron")
    qtbot.keyClick(dialog, Qt.Key.Key_Tab, SHIFT)  # B's first: back to A's last open item (its stance)
    assert (dialog.article_id, shown(dialog)) == (a, "stance")
    qtbot.keyClick(dialog, Qt.Key.Key_Tab, SHIFT)
    assert (dialog.article_id, shown(dialog)) == (a, "Macron")
    qtbot.keyClick(dialog, Qt.Key.Key_Tab)  # and forward again: fix11ag P6, the stance's quote Tab has not
    assert (dialog.article_id, shown(dialog)) == (a, "the talks failed")  # shown yet first (the stance waits on it)
    qtbot.keyClick(dialog, Qt.Key.Key_Tab)  # then on to the stance
    assert (dialog.article_id, shown(dialog)) == (a, "stance")
    # the same from B reached by Tab (not opened on it), and by Backtab as Qt sends it
    qtbot.keyClick(dialog, Qt.Key.Key_Tab)
    assert (dialog.article_id, shown(dialog)) == (b, "Macron")
    qtbot.keyClick(dialog, Qt.Key.Key_Backtab, SHIFT)
    assert (dialog.article_id, shown(dialog)) == (a, "stance")


def test_shift_tab_into_an_article_then_on_back_leaves_it_at_its_first(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    project, a, b, c = team(tmp_path / "team.db")
    window = make_window(project, analyst="lead")
    window.open_article(c)
    dialog = open_view(window, qtbot)
    qtbot.keyClick(dialog, Qt.Key.Key_Tab, SHIFT)  # C has nothing open: B's last
    assert (dialog.article_id, shown(dialog)) == (b, "Angela Merkel")
    qtbot.keyClick(dialog, Qt.Key.Key_Tab, SHIFT)
    assert (dialog.article_id, shown(dialog)) == (b, "Macron")
    qtbot.keyClick(dialog, Qt.Key.Key_Tab, SHIFT)  # B's first: A's last, not B's last again
    assert (dialog.article_id, shown(dialog)) == (a, "stance")


def test_shift_tab_after_moving_off_the_row_it_came_in_on_still_goes_back(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    """The user test: in B by Shift+Tab (on its last), Up to its first disagreement, Shift+Tab went
    round to B's last again; it goes to A's last."""
    project, a, b, c = team(tmp_path / "team.db")
    window = make_window(project, analyst="lead")
    window.open_article(c)
    dialog = open_view(window, qtbot)
    qtbot.keyClick(dialog, Qt.Key.Key_Tab, SHIFT)
    assert (dialog.article_id, shown(dialog)) == (b, "Angela Merkel")
    qtbot.keyClick(dialog, Qt.Key.Key_Up)
    assert (dialog.article_id, shown(dialog)) == (b, "Macron")
    qtbot.keyClick(dialog, Qt.Key.Key_Tab, SHIFT)
    assert (dialog.article_id, shown(dialog)) == (a, "stance")


def test_after_an_article_change_tab_starts_from_the_articles_top(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    project, a, b, c = team(tmp_path / "team.db")
    window = make_window(project, analyst="lead")
    window.open_article(a)
    dialog = open_view(window, qtbot)
    assert shown(dialog) == "said"
    for _ in range(3):  # keep ana's said? she has none: 2 keeps ben's; then the quote, Reuters
        qtbot.keyClick(dialog, Qt.Key.Key_2)
        qtbot.keyClick(dialog, Qt.Key.Key_Tab)
    assert shown(dialog) == "Macron"
    qtbot.keyClick(dialog, Qt.Key.Key_PageDown)
    assert dialog.article_id == b
    qtbot.keyClick(dialog, Qt.Key.Key_PageUp)
    assert (dialog.article_id, shown(dialog)) == (a, "Macron")
    qtbot.keyClick(dialog, Qt.Key.Key_Tab)  # from the one shown on: the stance
    assert (dialog.article_id, shown(dialog)) == (a, "stance")
    qtbot.keyClick(dialog, Qt.Key.Key_PageDown)
    qtbot.keyClick(dialog, Qt.Key.Key_PageUp)
    assert shown(dialog) == "Macron"
    qtbot.keyClick(dialog, Qt.Key.Key_End)  # the row moved below A's remaining disagreement (the stance row)
    assert shown(dialog) == "stance"
    qtbot.keyClick(dialog, Qt.Key.Key_Tab)  # from the top: A's remaining Macron, not skipped
    assert (dialog.article_id, shown(dialog)) == (a, "Macron")
    qtbot.keyClick(dialog, Qt.Key.Key_Tab)  # then on as usual
    assert (dialog.article_id, shown(dialog)) == (a, "stance")


def test_a_long_kept_span_keeps_its_edited_mark_in_sight(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    """Issue 11 #3: the gold cell of a long span the lead edited cuts the span's words in the
    middle, so "(ben, edited by lead)" is never cut off; the tooltip holds the whole."""
    from annotator.ui.curation_view import middle_cut
    from tests.domain.test_curation import TEXT, layers
    from tests.domain.test_curation import make_project as make_team_project
    from tests.ui.test_curation_stale import current_unit_text
    from tests.ui.test_curation_stale import open_view as open_team_view

    assert middle_cut("x" * 40) == "x" * 40 and middle_cut("a" * 30 + "b" * 30) == "a" * 19 + "…" + "b" * 20
    project, _article_id = make_team_project(tmp_path / "team.db", layers())
    window = make_window(project, analyst="lead")
    dialog = open_team_view(window, qtbot)
    assert dialog.table.textElideMode() == Qt.TextElideMode.ElideMiddle
    for _ in range(3):  # fix11q: the first Tab lands on "said", the view opened on
        qtbot.keyClick(dialog, Qt.Key.Key_Tab)
    assert current_unit_text(dialog) == "Reuters"
    qtbot.keyClick(dialog, Qt.Key.Key_2)  # ben's GPE
    for _ in range(8):  # the start back word by word: "Angela Merkel said … according to Reuters"
        qtbot.keyClick(dialog, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier | SHIFT)
    row = next(n for n, u in enumerate(dialog.alignment.units) if TEXT[u.start:u.end] == "Reuters")
    gold_col = len(dialog.analysts) + 1
    words = TEXT[:TEXT.index("Reuters") + len("Reuters")]
    assert len(words) > 40
    assert dialog.cell(row, gold_col) == f"✓ GPE «{middle_cut(words)}» (ben, edited by lead)"
    assert dialog.cell_tip(row, gold_col) == f"✓ GPE «{words}» (ben, edited by lead)"


def test_the_status_line_says_a_decided_speaker_stays_as_decided(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    """Issue 11 #1 in the view: 1/2 on «which» (4b22: nothing), then 5fec's QUOTE: «which» stays
    rejected and the status line says its link is not carried; Ctrl+Z takes the keep back."""
    from tests.domain.test_curation_decided_links import QUOTE, TEXT as T, team as decided_team

    project, article_id = decided_team(tmp_path / "t.db")
    window = make_window(project, analyst="lead")
    window.open_article(article_id)
    dialog = open_view(window, qtbot)
    key = {a: Qt.Key(Qt.Key.Key_1 + n) for n, a in enumerate(dialog.analysts)}
    rows = {T[u.start:u.end]: n for n, u in enumerate(dialog.alignment.units)}
    dialog._select_row(rows["which"])
    qtbot.keyClick(dialog, key["4b22"])
    assert dialog.status.text() == "Saved: Curate: keep nothing at «which» (4b22's version)"
    dialog._select_row(rows[QUOTE])
    qtbot.keyClick(dialog, key["5fec"])
    assert "its SPEAKER «which» stays as you decided: no link" in dialog.status.text()
    which = {T[s.start:s.end]: s for s in project.spans(article_id)}["which"]
    assert which.status == Status.REJECTED
    qtbot.keyClick(dialog, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert QUOTE not in {T[s.start:s.end] for s in project.spans(article_id) if s.status == Status.ACCEPTED}
