"""usertest12 LOW-3: the current stance target follows undo / redo of the stance that listed it."""

from __future__ import annotations

import pytest

from tests.ui.test_linking import Inputs
from tests.ui.test_relation_rule_keys import db_rows, span_id
from tests.ui.test_stance_keys import TARGETS_SQL, window  # noqa: F401
from tests.ui.test_window_keys import CTRL, SHIFT, K, press
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401

pytestmark = pytest.mark.timeout(60)

NEW = "Pellworth levy"


def shown(window) -> tuple[str, str, str]:  # noqa: ANN001
    return window.stance_keys.current_target, window.target_label.text(), window.article_panel.target_hint.text()


def new_target_stance(window, qtbot) -> None:  # noqa: ANN001
    window.select_span(span_id(window, "QUOTE"))
    inputs = Inputs(qtbot, window)
    inputs.key(K.Key_F)
    inputs.key(NEW)
    inputs.key(K.Key_Return)
    assert db_rows(window, "SELECT target FROM stances") == [(NEW,)]


def test_undoing_the_stance_that_listed_a_new_target_drops_it_as_current(window, qtbot) -> None:  # noqa: ANN001, F811
    assert window.stance_keys.current_target == ""
    new_target_stance(window, qtbot)
    assert shown(window) == (NEW, f"Target: {NEW} (F/G/N)", f"Current target: {NEW}")
    press(window, K.Key_Z, CTRL)
    assert NEW not in [row[0] for row in db_rows(window, TARGETS_SQL)]
    assert shown(window) == ("", "Target: none (Shift+T)", "No current target (Shift+T)")
    press(window, K.Key_Z, CTRL | SHIFT)  # redo: listed and current again
    assert shown(window) == (NEW, f"Target: {NEW} (F/G/N)", f"Current target: {NEW}")


def test_undo_puts_back_the_target_current_before_the_new_one(window, qtbot) -> None:  # noqa: ANN001, F811
    window.stance_keys.current_target = "sanctions"
    inputs = Inputs(qtbot, window)
    inputs.key(K.Key_T, SHIFT)  # Shift+T, a new name: current, not listed until a stance uses it
    inputs.key(NEW)
    inputs.key(K.Key_Return)
    assert window.stance_keys.current_target == NEW
    window.select_span(span_id(window, "QUOTE"))
    press(window, K.Key_G)
    assert db_rows(window, "SELECT target FROM stances") == [(NEW,)]
    press(window, K.Key_Z, CTRL)
    assert shown(window) == ("sanctions", "Target: sanctions (F/G/N)", "Current target: sanctions")
    press(window, K.Key_Z, CTRL | SHIFT)
    assert window.stance_keys.current_target == NEW


def test_undoing_a_stance_towards_a_listed_target_keeps_it_current(window) -> None:  # noqa: ANN001, F811
    window.stance_keys.current_target = "Geneva talks"
    window.select_span(span_id(window, "QUOTE"))
    press(window, K.Key_F)
    assert db_rows(window, "SELECT target FROM stances") == [("Geneva talks",)]
    press(window, K.Key_Z, CTRL)
    assert db_rows(window, "SELECT target FROM stances") == []
    assert window.stance_keys.current_target == "Geneva talks"
