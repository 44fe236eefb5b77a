"""The training corpus of the attribution recogniser: a project's reviewed attributions as ``Doc``s.

An attribution in the project is a QUOTE span (its content; a discontinuous content is a first
piece tied to its later pieces by ``FRAGMENT`` relations, as the brat importer stores PolNeAR's
``Content 13 21;34 39``) with a SPEAKER relation to its source and a CUE relation to its cue
(docs/formats.md). The recogniser learns three labels over tokens, as in the PolNeAR/CofeNet
sequence-labelling work: ``CONTENT`` (every piece of a content is its own ``CONTENT`` entity),
``SOURCE`` (the spans of the speaker layer) and ``CUE`` (the spans of the cue layer); they are
the ``Doc``'s ``doc.ents`` (BILUO for spaCy's transition-based recogniser).

What counts (the same rules as the entity corpus of :mod:`annotator.nlp.train`):

* **complete** articles (status done or reviewed **and** at least one QUOTE, SPEAKER or CUE span
  an analyst accepted or rejected: :func:`annotator.nlp.train_rule.article_role`, the rule every
  component shares) with their *accepted* quote, speaker and cue spans; every other token is
  "outside" except the tokens of spans still suggested (missing). A done article with no decided
  span of these layers (e.g. a CoNLL document whose entities were reviewed) is left out, not read
  as "no attributions here", and counted in ``uncovered``;
* **partial** articles (any other status with an accepted or rejected QUOTE, SPEAKER or CUE):
  accepted spans only, every other token missing;
* **rejected** QUOTE spans are negatives: ``doc.spans[ATTRIBUTION_REJECTED]`` labelled
  ``CONTENT``, the recogniser's ``incorrect_spans_key``.

``doc.ents`` cannot overlap: where two spans overlap (nested attributions, a source inside
another attribution's content) the longer is kept (:func:`spacy.util.filter_spans`) and the
other is counted in the report's ``left_out`` ("overlaps a longer attribution span").
Spans are trimmed of surrounding white space first.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING

from annotator.domain.model import FRAGMENT, ArticleBundle, Layer, Status
from annotator.formats.common import ExportReport
from annotator.formats.spacy_tokens import aligned_doc, trim_whitespace
from annotator.nlp.attribution_components import CONTENT, CUE, SOURCE
from annotator.nlp.quotes_eval import Attribution
from annotator.nlp.train_rule import ATTRIBUTION_LAYERS, COMPLETE, PARTIAL, UNCOVERED, article_roles
from annotator.storage.project import Project

if TYPE_CHECKING:
    from spacy.tokens import Doc

ATTRIBUTION_LABELS = (CONTENT, SOURCE, CUE)
ATTRIBUTION_REJECTED = "attribution_rejected"  # the recogniser's incorrect_spans_key
LAYER_LABEL = {Layer.QUOTE: CONTENT, Layer.SPEAKER: SOURCE, Layer.CUE: CUE}
# noun phrases: train says "The attribution component was not trained on 2 × <reason>." (usertest31 L5)
OVERLAP = "accepted quote, speaker or cue spans overlapping a longer one (doc.ents cannot nest)"
BLANK = "accepted quote, speaker or cue spans of white space only"


@dataclasses.dataclass(slots=True)
class AttributionDocs:
    """``(text hash, Doc)`` of every article the recogniser learns from, with counts."""

    docs: list[tuple[str, Doc]]
    gold: list[list[Attribution]] = dataclasses.field(default_factory=list)  # per doc, accepted attributions
    complete: int = 0
    partial: int = 0
    uncovered: int = 0  # done articles with no decided QUOTE/SPEAKER/CUE span: left out
    accepted_quotes: int = 0
    report: ExportReport = dataclasses.field(default_factory=ExportReport)


#: a SPEAKER or CUE label on a span of the quote layer (a JSONL import may put them there) is that
#: part of the attribution, as ``annotator evaluate`` reads it by label (usertest13 F2: such a
#: project's held-out gold had no SOURCE/CUE, so every predicted speaker and cue scored 0.00)
QUOTE_LAYER_LABEL = {"QUOTE": CONTENT, "SPEAKER": SOURCE, "CUE": CUE}


def attribution_label(layer: str, label: str) -> str | None:
    """CONTENT, SOURCE or CUE for a span of ``layer`` with ``label``, or None when the span is no
    part of an attribution (another layer, or a quote-layer label that is not QUOTE/SPEAKER/CUE)."""
    if layer == Layer.QUOTE:
        return QUOTE_LAYER_LABEL.get(label)
    return LAYER_LABEL.get(Layer(layer)) if layer in LAYER_LABEL else None


def _quote_spans(bundle: ArticleBundle) -> bool:
    return any(s.layer == Layer.QUOTE and s.label == "QUOTE" for s in bundle.spans)


def attribution_doc(bundle: ArticleBundle, report: ExportReport, *, complete: bool) -> Doc:
    """The ``Doc`` of one article (see the module docstring): ``doc.ents`` CONTENT/SOURCE/CUE of
    the accepted spans, rejected QUOTEs in ``doc.spans[ATTRIBUTION_REJECTED]``. Offsets are
    code points into ``bundle.article.text``."""
    from spacy.tokens import Span as SpacySpan
    from spacy.util import filter_spans

    text = bundle.article.text
    # Every piece of a content is a QUOTE span of its own (FRAGMENT ties them): each is a CONTENT.
    wanted = [s for s in bundle.spans if attribution_label(s.layer, s.label) is not None]
    bounds = {s.id: trim_whitespace(text, s.start, s.end) for s in wanted}
    doc = aligned_doc(text, [b for b in bounds.values() if b is not None])
    accepted, suggested, rejected = [], [], []
    for span in wanted:
        b = bounds[span.id]
        if b is None:
            if span.status == Status.ACCEPTED:
                report.leave_out(BLANK)
            continue
        label = attribution_label(span.layer, span.label)
        piece = doc.char_span(b[0], b[1], label=label)
        if span.status == Status.ACCEPTED:
            accepted.append(piece)
        elif span.status == Status.REJECTED and label == CONTENT:
            rejected.append(piece)
        elif span.status not in (Status.ACCEPTED, Status.REJECTED):
            suggested.append(piece)
    kept = filter_spans(accepted)
    for _ in range(len(accepted) - len(kept)):
        report.leave_out(OVERLAP)
    report.spans += len(kept)
    if complete:
        covered = {i for s in kept for i in range(s.start, s.end)}
        missing = [SpacySpan(doc, s.start, s.end) for s in filter_spans(suggested) if not covered.intersection(range(s.start, s.end))]
        doc.set_ents(kept, missing=missing, default="outside")
    else:
        doc.set_ents(kept, default="missing")
    doc.spans[ATTRIBUTION_REJECTED] = rejected
    return doc


def fragment_count(bundle: ArticleBundle) -> int:
    """How many QUOTE pieces of ``bundle`` are later fragments of a discontinuous content."""
    return sum(1 for r in bundle.relations if r.label == FRAGMENT)


def attribution_docs(project: Project) -> AttributionDocs:
    """Every article with reviewed attributions (see the module docstring). ``accepted_quotes``
    0 means the project has no attributions to learn from."""
    out = AttributionDocs([])
    roles = article_roles(project, ATTRIBUTION_LAYERS)
    for article_id in project.article_ids():
        role = roles.get(article_id)
        if role == UNCOVERED:
            out.uncovered += 1
        if role not in (COMPLETE, PARTIAL):
            continue
        bundle = project.bundle(article_id)
        complete = role == COMPLETE
        out.accepted_quotes += sum(1 for s in bundle.spans
                                   if s.layer == Layer.QUOTE and s.label == "QUOTE" and s.status == Status.ACCEPTED)
        out.docs.append((bundle.article.text_hash, attribution_doc(bundle, out.report, complete=complete)))
        out.gold.append(gold_attributions(bundle))
        if complete:
            out.complete += 1
        else:
            out.partial += 1
    return out


def ents_of(doc: Doc) -> Sequence[tuple[int, int, str]]:
    """``(start char, end char, label)`` of ``doc.ents``."""
    return [(e.start_char, e.end_char, e.label_) for e in doc.ents]


def gold_attributions(bundle: ArticleBundle) -> list[Attribution]:
    """The accepted attributions of ``bundle`` as the scorer's :class:`Attribution`s: one per
    QUOTE that is not a later ``FRAGMENT`` piece, its pieces the QUOTE and its accepted
    ``FRAGMENT`` children in text order, its speaker and cue the children of its SPEAKER and CUE
    relations."""
    by_id = {s.id: s for s in bundle.spans if s.status == Status.ACCEPTED}
    links: dict[str, dict[str, list[str]]] = {}
    later: set[str] = set()
    for r in bundle.relations:
        if r.status == Status.REJECTED or r.head not in by_id or r.child not in by_id:
            continue
        links.setdefault(r.head, {}).setdefault(r.label, []).append(r.child)
        if r.label == FRAGMENT:
            later.add(r.child)
    out = []
    for span in by_id.values():
        if span.layer != Layer.QUOTE or span.label != "QUOTE" or span.id in later:
            continue
        own = links.get(span.id, {})
        pieces = sorted([(span.start, span.end)] + [(by_id[c].start, by_id[c].end) for c in own.get(FRAGMENT, [])])
        speaker = [by_id[c] for c in own.get("SPEAKER", [])]
        cue = [by_id[c] for c in own.get("CUE", [])]
        out.append(Attribution(
            content=(pieces[0][0], max(b for _, b in pieces)),
            speaker=(speaker[0].start, speaker[0].end) if speaker else None,
            cue=(cue[0].start, cue[0].end) if cue else None,
            parts=tuple(pieces) if len(pieces) > 1 else (),
        ))
    return sorted(out, key=lambda a: a.content)
