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
from collections.abc import Iterable, Mapping, Sequence

from annotator.domain import curation
from annotator.domain.curation_flags import GOLD_DIFFERS, unlinked_why
from annotator.domain.edits import Change, Edit
from annotator.domain.model import ArticleStatus, article_name, now
from annotator.domain.words import plural
from annotator.formats.layers import gold_decided
from annotator.storage.project import Project


#: fix11ai: how ``curate``'s lines point to the window: by its menu command, never its keys
CURATION_VIEW = "the window's View → Curation…"


@dataclasses.dataclass(frozen=True, slots=True)
class CurationState:
    """One article's curation: ``curated`` (the curation marked it, and it still holds: every
    unit decided, none changed since decided), ``decided`` (exported as gold: marked curated, or
    done/reviewed by hand), and the units not decided yet by kind — ``disagreements`` (span and
    stance units the analysts differ on), ``agreed`` (all agree: Ctrl+Return accepts them,
    :func:`annotator.domain.curation.agreed_left`; ``waiting`` of them wait for a disputed
    speaker or cue), ``single`` (only one analyst was given the article) — and ``changed``,
    decided units an analyst's newer layer changed since (to decide again)."""

    article_id: int
    title: str
    curated: bool
    decided: bool
    disagreements: int
    agreed: int
    single: int
    changed: int = 0
    waiting: int = 0
    marked: bool = False  # meta.curation.status says "curated" (stale when ``curated`` is False)
    # cur11ui: analysts given the article whose own file still has it "new" (never opened) or, fix11t,
    # "in_progress" (never marked done): their layer is what they were handed, not their answer —
    # nothing to mark done on their behalf (curation.unreviewed_of)
    unreviewed: tuple[str, ...] = ()
    #: fix11t: their statuses, as ``unreviewed`` (name → "new" / "in_progress")
    unreviewed_status: tuple[tuple[str, str], ...] = ()
    #: fix11j: the start of the text, naming an untitled article in :meth:`line` ("#3 «The mayor said…»")
    first_words: str = ""
    #: fix11n: of ``changed``, the kept spans ⚠ linked to nothing in gold (their quote not kept): A or X,
    #: a kind of its own (no analyst's layer changed there)
    unlinked: int = 0
    #: fix11s: of ``disagreements``, the units where gold held its own version before curation (imported
    #: without --analyst, decided by hand) unlike the analysts': never overwritten in bulk, the lead decides
    gold_own: int = 0
    #: fix11z: the article holds no unit at all (every analyst left it empty): only then does the
    #: "exported as an empty gold document" remark apply
    no_units: bool = False

    @property
    def undecided(self) -> int:
        return self.disagreements + self.agreed + self.single

    def undecided_said(self, *, details: bool = True) -> str:
        """The units not decided yet by kind, as ``curate`` names them ("1 disagreement and 1
        agreed unit not decided yet"), "" when none; ``details``: the waiting / gold-differs notes
        too. fix11ac (usertest11n N4): the import line says these words too (it said "1 unit")."""
        # fix11ad: an agreed stance waits for its disputed holder too (curation.agreed_waiting)
        waiting = f" ({self.waiting:,} waiting for a disputed speaker, cue or holder)" if self.waiting and details else ""
        # fix11u (usertest11j F7): the name Ctrl+Return's and --accept-agreed's "left for you" use
        own = (f" ({self.gold_own:,} of them {GOLD_DIFFERS}: gold's own version from before curation, unlike the analysts')"
               if self.gold_own and details else "")
        # fix11x (usertest11k F5): no "0 …" part: only the kinds there are
        kinds = [part for part in (f"{_n(self.disagreements, 'disagreement')}{own}" if self.disagreements else "",
                                   f"{_n(self.agreed, 'agreed unit')}{waiting}" if self.agreed else "",
                                   f"{_n(self.single, 'unit')} only one analyst saw" if self.single else "") if part]
        said = f"{', '.join(kinds[:-1])} and {kinds[-1]}" if len(kinds) > 1 else kinds[0] if kinds else ""
        return f"{said} not decided yet" if said else ""

    def line(self, project_name: str) -> str:
        """One line: the state, and when it is not curated, what to do next."""
        head = article_name(self.article_id, self.title, self.first_words)  # fix11j: never an empty «»
        if self.curated:
            return f"{head}: curated (exported as gold)"
        said = [self.undecided_said()] if self.undecided else []
        newer = self.changed - self.unlinked
        if newer:
            said.append(f"{_n(newer, 'unit')} changed since decided")
        if self.unlinked:
            said.append(f"{_n(self.unlinked, 'kept span')} ⚠ linked to nothing in gold ({unlinked_why(self.unlinked)})")
        left = "; ".join(said) or "nothing left to decide"
        # fix11ai: `curate` prints this line: it names curate's flags, and the window only by its
        # menu command (View → Curation…), never the window's keys (Tab, 1…9, X, A, Ctrl+Return)
        at = f"--article {self.article_id}"
        cmd = f"annotator curate {project_name}"
        todo = []
        if self.disagreements:
            todo.append(f"decide the disagreements: `{cmd} --keep ANALYST {at}` keeps that analyst's version of each, "
                        f"`{cmd} --reject ANALYST {at}` rejects each that analyst marked, or weigh them one by one in "
                        f"{CURATION_VIEW}")
        if self.gold_own:
            todo.append("where gold held its own version, `--accept-agreed` and `--accept-single` leave them to you: "
                        f"`{cmd} --keep ANALYST {at}` keeps that analyst's, `--reject ANALYST {at}` rejects it, "
                        f"or keep gold's in {CURATION_VIEW}")
        if self.agreed:
            todo.append(f"accept the agreed units: `{cmd} --accept-agreed {at}`")
        if self.single:
            todo.append(f"keep every unit only one analyst saw: `{cmd} --accept-single {at}`, or weigh each in {CURATION_VIEW}")
        if newer:
            todo.append(f"decide again each unit marked ⚠ changed since decided: `{cmd} --keep ANALYST {at}` (that analyst's "
                        f"version) or `--reject ANALYST {at}`; where no analyst's version is left, keep gold's as it is "
                        f"in {CURATION_VIEW}")
        if self.unlinked:  # fix11n: its own hint: nothing changed in an analyst's layer there
            todo.append(f"for each span ⚠ linked to nothing: `{cmd} --keep ANALYST {at}` keeps it so, "
                        f"`--reject ANALYST {at}` rejects it")
        if self.decided and self.marked:
            return (f"{head}: marked curated before an analyst's layer changed (exported as gold as it is); {left}"
                    + (": " + "; then ".join(todo) if todo else ""))
        if self.decided:
            return f"{head}: marked done by hand (exported as gold as it is, with {_n(self.undecided, 'undecided unit')}); {left}"
        if self.unreviewed:  # cur11ui: never "mark it done" for an article an analyst has not looked at
            waiting_for = (f"{curation.not_reviewed(dict(self.unreviewed_status) or self.unreviewed)}: their layer is what they "
                           f"were given, not their answer — have them review it and merge their file again")
            return f"{head}: not curated yet, so not exported as gold — {left}; " + "; then ".join([waiting_for, *todo])
        if not todo:  # nothing left, yet never marked (fix11p: every analyst left it empty): accepting that marks it
            # fix11z (usertest11l N5): said once ("nothing left to decide: nothing is left to decide"),
            # and the empty-document remark only where every analyst left the article empty
            empty = " (every analyst left it empty: it is then exported as an empty gold document)" if self.no_units else ""
            return (f"{head}: not curated yet, so not exported as gold — {left}: accept that with "
                    f"`{cmd} --accept-agreed {at}`{empty}")
        return f"{head}: not curated yet, so not exported as gold — {left}: " + "; then ".join(todo)




