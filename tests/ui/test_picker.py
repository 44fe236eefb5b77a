"""The picker on its own (annotator.ui.picker): it knows nothing of the window, takes rows and
gives back the one chosen — typing narrows, Up/Down/Enter, 1-9, Esc, the new-entry row."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QWidget

from annotator.ui.picker import NEW, Picker

K = Qt.Key
PEOPLE = ["Michael Flynn", "Sergey Kislyak", "Ségolène Royal", "White House", *(f"Person {n}" for n in range(20))]


@pytest.fixture
def picker(qtbot):  # noqa: ANN001, ANN201
    host = QWidget()
    host.resize(800, 600)
    qtbot.addWidget(host)
    host.show()
    picker = Picker(host)
    chosen: list[object] = []
    picker.chosen.connect(chosen.append)
    picker.open("Holder", PEOPLE, at=QPoint(10, 10))
    picker.taken = chosen  # type: ignore[attr-defined]
    picker.host_widget = host  # type: ignore[attr-defined] - keeps the parent alive for the test
    return picker


def test_enter_takes_the_first_row_and_digits_the_nth(picker, qtbot) -> None:  # noqa: ANN001
    assert picker.isVisible() and len(picker.visible_rows) == len(PEOPLE)  # every row, not 12
    qtbot.keyClick(picker.edit, K.Key_Return)
    assert picker.taken == ["Michael Flynn"] and not picker.isVisible()
    picker.open("Holder", PEOPLE, at=QPoint(10, 10))
    qtbot.keyClick(picker.edit, K.Key_3)
    assert picker.taken[-1] == "Ségolène Royal"
    assert picker.edit.text() == ""  # the digit chose, it was not typed


def test_typing_narrows_by_prefix_initials_and_without_accents(picker, qtbot) -> None:  # noqa: ANN001
    qtbot.keyClicks(picker.edit, "sego")
    assert picker.visible_rows == ["Ségolène Royal"]
    picker.edit.clear()
    qtbot.keyClicks(picker.edit, "wh")
    assert picker.visible_rows == ["White House"]
    picker.edit.clear()
    qtbot.keyClicks(picker.edit, "mf")
    assert picker.visible_rows == ["Michael Flynn"]
    picker.edit.clear()
    qtbot.keyClicks(picker.edit, "zz")
    assert picker.visible_rows == [] and picker.list.item(0).text().startswith("No match")
    qtbot.keyClick(picker.edit, K.Key_Return)
    assert picker.taken == [] and picker.isVisible()  # nothing to take


def test_arrows_move_and_the_last_row_is_reachable(picker, qtbot) -> None:  # noqa: ANN001
    qtbot.keyClick(picker.edit, K.Key_Up)  # wraps to the last row
    qtbot.keyClick(picker.edit, K.Key_Return)
    assert picker.taken == ["Person 19"]
    picker.open("Holder", PEOPLE, at=QPoint(10, 10))
    qtbot.keyClick(picker.edit, K.Key_Down)
    qtbot.keyClick(picker.edit, K.Key_Return)
    assert picker.taken[-1] == "Sergey Kislyak"


def test_escape_closes_without_a_choice(picker, qtbot) -> None:  # noqa: ANN001
    closed: list[bool] = []
    picker.closed.connect(lambda: closed.append(True))
    qtbot.keyClick(picker.edit, K.Key_Escape)
    assert not picker.isVisible() and closed == [True] and picker.taken == []


def test_new_entry_first_kept_while_typing_and_set_while_open(picker, qtbot) -> None:  # noqa: ANN001
    assert NEW not in picker.visible_rows
    picker.set_new_entry("New SPEAKER from “the minister”")
    assert picker.visible_rows[0] is NEW and picker.list.item(0).text() == "1  New SPEAKER from “the minister”"
    qtbot.keyClicks(picker.edit, "zz")
    assert picker.visible_rows == [NEW]
    qtbot.keyClick(picker.edit, K.Key_Return)
    assert picker.taken == [NEW]


def test_current_row_given_is_highlighted(qtbot) -> None:  # noqa: ANN001
    host = QWidget()
    qtbot.addWidget(host)
    host.show()
    picker = Picker(host)
    picker.open("Holder", PEOPLE, at=QPoint(0, 0), current=2)
    assert picker.list.currentRow() == 2


def test_a_rows_quick_key_takes_it_only_before_anything_is_typed(picker, qtbot) -> None:  # noqa: ANN001
    picker.open("Target", PEOPLE, at=QPoint(10, 10), keys={"w": 3, "K": 1})
    qtbot.keyClick(picker.edit, K.Key_K)  # keys ignore case
    assert picker.taken == ["Sergey Kislyak"]
    picker.open("Target", PEOPLE, at=QPoint(10, 10), keys={"w": 3})
    qtbot.keyClicks(picker.edit, "mw")  # typed first: "w" narrows, it does not choose
    assert picker.taken == ["Sergey Kislyak"] and picker.edit.text() == "mw"


def test_a_new_entry_from_the_typed_text_comes_after_the_matches(picker, qtbot) -> None:  # noqa: ANN001
    picker.open("Target", PEOPLE, at=QPoint(10, 10), new_typed=lambda t: f"New target “{t}”")
    assert NEW not in picker.visible_rows  # nothing typed: no new entry
    qtbot.keyClicks(picker.edit, "mi")
    assert picker.visible_rows == ["Michael Flynn", NEW]
    qtbot.keyClick(picker.edit, K.Key_Return)  # the listed row, not a new "mi"
    assert picker.taken == ["Michael Flynn"]
    picker.open("Target", PEOPLE, at=QPoint(10, 10), new_typed=lambda t: f"New target “{t}”")
    qtbot.keyClicks(picker.edit, "white house")  # that very name: no new entry
    assert picker.visible_rows == ["White House"]
    picker.edit.clear()
    qtbot.keyClicks(picker.edit, "Kremlin")
    assert picker.visible_rows == [NEW] and picker.list.item(0).text() == "1  New target “Kremlin”"
    qtbot.keyClick(picker.edit, K.Key_Return)
    assert picker.taken[-1] is NEW and picker.typed() == "Kremlin"
