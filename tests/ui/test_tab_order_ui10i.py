"""Issue 10 (ui10i, usertest10d finding 1): Tab / Shift+Tab over interrupted quotes.

Right after pre-annotation the speaker and cue of "'We are close,' she said, 'but not done.'" are
pending and lie between the quote's pieces. Tab went quote → she → said → quote → … for ever (the
second piece came next in text order and was mapped back to the first), and Shift+Tab skipped the
speaker and cue between the pieces. The rule now: one stop per pending attribution (an interrupted
quote once, at its first piece's place, the piece that stands for its row), in text order; so a
quote, then its speaker and cue, then the rest; Shift+Tab the exact reverse; each wraps round once.
The kinds: pieces pending or decided, speaker before / between / after the pieces, three pieces,
two interrupted quotes in a row, and View filters on (ui10j: Tab skips what a filter hides).
Made-up texts."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.domain.model import FRAGMENT, Article, ArticleBundle, Relation, Span, Status
from annotator.storage.project import Project
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401

pytestmark = [pytest.mark.timeout(120), pytest.mark.usefixtures("qapp")]

S, A, R = Status.SUGGESTED, Status.ACCEPTED, Status.REJECTED
LAYER = {"QUOTE": "quote", "SPEAKER": "speaker", "CUE": "cue", "PERSON": "entity", "GPE": "entity"}


def _open(make_window, tmp_path, text: str, spans: list[tuple[str, str, str, Status, int]],  # noqa: ANN001, ANN202
          pieces: list[tuple[str, ...]], links: list[tuple[str, str, str]] = ()):
    """``spans``: (name, text, label, status, which occurrence of text); ``pieces``: names of one
    interrupted quote's pieces, first to last (tied first → each later one by FRAGMENT)."""
    made, at = [], {}
    for name, sub, label, status, nth in spans:
        start = -1
        for _ in range(nth + 1):
            start = text.index(sub, start + 1)
        at[name] = start
        made.append(Span(name, 0, start, start + len(sub), label, LAYER[label], status=status))
    status_of = {name: status for name, _s, _l, status, _n in spans}
    rels = [Relation(f"f{g[0]}{p}", 0, g[0], p, FRAGMENT, status=status_of[p]) for g in pieces for p in g[1:]]
    rels += [Relation(f"r{h}{c}", 0, h, c, lab) for h, c, lab in links]
    project = Project.open(tmp_path / "t.db")
    project.import_bundles([ArticleBundle(Article(None, text, title="made up"), spans=made, relations=rels)])
    window = make_window(project)
    window.outside_writes.stop()
    (aid,) = project.article_ids()
    window.open_article(aid)
    names = {(s.label, s.start): s.id for s in project.spans(aid)}
    ids = {name: names[(label, at[name])] for name, _s, label, _st, _n in spans}
    window.span_list.list.setFocus()
    return window, ids


def _walk(qtbot, window, ids: dict[str, str], n: int, *, back: bool = False) -> list[str]:  # noqa: ANN001
    by_id = {v: k for k, v in ids.items()}
    key, mods = (Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier) if back else (Qt.Key.Key_Tab, Qt.KeyboardModifier.NoModifier)
    out = []
    for _ in range(n):
        qtbot.keyClick(window.span_list.list, key, mods)
        QApplication.processEvents()
        out.append(by_id.get(window.session.selected_id, window.session.selected_id))
    return out


TAB = '"We are close," she said, "but not done." Mayor Ann Holt met Tom Reed in Boston.'


def _tab_spans(q1: Status = S, q2: Status = S) -> list[tuple[str, str, str, Status, int]]:
    return [("q1", "We are close,", "QUOTE", q1, 0), ("she", "she", "SPEAKER", S, 0), ("said", "said", "CUE", S, 0),
            ("q2", "but not done.", "QUOTE", q2, 0), ("holt", "Ann Holt", "PERSON", S, 0),
            ("reed", "Tom Reed", "PERSON", S, 0), ("boston", "Boston", "GPE", S, 0)]