def _n(count: int, noun: str) -> str:
    return plural(count, noun)


def gold_count_said(articles: int, decided: int, curated: int, *, say_left: bool = True) -> str:
    """How many of a team's ``articles`` a gold export writes (``decided``) and how many of those the
    curation marked ``curated`` (the rest go as they are: marked done by hand, or marked curated
    before an analyst's layer changed), with no "0 …" part (usertest11k): "No article exported as
    gold yet (3 not curated)", "3 of 4 articles exported as gold (2 curated, 1 as it is, not
    curated)". Shared by ``annotator curate`` and ``annotator agreement`` (which says the articles
    left itself: ``say_left=False`` drops "(3 not curated)")."""
    if decided <= 0:
        return f"No article exported as gold yet ({articles:,} not curated)" if say_left else "No article exported as gold yet"
    parts = [f"{curated:,} curated"] if curated else []
    rest = decided - curated
    if rest > 0:
        parts.append(f"{rest:,} as {'it is' if rest == 1 else 'they are'}, not curated")
    return f"{decided:,} of {_n(articles, 'article')} exported as gold ({', '.join(parts)})"


def team_article_ids(project: Project) -> list[int]:
    """The articles some analyst was given, by id."""
    return [a for (a,) in project.db.execute("SELECT DISTINCT article_id FROM layer_articles ORDER BY article_id")]


