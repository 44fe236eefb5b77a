"""Score one project's annotations (usually the machine's suggestions) against another's (gold).

Articles are paired by text hash. Spans are scored per label, exactly and by overlap; quotes are
scored as attributions (content, speaker, cue) with the quote scorer's rule: a predicted quote
matches a gold one when their contents overlap by at least half the gold content, one-to-one.
The scoring itself lives in :mod:`annotator.nlp.quotes_eval`; this module turns stored spans and
relations into its inputs and sums the results over articles.

Gold attributions are read from either structure:

* ours: a QUOTE span with SPEAKER and CUE relations to its speaker and cue spans (quote parts
  that share one CUE span, as in ``"A," she said, "B."``, form one attribution);
* brat events (e.g. PolNeAR): a trigger span with relations labelled ``Content``, ``Source`` and
  ``Cue`` to its argument spans. Labels are translated with a map, by default
  ``Content=QUOTE, Source=SPEAKER, Cue=CUE``; it applies to span and relation labels alike.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from annotator.domain.errors import AnnotatorError
from annotator.domain.model import FRAGMENT, ArticleBundle, ArticleStatus, Relation, Span, Status
from annotator.nlp.quotes_eval import PRF, Attribution, Scores, match, score_attributions, score_spans
from annotator.storage.project import Project

QUOTE, SPEAKER, CUE = "QUOTE", "SPEAKER", "CUE"
DEFAULT_MAP: Mapping[str, str] = {"Content": QUOTE, "Source": SPEAKER, "Cue": CUE}
GOLD_ARTICLES = ("annotated", "done", "all")


def parse_map(text: str) -> dict[str, str]:
    """``"Content=QUOTE,Source=SPEAKER,Attribution="`` -> a dict; an empty target leaves that gold
    label out (the same form as ``annotator import --label-map``)."""
    mapping: dict[str, str] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        gold, sep, ours = item.partition("=")
        if not sep or not gold.strip():
            raise AnnotatorError(f"--map item {item!r} is not GOLD=OURS; write it like Content=QUOTE,Source=SPEAKER,Cue=CUE")
        mapping[gold.strip()] = ours.strip()
    return mapping


def parse_statuses(text: str) -> tuple[Status, ...]:
    """``"suggested,accepted"`` or ``"all"`` -> statuses."""
    if text.strip() == "all":
        return tuple(Status)
    try:
        return tuple(Status(part.strip()) for part in text.split(",") if part.strip())
    except ValueError as exc:
        raise AnnotatorError(f"unknown status in {text!r}; use {', '.join(s.value for s in Status)} or all") from exc


# ----------------------------------------------------------------------------- attributions


def attributions(
    spans: Sequence[Span], relations: Sequence[Relation], *, label_map: Mapping[str, str] = DEFAULT_MAP
) -> list[Attribution]:
    """The attributions an article's spans and relations express, in either structure. The
    pieces of a discontinuous span (``FRAGMENT`` relations, from brat) count as one content."""
    by_id = {s.id: s for s in spans}
    out_roles: dict[str, dict[str, list[Span]]] = {}
    fragments: dict[str, list[Span]] = {}
    children: set[str] = set()  # content arguments and fragment pieces: never a quote of their own
    for rel in relations:
        head, child = by_id.get(rel.head), by_id.get(rel.child)
        if head is None or child is None:
            continue
        if rel.label == FRAGMENT:
            fragments.setdefault(head.id, []).append(child)
            children.add(child.id)
            continue
        role = label_map.get(rel.label, rel.label)
        out_roles.setdefault(head.id, {}).setdefault(role, []).append(child)
        if role == QUOTE:
            children.add(child.id)

    def pieces(contents: Iterable[Span]) -> list[Span]:
        return [p for c in contents for p in (c, *fragments.get(c.id, ()))]

    found: list[Attribution] = []
    grouped: dict[str, list[Span]] = {}  # our QUOTE parts by shared CUE span
    for span in spans:
        roles = out_roles.get(span.id, {})
        if roles.get(QUOTE):  # an event trigger: content, source, cue are its arguments
            found.append(_attribution(pieces(roles[QUOTE]), roles, span))
        elif label_map.get(span.label, span.label) == QUOTE and span.id not in children:
            cues = roles.get(CUE, [])
            if cues:
                grouped.setdefault(cues[0].id, []).append(span)
            else:
                found.append(_attribution(pieces([span]), roles, span))
    for parts in grouped.values():
        found.append(_attribution(pieces(parts), out_roles.get(parts[0].id, {}), parts[0]))
    return sorted(found, key=lambda a: a.pieces)


def _attribution(contents: list[Span], roles: Mapping[str, list[Span]], carrier: Span) -> Attribution:
    pieces = tuple(sorted((c.start, c.end) for c in contents))
    speakers, cues = roles.get(SPEAKER, []), roles.get(CUE, [])
    attrs = carrier.attrs or (contents[0].attrs if contents else {})
    return Attribution(
        content=(pieces[0][0], pieces[-1][1]),
        parts=pieces if len(pieces) > 1 else (),
        speaker=(speakers[0].start, speakers[0].end) if speakers else None,
        cue=(cues[0].start, cues[0].end) if cues else None,
        kind=str(attrs.get("kind", "")),
        speaker_ref=attrs.get("speaker_ref") or None,
    )


# ----------------------------------------------------------------------------- totals


@dataclasses.dataclass(slots=True)
class QuoteTotals:
    scores: Scores = dataclasses.field(default_factory=Scores)
    cue_right: int = 0
    cue_total: int = 0  # matched pairs whose gold has a cue
    gold: int = 0
    predicted: int = 0

    @property
    def cue_accuracy(self) -> float:
        return self.cue_right / self.cue_total if self.cue_total else 0.0


@dataclasses.dataclass(slots=True)
class Evaluation:
    labels: dict[str, dict[str, PRF]] = dataclasses.field(default_factory=dict)  # label -> {"exact", "overlap"}
    quotes: QuoteTotals = dataclasses.field(default_factory=QuoteTotals)
    articles: dict[str, int] = dataclasses.field(default_factory=dict)
    unscored_gold_labels: list[str] = dataclasses.field(default_factory=list)  # gold labels the project does not have
    labels_without_gold: list[str] = dataclasses.field(default_factory=list)  # predicted, but gold never uses them

    def to_json(self) -> dict[str, Any]:
        q = self.quotes
        return {
            "articles": dict(self.articles),
            "labels": {lab: {how: _prf_json(prf) for how, prf in hows.items()} for lab, hows in sorted(self.labels.items())},
            "quotes": {
                "gold": q.gold,
                "predicted": q.predicted,
                "all": _prf_json(q.scores.all),
                "direct": _prf_json(q.scores.direct),
                "speaker_accuracy": round(q.scores.speaker_accuracy, 4),
                "speaker_scored": q.scores.speaker_total,
                "cue_accuracy": round(q.cue_accuracy, 4),
                "cue_scored": q.cue_total,
            },
            "unscored_gold_labels": list(self.unscored_gold_labels),
            "labels_without_gold": list(self.labels_without_gold),
        }


def _prf_json(prf: PRF) -> dict[str, float | int]:
    return {
        "precision": round(prf.precision, 4), "recall": round(prf.recall, 4), "f1": round(prf.f1, 4),
        "tp": prf.tp, "fp": prf.fp, "fn": prf.fn,
    }


def score_article(
    text: str,
    gold: tuple[Sequence[Span], Sequence[Relation]],
    pred: tuple[Sequence[Span], Sequence[Relation]],
    *,
    into: Evaluation,
    label_map: Mapping[str, str] = DEFAULT_MAP,
    labels: Iterable[str] | None = None,
) -> None:
    """Add one article's scores to ``into``. ``labels``: the labels to score spans for (others
    in gold are listed as unscored); None scores every label."""
    wanted = set(labels) if labels is not None else None
    gold_spans = [(s.start, s.end, label_map.get(s.label, s.label)) for s in gold[0]]
    gold_spans = [g for g in gold_spans if g[2]]  # mapped to nothing: left out
    skipped = {lab for _, _, lab in gold_spans if wanted is not None and lab not in wanted}
    into.unscored_gold_labels = sorted(set(into.unscored_gold_labels) | skipped)
    gold_spans = [g for g in gold_spans if g[2] not in skipped]
    pred_spans = [(s.start, s.end, s.label) for s in pred[0] if wanted is None or s.label in wanted]
    for label, span_scores in score_spans(gold_spans, pred_spans).items():
        totals = into.labels.setdefault(label, {"exact": PRF(), "overlap": PRF()})
        totals["exact"].add(span_scores.exact)
        totals["overlap"].add(span_scores.overlap)
    gold_attr = attributions(*gold, label_map=label_map)
    pred_attr = attributions(*pred, label_map={})
    q = into.quotes
    q.gold += len(gold_attr)
    q.predicted += len(pred_attr)
    q.scores.add(score_attributions(gold_attr, pred_attr, text=text))
    for gi, pi in match(gold_attr, pred_attr):  # the scorer's own pairing, for cue accuracy
        g, p = gold_attr[gi], pred_attr[pi]
        if g.cue is not None:
            q.cue_total += 1
            q.cue_right += p.cue is not None and min(g.cue[1], p.cue[1]) > max(g.cue[0], p.cue[0])


# ----------------------------------------------------------------------------- projects


def evaluate_projects(
    pred: Project,
    gold: Project,
    *,
    pred_statuses: Sequence[Status] = (Status.SUGGESTED,),
    gold_statuses: Sequence[Status] = (Status.ACCEPTED,),
    label_map: Mapping[str, str] = DEFAULT_MAP,
    gold_articles: str = "annotated",
) -> Evaluation:
    """Score ``pred``'s spans of ``pred_statuses`` against ``gold``'s of ``gold_statuses``.

    Only articles whose text is in both projects count. ``gold_articles``: which gold articles
    are taken as fully annotated — ``annotated`` (at least one gold span), ``done`` (marked done
    or reviewed), ``all``. When only suggestions are scored, articles ``pred`` never
    pre-annotated are left out (their empty suggestions say nothing about the machine).
    """
    if gold_articles not in GOLD_ARTICLES:
        raise AnnotatorError(f"gold articles {gold_articles!r}: use one of {', '.join(GOLD_ARTICLES)}")
    pred_by_hash = {pred.article(i).text_hash: i for i in pred.article_ids()}
    only_suggestions = set(pred_statuses) == {Status.SUGGESTED}
    result = Evaluation()
    counts = dict.fromkeys(("gold", "pred", "matched", "scored", "not_preannotated", "gold_not_annotated"), 0)
    counts["gold"], counts["pred"] = gold.count_articles(), len(pred_by_hash)
    labels = {lab.name for lab in pred.schema.labels}
    for gold_id in gold.article_ids():
        g = gold.bundle(gold_id, statuses=gold_statuses)
        pred_id = pred_by_hash.get(g.article.text_hash)
        if pred_id is None:
            continue
        counts["matched"] += 1
        if not _gold_complete(g, gold_articles):
            counts["gold_not_annotated"] += 1
            continue
        if only_suggestions and not pred.preannotated(pred_id):
            counts["not_preannotated"] += 1
            continue
        p = pred.bundle(pred_id, statuses=pred_statuses)
        score_article(g.article.text, (g.spans, g.relations), (p.spans, p.relations), into=result, label_map=label_map, labels=labels)
        counts["scored"] += 1
    result.articles = counts
    # A label the gold project never uses (entities in an attribution corpus) cannot be judged.
    result.labels_without_gold = sorted(lab for lab, hows in result.labels.items() if hows["exact"].tp + hows["exact"].fn == 0)
    for label in result.labels_without_gold:
        del result.labels[label]
    return result


def _gold_complete(bundle: ArticleBundle, which: str) -> bool:
    if which == "all":
        return True
    if which == "done":
        return bundle.article.status in (ArticleStatus.DONE, ArticleStatus.REVIEWED)
    return bool(bundle.spans)
