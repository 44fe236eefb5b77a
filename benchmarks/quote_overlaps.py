"""Overlapping QUOTE suggestions by kind, on a PolNeAR slice (issue 10: "one quote, one reading").

    .venv/bin/python -m benchmarks.quote_overlaps --model DIR [--slice heldout|dev] [--cache FILE]
                                                  [--rules] [--show N]

Every pair of attributions (an interrupted quote's parts joined, as ``add_quotes`` stores one
QUOTE) whose contents share at least one character is counted as one of:

* ``same``: the same words read twice, not marked nested (they share at least
  :data:`annotator.nlp.quotes_readings._SAME` of the longer one's characters);
* ``nested-marked``: one wholly inside the other and the inner one marked (``within`` set: the
  window shows it nested, :mod:`annotator.nlp.quotes_overlap`; or ``nested``, which
  ``polnear_scheme`` leaves out of the scoring);
* ``nested-unmarked``: one wholly inside the other, the inner one not marked: two rows and two
  bars the analyst cannot tell apart from two readings of one stretch;
* ``crossing``: neither inside the other (a bounds error of one of them).

The slices, the pipeline and ``--cache`` are :mod:`benchmarks.speaker_heldout`'s; ``--rules``
leaves the trained attribution component out (the rules alone). ``--show N`` prints up to N
pairs of each kind but ``same`` and ``nested-marked`` with the words around them: corpus text,
read it on the terminal, never commit it. Exits 0 with a message when the data is absent.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from annotator.nlp.quotes_overlap import _nearly_inside  # noqa: E402
from annotator.nlp.quotes_readings import _SAME  # noqa: E402
from annotator.nlp.quotes_types import Quote  # noqa: E402
from benchmarks.speaker_heldout import DATA, parsed, slice_items  # noqa: E402

KINDS = ("same", "nested-marked", "nested-unmarked", "crossing")


def _groups(quotes: list[Quote]) -> list[list[Quote]]:
    by: dict[int, list[Quote]] = {}
    for q in quotes:
        by.setdefault(q.group, []).append(q)
    return [sorted(qs, key=lambda q: q.content) for qs in by.values()]


def _length(qs: list[Quote]) -> int:
    return sum(q.content[1] - q.content[0] for q in qs)


def _shared(a: list[Quote], b: list[Quote]) -> int:
    return sum(max(0, min(x.content[1], y.content[1]) - max(x.content[0], y.content[0])) for x in a for y in b)


def overlap_kind(a: list[Quote], b: list[Quote], text: str) -> str | None:
    """The kind (:data:`KINDS`) of two attributions' overlap (each its parts, text order), or
    None when their contents share no character. Inside: one's extent (first part's start to the
    last part's end) within the other's, but for a closing mark and a period
    (:func:`annotator.nlp.quotes_overlap._nearly_inside`)."""
    shared = _shared(a, b)
    if shared == 0:
        return None
    ea, eb = (a[0].content[0], a[-1].content[1]), (b[0].content[0], b[-1].content[1])
    inner = a if _nearly_inside(text, ea, eb) else b if _nearly_inside(text, eb, ea) else None
    if inner is not None and (inner[0].nested or getattr(inner[0], "within", None) is not None):
        return "nested-marked"
    if shared >= _SAME * max(_length(a), _length(b)):
        return "same"
    return "crossing" if inner is None else "nested-unmarked"


def overlaps(quotes: list[Quote], text: str) -> list[tuple[str, list[Quote], list[Quote]]]:
    """Every overlapping pair of ``quotes``' attributions with its kind, in text order."""
    groups = sorted(_groups(quotes), key=lambda qs: qs[0].content)
    out = []
    for i, a in enumerate(groups):
        for b in groups[i + 1 :]:
            kind = overlap_kind(a, b, text)
            if kind is not None:
                out.append((kind, a, b))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help="folder with polnear-train/ and polnear-dev/")
    parser.add_argument("--model", type=Path, default=None, help="the spaCy pipeline (trained with attributions or not)")
    parser.add_argument("--slice", choices=("heldout", "dev"), default="heldout")
    parser.add_argument("--cache", type=Path, default=None, help="parsed docs kept here (DocBin)")
    parser.add_argument("--rules", action="store_true", help="the rules alone, even with a model")
    parser.add_argument("--show", type=int, default=0, help="print up to N pairs of each kind needing a look")
    args = parser.parse_args(argv)
    if not (args.data / "polnear-train" / "text").is_dir() or not (args.data / "polnear-dev" / "text").is_dir():
        print(f"skipped: {args.data} has no polnear-train/ and polnear-dev/ (pass --data)")
        return 0
    if args.model is None or not (args.model / "meta.json").is_file():
        print(f"--model: {args.model} is no pipeline folder (a spaCy pipeline with meta.json)")
        return 2
    from annotator.nlp.quotes import suggest_quotes, with_model_attributions

    items = slice_items(args.data, args.slice)
    docs = parsed(str(args.model), [t for _, t, _ in items], args.cache)
    counts = dict.fromkeys(KINDS, 0)
    shown = dict.fromkeys(KINDS, 0)
    for (name, text, _), doc in zip(items, docs):
        quotes = suggest_quotes(doc, text=text)
        if not args.rules:
            quotes = with_model_attributions(doc, quotes, text=text)
        for kind, a, b in overlaps(quotes, text):
            counts[kind] += 1
            if kind == "nested-marked" or shown[kind] >= args.show:
                continue
            shown[kind] += 1
            print(f"## {kind} {name}")
            for qs in (a, b):
                words = " … ".join(text[q.content[0] : q.content[1]] for q in qs).replace("\n", " / ")
                cue = text[qs[0].cue[0] : qs[0].cue[1]] if qs[0].cue else None
                speaker = text[qs[0].speaker[0] : qs[0].speaker[1]] if qs[0].speaker else None
                print(f"   [{qs[0].origin} {qs[0].kind} {qs[0].content}] {speaker!r} / {cue!r}: {words[:200]!r}")
    what = "rules alone" if args.rules else f"rules + {args.model.name}"
    print(f"{args.slice} ({len(items)} articles), {what}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