def _analysts(project: Project) -> list[str]:
    return [info.analyst for info in project.layers()]


def state_of(project: Project, article_id: int, analysts: Sequence[str] | None = None) -> CurationState:
    """The :class:`CurationState` of one article (aligned as the curation view aligns it)."""
    data = curation.curation_input(project, article_id, list(analysts) if analysts is not None else _analysts(project))
    return state_from(data, curation.align(data))


def _status_given(project: Project, analyst: str, article_id: int) -> str:
    """The status ``analyst``'s own file gave the article ("" imported, or not given)."""
    row = project.db.execute("SELECT status FROM layer_articles WHERE analyst = ? AND article_id = ?", [analyst, article_id]).fetchone()
    return (row[0] or "") if row else ""


def state_from(data: curation.CurationInput, al: curation.Alignment, *, unreviewed: Sequence[str] = ()) -> CurationState:
    """The :class:`CurationState` of an article already aligned (pure). Its analysts who have not
    reviewed it are ``data``'s (:attr:`annotator.domain.curation.CurationInput.unreviewed`) and
    ``unreviewed`` (names, status new)."""
    who = dict(data.unreviewed)
    for a in unreviewed:
        who.setdefault(a, str(ArticleStatus.NEW))
    units = [u for u in al.units if not u.decided]
    # fix11z (usertest11l N3): a unit where gold's own version differs is the lead's (a disagreement,
    # `gold_own`), never one `--accept-single` keeps: not counted among those, so not advised for;
    # fix11y (usertest11l H1): a stance unit no quote decision brings (added after its quote was
    # kept, or article level) is counted as the span units are: agreed, or one analyst's
    single = (sum(1 for u in units if u.single and not u.gold_differs)
              + sum(1 for st in al.stances if st.open and len(st.analysts) == 1 and not st.gold_differs))
    agreed = curation.agreed_left(al)
    agreed_stances = len(curation.agreed_stances_left(al))
    article = data.gold.article
    marked = curation.curation_status(article) == "curated"
    return CurationState(article.id or 0, article.title or "", curated=al.article_curated, decided=gold_decided(article),
                         disagreements=al.disagreements_left(), agreed=len(agreed) + agreed_stances, single=single,
                         changed=al.changed_since_decided(), waiting=curation.agreed_waiting(al),
                         marked=marked, unreviewed=tuple(who), unreviewed_status=tuple(who.items()), first_words=article.text[:200],
                         unlinked=sum(1 for u in al.units if u.unlinked),
                         gold_own=sum(1 for u in (*al.units, *al.stances) if u.gold_differs and not u.decided),
                         no_units=not al.units and not al.stances)


def curation_states(project: Project, article_ids: Iterable[int] | None = None) -> list[CurationState]:
    """The state of ``article_ids`` (default: every article an analyst was given)."""
    analysts = _analysts(project)
    ids = team_article_ids(project) if article_ids is None else list(article_ids)
    return [state_of(project, a, analysts) for a in ids]


