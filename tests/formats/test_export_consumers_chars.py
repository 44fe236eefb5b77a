"""Every export read back by its consumer, whatever characters the text holds (usertest14 F2).

Imported text is stored exactly as given (only NUL is refused), so an article may hold characters
that one side treats as whitespace, a line break or a separator and the other does not: C0
controls (BEL, ESC, VT, FF, FS–US), DEL, C1 controls and NEL, LINE/PARAGRAPH SEPARATOR, NBSP,
zero-width space, a BOM inside the text, CR alone, CRLF, tab, other Unicode spaces, combining
marks and astral characters. Each sits in several positions of one article (inside a word,
between words, alone between spaces, inside and at both edges of an entity, inside a quote's
content, a cue's edge, the article's start and end), with entities, an attribution
(quote/speaker/cue) and its relations. The project is exported through the CLI in every format it
offers and each file is read by its consumer:

* jsonl: ``json`` line by line (lines end at ``\\n`` only); our importer (round trip);
* csv: the ``csv`` module;
* spacy: ``DocBin().from_disk``: the text, ``doc.spans`` offsets and texts are the project's;
* conll: ``python -m spacy convert FILE -c ner`` succeeds; one doc per article with every entity
  and every word in order (what CoNLL leaves out is whitespace and tokens of invisible
  characters only: docs/formats.md); every line has exactly four whitespace-separated columns
  for ``str.split``, for Unicode's White_Space (Perl's ``\\s``, conlleval) and for Java's
  ``String.trim`` at its edges;
* brat: ``bratcheck.py FOLDER --universal-newlines`` (brat's own parsing rules) rejects nothing,
  each ``T`` line's offsets slice brat's reading of the ``.txt`` to the span's text, and our brat
  importer reads the folder back to the same spans.
"""

from __future__ import annotations

import collections
import csv
import io
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
import spacy
from click.testing import CliRunner
from spacy.tokens import DocBin

from annotator.cli import cli
from annotator.domain.model import Article, ArticleBundle, Relation, Span
from annotator.formats import conll
from annotator.formats.brat_text import LINE_BREAKS
from annotator.formats.common import ExportReport
from annotator.formats.csvfmt import safe_cell
from annotator.formats.stream import iter_bundles
from annotator.storage.project import Project
from tests.conftest import SHARED_DATA
from tests.formats.helpers import import_paths, records

BRATCHECK = SHARED_DATA.parent / "tools" / "bratcheck.py"

CHARS = {
    "BEL": "\x07", "BS": "\x08", "ESC": "\x1b", "SOH": "\x01", "DEL": "\x7f", "TAB": "\t", "VT": "\x0b", "FF": "\x0c",
    "FS": "\x1c", "GS": "\x1d", "RS": "\x1e", "US": "\x1f", "CR": "\r", "CRLF": "\r\n", "LF": "\n",
    "C1-0083": "\x83", "C1-009F": "\x9f", "NEL": "\x85", "NBSP": "\xa0", "LS": "\u2028", "PS": "\u2029",
    "OGHAM-SPACE": "\u1680", "EN-SPACE": "\u2002", "NARROW-NBSP": "\u202f", "IDEO-SPACE": "\u3000",
    "ZWSP": "\u200b", "ZWJ": "\u200d", "BOM": "\ufeff", "SOFT-HYPHEN": "\xad", "COMBINING": "\u0301",
    "EMOJI": "\U0001F600", "MATH-LETTER": "\U0001D400", "BEL-ESC": "\x07\x1b", "BEL-SPACE": "\x07 ",
}

# Unicode's White_Space property (Perl's \s under Unicode rules, Java's Character.isWhitespace
# near enough) and Python's str.isspace (which adds FS–US): a CoNLL column must hold neither.
UNICODE_SPACE = re.compile("[\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\x1c-\x1f]")


def article_text(c: str) -> str:
    """Our own sentences with ``c`` in every position the brief names."""
    return (f"{c}Mar{c}ta Ruiz met{c}Bo Chen in Lima{c}. Then {c} Ruiz said{c}: \u201cThe plan{c}works well{c}\u201d."
            f"\n{c}Tail words here {c}")


