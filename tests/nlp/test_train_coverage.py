"""An article trains a component only when the analyst's work covers that component's layer
(issue 10: a mixed PolNeAR + CoNLL project taught the entity recogniser that the PolNeAR articles
have no entities). The rule is shared by the entity corpus, the attribution corpus and the Train
dialog's counts."""

from __future__ import annotations

from pathlib import Path

from annotator.domain.model import Article, ArticleBundle, ArticleStatus, Relation, Span, Status
from annotator.nlp import train as T
from annotator.nlp.attribution_corpus import attribution_docs
from annotator.nlp.train_rule import COMPLETE, PARTIAL, UNCOVERED, article_role
from annotator.nlp.train_summary import training_summary
from annotator.storage.project import Project


def _polnear(i: int, status: ArticleStatus = ArticleStatus.DONE) -> ArticleBundle:
    """A reviewed quote, no entity span at all (as a PolNeAR import)."""
    text = f'"We will win the vote {i}," Ana Ruiz said in Washington on Monday.'
    q1, s0, c0 = text.index(","), text.index("Ana"), text.index("said")
    spans = [Span("q", 0, 1, q1, "QUOTE", "quote", status=Status.ACCEPTED),
             Span("s", 0, s0, s0 + 8, "SPEAKER", "speaker", status=Status.ACCEPTED),
             Span("c", 0, c0, c0 + 4, "CUE", "cue", status=Status.ACCEPTED)]
    relations = [Relation("r1", 0, "q", "s", "SPEAKER", status=Status.ACCEPTED),
                 Relation("r2", 0, "q", "c", "CUE", status=Status.ACCEPTED)]
    return ArticleBundle(Article(None, text, title=f"PolNeAR {i}", status=status), spans=spans, relations=relations)


def _conll(i: int, status: ArticleStatus = ArticleStatus.DONE, span_status: Status = Status.ACCEPTED) -> ArticleBundle:
    """Accepted entities, no quote layer (as a CoNLL import)."""
    text = f"Barack Obama met reporters in Washington for meeting {i}."
    b0, w0 = text.index("Barack"), text.index("Washington")
    spans = [Span("p", 0, b0, b0 + 12, "PERSON", "entity", status=span_status),
             Span("g", 0, w0, w0 + 10, "GPE", "entity", status=span_status)]
    return ArticleBundle(Article(None, text, title=f"CoNLL {i}", status=status), spans=spans)


def _mixed(path: Path) -> Project:
    project = Project.open(path)
    project.import_bundles([_polnear(i) for i in range(20)] + [_conll(i) for i in range(15)])
    return project


def test_rule_needs_a_decided_span_of_the_layer() -> None:
    assert article_role(ArticleStatus.DONE, [Status.ACCEPTED]) == COMPLETE
    assert article_role(ArticleStatus.REVIEWED, [Status.SUGGESTED, Status.REJECTED]) == COMPLETE
    assert article_role(ArticleStatus.DONE, []) == UNCOVERED
    assert article_role(ArticleStatus.REVIEWED, [Status.SUGGESTED]) == UNCOVERED  # only machine suggestions
    assert article_role(ArticleStatus.NEW, [Status.REJECTED]) == PARTIAL
    assert article_role(ArticleStatus.NEW, [Status.SUGGESTED]) is None


def test_mixed_project_entity_corpus_leaves_out_the_quote_only_articles(tmp_path: Path) -> None:
    """The tester's case: 20 PolNeAR (quotes reviewed, done) + 15 CoNLL (entities accepted, done)."""
    with _mixed(tmp_path / "mixed.db") as project:
        docs, complete, partial, _report = T.reviewed_docs(project)
        assert (len(docs), complete, partial) == (15, 15, 0)
        assert all("Barack Obama" in doc.text for _h, doc in docs)  # no PolNeAR article as "no entities"
        assert T.uncovered_notes(project, attribution=True) == [
            "20 done articles have no reviewed entities, so the entity recogniser was not trained on them.",
            "15 done articles have no reviewed quotes, speakers or cues, so the attribution component was not trained on them.",
        ]
        summary = training_summary(project)
        assert (summary.complete, summary.partial) == (15, 0)
        assert summary.labels == {"GPE": 15, "PERSON": 15}


def test_mixed_project_attribution_corpus_leaves_out_the_entity_only_articles(tmp_path: Path) -> None:
    with _mixed(tmp_path / "mixed.db") as project:
        attrs = attribution_docs(project)
        assert (len(attrs.docs), attrs.complete, attrs.partial, attrs.uncovered) == (20, 20, 0, 15)
        assert all("Ana Ruiz" in doc.text for _h, doc in attrs.docs)
        summary = training_summary(project)
        assert summary.attribution_articles == 20
        assert summary.attributions == {"CONTENT": 20, "SOURCE": 20, "CUE": 20}


def test_done_article_with_only_suggested_entities_is_not_complete(tmp_path: Path) -> None:
    """Same kind: a done article whose entities are all still machine suggestions is left out;
    a new article with a rejected entity is partial; the dialog counts the same."""
    with Project.open(tmp_path / "p.db") as project:
        project.import_bundles([_conll(0), _conll(1), _conll(2, span_status=Status.SUGGESTED),
                                _conll(3, status=ArticleStatus.NEW, span_status=Status.REJECTED)])
        docs, complete, partial, _ = T.reviewed_docs(project)
        assert (len(docs), complete, partial) == (3, 2, 1)
        summary = training_summary(project)
        assert (summary.complete, summary.partial) == (2, 1)
        assert T.uncovered_notes(project, attribution=False) == [
            "1 done article has no reviewed entities, so the entity recogniser was not trained on it."]


def test_summary_counts_what_train_uses_for_an_attribution_only_project(tmp_path: Path) -> None:
    """Issue 10 item 4: 39 articles, all marked reviewed, attributions only: the dialog said "Trains on
    0 reviewed articles … Held out 0" while the run trained on 30 and held out 9. The summary now
    gives, per component, the articles `train` trains on and holds out (its corpus and split)."""
    with Project.open(tmp_path / "attr.db") as project:
        project.import_bundles([_polnear(i, status=ArticleStatus.REVIEWED) for i in range(39)])
        summary = training_summary(project)
        attrs = attribution_docs(project)
        split = T.split_articles([h for h, _ in attrs.docs], [d.text for _, d in attrs.docs])  # train's attribution split
        train_idx, heldout_idx = split.train, split.heldout
        assert (summary.attribution_articles, summary.attribution_heldout) == (39, len(heldout_idx))
        assert summary.attribution_complete == attrs.complete == 39
        assert not summary.trains_entities and summary.trains_attributions
        lines = summary.describe()
        assert lines == [f"Attribution component: trains on {len(train_idx)} articles, holds out {len(heldout_idx)}; "
                         "reviewed: 39 marked done or reviewed (every unmarked word a negative); "
                         "accepted: QUOTE 39, SPEAKER 39, CUE 39."]  # the project's labels, as `stats` (fix10c)
        assert len(train_idx) + len(heldout_idx) == 39 and len(heldout_idx) >= 1


def test_summary_entity_counts_match_the_entity_corpus_split(tmp_path: Path) -> None:
    with _mixed(tmp_path / "mixed.db") as project:
        summary = training_summary(project)
        corpora = T.build_corpora(project)
        assert (summary.articles - summary.heldout, summary.heldout) == (len(corpora.train), len(corpora.heldout))
        assert summary.describe()[0].startswith(
            f"Entity recogniser: trains on {len(corpora.train)} articles, holds out {len(corpora.heldout)} to score")
