"""How unsure a pipeline's recognisers are about an article: the key of active ordering (issue 10).

**Measure.** spaCy's transition-based :class:`~spacy.pipeline.EntityRecognizer` can parse with a
beam (``ner.beam_parse(docs, beam_width)``); ``ner.scored_ents(beams)`` turns the beam into the
marginal probability ``p`` of every candidate entity ``(start, end, label)``: the share of the
beam's probability mass whose parse contains it. This is what Prodigy's ``ner.teach`` recipe
scores its candidates with (one entity at a time, uncertain ones first).

For one candidate, the two outcomes the analyst decides between are "this is a LABEL" (``p``) and
"it is not" (``1 − p``); their **margin** is ``|p − (1 − p)| = |2p − 1|``, and the candidate's
uncertainty is ``1 − |2p − 1|`` (margin sampling: Scheffer, Decomain & Wrobel 2001; Settles,
*Active Learning Literature Survey*, 2009, §3.1; for two outcomes it ranks as least confidence
and entropy do). Candidates of one recogniser over overlapping tokens are one **decision**
('Clinton' or 'Hillary Clinton', PERSON or ORG, is one correction); a decision's uncertainty is
its most uncertain candidate's. An article's uncertainty is the **mean of its** :data:`TOP_K`
**most uncertain decisions** (an article with fewer decisions counts the missing ones as sure, 0):

    ``uncertainty = (1/K) · Σ of the K largest decision uncertainties``  (0..1; 1 = K coin flips)

Why not the max over candidates (what this was until usertest24 M2): a long article has so many
candidates that one of them is nearly always a coin flip, so the max saturates: on 10 FNC-1
bodies 6 scored 0.976–0.994 while the one with the most wrong suggestions scored 0.641 (lowest),
and on 44 PolNeAR-dev articles (a pipeline trained on attributions) 24 of 44 were in the top
band (0.96–1.00). Nor the plain mean over every candidate (or every suggestion): the many sure names of a
long article, and the beam's near-zero noise, pull it down, so short articles came first
(Spearman with article length −0.71 on those 44). Nor a sum or whole-sequence least confidence,
which grow with length (Settles & Craven, *An Analysis of Active Learning Strategies for
Sequence Labeling Tasks*, EMNLP 2008, discuss both effects). The mean of the top K asks how
much doubt an article holds in the few decisions the analyst would correct first; it reaches 1
only with K coin flips, and an article of 90 words with one doubtful name no longer outranks
one of 500 with five. Measured with ``python -m benchmarks.uncertainty_order`` (README, "Active
ordering"): on those 44 the scores spread over 0.14–0.97 (standard deviation 0.175, was 0.129;
1 of 44 in the top band, 14 bands used, was 8), and their Spearman correlation with the number
of suggestions gold does not bear out went +0.33 (max) → +0.35, per 100 words +0.07 → +0.19;
on the 10 FNC-1 bodies, with the usertest's count of wrong suggestions, −0.44 → +0.07.
Candidates below :data:`MIN_PROBABILITY` are the beam's noise (every label of every token gets a
sliver) and are left out; an article with no candidate left is one the model is sure of (0.0).

Only candidates whose label the project uses count (``labels``: the model's labels that the
project's ``ner_map`` maps to a project label): doubt about a DATE does not matter to a project
without dates.

**Which recognisers.** Every transition-based recogniser of the pipeline counts (see
:data:`SCORED_COMPONENTS`): the entity recogniser ``ner`` and, in a pipeline trained by
``annotator train`` on attributions, the learned attribution component ``attribution`` (a spaCy
``ner`` over CONTENT/SOURCE/CUE, :mod:`annotator.nlp.attribution_components`). Its candidates
take the same margin over its own beam (Settles 2009, §3.1) and are decisions of their own, their label
prefixed ``attribution:`` (``attribution:CONTENT``) so they never mix with an entity label; they
count when the project's schema has a label of the layer the label stands for (CONTENT: quote,
SOURCE: speaker, CUE: cue). So a project of attributions alone is ordered by the attribution
component's doubts, and one of entities alone by the entity recogniser's.

Both recognisers are beam-parsed on a copy of the doc with every token's entity *missing*
(:func:`score_docs`): a spaCy recogniser keeps preset entities, so a doc that has been through
the whole pipeline (pre-annotation scores the doc it already parsed) would otherwise score its
own greedy answer as certain.

**Order: how much there is to teach breaks the ties.** Two articles whose uncertainties
differ by less than :data:`TIE_STEP` (0.05) hold about as much doubt, and the one that holds
*more* doubtful decisions teaches more. So :func:`order_by_uncertainty` sorts by the
uncertainty in steps of :data:`TIE_STEP` from 1.0 down, as shown to two decimals (1.00-0.96,
0.95-0.91, ...: :func:`tie_band`), then by the article's **doubtful decisions**
(:func:`doubtful_decisions`: decisions with uncertainty at least :data:`DOUBT_BOUND`, i.e. a
margin of at most 0.5, ``0.25 <= p <= 0.75``), then by the uncertainty itself. Counting the
uncertain parts of a sequence, so that one with more of them comes first, is the
total-token-entropy idea of Settles & Craven 2008 (their TTE sums token entropies); here it only
orders articles whose uncertainties tie, and a long article's many sure names add nothing.

A pipeline with none of them able to beam-parse (the rule-only pipeline) has no usable scores:
:func:`pipeline_can_score` says so and the caller keeps the order it has.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

BEAM_WIDTH = 16  # Prodigy's ner.teach default beam width; 16 parses are enough for marginals to 1/16 steps and finer
MIN_PROBABILITY = 0.01  # below: beam noise, not a candidate an analyst would be shown
BATCH_SIZE = 16
# A candidate is a doubtful decision at this uncertainty or above: margin <= 0.5, 0.25 <= p <= 0.75
# (at least a quarter of the beam's mass on the other answer). On 60 FNC-1 bodies the top 15
# articles held 1-3 such decisions (default pipeline) and 3-6 (one trained on attributions).
DOUBT_BOUND = 0.5
# How many of an article's most uncertain decisions its uncertainty averages (module docstring):
# about the corrections an analyst makes in one reading. Of 1, 3, 5 and 10 on 44 PolNeAR-dev
# articles, 5 used the most bands (14; 1 is the old max: 8, 24 articles in the top one) with the
# least lean to long articles (Spearman with words +0.25; 3: +0.29, 10: +0.35, the max +0.33)
TOP_K = 5
# What the stored scores were computed with: part of the cache key, so that scores of the old
# measure (the max over candidates) are computed again, not mixed with new ones
MEASURE = "top5"
# Uncertainties closer than this are a tie, broken by the doubtful decisions (module docstring)
TIE_STEP = 0.05

Candidate = tuple[int, int, str]  # token start, token end (exclusive), label
Scorer = Callable[[Sequence[str]], list[Mapping[Candidate, float]]]  # texts -> each text's candidate probabilities

ENTITY_COMPONENT = "ner"
ATTRIBUTION_COMPONENT = "attribution"  # annotator.nlp.attribution_train.COMPONENT (not imported: it loads spaCy)
SCORED_COMPONENTS = (ENTITY_COMPONENT, ATTRIBUTION_COMPONENT)  # pipe name -> its candidates count, in this order
ATTRIBUTION_PREFIX = "attribution:"  # label prefix of the attribution component's candidates
# The attribution component's labels (annotator.nlp.attribution_corpus.LAYER_LABEL) by the layer they stand for
ATTRIBUTION_LAYER_LABEL = {"quote": "CONTENT", "speaker": "SOURCE", "cue": "CUE"}

NO_SCORES = ("the language pipeline has neither an entity recogniser nor an attribution component with scores (rules only), so the "
             "articles keep their order; choose a trained pipeline in Edit → Preferences")
# The same for the command line, which reads --model, else the project's Preferences choice (pipeline_use.cli_choice)
NO_SCORES_CLI = ("the language pipeline has neither an entity recogniser nor an attribution component with scores (rules only), so the "
                 "articles keep their order; give --model with a trained pipeline folder (`annotator train`), or "
                 "choose one for the project in Edit → Preferences, which the command line reads when --model is left out")


def candidate_uncertainty(p: float) -> float:
    """``1 − |2p − 1|`` for a candidate of marginal probability ``p`` (0..1): 1 at p = 0.5,
    0 at p = 0 or 1 (one minus the margin between 'is' and 'is not', see the module docstring)."""
    return 1.0 - abs(2.0 * min(max(p, 0.0), 1.0) - 1.0)


def decision_uncertainties(scores: Mapping[Candidate, float], labels: Collection[str] | None = None,
                           min_probability: float = MIN_PROBABILITY) -> list[float]:
    """The uncertainty (0..1) of each decision of an article, largest first: its candidates
    ``scores`` (``{(start, end, label): p}``, as ``EntityRecognizer.scored_ents`` gives them)
    with ``p >= min_probability`` and, when ``labels`` is given, a label in it, grouped into
    stretches of overlapping token ranges per recogniser (entity, or attribution:
    :data:`ATTRIBUTION_PREFIX`); a stretch's uncertainty is the largest
    :func:`candidate_uncertainty` in it."""
    spans: dict[bool, list[tuple[int, int, float]]] = {}
    for (start, end, label), p in scores.items():
        if p >= min_probability and (labels is None or label in labels):
            spans.setdefault(label.startswith(ATTRIBUTION_PREFIX), []).append((start, end, candidate_uncertainty(p)))
    out: list[float] = []
    for ranges in spans.values():
        reach: int | None = None  # the end of the stretch of overlapping candidates being read
        for start, end, value in sorted(ranges):
            if reach is None or start >= reach:
                out.append(value)
                reach = end
            else:
                out[-1] = max(out[-1], value)
                reach = max(reach, end)
    return sorted(out, reverse=True)


def article_uncertainty(scores: Mapping[Candidate, float], labels: Collection[str] | None = None,
                        min_probability: float = MIN_PROBABILITY, top_k: int = TOP_K) -> float:
    """An article's uncertainty (0..1) from its candidates' marginal probabilities ``scores``
    (``{(start, end, label): p}``): the mean of its ``top_k`` largest
    :func:`decision_uncertainties` (candidates with ``p >= min_probability`` and, when
    ``labels`` is given, a label in it), missing ones counted 0; 0.0 when there is none (module
    docstring: margin sampling, Settles 2009 §3.1, averaged over the top K decisions)."""
    top = decision_uncertainties(scores, labels, min_probability)[:top_k]
    return sum(top) / top_k if top_k > 0 else 0.0


def doubtful_decisions(scores: Mapping[Candidate, float], labels: Collection[str] | None = None,
                       bound: float = DOUBT_BOUND) -> int:
    """How many doubtful decisions an article holds (an int >= 0): its candidates with
    :func:`candidate_uncertainty` at least ``bound`` (and, when ``labels`` is given, a label in
    it), those of one recogniser (entity, or attribution: :data:`ATTRIBUTION_PREFIX`) whose
    token ranges overlap counted once, as the analyst makes one correction of them."""
    spans: dict[bool, list[tuple[int, int]]] = {}
    for (start, end, label), p in scores.items():
        if candidate_uncertainty(p) >= bound and (labels is None or label in labels):
            spans.setdefault(label.startswith(ATTRIBUTION_PREFIX), []).append((start, end))
    count = 0
    for ranges in spans.values():
        reach = None  # the end of the stretch of overlapping candidates being counted
        for start, end in sorted(ranges):
            if reach is None or start >= reach:
                count, reach = count + 1, end
            else:
                reach = max(reach, end)
    return count


def article_doubt(scores: Mapping[Candidate, float], labels: Collection[str] | None = None) -> tuple[float, int]:
    """``(uncertainty, doubtful decisions)`` of an article: :func:`article_uncertainty` and
    :func:`doubtful_decisions` of its candidates ``scores``."""
    return article_uncertainty(scores, labels), doubtful_decisions(scores, labels)


def _can_beam_parse(nlp: Any, name: str) -> bool:
    pipe = nlp.get_pipe(name)
    return callable(getattr(pipe, "beam_parse", None)) and callable(getattr(pipe, "scored_ents", None))


def scored_components(nlp: Any) -> list[str]:
    """The names of ``nlp``'s components whose candidates count (:data:`SCORED_COMPONENTS` that
    it has and that can beam-parse), in pipeline order; [] for the rule-only pipeline."""
    names = list(getattr(nlp, "pipe_names", None) or ())
    return [n for n in names if n in SCORED_COMPONENTS and _can_beam_parse(nlp, n)]


def pipeline_can_score(nlp: Any) -> bool:
    """Whether ``nlp`` (a spaCy ``Language``) has an entity or attribution recogniser that can beam-parse."""
    return bool(scored_components(nlp))


def _without_entities(doc: Doc) -> Doc:
    """A copy of ``doc`` (parse, sentence starts and tensor kept) whose tokens' entity is missing."""
    bare = doc.copy()
    bare.set_ents([], default="missing")
    return bare


