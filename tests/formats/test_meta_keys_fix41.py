"""fix41 (usertest29 H1): an import never overwrites the user's own meta fields with its provenance.

A CSV with its own ``file`` and ``row`` columns lost them to the importer's file name and line
(``{"file": "cols.csv", "row": 2}``). Every importer now puts what it writes of its own under
``meta["_import"]`` and keeps every user field under its own name; a user field named ``_import``
is refused with a line. Projects imported before keep the old top-level keys and are read as
before (the "old project" guards below pass on main too: they keep the fallback honest).
Invented texts only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.domain.errors import InputError
from annotator.domain.model import Article
from annotator.formats import brat, plain_import
from annotator.storage.project import Project
from tests.formats.helpers import export_jsonl, import_paths, records

BODY = "An invented body. The council said the bridge would reopen in May."


def _meta(project: Project) -> list[dict]:
    return [json.loads(m) for (m,) in project.db.execute("SELECT meta FROM articles ORDER BY id")]


@pytest.mark.parametrize(("suffix", "rows_way"), [(".csv", False), (".csv", True), (".tsv", False)],
                         ids=["csv-general", "csv-rows", "tsv"])  # the rows way (import12k) reads CSV only
def test_a_table_keeps_the_users_file_and_row_columns(project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       rows_way: bool, suffix: str) -> None:
    sep = "\t" if suffix == ".tsv" else ","
    path = tmp_path / f"cols{suffix}"
    path.write_text(sep.join(["file", "row", "text"]) + "\n" + sep.join(["mine.csv", "77", f'"{BODY}"' if sep == "," else BODY]) + "\n",
                    encoding="utf-8")
    monkeypatch.setattr(plain_import, "applies", lambda *a: rows_way)
    import_paths(project, path)
    (meta,) = _meta(project)
    assert meta == {"file": "mine.csv", "row": "77", "_import": {"file": f"cols{suffix}", "row": 2}}


def test_the_cli_line_of_the_report_keeps_mine_csv_and_77(tmp_path: Path) -> None:
    """usertest29 H1, the tester's own command."""
    source = tmp_path / "cols.csv"
    source.write_text('file,row,text\nmine.csv,77,"An invented body."\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(tmp_path / "cols.db"), str(source)])
    assert result.exit_code == 0, result.output
    with Project.open(tmp_path / "cols.db") as project:
        (meta,) = _meta(project)
    assert meta["file"] == "mine.csv" and meta["row"] == "77" and meta["_import"] == {"file": "cols.csv", "row": 2}


@pytest.mark.parametrize("rows_way", [False, True], ids=["general", "rows"])
def test_a_column_named_like_the_reserved_key_is_refused_with_a_line(project: Project, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch, rows_way: bool) -> None:
    path = tmp_path / "clash.csv"
    path.write_text(f'_import,text\nmine,"{BODY}"\n', encoding="utf-8")
    monkeypatch.setattr(plain_import, "applies", lambda *a: rows_way)
    with pytest.raises(InputError) as caught:
        import_paths(project, path)
    assert str(caught.value).startswith(f"{path}:1: ") and "'_import'" in str(caught.value) and "rename the column" in str(caught.value)
    assert _meta(project) == []


def test_jsonl_export_carries_the_users_columns_out_unchanged_and_back_in(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "cols.csv"
    path.write_text(f'file,row,id,text\nmine.csv,77,A-1,"{BODY}"\n', encoding="utf-8")
    import_paths(project, path)
    (record,) = records(export_jsonl(project))
    assert record["meta"] == {"file": "mine.csv", "row": "77", "id": "A-1", "_import": {"file": "cols.csv", "row": 2}}
    again = tmp_path / "again.jsonl"
    again.write_text(json.dumps(record) + "\n", encoding="utf-8")
    with Project.open(tmp_path / "second.db") as second:
        import_paths(second, again)
        (meta,) = _meta(second)
    assert meta == record["meta"]  # the re-import reads the provenance back where it was, the user's keys as they were


@pytest.mark.parametrize(("meta", "stem", "loses"), [
    ({"file": "mine.csv", "row": "77", "_import": {"file": "cols.csv", "row": 2}}, "000007-cols", True),  # fix41's shape
    ({"_import": {"file": "a.txt"}}, "000007-a", False),
    ({"file": "old.txt", "ann": "old.ann"}, "000007-old", False),  # an old project: the legacy keys are provenance
    ({"file": "old.csv", "row": 3, "source": "wire"}, "000007-old", True),
])
def test_brat_names_files_by_the_provenance_and_says_the_users_meta_is_lost(meta: dict, stem: str, loses: bool) -> None:
    from annotator.formats.brat_write import loses_article_fields

    article = Article(id=7, text="An invented line.", meta=meta)
    assert brat.file_stem(article, set()) == stem
    assert loses_article_fields(article) is loses


def test_txt_brat_and_conll_write_their_provenance_under_import(project: Project, tmp_path: Path) -> None:
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "note.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "pair.txt").write_text("Ana Vell said it rained.", encoding="utf-8")
    (tmp_path / "b" / "pair.ann").write_text("T1\tPERSON 0 8\tAna Vell\n", encoding="utf-8")
    (tmp_path / "news.conll").write_text("-DOCSTART- -X- O O\n\nMara NNP I-NP B-PER\nsang VBD I-VP O\n", encoding="utf-8")
    import_paths(project, tmp_path / "t" / "note.txt")
    import_paths(project, tmp_path / "b")
    import_paths(project, tmp_path / "news.conll")
    assert _meta(project) == [{"_import": {"file": "note.txt"}}, {"_import": {"file": "pair.txt", "ann": "pair.ann"}},
                              {"_import": {"file": "news.conll", "document": 1}}]


def test_label_studio_keeps_a_tasks_own_key_of_the_importers_name(project: Project, tmp_path: Path) -> None:
    from tests.formats.test_doccano_labelstudio import ls_task, write_json

    import_paths(project, write_json(tmp_path / "ls.json", ls_task(labelstudio_annotations="the task's own")))
    (meta,) = _meta(project)
    assert meta["labelstudio_annotations"] == "the task's own"
    assert meta["_import"]["labelstudio_annotations"][0]["id"] == 9  # Label Studio's annotation, kept apart
    with pytest.raises(InputError, match="'_import'"):
        import_paths(project, write_json(tmp_path / "clash.json", ls_task(_import="mine")))


def test_the_article_list_and_search_name_an_untitled_row_by_the_provenance(project: Project) -> None:
    """A user's ``file`` column is not the file the row came from; an old project's ``file`` is."""
    new = project.add_article(Article(None, BODY, title="", meta={"file": "mine.csv", "_import": {"file": "cols.csv", "row": 2}}))[0].id
    txt = project.add_article(Article(None, "Another invented text.", title="", meta={"file": "mine.txt", "_import": {"file": "n.txt"}}))[0].id
    old = project.add_article(Article(None, "A third invented text.", title="", meta={"file": "old.txt"}))[0].id
    old_row = project.add_article(Article(None, "A fourth invented text.", title="", meta={"file": "old.csv", "row": 9}))[0].id
    got = {s.id: (s.file, s.opening) for s in project.article_summaries([new, txt, old, old_row])}
    assert got[txt] == ("n.txt", "")
    assert got[new][0] == "cols.csv" and got[new][1].startswith("An invented body")
    assert got[old] == ("old.txt", "") and got[old_row][0] == "old.csv" and got[old_row][1].startswith("A fourth")
