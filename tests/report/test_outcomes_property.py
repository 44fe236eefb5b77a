"""Property: for any sequence of analyst edits on machine suggestions, the report's per-label
outcomes (SQL, counted partly by difference) equal a direct reading of the definition over the
project's records, and every stored span is counted exactly once."""

from __future__ import annotations

import tempfile
from collections import Counter
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.domain import commands
from annotator.domain.model import Article, Span, Status
from annotator.domain.suggestions import SuggestedSpan, SuggestionSet
from annotator.report.figures import compute_report
from annotator.storage.project import Project

TEXT = "Alice Bobby Carol Denis Erwin Fiona Garry Helen Ingrid Jonas"
WORDS = [(i * 6, i * 6 + 5) for i in range(4)]  # few places and labels: merges (same place and label) happen often
LABELS = ["PERSON", "ORG"]
OPS = ["accept", "reject", "resize", "relabel", "delete", "add", "undo", "accept_all"]

steps = st.lists(st.tuples(st.sampled_from(OPS), st.integers(0, 9), st.integers(0, 3), st.sampled_from(LABELS)), max_size=14)
suggestions = st.lists(st.tuples(st.integers(0, 3), st.sampled_from(LABELS)), min_size=1, max_size=6, unique=True)


def _expected(project: Project, aid: int, proposed: dict[str, tuple[int, int, str]], merged: dict[str, bool]) -> dict[str, Counter]:
    out: dict[str, Counter] = {}
    for sid, (start, end, label) in proposed.items():
        span = project.find(Span, sid)
        if span is None:
            outcome = "corrected" if merged.get(sid) else "rejected"
        elif span.status == Status.SUGGESTED:
            outcome = "pending"
        elif span.status == Status.REJECTED:
            outcome = "rejected"
        else:
            outcome = "accepted" if (span.start, span.end, span.label) == (start, end, label) else "corrected"
        out.setdefault(label, Counter())[outcome] += 1
    for span in project.spans(aid):
        if span.id not in proposed:
            out.setdefault(span.label, Counter())["hand_made"] += 1
    return out


@settings(max_examples=40)
@given(suggestions, steps)
def test_outcomes_match_the_definition(suggested, actions) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        project = Project.open(Path(tmp) / "p.db")
        try:
            article, _ = project.add_article(Article(None, TEXT))
            aid = article.id
            sset = SuggestionSet(origin="test-rules 1")
            for word, label in suggested:
                sset.add_span(SuggestedSpan(f"{word}{label}", *WORDS[word], label, "entity"))
            project.add_suggestions(aid, sset)
            proposed = {s.id: (s.start, s.end, s.label) for s in project.spans(aid)}
            merged: dict[str, bool] = {}
            done = []
            for op, i, j, label in actions:
                spans = sorted(project.spans(aid), key=lambda s: (s.start, s.label, s.id))
                ctx = commands.records(spans, project.relations(aid))
                target = spans[i % len(spans)] if spans else None
                if op == "undo":
                    if not done:
                        continue
                    stamped = done.pop()
                    project.undo(stamped, by="ana")
                    for change in stamped.inverse().changes:
                        if change.after is None and change.before is not None:
                            merged[str(change.before.id)] = False  # an undo deletes; it never merges
                        elif change.after is not None:
                            merged.pop(str(change.after.id), None)
                    continue
                if op == "add":
                    edit = commands.add_span(ctx, article_id=aid, start=WORDS[j][0], end=WORDS[j][1], label=label, layer="entity")
                elif op == "accept_all":
                    edit = commands.accept_all(ctx)
                elif target is None:
                    continue
                elif op in ("accept", "reject", "delete"):
                    edit = getattr(commands, {"accept": "accept", "reject": "reject", "delete": "delete_span"}[op])(ctx, target)
                elif op == "resize":
                    start, end = WORDS[j]
                    if (start, end) == (target.start, target.end):
                        continue
                    edit = commands.resize(ctx, target, start, end)
                else:
                    if label == target.label:
                        continue
                    edit = commands.relabel(ctx, target, label, "entity")
                if not edit.changes:
                    continue
                stored = project.apply(edit, by="ana")
                done.append(stored)
                for change in stored.changes:
                    if change.after is None and change.before is not None:
                        merged[str(change.before.id)] = "merged" in stored.description
                    elif change.after is not None:
                        merged.pop(str(change.after.id), None)
            report = compute_report(project.db.conn, project.schema)
            got = {o.label: Counter({k: getattr(o, k) for k in ("accepted", "corrected", "rejected", "pending", "hand_made", "imported")
                                     if getattr(o, k)}) for o in report.suggestions}
            want = {label: c for label, c in _expected(project, aid, proposed, merged).items() if +c}
            assert got == want
            stored_spans = sum(c.total for c in report.labels)
            deleted = sum(1 for sid in proposed if project.find(Span, sid) is None)
            counted = sum(o.suggested + o.hand_made + o.imported for o in report.suggestions)
            assert counted == stored_spans + deleted  # every span once, plus the deleted suggestions
        finally:
            project.close()
