"""Every export format, run the way a user runs it (``annotator export`` / ``annotator import``),
and read back the way its consumer reads it:

* jsonl — ``json`` per line (Prodigy's reader does the same);
* spacy — ``spacy.tokens.DocBin`` → ``doc.spans[layer]``, ``doc.ents``, ``doc.user_data``;
* csv — the ``csv`` module;
* conll — spaCy's own ``spacy convert -c ner`` converter (``conll_ner_to_docs``, CLI defaults);
* brat — the rules of ``../shared/tools/bratcheck.py --universal-newlines`` (brat's server
  parser), then the ``.ann`` lines parsed as brat does.

Each reader returns a :class:`Held`: the spans, relations and article fields the file holds, with
only the fields the format holds (a missing key = not held). ``ExportReport.left_out`` is read
from the CLI's ``left out: N × reason`` lines (``ExportReport.notes()``).
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import io
import json
import re
import runpy
import sys
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from tests.conftest import SHARED_DATA

BRATCHECK = SHARED_DATA.parent / "tools" / "bratcheck.py"
FORMATS = ("jsonl", "spacy", "csv", "conll", "brat")
STATUSES = ("accepted", "all")
SUFFIX = {"jsonl": ".jsonl", "spacy": ".spacy", "csv": ".csv", "conll": ".conll", "brat": ""}
LEFT_OUT = re.compile(r"left out: (\d+) × (.+)")
Key = tuple[int, int, str]  # a span's position and label: what identifies it in every format


@dataclasses.dataclass
class Exported:
    fmt: str
    status: str
    path: Path
    exit_code: int
    stderr: str
    left_out: dict[str, int]


@dataclasses.dataclass
class Held:
    """What one export file holds, per article (in article order)."""

    articles: list[dict[str, Any]] = dataclasses.field(default_factory=list)  # held article fields
    spans: list[list[dict[str, Any]]] = dataclasses.field(default_factory=list)  # per article; "key" + held fields
    relations: list[list[dict[str, Any]]] = dataclasses.field(default_factory=list)  # "head"/"child" keys + label + held fields
    docs: list[dict[str, Any]] = dataclasses.field(default_factory=list)  # per article: {"tags", "stances"} when held
    ents: list[list[Key]] | None = None  # spaCy doc.ents (the NER view), when the format has one
    consumer_errors: list[str] = dataclasses.field(default_factory=list)  # what the consumer refuses or misreads


def cli() -> Any:
    from annotator.cli import cli as group

    return group


def export(project_path: Path, fmt: str, status: str, folder: Path) -> Exported:
    """``annotator export PROJECT --format fmt --status status --output folder/…``."""
    out = folder / f"{fmt}-{status}{SUFFIX[fmt]}"
    result = CliRunner().invoke(cli(), ["export", str(project_path), "--format", fmt, "--output", str(out), "--status", status])
    left_out: dict[str, int] = {}
    for match in LEFT_OUT.finditer(result.stderr):
        left_out[match.group(2).strip()] = left_out.get(match.group(2).strip(), 0) + int(match.group(1))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Exported(fmt, status, out, result.exit_code, result.stderr, left_out)


def import_into(project_path: Path, path: Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli(), ["import", str(project_path), str(path)])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stderr


# --------------------------------------------------------------------------- readers


def read(exported: Exported, texts: list[str]) -> Held:
    """``texts``: the articles' texts in article order (CoNLL and CSV do not carry them whole)."""
    return {"jsonl": read_jsonl, "spacy": read_spacy, "csv": read_csv, "conll": read_conll, "brat": read_brat}[exported.fmt](
        exported.path, texts
    )


