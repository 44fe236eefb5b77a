"""F / G / N in the real window: a stance on the selected quote, holder its linked speaker, target
the current one — picked like a speaker (the target list with its keys, then the article's named
entities, then the project's; a new name joins the target list in the stance's edit) — stored,
shown in the details and Article panels, undone and redone in one step; with no speaker link, F
opens the speaker picker and the link and the stance are one undo step. Every input is counted."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.domain import project_lists
from annotator.storage.project import Project
from tests.ui.test_linking import Inputs
from tests.ui.test_relation_rule_keys import db_rows, quote_project, span_id
from tests.ui.test_window_keys import CTRL, SHIFT, K, press
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401

STANCES_SQL = "SELECT holder, holder_span, target, polarity, evidence, status FROM stances"
TARGETS_SQL = "SELECT name, kind, key FROM target_list ORDER BY name"


def listed_project(path: Path) -> Project:
    """:func:`quote_project` with a target list: "Geneva talks" (topic, key t), "sanctions" (topic, key s)."""
    project = quote_project(path)
    project.apply(project_lists.add_target(project.targets(), "Geneva talks", key="t"), by="lead")
    project.apply(project_lists.add_target(project.targets(), "sanctions", key="s"), by="lead")
    return project


@pytest.fixture
def window(make_window, tmp_path: Path):  # noqa: ANN001, ANN201
    return make_window(listed_project(tmp_path / "quotes.db"))


def changes(window) -> int:  # noqa: ANN001
    return db_rows(window, "SELECT count(*) FROM changes WHERE kind = 'stance'")[0][0]


def target_picker(window):  # noqa: ANN001, ANN201
    return window.target_chooser.picker


def test_a_stance_with_the_target_current_is_one_key(window, qtbot) -> None:  # noqa: ANN001
    quote, speaker = span_id(window, "QUOTE"), span_id(window, "SPEAKER")
    window.stance_keys.current_target = "Geneva talks"
    window.select_span(quote)
    inputs = Inputs(qtbot, window)
    inputs.key(K.Key_F)
    assert inputs.count == 1
    assert db_rows(window, STANCES_SQL) == [("Sergei Lavrov", speaker, "Geneva talks", "favor", quote, "accepted")]
    assert window.details.stance_lines() == ["Sergei Lavrov — favor → Geneva talks"]
    table = window.article_panel.stance_table
    assert [table.item(0, c).text() for c in range(5)] == [
        "Sergei Lavrov", "favor", "Geneva talks", "", "the talks in Geneva were useful"]
    window.select_span(speaker)  # the holder's own span lists it too
    assert window.details.stance_lines() == ["Sergei Lavrov — favor → Geneva talks"]


def test_a_listed_target_not_current_takes_f_two_letters_and_enter(window, qtbot) -> None:  # noqa: ANN001
    window.select_span(span_id(window, "QUOTE"))
    inputs = Inputs(qtbot, window)
    inputs.key(K.Key_F)
    picker = target_picker(window)
    assert picker.isVisible()
    names = [getattr(r, "name", r) for r in picker.visible_rows]
    # the target list first (its keys shown), then the article's named entities
    assert names[:4] == ["Geneva talks", "sanctions", "Sergei Lavrov", "Geneva"]
    assert picker.list.item(0).text().startswith("1  [t] Geneva talks")
    inputs.key("sa")
    inputs.key(K.Key_Return)
    assert inputs.count == 4
    assert db_rows(window, "SELECT target, polarity FROM stances") == [("sanctions", "favor")]
    assert window.stance_keys.current_target == "sanctions"
    assert window.target_label.text() == "Target: sanctions (F/G/N)"
    assert db_rows(window, TARGETS_SQL) == [("Geneva talks", "topic", "t"), ("sanctions", "topic", "s")]  # nothing added


def test_a_list_entrys_key_chooses_it_at_once(window, qtbot) -> None:  # noqa: ANN001
    window.select_span(span_id(window, "QUOTE"))
    inputs = Inputs(qtbot, window)
    inputs.key(K.Key_G)
    inputs.key("t")
    assert inputs.count == 2
    assert db_rows(window, "SELECT target, polarity FROM stances") == [("Geneva talks", "against")]


def test_a_new_target_joins_the_list_with_the_stance_in_one_undo_step(window, qtbot) -> None:  # noqa: ANN001
    window.select_span(span_id(window, "QUOTE"))
    inputs = Inputs(qtbot, window)
    inputs.key(K.Key_F)
    inputs.key("Gen")  # matches "Geneva talks" and "Geneva": the new-target row comes after them
    picker = target_picker(window)
    assert [getattr(r, "name", r) for r in picker.visible_rows][:2] == ["Geneva talks", "Geneva"]
    inputs.key("eva summit")
    assert picker.list.item(0).text() == "1  New target “Geneva summit” (added to the target list)"
    inputs.key(K.Key_Return)
    assert db_rows(window, "SELECT target FROM stances") == [("Geneva summit",)]
    assert ("Geneva summit", "topic", "") in db_rows(window, TARGETS_SQL)
    press(window, K.Key_Z, CTRL)
    assert db_rows(window, "SELECT target FROM stances") == []
    assert ("Geneva summit", "topic", "") not in db_rows(window, TARGETS_SQL)
    press(window, K.Key_Z, CTRL | SHIFT)
    assert db_rows(window, "SELECT target FROM stances") == [("Geneva summit",)]
    assert ("Geneva summit", "topic", "") in db_rows(window, TARGETS_SQL)


def test_an_article_entity_as_target_is_listed_as_an_entity(window, qtbot) -> None:  # noqa: ANN001
    window.select_span(span_id(window, "QUOTE"))
    inputs = Inputs(qtbot, window)
    inputs.key(K.Key_N)
    inputs.key("4")  # the fourth row: the article's GPE "Geneva"
    assert db_rows(window, "SELECT target, polarity FROM stances") == [("Geneva", "neutral")]
    assert ("Geneva", "entity", "") in db_rows(window, TARGETS_SQL)


def test_a_typed_name_in_another_case_takes_the_lists_spelling(window, qtbot) -> None:  # noqa: ANN001
    window.stance_keys.current_target = "SANCTIONS"
    window.select_span(span_id(window, "QUOTE"))
    press(window, K.Key_F)
    assert db_rows(window, "SELECT target FROM stances") == [("sanctions",)]
    assert len(db_rows(window, TARGETS_SQL)) == 2


def test_the_same_key_again_does_nothing_another_polarity_changes_it_in_one_undo_step(window) -> None:  # noqa: ANN001
    window.stance_keys.current_target = "Geneva talks"
    window.select_span(span_id(window, "QUOTE"))
    press(window, K.Key_F)
    before = changes(window)
    press(window, K.Key_F)
    assert changes(window) == before
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
    window.stance_keys.current_target = "sanctions"
    window.select_span(span_id(window, "QUOTE"))
    press(window, K.Key_G)
    assert db_rows(window, "SELECT polarity FROM stances") == [("contra",)]


def test_without_a_speaker_link_f_picks_the_speaker_then_sets_the_stance_in_one_undo_step(window, qtbot) -> None:  # noqa: ANN001
    rel = next(r for r in window.state.relations.values() if r.label == "SPEAKER")
    window.details.relationDeleteRequested.emit(rel.id)
    assert not any(r.label == "SPEAKER" for r in window.state.relations.values())
    quote, speaker = span_id(window, "QUOTE"), span_id(window, "SPEAKER")
    window.stance_keys.current_target = "sanctions"
    window.select_span(quote)
    inputs = Inputs(qtbot, window)
    inputs.key(K.Key_F)
    assert window.linking.picker.isVisible()
    assert db_rows(window, STANCES_SQL) == []
    inputs.key(K.Key_Return)  # the first candidate: Sergei Lavrov, next to the cue
    assert inputs.count == 2
    assert db_rows(window, STANCES_SQL) == [("Sergei Lavrov", speaker, "sanctions", "favor", quote, "accepted")]
    assert db_rows(window, "SELECT count(*) FROM relations WHERE label = 'SPEAKER'") == [(1,)]
    press(window, K.Key_Z, CTRL)  # one undo step takes back the link and the stance
    assert db_rows(window, STANCES_SQL) == []
    assert db_rows(window, "SELECT count(*) FROM relations WHERE label = 'SPEAKER'") == [(0,)]
    press(window, K.Key_Z, CTRL | SHIFT)
    assert len(db_rows(window, STANCES_SQL)) == 1
    assert db_rows(window, "SELECT count(*) FROM relations WHERE label = 'SPEAKER'") == [(1,)]


def test_without_a_speaker_link_and_no_current_target_both_pickers_follow(window, qtbot) -> None:  # noqa: ANN001
    rel = next(r for r in window.state.relations.values() if r.label == "SPEAKER")
    window.details.relationDeleteRequested.emit(rel.id)
    window.select_span(span_id(window, "QUOTE"))
    inputs = Inputs(qtbot, window)
    inputs.key(K.Key_F)
    inputs.key(K.Key_Return)
    assert target_picker(window).isVisible()
    inputs.key("s")
    assert db_rows(window, "SELECT holder, target FROM stances") == [("Sergei Lavrov", "sanctions")]
    press(window, K.Key_Z, CTRL)
    assert db_rows(window, STANCES_SQL) == []
    assert db_rows(window, "SELECT count(*) FROM relations WHERE label = 'SPEAKER'") == [(0,)]


def test_escape_in_the_speaker_picker_writes_nothing(window, qtbot) -> None:  # noqa: ANN001
    rel = next(r for r in window.state.relations.values() if r.label == "SPEAKER")
    window.details.relationDeleteRequested.emit(rel.id)
    window.stance_keys.current_target = "sanctions"
    window.select_span(span_id(window, "QUOTE"))
    inputs = Inputs(qtbot, window)
    inputs.key(K.Key_F)
    inputs.key(K.Key_Escape)
    assert db_rows(window, STANCES_SQL) == []
    # a later S links without setting a stance
    inputs.key(K.Key_S)
    inputs.key(K.Key_Return)
    assert db_rows(window, STANCES_SQL) == []
    assert db_rows(window, "SELECT count(*) FROM relations WHERE label = 'SPEAKER'") == [(1,)]


def test_on_a_span_that_is_not_a_quote_or_claim_nothing_is_written(window) -> None:  # noqa: ANN001
    window.select_span(span_id(window, "PERSON"))
    press(window, K.Key_F)
    assert db_rows(window, STANCES_SQL) == []
    assert not window.target_chooser.picker.isVisible()


def test_stance_keys_do_not_act_from_a_text_field(window, qtbot) -> None:  # noqa: ANN001
    window.stance_keys.current_target = "sanctions"
    window.select_span(span_id(window, "QUOTE"))
    field = window.article_panel.note_edit
    field.setFocus()
    qtbot.keyClicks(field, "Fgn")
    assert field.text() == "Fgn"
    assert db_rows(window, STANCES_SQL) == []


def test_a_click_on_a_stance_row_selects_its_evidence_and_remove_deletes_it(window) -> None:  # noqa: ANN001
    window.stance_keys.current_target = "sanctions"
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


def test_shift_t_changes_the_current_target_and_the_labels_show_it(window, qtbot) -> None:  # noqa: ANN001
    assert window.target_label.text() == "Target: none (Shift+T)"
    inputs = Inputs(qtbot, window)
    inputs.key(K.Key_T, SHIFT)
    picker = target_picker(window)
    assert picker.isVisible()
    inputs.key("s")
    assert not picker.isVisible()
    assert window.target_label.text() == "Target: sanctions (F/G/N)"
    assert window.article_panel.target_hint.text() == "Current target: sanctions"
    inputs.key(K.Key_T, SHIFT)  # the current target is marked and highlighted
    assert picker.list.currentItem().text().startswith("2  ✓ [s] sanctions")
    inputs.key(K.Key_Escape)
    window.select_span(span_id(window, "QUOTE"))
    press(window, K.Key_F)
    assert db_rows(window, "SELECT target FROM stances") == [("sanctions",)]
