"""The session object (annotator.ui.session): what a window has open, and the signals controllers
and panels rely on instead of reaching through the window (issue 9, "Structure")."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QUndoCommand

from annotator.domain.document import ArticleState
from annotator.storage.project import Project
from annotator.ui.session import Session
from annotator.ui.settings import Settings
from tests.ui.test_window_support import make_project, make_window, no_modals  # noqa: F401


@pytest.fixture
def session(qapp, tmp_path: Path):  # noqa: ANN001
    project = make_project(tmp_path / "p.db")
    made = Session(project, Settings())
    yield made
    made.project.close()


def _open_first(session: Session) -> ArticleState:
    project = session.project
    article_id = project.article_ids()[0]
    state = ArticleState(project.article(article_id), project.spans(article_id), project.relations(article_id))
    session.open_state(state)
    return state


def _record(signal) -> list[tuple]:  # noqa: ANN001
    seen: list[tuple] = []
    signal.connect(lambda *args: seen.append(args))
    return seen


def test_selecting_a_span_emits_once_with_its_id_and_scroll(session: Session) -> None:
    state = _open_first(session)
    span = sorted(state.spans.values(), key=lambda s: s.start)[1]
    seen = _record(session.selectionChanged)
    session.select(span.id, scroll=False)
    assert seen == [(span.id, False)]
    assert session.selected_id == span.id
    assert session.selected_span() == span
    assert session.review_anchor == (span.start, span.end, span.id)


def test_selecting_a_span_not_in_the_state_selects_nothing(session: Session) -> None:
    state = _open_first(session)
    first = next(iter(state.spans.values()))
    session.select(first.id)
    seen = _record(session.selectionChanged)
    session.select("no-such-span")
    assert seen == [(None, True)]
    assert session.selected_id is None and session.selected_span() is None
    assert session.review_anchor == (first.start, first.end, first.id)  # review goes on from where it was


def test_selecting_with_no_article_open_selects_nothing(session: Session) -> None:
    seen = _record(session.selectionChanged)
    session.select("anything")
    assert seen == [(None, True)] and session.selected_id is None


def test_a_new_project_clears_state_selection_and_undo_stack(session: Session, tmp_path: Path) -> None:
    state = _open_first(session)
    session.select(next(iter(state.spans)))
    session.undo_stack.push(QUndoCommand("something"))
    other = Project.open(tmp_path / "other.db")
    seen = _record(session.projectChanged)
    old = session.project
    session.set_project(other)
    old.close()
    assert seen == [(other,)]
    assert session.project is other and session.schema is other.schema
    assert session.state is None and session.selected_id is None and session.review_anchor is None
    assert session.undo_stack.count() == 0


def test_say_and_notice_are_signals(session: Session) -> None:
    said, notices = _record(session.message), _record(session.notice)
    session.say("Saved", 3000)
    session.show_notice("Read-only", action="Why?", key="ro", topic="file")
    assert said == [("Saved", 3000)]
    assert notices == [("Read-only", "Why?", "ro", "file")]


def test_the_analyst_is_asked_once_through_a_notice(session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(session.settings, "analyst", lambda: "")
    monkeypatch.setattr(session.settings, "default_analyst", lambda: "osuser")
    stored: list[str] = []
    monkeypatch.setattr(session.settings, "set_analyst", stored.append)
    notices = _record(session.notice)
    assert session.analyst(ask=False) == "osuser" and notices == [] and stored == []
    assert session.analyst() == "osuser"
    assert stored == ["osuser"] and len(notices) == 1 and notices[0][2] == "name"


def test_the_window_follows_the_session(make_window) -> None:  # noqa: ANN001
    window = make_window()
    state = window.state
    span = sorted(state.spans.values(), key=lambda s: s.start)[0]
    window.session.select(span.id, scroll=False)
    assert window.selected_id == span.id
    assert window.span_list.model.current == span.id
    assert window.details.span() == span
    assert window.view._selected == span.id  # noqa: SLF001 - what the painter draws as selected
    window.session.select(None)
    assert window.span_list.model.current is None and window.details.span() is None
    window.session.say("hello from the session", 0)
    assert window.statusBar().currentMessage() == "hello from the session"


def test_review_works_on_a_session_without_a_window(session: Session, qtbot) -> None:  # noqa: ANN001
    """The controllers need no window: Tab selects the first pending suggestion through the
    session, and a decision goes to the edit path it was given."""
    from annotator.domain.model import Status
    from annotator.ui.article_view import ArticleView
    from annotator.ui.review import ReviewController

    state = _open_first(session)
    view = ArticleView()
    qtbot.addWidget(view)
    pushed: list = []

    class Edits:
        def push(self, edit) -> bool:  # noqa: ANN001
            pushed.append(edit)
            return True

    review = ReviewController(session, view, Edits())  # type: ignore[arg-type]
    seen = _record(session.selectionChanged)
    review.step_suggestion(1)
    first = min((s for s in state.spans.values() if s.status == Status.SUGGESTED), key=lambda s: (s.start, -s.end))
    assert seen == [(first.id, True)]
    review.accept_selected()
    assert len(pushed) == 1 and [c.after.status for c in pushed[0].changes] == [Status.ACCEPTED]


def test_an_edit_in_the_window_emits_state_changed_once(make_window) -> None:  # noqa: ANN001
    window = make_window()
    changes = _record(window.session.stateChanged)
    window.step_suggestion(1)
    chosen = window.selected_id
    window.accept_selected()
    assert len(changes) == 1
    assert [s.id for s in changes[0][0].changed] == [chosen]
