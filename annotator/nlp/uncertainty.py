"""How unsure the entity recogniser is about an article: the key of active ordering (issue 10).

**Measure.** spaCy's transition-based :class:`~spacy.pipeline.EntityRecognizer` can parse with a
beam (``ner.beam_parse(docs, beam_width)``); ``ner.scored_ents(beams)`` turns the beam into the
marginal probability ``p`` of every candidate entity ``(start, end, label)``: the share of the
beam's probability mass whose parse contains it. This is what Prodigy's ``ner.teach`` recipe
scores its candidates with (one entity at a time, uncertain ones first).

For one candidate, the two outcomes the analyst decides between are "this is a LABEL" (``p``) and
"it is not" (``1 − p``); their **margin** is ``|p − (1 − p)| = |2p − 1|``. Margin sampling
(Scheffer, Decomain & Wrobel 2001; Settles, *Active Learning Literature Survey*, 2009, §3.1)
asks first about the instance with the smallest margin. An article's uncertainty is

    ``uncertainty = max over candidates of (1 − |2p − 1|)``  (0..1; 1 = a coin flip)

i.e. one minus its smallest margin. Why the max, not the mean: an analyst corrects one decision at
a time, and the article holding the closest-to-a-coin-flip entity holds the correction that teaches
the model most; a mean would let a long article's many sure names hide its one doubtful one, and a
sum (or whole-sequence least confidence, ``1 − P(best parse)``) grows with the article's length.
Candidates below :data:`MIN_PROBABILITY` are the beam's noise (every label of every token gets a
sliver) and are left out; an article with no candidate left is one the model is sure of (0.0).

Only candidates whose label the project uses count (``labels``: the model's labels that the
project's ``ner_map`` maps to a project label): doubt about a DATE does not matter to a project
without dates.

A pipeline without an ``ner`` component that can beam-parse (the rule-only pipeline) has no
usable scores: :func:`pipeline_can_score` says so and the caller keeps the order it has.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language

BEAM_WIDTH = 16  # Prodigy's ner.teach default beam width; 16 parses are enough for marginals to 1/16 steps and finer
MIN_PROBABILITY = 0.01  # below: beam noise, not a candidate an analyst would be shown
BATCH_SIZE = 16

Candidate = tuple[int, int, str]  # token start, token end (exclusive), label
Scorer = Callable[[Sequence[str]], list[Mapping[Candidate, float]]]  # texts -> each text's candidate probabilities

NO_SCORES = ("the language pipeline has no entity recogniser with scores (rules only), so the articles keep "
             "their order; choose a trained pipeline in Edit → Preferences")


def candidate_uncertainty(p: float) -> float:
    """``1 − |2p − 1|`` for a candidate of marginal probability ``p`` (0..1): 1 at p = 0.5,
    0 at p = 0 or 1 (one minus the margin between 'is' and 'is not', see the module docstring)."""
    return 1.0 - abs(2.0 * min(max(p, 0.0), 1.0) - 1.0)


def article_uncertainty(scores: Mapping[Candidate, float], labels: Collection[str] | None = None,
                        min_probability: float = MIN_PROBABILITY) -> float:
    """An article's uncertainty (0..1) from its candidates' marginal probabilities ``scores``
    (``{(start, end, label): p}``, as ``EntityRecognizer.scored_ents`` gives them): the largest
    :func:`candidate_uncertainty` over candidates with ``p >= min_probability`` and, when
    ``labels`` is given, a label in it; 0.0 when there is none."""
    values = [candidate_uncertainty(p) for (_s, _e, label), p in scores.items()
              if p >= min_probability and (labels is None or label in labels)]
    return max(values, default=0.0)


def pipeline_can_score(nlp: Any) -> bool:
    """Whether ``nlp`` (a spaCy ``Language``) has an ``ner`` that can beam-parse."""
    names = getattr(nlp, "pipe_names", None)
    if not names or "ner" not in names:
        return False
    ner = nlp.get_pipe("ner")
    return callable(getattr(ner, "beam_parse", None)) and callable(getattr(ner, "scored_ents", None))


def beam_scorer(nlp: Language, beam_width: int = BEAM_WIDTH) -> Scorer:
    """The scorer of a spaCy pipeline: the components before ``ner`` run as usual, then
    ``ner.beam_parse`` and ``ner.scored_ents``. All of them, not only an embedding ``ner`` might
    listen to: the entity recogniser's moves respect the sentence starts the parser and the line
    rule set, so without them the candidates differ from the suggestions the analyst sees
    (measured on 60 PolNeAR articles: median uncertainty 0.65 instead of 0.84). It costs about half
    the speed of plain ``nlp.pipe`` (573–675 against 1,072–1,373 words/s on 2 busy CPUs).
    Raises ``ValueError`` when ``nlp`` cannot score (see :func:`pipeline_can_score`)."""
    if not pipeline_can_score(nlp):
        raise ValueError(NO_SCORES)
    ner = nlp.get_pipe("ner")
    names = list(nlp.pipe_names)
    before = set(names[:names.index("ner")])

    def score(texts: Sequence[str]) -> list[Mapping[Candidate, float]]:
        docs = list(nlp.pipe(texts, disable=[n for n in names if n not in before]))
        return list(ner.scored_ents(ner.beam_parse(docs, beam_width=beam_width)))

    return score


def model_labels(ner_map: Mapping[str, str], project_labels: Collection[str]) -> set[str]:
    """The model's labels that count: those the project's ``ner_map`` maps to a label it has."""
    return {model for model, ours in ner_map.items() if ours in project_labels}


def uncertainties(scorer: Scorer, texts: Iterable[tuple[int, str]], *, labels: Collection[str] | None = None,
                  batch_size: int = BATCH_SIZE) -> Iterator[tuple[int, float]]:
    """``(article id, uncertainty)`` for every ``(article id, text)``, in order, scored in batches
    (a caller stops early by not reading on)."""
    batch: list[tuple[int, str]] = []

    def flush() -> Iterator[tuple[int, float]]:
        for (article_id, _text), scores in zip(batch, scorer([t for _i, t in batch]), strict=True):
            yield article_id, article_uncertainty(scores, labels)
        batch.clear()

    for item in texts:
        batch.append(item)
        if len(batch) >= batch_size:
            yield from flush()
    if batch:
        yield from flush()


def pipeline_key(name: str, version: str, source: str) -> str:
    """What the cache keys a score by: the pipeline's name and version (a trained pipeline's
    version is the time of its run) and where it was loaded from."""
    return f"{name} {version} | {source}".strip()


def order_by_uncertainty(ids: Sequence[int], scores: Mapping[int, float]) -> list[int]:
    """``ids`` with the scored ones first, most uncertain first (ties: in their given order), then
    the unscored ones in their given order."""
    position = {article_id: i for i, article_id in enumerate(ids)}
    scored = sorted((i for i in ids if i in scores), key=lambda i: (-scores[i], position[i]))
    return scored + [i for i in ids if i not in scores]