def accept_agreed(project: Project, article_id: int, *, by: str = "") -> curation.BulkDecision:
    """Accept every agreed unit of the article not decided yet (the curation view's Ctrl+Return),
    written as one edit (undoable in the window's history like any edit; in the change log).
    Returns a :class:`~annotator.domain.curation.BulkDecision` (fix11ad): its ``message`` is the
    edit's description ("Curate: accept all 40 agreed units (article curated)", or "No agreed unit
    left to accept"), its ``reason`` why nothing was written (None when it wrote)."""
    data = curation.curation_input(project, article_id, _analysts(project))
    done = curation.decide_agreed(data, by=by)  # data.unreviewed: the one rule (curation.unreviewed_of)
    if done.edit:
        project.apply(done.edit, by=by)
    return done


def accept_single(project: Project, article_id: int, *, by: str = "") -> curation.BulkDecision:
    """Keep the only analyst's version of every unit not decided yet of an article given to one
    analyst (:func:`annotator.domain.curation.decide_single`, the curation view's bulk key),
    written as one edit. Returns a :class:`~annotator.domain.curation.BulkDecision` (fix11ad): its
    ``message`` "Not kept: …" with why when it kept nothing, its ``reason`` which why
    (:class:`~annotator.domain.curation.NotDone`: several analysts, one has not reviewed it, or
    nothing is left)."""
    data = curation.curation_input(project, article_id, _analysts(project))
    done = curation.decide_single(data, by=by)
    if done.edit:
        project.apply(done.edit, by=by)
    return done


def article_analysts(project: Project, article_id: int) -> list[str]:
    """The analysts given the article, in the project's order of analysts."""
    return [a for a in _analysts(project) if article_id in set(project.layer_article_ids(a))]


#: ``meta.curation.status`` of an article whose curated mark a merge withdrew (not "curated": not exported as gold).
WITHDRAWN = "withdrawn"


def withdraw_stale_curations(project: Project, article_ids: Iterable[int], *, by: str = "",
                             given_now: Mapping[int, Iterable[str]] | None = None) -> dict[int, str]:
    """Withdraw the curated mark of each of ``article_ids`` marked curated whose curation no
    longer holds (an analyst's layer merged since added a unit not decided yet, or changed one
    decided: :attr:`annotator.domain.curation.Alignment.curated`): status back to in progress,
    ``meta.curation.status`` :data:`WITHDRAWN` with why, one logged edit per article (undoable).
    Its gold is then left out of gold exports until it is curated again. Returns article id →
    why, for the articles withdrawn. ``given_now``: article id → the analysts this merge gave it
    first (a second ``assign``): one of them who has not reviewed it is said so ("cy, given it after
    it was curated, has not reviewed it …": fix11z, usertest11l N2)."""
    analysts = _analysts(project)
    out: dict[int, str] = {}
    for article_id in dict.fromkeys(article_ids):
        try:
            article = project.article(article_id)
        except KeyError:
            continue
        if curation.curation_status(article) != "curated":
            continue
        data = curation.curation_input(project, article_id, analysts)
        al = curation.align(data)
        if al.curated and not al.unreviewed:
            continue
        why = _not_curated_why(data, al, set((given_now or {}).get(article_id, ())))
        info = article.meta.get("curation") if isinstance(article.meta.get("curation"), dict) else {}
        meta = {**article.meta, "curation": {**info, "status": WITHDRAWN, "why": why, "withdrawn_by": by, "withdrawn_at": now()}}
        after = dataclasses.replace(article, status=ArticleStatus.IN_PROGRESS, meta=meta)
        project.apply(Edit(f"Withdraw the curated mark of article #{article_id}: an analyst's layer changed ({why})",
                           (Change(article, after),)), by=by)
        out[article_id] = why
    return out


def _not_curated_why(data: curation.CurationInput, al: curation.Alignment, given_now: set[str]) -> str:
    """Why the article is not curated: its units not decided yet, ⚠ changed since decided, kept
    spans ⚠ linked to nothing, analysts who have not reviewed it — as ``curate`` counts them."""
    state = state_from(data, al)
    # fix11t (usertest11i 10): each ⚠ kind as curate and agreement count it (curation_flags)
    newer = state.changed - state.unlinked
    parts = [p for p in (state.undecided_said(details=False),
                         _n(newer, "unit") + " changed since decided" if newer else "",
                         _n(state.unlinked, "kept span") + " ⚠ linked to nothing" if state.unlinked else "",
                         # fix11t (usertest11i 12): an analyst's status back to new / in progress
                         _not_reviewed_why(al.unreviewed, given_now)) if p]
    return " and ".join(parts)


