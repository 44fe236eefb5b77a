"""fix38 (usertest28 M4): re-importing one's own export whose whitespace changed adds no copies.

A project exported to CoNLL (text rebuilt from tokens with single spaces), a DocBin's documents
rebuilt by another tokenisation, a re-wrapped JSONL text or brat files with CRLF are imported into
the same project: each document finds the article it came from by its text less whitespace
(:mod:`annotator.domain.respacing`), its spans land on the stored text's characters, and it is
handled as a re-import of the same text (a deleted span stays deleted). Invented sentences."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlite_utils import Database

from annotator.cli import cli
from annotator.domain import commands
from annotator.domain.model import Article, ArticleBundle, Span, Status
from annotator.domain.respacing import Respacing, respaced, text_key
from annotator.storage import rows
from annotator.storage.migrations import migrations, schema_version
from annotator.storage.project import APPLICATION_ID, Project
from tests.formats.helpers import import_paths

pytestmark = pytest.mark.timeout(120)

# Whitespace of every kind the exports lose: a double space, a tab, a line break, a no-break
# space, punctuation glued to its word (CoNLL puts a space before it); the invisible characters
# CoNLL drops (DEL, a zero-width space, a BOM); non-ASCII letters, so that code points and bytes differ.
TEXTS = [
    "Zoë Müller said.  The mayor of São Paulo\tleft on Monday.\nHe was tired\x7f, aides said.",
    "Björn Lind visited\u00a0Kraków last week,\u200b officials said.\ufeff\n\nNobody\tcommented.",
]
# (article, word, label, status): the word's first occurrence; " aides" has a whitespace edge, which
# CoNLL trims: imported back, it is the stored span, not a twin beside it
SPANS = [(0, "Zoë Müller", "PERSON", Status.ACCEPTED), (0, "São Paulo", "GPE", Status.ACCEPTED),
         (0, "Monday", "DATE", Status.ACCEPTED), (0, " aides", "NORP", Status.ACCEPTED),  # a whitespace edge
         (1, "Björn Lind", "PERSON", Status.ACCEPTED),
         (1, "Kraków", "GPE", Status.ACCEPTED), (1, "officials", "NORP", Status.SUGGESTED)]


def _project(path: Path) -> Project:
    project = Project.open(path)
    bundles = []
    for n, text in enumerate(TEXTS):
        spans = [Span(id=f"s{n}{k}", article_id=0, start=text.index(w), end=text.index(w) + len(w), label=label,
                      layer="entity", status=status)
                 for k, (a, w, label, status) in enumerate(SPANS) if a == n]
        bundles.append(ArticleBundle(Article(id=None, text=text), spans=spans))
    project.import_bundles(bundles)
    return project


def _spans(project: Project) -> set[tuple[int, str, str, str]]:
    """(article id, covered text, label, status) of every stored span."""
    out = set()
    for article_id in sorted(r[0] for r in project.db.execute("SELECT id FROM articles")):
        text = project.article(article_id).text
        out.update((article_id, text[s.start:s.end], s.label, str(s.status)) for s in project.spans(article_id))
    return out


def _delete(project: Project, word: str) -> None:
    """Delete the stored span covering ``word`` (as an analyst would, logged as a decision)."""
    for article_id in (1, 2):
        text = project.article(article_id).text
        for span in project.spans(article_id):
            if text[span.start:span.end] == word:
                project.apply(commands.delete_span(_ctx(project, article_id), span), by="ana")
                return
    raise AssertionError(word)


def _ctx(project: Project, article_id: int):  # noqa: ANN202
    from tests.core.test_project_import import _ctx as ctx

    return ctx(project, article_id)


def _run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def _check_reimport(project_path: Path, import_path: Path, before: set, *, deleted: str, fmt: str = "auto") -> str:
    out = _run("import", str(project_path), str(import_path), "--format", fmt)
    with Project.open(project_path) as p:
        assert p.db.execute("SELECT count(*) FROM articles").fetchone()[0] == len(TEXTS), out
        assert [p.article(i).text for i in (1, 2)] == TEXTS  # the stored texts are never replaced
        after = _spans(p)
    assert after == before, out  # the same spans on the same characters, the deleted one not back
    # deleted (a deleted suggestion is kept as rejected): not back as a span to show or export
    assert not any(word == deleted and status != "rejected" for _, word, _, status in after)
    assert "matched articles already in the project (whitespace differs)" in out, out
    return out


def test_conll_export_imported_back_adds_no_article(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    _project(path).close()
    conll = tmp_path / "x.conll"
    _run("export", str(path), "--format", "conll", "-o", str(conll))  # accepted spans only (CoNLL has no status)
    assert "Zoë Müller said ." in " ".join(line.split(" ")[0] for line in conll.read_text(encoding="utf-8").splitlines())
    with Project.open(path) as p:
        _delete(p, "Monday")  # an accepted span the analyst deleted after the export
        before = _spans(p)
    out = _check_reimport(path, conll, before, deleted="Monday")
    assert "Imported 0 new articles (2 already in the project)" in out
    assert "2 matched articles already in the project (whitespace differs)" in out


def test_jsonl_with_rewrapped_text_finds_its_article(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    _project(path).close()
    exported = tmp_path / "x.jsonl"
    _run("export", str(path), "--format", "jsonl", "--status", "all", "-o", str(exported))
    with Project.open(path) as p:
        _delete(p, "officials")  # a suggestion the analyst deleted
        before = _spans(p)
    # re-wrapped: every whitespace run one space, each span moved with its words
    rewrapped = tmp_path / "rewrapped.jsonl"
    lines = []
    for line in exported.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        text = record["text"]
        new = " ".join(text.split())
        mapping = Respacing(text, new)
        for span in record["spans"]:
            span["start"], span["end"] = mapping.span(span["start"], span["end"])
            span["text"] = new[span["start"]:span["end"]]
            span.pop("token_start", None), span.pop("token_end", None)
        record["text"] = new
        record.pop("tokens", None)
        lines.append(json.dumps(record, ensure_ascii=False))
    rewrapped.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _check_reimport(path, rewrapped, before, deleted="officials")


def test_brat_with_crlf_finds_its_article(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    _project(path).close()
    folder = tmp_path / "brat"
    _run("export", str(path), "--format", "brat", "--status", "all", "-o", str(folder))
    with Project.open(path) as p:
        _delete(p, "officials")
        before = _spans(p)
    for txt in folder.glob("*.txt"):  # a Windows editor saved the texts with CRLF; brat counts a CRLF
        # as one character (universal newlines), so the .ann's offsets stay right as they are
        text = txt.read_bytes().decode("utf-8")
        assert "\n" in text
        txt.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    _check_reimport(path, folder, before, deleted="officials", fmt="brat")


def test_docbin_rebuilt_by_another_tokenisation_finds_its_article(tmp_path: Path) -> None:
    """DocBin is export only: its documents, rebuilt from their words (every word followed by a
    space, as a tool that made its own Docs from tokens writes them), reach the project as JSONL."""
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import Doc, DocBin

    path = tmp_path / "p.db"
    _project(path).close()
    binary = tmp_path / "x.spacy"
    _run("export", str(path), "--format", "spacy", "-o", str(binary))
    with Project.open(path) as p:
        _delete(p, "Monday")
        before = _spans(p)
    nlp = spacy.blank("en")
    lines = []
    for doc in DocBin().from_disk(binary).get_docs(nlp.vocab):
        words = [t.text for t in doc if not t.is_space]
        rebuilt = Doc(nlp.vocab, words=words)  # spaces default True: "said ." where the article had "said."
        index = [t.i for t in doc if not t.is_space]
        spans = [{"start": rebuilt[index.index(e.start)].idx, "end": rebuilt[index.index(e.end - 1)].idx + len(rebuilt[index.index(e.end - 1)]),
                  "label": e.label_} for e in doc.ents]
        assert rebuilt.text != doc.text
        lines.append(json.dumps({"text": rebuilt.text, "spans": spans}, ensure_ascii=False))
    rebuilt_path = tmp_path / "rebuilt.jsonl"
    rebuilt_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _check_reimport(path, rebuilt_path, before, deleted="Monday")


def test_a_text_differing_by_one_letter_is_a_new_article(tmp_path: Path) -> None:
    """Two respaced documents: the one equal but for whitespace is the stored article, the one
    with a letter changed too is new."""
    path = tmp_path / "p.db"
    _project(path).close()
    same = " ".join(TEXTS[1].split())
    other = " ".join(TEXTS[0].replace("Monday", "Sunday").split())  # respaced and one letter changed
    record = tmp_path / "two.jsonl"
    record.write_text("".join(json.dumps({"text": t, "spans": [{"start": 0, "end": 10, "label": "PERSON"}]}, ensure_ascii=False) + "\n"
                              for t in (same, other)), encoding="utf-8")
    out = _run("import", str(path), str(record))
    assert "Imported 1 new article (1 already in the project)" in out, out
    assert "1 matched an article already in the project (whitespace differs)" in out, out
    with Project.open(path) as p:
        assert [p.article(i).text for i in (1, 2, 3)] == [*TEXTS, other]


def test_csv_row_respaced_is_not_added(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    _project(path).close()
    table = tmp_path / "rows.csv"
    # the first article re-wrapped twice: one article matched, the second row a copy of the first
    texts = [" ".join(TEXTS[0].split()), TEXTS[0].replace("\n", "\r\n"), " ".join(TEXTS[1].split())]
    table.write_text("text\n" + "\n".join(f'"{t}"' for t in texts) + "\n", encoding="utf-8", newline="\n")
    out = _run("import", str(path), str(table))
    assert "Imported 0 new articles (2 already in the project; 1 more copy of them in the input, merged in)" in out, out
    assert "2 matched articles already in the project (whitespace differs)" in out


def test_the_key_ignores_what_conll_drops() -> None:
    from annotator.domain.respacing import INVISIBLE
    from annotator.formats.conll import INVISIBLE as CONLL_INVISIBLE

    assert INVISIBLE == CONLL_INVISIBLE
    assert text_key("a\u200bb c\ufeff.\x7f") == text_key("ab c .") != text_key("ab c ,")


def test_offsets_with_non_ascii_tabs_and_newlines() -> None:
    source = "Zoë  Müller\tsaid.\r\nSão\u00a0Paulo"
    target = "Zoë Müller said . São Paulo"
    mapping = Respacing(source, target)
    for word in ("Zoë", "said", ".", "Paulo"):
        start = source.index(word)
        s, e = mapping.span(start, start + len(word))
        assert target[s:e] == word
    # an edge in whitespace moves inward; a span of whitespace alone has no place
    s, e = mapping.span(source.index("Müller") - 1, source.index("\r") + 1)
    assert target[s:e] == "Müller said ."
    assert mapping.span(source.index("\r"), source.index("\n") + 1) is None
    assert text_key(source) == text_key(target) != text_key(target.replace("Zoë", "Zoe"))
    with pytest.raises(ValueError):
        Respacing(source, target.replace("Zoë", "Zoe"))
    bundle = ArticleBundle(Article(id=None, text=target), spans=[Span("x", 0, 4, 10, "PERSON", "entity")])
    moved = respaced(bundle, source, "h")
    assert moved is not None and source[moved.spans[0].start:moved.spans[0].end] == "Müller"
    assert moved.article.text == source and moved.article.text_hash == "h"
    # a stored span with a whitespace edge (" Müller") is the place of the trimmed span imported
    edged = (source.index("Müller") - 1, source.index("Müller") + 6, "PERSON")
    twin = respaced(bundle, source, "h", stored=[edged])
    assert twin is not None and (twin.spans[0].start, twin.spans[0].end) == edged[:2]


def test_migration_of_an_old_project_stores_every_key(tmp_path: Path) -> None:
    """A file made before migration 0012 gets every article's key; its CoNLL-like re-import then
    finds them."""
    path = tmp_path / "old.db"
    db = Database(path)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    migrations.apply(db, stop_before="0012_article_text_keys")
    db.execute(f"PRAGMA user_version = {len(migrations.applied(db))}")
    for text in TEXTS:
        db["articles"].insert(rows.to_row(Article(id=None, text=text)))
    db.close()
    with Project.open(path) as p:
        assert p.db.execute("PRAGMA user_version").fetchone()[0] == schema_version()
        keys = p.db.execute("SELECT article_id, key FROM article_text_keys ORDER BY article_id").fetchall()
        assert keys == [(1, text_key(TEXTS[0])), (2, text_key(TEXTS[1]))]
    record = tmp_path / "one.jsonl"
    record.write_text(json.dumps({"text": " ".join(TEXTS[1].split())}, ensure_ascii=False) + "\n", encoding="utf-8")
    with Project.open(path) as p:
        report = import_paths(p, record)
        assert (report.result.added, report.result.duplicates, report.result.respaced) == (0, 1, 1)


def test_offsets_agree_with_a_character_walk_on_random_texts() -> None:
    """Respacing against the plain definition (the n-th kept character of one is the n-th of the
    other; edges move inward) on 300 random texts of letters, non-BMP characters, whitespace of
    every kind and the invisible characters, respaced at random."""
    import random

    from annotator.domain.respacing import INVISIBLE

    rng = random.Random(38)
    letters = "abZé😄𠀋.,"
    ignored = " \t\n\r\u00a0\u2028\u3000\x85" + INVISIBLE[:3] + "\u200b\ufeff\x7f"
    for _ in range(300):
        kept = [rng.choice(letters) for _ in range(rng.randint(1, 30))]

        def spaced() -> str:
            return "".join(rng.choice(ignored) * rng.randint(0, 2) + c for c in kept) + rng.choice(ignored) * rng.randint(0, 2)

        source, target = spaced(), spaced()
        at_source = [i for i, c in enumerate(source) if c in letters]
        at_target = [i for i, c in enumerate(target) if c in letters]
        mapping = Respacing(source, target)
        start = rng.randint(0, len(source) - 1)
        end = rng.randint(start + 1, len(source))
        inside = [k for k, i in enumerate(at_source) if start <= i < end]
        expected = (at_target[inside[0]], at_target[inside[-1]] + 1) if inside else None
        assert mapping.span(start, end) == expected, (source, target, start, end)
