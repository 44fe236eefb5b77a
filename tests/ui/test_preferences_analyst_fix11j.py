"""fix11j (issue 11 finding 4): since fix11g an assigned file's edits are its analyst's whatever
the Preferences name says; Edit → Preferences now says so ("This file (ben.db) records decisions
as “ben” (assigned file)"), and says nothing of the kind in a file without an analyst."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.storage.project import Project
from annotator.ui.preferences import PreferencesDialog
from tests.ui.test_team_names_fix11g import assigned  # noqa: F401
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401


def _shown(window, monkeypatch: pytest.MonkeyPatch) -> PreferencesDialog:  # noqa: ANN001
    seen: list[PreferencesDialog] = []

    def exec_(dialog: PreferencesDialog) -> int:
        seen.append(dialog)
        return 0  # cancelled: nothing changes

    monkeypatch.setattr(PreferencesDialog, "exec", exec_)
    window.open_preferences()
    assert len(seen) == 1
    return seen[0]


def test_preferences_name_the_analyst_an_assigned_file_records(make_window, assigned: Path, monkeypatch) -> None:  # noqa: ANN001, F811
    ben = make_window(Project.open(assigned / "team" / "ben.db"), analyst="carol")
    dialog = _shown(ben, monkeypatch)
    assert dialog.name.text() == "carol"  # the Preferences name, for other files
    assert dialog.file_analyst.text() == ("This file (ben.db) records decisions as “ben” (assigned file): the name above is "
                                          "used in other project files, not in this one.")
    assert not dialog.file_analyst.isHidden()
    assert ben.settings.analyst() == "carol"  # showing it wrote nothing


def test_preferences_say_nothing_of_it_in_a_file_without_an_analyst(make_window, assigned: Path, monkeypatch) -> None:  # noqa: ANN001, F811
    lead = make_window(Project.open(assigned / "team.db"), analyst="carol")
    dialog = _shown(lead, monkeypatch)
    assert dialog.file_analyst.text() == "" and dialog.file_analyst.isHidden()
