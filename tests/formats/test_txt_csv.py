from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from annotator.domain.errors import InputError
from annotator.formats import csvfmt
from annotator.formats.stream import iter_bundles
from annotator.storage.project import Project
from tests.formats.conftest import UNICODE_TEXT
from tests.formats.helpers import import_paths


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        (b"\xef\xbb\xbfTitle\r\nBody\r\n", "Title\r\nBody\r\n"),  # BOM dropped, CRLF kept
        ("Line\u00a0one\n\n  indented\t\n".encode(), "Line\u00a0one\n\n  indented\t\n"),  # whitespace kept
        (UNICODE_TEXT.encode(), UNICODE_TEXT),
        (b"Old \x93quote\x94", None),  # needs --encoding
        ("\ufeffNotepad \U0001f600\r\n".encode("utf-16-le"), "Notepad \U0001f600\r\n"),  # UTF-16 BOM: read as UTF-16
        ("\ufeffBig end\n".encode("utf-16-be"), "Big end\n"),
    ],
)
def test_txt_text_is_stored_exactly(project: Project, tmp_path: Path, raw: bytes, stored: str | None) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(raw)
    if stored is None:
        with pytest.raises(InputError, match="--encoding"):
            import_paths(project, path)
        result = import_paths(project, path, encoding="cp1252").result
        assert project.article(result.article_ids[0]).text == "Old \u201cquote\u201d"
        return
    result = import_paths(project, path).result
    article = project.article(result.article_ids[0])
    assert article.text == stored
    assert article.meta["_import"]["file"] == "a.txt"  # fix41: provenance under _import


def test_folder_of_txt_with_title(project: Project, tmp_path: Path) -> None:
    for n in range(3):
        (tmp_path / f"{n}.txt").write_text(f"Headline {n}\nBody of article {n}.\n", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("secret", encoding="utf-8")
    result = import_paths(project, tmp_path).result
    assert result.added == 3
    assert [project.article(i).title for i in result.article_ids] == ["Headline 0", "Headline 1", "Headline 2"]


def test_same_text_twice_is_one_article(project: Project, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Same text.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Same text.", encoding="utf-8")
    result = import_paths(project, tmp_path).result
    assert (result.added, result.duplicates, result.repeats, project.count_articles()) == (1, 0, 1, 1)  # fix11u
    assert import_paths(project, tmp_path / "a.txt").result.added == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "is empty"), (b"   \n", "is empty"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "binary"), (b"caf\xe9", "cannot be read as utf-8")],
)
def test_bad_txt(project: Project, tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        import_paths(project, path)


def write_csv(path: Path, header: list[str], rows: list[list[str]], encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.mark.parametrize("column", ["articleBody", "text", "body", "Content"])
def test_csv_text_column_detected(project: Project, tmp_path: Path, column: str) -> None:
    path = write_csv(tmp_path / "a.csv", ["Body ID", column], [["7", "First line\r\nsecond, with comma"]])
    result = import_paths(project, path).result
    article = project.article(result.article_ids[0])
    assert article.text == "First line\r\nsecond, with comma"
    assert article.meta["Body ID"] == "7"


def test_csv_named_text_column_and_article_fields(project: Project, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", ["id", "story_text", "title", "url"], [["1", "Body.", "A title", "https://x.org"]])
    with pytest.raises(InputError, match="--text-column"):
        import_paths(project, path)
    result = import_paths(project, path, text_column="story_text").result
    article = project.article(result.article_ids[0])
    assert (article.title, article.url, article.meta["id"]) == ("A title", "https://x.org", "1")


def test_csv_huge_field(project: Project, tmp_path: Path) -> None:
    big = "word " * 100_000
    path = write_csv(tmp_path / "big.csv", ["text"], [[big]])
    assert project.article(import_paths(project, path).result.article_ids[0]).text == big


@pytest.mark.parametrize(
    ("raw", "message", "line"),
    [
        (b"id,text\n1,ok\n2,caf\xe9\n", "cannot be read as utf-8", 3),
        (b"id,words\n1,ok\n", "no obvious text column", 1),
        (b"", "is empty", None),
        (b"id,text\n", "no rows", None),
        (b"id,text\n1,ok\n2,ok,extra\n", "fields where the header has", 3),
    ],
)
def test_bad_csv(project: Project, tmp_path: Path, raw: bytes, message: str, line: int | None) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(raw)
    with pytest.raises(InputError, match=message) as info:
        import_paths(project, path)
    assert info.value.line == line
    assert project.count_articles() == 0


@pytest.mark.parametrize("cell", ["=1+1", "+cmd", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_csv_export_neutralises_formulas(cell: str) -> None:
    assert csvfmt.safe_cell(cell) == "'" + cell


def test_csv_export_row_per_span_with_speaker_and_cue(filled: Project) -> None:
    out = io.StringIO()
    report = csvfmt.write(iter_bundles(filled), out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert report.spans == len(rows) == 8
    quote = next(r for r in rows if r["label"] == "QUOTE")
    assert (quote["text"], quote["speaker"], quote["cue"]) == ("Ni hao 北京", "Müller", "said")
    assert any(r["text"] == "owner\u00a0Ana" for r in rows)


def test_csv_export_reports_what_it_cannot_hold(filled: Project) -> None:
    report = csvfmt.write(iter_bundles(filled), io.StringIO())
    assert (report.articles, report.spans, report.relations) == (3, 8, 2)  # the unicode article's SPEAKER and CUE links
    assert report.left_out == {
        "stances: CSV has one row per span; use jsonl": 1,
        "article tags: CSV has one row per span; use jsonl": 1,
        "articles' meta, publisher, url, published and status (rows hold the article id and title): CSV has one row per span; use jsonl": 3,
    }
    assert report.notes()[0] == "left out: 1 × stances: CSV has one row per span; use jsonl"


@pytest.mark.parametrize(("sep", "name"), [(";", "semicolons"), ("\t", "tabs"), ("|", "vertical bars")])
def test_a_file_separated_otherwise_is_refused_naming_the_separator_also_with_text_column(tmp_path, sep, name) -> None:  # noqa: ANN001
    """usertest18 M2: an Excel-in-Europe ';' file was 'no obvious text column', and --text-column
    'id;text' then imported '1;"Semi; colon separated."' as the article's text (exit 0)."""
    from click.testing import CliRunner

    from annotator.cli import cli

    path = tmp_path / "semi.csv"
    path.write_text(f'id{sep}text\n1{sep}"Semi{sep} separated words."\n', encoding="utf-8")
    for extra in ([], ["--text-column", f"id{sep}text"]):
        db = tmp_path / f"s{len(extra)}.db"
        ran = CliRunner().invoke(cli, ["import", str(db), str(path), *extra])
        assert ran.exit_code == 1, ran.output
        assert f"semi.csv:1: is separated by {name}, not commas" in ran.output + ran.stderr
        assert "save it as comma-separated values (CSV UTF-8)" in ran.output + ran.stderr
        assert not db.exists() or _article_count(db) == 0


def _article_count(db) -> int:  # noqa: ANN001
    from annotator.storage.project import Project

    with Project.open(db, create=False) as proj:
        return proj.db.execute("SELECT count(*) FROM articles").fetchone()[0]
