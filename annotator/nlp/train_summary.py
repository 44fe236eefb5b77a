"""What ``annotator train`` would train on, read from the project file without spaCy: the counts
the window's Train dialog shows before the analyst starts, by the one rule training uses
(:func:`annotator.nlp.train_rule.article_roles`: an article counts for a component when a span of
that component's layer was accepted or rejected; complete when it is also done or reviewed, partial
otherwise; a done article with nothing of the layer decided is not counted). Entities: accepted
entities count per label; attributions (QUOTE / SPEAKER / CUE layers): accepted spans count as
CONTENT / SOURCE / CUE, and the trained pipelines found beside a project (folders holding
``annotator-training.json``)."""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path

from annotator.domain.model import Layer, Status
from annotator.domain.words import plural
from annotator.nlp.train import (
    HELDOUT_PERCENT, MARKER, Split, conll_fold_note, split_articles, trained_at, unmapped_labels, unmapped_note,
)
from annotator.nlp.train_rule import ATTRIBUTION_LAYERS, COMPLETE, ENTITY_LAYERS, PARTIAL, article_roles, not_trained_line
from annotator.storage.project import Project


@dataclasses.dataclass(frozen=True, slots=True)
class TrainingSummary:
    """``labels``: entity label -> accepted entities in the reviewed articles; ``heldout``:
    how many reviewed articles the split holds out (by text hash, as training does);
    ``attributions``: CONTENT/SOURCE/CUE -> accepted spans in the articles with reviewed
    attributions (``attribution_articles`` of them), which train the attribution component."""

    complete: int
    partial: int
    labels: dict[str, int]
    heldout: int
    heldout_percent: int = HELDOUT_PERCENT
    attributions: dict[str, int] = dataclasses.field(default_factory=dict)
    attribution_articles: int = 0
    attribution_complete: int = 0  # of attribution_articles: done or reviewed (the rest: partial)
    attribution_heldout: int = 0  # of attribution_articles: held out by the same split as `train`
    # CONTENT/SOURCE/CUE -> the project's label of those spans, what `annotator stats` shows (QUOTE…)
    attribution_labels: dict[str, str] = dataclasses.field(default_factory=dict)
    near_duplicates: int = 0  # of heldout: articles with a near copy among the trained-on ones
    attribution_near_duplicates: int = 0  # the same of attribution_heldout
    # entity labels with accepted entities that the project's ner_map does not map to themselves
    # (preannotate would not suggest them; usertest16 M8: the dialog did not say so)
    unmapped: tuple[str, ...] = ()
    # the entities are CoNLL-2003's four and the ner_map keeps GPE, NORP… apart: the line naming
    # the command that folds them (train.conll_fold_note, usertest18 L4); "" otherwise
    conll_fold: str = ""

    @property
    def trains_entities(self) -> bool:
        """Whether ``train`` trains the entity recogniser (accepted entities in 2+ reviewed articles)."""
        return bool(self.labels) and self.articles >= 2

    @property
    def trains_attributions(self) -> bool:
        """Whether ``train`` trains the attribution component (accepted QUOTEs in 2+ reviewed articles)."""
        return bool(self.attributions.get("CONTENT")) and self.attribution_articles >= 2

    def describe(self) -> list[str]:
        """One sentence per component ``train`` would train, with the counts it will use: articles
        trained on and held out, and what counted as reviewed (README: done or reviewed
        articles, and elsewhere only the spans an analyst accepted or rejected)."""
        out = []
        if self.trains_entities:
            labels = ", ".join(f"{label} {count}" for label, count in self.labels.items())
            out.append(f"Entity recogniser: trains on {plural(self.articles - self.heldout, 'article')}, holds out "
                       f"{self.heldout} to score before and after; {reviewed_words(self.complete, self.partial, 'entities')}; "
                       f"accepted entities: {labels}.")
        if self.trains_attributions:
            names = {"CONTENT": "QUOTE", "SOURCE": "SPEAKER", "CUE": "CUE", **self.attribution_labels}
            # the project's labels (as `annotator stats` counts them), not the component's CONTENT/SOURCE
            counts = ", ".join(f"{names[label]} {count}" for label, count in self.attributions.items())
            partial = self.attribution_articles - self.attribution_complete
            out.append(f"Attribution component: trains on {n_articles(self.attribution_articles - self.attribution_heldout)}, "
                       f"holds out {self.attribution_heldout}; "
                       f"{reviewed_words(self.attribution_complete, partial, 'quotes, speakers or cues')}; accepted: {counts}.")
        # the component train leaves out while it trains the other, in train's words (usertest16 M5)
        if self.trains_attributions and not self.trains_entities:
            line = not_trained_line("Entity recogniser", "entities", self.articles, sum(self.labels.values()))
            out += [line + "."] if line else []
        if self.trains_entities and not self.trains_attributions:
            line = not_trained_line("Attribution component", "quotes", self.attribution_articles,
                                    self.attributions.get("CONTENT", 0))
            out += [line + "."] if line else []
        return out

    def warnings(self) -> list[str]:
        """The near-duplicate lines ``train`` will print (:meth:`annotator.nlp.train.Split.warning`),
        one per component trained whose held-out articles have near copies in training."""
        out = []
        if self.trains_entities and self.near_duplicates:
            out.append(Split([], list(range(self.heldout)), self.near_duplicates).warning("entity"))
        if self.trains_attributions and self.attribution_near_duplicates:
            out.append(Split([], list(range(self.attribution_heldout)), self.attribution_near_duplicates).warning("attribution"))
        if self.trains_entities and self.unmapped:  # the line train prints (unmapped_note), before Start
            out.append(unmapped_note(list(self.unmapped)))
        if self.trains_entities and self.conll_fold:  # as train says it before training
            out.append(self.conll_fold)
        return out

    def doubts(self) -> list[str]:
        """The "Too few held-out articles" lines (:func:`annotator.nlp.train.too_few_heldout`), one
        per component trained that will hold out fewer than ``MIN_HELDOUT`` articles: said before
        Start, as ``train`` says it after."""
        from annotator.nlp.train import too_few_heldout

        out = [too_few_heldout(self.heldout, "entity", ahead=True)] if self.trains_entities else []
        if self.trains_attributions:
            out.append(too_few_heldout(self.attribution_heldout, "attribution", ahead=True))
        return [line for line in out if line]

    @property
    def articles(self) -> int:
        return self.complete + self.partial

    def nothing_to_train_on(self) -> str:
        """Why training would refuse, or '' when it can start."""
        entities = bool(self.articles and self.labels)
        attributions = bool(self.attribution_articles and self.attributions.get("CONTENT"))
        if not entities and not attributions:
            return ("Nothing to train on yet: no accepted entities or quotes in reviewed articles. Mark articles "
                    "done (Ctrl+Return) or accept or reject their suggestions first.")
        if (not entities or self.articles < 2) and (not attributions or self.attribution_articles < 2):
            return "Only 1 reviewed article: training needs at least 2 (one is held out to score the result)."
        return ""


