"""ui32: `annotator next` prints an article's uncertainty in the words the window's article list
shows for it (band, then doubtful decisions: ``annotator.nlp.uncertainty.uncertainty_words``, the
one function both use), with the exact score in brackets after them. The pipeline is a stub at
the loader seam; the scores are stored in the project's cache as `preannotate --uncertainty` would."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.cli.active import next_words
from annotator.domain.model import Article
from annotator.nlp.uncertainty import uncertainty_words
from annotator.storage import uncertainty_cache
from annotator.storage.project import Project
from tests.cli.test_next_stored_scores_ui10i import seam  # noqa: F401 - the fixture

pytestmark = pytest.mark.timeout(60)

#: title → (stored score, doubtful decisions, the words `next` prints for it)
ROWS = {
    "harbour": (0.4731, 3, "0.46–0.50 · 3 doubtful (0.473)"),
    "ferry": (0.9612, 12, "0.96–1.00 · 12 doubtful (0.961)"),
    "tides": (0.05, 0, "0.01–0.05 · 0 doubtful (0.050)"),
    "quiet": (0.0, 1_204, "0.00 · 1,204 doubtful (0.000)"),
}


def _project(tmp_path: Path, folder: Path) -> tuple[Path, dict[str, int]]:
    path = tmp_path / "p.db"
    with Project.open(path) as proj:
        ids = {title: proj.add_article(Article(None, f"The {title} story, as the mayor said.", title=title))[0].id
               for title in ROWS}
        uncertainty_cache.store_scores(proj, f"trained 7 | {folder}", {ids[t]: ROWS[t][0] for t in ROWS},
                                       {ids[t]: ROWS[t][1] for t in ROWS})
    return path, ids


def test_next_prints_the_windows_band_words_and_the_score_in_brackets(tmp_path: Path, seam) -> None:  # noqa: ANN001, F811
    folder = tmp_path / "trained-pipeline"
    folder.mkdir()
    path, ids = _project(tmp_path, folder)
    ran = CliRunner().invoke(cli, ["next", str(path)])
    assert ran.exit_code == 0, ran.output
    lines = ran.stdout.splitlines()
    assert lines[0].split() == ["id", "uncertainty", "(score)", "title"]
    # most uncertain first: by band, then doubtful decisions
    printed = {line.split()[-1]: line for line in lines[1:]}
    assert [line.split()[-1] for line in lines[1:]] == ["ferry", "harbour", "tides", "quiet"]
    for title, (_score, _n, words) in ROWS.items():
        line = printed[title]
        assert line.split()[0] == str(ids[title])
        assert f"  {words}  " in f"{line}  ", line
    # one column: every title starts where the header's does
    assert len({line.index(line.split()[-1]) for line in lines[1:]} | {lines[0].index("title")}) == 1


def test_the_window_row_and_next_share_one_function() -> None:
    from annotator.ui.article_list import row_unsure

    class Model:
        uncertainty = {1: 0.4731, 2: 0.47}
        doubtful = {1: 3}

    assert row_unsure(Model(), 1) == "uncertainty 0.46–0.50 · 3 doubtful" == f"uncertainty {uncertainty_words(0.4731, 3)}"
    assert next_words(0.4731, 3) == "0.46–0.50 · 3 doubtful (0.473)"
    # a score stored without a count: two decimals, in the list and in `next` alike
    assert row_unsure(Model(), 2) == "uncertainty 0.47" and next_words(0.47, None) == "0.47 (0.470)"
    assert next_words(None, None) == "not scored" and row_unsure(Model(), 3) == ""
