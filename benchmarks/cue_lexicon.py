"""The cue lexicon of issue 10 learned from polnear-train's training part, without retraining.

    .venv/bin/python -m benchmarks.cue_lexicon --model DIR --out COPY [--cache FILE]
                                               [--choose] [--min-cues N] [--min-precision P]
                                               [--guard-precision G]

The articles are exactly the ones ``annotator train`` (and ``benchmarks.train_polnear``) trains
the recogniser on: polnear-train less the held-out slice (:func:`annotator.nlp.train.split_articles`: the 20 % whose
text hash puts them there, less near copies of training articles; the slice
``benchmarks.speaker_heldout`` scores; ``--by-hash``: the hash alone, as before attr14).
They are parsed with ``DIR`` (its tagger and parser are the base's, frozen by training; the
parse is kept in ``--cache``), the gold CUE spans counted (:func:`annotator.nlp.attribution_lexicon.learn`),
and ``DIR`` copied to ``COPY`` with the ``cue_lexicon`` component added: score ``COPY`` with
``benchmarks.speaker_heldout``.

``--choose``: the thresholds are chosen on an inner split of the *training* articles (never the
held-out slice nor dev): the lexicon learned on the training articles whose hash bucket is
36..99, and its additions to the rules scored on those of buckets 20..35: by band of learned
precision and support, how many were gold and had the right speaker (the choice: the bands at
0.5 gold or more and 95 % right speakers, :data:`annotator.nlp.attribution_lexicon.MIN_PRECISION`),
then the rules + lexicon F1 for a small grid of (min cues, min precision). Rules + lexicon
without the model favours low thresholds (F1 best at min precision 0.1), which lowered the
held-out slice with the model: the bands are the criterion.

Corpus text stays in /tmp: nothing is written into the repository.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from annotator.domain.model import text_hash  # noqa: E402
from annotator.nlp.train import HELDOUT_PERCENT, heldout_bucket  # noqa: E402
from annotator.paths import shared_data  # noqa: E402
from benchmarks.speaker_heldout import heldout_flags, parsed  # noqa: E402

INNER = (HELDOUT_PERCENT, 36)
NEW_TOO = False  # also the lexicon less the rules' own lemmas (measured once: lower at every threshold)  # buckets of the inner dev split of the training articles


def training_items(data: Path, *, by_hash: bool = False) -> list[tuple[str, str, list, int]]:
    """``(name, text, gold, bucket)`` of the polnear-train articles ``annotator train`` trains on
    (``by_hash``: those the hash alone trains on, as before attr14)."""
    from annotator.nlp.quotes_polnear import load

    items = load(data / "polnear-train")
    held = heldout_flags([t for _, t, _ in items], by_hash=by_hash)
    return [(name, text, gold, heldout_bucket(text_hash(text))) for (name, text, gold), h in zip(items, held) if not h]


def learn_from(items, docs, **kw):
    from annotator.nlp.attribution_lexicon import learn

    return learn(((d, [g.cue for g in gold if g.cue is not None], None) for (_, _, gold, _), d in zip(items, docs)), **kw)


def choose(items, docs) -> None:
    from annotator.nlp.attribution_lexicon import CueLexicon, lexicon_attributions, add_lexicon
    from annotator.nlp.quotes import suggest_quotes
    from annotator.nlp.quotes_eval import Scores, score_attributions
    from annotator.nlp.quotes_polnear import polnear_scheme, to_attributions

    inner = [k for k, it in enumerate(items) if INNER[0] <= it[3] < INNER[1]]
    rest = [k for k, it in enumerate(items) if it[3] >= INNER[1]]
    lex = learn_from([items[k] for k in rest], [docs[k] for k in rest], min_cues=1, min_precision=0.0)
    print(f"inner split: lexicon from {len(rest)} articles, scored on {len(inner)}", flush=True)
    rules = {k: suggest_quotes(docs[k], text=items[k][1]) for k in inner}
    base = Scores()
    for k in inner:
        base.add(score_attributions(items[k][2], to_attributions(polnear_scheme(rules[k])), text=items[k][1]))
    print(f"rules alone: F1 {base.all.f1:.4f} (P {base.all.precision:.4f} R {base.all.recall:.4f})")
    bands(items, docs, inner, lex)
    listed = rule_lemmas()
    for mc in (1, 2, 3, 5):
        for mp in (0.05, 0.1, 0.15, 0.2, 0.3):
            for only_new in (False, True)[:1 if not NEW_TOO else 2]:
                lemmas = CueLexicon(lex.counts, mc, mp).lemmas
                if only_new:
                    lemmas = lemmas - listed
                s = Scores()
                for k in inner:
                    found = lexicon_attributions(docs[k], items[k][1], lemmas=lemmas)
                    qs = add_lexicon(rules[k], found)
                    s.add(score_attributions(items[k][2], to_attributions(polnear_scheme(qs)), text=items[k][1]))
                print(f"min cues {mc:2d} min precision {mp:.2f} {'new lemmas only' if only_new else 'all lemmas     '}: "
                      f"{len(lemmas):4d} lemmas, F1 {s.all.f1:.4f} (P {s.all.precision:.4f} R {s.all.recall:.4f})", flush=True)


def bands(items, docs, inner, lex) -> None:
    """Of the lexicon's additions to the rules on the inner split (every lemma of ``lex``), how
    many are gold attributions and how many of their speakers are right, by the lemma's learned
    precision: an addition that overlaps nothing raises F1 when it is gold more often than F1/2,
    so a band at 0.5 or more never lowers F1 whatever the rest of the system scores."""
    from annotator.nlp.attribution_lexicon import add_lexicon, lexicon_attributions
    from annotator.nlp.quotes import suggest_quotes
    from annotator.nlp.quotes_eval import _speaker_ok, match
    from annotator.nlp.quotes_polnear import polnear_scheme, to_attributions

    lemmas = lex.lemmas
    table: dict[str, list[int]] = {}
    for k in inner:
        _, text, gold, _ = items[k]
        doc = docs[k]
        qs = polnear_scheme(add_lexicon(suggest_quotes(doc, text=text), lexicon_attributions(doc, text, lemmas=lemmas)))
        pred = to_attributions(qs)
        first: dict[int, object] = {}
        for q in qs:
            first.setdefault(q.group, q)
        matched = {pi: gi for gi, pi in match(gold, pred)}
        for pi, q in enumerate(first.values()):
            if q.origin != "lexicon":
                continue
            v = doc.char_span(q.cue[0], q.cue[1], alignment_mode="expand")[0]
            c, n = lex.counts[v.lemma_.lower()]
            band = next(b for b in (0.5, 0.3, 0.2, 0.15, 0.1, 0.05, 0.0) if c / n >= b)
            cues = next(b for b in (5, 3, 2, 1) if c >= b)
            g = gold[matched[pi]] if pi in matched else None
            for key in (f"precision >= {band:.2f}", f"cues >= {cues}, precision >= {band:.2f}"):
                row = table.setdefault(key, [0, 0, 0, 0])
                row[0] += 1
                row[1] += g is not None
                row[2] += g is not None and g.speaker is not None
                row[3] += g is not None and g.speaker is not None and _speaker_ok(g, pred[pi], text)
    for key in sorted(table):
        n, ok, spk, right = table[key]
        print(f"{key:32s} added {n:4d}, gold {ok:4d} ({ok / n:.2f}), speaker right {right}/{spk}")


def rule_lemmas() -> frozenset[str]:
    """Every word of the rules' hand lists (:mod:`annotator.nlp.quotes_lexicon`)."""
    from annotator.nlp import quotes_lexicon as L

    out: set[str] = set()
    for name in dir(L):
        value = getattr(L, name)
        if isinstance(value, (set, frozenset)):
            out |= {w for w in value if isinstance(w, str)}
    return frozenset(out)


