"""How "most uncertain first" spreads a project's articles and whether it puts the articles with
more wrong suggestions first: the old measure (max over candidates) against the mean of the top K
decisions (:func:`annotator.nlp.uncertainty.article_uncertainty`; usertest24 M2).

    .venv/bin/python -m benchmarks.uncertainty_order PROJECT.db --model DIR [--gold ANNDIR | --wrong FILE.json]

PROJECT.db: pre-annotated articles (``annotator preannotate --model DIR``); each one is
beam-scored with DIR (a few seconds per 10 articles). ``--gold ANNDIR``: a folder of brat ``.ann``
files (PolNeAR's ``attributions/``) named after the articles' ``file`` (``STEM_ANNOTATOR.ann``,
the first annotator by name); a suggested QUOTE is wrong when no gold Content overlaps it by at
least half of both, a suggested SPEAKER or CUE of a matched quote when it overlaps none of the
gold's Sources or Cues. ``--wrong FILE.json``: ``{"article id": wrong suggestions}`` counted by
hand instead. Prints, for K = 1 (the max), 3, 5 and 10: the scores' range and standard
deviation, how many articles share the top band (0.96–1.00) and how many bands are used, and
the Spearman correlation of the score with the wrong suggestions, with them per 100 words and
with the article's words; ``--articles`` prints each article's old and new score.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path


def spearman(x: list[float], y: list[float]) -> float:
    """Spearman's rank correlation (average ranks for ties); nan when either is constant."""
    def rank(v: list[float]) -> list[float]:
        order, out, i = sorted(range(len(v)), key=lambda k: v[k]), [0.0] * len(v), 0
        while i < len(order):
            j = i
            while j + 1 < len(order) and v[order[j + 1]] == v[order[i]]:
                j += 1
            for t in range(i, j + 1):
                out[order[t]] = (i + j) / 2
            i = j + 1
        return out
    a, b = rank(x), rank(y)
    ma, mb = statistics.fmean(a), statistics.fmean(b)
    num = sum((p - ma) * (q - mb) for p, q in zip(a, b, strict=True))
    den = (sum((p - ma) ** 2 for p in a) * sum((q - mb) ** 2 for q in b)) ** 0.5
    return num / den if den else float("nan")


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def wrong_against_gold(project, ann_dir: Path) -> dict[int, int]:  # noqa: ANN001
    """Suggested QUOTE/SPEAKER/CUE per article that the brat gold does not bear out (module docstring)."""
    from annotator.domain.model import Status
    from annotator.domain.provenance import import_file

    out: dict[int, int] = {}
    for summary in project.articles():
        bundle = project.bundle(summary.id)
        text, stem = bundle.article.text, Path(import_file(bundle.article.meta)).stem
        files = sorted(ann_dir.glob(f"{stem}_*.ann"))
        if not stem or not files:
            continue
        spans, events = {}, []
        for line in files[0].read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if parts[0].startswith("T") and len(parts) == 3:
                label, *offsets = parts[1].replace(";", " ").split()
                start, end = int(offsets[0]), int(offsets[-1])
                if text[start:end] != parts[2] and text.find(parts[2]) >= 0:
                    start = text.find(parts[2])
                    end = start + len(parts[2])
                spans[parts[0]] = (start, end)
            elif parts[0].startswith("E") and len(parts) == 2:
                events.append(dict(arg.split(":", 1) for arg in parts[1].split()))
        gold = [(spans[e["Content"]], [spans[v] for k, v in e.items() if k.startswith("Source") and v in spans],
                 [spans[v] for k, v in e.items() if k.startswith("Cue") and v in spans]) for e in events if e.get("Content") in spans]
        by_id = {s.id: s for s in bundle.spans}
        matched, wrong = {}, 0
        for span in bundle.spans:
            if span.label != "QUOTE" or span.status != Status.SUGGESTED:
                continue
            hits = [g for g in gold if (o := _overlap((span.start, span.end), g[0])) * 2 >= span.end - span.start
                    and o * 2 >= g[0][1] - g[0][0]]
            if hits:
                matched[span.id] = hits
            else:
                wrong += 1
        for rel in bundle.relations:
            if rel.status != Status.SUGGESTED or rel.label not in ("SPEAKER", "CUE") or rel.head not in matched or rel.child not in by_id:
                continue
            child = by_id[rel.child]
            places = [x for g in matched[rel.head] for x in (g[1] if rel.label == "SPEAKER" else g[2])]
            wrong += not any(_overlap((child.start, child.end), x) for x in places)
        out[summary.id] = wrong
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--model", required=True, help="the pipeline folder the project was pre-annotated with")
    parser.add_argument("--gold", type=Path, help="folder of brat .ann files (PolNeAR attributions/)")
    parser.add_argument("--wrong", type=Path, help='JSON {"article id": wrong suggestions}')
    parser.add_argument("--articles", action="store_true", help="each article's words, wrong suggestions, old and new score")
    args = parser.parse_args(argv)
    if not args.project.is_file() or (args.gold is None) == (args.wrong is None):
        print("give an existing PROJECT.db and one of --gold ANNDIR or --wrong FILE.json", file=sys.stderr)
        return 2
    from annotator.nlp import uncertainty as U
    from annotator.nlp.active_order import counted_labels
    from annotator.nlp.pipeline import load_pipeline
    from annotator.storage.project import Project

    with Project.open(args.project, create=False, read_only=True) as project:
        labels = counted_labels(project)
        items = [(s.id, project.article(s.id).text) for s in project.articles()]
        wrong = wrong_against_gold(project, args.gold) if args.gold else \
            {int(k): int(v) for k, v in json.loads(args.wrong.read_text(encoding="utf-8")).items()}
    scorer = U.beam_scorer(load_pipeline(args.model).nlp)
    candidates, words = {}, {}
    for start in range(0, len(items), U.BATCH_SIZE):
        batch = items[start:start + U.BATCH_SIZE]
        for (article_id, text), scores in zip(batch, scorer([t for _i, t in batch]), strict=True):
            candidates[article_id] = {k: p for k, p in scores.items() if k[2] in labels}
            words[article_id] = len(text.split())
    ids = [i for i in candidates if i in wrong]
    doubtful = {i: U.doubtful_decisions(candidates[i], labels) for i in ids}
    print(f"{len(ids)} articles, {sum(wrong[i] for i in ids)} wrong suggestions")
    for k in (1, 3, 5, 10):
        score = {i: U.article_uncertainty(candidates[i], labels, top_k=k) for i in ids}
        values = [score[i] for i in ids]
        name = "max (old)" if k == 1 else f"top {k} mean" + (" (new)" if k == U.TOP_K else "")
        order = U.order_by_uncertainty(ids, score, doubtful)
        position = {a: -r for r, a in enumerate(order)}
        print(f"{name:15s} range {min(values):.2f}-{max(values):.2f} sd {statistics.pstdev(values):.3f} "
              f"top band {sum(U.tie_band(v) == 0 for v in values)}/{len(values)} bands {len({U.tie_band(v) for v in values})} | "
              f"Spearman with wrong {spearman(values, [wrong[i] for i in ids]):+.2f}, "
              f"per 100 words {spearman(values, [wrong[i] / max(words[i], 1) for i in ids]):+.2f}, "
              f"words {spearman(values, [words[i] for i in ids]):+.2f}, "
              f"order position with wrong {spearman([position[i] for i in ids], [wrong[i] for i in ids]):+.2f}")
    if args.articles:
        for i in ids:
            print(f"{i:>5} {words[i]:>6} words {wrong[i]:>3} wrong  old {U.article_uncertainty(candidates[i], labels, top_k=1):.3f} "
                  f"new {U.article_uncertainty(candidates[i], labels):.3f}  doubtful {doubtful[i]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
