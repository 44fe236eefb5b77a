"""The data of ``python -m benchmarks``, built from ``../shared/data`` into the run's work folder.

* Projects of N articles: FNC-1 bodies repeated and made unique (:func:`benchmarks.import_export.load_rows`),
  each with spans placed like real ones (:func:`place_spans`), imported through the real JSONL
  importer. The first :data:`PREANNOTATED` articles are as the window's pre-annotation leaves
  them (perf28, usertest26 M2): every span a suggestion (~30-60 an article) and interrupted
  quotes tied by ``FRAGMENT`` relations, which the article list counts once. Built once per size and work folder (``--workdir`` keeps them between runs); a
  scenario that changes a project works on a copy (:func:`scratch_copy`).
* A long document: FNC-1 bodies joined up to N words (100,000 in the full run) with ~1 span per
  10 words placed the same way.

Span placement, as the pre-annotator places them on news text: entities on runs of capitalised
words that do not start a sentence; every quotation of 20-400 characters between quotation marks
is a QUOTE, with a CUE (said, told, ...) within 60 characters after or before it and a SPEAKER (the
nearest capitalised run next to the cue), tied by SPEAKER and CUE relations; a quotation that goes
on after its cue (``"…," he said. "…"``, the next quotation within 80 characters of the cue) is
one interrupted quote, its pieces tied by ``FRAGMENT`` relations. Every other span and its
relations are suggestions, the rest accepted, so the window has suggestions to accept; in a
pre-annotated article (``suggested_only``) all are suggestions.

Raises :class:`DataMissing` when the FNC-1 bodies are not there (the scenarios then say "skipped").
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import sys
from pathlib import Path
from typing import Any

from benchmarks.import_export import load_rows
from annotator.paths import shared_data

ROOT = Path(__file__).resolve().parents[1]
SHARED = shared_data()
FNC1 = SHARED / "fnc1-train-bodies.csv"
FNC1_BODIES = 1683  # rows of fnc1-train-bodies.csv
PREANNOTATED = 500  # the first articles of every project: pre-annotated (all suggestions, interrupted quotes)
PROJECT_VERSION = 2  # in the project file's name: a --workdir built before perf28 holds projects without them

_QUOTE = re.compile(r"[\"“]([^\"“”\n]{20,400})[\"”]")
_CUE = re.compile(r"\b(?:said|says|told|added|adds|stated|claimed|according to|explained|warned)\b")
_CAPS = re.compile(r"\b[A-Z][a-z]+(?:[ -][A-Z][a-z]+)*\b")
_ENTITY_LABELS = ("PERSON", "ORG", "GPE")


class DataMissing(RuntimeError):
    """The shared data a scenario is built from is not on this machine."""


def need_fnc1() -> Path:
    if not FNC1.exists():
        raise DataMissing(f"{FNC1} is not here (FNC-1 bodies are read from ../shared/data or $ANNOTATOR_SHARED_DATA; never shipped)")
    return FNC1


def fnc_rows(n: int) -> list[dict[str, str]]:
    """``n`` distinct FNC-1 bodies (``Body ID``, ``articleBody``), repeated and made unique."""
    need_fnc1()
    return load_rows(-(-n // FNC1_BODIES), FNC1)[:n]


def place_spans(text: str, prefix: str, *, budget: int | None = None,
                suggested_only: bool = False) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Spans and relations (JSONL records, our import format) placed on ``text`` as described in
    the module docstring; at most ``budget`` spans; ``suggested_only``: every span and relation a
    suggestion (a pre-annotated article), else every other one."""
    spans: list[dict[str, Any]] = []
    relations: list[dict[str, Any]] = []
    taken: set[tuple[int, int, str]] = set()

    def add(start: int, end: int, label: str) -> str | None:
        if (start, end, label) in taken or (budget is not None and len(spans) >= budget):
            return None
        taken.add((start, end, label))
        span_id = f"{prefix}s{len(spans)}"
        spans.append({"id": span_id, "start": start, "end": end, "label": label,
                      "status": "suggested" if suggested_only or len(spans) % 2 == 0 else "accepted"})
        return span_id

    def speaker_near(a: int, b: int) -> tuple[int, int] | None:
        found = [m.span() for m in _CAPS.finditer(text, max(0, a), min(len(text), b))]
        return found[0] if found else None

    piece_of: tuple[str, int] | None = None  # (first piece's id, where the next piece may start by)
    for quote in _QUOTE.finditer(text):
        q_start, q_end = quote.span(1)
        first_piece = piece_of[0] if piece_of is not None and quote.start() <= piece_of[1] else None
        piece_of = None
        cue = _CUE.search(text, q_end, min(len(text), q_end + 60))
        if cue:
            speaker = speaker_near(cue.end(), cue.end() + 40) or speaker_near(q_end, cue.start())
        else:
            before = [m for m in _CUE.finditer(text, max(0, q_start - 60), q_start)]
            cue = before[-1] if before else None
            speaker = speaker_near(max(0, cue.start() - 40), cue.start()) if cue else None
        quote_id = add(q_start, q_end, "QUOTE")
        if quote_id is None:
            continue
        if first_piece is not None:  # the quotation goes on after its cue: one interrupted quote
            relations.append({"id": f"{quote_id}f", "head": first_piece, "child": quote_id, "label": "FRAGMENT",
                              "status": spans[-1]["status"]})
        if cue is not None and cue.start() >= q_end:
            piece_of = (first_piece or quote_id, cue.end() + 80)
        if cue is not None and (cue_id := add(cue.start(), cue.end(), "CUE")):
            relations.append({"id": f"{quote_id}c", "head": quote_id, "child": cue_id, "label": "CUE", "status": spans[-1]["status"]})
        if speaker is not None and (speaker_id := add(speaker[0], speaker[1], "SPEAKER")):
            relations.append({"id": f"{quote_id}p", "head": quote_id, "child": speaker_id, "label": "SPEAKER", "status": spans[-1]["status"]})
    for n, caps in enumerate(_CAPS.finditer(text)):
        before = text[max(0, caps.start() - 2):caps.start()]
        if caps.start() == 0 or before.endswith((". ", "\n", '"', "“")):
            continue  # a sentence's first word is capitalised anyway
        add(caps.start(), caps.end(), _ENTITY_LABELS[n % len(_ENTITY_LABELS)])
    return spans, relations