def score_docs(nlp: Language, docs: Sequence[Doc], beam_width: int = BEAM_WIDTH) -> list[dict[Candidate, float]]:
    """Each doc's candidates ``{(token start, token end, label): p}`` from every scored component
    (:func:`scored_components`), the attribution component's labels prefixed
    :data:`ATTRIBUTION_PREFIX`. ``docs`` must have been through at least the components before
    the first scored one (their sentence starts bound the recognisers' moves); they may have been
    through the whole pipeline, as in pre-annotation: the recognisers read copies without
    entities, ``docs`` themselves are not changed. Raises ``ValueError`` when ``nlp`` cannot
    score."""
    components = scored_components(nlp)
    if not components:
        raise ValueError(NO_SCORES)
    out: list[dict[Candidate, float]] = [{} for _ in docs]
    if not docs:
        return out
    bare = [_without_entities(doc) for doc in docs]
    for name in components:
        pipe = nlp.get_pipe(name)
        prefix = ATTRIBUTION_PREFIX if name == ATTRIBUTION_COMPONENT else ""
        for scores, found in zip(out, pipe.scored_ents(pipe.beam_parse(bare, beam_width=beam_width)), strict=True):
            scores.update(((start, end, prefix + label), p) for (start, end, label), p in found.items())
    return out


