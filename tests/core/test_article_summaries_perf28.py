"""The article list's summaries count pending/accepted without reading whole span records
(perf28, usertest26 M2): an interrupted quote's pieces still count once, by the attribution's status."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.domain.attributions import attribution_status, piece_groups
from annotator.domain.model import FRAGMENT, Article, Relation, Span, Status
from annotator.storage import rows
from annotator.storage.project import Project

S, A, R = Status.SUGGESTED, Status.ACCEPTED, Status.REJECTED

# article index → spans (id, label, status); start/end follow the list order
SPANS = {
    0: [("s1", "QUOTE", S), ("s2", "QUOTE", S), ("s3", "PERSON", A), ("s4", "PERSON", R),
        ("s5", "QUOTE", A), ("s6", "QUOTE", S), ("s7", "QUOTE", R)],
    1: [("s8", "QUOTE", A), ("s9", "QUOTE", A), ("s10", "CLAIM", R), ("s11", "CLAIM", R), ("s12", "PERSON", S)],
    2: [("t1", "PERSON", S), ("t2", "ORG", S), ("t3", "PERSON", A)],
    3: [],
    4: [("s13", "QUOTE", S), ("s14", "QUOTE", S), ("s15", "QUOTE", S), ("s16", "PERSON", A)],
}
# article index → relations (id, head, child, label, status)
RELATIONS = {
    0: [("r1", "s1", "s2", FRAGMENT, S), ("r2", "s1", "s3", "SPEAKER", A),
        ("r3", "s3", "s1", FRAGMENT, S),  # different labels: not pieces
        ("r4", "s5", "s6", FRAGMENT, A), ("r5", "s5", "s7", FRAGMENT, R)],
    1: [("r6", "s8", "s9", FRAGMENT, A), ("r7", "s10", "s11", FRAGMENT, R), ("r8", "s12", "s12", FRAGMENT, S)],
    2: [("r9", "t1", "t3", "SPEAKER", S)],
    4: [("r10", "s13", "s14", FRAGMENT, S), ("r11", "s15", "s14", FRAGMENT, S),  # a chain of three pieces
        ("r12", "s13", "s3", FRAGMENT, S)],  # an end stored under another article: not this article's piece
}
# by hand: (pending, accepted) per article index
EXPECTED = {0: (2, 1), 1: (1, 1), 2: (2, 1), 3: (0, 0), 4: (1, 1)}


def _project(path: Path) -> tuple[Project, list[int]]:
    p = Project.open(path)
    ids = []
    for n in range(len(SPANS)):
        article, _ = p.add_article(Article(id=None, text=f"Article {n} says that talks failed and will resume soon.", title=f"A{n}"))
        ids.append(article.id)
    with p.db.conn:
        for n, spans in SPANS.items():
            for k, (span_id, label, status) in enumerate(spans):
                p.db.conn.execute(*_insert("spans", rows.to_row(Span(
                    id=span_id, article_id=ids[n], start=k, end=k + 2, label=label, layer="x", status=status,
                    attrs={"note": "x" * 50}))))
        for n, relations in RELATIONS.items():
            for rel_id, head, child, label, status in relations:
                p.db.conn.execute(*_insert("relations", rows.to_row(Relation(
                    id=rel_id, article_id=ids[n], head=head, child=child, label=label, status=status))))
    return p, ids


def _insert(table: str, row: dict) -> tuple[str, list]:
    names = ", ".join(f'"{c}"' for c in row)
    return f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(row))})", list(row.values())


def _old_counts(p: Project, article_id: int) -> tuple[int, int]:
    """The computation before perf28: the article's whole spans and relations read."""
    spans = {s.id: s for s in p.spans(article_id)}
    pending = sum(s.status == S for s in spans.values())
    accepted = sum(s.status == A for s in spans.values())
    groups = piece_groups(spans, p.relations(article_id))
    for pieces in {g[0]: g for g in groups.values()}.values():
        status = attribution_status([spans[i] for i in pieces])
        pending += (status == S) - sum(spans[i].status == S for i in pieces)
        accepted += (status == A) - sum(spans[i].status == A for i in pieces)
    return pending, accepted


def test_summaries_equal_the_old_computation_without_reading_span_records(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p, ids = _project(tmp_path / "p.db")
    with p:
        old = {i: _old_counts(p, i) for i in ids}
        assert old == {ids[n]: EXPECTED[n] for n in EXPECTED}

        def no_records(*args, **kwargs):
            raise AssertionError("the list's summaries read whole records")

        monkeypatch.setattr(Project, "_records", no_records)
        asked = [ids[4], 10_000, ids[0], ids[3], ids[2], ids[1]]  # any order; an id not in the project left out
        summaries = p.article_summaries(asked)
        assert [s.id for s in summaries] == [ids[4], ids[0], ids[3], ids[2], ids[1]]
        assert {s.id: (s.pending, s.accepted) for s in summaries} == old
        # one row asked: the same counts as with its neighbours
        assert [(s.pending, s.accepted) for s in p.article_summaries([ids[0]])] == [EXPECTED[0]]


def test_a_decision_on_a_piece_moves_the_summary(tmp_path: Path) -> None:
    p, ids = _project(tmp_path / "p.db")
    with p:
        with p.db.conn:
            p.db.conn.execute("UPDATE spans SET status = 'accepted' WHERE id IN ('s1', 's2')")
        [summary] = p.article_summaries([ids[0]])
        assert (summary.pending, summary.accepted) == (1, 2) == _old_counts(p, ids[0])
