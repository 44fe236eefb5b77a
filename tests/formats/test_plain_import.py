"""CSV rows imported as rows (issue 12, import12k: annotator.formats.plain_import).

The rows' way must leave the project as the general way (bundles through
``Project.import_bundles``) leaves it: the same article rows, change-log rows, result and report,
the same error (file:line, message) for every bad row, with and without --skip-errors, nothing
written on an error; in one process and in two. The general way is what ``applies`` returning
False runs. And ``annotator import`` into a new project writes it with a rollback journal and
leaves it in WAL."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.domain.errors import InputError
from annotator.domain.model import text_hash
from annotator.domain.words import word_count
from annotator.formats import import_pool, import_sources, plain_import, plan
from annotator.formats.common import ImportOptions
from annotator.storage.project import Project


def _text(n: int) -> str:
    """A made-up article (no corpus text): a short first line, then words with some non-ASCII ones."""
    body = " ".join(("council", "vote", "Zürich", "budget", "«on»", "café", "growth", "tax\u00a0rate")[(n + k) % 8] for k in range(30))
    return f"Notice {n}\n{body} ({n})."


def _write(path: Path, header: list[str], rows: list[list[str]], encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="", errors="surrogatepass") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _rows(n: int) -> list[list[str]]:
    """``id, title, text, url, note``: some titles empty (guessed from the text), every 7th row a
    copy of an earlier one (another title, or none), a comma, quotes, a newline in a note."""
    rows = []
    for k in range(n):
        text = _text(k - 3 if k % 7 == 6 else k)
        title = "" if k % 3 == 0 else f"Title {k}"
        rows.append([str(k), title, text, f"https://example.org/{k}", f'note "{k}", line\nand more' if k % 5 == 0 else ""])
    return rows


def _dump(path: Path) -> dict[str, object]:
    """Everything the import wrote, without the clock's values and the random edit ids."""
    conn = sqlite3.connect(path)
    try:
        q = conn.execute
        edits = [e for (e,) in q("SELECT edit FROM changes ORDER BY id")]
        assert len(set(edits)) == len(edits) and all(len(e) == 32 for e in edits)  # one edit a row, as uuid4().hex
        return {
            "articles": q("SELECT id, text, text_hash, title, publisher, url, published, meta, status, words, added = updated "
                          "FROM articles ORDER BY id").fetchall(),
            "log": q('SELECT "by", action, kind, record_id, article_id, before, after FROM changes ORDER BY id').fetchall(),
            "pending": q("SELECT value FROM project WHERE key = 'fts_pending'").fetchall(),
            "indexed": q("SELECT count(*) FROM articles_fts_docsize").fetchall(),
            "types": q("SELECT DISTINCT typeof(text) FROM articles").fetchall(),  # import13: bytes are stored as text
        }
    finally:
        conn.close()


def _import(path: Path, sources: list[Path], monkeypatch: pytest.MonkeyPatch, *, rows_way: bool, processes: str = "1",
            index_later: bool = False, **kw: object):
    monkeypatch.setenv(import_pool.ENV, processes)
    if not rows_way:
        monkeypatch.setattr(plain_import, "applies", lambda *a: False)
    try:
        with Project.open(path) as project:
            return import_sources(project, plan(sources), ImportOptions(schema=project.schema, **kw.pop("options", {})),
                                  by="ana", index_later=index_later, **kw)
    finally:
        monkeypatch.undo()


def _both(tmp_path: Path, sources: list[Path], monkeypatch: pytest.MonkeyPatch, *, before: list[Path] = (), processes: str = "1",
          **kw: object):
    """The report and the project of each way, the project holding ``before`` first."""
    out = []
    for name, rows_way in (("general", False), ("rows", True)):
        path = tmp_path / f"{name}.db"
        for source in before:
            _import(path, [source], monkeypatch, rows_way=False)
        try:
            report = _import(path, sources, monkeypatch, rows_way=rows_way, processes=processes, **kw)
        except InputError as exc:
            report = exc
        out.append((report, _dump(path)))
    return out


def _same_report(general, rows) -> None:
    if isinstance(general, InputError):
        assert isinstance(rows, InputError) and str(rows) == str(general)
        return
    assert rows.result == general.result
    assert [str(e) for e in rows.skipped] == [str(e) for e in general.skipped]
    assert (rows.copies, rows.left_out, rows.files) == (general.copies, general.left_out, general.files)
    assert rows.duplicate_ids == general.duplicate_ids  # fix30