def _jsonl_held(record: dict[str, Any], text: str, held: Held) -> None:
    """A JSONL record (or a DocBin's user_data record) into ``held``."""
    article = {k: record[k] for k in ("id", "title", "meta", "publisher", "url", "published", "status", "text") if k in record}
    held.articles.append(article)
    held.docs.append(record.get("doc", {}))
    spans, by_id = [], {}
    for item in record.get("spans", []):
        key = (item["start"], item["end"], item["label"])
        by_id[item.get("id")] = key
        span = {"key": key, **{k: item[k] for k in ("id", "text", "layer", "status", "origin", "attrs", "by", "created", "updated") if k in item}}
        spans.append(span)
        if "text" in item and item["text"] != text[item["start"]:item["end"]]:
            held.consumer_errors.append(f"span {key}: \"text\" {item['text']!r} is not the article's text there")
    held.spans.append(spans)
    relations = []
    for item in record.get("relations", []):
        head = by_id.get(item["head"]) if isinstance(item["head"], str) else None
        child = by_id.get(item["child"]) if isinstance(item["child"], str) else None
        if head is None or child is None:
            held.consumer_errors.append(f"relation {item.get('label')} points to a span id not in the record")
            continue
        for end, brief in (("head", item.get("head_span")), ("child", item.get("child_span"))):
            if brief is not None and (brief["start"], brief["end"], brief["label"]) != (head if end == "head" else child):
                held.consumer_errors.append(f"relation {item['label']}: {end}_span {brief} does not match its span")
        relations.append({"head": head, "child": child, "label": item["label"],
                          **{k: item[k] for k in ("id", "status", "origin", "attrs", "by", "created", "updated") if k in item}})
    held.relations.append(relations)


def read_jsonl(path: Path, texts: list[str]) -> Held:
    from annotator.formats.common import tokenizer

    held = Held()
    lines = [line for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]
    for index, line in enumerate(lines):
        record = json.loads(line)
        text = record.get("text", texts[index] if index < len(texts) else "")
        _jsonl_held(record, text, held)
        doc = tokenizer()(text)
        for item in record.get("spans", []):  # Prodigy's token_start/token_end (inclusive) cover the span
            ts, te = item.get("token_start"), item.get("token_end")
            if ts is None or te is None:
                continue
            inner = text[item["start"]:item["end"]]
            if not inner.strip():
                continue  # only whitespace: no token to point at
            # Whitespace at a span's edges belongs to no token (spaCy keeps it as trailing whitespace).
            start = item["start"] + len(inner) - len(inner.lstrip())
            end = item["end"] - (len(inner) - len(inner.rstrip()))
            if not (0 <= ts <= te < len(doc)) or not (doc[ts].idx <= start and end <= doc[te].idx + len(doc[te].text_with_ws)):
                held.consumer_errors.append(f"span {(item['start'], item['end'], item['label'])}: tokens {ts}..{te} do not cover it")
    return held


def read_spacy(path: Path, texts: list[str]) -> Held:
    import spacy
    from spacy.tokens import DocBin

    held = Held(ents=[])
    docs = list(DocBin().from_disk(path).get_docs(spacy.blank("en").vocab))
    for index, doc in enumerate(docs):
        record = doc.user_data.get("annotator", {})
        text = texts[index] if index < len(texts) else doc.text
        if doc.text != text:
            held.consumer_errors.append(f"doc {index}: doc.text is not the article text")
        _jsonl_held({**record, "text": doc.text}, doc.text, held)
        user = {s["key"]: s for s in held.spans[-1]}
        # What `spacy train` sees: doc.spans and doc.ents. Fields only in user_data count as held
        # for the exactly matching span; a span whose offsets differ is a different span.
        spans = []
        for layer, group in doc.spans.items():
            for piece in group:
                key = (piece.start_char, piece.end_char, piece.label_)
                fields = {k: v for k, v in user.get(key, {}).items() if k not in ("key", "status")}
                spans.append({"key": key, **fields, "layer": layer})
        held.spans[-1] = spans
        held.ents.append([(e.start_char, e.end_char, e.label_) for e in doc.ents])
    return held