_SPLITS: dict[tuple[str, ...], Split] = {}  # text hashes in article order -> their split (the oldest of 8 dropped)


def training_summary(project: Project) -> TrainingSummary:
    """Counts of the reviewed data (see the module docstring), by the rule training uses
    (:func:`annotator.nlp.train_rule.article_roles`)."""
    roles = article_roles(project, ENTITY_LAYERS)
    rows = project.db.execute(
        "SELECT a.id, a.text_hash, s.label FROM articles a LEFT JOIN spans s "
        "ON s.article_id = a.id AND s.layer = ? AND s.status = ? ORDER BY a.id", [str(Layer.ENTITY), str(Status.ACCEPTED)])
    hashes: dict[int, str] = {}
    accepted: dict[int, Counter[str]] = {}
    for article_id, text_hash, label in rows:
        hashes[article_id] = text_hash
        if label is not None:
            accepted.setdefault(article_id, Counter())[label] += 1
    reviewed = [i for i in hashes if roles.get(i) in (COMPLETE, PARTIAL)]
    labels: Counter[str] = Counter()
    for i in reviewed:
        labels.update(accepted.get(i, Counter()))
    complete = sum(1 for i in reviewed if roles[i] == COMPLETE)
    reviewed_attr, complete_attr, attributions, names = _attribution_counts(project)
    # The split keeps near-duplicates together (split_articles), as train's does: it reads the
    # texts (0.7 s of CPU for 840 news articles), so a split is kept per set of text hashes and
    # the dialog's refreshes after an edit that changes no reviewed set cost one query.

    def split(ids: list[int]) -> Split:
        if len(ids) < 2:
            return Split([], [])
        key = tuple(hashes[i] for i in ids)
        if key not in _SPLITS:
            texts: dict[int, str] = {}
            for start in range(0, len(ids), 500):
                chunk = ids[start:start + 500]
                texts.update(project.db.execute(f"SELECT id, text FROM articles WHERE id IN ({','.join('?' * len(chunk))})", chunk))
            if len(_SPLITS) >= 8:
                _SPLITS.pop(next(iter(_SPLITS)))
            _SPLITS[key] = split_articles(list(key), [texts[i] for i in ids])
        return _SPLITS[key]

    entity_split = split(reviewed)
    attr_split = entity_split if sorted(reviewed_attr) == sorted(reviewed) else split(reviewed_attr)
    return TrainingSummary(complete, len(reviewed) - complete, dict(sorted(labels.items())), len(entity_split.heldout),
                           attributions=attributions, attribution_articles=len(reviewed_attr),
                           attribution_complete=complete_attr, attribution_heldout=len(attr_split.heldout),
                           attribution_labels=names, near_duplicates=entity_split.near_duplicates,
                           attribution_near_duplicates=attr_split.near_duplicates,
                           unmapped=tuple(unmapped_labels(sorted(labels), project.schema.ner_map)),
                           conll_fold=conll_fold_note(labels, project.schema.ner_map, project.path.name))


