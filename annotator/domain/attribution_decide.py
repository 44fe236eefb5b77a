"""Deciding a quote decides its attribution: the quote with its suggested speaker and cue.

usertest22 M2: an analyst pressed A on a suggested QUOTE; its suggested SPEAKER and CUE (linked
to it by ``SPEAKER`` / ``CUE`` relations, shown in the side panel as "(suggested)") stayed
suggestions, so an "Accepted annotations" export had quotes without speakers. What the side
panel shows as the quote's attribution is decided as one edit (one undo step):

* **accept** — every piece of the quote, and each ``suggested`` span a ``SPEAKER`` / ``CUE``
  relation from a piece points to (the relations then follow, :mod:`relation_rule`). A speaker
  or cue already accepted or rejected is left as decided; a relation rejected on its own (an
  explicit "not this speaker") does not pull its span in. A speaker shared with another quote is
  just accepted (accepting it decides nothing about the other quote).
* **reject** — every piece, and each suggested speaker or cue *unless* it is linked to another
  quote that is not rejected (rejecting it would reject that quote's link too); a shared one
  stays suggested, to be decided with that quote.

Any other span (a SPEAKER, an entity, a quote with no suggested links) is decided alone, as
:func:`commands.decide` does. Qt-free.
"""

from __future__ import annotations

import dataclasses

from annotator.domain import commands
from annotator.domain.commands import CUE_LINK, SPEAKER_LINK, ArticleRecords
from annotator.domain.edits import Edit
from annotator.domain.model import Span, Status

LINKS = (SPEAKER_LINK, CUE_LINK)  # the links of a quote's own attribution, in the order said


@dataclasses.dataclass(frozen=True)
class AttributionDecision:
    """``edit``: the one edit; ``linked``: (relation label, span) of each speaker / cue it decides
    besides the quote's pieces, speaker first; ``kept``: the same for suggested ones it leaves
    pending (a reject's speaker shared with a quote not rejected)."""

    edit: Edit
    linked: tuple[tuple[str, Span], ...] = ()
    kept: tuple[tuple[str, Span], ...] = ()


def decide_attribution(article: ArticleRecords, span: Span, status: Status) -> AttributionDecision:
    """``status`` (accepted or rejected) for ``span``'s attribution: its pieces
    (:func:`commands.fragment_pieces`) and, for a QUOTE, its suggested speaker and cue by the
    rules of the module doc; one :class:`~annotator.domain.edits.Edit`. Other statuses, and
    spans that are not a QUOTE, give :func:`commands.decide`'s edit alone."""
    pieces = commands.fragment_pieces(article, span)
    if span.label != "QUOTE" or status not in (Status.ACCEPTED, Status.REJECTED):
        return AttributionDecision(commands.decide(article, span, status))
    own = {p.id for p in pieces}
    linked: dict[str, tuple[str, Span]] = {}
    for rel in article.relations.values():
        if rel.head not in own or rel.label not in LINKS or rel.status == Status.REJECTED:
            continue
        child = article.spans.get(rel.child)
        if child is not None and child.status == Status.SUGGESTED and child.id not in own:
            linked.setdefault(child.id, (rel.label, child))
    if not linked:
        return AttributionDecision(commands.decide(article, span, status))
    kept: dict[str, tuple[str, Span]] = {}
    if status == Status.REJECTED:
        for rel in article.relations.values():
            if rel.child in linked and rel.head not in own and rel.status != Status.REJECTED:
                other = article.spans.get(rel.head)
                if other is not None and other.status != Status.REJECTED:
                    kept[rel.child] = linked.pop(rel.child)
    order = {label: i for i, label in enumerate(LINKS)}
    decided = tuple(sorted(linked.values(), key=lambda ls: (order[ls[0]], ls[1].start, ls[1].id)))
    if not decided:
        return AttributionDecision(commands.decide(article, span, status), kept=tuple(kept.values()))
    verb = "Accept" if status == Status.ACCEPTED else "Reject"
    whose = " and ".join(label.lower() for label in LINKS if any(lab == label for lab, _ in decided))
    description = f"{verb} QUOTE{f' ({len(pieces)} pieces)' if len(pieces) > 1 else ''} with its {whose}"
    edit = commands.set_status(article, pieces + [s for _, s in decided], status, description=description)
    return AttributionDecision(edit, decided, tuple(kept.values()))


def decision_said(decision: AttributionDecision, text: str, status: Status) -> str:
    """The status line for a decided quote: "Accepted the quote with its speaker 'Maria
    Okafor' and cue 'said'" (``text``: the article's text, for the spans' words), plus
    "; speaker 'X' left suggested: another quote not rejected uses it" for what a reject keeps;
    "" when the decision holds the quote alone (the window's usual line then)."""
    if not decision.linked and not decision.kept:
        return ""
    verb = "Accepted" if status == Status.ACCEPTED else "Rejected"
    named = " and ".join(f"{label.lower()} '{_words(text, s)}'" for label, s in decision.linked)
    said = f"{verb} the quote" + (f" with its {named}" if named else "")
    if decision.kept:
        kept = " and ".join(f"{label.lower()} '{_words(text, s)}'" for label, s in decision.kept)
        said += f"; its {kept} left suggested: another quote not rejected uses {'it' if len(decision.kept) == 1 else 'them'}"
    return said


def _words(text: str, span: Span, limit: int = 40) -> str:
    """``span``'s text on one line, cut to ``limit`` code points with an ellipsis."""
    words = " ".join(text[span.start:span.end].split())
    return words if len(words) <= limit else words[: limit - 1] + "…"
