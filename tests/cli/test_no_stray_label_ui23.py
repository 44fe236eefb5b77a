"""usertest21 L2: off a terminal ``annotator preannotate`` printed its progress bar's label alone,
a line reading "Articles"; now no bar and no label there (a terminal still gets the bar)."""

from __future__ import annotations

import io
from pathlib import Path

from click.testing import CliRunner

from annotator.cli import cli
from annotator.domain.model import Article
from annotator.storage.project import Project


def test_preannotate_prints_no_lone_label(tmp_path: Path) -> None:
    project = tmp_path / "p.db"
    with Project.open(project) as proj:
        for k in range(3):
            proj.add_article(Article(id=None, text=f"The harbour master Ana Lopez said the quay would open on day {k}."))
    ran = CliRunner().invoke(cli, ["preannotate", str(project), "--model", "rule-only"])
    assert ran.exit_code == 0, ran.output
    lines = [line.strip() for line in (ran.output + ran.stderr).splitlines()]
    assert "Articles" not in lines and not any(line.startswith("Articles ") for line in lines), lines


def test_a_terminal_still_gets_the_bar(monkeypatch) -> None:  # noqa: ANN001
    from annotator.cli.params import stderr_bar  # new in ui23

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stderr", Tty())
    with stderr_bar(3, "Articles") as bar:
        bar.update(3)
    assert hasattr(bar, "label") and bar.label == "Articles"
