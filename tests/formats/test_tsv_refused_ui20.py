"""usertest19 L6: a ``.tsv`` file was refused as "cannot tell the format from the name (.tsv);
pass --format …", and ``--format csv`` then said to save it as comma-separated. It is refused
at once by its name with the way to import it (exit 1, no project written); in the window the
same line. Made-up rows."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.domain.errors import InputError
from annotator.storage.project import Project
from annotator.ui.transfer import import_job

ROWS = "id\ttext\n1\tThe harbour board said the ferry would run again in spring.\n"


@pytest.mark.parametrize("name", ["articles.tsv", "ARTICLES.TSV", "articles.tab"])
def test_a_tab_separated_file_is_refused_with_the_way_to_import_it(tmp_path: Path, name: str) -> None:
    source = tmp_path / name
    source.write_text(ROWS, encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(tmp_path / "p.db"), str(source)])
    said = result.output + (result.stderr or "")
    assert result.exit_code == 1, said
    assert "is tab-separated values (TSV)" in said and "save it as comma-separated values (CSV UTF-8)" in said, said
    assert "cannot tell the format" not in said and "Traceback" not in said
    assert not (tmp_path / "p.db").exists()


def test_the_windows_import_says_the_same(tmp_path: Path) -> None:
    project = tmp_path / "p.db"
    Project.open(project).close()
    source = tmp_path / "articles.tsv"
    source.write_text(ROWS, encoding="utf-8")
    with pytest.raises(InputError, match=r"is tab-separated values \(TSV\)"):
        import_job(project, [source], by="")(lambda *_: None, lambda: False)