def beam_scorer(nlp: Language, beam_width: int = BEAM_WIDTH) -> Scorer:
    """The scorer of a spaCy pipeline: the components before the first scored one run as usual,
    then :func:`score_docs`. All of them, not only an embedding ``ner`` might listen to: the
    recogniser's moves respect the sentence starts the parser and the line rule set, so without
    them the candidates differ from the suggestions the analyst sees (measured on 60 PolNeAR
    articles: median uncertainty 0.65 instead of 0.84). It costs about half the speed of plain
    ``nlp.pipe`` (573–675 against 1,072–1,373 words/s on 2 busy CPUs).
    Raises ``ValueError`` when ``nlp`` cannot score (see :func:`pipeline_can_score`)."""
    components = scored_components(nlp)
    if not components:
        raise ValueError(NO_SCORES)
    names = list(nlp.pipe_names)
    before = set(names[:names.index(components[0])])

    def score(texts: Sequence[str]) -> list[Mapping[Candidate, float]]:
        docs = list(nlp.pipe(texts, disable=[n for n in names if n not in before]))
        return list(score_docs(nlp, docs, beam_width))

    return score


def model_labels(ner_map: Mapping[str, str], project_labels: Collection[str], project_layers: Collection[str] = ()) -> set[str]:
    """The model's labels that count: the entity labels the project's ``ner_map`` maps to a label
    it has, and the attribution labels (prefixed) of the layers it has (``project_layers``:
    quote, speaker, cue; see the module docstring)."""
    counted = {model for model, ours in ner_map.items() if ours in project_labels}
    return counted | {ATTRIBUTION_PREFIX + label for layer, label in ATTRIBUTION_LAYER_LABEL.items() if layer in project_layers}