@pytest.mark.parametrize("processes", ["1", "2"])
def test_rows_store_what_bundles_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, processes: str) -> None:
    a = _write(tmp_path / "a.csv", ["id", "Title", "articleBody", "url", "note"], _rows(3 * import_pool.BATCH + 11))
    b = _write(tmp_path / "b.csv", ["headline", "text", "Publisher", "published"],
               [["", _text(k), "The Paper", "2024-01-0" + str(k % 9 + 1)] for k in range(0, 40, 2)])  # a's texts again
    (general, stored), (rows, stored_rows) = _both(tmp_path, [a, b], monkeypatch, processes=processes)
    _same_report(general, rows)
    assert stored_rows == stored
    assert rows.result.added > 500 and rows.result.repeats > 60 and len(rows.copies) == rows.result.repeats  # it compared something
    assert stored["indexed"] == [(rows.result.added,)]
    assert all(words == word_count(text) for _, text, _, _, _, _, _, _, _, words, _ in stored["articles"])


def test_index_later_notes_the_same_ids(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    a = _write(tmp_path / "a.csv", ["id", "text"], [[str(k), _text(k)] for k in range(30)])
    (general, stored), (rows, stored_rows) = _both(tmp_path, [a], monkeypatch, before=[_write(tmp_path / "first.csv", ["text"], [[_text(5)]])],
                                                   index_later=True)
    _same_report(general, rows)
    assert stored_rows == stored and stored["pending"] == [("[[2, 30]]",)] and rows.result.duplicates == 1


BAD_ROWS = {
    "field count": ["1", "2"],
    "blank text": ["x", "  \u200b\ufeff ", "u"],
    "NUL in the text": ["x", "some\x00text\nmore", "u"],
    "NUL in a meta cell": ["x\x00y", _text(90), "u"],
    "NUL in the title": ["x", _text(91), "u\x00"],
}


@pytest.mark.parametrize("processes", ["1", "2"])
@pytest.mark.parametrize("kind", sorted(BAD_ROWS))
@pytest.mark.parametrize("skip_errors", [False, True])
def test_a_bad_row_is_the_same_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str, skip_errors: bool,
                                     processes: str) -> None:
    rows = [[str(k), _text(k), ""] for k in range(60)]
    rows.insert(50, BAD_ROWS[kind])  # past the first 8 KB, where a NUL byte makes the whole file "binary"
    source = _write(tmp_path / "a.csv", ["id", "text", "title"], rows)
    (general, stored), (got, stored_rows) = _both(tmp_path, [source], monkeypatch, before=[_write(tmp_path / "first.csv", ["text"], [[_text(500)]])],
                                                  processes=processes, skip_errors=skip_errors)
    _same_report(general, got)
    assert stored_rows == stored
    if skip_errors:
        assert len(got.skipped) == 1 and got.result.added == 60
    else:
        assert isinstance(got, InputError) and f"{source}:" in str(got)
        assert len(stored["articles"]) == 1  # nothing written but the article there before


@pytest.mark.parametrize("skip_errors", [False, True])
def test_a_lone_surrogate_is_the_same_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, skip_errors: bool) -> None:
    # UTF-7 decodes "+2D0-" to a lone surrogate: the one way a decoded CSV holds one
    source = tmp_path / "a.csv"
    source.write_bytes(b"id,text\r\n1,first text\r\n2,a +2D0- text\r\n3,third text\r\n")
    (general, stored), (got, stored_rows) = _both(tmp_path, [source], monkeypatch, skip_errors=skip_errors, options={"encoding": "utf-7"})
    _same_report(general, got)
    assert stored_rows == stored
    error = got.skipped[0] if skip_errors else got
    assert str(error).startswith(f"{source}:3: ") and "surrogate" in str(error)


# (["id", "id", "text"] was one: a repeated name is refused now, usertest18 L5; blank names may repeat;
# ["file", "text", "id"] was one until fix41: a "file" column is the user's own meta key now, placed as any other)
@pytest.mark.parametrize("header", [["title", "headline", "text"], ["", "", "text"]])
def test_layouts_that_place_fields_by_value_go_the_general_way(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                               header: list[str]) -> None:
    cells = [[_text(k) if name == "text" else (f"{name} {k}" if (k + i) % 2 else "") for i, name in enumerate(header)] for k in range(12)]
    source = _write(tmp_path / "a.csv", header, cells)
    assert not plain_import._Layout(header, header.index("text"), source).fast
    (general, stored), (rows, stored_rows) = _both(tmp_path, [source], monkeypatch)
    _same_report(general, rows)
    assert stored_rows == stored and rows.result.added == 12


