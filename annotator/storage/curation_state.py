"""What is left before each article of a team project is curated, and the curation view's
Ctrl+Return (accept every agreed unit) without the window (``annotator curate``, docs/team.md).

An article's gold counts as decided — and is exported as gold — when the curation marked it
curated (every unit decided: :attr:`annotator.domain.curation.Alignment.curated`) or it was
marked done/reviewed by hand (:func:`annotator.formats.layers.gold_decided`). "0 disagreements
left" is not that: the units all analysts agree on must be accepted too (Ctrl+Return), and a unit
only one analyst could see (the article was given to them alone) must be kept (1) or rejected (X).
:class:`CurationState` counts each kind and says what to do, in the same words everywhere.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence

from annotator.domain import curation
from annotator.formats.layers import gold_decided
from annotator.storage.project import Project


@dataclasses.dataclass(frozen=True, slots=True)
class CurationState:
    """One article's curation: ``curated`` (the curation marked it), ``decided`` (exported as
    gold: curated, or done/reviewed by hand), and the units not decided yet by kind —
    ``disagreements`` (span and stance units the analysts differ on), ``agreed`` (all agree:
    Ctrl+Return accepts them), ``single`` (only one analyst was given the article)."""

    article_id: int
    title: str
    curated: bool
    decided: bool
    disagreements: int
    agreed: int
    single: int

    @property
    def undecided(self) -> int:
        return self.disagreements + self.agreed + self.single

    def line(self, project_name: str) -> str:
        """One line: the state, and when it is not curated, what to do next."""
        head = f"#{self.article_id} «{self.title[:40]}»" if self.title else f"#{self.article_id}"
        if self.curated:
            return f"{head}: curated (exported as gold)"
        left = (f"{_n(self.disagreements, 'disagreement')}, {_n(self.agreed, 'agreed unit')} and "
                f"{_n(self.single, 'unit')} only one analyst saw not decided yet")
        if self.decided:
            return f"{head}: marked done by hand (exported as gold as it is); {left}"
        todo = []
        if self.disagreements:
            todo.append("decide the disagreements in the curation view (Ctrl+Shift+K, Tab, 1…9 keeps an analyst's, X rejects)")
        if self.agreed:
            todo.append(f"accept the agreed units: Ctrl+Return in the curation view, or "
                        f"`annotator curate {project_name} --accept-agreed --article {self.article_id}`")
        if self.single:
            todo.append("keep (1) or reject (X) each unit only one analyst saw")
        if not todo:  # nothing left, yet never marked: a decision marks it; so does marking it done
            todo.append("nothing is left to decide: mark it done (Ctrl+Return in the editing view) or take any decision")
        return f"{head}: not curated yet, so not exported as gold — {left}: " + "; then ".join(todo)


def _n(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def team_article_ids(project: Project) -> list[int]:
    """The articles some analyst was given, by id."""
    return [a for (a,) in project.db.execute("SELECT DISTINCT article_id FROM layer_articles ORDER BY article_id")]


def _analysts(project: Project) -> list[str]:
    return [info.analyst for info in project.layers()]


def state_of(project: Project, article_id: int, analysts: Sequence[str] | None = None) -> CurationState:
    """The :class:`CurationState` of one article (aligned as the curation view aligns it)."""
    data = curation.curation_input(project, article_id, list(analysts) if analysts is not None else _analysts(project))
    al = curation.align(data)
    units = [u for u in al.units if not u.decided]
    single = sum(1 for u in units if u.single)
    agreed = sum(1 for u in units if not u.single and not u.disagreement)
    article = data.gold.article
    return CurationState(article_id, article.title or "", curated=curation.curation_status(article) == "curated",
                         decided=gold_decided(article), disagreements=al.disagreements_left(), agreed=agreed, single=single)


def curation_states(project: Project, article_ids: Iterable[int] | None = None) -> list[CurationState]:
    """The state of ``article_ids`` (default: every article an analyst was given)."""
    analysts = _analysts(project)
    ids = team_article_ids(project) if article_ids is None else list(article_ids)
    return [state_of(project, a, analysts) for a in ids]


def accept_agreed(project: Project, article_id: int, *, by: str = "") -> str:
    """Accept every agreed unit of the article not decided yet (the curation view's Ctrl+Return),
    written as one edit (undoable in the window's history like any edit; in the change log).
    Returns the edit's description ("Curate: accept all 40 agreed units (article curated)", or
    "No agreed unit left to accept")."""
    data = curation.curation_input(project, article_id, _analysts(project))
    edit = curation.accept_all_agreed(data, by=by)
    if edit:
        project.apply(edit, by=by)
    return edit.description


def keep_versions(project: Project, article_id: int, analyst: str, *, by: str = "") -> tuple[int, list[str]]:
    """Keep ``analyst``'s version of every disagreement of the article not decided yet — span
    units, then stance units — as pressing their digit on each in the curation view (where they
    marked nothing, gold keeps nothing; their speaker, cue and stances follow). Each decision is
    its own edit (change log). Returns (decisions written, reasons of the units that could not
    be decided so, e.g. a stance whose quote gold rejected). Raises ``KeyError`` when the
    analyst was not given the article."""
    analysts = _analysts(project)
    state = curation.ArticleCuration(curation.curation_input(project, article_id, analysts))
    if analyst not in state.data.layers:
        raise KeyError(analyst)
    tried: set[str] = set()
    written, refused = 0, []
    while True:
        al = state.alignment
        pending = [u.key for u in al.units if u.disagreement and not u.decided]
        pending += [st.key for st in al.stances if st.disagreement and not st.decided]
        key = next((k for k in pending if k not in tried), None)
        if key is None:
            return written, refused
        tried.add(key)
        try:
            edit = state.take(key, analyst, by=by)
        except (KeyError, ValueError) as exc:
            refused.append(str(exc).strip("'\""))
            continue
        if not edit:
            continue
        stamped = project.apply(edit, by=by)
        written += 1
        if state.follow(stamped) is None:  # an analyst's layer changed: align again
            state = curation.ArticleCuration(curation.curation_input(project, article_id, analysts))


__all__ = ["CurationState", "accept_agreed", "curation_states", "keep_versions", "state_of", "team_article_ids"]
