"""Issue 10 (ui10q, usertest10i finding 4): the window pre-annotates, at launch, the articles of
any project never pre-annotated — not only the first-run sample. ``annotator import w3.db *.txt;
annotator open w3.db`` gave 0 spans and an empty status bar: the launch asked the project's
``auto_preannotate`` setting, which only the sample set. Each import format the CLI reads makes
such a project; an article pre-annotated with no suggestion, or whose suggestions were all
rejected, is not redone. Made-up texts."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from PySide6.QtWidgets import QApplication

from annotator.cli import cli
from annotator.domain.edits import Change, Edit
from annotator.domain.model import Status
from annotator.storage.project import Project
from annotator.ui.launch import AUTO_PREANNOTATE, articles_to_preannotate, preannotate_at_launch, wants_preannotation
from tests.ui.test_window_support import make_window, no_modals, pump_until  # noqa: F401

pytestmark = [pytest.mark.timeout(120), pytest.mark.usefixtures("qapp")]

TEXTS = (
    "Talks in Geneva\n\nSergei Lavrov met envoys in Geneva on Monday, officials said.",
    "Kremlin replies\n\nThe Kremlin said Moscow would answer the note from Washington.",
)


def _import(db: Path, *files: Path) -> None:
    result = CliRunner().invoke(cli, ["import", str(db), *map(str, files)], catch_exceptions=False)
    assert result.exit_code == 0, result.output


def _files(fmt: str, folder: Path) -> list[Path]:
    """The two texts as ``annotator import`` reads them in ``fmt``."""
    folder.mkdir()
    if fmt == "txt":
        paths = [folder / f"a{i}.txt" for i in range(len(TEXTS))]
        for path, text in zip(paths, TEXTS):
            path.write_text(text, encoding="utf-8")
        return paths
    if fmt == "jsonl":
        path = folder / "a.jsonl"
        path.write_text("".join(json.dumps({"text": t}) + "\n" for t in TEXTS), encoding="utf-8")
        return [path]
    if fmt == "csv":
        path = folder / "a.csv"
        path.write_text("title,text\n" + "".join(f'"t{i}","{t}"\n' for i, t in enumerate(TEXTS)), encoding="utf-8")
        return [path]
    assert fmt == "brat"
    paths = []
    for i, text in enumerate(TEXTS):  # text with an empty annotation file: nothing annotated yet
        (folder / f"a{i}.txt").write_text(text, encoding="utf-8")
        (folder / f"a{i}.ann").write_text("", encoding="utf-8")
        paths.append(folder / f"a{i}.ann")
    return paths


def _launch(window) -> str:  # noqa: ANN001
    """What ``run_app`` does once the window shows; the status line it leaves."""
    said: list[str] = []
    window.statusBar().messageChanged.connect(said.append)
    assert wants_preannotation(window.project)
    assert preannotate_at_launch(window)
    pump_until(lambda: window.worker is None)
    QApplication.processEvents()
    return next(line for line in reversed(said) if "at launch" in line)


@pytest.mark.parametrize("fmt", ["txt", "jsonl", "csv", "brat"])
def test_a_project_made_by_annotator_import_is_preannotated_at_launch(fmt, make_window, tmp_path) -> None:  # noqa: ANN001
    db = tmp_path / "w3.db"
    _import(db, *_files(fmt, tmp_path / "in"))
    project = Project.open(db)
    ids = project.article_ids()
    assert len(ids) == 2 and all(not project.spans(i) for i in ids)
    assert project.get_setting(AUTO_PREANNOTATE) is None  # nobody asked: the default is on
    assert articles_to_preannotate(project) == ids
    window = make_window(project)
    line = _launch(window)
    assert line.startswith("Pre-annotated 2 articles at launch: ") and line.endswith(" new"), line
    assert all(project.spans(i, statuses=[Status.SUGGESTED]) for i in ids)
    assert all(project.preannotated(i) for i in ids)
    assert not wants_preannotation(project)  # the next launch has nothing to do


def test_rejected_or_empty_preannotations_are_not_redone_and_a_project_can_turn_it_off(make_window, tmp_path) -> None:  # noqa: ANN001
    db = tmp_path / "w.db"
    folder = tmp_path / "in"
    folder.mkdir()
    texts = (TEXTS[0], "Quiet day\n\nNothing happened in the town hall today.", TEXTS[1])
    for i, text in enumerate(texts):
        (folder / f"a{i}.txt").write_text(text, encoding="utf-8")
    _import(db, *sorted(folder.iterdir()))
    project = Project.open(db)
    rejected, empty, fresh = project.article_ids()
    from tests.ui.test_window_support import suggestions_for

    assert project.add_suggestions(rejected, suggestions_for(texts[0])) > 0
    project.apply(Edit("reject all", tuple(Change(s, dataclasses.replace(s, status=Status.REJECTED)) for s in project.spans(rejected))))
    assert project.add_suggestions(empty, suggestions_for(texts[1])) == 0  # pre-annotated: nothing found
    assert articles_to_preannotate(project) == [fresh]
    window = make_window(project)
    line = _launch(window)
    assert line.startswith("Pre-annotated 1 article at launch: "), line
    assert not project.spans(rejected, statuses=[Status.SUGGESTED])  # the rejections stand
    assert not project.spans(empty)
    assert project.spans(fresh, statuses=[Status.SUGGESTED])
    # a project that turns the launch's run off (setting "0") is left alone
    other = Project.open(tmp_path / "off.db")
    other.set_setting(AUTO_PREANNOTATE, "0")
    other.close()
    _import(tmp_path / "off.db", folder / "a0.txt")
    with Project.open(tmp_path / "off.db") as off:
        assert not wants_preannotation(off) and articles_to_preannotate(off) == []


def test_the_status_bar_shows_the_saved_line_whole_before_any_preannotation(make_window, tmp_path) -> None:  # noqa: ANN001
    """ui10q cosmetic (usertest10i L30sb2.png): a lone italic "/" at the bar's right before any
    pre-annotation was the first stroke of "All changes saved · 0 pending", its LayoutFence left
    at the 18 px the bar's layout cached while the label was empty (its text came before the
    window showed, when a fence hears of no change). Every fence of the window holds its child whole."""
    from annotator.ui.layout_fence import LayoutFence

    db = tmp_path / "w3.db"
    _import(db, *_files("txt", tmp_path / "in"))
    window = make_window(Project.open(db))
    window.resize(1280, 800)
    QApplication.processEvents()
    assert window.saved_label.text() == "All changes saved · 0 pending"
    fences = [f for f in window.findChildren(LayoutFence) if f.isVisible()]
    assert any(f.child is window.saved_label for f in fences)
    for fence in fences:
        need = fence.child.minimumSizeHint()
        assert fence.width() >= need.width() and fence.child.width() >= need.width(), (fence.child.objectName(), fence.width(), need)


def test_an_analysts_file_from_assign_is_preannotated_where_the_source_never_was(make_window, tmp_path) -> None:  # noqa: ANN001
    """``assign`` hands out the source's suggestions and decisions; it now hands out which
    articles the source pre-annotated too, so the analyst's window pre-annotates at launch only
    those the source never did — not one whose suggestions were all rejected or that got none."""
    from tests.ui.test_window_support import suggestions_for

    folder = tmp_path / "in"
    folder.mkdir()
    texts = (TEXTS[0], "Quiet day\n\nNothing happened in the town hall today.", TEXTS[1])
    for i, text in enumerate(texts):
        (folder / f"a{i}.txt").write_text(text, encoding="utf-8")
    lead = tmp_path / "lead.db"
    _import(lead, *sorted(folder.iterdir()))
    with Project.open(lead) as source:
        rejected, empty, _fresh = source.article_ids()
        assert source.add_suggestions(rejected, suggestions_for(texts[0])) > 0
        source.apply(Edit("reject all", tuple(Change(s, dataclasses.replace(s, status=Status.REJECTED)) for s in source.spans(rejected))))
        source.add_suggestions(empty, suggestions_for(texts[1]))
    result = CliRunner().invoke(cli, ["assign", str(lead), "--analysts", "ana", "--overlap", "0", "--output", str(tmp_path / "team"),
                                      "--seed", "1"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    project = Project.open(tmp_path / "team" / "ana.db")
    by_text = {project.article(i).text: i for i in project.article_ids()}
    assert [by_text[texts[2]]] == articles_to_preannotate(project)
    window = make_window(project)
    line = _launch(window)
    assert line.startswith("Pre-annotated 1 article at launch: "), line
    assert not project.spans(by_text[texts[0]], statuses=[Status.SUGGESTED])  # the source's rejections stand
    assert project.spans(by_text[texts[2]], statuses=[Status.SUGGESTED])


def test_the_launch_check_counts_instead_of_scanning_and_still_finds_a_waiting_article(tmp_path) -> None:
    """``NOT_PREANNOTATED.any`` (the UI thread's check before the worker lists the articles)
    answers from two counts (exact: rows are keyed by article id, with a foreign key)."""
    from annotator.nlp.suggest_process import NOT_PREANNOTATED
    from tests.ui.test_window_support import suggestions_for

    folder = tmp_path / "in"
    _import(tmp_path / "c.db", *_files("txt", folder))
    with Project.open(tmp_path / "c.db") as project:
        first, second = project.article_ids()
        conn = project.db.conn
        assert NOT_PREANNOTATED.any(conn) and NOT_PREANNOTATED.ids(conn) == [first, second]
        project.add_suggestions(first, suggestions_for(TEXTS[0]))
        assert NOT_PREANNOTATED.any(conn) and NOT_PREANNOTATED.ids(conn) == [second]
        with pytest.raises(sqlite3.IntegrityError), project.writing():  # no row for an article not in the file
            conn.execute("INSERT INTO preannotations (article_id, origin, at, spans) VALUES (900, 'x', '', 0)")
        assert NOT_PREANNOTATED.any(conn)
        project.add_suggestions(second, suggestions_for(TEXTS[1]))
        assert not NOT_PREANNOTATED.any(conn) and NOT_PREANNOTATED.ids(conn) == []