def still_withdrawn(project: Project, article_id: int) -> str:
    """fix11ab (usertest11m F5b): why an article whose curated mark an earlier import or merge
    withdrew is still not curated, counted now ("2 units not decided yet", as ``curate`` then
    says); "" for an article not withdrawn, or curated again."""
    try:
        article = project.article(article_id)
    except KeyError:
        return ""
    if curation.curation_status(article) != WITHDRAWN:
        return ""
    data = curation.curation_input(project, article_id, _analysts(project))
    al = curation.align(data)
    return "" if al.curated and not al.unreviewed else _not_curated_why(data, al, set())


def _not_reviewed_why(unreviewed: Mapping[str, str], given_now: set[str]) -> str:
    """fix11z: why the curated mark goes when analysts have not reviewed the article, naming those
    new to it (given it after it was curated) apart: their layer is what ``assign`` handed them."""
    old = {a: st for a, st in unreviewed.items() if a not in given_now}
    new = {a: st for a, st in unreviewed.items() if a in given_now}
    parts = [curation.not_reviewed(old)] if old else []
    if new:
        names, tail = curation.not_reviewed(new).split(" not reviewed it ", 1)
        names = names.rsplit(" ", 1)[0]  # "cy has" → "cy"; "cy, dan have" → "cy, dan"
        verb = "has" if len(new) == 1 else "have"
        parts.append(f"{names}, given it after it was curated, {verb} not reviewed it yet {tail}: their layer is what "
                     "assign handed out — curate it again once their reviewed file is merged")
    return " and ".join(parts)


def flagged_decisions(project: Project, article_id: int) -> dict[str, list[str]]:
    """Per analyst, why each decided unit of the article that names that analyst is ⚠ changed
    since decided (:attr:`annotator.domain.curation.Unit.changed`, stance units likewise: "ana's
    PERSON «Smith» is gone since you kept it"), one entry a unit, the reasons of other analysts
    left out; {} for an article without curation decisions in gold (not aligned: cheap)."""
    decided = project.db.execute(
        "SELECT 1 FROM spans WHERE article_id = ? AND instr(attrs, '\"curation\"') "
        "UNION ALL SELECT 1 FROM stances WHERE article_id = ? AND instr(attrs, '\"curation\"') LIMIT 1",
        [article_id, article_id]).fetchone()
    if decided is None:
        return {}
    analysts = _analysts(project)
    al = curation.align(curation.curation_input(project, article_id, analysts))
    out: dict[str, list[str]] = {}
    for why in [u.changed for u in al.units if u.changed] + [st.changed for st in al.stances if st.changed]:
        parts = why.split("; ")
        for analyst in analysts:
            mine = [p for p in parts if p.startswith(f"{analyst}'s ") or f" {analyst}'s " in p]
            if mine:
                out.setdefault(analyst, []).append("; ".join(mine))
    return out


@dataclasses.dataclass(slots=True)
class Kept:
    """What :func:`keep_versions` did: ``disagreements`` decided, ``changed`` decisions ⚠ changed
    since decided decided again (label conflicts a newer merge made among them), ``unlinked`` kept
    spans ⚠ linked to nothing kept so (the analyst's version, seen: as ``A``), and ``refused``
    the units it could not decide so, each with why."""

    disagreements: int = 0
    changed: int = 0
    refused: list[str] = dataclasses.field(default_factory=list)
    unlinked: int = 0  # fix11n: kept spans ⚠ linked to nothing, kept so (seen) with the analyst's version
    #: fix11ag P7: disagreements decided before (another analyst's version kept, or rejected) that
    #: this --keep decided again the analyst's way, as their digit does in the window; ``redone``
    #: says each ("PERSON «Tom Brennan»: was cy's, now ana's")
    redecided: int = 0
    redone: list[str] = dataclasses.field(default_factory=list)
    #: fix11ag P7: without ``redecide``, the disagreements decided before otherwise than the
    #: analyst's version (each "PERSON «Tom Brennan» (cy's)"): left as decided, said with the flag
    #: that decides them again
    otherwise: list[str] = dataclasses.field(default_factory=list)
    #: fix11t (usertest11i 7): what each decision did to the links of the kept span, as the view's
    #: status line says it ("QUOTE «it was a fantasy»: its CUE «said» stays as you decided: no link")
    notes: list[str] = dataclasses.field(default_factory=list)
    #: fix11ak N8 (usertest11r): of those decided, where the analyst marked nothing (gold keeps
    #: nothing there: their digit rejects): "kept dee's version of 8 disagreements" hid that dee's
    #: layer was empty
    nothing: int = 0

    @property
    def written(self) -> int:
        return self.disagreements + self.changed + self.unlinked + self.redecided


