"""Relations at keyboard speed in the real window (issue 9): S / U / Shift+S pickers and labelling a
speaker or cue next to the selected quote, with every input counted (keys + clicks + drags)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from annotator.domain.model import Article, Status
from annotator.domain.suggestions import SuggestedSpan, SuggestionSet
from annotator.storage.project import Project
from annotator.ui.picker import NEW
from tests.ui.test_window_support import ALPHA, make_project, make_window, no_modals, offsets, wait_idle  # noqa: F401

K = Qt.Key
QUOTE_TEXT = "the talks in Geneva were useful"


class Inputs:
    """Drives the window like an analyst and counts every input: a key, a click, a drag."""

    def __init__(self, qtbot, window) -> None:  # noqa: ANN001
        self.qtbot, self.window, self.count = qtbot, window, 0

    def key(self, key: Qt.Key | str, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        self.count += 1
        target = QApplication.focusWidget() or self.window.view.text_widget()
        if isinstance(key, str):
            self.qtbot.keyClicks(target, key)
            self.count += len(key) - 1
        else:
            self.qtbot.keyClick(target, key, modifiers)
        QApplication.processEvents()

    def drag(self, start: int, end: int) -> None:
        """One mouse drag over ``[start, end)`` of the article text."""
        self.count += 1
        view = self.window.view
        canvas = view.text_widget()

        def point(offset: int) -> QPoint:
            cursor = QTextCursor(canvas.document())
            cursor.setPosition(view._offsets.to_utf16(offset))  # noqa: SLF001
            rect = canvas.cursorRect(cursor)
            return QPoint(rect.left() + 1, rect.center().y())

        a, b = point(start), point(end)
        vp = canvas.viewport()
        self.qtbot.mousePress(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, a)
        self.qtbot.mouseMove(vp, QPoint((a.x() + b.x()) // 2, b.y()))
        self.qtbot.mouseMove(vp, b)
        self.qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, b)
        QApplication.processEvents()
        assert view.selected_range() == (start, end), "the drag did not select the words meant"


def links(window, head_id: str) -> dict[str, list[tuple[str, str, str]]]:  # noqa: ANN001
    """Stored relations of a head, by label: (child text, child label, status), read through a second connection."""
    con = sqlite3.connect(window.project.path)
    try:
        rows = con.execute(
            "SELECT r.label, s.start, s.\"end\", s.label, r.status FROM relations r JOIN spans s ON s.id = r.child WHERE r.head = ?",
            (head_id,)).fetchall()
    finally:
        con.close()
    text = window.state.text
    out: dict[str, list[tuple[str, str, str]]] = {}
    for label, start, end, child_label, status in rows:
        out.setdefault(label, []).append((text[start:end], child_label, status))
    return out


def quote_project(path: Path, *, text: str = ALPHA, quote: str = QUOTE_TEXT, extra: tuple[tuple[str, str], ...] = ()) -> Project:
    project = make_project(path, suggest=False)
    article_id = project.articles()[0].id if hasattr(project, "articles") else 1
    sset = SuggestionSet(origin="fake 1.0")
    sset.add_span(SuggestedSpan("q", *offsets(text, quote), "QUOTE", "quote"))
    for name, label in (("Sergei Lavrov", "PERSON"), ("Geneva", "GPE"), ("Ryabkov", "PERSON"), ("Lavrov", "PERSON"),
                        ("Washington", "GPE"), *extra):
        nth = 1 if name == "Lavrov" else 0
        sset.add_span(SuggestedSpan(f"{name}{nth}", *offsets(text, name, nth), label, "entity" if label != "CUE" else "cue"))
    project.add_suggestions(article_id, sset)
    return project


def open_on_quote(make_window, tmp_path: Path):  # noqa: ANN001, ANN202
    window = make_window(quote_project(tmp_path / "q.db"))
    wait_idle(window)
    quote = next(s for s in window.state.spans.values() if s.label == "QUOTE")
    window.select_span(quote.id)
    window.view.setFocus()
    return window, quote


def test_a_link_a_named_speaker_in_two_keys_one_undo_step(make_window, qtbot, tmp_path: Path) -> None:
    window, quote = open_on_quote(make_window, tmp_path)
    inputs = Inputs(qtbot, window)
    inputs.key(K.Key_S)
    picker = window.linking.picker
    assert picker.isVisible() and picker.visible_rows[0].name == "Sergei Lavrov"  # the nearest named mention first
    assert [r.name for r in picker.visible_rows] == ["Sergei Lavrov", "Ryabkov", "Washington", "Geneva"]
    assert picker.visible_rows[0].count == 2  # "Lavrov" later on is grouped with him
    inputs.key(K.Key_Return)
    assert inputs.count <= 3, inputs.count
    assert inputs.count == 2
    assert links(window, quote.id) == {"SPEAKER": [("Sergei Lavrov", "PERSON", "accepted")]}
    assert window.state.spans[quote.id].status == Status.ACCEPTED  # linking decides the suggested quote
    assert window.state.spans[quote.id].attrs.get("speaker_ref") == "Sergei Lavrov"
    assert window.selected_id == quote.id and not picker.isVisible()
    steps = window.undo_stack.count()
    window.undo()
    assert links(window, quote.id) == {} and window.state.spans[quote.id].status == Status.SUGGESTED
    window.redo()
    assert links(window, quote.id) == {"SPEAKER": [("Sergei Lavrov", "PERSON", "accepted")]}
    assert window.undo_stack.count() == steps


def test_digit_replaces_the_speaker_as_one_undo_step_and_current_is_marked(make_window, qtbot, tmp_path: Path) -> None:
    window, quote = open_on_quote(make_window, tmp_path)
    inputs = Inputs(qtbot, window)
    inputs.key(K.Key_S)
    inputs.key(K.Key_Return)  # Sergei Lavrov
    inputs.key(K.Key_S)
    picker = window.linking.picker
    current = picker.visible_rows[picker.list.currentRow()]
    assert current.current and current.name == "Sergei Lavrov" and picker.list.currentItem().text().startswith("1  ✓ ")
    ryabkov = next(i for i, r in enumerate(picker.visible_rows) if r.name == "Ryabkov")
    inputs.key(getattr(K, f"Key_{ryabkov + 1}"))
    assert links(window, quote.id) == {"SPEAKER": [("Ryabkov", "PERSON", "accepted")]}  # replaced, not added
    assert window.state.spans[quote.id].attrs.get("speaker_ref") == "Ryabkov"
    window.undo()  # one step takes back the replacement whole
    assert links(window, quote.id) == {"SPEAKER": [("Sergei Lavrov", "PERSON", "accepted")]}
    assert window.state.spans[quote.id].attrs.get("speaker_ref") == "Sergei Lavrov"
    window.redo()
    assert links(window, quote.id) == {"SPEAKER": [("Ryabkov", "PERSON", "accepted")]}


def test_typing_narrows_and_escape_closes_without_an_edit(make_window, qtbot, tmp_path: Path) -> None:
    window, quote = open_on_quote(make_window, tmp_path)
    inputs = Inputs(qtbot, window)
    inputs.key(K.Key_S)
    inputs.key("wa")
    picker = window.linking.picker
    assert [r.name for r in picker.visible_rows] == ["Washington"]
    inputs.key(K.Key_Backspace)
    inputs.key(K.Key_Backspace)
    inputs.key("sl")  # initials
    assert [r.name for r in picker.visible_rows] == ["Sergei Lavrov"]
    steps = window.undo_stack.count()
    inputs.key(K.Key_Escape)
    assert not picker.isVisible() and window.undo_stack.count() == steps and links(window, quote.id) == {}
    assert window.state.spans[quote.id].status == Status.SUGGESTED  # Esc in the picker decided nothing
    assert window.view.text_widget().hasFocus() or window.view.hasFocus()


def test_b_new_quote_speaker_cue_from_scratch_in_six_inputs(make_window, qtbot, tmp_path: Path) -> None:
    window = make_window(make_project(tmp_path / "s.db", suggest=False))
    wait_idle(window)
    text = window.state.text
    assert text == ALPHA
    inputs = Inputs(qtbot, window)
    inputs.drag(*offsets(text, QUOTE_TEXT))
    inputs.key(K.Key_5)  # QUOTE
    quote = window.selected_span()
    assert quote is not None and quote.label == "QUOTE"
    inputs.drag(*offsets(text, "Sergei Lavrov"))
    inputs.key(K.Key_6)  # SPEAKER: next to the quote, linked
    inputs.drag(*offsets(text, "said"))
    inputs.key(K.Key_7)  # CUE: linked
    assert inputs.count <= 8, inputs.count
    assert inputs.count == 6
    assert links(window, quote.id) == {"SPEAKER": [("Sergei Lavrov", "SPEAKER", "accepted")], "CUE": [("said", "CUE", "accepted")]}
    assert window.undo_stack.count() == 3  # three edits, each span with its link
    window.undo()
    assert links(window, quote.id) == {"SPEAKER": [("Sergei Lavrov", "SPEAKER", "accepted")]}
    assert not any(s.label == "CUE" for s in window.state.spans.values())
    window.undo()
    assert links(window, quote.id) == {} and not any(s.label == "SPEAKER" for s in window.state.spans.values())
    window.redo()
    window.redo()
    assert links(window, quote.id) == {"SPEAKER": [("Sergei Lavrov", "SPEAKER", "accepted")], "CUE": [("said", "CUE", "accepted")]}


def test_label_not_adjacent_is_not_linked(make_window, qtbot, tmp_path: Path) -> None:
    text = "Talks\n“We will win,” Smith said.\nJones said nothing."
    project = Project.open(tmp_path / "n.db")
    project.add_article(Article(id=None, text=text))
    window = make_window(project, suggester=lambda _p, _t: SuggestionSet(origin="none"))
    wait_idle(window)
    inputs = Inputs(qtbot, window)
    inputs.drag(*offsets(text, "We will win"))
    inputs.key(K.Key_5)
    quote = window.selected_span()
    inputs.drag(*offsets(text, "Jones"))  # the next paragraph
    inputs.key(K.Key_6)
    assert links(window, quote.id) == {}
    assert any(s.label == "SPEAKER" for s in window.state.spans.values())  # drawn, just not linked


def test_new_speaker_from_text_selected_while_the_picker_is_open(make_window, qtbot, tmp_path: Path) -> None:
    window, quote = open_on_quote(make_window, tmp_path)
    inputs = Inputs(qtbot, window)
    inputs.key(K.Key_S)
    picker = window.linking.picker
    assert NEW not in picker.visible_rows
    inputs.drag(*offsets(ALPHA, "Foreign Minister Sergei Lavrov"))
    assert picker.isVisible() and picker.visible_rows[0] is NEW
    assert "New SPEAKER from “Foreign Minister Sergei Lavrov”" in picker.list.item(0).text()
    inputs.key(K.Key_Return)
    assert inputs.count == 3
    assert links(window, quote.id) == {"SPEAKER": [("Foreign Minister Sergei Lavrov", "SPEAKER", "accepted")]}
    window.undo()
    assert links(window, quote.id) == {} and not any(s.label == "SPEAKER" for s in window.state.spans.values())


def test_u_offers_the_verb_of_saying_and_makes_the_cue(make_window, qtbot, tmp_path: Path) -> None:
    window, quote = open_on_quote(make_window, tmp_path)
    inputs = Inputs(qtbot, window)
    inputs.key(K.Key_U)
    picker = window.linking.picker
    assert picker.visible_rows[0].name == "said" and picker.visible_rows[0].span_id == ""
    inputs.key(K.Key_Return)
    assert links(window, quote.id) == {"CUE": [("said", "CUE", "accepted")]}
    window.undo()
    assert links(window, quote.id) == {} and not any(s.label == "CUE" for s in window.state.spans.values())


def test_claim_at_the_bottom_reaches_the_outlet_at_the_top(make_window, qtbot, tmp_path: Path) -> None:
    filler = "".join(f"Official {n} met delegate {n} in the capital. " for n in range(600))
    text = f"Reuters reported the figures.\n{filler}\nThe tax cut pays for itself."
    project = Project.open(tmp_path / "long.db")
    article, _ = project.add_article(Article(id=None, text=text))
    sset = SuggestionSet(origin="fake 1.0")
    sset.add_span(SuggestedSpan("reuters", *offsets(text, "Reuters"), "ORG", "entity"))
    for n in range(0, 600, 3):
        sset.add_span(SuggestedSpan(f"o{n}", *offsets(text, f"Official {n} "), "PERSON", "entity"))
    sset.add_span(SuggestedSpan("claim", *offsets(text, "The tax cut pays for itself"), "CLAIM", "claim"))
    project.add_suggestions(article.id, sset)
    window = make_window(project, suggester=lambda _p, _t: SuggestionSet(origin="none"))
    wait_idle(window)
    claim = next(s for s in window.state.spans.values() if s.label == "CLAIM")
    window.select_span(claim.id)
    window.view.setFocus()
    inputs = Inputs(qtbot, window)
    inputs.key(K.Key_S)
    picker = window.linking.picker
    assert len(picker.visible_rows) == 201 and picker.visible_rows[-1].name == "Reuters"  # the whole article, farthest last
    inputs.key("reu")
    inputs.key(K.Key_Return)
    assert links(window, claim.id) == {"CLAIMANT": [("Reuters", "ORG", "accepted")]}
    window.undo()
    assert links(window, claim.id) == {}
    window.redo()
    assert links(window, claim.id) == {"CLAIMANT": [("Reuters", "ORG", "accepted")]}


def test_r_picks_who_he_refers_to(make_window, qtbot, tmp_path: Path) -> None:
    window, quote = open_on_quote(make_window, tmp_path)
    inputs = Inputs(qtbot, window)
    inputs.key(K.Key_S)
    inputs.drag(*offsets(ALPHA, "Foreign Minister"))  # a description, not a name
    inputs.key(K.Key_Return)
    assert links(window, quote.id) == {"SPEAKER": [("Foreign Minister", "SPEAKER", "accepted")]}
    assert "speaker_ref" not in window.state.spans[quote.id].attrs
    assert "press Shift+S" in window.statusBar().currentMessage()
    inputs.key(K.Key_S, Qt.KeyboardModifier.ShiftModifier)
    picker = window.linking.picker
    assert picker.visible_rows == ["Sergei Lavrov", "Ryabkov"]  # "Lavrov" is Sergei Lavrov
    inputs.key(K.Key_2)
    assert window.state.spans[quote.id].attrs["speaker_ref"] == "Ryabkov"
    window.undo()
    assert "speaker_ref" not in window.state.spans[quote.id].attrs
    window.redo()
    assert window.state.spans[quote.id].attrs["speaker_ref"] == "Ryabkov"


def test_s_typed_in_a_field_does_not_open_the_picker(make_window, qtbot, tmp_path: Path) -> None:
    window, _quote = open_on_quote(make_window, tmp_path)
    field = window.article_list.search
    field.setFocus()
    qtbot.keyClick(field, K.Key_S)
    assert not window.linking.picker.isVisible() and field.text() == "s"
    qtbot.waitUntil(lambda: not window.article_list._debounce.isActive())  # noqa: SLF001 - no filter left for after the test


def test_selecting_another_span_closes_the_picker(make_window, qtbot, tmp_path: Path) -> None:
    window, quote = open_on_quote(make_window, tmp_path)
    inputs = Inputs(qtbot, window)
    inputs.key(K.Key_S)
    assert window.linking.picker.isVisible()
    other = next(s for s in window.state.spans.values() if s.label == "GPE")
    window.select_span(other.id)  # a click on another span
    assert not window.linking.picker.isVisible()
    inputs.key(K.Key_Return)  # the window's accept, not a link
    assert links(window, quote.id) == {}


def test_speaker_labelled_next_to_a_claim_is_its_claimant(make_window, qtbot, tmp_path: Path) -> None:
    text = "Budget\nThe tax cut pays for itself, the senator claimed."
    project = Project.open(tmp_path / "c.db")
    project.add_article(Article(id=None, text=text))
    window = make_window(project, suggester=lambda _p, _t: SuggestionSet(origin="none"))
    wait_idle(window)
    inputs = Inputs(qtbot, window)
    inputs.drag(*offsets(text, "The tax cut pays for itself"))
    inputs.key(K.Key_8)  # CLAIM
    claim = window.selected_span()
    inputs.drag(*offsets(text, "the senator"))
    inputs.key(K.Key_6)  # SPEAKER → the claim's CLAIMANT
    inputs.drag(*offsets(text, "claimed"))
    inputs.key(K.Key_7)  # a claim has no CUE link in the schema: drawn, not linked
    assert links(window, claim.id) == {"CLAIMANT": [("the senator", "SPEAKER", "accepted")]}
    assert inputs.count == 6


@pytest.mark.parametrize(("key", "modifiers"), [(K.Key_PageDown, Qt.KeyboardModifier.ShiftModifier),
                                                (K.Key_PageUp, Qt.KeyboardModifier.ShiftModifier),
                                                (K.Key_Down, Qt.KeyboardModifier.ControlModifier),
                                                (K.Key_Return, Qt.KeyboardModifier.ControlModifier)])
def test_a_modified_navigation_key_closes_the_picker_and_links_nothing(make_window, qtbot, tmp_path: Path, key, modifiers) -> None:  # noqa: ANN001
    """User test: Shift+PgDown with the S picker open moved its highlight 8 rows, and the next
    Enter replaced the right speaker with the 9th row. A key with Shift/Ctrl/Alt is the window's."""
    window, quote = open_on_quote(make_window, tmp_path)
    inputs = Inputs(qtbot, window)
    inputs.key(K.Key_S)
    inputs.key(K.Key_Return)  # Sergei Lavrov, the right speaker
    assert links(window, quote.id) == {"SPEAKER": [("Sergei Lavrov", "PERSON", "accepted")]}
    window.select_span(quote.id)
    window.view.setFocus()
    inputs.key(K.Key_S)
    assert window.linking.picker.isVisible()
    inputs.key(key, modifiers)
    assert not window.linking.picker.isVisible()
    inputs.key(K.Key_Return)  # Enter after it chooses no row (the picker is closed)
    window.open_article(quote.article_id)  # Shift+PgDown / Ctrl+Return went on to the next article, as they should
    assert links(window, quote.id) == {"SPEAKER": [("Sergei Lavrov", "PERSON", "accepted")]}


def test_drawing_a_quote_over_its_pending_suggestion_keeps_it_for_the_speaker_and_cue(make_window, qtbot, tmp_path: Path) -> None:
    """User test: drag + 5 over a pending QUOTE suggestion accepted it and moved on to the next
    suggestion, so the SPEAKER and CUE drawn next were linked to nothing."""
    window = make_window(quote_project(tmp_path / "q.db"))
    wait_idle(window)
    text = window.state.text
    suggested = next(s for s in window.state.spans.values() if s.label == "QUOTE")
    inputs = Inputs(qtbot, window)
    inputs.drag(*offsets(text, QUOTE_TEXT))
    inputs.key(K.Key_5)
    assert window.selected_id == suggested.id and window.state.spans[suggested.id].status == Status.ACCEPTED
    inputs.drag(*offsets(text, "said"))
    inputs.key(K.Key_7)  # CUE, next to the quote: linked to it
    assert links(window, suggested.id) == {"CUE": [("said", "CUE", "accepted")]}
    assert inputs.count == 4
