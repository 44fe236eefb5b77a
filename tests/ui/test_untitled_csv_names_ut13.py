"""usertest13 F10: every untitled row of an imported CSV was named by the CSV's file name in the
article list (300 rows all "fnc10k.csv"), in search results and in ``annotator next``. An untitled
CSV row is now named by its text's first sentence (or first words); a .txt file, one article,
keeps its file name, and a title always wins."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from PySide6.QtCore import Qt

from annotator.cli import cli
from annotator.domain.words import article_name, opening_words
from annotator.storage.project import Project
from annotator.storage.search import SearchHit, named_hits
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401

pytestmark = pytest.mark.timeout(60)

ROWS = ["The lighthouse keeper on Brannock Isle retired after forty years of service, neighbours said on Friday "
        "and more words follow so that the first line is long.",
        "Rain closed the mountain pass for a third day while crews cleared the rockfall near the old mill and "
        "the road stays shut until the weekend at least."]


@pytest.mark.parametrize(("text", "name"), [
    ("Rain closed the pass. Crews cleared it later.", "Rain closed the pass."),
    ("one two three four five six seven eight nine ten eleven twelve", "one two three four five six seven eight nine ten…"),
    ("Dr. Ames said so. More.", "Dr. Ames said so."),
    ("Short", "Short"),
    ("  \n ", ""),
])
def test_opening_words(text: str, name: str) -> None:
    assert opening_words(text) == name


def test_a_title_wins_then_the_opening_then_the_file() -> None:
    assert article_name("Pass closed", "x.csv", 3, "Rain closed the pass.") == "Pass closed"
    assert article_name("", "x.csv", 3, "Rain closed the pass.") == "Rain closed the pass."
    assert article_name("", "m1.txt", 3) == "m1.txt"
    assert article_name("", "", 3) == "Article 3"


def _imported(tmp_path: Path) -> Project:
    source = tmp_path / "rows.csv"
    source.write_text("text\n" + "".join(f'"{row}"\n' for row in ROWS), encoding="utf-8")
    (tmp_path / "one.txt").write_text(ROWS[0] + " Another sentence here.", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(tmp_path / "p.db"), str(source), str(tmp_path / "one.txt")])
    assert result.exit_code == 0, result.output
    return Project.open(tmp_path / "p.db")


def test_the_list_names_untitled_csv_rows_by_their_first_words(make_window, tmp_path: Path) -> None:  # noqa: ANN001
    project = _imported(tmp_path)
    window = make_window(project)
    model = window.article_list.model
    names = sorted(model.index(row).data(Qt.ItemDataRole.DisplayRole) for row in range(model.rowCount()))
    assert names == sorted(["The lighthouse keeper on Brannock Isle retired after forty years…",
                            "Rain closed the mountain pass for a third day while…", "one.txt"]), names


def test_search_hits_name_untitled_csv_rows_by_their_first_words(tmp_path: Path) -> None:
    project = _imported(tmp_path)
    by_text = {project.article(i).text: i for i in project.article_ids()}
    wanted = by_text[ROWS[1]]
    hit = SearchHit(article_id=wanted, title="", span_id="s1", start=0, end=4, label="QUOTE", layer="quotes",
                    status="accepted", by="", text="Rain")
    [named] = named_hits(project.db.conn, [hit])
    assert named.title == "Rain closed the mountain pass for a third day while…"