def _where(al: curation.Alignment, key: str) -> str:
    """A unit or stance unit by what it is (fix11ae: not its key): ``QUOTE «…»``, ``the stance of …``."""
    unit = al.unit(key)
    stance = al.stance(key) if unit is None else None
    return (f"{'/'.join(unit.labels)} «{curation.cut_words(al.words(unit), 40)}»" if unit is not None
            else f"the stance of {stance.name} on «{stance.target}»" if stance is not None else key)


def _decided_as(unit: curation.Unit | None, stance: curation.StanceUnit | None) -> str:
    """How a decided unit or stance unit is decided, for "was …" (fix11ag P7): ``cy's``,
    ``ana's and ben's`` (the analysts its kept record's origin names), ``gold's own``, ``rejected``."""
    if unit is not None:
        kept = unit.kept_gold()
        if unit.decision != curation.Decision.KEPT or kept is None:
            return "rejected"
        origin = kept.origin
    elif stance is not None:
        kept_st = stance.kept_gold()
        if kept_st is None:
            return "rejected"
        origin = kept_st.origin
    else:
        return "decided"
    names = [n for n in origin.removeprefix("analyst:").split(",") if n] if origin.startswith("analyst:") else []
    if not names:
        return "gold's own"
    owned = [f"{n}'s" for n in names]
    return " and ".join(owned) if len(owned) < 3 else ", ".join(owned[:-1]) + " and " + owned[-1]


def _decided_otherwise(unit: curation.Unit | None, stance: curation.StanceUnit | None, analyst: str) -> bool:
    """Whether a decided unit (or stance unit) holds in gold something else than ``analyst``'s
    version: another analyst's version kept, or rejected where they have one, or kept where they
    have none (fix11ag P7)."""
    if unit is not None:
        version, kept = unit.version_of(analyst), unit.kept_gold()
        if version is None:
            return unit.decision == curation.Decision.KEPT
        return unit.decision != curation.Decision.KEPT or kept is None or kept.key != version.key
    if stance is not None:
        mine, kept_st = stance.versions.get(analyst), stance.kept_gold()
        if mine is None:
            return kept_st is not None
        return kept_st is None or curation.stance_content(kept_st) != curation.stance_content(mine)
    return False


