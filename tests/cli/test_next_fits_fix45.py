"""fix45 (usertest30 M2, L6): `annotator next` at 60 and 40 columns printed rows of 66-68
characters (the title stopped shrinking at ~28), its scoring bar line was 68-78 characters and its
stderr lines 124-176, so each wrapped; its last line named the pipeline by its cache key ("P 3.8.0
| P | ner top5"). The pipeline is a stub at the loader seam. Invented sentences."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.domain.model import Article
from annotator.nlp import active_order, pipeline
from annotator.storage.project import Project
from tests.cli.test_next_stored_scores_ui10i import Stub

pytestmark = pytest.mark.timeout(60)

LONG_TITLE = ("Young harbour council member promises to rebuild the old stone bridge after a winter of floods, "
              "closures and long detours for every farmer on the east bank")


@pytest.fixture
def seam(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "load_pipeline", lambda choice=None: Stub(source=choice or "pkg", name="pkg", version="7"))
    monkeypatch.setattr(active_order, "pipeline_can_score", lambda _nlp: True)
    monkeypatch.setattr(active_order, "beam_scorer", lambda _nlp: lambda texts: [{(0, 1, "PERSON"): 0.5} for _ in texts])


def project(tmp_path: Path) -> Path:
    path = tmp_path / "p.db"
    with Project.open(path) as proj:
        for n in range(12):
            proj.add_article(Article(None, f"Ana Vell said the bridge opens in week {n}.", title=f"{LONG_TITLE} {n}"))
    return path


@pytest.mark.parametrize("width", [40, 60, 100])
def test_every_row_fits_the_terminal(tmp_path: Path, seam, width: int) -> None:  # noqa: ANN001
    path = project(tmp_path)
    ran = CliRunner().invoke(cli, ["next", str(path), "--model", "pkg", "--limit", "0"], env={"COLUMNS": str(width)})
    assert ran.exit_code == 0, ran.output
    lines = ran.stdout.splitlines()
    assert len(lines) == 13
    assert max(len(line) for line in lines) < width, lines
    assert all(line.rstrip().endswith("…") for line in lines[1:]), lines  # a title, cut, in every row
    assert (re.search(r"\(0\.\d{3}\)", lines[1]) is not None) == (width >= 60)  # the exact score drops first, and only when narrow
    assert "doubtful" in lines[1]  # the order's keys stay


def test_piped_rows_fill_120(tmp_path: Path, seam) -> None:  # noqa: ANN001
    ran = CliRunner().invoke(cli, ["next", str(project(tmp_path)), "--model", "pkg"], env={"COLUMNS": ""})
    assert ran.exit_code == 0, ran.output
    assert 100 <= max(len(line) for line in ran.stdout.splitlines()) < 120


def test_last_line_names_the_pipeline_once(tmp_path: Path, seam) -> None:  # noqa: ANN001
    ran = CliRunner().invoke(cli, ["next", str(project(tmp_path)), "--model", "pkg"], env={"COLUMNS": "100"})
    last = ran.stderr.splitlines()[-1]
    assert last == "12 unreviewed articles; all 12 scored now with pkg 7.", last
    ran = CliRunner().invoke(cli, ["next", str(project(tmp_path)), "--model", "./my-pipeline"], env={"COLUMNS": "100"})
    assert ran.stderr.splitlines()[-1].endswith("scored now with pkg 7 from ./my-pipeline."), ran.stderr


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("width", [30, 40, 60, 100])
def test_progress_bar_line_fits(monkeypatch: pytest.MonkeyPatch, width: int) -> None:
    from annotator.cli import params

    monkeypatch.setenv("COLUMNS", str(width))
    out = Tty()
    monkeypatch.setattr(params.sys, "stderr", out)
    bar = params.stderr_bar(1885, "Scoring articles")
    with bar:
        bar.eta_known = True  # the widest line: with the time left
        bar.avg = [0.5]
        for _ in range(1885):
            bar.update(1)
    drawn = [part.rstrip() for part in out.getvalue().replace("\x1b[?25l", "").replace("\x1b[?25h", "").replace("\x1b[2K", "").split("\r")]
    assert max(len(part) for part in drawn) < width, max(drawn, key=len)
    assert any("#" in part for part in drawn)  # still a bar
    if width >= 60:
        assert any("Scoring articles" in part for part in drawn)


@pytest.mark.parametrize("width", [40, 60])
def test_stderr_lines_wrap_at_words_on_a_terminal(monkeypatch: pytest.MonkeyPatch, width: int) -> None:
    from annotator.cli.params import fit_to_terminal

    monkeypatch.setenv("COLUMNS", str(width))
    line = "Using pkg 7 (./a/pipeline): the pipeline of the uncertainty scores stored last in this project (--model, or Edit"
    wrapped = fit_to_terminal(line, Tty()).splitlines()
    assert len(wrapped) > 1 and all(len(w) < width for w in wrapped), wrapped
    assert " ".join(wrapped) == line  # cut at spaces only
    assert fit_to_terminal(line, io.StringIO()) == line  # piped: whole
