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
    ner_only: bool = False  # the format holds only the NER view (CoNLL): accepted entities are checked in `ents`


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
    doc = dict(record.get("doc", {}))
    if "tags" in doc:  # {"id", "tag", "origin", "by", "created"} per tag (docs/formats.md, JSONL)
        tags = []
        for tag in doc["tags"]:
            if not isinstance(tag, dict) or not isinstance(tag.get("tag"), str):
                held.consumer_errors.append(f"tag {tag!r} is not an object with a \"tag\"")
                continue
            tags.append(tag["tag"])
        doc["tags"] = tags
    held.docs.append(doc)
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
    from annotator.formats.spacy_tokens import aligned_doc, trim_whitespace

    held = Held()
    lines = [line for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]
    for index, line in enumerate(lines):
        record = json.loads(line)
        text = record.get("text", texts[index] if index < len(texts) else "")
        _jsonl_held(record, text, held)
        # fix33: the indices are of the tokenizer's tokens split at the line's span edges (and each
        # entity's trimmed edges), the DocBin export's tokens
        edges = [(s["start"], s["end"]) for s in record.get("spans", [])]
        edges += [t for s in record.get("spans", []) if s.get("layer") == "entity"
                  and (t := trim_whitespace(text, s["start"], s["end"])) is not None]
        doc = aligned_doc(text, edges)
        for item in record.get("spans", []):  # Prodigy's token_start/token_end (inclusive) cover the span
            ts, te = item.get("token_start"), item.get("token_end")
            if ts is None or te is None:
                continue
            # fix33: exactly the span, not more (a consumer rebuilds the span from its tokens)
            if not (0 <= ts <= te < len(doc)) or (doc[ts].idx, doc[te].idx + len(doc[te].text)) != (item["start"], item["end"]):
                held.consumer_errors.append(f"span {(item['start'], item['end'], item['label'])}: tokens {ts}..{te} are not exactly it")
    return held


SPACY_STATUS_SUFFIXES = (("_rejected_contradicted", "rejected"), ("_suggested", "suggested"), ("_rejected", "rejected"))


def _spacy_group(key: str) -> tuple[str, str]:
    """A ``doc.spans`` key → (layer, status): ``quote`` holds accepted spans, ``quote_suggested`` /
    ``quote_rejected`` the others, ``entity_rejected_contradicted`` rejected entities identical to
    one in ``doc.ents`` (docs/formats.md, spaCy DocBin)."""
    for suffix, status in SPACY_STATUS_SUFFIXES:
        if key.endswith(suffix):
            return key[: -len(suffix)], status
    return key, "accepted"


def read_spacy(path: Path, texts: list[str]) -> Held:
    import spacy
    from spacy.tokens import DocBin

    held = Held(ents=[])
    docs = list(DocBin().from_disk(path).get_docs(spacy.blank("en").vocab))
    for index, doc in enumerate(docs):
        record = doc.user_data.get("annotator")
        if not isinstance(record, dict) or record.get("version") != 1:
            held.consumer_errors.append(f"doc {index}: user_data[\"annotator\"] is not a version 1 record")
            record = {}
        text = texts[index] if index < len(texts) else doc.text
        if doc.text != text:
            held.consumer_errors.append(f"doc {index}: doc.text is not the article text")
        user_spans = record.get("spans", {})
        for span_id, item in user_spans.items():
            if item.get("id") != span_id:
                held.consumer_errors.append(f"doc {index}: user_data span under {span_id!r} has id {item.get('id')!r}")
        _jsonl_held({**record.get("article", {}), "text": doc.text, "spans": list(user_spans.values()),
                     "relations": record.get("relations", []),
                     "doc": {"tags": record.get("tags", []), "stances": record.get("stances", [])}}, doc.text, held)
        # What `spacy train` sees: doc.spans and doc.ents. The layer and status are the doc.spans
        # key's; the other fields come from the user_data record Span.id_ names, and only when
        # that record is at the same place with the same label (else it is a different span).
        spans = []
        for group_key, group in doc.spans.items():
            layer, status = _spacy_group(group_key)
            for piece in group:
                key = (piece.start_char, piece.end_char, piece.label_)
                item = user_spans.get(piece.id_, {})
                fields = {}
                if (item.get("start"), item.get("end"), item.get("label")) == key:
                    fields = {k: item[k] for k in ("id", "origin", "attrs", "by", "created", "updated") if k in item}
                    if item.get("status") != status or item.get("layer") != layer:
                        held.consumer_errors.append(f"span {key}: doc.spans[{group_key!r}] but user_data says "
                                                    f"{item.get('layer')!r} {item.get('status')!r}")
                spans.append({"key": key, **fields, "text": piece.text, "layer": layer, "status": status})
        held.spans[-1] = spans
        held.ents.append([(e.start_char, e.end_char, e.label_) for e in doc.ents])
        # Undecided entities are neither entity nor O in the NER view: their tokens are missing.
        entity_at = {i for e in doc.ents for i in range(e.start, e.end)}
        for piece in doc.spans.get("entity_suggested", []):
            inner = [t for t in piece if not t.is_space and t.i not in entity_at]
            if any(t.ent_iob_ != "" for t in inner):
                held.consumer_errors.append(f"suggested entity {piece.text!r}: its tokens are tagged, not missing")
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
                          "attrs": json.loads(r["attrs"]), "by": plain(r["by"]), "created": r["created"], "updated": r["updated"]})
            for label in ("speaker", "cue"):
                for child_text in (plain(r[label]).split(" | ") if r[label] else []):
                    relations.append({"head": key, "child_text": child_text, "label": label.upper()})
        held.spans.append(spans)
        held.relations.append(relations)
    return held


