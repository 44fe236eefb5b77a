"""F / G / N in the real window: a stance on the selected quote, holder its linked speaker, target
the current one — stored, shown in the details and Article panels, undone and redone in one
step; nothing written without a speaker link, and no stance key acts from a text field."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QInputDialog

from tests.ui.test_relation_rule_keys import db_rows, quote_project, span_id
from tests.ui.test_window_keys import CTRL, SHIFT, K, press
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401

STANCES_SQL = "SELECT holder, holder_span, target, polarity, evidence, status FROM stances"


@pytest.fixture
def window(make_window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # noqa: ANN001, ANN201
    asked: list[list[str]] = []

    def answer(_parent, _title, _label, items, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        asked.append(list(items))
        return "Geneva talks", True

    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(answer))
    made = make_window(quote_project(tmp_path / "quotes.db"))
    made.asked_targets = asked
    return made


def changes(window) -> int:  # noqa: ANN001
    return db_rows(window, "SELECT count(*) FROM changes WHERE kind = 'stance'")[0][0]


def test_f_sets_a_stance_of_the_linked_speaker_on_the_quote_towards_the_asked_target(window) -> None:  # noqa: ANN001
    quote, speaker = span_id(window, "QUOTE"), span_id(window, "SPEAKER")
    window.select_span(quote)
    press(window, K.Key_F)
    assert db_rows(window, STANCES_SQL) == [("Sergei Lavrov", speaker, "Geneva talks", "favor", quote, "accepted")]
    assert len(window.asked_targets) == 1
    assert window.details.stance_lines() == ["Sergei Lavrov — favor → Geneva talks"]
    table = window.article_panel.stance_table
    assert [table.item(0, c).text() for c in range(5)] == [
        "Sergei Lavrov", "favor", "Geneva talks", "", "the talks in Geneva were useful"]
    window.select_span(speaker)  # the holder's own span lists it too
    assert window.details.stance_lines() == ["Sergei Lavrov — favor → Geneva talks"]


def test_the_same_key_again_does_nothing_another_polarity_changes_it_in_one_undo_step(window) -> None:  # noqa: ANN001
    window.select_span(span_id(window, "QUOTE"))
    press(window, K.Key_F)
    before = changes(window)
    press(window, K.Key_F)
    assert changes(window) == before
    assert len(window.asked_targets) == 1  # the current target is kept for the session
    press(window, K.Key_G)
    assert db_rows(window, "SELECT polarity FROM stances") == [("against",)]
    assert changes(window) == before + 1
    press(window, K.Key_N)
    assert db_rows(window, "SELECT polarity FROM stances") == [("neutral",)]
    press(window, K.Key_Z, CTRL)
    assert db_rows(window, "SELECT polarity FROM stances") == [("against",)]
    press(window, K.Key_Z, CTRL)
    assert db_rows(window, "SELECT polarity FROM stances") == [("favor",)]
    press(window, K.Key_Z, CTRL)
    assert db_rows(window, "SELECT polarity FROM stances") == []
    assert window.article_panel.stance_table.rowCount() == 0
    press(window, K.Key_Z, CTRL | SHIFT)
    assert db_rows(window, "SELECT polarity FROM stances") == [("favor",)]
    press(window, K.Key_Z, CTRL | SHIFT)
    assert db_rows(window, "SELECT polarity FROM stances") == [("against",)]
    assert [s.polarity for s in window.state.stance_list()] == ["against"]


def test_keys_follow_the_schemas_polarity_order(window) -> None:  # noqa: ANN001
    import dataclasses

    window.session.schema = dataclasses.replace(window.schema, stance_polarities=("pro", "contra", "unclear"))
    window.select_span(span_id(window, "QUOTE"))
    press(window, K.Key_G)
    assert db_rows(window, "SELECT polarity FROM stances") == [("contra",)]


def test_without_a_speaker_link_nothing_is_written_and_the_status_bar_says_so(window) -> None:  # noqa: ANN001
    rel = next(r for r in window.state.relations.values() if r.label == "SPEAKER")
    window.details.relationDeleteRequested.emit(rel.id)
    assert not any(r.label == "SPEAKER" for r in window.state.relations.values())
    window.select_span(span_id(window, "QUOTE"))
    press(window, K.Key_F)
    assert db_rows(window, STANCES_SQL) == []
    assert "link a speaker first (S)" in window.statusBar().currentMessage()
    assert window.asked_targets == []


def test_on_a_span_that_is_not_a_quote_or_claim_nothing_is_written(window) -> None:  # noqa: ANN001
    window.select_span(span_id(window, "PERSON"))
    press(window, K.Key_F)
    assert db_rows(window, STANCES_SQL) == []


def test_stance_keys_do_not_act_from_a_text_field(window, qtbot) -> None:  # noqa: ANN001
    window.select_span(span_id(window, "QUOTE"))
    field = window.article_panel.holder_edit
    field.setFocus()
    qtbot.keyClicks(field, "Fgn")
    assert field.text() == "Fgn"
    assert db_rows(window, STANCES_SQL) == []


def test_a_click_on_a_stance_row_selects_its_evidence_and_remove_deletes_it(window) -> None:  # noqa: ANN001
    quote = span_id(window, "QUOTE")
    window.select_span(quote)
    press(window, K.Key_F)
    window.select_span(span_id(window, "GPE"))
    window.article_panel.stance_table.cellClicked.emit(0, 0)
    assert window.selected_id == quote
    [stance] = window.state.stance_list()
    window.details.stances.linkActivated.emit(f"unstance:{stance.id}")
    assert db_rows(window, STANCES_SQL) == []
    assert window.details.stance_lines() == []
    press(window, K.Key_Z, CTRL)
    assert len(db_rows(window, STANCES_SQL)) == 1


def test_shift_t_chooses_the_current_target(window, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(lambda *a, **k: ("sanctions", True)))
    press(window, K.Key_T, SHIFT)
    window.select_span(span_id(window, "QUOTE"))
    press(window, K.Key_F)
    assert db_rows(window, "SELECT target FROM stances") == [("sanctions",)]