def test_the_meta_json_is_the_encoders(tmp_path: Path) -> None:
    import json

    encode = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode
    header = ["z", "A b", "{x}", 'q"u', "é\u2028", "text", "Title"]
    layout = plain_import._Layout(header, 5, tmp_path / "{odd} name.csv")
    assert layout.fast
    row = ['{"a": 1}', "\\", "{}", "\u2028\t", "😀", _text(1), ""]
    made = layout.row(row, 41)
    meta = {h: v for h, v in zip(header, row) if h not in ("text", "Title")} | {"_import": {"file": "{odd} name.csv", "row": 41}}
    assert made is not None and made[5] == encode(meta) and made[1] == "Notice 1"
    text = _text(1)
    assert made[0] == text.encode("utf-8") and "\xa0" in text and made[6] == len(text.split())  # a wide space: counted here
    done = plain_import.finished(made)
    assert done[0] == made[0] and done[1] == text_hash(text) and done[7] == len(text.split())


def test_a_read_row_is_finished_with_its_hash_and_words(tmp_path: Path) -> None:
    """The reading sends the text as UTF-8 bytes; the hash and (without a wide space) the word
    count are made in the writing process (import13), the same as the general import's."""
    header = ["id", "text"]
    layout = plain_import._Layout(header, 1, tmp_path / "a.csv")
    for text in ["Plain words\nand a\x1csecond line", "Zürich’s “café” — tea\ttime 😄", "no\u2003em space"]:
        made = layout.row(["7", text], 2)
        assert made is not None and made[0] == text.encode("utf-8")
        assert made[6] == (len(text.split()) if "\u2003" in text else None)
        done = plain_import.finished(made)
        assert done == (text.encode("utf-8"), text_hash(text), made[1], "", "", "", made[5], len(text.split()))


def test_a_new_project_is_written_with_a_rollback_journal_and_left_in_wal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = _write(tmp_path / "a.csv", ["text"], [[_text(k)] for k in range(25)])
    seen: list[str] = []
    real = Project.import_plain_articles

    def spy(self, *a, **kw):
        seen.append(self.db.execute("PRAGMA journal_mode").fetchone()[0])
        return real(self, *a, **kw)

    monkeypatch.setattr(Project, "import_plain_articles", spy)
    project = tmp_path / "new.db"
    result = CliRunner().invoke(cli, ["import", str(project), str(source)])
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(cli, ["import", str(project), str(_write(tmp_path / "b.csv", ["text"], [[_text(99)]]))])
    assert result.exit_code == 0, result.output
    assert seen == ["delete", "wal"]  # the existing project keeps its write-ahead log
    conn = sqlite3.connect(project)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 26
    assert not Path(f"{project}-journal").exists()


