"""usertest23 M3: a folder of brat/txt articles with a metadata table beside them (PolNeAR's
polnear-train/: attributions/, text/, metadata.tsv) imports its articles; the table, which has no
text column, is left out with one note, and a table file named alone still fails as before."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from annotator.cli import cli
from annotator.storage.project import Project

TEXT = "Mara Quist said the bridge would open in spring.\n"
NOTE = "metadata.tsv: no text column, not read as articles (a table beside the folder's article files)"


def corpus(root: Path) -> Path:
    """root/attributions/a.ann + a.txt, and root/metadata.tsv (no text column)."""
    (root / "attributions").mkdir(parents=True)
    (root / "attributions" / "a.ann").write_text("T1\tSource 0 10\tMara Quist\n", encoding="utf-8")
    (root / "attributions" / "a.txt").write_text(TEXT, encoding="utf-8")
    (root / "metadata.tsv").write_text("compartment\tfilename\tpublisher\ntrain\ta\tdaily\n", encoding="utf-8")
    return root


def test_cli_folder_import_leaves_the_metadata_table_out_with_a_note(tmp_path: Path) -> None:
    root = corpus(tmp_path / "polnear")
    db = tmp_path / "p.db"
    result = CliRunner().invoke(cli, ["import", str(db), str(root)])
    assert result.exit_code == 0, result.output
    assert f"{root / 'metadata.tsv'}: {NOTE.split(': ', 1)[1]}" in result.output
    with Project.open(db) as project:
        assert len(list(project.articles())) == 1
        assert [s.label for s in project.spans(next(iter(project.articles())).id)] == ["Source"]


def test_cli_table_named_alone_still_fails(tmp_path: Path) -> None:
    root = corpus(tmp_path / "polnear")
    result = CliRunner().invoke(cli, ["import", str(tmp_path / "q.db"), str(root / "metadata.tsv")])
    assert result.exit_code != 0
    assert "has no obvious text column" in result.output + result.stderr


def test_cli_folder_table_with_a_text_column_is_still_read(tmp_path: Path) -> None:
    root = corpus(tmp_path / "polnear")
    (root / "more.tsv").write_text("id\ttext\n1\tJon Palo told us the ferry was late.\n", encoding="utf-8")
    db = tmp_path / "p.db"
    result = CliRunner().invoke(cli, ["import", str(db), str(root)])
    assert result.exit_code == 0, result.output
    assert "more.tsv: no text column" not in result.output
    with Project.open(db) as project:
        assert len(list(project.articles())) == 2


def test_window_folder_import_does_the_same(tmp_path: Path) -> None:
    from annotator.ui import transfer

    root = corpus(tmp_path / "polnear")
    db = tmp_path / "p.db"
    Project.open(db, create=True).close()
    report = transfer.import_job(db, [root], by="ana")(lambda *a: None, lambda: False)
    assert report.result.added == 1
    assert report.passed_over == [f"{root / 'metadata.tsv'}: {NOTE.split(': ', 1)[1]}"]
