"""``annotator train``: fine-tune a spaCy pipeline's entity recogniser on a project's reviewed entities.

What is trained on (the *reviewed* data):

* **complete** articles: status ``done`` or ``reviewed`` **and** at least one entity an analyst
  accepted or rejected (:func:`annotator.nlp.train_rule.article_role`, the rule every component
  and the Train dialog share). A done article with no decided entity (e.g. a PolNeAR article
  whose quotes were reviewed) is left out, not read as "no entities here", and counted in the
  notes ("N done articles have no reviewed entities, so the entity recogniser was not trained on them."). Their accepted entities are ``doc.ents``;
  every other token is an explicit "no entity" (O), except the tokens of entities still
  *suggested* (undecided), which are missing (spaCy learns nothing from them);
* **partial** articles: any other status with at least one entity an analyst accepted or rejected.
  Only what was decided counts: accepted entities are ``doc.ents``, every other token is missing
  (an unreviewed name is not a negative);
* in both, **rejected** entities are negatives: ``doc.spans["entity_rejected"]``, the NER's
  ``incorrect_spans_key`` (spaCy's EntityRecognizer learns that exactly that span is not that label).

The ``Doc`` of each article is the DocBin export's (:func:`annotator.formats.spacy_docbin.doc_of`),
restricted to the entity layer and the labels trained.

Held-out part: an article goes to the held-out set when the first 8 hex digits of SHA-256 of its
text hash, modulo 100, are below ``heldout_percent`` (20 by default): the same article is always
on the same side, whatever else the project holds. When that leaves one side empty (few
articles), the article with the lowest hash value is held out alone. Near-duplicate articles
(:mod:`annotator.nlp.near_duplicates`: 3-word shingle Jaccard >= 0.3, e.g. articles filled in
from one template, or one story published twice) go to one side together, the training side
unless the hash holds out all of them (:func:`split_articles`): a held-out near copy of a
trained-on article scores what was memorised (usertest14 F4: 1.00 -> 1.00 on template articles
while the suggestions got worse). When every article is a near copy of another, the hash split
stands and ``train`` and the Train dialog say in one line how many held-out articles have a
near copy in training and that the held-out scores overstate the gain.

The output folder ``DIR`` (by default ``PROJECT-pipeline`` beside the project):

* ``DIR.training/`` while training: ``config.cfg`` (the config, readable by ``spacy train`` from
  any directory: its corpus paths are absolute; ``--paths.train``/``--paths.dev`` override them;
  the attribution run's config, corpora and checkpoint are in ``DIR.training/attribution/``),
  ``train.spacy`` and ``heldout.spacy`` (the corpora), ``model-last/`` (the last checkpoint),
  ``state.json`` (steps done, the run's settings, the articles it trained on: Resume below). Removed once ``DIR`` is complete;
* ``DIR/`` when complete (swapped in whole, :func:`annotator.formats.atomic.replacing_folder`):
  the trained pipeline (``spacy.load(DIR)``; its ``config.cfg`` is the pipeline's config),
  ``annotator-training.json`` (project, labels, articles, scores before and after, steps,
  seconds, when it finished) and the training configs the runs read, kept once
  ``DIR.training`` is removed: ``training-config.cfg`` (the entity run) and
  ``training-config-attribution.cfg`` (the attribution run); their corpus paths name the removed
  ``DIR.training``, so to rerun one with ``spacy train`` give ``--paths.train``/``--paths.dev``.
  Each names its negatives key in ``[initialize.after_init]`` and ``DIR/config.cfg`` in the
  components (:mod:`annotator.nlp.train_negatives`, usertest32 L1).

**Resume** (a checkpoint is a warm start, :func:`resume_plan`): a run with the same ``DIR`` whose
``DIR.training/model-last`` exists (a run that was cancelled, interrupted or killed after its first
checkpoint) with the same labels and base starts from that checkpoint's weights and runs the
steps left of ``max_steps``, on the corpora as they are now: the analyst is told to keep
annotating while training runs (the Train dialog), so articles reviewed or changed since are
trained on, not a reason to throw hours of training away (usertest16 M4: any change discarded
it). The one condition is honesty of the held-out scores: ``state.json`` records the text hash
of every article the checkpoint's weights were trained on (``trained_on``, accumulated over
resumes) and each article's annotation digest (``articles``); when an article it trained on is
now held out (e.g. its near copy was un-reviewed, so the hash holds it out alone), scoring on it
would overstate the gain, and the checkpoint is discarded. Resumed on changed data, one line
says so, with counts from those digests: "resumed after step 1,200 (entity run) with the data
changed since: 3 more reviewed articles, 1 changed; none of the articles it trained on is held
out"; the result's ``data_changed_on_resume``/``changes_on_resume`` and the same keys of
``annotator-training.json`` (with ``resumed_from_step``) keep it. Discarded (other labels or
base, a trained-on article held out, or a checkpoint of an earlier version that does not record
what it trained on when the data changed), one line says why and the run starts from step 0.
The attribution run follows the same rule in ``DIR.training/attribution/``. The optimizer's
moments and the batch order start again: resuming is not bit-identical to an uninterrupted run.

The config: every component of the base pipeline is *sourced* from it; all but ``ner`` are
frozen (the tagger, parser, lemmatizer the quote rules read stay exactly as they were). A ``ner``
that listens to a shared ``tok2vec`` gets its own copy (``replace_listeners``) so that the frozen
components keep theirs. CPU only. Adding the attribution component later: one more entry of
:data:`TRAINABLE` and its corpus in :func:`build_corpora`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import random
import shutil
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.domain.errors import AnnotatorError, InputError
from annotator.domain.model import ArticleBundle, Layer
from annotator.domain.schema import suggested_label
from annotator.formats.atomic import replacing_folder
from annotator.formats.common import ExportReport
from annotator.formats.spacy_ext import INCORRECT_SPANS_KEY
from annotator.nlp.train_rule import (
    ATTRIBUTION_LAYERS, COMPLETE, COMPLETE_STATUSES, ENTITY_LAYERS, PARTIAL, UNCOVERED, article_roles, not_trained_line,
    left_out_sentence,
    uncovered_note,
)
from annotator.nlp.training_folder import OWNER, WORK_SUFFIX  # noqa: F401  (re-exported: tests, callers)
from annotator.storage.project import Project
from annotator.storage.run_lease import Holder, RunLease

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc
    from thinc.api import Config

HELDOUT_PERCENT = 20
MARKER = "annotator-training.json"  # in DIR: what makes a folder an earlier training output
TRAINING_CONFIG = "training-config.cfg"  # in DIR: the entity run's training config, kept after the run
ATTRIBUTION_TRAINING_CONFIG = "training-config-attribution.cfg"  # in DIR: the attribution run's
MODEL_LAST = "model-last"
TRAINABLE = ("ner",)  # components this module can train; the attribution component comes later
DEFAULT_MAX_STEPS = 2000
SEED = 0
TRAINED_FOLDER = "a trained pipeline is written as a folder"  # the refusal of an --output that is not one


class TrainingCancelled(AnnotatorError):
    """Raised by :func:`train` when ``cancelled()`` turned true; the last checkpoint is kept."""


@dataclasses.dataclass(frozen=True, slots=True)
class Progress:
    """One training step: ``step`` of ``max_steps``; ``loss`` the NER loss summed since the last
    evaluation; ``score`` the held-out F1 at the last evaluation (None before the first): the
    entity F1 for the entity run, for the attribution run the recogniser's own exact-span F1
    over CONTENT/SOURCE/CUE (:meth:`score_text` names which)."""

    step: int
    max_steps: int
    loss: float
    score: float | None
    component: str = "ner"  # the run: "ner" or "attribution" (each has its own steps)

    def score_text(self, digits: int = 3) -> str:
        """The score as the progress line names it ("" before the first evaluation). usertest16
        L1: the attribution run's bar said "held-out F1 0.079" while the result table said
        attribution F1 0.62 — another measure (the table: the project's scorer on the rules
        merged with the model's readings, contents matched by overlap), so it is named."""
        if self.score is None:
            return ""
        what = "span F1 (exact, model alone)" if self.component == "attribution" else "held-out F1"
        return f"{what} {self.score:.{digits}f}"


@dataclasses.dataclass(slots=True)
class Corpora:
    """The reviewed articles as ``Doc``s, split by article."""

    train: list[Doc]
    heldout: list[Doc]
    labels: list[str]
    complete: int = 0  # articles done/reviewed with a decided entity (train_rule.article_role)
    partial: int = 0  # other articles with a decided entity
    report: ExportReport = dataclasses.field(default_factory=ExportReport)
    near_duplicates: int = 0  # held-out articles with a near copy in train (Split.near_duplicates)
    train_hashes: list[str] = dataclasses.field(default_factory=list)  # text hash of each train doc
    heldout_hashes: list[str] = dataclasses.field(default_factory=list)  # text hash of each held-out doc

    def articles(self) -> dict[str, str]:
        """Text hash -> :func:`doc_digest` of every article of both corpora: what a resume on
        changed data compares to say what changed (:func:`resume_plan`)."""
        return article_digests([*self.train_hashes, *self.heldout_hashes], [*self.train, *self.heldout],
                               INCORRECT_SPANS_KEY)

    def digest(self) -> str:
        """SHA-256 (hex) over both corpora's texts and entities: what resume checks is unchanged."""
        h = hashlib.sha256()
        for part, docs in (("train", self.train), ("heldout", self.heldout)):
            h.update(part.encode())
            for doc in docs:
                h.update(doc.text.encode("utf-8"))
                h.update(json.dumps([(e.start_char, e.end_char, e.label_) for e in doc.ents]).encode())
                h.update(json.dumps([(s.start_char, s.end_char, s.label_) for s in doc.spans.get(INCORRECT_SPANS_KEY, [])]).encode())
                h.update(bytes(t.ent_iob for t in doc))
        h.update(json.dumps(self.labels).encode())
        return h.hexdigest()


@dataclasses.dataclass(slots=True)
class TrainResult:
    """What a finished run did. ``before``/``after``: label -> {"p", "r", "f"} on the held-out
    part, plus ``"ALL"`` (micro average); before = the base pipeline with the project's
    ``ner_map``, after = the trained pipeline."""

    output: Path
    labels: list[str]
    train_articles: int
    heldout_articles: int
    steps: int
    seconds: float
    resumed_from_step: int
    before: dict[str, dict[str, float]]
    after: dict[str, dict[str, float]]
    unmapped_labels: list[str]  # trained labels the project's ner_map does not map to themselves
    notes: list[str] = dataclasses.field(default_factory=list)  # what doc.ents could not hold (not trained on)
    attribution: AttributionRun | None = None  # the attribution run, when the project has attributions
    complete_articles: int = 0  # entity articles marked done or reviewed (train_rule.COMPLETE)
    partial_articles: int = 0  # other entity articles: only the analyst's decisions count (train_rule.PARTIAL)
    # the entity labels with at least one entity in the held-out articles: the others have no score ("—")
    heldout_labels: list[str] | None = None  # None: not known (every label scored)
    near_duplicates: int = 0  # held-out entity articles with a near copy in training (Split)
    # resumed (resumed_from_step > 0) from a checkpoint of other data: a warm start (ResumePlan)
    data_changed_on_resume: bool = False
    changes_on_resume: dict[str, int] | None = None  # ResumePlan.changes: more, changed, no_longer_reviewed, moved
    # a component left out for too little reviewed data while the other trained (usertest16 M5)
    not_trained: list[str] = dataclasses.field(default_factory=list)
    # the base's entity labels -> the project label "before" scored each as (base_label_map, usertest17 L-d)
    before_map: dict[str, str] = dataclasses.field(default_factory=dict)
    project_name: str = ""  # the project file's name, for the command a note names (usertest18 L4)
    # usertest31 M3: the folder the replaced contents of ``output`` were kept in (train's keep_replaced)
    replaced_kept: Path | None = None
    # held-out entity articles the base pipeline was trained on (its TRAINED_ON record, usertest20 L7);
    # None: the base is an Annotator pipeline whose record does not list them (usertest21 M4)
    base_seen: int | None = 0

    # gold entities per label (and "ALL") in the held-out articles: the table's support column
    # (usertest24 L5: "EVENT 1.00 -> 0.00" on one held-out entity looked alarming); None: not counted
    support: dict[str, int] | None = None

    def before_note(self) -> str:
        """How "before" read the base's labels (:func:`before_map_note`); "" when nothing to say."""
        return before_map_note(self.before_map, self.labels, self.project_name) if self.labels and self.before_map else ""

    def scored(self, label: str) -> bool:
        """Whether ``label`` (or "ALL") has gold entities in the held-out articles to be scored on."""
        return self.heldout_labels is None or label == "ALL" or label in self.heldout_labels

    def warnings(self) -> list[str]:
        """One line per way the trained pipeline scored worse than before on the held-out articles
        (:func:`worse_scores`); empty when it is no worse."""
        out = worse_scores(self.before, self.after, [lab for lab in self.labels if self.scored(lab)], main="ALL",
                           what="entity") if self.labels else []
        run = self.attribution
        if run is not None:
            out += worse_scores({**run.before.get("labels", {}), "attributions": run.before.get("attribution", {})},
                                {**run.after.get("labels", {}), "attributions": run.after.get("attribution", {})},
                                ["CONTENT", "SOURCE", "CUE"], main="attributions", what="attribution", names=run.names)
            out += speaker_fell(run.before.get("attribution", {}), run.after.get("attribution", {}))
            if run.lexicon_warning:
                out.append(run.lexicon_warning)
        for count, held, what in ((self.near_duplicates, self.heldout_articles, "entity"),
                                  (run.near_duplicates if run is not None else 0, run.heldout_articles if run is not None else 0,
                                   "attribution")):
            line = Split([], list(range(held)), count).warning(what)
            if line:
                out.append(line)
        return out

    def adds(self) -> list[str]:
        """What the trained attribution component adds to the rules' suggestions
        (:meth:`AttributionRun.adds`), said before the warnings when it scored worse."""
        return self.attribution.adds() if self.attribution is not None else []

    def sources(self) -> list[str]:
        """Where the attribution run's "after" score comes from (:meth:`AttributionRun.sources`),
        the lines ``annotator train`` prints and the Train dialog shows after the table."""
        return self.attribution.sources() if self.attribution is not None else []

    def doubts(self) -> list[str]:
        """One line per run scored on fewer than :data:`MIN_HELDOUT` held-out articles
        (:func:`too_few_heldout`): its before/after scores are too noisy to call it better or
        worse; and one per run whose base pipeline was trained on some of its held-out articles
        (:func:`base_seen_line`, usertest20 L7): its "before" is optimistic. ``annotator train``
        prints them and the Train dialog shows them, and then does not make "Use this pipeline"
        its default button."""
        out = [too_few_heldout(self.heldout_articles, "entity")] if self.labels else []
        if self.attribution is not None:
            out.append(too_few_heldout(self.attribution.heldout_articles, "attribution"))
        both = bool(self.labels) and self.attribution is not None
        if self.labels:
            out.append(base_seen_line(self.base_seen, self.heldout_articles, "entity" if both else ""))
        if self.attribution is not None:
            out.append(base_seen_line(self.attribution.base_seen, self.attribution.heldout_articles,
                                      "attribution" if both else ""))
        # the one base of both runs: its unlisted record is said once (usertest21 M4)
        return [line for k, line in enumerate(out) if line and line not in out[:k]]

    def base_lines(self) -> list[str]:
        """The :meth:`doubts` about the base pipeline (:func:`base_seen_line`): what its 'before'
        may owe to having seen the held-out articles, which ``annotator train`` and the Train
        panel say before the "worse than before" warnings it explains (usertest22 M4)."""
        return [line for line in self.doubts() if line.startswith((UNLISTED_START, "The base pipeline was trained on"))]


@dataclasses.dataclass(slots=True)
class AttributionRun:
    """The attribution run of :func:`train`. ``before``/``after``: ``{"labels": CONTENT/SOURCE/CUE/ALL
    -> {"p","r","f"}, "attribution": {"p","r","f","direct_f","speaker"}}`` on its held-out
    articles; before = the rules alone on the base pipeline, after = rules merged with the model."""

    train_articles: int
    heldout_articles: int
    steps: int
    resumed_from_step: int
    seconds: float
    before: dict[str, Any]
    after: dict[str, Any]
    complete_articles: int = 0  # articles marked done or reviewed (train_rule.COMPLETE)
    partial_articles: int = 0  # other articles: only the analyst's decisions count (train_rule.PARTIAL)
    # the project's label for each of the component's CONTENT/SOURCE/CUE: what tables and warnings say
    names: dict[str, str] = dataclasses.field(default_factory=lambda: dict(ATTRIBUTION_NAMES))
    near_duplicates: int = 0  # held-out articles with a near copy in training (Split)
    data_changed_on_resume: bool = False  # resumed from a checkpoint of other data (ResumePlan)
    changes_on_resume: dict[str, int] | None = None
    # the base was trained earlier with this component (usertest16 H3): fine-tuned again, and
    # "before" is that base's suggestions (rules, its model and lexicon merged), not the rules alone
    base_trained: bool = False
    # the merged pipeline scored without each part, on the same held-out articles (usertest17 N5):
    # "model_alone", "without_model" (rules and cue lexicon), "without_lexicon" (rules and model),
    # each as ``after["attribution"]``; None: not scored (an older run)
    parts: dict[str, dict[str, float]] | None = None
    # held-out articles the base pipeline was trained on (usertest20 L7); None: not listed (usertest21 M4)
    base_seen: int | None = 0
    # the cue lexicon learned from too few articles (attribution_lexicon.CueLexicon.thin_warning); '' otherwise
    lexicon_warning: str = ""
    # done articles left out (nothing of the layers decided, other layers reviewed: train_rule.UNCOVERED)
    uncovered_articles: int = 0

    def adds(self) -> list[str]:
        """What the trained pipeline will do to the suggestions, in one line (usertest24 M1: a
        200-step model added quotes nobody says and "Use this pipeline anyway" did not say so):
        how many attributions on the held-out articles are the model's or the cue lexicon's, not
        the rules', and the all-attributions precision before → after, with how many more of the
        suggestions are wrong when that count rose. Empty for a run scored before train24 (no
        ``added`` count) or one that adds nothing."""
        b, a = self.before.get("attribution", {}), self.after.get("attribution", {})
        if "added" not in a or "predicted" not in a or "predicted" not in b:
            return []
        added = int(a["added"]) - int(b.get("added", 0))
        if added <= 0:
            return []
        wrong_b = int(b["predicted"]) - int(b.get("matched", 0))
        wrong_a = int(a["predicted"]) - int(a.get("matched", 0))
        more = f", {wrong_a - wrong_b} more wrong suggestions than before" if wrong_a > wrong_b else ""
        held = n_held(self.heldout_articles)
        whose = ""
        if "added_by_model" in a and not self.base_trained:  # the model's and the cue lexicon's apart
            model = int(a["added_by_model"])
            whose = f" ({model} by the model, {int(a['added']) - model} by the cue lexicon)"
        return [f"On the {held} the trained pipeline adds {added} {'quote' if added == 1 else 'quotes'} "
                f"{before_said(self.base_trained)} did not find{whose}: precision {float(b.get('p', 0.0)):.2f} → "
                f"{float(a.get('p', 0.0)):.2f}{more}."]

    def sources(self) -> list[str]:
        """Where the "after" attribution score comes from, in one line (usertest17 N5: with short
        runs the model alone found nothing and the gain was the learned cue lexicon's, and nothing
        said so): how many held-out attributions the model alone found, and F1 (all attributions,
        the project's scorer) without the model and without the cue lexicon. Empty without ``parts``."""
        parts = self.parts or {}
        alone, no_model, no_lexicon = (parts.get(k) for k in ("model_alone", "without_model", "without_lexicon"))
        if not alone or no_model is None or no_lexicon is None:
            return []
        found, total = int(alone.get("matched", 0)), int(alone.get("gold", 0))
        if not total:  # no held-out attribution to find: nothing to tell apart
            return []
        b, a = float(self.before.get("attribution", {}).get("f", 0.0)), float(self.after.get("attribution", {}).get("f", 0.0))
        without = f"rules and cue lexicon without the model: F1 {float(no_model.get('f', 0.0)):.2f}; " \
                  f"rules and model without the cue lexicon: F1 {float(no_lexicon.get('f', 0.0)):.2f}"
        if not found:
            lexicon = float(no_model.get("f", 0.0)) - float(no_lexicon.get("f", 0.0))
            whose = ("the learned cue lexicon's, not the model's" if abs(lexicon) > 1e-9
                     else "not the model's (nor the cue lexicon's)")
            return [f"The model alone found none of the {total} held-out attributions: the change in attributions F1 "
                    f"({b:.2f} -> {a:.2f}) is {whose} ({without}); train longer or on more articles for the model to help."]
        return [f"The model alone found {found} of the {total} held-out attributions (F1 {float(alone.get('f', 0.0)):.2f}); "
                f"{without}."]


def heldout_support(docs: Iterable[Any]) -> dict[str, int]:
    """Gold entities per label in the held-out ``docs`` (their ``doc.ents``), and their sum as
    "ALL": the support column of the before/after table."""
    counts = Counter(e.label_ for d in docs for e in d.ents)
    return {**dict(sorted(counts.items())), "ALL": sum(counts.values())}


def n_held(n: int) -> str:
    """"1 held-out article", "5 held-out articles"."""
    return f"{n} held-out article{'' if n == 1 else 's'}"


def before_said(base_trained: bool) -> str:
    """Who made the "before" suggestions, as :meth:`AttributionRun.adds` names them."""
    return "the base pipeline" if base_trained else "the rules"


#: The project's default labels for the attribution component's own (README: QUOTE/SPEAKER/CUE).
ATTRIBUTION_NAMES = {"CONTENT": "QUOTE", "SOURCE": "SPEAKER", "CUE": "CUE"}


def attribution_names(schema: Any) -> dict[str, str]:
    """CONTENT/SOURCE/CUE -> the label ``schema`` (:class:`annotator.domain.schema.LabelSchema`) gives
    the quote, speaker and cue layers when it has exactly one there, else QUOTE/SPEAKER/CUE."""
    layers = {"CONTENT": str(Layer.QUOTE), "SOURCE": str(Layer.SPEAKER), "CUE": str(Layer.CUE)}
    out = dict(ATTRIBUTION_NAMES)
    for own, layer in layers.items():
        labels = [lab.name for lab in getattr(schema, "labels", ()) if lab.layer == layer]
        if len(labels) == 1:
            out[own] = labels[0]
    return out


#: A label's held-out F1 may fall by this much before it is called worse: with tens of held-out
#: articles one span more or less moves a label's F1 by a few hundredths.
NOISE_F1 = 0.05


#: The main score's held-out precision may fall by this much before it is called worse, even when
#: F1 holds: a model that adds as many wrong suggestions as right ones keeps F1 and fills every
#: article with readings to reject (usertest16 H4: attributions F1 0.63 -> 0.63, precision on
#: other articles 0.84 -> 0.58).
NOISE_P = 0.05

#: Fewer held-out articles than this and the before/after scores are noise: one article more or
#: less moves F1 by a tenth (usertest16 H4: 5 held-out articles).
MIN_HELDOUT = 10


#: ``annotator-training.json``'s record of the articles a pipeline was trained on (usertest20 L7):
#: the first :data:`TRAINED_ON_DIGITS` hex digits of each article's text hash (SHA-256 of its
#: UTF-8 text, :func:`annotator.domain.model.text_hash`), sorted; the base's own record is
#: included, so a pipeline fine-tuned from a fine-tuned one remembers both runs' articles.
TRAINED_ON = "trained_on_articles"
TRAINED_ON_DIGITS = 16  # 64 bits: no two articles of a corpus share it by chance; 17 bytes each in JSON


def trained_on_record(hashes: Iterable[str], base: str) -> list[str]:
    """The :data:`TRAINED_ON` list of a run that trained on the articles of text hashes ``hashes``
    from the pipeline ``base``: theirs and the base's recorded ones, shortened, sorted, once each."""
    return sorted({h[:TRAINED_ON_DIGITS] for h in hashes} | base_trained_on(base))


def base_trained_on(base: str) -> set[str]:
    """The :data:`TRAINED_ON` record of the pipeline ``base`` (a folder ``annotator train`` wrote);
    empty for a pipeline by name, a folder without the record (an older run, spaCy's own), or
    an unreadable one."""
    record = (_marker_of(base) or {}).get(TRAINED_ON)
    return {h for h in record if isinstance(h, str)} if isinstance(record, list) else set()


def _marker_of(base: str) -> dict[str, Any] | None:
    """The :data:`MARKER` record of the pipeline folder ``base`` (a path or a name; ``~``
    expanded), or None when it has none, it cannot be read or it is no JSON object."""
    try:
        info = json.loads((Path(str(base)).expanduser() / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return info if isinstance(info, dict) else None


def base_seen(base: str, heldout_hashes: Iterable[str]) -> int | None:
    """How many of the held-out articles (their text hashes) the pipeline ``base`` was trained on;
    None when that cannot be told: ``base`` has no :data:`TRAINED_ON` list — a pipeline
    ``annotator train`` wrote before ui22 recorded it (usertest21 M4), or one with no
    :data:`MARKER` at all: a copied folder, a spaCy pipeline trained elsewhere, another package
    (usertest22 M4). 0 for the default pipeline package (:data:`annotator.nlp.pipeline.PREFERRED`,
    by name or its installed folder): trained on spaCy's corpora, not the project's articles."""
    info = _marker_of(base)
    if info is None:
        return 0 if _default_package(base) else None
    record = info.get(TRAINED_ON)
    if not isinstance(record, list):
        return None
    seen = {h for h in record if isinstance(h, str)}
    return sum(1 for h in heldout_hashes if h[:TRAINED_ON_DIGITS] in seen)


def _default_package(base: str) -> bool:
    """Whether ``base`` is a default pipeline package (:data:`~annotator.nlp.pipeline.PREFERRED`):
    its name, or a folder inside that package as installed."""
    import importlib.util

    from annotator.nlp.pipeline import PREFERRED

    if base in PREFERRED:
        return True
    folder = Path(str(base)).expanduser()
    if not folder.is_dir():
        return False
    folder = folder.resolve()
    for name in PREFERRED:
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            continue
        if spec is not None and spec.origin and folder.is_relative_to(Path(spec.origin).parent.resolve()):
            return True
    return False


#: base_seen_line's start when the base's record does not list its articles (usertest21/22 M4)
UNLISTED_START = "Whether the base pipeline saw these held-out articles cannot be told"


def base_seen_line(seen: int | None, heldout: int, what: str = "") -> str:
    """usertest20 L7: the line said beside the before/after table when the base pipeline was
    trained on ``seen`` of the run's ``heldout`` held-out articles; "" when on none. ``what``
    names the run when both ran ("entity", "attribution"). ``seen`` None (:func:`base_seen`:
    no record of the base's articles, usertest21/22 M4): a line that it cannot be told, the
    same for both runs (said once), printed before the "worse than before" warnings it explains
    (:meth:`TrainResult.base_lines`)."""
    if seen is None:
        return (f"{UNLISTED_START}: its record (annotator-training.json) is missing — a copied folder or a pipeline "
                "trained elsewhere — or from before articles were recorded, so it does not list the articles it was "
                "trained on; if it saw them, its 'before' is optimistic and 'after' can look worse than it is")
    if not seen:
        return ""
    run = f" ({what} run)" if what else ""
    these = "this held-out article" if heldout == 1 else f"these {heldout} held-out articles"
    return (f"The base pipeline was trained on {seen} of {these}{run}: its 'before' is optimistic "
            f"(it has seen their texts), so 'after' can look worse than it is")


def too_few_heldout(heldout: int, what: str, *, ahead: bool = False) -> str:
    """The line ``annotator train`` and the Train dialog show when the ``what`` run ("entity",
    "attribution") was scored on fewer than :data:`MIN_HELDOUT` held-out articles; '' otherwise.
    ``ahead``: said before the run (the Train dialog's counts before Start)."""
    if heldout >= MIN_HELDOUT:
        return ""
    reviewed = -(-MIN_HELDOUT * 100 // HELDOUT_PERCENT)
    if ahead:
        return (f"Too few held-out articles: the {what} run will be scored on {heldout} (fewer than {MIN_HELDOUT}), "
                f"too few to tell whether the trained pipeline is better; about {reviewed} reviewed articles give "
                f"{MIN_HELDOUT} held out")
    return (f"Too few held-out articles: the {what} run was scored on {heldout} (fewer than {MIN_HELDOUT}), so its "
            f"before/after scores are too noisy to tell whether it is better; review more articles (about {reviewed} "
            "reviewed give 10 held out) and train again, or check its suggestions on a few articles (annotator "
            "evaluate) before using it for suggestions")


def before_after(before: float, after: float) -> str:
    """``"0.66 -> 0.65"``: two scores (0..1) of a warning that says one fell, with two decimals, or
    three or four when two would print the same number (usertest21 L3: a "worse than before"
    warning read "0.66 -> 0.66")."""
    for digits in (2, 3, 4):
        b, a = f"{before:.{digits}f}", f"{after:.{digits}f}"
        if b != a:
            break
    return f"{b} -> {a}"


def speaker_fell(before: Mapping[str, float], after: Mapping[str, float]) -> list[str]:
    """A warning when the share of matched held-out attributions whose speaker is right (0..1,
    ``"speaker"`` of :class:`annotator.nlp.attribution_train.AttributionScores`) fell by more than
    :data:`NOISE_P` (usertest17 L-j: 0.92 -> 0.80 said nothing); else empty."""
    b, a = before.get("speaker"), after.get("speaker")
    if b is None or a is None or float(b) - float(a) <= NOISE_P:
        return []
    return [f"Warning: the trained pipeline names the right speaker less often on the held-out articles: "
            f"speaker right on matched attributions {before_after(float(b), float(a))} (more than the {NOISE_P:.2f} of "
            "noise); keep the pipeline in use, or review more articles and train again"]


def worse_scores(before: Mapping[str, Mapping[str, float]], after: Mapping[str, Mapping[str, float]],
                 labels: Sequence[str], *, main: str, what: str, names: Mapping[str, str] | None = None) -> list[str]:
    """Warnings when held-out F1 (0..1) after training is below before: the ``main`` score (the
    one the README reports: all entities micro, or all attributions by the project's scorer) at
    all, or a label by more than :data:`NOISE_F1`; and when the ``main`` score's precision fell by
    more than :data:`NOISE_P`, F1 held or not. ``names``: label -> the name to say."""
    names = names or {}
    out = []
    b, a = float(before.get(main, {}).get("f", 0.0)), float(after.get(main, {}).get("f", 0.0))
    if a < b:
        name = "all entities" if main == "ALL" else "all attributions"
        out.append(f"Warning: the trained pipeline is worse than before on the held-out articles: {what} F1 "
                   f"({name}) {before_after(b, a)}; keep the pipeline in use, or review more articles and train again")
    bp, ap = before.get(main, {}).get("p"), after.get(main, {}).get("p")
    if bp is not None and ap is not None and float(bp) - float(ap) > NOISE_P:
        name = "all entities" if main == "ALL" else "all attributions"
        out.append(f"Warning: the trained pipeline's {what} precision ({name}) fell on the held-out articles: "
                   f"{before_after(float(bp), float(ap))} (more than the {NOISE_P:.2f} of noise), so more of its "
                   "suggestions are wrong, whatever F1 says; keep the pipeline in use, or review more articles "
                   "and train again")
    for label in labels:
        lb, la = float(before.get(label, {}).get("f", 0.0)), float(after.get(label, {}).get("f", 0.0))
        if lb - la > NOISE_F1:
            out.append(f"Warning: {names.get(label, label)} F1 fell on the held-out articles: {before_after(lb, la)} "
                       f"(more than the {NOISE_F1:.2f} of noise)")
    return out


# ----------------------------------------------------------------------------- data


def heldout_bucket(text_hash: str) -> int:
    """0..99, from the article's text hash: the deterministic split key."""
    return int(hashlib.sha256(text_hash.encode("utf-8")).hexdigest()[:8], 16) % 100


def split_by_hash(text_hashes: Sequence[str], heldout_percent: int = HELDOUT_PERCENT) -> tuple[list[int], list[int]]:
    """Indexes of ``text_hashes`` for training and held out, by hash alone (see the module
    docstring; :func:`split_articles` with the texts keeps near-duplicates together). With two
    or more items neither side is empty."""
    keys = [heldout_bucket(h) for h in text_hashes]
    heldout = [i for i, k in enumerate(keys) if k < heldout_percent]
    train = [i for i, k in enumerate(keys) if k >= heldout_percent]
    if len(keys) >= 2 and (not heldout or not train):
        lowest = min(range(len(keys)), key=lambda i: (keys[i], text_hashes[i]))
        heldout, train = [lowest], [i for i in range(len(keys)) if i != lowest]
    return train, heldout


@dataclasses.dataclass(frozen=True, slots=True)
class Split:
    """Indexes for training and held out, and ``near_duplicates``: how many held-out articles
    have a near-duplicate among the training ones (:mod:`annotator.nlp.near_duplicates`), whose
    held-out scores then overstate what the model learned."""

    train: list[int]
    heldout: list[int]
    near_duplicates: int = 0

    def warning(self, what: str) -> str:
        """The one line ``annotator train`` and the Train dialog show for ``what`` ("entity",
        "attribution"); '' when no held-out article has a near-duplicate in training."""
        if not self.near_duplicates:
            return ""
        from annotator.nlp.near_duplicates import NEAR_DUPLICATE_JACCARD, SHINGLE_WORDS

        n, of = self.near_duplicates, len(self.heldout)
        return (f"Near-duplicates: {n} of {of} held-out article{'' if of == 1 else 's'} of the {what} run "
                f"{'is a near copy' if n == 1 else 'are near copies'} of a training article "
                f"({SHINGLE_WORDS}-word shingles, Jaccard >= {NEAR_DUPLICATE_JACCARD}), so the held-out scores "
                "overstate the gain; review articles that differ from each other to measure it")


def split_articles(text_hashes: Sequence[str], texts: Sequence[str],
                   heldout_percent: int = HELDOUT_PERCENT) -> Split:
    """The split :func:`train` uses: as :func:`split_by_hash`, but near-duplicate articles
    (``texts``, one per hash; :func:`annotator.nlp.near_duplicates.near_duplicate_pairs`) go
    together: a group of near copies is held out only when the hash holds out every one of
    them, else it is trained on (held-out articles that are not near copies are preferred, and
    no article the hash trains on is ever held out). When that leaves a side empty, the
    smallest group (then the lowest hash key) is held out alone; when every article is in one
    group, the hash split stands and ``near_duplicates`` counts the held-out articles with a
    near copy in training. Deterministic; about 0.7 s of CPU for 840 news articles. Raises
    ValueError when the two sequences differ in length."""
    from annotator.nlp.near_duplicates import groups, near_duplicate_pairs, shingles

    if len(texts) != len(text_hashes):
        raise ValueError(f"{len(text_hashes)} text hashes but {len(texts)} texts")
    n = len(text_hashes)
    sets = [shingles(t) for t in texts]
    pairs = near_duplicate_pairs(sets)
    group = groups(n, pairs)
    keys = [(heldout_bucket(h), h) for h in text_hashes]
    members: dict[int, list[int]] = {}
    for i, g in enumerate(group):
        members.setdefault(g, []).append(i)
    held = {g for g, ids in members.items() if all(keys[i][0] < heldout_percent for i in ids)}
    if n >= 2 and len(members) >= 2 and (not held or len(held) == len(members)):
        held = {min(members, key=lambda g: (len(members[g]), min(keys[i] for i in members[g])))}
    if len(members) < 2:
        train, heldout = split_by_hash(text_hashes, heldout_percent)
    else:
        train = [i for i in range(n) if group[i] not in held]
        heldout = [i for i in range(n) if group[i] in held]
    in_train = set(train)
    near = {i for a, b, _v in pairs for i, j in ((a, b), (b, a)) if i not in in_train and j in in_train}
    return Split(train, heldout, len(near))


def _entity_bundle(bundle: ArticleBundle, labels: set[str] | None) -> ArticleBundle:
    spans = [s for s in bundle.spans if s.layer == Layer.ENTITY and (labels is None or s.label in labels)]
    return ArticleBundle(bundle.article, spans=spans)


def reviewed_docs(project: Project, labels: Iterable[str] | None = None) -> tuple[list[tuple[str, Doc]], int, int, ExportReport]:
    """``(text hash, Doc)`` of every reviewed article (complete or partial, see the module
    docstring and :func:`annotator.nlp.train_rule.article_role`), its entity layer only (of
    ``labels``, or every label), with the counts of complete and partial articles and what the
    DocBin could not put in ``doc.ents``. Done articles with no decided entity are left out
    (:func:`uncovered_notes` counts them)."""
    from annotator.formats.spacy_docbin import doc_of

    wanted = set(labels) if labels is not None else None
    report = ExportReport()
    out: list[tuple[str, Doc]] = []
    complete = partial = 0
    # Coverage is of the whole entity layer: a done article whose analyst decided entities of
    # other labels still says "no entity of these labels here".
    roles = article_roles(project, ENTITY_LAYERS)
    for article_id in project.article_ids():
        role = roles.get(article_id)
        if role not in (COMPLETE, PARTIAL):
            continue
        bundle = _entity_bundle(project.bundle(article_id), wanted)
        doc = doc_of(bundle, report)
        doc.user_data.clear()  # the annotator record is for exports, not for training
        if role == PARTIAL:
            # Only the decisions count: every token outside an accepted entity is unknown.
            doc.set_ents(list(doc.ents), default="missing")
            partial += 1
        else:
            complete += 1
        out.append((bundle.article.text_hash, doc))
    return out, complete, partial, report


def uncovered_notes(project: Project, *, attribution: bool) -> list[str]:
    """The notes of the done articles left out of a component's corpus because nothing of its
    layer was decided there (:func:`annotator.nlp.train_rule.article_role`): one line per
    component with such articles, e.g. "20 done articles have no reviewed entities, so the entity
    recogniser was not trained on them."."""
    parts = [(ENTITY_LAYERS, "entities", "entity recogniser")]
    if attribution:
        parts.append((ATTRIBUTION_LAYERS, "quotes, speakers or cues", "attribution component"))
    notes = []
    for layers, what, component in parts:
        count = sum(1 for role in article_roles(project, layers).values() if role == UNCOVERED)
        if count:
            notes.append(uncovered_note(count, what, component))
    return notes


def build_corpora(project: Project, labels: Iterable[str] | None = None, heldout_percent: int = HELDOUT_PERCENT, *,
                  attributions: bool = False) -> Corpora:
    """The reviewed articles, split. ``labels`` None: every entity label with an accepted span in
    them. Raises :class:`AnnotatorError` when there is nothing to train on (``attributions``: the
    run looked for attributions too and found none, which the message says)."""
    wanted = sorted(set(labels)) if labels is not None else None
    if wanted is not None:
        known = {lab.name for lab in project.schema.labels if lab.layer == Layer.ENTITY}
        unknown = [lab for lab in wanted if lab not in known]
        if unknown:
            raise InputError(f"--labels: {', '.join(unknown)} is not an entity label of the project; "
                             f"its entity labels are {', '.join(sorted(known))}")
    docs, complete, partial, report = reviewed_docs(project, wanted)
    found = sorted({e.label_ for _, doc in docs for e in doc.ents})
    if not docs or not found:
        raise AnnotatorError(
            "nothing to train on: no accepted entities"
            + ("" if not attributions else " and no accepted attributions (QUOTE with its SPEAKER and CUE)")
            + " in reviewed articles (articles marked done or reviewed, or spans an analyst accepted or rejected); "
            "review some articles first"
            + (f" (labels asked: {', '.join(wanted)})" if wanted else "")
        )
    if len(docs) < 2:
        raise AnnotatorError("only 1 reviewed article: training needs at least 2 (one is held out to score the result)")
    split = split_articles([h for h, _ in docs], [d.text for _, d in docs], heldout_percent)
    return Corpora([docs[i][1] for i in split.train], [docs[i][1] for i in split.heldout],
                   labels=wanted if wanted is not None else found, complete=complete, partial=partial, report=report,
                   near_duplicates=split.near_duplicates, train_hashes=[docs[i][0] for i in split.train],
                   heldout_hashes=[docs[i][0] for i in split.heldout])


def write_docbin(docs: Sequence[Doc], path: Path) -> None:
    from spacy.tokens import DocBin

    DocBin(docs=docs, attrs=["ORTH", "SPACY", "ENT_IOB", "ENT_TYPE"]).to_disk(path)


# ----------------------------------------------------------------------------- config


def base_config(base: str) -> Config:
    """The config of the installed pipeline (package name) or pipeline folder ``base``."""
    import spacy.util

    path = Path(base).expanduser()
    folder = path if path.is_dir() else spacy.util.get_package_path(base) if spacy.util.is_package(base) else None
    if folder is None:
        raise AnnotatorError(f"no spaCy pipeline {base!r} to start from; give an installed pipeline name or a pipeline folder")
    if not (folder / "config.cfg").exists():  # an installed package keeps its pipeline one folder down
        inner = [p for p in folder.iterdir() if (p / "config.cfg").exists()]
        if not inner:
            raise AnnotatorError(f"{folder}: holds no config.cfg; give a spaCy pipeline folder")
        folder = inner[0]
    return spacy.util.load_config(folder / "config.cfg")


def make_config(base: str, *, train_path: Path, heldout_path: Path, max_steps: int, eval_frequency: int = 200,
                source: str | None = None) -> Config:
    """The training config (thinc ``Config``): every component of ``base`` sourced from
    ``source`` (default ``base``; a checkpoint when resuming), all but ``ner`` frozen, corpora at
    the given DocBin paths, at most ``max_steps`` optimizer steps, CPU. The corpus paths and a
    ``source``/``base`` that is a folder are written absolute (resolved against the current
    directory), so the saved config runs with ``spacy train`` from any directory; to move the
    folder, override them on the command line (``--paths.train NEW/train.spacy --paths.dev
    NEW/heldout.spacy``)."""
    from annotator.nlp.train_negatives import after_init_block  # registers its callback with spaCy

    config = base_config(base)
    pipeline = list(config["nlp"]["pipeline"])
    if "ner" not in pipeline:
        raise AnnotatorError(f"pipeline {base!r} has no 'ner' component to train; start from one that has (e.g. en_core_web_sm)")
    ner_model = config["components"]["ner"].get("model", {})
    listens = "upstream" in ner_model.get("tok2vec", {})
    origin = str(source or base)
    if Path(origin).expanduser().is_dir():  # a pipeline folder, not a package name: absolute like the corpora
        origin = str(Path(origin).expanduser().resolve())
    for name in pipeline:
        block: dict[str, Any] = {"source": origin}
        if name == "ner" and listens:
            block["replace_listeners"] = ["model.tok2vec"]
        config["components"][name] = block
    # Absolute: `spacy train DIR.training/config.cfg` reads them from whatever directory it runs in
    # (spaCy resolves a relative path against the working directory, not the config's folder).
    config["paths"]["train"] = str(Path(train_path).expanduser().resolve())
    config["paths"]["dev"] = str(Path(heldout_path).expanduser().resolve())
    config["paths"]["vectors"] = None
    config["paths"]["init_tok2vec"] = None
    for part in ("train", "dev"):
        config["corpora"][part] = {"@readers": "spacy.Corpus.v1", "path": f"${{paths.{part}}}", "max_length": 0,
                                   "gold_preproc": False, "limit": 0, "augmenter": None}
    training = config["training"]
    training["frozen_components"] = [n for n in pipeline if n not in TRAINABLE]
    training["annotating_components"] = []
    training["max_steps"] = max_steps
    training["max_epochs"] = 0
    training["eval_frequency"] = max(1, min(eval_frequency, max_steps))
    training["patience"] = 0  # stop on max_steps only: the user set the budget
    training["seed"] = SEED
    training["gpu_allocator"] = None
    training["score_weights"] = {"ents_f": 1.0, "ents_p": 0.0, "ents_r": 0.0, "ents_per_type": None}
    training["logger"] = {"@loggers": "spacy.ConsoleLogger.v1", "progress_bar": False}
    config["initialize"]["vectors"] = None
    config["initialize"]["init_tok2vec"] = None
    config["initialize"]["lookups"] = None  # the sourced vocab has its tables; spacy-lookups-data is not installed
    config["initialize"]["components"] = {}
    config["initialize"]["before_init"] = None
    # the negatives key, in the config so `spacy train` of this file trains with the rejected
    # spans too (usertest32 L1: set in code alone, every written config said null)
    config["initialize"]["after_init"] = after_init_block("ner", INCORRECT_SPANS_KEY)
    config["system"]["gpu_allocator"] = None
    config["system"]["seed"] = SEED
    return config


# ----------------------------------------------------------------------------- scoring


def base_label_map(base_labels: Iterable[str], ner_map: Mapping[str, str]) -> dict[str, str]:
    """The base pipeline's entity labels (``base_labels``) -> the project's label pre-annotation
    suggests for each (:func:`annotator.domain.schema.suggested_label` with ``ner_map``); labels it
    drops are left out. The held-out "before" scores the base through it (usertest17 L-d)."""
    return {lab: m for lab in base_labels if (m := suggested_label(lab, ner_map))}


def conll_apart(labels: Iterable[str], ner_map: Mapping[str, str]) -> dict[str, str]:
    """For trained entity ``labels`` that are exactly CoNLL-2003's four
    (:data:`annotator.formats.conll_import.CONLL_TYPES`): spaCy's labels the CoNLL fold
    (:data:`~annotator.formats.conll_import.ONTONOTES_TO_CONLL`) sends into LOC or MISC that
    ``ner_map`` does not (``{"GPE": "LOC", "NORP": "MISC", …}``: a CoNLL project imported before
    CoNLL imports set the fold, usertest18 L4); {} otherwise. Exactly the four, not any subset: a
    news project that has accepted PERSON and LOC so far may well mean GPE apart."""
    from annotator.formats.conll_import import CONLL_TYPES, ONTONOTES_TO_CONLL

    if set(labels) != CONLL_TYPES:
        return {}
    return {k: v for k, v in ONTONOTES_TO_CONLL.items() if k != v and suggested_label(k, ner_map) != v}


def conll_fold_command(apart: Mapping[str, str], project_name: str) -> str:
    """What to run for :func:`conll_apart`'s labels: ``"annotator schema c1.db --ner-map conll"
    folds GPE, FAC into LOC and NORP, EVENT, LAW into MISC, as CoNLL-2003 does"``; "" for none."""
    if not apart:
        return ""
    into = " and ".join(f"{', '.join(k for k, v in apart.items() if v == t)} into {t}" for t in ("LOC", "MISC")
                        if t in apart.values())
    return f"annotator schema {project_name or 'PROJECT'} --ner-map conll folds {into}, as CoNLL-2003 does"


def conll_fold_note(labels: Iterable[str], ner_map: Mapping[str, str], project_name: str) -> str:
    """The line said before training (``train``, the Train dialog's summary) when the trained
    entity labels are CoNLL-2003's four and ``ner_map`` keeps spaCy's GPE, NORP, … apart
    (:func:`conll_apart`), with the command that folds them; "" otherwise. usertest18 L4: such a
    project's train scored LOC/MISC "before" 0.00 and said only that GPE/NORP "are left out".

    Said, not done: train and preannotate do not fold on their own, since the ``ner_map`` is the
    project's schema (stored, in the change log, what the window's pre-annotation and
    ``annotator schema`` show): a run that read another map would suggest what nothing shows."""
    apart = conll_apart(labels, ner_map)
    if not apart:
        return ""
    return (f"The entities are CoNLL-2003's four types, but the project's ner_map keeps spaCy's {', '.join(apart)} apart, "
            "so pre-annotation suggests those labels and the entity \"before\" does not count them as LOC or MISC: "
            f"{conll_fold_command(apart, project_name)} (then pre-annotate and train again).")


def before_map_note(base_map: Mapping[str, str], labels: Sequence[str], project_name: str = "") -> str:
    """The line saying how "before" read the base's labels (``base_map``, :func:`base_label_map`)
    for the trained ``labels``: which base labels were renamed into them, and which trained label
    no base label reaches (its "before" is 0: it measures the label's name, not the base; usertest17
    L-d, CoNLL's LOC and MISC against the base's GPE and NORP). "" when every one is its own.
    When the base's suggestions left out are labels CoNLL's fold would count (:func:`conll_apart`,
    ``base_map`` read as the map), it ends with the command that folds them (``project_name``'s;
    usertest18 L4)."""
    renamed = sorted(f"{b}→{p}" for b, p in base_map.items() if b != p and p in labels)
    unreached = [lab for lab in labels if lab not in base_map.values()]
    parts = []
    if renamed:
        parts.append(f"the base's labels mapped as pre-annotation maps them (the project's ner_map: {', '.join(renamed)})")
    if unreached:
        parts.append(f"no base label maps to {', '.join(unreached)}, so {'its' if len(unreached) == 1 else 'their'} "
                     "\"before\" is 0 (add a base label for it to ner_map to compare like with like)")
    aside = sorted({p for p in base_map.values() if p not in labels})
    if aside:  # what the base suggests that this run does not train (CoNLL: GPE, NORP where gold says LOC, MISC)
        apart = conll_apart(labels, base_map)
        fold = conll_fold_command({k: v for k, v in apart.items() if k in aside}, project_name)
        parts.append(f"{'its' if parts else 'the base pipeline' + chr(39) + 's'} {', '.join(aside)} suggestions "
                     "(labels not trained here) are left out" + (f" ({fold}; then train again)" if fold else ""))
    return f"Before: {'; '.join(parts)}." if parts else ""


def ner_scores(nlp: Language, docs: Sequence[Doc], mapping: Callable[[str], str | None]) -> dict[str, dict[str, float]]:
    """Per-label and micro (``"ALL"``) precision, recall, F1 (``p``, ``r``, ``f``, 0..1) of
    ``nlp``'s entities, labels translated by ``mapping`` (None: not an entity we score), against
    ``docs``' ``doc.ents``. spaCy's own NER scoring (:func:`spacy.scorer.get_ner_prf`): exact
    span and label; a prediction over tokens whose gold is missing counts neither way."""
    from spacy.scorer import get_ner_prf
    from spacy.tokens import Span
    from spacy.training import Example

    examples = []
    for gold, predicted in zip(docs, nlp.pipe(d.text for d in docs)):
        ents = [Span(predicted, e.start, e.end, label=label) for e in predicted.ents if (label := mapping(e.label_))]
        predicted.set_ents(ents, default="outside")
        examples.append(Example(predicted, gold))
    raw = get_ner_prf(examples)
    out = {label: {"p": v["p"], "r": v["r"], "f": v["f"]} for label, v in (raw.get("ents_per_type") or {}).items()}
    out["ALL"] = {"p": raw.get("ents_p") or 0.0, "r": raw.get("ents_r") or 0.0, "f": raw.get("ents_f") or 0.0}
    return out


# ----------------------------------------------------------------------------- output folder


def default_output(project_path: Path) -> Path:
    """``PROJECT-pipeline`` beside the project file."""
    return project_path.with_name(f"{project_path.stem}-pipeline")


def work_folder(output: Path) -> Path:
    return output.with_name(output.name + WORK_SUFFIX)


def check_output(output: Path, *, force: bool, in_use: Iterable[Any] = (), origins: Iterable[str] = (),
                 replace: bool = False, project_path: Path | None = None) -> None:
    """Refuse (:class:`InputError`, one line naming ``output``), unless ``force``:

    * an ``output`` that is a pipeline in use (``in_use``: folders, or
      :class:`annotator.nlp.pipeline_use.InUse`; ``origins``: the labels of the pipelines that
      pre-annotated the project; :func:`annotator.nlp.pipeline_use.check_not_in_use`);
    * an existing non-empty folder that is not an earlier training output;
    * a folder holding a **finished** trained pipeline (its ``annotator-training.json``), whatever
      project trained it and however it scored, unless ``replace`` or the run resumes an
      unfinished run of the same project (:func:`resumes_own_run`, ``project_path``): the line
      says what is there (:func:`finished_pipeline`; issue 10: a 5-step run from a copy of the
      project silently replaced a 300-step pipeline);
    * a folder whose ``DIR.training`` holds the checkpoint of **another** project's unfinished
      run (:func:`other_projects_run`), unless ``replace``: the line names that project and
      its step (issue 10: it was discarded as if this project's data had changed).

    A file is always refused, and so is a folder inside a finished pipeline
    (:func:`enclosing_pipeline`; issue 10: ``--output m10d/sub`` wrote a pipeline into one). A
    symbolic link to a folder is that folder."""
    from annotator.nlp.pipeline_use import check_not_in_use

    if output.exists() and not output.is_dir():
        raise InputError("exists and is not a folder; give a folder for the trained pipeline", path=str(output))
    in_the_way = _file_above(output)
    if in_the_way is not None:  # usertest16 L5: it said "OUTPUT.training: Not a directory", after training began
        raise InputError(f"is a file, so the output folder {output} cannot be made inside it; give an --output folder "
                         "that is not inside a file", path=str(in_the_way))
    if output.is_symlink() and not output.exists():
        raise InputError("is a symbolic link to a folder that does not exist; give a folder for the trained pipeline",
                         path=str(output))
    outer = enclosing_pipeline(output)
    if outer is not None:  # even with --force: replacing that pipeline later would delete this one
        raise InputError(f"is inside {outer[0]}, which holds {outer[1]}; give a folder outside it", path=str(output))
    in_use = list(in_use)
    held = _holds_in_use(output, in_use)
    if held is not None:  # even with --force: it would delete that pipeline and all else in the folder
        raise InputError(f"holds the pipeline in use ({held.path}: {held.why}) inside it; training would delete it "
                         "with everything else in the folder: give another --output folder", path=str(output))
    if force:
        return
    check_not_in_use(output, in_use, origins=origins)
    foreign = output.is_dir() and any(output.iterdir()) and not (output / MARKER).exists()
    if foreign:
        raise InputError("is a non-empty folder that is not an earlier `annotator train` output; give a new or empty "
                         "--output folder, or add --force to replace its contents", path=str(output))
    there = finished_pipeline(output)
    if there is not None and not replace and not resumes_own_run(output, project_path):
        raise InputError(f"holds {there}; training would replace it: give another --output folder, "
                         "or add --replace to replace it", path=str(output))
    other = other_projects_run(output, project_path)
    if other is not None and not replace:
        raise InputError(f"holds {other}; training would discard it: give another --output folder, "
                         "or add --replace to replace it", path=str(output))


def _file_above(output: Path) -> Path | None:
    """The nearest existing path above ``output`` when it is a file (not a folder): the output
    folder cannot be made there. None when the nearest existing one is a folder."""
    for above in Path(output).expanduser().absolute().parents:
        if above.exists():
            return None if above.is_dir() else above
        if above.is_symlink():  # a dangling link: mkdir fails there with its own message
            return None
    return None


def _holds_in_use(output: Path, in_use: Iterable[Any]) -> Any:
    """The pipeline in use (an ``InUse`` or a folder) that lies strictly inside ``output``
    (resolved), else None. ``--force`` replaces a folder's contents, and the folder in use itself
    when asked; a folder that merely holds the one in use (its parent, a folder holding the
    virtual environment an installed pipeline lives in) is never replaced: that would delete the
    pipeline in use and everything beside it (a --force on the parent of the Preferences
    pipeline deleted it)."""
    from annotator.nlp.pipeline_use import InUse

    resolved = Path(output).expanduser().resolve()
    for used in in_use:
        item = used if isinstance(used, InUse) else InUse(Path(used).expanduser().resolve(), "a pipeline in use")
        if resolved in Path(item.path).expanduser().resolve().parents:
            return item
    return None




def trained_at(output: Path, info: Mapping[str, Any] | None = None) -> tuple[float, str]:
    """When the training output ``output`` was finished: (seconds since the epoch, "2026-12-01
    15:17 UTC"). The one source every view names it by (``train``'s refusal, Preferences, the
    Train dialog; issue 10: Preferences showed a copy's file time): the marker's ``finished``
    (``info``: the marker read already), else, for outputs of earlier versions, the pipeline's
    meta version (the run's UTC time), else the marker file's modification time."""
    import calendar

    marker = Path(output) / MARKER
    if info is None:
        try:
            info = json.loads(marker.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            info = {}
    info = info if isinstance(info, Mapping) else {}
    shape = "%Y-%m-%d %H:%M UTC"
    try:
        parsed = time.strptime(str(info.get("finished")), shape)
    except ValueError:
        try:
            meta = json.loads((Path(output) / "meta.json").read_text(encoding="utf-8"))
            parsed = time.strptime(str(meta.get("version")), "%Y.%m.%d.%H%M%S")
        except (OSError, ValueError, TypeError, AttributeError):
            try:
                parsed = time.gmtime(marker.stat().st_mtime)
            except OSError:
                parsed = time.gmtime(0)
    return float(calendar.timegm(parsed)), time.strftime(shape, parsed)


def finished_pipeline(output: Path) -> str | None:
    """What a finished ``annotator train`` output in ``output`` is, in words (its project, its
    held-out F1, when it was trained: read from its ``annotator-training.json``), or None when
    ``output`` holds none. E.g. "a pipeline trained on co.db (its full path) on 2026-12-01 16:20
    UTC, held-out F1: entities 0.79"."""
    marker = Path(output) / MARKER
    if not marker.is_file():
        return None
    try:
        info = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        info = {}
    info = info if isinstance(info, dict) else {}
    when = trained_at(output, info)[1]
    scores = []
    f = ((info.get("after") or {}).get("ALL") or {}).get("f")
    if info.get("labels") and f is not None:
        scores.append(f"entities {float(f):.2f}")
    f = (((info.get("attribution") or {}).get("after") or {}).get("attribution") or {}).get("f")
    if f is not None:
        scores.append(f"attributions {float(f):.2f}")
    project = info.get("project")
    trained_on = f"trained on {Path(project).name} ({project})" if project else "trained on an unknown project"
    return f"a pipeline {trained_on} on {when}" + (f", held-out F1: {', '.join(scores)}" if scores else "")


def resumes_own_run(output: Path, project_path: Path | None) -> bool:
    """Whether a run of ``project_path`` into ``output`` continues an unfinished run of the same
    project (``DIR.training`` holds its checkpoint and names that project): that run was allowed
    to replace what ``output`` holds when it started."""
    if project_path is None:
        return False
    owner = run_owner(work_folder(Path(output)))
    return owner == str(Path(project_path).resolve())


def enclosing_pipeline(output: Path) -> tuple[Path, str] | None:
    """The finished training output ``output`` lies inside (a folder above it, links followed,
    holding an ``annotator-training.json``) and what it is (:func:`finished_pipeline`), or None."""
    here = Path(output).expanduser().absolute()
    resolved = here.resolve()
    for above in [*here.parents, *resolved.parents]:
        there = finished_pipeline(above)
        if there is not None:
            return above, there
    return None


def run_owner(work: Path) -> str | None:
    """The project (its resolved path, as text) whose run made the checkpoint in ``work`` (a
    ``DIR.training`` folder), or None when it holds no checkpoint or does not say whose it is."""
    if not has_checkpoint(work):
        return None
    try:
        owner = json.loads((work / OWNER).read_text(encoding="utf-8")).get("project")
    except (OSError, ValueError, AttributeError):
        return None
    return str(owner) if owner else None


def other_projects_run(output: Path, project_path: Path | None) -> str | None:
    """What ``output``'s ``DIR.training`` holds when it is the unfinished run of a project other
    than ``project_path``, in words: "an unfinished run of tiny.db (its full path) stopped after
    step 153 of its entity run"; None when it holds no checkpoint, one of ``project_path`` (None:
    not asked), or one that does not name its project."""
    from annotator.nlp.attribution_train import SUBFOLDER

    work = work_folder(Path(output))
    owner = run_owner(work)
    if owner is None or project_path is None or owner == str(Path(project_path).resolve()):
        return None
    folder, run = (work / SUBFOLDER, "attribution run") if (work / SUBFOLDER / MODEL_LAST).exists() else (work, "entity run")
    step = int(_state(folder).get("steps", 0) or 0)
    return f"an unfinished run of {Path(owner).name} ({owner}) stopped after step {step} of its {run}"


def free_output(project_path: Path, taken: Iterable[Path] = ()) -> Path:
    """The folder to propose for a new run: :func:`default_output`, else ``PROJECT-pipeline-2``,
    ``-3``… the first that holds no finished pipeline, no other files, and is not in ``taken``
    (resolved: e.g. the Preferences pipeline)."""
    taken_resolved = {Path(t).expanduser().resolve() for t in taken}
    first = default_output(project_path)
    n = 1
    while True:
        candidate = first if n == 1 else first.with_name(f"{first.name}-{n}")
        busy = candidate.resolve() in taken_resolved or (candidate.exists() and (
            not candidate.is_dir() or any(candidate.iterdir())))
        if not busy:
            return candidate
        n += 1


def installed_pipeline_folders() -> list[str]:
    from annotator.nlp.pipeline import available_pipelines

    return [p.path for p in available_pipelines() if p.path]


# ----------------------------------------------------------------------------- training


def checkpoint_base(output: Path) -> str | None:
    """The base (``--base``: a package name or a folder) an unfinished run into ``output`` started
    from, as its checkpoints record it (the entity run's, else the attribution run's
    ``state.json`` beside a ``model-last``); None when there is no checkpoint or its base folder is
    gone. usertest18 M1: a run
    the window started from the project's own pipeline, resumed by ``annotator train`` without
    ``--base``, was discarded because the default base differs."""
    base = _recorded_base(output)
    # a base folder that is gone: None, and train says why it discards the checkpoint
    return None if base is None or _folder_gone(base) else base


def checkpoint_base_gone(output: Path) -> str | None:
    """The base folder an unfinished run into ``output`` recorded (as :func:`checkpoint_base`
    reads it) when that folder no longer exists; None when there is no checkpoint, its base is a
    package name, or the folder is there. usertest19 M1: ``annotator train`` without ``--base``
    then discarded the checkpoint as "settings changed (base)" and trained from the default
    pipeline without naming the missing folder; the command line now stops before anything is
    deleted and says what to do."""
    base = _recorded_base(output)
    return base if base is not None and _folder_gone(base) else None


def _recorded_base(output: Path) -> str | None:
    """The base the first checkpoint of a run into ``output`` recorded (entity run, then the
    attribution run's subfolder), or None."""
    from annotator.nlp.attribution_train import SUBFOLDER

    work = work_folder(output)
    for folder in (work, work / SUBFOLDER):
        if (folder / MODEL_LAST / "config.cfg").exists():
            base = _state(folder).get("base")
            if isinstance(base, str) and base:
                return base
    return None


def _folder_gone(base: str) -> bool:
    """A recorded base that is a path (not a package name) to a folder no longer there."""
    return os.sep in base and not Path(base).exists()


def _state(work: Path) -> dict[str, Any]:
    try:
        return json.loads((work / "state.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


#: The keys of a run's ``state.json`` that describe its data, not its settings: a checkpoint is
#: resumed when they changed (a warm start, :func:`resume_plan`), never when another key did.
DATA_KEYS = ("digest", "articles", "trained_on")


def doc_digest(doc: Doc, rejected_key: str) -> str:
    """A short digest (16 hex digits) of one training ``Doc``'s annotation: its entities, its
    negatives (``doc.spans[rejected_key]``) and which tokens are known (``ent_iob``). Keyed by
    the article's text hash (:func:`article_digests`), so the text itself is not hashed again."""
    h = hashlib.sha256()
    h.update(json.dumps([(e.start_char, e.end_char, e.label_) for e in doc.ents]).encode())
    h.update(json.dumps([(s.start_char, s.end_char, s.label_) for s in doc.spans.get(rejected_key, [])]).encode())
    h.update(bytes(t.ent_iob for t in doc))
    return h.hexdigest()[:16]


def article_digests(text_hashes: Sequence[str], docs: Sequence[Doc], rejected_key: str) -> dict[str, str]:
    """Text hash -> :func:`doc_digest` (two articles of one text hash: one entry, both digests)."""
    out: dict[str, str] = {}
    for text_hash, doc in zip(text_hashes, docs):
        digest = doc_digest(doc, rejected_key)
        out[text_hash] = digest if text_hash not in out else out[text_hash] + digest
    return out


@dataclasses.dataclass(frozen=True, slots=True)
class ResumePlan:
    """What a run does with the checkpoint in its work folder (:func:`resume_plan`).

    ``resume``: start from its weights. ``line``: what to say, once, in the run's messages: why it
    is discarded (``resume`` False), or, resumed on changed data, what changed ('' when there is
    nothing to say). ``changes``: when resumed on changed data, the counts of the articles
    ``more`` (reviewed since), ``changed`` (their annotation), ``no_longer_reviewed`` and
    ``moved`` (held out then, trained on now); None otherwise. ``trained_on``: the text hashes
    of every article the run's weights will have been trained on, the checkpoint's included:
    what the next resume checks against its held-out articles."""

    resume: bool
    line: str = ""
    changes: dict[str, int] | None = None
    trained_on: list[str] = dataclasses.field(default_factory=list)
    step: int = 0  # the checkpoint's step

    @property
    def data_changed(self) -> bool:
        return self.resume and self.changes is not None


def no_steps_left(done: int, max_steps: int, run: str) -> str:
    """The line of a run resumed on changed data with no step left to train on it."""
    return (f"no steps left ({run}): the checkpoint has done {done:,} of the {max_steps:,} steps, so the articles "
            "changed since are not trained on; give more steps to train on them")


def _discarded(step: int, run: str, why: str) -> str:
    return f"checkpoint discarded ({run}): {why} since step {step:,}; training starts again from step 0"


def _settings_changed(state: Mapping[str, Any], settings: Mapping[str, Any], keys: Sequence[str]) -> str:
    """Why: "the labels trained changed (ORG, PERSON -> GPE, ORG, PERSON)", else the keys named."""
    if keys == ["labels"] and isinstance(state.get("labels"), list):
        return (f"the labels trained changed ({', '.join(map(str, state['labels'])) or 'none'} -> "
                f"{', '.join(map(str, settings['labels']))})")
    return f"the run's settings changed ({', '.join(keys)})"


def _count(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def resume_plan(state: Mapping[str, Any], settings: Mapping[str, Any], *, run: str, checkpoint: bool,
                train_hashes: Iterable[str], heldout_hashes: Iterable[str]) -> ResumePlan:
    """Whether a run resumes the checkpoint whose ``state.json`` is ``state`` (``checkpoint``:
    there is one), for this run's ``settings`` (its ``digest`` and ``articles``, :data:`DATA_KEYS`,
    and the rest: labels, base…) and its split (the text hashes of its training and held-out
    articles). The rule (a checkpoint is a warm start):

    * another label set, base or component: discarded (the weights answer another question);
    * the same data (``digest``): resumed, as always;
    * changed data (articles reviewed, changed, un-reviewed since): resumed from its weights on
      the new corpora for the steps left, **unless** an article it trained on (``trained_on``,
      accumulated over every resume) is now held out: scoring the run on it would overstate the
      gain, so the checkpoint is discarded. A checkpoint of an earlier version, which does not
      record what it trained on, is discarded when the data changed."""
    train_hashes = set(train_hashes)
    if not checkpoint:
        return ResumePlan(False, trained_on=sorted(train_hashes))
    step = int(state.get("steps", 0) or 0)
    other = [k for k, v in settings.items() if k not in DATA_KEYS and state.get(k) != v]
    if other:
        return ResumePlan(False, _discarded(step, run, _settings_changed(state, settings, other)),
                          trained_on=sorted(train_hashes), step=step)
    old_trained = state.get("trained_on")
    old_trained = set(old_trained) if isinstance(old_trained, list) else None
    if state.get("digest") == settings.get("digest"):
        return ResumePlan(True, trained_on=sorted(train_hashes | (old_trained or set())), step=step)
    if old_trained is None:
        return ResumePlan(False, _discarded(step, run, "the project's training data changed"),
                          trained_on=sorted(train_hashes), step=step)
    leaked = old_trained & set(heldout_hashes)
    if leaked:
        n = len(leaked)
        why = (f"the project's training data changed and {_count(n, 'article', 'articles')} it trained on "
               f"would now be held out (scoring {'it' if n == 1 else 'them'} would overstate the gain)")
        return ResumePlan(False, _discarded(step, run, why), trained_on=sorted(train_hashes), step=step)
    old = state.get("articles") if isinstance(state.get("articles"), Mapping) else {}
    new = settings.get("articles") or {}
    changes = {
        "more": sum(1 for h in new if h not in old),
        "changed": sum(1 for h in new if h in old and old[h] != new[h]),
        "no_longer_reviewed": sum(1 for h in old if h not in new),
        "moved": sum(1 for h in train_hashes if h in old and h not in old_trained),
    }
    parts = [text for text in (
        _count(changes["more"], "more reviewed article", "more reviewed articles") if changes["more"] else "",
        f"{changes['changed']:,} changed" if changes["changed"] else "",
        f"{changes['no_longer_reviewed']:,} no longer reviewed" if changes["no_longer_reviewed"] else "",
        f"{changes['moved']:,} moved from held-out to training" if changes["moved"] else "",
    ) if text] or ["the same articles in another order"]
    line = (f"resumed after step {step:,} ({run}) with the data changed since: {', '.join(parts)}; "
            "none of the articles it trained on is held out")
    return ResumePlan(True, line, changes, trained_on=sorted(train_hashes | old_trained), step=step)


def discarded_note(state: Mapping[str, Any], settings: Mapping[str, Any], run: str) -> str:
    """The line said when a checkpoint cannot be resumed (its ``state`` against this run's
    ``settings``) and is discarded: the run starts again from step 0 (issue 10: it did so silently)."""
    step = int(state.get("steps", 0) or 0)
    changed = [k for k, v in settings.items() if k not in DATA_KEYS and state.get(k) != v]
    if changed:
        return _discarded(step, run, _settings_changed(state, settings, changed))
    if state.get("digest") != settings.get("digest"):
        return _discarded(step, run, "the project's training data changed")
    return _discarded(step, run, "the checkpoint could not be read")


def _save_state(work: Path, state: Mapping[str, Any]) -> None:
    tmp = work / "state.json.tmp"
    tmp.write_text(json.dumps(state, indent=2), encoding="utf-8")
    tmp.replace(work / "state.json")


def _entity_corpora(project: Project, labels: Iterable[str] | None, *, optional: bool,
                    attributions: bool) -> tuple[Corpora | None, str]:
    """The entity corpora, or None when there are too few reviewed entities and ``optional``
    (the project has attributions to train instead), with the line that says so
    (:func:`annotator.nlp.train_rule.not_trained_line`; '' when nothing was reviewed)."""
    try:
        return build_corpora(project, labels, attributions=attributions), ""
    except InputError:
        raise
    except AnnotatorError:
        if optional:
            docs, _complete, _partial, _report = reviewed_docs(project, labels)
            accepted = sum(len(doc.ents) for _h, doc in docs)
            return None, not_trained_line("Entity recogniser", "entities", len(docs), accepted)
        raise


REPLACED_SUFFIX = ".replaced-"


def replaced_sibling(output: Path, now: float | None = None) -> Path:
    """Where ``train`` keeps the pipeline it replaces in ``output``: ``OUTPUT.replaced-YYYYMMDD-HHMMSS``
    beside it (UTC; ``now``: seconds since the epoch, default the clock), ``-2``, ``-3``… added
    when that name exists (two runs in one second)."""
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime(now))
    path = output.with_name(f"{output.name}{REPLACED_SUFFIX}{stamp}")
    n = 2
    while os.path.lexists(path):
        path = output.with_name(f"{output.name}{REPLACED_SUFFIX}{stamp}-{n}")
        n += 1
    return path


def _non_empty(folder: Path) -> bool:
    try:
        return folder.is_dir() and any(folder.iterdir())
    except OSError:
        return False


def kept_line(kept: Path, output: Path, project: Path | str) -> str:
    """The one line saying where the replaced pipeline is and how to go back to it."""
    return (f"The pipeline that was in {output} is kept in {kept} (never deleted by annotator); to go back, "
            f"choose that folder in Edit → Preferences, or run: annotator preannotate {project} --model {kept}")



LOCK_SUFFIX = ".training-lock"  # beside DIR: held (an OS lock) by the run writing DIR and DIR.training


def lock_path(output: Path) -> Path:
    """The lock file of the run writing ``output``: ``OUTPUT.training-lock`` beside it (not in
    ``OUTPUT.training``, which a run removes and another may recreate)."""
    output = Path(output).expanduser().absolute()
    return output.with_name(output.name + LOCK_SUFFIX)


def _holder_text(holder: Holder | None) -> str:
    if holder is None:  # it has not written itself into the file yet
        return "another process"
    if holder.pid == os.getpid():
        return "started in this window" if holder.by == "window" else "started by this process"
    who = "the Annotator window" if holder.by == "window" else "`annotator train`"
    return f"another process: {who}, PID {holder.pid}"


class OutputLock:
    """An exclusive, non-blocking OS lock on ``output`` (:func:`lock_path`) held for a run's whole
    life: training, checkpoints and writing the pipeline (usertest34 M3: two runs started seconds
    apart both trained on one ``DIR.training`` checkpoint and both wrote ``DIR``). The lock is the
    project's lease mechanism (:class:`annotator.storage.run_lease.RunLease` on that file:
    ``flock`` / ``msvcrt.locking``, dropped by the OS when its process dies, so a killed run's
    lock file is simply taken over; the holder's PID is only what the refusal names).
    ``acquire`` raises :class:`InputError` (one line naming ``output``, who holds it, what to do)
    when another run holds it; nothing is written then. Where the lock file cannot be made (a
    read-only place) the run goes on unguarded: the output check and the write say why."""

    def __init__(self, output: Path, *, by: str = "command line") -> None:
        self.output = Path(output)
        self.path = lock_path(output)
        self.by = by  # "window" or "command line": named in another run's refusal
        self._lease = RunLease.on_file(self.path, by=by)

    def acquire(self) -> "OutputLock":
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            return self  # check_output says why the folder cannot be made there
        if not self._lease.acquire():
            raise InputError(f"another training run is writing it ({_holder_text(self._lease.holder())}); "
                             "wait for it to finish or cancel it, or give another --output folder",
                             path=str(self.output))
        return self

    def release(self) -> None:
        self._lease.release()  # removes the file while still locked (POSIX), as every lease does

    def __enter__(self) -> "OutputLock":
        return self.acquire()

    def __exit__(self, *exc: Any) -> None:
        self.release()


def _locked_output(func: Callable[..., TrainResult]) -> Callable[..., TrainResult]:
    """``train`` holding :class:`OutputLock` on its output for the whole run."""
    import functools

    @functools.wraps(func)
    def run(project: Project, output: Path, *args: Any, lock_by: str = "command line", **kwargs: Any) -> TrainResult:
        target = Path(output)
        if target.is_symlink() and target.is_dir():
            target = target.resolve()  # as train does: the folder the link names is what is written
        with OutputLock(target, by=lock_by):
            return func(project, output, *args, **kwargs)

    return run


@_locked_output
def train(
    project: Project,
    output: Path,
    *,
    base: str,
    max_steps: int = DEFAULT_MAX_STEPS,
    labels: Iterable[str] | None = None,
    force: bool = False,
    replace: bool = False,
    in_use: Iterable[Any] | None = None,
    preference: str | None = None,
    eval_frequency: int = 200,
    on_progress: Callable[[Progress], None] | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    on_message: Callable[[str], None] | None = None,
    attribution: bool = True,
    attribution_max_steps: int | None = None,
    on_finishing: Callable[[], None] | None = None,
    checkpoints: Checkpoints | None = None,
    restart: bool = False,
    keep_replaced: bool | None = None,
) -> TrainResult:
    """Fine-tune ``base``'s NER on ``project``'s reviewed entities and, when the project has
    reviewed attributions (and ``attribution``), train the attribution recogniser
    (:mod:`annotator.nlp.attribution_train`, ``attribution_max_steps`` steps, default
    ``max_steps``); write the pipeline to ``output`` (see the module docstring for the data, the
    folders and resume). A project of entities alone trains the NER alone; of attributions
    alone, the attribution component alone (the entity recogniser stays the base's).

    ``on_progress`` is called after every optimizer step (``Progress.component`` names the
    run); ``on_finishing`` once the last run's steps are done (what follows, held-out scores,
    the cue lexicon and writing the pipeline, is not stopped by ``cancelled``: the command line
    says so on Ctrl+C, usertest16 M1); ``cancelled`` is checked before each step: when it returns True, a checkpoint is saved and
    :class:`TrainingCancelled` is raised (a rerun resumes). ``checkpoints``: save a checkpoint
    between evaluations too (:class:`Checkpoints`; None: at every evaluation only, every
    ``eval_frequency`` steps). ``restart``: discard an unfinished run's checkpoints in
    ``output`` (said through ``on_message``) and train from step 0. ``replace``: replace a finished
    pipeline in ``output`` (``force`` does too; :func:`check_output`). ``in_use``: the pipeline folders not
    to replace; None (the command line, the window): :func:`annotator.nlp.pipeline_use.pipelines_in_use`
    with ``preference`` (None: the pipeline chosen for ``project``,
    :func:`annotator.nlp.pipeline_use.project_choice`); the pipeline
    that pre-annotated ``project`` is refused too. Raises :class:`InputError` for a
    refused ``output``, :class:`AnnotatorError` when there is nothing to train on or ``base`` is
    not a pipeline with ``ner``.

    ``keep_replaced`` (None: as ``force``): a non-empty ``output`` replaced by the new pipeline
    is kept, renamed whole to ``OUTPUT.replaced-YYYYMMDD-HHMMSS`` (UTC, :func:`replaced_sibling`)
    as the new one is swapped in; never deleted here. ``TrainResult.replaced_kept`` names it.
    usertest31 M3: ``--force`` over the pipeline in use with a 40-step run wrote a worse one over
    it, and the old one was gone.

    ``lock_by`` ("command line" or "window"): who holds ``output``'s lock, named when another run
    is refused; the whole run holds :class:`OutputLock`, so a second run into the same ``output``
    raises :class:`InputError` before anything is written (usertest34 M3).
    """
    import spacy

    from annotator.nlp.attribution_corpus import attribution_docs

    say = on_message or (lambda _m: None)
    if max_steps < 1 or (attribution_max_steps is not None and attribution_max_steps < 1):
        raise InputError("--max-steps must be at least 1")
    output = Path(output)
    if output.is_symlink() and output.is_dir():
        # a link to a folder is followed (the README): the pipeline replaces the folder it names,
        # and the link keeps naming it (issue 10: refused after training with a brat message)
        output = output.resolve()
    if in_use is None:
        from annotator.nlp.pipeline_use import pipelines_in_use, project_choice

        in_use = pipelines_in_use(preference=project_choice(project) if preference is None else preference,
                                  project_folder=project.path.resolve().parent)
    from annotator.nlp.pipeline_use import project_origins

    check_output(output, force=force, in_use=in_use, origins=project_origins(project), replace=replace,
                 project_path=project.path)
    other = other_projects_run(output, project.path)
    if other is not None:  # --replace (or --force) said to discard it: never resumed into this project's pipeline
        say(f"checkpoint discarded: {work_folder(output)} held {other}; training starts from step 0")
        shutil.rmtree(work_folder(output))
    elif restart and work_folder(output).exists():  # --restart: only after the output was accepted, as above
        say(f"checkpoint discarded (--restart): {work_folder(output)} removed; training starts from step 0")
        shutil.rmtree(work_folder(output))
    make_config(base, train_path=Path("train.spacy"), heldout_path=Path("heldout.spacy"), max_steps=1)  # a bad base: before anything is written
    _stop_if_cancelled(cancelled, "while the pipeline loaded")
    attrs = attribution_docs(project) if attribution else None
    _stop_if_cancelled(cancelled, "while the attribution corpus was read")
    skipped: list[str] = []  # a component left out while the other trains: one line each (usertest16 M5)
    attr_line = ""
    if attrs is not None and (not attrs.accepted_quotes or len(attrs.docs) < 2):
        attr_line = not_trained_line("Attribution component", "quotes", len(attrs.docs), attrs.accepted_quotes)
        one_article = bool(attrs.accepted_quotes)
        attrs = None
        try:
            corpora, entity_line = _entity_corpora(project, labels, optional=False, attributions=attribution)
        except InputError:
            raise
        except AnnotatorError as exc:
            if one_article and str(exc).startswith("nothing to train on"):
                raise AnnotatorError("only 1 article with reviewed attributions: training needs at least 2 (one is held "
                                     "out to score the result)") from None
            raise
        if attr_line:
            skipped.append(attr_line)
    else:
        corpora, entity_line = _entity_corpora(project, labels, optional=attrs is not None and labels is None,
                                               attributions=attribution)
        if entity_line:
            skipped.append(entity_line)
    if corpora is None and attrs is None:  # pragma: no cover - _entity_corpora raised
        raise AnnotatorError("nothing to train on")
    _stop_if_cancelled(cancelled, "while the entity corpus was read")
    for line in skipped:
        say(line)
    ner_map = dict(project.schema.ner_map)
    unmapped = unmapped_labels(corpora.labels, ner_map) if corpora is not None else []
    note = unmapped_note(unmapped)  # said once, before the scores: a label trained that preannotate would drop
    if note:
        say(note)
    note = conll_fold_note(corpora.labels, ner_map, project.path.name) if corpora is not None else ""
    if note:  # before the run too: the analyst may fold first rather than train against the old map
        say(note)
    work = work_folder(output)
    wanted = set(corpora.labels) if corpora is not None else set()
    before: dict[str, dict[str, float]] = {}
    after: dict[str, dict[str, float]] = {}
    base_map: dict[str, str] = {}  # the base's entity labels -> the label "before" scored them as
    steps = done_before = 0
    seconds = 0.0
    settings: dict[str, Any] = {}
    state: dict[str, Any] = {}
    plan = ResumePlan(False)
    if corpora is not None:
        settings = {"digest": corpora.digest(), "labels": corpora.labels, "base": str(base), "articles": corpora.articles()}
        state = _state(work)
        plan = resume_plan(state, settings, run="entity run", checkpoint=(work / MODEL_LAST / "config.cfg").exists(),
                           train_hashes=corpora.train_hashes, heldout_hashes=corpora.heldout_hashes)
        settings["trained_on"] = plan.trained_on  # saved with every checkpoint: what the next resume checks
    resume = plan.resume
    if corpora is not None and not resume and (work / MODEL_LAST).exists():
        say(plan.line or discarded_note(state, settings, "entity run"))
        shutil.rmtree(work / MODEL_LAST)
    if corpora is None and (work / MODEL_LAST).exists():
        shutil.rmtree(work / MODEL_LAST)  # an entity checkpoint of other data: not what this run makes
    with _removed_unless_checkpointed(work):
        work.mkdir(parents=True, exist_ok=True)
        # whose checkpoint this is: a rerun of the same project may resume it over a finished output
        (work / OWNER).write_text(json.dumps({"project": str(project.path.resolve())}), encoding="utf-8")
        if corpora is not None:
            nlp, steps, done_before, seconds, before, after, base_map = _train_ner(
                project, base, corpora, work, resume=resume, resume_line=plan.line, state=state, settings=settings,
                max_steps=max_steps,
                eval_frequency=eval_frequency, on_progress=on_progress, cancelled=cancelled, say=say, ner_map=ner_map,
                wanted=wanted, final_checkpoint=attrs is not None, checkpoints=checkpoints,
                on_steps_done=(on_finishing or (lambda: None)) if attrs is None else (lambda: None))
        else:
            nlp = spacy.load(base)
        attr_result: dict[str, Any] = {}
        if attrs is not None:
            attr_result = _train_attribution(nlp, base, attrs, work, max_steps=attribution_max_steps or max_steps,
                                             eval_frequency=eval_frequency, on_progress=on_progress, cancelled=cancelled, say=say,
                                             on_steps_done=on_finishing or (lambda: None), checkpoints=checkpoints)
            seconds += attr_result["seconds"]
        # check_output refused a foreign folder (unless --force): whatever is in output is ours to replace.
        replaced_kept = replaced_sibling(output) if (force if keep_replaced is None else keep_replaced) and _non_empty(output) else None
        with replacing_folder(output, lambda _path: True, what=TRAINED_FOLDER, keep_as=replaced_kept) as tmp:
            nlp.meta["name"] = "annotator_trained"
            # The version names the run in every suggestion's origin ("en_annotator_trained 2026.11.30.173012").
            nlp.meta["version"] = time.strftime("%Y.%m.%d.%H%M%S", time.gmtime())
            trained = [*(["ner"] if corpora is not None else []), *(["attribution"] if attrs is not None else [])]
            nlp.meta["description"] = f"{base} with {' and '.join(trained)} trained by `annotator train` on {project.path.name}"
            # the pipeline's config.cfg names the keys in its components ([components.ner]
            # incorrect_spans_key, set by the callback); the callback itself is the training
            # config's, and left here it would make spacy.load look it up (usertest32 L1)
            if nlp.config.get("initialize", {}).get("after_init"):
                nlp.config["initialize"]["after_init"] = None
            nlp.to_disk(tmp)
            # the configs the runs read, kept (DIR.training goes): what the user inspects afterwards
            for config_file, kept in ((work / "config.cfg", TRAINING_CONFIG),
                                      (work / "attribution" / "config.cfg", ATTRIBUTION_TRAINING_CONFIG)):
                if config_file.is_file():
                    shutil.copyfile(config_file, tmp / kept)
            if attrs is not None:
                attr_result.update(_score_attribution(base, tmp, attr_result))
            (tmp / MARKER).write_text(json.dumps(marker_shape({
                "project": str(project.path.resolve()), "base": str(base), "components": trained,
                "finished": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                # the entity run's counts, else (attribution only) the attribution run's: usertest17
                # L-c, an attribution-only pipeline said steps 0, train_articles 0 (marker_totals reads both)
                "labels": corpora.labels if corpora is not None else [],
                "steps": steps if corpora is not None else attr_result.get("steps", 0),
                "train_articles": len(corpora.train) if corpora is not None else attr_result.get("train_articles", 0),
                "heldout_articles": len(corpora.heldout) if corpora is not None else attr_result.get("heldout_articles", 0),
                "complete_articles": corpora.complete if corpora is not None else 0,
                "partial_articles": corpora.partial if corpora is not None else 0,
                "heldout_percent": HELDOUT_PERCENT, "before": before, "before_map": base_map,
                # a resumed run: after which step, and whether the data had changed since (a warm start)
                "resumed_from_step": done_before, "data_changed_on_resume": plan.data_changed,
                "changes_on_resume": plan.changes if plan.data_changed else None,
                "near_duplicates": corpora.near_duplicates if corpora is not None else 0, "after": after, "seconds": round(seconds, 1),
                "attribution": {k: v for k, v in attr_result.items() if k not in _NOT_IN_MARKER},
                # usertest20 L7: which articles this pipeline (and its base) was trained on
                TRAINED_ON: trained_on_record([*(corpora.train_hashes if corpora is not None else ()),
                                               *attr_result.get("train_hashes", ())], str(base)),
            }), indent=2), encoding="utf-8")
    shutil.rmtree(work, ignore_errors=True)
    # usertest31 L5: each note one sentence of its own (the command line printed "Not trained on, 60
    # done articles have no reviewed entities" and "Not trained on, left out: 2 × …")
    notes = uncovered_notes(project, attribution=attrs is not None) + [
        left_out_sentence(n, "entity recogniser") for n in (corpora.report.notes() if corpora is not None else [])]
    if attrs is not None:
        notes += [left_out_sentence(n, "attribution component") for n in attrs.report.notes()]
    return TrainResult(output, corpora.labels if corpora is not None else [], len(corpora.train) if corpora is not None else 0,
                       len(corpora.heldout) if corpora is not None else 0, steps, seconds, done_before, before, after,
                       unmapped, notes,
                       attribution=AttributionRun(
                           train_articles=attr_result["train_articles"], heldout_articles=attr_result["heldout_articles"],
                           steps=attr_result["steps"], resumed_from_step=attr_result["resumed_from_step"],
                           seconds=attr_result["seconds"], before=attr_result["before"], after=attr_result["after"],
                           complete_articles=attrs.complete, partial_articles=attrs.partial,
                           names=attribution_names(project.schema),
                           near_duplicates=attr_result.get("near_duplicates", 0),
                           data_changed_on_resume=attr_result.get("data_changed_on_resume", False),
                           changes_on_resume=attr_result.get("changes_on_resume"),
                           base_trained=bool(attr_result.get("base_trained")),
                           parts=attr_result.get("parts"),
                           base_seen=base_seen(str(base), attr_result.get("heldout_hashes", ())),
                           lexicon_warning=attr_result.get("lexicon_warning", ""),
                           uncovered_articles=attrs.uncovered,
                       ) if attrs is not None else None,
                       complete_articles=corpora.complete if corpora is not None else 0,
                       partial_articles=corpora.partial if corpora is not None else 0,
                       heldout_labels=sorted({e.label_ for d in corpora.heldout for e in d.ents})
                       if corpora is not None else [],
                       support=heldout_support(corpora.heldout) if corpora is not None else None,
                       near_duplicates=corpora.near_duplicates if corpora is not None else 0,
                       data_changed_on_resume=plan.data_changed, changes_on_resume=plan.changes if plan.data_changed else None,
                       not_trained=skipped, before_map=base_map, project_name=project.path.name, replaced_kept=replaced_kept,
                       base_seen=base_seen(str(base), corpora.heldout_hashes) if corpora is not None else 0)


#: what the attribution run returns that is no part of ``annotator-training.json``'s "attribution"
_NOT_IN_MARKER = ("heldout_docs", "heldout_gold", "train_hashes", "heldout_hashes")


#: the keys of ``annotator-training.json`` that describe the entity run alone (docs/formats.md)
ENTITY_MARKER_KEYS = ("labels", "before", "before_map", "after", "complete_articles", "partial_articles",
                      "near_duplicates", "resumed_from_step", "data_changed_on_resume", "changes_on_resume")


def marker_shape(info: dict[str, Any]) -> dict[str, Any]:
    """``info`` (the marker of a run, every key filled) without the keys of a run that did not
    happen: the entity run's (:data:`ENTITY_MARKER_KEYS`) when ``components`` has no ``ner``, and
    ``attribution`` when it has no ``attribution``. usertest18 L8: an attribution-only pipeline's
    file said ``labels: [], before: {}, after: {}`` at the top while its numbers were under
    ``attribution``. ``components`` says what was trained; ``steps``, ``train_articles``,
    ``heldout_articles``, ``seconds`` stay (the attribution run's when no entity run was
    trained). Readers take a missing key as an empty one, so older files read as before."""
    components = info.get("components") or []
    drop = set(ENTITY_MARKER_KEYS if "ner" not in components else ()) | ({"attribution"} if "attribution" not in components else set())
    return {k: v for k, v in info.items() if k not in drop}


def marker_totals(info: Mapping[str, Any]) -> dict[str, int]:
    """``steps``, ``train_articles``, ``heldout_articles`` of a trained pipeline's
    ``annotator-training.json`` (parsed, ``info``): its top level, which since usertest17 L-c holds
    the attribution run's counts when no entity run was trained; in older files of an
    attribution-only pipeline the top level says 0 and the counts are read under ``attribution``."""
    run = info.get("attribution") or {}
    entity = "ner" in (info.get("components") or ["ner"]) and bool(info.get("labels"))
    out = {}
    for key in ("steps", "train_articles", "heldout_articles"):
        value = int(info.get(key) or 0)
        out[key] = value if value or entity else int(run.get(key) or 0)
    return out


def unmapped_labels(labels: Iterable[str], ner_map: Mapping[str, str]) -> list[str]:
    """The trained entity ``labels`` preannotate would not suggest as themselves through
    ``ner_map``, in the given order: the rule it applies (:func:`annotator.domain.schema.suggested_label`:
    a label that is a target of the map stands for itself; usertest17, fixut19c)."""
    return [lab for lab in labels if suggested_label(lab, ner_map) != lab]


def unmapped_note(labels: Sequence[str]) -> str:
    """The line for trained entity ``labels`` the project's ``ner_map`` does not map to themselves
    (preannotate would not suggest them), with the one-line fix; '' when there are none."""
    if not labels:
        return ""
    names = ", ".join(labels)
    return (f"The project's ner_map does not map {names} to itself, so preannotate would not suggest "
            f"{'them' if len(labels) > 1 else 'it'} (it is trained and scored all the same): add "
            + ", ".join(f'"{n}": "{n}"' for n in labels)
            + " to \"ner_map\" (annotator schema PROJECT > schema.json; edit; annotator schema PROJECT --set schema.json)")


@dataclasses.dataclass(frozen=True)
class Checkpoints:
    """When to save a checkpoint between the held-out evaluations (each of which saves one):
    after ``steps`` optimizer steps or ``seconds`` of wall-clock time since the last one,
    whichever comes first (None: not by that measure). usertest17 L-f: the window trained with
    the command line's 200-step evaluations, so a crash at step ~100 of 300 kept nothing.
    A checkpoint writes the component's weights and ``state.json``
    (:data:`WINDOW_CHECKPOINTS` gives the measured cost)."""

    steps: int | None = None
    seconds: float | None = None

    def due(self, steps_since: int, seconds_since: float) -> bool:
        """True when ``steps_since`` steps or ``seconds_since`` seconds reach the bound."""
        return (self.steps is not None and steps_since >= self.steps) or \
            (self.seconds is not None and seconds_since >= self.seconds)


#: the window's runs (Tools → Train pipeline…): an analyst's run lasts minutes and a crash (or a
#: kill) must not lose more than ~50 steps or ~1 minute of it. A checkpoint writes the whole
#: pipeline (~15 MB for en_core_web_sm): 0.13 s each (60 steps, every 5 vs none, 3 rounds A/B on
#: 2 shared CPUs): one per 50 steps of that tiny project (0.06 s a step) adds ~4%, less where
#: steps are longer (real articles)
WINDOW_CHECKPOINTS = Checkpoints(steps=50, seconds=60.0)


def _stop_if_cancelled(cancelled: Callable[[], bool], stage: str) -> None:
    """Raise :class:`TrainingCancelled` when ``cancelled()``, before anything is written: a cancel
    during the preparation (reading the corpora, loading pipelines, which spaCy cannot interrupt)
    stops at the end of that stage, not after the first step (issue 10: 16.6 s to stop)."""
    if cancelled():
        raise TrainingCancelled(f"training cancelled {stage}, before its first step; nothing was saved")


def _train_ner(project: Project, base: str, corpora: Corpora, work: Path, *, resume: bool, resume_line: str, state: Mapping[str, Any],
               settings: Mapping[str, Any], max_steps: int, eval_frequency: int,
               on_progress: Callable[[Progress], None] | None, cancelled: Callable[[], bool], say: Callable[[str], None],
               ner_map: Mapping[str, str], wanted: set[str], final_checkpoint: bool,
               on_steps_done: Callable[[], None] = lambda: None,
               checkpoints: Checkpoints | None = None) -> tuple[Any, int, int, float, Any, Any, dict[str, str]]:
    """The entity run (see :func:`train`): the trained pipeline with its averaged weights in
    place, steps, the step resumed from, seconds, the held-out scores before and after, and the
    base's labels as "before" scored them (:func:`base_label_map`)."""
    import spacy
    from spacy.training.initialize import init_nlp
    from thinc.api import fix_random_seed

    train_path, heldout_path = work / "train.spacy", work / "heldout.spacy"
    write_docbin(corpora.train, train_path)
    write_docbin(corpora.heldout, heldout_path)
    done_before = int(state.get("steps", 0)) if resume else 0
    steps_left = max(max_steps - done_before, 0)
    config = make_config(base, train_path=train_path, heldout_path=heldout_path, max_steps=max(steps_left, 1),
                         eval_frequency=eval_frequency)
    config.to_disk(work / "config.cfg")  # the user's copy to read: what `spacy train` would run
    if resume:  # on changed data, the plan's one line (what changed); else where it resumes from
        say(resume_line or f"Resuming from the checkpoint after step {done_before} in {work / MODEL_LAST}.")
        if resume_line and not steps_left:
            say(no_steps_left(done_before, max_steps, "entity run"))
        config = make_config(base, train_path=train_path, heldout_path=heldout_path, max_steps=max(steps_left, 1),
                             eval_frequency=eval_frequency, source=str(work / MODEL_LAST))
    _save_state(work, {**settings, "steps": done_before, "max_steps": max_steps})

    base_nlp = spacy.load(base)
    # usertest17 L-d: through the map pre-annotation applies (suggested_label: a label that is one of
    # the map's targets stands for itself, e.g. MISC from a base trained on the project, N11), so
    # "before" is what the project's suggestions were; ner.labels: every label the base can say
    base_labels = base_nlp.get_pipe("ner").labels if "ner" in base_nlp.pipe_names else ()
    base_map = base_label_map(base_labels, ner_map)
    before = ner_scores(base_nlp, corpora.heldout, lambda lab: m if (m := base_map.get(lab)) in wanted else None)
    del base_nlp

    started = time.perf_counter()
    fix_random_seed(SEED)
    nlp = init_nlp(config, use_gpu=-1)
    ner = nlp.get_pipe("ner")
    for label in corpora.labels:
        ner.add_label(label)
    ner.cfg["incorrect_spans_key"] = INCORRECT_SPANS_KEY  # rejected entities are negatives
    steps, averages = done_before, None
    if steps_left:
        steps, averages = _loop(nlp, work, done_before, max_steps, on_progress, cancelled, settings,
                                eval_frequency=eval_frequency, checkpoints=checkpoints)
    on_steps_done()
    seconds = time.perf_counter() - started
    if averages:  # the final weights are the optimizer's parameter averages, as spaCy saves them
        with nlp.use_params(averages):
            weights = ner.to_bytes()
        ner.from_bytes(weights)
    if final_checkpoint and steps_left:
        # the attribution run follows: a cancel there resumes without redoing these steps
        nlp.to_disk(work / MODEL_LAST)
        _save_state(work, {**settings, "steps": steps, "max_steps": max_steps})
    after = ner_scores(nlp, corpora.heldout, lambda lab: lab if lab in wanted else None)
    return nlp, steps, done_before, seconds, before, after, base_map


def _train_attribution(nlp: Any, base: str, attrs: Any, work: Path, *, max_steps: int, eval_frequency: int,
                       on_progress: Callable[[Progress], None] | None, cancelled: Callable[[], bool],
                       say: Callable[[str], None], on_steps_done: Callable[[], None] = lambda: None,
                       checkpoints: Checkpoints | None = None) -> dict[str, Any]:
    """The attribution run (:func:`annotator.nlp.attribution_train.run`) on the same split rule
    as the entities; ``nlp`` gets the trained recogniser (``assemble``)."""
    import hashlib as _hashlib

    from annotator.nlp import attribution_train as AT

    split = split_articles([h for h, _ in attrs.docs], [d.text for _, d in attrs.docs])
    train_idx, heldout_idx = split.train, split.heldout
    train_docs = [attrs.docs[i][1] for i in train_idx]
    heldout_docs = [attrs.docs[i][1] for i in heldout_idx]
    h = _hashlib.sha256()
    for part, docs in (("train", train_docs), ("heldout", heldout_docs)):
        h.update(part.encode())
        for doc in docs:
            h.update(doc.text.encode("utf-8"))
            h.update(json.dumps([(e.start_char, e.end_char, e.label_) for e in doc.ents]).encode())
            h.update(json.dumps([(s.start_char, s.end_char) for s in doc.spans.get("attribution_rejected", [])]).encode())
            h.update(bytes(t.ent_iob for t in doc))
    trained, steps, resumed, seconds, plan = AT.run(
        base=base, work=work, train_docs=train_docs, heldout_docs=heldout_docs, digest=h.hexdigest(), max_steps=max_steps,
        eval_frequency=eval_frequency, on_progress=on_progress, cancelled=cancelled, say=say, checkpoints=checkpoints,
        train_hashes=[attrs.docs[i][0] for i in train_idx], heldout_hashes=[attrs.docs[i][0] for i in heldout_idx])
    on_steps_done()
    AT.assemble(nlp, trained)
    lexicon = _learn_lexicon(base, [attrs.docs[i][1] for i in train_idx], [attrs.gold[i] for i in train_idx], say=say)
    line = lexicon_line(lexicon.lemmas, lexicon.min_cues, lexicon.min_precision)
    if lexicon.guarded and lexicon.thin:  # usertest29 M1: too few articles for any learned verb
        line += (f"; {len(lexicon.guarded)} verbs of the rules' lists read only with a reported clause "
                 f"(a cue in at least {lexicon.guard_precision:.0%} of their uses; too few articles for more)")
    elif lexicon.guarded:
        line += (f"; {len(lexicon.guarded)} more read only with a reported clause "
                 f"(a cue in {lexicon.guard_precision:.0%} to {lexicon.min_precision:.0%} of their uses)")
    say(line)
    lexicon_warning = lexicon.thin_warning()
    if lexicon.lemmas or lexicon.guarded:
        from annotator.nlp.attribution_lexicon import add_to_pipeline

        add_to_pipeline(nlp, lexicon)
    return {"train_articles": len(train_docs), "heldout_articles": len(heldout_docs), "steps": steps,
            "resumed_from_step": resumed, "seconds": seconds, "heldout_docs": heldout_docs,
            "data_changed_on_resume": plan.data_changed, "changes_on_resume": plan.changes if plan.data_changed else None,
            "near_duplicates": split.near_duplicates,
            "heldout_gold": [attrs.gold[i] for i in heldout_idx],
            "lexicon": sorted(lexicon.lemmas), "lexicon_guarded": sorted(lexicon.guarded),
            "lexicon_warning": lexicon_warning,
            "base_trained": AT.base_has_component(base),
            "train_hashes": [attrs.docs[i][0] for i in train_idx], "heldout_hashes": [attrs.docs[i][0] for i in heldout_idx]}


LEXICON_SHOWN = 20  # verbs named in train's line; the rest are counted (all are in annotator-training.json)


def lexicon_line(lemmas: Iterable[str], min_cues: int, min_precision: float) -> str:
    """What ``annotator train`` says of the cue lexicon it learned: how many verbs were kept and
    which (usertest13: "4 verbs kept" did not say which), in alphabetical order, the first
    :data:`LEXICON_SHOWN` named and the rest counted; then the rule that kept them."""
    kept = sorted(lemmas)
    named = ", ".join(kept[:LEXICON_SHOWN]) + (f" and {len(kept) - LEXICON_SHOWN} more" if len(kept) > LEXICON_SHOWN else "")
    verbs = f"{len(kept)} verb{'' if len(kept) == 1 else 's'} kept" + (f": {named}" if kept else "")
    from annotator.nlp.attribution_lexicon import NEW_MIN_CUES

    new = f"; {NEW_MIN_CUES} for a verb the rules do not list" if NEW_MIN_CUES > min_cues else ""
    return (f"Cue lexicon: {verbs} (at least {min_cues} accepted cues{new}, "
            f"a cue in at least {min_precision:.0%} of their uses)")


def _learn_lexicon(base: str, docs: Sequence[Doc], gold: Sequence[Sequence[Any]], *, say: Callable[[str], None]) -> Any:
    """The cue lexicon (:func:`annotator.nlp.attribution_lexicon.learn`) of the *training*
    articles ``docs`` (the attribution corpus's, tokens outside what was reviewed missing) and
    their accepted attributions ``gold``, parsed again with ``base`` (the corpus docs have no
    parse): a token counts where its article was reviewed (its entity annotation not missing)."""
    import spacy

    from annotator.nlp.attribution_lexicon import learn

    from annotator.nlp.attribution_train import earlier_components

    say(f"Learning the cue lexicon from {len(docs)} training articles")
    # the parse only: a base trained earlier (usertest16 H3) has its attribution components too
    parser = spacy.load(base, exclude=["ner", *earlier_components(base_config(base)["nlp"]["pipeline"])])
    items = []
    for doc, attributions, parsed in zip(docs, gold, parser.pipe([d.text for d in docs])):
        if items and len(items) % 100 == 0:  # a parse of the training articles: minutes on a large project
            say(f"Cue lexicon: {len(items)} of {len(docs)} articles read")
        known_at = {t.idx: t.ent_iob != 0 for t in doc}  # 0: missing (not reviewed there)
        cues = [g.cue for g in attributions if g.cue is not None]
        items.append((parsed, cues, [known_at.get(t.idx, False) for t in parsed]))
    return learn(items)


def _score_attribution(base: str, folder: Path, run: Mapping[str, Any]) -> dict[str, Any]:
    """Held-out attribution scores: what ``base`` suggests (before: the rules alone, or, for a
    base trained earlier with the attribution component (usertest16 H3), the rules merged with
    its model and lexicon) and the rules merged with the model on the pipeline in ``folder``
    (after); see :class:`AttributionScores`."""
    import spacy

    from annotator.nlp import attribution_train as AT
    from annotator.nlp.quotes import suggest_quotes, with_model_attributions
    from annotator.nlp.quotes_sents import add_line_sents

    docs, gold = run["heldout_docs"], run["heldout_gold"]
    # a base without the component: with_model_attributions returns the rules' quotes unchanged
    rules = AT.score_pipeline(add_line_sents(spacy.load(base)), docs, gold,
                              lambda d, t: with_model_attributions(d, suggest_quotes(d, text=t), text=t))
    nlp = add_line_sents(spacy.load(folder))
    parsed = list(nlp.pipe(d.text for d in docs))  # one parse, scored with and without each part
    merged = AT.score_pipeline(nlp, docs, gold, lambda d, t: with_model_attributions(d, suggest_quotes(d, text=t), text=t),
                               parsed=parsed)
    # usertest17 N5: short runs' "after" was the cue lexicon's while the model alone found nothing
    parts = {
        "model_alone": AT.score_pipeline(nlp, docs, gold, lambda d, t: with_model_attributions(d, [], text=t, lexicon=False),
                                         parsed=parsed).attribution,
        "without_model": AT.score_pipeline(nlp, docs, gold, lambda d, t: with_model_attributions(
            d, suggest_quotes(d, text=t), text=t, model=False), parsed=parsed).attribution,
        "without_lexicon": AT.score_pipeline(nlp, docs, gold, lambda d, t: with_model_attributions(
            d, suggest_quotes(d, text=t), text=t, lexicon=False), parsed=parsed).attribution,
    }
    return {"before": rules.as_dict(), "after": merged.as_dict(), "parts": parts}


@contextlib.contextmanager
def _removed_unless_checkpointed(work: Path) -> Iterator[None]:
    """On any failure (Ctrl+C included), remove ``work`` unless it holds a checkpoint to resume
    (:func:`has_checkpoint`: the entity run's or the attribution run's): a run that saved nothing
    leaves nothing behind."""
    try:
        yield
    except BaseException:
        if not has_checkpoint(work):
            shutil.rmtree(work, ignore_errors=True)
        raise


def has_checkpoint(work: Path) -> bool:
    """Whether ``work`` (a ``DIR.training`` folder) holds a checkpoint a rerun resumes from: the
    entity run's ``work/model-last`` or the attribution run's ``work/attribution/model-last``."""
    from annotator.nlp.attribution_train import SUBFOLDER

    return (work / MODEL_LAST).exists() or (work / SUBFOLDER / MODEL_LAST).exists()


def _loop(nlp: Language, work: Path, done_before: int, max_steps: int, on_progress: Callable[[Progress], None] | None,
          cancelled: Callable[[], bool], settings: Mapping[str, Any], *, component: str = "ner",
          eval_frequency: int | None = None, checkpoints: Checkpoints | None = None,
          clock: Callable[[], float] = time.monotonic) -> tuple[int, Any]:
    """spaCy's training loop (:func:`spacy.training.loop.train`'s parts) with a checkpoint at
    every evaluation, progress after every step and the cancel flag checked between steps.
    The held-out evaluation (and its checkpoint) comes after every step whose number, counted
    over the whole run (a resumed run counts the steps done before), is a multiple of
    ``eval_frequency`` (default: the config's): 100, 150… whether or not the run was resumed
    (issue 10: a resumed run scored at 102, 152). ``checkpoints`` adds checkpoints between the
    evaluations (:meth:`Checkpoints.due`; ``clock``: seconds, monotonic). Returns the last step's
    number and the optimizer's parameter averages (the weights to keep)."""
    from spacy.schemas import ConfigSchemaTraining
    from spacy.training.loop import create_before_to_disk_callback, create_evaluation_callback, create_train_batches, train_while_improving
    from spacy.util import registry, resolve_dot_names

    config = nlp.config.interpolate()
    T = registry.resolve(config["training"], schema=ConfigSchemaTraining)
    train_corpus, dev_corpus = resolve_dot_names(config, [T["train_corpus"], T["dev_corpus"]])
    before_to_disk = create_before_to_disk_callback(T["before_to_disk"])
    optimizer = T["optimizer"]
    frozen = T["frozen_components"]
    every = max(1, int(eval_frequency or T["eval_frequency"]))
    evaluate = create_evaluation_callback(nlp, dev_corpus, T["score_weights"])
    random.seed(SEED)
    # spaCy's loop evaluates at its own step 0, n, 2n… of this run only; it is told never to
    # (its step 0 gets a free dummy score) and the evaluation is made here, on the run's step.
    never = max(T["max_steps"], 1) + 1
    steps_iter = train_while_improving(
        nlp, optimizer, create_train_batches(nlp, train_corpus, T["batcher"], T["max_epochs"]),
        lambda: (0.0, {}),
        dropout=T["dropout"], accumulate_gradient=T["accumulate_gradient"], patience=T["patience"],
        max_steps=T["max_steps"], eval_frequency=never, exclude=frozen,
        annotating_components=T["annotating_components"], before_update=T["before_update"],
    )
    step = done_before
    score: float | None = None
    loss_at_eval = 0.0  # spaCy's loss sum, at the last evaluation here (it no longer resets it)

    saved_step, saved_at = done_before, clock()  # the last checkpoint (the run's start counts as one)

    def checkpoint() -> None:
        nonlocal saved_step, saved_at
        with nlp.use_params(optimizer.averages):
            before_to_disk(nlp).to_disk(work / MODEL_LAST)
        _save_state(work, {**settings, "steps": step, "max_steps": max_steps})
        saved_step, saved_at = step, clock()

    for _batch, info, _is_best in steps_iter:
        step = done_before + info["step"] + 1
        loss = float(info["losses"].get(component, 0.0))
        if step % every == 0:
            with nlp.use_params(optimizer.averages):
                _weighted, other_scores = evaluate()
            # Not the weighted score: spaCy weighs in the frozen components' default score weights
            # (tag_acc, dep_uas… of a reference without tags: 0), so it reads far below the NER's F1.
            score = float(other_scores.get("ents_f") or 0.0)
            checkpoint()
        elif checkpoints is not None and step < max_steps and checkpoints.due(step - saved_step, clock() - saved_at):
            checkpoint()  # usertest17 L-f: a crash between evaluations loses at most this much
        if on_progress is not None:
            on_progress(Progress(step, max_steps, loss - loss_at_eval, score, component))
        if info["step"] == 0:  # spaCy resets its sum after its (dummy) step-0 evaluation
            loss_at_eval = 0.0 if step % every == 0 else -loss
        elif step % every == 0:
            loss_at_eval = loss
        if cancelled():
            checkpoint()
            what = "training" if component == "ner" else f"training of the {component} component"
            raise TrainingCancelled(f"{what} cancelled after step {step} of {max_steps}; the checkpoint is in "
                                    f"{work / MODEL_LAST}: run the same command again to continue")
        if step >= max_steps:
            break
    return step, optimizer.averages
