"""The figures of a project's progress report, as plain data: SQL over the project tables and
its change log (``changes``), no Qt, no plotting.

What is counted (the definitions the charts, ``summary.md`` and ``summary.json`` share):

**Articles.** By status (``new``, ``in_progress``, ``done``, ``reviewed``). "Done" means
``done`` or ``reviewed`` (reviewed comes after done), so "N of M done" counts both. The day an
article was done is the UTC date of the last logged change that moved it from a not-done status
into ``done``/``reviewed``; an article that is done without such a change (imported as done,
e.g. a Prodigy ``accept``) counts on the date of its ``updated`` time stamp. Articles added per
day go by ``articles.added``. Only articles done now are counted: one marked done and reopened
is not.

**Spans by label and status.** Every span now stored, by its current label and status.

**Machine suggestions per label.** A span is a *suggestion* when

* its first logged change (``changes`` row of kind ``span``) starts from status ``suggested``:
  the machine's proposal as stored by pre-annotation, before any analyst's edit — the same
  record the exports' ``suggestion`` key comes from (:mod:`annotator.storage.suggestions_log`);
* or, with no such change, its status is ``suggested`` or its origin is a pipeline (neither
  ``analyst…`` nor ``import:…``): a suggestion still pending, or decided in a file imported
  from our own JSONL, which leaves out ``suggestion`` when it was accepted as it was.

It is counted under the label the machine proposed (a PERSON relabelled ORG counts for PERSON),
with one outcome:

* **pending** — still ``suggested``;
* **rejected** — ``rejected``; or deleted after it was accepted (the analyst took it back);
* **accepted as is** — ``accepted`` with the start, end and label the machine proposed;
* **corrected** — ``accepted`` with another start, end or label (resized or relabelled
  before or when accepted); or deleted by being merged into another span at the position and
  label the analyst moved it to (the edit's action says "merged", see
  :func:`annotator.domain.commands.resize`). Attribute edits are not corrections: they decide
  nothing (docs/formats.md, "Statuses").

Suggestions that a later pre-annotation run withdrew undecided are not counted: nobody decided
them. Every other span is *hand-made* (origin ``analyst…``) or *imported* (any other origin),
counted by its current label. The **acceptance rate** of a label is accepted as is / decided
(decided = accepted as is + corrected + rejected): how often the machine was right as it stood,
with a 95 % Wilson score interval (:func:`wilson_interval`).

**Stances.** Accepted stances, counted by polarity, holder (the name) and target.

Speed: a handful of grouped queries and one join of the log's first rows to the spans; on a
10,000-article project (500,000 spans, 204,008 logged changes) :func:`compute_report` takes
1.5 s of CPU (``benchmarks/report.py``), so the window runs it in a worker thread.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
import sqlite3
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from annotator.domain.model import ArticleStatus, now
from annotator.domain.schema import LabelSchema
from annotator.domain.words import plural

DONE_STATUSES = (ArticleStatus.DONE.value, ArticleStatus.REVIEWED.value)
OUTCOMES = ("accepted", "corrected", "rejected", "pending")  # of a suggestion, in chart order
SPAN_STATUSES = ("accepted", "suggested", "rejected")
FALLBACK_COLOUR = "#888888"  # a label the schema does not know
Z_95 = 1.959963984540054  # the standard normal 97.5 % quantile: a two-sided 95 % interval


@dataclasses.dataclass(frozen=True, slots=True)
class Rate:
    """A proportion ``successes / trials`` with its Wilson score interval ``[low, high]``."""

    successes: int
    trials: int
    value: float
    low: float
    high: float


def wilson_interval(successes: int, trials: int, z: float = Z_95) -> Rate | None:
    """The Wilson score interval of a binomial proportion; None when ``trials`` is 0.

    With p̂ = successes / trials and n = trials:
    centre = (p̂ + z²/2n) / (1 + z²/n), half width = z / (1 + z²/n) · √(p̂(1 − p̂)/n + z²/4n²).
    Source: E. B. Wilson (1927), "Probable inference, the law of succession, and statistical
    inference", JASA 22(158): 209–212; as given by A. Agresti and B. A. Coull (1998),
    "Approximate is better than 'exact' for interval estimation of binomial proportions", The
    American Statistician 52(2): 119–126. Unlike the normal (Wald) interval it stays inside
    [0, 1] and is not empty at 0 or n successes. Raises ValueError when ``successes`` is not in
    ``[0, trials]``.
    """
    if not 0 <= successes <= trials:
        raise ValueError(f"successes must be between 0 and trials ({successes} of {trials})")
    if trials == 0:
        return None
    n, p = trials, successes / trials
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = z / (1 + z2 / n) * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    # Exactly 0 (1) at 0 (n) successes, and never past p̂: what rounding could otherwise break.
    low = 0.0 if successes == 0 else min(p, max(0.0, centre - half))
    high = 1.0 if successes == trials else max(p, min(1.0, centre + half))
    return Rate(successes, trials, p, low, high)


@dataclasses.dataclass(frozen=True, slots=True)
class LabelCount:
    """Spans now stored with this label, by status."""

    label: str
    layer: str
    colour: str
    accepted: int = 0
    suggested: int = 0
    rejected: int = 0

    @property
    def total(self) -> int:
        return self.accepted + self.suggested + self.rejected


@dataclasses.dataclass(frozen=True, slots=True)
class SuggestionOutcomes:
    """What became of the machine's suggestions of one label (see the module docstring)."""

    label: str
    colour: str
    accepted: int = 0  # accepted as is
    corrected: int = 0
    rejected: int = 0
    pending: int = 0
    hand_made: int = 0  # not suggestions: spans of this label the analysts drew
    imported: int = 0  # not suggestions: spans of this label that came from an import

    @property
    def suggested(self) -> int:
        return self.accepted + self.corrected + self.rejected + self.pending

    @property
    def decided(self) -> int:
        return self.accepted + self.corrected + self.rejected

    @property
    def acceptance(self) -> Rate | None:
        """Accepted as is / decided, with its 95 % Wilson interval; None when none is decided."""
        return wilson_interval(self.accepted, self.decided)