def bundle(name: str, c: str) -> ArticleBundle:
    t = article_text(c)

    def span(sid: str, part: str, label: str, layer: str, after: int = 0) -> Span:
        start = t.index(part, after)
        return Span(id=sid, article_id=0, start=start, end=start + len(part), label=label, layer=layer)

    quote = span("q", f"The plan{c}works well{c}", "QUOTE", "quote")
    spans = [
        span("e1", f"Mar{c}ta Ruiz", "PERSON", "entity"),  # inside an entity's word
        span("e2", f"{c}Bo Chen", "PERSON", "entity"),  # at an entity's start
        span("e3", f"Lima{c}", "GPE", "entity"),  # at an entity's end
        span("e4", f"{c}Tail", "ORG", "entity", t.index("\u201d")),
        quote,
        span("s", "Ruiz", "SPEAKER", "speaker", t.index("Then")),
        span("c", f"said{c}", "CUE", "cue"),
    ]
    relations = [Relation(id="r1", article_id=0, head="q", child="s", label="SPEAKER"),
                 Relation(id="r2", article_id=0, head="q", child="c", label="CUE")]
    return ArticleBundle(article=Article(id=None, text=t, title=name), spans=spans, relations=relations)


FORMATS = {"jsonl": "all.jsonl", "csv": "all.csv", "conll": "all.conll", "spacy": "all.spacy", "brat": "brat"}
# the other shapes of the same formats: jsonl with Prodigy's tokens, DocBin shards in a folder
EXTRA = [("--format", "jsonl", "--tokens", "tokens.jsonl"), ("--format", "spacy", "shards/")]


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[int, ArticleBundle], dict[int, str]]:
    """The project (one article per character), exported by the CLI in every format; the
    bundles by article id; the character's name by article id."""
    folder = tmp_path_factory.mktemp("chars")
    project = Project.open(folder / "chars.db")
    try:
        project.import_bundles([bundle(name, c) for name, c in CHARS.items()])
        stored = {b.article.id: b for b in iter_bundles(project)}
    finally:
        project.close()
    names = {i: b.article.title for i, b in stored.items()}
    runner = CliRunner()
    for fmt, out in FORMATS.items():
        ran = runner.invoke(cli, ["export", str(folder / "chars.db"), "--format", fmt, "--output", str(folder / out)])
        assert ran.exit_code == 0, ran.output
    for args in EXTRA:
        ran = runner.invoke(cli, ["export", str(folder / "chars.db"), *args[:-1], "--output", str(folder / args[-1])])
        assert ran.exit_code == 0, ran.output
    return folder, stored, names


def test_the_cli_offers_no_format_unchecked_here() -> None:
    ran = CliRunner().invoke(cli, ["export", "--help"])
    offered = set(re.search(r"--format \[([a-z|]+)\]", ran.output).group(1).split("|"))
    assert offered == set(FORMATS)


def test_stored_texts_are_the_given_ones(exported) -> None:
    _, stored, names = exported
    assert {names[i]: b.article.text for i, b in stored.items()} == {n: article_text(c) for n, c in CHARS.items()}


# ----------------------------------------------------------------------------- jsonl, csv


def test_jsonl_read_by_json_holds_each_text_and_span(exported) -> None:
    folder, stored, names = exported
    got = records((folder / "all.jsonl").read_text(encoding="utf-8"))
    assert len(got) == len(stored)
    for record in got:
        bundle_ = stored[record["id"]]
        assert record["text"] == bundle_.article.text, names[record["id"]]
        for s in record["spans"]:
            assert record["text"][s["start"] : s["end"]] == s["text"], (names[record["id"]], s)
        assert sorted((s["start"], s["end"], s["label"]) for s in record["spans"]) == \
            sorted((s.start, s.end, s.label) for s in bundle_.spans), names[record["id"]]


def test_jsonl_imported_again_gives_the_same_texts_and_spans(exported, tmp_path: Path) -> None:
    folder, stored, names = exported
    with Project.open(tmp_path / "again.db") as again:
        import_paths(again, folder / "all.jsonl")
        back = {b.article.title: b for b in iter_bundles(again)}
    for i, b in stored.items():
        other = back[names[i]]
        assert other.article.text == b.article.text, names[i]
        assert sorted((s.start, s.end, s.label, s.layer) for s in other.spans) == \
            sorted((s.start, s.end, s.label, s.layer) for s in b.spans), names[i]
        assert len(other.relations) == len(b.relations), names[i]