def read_csv(path: Path, texts: list[str]) -> Held:
    from annotator.formats.csvfmt import COLUMNS, FORMULA_START

    def plain(cell: str) -> str:  # the documented spreadsheet guard: a leading ' before = + - @ tab CR
        return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_START) else cell

    held = Held()
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    if not rows or tuple(rows[0]) != COLUMNS:
        held.consumer_errors.append(f"header {rows[:1]} is not {COLUMNS}")
        return held
    by_article: dict[str, list[dict[str, str]]] = {}
    for row in rows[1:]:
        record = dict(zip(COLUMNS, row))
        by_article.setdefault(record["article_id"], []).append(record)
    for index, text in enumerate(texts):
        records = by_article.get(str(index + 1), [])
        held.articles.append({"title": plain(records[0]["article_title"])} if records else {})
        spans, relations = [], []
        for r in records:
            key = (int(r["start"]), int(r["end"]), plain(r["label"]))
            if plain(r["text"]) != text[key[0]:key[1]]:
                held.consumer_errors.append(f"span {key}: text cell {r['text']!r} is not the article's text there")
            spans.append({"key": key, "id": r["span_id"], "layer": r["layer"], "status": r["status"], "origin": plain(r["origin"]),
                          "attrs": json.loads(r["attrs"])})
            for label in ("speaker", "cue"):
                for child_text in (plain(r[label]).split(" | ") if r[label] else []):
                    relations.append({"head": key, "child_text": child_text, "label": label.upper()})
        held.spans.append(spans)
        held.relations.append(relations)
    return held


def read_conll(path: Path, texts: list[str]) -> Held:
    from spacy.training.converters import conll_ner_to_docs

    from annotator.formats.common import tokenizer

    held = Held()
    data = path.read_text(encoding="utf-8")
    try:
        docs = list(conll_ner_to_docs(data, n_sents=1, seg_sents=False, no_print=True))  # `spacy convert -c ner` defaults
    except Exception as exc:  # noqa: BLE001 - what the consumer says is the finding
        held.consumer_errors.append(f"spacy convert -c ner fails: {type(exc).__name__}: {exc}")
        return held
    if any([w.text for w in d] == ["-DOCSTART-"] for d in docs):
        held.consumer_errors.append(
            "spacy convert -c ner reads '-DOCSTART- O' as a sentence with the word '-DOCSTART-' "
            "(its document delimiter is '-DOCSTART- -X- O O')"
        )
        docs = [d for d in docs if [w.text for w in d] != ["-DOCSTART-"]]
    words = [w.text for d in docs for w in d]
    expected_words = [t.text.replace(" ", "_") for text in texts for t in tokenizer()(text) if not t.is_space]
    if words != expected_words:
        first = next((i for i, (a, b) in enumerate(zip(words, expected_words)) if a != b), min(len(words), len(expected_words)))
        held.consumer_errors.append(
            f"spacy convert reads other words than the articles' tokens from word {first}: "
            f"{words[first:first + 3]} instead of {expected_words[first:first + 3]} ({len(words)} words, {len(expected_words)} tokens)"
        )
        return held
    # Map the consumer's tokens back to character offsets of each article.
    position = 0
    all_tokens = [(i, t.idx, t.idx + len(t.text)) for i, text in enumerate(texts) for t in tokenizer()(text) if not t.is_space]
    ents_by_article: list[list[Key]] = [[] for _ in texts]
    for doc in docs:
        for ent in doc.ents:
            first, last = all_tokens[position + ent.start], all_tokens[position + ent.end - 1]
            if first[0] != last[0]:
                held.consumer_errors.append(f"entity {ent.text!r} runs across two articles")
                continue
            ents_by_article[first[0]].append((first[1], last[2], ent.label_))
        position += len(doc)
    for ents in ents_by_article:
        held.articles.append({})
        held.spans.append([{"key": key} for key in ents])
        held.relations.append([])
    held.ents = None  # the spans are the IOB entities: checked once
    return held