@dataclasses.dataclass(frozen=True, slots=True)
class DayCount:
    """One UTC day: articles added and articles done that day, and done so far."""

    day: str  # YYYY-MM-DD
    added: int
    done: int
    done_so_far: int


@dataclasses.dataclass(frozen=True, slots=True)
class StanceCount:
    holder: str
    target: str
    polarity: str
    count: int


@dataclasses.dataclass(frozen=True, slots=True)
class Report:
    """Every figure of the progress report (see the module docstring for the definitions)."""

    generated: str  # UTC ISO 8601
    articles_total: int
    articles_by_status: Mapping[str, int]
    days: tuple[DayCount, ...]
    labels: tuple[LabelCount, ...]
    suggestions: tuple[SuggestionOutcomes, ...]
    polarities: tuple[str, ...]
    stances: tuple[StanceCount, ...]
    stances_by_status: Mapping[str, int]

    @property
    def done(self) -> int:
        return sum(self.articles_by_status.get(s, 0) for s in DONE_STATUSES)

    @property
    def done_line(self) -> str:
        """The header: "N of M articles done" (done or reviewed)."""
        share = f" ({self.done / self.articles_total:.0%})" if self.articles_total else ""
        return f"{self.done:,} of {plural(self.articles_total, 'article')} done{share}"

    def to_json(self) -> dict[str, Any]:
        """The figures as JSON-ready data (``summary.json``)."""

        def rate(r: Rate | None) -> dict[str, Any] | None:
            return None if r is None else {"value": r.value, "low": r.low, "high": r.high, "accepted": r.successes, "decided": r.trials}

        return {
            "generated": self.generated,
            "articles": {"total": self.articles_total, "done": self.done, "by_status": dict(self.articles_by_status)},
            "days": [dataclasses.asdict(d) for d in self.days],
            "labels": [dataclasses.asdict(c) for c in self.labels],
            "suggestions": [
                {**dataclasses.asdict(o), "suggested": o.suggested, "decided": o.decided, "acceptance": rate(o.acceptance)}
                for o in self.suggestions
            ],
            "stances": {
                "by_status": dict(self.stances_by_status),
                "polarities": list(self.polarities),
                "accepted": [dataclasses.asdict(s) for s in self.stances],
            },
        }


# SQL ----------------------------------------------------------------------------------------

# Where a span came from, by its origin (docs/formats.md "origin"); one definition for every query.
_ORIGIN_CLASS = (
    "CASE WHEN {o} LIKE 'analyst%' THEN 'hand_made' WHEN {o} = '' OR {o} LIKE 'import:%' THEN 'imported' ELSE 'machine' END"
)

# Spans that are not machine-made by origin, by label, status and class (the others are counted
# as the difference from the label × status totals, read from the (label, status) index).
_NOT_MACHINE_SQL = f"""
SELECT label, status, {_ORIGIN_CLASS.format(o="origin")} AS class FROM spans
WHERE status <> 'suggested' AND class <> 'machine'"""

