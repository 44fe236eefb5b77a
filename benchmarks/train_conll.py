"""Does `annotator train` make a better entity recogniser? CoNLL-2003 in, F1 out.

    .venv/bin/python -m benchmarks.train_conll [--max-steps 3000] [--train-docs N] [--test-docs N] [--smoke]

1. ``eng.train`` (CoNLL-2003, IOB1; read from ../shared/data, never copied into the repository)
   is imported into a temporary project as reviewed entity annotations: one article per
   ``-DOCSTART-`` document, its tokens joined by spaces and its sentences by line breaks, status
   ``done``, labels PER→PERSON, ORG→ORG, LOC→LOC, MISC→MISC;
2. :func:`annotator.nlp.train.train` fine-tunes the default pipeline's NER on it (its own 80/20
   held-out split picks nothing: the last step's model is the result);
3. ``eng.testa`` (CoNLL's tuning split; ``eng.testb``, its test split, is not in the shared data)
   is imported as the gold project, only after training, and scored with the project's evaluator
   (:func:`annotator.nlp.evaluate.evaluate_projects`, exact spans) against the entity
   suggestions (:func:`annotator.nlp.entities.suggest_entities`, the pre-annotation path) of
   the small model alone and of the trained pipeline, both measured in the same run. The small
   model's labels are mapped as OntoNotes → CoNLL today: PERSON→PERSON; ORG→ORG; GPE, LOC, FAC→LOC;
   NORP, EVENT, WORK_OF_ART, PRODUCT, LANGUAGE, LAW→MISC.

Prints the micro F1 of both, per-label F1, and the training time (wall, with the machine's CPU
count). ``--smoke``: 12 training documents, 4 test documents, 4 steps (checks that it runs).
``--data``: the shared data folder (CoNLL-2003 in its ``conll2003/``), or the folder holding
``eng.train``. Exits 0 with a "skipped" line when the default data folder lacks it, 2 when a
``--data`` given holds neither (a wrong path is not a skip).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from annotator.paths import shared_data

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from annotator.domain.model import Article, ArticleBundle, ArticleStatus  # noqa: E402
from annotator.formats.conll_import import read_bundles  # noqa: E402
from annotator.domain.suggestions import SuggestionSet  # noqa: E402
from annotator.nlp.entities import suggest_entities  # noqa: E402
from annotator.nlp.evaluate import evaluate_projects  # noqa: E402
from annotator.nlp.pipeline import default_pipeline_name, load_pipeline  # noqa: E402
from annotator.formats.conll_import import ONTONOTES_TO_CONLL  # noqa: E402 (what "mapped as today" scores)
from annotator.nlp.quotes_eval import PRF  # noqa: E402
from annotator.nlp.runner import preannotate  # noqa: E402
from annotator.nlp.train import train  # noqa: E402
from annotator.storage.project import Project  # noqa: E402

DATA = shared_data()  # the shared data folder, as benchmarks.train_polnear's --data; CoNLL-2003 in its conll2003/
SUBFOLDER = "conll2003"
CONLL_LABELS: Mapping[str, str] = {"PER": "PERSON", "ORG": "ORG", "LOC": "LOC", "MISC": "MISC"}
TRAINED_MAP: Mapping[str, str] = {label: label for label in CONLL_LABELS.values()}
# usertest32 L5: what the score is (README "Training"): eng.testa is CoNLL's tuning split
SPLIT_NOTE = ("eng.testa is CoNLL-2003's tuning split (eng.testb, the test split, is not in the shared data): it is "
              "scored only, after training; no early stopping or checkpoint choice reads it (the model after the last "
              "step is the result), the step budget is the one choice a reader of its scores may have made")


def read_conll2003(path: Path, limit: int | None = None) -> Iterator[ArticleBundle]:
    """One bundle per ``-DOCSTART-`` document of a CoNLL-2003 file (``TOKEN POS CHUNK NER``,
    NER tags in IOB1: ``I-X`` inside or starting an entity, ``B-X`` only to start one right
    after another of the same type). Tokens are joined by one space, sentences by ``\\n``;
    entities become accepted ``entity`` spans labelled through :data:`CONLL_LABELS`, articles
    ``done``: ``annotator import --format conll``'s reading (:mod:`annotator.formats.conll_import`)."""
    return read_bundles(path, CONLL_LABELS, status=ArticleStatus.DONE, limit=limit)


def _entities_only(doc, *, schema_ner_map: Mapping[str, str], origin: str) -> SuggestionSet:
    """The pre-annotation's entity path alone (the quote rules add nothing to score here)."""
    out = SuggestionSet(origin)
    for span in suggest_entities(doc, schema_ner_map):
        out.add_span(span)
    return out


def _with_ner_map(project: Project, ner_map: Mapping[str, str]) -> None:
    import dataclasses

    project.set_schema(dataclasses.replace(project.schema, ner_map=dict(ner_map)))