LINKS = [("q1", "she", "SPEAKER"), ("q1", "said", "CUE")]


def test_the_reported_article_tabs_quote_she_said_then_the_rest_and_shift_tab_the_exact_reverse(make_window, qtbot, tmp_path) -> None:  # noqa: ANN001
    window, ids = _open(make_window, tmp_path, TAB, _tab_spans(), [("q1", "q2")], LINKS)
    forward = _walk(qtbot, window, ids, 7)
    assert forward == ["q1", "she", "said", "holt", "reed", "boston", "q1"], forward  # wraps once
    window.session.select(None)
    window.review_anchor = None
    back = _walk(qtbot, window, ids, 7, back=True)
    assert back == ["boston", "reed", "holt", "said", "she", "q1", "boston"], back
    # from the second piece selected in the text: Tab goes on from the quote's place, Shift+Tab back past it
    window.select_span(ids["q2"])
    assert _walk(qtbot, window, ids, 1) == ["she"]
    window.select_span(ids["q2"])
    assert _walk(qtbot, window, ids, 1, back=True) == ["boston"]


@pytest.mark.parametrize(("q1", "q2", "forward", "back"), [
    # a piece still pending: the quote is still a stop, at its first piece's place
    (A, S, ["q1", "she", "said", "holt", "reed", "boston", "q1"], ["boston", "reed", "holt", "said", "she", "q1", "boston"]),
    (S, A, ["q1", "she", "said", "holt", "reed", "boston", "q1"], ["boston", "reed", "holt", "said", "she", "q1", "boston"]),
    (R, S, ["q1", "she", "said", "holt", "reed", "boston", "q1"], ["boston", "reed", "holt", "said", "she", "q1", "boston"]),
    # decided whole: no stop
    (A, A, ["she", "said", "holt", "reed", "boston", "she", "said"], ["boston", "reed", "holt", "said", "she", "boston", "reed"]),
])
def test_pieces_pending_or_decided_one_stop_while_any_piece_is_pending(make_window, qtbot, tmp_path, q1, q2, forward, back) -> None:  # noqa: ANN001
    window, ids = _open(make_window, tmp_path, TAB, _tab_spans(q1, q2), [("q1", "q2")], LINKS)
    assert _walk(qtbot, window, ids, 7) == forward
    window.session.select(None)
    window.review_anchor = None
    assert _walk(qtbot, window, ids, 7, back=True) == back


@pytest.mark.parametrize(("text", "speaker", "second", "expected"), [
    ('She said, "We will win," and "we will win soon." Tom Reed left Boston.', "She", "we will win soon.",
     ["she", "said", "q1", "reed", "boston"]),
    ('"We will win," and "we will win soon," she said. Tom Reed left Boston.', "she", "we will win soon,",
     ["q1", "she", "said", "reed", "boston"]),
    ('"We will win," she said, "and we will win soon." Tom Reed left Boston.', "she", "and we will win soon.",
     ["q1", "she", "said", "reed", "boston"]),
], ids=["speaker-before", "speaker-after", "speaker-between"])
def test_speaker_before_between_or_after_the_pieces(make_window, qtbot, tmp_path, text, speaker, second, expected) -> None:  # noqa: ANN001
    spans = [("she", speaker, "SPEAKER", S, 0), ("said", "said", "CUE", S, 0), ("q1", "We will win,", "QUOTE", S, 0),
             ("q2", second, "QUOTE", S, 0), ("reed", "Tom Reed", "PERSON", S, 0), ("boston", "Boston", "GPE", S, 0)]
    window, ids = _open(make_window, tmp_path, text, spans, [("q1", "q2")], LINKS)
    assert _walk(qtbot, window, ids, 6) == [*expected, expected[0]]
    window.session.select(None)
    window.review_anchor = None
    assert _walk(qtbot, window, ids, 6, back=True) == [*reversed(expected), expected[-1]]


THREE = '"The economy," Governor Ann Holt said, "is strong," she added, "and growing." Tom Reed left Boston.'


