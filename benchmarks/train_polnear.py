"""Does `annotator train` learn attributions? PolNeAR train in, the project's scorer on dev out.

    .venv/bin/python -m benchmarks.train_polnear [--smoke] [--articles N] [--curve 10,50,200,all]
                                                 [--max-steps 4000] [--dev-articles N] [--keep DIR]

1. ``../shared/data/polnear-train`` (brat Source/Cue/Content; read in place, never copied) is
   imported into a temporary project with the project's own brat importer
   (:mod:`benchmarks.polnear_import`, label map ``Content=QUOTE,Source=SPEAKER,Cue=CUE``), every
   article status ``done``: reviewed attributions;
2. :func:`annotator.nlp.train.train` trains the attribution component (the project has no
   entities, so the entity recogniser stays the base's); its held-out 20% of polnear-train
   gives the before/after table that ``annotator train`` prints;
3. ``../shared/data/polnear-dev`` is scored with the project's scorer
   (:mod:`annotator.nlp.quotes_polnear` / :mod:`annotator.nlp.quotes_eval`: content overlap ≥
   half the gold content) for the rules alone on the base pipeline and for the trained pipeline
   (rules merged with the model, :mod:`annotator.nlp.attribution_merge`), in the same run;
4. pre-annotation speed: words/s of ``nlp.pipe`` + the suggestion rules
   (:func:`annotator.nlp.quotes.suggest`) over the dev texts, both pipelines.

``--curve 10,50,200,all``: one training per size (the first N imported articles), dev F1 of
each: the learning curve. ``--smoke``: 6 training articles, 3 dev articles, 2 steps (checks that
it runs, in the test suite). Exits 0 with a message when the data is absent.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from annotator.paths import shared_data

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from annotator.nlp.pipeline import default_pipeline_name  # noqa: E402
from annotator.nlp.quotes_eval import Scores, score_attributions  # noqa: E402
from annotator.nlp.quotes_polnear import load, polnear_scheme, to_attributions  # noqa: E402
from annotator.storage.project import Project  # noqa: E402
from benchmarks.polnear_import import import_polnear  # noqa: E402
from benchmarks.train_conll import step_printer  # noqa: E402

DATA = shared_data()


def score_dev(nlp_source: str, items: list, *, with_model: bool) -> tuple[Scores, float, int]:
    """The project's scorer on ``items`` (``quotes_polnear.load``) with pipeline ``nlp_source``;
    also the seconds and words of the whole suggestion path (``nlp.pipe`` + ``quotes.suggest``)."""
    import spacy

    from annotator.nlp.quotes import suggest, suggest_quotes, with_model_attributions
    from annotator.nlp.quotes_sents import add_line_sents

    nlp = add_line_sents(spacy.load(nlp_source))
    texts = [t for _, t, _ in items]
    total = Scores()
    for (_, text, gold), doc in zip(items, nlp.pipe(texts)):
        quotes = suggest_quotes(doc, text=text)
        if with_model:
            quotes = with_model_attributions(doc, quotes, text=text)
        elif "attribution" in doc.spans:
            raise SystemExit(f"{nlp_source} has the attribution component; the rules alone need a pipeline without")
        total.add(score_attributions(gold, to_attributions(polnear_scheme(quotes)), text=text))  # PolNeAR nests no quotes
    started = time.perf_counter()
    for doc in nlp.pipe(texts):
        suggest(doc, schema_ner_map={}, origin="benchmark")
    seconds = time.perf_counter() - started
    return total, seconds, sum(len(t.split()) for t in texts)


def _row(name: str, s: Scores) -> str:
    a, d = s.all, s.direct
    return (f"{name:<26} {a.precision:6.3f} {a.recall:6.3f} {a.f1:6.3f}   {d.f1:6.3f}   "
            f"{s.speaker_accuracy:6.3f} ({s.speaker_right}/{s.speaker_total})")


def train_on(n: int | None, args: argparse.Namespace, tmp: Path, base: str, output: Path) -> tuple[int, float]:
    """Import the first ``n`` polnear-train articles (all: None) and train; returns the articles
    imported and the training seconds."""
    from annotator.nlp.train import train

    with Project.open(tmp / f"train-{n or 'all'}.db") as project:
        added, skipped = import_polnear(args.data / "polnear-train", project, n)
        print(f"polnear-train: {added} articles imported as reviewed"
              + (f"; {len(skipped)} refused by the importer, e.g. {skipped[0]}" if skipped else ""), flush=True)
        progress = step_printer(every_s=60, named=True)

        result = train(project, output, base=base, max_steps=args.max_steps, force=True, on_progress=progress,
                       eval_frequency=args.eval_frequency)
    run = result.attribution
    assert run is not None
    b, a = run.before["attribution"], run.after["attribution"]
    print(f"trained {run.steps} steps in {run.seconds:.0f} s on {os.cpu_count()} CPUs ({run.train_articles} articles); "
          f"held-out slice of polnear-train ({run.heldout_articles} articles): attribution F1 {b['f']:.3f} rules, "
          f"{a['f']:.3f} merged; CONTENT/SOURCE/CUE exact F1 "
          + " ".join(f"{lab} {run.after['labels'][lab]['f']:.3f}" for lab in ("CONTENT", "SOURCE", "CUE")), flush=True)
    return added, run.seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help="folder with polnear-train/ and polnear-dev/")
    parser.add_argument("--articles", type=int, default=None, help="only the first N polnear-train articles")
    parser.add_argument("--dev-articles", type=int, default=None, help="only the first N polnear-dev articles")
    parser.add_argument("--curve", default=None, help="sizes to train on, e.g. 10,50,200,all (one training each)")
    parser.add_argument("--max-steps", type=int, default=4000,
                        help="attribution steps (4000: the README's \"Where it stands\" numbers)")
    parser.add_argument("--eval-frequency", type=int, default=500)
    parser.add_argument("--base", default=None, help="pipeline to start from (default: the default pipeline)")
    parser.add_argument("--keep", type=Path, default=None, help="write the trained pipeline here (default: a temp folder)")
    parser.add_argument("--model", type=Path, default=None, help="score this already trained pipeline instead of training")
    parser.add_argument("--smoke", action="store_true", help="6 training articles, 3 dev articles, 2 steps")
    args = parser.parse_args(argv)
    if not (args.data / "polnear-train" / "text").is_dir() or not (args.data / "polnear-dev" / "text").is_dir():
        print(f"skipped: {args.data} has no polnear-train/ and polnear-dev/ (PolNeAR is read from ../shared/data or $ANNOTATOR_SHARED_DATA, or pass --data; never shipped)")
        return 0
    if args.smoke:
        args.articles, args.dev_articles, args.max_steps, args.eval_frequency = 6, 3, 2, 1
    base = args.base or default_pipeline_name()
    if base is None:
        print("skipped: no trained spaCy pipeline is installed to start from")
        return 0
    sizes: list[int | None] = [args.articles]
    if args.curve:
        sizes = [None if part.strip() == "all" else int(part) for part in args.curve.split(",") if part.strip()]
    items = load(args.data / "polnear-dev")[: args.dev_articles]
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}; base {base}; "
          f"{len(items)} polnear-dev articles, {sum(len(g) for _, _, g in items)} gold attributions", flush=True)
    header = f"{'polnear-dev':<26} {'P':>6} {'R':>6} {'F1':>6}   {'direct':>6}   speaker"
    rows: list[str] = []
    speeds: list[str] = []
    curve = []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        for n in sizes:
            output = args.keep if args.keep is not None and n == sizes[-1] else tmp / f"trained-{n or 'all'}"
            if args.model is not None:
                output, added, seconds = args.model, -1, 0.0
            else:
                added, seconds = train_on(n, args, tmp, base, output)
            merged, merged_seconds, _ = score_dev(str(output), items, with_model=True)
            name = f"trained ({added} articles)" if added >= 0 else f"given {output.name}"
            rows.append(_row(name, merged))
            speeds.append(f"{name} {sum(len(t.split()) for _, t, _ in items) / merged_seconds:,.0f} words/s")
            curve.append((added, merged.all.f1, merged.direct.f1, merged.speaker_accuracy, seconds))
    # The rules alone last, right after the trained pipeline: both speeds under the same load.
    rules, rule_seconds, words = score_dev(base, items, with_model=False)
    rows.insert(0, _row("rules alone", rules))
    speeds.insert(0, f"pre-annotation: rules alone {words / rule_seconds:,.0f} words/s")
    print(header)
    for row in rows:
        print(row)
    print("; ".join(speeds))
    if len(curve) > 1:
        print("learning curve (dev): " + ", ".join(f"{n} articles F1 {f:.3f} direct {d:.3f} speaker {sp:.3f} ({sec:.0f} s)"
                                                   for n, f, d, sp, sec in curve))
    n, f, direct, speaker, seconds = curve[-1]
    which = f"trained ({n} articles, {seconds:.0f} s of training)" if n >= 0 else f"given {args.model}"
    print(f"all attributions F1 on polnear-dev: {f:.3f} {which} vs "
          f"{rules.all.f1:.3f} rules alone; direct {direct:.3f} vs {rules.direct.f1:.3f}; speaker {speaker:.3f} vs "
          f"{rules.speaker_accuracy:.3f} (targets: all >= 0.75, direct >= 0.90, speaker >= 0.92)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
