"""fix11g (issue 11): decisions are recorded under the right person. In a file ``annotator assign``
made for an analyst the file's analyst is recorded, and never written to the global (Preferences)
name; the lead in the team project is recorded under their own name (Preferences, else login),
never a name picked up from an analyst's file — in the window and in ``annotator curate``."""

from __future__ import annotations

import getpass
import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.cli import cli
from annotator.domain.model import ArticleStatus
from annotator.storage.project import Project
from tests.ui.test_window_support import make_project, make_window, no_modals  # noqa: F401

K = Qt.Key


def _press(window, key) -> None:  # noqa: ANN001
    from pytestqt.qtbot import QtBot

    QtBot.keyClick(window.view.text_widget(), key)
    QApplication.processEvents()


def _accept_first(window) -> str:  # noqa: ANN001
    """Tab (when nothing is selected yet), A on the open article: a suggestion accepted; its id."""
    if window.selected_id is None:
        _press(window, K.Key_Tab)
    chosen = window.selected_id
    assert chosen is not None and window.state.spans[chosen].status.value == "suggested"
    _press(window, K.Key_A)
    return chosen


def _by(path: Path, sql: str) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _run(*args: object) -> str:
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def assigned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """team.db (3 articles with suggestions) assigned to ana and ben, every article to both; the
    login name is "lead"."""
    monkeypatch.setattr(getpass, "getuser", lambda: "lead")
    make_project(tmp_path / "team.db").close()
    _run("assign", tmp_path / "team.db", "--analysts", "ana,ben", "--overlap", "1", "--output", tmp_path / "team")
    return tmp_path


def test_the_user_tests_sequence_records_each_file_under_its_own_analyst_and_the_lead_as_the_lead(
        make_window, assigned: Path) -> None:  # noqa: F811
    tmp = assigned
    ana = make_window(Project.open(tmp / "team" / "ana.db"), analyst="")
    notes: list[str] = []
    ana.session.notice.connect(lambda text, *_: notes.append(text))
    span = _accept_first(ana)
    assert _by(ana.project.path, f"SELECT status, by FROM spans WHERE id = '{span}'") == [("accepted", "ana")]
    assert len(notes) == 1 and "“ana”" in notes[0]  # said, once
    assert ana.settings.analyst() == ""  # the project's analyst name is never written to the global setting
    ana.settings.sync()
    ini = Path(ana.settings.file_name)
    assert ini.exists() and "[analyst]" not in ini.read_text(encoding="utf-8")  # the file itself: no name section written
    ana.close()

    ben = make_window(Project.open(tmp / "team" / "ben.db"), analyst="")
    for _ in range(3):
        _accept_first(ben)
    assert _by(ben.project.path, "SELECT by, count(*) FROM spans WHERE status = 'accepted' GROUP BY by") == [("ben", 3)]
    assert ben.settings.analyst() == ""
    ben.close()

    for name in ("ana", "ben"):  # fix11t: they mark their articles done (else no curation marks them curated)
        with Project.open(tmp / "team" / f"{name}.db") as p:
            for aid in p.article_ids():
                p.set_article_status(aid, ArticleStatus.DONE)
    _run("merge", tmp / "team.db", tmp / "team" / "ana.db", tmp / "team" / "ben.db")
    lead = make_window(Project.open(tmp / "team.db"), analyst="")
    assert lead.analyst(ask=False) == "lead"  # what the curation view records (menus: session.analyst(ask=False))
    span = _accept_first(lead)
    assert _by(tmp / "team.db", f"SELECT by FROM spans WHERE id = '{span}'") == [("lead",)]
    lead.close()
    lead.project.close()

    _run("curate", tmp / "team.db", "--accept-agreed")
    rows = _by(tmp / "team.db", "SELECT attrs FROM spans WHERE attrs LIKE '%curation%'")
    assert rows, "curate --accept-agreed decided nothing"
    assert {json.loads(m)["curation"]["by"] for (m,) in rows} == {"lead"}
    logged = {b for (b,) in _by(tmp / "team.db", "SELECT DISTINCT by FROM changes")}
    assert "lead" in logged and not logged & {"ana", "ben"}, logged


def test_a_global_name_other_than_the_files_analyst_is_a_note_never_used(make_window, assigned: Path) -> None:  # noqa: F811
    ben = make_window(Project.open(assigned / "team" / "ben.db"), analyst="carol")
    notes: list[str] = []
    ben.session.notice.connect(lambda text, *_: notes.append(text))
    span = _accept_first(ben)
    assert _by(ben.project.path, f"SELECT by FROM spans WHERE id = '{span}'") == [("ben",)]
    assert ben.settings.analyst() == "carol"
    assert len(notes) == 1 and "“ben”" in notes[0] and "“carol”" in notes[0]
    _accept_first(ben)
    assert len(notes) == 1  # once per file opened
    ben.close()
    lead = make_window(Project.open(assigned / "team.db"), analyst="carol")
    assert lead.analyst() == "carol"  # the lead's explicit name in the team project


def test_a_file_without_an_analyst_still_asks_once_and_keeps_the_login_name(make_window, assigned: Path) -> None:  # noqa: F811
    window = make_window(Project.open(assigned / "team.db"), analyst="")
    assert window.analyst() == "lead" and window.settings.analyst() == "lead"
