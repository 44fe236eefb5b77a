"""After File → Open the launch's own pre-annotation says how it started (fixut17a's leftover:
the status line said "Pre-annotated 3 articles at launch" for a project opened later)."""

from __future__ import annotations

from annotator.ui.preannotation import _Tally
from tests.ui.test_project_switch_fixut17a import _b, _switch
from tests.ui.test_window_support import make_window, no_modals, pump_until, wait_idle  # noqa: F401


def test_open_says_on_opening_the_file_not_at_launch(make_window, tmp_path) -> None:  # noqa: ANN001, F811
    window = make_window()
    wait_idle(window)
    b_path = _b(tmp_path)
    said: list[str] = []
    window.session.message.connect(lambda text, _ms: said.append(text))
    _switch(window, b_path)
    pump_until(lambda: window.project.db.execute("SELECT count(*) FROM preannotations").fetchone()[0] == 3)
    wait_idle(window)
    pump_until(lambda: any(t.startswith("Pre-annotated") for t in said))
    line = next(t for t in said if t.startswith("Pre-annotated"))
    assert line.startswith(f"Pre-annotated 3 articles on opening {b_path.name}: "), line
    assert "at launch" not in line


def test_short_line_wording() -> None:
    tally = _Tally(started=0.0)
    assert tally.short(2, occasion="at launch").startswith("Pre-annotated 2 articles at launch: ")
    assert tally.short(2).endswith("(the whole summary is in the notice)")
