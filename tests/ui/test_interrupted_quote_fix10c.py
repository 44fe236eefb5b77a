"""Issue 10 (fix10c item 5): an interrupted quote (two QUOTE pieces tied by FRAGMENT, the speaker
and cue on the first) looked like two quotes: "Quotes — 2, 2 pending", each piece accepted on its
own, the second piece showing no speaker. The pieces are one attribution: counted once, decided
together in one undoable edit, and the second piece shows the quote's speaker and cue."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.domain import commands
from annotator.domain.model import FRAGMENT, Article, ArticleBundle, Relation, Span, Status
from annotator.storage.project import Project
from annotator.ui.span_list import LayerRole
from tests.ui.test_window_keys import press
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401

TEXT = '"This plan failed four years ago," Ana Ruiz said, "and it will fail again." Nothing else.'


def _at(sub: str) -> tuple[int, int]:
    start = TEXT.index(sub)
    return start, start + len(sub)


def _bundle() -> ArticleBundle:
    S = Status.SUGGESTED
    spans = [Span("q1", 0, *_at("This plan failed four years ago,"), "QUOTE", "quote", status=S),
             Span("q2", 0, *_at("and it will fail again."), "QUOTE", "quote", status=S),
             Span("sp", 0, *_at("Ana Ruiz"), "SPEAKER", "speaker", status=S),
             Span("cu", 0, *_at("said"), "CUE", "cue", status=S)]
    relations = [Relation("f", 0, "q1", "q2", FRAGMENT, status=S), Relation("rs", 0, "q1", "sp", "SPEAKER", status=S),
                 Relation("rc", 0, "q1", "cu", "CUE", status=S)]
    return ArticleBundle(Article(None, TEXT, title="interrupted"), spans=spans, relations=relations)


def test_pieces_are_decided_together_in_one_edit() -> None:
    b = _bundle()
    view = commands.records(b.spans, b.relations, [])
    second = next(s for s in b.spans if s.id == "q2")
    assert [p.id for p in commands.fragment_pieces(view, second)] == ["q1", "q2"]
    edit = commands.accept(view, second)
    assert edit.description == "Accept QUOTE (2 pieces)"
    decided = {c.after.id: c.after.status for c in edit.changes if c.after is not None and isinstance(c.after, Span)}
    assert decided["q1"] == decided["q2"] == Status.ACCEPTED
    speaker = next(s for s in b.spans if s.id == "sp")
    assert [p.id for p in commands.fragment_pieces(view, speaker)] == ["sp"]  # not a piece: itself alone


def test_the_window_counts_one_quote_decides_both_pieces_and_shows_the_speaker_on_the_second(make_window, tmp_path) -> None:  # noqa: ANN001
    project = Project.open(tmp_path / "q.db")
    project.import_bundles([_bundle()])
    window = make_window(project)
    (aid,) = project.article_ids()
    window.open_article(aid)
    model = window.span_list.model
    headers = [model.index(r).data() for r in range(model.rowCount()) if model.index(r).data(LayerRole)]
    quotes = next(h for h in headers if "Quote" in h)
    assert quotes.endswith("—  1, 1 pending"), headers
    ids = {s.label + str(s.start): s.id for s in project.spans(aid)}
    second = next(s for s in project.spans(aid) if s.start == _at("and it will fail again.")[0])
    window.select_span(second.id)
    window.refresh_details()
    links = window.details.links.text()
    assert "SPEAKER →" in links and "Ana Ruiz" in links and "CUE →" in links and "said" in links, links
    window.view.setFocus()
    press(window, Qt.Key.Key_A)
    statuses = {s.id: s.status for s in project.spans(aid)}
    quote_ids = [s.id for s in project.spans(aid) if s.label == "QUOTE"]
    assert all(statuses[i] == Status.ACCEPTED for i in quote_ids), statuses
    press(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # one undo: both pending again
    statuses = {s.id: s.status for s in project.spans(aid)}
    assert all(statuses[i] == Status.SUGGESTED for i in quote_ids), statuses
    assert ids  # the ids stay the project's


def test_search_gives_one_hit_naming_both_pieces_with_the_speaker(tmp_path) -> None:  # noqa: ANN001
    from annotator.storage.search import SearchQuery, search

    with Project.open(tmp_path / "q.db") as project:
        project.import_bundles([_bundle()])
        first = next(s for s in project.spans(project.article_ids()[0]) if s.start == 1)
        pieces = (_at("This plan failed four years ago,"), _at("and it will fail again."))
        for query in (SearchQuery(text="fail again"), SearchQuery(label="QUOTE"), SearchQuery(speaker="Ruiz"),
                      SearchQuery(text="four years")):
            hits = search(project.db.conn, query)
            assert len(hits) == 1, (query, hits)
            (hit,) = hits
            assert (hit.span_id, hit.pieces, hit.speaker) == (first.id, pieces, "Ana Ruiz")
            assert hit.text == "This plan failed four years ago, … and it will fail again."
            assert (hit.start, hit.end) == (pieces[0][0], pieces[1][1])
        assert [h.label for h in search(project.db.conn, SearchQuery(text="Ana Ruiz"))] == ["SPEAKER"]  # others as before
