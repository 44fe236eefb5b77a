"""A small project with every kind of annotation, built the same way every time, and its exports.

The golden files in ``tests/formats/golden/`` were written by the export code as it was before the
exports were reworked for speed (issue 12); ``test_export_golden.py`` asserts that today's code
writes them byte for byte (DocBin: the same docs). Regenerate them only for an intended change of
output::

    .venv/bin/python -m tests.formats.golden_project tests/formats/golden
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

from annotator.formats import brat, conll, csvfmt, import_sources, jsonl, plan, spacy_docbin
from annotator.formats.common import ExportReport, ImportOptions
from annotator.formats.stream import iter_bundles, note_withheld, statuses_for
from annotator.storage.project import Project

GOLDEN = Path(__file__).with_name("golden")
STAMP = "2024-05-06T07:08:09Z"
# Emoji and a mathematical letter outside the BMP, CJK, a combining accent, CRLF, a no-break space.
T1 = "Smiley 😄 Müller said: \u201cNi hao 北京\u201d.\r\nCafe\u0301 owner\u00a0Ana said so.\r\n"
T2 = ("Ana Ruiz-Lopez's team said on Monday that the plan, she added, \"will work in 𝔘tah\".\n"
      "The Ministry of Finance disagreed.  Bob  Smith of Acme Corp. called it \"a failure\".\n\n"
      "Nobody else spoke.")
T3 = "Short note without annotations."
T4 = "Dr. Lee met Mr. Park in Seoul. They said nothing new. U.S. officials didn't comment."


def _at(text: str, part: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(part, start + 1)
    return start, start + len(part)


def _span(sid: str, text: str, part: str, label: str, layer: str, status: str = "accepted", nth: int = 0, **extra: Any) -> dict:
    start, end = _at(text, part, nth)
    return {"id": sid, "start": start, "end": end, "label": label, "layer": layer, "status": status,
            "origin": extra.pop("origin", "manual"), "by": extra.pop("by", "ana"), "created": STAMP, "updated": STAMP, **extra}


def records() -> list[dict]:
    """The JSONL lines the golden project is imported from."""
    one = {
        "text": T1, "title": "Smiley", "publisher": "Wire", "url": "https://example.org/a", "published": "2024-01-02",
        "meta": {"file": "smiley.txt", "n": 1},
        "spans": [
            _span("q1", T1, "Ni hao 北京", "QUOTE", "quote", attrs={"kind": "direct", "note": "CJK inside"}),
            _span("s1", T1, "Müller", "SPEAKER", "speaker"),
            _span("c1", T1, "said", "CUE", "cue"),
            _span("e1", T1, "😄", "MISC", "entity"),
            _span("p1", T1, "Cafe\u0301", "ORG", "entity", status="suggested", origin="model"),
            _span("n1", T1, "owner\u00a0Ana", "PERSON", "entity"),
        ],
        "relations": [
            {"id": "r1", "head": "q1", "child": "s1", "label": "SPEAKER"},
            {"id": "r2", "head": "q1", "child": "c1", "label": "CUE"},
        ],
        "doc": {"stances": [{"id": "st1", "holder": "Müller", "target": "Beijing", "polarity": "favor", "evidence": "q1",
                             "holder_span": "s1"}],
                "tags": [{"id": "t1", "tag": "world"}]},
    }
    two = {
        "text": T2, "title": "Plan", "meta": {"file": "plan.txt"},
        "spans": [
            _span("a1", T2, "Ana Ruiz-Lopez", "PERSON", "entity"),  # edge inside "Lopez's"
            _span("a2", T2, "Ruiz", "ORG", "entity"),  # overlaps a1
            _span("a3", T2, "Ana", "PERSON", "entity", status="rejected", origin="model"),
            _span("a4", T2, "Monday", "DATE", "entity", status="suggested", origin="model"),
            _span("a5", T2, "Ministry of Finance", "ORG", "entity",
                  suggestion={"start": _at(T2, "Finance")[0], "end": _at(T2, "Finance")[1], "label": "GPE"}, origin="model"),
            _span("a7", T2, " Bob  Smith ", "PERSON", "entity"),  # whitespace edges
            _span("a8", T2, "Acme Corp.", "ORG", "entity", attrs={"wikidata": "Q1"}),
            _span("a9", T2, "𝔘tah", "GPE", "entity"),
            _span("a10", T2, "  ", "MISC", "entity", nth=0),  # whitespace only
            _span("a11", T2, "Monday that", "EVENT TYPE", "entity"),  # a label with a space; overlaps a4
            _span("q2", T2, "the plan", "QUOTE", "quote"),
            _span("q3", T2, "\"will work in 𝔘tah\"", "QUOTE", "quote"),  # the second fragment
            _span("s2", T2, "Ana Ruiz-Lopez's team", "SPEAKER", "speaker"),
            _span("c2", T2, "said", "CUE", "cue"),
            _span("c3", T2, "added", "CUE", "cue", status="rejected", origin="model"),
            _span("q4", T2, "\"a failure\"", "QUOTE", "quote", status="suggested", origin="model"),
            _span("s3", T2, "Bob  Smith", "SPEAKER", "speaker", status="suggested", origin="model"),
            _span("k1", T2, "The Ministry of Finance disagreed.", "CLAIM", "claim"),
        ],
        "relations": [
            {"id": "r3", "head": "q2", "child": "q3", "label": "FRAGMENT"},
            {"id": "r4", "head": "q2", "child": "s2", "label": "SPEAKER"},
            {"id": "r5", "head": "q2", "child": "c2", "label": "CUE"},
            {"id": "r6", "head": "q2", "child": "c3", "label": "CUE", "status": "rejected", "origin": "model"},
            {"id": "r7", "head": "q4", "child": "s3", "label": "SPEAKER", "status": "suggested", "origin": "model"},
        ],
        "doc": {"stances": [
            {"id": "st2", "holder": "Ana Ruiz-Lopez", "target": "the plan", "polarity": "favor", "evidence": "q2", "holder_span": "s2"},
            {"id": "st3", "holder": "The Ministry", "target": "the plan", "polarity": "against", "evidence": "k1",
             "status": "rejected", "origin": "model"},
        ], "tags": [{"id": "t2", "tag": "economy"}, {"id": "t3", "tag": "politics"}]},
    }
    three = {"text": T3, "meta": {}}
    four = {
        "text": T4, "meta": {"file": "lee.txt"},
        "spans": [_span("d1", T4, "Dr. Lee", "PERSON", "entity"), _span("d2", T4, "Seoul", "GPE", "entity"),
                  _span("d3", T4, "U.S.", "GPE", "entity", status="suggested", origin="model"),
                  _span("d4", T4, "did", "CUE", "cue")],
    }
    return [one, two, three, four]


def build(folder: Path) -> Project:
    """The golden project in ``folder/golden.db``, its times fixed (import stamps what has none with now)."""
    source = folder / "golden-in.jsonl"
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records()), encoding="utf-8")
    project = Project.open(folder / "golden.db")
    import_sources(project, plan([source]), ImportOptions(schema=project.schema))
    with project.writing():
        project.db.execute("UPDATE articles SET added = ?, updated = ?", [STAMP, STAMP])
        for table in ("spans", "relations", "stances", "tags"):
            for column in ("created", "updated"):
                if column in project.db[table].columns_dict:
                    project.db.execute(f"UPDATE {table} SET {column} = ?", [STAMP])
    return project


def _report(report: ExportReport) -> dict:
    return {"articles": report.articles, "spans": report.spans, "relations": report.relations, "left_out": report.left_out}


def export_all(project: Project, out: Path) -> dict[str, dict]:
    """Every format and status of the project into ``out``; the reports by output name."""
    out.mkdir(parents=True, exist_ok=True)
    reports: dict[str, dict] = {}
    for status in ("all", "accepted"):
        statuses = statuses_for(status)

        def noted(report: ExportReport) -> dict:
            note_withheld(report, project, statuses)
            return _report(report)

        for name, writer in (
            (f"{status}.jsonl", lambda fh: jsonl.write(iter_bundles(project, statuses=statuses), fh)),
            (f"{status}-tokens.jsonl", lambda fh: jsonl.write(iter_bundles(project, statuses=statuses), fh, tokens=True)),
            (f"{status}.conll", lambda fh: conll.write(iter_bundles(project, statuses=statuses), fh)),
        ):
            with (out / name).open("w", encoding="utf-8", newline="\n") as fh:
                reports[name] = noted(writer(fh))
        with (out / f"{status}.csv").open("w", encoding="utf-8", newline="") as fh:
            reports[f"{status}.csv"] = noted(csvfmt.write(iter_bundles(project, statuses=statuses), fh))
        reports[f"{status}.spacy"] = noted(spacy_docbin.write(iter_bundles(project, statuses=statuses), out / f"{status}.spacy"))
        reports[f"brat-{status}"] = noted(brat.write(iter_bundles(project, statuses=statuses), out / f"brat-{status}"))
    (out / "reports.json").write_text(json.dumps(reports, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return reports


def docs_of(path: Path) -> list[dict]:
    """Everything a DocBin holds of each doc, comparable with ``==``: tokens and their
    attributes, ents, span groups (offsets, labels, ids), user_data."""
    import spacy
    from spacy.tokens import DocBin

    vocab = spacy.blank("en").vocab
    files = sorted(path.glob("*.spacy")) if path.is_dir() else [path]
    found = []
    for file in files:
        for doc in DocBin().from_disk(file).get_docs(vocab):
            found.append({
                "json": doc.to_json(),
                "tokens": [(t.text, t.whitespace_, t.norm_, t.ent_iob_, t.ent_type_, t.ent_id_, t.ent_kb_id_) for t in doc],
                "ents": [(e.start_char, e.end_char, e.label_, e.id_) for e in doc.ents],
                "spans": {key: [(s.start_char, s.end_char, s.label_, s.id_, s.kb_id_) for s in group]
                          for key, group in sorted(doc.spans.items())},
                "user_data": {str(k): v for k, v in doc.user_data.items()},
            })
    return found


def main(argv: list[str]) -> int:
    import tempfile

    target = Path(argv[0]) if argv else GOLDEN
    with tempfile.TemporaryDirectory() as tmp:
        project = build(Path(tmp))
        try:
            export_all(project, target)
        finally:
            project.close()
    for spacy_file in target.glob("*.spacy"):
        (target / f"{spacy_file.stem}.spacy.json").write_text(
            json.dumps(docs_of(spacy_file), ensure_ascii=False, indent=1, default=str) + "\n", encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
