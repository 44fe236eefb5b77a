"""Which articles train a component: the one rule shared by the entity corpus
(:mod:`annotator.nlp.train`), the attribution corpus (:mod:`annotator.nlp.attribution_corpus`)
and the Train dialog's counts (:mod:`annotator.nlp.train_summary`).

A component learns from its *layer* (the entity recogniser: the entity layer; the attribution
recogniser: the QUOTE, SPEAKER and CUE layers). An article's work *covers* that layer when at
least one of its spans of the layer was decided by an analyst (accepted or rejected). Then:

* ``COMPLETE``: status done or reviewed **and** the layer covered: every token outside an
  accepted span is a negative ("no entity");
* ``PARTIAL``: any other status, the layer covered: only the decisions count;
* ``UNCOVERED``: done or reviewed, but nothing of the layer decided (e.g. PolNeAR articles whose
  quotes were reviewed, for the entity recogniser): left out, since "done" says nothing of a layer
  nobody looked at, and counted in the run's notes. Except, for the attribution recogniser, a done
  article where nothing of any layer was decided in a project with other complete attribution
  articles: reviewed and holding no attribution, it is negative data (``COMPLETE``; usertest29 L1);
* ``None``: not reviewed at all, left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal

from annotator.domain.edits import Edit
from annotator.domain.model import Article, ArticleStatus, Layer, Relation, Span, Status
from annotator.storage.project import Project

COMPLETE_STATUSES = (ArticleStatus.DONE, ArticleStatus.REVIEWED)
DECIDED = (Status.ACCEPTED, Status.REJECTED)
COMPLETE, PARTIAL, UNCOVERED = "complete", "partial", "uncovered"
Role = Literal["complete", "partial", "uncovered"]


def article_role(article_status: str, layer_span_statuses: Iterable[str]) -> Role | None:
    """The role of one article for one component (see the module docstring).

    ``article_status``: the article's status (an :class:`ArticleStatus` or its text);
    ``layer_span_statuses``: the statuses of its spans of the component's layer only."""
    covered = any(str(s) in {str(d) for d in DECIDED} for s in layer_span_statuses)
    done = str(article_status) in {str(s) for s in COMPLETE_STATUSES}
    if covered:
        return COMPLETE if done else PARTIAL
    return UNCOVERED if done else None


def reaches_training(edit: Edit) -> bool:
    """Whether storing ``edit`` (or its undo) can change what training reads: True when it changes
    an article's record (its status makes it COMPLETE or not) or any span or relation, in any
    article (a decision in an unmarked article makes it PARTIAL); False for an article's stances
    and tags and the project's target and tag lists, which no component learns from. Reads
    ``edit`` only (no query): the window asks it of every stored edit (usertest18 M4)."""
    return any(isinstance(change.record, (Article, Span, Relation)) for change in edit.changes)


def uncovered_note(count: int, what: str, component: str) -> str:
    """The printed note for ``count`` done articles left out of ``component``'s corpus;
    ``what``: the layer in words ("entities"), ``component`` its name ("entity recogniser",
    "attribution component": the words the CLI and the window use)."""
    articles = "done article has" if count == 1 else "done articles have"
    return f"{count:,} {articles} no reviewed {what}, so the {component} was not trained on {'it' if count == 1 else 'them'}."


def left_out_sentence(note: str, component: str) -> str:
    """A training corpus's export note (``"left out: 2 × span is only white space"``, or a remark)
    as one sentence naming ``component``: "The attribution component was not trained on 2 × span
    is only white space." (usertest31 L5)."""
    what = note.removeprefix("left out: ")
    return f"The {component} was not trained on {what}." if what != note else f"{note[:1].upper()}{note[1:].rstrip('.')}."


def not_trained_line(component: str, what: str, articles: int, accepted: int) -> str:
    """The one line for a component a run leaves out while it trains the other (usertest16 M5:
    it was skipped without a word): ``articles`` reviewed for it (a span of its layer decided),
    ``accepted`` spans of ``what`` ("entities", "quotes") accepted in them. E.g. "Entity
    recogniser: not trained (accepted entities in 1 reviewed article; needs 2, one is held out)".
    '' when it has nothing reviewed at all (nothing to say) or enough to train."""
    if not articles:
        return ""
    if not accepted:
        return (f"{component}: not trained (no accepted {what} in the {articles} reviewed "
                f"article{'' if articles == 1 else 's'}, only rejected ones)")
    if articles < 2:
        return f"{component}: not trained (accepted {what} in 1 reviewed article; needs 2, one is held out)"
    return ""


ENTITY_LAYERS = (Layer.ENTITY,)
ATTRIBUTION_LAYERS = (Layer.QUOTE, Layer.SPEAKER, Layer.CUE)


def article_roles(project: Project, layers: Sequence[Layer]) -> dict[int, Role | None]:
    """Article id -> :func:`article_role` for the component learning ``layers``, every article of
    ``project`` in one query. In the QUOTE layer only ``QUOTE`` spans count (a CLAIM is not an
    attribution)."""
    names = [str(layer) for layer in layers]
    marks = ", ".join("?" for _ in names)
    rows = project.db.execute(
        f"SELECT a.id, a.status, s.status FROM articles a LEFT JOIN spans s ON s.article_id = a.id "
        f"AND s.layer IN ({marks}) AND (s.layer != ? OR s.label = 'QUOTE')", [*names, str(Layer.QUOTE)])
    statuses: dict[int, tuple[str, list[str]]] = {}
    for article_id, status, span_status in rows:
        entry = statuses.setdefault(article_id, (status, []))
        if span_status is not None:
            entry[1].append(span_status)
    roles = {i: article_role(status, spans) for i, (status, spans) in statuses.items()}
    if tuple(layers) == tuple(ATTRIBUTION_LAYERS):
        roles = _blank_attribution_articles(project, roles)
    return roles


def _blank_attribution_articles(project: Project, roles: dict[int, Role | None]) -> dict[int, Role | None]:
    """``roles`` with the done articles where nothing at all was decided (no span of any layer
    accepted or rejected) made ``COMPLETE`` for the attribution recogniser, when the project has
    other complete attribution articles: a reviewed article of a project whose analysts mark
    attributions, with none in it, is negative data (usertest29 L1: a 2-paragraph results item of
    60 reviewed PolNeAR articles was dropped, "59 marked done or reviewed"). An article with
    decisions of another layer only (a CoNLL document whose entities were reviewed) stays
    ``UNCOVERED``: there "done" may say nothing of attributions."""
    blank = [i for i, role in roles.items() if role == UNCOVERED]
    if not blank or COMPLETE not in roles.values():
        return roles
    marks = ", ".join("?" for _ in DECIDED)
    decided = {row[0] for row in project.db.execute(
        f"SELECT DISTINCT article_id FROM spans WHERE status IN ({marks})", [str(d) for d in DECIDED])}
    return {**roles, **{i: COMPLETE for i in blank if i not in decided}}
