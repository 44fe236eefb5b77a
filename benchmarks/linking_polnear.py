"""How many keys does linking a gold speaker take with the S picker, on PolNeAR dev?

    .venv/bin/python benchmarks/linking_polnear.py [--articles 5] [--with-cue]

For the first N articles of ``../shared/data/polnear-dev`` (read in place, never copied): the
machine's suggestions (the default pipeline: entities and SPEAKER spans) are the candidates'
spans; each gold attribution's Content is the selected QUOTE (``--with-cue``: its gold Cue is
linked, as after the analyst accepted the cue). It prints how often the gold Source is the
first / second / within-nine candidate of :func:`annotator.domain.candidates.rank_candidates`,
and the keys to link it:

* ``S`` (1) + Enter on the first row, or a digit 1–9 for rows 2–9 (1) — 2 keys;
* further down: the fewest leading letters of the name that bring it into the first nine rows,
  then Enter / a digit;
* a gold source no candidate covers (a pronoun or description the machine did not mark): drag
  it and press the SPEAKER label key, which links it to the adjacent selected quote (2 inputs);
  when it is not adjacent (another paragraph, another quote between): drag, S, Enter (3).

Exits 0 with a message when the data is absent.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path
from annotator.paths import shared_data

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from annotator.domain.candidates import Candidate, adjacent, filter_candidates, rank_candidates, relation_type  # noqa: E402
from annotator.domain.model import Relation, Span, Status  # noqa: E402
from annotator.domain.schema import default_schema  # noqa: E402

DATA = shared_data() / "polnear-dev"
NOT_COVERED = 2  # drag the source, press the SPEAKER key (links to the adjacent selected quote)
NOT_ADJACENT = 3  # drag the source, S, Enter on "New SPEAKER from …" (the source is in another paragraph)


def read_gold(ann: Path) -> list[tuple[tuple[int, int], tuple[int, int] | None, tuple[int, int] | None]]:
    """(content, source, cue) ranges of each brat attribution event (the first piece of each)."""
    spans: dict[str, tuple[int, int]] = {}
    events = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        if line.startswith("T"):
            tid, info, _ = line.split("\t", 2)
            # a discontinuous span ("115 200;230 290") is its first piece, as Annotator imports it
            # (the other pieces are FRAGMENT-linked to it); the source often sits between pieces
            first = info.split(" ", 1)[1].split(";")[0].split()
            spans[tid] = (int(first[0]), int(first[1]))
        elif line.startswith("E"):
            roles = dict(part.split(":", 1) for part in line.split("\t")[1].split()[1:])
            events.append(roles)
    out = []
    for roles in events:
        content = spans.get(roles.get("Content", ""))
        if content is None:
            continue
        out.append((content, spans.get(roles.get("Source", "")), spans.get(roles.get("Cue", ""))))
    return out


def keys_to_pick(candidates: list[Candidate], wanted: set[str]) -> int | None:
    """Keys from ``S`` to the link: S, then letters of the name typed until the row is among
    the first nine, then Enter (first row) or its digit. None when no candidate is wanted."""
    target = next((c for c in candidates if wanted & set(c.mention_ids)), None)
    if target is None:
        return None
    for typed in range(len(target.name) + 1):
        rows = filter_candidates(candidates, target.name[:typed])
        position = next(i for i, c in enumerate(rows) if c is target)
        if position < 9:
            return 1 + typed + 1
    return 1 + len(target.name) + 1


def measure(n_articles: int, *, with_cue: bool) -> dict[str, float]:
    from annotator.nlp.pipeline import load_pipeline
    from annotator.nlp.runner import suggest_article

    pipeline = load_pipeline()
    schema = default_schema()
    rel = relation_type(schema, "SPEAKER")
    assert rel is not None
    ranks: list[int] = []
    keys: list[int] = []
    covered_keys: list[int] = []
    uncovered = 0
    total = 0
    for ann in sorted((DATA / "attributions").glob("*.ann"))[:n_articles]:
        text = (DATA / "text" / f"{ann.stem.rsplit('_', 1)[0]}.txt").read_text(encoding="utf-8")
        suggestions = suggest_article(pipeline, text)
        base = [
            Span(f"s{i}", 1, s.start, s.end, s.label, s.layer, status=Status.SUGGESTED)
            for i, s in enumerate(suggestions.spans) if s.label in rel.child
        ]
        for n, (content, source, cue) in enumerate(read_gold(ann)):
            if source is None:
                continue
            total += 1
            quote = Span(f"q{n}", 1, *content, "QUOTE", "quote")
            spans, relations = [*base, quote], []
            if with_cue and cue is not None:
                spans.append(Span(f"c{n}", 1, *cue, "CUE", "cue"))
                relations.append(Relation(f"r{n}", 1, quote.id, f"c{n}", "CUE"))
            candidates = rank_candidates(text, spans, relations, quote, rel)
            wanted = {s.id for s in base if s.start < source[1] and source[0] < s.end}
            cost = keys_to_pick(candidates, wanted)
            if cost is None:
                uncovered += 1
                said = Span("new", 1, *source, "SPEAKER", "speaker")
                keys.append(NOT_COVERED if adjacent(text, quote, said, spans) else NOT_ADJACENT)
                continue
            ranks.append(next(i for i, c in enumerate(candidates) if wanted & set(c.mention_ids)) + 1)
            keys.append(cost)
            covered_keys.append(cost)
    covered = len(ranks)
    return {
        "attributions": total,
        "covered": covered,
        "first": sum(r == 1 for r in ranks) / covered if covered else 0.0,
        "second": sum(r == 2 for r in ranks) / covered if covered else 0.0,
        "top9": sum(r <= 9 for r in ranks) / covered if covered else 0.0,
        "mean_keys_covered": statistics.mean(covered_keys) if covered_keys else 0.0,
        "mean_keys_all": statistics.mean(keys) if keys else 0.0,
        "max_keys": max(keys) if keys else 0,
        "uncovered": uncovered,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=5)
    parser.add_argument("--with-cue", action="store_true")
    args = parser.parse_args()
    if not DATA.is_dir():
        print(f"no PolNeAR dev data at {DATA}; nothing measured")
        return 0
    result = measure(args.articles, with_cue=args.with_cue)
    print(
        f"{args.articles} articles, {result['attributions']} gold attributions with a source; "
        f"{result['covered']} sources covered by a candidate span, {result['uncovered']} not (pronouns/descriptions unmarked)\n"
        f"gold speaker is candidate 1: {result['first']:.1%}, candidate 2: {result['second']:.1%}, in the first 9: {result['top9']:.1%} (of covered)\n"
        f"keys to link with the picker: mean {result['mean_keys_covered']:.2f} where covered, {result['mean_keys_all']:.2f} over all (uncovered: drag + SPEAKER key = {NOT_COVERED}, or drag + S + Enter = {NOT_ADJACENT} when not adjacent), "
        f"max {result['max_keys']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