def bratcheck(folder: Path) -> list[str]:
    """brat's server parsing rules (``bratcheck.py --universal-newlines``): the lines brat would reject."""
    if not BRATCHECK.is_file():
        return []
    out = io.StringIO()
    argv = sys.argv
    sys.argv = [str(BRATCHECK), str(folder), "--universal-newlines"]
    try:
        with contextlib.redirect_stdout(out):
            runpy.run_path(str(BRATCHECK), run_name="__main__")
    except Exception as exc:  # noqa: BLE001 - a crash of the checker on our file is a finding too
        return [f"bratcheck crashed: {type(exc).__name__}: {exc}"]
    finally:
        sys.argv = argv
    return [line for line in out.getvalue().splitlines() if "brat would reject" in line and not line.startswith("bratcheck:")]


def read_brat(folder: Path, texts: list[str]) -> Held:
    held = Held()
    held.consumer_errors.extend(bratcheck(folder))
    anns = sorted(folder.glob("*.ann"))
    if len(anns) != len(texts):
        held.consumer_errors.append(f"{len(anns)} .ann files for {len(texts)} articles")
    for ann, text in zip(anns, texts):
        txt = ann.with_suffix(".txt").read_bytes().decode("utf-8")
        # brat opens the text with Python's universal newlines: that is the text its offsets index.
        seen_by_brat = txt.replace("\r\n", "\n").replace("\r", "\n")
        if txt != text:
            held.consumer_errors.append(f"{ann.with_suffix('.txt').name} is not the article text")
        held.articles.append({"text": txt})
        spans: dict[str, dict[str, Any]] = {}
        by_tid: dict[str, Key] = {}
        relations: list[dict[str, Any]] = []
        rel_attrs: dict[str, dict[str, Any]] = {}
        lines = ann.read_text(encoding="utf-8").split("\n")
        for line in lines:
            if line.startswith("T"):
                tid, body, *_ = line.split("\t") + [""]
                label, offsets = body.split(" ", 1)
                for n, part in enumerate(offsets.split(";")):
                    s, e = (int(x) for x in part.split())
                    if e > len(seen_by_brat):
                        continue
                    key = (s, e, label)
                    spans[f"{tid}#{n}"] = {"key": key, "text": seen_by_brat[s:e], "status": "accepted", "attrs": {}}
                    if n == 0:
                        by_tid[tid] = key
                    else:  # a discontinuous T is our FRAGMENT relation, first piece → later piece
                        relations.append({"head": spans[f"{tid}#0"]["key"], "child": key, "label": "FRAGMENT"})
        for line in lines:
            if line.startswith("A"):
                parts = line.split("\t")[1].split()
                name, target, value = parts[0], parts[1], (parts[2] if len(parts) > 2 else True)
                if target.startswith("R"):
                    rel_attrs.setdefault(target, {})[name] = value
                    continue
                span = spans.get(f"{target}#0")
                if span is None:
                    continue
                if name == "AnnotatorStatus":
                    span["status"] = value
                else:
                    span["attrs"][name] = value
            elif line.startswith("#"):
                fields = line.split("\t")
                target = fields[1].split()[1]
                if f"{target}#0" in spans:
                    spans[f"{target}#0"]["attrs"]["note"] = fields[2] if len(fields) > 2 else ""
            elif line.startswith("R"):
                rid, body = line.split("\t")[:2]
                label, arg1, arg2 = body.split()
                head, child = by_tid.get(arg1.split(":", 1)[1]), by_tid.get(arg2.split(":", 1)[1])
                if head is not None and child is not None:
                    relations.append({"head": head, "child": child, "label": label, "_rid": rid})
        for rel in relations:
            rel["attrs"] = rel_attrs.get(rel.pop("_rid", ""), {})
        held.spans.append(list(spans.values()))
        held.relations.append(relations)
    return held


def files_of(exported: Exported) -> list[tuple[str, bytes]]:
    """The export's bytes: the file, or every file of a brat folder in name order (names from the
    article id and file name are left out: re-import renames the article's file)."""
    if exported.path.is_dir():
        return [(p.suffix, p.read_bytes()) for p in sorted(exported.path.iterdir())]
    return [("", exported.path.read_bytes())]