def score(model: str, gold: Project, texts: list[str], ner_map: Mapping[str, str], folder: Path, name: str) -> tuple[PRF, dict[str, PRF]]:
    """Micro and per-label exact PRF of ``model``'s entity suggestions on ``texts`` against ``gold``."""
    with Project.open(folder / f"{name}.db") as pred:
        _with_ner_map(pred, ner_map)
        pred.import_bundles(ArticleBundle(Article(None, t)) for t in texts)
        result = preannotate(pred, pipeline=load_pipeline(model), rules=_entities_only)
        if result.failed:
            raise SystemExit(f"{name}: {len(result.failed)} articles failed, e.g. {result.failed[0]}")
        evaluation = evaluate_projects(pred, gold)
    total = PRF()
    per_label = {}
    for label in CONLL_LABELS.values():
        prf = evaluation.labels.get(label, {}).get("exact", PRF())
        per_label[label] = prf
        total.add(prf)
    return total, per_label


def step_printer(*, every_s: float, named: bool = False):  # noqa: ANN201
    """An ``on_progress`` for :func:`annotator.nlp.train.train` printing a step line at most every
    ``every_s`` seconds and at the last step (``named``: prefix the run, ner or attribution)."""
    last = [0.0]

    def progress(p) -> None:  # noqa: ANN001
        if p.step == p.max_steps or time.perf_counter() - last[0] > every_s:
            last[0] = time.perf_counter()
            held = f", held-out F1 {p.score:.3f}" if p.score is not None else ""
            run = f"{p.component} " if named else ""
            print(f"  {run}step {p.step}/{p.max_steps}, loss {p.loss:.1f}{held}", flush=True)

    return progress


def conll_folder(data: Path) -> Path | None:
    """The folder holding ``eng.train`` and ``eng.testa``: ``data/conll2003`` (``data`` is the
    shared data folder, as for :mod:`benchmarks.train_polnear`), else ``data`` itself; None when
    neither holds both."""
    for folder in (data / SUBFOLDER, data):
        if (folder / "eng.train").is_file() and (folder / "eng.testa").is_file():
            return folder
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=None,
                        help="the shared data folder (its conll2003/ holds eng.train and eng.testa; a folder holding them "
                             "directly is read too); default: the shared data folder")
    parser.add_argument("--max-steps", type=int, default=3000)
    parser.add_argument("--train-docs", type=int, default=None, help="only the first N training documents")
    parser.add_argument("--test-docs", type=int, default=None, help="only the first N eng.testa documents")
    parser.add_argument("--base", default=None, help="pipeline to start from (default: the default pipeline)")
    parser.add_argument("--keep", type=Path, default=None, help="write the trained pipeline here (default: a temp folder)")
    parser.add_argument("--smoke", action="store_true", help="12 training documents, 4 test documents, 4 steps")
    args = parser.parse_args(argv)
    folder = conll_folder(args.data or DATA)
    if folder is None:
        where = args.data or DATA
        if args.data is not None:  # a path the user gave that holds no CoNLL-2003: a mistake, not a skip
            print(f"error: {where} has no eng.train and eng.testa, nor {SUBFOLDER}/ with them; give the shared data "
                  "folder (or the folder that holds eng.train)", file=sys.stderr)
            return 2
        print(f"skipped: {where} has no {SUBFOLDER}/eng.train and eng.testa (CoNLL-2003 is read from ../shared/data or $ANNOTATOR_SHARED_DATA, or pass --data; never shipped)")
        return 0
    train_file, test_file = folder / "eng.train", folder / "eng.testa"
    if args.smoke:
        args.train_docs, args.test_docs, args.max_steps = 12, 4, 4
    base = args.base or default_pipeline_name()
    if base is None:
        print("skipped: no trained spaCy pipeline is installed to start from")
        return 0
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}; base {base}")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        output = args.keep or tmp / "trained"
        with Project.open(tmp / "train.db") as project:
            _with_ner_map(project, ONTONOTES_TO_CONLL)
            imported = project.import_bundles(read_conll2003(train_file, args.train_docs))
            print(f"eng.train: {len(imported.article_ids)} documents imported as reviewed")
            progress = step_printer(every_s=30)

            result = train(project, output, base=base, max_steps=args.max_steps, force=args.keep is not None,
                           on_progress=progress, eval_frequency=200)
        print(f"trained {result.steps} steps in {result.seconds:.0f} s on {os.cpu_count()} CPUs "
              f"({result.train_articles} articles; held-out F1 {result.before['ALL']['f']:.3f} before, "
              f"{result.after['ALL']['f']:.3f} after)")
        with Project.open(tmp / "gold.db") as gold:
            gold.import_bundles(read_conll2003(test_file, args.test_docs))
            texts = [gold.article(i).text for i in gold.article_ids()]
            print(f"eng.testa: {len(texts)} documents")
            small, small_labels = score(base, gold, texts, ONTONOTES_TO_CONLL, tmp, "small")
            trained, trained_labels = score(str(output), gold, texts, TRAINED_MAP, tmp, "trained")
    print(f"{'':<22}{'P':>6} {'R':>6} {'F1':>6}   " + "  ".join(f"{lab:>7}" for lab in CONLL_LABELS.values()))
    for name, total, labels in (("small model alone", small, small_labels), ("trained", trained, trained_labels)):
        print(f"{name:<22}{total.precision:6.3f} {total.recall:6.3f} {total.f1:6.3f}   "
              + "  ".join(f"{labels[lab].f1:7.3f}" for lab in CONLL_LABELS.values()))
    print(f"entity F1 on eng.testa: {trained.f1:.3f} trained vs {small.f1:.3f} small model alone (target >= 0.85)")
    print(SPLIT_NOTE)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
