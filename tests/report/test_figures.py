"""The report's figures on hand-made projects with known counts."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.domain import commands
from annotator.domain.model import Article, ArticleStatus, Status
from annotator.report.figures import compute_report, wilson_interval
from tests.report.helpers import known_project


def _outcomes(report):
    return {o.label: (o.accepted, o.corrected, o.rejected, o.pending, o.hand_made, o.imported) for o in report.suggestions}


def test_outcomes_per_label_tell_accepted_corrected_rejected_pending(project) -> None:
    known_project(project)
    report = compute_report(project.db.conn, project.schema)
    #                  accepted corrected rejected pending hand_made imported
    assert _outcomes(report) == {"PERSON": (1, 2, 1, 1, 0, 0), "GPE": (1, 1, 3, 0, 1, 0)}
    person = next(o for o in report.suggestions if o.label == "PERSON")
    assert (person.suggested, person.decided) == (5, 4)
    assert person.acceptance.successes == 1 and person.acceptance.trials == 4


def test_labels_by_status_and_articles_done(project) -> None:
    known_project(project)
    project.add_article(Article(None, "A second article, not started."))
    report = compute_report(project.db.conn, project.schema)
    labels = {c.label: (c.accepted, c.suggested, c.rejected) for c in report.labels}
    assert labels == {"PERSON": (2, 1, 1), "ORG": (1, 0, 0), "GPE": (2, 0, 2)}  # Rome deleted: no longer stored
    assert [c.label for c in report.labels] == ["PERSON", "ORG", "GPE"]  # schema order
    assert report.labels[0].colour == project.schema.label("PERSON").colour
    assert report.articles_by_status == {"new": 1, "in_progress": 0, "done": 1, "reviewed": 0}
    assert report.done_line == "1 of 2 articles done (50%)"
    assert [(d.added, d.done, d.done_so_far) for d in report.days] == [(2, 1, 1)]


def test_reopened_article_is_not_done_and_reviewed_counts_as_done(project) -> None:
    first, _ = project.add_article(Article(None, "First."))
    second, _ = project.add_article(Article(None, "Second."))
    project.set_article_status(first.id, ArticleStatus.DONE, by="ana")
    project.set_article_status(first.id, ArticleStatus.IN_PROGRESS, by="ana")  # reopened
    project.set_article_status(second.id, ArticleStatus.DONE, by="ana")
    project.set_article_status(second.id, ArticleStatus.REVIEWED, by="ana")  # still done: not counted twice
    report = compute_report(project.db.conn, project.schema)
    assert report.done == 1
    assert sum(d.done for d in report.days) == 1 and report.days[-1].done_so_far == 1


def test_undone_accept_is_pending_again(project) -> None:
    aid = known_project(project)
    alice = next(s for s in project.spans(aid) if s.start == 0)
    project.apply(commands.set_status(commands.records(project.spans(aid), project.relations(aid)), [alice],
                                      Status.SUGGESTED), by="ana")
    report = compute_report(project.db.conn, project.schema)
    assert _outcomes(report)["PERSON"] == (0, 2, 1, 2, 0, 0)


def test_stances_holder_by_target_per_polarity(project) -> None:
    article, _ = project.add_article(Article(None, "Text."))
    for n, (holder, target, polarity) in enumerate([("Ann", "tax", "favor"), ("Ann", "tax", "favor"), ("Bo", "tax", "against"),
                                                    ("Ann", "war", "against")]):
        # one article each: in one article the same (holder, target) is one stance (stance_rule)
        other, _ = project.add_article(Article(None, f"Text {n} {holder} {target} {polarity}"))
        records = commands.records(project.spans(other.id), project.relations(other.id), project.stances(other.id))
        project.apply(commands.add_stance(records, article_id=other.id, holder=holder, target=target, polarity=polarity), by="ana")
    report = compute_report(project.db.conn, project.schema)
    table = {(s.polarity, s.holder, s.target): s.count for s in report.stances}
    assert table == {("favor", "Ann", "tax"): 2, ("against", "Bo", "tax"): 1, ("against", "Ann", "war"): 1}
    assert report.polarities[:3] == ("favor", "against", "neutral")
    assert report.stances_by_status == {"accepted": 4}


def test_empty_project(project) -> None:
    report = compute_report(project.db.conn, project.schema)
    assert (report.articles_total, report.done, report.days, report.labels, report.suggestions) == (0, 0, (), (), ())
    assert report.done_line == "0 of 0 articles done"
    assert report.to_json()["articles"] == {"total": 0, "done": 0, "by_status": {"new": 0, "in_progress": 0, "done": 0, "reviewed": 0}}


def test_wilson_interval_known_values() -> None:
    # Wilson (1927) / Agresti & Coull (1998): 1 of 4 → [0.0456, 0.6994]; 0 of 10 → [0, 0.2775].
    r = wilson_interval(1, 4)
    assert (round(r.low, 4), round(r.high, 4)) == (0.0456, 0.6994)
    r = wilson_interval(0, 10)
    assert (r.low, round(r.high, 4)) == (0.0, 0.2775)
    assert wilson_interval(0, 0) is None
    with pytest.raises(ValueError):
        wilson_interval(5, 4)


@given(st.integers(1, 10_000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_wilson_interval_holds_the_estimate(pair) -> None:
    k, n = pair
    r = wilson_interval(k, n)
    assert 0.0 <= r.low <= r.value <= r.high <= 1.0
    assert r.high - r.low < 2 * 1.96 * math.sqrt(0.25 / n) + 1e-9  # never wider than the widest Wald interval


def test_outcomes_survive_export_and_import(project, tmp_path) -> None:
    """Our JSONL keeps the machine's ``suggestion`` of a changed span and leaves it out of one
    accepted as is; imported into a new project, both are told apart as before (deleted and
    merged suggestions are not in the file: nothing to count)."""
    from click.testing import CliRunner

    from annotator.cli import cli
    from annotator.storage.project import Project

    known_project(project)
    project.close()
    runner = CliRunner()
    out = tmp_path / "all.jsonl"
    assert runner.invoke(cli, ["export", str(project.path), "--format", "jsonl", "--status", "all", "--output", str(out)]).exit_code == 0
    copy = tmp_path / "copy.db"
    result = runner.invoke(cli, ["import", str(copy), str(out)])
    assert result.exit_code == 0, result.output
    with Project.open(copy, create=False) as imported:
        report = compute_report(imported.db.conn, imported.schema)
    assert _outcomes(report) == {"PERSON": (1, 2, 1, 1, 0, 0), "GPE": (1, 0, 2, 0, 1, 0)}


def test_days_run_to_today_with_quiet_days(project) -> None:
    import datetime as dt

    known_project(project)
    first = compute_report(project.db.conn, project.schema).days[0]
    later = dt.date.fromisoformat(first.day) + dt.timedelta(days=3)
    days = compute_report(project.db.conn, project.schema, today=later).days
    assert [(d.added, d.done, d.done_so_far) for d in days] == [(1, 1, 1), (0, 0, 1), (0, 0, 1), (0, 0, 1)]
    assert days[-1].day == later.isoformat()
