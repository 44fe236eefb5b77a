"""Issue 11, usertest11g finding 8 (fix11q): the curation view opens with the article's first
disagreement selected; the first Tab lands on it (it went on to the second, and the first was
reached only after wrapping round every article). The view opens as if just before that first
item: Tab lands on it, Shift+Tab goes back to the previous article's last (as from that first item).
Another key first (Down, a click, a decision) and Tab goes on from where it is, as ever."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from tests.ui.test_curation_open_tab_cur11ui import open_view, shown, team
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401

SHIFT = Qt.KeyboardModifier.ShiftModifier


def test_the_first_tab_lands_on_the_first_disagreement_the_view_opened_on(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    project, a, b, c = team(tmp_path / "team.db")
    window = make_window(project, analyst="lead")
    window.open_article(a)
    dialog = open_view(window, qtbot)
    assert (dialog.article_id, shown(dialog)) == (a, "said")  # selected on open
    qtbot.keyClick(dialog, Qt.Key.Key_Tab)
    assert (dialog.article_id, shown(dialog)) == (a, "said")  # landed on the first, not past it
    assert dialog.status.text().startswith(f"Article #{a}: ")
    qtbot.keyClick(dialog, Qt.Key.Key_Tab)
    assert (dialog.article_id, shown(dialog)) == (a, "the talks failed")  # then on, one by one


def test_shift_tab_on_open_goes_back_as_from_before_the_first(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    project, a, b, c = team(tmp_path / "team.db")
    window = make_window(project, analyst="lead")
    window.open_article(b)
    dialog = open_view(window, qtbot)
    assert (dialog.article_id, shown(dialog)) == (b, "Macron")
    qtbot.keyClick(dialog, Qt.Key.Key_Tab, SHIFT)  # back: A's last open item (its stance)
    assert (dialog.article_id, shown(dialog)) == (a, "stance")
    qtbot.keyClick(dialog, Qt.Key.Key_Tab)  # and forward: B's first, the one the view opened on
    assert (dialog.article_id, shown(dialog)) == (b, "Macron")


def test_after_another_key_first_tab_goes_on_from_where_it_is(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    project, a, b, c = team(tmp_path / "team.db")
    window = make_window(project, analyst="lead")
    window.open_article(b)
    dialog = open_view(window, qtbot)
    qtbot.keyClick(dialog, Qt.Key.Key_Down)
    qtbot.keyClick(dialog, Qt.Key.Key_Up)  # back on Macron by the arrows: the lead chose it
    assert shown(dialog) == "Macron"
    qtbot.keyClick(dialog, Qt.Key.Key_Tab)
    assert (dialog.article_id, shown(dialog)) == (b, "Angela Merkel")


def test_the_article_box_cuts_a_long_title_at_a_word_with_an_ellipsis(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    """usertest11g 9: the box cut an untitled article's text at 60 characters mid-phrase, no "…"."""
    from annotator.ui.curation_view import cut_title

    assert cut_title("x" * 60) == "x" * 60 and cut_title("x" * 61) == "x" * 59 + "…"
    project, a, b, c = team(tmp_path / "team.db")
    window = make_window(project, analyst="lead")
    window.open_article(a)
    dialog = open_view(window, qtbot)
    index = dialog.article_ids.index(a)
    assert dialog.article_box.itemText(index) == (f"#{a} Angela Merkel said the talks failed, according to Reuters.… "
                                                  "(5 disagreements left)")
    whole = "Angela Merkel said the talks failed, according to Reuters. Macron disagreed."
    assert dialog.article_box.itemData(index, Qt.ItemDataRole.ToolTipRole) == f"#{a} {whole} (5 disagreements left)"
