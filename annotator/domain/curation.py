"""Curation: adjudicate the analysts' layers of one article into its gold layer (issue 11).

Pure functions, no Qt, nothing written: :func:`align` reads the analysts' layers and the gold
layer of one article (:class:`CurationInput`, built from ``Project.bundle(article_id,
analyst=NAME)`` by :func:`curation_input`) and returns its **units**; :func:`take`,
:func:`accept_agreed`, :func:`accept_all_agreed` and :func:`reject` return the
:class:`~annotator.domain.edits.Edit` that writes a decision to gold — an ordinary edit, applied
and undone by storage like any other (``Project.apply`` / the window's undo stack).

**Units.** Spans of the same label and offsets are one unit first (exact matches pair first):
such a unit two analysts share, or every analyst given the article has, takes no other span of
its analysts — nested or overlapping same-label spans the analysts all marked exactly are
separate units. Among the rest, spans of the same label that overlap (share at least one code
point) are one unit (transitively; a span of an analyst missing from an exact unit may join it,
best Jaccard first). Then units of *different* labels whose analysts do not
overlap (no analyst in both) and whose extents overlap by at least :data:`CONFLICT_OVERLAP`
(Jaccard of the code points covered) are one unit too: that is a label conflict ("ana says ORG
where ben says GPE"). Nested spans of another label (a PERSON inside a QUOTE) stay apart: their
Jaccard is small, and an analyst who marked both is in both.

**Agreement** of a unit (:class:`Agreement`), among the analysts *given* the article
(``Project.layer_article_ids``; an analyst given it who marked nothing there said "nothing"):

* ``agreed``: every analyst given the article (at least two) has exactly one span there, same
  offsets, same label;
* ``single``: the article was given to one analyst only: nobody else could see it, so it is neither
  agreed nor a disagreement; ``accept_all_agreed`` leaves it, the curator takes it (1) or rejects it;
* ``conflict``: more than one label;
* ``one_analyst``: one analyst only marked it, others were given the article;
* ``partial``: one label, but offsets differ or some (not all but one) analysts lack it.

For units whose spans are heads of links (a QUOTE's SPEAKER and CUE, a CLAIM's CLAIMANT),
``links_agree`` says whether every analyst who marked the unit points each link label at the same
unit; a unit whose spans agree but whose speakers differ is a disagreement too.

**State vs gold.** Gold spans belong to a unit when the curation made them from one of its spans
(``attrs["curation"]["from"]``) or, else, when they have one of its labels and overlap it, or,
else, when they are of its layer and cover its place (Jaccard >= :data:`CONFLICT_OVERLAP`: a
machine LOC where the analysts said ORG). A unit is ``kept`` when one of its gold spans is
accepted, ``rejected`` when it has gold spans and all are rejected, ``""`` (not decided) otherwise
— a pre-annotation suggestion left in gold decides nothing. fix11s: that holds for a unit with a
curation decision (a gold span with a decision record); gold's own spans from before curation
(imported without ``--analyst``, decided by hand) decide only where they are the analysts' agreed
version, links included — else the unit is a disagreement between gold and the analysts
(:func:`own_gold`, :attr:`Unit.gold_differs`), which no bulk decision overwrites.

**Decisions outlive no evidence.** A gold span a decision made whose every analyst version was
deleted since (a newer file re-merged) is a unit still (:attr:`Agreement.GONE`, no versions, found
by the refs its decision names): it is *changed since decided* ("ben's PERSON «Smith» is gone since
you kept it") until the curator rejects it (X), keeps it as it is (:func:`keep_gold`, ``A``) or
keeps an analyst's "nothing" (a digit).

**Decisions.** Taking ana's version writes a **new** gold span (new id, ``analyst=""``,
``origin="analyst:ana"``, ana's attributes plus ``attrs["curation"] = {"kept": "ana", "by": ...,
"at": ..., "from": ["ana:<id>", …], "seen": {...}}``; fix11ag P1: origin and ``from`` name every
analyst whose version equals the kept one — ``analyst:ana,ben`` where ben's is the same — whatever
key kept it and in whatever order the units were decided; links and stances likewise) — the one an earlier decision wrote at that
position and label is reused, and so is an accepted gold span there (gold's own from before
curation: by content it is that version, fix11w), a suggestion still pending never is; keeping
a version gold holds already (span, label, links, stances, compared by content) writes nothing
("Already so in gold: nothing to change"); every other gold span of
the unit (a suggestion of the same or another label) is rejected in the same edit, so the unit is
settled: nothing of it is left pending. Ana's links from it follow
(her speaker and cue: linked to the unit's gold span when decided, else ana's version is taken
too), and her stances resting on it. fix11y: gold's accepted links *to* a span the kept version
replaces, and its accepted stances naming it (holder span, or the quote it rests on), move to the
kept span (:func:`_move_stances`). Rejecting a unit rejects its gold spans and writes a
rejected gold span for each version nobody kept, so "none of them" is a decision that stays
decided (an export of accepted records has nothing there); the accepted gold stances whose holder
span it rejects are rejected with it, as the links to it are (:func:`_reject_holders`). When a decision leaves no unit of the
article undecided, the same edit marks the article curated (status ``reviewed``,
``meta["curation"] = {"status": "curated", "by", "at"}``).

**Linked to nothing** (fix11m). A kept unit its analysts linked from quotes that are all decided,
none of whose kept gold spans has an accepted gold link to an accepted gold span, is flagged
(:attr:`Unit.unlinked`, shown as its ``changed``): a property of the state, computed by
:func:`align` and :meth:`Alignment.with_gold` (which follows gold relations too), never stamped by
the edit that led there; :func:`unlinked_why` gives the rule, :func:`keep_gold` the lead's "keep it
so" (``unlinked_seen``).

**Edited after it was kept.** The lead's later edit of a kept gold span (relabel, resize:
:func:`relabel_gold`, :func:`resize_gold`) records itself in the decision,
``attrs["curation"]["edited"] = {"by", "at", "was": [start, end, label]}`` in the same edit (undone
with it); :func:`kept_by` says "ben's, edited by lead" — and "ben's, edited" for a kept span
whose place or label differs from the version kept, however it was edited (the main window).
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from enum import StrEnum
from typing import Any, Protocol

from annotator.domain import commands, stance_rule
from annotator.domain.curation_flags import gold_differs_said
from annotator.domain.curation_flags import MarkMove, StepWords, step_said  # noqa: F401  # step_said re-exported (the undo lines' words)
from annotator.domain.edits import Change, Edit
from annotator.domain.link_edits import apply_changes
from annotator.domain.model import FRAGMENT, Article, ArticleBundle, ArticleStatus, Relation, Span, Stance, Status, new_id, now
from annotator.domain.attributions import pending_suggestions
from annotator.domain.words import plural

#: Minimum Jaccard overlap (code points) for spans of different labels to be one label-conflict unit.
CONFLICT_OVERLAP = 0.5


def cut_words(words: str, limit: int = 30) -> str:
    """``words`` for a message: at most ``limit`` code points plus "…", cut at a word boundary
    (issue 11: «…the Unit» read as a different word than the quote's «United»); a single word
    longer than ``limit`` is cut inside it. Whitespace and newlines read as one space."""
    words = " ".join(words.split())
    if len(words) <= limit:
        return words
    head = words[:limit + 1]
    space = head.rfind(" ")
    cut = head[:space] if space > 0 else words[:limit]
    return cut.rstrip(" ,;:") + "…"


class Agreement(StrEnum):
    AGREED = "agreed"
    PARTIAL = "partial"
    CONFLICT = "conflict"
    ONE_ANALYST = "one_analyst"
    SINGLE = "single"  # the article was given to one analyst only: nobody could agree or disagree
    GONE = "gone"  # a gold decision whose every analyst version a newer merge deleted (no version left)
    #: fix11u: gold's own span from before curation (imported without --analyst, accepted by hand
    #: before ``assign``) that every analyst given the article left out: they agree nothing is
    #: there, gold differs (:func:`_left_out_units`)
    LEFT_OUT = "left_out"


class Decision(StrEnum):
    UNDECIDED = ""
    KEPT = "kept"
    REJECTED = "rejected"


@dataclasses.dataclass(frozen=True, slots=True)
class CurationInput:
    """One article's layers: ``layers`` analyst name → that analyst's bundle of the article, for the
    analysts given it, in the project's order of analysts (the digit keys: 1 = first);
    ``gold`` the gold layer's bundle."""

    gold: ArticleBundle
    layers: Mapping[str, ArticleBundle]
    #: fix11t: analyst → the status their own file gave the article (``new``, ``in_progress``,
    #: ``done``, ``reviewed``; "" never stated: an import from a file that says nothing)
    statuses: Mapping[str, str] = dataclasses.field(default_factory=dict)

    @property
    def analysts(self) -> tuple[str, ...]:
        return tuple(self.layers)

    @property
    def unreviewed(self) -> dict[str, str]:
        """:func:`unreviewed_of` of this article's analysts."""
        return unreviewed_of(self.statuses, self.analysts)

    @property
    def article(self) -> Article:
        return self.gold.article


#: fix11t: the statuses of an analyst's own file that say they have not reviewed the article (not
#: marked done): their layer is what they were handed or a half-way state, not their answer.
UNREVIEWED_STATUSES = (str(ArticleStatus.NEW), str(ArticleStatus.IN_PROGRESS))


def unreviewed_of(statuses: Mapping[str, str], analysts: Sequence[str]) -> dict[str, str]:
    """The one rule of "has not reviewed it" (fix11t, issue 11): of ``analysts`` (in their order),
    those whose own file gives the article a status of :data:`UNREVIEWED_STATUSES` (``new``: never
    opened; ``in_progress``: opened, never marked done), name → status. A status never stated
    ("", a file that says nothing) and ``done``/``reviewed`` are an answer. While any is left, the
    article is not curated: no decision marks it (:func:`_finish`), Ctrl+Return / ``curate
    --accept-agreed`` / ``--accept-single`` refuse (:func:`accept_all_agreed`,
    :func:`keep_single_analyst`), :attr:`Alignment.article_curated` is False and a merge or import
    that moves a status back withdraws the mark (``curation_state.withdraw_stale_curations``)."""
    return {a: statuses[a] for a in analysts if statuses.get(a, "") in UNREVIEWED_STATUSES}


class LayerSource(Protocol):
    """What :func:`curation_input` reads (``annotator.storage.project.Project`` is one)."""

    def bundle(self, article_id: int, *, statuses: Any = None, analyst: str = "") -> ArticleBundle: ...
    def layer_article_ids(self, analyst: str) -> list[int]: ...


def curation_input(source: LayerSource, article_id: int, analysts: Sequence[str],
                   progress: Callable[[str], None] | None = None) -> CurationInput:
    """The article's gold bundle and the bundles of those of ``analysts`` (the project's analysts,
    in their order: ``[info.analyst for info in project.layers()]``) given the article.
    ``progress`` is told each read before it starts ("ana's layer (1 of 2)", "the gold layer")."""
    given = [a for a in analysts if article_id in set(source.layer_article_ids(a))]
    layers = {}
    for n, a in enumerate(given, 1):
        if progress is not None:
            progress(f"{a}'s layer ({n} of {len(given)})")
        layers[a] = source.bundle(article_id, analyst=a)
    if progress is not None:
        progress("the gold layer")
    status_of = getattr(source, "layer_article_status", None)
    statuses = {a: status_of(a, article_id) for a in given} if status_of is not None else {}
    return CurationInput(gold=source.bundle(article_id), layers=layers, statuses=statuses)


def ref(span: Span) -> str:
    """``"ana:<id>"``: an analyst's span, unique across layers (two analysts' ids may be equal)."""
    return f"{span.analyst}:{span.id}"


@dataclasses.dataclass(frozen=True, slots=True)
class Unit:
    """One place of the article the analysts annotated, with each analyst's version(s).

    ``key`` is stable while the analysts' layers are (the smallest member ``ref``); ``start``/
    ``end`` the extent of all versions (code points, half-open); ``versions`` the analysts' spans
    in analyst order then position; ``analysts`` everyone given the article; ``links`` analyst →
    link label → keys of the units their links from this unit point at; ``gold`` the gold spans
    of the unit; ``decision`` its state vs gold."""

    key: str
    start: int
    end: int
    versions: tuple[Span, ...]
    analysts: tuple[str, ...]
    agreement: Agreement
    links: Mapping[str, Mapping[str, tuple[str, ...]]]
    links_agree: bool
    gold: tuple[Span, ...] = ()
    decision: Decision = Decision.UNDECIDED
    changed: str = ""  # decided, but an analyst's layer changed there since (changed_since_decided)
    gone: tuple[str, ...] = ()  # a unit of :attr:`Agreement.GONE`: the refs its decision was made from, none left
    link_refs: tuple[tuple[str, str, str], ...] = ()  # the analysts' links from it: (head ref, label, child ref)
    unlinked: str = ""  # fix11m: kept, linked to nothing in gold though its analysts linked it (:func:`unlinked_why`)
    #: fix11s: gold held its own version here before any curation decision (imported without
    #: --analyst, accepted or rejected by hand) and it is not the analysts' agreed one: what each says
    #: (:func:`own_gold`). Undecided and a disagreement (gold against the analysts) until the lead decides.
    gold_differs: str = ""
    #: fix11u: a unit of :attr:`Agreement.LEFT_OUT`: the ids of gold's own spans it holds (no analyst marked them)
    own: tuple[str, ...] = ()

    @property
    def left_out(self) -> bool:
        """Gold's own span from before curation that every analyst given the article left out
        (:attr:`Agreement.LEFT_OUT`): the analysts agree nothing is there; undecided, gold differs,
        until the lead keeps gold's (A) or takes the analysts' "nothing" (a digit, X)."""
        return self.agreement == Agreement.LEFT_OUT

    @property
    def labels(self) -> tuple[str, ...]:
        """The analysts' labels here; a unit no version is left of (:attr:`Agreement.GONE`): gold's."""
        return tuple(sorted({s.label for s in (self.versions or self.gold)}))

    @property
    def orphan(self) -> bool:
        """A gold decision none of whose analysts' versions is left (every one deleted by a newer
        merge): a unit still, flagged changed since decided until the curator decides it again."""
        return self.agreement == Agreement.GONE

    @property
    def disagreement(self) -> bool:
        """Analysts differ here (a unit only one analyst could see is none: :attr:`single`), or gold's
        own version from before curation differs from theirs (:attr:`gold_differs`)."""
        return self.agreement not in (Agreement.AGREED, Agreement.SINGLE) or not self.links_agree or bool(self.gold_differs)

    @property
    def single(self) -> bool:
        """Only one analyst was given the article: nobody agreed with them."""
        return self.agreement == Agreement.SINGLE

    @property
    def decided(self) -> bool:
        return self.decision != Decision.UNDECIDED

    def version_of(self, analyst: str) -> Span | None:
        """The analyst's span in this unit (the longest when they marked several), or None."""
        mine = [s for s in self.versions if s.analyst == analyst]
        return max(mine, key=lambda s: (s.end - s.start, -s.start)) if mine else None

    def refs(self) -> frozenset[str]:
        return frozenset(ref(s) for s in self.versions)

    def kept_gold(self) -> Span | None:
        return next((g for g in self.gold if g.status == Status.ACCEPTED), None)


@dataclasses.dataclass(frozen=True, slots=True)
class StanceUnit:
    """The analysts' stances of one (holder, target, evidence unit) with their polarities, curated
    like a span unit (:func:`take_stance`, :func:`reject_stance`, :func:`set_gold_polarity`).

    ``versions`` analyst → their stance; ``gold`` the gold stances of the same holder (case-folded),
    target and evidence unit; ``decision`` kept (a gold stance accepted), rejected (all rejected,
    or the evidence unit rejected: a stance cannot rest on what gold does not keep), else ""."""

    holder: str
    target: str
    evidence_unit: str  # "" article level
    polarities: Mapping[str, str]  # analyst -> polarity (absent: no such stance)
    analysts: tuple[str, ...]
    versions: Mapping[str, Stance] = dataclasses.field(default_factory=dict)
    gold: tuple[Stance, ...] = ()
    decision: Decision = Decision.UNDECIDED
    changed: str = ""  # decided, but the analyst's stance the decision was made from is gone since (a newer merge)
    gone: tuple[str, ...] = ()  # a stance decision no analyst's stance is left of: the refs it names
    #: fix11u: gold's own stance from before curation (no curation record) unlike the analysts'
    #: agreed one, or one every analyst left out: what each holds (the span units' rule, :func:`own_gold`)
    gold_differs: str = ""
    #: fix11y (usertest11l H1): its quote is not decided yet, so the quote's decision brings it (a
    #: digit or Ctrl+Return on the quote keeps the stances resting on it): not a unit left on its own.
    #: False for a stance on a quote decided already (the analysts added it after: no decision will
    #: bring it) and for an article-level one — those are decided on their own (:attr:`open`).
    with_quote: bool = False

    @property
    def open(self) -> bool:
        """fix11y (usertest11l H1): an undecided stance unit of the analysts that no quote decision
        will bring — it rests on a quote decided already (added after the quote was kept) or on the
        article: counted as a unit not decided yet (agreed, one analyst's, or a disagreement) like a
        span unit, so the article is not curated while it is left; Ctrl+Return / ``--accept-agreed``
        accept it when agreed (:func:`accept_all_agreed`), a digit or ``--keep`` takes a version."""
        return not self.decided and not self.with_quote and bool(self.versions)

    @property
    def orphan(self) -> bool:
        """A gold stance decision none of whose analysts' stances is left (deleted by a newer merge);
        not gold's own stance every analyst left out (:attr:`left_out`)."""
        return not self.versions and not self.left_out

    @property
    def left_out(self) -> bool:
        """fix11u: gold's own stance (no curation decision made it) where no analyst has one, or the
        lead's decision on such a stance (its record says ``left_out``)."""
        return not self.versions and any(_own_stance(g) or _stance_info(g).get("left_out") for g in self.gold)

    @property
    def key(self) -> str:
        return f"{STANCE_KEY}{self.holder}|{self.target}|{self.evidence_unit}"

    @property
    def name(self) -> str:
        """fix11ab (usertest11m F5a): the holder as the analysts (or gold) wrote it — ``holder`` is
        case-folded to group the versions; what a status line says keeps the case ("Maria Okafor")."""
        first = next(iter(self.versions.values()), None) or next(iter(self.gold), None)
        return first.holder.strip() if first is not None else self.holder

    @property
    def agreed(self) -> bool:
        """Every analyst given the article holds this stance, all alike (:func:`stances_agree`)."""
        return stances_agree(self.versions, self.analysts)

    @property
    def disagreement(self) -> bool:
        """The analysts given the article differ (one analyst alone disagrees with nobody), or gold's
        own stance from before curation differs from theirs (:attr:`gold_differs`)."""
        return (len(self.analysts) > 1 and not self.agreed) or bool(self.gold_differs)

    @property
    def decided(self) -> bool:
        return self.decision != Decision.UNDECIDED

    def kept_gold(self) -> Stance | None:
        return next((g for g in self.gold if g.status == Status.ACCEPTED), None)


def stance_content(stance: Stance) -> tuple[str, str, str]:
    """fix11ae (usertest11o O1): what two analysts' stances of one stance unit must share to be
    the same answer — (holder case-folded, target, polarity). The evidence is the unit's (its quote's
    unit), so equal by grouping; the holder *span* is not compared here: which span names the holder
    is the holder's span unit's decision (its own row), and a stance naming the holder by name only
    is the same answer where gold decides no span for her (fix11ac N1, :func:`_holders_rule`)."""
    return (stance.holder.strip().casefold(), stance.target.strip(), stance.polarity)


def stances_agree(versions: Mapping[str, Stance], analysts: Sequence[str]) -> bool:
    """fix11ae (usertest11o O1): the one test of "agreed" for a stance unit — every analyst of
    ``analysts`` (at least one) has a version and all versions have one :func:`stance_content`.
    Anything else (differing polarity, one analyst without it) is a disagreement: no bulk decision
    (Ctrl+Return, ``--accept-agreed``, ``A``) and no quote decision takes it; a digit, ``--keep``
    or ``X`` on the stance decides it."""
    if not analysts or set(versions) != set(analysts):
        return False
    return len({stance_content(v) for v in versions.values()}) == 1


def stance_left_said(su: StanceUnit) -> str:
    """The one wording of "a quote's decision left this stance to decide" (the start of its note:
    ``its stance of Tom Brennan on «harbour» left to decide``): made here only, so a caller that
    decides the stance later in the same run (``curate --keep``) drops the note of that very unit
    (fix11ag P3) by the unit, never by reading the words of another message."""
    return f"its stance of {su.name} on «{su.target}» left to decide"


def stance_difference(su: StanceUnit) -> str:
    """How the analysts' stances of ``su`` differ, said: "ana favor, ben against", "ben has none"."""
    parts = [f"{a} {su.versions[a].polarity}" if a in su.versions else f"{a} has none" for a in su.analysts]
    return "the analysts differ (" + ", ".join(parts) + ")"


#: Keys of stance units start so (a span unit's key is an analyst's span ref, ``"ana:<id>"``).
STANCE_KEY = "stance:"


class _GoldIndex:
    """Where a gold span belongs (module doc, "State vs gold"), answered per span without a pass
    over the units: built once per article from the analysts' units, whose versions and extents
    do not change while the layers do not (a decision changes gold only)."""

    __slots__ = ("all_starts", "all_units", "by_label", "key_of_gold", "key_of_ref", "linked_from", "longest", "starts")

    def __init__(self, units: Sequence[Unit]) -> None:
        self.key_of_ref: dict[str, str] = {ref(s): u.key for u in units for s in u.versions}
        # a unit no version is left of is found by the refs its decision names (none is any live unit's)
        self.key_of_ref.update({r: u.key for u in units if u.orphan for r in u.gone})
        # fix11u: gold's own spans every analyst left out are their unit's by id (no analyst's span is there)
        self.key_of_gold: dict[str, str] = {gid: u.key for u in units if u.left_out for gid in u.own}
        self.by_label: dict[str, list[Unit]] = {}
        live = sorted((u for u in units if u.versions), key=lambda u: u.start)
        for u in live:
            for label in {s.label for s in u.versions}:
                self.by_label.setdefault(label, []).append(u)
        self.starts = {label: [u.start for u in us] for label, us in self.by_label.items()}
        self.longest = {label: max(u.end - u.start for u in us) for label, us in self.by_label.items()}
        self.all_units = live
        self.all_starts = [u.start for u in live]
        # child unit key -> the (head unit key, link label) pairs some analyst linked it from (a CUE's
        # and a SPEAKER's quotes): static while the layers are, like the rest of the index
        linked: dict[str, dict[str, str]] = {}
        for u in units:
            for per in u.links.values():
                for label, children in per.items():
                    for c in children:
                        if c != u.key:
                            linked.setdefault(c, {}).setdefault(u.key, label)
        self.linked_from: dict[str, tuple[tuple[str, str], ...]] = {c: tuple(sorted(h.items())) for c, h in linked.items()}

    def home(self, g: Span) -> str | None:
        """The key of the unit gold span ``g`` belongs to: the unit it was made from, else the
        overlapping unit of its label with the largest overlap (ties: the larger key), else the
        unit of other labels of its layer covering the same place (Jaccard of extents at least
        :data:`CONFLICT_OVERLAP`, as a label conflict between analysts: a machine suggestion LOC
        where the analysts chose ORG is that unit's too, settled by its decision); None."""
        made_from = _curated_from(g)
        home = next((self.key_of_ref[r] for r in sorted(made_from) if r in self.key_of_ref), None)
        if home is not None:
            return home
        if g.label in self.by_label:
            cands = self.by_label[g.label]
            lo = bisect.bisect_left(self.starts[g.label], g.start - self.longest[g.label])
            hi = bisect.bisect_left(self.starts[g.label], g.end)
            # a unit with a version exactly at g first (a gold QUOTE 560–606 is the nested agreed
            # quote's, not the outer quote's 492–606 that overlaps it as much)
            near = [(any(s.key == g.key for s in u.versions), max(_overlap(g, s) for s in u.versions), u.key)
                    for u in cands[lo:hi]]
            near = [n for n in near if n[1] > 0]
            if near:
                return max(near)[2]
        # Jaccard >= 1/2 needs the unit at most twice g's length and starting at most that far before it
        length = g.end - g.start
        lo = bisect.bisect_left(self.all_starts, g.start - 2 * length)
        hi = bisect.bisect_left(self.all_starts, g.end)
        same_place = [(_jaccard((g.start, g.end), (u.start, u.end)), u.key) for u in self.all_units[lo:hi]
                      if any(s.layer == g.layer for s in u.versions)]  # a PERSON inside a QUOTE is not the QUOTE's
        same_place = [n for n in same_place if n[0] >= CONFLICT_OVERLAP]
        return max(same_place)[1] if same_place else self.key_of_gold.get(g.id)


def _decision(gold: Sequence[Span]) -> Decision:
    if any(s.status == Status.ACCEPTED for s in gold):
        return Decision.KEPT
    if gold and all(s.status == Status.REJECTED for s in gold):
        return Decision.REJECTED
    return Decision.UNDECIDED


def _by_curation(span: Span) -> bool:
    """Whether a curation decision wrote or stamped gold span ``span`` (it has a decision record;
    a record typed over by hand counts too: :func:`changed_since_decided` names that)."""
    return span.attrs.get("curation") not in (None, "")


def _gold_decision(unit: Unit, gold: Sequence[Span], gold_links: tuple[Mapping[str, Span], Mapping[str, Mapping[str, Relation]]],
                   index: _GoldIndex, unit_at: Callable[[str], Unit | None], text: str) -> tuple[Decision, str]:
    """:func:`own_gold` read from an alignment's gold spans by id and gold relations by span id."""
    spans, rels = gold_links
    return own_gold(unit, gold, lambda sid: [r for r in rels.get(sid, {}).values() if r.head == sid], spans.get, index.home,
                    unit_at, text)


def own_gold(unit: Unit, gold: Sequence[Span], links_of: Callable[[str], Iterable[Relation]],
             span_of: Callable[[str], Span | None], home: Callable[[Span], str | None],
             unit_at: Callable[[str], Unit | None] = lambda key: None, text: str = "") -> tuple[Decision, str]:
    """fix11s: the decision of ``unit`` given its gold spans ``gold``, and why gold's own version
    differs from the analysts' ("" when it does not).

    A gold span no curation decision wrote or stamped (:func:`_by_curation`: imported without
    ``--analyst``, accepted or rejected by hand in the main window before the team was assigned)
    is a **pre-existing gold decision**, not a curation decision. While no gold span of the unit
    is a curation decision, gold's own version is compared with the analysts' agreed one (all
    analysts given the article agree on its span and links; in an article given to one analyst,
    theirs):

    * equal — one accepted gold span at the agreed offsets and label, whose accepted gold links
      (to accepted gold spans) go to the units the analysts' links go to, label by label — it is
      agreed: :attr:`Decision.KEPT`, nothing to do, no ⚠;
    * differing (another span or label, other links, or gold rejected the very span they agree on),
      or the analysts disagree among themselves: :attr:`Decision.UNDECIDED`, with the difference
      said (a disagreement between gold and the analysts, left for the lead: ``A`` keeps gold's,
      a digit an analyst's, ``X`` rejects);
    * gold rejected only spans the analysts do not agree on (a machine LOC where they all say
      ORG) or holds suggestions only: :attr:`Decision.UNDECIDED`, no difference (gold decided
      nothing about their version).

    ``links_of(span_id)``: gold relations from a gold span (any status); ``span_of``: gold span by
    id; ``home``: the unit key a gold span belongs to; ``unit_at``: unit by key (to name a link's
    end); ``text``: the article's, to quote spans."""
    decision = _decision(gold)

    def words(start: int, end: int) -> str:
        return f"«{cut_words(' '.join(text[start:end].split()))}»" if text else f"{start}–{end}"

    if unit.left_out and decision != Decision.UNDECIDED and not any(_by_curation(g) for g in gold):
        # fix11u (usertest11j F1): every analyst left out what gold holds: they agree nothing is
        # there, so gold's own span is a difference, as when one analyst's version differs
        kept_own = [g for g in gold if g.status == Status.ACCEPTED]
        if not kept_own:
            return decision, ""  # gold rejected it too: gold and the analysts agree nothing is there
        nobody = ("the analysts agree nothing is there" if len(unit.analysts) > 1
                  else f"{unit.analysts[0] if unit.analysts else 'the analyst'} left nothing there")
        ours = "; ".join(f"{g.label} {words(g.start, g.end)}" for g in kept_own)
        return Decision.UNDECIDED, f"gold's own version from before curation: {ours}; {nobody}"
    if decision == Decision.UNDECIDED or not unit.versions or any(_by_curation(g) for g in gold):
        return decision, ""

    def gold_links(g: Span) -> dict[str, set[str | None]]:
        out: dict[str, set[str | None]] = {}
        for r in links_of(g.id):
            child = span_of(r.child)
            if r.status == Status.ACCEPTED and child is not None and child.status == Status.ACCEPTED and not child.analyst:
                out.setdefault(r.label, set()).add(home(child))
        return out

    def said(links: Mapping[str, Iterable[str]]) -> str:
        return ", ".join(f"{label} → {', '.join(sorted(keys))}" for label, keys in sorted(links.items()))

    theirs = None
    if unit.links_agree and (unit.agreement == Agreement.AGREED or (unit.agreement == Agreement.SINGLE and len(unit.versions) == 1)):
        theirs = unit.versions[0]
    kept = [g for g in gold if g.status == Status.ACCEPTED]
    if theirs is not None and decision == Decision.REJECTED and not any(g.key == theirs.key for g in gold):
        return Decision.UNDECIDED, ""  # gold rejected something else there: nothing decided about their version
    their_links = {label: set(keys) for label, keys in unit.links.get(theirs.analyst, {}).items()} if theirs is not None else {}
    if theirs is not None and len(kept) == 1 and kept[0].key == theirs.key and gold_links(kept[0]) == their_links:
        return Decision.KEPT, ""
    ours = "; ".join(f"{'' if g.status == Status.ACCEPTED else g.status.value + ' '}{g.label} {words(g.start, g.end)}"
                     for g in (kept or gold))
    if theirs is None:
        return Decision.UNDECIDED, f"gold's own version from before curation: {ours}; the analysts differ"
    agree = "the analysts agree on" if unit.agreement == Agreement.AGREED else f"{theirs.analyst}'s is"
    if len(kept) == 1 and kept[0].key == theirs.key:
        # same span, other links: say both sides' links (the difference is there)
        mine: dict[str, list[str]] = {}
        for r in links_of(kept[0].id):
            child = span_of(r.child)
            if r.status == Status.ACCEPTED and child is not None and child.status == Status.ACCEPTED and not child.analyst:
                mine.setdefault(r.label, []).append(words(child.start, child.end))
        other = {label: [words(u.start, u.end) for k in keys if (u := unit_at(k)) is not None] for label, keys in their_links.items()}
        return Decision.UNDECIDED, (f"gold's own version from before curation: {ours} with {said(mine) or 'no link'}; "
                                    f"{agree} {said(other) or 'no link'}")
    return Decision.UNDECIDED, f"gold's own version from before curation: {ours}; {agree} {theirs.label} {words(theirs.start, theirs.end)}"


class Alignment:
    """An article's units in text order, and its stance units.

    Look-ups by key and by span, and the counts of undecided units, are indexed: a key press or
    a decision on an article of tens of thousands of units touches only the units it changes
    (:meth:`with_gold`), never a pass over all of them."""

    __slots__ = ("_counts", "_gold_links", "_index", "_key_of_ref", "_pos", "analysts", "article", "blank", "stances", "units",
                 "unreviewed")

    def __init__(self, article: Article, analysts: tuple[str, ...], units: tuple[Unit, ...], stances: tuple[StanceUnit, ...],
                 *, _shared: tuple[dict[str, int], dict[str, str], _GoldIndex] | None = None,
                 _counts: tuple[int, int, int] | None = None,
                 _gold_links: tuple[dict[str, Span], dict[str, dict[str, Relation]]] | None = None,
                 unreviewed: Mapping[str, str] | None = None, blank: Collection[str] = ()) -> None:
        self.article, self.analysts, self.units, self.stances = article, analysts, units, stances
        #: fix11am: the analysts given the article whose layer of it holds no accepted span (:func:`align`)
        self.blank: frozenset[str] = frozenset(blank)
        #: fix11t: the analysts who have not reviewed the article (:func:`unreviewed_of`), name → status
        self.unreviewed: dict[str, str] = dict(unreviewed or {})
        # the gold spans by id and the gold relations by the span ids they join: what "linked to
        # nothing in gold" is read from (unlinked_why); replaced, never mutated, by with_gold
        self._gold_links = _gold_links if _gold_links is not None else ({}, {})
        if _shared is None:
            pos = {u.key: n for n, u in enumerate(units)}
            index = _GoldIndex(units)
            _shared = (pos, index.key_of_ref, index)
        self._pos, self._key_of_ref, self._index = _shared
        self._counts = _counts if _counts is not None else (
            sum(1 for u in units if not u.decided), sum(1 for u in units if u.disagreement and not u.decided),
            sum(1 for u in units if u.changed))

    def unit(self, key: str) -> Unit | None:
        n = self._pos.get(key)
        return self.units[n] if n is not None else None

    def unit_of(self, span: Span) -> Unit | None:
        """The unit an analyst's span is in."""
        key = self._key_of_ref.get(ref(span))
        return self.unit(key) if key is not None else None

    def row(self, key: str) -> int | None:
        """The position of unit ``key`` in :attr:`units` (text order)."""
        return self._pos.get(key)

    def home(self, gold: Span) -> Unit | None:
        """The unit a gold span belongs to (module doc), or None."""
        key = self._index.home(gold)
        return self.unit(key) if key is not None else None

    def with_gold(self, changes: Iterable[tuple[Any, Any]]) -> tuple[Alignment, list[str]]:
        """This alignment after gold spans or relations changed: ``changes`` (before, after) pairs
        of gold spans or gold relations (None: did not exist / deleted; :func:`gold_changes`).
        Only the units a changed span belonged to or belongs to now are rebuilt, and the units
        whose "linked to nothing" state they can change (the ends of a changed relation, the
        units the analysts linked from a rebuilt one); returns the new alignment and the keys of
        the units that changed (text order)."""
        touched: dict[str, dict[str, Span | None]] = {}
        spans, rels = self._gold_links
        span_pairs: list[tuple[Span | None, Span | None]] = []
        rel_pairs: list[tuple[Relation | None, Relation | None]] = []
        for before, after in changes:
            if isinstance(before if before is not None else after, Relation):
                rel_pairs.append((before, after))
            else:
                span_pairs.append((before, after))
        if span_pairs:
            spans = dict(spans)
        for before, after in span_pairs:
            # a span's unit is a function of the span alone (_GoldIndex.home): recomputing it for the
            # changed spans only gives what a full align() would
            before = before if before is not None and not before.analyst else None
            after = after if after is not None and not after.analyst else None
            old_home = self._index.home(before) if before is not None else None
            new_home = self._index.home(after) if after is not None else None
            if before is not None and old_home is not None and old_home != new_home:
                touched.setdefault(old_home, {})[before.id] = None
            if after is not None and new_home is not None:
                touched.setdefault(new_home, {})[after.id] = after
            if before is not None:
                spans.pop(before.id, None)
            if after is not None:
                spans[after.id] = after
        ends: set[str] = set()
        if rel_pairs:
            rels = dict(rels)
            for before_r, after_r in rel_pairs:
                for r, keep in ((before_r, False), (after_r, True)):
                    if r is None or r.analyst:
                        continue
                    for sid in (r.head, r.child):
                        per_span = dict(rels.get(sid, {}))
                        if keep:
                            per_span[r.id] = r
                        else:
                            per_span.pop(r.id, None)
                        rels[sid] = per_span
                        g = spans.get(sid)
                        home = self._index.home(g) if g is not None else None
                        if home is not None:
                            ends.add(home)
        # fix11s: a unit whose gold is gold's own (no curation decision) is decided by comparing its
        # gold links with the analysts': the units of a changed relation's ends, and the units of the
        # gold spans linked to a changed span (its status decides whether the link counts), again
        redecide = set(touched) | ends
        for before, after in span_pairs:
            for sp in (before, after):
                if sp is None or sp.analyst:
                    continue
                for r in rels.get(sp.id, {}).values():
                    if r.child == sp.id and (h := spans.get(r.head)) is not None and (k := self._index.home(h)) is not None:
                        redecide.add(k)
        if not redecide:
            return self, []
        units = list(self.units)
        undecided, disagreements, changed_n = self._counts
        gold_links = (spans, rels)
        unit_at = self.unit_at(units)
        for key in sorted(redecide, key=lambda k: self._pos.get(k, -1)):
            n = self._pos.get(key)
            if n is None:
                continue
            old = units[n]
            gold = {g.id: g for g in old.gold}
            for gid, rec in touched.get(key, {}).items():
                if rec is None:
                    gold.pop(gid, None)
                else:
                    gold[gid] = rec
            ordered = tuple(sorted(gold.values(), key=lambda s: (s.start, s.end, s.label, s.id)))
            decision, differs = _gold_decision(old, ordered, gold_links, self._index, unit_at, self.article.text)
            new = dataclasses.replace(old, gold=ordered, decision=decision, gold_differs=differs)
            undecided += (not new.decided) - (not old.decided)
            disagreements += (new.disagreement and not new.decided) - (old.disagreement and not old.decided)
            units[n] = new
        # "changed" after every decision above is in: a CUE's flag reads its quotes' decisions
        again = set(redecide)
        for key in redecide:
            if key not in self._pos:
                continue
            for per in units[self._pos[key]].links.values():
                for children in per.values():
                    again.update(children)
        moved = {k for k in redecide if k in self._pos and units[self._pos[k]] != self.units[self._pos[k]]} | set(touched)
        for key in again:
            n = self._pos.get(key)
            if n is None:
                continue
            old, unit = self.units[n], units[n]
            why = unlinked_why(unit, self._index.linked_from.get(key, ()), self.unit_at(units), gold_links, self.article.text)
            new = dataclasses.replace(unit, unlinked=why)
            new = dataclasses.replace(new, changed=why or changed_since_decided(new, self.article.text, self.unreviewed, self.blank))
            changed_n += bool(new.changed) - bool(old.changed)
            if new != old:
                moved.add(key)
            units[n] = new
        out = Alignment(self.article, self.analysts, tuple(units), self.stances, _shared=(self._pos, self._key_of_ref, self._index),
                        _counts=(undecided, disagreements, changed_n), _gold_links=gold_links, unreviewed=self.unreviewed,
                        blank=self.blank)
        return out, sorted(moved, key=lambda k: self._pos[k])

    def regroups(self, changes: Iterable[tuple[Any, Any]]) -> bool:
        """Whether gold ``changes`` ((before, after) pairs, as :meth:`with_gold` takes) make or
        unmake a unit of no version left (:attr:`Agreement.GONE`): a gold span of such a unit
        deleted or moved (an undo of the decision the unit shows), or a decided span with no unit to
        go to written (its redo). :meth:`with_gold` keeps the units it was given, so then only a
        fresh :func:`align` gives what opening the article would (fix11q, usertest11g 6: an undo
        left a "no version left" row no decision holds, counted as a disagreement until reopened)."""
        index = self._index
        for before, after in changes:
            if isinstance(before if before is not None else after, Relation):
                continue
            before = before if before is not None and not before.analyst else None
            after = after if after is not None and not after.analyst else None
            new_home = index.home(after) if after is not None else None
            if after is not None and new_home is None and (_curated_from(after) or _left_out_candidate(after)):
                return True  # a decided span (fix11u: or gold's own accepted one) no unit holds: a unit of no version comes
            old_home = index.home(before) if before is not None else None
            if old_home is not None and (u := self.units[self._pos[old_home]]).versions == () and new_home != old_home:
                return True  # a span leaves a unit of no version (deleted, moved): the unit may go
            if old_home is not None and u.left_out and after is not None and after.key != before.key:
                return True  # fix11u: gold's own span left out moved or relabelled: its unit is regrouped
        return False

    def gold_links_from(self, span_id: str) -> dict[str, list[Span]]:
        """The accepted gold links from gold span ``span_id`` to accepted gold spans: link label →
        child spans in text order (what gold's own version of a quote says its speaker is)."""
        spans, rels = self._gold_links
        out: dict[str, list[Span]] = {}
        for r in rels.get(span_id, {}).values():
            if r.head == span_id and r.status == Status.ACCEPTED and (c := spans.get(r.child)) is not None \
                    and c.status == Status.ACCEPTED:
                out.setdefault(r.label, []).append(c)
        return {label: sorted(cs, key=lambda c: (c.start, c.end)) for label, cs in sorted(out.items())}

    def words(self, unit: Unit) -> str:
        """The text ``unit`` covers as messages quote it (whitespace as one space): a discontinuous
        span — brat pieces an analyst tied by ``FRAGMENT`` links — by all its pieces in text order,
        «which … said» (fix11q, usertest11g 9: it was named by its first piece alone, «which»)."""
        keys = {c for per in unit.links.values() for c in per.get(FRAGMENT, ()) if c != unit.key}
        pieces = sorted([unit, *(p for k in keys if (p := self.unit(k)) is not None)], key=lambda u: (u.start, u.end))
        return " … ".join(" ".join(self.article.text[p.start:p.end].split()) for p in pieces)

    def unit_at(self, units: Sequence[Unit]) -> Callable[[str], Unit | None]:
        """Unit by key in ``units`` (this alignment's order of units, some rebuilt)."""
        pos = self._pos
        return lambda key: units[pos[key]] if key in pos else None

    def linked_from(self, unit: Unit) -> tuple[tuple[str, str], ...]:
        """The (head unit key, link label) pairs some analyst linked ``unit`` from: a CUE's or a
        SPEAKER's quotes (key order)."""
        return self._index.linked_from.get(unit.key, ())

    def unlinked_situation(self, unit: Unit) -> dict[str, str]:
        """What a "linked to nothing" flag of ``unit`` was raised on: the units its analysts linked
        it from (head unit key -> their gold decision), recorded when the lead keeps it so
        (``unlinked_seen["quotes"]``) and compared to clear the flag only while it is the same."""
        return {key: str(head.decision) for key, _label in self.linked_from(unit) if (head := self.unit(key)) is not None}

    def ordered(self) -> list[Unit]:
        """Disagreements first: undecided disagreements, undecided agreed units, then decided
        units; each group in text order."""
        return sorted(self.units, key=lambda u: (u.decided, not u.disagreement, u.start, u.end, u.key))

    def disagreements_left(self) -> int:
        """Undecided disagreements: span units and stance units."""
        return self._counts[1] + sum(1 for st in self.stances if st.disagreement and not st.decided)

    def undecided(self) -> int:
        """Undecided span units, undecided stance disagreements, and undecided stance units no
        quote decision will bring (:attr:`StanceUnit.open`: on a quote decided already, or article
        level). An agreed stance on a quote not decided yet comes with its quote: the quote counts."""
        return self._counts[0] + sum(1 for st in self.stances if (st.disagreement and not st.decided) or st.open)

    def changed_since_decided(self) -> int:
        """Decided units an analyst's newer layer changed since (:func:`changed_since_decided`),
        and decided stance units whose stance is gone since (:attr:`StanceUnit.changed`)."""
        return self._counts[2] + sum(1 for st in self.stances if st.changed)

    def stance(self, key: str) -> StanceUnit | None:
        return next((st for st in self.stances if st.key == key), None)

    def with_stances(self, stances: tuple[StanceUnit, ...]) -> Alignment:
        return Alignment(self.article, self.analysts, self.units, stances, _shared=(self._pos, self._key_of_ref, self._index),
                         _counts=self._counts, _gold_links=self._gold_links, unreviewed=self.unreviewed, blank=self.blank)

    @property
    def curated(self) -> bool:
        """Every unit decided and none changed since decided (an analyst's newer layer merged
        since the decision: :func:`changed_since_decided`); an article nobody annotated anything
        in is curated."""
        return self.undecided() == 0 and self.changed_since_decided() == 0

    @property
    def article_curated(self) -> bool:
        """fix11p: the one rule every reader calls "curated" (the curation view's ✓, ``annotator
        curate``, gold export): the article is marked curated (:func:`curation_status`) and that
        still holds (:attr:`curated`). An article with nothing left to decide that no decision
        marked — every analyst left it empty — is not, until the lead accepts that
        (:func:`accept_all_agreed`: Ctrl+Return, ``curate --accept-agreed``), which marks it: it
        is then exported as an empty gold document. fix11t: never while an analyst has not
        reviewed it (:attr:`unreviewed`, :func:`unreviewed_of`)."""
        return self.curated and not self.unreviewed and curation_status(self.article) == "curated"

    def step(self, current: str | None, direction: int) -> Unit | None:
        """Tab / Shift+Tab: the next (``direction`` 1) or previous (-1) undecided disagreement in
        text order after ``current`` (a unit key), wrapping; when none is left, the next
        disagreement at all; when there is none, the next unit. None without units."""
        for wanted in (lambda u: (u.disagreement and not u.decided) or bool(u.changed), lambda u: u.disagreement, lambda u: True):
            found = self.scan(current, direction, wanted)
            if found is not None:
                return found
        return None

    def scan(self, current: str | None, direction: int, wanted: Callable[[Unit], bool], *, wrap: bool = True) -> Unit | None:
        """The first unit after (``direction`` 1) or before (-1) unit ``current`` in text order for
        which ``wanted`` holds, wrapping past the end when ``wrap`` (``current`` None: from the start
        / the end). Walks from ``current``'s row: a key press costs the distance to the unit found,
        not a pass over every unit."""
        units, n = self.units, len(self.units)
        if not n:
            return None
        here = self._pos.get(current) if current is not None else None
        if here is None:
            rows: Iterable[int] = range(n) if direction > 0 else range(n - 1, -1, -1)
        elif direction > 0:
            rows = itertools.chain(range(here + 1, n), range(0, here + 1) if wrap else ())
        else:
            rows = itertools.chain(range(here - 1, -1, -1), range(n - 1, here - 1, -1) if wrap else ())
        return next((units[r] for r in rows if wanted(units[r])), None)


# -------------------------------------------------------------------------------- aligning


def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def _jaccard(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union else 0.0


class _Groups:
    """Union-find over indices."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def members(self) -> list[list[int]]:
        out: dict[int, list[int]] = {}
        for i in range(len(self.parent)):
            out.setdefault(self.find(i), []).append(i)
        return list(out.values())


def _group_spans(spans: list[Span], analysts: Sequence[str] = ()) -> list[list[Span]]:
    """Exact matches first, then same label and overlapping → one group; then label conflicts
    merge groups (module doc).

    Spans of the same label and offsets are one group before anything else (issue 11: ana and cy
    both marked QUOTE 492–606 and the nested QUOTE 560–606; grouping by overlap alone made one
    "partial" unit of the two agreed quotes, and keeping one rejected the other). A group of such
    exact matches that two analysts share, or that every analyst given the article has, is an
    *anchor*: its analysts agree on it, so no other span of theirs joins it or another anchor of
    theirs — only a span of an analyst not in it (her different version of the same place), by
    overlap, best Jaccard first. Among what is left, overlap groups transitively as before.

    The sweep visits overlapping pairs only, in start order: an article of tens of thousands of
    spans takes O(n log n) plus the overlapping pairs (a pass over every pair froze the view on a
    611,566-character article)."""
    everyone = set(analysts)
    groups = _Groups(len(spans))
    exact: dict[tuple[int, int, str], int] = {}
    for i, s in enumerate(spans):
        groups.union(exact.setdefault(s.key, i), i)
    who: dict[int, set[str]] = {}
    for i, s in enumerate(spans):
        who.setdefault(groups.find(i), set()).add(s.analyst)
    anchored = {r: set(w) if len(w) >= 2 or (everyone and w >= everyone) else set() for r, w in who.items()}
    by_label: dict[str, list[int]] = {}
    for r in who:
        by_label.setdefault(spans[r].label, []).append(r)
    pairs = []
    for idx in by_label.values():
        idx.sort(key=lambda i: (spans[i].start, spans[i].end))
        open_: list[int] = []  # exact groups whose end is past the sweep's start
        for i in idx:
            open_ = [j for j in open_ if spans[j].end > spans[i].start]
            for j in open_:
                jac = _jaccard((spans[i].start, spans[i].end), (spans[j].start, spans[j].end))
                pairs.append((-jac, min(i, j), max(i, j)))
            open_.append(i)
    for _neg, i, j in sorted(pairs):
        ri, rj = groups.find(i), groups.find(j)
        if ri == rj or anchored[ri] & who[rj] or anchored[rj] & who[ri]:
            continue
        groups.union(ri, rj)
        root = groups.find(ri)
        who[root] = who[ri] | who[rj]
        anchored[root] = anchored[ri] | anchored[rj]
    first = [[spans[i] for i in m] for m in groups.members()]
    # label conflicts: greedy over pairs by Jaccard, best first, keeping analysts disjoint
    extent = [(min(s.start for s in g), max(s.end for s in g)) for g in first]
    labels = [frozenset(s.label for s in g) for g in first]
    merged = _Groups(len(first))
    members: dict[int, set[int]] = {i: {i} for i in range(len(first))}
    pairs = []
    by_start = sorted(range(len(first)), key=lambda i: extent[i])
    for n, i in enumerate(by_start):
        start, end = extent[i]
        # j starts at or after i: Jaccard >= CONFLICT_OVERLAP needs end_i - start_j >= CONFLICT_OVERLAP *
        # (end_i - start_i), i.e. start_j <= start_i + (1 - CONFLICT_OVERLAP) * length_i: stop past that.
        limit = start + (1 - CONFLICT_OVERLAP) * (end - start)
        for j in _after(by_start, n):
            if extent[j][0] > limit or extent[j][0] >= end:
                break
            jac = _jaccard(extent[i], extent[j])
            if jac >= CONFLICT_OVERLAP and labels[i] != labels[j]:
                pairs.append((-jac, min(i, j), max(i, j)))
    for _neg, i, j in sorted(pairs):
        ri, rj = merged.find(i), merged.find(j)
        if ri == rj:
            continue
        who_i = {s.analyst for k in members[ri] for s in first[k]}
        who_j = {s.analyst for k in members[rj] for s in first[k]}
        if who_i & who_j:
            continue
        merged.union(ri, rj)
        root = merged.find(ri)
        members[root] = members[ri] | members[rj]
    # fix11ak N2 (usertest11r): versions over the same words with different labels, by different
    # analysts, are one label-conflict unit whatever other versions overlap them (ana and ben PERSON
    # «Anna Berg» / «Anna Berg of Dunmore», cy ORG «Anna Berg» made a PERSON "partial" unit and an ORG
    # "one analyst" unit: deciding both put two labels on the same words in gold). Merged even when an
    # analyst is then in the unit twice: two rows let gold hold both labels, one unit shows the choice.
    where: dict[tuple[int, int], dict[str, tuple[int, str]]] = {}
    for i, g in enumerate(first):
        for s in g:
            at = where.setdefault((s.start, s.end), {})
            if s.label in at:
                continue
            for k, analyst in at.values():
                if analyst != s.analyst:
                    merged.union(k, i)
            at[s.label] = (i, s.analyst)
    return [[s for k in m for s in first[k]] for m in merged.members()]


def _after(seq: list[int], n: int) -> Iterable[int]:
    """``seq[n + 1:]`` without copying it (the sweeps stop after a few items)."""
    for k in range(n + 1, len(seq)):
        yield seq[k]


def _agreement(versions: list[Span], analysts: tuple[str, ...]) -> Agreement:
    labels = {s.label for s in versions}
    if len(labels) > 1:
        return Agreement.CONFLICT
    who = {s.analyst for s in versions}
    if len(analysts) <= 1:
        return Agreement.SINGLE
    if len(who) == 1:
        return Agreement.ONE_ANALYST
    exact = who == set(analysts) and len(versions) == len(analysts) and len({(s.start, s.end) for s in versions}) == 1
    return Agreement.AGREED if exact else Agreement.PARTIAL


def align(data: CurationInput) -> Alignment:
    """The article's units (module doc), each with its agreement, links and state vs gold; and
    its stance units. Pure. Only an analyst's **accepted** spans, links and stances are their
    annotations: a suggestion they left pending (the pre-annotation every analyst's file starts
    with) is nobody's decision, and would make untouched suggestions look like agreement."""
    analysts = data.analysts
    spans = [s for a in analysts for s in data.layers[a].spans if s.status == Status.ACCEPTED and s.analyst == a]
    blank = frozenset(analysts) - {s.analyst for s in spans}  # fix11am: marked nothing in the article (changed_since_decided)
    order = {a: n for n, a in enumerate(analysts)}
    groups = _group_spans(spans, analysts)
    unit_of_ref: dict[str, str] = {}
    drafts = []
    for g in groups:
        g.sort(key=lambda s: (order[s.analyst], s.start, s.end, s.label))
        key = min(ref(s) for s in g)
        for s in g:
            unit_of_ref[ref(s)] = key
        drafts.append((key, g))
    # links from each unit, per analyst: label -> child unit keys
    units: list[Unit] = []
    # each analyst's accepted relations by head ref: one look-up per span, not a pass per unit
    from_ref: dict[str, list[Relation]] = {}
    for a in analysts:
        for r in data.layers[a].relations:
            if r.status == Status.ACCEPTED:
                from_ref.setdefault(f"{a}:{r.head}", []).append(r)
    for key, g in drafts:
        ids = {a: {s.id for s in g if s.analyst == a} for a in analysts}
        links: dict[str, dict[str, tuple[str, ...]]] = {}
        seen_links: list[tuple[str, str, str]] = []
        for a in analysts:
            per: dict[str, set[str]] = {}
            for head in ids[a]:
                for r in from_ref.get(f"{a}:{head}", ()):
                    child = unit_of_ref.get(f"{a}:{r.child}")
                    if child is not None:
                        per.setdefault(r.label, set()).add(child)
                        seen_links.append((f"{a}:{head}", r.label, f"{a}:{r.child}"))
            if per:
                links[a] = {label: tuple(sorted(v)) for label, v in sorted(per.items())}
        marked = [a for a in analysts if ids[a]]
        labels_linked = {label for v in links.values() for label in v}
        links_agree = all(
            len({links.get(a, {}).get(label, ()) for a in marked}) == 1 for label in labels_linked
        ) if len(marked) > 1 else True
        units.append(Unit(
            key=key, start=min(s.start for s in g), end=max(s.end for s in g), versions=tuple(g),
            analysts=analysts, agreement=_agreement(g, analysts), links=links, links_agree=links_agree,
            link_refs=tuple(sorted(seen_links)),
        ))
    # gold decisions none of whose versions is left (every analyst's deleted by a newer merge) are
    # units too: else they would stay "kept" in gold, unseen by changed_since_decided and the curated mark
    units.sort(key=lambda u: (u.start, u.end, u.key))
    index = _GoldIndex(units)
    orphans = _orphan_units(data, [g for g in data.gold.spans if not g.analyst and index.home(g) is None], analysts)
    if orphans:
        units += orphans
        units.sort(key=lambda u: (u.start, u.end, u.key))
        index = _GoldIndex(units)
    # fix11u: gold's own spans from before curation that every analyst left out are units too (the
    # analysts agree nothing is there: gold differs); else curate, Ctrl+Return and export took them unseen
    left_out = _left_out_units([g for g in data.gold.spans if not g.analyst and _left_out_candidate(g) and index.home(g) is None],
                               analysts)
    if left_out:
        units += left_out
        units.sort(key=lambda u: (u.start, u.end, u.key))
        index = _GoldIndex(units)
    mine: dict[str, list[Span]] = {}
    for g in data.gold.spans:
        if not g.analyst and (home := index.home(g)) is not None:
            mine.setdefault(home, []).append(g)
    gold_spans = {g.id: g for g in data.gold.spans if not g.analyst}
    rels: dict[str, dict[str, Relation]] = {}
    for r in data.gold.relations:
        if not r.analyst:
            rels.setdefault(r.head, {})[r.id] = r
            rels.setdefault(r.child, {})[r.id] = r
    gold_links = (gold_spans, rels)
    pos = {u.key: n for n, u in enumerate(units)}
    unit_at = lambda key: units[pos[key]] if key in pos else None  # noqa: E731 - read while units are filled in
    for n, u in enumerate(units):
        if u.key in mine:
            gold = tuple(sorted(mine[u.key], key=lambda s: (s.start, s.end, s.label, s.id)))
            decision, differs = _gold_decision(u, gold, gold_links, index, unit_at, data.article.text)
            units[n] = dataclasses.replace(u, gold=gold, decision=decision, gold_differs=differs)
    # "changed" once every unit's decision is in: a CUE's "linked to nothing" reads its quotes'
    for n, u in enumerate(units):
        if u.key in mine:
            heads = index.linked_from.get(u.key)
            why = unlinked_why(u, heads, unit_at, gold_links, data.article.text) if heads else ""
            units[n] = dataclasses.replace(u, unlinked=why, changed=why or changed_since_decided(u, data.article.text, data.unreviewed,
                                                                                                   blank))
    out = Alignment(data.article, analysts, tuple(units), (), _shared=(pos, index.key_of_ref, index), _gold_links=gold_links,
                    unreviewed=data.unreviewed, blank=blank)
    return out.with_stances(_stance_units(data, out, {g.id: g for g in data.gold.spans}))


def _curated_from(span: Span) -> set[str]:
    info = span.attrs.get("curation")
    return set(info.get("from", ())) if isinstance(info, Mapping) else set()


def _orphan_units(data: CurationInput, unhomed: Sequence[Span], analysts: tuple[str, ...]) -> list[Unit]:
    """Units of :attr:`Agreement.GONE`: the gold spans a curation decision made (their
    ``attrs["curation"]["from"]`` names analysts' versions) that belong to no unit of the analysts'
    layers as they are now, grouped by the versions they name (a decision's kept span and its
    rejected ones are one unit). Key: the smallest ref named (no live span has it)."""
    made = [(g, sorted(_curated_from(g))) for g in unhomed]
    made = [(g, refs) for g, refs in made if refs]
    if not made:
        return []
    groups = _Groups(len(made))
    first: dict[str, int] = {}
    for n, (_g, refs) in enumerate(made):
        for r in refs:
            groups.union(first.setdefault(r, n), n)
    out = []
    for members in groups.members():
        gold = [made[n][0] for n in members]
        refs = sorted({r for n in members for r in made[n][1]})
        out.append(Unit(key=refs[0], start=min(g.start for g in gold), end=max(g.end for g in gold), versions=(),
                        analysts=analysts, agreement=Agreement.GONE, links={}, links_agree=True, gone=tuple(refs)))
    return out


def _left_out_candidate(g: Span) -> bool:
    """fix11u: whether gold span ``g`` (of no analyst) is gold's own where no analyst marked anything
    (:func:`_left_out_units`): accepted with no curation decision on it (imported without
    ``--analyst``, accepted by hand before ``assign``), or decided by the lead as such a unit (its
    record says ``left_out``, or it kept gold's own version: ``kept`` "gold")."""
    info = g.attrs.get("curation")
    if isinstance(info, Mapping):
        return bool(info.get("left_out")) or info.get("kept") == "gold"
    return g.status == Status.ACCEPTED and not _by_curation(g)


def _left_out_units(gold: Sequence[Span], analysts: tuple[str, ...]) -> list[Unit]:
    """Units of :attr:`Agreement.LEFT_OUT`: gold's own spans (:func:`_left_out_candidate`) that
    belong to no unit of the analysts' layers, one unit per place and layer (an accepted span and
    a rejected one at the same offsets are one). Key ``"gold:<id>"`` (the smallest gold id)."""
    if not analysts:
        return []
    places: dict[tuple[int, int, str], list[Span]] = {}
    for g in gold:
        places.setdefault((g.start, g.end, g.layer), []).append(g)
    return [Unit(key=f"gold:{min(g.id for g in gs)}", start=start, end=end, versions=(), analysts=analysts,
                 agreement=Agreement.LEFT_OUT, links={}, links_agree=True, own=tuple(sorted(g.id for g in gs)))
            for (start, end, _layer), gs in places.items()]


def _stance_units(data: CurationInput, al: Alignment, gold_spans: Mapping[str, Span]) -> tuple[StanceUnit, ...]:
    """The stance units of the analysts' accepted stances, each with its gold stances and decision."""
    unit_of_ref = al._key_of_ref
    table: dict[tuple[str, str, str], dict[str, Stance]] = {}
    for a in data.analysts:
        for st in data.layers[a].stances:
            if st.status != Status.ACCEPTED:
                continue
            evidence = unit_of_ref.get(f"{a}:{st.evidence}", "") if st.evidence else ""
            table.setdefault((st.holder.strip().casefold(), st.target, evidence), {})[a] = st
    gold: dict[tuple[str, str, str], list[Stance]] = {}
    for st in data.gold.stances:
        if st.analyst:
            continue
        if st.evidence:
            span = gold_spans.get(st.evidence)
            home = al.home(span) if span is not None else None
            if home is None:
                continue
            evidence = home.key
        else:
            evidence = ""
        gold.setdefault((st.holder.strip().casefold(), st.target, evidence), []).append(st)
    # a gold stance a decision made, none of whose analysts' stances is left, is a stance unit still;
    # fix11u: so is gold's own stance from before curation that every analyst left out (and the
    # lead's decision on it), as a span of gold's own is (_left_out_units)
    orphans = {k: {} for k, gs in gold.items() if k not in table
               and any(_stance_from(g) or _own_stance(g) or _stance_info(g).get("left_out") for g in gs)}
    out = []
    for (h, t, e), versions in sorted({**table, **orphans}.items()):
        mine = tuple(sorted(gold.get((h, t, e), ()), key=lambda s: s.id))
        decision = _decision(mine)  # type: ignore[arg-type]
        under = al.unit(e) if e else None
        if decision == Decision.UNDECIDED and under is not None and under.decision == Decision.REJECTED:
            decision = Decision.REJECTED  # its quote is not in gold: nothing for the stance to rest on
        su = StanceUnit(holder=h, target=t, evidence_unit=e, polarities={a: v.polarity for a, v in versions.items()},
                        analysts=data.analysts, versions=versions, gold=mine, decision=decision,
                        gone=tuple(sorted({r for g in mine for r in _stance_from(g)})) if not versions else (),
                        with_quote=under is not None and under.decision == Decision.UNDECIDED)
        if decision != Decision.UNDECIDED and mine and not any(_stance_info(g) or g.attrs.get("curation") for g in mine):
            decision, differs = _own_stance_decision(su, decision)
            su = dataclasses.replace(su, decision=decision, gold_differs=differs)
        out.append(dataclasses.replace(su, changed=_stance_changed(su, al.blank)))
    return tuple(out)


def _stance_info(stance: Stance) -> Mapping[str, Any]:
    info = stance.attrs.get("curation")
    return info if isinstance(info, Mapping) else {}


def _own_stance(stance: Stance) -> bool:
    """fix11u: a gold stance of gold's own — accepted, no curation decision made or stamped it
    (imported without --analyst, decided by hand before the team)."""
    return not stance.analyst and stance.status == Status.ACCEPTED and stance.attrs.get("curation") in (None, "")


def _own_stance_decision(su: StanceUnit, decision: Decision) -> tuple[Decision, str]:
    """fix11u (usertest11j F1, "gold stances from before curation still count as decided"): a stance
    unit whose gold stances are all gold's own, by the span units' rule (:func:`own_gold`): equal
    to the analysts' agreed stance (every analyst given the article, one polarity; in an article
    given to one analyst, theirs) — kept, agreed; otherwise undecided, gold differs, said."""
    kept = [g for g in su.gold if g.status == Status.ACCEPTED]
    given = set(su.analysts)
    agreed = stances_agree(su.versions, su.analysts)
    theirs = next(iter(su.polarities.values())) if agreed else None
    if theirs is not None and len(kept) == 1 and kept[0].polarity == theirs:
        return Decision.KEPT, ""
    if not kept:
        if theirs is None:
            return decision, ""  # gold rejected a stance the analysts do not agree on: decided nothing about theirs
        ours = f"rejected {su.gold[0].holder} {su.gold[0].polarity} «{su.target}»"
    else:
        ours = "; ".join(f"{g.holder} {g.polarity} «{g.target}»" for g in kept)
    if not su.versions:
        what = "the analysts agree there is none" if len(given) > 1 else f"{su.analysts[0] if su.analysts else 'the analyst'} has none"
    elif theirs is None:
        what = "the analysts differ"
    else:
        what = f"{'the analysts agree on' if len(given) > 1 else next(iter(su.polarities)) + ' says'} {theirs}"
    return Decision.UNDECIDED, f"gold's own stance from before curation: {ours}; {what}"


def _stance_from(stance: Stance) -> list[str]:
    info = stance.attrs.get("curation")
    return list(info.get("from", ())) if isinstance(info, Mapping) else []


def _stance_changed(su: StanceUnit, blank: Collection[str] = ()) -> str:
    """Why a decided stance unit no longer matches its decision ("" when it does), as
    :func:`changed_since_decided` says it of a span unit:

    - an analyst's stance the decision was made from (``attrs["curation"]["from"]``) is gone since —
      re-merged without it;
    - fix11aj (usertest11q H1): an analyst's stance is still there but says otherwise since — its
      polarity (or holder) changed by a newer merge ("ana's stance of Paul on «x» is now neutral, was
      favor when you kept it"). Read from the decision's ``seen`` record (ref → [holder, target,
      polarity] of every analyst's stance when decided, recorded since fix11aj); a decision made
      before it was recorded is checked by what it names: each stance of ``from`` still there must
      still equal the kept gold stance (:func:`stance_content`);
    - an analyst's stance new since (``seen`` decisions only) that differs from what was kept, or
      any new one on a rejected stance.

    A decision kept deliberately though none is left (``versions_gone``) holds. fix11am (L2): the
    stance of an analyst of ``blank`` (their layer of the article holds no accepted span now) gone
    is no change where the decision stands without it: a rejection, or a kept stance another
    analyst still holds alike (:func:`changed_since_decided`'s rule)."""
    if not su.decided:
        return ""
    stamped = [(g, g.attrs["curation"]) for g in su.gold if isinstance(g.attrs.get("curation"), Mapping)]
    stamp = next((c for g, c in stamped if g.status == Status.ACCEPTED), stamped[0][1] if stamped else None)
    if stamp is None or stamp.get("versions_gone"):
        return ""
    now_ = {f"{a}:{v.id}": v for a, v in su.versions.items()}
    done = "kept" if su.decision == Decision.KEPT else "rejected"
    of = f"stance of {su.name} on «{su.target}»"
    kept = su.kept_gold() if su.decision == Decision.KEPT else None
    stands = su.decision == Decision.REJECTED or (kept is not None and any(stance_content(v) == stance_content(kept) for v in now_.values()))
    why = [f"{r.split(':')[0]}'s {of} is gone since you {done} it"
           + (f" — {r.split(':')[0]} marks nothing in this article now" if r.split(":")[0] in blank else "")
           for r in sorted(set(stamp.get("from", ())) - set(now_)) if not (r.split(":")[0] in blank and stands)]
    seen = stamp.get("seen")
    if isinstance(seen, Mapping):
        for r, v in sorted(now_.items()):
            was = seen.get(r)
            if isinstance(was, (list, tuple)) and len(was) == 3:
                if stance_content(v) != (str(was[0]).strip().casefold(), str(was[1]).strip(), str(was[2])):
                    why.append(_stance_now(r, of, v, str(was[2]), done))
            elif r not in seen and (kept is None or stance_content(v) != stance_content(kept)):
                why.append(f"{r.split(':')[0]}'s {of} ({v.polarity}) is new since you {done} it")
    elif kept is not None:
        for r in sorted(set(stamp.get("from", ())) & set(now_)):
            if stance_content(now_[r]) != stance_content(kept):
                why.append(_stance_now(r, of, now_[r], kept.polarity, done))
    return "; ".join(why)


def _stance_now(r: str, of: str, now: Stance, was: str, done: str) -> str:
    """fix11aj: one analyst's stance changed since decided, said ("…is now neutral, was favor when you kept it")."""
    return f"{r.split(':')[0]}'s {of} is now {now.polarity}, was {was} when you {done} it"


def stance_seen(su: StanceUnit | None) -> dict[str, list[str]]:
    """fix11aj (usertest11q H1): what a stance decision records of every analyst's stance of ``su``
    when it is taken — ref (``"ana:<id>"``) → [holder, target, polarity] — so a newer merge that
    changes one (same record, another polarity) is found by :func:`_stance_changed`, as a span
    decision's ``seen`` finds a changed label."""
    if su is None:
        return {}
    return {f"{a}:{v.id}": [v.holder, v.target, v.polarity] for a, v in su.versions.items()}


@dataclasses.dataclass(frozen=True, slots=True)
class Decided(Edit):
    """fix11ag (P4, P8): a curation decision's edit whose words differ by where they are read —
    ``description`` the curation view's (its keys: Tab, 1…9, X, A, Ctrl+Return), :attr:`cli`
    ``annotator curate``'s (its flags: ``--keep NAME``, ``--accept-agreed``), as
    :class:`Refused` carries both for a refusal. A plain :class:`Edit` where both read the same."""

    cli: str = ""
    #: fix11ag: the decision's notes in ``curate``'s words, one per thing it did besides its head
    #: ("its SPEAKER link to «x» added", …) — typed, so ``curate --keep`` lists them without
    #: splitting the description's text
    said: tuple[str, ...] = ()
    #: fix11ai: what the edit did, typed, for its undo/redo lines (:func:`step_said`): they read
    #: its description's words before (and kept advice it did not mark as such)
    step: StepWords | None = None


def cli_words(edit: Edit) -> str:
    """What ``curate`` prints of a decision's ``edit``: its flags' words (:class:`Decided`), else
    its description."""
    return getattr(edit, "cli", "") or edit.description


def _said_both(description: str, cli: str, changes: tuple[Change, ...] = (), said: Sequence[str] = (),
               step: StepWords | None = None) -> Edit:
    """An edit with the window's ``description`` and curate's ``cli`` words and notes, and what it
    did typed (``step``); one :class:`Edit` when the words are the same and there is no note nor step."""
    if (cli and cli != description) or said or step is not None:
        return Decided(description, changes, cli=cli or description, said=tuple(said), step=step)
    return Edit(description, changes)


class ArticleCuration:
    """One article's curation kept in memory between decisions (what the curation view holds):
    its :class:`CurationInput` and :class:`Alignment`, aligned once when the article is opened and
    then brought up to date by :meth:`follow` with each edit written (a decision, or an undo's
    inverse), touching only the units the edit changed — a decision on an article of tens of
    thousands of units costs what the decision changes, not the article's length."""

    def __init__(self, data: CurationInput, alignment: Alignment | None = None) -> None:
        self.data = data
        self.alignment = alignment if alignment is not None else align(data)
        gold = data.gold
        self._spans = {s.id: s for s in gold.spans}
        self._relations = {r.id: r for r in gold.relations}
        self._stances = {s.id: s for s in gold.stances}

    @property
    def article_id(self) -> int | None:
        return self.data.article.id

    def follow(self, edit: Edit) -> list[str] | None:
        """Apply ``edit`` (already written to the project) to the gold layer held here; returns
        the keys of the units whose gold changed (text order), or None when the edit changed an
        analyst's layer of this article (the units themselves change: align again)."""
        article = self.data.article
        mine = [c for c in edit.changes if getattr(c.record, "article_id", None) == article.id
                or (isinstance(c.record, Article) and c.record.id == article.id)]
        if not mine:
            return []
        if any(getattr(c.record, "analyst", "") for c in mine):
            return None
        article = apply_changes(mine, self._spans, self._relations, self._stances) or article
        gold = self.data.gold
        self.data = CurationInput(
            gold=ArticleBundle(article=article, spans=list(self._spans.values()), relations=list(self._relations.values()),
                               stances=list(self._stances.values()), tags=gold.tags),
            layers=self.data.layers, statuses=self.data.statuses,
        )
        changes = gold_changes([Edit(edit.description, tuple(mine))])
        if self.alignment.regroups(changes):
            return None  # a unit of no version left comes or goes: align again, as opening the article would
        self.alignment, changed = self.alignment.with_gold(changes)
        self.alignment.article = article
        evidence = {st.evidence_unit for st in self.alignment.stances}
        if any(isinstance(c.record, Stance) for c in mine) or evidence.intersection(changed):
            before = {st.key: st for st in self.alignment.stances}
            self.alignment = self.alignment.with_stances(_stance_units(self.data, self.alignment, self._spans))
            changed = changed + [st.key for st in self.alignment.stances if before.get(st.key) != st]
        return changed

    def take(self, unit_key: str, analyst: str, *, by: str = "", at: str = "") -> Edit:
        """Keep ``analyst``'s version of a span unit or of a stance unit (key ``stance:…``)."""
        if unit_key.startswith(STANCE_KEY):
            return take_stance(self.data, unit_key, analyst, by=by, at=at, alignment=self.alignment)
        return take(self.data, unit_key, analyst, by=by, at=at, alignment=self.alignment)

    def accept_agreed(self, unit_key: str, *, by: str = "", at: str = "") -> Edit:
        if unit_key.startswith(STANCE_KEY):
            su = _stance_unit(self.alignment, unit_key)
            if su.orphan or su.gold_differs or su.left_out:  # no analyst's stance is left, or gold's own: keep gold's as it is
                return keep_gold_stance(self.data, unit_key, by=by, at=at, alignment=self.alignment)
            if not su.agreed or len(su.analysts) < 2:
                raise ValueError("the analysts do not agree on this stance: take one analyst's (1, 2, …) or reject it (X)")
            who = by_name_analyst(_Builder(self.data), self.alignment, su)  # fix11ac N1: by name where gold keeps no holder span
            # fix11ag P1: A keeps the agreed stance as all agree ("all"), as Ctrl+Return does — it said "ana"
            return take_stance(self.data, unit_key, who, by=by, at=at, alignment=self.alignment, kept="all")
        unit = self.alignment.unit(unit_key)
        if unit is not None and (unit.orphan or unit.unlinked or unit.gold_differs or unit.left_out):
            # A on a decision no analyst's version is left of, or on a kept span linked to nothing: keep it as it is
            return keep_gold(self.data, unit_key, by=by, at=at, alignment=self.alignment)
        return accept_agreed(self.data, unit_key, by=by, at=at, alignment=self.alignment)

    def accept_all_agreed(self, *, by: str = "", at: str = "", unreviewed: Sequence[str] = ()) -> Edit:
        return accept_all_agreed(self.data, by=by, at=at, alignment=self.alignment, unreviewed=unreviewed)

    def reject(self, unit_key: str, *, by: str = "", at: str = "") -> Edit:
        if unit_key.startswith(STANCE_KEY):
            return reject_stance(self.data, unit_key, by=by, at=at, alignment=self.alignment)
        return reject(self.data, unit_key, by=by, at=at, alignment=self.alignment)


# ------------------------------------------------------------------------------- deciding


class _Builder:
    """Chains commands on the gold records as they are after each step, so one combined edit can
    make several changes (each change's ``before`` is the state the previous step left)."""

    def __init__(self, data: CurationInput) -> None:
        gold = data.gold
        self.spans: dict[str, Span] = {s.id: s for s in gold.spans}
        self.relations: dict[str, Relation] = {r.id: r for r in gold.relations}
        self.stances: dict[str, Stance] = {s.id: s for s in gold.stances}
        self.article = gold.article
        self.edits: list[Edit] = []
        self.created: list[str] = []  # ids of the gold spans this edit makes
        self.notes: list[str] = []  # what the edit left out and why (a link to a unit decided otherwise), said in its description
        #: fix11ag P4/P8: a note that names window keys → its words for ``curate`` (its flags)
        self.cli_notes: dict[str, str] = {}
        #: fix11ag P1: (head key, child key, label) → every analyst's equal link ref (:func:`_link_refs`)
        self.link_index: dict[tuple[Any, Any, str], list[str]] | None = None
        self.layers = data.layers
        self.statuses = data.statuses
        self.unreviewed = data.unreviewed  # fix11t: while any is left, no decision marks the article curated
        self.before = dict(self.spans)  # gold's spans as the edit found them
        self.stances_before = dict(self.stances)  # fix11ab: gold's stances as the edit found them (_holders_rule)
        self.heads: dict[str, set[str]] = {}  # gold relation ids by head span id, kept up to date by add()
        for r in self.relations.values():
            self.heads.setdefault(r.head, set()).add(r.id)

    def links_from(self, span_id: str) -> list[Relation]:
        """The gold relations (any status) whose head is ``span_id``, as they are now."""
        return [self.relations[i] for i in sorted(self.heads.get(span_id, ())) if i in self.relations]

    def near(self, unit: Unit) -> list[Span]:
        """The gold spans as they are now that can be ``unit``'s: its gold spans and the ones
        made in this edit (a unit's place is its own: another unit's gold is not looked through)."""
        ids = dict.fromkeys([g.id for g in unit.gold] + self.created)
        return [self.spans[i] for i in ids if i in self.spans]

    def records(self) -> commands.Records:
        return commands.Records(dict(self.spans), dict(self.relations), dict(self.stances))

    def add(self, edit: Edit) -> None:
        self.article = apply_changes(edit.changes, self.spans, self.relations, self.stances) or self.article
        self.edits.append(edit)
        for c in edit.changes:
            if isinstance(c.after, Relation):
                self.heads.setdefault(c.after.head, set()).add(c.after.id)

    def say(self, window: str, cli: str) -> None:
        """A note in the window's words (its keys) and in ``curate``'s (its flags)."""
        self.notes.append(window)
        self.cli_notes[window] = cli

    def edit(self, description: str, cli: str = "", said: Sequence[str] = (), step: StepWords | None = None) -> Edit:
        combined = commands.combine(description, self.edits)
        return _said_both(combined.description, cli, combined.changes, said, step)


def _stamp(kept: str, by: str, refs: Iterable[str], at: str, unit: Unit | None = None) -> dict[str, Any]:
    """A decision's record on its gold span: who kept what, and ``seen``, every analyst's version
    of the unit as the curator saw it (ref → [start, end, label]): a re-merged newer layer that
    changes one is found (:func:`changed_since_decided`)."""
    out: dict[str, Any] = {"kept": kept, "by": by, "at": at, "from": sorted(refs)}
    if unit is not None and unit.orphan:
        out["from"] = list(unit.gone)  # what it was made from, so the unit stays this one (no version is left)
    if unit is not None and unit.left_out:
        out["left_out"] = True  # fix11u: decided as gold's own span every analyst left out: the unit stays this one
    if unit is not None:
        out["seen"] = {ref(s): [s.start, s.end, s.label] for s in unit.versions}
        # and their links from it: a newer layer that drops or adds a SPEAKER there changes what was decided
        out["seen_links"] = [list(link) for link in unit.link_refs]
        # fix11ab (r42): who was given the article then — an analyst given it after (a second
        # assign) whose reviewed answer is "nothing here" changes what was decided on
        out["given"] = list(unit.analysts)
    return out


def changed_since_decided(unit: Unit, text: str = "", unreviewed: Iterable[str] = (), blank: Collection[str] = ()) -> str:
    """Why a decided unit no longer matches what the curator decided on ("" when it does): an
    analyst's newer layer merged since changed, removed or added a version there. Read from the
    decision's ``seen`` record; a decision made before it was recorded is checked by what it
    names: "kept by all" needs the unit still agreed, "kept ana's" needs ana's version still there.
    A unit none of whose versions is left (:attr:`Unit.orphan`) names each, quoted from ``text``
    (the article's): "ben's PERSON «Smith» is gone since you kept it".

    fix11am (usertest L2): a version gone that is not the one kept is named with the one kept
    ("cy's ORG «Reuters» is gone since you kept ben's GPE"; it said "since you kept it", as if
    cy's had been kept). ``blank``: the analysts given the article whose layer of it holds no
    accepted span now (they deleted all they had marked there): their versions gone change
    nothing where the decision still stands without them — a kept version another analyst still
    holds, or a rejection — so only the units whose kept version was theirs alone are flagged
    ("… is gone since you kept it — cy marks nothing in this article now"); before, every unit
    they had marked was flagged, though the other analysts still agreed on it."""
    if not unit.decided:
        return ""
    stamped = [(g, g.attrs["curation"]) for g in unit.gold if isinstance(g.attrs.get("curation"), Mapping)]
    stamp = next((c for g, c in stamped if g.status == Status.ACCEPTED), stamped[0][1] if stamped else None)
    if stamp is None:
        if any(g.attrs.get("curation") not in (None, "") for g in unit.gold):
            # typed over in the details panel before it refused to (fix11ui): what was decided on is unknown
            return "its decision record was replaced by hand"
        return ""  # decided by hand in the article view, not by the curation: nothing to compare
    now_ = {ref(s): [s.start, s.end, s.label] for s in unit.versions}
    seen = stamp.get("seen")
    if isinstance(seen, Mapping):
        why = []
        done = "kept" if unit.decision == Decision.KEPT else "rejected"

        def quoted(place: Sequence[Any]) -> str:
            # fix11r: «…» as every other line quotes a span ('…' here only, usertest11h)
            return f" «{cut_words(text[place[0]:place[1]], 40)}»" if text else ""

        kept_gold = unit.kept_gold() if unit.decision == Decision.KEPT else None
        kept_place = [kept_gold.start, kept_gold.end, kept_gold.label] if kept_gold is not None else None
        # fix11am (L2): the decision stands without a version gone when the kept version is still held
        still_held = kept_place is not None and any(list(v) == kept_place for v in now_.values())
        kept_by = list(dict.fromkeys(r.split(":")[0] for r, was in sorted(seen.items()) if list(was) == kept_place))
        for r, was in sorted(seen.items()):
            if r not in now_:  # fix11n: named by its text, and since which decision, whether or not others are left
                who = r.split(":")[0]
                if who in blank and (unit.decision == Decision.REJECTED or still_held):
                    continue  # fix11am (L2): their whole layer of the article emptied; the decision stands without it
                since = "it"
                if kept_place is not None and list(was) != kept_place:  # fix11am (L2): another's version was kept
                    since = f"{_names_possessive(kept_by)} {kept_place[2]}" if kept_by else f"gold's {kept_place[2]}"
                gone = f"{who}'s {was[2]}{quoted(was)} is gone since you {done} {since}"
                why.append(gone + (f" — {who} marks nothing in this article now" if who in blank else ""))
            elif list(now_[r]) != list(was):
                # fix11t (usertest11i 11): quoted «…» as every other line names a span, not by offsets
                if not text:
                    why.append(f"{r.split(':')[0]}'s {was[2]} {was[0]}–{was[1]} is now {now_[r][2]} {now_[r][0]}–{now_[r][1]}")
                elif list(now_[r][:2]) == list(was[:2]):
                    why.append(f"{r.split(':')[0]}'s {was[2]}{quoted(was)} is now {now_[r][2]}")
                else:
                    why.append(f"{r.split(':')[0]}'s {was[2]}{quoted(was)} is now {now_[r][2]}{quoted(now_[r])}")
        why += [f"{r.split(':')[0]}'s {now_[r][2]}{quoted(now_[r])} is new" for r in sorted(set(now_) - set(seen))]
        # fix11ab (usertest11m r42): an analyst given the article after the decision (a second
        # assign) who reviewed it and marked nothing here — every machine suggestion left pending —
        # answers otherwise than what was kept: said, as a version of theirs would be ("is new").
        # Who was given it then: ``given`` (recorded since); a decision kept "by all" without it was
        # seen by every analyst who had a version
        given = stamp.get("given")
        then_given = (set(given) if isinstance(given, list)
                      else {r.split(":")[0] for r in seen} if stamp.get("kept") == "all" else None)
        if then_given is not None and unit.decision == Decision.KEPT:
            have = {s.analyst for s in unit.versions}
            skip = set(unreviewed)
            why += [f"{a} (given the article after you kept this) marked nothing here" for a in unit.analysts
                    if a not in then_given and a not in have and a not in skip]
        was_linked = stamp.get("seen_links")
        # decisions made since links were recorded (gold11); a rejected unit's links decide nothing
        # (its speaker or cue going or coming leaves it rejected): not asked again (usertest11f)
        if isinstance(was_linked, list) and unit.decision == Decision.KEPT:
            then = {tuple(link) for link in was_linked if isinstance(link, list) and len(link) == 3}
            links_now = set(unit.link_refs)
            # a link of a version gone is said with it; a link of a version there is compared
            why += [f"{h.split(':')[0]}'s {label} link from its {now_[h][2]} is gone"
                    for h, label, _c in sorted(then - links_now) if h in now_ and h in seen]
            why += [f"{h.split(':')[0]}'s {label} link from its {now_[h][2]} is new"
                    for h, label, _c in sorted(links_now - then) if h in seen]
        return "; ".join(why)
    kept = stamp.get("kept", "")
    if kept == "all" and unit.agreement != Agreement.AGREED:
        return "kept as agreed by all, but the analysts no longer agree here"
    if kept and kept not in ("all", "none") and unit.decision == Decision.KEPT and not set(stamp.get("from", ())) & unit.refs():
        return f"kept {kept}'s version, which is no longer there"
    if unit.orphan and unit.decision == Decision.KEPT:  # kept by all, or the rejection of a pre-`seen` decision
        return "no analyst's version is left since you kept it"
    return ""


def _names_possessive(names: Sequence[str]) -> str:
    """``["ben"]`` → "ben's"; ``["ana", "ben"]`` → "ana's and ben's"; three → "ana's, ben's and cy's"."""
    words = [f"{n}'s" for n in names]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _set_span(b: _Builder, span: Span, *, status: Status, curation: Mapping[str, Any], attrs: Mapping[str, Any] | None = None,
              origin: str | None = None) -> Span:
    """Give the gold span ``span`` a status and curation attributes (relations follow), and
    ``origin`` when given."""
    current = b.spans[span.id]
    merged = {**current.attrs, **(attrs or {}), "curation": dict(curation)}
    origin = current.origin if origin is None else origin
    after = dataclasses.replace(current, status=status, attrs=merged, origin=origin)
    if after != current:
        if status != current.status:
            b.add(commands.set_status(b.records(), [current], status))
            current = b.spans[span.id]
        if current.attrs != merged or current.origin != origin:
            b.add(Edit("curation attrs", (Change(current, dataclasses.replace(current, attrs=merged, origin=origin)),)))
    return b.spans[span.id]


def _made_by_curation(span: Span) -> bool:
    """A gold span a curation decision wrote (``origin`` ``analyst:NAME`` or ``curation``), not a
    pre-annotation suggestion or the lead's own span (a hand-made span's origin is ``analyst:<user>``
    too: the decision record tells them apart)."""
    return isinstance(span.attrs.get("curation"), Mapping) and (span.origin.startswith("analyst:") or span.origin == "curation")


def _gold_copy(b: _Builder, unit: Unit, version: Span, *, status: Status, curation: Mapping[str, Any], origin: str) -> Span:
    """The gold span at ``version``'s position and label, made from it: the one a curation decision
    wrote there before (any status) updated — an accepted one given ``origin`` — else a **new**
    record (new id, ``analyst=""``, ``origin``), as docs/team.md promises: a pre-annotation
    suggestion at the same place is never turned into the analyst's record (its id, origin and
    machine attributes would pass it off as the machine's); the caller rejects it."""
    # fix11w (usertest11k F1, F7): gold's own accepted span at this place and label (imported
    # without --analyst, or accepted by hand before assign) *is* this version by content: it stays,
    # stamped with the decision — replacing it by a copy rejected it, and with it every gold link
    # to or from it (the QUOTE's CUE link, the SPEAKER link everyone held). An accepted span there
    # comes first, whoever wrote it; a span still *suggested* is never passed off as the analyst's.
    keepable = status == Status.ACCEPTED
    there = sorted((s for s in b.near(unit) if s.key == version.key and not s.analyst
                    and (_made_by_curation(s) or (keepable and s.status == Status.ACCEPTED))),
                   key=lambda s: (s.status != Status.ACCEPTED, not _made_by_curation(s), s.id))
    if there:
        return _set_span(b, there[0], status=status, curation=curation, attrs=version.attrs,
                         origin=origin if status == Status.ACCEPTED else None)
    span = Span(
        id=new_id(), article_id=b.article.id or version.article_id, start=version.start, end=version.end, label=version.label,
        layer=version.layer, status=status, origin=origin, attrs={**version.attrs, "curation": dict(curation)}, analyst="",
    )
    b.add(Edit("new gold span", (Change(None, span),)))
    b.created.append(span.id)
    return span


def _take_into(b: _Builder, al: Alignment, data: CurationInput, unit: Unit, analyst: str, *, by: str, at: str,
               kept: str, follow_links: bool = True) -> None:
    version = unit.version_of(analyst)
    if version is None:  # the analyst's version is "nothing there"
        _reject_into(b, unit, by=by, at=at, kept=kept, al=al, text=data.article.text)
        return
    agreeing = [s for s in unit.versions if s.key == version.key]
    first_edit = len(b.edits)  # fix11s: the suggested gold links this keep rejects are said (below)
    curation = _stamp(kept, by, [ref(s) for s in agreeing], at, unit)
    # fix11j: a unit kept "(all)" is every agreeing analyst's, not the first one's: origin names them all.
    # fix11ag P1: so is a version kept by a digit (or --keep NAME): every analyst whose version equals
    # the kept one is named, whichever of them the key named — provenance never depends on the key
    whose = list(dict.fromkeys(s.analyst for s in agreeing))
    gold = _gold_copy(b, unit, version, status=Status.ACCEPTED, curation=curation, origin=f"analyst:{','.join(whose)}")
    for other in unit.gold:
        if other.id != gold.id and other.id in b.spans and b.spans[other.id].status != Status.REJECTED:
            # fix11w (usertest11k F1): gold's accepted links *to* the version replaced here (the
            # QUOTE's SPEAKER to gold's ORG «Tom Brennan» where ana's is a PERSON) go to the kept
            # span: both their ends are still kept, so the link stays (it was rejected with the span)
            # (a FRAGMENT tie between an interrupted quote's pieces is the pieces' own: never moved)
            into = [r for r in b.relations.values() if r.child == other.id and not r.analyst and r.status == Status.ACCEPTED
                    and r.label != FRAGMENT and r.head != gold.id and (h := b.spans.get(r.head)) is not None and h.status == Status.ACCEPTED]
            naming = _stances_naming(b, {other.id})
            b.add(commands.set_status(b.records(), [b.spans[other.id]], Status.REJECTED))
            _move_stances(b, naming, other.id, gold)
            for r in into:
                if any((x.head, x.child, x.label) == (r.head, gold.id, r.label) and x.status == Status.ACCEPTED
                       for x in b.relations.values()):
                    continue
                now_r = b.relations[r.id]  # rejected with its end just now: the same record, its end moved
                # fix11ag P1: the moved link is now the link of every analyst whose link (from a head
                # equal to gold's, to a child equal to the kept span) it equals — as a link kept by
                # the quote's decision would say (:func:`_link_refs`), whichever was decided first
                refs = _link_refs(b, b.spans.get(r.head), gold, r.label)
                stamp_r = {"kept": kept, "by": by, "at": at, "moved_from": other.id, **({"from": refs} if refs else {})}
                moved = dataclasses.replace(now_r, child=gold.id, status=Status.ACCEPTED, by=by or r.by,
                                            origin=_origin_of(refs) or now_r.origin, attrs={**r.attrs, "curation": stamp_r})
                b.add(Edit("gold link to the kept span", (Change(now_r, moved),)))
    if not follow_links:
        return
    layer = data.layers[analyst]
    copies: dict[str, str] = {version.id: gold.id}
    # fix11p: the quote's gold links become the kept version's: those it has are linked (and
    # named its analysts'), every other accepted gold link from the kept span is rejected below
    was_kept = (before := b.before.get(gold.id)) is not None and before.status == Status.ACCEPTED
    linked: set[str] = set()
    for rel in layer.relations:
        if rel.head != version.id or rel.status != Status.ACCEPTED:
            continue
        child = next((s for s in layer.spans if s.id == rel.child), None)
        child_unit = al.unit_of(child) if child is not None else None
        if child is None or child_unit is None:
            continue
        current = _unit_gold_now(b, child_unit, child)
        if current is not None and not _decided_now(b, child_unit, al):
            # fix11s: gold's own span there from before curation, not the analysts' version (gold's
            # «Okafor» where they marked «Maria Okafor»): no decision yet, so the version follows
            current = None
        if current is None and _decided_now(b, child_unit, al):
            # docs/team.md: the speaker follows only when not decided yet — a unit decided "nothing
            # there" (rejected, or kept nothing) is never overturned by taking another: no link
            words = cut_words(data.article.text[child_unit.start:child_unit.end])
            b.notes.append(f"its {rel.label} «{words}» stays as you decided: no link")
            continue
        if current is None:
            _take_into(b, al, data, child_unit, analyst, by=by, at=at, kept=kept, follow_links=False)
            current = _unit_gold_now(b, child_unit, child)
        elif current.key != child.key:
            # fix11r (usertest11h F7): the speaker or cue was decided already, another version of it
            # (the other analyst's cue): the link goes to what gold keeps, said so — it said only
            # "its SPEAKER link … added", as if this version's CUE had come along too
            words = cut_words(data.article.text[current.start:current.end])
            b.notes.append(f"its {rel.label} stays «{words}» as you decided")
        if current is None:
            continue
        copies[child.id] = current.id
        records = b.records()
        had = next((r for r in b.links_from(gold.id) if (r.child, r.label) == (current.id, rel.label)
                    and r.status == Status.ACCEPTED), None)
        added = commands.add_relation(records, head=records.spans[gold.id], child=records.spans[current.id], label=rel.label, by=by)
        ours = lambda r: isinstance(r, Relation) and (r.head, r.child, r.label) == (gold.id, current.id, rel.label)  # noqa: E731
        b.add(Edit(added.description, tuple(
            Change(c.before, _relation_from(b, c.after, rel, kept=kept, whose=whose, agreeing=agreeing, child_unit=child_unit,
                                            by=by, at=at) or c.after) if ours(c.after) else c for c in added.changes)))
        made = next((r for r in b.links_from(gold.id) if ours(r)), None)
        if made is None:
            continue
        linked.add(made.id)
        if (again := _relation_from(b, made, rel, kept=kept, whose=whose, agreeing=agreeing, child_unit=child_unit,
                                    by=by, at=at)) is not None:
            b.add(Edit("gold link provenance", (Change(made, again),)))  # linked so before: now named the kept version's
        if had is None and was_kept:
            b.notes.append(f"its {rel.label} link to «{cut_words(data.article.text[current.start:current.end])}» added")
    for other in [r for r in b.links_from(gold.id) if not r.analyst and r.id not in linked and r.status == Status.ACCEPTED]:
        # fix11p: a link the kept version lacks (ben's newer file dropped the SPEAKER; ana's quote
        # has a CUE where cy's has a SPEAKER) is rejected in gold — logged, undone with the keep —
        # never silently kept as a decision nobody took
        stamp = {"kept": kept, "by": by, "at": at, "decision": "rejected", "from": []}
        b.add(Edit("reject gold link", (Change(other, dataclasses.replace(
            other, status=Status.REJECTED, by=by or other.by, attrs={**other.attrs, "curation": stamp})),)))
        child_span = b.spans.get(other.child)
        words = cut_words(data.article.text[child_span.start:child_span.end]) if child_span is not None else other.child
        whose_version = "the agreed version" if kept == "all" else f"{analyst}'s version"
        b.notes.append(f"its {other.label} link to «{words}» rejected in gold ({whose_version} has none)")
    _say_suggested_links_rejected(b, data, unit, gold, first_edit, "the agreed version" if kept == "all" else f"{analyst}'s version")
    for st in layer.stances:
        if st.evidence != version.id or st.status != Status.ACCEPTED:
            continue
        if any(_own_stance(g) and g.evidence == gold.id and g.target == st.target
               and g.holder.strip().casefold() == st.holder.strip().casefold() for g in b.stances.values()):
            continue  # fix11u: gold's own stance there from before curation: its stance unit is the lead's to decide
        su = al.stance(f"{STANCE_KEY}{st.holder.strip().casefold()}|{st.target}|{unit.key}")
        if su is not None and not su.decided and (
                su.disagreement if kept == "all" else
                any(stance_content(v) != stance_content(st) for v in su.versions.values())):
            # fix11ae (usertest11o O1): the analysts differ on this stance: no quote decision picks
            # one — Ctrl+Return / A / --accept-agreed (kept "all") took the first analyst's and
            # stamped it "kept by all" (ana favor, ben against; or ben has none: not "all"); a digit
            # on ana's quote took her polarity over ben's. (ana's stance where the others have none
            # still follows her quote: it is her reading of it, as her speaker is.) It stays a
            # disagreement decided on its own row (a digit, --keep NAME, X): not curated until then.
            if not any(n.startswith(stance_left_said(su)) for n in b.notes):
                b.notes.append(f"{stance_left_said(su)}: {stance_difference(su)}")
            continue
        # fix11ab (usertest11m F1): the holder is gold's span for the analyst's holder span — the one
        # this keep linked, else the one kept for the holder's unit (ben's stance of Maria Okafor,
        # who is no SPEAKER of this quote, came in with holder_span "" though gold keeps her PERSON)
        held = b.spans.get(copies[st.holder_span]) if st.holder_span in copies else _gold_holder(b, al, data.layers, analyst, st)
        try:
            added = commands.add_stance(
                b.records(), article_id=gold.article_id, holder=st.holder, holder_span=held.id if held is not None else "",
                target=st.target, polarity=st.polarity, evidence=gold.id, by=by,
            )
        except commands.StanceError:
            continue  # the gold has no place for it (e.g. an evidence of the wrong layer): left to the curator
        # taken from the analyst's layer like the span: its record says whose, so a newer merge that
        # deletes her stance is found (_stance_changed), as a span's is
        # fix11j: kept "(all)": the same stance (holder, target, polarity) of each other agreeing
        # analyst on their version is named too, and the origin lists whose it is. fix11ag P1: by
        # any decision — every analyst of the stance unit whose stance equals the one kept (a quote
        # kept by ben's digit brings a stance ana has too: it is ana's and ben's), in analyst order
        equal = _equal_stances(su, st) if su is not None else [(analyst, st)]
        holders = [a for a, _ in equal]
        stamp = {"kept": _stance_kept(kept, holders, su), "by": by, "at": at, "from": [f"{a}:{o.id}" for a, o in equal],
                 **({"seen": stance_seen(su)} if su is not None else {})}
        b.add(Edit(added.description, tuple(
            Change(None, dataclasses.replace(c.after, origin=f"analyst:{','.join(holders)}", created=st.created or c.after.created,
                                             attrs={**c.after.attrs, "curation": stamp}))
            if c.before is None and isinstance(c.after, Stance) else c for c in added.changes)))


def _say_suggested_links_rejected(b: _Builder, data: CurationInput, unit: Unit, gold: Span, first_edit: int, whose_version: str) -> None:
    """fix11s: a *suggested* gold link from the unit's gold spans that keeping a version rejected
    (the machine's SPEAKER link from a suggested QUOTE, rejected with it because the kept version
    lacks it) is said in the status line, as an accepted one is: ``its SPEAKER link to «Okafor»
    (suggested) rejected in gold (ana's version has none)`` — unless the kept span has that link
    (same label, a child at the same place and label) after the edit."""
    heads = {gold.id, *(g.id for g in unit.gold)}
    kept_links = {(r.label, c.key) for r in b.links_from(gold.id) if r.status == Status.ACCEPTED
                  and (c := b.spans.get(r.child)) is not None}
    for e in b.edits[first_edit:]:
        for c in e.changes:
            was, now_ = c.before, c.after
            if not (isinstance(was, Relation) and isinstance(now_, Relation)) or was.analyst or was.head not in heads:
                continue
            if was.status != Status.SUGGESTED or now_.status != Status.REJECTED:
                continue
            child = b.spans.get(was.child)
            if child is None or (was.label, child.key) in kept_links:
                continue
            words = cut_words(data.article.text[child.start:child.end])
            b.notes.append(f"its {was.label} link to «{words}» (suggested) rejected in gold ({whose_version} has none)")


def _bare(record: Any) -> Any:
    """``record`` without what a decision stamps on it (provenance, decision record, times): its content."""
    return dataclasses.replace(record, origin="", attrs={}, created="", updated="", by="")


def _changes_content(b: _Builder) -> bool:
    """fix11w: whether the builder's edits change gold's *content* — a span, link or stance made,
    deleted, or changed in status, place, label, ends or polarity — rather than only stamping whose
    it is on records gold holds already (compared by content, not by record id)."""
    return any(c.before is None or c.after is None or _bare(c.before) != _bare(c.after)
               for e in b.edits for c in e.changes if isinstance(c.after or c.before, (Span, Relation, Stance)))


def _relinks(b: _Builder) -> bool:
    """Whether the builder's edits link or unlink anything in gold (a relation made, or its
    status changed): what keeping a version whose span gold holds already can still change."""
    return any(isinstance(c.after or c.before, Relation) and (c.before is None or c.after is None or c.before.status != c.after.status)
               for e in b.edits for c in e.changes)


def _equal_stances(su: StanceUnit, kept: Stance) -> list[tuple[str, Stance]]:
    """fix11ag P1: the analysts' stances of ``su`` equal to ``kept`` (:func:`stance_content`), in
    analyst order, ``kept``'s own analyst included: whom a kept stance's provenance names."""
    return [(a, su.versions[a]) for a in su.analysts if a in su.versions and stance_content(su.versions[a]) == stance_content(kept)]


def _stance_kept(kept: str, whose: Sequence[str], su: StanceUnit | None) -> str:
    """fix11ag P1: a kept stance's ``kept``: "all" when it equals the stance of every analyst given
    the article (two or more) — whichever key kept it: a digit on its quote or on its own row, A,
    Ctrl+Return — else ``kept`` (the analyst the decision named)."""
    if su is not None and len(su.analysts) > 1 and set(whose) >= set(su.analysts):
        return "all"
    return kept


def _origin_of(refs: Sequence[str]) -> str:
    """``analyst:ana,ben`` for refs ``["ana:…", "ben:…"]`` ("" for none): a kept record's origin."""
    names = list(dict.fromkeys(r.split(":", 1)[0] for r in refs))
    return f"analyst:{','.join(names)}" if names else ""


def _link_refs(b: _Builder, head: Span | None, child: Span | None, label: str) -> list[str]:
    """fix11ag P1: every analyst's accepted ``label`` link equal to the gold link ``head`` → ``child``
    — from a span at the head's place and label to one at the child's — as ``"ana:<relation id>"``,
    in analyst order: whom a kept link's provenance names, whatever order the quote and its
    speaker were decided in."""
    if head is None or child is None:
        return []
    index = b.link_index
    if index is None:  # built once per decision: a bulk decision over thousands of links stays linear
        index = b.link_index = {}
        for a, layer in b.layers.items():
            spans = {s.id: s for s in layer.spans}
            for r in layer.relations:
                h, c = spans.get(r.head), spans.get(r.child)
                if r.status == Status.ACCEPTED and h is not None and c is not None:
                    index.setdefault((h.key, c.key, r.label), []).append(f"{a}:{r.id}")
    return list(index.get((head.key, child.key, label), ()))


def _relation_from(b: _Builder, made: Relation, rel: Relation, *, kept: str, whose: Sequence[str], agreeing: Sequence[Span],
                   child_unit: Unit, by: str, at: str) -> Relation | None:
    """fix11p: the gold link ``made`` (from the kept span) as it must be to carry whose it is, as
    its span does: ``origin`` ``analyst:ana`` (``analyst:ana,ben`` where ben's link is equal) — not
    the curator, who goes in ``by`` — and ``attrs["curation"]`` ``{"kept", "by", "at", "from":
    ["ana:<relation id>", …]}`` naming every analyst's link equal to it (fix11ag P1: its head and
    child at the same place and label, :func:`_link_refs`; ``rel``, the kept analyst's, when none
    is — its child decided otherwise). ``agreeing`` and ``child_unit`` are kept for callers. None
    when ``made`` is so already (its time aside)."""
    # fix11ag P1: named by content — each analyst whose link equals gold's (its head's and child's
    # place and label), not "the analysts whose quote agrees": ben's SPEAKER to his ORG is not the
    # kept link to ana's PERSON, and ana's equal link is credited whichever digit kept the quote
    refs = _link_refs(b, b.spans.get(made.head), b.spans.get(made.child), made.label) or [f"{rel.analyst or whose[0]}:{rel.id}"]
    stamp = {"kept": kept, "by": by, "at": at, "from": refs}
    origin = _origin_of(refs)
    info = made.attrs.get("curation")
    if made.origin == origin and made.by == (by or made.by) and isinstance(info, Mapping) \
            and {k: v for k, v in info.items() if k != "at"} == {k: v for k, v in stamp.items() if k != "at"}:
        return None  # already so: no change written
    return dataclasses.replace(made, origin=origin, by=by or made.by, attrs={**made.attrs, "curation": stamp})


def _unit_gold_now(b: _Builder, unit: Unit, prefer: Span) -> Span | None:
    """The accepted gold span of ``unit`` as the builder has it now (the one at ``prefer``'s
    position and label first)."""
    refs = unit.refs()
    mine = {g.id for g in unit.gold}
    cands = [s for s in b.near(unit) if s.status == Status.ACCEPTED and not s.analyst
             and ((_curated_from(s) & refs) or s.id in mine or s.key == prefer.key)]
    cands.sort(key=lambda s: (s.key != prefer.key, s.id))
    return cands[0] if cands else None


def _decided_now(b: _Builder, unit: Unit, al: Alignment) -> bool:
    """Whether ``unit`` has a gold decision as the builder has it now (kept, rejected or "kept
    nothing"): its gold spans and those this edit made from its versions, by :func:`own_gold` (gold's
    own version from before curation decides only where it is the analysts' agreed one)."""
    refs = unit.refs()
    gold = [b.spans[g.id] for g in unit.gold if g.id in b.spans]
    gold += [b.spans[i] for i in b.created if i in b.spans and _curated_from(b.spans[i]) & refs]
    return own_gold(unit, gold, b.links_from, b.spans.get, al._index.home, al.unit)[0] != Decision.UNDECIDED


def _gold_holder(b: _Builder, al: Alignment, layers: Mapping[str, ArticleBundle], analyst: str, stance: Stance) -> Span | None:
    """fix11ab: the accepted gold span kept for the unit of ``analyst``'s holder span of ``stance``
    as the builder has it now (one kept in the same edit too); None when the stance names no
    holder span, or gold keeps nothing for its unit (undecided, or rejected)."""
    if not stance.holder_span or analyst not in layers:
        return None
    mine = next((s for s in layers[analyst].spans if s.id == stance.holder_span), None)
    unit = al.unit_of(mine) if mine is not None else None
    return _unit_gold_now(b, unit, mine) if unit is not None and mine is not None else None


def _say_decide_holder_first(b: _Builder, head: str) -> None:
    """fix11ag P4: "decide the holder, then the stance" named no key and no flag: the window's line
    names the keys that decide the holder, ``curate``'s the flag."""
    b.say(f"{head} — decide the holder first (Tab to it; 1…9 keeps an analyst's, X rejects), then the stance",
          f"{head} — decide the holder first (`annotator curate --keep ANALYST --article {b.article.id}` keeps "
          "that analyst's holder and stance)")


def stance_note_of(su: StanceUnit, note: str) -> bool:
    """fix11ag P3: whether ``note`` (a part of a decision's line) is the note this module makes of
    stance unit ``su`` being left undecided ("… left to decide", "… not accepted: gold keeps no span
    for its holder …") — so a run that decides ``su`` later drops it."""
    return note.startswith(stance_left_said(su)) or (
        note.startswith(f"its stance of {su.name} ") and f"«{su.target}» not accepted: gold keeps no span for its holder" in note)


def _holders_rule(b: _Builder, al: Alignment) -> None:
    """fix11ab (issue 11, usertest11m F1/F2): **an accepted gold stance names an accepted gold span
    as its holder** whenever a holder span is named at all (the analysts' stance it was kept from
    names one, or it named one before) — checked here, in :func:`_finish`, which every decision
    goes through (digit, ``--keep``, Ctrl+Return / ``--accept-agreed``, ``--accept-single``, A, X),
    on each gold stance the edit accepted or whose holder span it changed:

    - a stance a decision rejected because its holder was rejected (``holder_rejected``) stays
      rejected as it was (keeping its quote re-accepted it, tied to no span: F2), said;
    - otherwise its holder becomes gold's span kept for the unit of the analyst's holder span;
    - where gold keeps none (the holder's unit undecided or rejected) the stance is not accepted:
      one this edit made is left out (its stance unit stays undecided), one it re-accepted goes
      back as it was, one it leaves holding a rejected span is rejected — each said.

    A stance whose analysts named the holder by name only (an article-level stance of a named
    entity) keeps the name: there is no span to name. Undo and redo replay edits that held this."""
    if not b.stances:
        return
    text = b.article.text
    # identity: a span this edit did not touch is the record the builder started from (a long
    # article's thousands of spans are not compared field by field on every decision)
    touched_spans = {i for i, sp in b.spans.items() if b.before.get(i) is not sp}
    for sid in list(b.stances):
        st = b.stances[sid]
        was = b.stances_before.get(sid)
        if st.analyst or st.status != Status.ACCEPTED or (was == st and st.holder_span not in touched_spans):
            continue
        held = b.spans.get(st.holder_span) if st.holder_span else None
        if held is not None and held.status == Status.ACCEPTED and not held.analyst:
            continue
        sources = [(r.split(":", 1)[0], r.split(":", 1)[1]) for r in _stance_from(st) if ":" in r]
        versions = [(a, v) for a, i in sources if a in b.layers for v in b.layers[a].stances if v.id == i]
        if not st.holder_span and not (was is not None and was.holder_span) and not any(v.holder_span for _, v in versions):
            continue  # named by name only, by every analyst it was kept from: no span to name
        if not st.holder_span and was is None and _by_name_settled(b, al, versions):
            # fix11ac N1: kept by name as an analyst named it, where gold decided no span for the holder;
            # fix11af (usertest11o O8): said, as the other holder decisions are — another analyst marked
            # the holder's span, and the lead's line did not tell that the stance went in without it
            who = next((a for a, v in versions if not v.holder_span), "")
            b.notes.append(f"its stance of {st.holder} {st.polarity} «{st.target}» kept by name"
                           + (f", as {who} names it" if who else "") + " (the holder's span is not kept in gold)")
            continue
        what = f"its stance of {st.holder} {st.polarity} «{st.target}»"
        info = _stance_info(was) if was is not None else {}
        if was is not None and was.status == Status.REJECTED and info.get("holder_rejected"):
            gone = b.spans.get(str(info["holder_rejected"]))
            words = f" «{cut_words(text[gone.start:gone.end])}»" if gone is not None else ""
            b.add(Edit("gold stance stays rejected", (Change(st, was),)))
            b.notes.append(f"{what} stays rejected as you decided (its holder{words} is rejected)")
            continue
        found = next((g for a, v in versions if (g := _gold_holder(b, al, b.layers, a, v)) is not None), None)
        if found is None and held is not None:  # gold's span it named was replaced: the one kept for its unit
            home = al.home(held)
            found = _unit_gold_now(b, home, held) if home is not None else None
        if found is not None:
            b.add(Edit("gold stance holder", (Change(st, dataclasses.replace(st, holder_span=found.id)),)))
            continue
        name = next((v for _, v in versions if v.holder_span), None)
        mine = next((s for a, v in versions if v is name for s in b.layers[a].spans if s.id == v.holder_span), None) if name else None
        words = f" «{cut_words(text[mine.start:mine.end])}»" if mine is not None else (f" «{st.holder}»")
        gone_holder = _holder_decided_out(b, al, versions) if was is None else None
        if gone_holder is not None:
            # fix11ad (issue 11): made by this edit (a kept quote brought it, or Ctrl+Return took it)
            # where the lead decided every analyst's holder span with no gold span there (X on it, or
            # a digit on an analyst who marked nothing): rejected with its holder in this same edit,
            # as X on the holder rejects a gold stance naming it — left out, it was counted as agreed
            # and only a second Ctrl+Return decided it
            gone, mine = gone_holder
            stamp = {**_stance_info(st), "kept": "none", "decision": "rejected", "holder_rejected": gone}
            b.add(Edit("reject gold stance", (Change(st, dataclasses.replace(
                st, status=Status.REJECTED, holder_span="", attrs={**st.attrs, "curation": stamp})),)))
            b.notes.append(f"{what} rejected in gold (its holder «{cut_words(text[mine.start:mine.end])}» is not kept)")
            continue
        if was is None:
            # made by this edit: left out, so its stance unit stays undecided (the article is not curated)
            b.edits = [Edit(e.description, tuple(c for c in e.changes if not (isinstance(c.after, Stance) and c.after.id == sid)
                                                  and not (isinstance(c.before, Stance) and c.before.id == sid))) for e in b.edits]
            del b.stances[sid]
            _say_decide_holder_first(b, f"{what} not accepted: gold keeps no span for its holder{words}")
        elif was.status != Status.ACCEPTED:
            b.add(Edit("gold stance not accepted", (Change(st, was),)))
            if _holder_decided_out(b, al, versions) is not None:
                # fix11ag P8: the holder is decided already (rejected, or "nothing there"): "decide the
                # holder (X rejects)" advised a key that had been pressed — what brings it back is said
                b.say(f"{what} not accepted: its holder{words} is rejected in gold — click the holder's row and keep "
                      "a version of it (1…9) to accept the stance",
                      f"{what} not accepted: its holder{words} is rejected in gold — `annotator curate --keep ANALYST "
                      f"--redecide --article {b.article.id}` keeps that analyst's holder and stance")
            else:
                _say_decide_holder_first(b, f"{what} not accepted: gold keeps no span for its holder{words}")
        else:
            stamp = {**info, "decision": "rejected", "holder_rejected": st.holder_span or was.holder_span}
            b.add(Edit("reject gold stance", (Change(st, dataclasses.replace(
                st, status=Status.REJECTED, holder_span="", attrs={**st.attrs, "curation": stamp})),)))
            b.notes.append(f"{what} rejected in gold (its holder{words} is not kept)")


def _by_name_gets_span(b: _Builder, al: Alignment) -> None:
    """fix11ae (usertest11o O6): one rule, whatever the order of keys — **where gold keeps a span for
    the holder, the stance names it**. An accepted gold stance kept by name (ben's, who marked no
    span of Maria Okafor, came with ben's quote) whose stance unit has another analyst's version
    naming a holder span that gold keeps now (ana's PERSON «Maria Okafor», accepted before or by
    this edit) names that span: one order gave a span holder, another the name only. A stance kept
    by name because gold decided no span for the holder (fix11ac N1) finds none and stays so."""
    for sid, st in list(b.stances.items()):
        if st.analyst or st.status != Status.ACCEPTED or st.holder_span or not _stance_info(st):
            continue  # gold's own stance from before curation (no decision record) is the lead's to decide
        evidence = b.spans.get(st.evidence) if st.evidence else None
        if st.evidence and evidence is None:
            continue
        home = al.home(evidence) if evidence is not None else None
        if evidence is not None and home is None:
            continue
        su = al.stance(f"{STANCE_KEY}{st.holder.strip().casefold()}|{st.target}|{home.key if home is not None else ''}")
        if su is None:
            continue
        found = next((g for a in su.analysts if (v := su.versions.get(a)) is not None and v.holder_span
                      and (g := _gold_holder(b, al, b.layers, a, v)) is not None), None)
        if found is not None:
            b.add(Edit("gold stance holder", (Change(st, dataclasses.replace(st, holder_span=found.id)),)))


def _holder_decided_out(b: _Builder, al: Alignment, versions: Sequence[tuple[str, Stance]]) -> tuple[str, Span] | None:
    """fix11ad: where every analyst's stance of ``versions`` names a holder span whose unit the lead
    decided with no accepted gold span there (rejected, or kept an analyst's "nothing"), the
    ``holder_rejected`` id to record (gold's rejected span of the first such unit, else the
    analyst's span ref) and that analyst's holder span; None otherwise (one names the holder by
    name only, or a holder's unit is undecided or kept)."""
    found: list[tuple[Unit, Span]] = []
    for a, v in versions:
        mine = next((s for s in b.layers[a].spans if s.id == v.holder_span), None) if v.holder_span and a in b.layers else None
        unit = al.unit_of(mine) if mine is not None else None
        if unit is None or mine is None or _unit_gold_now(b, unit, mine) is not None or not _decided_now(b, unit, al):
            return None
        found.append((unit, mine))
    if not found:
        return None
    unit, mine = found[0]
    gone = next((g.id for g in b.near(unit) if g.status == Status.REJECTED), ref(mine))
    return gone, mine


def _by_name_settled(b: _Builder, al: Alignment, versions: Sequence[tuple[str, Stance]]) -> bool:
    """fix11ac (usertest11n N1): whether an agreed stance is to be kept **by name** — some analyst
    it is kept from named its holder by name only (``holder_span ""``), and the unit of every
    other analyst's holder span is decided with no accepted gold span there (the lead kept the
    by-name analyst's version of it: nothing marked, or rejected it). Then gold keeps the stance as
    that analyst names it; the holder rule holds (it names no span). False while a holder's unit
    is not decided yet: the stance waits for it."""
    if not any(not v.holder_span for _, v in versions):
        return False
    for a, v in versions:
        if not v.holder_span:
            continue
        mine = next((s for s in b.layers[a].spans if s.id == v.holder_span), None) if a in b.layers else None
        unit = al.unit_of(mine) if mine is not None else None
        if unit is None or _unit_gold_now(b, unit, mine) is not None or not _decided_now(b, unit, al):
            return False
    return True


def _holder_gone(b: _Builder, al: Alignment, su: StanceUnit, data: CurationInput, *, by: str, at: str) -> bool:
    """fix11ac (usertest11n N1, its other case): an agreed stance every analyst of which names a
    holder span whose unit the lead decided with no accepted gold span there (rejected, or kept an
    analyst's "nothing") is rejected with its holder, as X on the holder rejects a gold stance
    naming it (``"holder_rejected"``: the unit stays decided): Ctrl+Return counted it as agreed,
    then held it back, and no key or flag finished the article. Writes that into ``b``, with its
    line in ``b.notes``; False (nothing written) otherwise."""
    holder = _holder_decided_out(b, al, list(su.versions.items()))  # the one test _holders_rule applies too
    if holder is None:
        return False
    try:
        evidence = _gold_evidence(al, su, data.article.text)
    except ValueError:
        return False
    gone, mine = holder
    first = next(iter(su.versions.values()))
    stamp = {"kept": "none", "by": by, "at": at, "decision": "rejected", "holder_rejected": gone,
             "from": sorted(f"{a}:{v.id}" for a, v in su.versions.items()), "seen": stance_seen(su)}
    b.add(Edit("rejected gold stance", (Change(None, Stance(
        id=new_id(), article_id=data.article.id or first.article_id, holder=first.holder, target=first.target,
        polarity=first.polarity, status=Status.REJECTED, origin="curation", attrs={"curation": stamp},
        holder_span="", evidence=evidence.id if evidence is not None else "")),)))
    words = cut_words(data.article.text[mine.start:mine.end])
    b.notes.append(f"its stance of {su.name} {first.polarity} «{first.target}» rejected in gold (its holder «{words}» is not kept)")
    return True


def by_name_analyst(b: _Builder, al: Alignment, su: StanceUnit) -> str:
    """fix11ac (usertest11n N1): the analyst whose version Ctrl+Return / ``--accept-agreed`` keeps of
    agreed stance ``su``: the first whose holder span gold keeps (or who names none, where no
    analyst names one); where gold decided no span for the holder (:func:`_by_name_settled`), the
    first who named it by name only; else the first analyst (the holder rule then holds it back,
    said)."""
    for a in su.analysts:
        v = su.versions[a]
        if v.holder_span and _gold_holder(b, al, b.layers, a, v) is not None:
            return a
    if _by_name_settled(b, al, list(su.versions.items())):
        return next(a for a in su.analysts if not su.versions[a].holder_span)
    return su.analysts[0]


def _stances_naming(b: _Builder, span_ids: set[str]) -> list[Stance]:
    """fix11y (usertest11l H2): the accepted gold stances that name one of the gold spans
    ``span_ids`` — as their holder span or as the quote they rest on — as the builder has them now:
    the records besides relations that point at a span (a tag names no span; an interrupted
    quote's pieces are tied by FRAGMENT relations, which follow the links' rule)."""
    return [st for st in b.stances.values() if not st.analyst and st.status == Status.ACCEPTED
            and span_ids & {st.holder_span, st.evidence}]


def _move_stances(b: _Builder, naming: Sequence[Stance], old_id: str, kept: Span) -> None:
    """fix11y (usertest11l H2): the gold stances of ``naming`` (accepted, naming gold span
    ``old_id`` just rejected because a kept version replaced it) follow to the kept span ``kept``,
    as gold's accepted links to it do (the same record, in the same edit): a holder span that was
    ``old_id`` names ``kept`` (it became "" when ``old_id`` was rejected: gold exported a stance
    tied to no span); one resting on ``old_id`` rests on ``kept`` and stays accepted when ``kept``
    can be evidence (a quote or claim; else it stays rejected with its quote, as stance_rule says).
    A stance that would become the same (holder, target, evidence) as an accepted one there stays
    as the rejection left it."""
    for was in naming:
        now_st = b.stances.get(was.id)
        if now_st is None:
            continue
        holder_span = kept.id if was.holder_span == old_id else now_st.holder_span
        evidence = now_st.evidence
        status = now_st.status
        if was.evidence == old_id:
            if not stance_rule.can_be_evidence(kept):
                continue
            evidence, status = kept.id, Status.ACCEPTED
        key = (was.holder, was.target, evidence)
        if any(o.id != was.id and not o.analyst and o.status == Status.ACCEPTED and stance_rule.stance_key(o) == key
               for o in b.stances.values()):
            continue
        moved = dataclasses.replace(now_st, holder_span=holder_span, evidence=evidence, status=status)
        if moved != now_st:
            b.add(Edit("gold stance to the kept span", (Change(now_st, moved),)))


def _reject_holders(b: _Builder, al: Alignment, naming: Sequence[Stance], rejected: set[str], text: str, *,
                    curation: Mapping[str, Any]) -> None:
    """fix11y (usertest11l H2): rejecting gold spans ``rejected`` (X, or an analyst's "nothing")
    rejects the accepted gold stances of ``naming`` whose holder span was one of them, as it
    rejects gold's links to them — in the same edit, said — with a decision record naming the
    analysts' stances of its stance unit (so it stays decided); it left them accepted, tied to no
    span. A stance resting on a rejected quote is rejected by the stance rule already."""
    for was in naming:
        now_st = b.stances.get(was.id)
        if was.holder_span not in rejected or now_st is None or now_st.status == Status.REJECTED:
            continue
        su = next((st for st in al.stances if any(g.id == was.id for g in st.gold)), None)
        refs = sorted(f"{a}:{v.id}" for a, v in su.versions.items()) if su is not None else []
        stamp = {**curation, "from": refs, "holder_rejected": was.holder_span}
        stamp.pop("seen", None)
        stamp.pop("seen_links", None)
        b.add(Edit("reject gold stance", (Change(now_st, dataclasses.replace(
            now_st, status=Status.REJECTED, holder_span="", attrs={**now_st.attrs, "curation": stamp})),)))
        held = b.spans.get(was.holder_span)
        words = f" «{cut_words(text[held.start:held.end])}»" if held is not None else ""
        b.notes.append(f"its stance of {was.holder} {was.polarity} «{was.target}» rejected in gold (its holder{words} is rejected)")


def _reject_into(b: _Builder, unit: Unit, *, by: str, at: str, kept: str = "none", al: Alignment | None = None,
                 text: str = "") -> None:
    curation = {**_stamp(kept, by, unit.refs(), at, unit), "decision": "rejected"}
    ids = {g.id for g in unit.gold if g.id in b.spans and b.spans[g.id].status != Status.REJECTED}
    naming = _stances_naming(b, ids)
    # fix11aj (usertest11q L4): a rejection that takes an analyst's side (``--keep ben`` / ben's digit
    # where ben has no version: ben deleted it) names them in the gold record's origin — it kept the
    # origin of the decision it replaced ("analyst:ana,ben,cy" of a unit kept by all before)
    side = kept if kept and kept not in ("none", "all", "gold") and kept in unit.analysts else None
    for g in unit.gold:
        if g.id in b.spans:
            _set_span(b, b.spans[g.id], status=Status.REJECTED, curation=curation,
                      origin=f"analyst:{side}" if side is not None else None)
    if al is not None:
        _reject_holders(b, al, naming, ids, text, curation=curation)
    keys = {s.key for s in b.near(unit)}
    seen: set[tuple[int, int, str]] = set()
    for version in unit.versions:
        if version.key in keys or version.key in seen:
            continue
        seen.add(version.key)
        _gold_copy(b, unit, version, status=Status.REJECTED, curation=curation, origin="curation")


def gold_changes(edits: Iterable[Edit]) -> list[tuple[Any, Any]]:
    """The (before, after) pairs of the span and relation changes of ``edits``, in order (for
    :meth:`Alignment.with_gold`: a relation made or rejected changes what is linked to nothing)."""
    return [(c.before, c.after) for e in edits for c in e.changes if isinstance(c.record, (Span, Relation))]


def unlinked_why(unit: Unit, heads: Sequence[tuple[str, str]], unit_at: Callable[[str], Unit | None],
                 gold_links: tuple[Mapping[str, Span], Mapping[str, Mapping[str, Relation]]], text: str = "") -> str:
    """fix11m: why ``unit`` is flagged ⚠ "linked to nothing in gold", or "". A property of the
    state, not of the edit that led there (any order of decisions gives the same flag):

    the unit is kept (an accepted gold span) as a *role span* — its label is the name of a relation
    an analyst linked it by (a SPEAKER span the child of a SPEAKER relation, a CUE of a CUE
    relation: the schema's span labels that exist only to be that relation's argument, fix11n; a
    PERSON, ORG … linked as speaker is an entity, valid linked to nothing) — some analyst linked it
    from another unit (``heads``: (head unit key, link label), e.g. the QUOTE a CUE or SPEAKER
    belongs to), every such head unit
    is decided (one still undecided may yet link it), and none of its accepted gold spans has an
    accepted gold relation to an accepted gold span — any quote: a SPEAKER gold links through the
    outer quote of a rejected inner one is linked. Cleared while the lead keeps it so deliberately
    (:func:`keep_gold`: ``attrs["curation"]["unlinked_seen"]``) and the situation is the one they
    saw (``"quotes"``: head unit key -> decision, as :meth:`Alignment.unlinked_situation`); a seen
    record of before fix11m (no ``"quotes"``) is taken as seen. ``unit_at``: unit by key;
    ``gold_links``: gold spans by id, gold relations by span id."""
    if unit.decision != Decision.KEPT or not heads:
        return ""
    kept = [g for g in unit.gold if g.status == Status.ACCEPTED]
    if not any(g.label in {label for _key, label in heads} for g in kept):
        return ""  # fix11n: not a role span (a PERSON, any entity, is valid on its own): see link_role
    spans, rels = gold_links
    for g in kept:
        for r in rels.get(g.id, {}).values():
            if r.status == Status.ACCEPTED and (o := spans.get(r.child if r.head == g.id else r.head)) is not None \
                    and o.id != g.id and o.status == Status.ACCEPTED:
                return ""
    found = [(h, label) for key, label in heads if (h := unit_at(key)) is not None]
    if not found or any(not h.decided for h, _label in found):
        return ""
    situation = {h.key: str(h.decision) for h, _label in found}
    for g in kept:
        info = g.attrs.get("curation")
        seen = info.get("unlinked_seen") if isinstance(info, Mapping) else None
        if isinstance(seen, Mapping) and (not isinstance(seen.get("quotes"), Mapping) or dict(seen["quotes"]) == situation):
            return ""
    head = min(found, key=lambda hl: (hl[0].decision != Decision.REJECTED, hl[0].start, hl[0].end, hl[0].key))[0]
    words = cut_words(text[kept[0].start:kept[0].end]) if text else ""
    done = "was rejected" if head.decision == Decision.REJECTED else "was kept without it"
    return (f"{kept[0].label} «{words}» is linked to nothing in gold (its {'/'.join(head.labels)} "
            f"«{cut_words(text[head.start:head.end]) if text else ''}» {done}): keep it as it is (A) or reject it (X)")


def _unseen_when_relinked(b: _Builder) -> None:
    """A gold span this edit links (an accepted relation made or accepted) forgets that the lead
    kept it linked to nothing (``unlinked_seen``): that was decided on another situation, so a
    later rejection of the quote it is linked to now flags it again (fix11m)."""
    ends: list[str] = []
    for e in list(b.edits):
        for c in e.changes:
            if isinstance(c.after, Relation) and not c.after.analyst and c.after.status == Status.ACCEPTED \
                    and not (isinstance(c.before, Relation) and c.before.status == Status.ACCEPTED):
                ends += [c.after.head, c.after.child]
    for sid in dict.fromkeys(ends):
        span = b.spans.get(sid)
        info = span.attrs.get("curation") if span is not None else None
        if isinstance(info, Mapping) and "unlinked_seen" in info:
            _set_span(b, span, status=span.status, curation={k: v for k, v in info.items() if k != "unlinked_seen"})


def _finish(b: _Builder, al: Alignment, description: str, *, by: str, at: str, unlinked_said: bool = False,
            cli: str | None = None, advice: str = "", cli_advice: str | None = None) -> Edit:
    """The combined edit, marking the article curated when no unit is left undecided after it
    (counted on the units the edit changed, :meth:`Alignment.with_gold`). fix11ab: every decision's
    gold stances keep :func:`_holders_rule` here. ``unlinked_said``: the caller's ``description``
    names the spans it leaves ⚠ linked to nothing already (fix11ad: said by the caller, not found
    by reading the description's words). fix11ai: ``description`` says what the decision did
    ("Curate: keep ana's QUOTE «x»"), ``advice`` (``cli_advice`` in curate's words) what it
    left and how to go on ("; 2 disagreements left to decide: … — Tab to each"): said after it,
    never in the undo/redo lines — the edit carries its :class:`StepWords`."""
    _holders_rule(b, al)
    _by_name_gets_span(b, al)
    _unseen_when_relinked(b)
    _refuse_two_labels(b, al)
    # fix11ag P4/P8: the same words for ``curate`` (``cli``: the caller's, flags for keys), each note too
    flags = description if cli is None else cli
    did = [description.removeprefix("Curate: ")] if description.removeprefix("Curate: ") else []
    description += advice
    flags += advice if cli_advice is None else cli_advice
    said: list[str] = []
    if b.notes:
        notes = list(dict.fromkeys(b.notes))
        said = [b.cli_notes.get(n, n) for n in notes]
        did += notes  # what the decision did to links and stances (a note is never advice)
        description += "; " + "; ".join(notes)
        flags += "; " + "; ".join(said)
    after = al.with_gold(gold_changes(b.edits))[0] if b.edits else al
    if b.edits and after.stances or any(isinstance(c.record, Stance) for e in b.edits for c in e.changes):
        # stance units follow their gold stances and their quotes' decisions (few: recomputed whole)
        data = CurationInput(gold=ArticleBundle(article=b.article, spans=[], stances=list(b.stances.values())), layers=b.layers,
                             statuses=b.statuses)
        after = after.with_stances(_stance_units(data, after, b.spans))
    if b.edits and not unlinked_said:
        # a decision that leaves a CUE/SPEAKER ⚠ linked to nothing says so (a digit on a speaker
        # whose quote was rejected raised it silently: usertest11f)
        was = {u.key for u in al.units if u.unlinked}
        raised = [u for u in after.units if u.unlinked and u.key not in was]
        if raised:
            what = ", ".join(f"{u.labels[0]} «{cut_words(b.article.text[u.start:u.end])}»" for u in raised[:3])
            description += (f"; ⚠ {what}{' …' if len(raised) > 3 else ''} now linked to nothing in gold: "
                            "A keeps it so, X rejects it")
            flags += (f"; ⚠ {what}{' …' if len(raised) > 3 else ''} now linked to nothing in gold: "
                      f"`annotator curate --keep ANALYST --article {b.article.id}` keeps it so, `--reject ANALYST "
                      f"--article {b.article.id}` rejects it")
    tail = ""
    mark, rejected = MarkMove.NONE, (0, 0)
    if b.edits and after.curated and curation_status(b.article) != "curated" and b.unreviewed:
        # fix11t: the same rule as Ctrl+Return's — no decision marks an article an analyst has not reviewed
        tail = f" (not marked curated: {not_reviewed(b.unreviewed)})"
    elif b.edits and after.curated and curation_status(b.article) != "curated":
        rejected = _reject_pending(b)
        meta = {**b.article.meta, "curation": {"status": "curated", "by": by, "at": at}}
        marked = dataclasses.replace(b.article, status=ArticleStatus.REVIEWED, meta=meta)
        b.add(Edit("mark curated", (Change(b.article, marked),)))
        tail = " (article curated)" + _pending_said(rejected)
        mark = MarkMove.CURATED
    elif b.edits and curation_status(b.article) == "curated" and after.curated and b.unreviewed:
        tail = _withdraw_curated(b, not_reviewed(b.unreviewed), by, at)
        mark = MarkMove.WITHDRAWN
    elif b.edits and not after.curated and curation_status(b.article) == "curated":
        # fix11m: a decision on a curated article that leaves a unit ⚠ (rejecting the quote of a kept
        # CUE leaves it linked to nothing) withdraws the mark in the same edit, as a merge does
        # (curation_state.withdraw_stale_curations): gold export must not hold an unchosen flag
        tail = _withdraw_curated(b, _left_to_decide(after), by, at)
        mark = MarkMove.WITHDRAWN
    elif b.edits and b.article.status == ArticleStatus.NEW:
        # fix11o: the first decision starts the lead's work on the article, as the first look does
        # in a project of one's own (opening a team article changes nothing): one undo step with it
        b.add(Edit("start work", (Change(b.article, dataclasses.replace(b.article, status=ArticleStatus.IN_PROGRESS)),)))
    return b.edit(description + tail, flags + tail, said,
                  StepWords("; ".join(did), mark, rejected if mark is MarkMove.CURATED else (0, 0), tail=tail))


def _two_labels(spans: Iterable[Span]) -> dict[tuple[str, int, int], set[str]]:
    """Accepted gold spans by (layer, start, end) → their labels, where more than one label."""
    at: dict[tuple[str, int, int], set[str]] = {}
    for g in spans:
        if not g.analyst and g.status == Status.ACCEPTED:
            at.setdefault((g.layer, g.start, g.end), set()).add(g.label)
    return {k: v for k, v in at.items() if len(v) > 1}


def _refuse_two_labels(b: _Builder, al: Alignment) -> None:
    """fix11ak N2: a decision that would leave two labels on the same words in one gold layer is
    refused (:class:`Refused`), nothing written: the spaCy/CoNLL exports keep one entity per place
    and would drop the other silently. Places that held two labels before the decision are not its
    doing and are let be. Raises :class:`Refused` naming the keys (window) or flags (``curate``)."""
    before = _two_labels(b.before.values())
    new = {k: v for k, v in _two_labels(b.spans.values()).items() if not v <= before.get(k, set())}
    if not new:
        return
    (_layer, start, end), labels = sorted(new.items())[0]
    words = cut_words(al.article.text[start:end])
    both = " and ".join(sorted(labels))
    head = f"Not saved: gold would hold {both} on the same words «{words}»; "
    raise Refused(head + "decide them as one: X rejects the version you do not want there, or a digit keeps the other "
                  "analyst's version (L relabels)",
                  cli=head + f"decide them as one: `annotator curate --keep ANALYST --article {al.article.id}` "
                  f"keeps one analyst's version, `--reject ANALYST --article {al.article.id}` rejects one")


def _mark_edited(edit: Edit, span: Span, *, by: str, at: str) -> Edit:
    """``edit`` of the kept gold span ``span`` with its decision record saying so: ``"edited":
    {"by", "at", "was": [start, end, label]}`` (``was``: as the decision kept it, kept from a
    first edit on). A span no curation decision kept is left as the edit leaves it."""
    info = span.attrs.get("curation")
    if not edit or not isinstance(info, Mapping) or span.status != Status.ACCEPTED:
        return edit
    was = info.get("edited", {}).get("was") if isinstance(info.get("edited"), Mapping) else None
    stamp = {**info, "edited": {"by": by, "at": at or now(), "was": was or [span.start, span.end, span.label]}}
    changes = []
    for c in edit.changes:
        if isinstance(c.after, Span) and c.after.id == span.id:
            c = Change(c.before, dataclasses.replace(c.after, attrs={**c.after.attrs, "curation": stamp}))
        changes.append(c)
    return Edit(edit.description, tuple(changes))


def kept_by(span: Span) -> str:
    """Whose version the gold span ``span`` is, as the curation view's gold column says it
    ("ben", "all", "ben, edited by lead", "ben, edited"; "" when no decision kept it): a kept span
    the lead edited since says so — recorded by :func:`relabel_gold` / :func:`resize_gold`, or
    seen from its place or label no longer being the version's it was kept as (edited elsewhere)."""
    info = span.attrs.get("curation")
    if not isinstance(info, Mapping) or not info.get("kept"):
        return ""
    who = str(info["kept"])
    edited = info.get("edited")
    if isinstance(edited, Mapping):
        return f"{who}, edited by {edited.get('by') or 'the lead'}"
    seen = info.get("seen")
    made = [seen[r] for r in info.get("from", ()) if isinstance(seen, Mapping) and r in seen]
    if span.status == Status.ACCEPTED and made and all(list(m) != [span.start, span.end, span.label] for m in made):
        return f"{who}, edited"
    return who


def resize_gold(records: commands.Records, span: Span, start: int, end: int, *, by: str = "", at: str = "") -> Edit:
    """Move the gold span ``span`` to ``[start, end)`` (:func:`commands.resize`); a kept span's
    decision records the edit (:func:`_mark_edited`), undone with it."""
    return _mark_edited(commands.resize(records, span, start, end), span, by=by, at=at)


def relabel_gold(records: commands.Records, span: Span, label: str, layer: str, text: str, *, by: str = "",
                 at: str = "", schema: Any = None) -> tuple[Edit, list[str]]:
    """Relabel the gold span ``span`` as ``label`` (of ``layer``), and say what cannot come along.

    Returns the edit and a description of each link and stance it drops ([] when nothing is
    lost, :func:`commands.relabel_losses`). Links follow the one relabel rule of
    :func:`commands.relabel` (the main window's too): carried where the new label has the
    counterpart (a QUOTE's SPEAKER becomes a CLAIM's CLAIMANT), else dropped, as is a link *to*
    it the new label cannot take. Gold only: the stances it was evidence of are dropped when a
    span of ``layer`` cannot be evidence (:data:`stance_rule.EVIDENCE_LAYERS`), not made article
    level — a gold stance stays on the evidence the curator kept it on. Each drop is a deletion
    in the same edit (so in the change log, and undone with it). A kept span's decision records
    the relabel as made by ``by`` (:func:`_mark_edited`). ``schema`` (a
    :class:`~annotator.domain.schema.LabelSchema`): attributes the new label lacks are dropped too
    (:func:`commands.relabel`)."""
    from annotator.domain import stance_rule

    edit = commands.relabel(records, span, label, layer, schema=schema)  # cur11ui: ``schema`` drops attributes the label lacks
    if not edit or label == span.label:
        return edit, []
    # the relabel itself may change a stance (stances follow their evidence): drop it as the relabel leaves it
    now_ = {c.record.id: c.after for c in edit.changes if isinstance(c.record, Stance)}
    stances = [now_.get(st.id, st) for st in records.stances.values()
               if st.evidence == span.id and layer not in stance_rule.EVIDENCE_LAYERS]
    extra = [commands.delete_stance(st) for st in stances if st is not None]
    if extra:
        edit = commands.combine(edit.description, [edit, *extra])
    lost = commands.relabel_losses(records, span, label, edit, text)
    if lost:
        edit = Edit(edit.description + f" (dropping {len(lost)} link{'s' if len(lost) != 1 else ''}/stances)", edit.changes)
    return _mark_edited(edit, span, by=by, at=at), lost


def curation_status(article: Article) -> str:
    """``"curated"`` when a curation marked the article so, else ""."""
    info = article.meta.get("curation") if isinstance(article.meta, Mapping) else None
    return str(info.get("status", "")) if isinstance(info, Mapping) else ""


def take(data: CurationInput, unit_key: str, analyst: str, *, by: str = "", at: str = "", alignment: Alignment | None = None) -> Edit:
    """Gold keeps ``analyst``'s version of the unit (module doc); their links and stances follow.
    Empty when that is already so. Raises KeyError for an unknown unit or analyst."""
    if analyst not in data.layers:
        raise KeyError(f"{analyst} was not given this article")
    al = alignment if alignment is not None else align(data)
    unit = al.unit(unit_key)
    if unit is None:
        raise KeyError(f"no unit {unit_key!r} in this article")
    at = at or now()
    version = unit.version_of(analyst)
    holds = version is not None and unit.decision == Decision.KEPT and (kept := unit.kept_gold()) is not None \
        and kept.key == version.key and all(g.status == Status.REJECTED for g in unit.gold if g.id != kept.id)
    if unit.unlinked and version is not None:
        # fix11n: a digit on a kept span ⚠ linked to nothing (its quote not kept) is the lead's
        # deliberate keep in this situation: gold already holding that version, it is A (keep it as
        # it is, seen); another analyst's version is taken and kept so, seen — never a no-op row
        if holds:
            return keep_gold(data, unit_key, by=by, at=at, alignment=al, whose=analyst)
        b = _Builder(data)
        _take_into(b, al, data, unit, analyst, by=by, at=at, kept=analyst)
        _seen_unlinked(b, al, unit, version, by=by, at=at)
        return _finish(b, al, f"Curate: keep {analyst}'s {version.label} «{cut_words(data.article.text[version.start:version.end])}» "
                              "in gold, linked to nothing", by=by, at=at, unlinked_said=True)
    b = _Builder(data)
    _take_into(b, al, data, unit, analyst, by=by, at=at, kept=analyst)
    if unit.decision == Decision.KEPT and not unit.changed and not _changes_content(b):
        # gold holds that version and its links already (fix11p: a version of equal offsets
        # whose links differ — cy's SPEAKER where ana's quote has none — is no "nothing to change");
        # fix11w: by content, whoever wrote gold's records (gold's own from before curation too)
        return Edit("Already so in gold: nothing to change", ())
    if version is None:
        return _finish(b, al, f"Curate: keep nothing at «{cut_words(data.article.text[unit.start:unit.end])}» ({analyst}'s version)", by=by, at=at)
    return _finish(b, al, f"Curate: keep {analyst}'s {version.label} «{cut_words(data.article.text[version.start:version.end])}»", by=by, at=at)


def _disputed_links(al: Alignment, unit: Unit, b: _Builder) -> list[Unit]:
    """The units ``unit``'s links point at that are disagreements with no gold decision yet: an
    agreed quote whose SPEAKER the analysts placed differently. Accepting the quote "as all agree"
    would take one analyst's speaker unseen, so it waits until the curator decides the speaker."""
    out = []
    for per_label in unit.links.values():
        for keys in per_label.values():
            for key in keys:
                child = al.unit(key)
                if child is not None and child.disagreement and _unit_gold_now(b, child, child.versions[0]) is None \
                        and not _decided_now(b, child, al) and child not in out:  # decided "nothing there": no link, nothing to wait for
                    out.append(child)
    return out


def waiting_on(al: Alignment, unit: Unit) -> list[Unit]:
    """The undecided disagreements ``unit``'s links point at (its speaker, its cue): an agreed
    unit waits for them before ``A`` / Ctrl+Return accept it (:func:`accept_agreed`)."""
    return [u for per in unit.links.values() for keys in per.values() for k in keys
            if (u := al.unit(k)) is not None and u.disagreement and not u.decided]


def stance_waits_on(al: Alignment, su: StanceUnit) -> list[Unit]:
    """fix11ad: the undecided units holding an analyst's holder span of stance unit ``su`` that
    Ctrl+Return does not decide (a disagreement, or one analyst's): an agreed stance waits for them,
    as an agreed unit waits for its disputed speaker or cue (:func:`waiting_on`) — counted among the
    agreed units with those that wait, never promised to Ctrl+Return."""
    out: list[Unit] = []
    for a, v in su.versions.items():
        key = al._key_of_ref.get(f"{a}:{v.holder_span}") if v.holder_span else None
        unit = al.unit(key) if key is not None else None
        if unit is not None and not unit.decided and (unit.disagreement or unit.single) and unit not in out:
            out.append(unit)
    return out


def agreed_waiting(al: Alignment) -> int:
    """fix11ad: how many of the agreed units counted (:func:`agreed_left`, :func:`agreed_stances_left`)
    wait for a disagreement to be decided first (their speaker or cue: :func:`waiting_on`; a stance's
    holder: :func:`stance_waits_on`) — Ctrl+Return leaves them, said."""
    return (sum(1 for u in agreed_left(al) if waiting_on(al, u))
            + sum(1 for su in agreed_stances_left(al) if stance_waits_on(al, su)))


def accept_agreed(data: CurationInput, unit_key: str, *, by: str = "", at: str = "", alignment: Alignment | None = None) -> Edit:
    """Gold keeps the version all analysts agree on. Raises ValueError when they do not agree, or
    when a unit it links to (its speaker, its cue) is a disagreement not decided yet."""
    al = alignment if alignment is not None else align(data)
    unit = al.unit(unit_key)
    if unit is None:
        raise KeyError(f"no unit {unit_key!r} in this article")
    if unit.orphan or unit.unlinked or unit.gold_differs or unit.left_out:  # "accept" keeps gold's as it is
        return keep_gold(data, unit_key, by=by, at=at, alignment=al)
    if unit.changed and unit.decided and (unit.disagreement or unit.single):
        # ⚠ changed since decided where no agreed version is left to accept (one analyst's version
        # gone, another's still there): A keeps gold's decision as it is, seen in this situation,
        # as it does for a unit with no version left (it refused, "the analysts do not agree",
        # on a row that says one analyst: usertest11f)
        return _confirm_decision(data, al, unit, by=by, at=at or now())
    if unit.decision == Decision.KEPT and _kept_so(unit):
        # A again on a span the lead already kept linked to nothing: it is so in gold. Taking the
        # agreed version again would rewrite it without its "seen" mark and raise the ⚠ (and
        # withdraw the curated mark) it was kept to settle (usertest11f).
        return Edit("Already so in gold: nothing to change", ())
    if unit.disagreement:
        raise ValueError("the analysts do not agree here: take one analyst's version (1, 2, …) or reject it (X)")
    if unit.single:
        raise ValueError(f"only {unit.versions[0].analyst} was given this article, nobody agreed: "
                         "take their version (1) or reject it (X)")
    at = at or now()
    b = _Builder(data)
    disputed = _disputed_links(al, unit, b)
    if disputed:
        where = ", ".join(f"{'/'.join(u.labels)} «{cut_words(data.article.text[u.start:u.end])}»" for u in disputed)
        raise ValueError(f"its link goes to {where}, where the analysts disagree: decide that first (Tab)")
    _take_into(b, al, data, unit, unit.versions[0].analyst, by=by, at=at, kept="all")
    if unit.decision == Decision.KEPT and not unit.changed and not _changes_content(b):
        # fix11w (usertest11k F1): gold holds the agreed version already (span, links, stances, by
        # content): A changes nothing — it rewrote gold's own records and broke their links
        return Edit("Already so in gold: nothing to change", ())
    agreed = unit.versions[0]  # fix11o: the status line names gold's span (it said "accept the agreed PERSON")
    return _finish(b, al, f"Curate: keep {agreed.label} «{cut_words(data.article.text[agreed.start:agreed.end])}» in gold "
                          "(agreed by all)", by=by, at=at)


def _confirm_decision(data: CurationInput, al: Alignment, unit: Unit, *, by: str, at: str) -> Edit:
    """Gold's decision on a ⚠ changed unit kept as it is: each gold span keeps its status, its
    decision record keeps what was kept and from whom, and ``seen``/``seen_links`` become the
    versions now there (so the flag clears), with ``confirmed`` (by, at)."""
    b = _Builder(data)
    now_seen = _stamp("", by, (), at, unit)
    for g in unit.gold:
        info = g.attrs.get("curation")
        old = dict(info) if isinstance(info, Mapping) else {}
        stamp = {**old, "seen": now_seen["seen"], "seen_links": now_seen["seen_links"], "given": now_seen["given"],
                 "confirmed": {"by": by, "at": at}}
        _set_span(b, b.spans[g.id], status=b.spans[g.id].status, curation=stamp)
    shown = next((g for g in unit.gold if g.status == Status.ACCEPTED), unit.gold[0] if unit.gold else None)
    label, start, end = (shown.label, shown.start, shown.end) if shown is not None else ("/".join(unit.labels), unit.start, unit.end)
    done = "kept" if unit.decision == Decision.KEPT else "rejected"
    return _finish(b, al, f"Curate: keep the decision on {label} «{cut_words(data.article.text[start:end])}» as it is ({done}), "
                   f"though {unit.changed}", by=by, at=at)


def _kept_so(unit: Unit) -> bool:
    """Whether an accepted gold span of ``unit`` carries the lead's "kept linked to nothing" mark
    (``attrs["curation"]["unlinked_seen"]``, :func:`keep_gold`)."""
    for g in unit.gold:
        info = g.attrs.get("curation")
        if g.status == Status.ACCEPTED and isinstance(info, Mapping) and "unlinked_seen" in info:
            return True
    return False


def agreed_left(al: Alignment) -> list[Unit]:
    """The undecided units all analysts given the article agree on (spans and links): what
    Ctrl+Return / ``curate --accept-agreed`` accepts, the one definition every count of
    "agreed units not decided yet" uses. Those whose speaker or cue is a disagreement not decided
    yet (:func:`waiting_on`) are among them, and wait for it."""
    return [u for u in al.units if not u.decided and not u.disagreement and not u.single]


def agreed_stances_left(al: Alignment) -> list[StanceUnit]:
    """fix11y (usertest11l H1): the open stance units (:attr:`StanceUnit.open`: on a quote decided
    already, or article level) that every analyst given the article (at least two) holds alike and
    gold holds no own version of: what Ctrl+Return / ``--accept-agreed`` accepts beside
    :func:`agreed_left`, counted with it as "agreed units not decided yet". An agreed stance on a
    quote not decided yet is not among them: it comes with its quote."""
    return [st for st in al.stances if st.open and st.agreed and len(st.analysts) > 1 and not st.gold_differs]


def held_for_lead(units: Sequence[Unit | StanceUnit], *, cli: str = "") -> str:
    """fix11s: what ``--accept-agreed`` / Ctrl+Return (``--accept-single``) left because gold held its
    own version there from before curation (:attr:`Unit.gold_differs`): ``"; 1 disagreement where
    gold differs left for you (gold held its own version there before curation: imported without
    --analyst, or decided by hand): A keeps gold's, 1…9 an analyst's, X rejects (Tab)"``; "" for
    none. fix11u (usertest11j F7): named as ``curate`` counts them (:func:`gold_differs_said`), not
    "agreed units". fix11ak N1: ``cli`` (``"--article N"``) gives ``curate``'s words (its flags, the
    window by its menu command) instead of the window's keys."""
    if not units:
        return ""
    how = "imported without --analyst" if cli else "imported as the project's own, not an analyst's"
    head = (f"; {gold_differs_said(len(units))} left for you (gold held its own version there before curation: "
            f"{how}, or decided by hand): ")
    if cli:
        return head + (f"`annotator curate --keep ANALYST {cli}` keeps that analyst's, `--reject ANALYST {cli}` "
                       "rejects it, or keep gold's in the window's View → Curation…")
    return head + "A keeps gold's, 1…9 an analyst's, X rejects (Tab)"


def not_reviewed(unreviewed: Sequence[str] | Mapping[str, str]) -> str:
    """The one wording of the rule that keeps an article from being marked curated while an
    analyst has not reviewed it (:func:`unreviewed_of`; names alone mean status new):
    ``"ana has not reviewed it (status new in their file)"``, ``"ana has not reviewed it (status
    in progress in their file: not marked done)"``, ``"ana, ben have not reviewed it (status new in
    their files)"``; "" for none. ``curate``'s listing, Ctrl+Return's refusal and the view's status
    line all say it (fix11r, fix11t)."""
    if not unreviewed:
        return ""
    statuses = dict(unreviewed) if isinstance(unreviewed, Mapping) else {a: str(ArticleStatus.NEW) for a in unreviewed}
    one = len(statuses) == 1
    kinds = list(dict.fromkeys((st or "new").replace("_", " ") for st in statuses.values()))
    tail = "" if kinds == ["new"] else ": not marked done"
    return (f"{', '.join(statuses)} {'has' if one else 'have'} not reviewed it "
            f"(status {', '.join(kinds)} in {'their file' if one else 'their files'}{tail})")


def nothing_left_hint(unreviewed: Sequence[str] | Mapping[str, str]) -> str:
    """What the curation view says of an article with nothing left to decide that no decision
    marked curated (:attr:`Alignment.curated` and not :attr:`Alignment.article_curated`), from the
    same rule as :func:`accept_all_agreed`'s refusal: Ctrl+Return marks it — unless an analyst of
    ``unreviewed`` has not reviewed it, which it then says (fix11r: it promised a mark Ctrl+Return refused)."""
    if unreviewed:
        return (f"nothing left to decide, but {not_reviewed(unreviewed)}: not curated until they review it "
                "and their file is merged again")
    return "nothing left to decide: Ctrl+Return marks the article curated"


def review_hint(unreviewed: Sequence[str] | Mapping[str, str]) -> str:
    """fix11t: what the curation view says of an article with units left while an analyst has
    not reviewed it (the same rule: Ctrl+Return accepts nothing, no decision marks it curated); ""
    for none."""
    if not unreviewed:
        return ""
    return (f"{not_reviewed(unreviewed)}: not curated until they review it and their file is merged again "
            "(Ctrl+Return accepts nothing meanwhile)")


def _who_unreviewed(data: CurationInput, unreviewed: Sequence[str] | Mapping[str, str]) -> dict[str, str]:
    """``data``'s unreviewed analysts (:attr:`CurationInput.unreviewed`) and those the caller names, in
    the analysts' order."""
    who = dict(data.unreviewed)
    extra = unreviewed if isinstance(unreviewed, Mapping) else {a: str(ArticleStatus.NEW) for a in unreviewed}
    for a, st in extra.items():
        who.setdefault(a, st)
    order = {a: n for n, a in enumerate(data.analysts)}
    return dict(sorted(who.items(), key=lambda kv: order.get(kv[0], len(order))))


def _reject_pending(b: _Builder) -> int:
    """fix11t: reject every gold span still pending (a machine suggestion no decision settled: no
    analyst accepted anything there) in the edit that marks the article curated — a curated article
    holds no undecided suggestion, so ``export --status all`` never writes one as curated gold.
    Their relations and stances follow (:mod:`annotator.domain.commands`); one undo step with the
    mark, in the change log. Returns how many (:func:`pending_suggestions`: suggestions, spans)."""
    pending = sorted((s for s in b.spans.values() if not s.analyst and s.status == Status.SUGGESTED),
                     key=lambda s: (s.start, s.end, s.id))
    # fix11v: counted as the window counts suggestions (an interrupted quote once), said so
    count = pending_suggestions(pending, b.relations.values())
    if pending:
        b.add(commands.set_status(b.records(), pending, Status.REJECTED,
                                  description="reject the suggestions no decision settled"))
    return count


def _left_to_decide(after: Alignment) -> str:
    """fix11x (usertest11k F5): why a decision left a curated article not curated, with no "0":
    "1 unit ⚠ to decide again" (changed since decided, or linked to nothing), "2 units not decided
    yet", or both joined with "and"."""
    changed, undecided = after.changed_since_decided(), after.undecided()
    parts = [f"{plural(changed, 'unit')} ⚠ to decide again" if changed else "",
             f"{plural(undecided, 'unit')} not decided yet" if undecided else ""]
    return " and ".join(p for p in parts if p) or "a unit to decide again"


def _withdraw_curated(b: _Builder, why: str, by: str, at: str) -> str:
    """Add to ``b`` (the decision's edit builder) the edit that takes the article's curated mark
    back (status in progress, ``meta["curation"]`` saying why, by whom and when), in the same undo
    step as the decision; returns the words the decision's line ends with."""
    info = b.article.meta.get("curation")
    meta = {**b.article.meta, "curation": {**(info if isinstance(info, Mapping) else {}), "status": "withdrawn", "why": why,
                                           "withdrawn_by": by, "withdrawn_at": at}}
    b.add(Edit("withdraw curated", (Change(b.article, dataclasses.replace(b.article, status=ArticleStatus.IN_PROGRESS,
                                                                            meta=meta)),)))
    return f" (curated mark withdrawn: {why})"


def _pending_said(count: tuple[int, int]) -> str:
    """The words for the suggestions the mark rejected (:func:`_reject_pending`'s count): "; 34 pending
    machine suggestions no analyst accepted rejected in gold (35 spans: …)"; "" for none."""
    if not count[1]:
        return ""
    n, spans = count
    # the span count after the whole phrase (StepWords.pending carries both counts typed)
    return (f"; {plural(n, 'pending machine suggestion')} no analyst accepted rejected in gold"
            + (f" ({plural(spans, 'span')}: an interrupted quote's pieces are one suggestion)" if spans != n else ""))


def _left_pending(data: CurationInput) -> str:
    """fix11t: the analysts who marked the article done with the machine's suggestions still
    pending in their layer (decided none of them), said: "left it empty" would hide it. fix11v:
    counted as their window counted them (an interrupted quote once: "Marked done with 34
    suggestions (35 spans: …) still pending"), as the rejected-in-gold part before it counts."""
    parts = [f"{a} left {plural(n[0], 'suggestion')} pending" for a, layer in data.layers.items()
             if (n := pending_suggestions(layer.spans, layer.relations))[1]]
    return f" — ⚠ {', '.join(parts)} (decided none of them)" if parts else ""


class NotDone(StrEnum):
    """fix11ad: why a bulk decision (Ctrl+Return / ``--accept-agreed``: :func:`decide_agreed`; S /
    ``--accept-single``: :func:`decide_single`) wrote nothing — the code callers decide on; its
    message is the edit's description."""
    #: ``--accept-single`` on an article given to several analysts (or none)
    SEVERAL_ANALYSTS = "several_analysts"
    #: an analyst given the article has not reviewed it: their layer is no answer (:func:`not_reviewed`)
    UNREVIEWED = "unreviewed"
    #: nothing of the kind the decision takes is left undecided (what is left, if anything, is said)
    NOTHING_LEFT = "nothing_left"


@dataclasses.dataclass(frozen=True)
class BulkDecision:
    """fix11ad: what a bulk decision did. ``edit``: one edit (empty when it wrote nothing);
    ``units``/``stances``: how many span units and stance units it decided; ``reason``: None when
    it wrote, else why not (:class:`NotDone`). ``message`` is the edit's description (the status
    line, ``curate``'s line): derived, never read back to decide anything."""
    edit: Edit
    units: int = 0
    stances: int = 0
    reason: NotDone | None = None

    @property
    def message(self) -> str:
        return self.edit.description

    @property
    def cli_message(self) -> str:
        """fix11ag P8: ``curate``'s words for it (its flags, never the window's keys)."""
        return cli_words(self.edit)

    def __bool__(self) -> bool:
        return bool(self.edit)


def accept_all_agreed(data: CurationInput, *, by: str = "", at: str = "", alignment: Alignment | None = None,
                      unreviewed: Sequence[str] = ()) -> Edit:
    """:func:`decide_agreed`'s edit (Ctrl+Return): its description says what it did, or why nothing."""
    return decide_agreed(data, by=by, at=at, alignment=alignment, unreviewed=unreviewed).edit


def decide_agreed(data: CurationInput, *, by: str = "", at: str = "", alignment: Alignment | None = None,
                  unreviewed: Sequence[str] = ()) -> BulkDecision:
    """Every unit of :func:`agreed_left` kept (links too), as one edit (empty when none), but
    those that wait for a disputed speaker or cue (:func:`waiting_on`). The description counts
    the units of :func:`agreed_left` it decides ("accept all N agreed units; M wait …"): N + M is
    the count ``curate`` and the curation view give. fix11p: when nothing is left to decide and
    no decision marked the article curated (every analyst left it empty), the edit marks it so
    (:attr:`Alignment.article_curated`) — unless an analyst of ``unreviewed`` (their file has the
    article still "new") never looked at it: their empty layer is no answer (an empty edit says so). A unit of an article given to one analyst
    is not agreed (``single``): it is left (:func:`keep_single_analyst`). fix11ad: a
    :class:`BulkDecision` — the edit, how many units and stances it decided, and when it wrote
    nothing, why (:class:`NotDone`), for callers that act on why (``curate``)."""
    al = alignment if alignment is not None else align(data)
    at = at or now()
    b = _Builder(data)
    candidates = agreed_left(al)
    waiting = 0
    for unit in candidates:
        if _unit_gold_now(b, unit, unit.versions[0]) is not None:
            continue  # kept already by a link followed earlier in this edit (counted below)
        if _disputed_links(al, unit, b):
            waiting += 1  # its speaker or cue is disputed: see accept_agreed
            continue
        _take_into(b, al, data, unit, unit.versions[0].analyst, by=by, at=at, kept="all")
    # fix11y (usertest11l H1): an agreed stance no quote decision brings (added after its quote was
    # kept, or article level) is accepted too — it was left out, and the article marked curated without it
    stances = 0
    holders_wait = 0
    for su in agreed_stances_left(al):
        if stance_waits_on(al, su):
            holders_wait += 1  # fix11ad: its holder is a disagreement not decided yet: decided first (Tab)
            continue
        if _holder_gone(b, al, su, data, by=by, at=at):
            stances += 1
            continue
        try:
            _take_stance_into(b, al, data, su, by_name_analyst(b, al, su), _gold_evidence(al, su, data.article.text), by=by, at=at, kept="all")
        except (KeyError, ValueError):  # StanceError too: gold has no place for it; it stays counted, left to the lead
            continue
        stances += 1
    # fix11ak N1: ``wait`` in the window's words (keys), ``wait_cli`` in curate's (flags: a CLI line names no key)
    wait = f"; {waiting} wait{'s' if waiting == 1 else ''} for a disputed speaker or cue" if waiting else ""
    wait_cli = wait
    art = f"--article {data.article.id}"
    if holders_wait:  # fix11ad: counted as agreed, so said, with the key that decides the holder
        head = (f"; {plural(holders_wait, 'agreed stance')} wait{'s' if holders_wait == 1 else ''} for {'its' if holders_wait == 1 else 'their'} "
                "holder, a disagreement not decided yet: decide it first")
        wait += head + " (Tab)"
        wait_cli += head + f" (`annotator curate --keep ANALYST {art}`)"
    # fix11s: gold's own version from before curation is never overwritten unseen: left for the lead, said
    # (fix11u: and gold's own span every analyst left out: they agree nothing is there)
    held = [*(u for u in al.units if u.gold_differs and (u.left_out or (u.agreement == Agreement.AGREED and u.links_agree))),
            *(st for st in al.stances if st.gold_differs and not st.decided and (st.agreed or st.left_out))]
    wait += held_for_lead(held)
    wait_cli += held_for_lead(held, cli=art)
    who = _who_unreviewed(data, unreviewed)
    n_agreed = len(candidates) + len(agreed_stances_left(al))
    if who and al.curated and curation_status(data.article) != "curated":
        return BulkDecision(Edit(f"Nothing left to decide, but {not_reviewed(who)}: not marked curated — "
                                 "have them review it and merge their file again", ()), reason=NotDone.UNREVIEWED)
    if who:
        # fix11t (usertest11i 2): one rule for every article — an analyst who has not reviewed it
        # agrees with nothing: their layer is what they were handed. Nothing is accepted.
        return BulkDecision(Edit(f"Not accepted: {not_reviewed(who)}: their layer is what they were given, not their answer — "
                                 "have them review it and merge their file again"
                                 + (f" ({plural(n_agreed, 'agreed unit')} left undecided)" if n_agreed else ""), ()),
                            reason=NotDone.UNREVIEWED)
    if not b.edits and al.curated and curation_status(data.article) != "curated":
        # fix11p: nothing is left to decide (every analyst left the article empty, or each unit was
        # decided by hand) and no decision marked it: accepting "all agreed" accepts that, so the
        # view's ✓, `annotator curate` and gold export (an empty gold document) say one thing
        rejected = _reject_pending(b)
        meta = {**b.article.meta, "curation": {"status": "curated", "by": by, "at": at}}
        b.add(Edit("mark curated", (Change(b.article, dataclasses.replace(b.article, status=ArticleStatus.REVIEWED, meta=meta)),)))
        what = "every analyst left it empty" if not al.units and not al.stances else "every unit is decided"
        did = f"nothing left to decide ({what}): article curated"
        return BulkDecision(b.edit(f"Curate: {did}{_pending_said(rejected)}"
                                   f"{_left_pending(data) if not al.units and not al.stances else ''}",
                                   step=StepWords(did, MarkMove.CURATED, rejected, marked_only=True, tail=_pending_said(rejected))))
    if not b.edits:
        # fix11x (usertest11k F6): the ⚠ units that hold the article back are named with what to do
        newer = sum(1 for u in al.units if u.changed and not u.unlinked) + sum(1 for st in al.stances if st.changed)
        unlinked = sum(1 for u in al.units if u.unlinked)
        if newer:
            one = "it" if newer == 1 else "each"
            head = f"; {plural(newer, 'unit')} ⚠ changed since decided left for you: "
            wait += head + f"Tab to {one}, 1…9 keeps an analyst's version, X rejects"
            wait_cli += head + (f"`annotator curate --keep ANALYST {art}` keeps that analyst's version of {one}, "
                                f"`--reject ANALYST {art}` rejects {one}")
        if unlinked:  # fix11m's words (the view said them alone; now `curate --accept-agreed` too)
            head = f"; {unlinked} ⚠ linked to nothing in gold: "
            wait += head + "A keeps each so, X rejects it (Tab)"
            wait_cli += head + f"`annotator curate --keep ANALYST {art}` keeps each so, `--reject ANALYST {art}` rejects it"
        still, still_cli = _disagreements_left_said(b, al)  # fix11ag P5: and every disagreement left, named
        return BulkDecision(_said_both(f"No agreed unit left to accept{wait}{still}", f"No agreed unit left to accept{wait_cli}{still_cli}"),
                            reason=NotDone.NOTHING_LEFT)
    after = al.with_gold(gold_changes(b.edits))[0]
    n = sum(1 for u in candidates if (now_ := after.unit(u.key)) is not None and now_.decided) + stances
    # fix11m: an agreed CUE or SPEAKER whose quote the lead rejected (or kept without it) is accepted
    # — the analysts agree on it — and flagged ⚠, never silently: a careful lead wants what all agree
    # on in gold and to be asked only about what their own decision left dangling; the flag holds
    # the article back (not curated) until A keeps it linked to nothing or X rejects it, one key,
    # on a unit Tab stops at, with the reason shown (left undecided, it would be no Tab stop and say
    # nothing). The description says how many it left so, for Ctrl+Return's status line.
    flagged = [now_ for u in candidates if (now_ := after.unit(u.key)) is not None and now_.unlinked]
    whys = [u.unlinked for u in flagged]
    # fix11q (usertest11g 9): said as it is — a quote kept without that link is kept, not "not kept";
    # fix11ad: told by the decisions of the quotes they were linked from (unlinked_why names a
    # rejected one first), not by the words of the flag
    rejected = sum(1 for u in flagged if str(Decision.REJECTED) in after.unlinked_situation(u).values())
    quote = ("their quote was rejected" if rejected == len(whys) else "their quote was kept without that link" if not rejected
             else "their quote was rejected, or kept without that link")
    left = (f"; {len(whys)} kept linked to nothing in gold ({quote}): ⚠ A keeps each so, X rejects it" if whys else "")
    left_cli = (f"; {len(whys)} kept linked to nothing in gold ({quote}): ⚠ `annotator curate --keep ANALYST {art}` "
                f"keeps each so, `--reject ANALYST {art}` rejects it" if whys else "")
    what = "accept the 1 agreed unit" if n == 1 else f"accept all {n} agreed units"
    # fix11ag P5: every disagreement left is counted and named (the stances too, an article-level
    # one with them), not the one stance a quote's note named
    still, still_cli = _disagreements_left_said(b, al)
    return BulkDecision(_finish(b, al, f"Curate: {what}", by=by, at=at, unlinked_said=bool(whys),
                                advice=f"{wait}{left}{still}", cli_advice=f"{wait_cli}{left_cli}{still_cli}"),
                        units=n - stances, stances=stances)


def _disagreements_left_said(b: _Builder, al: Alignment, *, most: int = 3) -> tuple[str, str]:
    """fix11ag P5: what Ctrl+Return (``--accept-agreed``) leaves to the lead, said after what it did —
    the count of undecided disagreements of each kind, span units and stance units (article-level
    ones too), each named (the first ``most``, then "and N more"), with the keys (window) or the
    flag (``curate``) that decide them: ``("; 2 stances left to decide: Tom Brennan on «harbour» (ana
    favor, ben against), …", "…")``. The notes of the stances named here are dropped (one line
    names each once)."""
    text = b.article.text
    # where gold differs is said apart (held_for_lead: "left for you … A keeps gold's")
    spans = [u for u in al.units if u.disagreement and not u.decided and not u.gold_differs]
    stances_ = [st for st in al.stances if st.disagreement and not st.decided and not st.gold_differs]
    if not spans and not stances_:
        return "", ""
    b.notes = [n for n in b.notes if not any(stance_note_of(st, n) for st in stances_)]

    def named(items: list[str]) -> str:
        return ", ".join(items[:most]) + (f" and {len(items) - most} more" if len(items) > most else "")

    parts = []
    if spans:
        parts.append(f"{plural(len(spans), 'disagreement')} left to decide: "
                     + named([f"{'/'.join(u.labels)} «{cut_words(text[u.start:u.end])}»" for u in spans]))
    if stances_:
        parts.append(f"{plural(len(stances_), 'stance')} left to decide: " + named(
            [f"{st.name} on «{st.target}» (" + ("" if st.evidence_unit else "article level; ")
             + ", ".join(f"{a} {st.versions[a].polarity}" if a in st.versions else f"{a} has none" for a in st.analysts) + ")"
             for st in stances_]))
    said = "; " + "; ".join(parts)
    each = "it" if len(spans) + len(stances_) == 1 else "each"
    return (said + f" — Tab to {each}; 1…9 keeps an analyst's version, X rejects",
            said + f" — `annotator curate --keep ANALYST --article {b.article.id}` keeps that analyst's version of each")


def keep_single_analyst(data: CurationInput, *, by: str = "", at: str = "", alignment: Alignment | None = None) -> Edit:
    """:func:`decide_single`'s edit (the curation view's S): its description says what it kept, or why nothing."""
    return decide_single(data, by=by, at=at, alignment=alignment).edit


def decide_single(data: CurationInput, *, by: str = "", at: str = "", alignment: Alignment | None = None) -> BulkDecision:
    """The bulk decision for an article given to one analyst only: gold keeps that analyst's
    version of every unit not decided yet (each unit is ``single``: nobody could agree or
    disagree), their links and stances following, as one edit — pressing 1 on each unit of the
    curation view. Units decided already (kept or rejected) are left as decided; marks the article
    curated when nothing is left undecided after it. fix11v (usertest11j F6): an empty edit says
    why nothing was kept, as ``--accept-agreed``'s "Not accepted: …" does: ``"Not kept: the
    article was given to ana, ben, not to one analyst: decide it by what they agree on (Ctrl+Return)
    and each disagreement (Tab, then 1…9 or X)"`` (fix11ag P8: ``curate``'s words, :func:`cli_words`,
    name ``--accept-agreed`` and ``--keep ANALYST --article N`` instead),
    ``"Not kept: ana has not reviewed it …"``, ``"Not kept: no unit only ana was given is left
    undecided"`` (and gold's own versions left for the lead, :func:`held_for_lead`). fix11ad: a
    :class:`BulkDecision`, whose ``reason`` (:class:`NotDone`) says which of those it was."""
    al = alignment if alignment is not None else align(data)
    at = at or now()
    if len(data.analysts) != 1:
        given = ", ".join(data.analysts) or "no analyst"
        # fix11ag P8: the window's line names keys only, curate's flags only (it mixed both)
        head = f"Not kept: the article was given to {given}, not to one analyst: decide it by what they agree on "
        return BulkDecision(_said_both(head + "(Ctrl+Return) and each disagreement (Tab, then 1…9 or X)",
                                       head + f"(--accept-agreed) and each disagreement (--keep ANALYST --article {data.article.id})"),
                            reason=NotDone.SEVERAL_ANALYSTS)
    who = data.analysts[0]
    if data.unreviewed:  # fix11t: the one rule (unreviewed_of): their layer is not their answer yet
        return BulkDecision(Edit(f"Not kept: {not_reviewed(data.unreviewed)}: their layer is what they were given, not their "
                                 "answer — have them review it and merge their file again", ()), reason=NotDone.UNREVIEWED)
    b = _Builder(data)
    # fix11s: gold's own version from before curation where it differs is the lead's to decide
    held_units = [u for u in al.units if (u.single or u.left_out) and u.gold_differs]
    held = held_for_lead(held_units)
    held_cli = held_for_lead(held_units, cli=f"--article {data.article.id}")  # fix11ak N1: curate's words
    candidates = [u for u in al.units if u.single and not u.decided and not u.gold_differs]
    for unit in candidates:
        if _unit_gold_now(b, unit, unit.versions[0]) is not None:
            continue  # kept by a link (a quote's speaker) followed earlier in this edit
        _take_into(b, al, data, unit, who, by=by, at=at, kept=who)
    n = 0
    edits: list[Edit] = []
    if b.edits:
        after = al.with_gold(gold_changes(b.edits))[0]
        n = sum(1 for u in candidates if (now_ := after.unit(u.key)) is not None and now_.decided)
        edits.append(_finish(b, al, "", by=by, at=at))
    # their stances not decided yet (article level, or resting on a quote decided before): gold
    # keeps them too — they hold nothing back (one analyst disagrees with nobody) but are theirs
    gold = ArticleBundle(article=b.article, spans=list(b.spans.values()), relations=list(b.relations.values()),
                         stances=list(b.stances.values()), tags=data.gold.tags)
    now_data = CurationInput(gold=gold, layers=data.layers, statuses=data.statuses)
    now_al = align(now_data) if b.edits else al
    stances = 0
    for su in now_al.stances:
        if su.decided or who not in su.versions:
            continue
        try:
            edit = take_stance(now_data, su.key, who, by=by, at=at, alignment=now_al)
        except (KeyError, ValueError):
            continue  # its quote is not kept in gold (rejected before): nothing for it to rest on
        if edit:
            edits.append(edit)
            stances += 1
            now_data = CurationInput(gold=_apply_to_bundle(now_data.gold, edit), layers=data.layers, statuses=data.statuses)
            now_al = align(now_data)
    if not edits and not held and al.curated and curation_status(data.article) != "curated":
        # fix11z (usertest11l N4): nothing left undecided (gold's own version equals the analyst's
        # everywhere): the same edit marks the article curated, as Ctrl+Return / --accept-agreed do
        return decide_agreed(data, by=by, at=at, alignment=al)
    if not edits:
        return BulkDecision(_said_both(f"Not kept: no unit only {who} was given is left undecided{held}",
                                       f"Not kept: no unit only {who} was given is left undecided{held_cli}"), reason=NotDone.NOTHING_LEFT)
    units = "the 1 unit" if n == 1 else f"all {n} units" if n else ""  # fix11q: never "all 1 units"
    stance_part = "" if not stances else f"{stances} stance{'s' if stances != 1 else ''}" if n else \
        "the 1 stance" if stances == 1 else f"all {stances} stances"
    what = " and ".join(p for p in (units, stance_part) if p)
    # fix11v: what the units' edit said after them (its notes, a ⚠ it raised, the mark and the
    # suggestions the mark rejected — "(article curated)" was dropped when any was rejected), and
    # a stance's edit's mark; fix11ai: each edit's mark from its typed StepWords, not its words
    steps = [step for e in edits if isinstance(step := getattr(e, "step", None), StepWords)]
    said = edits[0].description if b.edits else ""
    said_cli = cli_words(edits[0]) if b.edits else ""
    for step in steps[1 if b.edits else 0:]:
        said += step.tail if step.tail and step.tail not in said else ""
        said_cli += step.tail if step.tail and step.tail not in said_cli else ""
    head = f"keep {who}'s version of {what} only {who} was given"
    first = steps[0].did if b.edits and steps else ""
    marked = next((st for st in reversed(steps) if st.mark is not MarkMove.NONE), None)
    step = StepWords("; ".join(p for p in (head, first) if p), marked.mark if marked else MarkMove.NONE,
                     marked.pending if marked else (0, 0), tail=marked.tail if marked else "")
    combined = commands.combine(f"Curate: {head}{said}{held}", edits)
    return BulkDecision(Decided(combined.description, combined.changes, cli=f"Curate: {head}{said_cli}{held_cli}", step=step),
                        units=n, stances=stances)


def _apply_to_bundle(bundle: ArticleBundle, edit: Edit) -> ArticleBundle:
    """``bundle`` (a gold layer) after ``edit``."""
    spans = {s.id: s for s in bundle.spans}
    relations = {r.id: r for r in bundle.relations}
    stances = {s.id: s for s in bundle.stances}
    article = apply_changes(edit.changes, spans, relations, stances) or bundle.article
    return ArticleBundle(article=article, spans=list(spans.values()), relations=list(relations.values()),
                         stances=list(stances.values()), tags=bundle.tags)


def reject(data: CurationInput, unit_key: str, *, by: str = "", at: str = "", alignment: Alignment | None = None) -> Edit:
    """Gold keeps none of the unit's versions, recorded as rejected gold spans (module doc)."""
    al = alignment if alignment is not None else align(data)
    unit = al.unit(unit_key)
    if unit is None:
        raise KeyError(f"no unit {unit_key!r} in this article")
    at = at or now()
    b = _Builder(data)
    _reject_into(b, unit, by=by, at=at, al=al, text=data.article.text)
    # gold's kept span when there is one (what the rejection takes out of gold: "GPE «Dunmore»"
    # though the one version left is ben's LOC, usertest11f), else the unit's versions
    shown = next((g for g in unit.gold if g.status == Status.ACCEPTED), None)
    label, start, end = (shown.label, shown.start, shown.end) if shown is not None else ("/".join(unit.labels), unit.start, unit.end)
    return _finish(b, al, f"Curate: reject {label} «{cut_words(data.article.text[start:end])}»", by=by, at=at)


def _seen_unlinked(b: _Builder, al: Alignment, unit: Unit, prefer: Span, *, by: str, at: str) -> None:
    """Record on the gold span the builder now keeps for ``unit`` that the lead kept it linked to
    nothing in this situation (``unlinked_seen``, as :func:`keep_gold`)."""
    gold = _unit_gold_now(b, unit, prefer)
    if gold is None:
        return
    info = gold.attrs.get("curation")
    stamp = {k: v for k, v in (info.items() if isinstance(info, Mapping) else ()) if k != "unlinked"}
    _set_span(b, gold, status=Status.ACCEPTED, curation={**stamp, "unlinked_seen": {"by": by, "at": at, "quotes": al.unlinked_situation(unit)}})


def keep_gold(data: CurationInput, unit_key: str, *, by: str = "", at: str = "", alignment: Alignment | None = None,
              whose: str = "") -> Edit:
    """Keep a unit none of whose analysts' versions is left (:attr:`Unit.orphan`) as gold has it,
    deliberately: its gold spans keep their status (kept stays kept, rejected stays rejected) and
    their decision records say the curator saw that no version is left (``"seen": {}``, ``"by"``,
    ``"at"``, ``"versions_gone": true``), which clears its *changed since decided* flag (the
    curation view's ``A`` on such a unit). A kept span ⚠ linked to nothing (:attr:`Unit.unlinked`)
    is kept so, seen (``unlinked_seen``); its description names gold's span, and ``whose``
    version it is when a digit key (:func:`take`) asked for it. One edit, undoable. Raises
    KeyError (unknown unit), ValueError (a unit some analyst still has a version of: take one, or
    reject it)."""
    al = alignment if alignment is not None else align(data)
    unit = al.unit(unit_key)
    if unit is None:
        raise KeyError(f"no unit {unit_key!r} in this article")
    if unit.unlinked:  # a kept CUE/SPEAKER linked to nothing in gold: kept so, deliberately, in this situation
        at = at or now()
        b = _Builder(data)
        seen = {"by": by, "at": at, "quotes": al.unlinked_situation(unit)}
        for g in unit.gold:
            if g.status != Status.ACCEPTED:
                continue
            info = g.attrs.get("curation")
            # "unlinked": the event-made flag of before fix11m, read by nobody now: dropped when rewritten
            stamp = {k: v for k, v in (info.items() if isinstance(info, Mapping) else ()) if k != "unlinked"}
            _set_span(b, b.spans[g.id], status=Status.ACCEPTED, curation={**stamp, "unlinked_seen": seen})
        # fix11n: gold's own span is named (its label, its text), not the unit's first version's
        shown = next((g for g in unit.gold if g.status == Status.ACCEPTED), None)
        label, start, end = (shown.label, shown.start, shown.end) if shown is not None else ('/'.join(unit.labels), unit.start, unit.end)
        text = cut_words(data.article.text[start:end])
        owner = f"{whose}'s " if whose else ""
        return _finish(b, al, f"Curate: keep {owner}{label} «{text}» in gold as it is, linked to nothing", by=by, at=at,
                       unlinked_said=True)
    if unit.gold_differs:
        # fix11s: gold's own version from before curation, unlike the analysts': A makes it the
        # lead's curation decision as it is (each gold span keeps its status, now with a decision
        # record that saw the analysts' versions), so it is decided from then on
        at = at or now()
        b = _Builder(data)
        stamp = _stamp("gold", by, (), at, unit)
        for g in unit.gold:
            _set_span(b, b.spans[g.id], status=b.spans[g.id].status,
                      curation={**stamp, **({} if g.status == Status.ACCEPTED else {"decision": str(g.status.value)})})
        shown = next((g for g in unit.gold if g.status == Status.ACCEPTED), None)
        if shown is not None:
            what = f"{shown.label} «{cut_words(data.article.text[shown.start:shown.end])}» in gold as it is"
        else:
            what = f"gold's rejection of {'/'.join(unit.labels)} «{cut_words(data.article.text[unit.start:unit.end])}»"
        return _finish(b, al, f"Curate: keep {what} (gold's own version from before curation, not the analysts')", by=by, at=at)
    if unit.left_out:  # fix11u: decided already (kept gold's, or the analysts' "nothing"): A keeps it so
        return Edit("Already so in gold: nothing to change", ())
    if not unit.orphan:
        raise ValueError("an analyst still has a version here: take one (1, 2, …) or reject it (X)")
    at = at or now()
    b = _Builder(data)
    for g in unit.gold:
        info = g.attrs.get("curation")
        old = dict(info) if isinstance(info, Mapping) else {}
        stamp = {**old, "by": by, "at": at, "from": list(unit.gone), "seen": {}, "versions_gone": True}
        _set_span(b, b.spans[g.id], status=b.spans[g.id].status, curation=stamp)
    text = cut_words(data.article.text[unit.start:unit.end])
    what = f"{'/'.join(unit.labels)} «{text}» in gold" if unit.decision == Decision.KEPT else \
        f"the rejection of {'/'.join(unit.labels)} «{text}»"
    return _finish(b, al, f"Curate: keep {what} as it is, though no analyst's version is left", by=by, at=at)


# ------------------------------------------------------------------------------- stances


def _stance_unit(al: Alignment, key: str) -> StanceUnit:
    found = al.stance(key)
    if found is None:
        raise KeyError(f"no stance {key.removeprefix(STANCE_KEY)!r} in this article")
    return found


def _gold_evidence(al: Alignment, su: StanceUnit, text: str) -> Span | None:
    """The gold span a stance of ``su`` rests on (None: article level). Raises ValueError when its
    quote or claim is not kept in gold (undecided: decide it first; rejected: nothing to rest on)."""
    if not su.evidence_unit:
        return None
    unit = al.unit(su.evidence_unit)
    kept = unit.kept_gold() if unit is not None else None
    if unit is None or kept is None:
        where = f"«{cut_words(text[unit.start:unit.end], 40)}»" if unit is not None else "its quote"
        state = "rejected" if unit is not None and unit.decision == Decision.REJECTED else "not decided yet"
        head = f"the stance rests on {where}, {state} in gold: "
        if unit is not None and state == "not decided yet" and (waits := waiting_on(al, unit)):
            # fix11ag P4: an agreed quote that waits for its disputed speaker or cue: Ctrl+Return leaves
            # it (it advised Ctrl+Return, pressed already); the speaker is what to decide first
            where_ = ", ".join(f"{'/'.join(u.labels)} «{cut_words(text[u.start:u.end])}»" for u in {w.key: w for w in waits}.values())
            raise EvidenceNotKept(head + f"it waits for {where_}, a disagreement: decide that first (Tab to it; 1…9 keeps "
                                  "an analyst's), then the stance, or reject the stance (X)",
                                  cli=head + f"it waits for {where_}, a disagreement: `annotator curate --keep ANALYST "
                                  f"--article {al.article.id}` decides it, the quote and the stance that analyst's way")
        if unit is not None and state == "not decided yet" and not unit.disagreement and not unit.single:
            # fix11ae (usertest11o O3, O2c): Tab never goes to an agreed quote: the key that decides it is
            # Ctrl+Return (--accept-agreed); the stance's disagreement is left to decide after it
            raise EvidenceNotKept(head + "accept the agreed quote first (Ctrl+Return), then decide the stance, "
                                  "or reject the stance (X)",
                                  cli=head + "accept the agreed quote first (--accept-agreed), then --keep again")
        if state == "rejected":
            # fix11ag P8: the stance is rejected with its quote already — X, advised, had nothing to do
            raise EvidenceNotKept(head + "nothing for the stance to rest on, and it is rejected with it; to keep a "
                                  "stance there, click the quote's row and keep a version of it (1…9) first",
                                  cli=head + "nothing for the stance to rest on, and it is rejected with it; "
                                  f"`annotator curate --keep ANALYST --redecide --article {al.article.id}` keeps that "
                                  "analyst's version of a disputed quote, then the stance")
        raise EvidenceNotKept(head + "keep that quote or claim first (Tab to it), or reject the stance (X)",
                              cli=head + f"decide that quote or claim first: `annotator curate --keep ANALYST --article "
                              f"{al.article.id}` keeps that analyst's quote, then the stance")
    return kept


class Refused(ValueError):
    """fix11ae (usertest11o O2c): a decision refused with advice; ``args[0]`` the window's words
    (its keys), :attr:`cli` the same for ``curate`` (its flags: a CLI line names no key)."""

    def __init__(self, message: str, *, cli: str) -> None:
        super().__init__(message)
        self.cli = cli


class EvidenceNotKept(Refused):
    """A stance decision refused because gold keeps no span for its quote."""


def take_stance(data: CurationInput, key: str, analyst: str, *, by: str = "", at: str = "", alignment: Alignment | None = None,
                kept: str = "") -> Edit:
    """Gold keeps ``analyst``'s stance of stance unit ``key`` (their polarity, holder, target),
    resting on the gold span kept for its evidence unit; the unit's other gold stances are
    rejected. An analyst without a stance there: gold keeps none (:func:`reject_stance`).
    ``kept``: the decision record's ``kept`` ("" → ``analyst``; "all" for A on an agreed stance);
    its provenance (origin, ``from``) names every analyst whose stance equals the kept one.
    Raises KeyError (unknown stance or analyst), ValueError (its quote not kept in gold)."""
    if analyst not in data.layers:
        raise KeyError(f"{analyst} was not given this article")
    al = alignment if alignment is not None else align(data)
    su = _stance_unit(al, key)
    version = su.versions.get(analyst)
    if version is None:
        return reject_stance(data, key, by=by, at=at, alignment=al, kept=analyst)
    at = at or now()
    b = _Builder(data)
    evidence = _evidence_for(b, al, data, su, by=by, at=at)
    _take_stance_into(b, al, data, su, analyst, evidence, by=by, at=at, kept=kept)
    if su.decision == Decision.KEPT and not su.changed and not su.gold_differs and not _changes_content(b):
        # fix11w: gold holds this stance already (holder, target, polarity, on the kept quote; gold's
        # own from before curation too): nothing to change, as for a span
        return Edit("Already so in gold: nothing to change", ())
    return _finish(b, al, f"Curate: keep {analyst}'s stance {version.holder} {version.polarity} «{version.target}»", by=by, at=at)


def _evidence_for(b: _Builder, al: Alignment, data: CurationInput, su: StanceUnit, *, by: str, at: str) -> Span | None:
    """The gold span a decision on stance unit ``su`` rests on (None: article level). fix11ae
    (usertest11o O1): where its quote is an agreed unit not decided yet (no disputed speaker or cue
    holding it), the decision accepts that quote as all agree in the same edit (what Ctrl+Return
    does to it, said) — Tab reaches a stance disagreement on it, and a digit or X refused ("keep
    that quote first (Tab to it)": Tab never goes to an agreed quote). Raises
    :class:`EvidenceNotKept` otherwise, as :func:`_gold_evidence`."""
    try:
        return _gold_evidence(al, su, data.article.text)
    except EvidenceNotKept:
        unit = al.unit(su.evidence_unit) if su.evidence_unit else None
        if (unit is None or unit.decided or unit.disagreement or unit.single or not unit.versions
                or _disputed_links(al, unit, b)):
            raise
        first = unit.versions[0]
        _take_into(b, al, data, unit, first.analyst, by=by, at=at, kept="all")
        kept = _unit_gold_now(b, unit, first)
        if kept is None:
            raise
        # the stance being decided is the caller's to write: one the quote brought along (agreed,
        # so it came) is taken out again, else gold would hold two of one (holder, target, evidence)
        made = [i for i, st in b.stances.items() if i not in b.stances_before and not st.analyst and st.target == su.target
                and st.holder.strip().casefold() == su.holder and st.evidence == kept.id]
        if made:
            b.edits = [Edit(e.description, tuple(c for c in e.changes if not any(
                isinstance(r, Stance) and r.id in made for r in (c.before, c.after)))) for e in b.edits]
            for i in made:
                del b.stances[i]
        # ... and "left to decide" is not said of the stance this very decision decides
        b.notes = [n for n in b.notes if not n.startswith(stance_left_said(su))]
        b.notes.insert(0, f"its {first.label} «{cut_words(data.article.text[first.start:first.end])}» kept in gold (agreed by all)")
        return kept


def _take_stance_into(b: _Builder, al: Alignment, data: CurationInput, su: StanceUnit, analyst: str, evidence: Span | None, *,
                      by: str, at: str, kept: str = "") -> None:
    """Write ``analyst``'s stance of ``su`` into the builder's gold: resting on ``evidence`` (the
    gold span kept for its quote; None: article level), its holder span the gold span kept for the
    unit of the analyst's holder span as the builder has it now (one kept in the same edit too);
    the unit's other gold stances rejected. ``kept``: the decision record's ``kept`` (the analyst;
    "all" for an agreed stance accepted by Ctrl+Return, its origin then naming every analyst)."""
    version = su.versions[analyst]
    held = _gold_holder(b, al, data.layers, analyst, version)
    if version.holder_span and held is None:
        # fix11ae (usertest11o O1): the holder an agreed unit not decided yet (both mark PERSON «Maria
        # Okafor»): accepted as all agree in the same edit, said — as its agreed quote is
        # (:func:`_evidence_for`); Tab never goes to it, and the refusal sent the lead there
        mine = next((s for s in data.layers[analyst].spans if s.id == version.holder_span), None)
        unit = al.unit_of(mine) if mine is not None else None
        if (unit is not None and unit.versions and not unit.disagreement and not unit.single
                and not _decided_now(b, unit, al) and not _disputed_links(al, unit, b)):
            first = unit.versions[0]
            _take_into(b, al, data, unit, first.analyst, by=by, at=at, kept="all")
            held = _gold_holder(b, al, data.layers, analyst, version)
            if held is not None:
                b.notes.append(f"its holder {first.label} «{cut_words(data.article.text[first.start:first.end])}» kept in gold "
                               "(agreed by all)")
    holder_span = held.id if held is not None else ""
    if version.holder_span and held is None:
        # fix11ab: the holder rule (_holders_rule) asked up front — a stance kept on purpose whose
        # holder gold does not keep is refused with what to do, not written and taken back
        mine = next((s for s in data.layers[analyst].spans if s.id == version.holder_span), None)
        unit = al.unit_of(mine) if mine is not None else None
        words = f"«{cut_words(data.article.text[mine.start:mine.end])}»" if mine is not None else f"«{version.holder}»"
        decided = unit is not None and _decided_now(b, unit, al)
        state = "rejected" if unit is not None and unit.decision == Decision.REJECTED else "not kept" if decided else "not decided yet"
        # fix11ac (usertest11n N1): Tab never reaches a decided holder — name the keys that act
        by_name = [n for n, a in enumerate(data.analysts, 1) if a in su.versions and not su.versions[a].holder_span]
        if decided and by_name:
            first = data.analysts[by_name[0] - 1]
            if su.agreed:
                todo = (f"{by_name[0]} keeps the stance by name, as {first} names it (A or Ctrl+Return too), "
                        "or reject the stance (X)")
                flags = f"--keep {first} or --accept-agreed keeps the stance by name, as {first} names it"
            else:
                # fix11ae (usertest11o O2b): the analysts differ on the stance — A and Ctrl+Return
                # take no side, and the digit keeps that analyst's polarity: say which
                todo = (f"{by_name[0]} keeps {first}'s stance by name ({su.versions[first].polarity}), "
                        "or reject the stance (X)")
                flags = f"--keep {first} keeps {first}'s stance by name ({su.versions[first].polarity})"
        elif decided:
            todo = "click the holder's row to keep a version of it, or reject the stance (X)"
            # fix11ag P4/P7: a flag, never the window — --redecide decides a decided holder again
            flags = (f"`annotator curate --keep ANALYST --redecide --article {data.article.id}` decides the holder again, that "
                     "analyst's way, and then the stance")
        else:
            todo = "keep the holder first (Tab to it), or reject the stance (X)"
            # fix11ag P4: it named no flag
            flags = (f"decide the holder first: `annotator curate --keep ANALYST --article {data.article.id}` keeps that "
                     "analyst's holder, then the stance")
        head = f"not accepted: its holder {words} is {state} in gold, and an accepted stance names its holder's gold span — "
        raise Refused(head + todo, cli=head + flags)
    b.add(commands.add_stance(b.records(), article_id=data.article.id or version.article_id, holder=version.holder,
                              holder_span=holder_span, target=version.target, polarity=version.polarity,
                              evidence=evidence.id if evidence is not None else "", by=by))
    # fix11ag P1: every analyst whose stance equals the kept one, by any key (it named ben's, "ana"
    # or "ana,ben" by the order the holder and the stance were decided in)
    whose = [a for a, _ in _equal_stances(su, version)]
    stamp = {"kept": _stance_kept(kept or analyst, whose, su), "by": by, "at": at, "from": [f"{a}:{su.versions[a].id}" for a in whose],
             "seen": stance_seen(su)}
    made = [st for st in b.stances.values() if st.status == Status.ACCEPTED and not st.analyst and st.target == version.target
            and st.holder.strip().casefold() == su.holder and st.evidence == (evidence.id if evidence is not None else "")
            and st.polarity == version.polarity]
    keep = made[0] if made else None
    for st in list(b.stances.values()):
        current = b.stances[st.id]
        if keep is not None and st.id == keep.id:
            # fix11ae (usertest11o O4): gold's origin and creation time always follow the version kept
            # — a stance kept from ben by name read `analyst:<curator>` with no creation time, and a
            # digit switching to ben's version kept ana's origin while its record said ben's
            origin = f"analyst:{','.join(whose)}"
            created = min((su.versions[a].created for a in whose if su.versions[a].created), default=current.created)
            b.add(Edit("curation attrs", (Change(current, dataclasses.replace(current, attrs={**current.attrs, "curation": stamp},
                                                                              origin=origin, created=created)),)))
        elif any(g.id == st.id for g in su.gold) and current.status != Status.REJECTED:
            b.add(Edit("reject stance", (Change(current, dataclasses.replace(current, status=Status.REJECTED)),)))


def reject_stance(data: CurationInput, key: str, *, by: str = "", at: str = "", alignment: Alignment | None = None,
                  kept: str = "none") -> Edit:
    """Gold keeps none of the stances of stance unit ``key``: its gold stances rejected, or, when
    it has none, a rejected gold stance recorded (so the decision stays decided). A stance whose
    quote gold rejected is decided already (empty edit). Raises ValueError when its quote is not
    decided yet."""
    al = alignment if alignment is not None else align(data)
    su = _stance_unit(al, key)
    at = at or now()
    curation_ = {"kept": kept, "by": by, "at": at, "decision": "rejected",
                 "from": sorted(f"{a}:{v.id}" for a, v in su.versions.items()) or list(su.gone),
                 "seen": stance_seen(su)}
    if su.orphan:
        curation_["versions_gone"] = True  # decided seeing no analyst's stance is left: not changed since
    if su.left_out:
        curation_["left_out"] = True  # fix11u: gold's own stance every analyst left out, decided: the unit stays
    b = _Builder(data)
    if su.gold:
        for g in su.gold:
            current = b.stances[g.id]
            after = dataclasses.replace(current, status=Status.REJECTED, attrs={**current.attrs, "curation": curation_})
            if after != current:
                b.add(Edit("reject stance", (Change(current, after),)))
    else:
        unit = al.unit(su.evidence_unit) if su.evidence_unit else None
        if unit is not None and unit.decision == Decision.REJECTED:
            return Edit("nothing to change: its quote is rejected in gold, the stance with it", ())
        evidence = _evidence_for(b, al, data, su, by=by, at=at)
        whose, first = next(iter(su.versions.items()))
        # fix11ab (usertest11m F5c): the rejected record still says whose stance it was — gold's span
        # kept for its holder, when gold keeps one (a rejected span is never named: stance_rule)
        held = next((g for a, v in su.versions.items() if (g := _gold_holder(b, al, data.layers, a, v)) is not None), None)
        b.add(Edit("rejected gold stance", (Change(None, Stance(
            id=new_id(), article_id=data.article.id or first.article_id, holder=first.holder, target=first.target,
            polarity=first.polarity, status=Status.REJECTED, origin="curation", attrs={"curation": curation_}, by=by,
            holder_span=held.id if held is not None else "", evidence=evidence.id if evidence is not None else "")),)))
    if not b.edits:
        return Edit("nothing to change", ())
    return _finish(b, al, f"Curate: reject the stance of {su.name} on «{su.target}»", by=by, at=at)


def keep_gold_stance(data: CurationInput, key: str, *, by: str = "", at: str = "", alignment: Alignment | None = None) -> Edit:
    """Keep a stance decision none of whose analysts' stances is left (:attr:`StanceUnit.orphan`)
    as gold has it: its gold stances keep their status, their records say the curator saw it
    (``"versions_gone": true``, ``by``, ``at``), clearing its flag. One edit, undoable. Raises
    KeyError (unknown stance), ValueError (an analyst still has a stance there)."""
    al = alignment if alignment is not None else align(data)
    su = _stance_unit(al, key)
    if su.gold_differs:
        # fix11u: gold's own stance from before curation, unlike the analysts': kept as it is, now a
        # curation decision (its record says so; ``left_out`` where no analyst has one: the unit stays)
        at = at or now()
        b = _Builder(data)
        stamp: dict[str, Any] = {"kept": "gold", "by": by, "at": at, "from": []}
        if not su.versions:
            stamp["left_out"] = True
        for g in su.gold:
            current = b.stances[g.id]
            extra = {} if current.status == Status.ACCEPTED else {"decision": str(current.status.value)}
            b.add(Edit("curation attrs", (Change(current, dataclasses.replace(
                current, attrs={**current.attrs, "curation": {**stamp, **extra}})),)))
        return _finish(b, al, f"Curate: keep the stance of {su.name} on «{su.target}» in gold as it is (gold's own "
                       "from before curation, not the analysts')", by=by, at=at)
    if su.left_out:
        return Edit("Already so in gold: nothing to change", ())
    if not su.orphan:
        raise ValueError("an analyst still has this stance: take one (1, 2, …) or reject it (X)")
    at = at or now()
    b = _Builder(data)
    for g in su.gold:
        current = b.stances[g.id]
        info = current.attrs.get("curation")
        stamp = {**(dict(info) if isinstance(info, Mapping) else {}), "by": by, "at": at, "from": list(su.gone), "versions_gone": True}
        b.add(Edit("curation attrs", (Change(current, dataclasses.replace(current, attrs={**current.attrs, "curation": stamp})),)))
    return _finish(b, al, f"Curate: keep the stance of {su.name} on «{su.target}» in gold as it is, though no analyst's "
                   "stance is left", by=by, at=at)


def set_gold_polarity(data: CurationInput, key: str, polarity: str, *, by: str = "", alignment: Alignment | None = None) -> Edit:
    """Edit the kept gold stance of stance unit ``key``: its polarity (:func:`commands.set_stance`).
    Raises ValueError when no gold stance is kept there yet."""
    al = alignment if alignment is not None else align(data)
    su = _stance_unit(al, key)
    kept = su.kept_gold()
    if kept is None:
        raise ValueError("keep a version of the stance first (1, 2, …): then its polarity can be edited")
    gold = data.gold
    return commands.set_stance(commands.records(gold.spans, gold.relations, gold.stances), kept, polarity=polarity)

