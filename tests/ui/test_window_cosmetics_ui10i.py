"""Issue 10 (ui10i, usertest10d finding 9): the window's cosmetic faults, each on exact geometry
or text. Made-up texts."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from annotator.domain.model import FRAGMENT, Article, ArticleBundle, Relation, Span, Status
from annotator.storage.project import Project
from tests.search.test_search_panel import _search
from tests.ui.test_window_support import make_window, no_modals, pump_until  # noqa: F401

pytestmark = [pytest.mark.timeout(120), pytest.mark.usefixtures("qapp")]

S, A = Status.SUGGESTED, Status.ACCEPTED
ONE = '"We will fight this in court," said the union leader. Paul Kim agreed.'
TWO = '"We will win," said Ana Ruiz, "and we will govern." It is over.'


def _span(sid: str, text: str, sub: str, label: str, layer: str, status: Status = S, by: str = "r") -> Span:
    start = text.index(sub)
    return Span(sid, 0, start, start + len(sub), label, layer, status=status, by=by)


def _project(path: Path) -> Project:
    project = Project.open(path)
    one = [_span("a", ONE, "We will fight this in court,", "QUOTE", "quote"), _span("b", ONE, "the union leader", "SPEAKER", "speaker")]
    two = [_span("c", TWO, "We will win,", "QUOTE", "quote", A, by="root"), _span("d", TWO, "and we will govern.", "QUOTE", "quote", A, by="root"),
           _span("e", TWO, "Ana Ruiz", "SPEAKER", "speaker")]
    project.import_bundles([
        ArticleBundle(Article(None, ONE, title="", meta={"file": "m1.txt"}), spans=one, relations=[Relation("r1", 0, "a", "b", "SPEAKER")]),
        ArticleBundle(Article(None, TWO, title="“We will win,” said Ana Ruiz, a very long title of the second made-up article"),
                      spans=two, relations=[Relation("f", 0, "c", "d", FRAGMENT), Relation("r2", 0, "c", "e", "SPEAKER")]),
        ArticleBundle(Article(None, "Nothing here said.", title="")),
    ])
    return project


def test_search_columns_show_label_status_by_and_every_header_whole(make_window, qtbot, tmp_path) -> None:  # noqa: ANN001
    window = make_window(_project(tmp_path / "c.db"))
    panel = _search(window, qtbot, text="will", status="all")
    assert panel.model.rowCount() == 2
    header = panel.table.horizontalHeader()
    for column in (1, 2, 5):  # Label, Status, By: their longest value and their header, whole
        assert header.sectionSize(column) >= panel.table.sizeHintForColumn(column), (column, header.sectionSize(column))
    for column in (0, 1, 2, 4, 5, 6):  # no header cut ("peaker / claiman")
        assert header.sectionSize(column) >= header.sectionSizeHint(column), (column, header.sectionSize(column))
    width = panel.table.viewport().width()
    assert header.sectionSize(3) >= 0.4 * width - 2 and sum(header.sectionSize(c) for c in range(7)) <= width + 2


def test_an_untitled_article_has_one_name_in_the_list_and_the_search(make_window, qtbot, tmp_path) -> None:  # noqa: ANN001
    window = make_window(_project(tmp_path / "c.db"))
    listed = [window.article_list.model.index(r, 0).data() for r in range(window.article_list.model.rowCount())]
    assert listed[0] == "m1.txt" and listed[2] == "Article 3"
    panel = _search(window, qtbot, text="will", status="all")
    assert [panel.model.data(panel.model.index(r, 0)) for r in range(2)] == ["m1.txt", listed[1]]
    assert panel.model.data(panel.model.index(0, 0), 0x0003).startswith("m1.txt [")  # the tooltip too


def test_an_interrupted_quote_on_one_line_has_one_margin_label(make_window, qtbot, tmp_path) -> None:  # noqa: ANN001
    project = _project(tmp_path / "c.db")
    window = make_window(project)
    window.open_article(project.article_ids()[1])
    window.view.text_widget().viewport().repaint()
    QApplication.processEvents()
    ids = {s.start: s.id for s in project.spans(project.article_ids()[1]) if s.label == "QUOTE"}
    first = ids[TWO.index("We will win,")]
    mine = set(window.state.spans)
    quotes = {sid: text for sid, (text, _rect) in window.view.gutter_painted.items() if text == "QUOTE" and sid in mine}
    assert quotes == {first: "QUOTE"}, quotes  # one label, beside the first piece
    window.select_span(ids[TWO.index("and we will govern.")])  # the second piece selected: still one
    window.view.text_widget().viewport().repaint()
    QApplication.processEvents()
    assert [t for sid, (t, _r) in window.view.gutter_painted.items() if t == "QUOTE" and sid in mine] == ["QUOTE"]


def test_the_train_dialogs_results_show_every_row_without_scrolling(make_window) -> None:  # noqa: ANN001
    from annotator.nlp import train as T
    from annotator.ui.train_dialog import TrainDialog
    from tests.cli.test_train_wording_fix10d import _result

    window = make_window()
    dialog = TrainDialog(window.project, window.settings, on_use=lambda _p: None, trainer=lambda *a, **k: None, parent=window)
    dialog.show()
    labels = ["GPE", "LOC", "MISC", "NORP", "ORG", "PERSON", "EVENT", "LAW"]
    scores = {label: {"p": 0.5, "r": 0.5, "f": 0.5} for label in [*labels, "ALL"]}
    result = _result()
    result = T.TrainResult(result.output, labels, 1, 1, 30, 26.0, 0, before=scores, after=scores, unmapped_labels=[],
                           attribution=result.attribution, complete_articles=2, heldout_labels=labels)
    # what the dialog shows with the results, as in the report's screenshot: a long status and two warnings
    dialog.status.setText("Trained GPE, MISC, NORP, ORG, PERSON on 1 article, 30 steps, in 26 s; scored on 1 held-out article "
                          "(reviewed: 2 marked done or reviewed (every unmarked word a negative)). " * 3)
    dialog.warning.setText("Worse than before: MISC F1 fell<br>Worse than before: ORG F1 fell")
    dialog.warning.show()
    dialog._fill_table(result)  # noqa: SLF001
    QApplication.processEvents()
    rows = dialog.table.rowCount()
    assert rows == len(labels) + 1 + 4 + 3  # entity labels + ALL, QUOTE/SPEAKER/CUE/all, three attribution rows
    assert dialog.table.verticalScrollBar().maximum() == 0, dialog.table.verticalScrollBar().maximum()
    last = dialog.table.visualRect(dialog.table.model().index(rows - 1, 0))
    assert last.bottom() <= dialog.table.viewport().height(), (last, dialog.table.viewport().height())
    assert dialog.height() <= dialog.screen().availableGeometry().height()


def test_file_preannotate_ends_with_the_command_lines_summary(make_window, qtbot, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    import re

    from PySide6.QtCore import Qt

    from annotator.ui import dialogs
    from tests.ui.test_window_support import make_project, suggestions_for

    project = make_project(tmp_path / "p.db", suggest=False)
    first = project.article_ids()[0]
    project.add_suggestions(first, suggestions_for(project.article(first).text))  # one already there: not new
    expected = collections_counter(project, suggestions_for)
    window = make_window(project)
    monkeypatch.setattr(dialogs, "ask", lambda *_a: "all")  # ui25: "All 3 again" (one was pre-annotated)
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    pump_until(lambda: window.worker is None)
    # ui10j (usertest10e finding 9): the whole summary is in the notice (the status bar cut it off)
    said = window.summary_bar.text.text()
    total, labels, new = expected
    pattern = (rf"Pre-annotated 3 articles in \d+\.\d s with fake 1\.0\. Suggestions: {total} \({re.escape(labels)}\); "
               rf"{new} new, {total - new} already there or already decided \(left as they were\)")
    assert re.fullmatch(pattern, said), said
    assert window.summary_bar.isVisibleTo(window) and window.preannotator.last_summary == said
    assert window.statusBar().currentMessage() == (f"Pre-annotated 3 articles: {total} suggestions, {new} new "
                                                   "(the whole summary is in the notice)")


def collections_counter(project: Project, suggestions_for) -> tuple[int, str, int]:  # noqa: ANN001
    """(suggestions made for the project's articles, "LABEL n, …", how many are new: all but the first article's)."""
    import collections

    by_label: collections.Counter[str] = collections.Counter()
    new = 0
    for i, aid in enumerate(project.article_ids()):
        spans = suggestions_for(project.article(aid).text).spans
        by_label.update(s.label for s in spans)
        new += len(spans) if i else 0
    return sum(by_label.values()), ", ".join(f"{k} {n}" for k, n in sorted(by_label.items())), new
