"""Do the suggestions stay the same? A check for speed work on pre-annotation (issue 12).

    .venv/bin/python -m benchmarks.suggestions_same --save REF.json    # before a change (REF.json outside the repository)
    .venv/bin/python -m benchmarks.suggestions_same --against REF.json # after it: exit 1 if any differs

On the first ``--limit`` FNC-1 bodies (default 100), the seed article and, with ``--polnear``,
the 84 polnear-dev articles, read from ../shared/data
(never copied into the repository; keep the reference file outside it too: it holds spans of
corpus text), it takes

* the rules' output straight from :func:`annotator.nlp.runner.suggest_for_texts` (every span with
  its key, offsets, label, layer and attributes, every relation), and
* what each runner writes into a fresh project (in process, one forked worker, 2 forked workers;
  spans, relations and the pre-annotated mark, as ``tests/nlp/test_runner_overlap.dump``),

and either saves them (``--save``) or compares them with a saved file (``--against``), printing
the first article that differs and exiting 1. Exits 0 with a message when the data is absent.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
from pathlib import Path

from benchmarks.corpus import FNC1, SHARED

SEED = SHARED / "seed-article.txt"


POLNEAR_DEV = SHARED / "polnear-dev" / "text"


def texts(limit: int, polnear: bool = False) -> list[str]:
    """The first ``limit`` FNC-1 bodies, the seed article and, with ``polnear``, the polnear-dev
    articles (``polnear-dev/text/*.txt``, sorted by name) when they are there."""
    from benchmarks.preannotate import read_bodies

    out = read_bodies(FNC1, limit)
    if SEED.exists():
        out.append(SEED.read_text(encoding="utf-8"))
    if polnear and POLNEAR_DEV.is_dir():
        out.extend(p.read_text(encoding="utf-8") for p in sorted(POLNEAR_DEV.glob("*.txt")))
    return out


def rules_output(pipeline, items: list[str]) -> list[object]:
    from annotator.nlp.runner import origin_for, suggest_for_texts

    out = []
    for s in suggest_for_texts(pipeline.nlp, items, origin=origin_for(pipeline)):
        out.append({
            "spans": [[x.key, x.start, x.end, x.label, x.layer, dict(x.attrs)] for x in s.spans],
            "relations": [[r.head, r.child, r.label] for r in s.relations],
        })
    return out


def project_dump(project) -> list[object]:
    """Every article of ``project``: its spans and relations, sorted, ids replaced by what they
    point at, and its pre-annotated mark, as JSON-ready lists (tests/nlp/test_runner_overlap uses it too)."""
    out = []
    for article_id in project.article_ids():
        spans = project.spans(article_id)
        where = {s.id: (s.start, s.end, s.label) for s in spans}
        out.append({
            "spans": sorted([s.start, s.end, s.label, s.layer, str(s.status), s.origin, dict(s.attrs)] for s in spans),
            "relations": sorted([list(where[r.head]), list(where[r.child]), r.label, str(r.status), r.origin]
                                for r in project.relations(article_id)),
            "preannotated": project.preannotated(article_id),
        })
    return json.loads(json.dumps(out))


def runner_dumps(pipeline, items: list[str]) -> dict[str, list[object]]:
    from annotator.domain.model import Article, ArticleBundle
    from annotator.nlp import runner
    from annotator.storage.project import Project

    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, processes, overlap in (("in process", 1, sys.maxsize), ("1 forked worker", 1, None), ("2 forked workers", 2, None)):
            saved = runner.OVERLAP_MIN_ARTICLES
            if overlap is not None:
                runner.OVERLAP_MIN_ARTICLES = overlap
            try:
                with Project.open(Path(tmp) / f"{processes}-{overlap}.db") as project:
                    project.import_bundles(ArticleBundle(Article(None, t)) for t in items)
                    result = runner.preannotate(project, pipeline=pipeline, processes=processes)
                    if result.failed:
                        raise SystemExit(f"{name}: {len(result.failed)} articles failed, e.g. {result.failed[0]}")
                    out[name] = project_dump(project)
            finally:
                runner.OVERLAP_MIN_ARTICLES = saved
    return out


def first_difference(a: list[object], b: list[object]) -> str:
    if len(a) != len(b):
        return f"{len(a)} articles against {len(b)}"
    for n, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return f"article {n}: {json.dumps(x)[:300]} ... against {json.dumps(y)[:300]} ..."
    return ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=100, help="FNC-1 bodies (default 100), then the seed article")
    parser.add_argument("--model", default=None)
    parser.add_argument("--polnear", action="store_true", help="add the polnear-dev articles after the seed article")
    parser.add_argument("--save", type=Path, help="write the suggestions to this file (outside the repository)")
    parser.add_argument("--against", type=Path, help="compare with a file written by --save")
    args = parser.parse_args(argv)
    if not FNC1.exists():
        print(f"skipped: {FNC1} is not there (FNC-1 bodies are read from ../shared/data or $ANNOTATOR_SHARED_DATA; never shipped)")
        return 0
    if not args.save and not args.against:
        parser.error("give --save FILE or --against FILE")
    from annotator.nlp.pipeline import load_pipeline

    pipeline = load_pipeline(args.model)
    items = texts(args.limit, args.polnear)
    now = {"pipeline": pipeline.label, "articles": len(items), "rules": rules_output(pipeline, items), **runner_dumps(pipeline, items)}
    digest = hashlib.sha256(json.dumps(now, sort_keys=True).encode()).hexdigest()[:16]
    spans = sum(len(a["spans"]) for a in now["rules"])
    print(f"{len(items)} articles, {spans:,} suggested spans; {pipeline.label}; sha256 {digest}")
    for name in ("in process", "1 forked worker", "2 forked workers"):
        if now[name] != now["in process"]:
            print(f"{name} differs from in process: {first_difference(now[name], now['in process'])}")
            return 1
    if args.save:
        args.save.write_text(json.dumps(now, sort_keys=True), encoding="utf-8")
        print(f"saved to {args.save}")
    if args.against:
        ref = json.loads(args.against.read_text(encoding="utf-8"))
        for key in ("pipeline", "articles", "rules", "in process", "1 forked worker", "2 forked workers"):
            if ref.get(key) != now[key]:
                detail = first_difference(now[key], ref[key]) if isinstance(now[key], list) and isinstance(ref.get(key), list) else f"{now[key]!r} against {ref.get(key)!r}"
                print(f"DIFFERENT from {args.against}: {key}: {detail}")
                return 1
        print(f"identical to {args.against}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
