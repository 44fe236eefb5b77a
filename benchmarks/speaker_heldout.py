"""Speaker accuracy of rules + model on the held-out slice of polnear-train, and its errors.

    .venv/bin/python -m benchmarks.speaker_heldout --model DIR [--slice heldout|dev] [--cache FILE]
                                                  [--errors FILE] [--rules] [--keep-bare]

The slice the choices of issue 10 are made on: the polnear-*train* articles whose text hash puts
them in the 20 % that ``annotator train`` holds out (:func:`annotator.nlp.train.split_articles`:
by text hash, with near copies of a trained-on article trained on; 168 articles; ``--by-hash``:
the hash alone, the 171 of the rounds before attr14, of which the importer refuses one). ``--slice dev``
scores polnear-dev the same way (for a final confirmation, never for a choice).

``DIR`` is a pipeline trained with attributions (``benchmarks.train_polnear --keep DIR``). The
parse is the slow part (minutes on a shared machine) and does not change when the rules do:
``--cache FILE`` keeps the parsed docs (spaCy DocBin, ``doc.spans`` included) so that a rule
change is scored in seconds; delete the file after retraining. Scores are the project's
(:mod:`annotator.nlp.quotes_eval`, content overlap >= half the gold content), for the rules alone
and merged with the model (:func:`annotator.nlp.quotes.with_model_attributions`), with the
speaker right/total of rule and model attributions apart. ``--errors FILE`` writes every matched
attribution whose speaker is wrong, with gold and predicted source and cue and the words around
them, for reading by kind: corpus text, so write it outside the repository (``/tmp``).

Exits 0 with a message when the data is absent; 2 with a message for a missing ``--model``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from annotator.paths import shared_data

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from annotator.domain.model import text_hash  # noqa: E402
from annotator.nlp.quotes_eval import Scores, _speaker_ok, match, score_attributions  # noqa: E402
from annotator.nlp.quotes_polnear import load, polnear_scheme, to_attributions  # noqa: E402
from annotator.nlp.train import HELDOUT_PERCENT, heldout_bucket, split_articles  # noqa: E402

DATA = shared_data()


def heldout_flags(texts: list[str], *, by_hash: bool = False) -> list[bool]:
    """Whether each polnear-train text is held out: by ``annotator train``'s split
    (:func:`annotator.nlp.train.split_articles`: near copies of a trained-on article are trained on,
    168 held out) or, ``by_hash``, by the hash alone (the slice before attr14: 171 articles, 3 of
    them near copies of training articles)."""
    hashes = [text_hash(t) for t in texts]
    if by_hash:
        return [heldout_bucket(h) < HELDOUT_PERCENT for h in hashes]
    held = set(split_articles(hashes, texts).heldout)
    return [i in held for i in range(len(texts))]


def slice_items(data: Path, which: str, *, by_hash: bool = False) -> list:
    """``quotes_polnear.load`` items of the held-out slice of polnear-train (:func:`heldout_flags`),
    or of polnear-dev."""
    if which == "dev":
        return load(data / "polnear-dev")
    items = load(data / "polnear-train")
    return [it for it, held in zip(items, heldout_flags([t for _, t, _ in items], by_hash=by_hash)) if held]


def parsed(model: str, texts: list[str], cache: Path | None) -> list:
    """The docs of ``texts`` through pipeline ``model`` (line breaks as sentence starts), read
    from ``cache`` when it holds every text (a cache of a larger slice serves a part of it), else
    parsed (and written there)."""
    import spacy
    from spacy.tokens import DocBin

    from annotator.nlp.quotes_sents import add_line_sents

    nlp = add_line_sents(spacy.load(model))
    if cache is not None and cache.exists():
        by_text = {d.text: d for d in DocBin().from_disk(cache).get_docs(nlp.vocab)}
        if all(t in by_text for t in texts):
            docs = [by_text[t] for t in texts]
            # the lexicon is this pipeline's (cheap): the cache may hold another's, or one when this has none
            for d in docs:
                d.spans.pop("cue_lexicon", None)
            if "cue_lexicon" in nlp.pipe_names:
                docs = [nlp.get_pipe("cue_lexicon")(d) for d in docs]
            return docs
    started = time.perf_counter()
    docs = list(nlp.pipe(texts))
    print(f"parsed {len(docs)} articles in {time.perf_counter() - started:.0f} s", flush=True)
    if cache is not None:
        DocBin(store_user_data=True, docs=docs).to_disk(cache)
    return docs


def _context(text: str, *ranges) -> str:
    lo = min(r[0] for r in ranges if r)
    hi = max(r[1] for r in ranges if r)
    out = text[max(0, lo - 80) : hi + 40].replace("\n", " / ")
    return out if len(out) <= 700 else out[:340] + " [...] " + out[-340:]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help="folder with polnear-train/ and polnear-dev/")
    parser.add_argument("--model", type=Path, default=None, help="pipeline trained with attributions")
    parser.add_argument("--slice", choices=("heldout", "dev"), default="heldout")
    parser.add_argument("--cache", type=Path, default=None, help="parsed docs kept here (DocBin)")
    parser.add_argument("--errors", type=Path, default=None, help="write the wrong speakers here (outside the repo)")
    parser.add_argument("--rules", action="store_true", help="the rules alone, even with a model")
    parser.add_argument("--by-hash", action="store_true",
                        help="the held-out slice by text hash alone (171 articles, as before attr14; default: train's split, 168)")
    parser.add_argument("--with-nested", action="store_true",
                        help="score nested attributions too (PolNeAR annotates none: quotes_polnear.polnear_scheme)")
    parser.add_argument("--keep-bare", action="store_true",
                        help="add model attributions with neither speaker nor cue (attribution_merge.KEEP_BARE)")
    args = parser.parse_args(argv)
    if args.keep_bare:
        from annotator.nlp import attribution_merge

        attribution_merge.KEEP_BARE = True
    if not (args.data / "polnear-train" / "text").is_dir() or not (args.data / "polnear-dev" / "text").is_dir():
        print(f"skipped: {args.data} has no polnear-train/ and polnear-dev/ (PolNeAR is read from ../shared/data or $ANNOTATOR_SHARED_DATA, or pass --data; never shipped)")
        return 0
    if args.model is None or not (args.model / "meta.json").is_file():
        print(f"--model: {args.model} is no trained pipeline folder (train one with benchmarks.train_polnear --keep DIR)")
        return 2
    from annotator.nlp.quotes import suggest_quotes, with_model_attributions, with_shown_kinds

    items = slice_items(args.data, args.slice, by_hash=args.by_hash)
    docs = parsed(str(args.model), [t for _, t, _ in items], args.cache)
    merged, rules = Scores(), Scores()
    by_origin: dict[str, list[int]] = {}
    lines: list[str] = []
    nested = 0
    for (name, text, gold), doc in zip(items, docs):
        rule_quotes = suggest_quotes(doc, text=text)
        scheme = (lambda qs: qs) if args.with_nested else polnear_scheme
        # scored with the kinds the QUOTEs are stored with (usertest32 L7: with_shown_kinds)
        rules.add(score_attributions(gold, to_attributions(scheme(with_shown_kinds(rule_quotes, text))), text=text))
        quotes = rule_quotes if args.rules else with_model_attributions(doc, rule_quotes, text=text)
        nested += sum(q.nested for q in quotes)
        quotes = scheme(with_shown_kinds(quotes, text))
        pred = to_attributions(quotes)
        merged.add(score_attributions(gold, pred, text=text))
        origin: dict[int, str] = {}
        for q in quotes:
            origin.setdefault(q.group, q.origin)
        groups = list(origin)  # to_attributions keeps the groups in first-seen order
        for gi, pi in match(gold, pred):
            g, p = gold[gi], pred[pi]
            if g.speaker is None:
                continue
            ok = _speaker_ok(g, p, text)
            tally = by_origin.setdefault(origin[groups[pi]], [0, 0])
            tally[0] += ok
            tally[1] += 1
            if not ok:
                def s(r):
                    return None if r is None else repr(text[r[0] : r[1]])
                lines.append(
                    f"## {name} @{g.content[0]} [{origin[groups[pi]]}] gold={s(g.speaker)} cue={s(g.cue)} | "
                    f"predicted={s(p.speaker)} ref={p.speaker_ref!r} cue={s(p.cue)}\n"
                    f"   gold content={(s(g.content) or '')[:120]}\n   predicted content={(s(p.content) or '')[:120]}\n"
                    f"   {_context(text, g.content, p.content, g.speaker, p.speaker, g.cue, p.cue)}\n")
    a, d = merged.all, merged.direct
    print(f"{args.slice} ({len(items)} articles), {'rules alone' if args.rules else f'rules + {args.model.name}'}: "
          f"F1 {a.f1:.4f} (P {a.precision:.4f} R {a.recall:.4f}) direct {d.f1:.4f} "
          f"speaker {merged.speaker_accuracy:.4f} ({merged.speaker_right}/{merged.speaker_total}); "
          + ", ".join(f"{o} {r}/{t}" for o, (r, t) in sorted(by_origin.items())))
    print(f"rules alone: F1 {rules.all.f1:.4f} direct {rules.direct.f1:.4f} "
          f"speaker {rules.speaker_accuracy:.4f} ({rules.speaker_right}/{rules.speaker_total})")
    print(f"nested attributions (quotes in quotes, reports in an 'according to' content): {nested}, "
          + ("scored as attributions (--with-nested)" if args.with_nested else "left out of the scoring (PolNeAR annotates none)"))
    if args.errors is not None:
        args.errors.write_text("\n".join(lines), encoding="utf-8")
        print(f"{len(lines)} wrong speakers written to {args.errors}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