def n_articles(n: int, kind: str = "") -> str:
    """``n`` articles in words, singular for one: "1 article", "2 held-out articles"."""
    return f"{n} {kind + ' ' if kind else ''}article{'' if n == 1 else 's'}"


#: What a score cell says for a label with nothing to score it on (as the agreement views do)
NO_SCORE = "—"


def score_cells(scores: Mapping[str, float] | None, keys: Sequence[str] = ("p", "r", "f")) -> list[str]:
    """The table cells ("0.75") of ``scores``' ``keys``; :data:`NO_SCORE` each when ``scores`` is
    None (a label absent from the held-out articles), "" for a key it lacks."""
    if scores is None:
        return [NO_SCORE for _k in keys]
    return [f"{scores[k]:.2f}" if k in scores else "" for k in keys]


def resumed_words(run: object) -> str:
    """The words ' (resumed after step N)' of a resumed run (a :class:`TrainResult` or its
    :class:`AttributionRun`), ", the data changed since" when it resumed on changed data (a warm
    start: the line train said names what changed); '' when it was not resumed."""
    step = getattr(run, "resumed_from_step", 0)
    if not step:
        return ""
    return f" (resumed after step {step:,}{', the data changed since' if getattr(run, 'data_changed_on_resume', False) else ''})"


def run_words(run: object, what: str) -> str:
    """How the ``what`` ("entity", "attribution") run of ``run`` (a :class:`TrainResult` or its
    :class:`AttributionRun`) went, for the "Trained … on N articles, …" line: "300 steps (resumed
    after step 127), in 55 s", or, when it resumed from a checkpoint of its last step and trained
    none (a rerun after a Ctrl+C in the attribution run, usertest24 L3: it said "100 steps
    (resumed after step 100), in 55 s"), "entity run already done (checkpoint of step 100),
    re-scored in 55 s"."""
    step, steps = getattr(run, "resumed_from_step", 0), getattr(run, "steps", 0)
    seconds = float(getattr(run, "seconds", 0.0))
    if step and steps <= step:
        return f"{what} run already done (checkpoint of step {step:,}), re-scored in {seconds:.0f} s"
    return f"{plural(steps, 'step')}{resumed_words(run)}, in {seconds:.0f} s"


