"""Issue 11 user test (fix11l): open team/ben.db, then File → Open recent → team/cy.db, then the
lead's team.db. Every notice and label that names the open file or its analyst must be rebuilt
for the file now open: the assigned-file notice ("assigned to “ben”… saved to ben.db" stayed up
over cy.db, and "cy" over team.db even after an edit), the window title, the Preferences note and
the status bar."""

from __future__ import annotations

import getpass
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.storage.project import Project
from tests.ui.test_team_names_fix11g import _accept_first
from tests.ui.test_window_support import make_project, make_window, no_modals  # noqa: F401


@pytest.fixture
def team(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(getpass, "getuser", lambda: "lead")
    make_project(tmp_path / "team.db").close()
    result = CliRunner().invoke(cli, ["assign", str(tmp_path / "team.db"), "--analysts", "ana,ben,cy", "--overlap", "1",
                                      "--output", str(tmp_path / "team")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return tmp_path


def _shown(window) -> str:  # noqa: ANN001
    """What the info bar shows now ("" when hidden)."""
    return window.info_bar.text.text() if window.info_bar.isVisible() else ""


def _preferences_note(window, monkeypatch: pytest.MonkeyPatch) -> str:  # noqa: ANN001
    """The assigned-file note Edit → Preferences shows for the open file ("" when none)."""
    from annotator.ui import dialogs
    from annotator.ui.preferences import PreferencesDialog

    seen: list[str] = []

    def exec_(dialog) -> int:  # noqa: ANN001
        seen.append(dialog.file_analyst.text() if not dialog.file_analyst.isHidden() else "")
        return 0

    monkeypatch.setattr(PreferencesDialog, "exec", exec_)
    dialogs.open_preferences(window)
    [note] = seen
    return note


def test_three_files_opened_in_turn_each_show_their_own_notices(make_window, team: Path,  # noqa: F811
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    window = make_window(Project.open(team / "team" / "ben.db"), analyst="lead")
    _accept_first(window)
    assert "“ben”" in _shown(window) and "ben.db" in _shown(window)
    assert window.windowTitle().startswith("ben.db")
    assert "“ben”" in _preferences_note(window, monkeypatch) and "ben.db" in _preferences_note(window, monkeypatch)
    window.show_saved()
    assert "ben.db" in window.statusBar().currentMessage()

    assert window.switch_project(team / "team" / "cy.db")  # File → Open recent → team/cy.db
    assert "ben" not in _shown(window)  # nothing said about ben's file is left over cy's
    assert "ben.db" not in window.statusBar().currentMessage()
    assert window.windowTitle().startswith("cy.db")
    assert "“cy”" in _preferences_note(window, monkeypatch) and "cy.db" in _preferences_note(window, monkeypatch)
    _accept_first(window)
    assert "“cy”" in _shown(window) and "cy.db" in _shown(window) and "ben" not in _shown(window)

    assert window.switch_project(team / "team.db")  # the lead's team project: no assigned analyst
    assert "cy" not in _shown(window) and "assigned" not in _shown(window)
    assert window.windowTitle().startswith("team.db")
    assert _preferences_note(window, monkeypatch) == ""
    _accept_first(window)
    assert "cy" not in _shown(window) and "assigned" not in _shown(window)  # still not, after an edit
    window.show_saved()
    assert "team.db" in window.statusBar().currentMessage()


def test_the_assigned_file_notice_names_the_preferences_name_without_calling_it_chosen(make_window, team: Path) -> None:  # noqa: F811
    # The Preferences name here is the login name a first edit stored, which the user never chose.
    window = make_window(Project.open(team / "team" / "ben.db"), analyst="lead")
    _accept_first(window)
    assert "(not “lead”, the name in Preferences)" in _shown(window)
    assert "your name" not in _shown(window)