def test_three_pieces_with_two_speakers_and_cues_between_them(make_window, qtbot, tmp_path) -> None:  # noqa: ANN001
    spans = [("q1", "The economy,", "QUOTE", S, 0), ("holt", "Governor Ann Holt", "SPEAKER", S, 0), ("said", "said", "CUE", S, 0),
             ("q2", "is strong,", "QUOTE", S, 0), ("she", "she", "SPEAKER", S, 0), ("added", "added", "CUE", S, 0),
             ("q3", "and growing.", "QUOTE", S, 0), ("reed", "Tom Reed", "PERSON", S, 0), ("boston", "Boston", "GPE", S, 0)]
    window, ids = _open(make_window, tmp_path, THREE, spans, [("q1", "q2", "q3")],
                        [("q1", "holt", "SPEAKER"), ("q1", "said", "CUE"), ("q1", "she", "SPEAKER"), ("q1", "added", "CUE")])
    order = ["q1", "holt", "said", "she", "added", "reed", "boston"]
    assert _walk(qtbot, window, ids, 8) == [*order, "q1"]
    window.session.select(None)
    window.review_anchor = None
    assert _walk(qtbot, window, ids, 8, back=True) == [*reversed(order), "boston"]
    # accepting with A goes on in the same order (the decided quote's place, then what follows it);
    # ui25 (usertest22 M2): its speakers and cues were accepted with it, so Tab's next is the PERSON
    window.select_span(ids["q1"])
    qtbot.keyClick(window.span_list.list, Qt.Key.Key_A)
    QApplication.processEvents()
    assert window.session.selected_id == ids["reed"]


TWO = '"We are close," she said, "but not done." "We will win," Tom Reed said, "and soon." Boston waits.'


def test_two_interrupted_quotes_in_a_row(make_window, qtbot, tmp_path) -> None:  # noqa: ANN001
    spans = [("a1", "We are close,", "QUOTE", S, 0), ("she", "she", "SPEAKER", S, 0), ("said", "said", "CUE", S, 0),
             ("a2", "but not done.", "QUOTE", S, 0), ("b1", "We will win,", "QUOTE", S, 0), ("reed", "Tom Reed", "SPEAKER", S, 0),
             ("said2", "said", "CUE", S, 1), ("b2", "and soon.", "QUOTE", S, 0), ("boston", "Boston", "GPE", S, 0)]
    window, ids = _open(make_window, tmp_path, TWO, spans, [("a1", "a2"), ("b1", "b2")],
                        [("a1", "she", "SPEAKER"), ("a1", "said", "CUE"), ("b1", "reed", "SPEAKER"), ("b1", "said2", "CUE")])
    order = ["a1", "she", "said", "b1", "reed", "said2", "boston"]
    assert _walk(qtbot, window, ids, 8) == [*order, "a1"]
    window.session.select(None)
    window.review_anchor = None
    assert _walk(qtbot, window, ids, 8, back=True) == [*reversed(order), "boston"]


def test_view_filters_on_tab_skips_what_is_hidden(make_window, qtbot, tmp_path) -> None:  # noqa: ANN001
    # ui10j (usertest10e finding 3) changed this test: Tab used to visit hidden entities, so A / X
    # decided spans the analyst could not see. Right: hidden spans are passed over like decided ones.
    spans = [*_tab_spans(), ("old", "Mayor", "PERSON", R, 0)]
    window, ids = _open(make_window, tmp_path, TAB, spans, [("q1", "q2")], LINKS)
    window.menus.show_rejected_action.setChecked(True)  # a rejected span shown: never a stop
    window.layer_actions[next(t for t in window.layer_actions if "ntit" in t)].setChecked(False)  # entities hidden
    window.span_list.list.setFocus()
    assert _walk(qtbot, window, ids, 4) == ["q1", "she", "said", "q1"]
    window.session.select(None)
    window.review_anchor = None
    assert _walk(qtbot, window, ids, 4, back=True) == ["said", "she", "q1", "said"]
