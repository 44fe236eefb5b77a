"""fix41 (usertest29 L7): `annotator next` cut an untitled CSV row's name at its first ten words
(~60 characters) and printed a title in full (130+): one rule now, every title and every untitled
row's opening cut to the title column (the terminal's width: ``COLUMNS``, the terminal, else 120
for a pipe) at a word, with "…". The pipeline is a stub at the loader seam. Invented sentences."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.domain.model import Article
from annotator.nlp import active_order, pipeline
from annotator.storage.project import Project
from tests.cli.test_next_stored_scores_ui10i import Stub

pytestmark = pytest.mark.timeout(60)

LONG_TITLE = ("Council of the river towns votes to rebuild the old stone bridge after a winter of floods, "
              "closures and long detours for every farmer on the east bank")
ROW_TEXT = ("The harbour master said on Friday that the new ferry timetable would start in June and that "
            "night crossings would return once the pier repairs were finished. " * 3)


@pytest.fixture
def seam(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "load_pipeline", lambda choice=None: Stub(source=choice or "pkg", name="pkg", version="7"))
    monkeypatch.setattr(active_order, "pipeline_can_score", lambda _nlp: True)
    monkeypatch.setattr(active_order, "beam_scorer", lambda _nlp: lambda texts: [{(0, 1, "PERSON"): 0.5} for _ in texts])


@pytest.mark.parametrize("columns", [80, 100, 160])
def test_every_title_is_cut_to_one_width_at_a_word(tmp_path: Path, seam, columns: int) -> None:  # noqa: ANN001
    path = tmp_path / "p.db"
    with Project.open(path) as proj:
        proj.add_article(Article(None, "Ana Vell said the bridge opens soon.", title=LONG_TITLE))
        proj.add_article(Article(None, ROW_TEXT, title="", meta={"_import": {"file": "rows.csv", "row": 2}}))
        proj.add_article(Article(None, "Ivo Marek said so.", title="Short one"))
    ran = CliRunner().invoke(cli, ["next", str(path), "--model", "some_pkg"], env={"COLUMNS": str(columns)})
    assert ran.exit_code == 0, ran.output
    lines = ran.stdout.splitlines()
    header, rows = lines[0], lines[1:]
    start = header.index("title")
    names = {line[start:] for line in rows}
    assert all(len(line) < columns for line in lines), lines  # no line wraps
    long_ones = [n for n in names if n.endswith("…")]
    assert len(long_ones) == 2, names  # the long title and the row's opening, both cut
    room = columns - start - 1
    for name in long_ones:
        assert room - 15 <= len(name) <= room  # the same room for both, filled up to a word
        assert (LONG_TITLE + " " + " ".join(ROW_TEXT.split())).count(name[:-1]) >= 1  # cut at a word: a prefix of whole words
        assert name[:-1] + " " in LONG_TITLE + " " or name[:-1] + " " in " ".join(ROW_TEXT.split()) + " "
    assert "Short one" in names


def test_cut_at_word() -> None:
    from annotator.domain.words import cut_at_word  # here: the table's test above fails on main by what it prints

    assert cut_at_word("one two  three", 20) == "one two three"
    assert cut_at_word("one two three four", 12) == "one two…"
    assert cut_at_word("one two three", 8) == "one two…"  # the cut at the space after "two"
    assert cut_at_word("Unbreakableword here", 6) == "Unbre…"  # one word longer than the room
    assert cut_at_word("an opening", 20, more=True) == "an opening…"
    assert cut_at_word("", 10, more=True) == ""