def uncertainties(scorer: Scorer, texts: Iterable[tuple[int, str]], *, labels: Collection[str] | None = None,
                  batch_size: int = BATCH_SIZE) -> Iterator[tuple[int, float]]:
    """``(article id, uncertainty)`` for every ``(article id, text)``, in order, scored in batches
    (a caller stops early by not reading on)."""
    for article_id, uncertainty, _doubtful in doubts(scorer, texts, labels=labels, batch_size=batch_size):
        yield article_id, uncertainty


def doubts(scorer: Scorer, texts: Iterable[tuple[int, str]], *, labels: Collection[str] | None = None,
           batch_size: int = BATCH_SIZE) -> Iterator[tuple[int, float, int]]:
    """``(article id, uncertainty, doubtful decisions)`` (:func:`article_doubt`) for every
    ``(article id, text)``, in order, scored in batches (a caller stops early by not reading on)."""
    batch: list[tuple[int, str]] = []

    def flush() -> Iterator[tuple[int, float, int]]:
        for (article_id, _text), scores in zip(batch, scorer([t for _i, t in batch]), strict=True):
            yield (article_id, *article_doubt(scores, labels))
        batch.clear()

    for item in texts:
        batch.append(item)
        if len(batch) >= batch_size:
            yield from flush()
    if batch:
        yield from flush()