def before_words(run: object) -> str:
    """What the attribution table's "before" is: "the rules alone", or, when the base pipeline
    was itself trained with the attribution component (``base_trained``, usertest16 H3), that
    base's suggestions."""
    if getattr(run, "base_trained", False):
        return "the base pipeline (its rules, model and cue lexicon merged)"
    return "the rules alone"


def reviewed_words(complete: int, partial: int, what: str, left_out: int = 0) -> str:
    """What counted as training data, in words (the README's definition): ``complete`` articles
    marked done or reviewed, ``partial`` others where only the analyst's decisions on ``what``
    count (e.g. gold imported as accepted spans into articles nobody marked reviewed); ``left_out``
    done articles left out (:data:`annotator.nlp.train_rule.UNCOVERED`), said in the same line."""
    parts = []
    if complete:
        parts.append(f"{complete} marked done or reviewed (every unmarked word a negative)")
    if partial:
        parts.append(f"{partial} not marked done or reviewed, where only the accepted or rejected {what} count")
    if left_out:
        # usertest29 L1: said on the same line, not only in a note on stderr
        parts.append(f"{left_out} more marked done but not used: no {what} decided there and other layers "
                     f"reviewed, so \"done\" says nothing of its {what}")
    return "reviewed: " + ("; ".join(parts) if parts else "none")


def _attribution_counts(project: Project) -> tuple[list[int], int, dict[str, int], dict[str, str]]:
    """(ids of the articles with reviewed attributions in article order, how many of them are
    complete, CONTENT/SOURCE/CUE -> accepted spans in them, CONTENT/SOURCE/CUE -> the project's
    label of those spans, the most frequent when several), by the rules of
    :func:`annotator.nlp.attribution_corpus.attribution_docs`."""
    as_label = {str(Layer.QUOTE): "CONTENT", str(Layer.SPEAKER): "SOURCE", str(Layer.CUE): "CUE"}
    roles = article_roles(project, ATTRIBUTION_LAYERS)
    order = project.article_ids()
    reviewed_ids = [i for i in order if roles.get(i) in (COMPLETE, PARTIAL)]
    reviewed = set(reviewed_ids)
    rows = project.db.execute(
        "SELECT s.article_id, s.layer, s.label FROM spans s WHERE s.layer IN (?, ?, ?) AND s.status = ?",
        [*as_label, str(Status.ACCEPTED)])
    counts: Counter[str] = Counter()
    names: dict[str, Counter[str]] = {}
    for article_id, layer, label in rows:
        if article_id not in reviewed or (layer == str(Layer.QUOTE) and label != "QUOTE"):
            continue  # a CLAIM is not an attribution the component learns
        counts[as_label[layer]] += 1
        names.setdefault(as_label[layer], Counter())[label] += 1
    return (reviewed_ids, sum(1 for i in reviewed_ids if roles[i] == COMPLETE),
            {label: counts[label] for label in ("CONTENT", "SOURCE", "CUE") if counts[label]},
            {label: c.most_common(1)[0][0] for label, c in names.items()})


