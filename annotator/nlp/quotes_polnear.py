"""Measure quote suggestions on PolNeAR-style data: ``python -m annotator.nlp.quotes_polnear [DIR]``
(DIR defaults to ``../shared/data/polnear-dev`` beside the repository).

DIR holds ``text/*.txt`` and brat ``attributions/*.ann`` (T lines Source/Cue/Content, E lines
tying them). Where an article has several .ann files (two annotators) the first sorted is used.
The data is read in place and never copied.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

from annotator.nlp.quotes import suggest_quotes
from annotator.nlp.quotes_eval import Attribution, Scores, score_attributions
from annotator.nlp.quotes_types import Quote
from annotator.paths import shared_data

# The shared data lives beside the repository (``../shared/data``), never inside it.
DEFAULT_DIR = shared_data() / "polnear-dev"
_ANN_SUFFIX = re.compile(r"_[0-9a-f]+\.ann$")


def read_brat(ann: str) -> list[Attribution]:
    """Attributions from brat standoff text (minimal T/E parsing; discontinuous spans kept)."""
    spans: dict[str, tuple[tuple[int, int], ...]] = {}
    events: list[dict[str, str]] = []
    for line in ann.splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            _, _, offs = parts[1].partition(" ")
            frags = tuple((int(a), int(b)) for a, b in (f.split() for f in offs.split(";")))
            spans[parts[0]] = frags
        elif line.startswith("E") and len(parts) >= 2:
            events.append(dict(arg.split(":", 1) for arg in parts[1].split()[1:] if ":" in arg))
    out = []
    for ev in events:
        content = spans.get(ev.get("Content", ""))
        if not content:
            continue
        src = spans.get(ev.get("Source", ""))
        cue = spans.get(ev.get("Cue", ""))
        whole = (content[0][0], content[-1][1])
        out.append(Attribution(
            content=whole,
            speaker=(src[0][0], src[-1][1]) if src else None,
            cue=(cue[0][0], cue[-1][1]) if cue else None,
            parts=content if len(content) > 1 else (),
        ))
    return out


def polnear_scheme(quotes: list[Quote]) -> list[Quote]:
    """``quotes`` as PolNeAR annotates attributions: without the quotes nested inside another
    quote (:mod:`annotator.nlp.quotes_nested`). PolNeAR leaves a quote inside a direct quote as
    part of the outer content: of the 28 the rules emit on polnear-dev and the held-out slice of
    polnear-train, none is a gold attribution of its own and each lies inside a gold attribution,
    so scored as attributions every one is a false positive by convention, not by error
    (docs/attribution-rounds.md, tenth round). Likewise a report inside an "according to" reading's content ("X said Y,
    according to Z"): PolNeAR annotates the sourced claim, frame included, as Z's one attribution
    (docs/attribution-rounds.md, twelfth round)."""
    return [q for q in quotes if not q.nested]


def to_attributions(quotes: list[Quote]) -> list[Attribution]:
    """Predicted quotes, parts of one interrupted quote joined into one attribution."""
    groups: dict[int, list[Quote]] = {}
    for q in quotes:
        groups.setdefault(q.group, []).append(q)
    out = []
    for qs in groups.values():
        qs.sort(key=lambda q: q.content)
        first = qs[0]
        out.append(Attribution(
            content=(first.content[0], qs[-1].content[1]),
            speaker=first.speaker,
            cue=first.cue,
            kind="direct" if all(q.kind == "direct" for q in qs) else first.kind,
            parts=tuple(q.content for q in qs) if len(qs) > 1 else (),
            speaker_ref=first.speaker_ref,
            speaker_pronoun=first.speaker_pronoun,
        ))
    return out


def load(directory: Path) -> list[tuple[str, str, list[Attribution]]]:
    seen: dict[str, Path] = {}
    for ann in sorted((directory / "attributions").glob("*.ann")):
        seen.setdefault(_ANN_SUFFIX.sub("", ann.name), ann)
    items = []
    for name, ann in sorted(seen.items()):
        txt = directory / "text" / f"{name}.txt"
        if txt.exists():
            items.append((name, txt.read_text(encoding="utf-8"), read_brat(ann.read_text(encoding="utf-8"))))
    return items


def _row(name: str, p: float, r: float, f: float) -> str:
    return f"{name:<28} {p:6.3f} {r:6.3f} {f:6.3f}"


def main(argv: list[str] | None = None) -> int:
    """``[DIR] [--blank]``: --blank scores the parser-free rules alone (direct quotes only)."""
    args = sys.argv[1:] if argv is None else list(argv)
    blank = "--blank" in args
    args = [a for a in args if a != "--blank"]
    directory = Path(args[0]) if args else DEFAULT_DIR
    if not (directory / "text").is_dir() or not (directory / "attributions").is_dir():
        print(f"no PolNeAR data at {directory} (expected text/ and attributions/); nothing to score")
        return 0
    import spacy

    from annotator.nlp.quotes_sents import add_line_sents, load_pipeline

    items = load(directory)
    nlp = add_line_sents(spacy.blank("en")) if blank else load_pipeline()
    total = Scores()
    t0 = time.perf_counter()
    n_pred = 0
    rules = 0.0
    for (name, text, gold), doc in zip(items, nlp.pipe(t for _, t, _ in items)):
        t1 = time.perf_counter()
        pred = to_attributions(polnear_scheme(suggest_quotes(doc)))
        rules += time.perf_counter() - t1
        n_pred += len(pred)
        total.add(score_attributions(gold, pred, text=text))
    elapsed = time.perf_counter() - t0
    meta = nlp.meta
    pipeline = "spacy.blank('en') (rules only)" if blank else f"{meta.get('lang', '')}_{meta.get('name', '?')} {meta.get('version', '')}"
    print(f"{len(items)} articles from {directory} with {pipeline}")
    print(f"{elapsed:.1f} s in all ({rules:.2f} s in the quote rules, the rest spaCy), {n_pred} predicted")
    print(f"{'':<28} {'P':>6} {'R':>6} {'F1':>6}")
    d, a = total.direct, total.all
    print(_row(f"direct quotes (gold {d.tp + d.fn})", d.precision, d.recall, d.f1))
    print(_row(f"all attributions (gold {a.tp + a.fn})", a.precision, a.recall, a.f1))
    print(f"speaker right on matched: {total.speaker_accuracy:.3f} ({total.speaker_right}/{total.speaker_total})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