def read_conll(path: Path, texts: list[str]) -> Held:
    from spacy.training.converters import conll_ner_to_docs

    from annotator.formats.conll import INVISIBLE

    held = Held()
    data = path.read_text(encoding="utf-8")
    for number, line in enumerate(data.split("\n"), 1):  # token, POS, chunk, NER tag (docs/formats.md)
        if line.strip() and not line.startswith("-DOCSTART-") and len(line.split()) != 4:
            held.consumer_errors.append(f"line {number} has {len(line.split())} columns, not 4: {line!r}")
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
    # One document per article that has a word (an empty -DOCSTART- block makes none).
    wordy = [i for i, text in enumerate(texts) if text.strip()]
    if len(docs) != len(wordy):
        held.consumer_errors.append(f"spacy convert -c ner reads {len(docs)} documents for {len(wordy)} articles with words")
        return held
    ents_by_article: list[list[Key]] = [[] for _ in texts]
    for index, doc in zip(wordy, docs):
        # The words, in order, are the article's non-whitespace characters; map each back to its offsets.
        # CoNLL leaves invisible characters (conll.INVISIBLE) out of its words as it does whitespace:
        # skipped between words and inside one.
        text, position, offsets = texts[index], 0, []
        for word in doc:
            while position < len(text) and (text[position].isspace() or text[position] in INVISIBLE):
                position += 1
            start, matched = position, 0
            while matched < len(word.text) and position < len(text):
                if text[position] == word.text[matched]:
                    matched += 1
                elif text[position] not in INVISIBLE or matched == 0:
                    break
                position += 1
            if matched < len(word.text):
                held.consumer_errors.append(f"article {index + 1}: word {word.text!r} is not the text at {start} "
                                            f"({text[start:start + len(word.text)]!r})")
                break
            offsets.append((start, position))
        else:
            if any(not c.isspace() and c not in INVISIBLE for c in text[position:]):
                held.consumer_errors.append(f"article {index + 1}: text after the last word is missing: {text[position:position + 20]!r}")
            ents_by_article[index] = [(offsets[e.start][0], offsets[e.end - 1][1], e.label_) for e in doc.ents]
    for _ in texts:
        held.articles.append({})
        held.spans.append([])  # CoNLL holds no span records: only the NER view below
        held.relations.append([])
    held.ents = ents_by_article
    held.ner_only = True
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


# Every character str.splitlines breaks at: brat reads the .ann line by line with it.
LINE_BREAKS = frozenset(c for c in map(chr, range(0x3000)) if len(f"a{c}b".splitlines()) == 2)


def _brat_positions(txt: str) -> list[int]:
    """For each character brat reads (universal newlines: CRLF and a lone CR become one LF; a BOM
    is character 0), the code point of the .txt where it begins; one more entry for the end."""
    positions, i = [], 0
    while i < len(txt):
        positions.append(i)
        i += 2 if txt.startswith("\r\n", i) else 1
    return positions + [len(txt)]