def pipeline_key(name: str, version: str, source: str, components: Sequence[str] = ()) -> str:
    """What the cache keys a score by: the pipeline's name and version (a trained pipeline's
    version is the time of its run), where it was loaded from, and the components whose
    candidates were scored (``ner``, ``attribution``): a score without the attribution
    component's doubts is not one with them; then the measure (:data:`MEASURE`), so that scores
    stored by an older measure are computed again."""
    key = f"{name} {version} | {source}".strip()
    # the measure after the components: a score of the old measure (the max, no tag) is not reused
    return f"{key} | {'+'.join(components)} {MEASURE}" if components else key


def source_of_key(key: str) -> str:
    """Where the pipeline of a :func:`pipeline_key` was loaded from ('' when the key has none)."""
    parts = key.split(" | ")
    return parts[1].strip() if len(parts) > 1 else ""


def tie_band(uncertainty: float, step: float = TIE_STEP) -> int:
    """The band of ``uncertainty`` (0..1) counted from the top, by its value as shown (two
    decimals): with the default ``step``, 0 for 1.00-0.96, 1 for 0.95-0.91, ...; scores in one
    band tie for :func:`order_by_uncertainty`."""
    shown = round(min(max(uncertainty, 0.0), 1.0), 2)  # two rows reading "0.95" are in one band
    # the epsilon: 1 - 0.9 is 0.0999...98 in floating point, and 0.90 starts the band below 0.91
    return math.floor((1.0 - shown) / step + 1e-9)


def band_label(uncertainty: float, step: float = TIE_STEP) -> str:
    """The :func:`tie_band` of ``uncertainty`` as shown beside a doubtful count: "0.96–1.00",
    "0.91–0.95", … (two decimals, the band's lowest and highest shown value; "0.01–0.05" at the
    bottom, and "0.00" alone for an uncertainty of 0). Rows ordered by band then doubtful decisions read in order when the band, not the
    exact score, is shown first (usertest17: "1.00, 0.98, 0.96, 1.00" read as unsorted)."""
    band = tie_band(uncertainty, step)
    high = max(0.0, 1.0 - band * step)
    low = max(0.0, high - step + 0.01)
    return f"{high:.2f}" if high - low < 0.005 else f"{low:.2f}–{high:.2f}"


def uncertainty_words(uncertainty: float, doubtful: int | None) -> str:
    """How an article's uncertainty (0..1) reads wherever it is shown — the window's article list
    while ordered by it, and ``annotator next`` (ui32: one function for both, never two copies):
    the order's two keys, its :func:`band_label` and its ``doubtful`` decisions ("0.46–0.50 · 3
    doubtful"); for a score stored without a count (``doubtful`` None) the score to two decimals
    ("0.47"). The exact score is not in it: the list's tooltip and ``next``'s brackets give it."""
    return f"{uncertainty:.2f}" if doubtful is None else f"{band_label(uncertainty)} · {doubtful:,} doubtful"


def order_by_uncertainty(ids: Sequence[int], scores: Mapping[int, float], doubtful: Mapping[int, int] | None = None) -> list[int]:
    """``ids`` with the scored ones first, most uncertain first, then the unscored ones in their
    given order. Most uncertain first: by :func:`tie_band` of the score (uncertainties within
    :data:`TIE_STEP` tie), then most doubtful decisions first (``doubtful``: article id -> count;
    an article without one counts 0), then the higher score, then the given order (module
    docstring: the ties at the top are broken by how much there is to teach)."""
    position = {article_id: i for i, article_id in enumerate(ids)}
    count = doubtful or {}
    scored = sorted((i for i in ids if i in scores),
                    key=lambda i: (tie_band(scores[i]), -count.get(i, 0), -scores[i], position[i]))
    return scored + [i for i in ids if i not in scores]