# Every span whose first logged change started from a suggestion: the machine's proposal, the
# span now (NULLs when deleted) and, for a deleted one, the action of its last change. The first
# change is found by a scan of the log in id order (NOT INDEXED: faster than the record_id index,
# which would need a table lookup per row for ``kind``), then joined by integer key.
_PROPOSALS_SQL = f"""
SELECT json_extract(c.before, '$.label'), json_extract(c.before, '$.start'), json_extract(c.before, '$.end'),
       s.label, s.status, {_ORIGIN_CLASS.format(o="s.origin")}, s.start, s."end",
       CASE WHEN s.id IS NULL THEN
         (SELECT action FROM changes WHERE id = (SELECT max(id) FROM changes WHERE record_id = c.record_id))
       END
FROM (SELECT min(id) AS id FROM changes NOT INDEXED WHERE kind = 'span' GROUP BY record_id) f
JOIN changes c ON c.id = f.id
LEFT JOIN spans s ON s.id = c.record_id
WHERE json_extract(c.before, '$.status') = 'suggested'"""

REPORT_CACHE_KIB = 131_072  # page cache while the report runs: the proposals join reads spans by key


def utc_today() -> dt.date:
    return dt.datetime.now(dt.timezone.utc).date()


def compute_report(conn: sqlite3.Connection, schema: LabelSchema, *, today: dt.date | None = None) -> Report:
    """Every figure of the report from an open project connection (``Project.db.conn``; a
    read-only one will do) and its label schema (colours, label order). Reads only.

    ``today`` ends the day series (default: the last day with an article added or done), so a
    chart made today shows the quiet days since the last one done. Raises ``sqlite3.Error``
    when the file cannot be read.
    """
    (previous_cache,) = conn.execute("PRAGMA cache_size").fetchone()
    conn.execute(f"PRAGMA cache_size = -{REPORT_CACHE_KIB}")
    # One read transaction, so every figure comes from the same snapshot while a window writes
    # (the counts by difference must not mix two states). It only reads: writes go through
    # Project.writing()'s BEGIN IMMEDIATE; a savepoint outside a transaction is a deferred read one.
    own_transaction = not conn.in_transaction
    if own_transaction:
        conn.execute("SAVEPOINT report_snapshot")
    try:
        return _compute(conn, schema, today)
    finally:
        if own_transaction:
            conn.execute("RELEASE report_snapshot")
        conn.execute(f"PRAGMA cache_size = {previous_cache}")


def _compute(conn: sqlite3.Connection, schema: LabelSchema, today: dt.date | None) -> Report:
    by_status = {s.value: 0 for s in ArticleStatus}
    for status, n in conn.execute("SELECT status, count(*) FROM articles GROUP BY status"):
        by_status[status] = by_status.get(status, 0) + n
    total = sum(by_status.values())
    counts: dict[str, dict[str, int]] = {}  # label → status → spans
    for label, status, n in conn.execute("SELECT label, status, count(*) FROM spans GROUP BY label, status"):
        counts.setdefault(label, {})[status] = n

    return Report(
        generated=now(),
        articles_total=total,
        articles_by_status=by_status,
        days=_days(conn, today),
        labels=tuple(
            LabelCount(label, schema.layer_of(label), _colour(schema, label), **{s: counts[label].get(s, 0) for s in SPAN_STATUSES})
            for label in _label_order(schema, list(counts))
        ),
        suggestions=_suggestion_outcomes(conn, schema, counts),
        polarities=_polarities(conn, schema),
        stances=tuple(
            StanceCount(holder, target, polarity, n)
            for polarity, holder, target, n in conn.execute(
                "SELECT polarity, holder, target, count(*) FROM stances WHERE status = 'accepted' "
                "GROUP BY polarity, holder, target ORDER BY count(*) DESC, holder, target"
            )
        ),
        stances_by_status=dict(conn.execute("SELECT status, count(*) FROM stances GROUP BY status").fetchall()),
    )


def _label_order(schema: LabelSchema, labels: Sequence[str]) -> list[str]:
    """The schema's labels in schema order, then unknown ones in natural order (L2 before L10)."""
    known = [lab.name for lab in schema.labels if lab.name in labels]
    return known + sorted(set(labels) - set(known), key=_natural)


def _natural(text: str) -> list[tuple[int, int | str]]:
    """Sort key that puts L2 before L10."""
    return [(0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"(\d+)", text) if part]


def _colour(schema: LabelSchema, label: str) -> str:
    found = schema.label(label)
    return found.colour if found and found.colour else FALLBACK_COLOUR