def write_jsonl(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for n, row in enumerate(rows):
            text = row["articleBody"]
            spans, relations = place_spans(text, f"{row['Body ID']}-", suggested_only=n < PREANNOTATED)
            record = {"text": text, "meta": {"Body ID": row["Body ID"]}, "spans": spans, "relations": relations}
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, ["Body ID", "articleBody"])
        writer.writeheader()
        writer.writerows(rows)
    return path


def import_file(project_path: Path, source: Path) -> None:
    """Import ``source`` with the real importer (one transaction), as ``annotator import`` does."""
    from annotator.formats import import_sources, plan
    from annotator.formats.common import ImportOptions
    from annotator.storage.project import Project

    with Project.open(project_path) as project:
        import_sources(project, plan([source]), ImportOptions(schema=project.schema))


class Workdir:
    """The run's folder of built data; each thing is built once and then reused."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.mkdir(parents=True, exist_ok=True)
        self._scratch = 0

    def project(self, n: int) -> Path:
        """A project of ``n`` FNC-1 articles with spans and relations (see the module docstring)."""
        target = self.path / f"fnc-{n}-v{PROJECT_VERSION}.db"
        if not target.exists():
            print(f"  building a {n:,}-article project ...", file=sys.stderr, flush=True)
            source = write_jsonl(self.path / f"fnc-{n}.jsonl", fnc_rows(n))
            building = target.with_suffix(".building")
            for leftover in self.path.glob(building.name + "*"):
                leftover.unlink()
            import_file(building, source)
            building.rename(target)
            source.unlink()
        return target

    def bodies_csv(self, n: int) -> Path:
        target = self.path / f"bodies-{n}.csv"
        if not target.exists():
            write_csv(target, fnc_rows(n))
        return target

    def long_document(self, n_words: int, n_spans: int) -> Path:
        """A JSONL file of one article: FNC-1 bodies joined up to ``n_words`` words, ``n_spans`` spans."""
        target = self.path / f"document-{n_words}-{n_spans}.jsonl"
        if not target.exists():
            text = long_text(n_words)
            spans, relations = place_spans(text, "d", budget=n_spans)
            record = {"text": text, "meta": {"title": f"{n_words:,} words of FNC-1"}, "spans": spans, "relations": relations}
            target.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
        return target

    def scratch_copy(self, source: Path) -> Path:
        """A fresh copy of a project file, for a scenario that writes to it."""
        self._scratch += 1
        target = self.path / f"scratch-{self._scratch}-{source.name}"
        shutil.copyfile(source, target)
        return target


def long_text(n_words: int) -> str:
    """FNC-1 bodies joined (blank line between) until ``n_words`` whitespace-separated words."""
    need_fnc1()
    parts, count = [], 0
    for row in load_rows(1 + n_words // 300_000, FNC1):
        words = row["articleBody"].split(" ")
        if count + len(words) > n_words:
            words = words[: n_words - count]
        parts.append(" ".join(words))
        count += len(words)
        if count >= n_words:
            break
    return "\n\n".join(parts)