@dataclasses.dataclass(frozen=True, slots=True)
class TrainedPipeline:
    """A finished ``annotator train`` output: its folder, when it was trained ("2026-12-01 15:17
    UTC", :func:`annotator.nlp.train.trained_at`), the held-out entity F1 (micro, 0..1) before
    and after, and the labels trained."""

    path: Path
    written: str
    f1_before: float | None
    f1_after: float | None
    labels: tuple[str, ...]
    attribution_before: float | None = None  # held-out all-attributions F1 (0..1), rules alone
    attribution_after: float | None = None  # rules and the trained component merged
    project: str | None = None  # the project file it was trained on (its marker's "project"), None: unknown

    def trained_on(self, project: Path | None) -> bool:
        """Whether it was trained on ``project`` (compared resolved)."""
        if project is None or not self.project:
            return False
        try:
            return Path(self.project).resolve() == Path(project).resolve()
        except OSError:
            return False

    def worse(self) -> bool:
        """Whether it scored worse after training than before on its held-out articles: entity F1
        (all entities) or all-attributions F1 fell (the first lines of ``train``'s warnings), as the
        line shows them (two decimals: "0.68 → 0.68" is not called worse)."""
        return any(b is not None and a is not None and round(a, 2) < round(b, 2)
                   for b, a in ((self.f1_before, self.f1_after), (self.attribution_before, self.attribution_after)))

    def describe(self, project: Path | None = None) -> str:
        """One line for Preferences (" · worse than before training" when :meth:`worse`). With ``project`` (the project open), which project it was
        trained on: "this project", "on c1.db" or "project unknown" (usertest16 M3: pipelines
        trained on other projects in the same folder were listed as if this project's)."""
        scores = (f" · F1 {self.f1_before:.2f} → {self.f1_after:.2f}"
                  if self.f1_before is not None and self.f1_after is not None else "")
        if self.attribution_before is not None and self.attribution_after is not None:
            scores += f" · attributions F1 {self.attribution_before:.2f} → {self.attribution_after:.2f}"
        if self.worse():  # usertest17 L-i: listed like the others
            scores += " · worse than before training"
        whose = ""
        if project is not None:
            whose = (" · this project" if self.trained_on(project)
                     else f" · on {Path(self.project).name}" if self.project else " · project unknown")
        return f"Trained: {self.path.name}{whose} · {self.written}{scores}"


def own_first(pipelines: Sequence[TrainedPipeline], project: Path | None) -> list[TrainedPipeline]:
    """``pipelines`` with those trained on ``project`` first, each side in its order (newest
    first from :func:`trained_pipelines`)."""
    return sorted(pipelines, key=lambda t: not t.trained_on(project))


def read_trained(path: Path) -> TrainedPipeline:
    """The training output ``path`` (a folder holding train's marker file) as
    :func:`trained_pipelines` lists it; a marker that cannot be read gives no scores."""
    return _read_trained(path)[1]


def _read_trained(path: Path) -> tuple[float, TrainedPipeline]:
    """(the marker's time, for the newest-first order; the pipeline) of ``path``."""
    try:
        info = json.loads((path / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        info = {}
    # the date train's refusal names too (the marker's, not the folder's: a copy keeps it)
    mtime, written = trained_at(path, info)
    before = (info.get("before") or {}).get("ALL", {}).get("f")
    after = (info.get("after") or {}).get("ALL", {}).get("f")
    run = info.get("attribution") or {}
    # all attributions F1 by the project's scorer: what an attribution-only pipeline shows
    attr_before = ((run.get("before") or {}).get("attribution") or {}).get("f")
    attr_after = ((run.get("after") or {}).get("attribution") or {}).get("f")
    return mtime, TrainedPipeline(path.resolve(), written, before, after, tuple(info.get("labels") or ()),
                                  attr_before, attr_after, info.get("project") or None)


def trained_pipelines(folder: Path) -> list[TrainedPipeline]:
    """The training outputs directly inside ``folder`` (a project's folder), newest first, each
    folder once (compared resolved: a symbolic link to one is that one). A marker file that
    cannot be read is listed without scores (the folder may still load)."""
    found = []
    try:
        # real folders before symbolic links, so a link to a folder listed already is left out
        candidates = sorted((p for p in folder.iterdir() if p.is_dir() and (p / MARKER).is_file()),
                            key=lambda p: (p.is_symlink(), p.name))
    except OSError:
        return []
    seen: set[Path] = set()
    for path in candidates:
        if path.resolve() in seen:  # the same pipeline through a symbolic link (issue 10: listed twice)
            continue
        seen.add(path.resolve())
        found.append(_read_trained(path))
    return [t for _m, t in sorted(found, key=lambda pair: -pair[0])]