def _suggestion_outcomes(
    conn: sqlite3.Connection, schema: LabelSchema, totals: Mapping[str, Mapping[str, int]]
) -> tuple[SuggestionOutcomes, ...]:
    """Per label, the outcomes of the machine's suggestions and the hand-made and imported spans
    (module docstring). Spans with a logged proposal are classified one by one; the others are
    counted by difference: ``totals`` (label → status → spans) minus the spans with a proposal
    and minus the hand-made and imported ones."""
    found: Counter[tuple[str, str]] = Counter()  # (proposed label, outcome) → suggestions
    with_proposal: Counter[tuple[str, str, str]] = Counter()  # (label now, status, origin class)
    for p_label, p_start, p_end, label, status, origin_class, start, end, last_action in conn.execute(_PROPOSALS_SQL):
        p_label = p_label or ""
        if label is None:  # deleted
            merged = "merged" in (last_action or "")
            outcome = "corrected" if merged else "rejected"
        else:
            with_proposal[(label, status, origin_class)] += 1
            if status == "suggested":
                outcome = "pending"
            elif status == "rejected":
                outcome = "rejected"
            else:
                outcome = "accepted" if (p_label, p_start, p_end) == (label, start, end) else "corrected"
        found[(p_label, outcome)] += 1
    not_machine = Counter(conn.execute(_NOT_MACHINE_SQL))  # (label, status, class) → spans
    for label, by_status in totals.items():
        for status, n in by_status.items():
            proposed = sum(v for (lab, st, _), v in with_proposal.items() if (lab, st) == (label, status))
            if status == "suggested":
                found[(label, "pending")] += n - proposed
                continue
            own = {cls: not_machine[(label, status, cls)] - with_proposal[(label, status, cls)] for cls in ("hand_made", "imported")}
            found[(label, "hand_made")] += own["hand_made"]
            found[(label, "imported")] += own["imported"]
            by_machine = n - proposed - sum(own.values())  # decided, pipeline origin, no logged proposal
            found[(label, "accepted" if status == "accepted" else "rejected")] += by_machine
    per_label: dict[str, dict[str, int]] = {}
    for (label, outcome), n in found.items():
        if n:
            per_label.setdefault(label, {})[outcome] = n
    return tuple(SuggestionOutcomes(label, _colour(schema, label), **per_label[label]) for label in _label_order(schema, list(per_label)))


def _polarities(conn: sqlite3.Connection, schema: LabelSchema) -> tuple[str, ...]:
    used = [p for (p,) in conn.execute("SELECT DISTINCT polarity FROM stances WHERE status = 'accepted' ORDER BY polarity")]
    return tuple(dict.fromkeys([*schema.stance_polarities, *used]))


def _days(conn: sqlite3.Connection, today: dt.date | None) -> tuple[DayCount, ...]:
    """Articles added and done per UTC day, every day from the first to the last (or ``today``)."""
    added: dict[str, int] = dict(conn.execute(
        "SELECT substr(added, 1, 10), count(*) FROM articles WHERE added <> '' GROUP BY 1"
    ).fetchall())
    entered_done: dict[int, str] = {}  # article → day of its last move into a done status
    placeholders = ", ".join("?" * len(DONE_STATUSES))
    for article_id, at in conn.execute(
        f"""SELECT article_id, at FROM changes
            WHERE kind = 'article' AND json_extract(after, '$.status') IN ({placeholders})
              AND coalesce(json_extract(before, '$.status'), '') NOT IN ({placeholders})
            ORDER BY id""",
        [*DONE_STATUSES, *DONE_STATUSES],
    ):
        entered_done[article_id] = at[:10]
    done: dict[str, int] = {}
    for article_id, updated, added_at in conn.execute(
        f"SELECT id, updated, added FROM articles WHERE status IN ({placeholders})", DONE_STATUSES
    ):
        day = entered_done.get(article_id) or (updated or added_at or "")[:10]
        if day:
            done[day] = done.get(day, 0) + 1
    seen = sorted(d for d in set(added) | set(done) if _is_day(d))  # a damaged time stamp is no day
    if not seen:
        return ()
    first = dt.date.fromisoformat(seen[0])
    last = max(dt.date.fromisoformat(seen[-1]), today or first)
    days, so_far = [], 0
    for i in range((last - first).days + 1):
        day = (first + dt.timedelta(days=i)).isoformat()
        so_far += done.get(day, 0)
        days.append(DayCount(day, added.get(day, 0), done.get(day, 0), so_far))
    return tuple(days)


def _is_day(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True
