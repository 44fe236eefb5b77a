"""The attribution run of ``annotator train``: a second transition-based recogniser over
CONTENT/SOURCE/CUE, trained in its own run and assembled into the output pipeline.

Design (measured on PolNeAR, numbers in README "Training"):

* **model**: spaCy's ``ner`` (transition-based, BILUO), started from the base pipeline's own
  ``ner`` weights (``source`` + ``component = "ner"``; its tok2vec is the recogniser's own in
  en_core_web_sm, a listener gets a copy through ``replace_listeners``) with the three labels
  added. Starting from the entity recogniser's tok2vec rather than random weights gives it
  word-shape, prefix/suffix and name features learnt on OntoNotes: with a few hundred articles
  that matters. Its corpus: :mod:`annotator.nlp.attribution_corpus` (``doc.ents`` =
  CONTENT/SOURCE/CUE, rejected QUOTEs as ``incorrect_spans_key``).
* **its own run**: the training pipeline holds only this component (the tagger, parser and
  entity recogniser are not touched: they stay frozen by not being there), checkpoints in
  ``DIR.training/attribution/`` with their own ``state.json``; progress, cancel and resume as
  for the entity run (:func:`annotator.nlp.train._loop`).
* **assembly** (:func:`assemble`): the output pipeline is the entity pipeline (trained or
  base) plus ``attribution_stash``, ``attribution`` (this recogniser) and ``attribution_spans``
  (:mod:`annotator.nlp.attribution_components`): ``doc.ents`` stays the entity recogniser's,
  the attribution spans are in ``doc.spans["attribution"]``.

spaCy's ``span_finder`` + ``spancat`` was the alternative (it allows overlapping spans); the
recogniser was chosen because contents are long (a median of ~15 tokens on PolNeAR) and
``span_finder`` proposes start/end pairs up to a maximum length, while the transition system
reads a span of any length; nested attribution spans (dropped from ``doc.ents``) are few.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.nlp.attribution_components import SPANS, STASH
from annotator.nlp.attribution_corpus import ATTRIBUTION_LABELS, ATTRIBUTION_REJECTED

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc
    from thinc.api import Config

COMPONENT = "attribution"
SUBFOLDER = "attribution"  # in DIR.training: this run's corpora, checkpoint and state
STASH_NAME = "attribution_stash"  # the pipe names (not the factories) assemble gives the components
SPANS_NAME = "attribution_spans"


def earlier_components(pipe_names: Sequence[str]) -> list[str]:
    """The components an earlier ``annotator train`` added to a pipeline (the attribution
    recogniser, its stash and spans, the cue lexicon), by pipe name, in ``pipe_names``' order:
    what :func:`assemble` replaces when the base was itself trained (usertest16 H3)."""
    from annotator.nlp.attribution_lexicon import COMPONENT as LEXICON

    ours = {STASH_NAME, COMPONENT, SPANS_NAME, LEXICON}
    return [name for name in pipe_names if name in ours]


def base_has_component(base: str) -> bool:
    """Whether the pipeline ``base`` (name or folder) holds a trained attribution recogniser:
    a pipeline written by ``annotator train`` with the attribution run."""
    from annotator.nlp.train import base_config

    return COMPONENT in base_config(base)["nlp"]["pipeline"]


def attribution_config(base: str, *, train_path: Path, heldout_path: Path, max_steps: int, eval_frequency: int = 200,
                       source: str | None = None) -> Config:
    """The config of the attribution run: one component, ``attribution``, sourced from the
    base's ``ner`` (or from ``source``'s ``attribution``, a checkpoint, when resuming). A base
    trained by ``annotator train`` with this component (usertest16 H3) gives its own
    ``attribution``: the run fine-tunes it again rather than starting afresh from its ``ner``."""
    from annotator.nlp.train import make_config
    from annotator.nlp.train_negatives import after_init_block

    config = make_config(base, train_path=train_path, heldout_path=heldout_path, max_steps=max_steps,
                         eval_frequency=eval_frequency)
    listens = "replace_listeners" in config["components"]["ner"]
    own = source is not None or COMPONENT in config["nlp"]["pipeline"]
    origin = config["components"][COMPONENT]["source"] if source is None and own else str(source or base)
    block: dict[str, Any] = {"source": origin, "component": COMPONENT if own else "ner"}
    if listens and not own:
        block["replace_listeners"] = ["model.tok2vec"]
    config["nlp"]["pipeline"] = [COMPONENT]
    config["components"] = {COMPONENT: block}
    config["initialize"]["after_init"] = after_init_block(COMPONENT, ATTRIBUTION_REJECTED)  # usertest32 L1
    config["training"]["frozen_components"] = []
    config["training"]["annotating_components"] = []
    return config


def prepare(nlp: Language, get_examples: Callable[[], Iterable[Any]] | None = None) -> None:
    """Give the training pipeline's recogniser its labels (CONTENT, SOURCE, CUE) and **only**
    those, and the negatives key. The recogniser sourced from the base's ``ner`` carries the base's
    entity labels (PERSON, DATE…, issue 10: ``doc.spans["attribution"]`` got ('Thursday', 'DATE'))
    and spaCy cannot remove a label, so it is replaced by a new ``ner`` of the same architecture
    with our labels alone, initialised on ``get_examples`` (the training corpus), whose
    label-independent layers (``tok2vec``, ``lower``) take the sourced weights; only the output
    layer (``upper``, one row per action of a label) starts afresh. A recogniser with our labels
    alone (a checkpoint, when resuming) is kept as it is."""
    rec = nlp.get_pipe(COMPONENT)
    if not set(rec.labels) <= set(ATTRIBUTION_LABELS) and get_examples is not None:
        block = {k: v for k, v in nlp.config["components"][COMPONENT].items()
                 if k not in ("factory", "source", "component", "replace_listeners")}
        fresh = nlp.replace_pipe(COMPONENT, "ner", config=block)
        for label in ATTRIBUTION_LABELS:
            fresh.add_label(label)
        fresh.initialize(get_examples, nlp=nlp)
        for layer in ("tok2vec", "lower"):
            fresh.model.get_ref(layer).from_bytes(rec.model.get_ref(layer).to_bytes())
        rec = fresh
    for label in ATTRIBUTION_LABELS:
        rec.add_label(label)
    rec.cfg["incorrect_spans_key"] = ATTRIBUTION_REJECTED


def _examples(nlp: Language, docs: Sequence[Doc]) -> Callable[[], list[Any]]:
    """``get_examples`` for initialising a recogniser: the training docs as references."""
    from spacy.training import Example

    return lambda: [Example(nlp.make_doc(d.text), d) for d in docs[:100]]


def assemble(nlp: Language, trained: Language) -> Language:
    """``nlp`` with ``trained``'s recogniser behind the stash/spans components (module docstring).
    ``nlp`` is changed in place and returned. The components of an earlier run (a base trained by
    ``annotator train``: :func:`earlier_components`, the cue lexicon included, which the run
    learns again) are removed first (usertest16 H3: [E007] 'attribution_stash' already exists)."""
    for name in earlier_components(nlp.component_names):
        nlp.remove_pipe(name)
    nlp.add_pipe(STASH, name=STASH_NAME, last=True)
    nlp.add_pipe(COMPONENT, name=COMPONENT, source=trained, last=True)
    nlp.add_pipe(SPANS, name=SPANS_NAME, last=True)
    return nlp


# ----------------------------------------------------------------------------- scoring


@dataclasses.dataclass(slots=True)
class AttributionScores:
    """Held-out scores: ``labels`` CONTENT/SOURCE/CUE → {"p","r","f"} (exact spans, spaCy's NER
    scoring) and ``attribution`` → {"p","r","f","direct_f","speaker","matched","gold"} (the
    project's scorer, :mod:`annotator.nlp.quotes_eval`: content overlap ≥ half the gold content;
    ``matched`` of ``gold`` held-out attributions found, counts; ``predicted`` attributions
    suggested, ``added`` of them not the rules' but the model's or the cue lexicon's,
    ``added_by_model`` the model's)."""

    labels: dict[str, dict[str, float]]
    attribution: dict[str, float]

    def as_dict(self) -> dict[str, Any]:
        return {"labels": self.labels, "attribution": self.attribution}


def span_scores(pred: Sequence[Sequence[tuple[int, int, str]]], gold: Sequence[Doc]) -> dict[str, dict[str, float]]:
    """Exact-span P/R/F1 (and ``"n"``, the gold spans) per label and ``"ALL"`` of predicted ``(start, end, label)`` character
    spans against the gold docs' ``doc.ents`` (a prediction over tokens whose gold is missing
    counts neither way, as in spaCy's NER scoring)."""
    from annotator.nlp.quotes_eval import PRF

    per: dict[str, PRF] = {label: PRF() for label in ATTRIBUTION_LABELS}
    for spans, doc in zip(pred, gold):
        gold_set = {(e.start_char, e.end_char, e.label_) for e in doc.ents}
        known = {t.idx for t in doc if t.ent_iob != 0}
        for label in ATTRIBUTION_LABELS:
            g = {s for s in gold_set if s[2] == label}
            p = {s for s in spans if s[2] == label and (s[0] in known or s in g)}
            per[label].tp += len(g & p)
            per[label].fp += len(p - g)
            per[label].fn += len(g - p)
    total = PRF()
    for prf in per.values():
        total.add(prf)
    # "n": gold spans of the label in the held-out articles, the table's support column (usertest24 L5)
    out = {label: {"p": v.precision, "r": v.recall, "f": v.f1, "n": v.tp + v.fn} for label, v in per.items()}
    out["ALL"] = {"p": total.precision, "r": total.recall, "f": total.f1, "n": total.tp + total.fn}
    return out


def score_pipeline(nlp: Language, docs: Sequence[Doc], gold: Sequence[Sequence[Any]],
                   suggest: Callable[[Doc, str], list[Any]], *, parsed: Sequence[Doc] | None = None) -> AttributionScores:
    """Score ``suggest(doc, text) -> list[Quote]`` on ``nlp``'s analysis of the held-out ``docs``
    against their ``gold`` attributions (see :class:`AttributionScores`). ``parsed``: that
    analysis done already (one parse scored several ways), then ``nlp`` is not run."""
    from annotator.nlp.quotes_eval import Scores, score_attributions
    from annotator.nlp.quotes_polnear import to_attributions

    total = Scores()
    added = by_model = 0  # attributions not the rules' (the model's, the cue lexicon's): usertest24 M1
    spans: list[list[tuple[int, int, str]]] = []
    analysed = parsed if parsed is not None else nlp.pipe(d.text for d in docs)
    for doc, gold_doc, gold_attrs in zip(analysed, docs, gold):
        text = gold_doc.text
        quotes = suggest(doc, text)
        found: set[tuple[int, int, str]] = set()
        for q in quotes:
            found.add((q.content[0], q.content[1], "CONTENT"))
            if q.cue is not None:
                found.add((q.cue[0], q.cue[1], "CUE"))
            if q.speaker is not None:
                found.add((q.speaker[0], q.speaker[1], "SOURCE"))
        spans.append(sorted(found))
        added += len({q.group for q in quotes if q.origin != "rules"})
        by_model += len({q.group for q in quotes if q.origin == "model"})
        total.add(score_attributions(list(gold_attrs), to_attributions(quotes), text=text))
    a = total.all
    return AttributionScores(span_scores(spans, docs), {
        "p": a.precision, "r": a.recall, "f": a.f1, "direct_f": total.direct.f1, "speaker": total.speaker_accuracy,
        # counts: held-out gold attributions found (matched) of all (usertest17 N5: "found none of 40")
        "matched": a.tp, "gold": a.tp + a.fn,
        # suggested attributions, and how many of them the rules did not make (usertest24 M1)
        "predicted": a.tp + a.fp, "added": added, "added_by_model": by_model,
    })


# ----------------------------------------------------------------------------- the run


def run(
    *,
    base: str,
    work: Path,
    train_docs: Sequence[Doc],
    heldout_docs: Sequence[Doc],
    digest: str,
    max_steps: int,
    eval_frequency: int,
    on_progress: Callable[[Any], None] | None,
    cancelled: Callable[[], bool],
    say: Callable[[str], None],
    train_hashes: Sequence[str] | None = None,
    heldout_hashes: Sequence[str] | None = None,
    checkpoints: Any = None,
) -> tuple[Language, int, int, float, Any]:
    """Train the recogniser in ``work/attribution``, resuming its checkpoint by the entity run's
    rule (:func:`annotator.nlp.train.resume_plan`: the same labels and base; on changed data
    unless an article it trained on is now held out). ``train_hashes``/``heldout_hashes``: the
    text hash of each of ``train_docs``/``heldout_docs`` (None: unknown, so a checkpoint of
    other data is discarded). ``checkpoints``: :class:`annotator.nlp.train.Checkpoints` between
    the evaluations (None: at the evaluations only). Returns the trained one-component pipeline (averaged weights
    applied), the steps done in all, the step resumed from, the seconds spent and the
    :class:`~annotator.nlp.train.ResumePlan`. Raises
    :class:`annotator.nlp.train.TrainingCancelled` when cancelled (checkpoint kept)."""
    from spacy.training.initialize import init_nlp
    from thinc.api import fix_random_seed

    from annotator.nlp.train import (
        MODEL_LAST, SEED, ResumePlan, _loop, _save_state, _state, article_digests, discarded_note,
        no_steps_left, resume_plan, write_docbin,
    )

    from annotator.nlp.train import TrainingCancelled

    def stop_if_cancelled(stage: str) -> None:
        # Ctrl+C before the first step: between the stages spaCy cannot interrupt (loading the
        # pipeline, initialising the recogniser), not only after a step (issue 10: 16.6 s to stop)
        if cancelled():
            raise TrainingCancelled(f"training of the attribution component cancelled {stage}, before its first step; "
                                    "the entity run's checkpoint (if any) is kept: run the same command again to continue")

    stop_if_cancelled("before it started")
    folder = work / SUBFOLDER
    settings: dict[str, Any] = {"digest": digest, "labels": list(ATTRIBUTION_LABELS), "base": str(base), "component": COMPONENT}
    state = _state(folder)
    checkpoint = (folder / MODEL_LAST / "config.cfg").exists()
    if train_hashes is not None and heldout_hashes is not None:
        settings["articles"] = article_digests([*train_hashes, *heldout_hashes], [*train_docs, *heldout_docs],
                                               ATTRIBUTION_REJECTED)
        plan = resume_plan(state, settings, run="attribution run", checkpoint=checkpoint, train_hashes=train_hashes,
                           heldout_hashes=heldout_hashes)
        settings["trained_on"] = plan.trained_on  # saved with every checkpoint: what the next resume checks
    else:  # what the docs are is not known: resumed on the same data only
        same = checkpoint and all(state.get(k) == v for k, v in settings.items())
        plan = ResumePlan(same, step=int(state.get("steps", 0) or 0) if same else 0)
    resume = plan.resume
    if not resume and folder.exists():
        if (folder / MODEL_LAST).exists():
            say(plan.line or discarded_note(state, settings, "attribution run"))
        shutil.rmtree(folder)
    folder.mkdir(parents=True, exist_ok=True)
    train_path, heldout_path = folder / "train.spacy", folder / "heldout.spacy"
    write_docbin(train_docs, train_path)  # span groups (the negatives) are always in a DocBin
    write_docbin(heldout_docs, heldout_path)
    done_before = int(state.get("steps", 0)) if resume else 0
    steps_left = max(max_steps - done_before, 0)
    config = attribution_config(base, train_path=train_path, heldout_path=heldout_path, max_steps=max(steps_left, 1),
                                eval_frequency=eval_frequency)
    config.to_disk(folder / "config.cfg")
    if resume:  # on changed data, the plan's one line (what changed); else where it resumes from
        say(plan.line or f"Resuming the attribution run from the checkpoint after step {done_before} in {folder / MODEL_LAST}.")
        if plan.data_changed and not steps_left:
            say(no_steps_left(done_before, max_steps, "attribution run"))
        config = attribution_config(base, train_path=train_path, heldout_path=heldout_path, max_steps=max(steps_left, 1),
                                    eval_frequency=eval_frequency, source=str(folder / MODEL_LAST))
    _save_state(folder, {**settings, "steps": done_before, "max_steps": max_steps})
    started = time.perf_counter()
    fix_random_seed(SEED)
    stop_if_cancelled("while its corpus was written")
    nlp = init_nlp(config, use_gpu=-1)
    stop_if_cancelled("while the pipeline loaded")
    prepare(nlp, _examples(nlp, train_docs))
    stop_if_cancelled("while the component was initialised")
    steps, averages = done_before, None
    if steps_left:
        steps, averages = _loop(nlp, folder, done_before, max_steps, on_progress, cancelled, settings, component=COMPONENT,
                                eval_frequency=eval_frequency, checkpoints=checkpoints)
    if averages:  # the final weights are the optimizer's parameter averages, as spaCy saves them
        with nlp.use_params(averages):
            weights = nlp.get_pipe(COMPONENT).to_bytes()
        nlp.get_pipe(COMPONENT).from_bytes(weights)
    seconds = time.perf_counter() - started
    (folder / "done.json").write_text(json.dumps({"steps": steps}), encoding="utf-8")
    return nlp, steps, done_before, seconds, plan