def read_brat(folder: Path, texts: list[str]) -> Held:
    """The .ann lines as docs/formats.md (brat) describes them, offsets mapped from brat's reading
    of the .txt back to code points of the .txt: a T line's fragments separated only by line
    breaks (or touching) are one span, pieces further apart are spans tied by FRAGMENT;
    ``AnnotatorStatus`` on T and R, ``AnnotatorArgNFragment`` on R, ``AnnotatorProvenance`` and
    ``AnnotatorNotes`` comments."""
    held = Held()
    held.consumer_errors.extend(bratcheck(folder))
    anns = sorted(folder.glob("*.ann"))
    if len(anns) != len(texts):
        held.consumer_errors.append(f"{len(anns)} .ann files for {len(texts)} articles")
    for ann, text in zip(anns, texts):
        # brat reads the .txt as UTF-8 with a byte-order mark kept as character 0; a UTF-8 reader
        # (utf-8-sig) drops the mark: that is the article text.
        txt = ann.with_suffix(".txt").read_bytes().decode("utf-8")
        seen_by_brat = txt.replace("\r\n", "\n").replace("\r", "\n")
        bom = 1 if txt.startswith("\ufeff") else 0
        position = [p - bom for p in _brat_positions(txt)]  # brat offset → code point of the article text
        txt = txt[bom:]
        if txt != text:
            held.consumer_errors.append(f"{ann.with_suffix('.txt').name} is not the article text")
        held.articles.append({"text": txt})
        spans: dict[str, dict[str, Any]] = {}  # "T1#n" (n: index of the piece's first fragment) → span
        pieces_of: dict[str, list[str]] = {}
        relations: dict[str, dict[str, Any]] = {}  # R id (or T id + piece for FRAGMENT) → relation
        notes: dict[str, list[str]] = {}
        lines = ann.read_text(encoding="utf-8").split("\n")
        for line in lines:
            if not line.startswith("T"):
                continue
            tid, body, field = (line.split("\t", 2) + ["", ""])[:3]  # the text field may hold a tab (brat reads to the end)
            label, offsets = body.split(" ", 1)
            fragments = []
            for part in offsets.split(";"):
                s, e = (int(x) for x in part.split())
                if not 0 <= s <= e < len(position) or position[s] < 0:
                    held.consumer_errors.append(f"{tid}: offsets {s} {e} outside the text brat reads")
                    fragments = []
                    break
                fragments.append((position[s], position[e]))
            if not fragments:
                continue
            if field != " ".join(seen_by_brat[s:e] for s, e in (tuple(map(int, q.split())) for q in offsets.split(";"))):
                held.consumer_errors.append(f"{tid}: text field {field!r} is not the text brat reads there")
            pieces: list[list[int]] = []  # [start, end, first fragment index]
            for n, (s, e) in enumerate(fragments):
                if pieces and all(c in LINE_BREAKS for c in txt[pieces[-1][1]:s]):
                    pieces[-1][1] = e
                else:
                    pieces.append([s, e, n])
            pieces_of[tid] = []
            for s, e, n in pieces:
                name = f"{tid}#{n}"
                pieces_of[tid].append(name)
                spans[name] = {"key": (s, e, label), "text": txt[s:e], "status": "accepted", "attrs": {}}
            first = spans[pieces_of[tid][0]]
            for later in pieces_of[tid][1:]:
                relations[later] = {"head": first["key"], "child": spans[later]["key"], "label": "FRAGMENT",
                                    "status": "accepted", "attrs": {}}
        arg_fragment: dict[str, dict[str, str]] = {}
        for line in lines:
            if line.startswith("R"):
                rid, body = line.split("\t")[:2]
                label, arg1, arg2 = body.split()
                relations[rid] = {"_args": (arg1.split(":", 1)[1], arg2.split(":", 1)[1]), "label": label,
                                  "status": "accepted", "attrs": {}}
        for line in lines:
            if line.startswith("A"):
                name, target, *value = line.split("\t")[1].split(" ", 2)
                value = value[0] if value else True
                record = relations.get(target) if target.startswith("R") else spans.get((pieces_of.get(target) or [""])[0])
                if record is None:
                    continue
                if name == "AnnotatorStatus":
                    for piece in (pieces_of.get(target) or [target]):  # the status of all its pieces
                        (relations if target.startswith("R") else spans)[piece]["status"] = value
                    for later in pieces_of.get(target, [])[1:]:
                        relations[later]["status"] = value
                elif name in ("AnnotatorArg1Fragment", "AnnotatorArg2Fragment"):
                    arg_fragment.setdefault(target, {})[name[9:13]] = value
                else:
                    record["attrs"][name] = value
            elif line.startswith("#"):
                fields = line.split("\t")
                kind, target = fields[1].split()[:2]
                record = relations.get(target) if target.startswith("R") else spans.get((pieces_of.get(target) or [""])[0])
                if record is None:
                    continue
                if kind == "AnnotatorProvenance":
                    provenance = json.loads(fields[2])
                    for piece in (pieces_of.get(target) or [target]):
                        (relations if target.startswith("R") else spans)[piece].update(provenance)
                    for later in pieces_of.get(target, [])[1:]:
                        relations[later].update(provenance)
                else:
                    notes.setdefault(target, []).append(fields[2] if len(fields) > 2 else "")
        for target, lines_of_note in notes.items():  # one # line per line of the note
            record = relations[target] if target.startswith("R") else spans[pieces_of[target][0]]
            record["attrs"]["note"] = "\n".join(lines_of_note)
        held_relations = []
        for rid, rel in relations.items():
            if "_args" in rel:
                ends = []
                for arg, tid in zip(("Arg1", "Arg2"), rel.pop("_args")):
                    n = arg_fragment.get(rid, {}).get(arg, "0")
                    ends.append(spans[f"{tid}#{n}"]["key"] if f"{tid}#{n}" in spans else None)
                if None in ends:
                    held.consumer_errors.append(f"{rid}: an argument is not a span")
                    continue
                rel["head"], rel["child"] = ends
            held_relations.append(rel)
        held.spans.append(list(spans.values()))
        held.relations.append(held_relations)
    return held


def files_of(exported: Exported) -> list[tuple[str, bytes]]:
    """The export's bytes: the file, or every file of a brat folder in name order (names from the
    article id and file name are left out: re-import renames the article's file)."""
    if exported.path.is_dir():
        return [(p.suffix, p.read_bytes()) for p in sorted(exported.path.iterdir())]
    return [("", exported.path.read_bytes())]
