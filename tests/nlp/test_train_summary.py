"""What the Train dialog says would be trained on: entities and attributions counted by the rules
of the corpora `annotator train` builds (no spaCy)."""

from __future__ import annotations

from pathlib import Path

from annotator.domain.model import Article, ArticleBundle, ArticleStatus, Relation, Span, Status
from annotator.nlp.train_summary import training_summary
from annotator.storage.project import Project


def _quote_bundle(i: int, *, status: ArticleStatus, quote_status: Status = Status.ACCEPTED) -> ArticleBundle:
    text = f'"We will win the vote {i}," Ana Ruiz said on Monday.'
    q0, q1 = 1, text.index(",")
    s0 = text.index("Ana")
    c0 = text.index("said")
    spans = [Span("q", 0, q0, q1, "QUOTE", "quote", status=quote_status),
             Span("s", 0, s0, s0 + 8, "SPEAKER", "speaker", status=quote_status),
             Span("c", 0, c0, c0 + 4, "CUE", "cue", status=quote_status)]
    relations = [Relation("r1", 0, "q", "s", "SPEAKER", status=quote_status),
                 Relation("r2", 0, "q", "c", "CUE", status=quote_status)]
    return ArticleBundle(Article(None, text, title=f"Quote {i}", status=status), spans=spans, relations=relations)


def test_a_project_of_attributions_alone_can_train(tmp_path: Path) -> None:
    with Project.open(tmp_path / "q.db") as project:
        project.import_bundles([_quote_bundle(i, status=ArticleStatus.DONE) for i in range(3)])
        # An article nobody reviewed (new, quote still suggested) is not counted.
        project.import_bundles([_quote_bundle(9, status=ArticleStatus.NEW, quote_status=Status.SUGGESTED)])
        summary = training_summary(project)
    assert summary.labels == {}
    assert summary.attribution_articles == 3
    assert summary.attributions == {"CONTENT": 3, "SOURCE": 3, "CUE": 3}
    assert summary.nothing_to_train_on() == ""


def test_a_rejected_quote_makes_an_article_reviewed_but_adds_no_content(tmp_path: Path) -> None:
    with Project.open(tmp_path / "q.db") as project:
        project.import_bundles([_quote_bundle(0, status=ArticleStatus.NEW, quote_status=Status.REJECTED),
                                _quote_bundle(1, status=ArticleStatus.NEW)])
        summary = training_summary(project)
    assert summary.attribution_articles == 2
    assert summary.attributions == {"CONTENT": 1, "SOURCE": 1, "CUE": 1}


def test_nothing_reviewed_says_why(tmp_path: Path) -> None:
    with Project.open(tmp_path / "q.db") as project:
        project.import_bundles([_quote_bundle(0, status=ArticleStatus.NEW, quote_status=Status.SUGGESTED)])
        summary = training_summary(project)
    assert summary.attribution_articles == 0
    assert summary.nothing_to_train_on().startswith("Nothing to train on yet")


def test_one_reviewed_article_is_not_enough(tmp_path: Path) -> None:
    with Project.open(tmp_path / "q.db") as project:
        project.import_bundles([_quote_bundle(0, status=ArticleStatus.DONE)])
        summary = training_summary(project)
    assert summary.nothing_to_train_on().startswith("Only 1 reviewed article")