def test_jsonl_tokens_slice_the_text_and_bound_each_span(exported) -> None:
    folder, _, names = exported
    for record in records((folder / "tokens.jsonl").read_text(encoding="utf-8")):
        text, tokens = record["text"], record["tokens"]
        assert [t["id"] for t in tokens] == list(range(len(tokens)))
        for t in tokens:
            assert text[t["start"] : t["end"]] == t["text"] != "", (names[record["id"]], t)
        for s in record["spans"]:
            if "token_start" in s:  # the tokens of a span cover it, but for a space after a token ("ws")
                first, last = tokens[s["token_start"]], tokens[s["token_end"]]
                assert text[s["start"] : first["start"]].strip(" ") == "", (names[record["id"]], s)
                assert text[last["end"] : s["end"]].strip(" ") == "", (names[record["id"]], s)


def test_csv_read_by_the_csv_module_holds_each_span_text(exported) -> None:
    folder, stored, names = exported
    with (folder / "all.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == sum(len(b.spans) for b in stored.values())
    for row in rows:
        text = stored[int(row["article_id"])].article.text
        # a cell a spreadsheet would run as a formula ("=", "+", "-", "@", tab, CR first) is
        # written behind an apostrophe (OWASP; docs/formats.md)
        want = safe_cell(text[int(row["start"]) : int(row["end"])])
        assert row["text"] == want, (names[int(row["article_id"])], row["span_id"])


# ----------------------------------------------------------------------------- spaCy DocBin


def test_docbin_holds_the_texts_and_span_offsets(exported) -> None:
    folder, stored, names = exported
    docs = list(DocBin().from_disk(folder / "all.spacy").get_docs(spacy.blank("en").vocab))
    assert len(docs) == len(stored)
    for doc, (i, b) in zip(docs, sorted(stored.items())):
        assert doc.text == b.article.text, names[i]
        for layer in ("entity", "quote", "speaker", "cue"):
            want = sorted((s.start, s.end, s.label, b.article.text[s.start : s.end]) for s in b.spans if s.layer == layer)
            got = sorted((x.start_char, x.end_char, x.label_, x.text) for x in doc.spans[layer])
            assert got == want, (names[i], layer)
        for e in doc.ents:  # trimmed of whitespace, never of text
            assert e.text == e.text.strip() and e.text, (names[i], e.text)


def test_docbin_shards_hold_the_same_docs(exported) -> None:
    folder, _, _ = exported
    vocab = spacy.blank("en").vocab

    def described(paths: list[Path]) -> list[tuple]:
        return [(d.text, [(t.text, t.whitespace_) for t in d], {k: [(x.start_char, x.end_char, x.label_) for x in v]
                                                                for k, v in d.spans.items()})
                for p in paths for d in DocBin().from_disk(p).get_docs(vocab)]

    shards = sorted((folder / "shards").glob("*.spacy"))
    assert shards
    assert described(shards) == described([folder / "all.spacy"])


# ----------------------------------------------------------------------------- CoNLL


def invisible(ch: str) -> bool:
    """A character CoNLL leaves out with whitespace (docs/formats.md): whitespace by either
    definition, a control (Cc), the zero-width space or a BOM. Other format characters (ZWJ,
    ZWNJ, soft hyphen) are part of words' spelling and stay."""
    return UNICODE_SPACE.match(ch) is not None or ch.isspace() or unicodedata.category(ch) == "Cc" or ch in "\u200b\ufeff"


def visible(text: str) -> str:
    return "".join(ch for ch in text if not invisible(ch))


def conll_lines(path: Path) -> list[str]:
    raw = path.read_bytes().decode("utf-8")
    # spaCy's converter reads with universal newlines: the file must read the same either way
    with path.open(encoding="utf-8") as fh:
        assert fh.read() == raw
    return raw.split("\n")


def test_conll_lines_have_four_columns_by_every_whitespace_definition(exported) -> None:
    folder, _, _ = exported
    for n, line in enumerate(conll_lines(folder / "all.conll"), 1):
        if not line:
            continue
        columns = line.split(" ")
        assert len(columns) == 4, (n, line)
        assert line.split() == columns, (n, line)  # Python's whitespace (FS–US, NEL, NBSP, …)
        assert len(UNICODE_SPACE.split(line)) == 4, (n, line)  # Unicode White_Space (conlleval's \s)
        assert line.strip(" " + "".join(map(chr, range(0x21)))) == line, (n, line)  # Java's String.trim
        assert visible(columns[0]), (n, line)  # never a token of invisible characters only


def test_spacy_convert_reads_every_word_and_entity(exported) -> None:
    folder, stored, names = exported
    out = folder / "converted"
    out.mkdir()
    run = subprocess.run([sys.executable, "-m", "spacy", "convert", str(folder / "all.conll"), str(out), "-c", "ner"],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    docs = list(DocBin().from_disk(out / "all.spacy").get_docs(spacy.blank("en").vocab))
    assert len(docs) == len(stored)
    for doc, (i, b) in zip(docs, sorted(stored.items())):
        # every visible character of the text, in order, and no other
        assert "".join(t.text for t in doc) == "".join(visible(t.text) or t.text for t in doc), names[i]
        assert "".join(t.text for t in doc) == visible(b.article.text), names[i]
        want = [(visible(b.article.text[s.start : s.end]), s.label) for s in sorted(b.spans, key=lambda s: s.start)
                if s.layer == "entity"]
        got = [(visible(e.text), e.label_) for e in doc.ents]
        assert got == want, names[i]


# ----------------------------------------------------------------------------- brat


def brat_reading(path: Path) -> str:
    """The .txt as brat's server reads it: UTF-8 with universal newlines."""
    with path.open(encoding="utf-8") as fh:
        return fh.read()


def universal(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


@pytest.mark.skipif(not BRATCHECK.is_file(), reason="../shared/tools/bratcheck.py is absent")
def test_bratcheck_rejects_no_line(exported) -> None:
    folder, _, _ = exported
    out = subprocess.run([sys.executable, str(BRATCHECK), str(folder / "brat"), "--universal-newlines"],
                         capture_output=True, text=True, check=True, timeout=60)
    assert out.stdout.strip().endswith("bratcheck: 0 line(s) brat would reject (universal newlines)"), out.stdout


def test_brat_offsets_slice_bratS_text_to_each_span(exported) -> None:
    folder, stored, names = exported
    by_text = {universal(b.article.text): b for b in stored.values()}
    anns = sorted((folder / "brat").glob("*.ann"))
    assert len(anns) == len(stored)
    for ann in anns:
        doc = brat_reading(ann.with_suffix(".txt"))
        # a text starting with U+FEFF is written behind a UTF-8 BOM, which brat reads as character 0
        b = by_text[doc] if doc in by_text else by_text[doc.removeprefix("\ufeff")]
        lines = ann.read_text(encoding="utf-8").split("\n")
        assert ann.read_text(encoding="utf-8").splitlines() == lines[:-1], names[b.article.id]
        got = collections.Counter()
        for line in lines:
            if not line.startswith("T"):
                continue
            _, data, text = line.split("\t", 2)
            pieces = [tuple(map(int, p.split())) for p in data.split(" ", 1)[1].split(";")]
            assert text == " ".join(doc[s:e] for s, e in pieces), (names[b.article.id], line)
            got[doc[pieces[0][0] : pieces[-1][1]]] += 1
        # each span's text as brat reads it, less the line breaks at its edges (docs/formats.md)
        want = collections.Counter(universal(b.article.text[s.start : s.end]).strip(LINE_BREAKS) for s in b.spans)
        assert got == want, names[b.article.id]


def test_brat_imported_again_gives_the_same_spans(exported, tmp_path: Path) -> None:
    folder, stored, names = exported
    with Project.open(tmp_path / "again.db") as again:
        import_paths(again, folder / "brat")
        back = {b.article.text: b for b in iter_bundles(again)}
    for i, b in stored.items():
        other = back[b.article.text]
        text = b.article.text

        def trimmed(s: Span) -> tuple[int, int, str]:
            start, end = s.start, s.end
            while start < end and text[start] in LINE_BREAKS:
                start += 1
            while end > start and text[end - 1] in LINE_BREAKS:
                end -= 1
            return start, end, s.layer

        assert sorted((s.start, s.end, s.layer) for s in other.spans) == sorted(map(trimmed, b.spans)), names[i]
        assert len(other.relations) == len(b.relations), names[i]


# ----------------------------------------------------------------------------- the CoNLL rule itself


@pytest.mark.parametrize(("text", "want"), [
    ("Plain news, “quoted” — with dashes and ’ apostrophes.\n", False),
    ("Spaces\u00a0of\u2028every\x85kind\x0b\x0c\x1c\x1f\t\r\n", False),  # whitespace: left out already, not invisible
    ("Ze\u200dro width joiner, Pers\u200cian, soft\xadhyphen", False),  # spelling: stays
    ("bell\x07", True), ("\x01", True), ("escape\x1b", True), ("delete\x7f", True), ("c1\x80", True), ("c1\x9f", True),
    ("£5\xa0© 2024\x85", False), ("£5\xa0and\x84", True),  # other 0xC2 characters before a C1 one
    ("zero\u200bwidth", True), ("inner\ufeffbom", True), ("Ünïcödé\x83", True),
])
def test_has_invisible(text: str, want: bool) -> None:
    assert conll.has_invisible(text) is want
    assert conll.has_invisible(text) is any(invisible(ch) and not ch.isspace() and not UNICODE_SPACE.match(ch) for ch in text)


def test_an_entity_of_invisible_characters_only_is_counted_not_lost() -> None:
    text = "Ana met \x07\u200b Bo in Lima."
    start = text.index("\x07")
    spans = [Span(id="b", article_id=1, start=start, end=start + 2, label="MISC", layer="entity"),
             Span(id="l", article_id=1, start=text.index("Lima"), end=text.index("Lima") + 4, label="GPE", layer="entity")]
    report = ExportReport()
    block = conll.article_text(ArticleBundle(article=Article(id=1, text=text), spans=spans), report)
    assert block == "-DOCSTART- -X- O O\n\nAna _ _ O\nmet _ _ O\nBo _ _ O\nin _ _ O\nLima _ _ B-GPE\n. _ _ O\n\n"
    assert report.left_out[conll.BLANK] == 1
    out = io.StringIO()
    assert conll.write([ArticleBundle(article=Article(id=1, text=text), spans=spans)], out).left_out[conll.BLANK] == 1
    assert out.getvalue() == block


# ----------------------------------------------------------------------------- imports of the same characters


@pytest.mark.parametrize("processes", ["1", "2"])
def test_a_csv_cell_holding_each_character_is_imported_exactly(tmp_path: Path, monkeypatch, processes: str) -> None:  # noqa: ANN001
    """One quoted cell per character (a CR, a CRLF and a LF inside quotes are the cell's text), in
    the one- and two-process import."""
    monkeypatch.setenv("ANNOTATOR_IMPORT_PROCESSES", processes)
    source = tmp_path / "chars.csv"
    with source.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow(["title", "text"])
        for name, c in CHARS.items():
            writer.writerow([name, article_text(c)])
    ran = CliRunner().invoke(cli, ["import", str(tmp_path / "p.db"), str(source)])
    assert ran.exit_code == 0, ran.output
    with Project.open(tmp_path / "p.db") as project:
        got = {a.title: project.article(a.id).text for a in project.articles()}
    assert got == {name: article_text(c) for name, c in CHARS.items()}


def test_a_txt_file_holding_each_character_is_imported_exactly(tmp_path: Path) -> None:
    folder = tmp_path / "txt"
    folder.mkdir()
    for name, c in CHARS.items():
        # behind a first line: a BOM at the very start of a file is its encoding's mark, not text
        (folder / f"{name}.txt").write_bytes(f"Headline {name}\n{article_text(c)}".encode("utf-8"))
    ran = CliRunner().invoke(cli, ["import", str(tmp_path / "p.db"), str(folder)])
    assert ran.exit_code == 0, ran.output
    with Project.open(tmp_path / "p.db") as project:
        got = {a.title: project.article(a.id).text for a in project.articles()}
    assert got == {f"Headline {name}": f"Headline {name}\n{article_text(c)}" for name, c in CHARS.items()}


def test_a_lone_surrogate_cannot_get_in(tmp_path: Path) -> None:
    """JSON can spell one (``"\\ud800"``) but no UTF-8 file can: the import refuses it by line, so
    no export ever meets one."""
    source = tmp_path / "s.jsonl"
    source.write_bytes(b'{"text": "A fine record."}\n{"text": "A lone \\ud800 half."}\n')
    ran = CliRunner().invoke(cli, ["import", str(tmp_path / "p.db"), str(source)])
    assert ran.exit_code == 1, ran.output
    assert ran.output.startswith(f"Error: {source}:2: \"text\" holds a lone surrogate U+D800"), ran.output
    assert not (tmp_path / "p.db").exists()
