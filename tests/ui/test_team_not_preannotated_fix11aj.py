"""fix11aj (issue 11, usertest11q M2): opening a team project in the window pre-annotated its gold
layer (the launch's run, on by default), which wrote machine suggestions nobody made into what the
lead curates and made every other open window say "changed by another program". Now a team
project's gold is not pre-annotated (the window says why; ``annotator preannotate`` refuses), and
suggestions another program's pre-annotation stores anyway (an older version) are not taken for
someone's change: the watcher's generation does not move, the curation view neither re-reads nor
refuses, and the window shows them as suggestions."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.domain.model import Article, ArticleBundle, ArticleStatus, Span, Status
from annotator.storage.outside_changes import changes_since, mark_now
from annotator.storage.project import TEAM_NOT_PREANNOTATED, Project
from annotator.ui.launch import preannotate_at_launch
from tests.ui.test_window_support import make_project, make_window, no_modals, suggestions_for  # noqa: F401

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytestmark = pytest.mark.timeout(120)


def _team(path: Path) -> Path:
    with make_project(path, suggest=False) as p:
        text = p.article(p.article_ids()[0]).text
        p.import_bundles([ArticleBundle(Article(id=None, text=text), spans=[
            Span(id="b1", article_id=0, start=0, end=6, label="ORG", layer="entity")])], analyst="ben")
    return path


def _suggest_from_another_process(path: Path, article_id: int) -> None:
    """Another program (an older version's launch) stores machine suggestions for ``article_id``."""
    code = ("import sys\nfrom annotator.storage.project import Project\n"
            "from tests.ui.test_window_support import suggestions_for\n"
            "with Project.open(sys.argv[1], create=False) as p:\n"
            "    a = int(sys.argv[2])\n"
            "    assert p.add_suggestions(a, suggestions_for(p.article(a).text)) > 0\n")
    subprocess.run([sys.executable, "-c", code, str(path), str(article_id)], check=True, timeout=60,
                   cwd=Path(__file__).resolve().parents[2])


def _gold_suggested(path: Path) -> int:
    with Project.open(path, create=False) as p:
        return sum(1 for a in p.article_ids() for s in p.spans(a) if s.status == Status.SUGGESTED)


def test_the_launch_does_not_preannotate_a_team_project(make_window, tmp_path: Path) -> None:
    db = _team(tmp_path / "team.db")
    w = make_window(Project.open(db), analyst="lead")
    said: list[str] = []
    w.session.say = lambda text, ms=0: said.append(text)  # type: ignore[method-assign]
    w.session.tell = said.append  # type: ignore[method-assign]  # ui32: a refusal is said until replaced
    assert preannotate_at_launch(w) is False
    assert w.start_preannotation() is False  # File → Pre-annotate too
    assert said == [TEAM_NOT_PREANNOTATED, TEAM_NOT_PREANNOTATED]
    assert w.worker is None and _gold_suggested(db) == 0


def test_a_plain_project_is_still_preannotated_at_launch(make_window, qtbot, tmp_path: Path) -> None:
    db = tmp_path / "plain.db"
    make_project(db, suggest=False).close()
    w = make_window(Project.open(db), analyst="ana")
    assert preannotate_at_launch(w) is True
    qtbot.waitUntil(lambda: w.worker is None, timeout=20000)
    assert _gold_suggested(db) > 0


def test_another_programs_suggestions_are_not_someone_elses_change(make_window, qtbot, tmp_path: Path) -> None:
    from annotator.ui.curation_view import CurationDialog

    db = _team(tmp_path / "team.db")
    w = make_window(Project.open(db), analyst="lead")
    first = w.project.article_ids()[0]
    w.open_article(first)
    said: list[str] = []
    w.session.say = lambda text, ms=0: said.append(text)  # type: ignore[method-assign]
    w.session.tell = said.append  # type: ignore[method-assign]  # ui32: a refusal is said until replaced
    arrived: list[list[int]] = []
    w.outside_writes.suggested.connect(arrived.append)
    generation = w.outside_writes.generation
    w.actions_by_id["curation"].trigger()
    view = w.findChild(CurationDialog)
    assert view is not None
    _suggest_from_another_process(db, first)
    assert w.outside_writes.check() is False
    assert w.outside_writes.generation == generation and arrived == [[first]]
    assert not view._file_changed()  # the view's next key is not refused as "file changed"
    assert not any("changed by another program" in s for s in said), said
    assert any("machine suggestions" in s for s in said), said
    # the open article shows them (pending)
    assert any(s.status == Status.SUGGESTED for s in w.state.spans.values()), "the new suggestions are not shown"
    # a person's change from another program is still reported
    code = ("import sys\nfrom annotator.domain.model import ArticleStatus\nfrom annotator.storage.project import Project\n"
            "with Project.open(sys.argv[1], create=False) as p:\n    p.set_article_status(int(sys.argv[2]), ArticleStatus.DONE, by='other')\n")
    subprocess.run([sys.executable, "-c", code, str(db), str(first)], check=True, timeout=60)
    assert w.outside_writes.check() is True and w.outside_writes.generation == generation + 1


def test_changes_since_tells_suggestions_only_apart(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    make_project(db, suggest=False).close()
    with Project.open(db) as watcher, Project.open(db) as other:
        mark = mark_now(watcher.db)
        first = other.article_ids()[0]
        other.add_suggestions(first, suggestions_for(other.article(first).text))
        change, mark = changes_since(watcher.db, mark, [])
        assert change is not None and change.suggestions_only and change.article_ids == (first,)
        other.set_article_status(first, ArticleStatus.IN_PROGRESS, by="other")
        change, mark = changes_since(watcher.db, mark, [])
        assert change is not None and not change.suggestions_only