def main(argv: list[str] | None = None) -> int:
    from annotator.nlp.attribution_lexicon import GUARD_PRECISION, MIN_CUES, MIN_PRECISION

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=shared_data())
    parser.add_argument("--model", type=Path, default=None, help="a trained pipeline folder (its parse is used)")
    parser.add_argument("--parse-with", default=None,
                        help="pipeline to parse the training articles with (default --model; the base gives the same parse, faster)")
    parser.add_argument("--out", type=Path, default=None, help="copy of --model with the lexicon added")
    parser.add_argument("--cache", type=Path, default=None, help="parsed training docs kept here (DocBin)")
    parser.add_argument("--choose", action="store_true", help="the threshold table on an inner split")
    parser.add_argument("--min-cues", type=int, default=MIN_CUES)
    parser.add_argument("--min-precision", type=float, default=MIN_PRECISION)
    parser.add_argument("--guard-precision", type=float, default=GUARD_PRECISION,
                        help="lemmas from here to --min-precision kept guarded (a clause or a named subject)")
    parser.add_argument("--by-hash", action="store_true", help="the training articles by text hash alone (as before attr14)")
    args = parser.parse_args(argv)
    if not (args.data / "polnear-train" / "text").is_dir():
        print(f"skipped: {args.data} has no polnear-train/")
        return 0
    items = training_items(args.data, by_hash=args.by_hash)
    docs = parsed(str(args.parse_with or args.model), [t for _, t, _, _ in items], args.cache)
    print(f"{len(items)} training articles", flush=True)
    if args.choose:
        choose(items, docs)
    lex = learn_from(items, docs, min_cues=args.min_cues, min_precision=args.min_precision,
                     guard_precision=args.guard_precision)
    kept = sorted(lex.lemmas, key=lambda k: -lex.counts[k][0])
    print(f"{len(kept)} lemmas kept (min cues {args.min_cues}, min precision {args.min_precision}): "
          + ", ".join(f"{k} {lex.counts[k][0]}/{lex.counts[k][1]}" for k in kept[:400]))
    guarded = sorted(lex.guarded, key=lambda k: -lex.counts[k][0])
    print(f"{len(guarded)} lemmas kept guarded (precision {lex.guard_precision} to {args.min_precision}): "
          + ", ".join(f"{k} {lex.counts[k][0]}/{lex.counts[k][1]}" for k in guarded[:400]))
    if args.out is not None:
        import spacy

        from annotator.nlp.attribution_lexicon import add_to_pipeline

        if args.out.exists():
            shutil.rmtree(args.out)
        nlp = spacy.load(args.model)
        add_to_pipeline(nlp, lex)
        nlp.to_disk(args.out)
        for extra in args.model.iterdir():  # the training record and configs beside the pipeline
            if extra.is_file() and not (args.out / extra.name).exists():
                shutil.copyfile(extra, args.out / extra.name)
        print(f"written {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