def keep_versions(project: Project, article_id: int, analyst: str, *, by: str = "", redecide: bool = False) -> Kept:
    """Keep ``analyst``'s version of every disagreement of the article not decided yet — span
    units, then stance units — and of every decision ⚠ changed since decided (cur11ui: a label
    conflict a newer merge made where the analysts had agreed was skipped and reported as 0), as
    pressing their digit on each in the curation view (where they marked nothing, gold keeps
    nothing; their speaker, cue and stances follow). Each decision is its own edit (change log).
    Returns a :class:`Kept`: the counts, and why each unit it could not decide so was skipped
    (e.g. a stance whose quote gold rejected). Raises ``KeyError`` when the analyst was not given
    the article."""
    analysts = _analysts(project)
    state = curation.ArticleCuration(curation.curation_input(project, article_id, analysts))
    if analyst not in state.data.layers:
        raise KeyError(analyst)
    tried: set[str] = set()
    kept = Kept()
    said_of: list[tuple[str, list[str]]] = []  # each decision's notes (kept.notes at the end: P3)
    while True:
        al = state.alignment
        pending = [u.key for u in al.units if (u.disagreement and not u.decided) or u.changed]
        # fix11y (usertest11l H1, r29): a stance ⚠ changed since decided is decided again by the digit,
        # as a span unit is (it was skipped silently); an agreed one is --accept-agreed's, as agreed spans are
        pending += [st.key for st in al.stances if (st.disagreement and not st.decided) or st.changed]
        # fix11ag P7: then the disagreements decided already (a first --keep cy, a digit in the
        # window): decided again the analyst's way, as their digit does there — a second --keep ana
        # said "nothing to keep" and could not revise cy's. One decided so already changes nothing.
        # Explicit (``redecide``, curate's --redecide): a plain --keep never overturns a decision the
        # lead made in the window (docs/team.md: a decided unit is never changed by taking another);
        # those decided otherwise are named instead, with the flag. Speakers and cues go before the
        # quotes linking them, so each quote links to the speaker decided again.
        decided = sorted((u for u in al.units if u.disagreement and u.decided and not u.changed),
                         key=lambda u: (not al.linked_from(u), u.start, u.end))
        again = [u.key for u in decided] + [st.key for st in al.stances if st.disagreement and st.decided and not st.changed]
        if not redecide:
            if not kept.otherwise and not tried:
                kept.otherwise = [f"{_where(al, k)} ({_decided_as(al.unit(k), al.stance(k))})" for k in again
                                  if _decided_otherwise(al.unit(k), al.stance(k), analyst)]
            again = []
        pending += again
        key = next((k for k in pending if k not in tried), None)
        if key is None:
            # fix11ag P3: a note that a quote's decision left a stance to decide is dropped once a
            # later decision of this run decided that stance (it said "left to decide" of a stance
            # this very --keep had kept): the words come from the state the run ends in
            settled = [st for st in al.stances if st.decided]
            kept.notes = [n for n in (f"{where}: {'; '.join(p for p in parts if not any(curation.stance_note_of(st, p) for st in settled))}"
                                      for where, parts in said_of) if not n.endswith(": ")]
            return kept
        tried.add(key)
        unit = al.unit(key)
        stance = al.stance(key) if unit is None else None
        flagged = bool(unit.changed) if unit is not None else stance is not None and bool(stance.changed)
        redo = key in again
        where = _where(al, key)
        try:
            edit = state.take(key, analyst, by=by)
        except (KeyError, ValueError) as exc:
            # fix11ae (usertest11o O2c): a refusal that names window keys has its curate words (flags)
            said = exc.cli if isinstance(exc, curation.Refused) else str(exc.args[0] if exc.args else exc)
            kept.refused.append(said.strip("'\""))
            continue
        if not edit and redo:
            continue  # decided the analyst's way already: nothing to say
        if not edit:  # never silent: say which and why
            kept.refused.append(f"{where}: gold already holds {analyst}'s version and take wrote nothing"
                                + (" (still ⚠ changed since decided: decide it in the curation view)" if flagged else ""))
            continue
        was = _decided_as(unit, stance) if redo else ""
        stamped = project.apply(edit, by=by)
        if (unit.version_of(analyst) is None) if unit is not None else (stance is not None and analyst not in stance.versions):
            kept.nothing += 1
        # fix11ag: the decision's own notes, typed and in curate's words (flags, not the window's
        # keys) — they were split out of its description's text
        links = [part for part in getattr(edit, "said", ()) if part.startswith("its ")]
        if links:
            said_of.append((where, links))
        if redo:
            kept.redecided += 1
        elif unit is not None and unit.unlinked and unit.version_of(analyst) is not None:
            kept.unlinked += 1  # kept so (their version, seen); where they marked nothing gold's span is rejected: decided again
        elif flagged:
            kept.changed += 1
        else:
            kept.disagreements += 1
        if state.follow(stamped) is None:  # an analyst's layer changed: align again
            state = curation.ArticleCuration(curation.curation_input(project, article_id, analysts))
        if redo:  # fix11ag P7: what it changed, read from gold as the decision left it
            now_al = state.alignment
            kept.redone.append(f"{where}: was {was}, now {_decided_as(now_al.unit(key), now_al.stance(key))}")



