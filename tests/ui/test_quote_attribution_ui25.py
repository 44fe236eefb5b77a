"""usertest22 M2, by keys in the real window: A (Return, Shift+A) on a suggested QUOTE accepts the
attribution the side panel shows (the quote, its suggested speaker and cue, their links) as one
edit, saved before it shows; X rejects the quote with its cue and a speaker no other live quote
uses; review goes on past what got decided."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from annotator.domain.model import Article
from annotator.domain.suggestions import SuggestedSpan, SuggestionSet
from annotator.storage.project import Project
from tests.ui.test_relation_rule_keys import db_rows, exported_links, quote_project, span_id, stored_links
from tests.ui.test_window_keys import CTRL, SHIFT, K, press
from tests.ui.test_window_support import make_window, no_modals, offsets  # noqa: F401

pytestmark = [pytest.mark.timeout(120), pytest.mark.usefixtures("qapp")]

TWO = ("Lena Ortiz said the bridge would reopen in May. Lena Ortiz added that the tolls would stay.")


def statuses(window) -> dict[str, str]:  # noqa: ANN001
    """Span label → stored status (labels are unique in these articles)."""
    return dict(db_rows(window, "SELECT label, status FROM spans"))


@pytest.fixture
def window(make_window, tmp_path: Path):  # noqa: ANN001, ANN201
    return make_window(quote_project(tmp_path / "quotes.db"))


@pytest.mark.parametrize("key", [K.Key_A, K.Key_Return])
def test_accepting_a_quote_accepts_its_speaker_and_cue_in_one_undo_step(window, tmp_path: Path, key) -> None:  # noqa: ANN001
    window.select_span(span_id(window, "QUOTE"))
    press(window, key)
    assert statuses(window) == {"QUOTE": "accepted", "SPEAKER": "accepted", "CUE": "accepted",
                                "PERSON": "suggested", "GPE": "suggested"}
    assert stored_links(window) == {"SPEAKER": ("accepted", "SPEAKER"), "CUE": ("accepted", "CUE")}
    assert window.statusBar().currentMessage() == "Accepted the quote with its speaker 'Sergei Lavrov' and cue 'said'"
    assert exported_links(window, tmp_path) == [("CUE", "CUE"), ("SPEAKER", "SPEAKER")]
    # review goes on past what got decided: Tab to the GPE after the quote, Shift+Tab back to
    # the PERSON before it, passing over the speaker and cue just accepted
    assert window.state.spans[window.selected_id].label == "GPE"
    press(window, K.Key_Backtab, SHIFT)
    assert window.state.spans[window.selected_id].label == "PERSON"
    press(window, K.Key_Z, CTRL)  # one step back: all three spans and both links
    assert set(statuses(window).values()) == {"suggested"}
    assert stored_links(window) == {"SPEAKER": ("suggested", "SPEAKER"), "CUE": ("suggested", "CUE")}


def test_a_decided_speaker_is_left_as_decided(window) -> None:  # noqa: ANN001
    window.select_span(span_id(window, "SPEAKER"))
    press(window, K.Key_X)
    window.select_span(span_id(window, "QUOTE"))
    press(window, K.Key_A)
    assert statuses(window)["SPEAKER"] == "rejected"
    assert statuses(window)["CUE"] == "accepted"
    assert stored_links(window) == {"SPEAKER": ("rejected", "SPEAKER"), "CUE": ("accepted", "CUE")}
    assert window.statusBar().currentMessage() == "Accepted the quote with its cue 'said'"


def test_rejecting_a_quote_rejects_its_cue_and_speaker(window) -> None:  # noqa: ANN001
    window.select_span(span_id(window, "QUOTE"))
    press(window, K.Key_X)
    assert statuses(window) == {"QUOTE": "rejected", "SPEAKER": "rejected", "CUE": "rejected",
                                "PERSON": "suggested", "GPE": "suggested"}
    assert window.statusBar().currentMessage() == "Rejected the quote with its speaker 'Sergei Lavrov' and cue 'said'"
    press(window, K.Key_Z, CTRL)
    assert set(statuses(window).values()) == {"suggested"}


def shared_speaker_project(path: Path) -> Project:
    """Two quotes whose SPEAKER links point to one "Lena Ortiz" span (the second's own
    "Lena Ortiz" is not a span), each with its own cue."""
    project = Project.open(path)
    article, _ = project.add_article(Article(id=None, text=TWO, title="Bridge"))
    sset = SuggestionSet(origin="fake 1.0")
    speaker = sset.add_span(SuggestedSpan("s", 0, len("Lena Ortiz"), "SPEAKER", "speaker"))
    for name, content, cue in (("1", "the bridge would reopen in May", "said"), ("2", "the tolls would stay", "added")):
        quote = sset.add_span(SuggestedSpan("q" + name, *offsets(TWO, content), "QUOTE", "quote", {"kind": "indirect"}))
        sset.link(quote, speaker, "SPEAKER")
        sset.link(quote, sset.add_span(SuggestedSpan("c" + name, *offsets(TWO, cue), "CUE", "cue")), "CUE")
    project.add_suggestions(article.id, sset)
    return project


def quote_at(window, words: str) -> str:  # noqa: ANN001
    start = TWO.index(words)
    return next(s.id for s in window.state.spans.values() if s.label == "QUOTE" and s.start == start)


def cue_status(window, words: str) -> str:  # noqa: ANN001
    start = TWO.index(words)
    return next(s.status.value for s in window.state.spans.values() if s.label == "CUE" and s.start == start)


def test_a_speaker_shared_with_a_live_quote_stays_when_one_quote_is_rejected(make_window, tmp_path: Path) -> None:  # noqa: ANN001
    window = make_window(shared_speaker_project(tmp_path / "two.db"))
    window.select_span(quote_at(window, "the bridge"))
    press(window, K.Key_X)
    speaker = span_id(window, "SPEAKER")
    assert window.state.spans[speaker].status.value == "suggested"
    assert cue_status(window, "said") == "rejected" and cue_status(window, "added") == "suggested"
    assert window.statusBar().currentMessage() == (
        "Rejected the quote with its cue 'said'; its speaker 'Lena Ortiz' left suggested: another quote not rejected uses it")
    # the second quote accepted takes the shared speaker along; rejecting the other did not reject it
    window.select_span(quote_at(window, "the tolls"))
    press(window, K.Key_A)
    assert window.state.spans[speaker].status.value == "accepted"
    assert cue_status(window, "added") == "accepted"
    assert db_rows(window, f"SELECT status FROM spans WHERE id = '{speaker}'") == [("accepted",)]


def person_speaker_project(path: Path) -> Project:
    """One quote whose speaker is a PERSON (an entity, which View → Entities hides), plus a cue."""
    project = Project.open(path)
    article, _ = project.add_article(Article(id=None, text=TWO, title="Bridge"))
    sset = SuggestionSet(origin="fake 1.0")
    quote = sset.add_span(SuggestedSpan("q", *offsets(TWO, "the bridge would reopen in May"), "QUOTE", "quote", {"kind": "indirect"}))
    sset.link(quote, sset.add_span(SuggestedSpan("p", 0, len("Lena Ortiz"), "PERSON", "entity")), "SPEAKER")
    sset.link(quote, sset.add_span(SuggestedSpan("c", *offsets(TWO, "said"), "CUE", "cue")), "CUE")
    project.add_suggestions(article.id, sset)
    return project


def test_shift_a_accepts_a_shown_quotes_hidden_speaker_and_counts_it_apart(make_window, tmp_path: Path) -> None:  # noqa: ANN001
    window = make_window(person_speaker_project(tmp_path / "person.db"))
    window.layer_actions["Entities"].setChecked(False)
    QApplication.processEvents()
    press(window, K.Key_A, SHIFT)
    assert statuses(window) == {"QUOTE": "accepted", "PERSON": "accepted", "CUE": "accepted"}
    assert stored_links(window) == {"SPEAKER": ("accepted", "PERSON"), "CUE": ("accepted", "CUE")}
    assert window.statusBar().currentMessage() == "Accepted 2 suggestions, with 1 hidden speaker or cue of those quotes"


def test_the_span_menus_accept_says_and_does_the_same(window) -> None:  # noqa: ANN001
    quote = span_id(window, "QUOTE")
    menu = window.build_context_menu(quote, -1, -1)
    accept = next(a for a in menu.actions() if a.text().startswith("Accept"))
    assert accept.text() == "Accept with its speaker and cue\tA"
    accept.trigger()
    assert statuses(window)["SPEAKER"] == "accepted" and statuses(window)["CUE"] == "accepted"
