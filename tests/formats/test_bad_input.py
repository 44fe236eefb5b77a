"""Bad input of every kind (issue 8): the CLI prints exactly one line naming file:line and what to
do, exits 1, and the project file is byte for byte as it was. Never a traceback, never a silent
drop or change. Each row of ``CASES`` is an input that used to crash, hang or import wrongly."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.cli import cli
from annotator.domain.model import Article, ArticleBundle
from annotator.formats.common import BLANK, MAX_JSON_DEPTH, is_blank, json_depth
from annotator.storage.project import Project

SEED = {"text": "A good article.\nAlice Smith spoke."}
NUL_HINT = "it is not text (a binary file, or a damaged export or \\u0000 escape); remove it in the source, or import the text file it came from"
DEEP = f"nests JSON values more than {MAX_JSON_DEPTH} levels deep; no annotation format needs that: flatten the record"
EMPTY_TXT = f"is empty: no article text ({BLANK}); add the article's text or remove it"
CR_ONLY = ("has CR-only line endings (Excel's \"CSV (Macintosh)\"), which would join or split rows; "
           "save it as \"CSV UTF-8 (Comma delimited)\" or convert its line endings to LF or CRLF")
ENCODING = "unknown text encoding {!r}; use a Python codec name such as utf-8, cp1252, latin-1 or utf-16"


def _write(name: str, data: bytes | str) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return path
    return make


def _fifo(folder: Path) -> Path:
    path = folder / "pipe.jsonl"
    os.mkfifo(path)
    return path


def _jsonl(record: dict) -> str:
    return json.dumps(record) + "\n"


# name → (make the input in a folder, extra CLI args, the error line after "Error: {path}")
CASES: dict[str, tuple[Callable[[Path], Path], tuple[str, ...], str]] = {
    "CSV with CR-only line endings (Excel CSV (Macintosh))": (
        _write("mac.csv", b'text,title\r"Hello world, one.",T1\r"Second article.",T2\r'), (), f":1: {CR_ONLY}"),
    "CSV with CR-only line endings, header alone on its line": (
        _write("mac2.csv", b"text\rHello there.\rSecond one.\r"), (), f":1: {CR_ONLY}"),
    "CSV with mixed line endings": (
        _write("mixed.csv", b'text,title\r\n"a b",x\r"c d",y\n'), (),
        ":2: has a carriage return (CR) outside quotes: mixed line endings; convert its line endings to LF or CRLF"),
    "CSV truncated inside a quoted field": (
        _write("cut.csv", b'text,title\n"First article.",A\n"Second article, cut off'), (),
        ":3: ends inside a quoted field (a quote is never closed: the file is truncated or a quote is unescaped); "
        "close the quote or re-export the file"),
    "CSV with text after a closing quote": (
        _write("quote.csv", b'text,title\n"He said "no" twice.",A\n'), (),
        ":2: is not valid CSV (',' expected after '\"'); check quoting in this row (a quote inside a field is written \"\")"),
    "CSV whose text cell is only a BOM": (
        _write("bom.csv", "text\n\ufeff\n"), (),
        f":2: has an empty 'text' cell ({BLANK}); add the article's text or remove the row"),
    "CSV with a NUL after the first 8 KB": (
        _write("nul.csv", b"text\n" + b"a" * 9000 + b"\x00b\n"), (), f":2: \"text\" holds a NUL character (U+0000) at character 9000: {NUL_HINT}"),
    "txt with a NUL after the first 8 KB": (
        _write("nul.txt", b"word " * 2000 + b"\nsecond line\x00\n"), (),
        f":2: \"text\" holds a NUL character (U+0000) at character 10012: {NUL_HINT}"),
    "txt that is only U+FEFF": (_write("bom.txt", "\ufeff"), (), f": {EMPTY_TXT}"),
    "txt that is only BOMs and whitespace": (_write("bom2.txt", "\ufeff\ufeff  \r\n\t"), (), f": {EMPTY_TXT}"),
    "txt that is only zero-width characters": (_write("zw.txt", "\u200b\u2060\n"), (), f": {EMPTY_TXT}"),
    "JSONL whose text is only a BOM": (
        _write("bom.jsonl", _jsonl({"text": "\ufeff \u200b"})), (),
        f":1: has an empty \"text\" ({BLANK}); add the article's text or remove the record"),
    "doccano JSON whose text is only a BOM": (
        _write("doccano.json", json.dumps([{"text": "\ufeff", "label": []}])), (),
        f":1: the article's text is empty ({BLANK}); add the article's text or remove it"),
    "JSONL with a \\u0000 escape": (
        _write("esc.jsonl", _jsonl(SEED) + _jsonl({"text": "a\u0000b"})), (),
        f":2: \"text\" holds a NUL character (U+0000) at character 1: {NUL_HINT}"),
    "JSONL with a NUL in meta": (
        _write("escmeta.jsonl", _jsonl({"text": "An article.", "meta": {"source": "x\u0000"}})), (),
        f":1: \"meta.source\" holds a NUL character (U+0000) at character 1: {NUL_HINT}"),
    "JSONL nested 100,000 levels": (
        _write("deep.jsonl", '{"text": "a", "meta": {"x": ' + "[" * 100_000 + "]" * 100_000 + "}}\n"), (), f":1: {DEEP}"),
    "JSONL nested just past the limit": (
        _write("deep2.jsonl", _jsonl(SEED) + '{"text": "a", "meta": ' + "[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH + "}\n"), (),
        f":2: {DEEP}"),
    "JSON array nested 100,000 levels": (
        _write("deep.json", "[\n" + "[" * 100_000 + "]" * 100_000 + "\n]"), (), f":2: {DEEP}"),
    "doc.tags given as a string": (
        _write("tags.jsonl", _jsonl({"text": "An article.", "doc": {"tags": "politics"}})), (),
        ":1: \"doc.tags\" must be a list, not str; fix the record"),
    "doc.stances given as a string": (
        _write("stances.jsonl", _jsonl({"text": "An article.", "doc": {"stances": "pro"}})), (),
        ":1: \"doc.stances\" must be a list, not str; fix the record"),
    "a FIFO where a file is expected": (
        _fifo, (), ": is not a regular file (a FIFO, socket or device); save the data to a file and import that"),
    "a folder where a file is expected": (
        lambda folder: (folder / "folder.jsonl").mkdir() or folder / "folder.jsonl", (),
        ": has no .txt, .jsonl, .csv, .tsv, brat .ann or CoNLL .conll/.iob files to import"),
    "JSONL with CR-only line endings": (
        _write("mac.jsonl", _jsonl(SEED).strip() + "\r" + _jsonl({"text": "Two."}).strip() + "\r"), (),
        ":1: holds more than one JSON record on one line: its line endings are CR only (old Mac); "
        "convert them to LF (one record a line)"),
    "UTF-16 JSONL without a byte-order mark": (
        _write("u16.jsonl", _jsonl({"text": "Hello there."}).encode("utf-16-le")), (),
        ": looks like UTF-16 text without a byte-order mark; pass --encoding utf-16-le"),
    "UTF-16 (big-endian) txt without a byte-order mark": (
        _write("u16.txt", "Hello there.\n".encode("utf-16-be")), (),
        ": looks like UTF-16 text without a byte-order mark; pass --encoding utf-16-be"),
    "UTF-8 CSV read as UTF-16 (odd length, no BOM)": (
        _write("odd16.csv", b"text,title\n\r\n"), ("--encoding", "utf-16"),
        ": cannot be read as utf-16 (UTF-16 stream does not start with BOM); try --encoding cp1252 (Windows), "
        "--encoding latin-1 or --encoding utf-16"),
    "txt cut inside a UTF-8 character": (
        _write("cut.txt", "Caf\u00e9 society".encode()[:4]), (),
        ":1: cannot be read as utf-8 (byte 0xc3 at offset 3); try --encoding cp1252 (Windows), --encoding latin-1 or --encoding utf-16"),
}
NO_PATH_CASES: dict[str, tuple[Callable[[Path], Path], tuple[str, ...], str]] = {
    "an unknown --encoding (CSV)": (_write("a.csv", "text\nHello.\n"), ("--encoding", "nope"), ENCODING.format("nope")),
    "a codec that is not a text encoding": (_write("a.txt", "Hello."), ("--encoding", "base64"), ENCODING.format("base64")),
    "an unknown --encoding (UTF-16 BOM txt)": (
        _write("u16.txt", "Hello.".encode("utf-16")), ("--encoding", "nope"), ENCODING.format("nope")),
}


def run(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def dump(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        return "\n".join(conn.iterdump())


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "news.db"
    seed = tmp_path / "seed.jsonl"
    seed.write_text(_jsonl(SEED), encoding="utf-8")
    assert run("import", path, seed).exit_code == 0
    return path


def _refused(db: Path, source: Path, extra: tuple[str, ...]) -> str:
    before, rows = db.read_bytes(), dump(db)
    result = run("import", db, source, *extra)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert (db.read_bytes(), dump(db)) == (before, rows)
    return result.output


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_one_exact_line_nothing_written(tmp_path: Path, db: Path, case: str) -> None:
    make, extra, message = CASES[case]
    if make is _fifo and not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this system")
    folder = tmp_path / "in"
    folder.mkdir()
    source = make(folder)
    assert _refused(db, source, extra) == f"Error: {source}{message}\n"


@pytest.mark.parametrize("case", sorted(NO_PATH_CASES))
def test_bad_option_one_exact_line_nothing_written(tmp_path: Path, db: Path, case: str) -> None:
    make, extra, message = NO_PATH_CASES[case]
    assert _refused(db, make(tmp_path), extra) == f"Error: {message}\n"


def test_the_same_inputs_are_kept_when_valid(tmp_path: Path, db: Path) -> None:
    """The refusals are not too eager: CRLF CSV, a 100-level nesting, a BOM before real text,
    UTF-16 JSONL (with a byte-order mark, or without one and --encoding)."""
    good = tmp_path / "good"
    good.mkdir()
    (good / "crlf.csv").write_bytes(b'text,title\r\n"Line one\r\nline two.",A\r\n')
    nested: object = "leaf"
    for _ in range(MAX_JSON_DEPTH - 2):  # the record and its meta are two levels
        nested = [nested]
    (good / "deep.jsonl").write_text(_jsonl({"text": "Deep meta.", "meta": {"x": nested}}), encoding="utf-8")
    (good / "bom.txt").write_bytes("\ufeff\u200bReal text.\n".encode())
    (good / "u16bom.jsonl").write_bytes((_jsonl({"text": "UTF-16 with a BOM, line one."}) + _jsonl({"text": "Line two."})).encode("utf-16"))
    (good / "u16bom.json").write_bytes(json.dumps([{"text": "UTF-16 array."}]).encode("utf-16"))
    result = run("import", db, good)
    assert result.exit_code == 0, result.output
    no_bom = tmp_path / "le.jsonl"
    no_bom.write_bytes(_jsonl({"text": "UTF-16-LE, no BOM."}).encode("utf-16-le"))
    assert run("import", db, no_bom, "--encoding", "utf-16-le").exit_code == 0
    with Project.open(db) as project:
        texts = {project.article(s.id).text for s in project.articles()}
    assert texts == {SEED["text"], "Line one\r\nline two.", "Deep meta.", "\u200bReal text.\n", "UTF-16 with a BOM, line one.",
                     "Line two.", "UTF-16 array.", "UTF-16-LE, no BOM."}


def test_is_blank_and_json_depth() -> None:
    assert is_blank("") and is_blank("\ufeff \u200b\u2060\n\t") and not is_blank("\ufeffa")
    assert json_depth("x") == 0 and json_depth({"a": [1, {"b": []}]}) == 4
    deep: list = []
    for _ in range(100_000):
        deep = [deep]
    assert json_depth(deep) == MAX_JSON_DEPTH + 1  # stops counting past the limit, no recursion


# ----------------------------------------------------------------------------- full-text search


@settings(max_examples=150, deadline=None)
@given(query=st.text(alphabet=st.characters(codec=None), max_size=12))
def test_search_any_query_never_raises(tmp_path_factory: pytest.TempPathFactory, query: str) -> None:
    """The window's filter box and ``Project.search`` take any text: NUL, lone surrogates, FTS5
    syntax (``NEAR(``, ``"``, ``*``, ``AND``) are searched literally or ignored, never an error."""
    project = _search_project(tmp_path_factory)
    assert isinstance(project.search(query), list)
    assert len(project.articles(query=query)) <= 1


_SEARCH: dict[str, Project] = {}


def _search_project(factory: pytest.TempPathFactory) -> Project:
    if "p" not in _SEARCH:
        project = Project.open(factory.mktemp("search") / "s.db")
        project.import_bundles([ArticleBundle(Article(id=None, text="Alice met Bob in Paris.", title="Paris"))])
        _SEARCH["p"] = project
    return _SEARCH["p"]


@pytest.mark.parametrize("query, found", [
    ("Par\x00is", False), ("\x00Paris", True), ("Paris\x00", True), ("\x00", None), ("Ali\ud800", True), ("\ud800", None), ("Alice \ud83d", True),
    ('NEAR("', False), ("Bob", True),
])
def test_search_with_nul_or_surrogate(project: Project, query: str, found: bool | None) -> None:
    """A NUL or lone surrogate separates words (as whitespace does); a query of nothing else
    searches nothing (``search``) and filters nothing (``articles``)."""
    project.import_bundles([ArticleBundle(Article(id=None, text="Alice met Bob in Paris.", title="Paris"))])
    ids = project.search(query)
    listed = [a.id for a in project.articles(query=query)]
    if found is None:
        assert ids == [] and len(listed) == 1
    else:
        assert bool(ids) is found and bool(listed) is found


# ----------------------------------------------------------------------------- damaged stored rows


def _damaged_project(tmp_path: Path) -> tuple[Path, int, str]:
    """A project with one span whose stored ``attrs`` is not JSON and one whose status is no status."""
    from annotator.domain.model import Span, Status

    path = tmp_path / "damaged.db"
    text = "Alice Smith said the talks were useful."
    spans = [Span(id="bad-attrs", article_id=0, start=0, end=11, label="PERSON", layer="entity", status=Status.ACCEPTED,
                  attrs={"note": "kept"}),
             Span(id="bad-status", article_id=0, start=21, end=26, label="MISC", layer="entity", status=Status.ACCEPTED)]
    with Project.open(path) as project:
        article_id = project.import_bundles([ArticleBundle(Article(id=None, text=text, title="T"), spans=spans)]).article_ids[0]
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE spans SET attrs = ? WHERE id = 'bad-attrs'", ['{"note": "kept", '])
        conn.execute("UPDATE spans SET status = 'acepted' WHERE id = 'bad-status'")
        conn.execute("UPDATE articles SET meta = '[1, 2]' WHERE id = ?", [article_id])
    return path, article_id, text


def test_damaged_row_still_opens_and_reports_the_field(tmp_path: Path) -> None:
    from annotator.domain.model import Status
    from annotator.storage.rows import UNREADABLE, unreadable_fields, unreadable_note

    path, article_id, _text = _damaged_project(tmp_path)
    with Project.open(path) as project:
        bundle = project.bundle(article_id)
        by_id = {s.id: s for s in bundle.spans}
        assert unreadable_fields(by_id["bad-attrs"]) == {"attrs": '{"note": "kept", '}
        assert unreadable_fields(by_id["bad-status"]) == {"status": "acepted"}
        assert by_id["bad-status"].status == Status.SUGGESTED  # decided again by a person, never silently accepted
        assert unreadable_fields(bundle.article) == {"meta": "[1, 2]"}
        note = unreadable_note([bundle.article, *bundle.spans])
        assert note is not None and "span bad-attr attrs" in note and "span bad-stat status" in note and UNREADABLE in note
        # Saving the record again keeps what was stored, now inside valid JSON.
        from annotator.domain import commands
        from annotator.domain.document import ArticleState

        state = ArticleState(bundle.article, bundle.spans, bundle.relations)
        project.apply(commands.set_attrs(by_id["bad-attrs"], {"checked": True}))
        again = {s.id: s for s in project.spans(article_id)}["bad-attrs"]
        assert again.attrs == {UNREADABLE: {"attrs": '{"note": "kept", '}, "checked": True}
        assert state.article_id == article_id
    out = tmp_path / "out.jsonl"
    result = run("export", path, "--format", "jsonl", "--output", out)
    assert result.exit_code == 0, result.output
    record = json.loads(out.read_text(encoding="utf-8"))
    assert record["meta"] == {UNREADABLE: {"meta": "[1, 2]"}}  # exported visibly, never dropped


@pytest.mark.parametrize("name", ["locked.jsonl", "locked.csv", "locked.txt"])
def test_unreadable_file_one_line(tmp_path: Path, db: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """A file the user may not read (simulated: the tests may run as root, who reads everything)."""
    source = tmp_path / name
    source.write_text("text\nHello.\n" if name.endswith(".csv") else _jsonl(SEED), encoding="utf-8")
    real_open, real_read = Path.open, Path.read_bytes

    def denied(self: Path, *args: object, **kwargs: object):  # noqa: ANN202
        if self == source:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", denied)
    monkeypatch.setattr(Path, "read_bytes", lambda self: denied(self) and real_read(self))
    assert _refused(db, source, ()) == f"Error: {source}: cannot be read (Permission denied); check the path and its permissions\n"


# ----------------------------------------------------------------------------- any bytes, any reader

_PIECES = st.sampled_from([
    b"a", b"Alice said", b" ", b"\n", b"\r", b"\r\n", b",", b'"', b"'", b"\\", b"{", b"}", b"[", b"]", b":", b"\x00",
    b"\xef\xbb\xbf", b"\xff\xfe", b"\xc3", b"\xa9", b"\xe2\x80\x8b", b"\xf0\x9f\x98\x84", b"text", b'"text"', b"spans",
    b'{"text": "A', b'"}', b'"start": 0, "end": 1, "label": "X"', b"0", b"-1", b"1e999", b"null", b"true", b"\\u0000",
    b"\\ud83d", b"text,title\n", b"T1\tPERSON 0 5\tAlice\n",
])


@settings(max_examples=120, deadline=None)
@given(data=st.lists(_PIECES, max_size=30).map(b"".join), suffix=st.sampled_from([".txt", ".jsonl", ".json", ".csv"]))
def test_any_bytes_import_or_one_input_error(tmp_path_factory: pytest.TempPathFactory, data: bytes, suffix: str) -> None:
    """Whatever the bytes, every reader either imports or raises an :class:`InputError` (one line,
    naming the file), and a refused import leaves the project as it was."""
    from annotator.domain.errors import InputError
    from annotator.formats import import_sources, plan
    from annotator.formats.common import ImportOptions

    folder = tmp_path_factory.mktemp("fuzz")
    source = folder / f"in{suffix}"
    source.write_bytes(data)
    with Project.open(folder / "p.db") as project:
        try:
            import_sources(project, plan([source]), ImportOptions(schema=project.schema))
        except InputError as exc:
            message = str(exc)
            assert "\n" not in message and "\r" not in message, message
            assert str(source) in message, message
            assert project.count_articles() == 0
        else:
            for summary in project.articles():
                article = project.article(summary.id)
                assert not is_blank(article.text) and "\x00" not in article.text