def test_the_rollback_journal_is_not_taken_while_another_connection_reads(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    with Project.open(path) as project:
        other = sqlite3.connect(path)
        other.execute("SELECT count(*) FROM articles").fetchone()  # another connection, open in WAL
        with project.rollback_journal() as switched:
            assert not switched and project.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        other.close()
        with project.rollback_journal() as switched:
            assert switched and project.db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert project.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_failed_import_into_a_new_project_leaves_no_file(tmp_path: Path) -> None:
    source = _write(tmp_path / "a.csv", ["id", "text"], [["1", _text(1)], ["2"]])
    project = tmp_path / "new.db"
    result = CliRunner().invoke(cli, ["import", str(project), str(source)])
    assert result.exit_code == 1 and "has 1 fields where the header has 2" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv"]


def test_a_spawned_reading_process_sends_the_same_rows(tmp_path: Path) -> None:
    """The window imports in a worker thread: there the child is spawned (imports, pickled sources)."""
    import multiprocessing

    rows = _rows(import_pool.BATCH + 3)
    rows.insert(40, ["1", "2"])  # a bad row among them
    sources = plan([_write(tmp_path / "a.csv", ["id", "Title", "articleBody", "url", "note"], rows)])
    options = ImportOptions()
    sent = [entry for batch in import_pool.read_plain(sources, options, method="spawn") for entry in batch]
    here = list(plain_import.entries(sources, options))
    assert [(n, line, str(made) if line is None else made) for n, line, made in sent] == \
           [(n, line, str(made) if line is None else made) for n, line, made in here]
    assert len(here) == import_pool.BATCH + 4 and sum(line is None for _, line, _ in here) == 1
    assert not multiprocessing.active_children()


def test_which_imports_go_the_rows_way(tmp_path: Path) -> None:
    from annotator.formats import Source

    a = _write(tmp_path / "a.csv", ["text"], [[_text(1)]])
    (tmp_path / "b.txt").write_text(_text(2), encoding="utf-8")
    options = ImportOptions()
    assert plain_import.applies(plan([a]), options, "")
    assert not plain_import.applies(plan([a]), options, "ana")  # into an analyst's layer
    assert not plain_import.applies(plan([a]), ImportOptions(analyst_from_filename=True), "")
    assert not plain_import.applies(plan([a, tmp_path / "b.txt"]), options, "")  # a text file among them
    assert not plain_import.applies([Source(a, "csv", lambda o: iter(()))], options, "")  # a reader of the caller's own
    assert not plain_import.applies([], options, "")


def test_the_log_numbers_each_row_of_the_import_in_order(tmp_path: Path) -> None:
    """Each row's log row: the import's edit prefix and the row's number (1, 2, … across
    batches), its article, new or not; a batch of new articles has its log rows made by SQLite
    (import13), a batch with an article met before has them made here: the same rows."""
    def row(n: int) -> tuple[object, ...]:
        text = _text(n)
        return (text.encode("utf-8") if n % 2 else text, text_hash(text), f"T{n}", "", "", "", "{}", word_count(text))

    with Project.open(tmp_path / "p.db") as project:
        project.import_plain_articles([[row(100), row(101)]], by="ana", origin="import csv")
        batches = [[row(1), row(2), row(3)], [row(4), row(101), row(5)], [row(6), row(6)], [row(7)]]
        result = project.import_plain_articles(batches, by="bo", origin="import csv")
        assert (result.added, result.duplicates, result.repeats) == (7, 1, 1)
        assert result.article_ids == (3, 4, 5, 6, 2, 7, 8, 8, 9)
        log = project.db.execute('SELECT "by", edit, action, kind, record_id, article_id, before, after FROM changes '
                                 "WHERE \"by\" = 'bo' ORDER BY id").fetchall()
        stored = project.db.execute("SELECT id, typeof(text), text FROM articles WHERE id > 2 ORDER BY id").fetchall()
    assert len({edit[:20] for _, edit, *_ in log}) == 1
    assert [int(edit[20:], 16) for _, edit, *_ in log] == list(range(1, 10))
    new, old = '{"new_article": true}', '{"new_article": false}'
    assert [(by, action, kind, record, article, before, after) for by, _, action, kind, record, article, before, after in log] == [
        ("bo", "import csv: 0 spans, 0 relations", "import", str(a), a, None, old if k in (4, 7) else new)
        for k, a in enumerate(result.article_ids)]
    assert stored == [(a, "text", _text(n)) for a, n in zip(range(3, 10), (1, 2, 3, 4, 5, 6, 7))]


def test_into_a_new_project_copies_are_found_without_a_query_per_batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """import17: into a project without articles every copy is one of this import's own rows, so
    its id comes from the import's own map; a project with articles is still asked per batch."""
    a = _write(tmp_path / "a.csv", ["id", "Title", "articleBody", "url", "note"], _rows(2 * plain_import.BATCH + 30))
    monkeypatch.setenv(import_pool.ENV, "1")
    for before, asked in (([], False), ([a], True)):
        path = tmp_path / f"p{len(before)}.db"
        for source in before:
            _import(path, [source], monkeypatch, rows_way=True)
        monkeypatch.setenv(import_pool.ENV, "1")
        statements: list[str] = []
        with Project.open(path) as project:
            project.db.conn.set_trace_callback(statements.append)
            report = import_sources(project, plan([a]), ImportOptions(schema=project.schema), by="ana")
        assert any("text_hash IN" in s for s in statements) == asked
        expected_new = 0 if before else report.result.added
        assert report.result.added == expected_new and report.result.repeats > 100
        assert report.result.added + report.result.duplicates + report.result.repeats == 2 * plain_import.BATCH + 30