@dataclasses.dataclass
class Rejected:
    """What :func:`reject_versions` did (fix11ai, issue 11): ``disagreements`` undecided
    disagreements rejected, ``changed`` decisions ⚠ changed since decided rejected (decided again),
    ``unlinked`` kept spans ⚠ linked to nothing rejected, ``rejected`` each of them named (``QUOTE «…»``), ``notes`` what each rejection did to the links
    and stances of the span it rejected (``curate``'s words, as :class:`Kept`'s), ``refused`` the
    units it could not reject, each with why."""

    disagreements: int = 0
    changed: int = 0
    rejected: list[str] = dataclasses.field(default_factory=list)
    notes: list[str] = dataclasses.field(default_factory=list)
    refused: list[str] = dataclasses.field(default_factory=list)
    #: kept spans ⚠ linked to nothing (their quote not kept) rejected: a kind of their own, as in :class:`Kept`
    unlinked: int = 0

    @property
    def written(self) -> int:
        return self.disagreements + self.changed + self.unlinked


def reject_versions(project: Project, article_id: int, analyst: str, *, by: str = "") -> Rejected:
    """Reject every unit of the article where ``analyst`` marked a version and the analysts
    disagree, not decided yet — span units, then stance units — and every decision ⚠ changed since
    decided where they have a version: what ``X`` does on each in the curation view (gold keeps
    nothing there, whatever the other analysts marked; the links and stances resting on it are
    rejected with it). ``curate --reject ANALYST --article N``: a lead on the command line can
    finish an article where every analyst's version is wrong (before, only the window's X could).
    Units ``analyst`` marked nothing in, and agreed units, are left (``--keep``/``--accept-agreed``).
    Each rejection is its own edit (change log). Returns a :class:`Rejected`. Raises ``KeyError``
    when the analyst was not given the article."""
    analysts = _analysts(project)
    state = curation.ArticleCuration(curation.curation_input(project, article_id, analysts))
    if analyst not in state.data.layers:
        raise KeyError(analyst)
    done = Rejected()
    tried: set[str] = set()
    while True:
        al = state.alignment
        # spans before stances: rejecting a quote decides the stances resting on it (stance rule S1)
        pending = [u.key for u in al.units if u.version_of(analyst) is not None
                   and ((u.disagreement and not u.decided) or u.changed)]
        pending += [st.key for st in al.stances if analyst in st.versions
                    and ((st.disagreement and not st.decided) or st.changed)]
        key = next((k for k in pending if k not in tried), None)
        if key is None:
            return done
        tried.add(key)
        unit = al.unit(key)
        stance = al.stance(key) if unit is None else None
        flagged = bool(unit.changed) if unit is not None else stance is not None and bool(stance.changed)
        where = _where(al, key)
        try:
            edit = state.reject(key, by=by)
        except (KeyError, ValueError) as exc:
            said = exc.cli if isinstance(exc, curation.Refused) else str(exc.args[0] if exc.args else exc)
            done.refused.append(f"{where}: {said.strip(chr(39) + chr(34))}")
            continue
        if not edit:
            done.refused.append(f"{where}: gold holds nothing there already and the rejection wrote nothing")
            continue
        stamped = project.apply(edit, by=by)
        # the decision's notes, typed and in curate's words (links and stances it rejected with it)
        notes = [part for part in getattr(edit, "said", ()) if part.startswith("its ")]
        if notes:
            done.notes.append(f"{where}: {'; '.join(notes)}")
        done.rejected.append(where)
        if unit is not None and unit.unlinked:
            done.unlinked += 1
        elif flagged:
            done.changed += 1
        else:
            done.disagreements += 1
        if state.follow(stamped) is None:  # an analyst's layer changed: align again
            state = curation.ArticleCuration(curation.curation_input(project, article_id, analysts))

__all__ = ["WITHDRAWN", "CurationState", "Kept", "accept_agreed", "accept_single", "article_analysts", "state_from",
           "withdraw_stale_curations", "curation_states", "flagged_decisions", "keep_versions", "Rejected", "reject_versions", "state_of", "still_withdrawn", "team_article_ids"]
